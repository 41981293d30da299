/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A test module other modules depend on: registers the view "test-base". */
#include <lttv/module.h>
#include <lttv/view.h>

static GtkWidget *base_new(LttvTab *tab)
{
	return gtk_label_new("test-base");
}

static gboolean base_render(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
                            GError **error)
{
	return TRUE;
}

static const LttvViewInfo info = {
        .name = "test-base", .title = "Test base", .create = base_new, .render = base_render};

static gboolean base_init(GError **error)
{
	return lttv_view_register(&info, error);
}

static void base_destroy(void)
{
	lttv_view_unregister("test-base");
}

LTTV_MODULE_DEFINE("test-base", "Test: a dependency", NULL, base_init, base_destroy);
