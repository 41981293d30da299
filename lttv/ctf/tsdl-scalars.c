/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TSDL scalar type specifiers: integer, floating_point, string attributes
 * and enum (the compound ones are tsdl-types.c). */
#include "ctf/tsdl-internal.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

/* Reads `{ key = value; ... }` of integer / floating_point / string. */
typedef bool (*AttrFn)(TsdlParser *p, CtfFieldClass *fc, const char *key, TsdlValue *v,
                       GError **error);

static bool parse_attr_block(TsdlParser *p, CtfFieldClass *fc, AttrFn fn, GError **error)
{
	if (!tsdl_expect_punct(p, "{", error))
		return false;
	while (!tsdl_is_punct(tsdl_peek(p, 0), "}")) {
		g_autofree char *key = NULL;
		TsdlValue v;
		bool ok;

		if (tsdl_peek(p, 0)->kind == TSDL_TK_EOF) {
			tsdl_error(p, tsdl_peek(p, 0), error, _("unterminated attribute block"));
			return false;
		}
		key = tsdl_parse_dotted(p, error);
		if (!key || !tsdl_expect_punct(p, "=", error) || !tsdl_parse_value(p, &v, error))
			return false;
		ok = fn(p, fc, key, &v, error);
		tsdl_value_clear(&v);
		if (!ok || !tsdl_expect_punct(p, ";", error))
			return false;
	}
	tsdl_next(p);
	return true;
}

static bool parse_byte_order(TsdlParser *p, TsdlValue *v, CtfByteOrder *bo, GError **error)
{
	if (v->kind == TSDL_VAL_IDENT) {
		if (!strcmp(v->str, "le")) {
			*bo = CTF_BO_LE;
			return true;
		}
		if (!strcmp(v->str, "be") || !strcmp(v->str, "network")) {
			*bo = CTF_BO_BE;
			return true;
		}
		if (!strcmp(v->str, "native")) {
			*bo = TSDL_BO_NATIVE;
			return true;
		}
	}
	tsdl_error(p, v->tok, error, _("byte_order must be le, be, network or native"));
	return false;
}

bool tsdl_parse_align(TsdlParser *p, TsdlValue *v, uint32_t *out, GError **error)
{
	uint64_t a;

	if (!tsdl_value_uint(p, v, &a, error))
		return false;
	if (a == 0 || (a & (a - 1)) || a > (1u << 30)) {
		tsdl_error(p, v->tok, error, _("alignment must be a power of two, not %" PRIu64),
		           a);
		return false;
	}
	*out = (uint32_t)a;
	return true;
}

static bool parse_encoding(TsdlParser *p, TsdlValue *v, bool *is_text, GError **error)
{
	if (v->kind == TSDL_VAL_IDENT) {
		if (!g_ascii_strcasecmp(v->str, "UTF8") || !g_ascii_strcasecmp(v->str, "ASCII")) {
			*is_text = true;
			return true;
		}
		if (!strcmp(v->str, "none")) {
			*is_text = false;
			return true;
		}
	}
	tsdl_error(p, v->tok, error, _("encoding must be none, UTF8 or ASCII"));
	return false;
}

static bool integer_attr(TsdlParser *p, CtfFieldClass *fc, const char *key, TsdlValue *v,
                         GError **error)
{
	uint64_t u;

	if (!strcmp(key, "size")) {
		if (!tsdl_value_uint(p, v, &u, error))
			return false;
		if (u == 0 || u > 64) {
			tsdl_error(p, v->tok, error,
			           _("integer size %" PRIu64
			             " is not supported: sizes are 1 to 64 bits"),
			           u);
			return false;
		}
		fc->i.len = (uint32_t)u;
	} else if (!strcmp(key, "align")) {
		return tsdl_parse_align(p, v, &fc->alignment, error);
	} else if (!strcmp(key, "signed")) {
		return tsdl_value_bool(p, v, &fc->i.is_signed, error);
	} else if (!strcmp(key, "byte_order")) {
		return parse_byte_order(p, v, &fc->i.bo, error);
	} else if (!strcmp(key, "base")) {
		static const struct {
			const char *name;
			uint8_t base;
		} names[] = {
		        {"decimal", 10}, {"dec", 10},         {"d", 10},    {"i", 10},
		        {"u", 10},       {"hexadecimal", 16}, {"hex", 16},  {"x", 16},
		        {"X", 16},       {"p", 16},           {"octal", 8}, {"oct", 8},
		        {"o", 8},        {"binary", 2},       {"bin", 2},   {"b", 2},
		};

		if (v->kind == TSDL_VAL_INT && !v->negative &&
		    (v->ival == 2 || v->ival == 8 || v->ival == 10 || v->ival == 16)) {
			fc->i.base = (uint8_t)v->ival;
			return true;
		}
		if (v->kind == TSDL_VAL_IDENT) {
			for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
				if (!strcmp(v->str, names[i].name)) {
					fc->i.base = names[i].base;
					return true;
				}
			}
		}
		tsdl_error(p, v->tok, error, _("base must be 2, 8, 10 or 16"));
		return false;
	} else if (!strcmp(key, "encoding")) {
		return parse_encoding(p, v, &fc->i.is_char, error);
	} else if (!strcmp(key, "map")) {
		/* clock.NAME.value */
		if (v->kind == TSDL_VAL_IDENT && g_str_has_prefix(v->str, "clock.") &&
		    g_str_has_suffix(v->str, ".value") && strlen(v->str) > 12) {
			g_free(fc->i.clock_name);
			fc->i.clock_name = g_strndup(v->str + 6, strlen(v->str) - 12);
			return true;
		}
		tsdl_error(p, v->tok, error, _("map must be `clock.NAME.value`"));
		return false;
	}
	return true; /* unknown attributes are ignored, as other readers do */
}

static bool float_attr(TsdlParser *p, CtfFieldClass *fc, const char *key, TsdlValue *v,
                       GError **error)
{
	uint64_t u;

	if (!strcmp(key, "exp_dig") || !strcmp(key, "mant_dig")) {
		if (!tsdl_value_uint(p, v, &u, error))
			return false;
		if (u > 64) {
			tsdl_error(p, v->tok, error, _("invalid floating point digit count"));
			return false;
		}
		/* Accumulate exp_dig + mant_dig, checked at the end. */
		fc->f.len += (uint32_t)u;
		if (!strcmp(key, "exp_dig"))
			fc->key_slot = (int)u; /* temporarily: exp_dig, checked below */
	} else if (!strcmp(key, "align")) {
		return tsdl_parse_align(p, v, &fc->alignment, error);
	} else if (!strcmp(key, "byte_order")) {
		return parse_byte_order(p, v, &fc->f.bo, error);
	}
	return true;
}

static bool string_attr(TsdlParser *p, CtfFieldClass *fc, const char *key, TsdlValue *v,
                        GError **error)
{
	bool text;

	if (!strcmp(key, "encoding"))
		return parse_encoding(p, v, &text, error);
	return true;
}

CtfFieldClass *tsdl_parse_integer(TsdlParser *p, const TsdlToken *at, GError **error)
{
	CtfFieldClass *fc = ctf_fc_new(CTF_FC_INT);

	fc->i.bo = TSDL_BO_NATIVE;
	fc->alignment = 0;
	if (!parse_attr_block(p, fc, integer_attr, error))
		goto fail;
	if (fc->i.len == 0) {
		tsdl_error(p, at, error, _("integer lacks its size"));
		goto fail;
	}
	if (fc->alignment == 0)
		fc->alignment = fc->i.len % 8 ? 1 : 8;
	return fc;
fail:
	ctf_fc_free(fc);
	return NULL;
}

CtfFieldClass *tsdl_parse_float(TsdlParser *p, const TsdlToken *at, GError **error)
{
	CtfFieldClass *fc = ctf_fc_new(CTF_FC_FLOAT);
	int exp_dig;

	fc->f.bo = TSDL_BO_NATIVE;
	fc->alignment = 0;
	if (!parse_attr_block(p, fc, float_attr, error))
		goto fail;
	exp_dig = fc->key_slot;
	fc->key_slot = -1;
	if (!((fc->f.len == 32 && exp_dig == 8) || (fc->f.len == 64 && exp_dig == 11))) {
		tsdl_error(p, at, error,
		           _("only 32-bit (exp_dig 8, mant_dig 24) and 64-bit (exp_dig 11, "
		             "mant_dig 53) floating point numbers are supported"));
		goto fail;
	}
	if (fc->alignment == 0)
		fc->alignment = 8;
	return fc;
fail:
	ctf_fc_free(fc);
	return NULL;
}

/* The base type of an enum or sequence element must be an integer. */
CtfFieldClass *tsdl_parse_enum(TsdlParser *p, const TsdlToken *at, GError **error)
{
	g_autofree char *name = NULL;
	CtfFieldClass *fc = NULL;
	int64_t next = 0;
	bool next_overflow = false;

	if (tsdl_peek(p, 0)->kind == TSDL_TK_IDENT)
		name = g_strdup(tsdl_next(p)->str);
	if (tsdl_is_punct(tsdl_peek(p, 0), ":")) {
		const TsdlToken *ct;

		tsdl_next(p);
		ct = tsdl_peek(p, 0);
		fc = tsdl_parse_type_spec(p, error);
		if (!fc)
			return NULL;
		if (fc->kind != CTF_FC_INT) {
			tsdl_error(p, ct, error,
			           _("an enumeration's container must be an integer"));
			goto fail;
		}
	} else if (tsdl_is_punct(tsdl_peek(p, 0), "{")) {
		CtfFieldClass *def = tsdl_lookup(p, 0, "int");

		if (!def || def->kind != CTF_FC_INT) {
			tsdl_error(p, at, error,
			           _("enumeration without container type, and no `int` type "
			             "declared"));
			return NULL;
		}
		fc = tsdl_copy(p, def, at, error);
		if (!fc)
			return NULL;
	} else if (name) {
		CtfFieldClass *def = tsdl_lookup(p, 3, name);

		if (!def) {
			tsdl_error(p, at, error, _("unknown enumeration `%s`"), name);
			return NULL;
		}
		return tsdl_copy(p, def, at, error);
	} else {
		tsdl_error(p, at, error, _("expected `:` or `{` after `enum`"));
		return NULL;
	}
	if (fc->i.mappings)
		g_ptr_array_unref(fc->i.mappings);
	fc->i.mappings = ctf_mappings_new();
	if (!tsdl_expect_punct(p, "{", error))
		goto fail;
	while (!tsdl_is_punct(tsdl_peek(p, 0), "}")) {
		const TsdlToken *lt = tsdl_next(p);
		CtfMapping *m = NULL;
		int64_t lo = next, hi = next;

		if (lt->kind != TSDL_TK_IDENT && lt->kind != TSDL_TK_STRING) {
			tsdl_error(p, lt, error, _("expected an enumeration label"));
			goto fail;
		}
		if (tsdl_is_punct(tsdl_peek(p, 0), "=")) {
			TsdlValue v;
			bool ok;

			tsdl_next(p);
			if (!tsdl_parse_value(p, &v, error))
				goto fail;
			ok = v.kind == TSDL_VAL_INT;
			if (ok && !fc->i.is_signed && v.negative)
				ok = false;
			if (ok) {
				lo = v.negative ? (int64_t)(0 - v.ival) : (int64_t)v.ival;
				hi = lo;
			}
			tsdl_value_clear(&v);
			if (!ok) {
				tsdl_error(p, lt, error,
				           _("invalid value for enumeration label `%s`"), lt->str);
				goto fail;
			}
			if (tsdl_is_punct(tsdl_peek(p, 0), "...")) {
				tsdl_next(p);
				if (!tsdl_parse_value(p, &v, error))
					goto fail;
				ok = v.kind == TSDL_VAL_INT && (fc->i.is_signed || !v.negative);
				hi = v.negative ? (int64_t)(0 - v.ival) : (int64_t)v.ival;
				tsdl_value_clear(&v);
				if (!ok) {
					tsdl_error(
					        p, lt, error,
					        _("invalid range end for enumeration label `%s`"),
					        lt->str);
					goto fail;
				}
			}
		} else if (next_overflow) {
			tsdl_error(p, lt, error, _("enumeration value overflow at label `%s`"),
			           lt->str);
			goto fail;
		}
		if (fc->i.is_signed ? lo > hi : (uint64_t)lo > (uint64_t)hi) {
			tsdl_error(p, lt, error, _("enumeration range of `%s` is reversed"),
			           lt->str);
			goto fail;
		}
		for (guint i = 0; i < fc->i.mappings->len; i++) {
			CtfMapping *e = fc->i.mappings->pdata[i];

			if (strcmp(e->name, lt->str) == 0)
				m = e;
		}
		if (!m) {
			m = ctf_mapping_new(lt->str, fc->i.is_signed);
			g_ptr_array_add(fc->i.mappings, m);
		}
		ctf_range_set_add(&m->set, (uint64_t)lo, (uint64_t)hi);
		next = (int64_t)((uint64_t)hi + 1);
		next_overflow = fc->i.is_signed ? hi == INT64_MAX : (uint64_t)hi == UINT64_MAX;
		if (!tsdl_is_punct(tsdl_peek(p, 0), ","))
			break;
		tsdl_next(p);
	}
	if (!tsdl_expect_punct(p, "}", error))
		goto fail;
	if (name && !tsdl_define(p, at, 3, name, ctf_fc_copy(fc), error))
		goto fail;
	return fc;
fail:
	ctf_fc_free(fc);
	return NULL;
}

bool tsdl_parse_string_attrs(TsdlParser *p, CtfFieldClass *fc, GError **error)
{
	return parse_attr_block(p, fc, string_attr, error);
}
