/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What liblttv-ust and an lttv-trace session say to each other over the
 * session's unix socket (SOCK_SEQPACKET: one message per send, file
 * descriptors with SCM_RIGHTS).  Both ends are built from this file; the
 * session still checks every message (doc/ust-sessions.md).
 *
 * Application                         Session
 *   HELLO (pid, name, CPUs)   ->
 *                             <-  CONFIG (buffers, mode, uuid, patterns)
 *   CHANNEL + memfd           ->
 *   WAKEUP + eventfd          ->      (discard mode)
 *   EVENT (id, name, fields)  ->      (one per registered event, any time)
 *                             <-  ENABLE / DISABLE (patterns, any time)
 *   BYE (at exit)             ->
 * A control client (lttv-trace snapshot, list-events) sends SNAPSHOT or
 * LIST and reads one REPLY.
 */
#ifndef LTTV_TRACER_UST_PROTOCOL_H
#define LTTV_TRACER_UST_PROTOCOL_H

#include "tracer/ctf/ctf-writer.h"

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* 2: events carry the vtid context (LTTV_UST_EVENT_CONTEXT_SIZE). */
#define LTTV_UST_PROTOCOL_VERSION 3
/* The bytes every event of an application carries between its header and
 * its payload, its stream.event.context: the thread id (`vtid`, a signed
 * 32-bit little-endian integer), as LTTng-UST's vtid context. */
#define LTTV_UST_EVENT_CONTEXT_SIZE 4
/* The environment variable that points a process at its session. */
#define LTTV_UST_SESSION_ENV "LTTV_UST_SESSION"
/* The socket of the session that records every application of the user. */
#define LTTV_UST_ALL_SOCKET "all.sock"
/* Largest message: an event description or a reply. */
#define LTTV_UST_MSG_MAX (128 * 1024)
/* Patterns, names, paths in messages. */
#define LTTV_UST_TEXT_MAX 4096

typedef enum {
	LTTV_UST_MSG_HELLO = 1,
	LTTV_UST_MSG_CONFIG,
	LTTV_UST_MSG_CHANNEL,
	LTTV_UST_MSG_EVENT,
	LTTV_UST_MSG_ENABLE,
	LTTV_UST_MSG_DISABLE,
	LTTV_UST_MSG_BYE,
	LTTV_UST_MSG_SNAPSHOT,  /* control: text = output folder ("" = default) */
	LTTV_UST_MSG_LIST,      /* control: the applications and their events */
	LTTV_UST_MSG_REPLY,     /* to a control message: status, text */
	LTTV_UST_MSG_WAKEUP,    /* after CHANNEL, discard mode: the eventfd a producer
	                         * writes when a sub-buffer closes (SCM_RIGHTS) */
	LTTV_UST_MSG_RULE_DONE, /* application: the ENABLE / DISABLE whose status
	                         * (a serial number) this status repeats is applied */
} LttvUstMsgType;

typedef struct {
	guint32 type; /* LttvUstMsgType */
	guint32 version;
} LttvUstMsgHeader;

typedef struct {
	LttvUstMsgHeader h;
	gint32 pid;
	gint32 ppid;
	guint32 uid;
	guint32 n_cpus;
	char name[16]; /* the process's comm, NUL-terminated */
} LttvUstHello;

typedef struct {
	LttvUstMsgHeader h;
	guint64 subbuf_size;
	guint32 n_subbuf;
	guint32 mode; /* LttvRbMode */
	guint8 uuid[16];
	guint32 n_rules; /* ENABLE / DISABLE messages right after this one: the
	                  * rules given to the session so far, applied in order
	                  * before the application's events turn on */
	guint32 reserved;
	/* followed by the enable patterns, NUL-terminated */
} LttvUstConfig;

typedef struct {
	LttvUstMsgHeader h;
	guint32 n_cpus; /* the memfd comes as SCM_RIGHTS */
} LttvUstChannelMsg;

/* ENABLE, DISABLE, SNAPSHOT, LIST, REPLY: a header, a status (REPLY: 0 =
 * done), then text, NUL-terminated. */
typedef struct {
	LttvUstMsgHeader h;
	gint32 status;
} LttvUstTextMsg;

/* ---------------------------------------------------------------- sockets */

/* The folder of session sockets: /run/lttv for root, $XDG_RUNTIME_DIR/lttv,
 * else /tmp/lttv-<uid> (g_free). */
char *lttv_ust_run_dir(void);
/* Creates it (mode 0700) if missing and checks it is ours and private. */
gboolean lttv_ust_run_dir_ensure(const char *dir, GError **error);
/* Connects to a session socket (SOCK_SEQPACKET, close-on-exec); -1 with
 * errno set.  Never blocks long: a session socket accepts at once. */
int lttv_ust_connect(const char *path);

/* One message, with an optional file descriptor (-1: none).  No SIGPIPE.
 * flags: MSG_DONTWAIT or 0.  FALSE with errno set. */
gboolean lttv_ust_send(int sock, const void *msg, gsize len, int fd, int flags);
/* One message into buf (at most size bytes) and the descriptor that came
 * with it (*fd = -1 if none; extra ones are closed).  Returns its length,
 * 0 at the end of the connection, -1 on error (errno). */
gssize lttv_ust_recv(int sock, void *buf, gsize size, int *fd, int flags);

/* A text message (ENABLE, DISABLE, SNAPSHOT, LIST, REPLY), allocated. */
gpointer lttv_ust_text_msg_new(LttvUstMsgType type, gint32 status, const char *text, gsize *len);
/* The text of a received text message, or NULL when it is malformed (not
 * NUL-terminated, too long). */
const char *lttv_ust_text_msg_text(const void *msg, gsize len, gint32 *status);

/* ---------------------------------------------------------------- patterns */

/* "provider:event" globs (letters, digits, '_', ':', '*', '?') separated by
 * commas, as lttv_tp_enable() takes them; FALSE with the reason. */
gboolean lttv_ust_patterns_check(const char *patterns, GError **error);

/* ---------------------------------------------------------------- events */

/* EVENT: id, "provider:event" and fields, serialized (g_free). */
gpointer lttv_ust_event_msg_new(guint32 id, const char *name, const LttvCtfField *fields,
                                guint n_fields, gsize *len);

/* A decoded EVENT; the fields and labels point into it. */
typedef struct {
	guint32 id;
	char *name;
	LttvCtfField *fields;
	guint n_fields;
	LttvCtfEnumEntry *entries; /* of all the enumerations */
	GStringChunk *strings;     /* the name, field names, labels */
} LttvUstEventDesc;

/* Decodes and checks an EVENT message from another process: every length
 * within the message, names and types the CTF writer accepts
 * (lttv_ctf_field_valid()), the name printable.  NULL with error set. */
LttvUstEventDesc *lttv_ust_event_msg_decode(const void *msg, gsize len, GError **error);
void lttv_ust_event_desc_free(LttvUstEventDesc *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LttvUstEventDesc, lttv_ust_event_desc_free)

G_END_DECLS

#endif
