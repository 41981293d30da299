/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state history's file format and objects, shared by its loading and
 * queries (history.c) and its building (history-build.c). */
#ifndef LTTV_STATE_HISTORY_INTERNAL_H
#define LTTV_STATE_HISTORY_INTERNAL_H

#include "lttv/history.h"

#include <stdbool.h>
#include <stdint.h>

/* Bump when the engine or the layout changes what a file means. */
#define HIST_VERSION 6
#define HIST_MAGIC   "LTTVHST1"
#define HIST_ENDIAN  0x01020304u

typedef struct {
	char magic[8];
	uint32_t version, endian;
	uint8_t key[32];
	int64_t begin, end;
	uint32_t n_rows, n_threads, n_strings, reserved;
	uint64_t n_intervals, n_requests, n_small, n_chunks;
	uint64_t off_rows, off_small_starts, off_small_values, off_chunks, off_threads, off_stroffs,
	        off_strings, off_requests, size;
	LttvStateCounters counters; /* what the engine met in the trace */
} HistHeader;

/* A row's intervals are either in the small arrays (chunk_count 0: from
 * `first`) or in its chunks (from chunk `first`), which a reader maps one after the other
 * (history_map_chunks) so that they read as two arrays. */
typedef struct {
	uint32_t kind, name; /* name: a string id (0: unknown) */
	int64_t entity;
	uint64_t count; /* its intervals */
	uint64_t first; /* in the small arrays, or its first chunk */
	uint64_t chunk_count;
	uint64_t req_first, req_count; /* its block requests (disks) */
} HistRow;

/* `cap` start times (8 bytes each) at `off` in a file, then `cap` values
 * (4 bytes each): both whole pages, cap a multiple of history_chunk_unit(). */
typedef struct {
	uint64_t off;
	uint32_t cap;
	uint32_t file; /* 0: the image's own file; 1: the build's memory file */
} HistChunk;

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

/* A row's intervals as two arrays. */
typedef struct {
	const LttvTime *starts;
	const uint32_t *values;
} RowData;

/* A range of address space a row's chunks are mapped into. */
typedef struct {
	void *base;
	size_t len;
} RowMap;

/* One trace's history: a mapped file (or, when the cache could not be
 * written, the same image in memory, its chunks in files of the build). */
typedef struct {
	char *path;
	void *map;
	size_t map_len;
	bool mapped;
	const HistHeader *hdr;
	const HistRow *rows;
	const LttvTime *small_starts;
	const uint32_t *small_values;
	const HistChunk *chunks;
	RowData *data; /* per row */
	RowMap *maps;  /* the chunked rows' ranges */
	guint n_maps;
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
/* The chunks' size unit, in intervals: 8 and 4 times it are whole pages. */
uint32_t history_chunk_unit(void);
/* Maps n chunks of a row one after the other at `base`, whose range
 * holds `vcap` intervals, the first at interval `pos`: their start times
 * from base, their values from base + vcap * 8.  `files`: descriptors by
 * HistChunk.file; `prot`, `flags`: as mmap()'s (MAP_FIXED is added). */
bool history_map_chunks(uint8_t *base, uint64_t vcap, uint64_t pos, const HistChunk *c, guint n,
                        const int files[2], int prot, int flags);
/* Points th at an image; false when anything in it does not add up.
 * `mapped`: a read-only mapping of files[0].  `files`: the descriptors its chunks are in (files[0]:
 * the image's own file, -1 when it is in memory; files[1]: the build's memory file or -1), of
 * `file_len` bytes.  `check_order`: check that each row's start times are in order (a file read
 * from the cache, read with pread(), not through its mapping; an image the build just wrote is in
 * order by construction, and the check would read all of it again). */
bool history_image_bind(TraceHistory *th, const void *base, size_t len, const uint8_t key[32],
                        bool mapped, const int files[2], const uint64_t file_len[2],
                        bool check_order);
/* Maps and checks the cache file th->path (`check_order`: as above). */
bool history_cache_load(TraceHistory *th, const uint8_t key[32], bool check_order);
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
