/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lttv-trace: records traces.  `record -k` records the kernel (ftrace ring
 * buffer -> LTTng-compatible CTF), `record -u` the applications linked
 * with liblttv-ust (doc/ust-sessions.md), both on one timeline;
 * `snapshot` saves a flight recorder's buffers; `list-events` lists what
 * can be recorded. */
#include "tracer/kernel/convert-table.h"
#include "tracer/kernel/recorder.h"
#include "tracer/kernel/recover.h"
#include "tracer/kernel/tracefs.h"
#include "tracer/ust/session.h"
#include "tracer/ust/ust-protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <poll.h>
#include <popt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

enum { EXIT_USAGE = 1, EXIT_PRIVILEGE = 2 };

static int error_exit(GError *error)
{
	g_printerr("lttv-trace: %s\n", error->message);
	int status = error->domain == LTTV_TRACEFS_ERROR &&
	                             (error->code == LTTV_TRACEFS_ERROR_PRIVILEGE ||
	                              error->code == LTTV_TRACEFS_ERROR_UNAVAILABLE)
	                     ? EXIT_PRIVILEGE
	                     : EXIT_USAGE;
	g_error_free(error);
	return status;
}

static char *human_size(guint64 bytes)
{
	return g_format_size_full(bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/* ---------------------------------------------------------------- the traced command */

/* Forks COMMAND, held back until the recording runs: it execs when go_fd
 * gets a byte and exits (127) when go_fd is closed without one. */
static pid_t spawn_held(char **argv, const sigset_t *old_mask, int *go_fd, GError **error)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "pipe: %s",
		            g_strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "fork: %s",
		            g_strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		sigprocmask(SIG_SETMASK, old_mask, NULL);
		close(p[1]);
		char go;
		ssize_t n;
		do
			n = read(p[0], &go, 1);
		while (n < 0 && errno == EINTR);
		if (n != 1)
			_exit(127);
		close(p[0]);
		execvp(argv[0], argv);
		fprintf(stderr, "lttv-trace: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(p[0]);
	*go_fd = p[1];
	return pid;
}

/* ---------------------------------------------------------------- record */

static char *default_session_dir(const char *name)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree char *stamp = g_date_time_format(now, "%Y%m%d-%H%M%S");
	g_autofree char *base = g_strdup_printf("%s-%s", name, stamp);
	return g_build_filename(g_get_home_dir(), "lttv-traces", base, NULL);
}

static gboolean dir_has_trace(const char *dir)
{
	g_autofree char *meta = g_build_filename(dir, "metadata", NULL);
	return g_file_test(meta, G_FILE_TEST_EXISTS);
}

static void print_summary(const char *dir, const GArray *stats, double seconds)
{
	guint64 events = 0, lost = 0, bytes = 0;
	printf(_("Trace written to %s\n"), dir);
	printf("%6s %14s %12s %12s\n", _("CPU"), _("events"), _("lost"), _("size"));
	for (guint i = 0; i < stats->len; i++) {
		const LttvRecordCpuStats *s = &g_array_index(stats, LttvRecordCpuStats, i);
		g_autofree char *size = human_size(s->bytes);
		printf("%6u %14" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %12s\n", s->cpu,
		       s->events, s->lost, size);
		events += s->events;
		lost += s->lost;
		bytes += s->bytes;
	}
	g_autofree char *size = human_size(bytes);
	printf("%6s %14" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %12s\n", _("total"), events,
	       lost, size);
	const char *verdict =
	        lost ? _("some events were lost: try a larger --buffer-size") : _("no event lost");
	if (seconds >= 0)
		printf(_("%.3f s recorded; %s\n"), seconds, verdict);
	else
		printf("%s\n", verdict);
}

/* Conversion at the end of a recording: a percentage on a terminal. */
static void show_progress(double fraction, gpointer data)
{
	(void)data;
	if (!isatty(STDERR_FILENO))
		return;
	g_autofree char *text = g_strdup_printf(_("Converting to CTF: %3.0f%%"), fraction * 100);
	g_printerr("\r%s", text);
}

static void end_progress(void)
{
	if (isatty(STDERR_FILENO))
		g_printerr("\r%30s\r", "");
}

static void print_ust_summary(const char *session_dir, const GArray *apps)
{
	if (!apps || apps->len == 0) {
		printf(_("User space: no application registered (is it linked with "
		         "liblttv-ust?)\n"));
		return;
	}
	printf(_("User-space traces in %s/ust/pid\n"), session_dir);
	printf("%8s %-16s %12s %10s %12s  %s\n", _("pid"), _("process"), _("size"), _("packets"),
	       _("lost"), _("how it ended"));
	for (guint i = 0; i < apps->len; i++) {
		const LttvUstAppStats *a = &g_array_index(apps, LttvUstAppStats, i);
		g_autofree char *size = human_size(a->bytes);
		const char *end = a->said_bye ? _("exited")
		                  : a->running_at_stop
		                          ? _("still running")
		                          : _("crashed or killed: its buffers were saved");

		printf("%8d %-16s %12s %10" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT "  %s\n",
		       (int)a->pid, a->name, size, a->packets, a->events_lost, end);
		if (a->packets_dropped) {
			/* the count formatted apart: gettext cannot see through
			 * G_GUINT64_FORMAT */
			g_autofree char *n =
			        g_strdup_printf("%" G_GUINT64_FORMAT, a->packets_dropped);

			printf(_("%8s %s packet(s) incomplete or not written\n"), "", n);
		}
		if (a->error)
			printf("%8s %s\n", "", a->error);
	}
}

/* "4096", "64k", "1M", "1G" -> bytes; 0 when malformed. */
static guint64 parse_size(const char *s)
{
	char *end;
	guint64 v;

	if (!s || !g_ascii_isdigit(*s))
		return 0;
	v = g_ascii_strtoull(s, &end, 10);
	switch (g_ascii_tolower(*end)) {
	case '\0': return v;
	case 'k': v <<= 10; break;
	case 'm': v <<= 20; break;
	case 'g': v <<= 30; break;
	default: return 0;
	}
	end++;
	if (*end == 'i' || *end == 'I')
		end++;
	if (*end == 'b' || *end == 'B')
		end++;
	return *end ? 0 : v;
}

static int cmd_record(int argc, const char **argv)
{
	int kernel = 0, ust = 0, overwrite = 0, num_subbuf = 8;
	char *events = NULL, *kernel_events = NULL, *output = NULL, *name = NULL,
	     *subbuf_text = NULL;
	int buffer_kb = 0, packet_kb = 0;
	double duration = 0;
	struct poptOption options[] = {
	        {"kernel", 'k', POPT_ARG_NONE, &kernel, 0, N_("record kernel events"), NULL},
	        {"userspace", 'u', POPT_ARG_NONE, &ust, 0,
	         N_("record the tracepoints of applications linked with liblttv-ust"), NULL},
	        {"events", 'e', POPT_ARG_STRING, &events, 0,
	         N_("events to record, comma-separated.  -k: sched, irq, syscall, block, power, "
	            "timer or SUBSYSTEM:EVENT (SUBSYSTEM:* for all of one), default "
	            "sched,irq,syscall,block,power.  -u (also with -k): PROVIDER:EVENT globs, "
	            "default *:*"),
	         N_("LIST")},
	        {"kernel-events", 0, POPT_ARG_STRING, &kernel_events, 0,
	         N_("with -k -u: the kernel's events (as -e of -k alone)"), N_("LIST")},
	        {"output", 'o', POPT_ARG_STRING, &output, 0,
	         N_("session folder (kernel trace in DIR/kernel, applications in DIR/ust); "
	            "default ~/lttv-traces/NAME-DATE-TIME"),
	         N_("DIR")},
	        {"name", 'n', POPT_ARG_STRING, &name, 0,
	         N_("session name (default: the command's name)"), N_("NAME")},
	        {"buffer-size", 0, POPT_ARG_INT, &buffer_kb, 0,
	         N_("kernel buffer per CPU, in KiB (default 4096)"), N_("KB")},
	        {"packet-size", 0, POPT_ARG_INT, &packet_kb, 0,
	         N_("kernel CTF packet size, in KiB (default 256)"), N_("KB")},
	        {"subbuf-size", 0, POPT_ARG_STRING, &subbuf_text, 0,
	         N_("-u: sub-buffer size, a power of two from 4k to 1G (default 1M)"), N_("SIZE")},
	        {"num-subbuf", 0, POPT_ARG_INT, &num_subbuf, 0,
	         N_("-u: sub-buffers per CPU, a power of two from 2 to 65536 (default 8)"),
	         N_("N")},
	        {"overwrite", 0, POPT_ARG_NONE, &overwrite, 0,
	         N_("-u: flight recorder: keep the newest events, written by lttv-trace snapshot "
	            "and at the end"),
	         NULL},
	        {"duration", 'd', POPT_ARG_DOUBLE, &duration, 0, N_("stop after this many seconds"),
	         N_("SECONDS")},
	        POPT_AUTOHELP POPT_TABLEEND};
	poptContext ctx = poptGetContext("lttv-trace record", argc, argv, options, 0);
	poptSetOtherOptionHelp(ctx, "-k|-u [OPTION...] [-- COMMAND [ARG...]]");
	int rc;
	while ((rc = poptGetNextOpt(ctx)) > 0) {
	}
	if (rc < -1) {
		g_printerr("lttv-trace record: %s: %s\n", poptBadOption(ctx, 0), poptStrerror(rc));
		poptFreeContext(ctx);
		return EXIT_USAGE;
	}
	const char **rest = poptGetArgs(ctx);
	int status = EXIT_USAGE;
	/* declared first: every "goto out" must find them initialized */
	g_autoptr(GError) error = NULL, ust_error = NULL;
	g_auto(GStrv) selection = NULL;
	g_autofree char *session = NULL, *kdir = NULL, *udir = NULL, *base = NULL;
	LttvRecorder *rec = NULL;
	g_autoptr(LttvUstSession) us = NULL;
	pid_t child = -1;
	int go_fd = -1, sfd = -1, tfd = -1;
	guint64 subbuf_size = subbuf_text ? parse_size(subbuf_text) : 1 << 20;
	const char *kernel_list = ust ? kernel_events : (kernel_events ? kernel_events : events);
	if (!kernel && !ust) {
		g_printerr(_("lttv-trace record: say what to record: -k for the kernel, -u for "
		             "applications (both may be given)\n"));
		goto out;
	}
	if (buffer_kb < 0 || packet_kb < 0 || (packet_kb && packet_kb < 4) || duration < 0) {
		g_printerr(_("lttv-trace record: --buffer-size, --packet-size (>= 4) and "
		             "--duration must "
		             "be positive\n"));
		goto out;
	}
	if (!ust && (overwrite || subbuf_text || num_subbuf != 8)) {
		g_printerr(_("lttv-trace record: --overwrite, --subbuf-size and --num-subbuf are "
		             "for applications (-u)\n"));
		goto out;
	}
	if (ust &&
	    (subbuf_size < 4096 || subbuf_size > (1u << 30) || (subbuf_size & (subbuf_size - 1)) ||
	     num_subbuf < 2 || num_subbuf > 65536 || (num_subbuf & (num_subbuf - 1)))) {
		g_printerr(
		        _("lttv-trace record: --subbuf-size must be a power of two from 4k to 1G "
		          "(got %s), --num-subbuf a power of two from 2 to 65536 (got %d)\n"),
		        subbuf_text ? subbuf_text : "1M", num_subbuf);
		goto out;
	}
	if (kernel_list) {
		selection = g_strsplit(kernel_list, ",", -1);
		for (char **s = selection; *s; s++)
			g_strstrip(*s);
	}
	const char *session_name = name ? name : rest && rest[0] ? rest[0] : "trace";
	base = g_path_get_basename(session_name);
	session = output ? g_strdup(output) : default_session_dir(base);
	kdir = g_build_filename(session, "kernel", NULL);
	udir = g_build_filename(session, "ust", NULL);
	if ((kernel && dir_has_trace(kdir)) || (ust && g_file_test(udir, G_FILE_TEST_EXISTS))) {
		g_printerr(
		        _("lttv-trace record: %s already holds a trace: choose another folder\n"),
		        session);
		goto out;
	}
	/* signals arrive through a descriptor; the command gets the old mask;
	 * blocked before any thread starts (the session's), or it would take them */
	sigset_t mask, old_mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &mask, &old_mask);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	/* one clock offset for both traces: they merge to the nanosecond */
	gint64 clock_offset = lttv_ctf_clock_offset_now();
	if (ust) {
		LttvUstSessionOptions uo = {base,
		                            session,
		                            events,
		                            overwrite ? LTTV_RB_OVERWRITE : LTTV_RB_DISCARD,
		                            subbuf_size,
		                            (guint32)num_subbuf,
		                            !(rest && rest[0]),
		                            clock_offset,
		                            base};
		us = lttv_ust_session_start(&uo, &error);
		if (!us) {
			g_printerr("lttv-trace record: %s\n", error->message);
			goto out;
		}
		/* COMMAND and its children register with this session */
		g_setenv("LTTV_UST_SESSION", lttv_ust_session_socket(us), TRUE);
	}

	if (rest && rest[0]) {
		child = spawn_held((char **)rest, &old_mask, &go_fd, &error);
		if (child < 0) {
			g_printerr("lttv-trace: %s\n", error->message);
			goto out;
		}
	}
	guint nwarn = 0;
	if (kernel) {
		LttvRecordOptions o = {(const char *const *)selection,
		                       kdir,
		                       (guint)buffer_kb,
		                       (gsize)packet_kb * 1024,
		                       base,
		                       clock_offset,
		                       show_progress,
		                       NULL};
		rec = lttv_recorder_start(&o, &error);
		if (!rec) {
			if (go_fd >= 0)
				close(go_fd); /* the command exits without running */
			go_fd = -1;
			if (child > 0)
				waitpid(child, NULL, 0);
			child = -1;
			status = error_exit(g_steal_pointer(&error));
			goto out;
		}
		const GPtrArray *warnings = lttv_recorder_warnings(rec);
		for (guint i = 0; i < warnings->len; i++)
			g_printerr(_("lttv-trace: warning: %s\n"),
			           (const char *)warnings->pdata[i]);
		nwarn = warnings->len;
	}
	gint64 t0 = g_get_monotonic_time(); /* recording from here (the set-up is not counted) */
	if (duration > 0) {
		tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
		struct itimerspec its = {
		        {0, 0}, {(time_t)duration, (long)((duration - (time_t)duration) * 1e9)}};
		if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
			its.it_value.tv_nsec = 1;
		timerfd_settime(tfd, 0, &its, NULL);
	}
	if (child > 0) {
		char go = 1;
		if (write(go_fd, &go, 1) != 1) {
			/* the child died already: SIGCHLD follows */
		}
		close(go_fd);
		go_fd = -1;
	} else if (duration <= 0)
		g_printerr(_("Recording %s into %s: press Ctrl-C to stop.\n"),
		           kernel && ust ? _("the kernel and every application")
		           : kernel      ? _("the kernel")
		                         : _("every application that starts"),
		           session);

	int child_status = 0;
	gboolean failed = FALSE, running = TRUE;
	while (running) {
		struct pollfd pfd[4] = {{sfd, POLLIN, 0},
		                        {tfd, POLLIN, 0},
		                        {rec ? lttv_recorder_failure_fd(rec) : -1, POLLIN, 0},
		                        {us ? lttv_ust_session_fd(us) : -1, POLLIN, 0}};
		if (poll(pfd, 4, -1) < 0 && errno != EINTR)
			break;
		if (pfd[3].revents & POLLIN)
			lttv_ust_session_dispatch(us);
		if (pfd[2].revents & POLLIN) {
			failed = TRUE;
			break;
		}
		if (pfd[1].revents & POLLIN)
			break;
		if (pfd[0].revents & POLLIN) {
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof si) != sizeof si)
				continue;
			if (si.ssi_signo == SIGCHLD) {
				if (child > 0 && waitpid(child, &child_status, WNOHANG) == child) {
					child = -1;
					running = FALSE;
				}
			} else
				running = FALSE; /* SIGINT, SIGTERM, SIGHUP */
		}
	}
	double seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
	gboolean stopped = TRUE;
	if (us && !lttv_ust_session_stop(us, &ust_error))
		stopped = FALSE;
	if (rec) {
		stopped &= lttv_recorder_stop(rec, &error);
		end_progress();
		const GPtrArray *warnings = lttv_recorder_warnings(rec);
		for (guint i = nwarn; i < warnings->len; i++)
			g_printerr(_("lttv-trace: warning: %s\n"),
			           (const char *)warnings->pdata[i]);
		print_summary(kdir, lttv_recorder_stats(rec), seconds);
	} else
		printf(_("%.3f s recorded\n"), seconds);
	if (us)
		print_ust_summary(session, lttv_ust_session_stats(us));
	if (!stopped || failed) {
		g_printerr(
		        _("lttv-trace: the recording stopped early: %s; the trace holds what was "
		          "recorded up to then\n"),
		        error       ? error->message
		        : ust_error ? ust_error->message
		                    : _("a write failed"));
		status = EXIT_USAGE;
	} else
		status = 0;
	if (child > 0) {
		/* stopped by a signal or the duration: the command goes on */
		g_printerr(_("lttv-trace: %s (pid %d) is still running\n"), rest[0], (int)child);
	} else if (rest && rest[0]) {
		if (WIFEXITED(child_status) && WEXITSTATUS(child_status) != 0)
			g_printerr(_("lttv-trace: %s exited with status %d\n"), rest[0],
			           WEXITSTATUS(child_status));
		else if (WIFSIGNALED(child_status))
			g_printerr(_("lttv-trace: %s was killed by signal %d\n"), rest[0],
			           WTERMSIG(child_status));
	}
out:
	if (rec)
		lttv_recorder_free(rec);
	if (sfd >= 0)
		close(sfd);
	if (tfd >= 0)
		close(tfd);
	free(events);
	free(kernel_events);
	free(output);
	free(name);
	free(subbuf_text);
	poptFreeContext(ctx);
	return status;
}

/* ---------------------------------------------------------------- recover */

static int cmd_recover(int argc, const char **argv)
{
	int guard_fd = -1;
	struct poptOption options[] = {
	        {"guard", 0, POPT_ARG_INT | POPT_ARGFLAG_DOC_HIDDEN, &guard_fd, 0,
	         "(internal) wait on this descriptor, then recover if the recorder died", NULL},
	        POPT_AUTOHELP POPT_TABLEEND};
	poptContext ctx = poptGetContext("lttv-trace recover", argc, argv, options, 0);
	poptSetOtherOptionHelp(ctx, "DIR");
	int rc = poptGetNextOpt(ctx);
	const char *dir = rc == -1 ? poptGetArg(ctx) : NULL;
	if (rc < -1 || !dir || poptPeekArg(ctx)) {
		if (rc < -1)
			g_printerr("lttv-trace recover: %s: %s\n", poptBadOption(ctx, 0),
			           poptStrerror(rc));
		else
			g_printerr(_("usage: lttv-trace recover DIR\n"
			             "Converts what a killed kernel recording left in DIR.\n"));
		poptFreeContext(ctx);
		return EXIT_USAGE;
	}
	g_autofree char *trace_dir = g_strdup(dir);
	poptFreeContext(ctx);
	if (guard_fd >= 0 && lttv_recorder_guard_wait(guard_fd))
		return 0; /* the recorder converted its spool itself */
	g_autofree char *spool = lttv_recorder_find_spool(trace_dir);
	if (!spool) {
		if (guard_fd >= 0)
			return 0; /* killed before recording anything */
		g_printerr(_("lttv-trace recover: %s holds no recording to convert\n"), trace_dir);
		return EXIT_USAGE;
	}
	if (guard_fd >= 0)
		g_printerr(_("lttv-trace: the recorder of %s ended before converting what it "
		             "recorded: converting it now\n"),
		           trace_dir);
	g_autoptr(GArray) stats = g_array_new(FALSE, TRUE, sizeof(LttvRecordCpuStats));
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) error = NULL;
	gboolean ok = lttv_recorder_recover(spool, guard_fd >= 0 ? (gint)getpid() : 0, stats,
	                                    warnings, &error);
	for (guint i = 0; i < warnings->len; i++)
		g_printerr(_("lttv-trace: warning: %s\n"), (const char *)warnings->pdata[i]);
	if (stats->len)
		print_summary(spool, stats, -1);
	if (!ok) {
		g_printerr("lttv-trace recover: %s\n", error->message);
		return EXIT_USAGE;
	}
	return 0;
}

/* ---------------------------------------------------------------- list-events */

static int list_ust_events(void)
{
	g_autoptr(GPtrArray) sockets = lttv_ust_session_sockets();
	guint answered = 0;

	for (guint i = 0; i < sockets->len; i++) {
		g_autoptr(GError) error = NULL;
		g_autofree char *text =
		        lttv_ust_session_control(sockets->pdata[i], LTTV_UST_MSG_LIST, "", &error);
		if (!text)
			continue; /* a stale socket: its session was killed */
		fputs(text, stdout);
		answered++;
	}
	if (!answered)
		printf(_("No user-space session is running (start one with lttv-trace record "
		         "-u).\n"));
	return 0;
}

static int cmd_list_events(int argc, const char **argv)
{
	int kernel = 0, ust = 0;
	struct poptOption options[] = {
	        {"kernel", 'k', POPT_ARG_NONE, &kernel, 0, N_("kernel events"), NULL},
	        {"userspace", 'u', POPT_ARG_NONE, &ust, 0,
	         N_("the events of the applications registered with running sessions"), NULL},
	        POPT_AUTOHELP POPT_TABLEEND};
	poptContext ctx = poptGetContext("lttv-trace list-events", argc, argv, options, 0);
	int rc;
	while ((rc = poptGetNextOpt(ctx)) > 0) {
	}
	if (rc < -1 || (!kernel && !ust)) {
		g_printerr(rc < -1 ? "lttv-trace list-events: %s\n"
		                   : _("lttv-trace list-events: use -k (kernel events) or -u "
		                       "(applications' events)\n%s"),
		           rc < -1 ? poptStrerror(rc) : "");
		poptFreeContext(ctx);
		return EXIT_USAGE;
	}
	poptFreeContext(ctx);
	if (ust) {
		list_ust_events();
		if (!kernel)
			return 0;
	}
	GError *error = NULL;
	g_autoptr(GPtrArray) events = lttv_recorder_list_events(&error);
	if (!events)
		return error_exit(error);
	printf(_("Groups (-e NAME):\n"));
	for (const KConvGroup *g = kconv_groups; g->name; g++)
		printf("  %-8s %s\n", g->name, g->events);
	printf(_("Events (-e SUBSYSTEM:EVENT, recorded as SUBSYSTEM_EVENT unless LTTng names "
	         "them):\n"));
	for (guint i = 0; i < events->len; i++)
		printf("  %s\n", (const char *)events->pdata[i]);
	return 0;
}

/* ---------------------------------------------------------------- snapshot */

static int cmd_snapshot(int argc, const char **argv)
{
	char *output = NULL;
	struct poptOption options[] = {
	        {"output", 'o', POPT_ARG_STRING, &output, 0,
	         N_("folder to create (default: SESSION-FOLDER/snapshot-N-DATE-TIME)"), N_("DIR")},
	        POPT_AUTOHELP POPT_TABLEEND};
	poptContext ctx = poptGetContext("lttv-trace snapshot", argc, argv, options, 0);
	poptSetOtherOptionHelp(ctx, "[-o DIR] SESSION");
	int rc;
	while ((rc = poptGetNextOpt(ctx)) > 0) {
	}
	const char **rest = poptGetArgs(ctx);
	if (rc < -1 || !rest || !rest[0] || rest[1]) {
		g_printerr(rc < -1 ? "lttv-trace snapshot: %s\n"
		                   : _("usage: lttv-trace snapshot [-o DIR] SESSION%s\n"),
		           rc < -1 ? poptStrerror(rc) : "");
		poptFreeContext(ctx);
		free(output);
		return EXIT_USAGE;
	}
	g_autoptr(GError) error = NULL;
	g_autofree char *abs = NULL, *path = lttv_ust_session_find(rest[0], &error);
	g_autofree char *dir = NULL;
	if (output)
		abs = g_canonicalize_filename(output, NULL);
	if (path)
		dir = lttv_ust_session_control(path, LTTV_UST_MSG_SNAPSHOT, abs ? abs : "", &error);
	poptFreeContext(ctx);
	free(output);
	if (!dir) {
		g_printerr("lttv-trace snapshot: %s\n", error->message);
		return EXIT_USAGE;
	}
	printf(_("Snapshot written to %s\n"), dir);
	return 0;
}

/* ---------------------------------------------------------------- enable / disable */

/* enable-event / disable-event SESSION PATTERNS: in the running
 * applications of the session at once, and in those that register later. */
static int cmd_rule(int argc, const char **argv, guint32 type)
{
	const char *cmd = type == LTTV_UST_MSG_ENABLE ? "enable-event" : "disable-event";
	g_autoptr(GError) error = NULL;
	g_autofree char *path = NULL, *answer = NULL;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf(_("usage: lttv-trace %s SESSION PROVIDER:EVENT[,...]\n"), cmd);
		return 0;
	}
	if (argc != 3) {
		g_printerr(_("usage: lttv-trace %s SESSION PROVIDER:EVENT[,...]\n"), cmd);
		return EXIT_USAGE;
	}
	path = lttv_ust_session_find(argv[1], &error);
	if (path)
		answer = lttv_ust_session_control(path, type, argv[2], &error);
	if (!answer) {
		g_printerr("lttv-trace %s: %s\n", cmd, error->message);
		return EXIT_USAGE;
	}
	printf("%s\n", answer);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "%s",
	        _("Usage: lttv-trace COMMAND [OPTION...]\n"
	          "Commands:\n"
	          "  record -k [-e EVENTS] [-o DIR] [--buffer-size KB] [--duration S] [-- COMMAND "
	          "ARGS...]\n"
	          "                  record a kernel trace (LTTng-compatible CTF)\n"
	          "  record -u [-e PROVIDER:EVENT,...] [-k] [--overwrite] [-- COMMAND ARGS...]\n"
	          "                  record applications linked with liblttv-ust (and the kernel)\n"
	          "  snapshot [-o DIR] SESSION\n"
	          "                  save the buffers of a flight-recorder session (--overwrite)\n"
	          "  enable-event SESSION PROVIDER:EVENT,...\n"
	          "  disable-event SESSION PROVIDER:EVENT,...\n"
	          "                  turn events on or off in a running user-space session\n"
	          "  list-events -k  list the kernel events that can be recorded\n"
	          "  list-events -u  list the events of the applications being recorded\n"
	          "  recover DIR     convert what a killed kernel recording left in DIR\n"
	          "Run lttv-trace COMMAND --help for the options of a command.\n"));
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
	/* a full disk is a write error, not a signal */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("lttv-trace %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "record"))
		return cmd_record(argc - 1, (const char **)argv + 1);
	if (!strcmp(argv[1], "enable-event"))
		return cmd_rule(argc - 1, (const char **)argv + 1, LTTV_UST_MSG_ENABLE);
	if (!strcmp(argv[1], "disable-event"))
		return cmd_rule(argc - 1, (const char **)argv + 1, LTTV_UST_MSG_DISABLE);
	if (!strcmp(argv[1], "snapshot"))
		return cmd_snapshot(argc - 1, (const char **)argv + 1);
	if (!strcmp(argv[1], "list-events"))
		return cmd_list_events(argc - 1, (const char **)argv + 1);
	if (!strcmp(argv[1], "recover"))
		return cmd_recover(argc - 1, (const char **)argv + 1);
	g_printerr(_("lttv-trace: unknown command \"%s\"\n"), argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
