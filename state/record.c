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
	LttvTrace *trace = stream->trace;
	guint i = trace->index;
	int found = -1;

	if (cache && cache->trace_ptr == trace)
		return cache->trace;
	if (i < st->n_traces && st->traces[i].trace == trace)
		found = (int)i;
	for (i = 0; i < st->n_traces && found < 0; i++)
		if (st->traces[i].trace == trace)
			found = (int)i;
	if (cache) {
		cache->trace_ptr = trace;
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

/* An integer of a FieldRead kind, in the host's byte order, as
 * lttv_event_get_uint() returns it. */
static inline uint64_t read_int(uint8_t how, const uint8_t *p)
{
	switch (how) {
#define READ(code, T)                                                                              \
	case code: {                                                                               \
		T x;                                                                               \
                                                                                                   \
		memcpy(&x, p, sizeof x);                                                           \
		return (uint64_t)x;                                                                \
	}
		READ(READ_U8, uint8_t)
		READ(READ_U16, uint16_t)
		READ(READ_U32, uint32_t)
		READ(READ_U64, uint64_t)
		READ(READ_S8, int8_t)
		READ(READ_S16, int16_t)
		READ(READ_S32, int32_t)
		READ(READ_S64, int64_t)
#undef READ
	}
	return 0;
}

/* A text array of `size` bytes, up to its first NUL (names: a word at a
 * time while no byte of it is NUL). */
static uint8_t *put_text(StateRecord *r, int k, uint8_t *at, const uint8_t *s, size_t size)
{
	uint64_t *slots = (uint64_t *)(void *)(r + 1);
	size_t len = 0, max = MIN(size, RECORD_STRING_MAX);

	for (; len + 8 <= max; len += 8) {
		uint64_t w;

		memcpy(&w, s + len, 8);
		if ((w - 0x0101010101010101u) & ~w & 0x8080808080808080u)
			break; /* a NUL in this word */
		memcpy(at + len, &w, 8);
	}
	for (; len < max && s[len]; len++)
		at[len] = s[len];
	slots[k] = (uint64_t)(at - (uint8_t *)r) << 32 | len;
	r->present |= (uint16_t)(1u << k);
	return at + ((len + 7) & ~(size_t)7);
}

void state_record_plan(Handler *h)
{
	for (int k = 0; k < h->n_fields; k++) {
		const LttvField *f = h->f[k];
		FieldReadPlan *rp = &h->read[k];

		*rp = (FieldReadPlan){.how = READ_HANDLE};
		if (!f || f->scope < CTF_SCOPE_EV_HEADER || f->static_off < 0 ||
		    f->static_off % 8 != 0 || f->static_off / 8 > G_MAXUINT32)
			continue;
		rp->scope = (uint8_t)f->scope;
		rp->off = (uint32_t)(f->static_off / 8);
		if (!(h->strings >> k & 1) && f->direct_bytes) {
			static const uint8_t u[9] = {
			        [1] = READ_U8, [2] = READ_U16, [4] = READ_U32, [8] = READ_U64};

			rp->how = (uint8_t)(u[f->direct_bytes] + (f->direct_signed ? 4 : 0));
			rp->bytes = f->direct_bytes;
		} else if (h->strings >> k & 1 && f->fc->kind == CTF_FC_SL_ARRAY &&
		           f->fc->arr.is_text && f->fc->arr.elem->alignment <= 8 &&
		           f->fc->arr.length <= G_MAXUINT16) {
			rp->how = READ_TEXT;
			rp->bytes = (uint16_t)f->fc->arr.length;
		}
	}
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
		const FieldReadPlan *rp = &h->read[k];
		uint64_t v;
		const char *s;
		size_t len;

		if (!h->f[k])
			continue;
		if (rp->how != READ_HANDLE) {
			uint64_t start = ev->scope_pos[rp->scope];
			const uint8_t *p = ev->buf + (start >> 3) + rp->off;

			/* the field lies in the event (the scopes start on whole
			 * bytes: their roots' alignments) */
			if (G_LIKELY((start & 7) == 0 &&
			             (start >> 3) + rp->off + rp->bytes <= ev->end_pos >> 3)) {
				if (rp->how == READ_TEXT) {
					at = put_text(r, k, at, p, rp->bytes);
				} else {
					slots[k] = read_int(rp->how, p);
					r->present |= (uint16_t)(1u << k);
				}
				continue;
			}
		}
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
