# SPDX-License-Identifier: GPL-2.0-or-later
# Time-line helpers (mapping, ruler, marks, pointer controller) shared by
# every time-line view; part of liblttv-gui.
gui_liblttv_gui_la_SOURCES += gui/timeline.c
lttvinclude_HEADERS += include/lttv/timeline.h
