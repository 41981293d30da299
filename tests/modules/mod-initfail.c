/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A module whose init fails with a GError. */
#include <gio/gio.h>
#include <lttv/module.h>

static gboolean initfail_init(GError **error)
{
	g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "no frobnicator on this machine");
	return FALSE;
}

LTTV_MODULE_DEFINE("test-initfail", "Test: init fails", NULL, initfail_init, NULL);
