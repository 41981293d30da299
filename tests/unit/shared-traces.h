/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: the shared traces (LTTV_TRACES, else ../shared/traces). */
#ifndef LTTV_TESTS_SHARED_TRACES_H
#define LTTV_TESTS_SHARED_TRACES_H

#include "lttv/traceset.h"

#include <glib.h>
#include <string.h>

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

/* The paths (under the shared traces) of the well-formed traces of
 * expected/index.tsv that babeltrace2 reads. */
static inline GPtrArray *well_formed_traces(void)
{
	g_autofree char *index = trace_path("expected/index.tsv");
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

	g_assert_true(g_file_get_contents(index, &text, NULL, NULL));
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i]; i++) {
		g_auto(GStrv) col = g_strsplit(lines[i], "\t", -1);

		if (lines[i][0] == '#' || g_strv_length(col) < 7)
			continue;
		if (strcmp(col[1], "well-formed") != 0 || strstr(col[6], "error"))
			continue;
		g_ptr_array_add(out, g_strdup(col[0]));
	}
	return out;
}

#endif
