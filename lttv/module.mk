# SPDX-License-Identifier: GPL-2.0-or-later
# The module loader is part of liblttv: modules may add hooks and commands
# to the command-line tools as well as views to the GUI.
liblttv_la_SOURCES += lttv/module.c
liblttv_la_CPPFLAGS = $(AM_CPPFLAGS) -DLTTV_MODULE_DIR=\"$(pkglibdir)/modules\"
liblttv_la_CFLAGS += $(GMODULE_CFLAGS)
liblttv_la_LIBADD += $(GMODULE_LIBS)
lttvinclude_HEADERS += include/lttv/module.h
