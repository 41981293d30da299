/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state history's file format and objects, shared by its loading and
 * queries (history.c) and its building (history-build.c). */
#ifndef LTTV_STATE_HISTORY_INTERNAL_H
#define LTTV_STATE_HISTORY_INTERNAL_H

#include "lttv/history.h"

#include <stdbool.h>
#include <stdint.h>

/* Bump when the engine or the layout changes what a file means. */
#define HIST_VERSION 5
#define HIST_MAGIC   "LTTVHST1"
#define HIST_ENDIAN  0x01020304u

typedef struct {
	char magic[8];
	uint32_t version, endian;
	uint8_t key[32];
	int64_t begin, end;
	uint32_t n_rows, n_threads, n_strings, reserved;
	uint64_t n_intervals, n_requests;
	uint64_t off_rows, off_starts, off_values, off_threads, off_stroffs, off_strings,
	        off_requests, size;
	LttvStateCounters counters; /* what the engine met in the trace */
} HistHeader;

typedef struct {
	uint32_t kind, name; /* name: a string id (0: unknown) */
	int64_t entity;
	uint64_t first, count;         /* its intervals */
	uint64_t req_first, req_count; /* its block requests (disks) */
} HistRow;

enum { REQUEST_WRITE = 1 };

/* A block request of a disk, grouped by row, in issue order. */
typedef struct {
	int64_t issue, complete, sector;
	uint32_t n_sectors, flags;
} HistRequest;

enum { THREAD_KERNEL = 1, THREAD_BIRTH = 2, THREAD_EXITED = 4 };

typedef struct {
	int64_t tid, pid, ppid;
	int64_t birth, exit;
	uint32_t name, flags, row, reserved;
} HistThread;

/* One trace's history: a mapped file (or, when the cache could not be
 * written, the same image in memory). */
typedef struct {
	char *path;
	void *map;
	size_t map_len;
	bool mapped;
	const HistHeader *hdr;
	const HistRow *rows;
	const LttvTime *starts;
	const uint32_t *values;
	const HistThread *threads;
	const uint64_t *stroffs;
	const char *strings;
	const HistRequest *requests;
	gint *cpu_rows; /* CPU number -> row (-1: none), from the image */
	guint n_cpu_rows;
} TraceHistory;

struct LttvHistory {
	TraceHistory *traces;
	guint n_traces;
	bool from_cache;
	bool partial; /* what a build had done when it was taken */
	LttvTime begin, end;
	gint refs;        /* references beyond the first (lttv_history_ref) */
	gint *host_trace; /* per trace: the kernel trace of its host, or -1 */
	/* per trace, by class index: the context fields that name an event's
	 * thread (history-owner.c), resolved on first use */
	struct OwnerFields ***owner_fields;
	guint *owner_n_classes;
};

/* What makes a trace the same trace (its cache key) and its cache file. */
void history_trace_key(LttvTrace *t, uint8_t key[32]);
char *history_cache_path(const uint8_t key[32]);
/* Points th at an image; false when anything in it does not add up.
 * `mapped`: a read-only file mapping whose pages can be released once
 * checked.  `check_order`: check that each row's start times are in
 * order (a file read from the cache; an image the build just wrote is
 * in order by construction, and the check would read all of it again). */
bool history_image_bind(TraceHistory *th, const void *base, size_t len, const uint8_t key[32],
                        bool mapped, bool check_order);
/* Maps and checks the cache file th->path. */
bool history_cache_load(TraceHistory *th, const uint8_t key[32]);
/* Drops the pages of [a, b) from the resident set (a file mapping: they
 * stay in the page cache and fault back when read). */
void history_release_range(const void *a, const void *b);
void history_trace_clear(TraceHistory *th);
/* The thread running on `cpu` just before `t` in `trace` (at `t` when
 * nothing is known before). */
bool history_thread_before(const LttvHistory *h, guint trace, int64_t cpu, LttvTime t,
                           LttvHistoryThread *out, guint *index);
/* Fills h->host_trace and makes room for h->owner_fields
 * (lttv_history_event_owner). */
void history_link_hosts(LttvHistory *h, LttvTraceset *ts);
void history_owner_clear(LttvHistory *h);

#endif
