/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Temporary folders of the unit tests that write traces. */
#ifndef LTTV_TESTS_TMPDIR_H
#define LTTV_TESTS_TMPDIR_H

#include <glib.h>
#include <glib/gstdio.h>

/* Removes path and everything under it. */
static inline void rm_rf(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	const char *name;

	if (d) {
		while ((name = g_dir_read_name(d))) {
			g_autofree char *p = g_build_filename(path, name, NULL);

			rm_rf(p);
		}
		g_dir_close(d);
	}
	g_remove(path);
}

#endif
