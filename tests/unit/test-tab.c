/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tab every view follows: its time window rules (clamped, never
 * narrower than 1 ns, kept inside the trace), the current time that
 * drags the window along, the selection, its notifications, and the
 * history built by a worker while the main loop runs (and cancelled). */
#include "lttv/tab.h"
#include "shared-traces.h"

#include <glib/gstdio.h>

typedef struct {
	guint window_signals, current_notifies, history_notifies, progress_notifies;
	double last_progress;
} Counts;

static void on_window(LttvTab *tab, gpointer data)
{
	((Counts *)data)->window_signals++;
}

static void on_notify(GObject *obj, GParamSpec *pspec, gpointer data)
{
	Counts *c = data;

	if (g_str_equal(pspec->name, "current-time"))
		c->current_notifies++;
	else if (g_str_equal(pspec->name, "history"))
		c->history_notifies++;
	else if (g_str_equal(pspec->name, "history-progress")) {
		c->progress_notifies++;
		c->last_progress = lttv_tab_get_history_progress(LTTV_TAB(obj));
	}
}

static LttvTab *tab_on(const char *rel, Counts *c)
{
	LttvTab *tab = lttv_tab_new();

	g_signal_connect(tab, "time-window-changed", G_CALLBACK(on_window), c);
	g_signal_connect(tab, "notify", G_CALLBACK(on_notify), c);
	lttv_tab_set_traceset(tab, open_ok(rel));
	return tab;
}

static void test_window(void)
{
	Counts c = {0};
	g_autoptr(LttvTab) tab = tab_on("tracecompass/many-threads", &c);
	LttvTime b, e, s0, s1;

	g_assert_true(lttv_tab_get_trace_range(tab, &b, &e));
	g_assert_cmpint(b, <, e);
	/* a new traceset shows all of it */
	lttv_tab_get_time_window(tab, &s0, &s1);
	g_assert_cmpint(s0, ==, b);
	g_assert_cmpint(s1, ==, e);
	g_assert_cmpuint(c.window_signals, ==, 1);
	g_assert_cmpint(lttv_tab_get_current_time(tab), ==, b);

	/* zoom in by 2 around the middle, then out: back to all */
	LttvTime mid = b + (e - b) / 2;
	lttv_tab_zoom(tab, 0.5, mid);
	lttv_tab_get_time_window(tab, &s0, &s1);
	g_assert_cmpint(s1 - s0, <=, (e - b) / 2 + 1);
	g_assert_cmpint(s0, <=, mid);
	g_assert_cmpint(s1, >=, mid);
	lttv_tab_zoom(tab, 4, mid);
	lttv_tab_get_time_window(tab, &s0, &s1);
	g_assert_cmpint(s0, ==, b);
	g_assert_cmpint(s1, ==, e);

	/* a window off the trace's end keeps its width, inside the trace */
	lttv_tab_set_time_window(tab, e - 100, e + 900);
	lttv_tab_get_time_window(tab, &s0, &s1);
	g_assert_cmpint(s1, ==, e);
	g_assert_cmpint(s0, ==, e - 1000);
	lttv_tab_pan(tab, -2000);
	lttv_tab_get_time_window(tab, &s0, &s1);
	g_assert_cmpint(s0, ==, e - 3000);
	lttv_tab_pan(tab, G_MININT64 / 4);
	lttv_tab_get_time_window(tab, &s0, &s1);
	g_assert_cmpint(s0, ==, b);
	g_assert_cmpint(s1, ==, b + 1000);

	/* never narrower than 1 ns, also at the very end */
	lttv_tab_set_time_window(tab, e, e);
	lttv_tab_get_time_window(tab, &s0, &s1);
	g_assert_cmpint(s1 - s0, ==, 1);
	g_assert_cmpint(s1, <=, e);
	lttv_tab_zoom(tab, 0.001, s0);
	lttv_tab_get_time_window(tab, &s0, &s1);
	g_assert_cmpint(s1 - s0, ==, 1);

	/* the same window again is no change */
	guint before = c.window_signals;
	lttv_tab_set_time_window(tab, s0, s1);
	g_assert_cmpuint(c.window_signals, ==, before);
	lttv_tab_zoom_fit(tab);
	g_assert_cmpuint(c.window_signals, ==, before + 1);
}

static void test_current_and_selection(void)
{
	Counts c = {0};
	g_autoptr(LttvTab) tab = tab_on("tracecompass/many-threads", &c);
	LttvTime b, e, s0, s1;

	lttv_tab_get_trace_range(tab, &b, &e);
	lttv_tab_set_time_window(tab, b, b + 1000);
	/* the current time outside the window brings the window to it */
	lttv_tab_set_current_time(tab, b + (e - b) / 2);
	lttv_tab_get_time_window(tab, &s0, &s1);
	g_assert_cmpint(s1 - s0, ==, 1000);
	g_assert_cmpint(s0, <=, b + (e - b) / 2);
	g_assert_cmpint(s1, >=, b + (e - b) / 2);
	guint n = c.current_notifies;
	lttv_tab_set_current_time(tab, b + (e - b) / 2);
	g_assert_cmpuint(c.current_notifies, ==, n);
	/* clamped to the trace */
	lttv_tab_set_current_time(tab, e + 5000);
	g_assert_cmpint(lttv_tab_get_current_time(tab), ==, e);

	g_assert_false(lttv_tab_get_selection(tab, NULL, NULL));
	lttv_tab_set_selection(tab, b + 50, b + 10);
	g_assert_true(lttv_tab_get_selection(tab, &s0, &s1));
	g_assert_cmpint(s0, ==, b + 10);
	g_assert_cmpint(s1, ==, b + 50);
	lttv_tab_clear_selection(tab);
	g_assert_false(lttv_tab_get_selection(tab, NULL, NULL));

	lttv_tab_set_filter(tab, "event.cpu == 1");
	g_assert_cmpstr(lttv_tab_get_filter(tab), ==, "event.cpu == 1");
	lttv_tab_set_filter(tab, "");
	g_assert_null(lttv_tab_get_filter(tab));
}

static gboolean quit_loop(gpointer loop)
{
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

static void wait_history(LttvTab *tab)
{
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	guint timeout = g_timeout_add_seconds(120, quit_loop, loop);
	gulong id = g_signal_connect_swapped(tab, "notify::history", G_CALLBACK(g_main_loop_quit),
	                                     loop);

	g_main_loop_run(loop);
	g_signal_handler_disconnect(tab, id);
	g_source_remove(timeout);
}

static void test_history_worker(void)
{
	Counts c = {0};
	g_autoptr(LttvTab) tab = tab_on("tracecompass/many-threads", &c);

	g_assert_null(lttv_tab_get_history(tab));
	lttv_tab_build_history(tab);
	g_assert_true(lttv_tab_history_building(tab));
	wait_history(tab);
	g_assert_false(lttv_tab_history_building(tab));
	g_assert_nonnull(lttv_tab_get_history(tab));
	g_assert_null(lttv_tab_get_history_error(tab));
	g_assert_cmpfloat(lttv_tab_get_history_progress(tab), ==, 1.0);
	g_assert_cmpfloat(c.last_progress, ==, 1.0);
	g_assert_cmpuint(c.progress_notifies, >=, 2);
	g_assert_cmpuint(lttv_history_n_threads(lttv_tab_get_history(tab), 0), >, 10);
}

/* Cancelling, or replacing the traceset while the worker reads it, never
 * leaves a history of the wrong traceset nor frees a traceset under the
 * worker (run under ASan by tools/check). */
static void test_history_cancel_and_replace(void)
{
	Counts c = {0};
	g_autoptr(LttvTab) tab = tab_on("tracecompass/many-threads", &c);

	lttv_tab_build_history(tab);
	lttv_tab_cancel_history(tab);
	g_assert_false(lttv_tab_history_building(tab));
	g_assert_error(lttv_tab_get_history_error(tab), G_IO_ERROR, G_IO_ERROR_CANCELLED);

	lttv_tab_build_history(tab);
	lttv_tab_set_traceset(tab, open_ok("tracecompass/bug446190"));
	g_assert_null(lttv_tab_get_history(tab));
	lttv_tab_build_history(tab);
	wait_history(tab);
	g_assert_nonnull(lttv_tab_get_history(tab));
	/* the history is of the new traceset: it is the tab's only trace */
	g_assert_cmpuint(lttv_history_n_traces(lttv_tab_get_history(tab)), ==, 1);
	LttvTime b, e;
	lttv_tab_get_trace_range(tab, &b, &e);
	g_assert_cmpint(lttv_history_begin(lttv_tab_get_history(tab)), >=, b);
	g_assert_cmpint(lttv_history_end(lttv_tab_get_history(tab)), <=, e);
	/* and the old worker's late result changes nothing */
	g_autoptr(GMainContext) ctx = g_main_context_ref_thread_default();
	for (int i = 0; i < 100; i++)
		g_main_context_iteration(ctx, FALSE);
	g_assert_nonnull(lttv_tab_get_history(tab));
}

/* A snapshot shows what the tab showed, keeps showing it whatever the tab
 * does next (even a new traceset: the old one stays alive for it), and
 * builds its own history in another thread when the tab had none. */
typedef struct {
	LttvTab *snap;
	gboolean ok;
} SnapJob;

static gpointer snapshot_worker(gpointer data)
{
	SnapJob *j = data;
	g_autoptr(GError) error = NULL;

	j->ok = lttv_tab_build_history_sync(j->snap, &error) &&
	        lttv_history_n_threads(lttv_tab_get_history(j->snap), 0) > 10;
	return NULL;
}

static void test_snapshot(void)
{
	Counts c = {0};
	g_autoptr(LttvTab) tab = tab_on("tracecompass/many-threads", &c);
	g_autoptr(LttvTab) snap = NULL;
	g_autoptr(LttvTab) late = NULL;
	LttvTraceset *ts = lttv_tab_get_traceset(tab);
	LttvTime w0, w1, s0, s1, a, b;
	SnapJob job;

	lttv_tab_get_trace_range(tab, &a, &b);
	lttv_tab_set_time_window(tab, a + 1000, a + 2000000);
	lttv_tab_set_selection(tab, a + 5000, a + 6000);
	lttv_tab_set_current_time(tab, a + 7000);
	lttv_tab_set_filter(tab, "event.cpu == 1");
	snap = lttv_tab_snapshot(tab);
	g_assert_true(lttv_tab_get_traceset(snap) == ts);
	lttv_tab_get_time_window(snap, &w0, &w1);
	g_assert_cmpint(w0, ==, a + 1000);
	g_assert_cmpint(w1, ==, a + 2000000);
	g_assert_true(lttv_tab_get_selection(snap, &s0, &s1));
	g_assert_cmpint(s0, ==, a + 5000);
	g_assert_cmpint(s1, ==, a + 6000);
	g_assert_cmpint(lttv_tab_get_current_time(snap), ==, a + 7000);
	g_assert_cmpstr(lttv_tab_get_filter(snap), ==, "event.cpu == 1");
	g_assert_null(lttv_tab_get_history(snap));

	/* the tab moves on: the snapshot does not */
	lttv_tab_set_time_window(tab, a, b);
	lttv_tab_set_filter(tab, NULL);
	lttv_tab_set_traceset(tab, open_ok("tracecompass/bug446190"));
	lttv_tab_get_time_window(snap, &w0, &w1);
	g_assert_cmpint(w0, ==, a + 1000);
	g_assert_cmpstr(lttv_tab_get_filter(snap), ==, "event.cpu == 1");
	/* its traceset is still alive (ASan would say otherwise), and a
	 * worker builds its history */
	g_assert_true(lttv_tab_get_traceset(snap) == ts);
	job = (SnapJob){snap, FALSE};
	g_thread_join(g_thread_new("snapshot", snapshot_worker, &job));
	g_assert_true(job.ok);

	/* a snapshot of a tab with a complete history shares it */
	g_assert_true(lttv_tab_build_history_sync(tab, NULL));
	late = lttv_tab_snapshot(tab);
	g_assert_true(lttv_tab_get_history(late) == lttv_tab_get_history(tab));
	g_clear_object(&tab);
	g_assert_cmpuint(lttv_history_n_traces(lttv_tab_get_history(late)), ==, 1);
}

static void test_sync_and_empty(void)
{
	g_autoptr(LttvTab) tab = lttv_tab_new();
	g_autoptr(GError) error = NULL;
	LttvTime s0, s1;

	g_assert_false(lttv_tab_get_trace_range(tab, NULL, NULL));
	g_assert_false(lttv_tab_build_history_sync(tab, &error));
	g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
	lttv_tab_get_time_window(tab, &s0, &s1);
	g_assert_cmpint(s1 - s0, >=, 1);
	g_clear_error(&error);
	lttv_tab_set_traceset(tab, open_ok("tracecompass/many-threads"));
	g_assert_true(lttv_tab_build_history_sync(tab, &error));
	g_assert_no_error(error);
	g_assert_nonnull(lttv_tab_get_history(tab));
}

/* The window opening a traceset narrows to the events' span when the
 * history comes (packets often begin well before the first event), and
 * zoom to fit shows that span; a window the user chose stays. */
static void test_window_follows_history(void)
{
	g_autoptr(LttvTab) tab = lttv_tab_new();
	g_autoptr(GError) error = NULL;
	LttvTime b, e, s0, s1, hb, he;

	lttv_tab_set_traceset(tab, open_ok("tracecompass/many-threads"));
	lttv_tab_get_trace_range(tab, &b, &e);
	g_assert_true(lttv_tab_build_history_sync(tab, &error));
	hb = lttv_history_begin(lttv_tab_get_history(tab));
	he = lttv_history_end(lttv_tab_get_history(tab));
	/* many-threads: packets from 22.47 s, events from 22.79 s */
	g_assert_cmpint(hb, >, b);
	g_assert_cmpint(he, <, e);
	lttv_tab_get_time_window(tab, &s0, &s1);
	g_assert_cmpint(s0, ==, hb);
	g_assert_cmpint(s1, ==, he);
	g_assert_cmpint(lttv_tab_get_current_time(tab), ==, hb);
	lttv_tab_set_time_window(tab, b, b + 1000);
	lttv_tab_zoom_fit(tab);
	lttv_tab_get_time_window(tab, &s0, &s1);
	g_assert_cmpint(s0, ==, hb);
	g_assert_cmpint(s1, ==, he);

	/* chosen before the history came: kept */
	lttv_tab_set_traceset(tab, open_ok("tracecompass/many-threads"));
	lttv_tab_set_time_window(tab, b, b + 1000);
	g_assert_true(lttv_tab_build_history_sync(tab, &error));
	lttv_tab_get_time_window(tab, &s0, &s1);
	g_assert_cmpint(s0, ==, b);
	g_assert_cmpint(s1, ==, b + 1000);
}

int main(int argc, char **argv)
{
	g_autofree char *cache = g_dir_make_tmp("lttv-test-tab-XXXXXX", NULL);

	/* a private cache: the builds really build */
	g_setenv("XDG_CACHE_HOME", cache, TRUE);
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tab/window", test_window);
	g_test_add_func("/tab/current-and-selection", test_current_and_selection);
	g_test_add_func("/tab/history-worker", test_history_worker);
	g_test_add_func("/tab/history-cancel-and-replace", test_history_cancel_and_replace);
	g_test_add_func("/tab/sync-and-empty", test_sync_and_empty);
	g_test_add_func("/tab/snapshot", test_snapshot);
	g_test_add_func("/tab/window-follows-history", test_window_follows_history);
	int rc = g_test_run();
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", cache);
	(void)!system(cmd);
	return rc;
}
