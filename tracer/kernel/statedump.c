/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state dump at the start of a kernel recording, emulating lttng-modules'
 * lttng_statedump_* events from /proc and /sys.  Everything is read through
 * directory file descriptors and small stack buffers: the only allocations
 * are a couple of reused id arrays, whatever the number of threads. */
#include "tracer/kernel/statedump.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(DIR, closedir)

#define PF_WQ_WORKER  0x00000020u
#define PF_KTHREAD    0x00200000u
#define TASK_COMM_LEN 16

/* 1-based field numbers of /proc/<pid>/stat, as in proc(5) */
enum {
	STAT_STATE = 3,
	STAT_PPID = 4,
	STAT_FLAGS = 9,
	STAT_PROCESSOR = 39,
};

/* lttng_statedump_process_state.status values (lttng-statedump.h) */
enum {
	STATUS_UNNAMED = 0,
	STATUS_WAIT_CPU = 2,
	STATUS_ZOMBIE = 4,
	STATUS_WAIT = 5,
	STATUS_DEAD = 7,
};

/* ---------------------------------------------------------------- helpers */

/* Parses the decimal integer in [tok, end) into [min, max]. */
static gboolean parse_int(const char *tok, const char *end, gint64 min, gint64 max, gint64 *out)
{
	char *stop;
	gint64 v;

	if (tok == end || !(g_ascii_isdigit(*tok) || (*tok == '-' && min < 0)))
		return FALSE;
	errno = 0;
	v = g_ascii_strtoll(tok, &stop, 10);
	if (errno != 0 || stop != end || v < min || v > max)
		return FALSE;
	*out = v;
	return TRUE;
}

/* Reads the small file dirfd/path into buf, NUL-terminated (truncated to
 * size - 1 bytes).  Returns FALSE with errno set on failure. */
static gboolean read_small_at(int dirfd, const char *path, char *buf, size_t size)
{
	size_t len = 0;
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return FALSE;
	while (len < size - 1) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0) {
			int saved = errno;

			if (saved == EINTR)
				continue;
			close(fd);
			errno = saved;
			return FALSE;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return TRUE;
}

/* A process or thread that exited while we were looking at it. */
static gboolean vanished(int err)
{
	return err == ENOENT || err == ESRCH;
}

static int compare_id(gconstpointer a, gconstpointer b)
{
	gint32 x = *(const gint32 *)a, y = *(const gint32 *)b;

	return (x > y) - (x < y);
}

/* Fills ids with the numeric entries of dir, sorted, so the dump order does
 * not depend on the file system (a fake tree in a test, or /proc). */
static gboolean list_ids(DIR *dir, GArray *ids)
{
	struct dirent *de;

	g_array_set_size(ids, 0);
	for (;;) {
		gint64 id;

		errno = 0;
		de = readdir(dir);
		if (de == NULL)
			break;
		if (parse_int(de->d_name, de->d_name + strlen(de->d_name), 1, G_MAXINT32, &id)) {
			gint32 v = (gint32)id;

			g_array_append_val(ids, v);
		}
	}
	if (errno != 0)
		return FALSE;
	g_array_sort(ids, compare_id);
	return TRUE;
}

/* ---------------------------------------------------------------- stat */

static gint32 status_of(char state)
{
	switch (state) {
	case 'R': return STATUS_WAIT_CPU;
	case 'S':
	case 'D':
	case 'I': return STATUS_WAIT;
	case 'Z': return STATUS_ZOMBIE;
	case 'X':
	case 'x': return STATUS_DEAD; /* 'x' is TASK_DEAD in Linux 3.9 to 3.13 */
	default: return STATUS_UNNAMED;
	}
}

/* The length of the task comm within the name /proc shows.  Workqueue
 * workers show "kworker/0:1-events" (wq_worker_comm() appends "+desc" or
 * "-desc"), kernel threads may show their full name (get_kthread_comm()):
 * LTTng records task->comm, at most TASK_COMM_LEN - 1 bytes. */
static size_t comm_length(const char *name, size_t len, guint64 flags)
{
	static const char kworker[] = "kworker/";

	/* rescuers ("kworker/R-wqname", Linux 6.9) hold a '-' in their comm */
	if ((flags & PF_WQ_WORKER) && len > sizeof kworker - 1 &&
	    strncmp(name, kworker, sizeof kworker - 1) == 0 &&
	    strncmp(name, "kworker/R-", 10) != 0) {
		for (size_t i = sizeof kworker - 1; i < len; i++) {
			if (name[i] == '+' || name[i] == '-') {
				len = i;
				break;
			}
		}
	}
	return MIN(len, TASK_COMM_LEN - 1);
}

gboolean lttv_statedump_parse_stat(const char *stat, LttvDumpProcess *out)
{
	const char *comm, *close, *p;
	char *stop;
	gint64 tid, ppid = 0, flags = 0, cpu = 0;
	char state = 0;
	size_t len;

	memset(out, 0, sizeof *out);
	if (!g_ascii_isdigit(stat[0]))
		return FALSE;
	errno = 0;
	tid = g_ascii_strtoll(stat, &stop, 10);
	if (errno != 0 || tid <= 0 || tid > G_MAXINT32 || stop[0] != ' ' || stop[1] != '(')
		return FALSE;
	comm = stop + 2;
	/* comm is free text: only the last ')' ends it, the rest is numeric */
	close = strrchr(comm, ')');
	if (close == NULL)
		return FALSE;
	p = close + 1;
	for (int field = STAT_STATE; field <= STAT_PROCESSOR; field++) {
		const char *tok;

		while (*p == ' ')
			p++;
		tok = p;
		while (*p != ' ' && *p != '\n' && *p != '\0')
			p++;
		if (p == tok)
			return FALSE; /* truncated line */
		switch (field) {
		case STAT_STATE:
			if (p - tok != 1)
				return FALSE;
			state = *tok;
			break;
		case STAT_PPID:
			if (!parse_int(tok, p, 0, G_MAXINT32, &ppid))
				return FALSE;
			break;
		case STAT_FLAGS:
			if (!parse_int(tok, p, 0, G_MAXUINT32, &flags))
				return FALSE;
			break;
		case STAT_PROCESSOR:
			if (!parse_int(tok, p, 0, G_MAXUINT32, &cpu))
				return FALSE;
			break;
		default: break;
		}
	}

	out->tid = (gint32)tid;
	out->ppid = (gint32)ppid;
	len = comm_length(comm, (size_t)(close - comm), (guint64)flags);
	memcpy(out->name, comm, len);
	out->type = (flags & PF_KTHREAD) ? 1 : 0;
	out->mode = 5;    /* MODE_UNKNOWN: lttng-modules 2.13 always writes it */
	out->submode = 0; /* LTTNG_NONE */
	out->in_syscall = FALSE;
	out->syscall_nr = -1;
	out->status = status_of(state);
	out->cpu = (guint32)cpu;
	return TRUE;
}

/* ---------------------------------------------------------------- threads */

/* The system call a sleeping thread is in, from the "syscall" file beside
 * its stat file (stat_path "TID/stat"): "NR ARGS... SP PC" in a call,
 * "-1 SP PC" blocked elsewhere, "running"; -1 when not in a call or
 * unreadable (it needs the right to ptrace the thread: root has it). */
gint32 lttv_statedump_parse_syscall(const char *text)
{
	char *end;
	gint64 nr;

	if (!g_ascii_isdigit(text[0]))
		return -1;
	nr = g_ascii_strtoll(text, &end, 10);
	if (end == text || (*end != ' ' && *end != '\n' && *end != '\0') || nr < 0 ||
	    nr > G_MAXINT32)
		return -1;
	return (gint32)nr;
}

static gint32 blocked_syscall(int dirfd, const char *stat_path)
{
	char path[64], buf[256];
	const char *slash = strrchr(stat_path, '/');

	if (!slash)
		return -1;
	g_snprintf(path, sizeof path, "%.*ssyscall", (int)(slash - stat_path + 1), stat_path);
	if (!read_small_at(dirfd, path, buf, sizeof buf))
		return -1;
	return lttv_statedump_parse_syscall(buf);
}

/* Reads dirfd/path (a stat file) and reports it as a thread of tgid.
 * Returns FALSE only when the callback asks to stop. */
static gboolean dump_stat(int dirfd, const char *path, gint32 tgid, gboolean native,
                          const LttvDumpCallbacks *cb, gpointer user_data)
{
	/* a stat line is 300 to 1100 bytes; the first 39 fields fit in 1 KiB */
	char buf[2048];
	LttvDumpProcess p;

	if (!read_small_at(dirfd, path, buf, sizeof buf)) {
		if (!vanished(errno))
			g_debug("statedump: %d: %s: %s", tgid, path, g_strerror(errno));
		return TRUE;
	}
	if (!lttv_statedump_parse_stat(buf, &p)) {
		/* an empty file is what a process that just exited may give */
		if (buf[0] != '\0')
			g_debug("statedump: %d: %s: cannot parse", tgid, path);
		return TRUE;
	}
	p.pid = tgid;
	/* threads share their table unless created without CLONE_FILES, which
	 * /proc does not tell cheaply: the tgid is a good enough identifier */
	p.file_table_address = (guint64)tgid;
	if (p.type == 0 && p.status == 5 && native) {
		p.syscall_nr = blocked_syscall(dirfd, path);
		p.in_syscall = p.syscall_nr >= 0;
	}
	return cb->process(&p, user_data);
}

/* Whether process tgid runs a program of the kernel's own word size: a
 * 32-bit program on a 64-bit kernel makes the calls of another table,
 * whose numbers /proc/PID/syscall does not tell apart.  FALSE when its
 * program cannot be read (kernel threads have none). */
static gboolean native_program(int proc_fd, gint32 tgid)
{
	char path[32];
	unsigned char ident[5];
	ssize_t n;
	int fd;

	g_snprintf(path, sizeof path, "%d/exe", tgid);
	fd = openat(proc_fd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return FALSE;
	n = read(fd, ident, sizeof ident);
	close(fd);
	/* EI_CLASS: 1 ELFCLASS32, 2 ELFCLASS64 */
	return n == (ssize_t)sizeof ident && memcmp(ident, "\177ELF", 4) == 0 &&
	       ident[4] == (GLIB_SIZEOF_VOID_P == 8 ? 2 : 1);
}

/* Every thread of every process, in tgid then tid order. */
static gboolean dump_processes(DIR *proc_dir, const GArray *tgids, const LttvDumpCallbacks *cb,
                               gpointer user_data)
{
	g_autoptr(GArray) tids = g_array_new(FALSE, FALSE, sizeof(gint32));
	int proc_fd = dirfd(proc_dir);

	for (guint i = 0; i < tgids->len; i++) {
		gint32 tgid = g_array_index(tgids, gint32, i);
		gboolean native = native_program(proc_fd, tgid);
		char path[64];
		int task_fd;
		g_autoptr(DIR) task_dir = NULL;

		g_snprintf(path, sizeof path, "%d/task", tgid);
		task_fd = openat(proc_fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (task_fd < 0) {
			int saved = errno;

			if (!vanished(saved))
				g_debug("statedump: %s: %s", path, g_strerror(saved));
			/* no task/ at all (before Linux 2.6): the process alone */
			g_snprintf(path, sizeof path, "%d/stat", tgid);
			if (saved == ENOENT &&
			    !dump_stat(proc_fd, path, tgid, native, cb, user_data))
				return FALSE;
			continue;
		}
		task_dir = fdopendir(task_fd);
		if (task_dir == NULL) {
			close(task_fd);
			continue;
		}
		if (!list_ids(task_dir, tids))
			continue; /* vanished while listing its threads */
		for (guint j = 0; j < tids->len; j++) {
			g_snprintf(path, sizeof path, "%d/stat", g_array_index(tids, gint32, j));
			if (!dump_stat(dirfd(task_dir), path, tgid, native, cb, user_data))
				return FALSE;
		}
	}
	return TRUE;
}

/* ---------------------------------------------------------------- interrupts */

static char *skip_spaces(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static char *skip_token(char *p)
{
	while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n')
		p++;
	return p;
}

/* Parses one line of /proc/interrupts, as show_interrupts() writes it:
 * "IRQ: count × ncpu chip [hwirq][-name] [Level|Edge][-name]  action, action"
 * and reports each action.  Returns FALSE only when the callback asks to
 * stop. */
static gboolean dump_interrupt_line(char *line, guint ncpu, const LttvDumpCallbacks *cb,
                                    gpointer user_data)
{
	LttvDumpInterrupt irq = {0};
	char *p = skip_spaces(line), *end, *chip_end, *actions;
	gint64 number;

	/* NMI:, LOC:, ERR: and the like are per-CPU counters, not IRQs */
	end = p;
	while (g_ascii_isdigit(*end))
		end++;
	if (*end != ':' || !parse_int(p, end, 0, G_MAXUINT32, &number))
		return TRUE;
	irq.irq = (guint32)number;
	p = end + 1;
	for (guint i = 0; i < ncpu; i++) {
		p = skip_spaces(p);
		if (!g_ascii_isdigit(*p))
			break;
		p = skip_token(p);
	}

	p = skip_spaces(p);
	irq.chip = p;
	chip_end = p = skip_token(p);
	p = skip_spaces(p);
	/* the hwirq (absent without an IRQ domain), maybe with "-name" */
	if (g_ascii_isdigit(*p))
		p = skip_spaces(skip_token(p));
	/* the trigger type, with CONFIG_GENERIC_IRQ_SHOW_LEVEL (ARM) */
	if (strncmp(p, "Level", 5) == 0 || strncmp(p, "Edge", 4) == 0)
		p = skip_spaces(skip_token(p));
	/* the flow handler name, after a padded column */
	if (*p == '-')
		p = skip_spaces(skip_token(p));
	actions = p;
	*chip_end = '\0';
	g_strchomp(actions);

	/* action names may hold spaces ("PCIe PME"): only ", " separates them */
	while (*actions != '\0') {
		char *sep = strstr(actions, ", ");

		if (sep != NULL)
			*sep = '\0';
		irq.action = actions;
		if (*actions != '\0' && !cb->interrupt(&irq, user_data))
			return FALSE;
		if (sep == NULL)
			break;
		actions = sep + 2;
	}
	return TRUE;
}

/* One event per irqaction, as lttng_list_interrupts(). */
static gboolean dump_interrupts(int proc_fd, const LttvDumpCallbacks *cb, gpointer user_data)
{
	g_autofree char *line = NULL;
	size_t size = 0;
	guint ncpu = 0;
	gboolean go = TRUE;
	FILE *f;
	int fd = openat(proc_fd, "interrupts", O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		g_debug("statedump: interrupts: %s", g_strerror(errno));
		return TRUE; /* not there in some containers: nothing to report */
	}
	f = fdopen(fd, "r");
	if (f == NULL) {
		close(fd);
		return TRUE;
	}
	/* the header names one column per online CPU: "CPU0 CPU1 ..." */
	if (getline(&line, &size, f) > 0) {
		for (char *p = skip_spaces(line); *p != '\0' && *p != '\n'; p = skip_spaces(p)) {
			if (strncmp(p, "CPU", 3) == 0)
				ncpu++;
			p = skip_token(p);
		}
	}
	while (go && getline(&line, &size, f) > 0)
		go = dump_interrupt_line(line, ncpu, cb, user_data);
	fclose(f);
	return go;
}

/* ---------------------------------------------------------------- block devices */

typedef struct {
	guint32 dev;
	char *name;
} BlockDevice;

static void block_device_clear(gpointer data)
{
	g_free(((BlockDevice *)data)->name);
}

static int compare_block_device(gconstpointer a, gconstpointer b)
{
	const BlockDevice *x = a, *y = b;

	if (x->dev != y->dev)
		return (x->dev > y->dev) - (x->dev < y->dev);
	return strcmp(x->name, y->name);
}

/* Reads dirfd/name/dev ("MAJOR:MINOR") and appends the device to devices. */
static void add_block_device(int dirfd, const char *name, GArray *devices)
{
	g_autofree char *path = g_strconcat(name, "/dev", NULL);
	char buf[64], *colon;
	gint64 major, minor;
	BlockDevice d;

	if (!read_small_at(dirfd, path, buf, sizeof buf))
		return;
	g_strchomp(buf);
	colon = strchr(buf, ':');
	if (colon == NULL || !parse_int(buf, colon, 0, 4095, &major) ||
	    !parse_int(colon + 1, colon + 1 + strlen(colon + 1), 0, (1 << 20) - 1, &minor))
		return;
	/* hidden disks (e.g. NVMe multipath paths) have no device number */
	if (major == 0 && minor == 0)
		return;
	d.dev = (guint32)(major << 20 | minor);
	d.name = g_strdup(name);
	g_array_append_val(devices, d);
}

/* Partitions are the real subdirectories of a disk named after it ("vda1",
 * "nvme0n1p1") with a dev file: "device", "bdi"... are symlinks, and
 * "device/dev" of an NVMe namespace is the controller's char device. */
static void add_partitions(int block_fd, const char *disk, GArray *devices)
{
	int fd = openat(block_fd, disk, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	g_autoptr(DIR) dir = NULL;
	size_t disk_len = strlen(disk);
	struct dirent *de;

	if (fd < 0)
		return;
	dir = fdopendir(fd);
	if (dir == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		struct stat st;

		if (strncmp(de->d_name, disk, disk_len) != 0 || de->d_name[disk_len] == '\0')
			continue;
		if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
			continue;
		/* the dev file is read relative to the disk folder */
		add_block_device(fd, de->d_name, devices);
	}
}

/* Every disk and partition, in device number order. */
static gboolean dump_block_devices(const char *sys_root, const LttvDumpCallbacks *cb,
                                   gpointer user_data)
{
	g_autofree char *block = g_build_filename(sys_root, "block", NULL);
	g_autoptr(GArray) devices = g_array_new(FALSE, FALSE, sizeof(BlockDevice));
	g_autoptr(DIR) dir = opendir(block);
	struct dirent *de;

	g_array_set_clear_func(devices, block_device_clear);
	if (dir == NULL) {
		g_debug("statedump: %s: %s", block, g_strerror(errno));
		return TRUE;
	}
	while ((de = readdir(dir)) != NULL) {
		guint before = devices->len;

		if (de->d_name[0] == '.')
			continue;
		add_block_device(dirfd(dir), de->d_name, devices);
		if (devices->len != before)
			add_partitions(dirfd(dir), de->d_name, devices);
	}
	g_array_sort(devices, compare_block_device);
	for (guint i = 0; i < devices->len; i++) {
		const BlockDevice *d = &g_array_index(devices, BlockDevice, i);
		LttvDumpBlockDevice bd = {.dev = d->dev, .diskname = d->name};

		if (!cb->block_device(&bd, user_data))
			return FALSE;
	}
	return TRUE;
}

/* ---------------------------------------------------------------- entry point */

/* A NULL callback skips its part of the dump. */
gboolean lttv_statedump_run(const char *proc_root, const char *sys_root,
                            const LttvDumpCallbacks *cb, gpointer user_data, GError **error)
{
	g_autoptr(GArray) tgids = g_array_new(FALSE, FALSE, sizeof(gint32));
	g_autoptr(DIR) proc_dir = NULL;
	gboolean go = TRUE;

	g_return_val_if_fail(proc_root != NULL && cb != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

	proc_dir = opendir(proc_root);
	if (proc_dir == NULL || !list_ids(proc_dir, tgids)) {
		int saved = errno;

		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
		            _("%s: cannot read: %s"), proc_root, g_strerror(saved));
		return FALSE;
	}
	if (cb->process != NULL)
		go = dump_processes(proc_dir, tgids, cb, user_data);
	if (go && cb->interrupt != NULL)
		go = dump_interrupts(dirfd(proc_dir), cb, user_data);
	if (go && cb->block_device != NULL && sys_root != NULL)
		dump_block_devices(sys_root, cb, user_data);
	return TRUE;
}
