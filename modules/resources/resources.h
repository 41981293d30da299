/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The resource view's parts: the rows (CPUs, IRQ lines, softirq vectors,
 * block devices, grouped per trace and kind), their colours and texts,
 * the drawing shared by the widget and the headless rendering. */
#ifndef LTTV_RESOURCES_H
#define LTTV_RESOURCES_H

#include <glib/gi18n-lib.h>
#include <lttv/history.h>
#include <lttv/tab.h>
#include <lttv/timeline.h>
#include <lttv/view.h>

G_BEGIN_DECLS

/* Row geometry shared by the widget and the rendering. */
#define RES_ROW_H        20
#define RES_BAR_FRACTION 0.6

typedef enum { RES_CPU, RES_IRQ, RES_SOFTIRQ, RES_DISK, RES_N_KINDS } ResKind;

typedef enum {
	RES_ITEM_TRACE,    /* a trace's header */
	RES_ITEM_GROUP,    /* a kind's header inside a trace */
	RES_ITEM_RESOURCE, /* a CPU, an IRQ line... */
} ResItemType;

typedef struct {
	ResItemType type;
	guint trace;
	ResKind kind;       /* groups and resources */
	guint hrow;         /* resources: the history's row */
	int64_t entity;     /* resources: CPU, IRQ, vector, dev_t */
	char *label;        /* the names column, the layout's name= */
	char *detail;       /* right-aligned beside it ("" when none) */
	const char *name;   /* resources: lttv_history_row_name() (NULL) */
	gboolean used;      /* resources: ever busy, raised, reading... */
	guint n_rows;       /* headers: resources below */
	guint n_used;       /* headers: used resources below */
	gboolean collapsed; /* headers: as of the last res_items_shown() */
} ResItem;

/* --- rows (res-model.c) --- */

/* Every item of `h` in display order: per trace its header, then per
 * kind its header and its resources by number.  `ts` names the traces
 * (NULL: "Trace N"). */
GArray *res_items_new(const LttvHistory *h, LttvTraceset *ts);
/* "0" for trace 0's header, "0:irq" for its IRQ lines' header. */
char *res_item_key(const ResItem *it);
const char *res_kind_id(ResKind k); /* "cpu", "irq", "softirq", "disk" */
/* The items shown (of ResItem *, into `items`): the headers, and the
 * resources of expanded groups, unused ones only when asked to (also
 * sets the headers' `collapsed`).  A group's resources follow its header
 * in `items`. */
GPtrArray *res_items_shown(LttvTab *tab, GArray *items);
/* What a widget of the tab shows, kept on the tab so that export and
 * `--render` draw the same (headless: LTTV_RESOURCES_COLLAPSED="0:irq,1"
 * and LTTV_RESOURCES_SHOW_UNUSED=1 set them on a tab no widget set). */
gboolean res_collapsed(LttvTab *tab, const ResItem *it);
void res_set_collapsed(LttvTab *tab, const ResItem *it, gboolean collapsed);
gboolean res_show_unused(LttvTab *tab);
void res_set_show_unused(LttvTab *tab, gboolean show);

/* --- modes and colours (res-text.c) --- */

/* The modes of a kind: CPU: LttvCpuMode; IRQ: idle, busy; softirq: idle,
 * raised, running; disk: LttvDiskMode. */
guint res_n_modes(ResKind k);
guint res_mode_of(ResKind k, guint32 value);
/* "idle", "busy"...: the CSV's words (not translated). */
const char *res_mode_id(ResKind k, guint mode);
/* The same for people. */
const char *res_mode_label(ResKind k, guint mode);
/* The colour of a mode; TRUE when it is drawn hatched (unknown). */
gboolean res_mode_colour(ResKind k, guint mode, double rgb[3]);

/* --- texts (res-text.c) --- */

/* Tooltip markup for a resource at `t`: its mode, the running thread of a
 * CPU, the requests in flight on a disk with their latency, the
 * interval's start and duration (NULL: no value then). */
char *res_state_text(const LttvHistory *h, const ResItem *it, LttvTime t);
/* CSV: per resource, the time in each mode over the selection (the
 * window when none): trace,kind,id,name,mode,ns. */
gboolean res_export_csv(LttvTab *tab, GOutputStream *out, GCancellable *cancel, GError **error);

/* --- drawing (res-draw.c) --- */

typedef struct {
	LttvTime t0, t1;
	double x, w;  /* the time-line area (w: whole pixels) */
	double row_h; /* full row height */
} ResDrawParams;

/* Draws the items at y0 + i * row_h in the time-line area: a bar per
 * resource (one history sample per pixel column), a band per header (a
 * collapsed group's with a summary of its resources: the share of CPUs
 * busy, the most active mode of the others); hatching where unknown or
 * uncertain, a dot above columns where the value changes, the part a
 * build has not reached yet shaded. */
void res_draw_rows(cairo_t *cr, const LttvHistory *h, const ResItem *const *items, guint n,
                   double y0, const ResDrawParams *p);
/* The names column: headers with their expander, resources indented;
 * `cursor` (an index into items, -1: none) highlighted. */
void res_draw_names(cairo_t *cr, double x, double y, double w, double row_h,
                    const ResItem *const *items, guint n, int cursor, gboolean focused);
/* The names column's title over the ruler's height. */
void res_draw_names_header(cairo_t *cr, double w, double h);
/* A centred message on black. */
void res_draw_message(cairo_t *cr, double x, double y, double w, double h, const char *text);
/* The legend: a swatch and a name per kind and mode; the height used. */
double res_draw_legend(cairo_t *cr, double x, double y, double w);

/* --- the view (res-view.c, res-render.c) --- */

GtkWidget *res_view_new(LttvTab *tab);
gboolean res_render(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
                    GError **error);
/* Appends the layout line of an item drawn at [y0, y1) x [x0, x1). */
void res_layout_line(GString *layout, const ResItem *it, gboolean expanded, int y0, int y1, int x0,
                     int x1);

G_END_DECLS

#endif
