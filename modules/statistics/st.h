/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The statistics view (lttv-classic §3.6): the tree of lttv/stats.h over
 * the tab's selection (the whole trace when none), following its filter
 * and its history.  Shared by the widget (st-view.c), the headless
 * rendering (st-render.c) and the CSV export (st-csv.c). */
#ifndef LTTV_MODULE_STATISTICS_H
#define LTTV_MODULE_STATISTICS_H

#include <glib/gi18n-lib.h>
#include <lttv/filter.h>
#include <lttv/history.h>
#include <lttv/stats.h>
#include <lttv/tab.h>
#include <lttv/timeline.h>
#include <lttv/view.h>

/* What a computation is of: the tab's inputs when it starts. */
typedef struct {
	LttvHistory *history; /* a reference (lttv_history_ref) */
	LttvTime t0, t1;      /* [t0, t1) as lttv_stats_compute takes it */
	gboolean selection;   /* the tab's selection, not the whole trace */
	char *filter;         /* the tab's filter expression, NULL: none */
	LttvTime origin;      /* the traceset's beginning (relative times) */
} StInputs;

/* The tab's inputs now (FALSE when it has no history yet); clear with
 * st_inputs_clear. */
gboolean st_inputs_get(LttvTab *tab, StInputs *in);
void st_inputs_clear(StInputs *in);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(StInputs, st_inputs_clear)
gboolean st_inputs_equal(const StInputs *a, const StInputs *b);

/* Computes the statistics of `in` on `ts` (the traces of the history,
 * used by this thread alone). */
LttvStats *st_compute(LttvTraceset *ts, const StInputs *in, LttvStatsProgressFn progress,
                      gpointer user_data, GCancellable *cancel, GError **error);
/* A traceset of the tab's traces, for a worker (NULL with `error`). */
LttvTraceset *st_traceset_copy(LttvTab *tab, GError **error);

/* Statistics with the inputs they are of (reference counted: a widget
 * shows them while the tab keeps them for export). */
typedef struct {
	StInputs in;
	LttvStats *stats;
} StResult;
StResult *st_result_new(const StInputs *in, LttvStats *stats); /* takes `stats` */
StResult *st_result_ref(StResult *r);
void st_result_unref(StResult *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(StResult, st_result_unref)

/* The last result computed for the tab (by a widget or a rendering) when
 * it is of `in` (borrowed), so that an export need not compute again. */
StResult *st_cached(LttvTab *tab, const StInputs *in);
void st_cache_store(LttvTab *tab, StResult *r);
/* Drops the tab's last result when it is of another history than the
 * tab's. */
void st_cache_forget(LttvTab *tab);
/* The result of the tab's inputs now, from the cache or computed here
 * (the history built first when needed): for rendering and export. */
StResult *st_get_sync(LttvTab *tab, GCancellable *cancel, GError **error);

/* --- text --- */

/* The label of a node in the tree ("bash (1234)", "CPU 3", "read"...). */
char *st_node_label(const LttvStatsNode *n);
/* A duration for a cell: "1.234567 s", "12.345 ms", "" for none. */
char *st_format_time(LttvTime ns, char *buf, size_t len);
/* "12.3 %" */
char *st_format_share(double share, char *buf, size_t len);
/* The header line: the range, the events, the filter, partial or not. */
char *st_describe(const LttvStats *s, gboolean selection);
/* Whether a node is shown: threads that did nothing in the range (only
 * existed there) are not. */
gboolean st_node_shown(const LttvStatsNode *n);

/* --- the view's entry points --- */
GtkWidget *st_view_new(LttvTab *tab);
gboolean st_render(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
                   GError **error);
gboolean st_export_csv(LttvTab *tab, GOutputStream *out, GCancellable *cancel, GError **error);

#endif
