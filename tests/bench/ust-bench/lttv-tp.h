/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The events of tests/bench/ust for liblttv-ust: the same names, fields
 * and payloads as lttng-tp.h declares for LTTng-UST.
 *
 *   ust_bench:ints  two integers: a 64-bit sequence number, a 32-bit thread index
 *   ust_bench:str   one short string
 */
#ifndef UST_BENCH_LTTV_TP_H
#define UST_BENCH_LTTV_TP_H

#include <lttv/tracepoint.h>

/* clang-format off */
LTTV_TRACEPOINT_EVENT(ust_bench, ints,
	LTTV_TP_ARGS(uint64_t, seq, uint32_t, thread),
	LTTV_TP_FIELDS(lttv_field_integer(uint64_t, seq, seq)
	               lttv_field_integer(uint32_t, thread, thread)))

LTTV_TRACEPOINT_EVENT(ust_bench, str,
	LTTV_TP_ARGS(const char *, msg),
	LTTV_TP_FIELDS(lttv_field_string(msg, msg)))
/* clang-format on */

#endif
