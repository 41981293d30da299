/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ust-check merge DIR TID FD WRITES: the session folder of `lttv-trace
 * record -k -u` read as one timeline (DIR/kernel and the user-space trace
 * merged by liblttv).  Each of the WRITES ust_e2e:before_write events of
 * thread TID must be followed, as the next event of that thread, by its
 * syscall_entry_write on FD; and at the tracepoint the kernel must show TID
 * running on the CPU the event was recorded on.  A busy machine may preempt
 * the thread between the two: a switch out that leaves it runnable is
 * allowed in between (and counted), nothing else.
 *
 * The kernel trace has no tid per event: the thread running on each CPU
 * comes from sched_switch (a switch belongs to the thread switched out).
 * The state history must name the same thread as each tracepoint's owner
 * (lttv_history_event_owner(): the user-space trace has no vtid), with the
 * application's pid and a name.
 */
#include "ust-check.h"

#include <lttv/history.h>
#include <lttv/state.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CPUS 4096

typedef struct {
	enum { K_OTHER, K_SWITCH, K_WRITE, K_BEFORE_WRITE } kind;
	gboolean kernel;
	/* switch: prev_tid, next_tid, prev_state; write: fd; tp: index, tid */
	const LttvField *a, *b, *c;
} MergeClass;

static const MergeClass *merge_class(GHashTable *classes, const LttvEvent *ev)
{
	LttvEventClass *ec = lttv_event_event_class(ev);
	MergeClass *mc = g_hash_table_lookup(classes, ec);
	const char *domain, *name;

	if (mc)
		return mc;
	mc = g_new0(MergeClass, 1);
	domain = lttv_trace_env(lttv_event_trace(ev), "domain");
	/* "kernel", quoted or not depending on how the env is printed */
	mc->kernel = domain && strstr(domain, "kernel");
	name = lttv_event_class_name(ec);
	if (mc->kernel && !strcmp(name, "sched_switch")) {
		mc->kind = K_SWITCH;
		mc->a = ust_check_field(ec, "prev_tid");
		mc->b = ust_check_field(ec, "next_tid");
		mc->c = ust_check_field(ec, "prev_state");
	} else if (mc->kernel && !strcmp(name, "syscall_entry_write")) {
		mc->kind = K_WRITE;
		mc->a = ust_check_field(ec, "fd");
	} else if (!mc->kernel && !strcmp(name, "ust_e2e:before_write")) {
		mc->kind = K_BEFORE_WRITE;
		mc->a = ust_check_field(ec, "index");
		mc->b = ust_check_field(ec, "tid");
	}
	g_hash_table_insert(classes, ec, mc);
	return mc;
}

static gboolean get_signed(const LttvEvent *ev, const LttvField *f, int64_t *out)
{
	if (f && lttv_event_get_int(ev, f, out))
		return TRUE;
	ust_check_fail("%s: cannot read a field", lttv_event_name(ev));
	return FALSE;
}

/* The history's owner of tracepoint `index` of thread `tid`: that thread,
 * of the application's process (its trace's vpid), with a name. */
static void check_owner(const LttvHistory *h, const LttvEvent *ev, int64_t index, int64_t tid,
                        uint64_t *owners)
{
	const char *vpid = lttv_trace_env(lttv_event_trace(ev), "vpid");
	LttvHistoryThread o;

	if (!lttv_history_event_owner(h, ev, &o)) {
		ust_check_fail("tracepoint %" PRId64 ": the history knows no owner", index);
		return;
	}
	if (o.tid != tid || !vpid || o.pid != g_ascii_strtoll(vpid, NULL, 10) || !o.name ||
	    !*o.name) {
		ust_check_fail("tracepoint %" PRId64 ": the history's owner is tid %" PRId64
		               ", pid %" PRId64 ", name %s (thread %" PRId64 " of pid %s expected)",
		               index, o.tid, o.pid, o.name ? o.name : "(none)", tid,
		               vpid ? vpid : "?");
		return;
	}
	(*owners)++;
}

/* the thread running on each CPU, and when the kernel trace last spoke of it */
typedef struct {
	int64_t running;
	LttvTime switched; /* last sched_switch */
	LttvTime last;     /* last kernel event */
} MergeCpu;

int ust_check_merge(int argc, char **argv)
{
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvIter) it = NULL;
	g_autoptr(LttvHistory) history = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) classes = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	g_autofree MergeCpu *cpus = g_new0(MergeCpu, MAX_CPUS);
	int64_t tid, fd, pending = -1;
	uint64_t writes, tracepoints = 0, matched = 0, on_cpu = 0, fd_writes = 0, preempted = 0;
	uint64_t kernel_lost = 0, owners = 0;
	guint kernel_traces = 0, ust_traces = 0, n_cpus = 0;
	LttvTime pending_time = 0, max_gap = 0;
	const LttvItem *item;

	if (argc != 4) {
		fprintf(stderr, "usage: ust-check merge DIR TID FD WRITES\n");
		return 2;
	}
	tid = g_ascii_strtoll(argv[1], NULL, 10);
	fd = g_ascii_strtoll(argv[2], NULL, 10);
	writes = g_ascii_strtoull(argv[3], NULL, 10);
	for (guint c = 0; c < MAX_CPUS; c++)
		cpus[c].running = -1;
	ts = ust_check_open(argv[0]);
	if (!ts)
		return 1;
	for (guint i = 0; i < lttv_traceset_n_traces(ts); i++) {
		const char *domain = lttv_trace_env(lttv_traceset_trace(ts, i), "domain");

		if (domain && strstr(domain, "kernel"))
			kernel_traces++;
		else if (domain && strstr(domain, "ust"))
			ust_traces++;
	}
	printf("kernel_traces=%u ust_traces=%u\n", kernel_traces, ust_traces);
	if (kernel_traces != 1 || ust_traces < 1)
		ust_check_fail("one kernel trace and a user-space trace expected under %s",
		               argv[0]);
	history = lttv_history_open(ts, NULL, NULL, NULL, &error);
	if (!history) {
		ust_check_fail("the state history: %s", error->message);
		return 1;
	}
	it = lttv_iter_new(ts);
	while ((item = lttv_iter_next(it, &error))) {
		const LttvEvent *ev = item->event;
		const MergeClass *mc;
		int64_t cpu, owner, a = -1, b = -1, state = 0;

		if (item->kind != LTTV_ITEM_EVENT) {
			const char *domain =
			        lttv_trace_env(lttv_stream_trace(item->stream), "domain");
			if (domain && strstr(domain, "kernel"))
				kernel_lost += item->count_known ? item->count : 1;
			continue;
		}
		mc = merge_class(classes, ev);
		cpu = lttv_event_cpu(ev);
		if (mc->kind == K_BEFORE_WRITE) {
			if (!get_signed(ev, mc->a, &a) || !get_signed(ev, mc->b, &b))
				return 1;
			if (b != tid)
				continue;
			if (pending >= 0)
				ust_check_fail("tracepoint %" PRId64 " follows tracepoint %" PRId64
				               " without a write between",
				               a, pending);
			if (a != (int64_t)tracepoints)
				ust_check_fail("tracepoint %" PRId64 " where %" PRIu64
				               " was expected",
				               a, tracepoints);
			tracepoints++;
			check_owner(history, ev, a, tid, &owners);
			if (cpu >= 0 && cpu < MAX_CPUS && cpus[cpu].running == tid)
				on_cpu++;
			else if (cpu >= 0 && cpu < MAX_CPUS)
				ust_check_fail(
				        "tracepoint %" PRId64 " at %" PRIu64 " on CPU %" PRId64
				        ", where the kernel shows thread %" PRId64
				        " running since %" PRIu64
				        " (the CPU's last kernel event: %" PRIu64 ")",
				        a, (uint64_t)item->time, cpu, cpus[cpu].running,
				        (uint64_t)cpus[cpu].switched, (uint64_t)cpus[cpu].last);
			else
				ust_check_fail("tracepoint %" PRId64 " on CPU %" PRId64, a, cpu);
			pending = a;
			pending_time = item->time;
			continue;
		}
		if (!mc->kernel || cpu < 0 || cpu >= MAX_CPUS)
			continue;
		n_cpus = MAX(n_cpus, (guint)cpu + 1);
		cpus[cpu].last = item->time;
		owner = cpus[cpu].running;
		if (mc->kind == K_SWITCH) {
			if (!get_signed(ev, mc->a, &a) || !get_signed(ev, mc->b, &b) ||
			    !get_signed(ev, mc->c, &state))
				return 1;
			owner = a;
			cpus[cpu].running = b;
			cpus[cpu].switched = item->time;
		}
		if (mc->kind == K_WRITE && owner == tid) {
			if (!get_signed(ev, mc->a, &a))
				return 1;
			if (a == fd)
				fd_writes++;
		}
		if (owner != tid || pending < 0)
			continue;
		if (mc->kind == K_SWITCH && lttv_prev_state_status(state) == LTTV_STATUS_WAIT_CPU) {
			/* preempted, still runnable: its next event is still the write */
			preempted++;
			continue;
		}
		if (mc->kind == K_WRITE && a == fd) {
			matched++;
			max_gap = MAX(max_gap, item->time - pending_time);
		} else {
			ust_check_fail("after tracepoint %" PRId64 ", thread %" PRId64
			               "'s next event is %s, not syscall_entry_write(fd = %" PRId64
			               ")",
			               pending, tid, lttv_event_name(ev), fd);
		}
		pending = -1;
	}
	if (error)
		ust_check_fail("reading the traces: %s", error->message);
	if (pending >= 0)
		ust_check_fail("tracepoint %" PRId64 " at %" PRIu64
		               " is the last event of thread %" PRId64,
		               pending, (uint64_t)pending_time, tid);
	printf("tracepoints=%" PRIu64 " writes=%" PRIu64 " matched=%" PRIu64 " on_cpu=%" PRIu64
	       " max_gap_ns=%" PRId64 " preempted=%" PRIu64 " kernel_lost=%" PRIu64
	       " owners=%" PRIu64 "\n",
	       tracepoints, fd_writes, matched, on_cpu, (int64_t)max_gap, preempted, kernel_lost,
	       owners);
	if (tracepoints != writes || fd_writes != writes || matched != writes)
		for (guint c = 0; c < n_cpus; c++)
			fprintf(stderr,
			        "CPU %u: last kernel event at %" PRIu64 ", thread %" PRId64
			        " running since %" PRIu64 "\n",
			        c, (uint64_t)cpus[c].last, cpus[c].running,
			        (uint64_t)cpus[c].switched);
	if (tracepoints != writes)
		ust_check_fail("%" PRIu64 " tracepoints of thread %" PRId64 ", %" PRIu64
		               " expected",
		               tracepoints, tid, writes);
	if (fd_writes != writes)
		ust_check_fail("%" PRIu64 " syscall_entry_write of thread %" PRId64
		               " on fd %" PRId64 ", %" PRIu64 " expected",
		               fd_writes, tid, fd, writes);
	if (matched != writes)
		ust_check_fail("%" PRIu64 " of %" PRIu64 " tracepoints right before their write",
		               matched, writes);
	return ust_check_failures ? 1 : 0;
}
