/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The resource view drawn without a display (tests, `--render`, PNG and
 * SVG export): names on the left, ruler on top, the rows the widget of
 * the tab would show (its collapsed groups), as many as fit. */
#include "resources.h"

void res_layout_line(GString *layout, const ResItem *it, gboolean expanded, int y0, int y1, int x0,
                     int x1)
{
	g_string_append_printf(layout, "%d %d %d %d ", y0, y1, x0, x1);
	switch (it->type) {
	case RES_ITEM_TRACE:
	case RES_ITEM_GROUP:
		g_string_append_printf(layout,
		                       "kind=group group=%s trace=%u expanded=%d rows=%u used=%u",
		                       it->type == RES_ITEM_TRACE ? "trace" : res_kind_id(it->kind),
		                       it->trace, expanded, it->n_rows, it->n_used);
		break;
	default:
		g_string_append_printf(layout, "kind=%s trace=%u %s=", res_kind_id(it->kind),
		                       it->trace, res_kind_id(it->kind));
		if (it->kind == RES_DISK)
			g_string_append_printf(layout, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
			                       it->entity >> 20, it->entity & 0xfffff);
		else
			g_string_append_printf(layout, "%" G_GINT64_FORMAT, it->entity);
		g_string_append_printf(layout, " used=%d", it->used);
		break;
	}
	g_string_append_printf(layout, " name=%s\n", it->label);
}

gboolean res_render(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
                    GError **error)
{
	const double ruler_h = LTTV_TIMELINE_RULER_HEIGHT;
	int names_w = CLAMP(width / 4, 60, 220);
	LttvHistory *h;
	g_autoptr(GArray) items = NULL;
	g_autoptr(GPtrArray) shown = NULL;
	ResDrawParams p = {0};
	guint fit;
	gint64 start;

	if (width <= names_w + 10 || height <= ruler_h + RES_ROW_H) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            _("%d x %d is too small for the resource view"), width, height);
		return FALSE;
	}
	if (!lttv_tab_build_history_sync(tab, error))
		return FALSE;
	h = lttv_tab_get_history(tab);
	items = res_items_new(h, lttv_tab_get_traceset(tab));
	shown = res_items_shown(tab, items);
	fit = MIN(shown->len, (guint)((height - ruler_h) / RES_ROW_H));

	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_paint(cr);
	lttv_tab_get_time_window(tab, &p.t0, &p.t1);
	p.x = names_w;
	p.w = width - names_w;
	p.row_h = RES_ROW_H;
	res_draw_names_header(cr, names_w, ruler_h);
	lttv_timeline_draw_ruler(cr, p.x, 0, p.w, ruler_h, p.t0, p.t1);
	res_draw_names(cr, 0, ruler_h, names_w, RES_ROW_H, (const ResItem *const *)shown->pdata,
	               fit, -1, FALSE);
	cairo_rectangle(cr, p.x, ruler_h, p.w, height - ruler_h);
	cairo_clip(cr);
	start = g_get_monotonic_time();
	res_draw_rows(cr, h, (const ResItem *const *)shown->pdata, fit, ruler_h, &p);
	g_debug("resources: %u rows x %d columns drawn in %.1f ms", fit, (int)p.w,
	        (g_get_monotonic_time() - start) / 1000.0);
	lttv_timeline_draw_tab_marks(cr, p.x, ruler_h, p.w, height - ruler_h, tab);
	cairo_restore(cr);

	/* the layout: rows [y0, y1) and time-line columns [x0, x1) */
	for (guint i = 0; layout && i < fit; i++) {
		const ResItem *it = shown->pdata[i];
		int y0 = (int)ruler_h + (int)i * RES_ROW_H;

		res_layout_line(layout, it, !it->collapsed, y0, y0 + RES_ROW_H, names_w, width);
	}
	return TRUE;
}
