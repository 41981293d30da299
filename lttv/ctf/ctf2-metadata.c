/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CTF 2 metadata: JSON text sequence (RFC 7464) of fragments -> trace
 * class.  This file splits the stream, checks the fragment order and builds
 * the preamble, trace class, clock classes, data stream classes and event
 * record classes; ctf2-fc.c builds field classes and ctf2-check.c checks
 * roles and field locations (ctf-2.md §1-§5).
 */
#include "ctf/ctf2-internal.h"

#include "lttv/error.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#define RS 0x1e

static bool check_identity(Ctf2Ctx *c, const LttvJsonValue *frag, const char **name,
                           const char **uid)
{
	const char *ns = NULL, *n = NULL, *u = NULL;

	if (!ctf2_get_str(c, frag, "namespace", false, &ns) ||
	    !ctf2_get_str(c, frag, "name", false, &n) || !ctf2_get_str(c, frag, "uid", false, &u))
		return false;
	if (name)
		*name = n;
	if (uid)
		*uid = u;
	return true;
}

/* ------------------------------------------------------------ fragments */

static bool parse_preamble(Ctf2Ctx *c, const LttvJsonValue *frag)
{
	static const char *const props[] = {"type",       "version",    "uuid",
	                                    "attributes", "extensions", NULL};
	const LttvJsonValue *uuid;
	uint64_t version;

	if (c->frag_no != 1) {
		ctf2_error(c, frag->offset,
		           _("a second preamble fragment (there must be exactly one, "
		             "the first fragment)"));
		return false;
	}
	if (!ctf2_check_props(c, frag, props) ||
	    !ctf2_get_u64(c, frag, "version", true, &version, NULL))
		return false;
	if (version != 2) {
		ctf2_error(c, lttv_json_object_get(frag, "version")->offset,
		           _("`version`: unsupported CTF version %" PRIu64 " (expecting 2)"),
		           version);
		return false;
	}
	uuid = lttv_json_object_get(frag, "uuid");
	if (!uuid)
		return true;
	if (uuid->type != LTTV_JSON_ARRAY || uuid->arr.len != 16) {
		ctf2_error(c, uuid->offset,
		           _("`uuid`: expecting an array of 16 integers (0 to 255)"));
		return false;
	}
	for (size_t i = 0; i < 16; i++) {
		const LttvJsonValue *b = uuid->arr.items[i];

		if (b->type != LTTV_JSON_UINT || b->u64 > 255) {
			ctf2_error(c, b->offset,
			           _("`uuid`: expecting an integer from 0 to 255, not %s"),
			           ctf2_json_desc(b));
			return false;
		}
		c->tc->uuid[i] = (uint8_t)b->u64;
	}
	c->tc->has_uuid = true;
	return true;
}

static bool parse_alias(Ctf2Ctx *c, const LttvJsonValue *frag, bool *keep)
{
	static const char *const props[] = {"type",       "name",       "field-class",
	                                    "attributes", "extensions", NULL};
	const LttvJsonValue *name, *fcv;
	CtfFieldClass *fc;
	size_t mark;

	if (!ctf2_check_props(c, frag, props))
		return false;
	name = ctf2_get_prop(c, frag, "name", true);
	if (!name || !ctf2_check_name(c, name, "name"))
		return false;
	fcv = ctf2_get_prop(c, frag, "field-class", true);
	if (!fcv)
		return false;
	if (g_hash_table_contains(c->aliases, name->str.s)) {
		ctf2_error(c, name->offset, _("`name`: field class alias `%s` is already defined"),
		           name->str.s);
		return false;
	}
	/* Check it now; it is built again, in place, at each use. */
	mark = ctf2_path_push(c, "`field-class`");
	c->scope = CTF2_NO_SCOPE;
	fc = ctf2_build_fc(c, fcv);
	ctf2_path_pop(c, mark);
	if (!fc)
		return false;
	ctf_fc_free(fc);
	g_hash_table_remove_all(c->info);
	g_hash_table_insert(c->aliases, name->str.s, (gpointer)fcv);
	*keep = true;
	return true;
}

static bool parse_environment(Ctf2Ctx *c, const LttvJsonValue *env)
{
	if (env->type != LTTV_JSON_OBJECT) {
		ctf2_error(c, env->offset, _("`environment`: expecting an object, not %s"),
		           ctf2_json_desc(env));
		return false;
	}
	for (size_t i = 0; i < env->obj.len; i++) {
		const LttvJsonMember *m = &env->obj.members[i];
		int64_t iv;

		if (strlen(m->key) != m->key_len) {
			ctf2_error(c, m->key_offset,
			           _("`environment`: key contains a null character"));
			return false;
		}
		if (lttv_json_get_i64(m->value, &iv)) {
			ctf_trace_class_env_set_int(c->tc, m->key, iv);
		} else if (m->value->type == LTTV_JSON_UINT) {
			/* Above INT64_MAX: kept exactly, as text. */
			g_autofree char *s = g_strdup_printf("%" PRIu64, m->value->u64);

			ctf_trace_class_env_set_str(c->tc, m->key, s);
		} else if (m->value->type == LTTV_JSON_STRING &&
		           strlen(m->value->str.s) == m->value->str.len) {
			ctf_trace_class_env_set_str(c->tc, m->key, m->value->str.s);
		} else {
			ctf2_error(c, m->value->offset,
			           _("`environment`: entry `%s`: expecting an integer or a string, "
			             "not %s"),
			           m->key, ctf2_json_desc(m->value));
			return false;
		}
	}
	return true;
}

static bool parse_trace_class(Ctf2Ctx *c, const LttvJsonValue *frag, bool *seen_tc, bool seen_dsc)
{
	static const char *const props[] = {
	        "type",       "namespace",   "name",
	        "uid",        "environment", "packet-header-field-class",
	        "attributes", "extensions",  NULL};
	const LttvJsonValue *env;
	const char *uid = NULL;

	if (*seen_tc) {
		ctf2_error(c, frag->offset,
		           _("duplicate trace-class fragment (at most one allowed)"));
		return false;
	}
	if (seen_dsc) {
		ctf2_error(c, frag->offset,
		           _("trace-class fragment after a data-stream-class "
		             "fragment (it must come before every "
		             "data-stream-class)"));
		return false;
	}
	*seen_tc = true;
	if (!ctf2_check_props(c, frag, props) || !check_identity(c, frag, NULL, &uid))
		return false;
	c->tc->tc_uid = g_strdup(uid);
	env = lttv_json_object_get(frag, "environment");
	if (env && !parse_environment(c, env))
		return false;
	memset(c->roots, 0, sizeof(c->roots));
	if (!ctf2_build_scope(c, frag, "packet-header-field-class", CTF_SCOPE_PKT_HEADER,
	                      &c->tc->pkt_header))
		return false;
	return true;
}

static bool parse_clock_origin(Ctf2Ctx *c, const LttvJsonValue *o, CtfClockClass *cc)
{
	static const char *const props[] = {"namespace", "name", "uid", NULL};
	const char *s = NULL;
	size_t mark;
	bool ok;

	if (o->type == LTTV_JSON_STRING) {
		if (strcmp(o->str.s, "unix-epoch") != 0 || strlen(o->str.s) != o->str.len) {
			ctf2_error(c, o->offset,
			           _("`origin`: unknown origin \"%s\" (expecting \"unix-epoch\" or "
			             "an object)"),
			           o->str.s);
			return false;
		}
		cc->has_origin = true;
		cc->origin_is_unix_epoch = true;
		return true;
	}
	if (o->type != LTTV_JSON_OBJECT) {
		ctf2_error(c, o->offset,
		           _("`origin`: expecting \"unix-epoch\" or an object, not %s"),
		           ctf2_json_desc(o));
		return false;
	}
	mark = ctf2_path_push(c, "`origin`");
	ok = ctf2_check_props(c, o, props) && ctf2_get_str(c, o, "namespace", false, &s) &&
	     ctf2_get_str(c, o, "name", true, &s) && ctf2_get_str(c, o, "uid", true, &s);
	ctf2_path_pop(c, mark);
	cc->has_origin = true;
	cc->origin_is_unix_epoch = false;
	return ok;
}

static bool parse_clock_offset(Ctf2Ctx *c, const LttvJsonValue *o, CtfClockClass *cc)
{
	static const char *const props[] = {"seconds", "cycles", NULL};
	size_t mark;
	bool ok;

	if (o->type != LTTV_JSON_OBJECT) {
		ctf2_error(c, o->offset, _("`offset-from-origin`: expecting an object, not %s"),
		           ctf2_json_desc(o));
		return false;
	}
	mark = ctf2_path_push(c, "`offset-from-origin`");
	ok = ctf2_check_props(c, o, props) &&
	     ctf2_get_i64(c, o, "seconds", false, &cc->offset_s, NULL) &&
	     ctf2_get_u64(c, o, "cycles", false, &cc->offset_cycles, NULL);
	if (ok && cc->offset_cycles >= cc->frequency) {
		ctf2_error(c, lttv_json_object_get(o, "cycles")->offset,
		           _("`cycles`: %" PRIu64 " is not less than the clock "
		             "frequency (%" PRIu64 ")"),
		           cc->offset_cycles, cc->frequency);
		ok = false;
	}
	ctf2_path_pop(c, mark);
	return ok;
}

static bool parse_clock_class(Ctf2Ctx *c, const LttvJsonValue *frag)
{
	static const char *const props[] = {
	        "type",        "id",         "namespace",          "name",      "uid",
	        "frequency",   "origin",     "offset-from-origin", "precision", "accuracy",
	        "description", "attributes", "extensions",         NULL};
	CtfClockClass *cc;
	const char *id = NULL, *name = NULL, *uid = NULL, *descr = NULL;
	const LttvJsonValue *v;
	uint64_t accuracy;

	if (!ctf2_check_props(c, frag, props) || !ctf2_get_str(c, frag, "id", true, &id) ||
	    !check_identity(c, frag, &name, &uid) ||
	    !ctf2_get_str(c, frag, "description", false, &descr))
		return false;
	if (ctf_trace_class_clock(c->tc, id)) {
		ctf2_error(c, lttv_json_object_get(frag, "id")->offset,
		           _("`id`: duplicate clock class id `%s`"), id);
		return false;
	}
	cc = ctf_clock_class_new();
	g_ptr_array_add(c->tc->clocks, cc); /* the trace class owns it from now on */
	cc->id = g_strdup(id);
	cc->name = g_strdup(name ? name : id);
	cc->uid = g_strdup(uid);
	cc->description = g_strdup(descr);
	cc->has_origin = false;
	cc->origin_is_unix_epoch = false;
	cc->absolute = false;
	if (!ctf2_get_u64(c, frag, "frequency", true, &cc->frequency, NULL))
		return false;
	if (cc->frequency == 0) {
		ctf2_error(
		        c, lttv_json_object_get(frag, "frequency")->offset,
		        _("`frequency`: expecting an integer greater than or equal to 1, not 0"));
		return false;
	}
	if (!ctf2_get_u64(c, frag, "precision", false, &cc->precision, &cc->has_precision) ||
	    !ctf2_get_u64(c, frag, "accuracy", false, &accuracy, NULL))
		return false;
	v = lttv_json_object_get(frag, "origin");
	if (v && !parse_clock_origin(c, v, cc))
		return false;
	v = lttv_json_object_get(frag, "offset-from-origin");
	if (v && !parse_clock_offset(c, v, cc))
		return false;
	return true;
}

static bool parse_dsc(Ctf2Ctx *c, const LttvJsonValue *frag, bool *seen_dsc)
{
	static const char *const props[] = {"type",
	                                    "id",
	                                    "namespace",
	                                    "name",
	                                    "uid",
	                                    "default-clock-class-id",
	                                    "packet-context-field-class",
	                                    "event-record-header-field-class",
	                                    "event-record-common-context-field-class",
	                                    "attributes",
	                                    "extensions",
	                                    NULL};
	uint64_t id = 0;
	const char *name = NULL, *clk = NULL;
	const LttvJsonValue *idv = lttv_json_object_get(frag, "id");
	CtfStreamClass *sc;

	*seen_dsc = true;
	if (!ctf2_check_props(c, frag, props) || !ctf2_get_u64(c, frag, "id", false, &id, NULL) ||
	    !check_identity(c, frag, &name, NULL) ||
	    !ctf2_get_str(c, frag, "default-clock-class-id", false, &clk))
		return false;
	if (ctf_trace_class_stream_class(c->tc, id)) {
		ctf2_error(c, idv ? idv->offset : frag->offset,
		           _("duplicate data stream class id %" PRIu64), id);
		return false;
	}
	if (c->tc->stream_classes->len > 0 &&
	    !ctf2_fc_has_role(c->tc->pkt_header, CTF_ROLE_DSC_ID)) {
		ctf2_error(c, frag->offset,
		           _("a second data stream class (id %" PRIu64 ") while the packet "
		             "header has no field with the `data-stream-class-id` role to select "
		             "it"),
		           id);
		return false;
	}
	sc = ctf_stream_class_new(id);
	g_ptr_array_add(c->tc->stream_classes, sc);
	sc->name = g_strdup(name);
	if (clk) {
		sc->clock = ctf_trace_class_clock(c->tc, clk);
		if (!sc->clock) {
			ctf2_error(
			        c, lttv_json_object_get(frag, "default-clock-class-id")->offset,
			        _("`default-clock-class-id`: no clock class with id `%s` (a "
			          "clock-class fragment must come before the data stream classes "
			          "using it)"),
			        clk);
			return false;
		}
	}
	c->dsc_has_clock = sc->clock != NULL;
	memset(c->roots, 0, sizeof(c->roots));
	c->roots[CTF_SCOPE_PKT_HEADER] = c->tc->pkt_header;
	return ctf2_build_scope(c, frag, "packet-context-field-class", CTF_SCOPE_PKT_CTX,
	                        &sc->pkt_ctx) &&
	       ctf2_build_scope(c, frag, "event-record-header-field-class", CTF_SCOPE_EV_HEADER,
	                        &sc->ev_header) &&
	       ctf2_build_scope(c, frag, "event-record-common-context-field-class",
	                        CTF_SCOPE_EV_COMMON_CTX, &sc->ev_common_ctx);
}

/* ctf-2.md §2.6: LTTng log level names, numeric levels 0 to 14. */
static int loglevel_from_name(const char *s)
{
	static const char *const names[] = {
	        "emergency",    "alert",      "critical",       "error",         "warning",
	        "notice",       "info",       "debug:system",   "debug:program", "debug:process",
	        "debug:module", "debug:unit", "debug:function", "debug:line",    "debug",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

/* log-level and emf-uri: "babeltrace.org,2020" first, then
 * "lttng.org,2009".  Attributes are free-form: other values are ignored. */
static void parse_erc_attributes(const LttvJsonValue *attrs, CtfEventClass *ec)
{
	static const char *const namespaces[] = {"babeltrace.org,2020", "lttng.org,2009"};

	for (size_t i = 0; i < G_N_ELEMENTS(namespaces); i++) {
		const LttvJsonValue *ns = lttv_json_object_get(attrs, namespaces[i]);
		const LttvJsonValue *ll = lttv_json_object_get(ns, "log-level");
		const LttvJsonValue *uri = lttv_json_object_get(ns, "emf-uri");

		if (ec->loglevel < 0 && ll && ll->type == LTTV_JSON_STRING)
			ec->loglevel = loglevel_from_name(ll->str.s);
		if (!ec->emf_uri && uri && uri->type == LTTV_JSON_STRING &&
		    strlen(uri->str.s) == uri->str.len)
			ec->emf_uri = g_strdup(uri->str.s);
	}
}

static bool parse_erc(Ctf2Ctx *c, const LttvJsonValue *frag)
{
	static const char *const props[] = {"type",
	                                    "id",
	                                    "data-stream-class-id",
	                                    "namespace",
	                                    "name",
	                                    "uid",
	                                    "specific-context-field-class",
	                                    "payload-field-class",
	                                    "attributes",
	                                    "extensions",
	                                    NULL};
	uint64_t id = 0, dsc_id = 0;
	const char *name = NULL;
	const LttvJsonValue *idv = lttv_json_object_get(frag, "id");
	const LttvJsonValue *attrs = lttv_json_object_get(frag, "attributes");
	CtfStreamClass *sc;
	CtfEventClass *ec;
	bool ok;

	if (!ctf2_check_props(c, frag, props) || !ctf2_get_u64(c, frag, "id", false, &id, NULL) ||
	    !ctf2_get_u64(c, frag, "data-stream-class-id", false, &dsc_id, NULL) ||
	    !check_identity(c, frag, &name, NULL))
		return false;
	sc = ctf_trace_class_stream_class(c->tc, dsc_id);
	if (!sc) {
		const LttvJsonValue *v = lttv_json_object_get(frag, "data-stream-class-id");

		ctf2_error(c, v ? v->offset : frag->offset,
		           _("no data stream class with id %" PRIu64 " (a "
		             "data-stream-class fragment must come before its event record "
		             "classes)"),
		           dsc_id);
		return false;
	}
	if (g_hash_table_contains(sc->ec_by_id, &id)) {
		ctf2_error(c, idv ? idv->offset : frag->offset,
		           _("duplicate event record class id %" PRIu64
		             " in data stream class %" PRIu64),
		           id, dsc_id);
		return false;
	}
	if (sc->event_classes->len > 0 && !ctf2_fc_has_role(sc->ev_header, CTF_ROLE_ERC_ID)) {
		ctf2_error(c, frag->offset,
		           _("a second event record class (id %" PRIu64 ") in data stream "
		             "class %" PRIu64 " while its event record header has no "
		             "field with the `event-record-class-id` role to select it"),
		           id, dsc_id);
		return false;
	}
	ec = ctf_event_class_new(id);
	ec->name = g_strdup(name);
	if (attrs)
		parse_erc_attributes(attrs, ec);
	memset(c->roots, 0, sizeof(c->roots));
	c->roots[CTF_SCOPE_PKT_HEADER] = c->tc->pkt_header;
	c->roots[CTF_SCOPE_PKT_CTX] = sc->pkt_ctx;
	c->roots[CTF_SCOPE_EV_HEADER] = sc->ev_header;
	c->roots[CTF_SCOPE_EV_COMMON_CTX] = sc->ev_common_ctx;
	c->dsc_has_clock = sc->clock != NULL;
	ok = ctf2_build_scope(c, frag, "specific-context-field-class", CTF_SCOPE_EV_SPECIFIC_CTX,
	                      &ec->specific_ctx) &&
	     ctf2_build_scope(c, frag, "payload-field-class", CTF_SCOPE_EV_PAYLOAD, &ec->payload);
	if (!ok) {
		ctf_event_class_free(ec);
		return false;
	}
	ctf_stream_class_add_event_class(sc, ec); /* id checked above */
	return true;
}

/* ------------------------------------------------------------ stream */

static bool is_ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

typedef struct {
	bool seen_tc, seen_dsc;
} Ctf2Order;

static bool parse_fragment(Ctf2Ctx *c, const LttvJsonValue *frag, Ctf2Order *o, bool *keep)
{
	static const char *const types[] = {"preamble",          "field-class-alias",
	                                    "trace-class",       "clock-class",
	                                    "data-stream-class", "event-record-class"};
	const LttvJsonValue *type;
	size_t t;

	c->frag_type = "?";
	if (frag->type != LTTV_JSON_OBJECT) {
		ctf2_error(c, frag->offset, _("expecting a JSON object, not %s"),
		           ctf2_json_desc(frag));
		return false;
	}
	type = lttv_json_object_get(frag, "type");
	if (!type) {
		ctf2_error(c, frag->offset, _("missing required property `type`"));
		return false;
	}
	if (!ctf2_check_name(c, type, "type"))
		return false;
	for (t = 0; t < G_N_ELEMENTS(types); t++)
		if (strcmp(type->str.s, types[t]) == 0)
			break;
	if (t == G_N_ELEMENTS(types)) {
		ctf2_error(c, type->offset,
		           _("unknown fragment type `%s` (expecting preamble, field-class-alias, "
		             "trace-class, clock-class, data-stream-class or event-record-class)"),
		           type->str.s);
		return false;
	}
	c->frag_type = types[t];
	if (c->frag_no == 1 && t != 0) {
		ctf2_error(c, frag->offset,
		           _("the first fragment must be the preamble, not a %s fragment"),
		           types[t]);
		return false;
	}
	switch (t) {
	case 0: return parse_preamble(c, frag);
	case 1: return parse_alias(c, frag, keep);
	case 2: return parse_trace_class(c, frag, &o->seen_tc, o->seen_dsc);
	case 3: return parse_clock_class(c, frag);
	case 4: return parse_dsc(c, frag, &o->seen_dsc);
	default: return parse_erc(c, frag);
	}
}

/* Parses the fragment text[start, end) (between two record separators). */
static bool parse_one(Ctf2Ctx *c, size_t start, size_t end, Ctf2Order *o)
{
	const char *text = c->src->text;
	g_autoptr(GError) jerr = NULL;
	LttvJsonValue *frag;
	bool keep = false, ok;
	size_t i = start;

	c->frag_no++;
	c->frag_type = "?";
	while (i < end && is_ws(text[i]))
		i++;
	if (i == end) {
		ctf2_error(c, start,
		           _("empty fragment (expecting a JSON object after the record "
		             "separator)"));
		return false;
	}
	frag = lttv_json_parse(text + start, end - start, start, &jerr);
	if (!frag) {
		size_t off = start;
		const char *desc = jerr->message;

		lttv_json_error_location(jerr, &off, &desc);
		ctf2_error(c, off, _("invalid JSON: %s"), desc);
		return false;
	}
	ok = parse_fragment(c, frag, o, &keep);
	g_string_truncate(c->path, 0);
	if (keep)
		g_ptr_array_add(c->kept, frag);
	else
		lttv_json_free(frag);
	return ok;
}

static void ctx_clear(Ctf2Ctx *c)
{
	g_string_free(c->path, TRUE);
	g_hash_table_unref(c->aliases);
	g_ptr_array_unref(c->kept);
	g_hash_table_unref(c->info);
	g_ptr_array_unref(c->names);
}

CtfTraceClass *ctf_json_parse(const CtfMetaSource *src, GError **error)
{
	Ctf2Ctx c = {0};
	Ctf2Order order = {0};
	CtfTraceClass *tc = ctf_trace_class_new();
	const char *text = src->text;
	size_t pos = 0;
	bool ok = true;

	tc->major = 2;
	tc->minor = 0;
	c.src = src;
	c.tc = tc;
	c.error = error;
	c.path = g_string_new(NULL);
	c.aliases = g_hash_table_new(g_str_hash, g_str_equal);
	c.kept = g_ptr_array_new_with_free_func((GDestroyNotify)lttv_json_free);
	c.info = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	c.names = g_ptr_array_new();
	/* Aliases are copied at each use: bound the expansion. */
	c.max_nodes = (uint64_t)src->len * 4 + 100000;

	while (pos < src->len && text[pos] != RS) {
		if (!is_ws(text[pos])) {
			ctf2_error(&c, pos,
			           _("expecting a record separator (0x1E) before the first "
			             "fragment"));
			ok = false;
			break;
		}
		pos++;
	}
	while (ok && pos < src->len) {
		const char *next;
		size_t end;

		while (pos < src->len && text[pos] == RS)
			pos++;
		if (pos == src->len)
			break;
		next = memchr(text + pos, RS, src->len - pos);
		end = next ? (size_t)(next - text) : src->len;
		ok = parse_one(&c, pos, end, &order);
		pos = end;
	}
	if (ok && c.frag_no == 0) {
		ctf2_error(&c, src->len, _("empty metadata stream: expecting a preamble fragment"));
		ok = false;
	} else if (ok && !tc->stream_classes->len) {
		c.frag_no = 0;
		ctf2_error(&c, src->len,
		           _("missing data-stream-class fragment: the metadata stream "
		             "needs at least one"));
		ok = false;
	}
	ctx_clear(&c);
	if (!ok) {
		ctf_trace_class_free(tc);
		return NULL;
	}
	return tc;
}
