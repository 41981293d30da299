/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ftrace -> lttng-modules name and field table (convert-table.c). */
#ifndef LTTV_TRACER_CONVERT_TABLE_H
#define LTTV_TRACER_CONVERT_TABLE_H

typedef struct {
	const char *system, *event; /* ftrace */
	const char *lttng_name;
	const char *fields; /* "out=kind:source ..." */
} KConvMapping;

typedef struct {
	const char *name;   /* -e name */
	const char *events; /* "system:event ..." */
} KConvGroup;

extern const KConvMapping kconv_mappings[];
extern const KConvGroup kconv_groups[];
extern const char kconv_default_selection[];

#endif
