/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state history build's log: every value change of one trace, in time
 * order (16 bytes each), kept in an unlinked file of the cache folder
 * (written by a thread of its own, so that the build does not pay the
 * copy into the page cache) or, without one, in memory. */
#ifndef LTTV_STATE_HISTORY_LOG_H
#define LTTV_STATE_HISTORY_LOG_H

#include "lttv/time.h"

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	LttvTime t;
	uint32_t row, value;
} LogEntry;

typedef struct {
	LogEntry *e;     /* the buffer being filled (file) or every entry (memory) */
	LogEntry *spare; /* the buffer the writer thread writes (file) */
	size_t n;        /* entries in all */
	size_t cap;      /* of e */
	size_t base;     /* the entry e[0] is (0 in memory) */
	int fd;          /* -1: in memory */
	bool broken;     /* its file could not be read back */
	bool initialised;
	/* the writer thread; under lock: */
	GThread *writer;
	GMutex lock;
	GCond cond;
	size_t flushed; /* entries in the file */
	size_t writing; /* entries of spare being written */
	bool job, failed, quit;
} Log;

/* The whole log, for reading in order: mapped from its file (pages
 * released behind the reader, see log_view_advance) or in memory. */
typedef struct {
	const LogEntry *e;
	size_t n;
	void *map;
	size_t map_len;
	size_t released; /* entries before this one are released */
} LogView;

/* An unlinked file in the cache folder, -1 when there is none. */
int history_scratch_file(void);

void log_init(Log *log);
/* Every entry so far in the file (or memory): true unless lost. */
bool log_sync(Log *log);
void log_clear(Log *log);
/* Hands the full buffer to the writer (or grows the memory log). */
void log_make_room(Log *log);

static inline void log_append(Log *log, LttvTime t, uint32_t row, uint32_t value)
{
	if (G_UNLIKELY(log->n - log->base == log->cap))
		log_make_room(log);
	log->e[log->n++ - log->base] = (LogEntry){t, row, value};
}

void log_view(Log *log, LogView *v);
/* Called as a pass reads entry i: releases what lies behind it. */
void log_view_release(LogView *v, size_t i);
static inline void log_view_advance(LogView *v, size_t i)
{
	/* every 16 MiB */
	if (v->map && (i - v->released) * sizeof(LogEntry) >= (16u << 20))
		log_view_release(v, i);
}
void log_view_rewind(LogView *v);
void log_view_end(LogView *v);

#endif
