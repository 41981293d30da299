/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the resource view says about a resource: its modes and their
 * colours, the tooltip of a value (with the running thread of a CPU and
 * the latency of a disk's requests in flight), the CSV of the time in
 * each mode. */
#include "resources.h"

#include <string.h>

/* --- modes --- */

enum { IRQ_IDLE, IRQ_BUSY, IRQ_N };
enum { SOFTIRQ_IDLE, SOFTIRQ_RAISED, SOFTIRQ_RUNNING, SOFTIRQ_N };

guint res_n_modes(ResKind k)
{
	switch (k) {
	case RES_CPU: return LTTV_CPU_COUNT;
	case RES_IRQ: return IRQ_N;
	case RES_SOFTIRQ: return SOFTIRQ_N;
	default: return LTTV_DISK_COUNT;
	}
}

guint res_mode_of(ResKind k, guint32 v)
{
	guint m;

	switch (k) {
	case RES_CPU: m = LTTV_CPU_MODE(v); break;
	case RES_IRQ: return LTTV_IRQ_BUSY(v) ? IRQ_BUSY : IRQ_IDLE;
	case RES_SOFTIRQ:
		return LTTV_SOFTIRQ_RUNNING(v)   ? SOFTIRQ_RUNNING
		       : LTTV_SOFTIRQ_PENDING(v) ? SOFTIRQ_RAISED
		                                 : SOFTIRQ_IDLE;
	default: m = LTTV_DISK_MODE(v); break;
	}
	/* (a damaged cache is refused at load: only the engine's values) */
	return m < res_n_modes(k) ? m : 0;
}

const char *res_mode_id(ResKind k, guint mode)
{
	static const char *const irq[] = {"idle", "busy"};
	static const char *const softirq[] = {"idle", "raised", "running"};

	switch (k) {
	case RES_CPU: return lttv_cpu_mode_name(mode);
	case RES_IRQ: return irq[MIN(mode, IRQ_N - 1)];
	case RES_SOFTIRQ: return softirq[MIN(mode, SOFTIRQ_N - 1)];
	default: return lttv_disk_mode_name(mode);
	}
}

const char *res_mode_label(ResKind k, guint mode)
{
	static const char *const cpu[] = {N_("unknown"), N_("idle"),    N_("busy"),
	                                  N_("IRQ"),     N_("softirq"), N_("trap")};
	static const char *const irq[] = {N_("idle"), N_("busy")};
	static const char *const softirq[] = {N_("idle"), N_("raised (pending)"), N_("running")};
	static const char *const disk[] = {N_("unknown"), N_("idle"), N_("reading"), N_("writing")};

	switch (k) {
	case RES_CPU: return _(cpu[MIN(mode, G_N_ELEMENTS(cpu) - 1)]);
	case RES_IRQ: return _(irq[MIN(mode, G_N_ELEMENTS(irq) - 1)]);
	case RES_SOFTIRQ: return _(softirq[MIN(mode, G_N_ELEMENTS(softirq) - 1)]);
	default: return _(disk[MIN(mode, G_N_ELEMENTS(disk) - 1)]);
	}
}

static void set(double rgb[3], double r, double g, double b)
{
	rgb[0] = r;
	rgb[1] = g;
	rgb[2] = b;
}

gboolean res_mode_colour(ResKind k, guint mode, double rgb[3])
{
	/* idle IRQ lines, vectors and disks: dark grey, so that activity
	 * stands out and "no value yet" (the black background) stays apart */
	const double idle = 0.3;

	if ((k == RES_CPU && mode == LTTV_CPU_UNKNOWN) ||
	    (k == RES_DISK && mode == LTTV_DISK_UNKNOWN)) {
		/* slate, hatched: the palette's black would not show on black */
		set(rgb, 0.36, 0.37, 0.44);
		return TRUE;
	}
	switch (k) {
	case RES_CPU: lttv_palette_cpu((LttvCpuMode)mode, rgb); break;
	case RES_IRQ:
		if (mode == IRQ_BUSY)
			lttv_palette_cpu(LTTV_CPU_IRQ, rgb); /* orange */
		else
			set(rgb, idle, idle, idle);
		break;
	case RES_SOFTIRQ:
		if (mode == SOFTIRQ_RUNNING)
			lttv_palette_cpu(LTTV_CPU_SOFTIRQ, rgb); /* pink */
		else if (mode == SOFTIRQ_RAISED)
			set(rgb, 0.72, 0.55, 1.0); /* lavender: waiting to run */
		else
			set(rgb, idle, idle, idle);
		break;
	default:
		if (mode == LTTV_DISK_READING)
			set(rgb, 0.3, 0.55, 1.0); /* blue */
		else if (mode == LTTV_DISK_WRITING)
			set(rgb, 1.0, 0.3, 0.25); /* red */
		else
			set(rgb, idle, idle, idle);
		break;
	}
	return FALSE;
}

/* --- tooltips --- */

/* "7.62 ms": latencies read better in their unit */
static char *fmt_duration(int64_t ns, char *buf, size_t len)
{
	return lttv_timeline_format_duration(ns, buf, len);
}

/* The running thread of a CPU value at t, with its mode and sub-mode. */
static void append_cpu_thread(GString *s, const LttvHistory *h, guint trace, guint32 v, LttvTime t)
{
	guint i = LTTV_CPU_THREAD(v);
	LttvHistoryThread th;
	g_autofree char *name = NULL;
	guint32 tv;

	if (i >= lttv_history_n_threads(h, trace)) {
		g_string_append(s, _("Thread: unknown\n"));
		return;
	}
	lttv_history_thread(h, trace, i, &th);
	name = g_markup_escape_text(th.name[0] ? th.name : _("(unnamed)"), -1);
	g_string_append_printf(
	        s, _("Thread: %s (tid %" G_GINT64_FORMAT ", pid %" G_GINT64_FORMAT ")\n"), name,
	        th.tid, th.pid);
	if (lttv_history_value_at(h, trace, th.row, t, &tv)) {
		const char *sub = lttv_history_string(h, trace, LTTV_THREAD_SUBMODE(tv));
		g_autofree char *esc = sub ? g_markup_escape_text(sub, -1) : NULL;

		g_string_append_printf(s, _("Thread mode: %s%s%s%s%s\n"),
		                       lttv_exec_mode_name(LTTV_THREAD_MODE(tv)), esc ? " (" : "",
		                       esc ? esc : "", esc ? ")" : "",
		                       LTTV_THREAD_UNCERTAIN(tv) ? _(", uncertain") : "");
	}
}

typedef struct {
	GString *s;
	LttvTime t;
	guint shown;
} RequestText;

#define MAX_REQUESTS_SHOWN 6

static gboolean append_request(const LttvDiskRequest *q, gpointer data)
{
	RequestText *rt = data;
	char a[48], b[48];

	if (rt->shown == MAX_REQUESTS_SHOWN)
		return FALSE;
	rt->shown++;
	fmt_duration(rt->t - q->issue, a, sizeof a);
	g_string_append_printf(rt->s, "  %s %s %" G_GINT64_FORMAT,
	                       q->write ? _("write") : _("read"), _("sector"), q->sector);
	if (q->n_sectors)
		g_string_append_printf(rt->s, " +%u", q->n_sectors);
	g_string_append_printf(rt->s, _(": issued %s before"), a);
	if (q->complete == LTTV_TIME_MAX)
		g_string_append(rt->s, _(", not completed in the trace"));
	else
		g_string_append_printf(rt->s, _(", latency %s"),
		                       fmt_duration(q->complete - q->issue, b, sizeof b));
	g_string_append_c(rt->s, '\n');
	return TRUE;
}

char *res_state_text(const LttvHistory *h, const ResItem *it, LttvTime t)
{
	const LttvTime *starts;
	const uint32_t *values;
	gsize n;
	gssize i;
	guint32 v;
	guint mode;
	LttvTime end;
	char a[48], b[48], d[48];
	g_autofree char *label = g_markup_escape_text(it->label, -1);
	GString *s;

	if (it->type != RES_ITEM_RESOURCE)
		return NULL;
	i = lttv_history_index_at(h, it->trace, it->hrow, t);
	if (i < 0)
		return NULL;
	lttv_history_row_data(h, it->trace, it->hrow, &starts, &values, &n);
	v = values[i];
	end = (gsize)i + 1 < n ? starts[i + 1] : lttv_history_end(h);
	mode = res_mode_of(it->kind, v);
	s = g_string_new(NULL);
	g_string_append_printf(s, "<b>%s</b>", label);
	if (it->detail[0])
		g_string_append_printf(s, "  %s", it->detail);
	g_string_append_printf(s, "\n%s", res_mode_label(it->kind, mode));
	switch (it->kind) {
	case RES_CPU:
		g_string_append_c(s, '\n');
		append_cpu_thread(s, h, it->trace, v, t);
		break;
	case RES_IRQ:
		if (LTTV_IRQ_BUSY(v) && LTTV_IRQ_CPU(v) >= 0)
			g_string_append_printf(s, _(" on CPU %d"), LTTV_IRQ_CPU(v));
		g_string_append_c(s, '\n');
		break;
	case RES_SOFTIRQ:
		if (LTTV_SOFTIRQ_RUNNING(v))
			g_string_append_printf(s, _(" on %u CPU(s)"), LTTV_SOFTIRQ_RUNNING(v));
		if (LTTV_SOFTIRQ_RUNNING(v) && LTTV_SOFTIRQ_PENDING(v))
			g_string_append(s, _(", raised again"));
		g_string_append_c(s, '\n');
		break;
	case RES_DISK: {
		RequestText rt = {s, t, 0};
		guint pending = LTTV_DISK_PENDING(v);

		g_string_append_printf(s,
		                       g_dngettext(GETTEXT_PACKAGE, ", %u request in flight\n",
		                                   ", %u requests in flight\n", pending),
		                       pending);
		lttv_history_disk_requests_at(h, it->trace, it->hrow, t, append_request, &rt);
		if (pending > rt.shown)
			g_string_append_printf(s, _("  … and %u more\n"), pending - rt.shown);
		break;
	}
	default: break;
	}
	g_string_append_printf(s, _("Start: %s\n"),
	                       lttv_time_format_clock(starts[i], FALSE, a, 48));
	g_string_append_printf(s, _("End: %s\n"), lttv_time_format_clock(end, FALSE, b, 48));
	g_string_append_printf(s, _("Duration: %s"),
	                       lttv_time_format_duration(end - starts[i], d, 48));
	return g_string_free(s, FALSE);
}

/* --- CSV --- */

static void csv_field(GString *s, const char *f)
{
	if (!strpbrk(f, ",\"\r\n")) {
		g_string_append(s, f);
		return;
	}
	g_string_append_c(s, '"');
	for (; *f; f++) {
		if (*f == '"')
			g_string_append_c(s, '"');
		g_string_append_c(s, *f);
	}
	g_string_append_c(s, '"');
}

typedef struct {
	ResKind kind;
	LttvTime sum[8];
} ModeTimes;

static void add_duration(guint32 value, LttvTime d, gpointer data)
{
	ModeTimes *m = data;

	m->sum[res_mode_of(m->kind, value)] += d;
}

gboolean res_export_csv(LttvTab *tab, GOutputStream *out, GCancellable *cancel, GError **error)
{
	LttvHistory *h;
	LttvTraceset *ts = lttv_tab_get_traceset(tab);
	g_autoptr(GArray) items = NULL;
	g_autoptr(GString) s = g_string_new("trace,kind,id,name,mode,ns\n");
	const char *trace = "";
	LttvTime t0, t1, a, e;

	if (!lttv_tab_build_history_sync(tab, error))
		return FALSE;
	h = lttv_tab_get_history(tab);
	if (!lttv_tab_get_selection(tab, &t0, &t1))
		lttv_tab_get_time_window(tab, &t0, &t1);
	/* the part of the range the history covers (as lttv stats counts) */
	a = MAX(t0, lttv_history_begin(h));
	e = MAX(MIN(t1, lttv_history_end(h)), a);
	items = res_items_new(h, ts);
	for (guint i = 0; i < items->len; i++) {
		const ResItem *it = &g_array_index(items, ResItem, i);
		ModeTimes m = {.kind = it->kind};
		LttvTime none = (t1 - t0) - (e - a), before;
		const LttvTime *starts;
		const uint32_t *values;
		gsize n;
		g_autofree char *id = NULL;

		if (it->type == RES_ITEM_TRACE)
			trace = it->label;
		if (it->type != RES_ITEM_RESOURCE)
			continue;
		if (g_cancellable_set_error_if_cancelled(cancel, error))
			return FALSE;
		/* before the row's first value: a CPU's or a disk's mode is
		 * unknown; an IRQ line or a vector has none */
		lttv_history_row_data(h, it->trace, it->hrow, &starts, &values, &n);
		before = (n ? MIN(MAX(starts[0], a), e) : e) - a;
		if (it->kind == RES_CPU)
			m.sum[LTTV_CPU_UNKNOWN] += before;
		else if (it->kind == RES_DISK)
			m.sum[LTTV_DISK_UNKNOWN] += before;
		else
			none += before;
		lttv_history_row_durations(h, it->trace, it->hrow, a, e, add_duration, &m);
		id = it->kind == RES_DISK ? g_strdup(it->name ? it->detail : it->label)
		                          : g_strdup_printf("%" G_GINT64_FORMAT, it->entity);
		/* every mode of the kind, then "none": no value (outside the
		 * history) */
		for (guint mode = 0; mode <= res_n_modes(it->kind); mode++) {
			gboolean last = mode == res_n_modes(it->kind);

			csv_field(s, trace);
			g_string_append_printf(s, ",%s,%s,", res_kind_id(it->kind), id);
			csv_field(s, it->name ? it->name : "");
			g_string_append_printf(s, ",%s,%" G_GINT64_FORMAT "\n",
			                       last ? "none" : res_mode_id(it->kind, mode),
			                       last ? none : m.sum[mode]);
		}
		if (s->len > 65536) {
			if (!g_output_stream_write_all(out, s->str, s->len, NULL, cancel, error))
				return FALSE;
			g_string_truncate(s, 0);
		}
	}
	return g_output_stream_write_all(out, s->str, s->len, NULL, cancel, error);
}
