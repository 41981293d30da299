/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The time syntax shared by every LTTV tool, and time formatting. */
#include "lttv/time.h"

#include "digits.h"
#include "lttv/error.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Splits t into seconds (floor) and nanoseconds in [0, 1e9). */
static void split(LttvTime t, int64_t *s, int64_t *ns)
{
	*s = t / LTTV_TIME_NS_PER_S;
	*ns = t % LTTV_TIME_NS_PER_S;
	if (*ns < 0) {
		*ns += LTTV_TIME_NS_PER_S;
		(*s)--;
	}
}

/* Digits written by hand, not by snprintf: `lttv dump` formats two times
 * an event (digits.h). */

/* Writes v in decimal at p; returns the end. */
static char *put_uint(char *p, uint64_t v)
{
	char tmp[LTTV_DIGITS_MAX], *d = lttv_digits(tmp + sizeof tmp, v);
	size_t n = (size_t)(tmp + sizeof tmp - d);

	memcpy(p, d, n);
	return p + n;
}

/* Writes the `width` low decimal digits of v at p, zero-padded. */
static char *put_padded(char *p, uint64_t v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* Copies the text [tmp, end) into buf as snprintf would (cut to len - 1). */
static char *finish(char *buf, size_t len, const char *tmp, const char *end)
{
	size_t n = (size_t)(end - tmp);

	if (len == 0)
		return buf;
	if (n >= len)
		n = len - 1;
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return buf;
}

char *lttv_time_format_seconds(LttvTime t, char *buf, size_t len)
{
	char tmp[48], *p = tmp;
	uint64_t u = t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;

	/* (negative times as -S.NS of their absolute value) */
	if (t < 0)
		*p++ = '-';
	p = put_uint(p, u / 1000000000u);
	*p++ = '.';
	p = put_padded(p, u % 1000000000u, 9);
	return finish(buf, len, tmp, p);
}

char *lttv_time_format_duration(int64_t d, char *buf, size_t len)
{
	return lttv_time_format_seconds(d, buf, len);
}

/* The calendar fields of t's second: the last second's are kept per
 * thread, since localtime_r() and even gmtime_r() cost more than a line. */
static bool to_tm(LttvTime t, gboolean local, struct tm *tm, int64_t *ns)
{
	static __thread struct {
		bool valid, local;
		int64_t s;
		struct tm tm;
	} last;
	int64_t s;
	time_t tt;

	split(t, &s, ns);
	if (last.valid && last.s == s && last.local == !!local) {
		*tm = last.tm;
		return true;
	}
	tt = (time_t)s;
	if (!(local ? localtime_r(&tt, tm) != NULL : gmtime_r(&tt, tm) != NULL))
		return false;
	last.valid = true;
	last.local = !!local;
	last.s = s;
	last.tm = *tm;
	return true;
}

char *lttv_time_format_clock(LttvTime t, gboolean local, char *buf, size_t len)
{
	struct tm tm;
	int64_t ns;
	char tmp[48], *p = tmp;

	if (!to_tm(t, local, &tm, &ns)) {
		g_snprintf(buf, len, "?");
		return buf;
	}
	p = put_padded(p, (uint64_t)tm.tm_hour, 2);
	*p++ = ':';
	p = put_padded(p, (uint64_t)tm.tm_min, 2);
	*p++ = ':';
	p = put_padded(p, (uint64_t)tm.tm_sec, 2);
	*p++ = '.';
	p = put_padded(p, (uint64_t)ns, 9);
	return finish(buf, len, tmp, p);
}

char *lttv_time_format_date(LttvTime t, gboolean local, char *buf, size_t len)
{
	struct tm tm;
	int64_t ns;

	if (!to_tm(t, local, &tm, &ns)) {
		g_snprintf(buf, len, "?");
		return buf;
	}
	g_snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d.%09" PRId64, tm.tm_year + 1900,
	           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ns);
	return buf;
}

/* Reads digits; returns the count, 0 if none; fails on overflow. */
static int read_uint(const char **p, uint64_t *out, int max_digits)
{
	int n = 0;
	uint64_t v = 0;

	while (g_ascii_isdigit(**p) && n < max_digits) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n;
}

/* ".NNN" -> nanoseconds (up to 9 digits). */
static bool read_fraction(const char **p, int64_t *ns)
{
	uint64_t v = 0;
	int n;

	*ns = 0;
	if (**p != '.')
		return true;
	(*p)++;
	n = read_uint(p, &v, 9);
	if (n <= 0)
		return false;
	for (int i = n; i < 9; i++)
		v *= 10;
	*ns = (int64_t)v;
	return !g_ascii_isdigit(**p);
}

static gboolean bad(const char *text, GError **error)
{
	g_set_error(error, LTTV_ERROR, LTTV_ERROR_ARGUMENT,
	            _("invalid time `%s`: expected SECONDS.NS since the epoch "
	              "(1497552690.937252046), a clock time (22:14:38.000000123), a date and "
	              "time (2017-06-15 22:14:38) or +SECONDS.NS from the beginning"),
	            text);
	return FALSE;
}

static bool mul_add(int64_t s, int64_t ns, int sign, LttvTime *out)
{
	int64_t v;

	if (__builtin_mul_overflow(s, LTTV_TIME_NS_PER_S, &v) || __builtin_add_overflow(v, ns, &v))
		return false;
	*out = sign < 0 ? -v : v;
	return true;
}

gboolean lttv_time_parse(const char *text, LttvTime origin, gboolean local, LttvTime *out,
                         GError **error)
{
	const char *p = text;
	uint64_t a = 0, b = 0, c = 0;
	int64_t ns = 0;
	int na;
	bool relative = false;
	int sign = 1;

	while (g_ascii_isspace(*p))
		p++;
	if (*p == '+') {
		relative = true;
		p++;
	} else if (*p == '-') {
		sign = -1;
		p++;
	}
	na = read_uint(&p, &a, 19);
	if (na <= 0)
		return bad(text, error);
	if (*p == '-' && !relative && sign > 0 && na == 4) {
		/* YYYY-MM-DD HH:MM:SS[.NS] */
		uint64_t mon = 0, day = 0, h = 0, mi = 0, s = 0;
		struct tm tm = {0};
		time_t tt;

		p++;
		if (read_uint(&p, &mon, 2) <= 0 || *p++ != '-' || read_uint(&p, &day, 2) <= 0)
			return bad(text, error);
		if (*p != ' ' && *p != 'T')
			return bad(text, error);
		p++;
		if (read_uint(&p, &h, 2) <= 0 || *p++ != ':' || read_uint(&p, &mi, 2) <= 0 ||
		    *p++ != ':' || read_uint(&p, &s, 2) <= 0 || !read_fraction(&p, &ns))
			return bad(text, error);
		if (*p || mon < 1 || mon > 12 || day < 1 || day > 31 || h > 23 || mi > 59 || s > 60)
			return bad(text, error);
		tm.tm_year = (int)a - 1900;
		tm.tm_mon = (int)mon - 1;
		tm.tm_mday = (int)day;
		tm.tm_hour = (int)h;
		tm.tm_min = (int)mi;
		tm.tm_sec = (int)s;
		tm.tm_isdst = -1;
		tt = local ? mktime(&tm) : timegm(&tm);
		if (!mul_add((int64_t)tt, ns, 1, out))
			return bad(text, error);
		return TRUE;
	}
	if (*p == ':') {
		/* HH:MM:SS[.NS] on the day of `origin` */
		struct tm tm;
		int64_t ons;
		time_t tt;

		if (relative || sign < 0 || na > 2 || a > 23)
			return bad(text, error);
		p++;
		if (read_uint(&p, &b, 2) <= 0 || b > 59 || *p++ != ':' ||
		    read_uint(&p, &c, 2) <= 0 || c > 60 || !read_fraction(&p, &ns) || *p)
			return bad(text, error);
		if (!to_tm(origin, local, &tm, &ons))
			return bad(text, error);
		tm.tm_hour = (int)a;
		tm.tm_min = (int)b;
		tm.tm_sec = (int)c;
		tm.tm_isdst = -1;
		tt = local ? mktime(&tm) : timegm(&tm);
		if (!mul_add((int64_t)tt, ns, 1, out))
			return bad(text, error);
		return TRUE;
	}
	if (!read_fraction(&p, &ns) || *p || a > (uint64_t)INT64_MAX)
		return bad(text, error);
	if (!mul_add((int64_t)a, ns, sign, out))
		return bad(text, error);
	if (relative && __builtin_add_overflow(origin, *out, out))
		return bad(text, error);
	return TRUE;
}
