# SPDX-License-Identifier: GPL-2.0-or-later
# The statistics view: the tree of lttv/stats.h over the tab's selection
# (lttv-classic §3.6), as a loadable module built like any other.
lttvmodule_LTLIBRARIES += modules/statistics/statistics.la
modules_statistics_statistics_la_SOURCES = \
	modules/statistics/statistics.c modules/statistics/st.h \
	modules/statistics/st-result.c modules/statistics/st-view.c \
	modules/statistics/st-render.c modules/statistics/st-csv.c
modules_statistics_statistics_la_CFLAGS = $(module_cflags)
modules_statistics_statistics_la_LDFLAGS = $(module_ldflags)
modules_statistics_statistics_la_LIBADD = $(module_libadd)

# tests: the statistics library on real traces (declared here, after the
# main TESTS list, which lttv/stats.mk comes before)
check_PROGRAMS += tests/unit/test-stats
TESTS += tests/unit/test-stats
tests_unit_test_stats_SOURCES = tests/unit/test-stats.c tests/unit/shared-traces.h \
	tests/unit/tmpdir.h
tests_unit_test_stats_LDADD = $(unit_ldadd)

# the view drawn headless and exported, against `lttv stats`
TESTS += tests/e2e/render-statistics.sh
EXTRA_DIST += tests/e2e/render-statistics.sh tests/e2e/statistics-compare.py \
	doc/views/statistics.md
