/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event list without a display: the first rows of the time window
 * drawn with cairo (tests, `--render`, PNG and SVG export), and the events
 * of the window or selection as CSV. */
#include "ev.h"

#include <string.h>

/* A reader over the tab's traceset and history, with the tab's filter:
 * for the thread that owns the tab (render and export are synchronous). */
static EvReader *tab_reader(LttvTab *tab, GError **error)
{
	LttvTraceset *ts = lttv_tab_get_traceset(tab);
	g_autoptr(EvReader) r = NULL;
	g_autoptr(GError) local = NULL;

	if (!ts || lttv_traceset_n_traces(ts) == 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No trace is open."));
		return NULL;
	}
	if (!lttv_tab_build_history_sync(tab, error))
		return NULL;
	r = ev_reader_new(ts, FALSE);
	ev_reader_set_history(r, lttv_tab_get_history(tab), FALSE);
	if (!ev_reader_set_filter(r, lttv_tab_get_filter(tab), &local)) {
		g_set_error(error, local->domain, local->code, _("The filter is not valid: %s"),
		            local->message);
		return NULL;
	}
	return g_steal_pointer(&r);
}

char **ev_tab_trace_names(LttvTab *tab)
{
	LttvTraceset *ts = lttv_tab_get_traceset(tab);
	GPtrArray *names = g_ptr_array_new();

	for (guint i = 0; ts && i < lttv_traceset_n_traces(ts); i++)
		g_ptr_array_add(names, g_strdup(lttv_trace_name(lttv_traceset_trace(ts, i))));
	g_ptr_array_add(names, NULL);
	return (char **)g_ptr_array_free(names, FALSE);
}

void ev_layout_line(GString *layout, const EvRow *row, int y0, gboolean selected)
{
	g_string_append_printf(layout,
	                       "%d %d time=%" G_GINT64_FORMAT " cpu=%" G_GINT64_FORMAT
	                       " name=%s tid=%" G_GINT64_FORMAT " pid=%" G_GINT64_FORMAT
	                       " trace=%u selected=%d process=%s\n",
	                       y0, y0 + EV_ROW_H, row->key.time, row->cpu, row->name, row->tid,
	                       row->pid, row->trace, selected, row->process ? row->process : "");
}

gboolean ev_render(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
                   GError **error)
{
	g_autoptr(EvReader) r = NULL;
	g_autoptr(PangoLayout) pl = NULL;
	g_auto(GStrv) names = NULL;
	PangoFontDescription *font;
	EvCache cache;
	EvBatch batch;
	EvColumns cols;
	EvPalette pal;
	LttvTime t0, t1, current;
	guint fit, first, sel = G_MAXUINT;

	if (width < 200 || height < EV_HEADER_H + EV_ROW_H) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            _("%d x %d is too small for the event list"), width, height);
		return FALSE;
	}
	r = tab_reader(tab, error);
	if (!r)
		return FALSE;
	fit = (guint)(height - EV_HEADER_H) / EV_ROW_H;
	lttv_tab_get_time_window(tab, &t0, &t1);
	ev_reader_set_stop(r, t1);
	ev_cache_init(&cache);
	ev_cache_reset(&cache, (EvKey){t0, 0});
	if (!ev_reader_forward(r, cache.tail, fit, 0, &batch, NULL, error)) {
		ev_cache_clear(&cache);
		return FALSE;
	}
	ev_cache_append(&cache, cache.tail, &batch);
	ev_batch_clear(&batch);
	/* the shown event before the first, for its delta: stretches back,
	 * longer each time, while none is found */
	for (guint64 span = 64; cache.rows->len && !cache.at_start && span <= 1 << 22; span *= 8) {
		if (!ev_reader_backward(r, cache.head, 1, span, &batch, NULL, error)) {
			ev_cache_clear(&cache);
			return FALSE;
		}
		ev_cache_prepend(&cache, cache.head, &batch);
		ev_batch_clear(&batch);
		if (ev_cache_row(&cache, 0)->key.time < t0)
			break;
	}
	/* the rows shown start at the window */
	first = ev_cache_lower_bound(&cache, t0);
	current = lttv_tab_get_current_time(tab);
	if (current >= t0) {
		guint i = ev_cache_lower_bound(&cache, current);

		if (i < cache.rows->len)
			sel = i;
	}

	names = ev_tab_trace_names(tab);
	ev_columns_init(&cols, g_strv_length(names) > 1);
	cols.trace_names = names;
	ev_palette_light(&pal);
	pl = pango_cairo_create_layout(cr);
	font = pango_font_description_from_string(EV_FONT);
	pango_layout_set_font_description(pl, font);
	pango_font_description_free(font);

	cairo_save(cr);
	cairo_set_source_rgb(cr, pal.bg[0], pal.bg[1], pal.bg[2]);
	cairo_paint(cr);
	ev_draw_header(cr, pl, &cols, width, &pal);
	for (guint i = first; i < cache.rows->len && i - first < fit; i++) {
		const EvRow *row = ev_cache_row(&cache, i);
		int y0 = EV_HEADER_H + (int)(i - first) * EV_ROW_H;

		ev_draw_row(cr, pl, &cols, row, y0, width, i - first, i == sel, &pal);
		if (layout)
			ev_layout_line(layout, row, y0, i == sel);
	}
	if (cache.rows->len - first < fit) {
		const char *msg = cache.rows->len > first ? _("End of the time window")
		                  : lttv_tab_get_filter(tab) && *lttv_tab_get_filter(tab)
		                          ? _("No event of the time window passes the filter")
		                          : _("No event in the time window");

		ev_draw_message(cr, pl, EV_HEADER_H + (cache.rows->len - first) * EV_ROW_H, width,
		                msg, &pal);
	}
	cairo_restore(cr);
	ev_cache_clear(&cache);
	return TRUE;
}

/* --- CSV --- */

static void csv_field(GString *line, const char *text)
{
	if (!strpbrk(text, ",\"\r\n")) {
		g_string_append(line, text);
		return;
	}
	g_string_append_c(line, '"');
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			g_string_append_c(line, '"');
		g_string_append_c(line, *p);
	}
	g_string_append_c(line, '"');
}

gboolean ev_export_csv(LttvTab *tab, GOutputStream *out, GCancellable *cancel, GError **error)
{
	g_autoptr(EvReader) r = tab_reader(tab, error);
	g_autoptr(GString) line = g_string_sized_new(1 << 16);
	g_auto(GStrv) names = NULL;
	gboolean several;
	LttvTime t0, t1;
	EvKey from;

	if (!r)
		return FALSE;
	if (!lttv_tab_get_selection(tab, &t0, &t1))
		lttv_tab_get_time_window(tab, &t0, &t1);
	names = ev_tab_trace_names(tab);
	several = g_strv_length(names) > 1;
	ev_reader_set_stop(r, t1);
	g_string_append(line, "time_ns,cpu,event,tid,pid,process,fields");
	g_string_append(line, several ? ",trace\n" : "\n");
	from = (EvKey){t0, 0};
	for (;;) {
		EvBatch b;
		gboolean edge;

		if (!ev_reader_forward(r, from, 4096, 0, &b, cancel, error))
			return FALSE;
		for (guint i = 0; i < b.rows->len; i++) {
			const EvRow *row = &g_array_index(b.rows, EvRow, i);

			g_string_append_printf(line, "%" G_GINT64_FORMAT ",", row->key.time);
			if (row->cpu >= 0)
				g_string_append_printf(line, "%" G_GINT64_FORMAT, row->cpu);
			g_string_append_c(line, ',');
			csv_field(line, row->name);
			g_string_append_c(line, ',');
			if (row->tid >= 0)
				g_string_append_printf(line, "%" G_GINT64_FORMAT, row->tid);
			g_string_append_c(line, ',');
			if (row->pid >= 0)
				g_string_append_printf(line, "%" G_GINT64_FORMAT, row->pid);
			g_string_append_c(line, ',');
			csv_field(line, row->process ? row->process : "");
			g_string_append_c(line, ',');
			csv_field(line, row->fields ? row->fields : "");
			if (several) {
				g_string_append_c(line, ',');
				if (row->trace < g_strv_length(names))
					csv_field(line, names[row->trace]);
				else
					g_string_append_printf(line, "%u", row->trace);
			}
			g_string_append_c(line, '\n');
			if (line->len > (1 << 16) - 4096) {
				if (!g_output_stream_write_all(out, line->str, line->len, NULL,
				                               cancel, error)) {
					ev_batch_clear(&b);
					return FALSE;
				}
				g_string_truncate(line, 0);
			}
		}
		from = b.resume;
		edge = b.edge;
		ev_batch_clear(&b);
		if (edge)
			break;
	}
	return g_output_stream_write_all(out, line->str, line->len, NULL, cancel, error);
}
