/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lttv state --at TIME`: what every thread, CPU, IRQ, softirq and disk was
 * doing at a time, from the state engine replaying the trace up to it. */
#include "config.h"

#include "cli/cli.h"
#include "lttv/state.h"
#include "lttv/traceset.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <popt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Applies every item up to `until` (included); the time of the last.  On a
 * terminal, the share of the way done, every 0.1 s or so. */
static gboolean replay(LttvTraceset *ts, LttvState *st, LttvTime until, LttvTime *last,
                       GError **error)
{
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	const char *label = _("lttv state: reading the events");
	gboolean tty = isatty(fileno(stderr)), shown_any = FALSE;
	gint64 shown = g_get_monotonic_time();
	LttvTime b = 0, e = 0;
	const LttvItem *item;
	guint64 n = 0;

	if (tty && lttv_traceset_time_range(ts, &b, &e))
		e = MIN(e, until);
	*last = LTTV_TIME_MIN;
	while ((item = lttv_iter_next(it, error)) && item->time <= until) {
		lttv_state_apply(st, item);
		*last = item->time;
		if (G_UNLIKELY(tty && (++n & 0xffff) == 0 && e > b &&
		               g_get_monotonic_time() - shown > G_TIME_SPAN_SECOND / 10)) {
			shown = g_get_monotonic_time();
			shown_any = TRUE;
			lttv_cli_progress(
			        CLAMP((double)(item->time - b) / (double)(e - b), 0, 0.999),
			        (gpointer)label);
		}
	}
	if (shown_any)
		lttv_cli_progress(1.0, (gpointer)label);
	return !error || !*error;
}

static void stack_text(const LttvProcess *p, GString *out)
{
	g_string_truncate(out, 0);
	for (guint i = 0; i < lttv_process_stack_depth(p); i++) {
		const LttvModeFrame *f = lttv_process_stack(p, i);

		if (i)
			g_string_append(out, " > ");
		g_string_append(out, lttv_exec_mode_name(f->mode));
		if (f->submode)
			g_string_append_printf(out, "(%s)", f->submode);
	}
}

void lttv_cli_print_counters(const LttvStateCounters *n)
{
	printf(_("Engine: %" PRIu64 " events; %" PRIu64 " lost events, %" PRIu64
	         " switches from an unexpected thread, %" PRIu64 " exits without entry, %" PRIu64
	         " forks of a live tid, %" PRIu64 " uncertain marks\n"),
	       n->events, n->lost_events, n->switch_mismatches, n->unmatched_exits,
	       n->forks_of_live_tids, n->uncertain_marks);
}

static void print_counters(const LttvState *st)
{
	LttvStateCounters n;

	lttv_state_counters(st, &n);
	lttv_cli_print_counters(&n);
}

/* by tid, the idle threads by CPU */
static gint by_tid(gconstpointer a, gconstpointer b)
{
	const LttvProcess *x = *(const LttvProcess *const *)a, *y = *(const LttvProcess *const *)b;

	if (lttv_process_tid(x) != lttv_process_tid(y))
		return lttv_process_tid(x) < lttv_process_tid(y) ? -1 : 1;
	return lttv_process_cpu(x) - lttv_process_cpu(y);
}

static void print_state(const LttvState *st, guint t)
{
	g_autoptr(GString) stack = g_string_new(NULL);
	char buf[64];

	printf(_("CPUs:\n"));
	for (guint c = 0; c < lttv_state_n_cpus(st, t); c++) {
		const LttvProcess *p = lttv_state_cpu_running(st, t, c);

		printf("  CPU %-3u %-8s", c, lttv_cpu_mode_name(lttv_state_cpu_mode(st, t, c)));
		if (p)
			printf("  %" PRId64 " %s", lttv_process_tid(p), lttv_process_name(p));
		printf("\n");
	}
	printf(_("Threads alive:\n"));
	printf("  %7s %7s %7s %4s  %-9s %s\n", "TID", "PID", "PPID", "CPU", "STATUS",
	       "NAME / MODES");
	g_autoptr(GPtrArray) sorted = g_ptr_array_new();

	for (guint i = 0; i < lttv_state_n_processes(st, t); i++)
		g_ptr_array_add(sorted, (gpointer)lttv_state_process(st, t, i));
	g_ptr_array_sort(sorted, by_tid);
	for (guint i = 0; i < sorted->len; i++) {
		const LttvProcess *p = sorted->pdata[i];
		LttvTime when;

		if (lttv_process_exit(p, &when) && lttv_process_status(p) == LTTV_STATUS_DEAD)
			continue;
		if (lttv_state_find_tid(st, t, lttv_process_tid(p)) != p &&
		    lttv_process_tid(p) != 0)
			continue; /* replaced by a newer thread of that tid */
		stack_text(p, stack);
		printf("  %7" PRId64 " %7" PRId64 " %7" PRId64 " %4d  %-9s %s  [%s]%s\n",
		       lttv_process_tid(p), lttv_process_pid(p), lttv_process_ppid(p),
		       lttv_process_cpu(p), lttv_process_status_name(lttv_process_status(p)),
		       lttv_process_name(p), stack->str,
		       lttv_process_uncertain(p) ? _(" UNCERTAIN") : "");
	}
	if (lttv_state_n_irqs(st, t)) {
		printf(_("IRQs:\n"));
		for (guint i = 0; i < lttv_state_n_irqs(st, t); i++) {
			LttvIrqInfo irq;

			lttv_state_irq(st, t, i, &irq);
			printf("  IRQ %-4" PRId64 " %-16s %s", irq.irq, irq.name ? irq.name : "-",
			       irq.busy ? _("busy") : _("idle"));
			if (irq.busy)
				printf(_(" on CPU %d"), irq.cpu);
			printf(_("  (%" PRIu64 " entries)\n"), irq.count);
		}
	}
	if (lttv_state_n_softirqs(st, t)) {
		printf(_("Softirqs:\n"));
		for (guint i = 0; i < lttv_state_n_softirqs(st, t); i++) {
			LttvSoftirqInfo s;

			lttv_state_softirq(st, t, i, &s);
			if (!s.count && !s.pending)
				continue;
			printf(_("  %-2u %-8s pending %u, running on %u CPUs  (%" PRIu64
			         " entries)\n"),
			       s.vec, s.name ? s.name : "?", s.pending, s.running, s.count);
		}
	}
	if (lttv_state_n_disks(st, t)) {
		printf(_("Disks:\n"));
		for (guint i = 0; i < lttv_state_n_disks(st, t); i++) {
			LttvDiskInfo d;

			lttv_state_disk(st, t, i, &d);
			printf(_("  %3" PRIu64 ",%-3" PRIu64 " %-10s %-8s %u pending; %" PRIu64
			         " reads, %" PRIu64 " writes; busy reading %s"),
			       d.dev >> 20, d.dev & 0xfffff, d.name ? d.name : "-",
			       lttv_disk_mode_name(d.mode), d.pending, d.reads, d.writes,
			       lttv_time_format_duration((int64_t)d.busy_reading, buf, sizeof buf));
			printf(_(", writing %s\n"),
			       lttv_time_format_duration((int64_t)d.busy_writing, buf, sizeof buf));
		}
	}
}

int lttv_cmd_state(int argc, const char **argv)
{
	g_autofree char *at_s = NULL;
	int local = 0;
	struct poptOption options[] = {{"at", 't', POPT_ARG_STRING, &at_s, 0,
	                                N_("the time (default: the end)"), N_("TIME")},
	                               {"local", 0, POPT_ARG_NONE, &local, 0,
	                                N_("parse TIME as local time, not UTC"), NULL},
	                               POPT_AUTOHELP POPT_TABLEEND};
	poptContext pc = poptGetContext("lttv state", argc, argv, options, 0);
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvState) st = NULL;
	g_autoptr(GError) error = NULL;
	LttvTime begin = 0, end = 0, at = LTTV_TIME_MAX, last;
	char b1[64], b2[64];
	int rc;

	ts = lttv_cli_parse_args(pc, "state", &rc);
	if (!ts)
		return rc;
	lttv_traceset_time_range(ts, &begin, &end);
	if (at_s && !lttv_time_parse(at_s, begin, local, &at, &error))
		return lttv_cli_fail(error);
	st = lttv_state_new(ts);
	if (!replay(ts, st, at, &last, &error))
		return lttv_cli_fail(error);
	if (at == LTTV_TIME_MAX)
		at = last;
	lttv_state_close(st, at);
	if (lttv_state_begin(st) == LTTV_TIME_MIN)
		printf(_("State at %s (before the first event)\n"),
		       lttv_time_format_seconds(at, b1, sizeof b1));
	else
		printf(_("State at %s (%s after the first event)\n"),
		       lttv_time_format_seconds(at, b1, sizeof b1),
		       lttv_time_format_duration((int64_t)(at - lttv_state_begin(st)), b2,
		                                 sizeof b2));
	print_counters(st);
	for (guint t = 0; t < lttv_state_n_traces(st); t++) {
		printf(_("\nTrace %s\n"), lttv_trace_name(lttv_traceset_trace(ts, t)));
		print_state(st, t);
	}
	return 0;
}
