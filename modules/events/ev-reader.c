/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading the rows of the list around a place: forward from a key, or
 * back from one by reading a stretch before it (a trace is read forward
 * only; the stretch is sized from the scale and grown by the caller until
 * enough rows precede). */
#include "ev-model.h"

#include <glib/gi18n-lib.h>

#include <lttv/filter.h>
#include <lttv/print.h>
#include <string.h>

struct EvReader {
	LttvTraceset *ts;
	gboolean own_ts;
	LttvIter *it;
	EvScale *scale;
	LttvTime begin;
	const LttvHistory *history;
	LttvHistory *own_history;
	LttvFilter *filter;
	EvMatchFn match;
	gpointer match_data;
	LttvTime stop; /* forward reads end after it */
	/* the iterator stands after the event `pos` (when `positioned`), so
	 * that a read continuing the last one needs no seek */
	gboolean positioned;
	EvKey pos;
	GString *line;
	guint64 examined;
	LttvTime last_time;
	/* bytes of the scale per event, measured on what was read */
	double scale_bytes, scale_events;
};

void ev_row_clear(EvRow *r)
{
	g_clear_pointer(&r->fields, g_free);
}

GArray *ev_rows_new(guint reserve)
{
	GArray *a = g_array_sized_new(FALSE, TRUE, sizeof(EvRow), reserve);

	g_array_set_clear_func(a, (GDestroyNotify)ev_row_clear);
	return a;
}

void ev_batch_clear(EvBatch *b)
{
	g_clear_pointer(&b->rows, g_array_unref);
}

char **ev_trace_paths(LttvTraceset *ts)
{
	GPtrArray *paths = g_ptr_array_new();

	for (guint i = 0; ts && i < lttv_traceset_n_traces(ts); i++)
		g_ptr_array_add(paths, g_strdup(lttv_trace_path(lttv_traceset_trace(ts, i))));
	g_ptr_array_add(paths, NULL);
	return (char **)g_ptr_array_free(paths, FALSE);
}

EvReader *ev_reader_new(LttvTraceset *ts, gboolean take)
{
	EvReader *r = g_new0(EvReader, 1);

	r->ts = ts;
	r->own_ts = take;
	r->it = lttv_iter_new(ts);
	r->scale = ev_scale_new(ts);
	if (!ev_scale_range(r->scale, &r->begin, NULL))
		r->begin = 0;
	r->line = g_string_sized_new(512);
	r->last_time = r->begin;
	r->stop = LTTV_TIME_MAX;
	return r;
}

EvReader *ev_reader_open(const char *const *paths, GError **error)
{
	LttvTraceset *ts = lttv_traceset_new();

	for (guint i = 0; paths && paths[i]; i++)
		if (!lttv_traceset_add_path(ts, paths[i], error)) {
			lttv_traceset_free(ts);
			return NULL;
		}
	return ev_reader_new(ts, TRUE);
}

void ev_reader_free(EvReader *r)
{
	if (!r)
		return;
	lttv_iter_free(r->it);
	g_clear_pointer(&r->filter, lttv_filter_free);
	g_clear_pointer(&r->own_history, lttv_history_free);
	ev_scale_free(r->scale);
	if (r->own_ts)
		lttv_traceset_free(r->ts);
	g_string_free(r->line, TRUE);
	g_free(r);
}

LttvTraceset *ev_reader_traceset(EvReader *r)
{
	return r->ts;
}

const EvScale *ev_reader_scale(EvReader *r)
{
	return r->scale;
}

void ev_reader_set_history(EvReader *r, LttvHistory *h, gboolean take)
{
	if (r->own_history != h)
		g_clear_pointer(&r->own_history, lttv_history_free);
	r->history = h;
	if (take)
		r->own_history = h;
}

const LttvHistory *ev_reader_history(EvReader *r)
{
	return r->history;
}

gboolean ev_reader_set_filter(EvReader *r, const char *expr, GError **error)
{
	LttvFilter *f = NULL;

	if (expr && *expr) {
		f = lttv_filter_new(expr, r->begin, NULL, error);
		if (!f)
			return FALSE;
	}
	g_clear_pointer(&r->filter, lttv_filter_free);
	r->filter = f;
	return TRUE;
}

gboolean ev_reader_filter_needs_state(EvReader *r)
{
	return r->filter && lttv_filter_needs_state(r->filter);
}

gboolean ev_filter_needs_state(const char *expr, LttvTraceset *ts)
{
	LttvTime begin = 0, end;
	g_autoptr(LttvFilter) f = NULL;

	if (!expr || !*expr)
		return FALSE;
	if (ts)
		lttv_traceset_time_range(ts, &begin, &end);
	f = lttv_filter_new(expr, begin, NULL, NULL);
	return f && lttv_filter_needs_state(f);
}

void ev_reader_set_stop(EvReader *r, LttvTime stop)
{
	r->stop = stop;
}

void ev_reader_set_match(EvReader *r, EvMatchFn fn, gpointer data)
{
	r->match = fn;
	r->match_data = data;
}

guint64 ev_reader_examined(EvReader *r)
{
	return r->examined;
}

LttvTime ev_reader_last_time(EvReader *r)
{
	return r->last_time;
}

double ev_reader_bytes_per_event(EvReader *r)
{
	/* kernel events take about 30 bytes until something was measured */
	if (r->scale_events < 1000)
		return 32;
	return CLAMP(r->scale_bytes / r->scale_events, 1, 1 << 16);
}

gboolean ev_fields_text(GString *out, const LttvEvent *ev, GError **error)
{
	static const LttvPrintOptions opt = {.no_delta = TRUE, .no_host = TRUE};
	const char *name = lttv_event_name(ev);
	gsize skip = 0, name_len = strlen(name);

	g_string_truncate(out, 0);
	if (!lttv_print_event(out, ev, &opt, LTTV_TIME_MIN, error))
		return FALSE;
	/* "[time] name: fields": keep what follows the name */
	if (out->str[0] == '[') {
		const char *close = strstr(out->str, "] ");

		if (close)
			skip = (gsize)(close - out->str) + 2;
	}
	if (out->len >= skip + name_len + 2 && memcmp(out->str + skip, name, name_len) == 0 &&
	    out->str[skip + name_len] == ':')
		skip += name_len + 2;
	g_string_erase(out, 0, (gssize)skip);
	return TRUE;
}

static gboolean passes(EvReader *r, const LttvEvent *ev)
{
	if (r->filter && !lttv_filter_match(r->filter, ev, lttv_filter_process_from_history,
	                                    (gpointer)r->history))
		return FALSE;
	return !r->match || r->match(ev, r->match_data);
}

static void decode_row(EvReader *r, const LttvEvent *ev, EvKey key, EvRow *row)
{
	LttvHistoryThread th;

	memset(row, 0, sizeof(*row));
	row->key = key;
	row->prev = LTTV_TIME_MIN;
	row->cpu = lttv_event_cpu(ev);
	row->trace = lttv_trace_index(lttv_event_trace(ev));
	row->name = g_intern_string(lttv_event_name(ev));
	row->tid = row->pid = -1;
	if (r->history && lttv_history_event_owner(r->history, ev, &th)) {
		row->tid = th.tid;
		row->pid = th.pid;
		row->process = g_intern_string(th.name ? th.name : "");
	}
	if (ev_fields_text(r->line, ev, NULL))
		row->fields = g_strndup(r->line->str, r->line->len);
	else
		row->fields = g_strdup("?");
}

/* Puts the iterator just before the first event at or after `from`. */
static gboolean position(EvReader *r, EvKey from, GError **error)
{
	const LttvItem *item;

	if (r->positioned && ev_key_cmp(ev_key_after(r->pos), from) == 0)
		return TRUE;
	r->positioned = FALSE;
	if (!lttv_iter_seek(r->it, from.time, error))
		return FALSE;
	/* the seek stands before the first event at or after from.time;
	 * step over the `dup` ones of that time that precede `from` */
	r->pos = (EvKey){from.time, G_MAXUINT32};
	for (guint32 k = 0; k < from.dup;) {
		item = lttv_iter_next(r->it, error);
		if (!item) {
			if (error && *error)
				return FALSE;
			break;
		}
		if (item->kind != LTTV_ITEM_EVENT)
			continue;
		r->examined++;
		if (item->time != from.time) {
			/* fewer events of that time than `dup`: this one
			 * is the first after `from`; stand before it again */
			if (!lttv_iter_seek(r->it, item->time, error))
				return FALSE;
			r->pos = (EvKey){item->time, G_MAXUINT32};
			break;
		}
		r->pos = (EvKey){from.time, k};
		k++;
	}
	r->positioned = TRUE;
	return TRUE;
}

/* The key of the next event, given the last one (a time of its own, or
 * one more of the same time).  pos.dup G_MAXUINT32 means "before the
 * first event of pos.time". */
static inline EvKey next_key(EvKey pos, LttvTime t)
{
	if (t == pos.time)
		return (EvKey){t, pos.dup == G_MAXUINT32 ? 0 : pos.dup + 1};
	return (EvKey){t, 0};
}

static void measure(EvReader *r, LttvTime t0, LttvTime t1, guint64 n)
{
	if (n < 2 || t1 <= t0)
		return;
	r->scale_bytes += ev_scale_pos(r->scale, t1) - ev_scale_pos(r->scale, t0);
	r->scale_events += (double)n;
}

gboolean ev_reader_forward(EvReader *r, EvKey from, guint want, guint64 budget, EvBatch *out,
                           GCancellable *cancel, GError **error)
{
	const LttvItem *item;
	guint64 n = 0;
	LttvTime first = LTTV_TIME_MIN;

	memset(out, 0, sizeof(*out));
	out->rows = ev_rows_new(want);
	out->resume = from;
	if (!position(r, from, error))
		goto fail;
	while (out->rows->len < want && (!budget || n < budget)) {
		EvKey key;

		if (cancel && (n & 1023) == 1023 &&
		    g_cancellable_set_error_if_cancelled(cancel, error))
			goto fail;
		item = lttv_iter_next(r->it, error);
		if (!item) {
			if (error && *error)
				goto fail;
			out->edge = TRUE;
			break;
		}
		if (item->kind != LTTV_ITEM_EVENT)
			continue;
		if (item->time > r->stop) {
			/* read again by the next read (after a seek) */
			r->positioned = FALSE;
			out->edge = TRUE;
			break;
		}
		key = next_key(r->pos, item->time);
		r->pos = key;
		n++;
		if (first == LTTV_TIME_MIN)
			first = item->time;
		r->last_time = item->time;
		out->resume = ev_key_after(key);
		if (passes(r, item->event)) {
			EvRow row;

			decode_row(r, item->event, key, &row);
			g_array_append_val(out->rows, row);
		}
	}
	r->examined += n;
	out->examined = n;
	measure(r, first, r->last_time, n);
	return TRUE;
fail:
	r->positioned = FALSE;
	r->examined += n;
	ev_batch_clear(out);
	return FALSE;
}

gboolean ev_reader_backward(EvReader *r, EvKey before, guint want, guint64 span, EvBatch *out,
                            GCancellable *cancel, GError **error)
{
	const LttvItem *item;
	double bpe = ev_reader_bytes_per_event(r);
	double p = ev_scale_pos(r->scale, before.time) - (double)MAX(span, 1) * bpe;
	LttvTime from = ev_scale_time(r->scale, p);
	/* a ring of the last `want` rows: the oldest is dropped */
	g_autoptr(GArray) ring = ev_rows_new(want);
	guint head = 0;
	gboolean dropped = FALSE;
	guint64 n = 0;
	EvKey pos;

	memset(out, 0, sizeof(*out));
	want = MAX(want, 1);
	if (before.time == LTTV_TIME_MIN)
		from = LTTV_TIME_MIN;
	else if (from >= before.time)
		from = before.time - 1;
	if (p <= 0 || from <= r->begin)
		from = LTTV_TIME_MIN; /* from the start: the whole beginning */
	r->positioned = FALSE;
	if (!lttv_iter_seek(r->it, from, error))
		return FALSE;
	pos = (EvKey){LTTV_TIME_MIN, G_MAXUINT32};
	for (;;) {
		EvKey key;

		if (cancel && (n & 1023) == 1023 &&
		    g_cancellable_set_error_if_cancelled(cancel, error))
			return FALSE;
		item = lttv_iter_next(r->it, error);
		if (!item) {
			if (error && *error)
				return FALSE;
			break;
		}
		if (item->kind != LTTV_ITEM_EVENT)
			continue;
		key = next_key(pos, item->time);
		if (ev_key_cmp(key, before) >= 0)
			break;
		pos = key;
		n++;
		r->last_time = item->time;
		if (passes(r, item->event)) {
			EvRow row;

			if (ring->len < want) {
				decode_row(r, item->event, key, &row);
				g_array_append_val(ring, row);
			} else {
				/* replace the oldest */
				EvRow *old = &g_array_index(ring, EvRow, head);

				ev_row_clear(old);
				decode_row(r, item->event, key, old);
				head = (head + 1) % want;
				dropped = TRUE;
			}
		}
	}
	r->examined += n;
	out->examined = n;
	out->rows = ev_rows_new(ring->len);
	for (guint i = 0; i < ring->len; i++) {
		EvRow *row = &g_array_index(ring, EvRow, (head + i) % ring->len);

		g_array_append_val(out->rows, *row);
		row->fields = NULL; /* moved */
	}
	if (dropped)
		out->resume = g_array_index(out->rows, EvRow, 0).key;
	else
		out->resume = from == LTTV_TIME_MIN ? (EvKey){LTTV_TIME_MIN, 0} : (EvKey){from, 0};
	out->edge = !dropped && from == LTTV_TIME_MIN;
	return TRUE;
}
