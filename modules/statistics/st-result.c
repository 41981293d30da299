/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The statistics of a tab: its inputs (history, range, filter), their
 * computation on a traceset of the caller's own, the last result kept on
 * the tab for export, and the words that describe it. */
#include "st.h"

#include <string.h>

#define CACHE_KEY "lttv-statistics-result"

/* --- inputs --- */

gboolean st_inputs_get(LttvTab *tab, StInputs *in)
{
	LttvHistory *h = lttv_tab_get_history(tab);
	const char *filter = lttv_tab_get_filter(tab);
	LttvTime s0, s1;

	memset(in, 0, sizeof(*in));
	if (!h)
		return FALSE;
	in->history = lttv_history_ref(h);
	in->selection = lttv_tab_get_selection(tab, &s0, &s1) && s1 > s0;
	in->t0 = in->selection ? s0 : LTTV_TIME_MIN;
	in->t1 = in->selection ? s1 : LTTV_TIME_MAX;
	in->filter = filter && filter[0] ? g_strdup(filter) : NULL;
	lttv_tab_get_trace_range(tab, &in->origin, NULL);
	return TRUE;
}

void st_inputs_clear(StInputs *in)
{
	g_clear_pointer(&in->history, lttv_history_free);
	g_clear_pointer(&in->filter, g_free);
}

static void inputs_copy(StInputs *to, const StInputs *from)
{
	*to = *from;
	to->history = lttv_history_ref(from->history);
	to->filter = g_strdup(from->filter);
}

gboolean st_inputs_equal(const StInputs *a, const StInputs *b)
{
	return a->history == b->history && a->t0 == b->t0 && a->t1 == b->t1 &&
	       g_strcmp0(a->filter, b->filter) == 0;
}

/* --- computing --- */

LttvStats *st_compute(LttvTraceset *ts, const StInputs *in, LttvStatsProgressFn progress,
                      gpointer user_data, GCancellable *cancel, GError **error)
{
	g_autoptr(LttvFilter) filter = NULL;

	if (in->filter) {
		filter = lttv_filter_new(in->filter, in->origin, NULL, error);
		if (!filter)
			return NULL;
	}
	return lttv_stats_compute(ts, in->history, in->t0, in->t1, filter, progress, user_data,
	                          cancel, error);
}

LttvTraceset *st_traceset_copy(LttvTab *tab, GError **error)
{
	LttvTraceset *ts = lttv_tab_get_traceset(tab);
	LttvTraceset *copy;

	if (!ts) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No trace is open."));
		return NULL;
	}
	copy = lttv_traceset_new();
	for (guint i = 0; i < lttv_traceset_n_traces(ts); i++)
		if (!lttv_traceset_add_path(copy, lttv_trace_path(lttv_traceset_trace(ts, i)),
		                            error)) {
			lttv_traceset_free(copy);
			return NULL;
		}
	return copy;
}

/* --- results, and the tab's last one --- */

static void result_clear(gpointer data)
{
	StResult *r = data;

	st_inputs_clear(&r->in);
	lttv_stats_free(r->stats);
}

StResult *st_result_new(const StInputs *in, LttvStats *stats)
{
	StResult *r = g_atomic_rc_box_new0(StResult);

	inputs_copy(&r->in, in);
	r->stats = stats;
	return r;
}

StResult *st_result_ref(StResult *r)
{
	return g_atomic_rc_box_acquire(r);
}

void st_result_unref(StResult *r)
{
	if (r)
		g_atomic_rc_box_release_full(r, result_clear);
}

StResult *st_cached(LttvTab *tab, const StInputs *in)
{
	StResult *r = g_object_get_data(G_OBJECT(tab), CACHE_KEY);

	return r && st_inputs_equal(&r->in, in) ? r : NULL;
}

void st_cache_store(LttvTab *tab, StResult *r)
{
	g_object_set_data_full(G_OBJECT(tab), CACHE_KEY, st_result_ref(r),
	                       (GDestroyNotify)st_result_unref);
}

/* The tab's history drops its pages with the last reference: the cache
 * keeps none of a history the tab has let go. */
void st_cache_forget(LttvTab *tab)
{
	StResult *r = g_object_get_data(G_OBJECT(tab), CACHE_KEY);

	if (r && r->in.history != lttv_tab_get_history(tab))
		g_object_set_data(G_OBJECT(tab), CACHE_KEY, NULL);
}

StResult *st_get_sync(LttvTab *tab, GCancellable *cancel, GError **error)
{
	g_auto(StInputs) in = {0};
	g_autoptr(LttvTraceset) ts = NULL;
	StResult *r;
	LttvStats *s;

	/* a partial history will not do for a picture or a file */
	if (!lttv_tab_build_history_sync(tab, error))
		return NULL;
	if (!st_inputs_get(tab, &in)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
		            _("The state history could not be built."));
		return NULL;
	}
	r = st_cached(tab, &in);
	if (r)
		return st_result_ref(r);
	ts = st_traceset_copy(tab, error);
	if (!ts)
		return NULL;
	s = st_compute(ts, &in, NULL, NULL, cancel, error);
	if (!s)
		return NULL;
	r = st_result_new(&in, s);
	st_cache_store(tab, r);
	return r;
}

/* --- text --- */

gboolean st_node_shown(const LttvStatsNode *n)
{
	return n->kind != LTTV_STATS_THREAD || n->events || n->elapsed;
}

char *st_node_label(const LttvStatsNode *n)
{
	switch (n->kind) {
	case LTTV_STATS_ROOT: return g_strdup(_("Traceset"));
	case LTTV_STATS_CPUS: return g_strdup(_("CPUs"));
	case LTTV_STATS_PROCESSES: return g_strdup(_("Processes"));
	case LTTV_STATS_EVENT_TYPES: return g_strdup(_("Event types"));
	case LTTV_STATS_CPU:
		return n->id < 0 ? g_strdup(_("No CPU")) : g_strdup_printf(_("CPU %d"), (int)n->id);
	case LTTV_STATS_THREAD:
		if (n->tid < 0)
			return g_strdup(_("(unknown thread)"));
		return g_strdup_printf("%s (%" G_GINT64_FORMAT ")",
		                       n->name[0] ? n->name : _("(unnamed)"), n->tid);
	case LTTV_STATS_SUBMODE: return g_strdup(n->name[0] ? n->name : "?");
	default: return g_strdup(n->name);
	}
}

char *st_format_time(LttvTime ns, char *buf, size_t len)
{
	if (ns <= 0)
		g_strlcpy(buf, ns == 0 ? "0" : "", len);
	else if (ns >= 1000000000)
		g_snprintf(buf, len, "%.6f s", ns / 1e9);
	else if (ns >= 1000000)
		g_snprintf(buf, len, "%.3f ms", ns / 1e6);
	else if (ns >= 1000)
		g_snprintf(buf, len, "%.3f µs", ns / 1e3);
	else
		g_snprintf(buf, len, "%" G_GINT64_FORMAT " ns", ns);
	return buf;
}

char *st_format_share(double share, char *buf, size_t len)
{
	g_snprintf(buf, len, "%.1f %%", share * 100);
	return buf;
}

char *st_describe(const LttvStats *s, gboolean selection)
{
	const LttvStatsNode *root = lttv_stats_root(s);
	LttvTime b = lttv_stats_begin(s), e = lttv_stats_end(s);
	GString *out = g_string_new(NULL);
	char c0[48], c1[48], d[48], n[32];

	lttv_time_format_clock(b, FALSE, c0, sizeof(c0));
	lttv_time_format_clock(e, FALSE, c1, sizeof(c1));
	lttv_timeline_format_duration(e - b, d, sizeof(d));
	g_string_append_printf(
	        out, selection ? _("Selection %s – %s (%s)") : _("Whole trace %s – %s (%s)"), c0,
	        c1, d);
	g_snprintf(n, sizeof(n), "%" G_GUINT64_FORMAT, root->events);
	g_string_append_printf(out, _(" · %s events"), n);
	if (lttv_stats_filter(s))
		g_string_append_printf(out, _(" · filter: %s"), lttv_stats_filter(s));
	if (lttv_stats_partial(s))
		g_string_append(out, _(" · partial: the state history is still being built"));
	return g_string_free(out, FALSE);
}
