/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state history: built by running the engine with a sink that logs
 * every value change (16 bytes each), then grouped by row into a file:
 * per row its start times (8 bytes) and values (4 bytes), 12 bytes an
 * interval.  The file is memory-mapped; every offset and count in it is
 * checked at load, so a damaged or foreign cache is rebuilt, never read.
 */
#include "config.h"

#include "lttv/error.h"
#include "lttv/history.h"
#include "state/state-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bump when the engine or the layout changes what a file means. */
#define HIST_VERSION 2
#define HIST_MAGIC   "LTTVHST1"
#define HIST_ENDIAN  0x01020304u

typedef struct {
	char magic[8];
	uint32_t version, endian;
	uint8_t key[32];
	int64_t begin, end;
	uint32_t n_rows, n_threads, n_strings, reserved;
	uint64_t n_intervals;
	uint64_t off_rows, off_starts, off_values, off_threads, off_stroffs, off_strings, size;
} HistHeader;

typedef struct {
	uint32_t kind, reserved;
	int64_t entity;
	uint64_t first, count;
} HistRow;

enum { THREAD_KERNEL = 1, THREAD_BIRTH = 2, THREAD_EXITED = 4 };

typedef struct {
	int64_t tid, pid, ppid;
	int64_t birth, exit;
	uint32_t name, flags, row, reserved;
} HistThread;

/* One trace's history: a mapped file (or, when the cache could not be
 * written, the same image in memory). */
typedef struct {
	char *path;
	void *map;
	size_t map_len;
	bool mapped;
	const HistHeader *hdr;
	const HistRow *rows;
	const LttvTime *starts;
	const uint32_t *values;
	const HistThread *threads;
	const uint64_t *stroffs;
	const char *strings;
} TraceHistory;

struct LttvHistory {
	TraceHistory *traces;
	guint n_traces;
	bool from_cache;
	bool partial; /* what a build had done when it was taken */
	LttvTime begin, end;
};

/* --- identity --- */

/* What makes a trace the same trace: its folder, metadata and stream
 * files (names, sizes, times), the format version. */
static void trace_key(LttvTrace *t, uint8_t key[32])
{
	g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
	g_autofree char *meta = g_build_filename(lttv_trace_path(t), "metadata", NULL);
	g_autofree char *real = realpath(lttv_trace_path(t), NULL);
	char buf[256];
	gsize len = 32;
	struct stat st;

	g_snprintf(buf, sizeof buf, "lttv history %d\n", HIST_VERSION);
	g_checksum_update(sum, (const guchar *)buf, -1);
	g_checksum_update(sum, (const guchar *)(real ? real : lttv_trace_path(t)), -1);
	if (lttv_trace_uuid(t))
		g_checksum_update(sum, (const guchar *)lttv_trace_uuid(t), -1);
	if (stat(meta, &st) == 0) {
		g_snprintf(buf, sizeof buf, "\nmetadata %lld %lld.%09ld", (long long)st.st_size,
		           (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
		g_checksum_update(sum, (const guchar *)buf, -1);
	}
	for (guint i = 0; i < lttv_trace_n_streams(t); i++) {
		LttvStreamInfo info;

		lttv_stream_info(lttv_trace_stream(t, i), &info);
		g_snprintf(buf, sizeof buf, "\n%s %u %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
		           info.path, info.n_files, info.bytes, info.n_packets);
		g_checksum_update(sum, (const guchar *)buf, -1);
		if (stat(info.path, &st) == 0) {
			g_snprintf(buf, sizeof buf, " %lld.%09ld", (long long)st.st_mtim.tv_sec,
			           (long)st.st_mtim.tv_nsec);
			g_checksum_update(sum, (const guchar *)buf, -1);
		}
	}
	g_checksum_get_digest(sum, key, &len);
}

static char *cache_path(const uint8_t key[32])
{
	GString *name = g_string_new(NULL);

	for (int i = 0; i < 32; i++)
		g_string_append_printf(name, "%02x", key[i]);
	g_string_append(name, ".hist");
	{
		g_autofree char *file = g_string_free(name, FALSE);

		return g_build_filename(g_get_user_cache_dir(), "lttv", file, NULL);
	}
}

/* --- loading --- */

static bool range_ok(uint64_t off, uint64_t count, uint64_t size, uint64_t file)
{
	return off % 8 == 0 && off <= file && (size == 0 || count <= (file - off) / size);
}

/* Drops the pages of a mapped file's range [a, b) that a check has
 * read from the resident set: they stay in the page cache, and a query
 * faults back the few it needs, so opening a big history costs what the
 * views look at, not the file's size. */
static void release_range(const void *a, const void *b)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t start = ((uintptr_t)a + page - 1) & ~(page - 1), end = (uintptr_t)b & ~(page - 1);

	if (end > start)
		madvise((void *)start, end - start, MADV_DONTNEED);
}

/* Points th at the image; false when anything in it does not add up.
 * `mapped`: the image is a read-only file mapping (its pages can be
 * released once checked). */
static bool image_bind(TraceHistory *th, const void *base, size_t len, const uint8_t key[32],
                       bool mapped)
{
	const HistHeader *h = base;
	uint64_t total = 0, released = 0;

	if (len < sizeof *h || memcmp(h->magic, HIST_MAGIC, 8) != 0 || h->version != HIST_VERSION ||
	    h->endian != HIST_ENDIAN || memcmp(h->key, key, 32) != 0 || h->size != len ||
	    h->begin > h->end || h->n_strings < 1 ||
	    !range_ok(h->off_rows, h->n_rows, sizeof(HistRow), len) ||
	    !range_ok(h->off_starts, h->n_intervals, 8, len) ||
	    !range_ok(h->off_values, h->n_intervals, 4, len) ||
	    !range_ok(h->off_threads, h->n_threads, sizeof(HistThread), len) ||
	    !range_ok(h->off_stroffs, (uint64_t)h->n_strings + 1, 8, len) || h->off_strings > len)
		return false;
	th->hdr = h;
	th->rows = (const HistRow *)((const char *)base + h->off_rows);
	th->starts = (const LttvTime *)((const char *)base + h->off_starts);
	th->values = (const uint32_t *)((const char *)base + h->off_values);
	th->threads = (const HistThread *)((const char *)base + h->off_threads);
	th->stroffs = (const uint64_t *)((const char *)base + h->off_stroffs);
	th->strings = (const char *)base + h->off_strings;
	for (uint32_t r = 0; r < h->n_rows; r++) {
		const HistRow *row = &th->rows[r];

		if (row->kind > LTTV_ROW_DISK || row->first != total ||
		    row->count > h->n_intervals - total)
			return false;
		total += row->count;
		for (uint64_t i = 1; i < row->count; i++)
			if (th->starts[row->first + i] < th->starts[row->first + i - 1])
				return false;
		if (mapped && (r + 1 == h->n_rows || (total - released) * 8 >= (16u << 20))) {
			/* every 16 MiB of start times checked */
			release_range(th->starts + released, th->starts + total);
			released = total;
		}
	}
	if (total != h->n_intervals)
		return false;
	for (uint32_t i = 0; i < h->n_strings; i++) {
		uint64_t a = th->stroffs[i], b = th->stroffs[i + 1];

		if (a >= b || b > len - h->off_strings || th->strings[b - 1] != '\0')
			return false;
	}
	for (uint32_t i = 0; i < h->n_threads; i++)
		if (th->threads[i].name >= h->n_strings || th->threads[i].row >= h->n_rows)
			return false;
	return true;
}

static bool cache_load(TraceHistory *th, const uint8_t key[32])
{
	int fd = open(th->path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *map;

	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(HistHeader)) {
		close(fd);
		return false;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return false;
	if (!image_bind(th, map, (size_t)st.st_size, key, true)) {
		munmap(map, (size_t)st.st_size);
		return false;
	}
	th->map = map;
	th->map_len = (size_t)st.st_size;
	th->mapped = true;
	return true;
}

/* --- building --- */

typedef struct {
	LttvTime t;
	uint32_t row, value;
} LogEntry;

/* Every value change of one trace, in time order. */
typedef struct {
	LogEntry *e;
	size_t n, cap;
} Log;

static void record(gpointer ud, guint trace, uint32_t row, LttvTime t, uint32_t value)
{
	Log *log = &((Log *)ud)[trace];

	if (G_UNLIKELY(log->n == log->cap)) {
		log->cap = MAX(log->cap * 2, 4096);
		log->e = g_renew(LogEntry, log->e, log->cap);
	}
	log->e[log->n++] = (LogEntry){t, row, value};
}

static uint64_t align8(uint64_t v)
{
	return (v + 7) & ~(uint64_t)7;
}

/* The file image of one trace's history (g_free() it; *len bytes). */
static uint8_t *image_build(LttvState *st, guint ti, const Log *log, const uint8_t key[32],
                            LttvTime begin, LttvTime end, size_t *len)
{
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
	uint64_t *stroffs, blob = 0;
	guint n_strings;

	/* thread names join the string table first */
	for (guint i = 0; i < n_threads; i++)
		state_string_id(t, ((LttvProcess *)t->all->pdata[i])->name);
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
	h.n_intervals = log->n;
	h.off_rows = align8(sizeof h);
	h.off_starts = align8(h.off_rows + (uint64_t)n_rows * sizeof(HistRow));
	h.off_values = align8(h.off_starts + (uint64_t)log->n * 8);
	h.off_threads = align8(h.off_values + (uint64_t)log->n * 4);
	h.off_stroffs = align8(h.off_threads + (uint64_t)n_threads * sizeof(HistThread));
	h.off_strings = h.off_stroffs + ((uint64_t)n_strings + 1) * 8;
	h.size = h.off_strings + blob;
	img = g_malloc0((size_t)h.size);
	*len = (size_t)h.size;
	memcpy(img, &h, sizeof h);
	rows = (HistRow *)(img + h.off_rows);
	starts = (LttvTime *)(img + h.off_starts);
	values = (uint32_t *)(img + h.off_values);
	threads = (HistThread *)(img + h.off_threads);
	stroffs = (uint64_t *)(img + h.off_stroffs);

	/* group the log by row, each row keeping time order (counting sort) */
	for (size_t i = 0; i < log->n; i++)
		count[log->e[i].row]++;
	for (uint64_t r = 0, first = 0; r < n_rows; r++) {
		const RowInfo *ri = &g_array_index(t->rows, RowInfo, r);

		rows[r].kind = ri->kind;
		rows[r].first = first;
		rows[r].count = count[r];
		next[r] = first;
		first += count[r];
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
	for (size_t i = 0; i < log->n; i++) {
		const LogEntry *e = &log->e[i];
		uint64_t at = next[e->row]++;

		starts[at] = e->t;
		values[at] = e->value;
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
	return img;
}

/* Writes the image to the cache (atomically); false when it cannot. */
static bool cache_write(const char *path, const uint8_t *img, size_t len)
{
	g_autofree char *dir = g_path_get_dirname(path);
	g_autofree char *tmp = g_strdup_printf("%s.%d.tmp", path, (int)getpid());

	if (g_mkdir_with_parents(dir, 0700) != 0)
		return false;
	if (!g_file_set_contents(tmp, (const char *)img, (gssize)len, NULL)) {
		g_unlink(tmp);
		return false;
	}
	if (g_rename(tmp, path) != 0) {
		g_unlink(tmp);
		return false;
	}
	return true;
}

/* A history of what the log holds so far, in memory. */
static LttvHistory *partial_history(LttvState *st, const LttvHistory *h, uint8_t (*keys)[32],
                                    const Log *logs, LttvTime first, LttvTime last)
{
	LttvHistory *p = g_new0(LttvHistory, 1);

	p->n_traces = h->n_traces;
	p->traces = g_new0(TraceHistory, MAX(h->n_traces, 1));
	p->partial = true;
	p->begin = first;
	p->end = last;
	for (guint i = 0; i < h->n_traces; i++) {
		TraceHistory *th = &p->traces[i];

		th->path = g_strdup(h->traces[i].path);
		th->map = image_build(st, i, &logs[i], keys[i], first, last, &th->map_len);
		if (!image_bind(th, th->map, th->map_len, keys[i], false)) {
			lttv_history_free(p);
			return NULL;
		}
	}
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
				LttvHistory *p = partial_history(st, h, keys, logs, first, last);

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
			size_t len;
			uint8_t *img = image_build(st, i, &logs[i], keys[i], first, last, &len);

			/* the log is in the image now: not both in memory longer */
			g_clear_pointer(&logs[i].e, g_free);

			if (cache_write(th->path, img, len) && cache_load(th, keys[i])) {
				g_free(img);
				continue;
			}
			/* no cache: keep the image in memory */
			th->map_len = len;
			th->map = img;
			if (!image_bind(th, th->map, th->map_len, keys[i], false)) {
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
		g_free(logs[i].e);
	return ok;
}

/* --- the API --- */

static void trace_history_clear(TraceHistory *th)
{
	if (th->mapped)
		munmap(th->map, th->map_len);
	else
		g_free(th->map);
	th->map = NULL;
	th->mapped = false;
	th->hdr = NULL;
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
		trace_key(lttv_traceset_trace(ts, i), keys[i]);
		h->traces[i].path = cache_path(keys[i]);
		cached = cached && cache_load(&h->traces[i], keys[i]);
	}
	if (cached && h->n_traces) {
		h->from_cache = true;
		h->begin = h->traces[0].hdr->begin;
		h->end = h->traces[0].hdr->end;
		return h;
	}
	for (guint i = 0; i < h->n_traces; i++)
		trace_history_clear(&h->traces[i]);
	if (!build(h, ts, keys, progress, partial, user_data, cancel, error)) {
		lttv_history_free(h);
		return NULL;
	}
	return h;
}

void lttv_history_free(LttvHistory *h)
{
	if (!h)
		return;
	for (guint i = 0; i < h->n_traces; i++) {
		trace_history_clear(&h->traces[i]);
		g_free(h->traces[i].path);
	}
	g_free(h->traces);
	g_free(h);
}

gboolean lttv_history_complete(const LttvHistory *h)
{
	return !h->partial;
}

gboolean lttv_history_from_cache(const LttvHistory *h)
{
	return h->from_cache;
}

const char *lttv_history_cache_path(const LttvHistory *h, guint trace)
{
	return trace < h->n_traces ? h->traces[trace].path : NULL;
}

LttvTime lttv_history_begin(const LttvHistory *h)
{
	return h->begin;
}

LttvTime lttv_history_end(const LttvHistory *h)
{
	return h->end;
}

guint lttv_history_n_traces(const LttvHistory *h)
{
	return h->n_traces;
}

static const TraceHistory *th_of(const LttvHistory *h, guint trace)
{
	return trace < h->n_traces ? &h->traces[trace] : NULL;
}

guint lttv_history_n_rows(const LttvHistory *h, guint trace)
{
	const TraceHistory *th = th_of(h, trace);

	return th ? th->hdr->n_rows : 0;
}

LttvRowKind lttv_history_row_kind(const LttvHistory *h, guint trace, guint row)
{
	return (LttvRowKind)h->traces[trace].rows[row].kind;
}

int64_t lttv_history_row_entity(const LttvHistory *h, guint trace, guint row)
{
	return h->traces[trace].rows[row].entity;
}

guint lttv_history_n_threads(const LttvHistory *h, guint trace)
{
	const TraceHistory *th = th_of(h, trace);

	return th ? th->hdr->n_threads : 0;
}

const char *lttv_history_string(const LttvHistory *h, guint trace, guint32 id)
{
	const TraceHistory *th = th_of(h, trace);

	if (!th || id == 0 || id >= th->hdr->n_strings)
		return NULL;
	return th->strings + th->stroffs[id];
}

void lttv_history_thread(const LttvHistory *h, guint trace, guint i, LttvHistoryThread *out)
{
	const HistThread *t = &h->traces[trace].threads[i];

	out->tid = t->tid;
	out->pid = t->pid;
	out->ppid = t->ppid;
	out->name = lttv_history_string(h, trace, t->name);
	if (!out->name)
		out->name = "";
	out->kernel_thread = (t->flags & THREAD_KERNEL) != 0;
	out->birth_known = (t->flags & THREAD_BIRTH) != 0;
	out->exited = (t->flags & THREAD_EXITED) != 0;
	out->birth = t->birth;
	out->exit = t->exit;
	out->row = t->row;
}

void lttv_history_row_data(const LttvHistory *h, guint trace, guint row, const LttvTime **starts,
                           const uint32_t **values, gsize *n)
{
	const TraceHistory *th = &h->traces[trace];
	const HistRow *r = &th->rows[row];

	*starts = th->starts + r->first;
	*values = th->values + r->first;
	*n = (gsize)r->count;
}

/* Index of the last start <= t in starts[lo, n), given starts[lo] <= t. */
static gsize last_at_or_before(const LttvTime *starts, gsize lo, gsize n, LttvTime t)
{
	gsize step = 1, hi;

	/* gallop from lo, then halve */
	while (lo + step < n && starts[lo + step] <= t) {
		lo += step;
		step *= 2;
	}
	hi = MIN(lo + step, n);
	while (hi - lo > 1) {
		gsize mid = lo + (hi - lo) / 2;

		if (starts[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

gboolean lttv_history_value_at(const LttvHistory *h, guint trace, guint row, LttvTime t,
                               guint32 *value)
{
	const LttvTime *starts;
	const uint32_t *values;
	gsize n, i;

	lttv_history_row_data(h, trace, row, &starts, &values, &n);
	if (n == 0 || t < starts[0])
		return FALSE;
	i = last_at_or_before(starts, 0, n, t);
	*value = values[i];
	return TRUE;
}

void lttv_history_sample(const LttvHistory *h, guint trace, guint row, LttvTime t0, LttvTime t1,
                         guint cols, guint32 *values_out, guint8 *flags)
{
	const LttvTime *starts;
	const uint32_t *values;
	gsize n, i = 0;
	bool have = false;
	/* (unsigned: t1 - t0 may not fit in a signed 64-bit number) */
	uint64_t span = t1 > t0 ? (uint64_t)t1 - (uint64_t)t0 : 0;
	uint64_t q, rem, acc = 0, off_a = 0, off_b;

	lttv_history_row_data(h, trace, row, &starts, &values, &n);
	if (cols == 0)
		return;
	/* column c is [t0 + span * c / cols, t0 + span * (c + 1) / cols):
	 * the bounds step by q, plus one when the remainders carry over
	 * (no division in the loop) */
	q = span / cols;
	rem = span % cols;
	for (guint c = 0; c < cols; c++, off_a = off_b) {
		LttvTime a, b;

		off_b = off_a + q;
		acc += rem;
		if (acc >= cols) {
			acc -= cols;
			off_b++;
		}
		a = (LttvTime)((uint64_t)t0 + off_a);
		b = (LttvTime)((uint64_t)t0 + off_b);
		if (!have) {
			if (n == 0 || starts[0] > a) {
				/* no value yet at the column's start */
				values_out[c] = 0;
				flags[c] = n && starts[0] < b ? LTTV_SAMPLE_SEVERAL : 0;
				continue;
			}
			have = true;
		}
		i = last_at_or_before(starts, i, n, a);
		values_out[c] = values[i];
		if (i + 1 < n && starts[i + 1] < b) {
			flags[c] = LTTV_SAMPLE_VALUE | LTTV_SAMPLE_SEVERAL;
			continue;
		}
		flags[c] = LTTV_SAMPLE_VALUE;
		if (i + 1 == n || starts[i + 1] >= t1) {
			/* no change until the end of the range: the same to the end */
			for (guint k = c + 1; k < cols; k++) {
				values_out[k] = values[i];
				flags[k] = LTTV_SAMPLE_VALUE;
			}
			return;
		}
	}
}

void lttv_history_row_durations(const LttvHistory *h, guint trace, guint row, LttvTime t0,
                                LttvTime t1, LttvDurationFn fn, gpointer user_data)
{
	const LttvTime *starts;
	const uint32_t *values;
	gsize n, i;

	lttv_history_row_data(h, trace, row, &starts, &values, &n);
	if (n == 0 || t1 <= t0)
		return;
	/* the first interval that overlaps [t0, t1) */
	i = starts[0] <= t0 ? last_at_or_before(starts, 0, n, t0) : 0;
	for (; i < n && starts[i] < t1; i++) {
		LttvTime s = MAX(starts[i], t0);
		LttvTime e = i + 1 < n ? starts[i + 1] : MAX(h->end, starts[i]);
		uint64_t d;

		e = MIN(e, t1);
		if (e <= s)
			continue;
		/* (a damaged trace's times may be far apart) */
		d = (uint64_t)e - (uint64_t)s;
		fn(values[i], d > (uint64_t)INT64_MAX ? INT64_MAX : (LttvTime)d, user_data);
	}
}
