/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The histogram view's parts: what is counted (a matcher), the counting
 * of events per pixel column (shared by the workers and the headless
 * rendering), the drawing (bars, count axis, overview strip) and the
 * view itself. */
#ifndef LTTV_HISTOGRAM_HIST_H
#define LTTV_HISTOGRAM_HIST_H

#include <glib/gi18n-lib.h>
#include <lttv/filter.h>
#include <lttv/history.h>
#include <lttv/tab.h>
#include <lttv/timeline.h>
#include <lttv/view.h>

G_BEGIN_DECLS

/* --- what is counted (hist-count.c) --- */

typedef struct HistMatcher HistMatcher;

/* Events named `event` (NULL: every event) that pass `filter` (NULL:
 * none), on the traceset `ts` (the event classes are resolved once per
 * trace).  `origin`: where relative times of the filter count from.
 * NULL with `error` when the filter does not compile. */
HistMatcher *hist_matcher_new(LttvTraceset *ts, const char *event, const char *filter,
                              LttvTime origin, GError **error);
void hist_matcher_free(HistMatcher *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HistMatcher, hist_matcher_free)
/* TRUE when the filter uses state.* fields: then matching needs the
 * traceset's history (hist_matcher_set_history). */
gboolean hist_matcher_needs_state(const HistMatcher *m);
void hist_matcher_set_history(HistMatcher *m, const LttvHistory *h);

/* --- counts per column (hist-count.c) --- */

/* The events of [t0, t1] per column: column c counts the events of
 * [lttv_timeline_column_start(c), lttv_timeline_column_start(c + 1)),
 * the last column also those at t1 (the window's end is inclusive, as
 * `lttv dump --end`).  A worker fills it while the main thread reads
 * the columns already final. */
typedef struct {
	LttvTime t0, t1;
	guint cols;
	guint64 *counts;
	gint done;        /* columns final (atomic): counts[0 .. done) */
	LttvTime reached; /* time of the last event read (atomic) */
	guint64 total;    /* when done == cols */
	char **names;     /* the overview's: the event names that occur */
} HistCounts;

HistCounts *hist_counts_new(LttvTime t0, LttvTime t1, guint cols);
HistCounts *hist_counts_ref(HistCounts *c);
void hist_counts_unref(HistCounts *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HistCounts, hist_counts_unref)
/* Columns final so far (any thread). */
guint hist_counts_done(const HistCounts *c);
/* 0..1: how far the count has gone through the window. */
double hist_counts_progress(const HistCounts *c);
/* The largest count of the final columns. */
guint64 hist_counts_max(const HistCounts *c);

/* Counts the events of `ts` that `m` matches (NULL: all) into `c`, in
 * time order, publishing each column as it completes.  FALSE with
 * `error` on a trace error or when cancelled. */
gboolean hist_count(LttvTraceset *ts, HistMatcher *m, HistCounts *c, GCancellable *cancel,
                    GError **error);

/* Every event name of the traceset, sorted and unique (free with
 * g_strfreev). */
char **hist_event_names(const LttvTraceset *ts);

/* The overview: every event of the traceset, in at most this many bins
 * of equal width from the first event to (just past) the last. */
#define HIST_OVERVIEW_BINS 4096
/* Counts it (a pass over the events; `*filling`, when not NULL, gets a
 * reference to finer counts filling meanwhile, for progress), with the
 * sorted names of the events that occur (`names`).  NULL with `error` on
 * a trace error or when cancelled. */
HistCounts *hist_overview_count(LttvTraceset *ts, HistCounts **filling, GCancellable *cancel,
                                GError **error);

/* --- settings a widget keeps on its tab, so that export draws what it
 * shows --- */
#define HIST_EVENT_KEY           "lttv-histogram-event"   /* string: the event name counted */
#define HIST_LOG_KEY             "lttv-histogram-log"     /* non-NULL: log scale */
#define HIST_COLUMNS_KEY         "lttv-histogram-columns" /* string: columns of the CSV export */
#define HIST_DEFAULT_CSV_COLUMNS 1000

/* What identifies a traceset besides its address (which a later one
 * may reuse): its trace folders, one a line. */
char *hist_traceset_key(LttvTraceset *ts);
/* TRUE when `ts` with that key is still the tab's traceset. */
gboolean hist_traceset_is(LttvTab *tab, LttvTraceset *ts, const char *key);
/* The overview of the tab's traceset kept on the tab (NULL: not counted
 * yet); hist_overview_store takes a reference to `c`. */
HistCounts *hist_overview_cached(LttvTab *tab);
void hist_overview_store(LttvTab *tab, LttvTraceset *ts, HistCounts *c);
/* The last window counted by a widget of the tab (complete; `c`'s window
 * and columns, `event` and `filter` say which), kept for export. */
void hist_window_store(LttvTab *tab, HistCounts *c, const char *event, const char *filter);
HistCounts *hist_window_cached(LttvTab *tab, LttvTime t0, LttvTime t1, guint cols,
                               const char *event, const char *filter);
/* The event name and the filter of the tab's settings (NULL: none). */
const char *hist_tab_event(LttvTab *tab);
gboolean hist_tab_log(LttvTab *tab);

/* --- workers (hist-worker.c) --- */

/* A traceset (and, for filters on the state, its history) of the
 * workers' own, on the tab's traces: reused from count to count. */
typedef struct HistSource HistSource;
void hist_source_release(HistSource *s);

/* Counts into `c` (whose window and columns are set) the events named
 * `event` (NULL: all) passing `filter` (NULL: none) in a worker, on `src`
 * (NULL: a new source on the tab's traces); `done` runs on the main
 * thread with `owner` as its source object. */
void hist_count_async(LttvTab *tab, HistSource *src, HistCounts *c, const char *event,
                      const char *filter, gpointer owner, GCancellable *cancel,
                      GAsyncReadyCallback done, gpointer data);
/* FALSE with `error` when it failed or was cancelled.  Either way `*src`
 * gets a reference to the source the worker used (NULL when none could
 * be opened). */
gboolean hist_count_finish(GAsyncResult *res, HistSource **src, GError **error);

/* The overview of the tab's traceset: complete (kept on the tab), or
 * filling while a worker counts it (one is started when none runs);
 * NULL when there is no trace, the count has not begun, or it failed
 * (then `*error` says why). */
HistCounts *hist_overview_for(LttvTab *tab, const char **error);
/* TRUE while the overview of the tab's traceset is being counted. */
gboolean hist_overview_filling(LttvTab *tab);

/* --- drawing (hist-draw.c) --- */

/* Width of the count axis left of the bars, height of the overview. */
#define HIST_AXIS_W     64
#define HIST_OVERVIEW_H 56

/* The bars of `c` in the rectangle (x, y, c->cols, h): column i at
 * x + i, one pixel wide, scaled to `max` (linear, or log10(n + 1)), at
 * least one pixel high when not 0; the background is the caller's. */
void hist_draw_bars(cairo_t *cr, const HistCounts *c, double x, double y, double h, guint64 max,
                    gboolean log_scale);
/* Horizontal grid lines and the count axis (labels right-aligned in
 * the strip (ax, y, HIST_AXIS_W, h)) for bars of height h from y. */
void hist_draw_axis(cairo_t *cr, double ax, double x, double w, double y, double h, guint64 max,
                    gboolean log_scale);
/* The height in pixels of a bar of `n` on the scale of `max`. */
int hist_bar_height(guint64 n, guint64 max, double h, gboolean log_scale);
/* The overview strip in (x, y, w, h): the whole trace from the bins of
 * `ov` (NULL: a message with `progress`), and the window [t0, t1] as a
 * box. */
void hist_draw_overview(cairo_t *cr, const HistCounts *ov, double x, double y, double w, double h,
                        LttvTime t0, LttvTime t1, double progress, gboolean log_scale);
/* A centred message on the background. */
void hist_draw_message(cairo_t *cr, double x, double y, double w, double h, const char *text);
/* "12 345" */
char *hist_format_count(guint64 n, char *buf, size_t len);

/* --- the view (hist-view.c, hist-render.c) --- */

GtkWidget *hist_view_new(LttvTab *tab);
gboolean hist_render(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
                     GError **error);
gboolean hist_export_csv(LttvTab *tab, GOutputStream *out, GCancellable *cancel, GError **error);

G_END_DECLS

#endif
