/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small CTF 1.8 trace with the values the filter tests need and real
 * traces lack: signed and unsigned 64-bit extremes, doubles (NaN too),
 * strings with quotes, backslashes, invalid UTF-8 and a final newline, an
 * enumeration with
 * overlapping labels, a nested structure, payload fields named like the
 * fixed ones (name, cpu).  Used by tests/unit/test-filter.c and
 * tests/fuzz/fuzz-filter.c. */
#ifndef LTTV_TESTS_FILTER_SAMPLE_H
#define LTTV_TESTS_FILTER_SAMPLE_H

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

static const char filter_sample_metadata[] =
        "/* CTF 1.8 */\n"
        "typealias integer { size = 8; align = 8; signed = false; } := uint8_t;\n"
        "typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n"
        "typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n"
        "typealias integer { size = 64; align = 8; signed = true; } := int64_t;\n"
        "trace { major = 1; minor = 8; byte_order = le; };\n"
        "clock { name = monotonic; freq = 1000000000; offset_s = 1700000000; };\n"
        "typealias integer { size = 64; align = 8; signed = false;\n"
        "                    map = clock.monotonic.value; } := clock_u64;\n"
        "stream { event.header := struct { uint8_t id; clock_u64 timestamp; }; };\n"
        "event { name = \"num\"; id = 0; fields := struct {\n"
        "    int64_t s; uint64_t u;\n"
        "    floating_point { exp_dig = 11; mant_dig = 53; byte_order = le; align = 8; } d;\n"
        "}; };\n"
        "event { name = \"text\"; id = 1; fields := struct { string s; }; };\n"
        "event { name = \"tagged\"; id = 2; fields := struct {\n"
        "    enum : uint8_t { ZERO = 0, ONE = 1, LOW = 0 ... 3, HIGH = 4 ... 7 } e;\n"
        "    struct { uint32_t x; } inner;\n"
        "}; };\n"
        "event { name = \"named\"; id = 3; fields := struct { string name; uint32_t cpu; }; };\n";

/* The events, in order (rank: the bit of the tests' match masks). */
enum {
	FS_NUM_NEG,      /* num: s = -5, u = UINT64_MAX, d = 2.5 */
	FS_NUM_ZERO,     /* num: s = 0, u = 0, d = -0.5 */
	FS_NUM_BIG,      /* num: s = 7, u = 2^63, d = NaN */
	FS_NUM_MIN,      /* num: s = INT64_MIN, u = 1, d = 1e300 */
	FS_TEXT_QUOTED,  /* text: a "quoted" back\slash */
	FS_TEXT_EMPTY,   /* text: "" */
	FS_TEXT_SCHED,   /* text: sched_switch */
	FS_TEXT_BYTES,   /* text: \xff\xfe abc (not UTF-8) */
	FS_TAG_ZERO,     /* tagged: e = 0 (ZERO, LOW), inner.x = 10 */
	FS_TAG_HIGH,     /* tagged: e = 5 (HIGH), inner.x = 20 */
	FS_TAG_NONE,     /* tagged: e = 9 (no label), inner.x = 30 */
	FS_NAMED,        /* named: name = "eth0", cpu = 3 */
	FS_TEXT_NEWLINE, /* text: "line\n" */
	FS_N_EVENTS
};

static void fs_u64(GByteArray *b, uint64_t v, guint bytes)
{
	for (guint i = 0; i < bytes; i++)
		g_byte_array_append(b, (const guint8[]){(guint8)(v >> (8 * i))}, 1);
}

static void fs_header(GByteArray *b, uint8_t id, guint rank)
{
	fs_u64(b, id, 1);
	fs_u64(b, 1000 * (uint64_t)(rank + 1), 8); /* 1 us apart */
}

static void fs_num(GByteArray *b, guint rank, int64_t s, uint64_t u, double d)
{
	uint64_t bits;

	memcpy(&bits, &d, 8);
	fs_header(b, 0, rank);
	fs_u64(b, (uint64_t)s, 8);
	fs_u64(b, u, 8);
	fs_u64(b, bits, 8);
}

static void fs_text(GByteArray *b, guint rank, const char *s)
{
	fs_header(b, 1, rank);
	g_byte_array_append(b, (const guint8 *)s, (guint)strlen(s) + 1);
}

static void fs_tagged(GByteArray *b, guint rank, uint8_t e, uint32_t x)
{
	fs_header(b, 2, rank);
	fs_u64(b, e, 1);
	fs_u64(b, x, 4);
}

/* The stream file's bytes. */
static GByteArray *filter_sample_stream(void)
{
	GByteArray *b = g_byte_array_new();

	fs_num(b, FS_NUM_NEG, -5, UINT64_MAX, 2.5);
	fs_num(b, FS_NUM_ZERO, 0, 0, -0.5);
	fs_num(b, FS_NUM_BIG, 7, UINT64_C(1) << 63, NAN);
	fs_num(b, FS_NUM_MIN, INT64_MIN, 1, 1e300);
	fs_text(b, FS_TEXT_QUOTED, "a \"quoted\" back\\slash");
	fs_text(b, FS_TEXT_EMPTY, "");
	fs_text(b, FS_TEXT_SCHED, "sched_switch");
	fs_text(b, FS_TEXT_BYTES, "\xff\xfe abc");
	fs_tagged(b, FS_TAG_ZERO, 0, 10);
	fs_tagged(b, FS_TAG_HIGH, 5, 20);
	fs_tagged(b, FS_TAG_NONE, 9, 30);
	fs_header(b, 3, FS_NAMED);
	g_byte_array_append(b, (const guint8 *)"eth0", 5);
	fs_u64(b, 3, 4);
	fs_text(b, FS_TEXT_NEWLINE, "line\n");
	return b;
}

/* Writes the trace into `dir` (which exists). */
static gboolean filter_sample_write(const char *dir, GError **error)
{
	g_autofree char *meta = g_build_filename(dir, "metadata", NULL);
	g_autofree char *stream = g_build_filename(dir, "stream", NULL);
	g_autoptr(GByteArray) data = filter_sample_stream();

	return g_file_set_contents(meta, filter_sample_metadata, -1, error) &&
	       g_file_set_contents(stream, (const char *)data->data, data->len, error);
}

#endif
