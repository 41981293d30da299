/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state history: every value each entity (thread, CPU, IRQ line,
 * softirq vector, disk) of each trace took, as sorted intervals, kept in
 * memory-mapped files in the user's cache folder ($XDG_CACHE_HOME/lttv/)
 * keyed by the trace's identity, so that a second opening is instant.
 * Views ask for the value at a time, the intervals of a range, or one
 * sample per pixel column: drawing costs pixels x rows, not events.
 *
 *   g_autoptr(LttvHistory) h = lttv_history_open(ts, progress, data, cancel, &error);
 *   lttv_history_sample(h, trace, row, t0, t1, width, values, flags);
 */
#ifndef LTTV_HISTORY_H
#define LTTV_HISTORY_H

#include <gio/gio.h>
#include <glib.h>
#include <lttv/state.h>
#include <lttv/time.h>
#include <lttv/traceset.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct LttvHistory LttvHistory;

/* Called during a build, about every 0.1 s: done in [0, 1]. */
typedef void (*LttvHistoryProgressFn)(double done, gpointer user_data);

/* The history of the traceset: from the cache when every trace's file
 * there is valid (same trace files, same format version), else built by
 * running the state engine over the traceset (and saved; a cache that
 * cannot be written is not an error).  NULL with `error` on a trace
 * error or when cancelled (G_IO_ERROR_CANCELLED). */
LttvHistory *lttv_history_open(LttvTraceset *ts, LttvHistoryProgressFn progress,
                               gpointer user_data, GCancellable *cancel, GError **error);
/* The same, handing `partial` a history of what is built so far (yours to
 * free; complete up to its lttv_history_end()) every few seconds of a
 * long build, from the building thread: views draw it meanwhile. */
typedef void (*LttvHistoryPartialFn)(LttvHistory *partial, gpointer user_data);
LttvHistory *lttv_history_open_growing(LttvTraceset *ts, LttvHistoryProgressFn progress,
                                       LttvHistoryPartialFn partial, gpointer user_data,
                                       GCancellable *cancel, GError **error);
/* Drops a reference: the history is freed with its last one. */
void lttv_history_free(LttvHistory *h);
/* One more reference (thread-safe), for a worker that reads a history
 * another owner may drop meanwhile (a tab replaces its partial ones). */
LttvHistory *lttv_history_ref(LttvHistory *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LttvHistory, lttv_history_free)

/* FALSE for a partial history of a build still running. */
gboolean lttv_history_complete(const LttvHistory *h);
/* TRUE when it came from the cache. */
gboolean lttv_history_from_cache(const LttvHistory *h);
/* The cache file of a trace (for messages and tests). */
const char *lttv_history_cache_path(const LttvHistory *h, guint trace);
/* The time range covered: first item to last. */
LttvTime lttv_history_begin(const LttvHistory *h);
LttvTime lttv_history_end(const LttvHistory *h);
guint lttv_history_n_traces(const LttvHistory *h);

/* --- rows --- */

typedef enum {
	LTTV_ROW_THREAD,
	LTTV_ROW_CPU,
	LTTV_ROW_IRQ,
	LTTV_ROW_SOFTIRQ,
	LTTV_ROW_DISK,
} LttvRowKind;

guint lttv_history_n_rows(const LttvHistory *h, guint trace);
LttvRowKind lttv_history_row_kind(const LttvHistory *h, guint trace, guint row);
/* The entity: thread index (lttv_history_thread), CPU number, IRQ number,
 * softirq vector, disk dev_t. */
int64_t lttv_history_row_entity(const LttvHistory *h, guint trace, guint row);
/* The entity's name: an IRQ line's handlers from the state dump or its
 * handler events ("ahci", "ohci_hcd:usb1, ehci_hcd:usb2" for a shared
 * line), a softirq vector's ("TIMER"), a block device's from the state
 * dump ("sda"), a thread's (at the end of the trace); NULL when unknown,
 * and for CPUs. */
const char *lttv_history_row_name(const LttvHistory *h, guint trace, guint row);

typedef struct {
	int64_t tid, pid, ppid;
	const char *name;      /* at the end of the trace */
	gboolean kernel_thread;
	gboolean birth_known, exited;
	LttvTime birth, exit;
	guint row;
} LttvHistoryThread;
guint lttv_history_n_threads(const LttvHistory *h, guint trace);
void lttv_history_thread(const LttvHistory *h, guint trace, guint i, LttvHistoryThread *out);
/* What the engine met in a trace that it could not make sense of, as
 * lttv_state_counters() says of an engine replaying that trace (up to
 * lttv_history_end() in a partial history). */
void lttv_history_counters(const LttvHistory *h, guint trace, LttvStateCounters *out);
/* The same, added up over the traces. */
void lttv_history_total_counters(const LttvHistory *h, LttvStateCounters *out);
/* Sub-mode names and the like, by the ids the values hold (0: none). */
const char *lttv_history_string(const LttvHistory *h, guint trace, guint32 id);

/* --- values ---
 * Thread: bits 0-3 LttvProcessStatus, 4-7 LttvExecMode of the top of the
 *   stack, bit 8 uncertain, 9-31 its sub-mode (lttv_history_string()).
 * CPU: bits 0-7 LttvCpuMode, 8-31 the thread index running (0xffffff:
 *   unknown).
 * IRQ: bit 0 busy, bits 8-31 CPU + 1 (0: none).
 * Softirq: bits 0-7 pending, 8-15 running on how many CPUs.
 * Disk: bits 0-7 LttvDiskMode, 8-31 requests pending.
 * (Traps have no row: the engine knows of no trap entry and exit events
 * in LTTng 2.x kernel traces, and so CPUs never show LTTV_CPU_TRAP.) */
#define LTTV_THREAD_STATUS(v) ((LttvProcessStatus)((v) & 0xf))
#define LTTV_THREAD_MODE(v) ((LttvExecMode)(((v) >> 4) & 0xf))
#define LTTV_THREAD_UNCERTAIN(v) (((v) >> 8) & 1)
#define LTTV_THREAD_SUBMODE(v) ((v) >> 9)
#define LTTV_CPU_MODE(v) ((LttvCpuMode)((v) & 0xff))
#define LTTV_CPU_THREAD(v) ((v) >> 8)
#define LTTV_IRQ_BUSY(v) ((v) & 1)
#define LTTV_IRQ_CPU(v) ((int)((v) >> 8) - 1) /* -1: none */
#define LTTV_SOFTIRQ_PENDING(v) ((v) & 0xff)
#define LTTV_SOFTIRQ_RUNNING(v) (((v) >> 8) & 0xff)
#define LTTV_DISK_MODE(v) ((LttvDiskMode)((v) & 0xff))
#define LTTV_DISK_PENDING(v) ((v) >> 8)

/* The last index in [from, n) of a row's starts (lttv_history_row_data)
 * that is <= t, given starts[from] <= t: a gallop up from `from` then
 * halving; with `pace` > 1 (how far the answer probably is: the last
 * search's advance, when searching column after column), the entry that
 * far is probed first and the gallop goes from there, up or down.  On a
 * dense row each probe is a cache miss: a good pace spares most. */
gsize lttv_history_search(const LttvTime *starts, gsize from, gsize n, LttvTime t, gsize pace);

/* The row's value at time t; FALSE before its first value. */
gboolean lttv_history_value_at(const LttvHistory *h, guint trace, guint row, LttvTime t,
                               guint32 *value);
/* The row's intervals: `*n` start times (sorted) and values; interval i
 * ends where i + 1 begins, the last at lttv_history_end(). */
void lttv_history_row_data(const LttvHistory *h, guint trace, guint row, const LttvTime **starts,
                           const uint32_t **values, gsize *n);

enum {
	LTTV_SAMPLE_VALUE = 1,   /* `values[c]` holds the value at the column's start */
	LTTV_SAMPLE_SEVERAL = 2, /* the value changes inside the column */
};
/* The rank (in lttv_history_row_data()'s arrays) of the interval holding
 * `t`: the last one starting at or before it; -1 before the first. */
gssize lttv_history_index_at(const LttvHistory *h, guint trace, guint row, LttvTime t);

/* The row of a CPU (-1 when the history has none). */
gint lttv_history_cpu_row(const LttvHistory *h, guint trace, int64_t cpu);
/* The thread running on `cpu` at `t` (its idle thread when idle): FALSE
 * when unknown. */
gboolean lttv_history_thread_on_cpu(const LttvHistory *h, guint trace, int64_t cpu, LttvTime t,
                                    LttvHistoryThread *out);
/* The thread an event belongs to: the one running on the event's CPU just
 * before the event (so a sched_switch belongs to the thread it switches
 * away from), or at its time when nothing is known before.  FALSE when
 * unknown (no CPU, or no history of it).  `*index`, when not NULL, gets
 * the thread's index (lttv_history_thread()). */
gboolean lttv_history_event_thread(const LttvHistory *h, const LttvEvent *ev,
                                   LttvHistoryThread *out, guint *index);
/* The thread an event of any trace came from, as a user would name it:
 * lttv_history_event_thread() for a kernel event; for a user-space event
 * (a trace without CPU rows), the thread running on the event's CPU at its
 * time in the kernel trace of the same host (same `hostname` in the
 * environment) of the traceset, else what its context fields say (`vtid`
 * or `tid`, `vpid` or `pid`, `procname`) and its trace's environment
 * (`vpid`, `procname` of per-process traces).  Unknown parts are -1 (ids),
 * NULL (name); `row` is G_MAXUINT unless the thread is one of the event's
 * own trace.  FALSE when nothing is known. */
gboolean lttv_history_event_owner(const LttvHistory *h, const LttvEvent *ev,
                                  LttvHistoryThread *out);

/* One sample per column: column c covers [t0 + (t1 - t0) * c / cols,
 * t0 + (t1 - t0) * (c + 1) / cols). */
void lttv_history_sample(const LttvHistory *h, guint trace, guint row, LttvTime t0, LttvTime t1,
                         guint cols, guint32 *values, guint8 *flags);

/* --- block requests (disk rows) --- */

typedef struct {
	LttvTime issue;    /* block_rq_issue */
	LttvTime complete; /* block_rq_complete; LTTV_TIME_MAX when not seen
	                    * (after the end of the trace or of a partial
	                    * history) */
	int64_t sector;
	guint32 n_sectors; /* 0 when the event does not say */
	gboolean write;
} LttvDiskRequest;

/* The requests of a disk row, in issue order (0 for other rows). */
gsize lttv_history_disk_n_requests(const LttvHistory *h, guint trace, guint row);
void lttv_history_disk_request(const LttvHistory *h, guint trace, guint row, gsize i,
                               LttvDiskRequest *out);
/* Calls fn for each request in flight on a disk row at t (issued at or
 * before t, completed after it), the latest issued first, until it
 * returns FALSE; returns how many it was called for.  The walk stops at
 * the oldest request in flight (the disk's pending count at t): its cost
 * is the requests issued since then, not the row's. */
typedef gboolean (*LttvDiskRequestFn)(const LttvDiskRequest *req, gpointer user_data);
guint lttv_history_disk_requests_at(const LttvHistory *h, guint trace, guint row, LttvTime t,
                                    LttvDiskRequestFn fn, gpointer user_data);

/* --- statistics over any range --- */

/* Calls fn(value, duration) for each piece of the row's intervals inside
 * [t0, t1): durations split at any point add up exactly. */
typedef void (*LttvDurationFn)(guint32 value, LttvTime duration, gpointer user_data);
void lttv_history_row_durations(const LttvHistory *h, guint trace, guint row, LttvTime t0,
                                LttvTime t1, LttvDurationFn fn, gpointer user_data);

G_END_DECLS

#endif
