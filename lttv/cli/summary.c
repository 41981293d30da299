/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lttv summary`: what a traceset holds. */
#include "config.h"

#include "cli/cli.h"
#include "lttv/event.h"
#include "lttv/scan.h"
#include "lttv/traceset.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <popt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *name;
	guint64 count;
} NameCount;

static gint name_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(((const NameCount *)a)->name, ((const NameCount *)b)->name);
}

/* What one worker of the scan counted: a cache line of its own, or the
 * workers' writes would make it go from core to core at every event. */
typedef struct {
	_Alignas(128) guint64 *counts; /* by trace's base + class index */
	LttvTime first, last;
	gboolean any;
} Tally;

typedef struct {
	Tally *tally; /* per worker */
	const guint *base;
} CountCtx;

static gboolean count_item(const LttvItem *item, guint worker, gpointer ud, GError **error)
{
	const CountCtx *c = ud;
	Tally *t = &c->tally[worker];
	const LttvEvent *ev = item->event;

	(void)error;
	if (item->kind != LTTV_ITEM_EVENT)
		return TRUE;
	t->counts[c->base[lttv_trace_index(lttv_event_trace(ev))] +
	          lttv_event_class_index(lttv_event_event_class(ev))]++;
	if (!t->any || item->time < t->first)
		t->first = item->time;
	if (!t->any || item->time > t->last)
		t->last = item->time;
	t->any = TRUE;
	return TRUE;
}

static void print_trace(LttvTrace *t)
{
	const char *domain = lttv_trace_env(t, "domain");
	const char *tracer = lttv_trace_env(t, "tracer_name");
	const char *major = lttv_trace_env(t, "tracer_major");
	const char *minor = lttv_trace_env(t, "tracer_minor");
	const char *host = lttv_trace_env(t, "hostname");
	const char *clock = lttv_trace_clock_name(t);
	g_autoptr(GString) cpus = g_string_new(NULL);
	guint64 packets = 0, bytes = 0, disc_ev = 0, disc_pkt = 0, uuid_bad = 0;

	printf(_("Trace %s (%s)\n"), lttv_trace_name(t), lttv_trace_path(t));
	printf(_("  format:     CTF %s\n"), lttv_trace_ctf_major(t) == 2 ? "2" : "1.8");
	printf(_("  domain:     %s\n"), domain ? domain : "-");
	if (tracer)
		printf(_("  tracer:     %s%s%s%s%s\n"), tracer, major ? " " : "", major ? major : "",
		       minor ? "." : "", minor ? minor : "");
	else
		printf(_("  tracer:     -\n"));
	if (host)
		printf(_("  hostname:   %s\n"), host);
	if (clock)
		printf(_("  clock:      %s (%" PRIu64 " Hz)\n"), clock, lttv_trace_clock_frequency(t));
	else
		printf(_("  clock:      none\n"));
	if (lttv_trace_uuid(t))
		printf(_("  uuid:       %s\n"), lttv_trace_uuid(t));
	for (guint s = 0; s < lttv_trace_n_streams(t); s++) {
		LttvStreamInfo info;

		lttv_stream_info(lttv_trace_stream(t, s), &info);
		packets += info.n_packets;
		bytes += info.bytes;
		disc_ev += info.discarded_events;
		disc_pkt += info.discarded_packets;
		uuid_bad += info.uuid_mismatches;
		if (info.cpu >= 0)
			g_string_append_printf(cpus, "%s%" PRId64, cpus->len ? "," : "",
			                       info.cpu);
	}
	printf(_("  streams:    %u (%" PRIu64 " packets, %" PRIu64
	         " bytes)\n"),
	       lttv_trace_n_streams(t), packets, bytes);
	printf(_("  CPUs:       %s\n"), cpus->len ? cpus->str : "-");
	printf(_("  event classes: %u\n"), lttv_trace_n_event_classes(t));
	printf(_("  discarded:  %" PRIu64 " events, %" PRIu64 " packets\n"),
	       disc_ev, disc_pkt);
	if (uuid_bad)
		printf(_("  warning:    %" PRIu64 " packets carry a UUID that is not the "
		         "metadata's\n"),
		       uuid_bad);
}

int lttv_cmd_summary(int argc, const char **argv)
{
	int counts_only = 0, jobs = 0;
	struct poptOption options[] = {
		{"counts", 'c', POPT_ARG_NONE, &counts_only, 0,
		 N_("print only `COUNT NAME` lines, sorted by name"), NULL},
		{"jobs", 'j', POPT_ARG_INT, &jobs, 0,
		 N_("read with N threads (default: one per processor)"), N_("N")},
		POPT_AUTOHELP POPT_TABLEEND};
	poptContext pc = poptGetContext("lttv summary", argc, argv, options, 0);
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) by_name = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GArray) rows = g_array_new(FALSE, FALSE, sizeof(NameCount));
	const char *arg;
	guint64 total = 0;
	LttvTime first = 0, last = 0;
	gboolean any = FALSE;
	int rc;

	poptSetOtherOptionHelp(pc, "[OPTION...] TRACE-FOLDER...");
	while ((rc = poptGetNextOpt(pc)) > 0)
		;
	if (rc < -1) {
		rc = lttv_cli_usage_error("summary", "%s: %s", poptBadOption(pc, 0), poptStrerror(rc));
		poptFreeContext(pc);
		return rc;
	}
	if (jobs < 0) {
		poptFreeContext(pc);
		return lttv_cli_usage_error("summary", _("--jobs: %d is not a number of threads"),
		                            jobs);
	}
	ts = lttv_traceset_new();
	if (!poptPeekArg(pc)) {
		poptFreeContext(pc);
		return lttv_cli_usage_error("summary", _("no trace folder given"));
	}
	while ((arg = poptGetArg(pc))) {
		if (!lttv_traceset_add_path(ts, arg, &error)) {
			poptFreeContext(pc);
			return lttv_cli_fail(error);
		}
	}
	poptFreeContext(pc);

	/* count by event class (an array per trace, by class index) on every
	 * processor (the counts do not depend on the order of events), then
	 * merge the classes of the same name */
	{
		guint n_traces = lttv_traceset_n_traces(ts);
		guint n_workers = lttv_scan_n_workers((guint)jobs);
		g_autofree guint *base = g_new0(guint, n_traces + 1);
		Tally *tally = NULL;
		guint64 *counts = NULL;
		gsize stride;
		CountCtx ctx = {NULL, base};
		LttvScanOptions opt = {.n_workers = n_workers};
		gboolean ok;

		if (posix_memalign((void **)&tally, _Alignof(Tally), n_workers * sizeof(Tally)))
			g_error("out of memory");
		memset(tally, 0, n_workers * sizeof(Tally));
		ctx.tally = tally;
		for (guint t = 0; t < n_traces; t++)
			base[t + 1] = base[t] + lttv_trace_n_event_classes(lttv_traceset_trace(ts, t));
		/* the counters too: each worker's start on a line of their own */
		stride = (MAX(base[n_traces], 1) * sizeof(guint64) + 127) / 128 * 128;
		if (posix_memalign((void **)&counts, 128, n_workers * stride))
			g_error("out of memory");
		memset(counts, 0, n_workers * stride);
		for (guint w = 0; w < n_workers; w++)
			tally[w].counts = counts + w * (stride / sizeof(guint64));
		ok = lttv_traceset_scan(ts, &opt, count_item, &ctx, &error);
		for (guint w = 0; w < n_workers; w++) {
			const Tally *t = &tally[w];

			for (guint i = 0; w && i < base[n_traces]; i++)
				tally[0].counts[i] += t->counts[i];
			if (t->any && (!any || t->first < first))
				first = t->first;
			if (t->any && (!any || t->last > last))
				last = t->last;
			any |= t->any;
		}
		if (!ok) {
			free(counts);
			free(tally);
			return lttv_cli_fail(error);
		}
		for (guint t = 0; t < n_traces; t++) {
			LttvTrace *tr = lttv_traceset_trace(ts, t);

			for (guint i = 0; i < lttv_trace_n_event_classes(tr); i++) {
				const char *name = lttv_event_class_name(lttv_trace_event_class(tr, i));
				guint64 n = tally[0].counts[base[t] + i];
				gpointer idx;

				total += n;
				if (!n)
					continue;
				if (g_hash_table_lookup_extended(by_name, name, NULL, &idx)) {
					g_array_index(rows, NameCount, GPOINTER_TO_UINT(idx)).count += n;
				} else {
					NameCount nc = {name, n};

					g_hash_table_insert(by_name, (gpointer)name,
					                    GUINT_TO_POINTER(rows->len));
					g_array_append_val(rows, nc);
				}
			}
		}
		free(counts);
		free(tally);
	}
	g_array_sort(rows, name_cmp);
	if (counts_only) {
		for (guint i = 0; i < rows->len; i++) {
			const NameCount *nc = &g_array_index(rows, NameCount, i);

			printf("%" PRIu64 " %s\n", nc->count, nc->name);
		}
		return 0;
	}
	for (guint i = 0; i < lttv_traceset_n_traces(ts); i++)
		print_trace(lttv_traceset_trace(ts, i));
	printf(_("Events: %" PRIu64 " (%u names)\n"), total, rows->len);
	if (any) {
		char b[48], e[48], db[48], de[48], d[48];

		printf(_("Time range: [%s, %s] = [%s, %s] UTC\n"),
		       lttv_time_format_seconds(first, b, sizeof b),
		       lttv_time_format_seconds(last, e, sizeof e),
		       lttv_time_format_date(first, FALSE, db, sizeof db),
		       lttv_time_format_date(last, FALSE, de, sizeof de));
		printf(_("Duration:   %s s\n"), lttv_time_format_duration(last - first, d, sizeof d));
	}
	{
		LttvTime pb, pe;
		char b[48], e[48];

		/* the origin of `+S.NS` times */
		if (lttv_traceset_time_range(ts, &pb, &pe))
			printf(_("Packets:    [%s, %s] (+0 is the first)\n"),
			       lttv_time_format_seconds(pb, b, sizeof b),
			       lttv_time_format_seconds(pe, e, sizeof e));
	}
	for (guint i = 0; i < rows->len; i++) {
		const NameCount *nc = &g_array_index(rows, NameCount, i);

		printf("  %10" PRIu64 "  %s\n", nc->count, nc->name);
	}
	return 0;
}
