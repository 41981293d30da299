/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Statistics over any time range of a traceset, from its state history:
 * per trace, the time each CPU and each thread spent in each mode and
 * sub-mode, and where the events of the range happened.  One pass over
 * the events of the range (times come from the history alone); what
 * `lttv stats` prints and the statistics view shows.
 *
 *   g_autoptr(LttvStats) s = lttv_stats_compute(ts, history, t0, t1, filter,
 *                                                progress, data, cancel, &error);
 *   const LttvStatsNode *root = lttv_stats_root(s);
 *
 * The tree (kinds in parentheses):
 *
 *   traceset (ROOT)
 *   └ trace (TRACE)
 *     ├ CPUs (CPUS)
 *     │ └ CPU n (CPU)
 *     │   └ CPU mode: idle, busy, irq, softirq, trap, unknown (CPU_MODE)
 *     │     └ event type (EVENT_TYPE)
 *     ├ Processes (PROCESSES)
 *     │ └ thread (THREAD)
 *     │   └ execution mode: USER, SYSCALL, TRAP, IRQ, SOFTIRQ, UNKNOWN (MODE)
 *     │     ├ sub-mode: system call, IRQ handler, softirq vector (SUBMODE)
 *     │     │ └ event type
 *     │     └ event type (in the mode, without a sub-mode)
 *     └ Event types (EVENT_TYPES)
 *       └ event type
 *
 * Times:
 * - thread mode and sub-mode: `cpu_time` is the time the thread ran (RUN
 *   or EXIT) with it on top of its stack; `elapsed` adds the time it was
 *   preempted or blocked (WAIT_CPU, WAIT) with it on top (as LTTV's
 *   classic statistics).  A mode's times include its sub-modes'.
 * - thread: the sums of its modes; `status_time` the time in each status.
 * - CPU mode: `cpu_time` = `elapsed` = the time the CPU spent in it.  Time
 *   the history does not cover for a CPU counts as unknown, so the modes
 *   of a CPU add up to the range.
 * - CPU: `cpu_time` is the time it was not idle (busy, irq, softirq,
 *   trap); `elapsed` the range (its modes' sum).
 * - CPUs, Processes, the root: the sums of their children; a trace: its
 *   CPUs' times.  Event types and event type: no times.
 * - `share`: cpu_time / the length of the range (above 1 for sums over
 *   several CPUs).
 *
 * Events: each event of the range (that the filter keeps) counts once
 * under CPUs (its CPU, in the CPU's mode just before the event), once
 * under Processes (the thread of lttv_history_event_thread(), in its mode
 * and sub-mode just before the event, so a sched_switch counts for the
 * thread switched away from, in the mode it leaves the CPU in) and once
 * under Event types.  A trace's `events` is its number of events.  Events
 * without a CPU go to a CPU node of id -1, events whose thread is unknown
 * to a thread node of id -1.  The filter restricts events only: times are
 * the history's.
 *
 * Nodes with nothing in the range (no event, no time) are left out, but
 * for threads that existed in it (some status time): zombies, say.
 *
 * Range: times over [t0, t1) clamped to the history's span (a partial
 * history: up to its end); events in [t0, t1), and, when t1 reaches the
 * end of the history, also those at its end (pass LTTV_TIME_MIN and
 * LTTV_TIME_MAX for everything).  Splitting a range at any time splits
 * every number exactly.
 */
#ifndef LTTV_STATS_H
#define LTTV_STATS_H

#include <gio/gio.h>
#include <glib.h>
#include <lttv/filter.h>
#include <lttv/history.h>
#include <lttv/state.h>
#include <lttv/time.h>
#include <lttv/traceset.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef enum {
	LTTV_STATS_ROOT,
	LTTV_STATS_TRACE, /* id: the trace's index */
	LTTV_STATS_CPUS,
	LTTV_STATS_CPU,      /* id: CPU number, -1 for events without a CPU */
	LTTV_STATS_CPU_MODE, /* id: LttvCpuMode */
	LTTV_STATS_PROCESSES,
	/* id: lttv_history_thread() index, -1: unknown thread; in a trace
	 * without threads of its own (user space), -2 - tid of the thread
	 * lttv_history_event_owner() gives its events (counted in USER mode) */
	LTTV_STATS_THREAD,
	LTTV_STATS_MODE,    /* id: LttvExecMode */
	LTTV_STATS_SUBMODE, /* id: its lttv_history_string() id */
	LTTV_STATS_EVENT_TYPES,
	LTTV_STATS_EVENT_TYPE, /* id: rank of its name among the trace's */
	LTTV_STATS_KIND_COUNT
} LttvStatsKind;

typedef struct LttvStatsNode LttvStatsNode;
struct LttvStatsNode {
	LttvStatsKind kind;
	int64_t id;
	/* trace name, "CPU 3", mode name ("SYSCALL", "idle"), thread name,
	 * system call, IRQ handler or softirq name, event name; "" when
	 * unknown.  Owned by the statistics. */
	const char *name;
	int64_t tid, pid; /* threads (-1: unknown); -1 elsewhere */
	guint64 events;
	LttvTime cpu_time, elapsed;
	double share;
	LttvTime status_time[LTTV_STATUS_COUNT]; /* threads only */
	const LttvStatsNode *parent;             /* NULL for the root */
	/* CPUs by number (-1 last), modes in enumeration order, threads by
	 * CPU time (user-space threads, without any, by event count; the
	 * unknown thread last), sub-modes by CPU time, then event types by
	 * count */
	LttvStatsNode *const *children;
	guint n_children;
};

typedef struct LttvStats LttvStats;

/* Called about every 65536 events: done in [0, 1]. */
typedef void (*LttvStatsProgressFn)(double done, gpointer user_data);

/* The statistics of [t0, t1] (see "Range" above) of `ts`, whose history
 * `h` is (the same traces in the same order; a partial history gives
 * partial statistics, lttv_stats_partial()).  `filter` (NULL: every
 * event) restricts the events counted; it is used from this thread only.
 * `ts` is read with an iterator of its own: no other thread may use it
 * meanwhile.  NULL with `error` on a trace error, on a history of other
 * traces, or when cancelled (G_IO_ERROR_CANCELLED). */
LttvStats *lttv_stats_compute(LttvTraceset *ts, const LttvHistory *h, LttvTime t0, LttvTime t1,
                              LttvFilter *filter, LttvStatsProgressFn progress, gpointer user_data,
                              GCancellable *cancel, GError **error);
void lttv_stats_free(LttvStats *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LttvStats, lttv_stats_free)

const LttvStatsNode *lttv_stats_root(const LttvStats *s);
/* The range the times cover (the one asked, clamped to the history). */
LttvTime lttv_stats_begin(const LttvStats *s);
LttvTime lttv_stats_end(const LttvStats *s);
/* TRUE when computed on a partial history (lttv_history_complete()). */
gboolean lttv_stats_partial(const LttvStats *s);
/* The filter expression used (NULL: none). */
const char *lttv_stats_filter(const LttvStats *s);

/* The first child of `n` of that kind and id, NULL when none. */
const LttvStatsNode *lttv_stats_child(const LttvStatsNode *n, LttvStatsKind kind, int64_t id);
/* The first child of `n` of that kind and name, NULL when none. */
const LttvStatsNode *lttv_stats_child_named(const LttvStatsNode *n, LttvStatsKind kind,
                                            const char *name);
/* "root", "trace", "cpus", "cpu", "cpu_mode", "processes", "thread",
 * "mode", "submode", "event_types", "event_type": for CSV and layouts. */
const char *lttv_stats_kind_name(LttvStatsKind kind);

G_END_DECLS

#endif
