/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rows kept around the viewport: a run of consecutive shown events,
 * grown at either end by the batches of ev-reader.c and cut back when it
 * gets long.  `head` and `tail` only move with the batches (and cuts) of
 * their own side, so a read asked at either end meanwhile still fits when
 * it comes.  Each row's delta is the time since the row before it. */
#include "ev-model.h"

void ev_cache_init(EvCache *c)
{
	c->rows = ev_rows_new(256);
	ev_cache_reset(c, (EvKey){LTTV_TIME_MIN, 0});
}

void ev_cache_clear(EvCache *c)
{
	g_clear_pointer(&c->rows, g_array_unref);
}

void ev_cache_reset(EvCache *c, EvKey k)
{
	g_array_set_size(c->rows, 0);
	c->head = c->tail = k;
	c->at_start = c->at_end = FALSE;
}

gboolean ev_cache_append(EvCache *c, EvKey from, EvBatch *b)
{
	guint n = c->rows->len;

	if (ev_key_cmp(from, c->tail) != 0 || c->at_end)
		return FALSE;
	/* move the rows (their text) into the cache */
	g_array_append_vals(c->rows, b->rows->data, b->rows->len);
	g_array_set_clear_func(b->rows, NULL);
	g_array_set_size(b->rows, 0);
	g_array_set_clear_func(b->rows, (GDestroyNotify)ev_row_clear);
	for (guint i = MAX(n, 1); i < c->rows->len; i++)
		g_array_index(c->rows, EvRow, i).prev =
		        g_array_index(c->rows, EvRow, i - 1).key.time;
	c->tail = b->resume;
	c->at_end = b->edge;
	return TRUE;
}

gboolean ev_cache_prepend(EvCache *c, EvKey before, EvBatch *b)
{
	guint n = b->rows->len;

	if (ev_key_cmp(before, c->head) != 0 || c->at_start)
		return FALSE;
	g_array_prepend_vals(c->rows, b->rows->data, n);
	g_array_set_clear_func(b->rows, NULL);
	g_array_set_size(b->rows, 0);
	g_array_set_clear_func(b->rows, (GDestroyNotify)ev_row_clear);
	for (guint i = 1; i <= n && i < c->rows->len; i++)
		g_array_index(c->rows, EvRow, i).prev =
		        g_array_index(c->rows, EvRow, i - 1).key.time;
	if (n)
		g_array_index(c->rows, EvRow, 0).prev = LTTV_TIME_MIN;
	c->head = b->resume;
	c->at_start = b->edge;
	return TRUE;
}

void ev_cache_drop_front(EvCache *c, guint n)
{
	n = MIN(n, c->rows->len);
	if (!n)
		return;
	if (n < c->rows->len) {
		c->head = g_array_index(c->rows, EvRow, n).key;
		g_array_remove_range(c->rows, 0, n);
		g_array_index(c->rows, EvRow, 0).prev = LTTV_TIME_MIN;
	} else {
		c->head = c->tail;
		g_array_set_size(c->rows, 0);
	}
	c->at_start = FALSE;
}

void ev_cache_drop_back(EvCache *c, guint n)
{
	guint len = c->rows->len;

	n = MIN(n, len);
	if (!n)
		return;
	c->tail = g_array_index(c->rows, EvRow, len - n).key;
	g_array_set_size(c->rows, len - n);
	if (!c->rows->len)
		c->head = c->tail;
	c->at_end = FALSE;
}

gint ev_cache_find(const EvCache *c, EvKey k)
{
	guint lo = 0, hi = c->rows->len;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		int cmp = ev_key_cmp(g_array_index(c->rows, EvRow, mid).key, k);

		if (cmp == 0)
			return (gint)mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

guint ev_cache_lower_bound(const EvCache *c, LttvTime t)
{
	guint lo = 0, hi = c->rows->len;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;

		if (g_array_index(c->rows, EvRow, mid).key.time < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
