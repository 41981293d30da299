/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: the input is a filter expression (up to its first NUL
 * byte).  It is compiled; when it compiles, it is matched against every
 * event of the small trace of tests/unit/filter-sample.h (written once
 * into a temporary folder) and the first events of a real kernel trace
 * ($LTTV_TRACES/tracecompass/many-threads when present), with a made-up
 * process lookup so that state.* fields are evaluated too.
 *
 * Findings, besides crashes, sanitizer reports, leaks and time-outs:
 *  - a broken GError contract (NULL without an error, an error with a
 *    filter), an error message without its "column N: " prefix, or a
 *    column outside 1 .. characters + 1;
 *  - "!(EXPR)" selecting anything but the events EXPR leaves out, or
 *    "(EXPR) || (EXPR)" differing from EXPR (when those compile: the
 *    parentheses may exceed the nesting limit).
 */
#include "filter-sample.h"
#include "lttv/event.h"
#include "lttv/filter.h"
#include "lttv/traceset.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REAL_EVENTS 400

static GPtrArray *tracesets; /* of LttvTraceset * */
static char *sample_dir;

static void remove_sample(void)
{
	g_autofree char *meta = g_build_filename(sample_dir, "metadata", NULL);
	g_autofree char *stream = g_build_filename(sample_dir, "stream", NULL);

	g_unlink(meta);
	g_unlink(stream);
	g_rmdir(sample_dir);
	g_clear_pointer(&sample_dir, g_free);
}

static void fail(const char *expr, const char *what)
{
	fprintf(stderr, "fuzz-filter: '%s': %s\n", expr, what);
	abort();
}

static void open_traces(void)
{
	g_autoptr(GError) error = NULL;
	const char *root = g_getenv("LTTV_TRACES");
	g_autofree char *real = NULL;
	LttvTraceset *ts;

	tracesets = g_ptr_array_new();
	sample_dir = g_dir_make_tmp("fuzz-filter-XXXXXX", &error);
	if (sample_dir)
		atexit(remove_sample);
	if (!sample_dir || !filter_sample_write(sample_dir, &error) ||
	    !(ts = lttv_traceset_open(sample_dir, &error))) {
		fprintf(stderr, "fuzz-filter: the sample trace: %s\n", error->message);
		abort();
	}
	g_ptr_array_add(tracesets, ts);
	/* (the files are read now: mmap-shim.h copies them) */
	real = g_build_filename(root ? root : FUZZ_DEFAULT_TRACES, "tracecompass/many-threads",
	                        NULL);
	ts = lttv_traceset_open(real, NULL);
	if (ts)
		g_ptr_array_add(tracesets, ts);
	else
		fprintf(stderr, "fuzz-filter: no %s: the sample trace only\n", real);
	for (guint i = 0; i < tracesets->len; i++)
		g_strfreev(lttv_filter_field_names(tracesets->pdata[i]));
}

/* A made-up process, different from event to event, sometimes unknown. */
static gboolean fake_process(const LttvEvent *ev, LttvFilterProcess *out, gpointer user_data)
{
	static const char *const names[] = {"bash", "lttng-consumerd", "", NULL};
	uint64_t k = (uint64_t)lttv_event_time(ev) / 1000;

	(void)user_data;
	if (k % 7 == 3)
		return FALSE;
	out->tid = (int64_t)(k % 11) - 1;
	out->pid = (int64_t)(k % 5) - 1;
	out->ppid = k % 3 ? 1 : -1;
	out->name = names[k % 4];
	return TRUE;
}

/* The matches over every event considered, one bit each. */
static GArray *matches(LttvFilter *f)
{
	GArray *bits = g_array_new(FALSE, FALSE, sizeof(gboolean));

	for (guint t = 0; t < tracesets->len; t++) {
		g_autoptr(LttvIter) it = lttv_iter_new(tracesets->pdata[t]);
		const LttvItem *item;
		guint n = 0;

		while (n < REAL_EVENTS && (item = lttv_iter_next(it, NULL))) {
			gboolean m;

			if (item->kind != LTTV_ITEM_EVENT)
				continue;
			/* with and without the lookup */
			m = lttv_filter_match(f, item->event, fake_process, NULL);
			g_array_append_val(bits, m);
			m = lttv_filter_match(f, item->event, NULL, NULL);
			g_array_append_val(bits, m);
			n++;
		}
	}
	return bits;
}

static LttvFilter *compile(const char *expr)
{
	g_autoptr(GError) error = NULL;
	guint column = 0;
	LttvFilter *f = lttv_filter_new(expr, 1700000000 * LTTV_TIME_NS_PER_S, &column, &error);
	glong chars = g_utf8_strlen(expr, -1);

	if (f && error)
		fail(expr, "a filter and an error");
	if (!f && !error)
		fail(expr, "no filter and no error");
	if (f) {
		if (strcmp(lttv_filter_expression(f), expr) != 0)
			fail(expr, "lttv_filter_expression() differs");
		return f;
	}
	{
		g_autofree char *prefix = g_strdup_printf("column %u: ", column);

		if (error->domain != LTTV_FILTER_ERROR || !g_str_has_prefix(error->message, prefix))
			fail(expr, error->message);
	}
	/* (g_utf8_strlen counts invalid bytes its own way: bound loosely) */
	if (column < 1 || column > strlen(expr) + 1 ||
	    (g_utf8_validate(expr, -1, NULL) && column > (guint)chars + 1))
		fail(expr, "error column out of the expression");
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *expr = g_strndup((const char *)data, size);
	g_autofree char *negated = NULL, *doubled = NULL;
	g_autoptr(GArray) plain = NULL;
	LttvFilter *f;

	if (!tracesets)
		open_traces();
	f = compile(expr);
	if (!f)
		return 0;
	plain = matches(f);
	lttv_filter_needs_state(f);
	lttv_filter_free(f);

	negated = g_strdup_printf("!(%s)", expr);
	f = compile(negated);
	if (f) {
		g_autoptr(GArray) neg = matches(f);

		for (guint i = 0; i < plain->len; i++)
			if (g_array_index(neg, gboolean, i) == g_array_index(plain, gboolean, i))
				fail(expr, "!(EXPR) is not its complement");
		lttv_filter_free(f);
	}
	doubled = g_strdup_printf("(%s) || (%s)", expr, expr);
	f = compile(doubled);
	if (f) {
		g_autoptr(GArray) twice = matches(f);

		if (memcmp(twice->data, plain->data, plain->len * sizeof(gboolean)) != 0)
			fail(expr, "(EXPR) || (EXPR) differs from EXPR");
		lttv_filter_free(f);
	}
	return 0;
}
