# SPDX-License-Identifier: GPL-2.0-or-later
# The CTF 1.8 writer (tracer/ctf/) and its unit test; included from
# Makefile.am, which defines noinst_LTLIBRARIES, check_PROGRAMS and TESTS.
noinst_LTLIBRARIES += tracer/ctf/libctfwriter.la
tracer_ctf_libctfwriter_la_SOURCES = tracer/ctf/ctf-writer.h tracer/ctf/metadata.c \
	tracer/ctf/stream.c
tracer_ctf_libctfwriter_la_CFLAGS = $(AM_CFLAGS) -O2
tracer_ctf_libctfwriter_la_LIBADD = $(GLIB_LIBS)

check_PROGRAMS += tests/unit/test-ctf-writer
TESTS += tests/unit/test-ctf-writer
tests_unit_test_ctf_writer_SOURCES = tests/unit/test-ctf-writer.c \
	tests/unit/test-ctf-writer-bytes.c tests/unit/ctf-writer-tests.h tests/unit/tmpdir.h
tests_unit_test_ctf_writer_LDADD = tracer/ctf/libctfwriter.la liblttv.la $(GLIB_LIBS)
EXTRA_DIST += doc/ctf-writer.md
