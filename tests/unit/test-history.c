/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state history against the engine it records, its cache (reopened,
 * damaged, rebuilt) and its per-pixel samples against a naive count. */
#include "lttv/event.h"
#include "lttv/history.h"
#include "lttv/state.h"
#include "lttv/traceset.h"
#include "shared-traces.h"

#include <glib/gstdio.h>
#include <stdbool.h>
#include <string.h>

static char *cache_dir;

/* The engine, replayed beside the history, agrees with value_at() after
 * every timestamp (checked every 500 events or so). */
static void check_against_engine(const char *rel)
{
	g_autoptr(LttvTraceset) ts = open_ok(rel);
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvHistory) h = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(LttvState) st = lttv_state_new(ts);
	const LttvItem *item, *next;
	guint64 n = 0, checks = 0;

	g_assert_no_error(error);
	g_assert_nonnull(h);
	g_assert_cmpuint(lttv_history_n_traces(h), ==, 1);
	item = lttv_iter_next(it, &error);
	while (item) {
		LttvTime t = item->time;

		lttv_state_apply(st, item);
		next = lttv_iter_next(it, &error);
		n++;
		if (next && (next->time == t || n % 500 != 0))
			goto advance;
		checks++;
		g_assert_cmpuint(lttv_history_n_threads(h, 0), >=, lttv_state_n_processes(st, 0));
		for (guint i = 0; i < lttv_state_n_processes(st, 0); i++) {
			const LttvProcess *p = lttv_state_process(st, 0, i);
			const LttvModeFrame *top =
				lttv_process_stack(p, lttv_process_stack_depth(p) - 1);
			LttvHistoryThread ht;
			guint32 v;

			lttv_history_thread(h, 0, i, &ht);
			g_assert_cmpint(ht.tid, ==, lttv_process_tid(p));
			g_assert_true(lttv_history_value_at(h, 0, ht.row, t, &v));
			g_assert_cmpint(LTTV_THREAD_STATUS(v), ==, lttv_process_status(p));
			g_assert_cmpint(LTTV_THREAD_MODE(v), ==, top->mode);
			g_assert_cmpint(LTTV_THREAD_UNCERTAIN(v), ==, lttv_process_uncertain(p));
			g_assert_cmpstr(lttv_history_string(h, 0, LTTV_THREAD_SUBMODE(v)), ==,
			                top->submode);
		}
		for (guint r = 0; r < lttv_history_n_rows(h, 0); r++) {
			guint32 v;
			guint cpu;
			const LttvProcess *run;
			LttvHistoryThread ht;

			if (lttv_history_row_kind(h, 0, r) != LTTV_ROW_CPU)
				continue;
			cpu = (guint)lttv_history_row_entity(h, 0, r);
			if (!lttv_history_value_at(h, 0, r, t, &v))
				continue; /* not seen yet */
			g_assert_cmpint(LTTV_CPU_MODE(v), ==, lttv_state_cpu_mode(st, 0, cpu));
			run = lttv_state_cpu_running(st, 0, cpu);
			if (!run) {
				g_assert_cmpuint(LTTV_CPU_THREAD(v), ==, 0xffffff);
				continue;
			}
			lttv_history_thread(h, 0, LTTV_CPU_THREAD(v), &ht);
			g_assert_cmpint(ht.tid, ==, lttv_process_tid(run));
		}
	advance:
		item = next;
	}
	g_assert_no_error(error);
	g_assert_cmpuint(checks, >, 10);
}

static void test_many_threads(void)
{
	check_against_engine("tracecompass/many-threads");
}

static void test_old_names(void)
{
	check_against_engine("tracecompass/bug446190");
}

static void test_disks(void)
{
	check_against_engine("alireza-ezaz/trace-analysis-kernel");
}

static gsize file_size(const char *path)
{
	GStatBuf st;

	g_assert_cmpint(g_stat(path, &st), ==, 0);
	return (gsize)st.st_size;
}

/* Reopened from the cache, same data; a damaged cache is rebuilt. */
static void test_cache(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvHistory) a = NULL;
	g_autoptr(LttvHistory) b = NULL;
	g_autoptr(LttvHistory) c = NULL;
	g_autofree char *path = NULL;
	g_autofree char *bytes = NULL;
	gsize len, intervals = 0;
	FILE *f;

	a = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_assert_no_error(error);
	path = g_strdup(lttv_history_cache_path(a, 0));
	g_assert_true(g_str_has_prefix(path, cache_dir));
	g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
	b = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_true(lttv_history_from_cache(b));
	g_assert_cmpuint(lttv_history_n_rows(a, 0), ==, lttv_history_n_rows(b, 0));
	for (guint r = 0; r < lttv_history_n_rows(a, 0); r++) {
		const LttvTime *sa, *sb;
		const uint32_t *va, *vb;
		gsize na, nb;

		lttv_history_row_data(a, 0, r, &sa, &va, &na);
		lttv_history_row_data(b, 0, r, &sb, &vb, &nb);
		g_assert_cmpuint(na, ==, nb);
		g_assert_true(na == 0 || (memcmp(sa, sb, na * 8) == 0 && memcmp(va, vb, na * 4) == 0));
		intervals += na;
	}
	/* 12 bytes an interval, plus the tables */
	g_assert_cmpuint(intervals, >, 50000);
	g_assert_cmpfloat((double)file_size(path) / (double)intervals, <=, 16.0);

	/* damage: a start time moved backward, then a truncation */
	g_assert_true(g_file_get_contents(path, &bytes, &len, NULL));
	memset(bytes + len / 2, 0xff, 64);
	g_assert_true(g_file_set_contents(path, bytes, (gssize)len, NULL));
	c = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_false(lttv_history_from_cache(c));
	g_clear_pointer(&c, lttv_history_free);
	f = fopen(path, "r+");
	g_assert_nonnull(f);
	g_assert_cmpint(ftruncate(fileno(f), (off_t)(len - 100)), ==, 0);
	fclose(f);
	c = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_false(lttv_history_from_cache(c));
	g_clear_pointer(&c, lttv_history_free);
	c = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_assert_true(lttv_history_from_cache(c));
}

static void progress(double done, gpointer ud)
{
	double *last = ud;

	g_assert_cmpfloat(done, >=, *last);
	g_assert_cmpfloat(done, <=, 1.0);
	*last = done;
}

static void cancel_soon(double done, gpointer ud)
{
	(void)done;
	g_cancellable_cancel(ud);
}

static void test_progress_and_cancel(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(GError) error = NULL;
	g_autoptr(GCancellable) cancel = g_cancellable_new();
	g_autoptr(LttvHistory) h = NULL;
	g_autofree char *path = NULL;
	double last = 0;

	/* a fresh build: no cache */
	h = lttv_history_open(ts, NULL, NULL, NULL, &error);
	path = g_strdup(lttv_history_cache_path(h, 0));
	g_clear_pointer(&h, lttv_history_free);
	g_assert_cmpint(g_unlink(path), ==, 0);
	h = lttv_history_open(ts, progress, &last, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpfloat(last, ==, 1.0);
	g_clear_pointer(&h, lttv_history_free);
	g_assert_cmpint(g_unlink(path), ==, 0);
	h = lttv_history_open(ts, cancel_soon, cancel, cancel, &error);
	g_assert_null(h);
	g_assert_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
	g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

/* One sample per column, against value_at() and a scan of the starts. */
static void test_sample(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvHistory) h = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_autoptr(GRand) rand = g_rand_new_with_seed(446190);
	LttvTime begin = lttv_history_begin(h), end = lttv_history_end(h);
	guint32 values[700];
	guint8 flags[700];

	g_assert_no_error(error);
	for (int k = 0; k < 300; k++) {
		guint row = (guint)g_rand_int_range(rand, 0, (gint32)lttv_history_n_rows(h, 0));
		LttvTime t0 = begin + (LttvTime)g_rand_double_range(rand, -0.1, 1.0) * (end - begin);
		LttvTime w = (LttvTime)(g_rand_double(rand) * (double)(end - begin)) + 1;
		guint cols = (guint)g_rand_int_range(rand, 1, 700);
		const LttvTime *starts;
		const uint32_t *vals;
		gsize n;

		lttv_history_row_data(h, 0, row, &starts, &vals, &n);
		lttv_history_sample(h, 0, row, t0, t0 + w, cols, values, flags);
		for (guint c = 0; c < cols; c++) {
			LttvTime a = t0 + (LttvTime)((__int128)w * c / cols);
			LttvTime b = t0 + (LttvTime)((__int128)w * (c + 1) / cols);
			guint32 v;
			gboolean has = lttv_history_value_at(h, 0, row, a, &v);
			gsize lo = 0, hi = n;

			/* the first start after a: before b means a change inside */
			while (lo < hi) {
				gsize mid = lo + (hi - lo) / 2;

				if ((LttvTime)starts[mid] <= a)
					lo = mid + 1;
				else
					hi = mid;
			}
			gboolean several = lo < n && (LttvTime)starts[lo] < b;

			g_assert_cmpint(!!(flags[c] & LTTV_SAMPLE_VALUE), ==, has);
			if (has)
				g_assert_cmpuint(values[c], ==, v);
			g_assert_cmpint(!!(flags[c] & LTTV_SAMPLE_SEVERAL), ==, several);
		}
	}
}

static void sum_by_value(guint32 value, LttvTime d, gpointer ud)
{
	GHashTable *sums = ud;
	LttvTime *t = g_hash_table_lookup(sums, GUINT_TO_POINTER(value + 1));

	if (!t) {
		t = g_new0(LttvTime, 1);
		g_hash_table_insert(sums, GUINT_TO_POINTER(value + 1), t);
	}
	g_assert_cmpint(d, >, 0);
	*t += d;
}

static GHashTable *durations(const LttvHistory *h, guint row, LttvTime a, LttvTime b)
{
	GHashTable *sums = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);

	lttv_history_row_durations(h, 0, row, a, b, sum_by_value, sums);
	return sums;
}

static LttvTime total(GHashTable *sums)
{
	GHashTableIter it;
	gpointer v;
	LttvTime t = 0;

	g_hash_table_iter_init(&it, sums);
	while (g_hash_table_iter_next(&it, NULL, &v))
		t += *(LttvTime *)v;
	return t;
}

/* Range statistics add up: [a, m) + [m, b) = [a, b), value by value, for
 * any split; a CPU's times cover the range from its first value on. */
static void test_range_stats(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvHistory) h = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_autoptr(GRand) rand = g_rand_new_with_seed(240644);
	LttvTime begin = lttv_history_begin(h), end = lttv_history_end(h);

	g_assert_no_error(error);
	for (int k = 0; k < 2000; k++) {
		guint row = (guint)g_rand_int_range(rand, 0, (gint32)lttv_history_n_rows(h, 0));
		LttvTime a = begin + (LttvTime)(g_rand_double_range(rand, -0.05, 1.0) * (end - begin));
		LttvTime b = a + (LttvTime)(g_rand_double(rand) * (end - begin));
		LttvTime m = a + (LttvTime)(g_rand_double(rand) * (b - a));
		g_autoptr(GHashTable) whole = durations(h, row, a, b);
		g_autoptr(GHashTable) left = durations(h, row, a, m);
		g_autoptr(GHashTable) right = durations(h, row, m, b);
		GHashTableIter it;
		gpointer key, v;

		g_hash_table_iter_init(&it, whole);
		while (g_hash_table_iter_next(&it, &key, &v)) {
			LttvTime *l = g_hash_table_lookup(left, key), *r = g_hash_table_lookup(right, key);

			g_assert_cmpint(*(LttvTime *)v, ==, (l ? *l : 0) + (r ? *r : 0));
		}
		g_assert_cmpint(total(whole), ==, total(left) + total(right));
	}
	for (guint row = 0; row < lttv_history_n_rows(h, 0); row++) {
		const LttvTime *starts;
		const uint32_t *values;
		gsize n;
		g_autoptr(GHashTable) all = NULL;

		if (lttv_history_row_kind(h, 0, row) != LTTV_ROW_CPU)
			continue;
		lttv_history_row_data(h, 0, row, &starts, &values, &n);
		all = durations(h, row, begin, end);
		g_assert_cmpint(total(all), ==, end - (LttvTime)starts[0]);
	}
}

/* Partial histories handed out during a build: each is marked partial,
 * ends no later than the next, and agrees with the complete history on
 * every row before its end. */
typedef struct {
	GPtrArray *partials;
} Growing;

static void keep_partial(LttvHistory *p, gpointer data)
{
	g_ptr_array_add(((Growing *)data)->partials, p);
}

static void test_growing(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(GError) error = NULL;
	Growing g = {g_ptr_array_new_with_free_func((GDestroyNotify)lttv_history_free)};
	g_autoptr(LttvHistory) h = NULL;
	LttvTime prev_end = LTTV_TIME_MIN;

	/* a build, not a cache hit */
	h = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_assert_no_error(error);
	g_unlink(lttv_history_cache_path(h, 0));
	g_clear_pointer(&h, lttv_history_free);
	g_setenv("LTTV_HISTORY_PARTIAL_MS", "0", TRUE);
	h = lttv_history_open_growing(ts, NULL, keep_partial, &g, NULL, &error);
	g_unsetenv("LTTV_HISTORY_PARTIAL_MS");
	g_assert_false(lttv_history_from_cache(h));
	g_assert_no_error(error);
	g_assert_true(lttv_history_complete(h));
	g_assert_cmpuint(g.partials->len, >=, 1);
	for (guint i = 0; i < g.partials->len; i++) {
		LttvHistory *p = g.partials->pdata[i];
		LttvTime end = lttv_history_end(p);

		g_assert_false(lttv_history_complete(p));
		g_assert_cmpint(end, >=, prev_end);
		g_assert_cmpint(end, <=, lttv_history_end(h));
		g_assert_cmpint(lttv_history_begin(p), ==, lttv_history_begin(h));
		prev_end = end;
		g_assert_cmpuint(lttv_history_n_rows(p, 0), <=, lttv_history_n_rows(h, 0));
		for (guint r = 0; r < lttv_history_n_rows(p, 0); r++) {
			g_assert_cmpint(lttv_history_row_kind(p, 0, r), ==, lttv_history_row_kind(h, 0, r));
			for (int k = 0; k < 8; k++) {
				LttvTime t = lttv_history_begin(p) + (end - 1 - lttv_history_begin(p)) / 8 * k;
				guint32 vp = 0, vh = 0;
				gboolean hp = lttv_history_value_at(p, 0, r, t, &vp);

				g_assert_cmpint(hp, ==, lttv_history_value_at(h, 0, r, t, &vh));
				if (hp && LTTV_THREAD_SUBMODE(vp) == 0)
					g_assert_cmpuint(vp, ==, vh);
				else if (hp)
					g_assert_cmpstr(lttv_history_string(p, 0, LTTV_THREAD_SUBMODE(vp)), ==,
					                lttv_history_string(h, 0, LTTV_THREAD_SUBMODE(vh)));
			}
		}
	}
	g_ptr_array_unref(g.partials);
}

int main(int argc, char **argv)
{
	int rc;

	/* our own cache folder, before GLib reads XDG_CACHE_HOME */
	cache_dir = g_dir_make_tmp("lttv-history-XXXXXX", NULL);
	g_assert_nonnull(cache_dir);
	g_setenv("XDG_CACHE_HOME", cache_dir, TRUE);
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/history/many-threads", test_many_threads);
	g_test_add_func("/history/old-names", test_old_names);
	g_test_add_func("/history/disks", test_disks);
	g_test_add_func("/history/cache", test_cache);
	g_test_add_func("/history/progress-and-cancel", test_progress_and_cancel);
	g_test_add_func("/history/sample", test_sample);
	g_test_add_func("/history/range-stats", test_range_stats);
	g_test_add_func("/history/growing", test_growing);
	rc = g_test_run();
	{
		g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", cache_dir);

		if (system(cmd) != 0)
			rc = 1;
	}
	return rc;
}
