/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text form of events, in babeltrace2's pretty layout so that both tools'
 * outputs can be compared line by line. */
#include "ctf/trace-internal.h"

#include "lttv/print.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

/* The escapes babeltrace2 2.0's text output uses. */
static void append_escaped(GString *out, const char *s, size_t len)
{
	g_string_append_c(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '\\': g_string_append(out, "\\\\"); break;
		case '\'': g_string_append(out, "\\'"); break;
		case '"': g_string_append(out, "\\\""); break;
		case '?': g_string_append(out, "\\?"); break;
		case '\a': g_string_append(out, "\\a"); break;
		case '\b': g_string_append(out, "\\b"); break;
		case 0x1b: g_string_append(out, "\\e"); break;
		case '\f': g_string_append(out, "\\f"); break;
		case '\n': g_string_append(out, "\\n"); break;
		case '\r': g_string_append(out, "\\r"); break;
		case '\t': g_string_append(out, "\\t"); break;
		case '\v': g_string_append(out, "\\v"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				g_string_append_printf(out, "\\x%02x", c);
			else
				g_string_append_c(out, (char)c);
		}
	}
	g_string_append_c(out, '"');
}

static void append_uint_base(GString *out, uint64_t v, int base, unsigned len)
{
	switch (base) {
	case 16:
		g_string_append_printf(out, "0x%" PRIX64, v);
		break;
	case 8:
		g_string_append_printf(out, "0%" PRIo64, v);
		break;
	case 2:
		g_string_append(out, "0b");
		for (unsigned i = len; i-- > 0;)
			g_string_append_c(out, (v >> i) & 1 ? '1' : '0');
		break;
	default:
		g_string_append_printf(out, "%" PRIu64, v);
	}
}

static unsigned value_len(const LttvValue *v)
{
	const CtfFieldClass *fc = v->cls;

	if (fc && fc->kind == CTF_FC_INT)
		return fc->i.len;
	return 64;
}

static void append_int(GString *out, const LttvValue *v)
{
	unsigned len = value_len(v);

	if (v->kind == LTTV_VALUE_SINT && (v->base == 10 || v->base == 0)) {
		g_string_append_printf(out, "%" PRId64, v->s);
		return;
	}
	/* other bases show the bits of the field */
	append_uint_base(out, len >= 64 ? v->u : v->u & ((UINT64_C(1) << len) - 1), v->base, len);
}

void lttv_print_scalar(GString *out, const LttvValue *v)
{
	switch (v->kind) {
	case LTTV_VALUE_UINT:
	case LTTV_VALUE_SINT:
		if (lttv_value_has_labels(v)) {
			g_string_append(out, "( ");
			if (!lttv_value_labels(v, out, "\"", ", "))
				g_string_append(out, "<unknown>");
			g_string_append(out, " : container = ");
			append_int(out, v);
			g_string_append(out, " )");
		} else {
			append_int(out, v);
		}
		break;
	case LTTV_VALUE_BOOL:
		g_string_append(out, v->u ? "true" : "false");
		break;
	case LTTV_VALUE_BITMAP:
		g_string_append_printf(out, "0x%" PRIX64, v->u);
		{
			GString *labels = g_string_new(NULL);

			if (lttv_value_labels(v, labels, "\"", ", "))
				g_string_append_printf(out, " { %s }", labels->str);
			g_string_free(labels, TRUE);
		}
		break;
	case LTTV_VALUE_BITARRAY:
		g_string_append_printf(out, "0x%" PRIX64, v->u);
		break;
	case LTTV_VALUE_DOUBLE:
		g_string_append_printf(out, "%g", v->d);
		break;
	case LTTV_VALUE_STRING:
		append_escaped(out, v->str, v->len);
		break;
	case LTTV_VALUE_BLOB:
		for (size_t i = 0; i < v->len; i++)
			g_string_append_printf(out, "%02x", (unsigned char)v->str[i]);
		break;
	default:
		break;
	}
}

/* Text of one scope: a comma-separated field list inside braces. */
typedef struct {
	GString *out;
	int base_depth;
	bool first[72];     /* per depth: no item written yet */
	bool in_array[72];
	bool in_variant[72];
	bool skip_roles;    /* packet context: hide role fields */
	int skipping;       /* depth of a hidden subtree, 0 if none */
	char **only;        /* payload field selection */
	int written;        /* top-level fields written */
} Printer;

static void item_prefix(Printer *p, const LttvValue *v)
{
	int d = v->depth;

	if (d <= 0 || d >= 72)
		return;
	if (!p->first[d])
		g_string_append(p->out, ", ");
	p->first[d] = false;
	if (d == 1)
		p->written++;
	if (p->in_variant[d])
		return;
	if (p->in_array[d])
		g_string_append_printf(p->out, "[%" PRIu64 "] = ", v->index);
	else if (v->name)
		g_string_append_printf(p->out, "%s = ", v->name);
}

static bool hidden(Printer *p, const LttvValue *v)
{
	if (v->depth != 1)
		return false;
	if (p->skip_roles && v->cls) {
		const CtfFieldClass *fc = v->cls;

		if ((fc->kind == CTF_FC_INT && (fc->i.roles & ~CTF_ROLE_CPU_ID)) ||
		    (fc->kind == CTF_FC_VLINT && fc->vl.roles))
			return true;
	}
	if (p->only && v->name && !g_strv_contains((const char *const *)p->only, v->name))
		return true;
	return false;
}

static void print_visit(const LttvValue *v, gpointer ud)
{
	Printer *p = ud;
	int d = v->depth;

	if (d >= 71)
		return;
	if (p->skipping) {
		if (d == p->skipping &&
		    (v->kind == LTTV_VALUE_STRUCT_END || v->kind == LTTV_VALUE_ARRAY_END ||
		     v->kind == LTTV_VALUE_VARIANT_END || v->kind == LTTV_VALUE_OPTIONAL_END))
			p->skipping = 0;
		return;
	}
	switch (v->kind) {
	case LTTV_VALUE_STRUCT_BEGIN:
	case LTTV_VALUE_ARRAY_BEGIN:
	case LTTV_VALUE_VARIANT_BEGIN:
	case LTTV_VALUE_OPTIONAL_BEGIN:
		if (d == 1 && p->only && v->name &&
		    !g_strv_contains((const char *const *)p->only, v->name)) {
			p->skipping = d;
			return;
		}
		item_prefix(p, v);
		if (v->kind == LTTV_VALUE_OPTIONAL_BEGIN && !v->u) {
			g_string_append(p->out, "<none>");
			p->skipping = d;
			return;
		}
		g_string_append(p->out, v->kind == LTTV_VALUE_ARRAY_BEGIN ? "[" : "{");
		p->first[d + 1] = true;
		p->in_array[d + 1] = v->kind == LTTV_VALUE_ARRAY_BEGIN;
		p->in_variant[d + 1] =
			v->kind == LTTV_VALUE_VARIANT_BEGIN || v->kind == LTTV_VALUE_OPTIONAL_BEGIN;
		return;
	case LTTV_VALUE_STRUCT_END:
	case LTTV_VALUE_ARRAY_END:
	case LTTV_VALUE_VARIANT_END:
	case LTTV_VALUE_OPTIONAL_END:
		g_string_append(p->out, v->kind == LTTV_VALUE_ARRAY_END ? " ]" : " }");
		return;
	default:
		if (hidden(p, v))
			return;
		if (d == 0) {
			/* a scope that is not a structure (not in CTF) */
			lttv_print_scalar(p->out, v);
			return;
		}
		if (p->first[d])
			g_string_append_c(p->out, ' ');
		item_prefix(p, v);
		lttv_print_scalar(p->out, v);
		return;
	}
}

/* Compound values open with "{" / "[" then " " before the first item;
 * fix the spacing: "{ a = 1 }", "{ }", "[ ]". */
static void print_visit_spaced(const LttvValue *v, gpointer ud)
{
	Printer *p = ud;
	int d = v->depth;
	bool compound_item = v->kind == LTTV_VALUE_STRUCT_BEGIN || v->kind == LTTV_VALUE_ARRAY_BEGIN ||
	                     v->kind == LTTV_VALUE_VARIANT_BEGIN ||
	                     v->kind == LTTV_VALUE_OPTIONAL_BEGIN;

	if (!p->skipping && compound_item && d > 0 && d < 71 && p->first[d] && !hidden(p, v) &&
	    !(d == 1 && p->only && v->name &&
	      !g_strv_contains((const char *const *)p->only, v->name)))
		g_string_append_c(p->out, ' ');
	print_visit(v, ud);
}

static bool print_scope(GString *out, const LttvEvent *ev, LttvScope scope, bool skip_roles,
                        char **only, bool *first_scope, GError **error)
{
	GString *body = g_string_new(NULL);
	Printer p = {.out = body, .skip_roles = skip_roles, .only = only};
	bool ok;

	p.first[0] = true;
	if (!lttv_event_walk(ev, scope, print_visit_spaced, &p, error)) {
		g_string_free(body, TRUE);
		return !(error && *error);
	}
	/* A packet context made only of special fields is not shown. */
	ok = !(skip_roles && p.written == 0);
	if (ok) {
		if (!*first_scope)
			g_string_append(out, ", ");
		g_string_append_len(out, body->str + (body->str[0] == ' ' ? 1 : 0),
		                    (gssize)body->len - (body->str[0] == ' ' ? 1 : 0));
		*first_scope = false;
	}
	g_string_free(body, TRUE);
	return true;
}

static void append_time(GString *out, LttvTime t, const LttvPrintOptions *opt)
{
	char buf[64];

	switch (opt->clock) {
	case LTTV_PRINT_CLOCK_SECONDS:
		lttv_time_format_seconds(t, buf, sizeof buf);
		break;
	case LTTV_PRINT_CLOCK_DATE:
		lttv_time_format_date(t, opt->local, buf, sizeof buf);
		break;
	case LTTV_PRINT_CLOCK_NS:
		g_snprintf(buf, sizeof buf, "%" PRId64, t);
		break;
	default:
		lttv_time_format_clock(t, opt->local, buf, sizeof buf);
	}
	g_string_append(out, buf);
}

gboolean lttv_print_event(GString *out, const LttvEvent *ev, const LttvPrintOptions *opt,
                          LttvTime prev, GError **error)
{
	LttvTrace *t = lttv_event_trace(ev);
	bool has_clock = ev->packet->sc->clock != NULL;
	bool first_scope = true;
	bool host_printed = false;

	if (has_clock) {
		g_string_append_c(out, '[');
		append_time(out, ev->time, opt);
		g_string_append(out, "] ");
		if (!opt->no_delta) {
			if (prev == LTTV_TIME_MIN) {
				g_string_append(out, "(+?.\?\?\?\?\?\?\?\?\?) ");
			} else {
				char buf[48];
				int64_t d = ev->time - prev;

				lttv_time_format_duration(d, buf, sizeof buf);
				g_string_append_printf(out, "(%s%s) ", d >= 0 ? "+" : "", buf);
			}
		}
	}
	if (opt->trace_name) {
		g_string_append(out, t->name);
		host_printed = true;
	}
	if (!opt->no_host) {
		const char *host = lttv_trace_env(t, "hostname");
		const char *procname = lttv_trace_env(t, "procname");
		const char *vpid = lttv_trace_env(t, "vpid");

		if (host) {
			g_string_append_printf(out, "%s%s", host_printed ? ":" : "", host);
			host_printed = true;
		}
		if (procname) {
			g_string_append_printf(out, "%s%s", host_printed ? ":" : "", procname);
			host_printed = true;
		}
		if (vpid) {
			g_string_append_printf(out, "%s(%s)", host_printed ? ":" : "", vpid);
			host_printed = true;
		}
	}
	if (host_printed)
		g_string_append_c(out, ' ');
	g_string_append_printf(out, "%s: ", lttv_event_name(ev));
	if (!print_scope(out, ev, LTTV_SCOPE_PACKET_CONTEXT, true, NULL, &first_scope, error) ||
	    !print_scope(out, ev, LTTV_SCOPE_COMMON_CONTEXT, false, NULL, &first_scope, error) ||
	    !print_scope(out, ev, LTTV_SCOPE_SPECIFIC_CONTEXT, false, NULL, &first_scope, error) ||
	    !print_scope(out, ev, LTTV_SCOPE_PAYLOAD, false, opt->fields, &first_scope, error))
		return FALSE;
	return TRUE;
}

void lttv_print_notice(GString *out, const LttvItem *item, const LttvPrintOptions *opt)
{
	LttvStreamInfo info;
	LttvTrace *t = lttv_stream_trace(item->stream);
	const char *what = item->kind == LTTV_ITEM_DISCARDED_PACKETS
	                           ? (item->count == 1 ? "packet" : "packets")
	                           : (item->count == 1 ? "event" : "events");

	lttv_stream_info(item->stream, &info);
	if (item->count_known)
		g_string_append_printf(out, "WARNING: Tracer discarded %" PRIu64 " %s",
		                       item->count, what);
	else
		g_string_append_printf(out, "WARNING: Tracer may have discarded %s", what);
	if (item->has_times) {
		g_string_append(out, " between [");
		append_time(out, item->begin, opt);
		g_string_append(out, "] and [");
		append_time(out, item->end, opt);
		g_string_append(out, "]");
	} else {
		g_string_append(out, " (unknown time range)");
	}
	g_string_append_printf(out, " in trace \"%s\"", t->name);
	if (t->uuid_text)
		g_string_append_printf(out, " (UUID: %s)", t->uuid_text);
	else
		g_string_append(out, " (no UUID)");
	g_string_append_printf(out, " within stream \"%s\" (stream class ID: %" PRIu64
	                            ", stream ID: %" PRIu64 ").",
	                       info.path ? info.path : "?", info.stream_class_id,
	                       info.has_instance_id ? info.instance_id : 0);
}
