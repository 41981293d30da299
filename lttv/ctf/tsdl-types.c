/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TSDL type specifiers (struct, variant, named types; the scalar ones are
 * tsdl-scalars.c), declarators and type declarations. */
#include "ctf/tsdl-internal.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

/* C type keywords that may form a multi-word type name. */
static bool is_type_keyword(const char *w)
{
	static const char *const kw[] = {
	        "const",  "char",     "double", "float", "int",      "long",       "short",
	        "signed", "unsigned", "void",   "_Bool", "_Complex", "_Imaginary",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(kw); i++)
		if (strcmp(w, kw[i]) == 0)
			return true;
	return false;
}

CtfFieldClass *tsdl_lookup(TsdlParser *p, int table, const char *name)
{
	for (TsdlScope *s = p->scope; s; s = s->parent) {
		GHashTable *h = table == 0   ? s->aliases
		                : table == 1 ? s->structs
		                : table == 2 ? s->variants
		                             : s->enums;
		CtfFieldClass *fc = g_hash_table_lookup(h, name);

		if (fc)
			return fc;
	}
	return NULL;
}

bool tsdl_define(TsdlParser *p, const TsdlToken *at, int table, const char *name, CtfFieldClass *fc,
                 GError **error)
{
	TsdlScope *s = p->scope;
	GHashTable *h = table == 0   ? s->aliases
	                : table == 1 ? s->structs
	                : table == 2 ? s->variants
	                             : s->enums;

	if (g_hash_table_contains(h, name)) {
		tsdl_error(p, at, error, _("`%s` is already declared in this scope"), name);
		ctf_fc_free(fc);
		return false;
	}
	g_hash_table_insert(h, g_strdup(name), fc);
	return true;
}

static uint64_t count_nodes(const CtfFieldClass *fc, uint64_t limit)
{
	uint64_t n = 1;

	if (!fc)
		return 0;
	switch (fc->kind) {
	case CTF_FC_STRUCT:
		for (guint i = 0; i < fc->st.members->len && n <= limit; i++)
			n += count_nodes(((CtfMember *)fc->st.members->pdata[i])->fc, limit);
		break;
	case CTF_FC_SL_ARRAY:
	case CTF_FC_DL_ARRAY: n += count_nodes(fc->arr.elem, limit); break;
	case CTF_FC_VARIANT:
		for (guint i = 0; i < fc->var.options->len && n <= limit; i++)
			n += count_nodes(((CtfVariantOption *)fc->var.options->pdata[i])->fc,
			                 limit);
		break;
	default: break;
	}
	return n;
}

CtfFieldClass *tsdl_copy(TsdlParser *p, const CtfFieldClass *fc, const TsdlToken *at,
                         GError **error)
{
	uint64_t n = count_nodes(fc, p->budget);

	if (n > p->budget) {
		tsdl_error(p, at, error,
		           _("type declarations expand to too many fields (more than %" PRIu64
		             " for metadata of this size)"),
		           (uint64_t)(p->src->len * 4 + 100000));
		return NULL;
	}
	p->budget -= n;
	return ctf_fc_copy(fc);
}

bool tsdl_starts_type(TsdlParser *p)
{
	const TsdlToken *t = tsdl_peek(p, 0);

	if (t->kind != TSDL_TK_IDENT)
		return false;
	if (!strcmp(t->str, "integer") || !strcmp(t->str, "floating_point") ||
	    !strcmp(t->str, "string") || !strcmp(t->str, "struct") || !strcmp(t->str, "variant") ||
	    !strcmp(t->str, "enum"))
		return true;
	return is_type_keyword(t->str) || tsdl_lookup(p, 0, t->str) != NULL;
}

bool tsdl_at_type_declaration(TsdlParser *p)
{
	const TsdlToken *t = tsdl_peek(p, 0);

	return tsdl_is_ident(t, "typealias") || tsdl_is_ident(t, "typedef") ||
	       tsdl_is_ident(t, "struct") || tsdl_is_ident(t, "variant") ||
	       tsdl_is_ident(t, "enum");
}

/* Members of a struct or options of a variant, up to the closing brace. */
static bool parse_fields(TsdlParser *p, CtfFieldClass *owner, GError **error)
{
	while (!tsdl_is_punct(tsdl_peek(p, 0), "}")) {
		const TsdlToken *t = tsdl_peek(p, 0);
		CtfFieldClass *base;

		if (t->kind == TSDL_TK_EOF) {
			tsdl_error(p, t, error, _("unterminated structure or variant"));
			return false;
		}
		if (tsdl_is_ident(t, "typealias") || tsdl_is_ident(t, "typedef")) {
			if (!tsdl_parse_type_declaration(p, error))
				return false;
			continue;
		}
		base = tsdl_parse_type_spec(p, error);
		if (!base)
			return false;
		if (tsdl_is_punct(tsdl_peek(p, 0), ";")) {
			/* a bare struct/variant/enum definition */
			ctf_fc_free(base);
			tsdl_next(p);
			continue;
		}
		while (true) {
			const TsdlToken *nt = tsdl_peek(p, 0);
			g_autofree char *name = NULL;
			CtfFieldClass *copy = tsdl_copy(p, base, nt, error);
			CtfFieldClass *fc =
			        copy ? tsdl_parse_declarator(p, copy, &name, error) : NULL;

			if (!fc) {
				ctf_fc_free(base);
				return false;
			}
			if (owner->kind == CTF_FC_STRUCT) {
				const char *disp = name[0] == '_' ? name + 1 : name;

				if (ctf_struct_find(owner, name)) {
					tsdl_error(p, nt, error, _("duplicate field `%s`"), name);
					ctf_fc_free(fc);
					ctf_fc_free(base);
					return false;
				}
				ctf_member_add(owner, name, disp, fc);
			} else {
				CtfVariantOption *o = g_new0(CtfVariantOption, 1);

				for (guint i = 0; i < owner->var.options->len; i++) {
					CtfVariantOption *e = owner->var.options->pdata[i];

					if (strcmp(e->name, name) == 0) {
						tsdl_error(p, nt, error,
						           _("duplicate variant option `%s`"),
						           name);
						ctf_fc_free(fc);
						ctf_fc_free(base);
						g_free(o);
						return false;
					}
				}
				o->name = g_strdup(name);
				o->fc = fc;
				ctf_range_set_init(&o->ranges, false);
				g_ptr_array_add(owner->var.options, o);
			}
			if (!tsdl_is_punct(tsdl_peek(p, 0), ","))
				break;
			tsdl_next(p);
		}
		ctf_fc_free(base);
		if (!tsdl_expect_punct(p, ";", error))
			return false;
	}
	tsdl_next(p);
	return true;
}

/* Parses a path `a.b.c` (tag or sequence length) into a location. */
static CtfFieldLocation *parse_location(TsdlParser *p, GError **error)
{
	static const struct {
		const char *prefix;
		CtfScope scope;
	} prefixes[] = {
	        {"trace.packet.header.", CTF_SCOPE_PKT_HEADER},
	        {"stream.packet.context.", CTF_SCOPE_PKT_CTX},
	        {"stream.event.header.", CTF_SCOPE_EV_HEADER},
	        {"stream.event.context.", CTF_SCOPE_EV_COMMON_CTX},
	        {"event.context.", CTF_SCOPE_EV_SPECIFIC_CTX},
	        {"event.fields.", CTF_SCOPE_EV_PAYLOAD},
	};
	const TsdlToken *at = tsdl_peek(p, 0);
	g_autofree char *dotted = tsdl_parse_dotted(p, error);
	CtfFieldLocation *loc;
	const char *rest;
	g_auto(GStrv) parts = NULL;

	if (!dotted)
		return NULL;
	loc = ctf_location_new(TSDL_SCOPE_RELATIVE);
	rest = dotted;
	for (size_t i = 0; i < G_N_ELEMENTS(prefixes); i++) {
		if (g_str_has_prefix(dotted, prefixes[i].prefix)) {
			loc->scope = prefixes[i].scope;
			rest = dotted + strlen(prefixes[i].prefix);
			break;
		}
	}
	if (g_str_has_prefix(dotted, "env.")) {
		tsdl_error(p, at, error, _("lengths and tags from env are not supported"));
		ctf_location_free(loc);
		return NULL;
	}
	parts = g_strsplit(rest, ".", -1);
	for (guint i = 0; parts[i]; i++)
		g_ptr_array_add(loc->path, g_strdup(parts[i]));
	return loc;
}

/* `align(N)` after a structure body or reference. */
static bool parse_struct_align(TsdlParser *p, CtfFieldClass *fc, GError **error)
{
	TsdlValue v;
	bool ok;

	if (!tsdl_is_ident(tsdl_peek(p, 0), "align") || !tsdl_is_punct(tsdl_peek(p, 1), "("))
		return true;
	tsdl_next(p);
	tsdl_next(p);
	ok = tsdl_parse_value(p, &v, error) && tsdl_parse_align(p, &v, &fc->st.min_align, error);
	tsdl_value_clear(&v);
	return ok && tsdl_expect_punct(p, ")", error);
}

static CtfFieldClass *parse_struct(TsdlParser *p, const TsdlToken *at, GError **error)
{
	g_autofree char *name = NULL;
	CtfFieldClass *fc;

	if (tsdl_peek(p, 0)->kind == TSDL_TK_IDENT)
		name = g_strdup(tsdl_next(p)->str);
	if (!tsdl_is_punct(tsdl_peek(p, 0), "{")) {
		CtfFieldClass *def = name ? tsdl_lookup(p, 1, name) : NULL;

		if (!def) {
			tsdl_error(p, at, error,
			           name ? _("unknown structure `%s`")
			                : _("expected `{` after `struct`"),
			           name);
			return NULL;
		}
		fc = tsdl_copy(p, def, at, error);
		if (!fc)
			return NULL;
	} else {
		tsdl_next(p);
		if (p->depth >= TSDL_MAX_DEPTH) {
			tsdl_error(p, at, error,
			           _("structures and variants nested more than %d deep"),
			           TSDL_MAX_DEPTH);
			return NULL;
		}
		fc = ctf_fc_new(CTF_FC_STRUCT);
		tsdl_scope_push(p);
		p->depth++;
		if (!parse_fields(p, fc, error)) {
			p->depth--;
			tsdl_scope_pop(p);
			ctf_fc_free(fc);
			return NULL;
		}
		p->depth--;
		tsdl_scope_pop(p);
		if (!parse_struct_align(p, fc, error)) {
			ctf_fc_free(fc);
			return NULL;
		}
		if (name && !tsdl_define(p, at, 1, name, ctf_fc_copy(fc), error)) {
			ctf_fc_free(fc);
			return NULL;
		}
		return fc;
	}
	if (!parse_struct_align(p, fc, error)) {
		ctf_fc_free(fc);
		return NULL;
	}
	return fc;
}

static CtfFieldClass *parse_variant(TsdlParser *p, const TsdlToken *at, GError **error)
{
	g_autofree char *name = NULL;
	CtfFieldLocation *tag = NULL;
	CtfFieldClass *fc;

	if (tsdl_peek(p, 0)->kind == TSDL_TK_IDENT)
		name = g_strdup(tsdl_next(p)->str);
	if (tsdl_is_punct(tsdl_peek(p, 0), "<")) {
		tsdl_next(p);
		tag = parse_location(p, error);
		if (!tag || !tsdl_expect_punct(p, ">", error)) {
			ctf_location_free(tag);
			return NULL;
		}
	}
	if (!tsdl_is_punct(tsdl_peek(p, 0), "{")) {
		CtfFieldClass *def = name ? tsdl_lookup(p, 2, name) : NULL;

		if (!def) {
			tsdl_error(p, at, error,
			           name ? _("unknown variant `%s`")
			                : _("expected `{` after `variant`"),
			           name);
			ctf_location_free(tag);
			return NULL;
		}
		fc = tsdl_copy(p, def, at, error);
		if (!fc) {
			ctf_location_free(tag);
			return NULL;
		}
	} else {
		tsdl_next(p);
		if (p->depth >= TSDL_MAX_DEPTH) {
			tsdl_error(p, at, error,
			           _("structures and variants nested more than %d deep"),
			           TSDL_MAX_DEPTH);
			ctf_location_free(tag);
			return NULL;
		}
		fc = ctf_fc_new(CTF_FC_VARIANT);
		tsdl_scope_push(p);
		p->depth++;
		if (!parse_fields(p, fc, error)) {
			p->depth--;
			tsdl_scope_pop(p);
			ctf_fc_free(fc);
			ctf_location_free(tag);
			return NULL;
		}
		p->depth--;
		tsdl_scope_pop(p);
		if (fc->var.options->len == 0) {
			tsdl_error(p, at, error, _("a variant needs at least one option"));
			ctf_fc_free(fc);
			ctf_location_free(tag);
			return NULL;
		}
		if (name && !tsdl_define(p, at, 2, name, ctf_fc_copy(fc), error)) {
			ctf_fc_free(fc);
			ctf_location_free(tag);
			return NULL;
		}
	}
	if (tag) {
		ctf_location_free(fc->var.sel_loc);
		fc->var.sel_loc = tag;
	}
	return fc;
}

CtfFieldClass *tsdl_parse_type_spec(TsdlParser *p, GError **error)
{
	const TsdlToken *t = tsdl_peek(p, 0);
	g_autoptr(GString) words = NULL;
	CtfFieldClass *def;

	if (t->kind != TSDL_TK_IDENT) {
		tsdl_error(p, t, error, _("expected a type"));
		return NULL;
	}
	if (!strcmp(t->str, "integer")) {
		tsdl_next(p);
		return tsdl_parse_integer(p, t, error);
	}
	if (!strcmp(t->str, "floating_point")) {
		tsdl_next(p);
		return tsdl_parse_float(p, t, error);
	}
	if (!strcmp(t->str, "string")) {
		CtfFieldClass *fc = ctf_fc_new(CTF_FC_STRING);

		tsdl_next(p);
		if (tsdl_is_punct(tsdl_peek(p, 0), "{") && !tsdl_parse_string_attrs(p, fc, error)) {
			ctf_fc_free(fc);
			return NULL;
		}
		return fc;
	}
	if (!strcmp(t->str, "struct")) {
		tsdl_next(p);
		return parse_struct(p, t, error);
	}
	if (!strcmp(t->str, "variant")) {
		tsdl_next(p);
		return parse_variant(p, t, error);
	}
	if (!strcmp(t->str, "enum")) {
		tsdl_next(p);
		return tsdl_parse_enum(p, t, error);
	}
	/* A named type: one alias name, or C keywords (`unsigned long`), and
	 * an optional `*`. */
	words = g_string_new(NULL);
	if (is_type_keyword(t->str)) {
		while (tsdl_peek(p, 0)->kind == TSDL_TK_IDENT &&
		       is_type_keyword(tsdl_peek(p, 0)->str)) {
			if (words->len)
				g_string_append_c(words, ' ');
			g_string_append(words, tsdl_next(p)->str);
		}
	} else {
		g_string_append(words, tsdl_next(p)->str);
	}
	if (tsdl_is_punct(tsdl_peek(p, 0), "*")) {
		tsdl_next(p);
		g_string_append(words, " *");
	}
	def = tsdl_lookup(p, 0, words->str);
	if (!def) {
		tsdl_error(p, t, error, _("unknown type `%s`"), words->str);
		return NULL;
	}
	return tsdl_copy(p, def, t, error);
}

static CtfFieldClass *wrap_array(CtfFieldClass *elem, bool is_seq, uint64_t len,
                                 CtfFieldLocation *loc)
{
	CtfFieldClass *a = ctf_fc_new(is_seq ? CTF_FC_DL_ARRAY : CTF_FC_SL_ARRAY);

	a->arr.elem = elem;
	a->arr.length = len;
	a->arr.length_loc = loc;
	a->arr.is_text = elem->kind == CTF_FC_INT && elem->i.is_char && elem->i.len == 8;
	return a;
}

CtfFieldClass *tsdl_parse_declarator(TsdlParser *p, CtfFieldClass *base, char **name,
                                     GError **error)
{
	const TsdlToken *t = tsdl_peek(p, 0);
	GPtrArray *dims = g_ptr_array_new();
	CtfFieldClass *fc = base;

	*name = NULL;
	if (t->kind != TSDL_TK_IDENT) {
		tsdl_error(p, t, error, _("expected a field name"));
		goto fail;
	}
	*name = g_strdup(tsdl_next(p)->str);
	/* Dimensions: `[N]` static, `[path]` dynamic.  C order: the last
	 * dimension is the innermost. */
	while (tsdl_is_punct(tsdl_peek(p, 0), "[")) {
		const TsdlToken *dt;

		if (dims->len >= 2 * 16) {
			tsdl_error(p, tsdl_peek(p, 0), error, _("more than 16 array dimensions"));
			goto fail;
		}
		tsdl_next(p);
		dt = tsdl_peek(p, 0);
		if (dt->kind == TSDL_TK_INT) {
			uint64_t *n = g_new(uint64_t, 1);

			*n = tsdl_next(p)->ival;
			g_ptr_array_add(dims, n);
			g_ptr_array_add(dims, NULL);
		} else {
			CtfFieldLocation *loc = parse_location(p, error);

			if (!loc)
				goto fail;
			g_ptr_array_add(dims, NULL);
			g_ptr_array_add(dims, loc);
		}
		if (!tsdl_expect_punct(p, "]", error))
			goto fail;
	}
	for (guint i = dims->len; i >= 2; i -= 2) {
		uint64_t *n = dims->pdata[i - 2];
		CtfFieldLocation *loc = dims->pdata[i - 1];

		fc = wrap_array(fc, loc != NULL, n ? *n : 0, loc);
		g_free(n);
		dims->pdata[i - 2] = dims->pdata[i - 1] = NULL;
	}
	g_ptr_array_unref(dims);
	return fc;
fail:
	for (guint i = 0; i + 1 < dims->len; i += 2) {
		g_free(dims->pdata[i]);
		ctf_location_free(dims->pdata[i + 1]);
	}
	g_ptr_array_unref(dims);
	ctf_fc_free(fc);
	g_clear_pointer(name, g_free);
	return NULL;
}

/* The name after `:=` in a typealias: words and `*`, up to `;`. */
static char *parse_alias_name(TsdlParser *p, GError **error)
{
	g_autoptr(GString) s = g_string_new(NULL);

	while (!tsdl_is_punct(tsdl_peek(p, 0), ";")) {
		const TsdlToken *t = tsdl_next(p);

		if (t->kind == TSDL_TK_IDENT) {
			if (s->len)
				g_string_append_c(s, ' ');
			g_string_append(s, t->str);
		} else if (tsdl_is_punct(t, "*")) {
			g_string_append(s, " *");
		} else {
			tsdl_error(p, t, error, _("expected a type name after `:=`"));
			return NULL;
		}
	}
	if (s->len == 0) {
		tsdl_error(p, tsdl_peek(p, 0), error, _("expected a type name after `:=`"));
		return NULL;
	}
	return g_string_free(g_steal_pointer(&s), FALSE);
}

bool tsdl_parse_type_declaration(TsdlParser *p, GError **error)
{
	const TsdlToken *t = tsdl_peek(p, 0);

	if (tsdl_is_ident(t, "typealias")) {
		CtfFieldClass *fc;
		g_autofree char *name = NULL;

		tsdl_next(p);
		fc = tsdl_parse_type_spec(p, error);
		if (!fc)
			return false;
		/* optional abstract declarator on the left: `[N]` */
		while (tsdl_is_punct(tsdl_peek(p, 0), "[")) {
			const TsdlToken *dt;

			tsdl_next(p);
			dt = tsdl_next(p);
			if (dt->kind != TSDL_TK_INT || !tsdl_expect_punct(p, "]", error)) {
				tsdl_error(p, dt, error, _("expected an array length"));
				ctf_fc_free(fc);
				return false;
			}
			fc = wrap_array(fc, false, dt->ival, NULL);
		}
		if (!tsdl_expect_punct(p, ":=", error)) {
			ctf_fc_free(fc);
			return false;
		}
		name = parse_alias_name(p, error);
		if (!name) {
			ctf_fc_free(fc);
			return false;
		}
		if (!tsdl_define(p, t, 0, name, fc, error))
			return false;
		return tsdl_expect_punct(p, ";", error);
	}
	if (tsdl_is_ident(t, "typedef")) {
		CtfFieldClass *base;

		tsdl_next(p);
		base = tsdl_parse_type_spec(p, error);
		if (!base)
			return false;
		while (true) {
			g_autofree char *name = NULL;
			CtfFieldClass *copy = tsdl_copy(p, base, t, error);
			CtfFieldClass *fc =
			        copy ? tsdl_parse_declarator(p, copy, &name, error) : NULL;

			if (!fc || !tsdl_define(p, t, 0, name, fc, error)) {
				ctf_fc_free(base);
				return false;
			}
			if (!tsdl_is_punct(tsdl_peek(p, 0), ","))
				break;
			tsdl_next(p);
		}
		ctf_fc_free(base);
		return tsdl_expect_punct(p, ";", error);
	}
	/* struct / variant / enum definition (named for later use) */
	{
		CtfFieldClass *fc = tsdl_parse_type_spec(p, error);
		const TsdlToken *n;

		if (!fc)
			return false;
		ctf_fc_free(fc);
		/* babeltrace2 accepts a definition directly followed by the next
		 * one without `;` (ctf-testsuite struct-inner-struct). */
		n = tsdl_peek(p, 0);
		if (n->kind == TSDL_TK_IDENT && p->scope->parent == NULL &&
		    (tsdl_at_type_declaration(p) || tsdl_is_punct(tsdl_peek(p, 1), "{")))
			return true;
		return tsdl_expect_punct(p, ";", error);
	}
}
