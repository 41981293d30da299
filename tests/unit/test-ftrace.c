/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ftrace format files and header_page of `lttv-trace record -k`. */
#include "tracer/kernel/convert-internal.h"
#include "tracer/kernel/ftrace-format.h"
#include "tracer/kernel/ftrace-page.h"
#include "tracer/kernel/syscalls.h"
#include "tracer/kernel/tracefs.h"

#include "ftrace-formats.h"
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

/* ================================================================ formats */

typedef struct {
	const char *name, *type;
	guint16 offset, size;
	gboolean is_signed;
	FtraceFieldLoc loc;
	guint32 array_len;
	guint8 elem_size;
	gboolean is_char;
} WantField;

/* the common fields, first in every event format */
static const WantField common_fields[] = {
        {"common_type", "unsigned short", 0, 2, FALSE, FTRACE_FIELD_PLAIN, 0, 2, FALSE},
        {"common_flags", "unsigned char", 2, 1, FALSE, FTRACE_FIELD_PLAIN, 0, 1, FALSE},
        {"common_preempt_count", "unsigned char", 3, 1, FALSE, FTRACE_FIELD_PLAIN, 0, 1, FALSE},
        {"common_pid", "int", 4, 4, TRUE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
};

static FtraceFormat *parse_ok(const char *system, const char *text)
{
	g_autoptr(GError) error = NULL;
	FtraceFormat *f = ftrace_format_parse(system, text, &error);

	g_assert_no_error(error);
	g_assert_nonnull(f);
	return f;
}

static void check_field(const FtraceFormat *f, guint i, const WantField *w)
{
	const FtraceField *x = f->fields->pdata[i];

	g_assert_cmpstr(x->name, ==, w->name);
	g_assert_cmpstr(x->type, ==, w->type);
	g_assert_cmpuint(x->offset, ==, w->offset);
	g_assert_cmpuint(x->size, ==, w->size);
	g_assert_cmpint(x->is_signed, ==, w->is_signed);
	g_assert_cmpint(x->loc, ==, w->loc);
	g_assert_cmpuint(x->array_len, ==, w->array_len);
	g_assert_cmpuint(x->elem_size, ==, w->elem_size);
	g_assert_cmpint(x->is_char, ==, w->is_char);
	g_assert_cmpint(x->is_common, ==, g_str_has_prefix(w->name, "common_"));
	g_assert_true(ftrace_format_field(f, w->name) == x);
}

/* The common fields, then want[0 .. n). */
static void check_fields(const FtraceFormat *f, const WantField *want, guint n)
{
	const guint nc = G_N_ELEMENTS(common_fields);

	g_assert_cmpuint(f->fields->len, ==, nc + n);
	for (guint i = 0; i < nc; i++)
		check_field(f, i, &common_fields[i]);
	for (guint i = 0; i < n; i++)
		check_field(f, nc + i, &want[i]);
	g_assert_null(ftrace_format_field(f, "nosuchfield"));
}

static void test_format_sched_switch(void)
{
	static const WantField want[] = {
	        {"prev_comm", "char", 8, 16, FALSE, FTRACE_FIELD_PLAIN, 16, 1, TRUE},
	        {"prev_pid", "pid_t", 24, 4, TRUE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
	        {"prev_prio", "int", 28, 4, TRUE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
	        {"prev_state", "long", 32, 8, TRUE, FTRACE_FIELD_PLAIN, 0, 8, FALSE},
	        {"next_comm", "char", 40, 16, FALSE, FTRACE_FIELD_PLAIN, 16, 1, TRUE},
	        {"next_pid", "pid_t", 56, 4, TRUE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
	        {"next_prio", "int", 60, 4, TRUE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
	};
	g_autoptr(FtraceFormat) f = parse_ok("sched", fmt_sched_switch);

	g_assert_cmpstr(f->system, ==, "sched");
	g_assert_cmpstr(f->name, ==, "sched_switch");
	g_assert_cmpuint(f->id, ==, ID_SCHED_SWITCH);
	check_fields(f, want, G_N_ELEMENTS(want));
}

static void test_format_data_loc(void)
{
	static const WantField exec[] = {
	        {"filename", "char", 8, 4, FALSE, FTRACE_FIELD_DATA_LOC, 0, 1, TRUE},
	        {"pid", "pid_t", 12, 4, TRUE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
	        {"old_pid", "pid_t", 16, 4, TRUE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
	};
	static const WantField fork[] = {
	        {"parent_comm", "char", 8, 4, FALSE, FTRACE_FIELD_DATA_LOC, 0, 1, TRUE},
	        {"parent_pid", "pid_t", 12, 4, TRUE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
	        {"child_comm", "char", 16, 4, FALSE, FTRACE_FIELD_DATA_LOC, 0, 1, TRUE},
	        {"child_pid", "pid_t", 20, 4, TRUE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
	};
	g_autoptr(FtraceFormat) e = parse_ok("sched", fmt_sched_process_exec);
	g_autoptr(FtraceFormat) f = parse_ok("sched", fmt_sched_process_fork);

	g_assert_cmpstr(e->name, ==, "sched_process_exec");
	g_assert_cmpuint(e->id, ==, ID_SCHED_PROCESS_EXEC);
	check_fields(e, exec, G_N_ELEMENTS(exec));
	g_assert_cmpuint(f->id, ==, ID_SCHED_PROCESS_FORK);
	check_fields(f, fork, G_N_ELEMENTS(fork));
}

static void test_format_block(void)
{
	static const WantField want[] = {
	        {"dev", "dev_t", 8, 4, FALSE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
	        {"sector", "sector_t", 16, 8, FALSE, FTRACE_FIELD_PLAIN, 0, 8, FALSE},
	        {"nr_sector", "unsigned int", 24, 4, FALSE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
	        {"bytes", "unsigned int", 28, 4, FALSE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
	        {"ioprio", "unsigned short", 32, 2, FALSE, FTRACE_FIELD_PLAIN, 0, 2, FALSE},
	        {"rwbs", "char", 34, 10, FALSE, FTRACE_FIELD_PLAIN, 10, 1, TRUE},
	        {"comm", "char", 44, 16, FALSE, FTRACE_FIELD_PLAIN, 16, 1, TRUE},
	        {"cmd", "char", 60, 4, FALSE, FTRACE_FIELD_DATA_LOC, 0, 1, TRUE},
	};
	g_autoptr(FtraceFormat) f = parse_ok("block", fmt_block_rq_issue);

	g_assert_cmpuint(f->id, ==, ID_BLOCK_RQ_ISSUE);
	check_fields(f, want, G_N_ELEMENTS(want));
}

static void test_format_syscalls(void)
{
	static const WantField enter[] = {
	        {"id", "long", 8, 8, TRUE, FTRACE_FIELD_PLAIN, 0, 8, FALSE},
	        {"args", "unsigned long", 16, 48, FALSE, FTRACE_FIELD_PLAIN, 6, 8, FALSE},
	};
	static const WantField openat[] = {
	        {"__syscall_nr", "int", 8, 4, TRUE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
	        {"dfd", "int", 16, 8, FALSE, FTRACE_FIELD_PLAIN, 0, 8, FALSE},
	        {"filename", "const char *", 24, 8, FALSE, FTRACE_FIELD_PLAIN, 0, 8, FALSE},
	        {"flags", "int", 32, 8, FALSE, FTRACE_FIELD_PLAIN, 0, 8, FALSE},
	        {"mode", "umode_t", 40, 8, FALSE, FTRACE_FIELD_PLAIN, 0, 8, FALSE},
	};
	static const WantField newtask[] = {
	        {"pid", "pid_t", 8, 4, TRUE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
	        {"comm", "char", 12, 16, FALSE, FTRACE_FIELD_PLAIN, 16, 1, TRUE},
	        {"clone_flags", "u64", 32, 8, FALSE, FTRACE_FIELD_PLAIN, 0, 8, FALSE},
	        {"oom_score_adj", "short", 40, 2, TRUE, FTRACE_FIELD_PLAIN, 0, 2, FALSE},
	};
	g_autoptr(FtraceFormat) e = parse_ok("raw_syscalls", fmt_sys_enter);
	g_autoptr(FtraceFormat) o = parse_ok("syscalls", fmt_sys_enter_openat);
	g_autoptr(FtraceFormat) t = parse_ok("task", fmt_task_newtask);

	g_assert_cmpstr(e->name, ==, "sys_enter");
	check_fields(e, enter, G_N_ELEMENTS(enter));
	g_assert_cmpuint(o->id, ==, ID_SYS_ENTER_OPENAT);
	check_fields(o, openat, G_N_ELEMENTS(openat));
	check_fields(t, newtask, G_N_ELEMENTS(newtask));
}

/* char buf[] of size 0 (ftrace:print), and __rel_loc fields. */
static void test_format_flexible(void)
{
	static const WantField print[] = {
	        {"ip", "unsigned long", 8, 8, FALSE, FTRACE_FIELD_PLAIN, 0, 8, FALSE},
	        /* a flexible array: no length, no size (elem_size is the size, 0) */
	        {"buf", "char", 16, 0, FALSE, FTRACE_FIELD_PLAIN, 0, 0, TRUE},
	};
	static const WantField relloc[] = {
	        {"msg", "char", 8, 4, FALSE, FTRACE_FIELD_REL_LOC, 0, 1, TRUE},
	        {"value", "int", 12, 4, TRUE, FTRACE_FIELD_PLAIN, 0, 4, FALSE},
	        /* a dynamic array of another type than char: element size unknown */
	        {"vals", "u32", 16, 4, FALSE, FTRACE_FIELD_REL_LOC, 0, 0, FALSE},
	};
	g_autoptr(FtraceFormat) p = parse_ok("ftrace", fmt_print);
	g_autoptr(FtraceFormat) r = parse_ok("lttvtest", fmt_lttvtest_relloc);

	g_assert_cmpstr(p->name, ==, "print");
	g_assert_cmpuint(p->id, ==, ID_PRINT);
	check_fields(p, print, G_N_ELEMENTS(print));
	g_assert_cmpuint(r->id, ==, ID_RELLOC);
	check_fields(r, relloc, G_N_ELEMENTS(relloc));
}

/* Variations the kernel does not write but a parser should take. */
static void test_format_variants(void)
{
	static const char text[] = "name: odd\n"
	                           "ID: 65535\n"
	                           "format:\n"
	                           "  field:const char * name;  offset:8; size:8; signed:0;\n"
	                           "\tfield:unsigned int offset;\toffset:16;\tsize:4;\tsigned:0;\n"
	                           "\tfield:u8 addr[4];\toffset:20;\tsize:4;\n"
	                           "\tfield:struct foo bar;\toffset:24;\tsize:12;\tsigned:0;\n";
	g_autoptr(FtraceFormat) f = parse_ok("x", text);
	const FtraceField *x;

	g_assert_cmpuint(f->id, ==, 65535);
	g_assert_cmpuint(f->fields->len, ==, 4);
	x = ftrace_format_field(f, "name");
	g_assert_cmpstr(x->type, ==, "const char *");
	g_assert_false(x->is_char);
	x = ftrace_format_field(f, "offset");
	g_assert_nonnull(x);
	g_assert_cmpuint(x->offset, ==, 16);
	x = ftrace_format_field(f, "addr");
	g_assert_cmpuint(x->array_len, ==, 4);
	g_assert_cmpuint(x->elem_size, ==, 1);
	g_assert_false(x->is_signed); /* signed: missing */
	x = ftrace_format_field(f, "bar");
	g_assert_cmpstr(x->type, ==, "struct foo");
	g_assert_cmpuint(x->size, ==, 12);
}

static void test_format_malformed(void)
{
	static const char *const bad[] = {
	        /* no ID */
	        "name: a\nformat:\n\tfield:int x;\toffset:8;\tsize:4;\tsigned:1;\n",
	        /* no name */
	        "ID: 1\nformat:\n\tfield:int x;\toffset:8;\tsize:4;\tsigned:1;\n",
	        "name: a\nID: abc\n",
	        "name: a\nID: 65536\n",
	        "name: a\nID: -1\n",
	        "name: a\nID: \n",
	        "name: a\nID: 1\n\tfield:int x;\toffset:x;\tsize:4;\tsigned:1;\n",
	        "name: a\nID: 1\n\tfield:int x;\toffset:65536;\tsize:4;\tsigned:1;\n",
	        "name: a\nID: 1\n\tfield:int x;\toffset:-8;\tsize:4;\tsigned:1;\n",
	        "name: a\nID: 1\n\tfield:int x;\toffset:8;\tsigned:1;\n",
	        "name: a\nID: 1\n\tfield:int x;\toffset:8;\tsize:4;\tsigned:2;\n",
	        "name: a\nID: 1\n\tfield:int x\toffset:8\tsize:4\tsigned:1\n",
	        "name: a\nID: 1\n\tfield:;\toffset:8;\tsize:4;\tsigned:1;\n",
	        "name: a\nID: 1\n\tfield:int x[4;\toffset:8;\tsize:4;\tsigned:1;\n",
	        "name: a\nID: 1\n\tfield:int x[abc];\toffset:8;\tsize:4;\tsigned:1;\n",
	        "name: a\nID: 1\n\tfield:int x];\toffset:8;\tsize:4;\tsigned:1;\n",
	        "name: a\nID: 1\n\tfield:int 4x;\toffset:8;\tsize:4;\tsigned:1;\n",
	        /* a __data_loc word is 4 bytes */
	        "name: a\nID: 1\n\tfield:__data_loc char[] s;\toffset:8;\tsize:8;\tsigned:0;\n",
	        "",
	};

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(FtraceFormat) f = ftrace_format_parse("sys", bad[i], &error);

		if (f)
			g_printerr("accepted: %s\n", bad[i]);
		g_assert_null(f);
		g_assert_error(error, LTTV_ERROR, LTTV_ERROR_DATA);
	}
}

/* A "name:" line twice: the last one counts (and the first is not leaked:
 * the sanitizer build checks). */
static void test_format_two_names(void)
{
	g_autoptr(FtraceFormat) f = parse_ok("s", "name: first\nname: second\nID: 7\n");

	g_assert_cmpstr(f->name, ==, "second");
	g_assert_cmpuint(f->fields->len, ==, 0);
}

/* ftrace_format_load on the fake tree, and a missing file. */
static void test_format_load(void)
{
	g_autofree char *root = fake_tracefs_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(FtraceFormat) f = NULL;

	g_assert_nonnull(root);
	f = ftrace_format_load(root, "sched", "sched_switch", &error);
	g_assert_no_error(error);
	g_assert_cmpuint(f->id, ==, ID_SCHED_SWITCH);
	g_assert_null(ftrace_format_load(root, "sched", "nosuch", &error));
	g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
	fake_tracefs_rm_rf(root);
}

/* Every format file of the running kernel parses (when tracefs is there). */
static void test_format_all_real(void)
{
	const char *events = "/sys/kernel/tracing/events";
	g_autoptr(GDir) d = g_dir_open(events, 0, NULL);
	const char *sys;
	guint n = 0;

	if (!d) {
		g_test_skip("no tracefs at /sys/kernel/tracing");
		return;
	}
	while ((sys = g_dir_read_name(d))) {
		g_autofree char *sdir = g_build_filename(events, sys, NULL);
		g_autoptr(GDir) sd = g_dir_open(sdir, 0, NULL);
		const char *ev;

		while (sd && (ev = g_dir_read_name(sd))) {
			g_autofree char *path = g_build_filename(sdir, ev, "format", NULL);
			g_autofree char *text = NULL;
			g_autoptr(GError) error = NULL;
			g_autoptr(FtraceFormat) f = NULL;

			if (!g_file_get_contents(path, &text, NULL, NULL))
				continue;
			f = ftrace_format_parse(sys, text, &error);
			if (error)
				g_printerr("%s: %s\n", path, error->message);
			g_assert_no_error(error);
			g_assert_cmpstr(f->name, ==, ev);
			g_assert_cmpuint(f->fields->len, >=, 1);
			n++;
		}
	}
	if (!n) {
		g_test_skip("no format file readable in /sys/kernel/tracing/events");
		return;
	}
	{
		g_autofree char *text = NULL;
		FtracePageHeader h;

		if (g_file_get_contents("/sys/kernel/tracing/events/header_page", &text, NULL,
		                        NULL)) {
			g_assert_true(ftrace_page_header_parse(text, &h, NULL));
			g_assert_cmpuint(h.data_offset, ==, 8 + h.commit_size);
		}
	}
}

static void test_header_page(void)
{
	FtracePageHeader h;
	g_autoptr(GError) error = NULL;
	static const char *const bad[] = {
	        /* commit of 2 bytes */
	        "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
	        "\tfield: local_t commit;\toffset:8;\tsize:2;\tsigned:1;\n"
	        "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n",
	        /* no data */
	        "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
	        "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n",
	        /* no commit */
	        "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
	        "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n",
	        /* data too small */
	        "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
	        "\tfield: char data;\toffset:16;\tsize:32;\tsigned:0;\n",
	        /* the commit word overlaps the data */
	        "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
	        "\tfield: char data;\toffset:12;\tsize:4084;\tsigned:0;\n",
	        /* ... or the timestamp */
	        "\tfield: local_t commit;\toffset:0;\tsize:8;\tsigned:1;\n"
	        "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n",
	        /* ... or lies after the data */
	        "\tfield: local_t commit;\toffset:300;\tsize:8;\tsigned:1;\n"
	        "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n",
	        "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
	        "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:7;\n",
	        "garbage",
	};

	g_assert_true(ftrace_page_header_parse(header_page_64, &h, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(h.commit_offset, ==, 8);
	g_assert_cmpuint(h.commit_size, ==, 8);
	g_assert_cmpuint(h.data_offset, ==, 16);
	g_assert_cmpuint(h.data_size, ==, 4080);

	g_assert_true(ftrace_page_header_parse(header_page_32, &h, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(h.commit_offset, ==, 8);
	g_assert_cmpuint(h.commit_size, ==, 4);
	g_assert_cmpuint(h.data_offset, ==, 12);
	g_assert_cmpuint(h.data_size, ==, 4084);

	/* a "name:" line in the text does not leak (sanitizer build) */
	g_assert_true(ftrace_page_header_parse(
	        "name: x\n\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
	        "\tfield: char data;\toffset:16;\tsize:8176;\tsigned:0;\n",
	        &h, NULL));
	g_assert_cmpuint(h.data_size, ==, 8176);

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) e = NULL;

		if (ftrace_page_header_parse(bad[i], &h, &e))
			g_printerr("accepted: %s\n", bad[i]);
		g_assert_error(e, LTTV_ERROR, LTTV_ERROR_DATA);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ftrace/format/sched-switch", test_format_sched_switch);
	g_test_add_func("/ftrace/format/data-loc", test_format_data_loc);
	g_test_add_func("/ftrace/format/block", test_format_block);
	g_test_add_func("/ftrace/format/syscalls", test_format_syscalls);
	g_test_add_func("/ftrace/format/flexible-rel-loc", test_format_flexible);
	g_test_add_func("/ftrace/format/variants", test_format_variants);
	g_test_add_func("/ftrace/format/malformed", test_format_malformed);
	g_test_add_func("/ftrace/format/two-names", test_format_two_names);
	g_test_add_func("/ftrace/format/load", test_format_load);
	g_test_add_func("/ftrace/format/all-real", test_format_all_real);
	g_test_add_func("/ftrace/header-page", test_header_page);
	return g_test_run();
}
