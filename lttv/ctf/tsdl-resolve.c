/* SPDX-License-Identifier: GPL-2.0-or-later */
/* After parsing TSDL: assemble stream and event classes, give `native`
 * its byte order, turn CTF 1.8 special names into roles, resolve tag and
 * length paths into absolute locations, and give CTF 1.8 variants their
 * selection ranges from the tag's enumeration. */
#include "ctf/tsdl-internal.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

typedef struct {
	TsdlParser *p;
	size_t off; /* where to point errors: the block being finished */
	CtfFieldClass *roots[CTF_SCOPE_COUNT];
	GError **error;
} Resolver;

static void fix_native(CtfFieldClass *fc, CtfByteOrder native)
{
	if (!fc)
		return;
	switch (fc->kind) {
	case CTF_FC_INT:
		if (fc->i.bo == TSDL_BO_NATIVE)
			fc->i.bo = native;
		break;
	case CTF_FC_FLOAT:
		if (fc->f.bo == TSDL_BO_NATIVE)
			fc->f.bo = native;
		break;
	case CTF_FC_STRUCT:
		for (guint i = 0; i < fc->st.members->len; i++)
			fix_native(((CtfMember *)fc->st.members->pdata[i])->fc, native);
		break;
	case CTF_FC_SL_ARRAY:
	case CTF_FC_DL_ARRAY:
		fix_native(fc->arr.elem, native);
		break;
	case CTF_FC_VARIANT:
		for (guint i = 0; i < fc->var.options->len; i++)
			fix_native(((CtfVariantOption *)fc->var.options->pdata[i])->fc, native);
		break;
	default:
		break;
	}
}

static bool is_uint(const CtfFieldClass *fc)
{
	return fc && fc->kind == CTF_FC_INT && !fc->i.is_signed;
}

/* CTF 1.8 special names -> roles. */
static void mark_header_roles(CtfFieldClass *hdr)
{
	if (!hdr)
		return;
	for (guint i = 0; i < hdr->st.members->len; i++) {
		CtfMember *m = hdr->st.members->pdata[i];

		if (!strcmp(m->name, "magic") && is_uint(m->fc) && m->fc->i.len == 32 && i == 0) {
			m->fc->i.roles |= CTF_ROLE_MAGIC;
		} else if (!strcmp(m->name, "uuid") && m->fc->kind == CTF_FC_SL_ARRAY &&
		           m->fc->arr.length == 16 && m->fc->arr.elem->kind == CTF_FC_INT &&
		           m->fc->arr.elem->i.len == 8) {
			/* uint8_t uuid[16] -> a 16-byte BLOB with the UUID role */
			CtfFieldClass *blob = ctf_fc_new(CTF_FC_SL_BLOB);

			blob->alignment = MAX(8u, ctf_fc_alignment(m->fc));
			blob->s.length = 16;
			blob->s.roles = CTF_ROLE_UUID;
			ctf_fc_free(m->fc);
			m->fc = blob;
		} else if (!strcmp(m->name, "stream_id") && is_uint(m->fc)) {
			m->fc->i.roles |= CTF_ROLE_DSC_ID;
		} else if (!strcmp(m->name, "stream_instance_id") && is_uint(m->fc)) {
			m->fc->i.roles |= CTF_ROLE_DS_ID;
		}
	}
}

static void mark_ctx_roles(CtfFieldClass *ctx)
{
	static const struct { const char *name; uint32_t role; } names[] = {
		{"timestamp_begin", CTF_ROLE_CLOCK_TS},
		{"timestamp_end", CTF_ROLE_PKT_END_TS},
		{"content_size", CTF_ROLE_PKT_CONTENT_LEN},
		{"packet_size", CTF_ROLE_PKT_TOTAL_LEN},
		{"events_discarded", CTF_ROLE_DISC_SNAPSHOT},
		{"packet_seq_num", CTF_ROLE_PKT_SEQ_NUM},
	};

	if (!ctx)
		return;
	for (guint i = 0; i < ctx->st.members->len; i++) {
		CtfMember *m = ctx->st.members->pdata[i];

		if (!is_uint(m->fc))
			continue;
		for (size_t k = 0; k < G_N_ELEMENTS(names); k++)
			if (!strcmp(m->name, names[k].name))
				m->fc->i.roles |= names[k].role;
	}
}

/* In the event header, every integer named `id` is an event class id and
 * every clock-mapped integer or integer named `timestamp` a timestamp,
 * at any depth (as babeltrace2 does). */
static void mark_event_header_roles(CtfFieldClass *fc, const char *name)
{
	switch (fc->kind) {
	case CTF_FC_INT:
		if (fc->i.is_signed)
			break;
		if (name && !strcmp(name, "id"))
			fc->i.roles |= CTF_ROLE_ERC_ID;
		if (fc->i.clock_name || (name && !strcmp(name, "timestamp")))
			fc->i.roles |= CTF_ROLE_CLOCK_TS;
		break;
	case CTF_FC_STRUCT:
		for (guint i = 0; i < fc->st.members->len; i++) {
			CtfMember *m = fc->st.members->pdata[i];

			mark_event_header_roles(m->fc, m->name);
		}
		break;
	case CTF_FC_VARIANT:
		for (guint i = 0; i < fc->var.options->len; i++) {
			CtfVariantOption *o = fc->var.options->pdata[i];

			mark_event_header_roles(o->fc, NULL);
		}
		break;
	default:
		break;
	}
}

/* Finds the clock named by a `map` in a scope, NULL if none. */
static const char *find_clock_name(const CtfFieldClass *fc)
{
	if (!fc)
		return NULL;
	switch (fc->kind) {
	case CTF_FC_INT:
		return fc->i.clock_name;
	case CTF_FC_STRUCT:
		for (guint i = 0; i < fc->st.members->len; i++) {
			const char *n = find_clock_name(((CtfMember *)fc->st.members->pdata[i])->fc);

			if (n)
				return n;
		}
		return NULL;
	case CTF_FC_VARIANT:
		for (guint i = 0; i < fc->var.options->len; i++) {
			const char *n =
				find_clock_name(((CtfVariantOption *)fc->var.options->pdata[i])->fc);

			if (n)
				return n;
		}
		return NULL;
	default:
		return NULL;
	}
}

static bool has_role(const CtfFieldClass *fc, uint32_t roles)
{
	if (!fc)
		return false;
	switch (fc->kind) {
	case CTF_FC_INT:
		return (fc->i.roles & roles) != 0;
	case CTF_FC_STRUCT:
		for (guint i = 0; i < fc->st.members->len; i++)
			if (has_role(((CtfMember *)fc->st.members->pdata[i])->fc, roles))
				return true;
		return false;
	case CTF_FC_VARIANT:
		for (guint i = 0; i < fc->var.options->len; i++)
			if (has_role(((CtfVariantOption *)fc->var.options->pdata[i])->fc, roles))
				return true;
		return false;
	default:
		return false;
	}
}

static CtfClockClass *implicit_clock(CtfTraceClass *tc)
{
	CtfClockClass *cc = ctf_trace_class_clock(tc, "default");

	if (cc)
		return cc;
	cc = ctf_clock_class_new();
	cc->id = g_strdup("default");
	cc->name = g_strdup("default");
	g_ptr_array_add(tc->clocks, cc);
	return cc;
}

/* --- path resolution --- */

typedef struct {
	CtfFieldClass *st; /* enclosing structure */
	guint idx;         /* index of the member being walked */
} Frame;

typedef enum { WANT_LENGTH, WANT_TAG } Want;

static bool target_ok(const CtfFieldClass *fc, Want want)
{
	if (want == WANT_LENGTH)
		return is_uint(fc);
	return fc->kind == CTF_FC_INT && fc->i.mappings != NULL;
}

/* Follows member names from `fc` (structures; arrays and variants are
 * transparent).  `limit` bounds the first level: only members before it. */
static CtfFieldClass *follow(CtfFieldClass *fc, GPtrArray *path, guint from, guint limit)
{
	if (from == path->len)
		return fc;
	switch (fc->kind) {
	case CTF_FC_STRUCT:
		for (guint i = 0; i < fc->st.members->len && i < limit; i++) {
			CtfMember *m = fc->st.members->pdata[i];

			if (!strcmp(m->name, path->pdata[from]))
				return follow(m->fc, path, from + 1, G_MAXUINT);
		}
		return NULL;
	case CTF_FC_SL_ARRAY:
	case CTF_FC_DL_ARRAY:
		return follow(fc->arr.elem, path, from, G_MAXUINT);
	case CTF_FC_VARIANT:
		for (guint i = 0; i < fc->var.options->len; i++) {
			CtfFieldClass *t = follow(((CtfVariantOption *)fc->var.options->pdata[i])->fc,
			                          path, from, G_MAXUINT);

			if (t)
				return t;
		}
		return NULL;
	default:
		return NULL;
	}
}

static const char *want_desc(Want want)
{
	return want == WANT_LENGTH ? _("an unsigned integer (sequence length)")
	                           : _("an enumeration (variant tag)");
}

/* Resolves `loc` in place to an absolute location and returns its target. */
static CtfFieldClass *resolve(Resolver *r, CtfScope scope, GArray *frames, CtfFieldLocation *loc,
                              Want want)
{
	g_autofree char *dotted = NULL;
	CtfFieldClass *target = NULL, *wrong_kind = NULL;

	{
		g_autoptr(GString) s = g_string_new(NULL);

		for (guint i = 0; i < loc->path->len; i++)
			g_string_append_printf(s, "%s%s", i ? "." : "", (char *)loc->path->pdata[i]);
		dotted = g_string_free(g_steal_pointer(&s), FALSE);
	}
	if (loc->scope != TSDL_SCOPE_RELATIVE) {
		if (loc->scope > scope || !r->roots[loc->scope]) {
			ctf_meta_error(r->error, r->p->src, r->off, TRUE,
			               _("`%s` refers to the %s scope, which is not available here"),
			               dotted, ctf_scope_name(loc->scope));
			return NULL;
		}
		target = follow(r->roots[loc->scope], loc->path, 0,
		                loc->scope == scope && frames->len ? g_array_index(frames, Frame, 0).idx
		                                                   : G_MAXUINT);
		if (target && !target_ok(target, want)) {
			wrong_kind = target;
			target = NULL;
		}
	} else {
		/* Lexical search: innermost enclosing structure first, members
		 * declared before; a match of the wrong kind lets the search go
		 * on outward (a typedef may have been declared further out). */
		for (int f = (int)frames->len - 1; f >= 0 && !target; f--) {
			Frame *fr = &g_array_index(frames, Frame, f);
			CtfFieldClass *t = follow(fr->st, loc->path, 0, fr->idx);

			if (!t)
				continue;
			if (!target_ok(t, want)) {
				wrong_kind = wrong_kind ? wrong_kind : t;
				continue;
			}
			target = t;
			/* absolute path = members down to this frame + the path */
			for (int k = f - 1; k >= 0; k--) {
				Frame *o = &g_array_index(frames, Frame, k);
				CtfMember *m = o->st->st.members->pdata[o->idx];

				g_ptr_array_insert(loc->path, 0, g_strdup(m->name));
			}
			loc->scope = scope;
		}
		/* then the earlier scopes, from their roots */
		for (int s = (int)scope - 1; s >= 0 && !target; s--) {
			CtfFieldClass *t;

			if (!r->roots[s])
				continue;
			t = follow(r->roots[s], loc->path, 0, G_MAXUINT);
			if (t && target_ok(t, want)) {
				target = t;
				loc->scope = (CtfScope)s;
			} else if (t && !wrong_kind) {
				wrong_kind = t;
			}
		}
	}
	if (!target) {
		if (wrong_kind)
			ctf_meta_error(r->error, r->p->src, r->off, TRUE,
			               _("`%s` must be %s"), dotted, want_desc(want));
		else
			ctf_meta_error(r->error, r->p->src, r->off, TRUE,
			               _("`%s` does not name a field declared before its use"), dotted);
	}
	return target;
}

static bool option_matches(const char *option, const char *label)
{
	if (!strcmp(option, label))
		return true;
	/* babeltrace2 compares names without one leading underscore */
	if (option[0] == '_' && !strcmp(option + 1, label))
		return true;
	return label[0] == '_' && !strcmp(option, label + 1);
}

static bool resolve_tree(Resolver *r, CtfScope scope, CtfFieldClass *fc, GArray *frames)
{
	switch (fc->kind) {
	case CTF_FC_STRUCT:
		for (guint i = 0; i < fc->st.members->len; i++) {
			Frame fr = {fc, i};
			bool ok;

			g_array_append_val(frames, fr);
			ok = resolve_tree(r, scope, ((CtfMember *)fc->st.members->pdata[i])->fc, frames);
			g_array_set_size(frames, frames->len - 1);
			if (!ok)
				return false;
		}
		return true;
	case CTF_FC_SL_ARRAY:
		return resolve_tree(r, scope, fc->arr.elem, frames);
	case CTF_FC_DL_ARRAY:
		if (!resolve(r, scope, frames, fc->arr.length_loc, WANT_LENGTH))
			return false;
		return resolve_tree(r, scope, fc->arr.elem, frames);
	case CTF_FC_VARIANT: {
		CtfFieldClass *tag;

		if (!fc->var.sel_loc) {
			ctf_meta_error(r->error, r->p->src, r->off, TRUE,
			               _("a variant is used without its tag (`variant NAME <tag>`)"));
			return false;
		}
		tag = resolve(r, scope, frames, fc->var.sel_loc, WANT_TAG);
		if (!tag)
			return false;
		for (guint i = 0; i < fc->var.options->len; i++) {
			CtfVariantOption *o = fc->var.options->pdata[i];

			ctf_range_set_clear(&o->ranges);
			ctf_range_set_init(&o->ranges, tag->i.is_signed);
			for (guint k = 0; k < tag->i.mappings->len; k++) {
				CtfMapping *m = tag->i.mappings->pdata[k];

				if (!option_matches(o->name, m->name))
					continue;
				g_array_append_vals(o->ranges.ranges, m->set.ranges->data,
				                    m->set.ranges->len);
			}
			if (!resolve_tree(r, scope, o->fc, frames))
				return false;
		}
		return true;
	}
	default:
		return true;
	}
}

static bool resolve_scopes(Resolver *r)
{
	for (int s = 0; s < CTF_SCOPE_COUNT; s++) {
		g_autoptr(GArray) frames = g_array_new(FALSE, FALSE, sizeof(Frame));

		if (r->roots[s] && !resolve_tree(r, (CtfScope)s, r->roots[s], frames))
			return false;
	}
	return true;
}

bool tsdl_finish(TsdlParser *p, GError **error)
{
	CtfTraceClass *tc = p->tc;
	Resolver r = {.p = p, .error = error};
	g_autoptr(GHashTable) ec_off = g_hash_table_new(NULL, NULL);

	fix_native(tc->pkt_header, tc->native_bo);
	mark_header_roles(tc->pkt_header);

	/* stream classes */
	for (guint i = 0; i < p->streams->len; i++) {
		TsdlBlock *b = p->streams->pdata[i];
		CtfStreamClass *sc = b->sc;
		const char *clock;

		if (!b->has_id && p->streams->len > 1) {
			ctf_meta_error(error, p->src, b->off, TRUE,
			               _("several stream blocks, and this one has no id"));
			return false;
		}
		sc->id = b->has_id ? b->id : 0;
		if (ctf_trace_class_stream_class(tc, sc->id)) {
			ctf_meta_error(error, p->src, b->off, TRUE,
			               _("duplicate stream id %" PRIu64), sc->id);
			return false;
		}
		fix_native(sc->pkt_ctx, tc->native_bo);
		fix_native(sc->ev_header, tc->native_bo);
		fix_native(sc->ev_common_ctx, tc->native_bo);
		mark_ctx_roles(sc->pkt_ctx);
		if (sc->ev_header)
			mark_event_header_roles(sc->ev_header, NULL);
		clock = find_clock_name(sc->ev_header);
		if (!clock)
			clock = find_clock_name(sc->pkt_ctx);
		if (clock) {
			sc->clock = ctf_trace_class_clock(tc, clock);
			if (!sc->clock) {
				ctf_meta_error(error, p->src, b->off, TRUE,
				               _("stream maps a field to the undeclared clock `%s`"),
				               clock);
				return false;
			}
		} else if (tc->clocks->len == 1) {
			sc->clock = tc->clocks->pdata[0];
		} else if (has_role(sc->pkt_ctx, CTF_ROLE_CLOCK_TS | CTF_ROLE_PKT_END_TS) ||
		           has_role(sc->ev_header, CTF_ROLE_CLOCK_TS)) {
			/* timestamps without a clock block: a 1 GHz clock with
			 * an unknown origin, as babeltrace2 assumes */
			sc->clock = implicit_clock(tc);
		}
		g_ptr_array_add(tc->stream_classes, sc);
		b->sc = NULL;
	}
	/* event classes */
	for (guint i = 0; i < p->events->len; i++) {
		TsdlBlock *b = p->events->pdata[i];
		CtfEventClass *ec = b->ec;
		CtfStreamClass *sc;
		uint64_t sid = b->has_stream_id ? b->stream_id : 0;

		if (!b->has_stream_id && tc->stream_classes->len == 1)
			sid = ((CtfStreamClass *)tc->stream_classes->pdata[0])->id;
		sc = ctf_trace_class_stream_class(tc, sid);
		if (!sc && tc->stream_classes->len == 0 && !b->has_stream_id) {
			/* an event without any stream block: an implicit stream */
			sc = ctf_stream_class_new(0);
			if (tc->clocks->len == 1)
				sc->clock = tc->clocks->pdata[0];
			g_ptr_array_add(tc->stream_classes, sc);
		}
		if (!sc) {
			ctf_meta_error(error, p->src, b->off, TRUE,
			               _("event refers to the undeclared stream %" PRIu64),
			               sid);
			return false;
		}
		if (!ec->name) {
			ctf_meta_error(error, p->src, b->off, TRUE, _("event block lacks its name"));
			return false;
		}
		ec->id = b->has_id ? b->id : sc->event_classes->len;
		fix_native(ec->specific_ctx, tc->native_bo);
		fix_native(ec->payload, tc->native_bo);
		if (!ctf_stream_class_add_event_class(sc, ec)) {
			ctf_meta_error(error, p->src, b->off, TRUE,
			               _("duplicate event id %" PRIu64 " in stream %" PRIu64),
			               ec->id, sc->id);
			return false;
		}
		g_hash_table_insert(ec_off, ec, GSIZE_TO_POINTER(b->off));
		b->ec = NULL;
	}
	/* paths, per stream class and per event class */
	r.roots[CTF_SCOPE_PKT_HEADER] = tc->pkt_header;
	r.off = 0;
	if (tc->pkt_header && !resolve_scopes(&r))
		return false;
	for (guint i = 0; i < tc->stream_classes->len; i++) {
		CtfStreamClass *sc = tc->stream_classes->pdata[i];

		memset(&r.roots[1], 0, sizeof(r.roots) - sizeof(r.roots[0]));
		r.roots[CTF_SCOPE_PKT_CTX] = sc->pkt_ctx;
		r.roots[CTF_SCOPE_EV_HEADER] = sc->ev_header;
		r.roots[CTF_SCOPE_EV_COMMON_CTX] = sc->ev_common_ctx;
		for (guint k = 0; k < p->streams->len; k++)
			if (((TsdlBlock *)p->streams->pdata[k])->id == sc->id)
				r.off = ((TsdlBlock *)p->streams->pdata[k])->off;
		/* header scope is resolved once; skip it here */
		{
			CtfFieldClass *hdr = r.roots[0];

			r.roots[0] = NULL;
			for (int s = CTF_SCOPE_PKT_CTX; s <= CTF_SCOPE_EV_COMMON_CTX; s++) {
				g_autoptr(GArray) frames = g_array_new(FALSE, FALSE, sizeof(Frame));

				r.roots[0] = hdr;
				if (r.roots[s] && !resolve_tree(&r, (CtfScope)s, r.roots[s], frames))
					return false;
			}
		}
		for (guint e = 0; e < sc->event_classes->len; e++) {
			CtfEventClass *ec = sc->event_classes->pdata[e];

			r.roots[CTF_SCOPE_EV_SPECIFIC_CTX] = ec->specific_ctx;
			r.roots[CTF_SCOPE_EV_PAYLOAD] = ec->payload;
			r.off = GPOINTER_TO_SIZE(g_hash_table_lookup(ec_off, ec));
			for (int s = CTF_SCOPE_EV_SPECIFIC_CTX; s <= CTF_SCOPE_EV_PAYLOAD; s++) {
				g_autoptr(GArray) frames = g_array_new(FALSE, FALSE, sizeof(Frame));

				if (r.roots[s] && !resolve_tree(&r, (CtfScope)s, r.roots[s], frames))
					return false;
			}
		}
	}
	return true;
}
