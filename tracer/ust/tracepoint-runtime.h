/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runtime of user-space tracepoints (part of liblttv-ust): the
 * process-wide registry of the events that modules (the program, shared
 * objects loaded at start or with dlopen) declared with
 * <lttv/tracepoint.h>, the rules that enable them by name, and the backend
 * the probes write through.  Design: doc/tracepoints.md.
 *
 * Threads: everything here is for the control side (any thread, not from a
 * probe or a signal handler).  The probe side, lttv_tp_reserve() and
 * lttv_tp_commit() (declared in <lttv/tracepoint.h>), takes no lock, makes
 * no system call and allocates nothing by itself: it dereferences the
 * backend under an urcu-bp read-side section, usable from any thread and
 * from signal handlers.
 */
#ifndef LTTV_TRACER_UST_TRACEPOINT_RUNTIME_H
#define LTTV_TRACER_UST_TRACEPOINT_RUNTIME_H

#include "tracer/ctf/ctf-writer.h"

#include <glib.h>
#include <lttv/tracepoint.h>

G_BEGIN_DECLS

#define LTTV_TP_ERROR (lttv_tp_error_quark())
GQuark lttv_tp_error_quark(void);
typedef enum {
	LTTV_TP_ERROR_PATTERN, /* not a list of provider:event patterns */
} LttvTpError;

/* ---------------------------------------------------------------- events */

/* "provider:name" (g_free). */
char *lttv_tp_event_full_name(const struct lttv_tp_event *ev);
/* The event's fields for lttv_ctf_metadata_add_event(): one g_free()
 * block, *n_fields entries.  Names and labels point into the event's
 * module: use them before it is unloaded (e.g. in a listener). */
LttvCtfField *lttv_tp_event_ctf_fields(const struct lttv_tp_event *ev, guint *n_fields);

/* ---------------------------------------------------------------- registry */

/* Calls fn for each registered event matching pattern (NULL: all), in
 * registration order, under the registry lock (fn may call the other
 * functions here, not unload modules); FALSE from fn stops.  Returns how
 * many events fn saw.  The same provider:name may be registered several
 * times, once per module defining its probes: each is an event here. */
typedef gboolean (*LttvTpEventFunc)(struct lttv_tp_event *ev, gpointer user_data);
guint lttv_tp_foreach(const char *pattern, LttvTpEventFunc fn, gpointer user_data);
/* Registered events matching pattern. */
guint lttv_tp_count(const char *pattern);
/* Sorted, distinct "provider:name" of the registered events matching
 * pattern (NULL: all), as g_strdup()ed strings. */
GPtrArray *lttv_tp_list(const char *pattern);

/* Rules.  patterns: "provider:event" globs (`*`, `?`) separated by commas,
 * e.g. "my_app:*,other:request".  An event is enabled when the last rule
 * whose pattern matches its name enables it; rules also apply to modules
 * loaded later.  FALSE (LTTV_TP_ERROR_PATTERN) on an empty or malformed
 * pattern, and then no rule is added. */
gboolean lttv_tp_enable(const char *patterns, GError **error);
gboolean lttv_tp_disable(const char *patterns, GError **error);
/* Forgets every rule: all events disabled. */
void lttv_tp_reset(void);
/* Whether any registered instance of "provider:name" is enabled. */
gboolean lttv_tp_is_enabled(const char *full_name);

/* Told of each batch of events registered (a module's constructor,
 * dlopen) or unregistered (destructor, dlclose), under the registry lock,
 * before the events' memory goes away.  lttv_tp_add_listener() first calls
 * fn with every event already registered. */
typedef void (*LttvTpListener)(struct lttv_tp_event *const *events, guint n_events,
                               gboolean registered, gpointer user_data);
guint lttv_tp_add_listener(LttvTpListener fn, gpointer user_data);
void lttv_tp_remove_listener(guint id);

/* ---------------------------------------------------------------- backend */

/* Where probes write: the glue step's ring buffer, or the memory backend
 * below.  Both calls run on the probe's thread, possibly in a signal
 * handler interrupting another probe: no lock, no allocation.  reserve()
 * returns where to write payload_len bytes (and keeps what commit() needs
 * in ctx->priv) or NULL to drop the event (counting it); commit() publishes
 * a reserved event. */
typedef struct LttvTpBackend LttvTpBackend;
struct LttvTpBackend {
	void *(*reserve)(LttvTpBackend *be, struct lttv_tp_event *ev, size_t payload_len,
	                 struct lttv_tp_ctx *ctx);
	void (*commit)(LttvTpBackend *be, struct lttv_tp_ctx *ctx);
	/* A ring buffer channel, or NULL: the probes then reserve and commit
	 * in it directly, inlined, instead of through the two callbacks
	 * (which must still be set: they do the same), and write the event
	 * context of ust-context.h before the payload. */
	struct LttvRbChannel *ring;
};

/* Publishes be (NULL: none, events are dropped) and returns the previous
 * backend once no probe uses it any more (an RCU grace period), so that
 * the caller may free it.  Not from a probe or a signal handler. */
LttvTpBackend *lttv_tp_set_backend(LttvTpBackend *be);

/* ---------------------------------------------------------------- memory backend */

/* A lock-free recording of events in one preallocated buffer, for tests
 * (and for checking a program's tracepoints without a session): reserve
 * is one atomic fetch-and-add, commit one store; safe from threads and
 * signal handlers.  When the buffer is full, events are dropped and
 * counted. */
typedef struct LttvTpMemBackend LttvTpMemBackend;

typedef struct {
	guint32 size;      /* of the record, header included; a multiple of 8 */
	guint32 committed; /* 1 once committed */
	guint32 event_id;  /* lttv_tp_event.id */
	guint32 payload_len;
	guint64 ts;                  /* CLOCK_MONOTONIC, ns */
	struct lttv_tp_event *event; /* valid while its module is loaded */
	guint8 payload[];
} LttvTpMemRecord;

LttvTpMemBackend *lttv_tp_mem_backend_new(gsize capacity);
void lttv_tp_mem_backend_free(LttvTpMemBackend *mb);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LttvTpMemBackend, lttv_tp_mem_backend_free)
LttvTpBackend *lttv_tp_mem_backend_get(LttvTpMemBackend *mb);
/* The records in reservation order (prev NULL: the first); NULL at the
 * end.  Only when no probe writes to mb (e.g. after lttv_tp_set_backend()
 * replaced it). */
const LttvTpMemRecord *lttv_tp_mem_backend_next(LttvTpMemBackend *mb, const LttvTpMemRecord *prev);
guint64 lttv_tp_mem_backend_count(LttvTpMemBackend *mb);   /* events recorded */
guint64 lttv_tp_mem_backend_dropped(LttvTpMemBackend *mb); /* events refused */
void lttv_tp_mem_backend_clear(LttvTpMemBackend *mb);      /* same condition as next() */

G_END_DECLS

#endif
