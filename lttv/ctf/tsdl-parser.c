/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TSDL parser: top-level blocks (trace, env, clock, stream, event,
 * callsite) and their attributes. */
#include "ctf/tsdl-internal.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

const TsdlToken *tsdl_peek(TsdlParser *p, guint ahead)
{
	guint i = p->pos + ahead;

	if (i >= p->toks->len)
		i = p->toks->len - 1; /* the EOF token */
	return &g_array_index(p->toks, TsdlToken, i);
}

const TsdlToken *tsdl_next(TsdlParser *p)
{
	const TsdlToken *t = tsdl_peek(p, 0);

	if (p->pos < p->toks->len - 1)
		p->pos++;
	return t;
}

bool tsdl_is_punct(const TsdlToken *t, const char *punct)
{
	return t->kind == TSDL_TK_PUNCT && strcmp(t->str, punct) == 0;
}

bool tsdl_is_ident(const TsdlToken *t, const char *word)
{
	return t->kind == TSDL_TK_IDENT && strcmp(t->str, word) == 0;
}

static const char *token_desc(const TsdlToken *t, char *buf, size_t n)
{
	switch (t->kind) {
	case TSDL_TK_EOF:
		return _("end of metadata");
	case TSDL_TK_INT:
		g_snprintf(buf, n, "%" PRIu64, t->ival);
		return buf;
	case TSDL_TK_STRING:
		g_snprintf(buf, n, "\"%.40s\"", t->str);
		return buf;
	case TSDL_TK_CHAR:
		return _("character literal");
	default:
		g_snprintf(buf, n, "`%.40s`", t->str);
		return buf;
	}
}

void tsdl_error(TsdlParser *p, const TsdlToken *at, GError **error, const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;

	if (!error || *error)
		return;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	ctf_meta_error(error, p->src, at->off, TRUE, "%s", msg);
}

bool tsdl_expect_punct(TsdlParser *p, const char *punct, GError **error)
{
	const TsdlToken *t = tsdl_peek(p, 0);
	char buf[64];

	if (!tsdl_is_punct(t, punct)) {
		tsdl_error(p, t, error, _("expected `%s`, found %s"), punct,
		           token_desc(t, buf, sizeof buf));
		return false;
	}
	tsdl_next(p);
	return true;
}

static void fc_unref(gpointer p)
{
	ctf_fc_free(p);
}

void tsdl_scope_push(TsdlParser *p)
{
	TsdlScope *s = g_new0(TsdlScope, 1);

	s->aliases = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, fc_unref);
	s->structs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, fc_unref);
	s->variants = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, fc_unref);
	s->enums = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, fc_unref);
	s->parent = p->scope;
	p->scope = s;
}

void tsdl_scope_pop(TsdlParser *p)
{
	TsdlScope *s = p->scope;

	p->scope = s->parent;
	g_hash_table_unref(s->aliases);
	g_hash_table_unref(s->structs);
	g_hash_table_unref(s->variants);
	g_hash_table_unref(s->enums);
	g_free(s);
}

char *tsdl_parse_dotted(TsdlParser *p, GError **error)
{
	g_autoptr(GString) s = g_string_new(NULL);
	const TsdlToken *t = tsdl_peek(p, 0);
	char buf[64];

	if (t->kind != TSDL_TK_IDENT) {
		tsdl_error(p, t, error, _("expected a name, found %s"),
		           token_desc(t, buf, sizeof buf));
		return NULL;
	}
	g_string_append(s, tsdl_next(p)->str);
	while (tsdl_is_punct(tsdl_peek(p, 0), ".") && tsdl_peek(p, 1)->kind == TSDL_TK_IDENT) {
		tsdl_next(p);
		g_string_append_c(s, '.');
		g_string_append(s, tsdl_next(p)->str);
	}
	return g_string_free(g_steal_pointer(&s), FALSE);
}

bool tsdl_parse_value(TsdlParser *p, TsdlValue *v, GError **error)
{
	const TsdlToken *t = tsdl_peek(p, 0);
	char buf[64];

	memset(v, 0, sizeof(*v));
	v->tok = t;
	if (tsdl_is_punct(t, "-") || tsdl_is_punct(t, "+")) {
		v->negative = tsdl_is_punct(t, "-");
		tsdl_next(p);
		t = tsdl_peek(p, 0);
		if (t->kind != TSDL_TK_INT) {
			tsdl_error(p, t, error, _("expected an integer after the sign, found %s"),
			           token_desc(t, buf, sizeof buf));
			return false;
		}
	}
	switch (t->kind) {
	case TSDL_TK_INT:
	case TSDL_TK_CHAR:
		v->kind = TSDL_VAL_INT;
		v->ival = tsdl_next(p)->ival;
		if (v->negative && v->ival == 0)
			v->negative = false;
		return true;
	case TSDL_TK_STRING:
		v->kind = TSDL_VAL_STRING;
		v->str = g_strdup(tsdl_next(p)->str);
		return true;
	case TSDL_TK_IDENT:
		v->kind = TSDL_VAL_IDENT;
		v->str = tsdl_parse_dotted(p, error);
		return v->str != NULL;
	default:
		tsdl_error(p, t, error, _("expected a value, found %s"),
		           token_desc(t, buf, sizeof buf));
		return false;
	}
}

void tsdl_value_clear(TsdlValue *v)
{
	g_clear_pointer(&v->str, g_free);
}

bool tsdl_value_int(TsdlParser *p, const TsdlValue *v, bool allow_negative, int64_t *out,
                    GError **error)
{
	if (v->kind != TSDL_VAL_INT) {
		tsdl_error(p, v->tok, error, _("expected an integer"));
		return false;
	}
	if (v->negative) {
		if (!allow_negative || v->ival > (uint64_t)INT64_MAX + 1) {
			tsdl_error(p, v->tok, error, _("expected a non-negative integer"));
			return false;
		}
		*out = (int64_t)(0 - v->ival);
	} else {
		if (v->ival > INT64_MAX) {
			tsdl_error(p, v->tok, error, _("integer too large"));
			return false;
		}
		*out = (int64_t)v->ival;
	}
	return true;
}

bool tsdl_value_uint(TsdlParser *p, const TsdlValue *v, uint64_t *out, GError **error)
{
	if (v->kind != TSDL_VAL_INT || v->negative) {
		tsdl_error(p, v->tok, error, _("expected a non-negative integer"));
		return false;
	}
	*out = v->ival;
	return true;
}

bool tsdl_value_bool(TsdlParser *p, const TsdlValue *v, bool *out, GError **error)
{
	if (v->kind == TSDL_VAL_INT && !v->negative && v->ival <= 1) {
		*out = v->ival == 1;
		return true;
	}
	if (v->kind == TSDL_VAL_IDENT) {
		if (!g_ascii_strcasecmp(v->str, "true")) {
			*out = true;
			return true;
		}
		if (!g_ascii_strcasecmp(v->str, "false")) {
			*out = false;
			return true;
		}
	}
	tsdl_error(p, v->tok, error, _("expected a boolean (true, false, 1 or 0)"));
	return false;
}

/* `key = value;` or `key := type;` inside a block.  For `:=`, *type_out
 * receives the type; otherwise *val_out the value. */
static bool parse_block_item(TsdlParser *p, char **key, TsdlValue *val,
                             CtfFieldClass **type_out, GError **error)
{
	*key = tsdl_parse_dotted(p, error);
	*type_out = NULL;
	memset(val, 0, sizeof(*val));
	if (!*key)
		return false;
	if (tsdl_is_punct(tsdl_peek(p, 0), ":=")) {
		tsdl_next(p);
		*type_out = tsdl_parse_type_spec(p, error);
		if (!*type_out)
			return false;
	} else {
		if (!tsdl_expect_punct(p, "=", error))
			return false;
		if (!tsdl_parse_value(p, val, error))
			return false;
	}
	return tsdl_expect_punct(p, ";", error);
}

static bool parse_uuid(TsdlParser *p, const TsdlValue *v, uint8_t out[16], GError **error)
{
	const char *s = v->str;
	int n = 0;

	if (v->kind != TSDL_VAL_STRING || strlen(s) != 36)
		goto bad;
	for (size_t i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				goto bad;
			continue;
		}
		if (!g_ascii_isxdigit(s[i]) || !g_ascii_isxdigit(s[i + 1]))
			goto bad;
		out[n++] = (uint8_t)(g_ascii_xdigit_value(s[i]) * 16 + g_ascii_xdigit_value(s[i + 1]));
		i++;
	}
	return n == 16;
bad:
	tsdl_error(p, v->tok, error,
	           _("expected a UUID string \"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\""));
	return false;
}

/* Checks a `:=` type is a structure, as every scope must be. */
static bool want_struct(TsdlParser *p, const TsdlToken *at, CtfFieldClass *fc,
                        const char *what, GError **error)
{
	if (fc->kind != CTF_FC_STRUCT) {
		tsdl_error(p, at, error, _("%s must be a structure"), what);
		return false;
	}
	return true;
}

static bool parse_trace_block(TsdlParser *p, GError **error)
{
	CtfTraceClass *tc = p->tc;
	bool have_major = false, have_minor = false;
	const TsdlToken *start = tsdl_peek(p, 0);

	if (p->have_trace_block) {
		tsdl_error(p, start, error, _("duplicate trace block"));
		return false;
	}
	p->have_trace_block = true;
	if (!tsdl_expect_punct(p, "{", error))
		return false;
	tsdl_scope_push(p);
	while (!tsdl_is_punct(tsdl_peek(p, 0), "}")) {
		const TsdlToken *at = tsdl_peek(p, 0);
		g_autofree char *key = NULL;
		TsdlValue v;
		CtfFieldClass *type = NULL;
		int64_t iv;
		bool ok = true;

		if (at->kind == TSDL_TK_EOF) {
			tsdl_error(p, at, error, _("unterminated trace block"));
			goto fail;
		}
		if (tsdl_at_type_declaration(p)) {
			if (!tsdl_parse_type_declaration(p, error))
				goto fail;
			continue;
		}
		if (!parse_block_item(p, &key, &v, &type, error)) {
			ctf_fc_free(type);
			tsdl_value_clear(&v);
			goto fail;
		}
		if (type) {
			if (strcmp(key, "packet.header") == 0 &&
			    want_struct(p, at, type, "trace.packet.header", error)) {
				ctf_fc_free(tc->pkt_header);
				tc->pkt_header = type;
			} else {
				ctf_fc_free(type);
				if (strcmp(key, "packet.header") == 0)
					goto fail;
				tsdl_error(p, at, error, _("unknown type assignment `%s` in trace block"),
				           key);
				goto fail;
			}
			continue;
		}
		if (strcmp(key, "major") == 0) {
			ok = tsdl_value_int(p, &v, false, &iv, error);
			if (ok && iv != 1) {
				tsdl_error(p, at, error, _("unsupported trace major version %" PRId64
				                           " (expected 1)"),
				           iv);
				ok = false;
			}
			have_major = true;
		} else if (strcmp(key, "minor") == 0) {
			ok = tsdl_value_int(p, &v, false, &iv, error);
			if (ok && iv != 8) {
				tsdl_error(p, at, error, _("unsupported trace minor version %" PRId64
				                           " (expected 8)"),
				           iv);
				ok = false;
			}
			have_minor = true;
		} else if (strcmp(key, "uuid") == 0) {
			ok = parse_uuid(p, &v, tc->uuid, error);
			tc->has_uuid = ok;
		} else if (strcmp(key, "byte_order") == 0) {
			if (v.kind == TSDL_VAL_IDENT &&
			    (!strcmp(v.str, "le") || !strcmp(v.str, "be") || !strcmp(v.str, "network"))) {
				tc->native_bo = strcmp(v.str, "le") == 0 ? CTF_BO_LE : CTF_BO_BE;
				p->have_byte_order = true;
			} else {
				tsdl_error(p, v.tok, error,
				           _("trace byte_order must be `le`, `be` or `network`"));
				ok = false;
			}
		}
		/* other attributes are informational */
		tsdl_value_clear(&v);
		if (!ok)
			goto fail;
	}
	tsdl_next(p);
	tsdl_scope_pop(p);
	if (!have_major || !have_minor) {
		tsdl_error(p, start, error, _("trace block lacks its major/minor version"));
		return false;
	}
	if (!p->have_byte_order) {
		tsdl_error(p, start, error, _("trace block lacks the required byte_order"));
		return false;
	}
	return tsdl_expect_punct(p, ";", error);
fail:
	tsdl_scope_pop(p);
	return false;
}

static bool parse_env_block(TsdlParser *p, GError **error)
{
	if (!tsdl_expect_punct(p, "{", error))
		return false;
	while (!tsdl_is_punct(tsdl_peek(p, 0), "}")) {
		const TsdlToken *at = tsdl_peek(p, 0);
		g_autofree char *key = NULL;
		TsdlValue v;
		CtfFieldClass *type = NULL;
		int64_t iv;

		if (at->kind == TSDL_TK_EOF) {
			tsdl_error(p, at, error, _("unterminated env block"));
			return false;
		}
		if (!parse_block_item(p, &key, &v, &type, error)) {
			ctf_fc_free(type);
			tsdl_value_clear(&v);
			return false;
		}
		if (type) {
			ctf_fc_free(type);
			tsdl_error(p, at, error, _("env entries are integers or strings"));
			return false;
		}
		if (v.kind == TSDL_VAL_INT) {
			if (!tsdl_value_int(p, &v, true, &iv, error))
				return false;
			ctf_trace_class_env_set_int(p->tc, key, iv);
		} else {
			ctf_trace_class_env_set_str(p->tc, key, v.str);
		}
		tsdl_value_clear(&v);
	}
	tsdl_next(p);
	return tsdl_expect_punct(p, ";", error);
}

static bool parse_clock_block(TsdlParser *p, GError **error)
{
	const TsdlToken *start = tsdl_peek(p, 0);
	CtfClockClass *cc = ctf_clock_class_new();
	bool ok = true;
	int64_t offset_cycles = 0;

	if (!tsdl_expect_punct(p, "{", error))
		goto fail;
	while (ok && !tsdl_is_punct(tsdl_peek(p, 0), "}")) {
		const TsdlToken *at = tsdl_peek(p, 0);
		g_autofree char *key = NULL;
		TsdlValue v;
		CtfFieldClass *type = NULL;
		int64_t iv = 0;
		uint64_t uv = 0; /* (stored even when its parse failed) */

		if (at->kind == TSDL_TK_EOF) {
			tsdl_error(p, at, error, _("unterminated clock block"));
			goto fail;
		}
		if (!parse_block_item(p, &key, &v, &type, error)) {
			ctf_fc_free(type);
			tsdl_value_clear(&v);
			goto fail;
		}
		if (type) {
			ctf_fc_free(type);
			tsdl_error(p, at, error, _("unexpected type in clock block"));
			goto fail;
		}
		if (!strcmp(key, "name")) {
			g_free(cc->id);
			g_free(cc->name);
			cc->id = g_strdup(v.str ? v.str : "");
			cc->name = g_strdup(cc->id);
			if (v.kind == TSDL_VAL_INT) {
				tsdl_error(p, at, error, _("clock name must be a name or a string"));
				ok = false;
			}
		} else if (!strcmp(key, "uuid")) {
			uint8_t u[16];

			ok = parse_uuid(p, &v, u, error);
			g_free(cc->uid);
			cc->uid = g_strdup(v.str);
		} else if (!strcmp(key, "description")) {
			g_free(cc->description);
			cc->description = g_strdup(v.str);
		} else if (!strcmp(key, "freq")) {
			ok = tsdl_value_uint(p, &v, &uv, error);
			if (ok && uv == 0) {
				tsdl_error(p, at, error, _("clock frequency must be at least 1 Hz"));
				ok = false;
			}
			cc->frequency = uv;
		} else if (!strcmp(key, "precision")) {
			ok = tsdl_value_uint(p, &v, &uv, error);
			cc->has_precision = true;
			cc->precision = uv;
		} else if (!strcmp(key, "offset_s")) {
			ok = tsdl_value_int(p, &v, true, &iv, error);
			cc->offset_s = iv;
		} else if (!strcmp(key, "offset")) {
			ok = tsdl_value_int(p, &v, true, &iv, error);
			offset_cycles = iv;
		} else if (!strcmp(key, "absolute")) {
			ok = tsdl_value_bool(p, &v, &cc->absolute, error);
		}
		tsdl_value_clear(&v);
	}
	if (!ok)
		goto fail;
	tsdl_next(p);
	if (!cc->id) {
		tsdl_error(p, start, error, _("clock block lacks its name"));
		goto fail;
	}
	if (ctf_trace_class_clock(p->tc, cc->id)) {
		tsdl_error(p, start, error, _("duplicate clock `%s`"), cc->id);
		goto fail;
	}
	/* Normalize: 0 <= offset_cycles < frequency, the rest in seconds. */
	{
		int64_t freq = (int64_t)MIN(cc->frequency, (uint64_t)INT64_MAX);
		int64_t q = offset_cycles / freq, r = offset_cycles % freq;

		if (r < 0) {
			r += freq;
			q--;
		}
		cc->offset_s += q;
		cc->offset_cycles = (uint64_t)r;
	}
	cc->origin_is_unix_epoch = true;
	g_ptr_array_add(p->tc->clocks, cc);
	return tsdl_expect_punct(p, ";", error);
fail:
	g_free(cc->id);
	g_free(cc->name);
	g_free(cc->uid);
	g_free(cc->description);
	g_free(cc);
	return false;
}

static void block_free(gpointer data)
{
	TsdlBlock *b = data;

	if (b->sc) {
		ctf_fc_free(b->sc->pkt_ctx);
		ctf_fc_free(b->sc->ev_header);
		ctf_fc_free(b->sc->ev_common_ctx);
		g_hash_table_unref(b->sc->ec_by_id);
		g_ptr_array_unref(b->sc->event_classes);
		g_free(b->sc->name);
		g_free(b->sc);
	}
	ctf_event_class_free(b->ec);
	g_free(b);
}

static bool parse_stream_or_event(TsdlParser *p, bool is_event, GError **error)
{
	TsdlBlock *b = g_new0(TsdlBlock, 1);
	const char *what = is_event ? "event" : "stream";

	b->off = tsdl_peek(p, 0)->off;
	if (is_event)
		b->ec = ctf_event_class_new(0);
	else
		b->sc = ctf_stream_class_new(0);
	g_ptr_array_add(is_event ? p->events : p->streams, b);
	if (!tsdl_expect_punct(p, "{", error))
		return false;
	tsdl_scope_push(p);
	while (!tsdl_is_punct(tsdl_peek(p, 0), "}")) {
		const TsdlToken *at = tsdl_peek(p, 0);
		g_autofree char *key = NULL;
		TsdlValue v;
		CtfFieldClass *type = NULL;
		CtfFieldClass **slot = NULL;
		int64_t iv;
		bool ok = true;

		if (at->kind == TSDL_TK_EOF) {
			tsdl_error(p, at, error, _("unterminated %s block"), what);
			goto fail;
		}
		if (tsdl_at_type_declaration(p)) {
			if (!tsdl_parse_type_declaration(p, error))
				goto fail;
			continue;
		}
		if (!parse_block_item(p, &key, &v, &type, error)) {
			ctf_fc_free(type);
			tsdl_value_clear(&v);
			goto fail;
		}
		if (type) {
			if (!is_event && !strcmp(key, "packet.context"))
				slot = &b->sc->pkt_ctx;
			else if (!is_event && !strcmp(key, "event.header"))
				slot = &b->sc->ev_header;
			else if (!is_event && !strcmp(key, "event.context"))
				slot = &b->sc->ev_common_ctx;
			else if (is_event && !strcmp(key, "context"))
				slot = &b->ec->specific_ctx;
			else if (is_event && !strcmp(key, "fields"))
				slot = &b->ec->payload;
			if (!slot) {
				/* unknown assignments are ignored, as other readers do */
				ctf_fc_free(type);
				continue;
			}
			if (!want_struct(p, at, type, key, error)) {
				ctf_fc_free(type);
				goto fail;
			}
			ctf_fc_free(*slot);
			*slot = type;
			continue;
		}
		if (!strcmp(key, "id")) {
			ok = tsdl_value_int(p, &v, false, &iv, error);
			b->has_id = true;
			b->id = (uint64_t)iv;
		} else if (is_event && !strcmp(key, "stream_id")) {
			ok = tsdl_value_int(p, &v, false, &iv, error);
			b->has_stream_id = true;
			b->stream_id = (uint64_t)iv;
		} else if (is_event && !strcmp(key, "name")) {
			if (v.kind == TSDL_VAL_INT) {
				tsdl_error(p, at, error, _("event name must be a name or a string"));
				ok = false;
			}
			g_free(b->ec->name);
			b->ec->name = g_strdup(v.str);
		} else if (is_event && !strcmp(key, "loglevel")) {
			ok = tsdl_value_int(p, &v, true, &iv, error);
			b->ec->loglevel = (int)CLAMP(iv, -1, G_MAXINT);
		} else if (is_event && !strcmp(key, "model.emf.uri")) {
			g_free(b->ec->emf_uri);
			b->ec->emf_uri = g_strdup(v.str);
		}
		tsdl_value_clear(&v);
		if (!ok)
			goto fail;
	}
	tsdl_next(p);
	tsdl_scope_pop(p);
	return tsdl_expect_punct(p, ";", error);
fail:
	tsdl_scope_pop(p);
	return false;
}

/* callsite blocks are informational: accepted and skipped. */
static bool skip_block(TsdlParser *p, GError **error)
{
	int depth = 0;

	if (!tsdl_is_punct(tsdl_peek(p, 0), "{"))
		return tsdl_expect_punct(p, "{", error);
	do {
		const TsdlToken *t = tsdl_next(p);

		if (t->kind == TSDL_TK_EOF) {
			tsdl_error(p, t, error, _("unterminated block"));
			return false;
		}
		if (tsdl_is_punct(t, "{"))
			depth++;
		else if (tsdl_is_punct(t, "}"))
			depth--;
	} while (depth > 0);
	return tsdl_expect_punct(p, ";", error);
}

CtfTraceClass *ctf_tsdl_parse(const CtfMetaSource *src, GError **error)
{
	TsdlParser p = {0};
	CtfTraceClass *result = NULL;
	bool ok = true;

	p.src = src;
	p.budget = (uint64_t)src->len * 4 + 100000;
	p.toks = tsdl_tokenize(src, error);
	if (!p.toks)
		return NULL;
	p.tc = ctf_trace_class_new();
	p.streams = g_ptr_array_new_with_free_func(block_free);
	p.events = g_ptr_array_new_with_free_func(block_free);
	tsdl_scope_push(&p);
	while (ok && tsdl_peek(&p, 0)->kind != TSDL_TK_EOF) {
		const TsdlToken *t = tsdl_peek(&p, 0);

		if (tsdl_is_ident(t, "trace") && tsdl_is_punct(tsdl_peek(&p, 1), "{")) {
			tsdl_next(&p);
			ok = parse_trace_block(&p, error);
		} else if (tsdl_is_ident(t, "env") && tsdl_is_punct(tsdl_peek(&p, 1), "{")) {
			tsdl_next(&p);
			ok = parse_env_block(&p, error);
		} else if (tsdl_is_ident(t, "clock") && tsdl_is_punct(tsdl_peek(&p, 1), "{")) {
			tsdl_next(&p);
			ok = parse_clock_block(&p, error);
		} else if (tsdl_is_ident(t, "stream") && tsdl_is_punct(tsdl_peek(&p, 1), "{")) {
			tsdl_next(&p);
			ok = parse_stream_or_event(&p, false, error);
		} else if (tsdl_is_ident(t, "event") && tsdl_is_punct(tsdl_peek(&p, 1), "{")) {
			tsdl_next(&p);
			ok = parse_stream_or_event(&p, true, error);
		} else if (tsdl_is_ident(t, "callsite") && tsdl_is_punct(tsdl_peek(&p, 1), "{")) {
			tsdl_next(&p);
			ok = skip_block(&p, error);
		} else if (tsdl_at_type_declaration(&p)) {
			ok = tsdl_parse_type_declaration(&p, error);
		} else {
			char buf[64];

			tsdl_error(&p, t, error,
			           _("expected a top-level block or a type declaration, found %s"),
			           token_desc(t, buf, sizeof buf));
			ok = false;
		}
	}
	if (ok && !p.have_trace_block) {
		tsdl_error(&p, tsdl_peek(&p, 0), error, _("the metadata has no trace block"));
		ok = false;
	}
	if (ok)
		ok = tsdl_finish(&p, error);
	while (p.scope)
		tsdl_scope_pop(&p);
	if (ok) {
		result = p.tc;
		p.tc = NULL;
	}
	ctf_trace_class_free(p.tc);
	g_ptr_array_unref(p.streams);
	g_ptr_array_unref(p.events);
	tsdl_tokens_free(p.toks);
	return result;
}
