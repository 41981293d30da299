/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lttv`: read traces from the command line. */
#include "config.h"

#include "cli/cli.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

int lttv_cli_bad_filter(const char *cmd, const char *expr, guint column, const GError *error)
{
	g_autoptr(GString) shown = g_string_new(NULL), caret = g_string_new(NULL);
	guint col = 1;

	/* columns count characters: UTF-8 continuation bytes do not */
	for (const char *p = expr; *p; p++) {
		g_string_append_c(shown, *p == '\n' || *p == '\r' ? ' ' : *p);
		if (((guchar)*p & 0xc0) != 0x80 && col++ < column)
			g_string_append_c(caret, *p == '\t' ? '\t' : ' ');
	}
	fprintf(stderr, _("lttv %s: bad filter: %s\n"), cmd, error->message);
	fprintf(stderr, "  %s\n  %s^\n", shown->str, caret->str);
	return 1;
}

LttvTraceset *lttv_cli_parse_args(poptContext pc, const char *cmd, int *status)
{
	g_autoptr(LttvTraceset) ts = NULL;
	g_autoptr(GError) error = NULL;
	const char *arg;
	int rc;

	poptSetOtherOptionHelp(pc, "[OPTION...] TRACE-FOLDER...");
	while ((rc = poptGetNextOpt(pc)) > 0)
		;
	if (rc < -1)
		*status =
		        lttv_cli_usage_error(cmd, "%s: %s", poptBadOption(pc, 0), poptStrerror(rc));
	else if (!poptPeekArg(pc))
		*status = lttv_cli_usage_error(cmd, _("no trace folder given"));
	else {
		ts = lttv_traceset_new();
		while ((arg = poptGetArg(pc)) && ts)
			if (!lttv_traceset_add_path(ts, arg, &error)) {
				*status = lttv_cli_fail(error);
				g_clear_pointer(&ts, lttv_traceset_free);
			}
	}
	poptFreeContext(pc);
	return g_steal_pointer(&ts);
}

void lttv_cli_progress(double done, gpointer label)
{
	fprintf(stderr, "\r%s: %3.0f%%", (const char *)label, done * 100);
	if (done >= 1.0)
		fprintf(stderr, "\n");
}

int lttv_cli_fail(const GError *error)
{
	fprintf(stderr, "lttv: %s\n", error ? error->message : _("unknown error"));
	return 1;
}

int lttv_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "lttv %s: %s\n", cmd, msg);
	fprintf(stderr, _("Try `lttv %s --help`.\n"), cmd);
	return 1;
}

static void usage(FILE *out)
{
	fprintf(out, _("Usage: lttv COMMAND [OPTION...] TRACE-FOLDER...\n"
	               "\n"
	               "Commands:\n"
	               "  summary   traces, streams, CPUs, time range and events per name\n"
	               "  dump      one line per event, in time order\n"
	               "  state     what every thread, CPU, IRQ and disk did at a time\n"
	               "  processes every thread, as a tree by parent\n"
	               "  stats     CPU time, modes, system calls, events, over any range\n"
	               "\n"
	               "Times (--begin, --end) are SECONDS.NS since the epoch, a clock time\n"
	               "HH:MM:SS.NS (UTC unless --local), a date YYYY-MM-DD HH:MM:SS.NS, or\n"
	               "+SECONDS.NS after the traceset's beginning.\n"
	               "\n"
	               "`lttv COMMAND --help` lists a command's options.\n"));
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);

	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("lttv %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "summary"))
		return lttv_cmd_summary(argc - 1, (const char **)argv + 1);
	if (!strcmp(argv[1], "dump"))
		return lttv_cmd_dump(argc - 1, (const char **)argv + 1);
	if (!strcmp(argv[1], "state"))
		return lttv_cmd_state(argc - 1, (const char **)argv + 1);
	if (!strcmp(argv[1], "processes"))
		return lttv_cmd_processes(argc - 1, (const char **)argv + 1);
	if (!strcmp(argv[1], "stats"))
		return lttv_cmd_stats(argc - 1, (const char **)argv + 1);
	fprintf(stderr, _("lttv: unknown command `%s`\n"), argv[1]);
	usage(stderr);
	return 1;
}
