/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What ringbuf.c (producer) and ringbuf-consumer.c share: the memory
 * layout computed from the three sizes, a channel view over a mapping,
 * and the sub-buffer switch either side may perform. */
#ifndef LTTV_TRACER_UST_RINGBUF_INTERNAL_H
#define LTTV_TRACER_UST_RINGBUF_INTERNAL_H

#include "tracer/ust/ringbuf.h"

#define RB_PAGE          4096u
#define RB_MAX_CPUS      4096u
#define RB_MAX_SUBBUF    65536u
#define RB_MIN_SUBBUF_SZ RB_PAGE
#define RB_MAX_SUBBUF_SZ (G_GUINT64_CONSTANT(1) << 30)
#define RB_MAX_TOTAL     (G_GUINT64_CONSTANT(1) << 40)

/* Where things are in the memfd; both sides compute it from the sizes
 * (the consumer never takes an offset from the producer's memory). */
typedef struct {
	guint64 ctl_off, ctl_stride;
	guint64 data_off, data_stride;
	guint64 total;
} RbLayout;

gboolean rb_layout(guint32 n_cpus, guint32 n_subbuf, guint64 subbuf_size, RbLayout *l,
                   GError **error);
/* A channel view over map (fd -1); g_free() it. */
LttvRbChannel *rb_view_new(guint8 *map, gsize map_size, guint32 n_cpus, guint32 n_subbuf,
                           guint64 subbuf_size, gboolean large, gboolean overwrite,
                           const guint8 uuid[16], const RbLayout *l);
/* Closes c's open sub-buffer, if any; returns the write position after it
 * (a sub-buffer boundary: everything before it is closed).  The consumer
 * gives up after max_tries failed CAS (a producer changing the position
 * all the time must not hold it); 0: until done (lock-free: some writer
 * progresses at each failure). */
guint64 rb_switch(LttvRbChannel *ch, LttvRbCpu *c, guint max_tries);

/* A consumer's patience with a position that keeps changing. */
#define RB_CONSUMER_SWITCH_TRIES 100000
guint64 rb_lost_total(const LttvRbCpuCtl *ctl);

static inline guint64 rb_get_u64(const guint8 *p)
{
	guint64 v;

	memcpy(&v, p, 8);
	return GUINT64_FROM_LE(v);
}

static inline guint32 rb_get_u32(const guint8 *p)
{
	guint32 v;

	memcpy(&v, p, 4);
	return GUINT32_FROM_LE(v);
}

/* LTTng's packet_size: the content rounded up to a page, within the
 * sub-buffer (a flushed, barely used sub-buffer costs one page on disk). */
static inline guint64 rb_packet_size(guint64 content, guint64 subbuf_size)
{
	guint64 p = (content + RB_PAGE - 1) & ~(guint64)(RB_PAGE - 1);

	return MIN(p, subbuf_size);
}

#endif
