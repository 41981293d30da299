/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The traced program of tests/e2e/record-ust.sh: each mode is one scenario
 * of the user-space tracer's acceptance tests, and prints on stdout what
 * the checker needs to know (counts, tid, fd).
 *
 *   ust-test-app stress THREADS EVENTS INTERVAL_US
 *       THREADS threads each emit EVENTS ust_e2e:seq (seq 0..EVENTS-1);
 *       meanwhile another thread sends SIGUSR1 to them every INTERVAL_US,
 *       whose handler emits ust_e2e:sig with its own sequence numbers.
 *       Prints "signals=S" (sig events emitted, seq 0..S-1).
 *   ust-test-app crash EVENTS
 *       emits EVENTS ust_e2e:seq, then kills itself with SIGSEGV.
 *   ust-test-app slow EVENTS INTERVAL_MS PIDFILE FLAGFILE
 *       writes its pid to PIDFILE, emits one event every INTERVAL_MS;
 *       counts the events emitted once FLAGFILE exists; exits 0 printing
 *       "slow: emitted=E after_flag=A".
 *   ust-test-app hold EVENTS MARKER GOFILE AFTER
 *       pinned to one CPU (the first it may use), emits EVENTS events, writes MARKER
 * ("last=EVENTS-1"), waits for GOFILE, emits AFTER more, exits 0. ust-test-app pipe WRITES WRITES
 * times: a short sleep, ust_e2e:before_write, then at once a write(2) to a pipe.  Prints "tid=T
 * fd=F".
 */
#include "ust-e2e-tp.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 16
/* waiting for a file the test creates: give up after this (no hang) */
#define WAIT_FILE_MS 60000

static uint64_t parse_u64(const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || errno || *end) {
		fprintf(stderr, "ust-test-app: %s: not a number: %s\n", what, s);
		exit(2);
	}
	return v;
}

static void sleep_ns(long ns)
{
	struct timespec ts = {ns / 1000000000L, ns % 1000000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Waits until `path` exists: 0, or -1 after WAIT_FILE_MS. */
static int wait_file(const char *path)
{
	for (int ms = 0; ms < WAIT_FILE_MS; ms += 5) {
		if (file_exists(path))
			return 0;
		sleep_ns(5000000L);
	}
	fprintf(stderr, "ust-test-app: %s did not appear\n", path);
	return -1;
}

/* Writes `text` to `path` at once (a temporary file renamed): a reader
 * that sees the file sees all of it. */
static int write_file(const char *path, const char *text)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0 || rename(tmp, path) < 0) {
		fprintf(stderr, "ust-test-app: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- stress */

static atomic_uint_fast64_t sig_seq;
static _Thread_local unsigned int worker_index = UINT32_MAX;

struct worker {
	pthread_t thread;
	unsigned int index;
	uint64_t events;
	atomic_int done;
};

/* Async-signal-safe: an atomic increment and a tracepoint, which may have
 * interrupted another tracepoint of this thread in the middle. */
static void on_sigusr1(int sig)
{
	uint64_t seq = atomic_fetch_add(&sig_seq, 1);

	(void)sig;
	lttv_tracepoint(ust_e2e, sig, seq, worker_index);
}

static void *stress_worker(void *arg)
{
	struct worker *w = (struct worker *)arg;
	sigset_t set;

	/* created with SIGUSR1 blocked: the handler never runs before the
	 * thread knows its index */
	worker_index = w->index;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	for (uint64_t seq = 0; seq < w->events; seq++)
		lttv_tracepoint(ust_e2e, seq, seq, w->index);
	atomic_store(&w->done, 1);
	return NULL;
}

static int stress(int argc, char **argv)
{
	struct worker workers[MAX_THREADS];
	struct sigaction sa;
	unsigned int threads;
	uint64_t events;
	long interval_ns;
	uint64_t sent = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: ust-test-app stress THREADS EVENTS INTERVAL_US\n");
		return 2;
	}
	threads = (unsigned int)parse_u64(argv[0], "THREADS");
	events = parse_u64(argv[1], "EVENTS");
	interval_ns = (long)parse_u64(argv[2], "INTERVAL_US") * 1000;
	if (threads < 1 || threads > MAX_THREADS) {
		fprintf(stderr, "ust-test-app: 1 to %d threads\n", MAX_THREADS);
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigusr1;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	/* blocked here and, inherited, in the workers until they unblock it */
	{
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		pthread_sigmask(SIG_BLOCK, &set, NULL);
	}
	for (unsigned int i = 0; i < threads; i++) {
		int err;

		workers[i].index = i;
		workers[i].events = events;
		atomic_init(&workers[i].done, 0);
		err = pthread_create(&workers[i].thread, NULL, stress_worker, &workers[i]);
		if (err) {
			fprintf(stderr, "ust-test-app: pthread_create: %s\n", strerror(err));
			return 1;
		}
	}
	/* this thread is the signaller: round robin over the workers still
	 * running (a finished one is not joined yet, so its id stays valid) */
	for (unsigned int k = 0;; k++) {
		unsigned int running = 0;

		for (unsigned int i = 0; i < threads; i++)
			running += !atomic_load(&workers[i].done);
		if (!running)
			break;
		struct worker *w = &workers[k % threads];
		if (!atomic_load(&w->done) && pthread_kill(w->thread, SIGUSR1) == 0)
			sent++;
		sleep_ns(interval_ns);
	}
	for (unsigned int i = 0; i < threads; i++)
		pthread_join(workers[i].thread, NULL);
	printf("threads=%u events=%" PRIu64 " signals_sent=%" PRIu64 " signals=%" PRIu64 "\n",
	       threads, events, sent, (uint64_t)atomic_load(&sig_seq));
	return 0;
}

/* ---------------------------------------------------------------- crash */

static int crash(int argc, char **argv)
{
	uint64_t events;

	if (argc != 1) {
		fprintf(stderr, "usage: ust-test-app crash EVENTS\n");
		return 2;
	}
	events = parse_u64(argv[0], "EVENTS");
	for (uint64_t seq = 0; seq < events; seq++)
		lttv_tracepoint(ust_e2e, seq, seq, 0);
	printf("crash: emitted=%" PRIu64 "\n", events);
	fflush(stdout);
	signal(SIGSEGV, SIG_DFL);
	kill(getpid(), SIGSEGV);
	return 1; /* not reached */
}

/* ---------------------------------------------------------------- slow */

static int slow(int argc, char **argv)
{
	uint64_t events, after = 0;
	long interval_ns;
	char pid[32];

	if (argc != 4) {
		fprintf(stderr, "usage: ust-test-app slow EVENTS INTERVAL_MS PIDFILE FLAGFILE\n");
		return 2;
	}
	events = parse_u64(argv[0], "EVENTS");
	interval_ns = (long)parse_u64(argv[1], "INTERVAL_MS") * 1000000L;
	snprintf(pid, sizeof pid, "%d\n", (int)getpid());
	if (write_file(argv[2], pid) < 0)
		return 1;
	for (uint64_t seq = 0; seq < events; seq++) {
		if (file_exists(argv[3]))
			after++;
		lttv_tracepoint(ust_e2e, seq, seq, 0);
		sleep_ns(interval_ns);
	}
	printf("slow: emitted=%" PRIu64 " after_flag=%" PRIu64 "\n", events, after);
	return 0;
}

/* ---------------------------------------------------------------- hold */

static int hold(int argc, char **argv)
{
	uint64_t events, after, seq;
	cpu_set_t set;
	int cpu = 0;
	char text[64];

	if (argc != 4) {
		fprintf(stderr, "usage: ust-test-app hold EVENTS MARKER GOFILE AFTER\n");
		return 2;
	}
	events = parse_u64(argv[0], "EVENTS");
	after = parse_u64(argv[3], "AFTER");
	if (events == 0) {
		fprintf(stderr, "ust-test-app: hold: at least one event\n");
		return 2;
	}
	/* one CPU, the first this process may use (CI containers may not
	 * allow CPU 0): all events in one stream, in emission order */
	if (sched_getaffinity(0, sizeof set, &set) < 0) {
		fprintf(stderr, "ust-test-app: sched_getaffinity: %s\n", strerror(errno));
		return 1;
	}
	while (cpu < CPU_SETSIZE - 1 && !CPU_ISSET(cpu, &set))
		cpu++;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof set, &set) < 0) {
		fprintf(stderr, "ust-test-app: sched_setaffinity: %s\n", strerror(errno));
		return 1;
	}
	for (seq = 0; seq < events; seq++)
		lttv_tracepoint(ust_e2e, seq, seq, 0);
	snprintf(text, sizeof text, "last=%" PRIu64 "\n", events - 1);
	if (write_file(argv[1], text) < 0 || wait_file(argv[2]) < 0)
		return 1;
	for (; seq < events + after; seq++)
		lttv_tracepoint(ust_e2e, seq, seq, 0);
	printf("hold: last=%" PRIu64 "\n", seq - 1);
	return 0;
}

/* ---------------------------------------------------------------- pipe */

static int pipe_writes(int argc, char **argv)
{
	int fds[2], warm[2], tid = (int)syscall(SYS_gettid);
	uint64_t writes;
	char buf[64];

	if (argc != 1) {
		fprintf(stderr, "usage: ust-test-app pipe WRITES\n");
		return 2;
	}
	writes = parse_u64(argv[0], "WRITES");
	if (pipe(fds) < 0) {
		fprintf(stderr, "ust-test-app: pipe: %s\n", strerror(errno));
		return 1;
	}
	printf("tid=%d fd=%d\n", tid, fds[1]);
	fflush(stdout);
	/* a first tracepoint and a round trip on another pipe bind the
	 * probe's, write()'s and read()'s symbols (lazy PLT resolution):
	 * the traced writes then follow their tracepoint at once */
	lttv_tracepoint(ust_e2e, seq, 0, 0);
	if (pipe(warm) < 0 || write(warm[1], "warm\n", 5) != 5 ||
	    read(warm[0], buf, sizeof buf) != 5) {
		fprintf(stderr, "ust-test-app: pipe: %s\n", strerror(errno));
		return 1;
	}
	for (unsigned int i = 0; i < writes; i++) {
		int len = snprintf(buf, sizeof buf, "line %u\n", i);

		/* a fresh time slice, so that nothing preempts the thread
		 * between the tracepoint and the system call */
		sleep_ns(20000000L);
		lttv_tracepoint(ust_e2e, before_write, i, tid);
		if (write(fds[1], buf, (size_t)len) != len ||
		    read(fds[0], buf, sizeof buf) != len) {
			fprintf(stderr, "ust-test-app: pipe: %s\n", strerror(errno));
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} modes[] = {{"stress", stress},
	             {"crash", crash},
	             {"slow", slow},
	             {"hold", hold},
	             {"pipe", pipe_writes}};

	if (argc >= 2)
		for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
			if (!strcmp(argv[1], modes[i].name))
				return modes[i].run(argc - 2, argv + 2);
	fprintf(stderr, "usage: ust-test-app stress|crash|slow|hold|pipe ARGS...\n");
	return 2;
}
