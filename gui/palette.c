/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LTTV's colours (lttv-classic §3.3/3.4), shared by every view so that a
 * state looks the same everywhere and in the legend. */
#include <lttv/view.h>

static void set(double rgb[3], double r, double g, double b)
{
	rgb[0] = r;
	rgb[1] = g;
	rgb[2] = b;
}

void lttv_palette_mode(LttvExecMode mode, double rgb[3])
{
	switch (mode) {
	case LTTV_MODE_USER: set(rgb, 0.0, 0.85, 0.0); break;    /* green */
	case LTTV_MODE_SYSCALL: set(rgb, 0.55, 0.7, 1.0); break; /* pale blue */
	case LTTV_MODE_TRAP: set(rgb, 1.0, 1.0, 0.0); break;     /* yellow */
	case LTTV_MODE_IRQ: set(rgb, 1.0, 0.6, 0.0); break;      /* orange */
	case LTTV_MODE_SOFTIRQ: set(rgb, 1.0, 0.55, 0.8); break; /* pink */
	default: set(rgb, 1.0, 1.0, 1.0); break;                 /* white: unknown */
	}
}

void lttv_palette_status(LttvProcessStatus status, double rgb[3])
{
	switch (status) {
	case LTTV_STATUS_RUN: lttv_palette_mode(LTTV_MODE_USER, rgb); break;
	case LTTV_STATUS_WAIT: set(rgb, 0.6, 0.0, 0.0); break;      /* dark red */
	case LTTV_STATUS_WAIT_CPU: set(rgb, 0.6, 0.6, 0.0); break;  /* dark yellow */
	case LTTV_STATUS_ZOMBIE: set(rgb, 0.4, 0.0, 0.4); break;    /* dark purple */
	case LTTV_STATUS_WAIT_FORK: set(rgb, 0.0, 0.4, 0.0); break; /* dark green */
	case LTTV_STATUS_EXIT: set(rgb, 0.75, 0.0, 0.75); break;    /* less dark magenta */
	case LTTV_STATUS_DEAD: set(rgb, 0.0, 0.0, 0.0); break;      /* black */
	default: set(rgb, 1.0, 1.0, 1.0); break;                    /* white: unnamed */
	}
}

void lttv_palette_thread(guint32 value, double rgb[3])
{
	if (LTTV_THREAD_STATUS(value) == LTTV_STATUS_RUN)
		lttv_palette_mode(LTTV_THREAD_MODE(value), rgb);
	else
		lttv_palette_status(LTTV_THREAD_STATUS(value), rgb);
}

void lttv_palette_cpu(LttvCpuMode mode, double rgb[3])
{
	switch (mode) {
	case LTTV_CPU_IDLE: set(rgb, 0.5, 0.5, 0.5); break;     /* grey */
	case LTTV_CPU_BUSY: set(rgb, 1.0, 1.0, 1.0); break;     /* white */
	case LTTV_CPU_IRQ: set(rgb, 1.0, 0.6, 0.0); break;      /* orange */
	case LTTV_CPU_SOFTIRQ: set(rgb, 1.0, 0.55, 0.8); break; /* pink */
	case LTTV_CPU_TRAP: set(rgb, 1.0, 1.0, 0.0); break;     /* yellow */
	default: set(rgb, 0.0, 0.0, 0.0); break;                /* black: unknown */
	}
}

void lttv_palette_hatch(cairo_t *cr, double x, double y, double w, double h)
{
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_set_source_rgba(cr, 0.0, 0.0, 0.0, 0.55);
	cairo_set_line_width(cr, 1.0);
	/* 45° lines every 4 units, anchored on absolute x so that adjacent
	 * pieces join into one pattern */
	for (double s = x - h - ((long)(x - h) % 4); s < x + w; s += 4) {
		cairo_move_to(cr, s, y + h);
		cairo_line_to(cr, s + h, y);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}
