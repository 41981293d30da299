# SPDX-License-Identifier: GPL-2.0-or-later
# Syscall string arguments captured by an eBPF program (see doc/syscall-strings.md).
noinst_LTLIBRARIES += tracer/kernel/libsyscallstrings.la
tracer_kernel_libsyscallstrings_la_SOURCES = tracer/kernel/syscall-strings.h \
	tracer/kernel/syscall-strings.c \
	tracer/kernel/syscall-strings-asm.c tracer/kernel/syscall-strings-internal.h
tracer_kernel_libsyscallstrings_la_CFLAGS = $(AM_CFLAGS) -O2
tracer_kernel_libsyscallstrings_la_LIBADD = $(GLIB_LIBS)

check_PROGRAMS += tests/unit/test-syscall-strings
TESTS += tests/unit/test-syscall-strings
tests_unit_test_syscall_strings_SOURCES = tests/unit/test-syscall-strings.c tracer/kernel/tracefs.c
tests_unit_test_syscall_strings_LDADD = tracer/kernel/libsyscallstrings.la $(GLIB_LIBS)
EXTRA_DIST += doc/syscall-strings.md
