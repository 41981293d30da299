# SPDX-License-Identifier: GPL-2.0-or-later
# liblttv-ust's per-CPU shared-memory ring buffer (doc/ust-ringbuf.md), its
# unit test and its micro-benchmark; included from Makefile.am, which
# defines noinst_LTLIBRARIES, check_PROGRAMS and TESTS.

# PIC: linked into the liblttv-ust shared object
noinst_LTLIBRARIES += tracer/ust/libringbuf.la
tracer_ust_libringbuf_la_SOURCES = tracer/ust/ringbuf.h tracer/ust/ringbuf-internal.h \
	tracer/ust/ringbuf.c tracer/ust/ringbuf-consumer.c
tracer_ust_libringbuf_la_CFLAGS = $(AM_CFLAGS) -O2 -fPIC
tracer_ust_libringbuf_la_LIBADD = $(GLIB_LIBS) -lpthread

check_PROGRAMS += tests/unit/test-ust-ringbuf
TESTS += tests/unit/test-ust-ringbuf
tests_unit_test_ust_ringbuf_SOURCES = tests/unit/test-ust-ringbuf.c tests/unit/ust-ringbuf-trace.h
tests_unit_test_ust_ringbuf_CFLAGS = $(AM_CFLAGS) -O2
tests_unit_test_ust_ringbuf_LDADD = tracer/ust/libringbuf.la tracer/ctf/libctfwriter.la \
	liblttv.la $(GLIB_LIBS) -lpthread

# ns/event of the fast path (not run by make check: tests/bench/ust-ringbuf -h)
check_PROGRAMS += tests/bench/ust-ringbuf
tests_bench_ust_ringbuf_SOURCES = tests/bench/ust-ringbuf.c
tests_bench_ust_ringbuf_CFLAGS = $(AM_CFLAGS) -O2
tests_bench_ust_ringbuf_LDADD = tracer/ust/libringbuf.la $(GLIB_LIBS) -lpthread

EXTRA_DIST += doc/ust-ringbuf.md
