/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The timebar of a tab: an overview strip of the trace's density (from
 * the packet index) with the window highlighted, a scrollbar over the
 * whole trace, and the start / end / width / current-time entries. */
#ifndef LTTV_GUI_TIMEBAR_H
#define LTTV_GUI_TIMEBAR_H

#include <lttv/tab.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LTTV_GUI_TYPE_TIMEBAR (lttv_gui_timebar_get_type())
G_DECLARE_FINAL_TYPE(LttvGuiTimebar, lttv_gui_timebar, LTTV_GUI, TIMEBAR, GtkBox)

GtkWidget *lttv_gui_timebar_new(void);
/* Follows `tab` (a reference is held); call again when its traceset changes. */
void lttv_gui_timebar_set_tab(LttvGuiTimebar *bar, LttvTab *tab);

/* The density of a traceset, bytes per column over
 * [begin, end), from the packet index (no event is read). */
void lttv_gui_density(LttvTraceset *ts, LttvTime begin, LttvTime end, guint cols, double *out);

/* For the GUI tests: prints where the overview and the entries are. */
void lttv_gui_timebar_test_geometry(LttvGuiTimebar *bar);
void lttv_gui_test_print_geometry(const char *name, GtkWidget *w);

G_END_DECLS

#endif
