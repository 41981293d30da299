/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The menubar, its accelerators and the recent trace folders. */
#include "config.h"

#include "gui/app.h"

#include <glib/gi18n.h>
#include <lttv/view.h>

#define RECENT_MAX 10

static void add(GMenu *menu, const char *label, const char *detailed_action)
{
	g_menu_append(menu, label, detailed_action);
}

static GMenu *section(GMenu *menu)
{
	GMenu *s = g_menu_new();

	g_menu_append_section(menu, NULL, G_MENU_MODEL(s));
	g_object_unref(s); /* the menu holds it */
	return s;
}

static GMenuModel *file_menu(GMenu **recent)
{
	GMenu *m = g_menu_new();
	GMenu *s = section(m);

	add(s, _("_Open Trace Folder…"), "win.open");
	add(s, _("_Add Trace to Tab…"), "win.add-trace");
	*recent = g_menu_new();
	g_menu_append_submenu(s, _("Open _Recent"), G_MENU_MODEL(*recent));
	lttv_gui_app_fill_recent(*recent);
	s = section(m);
	add(s, _("New _Tab"), "win.new-tab");
	add(s, _("New _Window"), "app.new-window");
	s = section(m);
	add(s, _("_Export View…"), "win.export-view");
	s = section(m);
	add(s, _("_Close Tab"), "win.close-tab");
	add(s, _("_Quit"), "app.quit");
	return G_MENU_MODEL(m);
}

static GMenuModel *view_menu(void)
{
	GMenu *m = g_menu_new();
	GMenu *s = section(m);

	add(s, _("Zoom _In"), "win.zoom-in");
	add(s, _("Zoom _Out"), "win.zoom-out");
	add(s, _("Zoom to _Fit"), "win.zoom-fit");
	s = section(m);
	add(s, _("_Go to Time…"), "win.goto-time");
	add(s, _("_Previous State Change"), "win.prev-change");
	add(s, _("_Next State Change"), "win.next-change");
	s = section(m);
	add(s, _("_Filter Events…"), "win.filter");
	s = section(m);
	add(s, _("Cancel _History Build"), "win.cancel-history");
	return G_MENU_MODEL(m);
}

static GMenuModel *views_menu(void)
{
	GMenu *m = g_menu_new();
	GMenu *s = section(m);
	g_autoptr(GPtrArray) views = lttv_view_list();

	for (guint i = 0; i < views->len; i++) {
		const LttvViewInfo *v = views->pdata[i];
		g_autofree char *label = g_strdup_printf(_("Insert %s"), _(v->title));
		g_autoptr(GMenuItem) item = g_menu_item_new(label, NULL);

		g_menu_item_set_action_and_target(item, "win.insert-view", "s", v->name);
		g_menu_append_item(s, item);
		if (lttv_gui_app_test_mode())
			lttv_gui_app_test_print("views-menu %u %s", i, v->name);
	}
	if (views->len == 0)
		add(s, _("No view module is loaded"), "win.no-views");
	s = section(m);
	add(s, _("Move View _Up"), "win.view-up");
	add(s, _("Move View _Down"), "win.view-down");
	add(s, _("_Remove View"), "win.view-remove");
	return G_MENU_MODEL(m);
}

static GMenuModel *help_menu(void)
{
	GMenu *m = g_menu_new();

	add(m, _("_Keyboard Shortcuts"), "app.shortcuts");
	add(m, _("_About LTTV"), "app.about");
	return G_MENU_MODEL(m);
}

GMenuModel *lttv_gui_app_build_menubar(GtkApplication *app, GMenu **recent_section)
{
	GMenu *bar = g_menu_new();
	g_autoptr(GMenuModel) file = file_menu(recent_section);
	g_autoptr(GMenuModel) view = view_menu();
	g_autoptr(GMenuModel) views = views_menu();
	g_autoptr(GMenuModel) help = help_menu();

	g_menu_append_submenu(bar, _("_File"), file);
	g_menu_append_submenu(bar, _("_View"), view);
	g_menu_append_submenu(bar, _("V_iews"), views);
	g_menu_append_submenu(bar, _("_Help"), help);
	return G_MENU_MODEL(bar);
}

void lttv_gui_app_set_accels(GtkApplication *app)
{
	static const struct {
		const char *action;
		const char *accels[4];
	} accels[] = {
	        {"win.open", {"<Control>o", NULL}},
	        {"win.add-trace", {"<Control><Shift>o", NULL}},
	        {"win.new-tab", {"<Control>t", NULL}},
	        {"app.new-window", {"<Control>n", NULL}},
	        {"win.close-tab", {"<Control>w", NULL}},
	        {"app.quit", {"<Control>q", NULL}},
	        {"win.export-view", {"<Control>e", NULL}},
	        {"win.zoom-in", {"plus", "KP_Add", "equal", NULL}},
	        {"win.zoom-out", {"minus", "KP_Subtract", NULL}},
	        {"win.zoom-fit", {"0", "KP_0", NULL}},
	        {"win.goto-time", {"<Control>g", NULL}},
	        {"win.filter", {"<Control><Shift>f", NULL}},
	        {"win.prev-change", {"bracketleft", NULL}},
	        {"win.next-change", {"bracketright", NULL}},
	        {"win.view-up", {"<Control><Shift>Up", NULL}},
	        {"win.view-down", {"<Control><Shift>Down", NULL}},
	        {"win.view-remove", {"<Control><Shift>Delete", NULL}},
	        {"app.shortcuts", {"<Control>question", "F1", NULL}},
	};

	for (guint i = 0; i < G_N_ELEMENTS(accels); i++)
		gtk_application_set_accels_for_action(app, accels[i].action, accels[i].accels);
}

static gint recent_newer(gconstpointer a, gconstpointer b)
{
	GtkRecentInfo *ia = *(GtkRecentInfo **)a, *ib = *(GtkRecentInfo **)b;
	time_t ta = gtk_recent_info_get_modified(ia);
	time_t tb = gtk_recent_info_get_modified(ib);

	return ta < tb ? 1 : ta > tb ? -1 : 0;
}

void lttv_gui_app_fill_recent(GMenu *section)
{
	GList *items = gtk_recent_manager_get_items(gtk_recent_manager_get_default());
	g_autoptr(GPtrArray) mine = g_ptr_array_new();
	guint n = 0;

	g_menu_remove_all(section);
	for (GList *l = items; l; l = l->next)
		if (gtk_recent_info_has_application(l->data, "lttv-gui"))
			g_ptr_array_add(mine, l->data);
	g_ptr_array_sort(mine, recent_newer);
	for (guint i = 0; i < mine->len && n < RECENT_MAX; i++) {
		g_autofree char *path =
		        g_filename_from_uri(gtk_recent_info_get_uri(mine->pdata[i]), NULL, NULL);
		g_autoptr(GMenuItem) item = NULL;
		g_autofree char *label = NULL;

		if (!path || !g_file_test(path, G_FILE_TEST_IS_DIR))
			continue;
		g_autofree char *base = g_filename_display_basename(path);
		g_autofree char *dir = g_path_get_dirname(path);
		g_autofree char *dir_name = g_filename_display_name(dir);

		label = g_strdup_printf("%s  (%s)", base, dir_name);
		item = g_menu_item_new(label, NULL);
		g_menu_item_set_action_and_target(item, "win.open-recent", "s", path);
		g_menu_append_item(section, item);
		n++;
	}
	if (n == 0)
		g_menu_append(section, _("No recent trace"), "win.no-recent");
	g_list_free_full(items, (GDestroyNotify)gtk_recent_info_unref);
}

void lttv_gui_app_add_recent(const char *path)
{
	g_autofree char *uri = g_filename_to_uri(path, NULL, NULL);
	GtkRecentData data = {
	        .mime_type = (char *)"inode/directory",
	        .app_name = (char *)"lttv-gui",
	        .app_exec = (char *)"lttv-gui %f",
	};

	if (uri)
		gtk_recent_manager_add_full(gtk_recent_manager_get_default(), uri, &data);
}
