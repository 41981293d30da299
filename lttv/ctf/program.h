/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Compiled decoders.  The tree decoder (decode.c) handles everything; for
 * the shapes real traces are made of, the compile step also builds:
 *  - for each event scope (contexts, payload), a flat program of member
 *    operations: runs of constant-size members are skipped in one step,
 *    byte-aligned integers and strings are read directly, anything else
 *    falls back to the tree decoder for that member;
 *  - for LTTng's compact and large event headers, a layout decoded with a
 *    few reads instead of walking struct/enum/variant/struct.
 * Both produce exactly what the tree decoder produces (same positions,
 * keys, clock, visited values).
 */
#ifndef LTTV_CTF_PROGRAM_H
#define LTTV_CTF_PROGRAM_H

#include "ctf/bitread.h"
#include "ctf/decode.h"
#include "ctf/ir.h"

typedef enum {
	CTF_OP_FIXED,    /* constant-size, byte-aligned member(s): skip `bits` (skip mode) */
	CTF_OP_UINT,     /* byte-aligned 8/16/32/64-bit integer without mappings */
	CTF_OP_SINT,
	CTF_OP_STRING,   /* null-terminated UTF-8 */
	CTF_OP_TEXT,     /* CTF 1.8 char array of `count` bytes, byte-aligned */
	CTF_OP_DL_INTS,  /* dynamic-length array of byte-aligned integers */
	CTF_OP_SL_INTS,  /* static-length array of byte-aligned integers (walk) */
	CTF_OP_GENERIC,  /* the tree decoder */
} CtfOpKind;

/* What lttv_event_values() does for a walk op (one code per integer size
 * and signedness in the host's byte order, the common case). */
typedef enum {
	CTF_V_U8, CTF_V_U16, CTF_V_U32, CTF_V_U64,
	CTF_V_S8, CTF_V_S16, CTF_V_S32, CTF_V_S64,
	CTF_V_INT,     /* other byte order */
	CTF_V_STRING,
	CTF_V_TEXT,
	CTF_V_INTS,    /* DL_INTS, SL_INTS */
	CTF_V_GENERIC,
	CTF_V_SCOPE,   /* a scope begins: count = its index (0, 1, 2 for the event
	                * scopes), len = 1 when absent, bits = ops left in the list */
	CTF_V_END,
} CtfValueCode;

typedef struct CtfOp {
	uint8_t kind;
	uint8_t vcode;      /* walk ops: CtfValueCode */
	uint8_t be;
	uint8_t is_signed;
	uint8_t len;        /* integer bits (also DL_INTS elements) */
	uint32_t align;
	int32_t slot;       /* key slot to store into (-1: none) */
	int32_t len_slot;   /* DL_INTS: key slot holding the length */
	uint8_t base;
	uint64_t bits;      /* FIXED: bits to skip */
	uint64_t count;     /* TEXT: bytes */
	const CtfFieldClass *fc;
	const char *name;   /* display name */
	LttvFieldValue tmpl;/* walk ops: the value lttv_event_values() stores, but
	                     * its number (ARRAY_BEGIN for arrays) */
	LttvFieldValue etmpl;/* array ops: the same for an element */
} CtfOp;

struct CtfProgram {
	uint32_t n_skip;
	uint32_t n_walk;
	uint32_t n_members;
	/* per root member: the skip op it lies in, and its bit offset from
	 * that op's (aligned) start, so field handles find any top-level
	 * member of a decoded event in O(1) (see ctf_program_skip) */
	uint32_t *member_op;
	uint64_t *member_off;
	CtfOp ops[];        /* n_skip skip ops, n_walk walk ops, then the value ops
	                     * (SCOPE, the walk ops, END: see ctf_program_values) */
};

struct CtfHeaderLayout {
	uint8_t be;
	uint8_t id_len;     /* 5 (compact) or 16 (large) */
	uint8_t ts_len;     /* 27 or 32 */
	uint64_t extended;  /* id value selecting the extended form */
	uint32_t a_hdr, a_id, a_copt, a_cts, a_eopt, a_eid, a_ets;
	int id_slot;        /* key slot of the variant selector */
	bool packed_compact;/* compact form is one LE 32-bit word: id | ts << 5 */
	bool packed_large;  /* large compact form: LE u16 id then u32 ts, byte-packed */
	bool packed_ext;    /* extended form of either: LE u32 id then u64 ts, from the
	                     * first byte after the selector */
};

static inline uint64_t ctf_align_up(uint64_t pos, uint32_t a)
{
	return (pos + a - 1) & ~(uint64_t)(a - 1);
}

/* Error "field of N bits goes past the end of the packet content". */
void ctf_past_end_error(CtfDecoder *d, uint64_t bits, GError **error);

/* Builds the programs of every event scope root and the header layouts
 * (after the other compile steps). */
void ctf_programs_build(CtfTraceClass *tc);

/* Skips a scope root that has a program; records each skip op's start in
 * op_pos (n_skip entries) unless NULL. */
bool ctf_program_skip(CtfDecoder *d, const CtfFieldClass *root, uint64_t *op_pos,
                      GError **error);
/* Walks (d->fn) a scope root that has a program. */
bool ctf_program_run(CtfDecoder *d, const CtfFieldClass *root, GError **error);
/* Decodes a scope root that has a program into `vb` (appending its
 * members' values), advancing d->pos as a skip does. */
bool ctf_program_values(CtfDecoder *d, const CtfFieldClass *root, CtfValueBuf *vb,
                        GError **error);
/* The same for an event's common context, specific context and payload in
 * one call (ec->values_ops must be set): scope k's values are off[k],
 * cnt[k], and its aligned start scope_pos[k]. */
bool ctf_event_values(CtfDecoder *d, const CtfEventClass *ec, CtfValueBuf *vb,
                      uint64_t scope_pos[3], uint32_t off[3], uint32_t cnt[3], GError **error);
/* A visitor (for the tree decoder) that appends to the CtfValueBuf `vb`. */
void ctf_values_append(const LttvValue *v, gpointer vb);
/* Room for `more` values; false (too_many set) past CTF_VALUES_MAX. */
bool ctf_values_reserve(CtfValueBuf *vb, size_t more);
void ctf_values_too_many_error(CtfDecoder *d, GError **error);
bool ctf_header_decode(CtfDecoder *d, const struct CtfHeaderLayout *h, GError **error);

/* The extended form of a packed header whose selector takes `sel_bytes`
 * (rounded up): u32 id, u64 timestamp.  False when it does not fit. */
static inline bool ctf_header_decode_packed_ext(CtfDecoder *d, const uint8_t *p, unsigned sel_bytes,
                                                uint64_t *id)
{
	const unsigned bits = (sel_bytes + 12) * 8;

	if (G_UNLIKELY(d->end - d->pos < bits))
		return false;
	*id = ctf_read_aligned(p + sel_bytes, 32, 0);
	d->clock = ctf_read_aligned(p + sel_bytes + 4, 64, 0);
	d->pos += bits;
	return true;
}

/* The common case of ctf_header_decode(), inline: LTTng's byte-packed
 * little-endian headers, compact or large, in their compact form and
 * (packed_ext) their extended form.  False (nothing read) for anything
 * else. */
static inline bool ctf_header_decode_packed(CtfDecoder *d, const struct CtfHeaderLayout *h)
{
	uint64_t sel, id;

	/* a byte-aligned header (packed_*) at a byte boundary is aligned */
	if ((d->pos & 7) != 0 || d->pos > d->end)
		return false;
	/* large: u16 id, u32 timestamp */
	if (h->packed_large && G_LIKELY(d->end - d->pos >= 48)) {
		const uint8_t *p = d->buf + (d->pos >> 3);

		id = sel = ctf_read_aligned(p, 16, 0);
		if (sel == 65535) {
			if (!h->packed_ext || !ctf_header_decode_packed_ext(d, p, 2, &id))
				return false;
		} else {
			d->pos += 48;
			d->clock = ctf_clock_update(d->clock, ctf_read_aligned(p + 2, 32, 0), 32);
		}
	} else if (h->packed_compact && G_LIKELY(d->end - d->pos >= 32)) {
		/* compact: one 32-bit word, id | timestamp << 5 */
		const uint8_t *p = d->buf + (d->pos >> 3);
		uint32_t w = (uint32_t)ctf_read_aligned(p, 32, 0);

		id = sel = w & 0x1f;
		if (sel == 31) {
			if (!h->packed_ext || !ctf_header_decode_packed_ext(d, p, 1, &id))
				return false;
		} else {
			d->pos += 32;
			d->clock = ctf_clock_update(d->clock, w >> 5, 27);
		}
	} else {
		return false;
	}
	/* the key is the variant's selector, not the extended id */
	if (h->id_slot >= 0)
		d->keys[h->id_slot] = sel;
	d->last_bo_valid = false;
	d->has_erc_id = true;
	d->erc_id = id;
	return true;
}

#endif
