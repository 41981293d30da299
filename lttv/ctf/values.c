/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Values of a scope as an array (lttv_event_values): the value lists of
 * the compiled programs (program.h) run by threaded code. */
#include "ctf/program.h"

#include "ctf/bitread.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

bool ctf_values_reserve(CtfValueBuf *vb, size_t more)
{
	if (G_LIKELY(vb->cap - vb->n >= more))
		return true;
	if (more > CTF_VALUES_MAX - vb->n) {
		vb->too_many = true;
		return false;
	}
	vb->cap = MIN(MAX(vb->cap * 2, MAX(vb->n + more, 32)), CTF_VALUES_MAX);
	vb->v = g_renew(LttvFieldValue, vb->v, vb->cap);
	return true;
}

G_GNUC_NO_INLINE void ctf_values_too_many_error(CtfDecoder *d, GError **error)
{
	ctf_decode_error(d, error,
	                 _("more than %" PRIu64 " values in one scope: walk it instead "
	                   "(lttv_event_walk)"),
	                 (uint64_t)CTF_VALUES_MAX);
}

void ctf_values_append(const LttvValue *v, gpointer ud)
{
	CtfValueBuf *vb = ud;
	LttvFieldValue *o;

	if (!ctf_values_reserve(vb, 1))
		return; /* the caller reports too_many */
	o = &vb->v[vb->n++];
	o->kind = (uint8_t)v->kind;
	o->depth = (uint8_t)MIN(v->depth, 255);
	o->base = (uint8_t)v->base;
	o->name = v->name;
	if (v->kind == LTTV_VALUE_STRING || v->kind == LTTV_VALUE_BLOB) {
		o->str = v->str;
		o->len = v->len;
	} else {
		o->u = v->u;
		o->cls = v->cls;
	}
}

/* Runs a value list (value_list): each scope's values go to vb, scope k's
 * are off[k], cnt[k], from its aligned start scope_pos[k].  Threaded code:
 * each op jumps straight to the next one's handler. */
static bool run_values(CtfDecoder *d, const CtfOp *op, CtfScope first_scope, CtfValueBuf *vb,
                       uint64_t *scope_pos, uint32_t *off, uint32_t *cnt, GError **error)
{
	static const void *const handler[] = {
		[CTF_V_U8] = &&u8,         [CTF_V_U16] = &&u16,       [CTF_V_U32] = &&u32,
		[CTF_V_U64] = &&u64,       [CTF_V_S8] = &&s8,         [CTF_V_S16] = &&s16,
		[CTF_V_S32] = &&s32,       [CTF_V_S64] = &&s64,       [CTF_V_INT] = &&other_int,
		[CTF_V_STRING] = &&string, [CTF_V_TEXT] = &&text,     [CTF_V_INTS] = &&ints,
		[CTF_V_GENERIC] = &&generic, [CTF_V_SCOPE] = &&scope, [CTF_V_END] = &&end_ops,
	};
	const uint8_t *const buf = d->buf;
	const uint64_t end = d->end;
	uint64_t *const keys = d->keys;
	const CtfOp *const op_end = op + op->bits - 1; /* the END op */
	uint64_t pos = d->pos, v, need = 0;
	LttvFieldValue *o;
	bool byte_op = false; /* a byte-aligned op ran since the tree decoder's */
	int k = -1;           /* scope */

	vb->too_many = false;
	if (G_UNLIKELY(vb->cap - vb->n < op->bits) && !ctf_values_reserve(vb, op->bits))
		goto too_many;
	/* Locals, not d-> and vb-> members: the stores into the values may
	 * alias anything, the registers do not. */
	o = vb->v + vb->n;
	goto *handler[op->vcode];

scope:
	if (k >= 0)
		cnt[k] = (uint32_t)((size_t)(o - vb->v) - off[k]);
	k = (int)op->count;
	d->scope = (CtfScope)(first_scope + k);
	off[k] = (uint32_t)(o - vb->v);
	scope_pos[k] = pos;
	if (!op->len) {
		pos = ctf_align_up(pos, op->align);
		if (G_UNLIKELY(pos > end))
			goto past;
		scope_pos[k] = pos;
	}
	op++;
	goto *handler[op->vcode];
end_ops:
	if (k >= 0)
		cnt[k] = (uint32_t)((size_t)(o - vb->v) - off[k]);
	goto done;

#define NEXT_OP()                                \
	do {                                     \
		op++;                            \
		goto *handler[op->vcode];        \
	} while (0)
#define INT_OP(label, T, bits)                                \
	label : {                                             \
		T x;                                          \
		pos = ctf_align_up(pos, op->align);               \
		if (G_UNLIKELY(pos + (bits) > end)) {         \
			need = (bits);                        \
			goto past;                            \
		}                                             \
		memcpy(&x, buf + (pos >> 3), sizeof x);       \
		pos += (bits);                                \
		v = (uint64_t)x;                              \
		byte_op = true;                               \
		if (op->slot >= 0)                            \
			keys[op->slot] = v;                   \
		*o = op->tmpl;                                \
		o->u = v;                                     \
		o++;                                          \
		NEXT_OP();                                    \
	}
	INT_OP(u8, uint8_t, 8)
	INT_OP(u16, uint16_t, 16)
	INT_OP(u32, uint32_t, 32)
	INT_OP(u64, uint64_t, 64)
	INT_OP(s8, int8_t, 8)
	INT_OP(s16, int16_t, 16)
	INT_OP(s32, int32_t, 32)
	INT_OP(s64, int64_t, 64)
#undef INT_OP
other_int:
	pos = ctf_align_up(pos, op->align);
	if (G_UNLIKELY(pos + op->len > end)) {
		need = op->len;
		goto past;
	}
	v = ctf_read_aligned(buf + (pos >> 3), op->len, op->be);
	pos += op->len;
	if (op->kind == CTF_OP_SINT)
		v = (uint64_t)ctf_sign_extend(v, op->len);
	byte_op = true;
	if (op->slot >= 0)
		keys[op->slot] = v;
	*o = op->tmpl;
	o->u = v;
	o++;
	NEXT_OP();
string: {
	const uint8_t *start, *z;

	pos = ctf_align_up(pos, op->align);
	if (G_UNLIKELY(pos + 8 > end)) {
		need = 8;
		goto past;
	}
	start = buf + (pos >> 3);
	z = ctf_find_nul(start, (end - pos) >> 3);
	if (G_UNLIKELY(!z)) {
		d->pos = pos;
		vb->n = (size_t)(o - vb->v);
		ctf_decode_error(d, error,
		                 _("string is not terminated before the end of the packet content"));
		return false;
	}
	pos += (uint64_t)(z - start + 1) * 8;
	byte_op = true;
	*o = op->tmpl;
	o->str = (const char *)start;
	o->len = (uint64_t)(z - start);
	o++;
	NEXT_OP();
}
text: {
	const uint8_t *start, *z;

	pos = ctf_align_up(pos, op->align);
	if (G_UNLIKELY(pos > end || op->count > (end - pos) / 8)) {
		need = op->count > UINT64_MAX / 8 ? UINT64_MAX : op->count * 8;
		goto past;
	}
	start = buf + (pos >> 3);
	pos += op->count * 8;
	z = memchr(start, 0, op->count);
	byte_op = true;
	*o = op->tmpl;
	o->str = (const char *)start;
	o->len = z ? (uint64_t)(z - start) : op->count;
	o++;
	NEXT_OP();
}
ints: {
	uint64_t count = op->kind == CTF_OP_SL_INTS ? op->count : keys[op->len_slot];
	const uint8_t *p;
	size_t n_now = (size_t)(o - vb->v), more;

	pos = ctf_align_up(pos, op->align);
	if (G_UNLIKELY(__builtin_mul_overflow(count, op->bits, &need))) {
		need = UINT64_MAX;
		goto past;
	}
	if (G_UNLIKELY(pos > end || need > end - pos))
		goto past;
	/* count * bits fits in the packet: count is bounded */
	if (G_UNLIKELY(count > CTF_VALUES_MAX))
		goto too_many;
	more = (size_t)count + 2 + (size_t)(op_end - op);
	if (G_UNLIKELY(vb->cap - n_now < more)) {
		vb->n = n_now;
		if (!ctf_values_reserve(vb, more))
			goto too_many;
		o = vb->v + n_now;
	}
	p = buf + (pos >> 3);
	pos += need;
	byte_op = true;
	*o = op->tmpl;
	o->u = count;
	o++;
	if (op->be == !CTF_HOST_LE) {
#define ELEMS(T)                                         \
	for (uint64_t e = 0; e < count; e++, p += sizeof(T)) { \
		T x;                                     \
		memcpy(&x, p, sizeof x);                 \
		*o = op->etmpl;                          \
		o->u = (uint64_t)x;                      \
		o++;                                     \
	}
		switch (op->len | op->is_signed) {
		case 8: ELEMS(uint8_t) break;
		case 16: ELEMS(uint16_t) break;
		case 32: ELEMS(uint32_t) break;
		case 64: ELEMS(uint64_t) break;
		case 9: ELEMS(int8_t) break;
		case 17: ELEMS(int16_t) break;
		case 33: ELEMS(int32_t) break;
		case 65: ELEMS(int64_t) break;
		}
#undef ELEMS
	} else {
		for (uint64_t e = 0; e < count; e++, p += op->len / 8) {
			v = ctf_read_aligned(p, op->len, op->be);
			if (op->is_signed)
				v = (uint64_t)ctf_sign_extend(v, op->len);
			*o = op->etmpl;
			o->u = v;
			o++;
		}
	}
	*o = op->tmpl;
	o->kind = LTTV_VALUE_ARRAY_END;
	o->u = count;
	o++;
	NEXT_OP();
}
generic: {
	bool ok;

	vb->n = (size_t)(o - vb->v);
	d->pos = pos;
	if (byte_op)
		d->last_bo_valid = false; /* (as ctf_program_run) */
	byte_op = false;
	d->fn = ctf_values_append;
	d->ud = vb;
	d->depth = 1;
	ok = ctf_decode_field(d, op->fc, op->name, 0, error);
	d->fn = NULL;
	d->ud = NULL;
	d->depth = 0;
	if (!ok)
		return false;
	pos = d->pos;
	if (vb->too_many || !ctf_values_reserve(vb, (size_t)(op_end - op)))
		goto too_many;
	o = vb->v + vb->n;
	NEXT_OP();
}
#undef NEXT_OP
done:
	d->pos = pos;
	if (byte_op)
		d->last_bo_valid = false;
	vb->n = (size_t)(o - vb->v);
	return true;
too_many:
	d->pos = pos;
	ctf_values_too_many_error(d, error);
	return false;
past:
	vb->n = (size_t)(o - vb->v);
	d->pos = pos;
	if (pos > end)
		ctf_decode_error(d, error, _("field alignment goes past the end of the packet content"));
	else
		ctf_past_end_error(d, need, error);
	return false;
}

bool ctf_program_values(CtfDecoder *d, const CtfFieldClass *root, CtfValueBuf *vb,
                        GError **error)
{
	const struct CtfProgram *p = root->prog;
	uint64_t start;
	uint32_t off, cnt;

	return run_values(d, p->ops + p->n_skip + p->n_walk, d->scope, vb, &start, &off, &cnt,
	                  error);
}

bool ctf_event_values(CtfDecoder *d, const CtfEventClass *ec, CtfValueBuf *vb,
                      uint64_t scope_pos[3], uint32_t off[3], uint32_t cnt[3], GError **error)
{
	return run_values(d, ec->values_ops, CTF_SCOPE_EV_COMMON_CTX, vb, scope_pos, off, cnt,
	                  error);
}
