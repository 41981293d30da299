/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state engine's records (state/record.h): text arrays copied a word
 * at a time, and every handler's fields read by their plans exactly as
 * through their handles, on every shared trace. */
#include "lttv/traceset.h"
#include "shared-traces.h"
#include "state/record.h"

#include <glib.h>
#include <string.h>

/* A record with room for a string of up to 255 bytes. */
typedef union {
	StateRecord r;
	uint64_t words[(RECORD_MAX + 7) / 8];
} RecordBuf;

static void check_text(const char *src, size_t size, size_t want_len)
{
	RecordBuf b;
	uint8_t *at = (uint8_t *)(b.words + 4);
	uint8_t *end;
	const char *s = NULL;
	size_t len = 0;

	memset(&b, 0xa5, sizeof b);
	b.r = (StateRecord){.n_fields = 1};
	end = state_record_put_text(&b.r, 0, at, (const uint8_t *)src, size);
	g_assert_true(record_string(&b.r, 0, &s, &len));
	g_assert_cmpuint(len, ==, want_len);
	g_assert_true(memcmp(s, src, len) == 0);
	/* what follows starts on the next 8-byte boundary */
	g_assert_true(end == at + ((want_len + 7) & ~(size_t)7));
}

static void test_text(void)
{
	char big[300];

	check_text("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16, 0); /* 16 NULs */
	check_text("swapper/0\0\0\0\0\0\0", 16, 9);
	check_text("abcdefg\0garbage!", 16, 7);  /* NUL ends the first word */
	check_text("abcdefgh\0arbage!", 16, 8);  /* NUL starts the second */
	check_text("0123456789abcde\0", 16, 15); /* the longest comm */
	check_text("0123456789abcdef", 16, 16);  /* no NUL at all */
	check_text("abc", 3, 3);                 /* shorter than a word */
	check_text("abcdefghijk", 11, 11);       /* a word and a tail */
	memset(big, 'x', sizeof big);
	check_text(big, sizeof big, RECORD_STRING_MAX); /* cut */
}

/* The meaningful bytes of two records are equal: header, the integers
 * read and the strings' bytes (`strings`: bit k, field k is one; the
 * padding after a string is not written). */
static void assert_same_record(const StateRecord *a, const StateRecord *b, uint16_t strings,
                               const char *what)
{
	if (a->time != b->time || a->size != b->size || a->trace != b->trace ||
	    a->kind != b->kind || a->n_fields != b->n_fields || a->present != b->present ||
	    a->cpu != b->cpu || a->cls != b->cls)
		g_error("%s: the records' headers differ", what);
	for (int k = 0; k < a->n_fields; k++) {
		const char *sa = NULL, *sb = NULL;
		size_t la = 0, lb = 0;

		if (!record_has(a, k))
			continue;
		if (strings >> k & 1) {
			g_assert_true(record_string(a, k, &sa, &la) &&
			              record_string(b, k, &sb, &lb));
			if (la != lb || memcmp(sa, sb, la) != 0)
				g_error("%s: field %d: \"%.*s\" against \"%.*s\"", what, k, (int)la,
				        sa, (int)lb, sb);
		} else if (record_slots(a)[k] != record_slots(b)[k]) {
			g_error("%s: field %d: %" G_GUINT64_FORMAT " against %" G_GUINT64_FORMAT,
			        what, k, record_slots(a)[k], record_slots(b)[k]);
		}
	}
}

/* Each event of the trace encoded with its handlers' plans, read from a
 * cache's copies of the handlers (as the build's reading thread does),
 * then with every plan of the engine's handlers made READ_HANDLE. */
static guint64 check_plans(const char *rel)
{
	g_autoptr(LttvTraceset) ts = open_ok(rel);
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(LttvState) st = lttv_state_new(ts);
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func(g_free);
	RecordCache cache = {0};
	const LttvItem *item;
	guint64 planned = 0;

	state_record_cache_copy(&cache, st);
	/* the plans, kept aside */
	for (guint i = 0; i < st->n_traces; i++)
		g_ptr_array_add(saved,
		                g_memdup2(st->traces[i].handlers,
		                          sizeof(Handler) * MAX(st->traces[i].n_handlers, 1)));
	while ((item = lttv_iter_next(it, &error))) {
		RecordBuf a, b;
		size_t na, nb;

		na = state_record_encode(st, &cache, item, &a);
		for (guint i = 0; i < st->n_traces; i++)
			for (guint c = 0; c < st->traces[i].n_handlers; c++)
				for (int k = 0; k < HANDLER_MAX_FIELDS; k++)
					st->traces[i].handlers[c].read[k].how = READ_HANDLE;
		nb = state_record_encode(st, NULL, item, &b);
		for (guint i = 0; i < st->n_traces; i++)
			memcpy(st->traces[i].handlers, saved->pdata[i],
			       sizeof(Handler) * st->traces[i].n_handlers);
		g_assert_cmpuint(na, ==, nb);
		if (na && a.r.kind == REC_EVENT) {
			const Handler *h = &st->traces[a.r.trace].handlers[a.r.cls];

			assert_same_record(&a.r, &b.r, h->strings, rel);
			for (int k = 0; k < h->n_fields; k++)
				planned += h->f[k] && h->read[k].how != READ_HANDLE;
		} else if (na) {
			assert_same_record(&a.r, &b.r, 0, rel);
		}
	}
	/* a trace cut or damaged on purpose ends in an error: the events
	 * before it were compared */
	state_record_cache_clear(&cache);
	return planned;
}

static void test_plans(void)
{
	g_autoptr(GPtrArray) traces = well_formed_traces();
	guint64 planned = 0;

	for (guint i = 0; i < traces->len; i++)
		planned += check_plans(traces->pdata[i]);
	g_test_message("%u traces, %" G_GUINT64_FORMAT " fields read by their plans", traces->len,
	               planned);
	/* the kernel traces' switches, wakeups, forks... */
	g_assert_cmpuint(planned, >, 100000);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/record/text", test_text);
	g_test_add_func("/record/plans-match-handles", test_plans);
	return g_test_run();
}
