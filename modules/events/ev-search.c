/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event list's search: a bar (Ctrl+F) with text or regular
 * expression, next and previous, run by a worker thread over a reader of
 * its own (same filter as the list), with progress and cancel.  It matches
 * event names and the fields' text as `lttv dump` prints them; forward it
 * reads on from the selected event, backward it reads stretches before it,
 * each from its start (a trace is read forward only). */
#include "ev.h"

#include <string.h>

/* events per stretch read back, and per progress report */
#define STRETCH (256 * 1024)
#define SLICE   65536

typedef struct {
	EvReader *reader; /* taken from the EvSearch while running */
	char **paths;
	char *filter;
	gboolean history; /* open the history (a filter on state) */
	GRegex *re;
	char *needle; /* plain text (NULL: regex) */
	gboolean match_case;
	gboolean forward;
	EvKey origin;
	GString *scratch;
	gint permille; /* progress, atomic */
	gboolean found;
	EvKey key;
} Job;

struct EvSearch {
	LttvTab *tab;
	EvSearchFoundFn found;
	gpointer data;
	GtkWidget *bar, *entry, *regex, *match_case, *prev, *next, *status, *stop;
	EvKey origin;
	gboolean have_origin;
	char *filter;
	gboolean history_ready;
	EvReader *reader;        /* kept between searches (NULL while one runs) */
	LttvTraceset *reader_ts; /* the tab's traceset it was made for */
	gboolean reader_history;
	GCancellable *cancel;
	Job *running;
	guint progress_source;
	gboolean freed; /* the widget is gone: a search ending frees it */
};

static void job_free(Job *j)
{
	ev_reader_free(j->reader);
	g_strfreev(j->paths);
	g_free(j->filter);
	g_clear_pointer(&j->re, g_regex_unref);
	g_free(j->needle);
	g_string_free(j->scratch, TRUE);
	g_free(j);
}

static gboolean text_match(Job *j, const char *s)
{
	if (j->re)
		return g_regex_match(j->re, s, 0, NULL);
	return (j->match_case ? strstr(s, j->needle) : strcasestr(s, j->needle)) != NULL;
}

/* In the worker: the event's name, then its fields' text. */
static gboolean match_event(const LttvEvent *ev, gpointer data)
{
	Job *j = data;

	if (text_match(j, lttv_event_name(ev)))
		return TRUE;
	return ev_fields_text(j->scratch, ev, NULL) && text_match(j, j->scratch->str);
}

static void progress(Job *j, double done)
{
	g_atomic_int_set(&j->permille, (gint)(CLAMP(done, 0, 1) * 1000));
}

static gboolean search_forward(Job *j, GCancellable *cancel, GError **error)
{
	const EvScale *s = ev_reader_scale(j->reader);
	double p0 = ev_scale_pos(s, j->origin.time), total = ev_scale_total(s);
	EvKey from = ev_key_after(j->origin);

	for (;;) {
		EvBatch b;
		gboolean edge;

		if (!ev_reader_forward(j->reader, from, 1, SLICE, &b, cancel, error))
			return FALSE;
		if (b.rows->len) {
			j->found = TRUE;
			j->key = g_array_index(b.rows, EvRow, 0).key;
		}
		from = b.resume;
		edge = b.edge;
		ev_batch_clear(&b);
		if (j->found || edge)
			return TRUE;
		if (total > p0)
			progress(j, (ev_scale_pos(s, from.time) - p0) / (total - p0));
	}
}

static gboolean search_backward(Job *j, GCancellable *cancel, GError **error)
{
	const EvScale *s = ev_reader_scale(j->reader);
	double p0 = ev_scale_pos(s, j->origin.time);
	EvKey before = j->origin;

	for (;;) {
		EvBatch b;
		gboolean edge;

		if (!ev_reader_backward(j->reader, before, 1, STRETCH, &b, cancel, error))
			return FALSE;
		if (b.rows->len) {
			j->found = TRUE;
			j->key = g_array_index(b.rows, EvRow, 0).key;
		}
		before = b.resume;
		edge = b.edge;
		ev_batch_clear(&b);
		if (j->found || edge)
			return TRUE;
		if (p0 > 0)
			progress(j, (p0 - ev_scale_pos(s, before.time)) / p0);
	}
}

static void search_thread(GTask *task, gpointer src, gpointer data, GCancellable *cancel)
{
	Job *j = data;
	GError *error = NULL;

	if (!j->reader) {
		j->reader = ev_reader_open((const char *const *)j->paths, &error);
		if (!j->reader) {
			g_task_return_error(task, error);
			return;
		}
	}
	if (j->history && !ev_reader_history(j->reader)) {
		LttvHistory *h = lttv_history_open(ev_reader_traceset(j->reader), NULL, NULL,
		                                   cancel, &error);

		if (!h) {
			g_task_return_error(task, error);
			return;
		}
		ev_reader_set_history(j->reader, h, TRUE);
	}
	if (!ev_reader_set_filter(j->reader, j->filter, &error)) {
		g_task_return_error(task, error);
		return;
	}
	ev_reader_set_match(j->reader, match_event, j);
	if (!(j->forward ? search_forward : search_backward)(j, cancel, &error)) {
		ev_reader_set_match(j->reader, NULL, NULL);
		g_task_return_error(task, error);
		return;
	}
	ev_reader_set_match(j->reader, NULL, NULL);
	g_task_return_boolean(task, TRUE);
}

static void set_status(EvSearch *s, const char *text)
{
	gtk_label_set_text(GTK_LABEL(s->status), text ? text : "");
}

static void set_running(EvSearch *s, gboolean running)
{
	gtk_widget_set_visible(s->stop, running);
	gtk_widget_set_sensitive(s->prev, !running);
	gtk_widget_set_sensitive(s->next, !running);
	if (!running && s->progress_source) {
		g_source_remove(s->progress_source);
		s->progress_source = 0;
	}
}

static gboolean show_progress(gpointer data)
{
	EvSearch *s = data;
	char text[64];

	if (!s->running)
		return G_SOURCE_CONTINUE;
	g_snprintf(text, sizeof text, _("Searching… %.1f %%"),
	           g_atomic_int_get(&s->running->permille) / 10.0);
	set_status(s, text);
	return G_SOURCE_CONTINUE;
}

static void search_done(GObject *src, GAsyncResult *res, gpointer data)
{
	EvSearch *s = data;
	Job *j = g_task_get_task_data(G_TASK(res));
	g_autoptr(GError) error = NULL;
	gboolean ok = g_task_propagate_boolean(G_TASK(res), &error);

	if (s->freed) {
		g_free(s);
		return;
	}
	/* the reader comes back for the next search (unless the traceset
	 * changed meanwhile) */
	if (!s->reader && j->reader && s->reader_ts == lttv_tab_get_traceset(s->tab)) {
		s->reader = g_steal_pointer(&j->reader);
		s->reader_history = ev_reader_history(s->reader) != NULL;
	}
	if (s->running == j)
		s->running = NULL;
	set_running(s, s->running != NULL);
	if (!ok) {
		g_autofree char *msg = NULL;

		if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
			msg = g_strdup_printf(_("Search failed: %s"), error->message);
		set_status(s, msg ? msg : _("Search stopped."));
		return;
	}
	if (!j->found) {
		set_status(s, j->forward ? _("No match after the selected event.")
		                         : _("No match before the selected event."));
		gtk_widget_error_bell(s->entry);
	} else {
		set_status(s, NULL);
		s->origin = j->key;
		s->have_origin = TRUE;
	}
	s->found(j->found, j->key, s->data);
}

void ev_search_step(EvSearch *s, gboolean forward)
{
	const char *text = gtk_entry_get_text(GTK_ENTRY(s->entry));
	gboolean regex = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(s->regex));
	gboolean match_case = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(s->match_case));
	LttvTraceset *ts = lttv_tab_get_traceset(s->tab);
	g_autoptr(GError) error = NULL;
	g_autoptr(GTask) task = NULL;
	Job *j;

	if (!*text) {
		ev_search_show(s);
		return;
	}
	if (s->running || !ts)
		return;
	if (ev_filter_needs_state(s->filter, ts) && !s->history_ready) {
		set_status(s, _("Waiting for the state history to apply the filter…"));
		return;
	}
	j = g_new0(Job, 1);
	j->match_case = match_case;
	if (regex) {
		j->re = g_regex_new(text, (match_case ? 0 : G_REGEX_CASELESS) | G_REGEX_OPTIMIZE, 0,
		                    &error);
		if (!j->re) {
			g_autofree char *msg = g_strdup_printf(
			        _("Not a valid regular expression: %s"), error->message);

			set_status(s, msg);
			job_free(j);
			return;
		}
	} else {
		j->needle = g_strdup(text);
	}
	j->paths = ev_trace_paths(ts);
	j->filter = g_strdup(s->filter);
	j->history = s->history_ready;
	j->forward = forward;
	j->origin = s->have_origin ? s->origin : (EvKey){LTTV_TIME_MIN, 0};
	if (!s->have_origin && !forward)
		j->origin = (EvKey){LTTV_TIME_MAX, 0};
	j->scratch = g_string_sized_new(512);
	/* the reader of an earlier search, when it has what this one needs */
	if (s->reader && s->reader_ts == ts && (!j->history || s->reader_history))
		j->reader = g_steal_pointer(&s->reader);
	g_clear_pointer(&s->reader, ev_reader_free);
	s->reader_ts = ts;
	g_clear_object(&s->cancel);
	s->cancel = g_cancellable_new();
	s->running = j;
	set_running(s, TRUE);
	set_status(s, _("Searching…"));
	s->progress_source = g_timeout_add(150, show_progress, s);
	task = g_task_new(NULL, s->cancel, search_done, s);
	g_task_set_task_data(task, j, (GDestroyNotify)job_free);
	g_task_run_in_thread(task, search_thread);
}

void ev_search_cancel(EvSearch *s)
{
	if (s->cancel)
		g_cancellable_cancel(s->cancel);
	if (s->reader_ts != lttv_tab_get_traceset(s->tab)) {
		g_clear_pointer(&s->reader, ev_reader_free);
		s->reader_ts = NULL;
	}
	s->have_origin = FALSE;
}

void ev_search_set_origin(EvSearch *s, EvKey key)
{
	s->origin = key;
	s->have_origin = TRUE;
}

void ev_search_set_filter(EvSearch *s, const char *filter, gboolean history_ready)
{
	if (g_strcmp0(filter, s->filter) != 0 && s->cancel)
		g_cancellable_cancel(s->cancel);
	g_free(s->filter);
	s->filter = g_strdup(filter);
	s->history_ready = history_ready;
}

void ev_search_show(EvSearch *s)
{
	gtk_widget_show(s->bar);
	gtk_search_bar_set_search_mode(GTK_SEARCH_BAR(s->bar), TRUE);
	gtk_widget_grab_focus(s->entry);
}

GtkWidget *ev_search_widget(EvSearch *s)
{
	return s->bar;
}

static void on_next(GtkWidget *w, EvSearch *s)
{
	ev_search_step(s, TRUE);
}

static void on_prev(GtkWidget *w, EvSearch *s)
{
	ev_search_step(s, FALSE);
}

static void on_stop(GtkWidget *w, EvSearch *s)
{
	if (s->cancel)
		g_cancellable_cancel(s->cancel);
}

static gboolean on_entry_key(GtkWidget *w, GdkEventKey *ev, EvSearch *s)
{
	if (ev->keyval == GDK_KEY_Return || ev->keyval == GDK_KEY_KP_Enter) {
		ev_search_step(s, !(ev->state & GDK_SHIFT_MASK));
		return TRUE;
	}
	return FALSE;
}

static void on_mode(GtkSearchBar *bar, GParamSpec *pspec, EvSearch *s)
{
	if (!gtk_search_bar_get_search_mode(bar)) {
		on_stop(NULL, s);
		gtk_widget_hide(s->bar);
	}
}

EvSearch *ev_search_new(LttvTab *tab, EvSearchFoundFn found, gpointer data)
{
	EvSearch *s = g_new0(EvSearch, 1);
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);

	s->tab = tab;
	s->found = found;
	s->data = data;
	s->entry = gtk_search_entry_new();
	gtk_entry_set_placeholder_text(GTK_ENTRY(s->entry), _("Find in event names and fields"));
	gtk_entry_set_width_chars(GTK_ENTRY(s->entry), 32);
	s->regex = gtk_check_button_new_with_mnemonic(_("_Regular expression"));
	s->match_case = gtk_check_button_new_with_mnemonic(_("Match _case"));
	s->prev = gtk_button_new_from_icon_name("go-up-symbolic", GTK_ICON_SIZE_BUTTON);
	gtk_widget_set_tooltip_text(s->prev, _("Previous match (Shift+Enter, Shift+F3)"));
	s->next = gtk_button_new_from_icon_name("go-down-symbolic", GTK_ICON_SIZE_BUTTON);
	gtk_widget_set_tooltip_text(s->next, _("Next match (Enter, F3)"));
	s->stop = gtk_button_new_with_label(_("Stop"));
	s->status = gtk_label_new(NULL);
	gtk_label_set_ellipsize(GTK_LABEL(s->status), PANGO_ELLIPSIZE_END);
	gtk_label_set_xalign(GTK_LABEL(s->status), 0);
	gtk_widget_set_hexpand(s->status, TRUE);
	g_signal_connect(s->entry, "key-press-event", G_CALLBACK(on_entry_key), s);
	g_signal_connect(s->next, "clicked", G_CALLBACK(on_next), s);
	g_signal_connect(s->prev, "clicked", G_CALLBACK(on_prev), s);
	g_signal_connect(s->stop, "clicked", G_CALLBACK(on_stop), s);
	gtk_box_pack_start(GTK_BOX(box), s->entry, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(box), s->prev, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(box), s->next, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(box), s->regex, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(box), s->match_case, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(box), s->stop, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(box), s->status, TRUE, TRUE, 0);
	s->bar = gtk_search_bar_new();
	gtk_search_bar_set_show_close_button(GTK_SEARCH_BAR(s->bar), TRUE);
	gtk_search_bar_connect_entry(GTK_SEARCH_BAR(s->bar), GTK_ENTRY(s->entry));
	gtk_container_add(GTK_CONTAINER(s->bar), box);
	g_signal_connect(s->bar, "notify::search-mode-enabled", G_CALLBACK(on_mode), s);
	gtk_widget_show_all(box);
	gtk_widget_set_no_show_all(s->stop, TRUE);
	gtk_widget_hide(s->stop);
	return s;
}

void ev_search_free(EvSearch *s)
{
	if (!s)
		return;
	if (s->progress_source)
		g_source_remove(s->progress_source);
	s->progress_source = 0;
	g_clear_pointer(&s->reader, ev_reader_free);
	g_clear_pointer(&s->filter, g_free);
	if (s->running) {
		/* the search ends on its own: it frees what is left */
		s->freed = TRUE;
		g_cancellable_cancel(s->cancel);
		g_clear_object(&s->cancel);
		return;
	}
	g_clear_object(&s->cancel);
	g_free(s);
}
