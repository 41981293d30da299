/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The probes of lttv-tp.h (liblttv-ust). */
#define LTTV_TRACEPOINT_CREATE_PROBES
#include "lttv-tp.h"
