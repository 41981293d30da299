/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The probes of lttng-tp.h (LTTng-UST 2.13). */
#define LTTNG_UST_TRACEPOINT_CREATE_PROBES
#define LTTNG_UST_TRACEPOINT_DEFINE
#include "lttng-tp.h"
