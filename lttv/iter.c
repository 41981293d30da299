/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading a traceset's streams merged by time: a min-heap of stream cursors
 * ordered by the time of their current item (ties: trace order, then
 * stream order), the times kept beside the heap.
 */
#include "ctf/cursor-step.h"
#include "ctf/trace-internal.h"

#include "lttv/traceset.h"

#include <string.h>

struct LttvIter {
	LttvTraceset *ts;
	CtfCursor *cursors;
	guint n_cursors;
	LttvTime *head; /* per source: the time of its current item */
	guint *heap;    /* sources with an item, by (head time, index) */
	guint heap_len;
	int last; /* source whose item was handed out, -1 if none */
	bool started;
	/* the first of the sources below the top (heap_len >= 2): while the
	 * top source's next item comes before it, the heap stays as it is */
	guint second;
};

/* --- the heap --- */

static inline bool before(const LttvIter *it, guint a, guint b)
{
	if (it->head[a] != it->head[b])
		return it->head[a] < it->head[b];
	return a < b;
}

/* Moves heap[i] down to its place: a hole goes down instead of swaps. */
static inline void sift_down(LttvIter *it, guint i)
{
	guint *const heap = it->heap;
	const guint n = it->heap_len, x = heap[i];

	while (true) {
		guint l = 2 * i + 1, m = l;

		if (l >= n)
			break;
		if (l + 1 < n && before(it, heap[l + 1], heap[l]))
			m = l + 1;
		if (!before(it, heap[m], x))
			break;
		heap[i] = heap[m];
		i = m;
	}
	heap[i] = x;
}

/* After the top source moved on: `has_item` says whether it still has one
 * (its head time updated). */
static inline void heap_top_moved(LttvIter *it, bool has_item)
{
	if (!has_item)
		it->heap[0] = it->heap[--it->heap_len];
	if (it->heap_len > 1)
		sift_down(it, 0);
}

/* After the heap changed: the source that comes after the top. */
static inline void heap_note_second(LttvIter *it)
{
	if (it->heap_len >= 2)
		it->second = it->heap_len == 2 || before(it, it->heap[1], it->heap[2])
		                     ? it->heap[1]
		                     : it->heap[2];
}

/* Whether the top source, its head time updated, still comes first. */
static inline bool heap_top_stays(const LttvIter *it)
{
	return it->heap_len < 2 || before(it, it->heap[0], it->second);
}

static void heap_add(LttvIter *it, guint source, LttvTime t)
{
	it->head[source] = t;
	it->heap[it->heap_len++] = source;
}

static void heap_heapify(LttvIter *it)
{
	for (guint i = it->heap_len / 2; i-- > 0;)
		sift_down(it, i);
	heap_note_second(it);
}

/* An error ends the iteration (until a seek). */
static const LttvItem *fail(LttvIter *it)
{
	it->heap_len = 0;
	it->last = -1;
	it->started = true;
	return NULL;
}

/* --- the API --- */

LttvIter *lttv_iter_new(LttvTraceset *ts)
{
	LttvIter *it = g_new0(LttvIter, 1);
	guint n = 0;

	it->ts = ts;
	for (guint i = 0; i < ts->traces->len; i++)
		n += ((LttvTrace *)ts->traces->pdata[i])->streams->len;
	it->cursors = g_new0(CtfCursor, MAX(n, 1));
	it->head = g_new0(LttvTime, MAX(n, 1));
	it->heap = g_new0(guint, MAX(n, 1));
	for (guint i = 0; i < ts->traces->len; i++) {
		LttvTrace *t = ts->traces->pdata[i];

		for (guint s = 0; s < t->streams->len; s++)
			ctf_cursor_init(&it->cursors[it->n_cursors++], t->streams->pdata[s]);
	}
	it->last = -1;
	return it;
}

void lttv_iter_set_decode_values(LttvIter *it, gboolean on)
{
	for (guint i = 0; i < it->n_cursors; i++)
		it->cursors[i].decode_values = on;
}

void lttv_iter_set_copy_packets(LttvIter *it, gboolean on)
{
	for (guint i = 0; i < it->n_cursors; i++)
		it->cursors[i].copy_packets = on;
}

gboolean lttv_iter_seek(LttvIter *it, LttvTime t, GError **error)
{
	it->heap_len = 0;
	it->last = -1;
	for (guint i = 0; i < it->n_cursors; i++) {
		CtfCursor *c = &it->cursors[i];
		GError *local = NULL;

		if (!ctf_cursor_seek(c, t, &local) || local) {
			g_propagate_error(error, local);
			fail(it);
			return FALSE;
		}
		if (c->has_item)
			heap_add(it, i, c->item.time);
	}
	heap_heapify(it);
	it->started = true;
	return TRUE;
}

const LttvItem *lttv_iter_next(LttvIter *it, GError **error)
{
	GError *local = NULL;

	if (!it->started) {
		it->heap_len = 0;
		for (guint i = 0; i < it->n_cursors; i++) {
			CtfCursor *c = &it->cursors[i];

			if (ctf_cursor_advance(c, &local))
				heap_add(it, i, c->item.time);
			else if (local) {
				g_propagate_error(error, local);
				return fail(it);
			}
		}
		heap_heapify(it);
		it->started = true;
	} else if (it->last >= 0) {
		/* the cursor handed out last is at the heap's top */
		CtfCursor *c = &it->cursors[it->last];
		bool more = ctf_cursor_step(c) || ctf_cursor_advance_generic(c, &local);

		if (local) {
			g_propagate_error(error, local);
			return fail(it);
		}
		it->head[it->last] = c->item.time;
		if (!more || !heap_top_stays(it)) {
			heap_top_moved(it, more);
			heap_note_second(it);
		}
	}
	if (it->heap_len == 0) {
		it->last = -1;
		return NULL;
	}
	it->last = (int)it->heap[0];
	return &it->cursors[it->last].item;
}

void lttv_iter_free(LttvIter *it)
{
	if (!it)
		return;
	for (guint i = 0; i < it->n_cursors; i++)
		ctf_cursor_clear(&it->cursors[i]);
	g_free(it->cursors);
	g_free(it->head);
	g_free(it->heap);
	g_free(it);
}
