# SPDX-License-Identifier: GPL-2.0-or-later
# User-space tracepoints (doc/tracepoints.md): the public header
# <lttv/tracepoint.h>, their runtime (registry, enabling rules, backend
# interface, in-memory backend; part of the future liblttv-ust), the
# example program and the unit test.  Included from Makefile.am after the
# tests section.

# urcu-bp (package liburcu-dev, like the liburcu that configure checks):
# its read side needs no thread registration, so probes work in threads
# the runtime did not create and in signal handlers.
TP_URCU_LIBS = -lurcu-bp -lurcu-common

noinst_LTLIBRARIES += tracer/ust/libtracepoint.la
tracer_ust_libtracepoint_la_SOURCES = tracer/ust/tracepoint-runtime.c \
	tracer/ust/tracepoint-runtime.h
# -fno-sanitize=alignment: liburcu-bp 0.13 allocates its (cache-line
# aligned) per-thread reader records at 16-byte offsets of its arena, and
# its read-side functions, inlined here, access them: harmless on x86, a
# UBSan report in --enable-asan builds.
# -ftls-model=initial-exec: urcu-bp's per-thread reader, read by every
# probe, is one TLS access instead of a __tls_get_addr call (as LTTng-UST
# does; liburcu-bp is loaded with the program, as our dependency)
tracer_ust_libtracepoint_la_CFLAGS = $(AM_CFLAGS) $(URCU_CFLAGS) -fPIC -O2 -fno-sanitize=alignment \
	-ftls-model=initial-exec
tracer_ust_libtracepoint_la_LIBADD = tracer/ust/libustproto.la $(GLIB_LIBS) $(TP_URCU_LIBS)

lttvinclude_HEADERS += include/lttv/tracepoint.h

# installed in $(pkglibexecdir) (tools/demo runs it); its own directory
# variable, so that other fragments may install programs there too
ustexampledir = $(pkglibexecdir)
ustexample_PROGRAMS = tracer/ust/lttv-ust-example
tracer_ust_lttv_ust_example_SOURCES = tracer/ust/lttv-ust-example.c \
	tracer/ust/example-tp.c tracer/ust/example-tp.h
tracer_ust_lttv_ust_example_CFLAGS = $(AM_CFLAGS) -O2
tracer_ust_lttv_ust_example_LDADD = liblttv-ust.la $(GLIB_LIBS) -lpthread

# The unit test, its provider of every field type, and a provider in a
# shared object that the test loads with dlopen: the test program exports
# the runtime's symbols to it (-export-dynamic), as liblttv-ust.so will.
check_PROGRAMS += tests/unit/test-tracepoint
TESTS += tests/unit/test-tracepoint
tests_unit_test_tracepoint_SOURCES = tests/unit/test-tracepoint.c \
	tests/unit/test-tracepoint-ctf.c tests/unit/tp-test-provider.c \
	tests/unit/tp-test-provider.h tests/unit/tracepoint-tests.h
tests_unit_test_tracepoint_CPPFLAGS = $(AM_CPPFLAGS) \
	-DTEST_TP_DL_PATH='"$(abs_top_builddir)/tests/unit/.libs/test-tp-dl.so"' \
	-DTEST_TP_EXAMPLE_PATH='"$(abs_top_builddir)/tracer/ust/lttv-ust-example$(EXEEXT)"'
tests_unit_test_tracepoint_LDADD = tracer/ust/libtracepoint.la tracer/ust/libringbuf.la tracer/ctf/libctfwriter.la \
	liblttv.la $(GLIB_LIBS) -ldl -lpthread
tests_unit_test_tracepoint_LDFLAGS = $(AM_LDFLAGS) -export-dynamic
EXTRA_tests_unit_test_tracepoint_DEPENDENCIES = tests/unit/test-tp-dl.la \
	tracer/ust/lttv-ust-example$(EXEEXT)
# check_LTLIBRARIES is first set here: a later fragment adds with +=
check_LTLIBRARIES = tests/unit/test-tp-dl.la
tests_unit_test_tp_dl_la_SOURCES = tests/unit/test-tp-dl.c
tests_unit_test_tp_dl_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version -shared -rpath /nowhere

EXTRA_DIST += doc/tracepoints.md
