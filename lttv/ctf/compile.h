/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef LTTV_CTF_COMPILE_H
#define LTTV_CTF_COMPILE_H

#include "ctf/ir.h"

#include <glib.h>

/* Prepares `tc` for decoding (alignments, key slots, constant sizes).
 * Must run once, after parsing and before any decoding. */
bool ctf_trace_class_compile(CtfTraceClass *tc, GError **error);

#endif
