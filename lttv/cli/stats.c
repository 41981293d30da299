/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lttv stats`: CPU time, time per status, execution mode and system call,
 * per CPU and per thread, and events per name, CPU and thread, over any
 * time range: times from the state history, counts from the events. */
#include "config.h"

#include "cli/cli.h"
#include "lttv/error.h"
#include "lttv/event.h"
#include "lttv/history.h"
#include "lttv/traceset.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <popt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* sums that saturate (a damaged trace's times may be far apart) */
static inline void add_time(LttvTime *sum, LttvTime d)
{
	if (__builtin_add_overflow(*sum, d, sum))
		*sum = INT64_MAX;
}

typedef struct {
	LttvTime status[LTTV_STATUS_COUNT];
	LttvTime mode[LTTV_MODE_COUNT]; /* while RUN */
	guint64 events;
} ThreadStats;

typedef struct {
	LttvTime mode[LTTV_CPU_COUNT];
	guint64 events;
} CpuStats;

typedef struct {
	const LttvHistory *h;
	guint trace;
	ThreadStats *ts;
	GHashTable *syscalls; /* name -> LttvTime * (while RUN) */
} ThreadAcc;

static void add_thread(guint32 v, LttvTime d, gpointer ud)
{
	ThreadAcc *a = ud;
	LttvProcessStatus s = LTTV_THREAD_STATUS(v);
	LttvExecMode m = LTTV_THREAD_MODE(v);

	if (s < LTTV_STATUS_COUNT)
		add_time(&a->ts->status[s], d);
	if (s != LTTV_STATUS_RUN && s != LTTV_STATUS_EXIT)
		return;
	if (m < LTTV_MODE_COUNT)
		add_time(&a->ts->mode[m], d);
	if (m == LTTV_MODE_SYSCALL) {
		const char *name = lttv_history_string(a->h, a->trace, LTTV_THREAD_SUBMODE(v));
		LttvTime *t;

		if (!name)
			name = "?";
		t = g_hash_table_lookup(a->syscalls, name);
		if (!t) {
			t = g_new0(LttvTime, 1);
			g_hash_table_insert(a->syscalls, (gpointer)name, t);
		}
		add_time(t, d);
	}
}

static void add_cpu(guint32 v, LttvTime d, gpointer ud)
{
	CpuStats *c = ud;
	LttvCpuMode m = LTTV_CPU_MODE(v);

	if (m < LTTV_CPU_COUNT)
		add_time(&c->mode[m], d);
}

static char *fmt_time(LttvTime t, char *buf, size_t len)
{
	return lttv_time_format_duration((int64_t)t, buf, len);
}

typedef struct {
	guint thread;
	LttvTime cpu;
} ByCpu;

static gint by_cpu_time(gconstpointer a, gconstpointer b)
{
	const ByCpu *x = a, *y = b;

	return x->cpu != y->cpu ? (x->cpu > y->cpu ? -1 : 1) : (x->thread < y->thread ? -1 : 1);
}

typedef struct {
	const char *name;
	LttvTime t;
	guint64 n;
} Named;

static gint by_time_then_name(gconstpointer a, gconstpointer b)
{
	const Named *x = a, *y = b;

	if (x->t != y->t)
		return x->t > y->t ? -1 : 1;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->name, y->name);
}

static GArray *sorted_named(GHashTable *times, GHashTable *counts)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(Named));
	GHashTableIter it;
	gpointer k, v;

	if (times) {
		g_hash_table_iter_init(&it, times);
		while (g_hash_table_iter_next(&it, &k, &v)) {
			Named n = {k, *(LttvTime *)v, 0};

			g_array_append_val(a, n);
		}
	} else {
		g_hash_table_iter_init(&it, counts);
		while (g_hash_table_iter_next(&it, &k, &v)) {
			Named n = {k, 0, *(guint64 *)v};

			g_array_append_val(a, n);
		}
	}
	g_array_sort(a, by_time_then_name);
	return a;
}

/* Counts the events of [t0, t1] per name, per CPU and per thread (the one
 * the history says ran on the event's CPU then). */
static gboolean count_events(LttvTraceset *ts, const LttvHistory *h, guint trace, LttvTime t0,
                             LttvTime t1, GHashTable *by_name, CpuStats *cpus, guint n_cpus,
                             ThreadStats *threads, guint n_threads, GError **error)
{
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autofree gint *cpu_row = g_new(gint, MAX(n_cpus, 1));
	LttvTrace *tr = lttv_traceset_trace(ts, trace);
	const LttvItem *item;

	for (guint c = 0; c < n_cpus; c++)
		cpu_row[c] = -1;
	for (guint r = 0; r < lttv_history_n_rows(h, trace); r++)
		if (lttv_history_row_kind(h, trace, r) == LTTV_ROW_CPU &&
		    lttv_history_row_entity(h, trace, r) < (int64_t)n_cpus)
			cpu_row[lttv_history_row_entity(h, trace, r)] = (gint)r;
	if (!lttv_iter_seek(it, t0, error))
		return FALSE;
	while ((item = lttv_iter_next(it, error)) && item->time <= t1) {
		const LttvEvent *ev = item->event;
		int64_t cpu;
		guint64 *n;
		guint32 v;

		if (item->kind != LTTV_ITEM_EVENT || lttv_event_trace(ev) != tr)
			continue;
		n = g_hash_table_lookup(by_name, lttv_event_name(ev));
		if (!n) {
			n = g_new0(guint64, 1);
			g_hash_table_insert(by_name, (gpointer)lttv_event_name(ev), n);
		}
		(*n)++;
		cpu = lttv_event_cpu(ev);
		if (cpu < 0 || cpu >= (int64_t)n_cpus)
			continue;
		cpus[cpu].events++;
		if (cpu_row[cpu] >= 0 &&
		    lttv_history_value_at(h, trace, (guint)cpu_row[cpu], item->time, &v) &&
		    LTTV_CPU_THREAD(v) < n_threads)
			threads[LTTV_CPU_THREAD(v)].events++;
	}
	return !(error && *error);
}

static void print_trace_stats(LttvTraceset *ts, const LttvHistory *h, guint trace, LttvTime t0,
                              LttvTime t1, gboolean csv, GError **error)
{
	guint n_threads = lttv_history_n_threads(h, trace), n_cpus = 0;
	g_autofree ThreadStats *threads = g_new0(ThreadStats, MAX(n_threads, 1));
	g_autofree CpuStats *cpus = NULL;
	g_autoptr(GHashTable) syscalls = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	g_autoptr(GHashTable) by_name = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	g_autoptr(GArray) order = g_array_new(FALSE, FALSE, sizeof(ByCpu));
	const char *tname = lttv_trace_name(lttv_traceset_trace(ts, trace));
	char b[8][64];

	for (guint r = 0; r < lttv_history_n_rows(h, trace); r++)
		if (lttv_history_row_kind(h, trace, r) == LTTV_ROW_CPU)
			n_cpus = MAX(n_cpus, (guint)lttv_history_row_entity(h, trace, r) + 1);
	cpus = g_new0(CpuStats, MAX(n_cpus, 1));
	for (guint r = 0; r < lttv_history_n_rows(h, trace); r++)
		if (lttv_history_row_kind(h, trace, r) == LTTV_ROW_CPU)
			lttv_history_row_durations(h, trace, r, t0, t1, add_cpu,
			                           &cpus[lttv_history_row_entity(h, trace, r)]);
	for (guint i = 0; i < n_threads; i++) {
		LttvHistoryThread th;
		ThreadAcc acc = {h, trace, &threads[i], syscalls};

		lttv_history_thread(h, trace, i, &th);
		lttv_history_row_durations(h, trace, th.row, t0, t1, add_thread, &acc);
	}
	if (!count_events(ts, h, trace, t0, t1, by_name, cpus, n_cpus, threads, n_threads, error))
		return;

	if (csv) {
		for (guint c = 0; c < n_cpus; c++) {
			for (int m = 0; m < LTTV_CPU_COUNT; m++)
				printf("%s,cpu,%u,,%s_ns,%" PRId64 "\n", tname, c, lttv_cpu_mode_name(m),
				       cpus[c].mode[m]);
			printf("%s,cpu,%u,,events,%" PRIu64 "\n", tname, c, cpus[c].events);
		}
	} else {
		printf(_("\nTrace %s\nCPUs:\n"), tname);
		printf("  %-4s %16s %16s %16s %16s %16s %10s\n", "CPU", "busy", "idle", "irq", "softirq",
		       "unknown", "events");
		for (guint c = 0; c < n_cpus; c++)
			printf("  %-4u %16s %16s %16s %16s %16s %10" PRIu64 "\n", c,
			       fmt_time(cpus[c].mode[LTTV_CPU_BUSY], b[0], 64),
			       fmt_time(cpus[c].mode[LTTV_CPU_IDLE], b[1], 64),
			       fmt_time(cpus[c].mode[LTTV_CPU_IRQ], b[2], 64),
			       fmt_time(cpus[c].mode[LTTV_CPU_SOFTIRQ], b[3], 64),
			       fmt_time(cpus[c].mode[LTTV_CPU_UNKNOWN], b[4], 64), cpus[c].events);
		printf(_("Threads, by CPU time:\n"));
		printf("  %7s %7s %-16s %16s %16s %16s %16s %16s %16s %10s\n", "TID", "PID", "NAME",
		       "cpu", "user", "syscall", "irq+softirq", "wait", "wait_cpu", "events");
	}
	for (guint i = 0; i < n_threads; i++) {
		ByCpu x = {i, threads[i].status[LTTV_STATUS_RUN]};

		add_time(&x.cpu, threads[i].status[LTTV_STATUS_EXIT]);

		if (x.cpu || threads[i].events)
			g_array_append_val(order, x);
	}
	g_array_sort(order, by_cpu_time);
	for (guint k = 0; k < order->len; k++) {
		guint i = g_array_index(order, ByCpu, k).thread;
		const ThreadStats *s = &threads[i];
		LttvHistoryThread th;

		LttvTime irq_time = s->mode[LTTV_MODE_IRQ];

		add_time(&irq_time, s->mode[LTTV_MODE_SOFTIRQ]);
		lttv_history_thread(h, trace, i, &th);
		if (csv) {
			printf("%s,thread,%" PRId64 ",\"%s\",cpu_ns,%" PRId64 "\n", tname, th.tid, th.name,
			       g_array_index(order, ByCpu, k).cpu);
			for (int m = 0; m < LTTV_MODE_COUNT; m++)
				printf("%s,thread,%" PRId64 ",\"%s\",%s_ns,%" PRId64 "\n", tname, th.tid,
				       th.name, lttv_exec_mode_name(m), s->mode[m]);
			for (int st = 0; st < LTTV_STATUS_COUNT; st++)
				printf("%s,thread,%" PRId64 ",\"%s\",%s_ns,%" PRId64 "\n", tname, th.tid,
				       th.name, lttv_process_status_name(st), s->status[st]);
			printf("%s,thread,%" PRId64 ",\"%s\",events,%" PRIu64 "\n", tname, th.tid, th.name,
			       s->events);
			continue;
		}
		printf("  %7" PRId64 " %7" PRId64 " %-16s %16s %16s %16s %16s %16s %16s %10" PRIu64 "\n",
		       th.tid, th.pid, th.name, fmt_time(g_array_index(order, ByCpu, k).cpu, b[0], 64),
		       fmt_time(s->mode[LTTV_MODE_USER], b[1], 64),
		       fmt_time(s->mode[LTTV_MODE_SYSCALL], b[2], 64),
		       fmt_time(irq_time, b[3], 64),
		       fmt_time(s->status[LTTV_STATUS_WAIT], b[4], 64),
		       fmt_time(s->status[LTTV_STATUS_WAIT_CPU], b[5], 64), s->events);
	}
	{
		g_autoptr(GArray) sc = sorted_named(syscalls, NULL);
		g_autoptr(GArray) ev = sorted_named(NULL, by_name);

		if (!csv)
			printf(_("System calls, by time on a CPU:\n"));
		for (guint i = 0; i < sc->len; i++) {
			const Named *n = &g_array_index(sc, Named, i);

			if (csv)
				printf("%s,syscall,,%s,ns,%" PRId64 "\n", tname, n->name, n->t);
			else
				printf("  %-28s %16s\n", n->name, fmt_time(n->t, b[0], 64));
		}
		if (!csv)
			printf(_("Events, by count:\n"));
		for (guint i = 0; i < ev->len; i++) {
			const Named *n = &g_array_index(ev, Named, i);

			if (csv)
				printf("%s,event,,%s,count,%" PRIu64 "\n", tname, n->name, n->n);
			else
				printf("  %-40s %10" PRIu64 "\n", n->name, n->n);
		}
	}
}

static void show_progress(double done, gpointer ud)
{
	(void)ud;
	fprintf(stderr, _("\rlttv stats: building the state history: %3.0f%%"), done * 100);
	if (done >= 1.0)
		fprintf(stderr, "\n");
}

int lttv_cmd_stats(int argc, const char **argv)
{
	g_autofree char *begin_s = NULL, *end_s = NULL;
	int csv = 0, local = 0;
	struct poptOption options[] = {
		{"begin", 'b', POPT_ARG_STRING, &begin_s, 0, N_("start of the range"), N_("TIME")},
		{"end", 'e', POPT_ARG_STRING, &end_s, 0, N_("end of the range"), N_("TIME")},
		{"csv", 0, POPT_ARG_NONE, &csv, 0,
		 N_("comma-separated values: trace,kind,id,name,metric,value"), NULL},
		{"local", 0, POPT_ARG_NONE, &local, 0, N_("parse times as local time, not UTC"), NULL},
		POPT_AUTOHELP POPT_TABLEEND};
	poptContext pc = poptGetContext("lttv stats", argc, argv, options, 0);
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvHistory) h = NULL;
	g_autoptr(GError) error = NULL;
	LttvTime origin = 0, origin_end = 0, t0, t1;
	const char *arg;
	char b1[64], b2[64], b3[64];
	int rc;

	poptSetOtherOptionHelp(pc, "[OPTION...] TRACE-FOLDER...");
	while ((rc = poptGetNextOpt(pc)) > 0)
		;
	if (rc < -1) {
		rc = lttv_cli_usage_error("stats", "%s: %s", poptBadOption(pc, 0), poptStrerror(rc));
		poptFreeContext(pc);
		return rc;
	}
	if (!poptPeekArg(pc)) {
		poptFreeContext(pc);
		return lttv_cli_usage_error("stats", _("no trace folder given"));
	}
	ts = lttv_traceset_new();
	while ((arg = poptGetArg(pc)))
		if (!lttv_traceset_add_path(ts, arg, &error)) {
			poptFreeContext(pc);
			return lttv_cli_fail(error);
		}
	poptFreeContext(pc);
	lttv_traceset_time_range(ts, &origin, &origin_end);
	h = lttv_history_open(ts, isatty(fileno(stderr)) ? show_progress : NULL, NULL, NULL, &error);
	if (!h)
		return lttv_cli_fail(error);
	t0 = lttv_history_begin(h);
	t1 = lttv_history_end(h);
	if (begin_s && !lttv_time_parse(begin_s, origin, local, &t0, &error))
		return lttv_cli_fail(error);
	if (end_s && !lttv_time_parse(end_s, origin, local, &t1, &error))
		return lttv_cli_fail(error);
	if (t1 < t0) {
		g_set_error(&error, LTTV_ERROR, LTTV_ERROR_ARGUMENT,
		            _("the range ends (%s) before it begins (%s)"),
		            lttv_time_format_seconds(t1, b1, sizeof b1),
		            lttv_time_format_seconds(t0, b2, sizeof b2));
		return lttv_cli_fail(error);
	}
	if (csv)
		printf("trace,kind,id,name,metric,value\n");
	else
		printf(_("Range: [%s, %s] (%s)\n"), lttv_time_format_seconds(t0, b1, sizeof b1),
		       lttv_time_format_seconds(t1, b2, sizeof b2),
		       lttv_time_format_duration((int64_t)(t1 - t0), b3, sizeof b3));
	for (guint t = 0; t < lttv_history_n_traces(h); t++) {
		print_trace_stats(ts, h, t, t0, t1, csv, &error);
		if (error)
			return lttv_cli_fail(error);
	}
	return 0;
}
