/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The statistics tree: its nodes, their maps, and the finishing sums. */
#include "stats/stats-internal.h"

#include <string.h>

/* --- maps --- */

static void map_insert(StatsMap *m, guint32 key, gpointer val)
{
	guint mask = m->cap - 1, i;

	for (i = (key * 2654435761u) & mask; m->keys[i] != STATS_MAP_EMPTY; i = (i + 1) & mask)
		if (m->keys[i] == key) {
			m->vals[i] = val;
			return;
		}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
}

void stats_map_put(StatsMap *m, guint32 key, gpointer val)
{
	/* at most half full, so that probes stay short */
	if ((m->n + 1) * 2 > m->cap) {
		StatsMap old = *m;

		m->cap = old.cap ? old.cap * 2 : 8;
		m->n = 0;
		m->keys = g_new(guint32, m->cap);
		m->vals = g_new(gpointer, m->cap);
		memset(m->keys, 0xff, sizeof(guint32) * m->cap);
		for (guint i = 0; i < old.cap; i++)
			if (old.keys[i] != STATS_MAP_EMPTY)
				map_insert(m, old.keys[i], old.vals[i]);
		g_free(old.keys);
		g_free(old.vals);
	}
	map_insert(m, key, val);
}

void stats_map_clear(StatsMap *m)
{
	g_clear_pointer(&m->keys, g_free);
	g_clear_pointer(&m->vals, g_free);
	m->cap = m->n = 0;
}

/* --- nodes --- */

LttvStats *stats_new(void)
{
	LttvStats *s = g_new0(LttvStats, 1);

	s->strings = g_string_chunk_new(4096);
	s->root = stats_node_new(s, NULL, LTTV_STATS_ROOT, 0, "");
	return s;
}

StatsNode *stats_node_new(LttvStats *s, StatsNode *parent, LttvStatsKind kind, int64_t id,
                          const char *name)
{
	StatsNode *n = g_new0(StatsNode, 1);

	n->pub.kind = kind;
	n->pub.id = id;
	n->pub.name = g_string_chunk_insert_const(s->strings, name ? name : "");
	n->pub.tid = n->pub.pid = -1;
	n->pub.parent = parent ? &parent->pub : NULL;
	if (parent) {
		if (!parent->kids)
			parent->kids = g_ptr_array_new();
		g_ptr_array_add(parent->kids, n);
	}
	return n;
}

static void node_free(StatsNode *n)
{
	for (guint i = 0; n->kids && i < n->kids->len; i++)
		node_free(n->kids->pdata[i]);
	if (n->kids)
		g_ptr_array_free(n->kids, TRUE);
	stats_map_clear(&n->map);
	g_free(n);
}

/* --- finishing --- */

/* Nodes with nothing in the range (a thread that only existed there, as
 * a zombie say, keeps its status times: a range split in two adds up). */
static gboolean droppable(const StatsNode *n)
{
	switch (n->pub.kind) {
	case LTTV_STATS_THREAD:
		for (int s = 0; s < LTTV_STATUS_COUNT; s++)
			if (n->pub.status_time[s])
				return FALSE;
		/* fall through */
	case LTTV_STATS_CPU_MODE:
	case LTTV_STATS_MODE:
	case LTTV_STATS_SUBMODE:
	case LTTV_STATS_EVENT_TYPE:
		return n->pub.events == 0 && n->pub.cpu_time == 0 && n->pub.elapsed == 0;
	default: return FALSE;
	}
}

/* larger first, then by name */
static int by_size(LttvTime ta, LttvTime tb, guint64 ea, guint64 eb, const char *na, const char *nb)
{
	if (ta != tb)
		return ta > tb ? -1 : 1;
	if (ea != eb)
		return ea > eb ? -1 : 1;
	return strcmp(na, nb);
}

static int compare_nodes(gconstpointer pa, gconstpointer pb)
{
	const LttvStatsNode *a = *(LttvStatsNode *const *)pa, *b = *(LttvStatsNode *const *)pb;

	/* sub-modes before the event types of their mode */
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	switch (a->kind) {
	case LTTV_STATS_CPU:
	case LTTV_STATS_THREAD:
		/* the unknown one (-1) last */
		if ((a->id < 0) != (b->id < 0))
			return a->id < 0 ? 1 : -1;
		if (a->kind == LTTV_STATS_THREAD && a->cpu_time != b->cpu_time)
			return a->cpu_time > b->cpu_time ? -1 : 1;
		/* user-space threads (no CPU time): by events, then tid */
		if (a->kind == LTTV_STATS_THREAD && a->id <= -2 && b->id <= -2) {
			if (a->events != b->events)
				return a->events > b->events ? -1 : 1;
			return a->tid < b->tid ? -1 : a->tid > b->tid;
		}
		return a->id < b->id ? -1 : a->id > b->id;
	case LTTV_STATS_SUBMODE:
		return by_size(a->cpu_time, b->cpu_time, a->events, b->events, a->name, b->name);
	case LTTV_STATS_EVENT_TYPE: return by_size(0, 0, a->events, b->events, a->name, b->name);
	default: return a->id < b->id ? -1 : a->id > b->id;
	}
}

static void finish_node(StatsNode *n, LttvTime len)
{
	LttvStatsNode *p = &n->pub;
	guint keep = 0;

	p->events = n->own_events;
	p->cpu_time = n->own_cpu;
	p->elapsed = n->own_elapsed;
	for (guint i = 0; n->kids && i < n->kids->len; i++) {
		StatsNode *k = n->kids->pdata[i];
		const LttvStatsNode *kp = &k->pub;

		finish_node(k, len);
		if (droppable(k)) {
			node_free(k);
			continue;
		}
		n->kids->pdata[keep++] = k;
		switch (p->kind) {
		case LTTV_STATS_TRACE:
			/* its events once (from its event types), its CPUs' times */
			if (kp->kind == LTTV_STATS_EVENT_TYPES)
				p->events = kp->events;
			if (kp->kind == LTTV_STATS_CPUS) {
				p->cpu_time = kp->cpu_time;
				p->elapsed = kp->elapsed;
			}
			break;
		case LTTV_STATS_CPU:
			p->events += kp->events;
			if (kp->id != LTTV_CPU_IDLE && kp->id != LTTV_CPU_UNKNOWN)
				stats_add_time(&p->cpu_time, kp->cpu_time);
			stats_add_time(&p->elapsed, kp->elapsed);
			break;
		default:
			p->events += kp->events;
			stats_add_time(&p->cpu_time, kp->cpu_time);
			stats_add_time(&p->elapsed, kp->elapsed);
		}
	}
	if (n->kids) {
		g_ptr_array_set_size(n->kids, keep);
		if (p->kind != LTTV_STATS_ROOT && p->kind != LTTV_STATS_TRACE)
			g_ptr_array_sort(n->kids, compare_nodes);
		p->children = (LttvStatsNode *const *)n->kids->pdata;
		p->n_children = n->kids->len;
	}
	p->share = len > 0 ? (double)p->cpu_time / (double)len : 0;
	stats_map_clear(&n->map);
}

void stats_finish(LttvStats *s)
{
	finish_node(s->root, s->end - s->begin);
}

/* --- the API --- */

void lttv_stats_free(LttvStats *s)
{
	if (!s)
		return;
	if (s->root)
		node_free(s->root);
	g_string_chunk_free(s->strings);
	g_free(s->filter);
	g_free(s);
}

const LttvStatsNode *lttv_stats_root(const LttvStats *s)
{
	return &s->root->pub;
}

LttvTime lttv_stats_begin(const LttvStats *s)
{
	return s->begin;
}

LttvTime lttv_stats_end(const LttvStats *s)
{
	return s->end;
}

gboolean lttv_stats_partial(const LttvStats *s)
{
	return s->partial;
}

const char *lttv_stats_filter(const LttvStats *s)
{
	return s->filter;
}

const LttvStatsNode *lttv_stats_child(const LttvStatsNode *n, LttvStatsKind kind, int64_t id)
{
	for (guint i = 0; n && i < n->n_children; i++)
		if (n->children[i]->kind == kind && n->children[i]->id == id)
			return n->children[i];
	return NULL;
}

const LttvStatsNode *lttv_stats_child_named(const LttvStatsNode *n, LttvStatsKind kind,
                                            const char *name)
{
	for (guint i = 0; n && i < n->n_children; i++)
		if (n->children[i]->kind == kind && strcmp(n->children[i]->name, name) == 0)
			return n->children[i];
	return NULL;
}

const char *lttv_stats_kind_name(LttvStatsKind kind)
{
	static const char *const names[] = {
	        "root",   "trace", "cpus",    "cpu",         "cpu_mode",   "processes",
	        "thread", "mode",  "submode", "event_types", "event_type",
	};

	G_STATIC_ASSERT(G_N_ELEMENTS(names) == LTTV_STATS_KIND_COUNT);
	return (guint)kind < G_N_ELEMENTS(names) ? names[kind] : "?";
}
