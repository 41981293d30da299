/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The parsing and conversion code of `lttv-trace record -k`: ftrace format
 * files and header_page, the ring-buffer page iterator on pages built byte
 * by byte, rwbs letters, syscall names, the ftrace -> LTTng conversion end
 * to end on a fake tracefs (read back with liblttv), and the removal of
 * stale tracefs instances. */
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

/* ================================================================ pages */

#define PAGE 4096

typedef struct {
	guint8 *b;    /* the page (exact size, heap: overreads are caught) */
	gsize size;   /* page size */
	gsize off;    /* data offset (16 or 12) */
	gsize pos;    /* where the next record goes */
	gsize commit; /* commit word size (8 or 4) */
	FtracePageHeader h;
} Page;

static void page_init(Page *p, gboolean c32, gsize size, guint64 ts)
{
	g_assert_true(ftrace_page_header_parse(c32 ? header_page_32 : header_page_64, &p->h, NULL));
	p->size = size;
	p->b = g_malloc0(size);
	p->commit = c32 ? 4 : 8;
	p->off = p->pos = 8 + p->commit;
	memcpy(p->b, &ts, 8);
}

static void page_clear(Page *p)
{
	g_free(p->b);
	p->b = NULL;
}

static void put32(Page *p, guint32 v)
{
	g_assert_cmpuint(p->pos + 4, <=, p->size);
	memcpy(p->b + p->pos, &v, 4);
	p->pos += 4;
}

static void put_bytes(Page *p, const void *data, gsize n)
{
	g_assert_cmpuint(p->pos + n, <=, p->size);
	memcpy(p->b + p->pos, data, n);
	p->pos += n;
}

static guint32 word(guint32 type_len, guint32 delta)
{
	g_assert_cmpuint(delta, <, 1u << 27);
	return type_len | delta << 5;
}

/* A data record, short form: n (multiple of 4, 4 ... 112) payload bytes. */
static void rec_short(Page *p, guint32 delta, const void *payload, guint32 n)
{
	g_assert_cmpuint(n % 4, ==, 0);
	put32(p, word(n / 4, delta));
	put_bytes(p, payload, n);
}

/* A data record, long form: array[0] = n + 4 (n rounded up to 4 bytes). */
static void rec_long(Page *p, guint32 delta, const void *payload, guint32 n)
{
	guint32 padded = (n + 3) & ~3u;

	put32(p, word(0, delta));
	put32(p, padded + 4);
	put_bytes(p, payload, n);
	p->pos += padded - n;
}

static void rec_extend(Page *p, guint64 delta)
{
	put32(p, word(30, (guint32)(delta & ((1u << 27) - 1))));
	put32(p, (guint32)(delta >> 27));
}

static void rec_stamp(Page *p, guint64 abs)
{
	put32(p, word(31, (guint32)(abs & ((1u << 27) - 1))));
	put32(p, (guint32)(abs >> 27));
}

static void rec_padding(Page *p, guint32 delta, guint32 len)
{
	put32(p, word(29, delta));
	if (delta) {
		put32(p, len);
		g_assert_cmpuint(p->pos + len - 4, <=, p->size);
		p->pos += len - 4;
	}
}

/* commit = bytes written | flags (flags in the upper bits, sign-extended
 * like the kernel's local_add of an int) */
static void page_commit(Page *p, guint64 flags)
{
	guint64 c = (p->pos - p->off) | flags;

	if (p->commit == 8)
		memcpy(p->b + 8, &c, 8);
	else {
		guint32 c32 = (guint32)c;

		memcpy(p->b + 8, &c32, 4);
	}
}

typedef struct {
	guint64 ts;
	guint32 len;
	guint8 first; /* first payload byte */
	gsize at;     /* payload offset in the page */
} Got;

/* Iterates the page; returns the last ftrace_page_next() result. */
static int iterate(Page *p, FtracePageIter *it, GArray *got)
{
	const guint8 *payload;
	guint32 len;
	guint64 ts;
	int res;

	g_assert_true(ftrace_page_begin(it, &p->h, p->b, p->size));
	while ((res = ftrace_page_next(it, &payload, &len, &ts)) > 0) {
		Got g = {ts, len, len ? payload[0] : 0, (gsize)(payload - p->b)};

		g_assert_true(payload >= it->data && payload + len <= it->end);
		g_assert_true(it->pos <= it->end);
		g_array_append_val(got, g);
	}
	return res;
}

static void fill(guint8 *b, gsize n, guint8 v)
{
	for (gsize i = 0; i < n; i++)
		b[i] = (guint8)(v + i);
}

static void test_page_short_and_long(gconstpointer data)
{
	gboolean c32 = GPOINTER_TO_INT(data);
	g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(Got));
	guint8 a[120], b[200], c[113];
	FtracePageIter it;
	Page p;

	fill(a, sizeof a, 0x10);
	fill(b, sizeof b, 0x40);
	fill(c, sizeof c, 0x80);
	page_init(&p, c32, PAGE, 1000000);
	rec_short(&p, 0, a, 8);               /* 1000000 */
	rec_short(&p, 5, a + 1, 112);         /* longest short form */
	rec_long(&p, (1u << 27) - 1, b, 200); /* longest delta */
	rec_long(&p, 1, c, 113);              /* payload rounded up to 116 */
	rec_short(&p, 2, a + 2, 4);
	page_commit(&p, 0);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_false(it.missed);
	g_assert_cmpint(it.missed_count, ==, -1);
	g_assert_cmpuint(got->len, ==, 5);
	{
		const Got *g = (const Got *)got->data;
		guint64 t = 1000000;

		g_assert_cmpuint(g[0].ts, ==, t);
		g_assert_cmpuint(g[0].len, ==, 8);
		g_assert_cmpuint(g[0].first, ==, 0x10);
		g_assert_cmpuint(g[0].at, ==, p.off + 4);
		g_assert_cmpuint(g[1].ts, ==, t + 5);
		g_assert_cmpuint(g[1].len, ==, 112);
		g_assert_cmpuint(g[1].first, ==, 0x11);
		g_assert_cmpuint(g[2].ts, ==, t + 5 + (1u << 27) - 1);
		g_assert_cmpuint(g[2].len, ==, 200);
		g_assert_cmpuint(g[2].first, ==, 0x40);
		g_assert_cmpuint(g[2].at, ==, p.off + 4 + 8 + 4 + 112 + 8);
		g_assert_cmpuint(g[3].ts, ==, t + 5 + (1u << 27));
		g_assert_cmpuint(g[3].len, ==, 116);
		g_assert_cmpuint(g[3].first, ==, 0x80);
		g_assert_cmpuint(g[4].ts, ==, t + 5 + (1u << 27) + 2);
		g_assert_cmpuint(g[4].len, ==, 4);
		g_assert_cmpuint(g[4].first, ==, 0x12);
	}
	page_clear(&p);
}

static void test_page_time_extend(void)
{
	g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(Got));
	guint8 a[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	const guint64 big = (UINT64_C(1) << 35) + 12345;
	FtracePageIter it;
	Page p;

	page_init(&p, FALSE, PAGE, 7);
	rec_extend(&p, 0); /* first record of a page: 0 */
	rec_short(&p, 0, a, 8);
	rec_extend(&p, big);
	rec_short(&p, 3, a, 8); /* the record's own delta adds up */
	rec_extend(&p, 1);
	rec_extend(&p, 1); /* two in a row */
	rec_short(&p, 0, a, 8);
	rec_extend(&p, 100); /* the last record: nothing follows */
	page_commit(&p, 0);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 3);
	g_assert_cmpuint(g_array_index(got, Got, 0).ts, ==, 7);
	g_assert_cmpuint(g_array_index(got, Got, 1).ts, ==, 7 + big + 3);
	g_assert_cmpuint(g_array_index(got, Got, 2).ts, ==, 7 + big + 5);
	g_assert_cmpuint(it.ts, ==, 7 + big + 105);
	page_clear(&p);
}

/* TIME_STAMP: the 59 bits replace the time; the top 5 bits of the current
 * time are kept, plus one step of 2^59 when that would go backwards. */
static void test_page_time_stamp(void)
{
	g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(Got));
	guint8 a[8] = {0};
	const guint64 msb = UINT64_C(0x0800000000000000); /* bit 59 */
	const guint64 low = (UINT64_C(1) << 59) - 1;
	FtracePageIter it;
	Page p;

	/* no top bits: the stamp is the time */
	page_init(&p, FALSE, PAGE, 5000);
	rec_stamp(&p, UINT64_C(123456789012));
	rec_short(&p, 4, a, 8);
	rec_stamp(&p, 1000); /* earlier, no top bits: taken as is */
	rec_short(&p, 0, a, 8);
	page_commit(&p, 0);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 2);
	g_assert_cmpuint(g_array_index(got, Got, 0).ts, ==, UINT64_C(123456789016));
	g_assert_cmpuint(g_array_index(got, Got, 1).ts, ==, 1000);
	page_clear(&p);

	/* top bits set: kept; a stamp below the current low bits wraps over */
	g_array_set_size(got, 0);
	page_init(&p, FALSE, PAGE, msb | (low - 10));
	rec_stamp(&p, low - 5); /* later: msb | (low - 5) */
	rec_short(&p, 0, a, 8);
	rec_stamp(&p, 20); /* wrapped: (msb | 20) + 2^59 */
	rec_short(&p, 1, a, 8);
	rec_stamp(&p, UINT64_C(1) << 58 | 7); /* later again: no carry */
	rec_short(&p, 0, a, 8);
	page_commit(&p, 0);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 3);
	g_assert_cmpuint(g_array_index(got, Got, 0).ts, ==, msb | (low - 5));
	g_assert_cmpuint(g_array_index(got, Got, 1).ts, ==, (msb << 1) + 20 + 1);
	g_assert_cmpuint(g_array_index(got, Got, 2).ts, ==, (msb << 1) | (UINT64_C(1) << 58) | 7);
	page_clear(&p);
}

static void test_page_padding(void)
{
	g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(Got));
	guint8 a[8] = {9, 9, 9, 9, 9, 9, 9, 9};
	guint8 b[8] = {7};
	FtracePageIter it;
	Page p;

	/* non-zero delta: a discarded record of 4 + len bytes, skipped; the
	 * time does not move (the kernel reader's choice) */
	page_init(&p, FALSE, PAGE, 100);
	rec_short(&p, 1, a, 8);
	rec_padding(&p, 50, 20);
	rec_padding(&p, 1, 4); /* the smallest: array[0] counts itself */
	rec_short(&p, 2, b, 8);
	/* delta 0: the rest of the page is padding */
	rec_padding(&p, 0, 0);
	rec_short(&p, 3, a, 8);
	page_commit(&p, 0);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 2);
	g_assert_cmpuint(g_array_index(got, Got, 0).ts, ==, 101);
	g_assert_cmpuint(g_array_index(got, Got, 1).ts, ==, 103);
	g_assert_cmpuint(g_array_index(got, Got, 1).first, ==, 7);
	/* and again: still the end */
	{
		const guint8 *payload;
		guint32 len;
		guint64 ts;

		g_assert_cmpint(ftrace_page_next(&it, &payload, &len, &ts), ==, 0);
	}
	page_clear(&p);
}

static void test_page_missed(gconstpointer data)
{
	gboolean c32 = GPOINTER_TO_INT(data);
	/* the kernel's flags: sign-extended into the upper word of a 64-bit long */
	const guint64 missed = c32 ? UINT64_C(0x80000000) : UINT64_C(0xffffffff80000000);
	const guint64 stored = c32 ? UINT64_C(0xc0000000) : UINT64_C(0xffffffffc0000000);
	g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(Got));
	guint8 a[8] = {1};
	FtracePageIter it;
	Page p;

	/* MISSED + STORED: the count after the data (85850 as in the reference) */
	page_init(&p, c32, PAGE, 10);
	rec_short(&p, 0, a, 8);
	page_commit(&p, stored);
	{
		guint64 n = 85850;

		memcpy(p.b + p.pos, &n, p.commit);
	}
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 1);
	g_assert_true(it.missed);
	g_assert_cmpint(it.missed_count, ==, 85850);
	g_assert_true(it.end == p.b + p.pos);
	page_clear(&p);

	/* MISSED only: unknown count */
	g_array_set_size(got, 0);
	page_init(&p, c32, PAGE, 10);
	rec_short(&p, 0, a, 8);
	page_commit(&p, missed);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 1);
	g_assert_true(it.missed);
	g_assert_cmpint(it.missed_count, ==, -1);
	page_clear(&p);

	/* MISSED + STORED without room for the count: unknown, no overread */
	g_array_set_size(got, 0);
	page_init(&p, c32, (c32 ? 12 : 16) + 8 + (c32 ? 4 : 8) - 1, 10);
	rec_short(&p, 0, a, 4);
	page_commit(&p, stored);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 1);
	g_assert_true(it.missed);
	g_assert_cmpint(it.missed_count, ==, -1);
	page_clear(&p);

	/* STORED without MISSED: nothing lost */
	g_array_set_size(got, 0);
	page_init(&p, c32, PAGE, 10);
	rec_short(&p, 0, a, 8);
	page_commit(&p, UINT64_C(1) << 30);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_false(it.missed);
	g_assert_cmpint(it.missed_count, ==, -1);
	page_clear(&p);
}

/* A page cut right after its last record, copied to an exact-size buffer:
 * a record that claims more bytes than there are is -1, never an overread
 * (the sanitizer build checks). */
static int iterate_exact(const Page *src, GArray *got)
{
	Page p = *src;
	FtracePageIter it;
	int res;

	p.b = g_memdup2(src->b, src->pos);
	p.size = src->pos;
	res = iterate(&p, &it, got);
	g_free(p.b);
	return res;
}

static void test_page_malformed(void)
{
	g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(Got));
	guint8 a[112] = {0};
	FtracePageIter it;
	Page p;
	static const struct {
		guint32 w0, w1;
		gsize extra; /* bytes after the two words */
	} cases[] = {
	        {28, 0, 100},                 /* short form: 112 bytes, 104 there */
	        {1, 0, 0},                    /* 4 bytes wanted, 4 there: a record */
	        {0, 0xffffffff, 0},           /* long form, huge length */
	        {0, 3, 8},                    /* long form, length below its own size */
	        {0, 24, 8},                   /* long form, 20 bytes wanted, 8 there */
	        {29 | 1 << 5, 100, 8},        /* padding longer than the page */
	        {29 | 1 << 5, 0xfffffffc, 0}, /* padding, huge length */
	};
	static const int want[] = {-1, 0, -1, -1, -1, -1, -1};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_array_set_size(got, 0);
		page_init(&p, FALSE, PAGE, 1);
		rec_short(&p, 0, a, 8);
		put32(&p, cases[i].w0);
		put32(&p, cases[i].w1);
		put_bytes(&p, a, cases[i].extra);
		page_commit(&p, 0);
		g_assert_cmpint(iterate_exact(&p, got), ==, want[i]);
		g_assert_cmpuint(got->len, >=, 1);
		page_clear(&p);
	}

	/* a record header alone at the very end (time extend, time stamp,
	 * padding and long form need their array[0]) */
	for (guint32 t = 29; t <= 32; t++) {
		g_array_set_size(got, 0);
		page_init(&p, FALSE, PAGE, 1);
		rec_short(&p, 0, a, 8);
		put32(&p, word(t == 32 ? 0 : t, 1));
		page_commit(&p, 0);
		g_assert_cmpint(iterate_exact(&p, got), ==, -1);
		g_assert_cmpuint(got->len, ==, 1);
		page_clear(&p);
	}

	/* a commit size not a multiple of 4: the trailing bytes are ignored */
	g_array_set_size(got, 0);
	page_init(&p, FALSE, PAGE, 1);
	rec_short(&p, 0, a, 8);
	p.pos += 3;
	page_commit(&p, 0);
	g_assert_cmpint(iterate_exact(&p, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 1);
	page_clear(&p);

	/* a long record whose length is not a multiple of 4, at the end */
	g_array_set_size(got, 0);
	page_init(&p, FALSE, PAGE, 1);
	put32(&p, word(0, 1));
	put32(&p, 4 + 5);
	put_bytes(&p, a, 5);
	page_commit(&p, 0);
	g_assert_cmpint(iterate_exact(&p, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 1);
	g_assert_cmpuint(g_array_index(got, Got, 0).len, ==, 5);
	page_clear(&p);

	/* commit larger than the page: refused */
	page_init(&p, FALSE, PAGE, 1);
	p.pos = PAGE; /* records up to the last byte */
	page_commit(&p, 0);
	g_assert_true(ftrace_page_begin(&it, &p.h, p.b, p.size));
	p.pos = PAGE + 1;
	page_commit(&p, 0);
	g_assert_false(ftrace_page_begin(&it, &p.h, p.b, p.size));
	/* the size bits are only 27: the bits above do not make it larger */
	p.pos = p.off + 8;
	page_commit(&p, UINT64_C(0x7ff8000000));
	g_assert_true(ftrace_page_begin(&it, &p.h, p.b, p.size));
	g_assert_true(it.end == p.b + p.off + 8);
	/* a page shorter than its header */
	g_assert_false(ftrace_page_begin(&it, &p.h, p.b, p.off - 1));
	/* an empty page */
	p.pos = p.off;
	page_commit(&p, 0);
	g_assert_true(ftrace_page_begin(&it, &p.h, p.b, p.off));
	{
		const guint8 *payload;
		guint32 len;
		guint64 ts;

		g_assert_cmpint(ftrace_page_next(&it, &payload, &len, &ts), ==, 0);
	}
	page_clear(&p);
}

/* ================================================================ rwbs */

static void test_rwbs(void)
{
	enum {
		W = 0x001,
		D = 0x002,
		R = 0x004,
		A = 0x008,
		S = 0x020,
		M = 0x040,
		E = 0x080,
		FLUSH = 0x100,
		FUA = 0x200,
		PRE = 0x400,
	};
	static const struct {
		const char *s;
		guint32 bits;
	} cases[] = {
	        {"R", R},
	        {"W", W},
	        {"WS", W | S},
	        {"WFS", W | FUA | S},
	        {"FWS", PRE | W | S},
	        {"FWFS", PRE | W | FUA | S},
	        {"FWFSM", PRE | W | FUA | S | M},
	        {"F", FLUSH},
	        {"FF", PRE | FLUSH}, /* blk-flush: REQ_OP_FLUSH | REQ_PREFLUSH */
	        {"FFS", PRE | FLUSH | S},
	        {"FS", FLUSH | S},
	        {"D", D},
	        {"DS", D | S},
	        {"DE", D | E},
	        {"FDE", PRE | D | E},
	        {"N", 0},
	        {"NS", S},
	        {"RA", R | A},
	        {"RM", R | M},
	        {"RAS", R | A | S},
	        {"RSM", R | S | M},
	        {"RAM", R | A | M},
	        {"RU", R}, /* REQ_ATOMIC (6.11+): no LTTng bit */
	        {"WSU", W | S},
	        /* zone operations: op 0 */
	        {"ZA", 0},
	        {"ZAS", S},
	        {"ZR", 0},
	        {"ZRA", 0}, /* zone reset all, not readahead */
	        {"ZRAS", S},
	        {"ZRS", S},
	        {"ZF", 0},
	        {"ZO", 0},
	        {"ZC", 0},
	        {"FZA", PRE},
	        /* write zeroes: not a REQ_OP_WRITE for LTTng */
	        {"WZ", 0},
	        {"WZS", S},
	        {"", 0},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		char buf[10];
		guint32 got;

		/* in a char[10] as the kernel writes it: NUL, then junk */
		memset(buf, 'A', sizeof buf);
		memcpy(buf, cases[i].s, strlen(cases[i].s) + 1);
		memset(buf + strlen(cases[i].s) + 1, 'S', sizeof buf - strlen(cases[i].s) - 1);
		got = kconv_rwbs_bits(buf, sizeof buf);
		if (got != cases[i].bits)
			g_printerr("rwbs \"%s\": 0x%x, want 0x%x\n", cases[i].s, got,
			           cases[i].bits);
		g_assert_cmphex(got, ==, cases[i].bits);
		/* exactly as long as the letters: no NUL */
		g_assert_cmphex(kconv_rwbs_bits(cases[i].s, (guint32)strlen(cases[i].s)), ==,
		                cases[i].bits);
	}
	/* a cut string: the letters that are there */
	g_assert_cmphex(kconv_rwbs_bits("FWS", 1), ==, FLUSH);
	g_assert_cmphex(kconv_rwbs_bits("FWS", 2), ==, PRE | W);
	g_assert_cmphex(kconv_rwbs_bits("DE", 1), ==, D);
	g_assert_cmphex(kconv_rwbs_bits("", 0), ==, 0);
}

/* ================================================================ syscall names */

static int fake_has_event(const char *name, void *data)
{
	return g_strv_contains((const char *const *)data, name);
}

static void test_syscall_names(void)
{
	static const char *const events[] = {"newstat", "newfstat", "newuname", "sendfile64",
	                                     "umount",  "openat",   "read",     "newfoo",
	                                     "foo",     NULL};
	static const struct {
		const char *name, *want;
	} cases[] = {
	        {"stat", "newstat"},        {"fstat", "newfstat"}, {"uname", "newuname"},
	        {"sendfile", "sendfile64"}, {"umount2", "umount"}, {"openat", "openat"},
	        {"read", "read"},           {"foo", "foo"},     /* has its own event: kept */
	        {"unknown", "unknown"},     {"lstat", "lstat"}, /* no newlstat here */
	};
	char buf[64];

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		g_assert_cmpstr(lttv_syscall_kernel_name(cases[i].name, fake_has_event,
		                                         (void *)events, buf, sizeof buf),
		                ==, cases[i].want);
	/* a buffer too small for "new" + name: the name itself */
	g_assert_cmpstr(lttv_syscall_kernel_name("stat", fake_has_event, (void *)events, buf, 5),
	                ==, "stat");
}

/* ================================================================ conversion */

static const guint8 trace_uuid[16] = {0x2a, 0x64, 0x22, 0xd0, 0x6c, 0xee, 0x11, 0xe0,
                                      0x8c, 0x08, 0xcb, 0x07, 0xd7, 0xb3, 0xa5, 0x64};

/* tids that no process can have (above PID_MAX_LIMIT): no /proc fallback */
#define TGID   5000000
#define TID    5000001
#define THREAD 5000002
#define CHILD  5000003
#define ORPHAN 5000004
#define NOBODY 5000010

typedef struct {
	guint8 b[512];
	guint32 len;
} Rec;

static void rec_init(Rec *r, guint16 type, gint32 pid, guint32 fixed)
{
	memset(r, 0, sizeof *r);
	memcpy(r->b, &type, 2);
	memcpy(r->b + 4, &pid, 4);
	r->len = fixed;
}

static void rec_put(Rec *r, guint32 off, guint64 v, guint32 size)
{
	g_assert_cmpuint(off + size, <=, r->len);
	memcpy(r->b + off, &v, size); /* little-endian host */
}

static void rec_text(Rec *r, guint32 off, const char *s, guint32 size)
{
	g_assert_cmpuint(off + size, <=, r->len);
	memcpy(r->b + off, s, strnlen(s, size)); /* NUL-padded (rec_init), or not ended */
}

/* Appends n bytes and points the __data_loc (or __rel_loc) word at off to them. */
static void rec_dyn(Rec *r, guint32 off, const void *data, guint32 n, gboolean rel)
{
	guint32 at = r->len;
	guint32 loc = (rel ? at - (off + 4) : at) | n << 16;

	g_assert_cmpuint(at + n, <=, sizeof r->b);
	memcpy(r->b + at, data, n);
	r->len += n;
	rec_put(r, off, loc, 4);
	r->len = (r->len + 3) & ~3u; /* the ring buffer rounds up */
}

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

/* "CPU TS NAME f=v f=v ..." for every event of the trace in dir. */
static void append_value(GString *s, const LttvFieldValue *v)
{
	switch (v->kind) {
	case LTTV_VALUE_UINT:
	case LTTV_VALUE_BOOL:
	case LTTV_VALUE_BITMAP:
	case LTTV_VALUE_BITARRAY: g_string_append_printf(s, "%" PRIu64, v->u); break;
	case LTTV_VALUE_SINT: g_string_append_printf(s, "%" PRId64, v->s); break;
	case LTTV_VALUE_STRING: g_string_append_printf(s, "\"%.*s\"", (int)v->len, v->str); break;
	case LTTV_VALUE_ARRAY_BEGIN: g_string_append(s, "["); break;
	case LTTV_VALUE_ARRAY_END: g_string_append(s, "]"); break;
	default: g_string_append_printf(s, "<kind %d>", v->kind); break;
	}
}

static GPtrArray *read_trace(const char *dir)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTraceset) ts = lttv_traceset_open(dir, &error);
	g_autoptr(LttvIter) it = NULL;
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	const LttvItem *item;

	g_assert_no_error(error);
	it = lttv_iter_new(ts);
	while ((item = lttv_iter_next(it, &error))) {
		const LttvEvent *ev = item->event;
		const LttvFieldValue *v;
		GString *s;
		gsize n;

		g_assert_cmpint(item->kind, ==, LTTV_ITEM_EVENT);
		s = g_string_new(NULL);
		g_string_append_printf(s, "%" PRId64 " %" PRIu64 " %s", lttv_event_cpu(ev),
		                       lttv_event_cycles(ev), lttv_event_name(ev));
		v = lttv_event_values(ev, LTTV_SCOPE_PAYLOAD, &n, &error);
		g_assert_no_error(error);
		for (gsize i = 0; i < n; i++) {
			gboolean elem = v[i].depth > 1 && v[i].kind != LTTV_VALUE_ARRAY_END;

			if (v[i].kind == LTTV_VALUE_ARRAY_END)
				;
			else if (elem)
				g_string_append(s,
				                v[i - 1].kind == LTTV_VALUE_ARRAY_BEGIN ? "" : ",");
			else
				g_string_append_printf(s, " %s=", v[i].name);
			append_value(s, &v[i]);
		}
		g_ptr_array_add(out, g_string_free(s, FALSE));
	}
	g_assert_no_error(error);
	return out;
}

static void check_lines(GPtrArray *got, const char *const *want, guint n)
{
	for (guint i = 0; i < MIN(got->len, n); i++) {
		if (strcmp(got->pdata[i], want[i]))
			g_printerr("event %u:\n got  %s\n want %s\n", i, (char *)got->pdata[i],
			           want[i]);
		g_assert_cmpstr(got->pdata[i], ==, want[i]);
	}
	if (got->len != n)
		for (guint i = 0; i < got->len; i++)
			g_printerr("%s\n", (char *)got->pdata[i]);
	g_assert_cmpuint(got->len, ==, n);
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
	g_assert_cmpuint(kconv_cpu_events(t.cc[0]), ==, 21);

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
	g_assert_cmpuint(kconv_cpu_events(t.cc[1]), ==, 4);
	g_assert_cmpuint(kconv_cpu_unknown(t.cc[1]), ==, 0);

	conv_close(&t);
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
		        "file_table_address=65261",
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
	g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func(g_free);
	const char *keep[] = {"lttv-abc", "lttv-", "lttv-0", "lttv--3",
	                      "lttv-12x", "other", "lttv",   NULL};
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
	g_assert_cmpint(g_mkdir_with_parents(instances, 0755), ==, 0);
	for (const char **k = keep; *k; k++) {
		g_autofree char *p = g_build_filename(instances, *k, NULL);

		g_assert_cmpint(g_mkdir(p, 0755), ==, 0);
	}
	/* pid 1 is alive but not an lttv-trace: stale too */
	{
		const char *more[] = {dead, own, live, "lttv-1"};

		for (guint i = 0; i < G_N_ELEMENTS(more); i++) {
			g_autofree char *p = g_build_filename(instances, more[i], NULL);

			g_assert_cmpint(g_mkdir(p, 0755), ==, 0);
		}
	}
	/* stale but cannot be removed (not empty): a warning, kept */
	busy = g_build_filename(instances, "lttv-4999999", "trace", NULL);
	g_assert_cmpint(g_mkdir_with_parents(busy, 0755), ==, 0);

	g_assert_cmpuint(lttv_tracefs_remove_stale(root), ==, 2);
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
	g_assert_cmpuint(left->len, ==, G_N_ELEMENTS(keep) - 1 + 3);
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

/* ================================================================ main */

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
	g_test_add_data_func("/ftrace/page/records-64", GINT_TO_POINTER(FALSE),
	                     test_page_short_and_long);
	g_test_add_data_func("/ftrace/page/records-32", GINT_TO_POINTER(TRUE),
	                     test_page_short_and_long);
	g_test_add_func("/ftrace/page/time-extend", test_page_time_extend);
	g_test_add_func("/ftrace/page/time-stamp", test_page_time_stamp);
	g_test_add_func("/ftrace/page/padding", test_page_padding);
	g_test_add_data_func("/ftrace/page/missed-64", GINT_TO_POINTER(FALSE), test_page_missed);
	g_test_add_data_func("/ftrace/page/missed-32", GINT_TO_POINTER(TRUE), test_page_missed);
	g_test_add_func("/ftrace/page/malformed", test_page_malformed);
	g_test_add_func("/ftrace/rwbs", test_rwbs);
	g_test_add_func("/ftrace/syscall-names", test_syscall_names);
	g_test_add_func("/ftrace/convert/selection", test_convert_selection);
	g_test_add_func("/ftrace/convert/records", test_convert);
	g_test_add_func("/ftrace/convert/statedump-last", test_convert_statedump_last);
	g_test_add_func("/ftrace/convert/huge-event", test_convert_huge_event);
	g_test_add_func("/ftrace/convert/tgid-proc", test_tgid_proc);
	g_test_add_func("/ftrace/tracefs/remove-stale", test_remove_stale);
	return g_test_run();
}
