/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Syscall string arguments captured by eBPF, on ftrace's syscall events and
 * on the raw sys_enter tracepoint: records of this process's threads and of
 * a child, long and unreadable strings, leaving out our own process,
 * detaching, missing events and the fallback, closing.  Needs root (or CAP_BPF + CAP_PERFMON):
 * skipped otherwise, unless LTTV_TEST_REQUIRE_BPF is set. */
#include "tracer/kernel/tracefs.h"
#include "tracer/kernel/syscall-strings.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <poll.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
	guint64 ts;
	gint32 tid;
	guint32 nr, arg, len;
	char *str;
} Rec;

static void rec_clear(gpointer p)
{
	g_free(((Rec *)p)->str);
}

static GArray *recs_new(void)
{
	GArray *a = g_array_new(FALSE, TRUE, sizeof(Rec));

	g_array_set_clear_func(a, rec_clear);
	return a;
}

static void collect(const LttvSyscallString *r, gpointer data)
{
	Rec c = {r->ts, r->tid, r->nr, r->arg, r->len, g_strdup(r->str)};

	g_assert_cmpuint(strlen(r->str), ==, r->len);
	g_array_append_val((GArray *)data, c);
}

static guint64 mono_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (guint64)t.tv_sec * G_GUINT64_CONSTANT(1000000000) + (guint64)t.tv_nsec;
}

static gint32 own_tid(void)
{
	return (gint32)syscall(SYS_gettid);
}

/* A path no other process uses. */
static char *unique_path(const char *what)
{
	static guint counter;

	return g_strdup_printf("%s/lttv-sysstr-%d-%u-%s", g_get_tmp_dir(), (int)getpid(), counter++,
	                       what);
}

/* Skips when BPF is not available to us (s NULL, error set). */
static gboolean skip_if_unavailable(LttvSyscallStrings *s, const GError *error)
{
	if (s == NULL && g_getenv("LTTV_TEST_REQUIRE_BPF") == NULL &&
	    (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
	     g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))) {
		g_test_skip(error->message);
		return TRUE;
	}
	g_assert_no_error(error);
	g_assert_nonnull(s);
	return FALSE;
}

/* Opens with the raw tracepoint (mask by syscall number), or skips. */
static LttvSyscallStrings *open_mask_or_skip(const guint8 *mask, guint n)
{
	g_autoptr(GError) error = NULL;

	LttvSyscallStrings *s = lttv_syscall_strings_open(mask, n, &error);
	if (skip_if_unavailable(s, error))
		return NULL;
	g_assert_cmpint(lttv_syscall_strings_attach(s), ==, LTTV_SYSCALL_STRINGS_ALL_SYSCALLS);
	g_assert_cmpuint(lttv_syscall_strings_n_events(s), ==, 0);
	return s;
}

/* Opens with the ftrace syscall events given, or skips. */
static LttvSyscallStrings *open_events_or_skip(const LttvSyscallStringEvent *ev, guint n)
{
	g_autoptr(GError) error = NULL;

	g_autofree char *tracefs = lttv_tracefs_find(NULL);
	LttvSyscallStrings *s = lttv_syscall_strings_open_events(ev, n, tracefs, &error);
	if (skip_if_unavailable(s, error))
		return NULL;
	if (lttv_syscall_strings_warning(s))
		g_test_message("%s", lttv_syscall_strings_warning(s));
	return s;
}

static const LttvSyscallStringEvent test_events[] = {
        {SYS_openat, "sys_enter_openat", 1 << 1},
        {SYS_execve, "sys_enter_execve", 1 << 0},
        {SYS_mkdirat, "sys_enter_mkdirat", 1 << 1},
        {SYS_unlinkat, "sys_enter_unlinkat", 1 << 1},
};

/* Opens with openat, execve, mkdirat and unlinkat captured, each by its
 * ftrace event, or skips. */
static LttvSyscallStrings *open_or_skip(void)
{
	LttvSyscallStrings *s = open_events_or_skip(test_events, G_N_ELEMENTS(test_events));

	if (s) {
		g_assert_null(lttv_syscall_strings_warning(s));
		g_assert_cmpint(lttv_syscall_strings_attach(s), ==,
		                LTTV_SYSCALL_STRINGS_PER_SYSCALL);
		g_assert_cmpuint(lttv_syscall_strings_n_events(s), ==, G_N_ELEMENTS(test_events));
	}
	return s;
}

/* The same on the raw sys_enter tracepoint. */
static LttvSyscallStrings *open_raw_or_skip(void)
{
	guint8 mask[512] = {0};

	for (gsize i = 0; i < G_N_ELEMENTS(test_events); i++)
		mask[test_events[i].nr] = test_events[i].arg_mask;
	return open_mask_or_skip(mask, G_N_ELEMENTS(mask));
}

static const Rec *find(GArray *recs, gint32 tid, const char *str)
{
	for (guint i = 0; i < recs->len; i++) {
		const Rec *r = &g_array_index(recs, Rec, i);

		if ((tid == 0 || r->tid == tid) && strcmp(r->str, str) == 0)
			return r;
	}
	return NULL;
}

/* Drains until the record (tid, str) shows up: a record reserved earlier by
 * another CPU and not yet committed may hold the rest back a little. */
static void drain_until(LttvSyscallStrings *s, GArray *recs, gint32 tid, const char *str)
{
	struct pollfd pfd = {.fd = lttv_syscall_strings_fd(s), .events = POLLIN};

	/* our record is committed: the fd polls readable at once */
	g_assert_cmpint(poll(&pfd, 1, 5000), ==, 1);
	g_assert_true(pfd.revents & POLLIN);
	for (int i = 0; i < 500 && find(recs, tid, str) == NULL; i++) {
		if (lttv_syscall_strings_drain(s, collect, recs) == 0)
			g_usleep(10000);
	}
	g_assert_nonnull(find(recs, tid, str));
}

/* The records of tid whose string starts with prefix, in order. */
static GPtrArray *select_recs(GArray *recs, gint32 tid, const char *prefix)
{
	GPtrArray *out = g_ptr_array_new();

	for (guint i = 0; i < recs->len; i++) {
		Rec *r = &g_array_index(recs, Rec, i);

		if (r->tid == tid && g_str_has_prefix(r->str, prefix))
			g_ptr_array_add(out, r);
	}
	return out;
}

static void assert_rec(const Rec *r, guint32 nr, guint32 arg, const char *str)
{
	g_assert_cmpuint(r->nr, ==, nr);
	g_assert_cmpuint(r->arg, ==, arg);
	g_assert_cmpstr(r->str, ==, str);
	g_assert_cmpuint(r->len, ==, strlen(str));
}

typedef struct {
	const char *file, *dir;
	gint32 tid;
	guint64 t0, t1;
} Job;

static gpointer thread_calls(gpointer data)
{
	Job *job = data;

	job->tid = own_tid();
	job->t0 = mono_ns();
	/* fails (no such file): the string is captured at entry all the same */
	g_assert_cmpint(syscall(SYS_openat, AT_FDCWD, job->file, O_RDONLY), ==, -1);
	g_assert_cmpint(syscall(SYS_mkdirat, AT_FDCWD, job->dir, 0700), ==, 0);
	g_assert_cmpint(syscall(SYS_unlinkat, AT_FDCWD, job->dir, AT_REMOVEDIR), ==, 0);
	job->t1 = mono_ns();
	return NULL;
}

static void run_thread(Job *job)
{
	g_thread_join(g_thread_new("sysstr", thread_calls, job));
}

static void check_thread(LttvSyscallStrings *s)
{
	g_autofree char *prefix = unique_path("thread");
	g_autofree char *file = g_strconcat(prefix, "-file", NULL);
	g_autofree char *dir = g_strconcat(prefix, "-dir", NULL);
	Job job = {file, dir, 0, 0, 0};
	g_autoptr(GArray) recs = recs_new();

	run_thread(&job);
	drain_until(s, recs, job.tid, dir);
	/* unlinkat comes after mkdirat: wait for the second record of dir */
	for (int i = 0; i < 500; i++) {
		g_autoptr(GPtrArray) sel = select_recs(recs, job.tid, prefix);
		if (sel->len >= 3)
			break;
		if (lttv_syscall_strings_drain(s, collect, recs) == 0)
			g_usleep(10000);
	}
	g_autoptr(GPtrArray) sel = select_recs(recs, job.tid, prefix);
	g_assert_cmpuint(sel->len, ==, 3);
	assert_rec(sel->pdata[0], SYS_openat, 1, file);
	assert_rec(sel->pdata[1], SYS_mkdirat, 1, dir);
	assert_rec(sel->pdata[2], SYS_unlinkat, 1, dir);
	guint64 prev = job.t0;
	for (guint i = 0; i < sel->len; i++) {
		const Rec *r = sel->pdata[i];

		g_assert_cmpuint(r->ts, >=, prev);
		g_assert_cmpuint(r->ts, <=, job.t1);
		prev = r->ts;
	}
	g_assert_cmpuint(lttv_syscall_strings_lost(s), ==, 0);
}

static void test_thread(void)
{
	g_autoptr(LttvSyscallStrings) s = open_or_skip();
	if (s)
		check_thread(s);
}

static void test_thread_raw(void)
{
	g_autoptr(LttvSyscallStrings) s = open_raw_or_skip();
	if (s)
		check_thread(s);
}

static void test_long_and_unreadable(void)
{
	g_autoptr(LttvSyscallStrings) s = open_or_skip();
	if (s == NULL)
		return;
	g_autofree char *prefix = unique_path("long-");
	g_autoptr(GString) long_path = g_string_new(prefix);
	g_autoptr(GString) huge_path = g_string_new(prefix);
	g_autoptr(GArray) recs = recs_new();
	gint32 tid = own_tid();

	/* nested folders that do not exist: fails, but is captured whole */
	while (long_path->len < 4000)
		g_string_append(long_path, "/0123456789abcdef");
	while (huge_path->len < 6000)
		g_string_append_c(huge_path, 'x');
	g_assert_cmpint(syscall(SYS_openat, AT_FDCWD, long_path->str, O_RDONLY), ==, -1);
	g_assert_cmpint(syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY), ==, -1);
	g_assert_cmpint(syscall(SYS_openat, AT_FDCWD, (const char *)8, O_RDONLY), ==, -1);
	g_assert_cmpint(syscall(SYS_openat, AT_FDCWD, huge_path->str, O_RDONLY), ==, -1);
	g_autofree char *truncated = g_strndup(huge_path->str, LTTV_SYSCALL_STRING_MAX - 1);
	drain_until(s, recs, tid, truncated);

	/* this thread's openat records, from the long path on */
	g_autoptr(GPtrArray) sel = g_ptr_array_new();
	for (guint i = 0; i < recs->len; i++) {
		Rec *r = &g_array_index(recs, Rec, i);

		if (r->tid == tid && r->nr == SYS_openat &&
		    (sel->len > 0 || strcmp(r->str, long_path->str) == 0))
			g_ptr_array_add(sel, r);
	}
	g_assert_cmpuint(sel->len, ==, 4);
	assert_rec(sel->pdata[0], SYS_openat, 1, long_path->str);
	assert_rec(sel->pdata[1], SYS_openat, 1, "");
	assert_rec(sel->pdata[2], SYS_openat, 1, "");
	assert_rec(sel->pdata[3], SYS_openat, 1, truncated);
	g_assert_cmpuint(((Rec *)sel->pdata[3])->len, ==, LTTV_SYSCALL_STRING_MAX - 1);
	g_assert_cmpuint(lttv_syscall_strings_lost(s), ==, 0);
}

/* A child opens `file`, then fails to execute `exe`; returns its pid. */
static gint32 run_child(const char *file, const char *exe)
{
	pid_t pid = fork();

	g_assert_cmpint(pid, >=, 0);
	if (pid == 0) {
		char *argv[] = {(char *)exe, NULL};
		char *envp[] = {NULL};

		syscall(SYS_openat, AT_FDCWD, file, O_RDONLY);
		syscall(SYS_execve, exe, argv, envp);
		_exit(0);
	}
	int status;
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return pid;
}

static void test_child(void)
{
	g_autoptr(LttvSyscallStrings) s = open_or_skip();
	if (s == NULL)
		return;
	g_autofree char *prefix = unique_path("child");
	g_autofree char *file = g_strconcat(prefix, "-file", NULL);
	g_autofree char *exe = g_strconcat(prefix, "-exe", NULL);
	g_autoptr(GArray) recs = recs_new();

	guint64 t0 = mono_ns();
	gint32 pid = run_child(file, exe);
	guint64 t1 = mono_ns();
	drain_until(s, recs, pid, exe);
	g_autoptr(GPtrArray) sel = select_recs(recs, pid, prefix);
	g_assert_cmpuint(sel->len, ==, 2);
	assert_rec(sel->pdata[0], SYS_openat, 1, file);
	assert_rec(sel->pdata[1], SYS_execve, 0, exe);
	for (guint i = 0; i < sel->len; i++) {
		g_assert_cmpuint(((Rec *)sel->pdata[i])->ts, >=, t0);
		g_assert_cmpuint(((Rec *)sel->pdata[i])->ts, <=, t1);
	}
	g_assert_cmpuint(lttv_syscall_strings_lost(s), ==, 0);
}

static void test_ignore_tgid(void)
{
	g_autoptr(LttvSyscallStrings) s = open_or_skip();
	if (s == NULL)
		return;
	g_autofree char *own = unique_path("own");
	g_autofree char *tfile = unique_path("thread-file");
	g_autofree char *tdir = unique_path("thread-dir");
	g_autofree char *cfile = unique_path("child-file");
	g_autofree char *cexe = unique_path("child-exe");
	g_autofree char *again = unique_path("again");
	Job job = {tfile, tdir, 0, 0, 0};
	g_autoptr(GArray) recs = recs_new();

	lttv_syscall_strings_ignore_tgid(s, getpid());
	g_assert_cmpint(syscall(SYS_openat, AT_FDCWD, own, O_RDONLY), ==, -1);
	run_thread(&job);
	gint32 pid = run_child(cfile, cexe);
	/* the child's records come after ours would have */
	drain_until(s, recs, pid, cexe);
	g_assert_null(find(recs, 0, own));
	g_assert_null(find(recs, 0, tfile));
	g_assert_null(find(recs, 0, tdir));
	g_assert_nonnull(find(recs, pid, cfile));

	lttv_syscall_strings_ignore_tgid(s, 0);
	g_assert_cmpint(syscall(SYS_openat, AT_FDCWD, again, O_RDONLY), ==, -1);
	drain_until(s, recs, own_tid(), again);
	g_assert_cmpuint(lttv_syscall_strings_lost(s), ==, 0);
}

static void test_detach(void)
{
	g_autoptr(LttvSyscallStrings) s = open_or_skip();
	if (s == NULL)
		return;
	g_autofree char *before = unique_path("before");
	g_autofree char *after = unique_path("after");
	g_autoptr(GArray) recs = recs_new();

	g_assert_cmpint(syscall(SYS_openat, AT_FDCWD, before, O_RDONLY), ==, -1);
	lttv_syscall_strings_detach(s);
	g_assert_cmpint(syscall(SYS_openat, AT_FDCWD, after, O_RDONLY), ==, -1);
	drain_until(s, recs, own_tid(), before);
	/* nothing is written any more: drain to the end */
	for (int quiet = 0; quiet < 3;) {
		if (lttv_syscall_strings_drain(s, collect, recs) == 0) {
			quiet++;
			g_usleep(10000);
		}
	}
	g_assert_null(find(recs, 0, after));
	g_assert_cmpuint(lttv_syscall_strings_lost(s), ==, 0);
}

/* 2000 strings of 4000 bytes do not fit in the 4 MiB ring buffer: the rest
 * is counted as lost, and capture resumes once drained.  With truncate(2),
 * which the other tests do not capture: a test run alongside is not flooded. */
static void test_overflow(void)
{
	static const LttvSyscallStringEvent ev[] = {{SYS_truncate, "sys_enter_truncate", 1 << 0}};
	g_autoptr(LttvSyscallStrings) s = open_events_or_skip(ev, G_N_ELEMENTS(ev));
	if (s == NULL)
		return;
	g_autofree char *prefix = unique_path("overflow-");
	g_autofree char *after = unique_path("after-overflow");
	g_autoptr(GString) path = g_string_new(prefix);
	g_autoptr(GArray) recs = recs_new();
	const guint calls = 2000;
	gint32 tid = own_tid();

	while (path->len < 4000)
		g_string_append_c(path, 'o');
	for (guint i = 0; i < calls; i++)
		g_assert_cmpint(syscall(SYS_truncate, path->str, 0), ==, -1);
	guint64 lost = lttv_syscall_strings_lost(s);
	g_assert_cmpuint(lost, >, 0);
	for (int i = 0; i < 1000 && lttv_syscall_strings_drain(s, collect, recs) > 0; i++)
		;
	guint got = 0;
	for (guint i = 0; i < recs->len; i++) {
		const Rec *r = &g_array_index(recs, Rec, i);

		got += r->tid == tid && r->nr == SYS_truncate && strcmp(r->str, path->str) == 0;
	}
	g_test_message("%u calls: %u records, %" G_GUINT64_FORMAT " lost", calls, got, lost);
	g_assert_cmpuint(got, <, calls);
	g_assert_cmpuint(got + lost, >=, calls);
	g_assert_cmpint(syscall(SYS_truncate, after, 0), ==, -1);
	drain_until(s, recs, tid, after);
	g_assert_cmpuint(g_array_index(recs, Rec, recs->len - 1).nr, ==, SYS_truncate);
}

static void test_bad_mask(void)
{
	g_autoptr(GError) error = NULL;

	g_assert_null(lttv_syscall_strings_open(NULL, 0, &error));
	g_assert_true(g_error_matches(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) ||
	              g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED));
	g_clear_error(&error);
	g_assert_null(lttv_syscall_strings_open_events(NULL, 0, NULL, &error));
	g_assert_true(g_error_matches(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) ||
	              g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED));
	g_clear_error(&error);
	LttvSyscallStringEvent no_name = {SYS_openat, NULL, 1 << 1};
	g_assert_null(lttv_syscall_strings_open_events(&no_name, 1, NULL, &error));
	g_assert_true(g_error_matches(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) ||
	              g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED));
}

/* An event that does not exist is skipped, with a warning; the others work. */
static void test_missing_event(void)
{
	static const LttvSyscallStringEvent ev[] = {
	        {SYS_openat, "sys_enter_openat", 1 << 1},
	        {SYS_mkdirat, "sys_enter_no_such_syscall", 1 << 1},
	};
	g_autoptr(LttvSyscallStrings) s = open_events_or_skip(ev, G_N_ELEMENTS(ev));
	if (s == NULL)
		return;
	g_assert_cmpint(lttv_syscall_strings_attach(s), ==, LTTV_SYSCALL_STRINGS_PER_SYSCALL);
	g_assert_cmpuint(lttv_syscall_strings_n_events(s), ==, 1);
	g_assert_nonnull(lttv_syscall_strings_warning(s));
	g_assert_nonnull(strstr(lttv_syscall_strings_warning(s), "sys_enter_no_such_syscall"));
	g_autofree char *dir = unique_path("missing-dir");
	g_autofree char *file = unique_path("missing-file");
	g_autoptr(GArray) recs = recs_new();

	g_assert_cmpint(syscall(SYS_mkdirat, AT_FDCWD, dir, 0700), ==, 0);
	g_assert_cmpint(syscall(SYS_unlinkat, AT_FDCWD, dir, AT_REMOVEDIR), ==, 0);
	g_assert_cmpint(syscall(SYS_openat, AT_FDCWD, file, O_RDONLY), ==, -1);
	drain_until(s, recs, own_tid(), file);
	g_assert_null(find(recs, 0, dir));
}

/* No event can be attached: the raw tracepoint takes over, with a warning. */
static void test_fallback(void)
{
	static const LttvSyscallStringEvent ev[] = {
	        {SYS_openat, "sys_enter_no_such_openat", 1 << 1},
	};
	g_autoptr(LttvSyscallStrings) s = open_events_or_skip(ev, G_N_ELEMENTS(ev));
	if (s == NULL)
		return;
	g_assert_cmpint(lttv_syscall_strings_attach(s), ==, LTTV_SYSCALL_STRINGS_ALL_SYSCALLS);
	g_assert_cmpuint(lttv_syscall_strings_n_events(s), ==, 0);
	g_assert_nonnull(lttv_syscall_strings_warning(s));
	g_autofree char *file = unique_path("fallback-file");
	g_autoptr(GArray) recs = recs_new();

	g_assert_cmpint(syscall(SYS_openat, AT_FDCWD, file, O_RDONLY), ==, -1);
	drain_until(s, recs, own_tid(), file);
	assert_rec(find(recs, own_tid(), file), SYS_openat, 1, file);
}

/* How many of our descriptors are perf events or BPF programs. */
static guint count_attach_fds(void)
{
	g_autoptr(GDir) dir = g_dir_open("/proc/self/fd", 0, NULL);
	const char *name;
	guint n = 0;

	g_assert_nonnull(dir);
	while ((name = g_dir_read_name(dir)) != NULL) {
		g_autofree char *path = g_build_filename("/proc/self/fd", name, NULL);
		g_autofree char *target = g_file_read_link(path, NULL);

		n += target && (strstr(target, "perf_event") || strstr(target, "bpf-prog"));
	}
	return n;
}

/* Closing leaves no program and no perf event behind. */
static void test_close(void)
{
	guint before = count_attach_fds();
	LttvSyscallStrings *s = open_or_skip();
	if (s == NULL)
		return;
	/* 4 perf events, and 2 programs: execve's filename is argument 0 */
	g_assert_cmpuint(count_attach_fds(), ==, before + 4 + 2);
	lttv_syscall_strings_detach(s);
	g_assert_cmpuint(count_attach_fds(), ==, before + 2);
	lttv_syscall_strings_close(s);
	g_assert_cmpuint(count_attach_fds(), ==, before);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/syscall-strings/bad-mask", test_bad_mask);
	g_test_add_func("/syscall-strings/thread", test_thread);
	g_test_add_func("/syscall-strings/thread-raw", test_thread_raw);
	g_test_add_func("/syscall-strings/missing-event", test_missing_event);
	g_test_add_func("/syscall-strings/fallback", test_fallback);
	g_test_add_func("/syscall-strings/close", test_close);
	g_test_add_func("/syscall-strings/long-and-unreadable", test_long_and_unreadable);
	g_test_add_func("/syscall-strings/child", test_child);
	g_test_add_func("/syscall-strings/ignore-tgid", test_ignore_tgid);
	g_test_add_func("/syscall-strings/detach", test_detach);
	g_test_add_func("/syscall-strings/overflow", test_overflow);
	return g_test_run();
}
