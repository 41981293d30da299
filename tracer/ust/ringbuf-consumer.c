/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The consumer side of the ring buffer: maps a channel it was given,
 * takes complete sub-buffers (discard mode) or snapshots (overwrite
 * mode), closes sub-buffers of a producer that is gone.  The producer's
 * memory is shared, so it is never trusted: sizes are computed from the
 * header's three counts and checked against the sealed file; positions
 * only ever select a slot through a mask; every packet field the consumer
 * relies on is copied once and checked; no loop is bounded by a value
 * the producer wrote.
 */
#include "tracer/ust/ringbuf-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* How long a snapshot waits for reservations in progress to commit. */
#define SNAPSHOT_WAIT_US 50000

typedef struct {
	guint64 consumed;  /* ours: the copy in shared memory is for the producer */
	guint64 final_pos; /* lttv_rb_consumer_finish(): nothing at or after it is read */
	gboolean held;     /* a sub-buffer (or the trailer) is out */
	gboolean held_trailer;
	gboolean dropped; /* a packet was dropped after the last one delivered */
	gboolean trailer_done;
	gboolean any; /* a packet was delivered */
	guint64 last_ts_begin, last_ts_end, last_discarded;
	guint64 delivered, n_dropped, bytes;
	guint8 *trailer; /* RB_PAGE bytes, made when needed */
} ConsCpu;

struct LttvRbConsumer {
	LttvRbChannel *view;
	gboolean own_map;
	gboolean final;
	LttvCtfHeaderKind header;
	ConsCpu cpus[];
};

static LttvRbConsumer *consumer_new(LttvRbChannel *view, gboolean own_map, LttvCtfHeaderKind header)
{
	LttvRbConsumer *c = g_malloc0(sizeof(*c) + view->n_cpus * sizeof(ConsCpu));

	c->view = view;
	c->own_map = own_map;
	c->header = header;
	/* a consumer attaching late starts where the producer's consumed
	 * position is (0 for a new channel) */
	for (guint32 i = 0; i < view->n_cpus; i++) {
		guint64 pos =
		        atomic_load_explicit(&view->cpus[i].ctl->consumed, memory_order_relaxed);

		c->cpus[i].consumed = pos & ~view->subbuf_mask;
	}
	return c;
}

static LttvRbConsumer *invalid(GError **error, const char *why)
{
	g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_INVALID, _("not a valid ring buffer: %s"),
	            why);
	return NULL;
}

LttvRbConsumer *lttv_rb_consumer_open(int fd, GError **error)
{
	LttvRbShmHeader h;
	LttvRbChannel *view;
	struct stat st;
	RbLayout l;
	guint8 *map;
	int seals;

	g_return_val_if_fail(error == NULL || *error == NULL, NULL);
	if (fstat(fd, &st) < 0) {
		int err = errno;

		g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_FAILED, _("ring buffer: fstat: %s"),
		            g_strerror(err));
		return NULL;
	}
	/* without this seal the producer could shrink the file and make
	 * our accesses fault (SIGBUS) */
	seals = fcntl(fd, F_GET_SEALS);
	if (seals < 0 || !(seals & F_SEAL_SHRINK))
		return invalid(error, _("the memfd is not sealed against shrinking"));
	if (!S_ISREG(st.st_mode) || st.st_size < (off_t)RB_PAGE)
		return invalid(error, _("too small"));
	/* a private copy of the header: checked once, used from then on */
	if (pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h))
		return invalid(error, _("cannot read the header"));
	if (memcmp(h.magic, LTTV_RB_SHM_MAGIC, sizeof(h.magic)) || h.version != LTTV_RB_SHM_VERSION)
		return invalid(error, _("bad magic number or version"));
	if (h.mode > LTTV_RB_OVERWRITE || h.header_kind > LTTV_CTF_HEADER_LARGE)
		return invalid(error, _("bad mode or header kind"));
	if (!rb_layout(h.n_cpus, h.n_subbuf, h.subbuf_size, &l, error))
		return NULL;
	if ((guint64)st.st_size != l.total)
		return invalid(error, _("the file size does not match the sizes in the header"));
	map = mmap(NULL, l.total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		int err = errno;

		g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_FAILED, _("ring buffer: mmap: %s"),
		            g_strerror(err));
		return NULL;
	}
	madvise(map, l.total, MADV_DONTFORK);
	view = rb_view_new(map, l.total, h.n_cpus, h.n_subbuf, h.subbuf_size,
	                   h.header_kind == LTTV_CTF_HEADER_LARGE, h.mode == LTTV_RB_OVERWRITE,
	                   h.uuid, &l);
	return consumer_new(view, TRUE, (LttvCtfHeaderKind)h.header_kind);
}

LttvRbConsumer *lttv_rb_consumer_open_channel(LttvRbChannel *ch)
{
	LttvRbChannel *view = g_memdup2(ch, sizeof(*ch) + ch->n_cpus * sizeof(LttvRbCpu));

	view->fd = -1;
	return consumer_new(view, FALSE,
	                    ch->large ? LTTV_CTF_HEADER_LARGE : LTTV_CTF_HEADER_COMPACT);
}

void lttv_rb_consumer_free(LttvRbConsumer *c)
{
	if (!c)
		return;
	if (c->own_map)
		munmap(c->view->map, c->view->map_size);
	for (guint32 i = 0; i < c->view->n_cpus; i++)
		g_free(c->cpus[i].trailer);
	g_free(c->view);
	g_free(c);
}

guint32 lttv_rb_consumer_n_cpus(const LttvRbConsumer *c)
{
	return c->view->n_cpus;
}

guint64 lttv_rb_consumer_subbuf_size(const LttvRbConsumer *c)
{
	return c->view->subbuf_size;
}

guint32 lttv_rb_consumer_n_subbuf(const LttvRbConsumer *c)
{
	return c->view->n_subbuf;
}

LttvRbMode lttv_rb_consumer_mode(const LttvRbConsumer *c)
{
	return c->view->overwrite ? LTTV_RB_OVERWRITE : LTTV_RB_DISCARD;
}

LttvCtfHeaderKind lttv_rb_consumer_header_kind(const LttvRbConsumer *c)
{
	return c->header;
}

void lttv_rb_consumer_uuid(const LttvRbConsumer *c, guint8 uuid[16])
{
	memcpy(uuid, c->view->uuid, 16);
}

void lttv_rb_consumer_counters(const LttvRbConsumer *c, guint32 cpu, LttvRbCounters *out)
{
	const ConsCpu *cc = &c->cpus[cpu % c->view->n_cpus];
	const LttvRbCpuCtl *ctl = c->view->cpus[cpu % c->view->n_cpus].ctl;

	out->lost_full = atomic_load_explicit(&ctl->lost_full, memory_order_relaxed);
	out->lost_wrap = atomic_load_explicit(&ctl->lost_wrap, memory_order_relaxed);
	out->lost_big = atomic_load_explicit(&ctl->lost_big, memory_order_relaxed);
	out->packets_delivered = cc->delivered;
	out->packets_dropped = cc->n_dropped;
	out->bytes_delivered = cc->bytes;
}

void lttv_rb_consumer_flush(LttvRbConsumer *c, guint32 cpu)
{
	rb_switch(c->view, &c->view->cpus[cpu % c->view->n_cpus], RB_CONSUMER_SWITCH_TRIES);
}

void lttv_rb_consumer_finish(LttvRbConsumer *c)
{
	for (guint32 i = 0; i < c->view->n_cpus; i++) {
		ConsCpu *cc = &c->cpus[i];
		guint64 end = rb_switch(c->view, &c->view->cpus[i], RB_CONSUMER_SWITCH_TRIES);

		/* a writer is never more than the buffer ahead of us (discard
		 * mode); a position beyond is garbage, not data */
		cc->final_pos = end - cc->consumed > c->view->buf_mask + 1
		                        ? cc->consumed + c->view->buf_mask + 1
		                        : end;
	}
	c->final = TRUE;
}

/* Is the packet copy b, found at position pos, one the producer could
 * have written?  *psize: its packet_size in bytes. */
static gboolean check_packet(const LttvRbConsumer *c, const ConsCpu *cc, guint32 cpu,
                             const guint8 *b, guint64 pos, guint64 *psize, guint64 *ts_begin,
                             guint64 *ts_end)
{
	guint64 size = c->view->subbuf_size;
	guint64 content = rb_get_u64(b + LTTV_CTF_OFF_CONTENT_SIZE);
	guint64 bits = rb_get_u64(b + LTTV_CTF_OFF_PACKET_SIZE);

	*ts_begin = rb_get_u64(b + LTTV_CTF_OFF_TS_BEGIN);
	*ts_end = rb_get_u64(b + LTTV_CTF_OFF_TS_END);
	*psize = bits / 8;
	if (rb_get_u32(b + LTTV_CTF_OFF_MAGIC) != LTTV_CTF_PACKET_MAGIC ||
	    memcmp(b + LTTV_CTF_OFF_UUID, c->view->uuid, 16) ||
	    rb_get_u32(b + LTTV_CTF_OFF_STREAM_ID) != 0 ||
	    rb_get_u64(b + LTTV_CTF_OFF_INSTANCE_ID) != cpu ||
	    rb_get_u32(b + LTTV_CTF_OFF_CPU_ID) != cpu ||
	    rb_get_u64(b + LTTV_CTF_OFF_SEQ_NUM) != pos >> c->view->subbuf_shift)
		return FALSE;
	if (content % 8 || bits % 8 || content / 8 < LTTV_CTF_PACKET_HEAD || content > bits ||
	    *psize > size)
		return FALSE;
	/* readers need packet begin times that never go back */
	return *ts_begin <= *ts_end && !(cc->any && *ts_begin < cc->last_ts_begin);
}

/* Delivers the checked packet b: events_discarded made non-decreasing
 * (two closers may read the lost counters in either order). */
static void deliver(ConsCpu *cc, guint8 *b, guint64 psize, guint64 ts_begin, guint64 ts_end)
{
	guint64 discarded = rb_get_u64(b + LTTV_CTF_OFF_DISCARDED);

	if (discarded < cc->last_discarded)
		lttv_ctf_put_u64(b + LTTV_CTF_OFF_DISCARDED, cc->last_discarded);
	else
		cc->last_discarded = discarded;
	cc->any = TRUE;
	cc->dropped = FALSE;
	cc->last_ts_begin = ts_begin;
	cc->last_ts_end = MAX(cc->last_ts_end, ts_end);
	cc->delivered++;
	cc->bytes += psize;
}

/* Gives positions up to pos back to the producer. */
static void release(LttvRbConsumer *c, guint32 cpu, guint64 pos)
{
	c->cpus[cpu].consumed = pos;
	/* release: our reads of the sub-buffer happen before the producer,
	 * which acquires this position, overwrites it */
	atomic_store_explicit(&c->view->cpus[cpu].ctl->consumed, pos, memory_order_release);
}

/* The empty packet that ends a finished stream whose losses no packet
 * reported: the last packets dropped (a gap in packet_seq_num) or events
 * lost after the last packet was closed (events_discarded). */
static gboolean make_trailer(LttvRbConsumer *c, guint32 cpu, const guint8 **data, gsize *len)
{
	ConsCpu *cc = &c->cpus[cpu];
	guint64 lost = rb_lost_total(c->view->cpus[cpu].ctl);
	guint64 ts = MAX(lttv_rb_clock(), cc->last_ts_end);
	guint8 *b;

	if (cc->trailer_done || (!cc->dropped && lost <= cc->last_discarded))
		return FALSE;
	if (!cc->trailer)
		cc->trailer = g_malloc(RB_PAGE);
	b = cc->trailer;
	memset(b, 0, RB_PAGE);
	lttv_ctf_put_u32(b + LTTV_CTF_OFF_MAGIC, LTTV_CTF_PACKET_MAGIC);
	memcpy(b + LTTV_CTF_OFF_UUID, c->view->uuid, 16);
	lttv_ctf_put_u64(b + LTTV_CTF_OFF_INSTANCE_ID, cpu);
	lttv_ctf_put_u64(b + LTTV_CTF_OFF_TS_BEGIN, ts);
	lttv_ctf_put_u64(b + LTTV_CTF_OFF_TS_END, ts);
	lttv_ctf_put_u64(b + LTTV_CTF_OFF_CONTENT_SIZE, LTTV_CTF_PACKET_HEAD * 8);
	lttv_ctf_put_u64(b + LTTV_CTF_OFF_PACKET_SIZE, RB_PAGE * 8);
	/* the next number: one more than the last packet written, or a gap
	 * as wide as the packets dropped */
	lttv_ctf_put_u64(b + LTTV_CTF_OFF_SEQ_NUM, cc->consumed >> c->view->subbuf_shift);
	lttv_ctf_put_u64(b + LTTV_CTF_OFF_DISCARDED, MAX(lost, cc->last_discarded));
	lttv_ctf_put_u32(b + LTTV_CTF_OFF_CPU_ID, cpu);
	cc->held = cc->held_trailer = TRUE;
	*data = b;
	*len = RB_PAGE;
	return TRUE;
}

gboolean lttv_rb_consumer_get_subbuf(LttvRbConsumer *c, guint32 cpu, const guint8 **data,
                                     gsize *len)
{
	LttvRbChannel *v = c->view;
	const guint64 size = v->subbuf_size;
	LttvRbCpu *rc;
	ConsCpu *cc;

	g_return_val_if_fail(cpu < v->n_cpus, FALSE);
	rc = &v->cpus[cpu];
	cc = &c->cpus[cpu];
	g_return_val_if_fail(!cc->held, FALSE);
	if (v->overwrite)
		return FALSE; /* read with lttv_rb_consumer_snapshot() */
	/* at most one pass over the slots: a position that garbage moved
	 * far ahead cannot keep us here */
	for (guint32 n = 0; n <= v->n_subbuf; n++) {
		guint64 pos = cc->consumed;
		guint64 slot = (pos & v->buf_mask) >> v->subbuf_shift;
		guint64 gen = pos >> v->buf_shift;
		guint64 psize, ts_begin, ts_end;
		guint8 *b = rc->data + slot * size;

		if (c->final && pos >= cc->final_pos)
			return make_trailer(c, cpu, data, len);
		/* acquire: pairs with every commit (release) of the
		 * generation, so all its bytes are visible */
		if (atomic_load_explicit(&rc->ctl->commit[slot], memory_order_acquire) -
		            (gen << v->subbuf_shift) !=
		    size) {
			if (!c->final)
				return FALSE; /* not complete yet */
			                      /* a reservation that will never be committed (the
			                       * producer died in the middle of an event): we cannot
			                       * tell which bytes are missing, so the whole packet goes */
		} else if (check_packet(c, cc, cpu, b, pos, &psize, &ts_begin, &ts_end)) {
			deliver(cc, b, psize, ts_begin, ts_end);
			cc->held = TRUE;
			*data = b;
			*len = psize;
			return TRUE;
		}
		cc->n_dropped++;
		cc->dropped = TRUE;
		release(c, cpu, pos + size);
	}
	return FALSE;
}

void lttv_rb_consumer_put_subbuf(LttvRbConsumer *c, guint32 cpu)
{
	ConsCpu *cc;

	g_return_if_fail(cpu < c->view->n_cpus);
	cc = &c->cpus[cpu];
	g_return_if_fail(cc->held);
	cc->held = FALSE;
	if (cc->held_trailer) {
		cc->held_trailer = FALSE;
		cc->trailer_done = TRUE;
		return;
	}
	release(c, cpu, cc->consumed + c->view->subbuf_size);
}

/* Waits (bounded) until the generation of pos is complete; FALSE when it
 * is not, or is already being overwritten. */
static gboolean wait_complete(const LttvRbConsumer *c, LttvRbCpu *rc, guint64 pos, gint64 deadline)
{
	const LttvRbChannel *v = c->view;
	guint64 slot = (pos & v->buf_mask) >> v->subbuf_shift;
	guint64 want = pos >> v->buf_shift << v->subbuf_shift;

	for (;;) {
		/* acquire: as in lttv_rb_consumer_get_subbuf() */
		guint64 d =
		        atomic_load_explicit(&rc->ctl->commit[slot], memory_order_acquire) - want;

		if (d == v->subbuf_size)
			return TRUE;
		/* past it: a later generation has begun */
		if (d > v->subbuf_size || c->final || g_get_monotonic_time() >= deadline)
			return FALSE;
		g_usleep(100);
	}
}

gboolean lttv_rb_consumer_snapshot(LttvRbConsumer *c, guint32 cpu, LttvRbPacketFn fn,
                                   gpointer user_data, GError **error)
{
	LttvRbChannel *v = c->view;
	const guint64 size = v->subbuf_size, span = v->buf_mask + 1;
	g_autofree guint8 *copy = NULL;
	ConsCpu snap = {0};
	gint64 deadline;
	guint64 end, start;
	LttvRbCpu *rc;

	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
	if (!v->overwrite || cpu >= v->n_cpus) {
		g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_ARGUMENT,
		            _("snapshots are taken of an overwrite-mode channel's CPUs"));
		return FALSE;
	}
	rc = &v->cpus[cpu];
	copy = g_malloc(size);
	/* the snapshot ends here: what is reserved from now on is not in it */
	end = rb_switch(v, rc, RB_CONSUMER_SWITCH_TRIES);
	start = end > span ? end - span : 0;
	deadline = g_get_monotonic_time() + SNAPSHOT_WAIT_US;
	for (guint64 pos = start; pos < end; pos += size) {
		guint64 psize, ts_begin, ts_end;

		if (wait_complete(c, rc, pos, deadline)) {
			memcpy(copy, rc->data + (pos & v->buf_mask), size);
			/* acquire fence, then the position: if the copy read a
			 * byte a writer of the slot's next generation wrote
			 * (after its release fence), we see its reservation
			 * and throw the copy away (seqlock) */
			LTTV_RB_SEQLOCK_FENCE(memory_order_acquire);
			if (atomic_load_explicit(&rc->ctl->offset, memory_order_relaxed) - pos <=
			            span &&
			    check_packet(c, &snap, cpu, copy, pos, &psize, &ts_begin, &ts_end)) {
				deliver(&snap, copy, psize, ts_begin, ts_end);
				if (!fn(copy, psize, user_data, error))
					return FALSE;
				continue;
			}
		}
		c->cpus[cpu].n_dropped++;
	}
	c->cpus[cpu].delivered += snap.delivered;
	c->cpus[cpu].bytes += snap.bytes;
	return TRUE;
}
