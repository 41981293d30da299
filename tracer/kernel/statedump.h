/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state dump at the start of a kernel recording, read from /proc and
 * /sys, in the terms of lttng-modules' lttng_statedump_* events. */
#ifndef LTTV_TRACER_STATEDUMP_H
#define LTTV_TRACER_STATEDUMP_H

#include <glib.h>

typedef struct {
	gint32 tid, pid, ppid;      /* pid = tgid, ppid = tgid of the real parent */
	char name[16];              /* comm, NUL-padded (may fill all 16 bytes) */
	gint32 type;                /* 1 kernel thread, 0 user thread */
	gint32 mode;                /* always 5 (unknown), as lttng-modules 2.13 */
	gint32 submode;             /* always 0 */
	gint32 status;              /* R 2, S/D/I 5, Z 4, X 7, T/t/P and others 0 */
	guint32 cpu;                /* last CPU (stat field 39) */
	guint64 file_table_address; /* equal for threads sharing a fd table (the tgid) */
	/* a sleeping user thread in a system call: its number
	 * (/proc/PID/task/TID/syscall) */
	gboolean in_syscall;
	gint32 syscall_nr;
} LttvDumpProcess;

typedef struct {
	guint32 irq;
	const char *chip;   /* chip name, e.g. "IO-APIC" ("" if unknown) */
	const char *action; /* action (handler) name */
} LttvDumpInterrupt;

typedef struct {
	guint32 dev;          /* kernel dev_t: major << 20 | minor */
	const char *diskname; /* "vda", "vda1" */
} LttvDumpBlockDevice;

typedef struct {
	/* each callback returns FALSE to stop the dump */
	gboolean (*process)(const LttvDumpProcess *p, gpointer user_data);
	gboolean (*interrupt)(const LttvDumpInterrupt *irq, gpointer user_data);
	gboolean (*block_device)(const LttvDumpBlockDevice *dev, gpointer user_data);
} LttvDumpCallbacks;

/* Walks proc_root (normally "/proc") and sys_root ("/sys"): every thread of
 * every process, then /proc/interrupts, then block devices.  Processes that
 * vanish while being read are skipped.  Fails only if proc_root cannot be
 * read at all. */
gboolean lttv_statedump_run(const char *proc_root, const char *sys_root,
                            const LttvDumpCallbacks *cb, gpointer user_data, GError **error);

/* The system call number of the content of /proc/<pid>/task/<tid>/syscall
 * ("NR ARGS... SP PC"), or -1 ("-1 SP PC": blocked outside a call;
 * "running"; anything else). */
gint32 lttv_statedump_parse_syscall(const char *text);

/* Parses the content of /proc/<pid>/task/<tid>/stat (comm may hold spaces
 * and parentheses).  Fills tid, ppid, name, type, mode, submode, status,
 * cpu; the caller sets pid (tgid) and file_table_address. */
gboolean lttv_statedump_parse_stat(const char *stat, LttvDumpProcess *out);

#endif
