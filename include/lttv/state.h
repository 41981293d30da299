/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state engine: what every process, CPU, IRQ line, softirq vector and
 * block device of a kernel trace was doing, updated event by event.
 *
 *   g_autoptr(LttvState) st = lttv_state_new(ts);
 *   while ((item = lttv_iter_next(it, &error)))
 *       lttv_state_apply(st, item);
 *   lttv_state_close(st, end_time);   (closes the running intervals)
 *
 * Both generations of LTTng kernel event names are understood
 * (`syscall_entry_*`, `irq_softirq_*`, and the older `sys_*`,
 * `exit_syscall`, `softirq_*`), with the state dump.  Imperfect input never
 * stops it: an exit without an entry, a switch away from a thread that was
 * not known to run, events after lost events... leave the entity
 * UNCERTAIN (lttv_process_uncertain()) until an event pins it again, and
 * are counted (LttvStateCounters).
 */
#ifndef LTTV_STATE_H
#define LTTV_STATE_H

#include <glib.h>
#include <lttv/event.h>
#include <lttv/time.h>
#include <lttv/traceset.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef enum {
	LTTV_STATUS_UNNAMED,   /* unknown */
	LTTV_STATUS_WAIT_FORK, /* created, never ran */
	LTTV_STATUS_WAIT_CPU,  /* runnable */
	LTTV_STATUS_RUN,
	LTTV_STATUS_WAIT,      /* blocked */
	LTTV_STATUS_ZOMBIE,
	LTTV_STATUS_EXIT,      /* exiting, still on a CPU */
	LTTV_STATUS_DEAD,
	LTTV_STATUS_COUNT
} LttvProcessStatus;

typedef enum {
	LTTV_MODE_UNKNOWN,
	LTTV_MODE_USER,
	LTTV_MODE_SYSCALL,
	LTTV_MODE_TRAP,
	LTTV_MODE_IRQ,
	LTTV_MODE_SOFTIRQ,
	LTTV_MODE_COUNT
} LttvExecMode;

typedef enum {
	LTTV_CPU_UNKNOWN,
	LTTV_CPU_IDLE,
	LTTV_CPU_BUSY,
	LTTV_CPU_IRQ,
	LTTV_CPU_SOFTIRQ,
	LTTV_CPU_TRAP,
	LTTV_CPU_COUNT
} LttvCpuMode;

typedef enum {
	LTTV_DISK_UNKNOWN,
	LTTV_DISK_IDLE,
	LTTV_DISK_READING,
	LTTV_DISK_WRITING,
	LTTV_DISK_COUNT
} LttvDiskMode;

const char *lttv_process_status_name(LttvProcessStatus s); /* "RUN", ... */
const char *lttv_exec_mode_name(LttvExecMode m);            /* "SYSCALL", ... */
const char *lttv_cpu_mode_name(LttvCpuMode m);              /* "idle", ... */
const char *lttv_disk_mode_name(LttvDiskMode m);            /* "reading", ... */
/* What a thread switched out waits for, from sched_switch's prev_state
 * in any kernel's encoding: WAIT_CPU (runnable or preempted), ZOMBIE
 * (exit states) or WAIT (blocked). */
LttvProcessStatus lttv_prev_state_status(int64_t prev_state);

typedef struct LttvState LttvState;
typedef struct LttvProcess LttvProcess;

/* One level of a process's execution-mode stack. */
typedef struct {
	LttvExecMode mode;
	const char *submode; /* syscall name, IRQ handler, softirq vector; NULL */
	guint32 submode_id;  /* its id in the history's strings (0: none) */
	LttvTime since;
} LttvModeFrame;

/* What the engine met that it could not make sense of. */
typedef struct {
	guint64 events;             /* events applied */
	guint64 switch_mismatches;  /* sched_switch whose prev_tid was not the
	                             * thread known to run on that CPU */
	guint64 unmatched_exits;    /* syscall/IRQ/softirq exits without entry */
	guint64 forks_of_live_tids; /* a fork's child tid already alive */
	guint64 lost_events;        /* discarded events reported by the tracer */
	guint64 uncertain_marks;    /* times an entity became UNCERTAIN */
} LttvStateCounters;

LttvState *lttv_state_new(LttvTraceset *ts);
void lttv_state_free(LttvState *st);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LttvState, lttv_state_free)

/* Applies one item of the traceset, in time order. */
void lttv_state_apply(LttvState *st, const LttvItem *item);
/* Ends the running intervals at `end` (CPU times count up to it). */
void lttv_state_close(LttvState *st, LttvTime end);
/* Time of the first item applied (LTTV_TIME_MIN before any). */
LttvTime lttv_state_begin(const LttvState *st);
void lttv_state_counters(const LttvState *st, LttvStateCounters *out);
/* Adds each counter of `c` to `sum`'s (the counters of several traces). */
void lttv_state_counters_add(LttvStateCounters *sum, const LttvStateCounters *c);
/* For a status line: the counters that mean the engine lost track of
 * something (lost events, switches from an unexpected thread, exits
 * without entry, forks of a live tid), those above zero, as "3 lost
 * events, 1 exit without entry"; NULL when there are none.  g_free it. */
char *lttv_state_counters_describe(const LttvStateCounters *c);

/* --- per trace: processes, CPUs, IRQs, softirqs, disks --- */
guint lttv_state_n_traces(const LttvState *st);

/* Every thread ever seen, in order of appearance (a reused tid is a new
 * thread); the idle thread of each CPU (tid 0) included. */
guint lttv_state_n_processes(const LttvState *st, guint trace);
const LttvProcess *lttv_state_process(const LttvState *st, guint trace, guint i);
/* The thread alive with this tid now (NULL if none). */
const LttvProcess *lttv_state_find_tid(const LttvState *st, guint trace, int64_t tid);

int64_t lttv_process_tid(const LttvProcess *p);
int64_t lttv_process_pid(const LttvProcess *p);   /* -1 if unknown */
int64_t lttv_process_ppid(const LttvProcess *p);  /* -1 if unknown */
const char *lttv_process_name(const LttvProcess *p);
LttvProcessStatus lttv_process_status(const LttvProcess *p);
gboolean lttv_process_uncertain(const LttvProcess *p);
gboolean lttv_process_kernel_thread(const LttvProcess *p);
int lttv_process_cpu(const LttvProcess *p);       /* last CPU, -1 if none */
/* Creation time; FALSE when it happened before the trace. */
gboolean lttv_process_birth(const LttvProcess *p, LttvTime *t);
/* Exit time; FALSE while alive. */
gboolean lttv_process_exit(const LttvProcess *p, LttvTime *t);
LttvTime lttv_process_cpu_time(const LttvProcess *p); /* ns spent RUN */
guint lttv_process_stack_depth(const LttvProcess *p);
const LttvModeFrame *lttv_process_stack(const LttvProcess *p, guint level); /* 0 = bottom */

guint lttv_state_n_cpus(const LttvState *st, guint trace); /* highest CPU + 1 */
LttvCpuMode lttv_state_cpu_mode(const LttvState *st, guint trace, guint cpu);
/* The thread running on the CPU (its idle thread when idle), NULL if unknown. */
const LttvProcess *lttv_state_cpu_running(const LttvState *st, guint trace, guint cpu);
/* Time its idle thread ran, and time other threads ran (ns). */
LttvTime lttv_state_cpu_idle_time(const LttvState *st, guint trace, guint cpu);
LttvTime lttv_state_cpu_busy_time(const LttvState *st, guint trace, guint cpu);

typedef struct {
	int64_t irq;
	const char *name;   /* handler (action) name from the state dump or the
	                     * irq_handler_entry event; NULL if unknown */
	gboolean busy;
	int cpu;            /* where it runs when busy */
	guint64 count;      /* handler entries */
} LttvIrqInfo;
guint lttv_state_n_irqs(const LttvState *st, guint trace);
void lttv_state_irq(const LttvState *st, guint trace, guint i, LttvIrqInfo *out);

typedef struct {
	guint vec;
	const char *name;   /* "TIMER", "NET_RX", ... */
	guint pending;      /* raised, not yet running */
	guint running;      /* on how many CPUs */
	guint64 count;
} LttvSoftirqInfo;
guint lttv_state_n_softirqs(const LttvState *st, guint trace);
void lttv_state_softirq(const LttvState *st, guint trace, guint i, LttvSoftirqInfo *out);

typedef struct {
	uint64_t dev;       /* kernel dev_t: major << 20 | minor */
	const char *name;   /* from the state dump, NULL if unknown */
	LttvDiskMode mode;
	guint pending;      /* requests issued, not completed */
	guint64 reads, writes;
	LttvTime busy_reading, busy_writing; /* ns */
} LttvDiskInfo;
guint lttv_state_n_disks(const LttvState *st, guint trace);
void lttv_state_disk(const LttvState *st, guint trace, guint i, LttvDiskInfo *out);

G_END_DECLS

#endif
