/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of a built CTF 2 scope field class: role placement (ctf-2.md §4)
 * and what each (already absolute) field location designates (§5.2);
 * sets the signedness of selector ranges from their selector and rejects
 * overlapping variant options (§3.8).
 */
#include "ctf/ctf2-internal.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const CtfFieldClass *fc; /* a container on the way to the field being checked */
	guint idx;               /* member or option index taken in it */
} Link;

typedef struct {
	Ctf2Ctx *c;
	CtfScope scope;
	const CtfFieldClass *root;
	GArray *chain; /* of Link: root first */
} Walk;

typedef enum { WANT_LENGTH, WANT_BOOL, WANT_INT } Want;

typedef struct {
	const CtfFieldLocation *loc;
	const CtfFieldClass *dep; /* the field class having the location */
	const char *key;          /* property name, for messages */
	char *text;               /* the location, for messages */
	size_t off;
} LocCtx;

static const uint32_t scope_roles[CTF_SCOPE_COUNT] = {
        [CTF_SCOPE_PKT_HEADER] = CTF_ROLE_MAGIC | CTF_ROLE_UUID | CTF_ROLE_DSC_ID | CTF_ROLE_DS_ID,
        [CTF_SCOPE_PKT_CTX] = CTF_ROLE_PKT_TOTAL_LEN | CTF_ROLE_PKT_CONTENT_LEN |
                              CTF_ROLE_CLOCK_TS | CTF_ROLE_PKT_END_TS | CTF_ROLE_DISC_SNAPSHOT |
                              CTF_ROLE_PKT_SEQ_NUM,
        [CTF_SCOPE_EV_HEADER] = CTF_ROLE_CLOCK_TS | CTF_ROLE_ERC_ID,
};

const char *ctf2_fc_desc(const CtfFieldClass *fc)
{
	switch (fc->kind) {
	case CTF_FC_INT:
		switch (fc->i.flavor) {
		case CTF_INT_BOOL: return _("a fixed-length boolean");
		case CTF_INT_BITMAP: return _("a fixed-length bit map");
		case CTF_INT_BITARRAY: return _("a fixed-length bit array");
		default:
			return fc->i.is_signed ? _("a fixed-length signed integer")
			                       : _("a fixed-length unsigned integer");
		}
	case CTF_FC_FLOAT: return _("a fixed-length floating-point number");
	case CTF_FC_VLINT:
		return fc->vl.is_signed ? _("a variable-length signed integer")
		                        : _("a variable-length unsigned integer");
	case CTF_FC_STRING: return _("a null-terminated string");
	case CTF_FC_SL_STRING: return _("a static-length string");
	case CTF_FC_DL_STRING: return _("a dynamic-length string");
	case CTF_FC_SL_BLOB: return _("a static-length BLOB");
	case CTF_FC_DL_BLOB: return _("a dynamic-length BLOB");
	case CTF_FC_STRUCT: return _("a structure");
	case CTF_FC_SL_ARRAY: return _("a static-length array");
	case CTF_FC_DL_ARRAY: return _("a dynamic-length array");
	case CTF_FC_VARIANT: return _("a variant");
	case CTF_FC_OPTIONAL: return _("an optional");
	}
	return "?";
}

bool ctf2_fc_has_role(const CtfFieldClass *fc, uint32_t roles)
{
	if (!fc)
		return false;
	switch (fc->kind) {
	case CTF_FC_INT: return fc->i.roles & roles;
	case CTF_FC_VLINT: return fc->vl.roles & roles;
	case CTF_FC_SL_BLOB: return fc->s.roles & roles;
	case CTF_FC_STRUCT:
		for (guint i = 0; i < fc->st.members->len; i++)
			if (ctf2_fc_has_role(((CtfMember *)fc->st.members->pdata[i])->fc, roles))
				return true;
		return false;
	case CTF_FC_SL_ARRAY:
	case CTF_FC_DL_ARRAY: return ctf2_fc_has_role(fc->arr.elem, roles);
	case CTF_FC_OPTIONAL: return ctf2_fc_has_role(fc->opt.fc, roles);
	case CTF_FC_VARIANT:
		for (guint i = 0; i < fc->var.options->len; i++)
			if (ctf2_fc_has_role(((CtfVariantOption *)fc->var.options->pdata[i])->fc,
			                     roles))
				return true;
		return false;
	default: return false;
	}
}

/* An error about the field class (or range set) `key`, noting the field
 * class alias its text comes from: the offset then points there. */
static void werr(Walk *w, const void *key, size_t off, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void werr(Walk *w, const void *key, size_t off, const char *fmt, ...)
{
	const char *alias = ctf2_info(w->c, key)->alias;
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (alias)
		ctf2_error(w->c, off, _("%s (in field class alias `%s`)"), msg, alias);
	else
		ctf2_error(w->c, off, "%s", msg);
}

static const char *role_name(uint32_t role)
{
	switch (role) {
	case CTF_ROLE_MAGIC: return "packet-magic-number";
	case CTF_ROLE_UUID: return "metadata-stream-uuid";
	case CTF_ROLE_DSC_ID: return "data-stream-class-id";
	case CTF_ROLE_DS_ID: return "data-stream-id";
	case CTF_ROLE_PKT_TOTAL_LEN: return "packet-total-length";
	case CTF_ROLE_PKT_CONTENT_LEN: return "packet-content-length";
	case CTF_ROLE_CLOCK_TS: return "default-clock-timestamp";
	case CTF_ROLE_PKT_END_TS: return "packet-end-default-clock-timestamp";
	case CTF_ROLE_DISC_SNAPSHOT: return "discarded-event-record-counter-snapshot";
	case CTF_ROLE_PKT_SEQ_NUM: return "packet-sequence-number";
	default: return "event-record-class-id";
	}
}

static const char *role_scopes(uint32_t role)
{
	if (role & scope_roles[CTF_SCOPE_PKT_HEADER])
		return _("a packet header field class");
	if (role == CTF_ROLE_CLOCK_TS)
		return _("a packet context or event record header field class");
	if (role == CTF_ROLE_ERC_ID)
		return _("an event record header field class");
	return _("a packet context field class");
}

static bool check_roles(Walk *w, const CtfFieldClass *fc, uint32_t roles)
{
	Ctf2Ctx *c = w->c;
	size_t off = ctf2_info(c, fc)->roles_off;
	const CtfFieldClass *first = NULL;

	for (uint32_t r = 1; r <= CTF_ROLE_ERC_ID; r <<= 1) {
		if (!(roles & r) || (scope_roles[w->scope] & r))
			continue;
		werr(w, fc, off,
		     _("may not have the `%s` role here, in the %s scope (only valid "
		       "within %s)"),
		     role_name(r), ctf_scope_name(w->scope), role_scopes(r));
		return false;
	}
	if (roles & CTF_ROLE_MAGIC) {
		if (fc->kind != CTF_FC_INT || fc->i.len != 32) {
			werr(w, fc, off,
			     _("the `packet-magic-number` role needs a 32-bit "
			       "fixed-length unsigned integer field class"));
			return false;
		}
		if (w->root->st.members->len > 0)
			first = ((const CtfMember *)w->root->st.members->pdata[0])->fc;
		if (fc != first) {
			werr(w, fc, off,
			     _("the field class with the `packet-magic-number` role "
			       "must be the one of the first member class of the "
			       "packet header field class"));
			return false;
		}
	}
	if ((roles & CTF_ROLE_UUID) && !c->tc->has_uuid) {
		werr(w, fc, off,
		     _("the `metadata-stream-uuid` role needs a `uuid` property in "
		       "the preamble fragment, which has none"));
		return false;
	}
	for (uint32_t r = CTF_ROLE_CLOCK_TS; r <= CTF_ROLE_PKT_END_TS; r <<= 1) {
		if ((roles & r) && !c->dsc_has_clock) {
			werr(w, fc, off,
			     _("the `%s` role needs a default clock class, and the "
			       "data stream class has no `default-clock-class-id`"),
			     role_name(r));
			return false;
		}
	}
	return true;
}

static char *loc_text(const CtfFieldLocation *loc)
{
	GString *s = g_string_new(ctf_scope_name(loc->scope));

	g_string_append(s, ":");
	for (guint i = 0; i < loc->path->len; i++)
		g_string_append_printf(s, "%s%s", i ? "." : " ", (const char *)loc->path->pdata[i]);
	return g_string_free(s, FALSE);
}

static void soft(char **reason, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void soft(char **reason, const char *fmt, ...)
{
	va_list ap;

	if (*reason)
		return;
	va_start(ap, fmt);
	*reason = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

static const Link *link_at(const Walk *w, int cpos)
{
	return &g_array_index(w->chain, Link, cpos);
}

/*
 * Follows loc->path[pi..] from `node`.  `cpos`: index of `node` in the
 * chain of the dependent field (== chain length: the dependent field
 * itself), or -1 when `node` is not on its way.  Adds the possible
 * targets to `cands`; a dead end only records a `reason`; false (error
 * set) when the location is invalid whatever the candidates.
 */
static bool resolve(Walk *w, const LocCtx *lc, const CtfFieldClass *node, guint pi, int cpos,
                    GPtrArray *cands, char **reason)
{
	const GPtrArray *path = lc->loc->path;
	int clen = (int)w->chain->len;

	if (pi == path->len) {
		if (cpos >= 0) {
			werr(w, lc->dep, lc->off,
			     _("`%s` {%s}: locates the dependent field itself or "
			       "a field containing it, which is not decoded "
			       "before it"),
			     lc->key, lc->text);
			return false;
		}
		if (node->kind == CTF_FC_STRUCT) {
			werr(w, lc->dep, lc->off,
			     _("`%s` {%s}: locates a structure; expecting a "
			       "field of a scalar type"),
			     lc->key, lc->text);
			return false;
		}
		g_ptr_array_add(cands, (gpointer)node);
		return true;
	}
	switch (node->kind) {
	case CTF_FC_STRUCT: {
		const char *name = path->pdata[pi];
		int child = -1;
		guint mi;

		for (mi = 0; mi < node->st.members->len; mi++)
			if (strcmp(((const CtfMember *)node->st.members->pdata[mi])->name, name) ==
			    0)
				break;
		if (mi == node->st.members->len) {
			soft(reason, _("no member class `%s` in the structure"), name);
			return true;
		}
		if (cpos >= 0 && cpos < clen) {
			guint di = link_at(w, cpos)->idx;

			if (mi > di) {
				soft(reason, _("member `%s` is decoded after the dependent field"),
				     name);
				return true;
			}
			if (mi == di)
				child = cpos + 1;
		}
		return resolve(w, lc, ((const CtfMember *)node->st.members->pdata[mi])->fc, pi + 1,
		               child, cands, reason);
	}
	case CTF_FC_SL_ARRAY:
	case CTF_FC_DL_ARRAY:
	case CTF_FC_OPTIONAL:
		if (cpos < 0 || cpos == clen) {
			werr(w, lc->dep, lc->off,
			     _("`%s` {%s}: the path goes through %s which does not contain "
			       "the dependent field (unreachable %s)"),
			     lc->key, lc->text, ctf2_fc_desc(node),
			     node->kind == CTF_FC_OPTIONAL ? _("optional field content")
			                                   : _("array field element"));
			return false;
		}
		return resolve(w, lc, node->kind == CTF_FC_OPTIONAL ? node->opt.fc : node->arr.elem,
		               pi, cpos + 1, cands, reason);
	case CTF_FC_VARIANT:
		if (cpos == clen) {
			werr(w, lc->dep, lc->off,
			     _("`%s` {%s}: the path goes inside the dependent "
			       "field itself"),
			     lc->key, lc->text);
			return false;
		}
		if (cpos >= 0) {
			const CtfVariantOption *o = node->var.options->pdata[link_at(w, cpos)->idx];

			return resolve(w, lc, o->fc, pi, cpos + 1, cands, reason);
		}
		for (guint i = 0; i < node->var.options->len; i++) {
			const CtfVariantOption *o = node->var.options->pdata[i];

			if (!resolve(w, lc, o->fc, pi, -1, cands, reason))
				return false;
		}
		return true;
	default:
		soft(reason, _("`%s` is %s, not a structure"),
		     pi > 0 ? (const char *)path->pdata[pi - 1] : "?", ctf2_fc_desc(node));
		return true;
	}
}

/* Checks the location `loc` of `dep`; *is_signed: signedness of the
 * selector (WANT_INT). */
static bool check_loc(Walk *w, const CtfFieldClass *dep, const CtfFieldLocation *loc, Want want,
                      bool *is_signed)
{
	Ctf2Ctx *c = w->c;
	g_autoptr(GPtrArray) cands = g_ptr_array_new();
	g_autofree char *reason = NULL;
	g_autofree char *text = loc_text(loc);
	LocCtx lc = {loc, dep,
	             want == WANT_LENGTH ? "length-field-location" : "selector-field-location",
	             text, ctf2_info(c, dep)->loc_off};
	const CtfFieldClass *root;
	bool same = loc->scope == w->scope;

	if (loc->scope > w->scope) {
		werr(w, dep, lc.off,
		     _("`%s` {%s}: a field within the %s scope cannot depend on a "
		       "field within the later %s scope (unreachable)"),
		     lc.key, text, ctf_scope_name(w->scope), ctf_scope_name(loc->scope));
		return false;
	}
	root = same ? w->root : c->roots[loc->scope];
	if (!root) {
		werr(w, dep, lc.off, _("`%s` {%s}: locates nothing: there is no %s field class"),
		     lc.key, text, ctf_scope_name(loc->scope));
		return false;
	}
	if (!resolve(w, &lc, root, 0, same ? 0 : -1, cands, &reason))
		return false;
	if (cands->len == 0) {
		werr(w, dep, lc.off, _("`%s` {%s}: locates nothing: %s"), lc.key, text,
		     reason ? reason : "?");
		return false;
	}
	for (guint i = 0; i < cands->len; i++) {
		const CtfFieldClass *t = cands->pdata[i];
		bool fixed_int = t->kind == CTF_FC_INT && t->i.flavor == CTF_INT_PLAIN;
		bool sign = t->kind == CTF_FC_INT     ? t->i.is_signed
		            : t->kind == CTF_FC_VLINT ? t->vl.is_signed
		                                      : false;

		switch (want) {
		case WANT_LENGTH:
			if ((fixed_int || t->kind == CTF_FC_VLINT) && !sign)
				continue;
			werr(w, dep, lc.off,
			     _("`%s` {%s}: expecting an unsigned integer length "
			       "field, not %s"),
			     lc.key, text, ctf2_fc_desc(t));
			return false;
		case WANT_BOOL:
			if (t->kind == CTF_FC_INT && t->i.flavor == CTF_INT_BOOL)
				continue;
			werr(w, dep, lc.off,
			     _("`%s` {%s}: expecting a boolean selector field (the "
			       "optional has no `selector-field-ranges`), not %s"),
			     lc.key, text, ctf2_fc_desc(t));
			return false;
		case WANT_INT:
			if (!fixed_int && t->kind != CTF_FC_VLINT) {
				werr(w, dep, lc.off,
				     _("`%s` {%s}: expecting an integer selector "
				       "field, not %s"),
				     lc.key, text, ctf2_fc_desc(t));
				return false;
			}
			if (i > 0 && sign != *is_signed) {
				werr(w, dep, lc.off,
				     _("`%s` {%s}: the possible selector fields are "
				       "not all signed or all unsigned integers"),
				     lc.key, text);
				return false;
			}
			*is_signed = sign;
			break;
		}
	}
	return true;
}

/* Gives selector ranges the signedness of their selector. */
static bool set_sign(Walk *w, CtfRangeSet *rs, bool is_signed)
{
	Ctf2Info *info = ctf2_info(w->c, rs);

	if (!is_signed && info->neg) {
		werr(w, rs, info->off,
		     _("`selector-field-ranges`: negative value while the "
		       "selector field is an unsigned integer"));
		return false;
	}
	if (is_signed && info->big) {
		werr(w, rs, info->off,
		     _("`selector-field-ranges`: value greater than 2^63-1 "
		       "while the selector field is a signed integer"));
		return false;
	}
	rs->is_signed = is_signed;
	return true;
}

typedef struct {
	uint64_t lo, hi; /* biased so that unsigned order is the value order */
	guint opt;
} OptRange;

static int cmp_range(const void *a, const void *b)
{
	const OptRange *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo ? 1 : (x->opt > y->opt) - (x->opt < y->opt);
}

static char *opt_label(const CtfFieldClass *var, guint i)
{
	const CtfVariantOption *o = var->var.options->pdata[i];

	return o->name ? g_strdup_printf("`%s`", o->name) : g_strdup_printf("#%u", i + 1);
}

/* Options' ranges must not overlap (ctf-2.md §3.8): sort, then sweep
 * keeping the greatest upper bounds of the two options reaching
 * farthest. */
static bool check_overlap(Walk *w, const CtfFieldClass *var, bool is_signed)
{
	uint64_t bias = is_signed ? (uint64_t)1 << 63 : 0, m1 = 0, m2 = 0;
	g_autoptr(GArray) all = g_array_new(FALSE, FALSE, sizeof(OptRange));
	guint o1 = G_MAXUINT, o2 = G_MAXUINT;

	for (guint i = 0; i < var->var.options->len; i++) {
		const CtfVariantOption *o = var->var.options->pdata[i];

		for (guint j = 0; j < o->ranges.ranges->len; j++) {
			const CtfRange *r = &g_array_index(o->ranges.ranges, CtfRange, j);
			OptRange e = {r->lower ^ bias, r->upper ^ bias, i};

			g_array_append_val(all, e);
		}
	}
	qsort(all->data, all->len, sizeof(OptRange), cmp_range);
	for (guint i = 0; i < all->len; i++) {
		const OptRange *r = &g_array_index(all, OptRange, i);
		guint other = G_MAXUINT;

		if (o1 != G_MAXUINT && r->opt != o1 && r->lo <= m1)
			other = o1;
		else if (o2 != G_MAXUINT && r->opt == o1 && r->lo <= m2)
			other = o2;
		if (other != G_MAXUINT) {
			const CtfVariantOption *o = var->var.options->pdata[r->opt];
			g_autofree char *a = opt_label(var, other);
			g_autofree char *b = opt_label(var, r->opt);

			werr(w, &o->ranges, ctf2_info(w->c, &o->ranges)->off,
			     _("`selector-field-ranges`: options %s and %s have overlapping "
			       "ranges (a selector value would select both)"),
			     a, b);
			return false;
		}
		if (r->opt == o1) {
			m1 = MAX(m1, r->hi);
		} else if (o1 == G_MAXUINT || r->hi > m1) {
			m2 = m1;
			o2 = o1;
			m1 = r->hi;
			o1 = r->opt;
		} else if (r->opt == o2 || o2 == G_MAXUINT || r->hi > m2) {
			m2 = r->opt == o2 ? MAX(m2, r->hi) : r->hi;
			o2 = r->opt;
		}
	}
	return true;
}

static bool walk(Walk *w, const CtfFieldClass *fc);

static bool walk_child(Walk *w, const CtfFieldClass *parent, guint idx, const CtfFieldClass *child,
                       const char *label)
{
	Link l = {parent, idx};
	size_t mark = ctf2_path_push(w->c, "%s", label);
	bool ok;

	g_array_append_val(w->chain, l);
	ok = walk(w, child);
	g_array_set_size(w->chain, w->chain->len - 1);
	ctf2_path_pop(w->c, mark);
	return ok;
}

static bool walk(Walk *w, const CtfFieldClass *fc)
{
	bool is_signed = false;

	switch (fc->kind) {
	case CTF_FC_INT: return !fc->i.roles || check_roles(w, fc, fc->i.roles);
	case CTF_FC_VLINT: return !fc->vl.roles || check_roles(w, fc, fc->vl.roles);
	case CTF_FC_SL_BLOB: return !fc->s.roles || check_roles(w, fc, fc->s.roles);
	case CTF_FC_DL_STRING:
	case CTF_FC_DL_BLOB: return check_loc(w, fc, fc->s.length_loc, WANT_LENGTH, NULL);
	case CTF_FC_STRUCT:
		for (guint i = 0; i < fc->st.members->len; i++) {
			const CtfMember *m = fc->st.members->pdata[i];
			g_autofree char *label = g_strdup_printf(_("member class `%s`"), m->name);

			if (!walk_child(w, fc, i, m->fc, label))
				return false;
		}
		return true;
	case CTF_FC_SL_ARRAY:
	case CTF_FC_DL_ARRAY:
		if (fc->kind == CTF_FC_DL_ARRAY &&
		    !check_loc(w, fc, fc->arr.length_loc, WANT_LENGTH, NULL))
			return false;
		return walk_child(w, fc, 0, fc->arr.elem, "`element-field-class`");
	case CTF_FC_OPTIONAL:
		if (!check_loc(w, fc, fc->opt.sel_loc, fc->opt.sel_ranges ? WANT_INT : WANT_BOOL,
		               &is_signed) ||
		    (fc->opt.sel_ranges && !set_sign(w, fc->opt.sel_ranges, is_signed)))
			return false;
		return walk_child(w, fc, 0, fc->opt.fc, "`field-class`");
	case CTF_FC_VARIANT:
		if (!check_loc(w, fc, fc->var.sel_loc, WANT_INT, &is_signed))
			return false;
		for (guint i = 0; i < fc->var.options->len; i++) {
			CtfVariantOption *o = fc->var.options->pdata[i];
			g_autofree char *opt = opt_label(fc, i);
			size_t mark = ctf2_path_push(w->c, _("option %s"), opt);
			bool ok = set_sign(w, &o->ranges, is_signed);

			ctf2_path_pop(w->c, mark);
			if (!ok)
				return false;
		}
		if (!check_overlap(w, fc, is_signed))
			return false;
		for (guint i = 0; i < fc->var.options->len; i++) {
			g_autofree char *opt = opt_label(fc, i);
			g_autofree char *label = g_strdup_printf(_("option %s"), opt);

			if (!walk_child(w, fc, i,
			                ((const CtfVariantOption *)fc->var.options->pdata[i])->fc,
			                label))
				return false;
		}
		return true;
	default: return true;
	}
}

bool ctf2_check_scope(Ctf2Ctx *c, CtfScope scope, const CtfFieldClass *root)
{
	Walk w = {c, scope, root, g_array_new(FALSE, FALSE, sizeof(Link))};
	bool ok = walk(&w, root);

	g_array_unref(w.chain);
	return ok;
}
