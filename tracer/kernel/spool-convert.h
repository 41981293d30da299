/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Converting a spool (spool.h) into the CTF trace beside it: the state
 * dump and file names first, then every CPU's pages, merged by time. */
#ifndef LTTV_TRACER_SPOOL_CONVERT_H
#define LTTV_TRACER_SPOOL_CONVERT_H

#include "tracer/kernel/convert.h"
#include "tracer/kernel/ftrace-format.h"
#include "tracer/kernel/spool.h"

#include <glib.h>

typedef struct {
	KConv *conv; /* built from the same selection and formats as the metadata */
	const KSpoolSession *session;
	const FtracePageHeader *page_header;
	const char *trace_dir;
	LttvCtfHeaderKind header; /* the metadata's */
	guint64 end_ts;           /* the streams' last timestamp_end (0: their last event's) */
	/* the kernel's count of lost events per CPU (session->cpus order) at
	 * the end, or NULL when unknown (then only the pages' own marks count) */
	const guint64 *lost;
	/* called about every 0.2 s with the fraction done, when set */
	void (*progress)(double fraction, gpointer user_data);
	gpointer progress_data;
} KSpoolConvertJob;

/* Writes channel0_<cpu> for every CPU of the session and appends one
 * LttvRecordCpuStats (recorder.h) per CPU to stats, and what the user
 * should know to warnings.  The spool's pages are released as they are
 * converted, so that a full disk still lets it finish.  FALSE with error
 * set on the first write error: the trace then holds what was converted
 * up to it. */
gboolean kspool_convert(const KSpoolConvertJob *job, GArray *stats, GPtrArray *warnings,
                        GError **error);

#endif
