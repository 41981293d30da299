/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The histogram's drawing, cairo only, shared by the widget and the
 * headless rendering: bars on pixel columns, the count axis, the
 * overview strip of the whole trace. */
#include "hist.h"

#include <math.h>
#include <stdio.h>

#define BAR_R 0.30
#define BAR_G 0.85
#define BAR_B 0.35

char *hist_format_count(guint64 n, char *buf, size_t len)
{
	char digits[32];
	int nd = snprintf(digits, sizeof(digits), "%" G_GUINT64_FORMAT, n);
	size_t o = 0;

	/* groups of three digits, separated by a space */
	for (int i = 0; i < nd && o + 2 < len; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			buf[o++] = ' ';
		buf[o++] = digits[i];
	}
	buf[MIN(o, len - 1)] = '\0';
	return buf;
}

/* "950", "12k", "1.5M": axis labels fit in the axis strip. */
static char *format_short(double n, char *buf, size_t len)
{
	static const char *const units[] = {"", "k", "M", "G", "T"};
	guint u = 0;

	while (n >= 1000 && u + 1 < G_N_ELEMENTS(units)) {
		n /= 1000;
		u++;
	}
	if (u == 0 || n >= 10 || n == floor(n))
		snprintf(buf, len, "%.0f%s", n, units[u]);
	else
		snprintf(buf, len, "%.1f%s", n, units[u]);
	return buf;
}

int hist_bar_height(guint64 n, guint64 max, double h, gboolean log_scale)
{
	double f;
	long px;

	if (n == 0 || max == 0 || h < 1)
		return 0;
	f = log_scale ? log10((double)n + 1) / log10((double)max + 1) : (double)n / (double)max;
	px = lround(f * h);
	return (int)CLAMP(px, 1, (long)h);
}

void hist_draw_bars(cairo_t *cr, const HistCounts *c, double x, double y, double h, guint64 max,
                    gboolean log_scale)
{
	guint done = hist_counts_done(c);

	cairo_save(cr);
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	cairo_set_source_rgb(cr, BAR_R, BAR_G, BAR_B);
	for (guint i = 0; i < done; i++) {
		int ph = hist_bar_height(c->counts[i], max, h, log_scale);

		if (ph > 0)
			cairo_rectangle(cr, x + i, y + h - ph, 1, ph);
	}
	cairo_fill(cr);
	cairo_restore(cr);
}

/* y of a count on the scale (the bottom of the bars is y + h). */
static double count_y(double n, guint64 max, double y, double h, gboolean log_scale)
{
	double f = log_scale ? log10(n + 1) / log10((double)max + 1) : n / (double)max;

	return y + h - f * h;
}

/* A tick and its label on the axis, and a grid line across the bars
 * (none for 0: the bottom row stays background where nothing counts). */
static void axis_tick(cairo_t *cr, PangoLayout *layout, double ax, double x, double w, double ty,
                      double n)
{
	char label[32];
	int tw, th;

	if (n > 0) {
		cairo_set_source_rgba(cr, 1, 1, 1, 0.12);
		cairo_move_to(cr, x, floor(ty) + 0.5);
		cairo_line_to(cr, x + w, floor(ty) + 0.5);
		cairo_stroke(cr);
	}
	cairo_set_source_rgb(cr, 0.6, 0.65, 0.7);
	cairo_move_to(cr, ax + HIST_AXIS_W - 4, floor(ty) + 0.5);
	cairo_line_to(cr, ax + HIST_AXIS_W, floor(ty) + 0.5);
	cairo_stroke(cr);
	pango_layout_set_text(layout, format_short(n, label, sizeof(label)), -1);
	pango_layout_get_pixel_size(layout, &tw, &th);
	cairo_set_source_rgb(cr, 0.8, 0.82, 0.85);
	cairo_move_to(cr, ax + HIST_AXIS_W - 7 - tw, ty - th / 2.0);
	pango_cairo_show_layout(cr, layout);
}

void hist_draw_axis(cairo_t *cr, double ax, double x, double w, double y, double h, guint64 max,
                    gboolean log_scale)
{
	g_autoptr(PangoLayout) layout = NULL;

	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.13, 0.14, 0.16);
	cairo_rectangle(cr, ax, y, HIST_AXIS_W, h);
	cairo_fill(cr);
	cairo_set_line_width(cr, 1);
	cairo_set_source_rgb(cr, 0.35, 0.37, 0.4);
	cairo_move_to(cr, ax + HIST_AXIS_W - 0.5, y);
	cairo_line_to(cr, ax + HIST_AXIS_W - 0.5, y + h);
	cairo_stroke(cr);
	if (max == 0 || h < 20) {
		cairo_restore(cr);
		return;
	}
	layout = lttv_timeline_text_layout(cr, "Sans 8");
	cairo_rectangle(cr, ax, y - 8, x + w - ax, h + 8);
	cairo_clip(cr);
	if (log_scale) {
		double gap = h / log10((double)max + 1);
		double step = gap >= 18 ? 10 : gap >= 9 ? 100 : 1000;

		for (double n = 1; n <= (double)max; n *= step)
			axis_tick(cr, layout, ax, x, w, count_y(n, max, y, h, TRUE), n);
	} else {
		/* the smallest 1, 2, 5 x 10^k step with ticks >= 24 px apart */
		double need = (double)max * 24 / h, step = 1;

		for (double p = 1;; p *= 10) {
			if (p >= need) {
				step = p;
				break;
			}
			if (2 * p >= need) {
				step = 2 * p;
				break;
			}
			if (5 * p >= need) {
				step = 5 * p;
				break;
			}
		}
		for (double n = step; n <= (double)max; n += step)
			axis_tick(cr, layout, ax, x, w, count_y(n, max, y, h, FALSE), n);
	}
	axis_tick(cr, layout, ax, x, w, y + h - 0.5, 0);
	cairo_restore(cr);
}

void hist_draw_message(cairo_t *cr, double x, double y, double w, double h, const char *text)
{
	g_autoptr(PangoLayout) layout = lttv_timeline_text_layout(cr, "Sans 10");
	int tw, th;

	pango_layout_set_text(layout, text, -1);
	pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
	pango_layout_get_pixel_size(layout, &tw, &th);
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.75, 0.77, 0.8);
	cairo_move_to(cr, x + (w - tw) / 2, y + (h - th) / 2);
	pango_cairo_show_layout(cr, layout);
	cairo_restore(cr);
}

/* The overview's bins resampled to `cols` pixel columns: each pixel gets
 * the bins it overlaps, in proportion (bins are finer than pixels on
 * most screens, coarser on very wide ones). */
static void resample(const HistCounts *ov, guint cols, double *px)
{
	guint done = hist_counts_done(ov);
	double per = (double)ov->cols / cols;

	for (guint p = 0; p < cols; p++) {
		double a = p * per, b = (p + 1) * per, sum = 0;

		for (guint k = (guint)a; k < ov->cols && k < b; k++) {
			double lo = MAX(a, (double)k), hi = MIN(b, (double)k + 1);

			if (k < done && hi > lo)
				sum += ov->counts[k] * (hi - lo);
		}
		px[p] = sum / per; /* events per bin: the same scale at any width */
	}
}

void hist_draw_overview(cairo_t *cr, const HistCounts *ov, double x, double y, double w, double h,
                        LttvTime t0, LttvTime t1, double progress, gboolean log_scale)
{
	g_autoptr(PangoLayout) layout = NULL;
	guint cols = (guint)MAX(1, lround(w));
	g_autofree double *px = NULL;
	double max = 0, bx0, bx1, top = y + 3, bh = h - 6;

	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 0.07, 0.08, 0.09);
	cairo_paint(cr);
	layout = lttv_timeline_text_layout(cr, "Sans 8");
	if (ov) {
		px = g_new0(double, cols);
		resample(ov, cols, px);
		for (guint p = 0; p < cols; p++)
			max = MAX(max, px[p]);
		cairo_set_source_rgb(cr, 0.25, 0.55, 0.33);
		for (guint p = 0; p < cols && max > 0; p++) {
			double f = log_scale ? log10(px[p] + 1) / log10(max + 1) : px[p] / max;
			double ph = px[p] > 0 ? MAX(1, round(f * bh)) : 0;

			if (ph > 0)
				cairo_rectangle(cr, x + p, top + bh - ph, 1, ph);
		}
		cairo_fill(cr);
		/* the window as a box over the whole trace */
		bx0 = x + floor(CLAMP(lttv_timeline_time_to_x(ov->t0, ov->t1, w, t0), 0, w));
		bx1 = x + ceil(CLAMP(lttv_timeline_time_to_x(ov->t0, ov->t1, w, t1), 0, w));
		if (bx1 - bx0 < 3) {
			double mid = (bx0 + bx1) / 2;

			bx0 = mid - 1.5;
			bx1 = mid + 1.5;
		}
		cairo_set_source_rgba(cr, 1, 1, 1, 0.15);
		cairo_rectangle(cr, bx0, y + 1, bx1 - bx0, h - 2);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.95, 0.95, 0.95);
		cairo_set_line_width(cr, 1);
		cairo_rectangle(cr, bx0 + 0.5, y + 1.5, bx1 - bx0 - 1, h - 3);
		cairo_stroke(cr);
	}
	if (!ov || hist_counts_done(ov) < ov->cols) {
		g_autofree char *text = g_strdup_printf(_("Counting the whole trace… %d %%"),
		                                        (int)(progress * 100));

		hist_draw_message(cr, x, y, w, h, text);
	} else {
		int tw, th;

		pango_layout_set_text(layout, _("Whole trace"), -1);
		pango_layout_get_pixel_size(layout, &tw, &th);
		/* over the bars: on a dark backdrop, to stay legible */
		cairo_set_source_rgba(cr, 0, 0, 0, 0.6);
		cairo_rectangle(cr, x + 2, y + 2, tw + 4, MIN(th, h - 3));
		cairo_fill(cr);
		cairo_set_source_rgba(cr, 0.8, 0.82, 0.85, 0.85);
		cairo_move_to(cr, x + 4, y + 2);
		pango_cairo_show_layout(cr, layout);
	}
	cairo_set_source_rgb(cr, 0.35, 0.37, 0.4);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, x, y + 0.5);
	cairo_line_to(cr, x + w, y + 0.5);
	cairo_stroke(cr);
	cairo_restore(cr);
}
