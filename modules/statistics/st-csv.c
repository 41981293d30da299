/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The statistics view's table as CSV: one line per node of the tree the
 * view shows, its path in columns (trace, group, CPU or thread, mode,
 * sub-mode, event), then its numbers. */
#include "st.h"

#include <string.h>

typedef struct {
	GString *buf;
	GOutputStream *out;
	GCancellable *cancel;
	/* the path of the node being written */
	const char *trace, *group, *thread, *mode, *submode, *event;
	char cpu[24], tid[24], pid[24];
} CsvWriter;

/* RFC 4180: quoted when it holds a comma, a quote or a line break. */
static void field(GString *b, const char *s, gboolean last)
{
	if (s && strpbrk(s, ",\"\r\n")) {
		g_string_append_c(b, '"');
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				g_string_append_c(b, '"');
			g_string_append_c(b, *p);
		}
		g_string_append_c(b, '"');
	} else if (s) {
		g_string_append(b, s);
	}
	g_string_append_c(b, last ? '\n' : ',');
}

static gboolean flush(CsvWriter *w, gboolean all, GError **error)
{
	if (!all && w->buf->len < 65536)
		return TRUE;
	if (!g_output_stream_write_all(w->out, w->buf->str, w->buf->len, NULL, w->cancel, error))
		return FALSE;
	g_string_truncate(w->buf, 0);
	return TRUE;
}

static gboolean write_node(CsvWriter *w, const LttvStatsNode *n, GError **error)
{
	CsvWriter saved = *w;
	char num[4][32];
	gboolean times = n->kind != LTTV_STATS_EVENT_TYPE && n->kind != LTTV_STATS_EVENT_TYPES;

	switch (n->kind) {
	case LTTV_STATS_TRACE: w->trace = n->name; break;
	case LTTV_STATS_CPUS:
	case LTTV_STATS_PROCESSES:
	case LTTV_STATS_EVENT_TYPES: w->group = lttv_stats_kind_name(n->kind); break;
	case LTTV_STATS_CPU:
		if (n->id >= 0)
			g_snprintf(w->cpu, sizeof(w->cpu), "%" G_GINT64_FORMAT, n->id);
		else
			g_strlcpy(w->cpu, "?", sizeof(w->cpu));
		break;
	case LTTV_STATS_THREAD:
		g_snprintf(w->tid, sizeof(w->tid), "%" G_GINT64_FORMAT, n->tid);
		g_snprintf(w->pid, sizeof(w->pid), "%" G_GINT64_FORMAT, n->pid);
		w->thread = n->name;
		break;
	case LTTV_STATS_CPU_MODE:
	case LTTV_STATS_MODE: w->mode = n->name; break;
	case LTTV_STATS_SUBMODE: w->submode = n->name[0] ? n->name : "?"; break;
	case LTTV_STATS_EVENT_TYPE: w->event = n->name; break;
	default: break;
	}
	field(w->buf, lttv_stats_kind_name(n->kind), FALSE);
	field(w->buf, w->trace, FALSE);
	field(w->buf, w->group, FALSE);
	field(w->buf, w->cpu, FALSE);
	field(w->buf, w->tid, FALSE);
	field(w->buf, w->pid, FALSE);
	field(w->buf, w->thread, FALSE);
	field(w->buf, w->mode, FALSE);
	field(w->buf, w->submode, FALSE);
	field(w->buf, w->event, FALSE);
	g_snprintf(num[0], sizeof(num[0]), "%" G_GUINT64_FORMAT, n->events);
	g_snprintf(num[1], sizeof(num[1]), "%" G_GINT64_FORMAT, n->cpu_time);
	g_snprintf(num[2], sizeof(num[2]), "%" G_GINT64_FORMAT, n->elapsed);
	g_ascii_formatd(num[3], sizeof(num[3]), "%.6f", n->share);
	field(w->buf, num[0], FALSE);
	field(w->buf, times ? num[1] : "", FALSE);
	field(w->buf, times ? num[2] : "", FALSE);
	field(w->buf, times ? num[3] : "", TRUE);
	if (!flush(w, FALSE, error))
		return FALSE;
	for (guint i = 0; i < n->n_children; i++)
		if (st_node_shown(n->children[i]) && !write_node(w, n->children[i], error))
			return FALSE;
	/* back to the parent's path (the buffer is shared) */
	saved.buf = w->buf;
	*w = saved;
	return TRUE;
}

gboolean st_export_csv(LttvTab *tab, GOutputStream *out, GCancellable *cancel, GError **error)
{
	g_autoptr(StResult) r = st_get_sync(tab, cancel, error);
	g_autoptr(GString) buf = g_string_sized_new(65536 + 1024);
	CsvWriter w = {.buf = buf, .out = out, .cancel = cancel};

	if (!r)
		return FALSE;
	g_string_append(buf, "kind,trace,group,cpu,tid,pid,thread,mode,submode,event,"
	                     "events,cpu_ns,elapsed_ns,share\n");
	return write_node(&w, lttv_stats_root(r->stats), error) && flush(&w, TRUE, error);
}
