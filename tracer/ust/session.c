/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A user-space session: sockets, messages, the drain thread
 * (doc/ust-sessions.md); one application's consumer is session-app.c. */
#include "tracer/ust/session-internal.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <poll.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* epoll tags: the listening sockets and the rules' timer are told apart
 * from applications by these addresses. */
static char tag_listen, tag_all, tag_rule_timer;

static gboolean power_of_two(guint64 v)
{
	return v && !(v & (v - 1));
}

/* Binds a listening socket at path, taking over a stale one (a session
 * that was killed) but never a running one.  Bound and listening under a
 * temporary name first, then renamed: a program that sees the name appear
 * (liblttv-ust waits for all.sock with inotify) can connect at once. */
static int listen_at(const char *path, GError **error)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	g_autofree char *tmp = g_strdup_printf("%s.new-%d", path, (int)getpid());
	int fd, probe;

	if (strlen(tmp) >= sizeof addr.sun_path) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NAMETOOLONG,
		            _("socket path too long: %s"), path);
		return -1;
	}
	strcpy(addr.sun_path, tmp);
	probe = lttv_ust_connect(path);
	if (probe >= 0) {
		close(probe);
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
		            _("a running session already listens at %s"), path);
		return -1;
	}
	unlink(tmp);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
	    chmod(tmp, 0600) != 0 || listen(fd, 64) != 0 || rename(tmp, path) != 0) {
		int e = errno;

		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
		            _("cannot listen at %s: %s"), path, g_strerror(e));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		return -1;
	}
	return fd;
}

static gboolean valid_name(const char *name)
{
	if (!name || !*name || strlen(name) > 64 || name[0] == '.' || !strcmp(name, "all"))
		return FALSE;
	for (const char *p = name; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
			return FALSE;
	return TRUE;
}

static gpointer drain_main(gpointer data);

LttvUstSession *lttv_ust_session_start(const LttvUstSessionOptions *o, GError **error)
{
	g_autoptr(LttvUstSession) s = NULL;
	g_autofree char *run_dir = NULL, *sock_name = NULL;
	struct epoll_event ev = {.events = EPOLLIN};

	if (!valid_name(o->name)) {
		g_set_error(
		        error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		        _("bad session name \"%s\": letters, digits, '-', '_', '.' (not \"all\")"),
		        o->name ? o->name : "");
		return NULL;
	}
	if (!power_of_two(o->subbuf_size) || o->subbuf_size < 4096 ||
	    o->subbuf_size > G_GUINT64_CONSTANT(1) << 30 || !power_of_two(o->n_subbuf) ||
	    o->n_subbuf < 2 || o->n_subbuf > 65536) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		            _("sub-buffers: the size must be a power of two from 4 KiB to 1 GiB, "
		              "their number a power of two from 2 to 65536"));
		return NULL;
	}
	s = g_new0(LttvUstSession, 1);
	s->listen_fd = s->all_fd = s->epoll_fd = s->drain_wake = s->rule_timer = -1;
	s->o = *o;
	s->o.name = s->name = g_strdup(o->name);
	s->o.dir = s->dir = g_strdup(o->dir);
	s->o.patterns = s->patterns = g_strdup(o->patterns && *o->patterns ? o->patterns : "*:*");
	s->o.trace_name = s->trace_name = g_strdup(o->trace_name);
	if (!s->o.clock_offset_ns)
		s->o.clock_offset_ns = lttv_ctf_clock_offset_now();
	lttv_ctf_clock_uuid(s->clock_uuid);
	s->hostname = g_strdup(g_get_host_name());
	g_mutex_init(&s->lock);
	s->apps = g_ptr_array_new_with_free_func((GDestroyNotify)ust_app_free);
	s->recv_buf = g_malloc(LTTV_UST_MSG_MAX);
	if (!lttv_ust_patterns_check(s->patterns, error))
		return NULL;

	run_dir = lttv_ust_run_dir();
	if (!lttv_ust_run_dir_ensure(run_dir, error))
		return NULL;
	sock_name = g_strdup_printf("%s.sock", o->name);
	s->sock_path = g_build_filename(run_dir, sock_name, NULL);
	s->listen_fd = listen_at(s->sock_path, error);
	if (s->listen_fd < 0) {
		g_clear_pointer(&s->sock_path, g_free); /* not ours to unlink */
		return NULL;
	}
	if (o->all_apps) {
		s->all_path = g_build_filename(run_dir, LTTV_UST_ALL_SOCKET, NULL);
		s->all_fd = listen_at(s->all_path, error);
		if (s->all_fd < 0) {
			g_clear_pointer(&s->all_path, g_free);
			g_prefix_error(error, _("another session records every application: "));
			return NULL;
		}
	}
	s->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	ev.data.ptr = &tag_listen;
	epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, s->listen_fd, &ev);
	if (s->all_fd >= 0) {
		ev.data.ptr = &tag_all;
		epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, s->all_fd, &ev);
	}
	ust_rules_init(s, s->epoll_fd, &tag_rule_timer);
	s->drain_wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (s->drain_wake < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "eventfd: %s",
		            g_strerror(errno));
		return NULL;
	}
	s->drain = g_thread_new("lttv-ust-drain", drain_main, s);
	return g_steal_pointer(&s);
}

const char *lttv_ust_session_socket(const LttvUstSession *s)
{
	return s->sock_path;
}

int lttv_ust_session_fd(const LttvUstSession *s)
{
	return s->epoll_fd;
}

/* ---------------------------------------------------------------- the drain thread */

/* Sleeps until a producer closes a sub-buffer (its eventfd), the main
 * thread has news (drain_wake), or a timeout: right away again while
 * there is data; 1 ms after a wakeup that found nothing (the last commit
 * of the sub-buffer was still in flight), doubling up to 100 ms when every
 * application has an eventfd, 2 ms otherwise (with the default 8 MiB per
 * CPU, a thread writing 30-byte events every 30 ns fills its buffer in
 * about 8 ms). */
static gpointer drain_main(gpointer data)
{
	LttvUstSession *s = data;
	int timeout_ms = 1;
	g_autoptr(GArray) pfds = g_array_new(FALSE, FALSE, sizeof(struct pollfd));
	g_autoptr(GPtrArray) apps = g_ptr_array_new(); /* reused: no allocation per pass */

	while (!atomic_load(&s->stopping)) {
		gboolean any = FALSE, all_wake = TRUE;
		struct pollfd stop = {s->drain_wake, POLLIN, 0};

		g_ptr_array_set_size(apps, 0);
		g_array_set_size(pfds, 0);
		g_array_append_val(pfds, stop);
		/* running applications are freed only with the session; other
		 * connections may go at any time */
		g_mutex_lock(&s->lock);
		for (guint i = 0; i < s->apps->len; i++) {
			UstApp *a = s->apps->pdata[i];

			if (a->stage != CONN_RUNNING)
				continue;
			g_ptr_array_add(apps, a);
			if (a->wake_fd >= 0) {
				struct pollfd p = {a->wake_fd, POLLIN, 0};
				g_array_append_val(pfds, p);
			} else
				all_wake = FALSE;
		}
		g_mutex_unlock(&s->lock);
		for (guint i = 0; i < apps->len; i++) {
			UstApp *a = apps->pdata[i];

			g_mutex_lock(&a->lock);
			any |= ust_app_drain(a);
			g_mutex_unlock(&a->lock);
		}
		if (any) {
			timeout_ms = 1;
			continue;
		}
		if (poll((struct pollfd *)pfds->data, pfds->len, timeout_ms) > 0) {
			for (guint i = 0; i < pfds->len; i++) {
				struct pollfd *p = &g_array_index(pfds, struct pollfd, i);
				guint64 n;

				if ((p->revents & POLLIN) && read(p->fd, &n, sizeof n) < 0) {
					/* EAGAIN: another reader took it; nothing to do */
				}
			}
			timeout_ms = 1;
		} else
			timeout_ms = MIN(timeout_ms * 2, all_wake ? 100 : 2);
	}
	return NULL;
}

void ust_session_wake_drain(LttvUstSession *s)
{
	static const guint64 one = 1;

	if (write(s->drain_wake, &one, sizeof one) < 0) {
		/* a full counter wakes it all the same */
	}
}

/* ---------------------------------------------------------------- messages */

void ust_session_drop(LttvUstSession *s, UstApp *a)
{
	ust_rules_forget(s, a);
	epoll_ctl(s->epoll_fd, EPOLL_CTL_DEL, a->sock, NULL);
	close(a->sock);
	a->sock = -1;
	if (a->stage == CONN_RUNNING) {
		/* the process is gone (or hung up): its last packets */
		ust_app_end(a);
		return;
	}
	/* a control client, or an application that never finished
	 * registering: nothing to keep */
	g_mutex_lock(&s->lock);
	g_ptr_array_remove_fast(s->apps, a);
	g_mutex_unlock(&s->lock);
}

void ust_session_reply(UstApp *a, gint32 status, const char *text)
{
	gsize len;
	g_autofree gpointer msg = lttv_ust_text_msg_new(LTTV_UST_MSG_REPLY, status, text, &len);

	/* a client that does not read its reply loses it */
	lttv_ust_send(a->sock, msg, len, -1, MSG_DONTWAIT);
}

static void do_snapshot(LttvUstSession *s, UstApp *client, const char *dir_text)
{
	g_autofree char *dir = NULL;
	g_autoptr(GError) error = NULL;
	guint n = 0;

	if (s->o.mode != LTTV_RB_OVERWRITE) {
		ust_session_reply(
		        client, 1,
		        _("the session is not a flight recorder: record with --overwrite to take "
		          "snapshots"));
		return;
	}
	if (*dir_text)
		dir = g_strdup(dir_text);
	else {
		g_autoptr(GDateTime) now = g_date_time_new_now_local();
		g_autofree char *stamp = g_date_time_format(now, "%Y%m%d-%H%M%S");
		g_autofree char *base =
		        g_strdup_printf("snapshot-%u-%s", s->n_snapshots + 1, stamp);

		dir = g_build_filename(s->dir, base, NULL);
	}
	if (g_file_test(dir, G_FILE_TEST_EXISTS)) {
		g_autofree char *msg = g_strdup_printf(_("%s exists: choose a new folder"), dir);

		ust_session_reply(client, 1, msg);
		return;
	}
	for (guint i = 0; i < s->apps->len; i++) {
		UstApp *a = s->apps->pdata[i];

		if (a->stage != CONN_RUNNING)
			continue;
		if (!ust_app_snapshot(a, dir, error ? NULL : &error))
			continue;
		n++;
	}
	if (error) {
		ust_session_reply(client, 1, error->message);
		return;
	}
	if (n == 0) {
		ust_session_reply(client, 1, _("no application is registered with the session"));
		return;
	}
	s->n_snapshots++;
	ust_session_reply(client, 0, dir);
}

static void do_list(LttvUstSession *s, UstApp *client)
{
	g_autoptr(GString) out = g_string_new(NULL);

	g_string_append_printf(out, "session %s (%s)\n", s->name, s->dir);
	for (guint i = 0; i < s->apps->len; i++) {
		UstApp *a = s->apps->pdata[i];

		if (a->stage == CONN_RUNNING)
			ust_app_describe(a, out);
	}
	if (out->len >= LTTV_UST_MSG_MAX - 64)
		g_string_truncate(out, LTTV_UST_MSG_MAX - 64);
	ust_session_reply(client, 0, out->str);
}

static void send_config(LttvUstSession *s, UstApp *a)
{
	gsize plen = strlen(s->patterns) + 1;
	g_autofree LttvUstConfig *c = g_malloc0(sizeof *c + plen);

	c->h.type = LTTV_UST_MSG_CONFIG;
	c->h.version = LTTV_UST_PROTOCOL_VERSION;
	c->subbuf_size = s->o.subbuf_size;
	c->n_subbuf = s->o.n_subbuf;
	c->mode = s->o.mode;
	memcpy(c->uuid, a->uuid, 16);
	c->n_rules = s->rules->len;
	memcpy(c + 1, s->patterns, plen);
	if (!lttv_ust_send(a->sock, c, sizeof *c + plen, -1, MSG_DONTWAIT))
		g_printerr(_("lttv-trace: process %d: cannot answer it: %s\n"), (int)a->pid,
		           g_strerror(errno));
	/* the rules given since the session started, which the application
	 * reads and applies as it registers (n_rules) */
	for (guint i = 0; i < s->rules->len; i++) {
		const LttvUstTextMsg *r = s->rules->pdata[i];

		lttv_ust_send(a->sock, r, sizeof *r + strlen((const char *)(r + 1)) + 1, -1,
		              MSG_DONTWAIT);
	}
}

/* The serial number a RULE_DONE repeats (-1: none). */
static gint32 rule_serial_of(const guint8 *buf, gsize n)
{
	gint32 serial = -1;

	return lttv_ust_text_msg_text(buf, n, &serial) ? serial : -1;
}

/* One message of a connection; FALSE to drop it. */
static gboolean handle_message(LttvUstSession *s, UstApp *a, const guint8 *buf, gsize n, int *fd)
{
	const LttvUstMsgHeader *h = (const LttvUstMsgHeader *)buf;
	g_autoptr(GError) error = NULL;
	const char *text;

	if (n < sizeof *h || h->version != LTTV_UST_PROTOCOL_VERSION)
		return FALSE;
	switch (a->stage) {
	case CONN_NEW:
		if (h->type == LTTV_UST_MSG_HELLO && n == sizeof(LttvUstHello)) {
			const LttvUstHello *hello = (const LttvUstHello *)buf;

			if (hello->n_cpus > 4096 || hello->pid <= 0)
				return FALSE;
			ust_app_hello(a, hello);
			a->stage = CONN_WAIT_CHANNEL;
			send_config(s, a);
			return TRUE;
		}
		text = lttv_ust_text_msg_text(buf, n, NULL);
		if (h->type == LTTV_UST_MSG_SNAPSHOT && text)
			do_snapshot(s, a, text);
		else if (h->type == LTTV_UST_MSG_LIST)
			do_list(s, a);
		else if ((h->type == LTTV_UST_MSG_ENABLE || h->type == LTTV_UST_MSG_DISABLE) &&
		         text && !a->wait_apps)
			return ust_rule_request(s, a, h->type, text);
		return FALSE; /* one request per control connection */
	case CONN_WAIT_CHANNEL:
		if (h->type == LTTV_UST_MSG_RULE_DONE) {
			ust_rule_done(s, a, (guint32)rule_serial_of(buf, n));
			return TRUE;
		}
		if (h->type != LTTV_UST_MSG_CHANNEL || n != sizeof(LttvUstChannelMsg) || *fd < 0)
			return FALSE;
		if (!ust_app_channel(a, *fd, ((const LttvUstChannelMsg *)buf)->n_cpus, &error)) {
			g_printerr(_("lttv-trace: process %d (%s) not recorded: %s\n"), (int)a->pid,
			           a->name, error->message);
			return FALSE;
		}
		g_mutex_lock(&s->lock);
		a->stage = CONN_RUNNING;
		g_mutex_unlock(&s->lock);
		return TRUE;
	case CONN_RUNNING:
		if (h->type == LTTV_UST_MSG_EVENT) {
			if (!ust_app_event(a, buf, n, &error))
				g_printerr(_("lttv-trace: process %d (%s): %s\n"), (int)a->pid,
				           a->name, error->message);
			return TRUE;
		}
		if (h->type == LTTV_UST_MSG_BYE)
			a->said_bye = TRUE;
		if (h->type == LTTV_UST_MSG_RULE_DONE)
			ust_rule_done(s, a, (guint32)rule_serial_of(buf, n));
		if (h->type == LTTV_UST_MSG_WAKEUP && *fd >= 0 && a->wake_fd < 0 &&
		    s->o.mode == LTTV_RB_DISCARD) {
			g_mutex_lock(&s->lock);
			a->wake_fd = *fd;
			g_mutex_unlock(&s->lock);
			*fd = -1; /* kept */
			ust_session_wake_drain(s);
		}
		return TRUE;
	case CONN_ENDED: break;
	}
	return FALSE;
}

static void read_connection(LttvUstSession *s, UstApp *a)
{
	guint8 *buf = s->recv_buf;

	for (;;) {
		int fd = -1;
		gssize n = lttv_ust_recv(a->sock, buf, LTTV_UST_MSG_MAX, &fd, MSG_DONTWAIT);
		gboolean keep;

		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			ust_session_drop(s, a);
			return;
		}
		keep = handle_message(s, a, buf, (gsize)n, &fd);
		if (fd >= 0)
			close(fd); /* the consumer has its own mapping */
		if (!keep) {
			ust_session_drop(s, a);
			return;
		}
	}
}

static void accept_connections(LttvUstSession *s, int listen_fd)
{
	for (;;) {
		int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		struct epoll_event ev = {.events = EPOLLIN};
		struct ucred cred;
		socklen_t len = sizeof cred;
		UstApp *a;

		if (fd < 0)
			return;
		/* the socket is 0600 in a 0700 folder; root's may still be
		 * reached through a descriptor passed around: check the peer */
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 ||
		    (cred.uid != geteuid() && geteuid() != 0 && cred.uid != 0)) {
			close(fd);
			continue;
		}
		a = ust_app_new(s, fd);
		g_mutex_lock(&s->lock);
		g_ptr_array_add(s->apps, a);
		g_mutex_unlock(&s->lock);
		ev.data.ptr = a;
		epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, fd, &ev);
	}
}

void lttv_ust_session_dispatch(LttvUstSession *s)
{
	struct epoll_event evs[32];
	int n;

	while ((n = epoll_wait(s->epoll_fd, evs, G_N_ELEMENTS(evs), 0)) > 0) {
		for (int i = 0; i < n; i++) {
			void *p = evs[i].data.ptr;

			if (p == &tag_rule_timer)
				continue; /* swept below: a client dropped now could
				           * have an event further in evs */
			if (p == &tag_listen)
				accept_connections(s, s->listen_fd);
			else if (p == &tag_all)
				accept_connections(s, s->all_fd);
			else
				read_connection(s, p);
		}
		if (n < (int)G_N_ELEMENTS(evs))
			break;
	}
	ust_rules_sweep(s, FALSE);
	for (guint i = 0; i < s->apps->len; i++)
		ust_app_write_metadata(s->apps->pdata[i]);
}

/* ---------------------------------------------------------------- stop */

static void close_listeners(LttvUstSession *s)
{
	if (s->listen_fd >= 0) {
		close(s->listen_fd);
		unlink(s->sock_path);
		s->listen_fd = -1;
	}
	if (s->all_fd >= 0) {
		close(s->all_fd);
		unlink(s->all_path);
		s->all_fd = -1;
	}
}

static void stop_drain(LttvUstSession *s)
{
	if (!s->drain)
		return;
	atomic_store(&s->stopping, TRUE);
	ust_session_wake_drain(s);
	g_thread_join(s->drain);
	s->drain = NULL;
}

gboolean lttv_ust_session_stop(LttvUstSession *s, GError **error)
{
	GString *errors = g_string_new(NULL);

	close_listeners(s);
	/* what came before the stop still counts (a BYE, an exit) */
	lttv_ust_session_dispatch(s);
	ust_rules_sweep(s, TRUE);
	stop_drain(s);
	s->stats = g_array_new(FALSE, TRUE, sizeof(LttvUstAppStats));
	for (guint i = 0; i < s->apps->len; i++) {
		UstApp *a = s->apps->pdata[i];
		LttvUstAppStats st;

		if (a->stage == CONN_RUNNING) {
			a->running_at_stop = TRUE;
			ust_app_end(a);
		}
		if (a->sock >= 0) {
			close(a->sock); /* the application stops recording */
			a->sock = -1;
		}
		if (a->stage != CONN_ENDED)
			continue;
		ust_app_stats(a, &st);
		if (st.error)
			g_string_append_printf(errors, "%s%s", errors->len ? "; " : "", st.error);
		g_array_append_val(s->stats, st);
	}
	if (errors->len) {
		g_set_error_literal(error, G_FILE_ERROR, G_FILE_ERROR_IO, errors->str);
		g_string_free(errors, TRUE);
		return FALSE;
	}
	g_string_free(errors, TRUE);
	return TRUE;
}

const GArray *lttv_ust_session_stats(const LttvUstSession *s)
{
	return s->stats;
}

void lttv_ust_session_free(LttvUstSession *s)
{
	if (!s)
		return;
	stop_drain(s);
	close_listeners(s);
	if (s->epoll_fd >= 0)
		close(s->epoll_fd);
	if (s->apps)
		g_ptr_array_unref(s->apps);
	ust_rules_clear(s);
	if (s->stats) {
		for (guint i = 0; i < s->stats->len; i++) {
			LttvUstAppStats *st = &g_array_index(s->stats, LttvUstAppStats, i);
			g_free(st->dir);
			g_free(st->error);
		}
		g_array_unref(s->stats);
	}
	g_mutex_clear(&s->lock);
	if (s->drain_wake >= 0)
		close(s->drain_wake);
	g_free(s->name);
	g_free(s->dir);
	g_free(s->patterns);
	g_free(s->trace_name);
	g_free(s->sock_path);
	g_free(s->all_path);
	g_free(s->hostname);
	g_free(s->recv_buf);
	g_free(s);
}

/* ---------------------------------------------------------------- clients */

GPtrArray *lttv_ust_session_sockets(void)
{
	g_autofree char *dir = lttv_ust_run_dir();
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	const char *name;

	while (d && (name = g_dir_read_name(d)))
		if (g_str_has_suffix(name, ".sock") && strcmp(name, LTTV_UST_ALL_SOCKET) != 0)
			g_ptr_array_add(out, g_build_filename(dir, name, NULL));
	g_ptr_array_sort(out, (GCompareFunc)g_ascii_strcasecmp);
	return out;
}

char *lttv_ust_session_find(const char *session, GError **error)
{
	g_autofree char *dir = NULL, *file = NULL, *path = NULL;

	if (strchr(session, '/'))
		return g_strdup(session);
	dir = lttv_ust_run_dir();
	file = g_strdup_printf("%s.sock", session);
	path = g_build_filename(dir, file, NULL);
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
		            _("no running session named \"%s\" (no %s)"), session, path);
		return NULL;
	}
	return g_steal_pointer(&path);
}

char *lttv_ust_session_control(const char *socket_path, guint32 type, const char *text,
                               GError **error)
{
	int sock = lttv_ust_connect(socket_path);
	gsize len;
	g_autofree gpointer msg = NULL;
	g_autofree guint8 *buf = NULL;
	gssize n;
	gint32 status = 1;
	const char *answer;

	if (sock < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            _("cannot reach the session at %s: %s"), socket_path,
		            g_strerror(errno));
		return NULL;
	}
	msg = lttv_ust_text_msg_new(type, 0, text, &len);
	buf = g_malloc(LTTV_UST_MSG_MAX);
	if (!lttv_ust_send(sock, msg, len, -1, 0) ||
	    (n = lttv_ust_recv(sock, buf, LTTV_UST_MSG_MAX, NULL, 0)) <= 0 ||
	    ((const LttvUstMsgHeader *)buf)->type != LTTV_UST_MSG_REPLY ||
	    !(answer = lttv_ust_text_msg_text(buf, (gsize)n, &status))) {
		close(sock);
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO,
		            _("the session at %s did not answer"), socket_path);
		return NULL;
	}
	close(sock);
	if (status != 0) {
		g_set_error_literal(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, answer);
		return NULL;
	}
	return g_strdup(answer);
}
