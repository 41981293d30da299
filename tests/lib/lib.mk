# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers of the screenshot and rendering tests.
check_PROGRAMS += tests/lib/pngtool
tests_lib_pngtool_SOURCES = tests/lib/pngtool.c
tests_lib_pngtool_CFLAGS = $(AM_CFLAGS) $(CAIRO_CFLAGS)
tests_lib_pngtool_LDADD = $(CAIRO_LIBS) $(GLIB_LIBS)
