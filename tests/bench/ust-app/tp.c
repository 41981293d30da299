/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tracepoint provider of the reader benchmark: the probes themselves. */
#define LTTNG_UST_TRACEPOINT_CREATE_PROBES
#define LTTNG_UST_TRACEPOINT_DEFINE
#include "lttv-bench-tp.h"
