/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The control flow widget: the thread tree on the left, the time line on
 * the right; both scroll with one adjustment and the time line draws
 * exactly the tree's visible rows, at the tree's row positions. */
#include "cf.h"

#include <string.h>

enum {
	COL_NAME,
	COL_TID,
	COL_PID,
	COL_PPID,
	COL_CPU,
	COL_BIRTH,
	COL_BIRTH_NS,
	COL_ROW, /* index in CfView.rows */
	COL_HIDDEN,
	N_COLS
};

typedef struct {
	LttvTab *tab; /* a reference */
	GtkWidget *box, *tree, *area, *status;
	GtkTreeStore *store;
	GtkTreeModel *filter, *sort;
	GtkAdjustment *vadj;
	LttvTimelineController *ctl;
	LttvHistory *history; /* the tab's, for which the rows were made */
	GArray *rows;         /* of CfRow */
	GCancellable *lost_cancel;
	int menu_row; /* the row a context menu is about (-1: none) */
	gulong history_handler, window_handler;
	/* wakeup arrows: scanned by one worker at a time on a traceset of
	 * the view's own */
	GtkWidget *wake_toggle;
	LttvTraceset *wake_ts;
	GArray *wakeups;
	gboolean wake_running, wake_pending, wake_ts_stale;
	gboolean destroyed; /* the widgets are gone; only workers still hold the view */
} CfView;

/* every view alive, to redraw those of a tab when its lost events are known */
static GList *live_views;

static GHashTable *hidden_set(CfView *v)
{
	GHashTable *h = cf_hidden_rows(v->tab);

	if (!h) {
		h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		g_object_set_data_full(G_OBJECT(v->tab), "lttv-controlflow-hidden", h,
		                       (GDestroyNotify)g_hash_table_unref);
	}
	return h;
}

static const CfRow *row_of(CfView *v, GtkTreeModel *model, GtkTreeIter *it)
{
	guint i;

	gtk_tree_model_get(model, it, COL_ROW, &i, -1);
	return v->rows && i < v->rows->len ? &g_array_index(v->rows, CfRow, i) : NULL;
}

/* --- the tree --- */

static int compare_rows(GtkTreeModel *m, GtkTreeIter *a, GtkTreeIter *b, gpointer data)
{
	CfView *v = g_object_get_data(G_OBJECT(m), "cf-view");
	int col = GPOINTER_TO_INT(data);
	const CfRow *ra = row_of(v, m, a), *rb = row_of(v, m, b);
	int c = 0;

	if (!ra || !rb)
		return 0;
	if (col == COL_NAME)
		c = g_utf8_collate(ra->name, rb->name);
	else if (col != COL_PID) {
		gint64 x, y;

		gtk_tree_model_get(m, a, col, &x, -1);
		gtk_tree_model_get(m, b, col, &y, -1);
		c = x < y ? -1 : x > y;
	}
	return c ? c : cf_row_compare(ra, rb);
}

static void int_cell(GtkTreeViewColumn *col, GtkCellRenderer *cell, GtkTreeModel *m,
                     GtkTreeIter *it, gpointer data)
{
	gint64 x;
	char buf[32] = "";

	gtk_tree_model_get(m, it, GPOINTER_TO_INT(data), &x, -1);
	if (x >= 0)
		g_snprintf(buf, sizeof(buf), "%" G_GINT64_FORMAT, x);
	g_object_set(cell, "text", buf, NULL);
}

static gboolean search_equal(GtkTreeModel *m, int column, const char *key, GtkTreeIter *it,
                             gpointer data)
{
	g_autofree char *name = NULL;
	gint64 tid;
	char buf[32];

	gtk_tree_model_get(m, it, COL_NAME, &name, COL_TID, &tid, -1);
	g_snprintf(buf, sizeof(buf), "%" G_GINT64_FORMAT, tid);
	if (g_str_has_prefix(buf, key))
		return FALSE; /* FALSE: a match */
	g_autofree char *a = g_utf8_casefold(name ? name : "", -1);
	g_autofree char *b = g_utf8_casefold(key, -1);
	return strstr(a, b) == NULL;
}

static void add_column(CfView *v, const char *title, int col, int width, gboolean numeric)
{
	GtkCellRenderer *cell = gtk_cell_renderer_text_new();
	GtkTreeViewColumn *c = gtk_tree_view_column_new();

	gtk_tree_view_column_set_title(c, title);
	gtk_tree_view_column_pack_start(c, cell, TRUE);
	if (numeric) {
		g_object_set(cell, "xalign", 1.0, NULL);
		gtk_tree_view_column_set_cell_data_func(c, cell, int_cell, GINT_TO_POINTER(col),
		                                        NULL);
	} else {
		gtk_tree_view_column_add_attribute(c, cell, "text", col);
		g_object_set(cell, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
	}
	gtk_tree_view_column_set_sizing(c, GTK_TREE_VIEW_COLUMN_FIXED);
	gtk_tree_view_column_set_fixed_width(c, width);
	gtk_tree_view_column_set_resizable(c, TRUE);
	gtk_tree_view_column_set_sort_column_id(c, col == COL_BIRTH ? COL_BIRTH_NS : col);
	gtk_tree_view_append_column(GTK_TREE_VIEW(v->tree), c);
}

static gboolean filter_visible(GtkTreeModel *m, GtkTreeIter *it, gpointer data)
{
	gboolean hidden;

	gtk_tree_model_get(m, it, COL_HIDDEN, &hidden, -1);
	return !hidden;
}

static void redraw(CfView *v)
{
	gtk_widget_queue_draw(v->area);
}

/* New models from v->rows (filling models a view shows costs n^2). */
static void build_models(CfView *v)
{
	static const int sort_cols[] = {COL_NAME, COL_TID, COL_PID,
	                                COL_PPID, COL_CPU, COL_BIRTH_NS};
	GHashTable *hidden = cf_hidden_rows(v->tab);
	g_autofree GtkTreeIter *iters = NULL;
	GtkTreeStore *store;
	GtkTreeModel *filter, *sort;
	int sort_col = GTK_TREE_SORTABLE_DEFAULT_SORT_COLUMN_ID;
	GtkSortType order = GTK_SORT_ASCENDING;

	store = gtk_tree_store_new(N_COLS, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT64,
	                           G_TYPE_INT64, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_UINT,
	                           G_TYPE_BOOLEAN);
	iters = g_new(GtkTreeIter, v->rows ? v->rows->len : 0);
	for (guint i = 0; v->rows && i < v->rows->len; i++) {
		const CfRow *r = &g_array_index(v->rows, CfRow, i);
		g_autofree char *key = cf_row_key(r);
		char birth[48] = "";

		if (r->birth_known)
			lttv_time_format_clock(r->birth, FALSE, birth, sizeof(birth));
		gtk_tree_store_insert_with_values(
		        store, &iters[i], r->parent >= 0 ? &iters[r->parent] : NULL, -1, COL_NAME,
		        r->name[0] ? r->name : _("(unnamed)"), COL_TID, r->tid, COL_PID, r->pid,
		        COL_PPID, r->ppid, COL_CPU, (gint64)r->cpu, COL_BIRTH, birth, COL_BIRTH_NS,
		        r->birth_known ? r->birth : LTTV_TIME_MIN, COL_ROW, i, COL_HIDDEN,
		        hidden && g_hash_table_contains(hidden, key), -1);
	}
	filter = gtk_tree_model_filter_new(GTK_TREE_MODEL(store), NULL);
	gtk_tree_model_filter_set_visible_func(GTK_TREE_MODEL_FILTER(filter), filter_visible, NULL,
	                                       NULL);
	/* the sort functions get the filter model */
	g_object_set_data(G_OBJECT(filter), "cf-view", v);
	sort = gtk_tree_model_sort_new_with_model(filter);
	for (gsize i = 0; i < G_N_ELEMENTS(sort_cols); i++)
		gtk_tree_sortable_set_sort_func(GTK_TREE_SORTABLE(sort), sort_cols[i], compare_rows,
		                                GINT_TO_POINTER(sort_cols[i]), NULL);
	gtk_tree_sortable_set_default_sort_func(GTK_TREE_SORTABLE(sort), compare_rows,
	                                        GINT_TO_POINTER(COL_PID), NULL);
	if (v->sort)
		gtk_tree_sortable_get_sort_column_id(GTK_TREE_SORTABLE(v->sort), &sort_col, &order);
	gtk_tree_sortable_set_sort_column_id(GTK_TREE_SORTABLE(sort), sort_col, order);
	g_signal_connect_swapped(sort, "sort-column-changed", G_CALLBACK(redraw), v);
	g_signal_connect_swapped(sort, "rows-reordered", G_CALLBACK(redraw), v);
	gtk_tree_view_set_model(GTK_TREE_VIEW(v->tree), sort);
	gtk_tree_view_expand_all(GTK_TREE_VIEW(v->tree));
	g_clear_object(&v->store);
	g_clear_object(&v->filter);
	g_clear_object(&v->sort);
	v->store = store;
	v->filter = filter;
	v->sort = sort;
	redraw(v);
}

static void fill_store(CfView *v)
{
	g_clear_pointer(&v->rows, g_array_unref);
	v->history = lttv_tab_get_history(v->tab);
	if (v->history)
		v->rows = g_array_ref(cf_rows_of_tab(v->tab)); /* shared with export */
	build_models(v);
}

/* --- hiding --- */

static void set_hidden(CfView *v, const CfRow *r, gboolean hide)
{
	g_autofree char *key = cf_row_key(r);

	if (hide)
		g_hash_table_add(hidden_set(v), g_steal_pointer(&key));
	else
		g_hash_table_remove(hidden_set(v), key);
}

static void refresh_hidden(CfView *v)
{
	build_models(v);
}

static void on_hide(GtkMenuItem *item, CfView *v)
{
	if (v->menu_row >= 0 && v->rows && (guint)v->menu_row < v->rows->len)
		set_hidden(v, &g_array_index(v->rows, CfRow, v->menu_row), TRUE);
	refresh_hidden(v);
}

static void on_show_all(GtkWidget *w, CfView *v)
{
	g_hash_table_remove_all(hidden_set(v));
	refresh_hidden(v);
}

static void popup_menu(CfView *v, GdkEvent *ev)
{
	GtkWidget *menu = gtk_menu_new();
	GtkWidget *hide = gtk_menu_item_new_with_label(_("Hide this thread"));
	GtkWidget *all = gtk_menu_item_new_with_label(_("Show all threads"));

	gtk_widget_set_sensitive(hide, v->menu_row >= 0);
	g_signal_connect(hide, "activate", G_CALLBACK(on_hide), v);
	g_signal_connect(all, "activate", G_CALLBACK(on_show_all), v);
	gtk_menu_shell_append(GTK_MENU_SHELL(menu), hide);
	gtk_menu_shell_append(GTK_MENU_SHELL(menu), all);
	gtk_widget_show_all(menu);
	gtk_menu_attach_to_widget(GTK_MENU(menu), v->box, NULL);
	g_signal_connect(menu, "deactivate", G_CALLBACK(gtk_widget_destroy), NULL);
	gtk_menu_popup_at_pointer(GTK_MENU(menu), ev);
}

/* The row at y of the tree's bin window (-1: none). */
static int row_at_bin_y(CfView *v, double y)
{
	g_autoptr(GtkTreePath) path = NULL;
	GtkTreeIter it;
	const CfRow *r;

	if (!gtk_tree_view_get_path_at_pos(GTK_TREE_VIEW(v->tree), 1, (int)y, &path, NULL, NULL,
	                                   NULL) ||
	    !gtk_tree_model_get_iter(v->sort, &it, path))
		return -1;
	r = row_of(v, v->sort, &it);
	return r ? (int)(r - &g_array_index(v->rows, CfRow, 0)) : -1;
}

static int header_height(CfView *v)
{
	int hy = 0;

	gtk_tree_view_convert_bin_window_to_widget_coords(GTK_TREE_VIEW(v->tree), 0, 0, NULL, &hy);
	return hy;
}

static gboolean on_tree_press(GtkWidget *w, GdkEventButton *ev, CfView *v)
{
	if (ev->type != GDK_BUTTON_PRESS || ev->button != 3)
		return FALSE;
	/* the event comes from the bin window */
	v->menu_row = row_at_bin_y(v, ev->y);
	popup_menu(v, (GdkEvent *)ev);
	return TRUE;
}

static gboolean on_area_release(GtkWidget *w, GdkEventButton *ev, CfView *v)
{
	if (ev->button != 3)
		return FALSE;
	v->menu_row = ev->y >= header_height(v) ? row_at_bin_y(v, ev->y - header_height(v)) : -1;
	popup_menu(v, (GdkEvent *)ev);
	return TRUE;
}

/* --- the time line --- */

/* The next row shown after `it` in the tree (expanded children first). */
static gboolean next_shown(GtkTreeView *tv, GtkTreeModel *m, GtkTreeIter *it)
{
	GtkTreeIter child, parent, cur = *it;
	g_autoptr(GtkTreePath) path = gtk_tree_model_get_path(m, it);

	if (gtk_tree_view_row_expanded(tv, path) && gtk_tree_model_iter_children(m, &child, it)) {
		*it = child;
		return TRUE;
	}
	for (;;) {
		GtkTreeIter next = cur;

		if (gtk_tree_model_iter_next(m, &next)) {
			*it = next;
			return TRUE;
		}
		if (!gtk_tree_model_iter_parent(m, &parent, &cur))
			return FALSE;
		cur = parent;
	}
}

static void draw_rows(CfView *v, cairo_t *cr, int w, int hh, int height)
{
	GtkTreeView *tv = GTK_TREE_VIEW(v->tree);
	g_autoptr(GtkTreePath) start = NULL;
	g_autoptr(GtkTreePath) end = NULL;
	g_autoptr(GPtrArray) shown = g_ptr_array_new();
	GdkRectangle rect;
	GtkTreeIter it;
	CfDrawParams p = {0};

	if (!gtk_tree_view_get_visible_range(tv, &start, &end) ||
	    !gtk_tree_model_get_iter(v->sort, &it, start))
		return;
	gtk_tree_view_get_background_area(tv, start, NULL, &rect);
	for (;;) {
		g_autoptr(GtkTreePath) path = gtk_tree_model_get_path(v->sort, &it);
		const CfRow *r = row_of(v, v->sort, &it);

		if (r)
			g_ptr_array_add(shown, (gpointer)r);
		if (gtk_tree_path_compare(path, end) == 0 || !next_shown(tv, v->sort, &it))
			break;
	}
	lttv_tab_get_time_window(v->tab, &p.t0, &p.t1);
	p.x = 0;
	p.w = w;
	p.row_h = rect.height;
	p.lost = cf_lost_cached(v->tab);
	cairo_save(cr);
	cairo_rectangle(cr, 0, hh, w, height - hh);
	cairo_clip(cr);
	cf_draw_rows(cr, v->history, (const CfRow *const *)shown->pdata, shown->len, hh + rect.y,
	             &p);
	if (gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(v->wake_toggle)))
		cf_draw_wakeups(cr, v->history, v->wakeups, (const CfRow *const *)shown->pdata,
		                shown->len, hh + rect.y, &p);
	cf_draw_lost(cr, &p, hh, height - hh);
	cairo_restore(cr);
	if (lttv_view_test_mode()) {
		/* GUI tests: the rows drawn, as render()'s layout, once drawn */
		g_autoptr(GString) layout = g_string_new(NULL);

		for (guint i = 0; i < shown->len; i++) {
			const CfRow *r = shown->pdata[i];
			int y0 = hh + rect.y + (int)i * rect.height;

			if (y0 < height)
				g_string_append_printf(layout,
				                       "%d %d 0 %d tid=%" G_GINT64_FORMAT
				                       " pid=%" G_GINT64_FORMAT " name=%s\n",
				                       y0, y0 + rect.height, w, r->tid, r->pid,
				                       r->name);
		}
		lttv_view_test_layout(v->area, "controlflow", layout);
	}
}

static gboolean on_draw(GtkWidget *area, cairo_t *cr, CfView *v)
{
	int w = gtk_widget_get_allocated_width(area),
	    height = gtk_widget_get_allocated_height(area);
	int hh = MAX(header_height(v), 24);
	LttvTime t0, t1;

	lttv_tab_get_time_window(v->tab, &t0, &t1);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_paint(cr);
	if (!v->history || v->history != lttv_tab_get_history(v->tab)) {
		const GError *e = lttv_tab_get_history_error(v->tab);
		g_autofree char *msg = NULL;

		if (!lttv_tab_get_traceset(v->tab))
			msg = g_strdup(_("No trace is open."));
		else if (e && !lttv_tab_history_building(v->tab))
			msg = g_strdup_printf(_("The state history could not be built:\n%s"),
			                      e->message);
		else
			msg = g_strdup_printf(_("Building the state history… %d %%"),
			                      (int)(lttv_tab_get_history_progress(v->tab) * 100));
		cf_draw_message(cr, 0, hh, w, height - hh, msg);
	} else {
		draw_rows(v, cr, w, hh, height);
	}
	lttv_timeline_draw_ruler(cr, 0, 0, w, hh, t0, t1);
	lttv_timeline_draw_tab_marks(cr, 0, hh, w, height - hh, v->tab);
	return TRUE;
}

static gboolean on_query_tooltip(GtkWidget *area, int x, int y, gboolean keyboard, GtkTooltip *tip,
                                 CfView *v)
{
	int hh = header_height(v), i;
	g_autofree char *text = NULL;

	if (!v->history || keyboard || y < hh || lttv_timeline_controller_dragging(v->ctl))
		return FALSE;
	i = row_at_bin_y(v, y - hh);
	if (i < 0)
		return FALSE;
	text = cf_state_text(v->history, &g_array_index(v->rows, CfRow, i),
	                     lttv_timeline_controller_time_at(v->ctl, x));
	if (!text)
		return FALSE;
	gtk_tooltip_set_markup(tip, text);
	return TRUE;
}

/* --- lost events, scanned by a worker on a traceset of its own --- */

static void lost_thread(GTask *task, gpointer src, gpointer data, GCancellable *cancel)
{
	char **paths = data;
	g_autoptr(LttvTraceset) ts = lttv_traceset_new();
	GError *error = NULL;
	GArray *lost;

	for (guint i = 0; paths[i]; i++)
		if (!lttv_traceset_add_path(ts, paths[i], &error)) {
			g_task_return_error(task, error);
			return;
		}
	lost = cf_lost_scan(ts, cancel, &error);
	if (lost)
		g_task_return_pointer(task, lost, (GDestroyNotify)g_array_unref);
	else
		g_task_return_error(task, error);
}

static void lost_done(GObject *src, GAsyncResult *res, gpointer data)
{
	LttvTab *tab = LTTV_TAB(src);
	LttvTraceset *ts = data;
	GArray *lost = g_task_propagate_pointer(G_TASK(res), NULL);

	/* stored only for the traceset it was made for */
	if (lost && ts == lttv_tab_get_traceset(tab)) {
		cf_lost_store(tab, ts, lost);
		for (GList *l = live_views; l; l = l->next)
			if (((CfView *)l->data)->tab == tab)
				gtk_widget_queue_draw(((CfView *)l->data)->area);
	} else if (lost) {
		g_array_unref(lost);
	}
}

static void start_lost_scan(CfView *v)
{
	LttvTraceset *ts = lttv_tab_get_traceset(v->tab);
	g_autoptr(GTask) task = NULL;
	GPtrArray *paths;

	if (!ts || cf_lost_cached(v->tab) || !cf_lost_any(ts) ||
	    g_object_get_data(G_OBJECT(v->tab), "lttv-controlflow-lost-ts") == ts)
		return;
	g_object_set_data(G_OBJECT(v->tab), "lttv-controlflow-lost-ts", ts);
	paths = g_ptr_array_new();
	for (guint i = 0; i < lttv_traceset_n_traces(ts); i++)
		g_ptr_array_add(paths, g_strdup(lttv_trace_path(lttv_traceset_trace(ts, i))));
	g_ptr_array_add(paths, NULL);
	g_clear_object(&v->lost_cancel);
	v->lost_cancel = g_cancellable_new();
	task = g_task_new(v->tab, v->lost_cancel, lost_done, ts);
	g_task_set_task_data(task, g_ptr_array_free(paths, FALSE), (GDestroyNotify)g_strfreev);
	g_task_run_in_thread(task, lost_thread);
}

/* --- wakeups --- */

typedef struct {
	LttvTraceset *ts;
	LttvTime t0, t1;
	gboolean truncated;
} WakeJob;

static void wake_thread(GTask *task, gpointer src, gpointer data, GCancellable *cancel)
{
	WakeJob *job = data;
	GError *error = NULL;
	GArray *w = cf_wakeups_scan(job->ts, job->t0, job->t1, CF_WAKEUP_MAX_EVENTS,
	                            &job->truncated, cancel, &error);

	if (w)
		g_task_return_pointer(task, w, (GDestroyNotify)g_array_unref);
	else
		g_task_return_error(task, error);
}

static void start_wakeup_scan(CfView *v);

static void wake_done(GObject *src, GAsyncResult *res, gpointer data)
{
	CfView *v = g_object_get_data(src, "cf-view");
	WakeJob *job = g_task_get_task_data(G_TASK(res));
	g_autoptr(GError) error = NULL;
	GArray *w = g_task_propagate_pointer(G_TASK(res), &error);
	g_autofree char *msg = NULL;

	v->wake_running = FALSE;
	if (v->destroyed) {
		g_clear_pointer(&w, g_array_unref);
		return;
	}
	g_clear_pointer(&v->wakeups, g_array_unref);
	v->wakeups = w;
	if (error)
		msg = g_strdup_printf(_("Wakeups: %s"), error->message);
	else if (job->truncated)
		msg = g_strdup_printf(_("Wakeups: more than %d events in the window, zoom in"),
		                      CF_WAKEUP_MAX_EVENTS);
	else
		msg = g_strdup_printf(_("%u wakeups in the window"), w ? w->len : 0);
	gtk_label_set_text(GTK_LABEL(v->status), msg);
	if (v->wake_ts_stale) {
		v->wake_ts_stale = FALSE;
		g_clear_pointer(&v->wake_ts, lttv_traceset_free);
	}
	if (v->wake_pending) {
		v->wake_pending = FALSE;
		start_wakeup_scan(v);
	}
	gtk_widget_queue_draw(v->area);
}

static void start_wakeup_scan(CfView *v)
{
	LttvTraceset *ts = lttv_tab_get_traceset(v->tab);
	WakeJob *job;
	GTask *task;

	if (!gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(v->wake_toggle)) || !ts)
		return;
	if (v->wake_running) {
		v->wake_pending = TRUE;
		return;
	}
	if (!v->wake_ts) {
		v->wake_ts = lttv_traceset_new();
		for (guint i = 0; i < lttv_traceset_n_traces(ts); i++)
			lttv_traceset_add_path(v->wake_ts,
			                       lttv_trace_path(lttv_traceset_trace(ts, i)), NULL);
	}
	job = g_new0(WakeJob, 1);
	job->ts = v->wake_ts;
	lttv_tab_get_time_window(v->tab, &job->t0, &job->t1);
	v->wake_running = TRUE;
	gtk_label_set_text(GTK_LABEL(v->status), _("Reading the wakeups of the window…"));
	/* the task holds the view's box (and so the view) until it ends */
	task = g_task_new(v->box, NULL, wake_done, NULL);
	g_task_set_task_data(task, job, g_free);
	g_task_run_in_thread(task, wake_thread);
	g_object_unref(task);
}

static void on_wake_toggled(GtkToggleButton *b, CfView *v)
{
	if (gtk_toggle_button_get_active(b))
		g_object_set_data(G_OBJECT(v->tab), CF_WAKEUPS_KEY, GINT_TO_POINTER(1));
	else
		g_object_set_data(G_OBJECT(v->tab), CF_WAKEUPS_KEY, NULL);
	start_wakeup_scan(v);
	gtk_widget_queue_draw(v->area);
}

static void on_window_changed(LttvTab *tab, CfView *v)
{
	start_wakeup_scan(v);
}

/* --- the tab --- */

static void on_history(LttvTab *tab, GParamSpec *pspec, CfView *v)
{
	if (v->history != lttv_tab_get_history(tab)) {
		fill_store(v);
		if (v->wake_running)
			v->wake_ts_stale = TRUE; /* of the old traceset, dropped when done */
		else
			g_clear_pointer(&v->wake_ts, lttv_traceset_free);
		g_clear_pointer(&v->wakeups, g_array_unref);
		start_wakeup_scan(v);
	}
	if (!lttv_tab_get_history(tab) && !lttv_tab_history_building(tab) &&
	    !lttv_tab_get_history_error(tab))
		lttv_tab_build_history(tab);
	start_lost_scan(v);
	gtk_widget_queue_draw(v->area);
}

/* The widgets are being destroyed: stop following the tab. */
static void on_destroy(GtkWidget *box, CfView *v)
{
	if (v->destroyed)
		return;
	v->destroyed = TRUE;
	live_views = g_list_remove(live_views, v);
	g_signal_handler_disconnect(v->tab, v->history_handler);
	g_signal_handler_disconnect(v->tab, v->window_handler);
	if (v->lost_cancel)
		g_cancellable_cancel(v->lost_cancel);
}

static void cf_view_free(gpointer data)
{
	CfView *v = data;

	on_destroy(NULL, v);
	g_clear_object(&v->lost_cancel);
	g_clear_pointer(&v->wakeups, g_array_unref);
	g_clear_pointer(&v->wake_ts, lttv_traceset_free);
	g_clear_pointer(&v->rows, g_array_unref);
	g_clear_object(&v->filter);
	g_clear_object(&v->sort);
	g_clear_object(&v->store);
	g_object_unref(v->tab);
	g_free(v);
}

GtkWidget *cf_view_new(LttvTab *tab)
{
	CfView *v = g_new0(CfView, 1);
	GtkWidget *bar, *paned, *sw, *right, *scroll, *show_all, *search;
	GtkTreeView *tv;

	v->tab = g_object_ref(tab);
	v->menu_row = -1;
	v->box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	g_object_set_data_full(G_OBJECT(v->box), "cf-view", v, cf_view_free);
	live_views = g_list_prepend(live_views, v);
	g_signal_connect(v->box, "destroy", G_CALLBACK(on_destroy), v);

	/* a tool strip: search, show all, legend */
	bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	g_object_set(bar, "margin", 4, NULL);
	search = gtk_search_entry_new();
	gtk_entry_set_placeholder_text(GTK_ENTRY(search), _("Find a thread (name or TID)"));
	gtk_entry_set_width_chars(GTK_ENTRY(search), 28);
	show_all = gtk_button_new_with_label(_("Show all"));
	gtk_widget_set_tooltip_text(show_all, _("Show the threads hidden with the context menu"));
	g_signal_connect(show_all, "clicked", G_CALLBACK(on_show_all), v);
	v->status = gtk_label_new(NULL);
	gtk_widget_set_hexpand(v->status, TRUE);
	gtk_label_set_xalign(GTK_LABEL(v->status), 1);
	gtk_label_set_ellipsize(GTK_LABEL(v->status), PANGO_ELLIPSIZE_END);
	gtk_label_set_text(GTK_LABEL(v->status),
	                   _("Click: current time · drag: select · "
	                     "wheel: zoom · shift+wheel or middle drag: pan"));
	gtk_style_context_add_class(gtk_widget_get_style_context(v->status), "dim-label");
	gtk_box_pack_start(GTK_BOX(bar), search, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), show_all, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), lttv_view_legend_button(cf_draw_legend, 430, 190), FALSE,
	                   FALSE, 0);
	v->wake_toggle = gtk_toggle_button_new_with_label(_("Wakeups"));
	gtk_widget_set_tooltip_text(
	        v->wake_toggle, _("Arrows from the thread that woke another to it (read from the "
	                          "sched_wakeup events of the window)"));
	g_signal_connect(v->wake_toggle, "toggled", G_CALLBACK(on_wake_toggled), v);
	gtk_box_pack_start(GTK_BOX(bar), v->wake_toggle, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), v->status, TRUE, TRUE, 0);
	gtk_box_pack_start(GTK_BOX(v->box), bar, FALSE, FALSE, 0);

	/* the tree */
	v->tree = gtk_tree_view_new();
	tv = GTK_TREE_VIEW(v->tree);
	add_column(v, _("Process"), COL_NAME, 150, FALSE);
	add_column(v, _("TID"), COL_TID, 60, TRUE);
	add_column(v, _("PID"), COL_PID, 60, TRUE);
	add_column(v, _("PPID"), COL_PPID, 60, TRUE);
	add_column(v, _("CPU"), COL_CPU, 40, TRUE);
	add_column(v, _("Birth"), COL_BIRTH, 140, FALSE);
	gtk_tree_view_set_fixed_height_mode(tv, TRUE);
	gtk_tree_view_set_enable_search(tv, TRUE);
	gtk_tree_view_set_search_column(tv, COL_NAME);
	gtk_tree_view_set_search_entry(tv, GTK_ENTRY(search));
	gtk_tree_view_set_search_equal_func(tv, search_equal, NULL, NULL);
	gtk_tree_view_set_enable_tree_lines(tv, TRUE);
	g_signal_connect(v->tree, "button-press-event", G_CALLBACK(on_tree_press), v);
	g_signal_connect_swapped(v->tree, "row-expanded", G_CALLBACK(redraw), v);
	g_signal_connect_swapped(v->tree, "row-collapsed", G_CALLBACK(redraw), v);

	sw = gtk_scrolled_window_new(NULL, NULL);
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(sw), GTK_POLICY_AUTOMATIC,
	                               GTK_POLICY_EXTERNAL);
	gtk_container_add(GTK_CONTAINER(sw), v->tree);
	v->vadj = gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(sw));
	g_signal_connect_swapped(v->vadj, "value-changed", G_CALLBACK(redraw), v);
	g_signal_connect_swapped(v->vadj, "changed", G_CALLBACK(redraw), v);

	/* the time line, and the one scroll bar both follow */
	v->area = gtk_drawing_area_new();
	gtk_widget_set_hexpand(v->area, TRUE);
	gtk_widget_set_vexpand(v->area, TRUE);
	gtk_widget_set_size_request(v->area, 200, 120);
	gtk_widget_set_has_tooltip(v->area, TRUE);
	g_signal_connect(v->area, "draw", G_CALLBACK(on_draw), v);
	g_signal_connect(v->area, "query-tooltip", G_CALLBACK(on_query_tooltip), v);
	v->ctl = lttv_timeline_attach(v->area, tab, 0, 0);
	g_signal_connect(v->area, "button-release-event", G_CALLBACK(on_area_release), v);
	scroll = gtk_scrollbar_new(GTK_ORIENTATION_VERTICAL, v->vadj);
	right = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
	gtk_box_pack_start(GTK_BOX(right), v->area, TRUE, TRUE, 0);
	gtk_box_pack_start(GTK_BOX(right), scroll, FALSE, FALSE, 0);

	paned = gtk_paned_new(GTK_ORIENTATION_HORIZONTAL);
	gtk_paned_pack1(GTK_PANED(paned), sw, FALSE, TRUE);
	gtk_paned_pack2(GTK_PANED(paned), right, TRUE, FALSE);
	gtk_paned_set_position(GTK_PANED(paned), 380);
	gtk_widget_set_vexpand(paned, TRUE);
	gtk_box_pack_start(GTK_BOX(v->box), paned, TRUE, TRUE, 0);

	v->history_handler = g_signal_connect(tab, "notify::history", G_CALLBACK(on_history), v);
	v->window_handler =
	        g_signal_connect(tab, "time-window-changed", G_CALLBACK(on_window_changed), v);
	fill_store(v);
	on_history(tab, NULL, v);
	gtk_widget_show_all(v->box);
	return v->box;
}
