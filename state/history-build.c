/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Building the state history: the engine runs over the traceset with a
 * sink that logs every value change (16 bytes each); the log is then
 * grouped by row (a counting sort) into the file image.
 */
#include "config.h"

#include "lttv/error.h"
#include "state/history-internal.h"
#include "state/history-log.h"
#include "state/state-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Pages released behind a pass over a mapped image every... */
#define RELEASE_EVERY (16u << 20)

static void record(gpointer ud, guint trace, uint32_t row, LttvTime t, uint32_t value)
{
	log_append(&((Log *)ud)[trace], t, row, value);
}

/* Where an image is built: a shared mapping of a file (the cache file's
 * temporary, or an unlinked scratch file for a partial history), whose
 * pages a long pass releases as it goes, or memory. */
typedef struct {
	uint8_t *img;
	size_t len;
	int fd;    /* -1: memory */
	char *tmp; /* the temporary to rename, NULL for scratch */
} ImageOut;

/* Reserves the file's blocks before the build writes through the
 * mapping: on a full file system a write to a page of a sparse file
 * through a mapping is a SIGBUS, while fallocate() says ENOSPC.  FALSE
 * when the space is not there; file systems without fallocate() are
 * written as they are. */
static bool image_out_reserve(ImageOut *o)
{
	int r;

	while ((r = fallocate(o->fd, 0, 0, (off_t)o->len)) != 0 && errno == EINTR)
		;
	return r == 0 || errno == EOPNOTSUPP || errno == ENOSYS;
}

static void image_out_open(ImageOut *o, size_t len, const char *final_path)
{
	memset(o, 0, sizeof(*o));
	o->len = len;
	o->fd = -1;
	if (final_path) {
		g_autofree char *dir = g_path_get_dirname(final_path);

		o->tmp = g_strdup_printf("%s.%d.tmp", final_path, (int)getpid());
		if (g_mkdir_with_parents(dir, 0700) == 0)
			o->fd = open(o->tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	} else {
		o->fd = history_scratch_file();
	}
	if (o->fd >= 0 && ftruncate(o->fd, (off_t)len) == 0 && image_out_reserve(o)) {
		o->img = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, o->fd, 0);
		if (o->img != MAP_FAILED)
			return;
	}
	/* no file: memory */
	if (o->fd >= 0) {
		close(o->fd);
		if (o->tmp)
			g_unlink(o->tmp);
	}
	g_clear_pointer(&o->tmp, g_free);
	o->fd = -1;
	o->img = g_malloc0(len);
}

/* Releases the image's pages written so far (file only). */
static void image_out_release(ImageOut *o)
{
	if (o->fd >= 0)
		history_release_range(o->img, o->img + o->len);
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

/* The file image of one trace's history, from its log, into `out`
 * (opened here: for the cache file `final_path`, or scratch when NULL). */
static void image_build(LttvState *st, guint ti, Log *log, const uint8_t key[32], LttvTime begin,
                        LttvTime end, const char *final_path, ImageOut *out)
{
	LogView view;
	TraceState *t = &st->traces[ti];
	guint n_rows = t->rows->len, n_threads = t->all->len;
	HistHeader h = {0};
	g_autofree uint64_t *count = g_new0(uint64_t, n_rows + 1);
	g_autofree uint64_t *next = g_new0(uint64_t, n_rows + 1);
	uint8_t *img;
	LttvTime *starts;
	uint32_t *values;
	HistRow *rows;
	HistThread *threads;
	HistRequest *requests;
	uint64_t *stroffs, blob = 0, counted = 0;
	guint n_strings, n_requests = t->requests->len;
	g_autofree uint32_t *names = g_new0(uint32_t, n_rows + 1);
	g_autofree uint64_t *req_count = g_new0(uint64_t, n_rows + 1);
	g_autofree uint64_t *req_next = g_new0(uint64_t, n_rows + 1);

	/* thread and row names join the string table first */
	for (guint i = 0; i < n_threads; i++)
		state_string_id(t, ((LttvProcess *)t->all->pdata[i])->name);
	for (guint r = 0; r < n_rows; r++)
		names[r] = row_name(t, &g_array_index(t->rows, RowInfo, r));
	n_strings = t->strings->len;
	for (guint i = 0; i < n_strings; i++) {
		const char *s = t->strings->pdata[i];

		blob += (s ? strlen(s) : 0) + 1;
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
	log_view(log, &view);
	h.n_intervals = view.n;
	h.n_requests = n_requests;
	h.counters = t->counters;
	h.off_rows = align8(sizeof h);
	h.off_starts = align8(h.off_rows + (uint64_t)n_rows * sizeof(HistRow));
	h.off_values = align8(h.off_starts + (uint64_t)view.n * 8);
	h.off_threads = align8(h.off_values + (uint64_t)view.n * 4);
	h.off_stroffs = align8(h.off_threads + (uint64_t)n_threads * sizeof(HistThread));
	h.off_requests = align8(h.off_stroffs + ((uint64_t)n_strings + 1) * 8);
	h.off_strings = h.off_requests + (uint64_t)n_requests * sizeof(HistRequest);
	h.size = h.off_strings + blob;
	image_out_open(out, (size_t)h.size, final_path);
	img = out->img;
	memcpy(img, &h, sizeof h);
	rows = (HistRow *)(img + h.off_rows);
	starts = (LttvTime *)(img + h.off_starts);
	values = (uint32_t *)(img + h.off_values);
	threads = (HistThread *)(img + h.off_threads);
	stroffs = (uint64_t *)(img + h.off_stroffs);
	requests = (HistRequest *)(img + h.off_requests);

	/* group the log by row, each row keeping time order (counting sort;
	 * the counts kept by the engine, not a pass over the log) */
	for (guint r = 0; r < n_rows; r++)
		counted += count[r] = g_array_index(t->rows, RowInfo, r).changes;
	if (G_UNLIKELY(counted != view.n)) {
		/* never expected; the scatter below must not overrun a row */
		memset(count, 0, sizeof(*count) * (n_rows + 1));
		for (size_t i = 0; i < view.n; i++) {
			count[view.e[i].row]++;
			log_view_advance(&view, i);
		}
		log_view_rewind(&view);
	}
	for (guint i = 0; i < n_requests; i++)
		req_count[g_array_index(t->requests, DiskRequest, i).row]++;
	for (uint64_t r = 0, first = 0, req_first = 0; r < n_rows; r++) {
		const RowInfo *ri = &g_array_index(t->rows, RowInfo, r);

		rows[r].kind = ri->kind;
		rows[r].name = names[r];
		rows[r].first = first;
		rows[r].count = count[r];
		next[r] = first;
		first += count[r];
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
	for (size_t i = 0; i < view.n; i++) {
		const LogEntry *e = &view.e[i];
		uint64_t at = next[e->row]++;

		starts[at] = e->t;
		values[at] = e->value;
		if (view.map && (i - view.released) * sizeof(LogEntry) >= RELEASE_EVERY)
			/* each row writes its own run: few pages are hot */
			image_out_release(out);
		log_view_advance(&view, i);
	}
	log_view_end(&view);
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
		const char *s = t->strings->pdata[i];
		size_t slen = s ? strlen(s) : 0;

		stroffs[i] = blob;
		memcpy(img + h.off_strings + blob, s ? s : "", slen + 1);
		blob += slen + 1;
	}
	stroffs[n_strings] = blob;
}

/* Makes the built image th's history: the cache file (renamed into
 * place, its mapping kept) or, without a file, the image in memory
 * (written to the cache when possible). */
static bool image_finish(TraceHistory *th, ImageOut *o, const uint8_t key[32])
{
	if (o->fd >= 0) {
		bool renamed;

		close(o->fd);
		renamed = g_rename(o->tmp, th->path) == 0;
		if (!renamed)
			g_unlink(o->tmp);
		g_free(o->tmp);
		/* the mapping the build wrote becomes the history's, read-only:
		 * no unmapping and mapping again */
		if (renamed && mprotect(o->img, o->len, PROT_READ) == 0 &&
		    history_image_bind(th, o->img, o->len, key, true, false)) {
			th->map = o->img;
			th->map_len = o->len;
			th->mapped = true;
			return true;
		}
		munmap(o->img, o->len);
		return false;
	}
	if (g_file_set_contents(th->path, (const char *)o->img, (gssize)o->len, NULL) &&
	    history_cache_load(th, key)) {
		g_free(o->img);
		return true;
	}
	th->map = o->img;
	th->map_len = o->len;
	th->mapped = false;
	return history_image_bind(th, th->map, th->map_len, key, false, false);
}

/* A history of what the log holds so far (scratch files, or memory). */
static LttvHistory *partial_history(LttvTraceset *ts, LttvState *st, const LttvHistory *h,
                                    uint8_t (*keys)[32], Log *logs, LttvTime first, LttvTime last)
{
	LttvHistory *p = g_new0(LttvHistory, 1);

	p->n_traces = h->n_traces;
	p->traces = g_new0(TraceHistory, MAX(h->n_traces, 1));
	p->partial = true;
	p->begin = first;
	p->end = last;
	for (guint i = 0; i < h->n_traces; i++) {
		TraceHistory *th = &p->traces[i];
		ImageOut out;

		th->path = g_strdup(h->traces[i].path);
		image_build(st, i, &logs[i], keys[i], first, last, NULL, &out);
		th->map = out.img;
		th->map_len = out.len;
		th->mapped = out.fd >= 0; /* the mapping outlives its descriptor */
		if (out.fd >= 0)
			close(out.fd);
		if (!history_image_bind(th, th->map, th->map_len, keys[i], th->mapped, false)) {
			lttv_history_free(p);
			return NULL;
		}
	}
	history_link_hosts(p, ts);
	return p;
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
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autofree Log *logs = g_new0(Log, MAX(h->n_traces, 1));
	const LttvItem *item;
	LttvTime range_begin = 0, range_end = 0, first = LTTV_TIME_MIN, last = LTTV_TIME_MIN;
	guint64 n = 0;
	gint64 next_report = 0;
	bool ok = true;

	lttv_traceset_time_range(ts, &range_begin, &range_end);
	for (guint i = 0; i < h->n_traces; i++)
		log_init(&logs[i]);
	state_set_sink(st, record, logs);
	while ((item = lttv_iter_next(it, error))) {
		if (first == LTTV_TIME_MIN)
			first = item->time;
		last = item->time;
		lttv_state_apply(st, item);
		if ((++n & 0xffff) == 0) {
			gint64 now = g_get_monotonic_time();

			if (g_cancellable_set_error_if_cancelled(cancel, error)) {
				ok = false;
				break;
			}
			if (progress && now >= next_report && range_end > range_begin) {
				progress(CLAMP(((double)last - (double)range_begin) /
				                       ((double)range_end - (double)range_begin),
				               0.0, 1.0),
				         user_data);
				next_report = now + 100000;
			}
			/* none late in the build: the complete one comes soon, and
			 * a partial image then costs nearly a complete one's memory */
			if (partial && now >= next_partial && first != LTTV_TIME_MIN &&
			    (range_end <= range_begin ||
			     (double)(last - range_begin) <
			             0.6 * (double)(range_end - range_begin))) {
				LttvHistory *p =
				        partial_history(ts, st, h, keys, logs, first, last);

				if (p)
					partial(p, user_data);
				next_partial = g_get_monotonic_time() + 2 * (now - build_start) +
				               partial_delay;
			}
		}
	}
	if (ok && error && *error)
		ok = false;
	if (ok) {
		if (first == LTTV_TIME_MIN)
			first = last = range_begin;
		lttv_state_close(st, last);
		h->begin = first;
		h->end = last;
		for (guint i = 0; i < h->n_traces; i++) {
			TraceHistory *th = &h->traces[i];
			ImageOut out;

			if (!log_sync(&logs[i])) {
				g_set_error(
				        error, LTTV_ERROR, LTTV_ERROR_IO,
				        _("cannot keep the state history's log of %s (disk full?)"),
				        lttv_trace_path(lttv_traceset_trace(ts, i)));
				ok = false;
				break;
			}
			image_build(st, i, &logs[i], keys[i], first, last, th->path, &out);
			/* the log is in the image now: not both kept longer */
			log_clear(&logs[i]);
			if (!image_finish(th, &out, keys[i])) {
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
		log_clear(&logs[i]);
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
		cached = cached && history_cache_load(&h->traces[i], keys[i]);
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
