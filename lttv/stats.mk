# SPDX-License-Identifier: GPL-2.0-or-later
# Statistics over any time range (include/lttv/stats.h): `lttv stats` and
# the statistics view.
liblttv_la_SOURCES += \
	lttv/stats/stats-internal.h \
	lttv/stats/stats-tree.c \
	lttv/stats/stats-times.c \
	lttv/stats/stats-events.c \
	lttv/stats/stats.c
lttvinclude_HEADERS += include/lttv/stats.h

# (its unit test is declared in modules/statistics/statistics.mk: this
# fragment comes before the main TESTS list)
