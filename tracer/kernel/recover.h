/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A recording whose recorder died before converting its spool (spool.h):
 * its guard process, started with it, converts it when the recorder goes
 * without saying it is done; `lttv-trace recover` does the same by hand
 * when both were killed. */
#ifndef LTTV_TRACER_RECOVER_H
#define LTTV_TRACER_RECOVER_H

#include <glib.h>

/* Starts `exe recover --guard FD trace_dir` in a session of its own that
 * ignores the terminal's signals; returns the descriptor to keep open
 * while recording (close it after lttv_recorder_guard_release, or die).
 * -1 with error set when it cannot start. */
int lttv_recorder_guard_spawn(const char *exe, const char *trace_dir, gint *pid, GError **error);
/* Tells the guard that the spool is converted (it then exits) and reaps it. */
void lttv_recorder_guard_release(int fd, gint pid);
/* In the guard: waits until the recorder says it is done (TRUE) or dies
 * (FALSE: the spool is to be recovered). */
gboolean lttv_recorder_guard_wait(int fd);

/* The folder of a spool: trace_dir itself or its kernel/ folder, or NULL. */
char *lttv_recorder_find_spool(const char *dir);
/* Converts the spool of trace_dir: stops the recorder's tracefs instance if
 * it is still there and takes its last pages, converts, removes the
 * instance and the spool.  Fails if the recorder or its guard is still
 * alive (unless called by that guard: guard_pid), or if the spool's
 * formats do not give the trace's metadata.  stats: LttvRecordCpuStats.
 * For a guard, a spool without a session (its recorder died setting up)
 * is removed: nothing was recorded. */
gboolean lttv_recorder_recover(const char *trace_dir, gint guard_pid, GArray *stats,
                               GPtrArray *warnings, GError **error);

#endif
