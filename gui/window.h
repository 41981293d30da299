/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The main window: menubar (from the application), toolbar, message bar,
 * a notebook of tabs (window-page.h) and the status bar. */
#ifndef LTTV_GUI_WINDOW_H
#define LTTV_GUI_WINDOW_H

#include "gui/window-page.h"

#include <gtk/gtk.h>
#include <lttv/history.h>

G_BEGIN_DECLS

#define LTTV_GUI_TYPE_WINDOW (lttv_gui_window_get_type())
G_DECLARE_FINAL_TYPE(LttvGuiWindow, lttv_gui_window, LTTV_GUI, WINDOW, GtkApplicationWindow)

LttvGuiWindow *lttv_gui_window_new(GtkApplication *app);
/* Opens the traces under `path` in a new tab (or the current tab when it
 * is empty); a failure is shown in the message bar. */
void lttv_gui_window_open(LttvGuiWindow *win, const char *path);
/* Adds the traces under `path` to the current tab's traceset. */
void lttv_gui_window_add_trace(LttvGuiWindow *win, const char *path);
LttvGuiPage *lttv_gui_window_current_page(LttvGuiWindow *win);
LttvGuiPage *lttv_gui_window_new_page(LttvGuiWindow *win);
void lttv_gui_window_close_page(LttvGuiWindow *win, LttvGuiPage *page);
/* The message bar above the tabs (closed by the user). */
void lttv_gui_window_message(LttvGuiWindow *win, GtkMessageType type, const char *text);
void lttv_gui_window_flash(LttvGuiWindow *win, const char *text);
/* A long job in the status bar, with Cancel (lttv_gui_statusbar_set_job). */
void lttv_gui_window_set_job(LttvGuiWindow *win, const char *text, GCancellable *cancel);
/* Enables the actions that make sense for the current tab. */
void lttv_gui_window_update_actions(LttvGuiWindow *win);

/* window-actions.c: the win.* actions. */
void lttv_gui_window_add_actions(LttvGuiWindow *win);

/* window-nav.c: the nearest change of any thread's value strictly after
 * (forward) or before `from`; FALSE when there is none. */
gboolean lttv_gui_find_state_change(const LttvHistory *h, LttvTime from, gboolean forward,
                                    LttvTime *out);

G_END_DECLS

#endif
