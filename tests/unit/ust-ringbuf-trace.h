/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-ust-ringbuf's helpers: the events every test writes, trace folders
 * filled from a consumer, reading them back with liblttv and babeltrace2,
 * and decoding packets by hand as a CTF reader does. */
#ifndef LTTV_TESTS_UST_RINGBUF_TRACE_H
#define LTTV_TESTS_UST_RINGBUF_TRACE_H

#include "tmpdir.h"
#include "tracer/ust/ringbuf.h"

#include "lttv/event.h"
#include "lttv/traceset.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>

#define MAX_CPUS  64
#define N_CLASSES 40 /* ids above 30: extended compact headers */

static const guint8 trace_uuid[16] = {0x5e, 0x1a, 0x22, 0xd0, 0x6c, 0xee, 0x11, 0xe0,
                                      0x8c, 0x08, 0xcb, 0x07, 0xd7, 0xb3, 0xa5, 0x64};
static const guint8 boot_uuid[16] = {0xb3, 0xf1, 0xc7, 0xa2, 0x1d, 0x2e, 0x4f, 0x5a,
                                     0x9b, 0x8c, 0x7d, 0x6e, 0x5f, 0x4a, 0x3b, 0x2c};

/* ---------------------------------------------------------------- helpers */


/* The events of every test: who emitted it, its sequence number, the time
 * reserve() gave it (the reader must decode exactly that), a check of the
 * two, and a string of seq % 8 letters (variable sizes). */
static const LttvCtfField seq_fields[] = {
        {"src", LTTV_CTF_FIELD_INT, 8, FALSE, 10, 0},
        {"seq", LTTV_CTF_FIELD_INT, 64, FALSE, 10, 0},
        {"ts", LTTV_CTF_FIELD_INT, 64, FALSE, 10, 0},
        {"check", LTTV_CTF_FIELD_INT, 32, FALSE, 16, 0},
        {"text", LTTV_CTF_FIELD_STRING, 0, FALSE, 0, 0},
};

/* Between reserve and commit in this thread (the stress test counts the
 * signals that land there). */
static _Thread_local volatile sig_atomic_t in_event;

static guint32 seq_check(guint8 src, guint64 seq)
{
	return (guint32)((seq * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15)) >> 32) ^ src;
}

static guint32 seq_len(guint64 seq)
{
	return 1 + 8 + 8 + 4 + (guint32)(seq % 8) + 1;
}

static gboolean emit(LttvRbChannel *ch, guint32 cpu, guint32 id, guint8 src, guint64 seq)
{
	LttvRbCtx ctx;
	guint8 *p = lttv_rb_reserve(ch, cpu, id, seq_len(seq), &ctx);
	sig_atomic_t outer = in_event;

	if (!p)
		return FALSE;
	in_event = 1; /* a signal now interrupts a reservation */
	p = lttv_ctf_put_u8(p, src);
	p = lttv_ctf_put_u64(p, seq);
	p = lttv_ctf_put_u64(p, ctx.ts);
	p = lttv_ctf_put_u32(p, seq_check(src, seq));
	memset(p, 'a' + src, seq % 8);
	p[seq % 8] = 0;
	lttv_rb_commit(&ctx);
	in_event = outer;
	return TRUE;
}

/* A trace folder being written: metadata and channel0_<cpu> files. */
typedef struct {
	char *dir;
	int fd[MAX_CPUS];
	guint64 packets;
} Out;

static Out *out_new(LttvCtfHeaderKind kind)
{
	g_autoptr(LttvCtfMetadata) meta = lttv_ctf_metadata_new(trace_uuid, boot_uuid, 0);
	g_autoptr(GError) error = NULL;
	Out *o = g_new0(Out, 1);

	o->dir = g_dir_make_tmp("lttv-ust-ringbuf-XXXXXX", &error);
	g_assert_no_error(error);
	for (guint i = 0; i < MAX_CPUS; i++)
		o->fd[i] = -1;
	lttv_ctf_metadata_env_string(meta, "hostname", "testhost");
	lttv_ctf_metadata_env_string(meta, "domain", "ust");
	lttv_ctf_metadata_set_header_kind(meta, kind);
	for (guint i = 0; i < N_CLASSES; i++) {
		g_autofree char *name = g_strdup_printf("test:seq_%u", i);

		lttv_ctf_metadata_add_event(meta, name, seq_fields, G_N_ELEMENTS(seq_fields));
	}
	g_assert_true(lttv_ctf_metadata_write(meta, o->dir, &error));
	g_assert_no_error(error);
	return o;
}

static void out_write(Out *o, guint32 cpu, const guint8 *data, gsize len)
{
	g_assert_cmpuint(cpu, <, MAX_CPUS);
	if (o->fd[cpu] < 0) {
		g_autofree char *name = g_strdup_printf("channel0_%u", cpu);
		g_autofree char *path = g_build_filename(o->dir, name, NULL);

		o->fd[cpu] = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		g_assert_cmpint(o->fd[cpu], >=, 0);
	}
	g_assert_cmpint(write(o->fd[cpu], data, len), ==, (gssize)len);
	o->packets++;
}

static void out_free(Out *o)
{
	for (guint i = 0; i < MAX_CPUS; i++)
		if (o->fd[i] >= 0)
			close(o->fd[i]);
	rm_rf(o->dir);
	g_free(o->dir);
	g_free(o);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Out, out_free)

/* Moves every delivered sub-buffer to the files; returns how many. */
static guint64 drain(LttvRbConsumer *c, Out *o)
{
	guint64 n = 0;

	for (guint32 cpu = 0; cpu < lttv_rb_consumer_n_cpus(c); cpu++) {
		const guint8 *data;
		gsize len;

		while (lttv_rb_consumer_get_subbuf(c, cpu, &data, &len)) {
			out_write(o, cpu, data, len);
			lttv_rb_consumer_put_subbuf(c, cpu);
			n++;
		}
	}
	return n;
}

/* What a trace holds, read back with liblttv, every event checked. */
typedef struct {
	guint n_src;
	guint64 max_seq[4];
	guint8 *seen[4]; /* per source, per sequence number */
	guint64 events, dup, bad, discarded, discarded_packets, unknown_discards;
	guint64 first_seq[4], last_seq[4];
	gboolean in_order; /* sequence numbers increase in each source */
} Got;

static void got_init(Got *g, guint n_src, const guint64 *max_seq)
{
	memset(g, 0, sizeof(*g));
	g->n_src = n_src;
	g->in_order = TRUE;
	for (guint i = 0; i < n_src; i++) {
		g->max_seq[i] = max_seq[i];
		g->seen[i] = g_malloc0(max_seq[i] + 1);
		g->first_seq[i] = G_MAXUINT64;
	}
}

static void got_clear(Got *g)
{
	for (guint i = 0; i < g->n_src; i++)
		g_free(g->seen[i]);
}

static guint64 got_count(const Got *g, guint src)
{
	guint64 n = 0;

	for (guint64 s = 0; s < g->max_seq[src]; s++)
		n += g->seen[src][s];
	return n;
}

static void read_trace(const char *dir, Got *g)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTraceset) ts = lttv_traceset_open(dir, &error);
	g_autoptr(GHashTable) last = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	g_autoptr(LttvIter) it = NULL;
	const LttvItem *item;

	g_assert_no_error(error);
	it = lttv_iter_new(ts);
	lttv_iter_set_decode_values(it, TRUE);
	while ((item = lttv_iter_next(it, &error))) {
		const LttvFieldValue *v;
		guint64 *prev, cycles, src, seq;
		gsize n;

		if (item->kind == LTTV_ITEM_DISCARDED_EVENTS) {
			if (item->count_known)
				g->discarded += item->count;
			else
				g->unknown_discards++;
			continue;
		}
		if (item->kind == LTTV_ITEM_DISCARDED_PACKETS) {
			g->discarded_packets += item->count;
			continue;
		}
		g->events++;
		cycles = lttv_event_cycles(item->event);
		prev = g_hash_table_lookup(last, item->stream);
		if (!prev) {
			prev = g_new0(guint64, 1);
			g_hash_table_insert(last, item->stream, prev);
		}
		g_assert_cmpuint(cycles, >=, *prev); /* per stream, never back */
		*prev = cycles;
		v = lttv_event_values(item->event, LTTV_SCOPE_PAYLOAD, &n, &error);
		g_assert_no_error(error);
		g_assert_cmpuint(n, ==, 5);
		src = v[0].u;
		seq = v[1].u;
		if (src >= g->n_src || seq >= g->max_seq[src] || v[2].u != cycles ||
		    v[3].u != seq_check((guint8)src, seq) || v[4].len != seq % 8 ||
		    (seq % 8 && v[4].str[0] != (char)('a' + src))) {
			g->bad++; /* torn, or a time not decoded exactly */
			continue;
		}
		if (g->seen[src][seq]++)
			g->dup++;
		if (g->last_seq[src] > seq && g->first_seq[src] != G_MAXUINT64)
			g->in_order = FALSE;
		g->first_seq[src] = MIN(g->first_seq[src], seq);
		g->last_seq[src] = seq;
	}
	g_assert_no_error(error);
}

/* Runs babeltrace2 ARGS...: FALSE (test skipped) when it is not installed. */
static gboolean run_bt2(const char *const *args, char **out)
{
	g_autofree char *bt2 = g_find_program_in_path("babeltrace2");
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GError) error = NULL;
	g_autofree char *err = NULL;
	int status;

	if (!bt2) {
		g_test_message("babeltrace2 is not installed: not checked");
		return FALSE;
	}
	g_ptr_array_add(argv, bt2);
	for (; *args; args++)
		g_ptr_array_add(argv, (gpointer)*args);
	g_ptr_array_add(argv, NULL);
	g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
	                           out, &err, &status, &error));
	g_assert_no_error(error);
	if (!g_spawn_check_wait_status(status, &error))
		g_printerr("babeltrace2 failed:\n%s\n", err);
	g_assert_no_error(error);
	return TRUE;
}

static void check_bt2_dummy(const char *dir)
{
	const char *args[] = {"-o", "dummy", dir, NULL};

	run_bt2(args, NULL);
}

static guint16 get_u16(const guint8 *p)
{
	guint16 v;

	memcpy(&v, p, 2);
	return GUINT16_FROM_LE(v);
}

static guint32 get_u32(const guint8 *p)
{
	guint32 v;

	memcpy(&v, p, 4);
	return GUINT32_FROM_LE(v);
}

static guint64 get_u64(const guint8 *p)
{
	guint64 v;

	memcpy(&v, p, 8);
	return GUINT64_FROM_LE(v);
}

/* Decodes an event header as a reader does (CTF 1.8 section 4.6): the id,
 * and the clock rebuilt from the low bits; returns the payload. */
static const guint8 *read_header(const guint8 *p, gboolean large, guint32 *id, guint64 *clock)
{
	guint64 mask, v;

	if (large) {
		*id = get_u16(p);
		if (*id == 65535) {
			*id = get_u32(p + 2);
			*clock = get_u64(p + 6);
			return p + 14;
		}
		v = get_u32(p + 2);
		mask = G_MAXUINT32;
		p += 6;
	} else {
		guint32 w = get_u32(p);

		*id = w & 31;
		if (*id == 31) {
			*id = get_u32(p + 1);
			*clock = get_u64(p + 5);
			return p + 13;
		}
		v = w >> 5;
		mask = LTTV_CTF_COMPACT_DELTA_MAX - 1;
		p += 4;
	}
	if (v < (*clock & mask))
		*clock += mask + 1;
	*clock = (*clock & ~mask) | v;
	return p;
}

#endif
