/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The control flow view's drawing on real traces: its sampling in runs
 * gives lttv_history_sample()'s columns exactly; the picture drawn in
 * place (pixels written into an image, the names copied from a cached
 * image) is the one cairo draws; what it keeps on the tab follows the
 * tab's history. */
#include "cf.h"
#include "shared-traces.h"

#include <string.h>

static char *cache_dir;

static LttvHistory *history_of(LttvTraceset *ts)
{
	g_autoptr(GError) error = NULL;
	LttvHistory *h = lttv_history_open(ts, NULL, NULL, NULL, &error);

	g_assert_no_error(error);
	g_assert_nonnull(h);
	return h;
}

/* cf_sample_spans() against lttv_history_sample() for one row and window. */
static void check_spans(const LttvHistory *h, guint trace, guint row, LttvTime t0, LttvTime t1,
                        guint cols)
{
	g_autofree guint32 *values = g_new(guint32, cols);
	g_autofree guint8 *flags = g_new(guint8, cols);
	g_autofree CfSpan *spans = g_new(CfSpan, cols);
	guint n = cf_sample_spans(h, trace, row, t0, t1, cols, spans), c = 0;

	lttv_history_sample(h, trace, row, t0, t1, cols, values, flags);
	for (guint s = 0; s < n; s++) {
		/* in order, none empty, covering every column */
		g_assert_cmpuint(spans[s].c0, ==, c);
		g_assert_cmpuint(spans[s].c1, >, spans[s].c0);
		for (c = spans[s].c0; c < spans[s].c1; c++) {
			if (flags[c] != spans[s].flags || values[c] != spans[s].value)
				g_error("trace %u row %u [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
				        "] %u columns: column %u is %x/%u, the span says %x/%u",
				        trace, row, t0, t1, cols, c, values[c], flags[c],
				        spans[s].value, spans[s].flags);
		}
	}
	g_assert_cmpuint(c, ==, cols);
}

/* Random windows (whole trace, a few ns for many columns, empty, reversed,
 * outside the trace, anything) on random rows, the busiest among them. */
static void test_sample_spans(gconstpointer data)
{
	g_autoptr(LttvTraceset) ts = open_ok(data);
	g_autoptr(LttvHistory) h = history_of(ts);
	g_autoptr(GRand) rand = g_rand_new_with_seed(42);
	LttvTime b = lttv_history_begin(h), e = lttv_history_end(h), len = MAX(e - b, 1);

	for (guint trace = 0; trace < lttv_history_n_traces(h); trace++) {
		guint rows = lttv_history_n_rows(h, trace), busiest = 0;
		gsize most = 0;

		for (guint r = 0; r < rows; r++) {
			const LttvTime *starts;
			const uint32_t *values;
			gsize n;

			lttv_history_row_data(h, trace, r, &starts, &values, &n);
			if (n > most) {
				most = n;
				busiest = r;
			}
		}
		for (int k = 0; rows && k < 1500; k++) {
			guint row =
			        k % 3 == 0 ? busiest : (guint)g_rand_int_range(rand, 0, (gint)rows);
			guint cols = (guint)g_rand_int_range(rand, 1, 2400);
			LttvTime t0 = b - len / 2 + (LttvTime)(g_rand_double(rand) * 2 * len), t1;
			const LttvTime *starts;
			const uint32_t *values;
			gsize n;

			/* some windows around a change of the row: it falls at a
			 * column's start, or inside, or between empty columns */
			lttv_history_row_data(h, trace, row, &starts, &values, &n);
			if (n && k % 2)
				t0 = starts[g_rand_int_range(rand, 0, (gint)MIN(n, G_MAXINT32))] -
				     g_rand_int_range(rand, 0, 3000);
			switch (k % 6) {
			case 0: t0 = b, t1 = e; break;
			case 1: t1 = t0 + g_rand_int_range(rand, 0, 3000); break; /* few ns */
			case 2: t1 = t0; break;
			case 3: t1 = t0 - g_rand_int_range(rand, 1, 1000); break;
			case 4: t1 = t0 + g_rand_int_range(rand, 1, 2000000); break;
			default: t1 = t0 + (LttvTime)(g_rand_double(rand) * len); break;
			}
			check_spans(h, trace, row, t0, t1, cols);
		}
	}
}

/* The tab on a shared trace, its window [begin + a, begin + b] of the
 * trace (fractions), the current time in the middle. */
static void open_on(LttvTab *tab, const char *rel, double a, double b)
{
	LttvTime begin, end;

	lttv_tab_set_traceset(tab, open_ok(rel));
	g_assert_true(lttv_tab_get_trace_range(tab, &begin, &end));
	lttv_tab_set_time_window(tab, begin + (LttvTime)((end - begin) * a),
	                         begin + (LttvTime)((end - begin) * b));
	lttv_tab_set_current_time(tab, begin + (LttvTime)((end - begin) * (a + b) / 2));
}

static LttvTab *tab_on(const char *rel, double a, double b)
{
	LttvTab *tab = lttv_tab_new();

	open_on(tab, rel, a, b);
	return tab;
}

/* The view drawn on `target`, an image or a sub-surface of one. */
static void render_on(LttvTab *tab, cairo_surface_t *target, int w, int h, GString *layout)
{
	g_autoptr(GError) error = NULL;
	cairo_t *cr = cairo_create(target);

	g_assert_true(cf_render(tab, cr, w, h, layout, &error));
	g_assert_no_error(error);
	cairo_destroy(cr);
	cairo_surface_flush(target);
}

static cairo_surface_t *render_image(LttvTab *tab, int w, int h, GString *layout)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);

	/* garbage first: every pixel must be drawn */
	cairo_surface_flush(s);
	memset(cairo_image_surface_get_data(s), 0x5a,
	       (gsize)cairo_image_surface_get_stride(s) * (gsize)h);
	cairo_surface_mark_dirty(s);
	render_on(tab, s, w, h, layout);
	return s;
}

/* How many pixels of two images differ (RGB; 0 when the same). */
static gsize differing(cairo_surface_t *a, cairo_surface_t *b)
{
	int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
	int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
	const guchar *pa = cairo_image_surface_get_data(a), *pb = cairo_image_surface_get_data(b);
	gsize n = 0;

	g_assert_cmpint(w, ==, cairo_image_surface_get_width(b));
	g_assert_cmpint(h, ==, cairo_image_surface_get_height(b));
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			guint32 u = *(const guint32 *)(pa + (gsize)y * sa + 4 * (gsize)x);
			guint32 v = *(const guint32 *)(pb + (gsize)y * sb + 4 * (gsize)x);

			n += (u & 0xffffff) != (v & 0xffffff);
		}
	return n;
}

/* Pixels of the time-line area that are neither black nor a palette
 * colour: hatching (UNCERTAIN) darkens a bar's colour. */
static gsize hatched(cairo_surface_t *s, int x0)
{
	g_autoptr(GHashTable) palette = g_hash_table_new(NULL, NULL);
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const guchar *p = cairo_image_surface_get_data(s);
	gsize n = 0;

	for (guint v = 0; v < 256; v++) {
		double rgb[3];
		guint32 c;

		lttv_palette_thread(v, rgb);
		c = (guint32)(rgb[0] * 255 + 0.5) << 16 | (guint32)(rgb[1] * 255 + 0.5) << 8 |
		    (guint32)(rgb[2] * 255 + 0.5);
		g_hash_table_add(palette, GUINT_TO_POINTER(c));
	}
	for (int y = LTTV_TIMELINE_RULER_HEIGHT; y < h; y++)
		for (int x = x0; x < w; x++) {
			guint32 c =
			        *(const guint32 *)(p + (gsize)y * stride + 4 * (gsize)x) & 0xffffff;

			n += c != 0 && c != 0xffffff &&
			     !g_hash_table_contains(palette, GUINT_TO_POINTER(c));
		}
	return n;
}

typedef struct {
	const char *trace;
	double a, b; /* the window, fractions of the trace */
	int w, h;
	gboolean uncertain; /* some UNCERTAIN state is drawn */
} RenderCase;

static const RenderCase render_cases[] = {
        {"tracecompass/many-threads", 0, 1, 1300, 3000, FALSE},
        {"alireza-ezaz/trace-analysis-kernel", 0.45, 0.47, 1200, 8000, FALSE},
        /* a kernel trace with lost events, whose swapper is uncertain
         * from then on */
        {"babeltrace/succeed/multi-domains", 0, 1, 1400, 700, FALSE},
        {"babeltrace/succeed/multi-domains", 0.8, 0.9, 977, 300, TRUE},
};

/* In place (an image: the rows' pixels written, the names copied) and
 * through cairo (a sub-surface of an image: the rows composited from
 * images, the names' text drawn), the same picture, layout and all; and
 * drawn again from what the tab keeps, the same again. */
static void test_render_in_place(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(render_cases); i++) {
		const RenderCase *rc = &render_cases[i];
		g_autoptr(LttvTab) tab = tab_on(rc->trace, rc->a, rc->b);
		g_autoptr(GString) layout = g_string_new(NULL);
		g_autoptr(GString) layout2 = g_string_new(NULL);
		g_autoptr(GString) layout3 = g_string_new(NULL);
		cairo_surface_t *direct = render_image(tab, rc->w, rc->h, layout);
		cairo_surface_t *again = render_image(tab, rc->w, rc->h, layout2);
		cairo_surface_t *image =
		        cairo_image_surface_create(CAIRO_FORMAT_RGB24, rc->w, rc->h);
		cairo_surface_t *sub =
		        cairo_surface_create_for_rectangle(image, 0, 0, rc->w, rc->h);

		render_on(tab, sub, rc->w, rc->h, layout3);
		cairo_surface_flush(image);
		g_test_message("%s %dx%d: %" G_GSIZE_FORMAT " hatched pixels", rc->trace, rc->w,
		               rc->h, hatched(direct, CLAMP(rc->w / 4, 60, 220)));
		g_assert_cmpuint(layout->len, >, 0);
		g_assert_cmpstr(layout->str, ==, layout2->str);
		g_assert_cmpstr(layout->str, ==, layout3->str);
		g_assert_cmpuint(differing(direct, again), ==, 0);
		g_assert_cmpuint(differing(direct, image), ==, 0);
		if (rc->uncertain)
			g_assert_cmpuint(hatched(direct, CLAMP(rc->w / 4, 60, 220)), >, 0);
		cairo_surface_destroy(sub);
		cairo_surface_destroy(image);
		cairo_surface_destroy(again);
		cairo_surface_destroy(direct);
	}
}

/* The rows and names kept on the tab follow its history: another
 * traceset on the same tab draws as on a new tab. */
static void test_render_follows_history(void)
{
	g_autoptr(LttvTab) tab = tab_on("tracecompass/many-threads", 0, 1);
	g_autoptr(LttvTab) fresh = tab_on("alireza-ezaz/trace-analysis-kernel", 0, 1);
	g_autoptr(GString) l1 = g_string_new(NULL);
	g_autoptr(GString) l2 = g_string_new(NULL);
	cairo_surface_t *first = render_image(tab, 1000, 1200, NULL);
	cairo_surface_t *a, *b;
	GArray *rows = cf_rows_of_tab(tab);

	g_assert_nonnull(rows);
	g_assert_true(cf_rows_of_tab(tab) == rows); /* kept */
	open_on(tab, "alireza-ezaz/trace-analysis-kernel", 0, 1);
	g_assert_null(cf_rows_of_tab(tab)); /* no history yet */
	a = render_image(tab, 1000, 1200, l1);
	b = render_image(fresh, 1000, 1200, l2);
	g_assert_cmpstr(l1->str, ==, l2->str);
	g_assert_cmpuint(differing(a, b), ==, 0);
	g_assert_cmpuint(differing(first, a), >, 0);
	cairo_surface_destroy(first);
	cairo_surface_destroy(a);
	cairo_surface_destroy(b);
}

/* The lost-event regions the view marks: one per notice, in time order,
 * their counts adding up to index.tsv's (728 events of multi-domains lost
 * in one place; 6 packets of 2-streams-lost-in-2 in three places). */
static void test_lost_regions(void)
{
	static const struct {
		const char *rel;
		guint regions;
		guint64 total;
	} cases[] = {
	        {"babeltrace/succeed/multi-domains", 1, 728},
	        {"babeltrace/packet-seq-num/2-streams-lost-in-2", 3, 6},
	        {"tracecompass/many-threads", 0, 0},
	};

	for (guint c = 0; c < G_N_ELEMENTS(cases); c++) {
		g_autoptr(LttvTraceset) ts = open_ok(cases[c].rel);
		g_autoptr(GError) error = NULL;
		g_autoptr(GArray) lost = cf_lost_scan(ts, NULL, &error);
		guint64 total = 0;

		g_assert_no_error(error);
		g_assert_nonnull(lost);
		g_assert_cmpuint(lost->len, ==, cases[c].regions);
		for (guint i = 0; i < lost->len; i++) {
			const CfLost *l = &g_array_index(lost, CfLost, i);

			g_assert_cmpint(l->begin, <=, l->end);
			if (i)
				g_assert_cmpint(g_array_index(lost, CfLost, i - 1).begin, <=,
				                l->begin);
			total += l->count;
		}
		g_assert_cmpuint(total, ==, cases[c].total);
	}
}

int main(int argc, char **argv)
{
	int rc;

	/* our own cache folder, before GLib reads XDG_CACHE_HOME */
	cache_dir = g_dir_make_tmp("lttv-controlflow-XXXXXX", NULL);
	g_assert_nonnull(cache_dir);
	g_setenv("XDG_CACHE_HOME", cache_dir, TRUE);
	g_setenv("TZ", "UTC", TRUE);
	g_test_init(&argc, &argv, NULL);
	g_test_add_data_func("/controlflow/sample-spans/many-threads", "tracecompass/many-threads",
	                     test_sample_spans);
	g_test_add_data_func("/controlflow/sample-spans/trace-analysis-kernel",
	                     "alireza-ezaz/trace-analysis-kernel", test_sample_spans);
	g_test_add_data_func("/controlflow/sample-spans/multi-domains",
	                     "babeltrace/succeed/multi-domains", test_sample_spans);
	g_test_add_func("/controlflow/render-in-place", test_render_in_place);
	g_test_add_func("/controlflow/render-follows-history", test_render_follows_history);
	g_test_add_func("/controlflow/lost-regions", test_lost_regions);
	rc = g_test_run();
	{
		g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", cache_dir);

		if (system(cmd) != 0)
			rc = 1;
	}
	return rc;
}
