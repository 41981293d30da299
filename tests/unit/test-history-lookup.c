/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The history's per-event lookups (the thread an event belongs to, the
 * interval at a time, a CPU's row) against the state engine replayed beside
 * them, and trace ranks in a traceset. */
#include "lttv/event.h"
#include "lttv/history.h"
#include "lttv/state.h"
#include "lttv/traceset.h"
#include "shared-traces.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

static char *cache_dir;

/* Before each event whose CPU saw no other event at the same time, the
 * engine's running thread on that CPU is the event's thread. */
static void check_event_threads(const char *rel, guint64 min_checks)
{
	g_autoptr(LttvTraceset) ts = open_ok(rel);
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvHistory) h = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(LttvState) st = lttv_state_new(ts);
	g_autoptr(GHashTable) last_time =
	        g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	const LttvItem *item;
	guint64 checks = 0, unknown = 0;

	g_assert_no_error(error);
	while ((item = lttv_iter_next(it, &error))) {
		const LttvEvent *ev = item->event;
		int64_t cpu;
		LttvTime *prev;

		if (item->kind != LTTV_ITEM_EVENT) {
			lttv_state_apply(st, item);
			continue;
		}
		cpu = lttv_event_cpu(ev);
		prev = g_hash_table_lookup(last_time, &cpu);
		if (cpu >= 0 && prev && *prev < item->time) {
			guint trace = lttv_trace_index(lttv_event_trace(ev));
			const LttvProcess *p = lttv_state_cpu_running(st, trace, (guint)cpu);
			LttvHistoryThread th;
			guint index;
			gboolean known = lttv_history_event_thread(h, ev, &th, &index);

			if (p) {
				LttvHistoryThread by_index;

				g_assert_true(known);
				g_assert_cmpint(th.tid, ==, lttv_process_tid(p));
				lttv_history_thread(h, trace, index, &by_index);
				g_assert_cmpint(by_index.tid, ==, th.tid);
				g_assert_cmpuint(by_index.row, ==, th.row);
				/* a kernel event's owner is the same thread */
				LttvHistoryThread owner;

				g_assert_true(lttv_history_event_owner(h, ev, &owner));
				g_assert_cmpint(owner.tid, ==, th.tid);
				g_assert_cmpint(owner.pid, ==, th.pid);
				g_assert_cmpuint(owner.row, ==, th.row);
				checks++;
			} else {
				unknown++;
			}
		}
		if (cpu >= 0) {
			if (!prev) {
				prev = g_new(LttvTime, 1);
				g_hash_table_insert(last_time, g_memdup2(&cpu, sizeof cpu), prev);
			}
			*prev = item->time;
		}
		lttv_state_apply(st, item);
	}
	g_assert_no_error(error);
	g_test_message("%s: %" G_GUINT64_FORMAT " events checked, %" G_GUINT64_FORMAT
	               " on CPUs whose thread was unknown",
	               rel, checks, unknown);
	g_assert_cmpuint(checks, >=, min_checks);
}

static void test_event_thread_many_threads(void)
{
	check_event_threads("tracecompass/many-threads", 100000);
}

static void test_event_thread_old_names(void)
{
	check_event_threads("tracecompass/bug446190", 1000);
}

/* The context values of one event, as lttv_event_walk() shows them. */
typedef struct {
	int64_t vtid, vpid;
	char procname[64];
} Contexts;

static void collect_context(const LttvValue *v, gpointer data)
{
	Contexts *c = data;

	if (v->depth != 1 || !v->name)
		return;
	if (!strcmp(v->name, "vtid"))
		c->vtid = v->s;
	else if (!strcmp(v->name, "vpid"))
		c->vpid = v->s;
	else if (!strcmp(v->name, "procname") && v->kind == LTTV_VALUE_STRING)
		g_strlcpy(c->procname, v->str, MIN(sizeof c->procname, v->len + 1));
}

/* A user-space trace alone: each event's owner is what its vtid, vpid and
 * procname contexts say (env vpid when it has no vpid context). */
static void check_owner_contexts(const char *rel, gboolean has_vpid)
{
	g_autoptr(LttvTraceset) ts = open_ok(rel);
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvHistory) h = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	const LttvItem *item;
	guint64 checks = 0;

	g_assert_no_error(error);
	while ((item = lttv_iter_next(it, &error))) {
		Contexts c = {-1, -1, ""};
		LttvHistoryThread o;

		if (item->kind != LTTV_ITEM_EVENT)
			continue;
		lttv_event_walk(item->event, LTTV_SCOPE_COMMON_CONTEXT, collect_context, &c,
		                &error);
		g_assert_no_error(error);
		g_assert_true(lttv_history_event_owner(h, item->event, &o));
		g_assert_cmpint(o.tid, ==, c.vtid);
		g_assert_cmpint(c.vtid, >, 0);
		if (has_vpid)
			g_assert_cmpint(o.pid, ==, c.vpid);
		g_assert_cmpstr(o.name, ==, c.procname);
		g_assert_cmpint(o.ppid, ==, -1);
		g_assert_cmpuint(o.row, ==, G_MAXUINT);
		checks++;
	}
	g_assert_no_error(error);
	g_assert_cmpuint(checks, >, 1000);
}

static void test_owner_contexts(void)
{
	check_owner_contexts("tracecompass/context-switches-ust", FALSE);
	check_owner_contexts("tracecompass/ros2", TRUE);
}

/* index_at() and thread_on_cpu() agree with value_at() and the CPU rows. */
static void test_index_and_cpu_rows(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvHistory) h = lttv_history_open(ts, NULL, NULL, NULL, &error);
	LttvTime t0 = lttv_history_begin(h), t1 = lttv_history_end(h);
	guint cpus = 0;

	g_assert_no_error(error);
	for (guint r = 0; r < lttv_history_n_rows(h, 0); r++) {
		const LttvTime *starts;
		const uint32_t *values;
		gsize n;

		lttv_history_row_data(h, 0, r, &starts, &values, &n);
		if (lttv_history_row_kind(h, 0, r) == LTTV_ROW_CPU) {
			g_assert_cmpint(
			        lttv_history_cpu_row(h, 0, lttv_history_row_entity(h, 0, r)), ==,
			        (gint)r);
			cpus++;
		}
		if (n == 0)
			continue;
		g_assert_cmpint(lttv_history_index_at(h, 0, r, starts[0] - 1), ==, -1);
		g_assert_cmpint(lttv_history_index_at(h, 0, r, LTTV_TIME_MAX), ==, (gssize)n - 1);
		for (int k = 0; k <= 64; k++) {
			LttvTime t = t0 + (t1 - t0) / 64 * k;
			gssize i = lttv_history_index_at(h, 0, r, t);
			guint32 v;

			if (!lttv_history_value_at(h, 0, r, t, &v)) {
				g_assert_cmpint(i, ==, -1);
				continue;
			}
			g_assert_cmpint(i, >=, 0);
			g_assert_cmpuint(values[i], ==, v);
			g_assert_cmpint(starts[i], <=, t);
			g_assert_true((gsize)i + 1 == n || starts[i + 1] > t);
			if (lttv_history_row_kind(h, 0, r) == LTTV_ROW_CPU) {
				LttvHistoryThread th;
				gboolean known = lttv_history_thread_on_cpu(
				        h, 0, lttv_history_row_entity(h, 0, r), t, &th);

				g_assert_cmpint(known, ==,
				                LTTV_CPU_THREAD(v) < lttv_history_n_threads(h, 0));
				if (known) {
					LttvHistoryThread by_index;

					lttv_history_thread(h, 0, LTTV_CPU_THREAD(v), &by_index);
					g_assert_cmpint(th.tid, ==, by_index.tid);
				}
			}
		}
	}
	g_assert_cmpuint(cpus, ==, 8);
	g_assert_cmpint(lttv_history_cpu_row(h, 0, 8), ==, -1);
	g_assert_cmpint(lttv_history_cpu_row(h, 0, -1), ==, -1);
	g_assert_cmpint(lttv_history_cpu_row(h, 5, 0), ==, -1);
}

/* Each trace knows its rank, and events name their trace. */
static void test_trace_index(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("babeltrace/succeed/multi-domains");
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GError) error = NULL;
	const LttvItem *item;
	guint seen = 0;

	g_assert_cmpuint(lttv_traceset_n_traces(ts), >=, 2);
	for (guint i = 0; i < lttv_traceset_n_traces(ts); i++)
		g_assert_cmpuint(lttv_trace_index(lttv_traceset_trace(ts, i)), ==, i);
	while ((item = lttv_iter_next(it, &error)))
		if (item->kind == LTTV_ITEM_EVENT) {
			LttvTrace *t = lttv_event_trace(item->event);

			g_assert_true(lttv_traceset_trace(ts, lttv_trace_index(t)) == t);
			seen |= 1u << MIN(lttv_trace_index(t), 31u);
		}
	g_assert_no_error(error);
	g_assert_cmpuint(seen & 3, ==, 3);
}

int main(int argc, char **argv)
{
	int rc;

	cache_dir = g_dir_make_tmp("lttv-history-lookup-XXXXXX", NULL);
	g_assert_nonnull(cache_dir);
	g_setenv("XDG_CACHE_HOME", cache_dir, TRUE);
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/history-lookup/event-thread", test_event_thread_many_threads);
	g_test_add_func("/history-lookup/event-thread-old-names", test_event_thread_old_names);
	g_test_add_func("/history-lookup/index-and-cpu-rows", test_index_and_cpu_rows);
	g_test_add_func("/history-lookup/owner-contexts", test_owner_contexts);
	g_test_add_func("/history-lookup/trace-index", test_trace_index);
	rc = g_test_run();
	{
		g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", cache_dir);

		if (system(cmd) != 0)
			rc = 1;
	}
	return rc;
}
