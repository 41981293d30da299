/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The statistics view drawn without a display (tests, `--render`, PNG and
 * SVG export): the header line, then the tree as a table, expanded as
 * deep as fits, the largest children of each node first ("… N more" for
 * the rest); one layout line per drawn row. */
#include "st.h"

#include <string.h>

#define HEADER_H     26
#define COLS_H       22
#define ROW_H        20
#define INDENT       14
#define SHARE_TEXT_W 66
#define MAX_DEPTH    5 /* trace, group, CPU or thread, mode, sub-mode, event */

typedef struct {
	const LttvStatsNode *n; /* NULL: a "… N more" row */
	int depth;
	guint hidden;
	char *path;
} Row;

static void row_clear(gpointer data)
{
	g_free(((Row *)data)->path);
}

/* "trace:0/processes/thread:1234/mode:SYSCALL/submode:read" */
static char *path_segment(const LttvStatsNode *n)
{
	g_autofree char *name = g_strdup(n->name[0] ? n->name : "?");

	g_strdelimit(name, " /", '_');
	switch (n->kind) {
	case LTTV_STATS_TRACE: return g_strdup_printf("trace:%" G_GINT64_FORMAT, n->id);
	case LTTV_STATS_CPUS:
	case LTTV_STATS_PROCESSES:
	case LTTV_STATS_EVENT_TYPES: return g_strdup(lttv_stats_kind_name(n->kind));
	case LTTV_STATS_CPU: return g_strdup_printf("cpu:%" G_GINT64_FORMAT, n->id);
	case LTTV_STATS_THREAD: return g_strdup_printf("thread:%" G_GINT64_FORMAT, n->tid);
	case LTTV_STATS_EVENT_TYPE: return g_strdup_printf("event:%s", name);
	default: return g_strdup_printf("%s:%s", lttv_stats_kind_name(n->kind), name);
	}
}

/* The rows of the tree to `max_depth`, at most `k` children per node;
 * stops past `limit` rows.  `rows` NULL: only counts. */
static guint collect(const LttvStatsNode *n, const char *parent_path, int depth, int max_depth,
                     guint k, guint limit, GArray *rows)
{
	g_autofree char *seg = path_segment(n);
	g_autofree char *path =
	        parent_path ? g_strconcat(parent_path, "/", seg, NULL) : g_strdup(seg);
	guint count = 1, taken = 0, hidden = 0;

	if (rows) {
		Row r = {n, depth, 0, g_strdup(path)};

		g_array_append_val(rows, r);
	}
	if (depth >= max_depth)
		return count;
	for (guint i = 0; i < n->n_children && count <= limit; i++) {
		if (!st_node_shown(n->children[i]))
			continue;
		if (taken == k) {
			hidden++;
			continue;
		}
		taken++;
		count +=
		        collect(n->children[i], path, depth + 1, max_depth, k, limit - count, rows);
	}
	if (hidden) {
		count++;
		if (rows) {
			Row r = {NULL, depth + 1, hidden, g_strconcat(path, "/...", NULL)};

			g_array_append_val(rows, r);
		}
	}
	return count;
}

static guint count_all(const LttvStatsNode *root, int max_depth, guint k, guint limit)
{
	guint count = 0;

	for (guint t = 0; t < root->n_children && count <= limit; t++)
		count += collect(root->children[t], NULL, 0, max_depth, k, limit - count, NULL);
	return count;
}

/* As deep as fits with at least a few children per node, and as many
 * children as then fit. */
static void choose_shape(const LttvStatsNode *root, guint fit, int *depth, guint *k)
{
	for (int d = MAX_DEPTH; d >= 0; d--) {
		guint lo = 0;

		for (guint c = 1; c <= 256 && count_all(root, d, c, fit) <= fit; c++)
			lo = c;
		*depth = d;
		*k = MAX(lo, 1);
		if (lo >= 4 || d == 0)
			return;
	}
}

typedef struct {
	double x, w;
	const char *title;
} Col;

enum { C_NAME, C_EVENTS, C_CPU, C_ELAPSED, C_SHARE, N_C };

static void text_at(cairo_t *cr, PangoLayout *pl, const char *text, double x, double y, double w,
                    double h, gboolean right)
{
	int tw, th;

	pango_layout_set_width(pl, (int)MAX(w, 1) * PANGO_SCALE);
	pango_layout_set_text(pl, text, -1);
	pango_layout_get_pixel_size(pl, &tw, &th);
	cairo_move_to(cr, right ? x + w - tw : x, y + (h - th) / 2);
	pango_cairo_show_layout(cr, pl);
}

static void bar_colour(const LttvStatsNode *n, double rgb[3])
{
	if (n->kind == LTTV_STATS_CPU_MODE)
		lttv_palette_cpu((LttvCpuMode)n->id, rgb);
	else if (n->kind == LTTV_STATS_MODE)
		lttv_palette_mode((LttvExecMode)n->id, rgb);
	else {
		rgb[0] = 0.25;
		rgb[1] = 0.55;
		rgb[2] = 0.9;
	}
}

static void draw_row(cairo_t *cr, PangoLayout *pl, const Col *cols, const Row *r, double y, guint i)
{
	const LttvStatsNode *n = r->n;
	gboolean times = n && n->kind != LTTV_STATS_EVENT_TYPE && n->kind != LTTV_STATS_EVENT_TYPES;
	double indent = r->depth * INDENT;
	g_autofree char *label = NULL;
	char buf[64];

	cairo_set_source_rgb(cr, i % 2 ? 0.15 : 0.12, i % 2 ? 0.15 : 0.12, i % 2 ? 0.16 : 0.13);
	cairo_rectangle(cr, 0, y, cols[N_C - 1].x + cols[N_C - 1].w, ROW_H);
	cairo_fill(cr);
	if (!n) {
		label = g_strdup_printf(
		        g_dngettext(GETTEXT_PACKAGE, "… %u more", "… %u more", r->hidden),
		        r->hidden);
		cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
		text_at(cr, pl, label, cols[C_NAME].x + 6 + indent, y, cols[C_NAME].w - indent - 8,
		        ROW_H, FALSE);
		return;
	}
	label = st_node_label(n);
	cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
	text_at(cr, pl, label, cols[C_NAME].x + 6 + indent, y, cols[C_NAME].w - indent - 8, ROW_H,
	        FALSE);
	g_snprintf(buf, sizeof(buf), "%" G_GUINT64_FORMAT, n->events);
	text_at(cr, pl, buf, cols[C_EVENTS].x, y, cols[C_EVENTS].w - 6, ROW_H, TRUE);
	if (!times)
		return;
	text_at(cr, pl, st_format_time(n->cpu_time, buf, sizeof(buf)), cols[C_CPU].x, y,
	        cols[C_CPU].w - 6, ROW_H, TRUE);
	text_at(cr, pl, st_format_time(n->elapsed, buf, sizeof(buf)), cols[C_ELAPSED].x, y,
	        cols[C_ELAPSED].w - 6, ROW_H, TRUE);
	{
		/* the bar on the left, the number on the right */
		double rgb[3], bw = (cols[C_SHARE].w - SHARE_TEXT_W - 8) * MIN(n->share, 1.0);

		bar_colour(n, rgb);
		cairo_set_source_rgb(cr, 0.22, 0.23, 0.25);
		cairo_rectangle(cr, cols[C_SHARE].x + 6, y + 5, cols[C_SHARE].w - SHARE_TEXT_W - 8,
		                ROW_H - 10);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
		cairo_rectangle(cr, cols[C_SHARE].x + 6, y + 5, MAX(bw, n->share > 0 ? 1 : 0),
		                ROW_H - 10);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
		text_at(cr, pl, st_format_share(n->share, buf, sizeof(buf)),
		        cols[C_SHARE].x + cols[C_SHARE].w - SHARE_TEXT_W, y, SHARE_TEXT_W - 6,
		        ROW_H, TRUE);
	}
}

static void draw_headers(cairo_t *cr, PangoLayout *pl, const Col *cols, int width,
                         const char *header)
{
	cairo_set_source_rgb(cr, 0.08, 0.09, 0.1);
	cairo_rectangle(cr, 0, 0, width, HEADER_H);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.85, 0.87, 0.9);
	pango_layout_set_ellipsize(pl, PANGO_ELLIPSIZE_END);
	text_at(cr, pl, header, 6, 0, width - 12, HEADER_H, FALSE);
	cairo_set_source_rgb(cr, 0.13, 0.14, 0.16);
	cairo_rectangle(cr, 0, HEADER_H, width, COLS_H);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.85, 0.87, 0.9);
	for (int c = 0; c < N_C; c++)
		text_at(cr, pl, cols[c].title, cols[c].x + 6, HEADER_H, cols[c].w - 12, COLS_H,
		        c != C_NAME);
	cairo_set_source_rgb(cr, 0.35, 0.37, 0.4);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, 0, HEADER_H + COLS_H - 0.5);
	cairo_line_to(cr, width, HEADER_H + COLS_H - 0.5);
	cairo_stroke(cr);
}

gboolean st_render(LttvTab *tab, cairo_t *cr, int width, int height, GString *layout,
                   GError **error)
{
	g_autoptr(StResult) res = NULL;
	const LttvStatsNode *root;
	g_autoptr(GArray) rows = g_array_new(FALSE, FALSE, sizeof(Row));
	g_autoptr(PangoLayout) pl = NULL;
	g_autofree char *header = NULL;
	Col cols[N_C] = {
	        {0, 0, _("Statistic")}, {0, 90, _("Events")},      {0, 110, _("CPU time")},
	        {0, 110, _("Elapsed")}, {0, 160, _("% of range")},
	};
	guint fit, k;
	int depth;

	if (width < 400 || height < HEADER_H + COLS_H + ROW_H) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            _("%d x %d is too small for the statistics view"), width, height);
		return FALSE;
	}
	res = st_get_sync(tab, NULL, error);
	if (!res)
		return FALSE;
	root = lttv_stats_root(res->stats);
	fit = (guint)((height - HEADER_H - COLS_H) / ROW_H);
	choose_shape(root, fit, &depth, &k);
	g_array_set_clear_func(rows, row_clear);
	for (guint t = 0; t < root->n_children; t++)
		collect(root->children[t], NULL, 0, depth, k, G_MAXUINT, rows);

	/* the numbers right, the name column takes what is left */
	cols[C_SHARE].x = width - cols[C_SHARE].w;
	for (int c = C_ELAPSED; c >= C_EVENTS; c--)
		cols[c].x = cols[c + 1].x - cols[c].w;
	cols[C_NAME].w = cols[C_EVENTS].x;

	header = st_describe(res->stats, res->in.selection);
	pl = lttv_timeline_text_layout(cr, "Sans 9");
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.11);
	cairo_paint(cr);
	draw_headers(cr, pl, cols, width, header);
	if (layout)
		g_string_append_printf(layout,
		                       "0 %d kind=header begin=%" G_GINT64_FORMAT
		                       " end=%" G_GINT64_FORMAT " events=%" G_GUINT64_FORMAT
		                       " selection=%d partial=%d depth=%d children=%u bars=%d-%d\n",
		                       HEADER_H, lttv_stats_begin(res->stats),
		                       lttv_stats_end(res->stats), root->events, res->in.selection,
		                       lttv_stats_partial(res->stats), depth, k,
		                       (int)cols[C_SHARE].x + 6,
		                       (int)(cols[C_SHARE].x + cols[C_SHARE].w) - SHARE_TEXT_W - 2);
	for (guint i = 0; i < rows->len && i < fit; i++) {
		const Row *r = &g_array_index(rows, Row, i);
		int y0 = HEADER_H + COLS_H + (int)i * ROW_H;
		char share[32];

		draw_row(cr, pl, cols, r, y0, i);
		if (!layout)
			continue;
		if (!r->n) {
			g_string_append_printf(layout,
			                       "%d %d depth=%d kind=more path=%s hidden=%u\n", y0,
			                       y0 + ROW_H, r->depth, r->path, r->hidden);
			continue;
		}
		g_string_append_printf(layout,
		                       "%d %d depth=%d kind=%s path=%s events=%" G_GUINT64_FORMAT
		                       " cpu_ns=%" G_GINT64_FORMAT " elapsed_ns=%" G_GINT64_FORMAT
		                       " share=%s name=%s\n",
		                       y0, y0 + ROW_H, r->depth, lttv_stats_kind_name(r->n->kind),
		                       r->path, r->n->events, r->n->cpu_time, r->n->elapsed,
		                       g_ascii_formatd(share, sizeof(share), "%.6f", r->n->share),
		                       r->n->name);
	}
	cairo_restore(cr);
	return TRUE;
}
