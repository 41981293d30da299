/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A state history build's reading: a thread of its own reads the
 * traceset's items in time order and hands them to the build, which runs
 * the engine, as records (record.h) in batches, so that reading and the
 * engine each take a processor. */
#ifndef LTTV_STATE_HISTORY_PIPE_H
#define LTTV_STATE_HISTORY_PIPE_H

#include "state/record.h"

#include <glib.h>
#include <stdbool.h>

typedef struct {
	uint8_t *data; /* records, one after the other */
	size_t used;   /* bytes */
	bool end;      /* the last batch: every item read (or a read failed) */
} PipeBatch;

typedef struct HistPipe HistPipe;

/* Starts reading `ts` into records of `st` (whose handlers it reads: the
 * engine must not be made again meanwhile). */
HistPipe *hist_pipe_start(LttvTraceset *ts, const LttvState *st);
/* The next batch, waiting for it; give it back when its records are
 * applied. */
PipeBatch *hist_pipe_take(HistPipe *p);
void hist_pipe_give_back(HistPipe *p, PipeBatch *b);
/* Stops the reading (when not at its end) and frees the pipe; FALSE with
 * `error` when the reading failed. */
gboolean hist_pipe_stop(HistPipe *p, GError **error);

#endif
