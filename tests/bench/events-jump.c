/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * events-jump TRACE [N]: the event list's reading costs, with the list's
 * own code (modules/events, compiled in), on N (default 60) random times
 * of the trace, the state history opened from the cache for the process
 * names:
 *   jump       seek to the time, read and decode the 40 rows of a screen
 *   jump+above the same, then the 40 rows above it (read back)
 *   worker     a jump through the list's worker thread: from the request
 *              to the rows in the main loop
 *   page/line down, page/line up: reading one more screen or row below
 *              the rows read (the worker's read-ahead), and above them
 *   filtered   a jump with the filter event.name == "sched_switch"
 * and the drawing of a screen of 40 rows, 1400 px wide (median of 20).
 * Prints key=value pairs (milliseconds; medians and maxima).
 */
#include "ev.h"

#include <stdio.h>
#include <stdlib.h>

#define ROWS 40

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double now_ms(void)
{
	return g_get_monotonic_time() / 1000.0;
}

static void report(const char *name, double *ms, int n)
{
	qsort(ms, n, sizeof ms[0], cmp_double);
	printf("%s_median=%.3f %s_max=%.3f ", name,
	       n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2, name, ms[n - 1]);
}

static void die(const char *what, const GError *error)
{
	fprintf(stderr, "events-jump: %s: %s\n", what, error ? error->message : "failed");
	exit(1);
}

/* The rows before `before`, stretch after stretch (as the worker reads). */
static guint read_above(EvReader *r, EvKey before, guint want)
{
	guint64 span = want * 2;
	guint got = 0;

	for (;;) {
		g_autoptr(GError) error = NULL;
		EvBatch b;
		gboolean edge;

		if (!ev_reader_backward(r, before, want - got, span, &b, NULL, &error))
			die("backward", error);
		got += b.rows->len;
		before = b.resume;
		edge = b.edge;
		ev_batch_clear(&b);
		if (got >= want || edge)
			return got;
		span *= 4;
	}
}

typedef struct {
	GMainLoop *loop;
	guint rows;
} WorkerWait;

static void worker_done(const EvJobResult *res, gpointer data)
{
	WorkerWait *w = data;

	if (res->kind == EV_JOB_SETUP)
		return;
	if (res->error)
		die("worker", res->error);
	w->rows = res->batch.rows ? res->batch.rows->len : 0;
	g_main_loop_quit(w->loop);
}

static double draw_ms(GArray *rows)
{
	int w = 1400, h = EV_HEADER_H + ROWS * EV_ROW_H;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	PangoFontDescription *font = pango_font_description_from_string(EV_FONT);
	EvColumns cols;
	EvPalette pal;
	double ms[20];

	ev_columns_init(&cols, FALSE);
	ev_palette_light(&pal);
	for (int k = 0; k < 20; k++) {
		cairo_t *cr = cairo_create(s);
		PangoLayout *pl = pango_cairo_create_layout(cr);
		double t0 = now_ms();

		pango_layout_set_font_description(pl, font);
		ev_draw_header(cr, pl, &cols, w, &pal);
		for (guint i = 0; i < rows->len && i < ROWS; i++)
			ev_draw_row(cr, pl, &cols, &g_array_index(rows, EvRow, i),
			            EV_HEADER_H + i * EV_ROW_H, w, i, i == 3, &pal);
		cairo_surface_flush(s);
		ms[k] = now_ms() - t0;
		g_object_unref(pl);
		cairo_destroy(cr);
	}
	pango_font_description_free(font);
	cairo_surface_destroy(s);
	qsort(ms, 20, sizeof ms[0], cmp_double);
	return (ms[9] + ms[10]) / 2;
}

int main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(LttvHistory) h = NULL;
	g_autoptr(EvReader) r = NULL;
	g_autoptr(EvReader) rf = NULL;
	int n = argc > 2 ? atoi(argv[2]) : 60;
	double *jump, *above, *page, *line, *page_up, *line_up, *filt, *work;
	GRand *rand = g_rand_new_with_seed(20261205);
	LttvTime begin, end;
	double t0;
	guint64 examined0;

	if (argc < 2 || n < 1) {
		fprintf(stderr, "usage: events-jump TRACE [N]\n");
		return 2;
	}
	t0 = now_ms();
	ts = lttv_traceset_open(argv[1], &error);
	if (!ts)
		die(argv[1], error);
	printf("open_ms=%.1f ", now_ms() - t0);
	t0 = now_ms();
	h = lttv_history_open(ts, NULL, NULL, NULL, &error);
	if (!h)
		die("history", error);
	printf("history_ms=%.1f from_cache=%d ", now_ms() - t0, lttv_history_from_cache(h));
	lttv_traceset_time_range(ts, &begin, &end);
	t0 = now_ms();
	r = ev_reader_new(ts, FALSE); /* its scale reads the events' range */
	printf("reader_ms=%.1f ", now_ms() - t0);
	ev_reader_set_history(r, h, FALSE);
	jump = g_new(double, n);
	above = g_new(double, n);
	page = g_new(double, n);
	line = g_new(double, n);
	page_up = g_new(double, n);
	line_up = g_new(double, n);
	filt = g_new(double, n);
	work = g_new(double, n);
	examined0 = ev_reader_examined(r);
	for (int i = 0; i < n; i++) {
		LttvTime t = begin + (LttvTime)(g_rand_double(rand) * (double)(end - begin));
		EvBatch b;
		EvKey head, tail;
		double a;

		a = now_ms();
		if (!ev_reader_forward(r, (EvKey){t, 0}, ROWS, 0, &b, NULL, &error))
			die("forward", error);
		jump[i] = now_ms() - a;
		if (b.rows->len == 0) { /* the very end: nothing after */
			ev_batch_clear(&b);
			i--;
			continue;
		}
		head = g_array_index(b.rows, EvRow, 0).key;
		tail = b.resume;
		if (i == 0)
			printf("draw_ms=%.3f ", draw_ms(b.rows));
		ev_batch_clear(&b);
		a = now_ms();
		read_above(r, head, ROWS);
		above[i] = jump[i] + now_ms() - a;
		/* a page and a line below the rows read: the read-ahead goes on
		 * from where it stopped (a seek, since the read above moved the
		 * iterator), then a line more without one */
		a = now_ms();
		if (!ev_reader_forward(r, tail, ROWS, 0, &b, NULL, &error))
			die("forward", error);
		page[i] = now_ms() - a;
		tail = b.resume;
		ev_batch_clear(&b);
		a = now_ms();
		if (!ev_reader_forward(r, tail, 1, 0, &b, NULL, &error))
			die("forward", error);
		line[i] = now_ms() - a;
		ev_batch_clear(&b);
		a = now_ms();
		read_above(r, head, ROWS);
		page_up[i] = now_ms() - a;
		a = now_ms();
		read_above(r, head, 1);
		line_up[i] = now_ms() - a;
	}
	printf("events_per_jump=%.0f ", (double)(ev_reader_examined(r) - examined0) / n);
	report("jump", jump, n);
	report("above", above, n);
	report("page_down", page, n);
	report("line_down", line, n);
	report("page_up", page_up, n);
	report("line_up", line_up, n);

	/* with a filter keeping one event in ~10 */
	rf = ev_reader_new(ts, FALSE);
	ev_reader_set_history(rf, h, FALSE);
	if (!ev_reader_set_filter(rf, "event.name == \"sched_switch\"", &error))
		die("filter", error);
	for (int i = 0; i < n; i++) {
		LttvTime t = begin + (LttvTime)(g_rand_double(rand) * (double)(end - begin));
		EvBatch b;
		double a = now_ms();

		if (!ev_reader_forward(rf, (EvKey){t, 0}, ROWS, 0, &b, NULL, &error))
			die("forward", error);
		filt[i] = now_ms() - a;
		ev_batch_clear(&b);
	}
	report("filtered", filt, n);

	/* through the worker thread, as the widget asks */
	{
		g_auto(GStrv) paths = ev_trace_paths(ts);
		WorkerWait wait = {g_main_loop_new(NULL, FALSE), 0};
		EvWorker *w = ev_worker_new(paths, worker_done, &wait);

		/* its first job opens its traceset and history: not counted */
		ev_worker_setup(w, 0, NULL, TRUE);
		ev_worker_read(w, EV_JOB_FORWARD, 0, (EvKey){begin, 0}, ROWS, FALSE);
		g_main_loop_run(wait.loop);
		for (int i = 0; i < n; i++) {
			LttvTime t =
			        begin + (LttvTime)(g_rand_double(rand) * (double)(end - begin));
			double a = now_ms();

			ev_worker_read(w, EV_JOB_FORWARD, 0, (EvKey){t, 0}, ROWS, FALSE);
			g_main_loop_run(wait.loop);
			work[i] = now_ms() - a;
		}
		report("worker", work, n);
		ev_worker_detach(w);
		g_main_loop_unref(wait.loop);
	}
	printf("n=%d\n", n);
	g_free(jump);
	g_free(above);
	g_free(page);
	g_free(line);
	g_free(page_up);
	g_free(line_up);
	g_free(filt);
	g_free(work);
	g_rand_free(rand);
	return 0;
}
