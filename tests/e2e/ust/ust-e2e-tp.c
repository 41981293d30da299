/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The probes of ust-e2e-tp.h (doc/tracepoints.md §2). */
#define LTTV_TRACEPOINT_CREATE_PROBES
#include "ust-e2e-tp.h"
