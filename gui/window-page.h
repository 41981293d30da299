/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One tab page of the window: an LttvTab, its filter bar, its views
 * stacked in resizable panes, and its timebar. */
#ifndef LTTV_GUI_WINDOW_PAGE_H
#define LTTV_GUI_WINDOW_PAGE_H

#include <lttv/view.h>

G_BEGIN_DECLS

#define LTTV_GUI_TYPE_PAGE (lttv_gui_page_get_type())
G_DECLARE_FINAL_TYPE(LttvGuiPage, lttv_gui_page, LTTV_GUI, PAGE, GtkBox)

GtkWidget *lttv_gui_page_new(void);
LttvTab *lttv_gui_page_get_tab(LttvGuiPage *page);
/* The label of the page's notebook tab (the "title" property). */
const char *lttv_gui_page_get_title(LttvGuiPage *page);
gboolean lttv_gui_page_is_empty(LttvGuiPage *page);

/* Opens the traces under `path` (replacing the traceset, or adding to it
 * when `add`), then builds the history in the background.  On an error
 * the page is left as it was. */
gboolean lttv_gui_page_open(LttvGuiPage *page, const char *path, gboolean add, GError **error);

void lttv_gui_page_insert_view(LttvGuiPage *page, const LttvViewInfo *info);
guint lttv_gui_page_n_views(LttvGuiPage *page);
/* The view the user last clicked or focused (NULL: none). */
const LttvViewInfo *lttv_gui_page_focused_view(LttvGuiPage *page, GtkWidget **widget);
void lttv_gui_page_move_focused(LttvGuiPage *page, int delta);
void lttv_gui_page_remove_focused(LttvGuiPage *page);
/* Puts the keyboard focus in the filter bar (when the tab has traces). */
void lttv_gui_page_focus_filter(LttvGuiPage *page);

G_END_DECLS

#endif
