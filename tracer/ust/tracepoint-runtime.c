/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runtime of user-space tracepoints: the registry the modules' probe
 * constructors fill, the enabling rules, the backend the probes write
 * through (published with urcu-bp), and the in-memory test backend.
 */
#include "tracer/ust/tracepoint-runtime.h"
#include "tracer/ust/ringbuf.h"
#include "tracer/ust/ust-context.h"
#include "tracer/ust/ust-protocol.h"

/* the read-side primitives inlined (their LGPL allows it): the probe path
 * makes no call into liburcu once the thread is registered */
#define _LGPL_SOURCE
#include <urcu/urcu-bp.h>

#include <time.h>

/* clang-format off */
G_DEFINE_QUARK(lttv-tp-error-quark, lttv_tp_error)
/* clang-format on */

/* ---------------------------------------------------------------- events */

char *lttv_tp_event_full_name(const struct lttv_tp_event *ev)
{
	return g_strconcat(ev->provider, ":", ev->name, NULL);
}

static const char *enum_problem(const struct lttv_tp_field *f)
{
	const struct lttv_tp_enum *e = f->enum_desc;

	if (!e || !e->entries || e->n_entries == 0)
		return "an enumeration without labels";
	for (guint32 i = 0; i < e->n_entries; i++) {
		const struct lttv_tp_enum_entry *x = &e->entries[i];

		if (!x->label)
			return "an enumeration label is NULL";
		if (!lttv_ctf_enum_value_fits(x->start, f->size, f->is_signed) ||
		    !lttv_ctf_enum_value_fits(x->end, f->size, f->is_signed))
			return "an enumeration value does not fit its integer type";
		if (f->is_signed ? x->start > x->end : (guint64)x->start > (guint64)x->end)
			return "an enumeration range ends before it starts";
	}
	return NULL;
}

/* Why the metadata writer would refuse ev, or NULL.  The macros only make
 * valid descriptors; this guards against hand-made or foreign ones. */
static const char *event_problem(const struct lttv_tp_event *ev)
{
	if (ev->abi != LTTV_TP_ABI)
		return "built with another version of <lttv/tracepoint.h>";
	if (!lttv_ctf_is_identifier(ev->provider) || !lttv_ctf_is_identifier(ev->name))
		return "provider and event names must be C identifiers";
	if (ev->n_fields > 0 && !ev->fields)
		return "no field descriptors";
	for (guint32 i = 0; i < ev->n_fields; i++) {
		const struct lttv_tp_field *f = &ev->fields[i];

		if (!lttv_ctf_is_identifier(f->name))
			return "a field name is not a C identifier";
		if (f->base != 8 && f->base != 10 && f->base != 16)
			return "a display base is not 8, 10 or 16";
		switch (f->type) {
		case LTTV_TP_FIELD_INTEGER:
			if (!lttv_ctf_int_bits_valid(f->size))
				return "an integer is not 8, 16, 32 or 64 bits";
			break;
		case LTTV_TP_FIELD_ENUM:
			if (!lttv_ctf_int_bits_valid(f->size))
				return "an enumeration is not 8, 16, 32 or 64 bits";
			if (enum_problem(f))
				return enum_problem(f);
			break;
		case LTTV_TP_FIELD_FLOAT:
			if (f->size != 32 && f->size != 64)
				return "a float is not 32 or 64 bits";
			break;
		case LTTV_TP_FIELD_STRING: break;
		case LTTV_TP_FIELD_ARRAY:
		case LTTV_TP_FIELD_ARRAY_TEXT:
			if (!lttv_ctf_int_bits_valid(f->size) || f->length == 0)
				return "an array is empty or of integers not 8, 16, 32 or 64 bits";
			break;
		case LTTV_TP_FIELD_SEQUENCE:
		case LTTV_TP_FIELD_SEQUENCE_TEXT:
			if (!lttv_ctf_int_bits_valid(f->size) ||
			    !lttv_ctf_int_bits_valid(f->length_size))
				return "a sequence's element or length is not 8, 16, 32 or 64 bits";
			break;
		default: return "unknown field type";
		}
	}
	return NULL;
}

LttvCtfField *lttv_tp_event_ctf_fields(const struct lttv_tp_event *ev, guint *n_fields)
{
	gsize n_entries = 0;
	LttvCtfField *out;
	LttvCtfEnumEntry *entries;

	for (guint32 i = 0; i < ev->n_fields; i++)
		if (ev->fields[i].type == LTTV_TP_FIELD_ENUM)
			n_entries += ev->fields[i].enum_desc->n_entries;
	/* one block: the fields, then the labels the enumerations point to */
	out = g_malloc0(ev->n_fields * sizeof(LttvCtfField) + n_entries * sizeof(LttvCtfEnumEntry) +
	                1);
	entries = (LttvCtfEnumEntry *)(out + ev->n_fields);
	for (guint32 i = 0; i < ev->n_fields; i++) {
		const struct lttv_tp_field *f = &ev->fields[i];
		LttvCtfField *c = &out[i];

		c->name = f->name;
		c->bits = f->size;
		c->is_signed = f->is_signed != 0;
		c->base = f->base;
		c->length = f->length;
		c->length_bits = f->length_size;
		switch (f->type) {
		case LTTV_TP_FIELD_INTEGER: c->kind = LTTV_CTF_FIELD_INT; break;
		case LTTV_TP_FIELD_ENUM:
			c->kind = LTTV_CTF_FIELD_ENUM;
			c->enum_entries = entries;
			c->n_enum_entries = f->enum_desc->n_entries;
			for (guint32 e = 0; e < f->enum_desc->n_entries; e++, entries++) {
				entries->label = f->enum_desc->entries[e].label;
				entries->start = f->enum_desc->entries[e].start;
				entries->end = f->enum_desc->entries[e].end;
			}
			break;
		case LTTV_TP_FIELD_FLOAT: c->kind = LTTV_CTF_FIELD_FLOAT; break;
		case LTTV_TP_FIELD_STRING: c->kind = LTTV_CTF_FIELD_STRING; break;
		case LTTV_TP_FIELD_ARRAY: c->kind = LTTV_CTF_FIELD_INT_ARRAY; break;
		case LTTV_TP_FIELD_ARRAY_TEXT: c->kind = LTTV_CTF_FIELD_TEXT_ARRAY; break;
		case LTTV_TP_FIELD_SEQUENCE: c->kind = LTTV_CTF_FIELD_INT_SEQUENCE; break;
		case LTTV_TP_FIELD_SEQUENCE_TEXT: c->kind = LTTV_CTF_FIELD_TEXT_SEQUENCE; break;
		}
	}
	*n_fields = ev->n_fields;
	return out;
}

/* ---------------------------------------------------------------- registry */

/* The events of one module's `lttv_tp_events` section.  Every probe file
 * of the module registers the same section: counted in refs. */
typedef struct {
	struct lttv_tp_event *const *begin;
	guint refs;
	GPtrArray *events; /* the valid ones */
} Module;

typedef struct {
	char *pattern;
	gboolean enable;
} Rule;

typedef struct {
	guint id;
	LttvTpListener fn;
	gpointer user_data;
} Listener;

/* All control state, under one recursive lock (listeners and foreach
 * callbacks may call back in).  Statically initialized: modules register
 * from constructors, which may run before any of ours. */
static GRecMutex registry_lock;
static GPtrArray *modules; /* Module *, in registration order */
static GArray *rules;      /* Rule, in order: the last match wins */
static GArray *listeners;  /* Listener */
static guint32 next_event_id;
static guint next_listener_id = 1;

static void rule_clear(gpointer p)
{
	g_free(((Rule *)p)->pattern);
}

static void ensure_init(void)
{
	if (modules)
		return;
	modules = g_ptr_array_new();
	rules = g_array_new(FALSE, FALSE, sizeof(Rule));
	g_array_set_clear_func(rules, rule_clear);
	listeners = g_array_new(FALSE, FALSE, sizeof(Listener));
}

static gboolean event_matches(const struct lttv_tp_event *ev, const char *pattern)
{
	g_autofree char *full = NULL;

	if (!pattern)
		return TRUE;
	full = lttv_tp_event_full_name(ev);
	return g_pattern_match_simple(pattern, full);
}

/* Publishes ev's state as the rules decide it, after the listeners have
 * set the event up (release).  Call sites read the flag without ordering:
 * a backend reached through rcu_dereference() sees its own publications,
 * and must drop an event it does not know yet rather than trust the flag. */
static void apply_rules(struct lttv_tp_event *ev)
{
	g_autofree char *full = lttv_tp_event_full_name(ev);
	int on = 0;

	for (guint i = 0; i < rules->len; i++) {
		const Rule *r = &g_array_index(rules, Rule, i);

		if (g_pattern_match_simple(r->pattern, full))
			on = r->enable;
	}
	__atomic_store_n(&ev->enabled, on, __ATOMIC_RELEASE);
}

static void apply_rules_all(void)
{
	for (guint m = 0; m < modules->len; m++) {
		Module *mod = modules->pdata[m];

		for (guint i = 0; i < mod->events->len; i++)
			apply_rules(mod->events->pdata[i]);
	}
}

static void notify(Module *mod, gboolean registered)
{
	/* a copy: a listener may remove itself or add another */
	g_autoptr(GArray) copy = g_array_copy(listeners);

	for (guint i = 0; i < copy->len; i++) {
		const Listener *l = &g_array_index(copy, Listener, i);

		l->fn((struct lttv_tp_event *const *)mod->events->pdata, mod->events->len,
		      registered, l->user_data);
	}
}

static Module *find_module(struct lttv_tp_event *const *begin, guint *index)
{
	for (guint m = 0; m < modules->len; m++) {
		Module *mod = modules->pdata[m];

		if (mod->begin == begin) {
			if (index)
				*index = m;
			return mod;
		}
	}
	return NULL;
}

void lttv_tp_register_events(struct lttv_tp_event *const *begin, struct lttv_tp_event *const *end)
{
	Module *mod;

	g_return_if_fail(begin && end && begin <= end);
	g_rec_mutex_lock(&registry_lock);
	ensure_init();
	mod = find_module(begin, NULL);
	if (mod) {
		mod->refs++;
		g_rec_mutex_unlock(&registry_lock);
		return;
	}
	mod = g_new0(Module, 1);
	mod->begin = begin;
	mod->refs = 1;
	mod->events = g_ptr_array_new();
	for (struct lttv_tp_event *const *p = begin; p < end; p++) {
		struct lttv_tp_event *ev = *p;
		const char *why;

		/* a linker may pad a section with zeros */
		if (!ev)
			continue;
		why = event_problem(ev);
		if (why) {
			g_warning("tracepoint %s:%s not registered: %s",
			          ev->provider ? ev->provider : "?", ev->name ? ev->name : "?",
			          why);
			continue;
		}
		ev->id = next_event_id++;
		g_ptr_array_add(mod->events, ev);
	}
	g_ptr_array_add(modules, mod);
	/* listeners (the session's metadata) first, then the flags: a probe
	 * never runs for an event its session does not know */
	notify(mod, TRUE);
	for (guint i = 0; i < mod->events->len; i++)
		apply_rules(mod->events->pdata[i]);
	g_rec_mutex_unlock(&registry_lock);
}

void lttv_tp_unregister_events(struct lttv_tp_event *const *begin, struct lttv_tp_event *const *end)
{
	Module *mod;
	guint index;

	g_return_if_fail(begin && end && begin <= end);
	g_rec_mutex_lock(&registry_lock);
	ensure_init();
	mod = find_module(begin, &index);
	if (!mod || --mod->refs > 0) {
		g_rec_mutex_unlock(&registry_lock);
		return;
	}
	/* Call sites stop calling the probes; a probe already running on
	 * another thread is the program's business (it runs code that is
	 * being unloaded). */
	for (guint i = 0; i < mod->events->len; i++)
		__atomic_store_n(&((struct lttv_tp_event *)mod->events->pdata[i])->enabled, 0,
		                 __ATOMIC_RELEASE);
	notify(mod, FALSE);
	g_ptr_array_remove_index(modules, index);
	g_ptr_array_unref(mod->events);
	g_free(mod);
	g_rec_mutex_unlock(&registry_lock);
}

guint lttv_tp_foreach(const char *pattern, LttvTpEventFunc fn, gpointer user_data)
{
	guint n = 0;

	g_rec_mutex_lock(&registry_lock);
	ensure_init();
	for (guint m = 0; m < modules->len; m++) {
		Module *mod = modules->pdata[m];

		for (guint i = 0; i < mod->events->len; i++) {
			struct lttv_tp_event *ev = mod->events->pdata[i];

			if (!event_matches(ev, pattern))
				continue;
			n++;
			if (fn && !fn(ev, user_data))
				goto out;
		}
	}
out:
	g_rec_mutex_unlock(&registry_lock);
	return n;
}

guint lttv_tp_count(const char *pattern)
{
	return lttv_tp_foreach(pattern, NULL, NULL);
}

static gboolean add_name(struct lttv_tp_event *ev, gpointer user_data)
{
	char *name = lttv_tp_event_full_name(ev);

	/* the same name from two modules: one entry */
	if (g_hash_table_contains(user_data, name))
		g_free(name);
	else
		g_hash_table_add(user_data, name);
	return TRUE;
}

static gint str_ptr_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *lttv_tp_list(const char *pattern)
{
	g_autoptr(GHashTable) names = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, NULL);
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	GHashTableIter it;
	gpointer name;

	lttv_tp_foreach(pattern, add_name, names);
	/* the set owns nothing: its names move to out */
	g_hash_table_iter_init(&it, names);
	while (g_hash_table_iter_next(&it, &name, NULL))
		g_ptr_array_add(out, name);
	g_ptr_array_sort(out, str_ptr_cmp);
	return out;
}

/* Splits "a:*,b:c" into patterns of provider/event name characters and
 * wildcards. */
static GStrv parse_patterns(const char *patterns, GError **error)
{
	g_autoptr(GError) why = NULL;

	/* the session checks -e with the same function before it starts */
	if (!lttv_ust_patterns_check(patterns, &why)) {
		g_set_error_literal(error, LTTV_TP_ERROR, LTTV_TP_ERROR_PATTERN, why->message);
		return NULL;
	}
	return g_strsplit(patterns, ",", -1);
}

static gboolean add_rules(const char *patterns, gboolean enable, GError **error)
{
	g_auto(GStrv) parts = parse_patterns(patterns, error);

	if (!parts)
		return FALSE;
	g_rec_mutex_lock(&registry_lock);
	ensure_init();
	for (guint i = 0; parts[i]; i++) {
		Rule r = {g_strdup(parts[i]), enable};

		g_array_append_val(rules, r);
	}
	apply_rules_all();
	g_rec_mutex_unlock(&registry_lock);
	return TRUE;
}

gboolean lttv_tp_enable(const char *patterns, GError **error)
{
	return add_rules(patterns, TRUE, error);
}

gboolean lttv_tp_disable(const char *patterns, GError **error)
{
	return add_rules(patterns, FALSE, error);
}

void lttv_tp_reset(void)
{
	g_rec_mutex_lock(&registry_lock);
	ensure_init();
	g_array_set_size(rules, 0);
	apply_rules_all();
	g_rec_mutex_unlock(&registry_lock);
}

static gboolean find_enabled(struct lttv_tp_event *ev, gpointer user_data)
{
	gboolean *on = user_data;

	*on = __atomic_load_n(&ev->enabled, __ATOMIC_RELAXED) != 0;
	return !*on;
}

gboolean lttv_tp_is_enabled(const char *full_name)
{
	gboolean on = FALSE;

	g_return_val_if_fail(full_name, FALSE);
	/* names hold no wildcard: the name is its own pattern */
	lttv_tp_foreach(full_name, find_enabled, &on);
	return on;
}

guint lttv_tp_add_listener(LttvTpListener fn, gpointer user_data)
{
	Listener l = {0, fn, user_data};

	g_return_val_if_fail(fn, 0);
	g_rec_mutex_lock(&registry_lock);
	ensure_init();
	l.id = next_listener_id++;
	for (guint m = 0; m < modules->len; m++) {
		Module *mod = modules->pdata[m];

		fn((struct lttv_tp_event *const *)mod->events->pdata, mod->events->len, TRUE,
		   user_data);
	}
	g_array_append_val(listeners, l);
	g_rec_mutex_unlock(&registry_lock);
	return l.id;
}

void lttv_tp_remove_listener(guint id)
{
	g_rec_mutex_lock(&registry_lock);
	ensure_init();
	for (guint i = 0; i < listeners->len; i++) {
		if (g_array_index(listeners, Listener, i).id == id) {
			g_array_remove_index(listeners, i);
			break;
		}
	}
	g_rec_mutex_unlock(&registry_lock);
}

/* ---------------------------------------------------------------- backend */

/* The one thing probes dereference besides their own event: RCU-published
 * so that replacing it never waits for, nor races with, a probe. */
static LttvTpBackend *current_backend;

LttvTpBackend *lttv_tp_set_backend(LttvTpBackend *be)
{
	LttvTpBackend *old = rcu_xchg_pointer(&current_backend, be);

	/* every probe that may still use old has committed */
	urcu_bp_synchronize_rcu();
	return old;
}

__thread gint32 lttv_ust_tid __attribute__((tls_model("initial-exec")));

/* The read-side section spans reserve to commit: the backend cannot go
 * away under a probe that is writing.  urcu-bp registers a thread on its
 * first read-side section by itself (with signals blocked), so threads
 * the runtime did not create and signal handlers need nothing more. */
void *lttv_tp_reserve(struct lttv_tp_event *ev, size_t payload_len, struct lttv_tp_ctx *ctx)
{
	LttvTpBackend *be;

	urcu_bp_read_lock();
	be = rcu_dereference(current_backend);
	if (G_LIKELY(be)) {
		void *p;

		ctx->backend = be;
		if (G_LIKELY(be->ring)) {
			p = lttv_rb_reserve(be->ring, lttv_rb_current_cpu(), ev->id,
			                    LTTV_UST_EVENT_CONTEXT_SIZE + payload_len,
			                    (LttvRbCtx *)ctx->priv);
			if (G_LIKELY(p))
				p = lttv_ust_put_event_context(p);
		} else {
			ctx->event = ev;
			ctx->payload_len = payload_len;
			p = be->reserve(be, ev, payload_len, ctx);
		}
		if (G_LIKELY(p))
			return p;
	}
	urcu_bp_read_unlock();
	return NULL;
}

void lttv_tp_commit(struct lttv_tp_ctx *ctx)
{
	LttvTpBackend *be = ctx->backend;

	if (G_LIKELY(be->ring))
		lttv_rb_commit((const LttvRbCtx *)ctx->priv);
	else
		be->commit(be, ctx);
	urcu_bp_read_unlock();
}

/* ---------------------------------------------------------------- memory backend */

struct LttvTpMemBackend {
	LttvTpBackend be; /* first: the vtable's callbacks get it */
	guint8 *buf;      /* zeroed: a record size of 0 ends the records */
	gsize capacity;
	gsize used; /* bytes reserved, atomic; past capacity once full */
	guint64 count;
	guint64 dropped;
};

static void *mem_reserve(LttvTpBackend *be, struct lttv_tp_event *ev, size_t payload_len,
                         struct lttv_tp_ctx *ctx)
{
	LttvTpMemBackend *mb = (LttvTpMemBackend *)be;
	LttvTpMemRecord *r;
	struct timespec now;
	gsize size, off;

	if (payload_len > mb->capacity) {
		__atomic_fetch_add(&mb->dropped, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	size = (sizeof(LttvTpMemRecord) + payload_len + 7) & ~(gsize)7;
	off = __atomic_fetch_add(&mb->used, size, __ATOMIC_RELAXED);
	if (size > mb->capacity || off > mb->capacity - size) {
		__atomic_fetch_add(&mb->dropped, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	r = (LttvTpMemRecord *)(mb->buf + off);
	r->event_id = ev->id;
	r->payload_len = (guint32)payload_len;
	r->ts = (guint64)now.tv_sec * G_GUINT64_CONSTANT(1000000000) + (guint64)now.tv_nsec;
	r->event = ev;
	/* the size last: next() stops at a record whose size is still 0 */
	__atomic_store_n(&r->size, (guint32)size, __ATOMIC_RELEASE);
	ctx->priv[0] = (guint64)(guintptr)r;
	return r->payload;
}

static void mem_commit(LttvTpBackend *be, struct lttv_tp_ctx *ctx)
{
	LttvTpMemBackend *mb = (LttvTpMemBackend *)be;
	LttvTpMemRecord *r = (LttvTpMemRecord *)(guintptr)ctx->priv[0];

	__atomic_store_n(&r->committed, 1, __ATOMIC_RELEASE);
	__atomic_fetch_add(&mb->count, 1, __ATOMIC_RELAXED);
}

LttvTpMemBackend *lttv_tp_mem_backend_new(gsize capacity)
{
	LttvTpMemBackend *mb;

	/* record sizes are 32-bit */
	g_return_val_if_fail(capacity <= G_MAXUINT32, NULL);
	mb = g_new0(LttvTpMemBackend, 1);
	mb->be.reserve = mem_reserve;
	mb->be.commit = mem_commit;
	mb->capacity = capacity;
	mb->buf = g_malloc0(capacity);
	return mb;
}

void lttv_tp_mem_backend_free(LttvTpMemBackend *mb)
{
	if (!mb)
		return;
	g_free(mb->buf);
	g_free(mb);
}

LttvTpBackend *lttv_tp_mem_backend_get(LttvTpMemBackend *mb)
{
	return &mb->be;
}

const LttvTpMemRecord *lttv_tp_mem_backend_next(LttvTpMemBackend *mb, const LttvTpMemRecord *prev)
{
	gsize end = MIN(__atomic_load_n(&mb->used, __ATOMIC_ACQUIRE), mb->capacity);
	gsize off = prev ? (gsize)((const guint8 *)prev - mb->buf) + prev->size : 0;
	const LttvTpMemRecord *r;

	if (off + sizeof(LttvTpMemRecord) > end)
		return NULL;
	r = (const LttvTpMemRecord *)(mb->buf + off);
	if (r->size == 0 || off + r->size > end)
		return NULL;
	return r;
}

guint64 lttv_tp_mem_backend_count(LttvTpMemBackend *mb)
{
	return __atomic_load_n(&mb->count, __ATOMIC_RELAXED);
}

guint64 lttv_tp_mem_backend_dropped(LttvTpMemBackend *mb)
{
	return __atomic_load_n(&mb->dropped, __ATOMIC_RELAXED);
}

void lttv_tp_mem_backend_clear(LttvTpMemBackend *mb)
{
	memset(mb->buf, 0, MIN(mb->used, mb->capacity));
	mb->used = 0;
	mb->count = 0;
	mb->dropped = 0;
}
