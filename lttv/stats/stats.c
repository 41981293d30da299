/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Statistics over a range (lttv/stats.h): the set-up of each trace's
 * CPUs, threads and event names, then the times from the history, one
 * pass over the events, and the sums. */
#include "stats/stats-internal.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static void setup_names(StatsTrace *tr, LttvTrace *trace)
{
	tr->n_classes = lttv_trace_n_event_classes(trace);
	tr->slot_of_class = g_new(guint32, MAX(tr->n_classes, 1));
	tr->slot_names = g_ptr_array_new();
	tr->slots = g_hash_table_new(g_str_hash, g_str_equal);
	tr->slot_counts = g_array_new(FALSE, TRUE, sizeof(guint64));
	for (guint i = 0; i < tr->n_classes; i++) {
		const char *name = lttv_event_class_name(lttv_trace_event_class(trace, i));
		gpointer slot = g_hash_table_lookup(tr->slots, name);

		if (!slot) {
			g_ptr_array_add(tr->slot_names, (gpointer)name);
			g_array_set_size(tr->slot_counts, tr->slot_names->len);
			slot = GUINT_TO_POINTER(tr->slot_names->len);
			g_hash_table_insert(tr->slots, (gpointer)name, slot);
		}
		tr->slot_of_class[i] = GPOINTER_TO_UINT(slot) - 1;
	}
}

static void setup_cursor(StatsBuild *b, guint trace, guint row, StatsCursor *c)
{
	c->row = row;
	c->i = -1;
	lttv_history_row_data(b->h, trace, row, &c->starts, &c->values, &c->n);
}

void stats_trace_setup(StatsBuild *b, guint t)
{
	StatsTrace *tr = &b->traces[t];
	LttvTrace *trace = lttv_traceset_trace(b->ts, t);
	guint n_rows = lttv_history_n_rows(b->h, t);

	tr->index = t;
	tr->node = stats_node_new(b->s, b->s->root, LTTV_STATS_TRACE, t, lttv_trace_name(trace));
	tr->cpus = stats_node_new(b->s, tr->node, LTTV_STATS_CPUS, 0, "CPUs");
	tr->processes = stats_node_new(b->s, tr->node, LTTV_STATS_PROCESSES, 0, "Processes");
	tr->types = stats_node_new(b->s, tr->node, LTTV_STATS_EVENT_TYPES, 0, "Event types");
	setup_names(tr, trace);

	for (guint r = 0; r < n_rows; r++) {
		int64_t cpu = lttv_history_row_entity(b->h, t, r);

		if (lttv_history_row_kind(b->h, t, r) != LTTV_ROW_CPU || cpu < 0 || cpu > 65535)
			continue;
		if ((guint)cpu >= tr->n_cpu) {
			tr->cpu = g_renew(StatsCpu, tr->cpu, (gsize)cpu + 1);
			memset(tr->cpu + tr->n_cpu, 0,
			       sizeof(StatsCpu) * ((gsize)cpu + 1 - tr->n_cpu));
			tr->n_cpu = (guint)cpu + 1;
		}
	}
	/* the CPUs the history has a row of, in order */
	for (guint r = 0; r < n_rows; r++) {
		int64_t cpu = lttv_history_row_entity(b->h, t, r);
		char name[32];

		if (lttv_history_row_kind(b->h, t, r) != LTTV_ROW_CPU || cpu < 0 || cpu > 65535 ||
		    tr->cpu[cpu].node)
			continue;
		g_snprintf(name, sizeof(name), "CPU %" G_GINT64_FORMAT, cpu);
		tr->cpu[cpu].node = stats_node_new(b->s, tr->cpus, LTTV_STATS_CPU, cpu, name);
		setup_cursor(b, t, r, &tr->cpu[cpu].cur);
	}
	tr->no_cpu.cur.i = -1;

	tr->n_threads = lttv_history_n_threads(b->h, t);
	tr->thread = g_new0(StatsThread, MAX(tr->n_threads, 1));
	for (guint i = 0; i < tr->n_threads; i++) {
		LttvHistoryThread info;

		lttv_history_thread(b->h, t, i, &info);
		setup_cursor(b, t, info.row, &tr->thread[i].cur);
		tr->thread[i].at = -2;
	}
	tr->unknown.cur.i = -1;
	tr->unknown.at = -2;
}

void stats_trace_clear(StatsTrace *tr)
{
	g_free(tr->cpu);
	g_free(tr->thread);
	if (tr->owners)
		g_hash_table_destroy(tr->owners);
	g_free(tr->slot_of_class);
	if (tr->slot_names)
		g_ptr_array_free(tr->slot_names, TRUE);
	if (tr->slots)
		g_hash_table_destroy(tr->slots);
	if (tr->slot_counts)
		g_array_free(tr->slot_counts, TRUE);
}

/* The trace's events by name. */
static void add_event_types(StatsBuild *b, StatsTrace *tr)
{
	for (guint i = 0; i < tr->slot_names->len; i++) {
		guint64 n = g_array_index(tr->slot_counts, guint64, i);

		if (n)
			stats_node_new(b->s, tr->types, LTTV_STATS_EVENT_TYPE, i,
			               g_ptr_array_index(tr->slot_names, i))
			        ->own_events = n;
	}
}

LttvStats *lttv_stats_compute(LttvTraceset *ts, const LttvHistory *h, LttvTime t0, LttvTime t1,
                              LttvFilter *filter, LttvStatsProgressFn progress, gpointer user_data,
                              GCancellable *cancel, GError **error)
{
	LttvTime hb, he;
	LttvStats *s;
	StatsBuild b = {0};
	gboolean ok;

	g_return_val_if_fail(ts != NULL && h != NULL, NULL);
	if (lttv_traceset_n_traces(ts) != lttv_history_n_traces(h)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            _("the history has %u traces, the traceset %u"),
		            lttv_history_n_traces(h), lttv_traceset_n_traces(ts));
		return NULL;
	}
	hb = lttv_history_begin(h);
	he = lttv_history_end(h);
	s = stats_new();
	s->partial = !lttv_history_complete(h);
	s->filter = filter ? g_strdup(lttv_filter_expression(filter)) : NULL;
	s->begin = MAX(t0, hb);
	s->end = MAX(MIN(t1, he), s->begin);

	b.s = s;
	b.h = h;
	b.ts = ts;
	b.b = s->begin;
	b.e = s->end;
	b.include_end = t1 >= he && t1 > t0;
	b.n_traces = lttv_traceset_n_traces(ts);
	b.traces = g_new0(StatsTrace, MAX(b.n_traces, 1));
	for (guint t = 0; t < b.n_traces; t++)
		stats_trace_setup(&b, t);

	ok = stats_add_times(&b, cancel, error) &&
	     stats_count_events(&b, filter, progress, user_data, cancel, error);
	for (guint t = 0; ok && t < b.n_traces; t++)
		add_event_types(&b, &b.traces[t]);
	for (guint t = 0; t < b.n_traces; t++)
		stats_trace_clear(&b.traces[t]);
	g_free(b.traces);
	if (!ok) {
		lttv_stats_free(s);
		return NULL;
	}
	stats_finish(s);
	return s;
}
