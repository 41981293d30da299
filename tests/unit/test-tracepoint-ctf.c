/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The probes write exactly what the metadata describes: events of every
 * field type, captured by the memory backend, are written through the CTF
 * writer (metadata from their descriptors, payloads copied as they are)
 * and read back by liblttv and by babeltrace2; a few payloads are also
 * compared byte for byte.
 */
#include "tmpdir.h"
#include "tracepoint-tests.h"

#include "lttv/event.h"
#include "lttv/traceset.h"

#include <float.h>
#include <glib/gstdio.h>
#include <math.h>

static const guint8 trace_uuid[16] = {0x5e, 0x7a, 0x01, 0x02, 0x03, 0x04, 0x45, 0x06,
                                      0x87, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e};
static const guint8 boot_uuid[16] = {0xb0, 0x07, 0x1d, 0x00, 0x11, 0x22, 0x43, 0x44,
                                     0x95, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc};

/* ---------------------------------------------------------------- expected values */

/* One value as lttv_event_values() gives it. */
typedef struct {
	guint8 kind; /* LttvValueKind */
	guint8 base;
	const char *name; /* top-level fields only */
	guint64 u;
	double d;
	const char *str; /* STRING: the bytes; integers: their labels, joined by ", " */
	gsize len;
} Want;

typedef struct {
	const char *event;
	guint first, n;
} WantEvent;

typedef struct {
	GArray *wants;  /* Want */
	GArray *events; /* WantEvent */
} Expect;

static void expect_event(Expect *x, const char *event)
{
	WantEvent e = {event, x->wants->len, 0};

	g_array_append_val(x->events, e);
}

static void add(Expect *x, Want w)
{
	g_array_append_val(x->wants, w);
	g_array_index(x->events, WantEvent, x->events->len - 1).n++;
}

static void want_uint(Expect *x, const char *name, guint64 v, guint8 base)
{
	add(x, (Want){.kind = LTTV_VALUE_UINT, .base = base, .name = name, .u = v});
}

static void want_sint(Expect *x, const char *name, gint64 v)
{
	add(x, (Want){.kind = LTTV_VALUE_SINT, .base = 10, .name = name, .u = (guint64)v});
}

static void want_enum(Expect *x, const char *name, guint64 v, gboolean is_signed,
                      const char *labels)
{
	add(x, (Want){.kind = is_signed ? LTTV_VALUE_SINT : LTTV_VALUE_UINT,
	              .base = 10,
	              .name = name,
	              .u = v,
	              .str = labels});
}

static void want_double(Expect *x, const char *name, double d)
{
	add(x, (Want){.kind = LTTV_VALUE_DOUBLE, .name = name, .d = d});
}

static void want_str(Expect *x, const char *name, const char *s, gsize len)
{
	add(x, (Want){.kind = LTTV_VALUE_STRING, .name = name, .str = s, .len = len});
}

static void want_array(Expect *x, const char *name, guint64 n)
{
	add(x, (Want){.kind = LTTV_VALUE_ARRAY_BEGIN, .name = name, .u = n});
}

static void want_end(Expect *x)
{
	add(x, (Want){.kind = LTTV_VALUE_ARRAY_END});
}

/* ---------------------------------------------------------------- emitting */

static void emit_ints(Expect *x)
{
	const struct test_ints lo = {INT8_MIN,   UINT8_MAX, INT16_MIN,      UINT16_MAX, INT32_MIN,
	                             UINT32_MAX, INT64_MIN, UINT64_MAX,     0xDEADBEEF, 0755,
	                             -5,         true,      -1234567890123L};
	const struct test_ints hi = {INT8_MAX, 0, INT16_MAX, 1,   INT32_MAX, 2, INT64_MAX,
	                             3,        1, 8,         'A', false,     42};
	const struct test_ints *v[] = {&lo, &hi};

	for (guint i = 0; i < G_N_ELEMENTS(v); i++) {
		lttv_tracepoint(lttv_test, ints, v[i]);
		expect_event(x, "lttv_test:ints");
		want_sint(x, "s8", v[i]->s8);
		want_uint(x, "u8", v[i]->u8, 10);
		want_sint(x, "s16", v[i]->s16);
		want_uint(x, "u16", v[i]->u16, 10);
		want_sint(x, "s32", v[i]->s32);
		want_uint(x, "u32", v[i]->u32, 10);
		want_sint(x, "s64", v[i]->s64);
		want_uint(x, "u64", v[i]->u64, 10);
		want_uint(x, "hex32", v[i]->hex32, 16);
		want_uint(x, "oct16", v[i]->oct16, 8);
		want_sint(x, "c", v[i]->c);
		want_uint(x, "b", v[i]->b, 10);
		want_sint(x, "l", v[i]->l);
	}
}

static void emit_enums(Expect *x)
{
	lttv_tracepoint(lttv_test, enums, 5, -7, UINT64_MAX);
	expect_event(x, "lttv_test:enums");
	want_enum(x, "color", 5, FALSE, "BLUES");
	want_enum(x, "err", (guint64)-7, TRUE, "NEGATIVE");
	want_enum(x, "big", UINT64_MAX, FALSE, "HUGE");
	lttv_tracepoint(lttv_test, enums, 10, 0, 1);
	expect_event(x, "lttv_test:enums");
	want_enum(x, "color", 10, FALSE, "a \"quoted\" label");
	want_enum(x, "err", 0, TRUE, "ZERO");
	want_enum(x, "big", 1, FALSE, "ONE");
	/* values without a label */
	lttv_tracepoint(lttv_test, enums, 200, 5, 2);
	expect_event(x, "lttv_test:enums");
	want_enum(x, "color", 200, FALSE, "");
	want_enum(x, "err", 5, TRUE, "");
	want_enum(x, "big", 2, FALSE, "");
}

static void emit_floats(Expect *x)
{
	const float f[] = {1.5f, -0.1f, FLT_MAX, 0.0f};
	const double d[] = {-2.25, G_PI, 1e300, -DBL_MIN};

	for (guint i = 0; i < G_N_ELEMENTS(f); i++) {
		lttv_tracepoint(lttv_test, floats, f[i], d[i]);
		expect_event(x, "lttv_test:floats");
		want_double(x, "f", f[i]);
		want_double(x, "d", d[i]);
	}
}

static void emit_strings(Expect *x)
{
	static const struct {
		const char *s, *text, *raw;
		guint16 raw_len;
		const char *want_s, *want_text;
		gsize text_len;
	} v[] = {
	        {"hello", "abc", "raw bytes", 9, "hello", "abc", 3},
	        {"", "exactly8", NULL, 5, "", "exactly8", 8},             /* NULL: length 0 */
	        {NULL, "toolongtext", "xyz", 2, "(null)", "toolongt", 8}, /* cut */
	        {"h\xc3\xa9llo w\xc3\xb6rld", NULL, "", 0, "h\xc3\xa9llo w\xc3\xb6rld", "", 0},
	};

	for (guint i = 0; i < G_N_ELEMENTS(v); i++) {
		guint16 n = v[i].raw ? v[i].raw_len : 0;

		lttv_tracepoint(lttv_test, strings, v[i].s, v[i].text, v[i].raw, v[i].raw_len);
		expect_event(x, "lttv_test:strings");
		want_str(x, "s", v[i].want_s, strlen(v[i].want_s));
		want_str(x, "comm", v[i].want_text, v[i].text_len);
		want_uint(x, "_raw_length", n, 10);
		want_str(x, "raw", v[i].raw ? v[i].raw : "", n);
		want_str(x, "tail", "end", 3);
	}
}

static void emit_arrays(Expect *x)
{
	static const gint8 a8[3] = {-1, 0, 1};
	static const guint16 a16[2] = {0, 65535};
	static const gint32 a32[4] = {G_MININT32, -1, 0, G_MAXINT32};
	static const guint64 a64[2] = {G_GUINT64_CONSTANT(0xFEEDFACECAFEBEEF), 1};
	static const gint16 seq[3] = {1, -2, 3};
	guint32 long_seq[300];

	for (guint i = 0; i < G_N_ELEMENTS(long_seq); i++)
		long_seq[i] = i * 0x01010101u;
	lttv_tracepoint(lttv_test, arrays, a8, a16, a32, a64, seq, 3, long_seq, 300);
	expect_event(x, "lttv_test:arrays");
	want_array(x, "a8", 3);
	for (guint i = 0; i < 3; i++)
		want_sint(x, NULL, a8[i]);
	want_end(x);
	want_array(x, "a16", 2);
	for (guint i = 0; i < 2; i++)
		want_uint(x, NULL, a16[i], 10);
	want_end(x);
	want_array(x, "a32", 4);
	for (guint i = 0; i < 4; i++)
		want_sint(x, NULL, a32[i]);
	want_end(x);
	want_array(x, "a64", 2);
	for (guint i = 0; i < 2; i++)
		want_uint(x, NULL, a64[i], 16);
	want_end(x);
	want_uint(x, "_seq_length", 3, 10);
	want_array(x, "seq", 3);
	for (guint i = 0; i < 3; i++)
		want_sint(x, NULL, seq[i]);
	want_end(x);
	want_uint(x, "_long_seq_length", 300, 10);
	want_array(x, "long_seq", 300);
	for (guint i = 0; i < 300; i++)
		want_uint(x, NULL, long_seq[i], 16);
	want_end(x);

	/* NULL arrays are zeros, NULL sequences empty */
	lttv_tracepoint(lttv_test, arrays, NULL, a16, a32, a64, NULL, 5, long_seq, 0);
	expect_event(x, "lttv_test:arrays");
	want_array(x, "a8", 3);
	for (guint i = 0; i < 3; i++)
		want_sint(x, NULL, 0);
	want_end(x);
	want_array(x, "a16", 2);
	for (guint i = 0; i < 2; i++)
		want_uint(x, NULL, a16[i], 10);
	want_end(x);
	want_array(x, "a32", 4);
	for (guint i = 0; i < 4; i++)
		want_sint(x, NULL, a32[i]);
	want_end(x);
	want_array(x, "a64", 2);
	for (guint i = 0; i < 2; i++)
		want_uint(x, NULL, a64[i], 16);
	want_end(x);
	want_uint(x, "_seq_length", 0, 10);
	want_array(x, "seq", 0);
	want_end(x);
	want_uint(x, "_long_seq_length", 0, 10);
	want_array(x, "long_seq", 0);
	want_end(x);
}

static void emit_others(Expect *x)
{
	lttv_tracepoint(lttv_test, side, -21, "side", 7);
	expect_event(x, "lttv_test:side");
	want_sint(x, "a", -21);
	want_str(x, "s", "side", 4);
	want_sint(x, "twice", -42);
	lttv_tracepoint(lttv_test, empty);
	expect_event(x, "lttv_test:empty");
	lttv_tracepoint(lttv_test2, ping, 77);
	expect_event(x, "lttv_test2:ping");
	want_uint(x, "n", 77, 10);
}

/* Emits one of each with everything enabled; returns the backend. */
static LttvTpMemBackend *emit_all(Expect *x)
{
	LttvTpMemBackend *mb = tp_start("lttv_test:*,lttv_test2:*", 1 << 20);

	x->wants = g_array_new(FALSE, FALSE, sizeof(Want));
	x->events = g_array_new(FALSE, FALSE, sizeof(WantEvent));
	emit_ints(x);
	emit_enums(x);
	emit_floats(x);
	emit_strings(x);
	emit_arrays(x);
	emit_others(x);
	tp_stop();
	g_assert_cmpuint(lttv_tp_mem_backend_count(mb), ==, x->events->len);
	g_assert_cmpuint(lttv_tp_mem_backend_dropped(mb), ==, 0);
	return mb;
}

static void expect_clear(Expect *x)
{
	g_array_unref(x->wants);
	g_array_unref(x->events);
}

/* ---------------------------------------------------------------- the trace */


typedef struct {
	LttvCtfMetadata *meta;
	GHashTable *classes; /* event id -> class id + 1 */
} MetaBuild;

static gboolean add_class(struct lttv_tp_event *ev, gpointer user_data)
{
	MetaBuild *b = user_data;
	g_autofree char *name = lttv_tp_event_full_name(ev);
	guint n;
	g_autofree LttvCtfField *fields = lttv_tp_event_ctf_fields(ev, &n);
	guint32 id = lttv_ctf_metadata_add_event(b->meta, name, fields, n);

	g_assert_cmpuint(id, !=, LTTV_CTF_NO_EVENT);
	g_hash_table_insert(b->classes, GUINT_TO_POINTER(ev->id), GUINT_TO_POINTER(id + 1));
	return TRUE;
}

/* The metadata of every registered event, and mb's records as they are;
 * returns the trace's folder.  *text: the metadata. */
static char *write_trace(LttvTpMemBackend *mb, char **text)
{
	g_autoptr(GError) error = NULL;
	char *dir = g_dir_make_tmp("lttv-tracepoint-XXXXXX", &error);
	g_autoptr(GHashTable) classes = g_hash_table_new(NULL, NULL);
	MetaBuild b = {lttv_ctf_metadata_new(trace_uuid, boot_uuid, 0), classes};
	const LttvTpMemRecord *r = NULL;
	LttvCtfStream *s;

	g_assert_no_error(error);
	lttv_ctf_metadata_env_string(b.meta, "hostname", "testhost");
	lttv_ctf_metadata_env_string(b.meta, "domain", "ust");
	lttv_ctf_metadata_env_string(b.meta, "tracer_name", "lttv-ust");
	lttv_tp_foreach(NULL, add_class, &b);
	g_assert_true(lttv_ctf_metadata_write(b.meta, dir, &error));
	g_assert_no_error(error);
	if (text)
		*text = lttv_ctf_metadata_text(b.meta);
	s = lttv_ctf_stream_open(dir, "channel0_0", 0, trace_uuid,
	                         lttv_ctf_metadata_header_kind(b.meta), 1 << 16, &error);
	g_assert_no_error(error);
	while ((r = lttv_tp_mem_backend_next(mb, r))) {
		guint id = GPOINTER_TO_UINT(
		        g_hash_table_lookup(classes, GUINT_TO_POINTER(r->event_id)));
		guint8 *p;

		g_assert_cmpuint(r->committed, ==, 1);
		g_assert_cmpuint(id, >, 0);
		p = lttv_ctf_stream_event(s, id - 1, r->ts, r->payload_len, &error);
		g_assert_no_error(error);
		memcpy(p, r->payload, r->payload_len);
	}
	g_assert_true(lttv_ctf_stream_close(s, 0, &error));
	g_assert_no_error(error);
	lttv_ctf_metadata_free(b.meta);
	return dir;
}

static int value_cmp(const Want *w, const LttvFieldValue *v)
{
	if (v->kind != w->kind)
		return 1;
	/* (an ARRAY_END repeats its array's name) */
	if (v->depth == 1 && w->kind != LTTV_VALUE_ARRAY_END && g_strcmp0(v->name, w->name))
		return 2;
	switch (w->kind) {
	case LTTV_VALUE_UINT:
	case LTTV_VALUE_SINT:
		if (v->u != w->u)
			return 3;
		if (v->base != w->base)
			return 4;
		if (w->str) {
			g_autoptr(GString) labels = g_string_new(NULL);

			lttv_field_value_labels(v, labels, "", ", ");
			if (strcmp(labels->str, w->str))
				return 5;
		}
		return 0;
	case LTTV_VALUE_DOUBLE: return v->d != w->d ? 6 : 0;
	case LTTV_VALUE_ARRAY_BEGIN: return v->u != w->u ? 7 : 0;
	case LTTV_VALUE_STRING: return v->len != w->len || memcmp(v->str, w->str, w->len) ? 8 : 0;
	default: return 0;
	}
}

/* Every event, in order, with every value, through liblttv. */
static void check_reader(const char *dir, const Expect *x)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTraceset) ts = lttv_traceset_open(dir, &error);
	g_autoptr(LttvIter) it = NULL;
	const LttvItem *item;
	guint next = 0;

	g_assert_no_error(error);
	it = lttv_iter_new(ts);
	while ((item = lttv_iter_next(it, &error))) {
		const WantEvent *we;
		const LttvFieldValue *v;
		gsize n;

		g_assert_cmpint(item->kind, ==, LTTV_ITEM_EVENT);
		g_assert_cmpuint(next, <, x->events->len);
		we = &g_array_index(x->events, WantEvent, next++);
		g_assert_cmpstr(lttv_event_name(item->event), ==, we->event);
		v = lttv_event_values(item->event, LTTV_SCOPE_PAYLOAD, &n, &error);
		g_assert_no_error(error);
		g_assert_cmpuint(n, ==, we->n);
		for (guint i = 0; i < n; i++) {
			const Want *w = &g_array_index(x->wants, Want, we->first + i);
			int bad = value_cmp(w, &v[i]);

			if (bad)
				g_printerr("%s: value %u (%s): mismatch %d\n", we->event, i,
				           w->name ? w->name : "", bad);
			g_assert_cmpint(bad, ==, 0);
		}
	}
	g_assert_no_error(error);
	g_assert_cmpuint(next, ==, x->events->len);
}

static void test_read_back(void)
{
	Expect x;
	g_autoptr(LttvTpMemBackend) mb = emit_all(&x);
	g_autofree char *text = NULL;
	g_autofree char *dir = write_trace(mb, &text);
	static const char *const want[] = {
	        "\tname = \"lttv_test:ints\";\n",
	        "integer { size = 8; align = 8; signed = 1; encoding = none; base = 10; } _s8;\n",
	        "integer { size = 32; align = 8; signed = 0; encoding = none; base = 16; } "
	        "_hex32;\n",
	        "integer { size = 16; align = 8; signed = 0; encoding = none; base = 8; } "
	        "_oct16;\n",
	        "integer { size = 64; align = 8; signed = 1; encoding = none; base = 10; } _l;\n",
	        "enum : integer { size = 8; align = 8; signed = 0; encoding = none; base = 10; } { "
	        "\"RED\" = 0, \"GREEN\" = 1, \"BLUES\" = 2 ... 9, \"a \\\"quoted\\\" label\" = 10 "
	        "} "
	        "_color;\n",
	        "{ \"NEGATIVE\" = -32768 ... -1, \"ZERO\" = 0 } _err;\n",
	        "{ \"ONE\" = 1, \"HUGE\" = 9223372036854775808 ... 18446744073709551615 } _big;\n",
	        "floating_point { exp_dig = 8; mant_dig = 24; align = 8; } _f;\n",
	        "floating_point { exp_dig = 11; mant_dig = 53; align = 8; } _d;\n",
	        "string _s;\n",
	        "integer { size = 8; align = 8; signed = 1; encoding = UTF8; base = 10; } "
	        "_comm[8];\n",
	        "integer { size = 16; align = 8; signed = 0; encoding = none; base = 10; } "
	        "__raw_length;\n\t\tinteger { size = 8; align = 8; signed = 1; encoding = UTF8; "
	        "base = 10; } _raw[ __raw_length ];\n",
	        "integer { size = 64; align = 8; signed = 0; encoding = none; base = 16; } "
	        "_a64[2];\n",
	        "integer { size = 16; align = 8; signed = 0; encoding = none; base = 10; } "
	        "__long_seq_length;\n\t\tinteger { size = 32; align = 8; signed = 0; "
	        "encoding = none; base = 16; } _long_seq[ __long_seq_length ];\n",
	        "\tname = \"lttv_test:empty\";\n\tid = ",
	};

	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		if (!strstr(text, want[i]))
			g_printerr("missing:\n%s\nin:\n%s", want[i], text);
		g_assert_nonnull(strstr(text, want[i]));
	}
	check_reader(dir, &x);
	rm_rf(dir);
	expect_clear(&x);
}

/* babeltrace2 decodes the same trace: as many events, and the values as
 * its text output shows them. */
static void test_babeltrace2(void)
{
	g_autofree char *bt2 = g_find_program_in_path("babeltrace2");
	Expect x;
	g_autoptr(LttvTpMemBackend) mb = NULL;
	g_autofree char *dir = NULL, *out = NULL, *err = NULL;
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) lines = NULL;
	int status;
	static const char *const want[] = {
	        "lttv_test:ints: { cpu_id = 0 }, { s8 = -128, u8 = 255, s16 = -32768, u16 = 65535, "
	        "s32 = -2147483648, u32 = 4294967295, s64 = -9223372036854775808, "
	        "u64 = 18446744073709551615, hex32 = 0xDEADBEEF, oct16 = 0755, c = -5, b = 1, "
	        "l = -1234567890123 }",
	        "lttv_test:enums: { cpu_id = 0 }, { color = ( \"BLUES\" : container = 5 ), "
	        "err = ( \"NEGATIVE\" : container = -7 ), "
	        "big = ( \"HUGE\" : container = 18446744073709551615 ) }",
	        "lttv_test:floats: { cpu_id = 0 }, { f = 1.5, d = -2.25 }",
	        "lttv_test:strings: { cpu_id = 0 }, { s = \"hello\", comm = \"abc\", _raw_length = "
	        "9, "
	        "raw = \"raw bytes\", tail = \"end\" }",
	        "lttv_test:arrays: { cpu_id = 0 }, { a8 = [ [0] = -1, [1] = 0, [2] = 1 ], "
	        "a16 = [ [0] = 0, [1] = 65535 ], "
	        "a32 = [ [0] = -2147483648, [1] = -1, [2] = 0, [3] = 2147483647 ], "
	        "a64 = [ [0] = 0xFEEDFACECAFEBEEF, [1] = 0x1 ], _seq_length = 3, "
	        "seq = [ [0] = 1, [1] = -2, [2] = 3 ], _long_seq_length = 300, "
	        "long_seq = [ [0] = 0x0, [1] = 0x1010101,",
	        "lttv_test:enums: { cpu_id = 0 }, { color = ( <unknown> : container = 200 ), "
	        "err = ( <unknown> : container = 5 ), big = ( <unknown> : container = 2 ) }",
	        "lttv_test:strings: { cpu_id = 0 }, { s = \"(null)\", comm = \"toolongt\", "
	        "_raw_length = 2, raw = \"xy\", tail = \"end\" }",
	        "lttv_test:arrays: { cpu_id = 0 }, { a8 = [ [0] = 0, [1] = 0, [2] = 0 ], ",
	        "_seq_length = 0, seq = [ ], _long_seq_length = 0, long_seq = [ ] }",
	        "lttv_test:side: { cpu_id = 0 }, { a = -21, s = \"side\", twice = -42 }",
	        "lttv_test:empty: { cpu_id = 0 }, { }",
	        "lttv_test2:ping: { cpu_id = 0 }, { n = 77 }",
	};

	if (!bt2) {
		g_test_skip("babeltrace2 is not installed");
		return;
	}
	mb = emit_all(&x);
	dir = write_trace(mb, NULL);
	{
		const char *argv[] = {bt2, "--no-delta", dir, NULL};

		g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
		                           &out, &err, &status, &error));
	}
	g_assert_no_error(error);
	if (!g_spawn_check_wait_status(status, &error))
		g_printerr("babeltrace2 failed:\n%s\n", err);
	g_assert_no_error(error);
	lines = g_strsplit(out, "\n", -1);
	g_assert_cmpuint(g_strv_length(lines), ==, x.events->len + 1);
	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		if (!strstr(out, want[i]))
			g_printerr("missing:\n%s\nin:\n%s", want[i], out);
		g_assert_nonnull(strstr(out, want[i]));
	}
	rm_rf(dir);
	expect_clear(&x);
}

/* ---------------------------------------------------------------- bytes */

static const LttvTpMemRecord *only_record(LttvTpMemBackend *mb)
{
	const LttvTpMemRecord *r = lttv_tp_mem_backend_next(mb, NULL);

	g_assert_nonnull(r);
	g_assert_null(lttv_tp_mem_backend_next(mb, r));
	g_assert_cmpuint(r->committed, ==, 1);
	return r;
}

/* The payloads, byte for byte: little-endian, byte packed, in field order. */
static void test_payload_bytes(void)
{
	static const struct test_ints v = {
	        -2,         0xfe,       -3,  0xfedc,
	        -4,         0xfedcba98, -5,  G_GUINT64_CONSTANT(0x0123456789abcdef),
	        0xdeadbeef, 0755,       'x', true,
	        -6};
	static const guint8 ints[] = {
	        0xfe,                                           /* s8 */
	        0xfe,                                           /* u8 */
	        0xfd, 0xff,                                     /* s16 */
	        0xdc, 0xfe,                                     /* u16 */
	        0xfc, 0xff, 0xff, 0xff,                         /* s32 */
	        0x98, 0xba, 0xdc, 0xfe,                         /* u32 */
	        0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* s64 */
	        0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01, /* u64 */
	        0xef, 0xbe, 0xad, 0xde,                         /* hex32 */
	        0xed, 0x01,                                     /* oct16 */
	        'x',                                            /* c */
	        0x01,                                           /* b */
	        0xfa, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* l */
	};
	static const guint8 strings[] = {'h', 'i',  0, 'a', 'b', 'c', 0,   0,   0, 0,
	                                 0,   0x02, 0, 'x', 'y', 'e', 'n', 'd', 0};
	static const guint8 floats[] = {0x00, 0x00, 0xc0, 0x3f,                          /* 1.5f */
	                                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xc0}; /* -2.25 */
	static const guint16 seq[2] = {0x1234, 0xfffe};
	static const guint8 arrays[] = {
	        0xff, 0x00, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x80, 0xff,
	        0xff, 0xff, 0xff, 0,    0,    0,    0,    0xff, 0xff, 0xff, 0x7f, 0xef,
	        0xbe, 0xfe, 0xca, 0xce, 0xfa, 0xed, 0xfe, 1,    0,    0,    0,    0,
	        0,    0,    0,    2,    0x34, 0x12, 0xfe, 0xff, /* seq: u8 length, int16s */
	        1,    0,    0x0d, 0xf0, 0xad, 0xba};            /* u16 length, uint32 */
	static const gint8 a8[3] = {-1, 0, 1};
	static const guint16 a16[2] = {0, 65535};
	static const gint32 a32[4] = {G_MININT32, -1, 0, G_MAXINT32};
	static const guint64 a64[2] = {G_GUINT64_CONSTANT(0xFEEDFACECAFEBEEF), 1};
	static const guint32 long_seq[1] = {0xbaadf00d};
	LttvTpMemBackend *mb;
	const LttvTpMemRecord *r;

	mb = tp_start("lttv_test:*", 4096);
	lttv_tracepoint(lttv_test, ints, &v);
	tp_stop();
	r = only_record(mb);
	g_assert_cmpmem(r->payload, r->payload_len, ints, sizeof(ints));
	lttv_tp_mem_backend_free(mb);

	mb = tp_start("lttv_test:*", 4096);
	lttv_tracepoint(lttv_test, strings, "hi", "abc", "xyz", 2);
	tp_stop();
	r = only_record(mb);
	g_assert_cmpmem(r->payload, r->payload_len, strings, sizeof(strings));
	lttv_tp_mem_backend_free(mb);

	mb = tp_start("lttv_test:*", 4096);
	lttv_tracepoint(lttv_test, floats, 1.5f, -2.25);
	tp_stop();
	r = only_record(mb);
	g_assert_cmpmem(r->payload, r->payload_len, floats, sizeof(floats));
	lttv_tp_mem_backend_free(mb);

	mb = tp_start("lttv_test:*", 4096);
	lttv_tracepoint(lttv_test, arrays, a8, a16, a32, a64, (const gint16 *)seq, 2, long_seq, 1);
	tp_stop();
	r = only_record(mb);
	g_assert_cmpmem(r->payload, r->payload_len, arrays, sizeof(arrays));
	lttv_tp_mem_backend_free(mb);

	mb = tp_start("lttv_test:*", 4096);
	lttv_tracepoint(lttv_test, empty);
	tp_stop();
	r = only_record(mb);
	g_assert_cmpuint(r->payload_len, ==, 0);
	lttv_tp_mem_backend_free(mb);
}

/* The helpers of the generated code on their own: a string that changed
 * between measuring and copying keeps its size; sizes saturate. */
static void test_put_helpers(void)
{
	guint8 buf[8], out[64];
	char racy[] = "ab\0cd", big[48];

	memset(buf, 0x55, sizeof(buf));
	/* measured as 5 + 1 bytes, now "ab": padded, one NUL at the end */
	g_assert_true(lttv__tp_put_string(buf, racy, 6) == buf + 6);
	g_assert_cmpmem(buf, 7, "ab###\0\x55", 7);
	/* measured as 2 + 1, now longer: cut */
	g_assert_true(lttv__tp_put_string(buf, "abcdef", 3) == buf + 3);
	g_assert_cmpmem(buf, 3, "ab\0", 3);
	/* the same past 32 bytes (memcpy + memchr instead of a loop) */
	memset(big, 'z', sizeof(big));
	big[10] = 0;
	memset(out, 0x55, sizeof(out));
	g_assert_true(lttv__tp_put_string(out, big, 40) == out + 40);
	g_assert_cmpmem(out, 10, big, 10);
	for (guint i = 10; i < 39; i++)
		g_assert_cmpuint(out[i], ==, '#');
	g_assert_cmpuint(out[39], ==, 0);
	g_assert_cmpuint(out[40], ==, 0x55);
	g_assert_true(lttv__tp_put_string(out, "0123456789012345678901234567890123456789xyz", 41) ==
	              out + 41);
	g_assert_cmpmem(out, 41, "0123456789012345678901234567890123456789", 41);

	memset(buf, 0x55, sizeof(buf));
	g_assert_true(lttv__tp_put_text(buf, NULL, 4) == buf + 4);
	g_assert_cmpmem(buf, 5, "\0\0\0\0\x55", 5);
	g_assert_cmpuint(lttv__tp_len_add(10, 1, 3, 4), ==, 23);
	g_assert_cmpuint(lttv__tp_len_add(10, 8, G_MAXUINT64, 8), ==, G_MAXSIZE);
	g_assert_cmpuint(lttv__tp_len_add(G_MAXSIZE - 4, 8, 0, 1), ==, G_MAXSIZE);
	g_assert_cmpuint(lttv__tp_len_add(0, 2, G_MAXSIZE / 2, 2), ==, G_MAXSIZE);
}

void tp_add_ctf_tests(void)
{
	g_test_add_func("/tracepoint/ctf/read-back", test_read_back);
	g_test_add_func("/tracepoint/ctf/babeltrace2", test_babeltrace2);
	g_test_add_func("/tracepoint/ctf/payload-bytes", test_payload_bytes);
	g_test_add_func("/tracepoint/ctf/put-helpers", test_put_helpers);
}
