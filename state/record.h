/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the state engine takes of an item: its time, trace, CPU, event
 * class and the fields its handler reads, as one compact record (a few
 * dozen bytes instead of a decoded event), so that the items can be read
 * on one thread and applied on another (history-pipe.c). */
#ifndef LTTV_STATE_RECORD_H
#define LTTV_STATE_RECORD_H

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

/* The trace the last record named, for the next one's. */
typedef struct {
	const LttvTrace *trace_ptr;
	int trace;
} RecordCache;

/* How the encoder reads the fields of a handler (h->read). */
void state_record_plan(Handler *h);
/* Writes the record of `item` at `out` (RECORD_MAX bytes of room, 8-byte
 * aligned); its size, 0 for an item of no trace of the engine's.  `cache`:
 * NULL, or zeroed before the first record. */
size_t state_record_encode(const LttvState *st, RecordCache *cache, const LttvItem *item,
                           void *out);
/* Applies a record to the state (and records the changes when
 * recording). */
void state_apply_record(LttvState *st, const StateRecord *r);
/* What a REC_EVENT record does (handlers.c). */
void state_apply_event(LttvState *st, TraceState *t, const StateRecord *r);

#endif
