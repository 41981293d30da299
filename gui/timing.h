/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The timings tests/bench/gui reads (LTTV_GUI_TIMING). */
#ifndef LTTV_GUI_TIMING_H
#define LTTV_GUI_TIMING_H

#include <gtk/gtk.h>
#include <lttv/tab.h>

/* Watches a tab's page: first paint, first paint with the complete history. */
void lttv_gui_timing_attach(GtkWidget *widget, LttvTab *tab);

#endif
