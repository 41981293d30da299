/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gui-redraw TRACE: the control flow view's redraw cost, through the same
 * render() the window uses for export, on 1000 rows x 2000 columns:
 * zoomed out (whole trace), zoomed in to 1 ms and to 10 us at the middle;
 * and a full screen of 2000 x 1000 px (the rows that fit) zoomed out and in.
 * Median of 20 draws each, after the history is loaded (from the cache).
 * Prints key=value pairs.
 */
#include <lttv/module.h>
#include <lttv/tab.h>
#include <lttv/view.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median_draw_ms(const LttvViewInfo *view, LttvTab *tab, int width, int height)
{
	double ms[20];
	/* one surface for all draws, as a window's back buffer: creating a
	 * 160 MB image each time would measure page faults, not drawing */
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);

	for (int i = 0; i < 20; i++) {
		cairo_t *cr = cairo_create(s);
		g_autoptr(GError) error = NULL;
		gint64 t0 = g_get_monotonic_time();

		if (!view->render(tab, cr, width, height, NULL, &error)) {
			fprintf(stderr, "gui-redraw: %s\n", error->message);
			exit(1);
		}
		cairo_surface_flush(s);
		ms[i] = (g_get_monotonic_time() - t0) / 1000.0;
		cairo_destroy(cr);
	}
	cairo_surface_destroy(s);
	qsort(ms, 20, sizeof ms[0], cmp_double);
	return (ms[9] + ms[10]) / 2;
}

int main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTab) tab = lttv_tab_new();
	LttvTraceset *ts;
	const LttvViewInfo *view;
	LttvTime b, e, mid;
	int rows = 1000, row_px, width = 2000;

	if (argc != 2) {
		fprintf(stderr, "usage: gui-redraw TRACE\n");
		return 2;
	}
	lttv_modules_load_all();
	view = lttv_view_lookup("controlflow");
	if (!view) {
		fprintf(stderr, "gui-redraw: no controlflow view (LTTV_MODULE_PATH?)\n");
		return 1;
	}
	ts = lttv_traceset_open(argv[1], &error);
	if (!ts) {
		fprintf(stderr, "gui-redraw: %s\n", error->message);
		return 1;
	}
	lttv_tab_set_traceset(tab, ts);
	if (!lttv_tab_build_history_sync(tab, &error)) {
		fprintf(stderr, "gui-redraw: %s\n", error->message);
		return 1;
	}
	/* the height that holds 1000 rows: measured from the view's layout */
	{
		g_autoptr(GString) layout = g_string_new(NULL);
		cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, 400);
		cairo_t *cr = cairo_create(s);
		int y0, y1;

		if (!view->render(tab, cr, width, 400, layout, &error)) {
			fprintf(stderr, "gui-redraw: %s\n", error->message);
			return 1;
		}
		cairo_destroy(cr);
		cairo_surface_destroy(s);
		if (sscanf(layout->str, "%d %d", &y0, &y1) != 2 || y1 <= y0) {
			fprintf(stderr, "gui-redraw: the view gave no row layout\n");
			return 1;
		}
		row_px = y1 - y0;
		/* rows are contiguous from the first one down */
		rows = MIN(rows, (int)lttv_history_n_threads(lttv_tab_get_history(tab), 0));
		printf("rows=%d row_px=%d ", rows, row_px);
		int height = y0 + rows * row_px + 1;
		lttv_tab_get_trace_range(tab, &b, &e);
		mid = b + (e - b) / 2;
		lttv_tab_zoom_fit(tab);
		printf("full_ms=%.2f ", median_draw_ms(view, tab, width, height));
		lttv_tab_set_time_window(tab, mid, mid + 1000000);
		printf("ms1_ms=%.2f ", median_draw_ms(view, tab, width, height));
		lttv_tab_set_time_window(tab, mid, mid + 10000);
		printf("us10_ms=%.2f ", median_draw_ms(view, tab, width, height));
		/* a full screen: 2000 x 1000 px, as many rows as fit */
		lttv_tab_zoom_fit(tab);
		printf("screen_full_ms=%.2f ", median_draw_ms(view, tab, width, 1000));
		lttv_tab_set_time_window(tab, mid, mid + 1000000);
		printf("screen_ms1_ms=%.2f\n", median_draw_ms(view, tab, width, 1000));
	}
	return 0;
}
