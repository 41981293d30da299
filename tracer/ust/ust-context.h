/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The event context liblttv-ust writes between an event's header and its
 * payload in a session's ring buffer (the session's metadata declares it
 * as `stream.event.context`, LTTV_UST_EVENT_CONTEXT_SIZE bytes): the
 * calling thread's id, LTTng-UST's `vtid`.  Both paths of a probe into the
 * ring buffer (the runtime's inlined one and the backend's callback) write
 * it through here.
 */
#ifndef LTTV_TRACER_UST_CONTEXT_H
#define LTTV_TRACER_UST_CONTEXT_H

#include "tracer/ctf/ctf-writer.h"
#include "tracer/ust/ust-protocol.h"

#include <glib.h>
#include <unistd.h>

/* The thread's id, asked of the kernel once per thread (0: not yet).  A
 * child of fork() inherits the forking thread's value, but never traces
 * (doc/ust-sessions.md). */
extern __thread gint32 lttv_ust_tid __attribute__((tls_model("initial-exec")));

static inline guint8 *lttv_ust_put_event_context(guint8 *p)
{
	if (G_UNLIKELY(lttv_ust_tid == 0))
		lttv_ust_tid = (gint32)gettid();
	return lttv_ctf_put_u32(p, (guint32)lttv_ust_tid);
}

G_STATIC_ASSERT(LTTV_UST_EVENT_CONTEXT_SIZE == 4);

#endif
