/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter bar of a tab: an entry for the filter expression (with the
 * expressions used before, kept across sessions), a list of the fields
 * the traceset's events have, and the error of an expression that does
 * not compile, pointed at its column.  Only a valid expression reaches
 * the tab's "filter" property. */
#ifndef LTTV_GUI_FILTERBAR_H
#define LTTV_GUI_FILTERBAR_H

#include <gtk/gtk.h>
#include <lttv/tab.h>

G_BEGIN_DECLS

#define LTTV_GUI_TYPE_FILTERBAR (lttv_gui_filterbar_get_type())
G_DECLARE_FINAL_TYPE(LttvGuiFilterbar, lttv_gui_filterbar, LTTV_GUI, FILTERBAR, GtkBox)

GtkWidget *lttv_gui_filterbar_new(void);
/* Follows `tab` (a reference is held); call again when its traceset
 * changes (the field list is rebuilt). */
void lttv_gui_filterbar_set_tab(LttvGuiFilterbar *bar, LttvTab *tab);
/* Puts the keyboard focus in the entry, text selected. */
void lttv_gui_filterbar_focus(LttvGuiFilterbar *bar);
/* Compiles `text` and, when valid, sets it as the tab's filter (empty:
 * none) and remembers it; else shows the error.  TRUE when applied. */
gboolean lttv_gui_filterbar_apply(LttvGuiFilterbar *bar, const char *text);

/* For the GUI tests: prints where the entry is. */
void lttv_gui_filterbar_test_geometry(LttvGuiFilterbar *bar);

G_END_DECLS

#endif
