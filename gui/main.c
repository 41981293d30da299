/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lttv-gui`: the GTK trace viewer. */
#include "config.h"

#include "gui/app.h"

#include <glib/gi18n.h>
#include <locale.h>

/* Run from the build tree (not installed), with no LTTV_MODULE_PATH: the
 * bundled modules are those of the build tree, not an older installed
 * copy (or none at all). */
static void use_build_tree_modules(void)
{
	g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
	g_autofree char *root = g_strconcat(LTTV_BUILDDIR, "/", NULL);

	if (!exe || !g_str_has_prefix(exe, root) || g_getenv("LTTV_MODULE_PATH"))
		return;
	g_setenv("LTTV_MODULE_PATH", LTTV_BUILD_MODULE_PATH, TRUE);
}

int main(int argc, char **argv)
{
	g_autoptr(LttvGuiApp) app = NULL;

	setlocale(LC_ALL, "");
	bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
	/* Every view draws with cairo into images: no OpenGL.  Without this GDK
	 * probes GLX visuals at start, which loads the GL driver (Mesa's
	 * llvmpipe: 55 MiB of RSS and a slower start) for nothing. */
	g_setenv("GDK_GL", "disable", FALSE);
	g_set_prgname("lttv-gui");
	use_build_tree_modules();
	app = lttv_gui_app_new();
	return g_application_run(G_APPLICATION(app), argc, argv);
}
