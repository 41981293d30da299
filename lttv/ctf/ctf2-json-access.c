/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CTF 2 metadata: errors that name the JSON path and offset they are
 * about, and the typed reads of a fragment's properties, shared by the
 * fragment parsers (ctf2-metadata.c, ctf2-fc.c, ctf2-check.c).
 */
#include "ctf/ctf2-internal.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

/* ------------------------------------------------------------ messages */

void ctf2_error(Ctf2Ctx *c, size_t offset, const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (c->frag_no == 0)
		ctf_meta_error(c->error, c->src, offset, FALSE, "%s", msg);
	else
		ctf_meta_error(c->error, c->src, offset, FALSE, _("fragment #%u (%s): %s%s"),
		               c->frag_no, c->frag_type, c->path->str, msg);
}

size_t ctf2_path_push(Ctf2Ctx *c, const char *fmt, ...)
{
	size_t mark = c->path->len;
	va_list ap;

	va_start(ap, fmt);
	g_string_append_vprintf(c->path, fmt, ap);
	va_end(ap);
	g_string_append(c->path, ": ");
	return mark;
}

void ctf2_path_pop(Ctf2Ctx *c, size_t mark)
{
	g_string_truncate(c->path, mark);
}

const char *ctf2_json_desc(const LttvJsonValue *v)
{
	switch (v->type) {
	case LTTV_JSON_NULL: return _("null");
	case LTTV_JSON_BOOL: return _("a boolean");
	case LTTV_JSON_UINT: return _("an unsigned integer");
	case LTTV_JSON_SINT: return _("a negative integer");
	case LTTV_JSON_REAL:
		return v->real.big_int ? _("an integer out of the 64-bit range")
		                       : _("a number with a fraction or an exponent");
	case LTTV_JSON_STRING: return _("a string");
	case LTTV_JSON_ARRAY: return _("an array");
	case LTTV_JSON_OBJECT: return _("an object");
	}
	return "?";
}

/* ------------------------------------------------------------ properties */

bool ctf2_check_props(Ctf2Ctx *c, const LttvJsonValue *obj, const char *const *allowed)
{
	for (size_t i = 0; i < obj->obj.len; i++) {
		const LttvJsonMember *m = &obj->obj.members[i];
		bool ok = false;

		for (const char *const *a = allowed; *a; a++) {
			if (strlen(*a) == m->key_len && strcmp(*a, m->key) == 0) {
				ok = true;
				break;
			}
		}
		if (!ok) {
			g_autofree char *list = g_strjoinv(", ", (char **)allowed);

			ctf2_error(c, m->key_offset, _("unknown property `%s` (expecting: %s)"),
			           m->key, list);
			return false;
		}
		if (strcmp(m->key, "attributes") == 0 && m->value->type != LTTV_JSON_OBJECT) {
			ctf2_error(c, m->value->offset,
			           _("`attributes`: expecting an object, not %s"),
			           ctf2_json_desc(m->value));
			return false;
		}
		if (strcmp(m->key, "extensions") == 0) {
			if (m->value->type != LTTV_JSON_OBJECT) {
				ctf2_error(c, m->value->offset,
				           _("`extensions`: expecting an object, not %s"),
				           ctf2_json_desc(m->value));
				return false;
			}
			if (m->value->obj.len > 0) {
				ctf2_error(c, m->value->obj.members[0].key_offset,
				           _("`extensions`: unsupported extension `%s` (no CTF 2 "
				             "extension is supported)"),
				           m->value->obj.members[0].key);
				return false;
			}
		}
	}
	return true;
}

const LttvJsonValue *ctf2_get_prop(Ctf2Ctx *c, const LttvJsonValue *obj, const char *key,
                                   bool required)
{
	const LttvJsonValue *v = lttv_json_object_get(obj, key);

	if (!v && required)
		ctf2_error(c, obj->offset, _("missing required property `%s`"), key);
	return v;
}

bool ctf2_check_name(Ctf2Ctx *c, const LttvJsonValue *v, const char *what)
{
	if (v->type != LTTV_JSON_STRING) {
		ctf2_error(c, v->offset, _("`%s`: expecting a string, not %s"), what,
		           ctf2_json_desc(v));
		return false;
	}
	if (strlen(v->str.s) != v->str.len) {
		ctf2_error(c, v->offset, _("`%s`: the string contains a null character"), what);
		return false;
	}
	return true;
}

bool ctf2_get_str(Ctf2Ctx *c, const LttvJsonValue *obj, const char *key, bool required,
                  const char **out)
{
	const LttvJsonValue *v = ctf2_get_prop(c, obj, key, required);

	if (!v)
		return !required;
	if (!ctf2_check_name(c, v, key))
		return false;
	*out = v->str.s;
	return true;
}

bool ctf2_get_u64(Ctf2Ctx *c, const LttvJsonValue *obj, const char *key, bool required,
                  uint64_t *out, bool *present)
{
	const LttvJsonValue *v = ctf2_get_prop(c, obj, key, required);

	if (present)
		*present = v != NULL;
	if (!v)
		return !required;
	if (!lttv_json_get_u64(v, out)) {
		ctf2_error(c, v->offset, _("`%s`: expecting an unsigned integer, not %s"), key,
		           ctf2_json_desc(v));
		return false;
	}
	return true;
}

bool ctf2_get_i64(Ctf2Ctx *c, const LttvJsonValue *obj, const char *key, bool required,
                  int64_t *out, bool *present)
{
	const LttvJsonValue *v = ctf2_get_prop(c, obj, key, required);

	if (present)
		*present = v != NULL;
	if (!v)
		return !required;
	if (!lttv_json_get_i64(v, out)) {
		ctf2_error(c, v->offset, _("`%s`: expecting a signed 64-bit integer, not %s"), key,
		           ctf2_json_desc(v));
		return false;
	}
	return true;
}

/* Validates the optional identity strings of a fragment. */
