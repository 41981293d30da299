/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tracepoint provider of the reader benchmark's trace (tests/bench/ust-app).
 *
 * Two event classes, so that a reader resolves field handles per class:
 *   lttv_bench:sample  int, long, short string, sequence of u32 (0-4 items),
 *                      array of 2 u16; the bulk of the trace.
 *   lttv_bench:tick    int and unsigned long; one event in eight.
 */
#undef LTTNG_UST_TRACEPOINT_PROVIDER
#define LTTNG_UST_TRACEPOINT_PROVIDER lttv_bench

#undef LTTNG_UST_TRACEPOINT_INCLUDE
#define LTTNG_UST_TRACEPOINT_INCLUDE "./lttv-bench-tp.h"

#if !defined(LTTV_BENCH_TP_H) || defined(LTTNG_UST_TRACEPOINT_HEADER_MULTI_READ)
#define LTTV_BENCH_TP_H

#include <lttng/tracepoint.h>
#include <stdint.h>

LTTNG_UST_TRACEPOINT_EVENT(
	lttv_bench, sample,
	LTTNG_UST_TP_ARGS(int, i, long, l, const char *, s, const uint32_t *, seq,
	                  unsigned int, n, const uint16_t *, pair),
	LTTNG_UST_TP_FIELDS(
		lttng_ust_field_integer(int, i, i)
		lttng_ust_field_integer(long, l, l)
		lttng_ust_field_string(s, s)
		lttng_ust_field_sequence(uint32_t, seq, seq, unsigned int, n)
		lttng_ust_field_array(uint16_t, pair, pair, 2)
	)
)

LTTNG_UST_TRACEPOINT_EVENT(
	lttv_bench, tick,
	LTTNG_UST_TP_ARGS(int, i, unsigned long, u),
	LTTNG_UST_TP_FIELDS(
		lttng_ust_field_integer(int, i, i)
		lttng_ust_field_integer(unsigned long, u, u)
	)
)

#endif /* LTTV_BENCH_TP_H */

#include <lttng/tracepoint-event.h>
