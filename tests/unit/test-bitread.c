/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Bit-level reads in both byte orders, and the N-bit clock rule. */
#include "ctf/bitread.h"
#include "ctf/decode.h"

#include <glib.h>

static void test_le(void)
{
	/* CTF 1.8 example: compact header 0x7359BD01, id 5 bits, ts 27 bits */
	const uint8_t b[] = {0x01, 0xbd, 0x59, 0x73, 0xff};

	g_assert_cmpuint(ctf_read_bits(b, 0, 5, 0), ==, 1);
	g_assert_cmpuint(ctf_read_bits(b, 5, 27, 0), ==, 60476904);
	g_assert_cmpuint(ctf_read_bits(b, 0, 32, 0), ==, 0x7359BD01u);
	g_assert_cmpuint(ctf_read_bits(b, 4, 8, 0), ==, 0xd0);
	g_assert_cmpuint(ctf_read_bits(b, 3, 33, 0), ==, (0xF7359BD01ull >> 3) & 0x1FFFFFFFFull);
}

static void test_be(void)
{
	const uint8_t b[] = {0xAB, 0xCD, 0xEF, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB};

	g_assert_cmpuint(ctf_read_bits(b, 0, 4, 1), ==, 0xA);
	g_assert_cmpuint(ctf_read_bits(b, 4, 4, 1), ==, 0xB);
	g_assert_cmpuint(ctf_read_bits(b, 0, 16, 1), ==, 0xABCD);
	g_assert_cmpuint(ctf_read_bits(b, 4, 16, 1), ==, 0xBCDE);
	g_assert_cmpuint(ctf_read_bits(b, 0, 64, 1), ==, 0xABCDEF0123456789ull);
	g_assert_cmpuint(ctf_read_bits(b, 4, 64, 1), ==, 0xBCDEF0123456789Aull);
}

static void test_64_unaligned_le(void)
{
	const uint8_t b[] = {0xF0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};

	g_assert_cmpuint(ctf_read_bits(b, 4, 64, 0), ==, UINT64_MAX);
}

static void test_sign(void)
{
	g_assert_cmpint(ctf_sign_extend(0x1F, 5), ==, -1);
	g_assert_cmpint(ctf_sign_extend(0x0F, 5), ==, 15);
	g_assert_cmpint(ctf_sign_extend(UINT64_MAX, 64), ==, -1);
	g_assert_cmpuint(ctf_reverse_bits(0x01, 8), ==, 0x80);
	g_assert_cmpuint(ctf_reverse_bits(0x6, 3), ==, 0x3);
}

static void test_clock_rule(void)
{
	/* CTF 1.8 §6.3: event 4 wraps once */
	uint64_t clock = 1200000000;

	clock = ctf_clock_update(clock, 9, 27);
	g_assert_cmpuint(clock, ==, 1207959561u);
	g_assert_cmpuint(ctf_clock_update(1000000000, 60476904, 27), ==, 1000001000u);
	g_assert_cmpuint(ctf_clock_update(5, 77, 64), ==, 77);
}

/* ctf_find_nul() finds what memchr() finds, on buffers of bytes that
 * trip word-at-a-time tests (0x01 and 0x80 next to a 0x00, 0xff
 * borrows), for every length and every place of the first NUL. */
static void test_find_nul(void)
{
	static const uint8_t alphabet[] = {0x00, 0x01, 0x7f, 0x80, 0x81, 0xff, 'a'};
	GRand *r = g_rand_new_with_seed(42);
	uint8_t buf[48];

	for (guint iter = 0; iter < 200000; iter++) {
		size_t n = (size_t)g_rand_int_range(r, 0, 41);
		guint zeros = (guint)g_rand_int_range(r, 0, 3);

		for (size_t i = 0; i < n; i++)
			buf[i] = alphabet[1 + g_rand_int_range(r, 0, G_N_ELEMENTS(alphabet) - 1)];
		for (guint k = 0; k < zeros && n; k++)
			buf[g_rand_int_range(r, 0, (gint32)n)] = 0;
		g_assert_true(ctf_find_nul(buf, n) == memchr(buf, 0, n));
	}
	g_rand_free(r);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/bitread/le", test_le);
	g_test_add_func("/bitread/be", test_be);
	g_test_add_func("/bitread/64-unaligned", test_64_unaligned_le);
	g_test_add_func("/bitread/sign", test_sign);
	g_test_add_func("/bitread/clock-rule", test_clock_rule);
	g_test_add_func("/bitread/find-nul", test_find_nul);
	return g_test_run();
}
