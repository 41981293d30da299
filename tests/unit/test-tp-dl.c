/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A shared object that tests/unit/test-tracepoint loads with dlopen: a
 * provider of its own, declared, defined and called in this one file. */
#define LTTV_TRACEPOINT_CREATE_PROBES
#include <lttv/tracepoint.h>

LTTV_TRACEPOINT_EVENT(lttv_test_dl, ping, LTTV_TP_ARGS(int32_t, n),
                      LTTV_TP_FIELDS(lttv_field_integer(int32_t, n, n)))

void test_tp_dl_fire(int32_t n);

void test_tp_dl_fire(int32_t n)
{
	lttv_tracepoint(lttv_test_dl, ping, n);
}
