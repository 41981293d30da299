/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The events of the statistics: one pass over the range on every
 * processor (lttv_traceset_scan), each event counted under its CPU's mode,
 * its thread's mode or sub-mode and its name.  The CPU and thread rows are
 * read with cursors that move forward within a run of packets, and every
 * node an event lands in is found in a map that allocates only the first
 * time: no allocation and no search per event.  Each worker counts into a
 * tree of its own; the trees are added up at the end. */
#include "stats/stats-internal.h"

#include "lttv/scan.h"

#include <string.h>

guint32 stats_name_slot(StatsTrace *tr, const char *name)
{
	gpointer slot = g_hash_table_lookup(tr->slots, name);
	guint64 zero = 0;

	if (!slot) {
		g_ptr_array_add(tr->slot_names, (gpointer)name);
		g_array_append_val(tr->slot_counts, zero);
		slot = GUINT_TO_POINTER(tr->slot_names->len);
		g_hash_table_insert(tr->slots, (gpointer)name, slot);
	}
	return GPOINTER_TO_UINT(slot) - 1;
}

guint32 stats_class_slot_slow(StatsTrace *tr, const LttvEvent *ev)
{
	guint cls = lttv_event_class_index(lttv_event_event_class(ev));
	guint32 slot = stats_name_slot(tr, lttv_event_name(ev));

	/* classes the trace's metadata added while reading */
	if (cls >= tr->n_classes) {
		tr->slot_of_class = g_renew(guint32, tr->slot_of_class, cls + 1);
		for (guint i = tr->n_classes; i < cls; i++)
			tr->slot_of_class[i] = UINT32_MAX;
		tr->n_classes = cls + 1;
	}
	tr->slot_of_class[cls] = slot;
	return slot;
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
 * event's own trace knows it.  A user-space event's owner is looked up
 * once, for the filter and the count. */
typedef struct {
	const LttvHistory *h;
	guint trace, thread;
	gboolean known;
	int owner_found; /* 0: not looked up yet, 1: found, -1: unknown */
	LttvHistoryThread owner;
} ProcessLookup;

static const LttvHistoryThread *lookup_owner(ProcessLookup *p, const LttvEvent *ev)
{
	if (!p->owner_found)
		p->owner_found = lttv_history_event_owner(p->h, ev, &p->owner) ? 1 : -1;
	return p->owner_found > 0 ? &p->owner : NULL;
}

static gboolean process_of(const LttvEvent *ev, LttvFilterProcess *out, gpointer data)
{
	ProcessLookup *p = data;
	LttvHistoryThread t;

	if (!p->known) {
		/* a user-space event: from its host's kernel trace or its
		 * context, as the filter's own lookup does */
		const LttvHistoryThread *o = lookup_owner(p, ev);

		if (!o)
			return FALSE;
		t = *o;
	} else {
		lttv_history_thread(p->h, p->trace, p->thread, &t);
	}
	out->tid = t.tid;
	out->pid = t.pid;
	out->ppid = t.ppid;
	out->name = t.name;
	return TRUE;
}

StatsThread *stats_owner_thread(StatsBuild *b, StatsTrace *tr, int64_t tid, int64_t pid,
                                const char *name)
{
	StatsThread *th;

	if (tr->last_owner && tr->last_owner->node->pub.tid == tid)
		return tr->last_owner;
	if (!tr->owners)
		tr->owners = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
	th = g_hash_table_lookup(tr->owners, &tid);
	if (!th) {
		th = g_new0(StatsThread, 1);
		th->node = stats_node_new(b->s, tr->processes, LTTV_STATS_THREAD, -2 - tid,
		                          name ? name : "");
		th->node->pub.tid = tid;
		th->node->pub.pid = pid;
		th->where = stats_thread_where(b, tr, th, (guint32)LTTV_MODE_USER << 4);
		/* (the key lives in the node, as long as the table) */
		g_hash_table_insert(tr->owners, &th->node->pub.tid, th);
	}
	tr->last_owner = th;
	return th;
}

/* The thread of a user-space event, from the kernel trace of its host or
 * its own contexts (lttv_history_event_owner): a node per tid under the
 * trace's processes, its events in user mode.  NULL when unknown. */
static StatsThread *owner_thread(StatsBuild *b, StatsTrace *tr, ProcessLookup *p,
                                 const LttvEvent *ev)
{
	const LttvHistoryThread *o = lookup_owner(p, ev);

	if (!o || o->tid < 0)
		return NULL;
	return stats_owner_thread(b, tr, o->tid, o->pid, o->name);
}

/* A CPU's statistics, made on first use. */
static inline StatsCpu *cpu_of(StatsBuild *b, StatsTrace *tr, int64_t cpu)
{
	return cpu >= 0 && cpu < (int64_t)tr->n_cpu && tr->cpu[cpu].node
	               ? &tr->cpu[cpu]
	               : stats_cpu_slow(b, tr, cpu);
}

static void count_event(StatsBuild *b, StatsTrace *tr, const LttvEvent *ev, LttvTime t,
                        LttvFilter *filter)
{
	StatsCpu *c = cpu_of(b, tr, lttv_event_cpu(ev));
	gssize i = stats_cursor_before(&c->cur, b->h, tr->index, t);
	guint32 v = i >= 0 ? c->cur.values[i] : 0xffffff00u | LTTV_CPU_UNKNOWN;
	guint thread = LTTV_CPU_THREAD(v), cls;
	StatsThread *th = thread < tr->n_threads ? &tr->thread[thread] : &tr->unknown, *owner;
	ProcessLookup p = {b->h, tr->index, thread, thread < tr->n_threads};
	guint32 slot;

	if (filter && !lttv_filter_match(filter, ev, process_of, &p))
		return;
	cls = lttv_event_class_index(lttv_event_event_class(ev));
	slot = cls < tr->n_classes && tr->slot_of_class[cls] != UINT32_MAX
	               ? tr->slot_of_class[cls]
	               : stats_class_slot_slow(tr, ev);
	g_array_index(tr->slot_counts, guint64, slot)++;
	event_node(b, tr, stats_cpu_mode(b, c, LTTV_CPU_MODE(v)), slot)->own_events++;
	/* (after the filter: no thread node for events it drops) */
	owner = tr->n_threads == 0 ? owner_thread(b, tr, &p, ev) : NULL;
	event_node(b, tr, owner ? owner->where : thread_where_at(b, tr, th, t), slot)->own_events++;
}

/* --- the pass, on every processor --- */

/* What a scan worker counts into: worker 0 the statistics being made,
 * the others trees of their own (times left out), added in at the end. */
typedef struct {
	_Alignas(64) StatsBuild b;
	LttvFilter *filter; /* each its own: a filter caches as it matches */
	const LttvTrace *last;
	StatsTrace *tr;
} CountWorker;

typedef struct {
	CountWorker *workers;
	LttvStatsProgressFn progress;
	gpointer user_data;
} CountScan;

static gboolean count_item(const LttvItem *item, guint worker, gpointer ud, GError **error)
{
	CountWorker *w = &((CountScan *)ud)->workers[worker];
	const LttvEvent *ev = item->event;

	(void)error;
	/* (the scan's range is [b, e]) */
	if (item->kind != LTTV_ITEM_EVENT || (item->time == w->b.e && !w->b.include_end))
		return TRUE;
	if (G_UNLIKELY(lttv_event_trace(ev) != w->last)) {
		guint index = lttv_trace_index(lttv_event_trace(ev));

		if (index >= w->b.n_traces)
			return TRUE;
		w->last = lttv_event_trace(ev);
		w->tr = &w->b.traces[index];
	}
	count_event(&w->b, w->tr, ev, item->time, w->filter);
	return TRUE;
}

static void count_progress(double done, gpointer ud)
{
	CountScan *cs = ud;

	cs->progress(done, cs->user_data);
}

/* --- adding a worker's counts in --- */

static void merge_node(StatsBuild *b, StatsTrace *tr, const StatsTrace *from, StatsNode *d,
                       const StatsNode *n);

static StatsNode *merge_kid(StatsBuild *b, StatsTrace *tr, const StatsTrace *from, StatsNode *d,
                            const StatsNode *k)
{
	if (k->pub.kind == LTTV_STATS_EVENT_TYPE) /* ranks differ: by name */
		return event_node(
		        b, tr, d,
		        stats_name_slot(tr, g_ptr_array_index(from->slot_names, k->pub.id)));
	for (guint i = 0; d->kids && i < d->kids->len; i++) {
		StatsNode *c = d->kids->pdata[i];

		if (c->pub.kind == k->pub.kind && c->pub.id == k->pub.id)
			return c;
	}
	return stats_node_new(b->s, d, k->pub.kind, k->pub.id, k->pub.name);
}

static void merge_node(StatsBuild *b, StatsTrace *tr, const StatsTrace *from, StatsNode *d,
                       const StatsNode *n)
{
	d->own_events += n->own_events;
	for (guint i = 0; n->kids && i < n->kids->len; i++) {
		const StatsNode *k = n->kids->pdata[i];

		merge_node(b, tr, from, merge_kid(b, tr, from, d, k), k);
	}
}

static void merge_trace(StatsBuild *b, StatsTrace *tr, const StatsTrace *from)
{
	for (guint i = 0; i < from->slot_names->len; i++) {
		guint64 n = g_array_index(from->slot_counts, guint64, i);

		if (n)
			g_array_index(tr->slot_counts, guint64,
			              stats_name_slot(tr, from->slot_names->pdata[i])) += n;
	}
	/* CPUs and threads through their own lookups: a CPU the history
	 * lacks gets its unknown time, a thread its history's identity */
	for (guint i = 0; from->cpus->kids && i < from->cpus->kids->len; i++) {
		const StatsNode *n = from->cpus->kids->pdata[i];
		StatsCpu *c = cpu_of(b, tr, n->pub.id);

		c->node->own_events += n->own_events;
		for (guint m = 0; n->kids && m < n->kids->len; m++) {
			const StatsNode *k = n->kids->pdata[m];

			merge_node(b, tr, from, stats_cpu_mode(b, c, (LttvCpuMode)k->pub.id), k);
		}
	}
	for (guint i = 0; from->processes->kids && i < from->processes->kids->len; i++) {
		const StatsNode *n = from->processes->kids->pdata[i];
		int64_t id = n->pub.id;
		StatsNode *d;

		if (id >= 0 && id < (int64_t)tr->n_threads)
			d = stats_thread_node(b, tr, &tr->thread[id]);
		else if (id == -1)
			d = stats_thread_node(b, tr, &tr->unknown);
		else
			d = stats_owner_thread(b, tr, n->pub.tid, n->pub.pid, n->pub.name)->node;
		merge_node(b, tr, from, d, n);
	}
}

/* --- the pass --- */

static void workers_free(CountWorker *w, guint n, LttvFilter *filter)
{
	for (guint i = 0; i < n; i++) {
		if (w[i].filter != filter)
			lttv_filter_free(w[i].filter);
		if (i == 0)
			continue;
		for (guint t = 0; w[i].b.traces && t < w[i].b.n_traces; t++)
			stats_trace_clear(&w[i].b.traces[t]);
		g_free(w[i].b.traces);
		lttv_stats_free(w[i].b.s);
	}
	g_aligned_free(w);
}

gboolean stats_count_events(StatsBuild *b, LttvFilter *filter, LttvStatsProgressFn progress,
                            gpointer user_data, GCancellable *cancel, GError **error)
{
	const char *run_bytes = g_getenv("LTTV_STATS_RUN_BYTES"); /* tests: many runs */
	LttvScanOptions opt = {
	        .n_workers = lttv_scan_n_workers(0),
	        .cancellable = cancel,
	        .run_bytes = run_bytes ? g_ascii_strtoull(run_bytes, NULL, 10) : 0,
	        .use_range = TRUE,
	        .begin = b->b,
	        .end = b->e,
	};
	CountScan cs = {.progress = progress, .user_data = user_data};
	gboolean ok;

	if (progress)
		opt.progress = count_progress;
	cs.workers = g_aligned_alloc0(opt.n_workers, sizeof(CountWorker), _Alignof(CountWorker));
	cs.workers[0].b = *b;
	cs.workers[0].filter = filter;
	for (guint i = 1; i < opt.n_workers; i++) {
		CountWorker *w = &cs.workers[i];

		w->b = *b;
		w->b.s = stats_new();
		w->b.traces = g_new0(StatsTrace, MAX(b->n_traces, 1));
		for (guint t = 0; t < b->n_traces; t++)
			stats_trace_setup(&w->b, t);
		w->filter = filter ? lttv_filter_copy(filter) : NULL;
	}
	ok = lttv_traceset_scan(b->ts, &opt, count_item, &cs, error);
	/* (worker 0 counted into b itself) */
	for (guint i = 1; ok && i < opt.n_workers; i++)
		for (guint t = 0; t < b->n_traces; t++)
			merge_trace(b, &b->traces[t], &cs.workers[i].b.traces[t]);
	workers_free(cs.workers, opt.n_workers, filter);
	if (ok && progress)
		progress(1.0, user_data);
	return ok;
}
