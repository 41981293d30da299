/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * LTTV_GUI_TIMING: what tests/bench/gui measures.  Prints, on stderr, the
 * wall-clock time (CLOCK_REALTIME, ns) of the window's first paint and of
 * the first paint after the complete state history arrived; with the
 * value "quit", the application then quits.  The bench subtracts the time
 * it started the process at.
 */
#include "gui/timing.h"

#include <stdio.h>
#include <time.h>

typedef struct {
	GtkWidget *widget;
	LttvTab *tab;
	gboolean painted, history_seen, done;
	gulong paint_id, history_id;
	GdkFrameClock *clock;
} Timing;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void after_paint(GdkFrameClock *clock, gpointer data)
{
	Timing *t = data;

	if (!t->painted) {
		t->painted = TRUE;
		fprintf(stderr, "lttv-gui: timing first-paint-ns=%lld\n", now_ns());
	}
	if (t->history_seen && !t->done) {
		t->done = TRUE;
		fprintf(stderr, "lttv-gui: timing history-ns=%lld\n", now_ns());
		if (g_strcmp0(g_getenv("LTTV_GUI_TIMING"), "quit") == 0)
			g_application_quit(g_application_get_default());
	}
}

static void history_changed(LttvTab *tab, GParamSpec *pspec, gpointer data)
{
	Timing *t = data;
	LttvHistory *h = lttv_tab_get_history(tab);

	if (h && lttv_history_complete(h)) {
		t->history_seen = TRUE;
		/* make sure a frame comes, drawing it */
		gtk_widget_queue_draw(t->widget);
	}
}

static void mapped(GtkWidget *w, gpointer data)
{
	Timing *t = data;

	if (t->clock)
		return;
	t->clock = gtk_widget_get_frame_clock(w);
	if (t->clock)
		t->paint_id = g_signal_connect(t->clock, "after-paint", G_CALLBACK(after_paint), t);
}

static void timing_free(gpointer data, GClosure *closure)
{
	Timing *t = data;

	if (t->clock)
		g_signal_handler_disconnect(t->clock, t->paint_id);
	g_signal_handler_disconnect(t->tab, t->history_id);
	g_object_unref(t->tab);
	g_free(t);
}

void lttv_gui_timing_attach(GtkWidget *widget, LttvTab *tab)
{
	Timing *t;

	if (!g_getenv("LTTV_GUI_TIMING"))
		return;
	t = g_new0(Timing, 1);
	t->widget = widget;
	t->tab = g_object_ref(tab);
	t->history_id = g_signal_connect(tab, "notify::history", G_CALLBACK(history_changed), t);
	g_signal_connect_data(widget, "map", G_CALLBACK(mapped), t, timing_free, 0);
}
