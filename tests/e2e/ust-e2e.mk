# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end tests of liblttv-ust and `lttv-trace record -u` (issue 4):
# tests/e2e/record-ust.sh runs the traced program ust-test-app under the
# recorder and checks the traces with ust-check (liblttv's reader);
# ust-reaper lets it see the exit status of a program whose recorder it
# killed.  Included from Makefile.am.

check_PROGRAMS += tests/e2e/ust/ust-test-app tests/e2e/ust/ust-check tests/e2e/ust/ust-reaper
tests_e2e_ust_ust_test_app_SOURCES = tests/e2e/ust/ust-test-app.c \
	tests/e2e/ust/ust-e2e-tp.c tests/e2e/ust/ust-e2e-tp.h tests/e2e/ust/ust-e2e-check.h
tests_e2e_ust_ust_test_app_CFLAGS = $(AM_CFLAGS) -O2 -pthread
tests_e2e_ust_ust_test_app_LDADD = liblttv-ust.la -lpthread

tests_e2e_ust_ust_check_SOURCES = tests/e2e/ust/ust-check.c tests/e2e/ust/ust-check-merge.c \
	tests/e2e/ust/ust-check.h tests/e2e/ust/ust-e2e-check.h
tests_e2e_ust_ust_check_CFLAGS = $(AM_CFLAGS) -O2
tests_e2e_ust_ust_check_LDADD = liblttv.la $(GLIB_LIBS)

tests_e2e_ust_ust_reaper_SOURCES = tests/e2e/ust/ust-reaper.c

TESTS += tests/e2e/record-ust.sh
