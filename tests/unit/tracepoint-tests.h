/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the two files of tests/unit/test-tracepoint share. */
#ifndef LTTV_TESTS_TEST_TRACEPOINT_H
#define LTTV_TESTS_TEST_TRACEPOINT_H

#include "tracer/ust/tracepoint-runtime.h"

#include "tp-test-provider.h"

#include <glib.h>

/* A new memory backend of `capacity` bytes, installed, with `patterns`
 * enabled (and nothing else). */
LttvTpMemBackend *tp_start(const char *patterns, gsize capacity);
/* Uninstalls the backend (its records can then be read) and forgets the
 * rules. */
void tp_stop(void);

/* test-tracepoint-ctf.c: the events through the CTF writer, read back. */
void tp_add_ctf_tests(void);

#endif
