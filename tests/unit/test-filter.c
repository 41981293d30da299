/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter language: the grammar and every operator and literal on a
 * small trace of known values (filter-sample.h), errors and their columns.
 * Matching on real traces: test-filter-traces.c. */
#include "lttv/event.h"
#include "lttv/filter.h"
#include "lttv/traceset.h"
#include "filter-sample.h"

#include <glib/gstdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *tmp_dir;
static char *sample_dir;

/* --- the sample trace --- */

static LttvTime first_time(LttvTraceset *ts)
{
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GError) error = NULL;
	const LttvItem *item = lttv_iter_next(it, &error);

	g_assert_no_error(error);
	g_assert_nonnull(item);
	return item->time;
}

/* Bit i set when the sample's event i matches. */
static guint32 sample_mask_zone(const char *expr, gboolean local_time)
{
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvFilter) f = NULL, copy = NULL;
	g_autoptr(LttvIter) it = NULL;
	g_autoptr(GError) error = NULL;
	const LttvItem *item;
	guint32 mask = 0, copy_mask = 0;
	guint i = 0;

	ts = lttv_traceset_open(sample_dir, &error);
	g_assert_no_error(error);
	f = lttv_filter_new_full(expr, first_time(ts), local_time, NULL, &error);
	if (!f)
		g_error("%s: %s", expr, error->message);
	/* a copy (for another thread) matches the same events: same origin
	 * for relative times, same time zone */
	copy = lttv_filter_copy(f);
	g_assert_cmpstr(lttv_filter_expression(copy), ==, expr);
	it = lttv_iter_new(ts);
	while ((item = lttv_iter_next(it, &error))) {
		g_assert_cmpint(item->kind, ==, LTTV_ITEM_EVENT);
		if (lttv_filter_match(f, item->event, NULL, NULL))
			mask |= 1u << i;
		if (lttv_filter_match(copy, item->event, NULL, NULL))
			copy_mask |= 1u << i;
		i++;
	}
	g_assert_no_error(error);
	g_assert_cmpuint(i, ==, FS_N_EVENTS);
	g_assert_cmphex(copy_mask, ==, mask);
	return mask;
}

static guint32 sample_mask(const char *expr)
{
	return sample_mask_zone(expr, FALSE);
}

#define B(x) (1u << (x))
#define ALL  ((1u << FS_N_EVENTS) - 1)
#define NUMS (B(FS_NUM_NEG) | B(FS_NUM_ZERO) | B(FS_NUM_BIG) | B(FS_NUM_MIN))
#define TEXTS                                                                                      \
	(B(FS_TEXT_QUOTED) | B(FS_TEXT_EMPTY) | B(FS_TEXT_SCHED) | B(FS_TEXT_BYTES) |              \
	 B(FS_TEXT_NEWLINE))
#define TAGS (B(FS_TAG_ZERO) | B(FS_TAG_HIGH) | B(FS_TAG_NONE))

static const struct {
	const char *expr;
	guint32 mask;
} sample_cases[] = {
        /* integers: decimal, hexadecimal, negative, the 64-bit extremes,
         * signed against unsigned */
        {"event.s < 0", B(FS_NUM_NEG) | B(FS_NUM_MIN)},
        {"event.s == -5", B(FS_NUM_NEG)},
        {"event.s == -9223372036854775808", B(FS_NUM_MIN)},
        {"event.s >= 0", B(FS_NUM_ZERO) | B(FS_NUM_BIG)},
        {"event.s <= 0", B(FS_NUM_NEG) | B(FS_NUM_ZERO) | B(FS_NUM_MIN)},
        {"event.s > 0", B(FS_NUM_BIG)},
        {"event.s != 0", B(FS_NUM_NEG) | B(FS_NUM_BIG) | B(FS_NUM_MIN)},
        {"event.s == 0x7", B(FS_NUM_BIG)},
        {"event.s == -0", B(FS_NUM_ZERO)},
        {"event.u == 18446744073709551615", B(FS_NUM_NEG)},
        {"event.u == 0xFFFFFFFFFFFFFFFF", B(FS_NUM_NEG)},
        {"event.u > 9223372036854775807", B(FS_NUM_NEG) | B(FS_NUM_BIG)},
        {"event.u == 0x8000000000000000", B(FS_NUM_BIG)},
        {"event.u > -1", NUMS},
        {"event.u < -1", 0},
        /* integers against decimals: numerically */
        {"event.s < 0.5", B(FS_NUM_NEG) | B(FS_NUM_ZERO) | B(FS_NUM_MIN)},
        {"event.s > -5.5", B(FS_NUM_NEG) | B(FS_NUM_ZERO) | B(FS_NUM_BIG)},
        {"event.s == 7.0", B(FS_NUM_BIG)},
        {"event.s == 7e0", B(FS_NUM_BIG)},
        {"event.u > 1.8e19", B(FS_NUM_NEG)},
        /* doubles (NaN is only != anything) */
        {"event.d == 2.5", B(FS_NUM_NEG)},
        {"event.d < 0", B(FS_NUM_ZERO)},
        {"event.d == -.5", B(FS_NUM_ZERO)},
        {"event.d != 2.5", B(FS_NUM_ZERO) | B(FS_NUM_BIG) | B(FS_NUM_MIN)},
        {"event.d > 1e299", B(FS_NUM_MIN)},
        {"event.d >= 1E300", B(FS_NUM_MIN)},
        {"event.d >= -0.5 && event.d <= 2.5", B(FS_NUM_NEG) | B(FS_NUM_ZERO)},
        {"event.d == 2", 0},
        {"event.d =~ \"2\"", 0},
        /* strings: escapes, order, regular expressions (unanchored, bytes) */
        {"event.s == \"a \\\"quoted\\\" back\\\\slash\"", B(FS_TEXT_QUOTED)},
        {"event.s =~ \"\\\"quoted\\\"\"", B(FS_TEXT_QUOTED)},
        {"event.s =~ \"back\\\\\\\\slash\"", B(FS_TEXT_QUOTED)},
        {"event.s =~ \"a\\s\\\"quoted\"", B(FS_TEXT_QUOTED)},
        {"event.s == \"\"", B(FS_TEXT_EMPTY)},
        {"event.s != \"\"", TEXTS & ~B(FS_TEXT_EMPTY)},
        {"event.s > \"\"", TEXTS & ~B(FS_TEXT_EMPTY)},
        {"event.s < \"b\"", B(FS_TEXT_QUOTED) | B(FS_TEXT_EMPTY)},
        {"event.s <= \"sched_switch\"", TEXTS & ~B(FS_TEXT_BYTES)},
        {"event.s >= \"sched_switch\"", B(FS_TEXT_SCHED) | B(FS_TEXT_BYTES)},
        {"event.s > \"sched\"", B(FS_TEXT_SCHED) | B(FS_TEXT_BYTES)},
        {"event.s =~ \"^sched_\"", B(FS_TEXT_SCHED)},
        {"event.s =~ \"switch\"", B(FS_TEXT_SCHED)},
        {"event.s =~ \"abc$\"", B(FS_TEXT_BYTES)},
        {"event.s =~ \"^\\xff\\xfe\"", B(FS_TEXT_BYTES)},
        {"event.s =~ \"\"", TEXTS},
        {"event.s =~ \".\"", TEXTS & ~B(FS_TEXT_EMPTY)},
        {"event.s =~ \"^$\"", B(FS_TEXT_EMPTY)},
        {"event.s =~ \"^\"", TEXTS},
        {"event.s =~ \"$\"", TEXTS},
        /* $ matches at the end and before a final newline, in the substring
         * searches of plain expressions as in the regular expressions */
        {"event.s =~ \"line$\"", B(FS_TEXT_NEWLINE)},
        {"event.s =~ \"lin(e)$\"", B(FS_TEXT_NEWLINE)},
        {"event.s =~ \"^line$\"", B(FS_TEXT_NEWLINE)},
        {"event.s =~ \"^lin(e)$\"", B(FS_TEXT_NEWLINE)},
        {"event.s =~ \"^line\\n$\"", B(FS_TEXT_NEWLINE)},
        {"event.s =~ \"^line\\n\"", B(FS_TEXT_NEWLINE)},
        {"event.s =~ \"^line\\n\\n$\"", 0},
        {"event.s == \"line\"", 0},
        {"event.s =~ \"h$\"", B(FS_TEXT_QUOTED) | B(FS_TEXT_SCHED)},
        {"event.s =~ \"^a \"", B(FS_TEXT_QUOTED)},
        {"event.s =~ \"^ a\"", 0},
        {"event.s =~ \"\\t\"", 0},
        {"event.s == 5", 0},
        {"event.s == 5 || event.s == \"\"", B(FS_TEXT_EMPTY)},
        /* enumerations: the integer, and the labels against strings */
        {"event.e == \"ZERO\"", B(FS_TAG_ZERO)},
        {"event.e == \"LOW\"", B(FS_TAG_ZERO)},
        {"event.e == \"HIGH\"", B(FS_TAG_HIGH)},
        {"event.e == \"ONE\"", 0},
        {"event.e != \"LOW\"", B(FS_TAG_HIGH) | B(FS_TAG_NONE)},
        {"event.e =~ \"^(LOW|HIGH)$\"", B(FS_TAG_ZERO) | B(FS_TAG_HIGH)},
        {"event.e =~ \"O\"", B(FS_TAG_ZERO)},
        {"event.e == 9", B(FS_TAG_NONE)},
        {"event.e >= 5", B(FS_TAG_HIGH) | B(FS_TAG_NONE)},
        {"event.e < \"M\"", 0},
        {"event.e == false", B(FS_TAG_ZERO)},
        /* structures: "a.b" */
        {"event.inner.x == 20", B(FS_TAG_HIGH)},
        {"event.inner.x > 10 && event.inner.x < 30", B(FS_TAG_HIGH)},
        {"event.inner == 1", 0},
        {"event.inner.y == 1", 0},
        /* payload fields named like the event's own */
        {"event.fields.name == \"eth0\"", B(FS_NAMED)},
        {"event.name == \"named\"", B(FS_NAMED)},
        {"event.name == \"eth0\"", 0},
        {"event.fields.cpu == 3", B(FS_NAMED)},
        {"event.cpu == 3", 0},
        {"event.cpu >= -1", 0},
        {"!(event.cpu == 3)", ALL},
        /* missing fields: false, and ! of them true */
        {"event.nothing == 1", 0},
        {"event.nothing != 1", 0},
        {"!(event.nothing == 1)", ALL},
        {"event.s == 0 || event.s == \"\"", B(FS_NUM_ZERO) | B(FS_TEXT_EMPTY)},
        /* precedence: ! > comparisons > && > ||, and parentheses */
        {"event.name == \"num\" || event.name == \"text\"", NUMS | TEXTS},
        {"event.name == \"num\" && event.s < 0 || event.name == \"tagged\" && event.e == \"HIGH\"",
         B(FS_NUM_NEG) | B(FS_NUM_MIN) | B(FS_TAG_HIGH)},
        {"event.name == \"num\" && (event.s < 0 || event.name == \"tagged\") && event.u > 1",
         B(FS_NUM_NEG)},
        {"event.s == 0 || event.s == 7 && event.u == 1", B(FS_NUM_ZERO)},
        {"event.u == 0 && event.s == 7 || event.s == -5", B(FS_NUM_NEG)},
        {"(event.s == 0 || event.s == 7) && event.u == 0", B(FS_NUM_ZERO)},
        {"(event.s == 0 || event.s == 7) && event.u != 0", B(FS_NUM_BIG)},
        {"event.s == 7 || event.s == 0 && event.u != 0", B(FS_NUM_BIG)},
        {"!event.name == \"num\"", ALL & ~NUMS},
        {"!!(event.name == \"num\")", NUMS},
        {"! ( event.name == \"num\" || event.name == \"text\" )", TAGS | B(FS_NAMED)},
        {"!(event.name == \"num\") && !(event.name == \"text\")", TAGS | B(FS_NAMED)},
        {"((((event.name =~ \"^t\"))))", TEXTS | TAGS},
        /* trace.name: the trace folder's name when opened itself */
        {"trace.name == \"sample\"", ALL},
        {"trace.name != \"sample\" || event.name == \"named\"", B(FS_NAMED)},
        /* event.time: ns, and time strings relative to the first event */
        {"event.time == \"+0.000003\"", B(FS_NUM_MIN)},
        {"event.time >= \"1700000000.000011\"", B(FS_TAG_NONE) | B(FS_NAMED) | B(FS_TEXT_NEWLINE)},
        {"event.time < 1700000000000003000", B(FS_NUM_NEG) | B(FS_NUM_ZERO)},
        {"event.time == \"22:13:20.000012\"", B(FS_NAMED)},
        {"event.time == \"2023-11-14 22:13:20.000001\"", B(FS_NUM_NEG)},
        {"event.time > 1.7e18", ALL},
        {"event.time > \"+0\" && event.time < \"+0.000002\"", B(FS_NUM_ZERO)},
        /* state fields without a process lookup: unknown; state.cpu is the
         * event's CPU */
        {"state.process.tid >= 0", 0},
        {"!(state.process.name =~ \"\")", ALL},
        {"state.cpu == 0", 0},
};

static void test_sample(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(sample_cases); i++) {
		guint32 got = sample_mask(sample_cases[i].expr);

		if (got != sample_cases[i].mask)
			g_error("%s: matched 0x%03x, expected 0x%03x", sample_cases[i].expr, got,
			        sample_cases[i].mask);
	}
}

/* Time strings in local time: 22:13:20 UTC on 2023-11-14 is 23:13:20 in
 * Paris (UTC+1 in November); numbers and relative times do not change. */
static void test_local_time(void)
{
	g_autofree char *saved = g_strdup(g_getenv("TZ"));

	g_setenv("TZ", "Europe/Paris", TRUE);
	tzset();
	g_assert_cmphex(sample_mask_zone("event.time == \"23:13:20.000012\"", TRUE), ==,
	                B(FS_NAMED));
	g_assert_cmphex(sample_mask_zone("event.time == \"2023-11-14 23:13:20.000001\"", TRUE), ==,
	                B(FS_NUM_NEG));
	g_assert_cmphex(sample_mask_zone("event.time == \"23:13:20.000012\"", FALSE), ==, 0);
	g_assert_cmphex(sample_mask_zone("event.time == \"+0.000003\"", TRUE), ==, B(FS_NUM_MIN));
	g_assert_cmphex(sample_mask_zone("event.time >= \"1700000000.000011\"", TRUE), ==,
	                sample_mask("event.time >= \"1700000000.000011\""));
	if (saved)
		g_setenv("TZ", saved, TRUE);
	else
		g_unsetenv("TZ");
	tzset();
}

/* --- errors --- */

static const struct {
	const char *expr;
	LttvFilterErrorCode code;
	guint column;
	const char *says;
} error_cases[] = {
        {"", LTTV_FILTER_ERROR_SYNTAX, 1, "empty"},
        {"  \t ", LTTV_FILTER_ERROR_SYNTAX, 1, "empty"},
        {"evnt.name == \"x\"", LTTV_FILTER_ERROR_FIELD, 1, "unknown field 'evnt.name'"},
        {"event.name == \"x\" && bogus.f == 1", LTTV_FILTER_ERROR_FIELD, 22, "bogus.f"},
        {"event", LTTV_FILTER_ERROR_FIELD, 1, "incomplete"},
        {"event. == 1", LTTV_FILTER_ERROR_FIELD, 1, "incomplete"},
        {"event..x == 1", LTTV_FILTER_ERROR_FIELD, 1, "incomplete"},
        {"event.a. == 1", LTTV_FILTER_ERROR_FIELD, 1, "incomplete"},
        {"event.fields. == 1", LTTV_FILTER_ERROR_FIELD, 1, "incomplete"},
        {"trace.cpu == 1", LTTV_FILTER_ERROR_FIELD, 1, "trace.name"},
        {"state.process.comm == \"x\"", LTTV_FILTER_ERROR_FIELD, 1, "state.cpu"},
        {"x == 1 && (", LTTV_FILTER_ERROR_FIELD, 1, "unknown field 'x'"},
        {"event.cpu ==", LTTV_FILTER_ERROR_SYNTAX, 13, "end of the expression"},
        {"event.cpu == ", LTTV_FILTER_ERROR_SYNTAX, 14, "expected a value"},
        {"event.cpu", LTTV_FILTER_ERROR_SYNTAX, 10, "expected an operator"},
        {"event.cpu 1", LTTV_FILTER_ERROR_SYNTAX, 11, "found '1'"},
        {"event.cpu == == 1", LTTV_FILTER_ERROR_SYNTAX, 14, "found '=='"},
        {"== 1", LTTV_FILTER_ERROR_SYNTAX, 1, "expected a comparison"},
        {"1 == event.cpu", LTTV_FILTER_ERROR_SYNTAX, 1, "found '1'"},
        {"(event.cpu == 1", LTTV_FILTER_ERROR_SYNTAX, 1, "not closed"},
        {"event.cpu == 1 && ((event.cpu == 1)", LTTV_FILTER_ERROR_SYNTAX, 19, "not closed"},
        {"(event.cpu == 1 event.cpu", LTTV_FILTER_ERROR_SYNTAX, 17, "expected &&, || or ')'"},
        {"event.cpu == 1)", LTTV_FILTER_ERROR_SYNTAX, 15, "without a matching '('"},
        {"()", LTTV_FILTER_ERROR_SYNTAX, 2, "found ')'"},
        {"!", LTTV_FILTER_ERROR_SYNTAX, 2, "end of the expression"},
        {"event.cpu == 1 x", LTTV_FILTER_ERROR_SYNTAX, 16, "expected && or || before 'x'"},
        {"event.cpu == 1 \"x\"", LTTV_FILTER_ERROR_SYNTAX, 16, "before"},
        {"event.cpu == 1 &&", LTTV_FILTER_ERROR_SYNTAX, 18, "end of the expression"},
        {"event.cpu == 1 || || event.cpu == 2", LTTV_FILTER_ERROR_SYNTAX, 19, "found '||'"},
        {"event.cpu == 1 ||| event.cpu == 2", LTTV_FILTER_ERROR_SYNTAX, 18, "'|' alone"},
        {"event.cpu == 1 & event.cpu == 2", LTTV_FILTER_ERROR_SYNTAX, 16, "'&' alone"},
        {"event.cpu = 1", LTTV_FILTER_ERROR_SYNTAX, 11, "'=' alone"},
        {"event.cpu # 1", LTTV_FILTER_ERROR_SYNTAX, 11, "unexpected character '#'"},
        {"event.cpu == 1\x01", LTTV_FILTER_ERROR_SYNTAX, 15, "0x01"},
        {"event.name == \"abc", LTTV_FILTER_ERROR_SYNTAX, 15, "not closed"},
        {"event.name == \"abc\\\"", LTTV_FILTER_ERROR_SYNTAX, 15, "not closed"},
        {"event.name == bash", LTTV_FILTER_ERROR_SYNTAX, 15, "double quotes"},
        {"event.cpu == 0x", LTTV_FILTER_ERROR_VALUE, 14, "0x"},
        {"event.cpu == 0x1ffffffffffffffff", LTTV_FILTER_ERROR_VALUE, 14, "too large"},
        {"event.cpu == 18446744073709551616", LTTV_FILTER_ERROR_VALUE, 14, "too large"},
        {"event.cpu == -9223372036854775809", LTTV_FILTER_ERROR_VALUE, 14, "too large"},
        {"event.cpu == 12ab", LTTV_FILTER_ERROR_SYNTAX, 16, "after a number"},
        {"event.cpu == 1.2.3", LTTV_FILTER_ERROR_SYNTAX, 17, "after a number"},
        {"event.cpu == -", LTTV_FILTER_ERROR_SYNTAX, 14, "unexpected character '-'"},
        {"event.cpu == -.", LTTV_FILTER_ERROR_SYNTAX, 14, "number"},
        {"event.name == 5", LTTV_FILTER_ERROR_VALUE, 15, "'event.name' is text"},
        {"trace.name < 1.5", LTTV_FILTER_ERROR_VALUE, 14, "is text"},
        {"state.process.name == true", LTTV_FILTER_ERROR_VALUE, 23, "is text"},
        {"event.cpu == \"1\"", LTTV_FILTER_ERROR_VALUE, 14, "is a number"},
        {"state.process.pid > \"1\"", LTTV_FILTER_ERROR_VALUE, 21, "is a number"},
        {"event.cpu =~ \"1\"", LTTV_FILTER_ERROR_VALUE, 1, "=~ applies to text"},
        {"event.time =~ \"1\"", LTTV_FILTER_ERROR_VALUE, 1, "=~ applies to text"},
        {"event.name =~ 5", LTTV_FILTER_ERROR_VALUE, 15, "regular expression"},
        {"event.prev_comm =~ 5", LTTV_FILTER_ERROR_VALUE, 20, "regular expression"},
        {"event.name =~ \"(a\"", LTTV_FILTER_ERROR_VALUE, 15, "bad regular expression"},
        {"event.name =~ \"[\"", LTTV_FILTER_ERROR_VALUE, 15, "bad regular expression"},
        {"event.name =~ \"a{2,1}\"", LTTV_FILTER_ERROR_VALUE, 15, "bad regular expression"},
        {"event.time > \"tomorrow\"", LTTV_FILTER_ERROR_VALUE, 14, "tomorrow"},
        {"event.time > \"+\"", LTTV_FILTER_ERROR_VALUE, 14, "time"},
        /* columns count characters, not bytes */
        {"event.name == \"\xc3\xa9\" && x.y == 1", LTTV_FILTER_ERROR_FIELD, 22, "'x.y'"},
        {"\xc3\xa9v == 1", LTTV_FILTER_ERROR_FIELD, 1, "unknown field"},
};

static void test_errors(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(error_cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autofree char *prefix = g_strdup_printf("column %u: ", error_cases[i].column);
		guint column = 0;
		LttvFilter *f = lttv_filter_new(error_cases[i].expr, 0, &column, &error);

		if (f)
			g_error("'%s' compiled", error_cases[i].expr);
		g_assert_nonnull(error);
		g_test_message("%s -> %s", error_cases[i].expr, error->message);
		g_assert_true(error->domain == LTTV_FILTER_ERROR);
		g_assert_cmpint(error->code, ==, error_cases[i].code);
		g_assert_cmpuint(column, ==, error_cases[i].column);
		g_assert_true(g_str_has_prefix(error->message, prefix));
		g_assert_nonnull(strstr(error->message, error_cases[i].says));
	}
}

/* Nesting beyond the limit is an error, not a deep recursion; long
 * flat lists are fine. */
static void test_limits(void)
{
	g_autoptr(GString) deep = g_string_new(NULL), wide = g_string_new(NULL);
	g_autoptr(GString) nots = g_string_new(NULL), ok = g_string_new(NULL);
	g_autoptr(GError) error = NULL;
	guint column = 0;
	LttvFilter *f;

	for (int i = 0; i < 300; i++) {
		g_string_append_c(deep, '(');
		g_string_append_c(nots, '!');
	}
	g_string_append(deep, "event.cpu == 1");
	g_string_append(nots, "event.cpu == 1");
	for (int i = 0; i < 300; i++)
		g_string_append_c(deep, ')');
	f = lttv_filter_new(deep->str, 0, &column, &error);
	g_assert_null(f);
	g_assert_error(error, LTTV_FILTER_ERROR, LTTV_FILTER_ERROR_SYNTAX);
	g_assert_cmpuint(column, ==, 201);
	g_clear_error(&error);
	f = lttv_filter_new(nots->str, 0, &column, &error);
	g_assert_null(f);
	g_assert_cmpuint(column, ==, 201);
	g_clear_error(&error);

	for (int i = 0; i < 100; i++)
		g_string_append(ok, "(!");
	g_string_append(ok, "event.cpu == 1");
	for (int i = 0; i < 100; i++)
		g_string_append_c(ok, ')');
	f = lttv_filter_new(ok->str, 0, NULL, &error);
	g_assert_no_error(error);
	lttv_filter_free(f);

	for (int i = 0; i < 20000; i++)
		g_string_append(wide,
		                i ? " || event.cpu == 1 && event.name != \"x\"" : "event.cpu == 1");
	f = lttv_filter_new(wide->str, 0, NULL, &error);
	g_assert_no_error(error);
	lttv_filter_free(f);
}

static void test_api(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvFilter) f = lttv_filter_new(" event.cpu == 1 ", 0, NULL, &error);
	g_autoptr(LttvFilter) s =
	        lttv_filter_new("event.cpu == 1 || state.process.tid == 3", 0, NULL, &error);
	g_autoptr(LttvFilter) c = lttv_filter_new("state.cpu == 1", 0, NULL, &error);
	LttvFilter *bad;

	g_assert_no_error(error);
	g_assert_cmpstr(lttv_filter_expression(f), ==, " event.cpu == 1 ");
	g_assert_false(lttv_filter_needs_state(f));
	g_assert_true(lttv_filter_needs_state(s));
	g_assert_false(lttv_filter_needs_state(c));
	/* no column asked, no error asked */
	bad = lttv_filter_new("event.cpu ==", 0, NULL, &error);
	g_assert_null(bad);
	g_assert_error(error, LTTV_FILTER_ERROR, LTTV_FILTER_ERROR_SYNTAX);
	g_assert_null(lttv_filter_new("(", 0, NULL, NULL));
	lttv_filter_free(NULL);
}

int main(int argc, char **argv)
{
	int rc;

	tmp_dir = g_dir_make_tmp("lttv-filter-XXXXXX", NULL);
	g_assert_nonnull(tmp_dir);
	sample_dir = g_build_filename(tmp_dir, "sample", NULL);
	g_assert_cmpint(g_mkdir(sample_dir, 0755), ==, 0);
	{
		g_autoptr(GError) error = NULL;

		g_assert_true(filter_sample_write(sample_dir, &error));
	}
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/filter/sample", test_sample);
	g_test_add_func("/filter/local-time", test_local_time);
	g_test_add_func("/filter/errors", test_errors);
	g_test_add_func("/filter/limits", test_limits);
	g_test_add_func("/filter/api", test_api);
	rc = g_test_run();
	{
		g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmp_dir);

		if (system(cmd) != 0)
			rc = 1;
	}
	g_free(sample_dir);
	g_free(tmp_dir);
	return rc;
}
