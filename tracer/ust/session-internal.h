/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by session.c (sockets, messages) and session-app.c (one
 * application's buffers, files and metadata). */
#ifndef LTTV_TRACER_UST_SESSION_INTERNAL_H
#define LTTV_TRACER_UST_SESSION_INTERNAL_H

#include "tracer/ust/session.h"
#include "tracer/ust/ust-protocol.h"

typedef enum {
	CONN_NEW,          /* connected, first message not read yet */
	CONN_WAIT_CHANNEL, /* an application, configured, its memfd not received */
	CONN_RUNNING,      /* its buffers are being consumed */
	CONN_ENDED,        /* gone: everything written */
} ConnStage;

typedef struct UstApp UstApp;
struct UstApp {
	LttvUstSession *s;
	int sock; /* -1 once closed */
	ConnStage stage;
	gint32 pid, ppid;
	guint32 uid, n_cpus;
	char name[16];
	guint8 uuid[16];
	char *dir_name; /* <name>-<pid>-<date> */
	char *dir;      /* SESSION/ust/pid/<dir_name> */
	char *created;  /* ISO 8601, for the metadata */
	/* the consumer and the files: under lock (the drain thread, and the
	 * main thread ending the application or taking a snapshot) */
	GMutex lock;
	LttvRbConsumer *consumer;
	int *fds;    /* per CPU, -1 until its first packet */
	int wake_fd; /* the producers' eventfd (discard mode), or -1: polled */
	guint64 bytes, packets, packets_unwritten;
	char *write_error;
	/* main thread only */
	GPtrArray *events; /* LttvUstEventDesc, sorted by id */
	gboolean meta_dirty;
	gboolean said_bye;
	gboolean running_at_stop;
	/* a control client waiting for the applications to apply its rule
	 * (session-rules.c): those that did not say so yet */
	GPtrArray *wait_apps; /* of UstApp *, NULL when not waiting */
	guint32 wait_serial;
	gint64 wait_deadline; /* g_get_monotonic_time() */
	char *wait_text;      /* the answer */
	gboolean wait_done;   /* answered: dropped by ust_rules_sweep() */
};

struct LttvUstSession {
	LttvUstSessionOptions o; /* strings owned below */
	char *name, *dir, *patterns, *trace_name;
	char *sock_path, *all_path;
	int listen_fd, all_fd, epoll_fd;
	guint8 clock_uuid[16];
	char *hostname;
	GMutex lock;     /* the apps array (the drain thread walks it) */
	GPtrArray *apps; /* UstApp, every connection still open or registered */
	GThread *drain;
	int drain_wake; /* eventfd: stop, or the set of wakeup fds changed */
	_Atomic gboolean stopping;
	guint n_snapshots;
	GPtrArray *rules; /* ENABLE / DISABLE messages given while running */
	guint32 rule_serial;
	GPtrArray *waiting; /* control clients waiting for their rule's RULE_DONEs */
	int rule_timer;     /* timerfd: the first of their deadlines */
	gboolean rule_timer_armed;
	GArray *stats;    /* after stop */
	guint8 *recv_buf; /* one message at a time (main thread) */
};

/* session.c: the drain thread rebuilds its set of descriptors */
void ust_session_wake_drain(LttvUstSession *s);
/* Closes a connection (an application's: its last packets written). */
void ust_session_drop(LttvUstSession *s, UstApp *a);
/* Answers a control client (who does not read it loses it). */
void ust_session_reply(UstApp *a, gint32 status, const char *text);

/* session-rules.c: enable-event / disable-event, answered once applied */
void ust_rules_init(LttvUstSession *s, int epoll_fd, gpointer timer_tag);
void ust_rules_clear(LttvUstSession *s);
/* A rule from a control client: FALSE when answered already (drop the
 * client), TRUE when it waits for the applications. */
gboolean ust_rule_request(LttvUstSession *s, UstApp *client, guint32 type, const char *patterns);
/* An application applied the rules up to `serial`. */
void ust_rule_done(LttvUstSession *s, UstApp *a, guint32 serial);
/* A connection closes: no longer waited for, or no longer waiting. */
void ust_rules_forget(LttvUstSession *s, UstApp *a);
/* Answers the clients whose deadline passed (all of them: `all`) and
 * drops those answered; rearms the timer. */
void ust_rules_sweep(LttvUstSession *s, gboolean all);

/* session-app.c */
UstApp *ust_app_new(LttvUstSession *s, int sock);
void ust_app_free(UstApp *a);
/* The HELLO was read: creates the folder name; CONFIG is sent by the caller. */
void ust_app_hello(UstApp *a, const LttvUstHello *h);
/* The memfd came: maps it and checks it matches the configuration. */
gboolean ust_app_channel(UstApp *a, int fd, guint32 n_cpus, GError **error);
/* An EVENT message: keeps its description for the metadata. */
gboolean ust_app_event(UstApp *a, const void *msg, gsize len, GError **error);
/* Writes the metadata if descriptions came since the last time. */
void ust_app_write_metadata(UstApp *a);
/* Writes every complete packet (discard mode); TRUE if any. */
gboolean ust_app_drain(UstApp *a);
/* The application is gone or the session stops: flushes, writes what is
 * left (overwrite: a last snapshot), closes the files. */
void ust_app_end(UstApp *a);
/* A snapshot of an overwrite-mode application into DIR/ust/pid/<dir_name>. */
gboolean ust_app_snapshot(UstApp *a, const char *dir, GError **error);
/* Its line(s) for LIST. */
void ust_app_describe(UstApp *a, GString *out);
void ust_app_stats(UstApp *a, LttvUstAppStats *out);

#endif
