/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * liblttv-ust's session side (doc/ust-sessions.md): when the library is
 * loaded and a session answers, register the process, create its ring
 * buffer channel, hand the memfd over, publish the events' descriptions,
 * install the ring buffer as the probes' backend and enable what the
 * session asks; then a listener thread serves the session until it goes.
 *
 * The probes never see any of this: they find a backend, or none, through
 * the runtime's RCU pointer (tracepoint-runtime.c).
 */
#include "tracer/ust/ringbuf.h"
#include "tracer/ust/tracepoint-runtime.h"
#include "tracer/ust/ust-context.h"
#include "tracer/ust/ust-protocol.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---------------------------------------------------------------- backends */

typedef struct {
	LttvTpBackend be; /* first: the callbacks get it */
	LttvRbChannel *ch;
} RingBackend;

G_STATIC_ASSERT(sizeof(LttvRbCtx) <= sizeof(((struct lttv_tp_ctx *)0)->priv));

static void *ring_reserve(LttvTpBackend *be, struct lttv_tp_event *ev, size_t payload_len,
                          struct lttv_tp_ctx *ctx)
{
	LttvRbChannel *ch = ((RingBackend *)be)->ch;
	guint8 *p =
	        lttv_rb_reserve(ch, lttv_rb_current_cpu(), ev->id,
	                        LTTV_UST_EVENT_CONTEXT_SIZE + payload_len, (LttvRbCtx *)ctx->priv);

	return G_LIKELY(p) ? lttv_ust_put_event_context(p) : NULL;
}

static void ring_commit(LttvTpBackend *be, struct lttv_tp_ctx *ctx)
{
	(void)be;
	lttv_rb_commit((const LttvRbCtx *)ctx->priv);
}

/* Once the session is gone: every event is dropped, and counted. */
static _Atomic guint64 events_after_session;

static void *gone_reserve(LttvTpBackend *be, struct lttv_tp_event *ev, size_t payload_len,
                          struct lttv_tp_ctx *ctx)
{
	(void)be, (void)ev, (void)payload_len, (void)ctx;
	atomic_fetch_add_explicit(&events_after_session, 1, memory_order_relaxed);
	return NULL;
}

static void gone_commit(LttvTpBackend *be, struct lttv_tp_ctx *ctx)
{
	(void)be, (void)ctx;
}

static LttvTpBackend gone_backend = {gone_reserve, gone_commit, NULL};

/* ---------------------------------------------------------------- state */

static _Atomic int session_sock = -1;
static RingBackend ring = {{ring_reserve, ring_commit, NULL}, NULL};
static guint listener_id;
static gboolean debug;
static _Atomic gboolean session_lost;

static void say(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void say(const char *fmt, ...)
{
	va_list ap;

	if (!debug)
		return;
	va_start(ap, fmt);
	fputs("liblttv-ust: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* The runtime tells of events registered (now or later, dlopen): the
 * session gets their description before their call sites turn on.  Runs
 * in the registering thread, under the registry lock: the socket is big
 * enough for many descriptions, and a full one (a session that stopped
 * reading) drops the description rather than block the application. */
static void on_events(struct lttv_tp_event *const *events, guint n_events, gboolean registered,
                      gpointer user_data)
{
	(void)user_data;
	if (!registered || session_sock < 0)
		return; /* ids are never reused: nothing to say on unload */
	for (guint i = 0; i < n_events; i++) {
		guint n_fields;
		g_autofree LttvCtfField *fields = lttv_tp_event_ctf_fields(events[i], &n_fields);
		g_autofree char *name = lttv_tp_event_full_name(events[i]);
		gsize len;
		g_autofree gpointer msg =
		        lttv_ust_event_msg_new(events[i]->id, name, fields, n_fields, &len);
		struct pollfd p = {session_sock, POLLOUT, 0};

		/* a little patience for a session busy writing: 100 ms */
		if (!lttv_ust_send(session_sock, msg, len, -1, MSG_DONTWAIT) &&
		    !(errno == EAGAIN && poll(&p, 1, 100) == 1 &&
		      lttv_ust_send(session_sock, msg, len, -1, MSG_DONTWAIT)))
			say("the description of %s was not sent: %s", name, g_strerror(errno));
	}
}

/* ---------------------------------------------------------------- the listener */

/* The session ended (or died): events from now on are counted, not
 * written, until another session takes the process.  The ring buffer is
 * unused once set_backend returns (a grace period): unmapped (the session
 * keeps its own mapping of what was written). */
static void session_gone(void)
{
	LttvTpBackend *old;
	int sock = atomic_exchange(&session_sock, -1);

	if (sock >= 0)
		close(sock);
	if (atomic_exchange(&session_lost, TRUE))
		return;
	if (listener_id) {
		lttv_tp_remove_listener(listener_id);
		listener_id = 0;
	}
	old = lttv_tp_set_backend(&gone_backend);
	if (old == &ring.be && ring.ch) {
		lttv_rb_channel_free(ring.ch);
		ring.ch = NULL;
		ring.be.ring = NULL;
	}
	say("the session is gone: events are no longer recorded");
}

/* An ENABLE or DISABLE of the session: the runtime's flags change. */
static void apply_rule(guint32 type, const char *patterns)
{
	g_autoptr(GError) error = NULL;

	if (!(type == LTTV_UST_MSG_ENABLE ? lttv_tp_enable(patterns, &error)
	                                  : lttv_tp_disable(patterns, &error)))
		say("%s", error->message);
}

/* Serves the session until it closes the socket or dies. */
static void serve_session(void)
{
	guint8 buf[LTTV_UST_TEXT_MAX + 64];

	for (;;) {
		gssize n = lttv_ust_recv(session_sock, buf, sizeof buf, NULL, 0);
		const LttvUstMsgHeader *h = (const LttvUstMsgHeader *)buf;
		const char *text;
		gint32 serial = 0;

		if (n <= 0) {
			if (n < 0 && errno == EMSGSIZE)
				continue;
			break;
		}
		if ((gsize)n < sizeof *h)
			continue;
		text = lttv_ust_text_msg_text(buf, (gsize)n, &serial);
		if ((h->type == LTTV_UST_MSG_ENABLE || h->type == LTTV_UST_MSG_DISABLE) && text) {
			gsize len;
			g_autofree gpointer done = NULL;

			apply_rule(h->type, text);
			/* the session answers the command once every application
			 * said its rule is in place */
			done = lttv_ust_text_msg_new(LTTV_UST_MSG_RULE_DONE, serial, "", &len);
			lttv_ust_send(session_sock, done, len, -1, MSG_DONTWAIT);
		}
	}
	session_gone();
}

/* ---------------------------------------------------------------- registration */

/* How long the constructor waits for the session (ms): the application's
 * first events are only recorded once it answered. */
static int register_timeout_ms(void)
{
	const char *s = getenv("LTTV_UST_REGISTER_TIMEOUT");
	int v = s ? atoi(s) : 3000;

	return v > 0 ? v : 3000;
}

static gssize recv_timeout(int sock, void *buf, gsize size, int timeout_ms)
{
	struct pollfd p = {sock, POLLIN, 0};

	if (poll(&p, 1, timeout_ms) != 1) {
		errno = ETIMEDOUT;
		return -1;
	}
	return lttv_ust_recv(sock, buf, size, NULL, MSG_DONTWAIT);
}

static gboolean handshake(int sock, GError **error)
{
	LttvUstHello hello = {{LTTV_UST_MSG_HELLO, LTTV_UST_PROTOCOL_VERSION},
	                      (gint32)getpid(),
	                      (gint32)getppid(),
	                      (guint32)getuid(),
	                      0,
	                      {0}};
	guint8 buf[sizeof(LttvUstConfig) + LTTV_UST_TEXT_MAX + 1];
	const LttvUstConfig *cfg = (const LttvUstConfig *)buf;
	LttvRbConfig rc = {0};
	gssize n = -1;
	g_autoptr(GPtrArray) rules = NULL; /* of GBytes: the rules' messages */

	/* the process's name (its main thread's), not the calling thread's */
	{
		g_autofree char *comm = NULL;

		if (g_file_get_contents("/proc/self/comm", &comm, NULL, NULL))
			g_strlcpy(hello.name, g_strchomp(comm), sizeof hello.name);
		else
			prctl(PR_GET_NAME, hello.name);
		hello.name[sizeof hello.name - 1] = '\0';
	}
	if (!lttv_ust_send(sock, &hello, sizeof hello, -1, 0) ||
	    (n = recv_timeout(sock, buf, sizeof buf - 1, register_timeout_ms())) <= 0) {
		g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_FAILED,
		            "the session did not answer: %s",
		            n == 0 ? "closed" : g_strerror(errno));
		return FALSE;
	}
	buf[n] = '\0';
	if ((gsize)n <= sizeof *cfg || cfg->h.type != LTTV_UST_MSG_CONFIG ||
	    cfg->h.version != LTTV_UST_PROTOCOL_VERSION || buf[n - 1] != '\0') {
		g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_FAILED,
		            "the session answered something else than its configuration");
		return FALSE;
	}
	/* the session's rules so far, right behind its configuration:
	 * applied with its patterns, before any event turns on */
	rules = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	for (guint32 i = 0; i < cfg->n_rules; i++) {
		guint8 rbuf[sizeof(LttvUstTextMsg) + LTTV_UST_TEXT_MAX + 1];
		gssize rn = recv_timeout(sock, rbuf, sizeof rbuf, register_timeout_ms());
		const LttvUstMsgHeader *rh = (const LttvUstMsgHeader *)rbuf;

		if (rn <= 0 || (gsize)rn < sizeof *rh ||
		    (rh->type != LTTV_UST_MSG_ENABLE && rh->type != LTTV_UST_MSG_DISABLE) ||
		    !lttv_ust_text_msg_text(rbuf, (gsize)rn, NULL)) {
			g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_FAILED,
			            "the session's rule %u of %u did not come", i + 1,
			            cfg->n_rules);
			return FALSE;
		}
		g_ptr_array_add(rules, g_bytes_new(rbuf, (gsize)rn));
	}
	rc.n_subbuf = cfg->n_subbuf;
	rc.subbuf_size = cfg->subbuf_size;
	rc.mode = cfg->mode == LTTV_RB_OVERWRITE ? LTTV_RB_OVERWRITE : LTTV_RB_DISCARD;
	/* lttng-tools gives user-space channels the large header: event
	 * classes keep coming (dlopen), ids grow past 31 */
	rc.header = LTTV_CTF_HEADER_LARGE;
	memcpy(rc.uuid, cfg->uuid, 16);
	ring.ch = lttv_rb_channel_new(&rc, error);
	if (!ring.ch)
		return FALSE;
	LttvUstChannelMsg cm = {{LTTV_UST_MSG_CHANNEL, LTTV_UST_PROTOCOL_VERSION},
	                        lttv_rb_channel_n_cpus(ring.ch)};
	if (!lttv_ust_send(sock, &cm, sizeof cm, lttv_rb_channel_fd(ring.ch), 0)) {
		g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_FAILED,
		            "cannot send the buffers: %s", g_strerror(errno));
		lttv_rb_channel_free(ring.ch);
		ring.ch = NULL;
		return FALSE;
	}
	/* the consumer sleeps until a sub-buffer closes; without it, it polls */
	if (rc.mode == LTTV_RB_DISCARD && lttv_rb_channel_wakeup_fd(ring.ch) >= 0) {
		LttvUstMsgHeader wake = {LTTV_UST_MSG_WAKEUP, LTTV_UST_PROTOCOL_VERSION};

		lttv_ust_send(sock, &wake, sizeof wake, lttv_rb_channel_wakeup_fd(ring.ch), 0);
	}
	atomic_store(&session_sock, sock);
	atomic_store(&session_lost, FALSE);
	/* a previous session's rules go: this one says what it records */
	lttv_tp_reset();
	/* descriptions first (the listener sees every event already
	 * registered), then the backend, then the flags */
	listener_id = lttv_tp_add_listener(on_events, NULL);
	ring.be.ring = ring.ch; /* the probes' direct path */
	lttv_tp_set_backend(&ring.be);
	if (!lttv_tp_enable((const char *)(cfg + 1), error)) {
		g_prefix_error(error, "the session's events: ");
		return FALSE; /* registered, recording nothing */
	}
	for (guint i = 0; i < rules->len; i++) {
		gsize len;
		const LttvUstMsgHeader *rh = g_bytes_get_data(rules->pdata[i], &len);
		const char *text = lttv_ust_text_msg_text(rh, len, NULL);

		apply_rule(rh->type, text);
	}
	return TRUE;
}

static void atfork_child(void)
{
	/* the child does not trace (its reservations fail: ringbuf.c); it
	 * must not keep the session's socket open either, or the session
	 * would wait for it to end the parent's trace */
	if (session_sock >= 0)
		close(session_sock);
	session_sock = -1;
}

/* ---------------------------------------------------------------- the client thread */

/* Where to wait for sessions that record every application (all.sock),
 * or NULL: a process given LTTV_UST_SESSION belongs to that session only,
 * and one run with LTTV_UST_WATCH=0 only looks when it starts. */
static char *watch_dir;

/* Blocks until RUNDIR/all.sock answers: inotify on the run folder (on its
 * parent while it does not exist), a check every 10 s besides.  -1 when
 * nothing can be watched. */
static int wait_for_session(void)
{
	g_autofree char *path = g_build_filename(watch_dir, LTTV_UST_ALL_SOCKET, NULL);
	g_autofree char *parent = g_path_get_dirname(watch_dir);
	int in = inotify_init1(IN_CLOEXEC);

	if (in < 0)
		return -1;
	for (;;) {
		char events[4096] __attribute__((aligned(8)));
		struct pollfd p = {in, POLLIN, 0};
		int sock;

		/* the watch first, then the look: a session that appears in
		 * between is seen by one or the other.  Adding a watch again
		 * is harmless. */
		if (inotify_add_watch(in, watch_dir, IN_CREATE | IN_MOVED_TO | IN_ATTRIB) < 0 &&
		    inotify_add_watch(in, parent, IN_CREATE | IN_MOVED_TO) < 0) {
			close(in);
			return -1;
		}
		sock = lttv_ust_connect(path);
		if (sock >= 0) {
			close(in);
			return sock;
		}
		if (poll(&p, 1, 10000) == 1 && read(in, events, sizeof events) < 0) {
			/* EINTR: look again */
		}
	}
}

/* The client thread (all signals blocked, named lttv-ust): serves the
 * session of the moment, then, unless this process belongs to one session
 * only, waits for the next one. */
static void *client_main(void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "lttv-ust");
	for (;;) {
		int sock;
		g_autoptr(GError) error = NULL;

		if (atomic_load(&session_sock) >= 0)
			serve_session();
		if (!watch_dir)
			return NULL; /* events stay on, counted: LTTV_UST_DEBUG says how many */
		/* until the next session, call sites cost one branch again */
		lttv_tp_reset();
		sock = wait_for_session();
		if (sock < 0)
			return NULL;
		if (!handshake(sock, &error)) {
			say("%s", error->message);
			if (atomic_load(&session_sock) < 0)
				close(sock);
			else
				session_gone();
			g_usleep(G_USEC_PER_SEC); /* a broken session: not in a loop */
			continue;
		}
		say("recording for a new session");
	}
}

__attribute__((constructor)) static void lttv_ust_init(void)
{
	const char *env = getenv(LTTV_UST_SESSION_ENV);
	const char *watch = getenv("LTTV_UST_WATCH");
	g_autofree char *path = NULL;
	g_autoptr(GError) error = NULL;
	int sock;
	pthread_t thread;
	pthread_attr_t attr;
	sigset_t all, old;

	debug = getenv("LTTV_UST_DEBUG") && atoi(getenv("LTTV_UST_DEBUG")) > 0;
	if (env && *env)
		path = g_strdup(env);
	else {
		g_autofree char *dir = lttv_ust_run_dir();

		path = g_build_filename(dir, LTTV_UST_ALL_SOCKET, NULL);
		if (!watch || atoi(watch) != 0)
			watch_dir = g_steal_pointer(&dir);
	}
	/* at once, before main(): a running session records the first events */
	sock = lttv_ust_connect(path);
	if (sock < 0) {
		if (env && *env)
			say("no session at %s: %s", path, g_strerror(errno));
	} else if (!handshake(sock, &error)) {
		say("%s", error->message);
		if (atomic_load(&session_sock) < 0)
			close(sock);
		else
			session_gone();
	} else
		say("recording for the session at %s", path);
	if (atomic_load(&session_sock) < 0 && !watch_dir)
		return; /* nothing to serve, nothing to wait for: no thread */
	pthread_atfork(NULL, NULL, atfork_child);
	/* the client thread takes no signal meant for the application */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&thread, &attr, client_main, NULL) != 0)
		say("cannot start the client thread: events stay as the session set them");
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

__attribute__((destructor)) static void lttv_ust_fini(void)
{
	guint64 gone = atomic_load(&events_after_session);

	if (atomic_load(&session_sock) >= 0 && !atomic_load(&session_lost)) {
		LttvUstMsgHeader bye = {LTTV_UST_MSG_BYE, LTTV_UST_PROTOCOL_VERSION};

		/* never wait at exit: a session that does not read loses it */
		lttv_ust_send(session_sock, &bye, sizeof bye, -1, MSG_DONTWAIT);
	}
	if (gone)
		say("%" G_GUINT64_FORMAT " events discarded: the session is gone", gone);
}
