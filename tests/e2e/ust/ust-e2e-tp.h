/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tracepoint provider of the user-space end-to-end tests
 * (tests/e2e/record-ust.sh): ust-test-app emits these events, ust-check
 * reads them back.
 *
 *   ust_e2e:seq          { seq, thread, check }  per-thread sequence numbers
 *   ust_e2e:sig          { seq, target, check }  from a signal handler
 *   ust_e2e:before_write { index, tid }          right before a write(2)
 *
 * `check` is a hash of the other fields: an event whose bytes were torn or
 * mixed with another's fails it.
 */
#ifndef UST_E2E_TP_H
#define UST_E2E_TP_H

#include "ust-e2e-check.h"

#include <lttv/tracepoint.h>

/* clang-format off */
LTTV_TRACEPOINT_EVENT(ust_e2e, seq,
	LTTV_TP_ARGS(uint64_t, seq, unsigned int, thread),
	LTTV_TP_FIELDS(lttv_field_integer(uint64_t, seq, seq)
	               lttv_field_integer(uint32_t, thread, thread)
	               lttv_field_integer_hex(uint32_t, check,
	                                      ust_e2e_check(seq, thread, UST_E2E_SALT_SEQ))))

LTTV_TRACEPOINT_EVENT(ust_e2e, sig,
	LTTV_TP_ARGS(uint64_t, seq, unsigned int, target),
	LTTV_TP_FIELDS(lttv_field_integer(uint64_t, seq, seq)
	               lttv_field_integer(uint32_t, target, target)
	               lttv_field_integer_hex(uint32_t, check,
	                                      ust_e2e_check(seq, target, UST_E2E_SALT_SIG))))

LTTV_TRACEPOINT_EVENT(ust_e2e, before_write,
	LTTV_TP_ARGS(unsigned int, index, int, tid),
	LTTV_TP_FIELDS(lttv_field_integer(uint32_t, index, index)
	               lttv_field_integer(int32_t, tid, tid)))
/* clang-format on */

#endif
