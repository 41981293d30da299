/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Data streams: the packet index built at open (one pass over packet
 * headers and contexts, nothing else read), grouping of files into
 * streams, discarded-event accounting, and cursors that decode events.
 */
#include "ctf/cursor-step.h"
#include "ctf/program.h"
#include "ctf/trace-internal.h"

#include "lttv/error.h"

#include <errno.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static inline uint64_t align_up(uint64_t pos, uint32_t a)
{
	return (pos + a - 1) & ~(uint64_t)(a - 1);
}

/* `buf`: the bytes at `offset` of file `f` (in its mapping or a copy). */
static void decoder_setup(CtfDecoder *d, const CtfTraceClass *tc, const CtfFile *f,
                          const uint8_t *buf, uint64_t offset, uint64_t end_bits, uint64_t *keys)
{
	GString *scratch = d->scratch; /* kept: owned by the cursor */

	memset(d, 0, sizeof(*d));
	d->scratch = scratch;
	d->tc = tc;
	d->buf = buf;
	d->end = end_bits;
	d->keys = keys;
	d->path = f->path;
	d->file_off = offset;
}

/* Decodes the packet header and context at `offset`, whose bytes are at
 * `buf` (`avail` of them); fills `pkt`. */
static bool read_packet_head(LttvTrace *t, CtfFile *f, const uint8_t *buf, uint64_t offset,
                             uint64_t avail, uint64_t *keys, CtfDecoder *d, CtfPacket *pkt,
                             GError **error)
{
	CtfTraceClass *tc = t->tc;
	CtfStreamClass *sc;

	memset(pkt, 0, sizeof(*pkt));
	pkt->file = f;
	pkt->offset = offset;
	decoder_setup(d, tc, f, buf, offset, avail * 8, keys);
	d->pi = &pkt->pi;
	d->scope = CTF_SCOPE_PKT_HEADER;
	if (tc->pkt_header && !ctf_decode_field(d, tc->pkt_header, NULL, 0, error))
		return false;
	if (pkt->pi.has_dsc_id) {
		sc = ctf_trace_class_stream_class(tc, pkt->pi.dsc_id);
		if (!sc) {
			ctf_decode_error(d, error,
			                 _("packet refers to stream class %" PRIu64
			                   ", which the metadata does not declare"),
			                 pkt->pi.dsc_id);
			return false;
		}
	} else if (tc->stream_classes->len == 1) {
		sc = tc->stream_classes->pdata[0];
	} else {
		ctf_decode_error(d, error, tc->stream_classes->len
		                               ? _("packet has no stream class id but the metadata "
		                                   "declares several stream classes")
		                               : _("the metadata declares no stream class"));
		return false;
	}
	pkt->sc = sc;
	d->scope = CTF_SCOPE_PKT_CTX;
	pkt->ctx_bits = sc->pkt_ctx ? align_up(d->pos, sc->pkt_ctx->alignment) : d->pos;
	if (sc->pkt_ctx && !ctf_decode_field(d, sc->pkt_ctx, NULL, 0, error))
		return false;
	pkt->events_bits = d->pos;
	return true;
}

/* Sizes of the packet from its roles, checked against the file. */
static bool packet_sizes(CtfDecoder *d, CtfPacket *pkt, GError **error)
{
	uint64_t avail_bits = (pkt->file->size - pkt->offset) * 8;
	CtfPacketInfo *pi = &pkt->pi;

	pkt->total_bits = pi->has_total ? pi->total_bits
	                  : pi->has_content ? align_up(pi->content_bits, 8)
	                                    : avail_bits;
	pkt->content_bits = pi->has_content ? pi->content_bits : pkt->total_bits;
	d->pos = 0;
	if (pkt->total_bits == 0 || pkt->total_bits % 8) {
		ctf_decode_error(d, error,
		                 _("invalid packet size of %" PRIu64
		                   " bits (a positive multiple of 8 was expected)"),
		                 pkt->total_bits);
		return false;
	}
	if (pkt->content_bits > pkt->total_bits) {
		ctf_decode_error(d, error,
		                 _("packet content size (%" PRIu64
		                   " bits) is larger than the packet size (%" PRIu64 " bits)"),
		                 pkt->content_bits, pkt->total_bits);
		return false;
	}
	if (pkt->total_bits > avail_bits) {
		ctf_decode_error(d, error,
		                 _("packet size of %" PRIu64
		                   " bytes goes past the end of the file (%" PRIu64
		                   " bytes left)"),
		                 pkt->total_bits / 8, avail_bits / 8);
		return false;
	}
	if (pkt->events_bits > pkt->content_bits) {
		ctf_decode_error(d, error,
		                 _("packet header and context (%" PRIu64
		                   " bits) are larger than the packet content (%" PRIu64
		                   " bits)"),
		                 pkt->events_bits, pkt->content_bits);
		return false;
	}
	return true;
}

static LttvStream *stream_for(LttvTrace *t, GHashTable *by_key, const CtfPacket *pkt,
                              CtfFile *f)
{
	g_autofree char *key = NULL;
	LttvStream *s;

	if (pkt->pi.has_ds_id)
		key = g_strdup_printf("%" PRIu64 "/%" PRIu64, pkt->sc->id,
		                      pkt->pi.ds_id);
	else
		key = g_strdup_printf("file:%p", (void *)f);
	s = g_hash_table_lookup(by_key, key);
	if (s)
		return s;
	s = g_new0(LttvStream, 1);
	s->trace = t;
	s->index = t->streams->len;
	s->packets = g_array_new(FALSE, FALSE, sizeof(CtfPacket));
	s->files = g_ptr_array_new();
	s->has_ds_id = pkt->pi.has_ds_id;
	s->ds_id = pkt->pi.ds_id;
	s->sc_id = pkt->sc->id;
	g_ptr_array_add(t->streams, s);
	g_hash_table_insert(by_key, g_steal_pointer(&key), s);
	return s;
}

static gint packet_cmp(gconstpointer a, gconstpointer b)
{
	const CtfPacket *x = a, *y = b;

	if (x->pi.has_ts_begin && y->pi.has_ts_begin && x->pi.ts_begin != y->pi.ts_begin)
		return x->pi.ts_begin < y->pi.ts_begin ? -1 : 1;
	if (x->pi.has_seq && y->pi.has_seq && x->pi.seq != y->pi.seq)
		return x->pi.seq < y->pi.seq ? -1 : 1;
	return 0;
}

static void account_discarded(LttvStream *s)
{
	for (guint i = 1; i < s->packets->len; i++) {
		const CtfPacket *prev = &g_array_index(s->packets, CtfPacket, i - 1);
		const CtfPacket *cur = &g_array_index(s->packets, CtfPacket, i);

		if (cur->pi.has_disc && prev->pi.has_disc && cur->pi.disc > prev->pi.disc)
			s->disc_events += cur->pi.disc - prev->pi.disc;
		if (cur->pi.has_seq && prev->pi.has_seq && cur->pi.seq > prev->pi.seq + 1)
			s->disc_packets += cur->pi.seq - prev->pi.seq - 1;
	}
}

/* Drops the pages of a packet the cursor is done with from the process's
 * resident set (they stay in the page cache; a later read faults them
 * back), so that reading a trace bigger than memory keeps RSS flat. */
static void release_packet(const CtfPacket *pkt)
{
	/* (asked at each packet: no static that iterators running in
	 * several threads would share) */
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t start, end;

	start = ((uintptr_t)pkt->file->map + pkt->offset + page - 1) & ~(page - 1);
	end = ((uintptr_t)pkt->file->map + pkt->offset + pkt->total_bits / 8) & ~(page - 1);
	if (end > start)
		madvise((void *)start, end - start, MADV_DONTNEED);
}

/* Maps a large packet's pages in one call before its events are read:
 * cheaper than a page fault every 16 pages (fault-around), which costs
 * some microseconds each in a virtual machine.  Small packets fault as
 * they are read.  Errors (a kernel older than 5.14) change nothing. */
#define POPULATE_MIN_BYTES (256u << 10)
static void populate_packet(const CtfPacket *pkt)
{
#ifdef MADV_POPULATE_READ
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t start, end;

	if (pkt->total_bits / 8 < POPULATE_MIN_BYTES)
		return;
	start = ((uintptr_t)pkt->file->map + pkt->offset) & ~(page - 1);
	end = (uintptr_t)pkt->file->map + pkt->offset + pkt->total_bits / 8;
	madvise((void *)start, end - start, MADV_POPULATE_READ);
#else
	(void)pkt;
#endif
}

/* A packet's header and context for the index: read from the first
 * INDEX_READ bytes of the packet with pread() when the file's descriptor
 * was kept (a page fault on each packet's first page, then dropping it,
 * cost a virtual machine here up to a second for the 3680 packets of a
 * 920 MB trace), else, or when they go further, through the mapping
 * (`*mapped`). */
#define INDEX_READ 4096
static bool index_packet_head(LttvTrace *t, CtfFile *f, uint64_t off, uint64_t *keys,
                              uint64_t buf[INDEX_READ / 8], CtfDecoder *d, CtfPacket *pkt,
                              bool *mapped, GError **error)
{
	size_t want = (size_t)MIN(f->size - off, INDEX_READ);
	ssize_t got = -1;

	if (f->fd >= 0)
		while ((got = pread(f->fd, buf, want, (off_t)off)) < 0 && errno == EINTR)
			;
	if (got == (ssize_t)want) {
		g_autoptr(GError) local = NULL;

		if (read_packet_head(t, f, (const uint8_t *)buf, off, want, keys, d, pkt, &local))
			return true;
		if (want == f->size - off) {
			/* all of the file's rest was there: the error stands */
			g_propagate_error(error, g_steal_pointer(&local));
			return false;
		}
	}
	*mapped = true;
	return read_packet_head(t, f, f->map + off, off, f->size - off, keys, d, pkt, error);
}

bool ctf_trace_index(LttvTrace *t, GError **error)
{
	g_autoptr(GHashTable) by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autofree uint64_t *keys = g_new0(uint64_t, MAX(t->tc->n_key_slots, 1));
	uint64_t head[INDEX_READ / 8]; /* the packet being indexed, when read */

	for (guint i = 0; i < t->files->len; i++) {
		CtfFile *f = t->files->pdata[i];
		uint64_t off = 0;

		while (off < f->size) {
			CtfPacket pkt;
			CtfDecoder d = {0};
			LttvStream *s;
			const CtfClockClass *cc;

			bool mapped = false;

			if (!index_packet_head(t, f, off, keys, head, &d, &pkt, &mapped, error) ||
			    !packet_sizes(&d, &pkt, error))
				return false;
			cc = pkt.sc->clock;
			pkt.begin_ns = pkt.pi.has_ts_begin ? ctf_clock_to_ns(cc, pkt.pi.ts_begin) : 0;
			pkt.end_ns = pkt.pi.has_ts_end ? ctf_clock_to_ns(cc, pkt.pi.ts_end) : pkt.begin_ns;
			s = stream_for(t, by_key, &pkt, f);
			if (s->files->len == 0 || s->files->pdata[s->files->len - 1] != f)
				g_ptr_array_add(s->files, f);
			g_array_append_val(s->packets, pkt);
			if (mapped)
				release_packet(&pkt); /* only its header was read */
			off += pkt.total_bits / 8;
		}
	}
	for (guint i = 0; i < t->streams->len; i++) {
		LttvStream *s = t->streams->pdata[i];

		if (s->files->len > 1)
			g_array_sort(s->packets, packet_cmp); /* stable: merge sort */
		account_discarded(s);
	}
	return true;
}

/* --- cursors --- */

void ctf_cursor_init(CtfCursor *c, LttvStream *s)
{
	const CtfTraceClass *tc = s->trace->tc;
	uint32_t max_ops = 1;

	memset(c, 0, sizeof(*c));
	c->stream = s;
	c->pkt_end = G_MAXUINT;
	c->ev.vals = c->vals;
	c->keys = g_new0(uint64_t, MAX(tc->n_key_slots, 1));
	for (guint i = 0; i < tc->stream_classes->len; i++) {
		const CtfStreamClass *sc = tc->stream_classes->pdata[i];

		for (guint e = 0; e < sc->event_classes->len; e++) {
			const CtfEventClass *ec = sc->event_classes->pdata[e];

			if (ec->payload && ec->payload->prog)
				max_ops = MAX(max_ops, ec->payload->prog->n_skip);
		}
	}
	c->op_pos = g_new0(uint64_t, max_ops);
	/* one clock for the stream: precompute its offset in ns when exact */
	if (s->packets->len) {
		const CtfClockClass *cc = g_array_index(s->packets, CtfPacket, 0).sc->clock;
		bool one_sc = true;

		for (guint i = 1; i < s->packets->len && one_sc; i++)
			one_sc = g_array_index(s->packets, CtfPacket, i).sc->clock == cc;
		if (one_sc && cc && cc->frequency == 1000000000u && cc->offset_s >= 0 &&
		    cc->offset_s < INT64_MAX / 1000000000 - 1) {
			c->ns_direct = true;
			c->ns_offset = cc->offset_s * 1000000000 + (int64_t)cc->offset_cycles;
		}
	}
	c->ev.payload_op_pos = c->op_pos;
	c->pc.values = g_array_new(FALSE, FALSE, sizeof(LttvValue));
	c->ev.pc = &c->pc;
}

void ctf_cursor_clear(CtfCursor *c)
{
	g_free(c->keys);
	g_free(c->op_pos);
	for (int i = 0; i < CTF_SCOPE_COUNT; i++)
		g_free(c->vals[i].v);
	g_free(c->pre_buf.v);
	if (c->pc.values)
		g_array_unref(c->pc.values);
	if (c->d.scratch)
		g_string_free(c->d.scratch, TRUE);
	g_free(c->copy);
	memset(c, 0, sizeof(*c));
}

/* The notices owed when entering packet `i` of `s` (babeltrace2's
 * semantics), from the packet index alone: into out[0..2), how many. */
static int packet_notices(LttvStream *s, guint i, LttvItem out[2])
{
	const CtfPacket *cur = &g_array_index(s->packets, CtfPacket, i);
	const CtfPacket *prev = i ? &g_array_index(s->packets, CtfPacket, i - 1) : NULL;
	int n = 0;

	if (!prev) {
		/* a first packet whose counter is not zero: events were lost
		 * before it, how many is unknown (babeltrace2's rule) */
		if (cur->pi.has_disc && cur->pi.disc > 0) {
			LttvItem *it = &out[n++];

			memset(it, 0, sizeof(*it));
			it->kind = LTTV_ITEM_DISCARDED_EVENTS;
			it->stream = s;
			it->count_known = FALSE;
			it->has_times = cur->pi.has_ts_begin && cur->pi.has_ts_end;
			it->begin = cur->begin_ns;
			it->end = cur->end_ns;
			it->time = it->begin;
		}
		return n;
	}
	if (cur->pi.has_seq && prev->pi.has_seq && cur->pi.seq > prev->pi.seq + 1) {
		LttvItem *it = &out[n++];

		memset(it, 0, sizeof(*it));
		it->kind = LTTV_ITEM_DISCARDED_PACKETS;
		it->stream = s;
		it->count = cur->pi.seq - prev->pi.seq - 1;
		it->count_known = TRUE;
		it->has_times = prev->pi.has_ts_end && cur->pi.has_ts_begin;
		it->begin = prev->end_ns;
		it->end = cur->begin_ns;
		it->time = it->begin;
	}
	if (cur->pi.has_disc && prev->pi.has_disc && cur->pi.disc > prev->pi.disc) {
		LttvItem *it = &out[n++];

		memset(it, 0, sizeof(*it));
		it->kind = LTTV_ITEM_DISCARDED_EVENTS;
		it->stream = s;
		it->count = cur->pi.disc - prev->pi.disc;
		it->count_known = TRUE;
		it->has_times = prev->pi.has_ts_end && cur->pi.has_ts_end;
		it->begin = prev->end_ns;
		it->end = cur->end_ns;
		it->time = it->begin;
	}
	return n;
}

static void queue_notices(CtfCursor *c, guint i)
{
	c->n_pending = packet_notices(c->stream, i, c->pending);
}

void ctf_stream_notices(LttvStream *s, GArray *out)
{
	for (guint i = 0; i < s->packets->len; i++) {
		LttvItem items[2];
		int n = packet_notices(s, i, items);

		g_array_append_vals(out, items, (guint)n);
	}
}

/* Reads a packet's bytes into the cursor's copy: on a virtual machine,
 * mapping a page of the page cache into the process (and dropping it
 * after) can cost several times what copying it does. */
static const uint8_t *copy_packet(CtfCursor *c, const CtfPacket *pkt, GError **error)
{
	size_t len = (size_t)(pkt->total_bits / 8), done = 0;

	if (len + 8 > c->copy_cap) {
		/* 8 spare bytes, zero: no reader looks past the packet, but a
		 * bound checked after a word read stays in the block */
		c->copy_cap = MAX(len + 8, c->copy_cap * 2);
		g_free(c->copy);
		c->copy = g_malloc(c->copy_cap);
	}
	while (done < len) {
		ssize_t n = pread(pkt->file->fd, c->copy + done, len - done,
		                  (off_t)(pkt->offset + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO,
			            _("%s: cannot read the packet at offset %" PRIu64 ": %s"),
			            pkt->file->path, pkt->offset,
			            n < 0 ? g_strerror(errno)
			                  : _("the file is shorter than it was"));
			return NULL;
		}
		done += (size_t)n;
	}
	memset(c->copy + len, 0, 8);
	return c->copy;
}

/* Packets larger than this are read through the mapping even when the
 * cursor copies: a copy is memory of the process's own, beside the page
 * cache's, for each stream read at once. */
#define COPY_MAX_BYTES (16u << 20)

static bool copying(const CtfCursor *c, const CtfPacket *pkt)
{
	return c->copy_packets && pkt->file->fd >= 0 && pkt->total_bits / 8 <= COPY_MAX_BYTES;
}

static bool enter_packet(CtfCursor *c, guint i, GError **error)
{
	LttvTrace *t = c->stream->trace;
	CtfPacket *pkt = &g_array_index(c->stream->packets, CtfPacket, i);
	const uint8_t *buf = pkt->file->map + pkt->offset;
	uint64_t avail = pkt->file->size - pkt->offset;
	CtfPacket again;

	if (copying(c, pkt)) {
		buf = copy_packet(c, pkt, error);
		avail = pkt->total_bits / 8;
		if (!buf)
			return false;
	}
	/* Re-decode header and context: restores the packet-scope keys and
	 * the clock. */
	if (!read_packet_head(t, pkt->file, buf, pkt->offset, avail, c->keys, &c->d, &again, error))
		return false;
	c->d.pi = NULL;
	c->d.end = pkt->content_bits;
	c->d.pos = pkt->events_bits;
	c->pkt = i;
	c->in_packet = true;
	c->packet_unseen = true;
	c->ev.stream = c->stream;
	c->ev.packet = pkt;
	c->ev.buf = c->d.buf;
	c->ev.keys = c->keys;
	if (!copying(c, pkt))
		populate_packet(pkt);
	return true;
}

/* Skips an event scope (its start aligned in ev->scope_pos[sid]). */
static bool skip_scope(CtfCursor *c, CtfScope sid, const CtfFieldClass *root, GError **error)
{
	CtfDecoder *d = &c->d;
	LttvEvent *ev = &c->ev;
	bool ok;

	if (root->fixed_bits >= 0) {
		/* constant size: one step */
		uint64_t end = ev->scope_pos[sid] + (uint64_t)root->fixed_bits;

		if (G_UNLIKELY(end > d->end || end < ev->scope_pos[sid])) {
			d->pos = ev->scope_pos[sid];
			ctf_decode_error(d, error,
			                 _("event record goes past the end of the packet content"));
			return false;
		}
		d->pos = end;
		d->last_bo_valid = false;
		return true;
	}
	if (root->prog) {
		bool payload = sid == CTF_SCOPE_EV_PAYLOAD;

		ok = ctf_program_skip(d, root, payload ? c->op_pos : NULL, error);
		ev->payload_op_valid = ok && payload;
		return ok;
	}
	return ctf_decode_field(d, root, NULL, 0, error);
}

/* Skips the event scopes of a class whose scopes have constant sizes in
 * one step; false (nothing done) when they go past the packet content,
 * for the scope by scope walk to say where. */
static inline bool skip_fixed_scopes(CtfCursor *c, const CtfEventClass *ec)
{
	CtfDecoder *d = &c->d;
	uint64_t p = ctf_event_place_scopes(&c->ev, ec, d->pos);

	if (G_UNLIKELY(p > d->end || p < d->pos))
		return false;
	d->pos = p;
	d->scope = CTF_SCOPE_EV_PAYLOAD;
	d->last_bo_valid = false;
	return true;
}

/* Decodes the event at the decoder position into c->ev. */
static bool decode_event(CtfCursor *c, GError **error)
{
	CtfDecoder *d = &c->d;
	const CtfPacket *pkt = c->ev.packet;
	const CtfStreamClass *sc = pkt->sc;
	const CtfEventClass *ec = NULL;
	uint64_t start = d->pos;
	LttvEvent *ev = &c->ev;
	bool values; /* decoded while stepping */

	d->has_erc_id = false;
	d->scope = CTF_SCOPE_EV_HEADER;
	ev->payload_op_valid = false;
	ev->pre_valid = false;
	ev->seq++;
	c->pre_buf.n = 0;
	ev->scope_pos[CTF_SCOPE_EV_HEADER] = start;
	if (sc->ev_header) {
		ev->scope_pos[CTF_SCOPE_EV_HEADER] = align_up(start, sc->ev_header->alignment);
		if (sc->header_layout) {
			if (!ctf_header_decode_packed(d, sc->header_layout) &&
			    !ctf_header_decode(d, sc->header_layout, error))
				return false;
		} else if (!ctf_decode_field(d, sc->ev_header, NULL, 0, error)) {
			return false;
		}
	}
	if (d->has_erc_id) {
		if (d->erc_id < sc->n_dense)
			ec = sc->ec_dense[d->erc_id];
		else if (!sc->ec_dense)
			ec = g_hash_table_lookup(sc->ec_by_id, &d->erc_id);
		if (!ec) {
			d->pos = start;
			ctf_decode_error(d, error,
			                 _("event record refers to event class %" PRIu64
			                   ", which stream class %" PRIu64 " does not declare"),
			                 d->erc_id, sc->id);
			return false;
		}
	} else if (sc->event_classes->len == 1) {
		ec = sc->event_classes->pdata[0];
	} else {
		d->pos = start;
		ctf_decode_error(d, error, sc->event_classes->len
		                               ? _("event record without an event class id, in a "
		                                   "stream class with several event classes")
		                               : _("event record in a stream class that declares no "
		                                   "event class"));
		return false;
	}
	values = c->decode_values && ec->values_ops;
	if (values) {
		/* one pass: the values lttv_event_values() will return */
		if (!ctf_event_values(d, ec, &c->pre_buf, &ev->scope_pos[CTF_SCOPE_EV_COMMON_CTX],
		                      ev->pre_off, ev->pre_n, error))
			return false;
	} else if (!ec->fixed_scopes || !skip_fixed_scopes(c, ec)) {
		const CtfFieldClass *scopes[3] = {sc->ev_common_ctx, ec->specific_ctx, ec->payload};

		for (int k = 0; k < 3; k++) {
			CtfScope sid = (CtfScope)(CTF_SCOPE_EV_COMMON_CTX + k);

			d->scope = sid;
			ev->scope_pos[sid] = d->pos;
			if (!scopes[k])
				continue;
			ev->scope_pos[sid] = align_up(d->pos, scopes[k]->alignment);
			if (!skip_scope(c, sid, scopes[k], error))
				return false;
		}
	}
	if (d->pos == start) {
		ctf_decode_error(d, error, _("invalid empty event record (0 bits long)"));
		return false;
	}
	ev->end_pos = d->pos;
	ev->pre = c->pre_buf.v;
	ev->pre_valid = values;
	ev->cls = ec->compiled;
	ev->cycles = d->clock;
	/* 1 GHz clocks (all of LTTng's): the offset in ns plus the value */
	if (G_LIKELY(c->ns_direct && d->clock <= (uint64_t)(INT64_MAX - c->ns_offset)))
		ev->time = c->ns_offset + (LttvTime)d->clock;
	else
		ev->time = ctf_clock_to_ns(sc->clock, d->clock);
	return true;
}

bool ctf_cursor_advance(CtfCursor *c, GError **error)
{
	return ctf_cursor_step(c) || ctf_cursor_advance_generic(c, error);
}

bool ctf_cursor_advance_generic(CtfCursor *c, GError **error)
{
	LttvStream *s = c->stream;

	c->has_item = false;
	while (true) {
		if (c->n_pending > 0) {
			c->item = c->pending[0];
			c->item_is_notice = true;
			if (--c->n_pending)
				c->pending[0] = c->pending[1];
			c->has_item = true;
			return true;
		}
		if (c->in_packet && c->d.pos < c->d.end) {
			if (!decode_event(c, error))
				return false;
			if (c->item_is_notice) {
				memset(&c->item, 0, sizeof(c->item));
				c->item_is_notice = false;
			}
			/* the other members stay zero: set once by ctf_cursor_init
			 * and after notices */
			c->item.kind = LTTV_ITEM_EVENT;
			c->item.event = &c->ev;
			c->item.stream = s;
			c->item.time = c->ev.time;
			c->item.packet_first = c->packet_unseen;
			c->packet_unseen = false;
			c->has_item = true;
			return true;
		}
		/* next packet */
		{
			guint next = c->in_packet ? c->pkt + 1 : 0;

			if (c->in_packet &&
			    !copying(c, &g_array_index(s->packets, CtfPacket, c->pkt)))
				release_packet(&g_array_index(s->packets, CtfPacket, c->pkt));
			if (next >= s->packets->len || next >= c->pkt_end) {
				c->in_packet = false;
				c->pkt = MIN(s->packets->len, c->pkt_end);
				return false;
			}
			if (!enter_packet(c, next, error))
				return false;
			queue_notices(c, next);
		}
	}
}

bool ctf_cursor_range(CtfCursor *c, guint first, guint end, GError **error)
{
	c->in_packet = false;
	c->n_pending = 0;
	c->has_item = false;
	c->pkt_end = MIN(end, c->stream->packets->len);
	if (first >= c->pkt_end) {
		c->pkt_end = 0; /* empty: nothing to advance to */
		return true;
	}
	if (!enter_packet(c, first, error))
		return false;
	queue_notices(c, first);
	return true;
}

bool ctf_cursor_seek(CtfCursor *c, LttvTime t, GError **error)
{
	LttvStream *s = c->stream;
	guint lo = 0, hi = s->packets->len;

	if (t != LTTV_TIME_MIN) {
		/* last packet that begins at or before t */
		while (hi - lo > 1) {
			guint mid = lo + (hi - lo) / 2;

			if (g_array_index(s->packets, CtfPacket, mid).begin_ns <= t)
				lo = mid;
			else
				hi = mid;
		}
	}
	if (!ctf_cursor_range(c, lo, G_MAXUINT, error))
		return false;
	while (ctf_cursor_advance(c, error)) {
		if (c->item.time >= t) {
			/* the first event handed out is its packet's first (a
			 * notice comes before its packet's events: none seen) */
			if (c->item.kind == LTTV_ITEM_EVENT)
				c->item.packet_first = TRUE;
			return true;
		}
	}
	/* the caller tells the end from an error by `error` */
	return true;
}
