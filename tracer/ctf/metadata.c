/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The TSDL metadata of a CTF 1.8 trace, laid out as lttng-modules 2.13
 * writes it on x86-64 (every type byte aligned, both event header structs,
 * `_`-prefixed payload fields), so that babeltrace2, Trace Compass and
 * our reader take our traces for LTTng's.
 */
#include "tracer/ctf/ctf-writer.h"

#include <inttypes.h>
#include <time.h>

typedef struct {
	char *key;
	char *value; /* TSDL text: an integer or a quoted, escaped string */
} EnvEntry;

struct LttvCtfMetadata {
	guint8 uuid[16];
	guint8 clock_uuid[16];
	gint64 clock_offset_ns;
	GArray *env;      /* EnvEntry, in insertion order */
	GString *events;  /* the `event { }` blocks */
	GString *context; /* the members of stream.event.context (may be empty) */
	guint32 n_events;
	gboolean kind_fixed;
	LttvCtfHeaderKind kind;
};

static void env_entry_clear(gpointer p)
{
	EnvEntry *e = p;

	g_free(e->key);
	g_free(e->value);
}

LttvCtfMetadata *lttv_ctf_metadata_new(const guint8 uuid[16], const guint8 clock_uuid[16],
                                       gint64 clock_offset_ns)
{
	LttvCtfMetadata *meta = g_new0(LttvCtfMetadata, 1);

	memcpy(meta->uuid, uuid, 16);
	memcpy(meta->clock_uuid, clock_uuid, 16);
	meta->clock_offset_ns = clock_offset_ns;
	meta->env = g_array_new(FALSE, FALSE, sizeof(EnvEntry));
	g_array_set_clear_func(meta->env, env_entry_clear);
	meta->events = g_string_new(NULL);
	meta->context = g_string_new(NULL);
	return meta;
}

void lttv_ctf_metadata_free(LttvCtfMetadata *meta)
{
	if (!meta)
		return;
	g_array_unref(meta->env);
	g_string_free(meta->events, TRUE);
	g_string_free(meta->context, TRUE);
	g_free(meta);
}

/* TSDL identifiers: what a key or a field name may be. */
gboolean lttv_ctf_is_identifier(const char *s)
{
	if (!s || !(g_ascii_isalpha(*s) || *s == '_'))
		return FALSE;
	for (s++; *s; s++)
		if (!(g_ascii_isalnum(*s) || *s == '_'))
			return FALSE;
	return TRUE;
}

/* A TSDL string literal.  LTTng escapes `"`, `\` and newline; the other
 * control characters get octal escapes, which babeltrace2 and our lexer
 * both read, so that no value can break the metadata. */
static void append_quoted(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (; *s; s++) {
		guchar c = (guchar)*s;

		switch (c) {
		case '"': g_string_append(out, "\\\""); break;
		case '\\': g_string_append(out, "\\\\"); break;
		case '\n': g_string_append(out, "\\n"); break;
		case '\t': g_string_append(out, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				g_string_append_printf(out, "\\%03o", c);
			else
				g_string_append_c(out, (char)c);
		}
	}
	g_string_append_c(out, '"');
}

static void env_set(LttvCtfMetadata *meta, const char *key, char *value)
{
	EnvEntry e;

	/* A key declared twice is a metadata error: the last value wins. */
	for (guint i = 0; i < meta->env->len; i++) {
		EnvEntry *old = &g_array_index(meta->env, EnvEntry, i);

		if (!strcmp(old->key, key)) {
			g_free(old->value);
			old->value = value;
			return;
		}
	}
	e.key = g_strdup(key);
	e.value = value;
	g_array_append_val(meta->env, e);
}

void lttv_ctf_metadata_env_string(LttvCtfMetadata *meta, const char *key, const char *value)
{
	GString *v;

	g_return_if_fail(meta && value);
	g_return_if_fail(lttv_ctf_is_identifier(key));
	v = g_string_new(NULL);
	append_quoted(v, value);
	env_set(meta, key, g_string_free(v, FALSE));
}

void lttv_ctf_metadata_env_int(LttvCtfMetadata *meta, const char *key, gint64 value)
{
	g_return_if_fail(meta);
	g_return_if_fail(lttv_ctf_is_identifier(key));
	env_set(meta, key, g_strdup_printf("%" PRId64, value));
}

gboolean lttv_ctf_int_bits_valid(guint bits)
{
	return bits == 8 || bits == 16 || bits == 32 || bits == 64;
}

/* An enumeration value as its container holds it: the bits of an
 * unsigned value, a sign-extended signed one. */
gboolean lttv_ctf_enum_value_fits(gint64 v, guint bits, gboolean is_signed)
{
	if (bits == 64)
		return TRUE;
	if (is_signed)
		return v >= -(INT64_C(1) << (bits - 1)) && v < (INT64_C(1) << (bits - 1));
	return (guint64)v < (UINT64_C(1) << bits);
}

static gboolean valid_enum(const LttvCtfField *f)
{
	if (!lttv_ctf_int_bits_valid(f->bits) || f->n_enum_entries == 0 || !f->enum_entries)
		return FALSE;
	for (guint i = 0; i < f->n_enum_entries; i++) {
		const LttvCtfEnumEntry *e = &f->enum_entries[i];

		if (!e->label || !lttv_ctf_enum_value_fits(e->start, f->bits, f->is_signed) ||
		    !lttv_ctf_enum_value_fits(e->end, f->bits, f->is_signed))
			return FALSE;
		if (f->is_signed ? e->start > e->end : (guint64)e->start > (guint64)e->end)
			return FALSE;
	}
	return TRUE;
}

static gboolean valid_field(const LttvCtfField *f)
{
	if (!lttv_ctf_is_identifier(f->name))
		return FALSE;
	if (f->base != 0 && f->base != 8 && f->base != 10 && f->base != 16)
		return FALSE;
	switch (f->kind) {
	case LTTV_CTF_FIELD_INT: return lttv_ctf_int_bits_valid(f->bits);
	case LTTV_CTF_FIELD_INT_SEQUENCE:
		return lttv_ctf_int_bits_valid(f->bits) &&
		       (f->length_bits == 0 || lttv_ctf_int_bits_valid(f->length_bits));
	case LTTV_CTF_FIELD_TEXT_SEQUENCE:
		return f->length_bits == 0 || lttv_ctf_int_bits_valid(f->length_bits);
	case LTTV_CTF_FIELD_INT_ARRAY: return lttv_ctf_int_bits_valid(f->bits) && f->length > 0;
	case LTTV_CTF_FIELD_TEXT_ARRAY: return f->length > 0;
	case LTTV_CTF_FIELD_STRING: return TRUE;
	case LTTV_CTF_FIELD_ENUM: return valid_enum(f);
	case LTTV_CTF_FIELD_FLOAT: return f->bits == 32 || f->bits == 64;
	}
	return FALSE;
}

/* lttng-modules' integer declaration (ctf_integer, _hex, _oct). */
static void append_integer(GString *out, guint bits, gboolean is_signed, guint base)
{
	g_string_append_printf(out,
	                       "integer { size = %u; align = 8; signed = %d; encoding = none; "
	                       "base = %u; }",
	                       bits, is_signed ? 1 : 0, base ? base : 10);
}

static void append_enum_value(GString *out, gint64 v, gboolean is_signed)
{
	if (is_signed)
		g_string_append_printf(out, "%" G_GINT64_FORMAT, v);
	else
		g_string_append_printf(out, "%" G_GUINT64_FORMAT, (guint64)v);
}

/* LTTng-UST's ctf_enum: the labels quoted, single values or ranges. */
static void append_enum(GString *out, const LttvCtfField *f)
{
	g_string_append(out, "enum : ");
	append_integer(out, f->bits, f->is_signed, f->base);
	g_string_append(out, " { ");
	for (guint i = 0; i < f->n_enum_entries; i++) {
		const LttvCtfEnumEntry *e = &f->enum_entries[i];

		if (i)
			g_string_append(out, ", ");
		append_quoted(out, e->label);
		g_string_append(out, " = ");
		append_enum_value(out, e->start, f->is_signed);
		if (e->end != e->start) {
			g_string_append(out, " ... ");
			append_enum_value(out, e->end, f->is_signed);
		}
	}
	g_string_append_printf(out, " } _%s;\n", f->name);
}

/* lttng-modules: the length is the field `_NAME_length`, written with its
 * own leading underscore; the sequence names it by that relative path. */
static void append_sequence_length(GString *out, const LttvCtfField *f)
{
	append_integer(out, f->length_bits ? f->length_bits : 8, FALSE, 10);
	g_string_append_printf(out, " __%s_length;\n\t\t", f->name);
}

static void append_field(GString *out, const LttvCtfField *f)
{
	g_string_append(out, "\t\t");
	switch (f->kind) {
	case LTTV_CTF_FIELD_INT:
		append_integer(out, f->bits, f->is_signed, f->base);
		g_string_append_printf(out, " _%s;\n", f->name);
		break;
	case LTTV_CTF_FIELD_TEXT_ARRAY:
		/* is_signed is C's `char`: lttng-modules writes 1 on x86 up to
		 * Linux 6.1, 0 since 6.2 (-funsigned-char); readers show a
		 * string either way. */
		g_string_append_printf(
		        out,
		        "integer { size = 8; align = 8; signed = %d; encoding = UTF8; "
		        "base = 10; } _%s[%" G_GUINT32_FORMAT "];\n",
		        f->is_signed ? 1 : 0, f->name, f->length);
		break;
	case LTTV_CTF_FIELD_STRING: g_string_append_printf(out, "string _%s;\n", f->name); break;
	case LTTV_CTF_FIELD_INT_ARRAY:
		append_integer(out, f->bits, f->is_signed, f->base);
		g_string_append_printf(out, " _%s[%" G_GUINT32_FORMAT "];\n", f->name, f->length);
		break;
	case LTTV_CTF_FIELD_INT_SEQUENCE:
		append_sequence_length(out, f);
		append_integer(out, f->bits, f->is_signed, f->base);
		g_string_append_printf(out, " _%s[ __%s_length ];\n", f->name, f->name);
		break;
	case LTTV_CTF_FIELD_TEXT_SEQUENCE:
		append_sequence_length(out, f);
		g_string_append_printf(
		        out,
		        "integer { size = 8; align = 8; signed = %d; encoding = UTF8; "
		        "base = 10; } _%s[ __%s_length ];\n",
		        f->is_signed ? 1 : 0, f->name, f->name);
		break;
	case LTTV_CTF_FIELD_ENUM: append_enum(out, f); break;
	case LTTV_CTF_FIELD_FLOAT:
		/* byte packed like the integers; the trace's byte order */
		g_string_append_printf(out,
		                       "floating_point { exp_dig = %u; mant_dig = %u; align = 8; } "
		                       "_%s;\n",
		                       f->bits == 32 ? 8 : 11, f->bits == 32 ? 24 : 53, f->name);
		break;
	}
}

guint32 lttv_ctf_metadata_add_event_id(LttvCtfMetadata *meta, guint32 id, const char *name,
                                       const LttvCtfField *fields, guint n_fields)
{
	GString *out;

	g_return_val_if_fail(meta && name, LTTV_CTF_NO_EVENT);
	g_return_val_if_fail(n_fields == 0 || fields, LTTV_CTF_NO_EVENT);
	g_return_val_if_fail(id >= meta->n_events && id < LTTV_CTF_NO_EVENT, LTTV_CTF_NO_EVENT);
	for (guint i = 0; i < n_fields; i++)
		g_return_val_if_fail(valid_field(&fields[i]), LTTV_CTF_NO_EVENT);

	out = meta->events;
	g_string_append(out, "event {\n\tname = ");
	append_quoted(out, name);
	g_string_append_printf(out,
	                       ";\n\tid = %" G_GUINT32_FORMAT ";\n\tstream_id = 0;\n"
	                       "\tfields := struct {\n",
	                       id);
	for (guint i = 0; i < n_fields; i++)
		append_field(out, &fields[i]);
	g_string_append(out, "\t};\n};\n\n");
	meta->n_events = id + 1;
	return id;
}

guint32 lttv_ctf_metadata_add_event(LttvCtfMetadata *meta, const char *name,
                                    const LttvCtfField *fields, guint n_fields)
{
	g_return_val_if_fail(meta, LTTV_CTF_NO_EVENT);
	return lttv_ctf_metadata_add_event_id(meta, meta->n_events, name, fields, n_fields);
}

gboolean lttv_ctf_metadata_set_event_context(LttvCtfMetadata *meta, const LttvCtfField *fields,
                                             guint n_fields)
{
	g_return_val_if_fail(meta, FALSE);
	g_return_val_if_fail(n_fields == 0 || fields, FALSE);
	for (guint i = 0; i < n_fields; i++)
		g_return_val_if_fail(fields[i].name && valid_field(&fields[i]), FALSE);
	g_string_truncate(meta->context, 0);
	for (guint i = 0; i < n_fields; i++)
		append_field(meta->context, &fields[i]);
	return TRUE;
}

gboolean lttv_ctf_field_valid(const LttvCtfField *f)
{
	return f && f->name && valid_field(f);
}

guint32 lttv_ctf_metadata_n_events(const LttvCtfMetadata *meta)
{
	return meta->n_events;
}

LttvCtfHeaderKind lttv_ctf_metadata_header_kind(const LttvCtfMetadata *meta)
{
	if (meta->kind_fixed)
		return meta->kind;
	return meta->n_events < 31 ? LTTV_CTF_HEADER_COMPACT : LTTV_CTF_HEADER_LARGE;
}

void lttv_ctf_metadata_set_header_kind(LttvCtfMetadata *meta, LttvCtfHeaderKind kind)
{
	meta->kind_fixed = TRUE;
	meta->kind = kind;
}

static void append_uuid(GString *out, const guint8 u[16])
{
	g_string_append_printf(out,
	                       "\"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	                       "%02x%02x%02x%02x%02x%02x\"",
	                       u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10],
	                       u[11], u[12], u[13], u[14], u[15]);
}

static const char types[] =
        "typealias integer { size = 8; align = 8; signed = false; } := uint8_t;\n"
        "typealias integer { size = 16; align = 8; signed = false; } := uint16_t;\n"
        "typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n"
        "typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n"
        "typealias integer { size = 64; align = 8; signed = false; } := unsigned long;\n"
        "typealias integer { size = 5; align = 1; signed = false; } := uint5_t;\n"
        "typealias integer { size = 27; align = 1; signed = false; } := uint27_t;\n\n";

static const char packet_header[] = "\tbyte_order = le;\n"
                                    "\tpacket.header := struct {\n"
                                    "\t\tuint32_t magic;\n"
                                    "\t\tuint8_t  uuid[16];\n"
                                    "\t\tuint32_t stream_id;\n"
                                    "\t\tuint64_t stream_instance_id;\n"
                                    "\t};\n"
                                    "};\n\n";

/* Everything between the clock and the events, as lttng-modules has it. */
static const char clock_types_to_headers[] =
        "typealias integer {\n"
        "\tsize = 27; align = 1; signed = false;\n"
        "\tmap = clock.monotonic.value;\n"
        "} := uint27_clock_monotonic_t;\n\n"
        "typealias integer {\n"
        "\tsize = 32; align = 8; signed = false;\n"
        "\tmap = clock.monotonic.value;\n"
        "} := uint32_clock_monotonic_t;\n\n"
        "typealias integer {\n"
        "\tsize = 64; align = 8; signed = false;\n"
        "\tmap = clock.monotonic.value;\n"
        "} := uint64_clock_monotonic_t;\n\n"
        "struct packet_context {\n"
        "\tuint64_clock_monotonic_t timestamp_begin;\n"
        "\tuint64_clock_monotonic_t timestamp_end;\n"
        "\tuint64_t content_size;\n"
        "\tuint64_t packet_size;\n"
        "\tuint64_t packet_seq_num;\n"
        "\tunsigned long events_discarded;\n"
        "\tuint32_t cpu_id;\n"
        "};\n\n"
        "struct event_header_compact {\n"
        "\tenum : uint5_t { compact = 0 ... 30, extended = 31 } id;\n"
        "\tvariant <id> {\n"
        "\t\tstruct {\n"
        "\t\t\tuint27_clock_monotonic_t timestamp;\n"
        "\t\t} compact;\n"
        "\t\tstruct {\n"
        "\t\t\tuint32_t id;\n"
        "\t\t\tuint64_clock_monotonic_t timestamp;\n"
        "\t\t} extended;\n"
        "\t} v;\n"
        "} align(8);\n\n"
        "struct event_header_large {\n"
        "\tenum : uint16_t { compact = 0 ... 65534, extended = 65535 } id;\n"
        "\tvariant <id> {\n"
        "\t\tstruct {\n"
        "\t\t\tuint32_clock_monotonic_t timestamp;\n"
        "\t\t} compact;\n"
        "\t\tstruct {\n"
        "\t\t\tuint32_t id;\n"
        "\t\t\tuint64_clock_monotonic_t timestamp;\n"
        "\t\t} extended;\n"
        "\t} v;\n"
        "} align(8);\n\n";

char *lttv_ctf_metadata_text(const LttvCtfMetadata *meta)
{
	GString *out = g_string_sized_new(4096 + meta->events->len);
	/* floor division: offset_s may be negative, offset never is */
	const gint64 ns_per_s = INT64_C(1000000000);
	gint64 offset_s = meta->clock_offset_ns / ns_per_s;
	gint64 offset = meta->clock_offset_ns % ns_per_s;

	if (offset < 0) {
		offset += ns_per_s;
		offset_s--;
	}

	g_string_append(out, "/* CTF 1.8 */\n\n");
	g_string_append(out, types);
	g_string_append(out, "trace {\n\tmajor = 1;\n\tminor = 8;\n\tuuid = ");
	append_uuid(out, meta->uuid);
	g_string_append(out, ";\n");
	g_string_append(out, packet_header);

	g_string_append(out, "env {\n");
	for (guint i = 0; i < meta->env->len; i++) {
		const EnvEntry *e = &g_array_index(meta->env, EnvEntry, i);

		g_string_append_printf(out, "\t%s = %s;\n", e->key, e->value);
	}
	g_string_append(out, "};\n\n");

	g_string_append(out, "clock {\n\tname = \"monotonic\";\n\tuuid = ");
	append_uuid(out, meta->clock_uuid);
	g_string_append_printf(out,
	                       ";\n\tdescription = \"Monotonic Clock\";\n"
	                       "\tfreq = 1000000000; /* Frequency, in Hz */\n"
	                       "\t/* clock value offset from Epoch is: "
	                       "offset_s + offset * (1/freq) */\n"
	                       "\toffset_s = %" PRId64 ";\n"
	                       "\toffset = %" PRId64 ";\n"
	                       "};\n\n",
	                       offset_s, offset);

	g_string_append(out, clock_types_to_headers);
	g_string_append_printf(out,
	                       "stream {\n\tid = 0;\n\tevent.header := struct %s;\n"
	                       "\tpacket.context := struct packet_context;\n",
	                       lttv_ctf_metadata_header_kind(meta) == LTTV_CTF_HEADER_COMPACT
	                               ? "event_header_compact"
	                               : "event_header_large");
	if (meta->context->len) {
		g_string_append(out, "\tevent.context := struct {\n");
		g_string_append_len(out, meta->context->str, (gssize)meta->context->len);
		g_string_append(out, "\t};\n");
	}
	g_string_append(out, "};\n\n");
	g_string_append_len(out, meta->events->str, (gssize)meta->events->len);
	return g_string_free(out, FALSE);
}

gboolean lttv_ctf_metadata_write(const LttvCtfMetadata *meta, const char *dir, GError **error)
{
	g_autofree char *text = lttv_ctf_metadata_text(meta);
	g_autofree char *path = g_build_filename(dir, "metadata", NULL);

	/* A reader (or a live viewer) never sees a half-written file. */
	return g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
	                                error);
}

/* ---------------------------------------------------------------- clock */

static gboolean parse_uuid(const char *text, guint8 out[16])
{
	guint n = 0;

	for (const char *p = text; *p && n < 32; p++) {
		int v;

		if (*p == '-')
			continue;
		v = g_ascii_xdigit_value(*p);
		if (v < 0)
			return FALSE;
		if (n % 2 == 0)
			out[n / 2] = (guint8)(v << 4);
		else
			out[n / 2] |= (guint8)v;
		n++;
	}
	return n == 32;
}

void lttv_ctf_random_uuid(guint8 out[16])
{
	g_autofree char *text = g_uuid_string_random();

	parse_uuid(text, out);
}

void lttv_ctf_clock_uuid(guint8 out[16])
{
	static guint8 uuid[16];
	static gsize done;

	if (g_once_init_enter(&done)) {
		g_autofree char *text = NULL;

		if (!g_file_get_contents("/proc/sys/kernel/random/boot_id", &text, NULL, NULL) ||
		    !parse_uuid(g_strstrip(text), uuid))
			lttv_ctf_random_uuid(uuid);
		g_once_init_leave(&done, 1);
	}
	memcpy(out, uuid, 16);
}

gint64 lttv_ctf_clock_offset_now(void)
{
	struct timespec a, r, b;
	gint64 mono;

	/* realtime read between two monotonic reads: their mean is its twin */
	clock_gettime(CLOCK_MONOTONIC, &a);
	clock_gettime(CLOCK_REALTIME, &r);
	clock_gettime(CLOCK_MONOTONIC, &b);
	mono = ((gint64)a.tv_sec * 1000000000 + a.tv_nsec + (gint64)b.tv_sec * 1000000000 +
	        b.tv_nsec) /
	       2;
	return (gint64)r.tv_sec * 1000000000 + r.tv_nsec - mono;
}
