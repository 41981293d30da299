/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the JSON parser (lttv/ctf/json.c) and of the CTF 2
 * metadata parser (ctf_json_parse(): lttv/ctf/ctf2-*.c), on inline texts
 * (test-ctf2-text.c) and on the sample traces of shared/traces/ctf2.
 */
#include "ctf/json.h"
#include "ctf2-text-tests.h"
#include "ctf/metadata.h"
#include "lttv/error.h"

#include <glib.h>
#include <string.h>

/* ------------------------------------------------------------ JSON */

/* Parses a copy of exactly `len` bytes, so that ASan catches any read
 * past the end. */
static LttvJsonValue *parse_n(const char *text, size_t len, size_t base, GError **error)
{
	g_autofree char *copy = g_memdup2(text, len ? len : 1);

	return lttv_json_parse(copy, len, base, error);
}

static LttvJsonValue *parse_ok(const char *text)
{
	g_autoptr(GError) error = NULL;
	LttvJsonValue *v = parse_n(text, strlen(text), 0, &error);

	g_assert_no_error(error);
	g_assert_nonnull(v);
	return v;
}

/* Expects a parse error at `offset` whose message contains `what`. */
static void parse_bad(const char *text, size_t len, size_t offset, LttvJsonErrorCode code,
                      const char *what)
{
	g_autoptr(GError) error = NULL;
	LttvJsonValue *v = parse_n(text, len, 100, &error);
	size_t off = 0;
	const char *desc = NULL;

	if (v)
		g_error("parsed invalid JSON: %.*s", (int)len, text);
	g_assert_error(error, LTTV_JSON_ERROR, (gint)code);
	g_assert_true(lttv_json_error_location(error, &off, &desc));
	if (off != 100 + offset || !strstr(desc, what))
		g_error("`%.*s`: got \"%s\", expected offset %zu and \"%s\"", (int)len, text,
		        error->message, 100 + offset, what);
}

static void test_json_values(void)
{
	g_autoptr(LttvJsonValue) v =
	        parse_ok(" {\"a\": [1, -2, 3.5, true, false, null, \"x\"], \"b\": {}, \"c\": []} ");
	const LttvJsonValue *a = lttv_json_object_get(v, "a");

	g_assert_cmpint(v->type, ==, LTTV_JSON_OBJECT);
	g_assert_cmpuint(v->offset, ==, 1);
	g_assert_cmpuint(v->obj.len, ==, 3);
	g_assert_cmpstr(v->obj.members[0].key, ==, "a");
	g_assert_cmpstr(v->obj.members[2].key, ==, "c");
	g_assert_cmpuint(v->obj.members[1].key_offset, ==, 45);
	g_assert_nonnull(a);
	g_assert_cmpint(a->type, ==, LTTV_JSON_ARRAY);
	g_assert_cmpuint(a->offset, ==, 7);
	g_assert_cmpuint(a->arr.len, ==, 7);
	g_assert_cmpint(a->arr.items[0]->type, ==, LTTV_JSON_UINT);
	g_assert_cmpuint(a->arr.items[0]->u64, ==, 1);
	g_assert_cmpuint(a->arr.items[0]->offset, ==, 8);
	g_assert_cmpint(a->arr.items[1]->type, ==, LTTV_JSON_SINT);
	g_assert_cmpint(a->arr.items[1]->i64, ==, -2);
	g_assert_cmpint(a->arr.items[2]->type, ==, LTTV_JSON_REAL);
	g_assert_cmpfloat(a->arr.items[2]->real.value, ==, 3.5);
	g_assert_false(a->arr.items[2]->real.big_int);
	g_assert_true(a->arr.items[3]->boolean);
	g_assert_false(a->arr.items[4]->boolean);
	g_assert_cmpint(a->arr.items[5]->type, ==, LTTV_JSON_NULL);
	g_assert_cmpstr(a->arr.items[6]->str.s, ==, "x");
	g_assert_cmpuint(lttv_json_object_get(v, "b")->obj.len, ==, 0);
	g_assert_null(lttv_json_object_get(v, "d"));
	g_assert_null(lttv_json_object_get(a, "a"));
}

static void test_json_numbers(void)
{
	static const struct {
		const char *text;
		LttvJsonType type;
		bool big;
	} cases[] = {
	        {"0", LTTV_JSON_UINT, false},
	        {"-0", LTTV_JSON_UINT, false},
	        {"18446744073709551615", LTTV_JSON_UINT, false},
	        {"18446744073709551616", LTTV_JSON_REAL, true},
	        {"99999999999999999999999", LTTV_JSON_REAL, true},
	        {"-9223372036854775808", LTTV_JSON_SINT, false},
	        {"-9223372036854775809", LTTV_JSON_REAL, true},
	        {"8.0", LTTV_JSON_REAL, false},
	        {"1e2", LTTV_JSON_REAL, false},
	        {"-1.5E-3", LTTV_JSON_REAL, false},
	};
	uint64_t u = 0;
	int64_t i = 0;

	for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
		g_autoptr(LttvJsonValue) v = parse_ok(cases[k].text);

		g_assert_cmpint(v->type, ==, cases[k].type);
		if (v->type == LTTV_JSON_REAL)
			g_assert_cmpint(v->real.big_int, ==, cases[k].big);
	}
	{
		g_autoptr(LttvJsonValue) v = parse_ok("18446744073709551615");

		g_assert_true(lttv_json_get_u64(v, &u));
		g_assert_cmpuint(u, ==, UINT64_MAX);
		g_assert_false(lttv_json_get_i64(v, &i));
	}
	{
		g_autoptr(LttvJsonValue) v = parse_ok("-9223372036854775808");

		g_assert_true(lttv_json_get_i64(v, &i));
		g_assert_cmpint(i, ==, INT64_MIN);
		g_assert_false(lttv_json_get_u64(v, &u));
	}
	{
		g_autoptr(LttvJsonValue) v = parse_ok("9223372036854775807");

		g_assert_true(lttv_json_get_i64(v, &i));
		g_assert_cmpint(i, ==, INT64_MAX);
	}
	{
		g_autoptr(LttvJsonValue) v = parse_ok("8.0");

		g_assert_false(lttv_json_get_u64(v, &u));
		g_assert_false(lttv_json_get_i64(v, &i));
	}
	parse_bad("01", 2, 1, LTTV_JSON_ERROR_SYNTAX, "leading zeros");
	parse_bad("-", 1, 1, LTTV_JSON_ERROR_SYNTAX, "digit");
	parse_bad("+1", 2, 0, LTTV_JSON_ERROR_SYNTAX, "unexpected `+`");
	parse_bad("1.", 2, 2, LTTV_JSON_ERROR_SYNTAX, "after the decimal point");
	parse_bad(".5", 2, 0, LTTV_JSON_ERROR_SYNTAX, "expecting a JSON value");
	parse_bad("1e", 2, 2, LTTV_JSON_ERROR_SYNTAX, "exponent");
	parse_bad("NaN", 3, 0, LTTV_JSON_ERROR_SYNTAX, "expecting a JSON value");
	/* Never read past `len`: "12" with len 1 is "1". */
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(LttvJsonValue) v = parse_n("12", 1, 0, &error);

		g_assert_no_error(error);
		g_assert_cmpuint(v->u64, ==, 1);
	}
}

static void test_json_strings(void)
{
	g_autoptr(LttvJsonValue) v =
	        parse_ok("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\ude00\\u0000z\"");
	static const char expect[] = "a\"b\\c/d\b\f\n\r\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\0z";

	g_assert_cmpint(v->type, ==, LTTV_JSON_STRING);
	g_assert_cmpuint(v->str.len, ==, sizeof(expect) - 1);
	g_assert_cmpmem(v->str.s, v->str.len, expect, sizeof(expect) - 1);
	{
		g_autoptr(LttvJsonValue) u = parse_ok("\"h\xc3\xa9 \xf0\x9f\x98\x80\"");

		g_assert_cmpstr(u->str.s, ==, "h\xc3\xa9 \xf0\x9f\x98\x80");
	}
	parse_bad("\"abc", 4, 0, LTTV_JSON_ERROR_SYNTAX, "unterminated string");
	parse_bad("\"ab\\", 4, 0, LTTV_JSON_ERROR_SYNTAX, "unterminated string");
	parse_bad("\"a\nb\"", 5, 2, LTTV_JSON_ERROR_SYNTAX, "control character 0x0a");
	parse_bad("\"a\x1e\"", 4, 2, LTTV_JSON_ERROR_SYNTAX, "control character 0x1e");
	parse_bad("\"a\\x\"", 5, 2, LTTV_JSON_ERROR_SYNTAX, "invalid escape");
	parse_bad("\"\\u12g4\"", 8, 1, LTTV_JSON_ERROR_SYNTAX, "4 hexadecimal digits");
	parse_bad("\"\\u12\"", 6, 1, LTTV_JSON_ERROR_SYNTAX, "\\u escape");
	parse_bad("\"x\\udc00\"", 9, 2, LTTV_JSON_ERROR_ENCODING, "lone low surrogate");
	parse_bad("\"x\\ud800\"", 9, 2, LTTV_JSON_ERROR_ENCODING, "not followed by a low");
	parse_bad("\"x\\ud800\\u0041\"", 15, 2, LTTV_JSON_ERROR_ENCODING, "not followed by a low");
	parse_bad("\"a\xff\"", 4, 2, LTTV_JSON_ERROR_ENCODING, "UTF-8");
	parse_bad("\"a\xc0\x80\"", 5, 2, LTTV_JSON_ERROR_ENCODING, "UTF-8");     /* overlong */
	parse_bad("\"a\xed\xa0\x80\"", 6, 2, LTTV_JSON_ERROR_ENCODING, "UTF-8"); /* surrogate */
	parse_bad("\"a\xf4\x90\x80\x80\"", 7, 2, LTTV_JSON_ERROR_ENCODING,
	          "UTF-8");                                                /* > U+10FFFF */
	parse_bad("\"a\xe2\x82", 5, 2, LTTV_JSON_ERROR_ENCODING, "UTF-8"); /* truncated */
}

static void test_json_syntax(void)
{
	parse_bad("", 0, 0, LTTV_JSON_ERROR_SYNTAX, "end of input");
	parse_bad("   ", 3, 3, LTTV_JSON_ERROR_SYNTAX, "end of input");
	parse_bad("[1,]", 4, 3, LTTV_JSON_ERROR_SYNTAX, "unexpected `]`");
	parse_bad("[1 2]", 5, 3, LTTV_JSON_ERROR_SYNTAX, "`,` or `]`");
	parse_bad("{\"a\":1,}", 8, 7, LTTV_JSON_ERROR_SYNTAX, "object key");
	parse_bad("{\"a\" 1}", 7, 5, LTTV_JSON_ERROR_SYNTAX, "`:`");
	parse_bad("{a:1}", 5, 1, LTTV_JSON_ERROR_SYNTAX, "object key");
	parse_bad("{\"a\":1", 6, 6, LTTV_JSON_ERROR_SYNTAX, "end of input");
	parse_bad("tru", 3, 0, LTTV_JSON_ERROR_SYNTAX, "JSON value");
	parse_bad("nul", 3, 0, LTTV_JSON_ERROR_SYNTAX, "JSON value");
	parse_bad("truex", 5, 4, LTTV_JSON_ERROR_SYNTAX, "end of the JSON text");
	parse_bad("1 2", 3, 2, LTTV_JSON_ERROR_SYNTAX, "end of the JSON text");
	parse_bad("{} x", 4, 3, LTTV_JSON_ERROR_SYNTAX, "end of the JSON text");
	parse_bad("[\v]", 3, 1, LTTV_JSON_ERROR_SYNTAX, "byte 0x0b");
	/* The text ends at `len`, whatever follows in memory. */
	parse_bad("[1]", 2, 2, LTTV_JSON_ERROR_SYNTAX, "end of input");
	parse_bad("true", 3, 0, LTTV_JSON_ERROR_SYNTAX, "JSON value");
}

static void test_json_duplicates(void)
{
	g_autoptr(GString) big = g_string_new("{");

	parse_bad("{\"a\": 1, \"b\": 2, \"a\": 3}", 24, 17, LTTV_JSON_ERROR_DUPLICATE_KEY,
	          "duplicate object key \"a\"");
	/* Keys differing after a \u0000 are distinct. */
	{
		g_autoptr(LttvJsonValue) v =
		        parse_ok("{\"a\\u0000b\": 1, \"a\\u0000c\": 2, \"a\": 3}");

		g_assert_cmpuint(v->obj.len, ==, 3);
	}
	/* Many keys (hashed path). */
	for (int i = 0; i < 100; i++)
		g_string_append_printf(big, "\"k%d\": %d, ", i, i);
	g_string_append(big, "\"k42\": 0}");
	parse_bad(big->str, big->len, big->len - 9, LTTV_JSON_ERROR_DUPLICATE_KEY, "\"k42\"");
	g_string_truncate(big, big->len - 9);
	g_string_append(big, "\"end\": 0}");
	{
		g_autoptr(LttvJsonValue) v = parse_ok(big->str);

		g_assert_cmpuint(v->obj.len, ==, 101);
	}
}

static void test_json_depth(void)
{
	g_autoptr(GString) s = g_string_new(NULL);

	for (int i = 0; i < LTTV_JSON_MAX_DEPTH; i++)
		g_string_append_c(s, '[');
	for (int i = 0; i < LTTV_JSON_MAX_DEPTH; i++)
		g_string_append_c(s, ']');
	{
		g_autoptr(LttvJsonValue) v = parse_ok(s->str);

		g_assert_cmpint(v->type, ==, LTTV_JSON_ARRAY);
	}
	g_string_prepend_c(s, '[');
	g_string_append_c(s, ']');
	parse_bad(s->str, s->len, LTTV_JSON_MAX_DEPTH, LTTV_JSON_ERROR_DEPTH, "nested");
	/* Deep nesting must fail cleanly, not overflow the stack. */
	g_string_truncate(s, 0);
	for (int i = 0; i < 100000; i++)
		g_string_append(s, "{\"a\":[");
	parse_bad(s->str, s->len, 6 * 128, LTTV_JSON_ERROR_DEPTH, "nested");
}

/* ------------------------------------------------------------ traces */

static const char *const decode_time[] = {"ours-bo-change-in-byte", "ours-vl-11-bytes",
                                          "ours-vl-10-bytes-over",  "ours-var-no-match",
                                          "empty-event-record",     NULL};

static char *traces_dir(void)
{
	const char *env = g_getenv("LTTV_TRACES");
	g_autofree char *src = NULL, *here = NULL;

	if (env)
		return g_build_filename(env, "ctf2", NULL);
	/* This file is SRCDIR/tests/unit/test-json.c; traces are in
	 * SRCDIR/../shared/traces. */
	if (g_getenv("LTTV_SRCDIR"))
		src = g_strdup(g_getenv("LTTV_SRCDIR"));
	else if (g_path_is_absolute(__FILE__))
		src = g_path_get_dirname(__FILE__);
	else
		src = g_build_filename((here = g_get_current_dir()), __FILE__, NULL);
	if (!g_getenv("LTTV_SRCDIR")) {
		for (int i = 0; i < 3; i++) {
			char *up = g_path_get_dirname(src);

			g_free(src);
			src = up;
		}
	}
	return g_build_filename(src, "..", "shared", "traces", "ctf2", NULL);
}

/* Every directory under `dir` holding a `metadata` file. */
static void find_traces(const char *dir, GPtrArray *out)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	g_autofree char *meta = g_build_filename(dir, "metadata", NULL);
	const char *name;

	if (g_file_test(meta, G_FILE_TEST_IS_REGULAR))
		g_ptr_array_add(out, g_strdup(dir));
	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *sub = g_build_filename(dir, name, NULL);

		if (strcmp(name, "malformed") != 0 && strcmp(name, "expected") != 0 &&
		    strcmp(name, "index") != 0 && g_file_test(sub, G_FILE_TEST_IS_DIR))
			find_traces(sub, out);
	}
}

static void test_traces_valid(void)
{
	g_autofree char *dir = traces_dir();
	g_autoptr(GPtrArray) traces = g_ptr_array_new_with_free_func(g_free);

	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		if (g_getenv("LTTV_TRACES"))
			g_error("%s: no such directory", dir);
		g_test_skip("shared/traces/ctf2 not found");
		return;
	}
	find_traces(dir, traces);
	g_assert_cmpuint(traces->len, >=, 18);
	for (guint i = 0; i < traces->len; i++) {
		g_autofree char *meta = g_build_filename(traces->pdata[i], "metadata", NULL);
		g_autoptr(GError) error = NULL;
		CtfTraceClass *tc = ctf_metadata_load(meta, &error);

		if (!tc)
			g_error("%s", error->message);
		g_assert_cmpint(tc->major, ==, 2);
		g_assert_cmpuint(tc->stream_classes->len, >=, 1);
		ctf_trace_class_free(tc);
	}
}

static void test_traces_malformed(void)
{
	g_autofree char *top = traces_dir();
	g_autofree char *dir = g_build_filename(top, "malformed", NULL);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;
	unsigned rejected = 0, loaded = 0;

	if (!d) {
		if (g_getenv("LTTV_TRACES"))
			g_error("%s: no such directory", dir);
		g_test_skip("shared/traces/ctf2/malformed not found");
		return;
	}
	while ((name = g_dir_read_name(d))) {
		g_autofree char *meta = g_build_filename(dir, name, "metadata", NULL);
		g_autoptr(GError) error = NULL;
		CtfTraceClass *tc = ctf_metadata_load(meta, &error);
		bool at_decode = g_strv_contains(decode_time, name);

		if (at_decode) {
			/* The metadata is valid: the data is not (decoder's job). */
			if (!tc)
				g_error("%s", error->message);
			ctf_trace_class_free(tc);
			loaded++;
			continue;
		}
		if (tc)
			g_error("%s: malformed metadata accepted", meta);
		g_assert_error(error, LTTV_ERROR, LTTV_ERROR_METADATA);
		if (!g_str_has_prefix(error->message, meta) || !strstr(error->message, ": offset "))
			g_error("%s: message without file name and offset: %s", name,
			        error->message);
		g_test_message("%s", error->message);
		rejected++;
	}
	g_assert_cmpuint(loaded, ==, G_N_ELEMENTS(decode_time) - 1);
	g_assert_cmpuint(rejected, >=, 23);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/json/values", test_json_values);
	g_test_add_func("/json/numbers", test_json_numbers);
	g_test_add_func("/json/strings", test_json_strings);
	g_test_add_func("/json/syntax", test_json_syntax);
	g_test_add_func("/json/duplicates", test_json_duplicates);
	g_test_add_func("/json/depth", test_json_depth);
	ctf2_add_text_tests();
	g_test_add_func("/traces/valid", test_traces_valid);
	g_test_add_func("/traces/malformed", test_traces_malformed);
	return g_test_run();
}
