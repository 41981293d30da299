/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A user-space tracing session of lttv-trace (doc/ust-sessions.md): the
 * socket applications linked with liblttv-ust register on, and the
 * consumer that copies their ring buffers to
 * DIR/ust/pid/<name>-<pid>-<date>/ (discard mode) or writes snapshots of
 * them (overwrite mode).
 *
 * The owner polls lttv_ust_session_fd() and calls
 * lttv_ust_session_dispatch() when it is readable; a thread of the session
 * drains the buffers meanwhile.
 */
#ifndef LTTV_TRACER_UST_SESSION_H
#define LTTV_TRACER_UST_SESSION_H

#include "tracer/ust/ringbuf.h"

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
	const char *name;       /* unique among the user's running sessions */
	const char *dir;        /* the session folder: traces go to DIR/ust/ */
	const char *patterns;   /* events to enable: "provider:event" globs, commas */
	LttvRbMode mode;        /* discard, or overwrite (flight recorder) */
	guint64 subbuf_size;    /* power of two, 4 KiB .. 1 GiB */
	guint32 n_subbuf;       /* power of two, 2 .. 65536 */
	gboolean all_apps;      /* also take every application of the user (all.sock) */
	gint64 clock_offset_ns; /* realtime - monotonic, shared with the kernel trace */
	const char *trace_name; /* metadata env trace_name */
} LttvUstSessionOptions;

typedef struct {
	gint32 pid;
	char name[16];
	char *dir;                /* the trace folder */
	guint64 bytes;            /* written */
	guint64 packets;          /* written */
	guint64 events_lost;      /* in the application's buffers (full, overwritten, too big) */
	guint64 packets_dropped;  /* incomplete when it ended, malformed, or not written */
	gboolean ended;           /* the process is gone */
	gboolean said_bye;        /* it exited normally (else it crashed or was killed) */
	gboolean running_at_stop; /* still running when the session stopped */
	char *error;              /* a write error, or NULL */
} LttvUstAppStats;

typedef struct LttvUstSession LttvUstSession;

/* Listens (mode 0600) at RUNDIR/NAME.sock, and RUNDIR/all.sock with
 * all_apps.  Fails when the name (or all.sock) is taken by a running
 * session, or the options are out of range. */
LttvUstSession *lttv_ust_session_start(const LttvUstSessionOptions *o, GError **error);
/* The socket path, for LTTV_UST_SESSION of the traced command. */
const char *lttv_ust_session_socket(const LttvUstSession *s);
/* Readable when lttv_ust_session_dispatch() has work. */
int lttv_ust_session_fd(const LttvUstSession *s);
/* Accepts applications and control clients, reads their messages, ends
 * the applications that are gone (their last packets written); never
 * blocks on a peer. */
void lttv_ust_session_dispatch(LttvUstSession *s);
/* Stops: no new application; flushes every buffer (overwrite: writes a
 * last snapshot of each running application), closes the sockets (the
 * applications go on, not recording), writes the metadata.  FALSE with
 * error when something could not be written (what could is). */
gboolean lttv_ust_session_stop(LttvUstSession *s, GError **error);
/* Every application that registered, in order, after stop. */
const GArray *lttv_ust_session_stats(const LttvUstSession *s);
void lttv_ust_session_free(LttvUstSession *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LttvUstSession, lttv_ust_session_free)

/* Client side: the sockets of the running sessions in the run folder
 * (all.sock excluded), sorted (g_ptr_array_unref). */
GPtrArray *lttv_ust_session_sockets(void);
/* Resolves SESSION (a name, or a socket path) to a socket path. */
char *lttv_ust_session_find(const char *session, GError **error);
/* Sends a control message (LTTV_UST_MSG_SNAPSHOT with the output folder
 * or "", LTTV_UST_MSG_LIST, LTTV_UST_MSG_ENABLE / _DISABLE with patterns) and returns the reply's
 * text; FALSE with error (the session's message) when it failed. */
char *lttv_ust_session_control(const char *socket_path, guint32 type, const char *text,
                               GError **error);

G_END_DECLS

#endif
