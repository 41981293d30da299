/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The detailed event list's parts over its model (ev-model.h): the drawing
 * shared by the widget and the headless rendering (ev-draw.c), the worker
 * thread that reads for the widget (ev-worker.c), the search
 * (ev-search.c), the widget (ev-view.c) and the rendering and CSV export
 * (ev-render.c). */
#ifndef LTTV_EVENTS_EV_H
#define LTTV_EVENTS_EV_H

#include "ev-model.h"

#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>
#include <lttv/tab.h>
#include <lttv/view.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* --- drawing (ev-draw.c) --- */

enum {
	EV_COL_TIME,
	EV_COL_DELTA,
	EV_COL_CPU,
	EV_COL_NAME,
	EV_COL_PROCESS,
	EV_COL_TID,
	EV_COL_TRACE,
	EV_COL_FIELDS,
	EV_N_COLS
};

typedef struct {
	double width[EV_N_COLS]; /* the fields column takes what is left */
	gboolean show_trace;
	char **trace_names; /* by rank in the traceset (not owned; NULL: numbers) */
} EvColumns;

typedef struct {
	double bg[3], bg_alt[3], fg[3], dim[3], sel_bg[3], sel_fg[3];
	double head_bg[3], head_fg[3], grid[3];
} EvPalette;

#define EV_FONT     "Monospace 9"
#define EV_ROW_H    18
#define EV_HEADER_H 22

void ev_columns_init(EvColumns *cols, gboolean several_traces);
const char *ev_column_title(int col);
/* The x where column `col` starts, and its width (0 when hidden). */
double ev_column_x(const EvColumns *cols, int col);
double ev_column_width(const EvColumns *cols, int col, double total);
/* The light palette of exports. */
void ev_palette_light(EvPalette *p);
/* The cell text of a row (into buf, >= 64 bytes), or the row's own
 * text (fields, names). */
const char *ev_cell_text(const EvColumns *cols, const EvRow *row, int col, char *buf, gsize len);
void ev_draw_header(cairo_t *cr, PangoLayout *pl, const EvColumns *cols, double w,
                    const EvPalette *p);
/* One row at y; `index` alternates the background. */
void ev_draw_row(cairo_t *cr, PangoLayout *pl, const EvColumns *cols, const EvRow *row, double y,
                 double w, guint index, gboolean selected, const EvPalette *p);
/* A line of text in the list (a message in place of rows). */
void ev_draw_message(cairo_t *cr, PangoLayout *pl, double y, double w, const char *text,
                     const EvPalette *p);
/* The row as one line of text, cells separated by tabs (the clipboard). */
char *ev_row_text(const EvColumns *cols, const EvRow *row);

/* --- the worker that reads for a widget (ev-worker.c) --- */

typedef struct EvWorker EvWorker;
typedef enum { EV_JOB_FORWARD, EV_JOB_BACKWARD, EV_JOB_SETUP } EvJobKind;
typedef struct {
	EvJobKind kind;
	guint gen;
	EvKey key; /* FORWARD: from; BACKWARD: before */
	guint want;
	gboolean select;
	EvBatch batch;
	GError *error;
	gboolean stale; /* skipped: a newer generation came */
	EvScale *scale; /* SETUP: the scale of the worker's traceset (may be taken) */
} EvJobResult;
typedef void (*EvJobDoneFn)(const EvJobResult *res, gpointer data);

/* A worker thread over a traceset of its own (opened from `paths`); `done`
 * is called in the caller's main context for every job. */
EvWorker *ev_worker_new(char **paths, EvJobDoneFn done, gpointer data);
/* No more calls of `done` (the view is gone); the worker ends once its
 * queued jobs are skipped. */
void ev_worker_detach(EvWorker *w);
/* Jobs of generations before `gen` are skipped from now on. */
void ev_worker_set_gen(EvWorker *w, guint gen);
void ev_worker_read(EvWorker *w, EvJobKind kind, guint gen, EvKey key, guint want, gboolean select);
/* Sets the filter and, when `history` (opened from the cache in the
 * worker), the history; a SETUP result tells how it went. */
void ev_worker_setup(EvWorker *w, guint gen, const char *filter, gboolean history);

/* --- the search (ev-search.c) --- */

typedef struct EvSearch EvSearch;
/* Where a search found a match (or found none: `found` FALSE). */
typedef void (*EvSearchFoundFn)(gboolean found, EvKey key, gpointer data);
/* The search bar (a GtkSearchBar) for a list over `tab`; `found` is called
 * in the main context. */
EvSearch *ev_search_new(LttvTab *tab, EvSearchFoundFn found, gpointer data);
GtkWidget *ev_search_widget(EvSearch *s);
void ev_search_free(EvSearch *s);
/* Where the next search starts: the selected (or top) event. */
void ev_search_set_origin(EvSearch *s, EvKey key);
void ev_search_show(EvSearch *s);
/* Searches the next (`forward`) or previous match of the bar's text. */
void ev_search_step(EvSearch *s, gboolean forward);
/* Stops a search running (inputs changed). */
void ev_search_cancel(EvSearch *s);
/* The state of the list: the filter, and whether the history is ready
 * for a filter that needs it. */
void ev_search_set_filter(EvSearch *s, const char *filter, gboolean history_ready);

/* --- the view (ev-view.c, ev-render.c) --- */

GtkWidget *ev_view_new(LttvTab *tab);
/* One layout line of a drawn row: "y0 y1 time=NS cpu=N name=... tid=..." */
void ev_layout_line(GString *layout, const EvRow *row, int y0, gboolean selected);
gboolean ev_render(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
                   GError **error);
gboolean ev_export_csv(LttvTab *tab, GOutputStream *out, GCancellable *cancel, GError **error);
/* The names of the tab's traces by rank (g_strfreev). */
char **ev_tab_trace_names(LttvTab *tab);

G_END_DECLS

#endif
