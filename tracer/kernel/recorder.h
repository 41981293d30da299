/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A kernel recording session: a private tracefs instance, one thread per
 * CPU moving trace_pipe_raw pages into a spool (spool.h), a state dump at
 * start; CTF when it stops. */
#ifndef LTTV_TRACER_RECORDER_H
#define LTTV_TRACER_RECORDER_H

#include <glib.h>

typedef struct {
	const char *const *selection; /* -e items; NULL = the default set */
	const char *output_dir;       /* the kernel/ folder to create */
	guint buffer_size_kb;         /* per CPU; 0 = default */
	gsize packet_size;            /* CTF packet bytes; 0 = default */
	const char *trace_name;       /* env trace_name */
	gint64 clock_offset_ns;       /* realtime - monotonic; 0: measured at start.  A
	                               * session's traces share one to merge exactly */
	/* called during lttv_recorder_stop's conversion, about every 0.2 s */
	void (*progress)(double fraction, gpointer user_data);
	gpointer progress_data;
} LttvRecordOptions;

typedef struct {
	guint cpu;
	guint64 events; /* written */
	guint64 lost;   /* lost in the kernel (buffer full) */
	guint64 bytes;  /* stream file size */
} LttvRecordCpuStats;

typedef struct LttvRecorder LttvRecorder;

/* Sets up and starts recording (returns once every CPU is being read). */
LttvRecorder *lttv_recorder_start(const LttvRecordOptions *o, GError **error);
/* A descriptor that polls readable when the recording had to stop by
 * itself (a write error such as a full disk): call lttv_recorder_stop. */
int lttv_recorder_failure_fd(const LttvRecorder *r);
/* Stops tracing, drains every page, removes the instance and converts the
 * spool into the CTF streams.  FALSE (error set) when something was lost on
 * the way; the trace written is readable in every case. */
gboolean lttv_recorder_stop(LttvRecorder *r, GError **error);
/* Per-CPU counts, after stop. */
const GArray *lttv_recorder_stats(const LttvRecorder *r);
/* Messages worth telling the user (e.g. file names not captured). */
const GPtrArray *lttv_recorder_warnings(const LttvRecorder *r);
void lttv_recorder_free(LttvRecorder *r);

/* "SYSTEM:EVENT" of every event this kernel can record, sorted. */
GPtrArray *lttv_recorder_list_events(GError **error);

#endif
