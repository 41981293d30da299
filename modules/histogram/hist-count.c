/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Counting events per pixel column: one pass over the events of the
 * window in time order, headers only (no payload is decoded unless the
 * filter reads fields), the column advanced as the time passes its end. */
#include "hist.h"

#include <string.h>

/* --- what is counted --- */

struct HistMatcher {
	char *event;       /* NULL: every event */
	GPtrArray *tables; /* per trace: GByteArray, 1 for the classes named `event` */
	LttvFilter *filter;
	const LttvHistory *history;
	/* the last class seen and whether it is counted: events of one class
	 * often follow each other */
	const LttvEventClass *last_class;
	gboolean last_ok;
};

HistMatcher *hist_matcher_new(LttvTraceset *ts, const char *event, const char *filter,
                              LttvTime origin, GError **error)
{
	g_autoptr(HistMatcher) m = g_new0(HistMatcher, 1);

	if (filter && *filter) {
		m->filter = lttv_filter_new(filter, origin, NULL, error);
		if (!m->filter)
			return NULL;
	}
	if (!event)
		return g_steal_pointer(&m);
	m->event = g_strdup(event);
	m->tables = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
	for (guint i = 0; i < lttv_traceset_n_traces(ts); i++) {
		LttvTrace *t = lttv_traceset_trace(ts, i);
		guint n = lttv_trace_n_event_classes(t);
		GByteArray *table = g_byte_array_sized_new(n);

		g_byte_array_set_size(table, n);
		for (guint k = 0; k < n; k++) {
			LttvEventClass *ec = lttv_trace_event_class(t, k);

			table->data[lttv_event_class_index(ec)] =
			        g_strcmp0(lttv_event_class_name(ec), event) == 0;
		}
		g_ptr_array_add(m->tables, table);
	}
	return g_steal_pointer(&m);
}

void hist_matcher_free(HistMatcher *m)
{
	if (!m)
		return;
	g_free(m->event);
	g_clear_pointer(&m->tables, g_ptr_array_unref);
	g_clear_pointer(&m->filter, lttv_filter_free);
	g_free(m);
}

gboolean hist_matcher_needs_state(const HistMatcher *m)
{
	return m->filter && lttv_filter_needs_state(m->filter);
}

void hist_matcher_set_history(HistMatcher *m, const LttvHistory *h)
{
	m->history = h;
}

static gboolean class_counted(HistMatcher *m, const LttvEvent *ev)
{
	const LttvEventClass *ec = lttv_event_event_class(ev);

	if (ec != m->last_class) {
		guint trace = lttv_trace_index(lttv_event_trace(ev));
		guint k = lttv_event_class_index(ec);
		GByteArray *table = trace < m->tables->len ? m->tables->pdata[trace] : NULL;

		m->last_class = ec;
		m->last_ok = table && k < table->len && table->data[k];
	}
	return m->last_ok;
}

static gboolean matches(HistMatcher *m, const LttvEvent *ev)
{
	if (m->event && !class_counted(m, ev))
		return FALSE;
	if (!m->filter)
		return TRUE;
	if (m->history)
		return lttv_filter_match(m->filter, ev, lttv_filter_process_from_history,
		                         (gpointer)m->history);
	return lttv_filter_match(m->filter, ev, NULL, NULL);
}

/* --- counts --- */

typedef struct {
	HistCounts c;
	gint refs;
} CountsBox;

HistCounts *hist_counts_new(LttvTime t0, LttvTime t1, guint cols)
{
	CountsBox *b = g_new0(CountsBox, 1);

	b->refs = 1;
	b->c.t0 = t0;
	b->c.t1 = MAX(t0, t1);
	b->c.cols = MAX(cols, 1);
	b->c.counts = g_new0(guint64, b->c.cols);
	b->c.reached = t0;
	return &b->c;
}

HistCounts *hist_counts_ref(HistCounts *c)
{
	g_atomic_int_inc(&((CountsBox *)c)->refs);
	return c;
}

void hist_counts_unref(HistCounts *c)
{
	if (c && g_atomic_int_dec_and_test(&((CountsBox *)c)->refs)) {
		g_strfreev(c->names);
		g_free(c->counts);
		g_free(c);
	}
}

guint hist_counts_done(const HistCounts *c)
{
	return (guint)g_atomic_int_get(&c->done);
}

double hist_counts_progress(const HistCounts *c)
{
	LttvTime r = __atomic_load_n(&c->reached, __ATOMIC_RELAXED);

	if (hist_counts_done(c) >= c->cols)
		return 1;
	if (c->t1 <= c->t0)
		return 0;
	return CLAMP((double)(r - c->t0) / (double)(c->t1 - c->t0), 0, 1);
}

guint64 hist_counts_max(const HistCounts *c)
{
	guint done = hist_counts_done(c);
	guint64 max = 0;

	for (guint i = 0; i < done; i++)
		max = MAX(max, c->counts[i]);
	return max;
}

/* Events read between two looks at the cancellable (a few ms). */
#define CHECK_EVERY 16384

/* Per-class tallies of the overview's pass: one array per trace, by
 * class index. */
typedef struct {
	const LttvTrace *trace; /* of `row` */
	guint64 *row;
	GPtrArray *rows; /* of guint64 arrays, by trace index */
} ClassTally;

static void tally(ClassTally *t, const LttvEvent *ev)
{
	const LttvTrace *trace = lttv_event_trace(ev);

	if (trace != t->trace) {
		guint i = lttv_trace_index(trace);

		t->trace = trace;
		t->row = i < t->rows->len ? t->rows->pdata[i] : NULL;
	}
	if (t->row)
		t->row[lttv_event_class_index(lttv_event_event_class(ev))]++;
}

static gboolean count_events(LttvTraceset *ts, HistMatcher *m, HistCounts *c, ClassTally *classes,
                             GCancellable *cancel, GError **error)
{
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	const guint cols = c->cols;
	guint64 *counts = c->counts, total = 0, read = 0;
	GError *local = NULL;
	const LttvItem *item;
	guint col = 0;
	LttvTime next =
	        cols > 1 ? lttv_timeline_column_start(c->t0, c->t1, cols, 1) : LTTV_TIME_MAX;

	if (!lttv_iter_seek(it, c->t0, error))
		return FALSE;
	while ((item = lttv_iter_next(it, &local))) {
		LttvTime t = item->time;

		if (item->kind != LTTV_ITEM_EVENT || t < c->t0)
			continue;
		if (t > c->t1)
			break;
		if (t >= next) {
			/* the columns before the one holding t are final */
			while (col + 1 < cols && t >= next) {
				col++;
				next = col + 1 < cols ? lttv_timeline_column_start(c->t0, c->t1,
				                                                   cols, col + 1)
				                      : LTTV_TIME_MAX;
			}
			g_atomic_int_set(&c->done, (gint)col);
		}
		if (!m || matches(m, item->event)) {
			counts[col]++;
			total++;
		}
		if (classes)
			tally(classes, item->event);
		if (++read % CHECK_EVERY == 0) {
			__atomic_store_n(&c->reached, t, __ATOMIC_RELAXED);
			if (g_cancellable_set_error_if_cancelled(cancel, error))
				return FALSE;
		}
	}
	if (local) {
		g_propagate_error(error, local);
		return FALSE;
	}
	if (g_cancellable_set_error_if_cancelled(cancel, error))
		return FALSE;
	c->total = total;
	__atomic_store_n(&c->reached, c->t1, __ATOMIC_RELAXED);
	g_atomic_int_set(&c->done, (gint)cols);
	return TRUE;
}

gboolean hist_count(LttvTraceset *ts, HistMatcher *m, HistCounts *c, GCancellable *cancel,
                    GError **error)
{
	return count_events(ts, m, c, NULL, cancel, error);
}

static int compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the classes of `ts` (those with a count when `counts`,
 * per trace by class index, is not NULL), sorted and unique. */
static char **names_counted(const LttvTraceset *ts, const GPtrArray *counts)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *names = g_ptr_array_new();

	for (guint i = 0; ts && i < lttv_traceset_n_traces(ts); i++) {
		LttvTrace *t = lttv_traceset_trace(ts, i);

		for (guint k = 0; k < lttv_trace_n_event_classes(t); k++) {
			LttvEventClass *ec = lttv_trace_event_class(t, k);
			const char *name = lttv_event_class_name(ec);
			const guint64 *row = counts && i < counts->len ? counts->pdata[i] : NULL;

			if (counts && (!row || row[lttv_event_class_index(ec)] == 0))
				continue;
			if (name && g_hash_table_add(seen, (gpointer)name))
				g_ptr_array_add(names, g_strdup(name));
		}
	}
	g_ptr_array_sort(names, compare_names);
	g_ptr_array_add(names, NULL);
	return (char **)g_ptr_array_free(names, FALSE);
}

char **hist_event_names(const LttvTraceset *ts)
{
	return names_counted(ts, NULL);
}

/* --- settings and the overview kept on the tab --- */

char *hist_traceset_key(LttvTraceset *ts)
{
	GString *key = g_string_new(NULL);

	for (guint i = 0; ts && i < lttv_traceset_n_traces(ts); i++)
		g_string_append_printf(key, "%s\n", lttv_trace_path(lttv_traceset_trace(ts, i)));
	return g_string_free(key, FALSE);
}

gboolean hist_traceset_is(LttvTab *tab, LttvTraceset *ts, const char *key)
{
	g_autofree char *now = NULL;

	if (ts != lttv_tab_get_traceset(tab))
		return FALSE;
	now = hist_traceset_key(ts);
	return g_str_equal(now, key);
}

typedef struct {
	LttvTraceset *ts;
	char *key;
	HistCounts *c;
} OverviewCache;

static void overview_cache_free(gpointer data)
{
	OverviewCache *oc = data;

	hist_counts_unref(oc->c);
	g_free(oc->key);
	g_free(oc);
}

HistCounts *hist_overview_cached(LttvTab *tab)
{
	OverviewCache *oc = g_object_get_data(G_OBJECT(tab), "lttv-histogram-overview");

	return oc && hist_traceset_is(tab, oc->ts, oc->key) ? oc->c : NULL;
}

void hist_overview_store(LttvTab *tab, LttvTraceset *ts, HistCounts *c)
{
	OverviewCache *oc = g_new0(OverviewCache, 1);

	oc->ts = ts;
	oc->key = hist_traceset_key(ts);
	oc->c = hist_counts_ref(c);
	g_object_set_data_full(G_OBJECT(tab), "lttv-histogram-overview", oc, overview_cache_free);
}

/* The last window a widget counted, for export to reuse. */
typedef struct {
	LttvTraceset *ts;
	char *key, *event, *filter;
	HistCounts *c;
} WindowCache;

static void window_cache_free(gpointer data)
{
	WindowCache *wc = data;

	hist_counts_unref(wc->c);
	g_free(wc->key);
	g_free(wc->event);
	g_free(wc->filter);
	g_free(wc);
}

void hist_window_store(LttvTab *tab, HistCounts *c, const char *event, const char *filter)
{
	WindowCache *wc = g_new0(WindowCache, 1);

	wc->ts = lttv_tab_get_traceset(tab);
	wc->key = hist_traceset_key(wc->ts);
	wc->event = g_strdup(event);
	wc->filter = g_strdup(filter);
	wc->c = hist_counts_ref(c);
	g_object_set_data_full(G_OBJECT(tab), "lttv-histogram-window", wc, window_cache_free);
}

HistCounts *hist_window_cached(LttvTab *tab, LttvTime t0, LttvTime t1, guint cols,
                               const char *event, const char *filter)
{
	WindowCache *wc = g_object_get_data(G_OBJECT(tab), "lttv-histogram-window");

	if (!wc || wc->c->t0 != t0 || wc->c->t1 != t1 || wc->c->cols != cols ||
	    hist_counts_done(wc->c) < cols || g_strcmp0(wc->event, event) != 0 ||
	    g_strcmp0(wc->filter, filter) != 0 || !hist_traceset_is(tab, wc->ts, wc->key))
		return NULL;
	return wc->c;
}

const char *hist_tab_event(LttvTab *tab)
{
	const char *e = g_object_get_data(G_OBJECT(tab), HIST_EVENT_KEY);

	return e && *e ? e : NULL;
}

gboolean hist_tab_log(LttvTab *tab)
{
	const char *v = g_object_get_data(G_OBJECT(tab), HIST_LOG_KEY);

	return v && *v && !g_str_equal(v, "0");
}

/* --- the overview --- */

/* Fine bins of the first pass: the packet index's end may lie far past
 * the last event, so the overview's bins are made of whole fine bins
 * once the last event is known. */
#define FINE_BINS 65536

static HistCounts *empty_counts(LttvTime t0, LttvTime t1)
{
	HistCounts *c = hist_counts_new(t0, t1, 1);

	c->reached = c->t1;
	c->done = 1;
	return c;
}

HistCounts *hist_overview_count(LttvTraceset *ts, HistCounts **filling, GCancellable *cancel,
                                GError **error)
{
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(HistCounts) fine = NULL;
	g_autoptr(GPtrArray) rows = NULL;
	ClassTally classes = {0};
	GError *local = NULL;
	const LttvItem *item = NULL;
	LttvTime b0, b1, first;
	int64_t fw;
	guint k, g, nb;
	HistCounts *c;

	if (!lttv_traceset_time_range(ts, &b0, &b1))
		return empty_counts(0, 1);
	if (!lttv_iter_seek(it, b0, error))
		return NULL;
	while ((item = lttv_iter_next(it, &local)) && item->kind != LTTV_ITEM_EVENT)
		;
	if (local) {
		g_propagate_error(error, local);
		return NULL;
	}
	if (!item)
		return empty_counts(b0, b1);
	first = item->time;
	fw = (MAX(b1, first) - first) / FINE_BINS + 1;
	fine = hist_counts_new(first, first + FINE_BINS * fw, FINE_BINS);
	if (filling)
		g_atomic_pointer_set(filling, hist_counts_ref(fine));
	classes.rows = rows = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < lttv_traceset_n_traces(ts); i++)
		g_ptr_array_add(classes.rows, g_new0(guint64, lttv_trace_n_event_classes(
		                                                      lttv_traceset_trace(ts, i))));
	if (!count_events(ts, NULL, fine, &classes, cancel, error))
		return NULL;
	/* bins of g whole fine bins up to the last one counting events */
	for (k = FINE_BINS; k > 1 && fine->counts[k - 1] == 0; k--)
		;
	g = (k + HIST_OVERVIEW_BINS - 1) / HIST_OVERVIEW_BINS;
	nb = (k + g - 1) / g;
	c = hist_counts_new(first, first + (int64_t)nb * g * fw, nb);
	for (guint i = 0; i < k; i++)
		c->counts[i / g] += fine->counts[i];
	c->total = fine->total;
	c->reached = c->t1;
	c->done = (gint)nb;
	c->names = names_counted(ts, classes.rows);
	return c;
}
