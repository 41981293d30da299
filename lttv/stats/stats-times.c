/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The times of the statistics: every CPU row and thread row of the
 * history over the range, by lttv_history_row_durations (so that a range
 * split anywhere adds up exactly); and the nodes of CPUs and threads. */
#include "stats/stats-internal.h"

#include <string.h>

/* --- CPUs --- */

StatsNode *stats_cpu_mode(StatsBuild *b, StatsCpu *c, LttvCpuMode m)
{
	if (G_UNLIKELY((guint)m >= LTTV_CPU_COUNT))
		m = LTTV_CPU_UNKNOWN;
	if (G_UNLIKELY(!c->modes[m]))
		c->modes[m] = stats_node_new(b->s, c->node, LTTV_STATS_CPU_MODE, m,
		                             lttv_cpu_mode_name(m));
	return c->modes[m];
}

static void cpu_unknown_for(StatsBuild *b, StatsCpu *c, LttvTime d)
{
	StatsNode *u;

	if (d <= 0)
		return;
	u = stats_cpu_mode(b, c, LTTV_CPU_UNKNOWN);
	stats_add_time(&u->own_cpu, d);
	stats_add_time(&u->own_elapsed, d);
}

StatsCpu *stats_cpu_slow(StatsBuild *b, StatsTrace *tr, int64_t cpu)
{
	StatsCpu *c;

	/* (CPU numbers past 65535 are damage, not CPUs) */
	if (cpu < 0 || cpu > 65535) {
		c = &tr->no_cpu;
		if (!c->node)
			c->node = stats_node_new(b->s, tr->cpus, LTTV_STATS_CPU, -1, "CPU ?");
		return c;
	}
	if ((guint)cpu >= tr->n_cpu) {
		tr->cpu = g_renew(StatsCpu, tr->cpu, (gsize)cpu + 1);
		memset(tr->cpu + tr->n_cpu, 0, sizeof(StatsCpu) * ((gsize)cpu + 1 - tr->n_cpu));
		tr->n_cpu = (guint)cpu + 1;
	}
	c = &tr->cpu[cpu];
	if (!c->node) {
		char name[32];

		g_snprintf(name, sizeof(name), "CPU %" G_GINT64_FORMAT, cpu);
		c->node = stats_node_new(b->s, tr->cpus, LTTV_STATS_CPU, cpu, name);
		c->cur.i = -1;
		/* no row: the history knows nothing of it */
		cpu_unknown_for(b, c, b->e - b->b);
	}
	return c;
}

typedef struct {
	StatsBuild *b;
	StatsCpu *c;
} CpuAcc;

static void add_cpu(guint32 v, LttvTime d, gpointer data)
{
	CpuAcc *a = data;
	StatsNode *m = stats_cpu_mode(a->b, a->c, LTTV_CPU_MODE(v));

	stats_add_time(&m->own_cpu, d);
	stats_add_time(&m->own_elapsed, d);
}

/* --- threads --- */

StatsNode *stats_thread_node(StatsBuild *b, StatsTrace *tr, StatsThread *th)
{
	LttvHistoryThread info;

	if (G_LIKELY(th->node))
		return th->node;
	if (th == &tr->unknown) {
		th->node = stats_node_new(b->s, tr->processes, LTTV_STATS_THREAD, -1, "");
		return th->node;
	}
	lttv_history_thread(b->h, tr->index, (guint)(th - tr->thread), &info);
	th->node =
	        stats_node_new(b->s, tr->processes, LTTV_STATS_THREAD, th - tr->thread, info.name);
	th->node->pub.tid = info.tid;
	th->node->pub.pid = info.pid;
	return th->node;
}

StatsNode *stats_thread_where(StatsBuild *b, StatsTrace *tr, StatsThread *th, guint32 value)
{
	StatsNode *t = stats_thread_node(b, tr, th), *mode, *sub;
	LttvExecMode m = LTTV_THREAD_MODE(value);
	guint32 submode = LTTV_THREAD_SUBMODE(value), key;

	if ((guint)m >= LTTV_MODE_COUNT)
		m = LTTV_MODE_UNKNOWN;
	key = submode << 4 | (guint32)m;
	sub = stats_map_get(&t->map, key);
	if (sub)
		return sub;
	mode = stats_map_get(&t->map, (guint32)m);
	if (!mode) {
		mode = stats_node_new(b->s, t, LTTV_STATS_MODE, m, lttv_exec_mode_name(m));
		stats_map_put(&t->map, (guint32)m, mode);
	}
	if (submode == 0)
		return mode;
	sub = stats_node_new(b->s, mode, LTTV_STATS_SUBMODE, submode,
	                     lttv_history_string(b->h, tr->index, submode));
	stats_map_put(&t->map, key, sub);
	return sub;
}

typedef struct {
	StatsBuild *b;
	StatsTrace *tr;
	StatsThread *th;
	guint32 last_key; /* the mode and sub-mode bits of `last` */
	StatsNode *last;
} ThreadAcc;

static void add_thread(guint32 v, LttvTime d, gpointer data)
{
	ThreadAcc *a = data;
	LttvProcessStatus s = LTTV_THREAD_STATUS(v);
	gboolean running = s == LTTV_STATUS_RUN || s == LTTV_STATUS_EXIT;
	guint32 key = v & ~(guint32)0x1ff;

	if ((guint)s < LTTV_STATUS_COUNT)
		stats_add_time(&stats_thread_node(a->b, a->tr, a->th)->pub.status_time[s], d);
	if (!running && s != LTTV_STATUS_WAIT && s != LTTV_STATUS_WAIT_CPU)
		return;
	key |= v & 0xf0;
	if (!a->last || key != a->last_key) {
		a->last = stats_thread_where(a->b, a->tr, a->th, v);
		a->last_key = key;
	}
	if (running)
		stats_add_time(&a->last->own_cpu, d);
	stats_add_time(&a->last->own_elapsed, d);
}

/* --- the pass over the rows --- */

static gboolean cancelled(GCancellable *cancel, GError **error)
{
	return g_cancellable_set_error_if_cancelled(cancel, error);
}

gboolean stats_add_times(StatsBuild *b, GCancellable *cancel, GError **error)
{
	for (guint t = 0; t < b->n_traces; t++) {
		StatsTrace *tr = &b->traces[t];

		for (guint c = 0; c < tr->n_cpu; c++) {
			StatsCpu *cpu = &tr->cpu[c];
			CpuAcc acc = {b, cpu};

			if (!cpu->node)
				continue;
			/* before the row's first value, the CPU is unknown */
			if (cpu->cur.n == 0)
				cpu_unknown_for(b, cpu, b->e - b->b);
			else
				cpu_unknown_for(b, cpu, MIN(cpu->cur.starts[0], b->e) - b->b);
			lttv_history_row_durations(b->h, t, cpu->cur.row, b->b, b->e, add_cpu,
			                           &acc);
		}
		for (guint i = 0; i < tr->n_threads; i++) {
			ThreadAcc acc = {b, tr, &tr->thread[i], 0, NULL};

			if ((i & 255) == 0 && cancelled(cancel, error))
				return FALSE;
			lttv_history_row_durations(b->h, t, tr->thread[i].cur.row, b->b, b->e,
			                           add_thread, &acc);
		}
	}
	return !cancelled(cancel, error);
}
