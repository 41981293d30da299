/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lttv_event_values() against lttv_event_walk(), on every event of every
 * shared trace (each folder holding a `metadata` file, malformed ones too):
 * the same values in the same order, whether the iterator decodes while it
 * steps (lttv_iter_set_decode_values) or not; and the same items, in the
 * same order, ending with the same error. */
#include "lttv/error.h"
#include "lttv/event.h"
#include "lttv/traceset.h"

#include <stdbool.h>
#include <string.h>

static void collect(const LttvValue *v, gpointer ud)
{
	g_array_append_val((GArray *)ud, *v);
}

/* The walk, without the scope root's own BEGIN/END. */
static GArray *walk_scope(const LttvEvent *ev, LttvScope scope, GError **error)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(LttvValue));

	if (!lttv_event_walk(ev, scope, collect, a, error) || a->len < 2) {
		g_array_set_size(a, 0);
		return a;
	}
	g_assert_cmpint(g_array_index(a, LttvValue, 0).kind, ==, LTTV_VALUE_STRUCT_BEGIN);
	g_assert_cmpint(g_array_index(a, LttvValue, a->len - 1).kind, ==, LTTV_VALUE_STRUCT_END);
	g_array_remove_index(a, a->len - 1);
	g_array_remove_index(a, 0);
	return a;
}

static void assert_same_value(const LttvValue *w, const LttvFieldValue *v, const char *where)
{
	bool text = w->kind == LTTV_VALUE_STRING || w->kind == LTTV_VALUE_BLOB;

	if (w->kind != (LttvValueKind)v->kind || w->depth != v->depth ||
	    g_strcmp0(w->name, v->name) != 0 || (!text && w->cls != v->cls))
		g_error("%s: walk gives kind %d depth %d name %s, values give kind %d depth %d name %s",
		        where, w->kind, w->depth, w->name, v->kind, v->depth, v->name);
	switch (w->kind) {
	case LTTV_VALUE_STRING:
	case LTTV_VALUE_BLOB:
		g_assert_cmpuint(w->len, ==, v->len);
		g_assert_true(w->len == 0 || memcmp(w->str, v->str, w->len) == 0);
		break;
	case LTTV_VALUE_STRUCT_BEGIN:
	case LTTV_VALUE_STRUCT_END:
	case LTTV_VALUE_VARIANT_END:
	case LTTV_VALUE_OPTIONAL_END:
		break;
	case LTTV_VALUE_VARIANT_BEGIN:
		g_assert_cmpstr(w->name, ==, v->name);
		break;
	default:
		if (w->u != v->u)
			g_error("%s: %s: walk gives %" G_GUINT64_FORMAT ", values give %" G_GUINT64_FORMAT,
			        where, w->name ? w->name : "(element)", w->u, v->u);
		if (w->kind != LTTV_VALUE_ARRAY_BEGIN && w->kind != LTTV_VALUE_ARRAY_END &&
		    w->kind != LTTV_VALUE_OPTIONAL_BEGIN)
			g_assert_cmpint(w->base, ==, v->base);
		break;
	}
}

static void check_event(const LttvEvent *ev, const char *trace, guint64 rank)
{
	for (LttvScope s = LTTV_SCOPE_PACKET_HEADER; s <= LTTV_SCOPE_PAYLOAD; s++) {
		g_autoptr(GError) werr = NULL;
		g_autoptr(GError) verr = NULL;
		g_autoptr(GArray) w = walk_scope(ev, s, &werr);
		gsize n = 0;
		const LttvFieldValue *v = lttv_event_values(ev, s, &n, &verr);
		g_autofree char *where = g_strdup_printf("%s: event %" G_GUINT64_FORMAT " (%s), scope %d",
		                                         trace, rank, lttv_event_name(ev), s);

		if (werr || verr) {
			/* both fail, or values need more than the buffer allows */
			if (!werr && verr && strstr(verr->message, "values in one scope"))
				continue;
			if (!werr || !verr)
				g_error("%s: walk: %s; values: %s", where, werr ? werr->message : "ok",
				        verr ? verr->message : "ok");
			g_assert_cmpstr(werr->message, ==, verr->message);
			continue;
		}
		if (w->len != n)
			g_error("%s: walk gives %u values, lttv_event_values %" G_GSIZE_FORMAT, where,
			        w->len, n);
		g_assert_true(n == 0 || v);
		for (gsize i = 0; i < n; i++)
			assert_same_value(&g_array_index(w, LttvValue, i), &v[i], where);
		/* a second call returns the same (cached) array */
		{
			gsize n2 = 0;
			const LttvFieldValue *v2 = lttv_event_values(ev, s, &n2, NULL);

			if (v2 != v)
				g_error("%s: a second call gives another array", where);
			g_assert_cmpuint(n2, ==, n);
		}
	}
}

/* Steps a plain iterator and one in `mode` side by side. */
static guint64 compare_trace(const char *path, const char *name, gboolean decode_values)
{
	g_autoptr(GError) oerr = NULL;
	g_autoptr(LttvTraceset) ts = lttv_traceset_open(path, &oerr);
	g_autoptr(LttvIter) a = NULL;
	g_autoptr(LttvIter) b = NULL;
	g_autoptr(GError) aerr = NULL;
	g_autoptr(GError) berr = NULL;
	guint64 rank = 0;

	if (!ts)
		return 0; /* unreadable metadata: the malformed tests cover it */
	a = lttv_iter_new(ts);
	b = lttv_iter_new(ts);
	lttv_iter_set_decode_values(b, decode_values);
	while (true) {
		const LttvItem *x = lttv_iter_next(a, &aerr);
		const LttvItem *y = lttv_iter_next(b, &berr);

		if (!x || !y) {
			if (x || y)
				g_error("%s: item %" G_GUINT64_FORMAT ": one iterator ended (%s / %s)", name,
				        rank, aerr ? aerr->message : "-", berr ? berr->message : "-");
			break;
		}
		g_assert_cmpint(x->kind, ==, y->kind);
		g_assert_cmpint(x->time, ==, y->time);
		g_assert_true(x->stream == y->stream);
		g_assert_cmpuint(x->count, ==, y->count);
		if (x->kind == LTTV_ITEM_EVENT) {
			g_assert_cmpstr(lttv_event_name(x->event), ==, lttv_event_name(y->event));
			g_assert_cmpuint(lttv_event_cycles(x->event), ==, lttv_event_cycles(y->event));
			g_assert_cmpuint(lttv_event_packet_index(x->event), ==,
			                 lttv_event_packet_index(y->event));
			check_event(y->event, name, rank);
		}
		rank++;
	}
	g_assert_cmpint(!aerr, ==, !berr);
	if (aerr)
		g_assert_cmpstr(aerr->message, ==, berr->message);
	return rank;
}

static void find_traces(const char *dir, GPtrArray *out)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	g_autofree char *meta = g_build_filename(dir, "metadata", NULL);
	const char *e;

	if (g_file_test(meta, G_FILE_TEST_IS_REGULAR)) {
		g_ptr_array_add(out, g_strdup(dir));
		return;
	}
	if (!d)
		return;
	while ((e = g_dir_read_name(d))) {
		g_autofree char *sub = g_build_filename(dir, e, NULL);

		if (g_file_test(sub, G_FILE_TEST_IS_DIR) && !g_file_test(sub, G_FILE_TEST_IS_SYMLINK))
			find_traces(sub, out);
	}
}

static void test_all_traces(gconstpointer data)
{
	gboolean decode_values = GPOINTER_TO_INT(data);
	const char *root = g_getenv("LTTV_TRACES");
	g_autoptr(GPtrArray) traces = g_ptr_array_new_with_free_func(g_free);
	guint64 items = 0;

	if (!root)
		root = "../shared/traces";
	find_traces(root, traces);
	g_assert_cmpuint(traces->len, >, 100);
	for (guint i = 0; i < traces->len; i++) {
		const char *p = traces->pdata[i];

		items += compare_trace(p, p + strlen(root), decode_values);
	}
	g_test_message("%u traces, %" G_GUINT64_FORMAT " items", traces->len, items);
	g_assert_cmpuint(items, >, 1000000);
}

int main(int argc, char **argv)
{
	G_STATIC_ASSERT(sizeof(LttvFieldValue) == 32);
	g_test_init(&argc, &argv, NULL);
	g_test_add_data_func("/values/on-demand", GINT_TO_POINTER(FALSE), test_all_traces);
	g_test_add_data_func("/values/decoded-while-stepping", GINT_TO_POINTER(TRUE),
	                     test_all_traces);
	return g_test_run();
}
