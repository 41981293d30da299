/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event list's model, without GTK: the time scale of the scroll bar
 * (ev-scale.c), the reading of rows around a place (ev-reader.c) and the
 * rows kept around the viewport (ev-cache.c). */
#ifndef LTTV_EVENTS_EV_MODEL_H
#define LTTV_EVENTS_EV_MODEL_H

#include <gio/gio.h>
#include <lttv/event.h>
#include <lttv/history.h>
#include <lttv/traceset.h>

G_BEGIN_DECLS

/* --- the time scale (ev-scale.c) ---
 * A position for every time, proportional to the trace bytes before it
 * (from the packet index, interpolated inside packets, clipped to the
 * range of the events): nearly
 * proportional to the number of events before it, so the scroll bar moves
 * evenly through dense and sparse parts, and any position is a time to
 * seek to. */
typedef struct EvScale EvScale;

/* Reads the first event and the events of the last packets (the range
 * of the events, to which the packets are clipped): for the thread that
 * reads `ts`. */
EvScale *ev_scale_new(LttvTraceset *ts);
EvScale *ev_scale_copy(const EvScale *s);
void ev_scale_free(EvScale *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(EvScale, ev_scale_free)
/* Total of the positions (bytes of the timed packets); 0 when none. */
double ev_scale_total(const EvScale *s);
/* Position of `t` in [0, total]: monotonic (non-decreasing). */
double ev_scale_pos(const EvScale *s, LttvTime t);
/* The first time whose position is `pos` (clamped to the range). */
LttvTime ev_scale_time(const EvScale *s, double pos);
/* The time range the scale covers (FALSE when empty). */
gboolean ev_scale_range(const EvScale *s, LttvTime *begin, LttvTime *end);

/* --- rows (ev-reader.c) --- */

/* Where an event is in the traceset's order: its time, and how many
 * events of the same time come before it (every event, whatever the
 * filter).  lttv_iter_seek(time) then `dup` steps reach it again. */
typedef struct {
	LttvTime time;
	guint32 dup;
} EvKey;

static inline int ev_key_cmp(EvKey a, EvKey b)
{
	if (a.time != b.time)
		return a.time < b.time ? -1 : 1;
	return a.dup < b.dup ? -1 : a.dup > b.dup;
}

/* The key just after `k` (the start of a read that excludes k). */
static inline EvKey ev_key_after(EvKey k)
{
	return (EvKey){k.time, k.dup + 1};
}

/* One event as the list shows it. */
typedef struct {
	EvKey key;
	LttvTime prev;       /* time of the shown event before it (LTTV_TIME_MIN: unknown) */
	int64_t cpu;         /* -1: unknown */
	int64_t tid, pid;    /* -1: unknown (no history yet) */
	guint trace;         /* rank in the traceset */
	const char *name;    /* interned */
	const char *process; /* interned; NULL: unknown */
	char *fields;        /* the contexts and payload as `lttv dump` prints them */
} EvRow;

void ev_row_clear(EvRow *r);
/* A row array that clears its rows. */
GArray *ev_rows_new(guint reserve);

/* Extra condition on top of the filter (the search). */
typedef gboolean (*EvMatchFn)(const LttvEvent *ev, gpointer data);

/* A reader: a traceset, an iterator, the filter and the history that
 * gives process names.  One thread at a time. */
typedef struct EvReader EvReader;

/* Over `ts` (owned when `take`). */
EvReader *ev_reader_new(LttvTraceset *ts, gboolean take);
/* The folders of the traces of `ts` (NULL-terminated, g_strfreev): a
 * traceset opened on them has the same traces in the same order. */
char **ev_trace_paths(LttvTraceset *ts);
/* Over a traceset of its own opened from the folders `paths`. */
EvReader *ev_reader_open(const char *const *paths, GError **error);
void ev_reader_free(EvReader *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(EvReader, ev_reader_free)
LttvTraceset *ev_reader_traceset(EvReader *r);
const EvScale *ev_reader_scale(EvReader *r);
/* The history that names processes (NULL: none; owned when `take`). */
void ev_reader_set_history(EvReader *r, LttvHistory *h, gboolean take);
const LttvHistory *ev_reader_history(EvReader *r);
/* The filter expression (NULL or "": none).  FALSE with `error` when it
 * does not compile. */
gboolean ev_reader_set_filter(EvReader *r, const char *expr, GError **error);
/* TRUE when the filter reads state.* fields (needs a history). */
gboolean ev_reader_filter_needs_state(EvReader *r);
void ev_reader_set_match(EvReader *r, EvMatchFn fn, gpointer data);
/* Forward reads end (`edge`) at the first event after `stop`
 * (LTTV_TIME_MAX: the end of the trace). */
void ev_reader_set_stop(EvReader *r, LttvTime stop);
/* Events read since the reader was made (for benchmarks and progress). */
guint64 ev_reader_examined(EvReader *r);
/* The time the reader last stopped at (progress of long reads). */
LttvTime ev_reader_last_time(EvReader *r);
/* Estimated bytes per event (from what was read; for seeking back). */
double ev_reader_bytes_per_event(EvReader *r);
/* Whether `filter` needs the state (compiled once to find out); FALSE for
 * none or an invalid one. */
gboolean ev_filter_needs_state(const char *expr, LttvTraceset *ts);

typedef struct {
	GArray *rows; /* of EvRow, in order */
	/* forward: the start of the next read (every event before it
	 * examined); backward: the bound of the next one (every event from
	 * it on examined) */
	EvKey resume;
	gboolean edge; /* forward: the end was reached; backward: the start */
	guint64 examined;
} EvBatch;

void ev_batch_clear(EvBatch *b);

/* The rows at or after `from`, at most `want`, reading at most `budget`
 * events (0: no limit).  FALSE with `error` on a trace error or when
 * cancelled. */
gboolean ev_reader_forward(EvReader *r, EvKey from, guint want, guint64 budget, EvBatch *out,
                           GCancellable *cancel, GError **error);
/* The last (at most `want`) rows before `before`, reading one stretch of
 * about `span` events back from it (estimated from the scale): fewer rows
 * when that stretch holds fewer; call again from `resume` with a longer
 * span for more. */
gboolean ev_reader_backward(EvReader *r, EvKey before, guint want, guint64 span, EvBatch *out,
                            GCancellable *cancel, GError **error);

/* The text of the fields of `ev` as `lttv dump` prints them after the
 * event's name (appended to `out`). */
gboolean ev_fields_text(GString *out, const LttvEvent *ev, GError **error);

/* --- the rows kept around the viewport (ev-cache.c) --- */

/* Consecutive shown events: every event between `head` and `tail` that
 * passes was read; `at_start`/`at_end` when nothing passes before/after. */
typedef struct {
	GArray *rows; /* of EvRow */
	EvKey head;   /* every event in [head, rows[0]) examined */
	EvKey tail;   /* every event in (last row, tail) examined */
	gboolean at_start, at_end;
} EvCache;

void ev_cache_init(EvCache *c);
void ev_cache_clear(EvCache *c);
/* Empties it, positioned at `k` (nothing read yet). */
void ev_cache_reset(EvCache *c, EvKey k);
/* Appends a forward batch read from `tail`, or prepends a backward batch
 * read before `head` (FALSE when the cache moved meanwhile: dropped). */
gboolean ev_cache_append(EvCache *c, EvKey from, EvBatch *b);
gboolean ev_cache_prepend(EvCache *c, EvKey before, EvBatch *b);
/* Drops rows at the front or back (the bounds follow). */
void ev_cache_drop_front(EvCache *c, guint n);
void ev_cache_drop_back(EvCache *c, guint n);
/* Index of the row of key `k` (-1: not there). */
gint ev_cache_find(const EvCache *c, EvKey k);
/* Index of the first row at or after time `t` (len when none). */
guint ev_cache_lower_bound(const EvCache *c, LttvTime t);
static inline const EvRow *ev_cache_row(const EvCache *c, guint i)
{
	return &g_array_index(c->rows, EvRow, i);
}

G_END_DECLS

#endif
