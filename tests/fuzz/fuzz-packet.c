/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer targets reading whole traces through the public API.
 *
 * fuzz-packet, fuzz-packet-ctf2: the input is the data of a trace whose
 * metadata is fixed: the file named by LTTV_FUZZ_METADATA, else the one
 * compiled in (FUZZ_DEFAULT_METADATA: tracecompass/many-threads, CTF 1.8,
 * for fuzz-packet; ctf2/ctf2-md-example for fuzz-packet-ctf2).  At start-up
 * it is copied into a private temporary folder; each input is written
 * there as the data file `stream0` or, cut at each FILE_SEPARATOR, as the
 * files `stream0`, `stream1`... (up to MAX_FILES: the packets of a stream
 * spread over several files, or several streams).
 *
 * fuzz-trace (built with FUZZ_WHOLE_TRACE): the input is a whole trace,
 * its metadata file (TSDL or JSON, plain or packetized) then its data
 * files, separated by FILE_SEPARATOR: every kind of field class can be
 * decoded, not only those of one metadata.
 *
 * Then the folder is opened as a traceset: every item is read (at most
 * MAX_ITEMS), every scope of every event walked and printed (within a
 * budget), the named fields of the first events read again through handles
 * and compared with the walk; lttv_traceset_scan() reads as many items
 * and fails when the iterator fails; the iterator seeks to the middle of
 * the time range and reads on.
 *
 * Errors (GError) are the expected outcome for most inputs; a crash, a
 * sanitizer report, a leak, a time-out, a broken GError contract, or a
 * field handle reading another value than the walk is a finding.
 *
 * The fuzz build turns the library's mmap() of data files into exact-size
 * heap copies (mmap-shim.h) so reads past the end of a file are caught.
 *
 * fuzz-packet*: parsing the metadata again for every input would cost far
 * more than decoding it (0.4 s for many-threads' 300 KiB of TSDL under the
 * sanitizers).  So the fuzz build links them with
 * -Wl,--wrap=ctf_metadata_load,--wrap=ctf_trace_class_compile,
 * --wrap=ctf_trace_class_free: the trace class of the fixed metadata is
 * parsed and compiled once, then lent to every trace opened here and never
 * freed by them.  Decoding does not change a compiled trace class (but for
 * the event classes' `compiled` back-pointer, set again at each open).
 * LTTV_FUZZ_NO_CACHE=1 turns this off (fuzz/run does so for regressions):
 * a finding must reproduce without the cache.
 *
 * LTTV_FUZZ_EVENT_ENDS=1 prints where each event ends (make-seeds uses it
 * to cut packets between events).
 */
#include "ctf/compile.h"
#include "ctf/metadata.h"
#include "ctf/trace-internal.h" /* LttvField: which member a handle designates */
#include "lttv/event.h"
#include "lttv/print.h"
#include "lttv/scan.h"
#include "lttv/state.h"
#include "lttv/traceset.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_DEFAULT_METADATA
#define FUZZ_DEFAULT_METADATA ""
#endif

/* Bounds the time spent on one input, well below the 10 s time-out of
 * fuzz/run (under the sanitizers, reading an item costs some 30 us, walking
 * and printing an event 0.1 to 0.3 ms): items read; events walked and
 * printed (then the items are only read); values those walks may visit
 * (a single walk is not cut: one that does not end is a finding); events
 * whose fields are also read through handles; items read after the seek. */
#define MAX_ITEMS            100000
#define MAX_FULL_EVENTS      5000
#define MAX_VALUES           1000000
#define MAX_HANDLE_EVENTS    32
#define MAX_ITEMS_AFTER_SEEK 1000

/* Cuts an input into several files (see packet.dict). */
#define FILE_SEPARATOR "@@FILE@@"
#define MAX_FILES      4 /* data files */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *prog = "fuzz-packet"; /* for messages */
static char *trace_dir;
static char *meta_path;
static char *stream_paths[MAX_FILES];
/* LTTV_FUZZ_EVENT_ENDS=1: prints where each event ends (for make-seeds) */
static gboolean print_event_ends;

#ifndef FUZZ_WHOLE_TRACE

/* --- the trace class cache (see the top of the file) --- */
CtfTraceClass *__real_ctf_metadata_load(const char *path, GError **error);
CtfTraceClass *__wrap_ctf_metadata_load(const char *path, GError **error);
bool __real_ctf_trace_class_compile(CtfTraceClass *tc, GError **error);
bool __wrap_ctf_trace_class_compile(CtfTraceClass *tc, GError **error);
void __real_ctf_trace_class_free(CtfTraceClass *tc);
void __wrap_ctf_trace_class_free(CtfTraceClass *tc);

static gboolean cache_on;
static CtfTraceClass *cached_tc;
static gboolean cached_compiled;

CtfTraceClass *__wrap_ctf_metadata_load(const char *path, GError **error)
{
	if (!cache_on || !meta_path || strcmp(path, meta_path) != 0)
		return __real_ctf_metadata_load(path, error);
	if (!cached_tc)
		cached_tc = __real_ctf_metadata_load(path, error);
	return cached_tc;
}

bool __wrap_ctf_trace_class_compile(CtfTraceClass *tc, GError **error)
{
	if (!tc || tc != cached_tc)
		return __real_ctf_trace_class_compile(tc, error);
	if (!cached_compiled)
		cached_compiled = __real_ctf_trace_class_compile(tc, error);
	/* a failure is caught by LLVMFuzzerInitialize */
	return cached_compiled;
}

void __wrap_ctf_trace_class_free(CtfTraceClass *tc)
{
	if (tc && tc == cached_tc)
		return;
	__real_ctf_trace_class_free(tc);
}

static void cache_free(void)
{
	__real_ctf_trace_class_free(cached_tc);
	cached_tc = NULL;
}
#endif

static void fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

static void contract(gboolean ok, const GError *error, const char *what)
{
	if (ok && error)
		fail("%s succeeded but set an error: %s", what, error->message);
	if (!ok && !error)
		fail("%s failed without setting an error", what);
}

static void remove_trace_dir(void)
{
	for (int i = 0; i < MAX_FILES; i++)
		g_unlink(stream_paths[i]);
	g_unlink(meta_path);
	g_rmdir(trace_dir);
}

/* Creates the private trace folder. */
static void make_trace_dir(void)
{
	g_autoptr(GError) error = NULL;

	trace_dir = g_dir_make_tmp("lttv-fuzz-XXXXXX", &error);
	if (!trace_dir) {
		fprintf(stderr, "%s: %s\n", prog, error->message);
		exit(2);
	}
	meta_path = g_build_filename(trace_dir, "metadata", NULL);
	for (int i = 0; i < MAX_FILES; i++) {
		g_autofree char *name = g_strdup_printf("stream%d", i);

		stream_paths[i] = g_build_filename(trace_dir, name, NULL);
	}
	atexit(remove_trace_dir);
}

#ifdef FUZZ_WHOLE_TRACE
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	prog = g_path_get_basename((*argv)[0]);
	print_event_ends = g_strcmp0(g_getenv("LTTV_FUZZ_EVENT_ENDS"), "1") == 0;
	make_trace_dir();
	(void)argc;
	return 0;
}
#else
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *meta = g_getenv("LTTV_FUZZ_METADATA");
	g_autoptr(GError) error = NULL;
	g_autofree char *text = NULL;
	gsize len = 0;
	LttvTraceset *ts;

	(void)argc;
	prog = g_path_get_basename((*argv)[0]);
	if (!meta || !*meta)
		meta = FUZZ_DEFAULT_METADATA;
	if (!*meta || !g_file_get_contents(meta, &text, &len, &error)) {
		fprintf(stderr,
		        "%s: cannot read the metadata \"%s\": %s\n"
		        "%s: set LTTV_FUZZ_METADATA to a CTF metadata file\n",
		        prog, meta, error ? error->message : "no file given", prog);
		exit(2);
	}
	make_trace_dir();
	cache_on = g_strcmp0(g_getenv("LTTV_FUZZ_NO_CACHE"), "1") != 0;
	print_event_ends = g_strcmp0(g_getenv("LTTV_FUZZ_EVENT_ENDS"), "1") == 0;
	atexit(cache_free);
	if (!g_file_set_contents(meta_path, text, (gssize)len, &error)) {
		fprintf(stderr, "%s: %s\n", prog, error->message);
		exit(2);
	}
	/* Every input would be rejected if the metadata did not load. */
	ts = lttv_traceset_open(trace_dir, &error);
	if (!ts) {
		fprintf(stderr, "%s: the metadata %s does not load: %s\n", prog, meta,
		        error->message);
		exit(2);
	}
	lttv_traceset_free(ts);
	if (cache_on && !cached_compiled) {
		fprintf(stderr,
		        "%s: the trace class cache is not in use (link with "
		        "-Wl,--wrap=ctf_metadata_load...?)\n",
		        prog);
		exit(2);
	}
	fprintf(stderr, "%s: metadata %s%s, inputs written to %s\n", prog, meta,
	        cache_on ? "" : " (parsed for every input)", stream_paths[0]);
	return 0;
}
#endif

typedef struct {
	const LttvEvent *ev;
	LttvScope scope;
	guint member;     /* index of the next member of the scope's root */
	gboolean handles; /* read its fields through handles too */
	GString *text;
	guint64 *values; /* values visited */
} Walk;

/* What is left of the work allowed for one input (see MAX_ITEMS...). */
typedef struct {
	guint full_events;
	guint64 values;
	guint handle_events;
} Budget;

static volatile unsigned sink;

static void check_handle(Walk *w, const LttvValue *v)
{
	LttvEventClass *ec = lttv_event_event_class(w->ev);
	const LttvField *f;
	uint64_t u;
	double d;
	const char *str;
	size_t len;

	if (!v->name || strchr(v->name, '.'))
		return;
	f = lttv_event_class_field_in(ec, w->scope, v->name);
	/* Only when the name designates this very member (names can repeat). */
	if (!f || f->path->len != 1 || g_array_index(f->path, guint, 0) != w->member)
		return;
	switch (v->kind) {
	case LTTV_VALUE_UINT:
	case LTTV_VALUE_SINT:
	case LTTV_VALUE_BOOL:
	case LTTV_VALUE_BITMAP:
	case LTTV_VALUE_BITARRAY:
		if (f->fc->kind != CTF_FC_INT)
			return;
		if (!lttv_event_get_uint(w->ev, f, &u))
			fail("%s: lttv_event_get_uint(%s) failed, the walk read %" G_GUINT64_FORMAT,
			     lttv_event_name(w->ev), v->name, v->u);
		if (u != v->u)
			fail("%s: lttv_event_get_uint(%s) = %" G_GUINT64_FORMAT
			     ", the walk read %" G_GUINT64_FORMAT,
			     lttv_event_name(w->ev), v->name, u, v->u);
		break;
	case LTTV_VALUE_DOUBLE:
		if (f->fc->kind != CTF_FC_FLOAT)
			return;
		if (!lttv_event_get_double(w->ev, f, &d))
			fail("%s: lttv_event_get_double(%s) failed, the walk read %g",
			     lttv_event_name(w->ev), v->name, v->d);
		if (memcmp(&d, &v->d, sizeof(d)) != 0 && !(isnan(d) && isnan(v->d)))
			fail("%s: lttv_event_get_double(%s) = %g, the walk read %g",
			     lttv_event_name(w->ev), v->name, d, v->d);
		break;
	case LTTV_VALUE_STRING:
		/* FALSE is allowed: UTF-16/32 text is converted, not kept */
		if (lttv_event_get_string(w->ev, f, &str, &len) &&
		    (len != v->len || memcmp(str, v->str, len) != 0))
			fail("%s: lttv_event_get_string(%s) differs from the walk",
			     lttv_event_name(w->ev), v->name);
		break;
	default: break;
	}
}

static void visit(const LttvValue *v, gpointer ud)
{
	Walk *w = ud;
	gboolean is_end = v->kind == LTTV_VALUE_STRUCT_END || v->kind == LTTV_VALUE_ARRAY_END ||
	                  v->kind == LTTV_VALUE_VARIANT_END || v->kind == LTTV_VALUE_OPTIONAL_END;

	(*w->values)++;

	/* Reads every byte a value points to (a no-op visitor would not). */
	if (v->kind == LTTV_VALUE_STRING || v->kind == LTTV_VALUE_BLOB) {
		unsigned sum = 0;

		for (size_t i = 0; i < v->len; i++)
			sum += (unsigned char)v->str[i];
		sink += sum;
	}
	if (v->name)
		sink += (unsigned)strlen(v->name);
	if (v->kind == LTTV_VALUE_VARIANT_BEGIN && v->str)
		sink += (unsigned)strlen(v->str);
	if (lttv_value_has_labels(v)) {
		g_string_truncate(w->text, 0);
		lttv_value_labels(v, w->text, "", ",");
	}
	if (v->depth == 1 && !is_end) {
		if (w->handles)
			check_handle(w, v);
		w->member++;
	}
}

/* Every clock format, in turn. */
static const LttvPrintOptions print_opts[] = {
        {.clock = LTTV_PRINT_CLOCK_TIME},
        {.clock = LTTV_PRINT_CLOCK_SECONDS, .trace_name = TRUE},
        {.clock = LTTV_PRINT_CLOCK_DATE, .no_host = TRUE},
        {.clock = LTTV_PRINT_CLOCK_NS, .no_delta = TRUE},
};

static void read_event(const LttvEvent *ev, const LttvPrintOptions *opt, GString *text,
                       LttvTime *prev, Budget *budget)
{
	guint64 values = 0;
	Walk w = {.ev = ev, .text = text, .values = &values};

	budget->full_events--;
	if (budget->handle_events > 0) {
		w.handles = TRUE;
		budget->handle_events--;
	}

	(void)lttv_event_time(ev);
	(void)lttv_event_cycles(ev);
	(void)lttv_event_cpu(ev);
	(void)lttv_event_class_loglevel(lttv_event_event_class(ev));
	for (int s = LTTV_SCOPE_PACKET_HEADER; s <= LTTV_SCOPE_PAYLOAD; s++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GError) verror = NULL;
		guint64 before = values;
		gboolean walked;
		gsize n;

		w.scope = (LttvScope)s;
		w.member = 0;
		/* FALSE without an error is allowed: the scope is absent */
		walked = lttv_event_walk(ev, w.scope, visit, &w, &error);
		if (walked && error)
			fail("lttv_event_walk succeeded but set an error: %s", error->message);
		/* the same values as an array: the walk's, without the root's
		 * BEGIN and END (unless more than an array may hold) */
		if (!lttv_event_values(ev, w.scope, &n, &verror) && n)
			fail("lttv_event_values returned NULL with %zu values", n);
		if (walked && !verror && values - before >= 2 && n != values - before - 2)
			fail("lttv_event_values gave %zu values, the walk %" G_GUINT64_FORMAT, n,
			     values - before - 2);
		if (walked && verror && !strstr(verror->message, "values in one scope"))
			fail("lttv_event_values failed where the walk did not: %s", verror->message);
	}
	g_string_truncate(text, 0);
	{
		g_autoptr(GError) error = NULL;

		contract(lttv_print_event(text, ev, opt, *prev, &error), error, "lttv_print_event");
	}
	*prev = lttv_event_time(ev);
	/* printing walked most scopes again */
	budget->values -= MIN(budget->values, 2 * values);
}

/* Reads up to `max` items, walking and printing events within `budget`. */
static guint read_items(LttvIter *it, guint max, Budget *budget, GString *text)
{
	g_autoptr(GError) error = NULL;
	const LttvItem *item;
	LttvTime prev = LTTV_TIME_MIN;
	guint n = 0;

	while (n < max && (item = lttv_iter_next(it, &error))) {
		const LttvPrintOptions *opt = &print_opts[n % G_N_ELEMENTS(print_opts)];

		n++;
		if (item->kind == LTTV_ITEM_EVENT) {
			if (print_event_ends)
				fprintf(stderr, "lttv-fuzz-event-end %" G_GUINT64_FORMAT "\n",
				        item->event->packet->offset +
				                (item->event->end_pos + 7) / 8);
			if (budget->full_events > 0 && budget->values > 0)
				read_event(item->event, opt, text, &prev, budget);
			else
				sink += (unsigned)strlen(lttv_event_name(item->event));
		} else {
			g_string_truncate(text, 0);
			lttv_print_notice(text, item, opt);
		}
	}
	return n;
}

static gboolean count_item(const LttvItem *item, guint worker, gpointer ud, GError **error)
{
	(void)item;
	(void)worker;
	(void)error;
	g_atomic_int_inc((gint *)ud);
	return TRUE;
}

/* lttv_traceset_scan() on 2 workers, a run per packet, reads the same
 * number of items as the iterator and fails when it fails (both read every
 * packet of every stream). */
static void check_scan(LttvTraceset *ts)
{
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GError) ierr = NULL, serr = NULL;
	LttvScanOptions opt = {.n_workers = 2, .run_bytes = 1};
	guint n = 0;
	gint scanned = 0;
	gboolean ok;

	while (n < MAX_ITEMS && lttv_iter_next(it, &ierr))
		n++;
	if (n == MAX_ITEMS)
		return;
	ok = lttv_traceset_scan(ts, &opt, count_item, &scanned, &serr);
	contract(ok, serr, "lttv_traceset_scan");
	if (ok != !ierr)
		fail("the iterator %s but the scan %s", ierr ? "failed" : "read every item",
		     ok ? "read every item" : "failed");
	if (ok && (guint)scanned != n)
		fail("the iterator read %u items, the scan %d", n, scanned);
}

static void read_trace(LttvTraceset *ts, GString *text)
{
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	Budget budget = {MAX_FULL_EVENTS, MAX_VALUES, MAX_HANDLE_EVENTS};
	Budget none = {0, 0, 0};
	LttvTime begin, end;

	for (guint t = 0; t < lttv_traceset_n_traces(ts); t++) {
		LttvTrace *tr = lttv_traceset_trace(ts, t);

		for (guint s = 0; s < lttv_trace_n_streams(tr); s++) {
			LttvStreamInfo info;

			lttv_stream_info(lttv_trace_stream(tr, s), &info);
		}
	}
	read_items(it, MAX_ITEMS, &budget, text);
	check_scan(ts);
	{
		/* the state engine, fed by an iterator that decodes while it
		 * steps: whatever the events hold, nothing fails */
		g_autoptr(LttvIter) it2 = lttv_iter_new(ts);
		g_autoptr(LttvState) st = lttv_state_new(ts);
		const LttvItem *item;
		LttvTime last = 0;
		guint n = 0;

		lttv_iter_set_decode_values(it2, TRUE);
		while (n++ < MAX_ITEMS && (item = lttv_iter_next(it2, NULL))) {
			lttv_state_apply(st, item);
			last = item->time;
		}
		lttv_state_close(st, last);
	}
	if (lttv_traceset_time_range(ts, &begin, &end)) {
		g_autoptr(GError) error = NULL;
		gboolean ok = lttv_iter_seek(it, begin / 2 + end / 2, &error);

		contract(ok, error, "lttv_iter_seek");
		if (ok)
			read_items(it, MAX_ITEMS_AFTER_SEEK, &none, text);
	}
}

/* Writes a file; `keep_empty`: even when empty (else removes it: the
 * library skips empty data files anyway). */
static void write_file(const char *path, const uint8_t *data, size_t size, gboolean keep_empty)
{
	FILE *f;

	if (size == 0 && !keep_empty) {
		g_unlink(path);
		return;
	}
	f = fopen(path, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		fprintf(stderr, "%s: cannot write %s\n", prog, path);
		exit(2);
	}
}

/* The next piece of the input, up to FILE_SEPARATOR (or the end when
 * `last`); NULL when none is left. */
static const uint8_t *next_piece(const uint8_t **data, size_t *size, gboolean *more, gboolean last,
                                 size_t *len)
{
	const size_t sep_len = strlen(FILE_SEPARATOR);
	const uint8_t *piece = *data;
	const uint8_t *sep;

	if (!*more)
		return NULL;
	sep = last ? NULL : memmem(*data, *size, FILE_SEPARATOR, sep_len);
	*len = sep ? (size_t)(sep - *data) : *size;
	*more = sep != NULL;
	if (sep) {
		*data = sep + sep_len;
		*size -= *len + sep_len;
	}
	return piece;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(GString) text = NULL;
	gboolean more = TRUE;
	const uint8_t *piece;
	size_t len;

	if (size == 0)
		return -1; /* no data file: nothing to decode */
#ifdef FUZZ_WHOLE_TRACE
	piece = next_piece(&data, &size, &more, FALSE, &len);
	write_file(meta_path, piece, len, TRUE);
#endif
	for (int i = 0; i < MAX_FILES; i++) {
		piece = next_piece(&data, &size, &more, i + 1 == MAX_FILES, &len);
		write_file(stream_paths[i], piece, piece ? len : 0, FALSE);
	}
	ts = lttv_traceset_open(trace_dir, &error);
	contract(ts != NULL, error, "lttv_traceset_open");
	if (!ts)
		return 0;
	text = g_string_new(NULL);
	read_trace(ts, text);
	return 0;
}
