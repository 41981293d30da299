/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Events as text, in babeltrace2's `sink.text.pretty` layout:
 *   [22:14:38.000000123] (+0.000004000) host sched_switch: { cpu_id = 0 }, { prev_comm = "bash", ... }
 */
#ifndef LTTV_PRINT_H
#define LTTV_PRINT_H

#include <glib.h>
#include <lttv/event.h>

G_BEGIN_DECLS

typedef enum {
	LTTV_PRINT_CLOCK_TIME,    /* [HH:MM:SS.nnnnnnnnn] */
	LTTV_PRINT_CLOCK_SECONDS, /* [1497552690.937252046] */
	LTTV_PRINT_CLOCK_DATE,    /* [2017-06-15 22:14:38.000000123] */
	LTTV_PRINT_CLOCK_NS,      /* [1497552690937252046] */
} LttvPrintClock;

typedef struct {
	LttvPrintClock clock;
	gboolean local;       /* local time instead of UTC */
	gboolean no_delta;
	gboolean trace_name;  /* prefix the trace's name */
	gboolean no_host;     /* no hostname/procname/vpid */
	/* Only these payload fields (NULL: all); names as displayed. */
	char **fields;
} LttvPrintOptions;

/* Appends one line (without newline) for `ev`.  `prev` is the time of the
 * previously printed event, or LTTV_TIME_MIN for the first. */
gboolean lttv_print_event(GString *out, const LttvEvent *ev, const LttvPrintOptions *opt,
                          LttvTime prev, GError **error);
/* The "WARNING: Tracer discarded ..." line for a notice item. */
void lttv_print_notice(GString *out, const LttvItem *item, const LttvPrintOptions *opt);
/* Appends one value: "42", "\"text\"", "0x1F"... (used by filters/UIs). */
void lttv_print_scalar(GString *out, const LttvValue *v);

G_END_DECLS

#endif
