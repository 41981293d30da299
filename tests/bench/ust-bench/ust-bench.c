/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ust-bench-lttv / ust-bench-lttng CASE [-n EVENTS] [-t THREADS]
 *                                       [-w WARMUP] [-e | -d] [-o FILE]
 *
 * The traced program of tests/bench/ust, built twice from this file: with
 * liblttv-ust (lttv-tp.h) and, with -DUST_BENCH_LTTNG, with LTTng-UST 2.13
 * (lttng-tp.h); the same loops, events and payloads.  Each thread (pinned
 * to CPU `index % CPUs`) calls WARMUP tracepoints (default 10000: first
 * touches of the buffers, per-thread set-up of the tracer), waits for the
 * others, then times a tight loop of EVENTS (default 2000000) tracepoint
 * calls with clock_gettime(CLOCK_MONOTONIC) before and after.
 *
 * CASE: `ints` (ust_bench:ints, a 64-bit and a 32-bit integer), `str`
 * (ust_bench:str, the string "tick", read through a volatile pointer so
 * that strlen() is not folded), `clock` (clock_gettime(CLOCK_MONOTONIC)
 * alone, no tracepoint), `loop` (the timed loop with no call site at all:
 * what a call site costs less than cannot be measured by this program).
 *
 * -e: the event must be enabled (waits up to 10 s for the session to
 * enable it, fails otherwise); -d: it must be disabled.
 *
 * Output (on stdout, or in FILE with -o: the program's stdout may be
 * shared with a recorder's), one `key=value` set per line: a line per
 * thread, then
 *   ns_per_event=<mean over the threads of their time / EVENTS>
 *   cpu_ns_per_event=<the same with the threads' CPU time
 *                    (CLOCK_THREAD_CPUTIME_ID): steadier on a busy machine>
 *   events_emitted=<THREADS x (WARMUP + EVENTS)>
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#ifdef UST_BENCH_LTTNG
#include "lttng-tp.h"
#define TRACER               "lttng-ust"
#define TP_INTS(seq, thread) lttng_ust_tracepoint(ust_bench, ints, seq, thread)
#define TP_STR(msg)          lttng_ust_tracepoint(ust_bench, str, msg)
#define TP_ENABLED(name)     lttng_ust_tracepoint_enabled(ust_bench, name)
#else
#include "lttv-tp.h"
#define TRACER               "lttv-ust"
#define TP_INTS(seq, thread) lttv_tracepoint(ust_bench, ints, seq, thread)
#define TP_STR(msg)          lttv_tracepoint(ust_bench, str, msg)
#define TP_ENABLED(name)     lttv_tracepoint_enabled(ust_bench, name)
#endif

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef enum { CASE_INTS, CASE_STR, CASE_CLOCK, CASE_LOOP } BenchCase;

typedef struct {
	uint32_t index;
	int cpu;
	uint64_t elapsed_ns; /* CLOCK_MONOTONIC */
	uint64_t cpu_ns;     /* CLOCK_THREAD_CPUTIME_ID: without the time others ran */
} Worker;

static BenchCase bench_case;
static uint64_t n_events = 2000000;
static uint64_t n_warmup = 10000;
static pthread_barrier_t start_line;
/* volatile: the probes measure the string's length at run time, as in a
 * real program (the pointer is read once per loop, not per event) */
static const char *volatile str_payload = "tick";

static uint64_t now_ns(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* The timed loops: noinline, so that both builds time the same shape of
 * code (a counter, the call site, nothing else). */
static __attribute__((noinline)) void loop_ints(uint64_t n, uint32_t thread)
{
	for (uint64_t i = 0; i < n; i++)
		TP_INTS(i, thread);
}

static __attribute__((noinline)) void loop_str(uint64_t n)
{
	const char *msg = str_payload;

	for (uint64_t i = 0; i < n; i++)
		TP_STR(msg);
}

static __attribute__((noinline)) void loop_clock(uint64_t n)
{
	struct timespec t;

	for (uint64_t i = 0; i < n; i++)
		clock_gettime(CLOCK_MONOTONIC, &t);
	__asm__ volatile("" : : "r"(t.tv_nsec) : "memory");
}

/* the shape of loop_ints without the call site: the counter and the
 * thread index stay live in registers */
static __attribute__((noinline)) void loop_empty(uint64_t n, uint32_t thread)
{
	for (uint64_t i = 0; i < n; i++)
		__asm__ volatile("" : : "r"(i), "r"(thread));
}

static void run_loop(uint64_t n, uint32_t thread)
{
	switch (bench_case) {
	case CASE_INTS: loop_ints(n, thread); break;
	case CASE_STR: loop_str(n); break;
	case CASE_CLOCK: loop_clock(n); break;
	case CASE_LOOP: loop_empty(n, thread); break;
	}
}

static void *worker_main(void *arg)
{
	Worker *w = arg;
	cpu_set_t set;
	uint64_t t0, t1, c0, c1;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0)
		fprintf(stderr, "ust-bench: cannot pin thread %u to CPU %d\n", w->index, w->cpu);
	run_loop(n_warmup, w->index);
	pthread_barrier_wait(&start_line);
	c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	t0 = now_ns(CLOCK_MONOTONIC);
	run_loop(n_events, w->index);
	t1 = now_ns(CLOCK_MONOTONIC);
	c1 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	w->elapsed_ns = t1 - t0;
	w->cpu_ns = c1 - c0;
	return NULL;
}

static int event_enabled(void)
{
	switch (bench_case) {
	case CASE_INTS: return TP_ENABLED(ints) ? 1 : 0;
	case CASE_STR: return TP_ENABLED(str) ? 1 : 0;
	case CASE_CLOCK:
	case CASE_LOOP: break;
	}
	return 0;
}

/* -e: the session may enable the event after main() starts (registration
 * runs in the tracer's own thread): wait for it, at most 10 s */
static int check_enabled(int want)
{
	if (want < 0 || bench_case == CASE_CLOCK || bench_case == CASE_LOOP)
		return 0;
	for (int i = 0; want && !event_enabled() && i < 10000; i++)
		usleep(1000);
	if (event_enabled() != want) {
		fprintf(stderr, "ust-bench: the event is %s, expected %s\n",
		        want ? "not enabled" : "enabled", want ? "enabled" : "disabled");
		return -1;
	}
	return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		return -1;
	*out = v;
	return 0;
}

static void usage(const char *prog)
{
	fprintf(stderr,
	        "usage: %s ints|str|clock|loop [-n EVENTS] [-t THREADS] [-w WARMUP] [-e|-d] [-o "
	        "FILE]\n",
	        prog);
}

int main(int argc, char **argv)
{
	uint64_t n_threads = 1, sum_ns = 0, sum_cpu_ns = 0;
	int want_enabled = -1, opt;
	long n_cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const char *out_path = NULL;
	FILE *out = stdout;
	pthread_t *threads;
	Worker *workers;

	while ((opt = getopt(argc, argv, "n:t:w:edo:h")) != -1) {
		switch (opt) {
		case 'n':
			if (parse_u64(optarg, &n_events) || n_events == 0)
				return usage(argv[0]), 2;
			break;
		case 't':
			if (parse_u64(optarg, &n_threads) || n_threads == 0 || n_threads > 1024)
				return usage(argv[0]), 2;
			break;
		case 'w':
			if (parse_u64(optarg, &n_warmup))
				return usage(argv[0]), 2;
			break;
		case 'e': want_enabled = 1; break;
		case 'd': want_enabled = 0; break;
		case 'o': out_path = optarg; break;
		default: usage(argv[0]); return opt == 'h' ? 0 : 2;
		}
	}
	if (optind != argc - 1) {
		usage(argv[0]);
		return 2;
	}
	if (!strcmp(argv[optind], "ints"))
		bench_case = CASE_INTS;
	else if (!strcmp(argv[optind], "str"))
		bench_case = CASE_STR;
	else if (!strcmp(argv[optind], "clock"))
		bench_case = CASE_CLOCK;
	else if (!strcmp(argv[optind], "loop"))
		bench_case = CASE_LOOP;
	else {
		usage(argv[0]);
		return 2;
	}
	if (n_cpus < 1)
		n_cpus = 1;
	if (check_enabled(want_enabled))
		return 3;
	if (out_path && !(out = fopen(out_path, "w"))) {
		perror(out_path);
		return 1;
	}

	threads = calloc(n_threads, sizeof *threads);
	workers = calloc(n_threads, sizeof *workers);
	if (!threads || !workers || pthread_barrier_init(&start_line, NULL, (unsigned)n_threads)) {
		perror("ust-bench");
		return 1;
	}
	for (uint64_t i = 0; i < n_threads; i++) {
		workers[i].index = (uint32_t)i;
		workers[i].cpu = (int)(i % (uint64_t)n_cpus);
		if (pthread_create(&threads[i], NULL, worker_main, &workers[i]) != 0) {
			perror("ust-bench: pthread_create");
			return 1;
		}
	}
	for (uint64_t i = 0; i < n_threads; i++) {
		pthread_join(threads[i], NULL);
		sum_ns += workers[i].elapsed_ns;
		sum_cpu_ns += workers[i].cpu_ns;
		fprintf(out,
		        "thread=%u cpu=%d events=%llu ns=%llu ns_per_event=%.3f "
		        "cpu_ns_per_event=%.3f\n",
		        workers[i].index, workers[i].cpu, (unsigned long long)n_events,
		        (unsigned long long)workers[i].elapsed_ns,
		        (double)workers[i].elapsed_ns / (double)n_events,
		        (double)workers[i].cpu_ns / (double)n_events);
	}
	fprintf(out, "tracer=%s case=%s threads=%llu enabled=%d\n", TRACER, argv[optind],
	        (unsigned long long)n_threads, event_enabled());
	fprintf(out, "ns_per_event=%.3f\n", (double)sum_ns / (double)n_threads / (double)n_events);
	fprintf(out, "cpu_ns_per_event=%.3f\n",
	        (double)sum_cpu_ns / (double)n_threads / (double)n_events);
	fprintf(out, "events_emitted=%llu\n",
	        bench_case == CASE_CLOCK || bench_case == CASE_LOOP
	                ? 0ull
	                : (unsigned long long)(n_threads * (n_warmup + n_events)));
	free(threads);
	free(workers);
	if (out != stdout ? fclose(out) : fflush(out)) {
		perror(out_path ? out_path : "stdout");
		return 1;
	}
	return 0;
}
