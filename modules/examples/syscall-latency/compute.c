/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The system calls of a range, from the state history (lttv/history.h).
 *
 * A thread row of the history is a list of intervals; each value holds
 * the thread's status and the mode at the top of its mode stack, with a
 * sub-mode (for SYSCALL: the system call's name).  A system call is a run
 * of intervals in SYSCALL mode with the same sub-mode: the status changes
 * inside it (RUN, WAIT while it blocks, WAIT_CPU when preempted) and so
 * does the mode when an interrupt, a softirq or a trap (page fault) is
 * nested on top of it.  The run ends at the end of its last SYSCALL
 * interval, when any other mode (USER, another system call) follows.
 *
 * Left out: the SYSCALL intervals without a name (kernel threads, the
 * state dump of threads caught in a system call), a new thread's return
 * from clone/fork (the call is the parent's), system calls still
 * running at the end of the history (their end is not known), and those
 * that begin while the thread's state is uncertain (counted apart).
 */
#include "latency.h"
#include <math.h>
#include <string.h>

static void stat_free(gpointer data)
{
	SlStat *s = data;

	g_free(s->name);
	g_free(s);
}

void sl_result_free(SlResult *r)
{
	if (!r)
		return;
	g_clear_pointer(&r->stats, g_ptr_array_unref);
	g_free(r);
}

int sl_bucket_of(int64_t ns)
{
	int b;

	if (ns < 1)
		return 0;
	b = (int)floor(log10((double)ns) * SL_BUCKETS_PER_DECADE + 1e-9);
	return CLAMP(b, 0, SL_N_BUCKETS - 1);
}

double sl_bucket_floor(int b)
{
	return pow(10.0, (double)b / SL_BUCKETS_PER_DECADE);
}

char *sl_format_duration(double ns, char *buf, size_t len)
{
	static const struct {
		double scale;
		const char *unit;
	} units[] = {{1e9, "s"}, {1e6, "ms"}, {1e3, "µs"}, {1, "ns"}};

	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		double v = ns / units[i].scale;

		if (fabs(v) >= 1 || units[i].scale == 1) {
			if (units[i].scale == 1)
				g_snprintf(buf, len, "%.0f %s", v, units[i].unit);
			else
				g_snprintf(buf, len, "%.*f %s",
				           fabs(v) < 10    ? 2
				           : fabs(v) < 100 ? 1
				                           : 0,
				           v, units[i].unit);
			return buf;
		}
	}
	return buf;
}

typedef struct {
	SlResult *r;
	GHashTable *by_name; /* name (borrowed from the history) -> SlStat * */
} Acc;

static void add_call(Acc *acc, const char *name, int64_t duration)
{
	SlStat *s = g_hash_table_lookup(acc->by_name, name);

	if (!s) {
		s = g_new0(SlStat, 1);
		s->name = g_strdup(name);
		s->min = G_MAXINT64;
		g_hash_table_insert(acc->by_name, (gpointer)name, s);
	}
	s->count++;
	s->min = MIN(s->min, duration);
	s->max = MAX(s->max, duration);
	s->total += duration;
	acc->r->buckets[sl_bucket_of(duration)]++;
	acc->r->n_calls++;
	acc->r->total += duration;
}

static gboolean nested_mode(LttvExecMode m)
{
	return m == LTTV_MODE_IRQ || m == LTTV_MODE_SOFTIRQ || m == LTTV_MODE_TRAP;
}

/* In a system call: SYSCALL mode with a name, in a status where the
 * thread exists (an exiting thread's last system call ends there). */
static gboolean in_syscall(uint32_t v)
{
	LttvProcessStatus st = LTTV_THREAD_STATUS(v);

	return LTTV_THREAD_MODE(v) == LTTV_MODE_SYSCALL && LTTV_THREAD_SUBMODE(v) != 0 &&
	       (st == LTTV_STATUS_RUN || st == LTTV_STATUS_WAIT || st == LTTV_STATUS_WAIT_CPU);
}

static void scan_row(Acc *acc, const LttvHistory *h, guint trace, const LttvHistoryThread *th,
                     LttvTime t0, LttvTime t1)
{
	guint row = th->row;
	const LttvTime *starts;
	const uint32_t *values;
	gsize n, i;
	LttvTime hend = lttv_history_end(h);
	gboolean open = FALSE, uncertain = FALSE, no_entry = FALSE;
	guint32 sub = 0;
	LttvTime start = 0, last_end = 0;

	lttv_history_row_data(h, trace, row, &starts, &values, &n);
	if (n == 0 || starts[0] >= t1)
		return;
	/* back to where the run containing t0 began: a system call begun
	 * before t0 is not counted, and must not be mistaken for one
	 * beginning after an interrupt that straddles t0 */
	i = (gsize)MAX(lttv_history_index_at(h, trace, row, t0), 0);
	while (i > 0 && (in_syscall(values[i]) || nested_mode(LTTV_THREAD_MODE(values[i]))))
		i--;
	for (; i < n; i++) {
		uint32_t v = values[i];
		LttvTime end = i + 1 < n ? starts[i + 1] : hend;

		if (open) {
			if (in_syscall(v) && LTTV_THREAD_SUBMODE(v) == sub) {
				last_end = end;
				continue;
			}
			if (nested_mode(LTTV_THREAD_MODE(v)))
				continue;
			/* it ended where its last SYSCALL interval did */
			open = FALSE;
			if (start >= t0 && start < t1 && !no_entry) {
				if (uncertain)
					acc->r->n_uncertain++;
				else
					add_call(acc, lttv_history_string(h, trace, sub),
					         last_end - start);
			}
		}
		if (starts[i] >= t1)
			break;
		/* the thread is exiting: what follows (it may run once more
		 * as a zombie) is no new system call */
		if (LTTV_THREAD_STATUS(v) == LTTV_STATUS_EXIT ||
		    LTTV_THREAD_STATUS(v) == LTTV_STATUS_ZOMBIE ||
		    LTTV_THREAD_STATUS(v) == LTTV_STATUS_DEAD)
			break;
		if (in_syscall(v)) {
			LttvProcessStatus before =
			        i > 0 ? LTTV_THREAD_STATUS(values[i - 1]) : LTTV_STATUS_UNNAMED;

			open = TRUE;
			sub = LTTV_THREAD_SUBMODE(v);
			start = starts[i];
			last_end = end;
			/* no entry seen: the row begins in it, or a new thread
			 * returns from clone/fork (the call is the parent's) */
			no_entry = before == LTTV_STATUS_UNNAMED || before == LTTV_STATUS_WAIT_FORK;
			uncertain = LTTV_THREAD_UNCERTAIN(v);
		}
	}
	/* a call still open here runs to the end of the history or began
	 * after t1: either way it is not counted */
}

static int stat_cmp(gconstpointer a, gconstpointer b)
{
	const SlStat *x = *(SlStat *const *)a, *y = *(SlStat *const *)b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->name, y->name);
}

SlResult *sl_compute(const LttvHistory *h, LttvTime t0, LttvTime t1, GCancellable *cancel,
                     GError **error)
{
	g_autoptr(SlResult) r = g_new0(SlResult, 1);
	g_autoptr(GHashTable) by_name = g_hash_table_new(g_str_hash, g_str_equal);
	Acc acc = {r, by_name};
	GHashTableIter it;
	gpointer value;

	r->t0 = t0;
	r->t1 = t1;
	for (guint trace = 0; trace < lttv_history_n_traces(h); trace++) {
		guint n_threads = lttv_history_n_threads(h, trace);

		for (guint i = 0; i < n_threads; i++) {
			LttvHistoryThread th;

			if (g_cancellable_set_error_if_cancelled(cancel, error))
				return NULL;
			lttv_history_thread(h, trace, i, &th);
			scan_row(&acc, h, trace, &th, t0, t1);
		}
	}
	r->stats = g_ptr_array_new_full(g_hash_table_size(by_name), stat_free);
	g_hash_table_iter_init(&it, by_name);
	while (g_hash_table_iter_next(&it, NULL, &value))
		g_ptr_array_add(r->stats, value);
	g_ptr_array_sort(r->stats, stat_cmp);
	return g_steal_pointer(&r);
}
