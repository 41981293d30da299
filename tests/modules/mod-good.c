/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A good test module: depends on "test-base" (whose view must already be
 * registered when this init runs) and registers the view "test-good". */
#include <lttv/module.h>
#include <lttv/view.h>

static GtkWidget *good_new(LttvTab *tab)
{
	return gtk_label_new("test-good");
}

static gboolean good_render(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
                            GError **error)
{
	cairo_set_source_rgb(cr, 0, 0.5, 0);
	cairo_paint(cr);
	if (layout)
		g_string_append_printf(layout, "0 %d name=test-good\n", height);
	return TRUE;
}

static const LttvViewInfo info = {.name = "test-good",
                                  .title = "Test good",
                                  .description = "a green rectangle",
                                  .create = good_new,
                                  .render = good_render};

static gboolean good_init(GError **error)
{
	if (!lttv_view_lookup("test-base")) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
		            "initialized before its dependency test-base");
		return FALSE;
	}
	return lttv_view_register(&info, error);
}

static void good_destroy(void)
{
	lttv_view_unregister("test-good");
}

static const char *const deps[] = {"test-base", NULL};
LTTV_MODULE_DEFINE("test-good", "Test: a good module", deps, good_init, good_destroy);
