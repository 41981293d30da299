/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tracer/kernel/recover.h"
#include "tracer/ctf/ctf-writer.h"
#include "tracer/kernel/convert.h"
#include "tracer/kernel/spool-convert.h"
#include "tracer/kernel/tracefs.h"
#include "lttv/error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---------------------------------------------------------------- the guard */

int lttv_recorder_guard_spawn(const char *exe, const char *trace_dir, gint *pid, GError **error)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, "pipe: %s", g_strerror(errno));
		return -1;
	}
	/* everything the child needs, before fork: it only calls what is
	 * safe in a child of a threaded process */
	char fd_text[16];
	snprintf(fd_text, sizeof fd_text, "%d", p[0]);
	char *argv[] = {(char *)"lttv-trace", (char *)"recover",
	                (char *)"--guard",    fd_text,
	                (char *)trace_dir,    NULL};
	pid_t child = fork();
	if (child < 0) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, "fork: %s", g_strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (child == 0) {
		/* out of the terminal's process group: Ctrl-C and a hangup are
		 * for the recorder, which stops cleanly on them */
		setsid();
		fcntl(p[0], F_SETFD, 0);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execv(exe, argv);
		_exit(127);
	}
	close(p[0]);
	*pid = child;
	return p[1];
}

void lttv_recorder_guard_release(int fd, gint pid)
{
	if (fd >= 0) {
		char done = 'D';
		if (write(fd, &done, 1) != 1) {
			/* the guard is gone already */
		}
		close(fd);
	}
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
}

gboolean lttv_recorder_guard_wait(int fd)
{
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	for (;;) {
		char c;
		ssize_t n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		close(fd);
		return n == 1 && c == 'D';
	}
}

/* ---------------------------------------------------------------- recovery */

char *lttv_recorder_find_spool(const char *dir)
{
	g_autofree char *spool = g_build_filename(dir, KSPOOL_DIR, NULL);
	if (g_file_test(spool, G_FILE_TEST_IS_DIR))
		return g_strdup(dir);
	g_autofree char *kernel = g_build_filename(dir, "kernel", NULL);
	g_autofree char *kspool = g_build_filename(kernel, KSPOOL_DIR, NULL);
	if (g_file_test(kspool, G_FILE_TEST_IS_DIR))
		return g_steal_pointer(&kernel);
	return NULL;
}

/* The metadata without its env block, which says when and where it was
 * written, not how the events are laid out. */
static void strip_env(char *text)
{
	char *env = strstr(text, "\nenv {\n");
	char *end = env ? strstr(env, "\n};\n") : NULL;
	if (end)
		memmove(env, end + 4, strlen(end + 4) + 1);
}

/* A converter equal to the recorder's: the same selection on the same
 * format files declares the same event classes with the same ids, which
 * the trace's metadata file must show. */
static KConv *rebuild_converter(const char *trace_dir, const KSpoolSession *s,
                                LttvCtfMetadata **meta_out, GError **error)
{
	g_autofree char *formats = lttv_tracefs_find(error);
	if (!formats)
		return NULL;
	g_autoptr(LttvCtfMetadata) meta =
	        lttv_ctf_metadata_new(s->uuid, s->clock_uuid, s->clock_offset_ns);
	KConv *conv = kconv_new(formats, (const char *const *)s->selection, meta, error);
	if (!conv)
		return NULL;
	g_autofree char *path = g_build_filename(trace_dir, "metadata", NULL);
	g_autofree char *written = NULL;
	g_autofree char *expected = lttv_ctf_metadata_text(meta);
	if (!g_file_get_contents(path, &written, NULL, error)) {
		kconv_free(conv);
		return NULL;
	}
	strip_env(written);
	strip_env(expected);
	if (strcmp(written, expected) != 0) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_DATA,
		            _("this kernel's event formats do not give the event classes of %s "
		              "(was the machine restarted into another kernel?): not converting"),
		            path);
		kconv_free(conv);
		return NULL;
	}
	for (guint i = 0; i < s->own_tids->len; i++)
		kconv_ignore_syscalls_of(conv, g_array_index(s->own_tids, gint32, i));
	*meta_out = g_steal_pointer(&meta);
	return conv;
}

/* Stops the dead recorder's instance, moves its last pages into the spool
 * and removes it.  lost: per CPU, filled when the instance is there. */
static gboolean take_instance(const char *trace_dir, const KSpoolSession *s, gsize page_size,
                              guint64 *lost, gboolean *found, GPtrArray *warnings, GError **error)
{
	g_autofree char *on = g_build_filename(s->instance, "tracing_on", NULL);
	*found = *s->instance && g_file_test(on, G_FILE_TEST_EXISTS);
	if (!*s->instance) /* the recorder had taken every page */
		return TRUE;
	if (!*found) {
		g_ptr_array_add(warnings,
		                g_strdup(_("the recorder's tracefs instance is gone: the pages "
		                           "still in the kernel's buffers are lost")));
		return TRUE;
	}
	g_autofree char *instances = g_path_get_dirname(s->instance);
	LttvTracefsInstance *inst = g_new0(LttvTracefsInstance, 1);
	inst->tracefs = g_path_get_dirname(instances);
	inst->path = g_strdup(s->instance);
	inst->name = g_path_get_basename(s->instance);
	gboolean ok = lttv_tracefs_write(inst, "tracing_on", "0", error);
	int pipefd[2] = {-1, -1};
	if (ok && pipe2(pipefd, O_CLOEXEC) != 0) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, "pipe: %s", g_strerror(errno));
		ok = FALSE;
	}
	for (guint i = 0; ok && i < s->cpus->len; i++) {
		guint cpu = g_array_index(s->cpus, guint, i);
		char raw[64];
		snprintf(raw, sizeof raw, "per_cpu/cpu%u/trace_pipe_raw", cpu);
		g_autofree char *raw_path = g_build_filename(s->instance, raw, NULL);
		int raw_fd = open(raw_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		int spool_fd = kspool_cpu_open(trace_dir, cpu, error);
		if (raw_fd < 0 && spool_fd >= 0)
			g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, _("cannot open %s: %s"),
			            raw_path, g_strerror(errno));
		ok = raw_fd >= 0 && spool_fd >= 0 &&
		     kspool_move_pages(raw_fd, pipefd, 64 * 1024, spool_fd, page_size, TRUE, error);
		lttv_tracefs_cpu_lost(inst, cpu, &lost[i]);
		if (raw_fd >= 0)
			close(raw_fd);
		if (spool_fd >= 0)
			close(spool_fd);
	}
	if (pipefd[0] >= 0) {
		close(pipefd[0]);
		close(pipefd[1]);
	}
	GError *e = NULL;
	if (!lttv_tracefs_instance_destroy(inst, &e)) {
		g_ptr_array_add(warnings, g_strdup(e->message));
		g_error_free(e);
	}
	return ok;
}

gboolean lttv_recorder_recover(const char *trace_dir, gint guard_pid, GArray *stats,
                               GPtrArray *warnings, GError **error)
{
	g_autofree char *session_path = kspool_path(trace_dir, "session");
	if (guard_pid && !g_file_test(session_path, G_FILE_TEST_EXISTS)) {
		/* the recorder died setting up, before recording anything */
		kspool_remove(trace_dir);
		return TRUE;
	}
	g_autoptr(KSpoolSession) s = kspool_session_load(trace_dir, error);
	if (!s)
		return FALSE;
	gint alive = 0;
	if (!guard_pid) /* a guard knows its recorder is dead: the pipe closed */
		alive = lttv_tracefs_pid_is_recorder(s->recorder_pid) ? s->recorder_pid
		        : lttv_tracefs_pid_is_recorder(s->guard_pid)  ? s->guard_pid
		                                                      : 0;
	if (alive) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_ARGUMENT,
		            _("the recording of %s is still running or being converted (pid %d)"),
		            trace_dir, alive);
		return FALSE;
	}
	g_autofree char *hp_path = kspool_path(trace_dir, "header_page");
	g_autofree char *hp = NULL;
	FtracePageHeader page_header;
	if (!g_file_get_contents(hp_path, &hp, NULL, error) ||
	    !ftrace_page_header_parse(hp, &page_header, error))
		return FALSE;
	LttvCtfMetadata *meta = NULL;
	KConv *conv = rebuild_converter(trace_dir, s, &meta, error);
	if (!conv)
		return FALSE;
	guint64 *lost = g_new0(guint64, s->cpus->len);
	if (s->lost->len == s->cpus->len)
		memcpy(lost, s->lost->data, s->cpus->len * sizeof *lost);
	gsize page_size = page_header.data_offset + page_header.data_size;
	gboolean have_lost = FALSE;
	gboolean ok = take_instance(trace_dir, s, page_size, lost, &have_lost, warnings, error);
	have_lost |= s->lost->len == s->cpus->len;
	if (ok) {
		KSpoolConvertJob job = {conv,
		                        s,
		                        &page_header,
		                        trace_dir,
		                        lttv_ctf_metadata_header_kind(meta),
		                        0,
		                        have_lost ? lost : NULL,
		                        NULL,
		                        NULL};
		ok = kspool_convert(&job, stats, warnings, error);
		/* converted, or as much as a full disk let through: the rest
		 * cannot be converted again (its pages were released) */
		kspool_remove(trace_dir);
	}
	g_free(lost);
	kconv_free(conv);
	lttv_ctf_metadata_free(meta);
	return ok;
}
