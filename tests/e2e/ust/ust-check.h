/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the checks of ust-check (ust-check.c, ust-check-merge.c). */
#ifndef UST_CHECK_H
#define UST_CHECK_H

#include <lttv/event.h>
#include <lttv/traceset.h>

#include <glib.h>
#include <stdint.h>

/* An unsigned field of an event; FALSE (and a complaint) when the class
 * has no such field or the value cannot be read. */
gboolean ust_check_get(const LttvEvent *ev, const LttvField *f, uint64_t *out);

/* Every trace under `dir`, with the number of traces printed; NULL (and a
 * message) on error. */
LttvTraceset *ust_check_open(const char *dir);

/* `lttv_event_class_field()` or a message naming the class and field. */
const LttvField *ust_check_field(LttvEventClass *ec, const char *name);

/* ust-check merge DIR TID FD WRITES */
int ust_check_merge(int argc, char **argv);

/* prints "FAIL: ..." on stdout and counts it */
void ust_check_fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
extern guint ust_check_failures;

#endif
