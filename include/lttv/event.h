/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Events: their class, time, CPU, and field values.
 *
 * Fields are read by handle: resolve a name once per event class with
 * lttv_event_class_field(), then read values of any event of that class
 * with lttv_event_get_*().  lttv_event_walk() visits every field in order
 * (used by text output and filters).
 */
#ifndef LTTV_EVENT_H
#define LTTV_EVENT_H

#include <glib.h>
#include <lttv/time.h>
#include <lttv/traceset.h>
#include <stdint.h>

G_BEGIN_DECLS

/* Scopes of an event's fields, in decoding order. */
typedef enum {
	LTTV_SCOPE_PACKET_HEADER = 0,
	LTTV_SCOPE_PACKET_CONTEXT,
	LTTV_SCOPE_EVENT_HEADER,
	LTTV_SCOPE_COMMON_CONTEXT,   /* CTF 1.8 stream.event.context */
	LTTV_SCOPE_SPECIFIC_CONTEXT, /* CTF 1.8 event.context */
	LTTV_SCOPE_PAYLOAD,          /* CTF 1.8 event.fields */
} LttvScope;

/* --- event classes --- */
const char *lttv_event_class_name(const LttvEventClass *ec);
uint64_t lttv_event_class_id(const LttvEventClass *ec);
uint64_t lttv_event_class_stream_class_id(const LttvEventClass *ec);
int lttv_event_class_loglevel(const LttvEventClass *ec); /* -1 if none */
/* Rank of the class in its trace (0 .. lttv_trace_n_event_classes() - 1),
 * for per-class tables. */
guint lttv_event_class_index(const LttvEventClass *ec);

typedef struct LttvField LttvField;
/* Looks `name` up in the payload, then the specific context, the common
 * context and the event header.  `name` may be a dotted path into nested
 * structures ("a.b").  Names are the displayed ones (CTF 1.8: without one
 * leading underscore).  NULL when the class has no such field, or when it
 * lies inside an array, variant or optional (use lttv_event_walk).
 * Thread-safe (the lookups fill a cache under a lock). */
const LttvField *lttv_event_class_field(LttvEventClass *ec, const char *name);
const LttvField *lttv_event_class_field_in(LttvEventClass *ec, LttvScope scope,
                                           const char *name);

/* --- events --- */
LttvEventClass *lttv_event_event_class(const LttvEvent *ev);
const char *lttv_event_name(const LttvEvent *ev);
LttvTime lttv_event_time(const LttvEvent *ev);
uint64_t lttv_event_cycles(const LttvEvent *ev); /* raw clock value */
int64_t lttv_event_cpu(const LttvEvent *ev);     /* -1 if unknown */
LttvStream *lttv_event_stream(const LttvEvent *ev);
/* Rank of the event's packet in its stream: it changes when a packet
 * begins (packet-scope values need reading once per packet). */
guint64 lttv_event_packet_index(const LttvEvent *ev);
LttvTrace *lttv_event_trace(const LttvEvent *ev);

/* Integer (also enumeration, boolean, bit map) fields. */
gboolean lttv_event_get_int(const LttvEvent *ev, const LttvField *f, int64_t *out);
gboolean lttv_event_get_uint(const LttvEvent *ev, const LttvField *f, uint64_t *out);
gboolean lttv_event_get_double(const LttvEvent *ev, const LttvField *f, double *out);
/* String fields (and CTF 1.8 char arrays): pointer into the trace, not
 * NUL-terminated: use *len. */
gboolean lttv_event_get_string(const LttvEvent *ev, const LttvField *f, const char **str,
                               size_t *len);

/* --- walking every field --- */
typedef enum {
	LTTV_VALUE_STRUCT_BEGIN,
	LTTV_VALUE_STRUCT_END,
	LTTV_VALUE_ARRAY_BEGIN,   /* u = element count */
	LTTV_VALUE_ARRAY_END,
	LTTV_VALUE_VARIANT_BEGIN, /* name = selected option */
	LTTV_VALUE_VARIANT_END,
	LTTV_VALUE_OPTIONAL_BEGIN,/* u = 1 if present */
	LTTV_VALUE_OPTIONAL_END,
	LTTV_VALUE_UINT,
	LTTV_VALUE_SINT,
	LTTV_VALUE_BOOL,          /* u */
	LTTV_VALUE_BITMAP,        /* u */
	LTTV_VALUE_BITARRAY,      /* u */
	LTTV_VALUE_DOUBLE,
	LTTV_VALUE_STRING,        /* str/len, cut at the first NUL */
	LTTV_VALUE_BLOB,          /* str/len raw bytes */
} LttvValueKind;

typedef struct {
	LttvValueKind kind;
	const char *name;    /* field or option name; NULL for array elements */
	uint64_t index;      /* element index inside an array */
	int depth;           /* nesting depth, scope root = 0 */
	union {
		uint64_t u;
		int64_t s;
		double d;
	};
	const char *str;
	size_t len;
	int base;            /* preferred display base of integers */
	const void *cls;     /* opaque: for lttv_value_labels() */
} LttvValue;

/* Enumeration labels (or bit-map flags) of an integer value, joined into
 * `out` as "A", "B"; returns the number of labels. */
guint lttv_value_labels(const LttvValue *v, GString *out, const char *quote, const char *sep);
gboolean lttv_value_has_labels(const LttvValue *v);

typedef void (*LttvFieldVisitFn)(const LttvValue *v, gpointer user_data);
/* Visits the fields of one scope of an event (the root structure's own
 * BEGIN/END included).  FALSE (and `error`) on a decoding error; FALSE
 * without error when the scope is absent. */
gboolean lttv_event_walk(const LttvEvent *ev, LttvScope scope, LttvFieldVisitFn fn,
                         gpointer user_data, GError **error);

/* --- every value of a scope at once --- */

/* One decoded value, as lttv_event_values() returns them: the same values,
 * in the same order, as lttv_event_walk() visits, without the scope root's
 * own STRUCT_BEGIN/END (so the root's members have depth 1).  Array elements
 * have no name; their index is their rank after the ARRAY_BEGIN.  32 bytes:
 * strings, which have no labels, keep their length where other values keep
 * their class. */
typedef struct {
	uint8_t kind;        /* LttvValueKind */
	uint8_t depth;       /* scope root = 0 */
	uint8_t base;        /* preferred display base of integers */
	const char *name;    /* field or option name; NULL for array elements */
	union {
		const void *cls; /* other kinds: opaque, for lttv_field_value_labels() */
		uint64_t len;    /* STRING, BLOB: bytes */
	};
	union {
		uint64_t u;      /* also ARRAY_BEGIN's element count */
		int64_t s;
		double d;
		const char *str; /* STRING, BLOB: into the trace, not NUL-terminated */
	};
} LttvFieldValue;

/* Decodes one scope of the event into an array of `*n` values, cheaper
 * than a walk (no call per value).  The array belongs to the iterator and
 * stays valid until the iterator moves.  NULL with `*n` = 0 and no error
 * when the scope is absent; NULL and `error` set on a decoding error. */
const LttvFieldValue *lttv_event_values(const LttvEvent *ev, LttvScope scope, gsize *n,
                                        GError **error);
/* Same as lttv_value_labels() for a value of lttv_event_values(). */
guint lttv_field_value_labels(const LttvFieldValue *v, GString *out, const char *quote,
                              const char *sep);

G_END_DECLS

#endif
