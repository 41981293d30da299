/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Drawing the control flow rows, shared by the widget and the headless
 * rendering: one history sample per pixel column and row (as runs of
 * columns, cf-sample.c), written as pixels, so a redraw costs pixels x
 * rows whatever the number of events.  A tall redraw is bound by memory
 * (a cold history to search, a picture to write): rows are written in
 * place when the target is an image, each line whole and once, by the
 * drawing thread and the idle cores together. */
#include "cf.h"

#include <math.h>
#include <string.h>

/* Rows drawn per off-screen image (targets not written in place):
 * bounds its size for tall renderings. */
#define CHUNK_ROWS 64
/* Rows a thread takes at a time, and the fewest worth sharing. */
#define ROWS_PER_TAKE 4
#define ROWS_TO_SHARE 16

#define BLACK 0xff000000u
#define WHITE 0xffffffffu

static guint32 pack(const double rgb[3])
{
	return 0xff000000u | (guint32)(rgb[0] * 255 + 0.5) << 16 |
	       (guint32)(rgb[1] * 255 + 0.5) << 8 | (guint32)(rgb[2] * 255 + 0.5);
}

/* The columns starting before the history's end. */
static int known_columns(const LttvHistory *h, LttvTime t0, LttvTime t1, int w)
{
	LttvTime end = lttv_history_end(h);
	int c = lttv_timeline_column_of(t0, t1, (guint)w, end);

	/* the column holding the end starts before it: it is known */
	return CLAMP(c + 1, 0, w);
}

/* What the rows of one drawing share; read only while they are written. */
typedef struct {
	const LttvHistory *h;
	LttvTime t0, t1;
	int w, bar_off, bar_h;
	int first, last; /* the lines of a row written */
	/* nothing is known after the history's end (the last event, or what
	 * a build still running has reached): those columns stay background */
	int known;
	const guint32 *black;    /* w black pixels, copied to the lines without a bar */
	guint32 colour[256];     /* of a value's status and mode (its low 8 bits) */
	int left_w, left_stride; /* p->left copied with the lines (0: it is not) */
} RowStyle;

/* An UNCERTAIN run of one value in a row: hatched once the rows are drawn. */
typedef struct {
	guint row;
	int c0, c1;
} Run;

/* A thread's scratch. */
typedef struct {
	CfSpan *spans; /* w of them */
	guint32 *bar;  /* a bar's line, copied to its lines */
	GArray *runs;  /* of Run */
} Scratch;

/* A row to write: its line `first` (at the time line's x), and the left
 * image's line for it (NULL: none). */
typedef struct {
	const CfRow *r;
	guint index;
	guint32 *px;
	int stride;
	const guint32 *left;
} RowTask;

static void scratch_init(Scratch *sc, int w)
{
	sc->spans = g_new(CfSpan, w);
	sc->bar = g_new(guint32, w);
	sc->runs = g_array_new(FALSE, FALSE, sizeof(Run));
}

static void scratch_clear(Scratch *sc)
{
	g_clear_pointer(&sc->spans, g_free);
	g_clear_pointer(&sc->bar, g_free);
	if (sc->runs)
		g_array_unref(g_steal_pointer(&sc->runs));
}

static inline void fill(guint32 *px, int n, guint32 colour)
{
	for (int k = 0; k < n; k++)
		px[k] = colour;
}

static void close_run(Scratch *sc, guint row, int c0, int c1, guint32 value)
{
	if (c0 < c1 && LTTV_THREAD_UNCERTAIN(value)) {
		Run run = {row, c0, c1};

		g_array_append_val(sc->runs, run);
	}
}

/* The bar's line from the spans, into sc->bar; notes the UNCERTAIN runs
 * (columns of one value, as many spans as it takes). */
static void bar_line(const RowStyle *st, Scratch *sc, guint n, guint row)
{
	guint32 *bar = sc->bar;
	int run_c0 = 0, run_c1 = 0;
	guint32 run_v = 0;

	for (guint s = 0; s < n; s++) {
		const CfSpan *sp = &sc->spans[s];
		int c0 = (int)sp->c0, c1 = MIN((int)sp->c1, st->known);

		if (c0 >= c1)
			break; /* in order: the rest is unknown too */
		if (!(sp->flags & LTTV_SAMPLE_VALUE)) {
			fill(bar + c0, c1 - c0, BLACK);
			close_run(sc, row, run_c0, run_c1, run_v);
			run_c0 = run_c1 = c1;
			continue;
		}
		fill(bar + c0, c1 - c0, st->colour[sp->value & 0xff]);
		if (run_c0 < run_c1 && run_c1 == c0 && run_v == sp->value) {
			run_c1 = c1;
		} else {
			close_run(sc, row, run_c0, run_c1, run_v);
			run_c0 = c0;
			run_c1 = c1;
			run_v = sp->value;
		}
	}
	close_run(sc, row, run_c0, run_c1, run_v);
	fill(bar + st->known, st->w - st->known, BLACK);
}

/* The line above the bar: a white dot where the state changes inside a
 * column, black elsewhere. */
static void marks_line(const RowStyle *st, const Scratch *sc, guint n, guint32 *mark)
{
	memcpy(mark, st->black, (gsize)st->w * sizeof(guint32));
	for (guint s = 0; s < n; s++) {
		const CfSpan *sp = &sc->spans[s];
		int c1 = MIN((int)sp->c1, st->known);

		if (sp->flags & LTTV_SAMPLE_SEVERAL)
			fill(mark + sp->c0, c1 - (int)sp->c0, WHITE);
	}
}

/* Writes the lines [first, last) of a row (line 0: its top): the bar,
 * the marks two lines above it when there is room, black elsewhere,
 * each line after the left image's.  Lines are written whole and in
 * order (memcpy: the fastest stores at hand), as stores that run on
 * along memory cost least. */
static void write_row(const RowStyle *st, Scratch *sc, const RowTask *t)
{
	const CfRow *r = t->r;
	guint n =
	        cf_sample_spans(st->h, r->trace, r->hrow, st->t0, st->t1, (guint)st->w, sc->spans);
	int mark = st->bar_off >= 2 ? st->bar_off - 2 : -1;

	bar_line(st, sc, n, t->index);
	for (int y = st->first; y < st->last; y++) {
		guint32 *line = t->px + (gsize)(y - st->first) * t->stride;

		if (t->left)
			memcpy(line - st->left_w,
			       t->left + (gsize)(y - st->first) * st->left_stride,
			       (gsize)st->left_w * sizeof(guint32));
		if (y == mark)
			marks_line(st, sc, n, line);
		else if (y >= st->bar_off && y < st->bar_off + st->bar_h)
			memcpy(line, sc->bar, (gsize)st->w * sizeof(guint32));
		else
			memcpy(line, st->black, (gsize)st->w * sizeof(guint32));
	}
}

/* --- writing rows on several threads --- */

/* Rows shared between the drawing thread and helpers, which take them
 * a few at a time.  A helper may start after the work is done (a busy
 * machine): it then finds nothing to take, touches only this (counted)
 * box, and the drawing thread waits for no one. */
typedef struct {
	const RowStyle *style; /* (valid while rows remain to be written) */
	const RowTask *tasks;
	gint n;
	gint next; /* atomic: the next task to take */
	GMutex lock;
	GCond cond;
	gint done;    /* tasks written (lock) */
	GArray *runs; /* of Run, every thread's (lock) */
} Job;

static void job_clear(gpointer data)
{
	Job *job = data;

	g_mutex_clear(&job->lock);
	g_cond_clear(&job->cond);
	g_array_unref(job->runs);
}

static void take_rows(Job *job)
{
	Scratch sc = {0};
	gint written = 0;

	for (;;) {
		gint k = g_atomic_int_add(&job->next, ROWS_PER_TAKE);

		if (k >= job->n)
			break;
		if (!sc.spans)
			scratch_init(&sc, job->style->w);
		for (gint i = k; i < MIN(k + ROWS_PER_TAKE, job->n); i++, written++)
			write_row(job->style, &sc, &job->tasks[i]);
	}
	g_mutex_lock(&job->lock);
	if (sc.runs)
		g_array_append_vals(job->runs, sc.runs->data, sc.runs->len);
	job->done += written;
	g_cond_signal(&job->cond);
	g_mutex_unlock(&job->lock);
	scratch_clear(&sc);
}

static void helper(gpointer data, gpointer unused)
{
	take_rows(data);
	g_atomic_rc_box_release_full(data, job_clear);
}

/* Helper threads: one per core beyond the first (NULL on one core). */
static GThreadPool *helpers(void)
{
	static gsize once;
	static GThreadPool *pool;

	if (g_once_init_enter(&once)) {
		guint cores = g_get_num_processors();

		if (cores > 1)
			pool = g_thread_pool_new(helper, NULL, (gint)MIN(cores - 1, 3), FALSE,
			                         NULL);
		g_once_init_leave(&once, 1);
	}
	return pool;
}

/* Writes the rows of `tasks`, appending their UNCERTAIN runs to `runs`. */
static void write_rows(const RowStyle *st, const RowTask *tasks, guint n, GArray *runs)
{
	GThreadPool *pool = n >= ROWS_TO_SHARE ? helpers() : NULL;
	Job *job;

	if (n == 0)
		return;
	if (!pool) {
		Scratch sc = {0};

		scratch_init(&sc, st->w);
		for (guint i = 0; i < n; i++)
			write_row(st, &sc, &tasks[i]);
		g_array_append_vals(runs, sc.runs->data, sc.runs->len);
		scratch_clear(&sc);
		return;
	}
	job = g_atomic_rc_box_new0(Job);
	job->style = st;
	job->tasks = tasks;
	job->n = (gint)n;
	g_mutex_init(&job->lock);
	g_cond_init(&job->cond);
	job->runs = g_array_new(FALSE, FALSE, sizeof(Run));
	for (gint k = 0; k < g_thread_pool_get_max_threads(pool); k++)
		g_thread_pool_push(pool, g_atomic_rc_box_acquire(job), NULL);
	take_rows(job);
	g_mutex_lock(&job->lock);
	while (job->done < job->n)
		g_cond_wait(&job->cond, &job->lock);
	g_array_append_vals(runs, job->runs->data, job->runs->len);
	g_mutex_unlock(&job->lock);
	g_atomic_rc_box_release_full(job, job_clear);
}

/* --- the target --- */

/* The target's pixels when `cr` draws straight onto an image surface
 * (headless rendering, export, a GTK back buffer) with only an integer
 * translation: rows are then written in place, with no intermediate
 * image to composite.  NULL otherwise. */
typedef struct {
	cairo_surface_t *target;
	guint32 *data;
	int stride, width, height; /* stride in pixels */
	int dx, dy;                /* user to device */
	double cx0, cy0, cx1, cy1; /* the clip, in user space */
} Direct;

static gboolean pixel_image(cairo_t *cr, cairo_surface_t *target, int *dx, int *dy)
{
	cairo_matrix_t m;
	double ox, oy, sx, sy;
	cairo_format_t f;

	if (cairo_surface_get_type(target) != CAIRO_SURFACE_TYPE_IMAGE)
		return FALSE;
	f = cairo_image_surface_get_format(target);
	if (f != CAIRO_FORMAT_RGB24 && f != CAIRO_FORMAT_ARGB32)
		return FALSE;
	cairo_get_matrix(cr, &m);
	cairo_surface_get_device_offset(target, &ox, &oy);
	cairo_surface_get_device_scale(target, &sx, &sy);
	if (m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0 || sx != 1 || sy != 1 ||
	    m.x0 + ox != floor(m.x0 + ox) || m.y0 + oy != floor(m.y0 + oy))
		return FALSE;
	*dx = (int)(m.x0 + ox);
	*dy = (int)(m.y0 + oy);
	return TRUE;
}

gboolean cf_target_is_pixel_image(cairo_t *cr)
{
	int dx, dy;

	return pixel_image(cr, cairo_get_group_target(cr), &dx, &dy);
}

static gboolean direct_target(cairo_t *cr, Direct *d)
{
	d->target = cairo_get_group_target(cr);
	if (!pixel_image(cr, d->target, &d->dx, &d->dy))
		return FALSE;
	cairo_surface_flush(d->target);
	d->data = (guint32 *)cairo_image_surface_get_data(d->target);
	if (!d->data)
		return FALSE;
	d->stride = cairo_image_surface_get_stride(d->target) / 4;
	d->width = cairo_image_surface_get_width(d->target);
	d->height = cairo_image_surface_get_height(d->target);
	cairo_clip_extents(cr, &d->cx0, &d->cy0, &d->cx1, &d->cy1);
	return TRUE;
}

/* The pixel at user (x, y) when the rectangle (x, y, w, h) lies inside
 * the target and the clip; NULL otherwise. */
static guint32 *direct_at(const Direct *d, int x, int y, int w, int h)
{
	int X = x + d->dx, Y = y + d->dy;

	if (!d->data || x < d->cx0 || y < d->cy0 || x + w > d->cx1 || y + h > d->cy1 || X < 0 ||
	    Y < 0 || X + w > d->width || Y + h > d->height)
		return NULL;
	return d->data + (gsize)Y * d->stride + X;
}

/* --- hatching --- */

/* Hatching a long run in place: lttv_palette_hatch() strokes a 45 degree
 * line every 4 columns, anchored on absolute x: hundreds of antialiased
 * lines for a run across the picture.  Its pixels repeat every 4
 * columns but next to the run's edges, and cairo's own rounding makes
 * them depend on where the edges lie against that period: so the run's
 * last 12 to 15 columns are drawn by lttv_palette_hatch() with the left
 * edge moved on by whole periods, and the columns before them repeat
 * that drawing's first 4 (the same pixels as the whole run's drawing). */
#define HATCH_PERIOD 4
#define HATCH_DRAWN  12 /* columns at least drawn by lttv_palette_hatch() */

static void hatch(cairo_t *cr, const Direct *direct, guint32 *bar, double x, double y, int c0,
                  int c1, int bar_h)
{
	int from = c0 + (c1 - c0 - HATCH_DRAWN) / HATCH_PERIOD * HATCH_PERIOD;

	if (!bar || from - c0 < HATCH_PERIOD) {
		lttv_palette_hatch(cr, x + c0, y, c1 - c0, bar_h);
		return;
	}
	lttv_palette_hatch(cr, x + from, y, c1 - from, bar_h);
	cairo_surface_flush(direct->target);
	for (int k = 0; k < bar_h; k++) {
		guint32 *line = bar + (gsize)k * direct->stride;

		for (int c = c0; c < from; c++)
			line[c] = line[from + (c - c0) % HATCH_PERIOD];
	}
	cairo_surface_mark_dirty_rectangle(direct->target, (int)x + c0 + direct->dx,
	                                   (int)y + direct->dy, from - c0, bar_h);
}

/* --- drawing --- */

/* The rows marked in `by_chunk`, written into an image CHUNK_ROWS rows
 * at a time and painted through cairo. */
static void draw_through_chunks(cairo_t *cr, const RowStyle *st, const CfRow *const *rows, guint n,
                                double y0, int row_h, double x, const guint8 *by_chunk,
                                GArray *runs)
{
	cairo_surface_t *img = NULL;
	RowTask tasks[CHUNK_ROWS];

	for (guint first = 0; first < n; first += CHUNK_ROWS) {
		guint count = MIN(CHUNK_ROWS, n - first), k = 0;
		double cy = y0 + (double)first * row_h;
		guint32 *px;
		int stride;

		for (guint i = 0; i < count; i++)
			k += by_chunk[first + i];
		if (k == 0)
			continue;
		if (!img)
			img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, st->w,
			                                 CHUNK_ROWS * row_h);
		cairo_surface_flush(img);
		px = (guint32 *)cairo_image_surface_get_data(img);
		stride = cairo_image_surface_get_stride(img) / 4;
		k = 0;
		cairo_save(cr);
		for (guint i = 0; i < count; i++) {
			if (!by_chunk[first + i])
				continue;
			tasks[k++] = (RowTask){rows[first + i], first + i,
			                       px + (gsize)((int)i * row_h + st->first) * stride,
			                       stride, NULL};
			cairo_rectangle(cr, x, cy + (double)((int)i * row_h + st->first), st->w,
			                st->last - st->first);
		}
		write_rows(st, tasks, k, runs);
		cairo_surface_mark_dirty(img);
		cairo_clip(cr);
		cairo_set_source_surface(cr, img, x, cy);
		cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
		cairo_paint(cr);
		cairo_restore(cr);
	}
	if (img)
		cairo_surface_destroy(img);
}

/* The left image over the rows marked in `by_cairo`, drawn by cairo. */
static void paint_left(cairo_t *cr, const CfDrawParams *p, double y0, int row_h, guint n,
                       const guint8 *by_cairo)
{
	int lw = cairo_image_surface_get_width(p->left);
	gboolean any = FALSE;

	cairo_save(cr);
	for (guint i = 0; i < n; i++)
		if (by_cairo[i]) {
			cairo_rectangle(cr, p->x - lw, y0 + (double)i * row_h, lw, row_h);
			any = TRUE;
		}
	if (any) {
		cairo_set_source_surface(cr, p->left, p->x - lw, y0);
		cairo_fill(cr);
	}
	cairo_new_path(cr);
	cairo_restore(cr);
}

static void style_init(RowStyle *st, const LttvHistory *h, const CfDrawParams *p, guint32 *black)
{
	int row_h = (int)p->row_h;

	st->h = h;
	st->t0 = p->t0;
	st->t1 = p->t1;
	st->w = (int)p->w;
	st->bar_h = MAX(1, (int)lround(p->row_h * CF_BAR_FRACTION));
	st->bar_off = (row_h - st->bar_h) / 2;
	/* all the lines when opaque, else the bar and the two above it (its
	 * marks) */
	st->first = p->opaque ? 0 : st->bar_off - MIN(2, st->bar_off);
	st->last = p->opaque ? row_h : st->bar_off + st->bar_h;
	st->known = known_columns(h, p->t0, p->t1, st->w);
	fill(black, st->w, BLACK);
	st->black = black;
	for (guint v = 0; v < G_N_ELEMENTS(st->colour); v++) {
		double rgb[3];

		lttv_palette_thread(v, rgb);
		st->colour[v] = pack(rgb);
	}
}

void cf_draw_rows(cairo_t *cr, const LttvHistory *h, const CfRow *const *rows, guint n, double y0,
                  const CfDrawParams *p)
{
	int w = (int)p->w, row_h = (int)p->row_h;
	Direct direct = {0};
	RowStyle st = {0};
	g_autofree guint32 *black = NULL;
	g_autofree RowTask *tasks = NULL;
	g_autofree guint8 *by_chunk = NULL;
	g_autofree guint8 *left_by_cairo = NULL;
	g_autoptr(GArray) runs = g_array_new(FALSE, FALSE, sizeof(Run));
	g_autofree guint32 **bars = NULL; /* of the rows written in place */
	const guint32 *left = NULL;
	double clip_x0, clip_y0, clip_x1, clip_y1;
	guint n_tasks = 0;

	if (row_h <= 0 || n == 0)
		return;
	left_by_cairo = g_new0(guint8, n);
	if (w <= 0) {
		if (p->left) {
			memset(left_by_cairo, 1, n);
			paint_left(cr, p, y0, row_h, n, left_by_cairo);
		}
		return;
	}
	black = g_new(guint32, w);
	style_init(&st, h, p, black);
	cairo_clip_extents(cr, &clip_x0, &clip_y0, &clip_x1, &clip_y1);
	if (!direct_target(cr, &direct))
		direct.data = NULL;
	/* the left image is copied with the lines written in place when it
	 * has the target's pixels, rows for rows */
	if (p->left && direct.data && p->opaque &&
	    cairo_image_surface_get_format(p->left) ==
	            cairo_image_surface_get_format(direct.target) &&
	    cairo_image_surface_get_height(p->left) >= (int)n * row_h) {
		cairo_surface_flush(p->left);
		left = (const guint32 *)cairo_image_surface_get_data(p->left);
		st.left_w = cairo_image_surface_get_width(p->left);
		st.left_stride = cairo_image_surface_get_stride(p->left) / 4;
	}

	/* the rows inside the clip: in place when the target allows, else
	 * through an image */
	tasks = g_new(RowTask, n);
	by_chunk = g_new0(guint8, n);
	bars = g_new0(guint32 *, n);
	for (guint i = 0; i < n; i++) {
		double ry = y0 + (double)i * row_h;
		int ux = (int)p->x, uy = (int)ry + st.first;
		guint32 *px = NULL;

		if (ry > clip_y1 || ry + row_h < clip_y0)
			continue;
		if ((double)ux == p->x && (double)(int)ry == ry)
			px = direct_at(&direct, ux - st.left_w, uy, w + st.left_w,
			               st.last - st.first);
		if (!px) {
			by_chunk[i] = 1;
			left_by_cairo[i] = p->left != NULL;
			continue;
		}
		tasks[n_tasks++] = (RowTask){
		        rows[i], i, px + st.left_w, direct.stride,
		        left ? left + (gsize)((int)i * row_h + st.first) * st.left_stride : NULL};
		bars[i] = px + st.left_w + (gsize)(st.bar_off - st.first) * direct.stride;
		left_by_cairo[i] = p->left && !left;
	}
	write_rows(&st, tasks, n_tasks, runs);
	for (guint k = 0; k < n_tasks; k++)
		cairo_surface_mark_dirty_rectangle(direct.target, (int)p->x - st.left_w + direct.dx,
		                                   (int)(y0 + (double)tasks[k].index * row_h) +
		                                           st.first + direct.dy,
		                                   w + st.left_w, st.last - st.first);
	draw_through_chunks(cr, &st, rows, n, y0, row_h, p->x, by_chunk, runs);

	/* UNCERTAIN states hatched over their bars */
	for (guint i = 0; i < runs->len; i++) {
		const Run *run = &g_array_index(runs, Run, i);

		hatch(cr, &direct, bars[run->row], p->x,
		      y0 + (double)(run->row * row_h + st.bar_off), run->c0, run->c1, st.bar_h);
	}
	if (p->left)
		paint_left(cr, p, y0, row_h, n, left_by_cairo);
	if (!lttv_history_complete(h)) {
		/* a build still running: the part not read yet is marked */
		int k = st.known;
		double top = MAX(y0, clip_y0), bottom = MIN(y0 + (double)n * row_h, clip_y1);

		if (k < w && bottom > top) {
			cairo_save(cr);
			cairo_rectangle(cr, p->x + k, top, w - k, bottom - top);
			cairo_set_source_rgba(cr, 0.35, 0.35, 0.4, 0.5);
			cairo_fill(cr);
			cairo_restore(cr);
		}
	}
}
