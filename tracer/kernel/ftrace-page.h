/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Iterating the records of one ftrace ring-buffer page (trace_pipe_raw),
 * little-endian kernels: see reference/ftrace-raw-format.md §3-§4. */
#ifndef LTTV_TRACER_FTRACE_PAGE_H
#define LTTV_TRACER_FTRACE_PAGE_H

#include "tracer/kernel/ftrace-format.h"

#include <stdint.h>
#include <string.h>

#define FTRACE_COMMIT_MASK   ((1u << 27) - 1)
#define FTRACE_MISSED_EVENTS (1ull << 31)
#define FTRACE_MISSED_STORED (1ull << 30)

typedef struct {
	const guint8 *data, *end; /* records */
	const guint8 *pos;
	guint64 ts;
	gboolean missed;     /* events were lost before this page */
	gint64 missed_count; /* how many, -1 when not stored */
} FtracePageIter;

/* page: page_size bytes.  Returns FALSE when the header is inconsistent. */
static inline gboolean ftrace_page_begin(FtracePageIter *it, const FtracePageHeader *h,
                                         const guint8 *page, gsize page_size)
{
	guint64 commit = 0;
	if (page_size < (gsize)h->data_offset)
		return FALSE;
	memcpy(&it->ts, page, 8);
	if (h->commit_size == 8)
		memcpy(&commit, page + h->commit_offset, 8);
	else {
		guint32 c32;
		memcpy(&c32, page + h->commit_offset, 4);
		commit = c32;
	}
	gsize size = commit & FTRACE_COMMIT_MASK;
	if (size > page_size - h->data_offset)
		return FALSE;
	it->data = it->pos = page + h->data_offset;
	it->end = it->data + size;
	it->missed = (commit & FTRACE_MISSED_EVENTS) != 0;
	it->missed_count = -1;
	if (it->missed && (commit & FTRACE_MISSED_STORED) &&
	    size + h->commit_size <= page_size - h->data_offset) {
		if (h->commit_size == 8) {
			guint64 n;
			memcpy(&n, it->end, 8);
			it->missed_count = (gint64)MIN(n, (guint64)G_MAXINT64);
		} else {
			guint32 n;
			memcpy(&n, it->end, 4);
			it->missed_count = n;
		}
	}
	return TRUE;
}

/* Next data record: its payload and time.  Returns 0 at the end of the
 * page, -1 on a malformed record (the rest of the page is skipped). */
static inline int ftrace_page_next(FtracePageIter *it, const guint8 **payload, guint32 *len,
                                   guint64 *ts)
{
	while (it->pos + 4 <= it->end) {
		guint32 word;
		memcpy(&word, it->pos, 4);
		guint32 type_len = word & 31, delta = word >> 5;
		const guint8 *arr = it->pos + 4;
		guint32 a0 = 0;
		if (arr + 4 <= it->end)
			memcpy(&a0, arr, 4);
		switch (type_len) {
		case 29: /* padding */
			if (delta == 0)
				return 0;
			if ((gsize)(it->end - arr) < 4 || a0 > (gsize)(it->end - it->pos) - 4)
				return -1;
			it->pos += 4 + (gsize)a0;
			continue;
		case 30: /* time extend */
			if (arr + 4 > it->end)
				return -1;
			it->ts += ((guint64)a0 << 27) + delta;
			it->pos += 8;
			continue;
		case 31: { /* absolute time stamp */
			if (arr + 4 > it->end)
				return -1;
			guint64 abs = ((guint64)a0 << 27) | delta;
			guint64 msb = it->ts & 0xF800000000000000ull;
			guint64 prev = it->ts;
			it->ts = abs | msb;
			if (msb && it->ts < prev)
				it->ts += 1ull << 59;
			it->pos += 8;
			continue;
		}
		case 0: /* long form: array[0] = length including itself */
			if (arr + 4 > it->end || a0 < 4 || a0 - 4 > (gsize)(it->end - arr) - 4)
				return -1;
			*payload = arr + 4;
			*len = a0 - 4;
			/* records are 4-byte aligned; a0 (checked above) may not be */
			it->pos = arr + MIN((gsize)((a0 + 3) & ~3u), (gsize)(it->end - arr));
			break;
		default: {
			guint32 n = type_len * 4;
			if (n > (gsize)(it->end - arr))
				return -1;
			*payload = arr;
			*len = n;
			it->pos = arr + n;
			break;
		}
		}
		it->ts += delta;
		*ts = it->ts;
		return 1;
	}
	return 0;
}

#endif
