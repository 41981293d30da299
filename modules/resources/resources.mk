# SPDX-License-Identifier: GPL-2.0-or-later
# The resource view: CPUs, IRQ lines, softirq vectors and block devices
# of each trace over time (lttv-classic §3.4), as a loadable module.
lttvmodule_LTLIBRARIES += modules/resources/resources.la
modules_resources_resources_la_SOURCES = \
	modules/resources/resources.c modules/resources/resources.h \
	modules/resources/res-model.c modules/resources/res-text.c \
	modules/resources/res-draw.c modules/resources/res-render.c \
	modules/resources/res-view.c
modules_resources_resources_la_CFLAGS = $(module_cflags)
modules_resources_resources_la_LDFLAGS = $(module_ldflags)
modules_resources_resources_la_LIBADD = $(module_libadd) -lm

# tests: the view drawn headless and its CSV on real kernel traces,
# against `lttv state` and `lttv stats`
TESTS += tests/e2e/render-resources.sh
EXTRA_DIST += tests/e2e/render-resources.sh doc/views/resources.md

# its parts on real traces: rows, tooltips, a partial history
check_PROGRAMS += tests/unit/test-resources
TESTS += tests/unit/test-resources
tests_unit_test_resources_SOURCES = tests/unit/test-resources.c tests/unit/shared-traces.h \
	modules/resources/resources.h modules/resources/res-model.c \
	modules/resources/res-text.c modules/resources/res-draw.c
tests_unit_test_resources_CFLAGS = $(AM_CFLAGS) $(GTK_CFLAGS) -I$(srcdir)/modules/resources
tests_unit_test_resources_LDADD = gui/liblttv-gui.la liblttv.la $(GTK_LIBS) $(GLIB_LIBS) -lm
