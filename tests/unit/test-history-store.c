/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state history build's rows (state/history-store.c): small rows in
 * memory, big ones in chunks of the file written from the row's buffer as
 * it fills and when synced, chunks a reader maps back as two arrays, and
 * a file that fills up part way: the rest in memory, nothing lost. */
#include "state/history-store.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>

static char *dir;

/* What the engine does for each change (state_flush). */
static void append(HistStore *s, GArray *rows, uint32_t row, uint64_t i)
{
	RowInfo *r = &g_array_index(rows, RowInfo, row);

	if (r->changes - r->first == r->cap)
		g_assert_true(hist_store_grow(s, row, r));
	r->starts[r->changes - r->first] = (LttvTime)(i * 10 + row);
	r->values[r->changes - r->first] = (uint32_t)(i ^ row);
	r->changes++;
}

/* Intervals `from` to `from + n` of a row. */
static void check_arrays(const LttvTime *starts, const uint32_t *values, uint32_t row,
                         uint64_t from, uint64_t n)
{
	for (uint64_t i = from; i < from + n; i++)
		if (starts[i - from] != (LttvTime)(i * 10 + row) ||
		    values[i - from] != (uint32_t)(i ^ row))
			g_error("row %u, interval %" G_GUINT64_FORMAT ": %" G_GINT64_FORMAT " %u",
			        row, i, starts[i], values[i]);
}

/* The row as a reader of the file sees it: its chunks mapped again. */
static void check_mapped(const HistStore *s, uint32_t row, uint64_t n, guint *files_used)
{
	guint nc;
	const HistChunk *c = hist_store_chunks(s, row, n, &nc);
	uint64_t vcap = 0, unit = history_chunk_unit();
	uint8_t *base;

	g_assert_nonnull(c);
	for (guint i = 0; i < nc; i++) {
		g_assert_cmpuint(c[i].cap % unit, ==, 0);
		g_assert_cmpuint(c[i].off % (unit * 4), ==, 0);
		g_assert_cmpuint(c[i].file, <=, 1);
		*files_used |= 1u << c[i].file;
		vcap += c[i].cap;
	}
	g_assert_cmpuint(vcap, >=, n);
	g_assert_cmpuint(vcap - c[nc - 1].cap, <, n); /* no chunk past the last value */
	base = mmap(NULL, vcap * 12, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	g_assert_true(base != MAP_FAILED);
	g_assert_true(history_map_chunks(base, vcap, 0, c, nc, s->files, PROT_READ, MAP_PRIVATE));
	check_arrays((const LttvTime *)(void *)base, (const uint32_t *)(void *)(base + vcap * 8),
	             row, 0, n);
	munmap(base, vcap * 12);
}

static GArray *rows_new(guint n)
{
	GArray *rows = g_array_new(FALSE, TRUE, sizeof(RowInfo));

	g_array_set_size(rows, n);
	return rows;
}

static void test_small_rows(void)
{
	g_autofree char *path = g_build_filename(dir, "small.hist", NULL);
	g_autofree char *tmp = NULL;
	HistStore s;
	GArray *rows = rows_new(50);
	guint n;

	hist_store_init(&s, path);
	g_assert_true(hist_store_cacheable(&s));
	tmp = g_strdup(s.tmp);
	for (uint64_t i = 0; i < 300; i++)
		for (uint32_t r = 0; r < 50; r++)
			append(&s, rows, r, i);
	for (uint32_t r = 0; r < 50; r++) {
		const RowInfo *ri = &g_array_index(rows, RowInfo, r);

		/* in memory: no chunk */
		g_assert_null(hist_store_chunks(&s, r, ri->changes, &n));
		g_assert_cmpuint(ri->cap, <=, 2048);
		g_assert_cmpuint(ri->first, ==, 0);
		check_arrays(ri->starts, ri->values, r, 0, 300);
	}
	hist_store_clear(&s, rows);
	/* the temporary goes with the store */
	g_assert_false(g_file_test(tmp, G_FILE_TEST_EXISTS));
	g_array_unref(rows);
}

/* The intervals of a chunked row still in its buffer. */
static void check_buffer(const RowInfo *ri, uint32_t row)
{
	g_assert_cmpuint(ri->changes - ri->first, <=, ri->cap);
	check_arrays(ri->starts, ri->values, row, ri->first, ri->changes - ri->first);
}

/* Two rows of 1.5 M intervals, written in turn: they move to chunks, and
 * every value stays; a sync half way writes a part of a buffer that the
 * next write of the buffer writes again. */
static void test_big_rows(void)
{
	g_autofree char *path = g_build_filename(dir, "big.hist", NULL);
	g_autofree char *tmp = NULL;
	HistStore s;
	GArray *rows = rows_new(3);
	guint files = 0;
	const uint64_t n = 1500000;

	hist_store_init(&s, path);
	tmp = g_strdup(s.tmp);
	for (uint64_t i = 0; i < n; i++) {
		append(&s, rows, 0, i);
		append(&s, rows, 2, i);
		if (i < 10)
			append(&s, rows, 1, i);
		if (i == n / 2 + 777) {
			const RowInfo *ri = &g_array_index(rows, RowInfo, 0);

			g_assert_cmpuint(ri->changes, >, ri->first); /* some in the buffer */
			g_assert_true(hist_store_sync(&s, rows));
			check_mapped(&s, 0, i + 1, &files);
			check_mapped(&s, 2, i, &files);
		}
	}
	g_assert_true(hist_store_sync(&s, rows));
	for (uint32_t r = 0; r < 3; r += 2) {
		const RowInfo *ri = &g_array_index(rows, RowInfo, r);

		g_assert_cmpuint(ri->changes, ==, n);
		check_buffer(ri, r);
		check_mapped(&s, r, n, &files);
	}
	/* the small row stays in memory */
	g_assert_null(hist_store_chunks(&s, 1, 10, &(guint){0}));
	check_arrays(g_array_index(rows, RowInfo, 1).starts, g_array_index(rows, RowInfo, 1).values,
	             1, 0, 10);
	g_assert_cmpuint(files, ==, 1); /* all in the file */
	g_assert_true(hist_store_cacheable(&s));
	g_assert_true(g_file_test(tmp, G_FILE_TEST_EXISTS));
	hist_store_clear(&s, rows);
	g_assert_false(g_file_test(tmp, G_FILE_TEST_EXISTS));
	g_array_unref(rows);
}

/* A file system that fills up part way (a file size limit: fallocate()
 * fails as it would with ENOSPC): the chunks that follow go to memory. */
static void test_file_fills_up(void)
{
	g_autofree char *path = g_build_filename(dir, "full.hist", NULL);
	struct rlimit old, lim;
	HistStore s;
	GArray *rows = rows_new(1);
	guint files = 0;
	const uint64_t n = 3000000; /* 36 MB */

	g_assert_cmpint(getrlimit(RLIMIT_FSIZE, &old), ==, 0);
	lim = old;
	lim.rlim_cur = 20u << 20;
	signal(SIGXFSZ, SIG_IGN);
	g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &lim), ==, 0);
	hist_store_init(&s, path);
	for (uint64_t i = 0; i < n; i++) {
		append(&s, rows, 0, i);
		/* the memory file is under the limit too: lifted once the
		 * cache's file is given up */
		if (s.spilled && lim.rlim_cur != old.rlim_cur) {
			g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &old), ==, 0);
			lim = old;
		}
	}
	g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &old), ==, 0);
	g_assert_true(s.spilled);
	g_assert_false(s.failed);
	g_assert_false(hist_store_cacheable(&s));
	g_assert_true(hist_store_sync(&s, rows));
	check_buffer(&g_array_index(rows, RowInfo, 0), 0);
	check_mapped(&s, 0, n, &files);
	g_assert_cmpuint(files, ==, 3); /* both files */
	hist_store_clear(&s, rows);
	g_array_unref(rows);
}

/* No cache folder: memory from the start. */
static void test_no_file(void)
{
	HistStore s;
	GArray *rows = rows_new(1);
	guint files = 0;
	const uint64_t n = 100000;

	hist_store_init(&s, NULL);
	g_assert_false(hist_store_cacheable(&s));
	for (uint64_t i = 0; i < n; i++)
		append(&s, rows, 0, i);
	g_assert_true(hist_store_sync(&s, rows));
	check_mapped(&s, 0, n, &files);
	g_assert_cmpuint(files, ==, 2);
	hist_store_clear(&s, rows);
	g_array_unref(rows);
}

int main(int argc, char **argv)
{
	int rc;

	dir = g_dir_make_tmp("lttv-history-store-XXXXXX", NULL);
	g_assert_nonnull(dir);
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/history-store/small-rows", test_small_rows);
	g_test_add_func("/history-store/big-rows", test_big_rows);
	g_test_add_func("/history-store/file-fills-up", test_file_fills_up);
	g_test_add_func("/history-store/no-file", test_no_file);
	rc = g_test_run();
	g_rmdir(dir);
	g_free(dir);
	return rc;
}
