/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The common case of ctf_cursor_advance(), inline for the loops that read
 * every event (the iterator, and through it the state history build): the
 * next event of the packet the cursor is in, with an LTTng packed header,
 * a class in the stream class's dense table whose scopes all have
 * constant sizes, at an aligned start, on a 1 GHz clock.  It leaves the
 * cursor as ctf_cursor_advance() does; anything else is left to
 * ctf_cursor_advance_generic().
 */
#ifndef LTTV_CTF_CURSOR_STEP_H
#define LTTV_CTF_CURSOR_STEP_H

#include "ctf/program.h"
#include "ctf/trace-internal.h"

/* Places the event scopes of a class whose scopes all have constant
 * sizes (fixed_scopes) from `p`, where the header ends; where the last
 * ends. */
static inline uint64_t ctf_event_place_scopes(LttvEvent *ev, const CtfEventClass *ec, uint64_t p)
{
	if (G_LIKELY((p & (ec->scopes_align - 1)) == 0)) {
		/* the usual case: at their offsets from an aligned start */
		for (int k = 0; k < 3; k++)
			ev->scope_pos[CTF_SCOPE_EV_COMMON_CTX + k] = p + ec->scope_off[k];
		return p + ec->scopes_bits;
	}
	for (int k = 0; k < 3; k++) {
		p = ctf_align_up(p, ec->scope_align[k]);
		ev->scope_pos[CTF_SCOPE_EV_COMMON_CTX + k] = p;
		p += ec->scope_bits[k];
	}
	return p;
}

/* Makes the next event current and returns true; false, with nothing
 * changed, when ctf_cursor_advance() has to. */
static inline bool ctf_cursor_step(CtfCursor *c)
{
	CtfDecoder *d = &c->d;
	LttvEvent *ev = &c->ev;
	const CtfStreamClass *sc;
	const CtfEventClass *ec;
	uint64_t start = d->pos, clock = d->clock, p;

	if (c->n_pending || !c->in_packet || start >= d->end || c->decode_values ||
	    c->item_is_notice || !c->ns_direct)
		return false;
	sc = ev->packet->sc;
	/* a packed header at a byte boundary (checked by the decode) starts
	 * where it is */
	if (!sc->header_layout || sc->ev_header->alignment > 8 ||
	    !ctf_header_decode_packed(d, sc->header_layout))
		return false;
	p = d->pos;
	ec = d->erc_id < sc->n_dense ? sc->ec_dense[d->erc_id] : NULL;
	if (G_UNLIKELY(!ec || !ec->fixed_scopes || (p & (ec->scopes_align - 1)) != 0 ||
	               ec->scopes_bits > d->end - p ||
	               d->clock > (uint64_t)(INT64_MAX - c->ns_offset))) {
		/* (the header's key and id are read again) */
		d->pos = start;
		d->clock = clock;
		return false;
	}
	d->scope = CTF_SCOPE_EV_PAYLOAD;
	d->pos = ctf_event_place_scopes(ev, ec, p);
	ev->scope_pos[CTF_SCOPE_EV_HEADER] = start;
	ev->end_pos = d->pos;
	ev->payload_op_valid = false;
	ev->pre_valid = false;
	ev->seq++;
	c->pre_buf.n = 0;
	ev->pre = c->pre_buf.v;
	ev->cls = ec->compiled;
	ev->cycles = d->clock;
	ev->time = c->ns_offset + (LttvTime)d->clock;
	/* the item's other members stay zero (not after a notice: checked
	 * above) */
	c->item.kind = LTTV_ITEM_EVENT;
	c->item.event = ev;
	c->item.stream = c->stream;
	c->item.time = ev->time;
	c->item.packet_first = c->packet_unseen;
	c->packet_unseen = false;
	c->has_item = true;
	return true;
}

#endif
