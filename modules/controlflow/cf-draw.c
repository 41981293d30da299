/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The control flow view's drawing around its rows (cf-rows.c), shared by
 * the widget and the headless rendering: lost-event bands, messages, the
 * legend, and the text of a tooltip. */
#include "cf.h"

#include <math.h>
#include <pango/pangocairo.h>

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
