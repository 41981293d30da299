/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The histogram widget: a tool strip (event type, log scale, status),
 * the bars of the time window under the ruler, and the overview of the
 * whole trace below.  Counting is a pass over the events: a worker does
 * it on a traceset of its own, publishing columns as they complete (the
 * widget draws them while it goes); a new window, width, event type or
 * filter cancels it and counts again.  The overview is counted once per
 * traceset by another worker and kept on the tab. */
#include "hist.h"

#include <string.h>

#define TICK_MS 100

/* --- the view --- */

typedef struct {
	LttvTab *tab; /* a reference */
	GtkWidget *box, *combo, *log_toggle, *status, *area, *overview;
	LttvTimelineController *ctl;
	char *event;                      /* counted (NULL: every event) */
	HistSource *src;                  /* the workers' traceset, once opened */
	guint ts_serial;                  /* bumped when the tab's traceset changes */
	guint running_serial;             /* ts_serial when the count under way began */
	HistCounts *shown;                /* of the count under way or the last */
	char *shown_event, *shown_filter; /* what it counts */
	char *message;                    /* instead of bars (an error, a wait) */
	GCancellable *cancel;             /* of the count under way */
	GHashTable *names;                /* the names offered */
	gboolean names_counted;           /* ...are those that occur (from the overview) */
	gboolean filling_combo;
	gboolean running, pending, destroyed;
	guint update_id, tick_id;
	gulong handlers[6];
	/* dragging the box of the overview */
	gboolean ov_drag;
	int64_t ov_offset; /* pointer time - window start */
} HistView;

static void start_count(HistView *v);
static void update_status(HistView *v);
static void fill_combo(HistView *v);
static void on_combo_changed(GtkComboBox *combo, HistView *v);

static void set_message(HistView *v, char *message)
{
	g_free(v->message);
	v->message = message;
	g_clear_pointer(&v->shown, hist_counts_unref);
}

static gboolean tick(gpointer data)
{
	HistView *v = data;

	gtk_widget_queue_draw(v->area);
	gtk_widget_queue_draw(v->overview);
	update_status(v);
	fill_combo(v);
	if (v->running || hist_overview_filling(v->tab))
		return G_SOURCE_CONTINUE;
	v->tick_id = 0;
	return G_SOURCE_REMOVE;
}

static void start_tick(HistView *v)
{
	if (!v->tick_id)
		v->tick_id = g_timeout_add(TICK_MS, tick, v);
}

static void count_done(GObject *obj, GAsyncResult *res, gpointer data)
{
	HistView *v = g_object_get_data(obj, "hist-view");
	g_autoptr(GError) error = NULL;
	HistSource *src;
	gboolean ok = hist_count_finish(res, &src, &error);

	v->running = FALSE;
	g_clear_object(&v->cancel);
	/* the worker's traceset serves the next counts of the same traceset */
	if (src && !v->src && v->running_serial == v->ts_serial) {
		v->src = src;
	} else {
		hist_source_release(src);
	}
	if (v->destroyed)
		return;
	if (v->pending) {
		v->pending = FALSE;
		start_count(v);
		return;
	}
	if (ok && v->shown && v->running_serial == v->ts_serial)
		hist_window_store(v->tab, v->shown, v->shown_event, v->shown_filter);
	if (!ok && !g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		set_message(v, g_strdup_printf(_("The events could not be counted:\n%s"),
		                               error->message));
	update_status(v);
	gtk_widget_queue_draw(v->area);
}

static guint area_columns(HistView *v)
{
	int w = gtk_widget_get_allocated_width(v->area) - HIST_AXIS_W;

	return w > 0 ? (guint)w : 0;
}

/* Counts the window again (cancelling a count under way first). */
static void start_count(HistView *v)
{
	LttvTraceset *ts = lttv_tab_get_traceset(v->tab);
	const char *filter = lttv_tab_get_filter(v->tab);
	guint cols = area_columns(v);
	g_autoptr(HistCounts) c = NULL;
	LttvTime t0, t1, origin = 0;

	if (v->running) {
		g_cancellable_cancel(v->cancel);
		v->pending = TRUE;
		return;
	}
	if (!ts || lttv_traceset_n_traces(ts) == 0) {
		set_message(v, g_strdup(_("No trace is open.")));
		goto out;
	}
	if (cols == 0)
		goto out;
	lttv_tab_get_trace_range(v->tab, &origin, NULL);
	if (filter) {
		g_autoptr(GError) error = NULL;
		g_autoptr(LttvFilter) f = lttv_filter_new(filter, origin, NULL, &error);
		LttvHistory *h = lttv_tab_get_history(v->tab);

		if (!f) {
			set_message(v, g_strdup_printf(_("The filter is not valid:\n%s"),
			                               error->message));
			goto out;
		}
		/* state.* fields need the history: wait for the tab's build
		 * (the worker then opens it from the cache) */
		if (lttv_filter_needs_state(f) && (!h || !lttv_history_complete(h))) {
			lttv_tab_build_history(v->tab);
			set_message(v,
			            g_strdup_printf(
			                    _("The filter reads the state: waiting for the state "
			                      "history… %d %%"),
			                    (int)(lttv_tab_get_history_progress(v->tab) * 100)));
			goto out;
		}
	}
	g_clear_pointer(&v->message, g_free);
	lttv_tab_get_time_window(v->tab, &t0, &t1);
	c = hist_counts_new(t0, t1, cols);
	g_clear_pointer(&v->shown, hist_counts_unref);
	v->shown = hist_counts_ref(c);
	/* export writes the columns the widget shows */
	g_object_set_data_full(G_OBJECT(v->tab), HIST_COLUMNS_KEY, g_strdup_printf("%u", cols),
	                       g_free);
	g_free(v->shown_event);
	g_free(v->shown_filter);
	v->shown_event = g_strdup(v->event);
	v->shown_filter = g_strdup(filter);
	v->running = TRUE;
	v->running_serial = v->ts_serial;
	v->cancel = g_cancellable_new();
	/* the task holds the box (and so the view) until it ends */
	hist_count_async(v->tab, v->src, c, v->event, filter, v->box, v->cancel, count_done, NULL);
	start_tick(v);
out:
	update_status(v);
	gtk_widget_queue_draw(v->area);
}

static gboolean update_idle(gpointer data)
{
	HistView *v = data;

	v->update_id = 0;
	start_count(v);
	return G_SOURCE_REMOVE;
}

/* Coalesces the changes of one main-loop turn into one count. */
static void queue_update(HistView *v)
{
	if (!v->destroyed && !v->update_id)
		v->update_id = g_idle_add(update_idle, v);
}

static void update_status(HistView *v)
{
	g_autofree char *text = NULL;
	char total[40], most[40], col[40];
	const HistCounts *c = v->shown;

	if (v->message)
		text = g_strdup(v->message);
	else if (!c)
		text = g_strdup("");
	else if (hist_counts_done(c) < c->cols)
		text = g_strdup_printf(_("Counting the events of the window… %d %%"),
		                       (int)(hist_counts_progress(c) * 100));
	else
		text = g_strdup_printf(
		        _("%s%s: %s in the window, at most %s per column (%s)"),
		        v->event ? v->event : _("All events"),
		        lttv_tab_get_filter(v->tab) ? _(" (filtered)") : "",
		        hist_format_count(c->total, total, sizeof(total)),
		        hist_format_count(hist_counts_max(c), most, sizeof(most)),
		        lttv_timeline_format_duration((c->t1 - c->t0) / (int64_t)c->cols, col,
		                                      sizeof(col)));
	/* one line in the strip: the message's first */
	char *nl = strchr(text, '\n');
	if (nl)
		*nl = ' ';
	gtk_label_set_text(GTK_LABEL(v->status), text);
}

/* --- drawing --- */

static gboolean shown_current(HistView *v)
{
	LttvTime t0, t1;

	lttv_tab_get_time_window(v->tab, &t0, &t1);
	return v->shown && v->shown->t0 == t0 && v->shown->t1 == t1 &&
	       v->shown->cols == area_columns(v);
}

static gboolean on_draw(GtkWidget *area, cairo_t *cr, HistView *v)
{
	const double ruler_h = LTTV_TIMELINE_RULER_HEIGHT;
	int w = gtk_widget_get_allocated_width(area), h = gtk_widget_get_allocated_height(area);
	double cols = MAX(0, w - HIST_AXIS_W), bars_h = MAX(0, h - ruler_h);
	gboolean log_scale = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(v->log_toggle));
	LttvTime t0, t1;
	guint64 max = 0;

	lttv_tab_get_time_window(v->tab, &t0, &t1);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0.13, 0.14, 0.16);
	cairo_rectangle(cr, 0, 0, HIST_AXIS_W, ruler_h);
	cairo_fill(cr);
	lttv_timeline_draw_ruler(cr, HIST_AXIS_W, 0, cols, ruler_h, t0, t1);
	if (shown_current(v)) {
		guint done = hist_counts_done(v->shown);

		max = hist_counts_max(v->shown);
		hist_draw_axis(cr, 0, HIST_AXIS_W, cols, ruler_h, bars_h, max, log_scale);
		hist_draw_bars(cr, v->shown, HIST_AXIS_W, ruler_h, bars_h, max, log_scale);
		if (done < v->shown->cols) {
			/* what is still being counted, shaded */
			cairo_set_source_rgba(cr, 1, 1, 1, 0.06);
			cairo_rectangle(cr, HIST_AXIS_W + done, ruler_h, cols - done, bars_h);
			cairo_fill(cr);
		}
	} else {
		hist_draw_axis(cr, 0, HIST_AXIS_W, cols, ruler_h, bars_h, 0, log_scale);
		if (v->message)
			hist_draw_message(cr, HIST_AXIS_W, ruler_h, cols, bars_h, v->message);
	}
	lttv_timeline_draw_tab_marks(cr, HIST_AXIS_W, ruler_h, cols, bars_h, v->tab);
	return TRUE;
}

static gboolean on_overview_draw(GtkWidget *area, cairo_t *cr, HistView *v)
{
	int w = gtk_widget_get_allocated_width(area), h = gtk_widget_get_allocated_height(area);
	const char *error;
	HistCounts *ov = hist_overview_for(v->tab, &error);
	LttvTime t0, t1;
	g_autoptr(PangoLayout) layout = lttv_timeline_text_layout(cr, "Sans 8");

	lttv_tab_get_time_window(v->tab, &t0, &t1);
	cairo_set_source_rgb(cr, 0.13, 0.14, 0.16);
	cairo_paint(cr);
	if (error) {
		g_autofree char *text =
		        g_strdup_printf(_("The trace could not be read: %s"), error);

		hist_draw_message(cr, HIST_AXIS_W, 0, w - HIST_AXIS_W, h, text);
		return TRUE;
	}
	hist_draw_overview(cr, ov, HIST_AXIS_W, 0, MAX(1, w - HIST_AXIS_W), h, t0, t1,
	                   ov ? hist_counts_progress(ov) : 0,
	                   gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(v->log_toggle)));
	if (hist_overview_filling(v->tab))
		start_tick(v);
	return TRUE;
}

static gboolean on_query_tooltip(GtkWidget *area, int x, int y, gboolean keyboard, GtkTooltip *tip,
                                 HistView *v)
{
	const HistCounts *c = v->shown;
	char a[48], b[48], d[48], n[40];
	LttvTime s0, s1;
	g_autofree char *text = NULL;
	gint64 col = x - HIST_AXIS_W;

	if (keyboard || !shown_current(v) || col < 0 || col >= c->cols ||
	    y < LTTV_TIMELINE_RULER_HEIGHT || lttv_timeline_controller_dragging(v->ctl))
		return FALSE;
	s0 = lttv_timeline_column_start(c->t0, c->t1, c->cols, (guint)col);
	s1 = lttv_timeline_column_start(c->t0, c->t1, c->cols, (guint)col + 1);
	lttv_time_format_clock(s0, FALSE, a, sizeof(a));
	lttv_time_format_clock(s1, FALSE, b, sizeof(b));
	lttv_timeline_format_duration(s1 - s0, d, sizeof(d));
	if ((guint)col < hist_counts_done(c))
		text = g_strdup_printf(_("%s – %s (%s)\n%s events"), a, b, d,
		                       hist_format_count(c->counts[col], n, sizeof(n)));
	else
		text = g_strdup_printf(_("%s – %s (%s)\ncounting…"), a, b, d);
	gtk_tooltip_set_text(tip, text);
	return TRUE;
}

/* --- the overview: click or drag moves the window --- */

/* The time at x of the overview (its range: the events' span). */
static LttvTime overview_time_at(HistView *v, double x, gboolean *ok)
{
	int w = gtk_widget_get_allocated_width(v->overview) - HIST_AXIS_W;
	const char *error;
	const HistCounts *ov = hist_overview_for(v->tab, &error);

	*ok = ov && w > 0;
	return *ok ? lttv_timeline_x_to_time(ov->t0, ov->t1, w, x - HIST_AXIS_W) : 0;
}

static void move_window(HistView *v, LttvTime start)
{
	LttvTime t0, t1;

	lttv_tab_get_time_window(v->tab, &t0, &t1);
	if (start != t0)
		lttv_tab_set_time_window(v->tab, start, start + (t1 - t0));
}

static gboolean on_overview_press(GtkWidget *w, GdkEventButton *ev, HistView *v)
{
	LttvTime t0, t1, t;
	gboolean ok;

	if (ev->type != GDK_BUTTON_PRESS || ev->button != 1 || ev->x < HIST_AXIS_W)
		return FALSE;
	t = overview_time_at(v, ev->x, &ok);
	if (!ok)
		return FALSE;
	lttv_tab_get_time_window(v->tab, &t0, &t1);
	/* in the box: drag it by where it was taken; elsewhere: centre the
	 * window there, then drag by its middle */
	if (t < t0 || t > t1) {
		move_window(v, t - (t1 - t0) / 2);
		lttv_tab_get_time_window(v->tab, &t0, &t1);
	}
	v->ov_drag = TRUE;
	v->ov_offset = t - t0;
	return TRUE;
}

static gboolean on_overview_motion(GtkWidget *w, GdkEventMotion *ev, HistView *v)
{
	gboolean ok;
	LttvTime t;

	if (!v->ov_drag)
		return FALSE;
	t = overview_time_at(v, ev->x, &ok);
	if (ok)
		move_window(v, t - v->ov_offset);
	return TRUE;
}

static gboolean on_overview_release(GtkWidget *w, GdkEventButton *ev, HistView *v)
{
	if (ev->button != 1 || !v->ov_drag)
		return FALSE;
	v->ov_drag = FALSE;
	return TRUE;
}

/* --- the tool strip: the event name, typed (with completion) or picked --- */

/* The names offered: those that occur once the overview knows them,
 * every class name of the traces until then. */
static void fill_combo(HistView *v)
{
	const char *error;
	HistCounts *ov = hist_overview_for(v->tab, &error);
	gboolean counted = ov && ov->names;
	g_auto(GStrv) all = NULL;
	char **names;
	GtkEntry *entry = GTK_ENTRY(gtk_bin_get_child(GTK_BIN(v->combo)));
	g_autofree char *text = NULL;

	if (v->names && counted == v->names_counted)
		return;
	names = counted ? ov->names : (all = hist_event_names(lttv_tab_get_traceset(v->tab)));
	/* what the user is typing stays */
	text = g_strdup(gtk_entry_get_text(entry));
	v->filling_combo = TRUE;
	g_clear_pointer(&v->names, g_hash_table_unref);
	v->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	v->names_counted = counted;
	gtk_combo_box_text_remove_all(GTK_COMBO_BOX_TEXT(v->combo));
	gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(v->combo), NULL, _("All events"));
	for (guint i = 0; names[i]; i++) {
		gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(v->combo), names[i], names[i]);
		g_hash_table_add(v->names, g_strdup(names[i]));
	}
	gtk_entry_set_text(entry, text);
	v->filling_combo = FALSE;
	/* a name the traces (another traceset) do not have counts nothing */
	if (v->event && !g_hash_table_contains(v->names, v->event)) {
		g_clear_pointer(&v->event, g_free);
		g_object_set_data(G_OBJECT(v->tab), HIST_EVENT_KEY, NULL);
		queue_update(v);
	}
	on_combo_changed(GTK_COMBO_BOX(v->combo), v);
}

static void on_combo_changed(GtkComboBox *combo, HistView *v)
{
	GtkWidget *entry = gtk_bin_get_child(GTK_BIN(combo));
	const char *text = gtk_entry_get_text(GTK_ENTRY(entry));
	GtkStyleContext *style = gtk_widget_get_style_context(entry);
	const char *event = NULL;

	if (v->filling_combo || !v->names)
		return;
	if (*text && !g_str_equal(text, _("All events"))) {
		/* a name being typed counts once it is a whole one */
		if (!g_hash_table_contains(v->names, text)) {
			gtk_style_context_add_class(style, "warning");
			return;
		}
		event = text;
	}
	gtk_style_context_remove_class(style, "warning");
	if (g_strcmp0(event, v->event) == 0)
		return;
	g_free(v->event);
	v->event = g_strdup(event);
	g_object_set_data_full(G_OBJECT(v->tab), HIST_EVENT_KEY, g_strdup(event), g_free);
	queue_update(v);
}

/* Completion on any part of the name, ignoring case. */
static gboolean completion_match(GtkEntryCompletion *completion, const char *key, GtkTreeIter *it,
                                 gpointer data)
{
	GtkTreeModel *model = gtk_entry_completion_get_model(completion);
	g_autofree char *name = NULL;
	g_autofree char *folded = NULL;

	gtk_tree_model_get(model, it, 0, &name, -1);
	if (!name)
		return FALSE;
	folded = g_utf8_casefold(name, -1);
	/* `key` comes folded */
	return strstr(folded, key) != NULL;
}

static GtkWidget *event_combo(HistView *v)
{
	GtkWidget *combo = gtk_combo_box_text_new_with_entry();
	GtkEntry *entry = GTK_ENTRY(gtk_bin_get_child(GTK_BIN(combo)));
	g_autoptr(GtkEntryCompletion) completion = gtk_entry_completion_new();

	gtk_entry_set_placeholder_text(entry, _("All events"));
	gtk_entry_set_width_chars(entry, 26);
	gtk_widget_set_tooltip_text(combo, _("Count every event, or the events of one name: pick "
	                                     "it or type part of it (the tab's filter applies to "
	                                     "both)"));
	gtk_entry_completion_set_model(completion, gtk_combo_box_get_model(GTK_COMBO_BOX(combo)));
	gtk_entry_completion_set_text_column(completion, 0);
	gtk_entry_completion_set_match_func(completion, completion_match, NULL, NULL);
	gtk_entry_completion_set_minimum_key_length(completion, 2);
	gtk_entry_set_completion(entry, completion);
	g_signal_connect(combo, "changed", G_CALLBACK(on_combo_changed), v);
	return combo;
}

static void on_log_toggled(GtkToggleButton *b, HistView *v)
{
	g_object_set_data_full(G_OBJECT(v->tab), HIST_LOG_KEY,
	                       gtk_toggle_button_get_active(b) ? g_strdup("1") : NULL, g_free);
	gtk_widget_queue_draw(v->area);
	gtk_widget_queue_draw(v->overview);
}

/* --- the tab --- */

static void on_window_changed(LttvTab *tab, HistView *v)
{
	queue_update(v);
	gtk_widget_queue_draw(v->overview);
}

static void on_filter_changed(LttvTab *tab, GParamSpec *pspec, HistView *v)
{
	queue_update(v);
}

static void on_traceset_changed(LttvTab *tab, GParamSpec *pspec, HistView *v)
{
	/* the workers' traceset is of the old traces */
	v->ts_serial++;
	g_clear_pointer(&v->src, hist_source_release);
	g_clear_pointer(&v->names, g_hash_table_unref);
	fill_combo(v);
	queue_update(v);
	gtk_widget_queue_draw(v->overview);
}

/* A filter on the state waits for the history. */
static void on_history(LttvTab *tab, GParamSpec *pspec, HistView *v)
{
	if (v->message && !v->shown)
		queue_update(v);
}

static void on_size_allocate(GtkWidget *w, GdkRectangle *alloc, HistView *v)
{
	if (!v->shown || v->shown->cols != area_columns(v))
		queue_update(v);
}

static void on_destroy(GtkWidget *box, HistView *v)
{
	if (v->destroyed)
		return;
	v->destroyed = TRUE;
	for (gsize i = 0; i < G_N_ELEMENTS(v->handlers); i++)
		if (v->handlers[i])
			g_signal_handler_disconnect(v->tab, v->handlers[i]);
	if (v->cancel)
		g_cancellable_cancel(v->cancel);
	if (v->update_id)
		g_source_remove(v->update_id);
	if (v->tick_id)
		g_source_remove(v->tick_id);
	v->update_id = v->tick_id = 0;
}

static void hist_view_free(gpointer data)
{
	HistView *v = data;

	on_destroy(NULL, v);
	g_clear_object(&v->cancel);
	g_clear_pointer(&v->src, hist_source_release);
	g_clear_pointer(&v->shown, hist_counts_unref);
	g_free(v->message);
	g_free(v->event);
	g_free(v->shown_event);
	g_free(v->shown_filter);
	g_clear_pointer(&v->names, g_hash_table_unref);
	g_object_unref(v->tab);
	g_free(v);
}

GtkWidget *hist_view_new(LttvTab *tab)
{
	HistView *v = g_new0(HistView, 1);
	GtkWidget *bar, *label;

	v->tab = g_object_ref(tab);
	v->event = g_strdup(hist_tab_event(tab));
	v->box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	g_object_set_data_full(G_OBJECT(v->box), "hist-view", v, hist_view_free);
	g_signal_connect(v->box, "destroy", G_CALLBACK(on_destroy), v);

	/* the tool strip: what is counted, the scale, the status */
	bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	g_object_set(bar, "margin", 4, NULL);
	label = gtk_label_new(_("Count:"));
	v->combo = event_combo(v);
	v->log_toggle = gtk_check_button_new_with_label(_("Log scale"));
	gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(v->log_toggle), hist_tab_log(tab));
	g_signal_connect(v->log_toggle, "toggled", G_CALLBACK(on_log_toggled), v);
	v->status = gtk_label_new(NULL);
	gtk_label_set_xalign(GTK_LABEL(v->status), 1);
	gtk_label_set_ellipsize(GTK_LABEL(v->status), PANGO_ELLIPSIZE_END);
	gtk_style_context_add_class(gtk_widget_get_style_context(v->status), "dim-label");
	gtk_box_pack_start(GTK_BOX(bar), label, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), v->combo, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), v->log_toggle, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), v->status, TRUE, TRUE, 0);
	gtk_box_pack_start(GTK_BOX(v->box), bar, FALSE, FALSE, 0);

	/* the bars under the ruler: click, drag, wheel as every time line */
	v->area = gtk_drawing_area_new();
	gtk_widget_set_hexpand(v->area, TRUE);
	gtk_widget_set_vexpand(v->area, TRUE);
	gtk_widget_set_size_request(v->area, HIST_AXIS_W + 100, 140);
	gtk_widget_set_has_tooltip(v->area, TRUE);
	g_signal_connect(v->area, "draw", G_CALLBACK(on_draw), v);
	g_signal_connect(v->area, "query-tooltip", G_CALLBACK(on_query_tooltip), v);
	g_signal_connect(v->area, "size-allocate", G_CALLBACK(on_size_allocate), v);
	v->ctl = lttv_timeline_attach(v->area, tab, HIST_AXIS_W, 0);
	gtk_box_pack_start(GTK_BOX(v->box), v->area, TRUE, TRUE, 0);

	/* the whole trace */
	v->overview = gtk_drawing_area_new();
	gtk_widget_set_size_request(v->overview, -1, HIST_OVERVIEW_H);
	gtk_widget_set_tooltip_text(v->overview,
	                            _("The whole trace: click or drag to move the time window"));
	gtk_widget_add_events(v->overview, GDK_BUTTON_PRESS_MASK | GDK_BUTTON_RELEASE_MASK |
	                                           GDK_BUTTON1_MOTION_MASK);
	g_signal_connect(v->overview, "draw", G_CALLBACK(on_overview_draw), v);
	g_signal_connect(v->overview, "button-press-event", G_CALLBACK(on_overview_press), v);
	g_signal_connect(v->overview, "motion-notify-event", G_CALLBACK(on_overview_motion), v);
	g_signal_connect(v->overview, "button-release-event", G_CALLBACK(on_overview_release), v);
	gtk_box_pack_start(GTK_BOX(v->box), v->overview, FALSE, FALSE, 0);

	v->handlers[0] =
	        g_signal_connect(tab, "time-window-changed", G_CALLBACK(on_window_changed), v);
	v->handlers[1] = g_signal_connect(tab, "notify::filter", G_CALLBACK(on_filter_changed), v);
	v->handlers[2] =
	        g_signal_connect(tab, "notify::traceset", G_CALLBACK(on_traceset_changed), v);
	v->handlers[3] = g_signal_connect(tab, "notify::history", G_CALLBACK(on_history), v);
	v->handlers[4] =
	        g_signal_connect(tab, "notify::history-progress", G_CALLBACK(on_history), v);
	/* the name a widget of the tab counted */
	v->filling_combo = TRUE;
	gtk_entry_set_text(GTK_ENTRY(gtk_bin_get_child(GTK_BIN(v->combo))),
	                   v->event ? v->event : "");
	v->filling_combo = FALSE;
	fill_combo(v);
	queue_update(v);
	gtk_widget_show_all(v->box);
	return v->box;
}
