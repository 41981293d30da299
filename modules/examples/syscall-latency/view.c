/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The "syscall-latency" view: for the tab's selected interval (the time
 * window when nothing is selected), a sortable table of the system calls
 * (count, min, mean, max, total duration) and a histogram of their
 * durations.  The numbers are computed by a worker thread (GTask) from the
 * state history; a change of range cancels a computation under way.
 *
 * The worker reads its own LttvHistory, opened on the same traces (from
 * the cache the tab's build left: a few mappings): the tab frees its
 * history as soon as its traceset changes, which a worker cannot see
 * coming; the history it opened is shared by the workers of the view
 * through a reference count and freed by the last.
 */
#include "latency.h"
#include <glib/gi18n.h>
#include <lttv/module.h>
#include <lttv/view.h>

#define VIEW_NAME "syscall-latency"
#define VIEW_KEY  "syscall-latency-view"

/* --- a history of the worker's own ---------------------------------- */

typedef struct {
	LttvTraceset *ts;
	LttvHistory *h;
} Source;

static void source_clear(gpointer data)
{
	Source *s = data;

	g_clear_pointer(&s->h, lttv_history_free);
	g_clear_pointer(&s->ts, lttv_traceset_free);
}

static void source_release(Source *s)
{
	if (s)
		g_atomic_rc_box_release_full(s, source_clear);
}

/* Opens the traces at `paths` and their history (a worker's job). */
static Source *source_open(char **paths, GCancellable *cancel, GError **error)
{
	Source *s = g_atomic_rc_box_new0(Source);

	s->ts = lttv_traceset_new();
	for (guint i = 0; paths[i]; i++)
		if (!lttv_traceset_add_path(s->ts, paths[i], error))
			goto fail;
	s->h = lttv_history_open(s->ts, NULL, NULL, cancel, error);
	if (s->h)
		return s;
fail:
	source_release(s);
	return NULL;
}

/* --- the view --------------------------------------------------------- */

enum { COL_NAME, COL_COUNT, COL_MIN, COL_MEAN, COL_MAX, COL_TOTAL, N_COLS };

typedef struct {
	LttvTab *tab; /* a reference */
	GtkWidget *label, *spinner, *hist;
	GtkListStore *store;
	GCancellable *cancel; /* of the computation under way */
	Source *src;          /* the worker's history, once opened */
	SlResult *result;     /* shown */
	guint update_id;      /* an idle update is pending */
} SlView;

static void view_free(gpointer data)
{
	SlView *v = data;

	if (v->cancel)
		g_cancellable_cancel(v->cancel);
	g_clear_object(&v->cancel);
	if (v->update_id)
		g_source_remove(v->update_id);
	g_clear_pointer(&v->src, source_release);
	g_clear_pointer(&v->result, sl_result_free);
	g_clear_object(&v->tab);
	g_free(v);
}

/* The range the view shows: the selection, else the time window. */
static gboolean view_range(LttvTab *tab, LttvTime *t0, LttvTime *t1)
{
	if (lttv_tab_get_selection(tab, t0, t1) && *t1 > *t0)
		return TRUE;
	lttv_tab_get_time_window(tab, t0, t1);
	return FALSE;
}

/* "86063 calls, 84 system calls, 6.64 s in all; time window +0.0 - +0.9" */
static char *describe(LttvTab *tab, const SlResult *r, gboolean selection)
{
	LttvTime begin = 0;
	char a[48], b[48], total[32];

	lttv_tab_get_trace_range(tab, &begin, NULL);
	lttv_time_format_duration(r->t0 - begin, a, sizeof a);
	lttv_time_format_duration(r->t1 - begin, b, sizeof b);
	return g_strdup_printf("%" G_GUINT64_FORMAT " calls of %u system calls, %s in all; %s "
	                       "+%s to +%s%s",
	                       r->n_calls, r->stats->len,
	                       sl_format_duration(r->total, total, sizeof total),
	                       selection ? "selection" : "time window", a, b,
	                       r->n_uncertain ? " (uncertain state: some left out)" : "");
}

typedef struct {
	Source *src;  /* a reference, or NULL: open one from `paths` */
	char **paths; /* the traces of the tab */
	LttvTime t0, t1;
	gboolean selection;
} Job;

typedef struct {
	Source *src; /* a reference */
	SlResult *r;
} JobOut;

static void job_free(gpointer data)
{
	Job *job = data;

	source_release(job->src);
	g_strfreev(job->paths);
	g_free(job);
}

static void job_out_free(gpointer data)
{
	JobOut *out = data;

	source_release(out->src);
	sl_result_free(out->r);
	g_free(out);
}

static void job_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
	Job *job = data;
	GError *error = NULL;
	JobOut *out = g_new0(JobOut, 1);

	out->src = job->src ? g_atomic_rc_box_acquire(job->src)
	                    : source_open(job->paths, cancel, &error);
	if (out->src)
		out->r = sl_compute(out->src->h, job->t0, job->t1, cancel, &error);
	if (!out->r) {
		job_out_free(out);
		g_task_return_error(task, error);
		return;
	}
	g_task_return_pointer(task, out, job_out_free);
}

static void show_result(GtkWidget *box, SlView *v, SlResult *r, gboolean selection)
{
	g_autofree char *text = describe(v->tab, r, selection);

	gtk_list_store_clear(v->store);
	for (guint i = 0; i < r->stats->len; i++) {
		const SlStat *s = r->stats->pdata[i];

		gtk_list_store_insert_with_values(v->store, NULL, -1, COL_NAME, s->name, COL_COUNT,
		                                  s->count, COL_MIN, s->min, COL_MEAN,
		                                  s->total / (int64_t)s->count, COL_MAX, s->max,
		                                  COL_TOTAL, s->total, -1);
	}
	g_clear_pointer(&v->result, sl_result_free);
	v->result = r;
	gtk_label_set_text(GTK_LABEL(v->label), text);
	gtk_widget_queue_draw(v->hist);
}

static void job_done(GObject *obj, GAsyncResult *res, gpointer data)
{
	GtkWidget *box = GTK_WIDGET(obj);
	SlView *v = g_object_get_data(G_OBJECT(box), VIEW_KEY);
	GCancellable *cancel = g_task_get_cancellable(G_TASK(res));
	Job *job = g_task_get_task_data(G_TASK(res));
	g_autoptr(GError) error = NULL;
	JobOut *out = g_task_propagate_pointer(G_TASK(res), &error);

	/* an outdated computation (cancelled, or the view is gone) */
	if (!v || cancel != v->cancel || g_cancellable_is_cancelled(cancel)) {
		if (out)
			job_out_free(out);
		return;
	}
	g_clear_object(&v->cancel);
	gtk_spinner_stop(GTK_SPINNER(v->spinner));
	if (!out) {
		g_autofree char *text = g_strdup_printf("System-call latency: %s", error->message);

		gtk_label_set_text(GTK_LABEL(v->label), text);
		return;
	}
	if (!v->src)
		v->src = g_atomic_rc_box_acquire(out->src);
	show_result(box, v, g_steal_pointer(&out->r), job->selection);
	job_out_free(out);
}

static char **trace_paths(LttvTraceset *ts)
{
	GPtrArray *paths = g_ptr_array_new();

	for (guint i = 0; i < lttv_traceset_n_traces(ts); i++)
		g_ptr_array_add(paths, g_strdup(lttv_trace_path(lttv_traceset_trace(ts, i))));
	g_ptr_array_add(paths, NULL);
	return (char **)g_ptr_array_free(paths, FALSE);
}

/* Starts a computation of the current range, cancelling the one under way. */
static gboolean update(gpointer data)
{
	GtkWidget *box = data;
	SlView *v = g_object_get_data(G_OBJECT(box), VIEW_KEY);
	LttvTraceset *ts = lttv_tab_get_traceset(v->tab);
	g_autoptr(GTask) task = NULL;
	Job *job;

	v->update_id = 0;
	if (v->cancel)
		g_cancellable_cancel(v->cancel);
	g_clear_object(&v->cancel);
	if (!ts || !lttv_tab_get_history(v->tab)) {
		g_autofree char *text = g_strdup_printf(
		        "System-call latency: waiting for the state history (%.0f%%)",
		        100 * lttv_tab_get_history_progress(v->tab));

		gtk_label_set_text(GTK_LABEL(v->label),
		                   ts ? text : "System-call latency: no trace");
		return G_SOURCE_REMOVE;
	}
	job = g_new0(Job, 1);
	job->selection = view_range(v->tab, &job->t0, &job->t1);
	if (v->src)
		job->src = g_atomic_rc_box_acquire(v->src);
	else
		job->paths = trace_paths(ts);
	v->cancel = g_cancellable_new();
	task = g_task_new(box, v->cancel, job_done, NULL);
	g_task_set_task_data(task, job, job_free);
	g_task_run_in_thread(task, job_thread);
	gtk_spinner_start(GTK_SPINNER(v->spinner));
	return G_SOURCE_REMOVE;
}

static void queue_update(GtkWidget *box)
{
	SlView *v = g_object_get_data(G_OBJECT(box), VIEW_KEY);

	if (v && !v->update_id)
		v->update_id = g_idle_add(update, box);
}

static void on_range_changed(GObject *tab, GParamSpec *pspec, gpointer box)
{
	queue_update(box);
}

static void on_window_changed(LttvTab *tab, gpointer box)
{
	/* the window is the range only when nothing is selected */
	if (!lttv_tab_get_selection(tab, NULL, NULL))
		queue_update(box);
}

static void on_history_changed(GObject *tab, GParamSpec *pspec, gpointer box)
{
	SlView *v = g_object_get_data(G_OBJECT(box), VIEW_KEY);

	/* another traceset or a new history: the worker's is of no use, nor
	 * is what a worker computes from it now */
	if (v->cancel)
		g_cancellable_cancel(v->cancel);
	g_clear_object(&v->cancel);
	g_clear_pointer(&v->src, source_release);
	queue_update(box);
}

static void on_progress(GObject *tab, GParamSpec *pspec, gpointer box)
{
	SlView *v = g_object_get_data(G_OBJECT(box), VIEW_KEY);

	if (!lttv_tab_get_history(v->tab))
		queue_update(box);
}

static void on_destroy(GtkWidget *box, gpointer data)
{
	SlView *v = g_object_get_data(G_OBJECT(box), VIEW_KEY);

	/* a worker under way ends sooner; its result is dropped */
	if (v && v->cancel)
		g_cancellable_cancel(v->cancel);
}

static gboolean on_hist_draw(GtkWidget *area, cairo_t *cr, gpointer box)
{
	SlView *v = g_object_get_data(G_OBJECT(box), VIEW_KEY);
	int w = gtk_widget_get_allocated_width(area), h = gtk_widget_get_allocated_height(area);

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	sl_draw_histogram(v->result, cr, 0, 0, w, h);
	return TRUE;
}

static void duration_cell(GtkTreeViewColumn *col, GtkCellRenderer *cell, GtkTreeModel *model,
                          GtkTreeIter *iter, gpointer data)
{
	gint64 ns;
	char buf[32];

	gtk_tree_model_get(model, iter, GPOINTER_TO_INT(data), &ns, -1);
	g_object_set(cell, "text", sl_format_duration(ns, buf, sizeof buf), NULL);
}

static void add_column(GtkTreeView *tree, const char *title, int col)
{
	GtkCellRenderer *cell = gtk_cell_renderer_text_new();
	GtkTreeViewColumn *c;

	if (col == COL_NAME) {
		c = gtk_tree_view_column_new_with_attributes(title, cell, "text", col, NULL);
		gtk_tree_view_column_set_expand(c, TRUE);
	} else {
		g_object_set(cell, "xalign", 1.0, NULL);
		c = gtk_tree_view_column_new_with_attributes(title, cell, NULL);
		if (col == COL_COUNT)
			gtk_tree_view_column_add_attribute(c, cell, "text", col);
		else
			gtk_tree_view_column_set_cell_data_func(c, cell, duration_cell,
			                                        GINT_TO_POINTER(col), NULL);
		gtk_tree_view_column_set_alignment(c, 1.0);
	}
	gtk_tree_view_column_set_sort_column_id(c, col);
	gtk_tree_view_column_set_resizable(c, TRUE);
	gtk_tree_view_append_column(tree, c);
}

static GtkWidget *sl_view_new(LttvTab *tab)
{
	SlView *v = g_new0(SlView, 1);
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
	GtkWidget *top = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	GtkWidget *paned = gtk_paned_new(GTK_ORIENTATION_HORIZONTAL);
	GtkWidget *scroll = gtk_scrolled_window_new(NULL, NULL);
	GtkWidget *tree;

	v->tab = g_object_ref(tab);
	g_object_set_data_full(G_OBJECT(box), VIEW_KEY, v, view_free);
	v->label = gtk_label_new("System-call latency");
	gtk_label_set_xalign(GTK_LABEL(v->label), 0);
	gtk_label_set_ellipsize(GTK_LABEL(v->label), PANGO_ELLIPSIZE_END);
	v->spinner = gtk_spinner_new();
	gtk_box_pack_start(GTK_BOX(top), v->spinner, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(top), v->label, TRUE, TRUE, 0);
	gtk_box_pack_start(GTK_BOX(box), top, FALSE, FALSE, 0);

	v->store = gtk_list_store_new(N_COLS, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_INT64,
	                              G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT64);
	gtk_tree_sortable_set_sort_column_id(GTK_TREE_SORTABLE(v->store), COL_TOTAL,
	                                     GTK_SORT_DESCENDING);
	tree = gtk_tree_view_new_with_model(GTK_TREE_MODEL(v->store));
	g_object_unref(v->store); /* the tree view holds it */
	add_column(GTK_TREE_VIEW(tree), "System call", COL_NAME);
	add_column(GTK_TREE_VIEW(tree), "Count", COL_COUNT);
	add_column(GTK_TREE_VIEW(tree), "Min", COL_MIN);
	add_column(GTK_TREE_VIEW(tree), "Mean", COL_MEAN);
	add_column(GTK_TREE_VIEW(tree), "Max", COL_MAX);
	add_column(GTK_TREE_VIEW(tree), "Total", COL_TOTAL);
	gtk_container_add(GTK_CONTAINER(scroll), tree);
	gtk_widget_set_size_request(scroll, 420, 160);

	v->hist = gtk_drawing_area_new();
	gtk_widget_set_size_request(v->hist, 260, 160);
	g_signal_connect(v->hist, "draw", G_CALLBACK(on_hist_draw), box);
	gtk_paned_pack1(GTK_PANED(paned), scroll, TRUE, FALSE);
	gtk_paned_pack2(GTK_PANED(paned), v->hist, TRUE, FALSE);
	gtk_box_pack_start(GTK_BOX(box), paned, TRUE, TRUE, 0);

	g_signal_connect(box, "destroy", G_CALLBACK(on_destroy), NULL);
	/* disconnected when the box goes */
	g_signal_connect_object(tab, "notify::selection-start", G_CALLBACK(on_range_changed), box,
	                        0);
	g_signal_connect_object(tab, "notify::selection-end", G_CALLBACK(on_range_changed), box, 0);
	g_signal_connect_object(tab, "time-window-changed", G_CALLBACK(on_window_changed), box, 0);
	g_signal_connect_object(tab, "notify::history", G_CALLBACK(on_history_changed), box, 0);
	g_signal_connect_object(tab, "notify::traceset", G_CALLBACK(on_history_changed), box, 0);
	g_signal_connect_object(tab, "notify::history-progress", G_CALLBACK(on_progress), box, 0);
	lttv_tab_build_history(tab); /* nothing when built or building */
	queue_update(box);
	gtk_widget_show_all(box);
	return box;
}

/* The same content drawn on `cr`, without a display. */
static gboolean sl_view_render(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
                               GError **error)
{
	g_autoptr(SlResult) r = NULL;
	g_autofree char *title = NULL, *desc = NULL;
	LttvHistory *h;
	LttvTime t0, t1;
	gboolean selection;

	if (!lttv_tab_get_history(tab) && !lttv_tab_build_history_sync(tab, error))
		return FALSE;
	h = lttv_tab_get_history(tab);
	selection = view_range(tab, &t0, &t1);
	r = sl_compute(h, t0, t1, NULL, error);
	if (!r)
		return FALSE;
	desc = describe(tab, r, selection);
	title = g_strdup_printf("System-call latency: %s", desc);
	sl_draw_all(r, title, cr, width, height, layout);
	return TRUE;
}

/* --- the module -------------------------------------------------------- */

static const LttvViewInfo sl_view_info = {
        .name = VIEW_NAME,
        .title = N_("System-call latency"),
        .icon_name = "utilities-system-monitor",
        .description = N_("Count and durations of the system calls of the selected interval"),
        .create = sl_view_new,
        .render = sl_view_render,
};

static gboolean sl_init(GError **error)
{
	return lttv_view_register(&sl_view_info, error);
}

static void sl_destroy(void)
{
	lttv_view_unregister(VIEW_NAME);
}

LTTV_MODULE_DEFINE("syscall-latency", N_("System-call latency: a table and a histogram (example)"),
                   NULL, sl_init, sl_destroy);
