/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * liblttv-ust's per-CPU lock-free ring buffer in shared memory
 * (doc/ust-ringbuf.md).
 *
 * A channel is one memfd holding, per CPU, n_subbuf sub-buffers of
 * subbuf_size bytes; each sub-buffer, once complete, is one CTF packet of
 * the layout tracer/ctf/metadata.c declares, so a trace is that metadata
 * plus the packets copied to channel0_<cpu>.  The application (producer)
 * maps the memfd and writes events with lttv_rb_reserve()/lttv_rb_commit();
 * the consumer (another process, given the fd) maps it too and takes the
 * complete sub-buffers (discard mode) or snapshots (overwrite mode).
 *
 * Producer:
 *   LttvRbChannel *ch = lttv_rb_channel_new(&cfg, &error);
 *   LttvRbCtx ctx;
 *   guint8 *p = lttv_rb_reserve(ch, lttv_rb_current_cpu(), id, 8, &ctx);
 *   if (p) { p = lttv_ctf_put_u32(p, a); lttv_ctf_put_u32(p, b); lttv_rb_commit(&ctx); }
 * Consumer (fd received over SCM_RIGHTS):
 *   LttvRbConsumer *c = lttv_rb_consumer_open(fd, &error);
 *   while (lttv_rb_consumer_get_subbuf(c, cpu, &data, &len)) {
 *       write(out[cpu], data, len); lttv_rb_consumer_put_subbuf(c, cpu);
 *   }
 *   ... when the application is gone: lttv_rb_consumer_finish(c), drain again.
 *
 * The fast path takes no lock, makes no system call (the clock is the
 * vDSO's) and allocates nothing; it is safe from signal handlers
 * interrupting another reservation on the same CPU, from threads that
 * migrate between reserve and commit, and across fork() (the child's
 * reservations fail: it never writes into the parent's buffers).
 */
#ifndef LTTV_TRACER_UST_RINGBUF_H
#define LTTV_TRACER_UST_RINGBUF_H

#include "tracer/ctf/ctf-writer.h"

#include <glib.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#if defined(__has_include)
#if __has_include(<sys/rseq.h>)
#include <sys/rseq.h>
#define LTTV_RB_HAVE_RSEQ 1
#endif
#endif

G_BEGIN_DECLS

/* Positions and counters are 64-bit atomics shared between processes:
 * they must be lock-free (hence address-free). */
G_STATIC_ASSERT(ATOMIC_LLONG_LOCK_FREE == 2);

#define LTTV_RB_ERROR (lttv_rb_error_quark())
GQuark lttv_rb_error_quark(void);
typedef enum {
	LTTV_RB_ERROR_ARGUMENT, /* a bad size or count */
	LTTV_RB_ERROR_INVALID,  /* the shared memory is not a valid channel */
	LTTV_RB_ERROR_FAILED,   /* a system call failed (message says which) */
} LttvRbError;

typedef enum {
	LTTV_RB_DISCARD,   /* a full buffer drops new events, counted */
	LTTV_RB_OVERWRITE, /* flight recorder: the oldest sub-buffer is overwritten */
} LttvRbMode;

typedef struct {
	guint32 n_cpus;      /* 0: every configured CPU (get_nprocs_conf()) */
	guint32 n_subbuf;    /* power of two, 2 .. 65536 */
	guint64 subbuf_size; /* power of two, 4096 .. 1 GiB */
	LttvRbMode mode;
	LttvCtfHeaderKind header; /* must be the metadata's (stream event.header) */
	guint8 uuid[16];          /* the trace's uuid (packet header) */
} LttvRbConfig;

/* ------------------------------------------------------- shared memory */

/* The memfd: this header (one page), one control block per CPU, then the
 * sub-buffers of CPU 0, 1, ... (doc/ust-ringbuf.md has the picture).
 * Positions are logical byte offsets that only grow: position p lies in
 * sub-buffer slot (p / subbuf_size) % n_subbuf at byte p % subbuf_size. */
#define LTTV_RB_SHM_MAGIC   "LTTVRB\x01"
#define LTTV_RB_SHM_VERSION 1

typedef struct {
	char magic[8];
	guint32 version;
	guint32 n_cpus;
	guint32 n_subbuf;
	guint32 mode;
	guint64 subbuf_size;
	guint32 header_kind;
	gint32 pid; /* the producer, for information */
	guint8 uuid[16];
} LttvRbShmHeader;

typedef struct {
	/* written by every reservation: a cache line of their own */
	_Alignas(64) _Atomic guint64 offset; /* write position: end of the last reservation */
	_Atomic guint64 last_ts; /* time of a recent event, never later than the last one */
	/* written by the consumer: start of the oldest sub-buffer not yet released */
	_Alignas(64) _Atomic guint64 consumed;
	/* events lost (cumulative): buffer full (discard mode), next sub-buffer
	 * still being written (overwrite mode), larger than a sub-buffer */
	_Alignas(64) _Atomic guint64 lost_full;
	_Atomic guint64 lost_wrap;
	_Atomic guint64 lost_big;
	/* per slot: bytes committed since the channel started; generation g
	 * of a slot is complete when its counter is (g + 1) * subbuf_size */
	_Alignas(64) _Atomic guint64 commit[];
} LttvRbCpuCtl;

/* ----------------------------------------------------------- producer */

typedef struct {
	LttvRbCpuCtl *ctl;
	guint8 *data; /* n_subbuf * subbuf_size bytes */
	guint32 cpu;
} LttvRbCpu;

/* Private to the process that maps the memfd; the fields are read by the
 * inline fast path, not by callers. */
typedef struct LttvRbChannel {
	guint64 subbuf_size;
	guint64 subbuf_mask; /* subbuf_size - 1 */
	guint64 buf_mask;    /* n_subbuf * subbuf_size - 1 */
	guint32 subbuf_shift;
	guint32 buf_shift;
	guint32 n_cpus;
	guint32 n_subbuf;
	guint fork_gen; /* lttv_rb_fork_gen when the channel was mapped */
	gboolean large;
	gboolean overwrite;
	int fd;      /* -1 for a consumer's view */
	int wake_fd; /* eventfd written when a sub-buffer closes, or -1 */
	guint8 *map;
	gsize map_size;
	guint8 uuid[16];
	LttvRbCpu cpus[];
} LttvRbChannel;

/* One reservation: where to commit, how much. */
typedef struct {
	_Atomic guint64 *commit;
	guint64 len;
	guint64 ts; /* the event's time, as written in the trace */
} LttvRbCtx;

/* Creates the memfd (sealed against shrinking and growing, so that a
 * consumer's mapping can never fault) and maps it, every page populated
 * so that the fast path never faults. */
LttvRbChannel *lttv_rb_channel_new(const LttvRbConfig *cfg, GError **error);
/* Unmaps and closes the memfd: no reservation may be in progress or
 * start (the runtime guarantees it, e.g. with RCU); consumers keep theirs. */
void lttv_rb_channel_free(LttvRbChannel *ch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LttvRbChannel, lttv_rb_channel_free)
/* The memfd, to hand to the consumer (SCM_RIGHTS); owned by the channel. */
int lttv_rb_channel_fd(const LttvRbChannel *ch);
/* Discard mode: creates an eventfd (non-blocking) that a producer writes
 * when it closes a sub-buffer (the slow path, once per sub-buffer: the
 * fast path makes no system call), so that the consumer sleeps until
 * there is something to take.  Returns it (owned by the channel; hand it
 * to the consumer), or -1 (errno) when it cannot be created: the
 * consumer then polls. */
int lttv_rb_channel_wakeup_fd(LttvRbChannel *ch);
guint32 lttv_rb_channel_n_cpus(const LttvRbChannel *ch);
/* Closes cpu's current sub-buffer (if it holds an event) so that it is
 * delivered once its reservations are committed: at exit, or to make
 * events visible early.  Safe against concurrent reservations. */
void lttv_rb_channel_flush(LttvRbChannel *ch, guint32 cpu);

typedef struct {
	guint64 lost_full, lost_wrap, lost_big; /* events, producer-side */
	guint64 packets_delivered;              /* consumer-side counters */
	guint64 packets_dropped;                /* incomplete when finished, or malformed */
	guint64 bytes_delivered;
} LttvRbCounters;
/* Producer-side counters of cpu (the consumer ones are 0). */
void lttv_rb_channel_counters(const LttvRbChannel *ch, guint32 cpu, LttvRbCounters *out);

/* Bumped in the child of fork(): a channel mapped before the fork stops
 * taking events (its mapping is not even inherited: MADV_DONTFORK). */
extern _Atomic guint lttv_rb_fork_gen;

/* CLOCK_MONOTONIC in ns (vDSO, no system call), the kernel recorder's
 * trace_clock=mono: both traces merge on one timeline. */
static inline guint64 lttv_rb_clock(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (guint64)t.tv_sec * G_GUINT64_CONSTANT(1000000000) + (guint64)t.tv_nsec;
}

/* The seqlock fences of the overwrite snapshot (doc/ust-ringbuf.md).
 * ThreadSanitizer does not model fences (GCC warns: -Wtsan), so its
 * builds keep only the compiler barrier, which is all these fences are on
 * x86-64; TSan cannot relate the writer's and the snapshot's accesses
 * anyway: the snapshot reads through its own mapping. */
#if defined(__SANITIZE_THREAD__)
#define LTTV_RB_SEQLOCK_FENCE(order) atomic_signal_fence(order)
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LTTV_RB_SEQLOCK_FENCE(order) atomic_signal_fence(order)
#endif
#endif
#ifndef LTTV_RB_SEQLOCK_FENCE
#define LTTV_RB_SEQLOCK_FENCE(order) atomic_thread_fence(order)
#endif

/* The fast path's clock.  Only the benchmark redefines it (before
 * including this file) to compare clocks: the slow path, the consumer and
 * the kernel recorder all use lttv_rb_clock(). */
#ifndef LTTV_RB_CLOCK
#define LTTV_RB_CLOCK() lttv_rb_clock()
#endif

/* The CPU the thread runs on: rseq's cpu_id (registered by glibc >= 2.35),
 * else sched_getcpu().  Only a hint: the thread may migrate at once, and
 * any index is correct (buffers are shared with atomics, not owned). */
static inline guint32 lttv_rb_current_cpu(void)
{
	int cpu;

#if defined(LTTV_RB_HAVE_RSEQ) && (defined(__x86_64__) || defined(__aarch64__))
	if (G_LIKELY(__rseq_size > 0)) {
		const struct rseq *rs =
		        (const struct rseq *)((char *)__builtin_thread_pointer() + __rseq_offset);
		/* the kernel updates it on migration: a single aligned load */
		gint32 id = (gint32)__atomic_load_n(&rs->cpu_id, __ATOMIC_RELAXED);

		if (G_LIKELY(id >= 0))
			return (guint32)id;
	}
#endif
	cpu = sched_getcpu();
	return cpu >= 0 ? (guint32)cpu : 0;
}

void *lttv_rb_reserve_slow(LttvRbChannel *ch, LttvRbCpu *c, guint32 id, gsize payload_len,
                           LttvRbCtx *ctx);

/*
 * Reserves an event of payload_len bytes with class id in cpu's buffer
 * (cpu is taken modulo the channel's CPU count), writes its header (and
 * the packet header when it opens a sub-buffer) and returns where to write
 * the payload, or NULL when the event is lost (counted): buffer full, too
 * large, or a child of fork().  Every non-NULL reservation must be
 * committed, from any thread, before its sub-buffer can be delivered.
 *
 * The timestamp is read inside the CAS loop, after loading the write
 * position, so events are in time order in the buffer whatever the
 * preemptions and signals; the compact header is used only when the delta
 * to the last event is proven below 2^27 ns (doc/ust-ringbuf.md).
 */
static inline void *lttv_rb_reserve(LttvRbChannel *ch, guint32 cpu, guint32 id, gsize payload_len,
                                    LttvRbCtx *ctx)
{
	LttvRbCpu *c;
	LttvRbCpuCtl *ctl;
	guint64 o, ts, len;
	gsize hlen;
	guint8 *p;

	/* written once in a fork child, before it runs anything else */
	if (G_UNLIKELY(ch->fork_gen !=
	               atomic_load_explicit(&lttv_rb_fork_gen, memory_order_relaxed)))
		return NULL;
	c = &ch->cpus[G_LIKELY(cpu < ch->n_cpus) ? cpu : cpu % ch->n_cpus];
	ctl = c->ctl;
	o = atomic_load_explicit(&ctl->offset, memory_order_relaxed);
	for (;;) {
		guint64 sb_off = o & ch->subbuf_mask;
		guint64 last;

		ts = LTTV_RB_CLOCK();
		last = atomic_load_explicit(&ctl->last_ts, memory_order_relaxed);
		hlen = lttv_ctf_event_header_len(ch->large, id, ts - last);
		len = hlen + payload_len;
		/* opening, closing or exactly filling a sub-buffer (or too
		 * large: then len may even have wrapped) */
		if (G_UNLIKELY(sb_off == 0 || len >= ch->subbuf_size - sb_off ||
		               payload_len >= ch->subbuf_size))
			return lttv_rb_reserve_slow(ch, c, id, payload_len, ctx);
		/* acq_rel: chains the writers of a sub-buffer after the one that
		 * opened it (which acquired the consumer's release of the slot);
		 * failure re-reads the clock, so relaxed */
		if (G_LIKELY(atomic_compare_exchange_weak_explicit(
		            &ctl->offset, &o, o + len, memory_order_acq_rel, memory_order_relaxed)))
			break;
	}
	/* release fence: a snapshot that reads any byte written below sees
	 * the position update above and discards its copy (seqlock) */
	LTTV_RB_SEQLOCK_FENCE(memory_order_release);
	atomic_store_explicit(&ctl->last_ts, ts, memory_order_relaxed);
	p = lttv_ctf_put_event_header(c->data + (o & ch->buf_mask), hlen, id, ts);
	ctx->commit = &ctl->commit[(o & ch->buf_mask) >> ch->subbuf_shift];
	ctx->len = len;
	ctx->ts = ts;
	return p;
}

/* Publishes the reservation: release, so that the consumer, which
 * acquires the commit count, sees every byte of the event. */
static inline void lttv_rb_commit(const LttvRbCtx *ctx)
{
	atomic_fetch_add_explicit(ctx->commit, ctx->len, memory_order_release);
}

/* ----------------------------------------------------------- consumer */

typedef struct LttvRbConsumer LttvRbConsumer;

/* Maps the channel of fd (the caller keeps fd), checking everything: the
 * seals, the header, the sizes; the producer's memory is never trusted. */
LttvRbConsumer *lttv_rb_consumer_open(int fd, GError **error);
/* A consumer on the producer's own mapping (in-process consumers, tests);
 * ch must outlive it. */
LttvRbConsumer *lttv_rb_consumer_open_channel(LttvRbChannel *ch);
void lttv_rb_consumer_free(LttvRbConsumer *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LttvRbConsumer, lttv_rb_consumer_free)

guint32 lttv_rb_consumer_n_cpus(const LttvRbConsumer *c);
guint64 lttv_rb_consumer_subbuf_size(const LttvRbConsumer *c);
guint32 lttv_rb_consumer_n_subbuf(const LttvRbConsumer *c);
LttvRbMode lttv_rb_consumer_mode(const LttvRbConsumer *c);
LttvCtfHeaderKind lttv_rb_consumer_header_kind(const LttvRbConsumer *c);
void lttv_rb_consumer_uuid(const LttvRbConsumer *c, guint8 uuid[16]);

/* Discard mode: the next complete sub-buffer of cpu, as one CTF packet of
 * *len bytes (packet_size; its events_discarded made non-decreasing),
 * valid until lttv_rb_consumer_put_subbuf(), which gives the sub-buffer
 * back to the producer.  FALSE when none is ready (poll again later).
 * After lttv_rb_consumer_finish(), incomplete or malformed sub-buffers
 * are dropped (counted; the sequence-number gap tells readers) and the
 * last packet may be an empty one the consumer makes to report the losses
 * no packet carried. */
gboolean lttv_rb_consumer_get_subbuf(LttvRbConsumer *c, guint32 cpu, const guint8 **data,
                                     gsize *len);
void lttv_rb_consumer_put_subbuf(LttvRbConsumer *c, guint32 cpu);
/* Closes cpu's current sub-buffer (lttv_rb_channel_flush() from the
 * consumer's side): its events are delivered once committed. */
void lttv_rb_consumer_flush(LttvRbConsumer *c, guint32 cpu);
/* The producer is gone (exited, crashed) or the session stops: flushes
 * every CPU and stops waiting for commits that will never come. */
void lttv_rb_consumer_finish(LttvRbConsumer *c);
void lttv_rb_consumer_counters(const LttvRbConsumer *c, guint32 cpu, LttvRbCounters *out);

/* Overwrite mode: flushes cpu and hands fn the complete sub-buffers, the
 * oldest first, ending with the one just flushed; each packet is a
 * private copy, checked not to have been overwritten while copied
 * (those are skipped and counted as dropped).  Stops at fn's first FALSE. */
typedef gboolean (*LttvRbPacketFn)(const guint8 *packet, gsize len, gpointer user_data,
                                   GError **error);
gboolean lttv_rb_consumer_snapshot(LttvRbConsumer *c, guint32 cpu, LttvRbPacketFn fn,
                                   gpointer user_data, GError **error);

G_END_DECLS

#endif
