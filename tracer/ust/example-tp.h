/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tracepoint provider of lttv-ust-example (doc/tracepoints.md): one
 * event, lttv_example:tick, recorded as
 *
 *   lttv_example:tick: { seq = 41, thread = 2, msg = "tick" }
 *
 * Any file of the program includes this header to call
 * lttv_tracepoint(lttv_example, tick, ...); example-tp.c includes it with
 * LTTV_TRACEPOINT_CREATE_PROBES defined to generate the probe.
 */
#ifndef LTTV_EXAMPLE_TP_H
#define LTTV_EXAMPLE_TP_H

#include <lttv/tracepoint.h>

/* clang-format off */
LTTV_TRACEPOINT_EVENT(lttv_example, tick,
	LTTV_TP_ARGS(uint64_t, seq, unsigned int, thread, const char *, msg),
	LTTV_TP_FIELDS(lttv_field_integer(uint64_t, seq, seq)
	               lttv_field_integer(uint32_t, thread, thread)
	               lttv_field_string(msg, msg)))
/* clang-format on */

#endif
