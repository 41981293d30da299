# SPDX-License-Identifier: GPL-2.0-or-later
# lttv-gui: the GtkApplication (window, tabs, timebar, status bar) and its
# headless rendering (--render), its desktop entry and icon, its GUI test.
bin_PROGRAMS += gui/lttv-gui
gui_lttv_gui_SOURCES = gui/main.c \
	gui/app.c gui/app.h gui/app-menus.c gui/app-dialogs.c gui/app-modules.c \
	gui/window.c gui/window.h gui/window-actions.c gui/window-nav.c \
	gui/window-page.c gui/window-page.h \
	gui/timebar.c gui/timebar.h gui/statusbar.c gui/statusbar.h \
	gui/filterbar.c gui/filterbar.h \
	gui/render.c gui/render.h gui/timing.c gui/timing.h gui/export.c gui/export.h
gui_lttv_gui_CFLAGS = $(AM_CFLAGS) $(GTK_CFLAGS) -DLTTV_MODULE_DIR=\"$(lttvmoduledir)\" \
	-DLTTV_BUILDDIR=\"$(abs_top_builddir)\" \
	-DLTTV_BUILD_MODULE_PATH=\"$(bundled_module_path)\" \
	-DLTTV_ICON_DIR=\"$(datadir)/icons\"
gui_lttv_gui_LDADD = gui/liblttv-gui.la liblttv.la $(GTK_LIBS) $(GLIB_LIBS) $(LTLIBINTL) -lm

desktopdir = $(datadir)/applications
desktop_DATA = data/lttv-gui.desktop
appicondir = $(datadir)/icons/hicolor/scalable/apps
appicon_DATA = data/lttv-gui.svg
EXTRA_DIST += $(desktop_DATA) $(appicon_DATA) doc/gui.md

# the GUI test: the real window under Xvfb, driven with xdotool, checked
# on screenshots (tests/lib/xshot)
check_PROGRAMS += tests/lib/xshot
tests_lib_xshot_SOURCES = tests/lib/xshot.c
tests_lib_xshot_CFLAGS = $(AM_CFLAGS) $(GTK_CFLAGS)
tests_lib_xshot_LDADD = $(GTK_LIBS) $(GLIB_LIBS)
TESTS += tests/gui/app.sh tests/gui/views.sh
EXTRA_DIST += tests/gui/app.sh tests/gui/views.sh tests/lib/gui.sh
