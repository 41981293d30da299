/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The probes of example-tp.h: exactly one file of the program (or of the
 * shared object) defines LTTV_TRACEPOINT_CREATE_PROBES before including
 * the provider header, and includes nothing before it. */
#define LTTV_TRACEPOINT_CREATE_PROBES
#include "example-tp.h"
