/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The scroll bar's scale: time to "bytes of trace before it", from the
 * packet index (and the events' range).  Each packet spreads its bytes
 * evenly over its time span; the sum over every packet of every stream is
 * piecewise linear, kept as its breakpoints. */
#include "ev-model.h"

#include <math.h>

struct EvScale {
	LttvTime *times; /* strictly increasing */
	double *pos;     /* non-decreasing, pos[0] = 0 */
	gsize n;
};

typedef struct {
	LttvTime t;
	double drate; /* change of bytes per ns at t */
} Edge;

static int edge_cmp(const void *a, const void *b)
{
	LttvTime x = ((const Edge *)a)->t, y = ((const Edge *)b)->t;

	return x < y ? -1 : x > y;
}

/* The times of the first and of the last event: the first and last
 * packets of a stream often begin well before, or end well after, their
 * events (a session started long before its first event), and spreading
 * their bytes over that idle time would give it a part of the bar. */
static void event_range(LttvTraceset *ts, LttvTime *first, LttvTime *last)
{
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	const LttvItem *item;
	LttvTime t = LTTV_TIME_MIN;

	*first = LTTV_TIME_MIN;
	*last = LTTV_TIME_MAX;
	while ((item = lttv_iter_next(it, NULL)) && item->kind != LTTV_ITEM_EVENT)
		;
	if (!item)
		return;
	*first = item->time;
	/* from the latest last packet of any stream to the end */
	for (guint i = 0; i < lttv_traceset_n_traces(ts); i++) {
		LttvTrace *tr = lttv_traceset_trace(ts, i);

		for (guint k = 0; k < lttv_trace_n_streams(tr); k++) {
			LttvStream *st = lttv_trace_stream(tr, k);
			guint64 n = lttv_stream_n_packets(st);
			LttvPacketInfo info;

			if (!n)
				continue;
			lttv_stream_packet(st, n - 1, &info);
			if (info.has_times)
				t = MAX(t, info.begin);
		}
	}
	if (!lttv_iter_seek(it, t, NULL))
		return;
	while ((item = lttv_iter_next(it, NULL)))
		if (item->kind == LTTV_ITEM_EVENT)
			*last = item->time;
	if (*last < *first)
		*last = LTTV_TIME_MAX;
}

EvScale *ev_scale_copy(const EvScale *from)
{
	EvScale *s = g_new0(EvScale, 1);

	s->n = from->n;
	s->times = g_memdup2(from->times, from->n * sizeof(LttvTime));
	s->pos = g_memdup2(from->pos, from->n * sizeof(double));
	return s;
}

EvScale *ev_scale_new(LttvTraceset *ts)
{
	EvScale *s = g_new0(EvScale, 1);
	g_autoptr(GArray) edges = g_array_new(FALSE, FALSE, sizeof(Edge));
	LttvTime first = LTTV_TIME_MIN, last = LTTV_TIME_MAX;
	double rate = 0, f = 0;

	if (ts)
		event_range(ts, &first, &last);
	for (guint i = 0; ts && i < lttv_traceset_n_traces(ts); i++) {
		LttvTrace *t = lttv_traceset_trace(ts, i);

		for (guint k = 0; k < lttv_trace_n_streams(t); k++) {
			LttvStream *st = lttv_trace_stream(t, k);
			guint64 n = lttv_stream_n_packets(st);

			for (guint64 p = 0; p < n; p++) {
				LttvPacketInfo info;
				LttvTime begin, end;
				double r;
				Edge e;

				lttv_stream_packet(st, p, &info);
				if (!info.has_times || info.end < info.begin)
					continue;
				/* inside the events' range; an instant packet lasts
				 * 1 ns: the sum stays continuous */
				begin = CLAMP(info.begin, first, last);
				end = CLAMP(info.end, first, last);
				if (end <= begin)
					end = begin + 1;
				r = (double)MAX(info.content_bytes, 1) / (double)(end - begin);
				e = (Edge){begin, r};
				g_array_append_val(edges, e);
				e = (Edge){end, -r};
				g_array_append_val(edges, e);
			}
		}
	}
	if (edges->len == 0)
		return s;
	qsort(edges->data, edges->len, sizeof(Edge), edge_cmp);
	s->times = g_new(LttvTime, edges->len);
	s->pos = g_new(double, edges->len);
	for (guint i = 0; i < edges->len; i++) {
		const Edge *e = &g_array_index(edges, Edge, i);

		if (s->n && s->times[s->n - 1] == e->t) {
			rate += e->drate;
			continue;
		}
		if (s->n)
			f += rate * (double)(e->t - s->times[s->n - 1]);
		s->times[s->n] = e->t;
		s->pos[s->n] = f;
		s->n++;
		rate += e->drate;
	}
	return s;
}

void ev_scale_free(EvScale *s)
{
	if (!s)
		return;
	g_free(s->times);
	g_free(s->pos);
	g_free(s);
}

double ev_scale_total(const EvScale *s)
{
	return s->n ? s->pos[s->n - 1] : 0;
}

gboolean ev_scale_range(const EvScale *s, LttvTime *begin, LttvTime *end)
{
	if (!s->n)
		return FALSE;
	if (begin)
		*begin = s->times[0];
	if (end)
		*end = s->times[s->n - 1];
	return TRUE;
}

double ev_scale_pos(const EvScale *s, LttvTime t)
{
	gsize lo = 0, hi;

	if (!s->n || t <= s->times[0])
		return 0;
	if (t >= s->times[s->n - 1])
		return s->pos[s->n - 1];
	/* the last breakpoint at or before t */
	hi = s->n - 1;
	while (hi - lo > 1) {
		gsize mid = lo + (hi - lo) / 2;

		if (s->times[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return s->pos[lo] + (s->pos[lo + 1] - s->pos[lo]) * (double)(t - s->times[lo]) /
	                            (double)(s->times[lo + 1] - s->times[lo]);
}

LttvTime ev_scale_time(const EvScale *s, double pos)
{
	gsize lo = 0, hi;
	double frac;

	if (!s->n)
		return 0;
	if (pos <= 0 || isnan(pos))
		return s->times[0];
	if (pos >= s->pos[s->n - 1])
		return s->times[s->n - 1];
	/* the first breakpoint beyond pos is hi: pos[lo] <= pos < pos[hi] */
	hi = s->n - 1;
	while (hi - lo > 1) {
		gsize mid = lo + (hi - lo) / 2;

		if (s->pos[mid] <= pos)
			lo = mid;
		else
			hi = mid;
	}
	/* (offsets from the breakpoint: a double holds no 64-bit time) */
	frac = (pos - s->pos[lo]) / (s->pos[hi] - s->pos[lo]);
	return s->times[lo] + (LttvTime)(frac * (double)(s->times[hi] - s->times[lo]));
}
