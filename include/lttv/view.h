/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Views: what a module registers to appear in lttv-gui's Views menu and
 * toolbar, and in `lttv-gui --render NAME`.  A view is two functions over
 * a tab (lttv/tab.h): a widget for the window, and a cairo rendering of
 * the same content for headless use and PNG/SVG export, which must not
 * need a display.
 *
 *   static const LttvViewInfo info = {
 *       .name = "latency", .title = N_("System-call latency"),
 *       .icon_name = "utilities-system-monitor", .create = latency_new,
 *       .render = latency_render,
 *   };
 *   lttv_view_register(&info, error);
 */
#ifndef LTTV_VIEW_H
#define LTTV_VIEW_H

#include <cairo.h>
#include <gtk/gtk.h>
#include <lttv/tab.h>

G_BEGIN_DECLS

typedef struct {
	const char *name;        /* [a-z0-9_-]+, unique: the --render name */
	const char *title;       /* menu entry and frame label */
	const char *icon_name;   /* themed icon for the toolbar (NULL: none) */
	const char *description; /* tooltip */
	/* A new widget showing the view of `tab` (a reference is held). */
	GtkWidget *(*create)(LttvTab *tab);
	/* Draws the view of `tab` on `cr`, width x height units, without a
	 * display.  When `layout` is not NULL the view appends one line per
	 * drawn row, "y0 y1 key=value..." (key tid/cpu/irq/name...), so that
	 * tests and scripts can find what is where.  FALSE with `error` when
	 * it cannot draw (no history...). */
	gboolean (*render)(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
	                   GError **error);
	/* Writes the view's table for `tab` as CSV (RFC 4180: a header line,
	 * then one line per row; fields with commas, quotes or line breaks
	 * quoted) to `out`: what "Export View" writes to a .csv file and
	 * `lttv-gui --render NAME -o FILE.csv` too.  NULL for a view without a
	 * table.  FALSE with `error` when it cannot (no history, cancelled,
	 * write error).  The window calls it in a worker thread, on a
	 * snapshot of the tab (lttv_tab_snapshot): it must not touch widgets,
	 * and should check `cancel` every few thousand rows. */
	gboolean (*export_csv)(LttvTab *tab, GOutputStream *out, GCancellable *cancel,
	                       GError **error);
} LttvViewInfo;

/* Registers a view (the info is copied; its strings must outlive the
 * registration, as static strings of a module do).  FALSE with `error`
 * when the name is taken or invalid. */
gboolean lttv_view_register(const LttvViewInfo *info, GError **error);
void lttv_view_unregister(const char *name);
const LttvViewInfo *lttv_view_lookup(const char *name);
/* Every registered view, in registration order (of const LttvViewInfo *). */
GPtrArray *lttv_view_list(void);

/* A "Legend" button whose popover (width x height) shows what `draw`
 * draws (x, y, width: it returns the height used) on a dark background:
 * the views' colour keys. */
typedef double (*LttvLegendDrawFn)(cairo_t *cr, double x, double y, double width);
GtkWidget *lttv_view_legend_button(LttvLegendDrawFn draw, int width, int height);

/* --- threads --- */

/* Calls `fn` (then `notify`) in the thread that runs `context` (NULL: the
 * default one, GTK's), from any thread: always through a source of that
 * context, never on the calling thread (as g_main_context_invoke() can:
 * when the context is free, it calls `fn` right there).  For a view's
 * worker handing results to its widget. */
void lttv_view_invoke(GMainContext *context, GSourceFunc fn, gpointer data, GDestroyNotify notify);

/* --- for GUI tests (LTTV_GUI_TEST set in the environment) --- */

/* TRUE when lttv-gui runs under a GUI test. */
gboolean lttv_view_test_mode(void);
/* In test mode, prints on stdout where a view's widget `area` drew what:
 * "layout-begin VIEW X Y W H" (the area in root-window coordinates), one
 * "layout VIEW LINE" per line of `layout` (lines as render() writes them,
 * in the area's coordinates), "layout-end VIEW"; only when it changed
 * since the last call.  Does nothing outside test mode. */
void lttv_view_test_layout(GtkWidget *area, const char *view, const GString *layout);

/* --- shared drawing: LTTV's colours, so every view speaks the same --- */

/* Colour of a thread's history value (lttv/history.h): status, then the
 * mode within RUN. */
void lttv_palette_thread(guint32 value, double rgb[3]);
void lttv_palette_status(LttvProcessStatus status, double rgb[3]);
void lttv_palette_mode(LttvExecMode mode, double rgb[3]); /* within RUN */
void lttv_palette_cpu(LttvCpuMode mode, double rgb[3]);
/* Fills a rectangle with the diagonal hatching that marks UNCERTAIN. */
void lttv_palette_hatch(cairo_t *cr, double x, double y, double w, double h);

G_END_DECLS

#endif
