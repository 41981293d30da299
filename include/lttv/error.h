/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The error domain of liblttv. */
#ifndef LTTV_ERROR_H
#define LTTV_ERROR_H

#include <glib.h>

G_BEGIN_DECLS

#define LTTV_ERROR (lttv_error_quark())
GQuark lttv_error_quark(void);

typedef enum {
	LTTV_ERROR_IO,        /* a file cannot be opened, read or mapped */
	LTTV_ERROR_METADATA,  /* invalid or unsupported metadata */
	LTTV_ERROR_DATA,      /* invalid data stream content */
	LTTV_ERROR_NO_TRACE,  /* no CTF trace under the given folder */
	LTTV_ERROR_ARGUMENT,  /* a bad argument (time syntax, option) */
	LTTV_ERROR_INTERNAL,  /* a bug: an invariant of ours does not hold */
} LttvErrorCode;

G_END_DECLS

#endif
