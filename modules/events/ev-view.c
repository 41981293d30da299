/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event list widget: a drawing area showing the rows of a cache (read
 * around the viewport by a worker), and a scroll bar over the whole trace
 * whose positions are times (ev-scale.c).  Jumps (scroll bar, current time
 * from elsewhere, Home/End, search) reset the cache at a key; scrolling
 * moves inside it while the worker extends it ahead of the viewport. */
#include "ev-view.h"

#include <math.h>

/* rows read ahead of the viewport, in pages; rows kept at most */
#define AHEAD_PAGES 2
#define KEEP_PAGES  6

static void request_rows(EvView *v);
static void update_scrollbar(EvView *v);

guint ev_view_page_rows(EvView *v)
{
	int h = gtk_widget_get_allocated_height(v->area) - EV_HEADER_H;

	return MAX(1, h / EV_ROW_H);
}

/* --- jumping and reading --- */

/* Empties the cache at `key` and reads from there (both ways); `select`:
 * the first row at or after `key` becomes the selection when read. */
void ev_view_jump(EvView *v, EvKey key, gboolean select)
{
	v->gen++;
	ev_worker_set_gen(v->worker, v->gen);
	ev_cache_reset(&v->cache, key);
	v->top = 0;
	v->fwd_pending = v->back_pending = FALSE;
	v->select_on_read = select;
	v->select_last = FALSE;
	v->select_tells_tab = FALSE;
	v->place_sel = select ? ev_view_page_rows(v) / 4 : 0;
	v->jump_key = key;
	v->examined = 0;
	request_rows(v);
	gtk_widget_queue_draw(v->area);
}

/* Reads again from the top row (new filter, history): what is shown
 * stays where it is as far as it still passes. */
void ev_view_reload(EvView *v)
{
	EvKey key = v->cache.rows->len && v->top < v->cache.rows->len
	                    ? ev_cache_row(&v->cache, v->top)->key
	                    : v->cache.head;
	gint sel = ev_view_selected_index(v);
	guint above = sel >= (gint)v->top ? (guint)sel - v->top : 0;

	/* the selected row keeps its place on screen (when it still passes) */
	if (sel >= 0) {
		key = v->sel;
		ev_view_jump(v, key, FALSE);
		v->place_sel = above;
		return;
	}
	ev_view_jump(v, key, FALSE);
}

static gboolean rows_wanted(EvView *v)
{
	if (v->setup_error)
		return FALSE;
	/* a filter on the state waits for the history */
	return !v->filter_needs_state || v->history_ready;
}

static void request_rows(EvView *v)
{
	guint page = ev_view_page_rows(v), len = v->cache.rows->len;
	guint want = MAX(page * (AHEAD_PAGES + 1), 64);

	if (!rows_wanted(v))
		return;
	if (!v->fwd_pending && !v->cache.at_end && len < v->top + page * (AHEAD_PAGES + 1)) {
		v->fwd_pending = TRUE;
		v->fwd_key = v->cache.tail;
		ev_worker_read(v->worker, EV_JOB_FORWARD, v->gen, v->cache.tail, want, FALSE);
	}
	if (!v->back_pending && !v->cache.at_start && v->top < page * AHEAD_PAGES) {
		v->back_pending = TRUE;
		v->back_key = v->cache.head;
		ev_worker_read(v->worker, EV_JOB_BACKWARD, v->gen, v->cache.head, want, FALSE);
	}
}

/* Cuts the cache far from the viewport. */
static void trim(EvView *v)
{
	guint page = ev_view_page_rows(v), keep = page * KEEP_PAGES;
	guint len = v->cache.rows->len;

	if (len <= MAX(keep * 2, 1000u))
		return;
	if (v->top > keep) {
		guint n = v->top - keep;

		ev_cache_drop_front(&v->cache, n);
		v->top -= n;
		v->back_pending = FALSE; /* its result no longer fits */
	}
	len = v->cache.rows->len;
	if (len > v->top + page + keep) {
		ev_cache_drop_back(&v->cache, len - (v->top + page + keep));
		v->fwd_pending = FALSE;
	}
}

/* Keeps the viewport inside the rows: at the end, the last page fills
 * the view. */
static void settle(EvView *v)
{
	guint page = ev_view_page_rows(v), len = v->cache.rows->len;

	if (v->top > len)
		v->top = len;
	if (v->cache.at_end && v->top + page > len)
		v->top = len > page ? len - page : 0;
}

gint ev_view_selected_index(EvView *v)
{
	return v->have_sel ? ev_cache_find(&v->cache, v->sel) : -1;
}

static void selection_changed(EvView *v)
{
	gint i = ev_view_selected_index(v);

	if (i >= 0)
		ev_search_set_origin(v->search, v->sel);
}

/* Selects row `i` of the cache and makes the tab's current time its
 * time (the notification that comes back is recognised as ours). */
void ev_view_select(EvView *v, guint i, gboolean tell_tab)
{
	const EvRow *row;

	if (i >= v->cache.rows->len)
		return;
	row = ev_cache_row(&v->cache, i);
	v->have_sel = TRUE;
	v->sel = row->key;
	selection_changed(v);
	if (tell_tab && lttv_tab_get_current_time(v->tab) != row->key.time) {
		v->own_time = row->key.time;
		lttv_tab_set_current_time(v->tab, row->key.time);
	}
	gtk_widget_queue_draw(v->area);
}

/* Scrolls so that row `i` is visible. */
void ev_view_show_row(EvView *v, guint i)
{
	guint page = ev_view_page_rows(v);

	if (i < v->top)
		v->top = i;
	else if (i >= v->top + page)
		v->top = i + 1 - page;
	settle(v);
	request_rows(v);
	update_scrollbar(v);
	gtk_widget_queue_draw(v->area);
}

void ev_view_scroll_rows(EvView *v, gint delta)
{
	gint64 top = (gint64)v->top + delta;
	guint len = v->cache.rows->len, page = ev_view_page_rows(v);

	if (top < 0)
		top = 0;
	/* beyond the rows read: as far as they go (the rest comes) */
	if (top + page > len)
		top = MAX((gint64)len - (gint64)page, MIN(top, (gint64)v->top));
	v->top = (guint)MAX(top, 0);
	settle(v);
	request_rows(v);
	trim(v);
	update_scrollbar(v);
	gtk_widget_queue_draw(v->area);
}

static void job_done(const EvJobResult *res, gpointer data)
{
	EvView *v = data;
	EvBatch *b = (EvBatch *)&res->batch;

	if (res->kind == EV_JOB_SETUP) {
		if (res->scale) {
			/* the scroll bar's scale, from the worker's reading */
			ev_scale_free(v->scale);
			v->scale = g_steal_pointer(&((EvJobResult *)res)->scale);
			update_scrollbar(v);
		}
		g_clear_error(&v->setup_error);
		if (res->error) {
			v->setup_error = g_error_copy(res->error);
		} else if (v->history_wanted && !v->history_ready) {
			/* process names (and state filters) from now on */
			v->history_ready = TRUE;
			ev_search_set_filter(v->search, v->filter, TRUE);
			ev_view_reload(v);
		}
		gtk_widget_queue_draw(v->area);
		return;
	}
	if (res->stale || res->gen != v->gen)
		return;
	v->examined += b->examined;
	/* (a read for bounds cut meanwhile is not the one pending) */
	if (res->kind == EV_JOB_FORWARD) {
		if (ev_key_cmp(res->key, v->fwd_key) == 0)
			v->fwd_pending = FALSE;
		if (res->error) {
			g_clear_error(&v->read_error);
			v->read_error = g_error_copy(res->error);
		} else {
			guint before = v->cache.rows->len;

			ev_cache_append(&v->cache, res->key, b);
			if (v->select_on_read && v->cache.rows->len > before) {
				v->select_on_read = FALSE;
				ev_view_select(v, before, v->select_tells_tab);
				v->top = before;
			}
		}
	} else {
		guint n = b->rows ? b->rows->len : 0;

		if (ev_key_cmp(res->key, v->back_key) == 0)
			v->back_pending = FALSE;
		if (res->error) {
			g_clear_error(&v->read_error);
			v->read_error = g_error_copy(res->error);
		} else if (ev_cache_prepend(&v->cache, res->key, b)) {
			gint sel = ev_view_selected_index(v);

			v->top += n;
			/* after a jump, rows above the selection once they come */
			if (v->place_sel && sel >= 0 && sel == (gint)v->top) {
				v->top = (guint)sel > v->place_sel ? (guint)sel - v->place_sel : 0;
				v->place_sel = 0;
			}
		}
	}
	if (v->select_last && v->cache.at_end && v->cache.rows->len) {
		v->select_last = FALSE;
		ev_view_select(v, v->cache.rows->len - 1, TRUE);
	}
	settle(v);
	request_rows(v);
	trim(v);
	update_scrollbar(v);
	gtk_widget_queue_draw(v->area);
}

/* --- the scroll bar: positions of the scale --- */

static double bytes_per_row(EvView *v)
{
	guint len = v->cache.rows->len;

	if (len > 32) {
		double a = ev_scale_pos(v->scale, ev_cache_row(&v->cache, 0)->key.time);
		double b = ev_scale_pos(v->scale, ev_cache_row(&v->cache, len - 1)->key.time);

		if (b > a)
			v->row_bytes = (b - a) / (len - 1);
	}
	return v->row_bytes > 0 ? v->row_bytes : 32;
}

static void update_scrollbar(EvView *v)
{
	double total = ev_scale_total(v->scale), page, value;
	LttvTime t;

	if (v->cache.rows->len && v->top < v->cache.rows->len)
		t = ev_cache_row(&v->cache, v->top)->key.time;
	else
		t = v->cache.head.time;
	page = MIN(total, ev_view_page_rows(v) * bytes_per_row(v));
	value = ev_scale_pos(v->scale, t);
	if (v->cache.at_start && v->cache.at_end && v->cache.rows->len <= ev_view_page_rows(v)) {
		/* every listed event on screen */
		page = total;
		value = 0;
	} else if (v->cache.at_end && v->top + ev_view_page_rows(v) >= v->cache.rows->len) {
		value = total - page; /* the last page: the bar at the bottom */
	}
	v->adj_updating = TRUE;
	gtk_adjustment_configure(v->vadj, CLAMP(value, 0, MAX(total - page, 0)), 0, total,
	                         MAX(page / 8, 1), page, page);
	v->adj_updating = FALSE;
}

static void on_adj_value(GtkAdjustment *adj, EvView *v)
{
	double value = gtk_adjustment_get_value(adj);
	double upper = gtk_adjustment_get_upper(adj), page = gtk_adjustment_get_page_size(adj);

	if (v->adj_updating)
		return;
	if (value >= upper - page - 0.5 && upper > 0) {
		/* the bottom: the last page */
		ev_view_jump(v, (EvKey){LTTV_TIME_MAX, 0}, FALSE);
		return;
	}
	ev_view_jump(v, (EvKey){ev_scale_time(v->scale, value), 0}, FALSE);
}

/* --- following the tab --- */

static void on_current_time(LttvTab *tab, GParamSpec *pspec, EvView *v)
{
	LttvTime t = lttv_tab_get_current_time(tab);
	guint i = ev_cache_lower_bound(&v->cache, t), page = ev_view_page_rows(v);

	if (v->own_time == t) {
		v->own_time = LTTV_TIME_MIN; /* our own selection, coming back */
		return;
	}
	v->own_time = LTTV_TIME_MIN;
	/* in the rows read (no unread event between the head and the row) */
	if (i < v->cache.rows->len && (i > 0 || ev_key_cmp(v->cache.head, (EvKey){t, 0}) <= 0)) {
		ev_view_select(v, i, FALSE);
		if (i < v->top || i >= v->top + page)
			v->top = i;
		settle(v);
		request_rows(v);
		trim(v);
		update_scrollbar(v);
		gtk_widget_queue_draw(v->area);
		return;
	}
	ev_view_jump(v, (EvKey){t, 0}, TRUE);
}

static void on_window_changed(LttvTab *tab, EvView *v)
{
	LttvTime w0, w1;
	guint page = ev_view_page_rows(v);

	lttv_tab_get_time_window(tab, &w0, &w1);
	/* follow the window when no shown row is inside it */
	for (guint i = v->top; i < v->cache.rows->len && i < v->top + page; i++) {
		LttvTime t = ev_cache_row(&v->cache, i)->key.time;

		if (t >= w0 && t <= w1)
			return;
	}
	if (!v->cache.rows->len && v->cache.head.time >= w0 && v->cache.head.time <= w1)
		return;
	ev_view_jump(v, (EvKey){w0, 0}, FALSE);
}

static void setup_worker(EvView *v)
{
	LttvHistory *h = lttv_tab_get_history(v->tab);

	v->history_wanted = h && lttv_history_complete(h);
	v->history_ready = FALSE;
	g_clear_error(&v->setup_error);
	ev_worker_setup(v->worker, v->gen, v->filter, v->history_wanted);
	ev_search_set_filter(v->search, v->filter, FALSE);
}

static void on_filter(LttvTab *tab, GParamSpec *pspec, EvView *v)
{
	const char *f = lttv_tab_get_filter(tab);

	if (g_strcmp0(f, v->filter) == 0)
		return;
	g_free(v->filter);
	v->filter = g_strdup(f);
	v->filter_needs_state = ev_filter_needs_state(f, lttv_tab_get_traceset(tab));
	/* the worker already holds the history when it had it: keep it */
	ev_worker_setup(v->worker, v->gen, v->filter, v->history_wanted);
	ev_search_set_filter(v->search, v->filter, v->history_ready);
	/* (the setup runs before the reads of the reload) */
	ev_view_reload(v);
}

static void on_history(LttvTab *tab, GParamSpec *pspec, EvView *v)
{
	LttvHistory *h = lttv_tab_get_history(tab);

	if (h && lttv_history_complete(h) && !v->history_wanted) {
		v->history_wanted = TRUE;
		ev_worker_setup(v->worker, v->gen, v->filter, TRUE);
	}
	if (!h && !lttv_tab_history_building(tab) && !lttv_tab_get_history_error(tab))
		lttv_tab_build_history(tab);
	gtk_widget_queue_draw(v->area);
}

/* A new traceset: a new worker, scale and columns. */
static void open_traceset(EvView *v)
{
	LttvTraceset *ts = lttv_tab_get_traceset(v->tab);
	g_auto(GStrv) paths = ev_trace_paths(ts);
	LttvTime w0, w1;

	if (v->worker)
		ev_worker_detach(v->worker);
	ev_scale_free(v->scale);
	g_strfreev(v->trace_names);
	v->scale = ev_scale_new(NULL); /* the worker's comes with its setup */
	v->trace_names = ev_tab_trace_names(v->tab);
	ev_columns_init(&v->cols, g_strv_length(v->trace_names) > 1);
	v->cols.trace_names = v->trace_names;
	v->worker = ev_worker_new(paths, job_done, v);
	v->have_sel = FALSE;
	v->row_bytes = 0;
	g_clear_error(&v->read_error);
	v->filter_needs_state = ev_filter_needs_state(v->filter, ts);
	setup_worker(v);
	lttv_tab_get_time_window(v->tab, &w0, &w1);
	ev_view_jump(v, (EvKey){w0, 0}, FALSE);
}

static void on_traceset(LttvTab *tab, GParamSpec *pspec, EvView *v)
{
	open_traceset(v);
	ev_search_cancel(v->search);
}

static void on_search_found(gboolean found, EvKey key, gpointer data)
{
	EvView *v = data;
	gint i = ev_cache_find(&v->cache, key);

	if (!found)
		return;
	if (i >= 0) {
		ev_view_select(v, (guint)i, TRUE);
		ev_view_show_row(v, (guint)i);
		return;
	}
	ev_view_jump(v, key, TRUE);
	v->select_tells_tab = TRUE;
}

/* --- life --- */

static void on_destroy(GtkWidget *w, EvView *v)
{
	if (v->destroyed)
		return;
	v->destroyed = TRUE;
	for (guint i = 0; i < G_N_ELEMENTS(v->handlers); i++)
		if (v->handlers[i])
			g_signal_handler_disconnect(v->tab, v->handlers[i]);
	ev_worker_detach(v->worker);
	v->worker = NULL;
	ev_search_free(v->search);
	v->search = NULL;
}

static void ev_view_free(gpointer data)
{
	EvView *v = data;

	on_destroy(NULL, v);
	ev_cache_clear(&v->cache);
	ev_scale_free(v->scale);
	g_strfreev(v->trace_names);
	g_free(v->filter);
	g_clear_error(&v->setup_error);
	g_clear_error(&v->read_error);
	g_object_unref(v->tab);
	g_free(v);
}

static void on_size(GtkWidget *w, GdkRectangle *alloc, EvView *v)
{
	settle(v);
	request_rows(v);
	update_scrollbar(v);
}

GtkWidget *ev_view_new(LttvTab *tab)
{
	EvView *v = g_new0(EvView, 1);
	GtkWidget *row;

	v->tab = g_object_ref(tab);
	v->own_time = LTTV_TIME_MIN;
	v->resize_col = -1;
	ev_cache_init(&v->cache);
	ev_palette_light(&v->pal);
	v->box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	g_object_set_data_full(G_OBJECT(v->box), "ev-view", v, ev_view_free);
	g_signal_connect(v->box, "destroy", G_CALLBACK(on_destroy), v);

	v->search = ev_search_new(tab, on_search_found, v);
	gtk_box_pack_start(GTK_BOX(v->box), ev_search_widget(v->search), FALSE, FALSE, 0);

	v->area = gtk_drawing_area_new();
	gtk_widget_set_hexpand(v->area, TRUE);
	gtk_widget_set_vexpand(v->area, TRUE);
	gtk_widget_set_size_request(v->area, 300, EV_HEADER_H + 4 * EV_ROW_H);
	ev_view_attach_input(v);
	g_signal_connect(v->area, "size-allocate", G_CALLBACK(on_size), v);
	v->vadj = gtk_adjustment_new(0, 0, 1, 1, 1, 1);
	g_signal_connect(v->vadj, "value-changed", G_CALLBACK(on_adj_value), v);
	v->scrollbar = gtk_scrollbar_new(GTK_ORIENTATION_VERTICAL, v->vadj);
	gtk_widget_set_tooltip_text(v->scrollbar,
	                            _("The whole trace: drag to go to any time (the bar moves "
	                              "evenly through the events, not the seconds)"));
	row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
	gtk_box_pack_start(GTK_BOX(row), v->area, TRUE, TRUE, 0);
	gtk_box_pack_start(GTK_BOX(row), v->scrollbar, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(v->box), row, TRUE, TRUE, 0);

	v->filter = g_strdup(lttv_tab_get_filter(tab));
	v->handlers[0] =
	        g_signal_connect(tab, "notify::current-time", G_CALLBACK(on_current_time), v);
	v->handlers[1] =
	        g_signal_connect(tab, "time-window-changed", G_CALLBACK(on_window_changed), v);
	v->handlers[2] = g_signal_connect(tab, "notify::filter", G_CALLBACK(on_filter), v);
	v->handlers[3] = g_signal_connect(tab, "notify::history", G_CALLBACK(on_history), v);
	v->handlers[4] = g_signal_connect(tab, "notify::traceset", G_CALLBACK(on_traceset), v);
	v->handlers[5] = g_signal_connect_swapped(tab, "notify::history-progress",
	                                          G_CALLBACK(gtk_widget_queue_draw), v->area);
	open_traceset(v);
	on_history(tab, NULL, v);
	gtk_widget_show_all(v->box);
	gtk_widget_hide(ev_search_widget(v->search));
	return v->box;
}
