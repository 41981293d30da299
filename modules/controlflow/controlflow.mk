# SPDX-License-Identifier: GPL-2.0-or-later
# The control flow view: one row per thread, coloured by state over time
# (lttv-classic §3.3), as a loadable module built like any other.
lttvmodule_LTLIBRARIES += modules/controlflow/controlflow.la
modules_controlflow_controlflow_la_SOURCES = \
	modules/controlflow/controlflow.c modules/controlflow/cf.h \
	modules/controlflow/cf-model.c modules/controlflow/cf-draw.c \
	modules/controlflow/cf-lost.c modules/controlflow/cf-view.c \
	modules/controlflow/cf-render.c modules/controlflow/cf-wakeup.c \
	modules/controlflow/cf-rows.c modules/controlflow/cf-sample.c \
	modules/controlflow/cf-cache.c
modules_controlflow_controlflow_la_CFLAGS = $(module_cflags)
modules_controlflow_controlflow_la_LDFLAGS = $(module_ldflags)
modules_controlflow_controlflow_la_LIBADD = $(module_libadd)

# tests: the time-line helpers, and the view drawn headless on real traces
check_PROGRAMS += tests/unit/test-timeline tests/unit/render-view
TESTS += tests/unit/test-timeline tests/e2e/render-controlflow.sh
EXTRA_DIST += tests/e2e/render-controlflow.sh
tests_unit_test_timeline_SOURCES = tests/unit/test-timeline.c
tests_unit_test_timeline_CFLAGS = $(AM_CFLAGS) $(GTK_CFLAGS)
tests_unit_test_timeline_LDADD = gui/liblttv-gui.la liblttv.la $(GTK_LIBS) $(GLIB_LIBS) -lm
tests_unit_render_view_SOURCES = tests/unit/render-view.c
tests_unit_render_view_CFLAGS = $(AM_CFLAGS) $(GTK_CFLAGS) $(GMODULE_CFLAGS)
tests_unit_render_view_LDADD = gui/liblttv-gui.la liblttv.la $(GTK_LIBS) $(GMODULE_LIBS) $(GLIB_LIBS)

# its parts on real traces: sampling in runs against the history's, the
# picture drawn in place against cairo's, what it keeps on the tab
check_PROGRAMS += tests/unit/test-controlflow
TESTS += tests/unit/test-controlflow
tests_unit_test_controlflow_SOURCES = tests/unit/test-controlflow.c tests/unit/shared-traces.h \
	modules/controlflow/cf.h modules/controlflow/cf-model.c modules/controlflow/cf-draw.c \
	modules/controlflow/cf-lost.c modules/controlflow/cf-render.c \
	modules/controlflow/cf-wakeup.c modules/controlflow/cf-rows.c \
	modules/controlflow/cf-sample.c modules/controlflow/cf-cache.c
tests_unit_test_controlflow_CFLAGS = $(AM_CFLAGS) $(GTK_CFLAGS) -I$(srcdir)/modules/controlflow
tests_unit_test_controlflow_LDADD = gui/liblttv-gui.la liblttv.la $(GTK_LIBS) $(GLIB_LIBS) -lm
