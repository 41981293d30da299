# SPDX-License-Identifier: GPL-2.0-or-later
# The histogram view: events per pixel column over the time window, and
# an overview of the whole trace (lttv-classic §3.7), as a loadable module.
lttvmodule_LTLIBRARIES += modules/histogram/histogram.la
modules_histogram_histogram_la_SOURCES = \
	modules/histogram/histogram.c modules/histogram/hist.h \
	modules/histogram/hist-count.c modules/histogram/hist-draw.c \
	modules/histogram/hist-render.c modules/histogram/hist-view.c \
	modules/histogram/hist-worker.c
modules_histogram_histogram_la_CFLAGS = $(module_cflags)
modules_histogram_histogram_la_LDFLAGS = $(module_ldflags)
modules_histogram_histogram_la_LIBADD = $(module_libadd) -lm

# tests: the view drawn headless and its CSV on real traces, against lttv dump
TESTS += tests/e2e/render-histogram.sh
EXTRA_DIST += tests/e2e/render-histogram.sh doc/views/histogram.md
