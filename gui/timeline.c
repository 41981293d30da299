/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Time-line helpers shared by the time-line views: mapping, ruler, marks,
 * and the controller turning pointer input into changes of the tab. */
#include <lttv/timeline.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

/* --- mapping --- */

static uint64_t span_of(LttvTime t0, LttvTime t1)
{
	return t1 > t0 ? (uint64_t)t1 - (uint64_t)t0 : 0;
}

double lttv_timeline_time_to_x(LttvTime t0, LttvTime t1, double width, LttvTime t)
{
	uint64_t span = span_of(t0, t1);
	long double d;

	if (span == 0)
		return t >= t1 ? width : 0;
	d = t >= t0 ? (long double)((uint64_t)t - (uint64_t)t0)
	            : -(long double)((uint64_t)t0 - (uint64_t)t);
	return (double)(d * width / (long double)span);
}

LttvTime lttv_timeline_x_to_time(LttvTime t0, LttvTime t1, double width, double x)
{
	uint64_t span = span_of(t0, t1);
	long double off;

	if (span == 0 || width <= 0 || x <= 0)
		return t0;
	if (x >= width)
		return t1;
	off = (long double)span * x / width;
	if (off >= (long double)span)
		return t1;
	return (LttvTime)((uint64_t)t0 + (uint64_t)off);
}

LttvTime lttv_timeline_column_start(LttvTime t0, LttvTime t1, guint cols, guint c)
{
	uint64_t span = span_of(t0, t1);

	if (cols == 0)
		return t0;
	if (c >= cols)
		return (LttvTime)((uint64_t)t0 + span); /* wraps like the rest: no UB */
	return (LttvTime)((uint64_t)t0 + (uint64_t)((unsigned __int128)span * c / cols));
}

gint64 lttv_timeline_column_of(LttvTime t0, LttvTime t1, guint cols, LttvTime t)
{
	uint64_t span = span_of(t0, t1);
	unsigned __int128 d, c;

	if (t < t0)
		return -1;
	if (t >= t1 || span == 0 || cols == 0)
		return cols;
	/* the last c with floor(span * c / cols) <= d */
	d = (uint64_t)t - (uint64_t)t0;
	c = ((d + 1) * cols + span - 1) / span - 1;
	return c >= cols ? (gint64)cols - 1 : (gint64)c;
}

/* --- ticks --- */

int64_t lttv_timeline_tick_step(LttvTime t0, LttvTime t1, double width, double min_px)
{
	uint64_t span = span_of(t0, t1);
	long double need;
	static const int64_t mult[] = {1, 2, 5};

	if (span == 0 || width <= 0)
		return 1;
	if (min_px < 1)
		min_px = 1;
	need = (long double)span * min_px / width;
	for (int64_t p = 1;; p *= 10) {
		for (int i = 0; i < 3; i++)
			if ((long double)(p * mult[i]) >= need)
				return p * mult[i];
		if (p > INT64_MAX / 10 / 5)
			return p * 5; /* 5e18: the largest step that fits */
	}
}

LttvTime lttv_timeline_first_tick(LttvTime t0, int64_t step)
{
	int64_t r;

	if (step <= 0)
		return t0;
	r = t0 % step;
	if (r < 0)
		r += step;
	if (r == 0)
		return t0;
	if (t0 > INT64_MAX - (step - r))
		return INT64_MAX;
	return t0 + (step - r);
}

char *lttv_timeline_tick_label(LttvTime t, int64_t step, char *buf, size_t len)
{
	char clock[48];
	const char *sec;
	int decimals = 0;
	char *dot;

	lttv_time_format_clock(t, FALSE, clock, sizeof(clock));
	dot = strchr(clock, '.');
	if (step >= LTTV_TIME_NS_PER_S || !dot) {
		if (dot)
			*dot = '\0';
		g_strlcpy(buf, clock, len);
		return buf;
	}
	for (int64_t s = step; s < LTTV_TIME_NS_PER_S; s *= 10)
		decimals++;
	dot[1 + decimals] = '\0';
	sec = strrchr(clock, ':');
	g_strlcpy(buf, sec ? sec + 1 : clock, len);
	return buf;
}

char *lttv_timeline_format_duration(int64_t ns, char *buf, size_t len)
{
	double a = fabs((double)ns);

	if (a < 1e3)
		snprintf(buf, len, "%" G_GINT64_FORMAT " ns", ns);
	else if (a < 1e6)
		snprintf(buf, len, "%.4g µs", (double)ns / 1e3);
	else if (a < 1e9)
		snprintf(buf, len, "%.4g ms", (double)ns / 1e6);
	else
		snprintf(buf, len, "%.4g s", (double)ns / 1e9);
	return buf;
}

/* --- drawing --- */

PangoLayout *lttv_timeline_text_layout(cairo_t *cr, const char *font)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *desc = pango_font_description_from_string(font);

	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	return layout;
}

static int text_width(PangoLayout *layout, const char *text)
{
	int w, h;

	pango_layout_set_text(layout, text, -1);
	pango_layout_get_pixel_size(layout, &w, &h);
	return w;
}

static void show_text(cairo_t *cr, PangoLayout *layout, const char *text, double x, double y)
{
	pango_layout_set_text(layout, text, -1);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
}

void lttv_timeline_draw_ruler(cairo_t *cr, double x, double y, double w, double h, LttvTime t0,
                              LttvTime t1)
{
	g_autoptr(PangoLayout) layout = NULL;
	char a[48], b[48], d[48], label[48];
	int64_t step;
	double min_px = 60;
	int wa, wb, wd;

	if (w <= 0 || h <= 0)
		return;
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 0.13, 0.14, 0.16);
	cairo_paint(cr);
	layout = lttv_timeline_text_layout(cr, "Sans 8");

	/* the window's ends in full and its width: on a first line when there
	 * is room for two, else on the tick line (ticks stay clear of them) */
	gboolean compact = h < 34;
	double text_y = compact ? y + MAX(0, (h - 6 - 14) / 2) : y + 2;
	double left_end, right_start;

	lttv_time_format_clock(t0, FALSE, a, sizeof(a));
	lttv_time_format_clock(t1, FALSE, b, sizeof(b));
	lttv_timeline_format_duration((int64_t)MIN(span_of(t0, t1), (uint64_t)INT64_MAX), d,
	                              sizeof(d));
	wa = text_width(layout, a);
	wb = text_width(layout, b);
	wd = text_width(layout, d);
	cairo_set_source_rgb(cr, 0.95, 0.95, 0.95);
	show_text(cr, layout, a, x + 4, text_y);
	left_end = x + 4 + wa + 8;
	right_start = x + w;
	if (w > wa + wb + 16) {
		show_text(cr, layout, b, x + w - wb - 4, text_y);
		right_start = x + w - wb - 12;
	}
	if (!compact && w > wa + wb + wd + 40) {
		cairo_set_source_rgb(cr, 0.7, 0.75, 0.8);
		show_text(cr, layout, d, x + (w - wd) / 2, text_y);
	}
	if (!compact)
		left_end = x, right_start = x + w;

	/* ticks: a step whose labels fit between ticks */
	for (int i = 0; i < 4; i++) {
		step = lttv_timeline_tick_step(t0, t1, w, min_px);
		lttv_timeline_tick_label(lttv_timeline_first_tick(t0, step), step, label,
		                         sizeof(label));
		double need = text_width(layout, label) + 14;
		if (need <= min_px)
			break;
		min_px = need;
	}
	cairo_set_line_width(cr, 1);
	for (LttvTime t = lttv_timeline_first_tick(t0, step); t <= t1;) {
		double tx = x + floor(lttv_timeline_time_to_x(t0, t1, w, t)) + 0.5;
		int lw;

		cairo_set_source_rgb(cr, 0.6, 0.65, 0.7);
		cairo_move_to(cr, tx, y + h - 6);
		cairo_line_to(cr, tx, y + h);
		cairo_stroke(cr);
		lttv_timeline_tick_label(t, step, label, sizeof(label));
		lw = text_width(layout, label);
		if (tx - lw / 2.0 >= MAX(x + 1, left_end) &&
		    tx + lw / 2.0 <= MIN(x + w - 1, right_start)) {
			cairo_set_source_rgb(cr, 0.8, 0.82, 0.85);
			show_text(cr, layout, label, tx - lw / 2.0, compact ? text_y : y + h - 20);
		}
		if (t > INT64_MAX - step)
			break;
		t += step;
	}
	/* a line between the ruler and what is below */
	cairo_set_source_rgb(cr, 0.35, 0.37, 0.4);
	cairo_move_to(cr, x, y + h - 0.5);
	cairo_line_to(cr, x + w, y + h - 0.5);
	cairo_stroke(cr);
	cairo_restore(cr);
}

void lttv_timeline_draw_current_time(cairo_t *cr, double x, double y, double w, double h,
                                     LttvTime t0, LttvTime t1, LttvTime current)
{
	static const double dash[] = {2, 2};
	guint cols = (guint)lround(w);
	gint64 c;

	if (current < t0 || current > t1 || cols == 0)
		return;
	c = lttv_timeline_column_of(t0, t1, cols, current);
	if (c >= cols)
		c = cols - 1;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_set_line_width(cr, 1);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, x + c + 0.5, y);
	cairo_line_to(cr, x + c + 0.5, y + h);
	cairo_stroke(cr);
	cairo_restore(cr);
}

void lttv_timeline_draw_selection(cairo_t *cr, double x, double y, double w, double h, LttvTime t0,
                                  LttvTime t1, LttvTime s0, LttvTime s1)
{
	double a, b;

	if (s1 < s0) {
		LttvTime t = s0;
		s0 = s1;
		s1 = t;
	}
	if (s1 < t0 || s0 > t1)
		return;
	a = floor(CLAMP(lttv_timeline_time_to_x(t0, t1, w, s0), 0, w));
	b = ceil(CLAMP(lttv_timeline_time_to_x(t0, t1, w, s1), 0, w));
	if (b - a < 1)
		b = a + 1;
	cairo_save(cr);
	cairo_rectangle(cr, x + a, y, b - a, h);
	cairo_set_source_rgba(cr, 0.45, 0.65, 1.0, 0.25);
	cairo_fill(cr);
	cairo_set_source_rgba(cr, 0.55, 0.75, 1.0, 0.8);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, x + a + 0.5, y);
	cairo_line_to(cr, x + a + 0.5, y + h);
	cairo_move_to(cr, x + b - 0.5, y);
	cairo_line_to(cr, x + b - 0.5, y + h);
	cairo_stroke(cr);
	cairo_restore(cr);
}

void lttv_timeline_draw_tab_marks(cairo_t *cr, double x, double y, double w, double h, LttvTab *tab)
{
	LttvTime t0, t1, s0, s1;

	lttv_tab_get_time_window(tab, &t0, &t1);
	if (lttv_tab_get_selection(tab, &s0, &s1))
		lttv_timeline_draw_selection(cr, x, y, w, h, t0, t1, s0, s1);
	lttv_timeline_draw_current_time(cr, x, y, w, h, t0, t1, lttv_tab_get_current_time(tab));
}

/* --- interaction --- */

#define DRAG_THRESHOLD 3
#define ZOOM_STEP      1.25
#define PAN_FRACTION   0.1

struct LttvTimelineController {
	GtkWidget *area;
	LttvTab *tab; /* a reference */
	double left, right;
	guint button;       /* pressed button, 0 when none */
	double press_x;     /* where it was pressed */
	gboolean dragged;   /* moved past the threshold */
	LttvTime pan_start; /* window start when a pan began */
	LttvTime pan_width;
};

static double area_width(LttvTimelineController *ctl)
{
	double w = gtk_widget_get_allocated_width(ctl->area) - ctl->left - ctl->right;

	return w > 1 ? w : 1;
}

LttvTime lttv_timeline_controller_time_at(LttvTimelineController *ctl, double x)
{
	LttvTime t0, t1;

	lttv_tab_get_time_window(ctl->tab, &t0, &t1);
	return lttv_timeline_x_to_time(t0, t1, area_width(ctl), x - ctl->left);
}

gboolean lttv_timeline_controller_dragging(LttvTimelineController *ctl)
{
	return ctl->button != 0 && ctl->dragged;
}

void lttv_timeline_controller_set_margins(LttvTimelineController *ctl, double left, double right)
{
	ctl->left = left;
	ctl->right = right;
}

static gboolean on_press(GtkWidget *w, GdkEventButton *ev, LttvTimelineController *ctl)
{
	if (ev->type != GDK_BUTTON_PRESS || ev->button > 3 || ctl->button)
		return FALSE;
	if (ev->x < ctl->left || ev->x >= gtk_widget_get_allocated_width(w) - ctl->right)
		return FALSE;
	ctl->button = ev->button;
	ctl->press_x = ev->x;
	ctl->dragged = FALSE;
	lttv_tab_get_time_window(ctl->tab, &ctl->pan_start, &ctl->pan_width);
	ctl->pan_width -= ctl->pan_start;
	gtk_widget_grab_focus(w);
	return ev->button != 3; /* a right click without drag is left to the view */
}

static gboolean on_motion(GtkWidget *w, GdkEventMotion *ev, LttvTimelineController *ctl)
{
	if (!ctl->button)
		return FALSE;
	if (!ctl->dragged && fabs(ev->x - ctl->press_x) < DRAG_THRESHOLD)
		return FALSE;
	ctl->dragged = TRUE;
	if (ctl->button == 1) {
		lttv_tab_set_selection(ctl->tab,
		                       lttv_timeline_controller_time_at(ctl, ctl->press_x),
		                       lttv_timeline_controller_time_at(ctl, ev->x));
	} else {
		/* the time under the pointer follows it */
		LttvTime t0, t1;
		long double d =
		        (long double)(ev->x - ctl->press_x) * ctl->pan_width / area_width(ctl);

		lttv_tab_get_time_window(ctl->tab, &t0, &t1);
		lttv_tab_pan(ctl->tab, (ctl->pan_start - (int64_t)d) - t0);
	}
	return TRUE;
}

static gboolean on_release(GtkWidget *w, GdkEventButton *ev, LttvTimelineController *ctl)
{
	guint button = ctl->button;
	gboolean dragged = ctl->dragged;

	if (ev->button != button)
		return FALSE;
	ctl->button = 0;
	ctl->dragged = FALSE;
	if (button == 1 && !dragged)
		lttv_tab_set_current_time(ctl->tab, lttv_timeline_controller_time_at(ctl, ev->x));
	return button != 3 || dragged;
}

static gboolean on_scroll(GtkWidget *w, GdkEventScroll *ev, LttvTimelineController *ctl)
{
	double dx = 0, dy = 0;
	LttvTime t0, t1;

	switch (ev->direction) {
	case GDK_SCROLL_UP: dy = -1; break;
	case GDK_SCROLL_DOWN: dy = 1; break;
	case GDK_SCROLL_LEFT: dx = -1; break;
	case GDK_SCROLL_RIGHT: dx = 1; break;
	case GDK_SCROLL_SMOOTH: gdk_event_get_scroll_deltas((GdkEvent *)ev, &dx, &dy); break;
	default: return FALSE;
	}
	lttv_tab_get_time_window(ctl->tab, &t0, &t1);
	if (ev->state & GDK_SHIFT_MASK) {
		dx += dy;
		dy = 0;
	}
	if (dx != 0)
		lttv_tab_pan(ctl->tab, (int64_t)((long double)(t1 - t0) * PAN_FRACTION * dx));
	if (dy != 0)
		lttv_tab_zoom(ctl->tab, pow(ZOOM_STEP, dy),
		              lttv_timeline_controller_time_at(ctl, ev->x));
	return TRUE;
}

static void controller_free(gpointer data)
{
	LttvTimelineController *ctl = data;

	g_object_unref(ctl->tab);
	g_free(ctl);
}

LttvTimelineController *lttv_timeline_attach(GtkWidget *area, LttvTab *tab, double left,
                                             double right)
{
	LttvTimelineController *ctl = g_new0(LttvTimelineController, 1);
	static const char *const redraw_on[] = {
	        "notify::current-time",  "time-window-changed", "notify::selection-start",
	        "notify::selection-end", "notify::history",     "notify::history-progress",
	};

	g_return_val_if_fail(GTK_IS_WIDGET(area) && LTTV_IS_TAB(tab), NULL);
	ctl->area = area;
	ctl->tab = g_object_ref(tab);
	ctl->left = left;
	ctl->right = right;
	gtk_widget_add_events(area, GDK_BUTTON_PRESS_MASK | GDK_BUTTON_RELEASE_MASK |
	                                    GDK_POINTER_MOTION_MASK | GDK_SCROLL_MASK |
	                                    GDK_SMOOTH_SCROLL_MASK);
	gtk_widget_set_can_focus(area, TRUE);
	g_signal_connect(area, "button-press-event", G_CALLBACK(on_press), ctl);
	g_signal_connect(area, "motion-notify-event", G_CALLBACK(on_motion), ctl);
	g_signal_connect(area, "button-release-event", G_CALLBACK(on_release), ctl);
	g_signal_connect(area, "scroll-event", G_CALLBACK(on_scroll), ctl);
	for (gsize i = 0; i < G_N_ELEMENTS(redraw_on); i++)
		g_signal_connect_object(tab, redraw_on[i], G_CALLBACK(gtk_widget_queue_draw), area,
		                        G_CONNECT_SWAPPED);
	/* freed with the widget */
	g_object_set_data_full(G_OBJECT(area), "lttv-timeline-controller", ctl, controller_free);
	return ctl;
}
