/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A tab: one traceset and what the user is looking at in it.  Every view
 * of a tab follows these properties through their "notify::" signals:
 *
 *   "traceset"        LttvTraceset *  the traces (owned by the tab)
 *   "history"         LttvHistory *   the state history; NULL until the
 *                                     build starts, then what is built so
 *                                     far (lttv_history_complete() FALSE,
 *                                     up to lttv_history_end()), replaced
 *                                     as it grows
 *   "history-progress" double         0..1 while building, 1 when built
 *   "window-start", "window-end"  int64 (LttvTime)  the time window shown
 *   "current-time"    int64           the current time (a vertical line)
 *   "selection-start", "selection-end"  int64  the selected interval
 *                                     (both LTTV_TIME_MIN when none)
 *   "filter"          string          the filter expression (NULL: none)
 *
 * "time-window-changed" is emitted once after both ends changed, so a view
 * redraws once per change of window.  A tab needs no display: headless
 * rendering builds one and draws views from it.
 */
#ifndef LTTV_TAB_H
#define LTTV_TAB_H

#include <gio/gio.h>
#include <glib-object.h>
#include <lttv/history.h>
#include <lttv/time.h>
#include <lttv/traceset.h>

G_BEGIN_DECLS

#define LTTV_TYPE_TAB (lttv_tab_get_type())
G_DECLARE_FINAL_TYPE(LttvTab, lttv_tab, LTTV, TAB, GObject)

LttvTab *lttv_tab_new(void);

/* Takes ownership of `ts` (NULL: empty); drops the history and shows the
 * default window: the whole traceset. */
void lttv_tab_set_traceset(LttvTab *tab, LttvTraceset *ts);
/* A new tab with what `tab` shows now: the same traceset and complete
 * history (shared, kept alive as long as the copy), time window, current
 * time, selection and filter; connected to nothing, so that one worker
 * thread may use it while the user goes on with `tab` (the GUI's exports
 * run on one).  Its own history is built by lttv_tab_build_history_sync()
 * when `tab`'s was not complete.  g_object_unref() it. */
LttvTab *lttv_tab_snapshot(LttvTab *tab);
LttvTraceset *lttv_tab_get_traceset(LttvTab *tab);
/* FALSE when the traceset is empty or has no timed packets. */
gboolean lttv_tab_get_trace_range(LttvTab *tab, LttvTime *begin, LttvTime *end);

/* The history: built by a worker thread (lttv_tab_build_history) or
 * synchronously (lttv_tab_build_history_sync, for headless rendering). */
LttvHistory *lttv_tab_get_history(LttvTab *tab);
void lttv_tab_build_history(LttvTab *tab);
gboolean lttv_tab_build_history_sync(LttvTab *tab, GError **error);
void lttv_tab_cancel_history(LttvTab *tab);
gboolean lttv_tab_history_building(LttvTab *tab);
double lttv_tab_get_history_progress(LttvTab *tab);
/* Why the last build failed (NULL when it did not). */
const GError *lttv_tab_get_history_error(LttvTab *tab);

/* Clamped to the trace range (when known) and to a width of at least 1 ns. */
void lttv_tab_set_time_window(LttvTab *tab, LttvTime start, LttvTime end);
void lttv_tab_get_time_window(LttvTab *tab, LttvTime *start, LttvTime *end);
/* factor < 1 zooms in; `center` stays at the same place on screen. */
void lttv_tab_zoom(LttvTab *tab, double factor, LttvTime center);
void lttv_tab_zoom_fit(LttvTab *tab);
/* Moves the window by `delta` ns, stopping at the trace edges. */
void lttv_tab_pan(LttvTab *tab, int64_t delta);

LttvTime lttv_tab_get_current_time(LttvTab *tab);
/* Also moves the window when `t` is outside it (keeping its width). */
void lttv_tab_set_current_time(LttvTab *tab, LttvTime t);

gboolean lttv_tab_get_selection(LttvTab *tab, LttvTime *start, LttvTime *end);
void lttv_tab_set_selection(LttvTab *tab, LttvTime start, LttvTime end);
void lttv_tab_clear_selection(LttvTab *tab);

const char *lttv_tab_get_filter(LttvTab *tab);
void lttv_tab_set_filter(LttvTab *tab, const char *filter);

G_END_DECLS

#endif
