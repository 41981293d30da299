/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ftrace records -> lttng-modules events.  Each ftrace event id maps to a
 * compiled list of operations (read a source field, convert, write), built
 * once from the format files and the table in convert-table.c. */
#include "tracer/kernel/convert.h"
#include "tracer/kernel/convert-internal.h"
#include "tracer/kernel/convert-table.h"
#include "lttv/error.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define CLONE_THREAD_FLAG 0x00010000u

/* ---------------------------------------------------------------- reading */

static inline guint64 read_uint(const guint8 *p, guint32 len, const KSrc *s)
{
	if ((guint32)s->off + s->size > len)
		return 0;
	switch (s->size) {
	case 1: return s->is_signed ? (guint64)(gint64)(gint8)p[s->off] : p[s->off];
	case 2: {
		guint16 v;
		memcpy(&v, p + s->off, 2);
		return s->is_signed ? (guint64)(gint64)(gint16)v : v;
	}
	case 4: {
		guint32 v;
		memcpy(&v, p + s->off, 4);
		return s->is_signed ? (guint64)(gint64)(gint32)v : v;
	}
	case 8: {
		guint64 v;
		memcpy(&v, p + s->off, 8);
		return v;
	}
	default: return 0;
	}
}

/* The bytes of a char array or __data_loc/__rel_loc field: *n bytes at the
 * returned pointer, not necessarily NUL-terminated. */
static const guint8 *read_bytes(const guint8 *p, guint32 len, const KSrc *s, guint32 *n)
{
	*n = 0;
	if ((guint32)s->off + s->size > len)
		return p;
	if (s->loc == KSRC_TAIL) {
		*n = len - s->off;
		return p + s->off;
	}
	if (s->loc == FTRACE_FIELD_PLAIN) {
		*n = s->size;
		return p + s->off;
	}
	guint32 word;
	memcpy(&word, p + s->off, 4);
	guint32 off = word & 0xffff, l = word >> 16;
	if (s->loc == FTRACE_FIELD_REL_LOC)
		off += s->off + 4u;
	if (off > len || l > len - off)
		return p;
	*n = l;
	return p + off;
}

static inline guint32 bounded_strlen(const guint8 *s, guint32 n)
{
	const guint8 *z = memchr(s, 0, n);
	return z ? (guint32)(z - s) : n;
}

/* 16 bytes up to the first NUL, zeros after it: two words and a bit trick
 * (the lowest byte of a word that the trick flags is its first zero; the
 * recorder reads little-endian pages only) instead of three library calls. */
static inline void copy_comm(guint8 *out, const guint8 *s)
{
	guint64 w[2];
	memcpy(w, s, 16);
	for (int k = 0; k < 2; k++) {
		guint64 zero = (w[k] - 0x0101010101010101ull) & ~w[k] & 0x8080808080808080ull;
		if (zero) {
			guint bytes = (guint)__builtin_ctzll(zero) / 8;
			w[k] &= bytes ? ~0ull >> (64 - 8 * bytes) : 0;
			if (k == 0)
				w[1] = 0;
			break;
		}
	}
	memcpy(out, w, 16);
}

/* ---------------------------------------------------------------- tgids */

static gint32 tgid_from_proc(gint32 tid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", tid);
	g_autofree char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return 0;
	const char *p = strstr(text, "\nTgid:");
	return p ? (gint32)g_ascii_strtoll(p + 6, NULL, 10) : 0;
}

void kconv_tgid_set(KConv *c, gint32 tid, gint32 tgid)
{
	g_mutex_lock(&c->lock);
	g_hash_table_insert(c->tgids, GINT_TO_POINTER(tid), GINT_TO_POINTER(tgid));
	g_mutex_unlock(&c->lock);
}

gint32 kconv_tgid_of(KConv *c, gint32 tid)
{
	if (tid <= 0)
		return tid;
	gpointer v = NULL;
	g_mutex_lock(&c->lock);
	gboolean found = g_hash_table_lookup_extended(c->tgids, GINT_TO_POINTER(tid), NULL, &v);
	g_mutex_unlock(&c->lock);
	if (found)
		return GPOINTER_TO_INT(v);
	gint32 tgid = tgid_from_proc(tid);
	if (tgid <= 0)
		tgid = tid; /* gone already: a thread group leader is the best guess */
	kconv_tgid_set(c, tid, tgid);
	return tgid;
}

static gint32 child_tgid(KConv *c, gint32 parent_tid, gint32 child)
{
	gpointer flags = NULL;
	g_mutex_lock(&c->lock);
	gboolean known =
	        g_hash_table_steal_extended(c->clone_flags, GINT_TO_POINTER(child), NULL, &flags);
	g_mutex_unlock(&c->lock);
	gint32 tgid;
	if (known)
		tgid = (GPOINTER_TO_UINT(flags) & CLONE_THREAD_FLAG) ? kconv_tgid_of(c, parent_tid)
		                                                     : child;
	else {
		tgid = tgid_from_proc(child);
		if (tgid <= 0)
			tgid = child;
	}
	kconv_tgid_set(c, child, tgid);
	return tgid;
}

/* ---------------------------------------------------------------- rwbs */

guint32 kconv_rwbs_bits(const char *s, guint32 n)
{
	guint32 bits = 0, i = 0;
	n = (guint32)strnlen(s, n); /* the letters end at the NUL */
	if (n > 1 && s[0] == 'F' && strchr("WDFRNZ", s[1])) {
		bits |= 0x400; /* PREFLUSH */
		i = 1;
	}
	if (i < n) {
		switch (s[i]) {
		case 'W':
			if (i + 1 < n && s[i + 1] == 'Z')
				i++; /* WZ: write zeroes, not REQ_OP_WRITE: no LTTng bit */
			else
				bits |= 0x001;
			break;
		case 'D':
			bits |= 0x002;
			if (i + 1 < n && s[i + 1] == 'E') {
				bits |= 0x080;
				i++;
			}
			break;
		case 'F': bits |= 0x100; break;
		case 'R': bits |= 0x004; break;
		case 'Z': /* zone management operations (ZA ZR ZRA ZF ZO ZC): no LTTng bit */
			if (i + 1 < n && s[i + 1] >= 'A' && s[i + 1] <= 'Z') {
				i++;
				if (s[i] == 'R' && i + 1 < n && s[i + 1] == 'A')
					i++; /* ZRA: zone reset all, not readahead */
			}
			break;
		default: /* 'N' */ break;
		}
		i++;
	}
	for (; i < n; i++) {
		switch (s[i]) {
		case 'F': bits |= 0x200; break;
		case 'A': bits |= 0x008; break;
		case 'S': bits |= 0x020; break;
		case 'M': bits |= 0x040; break;
		default: break;
		}
	}
	return bits;
}

/* ---------------------------------------------------------------- writing */

static inline guint8 *put_int(guint8 *p, guint64 v, guint8 size)
{
	switch (size) {
	case 1: *p = (guint8)v; break;
	case 2: {
		guint16 x = (guint16)v;
		memcpy(p, &x, 2);
		break;
	}
	case 4: {
		guint32 x = (guint32)v;
		memcpy(p, &x, 4);
		break;
	}
	default: memcpy(p, &v, 8); break;
	}
	return p + size;
}

/* OP_COPY4 / OP_COPY8: one load and one store when the record holds the
 * field (size is a constant once inlined). */
static inline guint8 *copy_plain(guint8 *out, const guint8 *p, guint32 len, const KSrc *src,
                                 gboolean whole, guint8 size)
{
	if (G_LIKELY(whole))
		memcpy(out, p + src->off, size);
	else
		put_int(out, read_uint(p, len, src), size);
	return out + size;
}

/* The string of a captured syscall argument for this record, or NULL. */
static const KString *syscall_string(KConvCpu *cc, guint64 ts, gint32 tid, guint32 nr, guint32 arg);

/* Serializes rec into cc->scratch with ops; returns the payload length. */
static gsize run_ops(KConvCpu *cc, const KEvent *ev, guint64 ts, const guint8 *p, guint32 len,
                     const guint64 *sys_args, gint32 tid, guint32 nr)
{
	KConv *c = cc->conv;
	guint8 *out = cc->scratch, *end = cc->scratch + KCONV_SCRATCH;
	/* every integer field in the record: copied without a check each */
	gboolean whole = len >= ev->src_end;
	for (guint i = 0; i < ev->n_ops; i++) {
		const KOp *op = &ev->ops[i];
		/* the longest fixed write is 8 bytes + vtids 5, or a fixed array of
		 * op->size bytes; strings check below */
		if (!ev->fixed && (end - out < 64 || (gsize)(end - out) < op->size))
			break;
		switch (op->kind) {
		case OP_COPY4: out = copy_plain(out, p, len, &op->src, whole, 4); break;
		case OP_COPY8: out = copy_plain(out, p, len, &op->src, whole, 8); break;
		case OP_INT: out = put_int(out, read_uint(p, len, &op->src), op->size); break;
		case OP_PRIO: out = put_int(out, read_uint(p, len, &op->src) - 100, 4); break;
		case OP_COMMON_PID: out = put_int(out, (guint32)tid, 4); break;
		case OP_TGID:
			out = put_int(
			        out, (guint32)kconv_tgid_of(c, (gint32)read_uint(p, len, &op->src)),
			        4);
			break;
		case OP_CHILD_TGID:
			out = put_int(out,
			              (guint32)child_tgid(c, (gint32)read_uint(p, len, &op->aux),
			                                  (gint32)read_uint(p, len, &op->src)),
			              4);
			break;
		case OP_CONST: out = put_int(out, op->k, op->size); break;
		case OP_VTIDS:
			*out++ = 1;
			out = put_int(out, read_uint(p, len, &op->src), 4);
			break;
		case OP_TEXT: {
			guint32 n;
			const guint8 *s = read_bytes(p, len, &op->src, &n);
			if (G_LIKELY(op->size == 16 && n >= 16)) {
				copy_comm(out, s); /* a comm, the usual text */
			} else {
				n = MIN(bounded_strlen(s, n), op->size);
				memcpy(out, s, n);
				memset(out + n, 0, op->size - n);
			}
			out += op->size;
			break;
		}
		case OP_STRING: {
			guint32 n;
			const guint8 *s = read_bytes(p, len, &op->src, &n);
			n = MIN(bounded_strlen(s, n), (guint32)(end - out) - 1);
			memcpy(out, s, n);
			out[n] = 0;
			out += n + 1;
			break;
		}
		case OP_RWBS: {
			guint32 n;
			const guint8 *s = read_bytes(p, len, &op->src, &n);
			out = put_int(out, kconv_rwbs_bits((const char *)s, n), 4);
			break;
		}
		case OP_BYTES: {
			guint32 n;
			const guint8 *s = read_bytes(p, len, &op->src, &n);
			n = MIN(n, op->size);
			memcpy(out, s, n);
			memset(out + n, 0, op->size - n);
			out += op->size;
			break;
		}
		case OP_SEQ: {
			guint32 n;
			const guint8 *s = read_bytes(p, len, &op->src, &n);
			guint32 count = op->k ? MIN(n / (guint32)op->k, 255u) : 0;
			count = MIN(count, (guint32)((end - out) - 1) / MAX((guint32)op->k, 1u));
			*out++ = (guint8)count;
			memcpy(out, s, count * op->k);
			out += count * op->k;
			break;
		}
		case OP_SYSCALL_ARG:
			out = put_int(out, sys_args ? sys_args[op->k] : 0, op->size);
			break;
		case OP_SYSCALL_STRING: {
			const KString *str = syscall_string(cc, ts, tid, nr, (guint32)op->k);
			guint32 n = str ? MIN(str->len, (guint32)(end - out) - 1) : 0;
			if (n)
				memcpy(out, str->str, n);
			out[n] = 0;
			out += n + 1;
			break;
		}
		}
	}
	return (gsize)(out - cc->scratch);
}

static gboolean emit(KConvCpu *cc, guint32 id, guint64 ts, const guint8 *payload, gsize n,
                     GError **error)
{
	GError *local = NULL;
	guint8 *dst = lttv_ctf_stream_event(cc->stream, id, ts, n, &local);
	if (!dst) {
		if (g_error_matches(local, LTTV_CTF_ERROR, LTTV_CTF_ERROR_TOO_LARGE)) {
			/* lost, counted, and the recording goes on */
			g_error_free(local);
			cc->dropped++;
			return TRUE;
		}
		g_propagate_error(error, local);
		return FALSE;
	}
	memcpy(dst, payload, n);
	cc->events++;
	return TRUE;
}

/* State dump events due before ts (all of them when ts is G_MAXUINT64). */
static gboolean flush_statedump(KConvCpu *cc, guint64 ts, GError **error)
{
	KConv *c = cc->conv;
	while (cc->statedump_next < c->statedump->len) {
		const KPending *e = c->statedump->pdata[cc->statedump_next];
		if (e->ts > ts)
			break;
		if (!emit(cc, e->id, e->ts, e->data, e->len, error))
			return FALSE;
		cc->statedump_next++;
		/* the dump is over and written: no check for every later record */
		if (e->id == c->sd_end_id && cc->statedump_next == c->statedump->len)
			cc->statedump = FALSE;
	}
	return TRUE;
}

gboolean kconv_cpu_record(KConvCpu *cc, guint64 ts, const guint8 *p, guint32 len, GError **error)
{
	KConv *c = cc->conv;
	if (G_UNLIKELY(cc->statedump) && !flush_statedump(cc, ts, error))
		return FALSE;
	if (len < 8) {
		cc->unknown++;
		return TRUE;
	}
	guint16 type;
	gint32 tid;
	memcpy(&type, p, 2);
	memcpy(&tid, p + 4, 4);
	const KEvent *ev = c->by_ftrace_id[type];
	if (G_UNLIKELY(!ev)) {
		cc->unknown++;
		return TRUE;
	}
	gsize n;
	switch (ev->special) {
	case KSPECIAL_NONE:
		n = run_ops(cc, ev, ts, p, len, NULL, tid, 0);
		return emit(cc, ev->out_id, ts, cc->scratch, n, error);
	case KSPECIAL_NEWTASK: {
		gint32 child = (gint32)read_uint(p, len, &c->newtask_pid);
		guint64 flags = read_uint(p, len, &c->newtask_flags);
		g_mutex_lock(&c->lock);
		g_hash_table_insert(c->clone_flags, GINT_TO_POINTER(child),
		                    GUINT_TO_POINTER((guint)flags));
		g_mutex_unlock(&c->lock);
		return TRUE;
	}
	case KSPECIAL_SYS_ENTER:
	case KSPECIAL_SYS_EXIT: {
		if (G_UNLIKELY(tid >= c->own_min && tid <= c->own_max))
			for (guint i = 0; i < c->n_own_tids; i++)
				if (c->own_tids[i] == tid)
					return TRUE;
		gint64 nr = (gint64)read_uint(p, len, &ev->sys_id);
		gboolean enter = ev->special == KSPECIAL_SYS_ENTER;
		const KEvent *sc = NULL;
		if (nr >= 0 && nr < (gint64)c->n_syscalls)
			sc = enter ? c->sys_entry[nr] : c->sys_exit[nr];
		guint64 args[6] = {0};
		if (enter) {
			/* unsigned long args[6]: one copy when the record holds them all */
			guint32 off = ev->sys_args.off;
			if (G_LIKELY(off + sizeof args <= len))
				memcpy(args, p + off, sizeof args);
			else
				for (int i = 0; i < 6; i++) {
					KSrc a = ev->sys_args;
					a.off = (guint16)(a.off + 8 * i);
					a.size = 8;
					args[i] = read_uint(p, len, &a);
				}
		}
		if (!sc) {
			/* syscall_entry_unknown: id, args / exit: id, ret, args */
			guint8 *o = cc->scratch;
			o = put_int(o, (guint64)nr, 4);
			if (!enter)
				o = put_int(o, read_uint(p, len, &ev->sys_ret), 8);
			for (int i = 0; i < 6; i++)
				o = put_int(o, args[i], 8);
			return emit(cc, enter ? c->unknown_entry_id : c->unknown_exit_id, ts,
			            cc->scratch, (gsize)(o - cc->scratch), error);
		}
		if (enter)
			n = run_ops(cc, sc, ts, p, len, args, tid, (guint32)nr);
		else {
			guint8 *o = put_int(cc->scratch, read_uint(p, len, &ev->sys_ret), 8);
			n = (gsize)(o - cc->scratch);
		}
		return emit(cc, sc->out_id, ts, cc->scratch, n, error);
	}
	}
	return TRUE;
}

gboolean kconv_cpu_finish(KConvCpu *cc, GError **error)
{
	if (cc->statedump)
		return flush_statedump(cc, G_MAXUINT64, error);
	return TRUE;
}

guint64 kconv_cpu_events(const KConvCpu *cc)
{
	return cc->events;
}

guint64 kconv_cpu_dropped(const KConvCpu *cc)
{
	return cc->dropped;
}

guint64 kconv_cpu_unknown(const KConvCpu *cc)
{
	return cc->unknown;
}

KConvCpu *kconv_cpu_new(KConv *c, guint cpu, LttvCtfStream *stream, gboolean statedump)
{
	KConvCpu *cc = g_new0(KConvCpu, 1);
	cc->conv = c;
	cc->cpu = cpu;
	cc->stream = stream;
	cc->statedump = statedump;
	cc->scratch = g_malloc(KCONV_SCRATCH);
	return cc;
}

void kconv_cpu_free(KConvCpu *cc)
{
	if (!cc)
		return;
	g_free(cc->scratch);
	g_free(cc->last_string);
	g_free(cc);
}

/* ---------------------------------------------------------------- syscall strings */

static void string_record(const LttvSyscallString *rec, gpointer user_data)
{
	KConv *c = user_data;
	KString *s = g_malloc(sizeof(KString) + rec->len + 1);
	s->ts = rec->ts;
	s->nr = rec->nr;
	s->arg = rec->arg;
	s->len = rec->len;
	memcpy(s->str, rec->str, rec->len);
	s->str[rec->len] = 0;
	/* c->lock is held by the caller */
	GQueue *q = g_hash_table_lookup(c->strings_by_tid, GINT_TO_POINTER(rec->tid));
	if (!q) {
		q = g_queue_new();
		g_hash_table_insert(c->strings_by_tid, GINT_TO_POINTER(rec->tid), q);
	}
	g_queue_push_tail(q, s);
}

/* A captured string belongs to the entry event of the same thread, syscall
 * and argument whose time is closest (both are written in the same
 * tracepoint call, microseconds apart; the CPUs are converted out of
 * order, so an older record may still be waited for by another CPU's
 * converter).  Records much older than any entry still to come are freed. */
#define STRING_MATCH_NS 5000000ll
#define STRING_STALE_NS 30000000000ull

static const KString *syscall_string(KConvCpu *cc, guint64 ts, gint32 tid, guint32 nr, guint32 arg)
{
	KConv *c = cc->conv;
	if (!c->have_strings)
		return NULL;
	g_free(cc->last_string);
	cc->last_string = NULL;
	for (int attempt = 0; attempt < (c->strings ? 2 : 1); attempt++) {
		g_mutex_lock(&c->lock);
		if (attempt)
			lttv_syscall_strings_drain(c->strings, string_record, c);
		GQueue *q = g_hash_table_lookup(c->strings_by_tid, GINT_TO_POINTER(tid));
		GList *best = NULL;
		gint64 best_diff = STRING_MATCH_NS + 1;
		for (GList *l = q ? q->head : NULL; l;) {
			KString *s = l->data;
			GList *next = l->next;
			/* not from a spool: its CPUs are converted each at its
			 * own pace, one may be minutes ahead of another */
			if (c->strings && s->ts + STRING_STALE_NS < ts) {
				g_free(s);
				g_queue_delete_link(q, l);
			} else if (s->ts > ts + STRING_MATCH_NS) {
				/* a thread's strings come in time order: the rest
				 * (all of a spool's) are later still */
				break;
			} else if (s->nr == nr && s->arg == arg) {
				gint64 diff = ABS((gint64)(s->ts - ts));
				if (diff < best_diff) {
					best_diff = diff;
					best = l;
				}
			}
			l = next;
		}
		if (best) {
			cc->last_string = best->data;
			g_queue_delete_link(q, best);
			g_mutex_unlock(&c->lock);
			return cc->last_string;
		}
		g_mutex_unlock(&c->lock);
	}
	return NULL;
}

gboolean kconv_ignore_syscalls_of(KConv *c, gint32 tid)
{
	if (c->n_own_tids >= KCONV_MAX_OWN_TIDS)
		return FALSE;
	if (c->n_own_tids == 0 || tid < c->own_min)
		c->own_min = tid;
	if (c->n_own_tids == 0 || tid > c->own_max)
		c->own_max = tid;
	c->own_tids[c->n_own_tids++] = tid;
	return TRUE;
}

void kconv_set_syscall_strings(KConv *c, LttvSyscallStrings *strings)
{
	c->strings = strings;
	c->have_strings = strings != NULL;
}

void kconv_add_syscall_string(KConv *c, const LttvSyscallString *rec)
{
	g_mutex_lock(&c->lock);
	string_record(rec, c);
	c->have_strings = TRUE;
	g_mutex_unlock(&c->lock);
}
