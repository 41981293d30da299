/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rows of the control flow view: every thread of the history, its
 * process (the thread whose tid is its pid), its last CPU. */
#include "cf.h"

static LttvTime birth_key(const CfRow *r)
{
	return r->birth_known ? r->birth : LTTV_TIME_MIN;
}

#define CMP(a, b)                                                                                  \
	do {                                                                                       \
		if ((a) != (b))                                                                    \
			return (a) < (b) ? -1 : 1;                                                 \
	} while (0)

/* Threads whose process is unknown (seen before any fork or state dump
 * told it) after the others: the first rows are real processes. */
static int64_t pid_key(const CfRow *r)
{
	return r->pid < 0 ? INT64_MAX : r->pid;
}

int cf_row_compare(const CfRow *a, const CfRow *b)
{
	CMP(pid_key(a), pid_key(b));
	CMP(a->tid, b->tid);
	CMP(birth_key(a), birth_key(b));
	CMP(a->cpu, b->cpu); /* the idle threads, one per CPU */
	CMP(a->trace, b->trace);
	CMP(a->thread, b->thread);
	return 0;
}

static int compare_ptr(gconstpointer a, gconstpointer b)
{
	return cf_row_compare(*(const CfRow *const *)a, *(const CfRow *const *)b);
}

/* The last CPU each thread ran on, from the CPU rows' values. */
static void fill_cpus(const LttvHistory *h, guint trace, CfRow *rows, guint n, const int *by_thread)
{
	guint n_threads = lttv_history_n_threads(h, trace);

	for (guint row = 0; row < lttv_history_n_rows(h, trace); row++) {
		const LttvTime *starts;
		const uint32_t *values;
		gsize nv;
		int cpu;

		if (lttv_history_row_kind(h, trace, row) != LTTV_ROW_CPU)
			continue;
		cpu = (int)lttv_history_row_entity(h, trace, row);
		lttv_history_row_data(h, trace, row, &starts, &values, &nv);
		for (gsize i = 0; i < nv; i++) {
			guint32 th = LTTV_CPU_THREAD(values[i]);

			if (th < n_threads && by_thread[th] >= 0 && (guint)by_thread[th] < n)
				rows[by_thread[th]].cpu = cpu;
		}
	}
}

/* The process row of each thread: the thread whose tid is its pid, the
 * latest born before it. */
static void fill_parents(CfRow *rows, guint n)
{
	g_autoptr(GHashTable) by_tid = g_hash_table_new(g_int64_hash, g_int64_equal);

	for (guint i = 0; i < n; i++)
		if (rows[i].tid == rows[i].pid && rows[i].tid > 0) {
			GPtrArray *list = g_hash_table_lookup(by_tid, &rows[i].tid);

			if (!list) {
				list = g_ptr_array_new();
				g_hash_table_insert(by_tid, &rows[i].tid, list);
			}
			g_ptr_array_add(list, &rows[i]);
		}
	for (guint i = 0; i < n; i++) {
		CfRow *r = &rows[i];
		GPtrArray *list;
		CfRow *best = NULL;

		r->parent = -1;
		if (r->tid == r->pid || r->pid <= 0)
			continue;
		list = g_hash_table_lookup(by_tid, &r->pid);
		for (guint k = 0; list && k < list->len; k++) {
			CfRow *p = list->pdata[k];

			if (p->trace != r->trace || birth_key(p) > birth_key(r))
				continue;
			if (!best || birth_key(p) > birth_key(best))
				best = p;
		}
		if (best)
			r->parent = (int)(best - rows);
	}
	GHashTableIter it;
	gpointer list;
	g_hash_table_iter_init(&it, by_tid);
	while (g_hash_table_iter_next(&it, NULL, &list))
		g_ptr_array_free(list, TRUE);
}

GArray *cf_rows_new(const LttvHistory *h)
{
	g_autoptr(GArray) all = g_array_new(FALSE, TRUE, sizeof(CfRow));
	g_autoptr(GPtrArray) top = g_ptr_array_new();
	g_autoptr(GPtrArray) kids = g_ptr_array_new();
	GArray *out;

	for (guint t = 0; t < lttv_history_n_traces(h); t++) {
		guint nt = lttv_history_n_threads(h, t);
		g_autofree int *by_thread = g_new(int, nt);
		guint first = all->len;

		for (guint i = 0; i < nt; i++) {
			LttvHistoryThread th;
			CfRow r = {0};

			lttv_history_thread(h, t, i, &th);
			r.trace = t;
			r.hrow = th.row;
			r.thread = i;
			r.tid = th.tid;
			r.pid = th.pid;
			r.ppid = th.ppid;
			r.name = th.name;
			r.cpu = -1;
			r.birth_known = th.birth_known;
			r.birth = th.birth;
			r.exited = th.exited;
			r.exit = th.exit;
			by_thread[i] = (int)(all->len - first);
			g_array_append_val(all, r);
		}
		fill_cpus(h, t, &g_array_index(all, CfRow, first), nt, by_thread);
	}
	fill_parents((CfRow *)all->data, all->len);

	/* processes in order, each followed by its threads in order */
	for (guint i = 0; i < all->len; i++) {
		CfRow *r = &g_array_index(all, CfRow, i);

		g_ptr_array_add(r->parent < 0 ? top : kids, r);
	}
	g_ptr_array_sort(top, compare_ptr);
	g_ptr_array_sort(kids, compare_ptr);
	out = g_array_sized_new(FALSE, TRUE, sizeof(CfRow), all->len);
	/* kids of each parent: a run in `kids` sorted by pid then tid, so
	 * group them by parent with one bucket per parent */
	g_autofree GPtrArray **bucket = g_new0(GPtrArray *, all->len);
	for (guint k = 0; k < kids->len; k++) {
		CfRow *r = kids->pdata[k];

		if (!bucket[r->parent])
			bucket[r->parent] = g_ptr_array_new();
		g_ptr_array_add(bucket[r->parent], r);
	}
	for (guint i = 0; i < top->len; i++) {
		CfRow *p = top->pdata[i];
		guint pi = (guint)(p - (CfRow *)all->data);
		int parent_new = (int)out->len;

		g_array_append_val(out, *p);
		for (guint k = 0; bucket[pi] && k < bucket[pi]->len; k++) {
			CfRow *c = bucket[pi]->pdata[k];

			g_array_append_val(out, *c);
			g_array_index(out, CfRow, out->len - 1).parent = parent_new;
		}
	}
	for (guint i = 0; i < all->len; i++)
		if (bucket[i])
			g_ptr_array_free(bucket[i], TRUE);
	return out;
}

void cf_row_key_into(const CfRow *r, char *buf, gsize size)
{
	g_snprintf(buf, size, "%u:%u", r->trace, r->thread);
}

char *cf_row_key(const CfRow *r)
{
	char key[CF_ROW_KEY_SIZE];

	cf_row_key_into(r, key, sizeof(key));
	return g_strdup(key);
}

char *cf_row_label(const CfRow *r)
{
	return g_strdup_printf("%s (%" G_GINT64_FORMAT ")", r->name, r->tid);
}

GHashTable *cf_hidden_rows(LttvTab *tab)
{
	return g_object_get_data(G_OBJECT(tab), "lttv-controlflow-hidden");
}
