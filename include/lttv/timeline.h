/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Time-line helpers shared by every view that draws time horizontally
 * (control flow, resources...): mapping between a time window [t0, t1]
 * and W pixel columns, the time ruler, the current-time line, the
 * selected interval, and an interaction controller that turns clicks,
 * drags and the wheel on a GtkDrawingArea into changes of a tab.
 *
 * Pixel column c of a window [t0, t1] over W columns covers
 * [t0 + (t1 - t0) * c / W, t0 + (t1 - t0) * (c + 1) / W), rounded down:
 * the convention of lttv_history_sample(), so that a drawn column and a
 * sampled column are the same thing.
 *
 *   double x = lttv_timeline_time_to_x(t0, t1, width, t);
 *   lttv_timeline_draw_ruler(cr, 0, 0, width, 30, t0, t1);
 *   lttv_timeline_attach(area, tab, 0, 0);   // click, drag, wheel; redraws
 */
#ifndef LTTV_TIMELINE_H
#define LTTV_TIMELINE_H

#include <cairo.h>
#include <pango/pangocairo.h>
#include <gtk/gtk.h>
#include <lttv/tab.h>
#include <lttv/time.h>

G_BEGIN_DECLS

/* --- mapping --- */

/* Where `t` falls on a window [t0, t1] drawn over `width` units starting
 * at 0 (t0 -> 0, t1 -> width); any time, also outside the window. */
double lttv_timeline_time_to_x(LttvTime t0, LttvTime t1, double width, LttvTime t);
/* The time at `x` (clamped to [t0, t1]). */
LttvTime lttv_timeline_x_to_time(LttvTime t0, LttvTime t1, double width, double x);
/* The start of pixel column `c` of `cols` (c may be cols: the end, t1),
 * exactly as lttv_history_sample() splits the window. */
LttvTime lttv_timeline_column_start(LttvTime t0, LttvTime t1, guint cols, guint c);
/* The column holding `t` (-1 before t0, cols at or after t1). */
gint64 lttv_timeline_column_of(LttvTime t0, LttvTime t1, guint cols, LttvTime t);

/* --- ticks --- */

/* The ruler's tick step: the smallest 1, 2 or 5 x 10^k ns (k >= 0) that
 * puts at least `min_px` units between ticks on a window [t0, t1] over
 * `width` units (1 for a degenerate window or width). */
int64_t lttv_timeline_tick_step(LttvTime t0, LttvTime t1, double width, double min_px);
/* The first tick at or after t0: a multiple of `step`. */
LttvTime lttv_timeline_first_tick(LttvTime t0, int64_t step);
/* A tick label with as many decimals as `step` needs: "22:14:38" for
 * steps of seconds, "38.25" for 10 ms, "38.123456789" for 1 ns (the
 * seconds within the minute; UTC clock time).  Returns buf (>= 40). */
char *lttv_timeline_tick_label(LttvTime t, int64_t step, char *buf, size_t len);
/* A duration in the most readable unit: "2.5 ms", "1 ns", "3.2 s". */
char *lttv_timeline_format_duration(int64_t ns, char *buf, size_t len);

/* --- drawing (cairo only: also used headless) --- */

/* A Pango layout on `cr` in `font` ("Sans 9"), for a view's own text,
 * the same way headless and on screen (g_object_unref it). */
PangoLayout *lttv_timeline_text_layout(cairo_t *cr, const char *font);

/* Default ruler height in units, enough for two lines of text. */
#define LTTV_TIMELINE_RULER_HEIGHT 38
/* The time ruler over [t0, t1] in the rectangle (x, y, w, h): a dark
 * strip with the window start (left) and end (right) in full, the width
 * of the window in the middle, and rounded tick labels below. */
void lttv_timeline_draw_ruler(cairo_t *cr, double x, double y, double w, double h, LttvTime t0,
                              LttvTime t1);
/* A white dotted vertical line at `t` (nothing when outside [t0, t1]). */
void lttv_timeline_draw_current_time(cairo_t *cr, double x, double y, double w, double h,
                                     LttvTime t0, LttvTime t1, LttvTime current);
/* The selected interval [s0, s1] as a translucent band with edges. */
void lttv_timeline_draw_selection(cairo_t *cr, double x, double y, double w, double h, LttvTime t0,
                                  LttvTime t1, LttvTime s0, LttvTime s1);
/* Both of the above from the tab's current time and selection. */
void lttv_timeline_draw_tab_marks(cairo_t *cr, double x, double y, double w, double h,
                                  LttvTab *tab);

/* --- interaction --- */

typedef struct LttvTimelineController LttvTimelineController;

/* Attaches to `area` (a GtkDrawingArea, or any widget with a window):
 * the time line covers the area's width less `left` and `right` units.
 * Left click sets the tab's current time, left drag selects an interval,
 * the wheel zooms at the pointer, shift+wheel and middle or right drag
 * pan; the area is redrawn whenever the tab's window, current time,
 * selection or history change.  Freed with the widget. */
LttvTimelineController *lttv_timeline_attach(GtkWidget *area, LttvTab *tab, double left,
                                             double right);
/* Changes the margins (for a view whose left column is resized). */
void lttv_timeline_controller_set_margins(LttvTimelineController *ctl, double left, double right);
/* The time under `x` of the area (clamped to the window). */
LttvTime lttv_timeline_controller_time_at(LttvTimelineController *ctl, double x);
/* TRUE while a drag is in progress (views may skip tooltips then). */
gboolean lttv_timeline_controller_dragging(LttvTimelineController *ctl);

G_END_DECLS

#endif
