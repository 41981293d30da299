/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lttv-gui: the GtkApplication (command line, modules, menus, windows). */
#ifndef LTTV_GUI_APP_H
#define LTTV_GUI_APP_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LTTV_GUI_TYPE_APP (lttv_gui_app_get_type())
G_DECLARE_FINAL_TYPE(LttvGuiApp, lttv_gui_app, LTTV_GUI, APP, GtkApplication)

LttvGuiApp *lttv_gui_app_new(void);
/* The modules that failed to load, as one line of text (NULL: none). */
const char *lttv_gui_app_module_problems(LttvGuiApp *app);
/* LTTV_GUI_TEST is set: print progress lines for the GUI tests on stdout. */
gboolean lttv_gui_app_test_mode(void);
void lttv_gui_app_test_print(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* app-menus.c: the menubar model and the accelerators. */
GMenuModel *lttv_gui_app_build_menubar(GtkApplication *app, GMenu **recent_section);
void lttv_gui_app_set_accels(GtkApplication *app);
/* Refills the "Open recent" section from the GtkRecentManager. */
void lttv_gui_app_fill_recent(GMenu *section);
/* Remembers a trace folder in the recent files. */
void lttv_gui_app_add_recent(const char *path);

/* app-dialogs.c: About and the keyboard shortcuts window. */
void lttv_gui_app_show_about(GtkWindow *parent);
void lttv_gui_app_show_shortcuts(GtkWindow *parent);

/* app-modules.c: loads modules, reports failures; --list-modules. */
void lttv_gui_app_load_modules(GString *problems);
int lttv_gui_app_list_modules(void);

G_END_DECLS

#endif
