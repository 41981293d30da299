/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Drawing the control flow rows, shared by the widget and the headless
 * rendering: one history sample per pixel column and row, written as
 * pixels (a run of equal columns is one memory fill), so a redraw costs
 * pixels x rows whatever the number of events. */
#include "cf.h"

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
	double x0, x1; /* in the time-line area */
	double y;      /* bar top in the chunk */
} Run;

/* The columns starting before the history's end. */
static int known_columns(const LttvHistory *h, LttvTime t0, LttvTime t1, int w)
{
	LttvTime end = lttv_history_end(h);
	int c = lttv_timeline_column_of(t0, t1, (guint)w, end);

	/* the column holding the end starts before it: it is known */
	return CLAMP(c + 1, 0, w);
}

/* Fills one row's bar (bar_y lines below px; the marks 2 lines above
 * it) in an image; appends UNCERTAIN runs at run_y. */
static void row_pixels(guint32 *px, int stride, int w, int bar_y, int bar_h, int run_y,
                       const LttvHistory *h, const CfRow *r, LttvTime t0, LttvTime t1,
                       guint32 *values, guint8 *flags, GArray *uncertain)
{
	guint32 *line = px + (gsize)bar_y * stride;
	guint32 *mark = bar_y >= 2 ? px + (gsize)(bar_y - 2) * stride : NULL;
	int c = 0;

	lttv_history_sample(h, r->trace, r->hrow, t0, t1, (guint)w, values, flags);
	/* nothing is known after the history's end (the last event, or what a
	 * build still running has reached): those columns stay background */
	for (int k = known_columns(h, t0, t1, w); k < w; k++) {
		flags[k] = 0;
		line[k] = 0xff000000u;
	}
	while (c < w) {
		int e = c + 1;
		double rgb[3];
		guint32 colour;

		if (!(flags[c] & LTTV_SAMPLE_VALUE)) {
			/* no value yet: background, but show where it begins */
			line[c] = 0xff000000u;
			if (mark && (flags[c] & LTTV_SAMPLE_SEVERAL))
				mark[c] = 0xffffffffu;
			c++;
			continue;
		}
		while (e < w && (flags[e] & LTTV_SAMPLE_VALUE) && values[e] == values[c])
			e++;
		lttv_palette_thread(values[c], rgb);
		colour = pack(rgb);
		for (int k = c; k < e; k++)
			line[k] = colour;
		if (LTTV_THREAD_UNCERTAIN(values[c])) {
			Run run = {c, e, run_y};
			g_array_append_val(uncertain, run);
		}
		/* several states in one column: a white dot above the bar */
		if (mark)
			for (int k = c; k < e; k++)
				if (flags[k] & LTTV_SAMPLE_SEVERAL)
					mark[k] = 0xffffffffu;
		c = e;
	}
	for (int y = 1; y < bar_h; y++)
		memcpy(line + (gsize)y * stride, line, (gsize)w * sizeof(guint32));
}

/* The target's pixels when `cr` draws straight onto an image surface
 * (headless rendering, export, a GTK back buffer) with only an integer
 * translation: rows are then written in place, with no intermediate
 * image to composite.  NULL otherwise. */
typedef struct {
	cairo_surface_t *target;
	guint32 *data;
	int stride, width, height; /* stride in pixels */
	int dx, dy;                /* user to device */
	double cx0, cy0, cx1, cy1; /* the clip, in user space */
} Direct;

static gboolean direct_target(cairo_t *cr, Direct *d)
{
	cairo_matrix_t m;
	double ox, oy, sx, sy;
	cairo_format_t f;

	d->target = cairo_get_group_target(cr);
	if (cairo_surface_get_type(d->target) != CAIRO_SURFACE_TYPE_IMAGE)
		return FALSE;
	f = cairo_image_surface_get_format(d->target);
	if (f != CAIRO_FORMAT_RGB24 && f != CAIRO_FORMAT_ARGB32)
		return FALSE;
	cairo_get_matrix(cr, &m);
	cairo_surface_get_device_offset(d->target, &ox, &oy);
	cairo_surface_get_device_scale(d->target, &sx, &sy);
	if (m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0 || sx != 1 || sy != 1 ||
	    m.x0 + ox != floor(m.x0 + ox) || m.y0 + oy != floor(m.y0 + oy))
		return FALSE;
	cairo_surface_flush(d->target);
	d->data = (guint32 *)cairo_image_surface_get_data(d->target);
	if (!d->data)
		return FALSE;
	d->stride = cairo_image_surface_get_stride(d->target) / 4;
	d->width = cairo_image_surface_get_width(d->target);
	d->height = cairo_image_surface_get_height(d->target);
	d->dx = (int)(m.x0 + ox);
	d->dy = (int)(m.y0 + oy);
	cairo_clip_extents(cr, &d->cx0, &d->cy0, &d->cx1, &d->cy1);
	return TRUE;
}

/* The pixel at user (x, y) when the rectangle (x, y, w, h) lies inside
 * the target and the clip; NULL otherwise. */
static guint32 *direct_at(const Direct *d, int x, int y, int w, int h)
{
	int X = x + d->dx, Y = y + d->dy;

	if (!d->data || x < d->cx0 || y < d->cy0 || x + w > d->cx1 || y + h > d->cy1 || X < 0 ||
	    Y < 0 || X + w > d->width || Y + h > d->height)
		return NULL;
	return d->data + (gsize)Y * d->stride + X;
}

void cf_draw_rows(cairo_t *cr, const LttvHistory *h, const CfRow *const *rows, guint n, double y0,
                  const CfDrawParams *p)
{
	Direct direct = {0};
	int w = (int)p->w, row_h = (int)p->row_h;
	int bar_h = MAX(1, (int)lround(p->row_h * CF_BAR_FRACTION));
	int bar_off = (row_h - bar_h) / 2;
	g_autofree guint32 *values = NULL;
	g_autofree guint8 *flags = NULL;
	g_autoptr(GArray) uncertain = g_array_new(FALSE, FALSE, sizeof(Run));
	cairo_surface_t *img;
	double clip_y0, clip_y1, cx0, cx1;

	if (w <= 0 || row_h <= 0 || n == 0)
		return;
	values = g_new(guint32, w);
	flags = g_new(guint8, w);
	cairo_clip_extents(cr, &cx0, &clip_y0, &cx1, &clip_y1);
	if (!direct_target(cr, &direct))
		direct.data = NULL;
	img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, CHUNK_ROWS * row_h);
	for (guint first = 0; first < n; first += CHUNK_ROWS) {
		guint count = MIN(CHUNK_ROWS, n - first);
		double cy = y0 + (double)first * row_h;
		guint32 *px;
		int stride;

		/* only the rows inside the clip */
		if (cy > clip_y1 || cy + (double)count * row_h < clip_y0)
			continue;
		cairo_surface_flush(img);
		if (direct.data)
			cairo_surface_flush(direct.target); /* the last chunk's hatching */
		px = (guint32 *)cairo_image_surface_get_data(img);
		stride = cairo_image_surface_get_stride(img) / 4;
		g_array_set_size(uncertain, 0);
		cairo_save(cr);
		/* only the bars and the line of marks above them are copied: the
		 * rest of a row is the background already there */
		for (guint i = 0; i < count; i++) {
			double ry = cy + (double)i * row_h;
			int top = (int)i * row_h + bar_off, mark = MIN(2, top);

			if (ry > clip_y1 || ry + row_h < clip_y0)
				continue;
			/* the caller painted the background: the bar and its marks
			 * are written in place when the target allows, else into
			 * the chunk image, copied below */
			int ux = (int)p->x, uy = (int)cy + top - mark;
			guint32 *in_place = (double)ux == p->x && (double)(int)cy == cy
			                            ? direct_at(&direct, ux, uy, w, bar_h + mark)
			                            : NULL;

			if (in_place) {
				row_pixels(in_place, direct.stride, w, mark, bar_h, top, h,
				           rows[first + i], p->t0, p->t1, values, flags, uncertain);
				cairo_surface_mark_dirty_rectangle(direct.target, ux + direct.dx,
				                                   uy + direct.dy, w, bar_h + mark);
				continue;
			}
			memset(px + (gsize)(top - mark) * stride, 0, (gsize)stride * 4 * mark);
			row_pixels(px, stride, w, top, bar_h, top, h, rows[first + i], p->t0, p->t1,
			           values, flags, uncertain);
			cairo_rectangle(cr, p->x, cy + top - mark, w, bar_h + mark);
		}
		cairo_surface_mark_dirty(img);
		cairo_clip(cr);
		cairo_set_source_surface(cr, img, p->x, cy);
		cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
		cairo_paint(cr);
		for (guint i = 0; i < uncertain->len; i++) {
			Run *run = &g_array_index(uncertain, Run, i);

			lttv_palette_hatch(cr, p->x + run->x0, cy + run->y, run->x1 - run->x0,
			                   bar_h);
		}
		cairo_restore(cr);
	}
	cairo_surface_destroy(img);
	if (!lttv_history_complete(h)) {
		/* a build still running: the part not read yet is marked */
		int k = known_columns(h, p->t0, p->t1, w);
		double top = MAX(y0, clip_y0), bottom = MIN(y0 + (double)n * row_h, clip_y1);

		if (k < w && bottom > top) {
			cairo_save(cr);
			cairo_rectangle(cr, p->x + k, top, w - k, bottom - top);
			cairo_set_source_rgba(cr, 0.35, 0.35, 0.4, 0.5);
			cairo_fill(cr);
			cairo_restore(cr);
		}
	}
}

void cf_draw_lost(cairo_t *cr, const CfDrawParams *p, double y, double h)
{
	for (guint i = 0; p->lost && i < p->lost->len; i++) {
		const CfLost *l = &g_array_index(p->lost, CfLost, i);
		double a, b;

		if (l->end < p->t0 || l->begin > p->t1)
			continue;
		a = floor(CLAMP(lttv_timeline_time_to_x(p->t0, p->t1, p->w, l->begin), 0, p->w));
		b = ceil(CLAMP(lttv_timeline_time_to_x(p->t0, p->t1, p->w, l->end), 0, p->w));
		if (b - a < 2)
			b = a + 2;
		/* a translucent red band, darker on top */
		cairo_set_source_rgba(cr, 1, 0.1, 0.1, 0.3);
		cairo_rectangle(cr, p->x + a, y, b - a, h);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 1, 0.15, 0.15);
		cairo_rectangle(cr, p->x + a, y, b - a, 3);
		cairo_fill(cr);
	}
}

void cf_draw_message(cairo_t *cr, double x, double y, double w, double h, const char *text)
{
	g_autoptr(PangoLayout) layout = NULL;
	int tw, th;

	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_paint(cr);
	layout = lttv_timeline_text_layout(cr, "Sans 11");
	pango_layout_set_width(layout, (int)MAX(1, w - 40) * PANGO_SCALE);
	pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(layout, text, -1);
	pango_layout_get_pixel_size(layout, &tw, &th);
	cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
	cairo_move_to(cr, x + 20, y + MAX(10, (h - th) / 2));
	pango_cairo_show_layout(cr, layout);
	cairo_restore(cr);
}

typedef struct {
	const char *name;
	LttvProcessStatus status;
	LttvExecMode mode;
	int special; /* 1: uncertain, 2: lost events, 3: several changes, 4: wakeup */
} LegendItem;

static const LegendItem legend_items[] = {
        {N_("Running, user mode"), LTTV_STATUS_RUN, LTTV_MODE_USER, 0},
        {N_("Running, system call"), LTTV_STATUS_RUN, LTTV_MODE_SYSCALL, 0},
        {N_("Running, trap"), LTTV_STATUS_RUN, LTTV_MODE_TRAP, 0},
        {N_("Running, IRQ"), LTTV_STATUS_RUN, LTTV_MODE_IRQ, 0},
        {N_("Running, softirq"), LTTV_STATUS_RUN, LTTV_MODE_SOFTIRQ, 0},
        {N_("Running, mode unknown"), LTTV_STATUS_RUN, LTTV_MODE_UNKNOWN, 0},
        {N_("Waiting (blocked)"), LTTV_STATUS_WAIT, 0, 0},
        {N_("Waiting for a CPU"), LTTV_STATUS_WAIT_CPU, 0, 0},
        {N_("Forked, not yet run"), LTTV_STATUS_WAIT_FORK, 0, 0},
        {N_("Exiting"), LTTV_STATUS_EXIT, 0, 0},
        {N_("Zombie"), LTTV_STATUS_ZOMBIE, 0, 0},
        {N_("Unnamed"), LTTV_STATUS_UNNAMED, 0, 0},
        {N_("Uncertain (hatched)"), LTTV_STATUS_WAIT, 0, 1},
        {N_("Events lost"), 0, 0, 2},
        {N_("Several changes in a pixel"), 0, 0, 3},
        {N_("Wakeup (waker to woken)"), 0, 0, 4},
};

double cf_draw_legend(cairo_t *cr, double x, double y, double w)
{
	g_autoptr(PangoLayout) layout = lttv_timeline_text_layout(cr, "Sans 9");
	const double sw = 22, sh = 10, line = 20, col_w = 200;
	int per_line = MAX(1, (int)(w / col_w));
	guint n = G_N_ELEMENTS(legend_items);

	for (guint i = 0; i < n; i++) {
		const LegendItem *it = &legend_items[i];
		double ix = x + 8 + (i % per_line) * col_w, iy = y + 6 + (i / per_line) * line;
		double rgb[3];

		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_rectangle(cr, ix - 2, iy, sw + 4, line - 4);
		cairo_fill(cr);
		if (it->special == 2) {
			cairo_set_source_rgba(cr, 1, 0.1, 0.1, 0.45);
			cairo_rectangle(cr, ix, iy, sw, line - 4);
			cairo_fill(cr);
		} else if (it->special == 4) {
			cairo_set_source_rgb(cr, 0.3, 0.95, 1.0);
			cairo_move_to(cr, ix + 2, iy + 8.5);
			cairo_line_to(cr, ix + sw - 6, iy + 8.5);
			cairo_set_line_width(cr, 1);
			cairo_stroke(cr);
			cairo_move_to(cr, ix + sw, iy + 8.5);
			cairo_line_to(cr, ix + sw - 6, iy + 5);
			cairo_line_to(cr, ix + sw - 6, iy + 12);
			cairo_close_path(cr);
			cairo_fill(cr);
		} else if (it->special == 3) {
			lttv_palette_mode(LTTV_MODE_USER, rgb);
			cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
			cairo_rectangle(cr, ix, iy + 5, sw, sh);
			cairo_fill(cr);
			cairo_set_source_rgb(cr, 1, 1, 1);
			for (int k = 0; k < 5; k += 2)
				cairo_rectangle(cr, ix + 8 + k, iy + 3, 1, 1);
			cairo_fill(cr);
		} else {
			if (it->status == LTTV_STATUS_RUN)
				lttv_palette_mode(it->mode, rgb);
			else
				lttv_palette_status(it->status, rgb);
			cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
			cairo_rectangle(cr, ix, iy + 3, sw, sh);
			cairo_fill(cr);
			if (it->special == 1)
				lttv_palette_hatch(cr, ix, iy + 3, sw, sh);
		}
		pango_layout_set_text(layout, _(it->name), -1);
		cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
		cairo_move_to(cr, ix + sw + 6, iy);
		pango_cairo_show_layout(cr, layout);
	}
	return 12 + ((n + per_line - 1) / per_line) * line;
}

static gsize interval_of(const LttvTime *starts, gsize n, LttvTime t)
{
	gsize lo = 0, hi = n; /* the last start <= t */

	while (hi - lo > 1) {
		gsize mid = (lo + hi) / 2;

		if (starts[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

char *cf_state_text(const LttvHistory *h, const CfRow *r, LttvTime t)
{
	const LttvTime *starts;
	const uint32_t *values;
	gsize n, i;
	guint32 v;
	LttvTime end;
	char a[48], b[48], d[48];
	const char *sub;
	g_autofree char *name = NULL;
	GString *s;

	lttv_history_row_data(h, r->trace, r->hrow, &starts, &values, &n);
	if (n == 0 || starts[0] > t)
		return NULL;
	i = interval_of(starts, n, t);
	v = values[i];
	end = i + 1 < n ? starts[i + 1] : lttv_history_end(h);
	sub = LTTV_THREAD_SUBMODE(v) ? lttv_history_string(h, r->trace, LTTV_THREAD_SUBMODE(v))
	                             : NULL;
	name = g_markup_escape_text(r->name, -1);
	s = g_string_new(NULL);
	g_string_append_printf(s, "<b>%s</b>  tid %" G_GINT64_FORMAT ", pid %" G_GINT64_FORMAT "\n",
	                       name, r->tid, r->pid);
	g_string_append_printf(s, _("State: %s%s\n"),
	                       lttv_process_status_name(LTTV_THREAD_STATUS(v)),
	                       LTTV_THREAD_UNCERTAIN(v) ? _(" (uncertain)") : "");
	g_string_append_printf(s, _("Mode: %s\n"), lttv_exec_mode_name(LTTV_THREAD_MODE(v)));
	if (sub) {
		g_autofree char *esc = g_markup_escape_text(sub, -1);
		g_string_append_printf(s, _("Sub-mode: %s\n"), esc);
	}
	g_string_append_printf(s, _("Start: %s\n"),
	                       lttv_time_format_clock(starts[i], FALSE, a, 48));
	g_string_append_printf(s, _("End: %s\n"), lttv_time_format_clock(end, FALSE, b, 48));
	g_string_append_printf(s, _("Duration: %s"),
	                       lttv_time_format_duration(end - starts[i], d, 48));
	return g_string_free(s, FALSE);
}
