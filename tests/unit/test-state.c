/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state engine on real kernel traces: CPU time adds up, every
 * sched_switch leaves the thread that was running, threads are counted
 * right, old syscall names, disks; and no trace makes it fail. */
#include "lttv/event.h"
#include "lttv/state.h"
#include "lttv/traceset.h"
#include "shared-traces.h"

#include <stdbool.h>
#include <glib/gstdio.h>
#include <string.h>

static int64_t field_int(const LttvEvent *ev, const char *name)
{
	const LttvField *f = lttv_event_class_field(lttv_event_event_class(ev), name);
	int64_t v = -1;

	g_assert_nonnull(f);
	g_assert_true(lttv_event_get_int(ev, f, &v));
	return v;
}

static void add_tid(GHashTable *tids, int64_t tid)
{
	if (tid > 0)
		g_hash_table_add(tids, g_memdup2(&tid, sizeof tid));
}

/* tracecompass/many-threads: 8 CPUs, ~8000 short-lived threads. */
static void test_many_threads(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(LttvState) st = lttv_state_new(ts);
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) tids =
	        g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	const LttvItem *item;
	LttvTime first = 0, last = 0, busy_sum = 0, proc_sum = 0;
	guint64 switches = 0, checked = 0, exiting = 0;
	LttvStateCounters n;

	while ((item = lttv_iter_next(it, &error))) {
		const LttvEvent *ev = item->event;
		const char *name;

		if (!first)
			first = item->time;
		last = item->time;
		if (item->kind != LTTV_ITEM_EVENT) {
			lttv_state_apply(st, item);
			continue;
		}
		name = lttv_event_name(ev);
		if (strcmp(name, "sched_switch") == 0) {
			int cpu = (int)lttv_event_cpu(ev);
			const LttvProcess *running = lttv_state_cpu_running(st, 0, (guint)cpu);
			int64_t prev = field_int(ev, "prev_tid");

			switches++;
			/* the first switch of a CPU tells who ran: nothing to check */
			if (running) {
				g_assert_cmpint(lttv_process_tid(running), ==, prev);
				/* on the CPU: RUN, or EXIT (exiting, LTTV's status for
				 * a thread between its exit and its last switch) */
				g_assert_true(lttv_process_status(running) == LTTV_STATUS_RUN ||
				              lttv_process_status(running) == LTTV_STATUS_EXIT);
				exiting += lttv_process_status(running) == LTTV_STATUS_EXIT;
				g_assert_cmpint(lttv_process_cpu(running), ==, cpu);
				checked++;
			}
			add_tid(tids, prev);
			add_tid(tids, field_int(ev, "next_tid"));
		} else if (strcmp(name, "sched_process_fork") == 0) {
			add_tid(tids, field_int(ev, "parent_tid"));
			add_tid(tids, field_int(ev, "child_tid"));
		} else if (strncmp(name, "sched_wak", 9) == 0 ||
		           strcmp(name, "sched_process_exit") == 0 ||
		           strcmp(name, "sched_process_free") == 0 ||
		           strcmp(name, "lttng_statedump_process_state") == 0) {
			add_tid(tids, field_int(ev, "tid"));
		}
		lttv_state_apply(st, item);
	}
	g_assert_no_error(error);
	g_assert_cmpuint(switches, ==, 28325);
	g_assert_cmpuint(checked, >=, switches - 8);
	g_assert_cmpuint(exiting, >, 7000); /* ~8000 threads exit */
	lttv_state_close(st, last);
	lttv_state_counters(st, &n);
	g_assert_cmpuint(n.events, ==, 240644);
	g_assert_cmpuint(n.switch_mismatches, ==, 0);

	/* per CPU: RUN time of its threads + idle time = the trace's duration */
	g_assert_cmpuint(lttv_state_n_cpus(st, 0), ==, 8);
	for (guint c = 0; c < 8; c++) {
		LttvTime busy = lttv_state_cpu_busy_time(st, 0, c);
		LttvTime idle = lttv_state_cpu_idle_time(st, 0, c);

		g_assert_cmpint(busy + idle, ==, last - first);
		g_assert_cmpint(busy, >, 0);
		busy_sum += busy;
	}
	/* ... and the threads' own CPU times add up to the CPUs' busy time */
	for (guint i = 0; i < lttv_state_n_processes(st, 0); i++) {
		const LttvProcess *p = lttv_state_process(st, 0, i);

		if (lttv_process_tid(p) != 0)
			proc_sum += lttv_process_cpu_time(p);
	}
	g_assert_cmpint(proc_sum, ==, busy_sum);

	/* one thread per distinct tid (no tid was reused here), plus an idle
	 * thread per CPU */
	g_assert_cmpuint(lttv_state_n_processes(st, 0), ==, g_hash_table_size(tids) + 8);
}

/* tracecompass/bug446190: lttng-modules 2.5 names system calls sys_*,
 * and ends them all with exit_syscall. */
static void test_old_syscall_names(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/bug446190");
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(LttvState) st = lttv_state_new(ts);
	g_autoptr(GError) error = NULL;
	const LttvItem *item;
	guint64 entries = 0, named = 0, exits = 0, popped = 0;

	while ((item = lttv_iter_next(it, &error))) {
		const LttvEvent *ev = item->event;
		const char *name = item->kind == LTTV_ITEM_EVENT ? lttv_event_name(ev) : "";
		int cpu = item->kind == LTTV_ITEM_EVENT ? (int)lttv_event_cpu(ev) : -1;
		guint depth_before = 0;
		const LttvProcess *p = cpu >= 0 ? lttv_state_cpu_running(st, 0, (guint)cpu) : NULL;

		if (p)
			depth_before = lttv_process_stack_depth(p);
		lttv_state_apply(st, item);
		if (strncmp(name, "sys_", 4) == 0) {
			p = lttv_state_cpu_running(st, 0, (guint)cpu);
			entries++;
			if (p) {
				const LttvModeFrame *top =
				        lttv_process_stack(p, lttv_process_stack_depth(p) - 1);

				g_assert_cmpint(top->mode, ==, LTTV_MODE_SYSCALL);
				g_assert_cmpstr(top->submode, ==, name + 4);
				named++;
			}
		} else if (strcmp(name, "exit_syscall") == 0) {
			exits++;
			if (p && lttv_process_stack_depth(p) < depth_before)
				popped++;
		}
	}
	g_assert_no_error(error);
	g_assert_cmpuint(entries, >, 1000);
	g_assert_cmpuint(named, >, entries * 9 / 10);
	g_assert_cmpuint(popped, >, exits * 9 / 10);
}

/* alireza-ezaz/trace-analysis-kernel: block requests issued and completed. */
static void test_disks(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("alireza-ezaz/trace-analysis-kernel");
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(LttvState) st = lttv_state_new(ts);
	g_autoptr(GError) error = NULL;
	const LttvItem *item;
	LttvTime last = 0;
	bool reading = false, writing = false, named = false;
	guint64 reads = 0, writes = 0, total_writes = 0;

	while ((item = lttv_iter_next(it, &error))) {
		if (item->kind == LTTV_ITEM_EVENT &&
		    strcmp(lttv_event_name(item->event), "block_rq_issue") == 0) {
			int64_t rwbs = field_int(item->event, "rwbs");

			/* data moved, no write, discard or flush bit: a read */
			if (field_int(item->event, "nr_sector") > 0 &&
			    ((rwbs & 4) || !(rwbs & (1 | 2 | 0x100))))
				reads++;
			else if (field_int(item->event, "nr_sector") > 0 && (rwbs & 1))
				writes++;
		}
		lttv_state_apply(st, item);
		last = item->time;
		for (guint i = 0; i < lttv_state_n_disks(st, 0); i++) {
			LttvDiskInfo d;

			lttv_state_disk(st, 0, i, &d);
			reading |= d.mode == LTTV_DISK_READING;
			writing |= d.mode == LTTV_DISK_WRITING;
		}
	}
	g_assert_no_error(error);
	lttv_state_close(st, last);
	/* this trace writes (242 requests) and reads nothing: sr0's requests
	 * move no sector (a CD drive polled) */
	g_assert_cmpuint(writes, ==, 242);
	g_assert_cmpuint(reads, ==, 0);
	g_assert_true(writing);
	g_assert_false(reading);
	for (guint i = 0; i < lttv_state_n_disks(st, 0); i++) {
		LttvDiskInfo d;

		lttv_state_disk(st, 0, i, &d);
		named |= d.name && (d.reads || d.writes) && d.busy_reading + d.busy_writing > 0;
		total_writes += d.writes;
		g_assert_cmpuint(d.reads, ==, 0);
	}
	g_assert_cmpuint(total_writes, ==, writes);
	g_assert_true(named);
}

/* Every shared trace, however odd: the engine takes what the reader gives. */
static void engine_on(const char *dir, guint *n)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	g_autofree char *meta = g_build_filename(dir, "metadata", NULL);
	const char *e;

	if (g_file_test(meta, G_FILE_TEST_IS_REGULAR)) {
		g_autoptr(LttvTraceset) ts = lttv_traceset_open(dir, NULL);
		g_autoptr(LttvIter) it = NULL;
		g_autoptr(LttvState) st = NULL;
		const LttvItem *item;
		LttvTime last = 0;

		if (!ts)
			return;
		it = lttv_iter_new(ts);
		st = lttv_state_new(ts);
		while ((item = lttv_iter_next(it, NULL))) {
			lttv_state_apply(st, item);
			last = item->time;
		}
		lttv_state_close(st, last);
		(*n)++;
		return;
	}
	while (d && (e = g_dir_read_name(d))) {
		g_autofree char *sub = g_build_filename(dir, e, NULL);

		if (g_file_test(sub, G_FILE_TEST_IS_DIR))
			engine_on(sub, n);
	}
}

static void test_every_trace(void)
{
	g_autofree char *root = trace_path("");
	guint n = 0;

	engine_on(root, &n);
	g_assert_cmpuint(n, >, 100);
}

/* Imperfect input: the engine takes any subset of a trace's items, in
 * order, with or without the notices of what was lost. */
static void test_cut_and_dropped(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(GRand) rand = g_rand_new_with_seed(28325);

	for (int round = 0; round < 6; round++) {
		g_autoptr(LttvIter) it = lttv_iter_new(ts);
		g_autoptr(LttvState) st = lttv_state_new(ts);
		g_autoptr(GError) error = NULL;
		const LttvItem *item;
		guint64 n = 0, from = (guint64)g_rand_int_range(rand, 0, 120000);
		guint64 to = from + (guint64)g_rand_int_range(rand, 1000, 120000);
		double drop = round < 2 ? 0 : round < 4 ? 0.01 : 0.2;
		gboolean notify = round % 2 == 0;
		LttvTime last = 0;
		LttvStateCounters c;

		while ((item = lttv_iter_next(it, &error)) && n++ < to) {
			if (n < from)
				continue;
			last = item->time;
			if (drop > 0 && g_rand_double(rand) < drop) {
				/* lost: tell the engine as a tracer would, or not */
				if (notify) {
					LttvItem lost = {.kind = LTTV_ITEM_DISCARDED_EVENTS,
					                 .time = item->time,
					                 .stream = item->stream,
					                 .count = 1,
					                 .count_known = TRUE};

					lttv_state_apply(st, &lost);
				}
				continue;
			}
			lttv_state_apply(st, item);
		}
		g_assert_no_error(error);
		lttv_state_close(st, last);
		lttv_state_counters(st, &c);
		if (drop > 0 && notify) {
			g_assert_cmpuint(c.lost_events, >, 0);
			g_assert_cmpuint(c.uncertain_marks, >, 0);
		}
		if (drop >= 0.2 && !notify)
			/* lost switches show as switches from an unexpected thread */
			g_assert_cmpuint(c.switch_mismatches + c.unmatched_exits, >, 0);
		/* what it holds stays consistent */
		for (guint i = 0; i < lttv_state_n_processes(st, 0); i++) {
			const LttvProcess *p = lttv_state_process(st, 0, i);

			g_assert_cmpuint(lttv_process_stack_depth(p), >=, 1);
			g_assert_cmpint(lttv_process_status(p), <, LTTV_STATUS_COUNT);
		}
	}
}

/* Events of another stream spliced into one: many-threads with CPU 5's
 * packets appended to CPU 3's file. */
static void test_spliced(void)
{
	g_autofree char *src = trace_path("tracecompass/many-threads");
	g_autofree char *dir = g_dir_make_tmp("lttv-splice-XXXXXX", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvIter) it = NULL;
	g_autoptr(LttvState) st = NULL;
	const char *files[] = {"metadata",   "channel0_0", "channel0_1", "channel0_2", "channel0_3",
	                       "channel0_4", "channel0_5", "channel0_6", "channel0_7"};
	const LttvItem *item;
	LttvTime last = 0;
	LttvStateCounters c;

	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		g_autofree char *from = g_build_filename(src, files[i], NULL);
		g_autofree char *to = g_build_filename(dir, files[i], NULL);
		g_autofree char *bytes = NULL;
		gsize len;

		g_assert_true(g_file_get_contents(from, &bytes, &len, NULL));
		if (strcmp(files[i], "channel0_3") == 0) {
			g_autofree char *five = g_build_filename(src, "channel0_5", NULL);
			g_autofree char *more = NULL;
			gsize more_len;

			g_assert_true(g_file_get_contents(five, &more, &more_len, NULL));
			bytes = g_realloc(bytes, len + more_len);
			memcpy(bytes + len, more, more_len);
			len += more_len;
		}
		g_assert_true(g_file_set_contents(to, bytes, (gssize)len, NULL));
	}
	ts = lttv_traceset_open(dir, &error);
	g_assert_no_error(error);
	it = lttv_iter_new(ts);
	st = lttv_state_new(ts);
	while ((item = lttv_iter_next(it, &error))) {
		lttv_state_apply(st, item);
		last = item->time;
	}
	/* (the reader may stop at the spliced packets: either is fine) */
	g_clear_error(&error);
	lttv_state_close(st, last);
	lttv_state_counters(st, &c);
	g_assert_cmpuint(c.events, >, 240644);
	/* CPU 5's threads seen twice: noticed, and marked */
	g_assert_cmpuint(c.switch_mismatches + c.forks_of_live_tids, >, 0);
	g_assert_cmpuint(c.uncertain_marks, >, 0);
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		g_autofree char *to = g_build_filename(dir, files[i], NULL);

		g_unlink(to);
	}
	g_rmdir(dir);
}

/* sched_switch's prev_state in the encodings of several kernels */
static void test_prev_state(void)
{
	g_assert_cmpint(lttv_prev_state_status(0), ==, LTTV_STATUS_WAIT_CPU);     /* R */
	g_assert_cmpint(lttv_prev_state_status(0x100), ==, LTTV_STATUS_WAIT_CPU); /* R+ >= 4.14 */
	g_assert_cmpint(lttv_prev_state_status(0x800), ==, LTTV_STATUS_WAIT_CPU); /* R+ < 4.14 */
	g_assert_cmpint(lttv_prev_state_status(1), ==, LTTV_STATUS_WAIT);         /* S */
	g_assert_cmpint(lttv_prev_state_status(2), ==, LTTV_STATUS_WAIT);         /* D */
	g_assert_cmpint(lttv_prev_state_status(0x10), ==, LTTV_STATUS_ZOMBIE);    /* X */
	g_assert_cmpint(lttv_prev_state_status(0x20), ==, LTTV_STATUS_ZOMBIE);    /* Z */
}

/* Counters added over traces, and told in a line only when they mean the
 * engine lost track of something. */
static void test_counters_describe(void)
{
	LttvStateCounters sum = {0}, a = {.events = 10, .uncertain_marks = 3};
	LttvStateCounters b = {.events = 5,
	                       .lost_events = 1,
	                       .switch_mismatches = 2,
	                       .unmatched_exits = 1,
	                       .forks_of_live_tids = 4,
	                       .uncertain_marks = 1};
	g_autofree char *none = NULL, *all = NULL, *one = NULL;

	lttv_state_counters_add(&sum, &a);
	none = lttv_state_counters_describe(&sum);
	g_assert_null(none); /* events and marks alone: nothing lost */
	lttv_state_counters_add(&sum, &b);
	g_assert_cmpuint(sum.events, ==, 15);
	g_assert_cmpuint(sum.uncertain_marks, ==, 4);
	g_assert_cmpuint(sum.forks_of_live_tids, ==, 4);
	all = lttv_state_counters_describe(&sum);
	g_assert_cmpstr(all, ==,
	                "1 lost event, 2 switches from an unexpected thread, 1 exit without entry, "
	                "4 forks of a live tid");
	one = lttv_state_counters_describe(&(LttvStateCounters){.unmatched_exits = 29});
	g_assert_cmpstr(one, ==, "29 exits without entry");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/state/prev-state", test_prev_state);
	g_test_add_func("/state/many-threads", test_many_threads);
	g_test_add_func("/state/old-syscall-names", test_old_syscall_names);
	g_test_add_func("/state/disks", test_disks);
	g_test_add_func("/state/every-trace", test_every_trace);
	g_test_add_func("/state/cut-and-dropped", test_cut_and_dropped);
	g_test_add_func("/state/spliced", test_spliced);
	g_test_add_func("/state/counters-describe", test_counters_describe);
	return g_test_run();
}
