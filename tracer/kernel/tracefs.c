/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tracer/kernel/tracefs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK(lttv - tracefs - error - quark, lttv_tracefs_error)

static gboolean is_tracefs(const char *dir)
{
	g_autofree char *p = g_build_filename(dir, "instances", NULL);
	return g_file_test(p, G_FILE_TEST_IS_DIR);
}

static void set_errno_error(GError **error, int err, const char *what, const char *path)
{
	int code = (err == EACCES || err == EPERM) ? LTTV_TRACEFS_ERROR_PRIVILEGE
	                                           : LTTV_TRACEFS_ERROR_IO;
	if (code == LTTV_TRACEFS_ERROR_PRIVILEGE)
		g_set_error(error, LTTV_TRACEFS_ERROR, code,
		            _("%s %s: %s (kernel tracing needs root, or CAP_SYS_ADMIN)"), what,
		            path, g_strerror(err));
	else
		g_set_error(error, LTTV_TRACEFS_ERROR, code, "%s %s: %s", what, path,
		            g_strerror(err));
}

char *lttv_tracefs_find(GError **error)
{
	static const char *const candidates[] = {"/sys/kernel/tracing",
	                                         "/sys/kernel/debug/tracing"};
	for (guint i = 0; i < G_N_ELEMENTS(candidates); i++)
		if (is_tracefs(candidates[i]))
			return g_strdup(candidates[i]);
	if (access("/sys/kernel/tracing", F_OK) != 0) {
		g_set_error(error, LTTV_TRACEFS_ERROR, LTTV_TRACEFS_ERROR_UNAVAILABLE,
		            _("this kernel has no tracefs (/sys/kernel/tracing is missing): it was "
		              "built "
		              "without CONFIG_FTRACE"));
		return NULL;
	}
	if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL) != 0) {
		int err = errno;
		if (err == ENODEV)
			g_set_error(error, LTTV_TRACEFS_ERROR, LTTV_TRACEFS_ERROR_UNAVAILABLE,
			            _("this kernel has no tracefs file system"));
		else
			set_errno_error(error, err, _("cannot mount tracefs on"),
			                "/sys/kernel/tracing");
		return NULL;
	}
	if (!is_tracefs("/sys/kernel/tracing")) {
		g_set_error(error, LTTV_TRACEFS_ERROR, LTTV_TRACEFS_ERROR_UNAVAILABLE,
		            _("tracefs mounted on /sys/kernel/tracing has no instances folder"));
		return NULL;
	}
	return g_strdup("/sys/kernel/tracing");
}

static gboolean write_file(const char *path, const char *value, GError **error)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0) {
		set_errno_error(error, errno, _("cannot open"), path);
		return FALSE;
	}
	size_t len = strlen(value);
	ssize_t n;
	do
		n = write(fd, value, len);
	while (n < 0 && errno == EINTR);
	int err = errno;
	close(fd);
	if (n != (ssize_t)len) {
		if (n >= 0)
			err = EIO;
		g_set_error(error, LTTV_TRACEFS_ERROR,
		            err == EPERM || err == EACCES ? LTTV_TRACEFS_ERROR_PRIVILEGE
		                                          : LTTV_TRACEFS_ERROR_IO,
		            _("cannot write \"%s\" to %s: %s"), value, path, g_strerror(err));
		return FALSE;
	}
	return TRUE;
}

gboolean lttv_tracefs_write(const LttvTracefsInstance *inst, const char *file, const char *value,
                            GError **error)
{
	g_autofree char *path = g_build_filename(inst->path, file, NULL);
	return write_file(path, value, error);
}

char *lttv_tracefs_read(const LttvTracefsInstance *inst, const char *file, GError **error)
{
	g_autofree char *path = g_build_filename(inst->path, file, NULL);
	char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, error))
		return NULL;
	return text;
}

gboolean lttv_tracefs_pid_is_recorder(gint pid)
{
	if (pid <= 0)
		return FALSE;
	if (pid == getpid())
		return TRUE;
	if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
		return FALSE;
	g_autofree char *comm_path = g_strdup_printf("/proc/%d/comm", pid);
	g_autofree char *stat_path = g_strdup_printf("/proc/%d/stat", pid);
	g_autofree char *comm = NULL, *stat = NULL;
	if (!g_file_get_contents(comm_path, &comm, NULL, NULL) ||
	    !g_file_get_contents(stat_path, &stat, NULL, NULL))
		return FALSE;
	/* a zombie is dead, waiting for its parent to hear of it */
	const char *state = strrchr(stat, ')');
	if (state && (state[1] == ' ') && (state[2] == 'Z' || state[2] == 'X'))
		return FALSE;
	g_strchomp(comm);
	return strcmp(comm, "lttv-trace") == 0 || strcmp(comm, "lt-lttv-trace") == 0;
}

/* An instance lttv-<pid> or lttv-<pid>-<guard pid> is stale when none of
 * its pids is a live lttv-trace: the guard of a killed recorder still
 * needs its instance (recover.h). */
static gboolean instance_is_stale(const char *name)
{
	if (!g_str_has_prefix(name, "lttv-"))
		return FALSE;
	char *end;
	long pid = strtol(name + 5, &end, 10), guard = 0;
	if (*end == '-')
		guard = strtol(end + 1, &end, 10);
	if (*end || pid <= 0 || pid > G_MAXINT || guard < 0 || guard > G_MAXINT)
		return FALSE;
	return !lttv_tracefs_pid_is_recorder((gint)pid) &&
	       !(guard && lttv_tracefs_pid_is_recorder((gint)guard));
}

static gboolean remove_instance_dir(const char *tracefs, const char *path, GError **error)
{
	g_autofree char *on = g_build_filename(path, "tracing_on", NULL);
	write_file(on, "0", NULL);
	/* rmdir fails with EBUSY while a file of the instance is open; a reader
	 * thread that just closed its files may need a moment */
	for (int attempt = 0; attempt < 50; attempt++) {
		if (rmdir(path) == 0 || errno == ENOENT)
			return TRUE;
		if (errno != EBUSY)
			break;
		g_usleep(20000);
	}
	set_errno_error(error, errno, _("cannot remove the tracefs instance"), path);
	return FALSE;
}

guint lttv_tracefs_remove_stale(const char *tracefs)
{
	g_autofree char *dir = g_build_filename(tracefs, "instances", NULL);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	guint removed = 0;
	if (!d)
		return 0;
	const char *name;
	while ((name = g_dir_read_name(d))) {
		if (!instance_is_stale(name))
			continue;
		g_autofree char *path = g_build_filename(dir, name, NULL);
		g_autoptr(GError) error = NULL;
		if (remove_instance_dir(tracefs, path, &error))
			removed++;
		else
			g_printerr(_("warning: %s\n"), error->message);
	}
	return removed;
}

LttvTracefsInstance *lttv_tracefs_instance_create(const char *tracefs, const char *name,
                                                  GError **error)
{
	g_autofree char *path = g_build_filename(tracefs, "instances", name, NULL);
	if (mkdir(path, 0750) != 0) {
		set_errno_error(error, errno, _("cannot create the tracefs instance"), path);
		return NULL;
	}
	LttvTracefsInstance *inst = g_new0(LttvTracefsInstance, 1);
	inst->tracefs = g_strdup(tracefs);
	inst->path = g_steal_pointer(&path);
	inst->name = g_strdup(name);
	return inst;
}

gboolean lttv_tracefs_instance_destroy(LttvTracefsInstance *inst, GError **error)
{
	if (!inst)
		return TRUE;
	gboolean ok = remove_instance_dir(inst->tracefs, inst->path, error);
	g_free(inst->tracefs);
	g_free(inst->path);
	g_free(inst->name);
	g_free(inst);
	return ok;
}

gboolean lttv_tracefs_cpu_lost(const LttvTracefsInstance *inst, guint cpu, guint64 *lost)
{
	char path[512];
	snprintf(path, sizeof path, "%s/per_cpu/cpu%u/stats", inst->path, cpu);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return FALSE;
	char buf[1024];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return FALSE;
	buf[n] = 0;
	guint64 total = 0;
	static const char *const keys[] = {"\noverrun: ", "\ndropped events: "};
	for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
		const char *p = strstr(buf, keys[i]);
		if (p)
			total += g_ascii_strtoull(p + strlen(keys[i]), NULL, 10);
	}
	*lost = total;
	return TRUE;
}

static gint compare_uint(gconstpointer a, gconstpointer b)
{
	guint x = *(const guint *)a, y = *(const guint *)b;
	return x < y ? -1 : x > y;
}

GArray *lttv_tracefs_cpus(const LttvTracefsInstance *inst)
{
	g_autofree char *dir = g_build_filename(inst->path, "per_cpu", NULL);
	GArray *cpus = g_array_new(FALSE, FALSE, sizeof(guint));
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	if (!d)
		return cpus;
	const char *name;
	while ((name = g_dir_read_name(d))) {
		char *end;
		if (!g_str_has_prefix(name, "cpu"))
			continue;
		guint64 v = g_ascii_strtoull(name + 3, &end, 10);
		if (*end || end == name + 3 || v > 65535)
			continue;
		guint c = (guint)v;
		g_array_append_val(cpus, c);
	}
	g_array_sort(cpus, compare_uint);
	return cpus;
}
