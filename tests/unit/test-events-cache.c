/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event list's model on real traces, against a plain read of every
 * event (the oracle): the scale, keys of events of the same time, reads
 * forward and back from any place, bounded reads, the cache grown and cut
 * at random, the fields' text, and the filter. */
#include "ev-model.h"
#include "lttv/print.h"
#include "shared-traces.h"

#include <lttv/filter.h>
#include <string.h>

typedef struct {
	EvKey key;
	const char *name; /* interned */
	int64_t cpu;
	gboolean sched_switch;
} Oracle;

/* Every event of the trace, keyed as ev-reader.c keys them. */
static GArray *read_oracle(LttvTraceset *ts)
{
	GArray *o = g_array_new(FALSE, FALSE, sizeof(Oracle));
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GError) error = NULL;
	const LttvItem *item;

	while ((item = lttv_iter_next(it, &error))) {
		Oracle e = {0};

		if (item->kind != LTTV_ITEM_EVENT)
			continue;
		e.key.time = item->time;
		if (o->len && g_array_index(o, Oracle, o->len - 1).key.time == item->time)
			e.key.dup = g_array_index(o, Oracle, o->len - 1).key.dup + 1;
		e.name = g_intern_string(lttv_event_name(item->event));
		e.cpu = lttv_event_cpu(item->event);
		e.sched_switch = strcmp(e.name, "sched_switch") == 0;
		g_array_append_val(o, e);
	}
	g_assert_no_error(error);
	g_assert_cmpuint(o->len, >, 1000);
	return o;
}

static const Oracle *at(GArray *o, guint i)
{
	return &g_array_index(o, Oracle, i);
}

static void assert_row(const EvRow *r, const Oracle *e)
{
	g_assert_cmpint(r->key.time, ==, e->key.time);
	g_assert_cmpuint(r->key.dup, ==, e->key.dup);
	g_assert_true(r->name == e->name);
	g_assert_cmpint(r->cpu, ==, e->cpu);
}

static const char *traces[] = {"tracecompass/many-threads", "alireza-ezaz/trace-analysis-kernel",
                               "tracecompass/bug446190"};

static void test_scale(void)
{
	for (gsize k = 0; k < G_N_ELEMENTS(traces); k++) {
		g_autoptr(LttvTraceset) ts = open_ok(traces[k]);
		g_autoptr(EvScale) s = ev_scale_new(ts);
		LttvTime b, e, prev_t = LTTV_TIME_MIN;
		double total = ev_scale_total(s), prev_p = -1;
		GRand *rand = g_rand_new_with_seed(7);

		g_assert_true(ev_scale_range(s, &b, &e));
		g_assert_cmpfloat(total, >, 0);
		g_assert_cmpfloat(ev_scale_pos(s, b), ==, 0);
		g_assert_cmpfloat(ev_scale_pos(s, e), ==, total);
		g_assert_cmpint(ev_scale_time(s, 0), ==, b);
		g_assert_cmpint(ev_scale_time(s, total), ==, e);
		/* monotonic both ways, and time(pos(t)) is t up to rounding */
		for (int i = 0; i <= 2000; i++) {
			LttvTime t = b + (LttvTime)((double)(e - b) * i / 2000);
			double p = ev_scale_pos(s, t);
			LttvTime back = ev_scale_time(s, p);

			g_assert_cmpfloat(p, >=, prev_p);
			g_assert_cmpint(t, >=, prev_t);
			g_assert_cmpfloat(ev_scale_pos(s, back), <=, p + 1e-3 * total);
			g_assert_cmpint(back, <=, t + 1);
			prev_p = p;
			prev_t = t;
		}
		for (int i = 0; i < 1000; i++) {
			double p1 = g_rand_double_range(rand, 0, total);
			double p2 = g_rand_double_range(rand, p1, total);

			g_assert_cmpint(ev_scale_time(s, p1), <=, ev_scale_time(s, p2));
		}
		g_rand_free(rand);
	}
}

/* Forward reads from random keys (also keys inside a run of one time)
 * and from times: exactly the oracle's next rows. */
static void test_forward(void)
{
	for (gsize k = 0; k < G_N_ELEMENTS(traces); k++) {
		g_autoptr(LttvTraceset) ts = open_ok(traces[k]);
		g_autoptr(GArray) o = read_oracle(ts);
		g_autoptr(EvReader) r = ev_reader_new(ts, FALSE);
		GRand *rand = g_rand_new_with_seed(11 + k);
		guint dups = 0;

		for (int n = 0; n < 300; n++) {
			guint i = g_rand_int_range(rand, 0, o->len);
			g_autoptr(GError) error = NULL;
			EvBatch b;

			if (n % 3 == 0) /* the next events of a run of one time */
				for (guint j = i; j < o->len && j < i + 5000; j++)
					if (at(o, j)->key.dup) {
						i = j;
						dups++;
						break;
					}
			g_assert_true(ev_reader_forward(r, at(o, i)->key, 40, 0, &b, NULL, &error));
			g_assert_no_error(error);
			g_assert_cmpuint(b.rows->len, ==, MIN(40, o->len - i));
			for (guint j = 0; j < b.rows->len; j++)
				assert_row(&g_array_index(b.rows, EvRow, j), at(o, i + j));
			g_assert_cmpint(b.edge, ==, i + 40 >= o->len);
			ev_batch_clear(&b);
			/* from a time between events: the first at or after it */
			if (i > 0 && at(o, i)->key.dup == 0 &&
			    at(o, i)->key.time > at(o, i - 1)->key.time + 1) {
				EvKey t = {at(o, i)->key.time - 1, 0};

				g_assert_true(ev_reader_forward(r, t, 3, 0, &b, NULL, NULL));
				assert_row(&g_array_index(b.rows, EvRow, 0), at(o, i));
				ev_batch_clear(&b);
			}
		}
		g_assert_cmpuint(dups, >, 0);
		/* the continuation of a read needs no seek: same rows */
		EvBatch b1, b2;
		g_assert_true(ev_reader_forward(r, at(o, 0)->key, 100, 0, &b1, NULL, NULL));
		g_assert_true(ev_reader_forward(r, b1.resume, 100, 0, &b2, NULL, NULL));
		for (guint j = 0; j < 100; j++)
			assert_row(&g_array_index(b2.rows, EvRow, j), at(o, 100 + j));
		ev_batch_clear(&b1);
		ev_batch_clear(&b2);
		/* the end */
		g_assert_true(
		        ev_reader_forward(r, (EvKey){LTTV_TIME_MAX, 0}, 10, 0, &b1, NULL, NULL));
		g_assert_cmpuint(b1.rows->len, ==, 0);
		g_assert_true(b1.edge);
		ev_batch_clear(&b1);
		g_rand_free(rand);
	}
}

/* Backward reads, grown stretch by stretch as the worker does: exactly
 * the oracle's rows before the key, and the start is found. */
static void test_backward(void)
{
	for (gsize k = 0; k < G_N_ELEMENTS(traces); k++) {
		g_autoptr(LttvTraceset) ts = open_ok(traces[k]);
		g_autoptr(GArray) o = read_oracle(ts);
		g_autoptr(EvReader) r = ev_reader_new(ts, FALSE);
		GRand *rand = g_rand_new_with_seed(23 + k);

		for (int n = 0; n < 200; n++) {
			guint i = n == 0   ? 10
			          : n == 1 ? o->len
			                   : (guint)g_rand_int_range(rand, 0, o->len);
			EvKey before = i < o->len ? at(o, i)->key : (EvKey){LTTV_TIME_MAX, 0};
			g_autoptr(GArray) rows = ev_rows_new(64);
			guint64 span = 8;
			gboolean edge = FALSE;

			while (rows->len < 50 && !edge) {
				EvBatch b;

				g_assert_true(ev_reader_backward(r, before, 50 - rows->len, span,
				                                 &b, NULL, NULL));
				g_array_prepend_vals(rows, b.rows->data, b.rows->len);
				g_array_set_clear_func(b.rows, NULL);
				before = b.resume;
				edge = b.edge;
				ev_batch_clear(&b);
				span *= 4;
			}
			g_assert_cmpuint(rows->len, ==, MIN(50, i));
			g_assert_cmpint(edge, ==, i <= 50 && rows->len == i);
			for (guint j = 0; j < rows->len; j++)
				assert_row(&g_array_index(rows, EvRow, j),
				           at(o, i - rows->len + j));
		}
		g_rand_free(rand);
	}
}

/* The cache grown and cut at random stays a run of consecutive events
 * with the right deltas. */
static void test_cache_walk(void)
{
	g_autoptr(LttvTraceset) ts = open_ok(traces[0]);
	g_autoptr(GArray) o = read_oracle(ts);
	g_autoptr(EvReader) r = ev_reader_new(ts, FALSE);
	GRand *rand = g_rand_new_with_seed(5);
	EvCache c;

	ev_cache_init(&c);
	for (int round = 0; round < 20; round++) {
		guint i0 = g_rand_int_range(rand, 0, o->len);

		ev_cache_reset(&c, at(o, i0)->key);
		for (int step = 0; step < 40; step++) {
			int op = g_rand_int_range(rand, 0, 4);
			guint n = g_rand_int_range(rand, 1, 200);
			EvBatch b;
			gint first;

			if (op == 0 && !c.at_end) {
				g_assert_true(ev_reader_forward(r, c.tail, n, 0, &b, NULL, NULL));
				g_assert_true(ev_cache_append(&c, c.tail, &b));
				ev_batch_clear(&b);
			} else if (op == 1 && !c.at_start) {
				g_assert_true(ev_reader_backward(r, c.head, n, n, &b, NULL, NULL));
				g_assert_true(ev_cache_prepend(&c, c.head, &b));
				ev_batch_clear(&b);
			} else if (op == 2) {
				ev_cache_drop_front(&c, n / 4);
			} else {
				ev_cache_drop_back(&c, n / 4);
			}
			if (!c.rows->len)
				continue;
			/* consecutive oracle rows, deltas from the row before */
			first = -1;
			for (guint j = 0; j < o->len; j++)
				if (ev_key_cmp(at(o, j)->key, ev_cache_row(&c, 0)->key) == 0) {
					first = (gint)j;
					break;
				}
			g_assert_cmpint(first, >=, 0);
			if (c.at_start)
				g_assert_cmpint(first, ==, 0);
			for (guint j = 0; j < c.rows->len; j++) {
				const EvRow *row = ev_cache_row(&c, j);

				assert_row(row, at(o, first + j));
				g_assert_cmpint(row->prev, ==,
				                j ? at(o, first + j - 1)->key.time : LTTV_TIME_MIN);
				g_assert_cmpint(ev_cache_find(&c, row->key), ==, (gint)j);
			}
			if (c.at_end)
				g_assert_cmpuint(first + c.rows->len, ==, o->len);
			/* the bounds hold exactly the rows */
			g_assert_cmpint(ev_key_cmp(c.head, ev_cache_row(&c, 0)->key), <=, 0);
			g_assert_cmpint(ev_cache_lower_bound(&c, ev_cache_row(&c, 0)->key.time), ==,
			                0);
		}
	}
	/* a batch read before the cache moved is refused */
	{
		EvBatch b;
		EvKey old;

		ev_cache_reset(&c, at(o, 1000)->key);
		old = c.tail;
		g_assert_true(ev_reader_forward(r, c.tail, 10, 0, &b, NULL, NULL));
		g_assert_true(ev_cache_append(&c, old, &b));
		ev_batch_clear(&b);
		g_assert_true(ev_reader_forward(r, old, 10, 0, &b, NULL, NULL));
		g_assert_false(ev_cache_append(&c, old, &b));
		ev_batch_clear(&b);
	}
	ev_cache_clear(&c);
	g_rand_free(rand);
}

/* The fields' text is what lttv_print_event prints after the name. */
static void test_fields_text(void)
{
	g_autoptr(LttvTraceset) ts = open_ok(traces[1]);
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GString) line = g_string_new(NULL), fields = g_string_new(NULL);
	LttvPrintOptions opt = {0};
	const LttvItem *item;
	guint n = 0;

	while ((item = lttv_iter_next(it, NULL)) && n < 5000) {
		g_autofree char *tail = NULL;

		if (item->kind != LTTV_ITEM_EVENT)
			continue;
		g_string_truncate(line, 0);
		g_assert_true(lttv_print_event(line, item->event, &opt, LTTV_TIME_MIN, NULL));
		g_assert_true(ev_fields_text(fields, item->event, NULL));
		tail = g_strdup_printf(" %s: %s", lttv_event_name(item->event), fields->str);
		g_assert_true(g_str_has_suffix(line->str, tail));
		g_assert_true(g_str_has_prefix(fields->str, "{ "));
		n++;
	}
	g_assert_cmpuint(n, ==, 5000);
}

/* A reader bounded to a few events per call, and a match that keeps few:
 * calls continued from `resume` give the oracle's matching rows. */
static gboolean every_sched_switch(const LttvEvent *ev, gpointer data)
{
	return strcmp(lttv_event_name(ev), "sched_switch") == 0;
}

static void check_sparse(EvReader *r, GArray *o)
{
	g_autoptr(GArray) want = g_array_new(FALSE, FALSE, sizeof(guint));
	EvKey from = at(o, 0)->key;
	guint got = 0;
	gboolean edge = FALSE;

	for (guint i = 0; i < o->len; i++)
		if (at(o, i)->sched_switch)
			g_array_append_val(want, i);
	g_assert_cmpuint(want->len, >, 100);
	while (!edge) {
		EvBatch b;

		g_assert_true(ev_reader_forward(r, from, 7, 500, &b, NULL, NULL));
		g_assert_cmpuint(b.examined, <=, 500);
		for (guint j = 0; j < b.rows->len; j++, got++)
			assert_row(&g_array_index(b.rows, EvRow, j),
			           at(o, g_array_index(want, guint, got)));
		from = b.resume;
		edge = b.edge;
		ev_batch_clear(&b);
	}
	g_assert_cmpuint(got, ==, want->len);
	/* backward from the end: the last matching ones */
	{
		EvBatch b;
		EvKey before = {LTTV_TIME_MAX, 0};
		g_autoptr(GArray) rows = ev_rows_new(16);

		while (rows->len < 10) {
			g_assert_true(
			        ev_reader_backward(r, before, 10 - rows->len, 64, &b, NULL, NULL));
			g_array_prepend_vals(rows, b.rows->data, b.rows->len);
			g_array_set_clear_func(b.rows, NULL);
			before = b.resume;
			ev_batch_clear(&b);
		}
		for (guint j = 0; j < 10; j++)
			assert_row(&g_array_index(rows, EvRow, j),
			           at(o, g_array_index(want, guint, want->len - 10 + j)));
	}
}

static void test_match(void)
{
	g_autoptr(LttvTraceset) ts = open_ok(traces[0]);
	g_autoptr(GArray) o = read_oracle(ts);
	g_autoptr(EvReader) r = ev_reader_new(ts, FALSE);

	ev_reader_set_match(r, every_sched_switch, NULL);
	check_sparse(r, o);
}

static void test_filter(void)
{
	g_autoptr(LttvTraceset) ts = open_ok(traces[0]);
	g_autoptr(GArray) o = read_oracle(ts);
	g_autoptr(EvReader) r = ev_reader_new(ts, FALSE);
	g_autoptr(GError) error = NULL;

	g_assert_true(ev_reader_set_filter(r, "event.name == \"sched_switch\"", &error));
	g_assert_no_error(error);
	g_assert_false(ev_reader_filter_needs_state(r));
	check_sparse(r, o);
	g_assert_false(ev_reader_set_filter(r, "event.name ==", &error));
	g_assert_nonnull(error);
	g_assert_true(ev_filter_needs_state("state.process.name =~ \"bash\"", ts));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/events/scale", test_scale);
	g_test_add_func("/events/forward", test_forward);
	g_test_add_func("/events/backward", test_backward);
	g_test_add_func("/events/cache-walk", test_cache_walk);
	g_test_add_func("/events/fields-text", test_fields_text);
	g_test_add_func("/events/match", test_match);
	g_test_add_func("/events/filter", test_filter);
	return g_test_run();
}
