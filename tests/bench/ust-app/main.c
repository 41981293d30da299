/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lttv-bench-app N [T]: emits N events (lttv_bench:sample, and one in eight
 * lttv_bench:tick) as fast as it can from T threads (default 2), the N
 * events split between the threads.  Traced by tests/bench/record-ust-trace.
 *
 * Build: cc -O2 -I. -o lttv-bench-app main.c tp.c -llttng-ust -ldl -lpthread
 */
#include "lttv-bench-tp.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const words[] = {
	"a", "io", "net", "read", "write", "sched", "futex_w", "page_flt",
	"irq_entry", "softirq_ex", "timer_expire", "kmem_alloc_node",
};

typedef struct {
	int id;
	unsigned long count;
} Worker;

static void *run(void *arg)
{
	const Worker *w = arg;
	uint32_t seq[4];
	uint16_t pair[2];

	for (unsigned long k = 0; k < w->count; k++) {
		unsigned long x = k * 2654435761u + (unsigned long)w->id;

		if ((k & 7) == 7) {
			lttng_ust_tracepoint(lttv_bench, tick, w->id, x);
			continue;
		}
		seq[0] = (uint32_t)k;
		seq[1] = (uint32_t)x;
		seq[2] = (uint32_t)(x >> 7);
		seq[3] = (uint32_t)(k ^ x);
		pair[0] = (uint16_t)k;
		pair[1] = (uint16_t)w->id;
		lttng_ust_tracepoint(lttv_bench, sample, (int)(k & 0x7fffffff) - 1000,
		                     (long)x - (long)(k << 20), words[(k >> 3) % 12], seq,
		                     (unsigned int)(k % 5), pair);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long n, done = 0;
	int t;
	pthread_t *th;
	Worker *w;

	if (argc < 2) {
		fprintf(stderr, "usage: %s N-EVENTS [THREADS]\n", argv[0]);
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	t = argc > 2 ? atoi(argv[2]) : 2;
	if (t < 1)
		t = 1;
	th = calloc((size_t)t, sizeof *th);
	w = calloc((size_t)t, sizeof *w);
	if (!th || !w)
		return 1;
	for (int i = 0; i < t; i++) {
		w[i].id = i;
		w[i].count = n / (unsigned long)t + ((unsigned long)i < n % (unsigned long)t);
		done += w[i].count;
		if (pthread_create(&th[i], NULL, run, &w[i]) != 0) {
			perror("pthread_create");
			return 1;
		}
	}
	for (int i = 0; i < t; i++)
		pthread_join(th[i], NULL);
	printf("%lu events from %d threads\n", done, t);
	return 0;
}
