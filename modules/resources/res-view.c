/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The resource view widget: the names column on the left (groups that
 * collapse with a click or the keyboard), the time line on the right
 * (the control flow view's navigation), one vertical scroll bar for
 * both.  Both sides are drawn with cairo from the same rows, as the
 * headless rendering draws them. */
#include "resources.h"

#include <gdk/gdkkeysyms.h>

typedef struct {
	LttvTab *tab; /* a reference */
	GtkWidget *box, *names, *area, *status, *unused;
	GtkAdjustment *vadj;
	LttvTimelineController *ctl;
	LttvHistory *history; /* the tab's, for which the items were made */
	GArray *items;        /* of ResItem */
	GPtrArray *shown;     /* of ResItem *, into items */
	int cursor;           /* index into shown, -1: none */
	char *cursor_key;     /* the cursor's item, kept across rebuilds */
	gulong history_handler, progress_handler;
	gboolean destroyed;
} ResView;

static const double ruler_h = LTTV_TIMELINE_RULER_HEIGHT;

static void redraw(ResView *v)
{
	gtk_widget_queue_draw(v->names);
	gtk_widget_queue_draw(v->area);
}

/* The scroll range: every shown row, a page of what fits. */
static void update_adjustment(ResView *v)
{
	double page = MAX(1, gtk_widget_get_allocated_height(v->area) - ruler_h);
	double upper = v->shown ? (double)v->shown->len * RES_ROW_H : 0;

	gtk_adjustment_configure(v->vadj,
	                         CLAMP(gtk_adjustment_get_value(v->vadj), 0, MAX(0, upper - page)),
	                         0, MAX(upper, page), RES_ROW_H, page * 0.9, page);
}

/* The shown items again (a group toggled, the history grew...), the
 * cursor kept on its item. */
static void refresh_shown(ResView *v)
{
	g_clear_pointer(&v->shown, g_ptr_array_unref);
	v->cursor = -1;
	if (v->items) {
		v->shown = res_items_shown(v->tab, v->items);
		for (guint i = 0; v->cursor_key && i < v->shown->len; i++) {
			g_autofree char *key = res_item_key(v->shown->pdata[i]);

			if (g_str_equal(key, v->cursor_key))
				v->cursor = (int)i;
		}
	}
	update_adjustment(v);
	redraw(v);
}

static void fill_items(ResView *v)
{
	g_clear_pointer(&v->shown, g_ptr_array_unref);
	g_clear_pointer(&v->items, g_array_unref);
	v->history = lttv_tab_get_history(v->tab);
	if (v->history)
		v->items = res_items_new(v->history, lttv_tab_get_traceset(v->tab));
	refresh_shown(v);
}

static void set_cursor(ResView *v, int i)
{
	double top, page = gtk_adjustment_get_page_size(v->vadj);

	if (!v->shown || v->shown->len == 0)
		return;
	i = CLAMP(i, 0, (int)v->shown->len - 1);
	v->cursor = i;
	g_free(v->cursor_key);
	v->cursor_key = res_item_key(v->shown->pdata[i]);
	/* keep it in view */
	top = gtk_adjustment_get_value(v->vadj);
	if (i * RES_ROW_H < top)
		gtk_adjustment_set_value(v->vadj, i * RES_ROW_H);
	else if ((i + 1) * RES_ROW_H > top + page)
		gtk_adjustment_set_value(v->vadj, (i + 1) * RES_ROW_H - page);
	redraw(v);
}

static void toggle(ResView *v, const ResItem *it, gboolean collapse)
{
	if (it->type == RES_ITEM_RESOURCE || res_collapsed(v->tab, it) == collapse)
		return;
	res_set_collapsed(v->tab, it, collapse);
	refresh_shown(v);
}

/* The shown row at y of either area (-1: none). */
static int row_at(ResView *v, double y)
{
	double r = (y - ruler_h + gtk_adjustment_get_value(v->vadj)) / RES_ROW_H;

	if (y < ruler_h || !v->shown || r < 0 || r >= v->shown->len)
		return -1;
	return (int)r;
}

/* --- drawing --- */

static double rows_top(ResView *v)
{
	return ruler_h - gtk_adjustment_get_value(v->vadj);
}

static gboolean on_names_draw(GtkWidget *w, cairo_t *cr, ResView *v)
{
	int width = gtk_widget_get_allocated_width(w), height = gtk_widget_get_allocated_height(w);

	cairo_set_source_rgb(cr, 0.1, 0.1, 0.11);
	cairo_paint(cr);
	if (v->shown && v->history == lttv_tab_get_history(v->tab)) {
		cairo_save(cr);
		cairo_rectangle(cr, 0, ruler_h, width, height - ruler_h);
		cairo_clip(cr);
		res_draw_names(cr, 0, rows_top(v), width, RES_ROW_H,
		               (const ResItem *const *)v->shown->pdata, v->shown->len, v->cursor,
		               gtk_widget_has_focus(w));
		cairo_restore(cr);
	}
	res_draw_names_header(cr, width, ruler_h);
	return TRUE;
}

static gboolean on_area_draw(GtkWidget *area, cairo_t *cr, ResView *v)
{
	int w = gtk_widget_get_allocated_width(area),
	    height = gtk_widget_get_allocated_height(area);
	LttvTime t0, t1;

	lttv_tab_get_time_window(v->tab, &t0, &t1);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_paint(cr);
	if (!v->history || v->history != lttv_tab_get_history(v->tab)) {
		const GError *e = lttv_tab_get_history_error(v->tab);
		g_autofree char *msg = NULL;

		if (!lttv_tab_get_traceset(v->tab))
			msg = g_strdup(_("No trace is open."));
		else if (e && !lttv_tab_history_building(v->tab))
			msg = g_strdup_printf(_("The state history could not be built:\n%s"),
			                      e->message);
		else
			msg = g_strdup_printf(_("Building the state history… %d %%"),
			                      (int)(lttv_tab_get_history_progress(v->tab) * 100));
		res_draw_message(cr, 0, ruler_h, w, height - ruler_h, msg);
	} else if (v->shown) {
		ResDrawParams p = {.t0 = t0, .t1 = t1, .x = 0, .w = w, .row_h = RES_ROW_H};

		cairo_save(cr);
		cairo_rectangle(cr, 0, ruler_h, w, height - ruler_h);
		cairo_clip(cr);
		res_draw_rows(cr, v->history, (const ResItem *const *)v->shown->pdata,
		              v->shown->len, rows_top(v), &p);
		cairo_restore(cr);
		if (lttv_view_test_mode()) {
			/* GUI tests: the rows on screen, as render()'s layout */
			g_autoptr(GString) layout = g_string_new(NULL);
			double top = rows_top(v);

			for (guint i = 0; i < v->shown->len; i++) {
				const ResItem *it = v->shown->pdata[i];
				int y0 = (int)(top + i * RES_ROW_H);

				if (y0 + RES_ROW_H > ruler_h && y0 < height)
					res_layout_line(layout, it, !it->collapsed, y0,
					                y0 + RES_ROW_H, 0, w);
			}
			lttv_view_test_layout(area, "resources", layout);
		}
	}
	lttv_timeline_draw_ruler(cr, 0, 0, w, ruler_h, t0, t1);
	lttv_timeline_draw_tab_marks(cr, 0, ruler_h, w, height - ruler_h, v->tab);
	return TRUE;
}

/* --- tooltips --- */

static gboolean on_area_tooltip(GtkWidget *area, int x, int y, gboolean keyboard, GtkTooltip *tip,
                                ResView *v)
{
	int i;
	g_autofree char *text = NULL;

	if (keyboard || !v->history || v->history != lttv_tab_get_history(v->tab) ||
	    lttv_timeline_controller_dragging(v->ctl))
		return FALSE;
	i = row_at(v, y);
	if (i < 0)
		return FALSE;
	text = res_state_text(v->history, v->shown->pdata[i],
	                      lttv_timeline_controller_time_at(v->ctl, x));
	if (!text)
		return FALSE;
	gtk_tooltip_set_markup(tip, text);
	return TRUE;
}

static gboolean on_names_tooltip(GtkWidget *w, int x, int y, gboolean keyboard, GtkTooltip *tip,
                                 ResView *v)
{
	int i = keyboard ? v->cursor : row_at(v, y);
	const ResItem *it;
	g_autofree char *label = NULL;
	g_autofree char *text = NULL;

	if (i < 0 || !v->shown || (guint)i >= v->shown->len)
		return FALSE;
	it = v->shown->pdata[i];
	label = g_markup_escape_text(it->label, -1);
	if (it->type == RES_ITEM_RESOURCE)
		text = g_strdup_printf(_("<b>%s</b> %s\n%s"), label, it->detail,
		                       it->used ? _("Active in the trace")
		                                : _("Never active in the trace"));
	else
		text = g_strdup_printf(_("<b>%s</b>: %u resources, %u active\n"
		                         "Click, Enter or ←/→: collapse or expand"),
		                       label, it->n_rows, it->n_used);
	gtk_tooltip_set_markup(tip, text);
	return TRUE;
}

/* --- input on the names column --- */

static gboolean on_names_press(GtkWidget *w, GdkEventButton *ev, ResView *v)
{
	int i = row_at(v, ev->y);

	gtk_widget_grab_focus(w);
	if (ev->type != GDK_BUTTON_PRESS || ev->button != 1 || i < 0)
		return FALSE;
	set_cursor(v, i);
	if (((ResItem *)v->shown->pdata[i])->type != RES_ITEM_RESOURCE) {
		const ResItem *it = v->shown->pdata[i];

		toggle(v, it, !res_collapsed(v->tab, it));
	}
	return TRUE;
}

static gboolean on_names_scroll(GtkWidget *w, GdkEventScroll *ev, ResView *v)
{
	double dy = 0, dx;

	if (ev->direction == GDK_SCROLL_UP)
		dy = -1;
	else if (ev->direction == GDK_SCROLL_DOWN)
		dy = 1;
	else if (ev->direction == GDK_SCROLL_SMOOTH)
		gdk_event_get_scroll_deltas((GdkEvent *)ev, &dx, &dy);
	gtk_adjustment_set_value(v->vadj, gtk_adjustment_get_value(v->vadj) + dy * 3 * RES_ROW_H);
	return TRUE;
}

/* The header a row belongs to (itself for a header), -1 at the top. */
static int parent_of(ResView *v, int i)
{
	const ResItem *it = v->shown->pdata[i];
	ResItemType want = it->type == RES_ITEM_RESOURCE ? RES_ITEM_GROUP : RES_ITEM_TRACE;

	if (it->type == RES_ITEM_TRACE)
		return -1;
	while (--i >= 0)
		if (((ResItem *)v->shown->pdata[i])->type == want)
			return i;
	return -1;
}

static gboolean on_names_key(GtkWidget *w, GdkEventKey *ev, ResView *v)
{
	int page = (int)(gtk_adjustment_get_page_size(v->vadj) / RES_ROW_H);
	const ResItem *it;

	if (!v->shown || v->shown->len == 0)
		return FALSE;
	if (v->cursor < 0) {
		set_cursor(v, 0);
		return TRUE;
	}
	it = v->shown->pdata[v->cursor];
	switch (ev->keyval) {
	case GDK_KEY_Up:
	case GDK_KEY_KP_Up: set_cursor(v, v->cursor - 1); return TRUE;
	case GDK_KEY_Down:
	case GDK_KEY_KP_Down: set_cursor(v, v->cursor + 1); return TRUE;
	case GDK_KEY_Page_Up: set_cursor(v, v->cursor - MAX(1, page - 1)); return TRUE;
	case GDK_KEY_Page_Down: set_cursor(v, v->cursor + MAX(1, page - 1)); return TRUE;
	case GDK_KEY_Home: set_cursor(v, 0); return TRUE;
	case GDK_KEY_End: set_cursor(v, (int)v->shown->len - 1); return TRUE;
	case GDK_KEY_Left:
	case GDK_KEY_KP_Left:
	case GDK_KEY_minus:
	case GDK_KEY_KP_Subtract:
		if (it->type != RES_ITEM_RESOURCE && !res_collapsed(v->tab, it))
			toggle(v, it, TRUE);
		else if (parent_of(v, v->cursor) >= 0)
			set_cursor(v, parent_of(v, v->cursor));
		return TRUE;
	case GDK_KEY_Right:
	case GDK_KEY_KP_Right:
	case GDK_KEY_plus:
	case GDK_KEY_KP_Add: toggle(v, it, FALSE); return TRUE;
	case GDK_KEY_Return:
	case GDK_KEY_KP_Enter:
	case GDK_KEY_space: toggle(v, it, !res_collapsed(v->tab, it)); return TRUE;
	default: return FALSE;
	}
}

static gboolean on_focus_change(GtkWidget *w, GdkEventFocus *ev, ResView *v)
{
	if (ev->in && v->cursor < 0)
		set_cursor(v, 0);
	gtk_widget_queue_draw(w);
	return FALSE;
}

/* --- the tab --- */

static void on_history(LttvTab *tab, GParamSpec *pspec, ResView *v)
{
	if (v->history != lttv_tab_get_history(tab))
		fill_items(v);
	if (!lttv_tab_get_history(tab) && !lttv_tab_history_building(tab) &&
	    !lttv_tab_get_history_error(tab))
		lttv_tab_build_history(tab);
	redraw(v);
}

static void on_progress(LttvTab *tab, GParamSpec *pspec, ResView *v)
{
	/* the message's percentage, while no history is shown */
	if (!v->history)
		gtk_widget_queue_draw(v->area);
}

static void on_unused_toggled(GtkToggleButton *b, ResView *v)
{
	res_set_show_unused(v->tab, gtk_toggle_button_get_active(b));
	refresh_shown(v);
}

static void on_expand_all(GtkButton *b, ResView *v)
{
	for (guint i = 0; v->items && i < v->items->len; i++)
		res_set_collapsed(v->tab, &g_array_index(v->items, ResItem, i), FALSE);
	refresh_shown(v);
}

static void on_area_size(GtkWidget *w, GdkRectangle *alloc, ResView *v)
{
	update_adjustment(v);
}

/* The widgets are being destroyed: stop following the tab. */
static void on_destroy(GtkWidget *box, ResView *v)
{
	if (v->destroyed)
		return;
	v->destroyed = TRUE;
	g_signal_handler_disconnect(v->tab, v->history_handler);
	g_signal_handler_disconnect(v->tab, v->progress_handler);
}

static void res_view_free(gpointer data)
{
	ResView *v = data;

	on_destroy(NULL, v);
	g_clear_pointer(&v->shown, g_ptr_array_unref);
	g_clear_pointer(&v->items, g_array_unref);
	g_free(v->cursor_key);
	g_object_unref(v->tab);
	g_free(v);
}

static GtkWidget *tool_bar(ResView *v)
{
	GtkWidget *bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	GtkWidget *expand = gtk_button_new_with_label(_("Expand all"));

	g_object_set(bar, "margin", 4, NULL);
	v->unused = gtk_toggle_button_new_with_label(_("Unused"));
	gtk_widget_set_tooltip_text(v->unused,
	                            _("Also show the IRQ lines, softirqs and block devices that "
	                              "are never active in the trace"));
	gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(v->unused), res_show_unused(v->tab));
	g_signal_connect(v->unused, "toggled", G_CALLBACK(on_unused_toggled), v);
	g_signal_connect(expand, "clicked", G_CALLBACK(on_expand_all), v);
	v->status = gtk_label_new(_("Click: current time · drag: select · wheel: zoom · "
	                            "shift+wheel or middle drag: pan · names: click or ←/→ to "
	                            "collapse"));
	gtk_label_set_xalign(GTK_LABEL(v->status), 1);
	gtk_label_set_ellipsize(GTK_LABEL(v->status), PANGO_ELLIPSIZE_END);
	gtk_style_context_add_class(gtk_widget_get_style_context(v->status), "dim-label");
	gtk_box_pack_start(GTK_BOX(bar), v->unused, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), expand, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), lttv_view_legend_button(res_draw_legend, 760, 112), FALSE,
	                   FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), v->status, TRUE, TRUE, 0);
	return bar;
}

GtkWidget *res_view_new(LttvTab *tab)
{
	ResView *v = g_new0(ResView, 1);
	GtkWidget *paned, *right, *scroll;

	v->tab = g_object_ref(tab);
	v->cursor = -1;
	v->box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	g_object_set_data_full(G_OBJECT(v->box), "res-view", v, res_view_free);
	g_signal_connect(v->box, "destroy", G_CALLBACK(on_destroy), v);
	gtk_box_pack_start(GTK_BOX(v->box), tool_bar(v), FALSE, FALSE, 0);
	v->vadj = gtk_adjustment_new(0, 0, 1, RES_ROW_H, RES_ROW_H * 10, 1);
	g_signal_connect_swapped(v->vadj, "value-changed", G_CALLBACK(redraw), v);

	/* the names column: drawn, focusable */
	v->names = gtk_drawing_area_new();
	gtk_widget_set_size_request(v->names, 120, 120);
	gtk_widget_set_can_focus(v->names, TRUE);
	gtk_widget_set_has_tooltip(v->names, TRUE);
	gtk_widget_add_events(v->names, GDK_BUTTON_PRESS_MASK | GDK_SCROLL_MASK |
	                                        GDK_SMOOTH_SCROLL_MASK | GDK_KEY_PRESS_MASK |
	                                        GDK_FOCUS_CHANGE_MASK);
	g_signal_connect(v->names, "draw", G_CALLBACK(on_names_draw), v);
	g_signal_connect(v->names, "button-press-event", G_CALLBACK(on_names_press), v);
	g_signal_connect(v->names, "scroll-event", G_CALLBACK(on_names_scroll), v);
	g_signal_connect(v->names, "key-press-event", G_CALLBACK(on_names_key), v);
	g_signal_connect(v->names, "focus-in-event", G_CALLBACK(on_focus_change), v);
	g_signal_connect(v->names, "focus-out-event", G_CALLBACK(on_focus_change), v);
	g_signal_connect(v->names, "query-tooltip", G_CALLBACK(on_names_tooltip), v);

	/* the time line, and the one scroll bar both follow */
	v->area = gtk_drawing_area_new();
	gtk_widget_set_hexpand(v->area, TRUE);
	gtk_widget_set_vexpand(v->area, TRUE);
	gtk_widget_set_size_request(v->area, 200, 120);
	gtk_widget_set_has_tooltip(v->area, TRUE);
	g_signal_connect(v->area, "draw", G_CALLBACK(on_area_draw), v);
	g_signal_connect(v->area, "query-tooltip", G_CALLBACK(on_area_tooltip), v);
	g_signal_connect(v->area, "size-allocate", G_CALLBACK(on_area_size), v);
	v->ctl = lttv_timeline_attach(v->area, tab, 0, 0);
	scroll = gtk_scrollbar_new(GTK_ORIENTATION_VERTICAL, v->vadj);
	right = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
	gtk_box_pack_start(GTK_BOX(right), v->area, TRUE, TRUE, 0);
	gtk_box_pack_start(GTK_BOX(right), scroll, FALSE, FALSE, 0);

	paned = gtk_paned_new(GTK_ORIENTATION_HORIZONTAL);
	gtk_paned_pack1(GTK_PANED(paned), v->names, FALSE, TRUE);
	gtk_paned_pack2(GTK_PANED(paned), right, TRUE, FALSE);
	gtk_paned_set_position(GTK_PANED(paned), 220);
	gtk_widget_set_vexpand(paned, TRUE);
	gtk_box_pack_start(GTK_BOX(v->box), paned, TRUE, TRUE, 0);

	v->history_handler = g_signal_connect(tab, "notify::history", G_CALLBACK(on_history), v);
	v->progress_handler =
	        g_signal_connect(tab, "notify::history-progress", G_CALLBACK(on_progress), v);
	fill_items(v);
	on_history(tab, NULL, v);
	gtk_widget_show_all(v->box);
	return v->box;
}
