/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: the shared traces (LTTV_TRACES, else ../shared/traces). */
#ifndef LTTV_TESTS_SHARED_TRACES_H
#define LTTV_TESTS_SHARED_TRACES_H

#include "lttv/traceset.h"

#include <glib.h>

static inline char *trace_path(const char *rel)
{
	const char *root = g_getenv("LTTV_TRACES");

	return g_build_filename(root ? root : "../shared/traces", rel, NULL);
}

/* Opens a shared trace that must open. */
static inline LttvTraceset *open_ok(const char *rel)
{
	g_autofree char *p = trace_path(rel);
	g_autoptr(GError) error = NULL;
	LttvTraceset *ts = lttv_traceset_open(p, &error);

	g_assert_no_error(error);
	g_assert_nonnull(ts);
	return ts;
}

#endif
