/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The control flow view drawn without a display (tests, `--render`, PNG
 * and SVG export): names on the left, ruler on top, one row per thread,
 * the same drawing as the widget's. */
#include "cf.h"

#include <pango/pangocairo.h>

#define ROW_H 20

typedef struct {
	LttvTraceset *ts;
	GArray *lost;
} LostCache;

static void lost_cache_free(gpointer data)
{
	LostCache *c = data;

	g_clear_pointer(&c->lost, g_array_unref);
	g_free(c);
}

const GArray *cf_lost_cached(LttvTab *tab)
{
	LostCache *c = g_object_get_data(G_OBJECT(tab), "lttv-controlflow-lost");

	return c && c->ts == lttv_tab_get_traceset(tab) ? c->lost : NULL;
}

void cf_lost_store(LttvTab *tab, LttvTraceset *ts, GArray *lost)
{
	LostCache *c = g_new0(LostCache, 1);

	c->ts = ts;
	c->lost = lost;
	g_object_set_data_full(G_OBJECT(tab), "lttv-controlflow-lost", c, lost_cache_free);
}

/* The rows shown: every thread but those hidden in a widget of the tab. */
GPtrArray *cf_shown_rows(LttvTab *tab, GArray *rows)
{
	GHashTable *hidden = cf_hidden_rows(tab);
	GPtrArray *out = g_ptr_array_sized_new(rows->len);

	for (guint i = 0; i < rows->len; i++) {
		CfRow *r = &g_array_index(rows, CfRow, i);

		if (hidden && g_hash_table_size(hidden)) {
			char key[CF_ROW_KEY_SIZE];

			cf_row_key_into(r, key, sizeof(key));
			if (g_hash_table_contains(hidden, key))
				continue;
		}
		g_ptr_array_add(out, r);
	}
	return out;
}

void cf_draw_names(cairo_t *cr, double x, double y, double w, double row_h,
                   const CfRow *const *rows, guint n)
{
	g_autoptr(PangoLayout) layout = pango_cairo_create_layout(cr);
	PangoFontDescription *desc = pango_font_description_from_string("Sans 9");

	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, row_h * n);
	cairo_clip(cr);
	for (guint i = 0; i < n; i++) {
		const CfRow *r = rows[i];
		double ry = y + i * row_h, indent = r->parent >= 0 ? 14 : 0;
		char tid[32];
		int tw, th;

		cairo_set_source_rgb(cr, i % 2 ? 0.16 : 0.13, i % 2 ? 0.16 : 0.13,
		                     i % 2 ? 0.17 : 0.14);
		cairo_rectangle(cr, x, ry, w, row_h);
		cairo_fill(cr);
		g_snprintf(tid, sizeof(tid), "%" G_GINT64_FORMAT, r->tid);
		pango_layout_set_width(layout, -1);
		pango_layout_set_text(layout, tid, -1);
		pango_layout_get_pixel_size(layout, &tw, &th);
		cairo_set_source_rgb(cr, 0.65, 0.68, 0.72);
		cairo_move_to(cr, x + w - tw - 6, ry + (row_h - th) / 2);
		pango_cairo_show_layout(cr, layout);
		pango_layout_set_width(layout, (int)MAX(1, w - tw - 18 - indent) * PANGO_SCALE);
		pango_layout_set_text(layout, r->name[0] ? r->name : _("(unnamed)"), -1);
		if (r->name[0])
			cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
		else
			cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
		cairo_move_to(cr, x + 6 + indent, ry + (row_h - th) / 2);
		pango_cairo_show_layout(cr, layout);
	}
	cairo_restore(cr);
}

static void draw_names_header(cairo_t *cr, double w, double h)
{
	g_autoptr(PangoLayout) layout = pango_cairo_create_layout(cr);
	PangoFontDescription *desc = pango_font_description_from_string("Sans Bold 9");
	int tw, th;

	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	cairo_set_source_rgb(cr, 0.13, 0.14, 0.16);
	cairo_rectangle(cr, 0, 0, w, h);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.85, 0.87, 0.9);
	pango_layout_set_text(layout, _("Thread"), -1);
	pango_layout_get_pixel_size(layout, &tw, &th);
	cairo_move_to(cr, 6, h - th - 4);
	pango_cairo_show_layout(cr, layout);
	pango_layout_set_text(layout, _("TID"), -1);
	pango_layout_get_pixel_size(layout, &tw, &th);
	cairo_move_to(cr, w - tw - 6, h - th - 4);
	pango_cairo_show_layout(cr, layout);
	cairo_set_source_rgb(cr, 0.35, 0.37, 0.4);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, 0, h - 0.5);
	cairo_line_to(cr, w, h - 0.5);
	cairo_move_to(cr, w - 0.5, 0);
	cairo_line_to(cr, w - 0.5, h);
	cairo_stroke(cr);
}

gboolean cf_render(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
                   GError **error)
{
	const double ruler_h = LTTV_TIMELINE_RULER_HEIGHT;
	int names_w = CLAMP(width / 4, 60, 220);
	LttvHistory *h;
	GArray *rows;
	g_autoptr(GPtrArray) shown = NULL;
	CfDrawParams p = {0};
	guint fit;
	double rows_bottom;

	if (width <= names_w + 10 || height <= ruler_h + ROW_H) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            _("%d x %d is too small for the control flow view"), width, height);
		return FALSE;
	}
	if (!lttv_tab_build_history_sync(tab, error))
		return FALSE;
	h = lttv_tab_get_history(tab);
	if (!cf_lost_cached(tab) && cf_lost_any(lttv_tab_get_traceset(tab))) {
		GArray *lost = cf_lost_scan(lttv_tab_get_traceset(tab), NULL, NULL);

		if (lost)
			cf_lost_store(tab, lttv_tab_get_traceset(tab), lost);
	}
	rows = cf_rows_of_tab(tab);
	shown = cf_shown_rows(tab, rows);
	fit = MIN(shown->len, (guint)((height - ruler_h) / ROW_H));
	rows_bottom = ruler_h + fit * ROW_H;

	cairo_save(cr);
	/* black where nothing else paints: the rows' names and time line
	 * are drawn opaque (a tall picture is mostly rows: painting it black
	 * first would write it twice) */
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_rectangle(cr, 0, 0, width, ruler_h);
	cairo_rectangle(cr, 0, rows_bottom, width, height - rows_bottom);
	cairo_fill(cr);
	lttv_tab_get_time_window(tab, &p.t0, &p.t1);
	p.x = names_w;
	p.w = width - names_w;
	p.row_h = ROW_H;
	p.lost = cf_lost_cached(tab);
	p.opaque = TRUE;
	draw_names_header(cr, names_w, ruler_h);
	lttv_timeline_draw_ruler(cr, p.x, 0, p.w, ruler_h, p.t0, p.t1);
	/* the names: drawn with the rows from an image when the target
	 * allows, the text itself otherwise */
	p.left = cf_names_image(tab, cr, names_w, ROW_H, (const CfRow *const *)shown->pdata, fit);
	if (!p.left)
		cf_draw_names(cr, 0, ruler_h, names_w, ROW_H, (const CfRow *const *)shown->pdata,
		              fit);
	cairo_save(cr);
	cairo_rectangle(cr, 0, ruler_h, width, height - ruler_h);
	cairo_clip(cr);
	gint64 start = g_get_monotonic_time();
	cf_draw_rows(cr, h, (const CfRow *const *)shown->pdata, fit, ruler_h, &p);
	g_debug("controlflow: %u rows x %d columns drawn in %.1f ms", fit, (int)p.w,
	        (g_get_monotonic_time() - start) / 1000.0);
	cairo_restore(cr);
	cairo_rectangle(cr, p.x, ruler_h, p.w, height - ruler_h);
	cairo_clip(cr);
	if (g_object_get_data(G_OBJECT(tab), CF_WAKEUPS_KEY)) {
		gboolean truncated;
		g_autoptr(GArray) wakeups =
		        cf_wakeups_scan(lttv_tab_get_traceset(tab), p.t0, p.t1,
		                        CF_WAKEUP_MAX_EVENTS, &truncated, NULL, NULL);

		cf_draw_wakeups(cr, h, wakeups, (const CfRow *const *)shown->pdata, fit, ruler_h,
		                &p);
	}
	cf_draw_lost(cr, &p, ruler_h, height - ruler_h);
	lttv_timeline_draw_tab_marks(cr, p.x, ruler_h, p.w, height - ruler_h, tab);
	cairo_restore(cr);

	/* the layout: rows [y0, y1) and time-line columns [x0, x1) */
	for (guint i = 0; layout && i < fit; i++) {
		const CfRow *r = shown->pdata[i];
		int y0 = (int)ruler_h + (int)i * ROW_H;

		g_string_append_printf(layout,
		                       "%d %d %d %d tid=%" G_GINT64_FORMAT " pid=%" G_GINT64_FORMAT
		                       " name=%s\n",
		                       y0, y0 + ROW_H, names_w, width, r->tid, r->pid, r->name);
	}
	return TRUE;
}
