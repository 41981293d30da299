/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading every event of a traceset on all processors, for work whose
 * result does not depend on the order of events: counts, sums, minimums
 * and maximums, per-time-bucket totals, checksums that add up.
 *
 * The streams are cut into runs of whole packets (a packet decodes on its
 * own: its context restarts the clock), and worker threads take the runs
 * one after the other.  Within a run, items come in time order, as
 * lttv_iter_next() would hand out that stream's items, discarded-events
 * and discarded-packets notices included; across runs there is no order
 * at all, and two runs of one stream may be read at the same time.  Work
 * that needs the events in time order (a state engine) uses an iterator.
 *
 *   typedef struct { _Alignas(128) guint64 events; } Count; // a line each
 *   guint n = lttv_scan_n_workers(0);
 *   Count *counts;  // one accumulator per worker
 *   posix_memalign((void **)&counts, _Alignof(Count), n * sizeof(Count));
 *   LttvScanOptions o = {.n_workers = n};
 *   if (!lttv_traceset_scan(ts, &o, count_event, counts, &error)) ...
 *   // the total is the sum of counts[0..n-1].events
 *
 * The callback runs in the worker threads (worker 0 is the calling
 * thread) and receives its worker's number, so it can add into that
 * worker's accumulator without locks.  Keep each worker's accumulators
 * on cache lines of their own: two workers writing into one line at
 * every event make it travel from core to core, which costs more than
 * reading the event (lttv summary ran at half speed that way).
 */
#ifndef LTTV_SCAN_H
#define LTTV_SCAN_H

#include <gio/gio.h>
#include <lttv/traceset.h>

G_BEGIN_DECLS

/* Called for each item (events and notices).  `item` and its event are
 * valid during the call only.  FALSE with `error` set stops the scan. */
typedef gboolean (*LttvScanFunc)(const LttvItem *item, guint worker, gpointer user_data,
                                 GError **error);
/* `done` goes from 0 to 1 (bytes of packets read over all bytes);
 * `user_data` is the scan's. */
typedef void (*LttvScanProgressFunc)(double done, gpointer user_data);

typedef struct {
	guint n_workers;               /* 0: lttv_scan_n_workers(0) */
	gboolean decode_values;        /* as lttv_iter_set_decode_values() */
	GCancellable *cancellable;     /* NULL: none */
	LttvScanProgressFunc progress; /* called in the calling thread, NULL: none */
	guint64 run_bytes;             /* packet bytes per run, 0: chosen from the size */
	/* With `use_range`, only the items of times in [begin, end] are
	 * handed out, and the packets whose timestamps put them wholly
	 * outside are not read (nor counted in the progress). */
	gboolean use_range;
	LttvTime begin, end;
} LttvScanOptions;

/* The number of workers a scan asked for `requested` (0: one per
 * processor) uses: the size of the caller's per-worker accumulators. */
guint lttv_scan_n_workers(guint requested);

/* Calls `fn` on every item of every stream of `ts` (see above).  FALSE on
 * a read error (the error of the first failing run in stream and packet
 * order, naming file and offset, as the iterator would), on the
 * callback's error, or on cancellation (G_IO_ERROR_CANCELLED); the
 * callback may have seen part of the items then. */
gboolean lttv_traceset_scan(LttvTraceset *ts, const LttvScanOptions *options, LttvScanFunc fn,
                            gpointer user_data, GError **error);

G_END_DECLS

#endif
