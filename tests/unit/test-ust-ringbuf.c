/* SPDX-License-Identifier: GPL-2.0-or-later */
/* liblttv-ust's ring buffer: traces written through it and read back by
 * liblttv and babeltrace2 (round trip, discard counts, a stress with two
 * threads and a signal handler, flight-recorder snapshots), fork, a
 * producer killed in the middle of an event, and a consumer facing a
 * corrupt producer.  LTTV_RB_STRESS_EVENTS sets the events per stress
 * thread (default 800000; the acceptance run uses 10000000). */
#include "tests/unit/ust-ringbuf-trace.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static LttvRbChannel *new_channel(guint32 n_cpus, guint32 n_subbuf, guint64 size, LttvRbMode mode,
                                  LttvCtfHeaderKind header)
{
	LttvRbConfig cfg = {n_cpus, n_subbuf, size, mode, header, {0}};
	g_autoptr(GError) error = NULL;
	LttvRbChannel *ch;

	memcpy(cfg.uuid, trace_uuid, 16);
	ch = lttv_rb_channel_new(&cfg, &error);
	g_assert_no_error(error);
	return ch;
}

/* ---------------------------------------------------------------- tests */

static void test_arguments(void)
{
	LttvRbConfig cfg = {1, 4, 4096, LTTV_RB_DISCARD, LTTV_CTF_HEADER_COMPACT, {0}};
	const struct {
		guint32 n_subbuf;
		guint64 size;
	} bad[] = {{3, 4096},      {1, 4096}, {4, 4095},
	           {4, 2048},      {4, 6000}, {4, G_GUINT64_CONSTANT(1) << 31},
	           {1 << 17, 4096}};

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;

		cfg.n_subbuf = bad[i].n_subbuf;
		cfg.subbuf_size = bad[i].size;
		g_assert_null(lttv_rb_channel_new(&cfg, &error));
		g_assert_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_ARGUMENT);
	}
}

/* One thread, two CPUs, every header form (ids up to 39, time gaps of
 * more than 2^27 ns): liblttv and babeltrace2 see every event at exactly
 * the time reserve() gave it. */
static void test_roundtrip(gconstpointer data)
{
	LttvCtfHeaderKind kind = GPOINTER_TO_INT(data);
	g_autoptr(LttvRbChannel) ch = new_channel(2, 4, 8192, LTTV_RB_DISCARD, kind);
	g_autoptr(LttvRbConsumer) c = NULL;
	g_autoptr(Out) o = out_new(kind);
	g_autoptr(GError) error = NULL;
	const guint64 n = 3000;
	g_autofree char *text = NULL;
	guint64 max[2] = {n, n}, lines = 0;
	Got g;

	c = lttv_rb_consumer_open(lttv_rb_channel_fd(ch), &error);
	g_assert_no_error(error);
	g_assert_cmpint(lttv_rb_consumer_header_kind(c), ==, kind);
	for (guint64 i = 0; i < n; i++) {
		g_assert_true(emit(ch, (guint32)(i % 2), (guint32)(i % N_CLASSES), (guint8)(i % 2),
		                   i / 2 + (i % 2) * (n / 2)));
		if (i == 1000 || i == 2000)
			g_usleep(150000); /* > 2^27 ns: extended headers */
		drain(c, o);
	}
	lttv_rb_consumer_finish(c);
	drain(c, o);
	got_init(&g, 2, max);
	read_trace(o->dir, &g);
	g_assert_cmpuint(g.events, ==, n);
	g_assert_cmpuint(g.bad + g.dup + g.discarded + g.discarded_packets, ==, 0);
	g_assert_true(g.in_order);
	got_clear(&g);

	/* babeltrace2 decodes the same times: "[cycles] ... ts = cycles" */
	{
		const char *args[] = {"--clock-cycles", o->dir, NULL};
		g_auto(GStrv) lines_v = NULL;

		if (!run_bt2(args, &text))
			return;
		lines_v = g_strsplit(text, "\n", -1);
		for (char **l = lines_v; *l && **l; l++) {
			guint64 cycles = g_ascii_strtoull(*l + 1, NULL, 10);
			const char *ts = strstr(*l, "ts = ");

			g_assert_nonnull(ts);
			g_assert_cmpuint(g_ascii_strtoull(ts + 5, NULL, 10), ==, cycles);
			lines++;
		}
		g_assert_cmpuint(lines, ==, n);
	}
}

/* A full buffer drops events; each is counted, reported in the next
 * packet's events_discarded, and by readers; too large an event too. */
static void test_discard(void)
{
	g_autoptr(LttvRbChannel) ch =
	        new_channel(1, 2, 4096, LTTV_RB_DISCARD, LTTV_CTF_HEADER_COMPACT);
	g_autoptr(LttvRbConsumer) c = lttv_rb_consumer_open_channel(ch);
	g_autoptr(Out) o = out_new(LTTV_CTF_HEADER_COMPACT);
	guint64 max[1] = {4000}, accepted = 0, seq = 0, n_packets;
	LttvRbCounters cnt;
	LttvRbCtx ctx;
	Got g;

	for (; seq < 2000; seq++)
		accepted += emit(ch, 0, 1, 0, seq);
	/* too large: by one byte, and sizes that overflow a sum */
	g_assert_null(lttv_rb_reserve(ch, 0, 1, 4096 - 84 - 3, &ctx));
	g_assert_null(lttv_rb_reserve(ch, 0, 1, G_MAXSIZE - 2, &ctx));
	g_assert_null(lttv_rb_reserve(ch, 0, 40, (gsize)G_MAXUINT32 + 5, &ctx));
	lttv_rb_channel_counters(ch, 0, &cnt);
	g_assert_cmpuint(cnt.lost_full, ==, 2000 - accepted);
	g_assert_cmpuint(cnt.lost_big, ==, 3);
	g_assert_cmpuint(accepted, >, 200);
	/* the first is complete; the second too if an event filled it exactly,
	 * else it stays open (closing it would open the next: no room) */
	n_packets = drain(c, o);
	g_assert_cmpuint(n_packets, >=, 1);
	g_assert_cmpuint(n_packets, <=, 2);
	for (; seq < 4000; seq++)
		accepted += emit(ch, 0, 1, 0, seq);
	lttv_rb_consumer_finish(c);
	drain(c, o);
	lttv_rb_consumer_counters(c, 0, &cnt);
	g_assert_cmpuint(cnt.packets_dropped, ==, 0);

	got_init(&g, 1, max);
	read_trace(o->dir, &g);
	g_assert_cmpuint(g.events, ==, accepted);
	g_assert_cmpuint(g.discarded, ==, 4000 - accepted + 3);
	g_assert_cmpuint(g.bad + g.dup + g.discarded_packets + g.unknown_discards, ==, 0);
	got_clear(&g);
	check_bt2_dummy(o->dir);
}

/* ---------------------------------------------------------------- stress */

static LttvRbChannel *sig_ch;
static guint64 sig_max; /* the handler's quota, as a thread's */
static _Atomic guint64 sig_seq, sig_lost, sig_nested;
static _Atomic gboolean sig_on;

static void on_alarm(int sig)
{
	int saved = errno;

	if (atomic_load_explicit(&sig_on, memory_order_relaxed)) {
		if (in_event)
			atomic_fetch_add_explicit(&sig_nested, 1, memory_order_relaxed);
		/* a burst: the handler's share of the events is large */
		for (guint i = 0; i < 256; i++) {
			guint64 seq = atomic_fetch_add_explicit(&sig_seq, 1, memory_order_relaxed);

			if (seq >= sig_max) {
				atomic_store_explicit(&sig_seq, sig_max, memory_order_relaxed);
				break;
			}

			if (!emit(sig_ch, lttv_rb_current_cpu(), 2, 2, seq))
				atomic_fetch_add_explicit(&sig_lost, 1, memory_order_relaxed);
		}
	}
	errno = saved;
}

typedef struct {
	LttvRbChannel *ch;
	guint8 src;
	guint64 n, lost;
} Worker;

static gpointer worker_main(gpointer data)
{
	Worker *w = data;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	for (guint64 seq = 0; seq < w->n; seq++)
		if (!emit(w->ch, lttv_rb_current_cpu(), w->src, w->src, seq))
			w->lost++;
	return NULL;
}

typedef struct {
	LttvRbConsumer *c;
	Out *o;
	gulong pause_us; /* between two drains, even when there was work */
	_Atomic gboolean stop;
	guint64 packets;
} Drainer;

static gpointer drainer_main(gpointer data)
{
	Drainer *d = data;

	while (!atomic_load_explicit(&d->stop, memory_order_relaxed)) {
		guint64 n = drain(d->c, d->o);

		d->packets += n;
		if (!n || d->pause_us)
			g_usleep(d->pause_us ? d->pause_us : 200);
	}
	return NULL;
}

/* Two threads and a signal handler emit concurrently on the CPUs they run
 * on, a consumer drains at the same time: every sequence number is read
 * back exactly once, or counted as discarded; no torn event; times exact
 * and non-decreasing per stream. */
typedef struct {
	gboolean shared; /* the consumer on the producer's mapping */
	gboolean slow;   /* small buffers, slow consumer: many events lost */
} StressCase;

static void test_stress(gconstpointer data)
{
	const StressCase *sc = data;
	gboolean shared = sc->shared;
	const char *env = g_getenv("LTTV_RB_STRESS_EVENTS");
	guint64 n = (env ? g_ascii_strtoull(env, NULL, 10) : 800000) / (sc->slow ? 4 : 1);
	g_autoptr(LttvRbChannel) ch = new_channel(0, sc->slow ? 4 : 16, sc->slow ? 4096 : 65536,
	                                          LTTV_RB_DISCARD, LTTV_CTF_HEADER_COMPACT);
	g_autoptr(LttvRbConsumer) c = NULL;
	g_autoptr(Out) o = out_new(LTTV_CTF_HEADER_COMPACT);
	g_autoptr(GError) error = NULL;
	struct itimerval tv = {{0, 100}, {0, 100}}, off = {{0, 0}, {0, 0}};
	struct sigaction sa = {0};
	Worker w[2] = {{ch, 0, n, 0}, {ch, 1, n, 0}};
	Drainer d = {0};
	GThread *t[2], *dt;
	guint64 max[3], lost = 0, missing = 0;
	sigset_t set, old;
	Got g;

	g_assert_cmpuint(lttv_rb_channel_n_cpus(ch), <=, MAX_CPUS);
	/* shared: the consumer uses the producer's mapping, so that
	 * ThreadSanitizer sees both sides of every synchronization */
	c = shared ? lttv_rb_consumer_open_channel(ch)
	           : lttv_rb_consumer_open(lttv_rb_channel_fd(ch), &error);
	g_assert_no_error(error);
	d.c = c;
	d.o = o;
	d.pause_us = sc->slow ? 2000 : 0;
	sig_ch = ch;
	sig_max = n;
	atomic_store(&sig_seq, 0);
	atomic_store(&sig_lost, 0);
	atomic_store(&sig_nested, 0);
	atomic_store(&sig_on, TRUE);
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &set, &old); /* only the workers take it */
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	dt = g_thread_new("drainer", drainer_main, &d);
	t[0] = g_thread_new("w0", worker_main, &w[0]);
	t[1] = g_thread_new("w1", worker_main, &w[1]);
	setitimer(ITIMER_REAL, &tv, NULL);
	g_thread_join(t[0]);
	g_thread_join(t[1]);
	setitimer(ITIMER_REAL, &off, NULL);
	atomic_store(&sig_on, FALSE);
	signal(SIGALRM, SIG_IGN); /* a pending one is dropped */
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	atomic_store(&d.stop, TRUE);
	g_thread_join(dt);
	lttv_rb_consumer_finish(c);
	d.packets += drain(c, o);

	max[0] = max[1] = n;
	max[2] = atomic_load(&sig_seq);
	g_test_message("%" G_GUINT64_FORMAT " + %" G_GUINT64_FORMAT " + %" G_GUINT64_FORMAT
	               " (signal handler, %" G_GUINT64_FORMAT
	               " times between a reserve and its commit) events, %" G_GUINT64_FORMAT
	               " packets, %" G_GUINT64_FORMAT " events lost",
	               n, n, max[2], atomic_load(&sig_nested), d.packets,
	               w[0].lost + w[1].lost + atomic_load(&sig_lost));
	if (!sc->slow) /* most reservations fail there */
		g_assert_cmpuint(atomic_load(&sig_nested), >, 0);
	for (guint32 cpu = 0; cpu < lttv_rb_channel_n_cpus(ch); cpu++) {
		LttvRbCounters cnt;

		lttv_rb_consumer_counters(c, cpu, &cnt);
		g_assert_cmpuint(cnt.packets_dropped, ==, 0);
		g_assert_cmpuint(cnt.lost_big + cnt.lost_wrap, ==, 0);
		lost += cnt.lost_full;
	}
	g_assert_cmpuint(lost, ==, w[0].lost + w[1].lost + atomic_load(&sig_lost));
	got_init(&g, 3, max);
	read_trace(o->dir, &g);
	g_assert_cmpuint(g.bad, ==, 0);
	g_assert_cmpuint(g.dup, ==, 0);
	g_assert_cmpuint(g.discarded_packets + g.unknown_discards, ==, 0);
	for (guint s = 0; s < 3; s++)
		missing += max[s] - got_count(&g, s);
	g_assert_cmpuint(got_count(&g, 0), ==, n - w[0].lost);
	g_assert_cmpuint(got_count(&g, 1), ==, n - w[1].lost);
	g_assert_cmpuint(missing, ==, lost);
	g_assert_cmpuint(g.discarded, ==, lost);
	g_assert_cmpuint(g.events, ==, 2 * n + max[2] - lost);
	g_assert_cmpuint(max[2], >, 0);
	if (sc->slow)
		g_assert_cmpuint(lost, >, 0);
	got_clear(&g);
	if (!shared)
		check_bt2_dummy(o->dir);
}

/* ---------------------------------------------------------------- overwrite */

typedef struct {
	Out *o;
	guint32 cpu;
	LttvCtfHeaderKind kind;
	gboolean contiguous; /* no packet may be missing between two (writer stopped) */
	gboolean ok;
	guint64 packets;
	guint64 prev_last; /* last sequence number so far, G_MAXUINT64 before any */
} Snap;

/* Walks the events of one packet of the overwrite tests (class 1, source
 * 0): each at the time reserve() gave it, each following the previous
 * one (across packets too when s->contiguous). */
static gboolean check_packet_events(Snap *s, const guint8 *b, gsize len)
{
	guint64 content = get_u64(b + LTTV_CTF_OFF_CONTENT_SIZE) / 8;
	guint64 clock = get_u64(b + LTTV_CTF_OFF_TS_BEGIN);
	gsize pos = LTTV_CTF_PACKET_HEAD;
	gboolean first = TRUE;

	if (content > len || content <= pos)
		return FALSE;
	while (pos < content) {
		guint32 id;
		const guint8 *p =
		        read_header(b + pos, s->kind == LTTV_CTF_HEADER_LARGE, &id, &clock);
		guint64 seq = get_u64(p + 1);
		gboolean follows = s->prev_last == G_MAXUINT64 || seq == s->prev_last + 1 ||
		                   (first && !s->contiguous && seq > s->prev_last);

		if (id != 1 || p[0] != 0 || get_u64(p + 9) != clock || !follows ||
		    get_u32(p + 17) != seq_check(0, seq))
			return FALSE;
		s->prev_last = seq;
		first = FALSE;
		pos = (gsize)(p - b) + seq_len(seq);
	}
	return pos == content;
}

static gboolean snap_packet(const guint8 *packet, gsize len, gpointer user_data, GError **error)
{
	Snap *s = user_data;

	s->ok = s->ok && check_packet_events(s, packet, len);
	if (s->o)
		out_write(s->o, s->cpu, packet, len);
	s->packets++;
	return TRUE;
}

/* Flight recorder, writer stopped: the snapshot holds the newest events,
 * in order, complete, ending with the last one written. */
static void test_overwrite(gconstpointer data)
{
	LttvCtfHeaderKind kind = GPOINTER_TO_INT(data);
	g_autoptr(LttvRbChannel) ch = new_channel(1, 4, 4096, LTTV_RB_OVERWRITE, kind);
	g_autoptr(LttvRbConsumer) c = NULL;
	g_autoptr(GError) error = NULL;
	guint64 max[1] = {30000};
	LttvRbCounters cnt;

	c = lttv_rb_consumer_open(lttv_rb_channel_fd(ch), &error);
	g_assert_no_error(error);
	g_assert_false(lttv_rb_consumer_get_subbuf(c, 0, &(const guint8 *){NULL}, &(gsize){0}));
	for (guint round = 1; round <= 3; round++) {
		g_autoptr(Out) o = out_new(kind);
		Snap s = {o, 0, kind, TRUE, TRUE, 0, G_MAXUINT64};
		Got g;

		for (guint64 seq = (round - 1) * 10000; seq < round * 10000 - round * 7; seq++)
			g_assert_true(emit(ch, 0, 1, 0, seq));
		g_assert_true(lttv_rb_consumer_snapshot(c, 0, snap_packet, &s, &error));
		g_assert_no_error(error);
		g_assert_true(s.ok);
		g_assert_cmpuint(s.packets, ==, 4);
		g_assert_cmpuint(s.prev_last, ==, round * 10000 - round * 7 - 1);
		got_init(&g, 1, max);
		read_trace(o->dir, &g);
		g_assert_cmpuint(g.events, >, 250);
		g_assert_cmpuint(g.last_seq[0], ==, round * 10000 - round * 7 - 1);
		g_assert_cmpuint(g.events, ==, g.last_seq[0] - g.first_seq[0] + 1);
		g_assert_true(g.in_order);
		g_assert_cmpuint(g.bad + g.dup + g.discarded + g.discarded_packets, ==, 0);
		got_clear(&g);
		check_bt2_dummy(o->dir);
	}
	lttv_rb_consumer_counters(c, 0, &cnt);
	g_assert_cmpuint(cnt.lost_wrap + cnt.lost_full + cnt.packets_dropped, ==, 0);
	g_assert_cmpuint(cnt.packets_delivered, ==, 12);
}

typedef struct {
	LttvRbChannel *ch;
	_Atomic gboolean stop;
	guint64 seq;
} Writer;

static gpointer writer_main(gpointer data)
{
	Writer *w = data;

	while (!atomic_load_explicit(&w->stop, memory_order_relaxed)) {
		if (emit(w->ch, 0, 1, 0, w->seq))
			w->seq++;
		else
			g_thread_yield(); /* next sub-buffer still being written */
	}
	return NULL;
}

/* Snapshots while a thread writes: every packet handed out is complete,
 * each event at its exact time, packets in order. */
static void test_overwrite_concurrent(void)
{
	g_autoptr(LttvRbChannel) ch =
	        new_channel(1, 4, 4096, LTTV_RB_OVERWRITE, LTTV_CTF_HEADER_COMPACT);
	g_autoptr(LttvRbConsumer) c = NULL;
	g_autoptr(GError) error = NULL;
	Writer w = {ch, FALSE, 0};
	guint64 packets = 0;
	GThread *t;

	/* its own mapping, as in the real consumer: the copies race with the
	 * writer by design (seqlock), at addresses the writer does not use */
	c = lttv_rb_consumer_open(lttv_rb_channel_fd(ch), &error);
	g_assert_no_error(error);
	t = g_thread_new("writer", writer_main, &w);
	for (guint i = 0; i < 300; i++) {
		Snap s = {NULL, 0, LTTV_CTF_HEADER_COMPACT, FALSE, TRUE, 0, G_MAXUINT64};

		g_assert_true(lttv_rb_consumer_snapshot(c, 0, snap_packet, &s, &error));
		g_assert_true(s.ok);
		packets += s.packets;
		g_usleep(100);
	}
	atomic_store(&w.stop, TRUE);
	g_thread_join(t);
	g_test_message("%" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT " packets", w.seq,
	               packets);
	g_assert_cmpuint(packets, >, 300);
}

/* ---------------------------------------------------------------- fork */

/* The child of fork() cannot write into the parent's buffers: reserve
 * fails, the mapping is not even there; a channel of its own works. */
static void test_fork(void)
{
	g_autoptr(LttvRbChannel) ch =
	        new_channel(1, 4, 4096, LTTV_RB_DISCARD, LTTV_CTF_HEADER_COMPACT);
	guint64 before;
	int status;
	pid_t pid;

	g_assert_true(emit(ch, 0, 1, 0, 0));
	before = atomic_load(&ch->cpus[0].ctl->offset);
	pid = fork();
	g_assert_cmpint(pid, >=, 0);
	if (pid == 0) {
		unsigned char vec[1];
		gboolean ok = !emit(ch, 0, 1, 0, 1);
		LttvRbConfig cfg = {1, 2, 4096, LTTV_RB_DISCARD, LTTV_CTF_HEADER_COMPACT, {0}};
		LttvRbChannel *mine;

		lttv_rb_channel_flush(ch, 0);
		/* MADV_DONTFORK: nothing is mapped there */
		ok = ok && mincore(ch->map, 4096, vec) < 0 && errno == ENOMEM;
		mine = lttv_rb_channel_new(&cfg, NULL);
		ok = ok && mine && emit(mine, 0, 1, 0, 0);
		_exit(ok ? 0 : 1);
	}
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	g_assert_true(WIFEXITED(status));
	g_assert_cmpint(WEXITSTATUS(status), ==, 0);
	g_assert_cmpuint(atomic_load(&ch->cpus[0].ctl->offset), ==, before);
	g_assert_true(emit(ch, 0, 1, 0, 1));
}

/* ---------------------------------------------------------------- crash */

static void send_fd(int sock, int fd)
{
	char byte = 0, ctrl[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov = {&byte, 1};
	struct msghdr msg = {.msg_iov = &iov,
	                     .msg_iovlen = 1,
	                     .msg_control = ctrl,
	                     .msg_controllen = sizeof(ctrl)};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	if (sendmsg(sock, &msg, 0) != 1)
		_exit(3);
}

static int recv_fd(int sock)
{
	char byte, ctrl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {&byte, 1};
	struct msghdr msg = {.msg_iov = &iov,
	                     .msg_iovlen = 1,
	                     .msg_control = ctrl,
	                     .msg_controllen = sizeof(ctrl)};
	struct cmsghdr *cm;
	int fd;

	g_assert_cmpint(recvmsg(sock, &msg, MSG_CMSG_CLOEXEC), ==, 1);
	cm = CMSG_FIRSTHDR(&msg);
	g_assert_nonnull(cm);
	g_assert_cmpint(cm->cmsg_type, ==, SCM_RIGHTS);
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

typedef struct {
	guint64 before, after; /* events on CPU 0 around the unfinished one */
	gboolean unfinished;
} CrashCase;

/* A child producer writes, maybe reserves an event it never commits,
 * writes more, and is killed; the consumer, given the memfd, closes what
 * is open and gets a readable trace: every committed event except those
 * of the one packet that can never be complete, whose loss readers
 * report. */
static void test_crash(gconstpointer data)
{
	const CrashCase *cc = data;
	g_autoptr(LttvRbConsumer) c = NULL;
	g_autoptr(Out) o = out_new(LTTV_CTF_HEADER_COMPACT);
	g_autoptr(GError) error = NULL;
	guint64 max[2] = {cc->before + cc->after + 1, 100}, got0;
	LttvRbCounters cnt;
	int sv[2], status, fd;
	pid_t pid;
	Got g;

	g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), ==, 0);
	pid = fork();
	g_assert_cmpint(pid, >=, 0);
	if (pid == 0) {
		/* room for every event: nothing is lost for lack of a consumer */
		LttvRbConfig cfg = {2, 16, 4096, LTTV_RB_DISCARD, LTTV_CTF_HEADER_COMPACT, {0}};
		LttvRbChannel *ch;
		LttvRbCtx ctx;
		guint64 seq = 0;

		memcpy(cfg.uuid, trace_uuid, 16);
		ch = lttv_rb_channel_new(&cfg, NULL);
		if (!ch)
			_exit(2);
		send_fd(sv[1], lttv_rb_channel_fd(ch));
		for (; seq < cc->before; seq++)
			emit(ch, 0, 1, 0, seq);
		for (guint64 i = 0; i < 100; i++)
			emit(ch, 1, 1, 1, i);
		if (cc->unfinished)
			lttv_rb_reserve(ch, 0, 1, seq_len(seq++), &ctx); /* never committed */
		for (guint64 i = 0; i < cc->after; i++, seq++)
			emit(ch, 0, 1, 0, seq);
		raise(SIGKILL);
	}
	close(sv[1]);
	fd = recv_fd(sv[0]);
	close(sv[0]);
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	g_assert_true(WIFSIGNALED(status));
	c = lttv_rb_consumer_open(fd, &error);
	g_assert_no_error(error);
	close(fd);
	lttv_rb_consumer_finish(c);
	drain(c, o);
	lttv_rb_consumer_counters(c, 0, &cnt);
	g_assert_cmpuint(cnt.packets_dropped, ==, cc->unfinished ? 1 : 0);

	got_init(&g, 2, max);
	read_trace(o->dir, &g);
	got0 = got_count(&g, 0);
	g_assert_cmpuint(got_count(&g, 1), ==, 100);
	g_assert_cmpuint(g.bad + g.dup + g.discarded + g.unknown_discards, ==, 0);
	if (!cc->unfinished) {
		g_assert_cmpuint(got0, ==, cc->before + cc->after);
		g_assert_cmpuint(g.discarded_packets, ==, 0);
	} else {
		/* the events missing are the unfinished one's packet: one
		 * range, reported as one lost packet */
		guint64 first = 0, last = 0;

		while (g.seen[0][first])
			first++;
		for (last = first; last < max[0] && !g.seen[0][last]; last++)
			;
		g_assert_cmpuint(got0 + (last - first), ==, cc->before + cc->after + 1);
		g_assert_cmpuint(first, <=, cc->before);
		g_assert_cmpuint(last, >, cc->before);
		g_assert_cmpuint(g.discarded_packets, ==, 1);
	}
	got_clear(&g);
	check_bt2_dummy(o->dir);
}

/* ---------------------------------------------------------------- robustness */

/* A consumer facing garbage: an unsealed or malformed memfd is refused;
 * corrupt packets and positions are dropped, counted, never trusted. */
static void test_corrupt(void)
{
	g_autoptr(LttvRbChannel) ch =
	        new_channel(1, 4, 4096, LTTV_RB_DISCARD, LTTV_CTF_HEADER_COMPACT);
	g_autoptr(LttvRbConsumer) c = NULL;
	g_autoptr(GError) error = NULL;
	LttvRbShmHeader *h = (LttvRbShmHeader *)ch->map;
	LttvRbCpuCtl *ctl = ch->cpus[0].ctl;
	g_autoptr(Out) o = out_new(LTTV_CTF_HEADER_COMPACT);
	LttvRbCounters cnt;
	int fd = memfd_create("not-sealed", MFD_CLOEXEC);

	g_assert_cmpint(ftruncate(fd, 1 << 20), ==, 0);
	g_assert_null(lttv_rb_consumer_open(fd, &error));
	g_assert_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_INVALID);
	g_clear_error(&error);
	close(fd);
	h->n_subbuf = 8; /* the size no longer matches */
	g_assert_null(lttv_rb_consumer_open(lttv_rb_channel_fd(ch), &error));
	g_assert_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_INVALID);
	g_clear_error(&error);
	h->n_subbuf = 4;
	c = lttv_rb_consumer_open(lttv_rb_channel_fd(ch), &error);
	g_assert_no_error(error);

	for (guint64 seq = 0; seq < 400; seq++) /* about 3 packets */
		emit(ch, 0, 1, 0, seq);
	ch->cpus[0].data[0] ^= 0xff; /* packet 0: magic */
	lttv_ctf_put_u64(ch->cpus[0].data + 4096 + LTTV_CTF_OFF_CONTENT_SIZE, 1 << 20); /* 1 */
	g_assert_cmpuint(drain(c, o), ==, 0);
	lttv_rb_consumer_counters(c, 0, &cnt);
	g_assert_cmpuint(cnt.packets_dropped, ==, 2);
	/* a position far ahead and commit counts that never match */
	atomic_store(&ctl->offset, G_GUINT64_CONSTANT(1) << 62 | 100);
	atomic_store(&ctl->commit[2], 12345);
	lttv_rb_consumer_finish(c);
	drain(c, o);
	drain(c, o);
	lttv_rb_consumer_counters(c, 0, &cnt);
	g_assert_cmpuint(cnt.packets_delivered + cnt.packets_dropped, <=, 2 + 5);
}

int main(int argc, char **argv)
{
	static const CrashCase killed = {300, 0, FALSE}, mid_last = {300, 5, TRUE},
	                       mid_middle = {300, 1000, TRUE};
	static const StressCase stress_shared = {TRUE, FALSE}, stress_fd = {FALSE, FALSE},
	                        stress_losses = {TRUE, TRUE};

	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ust-ringbuf/arguments", test_arguments);
	g_test_add_data_func("/ust-ringbuf/roundtrip/compact",
	                     GINT_TO_POINTER(LTTV_CTF_HEADER_COMPACT), test_roundtrip);
	g_test_add_data_func("/ust-ringbuf/roundtrip/large", GINT_TO_POINTER(LTTV_CTF_HEADER_LARGE),
	                     test_roundtrip);
	g_test_add_func("/ust-ringbuf/discard", test_discard);
	g_test_add_data_func("/ust-ringbuf/stress/shared-mapping", &stress_shared, test_stress);
	g_test_add_data_func("/ust-ringbuf/stress/fd", &stress_fd, test_stress);
	g_test_add_data_func("/ust-ringbuf/stress/losses", &stress_losses, test_stress);
	g_test_add_data_func("/ust-ringbuf/overwrite/compact",
	                     GINT_TO_POINTER(LTTV_CTF_HEADER_COMPACT), test_overwrite);
	g_test_add_data_func("/ust-ringbuf/overwrite/large", GINT_TO_POINTER(LTTV_CTF_HEADER_LARGE),
	                     test_overwrite);
	g_test_add_func("/ust-ringbuf/overwrite/concurrent", test_overwrite_concurrent);
	g_test_add_func("/ust-ringbuf/fork", test_fork);
	g_test_add_data_func("/ust-ringbuf/crash/killed", &killed, test_crash);
	g_test_add_data_func("/ust-ringbuf/crash/mid-event-last", &mid_last, test_crash);
	g_test_add_data_func("/ust-ringbuf/crash/mid-event-middle", &mid_middle, test_crash);
	g_test_add_func("/ust-ringbuf/corrupt", test_corrupt);
	return g_test_run();
}
