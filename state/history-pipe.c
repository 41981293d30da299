/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The reading thread of a state history build.  Batches of 1 MiB (some
 * 25000 records: a hand-over costs nothing to speak of), 8 of them in a
 * ring: the reader fills them in turn and waits when all 8 wait for the
 * build.  Alternating builds of the 31 M-event bench trace took 2.50-2.86
 * s with this ring, 2.69-3.11 s with 256 KiB batches and 2.76-3.40 s
 * with 64 KiB ones (rings of 8 MiB, 2 and 0.5 MiB).
 */
#include "state/history-pipe.h"

#include <pthread.h>

#define PIPE_BATCH   (1024u << 10)
#define PIPE_BATCHES 8

struct HistPipe {
	LttvTraceset *ts;
	const LttvState *st;
	size_t batch_size; /* PIPE_BATCH, more for very many traces */
	GThread *thread;
	PipeBatch batches[PIPE_BATCHES];
	guint taken; /* batches the build took */
	/* under lock (pthread's, which ThreadSanitizer sees, unlike GMutex's
	 * futexes: the hand-over of every batch is checked) */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	guint ready; /* filled and not given back */
	bool quit;
	GError *error;
};

/* Hands batch `*w` to the build and moves to the next; false to stop. */
static bool pass(HistPipe *p, guint *w)
{
	bool go;

	pthread_mutex_lock(&p->lock);
	p->ready++;
	pthread_cond_broadcast(&p->cond);
	while (p->ready == PIPE_BATCHES && !p->quit)
		pthread_cond_wait(&p->cond, &p->lock);
	go = !p->quit;
	pthread_mutex_unlock(&p->lock);
	++*w;
	p->batches[*w % PIPE_BATCHES].used = 0;
	p->batches[*w % PIPE_BATCHES].end = false;
	return go;
}

/* The events left out since the last batch, as a record per trace at the
 * end of the batch (room for them: PIPE_TAIL). */
static void put_skipped(HistPipe *p, PipeBatch *b, guint64 *skipped, LttvTime last)
{
	for (guint i = 0; i < p->st->n_traces; i++) {
		StateRecord *r = (StateRecord *)(void *)(b->data + b->used);

		if (!skipped[i])
			continue;
		*r = (StateRecord){.time = last,
		                   .size = sizeof *r + 8,
		                   .trace = (uint16_t)i,
		                   .kind = REC_SKIPPED,
		                   .n_fields = 1,
		                   .present = 1,
		                   .cpu = -1};
		((uint64_t *)(void *)(r + 1))[0] = skipped[i];
		b->used += r->size;
		skipped[i] = 0;
	}
}

static gpointer pipe_read(gpointer data)
{
	HistPipe *p = data;
	g_autoptr(LttvIter) it = lttv_iter_new(p->ts);
	g_autofree guint64 *skipped = g_new0(guint64, MAX(p->st->n_traces, 1));
	size_t tail = (sizeof(StateRecord) + 8) * p->st->n_traces;
	RecordCache cache = {0};
	GError *error = NULL;
	LttvTime last = 0;
	bool any = false;
	guint w = 0;

	lttv_iter_set_copy_packets(it, TRUE);
	/* made here: the reading thread's memory, not the engine's */
	state_record_cache_copy(&cache, p->st);
	for (;;) {
		PipeBatch *b = &p->batches[w % PIPE_BATCHES];
		const LttvItem *item = lttv_iter_next(it, &error);
		size_t size;

		if (!item) {
			pthread_mutex_lock(&p->lock);
			p->error = error;
			pthread_mutex_unlock(&p->lock);
			put_skipped(p, b, skipped, last);
			b->end = true;
			pass(p, &w);
			break;
		}
		if (b->used + RECORD_MAX + tail > p->batch_size) {
			put_skipped(p, b, skipped, last);
			if (!pass(p, &w))
				break;
			b = &p->batches[w % PIPE_BATCHES];
		}
		last = item->time;
		size = state_record_encode(p->st, &cache, item, b->data + b->used);
		if (size && any &&
		    ((const StateRecord *)(const void *)(b->data + b->used))->kind == REC_IGNORED) {
			/* counted, not handed over (the first record is, for
			 * the history's beginning) */
			skipped[cache.trace]++;
			continue;
		}
		any = any || size;
		b->used += size;
	}
	state_record_cache_clear(&cache);
	return NULL;
}

HistPipe *hist_pipe_start(LttvTraceset *ts, const LttvState *st)
{
	HistPipe *p = g_new0(HistPipe, 1);

	p->ts = ts;
	p->st = st;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	p->batch_size = MAX(PIPE_BATCH, 2 * RECORD_MAX + (sizeof(StateRecord) + 8) * st->n_traces);
	for (guint i = 0; i < PIPE_BATCHES; i++)
		p->batches[i].data = g_malloc(p->batch_size);
	p->thread = g_thread_new("lttv-history-read", pipe_read, p);
	return p;
}

PipeBatch *hist_pipe_take(HistPipe *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->ready == 0)
		pthread_cond_wait(&p->cond, &p->lock);
	pthread_mutex_unlock(&p->lock);
	return &p->batches[p->taken++ % PIPE_BATCHES];
}

void hist_pipe_give_back(HistPipe *p, PipeBatch *b)
{
	(void)b;
	pthread_mutex_lock(&p->lock);
	p->ready--;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

gboolean hist_pipe_stop(HistPipe *p, GError **error)
{
	gboolean ok;

	pthread_mutex_lock(&p->lock);
	p->quit = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	g_thread_join(p->thread);
	ok = p->error == NULL;
	if (p->error)
		g_propagate_error(error, p->error);
	for (guint i = 0; i < PIPE_BATCHES; i++)
		g_free(p->batches[i].data);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	g_free(p);
	return ok;
}
