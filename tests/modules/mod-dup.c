/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A module the test installs twice, under one name, in two folders of the
 * search path: the first loads, the second is SHADOWED (never initialized:
 * a second registration of its view would fail). */
#include <lttv/module.h>
#include <lttv/view.h>

static GtkWidget *dup_new(LttvTab *tab)
{
	return gtk_label_new("test-dup");
}

static gboolean dup_render(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
                           GError **error)
{
	return TRUE;
}

static const LttvViewInfo info = {
        .name = "test-dup", .title = "Test dup", .create = dup_new, .render = dup_render};

static gboolean dup_init(GError **error)
{
	return lttv_view_register(&info, error);
}

/* a module must undo its registrations: its code is unmapped after this */
static void dup_destroy(void)
{
	lttv_view_unregister("test-dup");
}

LTTV_MODULE_DEFINE("test-dup", "Test: one name, two files", NULL, dup_init, dup_destroy);
