/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The statistics widget: a header line (range, events, filter, partial)
 * with a progress bar, over a sortable tree.  The numbers are computed by
 * a worker (GTask) on a traceset of its own and a reference to the tab's
 * history; a change of selection, filter or history cancels it and starts
 * another.  Rows are made when their parent is first expanded: a trace
 * can have thousands of threads, each with modes and event types. */
#include "st.h"

#include <string.h>

#define VIEW_KEY "lttv-statistics-view"
/* inputs settle (a selection drag, its two ends) before a computation */
#define SETTLE_MS 120

enum { COL_LABEL, COL_EVENTS, COL_CPU, COL_ELAPSED, COL_SHARE, COL_NODE, COL_TIP, N_COLS };

typedef struct {
	LttvTab *tab; /* a reference */
	GtkWidget *box, *header, *progress, *tree;
	GtkTreeStore *store;
	StResult *shown;      /* what the tree shows */
	GCancellable *cancel; /* of the computation under way */
	StInputs running;     /* its inputs */
	guint update_id;
	gboolean pending; /* inputs changed during a computation let finish */
	/* a traceset of the tab's traces for the next worker (a worker has
	 * one at a time to itself); `traceset_serial` counts the tab's
	 * tracesets, so that one of older traces is not reused */
	LttvTraceset *spare;
	guint traceset_serial;
	gulong handlers[6];
	gboolean destroyed;
} StView;

/* --- the tree --- */

static void int_cell(GtkTreeViewColumn *col, GtkCellRenderer *cell, GtkTreeModel *m,
                     GtkTreeIter *it, gpointer data)
{
	const LttvStatsNode *n;
	char buf[48] = "";

	gtk_tree_model_get(m, it, COL_NODE, &n, -1);
	if (n)
		g_snprintf(buf, sizeof(buf), "%" G_GUINT64_FORMAT, n->events);
	g_object_set(cell, "text", buf, NULL);
}

static gboolean has_times(const LttvStatsNode *n)
{
	return n && n->kind != LTTV_STATS_EVENT_TYPE && n->kind != LTTV_STATS_EVENT_TYPES;
}

static void time_cell(GtkTreeViewColumn *col, GtkCellRenderer *cell, GtkTreeModel *m,
                      GtkTreeIter *it, gpointer data)
{
	const LttvStatsNode *n;
	char buf[48] = "";

	gtk_tree_model_get(m, it, COL_NODE, &n, -1);
	if (has_times(n))
		st_format_time(GPOINTER_TO_INT(data) == COL_CPU ? n->cpu_time : n->elapsed, buf,
		               sizeof(buf));
	g_object_set(cell, "text", buf, NULL);
}

static void share_cell(GtkTreeViewColumn *col, GtkCellRenderer *cell, GtkTreeModel *m,
                       GtkTreeIter *it, gpointer data)
{
	const LttvStatsNode *n;
	char buf[32] = "";

	gtk_tree_model_get(m, it, COL_NODE, &n, -1);
	if (has_times(n))
		st_format_share(n->share, buf, sizeof(buf));
	g_object_set(cell, "visible", has_times(n), "value",
	             has_times(n) ? (int)MIN(n->share * 100 + 0.5, 100) : 0, "text", buf, NULL);
}

static int compare(GtkTreeModel *m, GtkTreeIter *a, GtkTreeIter *b, gpointer data)
{
	const LttvStatsNode *x, *y;

	gtk_tree_model_get(m, a, COL_NODE, &x, -1);
	gtk_tree_model_get(m, b, COL_NODE, &y, -1);
	if (!x || !y)
		return (x != NULL) - (y != NULL);
	switch (GPOINTER_TO_INT(data)) {
	case COL_EVENTS:
		if (x->events != y->events)
			return x->events < y->events ? -1 : 1;
		break;
	case COL_CPU:
	case COL_SHARE:
		if (x->cpu_time != y->cpu_time)
			return x->cpu_time < y->cpu_time ? -1 : 1;
		break;
	case COL_ELAPSED:
		if (x->elapsed != y->elapsed)
			return x->elapsed < y->elapsed ? -1 : 1;
		break;
	default: {
		g_autofree char *lx = NULL, *ly = NULL;
		int c;

		gtk_tree_model_get(m, a, COL_LABEL, &lx, -1);
		gtk_tree_model_get(m, b, COL_LABEL, &ly, -1);
		c = g_utf8_collate(lx, ly);
		if (c)
			return c;
	}
	}
	return x->id < y->id ? -1 : x->id > y->id;
}

static char *tooltip(const LttvStatsNode *n)
{
	if (n->kind == LTTV_STATS_THREAD && n->tid >= 0)
		return g_strdup_printf(_("TID %" G_GINT64_FORMAT ", PID %" G_GINT64_FORMAT), n->tid,
		                       n->pid);
	if (n->kind == LTTV_STATS_CPU)
		return g_strdup(_("CPU time: not idle; elapsed: the range"));
	if (n->kind == LTTV_STATS_MODE || n->kind == LTTV_STATS_SUBMODE)
		return g_strdup(_("CPU time: running in it; elapsed: also preempted or "
		                  "blocked in it"));
	return NULL;
}

/* The children of `n` under `parent`, each with a placeholder child when
 * it has children of its own (filled when expanded). */
static void fill(GtkTreeStore *store, GtkTreeIter *parent, const LttvStatsNode *n)
{
	for (guint i = 0; i < n->n_children; i++) {
		const LttvStatsNode *c = n->children[i];
		g_autofree char *label = NULL, *tip = NULL;
		GtkTreeIter it, dummy;

		if (!st_node_shown(c))
			continue;
		label = st_node_label(c);
		tip = tooltip(c);
		gtk_tree_store_insert_with_values(store, &it, parent, -1, COL_LABEL, label,
		                                  COL_NODE, c, COL_TIP, tip, -1);
		if (c->n_children)
			gtk_tree_store_insert_with_values(store, &dummy, &it, -1, COL_NODE, NULL,
			                                  -1);
	}
}

static gboolean on_test_expand(GtkTreeView *tv, GtkTreeIter *it, GtkTreePath *path, StView *v)
{
	GtkTreeModel *m = gtk_tree_view_get_model(tv);
	const LttvStatsNode *n, *first;
	GtkTreeIter child;

	gtk_tree_model_get(m, it, COL_NODE, &n, -1);
	if (!n || !gtk_tree_model_iter_children(m, &child, it))
		return FALSE;
	gtk_tree_model_get(m, &child, COL_NODE, &first, -1);
	if (first)
		return FALSE;
	gtk_tree_store_remove(v->store, &child);
	fill(v->store, it, n);
	return FALSE; /* expand it */
}

/* "kind:id/kind:id...": what a row is, from one result to the next */
static char *node_key(const LttvStatsNode *n)
{
	GString *key = g_string_new(NULL);

	for (; n && n->kind != LTTV_STATS_ROOT; n = n->parent) {
		char seg[48];

		g_snprintf(seg, sizeof(seg), "/%d:%" G_GINT64_FORMAT, n->kind, n->id);
		g_string_prepend(key, seg);
	}
	return g_string_free(key, FALSE);
}

static void remember_expanded(GtkTreeView *tv, GtkTreePath *path, gpointer data)
{
	GtkTreeModel *m = gtk_tree_view_get_model(tv);
	const LttvStatsNode *n;
	GtkTreeIter it;

	if (gtk_tree_model_get_iter(m, &it, path)) {
		gtk_tree_model_get(m, &it, COL_NODE, &n, -1);
		if (n)
			g_hash_table_add(data, node_key(n));
	}
}

/* Expands the rows below `parent` whose nodes are in `keys` (NULL: the
 * traces and their CPUs). */
static void expand_again(StView *v, GtkTreeIter *parent, GHashTable *keys)
{
	GtkTreeModel *m = GTK_TREE_MODEL(v->store);
	GtkTreeIter it;
	gboolean more = gtk_tree_model_iter_children(m, &it, parent);

	for (; more; more = gtk_tree_model_iter_next(m, &it)) {
		const LttvStatsNode *n;
		g_autofree char *key = NULL;
		gboolean expand;

		gtk_tree_model_get(m, &it, COL_NODE, &n, -1);
		if (!n)
			continue;
		key = node_key(n);
		expand = keys ? g_hash_table_contains(keys, key)
		              : n->kind == LTTV_STATS_TRACE || n->kind == LTTV_STATS_CPUS;
		if (expand) {
			g_autoptr(GtkTreePath) path = gtk_tree_model_get_path(m, &it);

			gtk_tree_view_expand_row(GTK_TREE_VIEW(v->tree), path, FALSE);
			expand_again(v, &it, keys);
		}
	}
}

static void show_result(StView *v, StResult *r)
{
	g_autoptr(GHashTable) keys = NULL;
	g_autofree char *text = st_describe(r->stats, r->in.selection);
	GtkTreeStore *store;
	int sort_col = GTK_TREE_SORTABLE_UNSORTED_SORT_COLUMN_ID;
	GtkSortType order = GTK_SORT_DESCENDING;

	if (v->shown) {
		keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		gtk_tree_view_map_expanded_rows(GTK_TREE_VIEW(v->tree), remember_expanded, keys);
	}
	store = gtk_tree_store_new(N_COLS, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_INT64, G_TYPE_INT64,
	                           G_TYPE_DOUBLE, G_TYPE_POINTER, G_TYPE_STRING);
	for (int c = COL_LABEL; c <= COL_SHARE; c++)
		gtk_tree_sortable_set_sort_func(GTK_TREE_SORTABLE(store), c, compare,
		                                GINT_TO_POINTER(c), NULL);
	if (v->store)
		gtk_tree_sortable_get_sort_column_id(GTK_TREE_SORTABLE(v->store), &sort_col,
		                                     &order);
	gtk_tree_sortable_set_sort_column_id(GTK_TREE_SORTABLE(store), sort_col, order);
	/* the rows point into the statistics: the new ones before the old go */
	gtk_tree_view_set_model(GTK_TREE_VIEW(v->tree), GTK_TREE_MODEL(store));
	g_clear_object(&v->store);
	v->store = store;
	st_result_unref(v->shown);
	v->shown = st_result_ref(r);
	fill(store, NULL, lttv_stats_root(r->stats));
	/* one trace: the trace row open */
	expand_again(v, NULL, keys && g_hash_table_size(keys) ? keys : NULL);
	gtk_label_set_text(GTK_LABEL(v->header), text);
}

/* --- computing --- */

typedef struct {
	StInputs in;
	LttvTraceset *ts; /* the worker's, or NULL: opened from `paths` */
	char **paths;
	guint traceset_serial; /* of the tab's traceset it copies */
	GtkWidget *box;        /* a reference, for progress */
	GCancellable *cancel;  /* a reference */
	GMainContext *context;
} Job;

typedef struct {
	LttvTraceset *ts;
	StResult *r;
} JobOut;

static void job_free(gpointer data)
{
	Job *job = data;

	st_inputs_clear(&job->in);
	g_clear_pointer(&job->ts, lttv_traceset_free);
	g_strfreev(job->paths);
	g_object_unref(job->box);
	g_object_unref(job->cancel);
	g_main_context_unref(job->context);
	g_free(job);
}

static void job_out_free(gpointer data)
{
	JobOut *out = data;

	g_clear_pointer(&out->ts, lttv_traceset_free);
	st_result_unref(out->r);
	g_free(out);
}

typedef struct {
	GtkWidget *box; /* a reference */
	GCancellable *cancel;
	double done;
} Progress;

static gboolean progress_in_main(gpointer data)
{
	Progress *p = data;
	StView *v = g_object_get_data(G_OBJECT(p->box), VIEW_KEY);

	if (v && !v->destroyed && v->cancel == p->cancel) {
		g_autofree char *text = g_strdup_printf(_("Computing… %.0f %%"), 100 * p->done);

		gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(v->progress), p->done);
		gtk_progress_bar_set_text(GTK_PROGRESS_BAR(v->progress), text);
	}
	return G_SOURCE_REMOVE;
}

static void progress_free(gpointer data)
{
	Progress *p = data;

	g_object_unref(p->box);
	g_free(p);
}

static void job_progress(double done, gpointer data)
{
	Job *job = data;
	Progress *p = g_new(Progress, 1);

	p->box = g_object_ref(job->box);
	p->cancel = job->cancel;
	p->done = done;
	lttv_view_invoke(job->context, progress_in_main, p, progress_free);
}

static void job_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
	Job *job = data;
	JobOut *out = g_new0(JobOut, 1);
	GError *error = NULL;
	LttvStats *s = NULL;

	out->ts = g_steal_pointer(&job->ts);
	if (!out->ts) {
		out->ts = lttv_traceset_new();
		for (guint i = 0; job->paths[i] && out->ts; i++)
			if (!lttv_traceset_add_path(out->ts, job->paths[i], &error))
				g_clear_pointer(&out->ts, lttv_traceset_free);
	}
	if (out->ts)
		s = st_compute(out->ts, &job->in, job_progress, job, cancel, &error);
	if (!s) {
		job_out_free(out);
		g_task_return_error(task, error);
		return;
	}
	out->r = st_result_new(&job->in, s);
	g_task_return_pointer(task, out, job_out_free);
}

static void stop_progress(StView *v)
{
	gtk_widget_hide(v->progress);
}

static void queue_update(StView *v);

static void job_done(GObject *obj, GAsyncResult *res, gpointer data)
{
	StView *v = g_object_get_data(obj, VIEW_KEY);
	Job *job = g_task_get_task_data(G_TASK(res));
	GCancellable *cancel = g_task_get_cancellable(G_TASK(res));
	g_autoptr(GError) error = NULL;
	JobOut *out = g_task_propagate_pointer(G_TASK(res), &error);

	/* the traceset serves the next worker, while it is of the tab's */
	if (out && v && !v->destroyed && !v->spare && job->traceset_serial == v->traceset_serial)
		v->spare = g_steal_pointer(&out->ts);
	if (!v || v->destroyed || cancel != v->cancel || g_cancellable_is_cancelled(cancel)) {
		if (out)
			job_out_free(out);
		return;
	}
	g_clear_object(&v->cancel);
	st_inputs_clear(&v->running);
	stop_progress(v);
	if (v->pending) {
		v->pending = FALSE;
		queue_update(v);
	}
	if (!out) {
		g_autofree char *text = g_strdup_printf(_("Statistics: %s"), error->message);

		gtk_label_set_text(GTK_LABEL(v->header), text);
		return;
	}
	st_cache_store(v->tab, out->r);
	show_result(v, out->r);
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

static void cancel_job(StView *v)
{
	if (v->cancel)
		g_cancellable_cancel(v->cancel);
	g_clear_object(&v->cancel);
	st_inputs_clear(&v->running);
	stop_progress(v);
}

static void start_job(StView *v, StInputs *in)
{
	LttvTraceset *ts = lttv_tab_get_traceset(v->tab);
	g_autoptr(GTask) task = NULL;
	Job *job = g_new0(Job, 1);

	job->in = *in;
	*in = (StInputs){0};
	job->ts = g_steal_pointer(&v->spare);
	job->paths = job->ts ? NULL : trace_paths(ts);
	job->traceset_serial = v->traceset_serial;
	job->box = g_object_ref(v->box);
	v->cancel = g_cancellable_new();
	job->cancel = g_object_ref(v->cancel);
	job->context = g_main_context_ref_thread_default();
	v->running = job->in;
	v->running.history = lttv_history_ref(job->in.history);
	v->running.filter = g_strdup(job->in.filter);
	gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(v->progress), 0);
	gtk_progress_bar_set_text(GTK_PROGRESS_BAR(v->progress), _("Computing…"));
	gtk_widget_show(v->progress);
	if (!v->shown)
		gtk_label_set_text(GTK_LABEL(v->header), _("Computing the statistics…"));
	/* the task holds the box (and so the view) until it ends */
	task = g_task_new(v->box, v->cancel, job_done, NULL);
	g_task_set_task_data(task, job, job_free);
	g_task_run_in_thread(task, job_thread);
}

static void clear_tree(StView *v, const char *message)
{
	gtk_tree_view_set_model(GTK_TREE_VIEW(v->tree), NULL);
	g_clear_object(&v->store);
	g_clear_pointer(&v->shown, st_result_unref);
	gtk_label_set_text(GTK_LABEL(v->header), message);
}

static gboolean update(gpointer data)
{
	StView *v = data;
	g_auto(StInputs) in = {0};
	StResult *cached;

	v->update_id = 0;
	if (!lttv_tab_get_traceset(v->tab)) {
		cancel_job(v);
		clear_tree(v, _("No trace is open."));
		return G_SOURCE_REMOVE;
	}
	if (!st_inputs_get(v->tab, &in)) {
		const GError *e = lttv_tab_get_history_error(v->tab);
		g_autofree char *msg = NULL;

		cancel_job(v);
		if (e && !lttv_tab_history_building(v->tab))
			msg = g_strdup_printf(_("The state history could not be built: %s"),
			                      e->message);
		else
			msg = g_strdup_printf(_("Building the state history… %.0f %%"),
			                      100 * lttv_tab_get_history_progress(v->tab));
		clear_tree(v, msg);
		if (!lttv_tab_history_building(v->tab) && !e)
			lttv_tab_build_history(v->tab);
		return G_SOURCE_REMOVE;
	}
	/* already shown, or being computed */
	if ((v->shown && st_inputs_equal(&v->shown->in, &in) && !v->cancel) ||
	    (v->cancel && st_inputs_equal(&v->running, &in)))
		return G_SOURCE_REMOVE;
	/* a growing history: what is being computed of the last part is
	 * shown first, else a long computation would restart every time the
	 * history grows and never end */
	if (v->cancel && !lttv_history_complete(in.history) &&
	    !lttv_history_complete(v->running.history) && v->running.t0 == in.t0 &&
	    v->running.t1 == in.t1 && g_strcmp0(v->running.filter, in.filter) == 0) {
		v->pending = TRUE;
		return G_SOURCE_REMOVE;
	}
	v->pending = FALSE;
	cancel_job(v);
	cached = st_cached(v->tab, &in);
	if (cached) {
		show_result(v, cached);
		return G_SOURCE_REMOVE;
	}
	start_job(v, &in);
	return G_SOURCE_REMOVE;
}

static void queue_update(StView *v)
{
	if (!v->destroyed && !v->update_id)
		v->update_id = g_timeout_add(SETTLE_MS, update, v);
}

static void on_input(GObject *tab, GParamSpec *pspec, StView *v)
{
	queue_update(v);
}

static void on_traceset(GObject *tab, GParamSpec *pspec, StView *v)
{
	v->traceset_serial++;
	g_clear_pointer(&v->spare, lttv_traceset_free);
	queue_update(v);
}

static void on_history(GObject *tab, GParamSpec *pspec, StView *v)
{
	st_cache_forget(v->tab);
	queue_update(v);
}

static void on_progress(GObject *tab, GParamSpec *pspec, StView *v)
{
	if (!lttv_tab_get_history(v->tab))
		queue_update(v);
}

/* --- the widget --- */

static void on_destroy(GtkWidget *box, StView *v)
{
	if (v->destroyed)
		return;
	v->destroyed = TRUE;
	for (gsize i = 0; i < G_N_ELEMENTS(v->handlers); i++)
		if (v->handlers[i])
			g_signal_handler_disconnect(v->tab, v->handlers[i]);
	if (v->update_id)
		g_source_remove(v->update_id);
	v->update_id = 0;
	if (v->cancel)
		g_cancellable_cancel(v->cancel);
}

static void view_free(gpointer data)
{
	StView *v = data;

	on_destroy(NULL, v);
	g_clear_object(&v->cancel);
	st_inputs_clear(&v->running);
	g_clear_pointer(&v->shown, st_result_unref);
	g_clear_object(&v->store);
	g_clear_pointer(&v->spare, lttv_traceset_free);
	g_object_unref(v->tab);
	g_free(v);
}

static void add_column(StView *v, const char *title, int col, int width)
{
	GtkTreeViewColumn *c = gtk_tree_view_column_new();
	GtkCellRenderer *cell;

	gtk_tree_view_column_set_title(c, title);
	if (col == COL_LABEL) {
		cell = gtk_cell_renderer_text_new();
		g_object_set(cell, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
		gtk_tree_view_column_pack_start(c, cell, TRUE);
		gtk_tree_view_column_add_attribute(c, cell, "text", COL_LABEL);
		gtk_tree_view_column_set_expand(c, TRUE);
	} else if (col == COL_SHARE) {
		cell = gtk_cell_renderer_progress_new();
		gtk_tree_view_column_pack_start(c, cell, TRUE);
		gtk_tree_view_column_set_cell_data_func(c, cell, share_cell, NULL, NULL);
	} else {
		cell = gtk_cell_renderer_text_new();
		g_object_set(cell, "xalign", 1.0, NULL);
		gtk_tree_view_column_pack_start(c, cell, TRUE);
		gtk_tree_view_column_set_cell_data_func(c, cell,
		                                        col == COL_EVENTS ? int_cell : time_cell,
		                                        GINT_TO_POINTER(col), NULL);
	}
	gtk_tree_view_column_set_resizable(c, TRUE);
	gtk_tree_view_column_set_min_width(c, width);
	gtk_tree_view_column_set_sort_column_id(c, col);
	gtk_tree_view_append_column(GTK_TREE_VIEW(v->tree), c);
}

GtkWidget *st_view_new(LttvTab *tab)
{
	StView *v = g_new0(StView, 1);
	GtkWidget *bar, *sw;
	GtkTreeView *tv;

	v->tab = g_object_ref(tab);
	v->box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	g_object_set_data_full(G_OBJECT(v->box), VIEW_KEY, v, view_free);
	g_signal_connect(v->box, "destroy", G_CALLBACK(on_destroy), v);

	bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	g_object_set(bar, "margin", 4, NULL);
	v->header = gtk_label_new(NULL);
	gtk_label_set_xalign(GTK_LABEL(v->header), 0);
	gtk_label_set_ellipsize(GTK_LABEL(v->header), PANGO_ELLIPSIZE_END);
	gtk_label_set_selectable(GTK_LABEL(v->header), TRUE);
	v->progress = gtk_progress_bar_new();
	gtk_progress_bar_set_show_text(GTK_PROGRESS_BAR(v->progress), TRUE);
	gtk_widget_set_valign(v->progress, GTK_ALIGN_CENTER);
	gtk_widget_set_no_show_all(v->progress, TRUE);
	gtk_box_pack_start(GTK_BOX(bar), v->header, TRUE, TRUE, 0);
	gtk_box_pack_start(GTK_BOX(bar), v->progress, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(v->box), bar, FALSE, FALSE, 0);

	v->tree = gtk_tree_view_new();
	tv = GTK_TREE_VIEW(v->tree);
	add_column(v, _("Statistic"), COL_LABEL, 240);
	add_column(v, _("Events"), COL_EVENTS, 90);
	add_column(v, _("CPU time"), COL_CPU, 110);
	add_column(v, _("Elapsed"), COL_ELAPSED, 110);
	add_column(v, _("% of range"), COL_SHARE, 120);
	gtk_tree_view_set_tooltip_column(tv, COL_TIP);
	gtk_tree_view_set_enable_tree_lines(tv, TRUE);
	gtk_tree_view_set_search_column(tv, COL_LABEL);
	g_signal_connect(tv, "test-expand-row", G_CALLBACK(on_test_expand), v);
	sw = gtk_scrolled_window_new(NULL, NULL);
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(sw), GTK_POLICY_AUTOMATIC,
	                               GTK_POLICY_AUTOMATIC);
	gtk_container_add(GTK_CONTAINER(sw), v->tree);
	gtk_widget_set_vexpand(sw, TRUE);
	gtk_box_pack_start(GTK_BOX(v->box), sw, TRUE, TRUE, 0);

	v->handlers[0] = g_signal_connect(tab, "notify::history", G_CALLBACK(on_history), v);
	v->handlers[1] = g_signal_connect(tab, "notify::selection-start", G_CALLBACK(on_input), v);
	v->handlers[2] = g_signal_connect(tab, "notify::selection-end", G_CALLBACK(on_input), v);
	v->handlers[3] = g_signal_connect(tab, "notify::filter", G_CALLBACK(on_input), v);
	v->handlers[4] = g_signal_connect(tab, "notify::traceset", G_CALLBACK(on_traceset), v);
	v->handlers[5] =
	        g_signal_connect(tab, "notify::history-progress", G_CALLBACK(on_progress), v);
	gtk_widget_show_all(v->box);
	update(v);
	return v->box;
}
