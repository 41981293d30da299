/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tracer/kernel/ftrace-format.h"
#include "lttv/error.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void field_free(gpointer p)
{
	FtraceField *f = p;
	g_free(f->name);
	g_free(f->type);
	g_free(f);
}

void ftrace_format_free(FtraceFormat *f)
{
	if (!f)
		return;
	g_free(f->system);
	g_free(f->name);
	g_ptr_array_unref(f->fields);
	g_free(f);
}

/* "key:value;" items of one field line; returns the value of key or NULL */
static char *line_item(const char *line, const char *key)
{
	const char *p = line;
	size_t klen = strlen(key);
	while ((p = strstr(p, key))) {
		if ((p == line || p[-1] == '\t' || p[-1] == ' ' || p[-1] == ';') &&
		    p[klen] == ':') {
			const char *v = p + klen + 1;
			const char *end = strchr(v, ';');
			if (!end)
				return NULL;
			return g_strndup(v, end - v);
		}
		p += klen;
	}
	return NULL;
}

static gboolean parse_uint(const char *s, guint64 max, guint64 *out)
{
	char *end;
	if (!s || !*s)
		return FALSE;
	errno = 0;
	guint64 v = g_ascii_strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return FALSE;
	*out = v;
	return TRUE;
}

/* "unsigned long args[6]" -> type "unsigned long", name "args", len 6;
 * "__data_loc char[] comm" -> dynamic, type "char[]", name "comm" */
static gboolean parse_declaration(const char *decl, FtraceField *f)
{
	g_autofree char *d = g_strstrip(g_strdup(decl));
	if (g_str_has_prefix(d, "__data_loc ")) {
		f->loc = FTRACE_FIELD_DATA_LOC;
		memmove(d, d + 11, strlen(d + 11) + 1);
	} else if (g_str_has_prefix(d, "__rel_loc ")) {
		f->loc = FTRACE_FIELD_REL_LOC;
		memmove(d, d + 10, strlen(d + 10) + 1);
	}
	gboolean array = FALSE;
	size_t l = strlen(d);
	if (l && d[l - 1] == ']') {
		/* an array suffix after the name */
		char *br = strrchr(d, '[');
		if (!br)
			return FALSE;
		d[l - 1] = 0;
		guint64 n = 0;
		if (br[1] && !parse_uint(br + 1, 1u << 20, &n))
			return FALSE;
		f->array_len = (guint32)n;
		*br = 0;
		g_strchomp(d);
		array = TRUE;
	}
	/* the name is the last identifier */
	char *end = d + strlen(d);
	char *start = end;
	while (start > d && (g_ascii_isalnum(start[-1]) || start[-1] == '_'))
		start--;
	/* a C identifier (the metadata takes it as a field name) */
	if (start == end || g_ascii_isdigit(*start))
		return FALSE;
	f->name = g_strdup(start);
	*start = 0;
	g_strchomp(d);
	/* "char[]" of dynamic arrays: the element type */
	char *br = strstr(d, "[]");
	if (br) {
		*br = 0;
		g_strchomp(d);
		array = TRUE;
	}
	f->type = g_strdup(g_strstrip(d));
	f->is_char = array && (!strcmp(f->type, "char") || !strcmp(f->type, "unsigned char") ||
	                       !strcmp(f->type, "const char"));
	return TRUE;
}

FtraceFormat *ftrace_format_parse(const char *system, const char *text, GError **error)
{
	g_autoptr(FtraceFormat) fmt = g_new0(FtraceFormat, 1);
	fmt->system = g_strdup(system);
	fmt->fields = g_ptr_array_new_with_free_func(field_free);
	gboolean have_id = FALSE;
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l; l++) {
		const char *line = *l;
		if (g_str_has_prefix(line, "name: ")) {
			g_free(fmt->name);
			fmt->name = g_strstrip(g_strdup(line + 6));
		} else if (g_str_has_prefix(line, "ID: ")) {
			guint64 id;
			if (!parse_uint(line + 4, G_MAXUINT16, &id))
				goto bad;
			fmt->id = (guint16)id;
			have_id = TRUE;
		} else if (strstr(line, "field:") &&
		           g_str_has_prefix(g_strchug((char *)line), "field:")) {
			g_autofree char *decl = line_item(line, "field");
			g_autofree char *off = line_item(line, "offset");
			g_autofree char *size = line_item(line, "size");
			g_autofree char *sign = line_item(line, "signed");
			guint64 o, s, sg = 0;
			if (!decl || !parse_uint(off, G_MAXUINT16, &o) ||
			    !parse_uint(size, G_MAXUINT16, &s) ||
			    (sign && !parse_uint(sign, 1, &sg)))
				goto bad;
			FtraceField *f = g_new0(FtraceField, 1);
			if (!parse_declaration(decl, f)) {
				field_free(f);
				goto bad;
			}
			f->offset = (guint16)o;
			f->size = (guint16)s;
			f->is_signed = sg != 0;
			f->is_common = g_str_has_prefix(f->name, "common_");
			f->elem_size = f->array_len ? (guint8)MIN(f->size / f->array_len, 255)
			                            : (guint8)MIN(f->size, 255);
			if (f->loc != FTRACE_FIELD_PLAIN) {
				/* the element size of a dynamic array comes from its type */
				f->elem_size = f->is_char ? 1 : 0;
				if (f->size != 4) {
					field_free(f);
					goto bad;
				}
			}
			g_ptr_array_add(fmt->fields, f);
		}
	}
	if (!fmt->name || !have_id)
		goto bad;
	return g_steal_pointer(&fmt);
bad:
	g_set_error(error, LTTV_ERROR, LTTV_ERROR_DATA,
	            _("cannot parse the ftrace format of %s:%s"), system,
	            fmt->name ? fmt->name : "?");
	return NULL;
}

const FtraceField *ftrace_format_field(const FtraceFormat *f, const char *name)
{
	for (guint i = 0; i < f->fields->len; i++) {
		const FtraceField *x = f->fields->pdata[i];
		if (!strcmp(x->name, name))
			return x;
	}
	return NULL;
}

FtraceFormat *ftrace_format_load(const char *tracefs, const char *system, const char *event,
                                 GError **error)
{
	g_autofree char *path = g_build_filename(tracefs, "events", system, event, "format", NULL);
	g_autofree char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, error))
		return NULL;
	return ftrace_format_parse(system, text, error);
}

gboolean ftrace_page_header_parse(const char *text, FtracePageHeader *out, GError **error)
{
	g_autoptr(FtraceFormat) f = NULL;
	g_autofree char *wrapped = g_strdup_printf("name: header_page\nID: 0\n%s", text);
	f = ftrace_format_parse("header_page", wrapped, error);
	if (!f)
		return FALSE;
	const FtraceField *commit = ftrace_format_field(f, "commit");
	const FtraceField *data = ftrace_format_field(f, "data");
	/* the timestamp (8 bytes) and the commit word come before the data */
	if (!commit || !data || (commit->size != 4 && commit->size != 8) || data->size < 64 ||
	    commit->offset < 8 || commit->offset > G_MAXUINT8 ||
	    commit->offset + commit->size > data->offset) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_DATA,
		            _("unexpected ftrace page header (events/header_page)"));
		return FALSE;
	}
	out->commit_offset = (guint8)commit->offset;
	out->commit_size = (guint8)commit->size;
	out->data_offset = data->offset;
	out->data_size = data->size;
	return TRUE;
}
