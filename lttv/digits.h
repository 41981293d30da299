/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Decimal digits written by hand (times, the text output): a printf call
 * costs more than the rest of a field. */
#ifndef LTTV_DIGITS_H
#define LTTV_DIGITS_H

#include <stdint.h>

/* Room for any uint64_t in decimal. */
#define LTTV_DIGITS_MAX 20

/* Writes v in decimal just before `end`; returns where the digits begin. */
static inline char *lttv_digits(char *end, uint64_t v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

#endif
