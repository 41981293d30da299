/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * enable-event / disable-event on a running session: the rule goes to
 * every running application and is kept for those that register later.
 * The command is answered once each application it went to said the rule
 * is in place (RULE_DONE, carrying the rule's serial number), so that
 * what the user does after the command returns is recorded by the rule;
 * an application that does not say so within RULE_CONFIRM_US (stopped,
 * stuck) is named in the answer as not confirmed.
 */
#include "tracer/ust/session-internal.h"

#include <glib/gi18n.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define RULE_CONFIRM_S 5

/* The timer of the earliest deadline of the clients still waiting. */
static void arm_timer(LttvUstSession *s)
{
	struct itimerspec at = {{0, 0}, {0, 0}};
	gint64 first = G_MAXINT64;

	for (guint i = 0; i < s->waiting->len; i++) {
		const UstApp *c = s->waiting->pdata[i];

		if (!c->wait_done)
			first = MIN(first, c->wait_deadline);
	}
	if (first != G_MAXINT64) {
		/* g_get_monotonic_time() is CLOCK_MONOTONIC in microseconds */
		at.it_value.tv_sec = first / G_USEC_PER_SEC;
		at.it_value.tv_nsec = (first % G_USEC_PER_SEC) * 1000 + 1;
	}
	timerfd_settime(s->rule_timer, TFD_TIMER_ABSTIME, &at, NULL);
	s->rule_timer_armed = first != G_MAXINT64;
}

void ust_rules_init(LttvUstSession *s, int epoll_fd, gpointer timer_tag)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = timer_tag};

	s->rules = g_ptr_array_new_with_free_func(g_free);
	s->waiting = g_ptr_array_new();
	s->rule_timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (s->rule_timer >= 0)
		epoll_ctl(epoll_fd, EPOLL_CTL_ADD, s->rule_timer, &ev);
}

void ust_rules_clear(LttvUstSession *s)
{
	if (s->rules)
		g_ptr_array_unref(s->rules);
	if (s->waiting)
		g_ptr_array_unref(s->waiting);
	if (s->rule_timer >= 0)
		close(s->rule_timer);
	s->rules = s->waiting = NULL;
	s->rule_timer = -1;
}

/* The answer; the client is dropped by the next ust_rules_sweep(). */
static void answer(UstApp *c)
{
	guint missing = c->wait_apps->len;

	if (missing) {
		g_autofree char *text = g_strdup_printf(
		        ngettext("%s (%u application did not confirm it within %d s)",
		                 "%s (%u applications did not confirm it within %d s)", missing),
		        c->wait_text, missing, RULE_CONFIRM_S);

		ust_session_reply(c, 0, text);
	} else {
		ust_session_reply(c, 0, c->wait_text);
	}
	c->wait_done = TRUE;
}

gboolean ust_rule_request(LttvUstSession *s, UstApp *client, guint32 type, const char *patterns)
{
	g_autoptr(GError) error = NULL;
	guint32 serial = ++s->rule_serial & G_MAXINT32;
	gsize len;
	g_autofree gpointer msg = NULL;

	if (!lttv_ust_patterns_check(patterns, &error)) {
		ust_session_reply(client, 1, error->message);
		return FALSE;
	}
	msg = lttv_ust_text_msg_new(type, (gint32)serial, patterns, &len);
	g_ptr_array_add(s->rules, g_memdup2(msg, len));
	client->wait_apps = g_ptr_array_new();
	for (guint i = 0; i < s->apps->len; i++) {
		UstApp *a = s->apps->pdata[i];

		if ((a->stage == CONN_RUNNING || a->stage == CONN_WAIT_CHANNEL) &&
		    lttv_ust_send(a->sock, msg, len, -1, MSG_DONTWAIT))
			g_ptr_array_add(client->wait_apps, a);
	}
	client->wait_text = g_strdup_printf(
	        type == LTTV_UST_MSG_ENABLE
	                ? _("%s enabled in %u running application(s) and the next ones")
	                : _("%s disabled in %u running application(s) and the next ones"),
	        patterns, client->wait_apps->len);
	if (!client->wait_apps->len) {
		answer(client);
		return FALSE; /* answered: the connection is dropped */
	}
	client->wait_serial = serial;
	client->wait_deadline = g_get_monotonic_time() + RULE_CONFIRM_S * G_USEC_PER_SEC;
	g_ptr_array_add(s->waiting, client);
	arm_timer(s);
	return TRUE;
}

void ust_rule_done(LttvUstSession *s, UstApp *a, guint32 serial)
{
	for (guint i = 0; i < s->waiting->len; i++) {
		UstApp *c = s->waiting->pdata[i];

		/* an application applies the rules in order */
		if (!c->wait_done && c->wait_serial <= serial &&
		    g_ptr_array_remove_fast(c->wait_apps, a) && !c->wait_apps->len)
			answer(c);
	}
}

void ust_rules_forget(LttvUstSession *s, UstApp *a)
{
	if (a->wait_apps)
		g_ptr_array_remove_fast(s->waiting, a); /* a client that left */
	for (guint i = 0; i < s->waiting->len; i++) {
		UstApp *c = s->waiting->pdata[i];

		/* an application gone has nothing more to apply */
		if (!c->wait_done && g_ptr_array_remove_fast(c->wait_apps, a) && !c->wait_apps->len)
			answer(c);
	}
}

void ust_rules_sweep(LttvUstSession *s, gboolean all)
{
	gint64 now = g_get_monotonic_time();
	guint64 expirations;

	if (!s->waiting || (!s->waiting->len && !s->rule_timer_armed))
		return; /* the usual case: no syscall */
	if (s->rule_timer >= 0 && read(s->rule_timer, &expirations, sizeof expirations) < 0)
		expirations = 0; /* not expired: EAGAIN */
	for (guint i = s->waiting->len; i-- > 0;) {
		UstApp *c = s->waiting->pdata[i];

		if (!c->wait_done && (all || now >= c->wait_deadline))
			answer(c);
		if (c->wait_done) {
			g_ptr_array_remove_index_fast(s->waiting, i);
			ust_session_drop(s, c);
		}
	}
	arm_timer(s);
}
