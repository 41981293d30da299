/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The window's status bar: messages, and the history build of the
 * current tab (a progress bar with Cancel, or its error with Retry). */
#ifndef LTTV_GUI_STATUSBAR_H
#define LTTV_GUI_STATUSBAR_H

#include <gtk/gtk.h>
#include <lttv/tab.h>

G_BEGIN_DECLS

#define LTTV_GUI_TYPE_STATUSBAR (lttv_gui_statusbar_get_type())
G_DECLARE_FINAL_TYPE(LttvGuiStatusbar, lttv_gui_statusbar, LTTV_GUI, STATUSBAR, GtkBox)

GtkWidget *lttv_gui_statusbar_new(void);
/* Follows the history of `tab` (NULL: none). */
void lttv_gui_statusbar_set_tab(LttvGuiStatusbar *sb, LttvTab *tab);
/* Shows `text` for a few seconds instead of the tab's state. */
void lttv_gui_statusbar_flash(LttvGuiStatusbar *sb, const char *text);
/* A long job of the window (an export): while set, `text` with a pulsing
 * progress bar and a Cancel button that cancels `cancel`, instead of the
 * tab's state; text NULL ends it.  Call again to update the text. */
void lttv_gui_statusbar_set_job(LttvGuiStatusbar *sb, const char *text, GCancellable *cancel);

G_END_DECLS

#endif
