/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The thread an event of any trace came from (lttv_history_event_owner):
 * a kernel event's from its own trace's CPUs; a user-space event's from the
 * kernel trace of the same host (the thread running on the event's CPU at
 * its time: a tracepoint runs in the thread that hits it), else from its
 * vtid/vpid/procname context fields, else from its trace's environment
 * (per-process traces name their process).
 */
#include "config.h"

#include "state/history-internal.h"

#include <lttv/event.h>
#include <string.h>

/* The kernel trace of trace i's host: a trace of the set with CPU rows
 * and the same `hostname` (-1 when none, or when i has CPU rows itself). */
static gint host_kernel_trace(const LttvHistory *h, LttvTraceset *ts, guint i)
{
	const char *host = lttv_trace_env(lttv_traceset_trace(ts, i), "hostname");

	if (!host || h->traces[i].n_cpu_rows > 0)
		return -1;
	for (guint k = 0; k < h->n_traces; k++) {
		const char *other = lttv_trace_env(lttv_traceset_trace(ts, k), "hostname");

		if (k != i && h->traces[k].n_cpu_rows > 0 && other && strcmp(host, other) == 0)
			return (gint)k;
	}
	return -1;
}

/* The context fields of an event class that name its thread (NULL:
 * absent), resolved once per class: a lookup by name costs a lock, a
 * formatted key and a hash. */
typedef struct OwnerFields {
	const LttvEventClass *ec; /* whose fields they are */
	const LttvField *vtid, *tid, *vpid, *pid, *procname;
} OwnerFields;

void history_link_hosts(LttvHistory *h, LttvTraceset *ts)
{
	history_owner_clear(h);
	h->host_trace = g_new(gint, MAX(h->n_traces, 1));
	h->owner_fields = g_new0(OwnerFields **, MAX(h->n_traces, 1));
	h->owner_n_classes = g_new0(guint, MAX(h->n_traces, 1));
	for (guint i = 0; i < h->n_traces; i++) {
		bool in_set = i < lttv_traceset_n_traces(ts);

		h->host_trace[i] = in_set ? host_kernel_trace(h, ts, i) : -1;
		h->owner_n_classes[i] =
		        in_set ? lttv_trace_n_event_classes(lttv_traceset_trace(ts, i)) : 0;
		h->owner_fields[i] = g_new0(OwnerFields *, MAX(h->owner_n_classes[i], 1));
	}
}

void history_owner_clear(LttvHistory *h)
{
	for (guint i = 0; h->owner_fields && i < h->n_traces; i++) {
		for (guint k = 0; k < h->owner_n_classes[i]; k++)
			g_free(h->owner_fields[i][k]);
		g_free(h->owner_fields[i]);
	}
	g_clear_pointer(&h->owner_fields, g_free);
	g_clear_pointer(&h->owner_n_classes, g_free);
	g_clear_pointer(&h->host_trace, g_free);
}

static const LttvField *context_field(LttvEventClass *ec, const char *name)
{
	const LttvField *f = lttv_event_class_field_in(ec, LTTV_SCOPE_COMMON_CONTEXT, name);

	return f ? f : lttv_event_class_field_in(ec, LTTV_SCOPE_SPECIFIC_CONTEXT, name);
}

/* The owner fields of the event's class, from the cache (filled on first
 * use); looked up into `local` when the event's trace is not where the
 * history has it (an event of another traceset). */
static const OwnerFields *owner_fields(const LttvHistory *h, const LttvEvent *ev,
                                       OwnerFields *local)
{
	LttvEventClass *ec = lttv_event_event_class(ev);
	guint trace = lttv_trace_index(lttv_event_trace(ev));
	guint k = lttv_event_class_index(ec);
	OwnerFields **slot = NULL, *f;

	if (h->owner_fields && trace < h->n_traces && k < h->owner_n_classes[trace]) {
		slot = &h->owner_fields[trace][k];
		f = g_atomic_pointer_get(slot);
		if (f && f->ec == ec)
			return f;
		if (f)
			slot = NULL; /* another class there */
	}
	f = slot ? g_new(OwnerFields, 1) : local;
	f->ec = ec;
	f->vtid = context_field(ec, "vtid");
	f->tid = context_field(ec, "tid");
	f->vpid = context_field(ec, "vpid");
	f->pid = context_field(ec, "pid");
	f->procname = context_field(ec, "procname");
	/* another thread filled the slot meanwhile: use ours this once */
	if (slot && !g_atomic_pointer_compare_and_exchange(slot, NULL, f)) {
		*local = *f;
		g_free(f);
		f = local;
	}
	return f;
}

/* An integer context field of the event (vtid, tid, ...). */
static gboolean context_int(const LttvEvent *ev, const LttvField *f, int64_t *out)
{
	return f && lttv_event_get_int(ev, f, out);
}

/* The procname context of the event, interned (NULL without one). */
static const char *context_procname(const LttvEvent *ev, const LttvField *f)
{
	const char *s;
	size_t len;
	char buf[64];

	if (!f || !lttv_event_get_string(ev, f, &s, &len))
		return NULL;
	/* a char array: padded with NULs */
	len = strnlen(s, MIN(len, sizeof buf - 1));
	memcpy(buf, s, len);
	buf[len] = '\0';
	return g_intern_string(buf);
}

/* What the event's context and its trace's environment say. */
static gboolean owner_from_context(const LttvHistory *h, const LttvEvent *ev,
                                   LttvHistoryThread *out)
{
	LttvTrace *t = lttv_event_trace(ev);
	const char *env_pid = lttv_trace_env(t, "vpid");
	int64_t tid = -1, pid = -1;
	OwnerFields local;
	const OwnerFields *f = owner_fields(h, ev, &local);
	const char *name;

	if (!context_int(ev, f->vtid, &tid))
		context_int(ev, f->tid, &tid);
	if (!context_int(ev, f->vpid, &pid) && !context_int(ev, f->pid, &pid) && env_pid)
		pid = g_ascii_strtoll(env_pid, NULL, 10);
	name = context_procname(ev, f->procname);
	if (!name)
		name = lttv_trace_env(t, "procname");
	if (tid < 0 && pid < 0 && !name)
		return FALSE;
	memset(out, 0, sizeof(*out));
	out->tid = tid;
	out->pid = pid;
	out->ppid = -1;
	out->name = name ? g_intern_string(name) : NULL;
	out->row = G_MAXUINT;
	return TRUE;
}

gboolean lttv_history_event_owner(const LttvHistory *h, const LttvEvent *ev, LttvHistoryThread *out)
{
	guint trace = lttv_trace_index(lttv_event_trace(ev));
	LttvHistoryThread local;

	if (!out)
		out = &local;
	if (lttv_history_event_thread(h, ev, out, NULL))
		return TRUE;
	if (h->host_trace && trace < h->n_traces && h->host_trace[trace] >= 0 &&
	    history_thread_before(h, (guint)h->host_trace[trace], lttv_event_cpu(ev),
	                          lttv_event_time(ev), out, NULL)) {
		out->row = G_MAXUINT; /* a row of another trace */
		return TRUE;
	}
	return owner_from_context(h, ev, out);
}
