# SPDX-License-Identifier: GPL-2.0-or-later
# lttv-trace's user-space sessions (doc/ust-sessions.md): the socket that
# liblttv-ust registers on and the consumer of the applications' buffers.
noinst_LTLIBRARIES += tracer/ust/libustsession.la
tracer_ust_libustsession_la_SOURCES = tracer/ust/session.h tracer/ust/session-internal.h \
	tracer/ust/session.c tracer/ust/session-app.c tracer/ust/session-rules.c
tracer_ust_libustsession_la_CFLAGS = $(AM_CFLAGS) -O2
tracer_ust_libustsession_la_LIBADD = tracer/ust/libustproto.la tracer/ust/libringbuf.la \
	tracer/ctf/libctfwriter.la $(GLIB_LIBS) $(LTLIBINTL) -lpthread

check_PROGRAMS += tests/unit/test-ust-protocol
TESTS += tests/unit/test-ust-protocol
tests_unit_test_ust_protocol_SOURCES = tests/unit/test-ust-protocol.c
tests_unit_test_ust_protocol_LDADD = tracer/ust/libustsession.la $(GLIB_LIBS)
