/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Drawing the resource rows, shared by the widget and the headless
 * rendering: one history sample per pixel column and resource, written
 * as pixels into an off-screen image per chunk of rows, so a redraw costs
 * pixels x rows whatever the number of events. */
#include "resources.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

/* Rows drawn per off-screen image: bounds its size for tall renderings. */
#define CHUNK_ROWS 64

static guint32 pack(const double rgb[3])
{
	return 0xff000000u | (guint32)(rgb[0] * 255 + 0.5) << 16 |
	       (guint32)(rgb[1] * 255 + 0.5) << 8 | (guint32)(rgb[2] * 255 + 0.5);
}

typedef struct {
	int x0, x1; /* columns */
	int y;      /* bar top in the chunk */
} Run;

/* The columns starting before the history's end. */
static int known_columns(const LttvHistory *h, LttvTime t0, LttvTime t1, int w)
{
	gint64 c = lttv_timeline_column_of(t0, t1, (guint)w, lttv_history_end(h));

	/* the column holding the end starts before it: it is known */
	return (int)CLAMP(c + 1, 0, w);
}

/* Whether the thread a CPU runs (its value v) is UNCERTAIN at t: the
 * engine lost track of it there (lost events, a switch from a thread it
 * did not know to run), and so of what the CPU did. */
static gboolean cpu_uncertain(const LttvHistory *h, guint trace, guint32 v, LttvTime t)
{
	guint i = LTTV_CPU_THREAD(v);
	LttvHistoryThread th;
	guint32 tv;

	if (i >= lttv_history_n_threads(h, trace))
		return FALSE;
	lttv_history_thread(h, trace, i, &th);
	return lttv_history_value_at(h, trace, th.row, t, &tv) && LTTV_THREAD_UNCERTAIN(tv);
}

typedef struct {
	guint32 *values;
	guint8 *flags;
	guint32 *colour;   /* per column, 0: no value */
	gboolean *hatched; /* per column */
	guint *acc;        /* per column: a collapsed group's summary */
} Scratch;

/* One resource's bar (bar_h lines from line `top` of px; the dots two
 * lines above it); appends its hatched runs. */
static void resource_pixels(guint32 *px, int stride, int w, int top, int bar_h,
                            const LttvHistory *h, const ResItem *it, const ResDrawParams *p,
                            Scratch *s, GArray *hatch)
{
	guint32 *line = px + (gsize)top * stride;
	guint32 *mark = top >= 2 ? px + (gsize)(top - 2) * stride : NULL;
	int known = known_columns(h, p->t0, p->t1, w);

	lttv_history_sample(h, it->trace, it->hrow, p->t0, p->t1, (guint)w, s->values, s->flags);
	for (int c = 0; c < w; c++) {
		double rgb[3];
		guint mode;

		/* nothing is known after the history's end, or before the
		 * row's first value: the background shows */
		if (c >= known || !(s->flags[c] & LTTV_SAMPLE_VALUE)) {
			s->colour[c] = 0;
			s->hatched[c] = FALSE;
			if (c < known && mark && (s->flags[c] & LTTV_SAMPLE_SEVERAL))
				mark[c] = 0xffffffffu;
			continue;
		}
		mode = res_mode_of(it->kind, s->values[c]);
		s->hatched[c] = res_mode_colour(it->kind, mode, rgb);
		if (!s->hatched[c] && it->kind == RES_CPU)
			s->hatched[c] = cpu_uncertain(
			        h, it->trace, s->values[c],
			        lttv_timeline_column_start(p->t0, p->t1, (guint)w, (guint)c));
		s->colour[c] = pack(rgb);
		line[c] = s->colour[c];
		/* several values in one column: a white dot above the bar */
		if (mark && (s->flags[c] & LTTV_SAMPLE_SEVERAL))
			mark[c] = 0xffffffffu;
	}
	for (int y = 1; y < bar_h; y++)
		memcpy(line + (gsize)y * stride, line, (gsize)w * sizeof(guint32));
	for (int c = 0; c < w;) {
		int e = c + 1;

		if (!s->colour[c] || !s->hatched[c]) {
			c++;
			continue;
		}
		while (e < w && s->colour[e] && s->hatched[e])
			e++;
		g_array_append_val(hatch, ((Run){c, e, top}));
		c = e;
	}
}

/* How active a mode is, for a collapsed group's summary: the most
 * active of its resources shows (CPUs: busy or not, counted). */
static guint activity(ResKind k, guint mode)
{
	switch (k) {
	case RES_CPU: return mode != LTTV_CPU_IDLE && mode != LTTV_CPU_UNKNOWN;
	case RES_DISK: return mode == LTTV_DISK_WRITING ? 2 : mode == LTTV_DISK_READING;
	default: return mode; /* IRQ: idle, busy; softirq: idle, raised, running */
	}
}

/* A collapsed group's summary bar: per column, the share of its CPUs
 * busy (grey to white), or the most active mode of its resources. */
static void group_summary(guint32 *line, int w, const LttvHistory *h, const ResItem *group,
                          const ResDrawParams *p, Scratch *s)
{
	int known = known_columns(h, p->t0, p->t1, w);
	/* (a group's resources follow its header in the items) */
	const ResItem *res = group + 1;

	memset(s->acc, 0, (gsize)w * sizeof(guint));
	memset(s->hatched, 0, (gsize)w * sizeof(gboolean)); /* "some value" */
	for (guint k = 0; k < group->n_rows; k++) {
		lttv_history_sample(h, res[k].trace, res[k].hrow, p->t0, p->t1, (guint)w, s->values,
		                    s->flags);
		for (int c = 0; c < known; c++) {
			guint a;

			if (!(s->flags[c] & LTTV_SAMPLE_VALUE))
				continue;
			a = activity(group->kind, res_mode_of(group->kind, s->values[c]));
			s->hatched[c] = TRUE;
			s->acc[c] = group->kind == RES_CPU ? s->acc[c] + a : MAX(s->acc[c], a);
		}
	}
	for (int c = 0; c < known; c++) {
		double rgb[3];

		if (!s->hatched[c])
			continue;
		if (group->kind == RES_CPU) {
			double busy = (double)s->acc[c] / MAX(group->n_rows, 1);
			double idle[3];

			lttv_palette_cpu(LTTV_CPU_IDLE, idle);
			for (int i = 0; i < 3; i++)
				rgb[i] = idle[i] + (1.0 - idle[i]) * busy;
		} else {
			guint mode = s->acc[c];

			if (group->kind == RES_DISK)
				mode = mode == 2   ? LTTV_DISK_WRITING
				       : mode == 1 ? LTTV_DISK_READING
				                   : LTTV_DISK_IDLE;
			res_mode_colour(group->kind, mode, rgb);
		}
		line[c] = pack(rgb);
	}
}

/* A header's band over the whole row, a collapsed group's summary in it. */
static void header_pixels(guint32 *px, int stride, int w, int top, int row_h, int bar_off,
                          int bar_h, const LttvHistory *h, const ResItem *it,
                          const ResDrawParams *p, Scratch *s)
{
	guint32 band = it->type == RES_ITEM_TRACE ? 0xff252a36u : 0xff181b22u;
	int sum_h = MAX(1, bar_h / 2), sum_top = top + bar_off + (bar_h - sum_h) / 2;

	for (int y = top + 1; y < top + row_h; y++)
		for (int c = 0; c < w; c++)
			px[(gsize)y * stride + c] = band;
	if (it->type != RES_ITEM_GROUP || !it->collapsed)
		return;
	group_summary(px + (gsize)sum_top * stride, w, h, it, p, s);
	for (int y = 1; y < sum_h; y++)
		memcpy(px + (gsize)(sum_top + y) * stride, px + (gsize)sum_top * stride,
		       (gsize)w * sizeof(guint32));
}

void res_draw_rows(cairo_t *cr, const LttvHistory *h, const ResItem *const *items, guint n,
                   double y0, const ResDrawParams *p)
{
	int w = (int)p->w, row_h = (int)p->row_h;
	int bar_h = MAX(1, (int)lround(p->row_h * RES_BAR_FRACTION));
	int bar_off = (row_h - bar_h) / 2;
	Scratch s;
	g_autoptr(GArray) hatch = g_array_new(FALSE, FALSE, sizeof(Run));
	cairo_surface_t *img;
	double cx0, cy0, cx1, cy1;

	if (w <= 0 || row_h <= 0 || n == 0)
		return;
	s.values = g_new(guint32, w);
	s.flags = g_new(guint8, w);
	s.colour = g_new(guint32, w);
	s.hatched = g_new(gboolean, w);
	s.acc = g_new(guint, w);
	cairo_clip_extents(cr, &cx0, &cy0, &cx1, &cy1);
	img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, CHUNK_ROWS * row_h);
	for (guint first = 0; first < n; first += CHUNK_ROWS) {
		guint count = MIN(CHUNK_ROWS, n - first);
		double cy = y0 + (double)first * row_h;
		guint32 *px;
		int stride;

		/* only the rows inside the clip */
		if (cy > cy1 || cy + (double)count * row_h < cy0)
			continue;
		cairo_surface_flush(img);
		px = (guint32 *)cairo_image_surface_get_data(img);
		stride = cairo_image_surface_get_stride(img) / 4;
		memset(px, 0, (gsize)stride * 4 * count * row_h);
		g_array_set_size(hatch, 0);
		for (guint i = 0; i < count; i++) {
			double ry = cy + (double)i * row_h;
			const ResItem *it = items[first + i];

			if (ry > cy1 || ry + row_h < cy0)
				continue;
			if (it->type == RES_ITEM_RESOURCE)
				resource_pixels(px, stride, w, (int)i * row_h + bar_off, bar_h, h,
				                it, p, &s, hatch);
			else
				header_pixels(px, stride, w, (int)i * row_h, row_h, bar_off, bar_h,
				              h, it, p, &s);
		}
		cairo_surface_mark_dirty(img);
		cairo_save(cr);
		cairo_rectangle(cr, p->x, cy, w, (double)count * row_h);
		cairo_clip(cr);
		cairo_set_source_surface(cr, img, p->x, cy);
		cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
		cairo_paint(cr);
		for (guint i = 0; i < hatch->len; i++) {
			const Run *run = &g_array_index(hatch, Run, i);

			lttv_palette_hatch(cr, p->x + run->x0, cy + run->y, run->x1 - run->x0,
			                   bar_h);
		}
		cairo_restore(cr);
	}
	cairo_surface_destroy(img);
	g_free(s.values);
	g_free(s.flags);
	g_free(s.colour);
	g_free(s.hatched);
	g_free(s.acc);
	if (!lttv_history_complete(h)) {
		/* a build still running: the part not read yet is marked */
		int k = known_columns(h, p->t0, p->t1, w);
		double top = MAX(y0, cy0), bottom = MIN(y0 + (double)n * row_h, cy1);

		if (k < w && bottom > top) {
			cairo_save(cr);
			cairo_rectangle(cr, p->x + k, top, w - k, bottom - top);
			cairo_set_source_rgba(cr, 0.35, 0.35, 0.4, 0.5);
			cairo_fill(cr);
			cairo_restore(cr);
		}
	}
}

/* --- the names column --- */

static PangoLayout *text_layout(cairo_t *cr, const char *font)
{
	return lttv_timeline_text_layout(cr, font);
}

/* A small triangle: pointing right (collapsed) or down (expanded). */
static void draw_expander(cairo_t *cr, double x, double cy, gboolean expanded)
{
	if (expanded) {
		cairo_move_to(cr, x, cy - 2.5);
		cairo_line_to(cr, x + 8, cy - 2.5);
		cairo_line_to(cr, x + 4, cy + 3);
	} else {
		cairo_move_to(cr, x + 1.5, cy - 4);
		cairo_line_to(cr, x + 7, cy);
		cairo_line_to(cr, x + 1.5, cy + 4);
	}
	cairo_close_path(cr);
	cairo_fill(cr);
}

void res_draw_names(cairo_t *cr, double x, double y, double w, double row_h,
                    const ResItem *const *items, guint n, int cursor, gboolean focused)
{
	g_autoptr(PangoLayout) plain = text_layout(cr, "Sans 9");
	g_autoptr(PangoLayout) bold = text_layout(cr, "Sans Bold 9");
	double cx0, cy0, cx1, cy1;

	pango_layout_set_ellipsize(plain, PANGO_ELLIPSIZE_END);
	pango_layout_set_ellipsize(bold, PANGO_ELLIPSIZE_END);
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, row_h * n);
	cairo_clip(cr);
	cairo_clip_extents(cr, &cx0, &cy0, &cx1, &cy1);
	for (guint i = 0; i < n; i++) {
		const ResItem *it = items[i];
		double ry = y + i * row_h, indent;
		gboolean header = it->type != RES_ITEM_RESOURCE;
		PangoLayout *layout = header ? bold : plain;
		int tw = 0, th;

		if (ry + row_h < cy0 || ry > cy1)
			continue;
		if (it->type == RES_ITEM_TRACE)
			cairo_set_source_rgb(cr, 0.15, 0.17, 0.22);
		else if (header)
			cairo_set_source_rgb(cr, 0.1, 0.11, 0.14);
		else
			cairo_set_source_rgb(cr, i % 2 ? 0.16 : 0.13, i % 2 ? 0.16 : 0.13,
			                     i % 2 ? 0.17 : 0.14);
		cairo_rectangle(cr, x, ry, w, row_h);
		cairo_fill(cr);
		if ((int)i == cursor) {
			cairo_set_source_rgba(cr, 0.3, 0.5, 0.9, focused ? 0.45 : 0.2);
			cairo_rectangle(cr, x, ry, w, row_h);
			cairo_fill(cr);
		}
		indent = it->type == RES_ITEM_TRACE ? 4 : it->type == RES_ITEM_GROUP ? 16 : 30;
		if (header) {
			cairo_set_source_rgb(cr, 0.75, 0.78, 0.85);
			draw_expander(cr, x + indent, ry + row_h / 2, !it->collapsed);
			indent += 12;
		}
		if (it->detail[0]) {
			pango_layout_set_width(plain, -1);
			pango_layout_set_text(plain, it->detail, -1);
			pango_layout_get_pixel_size(plain, &tw, &th);
			cairo_set_source_rgb(cr, 0.6, 0.63, 0.68);
			cairo_move_to(cr, x + w - tw - 6, ry + (row_h - th) / 2);
			pango_cairo_show_layout(cr, plain);
		}
		pango_layout_set_width(layout, (int)MAX(1, w - tw - 14 - indent) * PANGO_SCALE);
		pango_layout_set_text(layout, it->label, -1);
		pango_layout_get_pixel_size(layout, NULL, &th);
		if (header || it->name || it->kind == RES_CPU)
			cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
		else
			cairo_set_source_rgb(cr, 0.7, 0.7, 0.7); /* no name known */
		cairo_move_to(cr, x + indent, ry + (row_h - th) / 2);
		pango_cairo_show_layout(cr, layout);
	}
	cairo_restore(cr);
}

void res_draw_names_header(cairo_t *cr, double w, double h)
{
	g_autoptr(PangoLayout) layout = text_layout(cr, "Sans Bold 9");
	int tw, th;

	cairo_set_source_rgb(cr, 0.13, 0.14, 0.16);
	cairo_rectangle(cr, 0, 0, w, h);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.85, 0.87, 0.9);
	pango_layout_set_text(layout, _("Resource"), -1);
	pango_layout_get_pixel_size(layout, &tw, &th);
	cairo_move_to(cr, 6, h - th - 4);
	pango_cairo_show_layout(cr, layout);
	cairo_set_source_rgb(cr, 0.35, 0.37, 0.4);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, 0, h - 0.5);
	cairo_line_to(cr, w, h - 0.5);
	cairo_move_to(cr, w - 0.5, 0);
	cairo_line_to(cr, w - 0.5, h);
	cairo_stroke(cr);
}

void res_draw_message(cairo_t *cr, double x, double y, double w, double h, const char *text)
{
	g_autoptr(PangoLayout) layout = NULL;
	int th;

	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_paint(cr);
	layout = text_layout(cr, "Sans 11");
	pango_layout_set_width(layout, (int)MAX(1, w - 40) * PANGO_SCALE);
	pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(layout, text, -1);
	pango_layout_get_pixel_size(layout, NULL, &th);
	cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
	cairo_move_to(cr, x + 20, y + MAX(10, (h - th) / 2));
	pango_cairo_show_layout(cr, layout);
	cairo_restore(cr);
}

/* --- the legend --- */

static const char *kind_legend(ResKind k)
{
	switch (k) {
	case RES_CPU: return _("CPU");
	case RES_IRQ: return _("IRQ line");
	case RES_SOFTIRQ: return _("Softirq");
	default: return _("Block device");
	}
}

double res_draw_legend(cairo_t *cr, double x, double y, double w)
{
	g_autoptr(PangoLayout) layout = text_layout(cr, "Sans 9");
	g_autoptr(PangoLayout) bold = text_layout(cr, "Sans Bold 9");
	const double sw = 22, sh = 10, line = 20, col_w = 128, head_w = 100;
	double iy = y + 6;

	for (int k = 0; k < RES_N_KINDS; k++) {
		int per_line = MAX(1, (int)((w - head_w - 8) / col_w));
		guint shown = 0;

		pango_layout_set_text(bold, kind_legend(k), -1);
		cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
		cairo_move_to(cr, x + 8, iy);
		pango_cairo_show_layout(cr, bold);
		for (guint m = 0; m < res_n_modes(k); m++) {
			double ix, rgb[3];
			gboolean hatched;

			/* traps never occur (no trap events in LTTng 2.x kernel
			 * traces); a disk is never "unknown" */
			if ((k == RES_CPU && m == LTTV_CPU_TRAP) ||
			    (k == RES_DISK && m == LTTV_DISK_UNKNOWN))
				continue;
			if (shown && shown % per_line == 0)
				iy += line;
			ix = x + head_w + (shown % per_line) * col_w;
			shown++;
			hatched = res_mode_colour(k, m, rgb);
			cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
			cairo_rectangle(cr, ix, iy + 3, sw, sh);
			cairo_fill(cr);
			if (hatched)
				lttv_palette_hatch(cr, ix, iy + 3, sw, sh);
			pango_layout_set_text(layout, res_mode_label(k, m), -1);
			cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
			cairo_move_to(cr, ix + sw + 6, iy);
			pango_cairo_show_layout(cr, layout);
		}
		iy += line;
	}
	/* the marks */
	{
		double rgb[3], ix = x + head_w;

		lttv_palette_cpu(LTTV_CPU_BUSY, rgb);
		cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
		cairo_rectangle(cr, ix, iy + 3, sw, sh);
		cairo_fill(cr);
		lttv_palette_hatch(cr, ix, iy + 3, sw, sh);
		pango_layout_set_text(layout, _("uncertain (hatched)"), -1);
		cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
		cairo_move_to(cr, ix + sw + 6, iy);
		pango_cairo_show_layout(cr, layout);
		ix += 2 * col_w;
		lttv_palette_cpu(LTTV_CPU_IDLE, rgb);
		cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
		cairo_rectangle(cr, ix, iy + 5, sw, sh);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 1, 1, 1);
		for (int d = 0; d < 5; d += 2)
			cairo_rectangle(cr, ix + 8 + d, iy + 3, 1, 1);
		cairo_fill(cr);
		pango_layout_set_text(layout, _("several changes in a pixel"), -1);
		cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
		cairo_move_to(cr, ix + sw + 6, iy);
		pango_cairo_show_layout(cr, layout);
		iy += line;
	}
	return iy - y + 6;
}
