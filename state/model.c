/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state engine's entities (processes, CPUs, IRQs, softirqs, disks),
 * the items it applies (the queries: queries.c). */
#include "state/record.h"
#include "state/state-internal.h"

#include <string.h>

/* --- sched_switch's prev_state --- */

LttvProcessStatus lttv_prev_state_status(int64_t state)
{
	if (state & 0x30)
		return LTTV_STATUS_ZOMBIE; /* EXIT_ZOMBIE / EXIT_DEAD, any encoding */
	/* runnable: 0, or preempted (0x100 since Linux 4.14, TASK_STATE_MAX
	 * 1024/2048 before) */
	if (state == 0 || (state & (0x100 | 0x400 | 0x800)))
		return LTTV_STATUS_WAIT_CPU;
	return LTTV_STATUS_WAIT;
}

/* --- names --- */

const char *lttv_process_status_name(LttvProcessStatus s)
{
	static const char *const n[] = {"UNNAMED", "WAIT_FORK", "WAIT_CPU", "RUN",
	                                "WAIT",    "ZOMBIE",    "EXIT",     "DEAD"};

	return (guint)s < G_N_ELEMENTS(n) ? n[s] : "?";
}

const char *lttv_exec_mode_name(LttvExecMode m)
{
	static const char *const n[] = {"MODE_UNKNOWN", "USER_MODE", "SYSCALL",
	                                "TRAP",         "IRQ",       "SOFTIRQ"};

	return (guint)m < G_N_ELEMENTS(n) ? n[m] : "?";
}

const char *lttv_cpu_mode_name(LttvCpuMode m)
{
	static const char *const n[] = {"unknown", "idle", "busy", "irq", "softirq", "trap"};

	return (guint)m < G_N_ELEMENTS(n) ? n[m] : "?";
}

const char *lttv_disk_mode_name(LttvDiskMode m)
{
	static const char *const n[] = {"unknown", "idle", "reading", "writing"};

	return (guint)m < G_N_ELEMENTS(n) ? n[m] : "?";
}

/* --- entities --- */

/* g_intern_static_string() of a constant, once: it takes a global lock
 * and a hash lookup, for every process made (thousands in a trace). */
const char *state_interned(gsize *once, const char *s)
{
	if (g_once_init_enter(once))
		g_once_init_leave(once, (gsize)g_intern_static_string(s));
	return (const char *)*once;
}

LttvProcess *state_process_new(TraceState *t, int64_t tid, LttvTime now, bool born_now)
{
	static gsize empty;

	LttvProcess *p = g_new0(LttvProcess, 1);
	LttvModeFrame bottom = {LTTV_MODE_UNKNOWN, NULL, 0, now};

	p->tid = tid;
	p->pid = -1;
	p->ppid = -1;
	p->name = state_interned(&empty, "");
	p->status = LTTV_STATUS_UNNAMED;
	p->cpu = -1;
	p->alive = true;
	p->birth_known = born_now;
	p->birth = now;
	p->stack = p->stack_small;
	p->stack_cap = G_N_ELEMENTS(p->stack_small);
	p->stack[0] = bottom;
	p->stack_len = 1;
	p->index = t->all->len;
	g_ptr_array_add(t->all, p);
	p->row = state_row_new(t, ROW_THREAD, p->index);
	state_touch(t, p->row);
	return p;
}

static void process_free(gpointer data)
{
	LttvProcess *p = data;

	if (p->stack != p->stack_small)
		g_free(p->stack);
	g_free(p);
}

CpuState *state_cpu_new(TraceState *t, int cpu, LttvTime now)
{
	static gsize swapper;
	CpuState *c;

	if ((guint)cpu >= t->cpus->len)
		g_array_set_size(t->cpus, (guint)cpu + 1);
	c = &g_array_index(t->cpus, CpuState, cpu);
	if (!c->idle) {
		c->row = state_row_new(t, ROW_CPU, (uint32_t)cpu);
		/* one idle thread (tid 0) per CPU, as the kernel has */
		c->idle = state_process_new(t, 0, now, false);
		c->idle->pid = 0;
		c->idle->ppid = 0;
		c->idle->cpu = cpu;
		c->idle->kernel_thread = true;
		c->idle->name = state_interned(&swapper, "swapper");
		c->idle->status = LTTV_STATUS_WAIT_CPU;
		/* a kernel thread: in the kernel, like the others */
		c->idle->stack[0].mode = LTTV_MODE_SYSCALL;
	}
	if (t->recording) {
		/* the events that reach a CPU may change it and who runs there */
		state_touch(t, c->row);
		if (c->running)
			state_touch(t, c->running->row);
	}
	return c;
}

/* --- tid table --- */

#define TID_EMPTY INT64_MIN
#define TID_GONE  (INT64_MIN + 1)

static size_t tid_slot(int64_t tid, size_t cap)
{
	return (size_t)(((uint64_t)tid * UINT64_C(0x9e3779b97f4a7c15)) >> 32) & (cap - 1);
}

LttvProcess *tid_table_get(const TidTable *tt, int64_t tid)
{
	if (!tt->cap)
		return NULL;
	for (size_t i = tid_slot(tid, tt->cap);; i = (i + 1) & (tt->cap - 1)) {
		if (tt->keys[i] == tid)
			return tt->vals[i];
		if (tt->keys[i] == TID_EMPTY)
			return NULL;
	}
}

static void tid_table_grow(TidTable *tt)
{
	TidTable old = *tt;

	tt->cap = MAX(old.cap * 2, 64);
	tt->keys = g_new(int64_t, tt->cap);
	tt->vals = g_new0(LttvProcess *, tt->cap);
	tt->used = 0;
	for (size_t i = 0; i < tt->cap; i++)
		tt->keys[i] = TID_EMPTY;
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i] != TID_EMPTY && old.keys[i] != TID_GONE)
			tid_table_set(tt, old.keys[i], old.vals[i]);
	g_free(old.keys);
	g_free(old.vals);
}

void tid_table_set(TidTable *tt, int64_t tid, LttvProcess *p)
{
	size_t i, gone = SIZE_MAX;

	/* at most half full, tombstones included: probes stay short */
	if ((tt->used + 1) * 2 > tt->cap)
		tid_table_grow(tt);
	for (i = tid_slot(tid, tt->cap);; i = (i + 1) & (tt->cap - 1)) {
		if (tt->keys[i] == tid) {
			tt->vals[i] = p;
			return;
		}
		if (tt->keys[i] == TID_GONE && gone == SIZE_MAX)
			gone = i;
		if (tt->keys[i] == TID_EMPTY)
			break;
	}
	if (gone != SIZE_MAX) {
		i = gone;
	} else {
		tt->used++;
	}
	tt->keys[i] = tid;
	tt->vals[i] = p;
}

void tid_table_remove(TidTable *tt, int64_t tid)
{
	if (!tt->cap)
		return;
	for (size_t i = tid_slot(tid, tt->cap);; i = (i + 1) & (tt->cap - 1)) {
		if (tt->keys[i] == tid) {
			tt->keys[i] = TID_GONE;
			tt->vals[i] = NULL;
			return;
		}
		if (tt->keys[i] == TID_EMPTY)
			return;
	}
}

LttvProcess *state_process_get(LttvState *st, TraceState *t, int64_t tid, int cpu, LttvTime now)
{
	LttvProcess *p;

	(void)st;
	if (tid == 0 && cpu >= 0) {
		p = state_cpu(t, cpu, now)->idle;
		state_touch(t, p->row);
		return p;
	}
	p = tid_table_get(&t->live, tid);
	if (!p) {
		p = state_process_new(t, tid, now, false);
		tid_table_set(&t->live, tid, p);
	}
	state_touch(t, p->row);
	return p;
}

void state_process_retire(LttvProcess *p)
{
	p->alive = false;
}

void state_run_begin(CpuState *c, LttvProcess *p, LttvTime now)
{
	p->status = LTTV_STATUS_RUN;
	p->run_since = now;
	c->running = p;
}

void state_run_end(CpuState *c, LttvProcess *p, LttvTime now)
{
	LttvTime d = state_time_since(p->run_since, now);

	p->cpu_time = state_time_add(p->cpu_time, d);
	if (p != c->idle)
		c->busy_time = state_time_add(c->busy_time, d);
	p->run_since = now;
}

void state_push(LttvProcess *p, LttvExecMode mode, const char *submode, uint32_t submode_id,
                LttvTime now)
{
	LttvModeFrame f = {mode, submode, submode_id, now};

	/* a runaway stack means lost exits: keep it bounded */
	if (p->stack_len >= 64)
		return;
	if (G_UNLIKELY(p->stack_len == p->stack_cap)) {
		LttvModeFrame *more = g_new(LttvModeFrame, p->stack_cap * 2);

		memcpy(more, p->stack, p->stack_len * sizeof *more);
		if (p->stack != p->stack_small)
			g_free(p->stack);
		p->stack = more;
		p->stack_cap *= 2;
	}
	p->stack[p->stack_len++] = f;
}

bool state_pop(LttvProcess *p, LttvExecMode mode)
{
	if (p->stack_len < 2 || p->stack[p->stack_len - 1].mode != mode)
		return false;
	p->stack_len--;
	return true;
}

IrqState *state_irq(TraceState *t, int64_t irq)
{
	guint i = GPOINTER_TO_UINT(g_hash_table_lookup(t->irq_index, &irq));

	if (!i) {
		IrqState s = {.irq = irq, .cpu = -1};
		int64_t *key = g_new(int64_t, 1);

		s.row = state_row_new(t, ROW_IRQ, t->irqs->len);
		g_array_append_val(t->irqs, s);
		*key = irq;
		i = t->irqs->len;
		g_hash_table_insert(t->irq_index, key, GUINT_TO_POINTER(i));
	}
	state_touch(t, g_array_index(t->irqs, IrqState, i - 1).row);
	return &g_array_index(t->irqs, IrqState, i - 1);
}

SoftirqState *state_softirq(TraceState *t, guint vec)
{
	SoftirqState *s;

	if (vec >= t->softirqs->len)
		g_array_set_size(t->softirqs, vec + 1);
	s = &g_array_index(t->softirqs, SoftirqState, vec);
	if (!s->known) {
		s->known = true;
		s->row = state_row_new(t, ROW_SOFTIRQ, vec);
		s->name_id = state_string_id(t, state_softirq_name(vec));
	}
	state_touch(t, s->row);
	return s;
}

DiskState *state_disk(TraceState *t, uint64_t dev)
{
	guint i = GPOINTER_TO_UINT(g_hash_table_lookup(t->disk_index, &dev));

	if (!i) {
		DiskState d = {.dev = dev, .mode = LTTV_DISK_IDLE};
		uint64_t *key = g_new(uint64_t, 1);

		d.requests = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
		d.row = state_row_new(t, ROW_DISK, t->disks->len);
		g_array_append_val(t->disks, d);
		*key = dev;
		i = t->disks->len;
		g_hash_table_insert(t->disk_index, key, GUINT_TO_POINTER(i));
	}
	state_touch(t, g_array_index(t->disks, DiskState, i - 1).row);
	return &g_array_index(t->disks, DiskState, i - 1);
}

/* Accounts the current mode up to `now`, then derives it from the
 * pending requests (writing wins). */
void state_disk_update(DiskState *d, LttvTime now)
{
	LttvTime dt = state_time_since(d->since, now);

	if (d->mode == LTTV_DISK_READING)
		d->busy_reading = state_time_add(d->busy_reading, dt);
	else if (d->mode == LTTV_DISK_WRITING)
		d->busy_writing = state_time_add(d->busy_writing, dt);
	d->since = now;
	d->mode = d->pending_writes  ? LTTV_DISK_WRITING
	          : d->pending_reads ? LTTV_DISK_READING
	                             : LTTV_DISK_IDLE;
}

void state_mark_uncertain(LttvState *st, TraceState *t, LttvProcess *p)
{
	if (p && !p->uncertain) {
		p->uncertain = true;
		t->counters.uncertain_marks++;
		state_touch(t, p->row);
	}
}

/* --- recording --- */

uint32_t state_row_new(TraceState *t, RowKind kind, uint32_t index)
{
	RowInfo r = {.kind = (uint8_t)kind, .index = index};

	g_array_append_val(t->rows, r);
	return t->rows->len - 1;
}

void state_dirty_grow(TraceState *t)
{
	t->cap_dirty = MAX(t->cap_dirty * 2, 64);
	t->dirty = g_renew(uint32_t, t->dirty, t->cap_dirty);
}

const char *state_intern(TraceState *t, const char *s)
{
	return g_string_chunk_insert_const(t->names, s);
}

uint32_t state_string_id(TraceState *t, const char *s)
{
	guint id;

	if (!s)
		return 0;
	id = GPOINTER_TO_UINT(g_hash_table_lookup(t->string_ids, s));
	if (!id) {
		id = t->strings->len;
		g_ptr_array_add(t->strings, (gpointer)s);
		g_hash_table_insert(t->string_ids, (gpointer)s, GUINT_TO_POINTER(id));
	}
	return id;
}

/* The value of a row now (layouts: include/lttv/history.h); inlined in
 * state_flush(), which asks it for every row an event touched. */
static inline uint32_t row_value(TraceState *t, uint32_t row)
{
	const RowInfo *r = &g_array_index(t->rows, RowInfo, row);

	switch ((RowKind)r->kind) {
	case ROW_THREAD: {
		const LttvProcess *p = t->all->pdata[r->index];
		const LttvModeFrame *top = &p->stack[p->stack_len - 1];

		return (uint32_t)p->status | (uint32_t)top->mode << 4 |
		       (uint32_t)p->uncertain << 8 | MIN(top->submode_id, 0x7fffffu) << 9;
	}
	case ROW_CPU: {
		const CpuState *c = &g_array_index(t->cpus, CpuState, r->index);

		return (uint32_t)state_cpu_mode(c) |
		       (c->running ? MIN(c->running->index, 0xfffffeu) : 0xffffffu) << 8;
	}
	case ROW_IRQ: {
		const IrqState *q = &g_array_index(t->irqs, IrqState, r->index);

		return (uint32_t)q->busy | (uint32_t)MIN(q->cpu + 1, 0xffffff) << 8;
	}
	case ROW_SOFTIRQ: {
		const SoftirqState *s = &g_array_index(t->softirqs, SoftirqState, r->index);

		return MIN(s->pending, 255u) | MIN(s->running, 255u) << 8;
	}
	case ROW_DISK: {
		const DiskState *d = &g_array_index(t->disks, DiskState, r->index);

		return (uint32_t)d->mode | MIN(d->pending_reads + d->pending_writes, 0xffffffu)
		                                   << 8;
	}
	}
	return 0;
}

void state_set_recording(LttvState *st, StateRowGrow grow, gpointer ud)
{
	st->grow = grow;
	st->grow_ud = ud;
	for (guint i = 0; i < st->n_traces; i++) {
		TraceState *t = &st->traces[i];

		t->recording = grow != NULL;
		/* rows made so far get their first value at the next flush */
		for (guint r = 0; r < t->rows->len && grow; r++)
			state_touch(t, r);
	}
}

/* Records the changed rows' values (at `now`): after every record. */
static inline void state_flush(LttvState *st, TraceState *t, LttvTime now)
{
	for (size_t i = 0; i < t->n_dirty; i++) {
		uint32_t row = t->dirty[i];
		RowInfo *r = &g_array_index(t->rows, RowInfo, row);
		uint32_t v = row_value(t, row);

		r->dirty = false;
		if (r->has_last && r->last == v)
			continue;
		r->last = v;
		r->has_last = true;
		if (G_UNLIKELY(r->changes - r->first == r->cap) &&
		    !st->grow(st->grow_ud, (guint)(t - st->traces), row, r))
			continue;
		r->starts[r->changes - r->first] = now;
		r->values[r->changes - r->first] = v;
		r->changes++;
	}
	t->n_dirty = 0;
}

/* --- the engine --- */

LttvState *lttv_state_new(LttvTraceset *ts)
{
	LttvState *st = g_new0(LttvState, 1);

	st->ts = ts;
	st->n_traces = lttv_traceset_n_traces(ts);
	st->traces = g_new0(TraceState, MAX(st->n_traces, 1));
	for (guint i = 0; i < st->n_traces; i++) {
		TraceState *t = &st->traces[i];

		t->trace = lttv_traceset_trace(ts, i);
		t->all = g_ptr_array_new_with_free_func(process_free);
		t->cpus = g_array_new(FALSE, TRUE, sizeof(CpuState));
		t->irqs = g_array_new(FALSE, TRUE, sizeof(IrqState));
		t->irq_index = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
		t->softirqs = g_array_new(FALSE, TRUE, sizeof(SoftirqState));
		t->disks = g_array_new(FALSE, TRUE, sizeof(DiskState));
		t->disk_index = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
		t->rows = g_array_new(FALSE, FALSE, sizeof(RowInfo));
		t->names = g_string_chunk_new(4096);
		t->string_ids = g_hash_table_new(g_direct_hash, g_direct_equal);
		t->strings = g_ptr_array_new();
		g_ptr_array_add(t->strings, NULL); /* id 0: none */
		t->requests = g_array_new(FALSE, FALSE, sizeof(DiskRequest));
		state_handlers_init(t);
	}
	return st;
}

void lttv_state_free(LttvState *st)
{
	if (!st)
		return;
	for (guint i = 0; i < st->n_traces; i++) {
		TraceState *t = &st->traces[i];

		g_free(t->live.keys);
		g_free(t->live.vals);
		g_ptr_array_unref(t->all);
		g_array_unref(t->cpus);
		g_array_unref(t->irqs);
		g_hash_table_unref(t->irq_index);
		g_array_unref(t->softirqs);
		for (guint d = 0; d < t->disks->len; d++)
			g_hash_table_unref(g_array_index(t->disks, DiskState, d).requests);
		g_array_unref(t->disks);
		g_hash_table_unref(t->disk_index);
		g_array_unref(t->rows);
		g_free(t->dirty);
		g_hash_table_unref(t->string_ids);
		g_string_chunk_free(t->names);
		g_ptr_array_unref(t->strings);
		g_array_unref(t->requests);
		g_free(t->handlers);
	}
	g_free(st->traces);
	g_free(st);
}

/* Lost events on a CPU: whatever ran there may have changed unseen. */
static void lose_events(LttvState *st, TraceState *t, const StateRecord *r)
{
	t->counters.lost_events += (guint64)record_int(r, 0, 0);
	if (r->cpu >= 0) {
		CpuState *c = state_cpu(t, r->cpu, r->time);

		c->uncertain = true;
		state_mark_uncertain(st, t, c->running);
		for (guint i = 0; i < t->all->len; i++) {
			LttvProcess *p = t->all->pdata[i];

			if (p->alive && p->cpu == r->cpu)
				state_mark_uncertain(st, t, p);
		}
	} else {
		/* no CPU: any thread of the trace */
		for (guint i = 0; i < t->all->len; i++) {
			LttvProcess *p = t->all->pdata[i];

			if (p->alive)
				state_mark_uncertain(st, t, p);
		}
	}
}

void state_apply_record(LttvState *st, const StateRecord *r)
{
	TraceState *t = &st->traces[r->trace];

	if (!st->started) {
		st->started = true;
		st->begin = r->time;
	}
	switch ((RecordKind)r->kind) {
	case REC_EVENT:
		t->counters.events++;
		state_apply_event(st, t, r);
		break;
	case REC_IGNORED: t->counters.events++; break;
	case REC_SKIPPED: t->counters.events += (guint64)record_int(r, 0, 0); break;
	case REC_LOST: lose_events(st, t, r); break;
	}
	if (st->grow)
		state_flush(st, t, r->time);
}

void lttv_state_apply(LttvState *st, const LttvItem *item)
{
	uint64_t buf[(RECORD_MAX + 7) / 8];

	if (!st->started) {
		st->started = true;
		st->begin = item->time;
	}
	if (state_record_encode(st, NULL, item, buf))
		state_apply_record(st, (const StateRecord *)(const void *)buf);
}

void lttv_state_close(LttvState *st, LttvTime end)
{
	for (guint i = 0; i < st->n_traces; i++) {
		TraceState *t = &st->traces[i];

		for (guint c = 0; c < t->cpus->len; c++) {
			CpuState *cs = &g_array_index(t->cpus, CpuState, c);

			if (cs->running && cs->running->status == LTTV_STATUS_RUN)
				state_run_end(cs, cs->running, end);
		}
		for (guint d = 0; d < t->disks->len; d++) {
			DiskState *ds = &g_array_index(t->disks, DiskState, d);
			LttvDiskMode m = ds->mode;

			state_disk_update(ds, end);
			ds->mode = m;
		}
	}
}

LttvTime lttv_state_begin(const LttvState *st)
{
	return st->started ? st->begin : LTTV_TIME_MIN;
}

void lttv_state_counters(const LttvState *st, LttvStateCounters *out)
{
	memset(out, 0, sizeof *out);
	for (guint i = 0; i < st->n_traces; i++)
		lttv_state_counters_add(out, &st->traces[i].counters);
}
