/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The spool of a kernel recording (TRACE_DIR/.spool/): while the workload
 * runs, the recorder only moves the kernel's pages into per-CPU files, as
 * trace-cmd does; they become CTF when the recording ends
 * (spool-convert.c).  The spool also keeps everything that conversion
 * needs but the format files (the session's settings, the page layout, the
 * state dump, the system calls' file names), so that the pages of a recorder
 * killed before converting are converted all the same, by its guard
 * process or by `lttv-trace recover` (recover.c).  See doc/recorder.md. */
#ifndef LTTV_TRACER_SPOOL_H
#define LTTV_TRACER_SPOOL_H

#include "tracer/kernel/statedump.h"
#include "tracer/kernel/syscall-strings.h"

#include <glib.h>

#define KSPOOL_DIR     ".spool" /* readers skip names starting with a dot */
#define KSPOOL_VERSION 1
/* Pages converted at a time from each CPU's file before they are released. */
#define KSPOOL_CHUNK_PAGES 16

/* What the spool says of its recording (file `session`). */
typedef struct {
	char **selection; /* the -e items */
	guint8 uuid[16], clock_uuid[16];
	gint64 clock_offset_ns;
	gsize packet_size;
	char *instance;   /* the tracefs instance's path */
	GArray *cpus;     /* guint: the CPUs, one page file each */
	GArray *own_tids; /* gint32: the recorder's threads (their system calls are left out) */
	GArray *lost;     /* guint64 per CPU: the kernel's count, once the pages are all in
	                   * the spool (instance then ""); empty before */
	gint32 recorder_pid, guard_pid;
} KSpoolSession;

KSpoolSession *kspool_session_new(void);
void kspool_session_free(KSpoolSession *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KSpoolSession, kspool_session_free)

/* TRACE_DIR/.spool, or a file in it (name may be NULL). */
char *kspool_path(const char *trace_dir, const char *name);
/* Creates TRACE_DIR/.spool with a copy of the instance's page layout
 * (header_page: its events/header_page).  The format files are not copied
 * (the syscall events alone would take more room than many a trace):
 * conversion reads them from tracefs, and a converter built from other
 * formats is refused (its metadata differs from the trace's).
 * reserve: bytes set aside (fallocate) for conversion to start on a full disk. */
gboolean kspool_create(const char *trace_dir, const char *header_page, guint64 reserve,
                       GError **error);
/* Frees the reserved bytes (before converting). */
void kspool_release_reserve(const char *trace_dir);
gboolean kspool_session_save(const char *trace_dir, const KSpoolSession *s, GError **error);
KSpoolSession *kspool_session_load(const char *trace_dir, GError **error);
/* Removes the spool and everything in it. */
void kspool_remove(const char *trace_dir);

/* ---------------------------------------------------------------- records */

/* An append-only file of records (the state dump, the file names), written
 * through a buffer: flush to make what was appended survive a kill. */
typedef struct KSpoolLog KSpoolLog;
KSpoolLog *kspool_log_open(const char *trace_dir, const char *name, GError **error);
gboolean kspool_log_flush(KSpoolLog *l, GError **error);
/* Flushes and closes; FALSE when a write failed (error set). */
gboolean kspool_log_close(KSpoolLog *l, GError **error);

/* The state dump (file `statedump`), replayed into a converter later. */
void kspool_dump_begin(KSpoolLog *l, guint64 ts);
void kspool_dump_process(KSpoolLog *l, guint64 ts, const LttvDumpProcess *p);
void kspool_dump_interrupt(KSpoolLog *l, guint64 ts, const LttvDumpInterrupt *irq);
void kspool_dump_block_device(KSpoolLog *l, guint64 ts, const LttvDumpBlockDevice *dev);
void kspool_dump_end(KSpoolLog *l, guint64 ts);
/* The system calls' strings (file `strings`). */
void kspool_put_string(KSpoolLog *l, const LttvSyscallString *rec);

typedef struct {
	void (*begin)(guint64 ts, gpointer user_data);
	void (*process)(guint64 ts, const LttvDumpProcess *p, gpointer user_data);
	void (*interrupt)(guint64 ts, const LttvDumpInterrupt *irq, gpointer user_data);
	void (*block_device)(guint64 ts, const LttvDumpBlockDevice *dev, gpointer user_data);
	void (*end)(guint64 ts, gpointer user_data);
	void (*string)(const LttvSyscallString *rec, gpointer user_data);
} KSpoolReplay;
/* Calls back for every record of file `name`, in order.  A record cut
 * short by a kill ends the file; a missing file has no records. */
gboolean kspool_replay(const char *trace_dir, const char *name, const KSpoolReplay *cb,
                       gpointer user_data, GError **error);

/* ---------------------------------------------------------------- pages */

/* The page file of one CPU (file `cpuN`), open at its end. */
int kspool_cpu_open(const char *trace_dir, guint cpu, GError **error);
/* Moves the whole pages waiting in raw_fd (trace_pipe_raw, non-blocking)
 * into the spool file through pipe (a pipe of pipe_size bytes); with
 * final, also the last partly filled page (read() and padded: splice only
 * moves full ones).  Returns FALSE (error set) when a write fails. */
gboolean kspool_move_pages(int raw_fd, const int pipe[2], gsize pipe_size, int spool_fd,
                           gsize page_size, gboolean final, GError **error);

#endif
