/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Prepares a parsed trace class for decoding: effective alignments, a key
 * slot for every field some length or selector refers to, and the
 * constant size of every subtree that has one (so the decoder skips it in
 * one step).
 */
#include "ctf/compile.h"
#include "ctf/program.h"

#include "lttv/error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static void set_alignments(CtfFieldClass *fc)
{
	if (!fc)
		return;
	switch (fc->kind) {
	case CTF_FC_STRUCT:
		for (guint i = 0; i < fc->st.members->len; i++)
			set_alignments(((CtfMember *)fc->st.members->pdata[i])->fc);
		break;
	case CTF_FC_SL_ARRAY:
	case CTF_FC_DL_ARRAY:
		set_alignments(fc->arr.elem);
		break;
	case CTF_FC_VARIANT:
		for (guint i = 0; i < fc->var.options->len; i++)
			set_alignments(((CtfVariantOption *)fc->var.options->pdata[i])->fc);
		break;
	case CTF_FC_OPTIONAL:
		set_alignments(fc->opt.fc);
		break;
	default:
		break;
	}
	fc->alignment = ctf_fc_alignment(fc);
}

static void collect_targets(CtfFieldClass *fc, GPtrArray *path, guint from, GPtrArray *out)
{
	if (from == path->len) {
		g_ptr_array_add(out, fc);
		return;
	}
	switch (fc->kind) {
	case CTF_FC_STRUCT:
		for (guint i = 0; i < fc->st.members->len; i++) {
			CtfMember *m = fc->st.members->pdata[i];

			if (strcmp(m->name, path->pdata[from]) == 0) {
				collect_targets(m->fc, path, from + 1, out);
				return;
			}
		}
		return;
	case CTF_FC_SL_ARRAY:
	case CTF_FC_DL_ARRAY:
		collect_targets(fc->arr.elem, path, from, out);
		return;
	case CTF_FC_VARIANT:
		for (guint i = 0; i < fc->var.options->len; i++)
			collect_targets(((CtfVariantOption *)fc->var.options->pdata[i])->fc, path, from,
			                out);
		return;
	case CTF_FC_OPTIONAL:
		collect_targets(fc->opt.fc, path, from, out);
		return;
	default:
		return;
	}
}

typedef struct {
	CtfTraceClass *tc;
	CtfFieldClass *roots[CTF_SCOPE_COUNT];
	const char *what; /* for messages */
	GError **error;
} Linker;

static bool link_location(Linker *l, CtfFieldLocation *loc)
{
	g_autoptr(GPtrArray) targets = g_ptr_array_new();
	int slot = -1;

	if (loc->key_slot >= 0)
		return true;
	if (loc->scope >= CTF_SCOPE_COUNT || !l->roots[loc->scope]) {
		g_set_error(l->error, LTTV_ERROR, LTTV_ERROR_METADATA,
		            _("%s: a length or selector refers to the absent %s scope"), l->what,
		            ctf_scope_name(loc->scope));
		return false;
	}
	collect_targets(l->roots[loc->scope], loc->path, 0, targets);
	for (guint i = 0; i < targets->len; i++) {
		CtfFieldClass *t = targets->pdata[i];

		if (t->kind != CTF_FC_INT && t->kind != CTF_FC_VLINT)
			continue;
		if (slot < 0)
			slot = t->key_slot >= 0 ? t->key_slot : l->tc->n_key_slots++;
		if (t->key_slot >= 0 && t->key_slot != slot) {
			/* candidates already keyed differently: give them all one
			 * fresh slot is impossible; such metadata is unsupported */
			g_set_error(l->error, LTTV_ERROR, LTTV_ERROR_METADATA,
			            _("%s: a field is the key of two incompatible locations"), l->what);
			return false;
		}
		t->key_slot = slot;
	}
	if (slot < 0) {
		g_set_error(l->error, LTTV_ERROR, LTTV_ERROR_METADATA,
		            _("%s: a length or selector location names no integer field"), l->what);
		return false;
	}
	loc->key_slot = slot;
	return true;
}

static bool link_tree(Linker *l, CtfFieldClass *fc)
{
	if (!fc)
		return true;
	switch (fc->kind) {
	case CTF_FC_DL_STRING:
	case CTF_FC_DL_BLOB:
		return link_location(l, fc->s.length_loc);
	case CTF_FC_STRUCT:
		for (guint i = 0; i < fc->st.members->len; i++)
			if (!link_tree(l, ((CtfMember *)fc->st.members->pdata[i])->fc))
				return false;
		return true;
	case CTF_FC_SL_ARRAY:
		return link_tree(l, fc->arr.elem);
	case CTF_FC_DL_ARRAY:
		return link_location(l, fc->arr.length_loc) && link_tree(l, fc->arr.elem);
	case CTF_FC_VARIANT:
		if (!link_location(l, fc->var.sel_loc))
			return false;
		for (guint i = 0; i < fc->var.options->len; i++)
			if (!link_tree(l, ((CtfVariantOption *)fc->var.options->pdata[i])->fc))
				return false;
		return true;
	case CTF_FC_OPTIONAL:
		return link_location(l, fc->opt.sel_loc) && link_tree(l, fc->opt.fc);
	default:
		return true;
	}
}

/* Constant size of a subtree, or -1.  A subtree is constant when every
 * field in it has a constant size, nothing in it carries a role or a key,
 * and no byte-order change happens inside a byte (which the decoder must
 * see to report). */
static int64_t compute_fixed(CtfFieldClass *fc)
{
	int64_t r = -1;

	switch (fc->kind) {
	case CTF_FC_INT:
		if (!fc->i.roles && fc->key_slot < 0)
			r = fc->i.len;
		break;
	case CTF_FC_FLOAT:
		r = fc->f.len;
		break;
	case CTF_FC_SL_STRING:
		r = fc->s.length <= (uint64_t)INT32_MAX ? (int64_t)fc->s.length * 8 : -1;
		break;
	case CTF_FC_SL_BLOB:
		r = !fc->s.roles && fc->s.length <= (uint64_t)INT32_MAX ? (int64_t)fc->s.length * 8 : -1;
		break;
	case CTF_FC_STRUCT: {
		int64_t pos = 0;
		bool ok = true;
		int last_bo = -1;

		for (guint i = 0; i < fc->st.members->len; i++) {
			CtfFieldClass *m = ((CtfMember *)fc->st.members->pdata[i])->fc;
			int64_t mb = compute_fixed(m);
			int bo = m->kind == CTF_FC_INT ? (int)m->i.bo
			         : m->kind == CTF_FC_FLOAT ? (int)m->f.bo
			                                   : -1;

			if (mb < 0) {
				ok = false;
				continue;
			}
			pos = (pos + m->alignment - 1) & ~(int64_t)(m->alignment - 1);
			if (bo >= 0 && last_bo >= 0 && bo != last_bo && pos % 8)
				ok = false;
			if (m->kind == CTF_FC_INT || m->kind == CTF_FC_FLOAT)
				last_bo = bo;
			else if (mb > 0)
				last_bo = -1; /* nested aggregate: conservative */
			if (m->kind != CTF_FC_INT && m->kind != CTF_FC_FLOAT && mb > 0)
				ok = ok && (pos % 8 == 0);
			pos += mb;
		}
		r = ok ? pos : -1;
		break;
	}
	case CTF_FC_SL_ARRAY: {
		int64_t eb = compute_fixed(fc->arr.elem);

		if (eb >= 0 && eb % fc->arr.elem->alignment == 0 && eb % 8 == 0 &&
		    (eb == 0 || fc->arr.length <= (uint64_t)(INT64_MAX / 2) / (uint64_t)MAX(eb, 1)))
			r = eb * (int64_t)fc->arr.length;
		break;
	}
	case CTF_FC_DL_ARRAY:
		compute_fixed(fc->arr.elem);
		break;
	case CTF_FC_VARIANT:
		for (guint i = 0; i < fc->var.options->len; i++)
			compute_fixed(((CtfVariantOption *)fc->var.options->pdata[i])->fc);
		break;
	case CTF_FC_OPTIONAL:
		compute_fixed(fc->opt.fc);
		break;
	default:
		break;
	}
	fc->fixed_bits = r;
	return r;
}

bool ctf_trace_class_compile(CtfTraceClass *tc, GError **error)
{
	Linker l = {.tc = tc, .error = error};

	set_alignments(tc->pkt_header);
	for (guint s = 0; s < tc->stream_classes->len; s++) {
		CtfStreamClass *sc = tc->stream_classes->pdata[s];

		set_alignments(sc->pkt_ctx);
		set_alignments(sc->ev_header);
		set_alignments(sc->ev_common_ctx);
		for (guint e = 0; e < sc->event_classes->len; e++) {
			CtfEventClass *ec = sc->event_classes->pdata[e];

			set_alignments(ec->specific_ctx);
			set_alignments(ec->payload);
		}
	}
	l.roots[CTF_SCOPE_PKT_HEADER] = tc->pkt_header;
	l.what = _("packet header");
	if (!link_tree(&l, tc->pkt_header))
		return false;
	for (guint s = 0; s < tc->stream_classes->len; s++) {
		CtfStreamClass *sc = tc->stream_classes->pdata[s];

		l.roots[CTF_SCOPE_PKT_CTX] = sc->pkt_ctx;
		l.roots[CTF_SCOPE_EV_HEADER] = sc->ev_header;
		l.roots[CTF_SCOPE_EV_COMMON_CTX] = sc->ev_common_ctx;
		l.roots[CTF_SCOPE_EV_SPECIFIC_CTX] = NULL;
		l.roots[CTF_SCOPE_EV_PAYLOAD] = NULL;
		l.what = _("stream class");
		if (!link_tree(&l, sc->pkt_ctx) || !link_tree(&l, sc->ev_header) ||
		    !link_tree(&l, sc->ev_common_ctx))
			return false;
		for (guint e = 0; e < sc->event_classes->len; e++) {
			CtfEventClass *ec = sc->event_classes->pdata[e];

			l.roots[CTF_SCOPE_EV_SPECIFIC_CTX] = ec->specific_ctx;
			l.roots[CTF_SCOPE_EV_PAYLOAD] = ec->payload;
			l.what = ec->name ? ec->name : _("event class");
			if (!link_tree(&l, ec->specific_ctx) || !link_tree(&l, ec->payload))
				return false;
		}
	}
	/* event class lookup by id: an array when ids are small */
	for (guint s = 0; s < tc->stream_classes->len; s++) {
		CtfStreamClass *sc = tc->stream_classes->pdata[s];
		uint64_t max = 0;

		for (guint e = 0; e < sc->event_classes->len; e++)
			max = MAX(max, ((CtfEventClass *)sc->event_classes->pdata[e])->id);
		if (sc->event_classes->len && max < 65536) {
			g_free(sc->ec_dense);
			sc->n_dense = (uint32_t)max + 1;
			sc->ec_dense = g_new0(CtfEventClass *, sc->n_dense);
			for (guint e = 0; e < sc->event_classes->len; e++) {
				CtfEventClass *ec = sc->event_classes->pdata[e];

				sc->ec_dense[ec->id] = ec;
			}
		}
	}
	/* the packet context's `cpu_id` tells each packet's CPU */
	for (guint s = 0; s < tc->stream_classes->len; s++) {
		CtfStreamClass *sc = tc->stream_classes->pdata[s];

		for (guint i = 0; sc->pkt_ctx && i < sc->pkt_ctx->st.members->len; i++) {
			CtfMember *m = sc->pkt_ctx->st.members->pdata[i];

			if (!strcmp(m->name, "cpu_id") && m->fc->kind == CTF_FC_INT)
				m->fc->i.roles |= CTF_ROLE_CPU_ID;
		}
	}
	/* sizes last: keys found above make their fields non-constant */
	if (tc->pkt_header)
		compute_fixed(tc->pkt_header);
	for (guint s = 0; s < tc->stream_classes->len; s++) {
		CtfStreamClass *sc = tc->stream_classes->pdata[s];

		if (sc->pkt_ctx)
			compute_fixed(sc->pkt_ctx);
		if (sc->ev_header)
			compute_fixed(sc->ev_header);
		if (sc->ev_common_ctx)
			compute_fixed(sc->ev_common_ctx);
		for (guint e = 0; e < sc->event_classes->len; e++) {
			CtfEventClass *ec = sc->event_classes->pdata[e];

			if (ec->specific_ctx)
				compute_fixed(ec->specific_ctx);
			if (ec->payload)
				compute_fixed(ec->payload);
		}
	}
	ctf_programs_build(tc);
	return true;
}
