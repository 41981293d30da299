/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The time-line helpers: x <-> time mapping, columns as the history
 * samples them, tick steps and labels, drawing without a display. */
#include "lttv/timeline.h"

#include <string.h>

#define S    LTTV_TIME_NS_PER_S
#define BASE INT64_C(1457113582794565804) /* many-threads, 17:46:22.794565804 UTC */

static void test_mapping(void)
{
	LttvTime t0 = BASE, t1 = BASE + 1000;

	g_assert_cmpfloat(lttv_timeline_time_to_x(t0, t1, 100, t0), ==, 0);
	g_assert_cmpfloat(lttv_timeline_time_to_x(t0, t1, 100, t1), ==, 100);
	g_assert_cmpfloat_with_epsilon(lttv_timeline_time_to_x(t0, t1, 100, t0 + 250), 25, 1e-9);
	/* outside the window: beyond the edges, not clamped */
	g_assert_cmpfloat_with_epsilon(lttv_timeline_time_to_x(t0, t1, 100, t0 - 500), -50, 1e-9);
	g_assert_cmpfloat_with_epsilon(lttv_timeline_time_to_x(t0, t1, 100, t1 + 1000), 200, 1e-9);
	/* back: clamped */
	g_assert_cmpint(lttv_timeline_x_to_time(t0, t1, 100, 25), ==, t0 + 250);
	g_assert_cmpint(lttv_timeline_x_to_time(t0, t1, 100, -3), ==, t0);
	g_assert_cmpint(lttv_timeline_x_to_time(t0, t1, 100, 1e9), ==, t1);
	/* a round trip is exact when a pixel is a whole number of ns */
	for (int x = 0; x <= 100; x++)
		g_assert_cmpfloat_with_epsilon(
		        lttv_timeline_time_to_x(t0, t1, 100,
		                                lttv_timeline_x_to_time(t0, t1, 100, x)),
		        x, 1e-9);
}

/* Columns split the window as lttv_history_sample() does. */
static void test_columns(void)
{
	LttvTime t0 = BASE, t1 = BASE + 1000;

	g_assert_cmpint(lttv_timeline_column_start(t0, t1, 3, 0), ==, t0);
	g_assert_cmpint(lttv_timeline_column_start(t0, t1, 3, 1), ==, t0 + 333);
	g_assert_cmpint(lttv_timeline_column_start(t0, t1, 3, 2), ==, t0 + 666);
	g_assert_cmpint(lttv_timeline_column_start(t0, t1, 3, 3), ==, t1);
	g_assert_cmpint(lttv_timeline_column_of(t0, t1, 3, t0 - 1), ==, -1);
	g_assert_cmpint(lttv_timeline_column_of(t0, t1, 3, t1), ==, 3);
	/* every time falls in the column whose bounds hold it */
	for (guint cols = 1; cols < 40; cols += 7)
		for (LttvTime t = t0; t < t1; t++) {
			gint64 c = lttv_timeline_column_of(t0, t1, cols, t);

			g_assert_cmpint(c, >=, 0);
			g_assert_cmpint(c, <, cols);
			g_assert_cmpint(lttv_timeline_column_start(t0, t1, cols, c), <=, t);
			g_assert_cmpint(lttv_timeline_column_start(t0, t1, cols, c + 1), >, t);
		}
	/* more columns than ns: several columns start at the same ns */
	g_assert_cmpint(lttv_timeline_column_start(t0, t0 + 1, 2000, 1999), ==, t0);
	g_assert_cmpint(lttv_timeline_column_of(t0, t0 + 1, 2000, t0), ==, 1999);
}

/* A 1 ns window and the widest window there is. */
static void test_edges(void)
{
	LttvTime t0 = BASE;

	g_assert_cmpfloat(lttv_timeline_time_to_x(t0, t0 + 1, 2000, t0 + 1), ==, 2000);
	g_assert_cmpint(lttv_timeline_x_to_time(t0, t0 + 1, 2000, 1000), ==, t0);
	g_assert_cmpint(lttv_timeline_x_to_time(t0, t0 + 1, 2000, 2000), ==, t0 + 1);
	g_assert_cmpint(lttv_timeline_tick_step(t0, t0 + 1, 2000, 60), ==, 1);
	/* empty window, zero width: no division by zero */
	g_assert_cmpfloat(lttv_timeline_time_to_x(t0, t0, 100, t0), ==, 100);
	g_assert_cmpint(lttv_timeline_x_to_time(t0, t0, 100, 50), ==, t0);
	g_assert_cmpint(lttv_timeline_tick_step(t0, t0, 100, 60), ==, 1);
	g_assert_cmpint(lttv_timeline_tick_step(t0, t0 + 100, 0, 60), ==, 1);
	g_assert_cmpint(lttv_timeline_column_of(t0, t0, 10, t0), ==, 10);

	/* [INT64_MIN, INT64_MAX]: 2^64 - 1 ns does not fit an int64 */
	LttvTime a = LTTV_TIME_MIN, b = LTTV_TIME_MAX;
	g_assert_cmpfloat_with_epsilon(lttv_timeline_time_to_x(a, b, 1000, 0), 500, 1e-6);
	g_assert_cmpfloat_with_epsilon(lttv_timeline_time_to_x(a, b, 1000, b), 1000, 1e-9);
	g_assert_cmpint(lttv_timeline_x_to_time(a, b, 1000, 0), ==, a);
	g_assert_cmpint(lttv_timeline_x_to_time(a, b, 1000, 1000), ==, b);
	LttvTime mid = lttv_timeline_x_to_time(a, b, 1000, 500);
	g_assert_cmpint(mid, >, -(INT64_C(1) << 20));
	g_assert_cmpint(mid, <, INT64_C(1) << 20);
	g_assert_cmpint(lttv_timeline_column_start(a, b, 2, 1), ==, -1);
	g_assert_cmpint(lttv_timeline_column_start(a, b, 2, 2), ==, b);
	g_assert_cmpint(lttv_timeline_column_of(a, b, 2, 0), ==, 1);
	g_assert_cmpint(lttv_timeline_column_of(a, b, 2, -2), ==, 0);
	/* the step saturates at 5e18 rather than overflowing */
	g_assert_cmpint(lttv_timeline_tick_step(a, b, 10, 60), ==, INT64_C(5000000000000000000));
	g_assert_cmpint(lttv_timeline_first_tick(INT64_MAX - 3, 10), ==, INT64_MAX);
}

static void test_ticks(void)
{
	char buf[64];

	/* 1 s over 1000 px, ticks >= 60 px apart: 60 ms -> 100 ms */
	g_assert_cmpint(lttv_timeline_tick_step(BASE, BASE + S, 1000, 60), ==, 100000000);
	/* 1 s over 1000 px, >= 40 px: 40 ms -> 50 ms */
	g_assert_cmpint(lttv_timeline_tick_step(BASE, BASE + S, 1000, 40), ==, 50000000);
	/* 1 s over 1000 px, >= 15 px: 15 ms -> 20 ms */
	g_assert_cmpint(lttv_timeline_tick_step(BASE, BASE + S, 1000, 15), ==, 20000000);
	/* exact fits are kept: 1 us over 100 px at 10 px is 100 ns */
	g_assert_cmpint(lttv_timeline_tick_step(BASE, BASE + 1000, 100, 10), ==, 100);
	/* one hour over 600 px at 60 px: 360 s -> 500 s */
	g_assert_cmpint(lttv_timeline_tick_step(BASE, BASE + 3600 * S, 600, 60), ==, 500 * S);

	g_assert_cmpint(lttv_timeline_first_tick(BASE, 100000000), ==,
	                INT64_C(1457113582800000000));
	g_assert_cmpint(lttv_timeline_first_tick(INT64_C(1457113582800000000), 100000000), ==,
	                INT64_C(1457113582800000000));
	g_assert_cmpint(lttv_timeline_first_tick(-15, 10), ==, -10);
	g_assert_cmpint(lttv_timeline_first_tick(-20, 10), ==, -20);

	/* labels: as many decimals as the step needs */
	g_assert_cmpstr(
	        lttv_timeline_tick_label(INT64_C(1457113582800000000), 100000000, buf, sizeof(buf)),
	        ==, "22.8");
	g_assert_cmpstr(
	        lttv_timeline_tick_label(INT64_C(1457113582800000000), 20000000, buf, sizeof(buf)),
	        ==, "22.80");
	g_assert_cmpstr(lttv_timeline_tick_label(BASE, 1, buf, sizeof(buf)), ==, "22.794565804");
	g_assert_cmpstr(
	        lttv_timeline_tick_label(INT64_C(1457113582000000000), 2 * S, buf, sizeof(buf)), ==,
	        "17:46:22");
	g_assert_cmpstr(lttv_timeline_format_duration(1, buf, sizeof(buf)), ==, "1 ns");
	g_assert_cmpstr(lttv_timeline_format_duration(2500000, buf, sizeof(buf)), ==, "2.5 ms");
	g_assert_cmpstr(lttv_timeline_format_duration(3 * S, buf, sizeof(buf)), ==, "3 s");
}

/* Every tick of a ruler is a multiple of the step inside the window, and
 * drawing needs no display. */
static void test_draw_headless(void)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 800, 100);
	cairo_t *cr = cairo_create(s);
	guint32 *px;
	int stride;

	lttv_timeline_draw_ruler(cr, 0, 0, 800, LTTV_TIMELINE_RULER_HEIGHT, BASE, BASE + S);
	lttv_timeline_draw_ruler(cr, 0, 0, 800, LTTV_TIMELINE_RULER_HEIGHT, BASE, BASE + 1);
	lttv_timeline_draw_ruler(cr, 0, 0, 800, LTTV_TIMELINE_RULER_HEIGHT, LTTV_TIME_MIN,
	                         LTTV_TIME_MAX);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_rectangle(cr, 0, 50, 800, 50);
	cairo_fill(cr);
	/* the current time in column 400 of 800 (x = 400.5: pixel 400) */
	lttv_timeline_draw_current_time(cr, 0, 50, 800, 50, BASE, BASE + 800, BASE + 400);
	cairo_surface_flush(s);
	px = (guint32 *)cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s) / 4;
	g_assert_cmphex(px[50 * stride + 400] & 0xffffff, ==, 0xffffff);
	g_assert_cmphex(px[50 * stride + 399] & 0xffffff, ==, 0);
	g_assert_cmphex(px[50 * stride + 401] & 0xffffff, ==, 0);
	/* the dotted line: 2 on, 2 off */
	g_assert_cmphex(px[52 * stride + 400] & 0xffffff, ==, 0);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_setenv("TZ", "UTC", TRUE);
	g_test_add_func("/timeline/mapping", test_mapping);
	g_test_add_func("/timeline/columns", test_columns);
	g_test_add_func("/timeline/edges", test_edges);
	g_test_add_func("/timeline/ticks", test_ticks);
	g_test_add_func("/timeline/draw-headless", test_draw_headless);
	return g_test_run();
}
