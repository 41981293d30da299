/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The histogram's workers: counts of a window and the overview of the
 * whole trace, each a pass over the events in a GTask thread, on a
 * traceset of the workers' own (the tab's is the main thread's: a worker
 * cannot see it freed when the traceset changes). */
#include "hist.h"

/* --- a traceset (and history) of the workers' own --- */

struct HistSource {
	LttvTraceset *ts;
	LttvHistory *h; /* opened when a filter needs state */
};

static void source_clear(gpointer data)
{
	HistSource *s = data;

	g_clear_pointer(&s->h, lttv_history_free);
	g_clear_pointer(&s->ts, lttv_traceset_free);
}

void hist_source_release(HistSource *s)
{
	if (s)
		g_atomic_rc_box_release_full(s, source_clear);
}

static HistSource *source_open(char **paths, GError **error)
{
	HistSource *s = g_atomic_rc_box_new0(HistSource);

	s->ts = lttv_traceset_new();
	for (guint i = 0; paths[i]; i++)
		if (!lttv_traceset_add_path(s->ts, paths[i], error)) {
			hist_source_release(s);
			return NULL;
		}
	return s;
}

static char **trace_paths(LttvTraceset *ts)
{
	GPtrArray *paths = g_ptr_array_new();

	for (guint i = 0; i < lttv_traceset_n_traces(ts); i++)
		g_ptr_array_add(paths, g_strdup(lttv_trace_path(lttv_traceset_trace(ts, i))));
	g_ptr_array_add(paths, NULL);
	return (char **)g_ptr_array_free(paths, FALSE);
}

/* --- the count of a window --- */

typedef struct {
	HistSource *src; /* a reference; opened by the worker when NULL */
	char **paths;    /* the tab's traces */
	HistCounts *c;   /* a reference */
	char *event, *filter;
	LttvTime origin;
} Job;

static void job_free(gpointer data)
{
	Job *job = data;

	hist_source_release(job->src);
	g_strfreev(job->paths);
	hist_counts_unref(job->c);
	g_free(job->event);
	g_free(job->filter);
	g_free(job);
}

static void job_thread(GTask *task, gpointer obj, gpointer data, GCancellable *cancel)
{
	Job *job = data;
	GError *error = NULL;
	g_autoptr(HistMatcher) m = NULL;
	gint64 start;

	/* kept in the job (read back by hist_count_finish) even when the
	 * count fails or is cancelled: opening is the slow part of a short
	 * count */
	if (!job->src)
		job->src = source_open(job->paths, &error);
	if (!job->src)
		goto fail;
	if (job->event || job->filter) {
		m = hist_matcher_new(job->src->ts, job->event, job->filter, job->origin, &error);
		if (!m)
			goto fail;
		/* the history comes from the cache the tab's build left */
		if (hist_matcher_needs_state(m) && !job->src->h) {
			job->src->h = lttv_history_open(job->src->ts, NULL, NULL, cancel, &error);
			if (!job->src->h)
				goto fail;
		}
		hist_matcher_set_history(m, job->src->h);
	}
	start = g_get_monotonic_time();
	if (!hist_count(job->src->ts, m, job->c, cancel, &error))
		goto fail;
	g_debug("histogram: %" G_GUINT64_FORMAT " events counted in %u columns in %.1f ms",
	        job->c->total, job->c->cols, (g_get_monotonic_time() - start) / 1000.0);
	g_task_return_boolean(task, TRUE);
	return;
fail:
	g_task_return_error(task, error);
}

void hist_count_async(LttvTab *tab, HistSource *src, HistCounts *c, const char *event,
                      const char *filter, gpointer owner, GCancellable *cancel,
                      GAsyncReadyCallback done, gpointer data)
{
	g_autoptr(GTask) task = g_task_new(owner, cancel, done, data);
	Job *job = g_new0(Job, 1);
	LttvTraceset *ts = lttv_tab_get_traceset(tab);

	job->c = hist_counts_ref(c);
	if (src)
		job->src = g_atomic_rc_box_acquire(src);
	else
		job->paths = trace_paths(ts);
	job->event = g_strdup(event);
	job->filter = g_strdup(filter);
	lttv_tab_get_trace_range(tab, &job->origin, NULL);
	g_task_set_task_data(task, job, job_free);
	g_task_run_in_thread(task, job_thread);
}

gboolean hist_count_finish(GAsyncResult *res, HistSource **src, GError **error)
{
	Job *job = g_task_get_task_data(G_TASK(res));

	*src = job->src ? g_atomic_rc_box_acquire(job->src) : NULL;
	return g_task_propagate_boolean(G_TASK(res), error);
}

/* --- the overview: one count per traceset, kept on the tab --- */

typedef struct {
	GWeakRef tab;        /* the job does not keep a closed tab alive */
	LttvTraceset *ts;    /* the tab's (compared, not read) */
	char *key;           /* ...and its key */
	char **paths;        /* its traces */
	HistCounts *filling; /* set by the worker (atomic) */
	GCancellable *cancel;
	char *error; /* why it failed (NULL: it did not) */
} Overview;

#define OVERVIEW_KEY "lttv-histogram-overview-job"

static void overview_clear(gpointer data)
{
	Overview *ov = data;

	g_weak_ref_clear(&ov->tab);
	hist_counts_unref(g_atomic_pointer_get(&ov->filling));
	g_strfreev(ov->paths);
	g_free(ov->key);
	g_object_unref(ov->cancel);
	g_free(ov->error);
}

static void overview_release(gpointer data)
{
	g_atomic_rc_box_release_full(data, overview_clear);
}

/* The tab drops it (another traceset, or the tab goes): stop. */
static void overview_drop(gpointer data)
{
	g_cancellable_cancel(((Overview *)data)->cancel);
	overview_release(data);
}

static void overview_thread(GTask *task, gpointer obj, gpointer data, GCancellable *cancel)
{
	Overview *ov = data;
	GError *error = NULL;
	HistSource *src = source_open(ov->paths, &error);
	HistCounts *c = src ? hist_overview_count(src->ts, &ov->filling, cancel, &error) : NULL;

	hist_source_release(src);
	if (c)
		g_task_return_pointer(task, c, (GDestroyNotify)hist_counts_unref);
	else
		g_task_return_error(task, error);
}

static void overview_done(GObject *obj, GAsyncResult *res, gpointer data)
{
	Overview *ov = g_task_get_task_data(G_TASK(res));
	g_autoptr(LttvTab) tab = g_weak_ref_get(&ov->tab);
	g_autoptr(GError) error = NULL;
	g_autoptr(HistCounts) c = g_task_propagate_pointer(G_TASK(res), &error);

	/* only for the traceset it was counted on, the job still the tab's */
	if (!tab || g_object_get_data(G_OBJECT(tab), OVERVIEW_KEY) != ov ||
	    !hist_traceset_is(tab, ov->ts, ov->key))
		return;
	if (c)
		hist_overview_store(tab, ov->ts, c);
	else if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		ov->error = g_strdup(error->message);
}

HistCounts *hist_overview_for(LttvTab *tab, const char **error)
{
	LttvTraceset *ts = lttv_tab_get_traceset(tab);
	Overview *ov = g_object_get_data(G_OBJECT(tab), OVERVIEW_KEY);
	g_autoptr(GTask) task = NULL;

	*error = NULL;
	if (hist_overview_cached(tab))
		return hist_overview_cached(tab);
	if (!ts || lttv_traceset_n_traces(ts) == 0)
		return NULL;
	if (ov && hist_traceset_is(tab, ov->ts, ov->key)) {
		*error = ov->error;
		return ov->error ? NULL : g_atomic_pointer_get(&ov->filling);
	}
	ov = g_atomic_rc_box_new0(Overview);
	g_weak_ref_init(&ov->tab, tab);
	ov->ts = ts;
	ov->key = hist_traceset_key(ts);
	ov->paths = trace_paths(ts);
	ov->cancel = g_cancellable_new();
	/* replaces (and stops) the count of a previous traceset */
	g_object_set_data_full(G_OBJECT(tab), OVERVIEW_KEY, ov, overview_drop);
	task = g_task_new(NULL, ov->cancel, overview_done, NULL);
	g_task_set_task_data(task, g_atomic_rc_box_acquire(ov), overview_release);
	g_task_run_in_thread(task, overview_thread);
	return NULL;
}

gboolean hist_overview_filling(LttvTab *tab)
{
	Overview *ov = g_object_get_data(G_OBJECT(tab), OVERVIEW_KEY);

	return !hist_overview_cached(tab) && ov && hist_traceset_is(tab, ov->ts, ov->key) &&
	       !ov->error;
}
