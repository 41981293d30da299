/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event list widget's drawing and input: rows of the cache from the
 * top one, a header whose column edges can be dragged, the keyboard
 * (arrows, pages, Home/End, Ctrl+F, F3, Ctrl+C), the mouse and the wheel,
 * tooltips with an event's fields, a context menu. */
#include "ev-view.h"

#include <math.h>

/* --- drawing --- */

static char *status_text(EvView *v)
{
	if (!lttv_tab_get_traceset(v->tab))
		return g_strdup(_("No trace is open."));
	if (v->setup_error)
		return g_strdup_printf(_("The filter cannot be applied: %s"),
		                       v->setup_error->message);
	if (v->read_error)
		return g_strdup_printf(_("Cannot read the trace: %s"), v->read_error->message);
	if (v->filter_needs_state && !v->history_ready && lttv_tab_get_history_error(v->tab) &&
	    !lttv_tab_history_building(v->tab))
		return g_strdup_printf(_("The filter needs the state history, which could not be "
		                         "built: %s"),
		                       lttv_tab_get_history_error(v->tab)->message);
	if (v->filter_needs_state && !v->history_ready)
		return g_strdup_printf(
		        _("Waiting for the state history (%d %%) to apply the filter…"),
		        (int)(lttv_tab_get_history_progress(v->tab) * 100));
	if (v->fwd_pending || v->back_pending) {
		if (v->examined > 100000)
			return g_strdup_printf(
			        _("Reading… %" G_GUINT64_FORMAT " events read for the filter"),
			        v->examined);
		return g_strdup(_("Reading…"));
	}
	return NULL;
}

static gboolean on_draw(GtkWidget *area, cairo_t *cr, EvView *v)
{
	int w = gtk_widget_get_allocated_width(area), h = gtk_widget_get_allocated_height(area);
	g_autoptr(PangoLayout) pl = pango_cairo_create_layout(cr);
	PangoFontDescription *font = pango_font_description_from_string(EV_FONT);
	g_autofree char *status = status_text(v);
	guint len = v->cache.rows->len, page = ev_view_page_rows(v);
	gint sel = ev_view_selected_index(v);
	double y = EV_HEADER_H;

	pango_layout_set_font_description(pl, font);
	pango_font_description_free(font);
	cairo_set_source_rgb(cr, v->pal.bg[0], v->pal.bg[1], v->pal.bg[2]);
	cairo_paint(cr);
	g_autoptr(GString) layout = lttv_view_test_mode() ? g_string_new(NULL) : NULL;

	/* (rows read before a filter that failed are not what it would show) */
	for (guint i = v->top; !v->setup_error && i < len && i <= v->top + page; i++) {
		ev_draw_row(cr, pl, &v->cols, ev_cache_row(&v->cache, i), y, w, i, (gint)i == sel,
		            &v->pal);
		if (layout)
			ev_layout_line(layout, ev_cache_row(&v->cache, i), (int)y, (gint)i == sel);
		y += EV_ROW_H;
	}
	/* GUI tests: the rows on screen, once they are read */
	if (layout && !status)
		lttv_view_test_layout(area, "events", layout);
	if (y < h) {
		const char *end = NULL;

		if (status)
			end = status;
		else if (!len && v->cache.at_start && v->cache.at_end)
			end = v->filter && *v->filter ? _("No event passes the filter.")
			                              : _("No event.");
		else if (v->cache.at_end)
			end = _("End of the trace");
		if (end)
			ev_draw_message(cr, pl, y, w, end, &v->pal);
	}
	ev_draw_header(cr, pl, &v->cols, w, &v->pal);
	if (gtk_widget_has_focus(area)) {
		cairo_set_source_rgba(cr, v->pal.sel_bg[0], v->pal.sel_bg[1], v->pal.sel_bg[2],
		                      0.6);
		cairo_set_line_width(cr, 1);
		cairo_rectangle(cr, 0.5, 0.5, w - 1, h - 1);
		cairo_stroke(cr);
	}
	return TRUE;
}

/* --- selection by keys --- */

static void move_selection(EvView *v, gint delta)
{
	gint i = ev_view_selected_index(v);
	gint64 j;
	guint len = v->cache.rows->len;

	if (!len)
		return;
	if (i < 0) {
		/* no selection in the rows: start from the top one */
		i = (gint)MIN(v->top, len - 1);
		delta = 0;
	}
	j = CLAMP((gint64)i + delta, 0, (gint64)len - 1);
	ev_view_select(v, (guint)j, TRUE);
	ev_view_show_row(v, (guint)j);
}

static void copy_selected(EvView *v)
{
	gint i = ev_view_selected_index(v);
	g_autofree char *text = NULL;

	if (i < 0)
		return;
	text = ev_row_text(&v->cols, ev_cache_row(&v->cache, (guint)i));
	gtk_clipboard_set_text(gtk_widget_get_clipboard(v->area, GDK_SELECTION_CLIPBOARD), text,
	                       -1);
}

static gboolean on_key(GtkWidget *area, GdkEventKey *ev, EvView *v)
{
	guint page = ev_view_page_rows(v);
	gboolean ctrl = (ev->state & GDK_CONTROL_MASK) != 0;

	switch (ev->keyval) {
	case GDK_KEY_Down:
	case GDK_KEY_KP_Down: move_selection(v, 1); return TRUE;
	case GDK_KEY_Up:
	case GDK_KEY_KP_Up: move_selection(v, -1); return TRUE;
	case GDK_KEY_Page_Down:
	case GDK_KEY_KP_Page_Down:
		ev_view_scroll_rows(v, (gint)page);
		move_selection(v, (gint)page);
		return TRUE;
	case GDK_KEY_Page_Up:
	case GDK_KEY_KP_Page_Up:
		ev_view_scroll_rows(v, -(gint)page);
		move_selection(v, -(gint)page);
		return TRUE;
	case GDK_KEY_Home:
	case GDK_KEY_KP_Home:
		ev_view_jump(v, (EvKey){LTTV_TIME_MIN, 0}, TRUE);
		v->select_tells_tab = TRUE;
		return TRUE;
	case GDK_KEY_End:
	case GDK_KEY_KP_End:
		ev_view_jump(v, (EvKey){LTTV_TIME_MAX, 0}, FALSE);
		v->select_last = TRUE;
		return TRUE;
	case GDK_KEY_f:
	case GDK_KEY_F:
		if (!ctrl)
			return FALSE;
		ev_search_show(v->search);
		return TRUE;
	case GDK_KEY_F3: ev_search_step(v->search, !(ev->state & GDK_SHIFT_MASK)); return TRUE;
	case GDK_KEY_c:
	case GDK_KEY_C:
		if (!ctrl)
			return FALSE;
		copy_selected(v);
		return TRUE;
	default: return FALSE;
	}
}

/* --- mouse --- */

/* The column whose right edge is within a few pixels of x (-1: none). */
static int edge_at(EvView *v, double x)
{
	double cx = 0, w = gtk_widget_get_allocated_width(v->area);

	for (int c = 0; c < EV_COL_FIELDS; c++) {
		cx += ev_column_width(&v->cols, c, w);
		if (ev_column_width(&v->cols, c, w) > 0 && fabs(x - cx) <= 4)
			return c;
	}
	return -1;
}

static void on_copy_activate(GtkMenuItem *item, EvView *v)
{
	copy_selected(v);
}

static void on_find_activate(GtkMenuItem *item, EvView *v)
{
	ev_search_show(v->search);
}

static void popup_menu(EvView *v, GdkEvent *ev)
{
	GtkWidget *menu = gtk_menu_new();
	GtkWidget *copy = gtk_menu_item_new_with_label(_("Copy the event"));
	GtkWidget *find = gtk_menu_item_new_with_label(_("Find…"));

	gtk_widget_set_sensitive(copy, ev_view_selected_index(v) >= 0);
	g_signal_connect(copy, "activate", G_CALLBACK(on_copy_activate), v);
	g_signal_connect(find, "activate", G_CALLBACK(on_find_activate), v);
	gtk_menu_shell_append(GTK_MENU_SHELL(menu), copy);
	gtk_menu_shell_append(GTK_MENU_SHELL(menu), find);
	gtk_widget_show_all(menu);
	gtk_menu_attach_to_widget(GTK_MENU(menu), v->area, NULL);
	g_signal_connect(menu, "deactivate", G_CALLBACK(gtk_widget_destroy), NULL);
	gtk_menu_popup_at_pointer(GTK_MENU(menu), ev);
}

static gint row_at(EvView *v, double y)
{
	gint64 i;

	if (y < EV_HEADER_H)
		return -1;
	i = (gint64)v->top + (gint64)((y - EV_HEADER_H) / EV_ROW_H);
	return i < (gint64)v->cache.rows->len ? (gint)i : -1;
}

static gboolean on_press(GtkWidget *area, GdkEventButton *ev, EvView *v)
{
	gint i;

	gtk_widget_grab_focus(area);
	if (ev->type != GDK_BUTTON_PRESS)
		return TRUE;
	if (ev->y < EV_HEADER_H) {
		int c = ev->button == 1 ? edge_at(v, ev->x) : -1;

		if (c >= 0) {
			v->resize_col = c;
			v->resize_x0 = ev->x;
			v->resize_w0 = v->cols.width[c];
		}
		return TRUE;
	}
	i = row_at(v, ev->y);
	if (i >= 0 && (ev->button == 1 || ev->button == 3))
		ev_view_select(v, (guint)i, TRUE);
	if (ev->button == 3)
		popup_menu(v, (GdkEvent *)ev);
	return TRUE;
}

static gboolean on_release(GtkWidget *area, GdkEventButton *ev, EvView *v)
{
	v->resize_col = -1;
	return TRUE;
}

static gboolean on_motion(GtkWidget *area, GdkEventMotion *ev, EvView *v)
{
	GdkWindow *win = gtk_widget_get_window(area);
	gboolean edge = v->resize_col >= 0 || (ev->y < EV_HEADER_H && edge_at(v, ev->x) >= 0);

	if (v->resize_col >= 0) {
		v->cols.width[v->resize_col] = MAX(24, v->resize_w0 + ev->x - v->resize_x0);
		gtk_widget_queue_draw(area);
	}
	if (edge) {
		g_autoptr(GdkCursor) c =
		        gdk_cursor_new_from_name(gtk_widget_get_display(area), "col-resize");

		gdk_window_set_cursor(win, c);
	} else {
		gdk_window_set_cursor(win, NULL);
	}
	return FALSE;
}

static gboolean on_scroll(GtkWidget *area, GdkEventScroll *ev, EvView *v)
{
	gint rows = 0;

	if (ev->direction == GDK_SCROLL_SMOOTH) {
		v->scroll_accum += ev->delta_y * 3;
		rows = (gint)v->scroll_accum;
		v->scroll_accum -= rows;
	} else if (ev->direction == GDK_SCROLL_DOWN) {
		rows = 3;
	} else if (ev->direction == GDK_SCROLL_UP) {
		rows = -3;
	}
	if (rows)
		ev_view_scroll_rows(v, rows);
	return TRUE;
}

static gboolean on_tooltip(GtkWidget *area, int x, int y, gboolean keyboard, GtkTooltip *tip,
                           EvView *v)
{
	gint i = keyboard ? ev_view_selected_index(v) : row_at(v, y);
	const EvRow *row;
	g_autofree char *text = NULL;
	char buf[64];

	/* the fields (often cut) of the row under the pointer */
	if (i < 0 || v->resize_col >= 0 || (!keyboard && x < ev_column_x(&v->cols, EV_COL_FIELDS)))
		return FALSE;
	row = ev_cache_row(&v->cache, (guint)i);
	text = g_strdup_printf("%s  %s\n%s",
	                       ev_cell_text(&v->cols, row, EV_COL_TIME, buf, sizeof buf), row->name,
	                       row->fields ? row->fields : "");
	gtk_tooltip_set_text(tip, text);
	return TRUE;
}

static gboolean on_focus_change(GtkWidget *area, GdkEvent *ev, EvView *v)
{
	gtk_widget_queue_draw(area);
	return FALSE;
}

void ev_view_attach_input(EvView *v)
{
	GtkWidget *a = v->area;

	gtk_widget_set_can_focus(a, TRUE);
	gtk_widget_set_has_tooltip(a, TRUE);
	gtk_widget_add_events(a, GDK_BUTTON_PRESS_MASK | GDK_BUTTON_RELEASE_MASK |
	                                 GDK_POINTER_MOTION_MASK | GDK_SCROLL_MASK |
	                                 GDK_SMOOTH_SCROLL_MASK | GDK_KEY_PRESS_MASK |
	                                 GDK_FOCUS_CHANGE_MASK);
	g_signal_connect(a, "draw", G_CALLBACK(on_draw), v);
	g_signal_connect(a, "key-press-event", G_CALLBACK(on_key), v);
	g_signal_connect(a, "button-press-event", G_CALLBACK(on_press), v);
	g_signal_connect(a, "button-release-event", G_CALLBACK(on_release), v);
	g_signal_connect(a, "motion-notify-event", G_CALLBACK(on_motion), v);
	g_signal_connect(a, "scroll-event", G_CALLBACK(on_scroll), v);
	g_signal_connect(a, "query-tooltip", G_CALLBACK(on_tooltip), v);
	g_signal_connect(a, "focus-in-event", G_CALLBACK(on_focus_change), v);
	g_signal_connect(a, "focus-out-event", G_CALLBACK(on_focus_change), v);
}
