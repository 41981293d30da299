# SPDX-License-Identifier: GPL-2.0-or-later
# liblttv-gui: what views are built on (the tab, the view registry, the
# palette, the time-line helpers); lttv-gui and every view module link it.
lib_LTLIBRARIES += gui/liblttv-gui.la
gui_liblttv_gui_la_SOURCES = gui/tab.c gui/view.c gui/palette.c
gui_liblttv_gui_la_CFLAGS = $(AM_CFLAGS) $(GTK_CFLAGS) -O2
gui_liblttv_gui_la_LIBADD = liblttv.la $(GTK_LIBS) $(GLIB_LIBS)
gui_liblttv_gui_la_LDFLAGS = $(AM_LDFLAGS) -version-info 0:0:0
lttvinclude_HEADERS += include/lttv/tab.h include/lttv/view.h

# Where bundled and installed modules live; every module is built with
# these flags (a loadable .so without version suffix).
lttvmoduledir = $(pkglibdir)/modules
lttvmodule_LTLIBRARIES =
module_ldflags = $(AM_LDFLAGS) -module -avoid-version -shared -no-undefined
module_cflags = $(AM_CFLAGS) $(GTK_CFLAGS)
module_libadd = gui/liblttv-gui.la liblttv.la $(GTK_LIBS) $(GLIB_LIBS) $(LTLIBINTL)

check_PROGRAMS += tests/unit/test-tab
TESTS += tests/unit/test-tab
tests_unit_test_tab_SOURCES = tests/unit/test-tab.c tests/unit/shared-traces.h
tests_unit_test_tab_CFLAGS = $(AM_CFLAGS) $(GTK_CFLAGS)
tests_unit_test_tab_LDADD = gui/liblttv-gui.la liblttv.la $(GTK_LIBS) $(GLIB_LIBS)
