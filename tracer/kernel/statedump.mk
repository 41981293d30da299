# SPDX-License-Identifier: GPL-2.0-or-later
# The state dump of `lttv-trace record -k` (threads, IRQs, block devices
# read from /proc and /sys), its unit test, and the workload program the
# end-to-end test records (built by `make check`, never installed).
noinst_LTLIBRARIES += tracer/kernel/libstatedump.la
tracer_kernel_libstatedump_la_SOURCES = tracer/kernel/statedump.h tracer/kernel/statedump.c
tracer_kernel_libstatedump_la_CFLAGS = $(AM_CFLAGS) -O2
tracer_kernel_libstatedump_la_LIBADD = $(GLIB_LIBS)

check_PROGRAMS += tests/unit/test-statedump
TESTS += tests/unit/test-statedump
tests_unit_test_statedump_SOURCES = tests/unit/test-statedump.c
tests_unit_test_statedump_LDADD = tracer/kernel/libstatedump.la $(GLIB_LIBS)

# libc and pthread only: it must not perturb the trace with library noise
check_PROGRAMS += tests/workload/workload
tests_workload_workload_SOURCES = tests/workload/workload.c
tests_workload_workload_CFLAGS = $(AM_CFLAGS) -pthread
tests_workload_workload_LDADD = -lpthread
