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
 * birth; threads of unknown process last.  A reused tid is a row of its own. */
GArray *cf_rows_new(const LttvHistory *h);
/* Compares two rows in that order (for tree sorting). */
int cf_row_compare(const CfRow *a, const CfRow *b);

/* The rows of the tab's current history, built once per history (and
 * dropped when the tab's history changes); NULL without a history.
 * Valid until the tab's next "notify::history". */
GArray *cf_rows_of_tab(LttvTab *tab);

/* --- sampling (cf-sample.c) --- */

/* Columns [c0, c1) of a row that share one value and flags, as
 * lttv_history_sample() gives them (LTTV_SAMPLE_VALUE, _SEVERAL; value
 * 0 without LTTV_SAMPLE_VALUE). */
typedef struct {
	guint c0, c1;
	guint32 value;
	guint8 flags;
} CfSpan;

/* The samples of lttv_history_sample() for `cols` columns over
 * [t0, t1], column for column the same, as runs: one step per change
 * of value rather than per column.  `out` holds `cols` spans; returns
 * how many were written (they cover [0, cols) in order). */
guint cf_sample_spans(const LttvHistory *h, guint trace, guint row, LttvTime t0, LttvTime t1,
                      guint cols, CfSpan *out);

/* --- lost events (cf-lost.c) --- */

typedef struct {
	LttvTime begin, end;
	guint64 count; /* 0 when unknown */
} CfLost;

/* TRUE when some stream of `ts` reports discarded events or packets (from
 * the packet index: no event is read). */
gboolean cf_lost_any(LttvTraceset *ts);
/* The regions where events were lost (of CfLost), from the traceset's
 * notices (the packet index: no event is read).  NULL with `error` when
 * cancelled. */
GArray *cf_lost_scan(LttvTraceset *ts, GCancellable *cancel, GError **error);

/* --- drawing (cf-draw.c) --- */

typedef struct {
	LttvTime t0, t1;
	double x, w;        /* the time-line area (w: whole pixels) */
	double row_h;       /* full row height */
	const GArray *lost; /* of CfLost, may be NULL */
	gboolean opaque;    /* the rows' background is drawn too */
	/* an image of what lies left of the time line on the rows (their
	 * names): x - its width to x, n * row_h high; drawn with the rows
	 * (copied with each line when written in place, memory bandwidth
	 * being what a tall redraw costs), or NULL */
	cairo_surface_t *left;
} CfDrawParams;

/* Draws the rows `rows[i]` at y0 + i * row_h (in the time-line area
 * `p->x`, `p->w`): state bars, hatching for UNCERTAIN, a dot above
 * columns where the state changes.  The background, black, is the
 * caller's, or with `p->opaque` drawn here over each row's whole height
 * (each pixel then written once). */
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
/* The same into a buffer of CF_ROW_KEY_SIZE (no allocation per row). */
#define CF_ROW_KEY_SIZE 24
void cf_row_key_into(const CfRow *r, char *buf, gsize size);
/* The rows shown (of CfRow *, into `rows`): all but the hidden ones. */
GPtrArray *cf_shown_rows(LttvTab *tab, GArray *rows);
/* The names column: one "name ... tid" line per row, threads indented. */
void cf_draw_names(cairo_t *cr, double x, double y, double w, double row_h,
                   const CfRow *const *rows, guint n);
/* The names column of `rows` (from cf_rows_of_tab()) as an image of
 * `cr`'s target's format, `w` x n * row_h, for a target drawn at whole
 * pixels: what cf_draw_names() draws there, kept on the tab (laid out
 * again only when the rows or the size change).  NULL for other targets
 * (vector ones get the text itself). */
cairo_surface_t *cf_names_image(LttvTab *tab, cairo_t *cr, int w, int row_h,
                                const CfRow *const *rows, guint n);
/* TRUE when `cr` draws on an image surface (RGB24 or ARGB32) at whole
 * pixels (no scale, an integer translation): pixels can be written and
 * copied with the same result as cairo's drawing. */
gboolean cf_target_is_pixel_image(cairo_t *cr);
/* Lost-event regions kept on the tab for its current traceset (NULL:
 * not scanned yet); cf_lost_store takes `lost`. */
const GArray *cf_lost_cached(LttvTab *tab);
void cf_lost_store(LttvTab *tab, LttvTraceset *ts, GArray *lost);

G_END_DECLS

#endif
