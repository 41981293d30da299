/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Filters: which events to keep, as an expression in the spirit of LTTV's
 * filter language (doc/filter.md):
 *
 *   event.name == "sched_switch" && (state.process.name =~ "bash" || event.cpu == 1)
 *
 * Fields: event.name, event.cpu, event.time, event.<field> (payload, then
 * contexts, then header, then packet context: the names lttv dump prints;
 * "a.b" reaches into a structure; event.fields.<field> for fields named
 * name, cpu or time), trace.name, state.process.{name,pid,tid,ppid},
 * state.cpu (= event.cpu).
 * Operators: == != < <= > >= =~ (regular expression, unanchored) && || !
 * and parentheses.  Literals: integers (decimal, 0x...), decimals, strings
 * in double quotes; event.time also compares with the time syntax of
 * lttv_time_parse() ("22:14:38.5", "+1.5"...), relative to `origin`.
 * Enumerations compare as integers, and their labels with strings.
 * A comparison whose field an event lacks (or whose type does not match)
 * is false, and ! of it is true.
 *
 *   g_autoptr(LttvFilter) f = lttv_filter_new(expr, origin, &column, &error);
 *   if (lttv_filter_match(f, ev, lttv_filter_process_from_history, history)) ...
 *
 * A filter caches per event class what it resolved: use one filter per
 * thread (lttv_filter_copy()), and not after a trace it has matched
 * events of is freed (free the filter with the traceset, or compile it
 * again).
 */
#ifndef LTTV_FILTER_H
#define LTTV_FILTER_H

#include <glib.h>
#include <lttv/event.h>
#include <lttv/time.h>
#include <lttv/traceset.h>
#include <stdint.h>

G_BEGIN_DECLS

#define LTTV_FILTER_ERROR (lttv_filter_error_quark())
GQuark lttv_filter_error_quark(void);

typedef enum {
	LTTV_FILTER_ERROR_SYNTAX, /* unexpected token, unbalanced parenthesis... */
	LTTV_FILTER_ERROR_FIELD,  /* unknown field or root ("evnt.name") */
	LTTV_FILTER_ERROR_VALUE,  /* bad literal, regular expression or time */
} LttvFilterErrorCode;

typedef struct LttvFilter LttvFilter;

/* Compiles `expr`.  On error, the message reads "column N: ..." (N counts
 * characters from 1) and, when `error_column` is not NULL, it gets N: the
 * place the error points at.  `origin` is the time relative times
 * ("+1.5s") count from: the traceset's start (0 when none). */
LttvFilter *lttv_filter_new(const char *expr, LttvTime origin, guint *error_column, GError **error);
/* The same, with time strings ("22:14:38.5", "2017-06-15 22:14:38") read
 * in the local time zone (TZ) when `local_time`, as the tools' --local. */
LttvFilter *lttv_filter_new_full(const char *expr, LttvTime origin, gboolean local_time,
                                 guint *error_column, GError **error);
void lttv_filter_free(LttvFilter *f);
/* The same filter (expression, time origin, time zone) compiled again, to
 * match events in another thread. */
LttvFilter *lttv_filter_copy(const LttvFilter *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LttvFilter, lttv_filter_free)

/* The expression as given. */
const char *lttv_filter_expression(const LttvFilter *f);
/* TRUE when it uses state.* fields (then matching needs a process
 * lookup). */
gboolean lttv_filter_needs_state(const LttvFilter *f);

/* --- the process an event belongs to, for state.* fields --- */
typedef struct {
	int64_t tid, pid, ppid; /* -1 when unknown */
	const char *name;       /* NULL when unknown */
} LttvFilterProcess;
/* Fills `out` for `ev`; FALSE when the process is unknown. */
typedef gboolean (*LttvFilterProcessFn)(const LttvEvent *ev, LttvFilterProcess *out,
                                        gpointer user_data);
/* The lookups of the state history (user_data: const LttvHistory *; the
 * thread of lttv_history_event_owner(), for user-space events too), and
 * of a state engine that has applied every item before `ev` (user_data:
 * const LttvState *; the thread running on the event's CPU). */
gboolean lttv_filter_process_from_history(const LttvEvent *ev, LttvFilterProcess *out,
                                          gpointer history);
gboolean lttv_filter_process_from_state(const LttvEvent *ev, LttvFilterProcess *out,
                                        gpointer state);

/* TRUE when `ev` passes.  `process` may be NULL: state.* fields are then
 * unknown (their comparisons false). */
gboolean lttv_filter_match(LttvFilter *f, const LttvEvent *ev, LttvFilterProcessFn process,
                           gpointer user_data);

/* Every field name a filter on `ts` can use: the fixed ones, then
 * "event.<name>" for each field of every event class, each group sorted
 * (for completion and a field list).  `ts` may be NULL (the fixed ones).
 * Free with g_strfreev. */
char **lttv_filter_field_names(const LttvTraceset *ts);

G_END_DECLS

#endif
