/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compiled decoders for event scopes and LTTng event headers (see
 * program.h).  Every read is bounds-checked, as in the tree decoder. */
#include "ctf/program.h"

#include "ctf/bitread.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>


static bool is_byte_int_roles(const CtfFieldClass *fc, bool allow_roles)
{
	return fc->kind == CTF_FC_INT && fc->i.flavor == CTF_INT_PLAIN && !fc->i.mappings &&
	       (allow_roles || !fc->i.roles) && !fc->i.reverse_bits && fc->alignment >= 8 &&
	       (fc->i.len == 8 || fc->i.len == 16 || fc->i.len == 32 || fc->i.len == 64) &&
	       fc->i.len % fc->alignment == 0;
}

static bool is_byte_int(const CtfFieldClass *fc)
{
	return is_byte_int_roles(fc, false);
}

/* --- building --- */

static void add_skip(GArray *ops, const CtfMember *m, uint32_t *op_index, uint64_t *op_off)
{
	const CtfFieldClass *fc = m->fc;
	CtfOp op = {.kind = CTF_OP_GENERIC, .align = fc->alignment, .slot = -1, .len_slot = -1,
	            .fc = fc, .name = m->display_name};

	if (fc->fixed_bits >= 0 && fc->alignment >= 8 && fc->fixed_bits % 8 == 0) {
		CtfOp *last = ops->len ? &g_array_index(ops, CtfOp, ops->len - 1) : NULL;

		/* merge with a previous run when no padding can fall between */
		if (last && last->kind == CTF_OP_FIXED && last->align % fc->alignment == 0 &&
		    last->bits % fc->alignment == 0) {
			*op_index = ops->len - 1;
			*op_off = last->bits;
			last->bits += (uint64_t)fc->fixed_bits;
			return;
		}
		op.kind = CTF_OP_FIXED;
		op.bits = (uint64_t)fc->fixed_bits;
	} else if (is_byte_int(fc) || (fc->kind == CTF_FC_INT && fc->key_slot >= 0 &&
	                               fc->i.len <= 64 && !fc->i.roles && !fc->i.reverse_bits &&
	                               fc->alignment >= 8 && fc->i.len % 8 == 0 &&
	                               fc->i.len % fc->alignment == 0 &&
	                               (fc->i.len & (fc->i.len - 1)) == 0)) {
		op.kind = fc->i.is_signed ? CTF_OP_SINT : CTF_OP_UINT;
		op.be = fc->i.bo == CTF_BO_BE;
		op.len = (uint8_t)fc->i.len;
		op.slot = fc->key_slot;
	} else if (fc->kind == CTF_FC_STRING && fc->s.encoding == CTF_ENC_UTF8) {
		op.kind = CTF_OP_STRING;
	} else if (fc->kind == CTF_FC_DL_ARRAY && fc->arr.elem->fixed_bits >= 0 &&
	           fc->arr.elem->fixed_bits % 8 == 0 && fc->alignment >= 8 &&
	           fc->arr.elem->fixed_bits % fc->arr.elem->alignment == 0) {
		op.kind = CTF_OP_DL_INTS; /* skip: n * bits */
		op.bits = (uint64_t)fc->arr.elem->fixed_bits;
		op.len_slot = fc->arr.length_loc->key_slot;
	}
	*op_index = ops->len;
	*op_off = 0;
	g_array_append_val(ops, op);
}

static uint8_t value_code(const CtfOp *op)
{
	switch (op->kind) {
	case CTF_OP_UINT:
	case CTF_OP_SINT:
		if (op->be != !CTF_HOST_LE)
			return CTF_V_INT;
		return (uint8_t)((op->kind == CTF_OP_SINT ? CTF_V_S8 : CTF_V_U8) +
		                 (op->len == 8 ? 0 : op->len == 16 ? 1 : op->len == 32 ? 2 : 3));
	case CTF_OP_STRING:
		return CTF_V_STRING;
	case CTF_OP_TEXT:
		return CTF_V_TEXT;
	case CTF_OP_DL_INTS:
	case CTF_OP_SL_INTS:
		return CTF_V_INTS;
	default:
		return CTF_V_GENERIC;
	}
}

/* `display_only`: the walk of a packet context only shows values (the
 * reader applied its roles when it indexed the packet). */
static void add_walk(GArray *ops, const CtfMember *m, bool display_only)
{
	const CtfFieldClass *fc = m->fc;
	CtfOp op = {.kind = CTF_OP_GENERIC, .align = fc->alignment, .slot = -1, .len_slot = -1,
	            .fc = fc, .name = m->display_name};

	if (is_byte_int_roles(fc, display_only)) {
		op.kind = fc->i.is_signed ? CTF_OP_SINT : CTF_OP_UINT;
		op.be = fc->i.bo == CTF_BO_BE;
		op.len = (uint8_t)fc->i.len;
		op.slot = fc->key_slot;
		op.base = fc->i.base;
	} else if (fc->kind == CTF_FC_STRING && fc->s.encoding == CTF_ENC_UTF8) {
		op.kind = CTF_OP_STRING;
	} else if (fc->kind == CTF_FC_SL_ARRAY && fc->arr.is_text && fc->alignment >= 8 &&
	           fc->arr.elem->alignment <= 8) {
		op.kind = CTF_OP_TEXT;
		op.count = fc->arr.length;
	} else if ((fc->kind == CTF_FC_DL_ARRAY || fc->kind == CTF_FC_SL_ARRAY) && !fc->arr.is_text &&
	           is_byte_int(fc->arr.elem) && fc->arr.elem->key_slot < 0) {
		op.kind = CTF_OP_DL_INTS;
		if (fc->kind == CTF_FC_SL_ARRAY) {
			op.kind = CTF_OP_SL_INTS;
			op.count = fc->arr.length;
		}
		op.be = fc->arr.elem->i.bo == CTF_BO_BE;
		op.is_signed = fc->arr.elem->i.is_signed;
		op.len = (uint8_t)fc->arr.elem->i.len;
		op.base = fc->arr.elem->i.base;
		op.len_slot = fc->arr.length_loc ? fc->arr.length_loc->key_slot : -1;
		op.bits = fc->arr.elem->i.len;
	}
	op.vcode = value_code(&op);
	op.tmpl.depth = 1;
	op.tmpl.name = op.name;
	switch (op.vcode) {
	case CTF_V_STRING:
	case CTF_V_TEXT:
		op.tmpl.kind = LTTV_VALUE_STRING;
		break;
	case CTF_V_INTS:
		op.tmpl.kind = LTTV_VALUE_ARRAY_BEGIN;
		op.etmpl.kind = op.is_signed ? LTTV_VALUE_SINT : LTTV_VALUE_UINT;
		op.etmpl.depth = 2;
		op.etmpl.base = op.base;
		op.etmpl.cls = fc->arr.elem;
		break;
	case CTF_V_GENERIC:
		break;
	default:
		op.tmpl.kind = op.kind == CTF_OP_SINT ? LTTV_VALUE_SINT : LTTV_VALUE_UINT;
		op.tmpl.base = op.base;
		op.tmpl.cls = op.fc;
		break;
	}
	g_array_append_val(ops, op);
}

/* Writes the value list of the roots (NULL: absent; each else with a
 * program): SCOPE, its walk ops, ..., END; `n` ops in all. */
static void value_list(CtfOp *o, const CtfFieldClass *const *roots, int n_roots, size_t n)
{
	const CtfOp *start = o;

	for (int k = 0; k < n_roots; k++) {
		const CtfFieldClass *root = roots[k];

		*o = (CtfOp){.vcode = CTF_V_SCOPE, .count = (uint64_t)k, .len = root ? 0 : 1,
		             .align = root ? root->alignment : 1, .bits = n - (size_t)(o - start),
		             .slot = -1, .len_slot = -1};
		o++;
		if (root && root->prog->n_walk) {
			memcpy(o, root->prog->ops + root->prog->n_skip,
			       root->prog->n_walk * sizeof(CtfOp));
			o += root->prog->n_walk;
		}
	}
	*o = (CtfOp){.vcode = CTF_V_END, .slot = -1, .len_slot = -1};
}

/* The value list of an event's three scopes, when each has a program. */
static void build_event_values(CtfEventClass *ec)
{
	const CtfFieldClass *roots[3] = {ec->sc->ev_common_ctx, ec->specific_ctx, ec->payload};
	size_t n = 4;

	if (ec->values_ops)
		return;
	for (int k = 0; k < 3; k++) {
		if (roots[k] && !roots[k]->prog)
			return;
		n += roots[k] ? roots[k]->prog->n_walk : 0;
	}
	ec->values_ops = g_new0(CtfOp, n);
	value_list(ec->values_ops, roots, 3, n);
}

/* The event scopes' constant layout, when they have one. */
static void build_event_layout(CtfEventClass *ec)
{
	const CtfFieldClass *roots[3] = {ec->sc->ev_common_ctx, ec->specific_ctx, ec->payload};

	uint64_t pos = 0;

	ec->fixed_scopes = true;
	ec->scopes_align = 1;
	for (int k = 0; k < 3; k++) {
		ec->scope_align[k] = roots[k] ? roots[k]->alignment : 1;
		ec->scope_bits[k] = roots[k] ? (uint64_t)roots[k]->fixed_bits : 0;
		if (roots[k] && roots[k]->fixed_bits < 0)
			ec->fixed_scopes = false;
		/* alignments are powers of two: the largest is a multiple of
		 * each other */
		ec->scopes_align = MAX(ec->scopes_align, ec->scope_align[k]);
		pos = ctf_align_up(pos, ec->scope_align[k]);
		ec->scope_off[k] = pos;
		pos += ec->scope_bits[k];
	}
	ec->scopes_bits = pos;
}

static void build_program(CtfFieldClass *root, bool display_only)
{
	g_autoptr(GArray) skip = NULL, walk = NULL;
	struct CtfProgram *p;

	if (!root || root->kind != CTF_FC_STRUCT || root->prog)
		return;
	guint nm = root->st.members->len;
	g_autofree uint32_t *mop = g_new0(uint32_t, MAX(nm, 1));
	g_autofree uint64_t *moff = g_new0(uint64_t, MAX(nm, 1));
	size_t ops_bytes;

	skip = g_array_new(FALSE, FALSE, sizeof(CtfOp));
	walk = g_array_new(FALSE, FALSE, sizeof(CtfOp));
	for (guint i = 0; i < nm; i++) {
		add_skip(skip, root->st.members->pdata[i], &mop[i], &moff[i]);
		add_walk(walk, root->st.members->pdata[i], display_only);
	}
	/* one block: header, ops, member offsets, member op indexes */
	ops_bytes = (skip->len + walk->len + walk->len + 2) * sizeof(CtfOp);
	p = g_malloc(sizeof(*p) + ops_bytes + nm * (sizeof(uint64_t) + sizeof(uint32_t)));
	p->n_skip = skip->len;
	p->n_walk = walk->len;
	p->n_members = nm;
	p->member_off = (uint64_t *)((char *)p->ops + ops_bytes);
	p->member_op = (uint32_t *)(p->member_off + nm);
	/* (an empty structure has no ops: no copy from NULL) */
	if (skip->len)
		memcpy(p->ops, skip->data, skip->len * sizeof(CtfOp));
	if (walk->len)
		memcpy(p->ops + skip->len, walk->data, walk->len * sizeof(CtfOp));
	if (nm) {
		memcpy(p->member_off, moff, nm * sizeof(uint64_t));
		memcpy(p->member_op, mop, nm * sizeof(uint32_t));
	}
	root->prog = p;
	{
		const CtfFieldClass *r = root;

		value_list(p->ops + skip->len + walk->len, &r, 1, walk->len + 2);
	}
}

static const CtfFieldClass *single_member(const CtfFieldClass *st, guint n, guint i,
                                          const char *name)
{
	const CtfMember *m;

	if (!st || st->kind != CTF_FC_STRUCT || st->st.members->len != n)
		return NULL;
	m = st->st.members->pdata[i];
	return strcmp(m->name, name) == 0 ? m->fc : NULL;
}

static bool plain_uint(const CtfFieldClass *fc, uint32_t len, CtfByteOrder bo)
{
	return fc && fc->kind == CTF_FC_INT && !fc->i.is_signed && fc->i.len == len &&
	       fc->i.bo == bo && !fc->i.reverse_bits;
}

/* Recognizes LTTng's event_header_compact / event_header_large. */
static void build_header(CtfStreamClass *sc)
{
	const CtfFieldClass *h = sc->ev_header, *id, *v, *copt, *eopt, *cts, *eid, *ets;
	const CtfVariantOption *o0, *o1;
	struct CtfHeaderLayout *l;
	uint64_t ext;

	id = single_member(h, 2, 0, "id");
	v = single_member(h, 2, 1, "v");
	if (!id || !v || id->kind != CTF_FC_INT || id->i.is_signed || id->i.reverse_bits ||
	    (id->i.len != 5 && id->i.len != 16) || !(id->i.roles & CTF_ROLE_ERC_ID) ||
	    (id->i.roles & ~CTF_ROLE_ERC_ID) || v->kind != CTF_FC_VARIANT ||
	    v->var.options->len != 2 || v->var.sel_loc->key_slot != id->key_slot)
		return;
	o0 = v->var.options->pdata[0];
	o1 = v->var.options->pdata[1];
	ext = id->i.len == 5 ? 31 : 65535;
	if (!ctf_range_set_contains(&o0->ranges, 0) || !ctf_range_set_contains(&o0->ranges, ext - 1) ||
	    ctf_range_set_contains(&o0->ranges, ext) || !ctf_range_set_contains(&o1->ranges, ext) ||
	    o0->ranges.ranges->len != 1 || o1->ranges.ranges->len != 1)
		return;
	copt = o0->fc;
	eopt = o1->fc;
	cts = single_member(copt, 1, 0, "timestamp");
	eid = single_member(eopt, 2, 0, "id");
	ets = single_member(eopt, 2, 1, "timestamp");
	if (!plain_uint(cts, id->i.len == 5 ? 27 : 32, id->i.bo) || cts->i.roles != CTF_ROLE_CLOCK_TS ||
	    !plain_uint(eid, 32, id->i.bo) || eid->i.roles != CTF_ROLE_ERC_ID ||
	    !plain_uint(ets, 64, id->i.bo) || ets->i.roles != CTF_ROLE_CLOCK_TS ||
	    cts->key_slot >= 0 || eid->key_slot >= 0 || ets->key_slot >= 0)
		return;
	l = g_new0(struct CtfHeaderLayout, 1);
	l->be = id->i.bo == CTF_BO_BE;
	l->id_len = (uint8_t)id->i.len;
	l->ts_len = (uint8_t)cts->i.len;
	l->extended = ext;
	l->a_hdr = h->alignment;
	l->a_id = id->alignment;
	l->a_copt = copt->alignment;
	l->a_cts = cts->alignment;
	l->a_eopt = eopt->alignment;
	l->a_eid = eid->alignment;
	l->a_ets = ets->alignment;
	l->id_slot = id->key_slot;
	/* (a header aligned on more than a byte goes the general way, which
	 * aligns it first) */
	l->packed_compact = !l->be && l->id_len == 5 && l->a_hdr == 8 && l->a_id == 1 &&
	                    l->a_copt == 1 && l->a_cts == 1;
	l->packed_large = !l->be && l->id_len == 16 && l->a_hdr == 8 && l->a_id <= 8 &&
	                  l->a_copt <= 8 && l->a_cts <= 8;
	/* the extended form starts at the selector's next byte (the 5-bit
	 * selector of a compact header needs an 8-bit alignment to get there)
	 * and its members are byte-packed */
	l->packed_ext = (l->packed_compact || l->packed_large) && l->a_eopt <= 8 && l->a_eid <= 8 &&
	                l->a_ets <= 8 && (l->id_len == 16 || l->a_eopt == 8 || l->a_eid == 8);
	g_free(sc->header_layout);
	sc->header_layout = l;
}

void ctf_programs_build(CtfTraceClass *tc)
{
	for (guint s = 0; s < tc->stream_classes->len; s++) {
		CtfStreamClass *sc = tc->stream_classes->pdata[s];

		build_header(sc);
		build_program(sc->pkt_ctx, true); /* walks only: see add_walk */
		build_program(sc->ev_common_ctx, false);
		for (guint e = 0; e < sc->event_classes->len; e++) {
			CtfEventClass *ec = sc->event_classes->pdata[e];

			build_program(ec->specific_ctx, false);
			build_program(ec->payload, false);
			build_event_values(ec);
			build_event_layout(ec);
		}
	}
}

/* --- running --- */

G_GNUC_NO_INLINE void ctf_past_end_error(CtfDecoder *d, uint64_t bits, GError **error)
{
	ctf_decode_error(d, error,
	                 _("%s of %" PRIu64 " bits goes past the end of the packet content (%" PRIu64
	                   " bits left)"),
	                 _("field"), bits, d->pos > d->end ? 0 : d->end - d->pos);
}

static inline bool past_end(CtfDecoder *d, uint64_t bits, GError **error)
{
	if (G_LIKELY(d->pos <= d->end && bits <= d->end - d->pos))
		return false;
	ctf_past_end_error(d, bits, error);
	return true;
}

static inline bool do_align(CtfDecoder *d, uint32_t a, GError **error)
{
	uint64_t p;

	if (a <= 1)
		return true;
	p = ctf_align_up(d->pos, a);
	if (G_UNLIKELY(p > d->end)) {
		ctf_decode_error(d, error, _("field alignment goes past the end of the packet content"));
		return false;
	}
	d->pos = p;
	return true;
}

static inline void emit(CtfDecoder *d, LttvValueKind kind, const char *name, uint64_t index,
                        uint64_t u, int base, const void *cls)
{
	LttvValue v = {.kind = kind, .name = name, .index = index, .depth = d->depth, .u = u,
	               .base = base, .cls = cls};

	d->fn(&v, d->ud);
}

static bool run_string(CtfDecoder *d, const CtfOp *op, GError **error)
{
	const uint8_t *start, *z;
	uint64_t avail;

	if (G_UNLIKELY(past_end(d, 8, error)))
		return false;
	start = d->buf + (d->pos >> 3);
	avail = (d->end - d->pos) >> 3;
	z = ctf_find_nul(start, avail);
	if (G_UNLIKELY(!z)) {
		ctf_decode_error(d, error,
		                 _("string is not terminated before the end of the packet content"));
		return false;
	}
	d->pos += (uint64_t)(z - start + 1) * 8;
	{
		LttvValue v = {.kind = LTTV_VALUE_STRING, .name = op->name, .depth = d->depth,
		               .str = (const char *)start, .len = (size_t)(z - start)};

		d->fn(&v, d->ud);
	}
	return true;
}

bool ctf_program_skip(CtfDecoder *d, const CtfFieldClass *root, uint64_t *op_pos,
                      GError **error)
{
	const struct CtfProgram *p = root->prog;
	const CtfOp *const ops = p->ops;
	const uint32_t n = p->n_skip;
	const uint8_t *const buf = d->buf;
	const uint64_t end = d->end;
	uint64_t *const keys = d->keys;
	uint64_t pos, need = 0;
	bool byte_op = false; /* a byte-aligned op ran since the tree decoder's */

	if (!do_align(d, root->alignment, error))
		return false;
	pos = d->pos;
	for (uint32_t i = 0; i < n; i++) {
		const CtfOp *op = &ops[i];

		if (G_UNLIKELY(op->kind == CTF_OP_GENERIC)) {
			if (op_pos)
				op_pos[i] = ctf_align_up(pos, op->align);
			d->pos = pos;
			if (byte_op)
				d->last_bo_valid = false;
			byte_op = false;
			if (!ctf_decode_field(d, op->fc, op->name, 0, error))
				return false;
			pos = d->pos;
			continue;
		}
		pos = ctf_align_up(pos, op->align);
		if (G_UNLIKELY(pos > end)) {
			d->pos = pos;
			ctf_decode_error(d, error,
			                 _("field alignment goes past the end of the packet content"));
			return false;
		}
		if (op_pos)
			op_pos[i] = pos;
		byte_op = true;
		switch (op->kind) {
		case CTF_OP_FIXED:
			need = op->bits;
			if (G_UNLIKELY(need > end - pos))
				goto past;
			pos += need;
			break;
		case CTF_OP_UINT:
		case CTF_OP_SINT:
			need = op->len;
			if (G_UNLIKELY(need > end - pos))
				goto past;
			if (op->slot >= 0) {
				uint64_t v = ctf_read_aligned(buf + (pos >> 3), op->len, op->be);

				if (op->kind == CTF_OP_SINT)
					v = (uint64_t)ctf_sign_extend(v, op->len);
				keys[op->slot] = v;
			}
			pos += need;
			break;
		case CTF_OP_STRING: {
			const uint8_t *start = buf + (pos >> 3), *z;

			need = 8;
			if (G_UNLIKELY(need > end - pos))
				goto past;
			z = ctf_find_nul(start, (end - pos) >> 3);
			if (G_UNLIKELY(!z)) {
				d->pos = pos;
				ctf_decode_error(d, error, _("string is not terminated before the end of "
				                             "the packet content"));
				return false;
			}
			pos += (uint64_t)(z - start + 1) * 8;
			break;
		}
		case CTF_OP_DL_INTS:
			if (G_UNLIKELY(__builtin_mul_overflow(keys[op->len_slot], op->bits, &need)))
				need = UINT64_MAX;
			if (G_UNLIKELY(need > end - pos))
				goto past;
			pos += need;
			break;
		default:
			break;
		}
	}
	d->pos = pos;
	if (byte_op)
		d->last_bo_valid = false;
	return true;
past:
	d->pos = pos;
	ctf_past_end_error(d, need, error);
	return false;
}

bool ctf_program_run(CtfDecoder *d, const CtfFieldClass *root, GError **error)
{
	const struct CtfProgram *p = root->prog;
	const CtfOp *ops = p->ops + p->n_skip;
	uint32_t n = p->n_walk;

	if (!do_align(d, root->alignment, error))
		return false;
	emit(d, LTTV_VALUE_STRUCT_BEGIN, NULL, 0, 0, 0, NULL);
	d->depth++;
	for (uint32_t i = 0; i < n; i++) {
		const CtfOp *op = &ops[i];

		if (op->kind == CTF_OP_GENERIC) {
			if (!ctf_decode_field(d, op->fc, op->name, 0, error))
				return false;
			continue;
		}
		if (!do_align(d, op->align, error))
			return false;
		d->last_bo_valid = false;
		switch (op->kind) {
		case CTF_OP_FIXED:
			if (G_UNLIKELY(past_end(d, op->bits, error)))
				return false;
			d->pos += op->bits;
			break;
		case CTF_OP_UINT:
		case CTF_OP_SINT: {
			uint64_t v;

			if (G_UNLIKELY(past_end(d, op->len, error)))
				return false;
			v = ctf_read_aligned(d->buf + (d->pos >> 3), op->len, op->be);
			d->pos += op->len;
			if (op->kind == CTF_OP_SINT)
				v = (uint64_t)ctf_sign_extend(v, op->len);
			if (op->slot >= 0)
				d->keys[op->slot] = v;
			emit(d, op->kind == CTF_OP_SINT ? LTTV_VALUE_SINT : LTTV_VALUE_UINT, op->name, 0,
			     v, op->base, op->fc);
			break;
		}
		case CTF_OP_STRING:
			if (!run_string(d, op, error))
				return false;
			break;
		case CTF_OP_TEXT: {
			const uint8_t *start;
			const uint8_t *z;

			if (G_UNLIKELY(op->count > UINT64_MAX / 8 || past_end(d, op->count * 8, error)))
				return false;
			start = d->buf + (d->pos >> 3);
			d->pos += op->count * 8;
			z = memchr(start, 0, op->count);
			{
				LttvValue v = {.kind = LTTV_VALUE_STRING, .name = op->name,
				               .depth = d->depth, .str = (const char *)start,
				               .len = z ? (size_t)(z - start) : (size_t)op->count};

				d->fn(&v, d->ud);
			}
			break;
		}
		case CTF_OP_DL_INTS:
		case CTF_OP_SL_INTS: {
			uint64_t count = op->kind == CTF_OP_SL_INTS ? op->count : d->keys[op->len_slot];
			uint64_t total;

			if (G_UNLIKELY(__builtin_mul_overflow(count, op->bits, &total))) {
				ctf_past_end_error(d, UINT64_MAX, error);
				return false;
			}
			if (G_UNLIKELY(past_end(d, total, error)))
				return false;
			emit(d, LTTV_VALUE_ARRAY_BEGIN, op->name, 0, count, 0, NULL);
			d->depth++;
			for (uint64_t k = 0; k < count; k++) {
				uint64_t v = ctf_read_aligned(d->buf + (d->pos >> 3), op->len, op->be);

				d->pos += op->len;
				if (op->is_signed)
					v = (uint64_t)ctf_sign_extend(v, op->len);
				emit(d, op->is_signed ? LTTV_VALUE_SINT : LTTV_VALUE_UINT, NULL, k, v,
				     op->base, op->fc->arr.elem);
			}
			d->depth--;
			emit(d, LTTV_VALUE_ARRAY_END, op->name, 0, count, 0, NULL);
			break;
		}
		default:
			break;
		}
	}
	d->depth--;
	emit(d, LTTV_VALUE_STRUCT_END, NULL, 0, 0, 0, NULL);
	return true;
}

static inline bool read_hdr(CtfDecoder *d, uint32_t align, unsigned len, bool be, uint64_t *v,
                            GError **error)
{
	if (!do_align(d, align, error) || G_UNLIKELY(past_end(d, len, error)))
		return false;
	*v = ctf_read_bits(d->buf, d->pos, len, be);
	d->pos += len;
	return true;
}

bool ctf_header_decode(CtfDecoder *d, const struct CtfHeaderLayout *h, GError **error)
{
	uint64_t id, ts;

	if (ctf_header_decode_packed(d, h))
		return true;
	if (!do_align(d, h->a_hdr, error) || !read_hdr(d, h->a_id, h->id_len, h->be, &id, error))
		return false;
	if (h->id_slot >= 0)
		d->keys[h->id_slot] = id;
	d->last_bo_valid = false;
	if (id != h->extended) {
		if (!do_align(d, h->a_copt, error) || !read_hdr(d, h->a_cts, h->ts_len, h->be, &ts, error))
			return false;
		d->clock = ctf_clock_update(d->clock, ts, h->ts_len);
	} else {
		if (!do_align(d, h->a_eopt, error) || !read_hdr(d, h->a_eid, 32, h->be, &id, error) ||
		    !read_hdr(d, h->a_ets, 64, h->be, &ts, error))
			return false;
		d->clock = ts;
	}
	d->has_erc_id = true;
	d->erc_id = id;
	return true;
}
