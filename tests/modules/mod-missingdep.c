/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A module depending on a module that does not exist. */
#include <lttv/module.h>

static gboolean missingdep_init(GError **error)
{
	g_error("the init of a module whose dependency is missing must not run");
	return FALSE;
}

static const char *const deps[] = {"test-base", "no-such-module", NULL};
LTTV_MODULE_DEFINE("test-missingdep", "Test: a missing dependency", deps, missingdep_init, NULL);
