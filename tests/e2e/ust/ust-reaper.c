/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ust-reaper STATUSFILE PIDFILE COMMAND [ARG...]
 *
 * Runs COMMAND as a child subreaper (prctl PR_SET_CHILD_SUBREAPER): when
 * COMMAND dies, its children become ours, so the test can learn the exit
 * status of a traced program whose parent (lttv-trace) it killed.  Writes
 * COMMAND's pid to PIDFILE, then one line per process it reaps, COMMAND and
 * orphans alike, to STATUSFILE:
 *
 *   pid=P exited=CODE
 *   pid=P signaled=SIGNAL
 *
 * and exits 0 once no child is left.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	FILE *status, *pidfile;
	pid_t child, pid;
	int st;

	if (argc < 4) {
		fprintf(stderr, "usage: ust-reaper STATUSFILE PIDFILE COMMAND [ARG...]\n");
		return 2;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		perror("ust-reaper: PR_SET_CHILD_SUBREAPER");
		return 1;
	}
	status = fopen(argv[1], "w");
	if (!status) {
		perror(argv[1]);
		return 1;
	}
	child = fork();
	if (child < 0) {
		perror("ust-reaper: fork");
		return 1;
	}
	if (child == 0) {
		execvp(argv[3], argv + 3);
		fprintf(stderr, "ust-reaper: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	pidfile = fopen(argv[2], "w");
	if (!pidfile || fprintf(pidfile, "%d\n", (int)child) < 0 || fclose(pidfile) != 0) {
		perror(argv[2]);
		return 1;
	}
	while ((pid = waitpid(-1, &st, 0)) > 0 || errno == EINTR) {
		if (pid <= 0)
			continue;
		if (WIFEXITED(st))
			fprintf(status, "pid=%d exited=%d\n", (int)pid, WEXITSTATUS(st));
		else if (WIFSIGNALED(st))
			fprintf(status, "pid=%d signaled=%d\n", (int)pid, WTERMSIG(st));
		fflush(status);
	}
	fclose(status);
	return 0;
}
