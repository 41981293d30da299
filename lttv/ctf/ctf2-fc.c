/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CTF 2 field classes (ctf-2.md §3): JSON object (or alias name) -> IR
 * node, with strict property checking.  Relative field locations are made
 * absolute here (§5.1); what they locate is checked by ctf2-check.c once
 * the whole scope is built.
 */
#include "ctf/ctf2-internal.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

/* Bound on field classes nested in one another, aliases included. */
#define MAX_FC_DEPTH 1024

#define COMMON "type", "attributes", "extensions"
#define FIXED  COMMON, "length", "byte-order", "bit-order", "alignment"

Ctf2Info *ctf2_info_new(Ctf2Ctx *c, const void *key)
{
	Ctf2Info *info = g_new0(Ctf2Info, 1);

	info->alias = c->alias;
	g_hash_table_replace(c->info, (gpointer)key, info);
	return info;
}

Ctf2Info *ctf2_info(Ctf2Ctx *c, const void *key)
{
	Ctf2Info *info = g_hash_table_lookup(c->info, key);

	return info ? info : ctf2_info_new(c, key);
}

/* ------------------------------------------------------------ kinds */

typedef enum {
	K_BITARRAY,
	K_BITMAP,
	K_BOOL,
	K_UINT,
	K_SINT,
	K_FLOAT,
	K_VLUINT,
	K_VLSINT,
	K_NTSTR,
	K_SLSTR,
	K_DLSTR,
	K_SLBLOB,
	K_DLBLOB,
	K_STRUCT,
	K_SLARRAY,
	K_DLARRAY,
	K_OPTIONAL,
	K_VARIANT,
} Kind;

static const struct {
	const char *type;
	const char *props[12];
} kinds[] = {
        [K_BITARRAY] = {"fixed-length-bit-array", {FIXED}},
        [K_BITMAP] = {"fixed-length-bit-map", {FIXED, "flags"}},
        [K_BOOL] = {"fixed-length-boolean", {FIXED}},
        [K_UINT] = {"fixed-length-unsigned-integer",
                    {FIXED, "preferred-display-base", "mappings", "roles"}},
        [K_SINT] = {"fixed-length-signed-integer",
                    {FIXED, "preferred-display-base", "mappings", "roles"}},
        [K_FLOAT] = {"fixed-length-floating-point-number", {FIXED}},
        [K_VLUINT] = {"variable-length-unsigned-integer",
                      {COMMON, "preferred-display-base", "mappings", "roles"}},
        [K_VLSINT] = {"variable-length-signed-integer",
                      {COMMON, "preferred-display-base", "mappings", "roles"}},
        [K_NTSTR] = {"null-terminated-string", {COMMON, "encoding"}},
        [K_SLSTR] = {"static-length-string", {COMMON, "length", "encoding"}},
        [K_DLSTR] = {"dynamic-length-string", {COMMON, "length-field-location", "encoding"}},
        [K_SLBLOB] = {"static-length-blob", {COMMON, "length", "media-type", "roles"}},
        [K_DLBLOB] = {"dynamic-length-blob", {COMMON, "length-field-location", "media-type"}},
        [K_STRUCT] = {"structure", {COMMON, "member-classes", "minimum-alignment"}},
        [K_SLARRAY] = {"static-length-array",
                       {COMMON, "element-field-class", "length", "minimum-alignment"}},
        [K_DLARRAY] = {"dynamic-length-array",
                       {COMMON, "element-field-class", "length-field-location",
                        "minimum-alignment"}},
        [K_OPTIONAL] = {"optional",
                        {COMMON, "field-class", "selector-field-location",
                         "selector-field-ranges"}},
        [K_VARIANT] = {"variant", {COMMON, "options", "selector-field-location"}},
};

static CtfFieldClass *build_child(Ctf2Ctx *c, const LttvJsonValue *o, const char *key,
                                  const char *what)
{
	const LttvJsonValue *v = lttv_json_object_get(o, key);
	CtfFieldClass *fc;
	size_t mark;

	if (!v) {
		ctf2_error(c, o->offset, _("missing required property `%s`"), key);
		return NULL;
	}
	if (!what)
		return ctf2_build_fc(c, v);
	mark = ctf2_path_push(c, "%s", what);
	fc = ctf2_build_fc(c, v);
	ctf2_path_pop(c, mark);
	return fc;
}

static bool build_fixed(Ctf2Ctx *c, const LttvJsonValue *o, Kind k, CtfFieldClass *fc)
{
	static const char *const bos[] = {"little-endian", "big-endian", NULL};
	static const char *const bits[] = {"first-to-last", "last-to-first", NULL};
	uint64_t len;
	int bo = -1, bit = -1;
	bool rev;

	if (!ctf2_get_u64(c, o, "length", true, &len, NULL))
		return false;
	if (len < 1 || len > 64 || (k == K_FLOAT && len != 32 && len != 64)) {
		ctf2_error(c, lttv_json_object_get(o, "length")->offset,
		           k == K_FLOAT
		                   ? _("`length`: unsupported floating-point number length %" PRIu64
		                       " (expecting 32 or 64)")
		                   : _("`length`: unsupported length %" PRIu64
		                       " (expecting 1 to 64 bits)"),
		           len);
		return false;
	}
	if (!lttv_json_object_get(o, "byte-order")) {
		ctf2_error(c, o->offset, _("missing required property `byte-order`"));
		return false;
	}
	if (!ctf2_get_enum(c, o, "byte-order", bos, &bo) ||
	    !ctf2_get_enum(c, o, "bit-order", bits, &bit) ||
	    !ctf2_get_align(c, o, "alignment", &fc->alignment))
		return false;
	/* Natural bit order: first-to-last for LE, last-to-first for BE. */
	rev = bit >= 0 && bit != bo;
	if (k == K_FLOAT) {
		fc->f.len = (uint32_t)len;
		fc->f.bo = bo == 0 ? CTF_BO_LE : CTF_BO_BE;
		fc->f.reverse_bits = rev;
		return true;
	}
	fc->i.len = (uint32_t)len;
	fc->i.bo = bo == 0 ? CTF_BO_LE : CTF_BO_BE;
	fc->i.reverse_bits = rev;
	fc->i.is_signed = k == K_SINT;
	switch (k) {
	case K_BITARRAY:
		fc->i.flavor = CTF_INT_BITARRAY;
		fc->i.base = 16;
		return true;
	case K_BOOL: fc->i.flavor = CTF_INT_BOOL; return true;
	case K_BITMAP:
		fc->i.flavor = CTF_INT_BITMAP;
		fc->i.base = 16;
		return ctf2_parse_mappings(c, o, "flags", false, fc->i.len, &fc->i.mappings);
	default: return true;
	}
}

/* preferred-display-base, mappings and roles of fixed/VL integers. */
static bool build_int_extra(Ctf2Ctx *c, const LttvJsonValue *o, bool is_signed, CtfFieldClass *fc,
                            uint8_t *base, uint32_t *roles, GPtrArray **mappings)
{
	const LttvJsonValue *v = lttv_json_object_get(o, "preferred-display-base");

	if (v) {
		if (v->type != LTTV_JSON_UINT ||
		    (v->u64 != 2 && v->u64 != 8 && v->u64 != 10 && v->u64 != 16)) {
			ctf2_error(c, v->offset,
			           _("`preferred-display-base`: expecting 2, 8, 10 or 16"));
			return false;
		}
		*base = (uint8_t)v->u64;
	}
	if (is_signed && lttv_json_object_get(o, "roles")) {
		ctf2_error(c, lttv_json_object_get(o, "roles")->offset,
		           _("`roles`: only unsigned integer field classes may have roles"));
		return false;
	}
	return ctf2_parse_roles(c, o, fc, false, roles) &&
	       ctf2_parse_mappings(c, o, "mappings", is_signed, 64, mappings);
}

static bool build_string(Ctf2Ctx *c, const LttvJsonValue *o, Kind k, CtfFieldClass *fc)
{
	static const char *const encs[] = {"utf-8",    "utf-16be", "utf-16le",
	                                   "utf-32be", "utf-32le", NULL};
	const char *media = NULL;
	int enc = 0;

	if (k == K_SLSTR || k == K_SLBLOB) {
		if (!ctf2_get_u64(c, o, "length", true, &fc->s.length, NULL))
			return false;
	}
	if (k == K_DLSTR || k == K_DLBLOB) {
		fc->s.length_loc = ctf2_parse_location(c, o, "length-field-location", fc);
		if (!fc->s.length_loc)
			return false;
	}
	if (k == K_SLBLOB || k == K_DLBLOB) {
		if (!ctf2_get_str(c, o, "media-type", false, &media))
			return false;
		fc->s.media_type = g_strdup(media ? media : "application/octet-stream");
	} else {
		if (!ctf2_get_enum(c, o, "encoding", encs, &enc))
			return false;
		fc->s.encoding = (CtfEncoding)enc;
	}
	if (k == K_SLBLOB) {
		if (!ctf2_parse_roles(c, o, fc, true, &fc->s.roles))
			return false;
		if (fc->s.roles && fc->s.length != 16) {
			ctf2_error(c, lttv_json_object_get(o, "length")->offset,
			           _("`length`: expecting 16 for the `metadata-stream-uuid` role, "
			             "not %" PRIu64),
			           fc->s.length);
			return false;
		}
	}
	return true;
}

static bool build_struct(Ctf2Ctx *c, const LttvJsonValue *o, CtfFieldClass *fc)
{
	static const char *const props[] = {"name", "field-class", "attributes", "extensions",
	                                    NULL};
	const LttvJsonValue *mv = lttv_json_object_get(o, "member-classes");
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

	if (!ctf2_get_align(c, o, "minimum-alignment", &fc->st.min_align))
		return false;
	if (!mv)
		return true;
	if (mv->type != LTTV_JSON_ARRAY) {
		ctf2_error(c, mv->offset, _("`member-classes`: expecting an array, not %s"),
		           ctf2_json_desc(mv));
		return false;
	}
	for (size_t i = 0; i < mv->arr.len; i++) {
		const LttvJsonValue *m = mv->arr.items[i], *name;
		CtfFieldClass *child;
		size_t mark;

		if (m->type != LTTV_JSON_OBJECT) {
			ctf2_error(c, m->offset,
			           _("`member-classes`: expecting a member class "
			             "object, not %s"),
			           ctf2_json_desc(m));
			return false;
		}
		name = lttv_json_object_get(m, "name");
		mark = ctf2_path_push(c, _("member class #%zu"), i + 1);
		if (!name) {
			ctf2_error(c, m->offset, _("missing required property `name`"));
			ctf2_path_pop(c, mark);
			return false;
		}
		if (!ctf2_check_name(c, name, "name")) {
			ctf2_path_pop(c, mark);
			return false;
		}
		ctf2_path_pop(c, mark);
		mark = ctf2_path_push(c, _("member class `%s`"), name->str.s);
		if (!ctf2_check_props(c, m, props)) {
			ctf2_path_pop(c, mark);
			return false;
		}
		if (!g_hash_table_add(seen, name->str.s)) {
			ctf2_error(c, name->offset, _("duplicate member class name `%s`"),
			           name->str.s);
			ctf2_path_pop(c, mark);
			return false;
		}
		g_ptr_array_add(c->names, name->str.s);
		child = build_child(c, m, "field-class", NULL);
		g_ptr_array_remove_index(c->names, c->names->len - 1);
		ctf2_path_pop(c, mark);
		if (!child)
			return false;
		ctf_member_add(fc, name->str.s, name->str.s, child);
	}
	return true;
}

static bool build_variant(Ctf2Ctx *c, const LttvJsonValue *o, CtfFieldClass *fc)
{
	static const char *const props[] = {"name",       "field-class", "selector-field-ranges",
	                                    "attributes", "extensions",  NULL};
	const LttvJsonValue *ov = lttv_json_object_get(o, "options");
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

	fc->var.sel_loc = ctf2_parse_location(c, o, "selector-field-location", fc);
	if (!fc->var.sel_loc)
		return false;
	if (!ov || ov->type != LTTV_JSON_ARRAY || ov->arr.len == 0) {
		ctf2_error(c, ov ? ov->offset : o->offset,
		           _("`options`: expecting a non-empty array of variant options"));
		return false;
	}
	for (size_t i = 0; i < ov->arr.len; i++) {
		const LttvJsonValue *opt = ov->arr.items[i], *name, *ranges;
		CtfVariantOption *vo;
		size_t mark;
		bool ok;

		if (opt->type != LTTV_JSON_OBJECT) {
			ctf2_error(c, opt->offset,
			           _("`options`: expecting an option object, not %s"),
			           ctf2_json_desc(opt));
			return false;
		}
		name = lttv_json_object_get(opt, "name");
		if (name && ctf2_check_name(c, name, "name"))
			mark = ctf2_path_push(c, _("option `%s`"), name->str.s);
		else if (name)
			return false;
		else
			mark = ctf2_path_push(c, _("option #%zu"), i + 1);
		vo = g_new0(CtfVariantOption, 1);
		ctf_range_set_init(&vo->ranges, false);
		g_ptr_array_add(fc->var.options, vo);
		ok = ctf2_check_props(c, opt, props);
		if (ok && name && !g_hash_table_add(seen, name->str.s)) {
			ctf2_error(c, name->offset, _("duplicate option name `%s`"), name->str.s);
			ok = false;
		}
		if (ok && name)
			vo->name = g_strdup(name->str.s);
		ranges = lttv_json_object_get(opt, "selector-field-ranges");
		if (ok && !ranges) {
			ctf2_error(c, opt->offset,
			           _("missing required property `selector-field-ranges`"));
			ok = false;
		}
		if (ok) {
			Ctf2Info *info = ctf2_info_new(c, &vo->ranges);

			info->off = ranges->offset;
			ok = ctf2_parse_range_set(c, ranges, "`selector-field-ranges`", -1,
			                          &vo->ranges, &info->neg, &info->big);
		}
		if (ok)
			vo->fc = build_child(c, opt, "field-class", NULL);
		ctf2_path_pop(c, mark);
		if (!ok || !vo->fc)
			return false;
	}
	return true;
}

static bool build_compound(Ctf2Ctx *c, const LttvJsonValue *o, Kind k, CtfFieldClass *fc)
{
	const LttvJsonValue *ranges;

	switch (k) {
	case K_STRUCT: return build_struct(c, o, fc);
	case K_SLARRAY:
	case K_DLARRAY:
		if (!ctf2_get_align(c, o, "minimum-alignment", &fc->arr.min_align))
			return false;
		if (k == K_SLARRAY && !ctf2_get_u64(c, o, "length", true, &fc->arr.length, NULL))
			return false;
		if (k == K_DLARRAY) {
			fc->arr.length_loc = ctf2_parse_location(c, o, "length-field-location", fc);
			if (!fc->arr.length_loc)
				return false;
		}
		fc->arr.elem = build_child(c, o, "element-field-class", "`element-field-class`");
		return fc->arr.elem != NULL;
	case K_OPTIONAL:
		fc->opt.sel_loc = ctf2_parse_location(c, o, "selector-field-location", fc);
		if (!fc->opt.sel_loc)
			return false;
		ranges = lttv_json_object_get(o, "selector-field-ranges");
		if (ranges) {
			Ctf2Info *info =
			        ctf2_info_new(c, fc->opt.sel_ranges = g_new0(CtfRangeSet, 1));

			ctf_range_set_init(fc->opt.sel_ranges, false);
			info->off = ranges->offset;
			if (!ctf2_parse_range_set(c, ranges, "`selector-field-ranges`", -1,
			                          fc->opt.sel_ranges, &info->neg, &info->big))
				return false;
		}
		fc->opt.fc = build_child(c, o, "field-class", "`field-class`");
		return fc->opt.fc != NULL;
	default: return build_variant(c, o, fc);
	}
}

static const CtfFcKind ir_kinds[] = {
        [K_BITARRAY] = CTF_FC_INT,      [K_BITMAP] = CTF_FC_INT,
        [K_BOOL] = CTF_FC_INT,          [K_UINT] = CTF_FC_INT,
        [K_SINT] = CTF_FC_INT,          [K_FLOAT] = CTF_FC_FLOAT,
        [K_VLUINT] = CTF_FC_VLINT,      [K_VLSINT] = CTF_FC_VLINT,
        [K_NTSTR] = CTF_FC_STRING,      [K_SLSTR] = CTF_FC_SL_STRING,
        [K_DLSTR] = CTF_FC_DL_STRING,   [K_SLBLOB] = CTF_FC_SL_BLOB,
        [K_DLBLOB] = CTF_FC_DL_BLOB,    [K_STRUCT] = CTF_FC_STRUCT,
        [K_SLARRAY] = CTF_FC_SL_ARRAY,  [K_DLARRAY] = CTF_FC_DL_ARRAY,
        [K_OPTIONAL] = CTF_FC_OPTIONAL, [K_VARIANT] = CTF_FC_VARIANT,
};

static CtfFieldClass *build_object(Ctf2Ctx *c, const LttvJsonValue *o)
{
	const LttvJsonValue *type = lttv_json_object_get(o, "type");
	CtfFieldClass *fc;
	size_t k;
	bool ok;

	if (!type) {
		ctf2_error(c, o->offset, _("missing required property `type`"));
		return NULL;
	}
	for (k = 0; type->type == LTTV_JSON_STRING && k < G_N_ELEMENTS(kinds); k++)
		if (strcmp(type->str.s, kinds[k].type) == 0)
			break;
	if (type->type != LTTV_JSON_STRING || k == G_N_ELEMENTS(kinds)) {
		ctf2_error(c, type->offset, _("`type`: unknown field class type %s%s%s"),
		           type->type == LTTV_JSON_STRING ? "`" : "",
		           type->type == LTTV_JSON_STRING ? type->str.s : ctf2_json_desc(type),
		           type->type == LTTV_JSON_STRING ? "`" : "");
		return NULL;
	}
	if (!ctf2_check_props(c, o, kinds[k].props))
		return NULL;
	fc = ctf_fc_new(ir_kinds[k]);
	ctf2_info_new(c, fc)->off = o->offset;
	switch ((Kind)k) {
	case K_BITARRAY:
	case K_BITMAP:
	case K_BOOL:
	case K_FLOAT: ok = build_fixed(c, o, (Kind)k, fc); break;
	case K_UINT:
	case K_SINT:
		ok = build_fixed(c, o, (Kind)k, fc) &&
		     build_int_extra(c, o, k == K_SINT, fc, &fc->i.base, &fc->i.roles,
		                     &fc->i.mappings);
		break;
	case K_VLUINT:
	case K_VLSINT:
		fc->vl.is_signed = k == K_VLSINT;
		ok = build_int_extra(c, o, fc->vl.is_signed, fc, &fc->vl.base, &fc->vl.roles,
		                     &fc->vl.mappings);
		break;
	case K_NTSTR:
	case K_SLSTR:
	case K_DLSTR:
	case K_SLBLOB:
	case K_DLBLOB: ok = build_string(c, o, (Kind)k, fc); break;
	default: ok = build_compound(c, o, (Kind)k, fc); break;
	}
	if (!ok) {
		ctf_fc_free(fc);
		return NULL;
	}
	return fc;
}

CtfFieldClass *ctf2_build_fc(Ctf2Ctx *c, const LttvJsonValue *v)
{
	CtfFieldClass *fc = NULL;

	if (c->depth >= MAX_FC_DEPTH) {
		ctf2_error(c, v->offset,
		           _("field classes nested more than %d levels deep "
		             "(aliases included)"),
		           MAX_FC_DEPTH);
		return NULL;
	}
	if (++c->nodes > c->max_nodes) {
		ctf2_error(c, v->offset,
		           _("too many field classes once aliases are expanded "
		             "(more than %" PRIu64 ")"),
		           c->max_nodes);
		return NULL;
	}
	c->depth++;
	if (v->type == LTTV_JSON_STRING) {
		gpointer name = NULL, alias = NULL;

		if (ctf2_check_name(c, v, "field-class"))
			g_hash_table_lookup_extended(c->aliases, v->str.s, &name, &alias);
		if (alias) {
			size_t mark = ctf2_path_push(c, _("alias `%s`"), v->str.s);
			const char *outer = c->alias;

			c->alias = name;
			fc = ctf2_build_fc(c, alias);
			c->alias = outer;
			ctf2_path_pop(c, mark);
		} else if (strlen(v->str.s) == v->str.len) {
			ctf2_error(c, v->offset,
			           _("unknown field class alias `%s` (an alias must "
			             "be defined before it is used)"),
			           v->str.s);
		}
	} else if (v->type == LTTV_JSON_OBJECT) {
		fc = build_object(c, v);
	} else {
		ctf2_error(c, v->offset,
		           _("expecting a field class object or an alias name, not %s"),
		           ctf2_json_desc(v));
	}
	c->depth--;
	return fc;
}

bool ctf2_build_scope(Ctf2Ctx *c, const LttvJsonValue *frag, const char *prop, CtfScope scope,
                      CtfFieldClass **out)
{
	const LttvJsonValue *v = lttv_json_object_get(frag, prop);
	CtfFieldClass *fc;
	size_t mark;
	bool ok;

	*out = NULL;
	if (!v)
		return true;
	mark = ctf2_path_push(c, "`%s`", prop);
	c->scope = (int)scope;
	g_ptr_array_set_size(c->names, 0);
	g_hash_table_remove_all(c->info);
	fc = ctf2_build_fc(c, v);
	ok = fc != NULL;
	if (ok && fc->kind != CTF_FC_STRUCT) {
		ctf2_error(c, v->offset, _("expecting a structure field class, not %s"),
		           ctf2_fc_desc(fc));
		ok = false;
	}
	if (ok)
		ok = ctf2_check_scope(c, scope, fc);
	g_hash_table_remove_all(c->info);
	ctf2_path_pop(c, mark);
	if (!ok) {
		ctf_fc_free(fc);
		return false;
	}
	c->roots[scope] = fc;
	*out = fc;
	return true;
}
