/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Time in LTTV: signed nanoseconds since the Unix epoch (or since the
 * clock's origin when a trace's clock has no known origin), and the one
 * time syntax every LTTV tool accepts:
 *   1497552690.937252046    seconds.nanoseconds since the epoch
 *   22:14:38.000000123      clock time on the traceset's first day (UTC,
 *                           or local time when asked)
 *   2017-06-15 22:14:38.5   date and clock time
 *   +1.5                    seconds after the traceset's beginning
 */
#ifndef LTTV_TIME_H
#define LTTV_TIME_H

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef int64_t LttvTime;

#define LTTV_TIME_NS_PER_S INT64_C(1000000000)
#define LTTV_TIME_MIN INT64_MIN
#define LTTV_TIME_MAX INT64_MAX

/* Parses `text`; `origin` is the traceset's beginning (for `+S.NS` and
 * for the day of a clock time). */
gboolean lttv_time_parse(const char *text, LttvTime origin, gboolean local, LttvTime *out,
                         GError **error);

/* Formats into `buf` (at least 40 bytes); returns buf.
 * seconds: "1497552690.937252046"; clock: "22:14:38.000000123";
 * date: "2017-06-15 22:14:38.000000123". */
char *lttv_time_format_seconds(LttvTime t, char *buf, size_t len);
char *lttv_time_format_clock(LttvTime t, gboolean local, char *buf, size_t len);
char *lttv_time_format_date(LttvTime t, gboolean local, char *buf, size_t len);
/* A duration as "S.NNNNNNNNN" (with '-' when negative). */
char *lttv_time_format_duration(int64_t ns, char *buf, size_t len);

G_END_DECLS

#endif
