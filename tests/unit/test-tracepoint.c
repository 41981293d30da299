/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * User-space tracepoints: registration (also of a provider in a shared
 * object loaded with dlopen), enabling by name and glob, the cost of a
 * disabled call site (its arguments are not evaluated), the memory
 * backend, probes from several threads and from signal handlers, and the
 * example program.  The CTF side: test-tracepoint-ctf.c.
 */
#include "tracepoint-tests.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>

LttvTpMemBackend *tp_start(const char *patterns, gsize capacity)
{
	LttvTpMemBackend *mb = lttv_tp_mem_backend_new(capacity);
	g_autoptr(GError) error = NULL;

	lttv_tp_reset();
	g_assert_true(lttv_tp_enable(patterns, &error));
	g_assert_no_error(error);
	g_assert_null(lttv_tp_set_backend(lttv_tp_mem_backend_get(mb)));
	return mb;
}

void tp_stop(void)
{
	g_assert_nonnull(lttv_tp_set_backend(NULL));
	lttv_tp_reset();
}

/* ---------------------------------------------------------------- registry */

static gboolean find_first(struct lttv_tp_event *ev, gpointer user_data)
{
	*(struct lttv_tp_event **)user_data = ev;
	return FALSE;
}

static struct lttv_tp_event *lookup(const char *name)
{
	struct lttv_tp_event *ev = NULL;

	lttv_tp_foreach(name, find_first, &ev);
	return ev;
}

/* The constructors registered the test's providers, with their fields. */
static void test_registered(void)
{
	static const char *const names[] = {
	        "lttv_test2:ping", "lttv_test:arrays", "lttv_test:empty",
	        "lttv_test:enums", "lttv_test:floats", "lttv_test:ints",
	        "lttv_test:side",  "lttv_test:stress", "lttv_test:strings",
	};
	g_autoptr(GPtrArray) list = lttv_tp_list("lttv_test*");
	struct lttv_tp_event *ev;
	g_autofree LttvCtfField *fields = NULL;
	guint n;

	g_assert_cmpuint(list->len, ==, G_N_ELEMENTS(names));
	for (guint i = 0; i < list->len; i++)
		g_assert_cmpstr(list->pdata[i], ==, names[i]);
	g_assert_cmpuint(lttv_tp_count("lttv_test:*"), ==, 8);
	g_assert_cmpuint(lttv_tp_count(NULL), >=, 9);
	g_assert_cmpuint(lttv_tp_count("nothing:*"), ==, 0);

	ev = lookup("lttv_test:arrays");
	g_assert_nonnull(ev);
	g_assert_true(ev == &lttv__tpev_lttv_test___arrays);
	g_assert_cmpstr(ev->provider, ==, "lttv_test");
	g_assert_cmpuint(ev->n_fields, ==, 6);
	fields = lttv_tp_event_ctf_fields(ev, &n);
	g_assert_cmpuint(n, ==, 6);
	g_assert_cmpstr(fields[0].name, ==, "a8");
	g_assert_cmpint(fields[0].kind, ==, LTTV_CTF_FIELD_INT_ARRAY);
	g_assert_cmpuint(fields[0].bits, ==, 8);
	g_assert_true(fields[0].is_signed);
	g_assert_cmpuint(fields[0].length, ==, 3);
	g_assert_cmpint(fields[3].kind, ==, LTTV_CTF_FIELD_INT_ARRAY);
	g_assert_cmpuint(fields[3].base, ==, 16);
	g_assert_cmpint(fields[5].kind, ==, LTTV_CTF_FIELD_INT_SEQUENCE);
	g_assert_cmpuint(fields[5].bits, ==, 32);
	g_assert_false(fields[5].is_signed);
	g_assert_cmpuint(fields[5].length_bits, ==, 16);
	g_clear_pointer(&fields, g_free);

	ev = lookup("lttv_test:enums");
	fields = lttv_tp_event_ctf_fields(ev, &n);
	g_assert_cmpuint(n, ==, 3);
	g_assert_cmpint(fields[1].kind, ==, LTTV_CTF_FIELD_ENUM);
	g_assert_cmpuint(fields[1].bits, ==, 16);
	g_assert_true(fields[1].is_signed);
	g_assert_cmpuint(fields[1].n_enum_entries, ==, 2);
	g_assert_cmpstr(fields[1].enum_entries[0].label, ==, "NEGATIVE");
	g_assert_cmpint(fields[1].enum_entries[0].start, ==, -32768);
	g_assert_cmpint(fields[1].enum_entries[0].end, ==, -1);
	g_assert_cmpuint(fields[2].n_enum_entries, ==, 2);
	g_assert_cmpuint((guint64)fields[2].enum_entries[1].end, ==, G_MAXUINT64);
	g_clear_pointer(&fields, g_free);

	ev = lookup("lttv_test:empty");
	fields = lttv_tp_event_ctf_fields(ev, &n);
	g_assert_cmpuint(n, ==, 0);
	/* ids: distinct */
	g_assert_cmpuint(lookup("lttv_test:empty")->id, !=, lookup("lttv_test:ints")->id);
}

static gboolean is_on(const char *name)
{
	gboolean on = lttv_tp_is_enabled(name);

	/* the flag the call sites test says the same */
	g_assert_cmpint(on, ==, lookup(name)->enabled != 0);
	return on;
}

/* Rules: globs, the last matching one wins, errors change nothing. */
static void test_enable(void)
{
	g_autoptr(GError) error = NULL;
	static const char *const bad[] = {"", ",", "lttv_test:*,", "a b", "x;y", "lttv_test:[a]"};

	lttv_tp_reset();
	g_assert_false(is_on("lttv_test:ints"));
	g_assert_false(lttv_tracepoint_enabled(lttv_test, ints));
	g_assert_true(lttv_tp_enable("lttv_test:*", &error));
	g_assert_true(is_on("lttv_test:ints"));
	g_assert_true(lttv_tracepoint_enabled(lttv_test, ints));
	g_assert_true(is_on("lttv_test:side"));
	g_assert_false(is_on("lttv_test2:ping"));
	g_assert_true(lttv_tp_disable("lttv_test:s*", &error));
	g_assert_true(is_on("lttv_test:ints"));
	g_assert_false(is_on("lttv_test:side"));
	g_assert_false(is_on("lttv_test:strings"));
	g_assert_false(is_on("lttv_test:stress"));
	g_assert_true(lttv_tp_enable("*:p?ng,lttv_test:stress", &error));
	g_assert_true(is_on("lttv_test2:ping"));
	g_assert_true(is_on("lttv_test:stress"));
	g_assert_false(is_on("lttv_test:side"));
	g_assert_no_error(error);
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_assert_false(lttv_tp_disable(bad[i], &error));
		g_assert_error(error, LTTV_TP_ERROR, LTTV_TP_ERROR_PATTERN);
		g_clear_error(&error);
	}
	g_assert_true(is_on("lttv_test:ints"));
	g_assert_true(lttv_tp_enable("*", &error));
	g_assert_true(is_on("lttv_test:side"));
	lttv_tp_reset();
	g_assert_false(is_on("lttv_test:ints"));
	g_assert_false(is_on("lttv_test2:ping"));
}

static guint evaluated;

static const char *count_eval(const char *s)
{
	evaluated++;
	return s;
}

/* A disabled call site evaluates nothing; an enabled one each argument
 * once, with a backend or without. */
static void test_disabled(void)
{
	g_autoptr(LttvTpMemBackend) mb = NULL;
	int counter = 0, other = 0;

	lttv_tp_reset();
	evaluated = 0;
	for (int i = 0; i < 10; i++)
		lttv_tracepoint(lttv_test, side, counter++, count_eval("x"), other++);
	g_assert_cmpint(counter, ==, 0);
	g_assert_cmpint(other, ==, 0);
	g_assert_cmpuint(evaluated, ==, 0);

	g_assert_true(lttv_tp_enable("lttv_test:side", NULL));
	lttv_tracepoint(lttv_test, side, counter++, count_eval("x"), 0);
	g_assert_cmpint(counter, ==, 1);
	g_assert_cmpuint(evaluated, ==, 1);
	lttv_tp_reset();

	mb = tp_start("lttv_test:side", 4096);
	lttv_tracepoint(lttv_test, side, counter++, count_eval("x"), 0);
	lttv_tracepoint(lttv_test, ints, NULL); /* disabled: the NULL is never read */
	tp_stop();
	g_assert_cmpint(counter, ==, 2);
	g_assert_cmpuint(evaluated, ==, 2);
	g_assert_cmpuint(lttv_tp_mem_backend_count(mb), ==, 1);
}

/* A full memory backend drops and counts; what it kept is whole. */
static void test_drop(void)
{
	g_autoptr(LttvTpMemBackend) mb = tp_start("lttv_test:side", 1024);
	const LttvTpMemRecord *r = NULL;
	guint n = 0;

	for (int i = 0; i < 100; i++)
		lttv_tracepoint(lttv_test, side, i, "0123456789", 0);
	tp_stop();
	g_assert_cmpuint(lttv_tp_mem_backend_dropped(mb), >, 0);
	g_assert_cmpuint(lttv_tp_mem_backend_count(mb) + lttv_tp_mem_backend_dropped(mb), ==, 100);
	while ((r = lttv_tp_mem_backend_next(mb, r))) {
		gint32 a;

		memcpy(&a, r->payload, 4);
		g_assert_cmpint(GINT32_FROM_LE(a), ==, (gint)n);
		g_assert_cmpuint(r->payload_len, ==, 4 + 11 + 8);
		n++;
	}
	g_assert_cmpuint(n, ==, lttv_tp_mem_backend_count(mb));
	lttv_tp_mem_backend_clear(mb);
	g_assert_null(lttv_tp_mem_backend_next(mb, NULL));
}

/* ---------------------------------------------------------------- dlopen */

typedef struct {
	guint registered, unregistered;
	gboolean saw_dl;
} Notices;

static void listener(struct lttv_tp_event *const *events, guint n, gboolean registered,
                     gpointer user_data)
{
	Notices *no = user_data;

	for (guint i = 0; i < n; i++) {
		if (registered)
			no->registered++;
		else
			no->unregistered++;
		if (!strcmp(events[i]->provider, "lttv_test_dl")) {
			/* still readable when it goes */
			g_assert_cmpstr(events[i]->name, ==, "ping");
			g_assert_cmpuint(events[i]->n_fields, ==, 1);
			no->saw_dl = TRUE;
		}
	}
}

/* A provider in a shared object registers when loaded (picking up the
 * rules already there), works, and unregisters when unloaded. */
static void test_dlopen(void)
{
	g_autoptr(LttvTpMemBackend) mb = NULL;
	Notices no = {0};
	guint id, before;
	void (*fire)(gint32);
	const LttvTpMemRecord *r;
	void *h;
	gint32 v;

	if (!g_file_test(TEST_TP_DL_PATH, G_FILE_TEST_EXISTS)) {
		g_test_skip("no shared object " TEST_TP_DL_PATH " (--disable-shared?)");
		return;
	}
	mb = tp_start("lttv_test_dl:*", 4096);
	id = lttv_tp_add_listener(listener, &no);
	before = no.registered;
	g_assert_cmpuint(before, ==, lttv_tp_count(NULL));
	g_assert_cmpuint(lttv_tp_count("lttv_test_dl:*"), ==, 0);

	h = dlopen(TEST_TP_DL_PATH, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		g_printerr("%s\n", dlerror());
	g_assert_nonnull(h);
	g_assert_cmpuint(lttv_tp_count("lttv_test_dl:*"), ==, 1);
	g_assert_cmpuint(no.registered, ==, before + 1);
	g_assert_true(no.saw_dl);
	g_assert_true(lttv_tp_is_enabled("lttv_test_dl:ping"));
	fire = (void (*)(gint32))dlsym(h, "test_tp_dl_fire");
	g_assert_nonnull(fire);
	fire(-7);
	lttv_tp_disable("lttv_test_dl:ping", NULL);
	fire(8);
	g_assert_cmpuint(lttv_tp_mem_backend_count(mb), ==, 1);
	r = lttv_tp_mem_backend_next(mb, NULL);
	g_assert_cmpstr(r->event->provider, ==, "lttv_test_dl");
	g_assert_cmpuint(r->event_id, ==, r->event->id);
	memcpy(&v, r->payload, 4);
	g_assert_cmpint(GINT32_FROM_LE(v), ==, -7);

	no.saw_dl = FALSE;
	g_assert_cmpint(dlclose(h), ==, 0);
	g_assert_cmpuint(lttv_tp_count("lttv_test_dl:*"), ==, 0);
	g_assert_cmpuint(no.unregistered, ==, 1);
	g_assert_true(no.saw_dl);
	lttv_tp_remove_listener(id);
	tp_stop();

	/* loaded again: registered again, with a new id */
	h = dlopen(TEST_TP_DL_PATH, RTLD_NOW | RTLD_LOCAL);
	g_assert_nonnull(h);
	g_assert_cmpuint(lttv_tp_count("lttv_test_dl:ping"), ==, 1);
	g_assert_cmpuint(no.registered, ==, before + 1); /* listener removed */
	g_assert_cmpint(dlclose(h), ==, 0);
	g_assert_cmpuint(lttv_tp_count("lttv_test_dl:*"), ==, 0);
}

/* ---------------------------------------------------------------- threads, signals */

#define STRESS_THREADS 2
#define STRESS_EVENTS  300000
#define SIGNAL_THREAD  99

static guint64 signal_seq;
static gint running;      /* stress threads still tracing */
static gint stop_signals; /* the idle thread may go */

static void on_signal(int sig)
{
	guint64 seq = __atomic_fetch_add(&signal_seq, 1, __ATOMIC_RELAXED);

	lttv_tracepoint(lttv_test, stress, SIGNAL_THREAD, seq);
}

static gpointer stress_thread(gpointer data)
{
	guint32 index = GPOINTER_TO_UINT(data);

	for (guint64 seq = 0; seq < STRESS_EVENTS; seq++)
		lttv_tracepoint(lttv_test, stress, index, seq);
	g_atomic_int_dec_and_test(&running);
	return NULL;
}

/* A thread that never traces by itself: its first tracepoint runs in a
 * signal handler (and so does urcu-bp's registration of the thread). */
static gpointer idle_thread(gpointer data)
{
	while (!g_atomic_int_get(&stop_signals))
		g_usleep(100);
	return NULL;
}

/* Signals every thread (none is joined yet) while the stress threads run. */
static gpointer signal_thread(gpointer data)
{
	pthread_t *targets = data;

	while (g_atomic_int_get(&running) > 0) {
		for (guint i = 0; i < STRESS_THREADS + 1; i++)
			pthread_kill(targets[i], SIGUSR1);
		g_thread_yield();
	}
	return NULL;
}

/* Two threads trace while another keeps interrupting them (and an idle
 * thread) with a signal whose handler traces too: every event is there
 * once, whole. */
static void test_threads_signals(void)
{
	g_autoptr(LttvTpMemBackend) mb = NULL;
	struct sigaction sa = {0}, old;
	pthread_t threads[STRESS_THREADS + 1];
	GThread *killer;
	g_autofree guint8 *seen = g_malloc0(STRESS_THREADS * STRESS_EVENTS);
	const LttvTpMemRecord *r = NULL;
	guint64 from_signals = 0, n_signals;

	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	g_assert_cmpint(sigaction(SIGUSR1, &sa, &old), ==, 0);
	mb = tp_start("lttv_test:stress", 64 << 20);
	signal_seq = 0;
	running = STRESS_THREADS;
	stop_signals = 0;
	for (guint i = 0; i < STRESS_THREADS; i++)
		g_assert_cmpint(
		        pthread_create(&threads[i], NULL, stress_thread, GUINT_TO_POINTER(i)), ==,
		        0);
	g_assert_cmpint(pthread_create(&threads[STRESS_THREADS], NULL, idle_thread, NULL), ==, 0);
	killer = g_thread_new("signals", signal_thread, threads);
	g_thread_join(killer);
	g_atomic_int_set(&stop_signals, 1);
	for (guint i = 0; i < STRESS_THREADS + 1; i++)
		pthread_join(threads[i], NULL);
	tp_stop();
	g_assert_cmpint(sigaction(SIGUSR1, &old, NULL), ==, 0);

	n_signals = __atomic_load_n(&signal_seq, __ATOMIC_RELAXED);
	g_assert_cmpuint(lttv_tp_mem_backend_dropped(mb), ==, 0);
	g_assert_cmpuint(lttv_tp_mem_backend_count(mb), ==,
	                 STRESS_THREADS * STRESS_EVENTS + n_signals);
	while ((r = lttv_tp_mem_backend_next(mb, r))) {
		guint32 thread;
		guint64 seq;

		g_assert_cmpuint(r->committed, ==, 1);
		g_assert_cmpuint(r->payload_len, ==, 12);
		memcpy(&thread, r->payload, 4);
		memcpy(&seq, r->payload + 4, 8);
		thread = GUINT32_FROM_LE(thread);
		seq = GUINT64_FROM_LE(seq);
		if (thread == SIGNAL_THREAD) {
			g_assert_cmpuint(seq, <, n_signals);
			from_signals++;
			continue;
		}
		g_assert_cmpuint(thread, <, STRESS_THREADS);
		g_assert_cmpuint(seq, <, STRESS_EVENTS);
		g_assert_cmpuint(seen[thread * STRESS_EVENTS + seq], ==, 0);
		seen[thread * STRESS_EVENTS + seq] = 1;
	}
	g_assert_cmpuint(from_signals, ==, n_signals);
	for (guint i = 0; i < STRESS_THREADS * STRESS_EVENTS; i++)
		g_assert_cmpuint(seen[i], ==, 1);
	g_test_message("%" G_GUINT64_FORMAT " events from signal handlers", n_signals);
}

/* ---------------------------------------------------------------- example */

static int run_example(const char *const *args)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GError) error = NULL;
	g_autofree char *out = NULL, *err = NULL;
	int status;

	g_ptr_array_add(argv, (gpointer)TEST_TP_EXAMPLE_PATH);
	for (; *args; args++)
		g_ptr_array_add(argv, (gpointer)*args);
	g_ptr_array_add(argv, NULL);
	g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
	                           &out, &err, &status, &error));
	g_assert_no_error(error);
	g_assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_example(void)
{
	const char *ok[] = {"-t", "3", "-n", "1000", NULL};
	const char *defaults[] = {NULL};
	const char *bad_t[] = {"-t", "0", NULL};
	const char *bad_n[] = {"-n", "-1", NULL};
	const char *extra[] = {"x", NULL};

	if (!g_file_test(TEST_TP_EXAMPLE_PATH, G_FILE_TEST_IS_EXECUTABLE)) {
		g_test_skip("lttv-ust-example is not built");
		return;
	}
	g_assert_cmpint(run_example(ok), ==, 0);
	g_assert_cmpint(run_example(defaults), ==, 0);
	g_assert_cmpint(run_example(bad_t), ==, 2);
	g_assert_cmpint(run_example(bad_n), ==, 2);
	g_assert_cmpint(run_example(extra), ==, 2);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tracepoint/registered", test_registered);
	g_test_add_func("/tracepoint/enable", test_enable);
	g_test_add_func("/tracepoint/disabled", test_disabled);
	g_test_add_func("/tracepoint/drop", test_drop);
	g_test_add_func("/tracepoint/dlopen", test_dlopen);
	g_test_add_func("/tracepoint/threads-signals", test_threads_signals);
	g_test_add_func("/tracepoint/example", test_example);
	tp_add_ctf_tests();
	return g_test_run();
}
