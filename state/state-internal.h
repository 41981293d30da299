/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state engine's model (model.c) and its event handlers (handlers.c). */
#ifndef LTTV_STATE_INTERNAL_H
#define LTTV_STATE_INTERNAL_H

#include "lttv/state.h"

#include <stdbool.h>

/* History rows: one per entity, in order of appearance. */
typedef enum { ROW_THREAD, ROW_CPU, ROW_IRQ, ROW_SOFTIRQ, ROW_DISK } RowKind;

typedef struct {
	uint8_t kind;            /* RowKind */
	bool dirty;              /* in TraceState.dirty */
	bool has_last;
	uint32_t index;          /* into all / cpus / irqs / softirqs / disks */
	uint32_t last;           /* last value recorded */
	uint64_t changes;        /* values recorded (the history's intervals) */
	/* where values `first` to `changes` are recorded, room for `cap`
	 * (LttvState.grow makes more; the ones before are in the history's
	 * file) */
	LttvTime *starts;
	uint32_t *values;
	uint64_t cap;
	uint64_t first;
} RowInfo;

struct LttvProcess {
	uint32_t row;
	uint32_t index;          /* in TraceState.all */
	int64_t tid, pid, ppid;
	const char *name;        /* interned */
	LttvProcessStatus status;
	bool uncertain;
	bool kernel_thread;
	bool birth_known, exited, alive;
	int cpu;
	LttvTime birth, exit_time;
	LttvTime cpu_time;       /* RUN time, closed intervals */
	LttvTime run_since;      /* start of the current RUN interval */
	/* the execution-mode stack, never empty: in stack_small until it
	 * outgrows it (no allocation per process, no call per push) */
	LttvModeFrame *stack;
	guint stack_len, stack_cap;
	LttvModeFrame stack_small[4];
};

typedef struct {
	uint32_t row;
	LttvProcess *running;    /* NULL: unknown */
	LttvProcess *idle;       /* its tid 0 */
	bool seen;               /* an event of this CPU was applied */
	bool uncertain;          /* events of this CPU were lost */
	guint in_irq, in_softirq;
	LttvTime busy_time;      /* non-idle threads' RUN time, closed intervals */
} CpuState;

typedef struct {
	uint32_t row;
	int64_t irq;
	const char *name;
	uint32_t name_id;
	bool busy;
	int cpu;
	guint64 count;
} IrqState;

typedef struct {
	uint32_t row;
	uint32_t name_id;
	bool known;
	guint pending, running;
	guint64 count;
} SoftirqState;

typedef struct {
	uint32_t row;
	uint64_t dev;
	const char *name;
	GHashTable *requests;    /* sector -> is_write | (index in TraceState.requests + 1) << 1 */
	guint pending_reads, pending_writes;
	LttvDiskMode mode;
	LttvTime since;          /* of the current mode */
	guint64 reads, writes;
	LttvTime busy_reading, busy_writing;
} DiskState;

/* A block request, kept for the history (request latencies). */
typedef struct {
	LttvTime issue, complete; /* complete: LTTV_TIME_MAX while in flight */
	int64_t sector;
	uint32_t row;             /* the disk's history row */
	uint32_t n_sectors;
	bool write;
} DiskRequest;

typedef enum {
	H_NONE,
	H_SCHED_SWITCH,
	H_SCHED_WAKEUP,
	H_FORK,
	H_EXIT,
	H_FREE,
	H_EXEC,
	H_SYSCALL_ENTRY,
	H_SYSCALL_EXIT,
	H_IRQ_ENTRY,
	H_IRQ_EXIT,
	H_SOFTIRQ_RAISE,
	H_SOFTIRQ_ENTRY,
	H_SOFTIRQ_EXIT,
	H_STATEDUMP_PROCESS,
	H_STATEDUMP_INTERRUPT,
	H_STATEDUMP_BLOCK_DEVICE,
	H_BLOCK_ISSUE,
	H_BLOCK_COMPLETE,
} HandlerKind;

#define HANDLER_MAX_FIELDS 10

/* tid -> thread, open addressing (GHashTable costs more per event). */
typedef struct {
	int64_t *keys;           /* TID_EMPTY, TID_GONE or a tid */
	LttvProcess **vals;
	size_t cap, used;        /* used: keys not TID_EMPTY */
} TidTable;

LttvProcess *tid_table_get(const TidTable *tt, int64_t tid);
void tid_table_set(TidTable *tt, int64_t tid, LttvProcess *p);
void tid_table_remove(TidTable *tt, int64_t tid);

/* How the record's encoder reads a field (record.c): at a constant byte
 * offset in an event scope, one load for an integer, a copy for a text
 * array; else through the field's handle. */
typedef enum {
	READ_HANDLE,
	READ_UINT, /* `bytes` of them, in the host's byte order */
	READ_SINT,
	READ_TEXT,
} FieldRead;

typedef struct {
	uint8_t how;    /* FieldRead */
	uint8_t scope;  /* an event scope (CtfScope) */
	uint16_t bytes; /* the field's size */
	uint32_t off;   /* bytes from the scope's start */
} FieldReadPlan;

/* What to do with the events of one event class. */
typedef struct {
	HandlerKind kind;
	uint8_t n_fields;        /* f[0, n_fields) (NULL: not in this trace) */
	uint16_t strings;        /* bit k: f[k] is read as a string */
	const char *submode;     /* syscall name (interned) */
	uint32_t submode_id;     /* its string id */
	const LttvField *f[HANDLER_MAX_FIELDS];
	FieldReadPlan read[HANDLER_MAX_FIELDS];
} Handler;

typedef struct {
	LttvTrace *trace;
	GPtrArray *all;          /* every LttvProcess, owned */
	TidTable live;           /* tid -> LttvProcess (tid != 0) */
	GArray *cpus;            /* of CpuState */
	GArray *irqs;            /* of IrqState */
	GHashTable *irq_index;   /* irq -> index + 1 */
	GArray *softirqs;        /* of SoftirqState, by vector */
	GArray *disks;           /* of DiskState */
	GHashTable *disk_index;  /* dev -> index + 1 */
	Handler *handlers;       /* by lttv_event_class_index() */
	guint n_handlers;
	/* recording (when LttvState.grow is set) */
	bool recording;
	GArray *rows;            /* of RowInfo */
	uint32_t *dirty;         /* rows the item may have changed */
	size_t n_dirty, cap_dirty;
	GStringChunk *names;     /* the trace's strings, deduplicated (state_intern) */
	GHashTable *string_ids;  /* such a string -> id (0: none) */
	GPtrArray *strings;      /* id -> string */
	GArray *requests;        /* of DiskRequest, while recording */
	LttvStateCounters counters; /* what the engine met in this trace */
} TraceState;

/* Makes room for more of a row's values (history building): r->starts,
 * r->values, r->cap and r->first, keeping the r->changes recorded; false
 * when there is none (the values that do not fit are dropped). */
typedef bool (*StateRowGrow)(gpointer ud, guint trace, uint32_t row, RowInfo *r);

struct LttvState {
	LttvTraceset *ts;
	TraceState *traces;
	guint n_traces;
	bool started;
	LttvTime begin;
	StateRowGrow grow; /* NULL: no recording */
	gpointer grow_ud;
};

/* model.c */
LttvProcess *state_process_new(TraceState *t, int64_t tid, LttvTime now, bool born_now);
/* The thread alive with this tid (tid 0: the CPU's idle thread), created
 * when unknown. */
LttvProcess *state_process_get(LttvState *st, TraceState *t, int64_t tid, int cpu,
                               LttvTime now);
void state_process_retire(LttvProcess *p);
/* A CPU number the engine keeps a state for: 0..STATE_MAX_CPU, else -1
 * (a damaged cpu_id must not size an array). */
#define STATE_MAX_CPU 65535
static inline int state_usable_cpu(int64_t cpu)
{
	return cpu >= 0 && cpu <= STATE_MAX_CPU ? (int)cpu : -1;
}
/* The time from `since` to `now` (0 if negative), and sums of times, that
 * saturate instead of overflowing (a damaged trace's times may be far
 * apart). */
static inline LttvTime state_time_since(LttvTime since, LttvTime now)
{
	uint64_t d;

	if (now <= since)
		return 0;
	d = (uint64_t)now - (uint64_t)since;
	return d > (uint64_t)INT64_MAX ? INT64_MAX : (LttvTime)d;
}

static inline LttvTime state_time_add(LttvTime a, LttvTime b)
{
	LttvTime r;

	return __builtin_add_overflow(a, b, &r) ? INT64_MAX : r;
}
/* g_intern_static_string(s), interned once into *once (a static 0). */
const char *state_interned(gsize *once, const char *s);
/* The CPU, made (with its idle thread) when first seen: state_cpu(). */
CpuState *state_cpu_new(TraceState *t, int cpu, LttvTime now);
/* Start or end of a RUN interval on a CPU. */
void state_run_begin(CpuState *c, LttvProcess *p, LttvTime now);
void state_run_end(CpuState *c, LttvProcess *p, LttvTime now);
void state_push(LttvProcess *p, LttvExecMode mode, const char *submode, uint32_t submode_id,
                LttvTime now);
/* Pops a level of `mode`; false (nothing popped) when the top is not it. */
bool state_pop(LttvProcess *p, LttvExecMode mode);
IrqState *state_irq(TraceState *t, int64_t irq);
SoftirqState *state_softirq(TraceState *t, guint vec);
DiskState *state_disk(TraceState *t, uint64_t dev);
void state_disk_update(DiskState *d, LttvTime now);
void state_mark_uncertain(LttvState *st, TraceState *t, LttvProcess *p);
/* Recording: new rows, rows an event may have changed, their values. */
uint32_t state_row_new(TraceState *t, RowKind kind, uint32_t index);
/* Marks a row for the next flush (several times an event: inline). */
void state_dirty_grow(TraceState *t);
static inline void state_touch(TraceState *t, uint32_t row)
{
	RowInfo *r;

	if (!t->recording)
		return;
	r = &g_array_index(t->rows, RowInfo, row);
	if (!r->dirty) {
		r->dirty = true;
		if (G_UNLIKELY(t->n_dirty == t->cap_dirty))
			state_dirty_grow(t);
		t->dirty[t->n_dirty++] = row;
	}
}

/* What a CPU is doing (its history row's mode, lttv_state_cpu_mode()). */
static inline LttvCpuMode state_cpu_mode(const CpuState *c)
{
	if (!c->seen || !c->running)
		return LTTV_CPU_UNKNOWN;
	if (c->in_irq)
		return LTTV_CPU_IRQ;
	if (c->in_softirq)
		return LTTV_CPU_SOFTIRQ;
	return c->running == c->idle ? LTTV_CPU_IDLE : LTTV_CPU_BUSY;
}

/* The CPU an event happens on; its row and its thread's change with the
 * event (every event: inline, the first one of a CPU out of line). */
static inline CpuState *state_cpu(TraceState *t, int cpu, LttvTime now)
{
	CpuState *c;

	if (G_UNLIKELY((guint)cpu >= t->cpus->len))
		return state_cpu_new(t, cpu, now);
	c = &g_array_index(t->cpus, CpuState, cpu);
	if (G_UNLIKELY(!c->idle))
		return state_cpu_new(t, cpu, now);
	if (t->recording) {
		state_touch(t, c->row);
		if (c->running)
			state_touch(t, c->running->row);
	}
	return c;
}

/* The CPU of the event being applied, which state_apply_event() made (when
 * new) and marked, with its thread, for the next flush. */
static inline CpuState *state_event_cpu(TraceState *t, int cpu)
{
	return &g_array_index(t->cpus, CpuState, cpu);
}

uint32_t state_string_id(TraceState *t, const char *s);
/* One copy of each string of the trace, freed with the state: its address
 * identifies it.  (Not g_intern_string(): strings from a trace, which may
 * be anything, would stay in GLib's table for the life of the process.) */
const char *state_intern(TraceState *t, const char *s);
/* Records every change of a row's value from now on, in the arrays of
 * its RowInfo that `grow` makes. */
void state_set_recording(LttvState *st, StateRowGrow grow, gpointer ud);

/* handlers.c (the events' records: record.h) */
void state_handlers_init(TraceState *t);
const char *state_softirq_name(guint vec);

#endif
