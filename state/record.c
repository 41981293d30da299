/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The engine's records of items: what the handlers read, taken from the
 * event once (record.h). */
#include "state/record.h"

/* the event's class and packet, read in place (one library: no call for
 * each of the millions of events a build reads) */
#include "ctf/trace-internal.h"

/* The engine's trace of an item's stream (-1: none). */
static int trace_of(const LttvState *st, RecordCache *cache, const LttvStream *stream)
{
	LttvTrace *trace;
	guint i;
	int found = -1;

	if (cache && cache->stream == stream)
		return cache->trace;
	trace = lttv_stream_trace(stream);
	i = lttv_trace_index(trace);
	if (i < st->n_traces && st->traces[i].trace == trace)
		found = (int)i;
	for (i = 0; i < st->n_traces && found < 0; i++)
		if (st->traces[i].trace == trace)
			found = (int)i;
	if (cache) {
		cache->stream = stream;
		cache->trace = found;
	}
	return found;
}

/* A string field's bytes, up to its first NUL, at most RECORD_STRING_MAX. */
static uint8_t *put_string(StateRecord *r, int k, uint8_t *at, const char *s, size_t len)
{
	const char *z = memchr(s, 0, len);
	uint64_t *slots = (uint64_t *)(void *)(r + 1);

	if (z)
		len = (size_t)(z - s);
	len = MIN(len, RECORD_STRING_MAX);
	memcpy(at, s, len);
	slots[k] = (uint64_t)(at - (uint8_t *)r) << 32 | len;
	r->present |= (uint16_t)(1u << k);
	return at + ((len + 7) & ~(size_t)7);
}

size_t state_record_encode(const LttvState *st, RecordCache *cache, const LttvItem *item, void *out)
{
	StateRecord *r = out;
	uint64_t *slots = (uint64_t *)(void *)(r + 1);
	int ti = trace_of(st, cache, item->stream);
	const TraceState *t;
	const LttvEvent *ev = item->event;
	const Handler *h;
	uint8_t *at;
	guint idx;

	if (ti < 0)
		return 0;
	t = &st->traces[ti];
	*r = (StateRecord){.time = item->time, .trace = (uint16_t)ti, .cpu = -1};
	if (item->kind != LTTV_ITEM_EVENT) {
		LttvStreamInfo info;

		lttv_stream_info(item->stream, &info);
		r->kind = REC_LOST;
		r->cpu = state_usable_cpu(info.cpu);
		r->n_fields = 1;
		r->present = 1;
		slots[0] = item->count;
		r->size = sizeof *r + 8;
		return r->size;
	}
	idx = ev->cls->index;
	r->cls = idx;
	r->cpu = ev->packet->pi.has_cpu ? state_usable_cpu(ev->packet->pi.cpu) : -1;
	r->size = sizeof *r;
	if (idx >= t->n_handlers || t->handlers[idx].kind == H_NONE) {
		r->kind = REC_IGNORED;
		return r->size;
	}
	h = &t->handlers[idx];
	r->kind = REC_EVENT;
	r->n_fields = h->n_fields;
	at = (uint8_t *)(slots + h->n_fields);
	for (int k = 0; k < h->n_fields; k++) {
		uint64_t v;
		const char *s;
		size_t len;

		if (!h->f[k])
			continue;
		if (h->strings >> k & 1) {
			if (lttv_event_get_string(ev, h->f[k], &s, &len))
				at = put_string(r, k, at, s, len);
		} else if (lttv_event_get_uint(ev, h->f[k], &v)) {
			slots[k] = v; /* lttv_event_get_int()'s value */
			r->present |= (uint16_t)(1u << k);
		}
	}
	r->size = (uint16_t)(at - (uint8_t *)r);
	return r->size;
}
