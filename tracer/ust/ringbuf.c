/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The producer side of the ring buffer: the memfd, its layout, the slow
 * path of a reservation (opening, closing or exactly filling a
 * sub-buffer) and the switch a flush performs.  The protocol and its
 * proof sketch are in doc/ust-ringbuf.md; the fast path is inline in
 * ringbuf.h.
 */
#include "tracer/ust/ringbuf-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <unistd.h>

/* clang-format off */
G_DEFINE_QUARK(lttv-rb-error-quark, lttv_rb_error)
/* clang-format on */

_Atomic guint lttv_rb_fork_gen;

/* ---------------------------------------------------------------- layout */

static gboolean is_pow2(guint64 v)
{
	return v && !(v & (v - 1));
}

gboolean rb_layout(guint32 n_cpus, guint32 n_subbuf, guint64 subbuf_size, RbLayout *l,
                   GError **error)
{
	guint64 ctl_size;

	if (n_cpus < 1 || n_cpus > RB_MAX_CPUS) {
		g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_ARGUMENT,
		            _("invalid CPU count %u (1 to %u)"), n_cpus, RB_MAX_CPUS);
		return FALSE;
	}
	if (n_subbuf < 2 || n_subbuf > RB_MAX_SUBBUF || !is_pow2(n_subbuf)) {
		g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_ARGUMENT,
		            _("invalid sub-buffer count %u (a power of two, 2 to %u)"), n_subbuf,
		            RB_MAX_SUBBUF);
		return FALSE;
	}
	if (subbuf_size < RB_MIN_SUBBUF_SZ || subbuf_size > RB_MAX_SUBBUF_SZ ||
	    !is_pow2(subbuf_size)) {
		g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_ARGUMENT,
		            _("invalid sub-buffer size %" G_GUINT64_FORMAT
		              " (a power of two, 4 KiB to 1 GiB)"),
		            subbuf_size);
		return FALSE;
	}
	/* no overflow: 2^12 CPUs x 2^16 slots x 2^30 bytes = 2^58 */
	ctl_size = offsetof(LttvRbCpuCtl, commit) + (guint64)n_subbuf * sizeof(guint64);
	l->ctl_off = RB_PAGE;
	l->ctl_stride = (ctl_size + 63) & ~G_GUINT64_CONSTANT(63);
	l->data_off = (l->ctl_off + n_cpus * l->ctl_stride + RB_PAGE - 1) & ~(guint64)(RB_PAGE - 1);
	l->data_stride = (guint64)n_subbuf * subbuf_size;
	l->total = l->data_off + n_cpus * l->data_stride;
	if (l->total > RB_MAX_TOTAL) {
		g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_ARGUMENT,
		            _("ring buffer too large: %" G_GUINT64_FORMAT " bytes"), l->total);
		return FALSE;
	}
	return TRUE;
}

LttvRbChannel *rb_view_new(guint8 *map, gsize map_size, guint32 n_cpus, guint32 n_subbuf,
                           guint64 subbuf_size, gboolean large, gboolean overwrite,
                           const guint8 uuid[16], const RbLayout *l)
{
	LttvRbChannel *ch = g_malloc0(sizeof(*ch) + n_cpus * sizeof(LttvRbCpu));

	ch->subbuf_size = subbuf_size;
	ch->subbuf_mask = subbuf_size - 1;
	ch->buf_mask = l->data_stride - 1;
	ch->subbuf_shift = (guint32)__builtin_ctzll(subbuf_size);
	ch->buf_shift = (guint32)__builtin_ctzll(l->data_stride);
	ch->n_cpus = n_cpus;
	ch->n_subbuf = n_subbuf;
	ch->fork_gen = atomic_load_explicit(&lttv_rb_fork_gen, memory_order_relaxed);
	ch->large = large;
	ch->overwrite = overwrite;
	ch->fd = -1;
	ch->wake_fd = -1;
	ch->map = map;
	ch->map_size = map_size;
	memcpy(ch->uuid, uuid, 16);
	for (guint32 i = 0; i < n_cpus; i++) {
		ch->cpus[i].ctl = (LttvRbCpuCtl *)(map + l->ctl_off + i * l->ctl_stride);
		ch->cpus[i].data = map + l->data_off + i * l->data_stride;
		ch->cpus[i].cpu = i;
	}
	return ch;
}

/* ---------------------------------------------------------------- fork */

/* The child runs alone in the handler: from now on every channel mapped
 * before the fork refuses events (its mapping is gone anyway:
 * MADV_DONTFORK), and channels the child creates work. */
static void rb_atfork_child(void)
{
	atomic_fetch_add_explicit(&lttv_rb_fork_gen, 1, memory_order_relaxed);
}

static void rb_atfork_register(void)
{
	pthread_atfork(NULL, NULL, rb_atfork_child);
}

/* ---------------------------------------------------------------- channel */

static gboolean sys_error(GError **error, const char *what)
{
	int err = errno;

	g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_FAILED, _("ring buffer: %s: %s"), what,
	            g_strerror(err));
	return FALSE;
}

LttvRbChannel *lttv_rb_channel_new(const LttvRbConfig *cfg, GError **error)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	guint32 n_cpus = cfg->n_cpus ? cfg->n_cpus : (guint32)MAX(get_nprocs_conf(), 1);
	LttvRbShmHeader *h;
	LttvRbChannel *ch;
	RbLayout l;
	guint8 *map;
	int fd;

	g_return_val_if_fail(error == NULL || *error == NULL, NULL);
	if (!rb_layout(n_cpus, cfg->n_subbuf, cfg->subbuf_size, &l, error))
		return NULL;
	if ((cfg->mode != LTTV_RB_DISCARD && cfg->mode != LTTV_RB_OVERWRITE) ||
	    (cfg->header != LTTV_CTF_HEADER_COMPACT && cfg->header != LTTV_CTF_HEADER_LARGE)) {
		g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_ARGUMENT,
		            _("invalid ring buffer mode or event header kind"));
		return NULL;
	}
	pthread_once(&once, rb_atfork_register);
	fd = memfd_create("lttv-ust-ringbuf", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0) {
		sys_error(error, "memfd_create");
		return NULL;
	}
	/* Sealed at its size: a consumer that checks the seal can never get
	 * SIGBUS from a producer shrinking the file under its mapping. */
	if (ftruncate(fd, (off_t)l.total) < 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0) {
		sys_error(error, "memfd size");
		close(fd);
		return NULL;
	}
	/* populated: no page fault on the fast path (LTTng allocates up
	 * front too) */
	map = mmap(NULL, l.total, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
	if (map == MAP_FAILED) {
		sys_error(error, "mmap");
		close(fd);
		return NULL;
	}
	/* a fork child does not even see the buffers */
	madvise(map, l.total, MADV_DONTFORK);

	h = (LttvRbShmHeader *)map;
	memcpy(h->magic, LTTV_RB_SHM_MAGIC, sizeof(h->magic));
	h->version = LTTV_RB_SHM_VERSION;
	h->n_cpus = n_cpus;
	h->n_subbuf = cfg->n_subbuf;
	h->mode = cfg->mode;
	h->subbuf_size = cfg->subbuf_size;
	h->header_kind = cfg->header;
	h->pid = getpid();
	memcpy(h->uuid, cfg->uuid, 16);
	/* every position, commit count and counter starts at 0 (a new memfd
	 * is zero-filled): slot 0 of generation 0 is ready to open */
	ch = rb_view_new(map, l.total, n_cpus, cfg->n_subbuf, cfg->subbuf_size,
	                 cfg->header == LTTV_CTF_HEADER_LARGE, cfg->mode == LTTV_RB_OVERWRITE,
	                 cfg->uuid, &l);
	ch->fd = fd;
	return ch;
}

void lttv_rb_channel_free(LttvRbChannel *ch)
{
	if (!ch)
		return;
	/* in a fork child the mapping was not inherited: munmap is harmless */
	munmap(ch->map, ch->map_size);
	if (ch->fd >= 0)
		close(ch->fd);
	if (ch->wake_fd >= 0)
		close(ch->wake_fd);
	g_free(ch);
}

int lttv_rb_channel_fd(const LttvRbChannel *ch)
{
	return ch->fd;
}

int lttv_rb_channel_wakeup_fd(LttvRbChannel *ch)
{
	if (ch->wake_fd < 0 && !ch->overwrite)
		ch->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	return ch->wake_fd;
}

/* Tells the consumer a sub-buffer closed: one write(2) per sub-buffer,
 * async-signal-safe, never blocking (a full counter just stays full). */
static void rb_wake(const LttvRbChannel *ch)
{
	static const guint64 one = 1;

	if (ch->wake_fd >= 0 && write(ch->wake_fd, &one, sizeof one) < 0) {
		/* EAGAIN: the consumer has not read it yet, it will wake anyway */
	}
}

guint32 lttv_rb_channel_n_cpus(const LttvRbChannel *ch)
{
	return ch->n_cpus;
}

void lttv_rb_channel_counters(const LttvRbChannel *ch, guint32 cpu, LttvRbCounters *out)
{
	const LttvRbCpuCtl *ctl = ch->cpus[cpu % ch->n_cpus].ctl;

	memset(out, 0, sizeof(*out));
	out->lost_full = atomic_load_explicit(&ctl->lost_full, memory_order_relaxed);
	out->lost_wrap = atomic_load_explicit(&ctl->lost_wrap, memory_order_relaxed);
	out->lost_big = atomic_load_explicit(&ctl->lost_big, memory_order_relaxed);
}

void lttv_rb_channel_flush(LttvRbChannel *ch, guint32 cpu)
{
	if (ch->fork_gen != atomic_load_explicit(&lttv_rb_fork_gen, memory_order_relaxed))
		return;
	rb_switch(ch, &ch->cpus[cpu % ch->n_cpus], 0);
}

/* ---------------------------------------------------------------- packets */

guint64 rb_lost_total(const LttvRbCpuCtl *ctl)
{
	return atomic_load_explicit(&ctl->lost_full, memory_order_relaxed) +
	       atomic_load_explicit(&ctl->lost_wrap, memory_order_relaxed) +
	       atomic_load_explicit(&ctl->lost_big, memory_order_relaxed);
}

/* The packet header and the context fields known when a sub-buffer is
 * opened.  The closer writes the others (rb_packet_end): disjoint bytes,
 * so opener and closer never race even when the closer comes first. */
static void rb_packet_begin(const LttvRbChannel *ch, const LttvRbCpu *c, guint8 *b, guint64 ts,
                            guint64 seq)
{
	lttv_ctf_put_u32(b + LTTV_CTF_OFF_MAGIC, LTTV_CTF_PACKET_MAGIC);
	memcpy(b + LTTV_CTF_OFF_UUID, ch->uuid, 16);
	lttv_ctf_put_u32(b + LTTV_CTF_OFF_STREAM_ID, 0);
	lttv_ctf_put_u64(b + LTTV_CTF_OFF_INSTANCE_ID, c->cpu);
	lttv_ctf_put_u64(b + LTTV_CTF_OFF_TS_BEGIN, ts);
	lttv_ctf_put_u64(b + LTTV_CTF_OFF_SEQ_NUM, seq);
	lttv_ctf_put_u32(b + LTTV_CTF_OFF_CPU_ID, c->cpu);
}

/* Closing fields: ts is the closer's reservation time, not earlier than
 * any event of the packet (they were reserved before it). */
static void rb_packet_end(const LttvRbChannel *ch, const LttvRbCpu *c, guint8 *b, guint64 content,
                          guint64 ts)
{
	guint64 psize = rb_packet_size(content, ch->subbuf_size);

	lttv_ctf_put_u64(b + LTTV_CTF_OFF_TS_END, ts);
	lttv_ctf_put_u64(b + LTTV_CTF_OFF_CONTENT_SIZE, content * 8);
	lttv_ctf_put_u64(b + LTTV_CTF_OFF_PACKET_SIZE, psize * 8);
	lttv_ctf_put_u64(b + LTTV_CTF_OFF_DISCARDED, rb_lost_total(c->ctl));
	/* nobody reserves past the content any more: stale bytes of an
	 * older generation must not reach the file */
	memset(b + content, 0, psize - content);
}

/* The sub-buffer holding position o - 1 (o not on a boundary) has just
 * been closed at o by the caller's CAS: write its end and commit the rest
 * of the sub-buffer as padding. */
static void rb_close(LttvRbChannel *ch, LttvRbCpu *c, guint64 o, guint64 ts)
{
	guint64 sb_off = o & ch->subbuf_mask;
	guint64 start = (o - sb_off) & ch->buf_mask;

	rb_packet_end(ch, c, c->data + start, sb_off, ts);
	/* release: the closing fields and the zeroed tail are published with
	 * the commit that may complete the sub-buffer */
	atomic_fetch_add_explicit(&c->ctl->commit[start >> ch->subbuf_shift],
	                          ch->subbuf_size - sb_off, memory_order_release);
}

guint64 rb_switch(LttvRbChannel *ch, LttvRbCpu *c, guint max_tries)
{
	LttvRbCpuCtl *ctl = c->ctl;
	guint64 o = atomic_load_explicit(&ctl->offset, memory_order_relaxed);
	guint64 ts, next;

	for (guint tries = 1;; tries++) {
		guint64 sb_off = o & ch->subbuf_mask;

		/* read after the position, as in a reservation: not earlier
		 * than any event before o */
		ts = lttv_rb_clock();
		if (sb_off == 0)
			return o; /* nothing open */
		next = o - sb_off + ch->subbuf_size;
		/* acq_rel as a reservation: the switch is one in the CAS order */
		if (atomic_compare_exchange_weak_explicit(
		            &ctl->offset, &o, next, memory_order_acq_rel, memory_order_relaxed))
			break;
		if (tries == max_tries)
			return o - (o & ch->subbuf_mask); /* the open one stays open */
	}
	rb_close(ch, c, o, ts);
	return next;
}

/* May a sub-buffer open at position begin (a boundary)?  Its slot's
 * previous generation must be complete (every reservation in it
 * committed) and, in discard mode, released by the consumer.  Neither
 * condition can become false before the caller's CAS: only a writer
 * inside the new generation could commit to the slot, and the consumer
 * only moves forward. */
static gboolean rb_can_open(const LttvRbChannel *ch, LttvRbCpuCtl *ctl, guint64 begin)
{
	guint64 slot = (begin & ch->buf_mask) >> ch->subbuf_shift;
	guint64 gen = begin >> ch->buf_shift;

	if (!ch->overwrite) {
		/* acquire: the consumer's reads of the slot (it released the
		 * position after them) happen before we overwrite it */
		guint64 consumed = atomic_load_explicit(&ctl->consumed, memory_order_acquire);

		/* consumed never passes begin: a larger value is garbage,
		 * and the unsigned difference then says "full" */
		if (begin - consumed > ch->buf_mask)
			return FALSE;
	}
	/* acquire: every write of the previous generation's writers (their
	 * commits are releases) happens before ours */
	return atomic_load_explicit(&ctl->commit[slot], memory_order_acquire) ==
	       gen << ch->subbuf_shift;
}

void *lttv_rb_reserve_slow(LttvRbChannel *ch, LttvRbCpu *c, guint32 id, gsize payload_len,
                           LttvRbCtx *ctx)
{
	LttvRbCpuCtl *ctl = c->ctl;
	const guint64 size = ch->subbuf_size;
	/* the header of a packet's first event: delta 0 from timestamp_begin */
	const gsize hlen_first = lttv_ctf_event_header_len(ch->large, id, 0);
	guint64 o, ts, begin, end;
	gboolean open;
	gsize hlen;
	guint8 *p;

	/* an event that would not fit even in an empty packet (every sum
	 * below is bounded from here on) */
	if (payload_len > size - LTTV_CTF_PACKET_HEAD - hlen_first) {
		atomic_fetch_add_explicit(&ctl->lost_big, 1, memory_order_relaxed);
		return NULL;
	}
	o = atomic_load_explicit(&ctl->offset, memory_order_relaxed);
	for (;;) {
		guint64 sb_off = o & ch->subbuf_mask;

		ts = lttv_rb_clock();
		begin = o;
		open = sb_off == 0;
		if (!open) {
			guint64 last = atomic_load_explicit(&ctl->last_ts, memory_order_relaxed);

			hlen = lttv_ctf_event_header_len(ch->large, id, ts - last);
			if (hlen + payload_len > size - sb_off) {
				open = TRUE; /* close this one, open the next */
				begin = o - sb_off + size;
			}
		}
		if (open) {
			hlen = hlen_first;
			if (!rb_can_open(ch, ctl, begin)) {
				guint64 now =
				        atomic_load_explicit(&ctl->offset, memory_order_relaxed);

				/* someone (maybe a signal handler that interrupted
				 * us) opened it meanwhile: reserve after them */
				if (now != o) {
					o = now;
					continue;
				}
				atomic_fetch_add_explicit(ch->overwrite ? &ctl->lost_wrap
				                                        : &ctl->lost_full,
				                          1, memory_order_relaxed);
				return NULL;
			}
			end = begin + LTTV_CTF_PACKET_HEAD + hlen + payload_len;
		} else {
			end = o + hlen + payload_len;
		}
		/* acq_rel and relaxed failure: as in lttv_rb_reserve() */
		if (atomic_compare_exchange_weak_explicit(
		            &ctl->offset, &o, end, memory_order_acq_rel, memory_order_relaxed))
			break;
	}
	/* release fence: the snapshot's seqlock, as in lttv_rb_reserve() */
	LTTV_RB_SEQLOCK_FENCE(memory_order_release);
	atomic_store_explicit(&ctl->last_ts, ts, memory_order_relaxed);
	if (begin != o) {
		rb_close(ch, c, o, ts);
		rb_wake(ch);
	}
	p = c->data + (begin & ch->buf_mask);
	if (open) {
		rb_packet_begin(ch, c, p, ts, begin >> ch->subbuf_shift);
		p += LTTV_CTF_PACKET_HEAD;
	}
	/* this event fills its sub-buffer exactly: nobody else will close it */
	if ((end & ch->subbuf_mask) == 0) {
		rb_packet_end(ch, c, c->data + ((end - size) & ch->buf_mask), size, ts);
		rb_wake(ch); /* early by one commit: the consumer retries soon */
	}
	ctx->commit = &ctl->commit[(begin & ch->buf_mask) >> ch->subbuf_shift];
	ctx->len = end - begin;
	ctx->ts = ts;
	return lttv_ctf_put_event_header(p, hlen, id, ts);
}
