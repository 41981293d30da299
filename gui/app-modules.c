/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading the modules at start and `lttv-gui --list-modules`. */
#include "config.h"

#include "gui/app.h"

#include <glib/gi18n.h>
#include <lttv/module.h>
#include <stdio.h>

static const char *status_name(LttvModuleStatus s)
{
	switch (s) {
	case LTTV_MODULE_LOADED: return _("loaded");
	case LTTV_MODULE_FAILED: return _("failed");
	case LTTV_MODULE_SHADOWED: return _("shadowed");
	}
	return "?";
}

void lttv_gui_app_load_modules(GString *problems)
{
	const GPtrArray *mods;

	lttv_modules_load_all();
	mods = lttv_modules_list();
	for (guint i = 0; mods && i < mods->len; i++) {
		const LttvModuleInfo *m = mods->pdata[i];

		if (m->status != LTTV_MODULE_FAILED)
			continue;
		fprintf(stderr, _("lttv-gui: warning: module %s (%s) was not loaded: %s\n"),
		        m->name, m->path, m->error ? m->error : _("unknown error"));
		if (problems->len)
			g_string_append(problems, "; ");
		g_string_append_printf(problems, "%s (%s)", m->name,
		                       m->error ? m->error : _("unknown error"));
	}
}

/* One module a line: NAME<TAB>STATUS<TAB>PATH<TAB>DESCRIPTION-OR-ERROR. */
int lttv_gui_app_list_modules(void)
{
	const GPtrArray *mods;
	g_auto(GStrv) path = lttv_module_search_path();

	lttv_modules_load_all();
	mods = lttv_modules_list();
	for (guint i = 0; mods && i < mods->len; i++) {
		const LttvModuleInfo *m = mods->pdata[i];
		const char *what = m->status == LTTV_MODULE_LOADED ? m->description : m->error;

		printf("%s\t%s\t%s\t%s\n", m->name, status_name(m->status), m->path,
		       what ? what : "");
	}
	if (!mods || mods->len == 0) {
		g_autofree char *dirs = g_strjoinv(":", path);

		fprintf(stderr, _("lttv-gui: no module found in %s\n"), dirs);
	}
	return 0;
}
