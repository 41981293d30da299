/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The histogram drawn without a display (tests, `--render`, PNG and SVG
 * export) and its CSV export: the same counting as the widget's
 * workers, run synchronously on the tab's traceset. */
#include "hist.h"

#include <math.h>
#include <stdlib.h>

/* A matcher for the tab's settings, with the history when the filter
 * needs it (built synchronously). */
static HistMatcher *tab_matcher(LttvTab *tab, GError **error)
{
	LttvTraceset *ts = lttv_tab_get_traceset(tab);
	const char *event = hist_tab_event(tab), *filter = lttv_tab_get_filter(tab);
	g_autoptr(HistMatcher) m = NULL;
	LttvTime origin = 0;

	if (!event && !filter)
		return NULL;
	lttv_tab_get_trace_range(tab, &origin, NULL);
	m = hist_matcher_new(ts, event, filter, origin, error);
	if (!m)
		return NULL;
	if (hist_matcher_needs_state(m)) {
		if (!lttv_tab_build_history_sync(tab, error))
			return NULL;
		hist_matcher_set_history(m, lttv_tab_get_history(tab));
	}
	return g_steal_pointer(&m);
}

/* The counts of the tab's window over `cols` columns. */
static HistCounts *count_window(LttvTab *tab, guint cols, GCancellable *cancel, GError **error)
{
	LttvTraceset *ts = lttv_tab_get_traceset(tab);
	g_autoptr(HistMatcher) m = NULL;
	g_autoptr(HistCounts) c = NULL;
	HistCounts *cached;
	GError *local = NULL;
	LttvTime t0, t1;

	if (!ts || lttv_traceset_n_traces(ts) == 0) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No trace is open"));
		return NULL;
	}
	lttv_tab_get_time_window(tab, &t0, &t1);
	/* what a widget of the tab counted already */
	cached = hist_window_cached(tab, t0, t1, cols, hist_tab_event(tab),
	                            lttv_tab_get_filter(tab));
	if (cached)
		return hist_counts_ref(cached);
	m = tab_matcher(tab, &local);
	if (local) {
		g_propagate_error(error, local);
		return NULL;
	}
	c = hist_counts_new(t0, t1, cols);
	if (!hist_count(ts, m, c, cancel, error))
		return NULL;
	return g_steal_pointer(&c);
}

/* The overview of the whole trace, counted now unless kept on the tab. */
static HistCounts *tab_overview(LttvTab *tab, GError **error)
{
	LttvTraceset *ts = lttv_tab_get_traceset(tab);
	HistCounts *c;

	if (hist_overview_cached(tab))
		return hist_counts_ref(hist_overview_cached(tab));
	c = hist_overview_count(ts, NULL, NULL, error);
	if (c)
		hist_overview_store(tab, ts, c);
	return c;
}

static void draw_corner(cairo_t *cr, double w, double h, const char *text)
{
	g_autoptr(PangoLayout) layout = lttv_timeline_text_layout(cr, "Sans Bold 8");
	int tw, th;

	cairo_set_source_rgb(cr, 0.13, 0.14, 0.16);
	cairo_rectangle(cr, 0, 0, w, h);
	cairo_fill(cr);
	pango_layout_set_width(layout, (int)(w - 8) * PANGO_SCALE);
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(layout, text, -1);
	pango_layout_get_pixel_size(layout, &tw, &th);
	cairo_set_source_rgb(cr, 0.85, 0.87, 0.9);
	cairo_move_to(cr, 4, h - th - 4);
	pango_cairo_show_layout(cr, layout);
}

/* "All events: 101 669 in the window, at most 312 per column (13.4 ms)" */
static char *summary_text(LttvTab *tab, const HistCounts *c, guint64 max)
{
	const char *event = hist_tab_event(tab);
	char total[40], most[40], col[40];

	hist_format_count(c->total, total, sizeof(total));
	hist_format_count(max, most, sizeof(most));
	lttv_timeline_format_duration((c->t1 - c->t0) / (int64_t)c->cols, col, sizeof(col));
	return g_strdup_printf(_("%s%s: %s in the window, at most %s per column (%s)"),
	                       event ? event : _("All events"),
	                       lttv_tab_get_filter(tab) ? _(" (filtered)") : "", total, most, col);
}

gboolean hist_render(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
                     GError **error)
{
	const double ruler_h = LTTV_TIMELINE_RULER_HEIGHT, gap = 6;
	g_autoptr(HistCounts) c = NULL;
	g_autoptr(HistCounts) ov = NULL;
	g_autofree char *summary = NULL;
	gboolean log_scale = hist_tab_log(tab);
	double bars_y, bars_h, ov_y;
	guint cols;
	guint64 max;
	LttvTime t0, t1;

	if (width < HIST_AXIS_W + 20 || height < ruler_h + HIST_OVERVIEW_H + gap + 40) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            _("%d x %d is too small for the histogram"), width, height);
		return FALSE;
	}
	cols = (guint)(width - HIST_AXIS_W);
	c = count_window(tab, cols, NULL, error);
	if (!c)
		return FALSE;
	ov = tab_overview(tab, error);
	if (!ov)
		return FALSE;
	lttv_tab_get_time_window(tab, &t0, &t1);
	max = hist_counts_max(c);
	bars_y = ruler_h;
	ov_y = height - HIST_OVERVIEW_H;
	bars_h = ov_y - gap - bars_y;

	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_paint(cr);
	draw_corner(cr, HIST_AXIS_W, ruler_h, log_scale ? _("Events (log)") : _("Events"));
	lttv_timeline_draw_ruler(cr, HIST_AXIS_W, 0, cols, ruler_h, t0, t1);
	hist_draw_axis(cr, 0, HIST_AXIS_W, cols, bars_y, bars_h, max, log_scale);
	hist_draw_bars(cr, c, HIST_AXIS_W, bars_y, bars_h, max, log_scale);
	lttv_timeline_draw_tab_marks(cr, HIST_AXIS_W, bars_y, cols, bars_h, tab);
	summary = summary_text(tab, c, max);
	{
		g_autoptr(PangoLayout) text = lttv_timeline_text_layout(cr, "Sans 9");
		int tw, th;

		pango_layout_set_text(text, summary, -1);
		pango_layout_get_pixel_size(text, &tw, &th);
		/* over the bars: on a dark backdrop, to stay legible */
		cairo_set_source_rgba(cr, 0, 0, 0, 0.7);
		cairo_rectangle(cr, HIST_AXIS_W + 3, bars_y + 2, tw + 6, th + 4);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.85, 0.87, 0.9);
		cairo_move_to(cr, HIST_AXIS_W + 6, bars_y + 4);
		pango_cairo_show_layout(cr, text);
	}
	cairo_set_source_rgb(cr, 0.13, 0.14, 0.16);
	cairo_rectangle(cr, 0, ov_y - gap, width, gap);
	cairo_rectangle(cr, 0, ov_y, HIST_AXIS_W, HIST_OVERVIEW_H);
	cairo_fill(cr);
	hist_draw_overview(cr, ov, HIST_AXIS_W, ov_y, cols, HIST_OVERVIEW_H, t0, t1, 1, log_scale);
	cairo_restore(cr);

	if (layout) {
		const char *event = hist_tab_event(tab);

		g_string_append_printf(layout, "0 %d kind=ruler x0=%d x1=%d\n", (int)ruler_h,
		                       HIST_AXIS_W, width);
		g_string_append_printf(
		        layout,
		        "%d %d kind=bars x0=%d x1=%d cols=%u total=%" G_GUINT64_FORMAT
		        " max=%" G_GUINT64_FORMAT " scale=%s event=%s\n",
		        (int)bars_y, (int)(bars_y + bars_h), HIST_AXIS_W, width, cols, c->total,
		        max, log_scale ? "log" : "linear", event ? event : "all");
		g_string_append_printf(
		        layout,
		        "%d %d kind=overview x0=%d x1=%d bins=%u total=%" G_GUINT64_FORMAT
		        " box0=%d box1=%d\n",
		        (int)ov_y, height, HIST_AXIS_W, width, ov->cols, ov->total,
		        HIST_AXIS_W +
		                (int)floor(CLAMP(lttv_timeline_time_to_x(ov->t0, ov->t1, cols, t0),
		                                 0, cols)),
		        HIST_AXIS_W +
		                (int)ceil(CLAMP(lttv_timeline_time_to_x(ov->t0, ov->t1, cols, t1),
		                                0, cols)));
	}
	return TRUE;
}

gboolean hist_export_csv(LttvTab *tab, GOutputStream *out, GCancellable *cancel, GError **error)
{
	const char *cols_text = g_object_get_data(G_OBJECT(tab), HIST_COLUMNS_KEY);
	guint cols =
	        cols_text ? (guint)CLAMP(atoi(cols_text), 1, 1000000) : HIST_DEFAULT_CSV_COLUMNS;
	g_autoptr(HistCounts) c = count_window(tab, cols, cancel, error);
	g_autoptr(GString) text = NULL;

	if (!c)
		return FALSE;
	text = g_string_sized_new(40 * (gsize)cols + 32);
	g_string_append(text, "column,start_ns,end_ns,count\n");
	for (guint i = 0; i < cols; i++)
		g_string_append_printf(
		        text,
		        "%u,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GUINT64_FORMAT "\n", i,
		        lttv_timeline_column_start(c->t0, c->t1, cols, i),
		        lttv_timeline_column_start(c->t0, c->t1, cols, i + 1), c->counts[i]);
	return g_output_stream_write_all(out, text->str, text->len, NULL, cancel, error);
}
