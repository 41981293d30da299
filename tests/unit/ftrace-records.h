/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building ftrace records by hand, and reading a converted trace back as
 * one line per event: shared by tests/unit/test-ftrace-convert.c and
 * tests/unit/test-kspool.c. */
#ifndef LTTV_TESTS_FTRACE_RECORDS_H
#define LTTV_TESTS_FTRACE_RECORDS_H

#include "lttv/event.h"
#include "lttv/traceset.h"

#include <glib.h>
#include <inttypes.h>
#include <string.h>

static G_GNUC_UNUSED const guint8 trace_uuid[16] = {0x2a, 0x64, 0x22, 0xd0, 0x6c, 0xee, 0x11, 0xe0,
                                                    0x8c, 0x08, 0xcb, 0x07, 0xd7, 0xb3, 0xa5, 0x64};

/* tids that no process can have (above PID_MAX_LIMIT): no /proc fallback */
#define TGID   5000000
#define TID    5000001
#define THREAD 5000002
#define CHILD  5000003
#define ORPHAN 5000004
#define NOBODY 5000010

typedef struct {
	guint8 b[512];
	guint32 len;
} Rec;

static G_GNUC_UNUSED void rec_init(Rec *r, guint16 type, gint32 pid, guint32 fixed)
{
	memset(r, 0, sizeof *r);
	memcpy(r->b, &type, 2);
	memcpy(r->b + 4, &pid, 4);
	r->len = fixed;
}

static G_GNUC_UNUSED void rec_put(Rec *r, guint32 off, guint64 v, guint32 size)
{
	g_assert_cmpuint(off + size, <=, r->len);
	memcpy(r->b + off, &v, size); /* little-endian host */
}

static G_GNUC_UNUSED void rec_text(Rec *r, guint32 off, const char *s, guint32 size)
{
	g_assert_cmpuint(off + size, <=, r->len);
	memcpy(r->b + off, s, strnlen(s, size)); /* NUL-padded (rec_init), or not ended */
}

/* Appends n bytes and points the __data_loc (or __rel_loc) word at off to them. */
static G_GNUC_UNUSED void rec_dyn(Rec *r, guint32 off, const void *data, guint32 n, gboolean rel)
{
	guint32 at = r->len;
	guint32 loc = (rel ? at - (off + 4) : at) | n << 16;

	g_assert_cmpuint(at + n, <=, sizeof r->b);
	memcpy(r->b + at, data, n);
	r->len += n;
	rec_put(r, off, loc, 4);
	r->len = (r->len + 3) & ~3u; /* the ring buffer rounds up */
}

/* "CPU TS NAME f=v f=v ..." for every event of the trace in dir, and
 * "discarded N" for every notice of lost events. */
static G_GNUC_UNUSED void append_value(GString *s, const LttvFieldValue *v)
{
	switch (v->kind) {
	case LTTV_VALUE_UINT:
	case LTTV_VALUE_BOOL:
	case LTTV_VALUE_BITMAP:
	case LTTV_VALUE_BITARRAY: g_string_append_printf(s, "%" PRIu64, v->u); break;
	case LTTV_VALUE_SINT: g_string_append_printf(s, "%" PRId64, v->s); break;
	case LTTV_VALUE_STRING: g_string_append_printf(s, "\"%.*s\"", (int)v->len, v->str); break;
	case LTTV_VALUE_ARRAY_BEGIN: g_string_append(s, "["); break;
	case LTTV_VALUE_ARRAY_END: g_string_append(s, "]"); break;
	default: g_string_append_printf(s, "<kind %d>", v->kind); break;
	}
}

static G_GNUC_UNUSED GPtrArray *read_trace(const char *dir)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTraceset) ts = lttv_traceset_open(dir, &error);
	g_autoptr(LttvIter) it = NULL;
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	const LttvItem *item;

	g_assert_no_error(error);
	it = lttv_iter_new(ts);
	while ((item = lttv_iter_next(it, &error))) {
		const LttvEvent *ev = item->event;
		const LttvFieldValue *v;
		GString *s;
		gsize n;

		if (item->kind == LTTV_ITEM_DISCARDED_EVENTS) {
			LttvStreamInfo info;
			lttv_stream_info(item->stream, &info);
			g_ptr_array_add(out, g_strdup_printf("%" PRId64 " discarded %" PRIu64 "%s",
			                                     info.cpu, item->count,
			                                     item->count_known ? "" : "?"));
			continue;
		}
		g_assert_cmpint(item->kind, ==, LTTV_ITEM_EVENT);
		s = g_string_new(NULL);
		g_string_append_printf(s, "%" PRId64 " %" PRIu64 " %s", lttv_event_cpu(ev),
		                       lttv_event_cycles(ev), lttv_event_name(ev));
		v = lttv_event_values(ev, LTTV_SCOPE_PAYLOAD, &n, &error);
		g_assert_no_error(error);
		for (gsize i = 0; i < n; i++) {
			gboolean elem = v[i].depth > 1 && v[i].kind != LTTV_VALUE_ARRAY_END;

			if (v[i].kind == LTTV_VALUE_ARRAY_END)
				;
			else if (elem)
				g_string_append(s,
				                v[i - 1].kind == LTTV_VALUE_ARRAY_BEGIN ? "" : ",");
			else
				g_string_append_printf(s, " %s=", v[i].name);
			append_value(s, &v[i]);
		}
		g_ptr_array_add(out, g_string_free(s, FALSE));
	}
	g_assert_no_error(error);
	return out;
}

static G_GNUC_UNUSED void check_lines(GPtrArray *got, const char *const *want, guint n)
{
	for (guint i = 0; i < MIN(got->len, n); i++) {
		if (strcmp(got->pdata[i], want[i]))
			g_printerr("event %u:\n got  %s\n want %s\n", i, (char *)got->pdata[i],
			           want[i]);
		g_assert_cmpstr(got->pdata[i], ==, want[i]);
	}
	if (got->len != n)
		for (guint i = 0; i < got->len; i++)
			g_printerr("%s\n", (char *)got->pdata[i]);
	g_assert_cmpuint(got->len, ==, n);
}

#endif
