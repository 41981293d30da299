/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the state engine takes of an item: its time, trace, CPU, event
 * class and the fields its handler reads, as one compact record (a few
 * dozen bytes instead of a decoded event), so that the items can be read
 * on one thread and applied on another (history-pipe.c). */
#ifndef LTTV_STATE_RECORD_H
#define LTTV_STATE_RECORD_H

/* events read in place */
#include "ctf/trace-internal.h"
#include "state/state-internal.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef enum {
	REC_EVENT,   /* an event with a handler */
	REC_IGNORED, /* an event the engine only counts */
	REC_LOST,    /* lost events or packets: field 0 is the count */
	REC_SKIPPED, /* field 0 events of the trace the engine only counts,
	              * left out before it (history-pipe.c) */
} RecordKind;

/* Strings longer than this are cut (names, file names). */
#define RECORD_STRING_MAX 255

/* A record is this header, `n_fields` slots of 8 bytes (an integer; for a
 * string its offset from the record's start << 32 | its length) and the
 * strings' bytes: `size` bytes in all, a multiple of 8. */
typedef struct {
	LttvTime time;
	uint16_t size;
	uint16_t trace;
	uint8_t kind; /* RecordKind */
	uint8_t n_fields;
	uint16_t present; /* bit k: field k was read */
	int32_t cpu;      /* -1: none (or out of range) */
	uint32_t cls;     /* event class index */
} StateRecord;

G_STATIC_ASSERT(sizeof(StateRecord) == 24 && HANDLER_MAX_FIELDS <= 16);

/* The most a record takes. */
#define RECORD_MAX                                                                                 \
	(sizeof(StateRecord) + HANDLER_MAX_FIELDS * (8 + ((RECORD_STRING_MAX + 1 + 7) & ~7u)))

static inline const uint64_t *record_slots(const StateRecord *r)
{
	return (const uint64_t *)(const void *)(r + 1);
}

static inline int64_t record_int(const StateRecord *r, int k, int64_t dflt)
{
	return r->present >> k & 1 ? (int64_t)record_slots(r)[k] : dflt;
}

static inline bool record_has(const StateRecord *r, int k)
{
	return r->present >> k & 1;
}

/* Field k's string (not NUL-terminated). */
static inline bool record_string(const StateRecord *r, int k, const char **s, size_t *len)
{
	uint64_t v;

	if (!(r->present >> k & 1))
		return false;
	v = record_slots(r)[k];
	*s = (const char *)r + (v >> 32);
	*len = (size_t)(v & 0xffffffffu);
	return true;
}

static inline const StateRecord *record_next(const StateRecord *r)
{
	return (const StateRecord *)(const void *)((const uint8_t *)r + r->size);
}

/* The trace the last record named, for the next one's, and its handlers.
 * A build's reading thread reads copies of its own (state_record_cache_copy):
 * the engine's thread writes its TraceState for each record, and reading
 * the handlers there shared a cache line with those writes, depending on
 * where the allocator had put the TraceState, which took both threads up
 * to twice their time. */
typedef struct {
	const LttvTrace *trace_ptr;
	int trace;
	const Handler *handlers;
	guint n_handlers;
	Handler **copies; /* NULL, or by trace: copies of the handlers */
	guint n_copies;
} RecordCache;

/* Gives a zeroed cache copies of the handlers of every trace of `st`;
 * state_record_cache_clear() frees them. */
void state_record_cache_copy(RecordCache *cache, const LttvState *st);
void state_record_cache_clear(RecordCache *cache);

/* How the encoder reads the fields of a handler (h->read). */
void state_record_plan(Handler *h);

/* The encoder's rarer steps (record.c): the trace of a stream the cache
 * does not know, a notice's record, a string's bytes (up to its first NUL,
 * at most RECORD_STRING_MAX), a field read through its handle. */
int state_record_trace_lookup(const LttvState *st, RecordCache *cache, const LttvTrace *trace);
size_t state_record_put_notice(StateRecord *r, const LttvItem *item);
uint8_t *state_record_put_text(StateRecord *r, int k, uint8_t *at, const uint8_t *s, size_t size);
uint8_t *state_record_put_field(StateRecord *r, int k, uint8_t *at, const LttvEvent *ev,
                                const Handler *h);

/* Writes the record of `item` at `out` (RECORD_MAX bytes of room, 8-byte
 * aligned); its size, 0 for an item of no trace of the engine's.  `cache`:
 * NULL, or zeroed before the first record.  Inline: it runs for each of
 * the events a build reads, the event read in place. */
static inline size_t state_record_encode(const LttvState *st, RecordCache *cache,
                                         const LttvItem *item, void *out)
{
	StateRecord *r = out;
	uint64_t *slots = (uint64_t *)(void *)(r + 1);
	const LttvTrace *trace = item->stream->trace;
	int ti = cache && cache->trace_ptr == trace ? cache->trace
	                                            : state_record_trace_lookup(st, cache, trace);
	const LttvEvent *ev = item->event;
	const Handler *h, *handlers;
	guint idx, n_handlers;
	uint8_t *at;

	if (ti < 0)
		return 0;
	if (cache) {
		handlers = cache->handlers;
		n_handlers = cache->n_handlers;
	} else {
		handlers = st->traces[ti].handlers;
		n_handlers = st->traces[ti].n_handlers;
	}
	*r = (StateRecord){.time = item->time, .trace = (uint16_t)ti, .cpu = -1};
	if (item->kind != LTTV_ITEM_EVENT)
		return state_record_put_notice(r, item);
	idx = ev->cls->index;
	r->cls = idx;
	r->cpu = ev->packet->pi.has_cpu ? state_usable_cpu(ev->packet->pi.cpu) : -1;
	r->size = sizeof *r;
	if (idx >= n_handlers || handlers[idx].kind == H_NONE) {
		r->kind = REC_IGNORED;
		return r->size;
	}
	h = &handlers[idx];
	r->kind = REC_EVENT;
	r->n_fields = h->n_fields;
	at = (uint8_t *)(slots + h->n_fields);
	for (int k = 0; k < h->n_fields; k++) {
		const FieldReadPlan *rp = &h->read[k];
		uint64_t start = ev->scope_pos[rp->scope];
		const uint8_t *p = ev->buf + (start >> 3) + rp->off;

		if (!h->f[k])
			continue;
		/* planned: in the event (the scopes start on whole bytes, their
		 * roots' alignments) */
		if (rp->how == READ_HANDLE ||
		    G_UNLIKELY((start & 7) != 0 ||
		               (start >> 3) + rp->off + rp->bytes > ev->end_pos >> 3)) {
			at = state_record_put_field(r, k, at, ev, h);
		} else if (rp->how == READ_TEXT) {
			at = state_record_put_text(r, k, at, p, rp->bytes);
		} else {
			slots[k] = ctf_read_direct(p, rp->bytes, rp->how == READ_SINT);
			r->present |= (uint16_t)(1u << k);
		}
	}
	r->size = (uint16_t)(at - (uint8_t *)r);
	return r->size;
}

/* Applies a record to the state (and records the changes when
 * recording). */
void state_apply_record(LttvState *st, const StateRecord *r);
/* What a REC_EVENT record does (handlers.c). */
void state_apply_event(LttvState *st, TraceState *t, const StateRecord *r);

#endif
