/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Headless rendering of a view to PNG or SVG, or of its table to CSV
 * (`lttv-gui --render`, and "Export View…" of the window); no display is
 * needed. */
#include "config.h"

#include "gui/render.h"

#include <cairo-svg.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <lttv/filter.h>
#include <lttv/module.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_WIDTH  1200
#define DEFAULT_HEIGHT 800
#define MAX_SIDE       32768

LttvTraceset *lttv_gui_traceset_open(const char *const *paths, GError **error)
{
	g_autoptr(LttvTraceset) ts = NULL;

	if (!paths || !paths[0]) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            _("no trace folder given"));
		return NULL;
	}
	if (!paths[1])
		return lttv_traceset_open(paths[0], error);
	ts = lttv_traceset_new();
	for (guint i = 0; paths[i]; i++)
		if (!lttv_traceset_add_path(ts, paths[i], error))
			return NULL;
	if (lttv_traceset_n_traces(ts) == 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("no trace found"));
		return NULL;
	}
	return g_steal_pointer(&ts);
}

static gboolean has_suffix(const char *path, const char *suffix)
{
	g_autofree char *lower = g_ascii_strdown(path, -1);

	return g_str_has_suffix(lower, suffix);
}

/* The view's table into `path`, replaced only once fully written. */
static gboolean export_csv_file(LttvTab *tab, const LttvViewInfo *view, const char *path,
                                GError **error)
{
	g_autoptr(GFile) file = g_file_new_for_path(path);
	g_autoptr(GFileOutputStream) out = NULL;
	g_autoptr(GOutputStream) buffered = NULL;

	if (!view->export_csv) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
		            _("the view has no table to export as CSV"));
		return FALSE;
	}
	out = g_file_replace(file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
	if (!out)
		return FALSE;
	buffered = g_buffered_output_stream_new_sized(G_OUTPUT_STREAM(out), 1 << 16);
	if (!view->export_csv(tab, buffered, NULL, error)) {
		/* cancelled: the file keeps its former content (or none) */
		g_autoptr(GCancellable) cancelled = g_cancellable_new();

		g_cancellable_cancel(cancelled);
		g_output_stream_close(buffered, cancelled, NULL);
		return FALSE;
	}
	return g_output_stream_close(buffered, NULL, error);
}

gboolean lttv_gui_render_file(LttvTab *tab, const LttvViewInfo *view, int width, int height,
                              const char *path, GString *layout, GError **error)
{
	gboolean svg = has_suffix(path, ".svg");
	cairo_surface_t *surface;
	cairo_status_t status = CAIRO_STATUS_SUCCESS;
	cairo_t *cr;
	gboolean ok;

	if (has_suffix(path, ".csv"))
		return export_csv_file(tab, view, path, error);
	if (!svg && !has_suffix(path, ".png")) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            _("%s: the file name must end in .png, .svg or .csv"), path);
		return FALSE;
	}
	if (svg)
		surface = cairo_svg_surface_create(path, width, height);
	else
		surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
	cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	ok = view->render(tab, cr, width, height, layout, error);
	cairo_destroy(cr);
	if (ok && !svg)
		status = cairo_surface_write_to_png(surface, path);
	cairo_surface_finish(surface);
	if (svg)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (ok && status != CAIRO_STATUS_SUCCESS) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: cannot write: %s"), path,
		            cairo_status_to_string(status));
		ok = FALSE;
	}
	if (!ok && svg)
		g_unlink(path);
	return ok;
}

static void list_views(FILE *out)
{
	g_autoptr(GPtrArray) views = lttv_view_list();

	if (views->len == 0) {
		fprintf(out, _("No view is registered: no view module was loaded (see "
		               "`lttv-gui --list-modules`).\n"));
		return;
	}
	fprintf(out, _("Known views:\n"));
	for (guint i = 0; i < views->len; i++) {
		const LttvViewInfo *v = views->pdata[i];

		fprintf(out, "  %-16s %s\n", v->name, _(v->title));
	}
}

static gboolean parse_size(const char *text, int *w, int *h)
{
	char *end;
	long lw, lh;

	lw = strtol(text, &end, 10);
	if (end == text || (*end != 'x' && *end != 'X'))
		return FALSE;
	text = end + 1;
	lh = strtol(text, &end, 10);
	if (end == text || *end)
		return FALSE;
	if (lw < 1 || lh < 1 || lw > MAX_SIDE || lh > MAX_SIDE)
		return FALSE;
	*w = (int)lw;
	*h = (int)lh;
	return TRUE;
}

/* "T0,T1": either side may be empty (the trace's edge). */
static gboolean parse_window(const char *text, LttvTime begin, LttvTime end, LttvTime *t0,
                             LttvTime *t1, GError **error)
{
	g_auto(GStrv) parts = g_strsplit(text, ",", -1);
	g_autofree char *a = NULL, *b = NULL;

	if (g_strv_length(parts) != 2) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            _("two times separated by a comma are needed: T0,T1"));
		return FALSE;
	}
	a = g_strstrip(g_strdup(parts[0]));
	b = g_strstrip(g_strdup(parts[1]));
	*t0 = begin;
	*t1 = end;
	if (*a && !lttv_time_parse(a, begin, FALSE, t0, error))
		return FALSE;
	if (*b && !lttv_time_parse(b, begin, FALSE, t1, error))
		return FALSE;
	if (*t1 <= *t0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            _("the end (%s) is not after the start (%s)"), b, a);
		return FALSE;
	}
	return TRUE;
}

static gboolean write_layout(const char *path, const GString *layout, GError **error)
{
	if (strcmp(path, "-") == 0) {
		fwrite(layout->str, 1, layout->len, stdout);
		return TRUE;
	}
	return g_file_set_contents(path, layout->str, (gssize)layout->len, error);
}

int lttv_gui_render_main(const LttvGuiRenderArgs *args)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTab) tab = NULL;
	g_autoptr(GString) layout = NULL;
	const LttvViewInfo *view;
	LttvTraceset *ts;
	int width = DEFAULT_WIDTH, height = DEFAULT_HEIGHT;
	LttvTime begin, end, t0, t1;

	lttv_modules_load_all();
	view = lttv_view_lookup(args->view);
	if (!view) {
		fprintf(stderr, _("lttv-gui: unknown view `%s`\n"), args->view);
		list_views(stderr);
		return 1;
	}
	if (!args->output) {
		fprintf(stderr, _("lttv-gui: --render needs an output file: -o FILE.png, FILE.svg "
		                  "or FILE.csv\n"));
		return 1;
	}
	if (!has_suffix(args->output, ".png") && !has_suffix(args->output, ".svg") &&
	    !has_suffix(args->output, ".csv")) {
		fprintf(stderr, _("lttv-gui: %s: the output must end in .png, .svg or .csv\n"),
		        args->output);
		return 1;
	}
	if (has_suffix(args->output, ".csv") && !view->export_csv) {
		fprintf(stderr, _("lttv-gui: the view `%s` has no table to export as CSV\n"),
		        view->name);
		return 1;
	}
	if (args->size && !parse_size(args->size, &width, &height)) {
		fprintf(stderr, _("lttv-gui: bad --size `%s`: WIDTHxHEIGHT, each 1 to %d\n"),
		        args->size, MAX_SIDE);
		return 1;
	}
	if (!args->dirs || !args->dirs[0]) {
		fprintf(stderr, _("lttv-gui: --render needs a trace folder\n"));
		return 1;
	}
	ts = lttv_gui_traceset_open(args->dirs, &error);
	if (!ts) {
		fprintf(stderr, "lttv-gui: %s\n", error->message);
		return 2;
	}
	tab = lttv_tab_new();
	lttv_tab_set_traceset(tab, ts);
	if (!lttv_tab_get_trace_range(tab, &begin, &end)) {
		fprintf(stderr, _("lttv-gui: the trace holds no timed packet\n"));
		return 2;
	}
	t0 = begin;
	t1 = end;
	if (args->window && !parse_window(args->window, begin, end, &t0, &t1, &error)) {
		fprintf(stderr, _("lttv-gui: bad --window `%s`: %s\n"), args->window,
		        error->message);
		return 1;
	}
	lttv_tab_set_time_window(tab, t0, t1);
	if (args->selection) {
		LttvTime s0, s1;

		if (!parse_window(args->selection, begin, end, &s0, &s1, &error)) {
			fprintf(stderr, _("lttv-gui: bad --selection `%s`: %s\n"), args->selection,
			        error->message);
			return 1;
		}
		lttv_tab_set_selection(tab, s0, s1);
	}
	if (args->current_time) {
		LttvTime t;

		if (!lttv_time_parse(args->current_time, begin, FALSE, &t, &error)) {
			fprintf(stderr, _("lttv-gui: bad --current-time `%s`: %s\n"),
			        args->current_time, error->message);
			return 1;
		}
		lttv_tab_set_current_time(tab, t);
	}
	if (args->filter) {
		g_autoptr(LttvFilter) f = lttv_filter_new(args->filter, begin, NULL, &error);

		if (!f) {
			fprintf(stderr, _("lttv-gui: bad --filter: %s\n"), error->message);
			return 1;
		}
		lttv_tab_set_filter(tab, args->filter);
	}
	if (!lttv_tab_build_history_sync(tab, &error)) {
		fprintf(stderr, _("lttv-gui: cannot build the state history: %s\n"),
		        error->message);
		return 2;
	}
	if (!args->window) {
		/* as the window does: the default window is where events are (a
		 * trace's packets may begin long before its first event) */
		LttvHistory *h = lttv_tab_get_history(tab);

		if (h && lttv_history_end(h) > lttv_history_begin(h))
			lttv_tab_set_time_window(tab, lttv_history_begin(h), lttv_history_end(h));
		if (args->current_time)
			lttv_tab_set_current_time(tab, lttv_tab_get_current_time(tab));
	}
	if (args->layout)
		layout = g_string_new(NULL);
	if (!lttv_gui_render_file(tab, view, width, height, args->output, layout, &error)) {
		fprintf(stderr, "lttv-gui: %s: %s\n", view->name, error->message);
		return 2;
	}
	if (layout && !write_layout(args->layout, layout, &error)) {
		fprintf(stderr, "lttv-gui: %s\n", error->message);
		return 2;
	}
	return 0;
}
