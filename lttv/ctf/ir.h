/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The trace-class model shared by the CTF 1.8 (TSDL) and CTF 2 (JSON)
 * metadata parsers and the decoder.
 *
 * Both parsers produce the same tree: field classes as in CTF 2 (CTF 1.8
 * types map onto a subset), special fields marked by roles (CTF 1.8 names
 * are turned into roles by the TSDL parser), every length / selector
 * location made absolute, and CTF 1.8 variants turned into selection by
 * ranges.  The tree never shares nodes: a typealias or a CTF 2 alias is
 * deep-copied at each use, so the decoder can annotate nodes.
 */
#ifndef LTTV_CTF_IR_H
#define LTTV_CTF_IR_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef enum {
	CTF_BO_LE = 0,
	CTF_BO_BE = 1,
} CtfByteOrder;

typedef enum {
	CTF_FC_INT,        /* fixed-length bit array family (see CtfIntFlavor) */
	CTF_FC_FLOAT,      /* fixed-length IEEE 754, 32 or 64 bits */
	CTF_FC_VLINT,      /* LEB128, signed or unsigned */
	CTF_FC_STRING,     /* null-terminated */
	CTF_FC_SL_STRING,  /* static-length string, length in bytes */
	CTF_FC_DL_STRING,  /* dynamic-length string, length in bytes */
	CTF_FC_SL_BLOB,    /* static-length BLOB, length in bytes */
	CTF_FC_DL_BLOB,    /* dynamic-length BLOB */
	CTF_FC_STRUCT,
	CTF_FC_SL_ARRAY,   /* static-length array (CTF 1.8 array) */
	CTF_FC_DL_ARRAY,   /* dynamic-length array (CTF 1.8 sequence) */
	CTF_FC_VARIANT,
	CTF_FC_OPTIONAL,
} CtfFcKind;

typedef enum {
	CTF_INT_PLAIN,     /* integer, enumeration when it has mappings */
	CTF_INT_BOOL,      /* fixed-length boolean */
	CTF_INT_BITMAP,    /* fixed-length bit map: mappings are bit indexes */
	CTF_INT_BITARRAY,  /* raw bit array */
} CtfIntFlavor;

typedef enum {
	CTF_ENC_UTF8 = 0,
	CTF_ENC_UTF16BE,
	CTF_ENC_UTF16LE,
	CTF_ENC_UTF32BE,
	CTF_ENC_UTF32LE,
} CtfEncoding;

/* Roles (bit mask).  CTF 1.8 special names map onto them. */
enum {
	CTF_ROLE_MAGIC = 1u << 0,          /* packet-magic-number */
	CTF_ROLE_UUID = 1u << 1,           /* metadata-stream-uuid */
	CTF_ROLE_DSC_ID = 1u << 2,         /* data-stream-class-id */
	CTF_ROLE_DS_ID = 1u << 3,          /* data-stream-id */
	CTF_ROLE_PKT_TOTAL_LEN = 1u << 4,  /* packet-total-length (bits) */
	CTF_ROLE_PKT_CONTENT_LEN = 1u << 5,/* packet-content-length (bits) */
	CTF_ROLE_CLOCK_TS = 1u << 6,       /* default-clock-timestamp */
	CTF_ROLE_PKT_END_TS = 1u << 7,     /* packet-end-default-clock-timestamp */
	CTF_ROLE_DISC_SNAPSHOT = 1u << 8,  /* discarded-event-record-counter-snapshot */
	CTF_ROLE_PKT_SEQ_NUM = 1u << 9,    /* packet-sequence-number */
	CTF_ROLE_ERC_ID = 1u << 10,        /* event-record-class-id */
	/* Not a CTF role: the compile step marks the packet context member
	 * named `cpu_id` (an LTTng convention) so the reader sees it. */
	CTF_ROLE_CPU_ID = 1u << 11,
};

/* The six scopes, in decoding order (CTF 2 names). */
typedef enum {
	CTF_SCOPE_PKT_HEADER = 0,
	CTF_SCOPE_PKT_CTX,
	CTF_SCOPE_EV_HEADER,
	CTF_SCOPE_EV_COMMON_CTX,
	CTF_SCOPE_EV_SPECIFIC_CTX,
	CTF_SCOPE_EV_PAYLOAD,
	CTF_SCOPE_COUNT,
} CtfScope;

/* An inclusive integer range; `is_signed` of the owning set says how to
 * read lower/upper. */
typedef struct {
	uint64_t lower;
	uint64_t upper;
} CtfRange;

typedef struct {
	bool is_signed;
	GArray *ranges; /* of CtfRange */
} CtfRangeSet;

typedef struct {
	char *name;
	CtfRangeSet set;
} CtfMapping;

/* An absolute field location: the scope, then member names from the
 * scope's root structure.  Arrays, optionals and variants on the way are
 * transparent (not named), as in CTF 2. */
typedef struct {
	CtfScope scope;
	GPtrArray *path; /* of char *, member names */
	int key_slot;    /* filled by the compile step; -1 before */
} CtfFieldLocation;

typedef struct CtfFieldClass CtfFieldClass;

typedef struct {
	char *name;         /* as written in the metadata */
	char *display_name; /* CTF 1.8: one leading '_' removed; CTF 2: = name */
	CtfFieldClass *fc;
} CtfMember;

typedef struct {
	char *name; /* may be NULL in CTF 2 */
	CtfRangeSet ranges;
	CtfFieldClass *fc;
} CtfVariantOption;

struct CtfFieldClass {
	CtfFcKind kind;
	uint32_t alignment; /* bits, power of two, >= 1 */

	union {
		struct {
			uint32_t len; /* 1..64 bits */
			bool is_signed;
			CtfByteOrder bo;
			bool reverse_bits; /* bit order opposite to the natural one */
			uint8_t base;      /* preferred display base: 2, 8, 10, 16 */
			CtfIntFlavor flavor;
			bool is_char;      /* CTF 1.8 encoding = UTF8/ASCII */
			uint32_t roles;
			char *clock_name;  /* CTF 1.8 `map = clock.X.value`, or NULL */
			GPtrArray *mappings; /* of CtfMapping *, or NULL */
		} i;
		struct {
			uint32_t len; /* 32 or 64 */
			CtfByteOrder bo;
			bool reverse_bits;
		} f;
		struct {
			bool is_signed;
			uint8_t base;
			uint32_t roles;
			GPtrArray *mappings; /* of CtfMapping *, or NULL */
		} vl;
		struct {
			CtfEncoding encoding;
			uint64_t length;              /* SL string / SL blob: bytes */
			CtfFieldLocation *length_loc; /* DL string / DL blob */
			uint32_t roles;               /* SL blob: CTF_ROLE_UUID */
			char *media_type;             /* blobs, or NULL */
		} s;
		struct {
			GPtrArray *members; /* of CtfMember * */
			uint32_t min_align;
		} st;
		struct {
			CtfFieldClass *elem;
			uint64_t length;              /* SL array: element count */
			CtfFieldLocation *length_loc; /* DL array */
			uint32_t min_align;
			bool is_text; /* CTF 1.8 array/sequence of 8-bit chars */
		} arr;
		struct {
			CtfFieldLocation *sel_loc;
			GPtrArray *options; /* of CtfVariantOption * */
		} var;
		struct {
			CtfFieldLocation *sel_loc;
			CtfFieldClass *fc;
			CtfRangeSet *sel_ranges; /* NULL: boolean selector */
		} opt;
	};

	/* Filled by the decoder's compile step (ctf/compile.c), not the
	 * parsers. */
	int key_slot;         /* >= 0 if a location targets this field */
	int64_t fixed_bits;   /* size when constant and no key/role inside, else -1 */
	struct CtfProgram *prog; /* scope roots: compiled skip/walk programs (program.c) */
};

typedef struct {
	char *id;          /* CTF 2 id; CTF 1.8: the name */
	char *name;
	char *uid;         /* CTF 1.8 uuid string, CTF 2 uid */
	char *description;
	uint64_t frequency;  /* Hz, >= 1 */
	int64_t offset_s;    /* seconds from origin */
	uint64_t offset_cycles; /* normalized: < frequency */
	bool has_precision;
	uint64_t precision;
	bool origin_is_unix_epoch; /* CTF 1.8: always true */
	bool has_origin;           /* CTF 2 origin present */
	bool absolute;             /* CTF 1.8 absolute = TRUE */
} CtfClockClass;

typedef struct CtfStreamClass CtfStreamClass;

typedef struct {
	uint64_t id;
	uint64_t stream_class_id;
	char *name;
	CtfFieldClass *specific_ctx; /* STRUCT or NULL */
	CtfFieldClass *payload;      /* STRUCT or NULL */
	int loglevel;                /* -1 when absent */
	char *emf_uri;
	CtfStreamClass *sc;          /* set by ctf_trace_class_add_event_class */
	void *compiled;              /* the reader's LttvEventClass, not owned */
	/* the value ops of its three event scopes in one list (program.h),
	 * NULL unless each present scope root has a program */
	struct CtfOp *values_ops;
	/* when each of the event scopes is absent or of a constant size
	 * (program.c): their alignments (1 when absent) and sizes in bits,
	 * so that skipping them takes no look at their classes; and from a
	 * start aligned on the largest of those alignments, where each
	 * begins and where the last ends */
	bool fixed_scopes;
	uint32_t scope_align[3];
	uint64_t scope_bits[3];
	uint32_t scopes_align;
	uint64_t scope_off[3], scopes_bits;
} CtfEventClass;

struct CtfStreamClass {
	uint64_t id;
	char *name;
	CtfClockClass *clock; /* default clock class, or NULL */
	CtfFieldClass *pkt_ctx;       /* STRUCT or NULL */
	CtfFieldClass *ev_header;     /* STRUCT or NULL */
	CtfFieldClass *ev_common_ctx; /* STRUCT or NULL */
	GPtrArray *event_classes;     /* of CtfEventClass *, in order */
	GHashTable *ec_by_id;         /* uint64 id -> CtfEventClass * */
	/* compile step: LTTng's compact/large event header, decoded without
	 * the tree (NULL: other headers; see program.h) */
	struct CtfHeaderLayout *header_layout;
	/* compile step: ids below this bound index ec_dense directly */
	uint32_t n_dense;
	CtfEventClass **ec_dense;
};

typedef struct {
	char *key;
	bool is_int;
	int64_t ival;
	char *sval;
} CtfEnvEntry;

typedef struct {
	int major;          /* 1 (CTF 1.8) or 2 */
	int minor;
	bool has_uuid;      /* CTF 1.8 trace.uuid / CTF 2 preamble uuid */
	uint8_t uuid[16];
	CtfByteOrder native_bo; /* CTF 1.8 trace byte order */
	char *tc_uid;       /* CTF 2 trace class uid */
	CtfFieldClass *pkt_header; /* STRUCT or NULL */
	GPtrArray *env;     /* of CtfEnvEntry * */
	GPtrArray *clocks;  /* of CtfClockClass * */
	GPtrArray *stream_classes; /* of CtfStreamClass *, in order */
	int n_key_slots;    /* set by the compile step */
} CtfTraceClass;

/* --- construction helpers (ir.c) --- */
CtfFieldClass *ctf_fc_new(CtfFcKind kind);
CtfFieldClass *ctf_fc_copy(const CtfFieldClass *fc);
void ctf_fc_free(CtfFieldClass *fc);
void ctf_member_add(CtfFieldClass *st, const char *name, const char *display_name,
                    CtfFieldClass *fc);
const CtfMember *ctf_struct_find(const CtfFieldClass *st, const char *name);
CtfMapping *ctf_mapping_new(const char *name, bool is_signed);
/* An empty mappings array that frees its CtfMapping entries. */
GPtrArray *ctf_mappings_new(void);
void ctf_range_set_add(CtfRangeSet *set, uint64_t lower, uint64_t upper);
bool ctf_range_set_contains(const CtfRangeSet *set, uint64_t value);
void ctf_range_set_init(CtfRangeSet *set, bool is_signed);
void ctf_range_set_clear(CtfRangeSet *set);
CtfFieldLocation *ctf_location_new(CtfScope scope);
CtfFieldLocation *ctf_location_copy(const CtfFieldLocation *loc);
void ctf_location_free(CtfFieldLocation *loc);
/* Alignment of the field itself (array/struct: max of min_align and
 * children; variant/optional: 1). */
uint32_t ctf_fc_alignment(const CtfFieldClass *fc);

CtfTraceClass *ctf_trace_class_new(void);
void ctf_trace_class_free(CtfTraceClass *tc);
CtfStreamClass *ctf_stream_class_new(uint64_t id);
CtfEventClass *ctf_event_class_new(uint64_t id);
void ctf_event_class_free(CtfEventClass *ec);
CtfClockClass *ctf_clock_class_new(void);
/* Looks up a stream class by id, NULL if absent. */
CtfStreamClass *ctf_trace_class_stream_class(const CtfTraceClass *tc, uint64_t id);
CtfClockClass *ctf_trace_class_clock(const CtfTraceClass *tc, const char *id);
const CtfEnvEntry *ctf_trace_class_env(const CtfTraceClass *tc, const char *key);
void ctf_trace_class_env_set_str(CtfTraceClass *tc, const char *key, const char *value);
void ctf_trace_class_env_set_int(CtfTraceClass *tc, const char *key, int64_t value);
/* Takes ownership of `ec`; fails (returns false) on a duplicate id. */
bool ctf_stream_class_add_event_class(CtfStreamClass *sc, CtfEventClass *ec);

const char *ctf_scope_name(CtfScope scope);

G_END_DECLS

#endif
