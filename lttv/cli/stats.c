/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lttv stats`: CPU time, time per status, execution mode and system call,
 * per CPU and per thread, and events per name, CPU and thread, over any
 * time range: the statistics of lttv/stats.h, printed. */
#include "config.h"

#include "cli/cli.h"
#include "lttv/error.h"
#include "lttv/filter.h"
#include "lttv/history.h"
#include "lttv/stats.h"
#include "lttv/traceset.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <popt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char *fmt_time(LttvTime t, char *buf, size_t len)
{
	return lttv_time_format_duration((int64_t)t, buf, len);
}

/* The CPU time of a child (0 when there is none). */
static LttvTime child_cpu(const LttvStatsNode *n, LttvStatsKind kind, int64_t id)
{
	const LttvStatsNode *c = lttv_stats_child(n, kind, id);

	return c ? c->cpu_time : 0;
}

static void print_cpus(const char *tname, const LttvStatsNode *cpus, gboolean csv)
{
	char b[5][64];

	if (!csv) {
		printf(_("\nTrace %s\nCPUs:\n"), tname);
		printf("  %-4s %16s %16s %16s %16s %16s %10s\n", "CPU", "busy", "idle", "irq",
		       "softirq", "unknown", "events");
	}
	for (guint i = 0; cpus && i < cpus->n_children; i++) {
		const LttvStatsNode *c = cpus->children[i];

		/* (events without a CPU count under their name only) */
		if (c->id < 0)
			continue;
		if (csv) {
			for (int m = 0; m < LTTV_CPU_COUNT; m++)
				printf("%s,cpu,%" PRId64 ",,%s_ns,%" PRId64 "\n", tname, c->id,
				       lttv_cpu_mode_name(m), child_cpu(c, LTTV_STATS_CPU_MODE, m));
			printf("%s,cpu,%" PRId64 ",,events,%" PRIu64 "\n", tname, c->id, c->events);
			continue;
		}
		printf("  %-4" PRId64 " %16s %16s %16s %16s %16s %10" PRIu64 "\n", c->id,
		       fmt_time(child_cpu(c, LTTV_STATS_CPU_MODE, LTTV_CPU_BUSY), b[0], 64),
		       fmt_time(child_cpu(c, LTTV_STATS_CPU_MODE, LTTV_CPU_IDLE), b[1], 64),
		       fmt_time(child_cpu(c, LTTV_STATS_CPU_MODE, LTTV_CPU_IRQ), b[2], 64),
		       fmt_time(child_cpu(c, LTTV_STATS_CPU_MODE, LTTV_CPU_SOFTIRQ), b[3], 64),
		       fmt_time(child_cpu(c, LTTV_STATS_CPU_MODE, LTTV_CPU_UNKNOWN), b[4], 64),
		       c->events);
	}
}

static void print_threads(const char *tname, const LttvStatsNode *processes, gboolean csv)
{
	char b[6][64];

	if (!csv) {
		printf(_("Threads, by CPU time:\n"));
		printf("  %7s %7s %-16s %16s %16s %16s %16s %16s %16s %10s\n", "TID", "PID", "NAME",
		       "cpu", "user", "syscall", "irq+softirq", "wait", "wait_cpu", "events");
	}
	/* already by CPU time, then by thread */
	for (guint i = 0; processes && i < processes->n_children; i++) {
		const LttvStatsNode *t = processes->children[i];
		LttvTime irq = child_cpu(t, LTTV_STATS_MODE, LTTV_MODE_IRQ) +
		               child_cpu(t, LTTV_STATS_MODE, LTTV_MODE_SOFTIRQ);

		if (t->tid < 0 || (!t->cpu_time && !t->events))
			continue;
		if (csv) {
			printf("%s,thread,%" PRId64 ",\"%s\",cpu_ns,%" PRId64 "\n", tname, t->tid,
			       t->name, t->cpu_time);
			for (int m = 0; m < LTTV_MODE_COUNT; m++)
				printf("%s,thread,%" PRId64 ",\"%s\",%s_ns,%" PRId64 "\n", tname,
				       t->tid, t->name, lttv_exec_mode_name(m),
				       child_cpu(t, LTTV_STATS_MODE, m));
			for (int st = 0; st < LTTV_STATUS_COUNT; st++)
				printf("%s,thread,%" PRId64 ",\"%s\",%s_ns,%" PRId64 "\n", tname,
				       t->tid, t->name, lttv_process_status_name(st),
				       t->status_time[st]);
			printf("%s,thread,%" PRId64 ",\"%s\",events,%" PRIu64 "\n", tname, t->tid,
			       t->name, t->events);
			continue;
		}
		printf("  %7" PRId64 " %7" PRId64 " %-16s %16s %16s %16s %16s %16s %16s %10" PRIu64
		       "\n",
		       t->tid, t->pid, t->name, fmt_time(t->cpu_time, b[0], 64),
		       fmt_time(child_cpu(t, LTTV_STATS_MODE, LTTV_MODE_USER), b[1], 64),
		       fmt_time(child_cpu(t, LTTV_STATS_MODE, LTTV_MODE_SYSCALL), b[2], 64),
		       fmt_time(irq, b[3], 64),
		       fmt_time(t->status_time[LTTV_STATUS_WAIT], b[4], 64),
		       fmt_time(t->status_time[LTTV_STATUS_WAIT_CPU], b[5], 64), t->events);
	}
}

typedef struct {
	const char *name;
	LttvTime t;
} Syscall;

static gint by_time_then_name(gconstpointer a, gconstpointer b)
{
	const Syscall *x = a, *y = b;

	if (x->t != y->t)
		return x->t > y->t ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* System calls by CPU time over every thread ("?": in a system call of
 * unknown name). */
static void print_syscalls(const char *tname, const LttvStatsNode *processes, gboolean csv)
{
	g_autoptr(GHashTable) times = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GArray) order = g_array_new(FALSE, FALSE, sizeof(Syscall));
	char b[64];

	/* times: name -> index into `order` + 1 */
	for (guint i = 0; processes && i < processes->n_children; i++) {
		const LttvStatsNode *m = lttv_stats_child(processes->children[i], LTTV_STATS_MODE,
		                                          LTTV_MODE_SYSCALL);
		LttvTime named = 0;

		for (guint j = 0; m && j <= m->n_children; j++) {
			const LttvStatsNode *s = j < m->n_children ? m->children[j] : NULL;
			const char *name = s ? s->name : "?";
			LttvTime t = s ? s->cpu_time : m->cpu_time - named;
			gpointer k;

			if (s && s->kind != LTTV_STATS_SUBMODE)
				continue;
			if (s)
				named += t;
			if (t <= 0)
				continue;
			if (!name[0])
				name = "?";
			k = g_hash_table_lookup(times, name);
			if (!k) {
				Syscall n = {name, 0};

				g_array_append_val(order, n);
				k = GUINT_TO_POINTER(order->len);
				g_hash_table_insert(times, (gpointer)name, k);
			}
			g_array_index(order, Syscall, GPOINTER_TO_UINT(k) - 1).t += t;
		}
	}
	g_array_sort(order, by_time_then_name);
	if (!csv)
		printf(_("System calls, by time on a CPU:\n"));
	for (guint i = 0; i < order->len; i++) {
		const Syscall *n = &g_array_index(order, Syscall, i);

		if (csv)
			printf("%s,syscall,,%s,ns,%" PRId64 "\n", tname, n->name, n->t);
		else
			printf("  %-28s %16s\n", n->name, fmt_time(n->t, b, sizeof(b)));
	}
}

static void print_events(const char *tname, const LttvStatsNode *types, gboolean csv)
{
	if (!csv)
		printf(_("Events, by count:\n"));
	/* already by count, then by name */
	for (guint i = 0; types && i < types->n_children; i++) {
		const LttvStatsNode *e = types->children[i];

		if (csv)
			printf("%s,event,,%s,count,%" PRIu64 "\n", tname, e->name, e->events);
		else
			printf("  %-40s %10" PRIu64 "\n", e->name, e->events);
	}
}

static void print_trace(const LttvStatsNode *trace, gboolean csv)
{
	const LttvStatsNode *processes = lttv_stats_child(trace, LTTV_STATS_PROCESSES, 0);

	print_cpus(trace->name, lttv_stats_child(trace, LTTV_STATS_CPUS, 0), csv);
	print_threads(trace->name, processes, csv);
	print_syscalls(trace->name, processes, csv);
	print_events(trace->name, lttv_stats_child(trace, LTTV_STATS_EVENT_TYPES, 0), csv);
}

int lttv_cmd_stats(int argc, const char **argv)
{
	g_autofree char *begin_s = NULL, *end_s = NULL, *filter_s = NULL;
	int csv = 0, local = 0;
	struct poptOption options[] = {
	        {"begin", 'b', POPT_ARG_STRING, &begin_s, 0, N_("start of the range"), N_("TIME")},
	        {"end", 'e', POPT_ARG_STRING, &end_s, 0,
	         N_("end of the range (events at that time not included)"), N_("TIME")},
	        {"filter", 'F', POPT_ARG_STRING, &filter_s, 0,
	         N_("count only the events EXPR selects (see doc/filter.md); times are not "
	            "filtered"),
	         N_("EXPR")},
	        {"csv", 0, POPT_ARG_NONE, &csv, 0,
	         N_("comma-separated values: trace,kind,id,name,metric,value"), NULL},
	        {"local", 0, POPT_ARG_NONE, &local, 0, N_("parse times as local time, not UTC"),
	         NULL},
	        POPT_AUTOHELP POPT_TABLEEND};
	poptContext pc = poptGetContext("lttv stats", argc, argv, options, 0);
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvHistory) h = NULL;
	g_autoptr(LttvFilter) filter = NULL;
	g_autoptr(LttvStats) stats = NULL;
	g_autoptr(GError) error = NULL;
	LttvTime origin = 0, origin_end = 0, t0 = LTTV_TIME_MIN, t1 = LTTV_TIME_MAX;
	const LttvStatsNode *root;
	char b1[64], b2[64], b3[64];
	int rc;

	ts = lttv_cli_parse_args(pc, "stats", &rc);
	if (!ts)
		return rc;
	lttv_traceset_time_range(ts, &origin, &origin_end);
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
	if (filter_s) {
		guint column = 0;

		filter = lttv_filter_new_full(filter_s, origin, local, &column, &error);
		if (!filter)
			return lttv_cli_bad_filter("stats", filter_s, column, error);
	}
	h = lttv_history_open(ts, isatty(fileno(stderr)) ? lttv_cli_progress : NULL,
	                      _("lttv stats: building the state history"), NULL, &error);
	if (!h)
		return lttv_cli_fail(error);
	stats = lttv_stats_compute(ts, h, t0, t1, filter,
	                           isatty(fileno(stderr)) ? lttv_cli_progress : NULL,
	                           _("lttv stats: reading the events"), NULL, &error);
	if (!stats)
		return lttv_cli_fail(error);
	if (csv)
		printf("trace,kind,id,name,metric,value\n");
	else
		printf(_("Range: [%s, %s] (%s)\n"),
		       lttv_time_format_seconds(lttv_stats_begin(stats), b1, sizeof b1),
		       lttv_time_format_seconds(lttv_stats_end(stats), b2, sizeof b2),
		       lttv_time_format_duration(lttv_stats_end(stats) - lttv_stats_begin(stats),
		                                 b3, sizeof b3));
	root = lttv_stats_root(stats);
	for (guint t = 0; t < root->n_children; t++)
		print_trace(root->children[t], csv);
	return 0;
}
