/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * syscall-latency: an example LTTV view module, built only with the
 * installed headers (lttv/view.h, lttv/tab.h, lttv/history.h...).
 *
 * compute.c  the system calls of a time range, from the state history
 * draw.c     the table and the histogram with cairo and pango
 * view.c     the GTK widget, the worker (GTask), render() and the module
 */
#ifndef SYSCALL_LATENCY_H
#define SYSCALL_LATENCY_H

#include <cairo.h>
#include <gio/gio.h>
#include <lttv/history.h>
#include <lttv/time.h>

G_BEGIN_DECLS

/* One line of the table: a system call name and its durations (ns). */
typedef struct {
	char *name;
	guint64 count;
	int64_t min, max, total;
} SlStat;

/* Histogram buckets: 4 per decade from 1 ns; bucket b holds durations in
 * [10^(b/4), 10^((b+1)/4)) ns.  48 buckets reach 1000 s. */
#define SL_BUCKETS_PER_DECADE 4
#define SL_N_BUCKETS          48

typedef struct {
	LttvTime t0, t1;  /* the range: system calls that began in [t0, t1) */
	GPtrArray *stats; /* of SlStat *, by total duration, largest first */
	guint64 buckets[SL_N_BUCKETS];
	guint64 n_calls;     /* counted */
	guint64 n_uncertain; /* left out: began while the thread's state was uncertain */
	int64_t total;       /* sum of the durations */
} SlResult;

/* Every system call that began in [t0, t1) and ended before the end of
 * the history, from the thread rows of `h`.  NULL with `error` when
 * cancelled. */
SlResult *sl_compute(const LttvHistory *h, LttvTime t0, LttvTime t1, GCancellable *cancel,
                     GError **error);
void sl_result_free(SlResult *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SlResult, sl_result_free)

int sl_bucket_of(int64_t ns);
/* The lower bound of bucket b, in ns. */
double sl_bucket_floor(int b);
/* "12.3 µs", "1.20 ms", "850 ns" into buf (at least 32 bytes). */
char *sl_format_duration(double ns, char *buf, size_t len);

/* Draws the histogram of `r` in the rectangle (x, y, w, h) of `cr`. */
void sl_draw_histogram(const SlResult *r, cairo_t *cr, double x, double y, double w, double h);
/* Draws the whole view: a title line, the table (rows as many as fit) and
 * the histogram below; appends "y0 y1 key=value..." lines to `layout`. */
void sl_draw_all(const SlResult *r, const char *title, cairo_t *cr, int width, int height,
                 GString *layout);

G_END_DECLS

#endif
