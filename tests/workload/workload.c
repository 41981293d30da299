/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The program the end-to-end test records with `lttv-trace record -k`:
 * a fixed, quick (well under a second) sequence of what a kernel trace must
 * show: fork + exec, threads, a sleep, pipe ping-pong between two processes
 * and file I/O.  It prints on stdout, one key=value a line, what the test
 * needs to find these in the trace.  libc and pthread only, so that the
 * trace holds little besides what is listed here.
 *
 *   workload [--file PATH]   the sequence (PATH: the file to write, read and
 *                            unlink; default $TMPDIR/lttv-workload-PID.dat)
 *   workload child           what the forked child execs: exits 0 at once
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* --scale N multiplies the ping-pong rounds, the file chunks and the
 * fork-exec-threads cycles (tests/bench/kernel makes it heavy) */
static int scale = 1;
/* --threads N: how many worker threads (a trace with many threads, for
 * tests/bench/state) */
static int n_threads = 2;
#define PINGPONG_ROUNDS 100
#define FILE_CHUNK      4096
#define FILE_CHUNKS     4
#define SLEEP_NS        5000000L /* 5 ms */
#define THREAD_SLEEP_NS 2000000L /* 2 ms */

static const char *prog = "workload";

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Prints "workload: message[: strerror(errno)]" and exits 1. */
static void fail(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (saved != 0)
		fprintf(stderr, ": %s", strerror(saved));
	fputc('\n', stderr);
	exit(1);
}

/* A key=value line, flushed at once so nothing is left in the buffer that a
 * fork would duplicate, and so the order follows the trace. */
static void report(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void report(const char *key, const char *fmt, ...)
{
	va_list ap;

	printf("%s=", key);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (fflush(stdout) != 0)
		fail("stdout");
}

static pid_t get_tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static void sleep_ns(long ns)
{
	struct timespec ts = {.tv_sec = 0, .tv_nsec = ns};

	/* restarts with the remaining time if a signal interrupts it */
	while (nanosleep(&ts, &ts) != 0) {
		if (errno != EINTR)
			fail("nanosleep");
	}
}

static void wait_ok(pid_t pid, const char *what)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			fail("waitpid %s", what);
	}
	errno = 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail("%s (pid %d) failed (wait status 0x%x)", what, (int)pid, status);
}

/* ---------------------------------------------------------------- fork + exec */

/* Forks a child that execs this very program, by its absolute path so that
 * the exec filename in the trace is known. */
static void fork_exec(void)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	pid_t pid;

	if (len < 0)
		fail("readlink /proc/self/exe");
	if ((size_t)len >= sizeof exe - 1) {
		errno = 0;
		fail("/proc/self/exe: path too long");
	}
	exe[len] = '\0';
	report("exec_filename", "%s", exe);

	pid = fork();
	if (pid < 0)
		fail("fork");
	if (pid == 0) {
		char *const argv[] = {(char *)prog, (char *)"child", NULL};

		execv(exe, argv);
		/* not exit(): the parent's stdio buffers are not ours to flush */
		perror("workload: exec");
		_exit(127);
	}
	report("child_pid", "%d", (int)pid);
	wait_ok(pid, "exec child");
}

/* ---------------------------------------------------------------- threads */

typedef struct {
	pthread_t thread;
	int index;
	pid_t tid;
	uint64_t result;
} Worker;

/* A little CPU work (a fixed xorshift walk, so the result never changes),
 * then a short sleep: each worker shows up running and then blocked. */
static void *worker_main(void *data)
{
	Worker *w = data;
	uint64_t x = 0x9e3779b97f4a7c15ull + (uint64_t)w->index;
	char name[16];

	snprintf(name, sizeof name, "wl-worker-%d", w->index);
	/* the comm in the trace; failing to set it is no reason to stop */
	pthread_setname_np(pthread_self(), name);
	w->tid = get_tid();
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	w->result = x;
	sleep_ns(THREAD_SLEEP_NS);
	return NULL;
}

static void run_threads(void)
{
	Worker *workers = calloc((size_t)n_threads, sizeof *workers);

	if (workers == NULL)
		fail("calloc");
	for (int i = 0; i < n_threads; i++) {
		int err;

		workers[i] = (Worker){.index = i};
		err = pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]);
		if (err != 0) {
			errno = err;
			fail("pthread_create");
		}
	}
	for (int i = 0; i < n_threads; i++) {
		int err = pthread_join(workers[i].thread, NULL);

		if (err != 0) {
			errno = err;
			fail("pthread_join");
		}
		if (workers[i].result == 0) {
			errno = 0;
			fail("thread %d did no work", i);
		}
	}
	/* after the joins: the tids are set, and threads are over */
	printf("thread_tids=");
	for (int i = 0; i < n_threads; i++)
		printf("%s%d", i > 0 ? "," : "", (int)workers[i].tid);
	printf("\nthread_names=");
	for (int i = 0; i < n_threads; i++)
		printf("%swl-worker-%d", i > 0 ? "," : "", i);
	putchar('\n');
	free(workers);
	if (fflush(stdout) != 0)
		fail("stdout");
}

/* ---------------------------------------------------------------- ping-pong */

static void write_byte(int fd, char c, const char *what)
{
	ssize_t n;

	while ((n = write(fd, &c, 1)) < 0 && errno == EINTR)
		;
	if (n != 1)
		fail("%s: write", what);
}

static char read_byte(int fd, const char *what)
{
	ssize_t n;
	char c;

	while ((n = read(fd, &c, 1)) < 0 && errno == EINTR)
		;
	if (n != 1) {
		if (n == 0)
			errno = 0;
		fail("%s: read%s", what, n == 0 ? ": end of file" : "");
	}
	return c;
}

/* PINGPONG_ROUNDS round trips of one byte with a forked process (no exec):
 * each read blocks until the other side writes, so the trace shows wakeups
 * across processes. */
static void pingpong(void)
{
	int ping[2], pong[2];
	pid_t pid;

	if (pipe2(ping, O_CLOEXEC) != 0 || pipe2(pong, O_CLOEXEC) != 0)
		fail("pipe");
	pid = fork();
	if (pid < 0)
		fail("fork");
	if (pid == 0) {
		close(ping[1]);
		close(pong[0]);
		for (int i = 0; i < PINGPONG_ROUNDS * scale; i++)
			write_byte(pong[1], (char)(read_byte(ping[0], "pong") + 1), "pong");
		_exit(0);
	}
	close(ping[0]);
	close(pong[1]);
	report("pong_pid", "%d", (int)pid);
	for (int i = 0; i < PINGPONG_ROUNDS * scale; i++) {
		char c = (char)i;

		write_byte(ping[1], c, "ping");
		if (read_byte(pong[0], "ping") != (char)(c + 1)) {
			errno = 0;
			fail("ping-pong: round %d: wrong answer", i);
		}
	}
	close(ping[1]);
	close(pong[0]);
	wait_ok(pid, "pong process");
	report("pingpong_rounds", "%d", PINGPONG_ROUNDS * scale);
	report("pingpong_read_fd", "%d", pong[0]);
	report("pingpong_write_fd", "%d", ping[1]);
}

/* ---------------------------------------------------------------- file I/O */

/* FILE_CHUNKS writes of FILE_CHUNK bytes, fsync, FILE_CHUNKS reads back from
 * the start (no read at end of file: the count of read calls is fixed),
 * close, unlink. */
static void file_io(const char *path)
{
	static char out[FILE_CHUNK], in[FILE_CHUNK];
	int fd;

	fd = openat(AT_FDCWD, path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		fail("%s: open", path);
	report("file", "%s", path);
	report("file_fd", "%d", fd);
	for (int i = 0; i < FILE_CHUNKS * scale; i++) {
		memset(out, 'a' + i % 26, sizeof out);
		if (write(fd, out, sizeof out) != (ssize_t)sizeof out)
			fail("%s: write", path);
	}
	if (fsync(fd) != 0)
		fail("%s: fsync", path);
	if (lseek(fd, 0, SEEK_SET) != 0)
		fail("%s: lseek", path);
	for (int i = 0; i < FILE_CHUNKS * scale; i++) {
		ssize_t n = read(fd, in, sizeof in);

		if (n != (ssize_t)sizeof in) {
			if (n >= 0)
				errno = 0;
			fail("%s: read", path);
		}
		for (size_t j = 0; j < sizeof in; j++) {
			if (in[j] != 'a' + i % 26) {
				errno = 0;
				fail("%s: read back wrong data at %zu", path,
				     (size_t)i * FILE_CHUNK + j);
			}
		}
	}
	if (close(fd) != 0)
		fail("%s: close", path);
	if (unlink(path) != 0)
		fail("%s: unlink", path);
	report("file_bytes", "%d", FILE_CHUNKS * FILE_CHUNK * scale);
	report("file_writes", "%d", FILE_CHUNKS * scale);
	report("file_reads", "%d", FILE_CHUNKS * scale);
}

/* ---------------------------------------------------------------- main */

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: %s [--file PATH] [--scale N] [--threads N]\n"
	        "       %s child\n"
	        "Forks and execs itself, runs 2 threads (--threads N: N, at most 10000) at\n"
	        "once, sleeps, plays pipe ping-pong and writes, reads and removes PATH\n"
	        "(default $TMPDIR/lttv-workload-PID.dat), printing key=value lines that\n"
	        "describe what it did.  --scale N does N times the ping-pong rounds and\n"
	        "file chunks.\n",
	        prog, prog);
}

/* A count option in [1, max]. */
static bool count_arg(const char *arg, int max, int *out)
{
	int n = atoi(arg);

	if (n < 1 || n > max)
		return false;
	*out = n;
	return true;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
	        {"file", required_argument, NULL, 'f'},
	        {"scale", required_argument, NULL, 's'},
	        {"threads", required_argument, NULL, 't'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	char default_path[PATH_MAX];
	const char *path = NULL;
	int opt;

	if (argc == 2 && strcmp(argv[1], "child") == 0)
		return 0;

	while ((opt = getopt_long(argc, argv, "f:s:t:h", options, NULL)) != -1) {
		switch (opt) {
		case 'f': path = optarg; break;
		case 's':
			if (!count_arg(optarg, 1000000, &scale))
				goto bad_usage;
			break;
		case 't':
			if (!count_arg(optarg, 10000, &n_threads))
				goto bad_usage;
			break;
		case 'h': usage(stdout); return 0;
		default: goto bad_usage;
		}
	}
	if (optind != argc)
		goto bad_usage;
	if (path == NULL) {
		const char *tmp = getenv("TMPDIR");
		int n;

		if (tmp == NULL || tmp[0] == '\0')
			tmp = "/tmp";
		n = snprintf(default_path, sizeof default_path, "%s/lttv-workload-%d.dat", tmp,
		             (int)getpid());
		if (n < 0 || (size_t)n >= sizeof default_path) {
			errno = 0;
			fail("$TMPDIR too long");
		}
		path = default_path;
	}

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	report("pid", "%d", (int)getpid());
	fork_exec();
	run_threads();
	sleep_ns(SLEEP_NS);
	report("sleep_ns", "%ld", SLEEP_NS);
	pingpong();
	file_io(path);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	struct rusage self, children;
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &children);
	report("elapsed_ns", "%lld",
	       (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec));
	report("cpu_ns", "%lld",
	       ((long long)self.ru_utime.tv_sec + self.ru_stime.tv_sec + children.ru_utime.tv_sec +
	        children.ru_stime.tv_sec) *
	                       1000000000LL +
	               ((long long)self.ru_utime.tv_usec + self.ru_stime.tv_usec +
	                children.ru_utime.tv_usec + children.ru_stime.tv_usec) *
	                       1000LL);
	report("status", "ok");
	return 0;
bad_usage:
	usage(stderr);
	return 2;
}
