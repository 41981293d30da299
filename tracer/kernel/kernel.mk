# SPDX-License-Identifier: GPL-2.0-or-later
# The kernel recorder and the lttv-trace command.

noinst_LTLIBRARIES += tracer/kernel/libkrecorder.la
tracer_kernel_libkrecorder_la_SOURCES = \
	tracer/kernel/tracefs.c tracer/kernel/tracefs.h \
	tracer/kernel/ftrace-format.c tracer/kernel/ftrace-format.h tracer/kernel/ftrace-page.h \
	tracer/kernel/syscalls.h \
	tracer/kernel/convert.c tracer/kernel/convert.h tracer/kernel/convert-internal.h \
	tracer/kernel/convert-build.c tracer/kernel/convert-statedump.c tracer/kernel/convert-table.c tracer/kernel/convert-table.h \
	tracer/kernel/spool.c tracer/kernel/spool.h tracer/kernel/spool-convert.c tracer/kernel/spool-convert.h \
	tracer/kernel/recover.c tracer/kernel/recover.h tracer/kernel/recorder.c tracer/kernel/recorder.h
nodist_tracer_kernel_libkrecorder_la_SOURCES = tracer/kernel/syscall-table.c
tracer_kernel_libkrecorder_la_CFLAGS = $(AM_CFLAGS) -O2
tracer_kernel_libkrecorder_la_LIBADD = tracer/ctf/libctfwriter.la tracer/kernel/libstatedump.la \
	tracer/kernel/libsyscallstrings.la liblttv.la $(GLIB_LIBS)

# the architecture's syscall numbers, from the kernel headers
tracer/kernel/syscall-table.c: $(top_srcdir)/tools/gen-syscall-table
	$(AM_V_GEN)$(MKDIR_P) tracer/kernel && $(SHELL) $(top_srcdir)/tools/gen-syscall-table "$(CC)" > $@.tmp && mv $@.tmp $@
BUILT_SOURCES = tracer/kernel/syscall-table.c
CLEANFILES = tracer/kernel/syscall-table.c
EXTRA_DIST += tools/gen-syscall-table

bin_PROGRAMS += tracer/lttv-trace
tracer_lttv_trace_SOURCES = tracer/lttv-trace.c
tracer_lttv_trace_CFLAGS = $(AM_CFLAGS) $(POPT_CFLAGS)
tracer_lttv_trace_LDADD = tracer/ust/libustsession.la tracer/kernel/libkrecorder.la $(GLIB_LIBS) $(POPT_LIBS) $(LTLIBINTL) -lpthread

# the format, page and conversion code of the recorder, on a fake tracefs
ftrace_tests = tests/unit/test-ftrace tests/unit/test-ftrace-page tests/unit/test-ftrace-convert \
	tests/unit/test-kspool
check_PROGRAMS += $(ftrace_tests)
TESTS += $(ftrace_tests)
ftrace_test_ldadd = tracer/kernel/libkrecorder.la liblttv.la $(GLIB_LIBS)
tests_unit_test_ftrace_SOURCES = tests/unit/test-ftrace.c tests/unit/ftrace-formats.h
tests_unit_test_ftrace_LDADD = $(ftrace_test_ldadd)
tests_unit_test_ftrace_page_SOURCES = tests/unit/test-ftrace-page.c tests/unit/ftrace-formats.h
tests_unit_test_ftrace_page_LDADD = $(ftrace_test_ldadd)
tests_unit_test_ftrace_convert_SOURCES = tests/unit/test-ftrace-convert.c tests/unit/ftrace-formats.h \
	tests/unit/ftrace-records.h
tests_unit_test_ftrace_convert_LDADD = $(ftrace_test_ldadd)
tests_unit_test_kspool_SOURCES = tests/unit/test-kspool.c tests/unit/ftrace-formats.h \
	tests/unit/ftrace-records.h
tests_unit_test_kspool_LDADD = $(ftrace_test_ldadd)
