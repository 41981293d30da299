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
	/* at the end: what the engine met, and each thread's identity, as
	 * `lttv processes` prints them from the history */
	{
		LttvStateCounters e, k;

		lttv_state_counters(st, &e);
		lttv_history_counters(h, 0, &k);
		g_assert_cmpuint(k.events, ==, e.events);
		g_assert_cmpuint(k.events, ==, n);
		g_assert_cmpuint(k.switch_mismatches, ==, e.switch_mismatches);
		g_assert_cmpuint(k.unmatched_exits, ==, e.unmatched_exits);
		g_assert_cmpuint(k.forks_of_live_tids, ==, e.forks_of_live_tids);
		g_assert_cmpuint(k.lost_events, ==, e.lost_events);
		g_assert_cmpuint(k.uncertain_marks, ==, e.uncertain_marks);
	}
	g_assert_cmpuint(lttv_history_n_threads(h, 0), ==, lttv_state_n_processes(st, 0));
	for (guint i = 0; i < lttv_state_n_processes(st, 0); i++) {
		const LttvProcess *p = lttv_state_process(st, 0, i);
		LttvHistoryThread ht;
		LttvTime t;

		lttv_history_thread(h, 0, i, &ht);
		g_assert_cmpint(ht.pid, ==, lttv_process_pid(p));
		g_assert_cmpint(ht.ppid, ==, lttv_process_ppid(p));
		g_assert_cmpstr(ht.name, ==, lttv_process_name(p));
		g_assert_cmpint(ht.birth_known, ==, lttv_process_birth(p, &t));
		if (ht.birth_known)
			g_assert_cmpint(ht.birth, ==, t);
		g_assert_cmpint(ht.exited, ==, lttv_process_exit(p, &t));
		if (ht.exited)
			g_assert_cmpint(ht.exit, ==, t);
	}
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
/* The same rows in both histories (of trace 0), interval by interval;
 * their number of intervals. */
static gsize assert_same_rows(LttvHistory *a, LttvHistory *b)
{
	gsize intervals = 0;

	g_assert_cmpuint(lttv_history_n_rows(a, 0), ==, lttv_history_n_rows(b, 0));
	for (guint r = 0; r < lttv_history_n_rows(a, 0); r++) {
		const LttvTime *sa, *sb;
		const uint32_t *va, *vb;
		gsize na, nb;

		lttv_history_row_data(a, 0, r, &sa, &va, &na);
		lttv_history_row_data(b, 0, r, &sb, &vb, &nb);
		g_assert_cmpuint(na, ==, nb);
		g_assert_true(na == 0 ||
		              (memcmp(sa, sb, na * 8) == 0 && memcmp(va, vb, na * 4) == 0));
		intervals += na;
	}
	return intervals;
}

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
	const LttvTime *sa_mid = NULL;
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
	{
		LttvStateCounters ca, cb;

		lttv_history_counters(a, 0, &ca);
		lttv_history_counters(b, 0, &cb);
		g_assert_cmpuint(ca.events, >, 0);
		g_assert_true(memcmp(&ca, &cb, sizeof ca) == 0);
		lttv_history_total_counters(b, &cb); /* one trace: the same */
		g_assert_true(memcmp(&ca, &cb, sizeof ca) == 0);
	}
	intervals = assert_same_rows(a, b);
	/* 12 bytes an interval, plus the tables */
	g_assert_cmpuint(intervals, >, 50000);
	g_assert_cmpfloat((double)file_size(path) / (double)intervals, <=, 16.0);

	/* damage: a start time moved backward (found by its bytes: the one in
	 * the middle of the longest row), then a truncation */
	g_assert_true(g_file_get_contents(path, &bytes, &len, NULL));
	{
		const LttvTime *s;
		const uint32_t *v;
		gsize n, longest = 0;
		char *at;

		for (guint r = 0; r < lttv_history_n_rows(a, 0); r++) {
			lttv_history_row_data(a, 0, r, &s, &v, &n);
			if (n > longest) {
				longest = n;
				lttv_history_row_data(a, 0, r, &sa_mid, &v, &n);
			}
		}
		sa_mid += longest / 2;
		at = memmem(bytes, len, sa_mid, 8);
		g_assert_nonnull(at);
		memset(at, 0xff, 8); /* -1 */
	}
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

static gpointer build_in_thread(gpointer ts)
{
	g_autoptr(GError) error = NULL;
	LttvHistory *h = lttv_history_open(ts, NULL, NULL, NULL, &error);

	g_assert_no_error(error);
	return h;
}

/* Two builds of one trace at once (two tabs): each writes a file of its
 * own while it builds, the results agree, and the cache holds one. */
static void test_two_builds_at_once(void)
{
	g_autoptr(LttvTraceset) ta = open_ok("tracecompass/many-threads");
	g_autoptr(LttvTraceset) tb = open_ok("tracecompass/many-threads");
	g_autoptr(LttvHistory) a = NULL;
	g_autoptr(LttvHistory) b = NULL;
	g_autoptr(LttvHistory) c = NULL;
	g_autoptr(GError) error = NULL;
	GThread *ga, *gb;

	/* a build, not a cache hit */
	a = lttv_history_open(ta, NULL, NULL, NULL, &error);
	g_assert_no_error(error);
	g_unlink(lttv_history_cache_path(a, 0));
	g_clear_pointer(&a, lttv_history_free);
	ga = g_thread_new("a", build_in_thread, ta);
	gb = g_thread_new("b", build_in_thread, tb);
	a = g_thread_join(ga);
	b = g_thread_join(gb);
	g_assert_false(lttv_history_from_cache(a));
	g_assert_false(lttv_history_from_cache(b));
	assert_same_rows(a, b);
	c = lttv_history_open(ta, NULL, NULL, NULL, &error);
	g_assert_no_error(error);
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
static void check_sample(LttvHistory *h, guint row, LttvTime t0, LttvTime w, guint cols)
{
	g_autofree guint32 *values = g_new(guint32, cols);
	g_autofree guint8 *flags = g_new(guint8, cols);
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

static void test_sample(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvHistory) h = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_autoptr(GRand) rand = g_rand_new_with_seed(446190);
	LttvTime begin = lttv_history_begin(h), end = lttv_history_end(h);
	guint dense = 0;
	gsize most = 0;

	g_assert_no_error(error);
	for (int k = 0; k < 300; k++) {
		guint row = (guint)g_rand_int_range(rand, 0, (gint32)lttv_history_n_rows(h, 0));
		LttvTime t0 =
		        begin + (LttvTime)g_rand_double_range(rand, -0.1, 1.0) * (end - begin);
		LttvTime w = (LttvTime)(g_rand_double(rand) * (double)(end - begin)) + 1;

		check_sample(h, row, t0, w, (guint)g_rand_int_range(rand, 1, 700));
	}
	/* the densest row, where columns hold many changes each (the search
	 * then starts from a guess: ahead of, behind or past the answer) */
	for (guint r = 0; r < lttv_history_n_rows(h, 0); r++) {
		const LttvTime *starts;
		const uint32_t *vals;
		gsize n;

		lttv_history_row_data(h, 0, r, &starts, &vals, &n);
		if (n > most) {
			most = n;
			dense = r;
		}
	}
	g_assert_cmpuint(most, >, 10000);
	for (int k = 0; k < 40; k++) {
		LttvTime t0 =
		        begin + (LttvTime)g_rand_double_range(rand, -0.05, 0.5) * (end - begin);
		LttvTime w =
		        (LttvTime)(g_rand_double_range(rand, 0.1, 0.6) * (double)(end - begin));

		check_sample(h, dense, t0, w, (guint)g_rand_int_range(rand, 2, 200));
	}
	check_sample(h, dense, begin, end - begin, 2000);
}

/* The engine's name of the entity of a row (at the end of the trace). */
static const char *engine_name(const LttvState *st, LttvRowKind kind, int64_t entity)
{
	switch (kind) {
	case LTTV_ROW_IRQ:
		for (guint i = 0; i < lttv_state_n_irqs(st, 0); i++) {
			LttvIrqInfo q;

			lttv_state_irq(st, 0, i, &q);
			if (q.irq == entity)
				return q.name;
		}
		break;
	case LTTV_ROW_SOFTIRQ:
		for (guint i = 0; i < lttv_state_n_softirqs(st, 0); i++) {
			LttvSoftirqInfo q;

			lttv_state_softirq(st, 0, i, &q);
			if (q.vec == (guint)entity)
				return q.name;
		}
		break;
	case LTTV_ROW_DISK:
		for (guint i = 0; i < lttv_state_n_disks(st, 0); i++) {
			LttvDiskInfo q;

			lttv_state_disk(st, 0, i, &q);
			if (q.dev == (uint64_t)entity)
				return q.name;
		}
		break;
	case LTTV_ROW_THREAD: return lttv_process_name(lttv_state_process(st, 0, (guint)entity));
	case LTTV_ROW_CPU: break;
	}
	return NULL;
}

/* The row of an entity (-1: none). */
static gint find_row(const LttvHistory *h, LttvRowKind kind, int64_t entity)
{
	for (guint r = 0; r < lttv_history_n_rows(h, 0); r++)
		if (lttv_history_row_kind(h, 0, r) == kind &&
		    lttv_history_row_entity(h, 0, r) == entity)
			return (gint)r;
	return -1;
}

/* Row names: the engine's, from the cache too; a few known ones. */
static void check_row_names(const char *rel, LttvRowKind kind, int64_t entity, const char *want)
{
	g_autoptr(LttvTraceset) ts = open_ok(rel);
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvHistory) a = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_autoptr(LttvHistory) b = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(LttvState) st = lttv_state_new(ts);
	const LttvItem *item;
	guint named = 0;
	gint row;

	g_assert_no_error(error);
	g_assert_true(lttv_history_from_cache(b));
	while ((item = lttv_iter_next(it, &error)))
		lttv_state_apply(st, item);
	g_assert_no_error(error);
	for (guint r = 0; r < lttv_history_n_rows(a, 0); r++) {
		LttvRowKind k = lttv_history_row_kind(a, 0, r);
		const char *name = lttv_history_row_name(a, 0, r);

		g_assert_cmpstr(name, ==, engine_name(st, k, lttv_history_row_entity(a, 0, r)));
		g_assert_cmpstr(name, ==, lttv_history_row_name(b, 0, r));
		named += name && k != LTTV_ROW_THREAD;
	}
	g_assert_cmpuint(named, >, 3);
	g_assert_null(lttv_history_row_name(a, 0, lttv_history_n_rows(a, 0)));
	g_assert_null(lttv_history_row_name(a, 0, (guint)lttv_history_cpu_row(a, 0, 0)));
	row = find_row(a, kind, entity);
	g_assert_cmpint(row, >=, 0);
	g_assert_cmpstr(lttv_history_row_name(a, 0, (guint)row), ==, want);
}

static void test_row_names(void)
{
	/* from irq_handler_entry; from the state dump, a shared line */
	check_row_names("tracecompass/many-threads", LTTV_ROW_IRQ, 30, "i915");
	check_row_names("tracecompass/bug446190", LTTV_ROW_IRQ, 140,
	                "ohci_hcd:usb1, ehci_hcd:usb2");
	/* lttng_statedump_block_device; softirq vectors */
	check_row_names("alireza-ezaz/trace-analysis-kernel", LTTV_ROW_DISK, 8 << 20, "sda");
	check_row_names("alireza-ezaz/trace-analysis-kernel", LTTV_ROW_SOFTIRQ, 3, "NET_RX");
}

typedef struct {
	LttvTime t;
	guint calls;
	LttvTime last_issue;
} InFlight;

static gboolean count_in_flight(const LttvDiskRequest *q, gpointer ud)
{
	InFlight *f = ud;

	g_assert_cmpint(q->issue, <=, f->t);
	g_assert_cmpint(q->complete, >, f->t);
	g_assert_cmpint(q->issue, <=, f->last_issue); /* latest first */
	f->last_issue = q->issue;
	f->calls++;
	return TRUE;
}

/* The block requests of `dev` read from the events, in issue order:
 * block_rq_issue, then the next block_rq_complete of the same sector
 * (requests that move no sector left out). */
static GArray *scan_requests(LttvTraceset *ts, int64_t dev)
{
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GError) error = NULL;
	GArray *out = g_array_new(FALSE, FALSE, sizeof(LttvDiskRequest));
	const LttvItem *item;

	while ((item = lttv_iter_next(it, &error))) {
		const LttvEvent *ev = item->event;
		LttvEventClass *ec;
		const char *name;
		int64_t d = -1, sector = -1, nr = -1, rwbs = 0;

		if (item->kind != LTTV_ITEM_EVENT)
			continue;
		name = lttv_event_name(ev);
		if (!g_str_equal(name, "block_rq_issue") && !g_str_equal(name, "block_rq_complete"))
			continue;
		ec = lttv_event_event_class(ev);
		g_assert_true(lttv_event_get_int(ev, lttv_event_class_field(ec, "dev"), &d));
		g_assert_true(
		        lttv_event_get_int(ev, lttv_event_class_field(ec, "sector"), &sector));
		g_assert_true(lttv_event_get_int(ev, lttv_event_class_field(ec, "nr_sector"), &nr));
		g_assert_true(lttv_event_get_int(ev, lttv_event_class_field(ec, "rwbs"), &rwbs));
		if (d != dev || nr == 0)
			continue;
		if (g_str_equal(name, "block_rq_issue")) {
			LttvDiskRequest q = {item->time, LTTV_TIME_MAX, sector, (guint32)nr,
			                     rwbs & 1};

			g_array_append_val(out, q);
		}
	}
	g_assert_no_error(error);
	/* second pass: completions, matched by sector to the oldest open issue */
	g_clear_pointer(&it, lttv_iter_free);
	it = lttv_iter_new(ts);
	{
		g_autoptr(GHashTable) pending =
		        g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
		guint next_issue = 0;

		while ((item = lttv_iter_next(it, &error))) {
			const LttvEvent *ev = item->event;
			LttvEventClass *ec;
			const char *name;
			int64_t d = -1, sector = -1, nr = -1;

			if (item->kind != LTTV_ITEM_EVENT)
				continue;
			name = lttv_event_name(ev);
			if (!g_str_equal(name, "block_rq_issue") &&
			    !g_str_equal(name, "block_rq_complete"))
				continue;
			ec = lttv_event_event_class(ev);
			lttv_event_get_int(ev, lttv_event_class_field(ec, "dev"), &d);
			lttv_event_get_int(ev, lttv_event_class_field(ec, "sector"), &sector);
			lttv_event_get_int(ev, lttv_event_class_field(ec, "nr_sector"), &nr);
			if (d != dev || nr == 0)
				continue;
			if (g_str_equal(name, "block_rq_issue")) {
				g_hash_table_insert(pending, g_memdup2(&sector, sizeof sector),
				                    GUINT_TO_POINTER(++next_issue));
			} else {
				guint k = GPOINTER_TO_UINT(g_hash_table_lookup(pending, &sector));

				if (k) {
					g_array_index(out, LttvDiskRequest, k - 1).complete =
					        item->time;
					g_hash_table_remove(pending, &sector);
				}
			}
		}
		g_assert_no_error(error);
	}
	return out;
}

/* Block requests: those the events describe; in flight at any time
 * exactly as many as the disk's pending count, which the walk finds. */
static void test_disk_requests(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("alireza-ezaz/trace-analysis-kernel");
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvHistory) h = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(LttvState) st = lttv_state_new(ts);
	const LttvItem *item;
	guint64 total = 0, checked = 0, busy = 0;

	g_assert_no_error(error);
	while ((item = lttv_iter_next(it, &error)))
		lttv_state_apply(st, item);
	for (guint i = 0; i < lttv_state_n_disks(st, 0); i++) {
		LttvDiskInfo d;
		gint row;
		gsize n;
		const LttvTime *starts;
		const uint32_t *values;
		gsize nv;

		lttv_state_disk(st, 0, i, &d);
		row = find_row(h, LTTV_ROW_DISK, (int64_t)d.dev);
		g_assert_cmpint(row, >=, 0);
		n = lttv_history_disk_n_requests(h, 0, (guint)row);
		g_assert_cmpuint(n, ==, d.reads + d.writes);
		total += n;
		for (gsize k = 0; k < n; k++) {
			LttvDiskRequest q;

			lttv_history_disk_request(h, 0, (guint)row, k, &q);
			g_assert_cmpint(q.complete, >=, q.issue);
			g_assert_cmpuint(q.n_sectors, >, 0);
		}
		/* every interval of the row, at its start and just before the next */
		lttv_history_row_data(h, 0, (guint)row, &starts, &values, &nv);
		for (gsize k = 0; k < nv; k++) {
			LttvTime at[2] = {starts[k], k + 1 < nv ? starts[k + 1] - 1 : starts[k]};

			for (int j = 0; j < 2; j++) {
				InFlight f = {at[j], 0, LTTV_TIME_MAX};
				guint naive = 0, pending, walked;
				guint32 v;

				g_assert_true(lttv_history_value_at(h, 0, (guint)row, at[j], &v));
				pending = LTTV_DISK_PENDING(v);
				for (gsize r = 0; r < n; r++) {
					LttvDiskRequest q;

					lttv_history_disk_request(h, 0, (guint)row, r, &q);
					naive += q.issue <= at[j] && q.complete > at[j];
				}
				walked = lttv_history_disk_requests_at(h, 0, (guint)row, at[j],
				                                       count_in_flight, &f);
				g_assert_cmpuint(walked, ==, pending);
				g_assert_cmpuint(f.calls, ==, pending);
				g_assert_cmpuint(naive, ==, pending);
				g_assert_cmpint(LTTV_DISK_MODE(v) == LTTV_DISK_IDLE, ==,
				                pending == 0);
				busy += pending > 0;
				checked++;
			}
		}
	}
	g_assert_cmpuint(total, ==, 242);
	/* sda's requests are those of the events, issue and completion */
	{
		g_autoptr(GArray) oracle = scan_requests(ts, 8 << 20);
		gint row = find_row(h, LTTV_ROW_DISK, 8 << 20);
		guint completed = 0;

		g_assert_cmpuint(oracle->len, ==, lttv_history_disk_n_requests(h, 0, (guint)row));
		for (guint k = 0; k < oracle->len; k++) {
			const LttvDiskRequest *o = &g_array_index(oracle, LttvDiskRequest, k);
			LttvDiskRequest q;

			lttv_history_disk_request(h, 0, (guint)row, k, &q);
			g_assert_cmpint(q.issue, ==, o->issue);
			g_assert_cmpint(q.complete, ==, o->complete);
			g_assert_cmpint(q.sector, ==, o->sector);
			g_assert_cmpuint(q.n_sectors, ==, o->n_sectors);
			g_assert_cmpint(q.write, ==, o->write);
			completed += q.complete != LTTV_TIME_MAX;
		}
		g_assert_cmpuint(completed, >, 200);
	}
	g_assert_cmpuint(busy, >, 100);
	g_assert_cmpuint(checked, >, 400);
	/* other rows have none */
	g_assert_cmpuint(lttv_history_disk_n_requests(h, 0, (guint)lttv_history_cpu_row(h, 0, 0)),
	                 ==, 0);
	g_assert_cmpuint(lttv_history_disk_requests_at(h, 0, (guint)lttv_history_cpu_row(h, 0, 0),
	                                               lttv_history_end(h), NULL, NULL),
	                 ==, 0);
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
		LttvTime a =
		        begin + (LttvTime)(g_rand_double_range(rand, -0.05, 1.0) * (end - begin));
		LttvTime b = a + (LttvTime)(g_rand_double(rand) * (end - begin));
		LttvTime m = a + (LttvTime)(g_rand_double(rand) * (b - a));
		g_autoptr(GHashTable) whole = durations(h, row, a, b);
		g_autoptr(GHashTable) left = durations(h, row, a, m);
		g_autoptr(GHashTable) right = durations(h, row, m, b);
		GHashTableIter it;
		gpointer key, v;

		g_hash_table_iter_init(&it, whole);
		while (g_hash_table_iter_next(&it, &key, &v)) {
			LttvTime *l = g_hash_table_lookup(left, key),
			         *r = g_hash_table_lookup(right, key);

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
			g_assert_cmpint(lttv_history_row_kind(p, 0, r), ==,
			                lttv_history_row_kind(h, 0, r));
			for (int k = 0; k < 8; k++) {
				LttvTime t = lttv_history_begin(p) +
				             (end - 1 - lttv_history_begin(p)) / 8 * k;
				guint32 vp = 0, vh = 0;
				gboolean hp = lttv_history_value_at(p, 0, r, t, &vp);

				g_assert_cmpint(hp, ==, lttv_history_value_at(h, 0, r, t, &vh));
				if (hp && LTTV_THREAD_SUBMODE(vp) == 0)
					g_assert_cmpuint(vp, ==, vh);
				else if (hp)
					g_assert_cmpstr(
					        lttv_history_string(p, 0, LTTV_THREAD_SUBMODE(vp)),
					        ==,
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
	g_test_add_func("/history/two-builds-at-once", test_two_builds_at_once);
	g_test_add_func("/history/progress-and-cancel", test_progress_and_cancel);
	g_test_add_func("/history/sample", test_sample);
	g_test_add_func("/history/range-stats", test_range_stats);
	g_test_add_func("/history/growing", test_growing);
	g_test_add_func("/history/row-names", test_row_names);
	g_test_add_func("/history/disk-requests", test_disk_requests);
	rc = g_test_run();
	{
		g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", cache_dir);

		if (system(cmd) != 0)
			rc = 1;
	}
	return rc;
}
