/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The events of the statistics: one pass over the range, each event
 * counted under its CPU's mode, its thread's mode or sub-mode and its
 * name.  The CPU and thread rows are read with cursors that only move
 * forward, and every node an event lands in is found in a map that
 * allocates only the first time: no allocation and no search per event. */
#include "stats/stats-internal.h"

guint32 stats_class_slot_slow(StatsTrace *tr, const LttvEvent *ev)
{
	const char *name = lttv_event_name(ev);
	guint cls = lttv_event_class_index(lttv_event_event_class(ev));
	gpointer slot = g_hash_table_lookup(tr->slots, name);
	guint64 zero = 0;

	if (!slot) {
		g_ptr_array_add(tr->slot_names, (gpointer)name);
		g_array_append_val(tr->slot_counts, zero);
		slot = GUINT_TO_POINTER(tr->slot_names->len);
		g_hash_table_insert(tr->slots, (gpointer)name, slot);
	}
	/* classes the trace's metadata added while reading */
	if (cls >= tr->n_classes) {
		tr->slot_of_class = g_renew(guint32, tr->slot_of_class, cls + 1);
		for (guint i = tr->n_classes; i < cls; i++)
			tr->slot_of_class[i] = UINT32_MAX;
		tr->n_classes = cls + 1;
	}
	tr->slot_of_class[cls] = GPOINTER_TO_UINT(slot) - 1;
	return tr->slot_of_class[cls];
}

static inline StatsNode *event_node(StatsBuild *b, StatsTrace *tr, StatsNode *where, guint32 slot)
{
	StatsNode *n = stats_map_get(&where->map, slot);

	if (G_UNLIKELY(!n)) {
		n = stats_node_new(b->s, where, LTTV_STATS_EVENT_TYPE, slot,
		                   g_ptr_array_index(tr->slot_names, slot));
		stats_map_put(&where->map, slot, n);
	}
	return n;
}

/* The mode or sub-mode node of the thread just before `t`. */
static inline StatsNode *thread_where_at(StatsBuild *b, StatsTrace *tr, StatsThread *th, LttvTime t)
{
	gssize i = stats_cursor_before(&th->cur, b->h, tr->index, t);

	if (G_UNLIKELY(i != th->at)) {
		th->where = stats_thread_where(b, tr, th, i >= 0 ? th->cur.values[i] : 0);
		th->at = i;
	}
	return th->where;
}

/* The thread of the event being counted, for the filter's state.*
 * fields: the one lttv_filter_process_from_history() would find (the
 * same rule as lttv_history_event_owner()), without its search when the
 * event's own trace knows it. */
typedef struct {
	const LttvHistory *h;
	guint trace, thread;
	gboolean known;
} ProcessLookup;

static gboolean process_of(const LttvEvent *ev, LttvFilterProcess *out, gpointer data)
{
	const ProcessLookup *p = data;
	LttvHistoryThread t;

	if (!p->known) {
		/* a user-space event: from its host's kernel trace or its
		 * context, as the filter's own lookup does */
		if (!lttv_history_event_owner(p->h, ev, &t))
			return FALSE;
	} else {
		lttv_history_thread(p->h, p->trace, p->thread, &t);
	}
	out->tid = t.tid;
	out->pid = t.pid;
	out->ppid = t.ppid;
	out->name = t.name;
	return TRUE;
}

/* The thread of a user-space event, from the kernel trace of its host or
 * its own contexts (lttv_history_event_owner): a node per tid under the
 * trace's processes, its events in user mode.  NULL when unknown. */
static StatsThread *owner_thread(StatsBuild *b, StatsTrace *tr, const LttvEvent *ev)
{
	LttvHistoryThread o;
	StatsThread *th;

	if (!lttv_history_event_owner(b->h, ev, &o) || o.tid < 0)
		return NULL;
	if (tr->last_owner && tr->last_owner->node->pub.tid == o.tid)
		return tr->last_owner;
	if (!tr->owners)
		tr->owners = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
	th = g_hash_table_lookup(tr->owners, &o.tid);
	if (!th) {
		th = g_new0(StatsThread, 1);
		th->node = stats_node_new(b->s, tr->processes, LTTV_STATS_THREAD, -2 - o.tid,
		                          o.name ? o.name : "");
		th->node->pub.tid = o.tid;
		th->node->pub.pid = o.pid;
		th->where = stats_thread_where(b, tr, th, (guint32)LTTV_MODE_USER << 4);
		/* (the key lives in the node, as long as the table) */
		g_hash_table_insert(tr->owners, &th->node->pub.tid, th);
	}
	tr->last_owner = th;
	return th;
}

static void count_event(StatsBuild *b, StatsTrace *tr, const LttvEvent *ev, LttvTime t,
                        LttvFilter *filter)
{
	int64_t cpu = lttv_event_cpu(ev);
	StatsCpu *c = cpu >= 0 && cpu < (int64_t)tr->n_cpu && tr->cpu[cpu].node
	                      ? &tr->cpu[cpu]
	                      : stats_cpu_slow(b, tr, cpu);
	gssize i = stats_cursor_before(&c->cur, b->h, tr->index, t);
	guint32 v = i >= 0 ? c->cur.values[i] : 0xffffff00u | LTTV_CPU_UNKNOWN;
	guint thread = LTTV_CPU_THREAD(v), cls;
	StatsThread *th = thread < tr->n_threads ? &tr->thread[thread] : &tr->unknown, *owner;
	guint32 slot;

	if (filter) {
		ProcessLookup p = {b->h, tr->index, thread, thread < tr->n_threads};

		if (!lttv_filter_match(filter, ev, process_of, &p))
			return;
	}
	cls = lttv_event_class_index(lttv_event_event_class(ev));
	slot = cls < tr->n_classes && tr->slot_of_class[cls] != UINT32_MAX
	               ? tr->slot_of_class[cls]
	               : stats_class_slot_slow(tr, ev);
	g_array_index(tr->slot_counts, guint64, slot)++;
	event_node(b, tr, stats_cpu_mode(b, c, LTTV_CPU_MODE(v)), slot)->own_events++;
	/* (after the filter: no thread node for events it drops) */
	owner = tr->n_threads == 0 ? owner_thread(b, tr, ev) : NULL;
	event_node(b, tr, owner ? owner->where : thread_where_at(b, tr, th, t), slot)->own_events++;
}

gboolean stats_count_events(StatsBuild *b, LttvFilter *filter, LttvStatsProgressFn progress,
                            gpointer user_data, GCancellable *cancel, GError **error)
{
	g_autoptr(LttvIter) it = lttv_iter_new(b->ts);
	const LttvTrace *last = NULL;
	StatsTrace *tr = NULL;
	const LttvItem *item;
	GError *local = NULL;
	guint64 k = 0;

	if (!lttv_iter_seek(it, b->b, error))
		return FALSE;
	while ((item = lttv_iter_next(it, &local))) {
		const LttvEvent *ev = item->event;
		LttvTime t = item->time;

		if (t > b->e || (t == b->e && !b->include_end))
			break;
		if (item->kind != LTTV_ITEM_EVENT)
			continue;
		if (G_UNLIKELY((++k & 0xffff) == 0)) {
			if (g_cancellable_set_error_if_cancelled(cancel, error))
				return FALSE;
			if (progress && b->e > b->b)
				progress((double)(t - b->b) / (double)(b->e - b->b), user_data);
		}
		if (G_UNLIKELY(lttv_event_trace(ev) != last)) {
			guint index = lttv_trace_index(lttv_event_trace(ev));

			if (index >= b->n_traces)
				continue;
			last = lttv_event_trace(ev);
			tr = &b->traces[index];
		}
		count_event(b, tr, ev, t, filter);
	}
	if (local) {
		g_propagate_error(error, local);
		return FALSE;
	}
	if (progress)
		progress(1.0, user_data);
	return !g_cancellable_set_error_if_cancelled(cancel, error);
}
