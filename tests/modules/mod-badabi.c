/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A module built for another ABI version: refused before its init runs. */
#include <lttv/module.h>

static gboolean badabi_init(GError **error)
{
	g_error("the init of a module of another ABI version must not run");
	return FALSE;
}

G_MODULE_EXPORT const LttvModuleDescriptor lttv_module_descriptor = {
        LTTV_MODULE_ABI_VERSION + 998, "test-badabi", "Test: another ABI", NULL, badabi_init, NULL};
