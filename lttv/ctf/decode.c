/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Field decoding: every read is bounds-checked against the packet
 * content; fixed-size subtrees are skipped in one step when nobody looks
 * at their values. */
#include "ctf/decode.h"

#include "ctf/bitread.h"
#include "lttv/error.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#define CTF_MAGIC 0xC1FC1FC1u
#define MAX_DEPTH 64

void ctf_decode_error(CtfDecoder *d, GError **error, const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;

	if (!error || *error)
		return;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, LTTV_ERROR, LTTV_ERROR_DATA, _("%s: offset %" PRIu64 ": %s"),
	            d->path ? d->path : "?", d->file_off + (d->pos >> 3), msg);
}

static inline uint64_t align_up(uint64_t pos, uint32_t a)
{
	return (pos + a - 1) & ~(uint64_t)(a - 1);
}

/* `what` is untranslated (N_): translating it on every call would cost
 * more than the decoding itself. */
static inline bool need(CtfDecoder *d, uint64_t bits, const char *what, GError **error)
{
	if (G_UNLIKELY(d->pos > d->end || bits > d->end - d->pos)) {
		ctf_decode_error(d, error,
		                 _("%s of %" PRIu64 " bits goes past the end of the packet "
		                   "content (%" PRIu64 " bits left)"),
		                 _(what), bits, d->pos > d->end ? 0 : d->end - d->pos);
		return false;
	}
	return true;
}

static void emit(CtfDecoder *d, LttvValue *v)
{
	v->depth = d->depth;
	d->fn(v, d->ud);
}

static void emit_simple(CtfDecoder *d, LttvValueKind kind, const char *name, uint64_t index,
                        uint64_t u)
{
	LttvValue v = {.kind = kind, .name = name, .index = index, .u = u};

	emit(d, &v);
}

/* Applies the roles of an unsigned integer just read. */
static bool apply_roles(CtfDecoder *d, uint32_t roles, uint64_t v, unsigned len, GError **error)
{
	CtfPacketInfo *pi = d->pi;

	if (roles & CTF_ROLE_CLOCK_TS)
		d->clock = ctf_clock_update(d->clock, v, len);
	if (roles & CTF_ROLE_ERC_ID) {
		d->has_erc_id = true;
		d->erc_id = v;
	}
	if (roles & CTF_ROLE_MAGIC && v != CTF_MAGIC) {
		d->pos -= len;
		ctf_decode_error(d, error, _("invalid packet magic number 0x%08" PRIx64
		                             " (expected 0xc1fc1fc1)"),
		                 v);
		return false;
	}
	if (!pi)
		return true;
	if (roles & CTF_ROLE_DSC_ID) {
		pi->has_dsc_id = true;
		pi->dsc_id = v;
	}
	if (roles & CTF_ROLE_DS_ID) {
		pi->has_ds_id = true;
		pi->ds_id = v;
	}
	if (roles & CTF_ROLE_PKT_TOTAL_LEN) {
		pi->has_total = true;
		pi->total_bits = v;
	}
	if (roles & CTF_ROLE_PKT_CONTENT_LEN) {
		pi->has_content = true;
		pi->content_bits = v;
	}
	if (roles & CTF_ROLE_PKT_END_TS) {
		pi->has_ts_end = true;
		pi->ts_end = v;
	}
	if (roles & CTF_ROLE_DISC_SNAPSHOT) {
		pi->has_disc = true;
		pi->disc = v;
	}
	if (roles & CTF_ROLE_CPU_ID) {
		pi->has_cpu = true;
		pi->cpu = (int64_t)v;
	}
	if (roles & CTF_ROLE_PKT_SEQ_NUM) {
		pi->has_seq = true;
		pi->seq = v;
	}
	if (roles & CTF_ROLE_CLOCK_TS && d->scope == CTF_SCOPE_PKT_CTX) {
		pi->has_ts_begin = true;
		pi->ts_begin = d->clock;
	}
	return true;
}

/* CTF 2 §3.1: a fixed-length field whose byte order differs from the
 * previous one's must start on a byte boundary.  Records `bo` as the last. */
static bool byte_order_ok(CtfDecoder *d, CtfByteOrder bo, GError **error)
{
	if (d->last_bo_valid && (d->pos & 7) && d->last_bo != bo) {
		ctf_decode_error(d, error,
		                 _("two contiguous fixed-length fields share a byte but not their "
		                   "byte order"));
		return false;
	}
	d->last_bo_valid = true;
	d->last_bo = bo;
	return true;
}

static bool decode_int(CtfDecoder *d, const CtfFieldClass *fc, const char *name, uint64_t index,
                       GError **error)
{
	uint64_t v;
	unsigned len = fc->i.len;

	if (!byte_order_ok(d, fc->i.bo, error))
		return false;
	if (!need(d, len, N_("integer"), error))
		return false;
	v = ctf_read_bits(d->buf, d->pos, len, fc->i.bo == CTF_BO_BE);
	d->pos += len;
	if (fc->i.reverse_bits)
		v = ctf_reverse_bits(v, len);
	if (fc->i.is_signed)
		v = (uint64_t)ctf_sign_extend(v, len);
	if (fc->key_slot >= 0)
		d->keys[fc->key_slot] = v;
	if (fc->i.roles && !apply_roles(d, fc->i.roles, v, len, error))
		return false;
	if (d->fn) {
		LttvValue val = {.name = name, .index = index, .u = v, .base = fc->i.base, .cls = fc};

		switch (fc->i.flavor) {
		case CTF_INT_BOOL:
			val.kind = LTTV_VALUE_BOOL;
			break;
		case CTF_INT_BITMAP:
			val.kind = LTTV_VALUE_BITMAP;
			break;
		case CTF_INT_BITARRAY:
			val.kind = LTTV_VALUE_BITARRAY;
			break;
		default:
			val.kind = fc->i.is_signed ? LTTV_VALUE_SINT : LTTV_VALUE_UINT;
			break;
		}
		emit(d, &val);
	}
	return true;
}

static bool decode_float(CtfDecoder *d, const CtfFieldClass *fc, const char *name,
                         uint64_t index, GError **error)
{
	uint64_t v;

	if (!byte_order_ok(d, fc->f.bo, error))
		return false;
	if (!need(d, fc->f.len, N_("floating point number"), error))
		return false;
	v = ctf_read_bits(d->buf, d->pos, fc->f.len, fc->f.bo == CTF_BO_BE);
	d->pos += fc->f.len;
	if (fc->f.reverse_bits)
		v = ctf_reverse_bits(v, fc->f.len);
	if (d->fn) {
		LttvValue val = {.kind = LTTV_VALUE_DOUBLE, .name = name, .index = index, .cls = fc};

		if (fc->f.len == 32) {
			uint32_t u32 = (uint32_t)v;
			float f;

			memcpy(&f, &u32, 4);
			val.d = f;
		} else {
			memcpy(&val.d, &v, 8);
		}
		emit(d, &val);
	}
	return true;
}

static bool decode_vlint(CtfDecoder *d, const CtfFieldClass *fc, const char *name,
                         uint64_t index, GError **error)
{
	uint64_t v = 0;
	unsigned shift = 0, n = 0;
	uint64_t start = d->pos;

	while (true) {
		uint8_t b;

		if (!need(d, 8, N_("variable-length integer"), error))
			return false;
		b = d->buf[d->pos >> 3];
		d->pos += 8;
		n++;
		/* the 10th byte holds bit 63 only (and, signed, its copies) */
		if (n == 10 && (fc->vl.is_signed ? (b != 0x00 && b != 0x7f) : b > 1)) {
			d->pos = start;
			ctf_decode_error(d, error, _("variable-length integer has more than 64 bits"));
			return false;
		}
		if (n > 10) {
			d->pos = start;
			ctf_decode_error(d, error, _("variable-length integer longer than 10 bytes"));
			return false;
		}
		v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
		if (!(b & 0x80))
			break;
	}
	if (fc->vl.is_signed && shift < 64 && (v & (UINT64_C(1) << (shift - 1))))
		v |= ~ctf_mask(shift);
	d->last_bo_valid = false;
	if (fc->key_slot >= 0)
		d->keys[fc->key_slot] = v;
	if (fc->vl.roles && !apply_roles(d, fc->vl.roles, v, 64, error))
		return false;
	if (d->fn) {
		LttvValue val = {.kind = fc->vl.is_signed ? LTTV_VALUE_SINT : LTTV_VALUE_UINT,
		                 .name = name, .index = index, .u = v, .base = fc->vl.base,
		                 .cls = fc};

		emit(d, &val);
	}
	return true;
}

static unsigned unit_size(CtfEncoding e)
{
	switch (e) {
	case CTF_ENC_UTF16BE:
	case CTF_ENC_UTF16LE:
		return 2;
	case CTF_ENC_UTF32BE:
	case CTF_ENC_UTF32LE:
		return 4;
	default:
		return 1;
	}
}

/* Emits `len` bytes of text (cut at the first null code unit). */
static void emit_text(CtfDecoder *d, const char *name, uint64_t index, const uint8_t *p,
                      size_t len, CtfEncoding enc)
{
	LttvValue val = {.kind = LTTV_VALUE_STRING, .name = name, .index = index};
	unsigned u = unit_size(enc);
	size_t n = 0;

	while (n + u <= len) {
		bool zero = true;

		for (unsigned k = 0; k < u; k++)
			zero = zero && p[n + k] == 0;
		if (zero)
			break;
		n += u;
	}
	if (u == 1) {
		val.str = (const char *)p;
		val.len = n;
	} else {
		static const char *const names[] = {"UTF-8", "UTF-16BE", "UTF-16LE", "UTF-32BE",
		                                    "UTF-32LE"};
		g_autofree char *conv = g_convert((const char *)p, (gssize)n, "UTF-8", names[enc],
		                                  NULL, NULL, NULL);

		if (!d->scratch)
			d->scratch = g_string_new(NULL);
		g_string_assign(d->scratch, conv ? conv : "");
		val.str = d->scratch->str;
		val.len = d->scratch->len;
	}
	emit(d, &val);
}

static bool decode_string(CtfDecoder *d, const CtfFieldClass *fc, const char *name,
                          uint64_t index, GError **error)
{
	const uint8_t *start;
	uint64_t avail;
	unsigned u = unit_size(fc->s.encoding);
	size_t n = 0;
	bool found = false;

	if (!need(d, 8, N_("string"), error))
		return false;
	start = d->buf + (d->pos >> 3);
	avail = (d->end - d->pos) >> 3;
	if (u == 1) {
		const uint8_t *z = memchr(start, 0, avail);

		if (z) {
			n = (size_t)(z - start) + 1;
			found = true;
		}
	} else {
		for (; n + u <= avail; n += u) {
			bool zero = true;

			for (unsigned k = 0; k < u; k++)
				zero = zero && start[n + k] == 0;
			if (zero) {
				n += u;
				found = true;
				break;
			}
		}
	}
	if (!found) {
		ctf_decode_error(d, error, _("string is not terminated before the end of the packet "
		                             "content"));
		return false;
	}
	d->pos += (uint64_t)n * 8;
	d->last_bo_valid = false;
	if (d->fn)
		emit_text(d, name, index, start, n - u, fc->s.encoding);
	return true;
}

static bool decode_bytes(CtfDecoder *d, const CtfFieldClass *fc, const char *name,
                         uint64_t index, uint64_t nbytes, GError **error)
{
	const uint8_t *start = d->buf + (d->pos >> 3);
	bool is_blob = fc->kind == CTF_FC_SL_BLOB || fc->kind == CTF_FC_DL_BLOB;

	if (nbytes > UINT64_MAX / 8 || !need(d, nbytes * 8, is_blob ? N_("BLOB") : N_("string"), error))
		return false;
	d->pos += nbytes * 8;
	d->last_bo_valid = false;
	if (is_blob && (fc->s.roles & CTF_ROLE_UUID) && d->tc->has_uuid && d->pi &&
	    memcmp(start, d->tc->uuid, 16) != 0)
		d->pi->uuid_mismatch = true;
	if (!d->fn)
		return true;
	if (is_blob) {
		LttvValue val = {.kind = LTTV_VALUE_BLOB, .name = name, .index = index,
		                 .str = (const char *)start, .len = (size_t)nbytes};

		emit(d, &val);
	} else {
		emit_text(d, name, index, start, (size_t)nbytes, fc->s.encoding);
	}
	return true;
}

static bool decode_array(CtfDecoder *d, const CtfFieldClass *fc, const char *name,
                         uint64_t index, uint64_t n, GError **error)
{
	const CtfFieldClass *elem = fc->arr.elem;

	if (fc->arr.is_text && d->fn && (d->pos & 7) == 0 && elem->alignment <= 8) {
		/* a CTF 1.8 char array is shown as a string */
		const uint8_t *start = d->buf + (d->pos >> 3);

		if (n > UINT64_MAX / 8 || !need(d, n * 8, N_("text array"), error))
			return false;
		d->pos += n * 8;
		d->last_bo_valid = false;
		emit_text(d, name, index, start, (size_t)n, CTF_ENC_UTF8);
		return true;
	}
	if (!d->fn && elem->fixed_bits >= 0 && elem->fixed_bits % elem->alignment == 0) {
		uint64_t eb = (uint64_t)elem->fixed_bits;

		if (n == 0)
			return true;
		if (eb && n > UINT64_MAX / eb) {
			ctf_decode_error(d, error, _("array length %" PRIu64 " is too large"),
			                 n);
			return false;
		}
		if (!need(d, n * eb, N_("array"), error))
			return false;
		d->pos += n * eb;
		d->last_bo_valid = false;
		return true;
	}
	if (d->fn)
		emit_simple(d, LTTV_VALUE_ARRAY_BEGIN, name, index, n);
	d->depth++;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t before = d->pos;

		if (!ctf_decode_field(d, elem, NULL, i, error))
			return false;
		/* Elements of zero bits are all alike (same position, same
		 * keys): skipping stops at the first; showing them is bounded. */
		if (d->pos == before && i == 0 && n > 1) {
			if (!d->fn)
				break;
			if (n > 65536 || (d->zero_elems += n) > (1u << 16)) {
				ctf_decode_error(d, error,
				                 _("array of %" PRIu64 " elements of zero bits (at most "
				                   "65536 are shown, 65536 per scope)"),
				                 n);
				return false;
			}
		}
	}
	d->depth--;
	if (d->fn)
		emit_simple(d, LTTV_VALUE_ARRAY_END, name, index, n);
	return true;
}

bool ctf_decode_field(CtfDecoder *d, const CtfFieldClass *fc, const char *name, uint64_t index,
                      GError **error)
{
	if (d->depth > MAX_DEPTH) {
		ctf_decode_error(d, error, _("field classes nested too deeply"));
		return false;
	}
	if (fc->alignment > 1) {
		uint64_t aligned = align_up(d->pos, fc->alignment);

		if (aligned > d->end) {
			ctf_decode_error(d, error, _("field alignment goes past the end of the packet "
			                             "content"));
			return false;
		}
		d->pos = aligned;
	}
	if (!d->fn && fc->fixed_bits >= 0) {
		/* skipped unread; a scalar still obeys the byte-order rule */
		if (fc->kind == CTF_FC_INT || fc->kind == CTF_FC_FLOAT) {
			CtfByteOrder bo = fc->kind == CTF_FC_INT ? fc->i.bo : fc->f.bo;

			if (!byte_order_ok(d, bo, error))
				return false;
		} else {
			d->last_bo_valid = false;
		}
		if (!need(d, (uint64_t)fc->fixed_bits, N_("field"), error))
			return false;
		d->pos += (uint64_t)fc->fixed_bits;
		return true;
	}
	switch (fc->kind) {
	case CTF_FC_INT:
		return decode_int(d, fc, name, index, error);
	case CTF_FC_FLOAT:
		return decode_float(d, fc, name, index, error);
	case CTF_FC_VLINT:
		return decode_vlint(d, fc, name, index, error);
	case CTF_FC_STRING:
		return decode_string(d, fc, name, index, error);
	case CTF_FC_SL_STRING:
	case CTF_FC_SL_BLOB:
		return decode_bytes(d, fc, name, index, fc->s.length, error);
	case CTF_FC_DL_STRING:
	case CTF_FC_DL_BLOB:
		return decode_bytes(d, fc, name, index, d->keys[fc->s.length_loc->key_slot], error);
	case CTF_FC_STRUCT: {
		if (d->fn)
			emit_simple(d, LTTV_VALUE_STRUCT_BEGIN, name, index, 0);
		d->depth++;
		for (guint i = 0; i < fc->st.members->len; i++) {
			const CtfMember *m = fc->st.members->pdata[i];

			if (!ctf_decode_field(d, m->fc, m->display_name, 0, error))
				return false;
		}
		d->depth--;
		if (d->fn)
			emit_simple(d, LTTV_VALUE_STRUCT_END, name, index, 0);
		return true;
	}
	case CTF_FC_SL_ARRAY:
		return decode_array(d, fc, name, index, fc->arr.length, error);
	case CTF_FC_DL_ARRAY:
		return decode_array(d, fc, name, index, d->keys[fc->arr.length_loc->key_slot], error);
	case CTF_FC_VARIANT: {
		uint64_t sel = d->keys[fc->var.sel_loc->key_slot];
		const CtfVariantOption *opt = NULL;

		for (guint i = 0; i < fc->var.options->len && !opt; i++) {
			const CtfVariantOption *o = fc->var.options->pdata[i];

			if (ctf_range_set_contains(&o->ranges, sel))
				opt = o;
		}
		if (!opt) {
			ctf_decode_error(d, error,
			                 _("no variant option is selected by the selector value %" PRId64),
			                 (int64_t)sel);
			return false;
		}
		if (d->fn) {
			LttvValue v = {.kind = LTTV_VALUE_VARIANT_BEGIN, .name = name, .index = index,
			               .str = opt->name};

			emit(d, &v);
		}
		d->depth++;
		if (!ctf_decode_field(d, opt->fc, opt->name, 0, error))
			return false;
		d->depth--;
		if (d->fn) {
			LttvValue v = {.kind = LTTV_VALUE_VARIANT_END, .name = name, .index = index,
			               .str = opt->name};

			emit(d, &v);
		}
		return true;
	}
	case CTF_FC_OPTIONAL: {
		uint64_t sel = d->keys[fc->opt.sel_loc->key_slot];
		bool present = fc->opt.sel_ranges ? ctf_range_set_contains(fc->opt.sel_ranges, sel)
		                                  : sel != 0;

		if (d->fn)
			emit_simple(d, LTTV_VALUE_OPTIONAL_BEGIN, name, index, present);
		d->depth++;
		if (present && !ctf_decode_field(d, fc->opt.fc, NULL, 0, error))
			return false;
		d->depth--;
		if (d->fn)
			emit_simple(d, LTTV_VALUE_OPTIONAL_END, name, index, present);
		return true;
	}
	}
	return true;
}
