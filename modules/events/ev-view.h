/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event list widget's state, shared by its reading and following of
 * the tab (ev-view.c) and its drawing and input (ev-input.c). */
#ifndef LTTV_EVENTS_EV_VIEW_H
#define LTTV_EVENTS_EV_VIEW_H

#include "ev.h"

G_BEGIN_DECLS

typedef struct {
	LttvTab *tab; /* a reference */
	GtkWidget *box, *area, *scrollbar;
	GtkAdjustment *vadj;
	gboolean adj_updating; /* the adjustment is set by the view itself */
	gulong handlers[6];
	gboolean destroyed;

	EvWorker *worker;
	EvScale *scale; /* of the tab's traceset: positions of the scroll bar */
	guint gen;      /* bumped by every jump */
	EvCache cache;
	guint top; /* the cache's row at the top of the view */
	gboolean fwd_pending, back_pending;
	EvKey fwd_key, back_key; /* where the pending reads start */
	guint64 examined;        /* events read since the jump (progress) */
	double row_bytes;        /* scale bytes per shown row, measured */
	GError *read_error;

	/* the selection: a key (its row may not be read) */
	gboolean have_sel;
	EvKey sel;
	EvKey jump_key;
	gboolean select_on_read; /* select the first row the jump reads */
	gboolean select_last;    /* End: select the last row when read */
	gboolean select_tells_tab;
	guint place_sel;   /* rows to show above the selection once read (0: none) */
	LttvTime own_time; /* the current time this view set (its echo is ignored) */

	/* filter and history */
	char *filter;
	gboolean filter_needs_state;
	gboolean history_wanted, history_ready;
	GError *setup_error;

	EvColumns cols;
	char **trace_names;
	EvPalette pal;
	int resize_col; /* column whose right edge is dragged (-1: none) */
	double resize_x0, resize_w0;
	double scroll_accum;

	EvSearch *search;
} EvView;

guint ev_view_page_rows(EvView *v);
void ev_view_jump(EvView *v, EvKey key, gboolean select);
void ev_view_reload(EvView *v);
gint ev_view_selected_index(EvView *v);
void ev_view_select(EvView *v, guint i, gboolean tell_tab);
void ev_view_show_row(EvView *v, guint i);
void ev_view_scroll_rows(EvView *v, gint delta);
/* Drawing, keyboard, mouse, column resizing, tooltips (ev-input.c). */
void ev_view_attach_input(EvView *v);

G_END_DECLS

#endif
