/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening traces and reading their events in time order.
 *
 * A traceset is every CTF trace (a folder holding a `metadata` file) found
 * under the folders given to it, CTF 1.8 or CTF 2.  Its iterator merges
 * every stream of every trace by time and can seek to any time; besides
 * events it yields the discarded-events and discarded-packets notices the
 * tracer left, where they happened.
 *
 *   g_autoptr(GError) error = NULL;
 *   LttvTraceset *ts = lttv_traceset_open("session-dir", &error);
 *   LttvIter *it = lttv_iter_new(ts);
 *   const LttvItem *item;
 *   while ((item = lttv_iter_next(it, &error)))
 *       if (item->kind == LTTV_ITEM_EVENT) ... lttv_event_name(item->event) ...
 *   if (error) ... the trace is corrupt at the place the message names ...
 */
#ifndef LTTV_TRACESET_H
#define LTTV_TRACESET_H

#include <glib.h>
#include <lttv/time.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct LttvTraceset LttvTraceset;
typedef struct LttvTrace LttvTrace;
typedef struct LttvStream LttvStream;
typedef struct LttvEvent LttvEvent;
typedef struct LttvEventClass LttvEventClass;
typedef struct LttvIter LttvIter;

/* --- tracesets --- */
LttvTraceset *lttv_traceset_open(const char *path, GError **error);
LttvTraceset *lttv_traceset_new(void);
/* Adds every trace under `path`. */
gboolean lttv_traceset_add_path(LttvTraceset *ts, const char *path, GError **error);
void lttv_traceset_free(LttvTraceset *ts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LttvTraceset, lttv_traceset_free)

guint lttv_traceset_n_traces(const LttvTraceset *ts);
LttvTrace *lttv_traceset_trace(const LttvTraceset *ts, guint i);
/* Time range from the packet index: no event is decoded.  FALSE when the
 * traceset holds no timed packet. */
gboolean lttv_traceset_time_range(const LttvTraceset *ts, LttvTime *begin, LttvTime *end);

/* --- traces --- */
const char *lttv_trace_path(const LttvTrace *t);
/* Path relative to the folder the traceset was opened on (the trace
 * folder's own name when that folder is the trace itself). */
const char *lttv_trace_name(const LttvTrace *t);
/* Rank of the trace in its traceset (the `trace` of history and state
 * calls). */
guint lttv_trace_index(const LttvTrace *t);
int lttv_trace_ctf_major(const LttvTrace *t);
/* env entry as text (integers formatted), NULL if absent. */
const char *lttv_trace_env(const LttvTrace *t, const char *key);
guint lttv_trace_n_env(const LttvTrace *t);
void lttv_trace_env_entry(const LttvTrace *t, guint i, const char **key, const char **value);
guint lttv_trace_n_streams(const LttvTrace *t);
LttvStream *lttv_trace_stream(const LttvTrace *t, guint i);
guint lttv_trace_n_event_classes(const LttvTrace *t);
LttvEventClass *lttv_trace_event_class(const LttvTrace *t, guint i);
/* Name of the trace's clock (NULL when the trace has none). */
const char *lttv_trace_clock_name(const LttvTrace *t);
uint64_t lttv_trace_clock_frequency(const LttvTrace *t); /* Hz, 0 without clock */
const char *lttv_trace_uuid(const LttvTrace *t); /* NULL when none */

/* --- streams (one per CPU in LTTng traces) --- */
typedef struct {
	const char *path;         /* first data file of the stream */
	guint n_files;
	uint64_t stream_class_id;
	gboolean has_instance_id;
	uint64_t instance_id;
	int64_t cpu;              /* packet context cpu_id, -1 if none */
	guint64 n_packets;
	guint64 bytes;
	gboolean has_times;
	LttvTime begin, end;      /* from the packet index */
	guint64 discarded_events; /* sum of the counter increments */
	guint64 discarded_packets;/* sum of the sequence-number gaps */
	guint64 uuid_mismatches;  /* packets whose UUID is not the metadata's */
} LttvStreamInfo;
void lttv_stream_info(const LttvStream *s, LttvStreamInfo *info);
LttvTrace *lttv_stream_trace(const LttvStream *s);

/* One packet of the index, in time order: known without reading events,
 * so views can show where a trace is dense the moment it opens. */
typedef struct {
	gboolean has_times;
	LttvTime begin, end;
	guint64 content_bytes; /* event bytes and packet header/context */
} LttvPacketInfo;
guint64 lttv_stream_n_packets(const LttvStream *s);
void lttv_stream_packet(const LttvStream *s, guint64 i, LttvPacketInfo *out);

/* --- iteration --- */
typedef enum {
	LTTV_ITEM_EVENT,
	LTTV_ITEM_DISCARDED_EVENTS,
	LTTV_ITEM_DISCARDED_PACKETS,
} LttvItemKind;

typedef struct {
	LttvItemKind kind;
	LttvTime time;           /* the event's time; for notices, `begin` */
	const LttvEvent *event;  /* LTTV_ITEM_EVENT only; valid until the next call */
	LttvStream *stream;
	/* events: the first event of its packet that this iterator or scan
	 * run hands out (after a seek, the first one handed out): values of
	 * the packet scopes change only there */
	gboolean packet_first;
	/* notices */
	guint64 count;           /* 0 when unknown */
	gboolean count_known;
	gboolean has_times;
	LttvTime begin, end;     /* where the loss happened */
} LttvItem;

/* Every discarded-events and discarded-packets notice of the traceset (the
 * items lttv_iter_next() hands out among the events), in the order the
 * iterator hands them out: by time, then trace and stream.  From the
 * packet index: no event is read.  An array of LttvItem, event NULL. */
GArray *lttv_traceset_notices(const LttvTraceset *ts);

LttvIter *lttv_iter_new(LttvTraceset *ts);
/* Positions the iterator on the first item at or after `t`. */
gboolean lttv_iter_seek(LttvIter *it, LttvTime t, GError **error);
/* The next item in time order, NULL at the end or on error (then `error`
 * is set and names the file and offset). */
const LttvItem *lttv_iter_next(LttvIter *it, GError **error);
/* Decode the contexts and payload of every event while stepping, for a
 * caller that calls lttv_event_values() on most events: one pass over the
 * bytes instead of a skip, then a decode.  Off by default (a caller that
 * looks at few events, or reads a few fields by handle, is faster
 * without).  Changes no item, order or error. */
void lttv_iter_set_decode_values(LttvIter *it, gboolean on);
/* Read each packet into memory of the iterator's own (one read() call)
 * instead of through the trace files' mappings, for a caller that reads
 * a whole trace or long ranges in order: on a virtual machine, mapping a
 * page of the page cache can cost several times what copying it does.
 * Packets over 16 MiB are still read through the mapping.  Off by default
 * (a seek then reads its whole packet).  Changes no item, order or error
 * but for a read error; an item's event stays valid until the next
 * lttv_iter_next(), as always. */
void lttv_iter_set_copy_packets(LttvIter *it, gboolean on);
void lttv_iter_free(LttvIter *it);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LttvIter, lttv_iter_free)

G_END_DECLS

#endif
