/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tab: a traceset and what the user looks at in it, as properties
 * every view follows; the state history built by a worker thread. */
#include <lttv/tab.h>
#include <lttv/view.h>

struct _LttvTab {
	GObject parent;
	LttvTraceset *ts;
	gboolean has_range;
	LttvTime begin, end;
	LttvHistory *history;
	double progress;
	gboolean building;
	GCancellable *cancel;
	GError *history_error;
	guint build_serial; /* a finished build of an older traceset is dropped */
	LttvTime win_start, win_end, current, sel_start, sel_end;
	/* the window is still the one opening the traceset chose: when the
	 * history comes, it narrows to where events are (the packets of a
	 * trace often start and end well before and after its events) */
	gboolean window_auto;
	char *filter;
	/* the traceset in a reference-counted box: workers hold a reference
	 * until they end, so replacing the traceset never frees it under them */
	LttvTraceset **ts_box;
};

static void ts_box_clear(gpointer box)
{
	g_clear_pointer((LttvTraceset **)box, lttv_traceset_free);
}

static void ts_box_release(gpointer box)
{
	g_rc_box_release_full(box, ts_box_clear);
}

G_DEFINE_TYPE(LttvTab, lttv_tab, G_TYPE_OBJECT)

static void history_window(LttvTab *tab);
static void set_window(LttvTab *tab, LttvTime start, LttvTime end);

enum {
	PROP_0,
	PROP_TRACESET,
	PROP_HISTORY,
	PROP_HISTORY_PROGRESS,
	PROP_WINDOW_START,
	PROP_WINDOW_END,
	PROP_CURRENT_TIME,
	PROP_SELECTION_START,
	PROP_SELECTION_END,
	PROP_FILTER,
	N_PROPS
};
static GParamSpec *props[N_PROPS];

enum { SIG_TIME_WINDOW_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void drop_history(LttvTab *tab)
{
	if (tab->cancel) {
		g_cancellable_cancel(tab->cancel);
		g_clear_object(&tab->cancel);
	}
	tab->build_serial++;
	tab->building = FALSE;
	g_clear_pointer(&tab->history, lttv_history_free);
	g_clear_error(&tab->history_error);
	tab->progress = 0;
}

static void lttv_tab_finalize(GObject *obj)
{
	LttvTab *tab = LTTV_TAB(obj);

	drop_history(tab);
	tab->ts = NULL;
	g_clear_pointer(&tab->ts_box, ts_box_release);
	g_free(tab->filter);
	G_OBJECT_CLASS(lttv_tab_parent_class)->finalize(obj);
}

static void lttv_tab_get_property(GObject *obj, guint id, GValue *value, GParamSpec *pspec)
{
	LttvTab *tab = LTTV_TAB(obj);

	switch (id) {
	case PROP_TRACESET: g_value_set_pointer(value, tab->ts); break;
	case PROP_HISTORY: g_value_set_pointer(value, tab->history); break;
	case PROP_HISTORY_PROGRESS: g_value_set_double(value, tab->progress); break;
	case PROP_WINDOW_START: g_value_set_int64(value, tab->win_start); break;
	case PROP_WINDOW_END: g_value_set_int64(value, tab->win_end); break;
	case PROP_CURRENT_TIME: g_value_set_int64(value, tab->current); break;
	case PROP_SELECTION_START: g_value_set_int64(value, tab->sel_start); break;
	case PROP_SELECTION_END: g_value_set_int64(value, tab->sel_end); break;
	case PROP_FILTER: g_value_set_string(value, tab->filter); break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(obj, id, pspec);
	}
}

static void lttv_tab_set_property(GObject *obj, guint id, const GValue *value, GParamSpec *pspec)
{
	LttvTab *tab = LTTV_TAB(obj);

	switch (id) {
	case PROP_WINDOW_START:
		lttv_tab_set_time_window(tab, g_value_get_int64(value), tab->win_end);
		break;
	case PROP_WINDOW_END:
		lttv_tab_set_time_window(tab, tab->win_start, g_value_get_int64(value));
		break;
	case PROP_CURRENT_TIME: lttv_tab_set_current_time(tab, g_value_get_int64(value)); break;
	case PROP_FILTER: lttv_tab_set_filter(tab, g_value_get_string(value)); break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(obj, id, pspec);
	}
}

static void lttv_tab_class_init(LttvTabClass *klass)
{
	GObjectClass *oc = G_OBJECT_CLASS(klass);
	const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
	const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

	oc->finalize = lttv_tab_finalize;
	oc->get_property = lttv_tab_get_property;
	oc->set_property = lttv_tab_set_property;
	props[PROP_TRACESET] = g_param_spec_pointer("traceset", "Traceset", "The traces", ro);
	props[PROP_HISTORY] = g_param_spec_pointer("history", "History", "The state history", ro);
	props[PROP_HISTORY_PROGRESS] =
	        g_param_spec_double("history-progress", "History progress", "0..1", 0, 1, 0, ro);
	props[PROP_WINDOW_START] = g_param_spec_int64("window-start", "Window start", "ns",
	                                              G_MININT64, G_MAXINT64, 0, rw);
	props[PROP_WINDOW_END] =
	        g_param_spec_int64("window-end", "Window end", "ns", G_MININT64, G_MAXINT64, 0, rw);
	props[PROP_CURRENT_TIME] = g_param_spec_int64("current-time", "Current time", "ns",
	                                              G_MININT64, G_MAXINT64, 0, rw);
	props[PROP_SELECTION_START] = g_param_spec_int64("selection-start", "Selection start", "ns",
	                                                 G_MININT64, G_MAXINT64, G_MININT64, ro);
	props[PROP_SELECTION_END] = g_param_spec_int64("selection-end", "Selection end", "ns",
	                                               G_MININT64, G_MAXINT64, G_MININT64, ro);
	props[PROP_FILTER] = g_param_spec_string("filter", "Filter", "Filter expression", NULL, rw);
	g_object_class_install_properties(oc, N_PROPS, props);
	signals[SIG_TIME_WINDOW_CHANGED] =
	        g_signal_new("time-window-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
	                     NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void lttv_tab_init(LttvTab *tab)
{
	tab->sel_start = tab->sel_end = LTTV_TIME_MIN;
	/* an empty tab still has a valid (1 ns) window */
	tab->end = tab->win_end = 1;
}

LttvTab *lttv_tab_new(void)
{
	return g_object_new(LTTV_TYPE_TAB, NULL);
}

LttvTab *lttv_tab_snapshot(LttvTab *tab)
{
	LttvTab *s;

	g_return_val_if_fail(LTTV_IS_TAB(tab), NULL);
	s = lttv_tab_new();
	if (tab->ts_box) {
		/* the same traceset, kept alive by its box */
		s->ts_box = g_rc_box_acquire(tab->ts_box);
		s->ts = tab->ts;
	}
	s->has_range = tab->has_range;
	s->begin = tab->begin;
	s->end = tab->end;
	if (tab->history && lttv_history_complete(tab->history))
		s->history = lttv_history_ref(tab->history);
	s->win_start = tab->win_start;
	s->win_end = tab->win_end;
	s->current = tab->current;
	s->sel_start = tab->sel_start;
	s->sel_end = tab->sel_end;
	s->filter = g_strdup(tab->filter);
	return s;
}

void lttv_tab_set_traceset(LttvTab *tab, LttvTraceset *ts)
{
	g_return_if_fail(LTTV_IS_TAB(tab));
	g_object_freeze_notify(G_OBJECT(tab));
	drop_history(tab);
	g_clear_pointer(&tab->ts_box, ts_box_release);
	tab->ts = ts;
	if (ts) {
		tab->ts_box = g_rc_box_new(LttvTraceset *);
		*tab->ts_box = ts;
	}
	tab->has_range = ts && lttv_traceset_time_range(ts, &tab->begin, &tab->end);
	if (!tab->has_range)
		tab->begin = tab->end = 0;
	if (tab->end <= tab->begin)
		tab->end = tab->begin + 1;
	tab->current = tab->begin;
	tab->sel_start = tab->sel_end = LTTV_TIME_MIN;
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_TRACESET]);
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_HISTORY]);
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_HISTORY_PROGRESS]);
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_CURRENT_TIME]);
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_SELECTION_START]);
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_SELECTION_END]);
	set_window(tab, tab->begin, tab->end);
	tab->window_auto = TRUE;
	g_object_thaw_notify(G_OBJECT(tab));
}

LttvTraceset *lttv_tab_get_traceset(LttvTab *tab)
{
	return tab->ts;
}

gboolean lttv_tab_get_trace_range(LttvTab *tab, LttvTime *begin, LttvTime *end)
{
	if (begin)
		*begin = tab->begin;
	if (end)
		*end = tab->end;
	return tab->has_range;
}

/* --- history --- */

LttvHistory *lttv_tab_get_history(LttvTab *tab)
{
	return tab->history;
}

static void history_ready(LttvTab *tab, LttvHistory *h, GError *error)
{
	tab->building = FALSE;
	g_clear_object(&tab->cancel);
	g_clear_error(&tab->history_error);
	g_clear_pointer(&tab->history, lttv_history_free); /* a partial one */
	tab->history = h;
	tab->history_error = error;
	tab->progress = h ? 1.0 : 0.0;
	history_window(tab);
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_HISTORY_PROGRESS]);
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_HISTORY]);
}

typedef struct {
	LttvTab *tab; /* a reference */
	guint serial;
	double done;
} Progress;

static gboolean progress_in_main(gpointer data)
{
	Progress *p = data;

	if (p->serial == p->tab->build_serial && p->tab->building && p->done > p->tab->progress) {
		p->tab->progress = p->done;
		g_object_notify_by_pspec(G_OBJECT(p->tab), props[PROP_HISTORY_PROGRESS]);
	}
	return G_SOURCE_REMOVE;
}

static void progress_free(gpointer data)
{
	Progress *p = data;

	g_object_unref(p->tab);
	g_free(p);
}

typedef struct BuildJob {
	LttvTab *tab;
	guint serial;
	GMainContext *context;
	LttvTraceset **ts_box; /* a reference */
} BuildJob;

static void build_progress(double done, gpointer data)
{
	BuildJob *job = data;
	Progress *p = g_new(Progress, 1);

	p->tab = g_object_ref(job->tab);
	p->serial = job->serial;
	p->done = done;
	lttv_view_invoke(job->context, progress_in_main, p, progress_free);
}

typedef struct {
	LttvTab *tab; /* a reference */
	guint serial;
	LttvHistory *h;
} Partial;

static gboolean partial_in_main(gpointer data)
{
	Partial *p = data;
	LttvTab *tab = p->tab;

	if (p->serial == tab->build_serial && tab->building) {
		g_clear_pointer(&tab->history, lttv_history_free);
		tab->history = g_steal_pointer(&p->h);
		history_window(tab);
		g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_HISTORY]);
	}
	return G_SOURCE_REMOVE;
}

static void partial_free(gpointer data)
{
	Partial *p = data;

	g_clear_pointer(&p->h, lttv_history_free);
	g_object_unref(p->tab);
	g_free(p);
}

/* From the worker: what is built so far, for the views to draw. */
static void build_partial(LttvHistory *h, gpointer data)
{
	BuildJob *job = data;
	Partial *p = g_new(Partial, 1);

	p->tab = g_object_ref(job->tab);
	p->serial = job->serial;
	p->h = h;
	lttv_view_invoke(job->context, partial_in_main, p, partial_free);
}

static void build_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
	BuildJob *job = data;
	GError *error = NULL;
	LttvHistory *h = lttv_history_open_growing(*job->ts_box, build_progress, build_partial, job,
	                                           cancel, &error);

	if (h)
		g_task_return_pointer(task, h, (GDestroyNotify)lttv_history_free);
	else
		g_task_return_error(task, error);
}

static void build_job_free(gpointer data)
{
	BuildJob *job = data;

	g_main_context_unref(job->context);
	g_rc_box_release_full(job->ts_box, ts_box_clear);
	g_free(job);
}

static void build_done(GObject *source, GAsyncResult *res, gpointer data)
{
	LttvTab *tab = LTTV_TAB(source);
	GTask *task = G_TASK(res);
	BuildJob *job = g_task_get_task_data(task);
	GError *error = NULL;
	LttvHistory *h = g_task_propagate_pointer(task, &error);

	if (job->serial != tab->build_serial) {
		/* the traceset changed meanwhile: this history is of no use */
		g_clear_pointer(&h, lttv_history_free);
		g_clear_error(&error);
		return;
	}
	history_ready(tab, h, error);
}

void lttv_tab_build_history(LttvTab *tab)
{
	g_return_if_fail(LTTV_IS_TAB(tab));
	if (!tab->ts || tab->building || (tab->history && lttv_history_complete(tab->history)))
		return;
	BuildJob *job = g_new0(BuildJob, 1);
	g_autoptr(GTask) task = NULL;

	tab->build_serial++;
	tab->building = TRUE;
	tab->progress = 0;
	g_clear_error(&tab->history_error);
	tab->cancel = g_cancellable_new();
	job->tab = tab;
	job->serial = tab->build_serial;
	job->context = g_main_context_ref_thread_default();
	job->ts_box = g_rc_box_acquire(tab->ts_box);
	/* the task holds a reference on the tab until build_done */
	task = g_task_new(tab, tab->cancel, build_done, NULL);
	g_task_set_task_data(task, job, build_job_free);
	g_task_run_in_thread(task, build_thread);
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_HISTORY_PROGRESS]);
}

gboolean lttv_tab_build_history_sync(LttvTab *tab, GError **error)
{
	GError *local = NULL;
	LttvHistory *h;

	g_return_val_if_fail(LTTV_IS_TAB(tab), FALSE);
	if (tab->history && lttv_history_complete(tab->history))
		return TRUE;
	if (!tab->ts) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no trace is open");
		return FALSE;
	}
	lttv_tab_cancel_history(tab);
	h = lttv_history_open(tab->ts, NULL, NULL, NULL, &local);
	history_ready(tab, h, local ? g_error_copy(local) : NULL);
	if (local)
		g_propagate_error(error, local);
	return h != NULL;
}

void lttv_tab_cancel_history(LttvTab *tab)
{
	if (!tab->building)
		return;
	g_cancellable_cancel(tab->cancel);
	g_clear_object(&tab->cancel);
	tab->build_serial++;
	tab->building = FALSE;
	tab->progress = 0;
	g_clear_error(&tab->history_error);
	g_set_error(&tab->history_error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_HISTORY_PROGRESS]);
	if (tab->history) {
		/* a partial history would look like a complete one */
		g_clear_pointer(&tab->history, lttv_history_free);
		g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_HISTORY]);
	}
}

gboolean lttv_tab_history_building(LttvTab *tab)
{
	return tab->building;
}

double lttv_tab_get_history_progress(LttvTab *tab)
{
	return tab->progress;
}

const GError *lttv_tab_get_history_error(LttvTab *tab)
{
	return tab->history_error;
}

/* --- time --- */

static LttvTime clamp_time(LttvTab *tab, LttvTime t)
{
	if (!tab->has_range)
		return t;
	return CLAMP(t, tab->begin, tab->end);
}

void lttv_tab_set_time_window(LttvTab *tab, LttvTime start, LttvTime end)
{
	g_return_if_fail(LTTV_IS_TAB(tab));
	tab->window_auto = FALSE;
	set_window(tab, start, end);
}

static void set_window(LttvTab *tab, LttvTime start, LttvTime end)
{
	if (end < start) {
		LttvTime t = start;

		start = end;
		end = t;
	}
	if (tab->has_range) {
		int64_t span = tab->end - tab->begin;
		/* keep the width when the window falls off an edge */
		if ((uint64_t)end - (uint64_t)start > (uint64_t)span) {
			start = tab->begin;
			end = tab->end;
		} else if (start < tab->begin) {
			end += tab->begin - start;
			start = tab->begin;
		} else if (end > tab->end) {
			start -= end - tab->end;
			end = tab->end;
		}
	}
	if (end <= start) {
		/* the narrowest window is 1 ns */
		if (tab->has_range && start >= tab->end)
			start = tab->end - 1;
		end = start + 1;
	}
	if (start == tab->win_start && end == tab->win_end)
		return;
	g_object_freeze_notify(G_OBJECT(tab));
	if (start != tab->win_start) {
		tab->win_start = start;
		g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_WINDOW_START]);
	}
	if (end != tab->win_end) {
		tab->win_end = end;
		g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_WINDOW_END]);
	}
	g_object_thaw_notify(G_OBJECT(tab));
	g_signal_emit(tab, signals[SIG_TIME_WINDOW_CHANGED], 0);
}

void lttv_tab_get_time_window(LttvTab *tab, LttvTime *start, LttvTime *end)
{
	if (start)
		*start = tab->win_start;
	if (end)
		*end = tab->win_end;
}

void lttv_tab_zoom(LttvTab *tab, double factor, LttvTime center)
{
	double width = (double)(tab->win_end - tab->win_start);
	double new_width = width * factor;
	double frac;

	if (factor <= 0)
		return;
	if (new_width < 1)
		new_width = 1;
	if (center < tab->win_start || center > tab->win_end)
		center = tab->win_start + (tab->win_end - tab->win_start) / 2;
	frac = width > 0 ? (double)(center - tab->win_start) / width : 0.5;
	LttvTime start = center - (LttvTime)(new_width * frac);
	lttv_tab_set_time_window(tab, start, start + (LttvTime)new_width);
}

/* Where the events are: the history's span once known, else the
 * packets' span. */
static void content_range(LttvTab *tab, LttvTime *begin, LttvTime *end)
{
	*begin = tab->begin;
	*end = tab->end;
	if (tab->history && lttv_history_end(tab->history) > lttv_history_begin(tab->history)) {
		*begin = MAX(tab->begin, lttv_history_begin(tab->history));
		if (lttv_history_complete(tab->history))
			*end = MIN(tab->end, lttv_history_end(tab->history));
	}
}

void lttv_tab_zoom_fit(LttvTab *tab)
{
	LttvTime b, e;

	content_range(tab, &b, &e);
	lttv_tab_set_time_window(tab, b, e);
}

/* A new history: the automatic window follows it. */
static void history_window(LttvTab *tab)
{
	LttvTime b, e;

	if (!tab->window_auto || !tab->history)
		return;
	content_range(tab, &b, &e);
	set_window(tab, b, e);
	if (tab->current < b) {
		tab->current = b;
		g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_CURRENT_TIME]);
	}
}

void lttv_tab_pan(LttvTab *tab, int64_t delta)
{
	lttv_tab_set_time_window(tab, tab->win_start + delta, tab->win_end + delta);
}

LttvTime lttv_tab_get_current_time(LttvTab *tab)
{
	return tab->current;
}

void lttv_tab_set_current_time(LttvTab *tab, LttvTime t)
{
	g_return_if_fail(LTTV_IS_TAB(tab));
	t = clamp_time(tab, t);
	if (t < tab->win_start || t > tab->win_end) {
		int64_t half = (tab->win_end - tab->win_start) / 2;

		lttv_tab_set_time_window(tab, t - half, t - half + (tab->win_end - tab->win_start));
	}
	if (t == tab->current)
		return;
	tab->current = t;
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_CURRENT_TIME]);
}

gboolean lttv_tab_get_selection(LttvTab *tab, LttvTime *start, LttvTime *end)
{
	if (start)
		*start = tab->sel_start;
	if (end)
		*end = tab->sel_end;
	return tab->sel_start != LTTV_TIME_MIN;
}

void lttv_tab_set_selection(LttvTab *tab, LttvTime start, LttvTime end)
{
	g_return_if_fail(LTTV_IS_TAB(tab));
	if (end < start) {
		LttvTime t = start;

		start = end;
		end = t;
	}
	start = clamp_time(tab, start);
	end = clamp_time(tab, end);
	if (start == tab->sel_start && end == tab->sel_end)
		return;
	g_object_freeze_notify(G_OBJECT(tab));
	tab->sel_start = start;
	tab->sel_end = end;
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_SELECTION_START]);
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_SELECTION_END]);
	g_object_thaw_notify(G_OBJECT(tab));
}

void lttv_tab_clear_selection(LttvTab *tab)
{
	if (tab->sel_start == LTTV_TIME_MIN)
		return;
	tab->sel_start = tab->sel_end = LTTV_TIME_MIN;
	g_object_freeze_notify(G_OBJECT(tab));
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_SELECTION_START]);
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_SELECTION_END]);
	g_object_thaw_notify(G_OBJECT(tab));
}

const char *lttv_tab_get_filter(LttvTab *tab)
{
	return tab->filter;
}

void lttv_tab_set_filter(LttvTab *tab, const char *filter)
{
	g_return_if_fail(LTTV_IS_TAB(tab));
	if (filter && !*filter)
		filter = NULL;
	if (g_strcmp0(filter, tab->filter) == 0)
		return;
	g_free(tab->filter);
	tab->filter = g_strdup(filter);
	g_object_notify_by_pspec(G_OBJECT(tab), props[PROP_FILTER]);
}
