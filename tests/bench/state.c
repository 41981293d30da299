/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state history's costs (tests/bench/state drives it).
 *
 *   state TRACE-FOLDER
 *   state --build-once TRACE-FOLDER   (one build, for callgrind)
 *
 * In a private cache folder: builds the history (events/s of the build,
 * median of 3), its bytes per interval, reopens it from the cache (median
 * of 20), and samples 1000 rows x 2000 columns over the whole range
 * (median of 20).  Prints KEY=VALUE pairs.
 */
#include <lttv/history.h>
#include <lttv/traceset.h>

#include <glib/gstdio.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	g_autofree char *cache = g_dir_make_tmp("lttv-bench-state-XXXXXX", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTraceset) ts = NULL;
	double build[3], reopen[20], sample[20];
	guint64 events = 0, intervals = 0, bytes = 0;
	guint rows = 0, threads = 0;
	guint32 *values = g_new(guint32, 2000);
	guint8 *flags = g_new(guint8, 2000);

	if (argc == 3 && strcmp(argv[1], "--build-once") == 0) {
		LttvHistory *h;

		g_setenv("XDG_CACHE_HOME", cache, TRUE);
		ts = lttv_traceset_open(argv[2], &error);
		h = ts ? lttv_history_open(ts, NULL, NULL, NULL, &error) : NULL;
		if (!h) {
			fprintf(stderr, "state: %s\n", error->message);
			return 1;
		}
		lttv_history_free(h);
		g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", cache);
		return system(cmd) != 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: %s [--build-once] TRACE-FOLDER\n", argv[0]);
		return 2;
	}
	g_setenv("XDG_CACHE_HOME", cache, TRUE);
	ts = lttv_traceset_open(argv[1], &error);
	if (!ts) {
		fprintf(stderr, "state: %s\n", error->message);
		return 1;
	}
	{
		g_autoptr(LttvIter) it = lttv_iter_new(ts);
		const LttvItem *item;

		while ((item = lttv_iter_next(it, &error)))
			events += item->kind == LTTV_ITEM_EVENT;
	}
	for (int k = 0; k < 3; k++) {
		LttvHistory *h;
		double t0 = now_s();

		h = lttv_history_open(ts, NULL, NULL, NULL, &error);
		build[k] = now_s() - t0;
		if (!h || lttv_history_from_cache(h)) {
			fprintf(stderr, "state: %s\n", error ? error->message : "not built");
			return 1;
		}
		for (guint t = 0; t < lttv_history_n_traces(h); t++)
			if (k < 2)
				g_unlink(lttv_history_cache_path(h, t)); /* build again */
		if (k < 2)
			lttv_history_free(h);
		else {
			/* keep the last build's file for the reopening */
			lttv_history_free(h);
			h = lttv_history_open(ts, NULL, NULL, NULL, &error);
			for (guint t = 0; t < lttv_history_n_traces(h); t++) {
				struct stat st;

				if (g_stat(lttv_history_cache_path(h, t), &st) == 0)
					bytes += (guint64)st.st_size;
				rows += lttv_history_n_rows(h, t);
				threads += lttv_history_n_threads(h, t);
				for (guint r = 0; r < lttv_history_n_rows(h, t); r++) {
					const LttvTime *s;
					const uint32_t *v;
					gsize n;

					lttv_history_row_data(h, t, r, &s, &v, &n);
					intervals += n;
				}
			}
			lttv_history_free(h);
		}
	}
	for (int k = 0; k < 20; k++) {
		double t0 = now_s();
		LttvHistory *h = lttv_history_open(ts, NULL, NULL, NULL, &error);

		reopen[k] = now_s() - t0;
		if (!h || !lttv_history_from_cache(h)) {
			fprintf(stderr, "state: the cache was not used\n");
			return 1;
		}
		lttv_history_free(h);
	}
	{
		g_autoptr(LttvHistory) h = lttv_history_open(ts, NULL, NULL, NULL, &error);
		LttvTime b = lttv_history_begin(h), e = lttv_history_end(h);
		guint n_rows = lttv_history_n_rows(h, 0);
		uint64_t sum = 0;

		for (int k = 0; k < 20; k++) {
			double t0 = now_s();

			/* 1000 rows (the first ones again when the trace has fewer) */
			for (guint r = 0; r < 1000; r++) {
				lttv_history_sample(h, 0, r % n_rows, b, e, 2000, values, flags);
				sum += values[r % 2000] + flags[1999];
			}
			sample[k] = now_s() - t0;
		}
		printf("events=%" G_GUINT64_FORMAT " rows=%u threads=%u intervals=%" G_GUINT64_FORMAT
		       " bytes=%" G_GUINT64_FORMAT " bytes_per_interval=%.2f build_s=%.4f"
		       " build_events_per_s=%.0f reopen_ms=%.3f sample_ms=%.3f sample_rows=%u"
		       " checksum=%" PRIu64 "\n",
		       events, rows, threads, intervals, bytes, (double)bytes / (double)intervals,
		       median(build, 3), (double)events / median(build, 3),
		       median(reopen, 20) * 1e3, median(sample, 20) * 1e3, MIN(n_rows, 1000u), sum);
	}
	{
		g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", cache);

		if (system(cmd) != 0)
			return 1;
	}
	g_free(values);
	g_free(flags);
	return 0;
}
