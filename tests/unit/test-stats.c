/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The statistics over a range (lttv/stats.h) on real traces: totals that
 * add up, events counted where a plain iteration with the history's
 * lookups puts them, names counted as babeltrace2 counts them, ranges
 * split exactly, the filter, progress and cancellation. */
#include "lttv/event.h"
#include "lttv/filter.h"
#include "lttv/history.h"
#include "lttv/stats.h"
#include "lttv/traceset.h"
#include "shared-traces.h"
#include "tmpdir.h"

#include <stdio.h>
#include <string.h>

static const char *const kernel_traces[] = {
        "tracecompass/many-threads",
        "alireza-ezaz/trace-analysis-kernel",
        "tracecompass/bug446190",
};

typedef struct {
	LttvTraceset *ts;
	LttvHistory *h;
} Opened;

static void opened_clear(Opened *o)
{
	g_clear_pointer(&o->h, lttv_history_free);
	g_clear_pointer(&o->ts, lttv_traceset_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Opened, opened_clear)

static void open_with_history(const char *rel, Opened *o)
{
	g_autoptr(GError) error = NULL;

	o->ts = open_ok(rel);
	o->h = lttv_history_open(o->ts, NULL, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(o->h);
}

static LttvStats *compute(Opened *o, LttvTime t0, LttvTime t1, LttvFilter *f)
{
	g_autoptr(GError) error = NULL;
	LttvStats *s = lttv_stats_compute(o->ts, o->h, t0, t1, f, NULL, NULL, NULL, &error);

	g_assert_no_error(error);
	g_assert_nonnull(s);
	return s;
}

/* --- every node adds up --- */

static guint64 leaf_events(const LttvStatsNode *n)
{
	guint64 sum = 0;

	if (n->kind == LTTV_STATS_EVENT_TYPE)
		return n->events;
	for (guint i = 0; i < n->n_children; i++)
		sum += leaf_events(n->children[i]);
	return sum;
}

static void check_sums(const LttvStatsNode *n, LttvTime len)
{
	guint64 events = 0;
	LttvTime cpu = 0, elapsed = 0;

	g_assert_true(n->share == (len > 0 ? (double)n->cpu_time / (double)len : 0));
	for (guint i = 0; i < n->n_children; i++) {
		const LttvStatsNode *c = n->children[i];

		g_assert_true(c->parent == n);
		check_sums(c, len);
		events += c->events;
		if (n->kind != LTTV_STATS_CPU ||
		    (c->id != LTTV_CPU_IDLE && c->id != LTTV_CPU_UNKNOWN))
			cpu += c->cpu_time;
		elapsed += c->elapsed;
	}
	switch (n->kind) {
	case LTTV_STATS_TRACE:
		/* each event once per view of it: CPUs, threads, names */
		for (guint i = 0; i < n->n_children; i++)
			g_assert_cmpuint(n->children[i]->events, ==, n->events);
		g_assert_cmpuint(n->n_children, ==, 3);
		g_assert_cmpint(n->cpu_time, ==, n->children[0]->cpu_time);
		break;
	case LTTV_STATS_CPU:
		/* a CPU's modes cover the range */
		g_assert_cmpint(elapsed, ==, len);
		g_assert_cmpint(n->elapsed, ==, len);
		g_assert_cmpint(n->cpu_time, ==, cpu);
		g_assert_cmpuint(n->events, ==, events);
		break;
	case LTTV_STATS_THREAD:
		g_assert_cmpint(n->cpu_time, ==, cpu);
		g_assert_cmpint(n->cpu_time, ==,
		                n->status_time[LTTV_STATUS_RUN] + n->status_time[LTTV_STATUS_EXIT]);
		g_assert_cmpint(n->elapsed, ==,
		                n->cpu_time + n->status_time[LTTV_STATUS_WAIT] +
		                        n->status_time[LTTV_STATUS_WAIT_CPU]);
		g_assert_cmpint(n->cpu_time, <=, len);
		g_assert_cmpuint(n->events, ==, events);
		break;
	case LTTV_STATS_MODE:
	case LTTV_STATS_SUBMODE:
		/* a mode's own time (no sub-mode) comes on top of its children's */
		g_assert_cmpint(n->cpu_time, >=, cpu);
		g_assert_cmpint(n->elapsed, >=, n->cpu_time);
		g_assert_cmpuint(n->events, ==, events);
		break;
	case LTTV_STATS_CPU_MODE:
		g_assert_cmpint(n->cpu_time, ==, n->elapsed);
		g_assert_cmpint(n->cpu_time, <=, len);
		g_assert_cmpuint(n->events, ==, events);
		break;
	case LTTV_STATS_EVENT_TYPE:
		g_assert_cmpuint(n->n_children, ==, 0);
		g_assert_cmpuint(n->events, >, 0);
		break;
	default:
		g_assert_cmpuint(n->events, ==, events);
		g_assert_cmpint(n->cpu_time, ==, cpu);
		g_assert_cmpint(n->elapsed, ==, elapsed);
	}
	if (n->kind != LTTV_STATS_ROOT && n->kind != LTTV_STATS_TRACE)
		g_assert_cmpuint(leaf_events(n), ==, n->events);
}

/* Events where a plain iteration puts them: per CPU, per thread (by
 * lttv_history_event_thread) and per thread and mode (the thread's row
 * just before the event). */
static void check_attribution(Opened *o, const LttvStatsNode *trace)
{
	const LttvStatsNode *cpus = lttv_stats_child(trace, LTTV_STATS_CPUS, 0);
	const LttvStatsNode *procs = lttv_stats_child(trace, LTTV_STATS_PROCESSES, 0);
	guint n_threads = lttv_history_n_threads(o->h, 0);
	g_autofree guint64 *per_thread = g_new0(guint64, n_threads + 1);
	g_autofree guint64 *per_mode = g_new0(guint64, (n_threads + 1) * LTTV_MODE_COUNT);
	g_autoptr(GHashTable) per_cpu = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	g_autoptr(LttvIter) it = lttv_iter_new(o->ts);
	g_autoptr(GError) error = NULL;
	const LttvItem *item;
	guint64 n = 0;

	while ((item = lttv_iter_next(it, &error))) {
		guint index = n_threads, mode = LTTV_MODE_UNKNOWN;
		int64_t cpu = lttv_event_cpu(item->event);
		guint64 *c;

		if (item->kind != LTTV_ITEM_EVENT)
			continue;
		n++;
		c = g_hash_table_lookup(per_cpu, GINT_TO_POINTER((gint)cpu));
		if (!c) {
			c = g_new0(guint64, 1);
			g_hash_table_insert(per_cpu, GINT_TO_POINTER((gint)cpu), c);
		}
		(*c)++;
		if (lttv_history_event_thread(o->h, item->event, NULL, &index)) {
			LttvHistoryThread th;
			const LttvTime *starts;
			const uint32_t *values;
			gsize nv;
			gssize i;

			lttv_history_thread(o->h, 0, index, &th);
			lttv_history_row_data(o->h, 0, th.row, &starts, &values, &nv);
			i = lttv_history_index_at(o->h, 0, th.row, item->time);
			while (i > 0 && starts[i] == item->time)
				i--;
			if (i >= 0)
				mode = LTTV_THREAD_MODE(values[i]);
		}
		per_thread[index]++;
		per_mode[index * LTTV_MODE_COUNT + mode]++;
	}
	g_assert_no_error(error);
	g_assert_cmpuint(trace->events, ==, n);
	for (guint i = 0; i < cpus->n_children; i++) {
		const LttvStatsNode *c = cpus->children[i];
		guint64 *want = g_hash_table_lookup(per_cpu, GINT_TO_POINTER((gint)c->id));

		g_assert_cmpuint(c->events, ==, want ? *want : 0);
	}
	for (guint i = 0; i <= n_threads; i++) {
		const LttvStatsNode *t =
		        lttv_stats_child(procs, LTTV_STATS_THREAD, i < n_threads ? (int64_t)i : -1);

		g_assert_cmpuint(t ? t->events : 0, ==, per_thread[i]);
		for (guint m = 0; m < LTTV_MODE_COUNT; m++) {
			const LttvStatsNode *mn = lttv_stats_child(t, LTTV_STATS_MODE, m);

			g_assert_cmpuint(mn ? mn->events : 0, ==,
			                 per_mode[i * LTTV_MODE_COUNT + m]);
		}
	}
}

static void test_totals(void)
{
	for (gsize k = 0; k < G_N_ELEMENTS(kernel_traces); k++) {
		g_auto(Opened) o = {0};
		g_autoptr(LttvStats) s = NULL;
		const LttvStatsNode *root;
		LttvTime len;

		open_with_history(kernel_traces[k], &o);
		s = compute(&o, LTTV_TIME_MIN, LTTV_TIME_MAX, NULL);
		root = lttv_stats_root(s);
		len = lttv_stats_end(s) - lttv_stats_begin(s);
		g_assert_cmpint(lttv_stats_begin(s), ==, lttv_history_begin(o.h));
		g_assert_cmpint(lttv_stats_end(s), ==, lttv_history_end(o.h));
		g_assert_false(lttv_stats_partial(s));
		g_assert_null(lttv_stats_filter(s));
		g_assert_cmpuint(root->n_children, ==, 1);
		check_sums(root, len);
		check_attribution(&o, root->children[0]);
		/* kernel traces: threads with names, system calls with names */
		g_assert_nonnull(lttv_stats_child_named(
		        lttv_stats_child(root->children[0], LTTV_STATS_PROCESSES, 0),
		        LTTV_STATS_THREAD, "swapper/0"));
	}
}

/* --- user space: events under the threads their owner lookup gives --- */

static void check_user_space(const char *rel)
{
	g_auto(Opened) o = {0};
	g_autoptr(LttvStats) s = NULL;
	g_autoptr(LttvIter) it = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) want =
	        g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	const LttvStatsNode *trace, *procs;
	const LttvItem *item;
	guint64 n = 0, seen = 0;

	open_with_history(rel, &o);
	g_assert_cmpuint(lttv_history_n_threads(o.h, 0), ==, 0);
	it = lttv_iter_new(o.ts);
	while ((item = lttv_iter_next(it, &error))) {
		LttvHistoryThread th;
		guint64 *c;

		if (item->kind != LTTV_ITEM_EVENT)
			continue;
		n++;
		g_assert_true(lttv_history_event_owner(o.h, item->event, &th));
		c = g_hash_table_lookup(want, &th.tid);
		if (!c) {
			c = g_new0(guint64, 1);
			g_hash_table_insert(want, g_memdup2(&th.tid, sizeof th.tid), c);
		}
		(*c)++;
	}
	g_assert_no_error(error);
	s = compute(&o, LTTV_TIME_MIN, LTTV_TIME_MAX, NULL);
	check_sums(lttv_stats_root(s), lttv_stats_end(s) - lttv_stats_begin(s));
	trace = lttv_stats_root(s)->children[0];
	procs = lttv_stats_child(trace, LTTV_STATS_PROCESSES, 0);
	g_assert_cmpuint(trace->events, ==, n);
	/* one node per thread, its events all in user mode, none unknown */
	g_assert_null(lttv_stats_child(procs, LTTV_STATS_THREAD, -1));
	g_assert_cmpuint(procs->n_children, ==, g_hash_table_size(want));
	for (guint i = 0; i < procs->n_children; i++) {
		const LttvStatsNode *t = procs->children[i];
		const guint64 *c = g_hash_table_lookup(want, &t->tid);
		const LttvStatsNode *user = lttv_stats_child(t, LTTV_STATS_MODE, LTTV_MODE_USER);

		g_assert_cmpint(t->tid, >, 0);
		g_assert_cmpint(t->id, ==, -2 - t->tid);
		g_assert_true(lttv_stats_child(procs, LTTV_STATS_THREAD, t->id) == t);
		g_assert_nonnull(c);
		g_assert_cmpuint(t->events, ==, *c);
		g_assert_nonnull(user);
		g_assert_cmpuint(user->events, ==, t->events);
		g_assert_cmpint(t->cpu_time, ==, 0);
		seen += t->events;
	}
	g_assert_cmpuint(seen, ==, n);
	g_test_message("%s: %u threads", rel, procs->n_children);
	/* a state.* filter on user-space events: the owner the filter sees
	 * is the one the events count under */
	{
		const LttvStatsNode *first = procs->children[0];
		g_autofree char *expr = g_strdup_printf("state.process.tid == %" G_GINT64_FORMAT,
		                                        first->tid);
		g_autoptr(LttvFilter) f = lttv_filter_new(expr, 0, NULL, &error);
		g_autoptr(LttvStats) fs = NULL;
		const LttvStatsNode *fprocs;

		g_assert_no_error(error);
		fs = compute(&o, LTTV_TIME_MIN, LTTV_TIME_MAX, f);
		fprocs = lttv_stats_child(lttv_stats_root(fs)->children[0], LTTV_STATS_PROCESSES, 0);
		g_assert_cmpuint(fprocs->n_children, ==, 1);
		g_assert_cmpint(fprocs->children[0]->tid, ==, first->tid);
		g_assert_cmpuint(fprocs->children[0]->events, ==, first->events);
		g_assert_cmpuint(lttv_stats_root(fs)->events, ==, first->events);
	}
}

static void test_user_space(void)
{
	check_user_space("tracecompass/context-switches-ust");
	check_user_space("tracecompass/ros2");
}

/* --- names as babeltrace2 counts them --- */

static GHashTable *expected_counts(const char *rel)
{
	/* "a/b" -> expected/a__b.counts */
	g_auto(GStrv) parts = g_strsplit(rel, "/", -1);
	g_autofree char *joined = g_strjoinv("__", parts);
	g_autofree char *file = g_strdup_printf("expected/%s.counts", joined);
	g_autofree char *path = trace_path(file);
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;
	GHashTable *counts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i]; i++) {
		char *sp = strchr(lines[i], ' ');

		if (!sp)
			continue;
		*sp = '\0';
		g_hash_table_insert(counts, g_strdup(sp + 1),
		                    GSIZE_TO_POINTER(g_ascii_strtoull(lines[i], NULL, 10)));
	}
	return counts;
}

static void check_counts(const char *rel)
{
	g_auto(Opened) o = {0};
	g_autoptr(LttvStats) s = NULL;
	g_autoptr(GHashTable) want = expected_counts(rel);
	g_autoptr(GHashTable) got = g_hash_table_new(g_str_hash, g_str_equal);
	const LttvStatsNode *root;
	GHashTableIter it;
	gpointer k, v;

	open_with_history(rel, &o);
	s = compute(&o, LTTV_TIME_MIN, LTTV_TIME_MAX, NULL);
	root = lttv_stats_root(s);
	for (guint t = 0; t < root->n_children; t++) {
		const LttvStatsNode *types =
		        lttv_stats_child(root->children[t], LTTV_STATS_EVENT_TYPES, 0);

		for (guint i = 0; i < types->n_children; i++) {
			const LttvStatsNode *e = types->children[i];
			gsize before = GPOINTER_TO_SIZE(g_hash_table_lookup(got, e->name));

			g_hash_table_insert(got, (gpointer)e->name,
			                    GSIZE_TO_POINTER(before + e->events));
		}
	}
	g_assert_cmpuint(g_hash_table_size(got), ==, g_hash_table_size(want));
	g_hash_table_iter_init(&it, want);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_assert_cmpuint(GPOINTER_TO_SIZE(g_hash_table_lookup(got, k)), ==,
		                 GPOINTER_TO_SIZE(v));
}

static void test_counts(void)
{
	for (gsize k = 0; k < G_N_ELEMENTS(kernel_traces); k++)
		check_counts(kernel_traces[k]);
	/* two traces, kernel and user space */
	check_counts("babeltrace/succeed/multi-domains");
}

/* --- a range split in two adds up exactly --- */

static void check_split(const LttvStatsNode *w, const LttvStatsNode *a, const LttvStatsNode *b)
{
	g_assert_cmpuint((a ? a->events : 0) + (b ? b->events : 0), ==, w->events);
	g_assert_cmpint((a ? a->cpu_time : 0) + (b ? b->cpu_time : 0), ==, w->cpu_time);
	g_assert_cmpint((a ? a->elapsed : 0) + (b ? b->elapsed : 0), ==, w->elapsed);
	for (int st = 0; st < LTTV_STATUS_COUNT; st++)
		g_assert_cmpint((a ? a->status_time[st] : 0) + (b ? b->status_time[st] : 0), ==,
		                w->status_time[st]);
	for (guint i = 0; i < w->n_children; i++) {
		const LttvStatsNode *c = w->children[i];

		check_split(c, lttv_stats_child(a, c->kind, c->id),
		            lttv_stats_child(b, c->kind, c->id));
	}
	/* nothing in a half that the whole lacks */
	for (guint i = 0; a && i < a->n_children; i++)
		g_assert_nonnull(lttv_stats_child(w, a->children[i]->kind, a->children[i]->id));
	for (guint i = 0; b && i < b->n_children; i++)
		g_assert_nonnull(lttv_stats_child(w, b->children[i]->kind, b->children[i]->id));
}

static void test_split(void)
{
	/* the kernel traces, and a user-space one (threads by owner) */
	static const char *const traces[] = {
	        "tracecompass/many-threads",
	        "alireza-ezaz/trace-analysis-kernel",
	        "tracecompass/bug446190",
	        "tracecompass/context-switches-ust",
	};

	for (gsize k = 0; k < G_N_ELEMENTS(traces); k++) {
		g_auto(Opened) o = {0};
		g_autoptr(LttvStats) whole = NULL, a = NULL, b = NULL, c = NULL;
		g_autoptr(LttvIter) it = NULL;
		g_autoptr(GError) error = NULL;
		const LttvItem *item;
		LttvTime m = 0;
		guint64 n = 0, at_m = 0;

		open_with_history(traces[k], &o);
		whole = compute(&o, LTTV_TIME_MIN, LTTV_TIME_MAX, NULL);
		/* at the time of an event in the middle, so that the events at
		 * that time must go to exactly one half */
		it = lttv_iter_new(o.ts);
		while ((item = lttv_iter_next(it, &error)))
			if (item->kind == LTTV_ITEM_EVENT &&
			    ++n == lttv_stats_root(whole)->events / 2)
				m = item->time;
		g_assert_no_error(error);
		g_assert_cmpint(m, >, 0);
		a = compute(&o, LTTV_TIME_MIN, m, NULL);
		b = compute(&o, m, LTTV_TIME_MAX, NULL);
		g_assert_cmpint(lttv_stats_end(a), ==, m);
		g_assert_cmpint(lttv_stats_begin(b), ==, m);
		check_split(lttv_stats_root(whole), lttv_stats_root(a), lttv_stats_root(b));
		check_sums(lttv_stats_root(a), m - lttv_stats_begin(a));
		check_sums(lttv_stats_root(b), lttv_stats_end(b) - m);
		/* the last events count when the range reaches the end */
		c = compute(&o, lttv_history_end(o.h), lttv_history_end(o.h) + 1, NULL);
		lttv_iter_free(g_steal_pointer(&it));
		it = lttv_iter_new(o.ts);
		while ((item = lttv_iter_next(it, &error)))
			at_m += item->kind == LTTV_ITEM_EVENT &&
			        item->time == lttv_history_end(o.h);
		g_assert_cmpuint(at_m, >, 0);
		g_assert_cmpuint(lttv_stats_root(c)->events, ==, at_m);
	}
}

/* --- the filter restricts events, not times --- */

static void test_filter(void)
{
	g_auto(Opened) o = {0};
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvFilter) by_name = NULL, by_thread = NULL;
	g_autoptr(LttvStats) all = NULL, sw = NULL, th = NULL;
	g_autoptr(GHashTable) want = expected_counts("tracecompass/many-threads");
	g_autofree char *expr = NULL;
	const LttvStatsNode *trace, *procs, *top = NULL, *types;
	guint64 n = 0;

	open_with_history("tracecompass/many-threads", &o);
	all = compute(&o, LTTV_TIME_MIN, LTTV_TIME_MAX, NULL);
	by_name = lttv_filter_new("event.name == \"sched_switch\"", 0, NULL, &error);
	g_assert_no_error(error);
	sw = compute(&o, LTTV_TIME_MIN, LTTV_TIME_MAX, by_name);
	g_assert_cmpstr(lttv_stats_filter(sw), ==, "event.name == \"sched_switch\"");
	trace = lttv_stats_root(sw)->children[0];
	g_assert_cmpuint(trace->events, ==,
	                 GPOINTER_TO_SIZE(g_hash_table_lookup(want, "sched_switch")));
	types = lttv_stats_child(trace, LTTV_STATS_EVENT_TYPES, 0);
	g_assert_cmpuint(types->n_children, ==, 1);
	g_assert_cmpstr(types->children[0]->name, ==, "sched_switch");
	check_sums(lttv_stats_root(sw), lttv_stats_end(sw) - lttv_stats_begin(sw));
	/* times are the history's, filter or not */
	g_assert_cmpint(trace->cpu_time, ==, lttv_stats_root(all)->children[0]->cpu_time);
	g_assert_cmpint(lttv_stats_child(trace, LTTV_STATS_PROCESSES, 0)->elapsed, ==,
	                lttv_stats_child(lttv_stats_root(all)->children[0], LTTV_STATS_PROCESSES, 0)
	                        ->elapsed);

	/* a state.* filter: the events of the busiest named thread, and
	 * only under threads of that name */
	procs = lttv_stats_child(lttv_stats_root(all)->children[0], LTTV_STATS_PROCESSES, 0);
	for (guint i = 0; i < procs->n_children && !top; i++)
		if (procs->children[i]->tid > 0 && procs->children[i]->name[0])
			top = procs->children[i];
	g_assert_nonnull(top);
	expr = g_strdup_printf("state.process.name == \"%s\"", top->name);
	by_thread = lttv_filter_new(expr, 0, NULL, &error);
	g_assert_no_error(error);
	th = compute(&o, LTTV_TIME_MIN, LTTV_TIME_MAX, by_thread);
	procs = lttv_stats_child(lttv_stats_root(th)->children[0], LTTV_STATS_PROCESSES, 0);
	for (guint i = 0; i < procs->n_children; i++) {
		if (procs->children[i]->events)
			g_assert_cmpstr(procs->children[i]->name, ==, top->name);
		n += procs->children[i]->events;
	}
	g_assert_cmpuint(n, >=, top->events);
	g_assert_cmpuint(n, <, lttv_stats_root(all)->events);
	{
		/* as many as the filter selects in a plain iteration */
		g_autoptr(LttvIter) it = lttv_iter_new(o.ts);
		const LttvItem *item;
		guint64 matched = 0;

		while ((item = lttv_iter_next(it, &error)))
			matched += item->kind == LTTV_ITEM_EVENT &&
			           lttv_filter_match(by_thread, item->event,
			                             lttv_filter_process_from_history, o.h);
		g_assert_no_error(error);
		g_assert_cmpuint(matched, ==, n);
	}
}

/* --- progress, cancellation, misuse --- */

typedef struct {
	double last;
	guint calls;
	GCancellable *cancel_at_first;
} Progress;

static void on_progress(double done, gpointer data)
{
	Progress *p = data;

	g_assert_cmpfloat(done, >=, p->last);
	g_assert_cmpfloat(done, <=, 1.0);
	p->last = done;
	p->calls++;
	if (p->cancel_at_first)
		g_cancellable_cancel(p->cancel_at_first);
}

static void test_progress_and_cancel(void)
{
	g_auto(Opened) o = {0};
	g_auto(Opened) other = {0};
	g_autoptr(GCancellable) cancel = g_cancellable_new();
	g_autoptr(GCancellable) before = g_cancellable_new();
	g_autoptr(GError) error = NULL;
	LttvStats *s;
	Progress p = {0};

	open_with_history("tracecompass/many-threads", &o);
	s = lttv_stats_compute(o.ts, o.h, LTTV_TIME_MIN, LTTV_TIME_MAX, NULL, on_progress, &p,
	                       cancel, &error);
	g_assert_no_error(error);
	g_assert_nonnull(s);
	lttv_stats_free(s);
	g_assert_cmpuint(p.calls, >=, 3); /* 240644 events: every 65536, and the end */
	g_assert_cmpfloat(p.last, ==, 1.0);

	/* cancelled while reading */
	p = (Progress){0, 0, cancel};
	s = lttv_stats_compute(o.ts, o.h, LTTV_TIME_MIN, LTTV_TIME_MAX, NULL, on_progress, &p,
	                       cancel, &error);
	g_assert_null(s);
	g_assert_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
	g_assert_cmpuint(p.calls, ==, 1);
	g_clear_error(&error);

	/* cancelled before */
	g_cancellable_cancel(before);
	s = lttv_stats_compute(o.ts, o.h, LTTV_TIME_MIN, LTTV_TIME_MAX, NULL, NULL, NULL, before,
	                       &error);
	g_assert_null(s);
	g_assert_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
	g_clear_error(&error);

	/* a history of other traces */
	open_with_history("babeltrace/succeed/multi-domains", &other);
	s = lttv_stats_compute(other.ts, o.h, LTTV_TIME_MIN, LTTV_TIME_MAX, NULL, NULL, NULL, NULL,
	                       &error);
	g_assert_null(s);
	g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* an empty range, and one past the end */
static void test_empty_ranges(void)
{
	g_auto(Opened) o = {0};
	g_autoptr(LttvStats) a = NULL, b = NULL;
	LttvTime mid;

	open_with_history("alireza-ezaz/trace-analysis-kernel", &o);
	mid = lttv_history_begin(o.h) + (lttv_history_end(o.h) - lttv_history_begin(o.h)) / 2;
	a = compute(&o, mid, mid, NULL);
	b = compute(&o, lttv_history_end(o.h) + 10, LTTV_TIME_MAX, NULL);
	g_assert_cmpuint(lttv_stats_root(a)->events, ==, 0);
	g_assert_cmpint(lttv_stats_root(a)->cpu_time, ==, 0);
	g_assert_cmpuint(lttv_stats_root(b)->events, ==, 0);
	g_assert_cmpint(lttv_stats_end(b), ==, lttv_stats_begin(b));
	check_sums(lttv_stats_root(a), 0);
	check_sums(lttv_stats_root(b), 0);
}

/* The events are counted on every processor, in runs of packets (each
 * worker's cursors going back in time from one run to its next), the
 * workers' counts added up at the end: the same results with a packet
 * per run. */
static void test_many_runs(void)
{
	g_setenv("LTTV_STATS_RUN_BYTES", "1", TRUE);
	test_counts();
	test_user_space();
	test_split();
	test_filter();
	g_unsetenv("LTTV_STATS_RUN_BYTES");
}

int main(int argc, char **argv)
{
	g_autofree char *cache = g_dir_make_tmp("lttv-stats-XXXXXX", NULL);
	int rc;

	/* our own cache folder, before GLib reads XDG_CACHE_HOME */
	g_assert_nonnull(cache);
	g_setenv("XDG_CACHE_HOME", cache, TRUE);
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/stats/totals", test_totals);
	g_test_add_func("/stats/counts", test_counts);
	g_test_add_func("/stats/user-space", test_user_space);
	g_test_add_func("/stats/split", test_split);
	g_test_add_func("/stats/filter", test_filter);
	g_test_add_func("/stats/progress-and-cancel", test_progress_and_cancel);
	g_test_add_func("/stats/empty-ranges", test_empty_ranges);
	g_test_add_func("/stats/many-runs", test_many_runs);
	rc = g_test_run();
	rm_rf(cache);
	return rc;
}
