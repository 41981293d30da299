/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small strict JSON parser (RFC 8259) for the CTF 2 metadata stream.
 *
 * Every value records the byte offset where it starts, so that error
 * messages about the metadata can point at the offending value.  The
 * input is a byte buffer of known length, not necessarily NUL-terminated;
 * nothing past it is ever read.  Limits: nesting depth LTTV_JSON_MAX_DEPTH;
 * memory proportional to the input size.
 */
#ifndef LTTV_CTF_JSON_H
#define LTTV_CTF_JSON_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

#define LTTV_JSON_MAX_DEPTH 256

#define LTTV_JSON_ERROR (lttv_json_error_quark())
GQuark lttv_json_error_quark(void);

typedef enum {
	LTTV_JSON_ERROR_SYNTAX,        /* not JSON */
	LTTV_JSON_ERROR_ENCODING,      /* invalid UTF-8, lone surrogate */
	LTTV_JSON_ERROR_DEPTH,         /* nested deeper than LTTV_JSON_MAX_DEPTH */
	LTTV_JSON_ERROR_DUPLICATE_KEY, /* an object has the same key twice */
} LttvJsonErrorCode;

typedef enum {
	LTTV_JSON_NULL,
	LTTV_JSON_BOOL,
	LTTV_JSON_UINT, /* integer (no fraction, no exponent) in 0 .. 2^64-1 */
	LTTV_JSON_SINT, /* integer in -2^63 .. -1 */
	LTTV_JSON_REAL, /* any other number, including out-of-range integers */
	LTTV_JSON_STRING,
	LTTV_JSON_ARRAY,
	LTTV_JSON_OBJECT,
} LttvJsonType;

typedef struct LttvJsonValue LttvJsonValue;

typedef struct {
	char *key;         /* UTF-8, NUL-terminated (may also hold \u0000) */
	size_t key_len;    /* bytes, without the final NUL */
	size_t key_offset; /* offset of the key's opening quote */
	LttvJsonValue *value;
} LttvJsonMember;

struct LttvJsonValue {
	LttvJsonType type;
	size_t offset; /* base_offset + index of the value's first byte */
	union {
		bool boolean;
		uint64_t u64; /* LTTV_JSON_UINT */
		int64_t i64;  /* LTTV_JSON_SINT */
		struct {
			double value;
			bool big_int; /* written as an integer, outside 64-bit range */
		} real;
		struct {
			char *s;    /* UTF-8, NUL-terminated (may also hold \u0000) */
			size_t len; /* bytes, without the final NUL */
		} str;
		struct {
			LttvJsonValue **items;
			size_t len;
		} arr;
		struct {
			LttvJsonMember *members; /* in document order, keys unique */
			size_t len;
		} obj;
	};
};

/*
 * Parses exactly one JSON value, with optional whitespace around it, from
 * `text[0 .. len)`.  Offsets in the result and in errors are
 * `base_offset` + index in `text`.  On failure returns NULL and sets
 * `error` (LTTV_JSON_ERROR) to "offset N: DESCRIPTION".
 */
LttvJsonValue *lttv_json_parse(const char *text, size_t len, size_t base_offset, GError **error);
void lttv_json_free(LttvJsonValue *value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LttvJsonValue, lttv_json_free)

/* Splits an error set by lttv_json_parse() into its offset and its
 * description (pointing into the error message).  Returns false if the
 * error does not come from lttv_json_parse(). */
bool lttv_json_error_location(const GError *error, size_t *offset, const char **description);

/* "null", "boolean", "integer", "number", "string", "array", "object". */
const char *lttv_json_type_name(LttvJsonType type);

static inline bool lttv_json_is_integer(const LttvJsonValue *v)
{
	return v->type == LTTV_JSON_UINT || v->type == LTTV_JSON_SINT;
}

/* Member `key` of object `obj`, or NULL (also when `obj` is not an
 * object). */
const LttvJsonValue *lttv_json_object_get(const LttvJsonValue *obj, const char *key);

/* Integer accessors: false if `v` is not an integer in the target range. */
bool lttv_json_get_u64(const LttvJsonValue *v, uint64_t *out);
bool lttv_json_get_i64(const LttvJsonValue *v, int64_t *out);

G_END_DECLS

#endif
