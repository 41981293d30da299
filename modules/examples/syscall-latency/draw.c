/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The table and the histogram, drawn with cairo and pango: the widget's
 * histogram and the headless render() use the same code. */
#include "latency.h"
#include <lttv/view.h>
#include <math.h>
#include <pango/pangocairo.h>

#define FONT  "Sans 9"
#define ROW_H 18.0
#define PAD   6.0

/* Draws `text` with its left (align 0), centre (0.5) or right (1) edge at
 * x and its top at y; returns its width. */
static double text_at(cairo_t *cr, const char *text, double x, double y, double align,
                      gboolean bold)
{
	g_autoptr(PangoLayout) layout = pango_cairo_create_layout(cr);
	PangoFontDescription *font = pango_font_description_from_string(FONT);
	int w, h;

	if (bold)
		pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	pango_layout_set_text(layout, text, -1);
	pango_layout_get_pixel_size(layout, &w, &h);
	cairo_move_to(cr, x - align * w, y);
	pango_cairo_show_layout(cr, layout);
	return w;
}

/* The shown bucket range: every non-empty bucket, whole decades. */
static void bucket_range(const SlResult *r, int *first, int *last)
{
	*first = SL_N_BUCKETS;
	*last = -1;
	for (int b = 0; b < SL_N_BUCKETS; b++)
		if (r->buckets[b]) {
			*first = MIN(*first, b);
			*last = MAX(*last, b);
		}
	if (*last < 0)
		*first = *last = 0;
	*first -= *first % SL_BUCKETS_PER_DECADE;
	*last += SL_BUCKETS_PER_DECADE - 1 - *last % SL_BUCKETS_PER_DECADE;
}

void sl_draw_histogram(const SlResult *r, cairo_t *cr, double x, double y, double w, double h)
{
	const double left = 48, bottom = 34, top = 20;
	double px = x + left, pw = w - left - PAD, py = y + top, ph = h - top - bottom;
	double rgb[3];
	guint64 max = 0;
	int first, last, nb;
	char buf[64];

	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	text_at(cr, "Durations (log scale): number of calls", x + PAD, y + 2, 0, TRUE);
	if (pw < 20 || ph < 10 || !r || r->n_calls == 0) {
		cairo_restore(cr);
		return;
	}
	bucket_range(r, &first, &last);
	nb = last - first + 1;
	for (int b = first; b <= last; b++)
		max = MAX(max, r->buckets[b]);
	/* the bars, in the colour of SYSCALL mode everywhere in LTTV */
	lttv_palette_mode(LTTV_MODE_SYSCALL, rgb);
	for (int b = first; b <= last; b++) {
		double bh = ph * (double)r->buckets[b] / (double)max;
		double bx = px + pw * (b - first) / nb;

		if (!r->buckets[b])
			continue;
		bh = MAX(bh, 1);
		cairo_rectangle(cr, bx + 1, py + ph - bh, pw / nb - 2, bh);
		cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
		cairo_fill_preserve(cr);
		cairo_set_source_rgb(cr, rgb[0] * 0.6, rgb[1] * 0.6, rgb[2] * 0.6);
		cairo_set_line_width(cr, 1);
		cairo_stroke(cr);
	}
	/* axes: a label per decade under x, 0 and the maximum beside y */
	cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, px - 0.5, py);
	cairo_line_to(cr, px - 0.5, py + ph + 0.5);
	cairo_line_to(cr, px + pw, py + ph + 0.5);
	cairo_stroke(cr);
	/* one decade per label, or more when they would not fit */
	int every = SL_BUCKETS_PER_DECADE;

	while (pw * every / nb < 56 && every < nb)
		every += SL_BUCKETS_PER_DECADE;
	for (int b = first; b <= last + 1; b += SL_BUCKETS_PER_DECADE) {
		double tx = px + pw * (b - first) / nb;

		if ((b - first) % every)
			continue;

		cairo_move_to(cr, floor(tx) + 0.5, py + ph);
		cairo_line_to(cr, floor(tx) + 0.5, py + ph + 4);
		cairo_stroke(cr);
		text_at(cr, sl_format_duration(sl_bucket_floor(b), buf, sizeof buf), tx,
		        py + ph + 6,
		        b == first ? 0
		        : b > last ? 1
		                   : 0.5,
		        FALSE);
	}
	g_snprintf(buf, sizeof buf, "%" G_GUINT64_FORMAT, max);
	text_at(cr, buf, px - 4, py - 6, 1, FALSE);
	text_at(cr, "0", px - 4, py + ph - 8, 1, FALSE);
	cairo_restore(cr);
}

static const char *const headers[] = {"System call", "Count", "Min", "Mean", "Max", "Total"};
/* right edges of the columns but the first (left-aligned), as fractions
 * of the width */
static const double col_right[] = {0, 0.50, 0.625, 0.75, 0.875, 1.0};

static void table_row(cairo_t *cr, const char *const cells[6], double y, int width, gboolean bold)
{
	text_at(cr, cells[0], PAD, y + 2, 0, bold);
	for (int c = 1; c < 6; c++)
		text_at(cr, cells[c], PAD + (width - 2 * PAD) * col_right[c], y + 2, 1, bold);
}

void sl_draw_all(const SlResult *r, const char *title, cairo_t *cr, int width, int height,
                 GString *layout)
{
	double y = PAD, table_h, hist_y;
	guint n_rows = r ? r->stats->len : 0, shown;
	char b[5][32];

	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	{
		g_autoptr(PangoLayout) tl = pango_cairo_create_layout(cr);
		PangoFontDescription *font = pango_font_description_from_string(FONT);

		pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
		pango_layout_set_font_description(tl, font);
		pango_font_description_free(font);
		pango_layout_set_text(tl, title, -1);
		pango_layout_set_width(tl, (int)((width - 2 * PAD) * PANGO_SCALE));
		pango_layout_set_ellipsize(tl, PANGO_ELLIPSIZE_END);
		cairo_move_to(cr, PAD, y);
		pango_cairo_show_layout(cr, tl);
	}
	if (layout)
		g_string_append_printf(layout, "%d %d title\n", (int)y, (int)(y + ROW_H));
	y += ROW_H + 4;
	/* the table gets what it needs, up to 55% of the height */
	table_h = MIN((n_rows + 1) * ROW_H, height * 0.55 - y);
	shown = table_h > ROW_H ? (guint)(table_h / ROW_H) - 1 : 0;
	shown = MIN(shown, n_rows);
	cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
	cairo_rectangle(cr, 0, y, width, ROW_H);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	table_row(cr, headers, y, width, TRUE);
	y += ROW_H;
	for (guint i = 0; i < shown; i++) {
		const SlStat *s = r->stats->pdata[i];
		const char *cells[6] = {s->name,
		                        b[0],
		                        sl_format_duration(s->min, b[1], 32),
		                        sl_format_duration((double)s->total / s->count, b[2], 32),
		                        sl_format_duration(s->max, b[3], 32),
		                        sl_format_duration(s->total, b[4], 32)};

		g_snprintf(b[0], 32, "%" G_GUINT64_FORMAT, s->count);
		if (i % 2) {
			cairo_set_source_rgb(cr, 0.96, 0.96, 0.98);
			cairo_rectangle(cr, 0, y, width, ROW_H);
			cairo_fill(cr);
		}
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		table_row(cr, cells, y, width, FALSE);
		if (layout)
			g_string_append_printf(layout,
			                       "%d %d name=%s count=%" G_GUINT64_FORMAT
			                       " min=%" G_GINT64_FORMAT " mean=%" G_GINT64_FORMAT
			                       " max=%" G_GINT64_FORMAT " total=%" G_GINT64_FORMAT
			                       "\n",
			                       (int)y, (int)(y + ROW_H), s->name, s->count, s->min,
			                       s->total / (int64_t)s->count, s->max, s->total);
		y += ROW_H;
	}
	if (shown < n_rows) {
		g_autofree char *more = g_strdup_printf("... and %u more", n_rows - shown);

		text_at(cr, more, PAD, y + 2, 0, FALSE);
		y += ROW_H;
	}
	if (n_rows == 0) {
		text_at(cr, r ? "No completed system call began in this range." : "", PAD, y + 2, 0,
		        FALSE);
		y += ROW_H;
	}
	hist_y = y + PAD;
	if (height - hist_y > 60) {
		sl_draw_histogram(r, cr, 0, hist_y, width, height - hist_y - PAD);
		if (layout && r) {
			g_string_append_printf(layout, "%d %d histogram calls=%" G_GUINT64_FORMAT,
			                       (int)hist_y, height - (int)PAD, r->n_calls);
			for (int k = 0; k < SL_N_BUCKETS; k++)
				if (r->buckets[k])
					g_string_append_printf(layout, " b%d=%" G_GUINT64_FORMAT, k,
					                       r->buckets[k]);
			g_string_append_c(layout, '\n');
		}
	}
	cairo_restore(cr);
}
