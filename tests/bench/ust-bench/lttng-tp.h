/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The events of tests/bench/ust for LTTng-UST 2.13: the same names, fields
 * and payloads as lttv-tp.h declares for liblttv-ust.
 *
 *   ust_bench:ints  two integers: a 64-bit sequence number, a 32-bit thread index
 *   ust_bench:str   one short string
 */
#undef LTTNG_UST_TRACEPOINT_PROVIDER
#define LTTNG_UST_TRACEPOINT_PROVIDER ust_bench

#undef LTTNG_UST_TRACEPOINT_INCLUDE
#define LTTNG_UST_TRACEPOINT_INCLUDE "./lttng-tp.h"

#if !defined(UST_BENCH_LTTNG_TP_H) || defined(LTTNG_UST_TRACEPOINT_HEADER_MULTI_READ)
#define UST_BENCH_LTTNG_TP_H

#include <lttng/tracepoint.h>
#include <stdint.h>

/* clang-format off */
LTTNG_UST_TRACEPOINT_EVENT(ust_bench, ints,
	LTTNG_UST_TP_ARGS(uint64_t, seq, uint32_t, thread),
	LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, seq, seq)
	                    lttng_ust_field_integer(uint32_t, thread, thread)))

LTTNG_UST_TRACEPOINT_EVENT(ust_bench, str,
	LTTNG_UST_TP_ARGS(const char *, msg),
	LTTNG_UST_TP_FIELDS(lttng_ust_field_string(msg, msg)))
/* clang-format on */

#endif /* UST_BENCH_LTTNG_TP_H */

#include <lttng/tracepoint-event.h>
