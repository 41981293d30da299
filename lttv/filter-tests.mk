# SPDX-License-Identifier: GPL-2.0-or-later
# The filter language's tests (included from Makefile.am after TESTS and
# check_PROGRAMS are set; the library part is lttv/filter.mk).
filter_tests = tests/unit/test-filter tests/unit/test-filter-traces
check_PROGRAMS += $(filter_tests)
TESTS += $(filter_tests) tests/e2e/filter-oracle.sh
EXTRA_DIST += tests/e2e/filter-oracle.sh lttv/filter-tests.mk
tests_unit_test_filter_SOURCES = tests/unit/test-filter.c tests/unit/filter-sample.h
tests_unit_test_filter_LDADD = liblttv.la $(GLIB_LIBS) -lm
tests_unit_test_filter_traces_SOURCES = tests/unit/test-filter-traces.c tests/unit/shared-traces.h
tests_unit_test_filter_traces_LDADD = liblttv.la $(GLIB_LIBS)
