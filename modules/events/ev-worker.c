/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The thread that reads rows for a list widget: one thread of its own
 * (jobs run in order, from a queue) over a traceset of its own, so the window never waits for the
 * trace.  A jump makes a new generation: jobs of older ones are skipped,
 * and the one running is cancelled. */
#include "ev.h"

/* events read per slice of a forward read, and at most per job: a job
 * that found too few rows (a sparse filter) returns what it has, and the
 * view asks again, showing progress meanwhile */
#define SLICE       65536
#define JOB_EVENTS  (4 * 1024 * 1024)
#define MAX_STRETCH (4 * 1024 * 1024)

struct EvWorker {
	gint refs;
	GThread *thread;
	GAsyncQueue *queue; /* of EvJob *, then `stop` */
	GMainContext *ctx;
	char **paths;
	EvJobDoneFn done; /* main thread only; NULL once detached */
	gpointer data;
	GCancellable *life; /* cancelled when detached */
	/* the pool thread's */
	EvReader *reader;
	GError *open_error;
	/* guarded by lock */
	GMutex lock;
	guint gen;
	GCancellable *cancel;
};

typedef struct {
	EvWorker *w;
	EvJobResult res;
	char *filter;
	gboolean history;
} EvJob;

/* the last item of a queue: the thread ends */
static char stop;

static EvWorker *worker_ref(EvWorker *w)
{
	g_atomic_int_inc(&w->refs);
	return w;
}

static void worker_unref(EvWorker *w)
{
	if (!g_atomic_int_dec_and_test(&w->refs))
		return;
	/* the thread has ended (or is ending: this is its last reference) */
	g_thread_unref(w->thread);
	g_async_queue_unref(w->queue);
	ev_reader_free(w->reader);
	g_clear_error(&w->open_error);
	g_clear_object(&w->life);
	g_strfreev(w->paths);
	g_main_context_unref(w->ctx);
	g_clear_object(&w->cancel);
	g_mutex_clear(&w->lock);
	g_free(w);
}

static void job_free(gpointer data)
{
	EvJob *job = data;

	ev_batch_clear(&job->res.batch);
	g_clear_pointer(&job->res.scale, ev_scale_free);
	g_clear_error(&job->res.error);
	g_free(job->filter);
	worker_unref(job->w);
	g_free(job);
}

static gboolean job_done(gpointer data)
{
	EvJob *job = data;

	if (job->w->done)
		job->w->done(&job->res, job->w->data);
	return G_SOURCE_REMOVE;
}

static gboolean setup(EvWorker *w, EvJob *job, GCancellable *cancel, GError **error)
{
	if (!ev_reader_set_filter(w->reader, job->filter, error))
		return FALSE;
	if (job->history && !ev_reader_history(w->reader)) {
		/* the tab's history is complete: its cache file opens at once */
		LttvHistory *h =
		        lttv_history_open(ev_reader_traceset(w->reader), NULL, NULL, cancel, error);

		if (!h)
			return FALSE;
		ev_reader_set_history(w->reader, h, TRUE);
	}
	return TRUE;
}

static gboolean stale(EvWorker *w, guint gen)
{
	gboolean old;

	g_mutex_lock(&w->lock);
	old = gen < w->gen;
	g_mutex_unlock(&w->lock);
	return old;
}

/* Forward: slices until enough rows, the end, or the job's share. */
static gboolean read_forward(EvWorker *w, EvJob *job, GCancellable *cancel, GError **error)
{
	EvJobResult *res = &job->res;
	EvKey from = res->key;
	guint64 total = 0;

	res->batch.rows = ev_rows_new(res->want);
	for (;;) {
		EvBatch b;

		if (!ev_reader_forward(w->reader, from, res->want - res->batch.rows->len, SLICE, &b,
		                       cancel, error))
			return FALSE;
		g_array_append_vals(res->batch.rows, b.rows->data, b.rows->len);
		g_array_set_clear_func(b.rows, NULL);
		total += b.examined;
		from = b.resume;
		res->batch.resume = b.resume;
		res->batch.edge = b.edge;
		res->batch.examined = total;
		ev_batch_clear(&b);
		if (res->batch.edge || res->batch.rows->len >= res->want || total >= JOB_EVENTS)
			return TRUE;
		if (stale(w, res->gen)) {
			res->stale = TRUE;
			return TRUE;
		}
	}
}

/* Backward: stretches further back, each longer, until enough rows, the
 * start, or the job's share; rows of earlier stretches go first. */
static gboolean read_backward(EvWorker *w, EvJob *job, GCancellable *cancel, GError **error)
{
	EvJobResult *res = &job->res;
	EvKey before = res->key;
	guint64 span = MAX(res->want * 2, 256), total = 0;

	res->batch.rows = ev_rows_new(res->want);
	for (;;) {
		EvBatch b;

		if (!ev_reader_backward(w->reader, before, res->want - res->batch.rows->len, span,
		                        &b, cancel, error))
			return FALSE;
		g_array_prepend_vals(res->batch.rows, b.rows->data, b.rows->len);
		g_array_set_clear_func(b.rows, NULL);
		total += b.examined;
		before = b.resume;
		res->batch.resume = b.resume;
		res->batch.edge = b.edge;
		res->batch.examined = total;
		ev_batch_clear(&b);
		if (res->batch.edge || res->batch.rows->len >= res->want || total >= JOB_EVENTS)
			return TRUE;
		if (stale(w, res->gen)) {
			res->stale = TRUE;
			return TRUE;
		}
		span = MIN(span * 4, MAX_STRETCH);
	}
}

static void run_job(EvJob *job)
{
	EvWorker *w = job->w;
	g_autoptr(GCancellable) cancel = NULL;

	/* a setup is never skipped: the reads after it need it */
	g_mutex_lock(&w->lock);
	job->res.stale = job->res.kind != EV_JOB_SETUP && job->res.gen < w->gen;
	cancel = g_object_ref(job->res.kind == EV_JOB_SETUP ? w->life : w->cancel);
	g_mutex_unlock(&w->lock);
	if (!job->res.stale) {
		if (!w->reader && !w->open_error)
			w->reader = ev_reader_open((const char *const *)w->paths, &w->open_error);
		if (!w->reader)
			job->res.error = g_error_copy(w->open_error);
		else if (job->res.kind == EV_JOB_SETUP) {
			if (setup(w, job, cancel, &job->res.error))
				job->res.scale = ev_scale_copy(ev_reader_scale(w->reader));
		} else if (job->res.kind == EV_JOB_FORWARD)
			read_forward(w, job, cancel, &job->res.error);
		else
			read_backward(w, job, cancel, &job->res.error);
		if (job->res.error &&
		    g_error_matches(job->res.error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
			g_clear_error(&job->res.error);
			job->res.stale = TRUE;
		}
	}
	/* the result (and the job's end) in the main context, always through
	 * a source: g_main_context_invoke() would call it here, in this
	 * thread, whenever the context happens to be free */
	GSource *src = g_idle_source_new();

	g_source_set_priority(src, G_PRIORITY_DEFAULT);
	g_source_set_callback(src, job_done, job, job_free);
	g_source_attach(src, w->ctx);
	g_source_unref(src);
}

static gpointer worker_main(gpointer data)
{
	EvWorker *w = data;
	gpointer job;

	while ((job = g_async_queue_pop(w->queue)) != &stop)
		run_job(job);
	worker_unref(w);
	return NULL;
}

EvWorker *ev_worker_new(char **paths, EvJobDoneFn done, gpointer data)
{
	EvWorker *w = g_new0(EvWorker, 1);

	w->refs = 1;
	w->paths = g_strdupv(paths);
	w->done = done;
	w->data = data;
	w->ctx = g_main_context_ref_thread_default();
	w->cancel = g_cancellable_new();
	w->life = g_cancellable_new();
	g_mutex_init(&w->lock);
	w->queue = g_async_queue_new();
	/* the thread holds a reference until it ends */
	w->thread = g_thread_new("lttv-events", worker_main, worker_ref(w));
	return w;
}

void ev_worker_detach(EvWorker *w)
{
	w->done = NULL;
	g_cancellable_cancel(w->life);
	ev_worker_set_gen(w, G_MAXUINT);
	g_async_queue_push(w->queue, &stop);
	worker_unref(w);
}

void ev_worker_set_gen(EvWorker *w, guint gen)
{
	g_mutex_lock(&w->lock);
	if (gen > w->gen) {
		w->gen = gen;
		g_cancellable_cancel(w->cancel);
		g_object_unref(w->cancel);
		w->cancel = g_cancellable_new();
	}
	g_mutex_unlock(&w->lock);
}

static void push(EvWorker *w, EvJob *job)
{
	job->w = worker_ref(w);
	g_async_queue_push(w->queue, job);
}

void ev_worker_read(EvWorker *w, EvJobKind kind, guint gen, EvKey key, guint want, gboolean select)
{
	EvJob *job = g_new0(EvJob, 1);

	job->res.kind = kind;
	job->res.gen = gen;
	job->res.key = key;
	job->res.want = MAX(want, 1);
	job->res.select = select;
	push(w, job);
}

void ev_worker_setup(EvWorker *w, guint gen, const char *filter, gboolean history)
{
	EvJob *job = g_new0(EvJob, 1);

	job->res.kind = EV_JOB_SETUP;
	job->res.gen = gen;
	job->filter = g_strdup(filter);
	job->history = history;
	push(w, job);
}
