/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lttv-gui's GtkApplication: the command line (--list-modules and
 * --render run without a display), modules, menus and windows. */
#include "config.h"

#include "gui/app.h"
#include "gui/export.h"
#include "gui/render.h"
#include "gui/window.h"

#include <glib/gi18n.h>
#include <lttv/module.h>
#include <stdarg.h>
#include <stdio.h>

struct _LttvGuiApp {
	GtkApplication parent;
	char **pending;        /* folders of the command line, opened at activation */
	char *module_problems; /* NULL when every module loaded */
	GMenu *recent;
};

G_DEFINE_TYPE(LttvGuiApp, lttv_gui_app, GTK_TYPE_APPLICATION)

gboolean lttv_gui_app_test_mode(void)
{
	static int mode = -1;

	if (mode < 0)
		mode = g_getenv("LTTV_GUI_TEST") != NULL;
	return mode;
}

void lttv_gui_app_test_print(const char *fmt, ...)
{
	va_list ap;

	if (!lttv_gui_app_test_mode())
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

const char *lttv_gui_app_module_problems(LttvGuiApp *app)
{
	return app->module_problems;
}

static const GOptionEntry options[] = {
        {"list-modules", 0, 0, G_OPTION_ARG_NONE, NULL,
         N_("List every module found (name, status, path, description or error) and exit"), NULL},
        {"render", 0, 0, G_OPTION_ARG_STRING, NULL,
         N_("Draw VIEW of the trace to a PNG or SVG file without a display, then exit"),
         N_("VIEW")},
        {"window", 0, 0, G_OPTION_ARG_STRING, NULL,
         N_("With --render: the time window drawn (default: the whole trace)"), N_("T0,T1")},
        {"size", 0, 0, G_OPTION_ARG_STRING, NULL,
         N_("With --render: the picture's size (default: 1200x800)"), N_("WxH")},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, NULL,
         N_("With --render: the file written (.png or .svg; .csv: the view's table)"), N_("FILE")},
        {"selection", 0, 0, G_OPTION_ARG_STRING, NULL,
         N_("With --render: the selected interval (default: none)"), N_("T0,T1")},
        {"current-time", 0, 0, G_OPTION_ARG_STRING, NULL,
         N_("With --render: the current time (default: none shown)"), N_("TIME")},
        {"filter", 0, 0, G_OPTION_ARG_STRING, NULL,
         N_("With --render: the filter expression (doc/filter.md)"), N_("EXPR")},
        {"layout", 0, 0, G_OPTION_ARG_FILENAME, NULL,
         N_("With --render: also write where each row is drawn to FILE"), N_("FILE")},
        {"version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL,
         N_("[TRACE-FOLDER...]")},
        {NULL},
};

static gint app_handle_local_options(GApplication *gapp, GVariantDict *opts)
{
	LttvGuiApp *app = LTTV_GUI_APP(gapp);
	LttvGuiRenderArgs args = {0};
	g_autofree const char **dirs = NULL;

	if (g_variant_dict_contains(opts, "version")) {
		printf("lttv-gui %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (g_variant_dict_contains(opts, "list-modules"))
		return lttv_gui_app_list_modules();
	g_variant_dict_lookup(opts, G_OPTION_REMAINING, "^a&ay", &dirs);
	g_variant_dict_lookup(opts, "render", "&s", &args.view);
	g_variant_dict_lookup(opts, "window", "&s", &args.window);
	g_variant_dict_lookup(opts, "size", "&s", &args.size);
	g_variant_dict_lookup(opts, "output", "^&ay", &args.output);
	g_variant_dict_lookup(opts, "layout", "^&ay", &args.layout);
	g_variant_dict_lookup(opts, "selection", "&s", &args.selection);
	g_variant_dict_lookup(opts, "current-time", "&s", &args.current_time);
	g_variant_dict_lookup(opts, "filter", "&s", &args.filter);
	args.dirs = dirs;
	if (args.view)
		return lttv_gui_render_main(&args);
	if (args.window || args.size || args.output || args.layout || args.selection ||
	    args.current_time || args.filter) {
		fprintf(stderr, _("lttv-gui: --window, --size, --output, --layout, --selection, "
		                  "--current-time and --filter go with --render\n"));
		return 1;
	}
	g_strfreev(app->pending);
	app->pending = NULL;
	if (dirs) {
		GStrvBuilder *b = g_strv_builder_new();

		for (guint i = 0; dirs[i]; i++)
			g_strv_builder_add(b, dirs[i]);
		app->pending = g_strv_builder_end(b);
		g_strv_builder_unref(b);
	}
	return -1; /* go on: register, then activate */
}

static void quit_activated(GSimpleAction *a, GVariant *p, gpointer app)
{
	GList *windows = gtk_application_get_windows(GTK_APPLICATION(app));

	/* destroying the windows first lets the views free their resources */
	while (windows) {
		GList *next = windows->next;

		gtk_widget_destroy(windows->data);
		windows = next;
	}
	g_application_quit(G_APPLICATION(app));
}

static void about_activated(GSimpleAction *a, GVariant *p, gpointer app)
{
	lttv_gui_app_show_about(gtk_application_get_active_window(GTK_APPLICATION(app)));
}

static void shortcuts_activated(GSimpleAction *a, GVariant *p, gpointer app)
{
	lttv_gui_app_show_shortcuts(gtk_application_get_active_window(GTK_APPLICATION(app)));
}

static void new_window_activated(GSimpleAction *a, GVariant *p, gpointer app)
{
	gtk_window_present(GTK_WINDOW(lttv_gui_window_new(GTK_APPLICATION(app))));
}

static const GActionEntry app_actions[] = {
        {"quit", quit_activated, NULL, NULL, NULL},
        {"about", about_activated, NULL, NULL, NULL},
        {"shortcuts", shortcuts_activated, NULL, NULL, NULL},
        {"new-window", new_window_activated, NULL, NULL, NULL},
};

static void recent_changed(GtkRecentManager *m, gpointer data)
{
	LttvGuiApp *app = data;

	lttv_gui_app_fill_recent(app->recent);
}

static void app_startup(GApplication *gapp)
{
	LttvGuiApp *app = LTTV_GUI_APP(gapp);
	g_autoptr(GString) problems = g_string_new(NULL);
	g_autoptr(GMenuModel) menubar = NULL;

	G_APPLICATION_CLASS(lttv_gui_app_parent_class)->startup(gapp);
	g_set_application_name(_("LTTV"));
	gtk_window_set_default_icon_name("lttv-gui");
	gtk_icon_theme_append_search_path(gtk_icon_theme_get_default(), LTTV_ICON_DIR);
	lttv_gui_app_load_modules(problems);
	if (problems->len)
		app->module_problems = g_strdup(problems->str);
	g_action_map_add_action_entries(G_ACTION_MAP(app), app_actions, G_N_ELEMENTS(app_actions),
	                                app);
	menubar = lttv_gui_app_build_menubar(GTK_APPLICATION(app), &app->recent);
	gtk_application_set_menubar(GTK_APPLICATION(app), menubar);
	lttv_gui_app_set_accels(GTK_APPLICATION(app));
	g_signal_connect_object(gtk_recent_manager_get_default(), "changed",
	                        G_CALLBACK(recent_changed), app, 0);
}

static void app_activate(GApplication *gapp)
{
	LttvGuiApp *app = LTTV_GUI_APP(gapp);
	LttvGuiWindow *win = lttv_gui_window_new(GTK_APPLICATION(app));

	for (guint i = 0; app->pending && app->pending[i]; i++)
		lttv_gui_window_open(win, app->pending[i]);
	g_clear_pointer(&app->pending, g_strfreev);
	gtk_window_present(GTK_WINDOW(win));
}

static void app_shutdown(GApplication *gapp)
{
	G_APPLICATION_CLASS(lttv_gui_app_parent_class)->shutdown(gapp);
	/* before the modules go: an export runs their code */
	lttv_gui_export_shutdown();
	lttv_modules_unload_all();
}

static void app_finalize(GObject *obj)
{
	LttvGuiApp *app = LTTV_GUI_APP(obj);

	g_strfreev(app->pending);
	g_free(app->module_problems);
	g_clear_object(&app->recent);
	G_OBJECT_CLASS(lttv_gui_app_parent_class)->finalize(obj);
}

static void lttv_gui_app_class_init(LttvGuiAppClass *klass)
{
	GApplicationClass *ac = G_APPLICATION_CLASS(klass);

	G_OBJECT_CLASS(klass)->finalize = app_finalize;
	ac->handle_local_options = app_handle_local_options;
	ac->startup = app_startup;
	ac->activate = app_activate;
	ac->shutdown = app_shutdown;
}

static void lttv_gui_app_init(LttvGuiApp *app)
{
	GOptionEntry entries[G_N_ELEMENTS(options)];

	/* the descriptions are translated at run time */
	for (guint i = 0; i < G_N_ELEMENTS(options); i++) {
		entries[i] = options[i];
		if (entries[i].description)
			entries[i].description = _(entries[i].description);
		if (entries[i].arg_description)
			entries[i].arg_description = _(entries[i].arg_description);
	}
	g_application_add_main_option_entries(G_APPLICATION(app), entries);
	g_application_set_option_context_summary(
	        G_APPLICATION(app),
	        _("The LTTV trace viewer: each TRACE-FOLDER opens in a tab (a folder holding "
	          "several\n"
	          "traces, such as an LTTng session with kernel/ and ust/, opens as one "
	          "traceset).\n"
	          "\n"
	          "Headless rendering:\n"
	          "  lttv-gui --render VIEW [--window T0,T1] [--size WxH] -o FILE.png|FILE.svg\n"
	          "           [--layout FILE.txt] TRACE-FOLDER\n"
	          "Times: SECONDS.NS since the epoch, HH:MM:SS.NS, YYYY-MM-DD HH:MM:SS.NS or\n"
	          "+SECONDS.NS after the trace's beginning."));
}

LttvGuiApp *lttv_gui_app_new(void)
{
	return g_object_new(LTTV_GUI_TYPE_APP, "application-id", "org.lttv.Gui", "flags",
	                    G_APPLICATION_NON_UNIQUE, NULL);
}
