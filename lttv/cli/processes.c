/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lttv processes`: every thread of the traceset as a tree by parent, with
 * its birth, exit and CPU time, from the state history (built at the first
 * use, then read from the cache: a second run does not read the events). */
#include "config.h"

#include "cli/cli.h"
#include "lttv/history.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

typedef struct {
	LttvHistoryThread info;
	LttvTime cpu_time;  /* running (RUN or EXIT) */
	gboolean uncertain; /* at the end of the history */
	GPtrArray *kids;    /* of Thread *, NULL when none */
} Thread;

static void add_cpu_time(guint32 v, LttvTime d, gpointer ud)
{
	LttvProcessStatus s = LTTV_THREAD_STATUS(v);

	if (s == LTTV_STATUS_RUN || s == LTTV_STATUS_EXIT)
		*(LttvTime *)ud += d;
}

static void thread_load(const LttvHistory *h, guint trace, guint i, Thread *th)
{
	const LttvTime *starts;
	const uint32_t *values;
	gsize n;

	lttv_history_thread(h, trace, i, &th->info);
	lttv_history_row_durations(h, trace, th->info.row, lttv_history_begin(h),
	                           lttv_history_end(h), add_cpu_time, &th->cpu_time);
	lttv_history_row_data(h, trace, th->info.row, &starts, &values, &n);
	th->uncertain = n > 0 && LTTV_THREAD_UNCERTAIN(values[n - 1]);
}

/* Born before the trace first, then by birth, then by tid. */
static gint by_birth(gconstpointer a, gconstpointer b)
{
	const LttvHistoryThread *x = &(*(Thread *const *)a)->info;
	const LttvHistoryThread *y = &(*(Thread *const *)b)->info;

	if (x->birth_known != y->birth_known)
		return x->birth_known ? 1 : -1;
	if (x->birth_known && x->birth != y->birth)
		return x->birth < y->birth ? -1 : 1;
	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

static void print_tree(Thread *th, int depth)
{
	const LttvHistoryThread *p = &th->info;
	char b1[64], b2[64], b3[64];

	printf("%*s%" PRId64 " %s  pid %" PRId64 ", cpu time %s, born %s, %s%s%s\n", depth * 2, "",
	       p->tid, p->name && *p->name ? p->name : "?", p->pid,
	       lttv_time_format_duration((int64_t)th->cpu_time, b1, sizeof b1),
	       p->birth_known ? lttv_time_format_seconds(p->birth, b2, sizeof b2)
	                      : _("before the trace"),
	       p->exited ? _("exited ") : _("alive"),
	       p->exited ? lttv_time_format_seconds(p->exit, b3, sizeof b3) : "",
	       th->uncertain ? _(" UNCERTAIN") : "");
	if (!th->kids)
		return;
	g_ptr_array_sort(th->kids, by_birth);
	for (guint i = 0; i < th->kids->len; i++)
		print_tree(th->kids->pdata[i], depth + 1);
}

static void print_trace(const LttvHistory *h, guint trace, const char *name)
{
	guint n = lttv_history_n_threads(h, trace);
	g_autofree Thread *threads = g_new0(Thread, MAX(n, 1));
	g_autoptr(GHashTable) by_pid = g_hash_table_new(g_int64_hash, g_int64_equal);
	g_autoptr(GPtrArray) roots = g_ptr_array_new();

	printf(_("\nTrace %s: %u threads\n"), name, n);
	for (guint i = 0; i < n; i++) {
		thread_load(h, trace, i, &threads[i]);
		/* (the main thread of a process: the last one of a reused pid) */
		if (threads[i].info.tid > 0 && threads[i].info.tid == threads[i].info.pid)
			g_hash_table_insert(by_pid, &threads[i].info.tid, &threads[i]);
	}
	/* a thread's parent: for the main thread (tid = pid) of a process, the
	 * main thread of its ppid; for another thread, its main thread */
	for (guint i = 0; i < n; i++) {
		Thread *th = &threads[i];
		int64_t up = th->info.tid != th->info.pid && th->info.pid > 0 ? th->info.pid
		                                                              : th->info.ppid;
		Thread *parent = up > 0 ? g_hash_table_lookup(by_pid, &up) : NULL;

		if (parent && parent != th) {
			if (!parent->kids)
				parent->kids = g_ptr_array_new();
			g_ptr_array_add(parent->kids, th);
		} else {
			g_ptr_array_add(roots, th);
		}
	}
	g_ptr_array_sort(roots, by_birth);
	for (guint i = 0; i < roots->len; i++)
		print_tree(roots->pdata[i], 1);
	for (guint i = 0; i < n; i++)
		if (threads[i].kids)
			g_ptr_array_unref(threads[i].kids);
}

int lttv_cmd_processes(int argc, const char **argv)
{
	struct poptOption options[] = {POPT_AUTOHELP POPT_TABLEEND};
	poptContext pc = poptGetContext("lttv processes", argc, argv, options, 0);
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvHistory) h = NULL;
	g_autoptr(GError) error = NULL;
	LttvStateCounters all;
	int rc;

	ts = lttv_cli_parse_args(pc, "processes", &rc);
	if (!ts)
		return rc;
	h = lttv_history_open(ts, isatty(fileno(stderr)) ? lttv_cli_progress : NULL,
	                      _("lttv processes: building the state history"), NULL, &error);
	if (!h)
		return lttv_cli_fail(error);
	lttv_history_total_counters(h, &all);
	lttv_cli_print_counters(&all);
	for (guint t = 0; t < lttv_history_n_traces(h); t++)
		print_trace(h, t, lttv_trace_name(lttv_traceset_trace(ts, t)));
	return 0;
}
