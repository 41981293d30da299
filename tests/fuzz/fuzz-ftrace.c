/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target of the kernel recorder's parsing and conversion code
 * (tracer/kernel/): ftrace ring-buffer pages, format files, and the
 * ftrace -> LTTng conversion of their records.
 *
 * Input:
 *   byte 0     flags: bit 0 the page header of a 32-bit kernel (4-byte
 *              commit, data at 12) rather than of a 64-bit one (8, 16);
 *              bit 1 a format text follows; bit 2 the records go to the
 *              converter of the state dump CPU; bits 3-5 which event the
 *              format text replaces (FUZZ_EVENTS, modulo its length).
 *   [bit 1]    u16 little-endian length L, then L bytes: a format file
 *   the rest   ring-buffer pages of 4096 bytes, the last one shorter
 *
 * The format text is parsed (ftrace_format_parse).  When it parses, it is
 * written as the format of the chosen event in a private fake tracefs and
 * a converter is built for that event alone (generic fields, or the LTTng
 * mapping of a known event); each record is also given to it with its
 * common_type set to the format's ID, then its trace is closed and read
 * back with liblttv: every value of every event must decode (the
 * converter wrote what the metadata declares).
 *
 * Each page is iterated (ftrace_page_begin/next on an exact-size heap copy,
 * so reads past its end are reported); every record must lie inside the
 * page, and is converted by a converter built once (LLVMFuzzerInitialize)
 * from the real formats of tests/unit/ftrace-formats.h (sched, irq, block,
 * syscalls, ftrace:print, a __rel_loc event) into streams of a temporary
 * folder, closed and removed every RESET_INPUTS inputs.  kconv_cpu_record
 * may only fail on a write error: a failure is a finding, as are crashes,
 * sanitizer reports, leaks and time-outs.
 */
#include "tracer/kernel/convert-internal.h"
#include "tracer/kernel/ftrace-format.h"
#include "tracer/kernel/ftrace-page.h"

#include "lttv/event.h"
#include "lttv/traceset.h"
#include "tests/unit/ftrace-formats.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACKET_SIZE (256 * 1024) /* as the recorder */
/* the trace of a fuzzed format, opened for every input: smaller packets
 * (cheaper), still larger than any event (KCONV_SCRATCH + headers) */
#define FUZZ_PACKET_SIZE (2 * KCONV_SCRATCH)
#define RESET_INPUTS     2000 /* the fixed converter's streams are renewed */
#define RESET_BYTES      (64u << 20)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const guint8 uuid[16] = {0x2a, 0x64, 0x22, 0xd0, 0x6c, 0xee, 0x11, 0xe0,
                                0x8c, 0x08, 0xcb, 0x07, 0xd7, 0xb3, 0xa5, 0x64};

/* The events a fuzzed format can stand for: "fuzz:event" is converted
 * field by field; the others have an LTTng mapping (convert-table.c). */
static const char *const fuzz_events[][2] = {
        {"fuzz", "event"},
        {"sched", "sched_switch"},
        {"sched", "sched_process_fork"},
        {"block", "block_rq_issue"},
        {"irq", "irq_handler_entry"},
        {"sched", "sched_process_exit"},
        {"timer", "hrtimer_start"},
        {"fuzz", "event"},
};

static FtracePageHeader headers[2];
static char *tracefs;  /* the fake tracefs of the fixed converter */
static char *fuzzfs;   /* the one of the fuzzed formats */
static char *out_dir;  /* the fixed converter's streams */
static char *fuzz_out; /* the trace of the fuzzed format */
static LttvCtfMetadata *meta;
static KConv *conv;
static LttvCtfStream *streams[2];
static KConvCpu *cpus[2];
static guint inputs;
/* LTTV_FUZZ_STATS=1: one line per input on stderr (to check seeds) */
static gboolean print_stats;
static struct {
	guint pages, records, malformed, read_back;
} stats;

static void fail(const char *what, const GError *error)
{
	fprintf(stderr, "fuzz-ftrace: %s%s%s\n", what, error ? ": " : "",
	        error ? error->message : "");
	abort();
}

static void quiet(const gchar *msg)
{
	(void)msg; /* the converters' warnings about odd formats */
}

static void streams_open(void)
{
	g_autoptr(GError) error = NULL;

	for (guint i = 0; i < 2; i++) {
		g_autofree char *name = g_strdup_printf("channel0_%u", i);

		streams[i] = lttv_ctf_stream_open(out_dir, name, i, uuid,
		                                  lttv_ctf_metadata_header_kind(meta), PACKET_SIZE,
		                                  &error);
		if (!streams[i])
			fail("cannot open a stream", error);
		cpus[i] = kconv_cpu_new(conv, i, streams[i], i == 0);
	}
}

static void streams_close(void)
{
	g_autoptr(GError) error = NULL;

	for (guint i = 0; i < 2; i++) {
		g_autofree char *name = g_strdup_printf("channel0_%u", i);
		g_autofree char *path = g_build_filename(out_dir, name, NULL);

		if (!kconv_cpu_finish(cpus[i], &error))
			fail("kconv_cpu_finish", error);
		kconv_cpu_free(cpus[i]);
		if (!lttv_ctf_stream_close(streams[i], 0, &error))
			fail("lttv_ctf_stream_close", error);
		g_unlink(path);
	}
}

static void cleanup(void)
{
	streams_close();
	kconv_free(conv);
	lttv_ctf_metadata_free(meta);
	fake_tracefs_rm_rf(tracefs);
	fake_tracefs_rm_rf(fuzzfs);
	fake_tracefs_rm_rf(out_dir);
	fake_tracefs_rm_rf(fuzz_out);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const selection[] = {"sched",        "irq",        "block", "syscall",
	                                        "ftrace:print", "lttvtest:*", NULL};
	g_autoptr(GError) error = NULL;
	const LttvDumpProcess proc = {5000001, 5000000, 1, "worker", 0, 5, 0, 5, 1, 0xfeed};
	const LttvDumpInterrupt irq = {9, "IO-APIC", "acpi"};
	const LttvDumpBlockDevice dev = {8u << 20, "sda"};

	(void)argc;
	(void)argv;
	print_stats = g_strcmp0(g_getenv("LTTV_FUZZ_STATS"), "1") == 0;
	g_set_printerr_handler(quiet);
	if (!ftrace_page_header_parse(header_page_64, &headers[0], &error) ||
	    !ftrace_page_header_parse(header_page_32, &headers[1], &error))
		fail("header_page", error);
	tracefs = fake_tracefs_new();
	fuzzfs = fake_tracefs_new();
	out_dir = g_dir_make_tmp("lttv-fuzz-ftrace-XXXXXX", NULL);
	fuzz_out = g_dir_make_tmp("lttv-fuzz-ftrace-XXXXXX", NULL);
	if (!tracefs || !fuzzfs || !out_dir || !fuzz_out)
		fail("cannot make the temporary folders", NULL);
	meta = lttv_ctf_metadata_new(uuid, uuid, 0);
	conv = kconv_new(tracefs, selection, meta, &error);
	if (!conv)
		fail("kconv_new", error);
	kconv_statedump_begin(conv, 1000);
	kconv_statedump_process(conv, 1001, &proc);
	kconv_statedump_interrupt(conv, 1002, &irq);
	kconv_statedump_block_device(conv, 1003, &dev);
	kconv_statedump_end(conv, 1004);
	streams_open();
	atexit(cleanup);
	fprintf(stderr, "fuzz-ftrace: streams in %s, fuzzed formats in %s\n", out_dir, fuzzfs);
	return 0;
}

/* Field names the metadata could not hold: twice the same (generic events
 * also declare a "_NAME_length" for dynamic arrays), or one that becomes a
 * TSDL keyword with the leading underscore.  Such formats are converted but
 * not read back (no kernel writes them). */
static gboolean names_safe(const FtraceFormat *f)
{
	static const char *const keywords[] = {"Bool", "Complex", "Imaginary", NULL};

	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	for (guint i = 0; i < f->fields->len; i++) {
		const FtraceField *x = f->fields->pdata[i];
		g_autofree char *len = g_strdup_printf("_%s_length", x->name);

		if (x->is_common)
			continue;
		if (g_strv_contains(keywords, x->name) || g_hash_table_contains(seen, x->name) ||
		    g_hash_table_contains(seen, len))
			return FALSE;
		g_hash_table_add(seen, g_strdup(x->name));
		g_hash_table_add(seen, g_steal_pointer(&len));
	}
	return TRUE;
}

typedef struct {
	KConv *conv;
	LttvCtfMetadata *meta;
	LttvCtfStream *stream;
	KConvCpu *cpu;
	guint16 id;
	gboolean read_back;
} FuzzConv;

/* A converter of the fuzzed format alone, or FALSE. */
static gboolean fuzz_conv_new(FuzzConv *fc, const char *text, guint which)
{
	const char *system = fuzz_events[which][0], *event = fuzz_events[which][1];
	g_autofree char *item = g_strdup_printf("%s:%s", system, event);
	const char *selection[] = {item, NULL};
	g_autoptr(GError) error = NULL;
	g_autoptr(FtraceFormat) f = ftrace_format_parse(system, text, &error);

	memset(fc, 0, sizeof *fc);
	if (!f) {
		if (!error)
			fail("ftrace_format_parse failed without an error", NULL);
		return FALSE;
	}
	if (error)
		fail("ftrace_format_parse succeeded with an error", error);
	if (!fake_tracefs_add(fuzzfs, system, event, text))
		fail("cannot write a format file", NULL);
	fc->id = f->id;
	fc->read_back = names_safe(f);
	fc->meta = lttv_ctf_metadata_new(uuid, uuid, 0);
	fc->conv = kconv_new(fuzzfs, selection, fc->meta, &error);
	if (!fc->conv) {
		if (!error)
			fail("kconv_new failed without an error", NULL);
		lttv_ctf_metadata_free(fc->meta);
		return FALSE;
	}
	if (error)
		fail("kconv_new succeeded with an error", error);
	if (!lttv_ctf_metadata_write(fc->meta, fuzz_out, &error))
		fail("lttv_ctf_metadata_write", error);
	fc->stream = lttv_ctf_stream_open(fuzz_out, "channel0_0", 0, uuid,
	                                  lttv_ctf_metadata_header_kind(fc->meta), FUZZ_PACKET_SIZE,
	                                  &error);
	if (!fc->stream)
		fail("cannot open a stream", error);
	fc->cpu = kconv_cpu_new(fc->conv, 0, fc->stream, FALSE);
	return TRUE;
}

/* Closes the trace of the fuzzed format and reads every value of it. */
static void fuzz_conv_finish(FuzzConv *fc)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvIter) it = NULL;
	g_autofree char *stream_path = g_build_filename(fuzz_out, "channel0_0", NULL);
	g_autofree char *meta_path = g_build_filename(fuzz_out, "metadata", NULL);
	const LttvItem *item;

	kconv_cpu_free(fc->cpu);
	if (!lttv_ctf_stream_close(fc->stream, 0, &error))
		fail("lttv_ctf_stream_close", error);
	if (fc->read_back) {
		ts = lttv_traceset_open(fuzz_out, &error);
		if (!ts)
			fail("the converted trace does not open", error);
		it = lttv_iter_new(ts);
		while ((item = lttv_iter_next(it, &error))) {
			gsize n;

			if (item->kind != LTTV_ITEM_EVENT)
				continue;
			if (!lttv_event_values(item->event, LTTV_SCOPE_PAYLOAD, &n, &error) &&
			    error)
				fail("a converted event does not decode", error);
			stats.read_back++;
		}
		if (error)
			fail("the converted trace does not read", error);
	}
	g_clear_pointer(&it, lttv_iter_free);
	g_clear_pointer(&ts, lttv_traceset_free);
	kconv_free(fc->conv);
	lttv_ctf_metadata_free(fc->meta);
	g_unlink(stream_path);
	g_unlink(meta_path);
}

static void convert(KConvCpu *cc, guint64 ts, const guint8 *payload, guint32 len)
{
	g_autoptr(GError) error = NULL;

	if (!kconv_cpu_record(cc, ts, payload, len, &error))
		fail("kconv_cpu_record", error);
	if (error)
		fail("kconv_cpu_record succeeded with an error", error);
}

static void run_page(const FtracePageHeader *h, const guint8 *data, gsize size, KConvCpu *cc,
                     FuzzConv *fc)
{
	/* an exact-size copy: the sanitizers see reads past the page */
	g_autofree guint8 *page = g_memdup2(data, size);
	const guint8 *payload;
	FtracePageIter it;
	guint32 len;
	guint64 ts;
	int res;

	if (!ftrace_page_begin(&it, h, page, size))
		return;
	stats.pages++;
	if (it.data != page + h->data_offset || it.end < it.data || it.end > page + size)
		fail("ftrace_page_begin: records outside the page", NULL);
	while ((res = ftrace_page_next(&it, &payload, &len, &ts)) > 0) {
		if (payload < it.data || payload > it.end || len > (gsize)(it.end - payload) ||
		    it.pos < it.data || it.pos > it.end)
			fail("ftrace_page_next: a record outside the page", NULL);
		stats.records++;
		convert(cc, ts, payload, len);
		if (fc->conv && len >= 2) {
			g_autofree guint8 *copy = g_memdup2(payload, len);

			memcpy(copy, &fc->id, 2);
			convert(fc->cpu, ts, copy, len);
		}
	}
	if (res < -1)
		fail("ftrace_page_next: an unknown result", NULL);
	stats.malformed += res < 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzConv fc = {0};
	guint8 flags;
	const FtracePageHeader *h;
	gsize page_size;
	KConvCpu *cc;
	guint64 events, unknown;
	gboolean fuzzed;

	if (size < 1)
		return -1;
	memset(&stats, 0, sizeof stats);
	flags = data[0];
	data++;
	size--;
	cc = cpus[(flags >> 2) & 1];
	events = kconv_cpu_events(cc);
	unknown = kconv_cpu_unknown(cc);
	h = &headers[flags & 1];
	if (flags & 2) {
		gsize len;
		g_autofree char *text = NULL;

		if (size < 2)
			return -1;
		len = MIN((gsize)(data[0] | data[1] << 8), size - 2);
		text = g_strndup((const char *)data + 2, len);
		data += 2 + len;
		size -= 2 + len;
		fuzz_conv_new(&fc, text, (flags >> 3) % G_N_ELEMENTS(fuzz_events));
	}
	page_size = (gsize)h->data_offset + h->data_size;
	for (gsize off = 0; off < size; off += page_size)
		run_page(h, data + off, MIN(page_size, size - off), cc, &fc);
	fuzzed = fc.conv != NULL;
	if (fc.conv)
		fuzz_conv_finish(&fc);
	if (print_stats)
		fprintf(stderr,
		        "fuzz-ftrace: %u pages, %u records (%u pages malformed), converted: "
		        "%" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT
		        " unknown; format %s, %u events read back\n",
		        stats.pages, stats.records, stats.malformed, kconv_cpu_events(cc) - events,
		        kconv_cpu_unknown(cc) - unknown,
		        flags & 2 ? (fuzzed ? "converted" : "rejected") : "none", stats.read_back);

	if (++inputs % RESET_INPUTS == 0 ||
	    lttv_ctf_stream_bytes(streams[0]) + lttv_ctf_stream_bytes(streams[1]) > RESET_BYTES) {
		streams_close();
		streams_open();
	}
	return 0;
}
