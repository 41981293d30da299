/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Draws a view of a module headless, as `lttv-gui --render` will:
 *   render-view MODULE.so VIEW TRACE-DIR T0 T1 WxH OUT.png [LAYOUT]
 * loads the module with g_module_open, checks its descriptor, calls its
 * init, looks the view up, builds a tab on the trace with the window
 * [T0, T1] (any time syntax of lttv; "-" for the default window), renders
 * it and writes the PNG (an SVG when OUT ends in .svg) and the layout
 * lines.  OUT.csv writes the view's CSV export instead.
 * RENDER_REPEAT=N renders N times and reports the fastest.
 * RENDER_SELECTION=A,B selects [A, B]; RENDER_FILTER=EXPR sets the filter;
 * RENDER_DATA=KEY=VALUE[;KEY=VALUE...] sets strings the view reads on the tab.
 *   render-view pixel FILE X Y
 * prints "R G B" of a pixel of a PNG (opaque images).
 *   render-view palette
 * prints the 8-bit colour of every thread status and mode: "STATUS MODE R G B". */
#include <lttv/module.h>
#include <lttv/view.h>

#include <cairo-svg.h>
#include <stdio.h>
#include <stdlib.h>

static int fail(const char *what, const GError *error)
{
	fprintf(stderr, "render-view: %s%s%s\n", what, error ? ": " : "",
	        error ? error->message : "");
	return 1;
}

static int byte(double c)
{
	return (int)(c * 255 + 0.5);
}

static int palette(void)
{
	for (int s = 0; s <= LTTV_STATUS_DEAD; s++)
		for (int m = 0; m <= LTTV_MODE_SOFTIRQ; m++) {
			double rgb[3];

			lttv_palette_thread((guint32)s | (guint32)m << 4, rgb);
			printf("%s %s %d %d %d\n", lttv_process_status_name(s),
			       lttv_exec_mode_name(m), byte(rgb[0]), byte(rgb[1]), byte(rgb[2]));
		}
	return 0;
}

/* "R G B" (0-255) of the pixel at (x, y) of a PNG, as tests/lib/pngtool. */
static int pixel(const char *file, int x, int y)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(file);
	guint32 p;

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		return fail(file, NULL);
	if (x < 0 || y < 0 || x >= cairo_image_surface_get_width(s) ||
	    y >= cairo_image_surface_get_height(s))
		return fail("pixel outside the image", NULL);
	cairo_surface_flush(s);
	p = ((guint32 *)(cairo_image_surface_get_data(s) +
	                 (gsize)y * cairo_image_surface_get_stride(s)))[x];
	printf("%u %u %u\n", (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff);
	cairo_surface_destroy(s);
	return 0;
}

int main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	const LttvModuleDescriptor *desc = NULL;
	const LttvViewInfo *view;
	GModule *module;
	LttvTraceset *ts;
	LttvTime begin, t0, t1;
	int w, h;

	if (argc == 2 && g_str_equal(argv[1], "palette"))
		return palette();
	if (argc == 5 && g_str_equal(argv[1], "pixel"))
		return pixel(argv[2], atoi(argv[3]), atoi(argv[4]));
	if (argc < 8 || sscanf(argv[6], "%dx%d", &w, &h) != 2) {
		fprintf(stderr,
		        "usage: render-view MODULE.so VIEW TRACE T0 T1 WxH OUT.png [LAYOUT]\n");
		return 2;
	}
	module = g_module_open(argv[1], G_MODULE_BIND_LOCAL);
	if (!module)
		return fail(g_module_error(), NULL);
	if (!g_module_symbol(module, LTTV_MODULE_SYMBOL, (gpointer *)&desc) || !desc)
		return fail("no descriptor", NULL);
	if (desc->abi_version != LTTV_MODULE_ABI_VERSION)
		return fail("wrong ABI version", NULL);
	if (desc->init && !desc->init(&error))
		return fail("init", error);
	view = lttv_view_lookup(argv[2]);
	if (!view || !view->render)
		return fail("no such view", NULL);

	ts = lttv_traceset_open(argv[3], &error);
	if (!ts)
		return fail(argv[3], error);
	g_autoptr(LttvTab) tab = lttv_tab_new();
	lttv_tab_set_traceset(tab, ts);
	lttv_tab_get_trace_range(tab, &begin, NULL);
	lttv_tab_get_time_window(tab, &t0, &t1);
	if ((!g_str_equal(argv[4], "-") && !lttv_time_parse(argv[4], begin, FALSE, &t0, &error)) ||
	    (!g_str_equal(argv[5], "-") && !lttv_time_parse(argv[5], begin, FALSE, &t1, &error)))
		return fail("time", error);
	lttv_tab_set_time_window(tab, t0, t1);
	lttv_tab_set_current_time(tab, t0 + (t1 - t0) / 2);
	if (g_getenv("RENDER_SELECTION")) {
		g_auto(GStrv) ab = g_strsplit(g_getenv("RENDER_SELECTION"), ",", 2);
		LttvTime s0, s1;

		if (g_strv_length(ab) != 2 || !lttv_time_parse(ab[0], begin, FALSE, &s0, &error) ||
		    !lttv_time_parse(ab[1], begin, FALSE, &s1, &error))
			return fail("RENDER_SELECTION", error);
		lttv_tab_set_selection(tab, s0, s1);
	}
	if (g_getenv("RENDER_FILTER"))
		lttv_tab_set_filter(tab, g_getenv("RENDER_FILTER"));
	/* RENDER_DATA=KEY=VALUE[;KEY=VALUE...]: settings a widget keeps on
	 * its tab (strings), for the view to draw what the widget shows */
	if (g_getenv("RENDER_DATA")) {
		g_auto(GStrv) pairs = g_strsplit(g_getenv("RENDER_DATA"), ";", -1);

		for (guint i = 0; pairs[i]; i++) {
			g_auto(GStrv) kv = g_strsplit(pairs[i], "=", 2);

			if (kv[0] && kv[1])
				g_object_set_data_full(G_OBJECT(tab), g_intern_string(kv[0]),
				                       g_strdup(kv[1]), g_free);
		}
	}
	if (g_str_has_suffix(argv[7], ".csv")) {
		g_autoptr(GFile) file = g_file_new_for_path(argv[7]);
		g_autoptr(GFileOutputStream) out = NULL;

		if (!view->export_csv)
			return fail("the view has no CSV export", NULL);
		out = g_file_replace(file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
		if (!out || !view->export_csv(tab, G_OUTPUT_STREAM(out), NULL, &error) ||
		    !g_output_stream_close(G_OUTPUT_STREAM(out), NULL, &error))
			return fail("CSV export", error);
		if (desc->destroy)
			desc->destroy();
		return 0;
	}

	gboolean svg = g_str_has_suffix(argv[7], ".svg");
	cairo_surface_t *s = svg ? cairo_svg_surface_create(argv[7], w, h)
	                         : cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(s);
	g_autoptr(GString) layout = g_string_new(NULL);
	/* RENDER_REPEAT=N: render N times, report the fastest (a benchmark) */
	int repeat = MAX(1, atoi(g_getenv("RENDER_REPEAT") ? g_getenv("RENDER_REPEAT") : "1"));
	gboolean ok = TRUE;
	double best = G_MAXDOUBLE;

	for (int i = 0; i < repeat && ok; i++) {
		gint64 start = g_get_monotonic_time();

		g_string_truncate(layout, 0);
		ok = view->render(tab, cr, w, h, layout, &error);
		best = MIN(best, (g_get_monotonic_time() - start) / 1000.0);
	}
	fprintf(stderr, "render-view: rendered in %.1f ms\n", best);
	cairo_destroy(cr);
	if (!ok)
		return fail("render", error);
	if (svg)
		cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
	    (!svg && cairo_surface_write_to_png(s, argv[7]) != CAIRO_STATUS_SUCCESS))
		return fail("cannot write the picture", NULL);
	cairo_surface_destroy(s);
	if (argc > 8 && !g_file_set_contents(argv[8], layout->str, -1, &error))
		return fail(argv[8], error);
	if (desc->destroy)
		desc->destroy();
	return 0;
}
