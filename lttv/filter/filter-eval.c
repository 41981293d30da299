/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Matching events.  The first event of each class resolves the field
 * handles the filter needs and folds what does not vary inside the class
 * (event.name, trace.name, absent fields, mismatched types): a filter on
 * event names costs one table lookup per event, and no event allocates. */
#include "ctf/ir.h"
#include "ctf/trace-internal.h"
#include "filter/filter-internal.h"

#include "lttv/history.h"
#include "lttv/state.h"

#include <math.h>
#include <string.h>

void filter_literal_clear(FilterLiteral *lit)
{
	g_clear_pointer(&lit->str, g_free);
	g_clear_pointer(&lit->re, g_regex_unref);
}

static void class_free(gpointer p)
{
	FilterClass *c = p;

	if (!c)
		return;
	g_free(c->slots);
	g_free(c->known);
	g_free(c);
}

static void trace_cache_free(FilterTraceCache *tc)
{
	g_ptr_array_unref(tc->classes);
	g_free(tc);
}

void filter_cache_free(LttvFilter *f)
{
	for (guint i = 0; i < f->traces->len; i++)
		trace_cache_free(f->traces->pdata[i]);
	g_ptr_array_set_size(f->traces, 0);
	f->last = NULL;
}

/* --- comparing --- */

static bool op_holds(FilterOp op, int c)
{
	switch (op) {
	case OP_EQ: return c == 0;
	case OP_NE: return c != 0;
	case OP_LT: return c < 0;
	case OP_LE: return c <= 0;
	case OP_GT: return c > 0;
	case OP_GE: return c >= 0;
	default: return false;
	}
}

static bool compare_double(FilterOp op, double a, double b)
{
	if (isnan(a) || isnan(b))
		return op == OP_NE;
	return op_holds(op, (a > b) - (a < b));
}

static bool compare_int(const FilterNode *n, __int128 v)
{
	if (n->lit.kind == LIT_INT)
		return op_holds(n->op, (v > n->lit.i) - (v < n->lit.i));
	if (n->lit.kind == LIT_FLOAT)
		return compare_double(n->op, (double)v, n->lit.d);
	return false;
}

/* `s` (len bytes) starts with `p` and ends at `end`, or just before a
 * final newline ($ matches there too). */
static bool ends_at(const char *s, gsize len, gsize at, const char *p, gsize n)
{
	return (len == at + n || (len == at + n + 1 && s[len - 1] == '\n')) &&
	       (n == 0 || memcmp(s + at, p, n) == 0);
}

static bool plain_search(const FilterLiteral *lit, const char *s, gsize len)
{
	const char *p = lit->str + lit->plain_off;
	gsize n = lit->plain_len;

	if (lit->at_start && lit->at_end)
		return ends_at(s, len, 0, p, n);
	if (lit->at_start)
		return len >= n && (n == 0 || memcmp(s, p, n) == 0);
	if (lit->at_end)
		return (len >= n && ends_at(s, len, len - n, p, n)) ||
		       (len >= n + 1 && ends_at(s, len, len - n - 1, p, n));
	return n == 0 || (len >= n && memmem(s, len, p, n));
}

static bool regex_search(const FilterLiteral *lit, const char *s, gsize len)
{
	if (lit->plain)
		return plain_search(lit, s, len);
	return g_regex_match_full(lit->re, s ? s : "", (gssize)len, 0, 0, NULL, NULL);
}

/* Text against a string or a regular expression. */
static bool compare_text(const FilterNode *n, const char *s, gsize len)
{
	int c;

	if (n->lit.kind == LIT_REGEX)
		return regex_search(&n->lit, s, len);
	if (n->lit.kind != LIT_STRING)
		return false;
	c = MIN(len, n->lit.len) ? memcmp(s, n->lit.str, MIN(len, n->lit.len)) : 0;
	if (c == 0)
		c = (len > n->lit.len) - (len < n->lit.len);
	return op_holds(n->op, (c > 0) - (c < 0));
}

static bool compare_cstr(const FilterNode *n, const char *s)
{
	return s && compare_text(n, s, strlen(s));
}

/* An enumeration's (or bit map's) labels against a string: == when one of
 * them is it, != when none is, =~ when one matches. */
static bool compare_labels(const FilterNode *n, const FilterSlot *slot, uint64_t v)
{
	bool found = false;

	for (guint i = 0; i < slot->mappings->len && !found; i++) {
		const CtfMapping *m = slot->mappings->pdata[i];
		bool on = false;

		if (slot->bitmap) {
			for (guint r = 0; r < m->set.ranges->len && !on; r++) {
				const CtfRange *rg = &g_array_index(m->set.ranges, CtfRange, r);

				for (uint64_t b = rg->lower; b <= rg->upper && b < 64 && !on; b++)
					on = (v >> b) & 1;
			}
		} else {
			on = ctf_range_set_contains(&m->set, v);
		}
		if (!on)
			continue;
		if (n->lit.kind == LIT_REGEX)
			found = regex_search(&n->lit, m->name, strlen(m->name));
		else
			found = strcmp(m->name, n->lit.str) == 0;
	}
	return n->op == OP_NE ? !found : found;
}

/* --- per event class --- */

static void resolve_slot(LttvEventClass *ec, const char *path, FilterSlot *slot)
{
	const LttvField *f = lttv_event_class_field(ec, path);
	const CtfFieldClass *fc;

	/* the packet context too: lttv dump prints it (cpu_id...) */
	if (!f)
		f = lttv_event_class_field_in(ec, LTTV_SCOPE_PACKET_CONTEXT, path);
	slot->kind = SLOT_MISSING;
	if (!f)
		return;
	slot->field = f;
	fc = f->fc;
	switch (fc->kind) {
	case CTF_FC_INT:
		/* the reader's machinery (the event header's id and timestamp,
		 * packet sizes...) is not a field of the event; the CPU is */
		if (fc->i.roles & ~(uint32_t)CTF_ROLE_CPU_ID)
			break;
		slot->kind = SLOT_INT;
		slot->is_signed = fc->i.is_signed;
		if (fc->i.flavor == CTF_INT_PLAIN || fc->i.flavor == CTF_INT_BITMAP) {
			slot->mappings = fc->i.mappings;
			slot->bitmap = fc->i.flavor == CTF_INT_BITMAP;
		}
		break;
	case CTF_FC_FLOAT: slot->kind = SLOT_FLOAT; break;
	case CTF_FC_STRING:
	case CTF_FC_SL_STRING:
	case CTF_FC_DL_STRING: slot->kind = SLOT_STRING; break;
	case CTF_FC_SL_ARRAY:
	case CTF_FC_DL_ARRAY:
		if (fc->arr.is_text)
			slot->kind = SLOT_STRING;
		break;
	default:
		/* variable-length integers, BLOBs, structures... are not read by
		 * handle: absent */
		break;
	}
}

/* A comparison's value when the class alone decides it, else -1. */
static int8_t known_comparison(const LttvFilter *f, const FilterNode *n, LttvEventClass *ec,
                               const FilterClass *c)
{
	const FilterSlot *slot;
	FilterLiteralKind lk = n->lit.kind;
	bool text = lk == LIT_STRING || lk == LIT_REGEX;

	switch (n->field) {
	case FIELD_EVENT_NAME: return compare_cstr(n, lttv_event_class_name(ec));
	case FIELD_TRACE_NAME: return compare_cstr(n, lttv_trace_name(ec->trace));
	case FIELD_EVENT_FIELD: break;
	default: return -1;
	}
	(void)f;
	slot = &c->slots[n->slot];
	switch (slot->kind) {
	case SLOT_MISSING: return 0;
	case SLOT_INT:
		if (text &&
		    (!slot->mappings || !(n->op == OP_EQ || n->op == OP_NE || n->op == OP_MATCH)))
			return 0;
		return -1;
	case SLOT_FLOAT: return text ? 0 : -1;
	case SLOT_STRING: return text ? -1 : 0;
	}
	return -1;
}

static FilterClass *class_new(const LttvFilter *f, LttvEventClass *ec)
{
	FilterClass *c = g_new0(FilterClass, 1);

	c->slots = g_new0(FilterSlot, MAX(f->paths->len, 1));
	/* (lttv_event_class_field() is thread-safe: it locks its cache) */
	for (guint i = 0; i < f->paths->len; i++)
		resolve_slot(ec, f->paths->pdata[i], &c->slots[i]);
	c->known = g_new(int8_t, f->nodes->len);
	/* children come before their parent */
	for (guint i = 0; i < f->nodes->len; i++) {
		const FilterNode *n = &g_array_index(f->nodes, FilterNode, i);
		int8_t k = -1;

		switch (n->kind) {
		case NODE_CMP: k = known_comparison(f, n, ec, c); break;
		case NODE_NOT: k = c->known[n->child] < 0 ? -1 : !c->known[n->child]; break;
		case NODE_AND:
		case NODE_OR: {
			/* AND: false as soon as one is false, true when all are */
			const guint *kids = (const guint *)(gpointer)f->children->data + n->first;
			int8_t stop = n->kind == NODE_OR;
			bool all = true;

			for (guint j = 0; j < n->n && k < 0; j++) {
				int8_t v = c->known[kids[j]];

				if (v == stop)
					k = stop;
				else if (v < 0)
					all = false;
			}
			if (k < 0 && all)
				k = !stop;
			break;
		}
		}
		c->known[i] = k;
	}
	return c;
}

static FilterClass *class_of(LttvFilter *f, const LttvEvent *ev)
{
	/* (the reader's structures directly: this runs for every event) */
	LttvEventClass *ec = ev->cls;
	FilterTraceCache *tc = f->last;
	guint idx = ec->index;
	FilterClass *c;

	if (G_UNLIKELY(!tc || tc->trace != ec->trace)) {
		tc = NULL;
		for (guint i = 0; i < f->traces->len && !tc; i++)
			if (((FilterTraceCache *)f->traces->pdata[i])->trace == ec->trace)
				tc = f->traces->pdata[i];
		if (!tc) {
			tc = g_new0(FilterTraceCache, 1);
			tc->trace = ec->trace;
			tc->classes = g_ptr_array_new_with_free_func(class_free);
			g_ptr_array_add(f->traces, tc);
		}
		f->last = tc;
	}
	if (G_UNLIKELY(idx >= tc->classes->len))
		g_ptr_array_set_size(tc->classes, (gint)idx + 1);
	c = tc->classes->pdata[idx];
	if (G_UNLIKELY(!c)) {
		c = class_new(f, ec);
		tc->classes->pdata[idx] = c;
	}
	return c;
}

/* --- evaluation --- */

typedef struct {
	const LttvFilter *f;
	const FilterClass *c;
	const LttvEvent *ev;
	LttvFilterProcessFn process;
	gpointer user_data;
	int process_state; /* 0: not asked yet, 1: known, -1: unknown */
	LttvFilterProcess proc;
} Eval;

static const LttvFilterProcess *process_of(Eval *e)
{
	if (e->process_state == 0) {
		e->proc = (LttvFilterProcess){.tid = -1, .pid = -1, .ppid = -1, .name = NULL};
		e->process_state = e->process && e->process(e->ev, &e->proc, e->user_data) ? 1 : -1;
	}
	return e->process_state > 0 ? &e->proc : NULL;
}

static bool eval_field(Eval *e, const FilterNode *n)
{
	const FilterSlot *slot = &e->c->slots[n->slot];
	uint64_t u;
	double d;
	const char *s;
	size_t len;

	switch (slot->kind) {
	case SLOT_INT:
		if (!lttv_event_get_uint(e->ev, slot->field, &u))
			return false;
		if (n->lit.kind == LIT_STRING || n->lit.kind == LIT_REGEX)
			return compare_labels(n, slot, u);
		return compare_int(n, slot->is_signed ? (__int128)(int64_t)u : (__int128)u);
	case SLOT_FLOAT:
		return lttv_event_get_double(e->ev, slot->field, &d) &&
		       compare_double(n->op, d, n->lit.d);
	case SLOT_STRING:
		return lttv_event_get_string(e->ev, slot->field, &s, &len) &&
		       compare_text(n, s, len);
	default: return false;
	}
}

static bool eval_comparison(Eval *e, const FilterNode *n)
{
	const LttvFilterProcess *p;
	int64_t v;

	switch (n->field) {
	case FIELD_EVENT_NAME: return compare_cstr(n, lttv_event_name(e->ev));
	case FIELD_TRACE_NAME: return compare_cstr(n, lttv_trace_name(lttv_event_trace(e->ev)));
	case FIELD_EVENT_CPU:
	case FIELD_STATE_CPU: v = lttv_event_cpu(e->ev); return v >= 0 && compare_int(n, v);
	case FIELD_EVENT_TIME: return compare_int(n, lttv_event_time(e->ev));
	case FIELD_PROCESS_NAME: p = process_of(e); return p && compare_cstr(n, p->name);
	case FIELD_PROCESS_PID:
	case FIELD_PROCESS_TID:
	case FIELD_PROCESS_PPID:
		p = process_of(e);
		if (!p)
			return false;
		v = n->field == FIELD_PROCESS_PID   ? p->pid
		    : n->field == FIELD_PROCESS_TID ? p->tid
		                                    : p->ppid;
		return v >= 0 && compare_int(n, v);
	case FIELD_EVENT_FIELD: return eval_field(e, n);
	}
	return false;
}

static bool eval_node(Eval *e, guint i)
{
	const FilterNode *n = &g_array_index(e->f->nodes, FilterNode, i);
	const guint *kids;

	if (e->c->known[i] >= 0)
		return e->c->known[i];
	switch (n->kind) {
	case NODE_CMP: return eval_comparison(e, n);
	case NODE_NOT: return !eval_node(e, n->child);
	case NODE_AND:
		kids = &g_array_index(e->f->children, guint, n->first);
		for (guint j = 0; j < n->n; j++)
			if (!eval_node(e, kids[j]))
				return false;
		return true;
	case NODE_OR:
		kids = &g_array_index(e->f->children, guint, n->first);
		for (guint j = 0; j < n->n; j++)
			if (eval_node(e, kids[j]))
				return true;
		return false;
	}
	return false;
}

gboolean lttv_filter_match(LttvFilter *f, const LttvEvent *ev, LttvFilterProcessFn process,
                           gpointer user_data)
{
	Eval e = {.f = f, .ev = ev, .process = process, .user_data = user_data};

	g_return_val_if_fail(f != NULL && ev != NULL, FALSE);
	e.c = class_of(f, ev);
	if (e.c->known[f->root] >= 0)
		return e.c->known[f->root];
	return eval_node(&e, f->root);
}

/* --- process lookups --- */

gboolean lttv_filter_process_from_history(const LttvEvent *ev, LttvFilterProcess *out,
                                          gpointer history)
{
	LttvHistoryThread t;

	if (!history || !lttv_history_event_owner(history, ev, &t))
		return FALSE;
	out->tid = t.tid;
	out->pid = t.pid;
	out->ppid = t.ppid;
	out->name = t.name;
	return TRUE;
}

gboolean lttv_filter_process_from_state(const LttvEvent *ev, LttvFilterProcess *out, gpointer state)
{
	const LttvState *st = state;
	guint trace = lttv_trace_index(lttv_event_trace(ev));
	int64_t cpu = lttv_event_cpu(ev);
	const LttvProcess *p;

	if (!st || cpu < 0 || trace >= lttv_state_n_traces(st) ||
	    (uint64_t)cpu >= lttv_state_n_cpus(st, trace))
		return FALSE;
	p = lttv_state_cpu_running(st, trace, (guint)cpu);
	if (!p)
		return FALSE;
	out->tid = lttv_process_tid(p);
	out->pid = lttv_process_pid(p);
	out->ppid = lttv_process_ppid(p);
	out->name = lttv_process_name(p);
	return TRUE;
}
