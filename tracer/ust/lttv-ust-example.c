/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lttv-ust-example [-t THREADS] [-n EVENTS]: each of THREADS threads
 * (default 1) emits exactly EVENTS (default 10) events
 * lttv_example:tick { seq = 0 .. EVENTS - 1, thread = 0 .. THREADS - 1,
 * msg = "tick" }, then the program exits 0.
 *
 * The reference program of doc/tracepoints.md: a provider header
 * (example-tp.h), the file that generates its probes (example-tp.c), and
 * call sites that cost one not-taken branch while nobody records.
 */
#include "example-tp.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_THREADS 4096

struct worker {
	pthread_t thread;
	unsigned int index;
	uint64_t events;
};

static void *run(void *arg)
{
	const struct worker *w = (const struct worker *)arg;

	for (uint64_t seq = 0; seq < w->events; seq++)
		lttv_tracepoint(lttv_example, tick, seq, w->index, "tick");
	return NULL;
}

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: lttv-ust-example [-t THREADS] [-n EVENTS]\n"
	        "Each thread emits EVENTS tracepoints lttv_example:tick.\n"
	        "  -t THREADS  threads (1 to %d, default 1)\n"
	        "  -n EVENTS   events per thread (default 10)\n",
	        MAX_THREADS);
}

/* A whole decimal number in [min, max]. */
static int parse_count(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t threads = 1, events = 10;
	struct worker *workers;
	int opt, status = 0;

	while ((opt = getopt(argc, argv, "t:n:h")) != -1) {
		switch (opt) {
		case 't':
			if (parse_count(optarg, 1, MAX_THREADS, &threads) < 0) {
				fprintf(stderr, "lttv-ust-example: -t: not a thread count: %s\n",
				        optarg);
				return 2;
			}
			break;
		case 'n':
			if (parse_count(optarg, 0, UINT64_MAX, &events) < 0) {
				fprintf(stderr, "lttv-ust-example: -n: not an event count: %s\n",
				        optarg);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}

	workers = (struct worker *)calloc(threads, sizeof(*workers));
	if (!workers) {
		perror("lttv-ust-example");
		return 1;
	}
	for (unsigned int i = 0; i < threads; i++) {
		int err;

		workers[i].index = i;
		workers[i].events = events;
		err = pthread_create(&workers[i].thread, NULL, run, &workers[i]);
		if (err) {
			fprintf(stderr, "lttv-ust-example: cannot create a thread: %s\n",
			        strerror(err));
			/* the threads already running finish their events */
			threads = i;
			status = 1;
			break;
		}
	}
	for (unsigned int i = 0; i < threads; i++)
		pthread_join(workers[i].thread, NULL);
	free(workers);
	return status;
}
