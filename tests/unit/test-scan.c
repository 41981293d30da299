/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lttv_traceset_scan(): on every well-formed shared trace, the items a
 * scan hands out (events with their class, time and every value of every
 * scope, notices with their counts) are exactly the iterator's, whatever
 * the number of workers and the size of the runs; errors, cancellation,
 * progress.
 */
#include "lttv/event.h"
#include "lttv/scan.h"
#include "shared-traces.h"

#include <string.h>

/* A sum of one hash per item: the same for the same multiset of items,
 * whatever their order. */
typedef struct {
	guint64 events, notices, notice_counts, sum;
	gboolean values; /* hash every value too */
	gboolean failed;
} Tally;

static inline guint64 mix(guint64 h, guint64 v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

static guint64 item_hash(const LttvItem *item, gboolean values, gboolean *failed)
{
	guint64 h = mix(GPOINTER_TO_SIZE(item->stream), (guint64)item->time);

	if (item->kind != LTTV_ITEM_EVENT)
		return mix(mix(h, item->kind), item->count);
	h = mix(h, lttv_event_class_index(lttv_event_event_class(item->event)));
	/* runs are whole packets: the same first events as the iterator's */
	h = mix(h, (guint64)item->packet_first);
	for (int s = LTTV_SCOPE_PACKET_CONTEXT; values && s <= LTTV_SCOPE_PAYLOAD; s++) {
		g_autoptr(GError) error = NULL;
		gsize n;
		const LttvFieldValue *v = lttv_event_values(item->event, (LttvScope)s, &n, &error);

		if (error)
			*failed = TRUE;
		for (gsize i = 0; i < n; i++) {
			h = mix(h, v[i].kind);
			if (v[i].kind == LTTV_VALUE_STRING || v[i].kind == LTTV_VALUE_BLOB)
				for (guint64 b = 0; b < v[i].len; b++)
					h = mix(h, (guint8)v[i].str[b]);
			else
				h = mix(h, v[i].u);
		}
	}
	return h;
}

static void tally(Tally *t, const LttvItem *item)
{
	if (item->kind == LTTV_ITEM_EVENT)
		t->events++;
	else {
		t->notices++;
		t->notice_counts += item->count;
	}
	t->sum += item_hash(item, t->values, &t->failed);
}

static gboolean iter_tally(LttvTraceset *ts, Tally *t, GError **error)
{
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	const LttvItem *item;

	while ((item = lttv_iter_next(it, error)))
		tally(t, item);
	return !*error;
}

typedef struct {
	Tally *per_worker;
	guint n_workers;
	GCancellable *cancel;
	guint64 cancel_after; /* items, 0: never */
	guint64 fail_after;
	gboolean fail_all; /* every item fails, naming its stream and time */
	gint seen;         /* atomic */
	double last_progress;
	guint n_progress;
	gboolean progress_backwards;
	GThread *caller;
	gboolean progress_elsewhere;
	gboolean hash_values; /* Tally.values */
} ScanCtx;

static gboolean scan_item(const LttvItem *item, guint worker, gpointer ud, GError **error)
{
	ScanCtx *c = ud;
	gint seen = g_atomic_int_add(&c->seen, 1) + 1;

	g_assert_cmpuint(worker, <, c->n_workers);
	tally(&c->per_worker[worker], item);
	if (c->cancel_after && (guint64)seen == c->cancel_after)
		g_cancellable_cancel(c->cancel);
	if (c->fail_all) {
		g_usleep(20000); /* until the other workers are in a run too */
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
		            "item at %" G_GINT64_FORMAT " of stream %p", item->time,
		            (void *)item->stream);
		return FALSE;
	}
	if (c->fail_after && (guint64)seen == c->fail_after) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "stop at item %d", seen);
		return FALSE;
	}
	return TRUE;
}

static void scan_progress(double done, gpointer ud)
{
	ScanCtx *c = ud;

	if (done < c->last_progress || done > 1.0)
		c->progress_backwards = TRUE;
	if (g_thread_self() != c->caller)
		c->progress_elsewhere = TRUE;
	c->last_progress = done;
	c->n_progress++;
}

/* Scans with `n_workers` and runs of `run_bytes`, values decoded while
 * stepping or not; the workers' tallies added up. */
static gboolean scan_tally_in(LttvTraceset *ts, guint n_workers, guint64 run_bytes, gboolean values,
                              const LttvTime *range, ScanCtx *c, Tally *total, GError **error)
{
	LttvScanOptions o = {
	        .n_workers = n_workers,
	        .decode_values = values,
	        .cancellable = c->cancel,
	        .progress = scan_progress,
	        .run_bytes = run_bytes,
	        .use_range = range != NULL,
	        .begin = range ? range[0] : 0,
	        .end = range ? range[1] : 0,
	};
	gboolean ok;

	c->n_workers = lttv_scan_n_workers(n_workers);
	c->per_worker = g_new0(Tally, c->n_workers);
	c->caller = g_thread_self();
	for (guint i = 0; i < c->n_workers; i++)
		c->per_worker[i].values = c->hash_values;
	ok = lttv_traceset_scan(ts, &o, scan_item, c, error);
	memset(total, 0, sizeof *total);
	for (guint i = 0; i < c->n_workers; i++) {
		total->events += c->per_worker[i].events;
		total->notices += c->per_worker[i].notices;
		total->notice_counts += c->per_worker[i].notice_counts;
		total->sum += c->per_worker[i].sum;
		total->failed |= c->per_worker[i].failed;
	}
	g_free(c->per_worker);
	return ok;
}

static gboolean scan_tally(LttvTraceset *ts, guint n_workers, guint64 run_bytes, gboolean values,
                           ScanCtx *c, Tally *total, GError **error)
{
	return scan_tally_in(ts, n_workers, run_bytes, values, NULL, c, total, error);
}

static void assert_same(const Tally *a, const Tally *b)
{
	g_assert_cmpuint(a->events, ==, b->events);
	g_assert_cmpuint(a->notices, ==, b->notices);
	g_assert_cmpuint(a->notice_counts, ==, b->notice_counts);
	g_assert_cmphex(a->sum, ==, b->sum);
	g_assert_false(a->failed || b->failed);
}

static void test_same_items(void)
{
	g_autoptr(GPtrArray) traces = well_formed_traces();

	g_assert_cmpuint(traces->len, >, 20);
	guint checked = 0, split = 0;

	for (guint i = 0; i < traces->len; i++) {
		const char *rel = traces->pdata[i];
		g_autofree char *path = trace_path(rel);
		g_autoptr(GError) error = NULL;
		g_autoptr(LttvTraceset) ts = lttv_traceset_open(path, &error);
		Tally ref = {.values = TRUE};
		guint64 packets = 0, streams = 0;

		if (!ts || !iter_tally(ts, &ref, &error))
			continue; /* the reader's own tests say why */
		for (guint t = 0; t < lttv_traceset_n_traces(ts); t++) {
			LttvTrace *tr = lttv_traceset_trace(ts, t);

			for (guint s = 0; s < lttv_trace_n_streams(tr); s++) {
				packets += lttv_stream_n_packets(lttv_trace_stream(tr, s));
				streams++;
			}
		}
		split += packets > streams;
		/* one packet per run (every stream split), and the automatic size;
		 * values decoded while stepping or on demand */
		for (guint w = 1; w <= 4; w++) {
			ScanCtx c = {.hash_values = TRUE};
			Tally got;

			g_test_message("%s: %u workers", rel, w);
			g_assert_true(scan_tally(ts, w, w % 2 ? 1 : 0, w > 2, &c, &got, &error));
			g_assert_no_error(error);
			assert_same(&ref, &got);
			g_assert_false(c.progress_backwards);
			g_assert_false(c.progress_elsewhere);
			if (packets)
				g_assert_cmpfloat(c.last_progress, ==, 1.0);
		}
		checked++;
	}
	g_test_message("%u traces checked, %u with streams of several packets", checked, split);
	g_assert_cmpuint(checked, >, 20);
	g_assert_cmpuint(split, >, 5);
}

/* A stream cut into many runs read by many workers at once. */
static void test_many_runs(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(GError) error = NULL;
	Tally ref = {.values = TRUE}, got;
	ScanCtx c = {.hash_values = TRUE};

	g_assert_true(iter_tally(ts, &ref, &error));
	g_assert_cmpuint(ref.events, >, 100000);
	g_assert_true(scan_tally(ts, 7, 64 * 1024, TRUE, &c, &got, &error));
	g_assert_no_error(error);
	assert_same(&ref, &got);
	g_assert_cmpuint(c.n_progress, >=, 2);
}

/* The iterator's items of times in [range[0], range[1]], each stream's
 * first event of a packet among them marked as its packet's first. */
static gboolean iter_tally_in(LttvTraceset *ts, const LttvTime *range, Tally *t, GError **error)
{
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GHashTable) carry = g_hash_table_new(NULL, NULL); /* streams */
	const LttvItem *item;

	while ((item = lttv_iter_next(it, error))) {
		LttvItem copy = *item;

		if (item->time < range[0] || item->time > range[1]) {
			if (item->packet_first)
				g_hash_table_add(carry, item->stream);
			continue;
		}
		if (item->kind == LTTV_ITEM_EVENT && g_hash_table_remove(carry, item->stream))
			copy.packet_first = TRUE;
		tally(t, &copy);
	}
	return !*error;
}

/* A time range: the iterator's items in it, the packets wholly outside it
 * not read (less progress to make). */
static void test_range(void)
{
	static const char *const traces[] = {"tracecompass/many-threads",
	                                     "alireza-ezaz/trace-analysis-kernel",
	                                     "babeltrace/succeed/multi-domains"};

	for (gsize k = 0; k < G_N_ELEMENTS(traces); k++) {
		g_autoptr(LttvTraceset) ts = open_ok(traces[k]);
		g_autoptr(GError) error = NULL;
		g_autoptr(GArray) times = g_array_new(FALSE, FALSE, sizeof(LttvTime));
		g_autoptr(LttvIter) it = lttv_iter_new(ts);
		const LttvItem *item;

		while ((item = lttv_iter_next(it, &error)))
			g_array_append_val(times, item->time);
		g_assert_no_error(error);
		g_assert_cmpuint(times->len, >, 100);
		{
			LttvTime first = g_array_index(times, LttvTime, 0);
			LttvTime last = g_array_index(times, LttvTime, times->len - 1);
			LttvTime at = g_array_index(times, LttvTime, times->len / 2);
			LttvTime q1 = g_array_index(times, LttvTime, times->len / 4);
			LttvTime q3 = g_array_index(times, LttvTime, times->len * 3 / 4);
			const LttvTime ranges[][2] = {
			        {q1, q3},
			        {at, at},
			        {first, last},
			        {0, first - 1},
			        {last + 1, last + 2},
			        {q3 + 1, LTTV_TIME_MAX},
			};

			for (gsize r = 0; r < G_N_ELEMENTS(ranges); r++) {
				Tally ref = {.values = TRUE};

				g_assert_true(iter_tally_in(ts, ranges[r], &ref, &error));
				g_assert_no_error(error);
				for (guint w = 1; w <= 3; w++) {
					ScanCtx c = {.hash_values = TRUE};
					Tally got;

					g_test_message("%s: range %zu, %u workers", traces[k], r,
					               w);
					g_assert_true(scan_tally_in(ts, w, w == 2 ? 1 : 64 * 1024,
					                            w == 3, ranges[r], &c, &got,
					                            &error));
					g_assert_no_error(error);
					assert_same(&ref, &got);
					g_assert_false(c.progress_backwards);
				}
			}
		}
	}
}

static void test_cancel_and_fail(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	Tally got;

	for (guint w = 1; w <= 3; w++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GCancellable) cancel = g_cancellable_new();
		ScanCtx c = {.cancel = cancel, .cancel_after = 5000};

		g_assert_false(scan_tally(ts, w, 64 * 1024, FALSE, &c, &got, &error));
		g_assert_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
		/* stopped soon after: within a check period per worker */
		g_assert_cmpuint(got.events + got.notices, <, 5000 + 3 * 1100);
	}
	for (guint w = 1; w <= 3; w++) {
		g_autoptr(GError) error = NULL;
		ScanCtx c = {.fail_after = 777};

		g_assert_false(scan_tally(ts, w, 64 * 1024, FALSE, &c, &got, &error));
		g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
		g_assert_cmpstr(error->message, ==, "stop at item 777");
	}
	/* several runs failing at once: the error is the first run's (the
	 * one a single worker, reading the runs in order, stops at) */
	{
		g_autoptr(GError) first = NULL;
		ScanCtx c = {.fail_all = TRUE};

		g_assert_false(scan_tally(ts, 1, 1, FALSE, &c, &got, &first));
		g_assert_cmpuint(got.events + got.notices, ==, 1);
		for (guint i = 0; i < 20; i++) {
			g_autoptr(GError) error = NULL;
			ScanCtx c3 = {.fail_all = TRUE};

			g_assert_false(scan_tally(ts, 3, 1, FALSE, &c3, &got, &error));
			g_assert_cmpstr(error->message, ==, first->message);
		}
	}
}

/* A trace that opens but fails while reading its events: the scan fails
 * too, with the iterator's message when the trace has one stream (the
 * first failing run is then the iterator's first error). */
static void test_read_errors(void)
{
	static const char *const roots[] = {"malformed", "ctf2/malformed"};
	guint failing = 0;

	for (guint r = 0; r < G_N_ELEMENTS(roots); r++) {
		g_autofree char *root = trace_path(roots[r]);
		g_autoptr(LttvTraceset) all = NULL;
		g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func(g_free);
		g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func(g_free);

		/* every folder holding a metadata file */
		g_ptr_array_add(stack, g_strdup(root));
		while (stack->len) {
			g_autofree char *dir = g_ptr_array_steal_index(stack, stack->len - 1);
			g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
			const char *name;

			while (d && (name = g_dir_read_name(d))) {
				g_autofree char *p = g_build_filename(dir, name, NULL);

				if (strcmp(name, "metadata") == 0)
					g_ptr_array_add(dirs, g_strdup(dir));
				else if (g_file_test(p, G_FILE_TEST_IS_DIR))
					g_ptr_array_add(stack, g_steal_pointer(&p));
			}
		}
		for (guint i = 0; i < dirs->len; i++) {
			g_autoptr(GError) ierr = NULL, serr = NULL;
			g_autoptr(LttvTraceset) ts = lttv_traceset_open(dirs->pdata[i], &ierr);
			Tally ref = {0}, got;
			ScanCtx c = {0};
			guint streams = 0;

			if (!ts)
				continue;
			for (guint t = 0; t < lttv_traceset_n_traces(ts); t++)
				streams += lttv_trace_n_streams(lttv_traceset_trace(ts, t));
			if (iter_tally(ts, &ref, &ierr))
				continue;
			failing++;
			for (guint w = 1; w <= 3; w++) {
				g_clear_error(&serr);
				g_assert_false(scan_tally(ts, w, 1, FALSE, &c, &got, &serr));
				g_assert_nonnull(serr);
				if (streams == 1)
					g_assert_cmpstr(serr->message, ==, ierr->message);
			}
		}
	}
	g_test_message("%u malformed traces fail while reading", failing);
	g_assert_cmpuint(failing, >=, 3);
}

static void test_empty(void)
{
	g_autoptr(LttvTraceset) ts = lttv_traceset_new();
	g_autoptr(GError) error = NULL;
	ScanCtx c = {0};
	Tally got;

	g_assert_true(scan_tally(ts, 0, 0, FALSE, &c, &got, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(got.events, ==, 0);
	g_assert_cmpuint(lttv_scan_n_workers(0), ==, MIN(g_get_num_processors(), 64));
	g_assert_cmpuint(lttv_scan_n_workers(3), ==, 3);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/scan/same-items", test_same_items);
	g_test_add_func("/scan/many-runs", test_many_runs);
	g_test_add_func("/scan/range", test_range);
	g_test_add_func("/scan/cancel-and-fail", test_cancel_and_fail);
	g_test_add_func("/scan/read-errors", test_read_errors);
	g_test_add_func("/scan/empty", test_empty);
	return g_test_run();
}
