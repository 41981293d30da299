/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ftrace event formats (tracefs events/<system>/<event>/format) and the
 * ring-buffer page header (events/header_page), parsed once at start. */
#ifndef LTTV_TRACER_FTRACE_FORMAT_H
#define LTTV_TRACER_FTRACE_FORMAT_H

#include <glib.h>

typedef enum {
	FTRACE_FIELD_PLAIN,    /* integer or fixed array */
	FTRACE_FIELD_DATA_LOC, /* __data_loc: u32 = offset (from the payload start) | length << 16
	                        */
	FTRACE_FIELD_REL_LOC,  /* __rel_loc: offset relative to the end of the field */
} FtraceFieldLoc;

typedef struct {
	char *name;
	char *type; /* C type as written, array suffix removed ("const char *") */
	guint16 offset, size;
	gboolean is_signed;
	FtraceFieldLoc loc;
	guint32 array_len;  /* element count of a fixed array, 0 when not an array;
	                     * for __data_loc arrays, 0 */
	guint8 elem_size;   /* element size of arrays (size / array_len), else size */
	gboolean is_char;   /* element type is char (a string) */
	gboolean is_common; /* common_* fields */
} FtraceField;

typedef struct {
	char *system, *name;
	guint16 id;
	GPtrArray *fields; /* FtraceField*, common ones first */
} FtraceFormat;

FtraceFormat *ftrace_format_parse(const char *system, const char *text, GError **error);
void ftrace_format_free(FtraceFormat *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(FtraceFormat, ftrace_format_free)
const FtraceField *ftrace_format_field(const FtraceFormat *f, const char *name);
/* Reads and parses TRACEFS/events/SYSTEM/EVENT/format. */
FtraceFormat *ftrace_format_load(const char *tracefs, const char *system, const char *event,
                                 GError **error);

typedef struct {
	guint8 commit_offset, commit_size; /* the "commit" word (local_t) */
	guint16 data_offset;               /* where records start */
	guint32 data_size;                 /* sub-buffer size - data_offset */
} FtracePageHeader;

gboolean ftrace_page_header_parse(const char *text, FtracePageHeader *out, GError **error);

#endif
