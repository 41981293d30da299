/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The probes of tp-test-provider.h. */
#define LTTV_TRACEPOINT_CREATE_PROBES
#include "tp-test-provider.h"
