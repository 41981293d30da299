# SPDX-License-Identifier: GPL-2.0-or-later
# The detailed event list (lttv-classic §3.5): a virtual list over any
# number of events, read around the viewport by a worker thread, as a
# loadable module built like any other.
lttvmodule_LTLIBRARIES += modules/events/events.la
events_model_sources = \
	modules/events/ev-model.h modules/events/ev-scale.c modules/events/ev-reader.c \
	modules/events/ev-cache.c
modules_events_events_la_SOURCES = $(events_model_sources) \
	modules/events/events.c modules/events/ev.h \
	modules/events/ev-draw.c modules/events/ev-render.c modules/events/ev-worker.c \
	modules/events/ev-search.c modules/events/ev-view.h modules/events/ev-view.c \
	modules/events/ev-input.c
modules_events_events_la_CFLAGS = $(module_cflags)
modules_events_events_la_LDFLAGS = $(module_ldflags)
modules_events_events_la_LIBADD = $(module_libadd) -lm

# tests: the row cache and its reading on real traces, the view drawn
# headless and exported against `lttv dump`
check_PROGRAMS += tests/unit/test-events-cache
TESTS += tests/unit/test-events-cache tests/e2e/render-events.sh
EXTRA_DIST += tests/e2e/render-events.sh tests/bench/events tests/bench/events-jump.c \
	doc/views/events.md
tests_unit_test_events_cache_SOURCES = tests/unit/test-events-cache.c $(events_model_sources)
tests_unit_test_events_cache_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/modules/events
tests_unit_test_events_cache_LDADD = liblttv.la $(GLIB_LIBS) -lm
