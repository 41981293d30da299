/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ust-check: reads back with liblttv the traces tests/e2e/record-ust.sh
 * records from ust-test-app, and checks them event by event.  Prints
 * key=value lines, and one "FAIL: ..." line per problem; exits 0 when
 * there is none, 1 otherwise.
 *
 *   ust-check seq DIR THREADS EVENTS SIGNALS
 *       every ust_e2e:seq of threads 0..THREADS-1 with seq 0..EVENTS-1 and
 *       every ust_e2e:sig with seq 0..SIGNALS-1 present exactly once, or
 *       missing and counted by the discarded-events notices, exactly; no
 *       torn event (fields in range, check hash); per stream, timestamps
 *       never go back and each thread's sequence numbers increase; each
 *       event's vtid context is its thread's (the same for all events of
 *       a thread and its signal handler, different between threads).
 *   ust-check window DIR LAST MIN
 *       a flight-recorder snapshot: ust_e2e:seq events of thread 0,
 *       consecutive, in order, ending at LAST, at least MIN of them.
 *   ust-check merge DIR TID FD WRITES (ust-check-merge.c)
 */
#include "ust-check.h"
#include "ust-e2e-check.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

guint ust_check_failures;

void ust_check_fail(const char *fmt, ...)
{
	va_list ap;

	if (++ust_check_failures > 20)
		return; /* the count says the rest */
	fputs("FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

gboolean ust_check_get(const LttvEvent *ev, const LttvField *f, uint64_t *out)
{
	if (f && lttv_event_get_uint(ev, f, out))
		return TRUE;
	ust_check_fail("%s: cannot read a field", lttv_event_name(ev));
	return FALSE;
}

const LttvField *ust_check_field(LttvEventClass *ec, const char *name)
{
	const LttvField *f = lttv_event_class_field(ec, name);

	if (!f)
		ust_check_fail("event class %s has no field %s", lttv_event_class_name(ec), name);
	return f;
}

LttvTraceset *ust_check_open(const char *dir)
{
	g_autoptr(GError) error = NULL;
	LttvTraceset *ts = lttv_traceset_open(dir, &error);

	if (!ts) {
		ust_check_fail("cannot open %s: %s", dir, error->message);
		return NULL;
	}
	printf("traces=%u\n", lttv_traceset_n_traces(ts));
	return ts;
}

static uint64_t parse_u64(const char *s)
{
	char *end;
	uint64_t v = g_ascii_strtoull(s, &end, 10);

	if (!*s || *end) {
		fprintf(stderr, "ust-check: not a number: %s\n", s);
		exit(2);
	}
	return v;
}

/* The fields of our two event classes, resolved once per class. */
typedef struct {
	LttvEventClass *ec;
	enum { CLASS_OTHER, CLASS_SEQ, CLASS_SIG } kind;
	const LttvField *seq, *owner, *check, *vtid;
} ClassFields;

static const ClassFields *class_fields(GHashTable *classes, LttvEventClass *ec)
{
	ClassFields *cf = g_hash_table_lookup(classes, ec);
	const char *name;

	if (cf)
		return cf;
	cf = g_new0(ClassFields, 1);
	cf->ec = ec;
	name = lttv_event_class_name(ec);
	if (!strcmp(name, "ust_e2e:seq") || !strcmp(name, "ust_e2e:sig")) {
		cf->kind = !strcmp(name, "ust_e2e:seq") ? CLASS_SEQ : CLASS_SIG;
		cf->seq = ust_check_field(ec, "seq");
		cf->owner = ust_check_field(ec, cf->kind == CLASS_SEQ ? "thread" : "target");
		cf->check = ust_check_field(ec, "check");
		cf->vtid = ust_check_field(ec, "vtid");
	}
	g_hash_table_insert(classes, ec, cf);
	return cf;
}

/* Per stream: the last timestamp and each thread's last sequence number. */
typedef struct {
	uint64_t last_cycles;
	uint64_t last_seq[64];
	gboolean any_seq[64];
} StreamState;

static StreamState *stream_state(GHashTable *streams, LttvStream *s)
{
	StreamState *st = g_hash_table_lookup(streams, s);

	if (!st) {
		st = g_new0(StreamState, 1);
		g_hash_table_insert(streams, s, st);
	}
	return st;
}

/* The event's vtid context: thread `owner`'s, which no other thread has
 * (the first event of a thread sets it). */
static gboolean check_vtid(const LttvEvent *ev, const ClassFields *cf, uint64_t owner,
                           uint64_t threads, int64_t *vtid_of)
{
	int64_t vtid;

	if (!cf->vtid || !lttv_event_get_int(ev, cf->vtid, &vtid) || vtid <= 0)
		return FALSE;
	if (!vtid_of[owner]) {
		for (uint64_t t = 0; t < threads; t++)
			if (vtid_of[t] == vtid)
				return FALSE;
		vtid_of[owner] = vtid;
	}
	return vtid_of[owner] == vtid;
}

static int check_seq(int argc, char **argv)
{
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvIter) it = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) classes = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	g_autoptr(GHashTable) streams = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	uint64_t threads, events, signals, expected;
	uint64_t n = 0, other = 0, bad = 0, dup = 0, backwards = 0, unordered = 0;
	uint64_t discarded = 0, unknown_discards = 0, discarded_packets = 0, present = 0;
	uint64_t sig_present = 0, vtid_wrong = 0;
	int64_t vtid_of[64] = {0};
	guint8 **seen, *sig_seen;
	const LttvItem *item;

	if (argc != 4) {
		fprintf(stderr, "usage: ust-check seq DIR THREADS EVENTS SIGNALS\n");
		return 2;
	}
	threads = parse_u64(argv[1]);
	events = parse_u64(argv[2]);
	signals = parse_u64(argv[3]);
	if (threads < 1 || threads > 64) {
		fprintf(stderr, "ust-check: 1 to 64 threads\n");
		return 2;
	}
	expected = threads * events + signals;
	ts = ust_check_open(argv[0]);
	if (!ts)
		return 1;
	seen = g_new0(guint8 *, threads);
	for (uint64_t t = 0; t < threads; t++)
		seen[t] = g_malloc0(MAX(events, 1));
	sig_seen = g_malloc0(MAX(signals, 1));
	it = lttv_iter_new(ts);
	while ((item = lttv_iter_next(it, &error))) {
		const ClassFields *cf;
		StreamState *st;
		uint64_t seq, owner, check, cycles;

		if (item->kind == LTTV_ITEM_DISCARDED_EVENTS) {
			if (item->count_known)
				discarded += item->count;
			else
				unknown_discards++;
			continue;
		}
		if (item->kind == LTTV_ITEM_DISCARDED_PACKETS) {
			discarded_packets += item->count ? item->count : 1;
			continue;
		}
		n++;
		st = stream_state(streams, item->stream);
		cycles = lttv_event_cycles(item->event);
		if (cycles < st->last_cycles && ++backwards <= 5)
			ust_check_fail("a timestamp goes back in stream %s: %" PRIu64
			               " after %" PRIu64,
			               lttv_stream_trace(item->stream)
			                       ? lttv_trace_name(lttv_stream_trace(item->stream))
			                       : "?",
			               cycles, st->last_cycles);
		st->last_cycles = MAX(cycles, st->last_cycles);
		cf = class_fields(classes, lttv_event_event_class(item->event));
		if (cf->kind == CLASS_OTHER) {
			other++;
			continue;
		}
		if (!ust_check_get(item->event, cf->seq, &seq) ||
		    !ust_check_get(item->event, cf->owner, &owner) ||
		    !ust_check_get(item->event, cf->check, &check))
			return 1;
		if (owner < threads && !check_vtid(item->event, cf, owner, threads, vtid_of) &&
		    ++vtid_wrong <= 5)
			ust_check_fail("%s seq %" PRIu64 " of thread %" PRIu64
			               ": its vtid is not its thread's",
			               lttv_event_name(item->event), seq, owner);
		if (cf->kind == CLASS_SEQ) {
			if (owner >= threads || seq >= events ||
			    check != ust_e2e_check(seq, (uint32_t)owner, UST_E2E_SALT_SEQ)) {
				if (++bad <= 5)
					ust_check_fail("torn ust_e2e:seq: seq %" PRIu64
					               " thread %" PRIu64 " check %#" PRIx64,
					               seq, owner, check);
				continue;
			}
			if (seen[owner][seq]++) {
				if (++dup <= 5)
					ust_check_fail("thread %" PRIu64 " seq %" PRIu64 " twice",
					               owner, seq);
				continue;
			}
			present++;
			if (st->any_seq[owner] && seq <= st->last_seq[owner] && ++unordered <= 5)
				ust_check_fail("thread %" PRIu64 ": seq %" PRIu64 " after %" PRIu64
				               " in one stream",
				               owner, seq, st->last_seq[owner]);
			st->any_seq[owner] = TRUE;
			st->last_seq[owner] = seq;
		} else {
			/* the handler runs in a worker: target is its index */
			if (owner >= threads || seq >= signals ||
			    check != ust_e2e_check(seq, (uint32_t)owner, UST_E2E_SALT_SIG)) {
				if (++bad <= 5)
					ust_check_fail("torn ust_e2e:sig: seq %" PRIu64
					               " target %" PRIu64 " check %#" PRIx64,
					               seq, owner, check);
				continue;
			}
			if (sig_seen[seq]++) {
				if (++dup <= 5)
					ust_check_fail("signal seq %" PRIu64 " twice", seq);
				continue;
			}
			sig_present++;
		}
	}
	if (error)
		ust_check_fail("reading the trace: %s", error->message);
	for (uint64_t t = 0; t < threads; t++) {
		uint64_t got = 0;

		for (uint64_t s = 0; s < events; s++)
			got += seen[t][s] != 0;
		printf("thread%" PRIu64 "=%" PRIu64 "\n", t, got);
		g_free(seen[t]);
	}
	g_free(seen);
	g_free(sig_seen);
	printf("events=%" PRIu64 " expected=%" PRIu64 " present=%" PRIu64 " signals=%" PRIu64
	       " missing=%" PRIu64 " discarded=%" PRIu64 " unknown_discards=%" PRIu64
	       " discarded_packets=%" PRIu64 " other=%" PRIu64 " torn=%" PRIu64
	       " duplicates=%" PRIu64 " backwards=%" PRIu64 " unordered=%" PRIu64
	       " vtid_wrong=%" PRIu64 "\n",
	       n, expected, present + sig_present, sig_present, expected - present - sig_present,
	       discarded, unknown_discards, discarded_packets, other, bad, dup, backwards,
	       unordered, vtid_wrong);
	if (expected - present - sig_present != discarded)
		ust_check_fail("%" PRIu64 " events missing but %" PRIu64 " counted as discarded",
		               expected - present - sig_present, discarded);
	if (unknown_discards)
		ust_check_fail("%" PRIu64 " discarded-events notices without a count",
		               unknown_discards);
	if (discarded_packets)
		ust_check_fail("%" PRIu64 " packets lost", discarded_packets);
	if (other)
		ust_check_fail("%" PRIu64 " events of other classes", other);
	if (!n)
		ust_check_fail("no event");
	return ust_check_failures ? 1 : 0;
}

static int check_window(int argc, char **argv)
{
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvIter) it = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) classes = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	uint64_t last, min, n = 0, first = 0, prev = 0, gaps = 0, bad = 0, other = 0;
	uint64_t discarded = 0, discarded_packets = 0;
	LttvTime prev_time = 0;
	const LttvItem *item;

	if (argc != 3) {
		fprintf(stderr, "usage: ust-check window DIR LAST MIN\n");
		return 2;
	}
	last = parse_u64(argv[1]);
	min = parse_u64(argv[2]);
	ts = ust_check_open(argv[0]);
	if (!ts)
		return 1;
	it = lttv_iter_new(ts);
	while ((item = lttv_iter_next(it, &error))) {
		const ClassFields *cf;
		uint64_t seq, owner, check;

		if (item->kind != LTTV_ITEM_EVENT) {
			if (item->kind == LTTV_ITEM_DISCARDED_EVENTS)
				discarded += item->count;
			else
				discarded_packets += item->count;
			continue;
		}
		cf = class_fields(classes, lttv_event_event_class(item->event));
		if (cf->kind != CLASS_SEQ) {
			other++;
			continue;
		}
		if (!ust_check_get(item->event, cf->seq, &seq) ||
		    !ust_check_get(item->event, cf->owner, &owner) ||
		    !ust_check_get(item->event, cf->check, &check))
			return 1;
		if (owner != 0 || check != ust_e2e_check(seq, 0, UST_E2E_SALT_SEQ)) {
			if (++bad <= 5)
				ust_check_fail("torn event: seq %" PRIu64 " thread %" PRIu64, seq,
				               owner);
			continue;
		}
		if (n == 0)
			first = seq;
		else if (seq != prev + 1 && ++gaps <= 5)
			ust_check_fail("seq %" PRIu64 " after %" PRIu64, seq, prev);
		if (n && item->time < prev_time)
			ust_check_fail("time goes back at seq %" PRIu64, seq);
		prev = seq;
		prev_time = item->time;
		n++;
	}
	if (error)
		ust_check_fail("reading the trace: %s", error->message);
	printf("events=%" PRIu64 " first=%" PRIu64 " last=%" PRIu64 " gaps=%" PRIu64
	       " torn=%" PRIu64 " other=%" PRIu64 " discarded=%" PRIu64
	       " discarded_packets=%" PRIu64 "\n",
	       n, first, prev, gaps, bad, other, discarded, discarded_packets);
	if (n < min)
		ust_check_fail("%" PRIu64 " events, fewer than %" PRIu64, n, min);
	if (n && prev != last)
		ust_check_fail("the snapshot ends at seq %" PRIu64 ", not %" PRIu64, prev, last);
	if (other)
		ust_check_fail("%" PRIu64 " events of other classes", other);
	return ust_check_failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "seq"))
		return check_seq(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "window"))
		return check_window(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "merge"))
		return ust_check_merge(argc - 2, argv + 2);
	fprintf(stderr, "usage: ust-check seq|window|merge DIR ARGS...\n");
	return 2;
}
