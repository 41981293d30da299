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

typedef struct {
	uint8_t kind;
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
} CtfOp;

struct CtfProgram {
	uint32_t n_skip;
	uint32_t n_walk;
	uint32_t n_members;
	/* per root member: the skip op it lies in, and its bit offset from
	 * that op's (aligned) start, so field handles find any top-level
	 * member of a decoded event in O(1) (see CtfDecoder.op_pos) */
	uint32_t *member_op;
	uint64_t *member_off;
	CtfOp ops[];        /* n_skip skip ops, then n_walk walk ops */
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
};

/* Builds the programs of every event scope root and the header layouts
 * (after the other compile steps). */
void ctf_programs_build(CtfTraceClass *tc);

/* Skips (d->fn == NULL) or walks a scope root that has a program. */
bool ctf_program_run(CtfDecoder *d, const CtfFieldClass *root, GError **error);
bool ctf_header_decode(CtfDecoder *d, const struct CtfHeaderLayout *h, GError **error);

#endif
