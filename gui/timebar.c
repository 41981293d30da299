/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The timebar: overview strip, scrollbar over the whole trace, and the
 * time entries of a tab. */
#include "config.h"

#include "gui/timebar.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

enum { E_START, E_END, E_WIDTH, E_CURRENT, N_ENTRIES };

struct _LttvGuiTimebar {
	GtkBox parent;
	LttvTab *tab;
	gboolean has_range;
	LttvTime begin, end;
	GtkWidget *overview;
	GtkWidget *scrollbar;
	GtkAdjustment *adj;
	GtkWidget *entries[N_ENTRIES];
	gboolean edited[N_ENTRIES];
	gboolean updating;
	double *density; /* one value per column of the overview */
	guint density_cols;
	GtkGesture *drag;
	double drag_x;
};

G_DEFINE_TYPE(LttvGuiTimebar, lttv_gui_timebar, GTK_TYPE_BOX)

/* --- density of the trace --- */

void lttv_gui_density(LttvTraceset *ts, LttvTime begin, LttvTime end, guint cols, double *out)
{
	double span = (double)(end - begin);

	memset(out, 0, cols * sizeof(*out));
	if (!ts || span <= 0 || cols == 0)
		return;
	for (guint t = 0; t < lttv_traceset_n_traces(ts); t++) {
		LttvTrace *trace = lttv_traceset_trace(ts, t);

		for (guint s = 0; s < lttv_trace_n_streams(trace); s++) {
			LttvStream *stream = lttv_trace_stream(trace, s);
			guint64 n = lttv_stream_n_packets(stream);

			for (guint64 i = 0; i < n; i++) {
				LttvPacketInfo p;

				lttv_stream_packet(stream, i, &p);
				if (!p.has_times || p.end < begin || p.begin > end)
					continue;
				double c0 = (double)(p.begin - begin) / span * cols;
				double c1 = (double)(p.end - begin) / span * cols;
				double per = c1 > c0 ? p.content_bytes / (c1 - c0) : 0;

				if (c1 <= c0) {
					guint c = (guint)CLAMP(c0, 0, cols - 1);

					out[c] += p.content_bytes;
					continue;
				}
				/* spread the bytes over the columns the packet covers */
				for (double c = floor(MAX(c0, 0)); c < MIN(c1, cols); c++) {
					double a = MAX(c, c0), b = MIN(c + 1, c1);

					out[(guint)c] += per * (b - a);
				}
			}
		}
	}
}

/* --- overview strip --- */

static double time_to_x(LttvGuiTimebar *bar, LttvTime t, double width)
{
	return (double)(t - bar->begin) / (double)(bar->end - bar->begin) * width;
}

static LttvTime x_to_time(LttvGuiTimebar *bar, double x, double width)
{
	return bar->begin + (LttvTime)(x / width * (double)(bar->end - bar->begin));
}

/* A tick step of 1, 2 or 5 times a power of ten giving ticks at least
 * `min_px` apart. */
static double tick_step(double span_s, double width, double min_px)
{
	double raw = span_s * min_px / MAX(width, 1);
	double p = pow(10, floor(log10(raw)));

	if (raw <= p)
		return p;
	if (raw <= 2 * p)
		return 2 * p;
	if (raw <= 5 * p)
		return 5 * p;
	return 10 * p;
}

static void draw_ticks(LttvGuiTimebar *bar, cairo_t *cr, double w, double h, const GdkRGBA *fg)
{
	double span_s = (double)(bar->end - bar->begin) / 1e9;
	double step = tick_step(span_s, w, 90);
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *font = pango_font_description_from_string("Sans 8");

	pango_layout_set_font_description(layout, font);
	cairo_set_line_width(cr, 1);
	for (double s = 0; s <= span_s + step / 2 && step > 0; s += step) {
		double x = floor(s / span_s * w) + 0.5;
		char text[32];
		int tw, th;

		cairo_set_source_rgba(cr, fg->red, fg->green, fg->blue, 0.35);
		cairo_move_to(cr, x, h - 4);
		cairo_line_to(cr, x, h);
		cairo_stroke(cr);
		g_snprintf(text, sizeof(text), "+%g s", s);
		pango_layout_set_text(layout, text, -1);
		pango_layout_get_pixel_size(layout, &tw, &th);
		if (x + 2 + tw > w)
			continue;
		cairo_set_source_rgba(cr, fg->red, fg->green, fg->blue, 0.6);
		cairo_move_to(cr, x + 2, 1);
		pango_cairo_show_layout(cr, layout);
	}
	pango_font_description_free(font);
	g_object_unref(layout);
}

static gboolean overview_draw(GtkWidget *w, cairo_t *cr, gpointer data)
{
	LttvGuiTimebar *bar = data;
	GtkStyleContext *sc = gtk_widget_get_style_context(w);
	double width = gtk_widget_get_allocated_width(w);
	double height = gtk_widget_get_allocated_height(w);
	guint cols = (guint)width;
	double max = 0;
	GdkRGBA fg;
	LttvTime ws, we;

	gtk_style_context_get_color(sc, gtk_style_context_get_state(sc), &fg);
	cairo_set_source_rgb(cr, 0.97, 0.97, 0.96);
	cairo_paint(cr);
	if (!bar->tab || !bar->has_range || cols == 0)
		return FALSE;
	if (cols != bar->density_cols) {
		g_free(bar->density);
		bar->density = g_new(double, cols);
		bar->density_cols = cols;
		lttv_gui_density(lttv_tab_get_traceset(bar->tab), bar->begin, bar->end, cols,
		                 bar->density);
	}
	for (guint c = 0; c < cols; c++)
		max = MAX(max, bar->density[c]);
	/* the density: a filled profile, the square root so sparse parts show */
	cairo_set_source_rgb(cr, 0.56, 0.69, 0.85);
	for (guint c = 0; c < cols && max > 0; c++) {
		double v = sqrt(bar->density[c] / max) * (height - 12);

		if (v > 0)
			cairo_rectangle(cr, c, height - v, 1, v);
	}
	cairo_fill(cr);
	draw_ticks(bar, cr, width, height, &fg);
	/* the window: outside it is dimmed, inside it is outlined */
	lttv_tab_get_time_window(bar->tab, &ws, &we);
	double x0 = floor(time_to_x(bar, ws, width)), x1 = ceil(time_to_x(bar, we, width));

	if (x1 - x0 < 3) {
		x0 = floor((x0 + x1) / 2) - 1;
		x1 = x0 + 3;
	}
	cairo_set_source_rgba(cr, 0, 0, 0, 0.12);
	cairo_rectangle(cr, 0, 0, x0, height);
	cairo_rectangle(cr, x1, 0, width - x1, height);
	cairo_fill(cr);
	cairo_set_source_rgba(cr, 0.11, 0.44, 0.85, 0.15);
	cairo_rectangle(cr, x0, 0, x1 - x0, height);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.11, 0.44, 0.85);
	cairo_set_line_width(cr, 2);
	cairo_rectangle(cr, x0 + 1, 1, x1 - x0 - 2, height - 2);
	cairo_stroke(cr);
	/* the current time */
	double xc = floor(time_to_x(bar, lttv_tab_get_current_time(bar->tab), width)) + 0.5;

	cairo_set_source_rgb(cr, 0.88, 0.11, 0.14);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, xc, 0);
	cairo_line_to(cr, xc, height);
	cairo_stroke(cr);
	return FALSE;
}

/* Centres the window on the time under x. */
static void overview_move(LttvGuiTimebar *bar, double x)
{
	double width = gtk_widget_get_allocated_width(bar->overview);
	LttvTime ws, we, t;

	if (!bar->tab || !bar->has_range || width <= 0)
		return;
	lttv_tab_get_time_window(bar->tab, &ws, &we);
	t = x_to_time(bar, CLAMP(x, 0, width), width);
	lttv_tab_set_time_window(bar->tab, t - (we - ws) / 2, t - (we - ws) / 2 + (we - ws));
}

static void drag_begin(GtkGestureDrag *g, double x, double y, gpointer data)
{
	LttvGuiTimebar *bar = data;

	bar->drag_x = x;
	overview_move(bar, x);
}

static void drag_update(GtkGestureDrag *g, double dx, double dy, gpointer data)
{
	LttvGuiTimebar *bar = data;

	overview_move(bar, bar->drag_x + dx);
}

/* --- entries --- */

static void refresh(LttvGuiTimebar *bar)
{
	LttvTime ws = 0, we = 0, cur = 0;
	char buf[48];

	if (!bar->tab)
		return;
	lttv_tab_get_time_window(bar->tab, &ws, &we);
	cur = lttv_tab_get_current_time(bar->tab);
	bar->updating = TRUE;
	gtk_entry_set_text(GTK_ENTRY(bar->entries[E_START]),
	                   lttv_time_format_clock(ws, FALSE, buf, sizeof(buf)));
	gtk_entry_set_text(GTK_ENTRY(bar->entries[E_END]),
	                   lttv_time_format_clock(we, FALSE, buf, sizeof(buf)));
	gtk_entry_set_text(GTK_ENTRY(bar->entries[E_WIDTH]),
	                   lttv_time_format_duration(we - ws, buf, sizeof(buf)));
	gtk_entry_set_text(GTK_ENTRY(bar->entries[E_CURRENT]),
	                   lttv_time_format_clock(cur, FALSE, buf, sizeof(buf)));
	for (int i = 0; i < N_ENTRIES; i++) {
		bar->edited[i] = FALSE;
		gtk_style_context_remove_class(gtk_widget_get_style_context(bar->entries[i]),
		                               "error");
		gtk_widget_set_tooltip_text(bar->entries[i], NULL);
	}
	if (bar->has_range) {
		double span = (double)(bar->end - bar->begin);
		double width = (double)(we - ws);

		gtk_adjustment_configure(bar->adj, (double)(ws - bar->begin), 0, span, width / 10,
		                         width * 0.9, width);
	}
	bar->updating = FALSE;
	gtk_widget_queue_draw(bar->overview);
}

static void window_changed(LttvTab *tab, gpointer data)
{
	refresh(data);
}

static void current_changed(LttvTab *tab, GParamSpec *pspec, gpointer data)
{
	refresh(data);
}

static void scrolled(GtkAdjustment *adj, gpointer data)
{
	LttvGuiTimebar *bar = data;
	LttvTime ws, we, start;

	if (bar->updating || !bar->tab)
		return;
	lttv_tab_get_time_window(bar->tab, &ws, &we);
	start = bar->begin + (LttvTime)gtk_adjustment_get_value(adj);
	lttv_tab_set_time_window(bar->tab, start, start + (we - ws));
}

static gboolean parse_entry(LttvGuiTimebar *bar, int which, LttvTime *out, GError **error)
{
	const char *text = gtk_entry_get_text(GTK_ENTRY(bar->entries[which]));
	g_autofree char *stripped = g_strstrip(g_strdup(text));

	if (which == E_WIDTH) {
		/* a duration: seconds.ns, parsed as a time after the origin 0 */
		g_autofree char *rel =
		        stripped[0] == '+' ? g_strdup(stripped) : g_strconcat("+", stripped, NULL);

		if (!lttv_time_parse(rel, 0, FALSE, out, error))
			return FALSE;
		if (*out <= 0) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
			            _("the width must be more than 0"));
			return FALSE;
		}
		return TRUE;
	}
	return lttv_time_parse(stripped, bar->begin, FALSE, out, error);
}

static void apply_entry(LttvGuiTimebar *bar, int which)
{
	g_autoptr(GError) error = NULL;
	LttvTime t, ws, we;

	if (!bar->tab)
		return;
	if (!parse_entry(bar, which, &t, &error)) {
		g_autofree char *tip = g_strdup_printf(
		        _("%s\nAccepted: 1497552690.937252046, 22:14:38.5, 2017-06-15 22:14:38, "
		          "+1.5"),
		        error->message);

		gtk_style_context_add_class(gtk_widget_get_style_context(bar->entries[which]),
		                            "error");
		gtk_widget_set_tooltip_text(bar->entries[which], tip);
		gtk_widget_error_bell(bar->entries[which]);
		return;
	}
	lttv_tab_get_time_window(bar->tab, &ws, &we);
	switch (which) {
	case E_START: lttv_tab_set_time_window(bar->tab, t, t < we ? we : t + (we - ws)); break;
	case E_END: lttv_tab_set_time_window(bar->tab, t > ws ? ws : t - (we - ws), t); break;
	case E_WIDTH: lttv_tab_set_time_window(bar->tab, ws, ws + t); break;
	case E_CURRENT: lttv_tab_set_current_time(bar->tab, t); break;
	}
	refresh(bar); /* also when clamping left the values unchanged */
}

static int entry_index(LttvGuiTimebar *bar, GtkWidget *entry)
{
	for (int i = 0; i < N_ENTRIES; i++)
		if (bar->entries[i] == entry)
			return i;
	return -1;
}

static void entry_activate(GtkEntry *entry, gpointer data)
{
	LttvGuiTimebar *bar = data;

	apply_entry(bar, entry_index(bar, GTK_WIDGET(entry)));
}

static void entry_changed(GtkEditable *entry, gpointer data)
{
	LttvGuiTimebar *bar = data;

	if (!bar->updating)
		bar->edited[entry_index(bar, GTK_WIDGET(entry))] = TRUE;
}

static gboolean entry_focus_out(GtkWidget *entry, GdkEvent *ev, gpointer data)
{
	LttvGuiTimebar *bar = data;
	int i = entry_index(bar, entry);

	if (bar->edited[i])
		apply_entry(bar, i);
	return FALSE;
}

static gboolean entry_key(GtkWidget *entry, GdkEventKey *ev, gpointer data)
{
	GtkWidget *top = gtk_widget_get_toplevel(entry);

	if (ev->keyval != GDK_KEY_Escape)
		return FALSE;
	/* Escape: back to the tab's values, and the keys to the window */
	refresh(data);
	if (GTK_IS_WINDOW(top))
		gtk_window_set_focus(GTK_WINDOW(top), NULL);
	return TRUE;
}

static GtkWidget *add_entry(LttvGuiTimebar *bar, GtkWidget *box, int which, const char *label,
                            const char *tooltip)
{
	GtkWidget *l = gtk_label_new(label);
	GtkWidget *e = gtk_entry_new();

	gtk_style_context_add_class(gtk_widget_get_style_context(l), "dim-label");
	gtk_entry_set_width_chars(GTK_ENTRY(e), which == E_WIDTH ? 13 : 19);
	gtk_widget_set_tooltip_text(l, tooltip);
	gtk_widget_set_name(e, which == E_START   ? "timebar-start"
	                       : which == E_END   ? "timebar-end"
	                       : which == E_WIDTH ? "timebar-width"
	                                          : "timebar-current");
	g_signal_connect(e, "activate", G_CALLBACK(entry_activate), bar);
	g_signal_connect(e, "changed", G_CALLBACK(entry_changed), bar);
	g_signal_connect(e, "focus-out-event", G_CALLBACK(entry_focus_out), bar);
	g_signal_connect(e, "key-press-event", G_CALLBACK(entry_key), bar);
	gtk_box_pack_start(GTK_BOX(box), l, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(box), e, FALSE, FALSE, 0);
	bar->entries[which] = e;
	return e;
}

void lttv_gui_timebar_test_geometry(LttvGuiTimebar *bar)
{
	lttv_gui_test_print_geometry("overview", bar->overview);
	for (int i = 0; i < N_ENTRIES; i++)
		lttv_gui_test_print_geometry(gtk_widget_get_name(bar->entries[i]), bar->entries[i]);
}

/* --- the object --- */

void lttv_gui_timebar_set_tab(LttvGuiTimebar *bar, LttvTab *tab)
{
	if (bar->tab != tab) {
		if (bar->tab)
			g_signal_handlers_disconnect_by_data(bar->tab, bar);
		g_set_object(&bar->tab, tab);
		g_signal_connect(tab, "time-window-changed", G_CALLBACK(window_changed), bar);
		g_signal_connect(tab, "notify::current-time", G_CALLBACK(current_changed), bar);
	}
	bar->has_range = lttv_tab_get_trace_range(tab, &bar->begin, &bar->end);
	bar->density_cols = 0; /* recomputed at the next draw */
	refresh(bar);
}

static void timebar_dispose(GObject *obj)
{
	LttvGuiTimebar *bar = LTTV_GUI_TIMEBAR(obj);

	if (bar->tab)
		g_signal_handlers_disconnect_by_data(bar->tab, bar);
	g_clear_object(&bar->tab);
	g_clear_object(&bar->drag);
	G_OBJECT_CLASS(lttv_gui_timebar_parent_class)->dispose(obj);
}

static void timebar_finalize(GObject *obj)
{
	g_free(LTTV_GUI_TIMEBAR(obj)->density);
	G_OBJECT_CLASS(lttv_gui_timebar_parent_class)->finalize(obj);
}

static void lttv_gui_timebar_class_init(LttvGuiTimebarClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = timebar_dispose;
	G_OBJECT_CLASS(klass)->finalize = timebar_finalize;
	gtk_widget_class_set_css_name(GTK_WIDGET_CLASS(klass), "timebar");
}

static void lttv_gui_timebar_init(LttvGuiTimebar *bar)
{
	GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	GtkWidget *frame = gtk_frame_new(NULL);

	gtk_orientable_set_orientation(GTK_ORIENTABLE(bar), GTK_ORIENTATION_VERTICAL);
	gtk_box_set_spacing(GTK_BOX(bar), 2);
	g_object_set(bar, "margin", 4, NULL);
	bar->overview = gtk_drawing_area_new();
	gtk_widget_set_size_request(bar->overview, -1, 34);
	gtk_widget_set_tooltip_text(bar->overview,
	                            _("Event density over the whole trace; the highlighted part is "
	                              "the window shown. Click or drag to move it."));
	gtk_widget_add_events(bar->overview, GDK_BUTTON_PRESS_MASK | GDK_BUTTON_MOTION_MASK);
	g_signal_connect(bar->overview, "draw", G_CALLBACK(overview_draw), bar);
	bar->drag = gtk_gesture_drag_new(bar->overview);
	g_signal_connect(bar->drag, "drag-begin", G_CALLBACK(drag_begin), bar);
	g_signal_connect(bar->drag, "drag-update", G_CALLBACK(drag_update), bar);
	gtk_frame_set_shadow_type(GTK_FRAME(frame), GTK_SHADOW_IN);
	gtk_container_add(GTK_CONTAINER(frame), bar->overview);
	gtk_box_pack_start(GTK_BOX(bar), frame, FALSE, FALSE, 0);

	bar->adj = gtk_adjustment_new(0, 0, 1, 0.1, 0.9, 1);
	bar->scrollbar = gtk_scrollbar_new(GTK_ORIENTATION_HORIZONTAL, bar->adj);
	g_signal_connect(bar->adj, "value-changed", G_CALLBACK(scrolled), bar);
	gtk_box_pack_start(GTK_BOX(bar), bar->scrollbar, FALSE, FALSE, 0);

	add_entry(bar, row, E_START, _("Start"), _("The start of the window shown"));
	add_entry(bar, row, E_END, _("End"), _("The end of the window shown"));
	add_entry(bar, row, E_WIDTH, _("Width"), _("The width of the window, in seconds"));
	gtk_box_pack_start(GTK_BOX(row), gtk_separator_new(GTK_ORIENTATION_VERTICAL), FALSE, FALSE,
	                   6);
	add_entry(bar, row, E_CURRENT, _("Current time"),
	          _("The current time (the vertical line in the views)"));
	gtk_widget_set_margin_top(row, 2);
	gtk_box_pack_start(GTK_BOX(bar), row, FALSE, FALSE, 0);
	gtk_widget_show_all(GTK_WIDGET(bar));
}

GtkWidget *lttv_gui_timebar_new(void)
{
	return g_object_new(LTTV_GUI_TYPE_TIMEBAR, NULL);
}
