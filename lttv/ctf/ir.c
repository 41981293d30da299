/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Construction, copy and destruction of the trace-class model. */
#include "ctf/ir.h"

#include <string.h>

CtfFieldClass *ctf_fc_new(CtfFcKind kind)
{
	CtfFieldClass *fc = g_new0(CtfFieldClass, 1);

	fc->kind = kind;
	fc->alignment = 1;
	fc->key_slot = -1;
	fc->fixed_bits = -1;
	switch (kind) {
	case CTF_FC_INT:
		fc->i.base = 10;
		break;
	case CTF_FC_VLINT:
		fc->vl.base = 10;
		fc->alignment = 8;
		break;
	case CTF_FC_STRING:
	case CTF_FC_SL_STRING:
	case CTF_FC_DL_STRING:
	case CTF_FC_SL_BLOB:
	case CTF_FC_DL_BLOB:
		fc->alignment = 8;
		break;
	case CTF_FC_STRUCT:
		fc->st.members = g_ptr_array_new();
		fc->st.min_align = 1;
		break;
	case CTF_FC_SL_ARRAY:
	case CTF_FC_DL_ARRAY:
		fc->arr.min_align = 1;
		break;
	case CTF_FC_VARIANT:
		fc->var.options = g_ptr_array_new();
		break;
	default:
		break;
	}
	return fc;
}

void ctf_range_set_init(CtfRangeSet *set, bool is_signed)
{
	set->is_signed = is_signed;
	set->ranges = g_array_new(FALSE, FALSE, sizeof(CtfRange));
}

void ctf_range_set_clear(CtfRangeSet *set)
{
	if (set->ranges)
		g_array_unref(set->ranges);
	set->ranges = NULL;
}

static void range_set_copy(CtfRangeSet *dst, const CtfRangeSet *src)
{
	dst->is_signed = src->is_signed;
	dst->ranges = g_array_new(FALSE, FALSE, sizeof(CtfRange));
	if (src->ranges)
		g_array_append_vals(dst->ranges, src->ranges->data, src->ranges->len);
}

void ctf_range_set_add(CtfRangeSet *set, uint64_t lower, uint64_t upper)
{
	CtfRange r = {lower, upper};

	g_array_append_val(set->ranges, r);
}

bool ctf_range_set_contains(const CtfRangeSet *set, uint64_t value)
{
	if (!set->ranges)
		return false;
	for (guint i = 0; i < set->ranges->len; i++) {
		const CtfRange *r = &g_array_index(set->ranges, CtfRange, i);

		if (set->is_signed) {
			if ((int64_t)value >= (int64_t)r->lower &&
			    (int64_t)value <= (int64_t)r->upper)
				return true;
		} else if (value >= r->lower && value <= r->upper) {
			return true;
		}
	}
	return false;
}

CtfMapping *ctf_mapping_new(const char *name, bool is_signed)
{
	CtfMapping *m = g_new0(CtfMapping, 1);

	m->name = g_strdup(name);
	ctf_range_set_init(&m->set, is_signed);
	return m;
}

static void mapping_free(gpointer p)
{
	CtfMapping *m = p;

	g_free(m->name);
	ctf_range_set_clear(&m->set);
	g_free(m);
}

GPtrArray *ctf_mappings_new(void)
{
	return g_ptr_array_new_with_free_func(mapping_free);
}

static GPtrArray *mappings_copy(const GPtrArray *src)
{
	GPtrArray *dst;

	if (!src)
		return NULL;
	dst = g_ptr_array_new_with_free_func(mapping_free);
	for (guint i = 0; i < src->len; i++) {
		const CtfMapping *m = src->pdata[i];
		CtfMapping *c = g_new0(CtfMapping, 1);

		c->name = g_strdup(m->name);
		range_set_copy(&c->set, &m->set);
		g_ptr_array_add(dst, c);
	}
	return dst;
}

CtfFieldLocation *ctf_location_new(CtfScope scope)
{
	CtfFieldLocation *loc = g_new0(CtfFieldLocation, 1);

	loc->scope = scope;
	loc->key_slot = -1;
	loc->path = g_ptr_array_new_with_free_func(g_free);
	return loc;
}

CtfFieldLocation *ctf_location_copy(const CtfFieldLocation *loc)
{
	CtfFieldLocation *c;

	if (!loc)
		return NULL;
	c = ctf_location_new(loc->scope);
	c->key_slot = loc->key_slot;
	for (guint i = 0; i < loc->path->len; i++)
		g_ptr_array_add(c->path, g_strdup(loc->path->pdata[i]));
	return c;
}

void ctf_location_free(CtfFieldLocation *loc)
{
	if (!loc)
		return;
	g_ptr_array_unref(loc->path);
	g_free(loc);
}

static void member_free(CtfMember *m)
{
	g_free(m->name);
	g_free(m->display_name);
	ctf_fc_free(m->fc);
	g_free(m);
}

static void option_free(CtfVariantOption *o)
{
	g_free(o->name);
	ctf_range_set_clear(&o->ranges);
	ctf_fc_free(o->fc);
	g_free(o);
}

void ctf_fc_free(CtfFieldClass *fc)
{
	if (!fc)
		return;
	g_free(fc->prog);
	switch (fc->kind) {
	case CTF_FC_INT:
		g_free(fc->i.clock_name);
		if (fc->i.mappings)
			g_ptr_array_unref(fc->i.mappings);
		break;
	case CTF_FC_VLINT:
		if (fc->vl.mappings)
			g_ptr_array_unref(fc->vl.mappings);
		break;
	case CTF_FC_STRING:
	case CTF_FC_SL_STRING:
	case CTF_FC_DL_STRING:
	case CTF_FC_SL_BLOB:
	case CTF_FC_DL_BLOB:
		ctf_location_free(fc->s.length_loc);
		g_free(fc->s.media_type);
		break;
	case CTF_FC_STRUCT:
		for (guint i = 0; i < fc->st.members->len; i++)
			member_free(fc->st.members->pdata[i]);
		g_ptr_array_unref(fc->st.members);
		break;
	case CTF_FC_SL_ARRAY:
	case CTF_FC_DL_ARRAY:
		ctf_fc_free(fc->arr.elem);
		ctf_location_free(fc->arr.length_loc);
		break;
	case CTF_FC_VARIANT:
		ctf_location_free(fc->var.sel_loc);
		for (guint i = 0; i < fc->var.options->len; i++)
			option_free(fc->var.options->pdata[i]);
		g_ptr_array_unref(fc->var.options);
		break;
	case CTF_FC_OPTIONAL:
		ctf_location_free(fc->opt.sel_loc);
		ctf_fc_free(fc->opt.fc);
		if (fc->opt.sel_ranges) {
			ctf_range_set_clear(fc->opt.sel_ranges);
			g_free(fc->opt.sel_ranges);
		}
		break;
	case CTF_FC_FLOAT:
		break;
	}
	g_free(fc);
}

CtfFieldClass *ctf_fc_copy(const CtfFieldClass *fc)
{
	CtfFieldClass *c;

	if (!fc)
		return NULL;
	c = g_memdup2(fc, sizeof(*fc));
	c->key_slot = -1;
	c->fixed_bits = -1;
	c->prog = NULL;
	switch (fc->kind) {
	case CTF_FC_INT:
		c->i.clock_name = g_strdup(fc->i.clock_name);
		c->i.mappings = mappings_copy(fc->i.mappings);
		break;
	case CTF_FC_VLINT:
		c->vl.mappings = mappings_copy(fc->vl.mappings);
		break;
	case CTF_FC_STRING:
	case CTF_FC_SL_STRING:
	case CTF_FC_DL_STRING:
	case CTF_FC_SL_BLOB:
	case CTF_FC_DL_BLOB:
		c->s.length_loc = ctf_location_copy(fc->s.length_loc);
		c->s.media_type = g_strdup(fc->s.media_type);
		break;
	case CTF_FC_STRUCT:
		c->st.members = g_ptr_array_new();
		for (guint i = 0; i < fc->st.members->len; i++) {
			const CtfMember *m = fc->st.members->pdata[i];

			ctf_member_add(c, m->name, m->display_name, ctf_fc_copy(m->fc));
		}
		break;
	case CTF_FC_SL_ARRAY:
	case CTF_FC_DL_ARRAY:
		c->arr.elem = ctf_fc_copy(fc->arr.elem);
		c->arr.length_loc = ctf_location_copy(fc->arr.length_loc);
		break;
	case CTF_FC_VARIANT:
		c->var.sel_loc = ctf_location_copy(fc->var.sel_loc);
		c->var.options = g_ptr_array_new();
		for (guint i = 0; i < fc->var.options->len; i++) {
			const CtfVariantOption *o = fc->var.options->pdata[i];
			CtfVariantOption *oc = g_new0(CtfVariantOption, 1);

			oc->name = g_strdup(o->name);
			range_set_copy(&oc->ranges, &o->ranges);
			oc->fc = ctf_fc_copy(o->fc);
			g_ptr_array_add(c->var.options, oc);
		}
		break;
	case CTF_FC_OPTIONAL:
		c->opt.sel_loc = ctf_location_copy(fc->opt.sel_loc);
		c->opt.fc = ctf_fc_copy(fc->opt.fc);
		if (fc->opt.sel_ranges) {
			c->opt.sel_ranges = g_new0(CtfRangeSet, 1);
			range_set_copy(c->opt.sel_ranges, fc->opt.sel_ranges);
		}
		break;
	case CTF_FC_FLOAT:
		break;
	}
	return c;
}

void ctf_member_add(CtfFieldClass *st, const char *name, const char *display_name,
                    CtfFieldClass *fc)
{
	CtfMember *m = g_new0(CtfMember, 1);

	m->name = g_strdup(name);
	m->display_name = g_strdup(display_name ? display_name : name);
	m->fc = fc;
	g_ptr_array_add(st->st.members, m);
}

const CtfMember *ctf_struct_find(const CtfFieldClass *st, const char *name)
{
	for (guint i = 0; i < st->st.members->len; i++) {
		const CtfMember *m = st->st.members->pdata[i];

		if (strcmp(m->name, name) == 0)
			return m;
	}
	return NULL;
}

uint32_t ctf_fc_alignment(const CtfFieldClass *fc)
{
	uint32_t a;

	switch (fc->kind) {
	case CTF_FC_STRUCT:
		a = MAX(fc->st.min_align, fc->alignment);
		for (guint i = 0; i < fc->st.members->len; i++) {
			const CtfMember *m = fc->st.members->pdata[i];

			a = MAX(a, ctf_fc_alignment(m->fc));
		}
		return a;
	case CTF_FC_SL_ARRAY:
	case CTF_FC_DL_ARRAY:
		a = MAX(fc->arr.min_align, fc->alignment);
		return MAX(a, ctf_fc_alignment(fc->arr.elem));
	case CTF_FC_VARIANT:
	case CTF_FC_OPTIONAL:
		return 1;
	default:
		return fc->alignment;
	}
}

CtfClockClass *ctf_clock_class_new(void)
{
	CtfClockClass *cc = g_new0(CtfClockClass, 1);

	cc->frequency = 1000000000;
	cc->origin_is_unix_epoch = true;
	return cc;
}

static void clock_class_free(gpointer p)
{
	CtfClockClass *cc = p;

	g_free(cc->id);
	g_free(cc->name);
	g_free(cc->uid);
	g_free(cc->description);
	g_free(cc);
}

CtfEventClass *ctf_event_class_new(uint64_t id)
{
	CtfEventClass *ec = g_new0(CtfEventClass, 1);

	ec->id = id;
	ec->loglevel = -1;
	return ec;
}

void ctf_event_class_free(CtfEventClass *ec)
{
	if (!ec)
		return;
	g_free(ec->name);
	g_free(ec->emf_uri);
	ctf_fc_free(ec->specific_ctx);
	ctf_fc_free(ec->payload);
	g_free(ec->values_ops);
	g_free(ec);
}

static void event_class_free_cb(gpointer p)
{
	ctf_event_class_free(p);
}

CtfStreamClass *ctf_stream_class_new(uint64_t id)
{
	CtfStreamClass *sc = g_new0(CtfStreamClass, 1);

	sc->id = id;
	sc->event_classes = g_ptr_array_new_with_free_func(event_class_free_cb);
	sc->ec_by_id = g_hash_table_new(g_int64_hash, g_int64_equal);
	return sc;
}

static void stream_class_free(gpointer p)
{
	CtfStreamClass *sc = p;

	g_free(sc->name);
	ctf_fc_free(sc->pkt_ctx);
	ctf_fc_free(sc->ev_header);
	ctf_fc_free(sc->ev_common_ctx);
	g_hash_table_unref(sc->ec_by_id);
	g_ptr_array_unref(sc->event_classes);
	g_free(sc->ec_dense);
	g_free(sc->header_layout);
	g_free(sc);
}

bool ctf_stream_class_add_event_class(CtfStreamClass *sc, CtfEventClass *ec)
{
	if (g_hash_table_contains(sc->ec_by_id, &ec->id))
		return false;
	ec->sc = sc;
	ec->stream_class_id = sc->id;
	g_ptr_array_add(sc->event_classes, ec);
	/* The key points into the event class, which lives as long. */
	g_hash_table_insert(sc->ec_by_id, &ec->id, ec);
	return true;
}

static void env_entry_free(gpointer p)
{
	CtfEnvEntry *e = p;

	g_free(e->key);
	g_free(e->sval);
	g_free(e);
}

CtfTraceClass *ctf_trace_class_new(void)
{
	CtfTraceClass *tc = g_new0(CtfTraceClass, 1);

	tc->major = 1;
	tc->minor = 8;
	tc->env = g_ptr_array_new_with_free_func(env_entry_free);
	tc->clocks = g_ptr_array_new_with_free_func(clock_class_free);
	tc->stream_classes = g_ptr_array_new_with_free_func(stream_class_free);
	return tc;
}

void ctf_trace_class_free(CtfTraceClass *tc)
{
	if (!tc)
		return;
	g_free(tc->tc_uid);
	ctf_fc_free(tc->pkt_header);
	g_ptr_array_unref(tc->env);
	g_ptr_array_unref(tc->stream_classes);
	g_ptr_array_unref(tc->clocks);
	g_free(tc);
}

CtfStreamClass *ctf_trace_class_stream_class(const CtfTraceClass *tc, uint64_t id)
{
	for (guint i = 0; i < tc->stream_classes->len; i++) {
		CtfStreamClass *sc = tc->stream_classes->pdata[i];

		if (sc->id == id)
			return sc;
	}
	return NULL;
}

CtfClockClass *ctf_trace_class_clock(const CtfTraceClass *tc, const char *id)
{
	for (guint i = 0; i < tc->clocks->len; i++) {
		CtfClockClass *cc = tc->clocks->pdata[i];

		if (g_strcmp0(cc->id, id) == 0)
			return cc;
	}
	return NULL;
}

const CtfEnvEntry *ctf_trace_class_env(const CtfTraceClass *tc, const char *key)
{
	for (guint i = 0; i < tc->env->len; i++) {
		const CtfEnvEntry *e = tc->env->pdata[i];

		if (strcmp(e->key, key) == 0)
			return e;
	}
	return NULL;
}

static CtfEnvEntry *env_slot(CtfTraceClass *tc, const char *key)
{
	CtfEnvEntry *e = (CtfEnvEntry *)ctf_trace_class_env(tc, key);

	if (e) {
		g_clear_pointer(&e->sval, g_free);
		return e;
	}
	e = g_new0(CtfEnvEntry, 1);
	e->key = g_strdup(key);
	g_ptr_array_add(tc->env, e);
	return e;
}

void ctf_trace_class_env_set_str(CtfTraceClass *tc, const char *key, const char *value)
{
	CtfEnvEntry *e = env_slot(tc, key);

	e->is_int = false;
	e->sval = g_strdup(value);
}

void ctf_trace_class_env_set_int(CtfTraceClass *tc, const char *key, int64_t value)
{
	CtfEnvEntry *e = env_slot(tc, key);

	e->is_int = true;
	e->ival = value;
}

const char *ctf_scope_name(CtfScope scope)
{
	static const char *const names[] = {
		"packet-header",
		"packet-context",
		"event-record-header",
		"event-record-common-context",
		"event-record-specific-context",
		"event-record-payload",
	};

	return scope < CTF_SCOPE_COUNT ? names[scope] : "?";
}
