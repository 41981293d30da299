/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The engine's records of items: what the handlers read, taken from the
 * event once (record.h). */
#include "state/record.h"

int state_record_trace_lookup(const LttvState *st, RecordCache *cache, const LttvTrace *trace)
{
	guint i = trace->index;
	int found = -1;

	if (i < st->n_traces && st->traces[i].trace == trace)
		found = (int)i;
	for (i = 0; i < st->n_traces && found < 0; i++)
		if (st->traces[i].trace == trace)
			found = (int)i;
	if (cache) {
		cache->trace_ptr = trace;
		cache->trace = found;
		if (found >= 0) {
			cache->handlers = (guint)found < cache->n_copies
			                          ? cache->copies[found]
			                          : st->traces[found].handlers;
			cache->n_handlers = st->traces[found].n_handlers;
		}
	}
	return found;
}

/* Cache lines: a copy shares none with anything else. */
#define LINE 64

void state_record_cache_copy(RecordCache *cache, const LttvState *st)
{
	cache->copies = g_new0(Handler *, MAX(st->n_traces, 1));
	cache->n_copies = st->n_traces;
	for (guint i = 0; i < st->n_traces; i++) {
		const TraceState *t = &st->traces[i];
		gsize bytes = ((gsize)t->n_handlers * sizeof(Handler) + LINE - 1) / LINE * LINE;

		cache->copies[i] = g_aligned_alloc0(1, MAX(bytes, LINE), LINE);
		memcpy(cache->copies[i], t->handlers, (gsize)t->n_handlers * sizeof(Handler));
	}
}

void state_record_cache_clear(RecordCache *cache)
{
	for (guint i = 0; i < cache->n_copies; i++)
		g_aligned_free(cache->copies[i]);
	g_free(cache->copies);
	memset(cache, 0, sizeof *cache);
}

size_t state_record_put_notice(StateRecord *r, const LttvItem *item)
{
	LttvStreamInfo info;

	lttv_stream_info(item->stream, &info);
	r->kind = REC_LOST;
	r->cpu = state_usable_cpu(info.cpu);
	r->n_fields = 1;
	r->present = 1;
	((uint64_t *)(void *)(r + 1))[0] = item->count;
	r->size = sizeof *r + 8;
	return r->size;
}

uint8_t *state_record_put_text(StateRecord *r, int k, uint8_t *at, const uint8_t *s, size_t size)
{
	uint64_t *slots = (uint64_t *)(void *)(r + 1);
	size_t len = 0, max = MIN(size, RECORD_STRING_MAX);

	/* names: a word at a time while no byte of it is NUL */
	for (; len + 8 <= max; len += 8) {
		uint64_t w;

		memcpy(&w, s + len, 8);
		if ((w - 0x0101010101010101u) & ~w & 0x8080808080808080u)
			break;
		memcpy(at + len, &w, 8);
	}
	for (; len < max && s[len]; len++)
		at[len] = s[len];
	slots[k] = (uint64_t)(at - (uint8_t *)r) << 32 | len;
	r->present |= (uint16_t)(1u << k);
	return at + ((len + 7) & ~(size_t)7);
}

uint8_t *state_record_put_field(StateRecord *r, int k, uint8_t *at, const LttvEvent *ev,
                                const Handler *h)
{
	uint64_t *slots = (uint64_t *)(void *)(r + 1);
	const char *s;
	size_t len;
	uint64_t v;

	if (h->strings >> k & 1) {
		if (lttv_event_get_string(ev, h->f[k], &s, &len))
			at = state_record_put_text(r, k, at, (const uint8_t *)s, len);
	} else if (lttv_event_get_uint(ev, h->f[k], &v)) {
		slots[k] = v; /* lttv_event_get_int()'s value */
		r->present |= (uint16_t)(1u << k);
	}
	return at;
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
			rp->how = f->direct_signed ? READ_SINT : READ_UINT;
			rp->bytes = f->direct_bytes;
		} else if (h->strings >> k & 1 && f->fc->kind == CTF_FC_SL_ARRAY &&
		           f->fc->arr.is_text && f->fc->arr.elem->alignment <= 8 &&
		           f->fc->arr.length <= G_MAXUINT16) {
			rp->how = READ_TEXT;
			rp->bytes = (uint16_t)f->fc->arr.length;
		}
	}
}
