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

/* ------------------------------------------------------------ helpers */

static bool get_align(Ctf2Ctx *c, const LttvJsonValue *o, const char *key, uint32_t *out)
{
	uint64_t a = 1;
	bool present;

	if (!ctf2_get_u64(c, o, key, false, &a, &present))
		return false;
	if (present && (a == 0 || (a & (a - 1)) != 0 || a > (1u << 31))) {
		ctf2_error(c, lttv_json_object_get(o, key)->offset,
		           _("`%s`: %" PRIu64 " is not a power of two"), key, a);
		return false;
	}
	*out = (uint32_t)a;
	return true;
}

static bool get_enum(Ctf2Ctx *c, const LttvJsonValue *o, const char *key, const char *const *names,
                     int *out)
{
	const LttvJsonValue *v = lttv_json_object_get(o, key);

	if (!v)
		return true;
	if (v->type == LTTV_JSON_STRING) {
		for (int i = 0; names[i]; i++) {
			if (strcmp(v->str.s, names[i]) == 0) {
				*out = i;
				return true;
			}
		}
	}
	{
		g_autofree char *list = g_strjoinv("\", \"", (char **)names);

		ctf2_error(c, v->offset, _("`%s`: expecting one of \"%s\""), key, list);
	}
	return false;
}

/* One value of a range: `sign` 0 unsigned, 1 signed, -1 not known yet. */
static bool range_value(Ctf2Ctx *c, const LttvJsonValue *v, int sign, uint64_t *out, bool *neg,
                        bool *big)
{
	if (v->type == LTTV_JSON_UINT && (sign != 1 || v->u64 <= (uint64_t)INT64_MAX)) {
		*out = v->u64;
		*big |= v->u64 > (uint64_t)INT64_MAX;
		return true;
	}
	if (v->type == LTTV_JSON_SINT && sign != 0) {
		*out = (uint64_t)v->i64;
		*neg = true;
		return true;
	}
	if (sign == 0)
		ctf2_error(c, v->offset, _("expecting an unsigned integer range value, not %s"),
		           ctf2_json_desc(v));
	else if (lttv_json_is_integer(v) && sign == 1)
		ctf2_error(c, v->offset, _("range value greater than 2^63-1 for a signed integer"));
	else
		ctf2_error(c, v->offset, _("expecting an integer range value, not %s"),
		           ctf2_json_desc(v));
	return false;
}

/* An integer range set (ctf-2.md §1.4) into `set` (initialized by the
 * caller).  `sign`: 0 unsigned, 1 signed, -1 not known yet (then *neg and
 * *big say which interpretations remain). */
static bool parse_range_set(Ctf2Ctx *c, const LttvJsonValue *v, const char *what, int sign,
                            CtfRangeSet *set, bool *neg, bool *big)
{
	size_t mark = ctf2_path_push(c, "%s", what);
	bool ok = false;

	*neg = *big = false;
	if (v->type != LTTV_JSON_ARRAY || v->arr.len == 0) {
		ctf2_error(c, v->offset, _("expecting a non-empty array of integer ranges, not %s"),
		           v->type == LTTV_JSON_ARRAY ? _("an empty array") : ctf2_json_desc(v));
		goto out;
	}
	for (size_t i = 0; i < v->arr.len; i++) {
		const LttvJsonValue *r = v->arr.items[i];
		uint64_t lo, hi;
		bool is_lt;

		if (r->type != LTTV_JSON_ARRAY) {
			ctf2_error(c, r->offset,
			           _("expecting an integer range [lower, upper], not %s"),
			           ctf2_json_desc(r));
			goto out;
		}
		if (r->arr.len != 2) {
			ctf2_error(c, r->offset,
			           _("expecting an integer range [lower, upper], not an "
			             "array of %zu items"),
			           r->arr.len);
			goto out;
		}
		if (!range_value(c, r->arr.items[0], sign, &lo, neg, big) ||
		    !range_value(c, r->arr.items[1], sign, &hi, neg, big))
			goto out;
		if (*neg && *big) {
			ctf2_error(c, r->offset,
			           _("the ranges mix negative values and values greater "
			             "than 2^63-1"));
			goto out;
		}
		is_lt = (*neg || sign == 1) ? (int64_t)hi < (int64_t)lo : hi < lo;
		if (is_lt) {
			ctf2_error(c, r->offset,
			           _("range lower value greater than its upper value"));
			goto out;
		}
		ctf_range_set_add(set, lo, hi);
	}
	ok = true;
out:
	ctf2_path_pop(c, mark);
	return ok;
}

static void mapping_free(gpointer p)
{
	CtfMapping *m = p;

	g_free(m->name);
	ctf_range_set_clear(&m->set);
	g_free(m);
}

/* `mappings` (integers) or `flags` (bit maps: bit indexes < `len`). */
static bool parse_mappings(Ctf2Ctx *c, const LttvJsonValue *o, const char *key, bool is_signed,
                           uint32_t len, GPtrArray **out)
{
	const LttvJsonValue *v = lttv_json_object_get(o, key);
	bool flags = strcmp(key, "flags") == 0;
	bool neg, big;

	if (!v) {
		if (flags)
			ctf2_error(c, o->offset, _("missing required property `flags`"));
		return !flags;
	}
	if (v->type != LTTV_JSON_OBJECT || (flags && v->obj.len == 0)) {
		ctf2_error(c, v->offset, _("`%s`: expecting an object%s, not %s"), key,
		           flags ? _(" with at least one flag") : "",
		           v->type == LTTV_JSON_OBJECT ? _("an empty object") : ctf2_json_desc(v));
		return false;
	}
	*out = g_ptr_array_new_with_free_func(mapping_free);
	for (size_t i = 0; i < v->obj.len; i++) {
		const LttvJsonMember *m = &v->obj.members[i];
		CtfMapping *map = ctf_mapping_new(m->key, is_signed);
		g_autofree char *what = g_strdup_printf("`%s` `%s`", key, m->key);

		g_ptr_array_add(*out, map);
		if (strlen(m->key) != m->key_len) {
			ctf2_error(c, m->key_offset, _("`%s`: name contains a null character"),
			           key);
			return false;
		}
		if (!parse_range_set(c, m->value, what, is_signed, &map->set, &neg, &big))
			return false;
		for (guint r = 0; flags && r < map->set.ranges->len; r++) {
			if (g_array_index(map->set.ranges, CtfRange, r).upper >= len) {
				ctf2_error(c, m->value->offset,
				           _("`flags`: flag `%s`: bit index %" PRIu64
				             " is not less than the length (%u bits)"),
				           m->key,
				           g_array_index(map->set.ranges, CtfRange, r).upper, len);
				return false;
			}
		}
	}
	return true;
}

static const struct {
	const char *name;
	uint32_t role;
} role_names[] = {
        {"packet-magic-number", CTF_ROLE_MAGIC},
        {"metadata-stream-uuid", CTF_ROLE_UUID},
        {"data-stream-class-id", CTF_ROLE_DSC_ID},
        {"data-stream-id", CTF_ROLE_DS_ID},
        {"packet-total-length", CTF_ROLE_PKT_TOTAL_LEN},
        {"packet-content-length", CTF_ROLE_PKT_CONTENT_LEN},
        {"default-clock-timestamp", CTF_ROLE_CLOCK_TS},
        {"packet-end-default-clock-timestamp", CTF_ROLE_PKT_END_TS},
        {"discarded-event-record-counter-snapshot", CTF_ROLE_DISC_SNAPSHOT},
        {"packet-sequence-number", CTF_ROLE_PKT_SEQ_NUM},
        {"event-record-class-id", CTF_ROLE_ERC_ID},
};

/* `roles` of an unsigned integer (blob_ok: of a static-length BLOB). */
static bool parse_roles(Ctf2Ctx *c, const LttvJsonValue *o, CtfFieldClass *fc, bool blob,
                        uint32_t *out)
{
	const LttvJsonValue *v = lttv_json_object_get(o, "roles");

	*out = 0;
	if (!v)
		return true;
	if (v->type != LTTV_JSON_ARRAY) {
		ctf2_error(c, v->offset, _("`roles`: expecting an array of role names, not %s"),
		           ctf2_json_desc(v));
		return false;
	}
	for (size_t i = 0; i < v->arr.len; i++) {
		const LttvJsonValue *r = v->arr.items[i];
		size_t k;

		for (k = 0; r->type == LTTV_JSON_STRING && k < G_N_ELEMENTS(role_names); k++)
			if (strcmp(r->str.s, role_names[k].name) == 0)
				break;
		if (r->type != LTTV_JSON_STRING || k == G_N_ELEMENTS(role_names)) {
			ctf2_error(c, r->offset, _("`roles`: unknown role %s%s%s"),
			           r->type == LTTV_JSON_STRING ? "`" : "",
			           r->type == LTTV_JSON_STRING ? r->str.s : ctf2_json_desc(r),
			           r->type == LTTV_JSON_STRING ? "`" : "");
			return false;
		}
		if (blob != (role_names[k].role == CTF_ROLE_UUID)) {
			ctf2_error(
			        c, r->offset,
			        blob ? _("`roles`: a static-length BLOB may only have the "
			                 "`metadata-stream-uuid` role, not `%s`")
			             : _("`roles`: the `%s` role is for a static-length BLOB, not "
			                 "an integer"),
			        role_names[k].name);
			return false;
		}
		*out |= role_names[k].role;
	}
	if (*out)
		ctf2_info(c, fc)->roles_off = v->offset;
	return true;
}

/* A field location (ctf-2.md §5.1), made absolute. */
static CtfFieldLocation *parse_location(Ctf2Ctx *c, const LttvJsonValue *o, const char *key,
                                        CtfFieldClass *fc)
{
	static const char *const props[] = {"origin", "path", NULL};
	static const char *const scopes[] = {"packet-header",
	                                     "packet-context",
	                                     "event-record-header",
	                                     "event-record-common-context",
	                                     "event-record-specific-context",
	                                     "event-record-payload",
	                                     NULL};
	const LttvJsonValue *v = lttv_json_object_get(o, key), *path;
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	CtfFieldLocation *loc = NULL;
	int scope = -1;
	size_t mark;

	if (!v) {
		ctf2_error(c, o->offset, _("missing required property `%s`"), key);
		return NULL;
	}
	mark = ctf2_path_push(c, "`%s`", key);
	if (v->type != LTTV_JSON_OBJECT) {
		ctf2_error(c, v->offset, _("expecting a field location object, not %s"),
		           ctf2_json_desc(v));
		goto out;
	}
	if (!ctf2_check_props(c, v, props) || !get_enum(c, v, "origin", scopes, &scope))
		goto out;
	path = lttv_json_object_get(v, "path");
	if (!path || path->type != LTTV_JSON_ARRAY || path->arr.len == 0) {
		ctf2_error(c, path ? path->offset : v->offset,
		           _("`path`: expecting a non-empty array of member names and nulls"));
		goto out;
	}
	if (scope < 0 && c->scope != CTF2_NO_SCOPE) {
		/* Relative: from the structure containing the current member. */
		if (c->names->len == 0) {
			ctf2_error(c, v->offset,
			           _("relative field location outside of any "
			             "structure member"));
			goto out;
		}
		for (guint i = 0; i + 1 < c->names->len; i++)
			g_ptr_array_add(names, c->names->pdata[i]);
	}
	for (size_t i = 0; i < path->arr.len; i++) {
		const LttvJsonValue *e = path->arr.items[i];

		if (e->type == LTTV_JSON_NULL && i + 1 < path->arr.len) {
			if (c->scope == CTF2_NO_SCOPE && scope < 0)
				continue; /* alias definition: checked where it is used */
			if (names->len == 0) {
				ctf2_error(c, e->offset,
				           _("`path`: too many parent path items (null): "
				             "the location leaves the scope's root "
				             "structure"));
				goto out;
			}
			g_ptr_array_remove_index(names, names->len - 1);
		} else if (e->type == LTTV_JSON_STRING && strlen(e->str.s) == e->str.len) {
			g_ptr_array_add(names, e->str.s);
		} else {
			ctf2_error(c, e->offset, _("`path`: expecting a member name%s, not %s"),
			           i + 1 < path->arr.len ? _(" or null") : _(" (the last item)"),
			           ctf2_json_desc(e));
			goto out;
		}
	}
	loc = ctf_location_new(scope >= 0                  ? (CtfScope)scope
	                       : c->scope == CTF2_NO_SCOPE ? CTF_SCOPE_PKT_HEADER
	                                                   : (CtfScope)c->scope);
	for (guint i = 0; i < names->len; i++)
		g_ptr_array_add(loc->path, g_strdup(names->pdata[i]));
	ctf2_info(c, fc)->loc_off = v->offset;
out:
	ctf2_path_pop(c, mark);
	return loc;
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
	if (!get_enum(c, o, "byte-order", bos, &bo) || !get_enum(c, o, "bit-order", bits, &bit) ||
	    !get_align(c, o, "alignment", &fc->alignment))
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
		return parse_mappings(c, o, "flags", false, fc->i.len, &fc->i.mappings);
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
	return parse_roles(c, o, fc, false, roles) &&
	       parse_mappings(c, o, "mappings", is_signed, 64, mappings);
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
		fc->s.length_loc = parse_location(c, o, "length-field-location", fc);
		if (!fc->s.length_loc)
			return false;
	}
	if (k == K_SLBLOB || k == K_DLBLOB) {
		if (!ctf2_get_str(c, o, "media-type", false, &media))
			return false;
		fc->s.media_type = g_strdup(media ? media : "application/octet-stream");
	} else {
		if (!get_enum(c, o, "encoding", encs, &enc))
			return false;
		fc->s.encoding = (CtfEncoding)enc;
	}
	if (k == K_SLBLOB) {
		if (!parse_roles(c, o, fc, true, &fc->s.roles))
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

	if (!get_align(c, o, "minimum-alignment", &fc->st.min_align))
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

	fc->var.sel_loc = parse_location(c, o, "selector-field-location", fc);
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
			ok = parse_range_set(c, ranges, "`selector-field-ranges`", -1, &vo->ranges,
			                     &info->neg, &info->big);
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
		if (!get_align(c, o, "minimum-alignment", &fc->arr.min_align))
			return false;
		if (k == K_SLARRAY && !ctf2_get_u64(c, o, "length", true, &fc->arr.length, NULL))
			return false;
		if (k == K_DLARRAY) {
			fc->arr.length_loc = parse_location(c, o, "length-field-location", fc);
			if (!fc->arr.length_loc)
				return false;
		}
		fc->arr.elem = build_child(c, o, "element-field-class", "`element-field-class`");
		return fc->arr.elem != NULL;
	case K_OPTIONAL:
		fc->opt.sel_loc = parse_location(c, o, "selector-field-location", fc);
		if (!fc->opt.sel_loc)
			return false;
		ranges = lttv_json_object_get(o, "selector-field-ranges");
		if (ranges) {
			Ctf2Info *info =
			        ctf2_info_new(c, fc->opt.sel_ranges = g_new0(CtfRangeSet, 1));

			ctf_range_set_init(fc->opt.sel_ranges, false);
			info->off = ranges->offset;
			if (!parse_range_set(c, ranges, "`selector-field-ranges`", -1,
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
