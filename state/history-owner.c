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

void history_link_hosts(LttvHistory *h, LttvTraceset *ts)
{
	g_free(h->host_trace);
	h->host_trace = g_new(gint, MAX(h->n_traces, 1));
	for (guint i = 0; i < h->n_traces; i++)
		h->host_trace[i] =
		        i < lttv_traceset_n_traces(ts) ? host_kernel_trace(h, ts, i) : -1;
}

/* An integer context field of the event (vtid, tid, ...). */
static gboolean context_int(const LttvEvent *ev, const char *name, int64_t *out)
{
	LttvEventClass *ec = lttv_event_event_class(ev);
	const LttvField *f = lttv_event_class_field_in(ec, LTTV_SCOPE_COMMON_CONTEXT, name);

	if (!f)
		f = lttv_event_class_field_in(ec, LTTV_SCOPE_SPECIFIC_CONTEXT, name);
	return f && lttv_event_get_int(ev, f, out);
}

/* The procname context of the event, interned (NULL without one). */
static const char *context_procname(const LttvEvent *ev)
{
	LttvEventClass *ec = lttv_event_event_class(ev);
	const LttvField *f = lttv_event_class_field_in(ec, LTTV_SCOPE_COMMON_CONTEXT, "procname");
	const char *s;
	size_t len;
	char buf[64];

	if (!f)
		f = lttv_event_class_field_in(ec, LTTV_SCOPE_SPECIFIC_CONTEXT, "procname");
	if (!f || !lttv_event_get_string(ev, f, &s, &len))
		return NULL;
	/* a char array: padded with NULs */
	len = strnlen(s, MIN(len, sizeof buf - 1));
	memcpy(buf, s, len);
	buf[len] = '\0';
	return g_intern_string(buf);
}

/* What the event's context and its trace's environment say. */
static gboolean owner_from_context(const LttvEvent *ev, LttvHistoryThread *out)
{
	LttvTrace *t = lttv_event_trace(ev);
	const char *env_pid = lttv_trace_env(t, "vpid");
	int64_t tid = -1, pid = -1;
	const char *name;

	if (!context_int(ev, "vtid", &tid))
		context_int(ev, "tid", &tid);
	if (!context_int(ev, "vpid", &pid) && !context_int(ev, "pid", &pid) && env_pid)
		pid = g_ascii_strtoll(env_pid, NULL, 10);
	name = context_procname(ev);
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
	return owner_from_context(ev, out);
}
