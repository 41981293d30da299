/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lttv-gui`: the GTK trace viewer. */
#include "config.h"

#include "gui/app.h"

#include <glib/gi18n.h>
#include <locale.h>

int main(int argc, char **argv)
{
	g_autoptr(LttvGuiApp) app = NULL;

	setlocale(LC_ALL, "");
	bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
	g_set_prgname("lttv-gui");
	app = lttv_gui_app_new();
	return g_application_run(G_APPLICATION(app), argc, argv);
}
