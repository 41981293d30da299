# SPDX-License-Identifier: GPL-2.0-or-later
# liblttv-ust.so: what applications link to be traced (doc/ust-sessions.md):
# the tracepoint runtime, the ring buffer's producer side and the session
# client; and the protocol both it and lttv-trace speak.

noinst_LTLIBRARIES += tracer/ust/libustproto.la
tracer_ust_libustproto_la_SOURCES = tracer/ust/ust-protocol.h tracer/ust/ust-protocol.c
tracer_ust_libustproto_la_CFLAGS = $(AM_CFLAGS) -O2 -fPIC
tracer_ust_libustproto_la_LIBADD = $(GLIB_LIBS) $(LTLIBINTL)

lib_LTLIBRARIES += liblttv-ust.la
liblttv_ust_la_SOURCES = tracer/ust/ust-client.c tracer/ust/ust-context.h
# same flags as the runtime: urcu-bp's inlined read side (tracepoint.mk)
liblttv_ust_la_CFLAGS = $(AM_CFLAGS) $(URCU_CFLAGS) -O2 -fno-sanitize=alignment
liblttv_ust_la_LIBADD = tracer/ust/libtracepoint.la tracer/ust/libringbuf.la \
	tracer/ctf/libctfwriter.la $(GLIB_LIBS) $(TP_URCU_LIBS) -lpthread
# only the probes' entry points and the runtime's control API are public
liblttv_ust_la_LDFLAGS = $(AM_LDFLAGS) -version-info 0:0:0 -export-symbols-regex '^lttv_tp_'

EXTRA_DIST += doc/ust-sessions.md
