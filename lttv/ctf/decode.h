/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Decoding fields of a packet, driven by the field-class tree. */
#ifndef LTTV_CTF_DECODE_H
#define LTTV_CTF_DECODE_H

#include "ctf/ir.h"
#include "lttv/event.h"

#include <glib.h>

/* What the roles of the packet header and context said. */
typedef struct {
	bool has_dsc_id, has_ds_id, has_total, has_content, has_ts_begin, has_ts_end;
	bool has_disc, has_seq, has_cpu;
	bool uuid_mismatch; /* packet UUID differs from the metadata's (tolerated,
	                     * as babeltrace2 does; reported by `lttv summary`) */
	uint64_t dsc_id, ds_id, total_bits, content_bits, ts_begin, ts_end, disc, seq;
	int64_t cpu;
} CtfPacketInfo;

/* Values of one scope (lttv_event_values), for the event (or packet) whose
 * sequence number is `stamp`. */
typedef struct {
	LttvFieldValue *v;
	size_t n, cap;
	uint64_t stamp;
	bool too_many;      /* a scope needed more than CTF_VALUES_MAX */
} CtfValueBuf;

/* At most this many values per scope in a CtfValueBuf (a packet-long
 * sequence of bytes would otherwise take 40 times its size). */
#define CTF_VALUES_MAX (UINT64_C(1) << 22)

typedef struct {
	const CtfTraceClass *tc;
	const uint8_t *buf; /* start of the packet */
	uint64_t end;       /* bits readable from buf (content end) */
	uint64_t pos;       /* current bit position from buf */
	uint64_t *keys;     /* tc->n_key_slots saved values */
	CtfScope scope;

	/* roles */
	uint64_t clock;
	bool has_erc_id;
	uint64_t erc_id;
	CtfPacketInfo *pi;  /* packet header/context decoding only */

	/* byte-order change rule (CTF 2 §3.1) */
	bool last_bo_valid;
	CtfByteOrder last_bo;

	/* for messages */
	const char *path;
	uint64_t file_off;  /* offset of buf in the file */

	/* zero-bit array elements shown so far (bounded: nested arrays of
	 * empty structures multiply) */
	uint64_t zero_elems;

	/* walking: NULL to only skip */
	LttvFieldVisitFn fn;
	gpointer ud;
	int depth;
	GString *scratch;
} CtfDecoder;

/* Decodes (or skips) one field at d->pos.  `name` is for visitors. */
bool ctf_decode_field(CtfDecoder *d, const CtfFieldClass *fc, const char *name, uint64_t index,
                      GError **error);

/* Error "FILE: offset N: MESSAGE" at the decoder's position. */
void ctf_decode_error(CtfDecoder *d, GError **error, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* The N-bit clock update rule (CTF 1.8 §4.6). */
static inline uint64_t ctf_clock_update(uint64_t clock, uint64_t v, unsigned len)
{
	uint64_t mask;

	if (len >= 64)
		return v;
	mask = (UINT64_C(1) << len) - 1;
	if (v < (clock & mask))
		clock += mask + 1;
	return (clock & ~mask) | v;
}

#endif
