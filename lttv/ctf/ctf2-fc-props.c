/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CTF 2 field classes (ctf-2.md §3): the properties that several kinds
 * share (alignment, enumerated strings, integer range sets and mappings,
 * roles, field locations), for ctf2-fc.c.
 */
#include "ctf/ctf2-internal.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

bool ctf2_get_align(Ctf2Ctx *c, const LttvJsonValue *o, const char *key, uint32_t *out)
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

bool ctf2_get_enum(Ctf2Ctx *c, const LttvJsonValue *o, const char *key, const char *const *names,
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
bool ctf2_parse_range_set(Ctf2Ctx *c, const LttvJsonValue *v, const char *what, int sign,
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
bool ctf2_parse_mappings(Ctf2Ctx *c, const LttvJsonValue *o, const char *key, bool is_signed,
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
		if (!ctf2_parse_range_set(c, m->value, what, is_signed, &map->set, &neg, &big))
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
bool ctf2_parse_roles(Ctf2Ctx *c, const LttvJsonValue *o, CtfFieldClass *fc, bool blob,
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
CtfFieldLocation *ctf2_parse_location(Ctf2Ctx *c, const LttvJsonValue *o, const char *key,
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
	if (!ctf2_check_props(c, v, props) || !ctf2_get_enum(c, v, "origin", scopes, &scope))
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
