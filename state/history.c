/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state history: per row its start times (8 bytes) and values (4
 * bytes), 12 bytes an interval, in a file the build writes in place
 * (history-build.c): a row's intervals are in the small arrays or in
 * chunks of the file, mapped one after the other so that every row reads
 * as two arrays.  Every offset and count in the file is checked at load,
 * so a damaged or foreign cache is rebuilt, never read.
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
#include "state/history-internal.h"

/* --- identity --- */

/* What makes a trace the same trace: its folder, metadata and stream
 * files (names, sizes, times), the format version. */
void history_trace_key(LttvTrace *t, uint8_t key[32])
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

char *history_cache_path(const uint8_t key[32])
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

/* CPU number -> row, so that per-event lookups cost no scan of the rows
 * (CPU numbers past 65535 are not indexed: no kernel has that many). */
static void index_cpu_rows(TraceHistory *th)
{
	guint n = 0;

	for (uint32_t r = 0; r < th->hdr->n_rows; r++)
		if (th->rows[r].kind == LTTV_ROW_CPU && th->rows[r].entity >= 0 &&
		    th->rows[r].entity < 65536)
			n = MAX(n, (guint)th->rows[r].entity + 1);
	g_free(th->cpu_rows);
	th->cpu_rows = g_new(gint, MAX(n, 1));
	th->n_cpu_rows = n;
	for (guint c = 0; c < n; c++)
		th->cpu_rows[c] = -1;
	for (uint32_t r = 0; r < th->hdr->n_rows; r++)
		if (th->rows[r].kind == LTTV_ROW_CPU && th->rows[r].entity >= 0 &&
		    th->rows[r].entity < 65536)
			th->cpu_rows[th->rows[r].entity] = (gint)r;
}

uint32_t history_chunk_unit(void)
{
	static uint32_t unit;

	if (!unit) {
		long page = sysconf(_SC_PAGESIZE);

		/* 4 * unit bytes of values fill whole pages */
		unit = (uint32_t)MAX(1024, page > 0 ? page / 4 : 1024);
	}
	return unit;
}

bool history_map_chunks(uint8_t *base, uint64_t vcap, uint64_t pos, const HistChunk *c, guint n,
                        const int files[2], int prot, int flags)
{

	for (guint i = 0; i < n; i++) {
		int fd = files[c[i].file];

		if (fd < 0 || pos + c[i].cap > vcap ||
		    mmap(base + pos * 8, (size_t)c[i].cap * 8, prot, flags | MAP_FIXED, fd,
		         (off_t)c[i].off) == MAP_FAILED ||
		    mmap(base + vcap * 8 + pos * 4, (size_t)c[i].cap * 4, prot, flags | MAP_FIXED,
		         fd, (off_t)(c[i].off + (uint64_t)c[i].cap * 8)) == MAP_FAILED)
			return false;
		pos += c[i].cap;
	}
	return true;
}

/* Maps a chunked row's intervals into a range of their own. */
static bool map_row(TraceHistory *th, const HistRow *row, RowData *out, const int files[2])
{
	const HistChunk *c = th->chunks + row->first;
	uint64_t vcap = 0;
	RowMap *m;

	for (uint64_t i = 0; i < row->chunk_count; i++)
		vcap += c[i].cap;
	m = &th->maps[th->n_maps];
	m->len = (size_t)vcap * 12;
	m->base = mmap(NULL, m->len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->base == MAP_FAILED)
		return false;
	th->n_maps++;
	if (!history_map_chunks(m->base, vcap, 0, c, (guint)row->chunk_count, files, PROT_READ,
	                        MAP_PRIVATE))
		return false;
	out->starts = m->base;
	out->values = (const uint32_t *)((const uint8_t *)m->base + vcap * 8);
	return true;
}

/* The chunks of a row: whole pages inside their file, enough for its
 * intervals and none beyond the one its last interval is in. */
static bool chunks_ok(const TraceHistory *th, const HistRow *row, const int files[2],
                      const uint64_t file_len[2])
{
	const HistChunk *c = th->chunks + row->first;
	uint64_t unit = history_chunk_unit(), cap = 0;

	for (uint64_t i = 0; i < row->chunk_count; i++) {
		if (c[i].file > 1 || files[c[i].file] < 0 || c[i].cap == 0 || c[i].cap % unit ||
		    c[i].off % (unit * 4) || c[i].off > file_len[c[i].file] ||
		    (uint64_t)c[i].cap * 12 > file_len[c[i].file] - c[i].off)
			return false;
		cap += c[i].cap;
	}
	return row->count <= cap &&
	       (row->chunk_count == 0 || row->count > cap - c[row->chunk_count - 1].cap);
}

/* Whether `n` start times at `off` in file `fd` are in order, after
 * `*prev` (updated): read with pread(), not through the mapping (on a
 * virtual machine, mapping the pages of a big file costs several times
 * what copying them does, and the check reads them all). */
static bool file_sorted(int fd, uint64_t off, uint64_t n, LttvTime *prev)
{
	LttvTime buf[8192];

	while (n) {
		size_t want = (size_t)MIN(n, G_N_ELEMENTS(buf));
		ssize_t got = pread(fd, buf, want * 8, (off_t)off);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0 || got % 8)
			return false;
		for (size_t i = 0; i < (size_t)got / 8; i++) {
			if (buf[i] < *prev)
				return false;
			*prev = buf[i];
		}
		n -= (uint64_t)got / 8;
		off += (uint64_t)got;
	}
	return true;
}

/* Whether a row's start times are in order (the queries' binary searches
 * count on it): from the files when the row is in one, else in memory. */
static bool row_sorted(const TraceHistory *th, const HistRow *row, const RowData *d, bool mapped,
                       const int files[2])
{
	LttvTime prev = LTTV_TIME_MIN;
	uint64_t left = row->count;

	if (row->chunk_count) {
		const HistChunk *c = th->chunks + row->first;

		for (uint64_t i = 0; i < row->chunk_count && left; i++) {
			uint64_t n = MIN(left, c[i].cap);

			if (!file_sorted(files[c[i].file], c[i].off, n, &prev))
				return false;
			left -= n;
		}
		return true;
	}
	if (mapped && files[0] >= 0)
		return file_sorted(
		        files[0], (uint64_t)((const uint8_t *)d->starts - (const uint8_t *)th->map),
		        row->count, &prev);
	for (uint64_t i = 0; i < row->count; i++) {
		if (d->starts[i] < prev)
			return false;
		prev = d->starts[i];
	}
	return true;
}

bool history_image_bind(TraceHistory *th, const void *base, size_t len, const uint8_t key[32],
                        bool mapped, const int files[2], const uint64_t file_len[2],
                        bool check_order)
{
	const HistHeader *h = base;
	uint64_t total = 0, small = 0, chunks = 0, requests = 0, n_chunked = 0;

	if (len < sizeof *h || memcmp(h->magic, HIST_MAGIC, 8) != 0 || h->version != HIST_VERSION ||
	    h->endian != HIST_ENDIAN || memcmp(h->key, key, 32) != 0 || h->size != len ||
	    h->begin > h->end || h->n_strings < 1 ||
	    !range_ok(h->off_rows, h->n_rows, sizeof(HistRow), len) ||
	    !range_ok(h->off_small_starts, h->n_small, 8, len) ||
	    !range_ok(h->off_small_values, h->n_small, 4, len) ||
	    !range_ok(h->off_chunks, h->n_chunks, sizeof(HistChunk), len) ||
	    !range_ok(h->off_threads, h->n_threads, sizeof(HistThread), len) ||
	    !range_ok(h->off_stroffs, (uint64_t)h->n_strings + 1, 8, len) ||
	    !range_ok(h->off_requests, h->n_requests, sizeof(HistRequest), len) ||
	    h->off_strings > len)
		return false;
	th->hdr = h;
	th->rows = (const HistRow *)((const char *)base + h->off_rows);
	th->small_starts = (const LttvTime *)((const char *)base + h->off_small_starts);
	th->small_values = (const uint32_t *)((const char *)base + h->off_small_values);
	th->chunks = (const HistChunk *)((const char *)base + h->off_chunks);
	th->threads = (const HistThread *)((const char *)base + h->off_threads);
	th->stroffs = (const uint64_t *)((const char *)base + h->off_stroffs);
	th->strings = (const char *)base + h->off_strings;
	th->requests = (const HistRequest *)((const char *)base + h->off_requests);
	for (uint32_t r = 0; r < h->n_rows; r++) {
		const HistRow *row = &th->rows[r];

		if (row->kind > LTTV_ROW_DISK || row->name >= h->n_strings ||
		    row->count > h->n_intervals - total || row->req_first != requests ||
		    row->req_count > h->n_requests - requests)
			return false;
		if (row->chunk_count) {
			if (row->first != chunks || row->chunk_count > h->n_chunks - chunks ||
			    !chunks_ok(th, row, files, file_len))
				return false;
			chunks += row->chunk_count;
			n_chunked++;
		} else if (row->first != small || row->count > h->n_small - small) {
			return false;
		} else {
			small += row->count;
		}
		total += row->count;
		for (uint64_t i = 1; i < row->req_count; i++)
			if (th->requests[row->req_first + i].issue <
			    th->requests[row->req_first + i - 1].issue)
				return false;
		requests += row->req_count;
	}
	if (total != h->n_intervals || small != h->n_small || chunks != h->n_chunks ||
	    requests != h->n_requests)
		return false;
	for (uint32_t i = 0; i < h->n_strings; i++) {
		uint64_t a = th->stroffs[i], b = th->stroffs[i + 1];

		if (a >= b || b > len - h->off_strings || th->strings[b - 1] != '\0')
			return false;
	}
	for (uint32_t i = 0; i < h->n_threads; i++)
		if (th->threads[i].name >= h->n_strings || th->threads[i].row >= h->n_rows)
			return false;
	th->data = g_new0(RowData, MAX(h->n_rows, 1));
	th->maps = g_new0(RowMap, MAX(n_chunked, 1));
	for (uint32_t r = 0; r < h->n_rows; r++) {
		const HistRow *row = &th->rows[r];
		RowData *d = &th->data[r];

		if (row->chunk_count == 0) {
			d->starts = th->small_starts + row->first;
			d->values = th->small_values + row->first;
		} else if (!map_row(th, row, d, files)) {
			return false;
		}
		if (check_order && !row_sorted(th, row, d, mapped, files))
			return false;
	}
	index_cpu_rows(th);
	return true;
}

bool history_cache_load(TraceHistory *th, const uint8_t key[32], bool check_order)
{
	int fd = open(th->path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *map;
	int files[2] = {fd, -1};
	uint64_t file_len[2] = {0, 0};

	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(HistHeader)) {
		close(fd);
		return false;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		close(fd);
		return false;
	}
	file_len[0] = (uint64_t)st.st_size;
	th->map = map;
	th->map_len = (size_t)st.st_size;
	th->mapped = true;
	if (!history_image_bind(th, map, (size_t)st.st_size, key, true, files, file_len,
	                        check_order)) {
		close(fd);
		history_trace_clear(th);
		return false;
	}
	close(fd);
	return true;
}

/* --- the API --- */

void history_trace_clear(TraceHistory *th)
{
	for (guint i = 0; i < th->n_maps; i++)
		munmap(th->maps[i].base, th->maps[i].len);
	g_clear_pointer(&th->maps, g_free);
	th->n_maps = 0;
	g_clear_pointer(&th->data, g_free);
	if (th->mapped)
		munmap(th->map, th->map_len);
	else
		g_free(th->map);
	th->map = NULL;
	th->mapped = false;
	th->hdr = NULL;
	g_clear_pointer(&th->cpu_rows, g_free);
	th->n_cpu_rows = 0;
}

LttvHistory *lttv_history_ref(LttvHistory *h)
{
	g_atomic_int_inc(&h->refs);
	return h;
}

void lttv_history_free(LttvHistory *h)
{
	/* the last reference frees */
	if (!h || g_atomic_int_add(&h->refs, -1) > 0)
		return;
	for (guint i = 0; i < h->n_traces; i++) {
		history_trace_clear(&h->traces[i]);
		g_free(h->traces[i].path);
	}
	g_free(h->traces);
	history_owner_clear(h);
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

const char *lttv_history_row_name(const LttvHistory *h, guint trace, guint row)
{
	const TraceHistory *th = th_of(h, trace);

	if (!th || row >= th->hdr->n_rows)
		return NULL;
	return lttv_history_string(h, trace, th->rows[row].name);
}

gsize lttv_history_disk_n_requests(const LttvHistory *h, guint trace, guint row)
{
	return (gsize)h->traces[trace].rows[row].req_count;
}

void lttv_history_disk_request(const LttvHistory *h, guint trace, guint row, gsize i,
                               LttvDiskRequest *out)
{
	const TraceHistory *th = &h->traces[trace];
	const HistRequest *q = &th->requests[th->rows[row].req_first + i];

	out->issue = q->issue;
	out->complete = q->complete;
	out->sector = q->sector;
	out->n_sectors = q->n_sectors;
	out->write = (q->flags & REQUEST_WRITE) != 0;
}

guint lttv_history_disk_requests_at(const LttvHistory *h, guint trace, guint row, LttvTime t,
                                    LttvDiskRequestFn fn, gpointer user_data)
{
	const TraceHistory *th = th_of(h, trace);
	const HistRequest *q;
	gsize lo = 0, hi;
	guint32 v;
	guint pending, found = 0;

	if (!th || row >= th->hdr->n_rows || th->rows[row].kind != LTTV_ROW_DISK ||
	    !lttv_history_value_at(h, trace, row, t, &v))
		return 0;
	q = th->requests + th->rows[row].req_first;
	hi = (gsize)th->rows[row].req_count;
	/* the first request issued after t */
	while (lo < hi) {
		gsize mid = lo + (hi - lo) / 2;

		if (q[mid].issue <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* back from there: the disk's pending count says how many are in
	 * flight, so the walk stops at the oldest of them */
	pending = LTTV_DISK_PENDING(v);
	while (lo > 0 && found < pending) {
		const HistRequest *r = &q[--lo];
		LttvDiskRequest out;

		if (r->complete <= t)
			continue;
		found++;
		out.issue = r->issue;
		out.complete = r->complete;
		out.sector = r->sector;
		out.n_sectors = r->n_sectors;
		out.write = (r->flags & REQUEST_WRITE) != 0;
		if (fn && !fn(&out, user_data))
			break;
	}
	return found;
}

guint lttv_history_n_threads(const LttvHistory *h, guint trace)
{
	const TraceHistory *th = th_of(h, trace);

	return th ? th->hdr->n_threads : 0;
}

void lttv_history_counters(const LttvHistory *h, guint trace, LttvStateCounters *out)
{
	const TraceHistory *th = th_of(h, trace);

	if (th)
		*out = th->hdr->counters;
	else
		memset(out, 0, sizeof *out);
}

void lttv_history_total_counters(const LttvHistory *h, LttvStateCounters *out)
{
	memset(out, 0, sizeof *out);
	for (guint t = 0; t < h->n_traces; t++)
		lttv_state_counters_add(out, &h->traces[t].hdr->counters);
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

	*starts = th->data[row].starts;
	*values = th->data[row].values;
	*n = (gsize)th->rows[row].count;
}

gsize lttv_history_search(const LttvTime *starts, gsize lo, gsize n, LttvTime t, gsize pace)
{
	gsize hi, step = 1;

	if (pace > 1 && pace < n - lo) {
		gsize g = lo + pace;

		if (starts[g] <= t) {
			lo = g;
		} else {
			/* down from g: starts[hi] > t throughout */
			hi = g;
			while (step < hi - lo && starts[hi - step] > t) {
				hi -= step;
				step *= 2;
			}
			if (step < hi - lo)
				lo = hi - step;
			goto halve;
		}
	}
	while (step < n - lo && starts[lo + step] <= t) {
		lo += step;
		step *= 2;
	}
	hi = step < n - lo ? lo + step : n;
halve:
	while (hi - lo > 1) {
		gsize mid = lo + (hi - lo) / 2;

		if (starts[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Index of the last start <= t in starts[lo, n), given starts[lo] <= t. */
static gsize last_at_or_before(const LttvTime *starts, gsize lo, gsize n, LttvTime t)
{
	return lttv_history_search(starts, lo, n, t, 0);
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

gssize lttv_history_index_at(const LttvHistory *h, guint trace, guint row, LttvTime t)
{
	const LttvTime *starts;
	const uint32_t *values;
	gsize n;

	lttv_history_row_data(h, trace, row, &starts, &values, &n);
	if (n == 0 || t < starts[0])
		return -1;
	return (gssize)last_at_or_before(starts, 0, n, t);
}

gint lttv_history_cpu_row(const LttvHistory *h, guint trace, int64_t cpu)
{
	const TraceHistory *th = th_of(h, trace);

	if (!th || cpu < 0 || cpu >= (int64_t)th->n_cpu_rows)
		return -1;
	return th->cpu_rows[cpu];
}

/* The thread of a CPU row's value (FALSE when unknown). */
static gboolean cpu_value_thread(const LttvHistory *h, guint trace, guint32 v,
                                 LttvHistoryThread *out, guint *index)
{
	guint i = LTTV_CPU_THREAD(v);

	if (i >= lttv_history_n_threads(h, trace))
		return FALSE;
	if (out)
		lttv_history_thread(h, trace, i, out);
	if (index)
		*index = i;
	return TRUE;
}

gboolean lttv_history_thread_on_cpu(const LttvHistory *h, guint trace, int64_t cpu, LttvTime t,
                                    LttvHistoryThread *out)
{
	gint row = lttv_history_cpu_row(h, trace, cpu);
	guint32 v;

	return row >= 0 && lttv_history_value_at(h, trace, (guint)row, t, &v) &&
	       cpu_value_thread(h, trace, v, out, NULL);
}

bool history_thread_before(const LttvHistory *h, guint trace, int64_t cpu, LttvTime t,
                           LttvHistoryThread *out, guint *index)
{
	gint row = lttv_history_cpu_row(h, trace, cpu);
	const LttvTime *starts;
	const uint32_t *values;
	gsize n, i;

	if (row < 0)
		return false;
	lttv_history_row_data(h, trace, (guint)row, &starts, &values, &n);
	if (n == 0 || t < starts[0])
		return false;
	i = last_at_or_before(starts, 0, n, t);
	/* the interval holding t began at t: the thread before it, if any */
	while (i > 0 && starts[i] == t)
		i--;
	return cpu_value_thread(h, trace, values[i], out, index);
}

gboolean lttv_history_event_thread(const LttvHistory *h, const LttvEvent *ev,
                                   LttvHistoryThread *out, guint *index)
{
	return history_thread_before(h, lttv_trace_index(lttv_event_trace(ev)), lttv_event_cpu(ev),
	                             lttv_event_time(ev), out, index);
}

void lttv_history_sample(const LttvHistory *h, guint trace, guint row, LttvTime t0, LttvTime t1,
                         guint cols, guint32 *values_out, guint8 *flags)
{
	const LttvTime *starts;
	const uint32_t *values;
	gsize n, i = 0, step = 0; /* step: changes in the previous column */
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
		{
			gsize was = i;

			/* on a dense row each probe is a cache miss: first
			 * where the previous column's pace says */
			i = lttv_history_search(starts, i, n, a, step);
			step = i - was;
		}
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
