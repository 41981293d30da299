/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The time syntax and time formatting. */
#include "lttv/error.h"
#include "lttv/time.h"

#include <inttypes.h>
#include <stdlib.h>
#include <time.h>

static void test_parse_seconds(void)
{
	LttvTime t;
	g_autoptr(GError) error = NULL;

	g_assert_true(lttv_time_parse("1497552690.937252046", 0, FALSE, &t, &error));
	g_assert_no_error(error);
	g_assert_cmpint(t, ==, INT64_C(1497552690937252046));
	g_assert_true(lttv_time_parse("12.5", 0, FALSE, &t, NULL));
	g_assert_cmpint(t, ==, INT64_C(12500000000));
	g_assert_true(lttv_time_parse("7", 0, FALSE, &t, NULL));
	g_assert_cmpint(t, ==, INT64_C(7000000000));
	g_assert_true(lttv_time_parse("-1.5", 0, FALSE, &t, NULL));
	g_assert_cmpint(t, ==, INT64_C(-1500000000));
}

static void test_parse_relative(void)
{
	LttvTime t;

	g_assert_true(lttv_time_parse("+1.000000002", INT64_C(1000), FALSE, &t, NULL));
	g_assert_cmpint(t, ==, INT64_C(1000001002));
	g_assert_true(lttv_time_parse("+0", INT64_C(42), FALSE, &t, NULL));
	g_assert_cmpint(t, ==, 42);
}

static void test_parse_clock(void)
{
	LttvTime t;
	/* 2017-06-15 18:51:30.937252046 UTC */
	LttvTime origin = INT64_C(1497552690937252046);

	g_assert_true(lttv_time_parse("22:14:38.000000123", origin, FALSE, &t, NULL));
	/* same day, 22:14:38 UTC = 1497564878 */
	g_assert_cmpint(t, ==, INT64_C(1497564878000000123));
	g_assert_true(lttv_time_parse("2017-06-15 22:14:38.5", 0, FALSE, &t, NULL));
	g_assert_cmpint(t, ==, INT64_C(1497564878500000000));
}

static void test_parse_errors(void)
{
	static const char *const bad[] = {"",
	                                  "abc",
	                                  "1.2.3",
	                                  "25:00:00",
	                                  "12:61:00",
	                                  "1.0000000001",
	                                  "+",
	                                  "2017-13-01 00:00:00",
	                                  "99999999999999999999",
	                                  "1x"};

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		LttvTime t;
		g_autoptr(GError) error = NULL;

		g_assert_false(lttv_time_parse(bad[i], 0, FALSE, &t, &error));
		g_assert_error(error, LTTV_ERROR, LTTV_ERROR_ARGUMENT);
	}
}

static void test_format(void)
{
	char buf[64];

	g_assert_cmpstr(lttv_time_format_seconds(INT64_C(1497552690937252046), buf, sizeof buf), ==,
	                "1497552690.937252046");
	g_assert_cmpstr(lttv_time_format_seconds(-1, buf, sizeof buf), ==, "-0.000000001");
	g_assert_cmpstr(lttv_time_format_seconds(-INT64_C(1500000000), buf, sizeof buf), ==,
	                "-1.500000000");
	g_assert_cmpstr(
	        lttv_time_format_clock(INT64_C(1497564878000000123), FALSE, buf, sizeof buf), ==,
	        "22:14:38.000000123");
	g_assert_cmpstr(lttv_time_format_date(INT64_C(1497564878000000123), FALSE, buf, sizeof buf),
	                ==, "2017-06-15 22:14:38.000000123");
	g_assert_cmpstr(lttv_time_format_seconds(0, buf, sizeof buf), ==, "0.000000000");
	g_assert_cmpstr(lttv_time_format_seconds(INT64_MAX, buf, sizeof buf), ==,
	                "9223372036.854775807");
	g_assert_cmpstr(lttv_time_format_seconds(INT64_MIN, buf, sizeof buf), ==,
	                "-9223372036.854775808");
	/* cut as snprintf cuts */
	g_assert_cmpstr(lttv_time_format_seconds(INT64_C(1497552690937252046), buf, 6), ==,
	                "14975");
	g_assert_cmpstr(lttv_time_format_clock(INT64_C(1497564878000000123), FALSE, buf, 9), ==,
	                "22:14:38");
	/* the same second again, the next one, and local time in between
	 * (the last second's fields are kept) */
	g_assert_cmpstr(
	        lttv_time_format_clock(INT64_C(1497564878999999999), FALSE, buf, sizeof buf), ==,
	        "22:14:38.999999999");
	g_assert_cmpstr(
	        lttv_time_format_clock(INT64_C(1497564879000000000), FALSE, buf, sizeof buf), ==,
	        "22:14:39.000000000");
	{
		time_t tt = 1497564879;
		struct tm tm;
		char want[64];

		localtime_r(&tt, &tm);
		g_snprintf(want, sizeof want, "%02d:%02d:%02d.000000005", tm.tm_hour, tm.tm_min,
		           tm.tm_sec);
		g_assert_cmpstr(
		        lttv_time_format_clock(INT64_C(1497564879000000005), TRUE, buf, sizeof buf),
		        ==, want);
	}
	g_assert_cmpstr(
	        lttv_time_format_clock(INT64_C(1497564879000000005), FALSE, buf, sizeof buf), ==,
	        "22:14:39.000000005");
	/* against printf, on times spread over the whole range */
	for (int i = 0; i < 100000; i++) {
		int64_t t = (int64_t)((uint64_t)(uint32_t)g_test_rand_int() << 32 |
		                      (uint32_t)g_test_rand_int());
		uint64_t u = t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;
		char want[64];

		g_snprintf(want, sizeof want, "%s%" PRIu64 ".%09" PRIu64, t < 0 ? "-" : "",
		           u / 1000000000u, u % 1000000000u);
		g_assert_cmpstr(lttv_time_format_seconds(t, buf, sizeof buf), ==, want);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/time/parse/seconds", test_parse_seconds);
	g_test_add_func("/time/parse/relative", test_parse_relative);
	g_test_add_func("/time/parse/clock", test_parse_clock);
	g_test_add_func("/time/parse/errors", test_parse_errors);
	g_test_add_func("/time/format", test_format);
	return g_test_run();
}
