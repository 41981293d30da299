/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter language on real traces: each expression against the same
 * predicate computed from the event API directly, name selections against
 * the expected per-name counts, state.* fields through the state history
 * and the state engine, several traces in one traceset, and the field
 * list. */
#include "lttv/event.h"
#include "lttv/filter.h"
#include "lttv/history.h"
#include "lttv/state.h"
#include "lttv/traceset.h"
#include "shared-traces.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *cache_dir;

static LttvFilter *compile(const char *expr, const LttvTraceset *ts)
{
	g_autoptr(GError) error = NULL;
	LttvTime begin = 0, end = 0;
	LttvFilter *f;

	lttv_traceset_time_range(ts, &begin, &end);
	f = lttv_filter_new(expr, begin, NULL, &error);
	if (!f)
		g_error("%s: %s", expr, error->message);
	return f;
}

static guint64 count_matches(LttvTraceset *ts, const char *expr, LttvFilterProcessFn process,
                             gpointer user_data)
{
	g_autoptr(LttvFilter) f = compile(expr, ts);
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GError) error = NULL;
	const LttvItem *item;
	guint64 n = 0;

	while ((item = lttv_iter_next(it, &error)))
		if (item->kind == LTTV_ITEM_EVENT &&
		    lttv_filter_match(f, item->event, process, user_data))
			n++;
	g_assert_no_error(error);
	return n;
}

/* --- expressions against the event API --- */

/* What the predicates look at, read by the test itself. */
typedef struct {
	const char *name;
	int64_t cpu;
	bool has_prev_tid, has_next_tid, has_ret, has_next_comm;
	int64_t prev_tid, next_tid, ret;
	const char *next_comm;
	size_t next_comm_len;
} Atoms;

static bool get_int(const LttvEvent *ev, const char *field, int64_t *out)
{
	const LttvField *f = lttv_event_class_field(lttv_event_event_class(ev), field);

	return f && lttv_event_get_int(ev, f, out);
}

static void read_atoms(const LttvEvent *ev, Atoms *a)
{
	const LttvField *f = lttv_event_class_field(lttv_event_event_class(ev), "next_comm");

	a->name = lttv_event_name(ev);
	a->cpu = lttv_event_cpu(ev);
	a->has_prev_tid = get_int(ev, "prev_tid", &a->prev_tid);
	a->has_next_tid = get_int(ev, "next_tid", &a->next_tid);
	a->has_ret = get_int(ev, "ret", &a->ret);
	a->has_next_comm = f && lttv_event_get_string(ev, f, &a->next_comm, &a->next_comm_len);
}

static bool is(const Atoms *a, const char *name)
{
	return strcmp(a->name, name) == 0;
}

static bool switch_from_idle(const Atoms *a)
{
	return is(a, "sched_switch") && a->has_prev_tid && a->prev_tid == 0;
}

/* next_comm =~ "^kworker/[0-9]+:" */
static bool to_kworker(const Atoms *a)
{
	size_t i = strlen("kworker/");

	if (!a->has_next_comm || a->next_comm_len < i || memcmp(a->next_comm, "kworker/", i) != 0 ||
	    i >= a->next_comm_len || !g_ascii_isdigit(a->next_comm[i]))
		return false;
	while (i < a->next_comm_len && g_ascii_isdigit(a->next_comm[i]))
		i++;
	return i < a->next_comm_len && a->next_comm[i] == ':';
}

static bool p_prec1(const Atoms *a)
{
	return a->cpu == 0 || switch_from_idle(a);
}
static bool p_prec2(const Atoms *a)
{
	return (a->cpu == 0 || is(a, "sched_switch")) && a->has_prev_tid && a->prev_tid == 0;
}
static bool p_prec3(const Atoms *a)
{
	return (a->cpu == 1 && is(a, "sched_switch")) ||
	       (a->has_next_tid && a->next_tid == 0 && a->cpu != 1);
}
static bool p_not1(const Atoms *a)
{
	return a->cpu != 0 && is(a, "sched_switch");
}
static bool p_not2(const Atoms *a)
{
	return !(a->cpu == 0 && is(a, "sched_switch"));
}
static bool p_lt(const Atoms *a)
{
	return a->cpu >= 0 && a->cpu < 2;
}
static bool p_le(const Atoms *a)
{
	return a->cpu >= 0 && a->cpu <= 2;
}
static bool p_gt(const Atoms *a)
{
	return a->cpu > 5;
}
static bool p_ge(const Atoms *a)
{
	return a->cpu >= 5;
}
static bool p_ne(const Atoms *a)
{
	return a->cpu >= 0 && a->cpu != 3;
}
static bool p_eq3(const Atoms *a)
{
	return a->cpu == 3;
}
static bool p_ret_neg(const Atoms *a)
{
	return a->has_ret && a->ret < 0;
}
static bool p_ret_eagain(const Atoms *a)
{
	return a->has_ret && a->ret == -11;
}
static bool p_not_ret_pos(const Atoms *a)
{
	return !(a->has_ret && a->ret >= 0);
}
static bool p_kworker(const Atoms *a)
{
	return to_kworker(a);
}
static bool p_read_high_cpu(const Atoms *a)
{
	return (is(a, "syscall_entry_read") || is(a, "syscall_exit_read")) && a->cpu >= 4;
}
static bool p_idle(const Atoms *a)
{
	return (a->has_prev_tid && a->prev_tid == 0) || (a->has_next_tid && a->next_tid == 0);
}
static bool p_comm_order(const Atoms *a)
{
	/* next_comm < "kworker": byte order, shorter first */
	size_t n = MIN(a->next_comm_len, strlen("kworker"));
	int c;

	if (!a->has_next_comm)
		return false;
	c = memcmp(a->next_comm, "kworker", n);
	return c < 0 || (c == 0 && a->next_comm_len < strlen("kworker"));
}

static const struct {
	const char *expr;
	bool (*expect)(const Atoms *a);
} oracle_cases[] = {
        {"event.cpu == 0 || event.name == \"sched_switch\" && event.prev_tid == 0", p_prec1},
        {"(event.cpu == 0 || event.name == \"sched_switch\") && event.prev_tid == 0", p_prec2},
        {"event.cpu == 1 && event.name == \"sched_switch\" || event.next_tid == 0 && event.cpu != "
         "1",
         p_prec3},
        {"!event.cpu == 0 && event.name == \"sched_switch\"", p_not1},
        {"!(event.cpu == 0 && event.name == \"sched_switch\")", p_not2},
        {"event.cpu < 2", p_lt},
        {"event.cpu <= 2", p_le},
        {"event.cpu > 5", p_gt},
        {"event.cpu >= 5", p_ge},
        {"event.cpu != 3", p_ne},
        {"event.cpu == 0x3", p_eq3},
        {"event.cpu_id == 3", p_eq3},
        {"state.cpu == 3", p_eq3},
        {"event.ret < 0", p_ret_neg},
        {"event.ret == -11", p_ret_eagain},
        {"!(event.ret >= 0)", p_not_ret_pos},
        {"event.next_comm =~ \"^kworker/[0-9]+:\"", p_kworker},
        {"event.name =~ \"^syscall_(entry|exit)_read$\" && event.cpu >= 4", p_read_high_cpu},
        {"event.prev_tid == 0 || event.next_tid == 0", p_idle},
        {"event.next_comm < \"kworker\"", p_comm_order},
};

static void test_oracle(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) filters =
	        g_ptr_array_new_with_free_func((GDestroyNotify)lttv_filter_free);
	guint64 matched[G_N_ELEMENTS(oracle_cases)] = {0}, total = 0;
	const LttvItem *item;

	for (gsize i = 0; i < G_N_ELEMENTS(oracle_cases); i++)
		g_ptr_array_add(filters, compile(oracle_cases[i].expr, ts));
	while ((item = lttv_iter_next(it, &error))) {
		Atoms a;

		if (item->kind != LTTV_ITEM_EVENT)
			continue;
		read_atoms(item->event, &a);
		total++;
		for (gsize i = 0; i < G_N_ELEMENTS(oracle_cases); i++) {
			bool got = lttv_filter_match(filters->pdata[i], item->event, NULL, NULL);

			if (got != oracle_cases[i].expect(&a))
				g_error("%s: event %" G_GUINT64_FORMAT " (%s): filter says %d",
				        oracle_cases[i].expr, total, a.name, got);
			matched[i] += got;
		}
	}
	g_assert_no_error(error);
	g_assert_cmpuint(total, ==, 240644);
	/* none is trivially true or false on this trace */
	for (gsize i = 0; i < G_N_ELEMENTS(oracle_cases); i++) {
		g_test_message("%s: %" G_GUINT64_FORMAT, oracle_cases[i].expr, matched[i]);
		g_assert_cmpuint(matched[i], >, 0);
		g_assert_cmpuint(matched[i], <, total);
	}
}

/* --- names against the expected counts --- */

/* Events whose name `re` matches, from expected/NAME.counts. */
static guint64 expected_count(const char *rel, const char *re)
{
	/* expected/a__b.counts for a/b: "COUNT NAME" lines */
	g_auto(GStrv) parts = g_strsplit(rel, "/", -1);
	g_autofree char *joined = g_strjoinv("__", parts);
	g_autofree char *file = g_strconcat(joined, ".counts", NULL);
	g_autofree char *dir = trace_path("expected");
	g_autofree char *path = g_build_filename(dir, file, NULL);
	g_autofree char *text = NULL;
	g_autoptr(GRegex) regex = g_regex_new(re, 0, 0, NULL);
	g_auto(GStrv) lines = NULL;
	guint64 n = 0;

	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_assert_nonnull(regex);
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i]; i++) {
		char *sp = strchr(lines[i], ' ');

		if (sp && g_regex_match(regex, sp + 1, 0, NULL))
			n += g_ascii_strtoull(lines[i], NULL, 10);
	}
	return n;
}

static void check_counts(const char *rel)
{
	g_autoptr(LttvTraceset) ts = open_ok(rel);
	static const struct {
		const char *expr, *names;
	} cases[] = {
	        {"event.name == \"sched_switch\"", "^sched_switch$"},
	        {"event.name != \"sched_switch\"", "^(?!sched_switch$)"},
	        {"event.name =~ \"^syscall_entry_\"", "^syscall_entry_"},
	        {"event.name =~ \"^sys_\" || event.name == \"exit_syscall\"",
	         "^(sys_|exit_syscall$)"},
	        {"event.name =~ \"irq\" && !(event.name =~ \"softirq\")", "^(?!.*softirq).*irq"},
	        {"event.name =~ \"^sched_(switch|wakeup)$\"", "^sched_(switch|wakeup)$"},
	        {"event.name =~ \"\"", ""},
	};

	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		guint64 want = expected_count(rel, cases[i].names);

		g_test_message("%s: %s: %" G_GUINT64_FORMAT, rel, cases[i].expr, want);
		g_assert_cmpuint(count_matches(ts, cases[i].expr, NULL, NULL), ==, want);
	}
}

static void test_counts(void)
{
	check_counts("tracecompass/many-threads");
	check_counts("alireza-ezaz/trace-analysis-kernel");
	check_counts("tracecompass/bug446190");
}

/* --- enumerations and structures of a real trace --- */

static void test_enum_struct(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("alireza-ezaz/trace-analysis-kernel");
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(GError) error = NULL;
	const LttvItem *item;
	guint64 op[4] = {0}, with_op = 0, raw1 = 0, epollin = 0;

	while ((item = lttv_iter_next(it, &error))) {
		int64_t v;

		if (item->kind != LTTV_ITEM_EVENT)
			continue;
		if (get_int(item->event, "op_enum", &v)) {
			with_op++;
			if (v >= 1 && v <= 3)
				op[v]++;
		}
		if (get_int(item->event, "event.raw_events", &v) && v == 1)
			raw1++;
		if (get_int(item->event, "event.events.EPOLLIN", &v) && v == 1)
			epollin++;
	}
	g_assert_no_error(error);
	g_assert_cmpuint(op[1], ==, 44);
	g_assert_cmpuint(op[2], ==, 6);
	g_assert_cmpuint(op[3], ==, 13);
	g_assert_cmpuint(count_matches(ts, "event.op_enum == \"EPOLL_CTL_ADD\"", NULL, NULL), ==,
	                 op[1]);
	g_assert_cmpuint(count_matches(ts, "event.op_enum == 1", NULL, NULL), ==, op[1]);
	g_assert_cmpuint(count_matches(ts, "event.op_enum =~ \"_(DEL|MOD)$\"", NULL, NULL), ==,
	                 op[2] + op[3]);
	g_assert_cmpuint(count_matches(ts, "event.op_enum != \"EPOLL_CTL_ADD\"", NULL, NULL), ==,
	                 with_op - op[1]);
	g_assert_cmpuint(count_matches(ts, "event.op_enum > 1", NULL, NULL), ==, op[2] + op[3]);
	g_assert_cmpuint(raw1, >, 0);
	g_assert_cmpuint(count_matches(ts, "event.event.raw_events == 0x1", NULL, NULL), ==, raw1);
	g_assert_cmpuint(epollin, >, 0);
	g_assert_cmpuint(count_matches(ts, "event.event.events.EPOLLIN == 1", NULL, NULL), ==,
	                 epollin);
}

/* --- several traces: per-trace caches, trace.name --- */

static void test_traces(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("babeltrace/succeed/multi-domains");

	g_assert_cmpuint(lttv_traceset_n_traces(ts), ==, 2);
	g_assert_cmpuint(count_matches(ts, "trace.name == \"kernel\"", NULL, NULL), ==, 272);
	g_assert_cmpuint(count_matches(ts, "trace.name =~ \"^u\"", NULL, NULL), ==, 4000);
	g_assert_cmpuint(
	        count_matches(ts, "trace.name != \"kernel\" && event.cpu >= 0", NULL, NULL), ==,
	        4000);
	g_assert_cmpuint(
	        count_matches(ts, "event.intfield >= 0 || event.name =~ \":message$\"", NULL, NULL),
	        ==, 4272);
	g_assert_cmpuint(
	        count_matches(ts, "trace.name == \"ust\" && event.intfield >= 0", NULL, NULL), ==,
	        0);
}

/* --- state.* fields --- */

static bool prefixed(const char *s, const char *prefix)
{
	return s && g_str_has_prefix(s, prefix);
}

static void test_state(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvHistory) h = lttv_history_open(ts, NULL, NULL, NULL, &error);
	g_autoptr(LttvState) st = lttv_state_new(ts);
	g_autoptr(LttvIter) it = lttv_iter_new(ts);
	g_autoptr(LttvFilter) idle =
	        compile("event.name == \"sched_switch\" && state.process.tid == 0", ts);
	g_autoptr(LttvFilter) lttng = compile("state.process.name =~ \"^lttng\"", ts);
	g_autoptr(LttvFilter) ids = compile(
	        "state.process.pid == 4297 || state.process.ppid == 1 && state.process.tid > 4000",
	        ts);
	guint64 switches = 0, known_h = 0, known_s = 0, wrong_h = 0, n_idle = 0;
	guint64 got[3][2] = {{0}}, want[3][2] = {{0}};
	const LttvItem *item;

	g_assert_no_error(error);
	while ((item = lttv_iter_next(it, &error))) {
		const LttvEvent *ev = item->event;
		LttvFilterProcess p[2];
		bool ok[2];
		int64_t prev_tid;

		if (item->kind != LTTV_ITEM_EVENT) {
			lttv_state_apply(st, item);
			continue;
		}
		/* the state engine has applied every item before this event */
		ok[0] = lttv_filter_process_from_history(ev, &p[0], h);
		ok[1] = lttv_filter_process_from_state(ev, &p[1], st);
		/* a sched_switch belongs to the thread it switches away from */
		if (strcmp(lttv_event_name(ev), "sched_switch") == 0 &&
		    get_int(ev, "prev_tid", &prev_tid)) {
			switches++;
			if (ok[0]) {
				known_h++;
				wrong_h += p[0].tid != prev_tid;
			}
			if (ok[1]) {
				known_s++;
				g_assert_cmpint(p[1].tid, ==, prev_tid);
			}
			n_idle += prev_tid == 0;
		}
		for (int k = 0; k < 2; k++) {
			LttvFilterProcessFn fn = k ? lttv_filter_process_from_state
			                           : lttv_filter_process_from_history;
			gpointer ud = k ? (gpointer)st : (gpointer)h;

			want[0][k] += ok[k] && strcmp(lttv_event_name(ev), "sched_switch") == 0 &&
			              p[k].tid == 0;
			want[1][k] += ok[k] && prefixed(p[k].name, "lttng");
			want[2][k] +=
			        ok[k] && (p[k].pid == 4297 || (p[k].ppid == 1 && p[k].tid > 4000));
			got[0][k] += lttv_filter_match(idle, ev, fn, ud);
			got[1][k] += lttv_filter_match(lttng, ev, fn, ud);
			got[2][k] += lttv_filter_match(ids, ev, fn, ud);
		}
		lttv_state_apply(st, item);
	}
	g_assert_no_error(error);
	g_test_message("%" G_GUINT64_FORMAT " switches, thread known: %" G_GUINT64_FORMAT
	               " (history, %" G_GUINT64_FORMAT " other), %" G_GUINT64_FORMAT " (state)",
	               switches, known_h, wrong_h, known_s);
	/* the history knows no thread before a CPU's first switch: it gives
	 * the one switched to (lttv_history_event_thread()) */
	g_assert_cmpuint(wrong_h, <=, 8);
	/* the thread is unknown at most before a CPU's first switch */
	g_assert_cmpuint(known_h + 8, >=, switches);
	g_assert_cmpuint(known_s + 8, >=, switches);
	for (int e = 0; e < 3; e++)
		for (int k = 0; k < 2; k++) {
			g_assert_cmpuint(got[e][k], ==, want[e][k]);
			g_assert_cmpuint(want[e][k], >, 0);
		}
	/* the filter agrees with the payload on the switches from idle */
	g_assert_cmpuint(got[0][1] + 8, >=, n_idle);
	g_assert_cmpuint(got[0][1], <=, n_idle);
	g_assert_cmpuint(got[0][0] + 8, >=, n_idle);
	g_assert_cmpuint(got[0][0], <=, n_idle + 8);
	/* without a lookup, state.process.* is unknown */
	g_assert_cmpuint(count_matches(ts, "state.process.tid >= 0", NULL, NULL), ==, 0);
	g_assert_cmpuint(count_matches(ts, "!(state.process.name == \"x\")", NULL, NULL), ==,
	                 240644);
}

/* --- the field list --- */

static bool has_name(char **names, const char *name)
{
	return g_strv_contains((const char *const *)names, name);
}

static void test_field_names(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("tracecompass/many-threads");
	g_auto(GStrv) names = lttv_filter_field_names(ts);
	g_auto(GStrv) none = lttv_filter_field_names(NULL);
	static const char *const fixed[] = {
	        "event.cpu",          "event.name",         "event.time",
	        "state.cpu",          "state.process.name", "state.process.pid",
	        "state.process.ppid", "state.process.tid",  "trace.name",
	};
	guint n = g_strv_length(names);

	g_assert_cmpuint(g_strv_length(none), ==, G_N_ELEMENTS(fixed));
	g_assert_cmpuint(n, >, G_N_ELEMENTS(fixed) + 100);
	for (guint i = 0; i < G_N_ELEMENTS(fixed); i++)
		g_assert_cmpstr(names[i], ==, fixed[i]);
	/* then the fields, sorted, once each, every one usable */
	for (guint i = G_N_ELEMENTS(fixed); i < n; i++) {
		g_autofree char *expr = g_strdup_printf("%s == 0", names[i]);
		g_autoptr(GError) error = NULL;
		g_autoptr(LttvFilter) f = lttv_filter_new(expr, 0, NULL, &error);

		g_assert_true(g_str_has_prefix(names[i], "event."));
		if (i > G_N_ELEMENTS(fixed))
			g_assert_cmpint(strcmp(names[i - 1], names[i]), <, 0);
		g_assert_no_error(error);
	}
	g_assert_true(has_name(names, "event.prev_tid"));
	g_assert_true(has_name(names, "event.next_comm"));
	g_assert_true(has_name(names, "event.cpu_id"));
	/* irq_handler_entry's "name", lttng_statedump_process_state's "cpu" */
	g_assert_true(has_name(names, "event.fields.name"));
	g_assert_true(has_name(names, "event.fields.cpu"));
	/* the reader's machinery is not: the event header's timestamp and
	 * variant, the packet sizes */
	g_assert_false(has_name(names, "event.timestamp"));
	g_assert_false(has_name(names, "event.v"));
	g_assert_false(has_name(names, "event.packet_size"));
	g_assert_false(has_name(names, "event.content_size"));
	g_assert_cmpuint(count_matches(ts, "event.fields.name == \"0000:00:1f.2\"", NULL, NULL), >,
	                 0);
	/* nor are they read: event.id is the payload's id of the *_unknown
	 * system calls only, never the header's */
	g_assert_cmpuint(
	        count_matches(ts, "event.timestamp >= 0 || event.packet_size > 0", NULL, NULL), ==,
	        0);
	g_assert_cmpuint(
	        count_matches(ts, "event.id >= -1", NULL, NULL), ==,
	        expected_count("tracecompass/many-threads", "^syscall_(entry|exit)_unknown$"));
}

static void test_nested_names(void)
{
	g_autoptr(LttvTraceset) ts = open_ok("alireza-ezaz/trace-analysis-kernel");
	g_auto(GStrv) names = lttv_filter_field_names(ts);

	g_assert_true(has_name(names, "event.event.raw_events"));
	g_assert_true(has_name(names, "event.event.events.EPOLLIN"));
	g_assert_true(has_name(names, "event.op_enum"));
}

int main(int argc, char **argv)
{
	int rc;

	/* our own history cache, before GLib reads XDG_CACHE_HOME */
	cache_dir = g_dir_make_tmp("lttv-filter-XXXXXX", NULL);
	g_assert_nonnull(cache_dir);
	g_setenv("XDG_CACHE_HOME", cache_dir, TRUE);
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/filter-traces/oracle", test_oracle);
	g_test_add_func("/filter-traces/counts", test_counts);
	g_test_add_func("/filter-traces/enum-struct", test_enum_struct);
	g_test_add_func("/filter-traces/traces", test_traces);
	g_test_add_func("/filter-traces/state", test_state);
	g_test_add_func("/filter-traces/field-names", test_field_names);
	g_test_add_func("/filter-traces/nested-names", test_nested_names);
	rc = g_test_run();
	{
		g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", cache_dir);

		if (system(cmd) != 0)
			rc = 1;
	}
	g_free(cache_dir);
	return rc;
}
