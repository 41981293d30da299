/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * User-space tracepoints (liblttv-ust): declaring events, defining their
 * probes, calling them.  Guide: doc/tracepoints.md.
 *
 * A provider header declares events, once each:
 *
 *   #ifndef MY_TP_H
 *   #define MY_TP_H
 *   #include <lttv/tracepoint.h>
 *
 *   LTTV_TRACEPOINT_EVENT(my_app, request,
 *           LTTV_TP_ARGS(int, id, const char *, path),
 *           LTTV_TP_FIELDS(lttv_field_integer(int, id, id)
 *                          lttv_field_string(path, path)))
 *   #endif
 *
 * One C file of the program (or of the shared object) defines the probes:
 *
 *   #define LTTV_TRACEPOINT_CREATE_PROBES
 *   #include "my-tp.h"
 *
 * and any file of the same program (or shared object) calls them:
 *
 *   lttv_tracepoint(my_app, request, 42, "/index.html");
 *
 * A disabled call site costs one load and one not-taken branch; its
 * arguments are not evaluated.
 *
 * Everything is generated from one expansion of LTTV_TRACEPOINT_EVENT: the
 * field list is a preprocessor sequence of tuples, `(kind, ...)(kind, ...)`,
 * walked once per use (descriptors, evaluation, serialization), so the
 * provider header needs no second inclusion and no include-path setup.
 * Needs GCC or Clang (C99 or later, C++11 or later).
 */
#ifndef LTTV_TRACEPOINT_H
#define LTTV_TRACEPOINT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the structures below; the runtime refuses other versions. */
#define LTTV_TP_ABI 1

/* ---------------------------------------------------------------- descriptors */

enum lttv_tp_field_type {
	LTTV_TP_FIELD_INTEGER = 1,
	LTTV_TP_FIELD_ENUM,          /* integer with value -> label mappings */
	LTTV_TP_FIELD_FLOAT,         /* IEEE 754, 32 or 64 bits */
	LTTV_TP_FIELD_STRING,        /* NUL-terminated */
	LTTV_TP_FIELD_ARRAY,         /* `length` integers */
	LTTV_TP_FIELD_ARRAY_TEXT,    /* `length` chars, shown as text */
	LTTV_TP_FIELD_SEQUENCE,      /* unsigned length, then as many integers */
	LTTV_TP_FIELD_SEQUENCE_TEXT, /* unsigned length, then as many chars */
};

/* [start, end] -> label (start == end for one value).  Values of unsigned
 * containers are stored as their bits. */
struct lttv_tp_enum_entry {
	const char *label;
	int64_t start;
	int64_t end;
};

struct lttv_tp_enum {
	const char *provider;
	const char *name;
	const struct lttv_tp_enum_entry *entries;
	uint32_t n_entries;
};

struct lttv_tp_field {
	const char *name;
	uint8_t type;        /* enum lttv_tp_field_type */
	uint8_t size;        /* bits of the integer, float or element: 8 .. 64 */
	uint8_t is_signed;   /* integers and elements; char for text */
	uint8_t base;        /* display: 10, 16 or 8 */
	uint8_t length_size; /* sequences: bits of the (unsigned) length */
	uint32_t length;     /* arrays: element count */
	const struct lttv_tp_enum *enum_desc;
};

/* One event of a provider: defined (hidden) in the module whose C file
 * defines LTTV_TRACEPOINT_CREATE_PROBES, found by the runtime through the
 * module's `lttv_tp_events` section. */
struct lttv_tp_event {
	int enabled;  /* the call sites' test; written by the runtime only */
	uint32_t abi; /* LTTV_TP_ABI */
	uint32_t id;  /* given by the runtime at registration, unique in the process */
	uint32_t n_fields;
	const char *provider;
	const char *name;
	const struct lttv_tp_field *fields;
};

/* A reservation, on the probe's stack; the backend keeps its state in priv. */
struct lttv_tp_ctx {
	struct lttv_tp_event *event;
	void *backend;
	size_t payload_len;
	uint64_t priv[4];
};

/* The runtime (liblttv-ust) side of the generated code. */
void lttv_tp_register_events(struct lttv_tp_event *const *begin, struct lttv_tp_event *const *end);
void lttv_tp_unregister_events(struct lttv_tp_event *const *begin,
                               struct lttv_tp_event *const *end);
/* Where to write payload_len bytes of ev's payload, or NULL (no session,
 * buffer full: the event is dropped and counted).  A non-NULL answer must
 * be followed by lttv_tp_commit(ctx). */
void *lttv_tp_reserve(struct lttv_tp_event *ev, size_t payload_len, struct lttv_tp_ctx *ctx);
void lttv_tp_commit(struct lttv_tp_ctx *ctx);

/* ---------------------------------------------------------------- serialization */

/* The trace is little-endian and byte-packed (CTF `align = 8`, like
 * lttng-modules and LTTng-UST on x86): each value is copied at the next
 * byte, a constant-size memcpy that compiles to one store. */
static inline uint8_t *lttv__tp_put(uint8_t *p, const void *v, size_t size)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	for (size_t i = 0; i < size; i++)
		p[i] = ((const uint8_t *)v)[size - 1 - i];
#else
	memcpy(p, v, size);
#endif
	return p + size;
}

static inline uint8_t *lttv__tp_put_array(uint8_t *p, const void *v, size_t size, uint64_t n)
{
	if (!v) {
		memset(p, 0, (size_t)(size * n));
		return p + size * n;
	}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	for (uint64_t i = 0; i < n; i++)
		p = lttv__tp_put(p, (const uint8_t *)v + i * size, size);
	return p;
#else
	memcpy(p, v, (size_t)(size * n));
	return p + size * n;
#endif
}

/* n = strlen(s) + 1 as measured before.  Another thread may have changed
 * the string since: whatever it holds now, exactly n bytes are written,
 * the last one the only NUL (a shorter string is padded with '#'), so the
 * event keeps the size the reservation gave it.  Short strings are copied
 * by a loop (cheaper than two calls), longer ones by memcpy + memchr. */
static inline uint8_t *lttv__tp_put_string(uint8_t *p, const char *s, size_t n)
{
	uint8_t *nul;

	if (n <= 32) {
		size_t i = 0;

		for (; i < n - 1 && s[i]; i++)
			p[i] = (uint8_t)s[i];
		nul = i < n - 1 ? p + i : NULL;
	} else {
		memcpy(p, s, n - 1);
		nul = (uint8_t *)memchr(p, 0, n - 1);
	}
	if (nul)
		memset(nul, '#', (size_t)(p + n - 1 - nul));
	p[n - 1] = 0;
	return p + n;
}

/* A char array of n bytes: the string, cut or padded with NULs. */
static inline uint8_t *lttv__tp_put_text(uint8_t *p, const char *s, size_t n)
{
	const char *nul = s ? (const char *)memchr(s, 0, n) : s;
	size_t len = !s ? 0 : nul ? (size_t)(nul - s) : n;

	if (len)
		memcpy(p, s, len);
	memset(p + len, 0, n - len);
	return p + n;
}

/* len + head + n * size, or SIZE_MAX when it overflows (the backend then
 * refuses the event as too large). */
static inline size_t lttv__tp_len_add(size_t len, size_t head, uint64_t n, size_t size)
{
	size_t room = SIZE_MAX - len;

	if (room < head || n > (room - head) / size)
		return SIZE_MAX;
	return len + head + (size_t)n * size;
}

#ifdef __cplusplus
}
#endif

/* ---------------------------------------------------------------- helpers */

#ifdef __cplusplus
#define LTTV__C_BEGIN            extern "C" {
#define LTTV__C_END              }
#define LTTV__SASSERT(cond, msg) static_assert(cond, msg);
#else
#define LTTV__C_BEGIN
#define LTTV__C_END
#define LTTV__SASSERT(cond, msg) _Static_assert(cond, msg);
#endif
#define LTTV__HIDDEN     __attribute__((visibility("hidden")))
#define LTTV__CAT(a, b)  LTTV__CAT_(a, b)
#define LTTV__CAT_(a, b) a##b
/* (compared with 1, not 0: no "unsigned < 0 is always false" warning) */
#define LTTV__SIGNED(type) ((type)-1 < (type)1)
#define LTTV__INT_SIZE_OK(type)                                                                    \
	LTTV__SASSERT(sizeof(type) == 1 || sizeof(type) == 2 || sizeof(type) == 4 ||               \
	                      sizeof(type) == 8,                                                   \
	              "lttv tracepoint: integers are 8, 16, 32 or 64 bits")

/* LTTV_TP_ARGS(type, name, ...): up to 10 pairs.  `LTTV__NARGS` counts
 * them; an empty list counts 0 with GNU C/C++ and 1 with strict ISO C, and
 * both give an empty parameter list. */
#define LTTV__NARGS(...)                                                                           \
	LTTV__NARGS_(0, ##__VA_ARGS__, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5,  \
	             4, 3, 2, 1, 0)
#define LTTV__NARGS_(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16,    \
                     _17, _18, _19, _20, N, ...)                                                   \
	N
#define LTTV__PARAMS(...)            LTTV__CAT(LTTV__PARAMS_, LTTV__NARGS(__VA_ARGS__))(__VA_ARGS__)
#define LTTV__PARAMS_0()             void
#define LTTV__PARAMS_1(v)            v
#define LTTV__PARAMS_2(t1, a1)       t1 a1
#define LTTV__PARAMS_4(t1, a1, ...)  t1 a1, LTTV__PARAMS_2(__VA_ARGS__)
#define LTTV__PARAMS_6(t1, a1, ...)  t1 a1, LTTV__PARAMS_4(__VA_ARGS__)
#define LTTV__PARAMS_8(t1, a1, ...)  t1 a1, LTTV__PARAMS_6(__VA_ARGS__)
#define LTTV__PARAMS_10(t1, a1, ...) t1 a1, LTTV__PARAMS_8(__VA_ARGS__)
#define LTTV__PARAMS_12(t1, a1, ...) t1 a1, LTTV__PARAMS_10(__VA_ARGS__)
#define LTTV__PARAMS_14(t1, a1, ...) t1 a1, LTTV__PARAMS_12(__VA_ARGS__)
#define LTTV__PARAMS_16(t1, a1, ...) t1 a1, LTTV__PARAMS_14(__VA_ARGS__)
#define LTTV__PARAMS_18(t1, a1, ...) t1 a1, LTTV__PARAMS_16(__VA_ARGS__)
#define LTTV__PARAMS_20(t1, a1, ...) t1 a1, LTTV__PARAMS_18(__VA_ARGS__)
/* (void)name; for each argument, used by a field or not */
/* clang-format off */
#define LTTV__UNUSED(...) LTTV__CAT(LTTV__UNUSED_, LTTV__NARGS(__VA_ARGS__))(__VA_ARGS__)
#define LTTV__UNUSED_0()
#define LTTV__UNUSED_1(v)
#define LTTV__UNUSED_2(t1, a1)       (void)a1;
#define LTTV__UNUSED_4(t1, a1, ...)  (void)a1; LTTV__UNUSED_2(__VA_ARGS__)
#define LTTV__UNUSED_6(t1, a1, ...)  (void)a1; LTTV__UNUSED_4(__VA_ARGS__)
#define LTTV__UNUSED_8(t1, a1, ...)  (void)a1; LTTV__UNUSED_6(__VA_ARGS__)
#define LTTV__UNUSED_10(t1, a1, ...) (void)a1; LTTV__UNUSED_8(__VA_ARGS__)
#define LTTV__UNUSED_12(t1, a1, ...) (void)a1; LTTV__UNUSED_10(__VA_ARGS__)
#define LTTV__UNUSED_14(t1, a1, ...) (void)a1; LTTV__UNUSED_12(__VA_ARGS__)
#define LTTV__UNUSED_16(t1, a1, ...) (void)a1; LTTV__UNUSED_14(__VA_ARGS__)
#define LTTV__UNUSED_18(t1, a1, ...) (void)a1; LTTV__UNUSED_16(__VA_ARGS__)
#define LTTV__UNUSED_20(t1, a1, ...) (void)a1; LTTV__UNUSED_18(__VA_ARGS__)
/* clang-format on */

/* ---------------------------------------------------------------- declaring */

#define LTTV_TP_ARGS(...)                  (__VA_ARGS__)
#define LTTV_TP_FIELDS(...)                __VA_ARGS__
#define LTTV_TP_ENUM_VALUES(...)           __VA_ARGS__
#define lttv_enum_value(label, value)      {(label), (int64_t)(value), (int64_t)(value)},
#define lttv_enum_range(label, start, end) {(label), (int64_t)(start), (int64_t)(end)},

/* Fields: each macro gives one tuple of the sequence.  Names are pasted or
 * quoted here, at the first level, so that a field called `unix` or
 * `errno` is not macro-expanded on the way. */
#define lttv_field_integer(type, name, expr)     (lttv__INT, type, #name, lttv__v_##name, expr, 10)
#define lttv_field_integer_hex(type, name, expr) (lttv__INT, type, #name, lttv__v_##name, expr, 16)
#define lttv_field_integer_oct(type, name, expr) (lttv__INT, type, #name, lttv__v_##name, expr, 8)
/* an integer of type `type` shown with the labels of
 * LTTV_TRACEPOINT_ENUM(provider, enum_name, ...) */
#define lttv_field_enum(provider, enum_name, type, name, expr)                                     \
	(lttv__ENUM, type, #name, lttv__v_##name, expr, &lttv__tpenum_##provider##___##enum_name)
#define lttv_field_float(type, name, expr) (lttv__FLOAT, type, #name, lttv__v_##name, expr)
/* NULL is recorded as "(null)" */
#define lttv_field_string(name, expr) (lttv__STRING, #name, lttv__v_##name, lttv__n_##name, expr)
/* count: an integer constant */
#define lttv_field_array(type, name, expr, count)                                                  \
	(lttv__ARRAY, type, #name, lttv__v_##name, expr, count, 10)
#define lttv_field_array_hex(type, name, expr, count)                                              \
	(lttv__ARRAY, type, #name, lttv__v_##name, expr, count, 16)
/* count chars: the string cut or padded with NULs */
#define lttv_field_array_text(name, expr, count)                                                   \
	(lttv__ARRAY_TEXT, #name, lttv__v_##name, expr, count)
/* length_expr elements of type, counted by an unsigned length_type */
#define lttv_field_sequence(type, name, expr, length_type, length_expr)                            \
	(lttv__SEQ, type, #name, lttv__v_##name, lttv__n_##name, expr, length_type, length_expr, 10)
#define lttv_field_sequence_hex(type, name, expr, length_type, length_expr)                        \
	(lttv__SEQ, type, #name, lttv__v_##name, lttv__n_##name, expr, length_type, length_expr, 16)
/* length_expr raw bytes, shown as text */
#define lttv_field_sequence_text(name, expr, length_type, length_expr)                             \
	(lttv__SEQ_TEXT, #name, lttv__v_##name, lttv__n_##name, expr, length_type, length_expr)

/* Walking the field sequence: FOR_X(seq) expands X_<kind>(tuple...) for
 * each tuple.  A_/B_ alternate so that no macro expands inside itself; the
 * END tuple stops the walk. */
#define LTTV__FOR(X, seq) LTTV__##X##_A seq(lttv__END, 0)
#define LTTV__STEP(X, Y, kind, ...)                                                                \
	LTTV__##X##_##kind(__VA_ARGS__) LTTV__NEXT_##kind(LTTV__##X##_##Y)
#define LTTV__NEXT_lttv__INT(m)        m
#define LTTV__NEXT_lttv__ENUM(m)       m
#define LTTV__NEXT_lttv__FLOAT(m)      m
#define LTTV__NEXT_lttv__STRING(m)     m
#define LTTV__NEXT_lttv__ARRAY(m)      m
#define LTTV__NEXT_lttv__ARRAY_TEXT(m) m
#define LTTV__NEXT_lttv__SEQ(m)        m
#define LTTV__NEXT_lttv__SEQ_TEXT(m)   m
#define LTTV__NEXT_lttv__END(m)

/* DESC: the field descriptors */
#define LTTV__DESC_A(...) LTTV__STEP(DESC, B, __VA_ARGS__)
#define LTTV__DESC_B(...) LTTV__STEP(DESC, A, __VA_ARGS__)
#define LTTV__DESC_lttv__END(x)
#define LTTV__DESC_lttv__INT(type, sname, v, expr, base)                                           \
	{sname, LTTV_TP_FIELD_INTEGER, sizeof(type) * 8, LTTV__SIGNED(type), base, 0, 0, NULL},
#define LTTV__DESC_lttv__ENUM(type, sname, v, expr, desc)                                          \
	{sname, LTTV_TP_FIELD_ENUM, sizeof(type) * 8, LTTV__SIGNED(type), 10, 0, 0, desc},
#define LTTV__DESC_lttv__FLOAT(type, sname, v, expr)                                               \
	{sname, LTTV_TP_FIELD_FLOAT, sizeof(type) * 8, 1, 10, 0, 0, NULL},
#define LTTV__DESC_lttv__STRING(sname, v, n, expr)                                                 \
	{sname, LTTV_TP_FIELD_STRING, 8, 0, 10, 0, 0, NULL},
#define LTTV__DESC_lttv__ARRAY(type, sname, v, expr, count, base)                                  \
	{sname, LTTV_TP_FIELD_ARRAY, sizeof(type) * 8, LTTV__SIGNED(type), base, 0, (count), NULL},
#define LTTV__DESC_lttv__ARRAY_TEXT(sname, v, expr, count)                                         \
	{sname, LTTV_TP_FIELD_ARRAY_TEXT, 8, LTTV__SIGNED(char), 10, 0, (count), NULL},
#define LTTV__DESC_lttv__SEQ(type, sname, v, n, expr, ltype, lexpr, base)                          \
	{sname,                                                                                    \
	 LTTV_TP_FIELD_SEQUENCE,                                                                   \
	 sizeof(type) * 8,                                                                         \
	 LTTV__SIGNED(type),                                                                       \
	 base,                                                                                     \
	 sizeof(ltype) * 8,                                                                        \
	 0,                                                                                        \
	 NULL},
#define LTTV__DESC_lttv__SEQ_TEXT(sname, v, n, expr, ltype, lexpr)                                 \
	{sname, LTTV_TP_FIELD_SEQUENCE_TEXT, 8, LTTV__SIGNED(char), 10, sizeof(ltype) * 8, 0, NULL},

/* FETCH: check the types, evaluate every expression once (before the
 * reservation: an expression may itself trace), converted to the field's
 * type (as an explicit cast: truncating is the declared meaning), add up
 * the payload size */
#define LTTV__FETCH_A(...) LTTV__STEP(FETCH, B, __VA_ARGS__)
#define LTTV__FETCH_B(...) LTTV__STEP(FETCH, A, __VA_ARGS__)
#define LTTV__FETCH_lttv__END(x)
#define LTTV__FETCH_lttv__INT(type, sname, v, expr, base)                                          \
	LTTV__INT_SIZE_OK(type) type v = (type)(expr);                                             \
	lttv__len += sizeof(type);
#define LTTV__FETCH_lttv__ENUM(type, sname, v, expr, desc)                                         \
	LTTV__FETCH_lttv__INT(type, sname, v, expr, 10)
#define LTTV__FETCH_lttv__FLOAT(type, sname, v, expr)                                              \
	LTTV__SASSERT(sizeof(type) == 4 || sizeof(type) == 8,                                      \
	              "lttv tracepoint: floats are float or double")                               \
	type v = (type)(expr);                                                                     \
	lttv__len += sizeof(type);
#define LTTV__FETCH_lttv__STRING(sname, v, n, expr)                                                \
	const char *v = (expr);                                                                    \
	size_t n;                                                                                  \
	if (!v)                                                                                    \
		v = "(null)";                                                                      \
	n = strlen(v) + 1;                                                                         \
	lttv__len = lttv__tp_len_add(lttv__len, 0, n, 1);
#define LTTV__FETCH_lttv__ARRAY(type, sname, v, expr, count, base)                                 \
	LTTV__INT_SIZE_OK(type)                                                                    \
	LTTV__SASSERT((count) > 0, "lttv tracepoint: an array has at least one element")           \
	const type *v = (expr);                                                                    \
	lttv__len += sizeof(type) * (count);
#define LTTV__FETCH_lttv__ARRAY_TEXT(sname, v, expr, count)                                        \
	LTTV__SASSERT((count) > 0, "lttv tracepoint: an array has at least one element")           \
	const char *v = (expr);                                                                    \
	lttv__len += (count);
#define LTTV__FETCH_lttv__SEQ(type, sname, v, n, expr, ltype, lexpr, base)                         \
	LTTV__INT_SIZE_OK(type)                                                                    \
	LTTV__INT_SIZE_OK(ltype)                                                                   \
	LTTV__SASSERT(!LTTV__SIGNED(ltype), "lttv tracepoint: a sequence length is unsigned")      \
	const type *v = (expr);                                                                    \
	ltype n = (ltype)(lexpr);                                                                  \
	if (!v)                                                                                    \
		n = 0;                                                                             \
	lttv__len = lttv__tp_len_add(lttv__len, sizeof(ltype), n, sizeof(type));
#define LTTV__FETCH_lttv__SEQ_TEXT(sname, v, n, expr, ltype, lexpr)                                \
	LTTV__FETCH_lttv__SEQ(char, sname, v, n, expr, ltype, lexpr, 10)

/* WRITE: serialize, in the order and layout DESC describes */
#define LTTV__WRITE_A(...) LTTV__STEP(WRITE, B, __VA_ARGS__)
#define LTTV__WRITE_B(...) LTTV__STEP(WRITE, A, __VA_ARGS__)
#define LTTV__WRITE_lttv__END(x)
#define LTTV__WRITE_lttv__INT(type, sname, v, expr, base)                                          \
	lttv__p = lttv__tp_put(lttv__p, &v, sizeof(type));
#define LTTV__WRITE_lttv__ENUM(type, sname, v, expr, desc)                                         \
	lttv__p = lttv__tp_put(lttv__p, &v, sizeof(type));
#define LTTV__WRITE_lttv__FLOAT(type, sname, v, expr)                                              \
	lttv__p = lttv__tp_put(lttv__p, &v, sizeof(type));
#define LTTV__WRITE_lttv__STRING(sname, v, n, expr) lttv__p = lttv__tp_put_string(lttv__p, v, n);
#define LTTV__WRITE_lttv__ARRAY(type, sname, v, expr, count, base)                                 \
	lttv__p = lttv__tp_put_array(lttv__p, v, sizeof(type), (count));
#define LTTV__WRITE_lttv__ARRAY_TEXT(sname, v, expr, count)                                        \
	lttv__p = lttv__tp_put_text(lttv__p, v, (count));
#define LTTV__WRITE_lttv__SEQ(type, sname, v, n, expr, ltype, lexpr, base)                         \
	lttv__p = lttv__tp_put(lttv__p, &n, sizeof(ltype));                                        \
	lttv__p = lttv__tp_put_array(lttv__p, v, sizeof(type), n);
#define LTTV__WRITE_lttv__SEQ_TEXT(sname, v, n, expr, ltype, lexpr)                                \
	LTTV__WRITE_lttv__SEQ(char, sname, v, n, expr, ltype, lexpr, 10)

/* What every file including a provider header sees: the event (its
 * `enabled` flag) and the probe, hidden so that each module (program or
 * shared object) has its own and calls its own without indirection. */
#define LTTV__TP_DECLARE(ev, probe, args)                                                          \
	LTTV__C_BEGIN                                                                              \
	extern struct lttv_tp_event ev LTTV__HIDDEN;                                               \
	void probe(LTTV__PARAMS args) LTTV__HIDDEN;                                                \
	LTTV__C_END

/* What the file defining LTTV_TRACEPOINT_CREATE_PROBES gets besides: the
 * field descriptors (plus a zero sentinel: no empty array), the event, its
 * pointer in the module's `lttv_tp_events` section, and the probe. */
/* clang-format off */
#define LTTV__TP_DEFINE(ev, probe, farr, ptr, sprov, sname, args, fields)                          \
	LTTV__C_BEGIN                                                                              \
	static const struct lttv_tp_field farr[] = {                                               \
		LTTV__FOR(DESC, fields)                                                            \
		{NULL, 0, 0, 0, 0, 0, 0, NULL}};                                                   \
	struct lttv_tp_event ev = {0, LTTV_TP_ABI, 0,                                              \
	                           (uint32_t)(sizeof(farr) / sizeof(farr[0]) - 1),                 \
	                           sprov, sname, farr};                                            \
	static struct lttv_tp_event *const ptr                                                     \
		__attribute__((used, section("lttv_tp_events"), aligned(sizeof(void *)))) = &ev;   \
	void probe(LTTV__PARAMS args)                                                              \
	{                                                                                          \
		size_t lttv__len = 0;                                                              \
		struct lttv_tp_ctx lttv__ctx;                                                      \
		uint8_t *lttv__p;                                                                  \
                                                                                                   \
		LTTV__UNUSED args                                                                  \
		LTTV__FOR(FETCH, fields)                                                           \
		lttv__p = (uint8_t *)lttv_tp_reserve(&ev, lttv__len, &lttv__ctx);                  \
		if (__builtin_expect(lttv__p == NULL, 0))                                          \
			return;                                                                    \
		LTTV__FOR(WRITE, fields)                                                           \
		lttv_tp_commit(&lttv__ctx);                                                        \
	}                                                                                          \
	LTTV__C_END
/* clang-format on */

#ifdef LTTV_TRACEPOINT_CREATE_PROBES
#define LTTV_TRACEPOINT_EVENT(provider, name, args, fields)                                        \
	LTTV__TP_DECLARE(lttv__tpev_##provider##___##name, lttv__tpprobe_##provider##___##name,    \
	                 args)                                                                     \
	LTTV__TP_DEFINE(lttv__tpev_##provider##___##name, lttv__tpprobe_##provider##___##name,     \
	                lttv__tpfields_##provider##___##name, lttv__tpptr_##provider##___##name,   \
	                #provider, #name, args, fields)
#define LTTV_TRACEPOINT_ENUM(provider, name, values)                                               \
	LTTV__C_BEGIN                                                                              \
	static const struct lttv_tp_enum_entry lttv__tpenument_##provider##___##name[] = {values}; \
	static const struct lttv_tp_enum lttv__tpenum_##provider##___##name = {                    \
	        #provider, #name, lttv__tpenument_##provider##___##name,                           \
	        (uint32_t)(sizeof(lttv__tpenument_##provider##___##name) /                         \
	                   sizeof(lttv__tpenument_##provider##___##name[0]))};                     \
	LTTV__C_END

/* Registration: the events of every file of the module that defines
 * probes sit in its `lttv_tp_events` section (between the linker's
 * __start_/__stop_ symbols, hidden: each module sees its own).  Each such
 * file registers the whole section; the runtime counts references. */
LTTV__C_BEGIN
extern struct lttv_tp_event *const __start_lttv_tp_events[] __attribute__((weak)) LTTV__HIDDEN;
extern struct lttv_tp_event *const __stop_lttv_tp_events[] __attribute__((weak)) LTTV__HIDDEN;
static void __attribute__((constructor)) lttv__tp_register(void)
{
	struct lttv_tp_event *const *begin = __start_lttv_tp_events;
	struct lttv_tp_event *const *end = __stop_lttv_tp_events;

	if (begin != end)
		lttv_tp_register_events(begin, end);
}
static void __attribute__((destructor)) lttv__tp_unregister(void)
{
	struct lttv_tp_event *const *begin = __start_lttv_tp_events;
	struct lttv_tp_event *const *end = __stop_lttv_tp_events;

	if (begin != end)
		lttv_tp_unregister_events(begin, end);
}
LTTV__C_END

#else /* !LTTV_TRACEPOINT_CREATE_PROBES */
#define LTTV_TRACEPOINT_EVENT(provider, name, args, fields)                                        \
	LTTV__TP_DECLARE(lttv__tpev_##provider##___##name, lttv__tpprobe_##provider##___##name,    \
	                 args)
#define LTTV_TRACEPOINT_ENUM(provider, name, values)
#endif

/* ---------------------------------------------------------------- calling */

/* The call sites' test: a relaxed load (a plain `mov` on x86) of the flag
 * the runtime publishes, hinted not taken.  The names are pasted here, at
 * the first level, so that a provider called `linux` stays `linux`. */
#define LTTV__TP_ON(ev) __builtin_expect(__atomic_load_n(&(ev).enabled, __ATOMIC_RELAXED) != 0, 0)

/* Nonzero when the event is enabled: to skip preparing costly arguments. */
#define lttv_tracepoint_enabled(provider, name) LTTV__TP_ON(lttv__tpev_##provider##___##name)

/* Records provider:name with these arguments when the event is enabled;
 * otherwise the arguments are not evaluated. */
#define lttv_tracepoint(provider, name, ...)                                                       \
	do {                                                                                       \
		if (LTTV__TP_ON(lttv__tpev_##provider##___##name))                                 \
			lttv__tpprobe_##provider##___##name(__VA_ARGS__);                          \
	} while (0)

#endif /* LTTV_TRACEPOINT_H */
