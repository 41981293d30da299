/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What each LTTng kernel event does to the state.  Event classes are
 * matched by name once per trace (both generations of names), their fields
 * resolved to handles; events then dispatch on the class's index. */
#include "state/record.h"
#include "state/state-internal.h"

#include <string.h>

const char *state_softirq_name(guint vec)
{
	/* include/linux/interrupt.h, since 2.6.x */
	static const char *const n[] = {"HI",       "TIMER",   "NET_TX", "NET_RX",  "BLOCK",
	                                "IRQ_POLL", "TASKLET", "SCHED",  "HRTIMER", "RCU"};

	return vec < G_N_ELEMENTS(n) ? n[vec] : NULL;
}

/* --- matching event classes --- */

typedef struct {
	const char *name; /* exact name, or prefix when it ends with '*' */
	HandlerKind kind;
	/* NULL-terminated; "?x": optional, "$x": read as a string */
	const char *fields[HANDLER_MAX_FIELDS];
} Rule;

enum { F0, F1, F2, F3, F4, F5, F6, F7, F8 };

static const Rule rules[] = {
        {"sched_switch",
         H_SCHED_SWITCH,
         {"prev_tid", "prev_state", "next_tid", "?$prev_comm", "?$next_comm"}},
        {"sched_wakeup", H_SCHED_WAKEUP, {"tid"}},
        {"sched_wakeup_new", H_SCHED_WAKEUP, {"tid"}},
        {"sched_waking", H_SCHED_WAKEUP, {"tid"}},
        {"sched_process_fork",
         H_FORK,
         {"parent_tid", "child_tid", "?parent_pid", "?child_pid", "?$child_comm"}},
        {"sched_process_exit", H_EXIT, {"tid"}},
        {"sched_process_free", H_FREE, {"tid"}},
        {"sched_process_exec", H_EXEC, {"tid", "$filename"}},
        {"syscall_entry_*", H_SYSCALL_ENTRY, {NULL}},
        {"compat_syscall_entry_*", H_SYSCALL_ENTRY, {NULL}},
        {"syscall_exit_*", H_SYSCALL_EXIT, {NULL}},
        {"compat_syscall_exit_*", H_SYSCALL_EXIT, {NULL}},
        {"exit_syscall", H_SYSCALL_EXIT, {NULL}}, /* lttng-modules < 2.6 */
        {"sys_*", H_SYSCALL_ENTRY, {NULL}},       /* lttng-modules < 2.6 */
        {"compat_sys_*", H_SYSCALL_ENTRY, {NULL}},
        {"irq_handler_entry", H_IRQ_ENTRY, {"irq", "?$name"}},
        {"irq_handler_exit", H_IRQ_EXIT, {"irq"}},
        {"irq_softirq_raise", H_SOFTIRQ_RAISE, {"vec"}},
        {"irq_softirq_entry", H_SOFTIRQ_ENTRY, {"vec"}},
        {"irq_softirq_exit", H_SOFTIRQ_EXIT, {"vec"}},
        {"softirq_raise", H_SOFTIRQ_RAISE, {"vec"}}, /* lttng-modules < 2.6 */
        {"softirq_entry", H_SOFTIRQ_ENTRY, {"vec"}},
        {"softirq_exit", H_SOFTIRQ_EXIT, {"vec"}},
        {"lttng_statedump_process_state",
         H_STATEDUMP_PROCESS,
         {"tid", "?pid", "?ppid", "?$name", "?type", "?status", "?cpu", "?mode", "?$syscall"}},
        {"lttng_statedump_interrupt", H_STATEDUMP_INTERRUPT, {"irq", "?$action", "?$name"}},
        {"lttng_statedump_block_device", H_STATEDUMP_BLOCK_DEVICE, {"dev", "$diskname"}},
        {"block_rq_issue", H_BLOCK_ISSUE, {"dev", "sector", "rwbs", "?nr_sector"}},
        {"block_rq_complete", H_BLOCK_COMPLETE, {"dev", "sector", "?rwbs", "?nr_sector"}},
};

static bool rule_matches(const Rule *r, const char *name, const char **rest)
{
	size_t n = strlen(r->name);

	if (r->name[n - 1] == '*') {
		if (strncmp(name, r->name, n - 1) != 0 || !name[n - 1])
			return false;
		*rest = name + n - 1;
		return true;
	}
	*rest = NULL;
	return strcmp(name, r->name) == 0;
}

static Handler resolve(TraceState *t, LttvEventClass *ec)
{
	const char *name = lttv_event_class_name(ec);
	Handler h = {.kind = H_NONE};

	for (size_t i = 0; i < G_N_ELEMENTS(rules); i++) {
		const Rule *r = &rules[i];
		const char *rest;
		bool ok = true;

		if (!rule_matches(r, name, &rest))
			continue;
		for (int k = 0; k < HANDLER_MAX_FIELDS && r->fields[k] && ok; k++) {
			bool optional = r->fields[k][0] == '?';
			bool string = r->fields[k][optional] == '$';

			h.f[k] = lttv_event_class_field(ec, r->fields[k] + optional + string);
			ok = h.f[k] || optional;
			h.n_fields = (uint8_t)(k + 1);
			if (string)
				h.strings |= (uint16_t)(1u << k);
		}
		if (!ok) /* a class of that name without the fields we need */
			return (Handler){.kind = H_NONE};
		h.kind = r->kind;
		if (rest)
			h.submode = state_intern(t, rest);
		return h;
	}
	return h;
}

void state_handlers_init(TraceState *t)
{
	t->n_handlers = lttv_trace_n_event_classes(t->trace);
	t->handlers = g_new0(Handler, MAX(t->n_handlers, 1));
	for (guint i = 0; i < t->n_handlers; i++) {
		t->handlers[i] = resolve(t, lttv_trace_event_class(t->trace, i));
		t->handlers[i].submode_id = state_string_id(t, t->handlers[i].submode);
		state_record_plan(&t->handlers[i]);
	}
}

/* --- reading fields (of the event's record) --- */

static int64_t get_int(const StateRecord *r, int k, int64_t dflt)
{
	return record_int(r, k, dflt);
}

static const char *get_name(TraceState *t, const StateRecord *r, int k)
{
	const char *s;
	size_t len;
	char buf[RECORD_STRING_MAX + 1];

	if (!record_string(r, k, &s, &len))
		return NULL;
	memcpy(buf, s, len);
	buf[len] = 0;
	return state_intern(t, buf);
}

static void set_name(LttvProcess *p, const char *name)
{
	if (name && *name)
		p->name = name;
}

/* The thread's name from a comm field, interned only when it changed
 * (names rarely change). */
static void set_name_from(TraceState *t, LttvProcess *p, const StateRecord *r, int k)
{
	const char *s;
	size_t len;

	if (!record_string(r, k, &s, &len) || len == 0 ||
	    (strncmp(p->name, s, len) == 0 && p->name[len] == '\0'))
		return;
	set_name(p, get_name(t, r, k));
}

/* --- handlers --- */

/* prev_state of sched_switch: what the thread switched out waits for. */
static LttvProcessStatus switched_out_status(int64_t state, LttvProcessStatus was)
{
	return was == LTTV_STATUS_EXIT ? LTTV_STATUS_ZOMBIE : lttv_prev_state_status(state);
}

static void sched_switch(LttvState *st, TraceState *t, const Handler *h, const StateRecord *ev,
                         int cpu, LttvTime now)
{
	CpuState *c = state_event_cpu(t, cpu);
	int64_t prev_tid = get_int(ev, F0, -1), next_tid = get_int(ev, F2, -1);
	LttvProcess *prev = state_process_get(st, t, prev_tid, cpu, now);
	LttvProcess *next = state_process_get(st, t, next_tid, cpu, now);

	if (!c->running) {
		/* the first switch of this CPU: prev ran since the start */
		prev->run_since = st->begin;
		prev->status = LTTV_STATUS_RUN;
	} else if (c->running != prev) {
		/* a switch we did not see: end the one we knew, at best guess */
		t->counters.switch_mismatches++;
		state_run_end(c, c->running, now);
		c->running->status = LTTV_STATUS_WAIT_CPU;
		state_mark_uncertain(st, t, c->running);
		prev->run_since = now;
	}
	if (prev->status == LTTV_STATUS_RUN || c->running == prev || !c->running)
		state_run_end(c, prev, now);
	set_name_from(t, prev, ev, F3);
	prev->status = switched_out_status(get_int(ev, F1, 0), prev->status);
	prev->cpu = cpu;
	prev->uncertain = false;
	set_name_from(t, next, ev, F4);
	next->cpu = cpu;
	next->uncertain = false;
	state_run_begin(c, next, now);
	c->uncertain = false;
}

static void sched_wakeup(LttvState *st, TraceState *t, const Handler *h, const StateRecord *ev,
                         int cpu, LttvTime now)
{
	LttvProcess *p = state_process_get(st, t, get_int(ev, F0, -1), cpu, now);

	if (p->status == LTTV_STATUS_WAIT || p->status == LTTV_STATUS_WAIT_FORK ||
	    p->status == LTTV_STATUS_UNNAMED)
		p->status = LTTV_STATUS_WAIT_CPU;
}

static void fork_process(LttvState *st, TraceState *t, const Handler *h, const StateRecord *ev,
                         int cpu, LttvTime now)
{
	int64_t parent_tid = get_int(ev, F0, -1), child_tid = get_int(ev, F1, -1);
	int64_t parent_pid = get_int(ev, F2, -1), child_pid = get_int(ev, F3, -1);
	LttvProcess *parent = state_process_get(st, t, parent_tid, cpu, now);
	LttvProcess *child = tid_table_get(&t->live, child_tid);
	LttvModeFrame *bottom;

	if (child_tid <= 0)
		return;
	if (child) {
		/* tid reuse without a free, or a fork seen twice */
		if (child->status != LTTV_STATUS_UNNAMED || child->birth_known)
			t->counters.forks_of_live_tids++;
		state_process_retire(child);
	}
	child = state_process_new(t, child_tid, now, true);
	tid_table_set(&t->live, child_tid, child);
	if (parent_pid >= 0 && parent->pid < 0)
		parent->pid = parent_pid;
	child->pid = child_pid >= 0 ? child_pid : -1;
	/* a thread of the same process keeps its parent's parent */
	child->ppid = child->pid >= 0 && child->pid == parent->pid ? parent->ppid : parent->pid;
	child->name = parent->name;
	set_name(child, get_name(t, ev, F4));
	child->kernel_thread = parent->kernel_thread;
	child->status = LTTV_STATUS_WAIT_FORK;
	child->cpu = cpu;
	/* it will return from the fork (clone) system call */
	bottom = &child->stack[0];
	bottom->mode = child->kernel_thread ? LTTV_MODE_SYSCALL : LTTV_MODE_USER;
	if (!child->kernel_thread) {
		static gsize clone_once;
		const char *name = state_interned(&clone_once, "clone");

		state_push(child, LTTV_MODE_SYSCALL, name, state_string_id(t, name), now);
	}
}

static void exit_process(LttvState *st, TraceState *t, const Handler *h, const StateRecord *ev,
                         int cpu, LttvTime now)
{
	LttvProcess *p = state_process_get(st, t, get_int(ev, F0, -1), cpu, now);

	p->status = LTTV_STATUS_EXIT;
	p->exited = true;
	p->exit_time = now;
}

static void free_process(LttvState *st, TraceState *t, const Handler *h, const StateRecord *ev,
                         int cpu, LttvTime now)
{
	int64_t tid = get_int(ev, F0, -1);
	LttvProcess *p = state_process_get(st, t, tid, cpu, now);

	if (tid == 0)
		return;
	p->status = LTTV_STATUS_DEAD;
	if (!p->exited) {
		p->exited = true;
		p->exit_time = now;
	}
	state_process_retire(p);
	tid_table_remove(&t->live, tid);
}

static void exec_process(LttvState *st, TraceState *t, const Handler *h, const StateRecord *ev,
                         int cpu, LttvTime now)
{
	LttvProcess *p = state_process_get(st, t, get_int(ev, F0, -1), cpu, now);
	const char *file = get_name(t, ev, F1);

	if (file) {
		const char *slash = strrchr(file, '/');

		set_name(p, state_intern(t, slash ? slash + 1 : file));
	}
}

/* The thread a CPU-bound event happens in (NULL if unknown). */
static LttvProcess *current(TraceState *t, int cpu)
{
	return state_event_cpu(t, cpu)->running;
}

static void syscall_entry(LttvState *st, TraceState *t, const Handler *h, int cpu, LttvTime now)
{
	LttvProcess *p = current(t, cpu);
	LttvModeFrame *top;

	if (!p)
		return;
	top = &p->stack[p->stack_len - 1];
	if (top->mode == LTTV_MODE_SYSCALL) {
		/* its exit was not seen */
		t->counters.unmatched_exits++;
		top->submode = h->submode;
		top->submode_id = h->submode_id;
		top->since = now;
		return;
	}
	if (top->mode == LTTV_MODE_UNKNOWN && p->stack_len == 1)
		top->mode = LTTV_MODE_USER; /* it was in user space, then */
	state_push(p, LTTV_MODE_SYSCALL, h->submode, h->submode_id, now);
}

static void syscall_exit(LttvState *st, TraceState *t, int cpu, LttvTime now)
{
	LttvProcess *p = current(t, cpu);

	if (!p || state_pop(p, LTTV_MODE_SYSCALL))
		return;
	/* an exit without entry: from a system call begun before the trace */
	t->counters.unmatched_exits++;
	if (p->stack_len == 1) {
		LttvModeFrame *bottom = &p->stack[0];

		if (bottom->mode == LTTV_MODE_UNKNOWN || bottom->mode == LTTV_MODE_SYSCALL)
			bottom->mode = p->kernel_thread ? LTTV_MODE_SYSCALL : LTTV_MODE_USER;
		bottom->since = now;
	}
}

/* A name of an IRQ line from the state dump: a shared line gets one
 * event per handler, named together ("ohci_hcd:usb1, ehci_hcd:usb2"). */
static void irq_add_name(TraceState *t, IrqState *irq, const char *name)
{
	g_autofree char *joined = NULL;

	if (!name || !*name)
		return;
	if (irq->name) {
		g_auto(GStrv) parts = g_strsplit(irq->name, ", ", -1);

		if (g_strv_contains((const char *const *)parts, name))
			return; /* a state dump run again */
		joined = g_strconcat(irq->name, ", ", name, NULL);
		name = state_intern(t, joined);
	}
	irq->name = name;
	irq->name_id = state_string_id(t, name);
}

static void irq_entry(TraceState *t, const Handler *h, const StateRecord *ev, int cpu, LttvTime now)
{
	CpuState *c = state_event_cpu(t, cpu);
	IrqState *irq = state_irq(t, get_int(ev, F0, -1));
	const char *name = get_name(t, ev, F1);

	if (name && !irq->name) {
		irq->name = name;
		irq->name_id = state_string_id(t, name);
	}
	irq->busy = true;
	irq->cpu = cpu;
	irq->count++;
	c->in_irq++;
	if (c->running) {
		/* the handler the event names: one of a shared line's */
		const char *sub = name ? name : irq->name;

		state_push(c->running, LTTV_MODE_IRQ, sub, state_string_id(t, sub), now);
	}
}

static void irq_exit(LttvState *st, TraceState *t, const Handler *h, const StateRecord *ev, int cpu,
                     LttvTime now)
{
	CpuState *c = state_event_cpu(t, cpu);
	IrqState *irq = state_irq(t, get_int(ev, F0, -1));

	irq->busy = false;
	if (!c->in_irq || !c->running || !state_pop(c->running, LTTV_MODE_IRQ))
		t->counters.unmatched_exits++;
	if (c->in_irq)
		c->in_irq--;
}

static void softirq(LttvState *st, TraceState *t, const Handler *h, const StateRecord *ev, int cpu,
                    LttvTime now)
{
	CpuState *c = state_event_cpu(t, cpu);
	guint vec = (guint)MIN((uint64_t)get_int(ev, F0, 0), 255);
	SoftirqState *s = state_softirq(t, vec);

	switch (h->kind) {
	case H_SOFTIRQ_RAISE:
		s->pending = 1; /* raises do not accumulate */
		break;
	case H_SOFTIRQ_ENTRY:
		s->pending = 0;
		s->running++;
		s->count++;
		c->in_softirq++;
		if (c->running)
			state_push(c->running, LTTV_MODE_SOFTIRQ, state_softirq_name(vec),
			           s->name_id, now);
		break;
	default:
		if (s->running)
			s->running--;
		if (!c->in_softirq || !c->running || !state_pop(c->running, LTTV_MODE_SOFTIRQ))
			t->counters.unmatched_exits++;
		if (c->in_softirq)
			c->in_softirq--;
		break;
	}
}

/* lttng_statedump_process_state: what the threads were doing at the dump
 * (status: 0 UNNAMED, 1 WAIT_FORK, 2 WAIT_CPU, 3 EXIT, 4 ZOMBIE, 5 WAIT,
 * 6 RUN, 7 DEAD). */
static void statedump_process(LttvState *st, TraceState *t, const Handler *h, const StateRecord *ev,
                              int cpu, LttvTime now)
{
	static const LttvProcessStatus status[] = {
	        LTTV_STATUS_UNNAMED, LTTV_STATUS_WAIT_FORK, LTTV_STATUS_WAIT_CPU, LTTV_STATUS_EXIT,
	        LTTV_STATUS_ZOMBIE,  LTTV_STATUS_WAIT,      LTTV_STATUS_RUN,      LTTV_STATUS_DEAD};
	int64_t tid = get_int(ev, F0, -1), dump_cpu = get_int(ev, F6, -1);
	int64_t s = get_int(ev, F5, 0);
	LttvProcess *p;

	if (tid == 0)
		return; /* the idle threads are per CPU already */
	p = state_process_get(st, t, tid, cpu, now);
	if (h->f[F1])
		p->pid = get_int(ev, F1, p->pid);
	if (h->f[F2])
		p->ppid = get_int(ev, F2, p->ppid);
	set_name(p, get_name(t, ev, F3));
	p->kernel_thread = get_int(ev, F4, 0) == 1;
	if (state_usable_cpu(dump_cpu) >= 0 && p->cpu < 0)
		p->cpu = (int)dump_cpu;
	/* events seen since the dump began know better than the snapshot */
	if (p->status == LTTV_STATUS_UNNAMED && s >= 0 && (size_t)s < G_N_ELEMENTS(status) &&
	    status[s] != LTTV_STATUS_RUN)
		p->status = status[s];
	if (p->stack_len == 1 && p->kernel_thread)
		p->stack[0].mode = LTTV_MODE_SYSCALL;
	/* mode 1 (LTTNG_SYSCALL; lttng-modules writes 5, unknown): asleep in
	 * a system call (named by lttv-trace's extra field), which its exit
	 * event will end, unless events since the dump said otherwise */
	if (get_int(ev, F7, 5) == 1 && !p->kernel_thread && p->stack_len == 1 &&
	    p->stack[0].mode == LTTV_MODE_UNKNOWN) {
		const char *sys = get_name(t, ev, F8);

		if (sys && !*sys)
			sys = NULL;
		p->stack[0].mode = LTTV_MODE_USER;
		state_push(p, LTTV_MODE_SYSCALL, sys, state_string_id(t, sys), now);
	}
}

/* rwbs (lttng-modules' RWBS_FLAG_*): 0x1 write, 0x2 discard, 0x4 read,
 * 0x100 flush.  Versions before the READ flag (2.13.8 still) write a read
 * as no operation bit at all. */
static void block_request(LttvState *st, TraceState *t, const Handler *h, const StateRecord *ev,
                          LttvTime now)
{
	DiskState *d = state_disk(t, (uint64_t)get_int(ev, F0, 0));
	int64_t sector = get_int(ev, F1, -1);
	int64_t rwbs = get_int(ev, F2, 0);
	gpointer old;

	/* no sector moved (SCSI commands such as a CD drive's polling; their
	 * completion says sector -1): not a read or a write */
	if (h->f[F3] && get_int(ev, F3, 1) == 0)
		return;

	if (h->kind == H_BLOCK_ISSUE) {
		bool write = rwbs & 1;
		bool read = (rwbs & 4) || !(rwbs & (1 | 2 | 4 | 0x100));
		gsize req = 0;

		if (!write && !read)
			return; /* flush, discard: neither */
		if (g_hash_table_lookup_extended(d->requests, &sector, NULL, &old))
			return; /* issued twice: count it once */
		if (t->recording) {
			/* kept for the history: each request's latency */
			int64_t nr = h->f[F3] ? get_int(ev, F3, 0) : 0;
			DiskRequest r = {.issue = now,
			                 .complete = LTTV_TIME_MAX,
			                 .sector = sector,
			                 .row = d->row,
			                 .n_sectors = (uint32_t)CLAMP(nr, 0, G_MAXUINT32),
			                 .write = write};

			g_array_append_val(t->requests, r);
			req = t->requests->len;
		}
		g_hash_table_insert(d->requests, g_memdup2(&sector, sizeof sector),
		                    GSIZE_TO_POINTER((gsize)write | req << 1));
		if (write) {
			d->pending_writes++;
			d->writes++;
		} else {
			d->pending_reads++;
			d->reads++;
		}
	} else {
		if (!g_hash_table_lookup_extended(d->requests, &sector, NULL, &old)) {
			/* issued before the trace began, or lost */
			t->counters.unmatched_exits++;
			return;
		}
		gsize req = GPOINTER_TO_SIZE(old) >> 1;

		if (GPOINTER_TO_SIZE(old) & 1)
			d->pending_writes--;
		else
			d->pending_reads--;
		if (req && req <= t->requests->len)
			g_array_index(t->requests, DiskRequest, req - 1).complete = now;
		g_hash_table_remove(d->requests, &sector);
	}
	state_disk_update(d, now);
}

void state_apply_event(LttvState *st, TraceState *t, const StateRecord *ev)
{
	const Handler *h = &t->handlers[ev->cls];
	LttvTime now = ev->time;
	int cpu = ev->cpu;

	if (cpu < 0) {
		/* without a CPU only the CPU-less events make sense */
		if (h->kind != H_STATEDUMP_INTERRUPT && h->kind != H_STATEDUMP_BLOCK_DEVICE &&
		    h->kind != H_BLOCK_ISSUE && h->kind != H_BLOCK_COMPLETE)
			return;
		cpu = -1;
	} else if (G_LIKELY((guint)cpu < t->cpus->len && state_event_cpu(t, cpu)->seen &&
	                    (h->kind == H_SYSCALL_ENTRY || h->kind == H_SYSCALL_EXIT ||
	                     h->kind == H_SCHED_WAKEUP))) {
		/* the most frequent events change one thread only: a system
		 * call its CPU's, a wakeup the one it names (marked by
		 * state_process_get()), not what the CPU does */
		CpuState *c = state_event_cpu(t, cpu);

		if (h->kind != H_SCHED_WAKEUP && c->running)
			state_touch(t, c->running->row);
	} else {
		/* made when new, its rows and its thread's marked: the
		 * handlers then take it with state_event_cpu() */
		state_cpu(t, cpu, now)->seen = true;
	}
	switch (h->kind) {
	case H_SCHED_SWITCH: sched_switch(st, t, h, ev, cpu, now); break;
	case H_SCHED_WAKEUP: sched_wakeup(st, t, h, ev, cpu, now); break;
	case H_FORK: fork_process(st, t, h, ev, cpu, now); break;
	case H_EXIT: exit_process(st, t, h, ev, cpu, now); break;
	case H_FREE: free_process(st, t, h, ev, cpu, now); break;
	case H_EXEC: exec_process(st, t, h, ev, cpu, now); break;
	case H_SYSCALL_ENTRY: syscall_entry(st, t, h, cpu, now); break;
	case H_SYSCALL_EXIT: syscall_exit(st, t, cpu, now); break;
	case H_IRQ_ENTRY: irq_entry(t, h, ev, cpu, now); break;
	case H_IRQ_EXIT: irq_exit(st, t, h, ev, cpu, now); break;
	case H_SOFTIRQ_RAISE:
	case H_SOFTIRQ_ENTRY:
	case H_SOFTIRQ_EXIT: softirq(st, t, h, ev, cpu, now); break;
	case H_STATEDUMP_PROCESS: statedump_process(st, t, h, ev, cpu, now); break;
	case H_STATEDUMP_INTERRUPT: {
		const char *action = get_name(t, ev, F1);

		irq_add_name(t, state_irq(t, get_int(ev, F0, -1)),
		             action ? action : get_name(t, ev, F2));
		break;
	}
	case H_STATEDUMP_BLOCK_DEVICE:
		state_disk(t, (uint64_t)get_int(ev, F0, 0))->name = get_name(t, ev, F1);
		break;
	case H_BLOCK_ISSUE:
	case H_BLOCK_COMPLETE: block_request(st, t, h, ev, now); break;
	case H_NONE: break;
	}
}
