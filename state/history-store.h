/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where a state history build records each row's intervals: a row's first
 * values in memory, then chunks of the history's own file (or, without
 * one or once its file system is full, of a memory file), written from a
 * buffer of the row's as it fills, so that the finished file needs no
 * copy. */
#ifndef LTTV_STATE_HISTORY_STORE_H
#define LTTV_STATE_HISTORY_STORE_H

#include "state/history-internal.h"
#include "state/state-internal.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
	GArray *chunks; /* of HistChunk; NULL while the row is in memory */
	uint64_t room;  /* intervals the chunks hold */
} StoreRow;

typedef struct {
	int files[2];     /* HistChunk.file: 0 the image's file, 1 memory; -1: none yet */
	uint64_t end[2];  /* bytes used */
	uint64_t room[2]; /* bytes allocated */
	char *tmp;        /* files[0]'s name: the cache file's temporary */
	bool spilled;     /* files[0] is full: new chunks go to memory */
	bool failed;      /* no room anywhere: values were dropped */
	GArray *rows;     /* of StoreRow, by row */
} HistStore;

/* For the cache file `final_path` (written next to it under a temporary
 * name), or memory when it cannot be. */
void hist_store_init(HistStore *s, const char *final_path);
/* StateRowGrow for the store of row r of a trace. */
bool hist_store_grow(HistStore *s, uint32_t row, RowInfo *r);
/* Writes the intervals of the rows' buffers into their chunks (they stay
 * in the buffers): before the chunks are read.  False when a write
 * failed (then s->failed). */
bool hist_store_sync(HistStore *s, GArray *info_rows);
/* The chunks that hold a row's first `count` intervals. */
const HistChunk *hist_store_chunks(const HistStore *s, uint32_t row, uint64_t count, guint *n);
/* Whether the chunks are all in the cache's temporary. */
static inline bool hist_store_cacheable(const HistStore *s)
{
	return s->tmp && !s->spilled;
}
/* Writes the image `img` (`len` bytes, its offsets counted from the
 * file's beginning: it goes after the chunks, at s->end[0], its header
 * also at 0) into the temporary and renames it `final_path`. */
bool hist_store_finish_file(HistStore *s, const uint8_t *img, size_t len, const char *final_path);
/* Frees the rows' memory, closes the files (mappings of them stay valid)
 * and removes the temporary unless renamed. */
void hist_store_clear(HistStore *s, GArray *info_rows);

#endif
