/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Events and event classes: accessors, field handles, walking. */
#include "ctf/bitread.h"
#include "ctf/program.h"
#include "ctf/trace-internal.h"

#include "lttv/error.h"
#include "lttv/event.h"

#include <string.h>

void lttv_field_free(gpointer p);

void lttv_field_free(gpointer p)
{
	LttvField *f = p;

	if (!f)
		return;
	g_array_unref(f->path);
	g_free(f);
}

const char *lttv_event_class_name(const LttvEventClass *ec)
{
	return ec->ec->name;
}

uint64_t lttv_event_class_id(const LttvEventClass *ec)
{
	return ec->ec->id;
}

uint64_t lttv_event_class_stream_class_id(const LttvEventClass *ec)
{
	return ec->ec->stream_class_id;
}

guint lttv_event_class_index(const LttvEventClass *ec)
{
	return ec->index;
}

int lttv_event_class_loglevel(const LttvEventClass *ec)
{
	return ec->ec->loglevel;
}

static const CtfFieldClass *scope_root(const LttvEventClass *c, CtfScope scope)
{
	const CtfStreamClass *sc = c->ec->sc;

	switch (scope) {
	case CTF_SCOPE_PKT_HEADER: return c->trace->tc->pkt_header;
	case CTF_SCOPE_PKT_CTX: return sc->pkt_ctx;
	case CTF_SCOPE_EV_HEADER: return sc->ev_header;
	case CTF_SCOPE_EV_COMMON_CTX: return sc->ev_common_ctx;
	case CTF_SCOPE_EV_SPECIFIC_CTX: return c->ec->specific_ctx;
	case CTF_SCOPE_EV_PAYLOAD: return c->ec->payload;
	default: return NULL;
	}
}

/* Constant size in bits of a field, or -1: unlike fixed_bits, integers
 * with a role or a key count (their size does not vary). */
static int64_t const_bits(const CtfFieldClass *fc)
{
	if (fc->kind == CTF_FC_INT)
		return fc->i.len;
	if (fc->kind == CTF_FC_FLOAT)
		return fc->f.len;
	return fc->fixed_bits;
}

/* Finds a dotted member path through structures only; computes the
 * static offset while every member before it has a constant size. */
static LttvField *field_lookup(const LttvEventClass *c, CtfScope scope, const char *name)
{
	const CtfFieldClass *fc = scope_root(c, scope);
	g_auto(GStrv) parts = g_strsplit(name, ".", -1);
	LttvField *f;
	int64_t off = 0;

	if (!fc)
		return NULL;
	f = g_new0(LttvField, 1);
	f->scope = scope;
	f->path = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint k = 0; parts[k]; k++) {
		const CtfFieldClass *next = NULL;

		if (fc->kind != CTF_FC_STRUCT)
			goto fail;
		for (guint i = 0; i < fc->st.members->len; i++) {
			const CtfMember *m = fc->st.members->pdata[i];

			if (off >= 0)
				off = (off + m->fc->alignment - 1) &
				      ~(int64_t)(m->fc->alignment - 1);
			if (strcmp(m->display_name, parts[k]) == 0 ||
			    strcmp(m->name, parts[k]) == 0) {
				g_array_append_val(f->path, i);
				next = m->fc;
				break;
			}
			if (off >= 0)
				off = const_bits(m->fc) >= 0 ? off + const_bits(m->fc) : -1;
		}
		if (!next)
			goto fail;
		fc = next;
	}
	f->fc = fc;
	f->static_off = off;
	if (off >= 0 && off % 8 == 0 && fc->kind == CTF_FC_INT && !fc->i.reverse_bits &&
	    (fc->i.bo == CTF_BO_BE) == !CTF_HOST_LE &&
	    (fc->i.len == 8 || fc->i.len == 16 || fc->i.len == 32 || fc->i.len == 64)) {
		f->direct_bytes = (uint8_t)(fc->i.len / 8);
		f->direct_signed = fc->i.is_signed;
	}
	return f;
fail:
	lttv_field_free(f);
	return NULL;
}

const LttvField *lttv_event_class_field_in(LttvEventClass *ec, LttvScope scope, const char *name)
{
	/* one lock for every class: lookups are rare (once per class and
	 * name), but views, filters and a history build do them from several
	 * threads on the same trace */
	static GMutex lock;
	g_autofree char *key = g_strdup_printf("%d:%s", (int)scope, name);
	LttvField *f;

	g_mutex_lock(&lock);
	if (!g_hash_table_lookup_extended(ec->fields, key, NULL, (gpointer *)&f)) {
		f = field_lookup(ec, (CtfScope)scope, name);
		g_hash_table_insert(ec->fields, g_steal_pointer(&key), f);
	}
	g_mutex_unlock(&lock);
	return f;
}

const LttvField *lttv_event_class_field(LttvEventClass *ec, const char *name)
{
	static const LttvScope order[] = {LTTV_SCOPE_PAYLOAD, LTTV_SCOPE_SPECIFIC_CONTEXT,
	                                  LTTV_SCOPE_COMMON_CONTEXT, LTTV_SCOPE_EVENT_HEADER};

	for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
		const LttvField *f = lttv_event_class_field_in(ec, order[i], name);

		if (f)
			return f;
	}
	return NULL;
}

LttvEventClass *lttv_event_event_class(const LttvEvent *ev)
{
	return ev->cls;
}

const char *lttv_event_name(const LttvEvent *ev)
{
	return ev->cls->ec->name;
}

LttvTime lttv_event_time(const LttvEvent *ev)
{
	return ev->time;
}

uint64_t lttv_event_cycles(const LttvEvent *ev)
{
	return ev->cycles;
}

int64_t lttv_event_cpu(const LttvEvent *ev)
{
	return ev->packet->pi.has_cpu ? ev->packet->pi.cpu : -1;
}

LttvStream *lttv_event_stream(const LttvEvent *ev)
{
	return ev->stream;
}

guint64 lttv_event_packet_index(const LttvEvent *ev)
{
	return (guint64)(ev->packet - &g_array_index(ev->stream->packets, CtfPacket, 0));
}

LttvTrace *lttv_event_trace(const LttvEvent *ev)
{
	return ev->stream->trace;
}

static uint64_t scope_start(const LttvEvent *ev, CtfScope scope)
{
	if (scope == CTF_SCOPE_PKT_HEADER)
		return 0;
	if (scope == CTF_SCOPE_PKT_CTX)
		return ev->packet->ctx_bits;
	return ev->scope_pos[scope];
}

static uint64_t scope_end(const LttvEvent *ev, CtfScope scope)
{
	if (scope == CTF_SCOPE_PKT_HEADER)
		return ev->packet->ctx_bits;
	if (scope == CTF_SCOPE_PKT_CTX)
		return ev->packet->events_bits;
	return ev->end_pos;
}

static void decoder_for(const LttvEvent *ev, CtfScope scope, CtfDecoder *d)
{
	/* every member, without a memset: this runs for each walked scope */
	d->clock = 0;
	d->has_erc_id = false;
	d->erc_id = 0;
	d->pi = NULL;
	d->last_bo_valid = false;
	d->last_bo = CTF_BO_LE;
	d->fn = NULL;
	d->ud = NULL;
	d->depth = 0;
	d->scratch = NULL;
	d->zero_elems = 0;
	d->tc = ev->stream->trace->tc;
	d->buf = ev->buf;
	d->end = scope_end(ev, scope);
	d->pos = scope_start(ev, scope);
	d->keys = ev->keys;
	d->scope = scope;
	d->path = ev->packet->file->path;
	d->file_off = ev->packet->offset;
}

/* Bit position of the field in this event, walking when the layout
 * before it varies. */
static bool field_pos(const LttvEvent *ev, const LttvField *f, uint64_t *pos)
{
	const CtfFieldClass *fc;
	CtfDecoder d;

	if (f->static_off >= 0) {
		*pos = scope_start(ev, f->scope) + (uint64_t)f->static_off;
		return *pos + (f->fc->fixed_bits > 0 ? (uint64_t)f->fc->fixed_bits : 0) <=
		       scope_end(ev, f->scope);
	}
	if (f->scope == CTF_SCOPE_EV_PAYLOAD && f->path->len == 1 && ev->payload_op_valid) {
		/* recorded by the payload's skip program when the event was read */
		const struct CtfProgram *p = ev->cls->ec->payload->prog;
		guint idx = g_array_index(f->path, guint, 0);

		*pos = ev->payload_op_pos[p->member_op[idx]] + p->member_off[idx];
		return *pos <= scope_end(ev, f->scope);
	}
	decoder_for(ev, f->scope, &d);
	fc = scope_root(ev->cls, f->scope);
	for (guint k = 0; k < f->path->len; k++) {
		guint idx = g_array_index(f->path, guint, k);

		d.pos = (d.pos + fc->alignment - 1) & ~(uint64_t)(fc->alignment - 1);
		for (guint i = 0; i < idx; i++) {
			const CtfMember *m = fc->st.members->pdata[i];

			if (!ctf_decode_field(&d, m->fc, NULL, 0, NULL))
				return false;
		}
		fc = ((const CtfMember *)fc->st.members->pdata[idx])->fc;
	}
	*pos = (d.pos + fc->alignment - 1) & ~(uint64_t)(fc->alignment - 1);
	return true;
}

/* lttv_event_get_uint() of a direct field (the state engine's fields):
 * one load, no look at the class. */
static inline gboolean get_direct(const LttvEvent *ev, const LttvField *f, uint64_t pos,
                                  uint64_t *out)
{
	if (G_UNLIKELY(pos + f->direct_bytes * 8u > scope_end(ev, f->scope)))
		return FALSE;
	*out = ctf_read_direct(ev->buf + (pos >> 3), f->direct_bytes, f->direct_signed);
	return TRUE;
}

gboolean lttv_event_get_uint(const LttvEvent *ev, const LttvField *f, uint64_t *out)
{
	uint64_t pos, v;

	if (G_LIKELY(f && f->direct_bytes)) {
		pos = scope_start(ev, f->scope) + (uint64_t)f->static_off;
		/* (a scope starts at its root's alignment: whole bytes here) */
		if (G_LIKELY((pos & 7) == 0))
			return get_direct(ev, f, pos, out);
	}
	if (!f || f->fc->kind != CTF_FC_INT || !field_pos(ev, f, &pos))
		return FALSE;
	if (pos + f->fc->i.len > scope_end(ev, f->scope))
		return FALSE;
	if ((pos & 7) == 0 && !f->fc->i.reverse_bits &&
	    (f->fc->i.len == 32 || f->fc->i.len == 64 || f->fc->i.len == 16 || f->fc->i.len == 8)) {
		v = ctf_read_aligned(ev->buf + (pos >> 3), f->fc->i.len, f->fc->i.bo == CTF_BO_BE);
		*out = f->fc->i.is_signed ? (uint64_t)ctf_sign_extend(v, f->fc->i.len) : v;
		return TRUE;
	}
	v = ctf_read_bits(ev->buf, pos, f->fc->i.len, f->fc->i.bo == CTF_BO_BE);
	if (f->fc->i.reverse_bits)
		v = ctf_reverse_bits(v, f->fc->i.len);
	if (f->fc->i.is_signed)
		v = (uint64_t)ctf_sign_extend(v, f->fc->i.len);
	*out = v;
	return TRUE;
}

gboolean lttv_event_get_int(const LttvEvent *ev, const LttvField *f, int64_t *out)
{
	uint64_t v;

	if (!lttv_event_get_uint(ev, f, &v))
		return FALSE;
	*out = (int64_t)v;
	return TRUE;
}

gboolean lttv_event_get_double(const LttvEvent *ev, const LttvField *f, double *out)
{
	uint64_t pos, v;

	if (!f)
		return FALSE;
	if (f->fc->kind == CTF_FC_INT) {
		if (!lttv_event_get_uint(ev, f, &v))
			return FALSE;
		*out = f->fc->i.is_signed ? (double)(int64_t)v : (double)v;
		return TRUE;
	}
	if (f->fc->kind != CTF_FC_FLOAT || !field_pos(ev, f, &pos) ||
	    pos + f->fc->f.len > scope_end(ev, f->scope))
		return FALSE;
	v = ctf_read_bits(ev->buf, pos, f->fc->f.len, f->fc->f.bo == CTF_BO_BE);
	if (f->fc->f.len == 32) {
		uint32_t u = (uint32_t)v;
		float fl;

		memcpy(&fl, &u, 4);
		*out = fl;
	} else {
		memcpy(out, &v, 8);
	}
	return TRUE;
}

typedef struct {
	const char *str;
	size_t len;
	bool found;
} StrCatch;

static void catch_string(const LttvValue *v, gpointer ud)
{
	StrCatch *c = ud;

	if (v->kind == LTTV_VALUE_STRING && !c->found) {
		c->str = v->str;
		c->len = v->len;
		c->found = true;
	}
}

gboolean lttv_event_get_string(const LttvEvent *ev, const LttvField *f, const char **str,
                               size_t *len)
{
	CtfDecoder d;
	uint64_t pos;
	StrCatch c = {0};

	if (!f || !field_pos(ev, f, &pos))
		return FALSE;
	/* the usual shapes, read in place */
	if ((pos & 7) == 0 && pos <= scope_end(ev, f->scope)) {
		const uint8_t *start = ev->buf + (pos >> 3);
		size_t avail = (size_t)((scope_end(ev, f->scope) - pos) >> 3);
		const uint8_t *z;

		if (f->fc->kind == CTF_FC_STRING && f->fc->s.encoding == CTF_ENC_UTF8) {
			z = memchr(start, 0, avail);
			if (!z)
				return FALSE;
			*str = (const char *)start;
			*len = (size_t)(z - start);
			return TRUE;
		}
		if (f->fc->kind == CTF_FC_SL_ARRAY && f->fc->arr.is_text &&
		    f->fc->arr.elem->alignment <= 8 && f->fc->arr.length <= avail) {
			z = memchr(start, 0, (size_t)f->fc->arr.length);
			*str = (const char *)start;
			*len = z ? (size_t)(z - start) : (size_t)f->fc->arr.length;
			return TRUE;
		}
	}
	decoder_for(ev, f->scope, &d);
	d.pos = pos;
	d.fn = catch_string;
	d.ud = &c;
	if (!ctf_decode_field(&d, f->fc, NULL, 0, NULL) || !c.found) {
		if (d.scratch)
			g_string_free(d.scratch, TRUE);
		return FALSE;
	}
	/* UTF-16/32 text was converted into scratch; it is not kept. */
	if (d.scratch) {
		g_string_free(d.scratch, TRUE);
		return FALSE;
	}
	*str = c.str;
	*len = c.len;
	return TRUE;
}

static void keep_value(const LttvValue *v, gpointer ud)
{
	g_array_append_vals(ud, v, 1);
}

/* The packet context is the same for every event of a packet: walked
 * once into the cursor's cache, then replayed. */
static gboolean walk_packet_context(const LttvEvent *ev, const CtfFieldClass *root,
                                    LttvFieldVisitFn fn, gpointer user_data, GError **error)
{
	CtfPktCache *pc = ev->pc;

	if (pc->pkt != ev->packet) {
		CtfDecoder d;
		bool ok;

		g_array_set_size(pc->values, 0);
		pc->pkt = NULL;
		decoder_for(ev, CTF_SCOPE_PKT_CTX, &d);
		d.fn = keep_value;
		d.ud = pc->values;
		ok = root->prog ? ctf_program_run(&d, root, error)
		                : ctf_decode_field(&d, root, NULL, 0, error);
		if (d.scratch) {
			/* converted text does not outlive the walk: not cached */
			g_string_free(d.scratch, TRUE);
			return -1;
		}
		if (!ok)
			return FALSE;
		pc->pkt = ev->packet;
	}
	for (guint i = 0; i < pc->values->len; i++)
		fn(&g_array_index(pc->values, LttvValue, i), user_data);
	return TRUE;
}

gboolean lttv_event_walk(const LttvEvent *ev, LttvScope scope, LttvFieldVisitFn fn,
                         gpointer user_data, GError **error)
{
	const CtfFieldClass *root = scope_root(ev->cls, (CtfScope)scope);
	CtfDecoder d;
	bool ok;

	if (!root)
		return FALSE;
	if (scope == LTTV_SCOPE_PACKET_CONTEXT && ev->pc) {
		gboolean r = walk_packet_context(ev, root, fn, user_data, error);

		if (r >= 0)
			return r;
	}
	decoder_for(ev, (CtfScope)scope, &d);
	d.fn = fn;
	d.ud = user_data;
	ok = root->prog ? ctf_program_run(&d, root, error)
	                : ctf_decode_field(&d, root, NULL, 0, error);
	if (d.scratch)
		g_string_free(d.scratch, TRUE);
	return ok;
}

/* lttv_event_values() of a scope neither pre-decoded nor cached: decodes
 * it into its buffer (out of line: the callers' fast path stays small). */
static G_GNUC_NO_INLINE const LttvFieldValue *
event_values_decode(const LttvEvent *ev, LttvScope scope, uint64_t stamp, gsize *n, GError **error)
{
	CtfValueBuf *vb = &ev->vals[scope];
	const CtfFieldClass *root;
	CtfDecoder d;
	bool ok;

	*n = 0;
	vb->n = 0;
	if (!(root = scope_root(ev->cls, (CtfScope)scope))) {
		vb->stamp = stamp; /* absent: no value */
		return NULL;
	}
	decoder_for(ev, (CtfScope)scope, &d);
	if (root->prog) {
		ok = ctf_program_values(&d, root, vb, error);
	} else {
		/* the tree decoder shows the root too: drop its BEGIN and END */
		d.fn = ctf_values_append;
		d.ud = vb;
		vb->too_many = false;
		ok = ctf_decode_field(&d, root, NULL, 0, error);
		if (ok && vb->too_many) {
			ctf_values_too_many_error(&d, error);
			ok = false;
		}
		if (ok && vb->n >= 2) {
			vb->n -= 2;
			memmove(vb->v, vb->v + 1, vb->n * sizeof(*vb->v));
		}
	}
	if (d.scratch)
		g_string_free(d.scratch, TRUE);
	if (!ok) {
		vb->n = 0;
		vb->stamp = 0;
		return NULL;
	}
	vb->stamp = stamp;
	*n = vb->n;
	return vb->n ? vb->v : NULL;
}

const LttvFieldValue *lttv_event_values(const LttvEvent *ev, LttvScope scope, gsize *n,
                                        GError **error)
{
	const CtfValueBuf *vb;
	uint64_t stamp;

	if (G_UNLIKELY((guint)scope >= CTF_SCOPE_COUNT)) {
		*n = 0;
		return NULL;
	}
	if (scope >= LTTV_SCOPE_COMMON_CONTEXT && ev->pre_valid) {
		guint k = scope - LTTV_SCOPE_COMMON_CONTEXT;

		*n = ev->pre_n[k];
		return *n ? ev->pre + ev->pre_off[k] : NULL;
	}
	vb = &ev->vals[scope];
	/* packet scopes: once per packet (their values never change) */
	stamp = scope <= LTTV_SCOPE_PACKET_CONTEXT ? (uint64_t)(uintptr_t)ev->packet : ev->seq;
	if (G_LIKELY(vb->stamp == stamp)) {
		*n = vb->n;
		return vb->n ? vb->v : NULL;
	}
	return event_values_decode(ev, scope, stamp, n, error);
}

static const GPtrArray *value_mappings(const LttvValue *v)
{
	const CtfFieldClass *fc = v->cls;

	if (!fc)
		return NULL;
	if (fc->kind == CTF_FC_INT)
		return fc->i.mappings;
	if (fc->kind == CTF_FC_VLINT)
		return fc->vl.mappings;
	return NULL;
}

gboolean lttv_value_has_labels(const LttvValue *v)
{
	return value_mappings(v) != NULL;
}

guint lttv_field_value_labels(const LttvFieldValue *v, GString *out, const char *quote,
                              const char *sep)
{
	LttvValue full = {.kind = (LttvValueKind)v->kind, .u = v->u};

	if (v->kind == LTTV_VALUE_STRING || v->kind == LTTV_VALUE_BLOB)
		return 0; /* (no labels; `cls` holds the length) */
	full.cls = v->cls;

	return lttv_value_labels(&full, out, quote, sep);
}

static gint str_ptr_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

guint lttv_value_labels(const LttvValue *v, GString *out, const char *quote, const char *sep)
{
	const GPtrArray *maps = value_mappings(v);
	const CtfFieldClass *fc = v->cls;
	bool bitmap = fc && fc->kind == CTF_FC_INT && fc->i.flavor == CTF_INT_BITMAP;
	g_autoptr(GPtrArray) names = NULL;

	if (!maps)
		return 0;
	names = g_ptr_array_new();
	for (guint i = 0; i < maps->len; i++) {
		const CtfMapping *m = maps->pdata[i];
		bool on = false;

		if (bitmap) {
			for (guint r = 0; r < m->set.ranges->len && !on; r++) {
				const CtfRange *rg = &g_array_index(m->set.ranges, CtfRange, r);

				for (uint64_t b = rg->lower; b <= rg->upper && b < 64; b++)
					if (v->u & (UINT64_C(1) << b)) {
						on = true;
						break;
					}
			}
		} else {
			on = ctf_range_set_contains(&m->set, v->u);
		}
		if (on)
			g_ptr_array_add(names, m->name);
	}
	/* bit-map flags are listed by name, as babeltrace2 does */
	if (bitmap)
		g_ptr_array_sort(names, str_ptr_cmp);
	for (guint i = 0; i < names->len; i++) {
		if (i)
			g_string_append(out, sep);
		g_string_append_printf(out, "%s%s%s", quote, (const char *)names->pdata[i], quote);
	}
	return names->len;
}
