/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the control flow view keeps on a tab between two drawings: the
 * rows of its history (built once per history, not once per redraw) and
 * an image of the names column (text laid out once, then copied). */
#include "cf.h"

#include <string.h>

#define CACHE_KEY "lttv-controlflow-cache"

typedef struct {
	LttvHistory *history; /* a reference: the rows' names point into it */
	GArray *rows;         /* of CfRow */
	/* the names column as last drawn: for these rows, this size, these
	 * drawing settings */
	cairo_surface_t *names;
	const CfRow **names_rows;
	guint names_n;
	int names_w, names_row_h;
	gulong names_options; /* font options' hash */
	cairo_antialias_t names_antialias;
} TabCache;

static void names_clear(TabCache *c)
{
	g_clear_pointer(&c->names, cairo_surface_destroy);
	g_clear_pointer(&c->names_rows, g_free);
	c->names_n = 0;
}

static void cache_clear(TabCache *c)
{
	names_clear(c);
	g_clear_pointer(&c->rows, g_array_unref);
	g_clear_pointer(&c->history, lttv_history_free);
}

static void cache_free(gpointer data)
{
	cache_clear(data);
	g_free(data);
}

/* A new history (a partial one grown, another traceset): the rows are
 * made again at the next drawing, and the old history is let go now. */
static void on_history(LttvTab *tab, GParamSpec *pspec, TabCache *c)
{
	if (c->history != lttv_tab_get_history(tab))
		cache_clear(c);
}

static TabCache *cache_of(LttvTab *tab)
{
	TabCache *c = g_object_get_data(G_OBJECT(tab), CACHE_KEY);

	if (!c) {
		c = g_new0(TabCache, 1);
		/* the handler goes with the tab's signal handlers, before its
		 * data (and so `c`) at finalization */
		g_object_set_data_full(G_OBJECT(tab), CACHE_KEY, c, cache_free);
		g_signal_connect(tab, "notify::history", G_CALLBACK(on_history), c);
	}
	return c;
}

GArray *cf_rows_of_tab(LttvTab *tab)
{
	LttvHistory *h = lttv_tab_get_history(tab);
	TabCache *c;

	if (!h)
		return NULL;
	c = cache_of(tab);
	if (c->history != h) {
		cache_clear(c);
		c->history = lttv_history_ref(h);
		c->rows = cf_rows_new(h);
	}
	return c->rows;
}

static gboolean names_match(const TabCache *c, cairo_t *cr, cairo_format_t format, int w, int row_h,
                            const CfRow *const *rows, guint n, gulong options)
{
	return c->names && cairo_image_surface_get_format(c->names) == format && c->names_w == w &&
	       c->names_row_h == row_h && c->names_n == n && c->names_options == options &&
	       c->names_antialias == cairo_get_antialias(cr) &&
	       memcmp(c->names_rows, rows, n * sizeof(*rows)) == 0;
}

cairo_surface_t *cf_names_image(LttvTab *tab, cairo_t *cr, int w, int row_h,
                                const CfRow *const *rows, guint n)
{
	TabCache *c = g_object_get_data(G_OBJECT(tab), CACHE_KEY);
	cairo_format_t format;
	cairo_font_options_t *options;
	gulong options_hash;
	cairo_t *ncr;

	/* drawn at whole pixels, the image holds what cf_draw_names() would
	 * draw on the target: the same text at the same place within a
	 * pixel, clipped to the same column */
	if (!c || !c->rows || n == 0 || w <= 0 || row_h <= 0 || !cf_target_is_pixel_image(cr))
		return NULL;
	format = cairo_image_surface_get_format(cairo_get_group_target(cr));
	options = cairo_font_options_create();
	cairo_get_font_options(cr, options);
	options_hash = cairo_font_options_hash(options);
	if (names_match(c, cr, format, w, row_h, rows, n, options_hash)) {
		cairo_font_options_destroy(options);
		return c->names;
	}
	names_clear(c);
	c->names = cairo_image_surface_create(format, w, row_h * (int)n);
	ncr = cairo_create(c->names);
	cairo_set_font_options(ncr, options);
	cairo_font_options_destroy(options);
	cairo_set_antialias(ncr, cairo_get_antialias(cr));
	cf_draw_names(ncr, 0, 0, w, row_h, rows, n);
	cairo_destroy(ncr);
	c->names_rows = g_memdup2(rows, n * sizeof(*rows));
	c->names_n = n;
	c->names_w = w;
	c->names_row_h = row_h;
	c->names_options = options_hash;
	c->names_antialias = cairo_get_antialias(cr);
	return c->names;
}
