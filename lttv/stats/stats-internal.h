/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The statistics' pieces: the tree and its small maps (stats-tree.c), the
 * times from the history (stats-times.c), the pass over the events
 * (stats-events.c) and the computation that joins them (stats.c). */
#ifndef LTTV_STATS_INTERNAL_H
#define LTTV_STATS_INTERNAL_H

#include "lttv/stats.h"

#include <stdint.h>

/* --- a map from 32-bit keys to pointers: open addressing, so lookups
 * cost no allocation and inserts grow it by doubling --- */
#define STATS_MAP_EMPTY UINT32_MAX

typedef struct {
	guint32 *keys;
	gpointer *vals;
	guint cap; /* a power of two, or 0 */
	guint n;
} StatsMap;

static inline gpointer stats_map_get(const StatsMap *m, guint32 key)
{
	guint mask, i;

	if (G_UNLIKELY(!m->cap))
		return NULL;
	mask = m->cap - 1;
	for (i = (key * 2654435761u) & mask;; i = (i + 1) & mask) {
		if (m->keys[i] == key)
			return m->vals[i];
		if (m->keys[i] == STATS_MAP_EMPTY)
			return NULL;
	}
}
void stats_map_put(StatsMap *m, guint32 key, gpointer val);
void stats_map_clear(StatsMap *m);

/* sums that saturate (a damaged trace's times may be far apart) */
static inline void stats_add_time(LttvTime *sum, LttvTime d)
{
	if (__builtin_add_overflow(*sum, d, sum))
		*sum = INT64_MAX;
}

/* --- the tree --- */
typedef struct StatsNode StatsNode;
struct StatsNode {
	LttvStatsNode pub; /* first: a StatsNode * is an LttvStatsNode * */
	GPtrArray *kids;   /* of StatsNode *, NULL when none */
	/* threads: their modes (key: mode) and sub-modes (key: sub-mode << 4 |
	 * mode); modes, sub-modes and CPU modes: their event types (key: the
	 * name's rank) */
	StatsMap map;
	/* the node's own part, before the sums of finishing */
	guint64 own_events;
	LttvTime own_cpu, own_elapsed;
};

struct LttvStats {
	StatsNode *root;
	GStringChunk *strings;
	LttvTime begin, end;
	gboolean partial;
	char *filter;
};

/* Statistics with only their root. */
LttvStats *stats_new(void);
/* A new child of `parent` (NULL: the root); `name` is copied. */
StatsNode *stats_node_new(LttvStats *s, StatsNode *parent, LttvStatsKind kind, int64_t id,
                          const char *name);
/* The sums up the tree, the shares, empty nodes dropped, children sorted. */
void stats_finish(LttvStats *s);

/* --- the computation's state --- */

/* A row of the history read in time order: `i` is the interval holding
 * the time just before the last time asked (as lttv_history_event_thread
 * finds it), -1 before positioning. */
typedef struct {
	const LttvTime *starts;
	const uint32_t *values;
	gsize n;
	gssize i;
	guint row;
} StatsCursor;

typedef struct {
	StatsNode *node; /* the CPU's */
	StatsNode *modes[LTTV_CPU_COUNT];
	StatsCursor cur; /* n = 0 without a row */
} StatsCpu;

typedef struct {
	StatsNode *node; /* NULL until needed */
	StatsCursor cur;
	gssize at;        /* the interval `where` is of (-2: none yet) */
	StatsNode *where; /* the mode or sub-mode node of that interval */
} StatsThread;

typedef struct {
	guint index;
	StatsNode *node, *cpus, *processes, *types;
	StatsCpu *cpu; /* by CPU number */
	guint n_cpu;
	StatsCpu no_cpu; /* events without a CPU */
	StatsThread *thread;
	guint n_threads;
	StatsThread unknown; /* events of no known thread */
	/* a trace without threads of its own (user space): its events'
	 * threads by lttv_history_event_owner(), by tid (of StatsThread *) */
	GHashTable *owners;
	StatsThread *last_owner;
	/* event names: class rank -> name rank, names, counts per name */
	guint32 *slot_of_class;
	guint n_classes;
	GPtrArray *slot_names; /* const char * (of the traceset) */
	GHashTable *slots;     /* name -> rank + 1 */
	GArray *slot_counts;   /* guint64 */
} StatsTrace;

typedef struct {
	LttvStats *s;
	const LttvHistory *h;
	LttvTraceset *ts;
	StatsTrace *traces;
	guint n_traces;
	LttvTime b, e;        /* the times' range, clamped */
	gboolean include_end; /* count the events at e too */
} StatsBuild;

static inline gssize stats_cursor_before(StatsCursor *c, const LttvHistory *h, guint trace,
                                         LttvTime t)
{
	/* (a worker's next run may go back in time: position again) */
	if (G_UNLIKELY(c->i >= 0 && t <= c->starts[c->i]))
		c->i = -1;
	if (G_UNLIKELY(c->i < 0)) {
		if (c->n == 0 || t < c->starts[0])
			return -1;
		c->i = lttv_history_index_at(h, trace, c->row, t);
		while (c->i > 0 && c->starts[c->i] >= t)
			c->i--;
	}
	while ((gsize)c->i + 1 < c->n && c->starts[c->i + 1] < t)
		c->i++;
	return c->i;
}

/* The CPU's state (a CPU met without a row of the history: created, its
 * whole range unknown). */
StatsCpu *stats_cpu_slow(StatsBuild *b, StatsTrace *tr, int64_t cpu);
StatsNode *stats_cpu_mode(StatsBuild *b, StatsCpu *c, LttvCpuMode m);
/* The thread's node, created on first use. */
StatsNode *stats_thread_node(StatsBuild *b, StatsTrace *tr, StatsThread *th);
/* The mode or sub-mode node of a thread's history value. */
StatsNode *stats_thread_where(StatsBuild *b, StatsTrace *tr, StatsThread *th, guint32 value);
/* The rank of the name of an event class met after the set-up. */
guint32 stats_class_slot_slow(StatsTrace *tr, const LttvEvent *ev);
/* The rank of an event name (given a rank when new). */
guint32 stats_name_slot(StatsTrace *tr, const char *name);
/* The node of a thread of a trace without threads of its own (user
 * space), by its tid, created in user mode on first use. */
StatsThread *stats_owner_thread(StatsBuild *b, StatsTrace *tr, int64_t tid, int64_t pid,
                                const char *name);

/* stats.c: a trace's CPUs, threads and names (b->traces[t]), and their
 * release. */
void stats_trace_setup(StatsBuild *b, guint t);
void stats_trace_clear(StatsTrace *tr);

/* CPU and thread times of [b->b, b->e) from the history. */
gboolean stats_add_times(StatsBuild *b, GCancellable *cancel, GError **error);
/* One pass over the events of the range. */
gboolean stats_count_events(StatsBuild *b, LttvFilter *filter, LttvStatsProgressFn progress,
                            gpointer user_data, GCancellable *cancel, GError **error);

#endif
