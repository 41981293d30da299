/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The resource view's parts on real traces: its rows and groups, the
 * tooltip of a CPU (the thread the history says runs) and of a disk (the
 * requests in flight and their latency), a partial history drawn with
 * its unbuilt part shaded. */
#include "resources.h"
#include "shared-traces.h"

#include <glib/gstdio.h>
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

static const ResItem *find_item(GArray *items, ResKind kind, int64_t entity)
{
	for (guint i = 0; i < items->len; i++) {
		const ResItem *it = &g_array_index(items, ResItem, i);

		if (it->type == RES_ITEM_RESOURCE && it->kind == kind && it->entity == entity)
			return it;
	}
	return NULL;
}

/* Headers and resources in order; collapsing and unused resources. */
static void test_items(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("alireza-ezaz/trace-analysis-kernel");
	g_autoptr(LttvHistory) h = history_of(ts);
	g_autoptr(GArray) items = res_items_new(h, ts);
	g_autoptr(LttvTab) tab = lttv_tab_new();
	g_autoptr(GPtrArray) shown = NULL;
	const ResItem *first = &g_array_index(items, ResItem, 0);
	const ResItem *sda = find_item(items, RES_DISK, 8 << 20);
	const ResItem *irq = find_item(items, RES_IRQ, 56);
	g_autofree char *key = NULL;
	ResKind last = RES_CPU;

	g_assert_cmpint(first->type, ==, RES_ITEM_TRACE);
	g_assert_cmpstr(first->label, ==, "trace-analysis-kernel");
	g_assert_cmpuint(first->n_rows, ==, 2 + 7 + 7 + 19);
	g_assert_nonnull(sda);
	g_assert_cmpstr(sda->label, ==, "sda");
	g_assert_cmpstr(sda->detail, ==, "8:0");
	g_assert_true(sda->used);
	g_assert_cmpstr(irq->label, ==, "IRQ 56 ahci[0000:02:04.0]");
	g_assert_cmpstr(find_item(items, RES_SOFTIRQ, 4)->label, ==, "BLOCK");
	g_assert_cmpstr(find_item(items, RES_CPU, 1)->label, ==, "CPU 1");
	g_assert_false(find_item(items, RES_DISK, 7 << 20)->used); /* loop0 */
	key = res_item_key(sda);
	g_assert_cmpstr(key, ==, "0:disk:8388608");
	/* kinds in order, each after its header, numbers ascending */
	for (guint i = 1; i < items->len; i++) {
		const ResItem *a = &g_array_index(items, ResItem, i - 1);
		const ResItem *b = &g_array_index(items, ResItem, i);

		if (b->type == RES_ITEM_GROUP) {
			g_assert_cmpint(b->kind, >=, last);
			last = b->kind;
		} else {
			g_assert_cmpint(b->kind, ==, last);
			if (a->type == RES_ITEM_RESOURCE)
				g_assert_cmpint(a->entity, <, b->entity);
		}
	}
	/* 1 trace + 4 groups + 2 CPUs + 7 IRQs + 7 softirqs + sda */
	shown = res_items_shown(tab, items);
	g_assert_cmpuint(shown->len, ==, 1 + 4 + 2 + 7 + 7 + 1);
	g_clear_pointer(&shown, g_ptr_array_unref);
	res_set_show_unused(tab, TRUE);
	shown = res_items_shown(tab, items);
	g_assert_cmpuint(shown->len, ==, 1 + 4 + 2 + 7 + 7 + 19);
	g_clear_pointer(&shown, g_ptr_array_unref);
	/* the IRQ lines' group collapsed: its header stays */
	for (guint i = 0; i < items->len; i++) {
		const ResItem *it = &g_array_index(items, ResItem, i);

		if (it->type == RES_ITEM_GROUP && it->kind == RES_IRQ)
			res_set_collapsed(tab, it, TRUE);
	}
	shown = res_items_shown(tab, items);
	g_assert_cmpuint(shown->len, ==, 1 + 4 + 2 + 7 + 19);
	g_clear_pointer(&shown, g_ptr_array_unref);
	res_set_collapsed(tab, first, TRUE);
	shown = res_items_shown(tab, items);
	g_assert_cmpuint(shown->len, ==, 1);
	g_assert_true(res_collapsed(tab, first));
	g_assert_false(res_collapsed(tab, sda));
}

/* A CPU's tooltip names the thread the history has on it, and its mode. */
static void test_cpu_tooltip(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(LttvHistory) h = history_of(ts);
	g_autoptr(GArray) items = res_items_new(h, ts);
	g_autoptr(GRand) rand = g_rand_new_with_seed(7);
	LttvTime b = lttv_history_begin(h), e = lttv_history_end(h);
	guint idle = 0, busy = 0;

	for (int k = 0; k < 400; k++) {
		int64_t cpu = g_rand_int_range(rand, 0, 8);
		LttvTime t = b + (LttvTime)(g_rand_double(rand) * (double)(e - b));
		const ResItem *it = find_item(items, RES_CPU, cpu);
		g_autofree char *text = res_state_text(h, it, t);
		g_autofree char *tid = NULL;
		LttvHistoryThread th;
		guint32 v;

		g_assert_nonnull(it);
		if (!lttv_history_value_at(h, 0, it->hrow, t, &v)) {
			g_assert_null(text);
			continue;
		}
		g_assert_nonnull(text);
		g_assert_true(g_str_has_prefix(text, "<b>CPU "));
		g_assert_nonnull(strstr(text, res_mode_label(RES_CPU, LTTV_CPU_MODE(v))));
		g_assert_nonnull(strstr(text, "Start: "));
		g_assert_nonnull(strstr(text, "Duration: "));
		g_assert_true(lttv_history_thread_on_cpu(h, 0, cpu, t, &th));
		tid = g_strdup_printf("(tid %" G_GINT64_FORMAT ", ", th.tid);
		g_assert_nonnull(strstr(text, tid));
		g_assert_nonnull(strstr(text, th.name[0] ? th.name : "(unnamed)"));
		idle += LTTV_CPU_MODE(v) == LTTV_CPU_IDLE;
		busy += LTTV_CPU_MODE(v) == LTTV_CPU_BUSY;
	}
	g_assert_cmpuint(idle, >, 20);
	g_assert_cmpuint(busy, >, 20);
}

typedef struct {
	LttvDiskRequest latest;
	guint n;
} Latest;

static gboolean keep_first(const LttvDiskRequest *q, gpointer data)
{
	Latest *l = data;

	if (l->n++ == 0)
		l->latest = *q;
	return TRUE;
}

/* A disk's tooltip: the requests in flight, the latest's latency. */
static void test_disk_tooltip(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("alireza-ezaz/trace-analysis-kernel");
	g_autoptr(LttvHistory) h = history_of(ts);
	g_autoptr(GArray) items = res_items_new(h, ts);
	const ResItem *sda = find_item(items, RES_DISK, 8 << 20);
	const LttvTime *starts;
	const uint32_t *values;
	gsize n;
	guint checked = 0, several = 0;

	lttv_history_row_data(h, 0, sda->hrow, &starts, &values, &n);
	for (gsize i = 0; i + 1 < n; i++) {
		LttvTime t = starts[i] + (starts[i + 1] - starts[i]) / 2;
		guint pending = LTTV_DISK_PENDING(values[i]);
		g_autofree char *text = res_state_text(h, sda, t);
		g_autofree char *count = NULL;
		Latest l = {0};
		char lat[48];

		g_assert_nonnull(text);
		count = g_strdup_printf(pending == 1 ? ", %u request in flight\n"
		                                     : ", %u requests in flight\n",
		                        pending);
		g_assert_nonnull(strstr(text, count));
		if (!pending) {
			g_assert_nonnull(strstr(text, "\nidle,"));
			continue;
		}
		g_assert_nonnull(strstr(text, "\nwriting,"));
		g_assert_cmpuint(lttv_history_disk_requests_at(h, 0, sda->hrow, t, keep_first, &l),
		                 ==, pending);
		if (l.latest.complete != LTTV_TIME_MAX) {
			g_autofree char *want = NULL;

			lttv_timeline_format_duration(l.latest.complete - l.latest.issue, lat,
			                              sizeof lat);
			want = g_strdup_printf("write sector %" G_GINT64_FORMAT " +%u: issued ",
			                       l.latest.sector, l.latest.n_sectors);
			g_assert_nonnull(strstr(text, want));
			g_assert_nonnull(strstr(text, lat));
		}
		several += pending > 6 && strstr(text, "more\n") != NULL;
		checked++;
	}
	g_assert_cmpuint(checked, >, 100);
	g_assert_cmpuint(several, >, 0);
}

static void keep_partial(LttvHistory *p, gpointer data)
{
	GPtrArray *partials = data;

	g_ptr_array_add(partials, p);
}

/* A history still building: drawn up to where it ends, shaded after. */
static void test_partial(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) partials =
	        g_ptr_array_new_with_free_func((GDestroyNotify)lttv_history_free);
	g_autoptr(LttvHistory) full = NULL;
	g_autoptr(GArray) items = NULL;
	g_autoptr(GPtrArray) shown = NULL;
	g_autoptr(LttvTab) tab = lttv_tab_new();
	LttvHistory *p;
	ResDrawParams dp = {.x = 0, .w = 400, .row_h = RES_ROW_H};
	cairo_surface_t *s;
	cairo_t *cr;
	guint32 *px;
	int stride, k, cpu_y = -1;

	/* a build, not a cache hit */
	full = history_of(ts);
	g_unlink(lttv_history_cache_path(full, 0));
	g_clear_pointer(&full, lttv_history_free);
	g_setenv("LTTV_HISTORY_PARTIAL_MS", "0", TRUE);
	full = lttv_history_open_growing(ts, NULL, keep_partial, partials, NULL, &error);
	g_unsetenv("LTTV_HISTORY_PARTIAL_MS");
	g_assert_no_error(error);
	g_assert_cmpuint(partials->len, >, 0);
	p = partials->pdata[0];
	g_assert_false(lttv_history_complete(p));
	dp.t0 = lttv_history_begin(full);
	dp.t1 = lttv_history_end(full);
	items = res_items_new(p, ts);
	shown = res_items_shown(tab, items);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, (int)shown->len * RES_ROW_H);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_paint(cr);
	res_draw_rows(cr, p, (const ResItem *const *)shown->pdata, shown->len, 0, &dp);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	px = (guint32 *)cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s) / 4;
	k = (int)lttv_timeline_column_of(dp.t0, dp.t1, 400, lttv_history_end(p)) + 1;
	g_assert_cmpint(k, >, 10);
	g_assert_cmpint(k, <, 390);
	for (guint i = 0; i < shown->len; i++)
		if (((ResItem *)shown->pdata[i])->type == RES_ITEM_RESOURCE &&
		    ((ResItem *)shown->pdata[i])->kind == RES_CPU) {
			cpu_y = (int)i * RES_ROW_H + RES_ROW_H / 2;
			break;
		}
	g_assert_cmpint(cpu_y, >=, 0);
	/* before the end: CPU colours (grey idle, white busy...); after: the
	 * same shade over the background on every row */
	{
		guint32 shade = px[(gsize)cpu_y * stride + k + 5] & 0xffffff;
		guint bright = 0;

		g_assert_cmpuint(shade, !=, 0);
		for (guint i = 0; i < shown->len; i++) {
			if (((ResItem *)shown->pdata[i])->type != RES_ITEM_RESOURCE)
				continue; /* (headers have a band under the shade) */
			for (int y = (int)i * RES_ROW_H; y < (int)(i + 1) * RES_ROW_H; y++)
				for (int x = k; x < 400; x++)
					g_assert_cmpuint(px[(gsize)y * stride + x] & 0xffffff, ==,
					                 shade);
		}
		for (int x = 0; x < k - 1; x++)
			bright += (px[(gsize)cpu_y * stride + x] & 0xff) >= 128;
		g_assert_cmpuint(bright, >, (guint)(k / 2));
	}
	cairo_surface_destroy(s);
}

int main(int argc, char **argv)
{
	int rc;

	/* our own cache folder, before GLib reads XDG_CACHE_HOME */
	cache_dir = g_dir_make_tmp("lttv-resources-XXXXXX", NULL);
	g_assert_nonnull(cache_dir);
	g_setenv("XDG_CACHE_HOME", cache_dir, TRUE);
	g_unsetenv("LTTV_RESOURCES_COLLAPSED");
	g_unsetenv("LTTV_RESOURCES_SHOW_UNUSED");
	g_setenv("TZ", "UTC", TRUE);
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/resources/items", test_items);
	g_test_add_func("/resources/cpu-tooltip", test_cpu_tooltip);
	g_test_add_func("/resources/disk-tooltip", test_disk_tooltip);
	g_test_add_func("/resources/partial", test_partial);
	rc = g_test_run();
	{
		g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", cache_dir);

		if (system(cmd) != 0)
			rc = 1;
	}
	return rc;
}
