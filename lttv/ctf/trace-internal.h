/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The reader's objects behind the public traceset API. */
#ifndef LTTV_CTF_TRACE_INTERNAL_H
#define LTTV_CTF_TRACE_INTERNAL_H

#include "ctf/decode.h"
#include "ctf/ir.h"
#include "lttv/event.h"
#include "lttv/traceset.h"

#include <stdbool.h>
#include <string.h>

typedef struct {
	char *path;
	const uint8_t *map;
	uint64_t size;
	int fd; /* for reading packets into a cursor's copy; -1: none kept */
} CtfFile;

typedef struct {
	CtfFile *file;
	uint64_t offset;       /* bytes, in the file */
	uint64_t total_bits;
	uint64_t content_bits;
	uint64_t ctx_bits;     /* where the packet context starts */
	uint64_t events_bits;  /* where the first event starts */
	CtfStreamClass *sc;
	CtfPacketInfo pi;      /* roles of header and context */
	LttvTime begin_ns, end_ns;
} CtfPacket;

struct LttvStream {
	LttvTrace *trace;
	guint index;           /* in the trace */
	GArray *packets;       /* of CtfPacket, in time order */
	GPtrArray *files;      /* of CtfFile * (not owned) */
	bool has_ds_id;
	uint64_t ds_id;
	uint64_t sc_id;
	guint64 disc_events, disc_packets;
};

struct LttvTraceset {
	GPtrArray *traces; /* of LttvTrace * */
};

struct LttvEventClass {
	CtfEventClass *ec;
	LttvTrace *trace;
	guint index;           /* in trace->classes */
	GHashTable *fields;    /* name -> LttvField * (cache) */
};

struct LttvField {
	CtfScope scope;
	const CtfFieldClass *fc;
	GArray *path;          /* of guint: member indices from the scope root */
	int64_t static_off;    /* bits from the scope start, -1 if it varies */
	/* an integer at a static, whole-byte offset, 8 to 64 bits in the
	 * host's byte order: its size in bytes, read with one load
	 * (lttv_event_get_uint); 0 otherwise */
	uint8_t direct_bytes;
	bool direct_signed;
};

struct LttvTrace {
	char *path;
	char *name;
	CtfTraceClass *tc;
	GPtrArray *files;      /* of CtfFile * */
	GPtrArray *streams;    /* of LttvStream * */
	GPtrArray *classes;    /* of LttvEventClass * */
	GPtrArray *env_text;   /* of char *: key, value, key, value... */
	char *uuid_text;
	char *host_label;      /* the text output's host part, made on first use
	                        * (print.c; set atomically) */
	guint index;           /* in its traceset */
};

/* The packet context values of one packet, walked once for all its
 * events. */
typedef struct {
	const CtfPacket *pkt;  /* whose values `values` holds; NULL: none */
	GArray *values;        /* of LttvValue */
} CtfPktCache;

struct LttvEvent {
	CtfPktCache *pc;       /* the cursor's */
	/* lttv_event_values(): scopes decoded on demand, one buffer per scope,
	 * stamped with `seq` (event scopes) or the packet's address */
	CtfValueBuf *vals;
	uint64_t seq;
	/* the event scopes' values decoded while stepping
	 * (lttv_iter_set_decode_values): pre + pre_off[k], pre_n[k] values
	 * for the common context, specific context and payload */
	const LttvFieldValue *pre;
	uint32_t pre_off[3], pre_n[3];
	bool pre_valid;
	LttvEventClass *cls;
	LttvStream *stream;
	const CtfPacket *packet;
	const uint8_t *buf;    /* packet start */
	uint64_t *keys;
	uint64_t cycles;
	LttvTime time;
	uint64_t scope_pos[CTF_SCOPE_COUNT]; /* aligned start of each scope, bits */
	uint64_t end_pos;
	uint64_t *payload_op_pos; /* start of each payload skip op (program.h) */
	bool payload_op_valid;
};

/* An integer of 1, 2, 4 or 8 bytes in the host's byte order at `p`,
 * sign-extended when `is_signed`: what lttv_event_get_uint() returns for
 * a direct field (LttvField.direct_bytes), read with one load. */
static inline uint64_t ctf_read_direct(const uint8_t *p, unsigned bytes, bool is_signed)
{
	switch (bytes | (is_signed ? 0x80u : 0)) {
#define DIRECT(code, T)                                                                            \
	case code: {                                                                               \
		T x;                                                                               \
                                                                                                   \
		memcpy(&x, p, sizeof x);                                                           \
		return (uint64_t)x;                                                                \
	}
		DIRECT(1, uint8_t)
		DIRECT(2, uint16_t)
		DIRECT(4, uint32_t)
		DIRECT(8, uint64_t)
		DIRECT(0x81, int8_t)
		DIRECT(0x82, int16_t)
		DIRECT(0x84, int32_t)
		DIRECT(0x88, int64_t)
#undef DIRECT
	}
	return 0;
}

/* A reading position in one stream. */
typedef struct {
	LttvStream *stream;
	guint pkt;             /* current packet */
	guint pkt_end;         /* packets from here on are not read (a range) */
	bool in_packet;
	bool packet_unseen;    /* no event of the packet handed out yet */
	CtfDecoder d;
	uint64_t *keys;
	uint64_t *op_pos;      /* room for the longest payload skip program */
	bool ns_direct;        /* time = ns_offset + cycles (1 GHz clock) */
	int64_t ns_offset;
	LttvEvent ev;
	LttvItem item;         /* the item this cursor offers */
	bool has_item;
	bool item_is_notice;   /* c->item holds a notice's fields */
	LttvItem pending[2];   /* notices before the packet's first event */
	int n_pending;
	CtfPktCache pc;
	bool decode_values;    /* decode event scopes while stepping */
	CtfValueBuf pre_buf;   /* their values */
	CtfValueBuf vals[CTF_SCOPE_COUNT];
	bool copy_packets; /* read each packet into `copy` (pread) */
	uint8_t *copy;     /* the current packet's bytes, when copied */
	size_t copy_cap;
} CtfCursor;

/* trace.c */
LttvTrace *ctf_trace_open(const char *path, const char *name, GError **error);
void ctf_trace_free(LttvTrace *t);
LttvTime ctf_clock_to_ns(const CtfClockClass *cc, uint64_t cycles);

/* stream.c */
bool ctf_trace_index(LttvTrace *t, GError **error);
void ctf_cursor_init(CtfCursor *c, LttvStream *s);
void ctf_cursor_clear(CtfCursor *c);
/* Moves to the first item at or after `t` (LTTV_TIME_MIN: the start). */
bool ctf_cursor_seek(CtfCursor *c, LttvTime t, GError **error);
/* Makes the next item current; false at the end (error set on failure). */
bool ctf_cursor_advance(CtfCursor *c, GError **error);
/* The same without trying ctf_cursor_step() (cursor-step.h) first: for
 * callers that just did. */
bool ctf_cursor_advance_generic(CtfCursor *c, GError **error);
/* Appends the notices the packets of `s` owe (those a cursor hands out
 * on entering them), in packet order. */
void ctf_stream_notices(LttvStream *s, GArray *out);
/* Limits the cursor to packets [first, end) of its stream and positions it
 * before the first item of packet `first` (notices owed there included). */
bool ctf_cursor_range(CtfCursor *c, guint first, guint end, GError **error);

#endif
