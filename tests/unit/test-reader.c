/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The traceset API on real shared traces: streams, merge order, seeking,
 * field handles, discarded notices, errors. */
#include "lttv/error.h"
#include "lttv/event.h"
#include "lttv/traceset.h"
#include "shared-traces.h"
#include "tmpdir.h"

#include <stdbool.h>
#include <string.h>

static void test_streams(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	LttvTrace *t;
	guint64 mask = 0;

	g_assert_cmpuint(lttv_traceset_n_traces(ts), ==, 1);
	t = lttv_traceset_trace(ts, 0);
	g_assert_cmpstr(lttv_trace_env(t, "domain"), ==, "kernel");
	g_assert_cmpstr(lttv_trace_env(t, "tracer_major"), ==, "2");
	g_assert_cmpuint(lttv_trace_n_streams(t), ==, 8);
	for (guint i = 0; i < 8; i++) {
		LttvStreamInfo info;

		lttv_stream_info(lttv_trace_stream(t, i), &info);
		g_assert_cmpint(info.cpu, >=, 0);
		g_assert_cmpint(info.cpu, <, 8);
		mask |= 1u << info.cpu;
		g_assert_true(info.has_times);
		g_assert_cmpint(info.begin, <=, info.end);
	}
	g_assert_cmpuint(mask, ==, 0xff);
}

static void test_merge_order(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GError) error = NULL;
	const LttvItem *item;
	LttvTime prev = LTTV_TIME_MIN;
	guint64 n = 0;

	while ((item = lttv_iter_next(it, &error))) {
		g_assert_cmpint(item->kind, ==, LTTV_ITEM_EVENT);
		g_assert_cmpint(item->time, >=, prev);
		g_assert_cmpint(lttv_event_cpu(item->event), >=, 0);
		prev = item->time;
		n++;
	}
	g_assert_no_error(error);
	g_assert_cmpuint(n, ==, 240644);
}

/* The rank of a stream in its traceset: the order of ties. */
static guint source_rank(LttvTraceset *ts, const LttvStream *s)
{
	guint rank = 0;

	for (guint t = 0; t < lttv_traceset_n_traces(ts); t++) {
		LttvTrace *trace = lttv_traceset_trace(ts, t);

		for (guint i = 0; i < lttv_trace_n_streams(trace); i++, rank++)
			if (lttv_trace_stream(trace, i) == s)
				return rank;
	}
	g_assert_not_reached();
}

/* A trace opened twice: every event ties with its copy, and ties go in
 * trace order, then stream order (the heap keeps its top while the top's
 * next event comes first: the ties must not change that). */
static void test_merge_ties(void)
{
	g_autofree char *path = trace_path("tracecompass/many-threads");
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTraceset) ts = lttv_traceset_new();
	g_autoptr(LttvIter) it = NULL;
	const LttvItem *item;
	LttvTime prev = LTTV_TIME_MIN;
	guint prev_rank = 0;
	guint64 n = 0, ties = 0;

	g_assert_true(lttv_traceset_add_path(ts, path, &error));
	g_assert_true(lttv_traceset_add_path(ts, path, &error));
	g_assert_no_error(error);
	it = lttv_iter_new(ts);
	while ((item = lttv_iter_next(it, &error))) {
		guint rank = source_rank(ts, item->stream);

		g_assert_cmpint(item->time, >=, prev);
		if (item->time == prev) {
			g_assert_cmpuint(rank, >=, prev_rank);
			ties += rank != prev_rank;
		}
		prev = item->time;
		prev_rank = rank;
		n++;
	}
	g_assert_no_error(error);
	g_assert_cmpuint(n, ==, 2 * 240644);
	/* each event but those of a time its stream repeats meets its copy */
	g_assert_cmpuint(ties, >=, 200000);
}

static void test_seek(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GError) error = NULL;
	const LttvItem *item;
	LttvTime times[6] = {0};
	guint64 n = 0, skip = 100000;

	/* the 100001st event, then seek to its time from far away */
	while ((item = lttv_iter_next(it, &error)) && n < skip + 5) {
		if (n >= skip)
			times[n - skip] = item->time;
		n++;
	}
	g_assert_no_error(error);
	g_assert_true(lttv_iter_seek(it, times[0], &error));
	item = lttv_iter_next(it, &error);
	g_assert_nonnull(item);
	g_assert_cmpint(item->time, ==, times[0]);
	/* seeking before the start gives the first event; past the end nothing */
	g_assert_true(lttv_iter_seek(it, 0, &error));
	item = lttv_iter_next(it, &error);
	g_assert_nonnull(item);
	g_assert_cmpint(item->time, ==, INT64_C(1457113582794565804));
	g_assert_true(lttv_iter_seek(it, INT64_C(1457113584000000000), &error));
	g_assert_null(lttv_iter_next(it, &error));
	g_assert_no_error(error);
}

/* Whether two decoded values are the same. */
static bool same_value(const LttvFieldValue *a, const LttvFieldValue *b)
{
	if (a->kind != b->kind || a->depth != b->depth || g_strcmp0(a->name, b->name) != 0)
		return false;
	if (a->kind == LTTV_VALUE_STRING || a->kind == LTTV_VALUE_BLOB)
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	return a->u == b->u;
}

/* Every event of every well-formed trace read twice, by an iterator as
 * lttv_iter_new() makes it and by one that `setup` changes: the items and
 * every value of every scope must be the same. */
static void compare_readings(void (*setup)(LttvIter *it))
{
	static const LttvScope scopes[] = {LTTV_SCOPE_EVENT_HEADER, LTTV_SCOPE_COMMON_CONTEXT,
	                                   LTTV_SCOPE_SPECIFIC_CONTEXT, LTTV_SCOPE_PAYLOAD};
	g_autoptr(GPtrArray) traces = well_formed_traces();
	guint64 events = 0;

	for (guint i = 0; i < traces->len; i++) {
		g_autofree char *path = trace_path(traces->pdata[i]);
		g_autoptr(GError) error = NULL, error2 = NULL;
		g_autoptr(LttvTraceset) ts = lttv_traceset_open(path, &error);
		g_autoptr(LttvIter) fast = NULL, slow = NULL;
		const LttvItem *a, *b;

		if (!ts)
			continue;
		fast = lttv_iter_new(ts);
		slow = lttv_iter_new(ts);
		setup(slow);
		while ((a = lttv_iter_next(fast, &error))) {
			b = lttv_iter_next(slow, &error2);
			g_assert_nonnull(b);
			g_assert_cmpint(a->kind, ==, b->kind);
			g_assert_cmpint(a->time, ==, b->time);
			g_assert_true(a->stream == b->stream);
			g_assert_cmpint(a->packet_first, ==, b->packet_first);
			if (a->kind != LTTV_ITEM_EVENT) {
				g_assert_cmpuint(a->count, ==, b->count);
				continue;
			}
			g_assert_true(lttv_event_event_class(a->event) ==
			              lttv_event_event_class(b->event));
			g_assert_cmpuint(lttv_event_cycles(a->event), ==,
			                 lttv_event_cycles(b->event));
			g_assert_cmpuint(lttv_event_packet_index(a->event), ==,
			                 lttv_event_packet_index(b->event));
			for (guint k = 0; k < G_N_ELEMENTS(scopes); k++) {
				gsize na = 0, nb = 0;
				const LttvFieldValue *va =
				        lttv_event_values(a->event, scopes[k], &na, NULL);
				const LttvFieldValue *vb =
				        lttv_event_values(b->event, scopes[k], &nb, NULL);

				g_assert_cmpuint(na, ==, nb);
				for (gsize v = 0; v < na; v++)
					if (!same_value(&va[v], &vb[v]))
						g_error("%s: event %" G_GUINT64_FORMAT
						        ", scope %u, value %zu "
						        "differs",
						        (const char *)traces->pdata[i], events, k,
						        v);
			}
			events++;
		}
		g_assert_null(lttv_iter_next(slow, &error2));
		g_assert_cmpint(error != NULL, ==, error2 != NULL);
	}
	g_test_message("%" G_GUINT64_FORMAT " events compared", events);
	g_assert_cmpuint(events, >, 1000000);
}

static void decode_while_stepping(LttvIter *it)
{
	lttv_iter_set_decode_values(it, TRUE);
}

/* The iterator's inline step (ctf/cursor-step.h) against the values
 * decoded while stepping, which the step leaves to the generic decoder. */
static void test_step_matches_generic(void)
{
	compare_readings(decode_while_stepping);
}

static void copy_packets(LttvIter *it)
{
	lttv_iter_set_copy_packets(it, TRUE);
}

/* Packets read into the cursors' copies against the files' mappings. */
static void test_copy_matches_map(void)
{
	compare_readings(copy_packets);
}

/* item->packet_first: set on the first event of each packet, and on the
 * first event after a seek, on every well-formed trace. */
static void test_packet_first(void)
{
	g_autoptr(GPtrArray) traces = well_formed_traces();
	guint64 firsts = 0, mid_packet = 0;

	for (guint i = 0; i < traces->len; i++) {
		g_autofree char *path = trace_path(traces->pdata[i]);
		g_autoptr(GError) error = NULL;
		g_autoptr(LttvTraceset) ts = lttv_traceset_open(path, &error);
		g_autoptr(LttvIter) it = NULL;
		g_autoptr(GHashTable) last = NULL; /* stream -> packet index + 1 */
		const LttvItem *item;
		LttvTime middle = LTTV_TIME_MIN;
		guint64 n = 0;

		if (!ts)
			continue;
		it = lttv_iter_new(ts);
		last = g_hash_table_new(NULL, NULL);
		while ((item = lttv_iter_next(it, &error))) {
			guint64 pkt;

			if (item->kind != LTTV_ITEM_EVENT) {
				g_assert_false(item->packet_first);
				continue;
			}
			pkt = lttv_event_packet_index(item->event) + 1;
			g_assert_cmpint(item->packet_first, ==,
			                GPOINTER_TO_SIZE(g_hash_table_lookup(last, item->stream)) !=
			                        pkt);
			g_hash_table_insert(last, item->stream, GSIZE_TO_POINTER(pkt));
			firsts += item->packet_first;
			if (++n == 7)
				middle = item->time;
		}
		if (error || n < 8)
			continue;
		/* after a seek into a packet, its first event handed out is marked */
		g_assert_true(lttv_iter_seek(it, middle, &error));
		item = lttv_iter_next(it, &error);
		g_assert_nonnull(item);
		g_assert_true(item->kind != LTTV_ITEM_EVENT || item->packet_first);
		mid_packet++;
	}
	g_test_message("%" G_GUINT64_FORMAT " packets begun, %" G_GUINT64_FORMAT " seeks", firsts,
	               mid_packet);
	g_assert_cmpuint(firsts, >=, 500);
	g_assert_cmpuint(mid_packet, >=, 40);
}

/* Appends v's `size` low bytes, little-endian. */
static void put_le(GByteArray *b, uint64_t v, int size)
{
	for (int i = 0; i < size; i++)
		g_byte_array_append(b, (guint8[]){(guint8)(v >> (8 * i))}, 1);
}

/* Writes a one-packet stream file, its content_size and packet_size (u64
 * each, at byte `sizes_at`) set to all of it, in bits; frees b. */
static void write_packet_file(const char *path, GByteArray *b, guint sizes_at)
{
	for (int i = 0; i < 8; i++) {
		b->data[sizes_at + i] = (guint8)(((uint64_t)b->len * 8) >> (8 * i));
		b->data[sizes_at + 8 + i] = (guint8)(((uint64_t)b->len * 8) >> (8 * i));
	}
	g_assert_true(g_file_set_contents(path, (const char *)b->data, b->len, NULL));
	g_byte_array_unref(b);
}

/* Integer fields read by handle, each size, sign and byte order, at
 * whole-byte and bit offsets, in a trace written here (the shared traces
 * lack some: signed 8 and 16-bit fields). */
static void test_integer_handles(void)
{
	static const char metadata[] =
	        "/* CTF 1.8 */\n"
	        "typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n"
	        "typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n"
	        "trace { major = 1; minor = 8; byte_order = le;\n"
	        "  packet.header := struct { uint32_t magic; }; };\n"
	        "stream { packet.context := struct { uint64_t content_size; uint64_t packet_size; "
	        "};\n"
	        "  event.header := struct { uint32_t id; }; };\n"
	        "event { name = \"e\"; id = 0; fields := struct {\n"
	        "  integer { size = 8; align = 8; signed = true; } s8;\n"
	        "  integer { size = 8; align = 8; signed = false; } u8;\n"
	        "  integer { size = 16; align = 8; signed = true; } s16;\n"
	        "  integer { size = 16; align = 8; signed = false; } u16;\n"
	        "  integer { size = 32; align = 8; signed = true; } s32;\n"
	        "  integer { size = 64; align = 8; signed = true; } s64;\n"
	        "  integer { size = 16; align = 8; signed = true; byte_order = be; } be16;\n"
	        "  integer { size = 4; align = 1; signed = true; } nib;\n"
	        "  integer { size = 12; align = 1; signed = false; } odd; }; };\n";
	static const char *const names[] = {"s8",  "u8",   "s16", "u16", "s32",
	                                    "s64", "be16", "nib", "odd"};
	/* per event: the values, as lttv_event_get_int() returns them */
	static const int64_t want[2][9] = {
	        {-5, 250, -30000, 65000, -2000000000, INT64_MIN + 7, -2, -3, 4000},
	        {127, 0, 32767, 1, 2147483647, -1, 258, 7, 1},
	};
	g_autofree char *dir = g_dir_make_tmp("lttv-int-XXXXXX", NULL);
	g_autofree char *meta = g_build_filename(dir, "metadata", NULL);
	g_autofree char *stream = g_build_filename(dir, "stream_0", NULL);
	GByteArray *b = g_byte_array_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvIter) it = NULL;
	const LttvItem *item;
	guint n = 0;

	put_le(b, 0xC1FC1FC1u, 4);
	put_le(b, 0, 8); /* content_size, set below */
	put_le(b, 0, 8); /* packet_size */
	for (int e = 0; e < 2; e++) {
		const int64_t *w = want[e];

		put_le(b, 0, 4); /* id */
		put_le(b, w[0], 1);
		put_le(b, w[1], 1);
		put_le(b, w[2], 2);
		put_le(b, w[3], 2);
		put_le(b, w[4], 4);
		put_le(b, w[5], 8);
		/* big-endian */
		g_byte_array_append(b, (guint8[]){(guint8)((uint64_t)w[6] >> 8), (guint8)w[6]}, 2);
		/* 4 + 12 bits, little-endian bit order: nib in the low bits */
		put_le(b, ((uint64_t)w[7] & 0xf) | (uint64_t)w[8] << 4, 2);
	}
	g_assert_true(g_file_set_contents(meta, metadata, -1, NULL));
	write_packet_file(stream, b, 4);

	ts = lttv_traceset_open(dir, &error);
	g_assert_no_error(error);
	it = lttv_iter_new(ts);
	while ((item = lttv_iter_next(it, &error))) {
		LttvEventClass *ec = lttv_event_event_class(item->event);

		g_assert_cmpuint(n, <, 2);
		for (guint k = 0; k < G_N_ELEMENTS(names); k++) {
			const LttvField *f = lttv_event_class_field(ec, names[k]);
			int64_t v = 0;
			uint64_t u = 0;

			g_assert_nonnull(f);
			g_assert_true(lttv_event_get_int(item->event, f, &v));
			g_assert_true(lttv_event_get_uint(item->event, f, &u));
			if (v != want[n][k])
				g_error("event %u, %s: %" G_GINT64_FORMAT
				        ", want %" G_GINT64_FORMAT,
				        n, names[k], v, want[n][k]);
			g_assert_cmpuint(u, ==, (uint64_t)want[n][k]);
		}
		n++;
	}
	g_assert_no_error(error);
	g_assert_cmpuint(n, ==, 2);
	lttv_iter_free(g_steal_pointer(&it));
	lttv_traceset_free(g_steal_pointer(&ts));
	rm_rf(dir);
}

/* Packets whose header and context take more than the 4 KiB the index
 * reads of each with pread(): it reads them through the mapping instead,
 * and both ways of reading the events give them. */
static void test_long_packet_context(void)
{
	static const char metadata[] =
	        "/* CTF 1.8 */\n"
	        "typealias integer { size = 8; align = 8; signed = false; } := uint8_t;\n"
	        "typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n"
	        "typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n"
	        "trace { major = 1; minor = 8; byte_order = le;\n"
	        "  packet.header := struct { uint32_t magic; }; };\n"
	        "stream { packet.context := struct { uint8_t pad[6000]; uint64_t content_size;\n"
	        "  uint64_t packet_size; uint32_t cpu_id; };\n"
	        "  event.header := struct { uint32_t id; }; };\n"
	        "event { name = \"e\"; id = 0; fields := struct { uint32_t x; }; };\n";
	g_autofree char *dir = g_dir_make_tmp("lttv-long-ctx-XXXXXX", NULL);
	g_autofree char *meta = g_build_filename(dir, "metadata", NULL);
	g_autofree char *stream = g_build_filename(dir, "stream_0", NULL);
	GByteArray *file = g_byte_array_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTraceset) ts = NULL;

	for (guint pkt = 0; pkt < 2; pkt++) {
		guint start = file->len;

		put_le(file, 0xC1FC1FC1u, 4);
		for (int i = 0; i < 6000; i++)
			put_le(file, (uint64_t)i, 1);
		put_le(file, 0, 8); /* content_size, set below */
		put_le(file, 0, 8); /* packet_size */
		put_le(file, 3, 4); /* cpu_id */
		for (guint e = 0; e < 3; e++) {
			put_le(file, 0, 4); /* id */
			put_le(file, pkt * 10 + e, 4);
		}
		for (int i = 0; i < 8; i++) {
			uint64_t bits = (uint64_t)(file->len - start) * 8;

			file->data[start + 6004 + i] = (guint8)(bits >> (8 * i));
			file->data[start + 6012 + i] = (guint8)(bits >> (8 * i));
		}
	}
	g_assert_true(g_file_set_contents(meta, metadata, -1, NULL));
	g_assert_true(g_file_set_contents(stream, (const char *)file->data, file->len, NULL));
	g_byte_array_unref(file);
	ts = lttv_traceset_open(dir, &error);
	g_assert_no_error(error);
	for (int copy = 0; copy < 2; copy++) {
		g_autoptr(LttvIter) it = lttv_iter_new(ts);
		const LttvItem *item;
		guint n = 0;

		lttv_iter_set_copy_packets(it, copy);
		while ((item = lttv_iter_next(it, &error))) {
			const LttvField *f =
			        lttv_event_class_field(lttv_event_event_class(item->event), "x");
			uint64_t x = 0;

			g_assert_true(lttv_event_get_uint(item->event, f, &x));
			g_assert_cmpuint(x, ==, n / 3 * 10 + n % 3);
			g_assert_cmpuint(lttv_event_packet_index(item->event), ==, n / 3);
			n++;
		}
		g_assert_no_error(error);
		g_assert_cmpuint(n, ==, 6);
	}
	lttv_traceset_free(g_steal_pointer(&ts));
	rm_rf(dir);
}

/* A header's integers by name, in walk order ("id", "timestamp"). */
typedef struct {
	uint64_t v[8];
	const char *name[8];
	guint n;
} HeaderValues;

static void catch_header(const LttvValue *v, gpointer ud)
{
	HeaderValues *h = ud;

	if ((v->kind == LTTV_VALUE_UINT || v->kind == LTTV_VALUE_SINT) && v->name &&
	    h->n < G_N_ELEMENTS(h->v)) {
		h->name[h->n] = v->name;
		h->v[h->n++] = v->u;
	}
}

/* LTTng's two event headers, compact (5-bit id, 27-bit timestamp) and
 * large (16-bit id, 32-bit timestamp), each in both forms: the extended
 * one (id 31 or 65535, then a 32-bit id and a 64-bit timestamp) is what
 * kernel traces use for most events, read by the inline header decoder. */
static void test_lttng_headers(void)
{
	static const char metadata[] =
	        "/* CTF 1.8 */\n"
	        "typealias integer { size = 5; align = 1; signed = false; } := uint5_t;\n"
	        "typealias integer { size = 16; align = 8; signed = false; } := uint16_t;\n"
	        "typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n"
	        "typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n"
	        "trace { major = 1; minor = 8; byte_order = le;\n"
	        "  packet.header := struct { uint32_t magic; uint32_t stream_id; }; };\n"
	        "clock { name = \"monotonic\"; freq = 1000000000; offset = 0; };\n"
	        "typealias integer { size = 27; align = 1; signed = false;\n"
	        "  map = clock.monotonic.value; } := uint27_clock_monotonic_t;\n"
	        "typealias integer { size = 32; align = 8; signed = false;\n"
	        "  map = clock.monotonic.value; } := uint32_clock_monotonic_t;\n"
	        "typealias integer { size = 64; align = 8; signed = false;\n"
	        "  map = clock.monotonic.value; } := uint64_clock_monotonic_t;\n"
	        "struct packet_context { uint64_t content_size; uint64_t packet_size;\n"
	        "  uint64_clock_monotonic_t timestamp_begin; };\n"
	        "struct event_header_compact {\n"
	        "  enum : uint5_t { compact = 0 ... 30, extended = 31 } id;\n"
	        "  variant <id> { struct { uint27_clock_monotonic_t timestamp; } compact;\n"
	        "    struct { uint32_t id; uint64_clock_monotonic_t timestamp; } extended; } v;\n"
	        "} align(8);\n"
	        "struct event_header_large {\n"
	        "  enum : uint16_t { compact = 0 ... 65534, extended = 65535 } id;\n"
	        "  variant <id> { struct { uint32_clock_monotonic_t timestamp; } compact;\n"
	        "    struct { uint32_t id; uint64_clock_monotonic_t timestamp; } extended; } v;\n"
	        "} align(8);\n"
	        "stream { id = 0; packet.context := struct packet_context;\n"
	        "  event.header := struct event_header_compact; };\n"
	        "stream { id = 1; packet.context := struct packet_context;\n"
	        "  event.header := struct event_header_large; };\n"
	        "event { name = \"a\"; id = 1; stream_id = 0; fields := struct { uint32_t x; }; "
	        "};\n"
	        "event { name = \"b\"; id = 40; stream_id = 0; fields := struct { uint32_t x;\n"
	        "  integer { size = 8; align = 8; signed = false; } tail[stream.event.header.id]; "
	        "};\n"
	        "};\n"
	        "event { name = \"c\"; id = 1; stream_id = 1; fields := struct { uint32_t x; }; "
	        "};\n"
	        "event { name = \"d\"; id = 70000; stream_id = 1;\n"
	        "  fields := struct { uint32_t x; }; };\n";
	static const struct {
		const char *name;
		LttvTime time;
		uint64_t x, selector, id; /* id: the extended one, 0 for the compact form */
	} want[] = {
	        {"a", 100, 11, 1, 0},
	        {"c", 200, 44, 1, 0},
	        {"b", (INT64_C(1) << 40) + 5, 22, 31, 40},
	        {"a", (INT64_C(1) << 40) + 7, 33, 1, 0},
	        {"d", (INT64_C(1) << 40) + 9, 55, 65535, 70000},
	        {"c", (INT64_C(1) << 40) + 12, 66, 1, 0},
	};
	g_autofree char *dir = g_dir_make_tmp("lttv-hdr-XXXXXX", NULL);
	g_autofree char *meta = g_build_filename(dir, "metadata", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvIter) it = NULL;
	const LttvItem *item;
	guint n = 0;

	g_assert_true(g_file_set_contents(meta, metadata, -1, NULL));
	for (int s = 0; s < 2; s++) {
		g_autofree char *name = g_strdup_printf("stream_%d", s);
		g_autofree char *path = g_build_filename(dir, name, NULL);
		GByteArray *b = g_byte_array_new();

		put_le(b, 0xC1FC1FC1u, 4);
		put_le(b, s, 4);
		put_le(b, 0, 8); /* content_size, set below */
		put_le(b, 0, 8); /* packet_size */
		put_le(b, 0, 8); /* timestamp_begin */
		if (s == 0) {
			put_le(b, 1 | 100u << 5, 4); /* compact: id 1 at 100 */
			put_le(b, 11, 4);
			put_le(b, 31, 1); /* extended: id 40 at 2^40 + 5 */
			put_le(b, 40, 4);
			put_le(b, (UINT64_C(1) << 40) + 5, 8);
			put_le(b, 22, 4);
			for (int i = 0; i < 31; i++) /* tail: as long as the selector says */
				put_le(b, i, 1);
			put_le(b, 1 | 7u << 5, 4); /* compact: the low 27 bits 7 */
			put_le(b, 33, 4);
		} else {
			put_le(b, 1, 2); /* large: id 1 at 200 */
			put_le(b, 200, 4);
			put_le(b, 44, 4);
			put_le(b, 65535, 2); /* extended: id 70000 at 2^40 + 9 */
			put_le(b, 70000, 4);
			put_le(b, (UINT64_C(1) << 40) + 9, 8);
			put_le(b, 55, 4);
			put_le(b, 1, 2); /* large: the low 32 bits 12 */
			put_le(b, 12, 4);
			put_le(b, 66, 4);
		}
		write_packet_file(path, b, 8);
	}

	ts = lttv_traceset_open(dir, &error);
	g_assert_no_error(error);
	it = lttv_iter_new(ts);
	while ((item = lttv_iter_next(it, &error))) {
		LttvEventClass *ec = lttv_event_event_class(item->event);
		const LttvField *x = lttv_event_class_field(ec, "x");
		HeaderValues h = {0};
		uint64_t got = 0;

		g_assert_cmpuint(n, <, G_N_ELEMENTS(want));
		g_assert_cmpstr(lttv_event_class_name(ec), ==, want[n].name);
		g_assert_cmpint(item->time, ==, want[n].time);
		g_assert_true(x && lttv_event_get_uint(item->event, x, &got));
		g_assert_cmpuint(got, ==, want[n].x);
		/* the header again, through the variant its selector chooses */
		g_assert_true(lttv_event_walk(item->event, LTTV_SCOPE_EVENT_HEADER, catch_header,
		                              &h, &error));
		g_assert_no_error(error);
		g_assert_cmpuint(h.n, ==, want[n].id ? 3 : 2);
		g_assert_cmpstr(h.name[0], ==, "id");
		g_assert_cmpuint(h.v[0], ==, want[n].selector);
		if (want[n].id) {
			g_assert_cmpuint(h.v[1], ==, want[n].id);
			g_assert_cmpuint(h.v[2], ==, (uint64_t)want[n].time);
		}
		n++;
	}
	g_assert_no_error(error);
	g_assert_cmpuint(n, ==, G_N_ELEMENTS(want));
	lttv_iter_free(g_steal_pointer(&it));
	lttv_traceset_free(g_steal_pointer(&ts));
	rm_rf(dir);
}

typedef struct {
	const char *want;
	int64_t value;
	bool found;
} IntCatch;

static void catch_int(const LttvValue *v, gpointer ud)
{
	IntCatch *c = ud;

	if (v->depth == 1 && v->name && !strcmp(v->name, c->want) &&
	    (v->kind == LTTV_VALUE_SINT || v->kind == LTTV_VALUE_UINT)) {
		c->value = v->s;
		c->found = true;
	}
}

static void test_field_handles(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GError) error = NULL;
	const LttvItem *item;
	guint checked = 0;

	while ((item = lttv_iter_next(it, &error)) && checked < 500) {
		LttvEventClass *ec = lttv_event_event_class(item->event);
		const LttvField *tid, *comm;
		int64_t v;
		const char *s;
		size_t len;
		IntCatch c = {.want = "next_tid"};

		if (strcmp(lttv_event_class_name(ec), "sched_switch"))
			continue;
		tid = lttv_event_class_field(ec, "next_tid");
		comm = lttv_event_class_field(ec, "next_comm");
		g_assert_nonnull(tid);
		g_assert_nonnull(comm);
		g_assert_null(lttv_event_class_field(ec, "no_such_field"));
		g_assert_true(lttv_event_get_int(item->event, tid, &v));
		g_assert_true(
		        lttv_event_walk(item->event, LTTV_SCOPE_PAYLOAD, catch_int, &c, &error));
		g_assert_true(c.found);
		g_assert_cmpint(v, ==, c.value);
		g_assert_true(lttv_event_get_string(item->event, comm, &s, &len));
		g_assert_cmpuint(len, <, 16);
		g_assert_true(g_utf8_validate(s, (gssize)len, NULL));
		checked++;
	}
	g_assert_no_error(error);
	g_assert_cmpuint(checked, ==, 500);
}

typedef struct {
	LttvEventClass *ec;
	const LttvEvent *ev;
	guint checked;
	bool bad;
} HandleCheck;

/* Every top-level integer of a payload, read by handle, equals the value
 * the walk visits (variable layouts included: strings before integers). */
static void check_by_handle(const LttvValue *v, gpointer ud)
{
	HandleCheck *h = ud;
	const LttvField *f;
	int64_t got;

	if (v->depth != 1 || !v->name || (v->kind != LTTV_VALUE_SINT && v->kind != LTTV_VALUE_UINT))
		return;
	f = lttv_event_class_field_in(h->ec, LTTV_SCOPE_PAYLOAD, v->name);
	if (!f || !lttv_event_get_int(h->ev, f, &got) || got != v->s) {
		g_printerr("%s.%s: handle %" G_GINT64_FORMAT ", walk %" G_GINT64_FORMAT "\n",
		           lttv_event_class_name(h->ec), v->name, f ? got : -1, v->s);
		h->bad = true;
	}
	h->checked++;
}

static void test_handles_everywhere(void)
{
	static const char *const traces[] = {"tracecompass/many-threads",
	                                     "alireza-ezaz/trace-analysis-kernel",
	                                     "tracecompass/ros2", "babeltrace/succeed/sequence"};

	for (size_t t = 0; t < G_N_ELEMENTS(traces); t++) {
		g_autoptr(LttvTraceset) ts = open_ok(traces[t]);
		g_autoptr(LttvIter) it = lttv_iter_new(ts);
		g_autoptr(GError) error = NULL;
		const LttvItem *item;
		HandleCheck h = {0};

		while ((item = lttv_iter_next(it, &error))) {
			h.ev = item->event;
			h.ec = lttv_event_event_class(item->event);
			g_assert_true(lttv_event_walk(item->event, LTTV_SCOPE_PAYLOAD,
			                              check_by_handle, &h, &error) ||
			              !error);
		}
		g_assert_no_error(error);
		g_assert_false(h.bad);
		g_assert_cmpuint(h.checked, >=, 10);
	}
}

/* babeltrace2 2.0.4 prints "/var/run/utmpx" here (the previous value of
 * the field); the bytes hold an empty string. */
static void test_empty_string(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GError) error = NULL;
	const LttvItem *item;
	const LttvField *f;
	const char *s;
	size_t len;
	int64_t mode;

	g_assert_true(lttv_iter_seek(it, INT64_C(1457113583226574671), &error));
	item = lttv_iter_next(it, &error);
	g_assert_nonnull(item);
	g_assert_cmpstr(lttv_event_name(item->event), ==, "syscall_entry_access");
	f = lttv_event_class_field(lttv_event_event_class(item->event), "filename");
	g_assert_true(lttv_event_get_string(item->event, f, &s, &len));
	g_assert_cmpuint(len, ==, 0);
	f = lttv_event_class_field(lttv_event_event_class(item->event), "mode");
	g_assert_true(lttv_event_get_int(item->event, f, &mode));
	g_assert_cmpint(mode, ==, 4);
}

static void count_notices(const char *rel, LttvItemKind kind, guint64 expect)
{
	g_autoptr(LttvTraceset) ts = open_ok(rel);
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GError) error = NULL;
	const LttvItem *item;
	guint64 total = 0;

	while ((item = lttv_iter_next(it, &error)))
		if (item->kind == kind) {
			g_assert_true(item->count_known);
			g_assert_cmpint(item->begin, <=, item->end);
			total += item->count;
		}
	g_assert_no_error(error);
	g_assert_cmpuint(total, ==, expect);
}

static void test_discarded(void)
{
	count_notices("babeltrace/succeed/multi-domains", LTTV_ITEM_DISCARDED_EVENTS, 728);
	count_notices("babeltrace/packet-seq-num/2-streams-lost-in-2", LTTV_ITEM_DISCARDED_PACKETS,
	              6);
	count_notices("babeltrace/packet-seq-num/7-lost-between-2-with-index",
	              LTTV_ITEM_DISCARDED_PACKETS, 7);
	count_notices("babeltrace/packet-seq-num/no-lost", LTTV_ITEM_DISCARDED_PACKETS, 0);
}

static void test_error_after_events(void)
{
	g_autoptr(LttvTraceset) ts =
	        open_ok("malformed/babeltrace/valid-events-then-invalid-events");
	g_autofree char *message = NULL;

	/* the same error, with the same file offset, when reading copies */
	for (int copy = 0; copy < 2; copy++) {
		g_autoptr(LttvIter) it = lttv_iter_new(ts);
		g_autoptr(GError) error = NULL;
		guint n = 0;

		lttv_iter_set_copy_packets(it, copy);
		while (lttv_iter_next(it, &error))
			n++;
		g_assert_cmpuint(n, ==, 2);
		g_assert_error(error, LTTV_ERROR, LTTV_ERROR_DATA);
		g_assert_nonnull(strstr(error->message, "dummystream: offset "));
		if (!message)
			message = g_strdup(error->message);
		else
			g_assert_cmpstr(error->message, ==, message);
		/* the iterator stays at its end */
		g_clear_error(&error);
		g_assert_null(lttv_iter_next(it, &error));
	}
}

/* A data file cut short after the trace was opened: reading copies says
 * so, with the file and the packet, where reading through the mapping
 * would take a SIGBUS. */
static void test_copy_file_cut(void)
{
	g_autofree char *src = trace_path("tracecompass/bug446190");
	g_autofree char *dir = g_dir_make_tmp("lttv-reader-cut-XXXXXX", NULL);
	g_autofree char *victim = g_build_filename(dir, "channel0_1", NULL);
	const char *names[] = {"metadata", "channel0_0", "channel0_1", "channel0_2", "channel0_3"};
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvIter) it = NULL;
	g_autoptr(GError) error = NULL;
	guint n = 0;

	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *from = g_build_filename(src, names[i], NULL);
		g_autofree char *to = g_build_filename(dir, names[i], NULL);
		g_autofree char *data = NULL;
		gsize len;

		g_assert_true(g_file_get_contents(from, &data, &len, NULL));
		g_assert_true(g_file_set_contents(to, data, (gssize)len, NULL));
	}
	ts = lttv_traceset_open(dir, &error);
	g_assert_no_error(error);
	g_assert_cmpint(truncate(victim, 4096), ==, 0);
	it = lttv_iter_new(ts);
	lttv_iter_set_copy_packets(it, TRUE);
	while (lttv_iter_next(it, &error))
		n++;
	g_assert_error(error, LTTV_ERROR, LTTV_ERROR_IO);
	g_assert_nonnull(strstr(error->message, "channel0_1: cannot read the packet at offset"));
	g_test_message("%u items, then: %s", n, error->message);
	rm_rf(dir);
}

static void test_no_trace(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *p = trace_path("expected");

	g_assert_null(lttv_traceset_open(p, &error));
	g_assert_error(error, LTTV_ERROR, LTTV_ERROR_NO_TRACE);
}

/* lttv_traceset_notices() gives the iterator's notices, in its order,
 * on every well-formed shared trace. */
static void test_notices_from_index(void)
{
	g_autoptr(GPtrArray) traces = well_formed_traces();
	guint with = 0;

	for (guint i = 0; i < traces->len; i++) {
		g_autofree char *path = trace_path(traces->pdata[i]);
		g_autoptr(GError) error = NULL;
		g_autoptr(LttvTraceset) ts = lttv_traceset_open(path, &error);
		g_autoptr(LttvIter) it = NULL;
		g_autoptr(GArray) got = NULL;
		g_autoptr(GArray) want = g_array_new(FALSE, FALSE, sizeof(LttvItem));
		const LttvItem *item;

		if (!ts)
			continue;
		it = lttv_iter_new(ts);
		while ((item = lttv_iter_next(it, &error)))
			if (item->kind != LTTV_ITEM_EVENT)
				g_array_append_val(want, *item);
		if (error)
			continue; /* (notices after an error are not the iterator's) */
		got = lttv_traceset_notices(ts);
		g_assert_cmpuint(got->len, ==, want->len);
		for (guint k = 0; k < got->len; k++) {
			const LttvItem *a = &g_array_index(got, LttvItem, k);
			const LttvItem *b = &g_array_index(want, LttvItem, k);

			g_assert_cmpint(a->kind, ==, b->kind);
			g_assert_true(a->stream == b->stream);
			g_assert_cmpint(a->time, ==, b->time);
			g_assert_cmpuint(a->count, ==, b->count);
			g_assert_cmpint(a->count_known, ==, b->count_known);
			g_assert_cmpint(a->has_times, ==, b->has_times);
			g_assert_cmpint(a->begin, ==, b->begin);
			g_assert_cmpint(a->end, ==, b->end);
			g_assert_null(a->event);
		}
		with += got->len > 0;
	}
	g_test_message("%u traces with notices", with);
	g_assert_cmpuint(with, >=, 6);
}

/* Two copies of a trace whose streams lost packets at three times (the
 * only such shared trace): the notices of the two interleave by time
 * (ties: the first trace's first). */
static void test_notices_merged(void)
{
	static const char *const rel[] = {"babeltrace/packet-seq-num/2-streams-lost-in-2"};

	for (guint r = 0; r < G_N_ELEMENTS(rel); r++) {
		g_autofree char *path = trace_path(rel[r]);
		g_autoptr(GError) error = NULL;
		g_autoptr(LttvTraceset) ts = lttv_traceset_new();
		g_autoptr(LttvIter) it = NULL;
		g_autoptr(GArray) got = NULL;
		const LttvItem *item;
		guint k = 0;

		g_assert_true(lttv_traceset_add_path(ts, path, &error));
		g_assert_true(lttv_traceset_add_path(ts, path, &error));
		g_assert_no_error(error);
		got = lttv_traceset_notices(ts);
		g_assert_cmpuint(got->len, ==, 6);
		it = lttv_iter_new(ts);
		while ((item = lttv_iter_next(it, &error))) {
			if (item->kind == LTTV_ITEM_EVENT)
				continue;
			g_assert_cmpuint(k, <, got->len);
			g_assert_true(g_array_index(got, LttvItem, k).stream == item->stream);
			g_assert_cmpint(g_array_index(got, LttvItem, k).time, ==, item->time);
			k++;
		}
		g_assert_no_error(error);
		g_assert_cmpuint(k, ==, got->len);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/reader/streams", test_streams);
	g_test_add_func("/reader/merge-order", test_merge_order);
	g_test_add_func("/reader/merge-ties", test_merge_ties);
	g_test_add_func("/reader/seek", test_seek);
	g_test_add_func("/reader/packet-first", test_packet_first);
	g_test_add_func("/reader/step-matches-generic", test_step_matches_generic);
	g_test_add_func("/reader/copy-matches-map", test_copy_matches_map);
	g_test_add_func("/reader/field-handles", test_field_handles);
	g_test_add_func("/reader/integer-handles", test_integer_handles);
	g_test_add_func("/reader/long-packet-context", test_long_packet_context);
	g_test_add_func("/reader/lttng-headers", test_lttng_headers);
	g_test_add_func("/reader/handles-everywhere", test_handles_everywhere);
	g_test_add_func("/reader/empty-string", test_empty_string);
	g_test_add_func("/reader/discarded", test_discarded);
	g_test_add_func("/reader/notices-from-index", test_notices_from_index);
	g_test_add_func("/reader/notices-merged", test_notices_merged);
	g_test_add_func("/reader/error-after-events", test_error_after_events);
	g_test_add_func("/reader/copy-file-cut", test_copy_file_cut);
	g_test_add_func("/reader/no-trace", test_no_trace);
	return g_test_run();
}
