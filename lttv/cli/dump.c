/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lttv dump`: one line per event, in time order (babeltrace2's layout);
 * discarded events and packets as warnings on stderr.  --filter keeps the
 * events an expression selects (doc/filter.md), their lines unchanged. */
#include "config.h"

#include "cli/cli.h"
#include "lttv/event.h"
#include "lttv/filter.h"
#include "lttv/history.h"
#include "lttv/print.h"
#include "lttv/traceset.h"

#include <glib/gi18n.h>
#include <popt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int lttv_cmd_dump(int argc, const char **argv)
{
	char *begin_s = NULL, *end_s = NULL, *fields_s = NULL, *filter_s = NULL;
	int clock_seconds = 0, clock_ns = 0, clock_date = 0, local = 0, no_delta = 0;
	int trace_names = 0;
	long limit = -1;
	struct poptOption options[] = {
	        {"begin", 'b', POPT_ARG_STRING, &begin_s, 0, N_("first time to show"), N_("TIME")},
	        {"end", 'e', POPT_ARG_STRING, &end_s, 0, N_("last time to show"), N_("TIME")},
	        {"clock-seconds", 0, POPT_ARG_NONE, &clock_seconds, 0,
	         N_("print times as SECONDS.NS since the epoch"), NULL},
	        {"clock-ns", 0, POPT_ARG_NONE, &clock_ns, 0,
	         N_("print times as nanoseconds since the epoch"), NULL},
	        {"clock-date", 0, POPT_ARG_NONE, &clock_date, 0, N_("print dates with times"),
	         NULL},
	        {"local", 0, POPT_ARG_NONE, &local, 0,
	         N_("local time instead of UTC (printing and parsing)"), NULL},
	        {"no-delta", 0, POPT_ARG_NONE, &no_delta, 0,
	         N_("do not print the time since the previous event"), NULL},
	        {"fields", 'f', POPT_ARG_STRING, &fields_s, 0,
	         N_("only these payload fields (comma-separated)"), N_("NAMES")},
	        {"trace-name", 0, POPT_ARG_NONE, &trace_names, 0,
	         N_("prefix each line with the trace's name"), NULL},
	        {"limit", 'n', POPT_ARG_LONG, &limit, 0, N_("stop after COUNT events"),
	         N_("COUNT")},
	        {"filter", 'F', POPT_ARG_STRING, &filter_s, 0,
	         N_("only the events EXPR selects (see doc/filter.md)"), N_("EXPR")},
	        POPT_AUTOHELP POPT_TABLEEND};
	poptContext pc = poptGetContext("lttv dump", argc, argv, options, 0);
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvIter) it = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GString) line = g_string_sized_new(512);
	g_auto(GStrv) fields = NULL;
	g_autoptr(LttvFilter) filter = NULL;
	g_autoptr(LttvHistory) history = NULL;
	g_autofree char *filter_expr = NULL;
	LttvPrintOptions opt = {0};
	LttvTime begin = LTTV_TIME_MIN, end = LTTV_TIME_MAX, origin = 0, origin_end = 0;
	LttvTime prev = LTTV_TIME_MIN;
	const LttvItem *item;
	long printed = 0;
	int rc;

	ts = lttv_cli_parse_args(pc, "dump", &rc);
	if (!ts)
		return rc;

	lttv_traceset_time_range(ts, &origin, &origin_end);
	if (begin_s && !lttv_time_parse(begin_s, origin, local, &begin, &error))
		return lttv_cli_fail(error);
	if (end_s && !lttv_time_parse(end_s, origin, local, &end, &error))
		return lttv_cli_fail(error);
	if (fields_s)
		fields = g_strsplit(fields_s, ",", -1);
	if (filter_s) {
		guint column = 0;

		filter_expr = g_steal_pointer(&filter_s);
		filter = lttv_filter_new_full(filter_expr, origin, local, &column, &error);
		if (!filter) {
			g_free(begin_s);
			g_free(end_s);
			g_free(fields_s);
			return lttv_cli_bad_filter("dump", filter_expr, column, error);
		}
		/* state.process.*: the thread of each event, from the history */
		if (lttv_filter_needs_state(filter)) {
			history = lttv_history_open(
			        ts, isatty(fileno(stderr)) ? lttv_cli_progress : NULL,
			        _("lttv dump: building the state history"), NULL, &error);
			if (!history)
				return lttv_cli_fail(error);
		}
	}
	opt.clock = clock_ns        ? LTTV_PRINT_CLOCK_NS
	            : clock_seconds ? LTTV_PRINT_CLOCK_SECONDS
	            : clock_date    ? LTTV_PRINT_CLOCK_DATE
	                            : LTTV_PRINT_CLOCK_TIME;
	opt.local = local;
	opt.no_delta = no_delta;
	opt.trace_name = trace_names;
	opt.fields = fields;

	it = lttv_iter_new(ts);
	if (begin != LTTV_TIME_MIN && !lttv_iter_seek(it, begin, &error))
		return lttv_cli_fail(error);
	while ((item = lttv_iter_next(it, &error))) {
		if (item->time > end)
			break;
		g_string_truncate(line, 0);
		if (item->kind != LTTV_ITEM_EVENT) {
			lttv_print_notice(line, item, &opt);
			fflush(stdout);
			fprintf(stderr, "%s\n", line->str);
			continue;
		}
		if (limit >= 0 && printed >= limit)
			break;
		/* the delta stays the time since the previous event, shown or
		 * not: a filtered line is the unfiltered one */
		if (filter && !lttv_filter_match(filter, item->event,
		                                 history ? lttv_filter_process_from_history : NULL,
		                                 history)) {
			prev = item->time;
			continue;
		}
		if (!lttv_print_event(line, item->event, &opt, prev, &error))
			break;
		prev = item->time;
		g_string_append_c(line, '\n');
		fwrite(line->str, 1, line->len, stdout);
		printed++;
	}
	g_free(begin_s);
	g_free(end_s);
	g_free(fields_s);
	if (fflush(stdout) != 0 && !error) {
		fprintf(stderr, _("lttv: cannot write the output\n"));
		return 1;
	}
	if (error)
		return lttv_cli_fail(error);
	return 0;
}
