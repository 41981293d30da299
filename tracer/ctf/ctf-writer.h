/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CTF 1.8 writer shared by the kernel recorder and liblttv-ust:
 * LTTng-compatible TSDL metadata and per-CPU stream files made of packets
 * (packet header, packet context, compact or large event headers). */
#ifndef LTTV_TRACER_CTF_WRITER_H
#define LTTV_TRACER_CTF_WRITER_H

#include <glib.h>
#include <stdint.h>
#include <string.h>

/* ---------------------------------------------------------------- metadata */

typedef enum {
	LTTV_CTF_FIELD_INT,           /* integer: bits 8/16/32/64, is_signed, base */
	LTTV_CTF_FIELD_TEXT_ARRAY,    /* char name[length], shown as a string; is_signed:
	                               * C's char (x86 kernels: signed up to 6.1) */
	LTTV_CTF_FIELD_STRING,        /* NUL-terminated UTF-8 string */
	LTTV_CTF_FIELD_INT_ARRAY,     /* integer name[length] */
	LTTV_CTF_FIELD_INT_SEQUENCE,  /* uint8 _name_length; integer name[_name_length]
	                               * (the metadata declares the length field; the
	                               * payload holds the u8 count, then the elements;
	                               * length_bits makes the count wider) */
	LTTV_CTF_FIELD_ENUM,          /* an INT (bits, is_signed, base) with the labels of
	                               * enum_entries (at least one) */
	LTTV_CTF_FIELD_FLOAT,         /* IEEE 754: bits 32 (float) or 64 (double) */
	LTTV_CTF_FIELD_TEXT_SEQUENCE, /* INT_SEQUENCE of 8-bit chars shown as a
	                               * string (is_signed: C's char) */
} LttvCtfFieldKind;

/* An enumeration label of [start, end] (start == end: one value).  With an
 * unsigned container the values are the bits of the unsigned ones. */
typedef struct {
	const char *label;
	gint64 start;
	gint64 end;
} LttvCtfEnumEntry;

typedef struct {
	const char *name; /* written with a leading underscore, LTTng style */
	LttvCtfFieldKind kind;
	guint8 bits; /* integer (element) size: 8, 16, 32 or 64 */
	gboolean is_signed;
	guint8 base;        /* 10 (0 means 10), 16 or 8 */
	guint32 length;     /* TEXT_ARRAY / INT_ARRAY element count (>= 1) */
	guint8 length_bits; /* *_SEQUENCE: bits of the unsigned count (0 means 8) */
	const LttvCtfEnumEntry *enum_entries; /* ENUM */
	guint n_enum_entries;
} LttvCtfField;

/* Errors of the writer: LTTV_CTF_ERROR codes below; failed disk writes are
 * G_FILE_ERROR (G_FILE_ERROR_NOSPC for a full disk). */
#define LTTV_CTF_ERROR (lttv_ctf_error_quark())
GQuark lttv_ctf_error_quark(void);
typedef enum {
	LTTV_CTF_ERROR_TOO_LARGE, /* the event does not fit in an empty packet */
	LTTV_CTF_ERROR_ARGUMENT,  /* a bad packet size */
} LttvCtfError;

/* lttv_ctf_metadata_add_event()'s answer to an invalid field list. */
#define LTTV_CTF_NO_EVENT G_MAXUINT32

typedef struct LttvCtfMetadata LttvCtfMetadata;

typedef enum {
	LTTV_CTF_HEADER_COMPACT, /* 5-bit id, 27-bit timestamp */
	LTTV_CTF_HEADER_LARGE,   /* 16-bit id, 32-bit timestamp */
} LttvCtfHeaderKind;

/* uuid: the trace's 16 bytes (LTTng: the session uuid).  clock_uuid: the
 * boot id (the clock is "monotonic", 1 GHz); clock_offset_ns: realtime -
 * monotonic at start. */
LttvCtfMetadata *lttv_ctf_metadata_new(const guint8 uuid[16], const guint8 clock_uuid[16],
                                       gint64 clock_offset_ns);
void lttv_ctf_metadata_free(LttvCtfMetadata *meta);
/* The clock of every trace we write: uuid = the boot id (/proc; a random
 * one if unreadable, the same for the whole process), and the offset
 * realtime - monotonic now, in ns.  Traces of one session that share the
 * offset merge on one timeline without rounding differences. */
void lttv_ctf_clock_uuid(guint8 out[16]);
gint64 lttv_ctf_clock_offset_now(void);
void lttv_ctf_random_uuid(guint8 out[16]);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LttvCtfMetadata, lttv_ctf_metadata_free)

void lttv_ctf_metadata_env_string(LttvCtfMetadata *meta, const char *key, const char *value);
void lttv_ctf_metadata_env_int(LttvCtfMetadata *meta, const char *key, gint64 value);
/* The writer's rules, for callers that check descriptions first: a TSDL
 * identifier; an integer size it writes (8, 16, 32, 64); an enumeration
 * value its container holds (unsigned bits, or sign-extended). */
gboolean lttv_ctf_is_identifier(const char *s);
gboolean lttv_ctf_int_bits_valid(guint bits);
gboolean lttv_ctf_enum_value_fits(gint64 v, guint bits, gboolean is_signed);
/* The fields every event of the stream carries between its header and
 * its payload (`stream.event.context`, as LTTng's vtid, vpid... contexts);
 * none by default.  Replaces the previous ones; FALSE on an invalid
 * field.  The writer of the events writes them, in this order. */
gboolean lttv_ctf_metadata_set_event_context(LttvCtfMetadata *meta, const LttvCtfField *fields,
                                             guint n_fields);
/* Adds an event class of stream 0; returns its id (0, 1, ... in order), or
 * LTTV_CTF_NO_EVENT (with a critical warning) when a field is invalid:
 * names are C identifiers, integers 8/16/32/64 bits, floats 32/64 bits,
 * enumeration values within their container, start <= end. */
guint32 lttv_ctf_metadata_add_event(LttvCtfMetadata *meta, const char *name,
                                    const LttvCtfField *fields, guint n_fields);
/* Adds an event class with the given id, which must be larger than any
 * before (ids need not be consecutive: liblttv-ust's are the process's
 * registration ids).  Same rules and answer as lttv_ctf_metadata_add_event(). */
guint32 lttv_ctf_metadata_add_event_id(LttvCtfMetadata *meta, guint32 id, const char *name,
                                       const LttvCtfField *fields, guint n_fields);
/* Whether lttv_ctf_metadata_add_event() accepts f (without its warning):
 * for callers that get fields from elsewhere (another process). */
gboolean lttv_ctf_field_valid(const LttvCtfField *f);
/* The number of event classes, or for sparse ids, the largest + 1. */
guint32 lttv_ctf_metadata_n_events(const LttvCtfMetadata *meta);
/* Compact when fewer than 31 event classes, large otherwise (lttng-modules' rule). */
LttvCtfHeaderKind lttv_ctf_metadata_header_kind(const LttvCtfMetadata *meta);
/* Fixes the header kind whatever the number of classes (lttng-tools gives
 * UST channels the large header; also keeps the kind streams were opened
 * with when classes are added later). */
void lttv_ctf_metadata_set_header_kind(LttvCtfMetadata *meta, LttvCtfHeaderKind kind);
/* The whole TSDL text, first line the "CTF 1.8" comment; g_free() it. */
char *lttv_ctf_metadata_text(const LttvCtfMetadata *meta);
/* Writes DIR/metadata (through a temporary file and rename). */
gboolean lttv_ctf_metadata_write(const LttvCtfMetadata *meta, const char *dir, GError **error);

/* ---------------------------------------------------------------- streams */

typedef struct LttvCtfStream LttvCtfStream;

/* Creates DIR/NAME (e.g. "channel0_3") for cpu; packets of packet_size
 * bytes (a multiple of 4096 is best; >= 4096). */
LttvCtfStream *lttv_ctf_stream_open(const char *dir, const char *name, guint32 cpu,
                                    const guint8 uuid[16], LttvCtfHeaderKind header,
                                    gsize packet_size, GError **error);
/* Reserves room for one event of payload_len bytes at ts (ns, monotonic,
 * non-decreasing per stream: an earlier ts is raised to the last one) and
 * returns where to write the payload, which the next call commits.  Closes
 * and writes the current packet first when the event does not fit.  NULL
 * with error set when the disk write fails or the event is larger than a
 * packet can hold. */
guint8 *lttv_ctf_stream_event(LttvCtfStream *s, guint32 id, guint64 ts, gsize payload_len,
                              GError **error);
/* Cumulative count of events lost so far on this stream: written in the
 * events_discarded of the packets closed from now on (a smaller value than
 * before is ignored: readers need a non-decreasing counter). */
void lttv_ctf_stream_set_discarded(LttvCtfStream *s, guint64 discarded);
/* Closes the current packet (if it holds an event) with timestamp_end =
 * max(end_ts, last event ts) and writes it; the next event starts a new one
 * and no later event is earlier than timestamp_end.  An empty packet is
 * never written.  When the write fails the file is cut back to its last
 * complete packet, the packet's events are dropped (counted by
 * lttv_ctf_stream_dropped() and added to events_discarded of the next
 * packets) and the stream stays usable. */
gboolean lttv_ctf_stream_flush(LttvCtfStream *s, guint64 end_ts, GError **error);
/* Flushes and closes; returns FALSE on a write error (the stream is freed anyway). */
gboolean lttv_ctf_stream_close(LttvCtfStream *s, guint64 end_ts, GError **error);
/* Events written, the open packet's included; bytes written to the file. */
guint64 lttv_ctf_stream_events(const LttvCtfStream *s);
guint64 lttv_ctf_stream_bytes(const LttvCtfStream *s);
guint64 lttv_ctf_stream_dropped(const LttvCtfStream *s); /* events of failed packets */

/* Payload helpers: the trace is little-endian whatever the host. */
static inline guint8 *lttv_ctf_put_u8(guint8 *p, guint8 v)
{
	*p = v;
	return p + 1;
}
static inline guint8 *lttv_ctf_put_u16(guint8 *p, guint16 v)
{
	v = GUINT16_TO_LE(v);
	memcpy(p, &v, 2);
	return p + 2;
}
static inline guint8 *lttv_ctf_put_u32(guint8 *p, guint32 v)
{
	v = GUINT32_TO_LE(v);
	memcpy(p, &v, 4);
	return p + 4;
}
static inline guint8 *lttv_ctf_put_u64(guint8 *p, guint64 v)
{
	v = GUINT64_TO_LE(v);
	memcpy(p, &v, 8);
	return p + 8;
}
/* A STRING field: the bytes and the NUL (strlen(str) + 1 bytes). */
static inline guint8 *lttv_ctf_put_string(guint8 *p, const char *str)
{
	size_t n = strlen(str) + 1;

	memcpy(p, str, n);
	return p + n;
}
/* A TEXT_ARRAY field of n bytes: str cut or padded with NULs. */
static inline guint8 *lttv_ctf_put_text(guint8 *p, const char *str, gsize n)
{
	size_t len = strnlen(str, n);

	memcpy(p, str, len);
	memset(p + len, 0, n - len);
	return p + n;
}

/* ------------------------------------------------------- packet layout */
/* What metadata.c declares, shared by stream.c and liblttv-ust's ring
 * buffer (tracer/ust/ringbuf.c), which must write the same bytes: byte
 * offsets of the packet header and context (every field byte aligned),
 * then the first event at LTTV_CTF_PACKET_HEAD. */
enum {
	LTTV_CTF_OFF_MAGIC = 0,
	LTTV_CTF_OFF_UUID = 4,
	LTTV_CTF_OFF_STREAM_ID = 20,
	LTTV_CTF_OFF_INSTANCE_ID = 24,
	LTTV_CTF_OFF_TS_BEGIN = 32,
	LTTV_CTF_OFF_TS_END = 40,
	LTTV_CTF_OFF_CONTENT_SIZE = 48,
	LTTV_CTF_OFF_PACKET_SIZE = 56,
	LTTV_CTF_OFF_SEQ_NUM = 64,
	LTTV_CTF_OFF_DISCARDED = 72,
	LTTV_CTF_OFF_CPU_ID = 80,
	LTTV_CTF_PACKET_HEAD = 84,
};

#define LTTV_CTF_PACKET_MAGIC 0xC1FC1FC1u
/* lttng-modules uses the 27-bit test for both header kinds (a reader
 * infers at most one wrap of the low bits). */
#define LTTV_CTF_COMPACT_DELTA_MAX (UINT64_C(1) << 27)
#define LTTV_CTF_EVENT_HEADER_MAX  14 /* large, extended */

/* Bytes of the event header of an event `delta` ns after the previous one
 * of its packet (or after timestamp_begin): 4 or 13 (compact), 6 or 14
 * (large). */
static inline gsize lttv_ctf_event_header_len(gboolean large, guint32 id, guint64 delta)
{
	if (large)
		return id < 65535 && delta < LTTV_CTF_COMPACT_DELTA_MAX ? 6 : 14;
	return id < 31 && delta < LTTV_CTF_COMPACT_DELTA_MAX ? 4 : 13;
}

/* Writes an event header of hlen bytes (lttv_ctf_event_header_len()'s
 * answer for this id); returns where the payload starts. */
static inline guint8 *lttv_ctf_put_event_header(guint8 *p, gsize hlen, guint32 id, guint64 ts)
{
	switch (hlen) {
	case 4:
		return lttv_ctf_put_u32(p, id | (guint32)(ts & (LTTV_CTF_COMPACT_DELTA_MAX - 1))
		                                           << 5);
	case 13:
		p = lttv_ctf_put_u8(p, 31);
		p = lttv_ctf_put_u32(p, id);
		return lttv_ctf_put_u64(p, ts);
	case 6: p = lttv_ctf_put_u16(p, (guint16)id); return lttv_ctf_put_u32(p, (guint32)ts);
	default:
		p = lttv_ctf_put_u16(p, 0xFFFF);
		p = lttv_ctf_put_u32(p, id);
		return lttv_ctf_put_u64(p, ts);
	}
}

#endif
