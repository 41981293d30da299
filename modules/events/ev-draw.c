/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The list's columns and their drawing with cairo and Pango, the same on
 * screen and in exports. */
#include "ev.h"

#include <math.h>
#include <string.h>

static const char *const titles[EV_N_COLS] = {
        N_("Time"),    N_("Delta"), N_("CPU"),   N_("Event"),
        N_("Process"), N_("TID"),   N_("Trace"), N_("Fields"),
};

/* widths that fit "22:14:38.000000123", "+0.000001868" in EV_FONT */
static const double default_width[EV_N_COLS] = {150, 104, 40, 220, 140, 64, 140, 0};

void ev_columns_init(EvColumns *cols, gboolean several_traces)
{
	memcpy(cols->width, default_width, sizeof(cols->width));
	cols->show_trace = several_traces;
	cols->trace_names = NULL;
}

const char *ev_column_title(int col)
{
	return _(titles[col]);
}

double ev_column_x(const EvColumns *cols, int col)
{
	double x = 0;

	for (int i = 0; i < col; i++)
		x += ev_column_width(cols, i, G_MAXDOUBLE);
	return x;
}

double ev_column_width(const EvColumns *cols, int col, double total)
{
	if (col == EV_COL_TRACE && !cols->show_trace)
		return 0;
	if (col == EV_COL_FIELDS)
		return MAX(total - ev_column_x(cols, EV_COL_FIELDS), 40);
	return cols->width[col];
}

void ev_palette_light(EvPalette *p)
{
	static const EvPalette light = {
	        .bg = {1, 1, 1},
	        .bg_alt = {0.955, 0.96, 0.97},
	        .fg = {0.1, 0.1, 0.12},
	        .dim = {0.38, 0.4, 0.45},
	        .sel_bg = {0.21, 0.47, 0.82},
	        .sel_fg = {1, 1, 1},
	        .head_bg = {0.88, 0.89, 0.91},
	        .head_fg = {0.15, 0.16, 0.2},
	        .grid = {0.75, 0.77, 0.8},
	};

	*p = light;
}

const char *ev_cell_text(const EvColumns *cols, const EvRow *row, int col, char *buf, gsize len)
{
	switch (col) {
	case EV_COL_TIME: return lttv_time_format_clock(row->key.time, FALSE, buf, len);
	case EV_COL_DELTA:
		if (row->prev == LTTV_TIME_MIN)
			return "";
		buf[0] = '+';
		lttv_time_format_duration(row->key.time - row->prev, buf + 1, len - 1);
		if (buf[1] == '-')
			memmove(buf, buf + 1, strlen(buf));
		return buf;
	case EV_COL_CPU:
		if (row->cpu < 0)
			return "";
		g_snprintf(buf, len, "%" G_GINT64_FORMAT, row->cpu);
		return buf;
	case EV_COL_NAME: return row->name;
	case EV_COL_PROCESS: return row->process ? row->process : "";
	case EV_COL_TID:
		if (row->tid < 0)
			return "";
		g_snprintf(buf, len, "%" G_GINT64_FORMAT, row->tid);
		return buf;
	case EV_COL_TRACE:
		if (cols && cols->trace_names && row->trace < g_strv_length(cols->trace_names))
			return cols->trace_names[row->trace];
		g_snprintf(buf, len, "%u", row->trace);
		return buf;
	case EV_COL_FIELDS: return row->fields ? row->fields : "";
	default: return "";
	}
}

static void set_rgb(cairo_t *cr, const double c[3])
{
	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

/* The text of a cell, ellipsized to its width, vertically centred. */
static void draw_cell(cairo_t *cr, PangoLayout *pl, const char *text, double x, double y, double w,
                      double h, gboolean right)
{
	int tw, th;

	if (w <= 8 || !text || !*text)
		return;
	pango_layout_set_width(pl, (int)((w - 8) * PANGO_SCALE));
	pango_layout_set_text(pl, text, -1);
	pango_layout_get_pixel_size(pl, &tw, &th);
	cairo_move_to(cr, right ? x + w - 4 - tw : x + 4, y + (h - th) / 2);
	pango_cairo_show_layout(cr, pl);
}

void ev_draw_header(cairo_t *cr, PangoLayout *pl, const EvColumns *cols, double w,
                    const EvPalette *p)
{
	double x = 0;

	set_rgb(cr, p->head_bg);
	cairo_rectangle(cr, 0, 0, w, EV_HEADER_H);
	cairo_fill(cr);
	pango_layout_set_ellipsize(pl, PANGO_ELLIPSIZE_END);
	for (int c = 0; c < EV_N_COLS; c++) {
		double cw = ev_column_width(cols, c, w);

		if (cw <= 0)
			continue;
		set_rgb(cr, p->head_fg);
		draw_cell(cr, pl, ev_column_title(c), x, 0, cw, EV_HEADER_H, FALSE);
		x += cw;
		if (c != EV_COL_FIELDS) {
			set_rgb(cr, p->grid);
			cairo_rectangle(cr, floor(x) - 1, 3, 1, EV_HEADER_H - 6);
			cairo_fill(cr);
		}
	}
	set_rgb(cr, p->grid);
	cairo_rectangle(cr, 0, EV_HEADER_H - 1, w, 1);
	cairo_fill(cr);
}

void ev_draw_row(cairo_t *cr, PangoLayout *pl, const EvColumns *cols, const EvRow *row, double y,
                 double w, guint index, gboolean selected, const EvPalette *p)
{
	double x = 0;
	char buf[64];

	set_rgb(cr, selected ? p->sel_bg : index % 2 ? p->bg_alt : p->bg);
	cairo_rectangle(cr, 0, y, w, EV_ROW_H);
	cairo_fill(cr);
	pango_layout_set_ellipsize(pl, PANGO_ELLIPSIZE_END);
	for (int c = 0; c < EV_N_COLS; c++) {
		double cw = ev_column_width(cols, c, w);
		gboolean right = c == EV_COL_CPU || c == EV_COL_TID || c == EV_COL_DELTA;

		if (cw <= 0)
			continue;
		if (selected)
			set_rgb(cr, p->sel_fg);
		else
			set_rgb(cr, c == EV_COL_DELTA || c == EV_COL_TRACE ? p->dim : p->fg);
		draw_cell(cr, pl, ev_cell_text(cols, row, c, buf, sizeof buf), x, y, cw, EV_ROW_H,
		          right);
		x += cw;
	}
}

void ev_draw_message(cairo_t *cr, PangoLayout *pl, double y, double w, const char *text,
                     const EvPalette *p)
{
	set_rgb(cr, p->dim);
	pango_layout_set_ellipsize(pl, PANGO_ELLIPSIZE_END);
	draw_cell(cr, pl, text, 8, y, w - 16, EV_ROW_H, FALSE);
}

char *ev_row_text(const EvColumns *cols, const EvRow *row)
{
	GString *s = g_string_new(NULL);
	char buf[64];

	for (int c = 0; c < EV_N_COLS; c++) {
		if (c == EV_COL_TRACE && !cols->show_trace)
			continue;
		if (s->len)
			g_string_append_c(s, '\t');
		g_string_append(s, ev_cell_text(cols, row, c, buf, sizeof buf));
	}
	return g_string_free(s, FALSE);
}
