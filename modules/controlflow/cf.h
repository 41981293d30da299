/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The control flow view's parts: the rows (one per thread), the drawing
 * shared by the widget and the headless rendering, lost-event regions. */
#ifndef LTTV_CONTROLFLOW_CF_H
#define LTTV_CONTROLFLOW_CF_H

#include <glib/gi18n-lib.h>
#include <lttv/history.h>
#include <lttv/tab.h>
#include <lttv/timeline.h>
#include <lttv/view.h>

G_BEGIN_DECLS

/* --- rows (cf-model.c) --- */

typedef struct {
	guint trace;
	guint hrow;   /* the history's row */
	guint thread; /* the history's thread index */
	int64_t tid, pid, ppid;
	const char *name; /* owned by the history */
	int cpu;          /* last CPU it ran on, -1 when never seen running */
	gboolean birth_known, exited;
	LttvTime birth, exit;
	int parent; /* index of the process's row (tid == pid), -1 when none */
} CfRow;

/* Every thread of every trace of `h`, in the default order: processes by
 * pid (then tid, birth), each followed by its other threads by tid, then
 * birth.  A reused tid is a row of its own. */
GArray *cf_rows_new(const LttvHistory *h);
/* Compares two rows in that order (for tree sorting). */
int cf_row_compare(const CfRow *a, const CfRow *b);

/* --- lost events (cf-lost.c) --- */

typedef struct {
	LttvTime begin, end;
	guint64 count; /* 0 when unknown */
} CfLost;

/* TRUE when some stream of `ts` reports discarded events or packets (from
 * the packet index: no event is read). */
gboolean cf_lost_any(LttvTraceset *ts);
/* The regions where events were lost (of CfLost), reading the traceset's
 * notices: a pass over the trace.  NULL with `error` when cancelled or
 * on a trace error. */
GArray *cf_lost_scan(LttvTraceset *ts, GCancellable *cancel, GError **error);

/* --- drawing (cf-draw.c) --- */

typedef struct {
	LttvTime t0, t1;
	double x, w;        /* the time-line area (w: whole pixels) */
	double row_h;       /* full row height */
	const GArray *lost; /* of CfLost, may be NULL */
} CfDrawParams;

/* Draws the rows `rows[i]` at y0 + i * row_h (in the time-line area
 * `p->x`, `p->w`): state bars, hatching for UNCERTAIN, a dot above
 * columns where the state changes (the background, black, is the
 * caller's). */
void cf_draw_rows(cairo_t *cr, const LttvHistory *h, const CfRow *const *rows, guint n, double y0,
                  const CfDrawParams *p);
/* The lost-event regions of `p` as red bands over [y, y + h). */
void cf_draw_lost(cairo_t *cr, const CfDrawParams *p, double y, double h);
/* A centred message ("Building the state history... 42 %") on black. */
void cf_draw_message(cairo_t *cr, double x, double y, double w, double h, const char *text);
/* The legend: a swatch and a name per state, in a strip `w` wide
 * starting at (x, y); returns the height used. */
double cf_draw_legend(cairo_t *cr, double x, double y, double w);
/* What a tooltip shows for row `r` at `t`: process, state, mode, sub-mode,
 * start, end and duration of the state's interval (NULL: no value). */
char *cf_state_text(const LttvHistory *h, const CfRow *r, LttvTime t);
/* The name column text: "name (tid)". */
char *cf_row_label(const CfRow *r);

/* Row geometry shared by the widget and the rendering. */
#define CF_BAR_FRACTION 0.6

/* --- wakeups (cf-wakeup.c) --- */

typedef struct {
	LttvTime time;
	gint64 tid; /* woken */
	gint64 cpu; /* where the wakeup was emitted: its running thread woke */
	guint trace;
} CfWakeup;

/* The wakeup events of [t0, t1] (of CfWakeup), reading at most
 * `max_events` events (then *truncated).  NULL with `error` on a trace
 * error or when cancelled. */
GArray *cf_wakeups_scan(LttvTraceset *ts, LttvTime t0, LttvTime t1, guint64 max_events,
                        gboolean *truncated, GCancellable *cancel, GError **error);
/* Arrows from the waker's row to the woken thread's row, at the wakeup's
 * time, between rows drawn as cf_draw_rows() draws them. */
void cf_draw_wakeups(cairo_t *cr, const LttvHistory *h, const GArray *wakeups,
                     const CfRow *const *rows, guint n, double y0, const CfDrawParams *p);
/* Events read at most for the arrows of one window. */
#define CF_WAKEUP_MAX_EVENTS 2000000
/* Set on the tab while a widget shows wakeups, so that export does too. */
#define CF_WAKEUPS_KEY "lttv-controlflow-wakeups"

/* --- the view (cf-view.c, cf-render.c) --- */

GtkWidget *cf_view_new(LttvTab *tab);
gboolean cf_render(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
                   GError **error);
/* Rows the user hid in a widget of `tab` (a set of "trace:thread" keys
 * kept on the tab, so that export draws what the widget shows); NULL
 * when none. */
GHashTable *cf_hidden_rows(LttvTab *tab);
char *cf_row_key(const CfRow *r);
/* The rows shown (of CfRow *, into `rows`): all but the hidden ones. */
GPtrArray *cf_shown_rows(LttvTab *tab, GArray *rows);
/* The names column: one "name ... tid" line per row, threads indented. */
void cf_draw_names(cairo_t *cr, double x, double y, double w, double row_h,
                   const CfRow *const *rows, guint n);
/* Lost-event regions kept on the tab for its current traceset (NULL:
 * not scanned yet); cf_lost_store takes `lost`. */
const GArray *cf_lost_cached(LttvTab *tab);
void cf_lost_store(LttvTab *tab, LttvTraceset *ts, GArray *lost);

G_END_DECLS

#endif
