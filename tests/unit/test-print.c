/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lttv_print_scalar(): babeltrace2 2.0's text for every kind of scalar,
 * each number base and every string escape (the conformance suites see
 * only what the shared traces hold). */
#include "lttv/print.h"

#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static char *scalar(LttvValueKind kind, uint64_t u, int base)
{
	LttvValue v = {.kind = kind, .u = u, .base = base, .depth = 1};
	GString *out = g_string_new(NULL);

	lttv_print_scalar(out, &v);
	return g_string_free(out, FALSE);
}

static char *text(LttvValueKind kind, const char *s, size_t len)
{
	LttvValue v = {.kind = kind, .str = s, .len = len, .depth = 1};
	GString *out = g_string_new(NULL);

	lttv_print_scalar(out, &v);
	return g_string_free(out, FALSE);
}

#define CHECK(got, want)                                                                           \
	do {                                                                                       \
		g_autofree char *g_ = (got);                                                       \
		g_assert_cmpstr(g_, ==, (want));                                                   \
	} while (0)

static void test_integers(void)
{
	CHECK(scalar(LTTV_VALUE_UINT, 0, 10), "0");
	CHECK(scalar(LTTV_VALUE_UINT, UINT64_MAX, 10), "18446744073709551615");
	CHECK(scalar(LTTV_VALUE_SINT, (uint64_t)INT64_MIN, 10), "-9223372036854775808");
	CHECK(scalar(LTTV_VALUE_SINT, (uint64_t)-42, 0), "-42");
	CHECK(scalar(LTTV_VALUE_UINT, 0, 16), "0x0");
	CHECK(scalar(LTTV_VALUE_UINT, 0xdeadbeefu, 16), "0xDEADBEEF");
	CHECK(scalar(LTTV_VALUE_UINT, UINT64_MAX, 16), "0xFFFFFFFFFFFFFFFF");
	/* other bases show the field's bits (64 here, no class) */
	CHECK(scalar(LTTV_VALUE_SINT, (uint64_t)-1, 16), "0xFFFFFFFFFFFFFFFF");
	CHECK(scalar(LTTV_VALUE_UINT, 0, 8), "00");
	CHECK(scalar(LTTV_VALUE_UINT, 8, 8), "010");
	CHECK(scalar(LTTV_VALUE_UINT, 5, 2),
	      "0b0000000000000000000000000000000000000000000000000000000000000101");
	CHECK(scalar(LTTV_VALUE_BOOL, 1, 10), "true");
	CHECK(scalar(LTTV_VALUE_BOOL, 0, 10), "false");
	CHECK(scalar(LTTV_VALUE_BITARRAY, 0xa5, 10), "0xA5");
	/* against printf over the whole range */
	for (int i = 0; i < 20000; i++) {
		uint64_t u = (uint64_t)g_test_rand_int() << 32 | (uint32_t)g_test_rand_int();
		char want[64];

		u >>= g_test_rand_int_range(0, 64);
		g_snprintf(want, sizeof want, "%" PRIu64, u);
		CHECK(scalar(LTTV_VALUE_UINT, u, 10), want);
		g_snprintf(want, sizeof want, "%" PRId64, (int64_t)~u);
		CHECK(scalar(LTTV_VALUE_SINT, ~u, 10), want);
		g_snprintf(want, sizeof want, "0x%" PRIX64, u);
		CHECK(scalar(LTTV_VALUE_UINT, u, 16), want);
		g_snprintf(want, sizeof want, "0%" PRIo64, u);
		CHECK(scalar(LTTV_VALUE_UINT, u, 8), want);
	}
}

static void test_strings(void)
{
	static const char all[] = "a\\b'c\"d?e\a\b\x1b\f\n\r\t\v\x01\x7f"
	                          "\xc3\xa9 end";

	CHECK(text(LTTV_VALUE_STRING, "", 0), "\"\"");
	CHECK(text(LTTV_VALUE_STRING, "plain text", 10), "\"plain text\"");
	CHECK(text(LTTV_VALUE_STRING, all, sizeof all - 1),
	      "\"a\\\\b\\'c\\\"d\\?e\\a\\b\\e\\f\\n\\r\\t\\v\\x01\\x7f\xc3\xa9 end\"");
	/* escapes first and last */
	CHECK(text(LTTV_VALUE_STRING, "\n", 1), "\"\\n\"");
	CHECK(text(LTTV_VALUE_STRING, "\tx\t", 3), "\"\\tx\\t\"");
	CHECK(text(LTTV_VALUE_BLOB, "\x00\x9f\xff", 3), "009fff");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/print/integers", test_integers);
	g_test_add_func("/print/strings", test_strings);
	return g_test_run();
}
