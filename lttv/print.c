/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text form of events, in babeltrace2's pretty layout so that both tools'
 * outputs can be compared line by line. */
#include "ctf/trace-internal.h"
#include "digits.h"

#include "lttv/print.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

/* GString appends inlined (GLib 2.74 inlines only g_string_append_c):
 * a line is many short pieces. */
static inline void put(GString *out, const char *s, gsize n)
{
	if (G_LIKELY(out->len + n < out->allocated_len)) {
		memcpy(out->str + out->len, s, n);
		out->len += n;
		out->str[out->len] = '\0';
	} else {
		g_string_append_len(out, s, (gssize)n);
	}
}
#define put_lit(out, lit) put(out, "" lit, sizeof(lit) - 1)

static inline void put_str(GString *out, const char *s)
{
	put(out, s, strlen(s));
}

/* Numbers written by hand (digits.h): through GString, a printf call
 * also allocates and frees a temporary string. */
static const char hex_upper[] = "0123456789ABCDEF";

static void append_dec(GString *out, uint64_t v)
{
	char buf[LTTV_DIGITS_MAX], *d = lttv_digits(buf + sizeof buf, v);

	put(out, d, (gsize)(buf + sizeof buf - d));
}

static void append_sdec(GString *out, int64_t v)
{
	if (v < 0) {
		g_string_append_c(out, '-');
		append_dec(out, (uint64_t)0 - (uint64_t)v);
	} else {
		append_dec(out, (uint64_t)v);
	}
}

/* "0x" and upper-case digits, as "0x%" PRIX64 */
static void append_hex(GString *out, uint64_t v)
{
	char buf[18];
	int n = sizeof buf;

	do {
		buf[--n] = hex_upper[v & 15];
		v >>= 4;
	} while (v);
	buf[--n] = 'x';
	buf[--n] = '0';
	put(out, buf + n, (gsize)sizeof buf - n);
}

/* two lower-case digits, as "%02x" */
static void append_byte_hex(GString *out, unsigned char c)
{
	static const char hex_lower[] = "0123456789abcdef";
	char buf[2] = {hex_lower[c >> 4], hex_lower[c & 15]};

	put(out, buf, 2);
}

/* The escapes babeltrace2 2.0's text output uses. */
static void append_escaped(GString *out, const char *s, size_t len)
{
	size_t plain = 0; /* start of the run of characters shown as they are */

	g_string_append_c(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != 0x7f && c != '\\' && c != '\'' && c != '"' && c != '?')
			continue;
		put(out, s + plain, i - plain);
		plain = i + 1;
		switch (c) {
		case '\\': put_lit(out, "\\\\"); break;
		case '\'': put_lit(out, "\\'"); break;
		case '"': put_lit(out, "\\\""); break;
		case '?': put_lit(out, "\\?"); break;
		case '\a': put_lit(out, "\\a"); break;
		case '\b': put_lit(out, "\\b"); break;
		case 0x1b: put_lit(out, "\\e"); break;
		case '\f': put_lit(out, "\\f"); break;
		case '\n': put_lit(out, "\\n"); break;
		case '\r': put_lit(out, "\\r"); break;
		case '\t': put_lit(out, "\\t"); break;
		case '\v': put_lit(out, "\\v"); break;
		default: put_lit(out, "\\x"); append_byte_hex(out, c);
		}
	}
	put(out, s + plain, len - plain);
	g_string_append_c(out, '"');
}

static void append_uint_base(GString *out, uint64_t v, int base, unsigned len)
{
	switch (base) {
	case 16: append_hex(out, v); break;
	case 8: g_string_append_printf(out, "0%" PRIo64, v); break;
	case 2:
		put_lit(out, "0b");
		for (unsigned i = len; i-- > 0;)
			g_string_append_c(out, (v >> i) & 1 ? '1' : '0');
		break;
	default: append_dec(out, v);
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
		append_sdec(out, v->s);
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
			put_lit(out, "( ");
			if (!lttv_value_labels(v, out, "\"", ", "))
				put_lit(out, "<unknown>");
			put_lit(out, " : container = ");
			append_int(out, v);
			put_lit(out, " )");
		} else {
			append_int(out, v);
		}
		break;
	case LTTV_VALUE_BOOL: put_str(out, v->u ? "true" : "false"); break;
	case LTTV_VALUE_BITMAP:
		append_hex(out, v->u);
		{
			GString *labels = g_string_new(NULL);

			if (lttv_value_labels(v, labels, "\"", ", "))
				g_string_append_printf(out, " { %s }", labels->str);
			g_string_free(labels, TRUE);
		}
		break;
	case LTTV_VALUE_BITARRAY: append_hex(out, v->u); break;
	case LTTV_VALUE_DOUBLE: g_string_append_printf(out, "%g", v->d); break;
	case LTTV_VALUE_STRING: append_escaped(out, v->str, v->len); break;
	case LTTV_VALUE_BLOB:
		for (size_t i = 0; i < v->len; i++)
			append_byte_hex(out, (unsigned char)v->str[i]);
		break;
	default: break;
	}
}

/* Text of one scope: a comma-separated field list inside braces. */
typedef struct {
	GString *out;
	int base_depth;
	bool first[72]; /* per depth: no item written yet */
	bool in_array[72];
	bool in_variant[72];
	bool skip_roles; /* packet context: hide role fields */
	int skipping;    /* depth of a hidden subtree, 0 if none */
	char **only;     /* payload field selection */
	int written;     /* top-level fields written */
} Printer;

static void item_prefix(Printer *p, const LttvValue *v)
{
	int d = v->depth;

	if (d <= 0 || d >= 72)
		return;
	if (!p->first[d])
		put_lit(p->out, ", ");
	p->first[d] = false;
	if (d == 1)
		p->written++;
	if (p->in_variant[d])
		return;
	if (p->in_array[d]) {
		g_string_append_c(p->out, '[');
		append_dec(p->out, v->index);
		put(p->out, "] = ", 4);
	} else if (v->name) {
		put_str(p->out, v->name);
		put(p->out, " = ", 3);
	}
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
			put_lit(p->out, "<none>");
			p->skipping = d;
			return;
		}
		g_string_append_c(p->out, v->kind == LTTV_VALUE_ARRAY_BEGIN ? '[' : '{');
		p->first[d + 1] = true;
		p->in_array[d + 1] = v->kind == LTTV_VALUE_ARRAY_BEGIN;
		p->in_variant[d + 1] =
		        v->kind == LTTV_VALUE_VARIANT_BEGIN || v->kind == LTTV_VALUE_OPTIONAL_BEGIN;
		return;
	case LTTV_VALUE_STRUCT_END:
	case LTTV_VALUE_ARRAY_END:
	case LTTV_VALUE_VARIANT_END:
	case LTTV_VALUE_OPTIONAL_END:
		put_str(p->out, v->kind == LTTV_VALUE_ARRAY_END ? " ]" : " }");
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
	bool compound_item =
	        v->kind == LTTV_VALUE_STRUCT_BEGIN || v->kind == LTTV_VALUE_ARRAY_BEGIN ||
	        v->kind == LTTV_VALUE_VARIANT_BEGIN || v->kind == LTTV_VALUE_OPTIONAL_BEGIN;

	if (!p->skipping && compound_item && d > 0 && d < 71 && p->first[d] && !hidden(p, v) &&
	    !(d == 1 && p->only && v->name &&
	      !g_strv_contains((const char *const *)p->only, v->name)))
		g_string_append_c(p->out, ' ');
	print_visit(v, ud);
}

/* Writes the scope's text at the end of `out` (then takes it back when
 * there is nothing to show: no temporary string per scope). */
static bool print_scope(GString *out, const LttvEvent *ev, LttvScope scope, bool skip_roles,
                        char **only, bool *first_scope, GError **error)
{
	Printer p = {.out = out, .skip_roles = skip_roles, .only = only};
	gsize was = out->len, body;

	p.first[0] = true;
	if (!*first_scope)
		put(out, ", ", 2);
	body = out->len;
	if (!lttv_event_walk(ev, scope, print_visit_spaced, &p, error)) {
		g_string_truncate(out, was);
		return !(error && *error);
	}
	/* A packet context made only of special fields is not shown. */
	if (skip_roles && p.written == 0) {
		g_string_truncate(out, was);
		return true;
	}
	if (out->str[body] == ' ')
		g_string_erase(out, (gssize)body, 1);
	*first_scope = false;
	return true;
}

/* "host:procname:(vpid)", the parts the trace's environment has (the
 * separators as if nothing came before): made once per trace. */
static const char *host_label(LttvTrace *t)
{
	const char *label = g_atomic_pointer_get(&t->host_label);

	if (!label) {
		const char *host = lttv_trace_env(t, "hostname");
		const char *procname = lttv_trace_env(t, "procname");
		const char *vpid = lttv_trace_env(t, "vpid");
		GString *s = g_string_new(NULL);
		char *made;

		if (host)
			put_str(s, host);
		if (procname) {
			if (s->len)
				g_string_append_c(s, ':');
			put_str(s, procname);
		}
		if (vpid)
			g_string_append_printf(s, "%s(%s)", s->len ? ":" : "", vpid);
		made = g_string_free(s, FALSE);
		/* another thread may have made it meanwhile: keep the first */
		if (!g_atomic_pointer_compare_and_exchange(&t->host_label, NULL, made))
			g_free(made);
		label = g_atomic_pointer_get(&t->host_label);
	}
	return label;
}

static void append_time(GString *out, LttvTime t, const LttvPrintOptions *opt)
{
	char buf[64];

	switch (opt->clock) {
	case LTTV_PRINT_CLOCK_SECONDS: lttv_time_format_seconds(t, buf, sizeof buf); break;
	case LTTV_PRINT_CLOCK_DATE: lttv_time_format_date(t, opt->local, buf, sizeof buf); break;
	case LTTV_PRINT_CLOCK_NS: g_snprintf(buf, sizeof buf, "%" PRId64, t); break;
	default: lttv_time_format_clock(t, opt->local, buf, sizeof buf);
	}
	put_str(out, buf);
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
		put_lit(out, "] ");
		if (!opt->no_delta) {
			if (prev == LTTV_TIME_MIN) {
				put_lit(out, "(+?.\?\?\?\?\?\?\?\?\?) ");
			} else {
				char buf[48];
				int64_t d = ev->time - prev;

				lttv_time_format_duration(d, buf, sizeof buf);
				put_str(out, d >= 0 ? "(+" : "(");
				put_str(out, buf);
				put(out, ") ", 2);
			}
		}
	}
	if (opt->trace_name) {
		put_str(out, t->name);
		host_printed = true;
	}
	if (!opt->no_host) {
		const char *label = host_label(t);

		if (label[0]) {
			if (host_printed)
				g_string_append_c(out, ':');
			put_str(out, label);
			host_printed = true;
		}
	}
	if (host_printed)
		g_string_append_c(out, ' ');
	put_str(out, lttv_event_name(ev));
	put(out, ": ", 2);
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
		g_string_append_printf(out, "WARNING: Tracer discarded %" PRIu64 " %s", item->count,
		                       what);
	else
		g_string_append_printf(out, "WARNING: Tracer may have discarded %s", what);
	if (item->has_times) {
		put_lit(out, " between [");
		append_time(out, item->begin, opt);
		put_lit(out, "] and [");
		append_time(out, item->end, opt);
		put_lit(out, "]");
	} else {
		put_lit(out, " (unknown time range)");
	}
	g_string_append_printf(out, " in trace \"%s\"", t->name);
	if (t->uuid_text)
		g_string_append_printf(out, " (UUID: %s)", t->uuid_text);
	else
		put_lit(out, " (no UUID)");
	g_string_append_printf(out,
	                       " within stream \"%s\" (stream class ID: %" PRIu64
	                       ", stream ID: %" PRIu64 ").",
	                       info.path ? info.path : "?", info.stream_class_id,
	                       info.has_instance_id ? info.instance_id : 0);
}
