/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading every event on all processors (include/lttv/scan.h): the
 * streams cut into runs of packets, worker threads taking the next run
 * from a shared counter.  Nothing is handed from one thread to another
 * while reading (an event costs less to decode than a cache line costs to
 * move between cores: doc/reader.md), so the work scales with the
 * processors as long as there are runs left.
 */
#include "ctf/trace-internal.h"

#include "lttv/scan.h"

#include <glib/gi18n-lib.h>

/* Items read between two looks at the stop flags. */
#define CHECK_EVERY 1024
/* Runs per worker when the caller leaves the size to us: enough that the
 * last runs to finish leave little idle time, few enough that a run is
 * many packets long. */
#define RUNS_PER_WORKER 16
#define RUN_BYTES_MIN   (1u << 20)
#define RUN_BYTES_MAX   (64u << 20)
#define MAX_WORKERS     64

typedef struct {
	LttvStream *stream;
	guint first, end; /* packets */
	guint64 bytes;
} Run;

typedef struct {
	LttvTraceset *ts;
	const LttvScanOptions *opt;
	LttvScanFunc fn;
	gpointer user_data;
	GArray *runs;   /* of Run */
	gint next_run;  /* atomic: the next run to take */
	gint cancelled; /* atomic */
	guint64 total_bytes;
	guint64 done_bytes; /* atomic */
	GMutex lock;
	GCond finished_cond;
	guint n_finished; /* helper threads done */
	GError *error;    /* of run error_run */
	gint error_run;   /* atomic (set under lock): runs after it are not read */
} Scan;

typedef struct {
	Scan *scan;
	guint index;
} Worker;

guint lttv_scan_n_workers(guint requested)
{
	guint n = requested ? requested : g_get_num_processors();

	return CLAMP(n, 1, MAX_WORKERS);
}

/* Whether a run reads packet `p` (the range leaves out packets whose
 * timestamps are wholly outside it). */
static bool packet_wanted(const LttvScanOptions *opt, const CtfPacket *p)
{
	if (!opt->use_range || !p->pi.has_ts_begin || !p->pi.has_ts_end)
		return true;
	return p->end_ns >= opt->begin && p->begin_ns <= opt->end;
}

static void build_runs(Scan *s, guint n_workers)
{
	guint64 target = s->opt->run_bytes;

	for (guint t = 0; t < s->ts->traces->len; t++) {
		LttvTrace *tr = s->ts->traces->pdata[t];

		for (guint i = 0; i < tr->streams->len; i++) {
			LttvStream *st = tr->streams->pdata[i];

			for (guint p = 0; p < st->packets->len; p++) {
				const CtfPacket *pk = &g_array_index(st->packets, CtfPacket, p);

				if (packet_wanted(s->opt, pk))
					s->total_bytes += pk->total_bits / 8;
			}
		}
	}
	if (!target)
		target = CLAMP(s->total_bytes / ((guint64)n_workers * RUNS_PER_WORKER),
		               RUN_BYTES_MIN, RUN_BYTES_MAX);
	for (guint t = 0; t < s->ts->traces->len; t++) {
		LttvTrace *tr = s->ts->traces->pdata[t];

		for (guint i = 0; i < tr->streams->len; i++) {
			LttvStream *st = tr->streams->pdata[i];
			Run r = {st, 0, 0, 0};

			/* runs of consecutive wanted packets, each about `target` */
			for (guint p = 0; p < st->packets->len; p++) {
				const CtfPacket *pk = &g_array_index(st->packets, CtfPacket, p);

				if (!packet_wanted(s->opt, pk)) {
					if (r.end > r.first)
						g_array_append_val(s->runs, r);
					r = (Run){st, p + 1, p + 1, 0};
					continue;
				}
				r.bytes += pk->total_bits / 8;
				r.end = p + 1;
				if (r.bytes >= target || r.end == st->packets->len) {
					g_array_append_val(s->runs, r);
					r.first = r.end;
					r.bytes = 0;
				}
			}
		}
	}
}

/* Keeps the error of the first failing run (in stream and packet order):
 * the runs before it still finish, those after it stop. */
static void run_failed(Scan *s, gint run, GError *error)
{
	g_mutex_lock(&s->lock);
	if (run < s->error_run) {
		g_clear_error(&s->error);
		s->error = error;
		g_atomic_int_set(&s->error_run, run);
	} else {
		g_error_free(error);
	}
	g_mutex_unlock(&s->lock);
}

static bool should_stop(Scan *s, gint run)
{
	if (g_atomic_int_get(&s->cancelled))
		return true;
	if (s->opt->cancellable && g_cancellable_is_cancelled(s->opt->cancellable)) {
		g_atomic_int_set(&s->cancelled, 1);
		return true;
	}
	return run > g_atomic_int_get(&s->error_run);
}

/* Reads one run; false when it failed or was abandoned. */
static bool read_run(Scan *s, guint worker, gint run, CtfCursor *c)
{
	const Run *r = &g_array_index(s->runs, Run, run);
	GError *error = NULL;
	guint n = 0;
	bool carry_first = false;

	if (!ctf_cursor_range(c, r->first, r->end, &error)) {
		run_failed(s, run, error);
		return false;
	}
	while (ctf_cursor_advance(c, &error)) {
		bool wanted = !s->opt->use_range ||
		              (c->item.time >= s->opt->begin && c->item.time <= s->opt->end);

		/* a packet's first event handed out is its first, in range */
		if (G_UNLIKELY(!wanted)) {
			carry_first |= c->item.packet_first;
		} else if (G_UNLIKELY(carry_first) && c->item.kind == LTTV_ITEM_EVENT) {
			c->item.packet_first = TRUE;
			carry_first = false;
		}
		if (G_UNLIKELY(wanted && !s->fn(&c->item, worker, s->user_data, &error))) {
			if (!error)
				error = g_error_new_literal(
				        G_IO_ERROR, G_IO_ERROR_CANCELLED,
				        _("the scan was stopped by its callback"));
			run_failed(s, run, error);
			return false;
		}
		if (G_UNLIKELY(++n == CHECK_EVERY)) {
			n = 0;
			if (should_stop(s, run))
				return false;
		}
	}
	if (error) {
		run_failed(s, run, error);
		return false;
	}
	__atomic_fetch_add(&s->done_bytes, r->bytes, __ATOMIC_RELAXED);
	return true;
}

static void report_progress(Scan *s)
{
	if (s->opt->progress && s->total_bytes)
		s->opt->progress((double)__atomic_load_n(&s->done_bytes, __ATOMIC_RELAXED) /
		                         (double)s->total_bytes,
		                 s->user_data);
}

static void work(Worker *w)
{
	Scan *s = w->scan;
	CtfCursor c;
	bool have_cursor = false;

	while (true) {
		gint run = g_atomic_int_add(&s->next_run, 1);
		const Run *r;

		if (run >= (gint)s->runs->len || should_stop(s, run))
			break;
		r = &g_array_index(s->runs, Run, run);
		if (!have_cursor || c.stream != r->stream) {
			if (have_cursor)
				ctf_cursor_clear(&c);
			ctf_cursor_init(&c, r->stream);
			c.decode_values = s->opt->decode_values;
			/* whole packets in order: copies cost less than mappings
			 * (lttv_iter_set_copy_packets()) */
			c.copy_packets = true;
			have_cursor = true;
		}
		read_run(s, w->index, run, &c);
		if (w->index == 0)
			report_progress(s);
	}
	if (have_cursor)
		ctf_cursor_clear(&c);
}

static gpointer helper_main(gpointer data)
{
	Worker *w = data;
	Scan *s = w->scan;

	work(w);
	g_mutex_lock(&s->lock);
	s->n_finished++;
	g_cond_signal(&s->finished_cond);
	g_mutex_unlock(&s->lock);
	return NULL;
}

gboolean lttv_traceset_scan(LttvTraceset *ts, const LttvScanOptions *options, LttvScanFunc fn,
                            gpointer user_data, GError **error)
{
	LttvScanOptions defaults = {0};
	const LttvScanOptions *opt = options ? options : &defaults;
	guint n_workers = lttv_scan_n_workers(opt->n_workers), n_helpers;
	g_autofree Worker *workers = NULL;
	g_autofree GThread **threads = NULL;
	Scan s = {
	        .ts = ts,
	        .opt = opt,
	        .fn = fn,
	        .user_data = user_data,
	        .error_run = G_MAXINT,
	};
	gboolean ok;

	g_return_val_if_fail(ts && fn, FALSE);
	g_return_val_if_fail(!error || !*error, FALSE);
	s.runs = g_array_new(FALSE, FALSE, sizeof(Run));
	build_runs(&s, n_workers);
	g_mutex_init(&s.lock);
	g_cond_init(&s.finished_cond);
	/* no more threads than runs: the others would find nothing to do */
	n_helpers = MIN(n_workers, MAX(s.runs->len, 1)) - 1;
	workers = g_new0(Worker, n_helpers + 1);
	threads = g_new0(GThread *, MAX(n_helpers, 1));
	for (guint i = 0; i <= n_helpers; i++)
		workers[i] = (Worker){&s, i};
	for (guint i = 0; i < n_helpers; i++) {
		/* the runs go to whoever asks: fewer threads only take longer */
		threads[i] = g_thread_try_new("lttv-scan", helper_main, &workers[i + 1], NULL);
		if (!threads[i]) {
			n_helpers = i;
			break;
		}
	}
	work(&workers[0]);
	/* the helpers' last runs: progress meanwhile */
	g_mutex_lock(&s.lock);
	while (s.n_finished < n_helpers) {
		gint64 until = g_get_monotonic_time() + G_TIME_SPAN_SECOND / 10;

		if (!g_cond_wait_until(&s.finished_cond, &s.lock, until)) {
			g_mutex_unlock(&s.lock);
			report_progress(&s);
			g_mutex_lock(&s.lock);
		}
	}
	g_mutex_unlock(&s.lock);
	for (guint i = 0; i < n_helpers; i++)
		g_thread_join(threads[i]);
	ok = !s.error && !s.cancelled;
	if (s.error)
		g_propagate_error(error, s.error);
	else if (s.cancelled)
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
		                    _("the scan was cancelled"));
	else
		report_progress(&s);
	g_array_unref(s.runs);
	g_mutex_clear(&s.lock);
	g_cond_clear(&s.finished_cond);
	return ok;
}
