/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ftrace -> LTTng conversion of `lttv-trace record -k` end to end on a
 * fake tracefs (read back with liblttv), and the removal of stale tracefs
 * instances. */
#include "tracer/kernel/convert-internal.h"
#include "tracer/kernel/ftrace-format.h"
#include "tracer/kernel/ftrace-page.h"
#include "tracer/kernel/syscalls.h"
#include "tracer/kernel/tracefs.h"

#include "ftrace-formats.h"
#include "ftrace-records.h"
#include "lttv/error.h"
#include "lttv/event.h"
#include "lttv/traceset.h"

#include <asm/unistd.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* ================================================================ conversion */

static void feed(KConvCpu *cc, guint64 ts, const Rec *r)
{
	g_autoptr(GError) error = NULL;
	/* an exact-size copy: overreads are caught by the sanitizer build */
	g_autofree guint8 *p = g_memdup2(r->b, MAX(r->len, 1));

	g_assert_true(kconv_cpu_record(cc, ts, p, r->len, &error));
	g_assert_no_error(error);
}

static void feed_switch(KConvCpu *cc, guint64 ts, const char *prev, gint32 prev_pid,
                        gint32 prev_prio, gint64 state, const char *next, gint32 next_pid,
                        gint32 next_prio)
{
	Rec r;

	rec_init(&r, ID_SCHED_SWITCH, prev_pid, 64);
	rec_text(&r, 8, prev, 16);
	rec_put(&r, 24, (guint32)prev_pid, 4);
	rec_put(&r, 28, (guint32)prev_prio, 4);
	rec_put(&r, 32, (guint64)state, 8);
	rec_text(&r, 40, next, 16);
	rec_put(&r, 56, (guint32)next_pid, 4);
	rec_put(&r, 60, (guint32)next_prio, 4);
	feed(cc, ts, &r);
}

static void feed_newtask(KConvCpu *cc, guint64 ts, gint32 parent, gint32 child, guint64 flags)
{
	Rec r;

	rec_init(&r, ID_TASK_NEWTASK, parent, 44);
	rec_put(&r, 8, (guint32)child, 4);
	rec_text(&r, 12, "worker", 16);
	rec_put(&r, 32, flags, 8);
	feed(cc, ts, &r);
}

static void feed_fork(KConvCpu *cc, guint64 ts, gint32 parent, gint32 child)
{
	Rec r;

	rec_init(&r, ID_SCHED_PROCESS_FORK, parent, 24);
	rec_dyn(&r, 8, "worker", 7, FALSE);
	rec_put(&r, 12, (guint32)parent, 4);
	rec_dyn(&r, 16, "worker-child-long-name", 23, FALSE);
	rec_put(&r, 20, (guint32)child, 4);
	feed(cc, ts, &r);
}

static void feed_syscall(KConvCpu *cc, guint64 ts, gboolean enter, gint64 nr, const guint64 *args,
                         gint64 ret)
{
	Rec r;

	rec_init(&r, enter ? ID_SYS_ENTER : ID_SYS_EXIT, TID, enter ? 64 : 24);
	rec_put(&r, 8, (guint64)nr, 8);
	if (enter)
		for (int i = 0; i < 6; i++)
			rec_put(&r, 16 + 8 * i, args[i], 8);
	else
		rec_put(&r, 16, (guint64)ret, 8);
	feed(cc, ts, &r);
}

static guint32 ns_inum(void)
{
	struct stat st;

	return stat("/proc/self/ns/pid", &st) == 0 ? (guint32)st.st_ino : 0;
}

typedef struct {
	char *tracefs, *out;
	LttvCtfMetadata *meta;
	KConv *conv;
	LttvCtfStream *s[2];
	KConvCpu *cc[2];
} Conv;

static void conv_open(Conv *t, const char *const *selection)
{
	g_autoptr(GError) error = NULL;

	memset(t, 0, sizeof *t);
	t->tracefs = fake_tracefs_new();
	g_assert_nonnull(t->tracefs);
	t->out = g_dir_make_tmp("lttv-ftrace-XXXXXX", &error);
	g_assert_no_error(error);
	t->meta = lttv_ctf_metadata_new(trace_uuid, trace_uuid, 0);
	lttv_ctf_metadata_env_string(t->meta, "domain", "kernel");
	lttv_ctf_metadata_env_string(t->meta, "tracer_name", "lttng-modules");
	t->conv = kconv_new(t->tracefs, selection, t->meta, &error);
	g_assert_no_error(error);
	g_assert_nonnull(t->conv);
	g_assert_true(lttv_ctf_metadata_write(t->meta, t->out, &error));
	g_assert_no_error(error);
	for (guint i = 0; i < 2; i++) {
		g_autofree char *name = g_strdup_printf("channel0_%u", i);

		t->s[i] =
		        lttv_ctf_stream_open(t->out, name, i, trace_uuid,
		                             lttv_ctf_metadata_header_kind(t->meta), 4096, &error);
		g_assert_no_error(error);
		t->cc[i] = kconv_cpu_new(t->conv, i, t->s[i], i == 0);
	}
}

static void conv_close(Conv *t)
{
	g_autoptr(GError) error = NULL;

	for (guint i = 0; i < 2; i++) {
		g_assert_true(kconv_cpu_finish(t->cc[i], &error));
		g_assert_no_error(error);
		g_assert_true(lttv_ctf_stream_close(t->s[i], 0, &error));
		g_assert_no_error(error);
	}
}

static void conv_free(Conv *t)
{
	for (guint i = 0; i < 2; i++)
		kconv_cpu_free(t->cc[i]);
	kconv_free(t->conv);
	lttv_ctf_metadata_free(t->meta);
	fake_tracefs_rm_rf(t->tracefs);
	fake_tracefs_rm_rf(t->out);
	g_free(t->tracefs);
	g_free(t->out);
}

static void test_convert_selection(void)
{
	g_autofree char *root = fake_tracefs_new();
	static const char *const bad[] = {"nosuch", "sched:nosuch", "nosys:*", "../x:y",
	                                  ":x",     "sched:",       "a/b:c",   ""};
	static const char *const good[] = {"sched",        "irq",        "syscall",
	                                   "block",        "power",      "timer",
	                                   "ftrace:print", "lttvtest:*", "sched:sched_switch"};

	g_assert_nonnull(root);
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;

		g_assert_false(kconv_selection_valid(bad[i], root, &error));
		g_assert_error(error, LTTV_ERROR, LTTV_ERROR_ARGUMENT);
	}
	for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
		g_autoptr(GError) error = NULL;

		g_assert_true(kconv_selection_valid(good[i], root, &error));
		g_assert_no_error(error);
	}
	/* kconv_new: a bad item fails it; so does a selection of nothing there */
	{
		static const char *const sel[] = {"sched", "nosuch", NULL};
		static const char *const none[] = {"power", "timer", NULL};
		g_autoptr(LttvCtfMetadata) meta = lttv_ctf_metadata_new(trace_uuid, trace_uuid, 0);
		g_autoptr(GError) error = NULL;

		g_assert_null(kconv_new(root, sel, meta, &error));
		g_assert_error(error, LTTV_ERROR, LTTV_ERROR_ARGUMENT);
		g_clear_error(&error);
		g_assert_null(kconv_new(root, none, meta, &error));
		g_assert_error(error, LTTV_ERROR, LTTV_ERROR_ARGUMENT);
	}
	fake_tracefs_rm_rf(root);
}

static void test_convert(void)
{
	static const char *const selection[] = {"sched",        "irq",        "block", "syscall",
	                                        "ftrace:print", "lttvtest:*", NULL};
	static const char *const want_events[] = {
	        "sched:sched_switch",
	        "sched:sched_wakeup",
	        "sched:sched_process_fork",
	        "sched:sched_process_exec",
	        "sched:sched_process_exit",
	        "irq:irq_handler_entry",
	        "irq:softirq_entry",
	        "block:block_rq_issue",
	        "raw_syscalls:sys_enter",
	        "raw_syscalls:sys_exit",
	        "ftrace:print",
	        "lttvtest:relloc",
	        "task:task_newtask",
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) got = NULL;
	g_autofree char *fork_thread = NULL, *fork_process = NULL, *fork_orphan = NULL;
	Conv t;
	Rec r;
	const LttvDumpProcess proc = {TID, TGID, 1, "worker", 0, 5, 0, 5, 1, 0xfeed};
	/* asleep in openat: mode 1 (LTTNG_SYSCALL) and the call's name */
	const LttvDumpProcess asleep = {TGID + 77, TGID, 1, "sleeper", 0,    5,
	                                0,         5,    0, 0xfeed,    TRUE, __NR_openat};
	const LttvDumpInterrupt irq = {9, "IO-APIC", "acpi"};
	const LttvDumpBlockDevice dev = {8u << 20 | 16, "sdb"};
	guint64 openat_args[6] = {(guint64)-100, 0x7ffd0000, 0x80000, 0644, 0xaa, 0xbb};
	guint64 unknown_args[6] = {1, 2, 3, 4, 5, 6};

	conv_open(&t, selection);
	{
		const GPtrArray *evs = kconv_ftrace_events(t.conv);

		for (guint i = 0; i < evs->len; i++)
			g_assert_true(g_strv_contains(want_events, evs->pdata[i]));
		g_assert_cmpuint(evs->len, ==, G_N_ELEMENTS(want_events));
	}
	g_assert_true(kconv_wants_syscall_strings(t.conv));
	{
		g_autoptr(GByteArray) masks = kconv_syscall_string_masks(t.conv);

		g_assert_cmpuint(masks->len, >, __NR_openat);
		g_assert_cmpuint(masks->data[__NR_openat], ==, 1u << 1); /* filename */
	}

	/* the state dump, merged into CPU 0 by time */
	kconv_statedump_begin(t.conv, 1000);
	kconv_statedump_process(t.conv, 1100, &proc);
	kconv_statedump_process(t.conv, 1150, &asleep);
	kconv_statedump_interrupt(t.conv, 1200, &irq);
	kconv_statedump_block_device(t.conv, 1300, &dev);
	kconv_statedump_end(t.conv, 1400);

	/* CPU 0 */
	feed_switch(t.cc[0], 500, "swapper/0", 0, 120, 0x100, "bash", TID, 139);
	feed_newtask(t.cc[0], 2000, TID, THREAD, 0x003d0f00); /* pthread_create */
	feed_fork(t.cc[0], 2001, TID, THREAD);
	feed_newtask(t.cc[0], 2100, TID, CHILD, 0x01200011); /* fork() */
	feed_fork(t.cc[0], 2101, TID, CHILD);
	feed_fork(t.cc[0], 2150, TID, ORPHAN); /* task_newtask lost */
	rec_init(&r, ID_SCHED_PROCESS_EXEC, CHILD, 20);
	rec_dyn(&r, 8, "/bin/true", 10, FALSE);
	rec_put(&r, 12, CHILD, 4);
	rec_put(&r, 16, CHILD, 4);
	/* the reference's verified record: offset 20, length 10 */
	g_assert_cmpuint(r.b[8] | r.b[9] << 8 | r.b[10] << 16 | r.b[11] << 24, ==, 0x000a0014);
	feed(t.cc[0], 2200, &r);
	rec_init(&r, ID_BLOCK_RQ_ISSUE, TID, 64);
	rec_put(&r, 8, 8u << 20 | 16, 4);
	rec_put(&r, 16, 123456789, 8);
	rec_put(&r, 24, 8, 4);
	rec_put(&r, 28, 4096, 4);
	rec_put(&r, 32, 0x4000, 2);
	rec_text(&r, 34, "WS", 10);
	rec_text(&r, 44, "kworker/0:1", 16);
	rec_dyn(&r, 60, "", 1, FALSE);
	feed(t.cc[0], 2300, &r);
	feed_syscall(t.cc[0], 2400, TRUE, __NR_openat, openat_args, 0);
	feed_syscall(t.cc[0], 2500, FALSE, __NR_openat, NULL, 3);
	feed_syscall(t.cc[0], 2600, TRUE, 5000, unknown_args, 0);
	feed_syscall(t.cc[0], 2650, FALSE, 5000, NULL, -38);
	feed_syscall(t.cc[0], 2660, TRUE, -1, unknown_args, 0);
	/* an ftrace id that was not selected: counted, not written */
	rec_init(&r, 999, TID, 16);
	feed(t.cc[0], 2700, &r);
	g_assert_cmpuint(kconv_cpu_unknown(t.cc[0]), ==, 1);
	/* shorter than the common fields */
	rec_init(&r, ID_SCHED_SWITCH, TID, 6);
	feed(t.cc[0], 2750, &r);
	g_assert_cmpuint(kconv_cpu_unknown(t.cc[0]), ==, 2);
	/* truncated: the fields that are not there read as 0 (prio 0 - 100) */
	rec_init(&r, ID_SCHED_SWITCH, TID, 64);
	rec_text(&r, 8, "truncated-comm", 16);
	/* past the record's end: never read */
	rec_put(&r, 24, 4242, 4);
	rec_put(&r, 32, 7, 8);
	rec_put(&r, 56, 4343, 4);
	r.len = 12;
	feed(t.cc[0], 2800, &r);
	/* a data_loc pointing out of the payload: empty */
	rec_init(&r, ID_IRQ_HANDLER_ENTRY, 0, 16);
	rec_put(&r, 8, 9, 4);
	rec_put(&r, 12, 0x00100008u, 4); /* 16 bytes at 8: past the end */
	feed(t.cc[0], 2850, &r);
	rec_init(&r, ID_IRQ_HANDLER_ENTRY, 0, 16);
	rec_put(&r, 8, 9, 4);
	rec_dyn(&r, 12, "acpi", 5, FALSE);
	feed(t.cc[0], 2900, &r);
	rec_init(&r, ID_PRINT, TID, 16);
	rec_put(&r, 8, 0xffffffff81000000, 8);
	memcpy(r.b + 16, "hello\n\0\0", 8);
	r.len = 24;
	feed(t.cc[0], 3000, &r);
	rec_init(&r, ID_RELLOC, TID, 20);
	rec_dyn(&r, 8, "relative", 9, TRUE);
	rec_put(&r, 12, (guint32)-7, 4);
	{
		const guint32 vals[3] = {1, 0xffffffff, 3};

		rec_dyn(&r, 16, vals, sizeof vals, TRUE);
	}
	feed(t.cc[0], 3100, &r);
	g_assert_cmpuint(kconv_cpu_events(t.cc[0]), ==, 22); /* the state dump's 6 included */

	/* CPU 1 */
	feed_switch(t.cc[1], 1500, "bash", TID, 100, 1, "swapper/1", 0, 120);
	rec_init(&r, ID_SCHED_WAKEUP, 0, 36);
	rec_text(&r, 8, "a-sixteen-chars!", 16); /* not NUL-terminated */
	rec_put(&r, 24, TID, 4);
	rec_put(&r, 28, 0, 4); /* RT priority 99 */
	rec_put(&r, 32, 1, 4);
	feed(t.cc[1], 1600, &r);
	feed_fork(t.cc[1], 1700, NOBODY, NOBODY + 1); /* unknown parent */
	rec_init(&r, ID_SOFTIRQ_ENTRY, 0, 12);
	rec_put(&r, 8, 7, 4);
	feed(t.cc[1], 1800, &r);
	/* comms as the kernel may leave them: bytes after the NUL (which the
	 * trace must not carry), UTF-8, a NUL in the second half, none at all */
	feed_switch(t.cc[1], 1900, "", 7, 120, 0, "", 8, 120);
	rec_init(&r, ID_SCHED_SWITCH, 7, 64);
	memcpy(r.b + 8, "ab\0garbage-left", 16);
	rec_put(&r, 24, 7, 4);
	rec_put(&r, 28, 120, 4);
	memcpy(r.b + 40, "\xc3\xa9t\xc3\xa9-longer\0junk", 16);
	rec_put(&r, 56, 8, 4);
	rec_put(&r, 60, 120, 4);
	feed(t.cc[1], 1950, &r);
	memcpy(r.b + 8, "0123456789abcdef", 16);
	memcpy(r.b + 40, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	feed(t.cc[1], 1960, &r);
	g_assert_cmpuint(kconv_cpu_events(t.cc[1]), ==, 7);
	g_assert_cmpuint(kconv_cpu_unknown(t.cc[1]), ==, 0);

	conv_close(&t);
	{
		/* what followed a comm's NUL is not in the stream */
		g_autofree char *path = g_build_filename(t.out, "channel0_1", NULL);
		g_autofree char *data = NULL;
		gsize len;

		g_assert_true(g_file_get_contents(path, &data, &len, NULL));
		g_assert_null(memmem(data, len, "garb", 4));
		g_assert_null(memmem(data, len, "left", 4));
		g_assert_null(memmem(data, len, "jun", 3));
	}
	fork_thread = g_strdup_printf(
	        "0 2001 sched_process_fork parent_comm=\"worker\" parent_tid=%d parent_pid=%d "
	        "parent_ns_inum=%u child_comm=\"worker-child-lon\" child_tid=%d "
	        "_vtids_length=1 vtids=[%d] child_pid=%d child_ns_inum=%u",
	        TID, TGID, ns_inum(), THREAD, THREAD, TGID, ns_inum());
	fork_process = g_strdup_printf(
	        "0 2101 sched_process_fork parent_comm=\"worker\" parent_tid=%d parent_pid=%d "
	        "parent_ns_inum=%u child_comm=\"worker-child-lon\" child_tid=%d "
	        "_vtids_length=1 vtids=[%d] child_pid=%d child_ns_inum=%u",
	        TID, TGID, ns_inum(), CHILD, CHILD, CHILD, ns_inum());
	fork_orphan = g_strdup_printf(
	        "0 2150 sched_process_fork parent_comm=\"worker\" parent_tid=%d parent_pid=%d "
	        "parent_ns_inum=%u child_comm=\"worker-child-lon\" child_tid=%d "
	        "_vtids_length=1 vtids=[%d] child_pid=%d child_ns_inum=%u",
	        TID, TGID, ns_inum(), ORPHAN, ORPHAN, ORPHAN, ns_inum());
	{
		g_autofree char *nobody = g_strdup_printf(
		        "1 1700 sched_process_fork parent_comm=\"worker\" parent_tid=%d "
		        "parent_pid=%d parent_ns_inum=%u child_comm=\"worker-child-lon\" "
		        "child_tid=%d _vtids_length=1 vtids=[%d] child_pid=%d child_ns_inum=%u",
		        NOBODY, NOBODY, ns_inum(), NOBODY + 1, NOBODY + 1, NOBODY + 1, ns_inum());
		const char *const want[] = {
		        "0 500 sched_switch prev_comm=\"swapper/0\" prev_tid=0 prev_prio=20 "
		        "prev_state=256 next_comm=\"bash\" next_tid=5000001 next_prio=39",
		        "0 1000 lttng_statedump_start",
		        "0 1100 lttng_statedump_process_state tid=5000001 pid=5000000 ppid=1 "
		        "name=\"worker\" type=0 mode=5 submode=0 status=5 cpu=1 "
		        "file_table_address=65261 syscall=\"\"",
		        "0 1150 lttng_statedump_process_state tid=5000077 pid=5000000 ppid=1 "
		        "name=\"sleeper\" type=0 mode=1 submode=0 status=5 cpu=0 "
		        "file_table_address=65261 syscall=\"openat\"",
		        "0 1200 lttng_statedump_interrupt irq=9 name=\"IO-APIC\" action=\"acpi\" "
		        "tid=0",
		        "0 1300 lttng_statedump_block_device dev=8388624 diskname=\"sdb\"",
		        "0 1400 lttng_statedump_end",
		        "1 1500 sched_switch prev_comm=\"bash\" prev_tid=5000001 prev_prio=0 "
		        "prev_state=1 next_comm=\"swapper/1\" next_tid=0 next_prio=20",
		        "1 1600 sched_wakeup comm=\"a-sixteen-chars!\" tid=5000001 prio=-100 "
		        "target_cpu=1",
		        nobody,
		        "1 1800 irq_softirq_entry vec=7",
		        "1 1900 sched_switch prev_comm=\"\" prev_tid=7 prev_prio=20 prev_state=0 "
		        "next_comm=\"\" next_tid=8 next_prio=20",
		        "1 1950 sched_switch prev_comm=\"ab\" prev_tid=7 prev_prio=20 prev_state=0 "
		        "next_comm=\"\xc3\xa9t\xc3\xa9-longer\" next_tid=8 next_prio=20",
		        "1 1960 sched_switch prev_comm=\"0123456789abcdef\" prev_tid=7 "
		        "prev_prio=20 "
		        "prev_state=0 next_comm=\"\" next_tid=8 next_prio=20",
		        fork_thread,
		        fork_process,
		        fork_orphan,
		        "0 2200 sched_process_exec filename=\"/bin/true\" tid=5000003 "
		        "old_tid=5000003",
		        "0 2300 block_rq_issue dev=8388624 sector=123456789 nr_sector=8 bytes=4096 "
		        "tid=5000001 rwbs=33 comm=\"kworker/0:1\"",
		        "0 2400 syscall_entry_openat dfd=-100 filename=\"\" flags=524288 mode=420",
		        "0 2500 syscall_exit_openat ret=3",
		        "0 2600 syscall_entry_unknown id=5000 args=[1,2,3,4,5,6]",
		        "0 2650 syscall_exit_unknown id=5000 ret=-38 args=[0,0,0,0,0,0]",
		        "0 2660 syscall_entry_unknown id=-1 args=[1,2,3,4,5,6]",
		        "0 2800 sched_switch prev_comm=\"\" prev_tid=0 prev_prio=-100 prev_state=0 "
		        "next_comm=\"\" next_tid=0 next_prio=-100",
		        "0 2850 irq_handler_entry irq=9 name=\"\"",
		        "0 2900 irq_handler_entry irq=9 name=\"acpi\"",
		        "0 3000 ftrace_print ip=18446744071578845184 buf=\"hello\n\"",
		        "0 3100 lttvtest_relloc msg=\"relative\" value=-7 _vals_length=3 "
		        "vals=[1,4294967295,3]",
		};

		got = read_trace(t.out);
		check_lines(got, want, G_N_ELEMENTS(want));
	}
	conv_free(&t);
}

/* State dump events later than every record: written by kconv_cpu_finish,
 * after the records. */
static void test_convert_statedump_last(void)
{
	static const char *const selection[] = {"sched", NULL};
	static const char *const want[] = {
	        "0 500 sched_switch prev_comm=\"a\" prev_tid=1 prev_prio=20 prev_state=0 "
	        "next_comm=\"b\" next_tid=2 next_prio=20",
	        "1 600 sched_switch prev_comm=\"c\" prev_tid=3 prev_prio=20 prev_state=0 "
	        "next_comm=\"d\" next_tid=4 next_prio=20",
	        "0 10000 lttng_statedump_start",
	        "0 10000 lttng_statedump_block_device dev=1 diskname=\"vda\"",
	        "0 10001 lttng_statedump_end",
	};
	const LttvDumpBlockDevice dev = {1, "vda"};
	g_autoptr(GPtrArray) got = NULL;
	Conv t;

	conv_open(&t, selection);
	kconv_statedump_begin(t.conv, 10000);
	kconv_statedump_block_device(t.conv, 9000, &dev); /* out of order: raised */
	kconv_statedump_end(t.conv, 10001);
	feed_switch(t.cc[0], 500, "a", 1, 120, 0, "b", 2, 120);
	feed_switch(t.cc[1], 600, "c", 3, 120, 0, "d", 4, 120);
	g_assert_cmpuint(kconv_cpu_events(t.cc[0]), ==, 1);
	conv_close(&t);
	g_assert_cmpuint(kconv_cpu_events(t.cc[0]), ==, 4);
	g_assert_cmpuint(kconv_cpu_events(t.cc[1]), ==, 1);
	got = read_trace(t.out);
	check_lines(got, want, G_N_ELEMENTS(want));
	conv_free(&t);
}

/* A format whose fixed arrays do not fit the conversion buffer is left out
 * (warning), not overflowed. */
static void test_convert_huge_event(void)
{
	static const char big[] =
	        "name: big\nID: 3001\nformat:\n"
	        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	        "\tfield:char a[40000];\toffset:8;\tsize:40000;\tsigned:0;\n"
	        "\tfield:char b[30000];\toffset:40008;\tsize:30000;\tsigned:0;\n";
	static const char *const selection[] = {"lttvtest:big", "lttvtest:relloc", NULL};
	g_autofree char *root = fake_tracefs_new();
	g_autoptr(LttvCtfMetadata) meta = lttv_ctf_metadata_new(trace_uuid, trace_uuid, 0);
	g_autoptr(GError) error = NULL;
	g_autofree char *out = g_dir_make_tmp("lttv-ftrace-XXXXXX", NULL);
	g_autofree guint8 *payload = g_malloc0(70008);
	LttvCtfStream *s;
	KConvCpu *cc;
	KConv *c;

	g_assert_true(fake_tracefs_add(root, "lttvtest", "big", big));
	if (g_test_subprocess()) {
		c = kconv_new(root, selection, meta, &error);
		g_assert_no_error(error);
		g_assert_cmpuint(kconv_ftrace_events(c)->len, ==, 1);
		s = lttv_ctf_stream_open(out, "channel0_0", 0, trace_uuid,
		                         lttv_ctf_metadata_header_kind(meta), 256 * 1024, &error);
		g_assert_no_error(error);
		cc = kconv_cpu_new(c, 0, s, FALSE);
		payload[0] = 3001 & 0xff;
		payload[1] = 3001 >> 8;
		g_assert_true(kconv_cpu_record(cc, 1, payload, 70008, &error));
		g_assert_cmpuint(kconv_cpu_unknown(cc), ==, 1);
		g_assert_true(lttv_ctf_stream_close(s, 0, &error));
		kconv_cpu_free(cc);
		kconv_free(c);
		fake_tracefs_rm_rf(out);
		fake_tracefs_rm_rf(root);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
	g_test_trap_assert_stderr("*lttvtest:big is too large*");
	fake_tracefs_rm_rf(out);
	fake_tracefs_rm_rf(root);
}

static gpointer tgid_thread(gpointer data)
{
	return GINT_TO_POINTER(kconv_tgid_of(data, (gint32)syscall(SYS_gettid)));
}

/* The tgid of a tid never seen: /proc/<tid>/status (a thread of ours), or
 * the tid itself when there is no such task. */
static void test_tgid_proc(void)
{
	static const char *const selection[] = {"irq", NULL};
	Conv t;
	GThread *th;

	conv_open(&t, selection);
	th = g_thread_new("tgid", tgid_thread, t.conv);
	g_assert_cmpint(GPOINTER_TO_INT(g_thread_join(th)), ==, getpid());
	g_assert_cmpint(kconv_tgid_of(t.conv, NOBODY), ==, NOBODY);
	g_assert_cmpint(kconv_tgid_of(t.conv, 0), ==, 0);
	g_assert_cmpint(kconv_tgid_of(t.conv, -5), ==, -5);
	kconv_tgid_set(t.conv, NOBODY, 42);
	g_assert_cmpint(kconv_tgid_of(t.conv, NOBODY), ==, 42);
	conv_close(&t);
	conv_free(&t);
}

/* ================================================================ tracefs */

/* Everything in a subprocess (the pid of the caller matters): makes a fake
 * tracefs/instances, removes the stale ones, checks what is left. */
static void remove_stale_child(void)
{
	g_autofree char *root = g_dir_make_tmp("lttv-tracefs-XXXXXX", NULL);
	g_autofree char *instances = g_build_filename(root, "instances", NULL);
	g_autofree char *dead = NULL, *own = NULL, *live = NULL, *busy = NULL;
	g_autofree char *guarded = NULL, *unguarded = NULL;
	g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func(g_free);
	const char *keep[] = {"lttv-abc", "lttv-", "lttv-0",    "lttv--3", "lttv-12x",
	                      "other",    "lttv",  "lttv-12-x", NULL};
	int status, pipefd[2];
	pid_t pid, recorder;
	char c;

	/* a pid that just died */
	pid = fork();
	if (pid == 0)
		_exit(0);
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	/* a live process named lttv-trace: another recorder */
	g_assert_cmpint(pipe(pipefd), ==, 0);
	recorder = fork();
	if (recorder == 0) {
		prctl(PR_SET_NAME, "lttv-trace");
		close(pipefd[0]);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(pipefd[1]);
	g_assert_cmpint(read(pipefd[0], &c, 1), ==, 1);
	close(pipefd[0]);

	dead = g_strdup_printf("lttv-%d", (int)pid);
	own = g_strdup_printf("lttv-%d", (int)getpid());
	live = g_strdup_printf("lttv-%d", (int)recorder);
	/* a dead recorder whose guard lives (it still needs the instance),
	 * and one whose guard is dead too */
	guarded = g_strdup_printf("lttv-%d-%d", (int)pid, (int)recorder);
	unguarded = g_strdup_printf("lttv-%d-%d", (int)pid, (int)pid);
	g_assert_cmpint(g_mkdir_with_parents(instances, 0755), ==, 0);
	for (const char **k = keep; *k; k++) {
		g_autofree char *p = g_build_filename(instances, *k, NULL);

		g_assert_cmpint(g_mkdir(p, 0755), ==, 0);
	}
	/* pid 1 is alive but not an lttv-trace: stale too */
	{
		const char *more[] = {dead, own, live, "lttv-1", guarded, unguarded};

		for (guint i = 0; i < G_N_ELEMENTS(more); i++) {
			g_autofree char *p = g_build_filename(instances, more[i], NULL);

			g_assert_cmpint(g_mkdir(p, 0755), ==, 0);
		}
	}
	/* stale but cannot be removed (not empty): a warning, kept */
	busy = g_build_filename(instances, "lttv-4999999", "trace", NULL);
	g_assert_cmpint(g_mkdir_with_parents(busy, 0755), ==, 0);

	g_assert_cmpuint(lttv_tracefs_remove_stale(root), ==, 3);
	kill(recorder, SIGKILL);
	waitpid(recorder, &status, 0);

	{
		g_autoptr(GDir) d = g_dir_open(instances, 0, NULL);
		const char *n;

		while ((n = g_dir_read_name(d)))
			g_ptr_array_add(left, g_strdup(n));
	}
	for (const char **k = keep; *k; k++)
		g_assert_true(g_ptr_array_find_with_equal_func(left, *k, g_str_equal, NULL));
	g_assert_true(g_ptr_array_find_with_equal_func(left, own, g_str_equal, NULL));
	g_assert_true(g_ptr_array_find_with_equal_func(left, live, g_str_equal, NULL));
	g_assert_true(g_ptr_array_find_with_equal_func(left, "lttv-4999999", g_str_equal, NULL));
	g_assert_false(g_ptr_array_find_with_equal_func(left, dead, g_str_equal, NULL));
	g_assert_false(g_ptr_array_find_with_equal_func(left, "lttv-1", g_str_equal, NULL));
	g_assert_true(g_ptr_array_find_with_equal_func(left, guarded, g_str_equal, NULL));
	g_assert_false(g_ptr_array_find_with_equal_func(left, unguarded, g_str_equal, NULL));
	g_assert_cmpuint(left->len, ==, G_N_ELEMENTS(keep) - 1 + 4);
	/* no instances folder at all */
	g_assert_cmpuint(lttv_tracefs_remove_stale("/nonexistent-tracefs"), ==, 0);
	fake_tracefs_rm_rf(root);
}

static void test_remove_stale(void)
{
	if (g_test_subprocess()) {
		remove_stale_child();
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
	g_test_trap_assert_stderr("*warning: *lttv-4999999*");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ftrace/convert/selection", test_convert_selection);
	g_test_add_func("/ftrace/convert/records", test_convert);
	g_test_add_func("/ftrace/convert/statedump-last", test_convert_statedump_last);
	g_test_add_func("/ftrace/convert/huge-event", test_convert_huge_event);
	g_test_add_func("/ftrace/convert/tgid-proc", test_tgid_proc);
	g_test_add_func("/ftrace/tracefs/remove-stale", test_remove_stale);
	return g_test_run();
}
