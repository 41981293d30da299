# SPDX-License-Identifier: GPL-2.0-or-later
# The filter language (doc/filter.md): lttv dump --filter and the views.
# (Its tests: lttv/filter-tests.mk, included after TESTS is set.)
liblttv_la_SOURCES += \
	lttv/filter/filter-internal.h \
	lttv/filter/filter-lex.c \
	lttv/filter/filter-parse.c \
	lttv/filter/filter-eval.c \
	lttv/filter/filter-fields.c
lttvinclude_HEADERS += include/lttv/filter.h
EXTRA_DIST += doc/filter.md
