/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CTF 1.8 data streams: one file of fixed-size packets per CPU.  The open
 * packet is built in memory and written whole when it is full or flushed,
 * so the file only ever holds complete packets that any reader accepts,
 * even when the disk fills up.
 */
#include "tracer/ctf/ctf-writer.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <unistd.h>

/* clang-format off */
G_DEFINE_QUARK(lttv-ctf-error-quark, lttv_ctf_error)
/* clang-format on */

/* The packet layout of metadata.c (ctf-writer.h). */
enum {
	OFF_MAGIC = LTTV_CTF_OFF_MAGIC,
	OFF_UUID = LTTV_CTF_OFF_UUID,
	OFF_STREAM_ID = LTTV_CTF_OFF_STREAM_ID,
	OFF_INSTANCE_ID = LTTV_CTF_OFF_INSTANCE_ID,
	OFF_TS_BEGIN = LTTV_CTF_OFF_TS_BEGIN,
	OFF_TS_END = LTTV_CTF_OFF_TS_END,
	OFF_CONTENT_SIZE = LTTV_CTF_OFF_CONTENT_SIZE,
	OFF_PACKET_SIZE = LTTV_CTF_OFF_PACKET_SIZE,
	OFF_SEQ_NUM = LTTV_CTF_OFF_SEQ_NUM,
	OFF_DISCARDED = LTTV_CTF_OFF_DISCARDED,
	OFF_CPU_ID = LTTV_CTF_OFF_CPU_ID,
	PACKET_HEAD = LTTV_CTF_PACKET_HEAD, /* where the first event starts */
};

#define PACKET_MAGIC LTTV_CTF_PACKET_MAGIC

struct LttvCtfStream {
	/* hot path first */
	guint8 *buf; /* the open packet, packet_size bytes */
	gsize pos;   /* its content so far; packet_size when no packet is open */
	gsize packet_size;
	guint64 last_ts; /* last event's time: deltas and the non-decreasing rule */
	guint64 n_in_packet;
	guint64 events;
	gboolean large;

	int fd;
	gboolean tail_dirty; /* a failed packet's bytes may be past file_size */
	guint32 cpu;
	guint64 file_size; /* bytes of complete packets */
	guint64 seq;
	guint64 discarded; /* the caller's cumulative counter */
	guint64 dropped;   /* events of packets that could not be written */
	char *path;
};

static inline void put_u32_at(guint8 *b, gsize off, guint32 v)
{
	lttv_ctf_put_u32(b + off, v);
}

static inline void put_u64_at(guint8 *b, gsize off, guint64 v)
{
	lttv_ctf_put_u64(b + off, v);
}

LttvCtfStream *lttv_ctf_stream_open(const char *dir, const char *name, guint32 cpu,
                                    const guint8 uuid[16], LttvCtfHeaderKind header,
                                    gsize packet_size, GError **error)
{
	g_autofree char *path = NULL;
	LttvCtfStream *s;
	guint8 *buf;
	int fd;

	g_return_val_if_fail(dir && name && uuid, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);
	/* bits of the packet size must fit the 64-bit context field */
	if (packet_size < 4096 || packet_size > G_MAXSIZE / 8) {
		g_set_error(error, LTTV_CTF_ERROR, LTTV_CTF_ERROR_ARGUMENT,
		            _("invalid CTF packet size %" G_GSIZE_FORMAT " (at least 4096 bytes)"),
		            packet_size);
		return NULL;
	}
	buf = g_try_malloc0(packet_size);
	if (!buf) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOMEM,
		            _("cannot allocate a CTF packet of %" G_GSIZE_FORMAT " bytes"),
		            packet_size);
		return NULL;
	}
	path = g_build_filename(dir, name, NULL);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		int err = errno;

		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
		            _("%s: cannot create: %s"), path, g_strerror(err));
		g_free(buf);
		return NULL;
	}

	s = g_new0(LttvCtfStream, 1);
	s->buf = buf;
	s->packet_size = packet_size;
	s->pos = packet_size;
	s->large = header == LTTV_CTF_HEADER_LARGE;
	s->fd = fd;
	s->cpu = cpu;
	s->path = g_steal_pointer(&path);
	/* The packet header never changes: written once, kept in the buffer. */
	put_u32_at(buf, OFF_MAGIC, PACKET_MAGIC);
	memcpy(buf + OFF_UUID, uuid, 16);
	put_u32_at(buf, OFF_STREAM_ID, 0);
	put_u64_at(buf, OFF_INSTANCE_ID, cpu);
	return s;
}

/* Writes the open packet at the end of the complete ones.  pwrite() at a
 * known offset: if a failed packet cannot be cut off, the next packet
 * (same size) overwrites it. */
static gboolean write_packet(LttvCtfStream *s, GError **error)
{
	gsize done = 0;

	while (done < s->packet_size) {
		ssize_t n = pwrite(s->fd, s->buf + done, s->packet_size - done,
		                   (off_t)(s->file_size + done));
		int err;

		if (n > 0) {
			done += (gsize)n;
			continue;
		}
		err = n < 0 ? errno : ENOSPC;
		if (err == EINTR)
			continue;
		if (done > 0) {
			int r;

			/* readers must not see a truncated packet */
			do
				r = ftruncate(s->fd, (off_t)s->file_size);
			while (r < 0 && errno == EINTR);
			s->tail_dirty = r < 0;
		}
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
		            _("%s: cannot write a packet: %s"), s->path, g_strerror(err));
		return FALSE;
	}
	return TRUE;
}

/* Fills the packet context, pads and writes the open packet.  On failure
 * its events are dropped and reported as discarded by the next packets. */
static gboolean close_packet(LttvCtfStream *s, guint64 end_ts, GError **error)
{
	guint8 *b = s->buf;
	guint64 ts_end = MAX(end_ts, s->last_ts);
	gboolean ok;

	put_u64_at(b, OFF_TS_END, ts_end);
	put_u64_at(b, OFF_CONTENT_SIZE, (guint64)s->pos * 8);
	put_u64_at(b, OFF_PACKET_SIZE, (guint64)s->packet_size * 8);
	put_u64_at(b, OFF_SEQ_NUM, s->seq);
	put_u64_at(b, OFF_DISCARDED, s->discarded + s->dropped);
	put_u32_at(b, OFF_CPU_ID, s->cpu);
	memset(b + s->pos, 0, s->packet_size - s->pos);

	ok = write_packet(s, error);
	if (ok) {
		s->file_size += s->packet_size;
		s->seq++;
		s->tail_dirty = FALSE; /* a failed packet is never longer */
	} else {
		s->events -= s->n_in_packet;
		s->dropped += s->n_in_packet;
	}
	s->n_in_packet = 0;
	s->pos = s->packet_size;
	s->last_ts = ts_end;
	return ok;
}

static inline gsize header_len(const LttvCtfStream *s, guint32 id, guint64 delta)
{
	return lttv_ctf_event_header_len(s->large, id, delta);
}

/* Writes the header at the end of the packet, returns the payload. */
static inline guint8 *commit_header(LttvCtfStream *s, guint32 id, guint64 ts, gsize hlen,
                                    gsize payload_len)
{
	guint8 *p = lttv_ctf_put_event_header(s->buf + s->pos, hlen, id, ts);

	s->pos += hlen + payload_len;
	s->last_ts = ts;
	s->n_in_packet++;
	s->events++;
	return p;
}

/* The event does not fit (or no packet is open): close the packet, open
 * the next one at ts. */
static G_GNUC_NO_INLINE guint8 *event_new_packet(LttvCtfStream *s, guint32 id, guint64 ts,
                                                 gsize payload_len, GError **error)
{
	/* first event of a packet: delta 0 from timestamp_begin */
	gsize hlen = header_len(s, id, 0);

	if (payload_len > s->packet_size - PACKET_HEAD - hlen) {
		g_set_error(error, LTTV_CTF_ERROR, LTTV_CTF_ERROR_TOO_LARGE,
		            _("%s: an event of %" G_GSIZE_FORMAT
		              " bytes does not fit in a packet of %" G_GSIZE_FORMAT " bytes"),
		            s->path, payload_len, s->packet_size);
		return NULL;
	}
	if (s->n_in_packet > 0 && !close_packet(s, s->last_ts, error))
		return NULL;
	/* close_packet() may have raised last_ts */
	ts = MAX(ts, s->last_ts);
	put_u64_at(s->buf, OFF_TS_BEGIN, ts);
	s->pos = PACKET_HEAD;
	s->last_ts = ts;
	return commit_header(s, id, ts, hlen, payload_len);
}

guint8 *lttv_ctf_stream_event(LttvCtfStream *s, guint32 id, guint64 ts, gsize payload_len,
                              GError **error)
{
	gsize room = s->packet_size - s->pos; /* 0 when no packet is open */
	gsize hlen;

	if (G_UNLIKELY(ts < s->last_ts))
		ts = s->last_ts;
	hlen = header_len(s, id, ts - s->last_ts);
	if (G_UNLIKELY(hlen > room || payload_len > room - hlen))
		return event_new_packet(s, id, ts, payload_len, error);
	return commit_header(s, id, ts, hlen, payload_len);
}

void lttv_ctf_stream_set_discarded(LttvCtfStream *s, guint64 discarded)
{
	s->discarded = MAX(s->discarded, discarded);
}

gboolean lttv_ctf_stream_flush(LttvCtfStream *s, guint64 end_ts, GError **error)
{
	if (s->n_in_packet == 0)
		return TRUE;
	return close_packet(s, end_ts, error);
}

gboolean lttv_ctf_stream_close(LttvCtfStream *s, guint64 end_ts, GError **error)
{
	gboolean ok;

	if (!s)
		return TRUE;
	ok = lttv_ctf_stream_flush(s, end_ts, error);
	if (s->tail_dirty) {
		/* the leftovers of a failed packet that no later one covered */
		int r;

		do
			r = ftruncate(s->fd, (off_t)s->file_size);
		while (r < 0 && errno == EINTR);
		if (r < 0 && ok) {
			int err = errno;

			g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
			            _("%s: cannot truncate: %s"), s->path, g_strerror(err));
			ok = FALSE;
		}
	}
	/* no retry on EINTR: Linux closes the descriptor anyway */
	if (close(s->fd) < 0 && ok) {
		int err = errno;

		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
		            _("%s: cannot close: %s"), s->path, g_strerror(err));
		ok = FALSE;
	}
	g_free(s->buf);
	g_free(s->path);
	g_free(s);
	return ok;
}

guint64 lttv_ctf_stream_events(const LttvCtfStream *s)
{
	return s->events;
}

guint64 lttv_ctf_stream_bytes(const LttvCtfStream *s)
{
	return s->file_size;
}

guint64 lttv_ctf_stream_dropped(const LttvCtfStream *s)
{
	return s->dropped;
}
