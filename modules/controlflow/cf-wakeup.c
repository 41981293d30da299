/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Wakeup arrows.  The state history keeps each thread's state, not who
 * woke whom, so the arrows come from the trace itself: the
 * sched_wakeup/sched_wakeup_new events of the window (sched_waking when
 * the trace has no sched_wakeup) name the woken tid; the waker is the
 * thread the history says was running on the event's CPU then. */
#include "cf.h"

#include <lttv/event.h>
#include <math.h>
#include <string.h>

static gboolean is_wakeup(const char *name, gboolean use_waking)
{
	if (use_waking)
		return g_str_equal(name, "sched_waking");
	return g_str_equal(name, "sched_wakeup") || g_str_equal(name, "sched_wakeup_new");
}

/* sched_waking only when no trace has sched_wakeup */
static gboolean traces_use_waking(LttvTraceset *ts)
{
	gboolean waking = FALSE;

	for (guint t = 0; t < lttv_traceset_n_traces(ts); t++) {
		LttvTrace *trace = lttv_traceset_trace(ts, t);

		for (guint i = 0; i < lttv_trace_n_event_classes(trace); i++) {
			const char *n = lttv_event_class_name(lttv_trace_event_class(trace, i));

			if (g_str_equal(n, "sched_wakeup"))
				return FALSE;
			if (g_str_equal(n, "sched_waking"))
				waking = TRUE;
		}
	}
	return waking;
}

GArray *cf_wakeups_scan(LttvTraceset *ts, LttvTime t0, LttvTime t1, guint64 max_events,
                        gboolean *truncated, GCancellable *cancel, GError **error)
{
	g_autoptr(GArray) out = g_array_new(FALSE, FALSE, sizeof(CfWakeup));
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	gboolean waking = traces_use_waking(ts);
	const LttvItem *item;
	GError *local = NULL;
	guint64 k = 0;

	*truncated = FALSE;
	if (!lttv_iter_seek(it, t0, error))
		return NULL;
	while ((item = lttv_iter_next(it, &local)) && item->time <= t1) {
		const LttvEvent *ev = item->event;
		LttvEventClass *ec;
		const LttvField *f;
		CfWakeup w;

		if (++k > max_events) {
			*truncated = TRUE;
			break;
		}
		if ((k & 0xffff) == 0 && g_cancellable_set_error_if_cancelled(cancel, error))
			return NULL;
		if (item->kind != LTTV_ITEM_EVENT || !is_wakeup(lttv_event_name(ev), waking))
			continue;
		ec = lttv_event_event_class(ev);
		f = lttv_event_class_field(ec, "tid");
		if (!f || !lttv_event_get_int(ev, f, &w.tid))
			continue;
		w.time = item->time;
		w.cpu = lttv_event_cpu(ev);
		w.trace = 0;
		for (guint t = 0; t < lttv_traceset_n_traces(ts); t++)
			if (lttv_traceset_trace(ts, t) == lttv_event_trace(ev))
				w.trace = t;
		g_array_append_val(out, w);
	}
	if (local) {
		g_propagate_error(error, local);
		return NULL;
	}
	return g_steal_pointer(&out);
}

/* The thread running on `cpu` at `t` (its history thread index), or -1. */
static gint64 running_on(const LttvHistory *h, guint trace, gint64 cpu, LttvTime t)
{
	for (guint row = 0; cpu >= 0 && row < lttv_history_n_rows(h, trace); row++) {
		guint32 v;

		if (lttv_history_row_kind(h, trace, row) != LTTV_ROW_CPU ||
		    lttv_history_row_entity(h, trace, row) != cpu)
			continue;
		if (!lttv_history_value_at(h, trace, row, t, &v) || LTTV_CPU_THREAD(v) == 0xffffff)
			return -1;
		return LTTV_CPU_THREAD(v);
	}
	return -1;
}

/* The shown row of the thread `tid` alive at `t` (latest born before). */
static int row_of_tid(GHashTable *by_tid, gint64 tid, guint trace, LttvTime t)
{
	GPtrArray *list = g_hash_table_lookup(by_tid, &tid);
	int best = -1;
	const CfRow *best_row = NULL;

	for (guint i = 0; list && i < list->len; i += 2) {
		const CfRow *r = list->pdata[i];

		if (r->trace != trace || (r->birth_known && r->birth > t))
			continue;
		if (!best_row ||
		    (r->birth_known && (!best_row->birth_known || r->birth > best_row->birth))) {
			best_row = r;
			best = GPOINTER_TO_INT(list->pdata[i + 1]);
		}
	}
	return best;
}

void cf_draw_wakeups(cairo_t *cr, const LttvHistory *h, const GArray *wakeups,
                     const CfRow *const *rows, guint n, double y0, const CfDrawParams *p)
{
	g_autoptr(GHashTable) by_tid = NULL;
	g_autoptr(GHashTable) by_thread = NULL;

	if (!wakeups || !wakeups->len || !n)
		return;
	/* tid -> [row, index, row, index...]; (trace, thread) -> index + 1 */
	by_tid = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
	                               (GDestroyNotify)g_ptr_array_unref);
	by_thread = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (guint i = 0; i < n; i++) {
		GPtrArray *list = g_hash_table_lookup(by_tid, &rows[i]->tid);

		if (!list) {
			list = g_ptr_array_new();
			g_hash_table_insert(by_tid, (gpointer)&rows[i]->tid, list);
		}
		g_ptr_array_add(list, (gpointer)rows[i]);
		g_ptr_array_add(list, GINT_TO_POINTER(i));
		g_hash_table_insert(by_thread,
		                    GUINT_TO_POINTER((rows[i]->trace << 24) ^ rows[i]->thread),
		                    GINT_TO_POINTER(i + 1));
	}
	cairo_save(cr);
	cairo_set_line_width(cr, 1);
	for (guint i = 0; i < wakeups->len; i++) {
		const CfWakeup *w = &g_array_index(wakeups, CfWakeup, i);
		gint64 waker = running_on(h, w->trace, w->cpu, w->time);
		int to = row_of_tid(by_tid, w->tid, w->trace, w->time), from;
		double x, ya, yb, dir;

		if (to < 0 || waker < 0 || w->time < p->t0 || w->time > p->t1)
			continue;
		from = GPOINTER_TO_INT(g_hash_table_lookup(
		               by_thread, GUINT_TO_POINTER((w->trace << 24) ^ (guint)waker))) -
		       1;
		if (from < 0 || from == to)
			continue;
		x = p->x + floor(lttv_timeline_time_to_x(p->t0, p->t1, p->w, w->time)) + 0.5;
		ya = y0 + (from + 0.5) * p->row_h;
		yb = y0 + (to + 0.5) * p->row_h;
		dir = yb > ya ? 1 : -1;
		cairo_set_source_rgb(cr, 0.3, 0.95, 1.0);
		cairo_move_to(cr, x, ya);
		cairo_line_to(cr, x, yb - dir * 4);
		cairo_stroke(cr);
		cairo_move_to(cr, x, yb);
		cairo_line_to(cr, x - 3.5, yb - dir * 6);
		cairo_line_to(cr, x + 3.5, yb - dir * 6);
		cairo_close_path(cr);
		cairo_fill(cr);
	}
	cairo_restore(cr);
}
