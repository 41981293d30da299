/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tests/bench/ust-ringbuf [-n EVENTS] [-s SUBBUF_SIZE] [-b N_SUBBUF] [-r RUNS]
 *
 * ns/event of liblttv-ust's ring buffer fast path (reserve, a payload of
 * two 32-bit integers, commit) in a flight-recorder channel (no consumer
 * needed): one thread, then two threads pinned on CPUs 0 and 1; with
 * CLOCK_MONOTONIC (the tracer's clock), with a calibrated TSC, and with
 * no clock at all (the buffer's own cost); bytes/event.  The TSC is read
 * with and without lfence (only the ordered read keeps the timestamps
 * monotonic in buffer order across CPUs).  Also the cost of
 * each clock alone.  Best of RUNS (default 5) runs of EVENTS (default
 * 20000000) events per thread.  Not run by make check; the numbers are in
 * doc/ust-ringbuf.md.
 */
#include <glib.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

/* the clock under test, chosen at run time: one predictable branch */
typedef enum { CLK_MONO, CLK_TSC_ORDERED, CLK_TSC, CLK_NONE } ClockKind;
static ClockKind clock_kind;
static guint64 tsc_base, mono_base, tsc_mult;
static _Thread_local guint64 fake_clock;
#define TSC_SHIFT 32

static inline guint64 rdtsc(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return __builtin_ia32_rdtsc();
#else
	return 0;
#endif
}

/* lfence; rdtsc: not executed before the loads that precede it (the
 * write position), as the kernel's rdtsc_ordered(): what the CAS-order
 * argument for monotonic timestamps needs (doc/ust-ringbuf.md) */
static inline guint64 rdtsc_ordered(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_lfence();
	return __builtin_ia32_rdtsc();
#else
	return 0;
#endif
}

static inline guint64 mono_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (guint64)t.tv_sec * 1000000000u + (guint64)t.tv_nsec;
}

/* ns = mono_base + (tsc - tsc_base) * mult >> 32: 128-bit product, so
 * that no range is lost between calibrations */
static inline guint64 tsc_ns(guint64 tsc)
{
	unsigned __int128 d = (unsigned __int128)(tsc - tsc_base) * tsc_mult;

	return mono_base + (guint64)(d >> TSC_SHIFT);
}

static inline guint64 bench_clock(void)
{
	if (clock_kind == CLK_TSC_ORDERED)
		return tsc_ns(rdtsc_ordered());
	if (clock_kind == CLK_TSC)
		return tsc_ns(rdtsc());
	if (clock_kind == CLK_NONE)
		return ++fake_clock;
	return mono_ns();
}

#define LTTV_RB_CLOCK() bench_clock()
#include "tracer/ust/ringbuf.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static guint64 n_events = 20000000;
static guint64 subbuf_size = 1 << 20;
static guint32 n_subbuf = 8;
static guint runs = 5;

/* A (TSC, CLOCK_MONOTONIC) pair read as close together as possible: the
 * TSC half-way between two reads around the clock, best of 50. */
static void clock_pair(guint64 *tsc, guint64 *mono)
{
	guint64 best = G_MAXUINT64;

	for (guint i = 0; i < 50; i++) {
		guint64 a = rdtsc_ordered(), m = mono_ns(), b = rdtsc_ordered();

		if (b - a < best) {
			best = b - a;
			*tsc = a + (b - a) / 2;
			*mono = m;
		}
	}
}

static void calibrate_tsc(void)
{
	guint64 t0, m0;

	clock_pair(&t0, &m0);
	g_usleep(200000);
	clock_pair(&tsc_base, &mono_base);
	tsc_mult = (guint64)(((unsigned __int128)(mono_base - m0) << TSC_SHIFT) / (tsc_base - t0));
}

static LttvRbChannel *new_channel(void)
{
	LttvRbConfig cfg = {0,  n_subbuf, subbuf_size, LTTV_RB_OVERWRITE, LTTV_CTF_HEADER_COMPACT,
	                    {0}};
	g_autoptr(GError) error = NULL;
	LttvRbChannel *ch = lttv_rb_channel_new(&cfg, &error);

	if (!ch) {
		fprintf(stderr, "ust-ringbuf: %s\n", error->message);
		exit(1);
	}
	return ch;
}

/* One event: the fast path as a probe would run it. */
static inline void emit2(LttvRbChannel *ch, guint32 a, guint32 b)
{
	LttvRbCtx ctx;
	guint8 *p = lttv_rb_reserve(ch, lttv_rb_current_cpu(), 1, 8, &ctx);

	if (G_LIKELY(p)) {
		p = lttv_ctf_put_u32(p, a);
		lttv_ctf_put_u32(p, b);
		lttv_rb_commit(&ctx);
	}
}

typedef struct {
	LttvRbChannel *ch;
	int cpu; /* -1: not pinned */
	pthread_barrier_t *start;
	double seconds;
} Run;

static gpointer run_main(gpointer data)
{
	Run *r = data;
	gint64 t0;

	if (r->cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(r->cpu, &set);
		pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	}
	fake_clock = 1000;
	pthread_barrier_wait(r->start);
	t0 = g_get_monotonic_time();
	for (guint64 i = 0; i < n_events; i++)
		emit2(r->ch, (guint32)i, 42);
	r->seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
	return NULL;
}

/* Best ns/event per thread over the runs; *bytes: bytes/event. */
static double measure(guint n_threads, double *bytes)
{
	double best = 1e30;

	for (guint k = 0; k < runs; k++) {
		g_autoptr(LttvRbChannel) ch = new_channel();
		pthread_barrier_t start;
		Run r[2];
		GThread *t[2];
		double worst = 0;
		guint64 used = 0;

		pthread_barrier_init(&start, NULL, n_threads);
		for (guint i = 0; i < n_threads; i++) {
			r[i] = (Run){ch, n_threads > 1 ? (int)i : -1, &start, 0};
			t[i] = g_thread_new("bench", run_main, &r[i]);
		}
		for (guint i = 0; i < n_threads; i++) {
			g_thread_join(t[i]);
			worst = MAX(worst, r[i].seconds);
		}
		pthread_barrier_destroy(&start);
		for (guint32 c = 0; c < lttv_rb_channel_n_cpus(ch); c++)
			used += atomic_load(&ch->cpus[c].ctl->offset);
		*bytes = (double)used / (double)(n_events * n_threads);
		best = MIN(best, worst * 1e9 / (double)n_events);
	}
	return best;
}

static double clock_cost(ClockKind kind)
{
	const guint64 n = 20000000;
	volatile guint64 sink = 0;
	gint64 t0;

	clock_kind = kind;
	t0 = g_get_monotonic_time();
	for (guint64 i = 0; i < n; i++)
		sink += bench_clock();
	(void)sink;
	return (double)(g_get_monotonic_time() - t0) * 1e3 / (double)n;
}

int main(int argc, char **argv)
{
	static const char *const names[] = {"CLOCK_MONOTONIC", "TSC (lfence)", "TSC", "no clock"};
	int opt;

	while ((opt = getopt(argc, argv, "n:s:b:r:h")) != -1) {
		switch (opt) {
		case 'n': n_events = g_ascii_strtoull(optarg, NULL, 10); break;
		case 's': subbuf_size = g_ascii_strtoull(optarg, NULL, 10); break;
		case 'b': n_subbuf = (guint32)g_ascii_strtoull(optarg, NULL, 10); break;
		case 'r': runs = (guint)g_ascii_strtoull(optarg, NULL, 10); break;
		default:
			fprintf(stderr, "usage: ust-ringbuf [-n EVENTS] [-s SUBBUF_SIZE] "
			                "[-b N_SUBBUF] [-r RUNS]\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	if (!n_events || !runs) {
		fprintf(stderr, "ust-ringbuf: -n and -r must be positive\n");
		return 2;
	}
	calibrate_tsc();
	printf("%" G_GUINT64_FORMAT " events/thread, %u x %" G_GUINT64_FORMAT
	       " bytes per CPU, best of %u\n",
	       n_events, n_subbuf, subbuf_size, runs);
	printf("%-16s %8s %12s %14s %12s\n", "clock", "clock ns", "1 thread ns", "2 threads ns",
	       "bytes/event");
	for (ClockKind k = CLK_MONO; k <= CLK_NONE; k++) {
		double cost = clock_cost(k), one, two, bytes;

		clock_kind = k;
		one = measure(1, &bytes);
		two = measure(2, &bytes);
		printf("%-16s %8.1f %12.1f %14.1f %12.1f\n", names[k], cost, one, two, bytes);
	}
	{
		guint64 tsc, mono;

		clock_pair(&tsc, &mono);
		printf("TSC clock - CLOCK_MONOTONIC after %.1f s: %+" G_GINT64_FORMAT " ns\n",
		       (double)(mono - mono_base) / 1e9, (gint64)(tsc_ns(tsc) - mono));
	}
	return 0;
}
