/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The registry of views that modules add. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <lttv/error.h>
#include <lttv/view.h>
#include <stdio.h>
#include <string.h>

static GPtrArray *views; /* of LttvViewInfo *, owned */
static GMutex views_lock;

static gboolean view_name_valid(const char *name)
{
	if (!name || !*name)
		return FALSE;
	for (const char *p = name; *p; p++)
		if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '-' && *p != '_')
			return FALSE;
	return TRUE;
}

static LttvViewInfo *find_locked(const char *name)
{
	for (guint i = 0; views && i < views->len; i++) {
		LttvViewInfo *v = views->pdata[i];

		if (strcmp(v->name, name) == 0)
			return v;
	}
	return NULL;
}

gboolean lttv_view_register(const LttvViewInfo *info, GError **error)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&views_lock);

	if (!view_name_valid(info->name)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            "view name \"%s\" is not valid (lower-case letters, digits, '-', '_')",
		            info->name ? info->name : "");
		return FALSE;
	}
	if (!info->title || !info->create || !info->render) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            "view \"%s\" lacks a title, a create or a render function", info->name);
		return FALSE;
	}
	if (find_locked(info->name)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS,
		            "a view named \"%s\" is already registered", info->name);
		return FALSE;
	}
	if (!views)
		views = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(views, g_memdup2(info, sizeof(*info)));
	return TRUE;
}

void lttv_view_unregister(const char *name)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&views_lock);
	LttvViewInfo *v = find_locked(name);

	if (v)
		g_ptr_array_remove(views, v);
}

const LttvViewInfo *lttv_view_lookup(const char *name)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&views_lock);

	return find_locked(name);
}

GPtrArray *lttv_view_list(void)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&views_lock);
	GPtrArray *out = g_ptr_array_new();

	for (guint i = 0; views && i < views->len; i++)
		g_ptr_array_add(out, views->pdata[i]);
	return out;
}

static gboolean legend_draw(GtkWidget *w, cairo_t *cr, gpointer draw)
{
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	cairo_paint(cr);
	((LttvLegendDrawFn)draw)(cr, 0, 0, gtk_widget_get_allocated_width(w));
	return TRUE;
}

GtkWidget *lttv_view_legend_button(LttvLegendDrawFn draw, int width, int height)
{
	GtkWidget *button = gtk_menu_button_new();
	GtkWidget *pop = gtk_popover_new(button);
	GtkWidget *legend = gtk_drawing_area_new();

	gtk_button_set_label(GTK_BUTTON(button), _("Legend"));
	gtk_widget_set_tooltip_text(button, _("What the colours mean"));
	gtk_widget_set_size_request(legend, width, height);
	g_signal_connect(legend, "draw", G_CALLBACK(legend_draw), (gpointer)draw);
	gtk_container_add(GTK_CONTAINER(pop), legend);
	gtk_widget_show(legend);
	gtk_menu_button_set_popover(GTK_MENU_BUTTON(button), pop);
	return button;
}

void lttv_view_invoke(GMainContext *context, GSourceFunc fn, gpointer data, GDestroyNotify notify)
{
	GSource *src = g_idle_source_new();

	g_source_set_priority(src, G_PRIORITY_DEFAULT);
	g_source_set_callback(src, fn, data, notify);
	g_source_attach(src, context ? context : g_main_context_default());
	g_source_unref(src);
}

/* --- what GUI tests read: the layout of a view's widget on screen --- */

gboolean lttv_view_test_mode(void)
{
	static int on = -1;

	if (on < 0)
		on = g_getenv("LTTV_GUI_TEST") != NULL;
	return on;
}

void lttv_view_test_layout(GtkWidget *area, const char *view, const GString *layout)
{
	GtkWidget *top;
	GdkWindow *win;
	int ox = 0, oy = 0, x = 0, y = 0;
	g_autoptr(GString) out = NULL;
	const char *last;

	if (!lttv_view_test_mode() || !layout || !gtk_widget_get_mapped(area))
		return;
	top = gtk_widget_get_toplevel(area);
	win = gtk_widget_get_window(top);
	if (!win)
		return;
	gdk_window_get_origin(win, &ox, &oy);
	gtk_widget_translate_coordinates(area, top, 0, 0, &x, &y);
	out = g_string_new(NULL);
	g_string_append_printf(out, "layout-begin %s %d %d %d %d\n", view, ox + x, oy + y,
	                       gtk_widget_get_allocated_width(area),
	                       gtk_widget_get_allocated_height(area));
	for (const char *p = layout->str; *p;) {
		const char *nl = strchr(p, '\n');
		gsize len = nl ? (gsize)(nl - p) : strlen(p);

		g_string_append_printf(out, "layout %s %.*s\n", view, (int)len, p);
		p += len + (nl ? 1 : 0);
	}
	g_string_append_printf(out, "layout-end %s\n", view);
	/* only when it changed: a view redraws often */
	last = g_object_get_data(G_OBJECT(area), "lttv-test-layout");
	if (last && strcmp(last, out->str) == 0)
		return;
	fputs(out->str, stdout);
	fflush(stdout);
	g_object_set_data_full(G_OBJECT(area), "lttv-test-layout", g_strdup(out->str), g_free);
}
