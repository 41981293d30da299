/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tracefs: finding (or mounting) it, and the private instance of a
 * recording session (instances/lttv-<pid>-<guard pid>). */
#ifndef LTTV_TRACER_TRACEFS_H
#define LTTV_TRACER_TRACEFS_H

#include <glib.h>

#define LTTV_TRACEFS_ERROR (lttv_tracefs_error_quark())
GQuark lttv_tracefs_error_quark(void);
typedef enum {
	LTTV_TRACEFS_ERROR_PRIVILEGE,   /* not allowed: needs root */
	LTTV_TRACEFS_ERROR_UNAVAILABLE, /* no tracefs in this kernel */
	LTTV_TRACEFS_ERROR_IO,
	LTTV_TRACEFS_ERROR_EVENT, /* an unknown event */
} LttvTracefsError;

/* The tracefs mount point; mounts it on /sys/kernel/tracing if needed. */
char *lttv_tracefs_find(GError **error);

typedef struct {
	char *tracefs; /* mount point */
	char *path;    /* tracefs/instances/NAME */
	char *name;
} LttvTracefsInstance;

/* Removes the instances of recorders that died (lttv-<pid> whose pid is
 * gone or is not an lttv-trace, lttv-<pid>-<guard pid> when neither is);
 * returns how many. */
guint lttv_tracefs_remove_stale(const char *tracefs);
/* Whether pid is a live lttv-trace (this process included). */
gboolean lttv_tracefs_pid_is_recorder(gint pid);
LttvTracefsInstance *lttv_tracefs_instance_create(const char *tracefs, const char *name,
                                                  GError **error);
/* Turns tracing off and removes the instance (retries while busy); frees. */
gboolean lttv_tracefs_instance_destroy(LttvTracefsInstance *inst, GError **error);
gboolean lttv_tracefs_write(const LttvTracefsInstance *inst, const char *file, const char *value,
                            GError **error);
char *lttv_tracefs_read(const LttvTracefsInstance *inst, const char *file, GError **error);
/* per_cpu/cpuN/stats "dropped events:" + "overrun:" (events lost so far) */
gboolean lttv_tracefs_cpu_lost(const LttvTracefsInstance *inst, guint cpu, guint64 *lost);
/* CPUs that have a per_cpu folder in the instance */
GArray *lttv_tracefs_cpus(const LttvTracefsInstance *inst);

#endif
