/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Building the state history: the engine runs over the traceset and
 * records every value change in its row's arrays, which grow in place in
 * the cache file (history-store.c); the header and tables then go after
 * the rows' chunks, and the file is renamed into place.
 */
#include "config.h"

#include "lttv/error.h"
#include "state/history-internal.h"
#include "state/history-pipe.h"
#include "state/history-store.h"
#include "state/state-internal.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static bool grow(gpointer ud, guint trace, uint32_t row, RowInfo *r)
{
	return hist_store_grow(&((HistStore *)ud)[trace], row, r);
}

static uint64_t align8(uint64_t v)
{
	return (v + 7) & ~(uint64_t)7;
}

/* The string id of a row's name: the IRQ line's handlers, the softirq
 * vector's name, the block device's, the thread's; 0 for a CPU. */
static uint32_t row_name(TraceState *t, const RowInfo *ri)
{
	switch ((RowKind)ri->kind) {
	case ROW_THREAD: return state_string_id(t, ((LttvProcess *)t->all->pdata[ri->index])->name);
	case ROW_IRQ: return state_string_id(t, g_array_index(t->irqs, IrqState, ri->index).name);
	case ROW_SOFTIRQ: return state_string_id(t, state_softirq_name(ri->index));
	case ROW_DISK:
		return state_string_id(t, g_array_index(t->disks, DiskState, ri->index).name);
	case ROW_CPU: break;
	}
	return 0;
}

/* The image of one trace's history as recorded so far: its header and
 * tables and the small rows' intervals (the chunked rows' are in the
 * store's files), its offsets counted from `at` (where it goes in the
 * file; 0: an image of its own).  g_free() it. */
static uint8_t *image_build(LttvState *st, guint ti, const HistStore *s, const uint8_t key[32],
                            LttvTime begin, LttvTime end, uint64_t at, size_t *len)
{
	TraceState *t = &st->traces[ti];
	guint n_rows = t->rows->len, n_threads = t->all->len;
	HistHeader h = {0};
	uint8_t *img;
	LttvTime *small_starts;
	uint32_t *small_values;
	HistRow *rows;
	HistChunk *chunks;
	HistThread *threads;
	HistRequest *requests;
	uint64_t *stroffs, blob = 0, n_small = 0, n_chunks = 0, n_intervals = 0;
	guint n_strings, n_requests = t->requests->len;
	g_autofree uint32_t *names = g_new0(uint32_t, n_rows + 1);
	g_autofree uint64_t *req_count = g_new0(uint64_t, n_rows + 1);
	g_autofree uint64_t *req_next = g_new0(uint64_t, n_rows + 1);

	/* thread and row names join the string table first */
	for (guint i = 0; i < n_threads; i++)
		state_string_id(t, ((LttvProcess *)t->all->pdata[i])->name);
	for (guint r = 0; r < n_rows; r++) {
		const RowInfo *ri = &g_array_index(t->rows, RowInfo, r);
		guint n;

		names[r] = row_name(t, ri);
		n_intervals += ri->changes;
		if (hist_store_chunks(s, r, ri->changes, &n))
			n_chunks += n;
		else
			n_small += ri->changes;
	}
	n_strings = t->strings->len;
	for (guint i = 0; i < n_strings; i++) {
		const char *str = t->strings->pdata[i];

		blob += (str ? strlen(str) : 0) + 1;
	}
	memcpy(h.magic, HIST_MAGIC, 8);
	h.version = HIST_VERSION;
	h.endian = HIST_ENDIAN;
	memcpy(h.key, key, 32);
	h.begin = begin;
	h.end = end;
	h.n_rows = n_rows;
	h.n_threads = n_threads;
	h.n_strings = n_strings;
	h.n_intervals = n_intervals;
	h.n_requests = n_requests;
	h.n_small = n_small;
	h.n_chunks = n_chunks;
	h.counters = t->counters;
	h.off_rows = align8(sizeof h);
	h.off_chunks = align8(h.off_rows + (uint64_t)n_rows * sizeof(HistRow));
	h.off_small_starts = align8(h.off_chunks + n_chunks * sizeof(HistChunk));
	h.off_small_values = align8(h.off_small_starts + n_small * 8);
	h.off_threads = align8(h.off_small_values + n_small * 4);
	h.off_stroffs = align8(h.off_threads + (uint64_t)n_threads * sizeof(HistThread));
	h.off_requests = align8(h.off_stroffs + ((uint64_t)n_strings + 1) * 8);
	h.off_strings = h.off_requests + (uint64_t)n_requests * sizeof(HistRequest);
	*len = (size_t)(h.off_strings + blob);
	img = g_malloc0(*len);
	rows = (HistRow *)(void *)(img + h.off_rows);
	chunks = (HistChunk *)(void *)(img + h.off_chunks);
	small_starts = (LttvTime *)(void *)(img + h.off_small_starts);
	small_values = (uint32_t *)(void *)(img + h.off_small_values);
	threads = (HistThread *)(void *)(img + h.off_threads);
	stroffs = (uint64_t *)(void *)(img + h.off_stroffs);
	requests = (HistRequest *)(void *)(img + h.off_requests);

	for (guint i = 0; i < n_requests; i++)
		req_count[g_array_index(t->requests, DiskRequest, i).row]++;
	for (uint64_t r = 0, first = 0, chunk = 0, req_first = 0; r < n_rows; r++) {
		const RowInfo *ri = &g_array_index(t->rows, RowInfo, r);
		guint n;
		const HistChunk *c = hist_store_chunks(s, (uint32_t)r, ri->changes, &n);

		rows[r].kind = ri->kind;
		rows[r].name = names[r];
		rows[r].count = ri->changes;
		if (c) {
			rows[r].first = chunk;
			rows[r].chunk_count = n;
			memcpy(chunks + chunk, c, n * sizeof *c);
			chunk += n;
		} else {
			rows[r].first = first;
			memcpy(small_starts + first, ri->starts, ri->changes * 8);
			memcpy(small_values + first, ri->values, ri->changes * 4);
			first += ri->changes;
		}
		rows[r].req_first = req_first;
		rows[r].req_count = req_count[r];
		req_next[r] = req_first;
		req_first += req_count[r];
		switch ((RowKind)ri->kind) {
		case ROW_THREAD:
		case ROW_CPU:
		case ROW_SOFTIRQ: rows[r].entity = ri->index; break;
		case ROW_IRQ:
			rows[r].entity = g_array_index(t->irqs, IrqState, ri->index).irq;
			break;
		case ROW_DISK:
			rows[r].entity = (int64_t)g_array_index(t->disks, DiskState, ri->index).dev;
			break;
		}
	}
	/* the requests by disk, each keeping issue order */
	for (guint i = 0; i < n_requests; i++) {
		const DiskRequest *q = &g_array_index(t->requests, DiskRequest, i);

		requests[req_next[q->row]++] = (HistRequest){
		        .issue = q->issue,
		        .complete = q->complete,
		        .sector = q->sector,
		        .n_sectors = q->n_sectors,
		        .flags = q->write ? REQUEST_WRITE : 0,
		};
	}
	for (guint i = 0; i < n_threads; i++) {
		const LttvProcess *p = t->all->pdata[i];
		HistThread *o = &threads[i];

		o->tid = p->tid;
		o->pid = p->pid;
		o->ppid = p->ppid;
		o->birth = p->birth;
		o->exit = p->exit_time;
		o->name = state_string_id(t, p->name);
		o->flags = (p->kernel_thread ? THREAD_KERNEL : 0) |
		           (p->birth_known ? THREAD_BIRTH : 0) | (p->exited ? THREAD_EXITED : 0);
		o->row = p->row;
	}
	blob = 0;
	for (guint i = 0; i < n_strings; i++) {
		const char *str = t->strings->pdata[i];
		size_t slen = str ? strlen(str) : 0;

		stroffs[i] = blob;
		memcpy(img + h.off_strings + blob, str ? str : "", slen + 1);
		blob += slen + 1;
	}
	stroffs[n_strings] = blob;
	/* offsets from the file's beginning */
	h.off_rows += at;
	h.off_chunks += at;
	h.off_small_starts += at;
	h.off_small_values += at;
	h.off_threads += at;
	h.off_stroffs += at;
	h.off_requests += at;
	h.off_strings += at;
	h.size = at + *len;
	memcpy(img, &h, sizeof h);
	return img;
}

/* Points th at an image in memory whose chunks are in the store's files. */
static bool bind_memory(TraceHistory *th, uint8_t *img, size_t len, const HistStore *s,
                        const uint8_t key[32])
{
	th->map = img;
	th->map_len = len;
	th->mapped = false;
	return history_image_bind(th, img, len, key, false, s->files, s->end, false);
}

/* A history of what the engine recorded so far. */
static LttvHistory *partial_history(LttvTraceset *ts, LttvState *st, const LttvHistory *h,
                                    uint8_t (*keys)[32], HistStore *stores, LttvTime first,
                                    LttvTime last)
{
	LttvHistory *p = g_new0(LttvHistory, 1);

	p->n_traces = h->n_traces;
	p->traces = g_new0(TraceHistory, MAX(h->n_traces, 1));
	p->partial = true;
	p->begin = first;
	p->end = last;
	for (guint i = 0; i < h->n_traces; i++) {
		TraceHistory *th = &p->traces[i];
		size_t len;
		uint8_t *img;

		if (!hist_store_sync(&stores[i], st->traces[i].rows)) {
			lttv_history_free(p);
			return NULL;
		}
		img = image_build(st, i, &stores[i], keys[i], first, last, 0, &len);

		th->path = g_strdup(h->traces[i].path);
		if (!bind_memory(th, img, len, &stores[i], keys[i])) {
			lttv_history_free(p);
			return NULL;
		}
	}
	history_link_hosts(p, ts);
	return p;
}

/* Makes what the engine recorded th's history: the cache file, else (no
 * cache folder, a full disk) an image in memory. */
static bool history_finish(TraceHistory *th, LttvState *st, guint ti, HistStore *s,
                           const uint8_t key[32], LttvTime first, LttvTime last)
{
	size_t len;
	g_autofree uint8_t *img = NULL;

	if (hist_store_cacheable(s)) {
		img = image_build(st, ti, s, key, first, last, s->end[0], &len);
		if (hist_store_finish_file(s, img, len, th->path)) {
			hist_store_clear(s, st->traces[ti].rows);
			/* the file just written: no need to check its order */
			return history_cache_load(th, key, false);
		}
		g_clear_pointer(&img, g_free);
	}
	img = image_build(st, ti, s, key, first, last, 0, &len);
	if (!bind_memory(th, img, len, s, key)) {
		th->map = NULL;
		return false;
	}
	img = NULL; /* th's now */
	hist_store_clear(s, st->traces[ti].rows);
	return true;
}

static bool build(LttvHistory *h, LttvTraceset *ts, uint8_t (*keys)[32],
                  LttvHistoryProgressFn progress, LttvHistoryPartialFn partial, gpointer user_data,
                  GCancellable *cancel, GError **error)
{
	/* partial histories at 0.5 s, 1.5 s, 3.5 s... of building: each
	 * costs a pass over the log so far, so their spacing doubles to keep
	 * their total cost a fraction of the build's (LTTV_HISTORY_PARTIAL_MS
	 * sets the first delay: tests use 0) */
	const char *first_ms = g_getenv("LTTV_HISTORY_PARTIAL_MS");
	gint64 partial_delay = first_ms ? g_ascii_strtoll(first_ms, NULL, 10) * 1000 : 500000;
	gint64 build_start = g_get_monotonic_time(), next_partial = build_start + partial_delay;
	g_autoptr(LttvState) st = lttv_state_new(ts);
	g_autofree HistStore *stores = g_new0(HistStore, MAX(h->n_traces, 1));
	LttvTime range_begin = 0, range_end = 0, first = LTTV_TIME_MIN, last = LTTV_TIME_MIN;
	guint64 n = 0;
	gint64 next_report = 0;
	bool ok = true, full = false, end = false;
	HistPipe *pipe;
	GError *read_error = NULL;

	lttv_traceset_time_range(ts, &range_begin, &range_end);
	for (guint i = 0; i < h->n_traces; i++)
		hist_store_init(&stores[i], h->traces[i].path);
	state_set_recording(st, grow, stores);
	pipe = hist_pipe_start(ts, st);
	while (ok && !full && !end) {
		PipeBatch *b = hist_pipe_take(pipe);
		const StateRecord *r = (const StateRecord *)(const void *)b->data;
		const StateRecord *stop = (const StateRecord *)(const void *)(b->data + b->used);

		for (; r < stop; r = record_next(r)) {
			gint64 now;

			if (first == LTTV_TIME_MIN)
				first = r->time;
			last = r->time;
			state_apply_record(st, r);
			if ((++n & 0xffff) != 0)
				continue;
			now = g_get_monotonic_time();
			if (g_cancellable_set_error_if_cancelled(cancel, error)) {
				ok = false;
				break;
			}
			for (guint i = 0; i < h->n_traces; i++)
				full = full || stores[i].failed;
			if (full)
				break; /* said below */
			if (progress && now >= next_report && range_end > range_begin) {
				progress(CLAMP(((double)last - (double)range_begin) /
				                       ((double)range_end - (double)range_begin),
				               0.0, 1.0),
				         user_data);
				next_report = now + 100000;
			}
			/* none late in the build: the complete one comes soon, and
			 * a partial one then costs nearly a complete one's memory */
			if (partial && now >= next_partial &&
			    (range_end <= range_begin ||
			     (double)(last - range_begin) <
			             0.6 * (double)(range_end - range_begin))) {
				LttvHistory *p =
				        partial_history(ts, st, h, keys, stores, first, last);

				if (p)
					partial(p, user_data);
				next_partial = g_get_monotonic_time() + 2 * (now - build_start) +
				               partial_delay;
			}
		}
		end = b->end;
		hist_pipe_give_back(pipe, b);
	}
	/* a read error ends the history there, as the caller's error says */
	if (!hist_pipe_stop(pipe, &read_error) && error && !*error)
		g_propagate_error(error, read_error);
	else
		g_clear_error(&read_error);
	if (ok && error && *error)
		ok = false;
	if (ok) {
		if (first == LTTV_TIME_MIN)
			first = last = range_begin;
		lttv_state_close(st, last);
		h->begin = first;
		h->end = last;
		for (guint i = 0; i < h->n_traces; i++) {
			if (stores[i].failed || !hist_store_sync(&stores[i], st->traces[i].rows)) {
				g_set_error(
				        error, LTTV_ERROR, LTTV_ERROR_IO,
				        _("cannot keep the state history of %s (out of memory?)"),
				        lttv_trace_path(lttv_traceset_trace(ts, i)));
				ok = false;
				break;
			}
			if (!history_finish(&h->traces[i], st, i, &stores[i], keys[i], first,
			                    last)) {
				g_set_error(error, LTTV_ERROR, LTTV_ERROR_INTERNAL,
				            _("the history of %s does not check out"),
				            lttv_trace_path(lttv_traceset_trace(ts, i)));
				ok = false;
				break;
			}
		}
		if (progress)
			progress(1.0, user_data);
	}
	for (guint i = 0; i < h->n_traces; i++)
		hist_store_clear(&stores[i], st->traces[i].rows);
	return ok;
}

LttvHistory *lttv_history_open(LttvTraceset *ts, LttvHistoryProgressFn progress, gpointer user_data,
                               GCancellable *cancel, GError **error)
{
	return lttv_history_open_growing(ts, progress, NULL, user_data, cancel, error);
}

LttvHistory *lttv_history_open_growing(LttvTraceset *ts, LttvHistoryProgressFn progress,
                                       LttvHistoryPartialFn partial, gpointer user_data,
                                       GCancellable *cancel, GError **error)
{
	LttvHistory *h = g_new0(LttvHistory, 1);
	g_autofree uint8_t(*keys)[32] = NULL;
	bool cached = true;

	h->n_traces = lttv_traceset_n_traces(ts);
	h->traces = g_new0(TraceHistory, MAX(h->n_traces, 1));
	keys = g_malloc0(32 * (gsize)MAX(h->n_traces, 1));
	for (guint i = 0; i < h->n_traces; i++) {
		history_trace_key(lttv_traceset_trace(ts, i), keys[i]);
		h->traces[i].path = history_cache_path(keys[i]);
		cached = cached && history_cache_load(&h->traces[i], keys[i], true);
	}
	if (cached && h->n_traces) {
		h->from_cache = true;
		h->begin = h->traces[0].hdr->begin;
		h->end = h->traces[0].hdr->end;
		history_link_hosts(h, ts);
		return h;
	}
	for (guint i = 0; i < h->n_traces; i++)
		history_trace_clear(&h->traces[i]);
	if (!build(h, ts, keys, progress, partial, user_data, cancel, error)) {
		lttv_history_free(h);
		return NULL;
	}
	history_link_hosts(h, ts);
	return h;
}
