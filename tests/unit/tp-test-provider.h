/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tracepoint providers of tests/unit/test-tracepoint: lttv_test, with
 * every kind of field, and lttv_test2 (for globs).  tp-test-provider.c
 * generates their probes. */
#ifndef LTTV_TEST_TP_PROVIDER_H
#define LTTV_TEST_TP_PROVIDER_H

#include <lttv/tracepoint.h>
#include <stdbool.h>

struct test_ints {
	int8_t s8;
	uint8_t u8;
	int16_t s16;
	uint16_t u16;
	int32_t s32;
	uint32_t u32;
	int64_t s64;
	uint64_t u64;
	uint32_t hex32;
	uint16_t oct16;
	signed char c;
	bool b;
	long l;
};

/* clang-format off */
LTTV_TRACEPOINT_ENUM(lttv_test, color,
	LTTV_TP_ENUM_VALUES(lttv_enum_value("RED", 0)
	                    lttv_enum_value("GREEN", 1)
	                    lttv_enum_range("BLUES", 2, 9)
	                    lttv_enum_value("a \"quoted\" label", 10)))
LTTV_TRACEPOINT_ENUM(lttv_test, errcode,
	LTTV_TP_ENUM_VALUES(lttv_enum_range("NEGATIVE", -32768, -1)
	                    lttv_enum_value("ZERO", 0)))
LTTV_TRACEPOINT_ENUM(lttv_test, big,
	LTTV_TP_ENUM_VALUES(lttv_enum_value("ONE", 1)
	                    lttv_enum_range("HUGE", UINT64_C(0x8000000000000000), UINT64_MAX)))

/* integers of every width and signedness, in each display base */
LTTV_TRACEPOINT_EVENT(lttv_test, ints,
	LTTV_TP_ARGS(const struct test_ints *, v),
	LTTV_TP_FIELDS(lttv_field_integer(int8_t, s8, v->s8)
	               lttv_field_integer(uint8_t, u8, v->u8)
	               lttv_field_integer(int16_t, s16, v->s16)
	               lttv_field_integer(uint16_t, u16, v->u16)
	               lttv_field_integer(int32_t, s32, v->s32)
	               lttv_field_integer(uint32_t, u32, v->u32)
	               lttv_field_integer(int64_t, s64, v->s64)
	               lttv_field_integer(uint64_t, u64, v->u64)
	               lttv_field_integer_hex(uint32_t, hex32, v->hex32)
	               lttv_field_integer_oct(uint16_t, oct16, v->oct16)
	               lttv_field_integer(signed char, c, v->c)
	               lttv_field_integer(bool, b, v->b)
	               lttv_field_integer(long, l, v->l)))

LTTV_TRACEPOINT_EVENT(lttv_test, enums,
	LTTV_TP_ARGS(int, color, int, err, uint64_t, big),
	LTTV_TP_FIELDS(lttv_field_enum(lttv_test, color, uint8_t, color, color)
	               lttv_field_enum(lttv_test, errcode, int16_t, err, err)
	               lttv_field_enum(lttv_test, big, uint64_t, big, big)))

LTTV_TRACEPOINT_EVENT(lttv_test, floats,
	LTTV_TP_ARGS(float, f, double, d),
	LTTV_TP_FIELDS(lttv_field_float(float, f, f)
	               lttv_field_float(double, d, d)))

LTTV_TRACEPOINT_EVENT(lttv_test, strings,
	LTTV_TP_ARGS(const char *, s, const char *, text, const char *, raw, uint16_t, raw_len),
	LTTV_TP_FIELDS(lttv_field_string(s, s)
	               lttv_field_array_text(comm, text, 8)
	               lttv_field_sequence_text(raw, raw, uint16_t, raw_len)
	               lttv_field_string(tail, "end")))

LTTV_TRACEPOINT_EVENT(lttv_test, arrays,
	LTTV_TP_ARGS(const int8_t *, a8, const uint16_t *, a16, const int32_t *, a32,
	             const uint64_t *, a64, const int16_t *, seq, size_t, seq_len,
	             const uint32_t *, long_seq, unsigned int, long_len),
	LTTV_TP_FIELDS(lttv_field_array(int8_t, a8, a8, 3)
	               lttv_field_array(uint16_t, a16, a16, 2)
	               lttv_field_array(int32_t, a32, a32, 4)
	               lttv_field_array_hex(uint64_t, a64, a64, 2)
	               lttv_field_sequence(int16_t, seq, seq, uint8_t, seq_len)
	               lttv_field_sequence_hex(uint32_t, long_seq, long_seq, uint16_t, long_len)))

/* an argument no field uses, fields computed from several */
LTTV_TRACEPOINT_EVENT(lttv_test, side,
	LTTV_TP_ARGS(int, a, const char *, s, int, unused),
	LTTV_TP_FIELDS(lttv_field_integer(int, a, a)
	               lttv_field_string(s, s)
	               lttv_field_integer(int64_t, twice, (int64_t)a * 2)))

LTTV_TRACEPOINT_EVENT(lttv_test, empty, LTTV_TP_ARGS(), LTTV_TP_FIELDS())

LTTV_TRACEPOINT_EVENT(lttv_test, stress,
	LTTV_TP_ARGS(uint32_t, thread, uint64_t, seq),
	LTTV_TP_FIELDS(lttv_field_integer(uint32_t, thread, thread)
	               lttv_field_integer(uint64_t, seq, seq)))

LTTV_TRACEPOINT_EVENT(lttv_test2, ping,
	LTTV_TP_ARGS(uint32_t, n),
	LTTV_TP_FIELDS(lttv_field_integer(uint32_t, n, n)))
/* clang-format on */

#endif
