/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading integers of 1..64 bits at any bit position, in either byte
 * order (CTF 1.8 §4.1): little endian fills bytes from bit 0 upward, big
 * endian from bit 7 downward.  The caller guarantees that bits
 * [pos, pos + len) lie inside the buffer; nothing past the byte holding
 * the last bit is read.
 */
#ifndef LTTV_CTF_BITREAD_H
#define LTTV_CTF_BITREAD_H

#include <stdint.h>
#include <string.h>

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CTF_HOST_LE 1
#else
#define CTF_HOST_LE 0
#endif

static inline uint64_t ctf_mask(unsigned len)
{
	return len >= 64 ? UINT64_MAX : (UINT64_C(1) << len) - 1;
}

/* Byte-aligned 8/16/32/64-bit fast path; returns 0 and sets *ok = 0 when
 * not applicable. */
static inline uint64_t ctf_read_aligned(const uint8_t *p, unsigned len, int be)
{
	switch (len) {
	case 8:
		return p[0];
	case 16: {
		uint16_t v;

		memcpy(&v, p, 2);
		return (be != !CTF_HOST_LE) ? __builtin_bswap16(v) : v;
	}
	case 32: {
		uint32_t v;

		memcpy(&v, p, 4);
		return (be != !CTF_HOST_LE) ? __builtin_bswap32(v) : v;
	}
	default: {
		uint64_t v;

		memcpy(&v, p, 8);
		return (be != !CTF_HOST_LE) ? __builtin_bswap64(v) : v;
	}
	}
}

static inline uint64_t ctf_read_bits(const uint8_t *buf, uint64_t pos, unsigned len, int be)
{
	const uint8_t *p = buf + (pos >> 3);
	unsigned off = (unsigned)(pos & 7);
	unsigned nbytes;
	unsigned __int128 acc = 0;

	if (off == 0 && (len == 8 || len == 16 || len == 32 || len == 64))
		return ctf_read_aligned(p, len, be);
	nbytes = (off + len + 7) >> 3;
	if (!be) {
		for (unsigned i = nbytes; i-- > 0;)
			acc = (acc << 8) | p[i];
		return (uint64_t)(acc >> off) & ctf_mask(len);
	}
	for (unsigned i = 0; i < nbytes; i++)
		acc = (acc << 8) | p[i];
	return (uint64_t)(acc >> (nbytes * 8 - off - len)) & ctf_mask(len);
}

static inline int64_t ctf_sign_extend(uint64_t v, unsigned len)
{
	if (len >= 64)
		return (int64_t)v;
	if (v & (UINT64_C(1) << (len - 1)))
		return (int64_t)(v | ~ctf_mask(len));
	return (int64_t)v;
}

static inline uint64_t ctf_reverse_bits(uint64_t v, unsigned len)
{
	uint64_t r = 0;

	for (unsigned i = 0; i < len; i++)
		if (v & (UINT64_C(1) << i))
			r |= UINT64_C(1) << (len - 1 - i);
	return r;
}

/* The first NUL of p[0, n), NULL when none: memchr(), but a string of
 * less than 16 bytes (most in traces) is found in two word tests, before
 * memchr()'s vector set-up, which costs more than the search then. */
static inline const uint8_t *ctf_find_nul(const uint8_t *p, size_t n)
{
#if CTF_HOST_LE
	if (n >= 16) {
		const uint64_t ones = UINT64_C(0x0101010101010101), highs = ones << 7;
		uint64_t w, z;

		memcpy(&w, p, 8);
		/* a bit set in the first zero byte (and maybe above it) */
		z = (w - ones) & ~w & highs;
		if (z)
			return p + (__builtin_ctzll(z) >> 3);
		memcpy(&w, p + 8, 8);
		z = (w - ones) & ~w & highs;
		if (z)
			return p + 8 + (__builtin_ctzll(z) >> 3);
		return memchr(p + 16, 0, n - 16);
	}
#endif
	return memchr(p, 0, n);
}

#endif
