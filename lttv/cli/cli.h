/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Subcommands of the `lttv` command line tool. */
#ifndef LTTV_CLI_H
#define LTTV_CLI_H

#include <glib.h>
#include <lttv/state.h>
#include <lttv/traceset.h>
#include <popt.h>

int lttv_cmd_summary(int argc, const char **argv);
int lttv_cmd_dump(int argc, const char **argv);
int lttv_cmd_state(int argc, const char **argv);
int lttv_cmd_processes(int argc, const char **argv);
int lttv_cmd_stats(int argc, const char **argv);

/* Parses the options of `pc` (command `cmd`), then opens the trace folders
 * left as a traceset; frees `pc`.  NULL after printing why (a bad option,
 * no folder, a folder that does not open) with *status the exit status. */
LttvTraceset *lttv_cli_parse_args(poptContext pc, const char *cmd, int *status);
/* Prints the engine's "Engine: N events; ..." line. */
void lttv_cli_print_counters(const LttvStateCounters *n);
/* A progress callback: "LABEL: N%" on stderr, over itself, a new line at
 * the end; user_data: the (translated) label. */
void lttv_cli_progress(double done, gpointer label);
/* Prints "lttv: MESSAGE" on stderr; returns 1 (the exit status). */
int lttv_cli_fail(const GError *error);
int lttv_cli_usage_error(const char *cmd, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* "lttv CMD: bad filter: MESSAGE", then the expression with a caret under
 * the column the error names; returns 1. */
int lttv_cli_bad_filter(const char *cmd, const char *expr, guint column, const GError *error);

#endif
