/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter language's tokens: dotted field names, numbers, strings,
 * operators.  Every token keeps its column for error messages. */
#include "filter/filter-internal.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

G_DEFINE_QUARK(lttv - filter - error - quark, lttv_filter_error)

guint filter_column(const char *expr, gsize offset)
{
	guint col = 1;

	/* characters, not bytes: UTF-8 continuation bytes do not count
	 * (invalid UTF-8 counts a byte per column, never reads further) */
	for (gsize i = 0; i < offset && expr[i]; i++)
		if (((guchar)expr[i] & 0xc0) != 0x80)
			col++;
	return col;
}

void filter_set_error(GError **error, guint *column, LttvFilterErrorCode code, guint col,
                      const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (column)
		*column = col;
	/* TRANSLATORS: the place of an error in a filter expression */
	g_set_error(error, LTTV_FILTER_ERROR, (int)code, _("column %u: %s"), col, msg);
}

void filter_tokens_free(GArray *tokens)
{
	if (!tokens)
		return;
	for (guint i = 0; i < tokens->len; i++)
		g_free(g_array_index(tokens, FilterToken, i).str);
	g_array_unref(tokens);
}

static bool is_name_start(guchar c)
{
	return g_ascii_isalpha(c) || c == '_' || c >= 0x80;
}

static bool is_name_char(guchar c)
{
	return is_name_start(c) || g_ascii_isdigit(c) || c == '.';
}

/* A string literal from the opening quote at `*p`: escapes \" \\ \n \t \r;
 * any other backslash stays as written (regular expressions keep \d,
 * \. ...). */
static bool lex_string(const char *expr, const char **p, FilterToken *tok, guint *column,
                       GError **error)
{
	const char *s = *p + 1;
	GString *out = g_string_new(NULL);

	for (;;) {
		if (*s == '\0') {
			g_string_free(out, TRUE);
			filter_set_error(error, column, LTTV_FILTER_ERROR_SYNTAX, tok->column,
			                 _("this string is not closed (no closing \")"));
			return false;
		}
		if (*s == '"')
			break;
		if (*s == '\\' && s[1] != '\0') {
			switch (s[1]) {
			case '"':
			case '\\': g_string_append_c(out, s[1]); break;
			case 'n': g_string_append_c(out, '\n'); break;
			case 't': g_string_append_c(out, '\t'); break;
			case 'r': g_string_append_c(out, '\r'); break;
			default: g_string_append_len(out, s, 2); break;
			}
			s += 2;
			continue;
		}
		g_string_append_c(out, *s++);
	}
	tok->kind = TOK_STRING;
	tok->str_len = out->len;
	tok->str = g_string_free(out, FALSE);
	*p = s + 1;
	return true;
}

/* A number: decimal or 0x hexadecimal integer, or a decimal with a
 * fraction and/or an exponent; a leading '-' is part of it. */
static bool lex_number(const char *expr, const char **p, FilterToken *tok, guint *column,
                       GError **error)
{
	const char *s = *p, *start = *p;
	bool neg = false, is_float = false;

	if (*s == '-') {
		neg = true;
		s++;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		uint64_t v = 0;
		const char *digits = s + 2;

		for (s = digits; g_ascii_isxdigit(*s); s++) {
			if (v >> 60) {
				filter_set_error(error, column, LTTV_FILTER_ERROR_VALUE,
				                 tok->column, _("this number is too large"));
				return false;
			}
			v = (v << 4) | (uint64_t)g_ascii_xdigit_value(*s);
		}
		if (s == digits) {
			filter_set_error(error, column, LTTV_FILTER_ERROR_VALUE, tok->column,
			                 _("a hexadecimal number needs digits after 0x"));
			return false;
		}
		tok->kind = TOK_INT;
		tok->mag = v;
	} else {
		const char *digits = s;
		uint64_t v = 0;
		bool overflow = false;

		for (; g_ascii_isdigit(*s); s++) {
			uint64_t d = (uint64_t)(*s - '0');

			if (v > (UINT64_MAX - d) / 10)
				overflow = true;
			else
				v = v * 10 + d;
		}
		if (*s == '.') {
			is_float = true;
			for (s++; g_ascii_isdigit(*s); s++)
				;
		}
		if ((*s == 'e' || *s == 'E') && s > digits) {
			const char *e = s + 1;

			if (*e == '+' || *e == '-')
				e++;
			if (g_ascii_isdigit(*e)) {
				is_float = true;
				for (s = e; g_ascii_isdigit(*s); s++)
					;
			}
		}
		if (s == digits || (s == digits + 1 && *digits == '.')) {
			filter_set_error(error, column, LTTV_FILTER_ERROR_SYNTAX, tok->column,
			                 _("a number was expected"));
			return false;
		}
		if (is_float) {
			g_autofree char *text = g_strndup(start, (gsize)(s - start));

			tok->kind = TOK_FLOAT;
			tok->d = g_ascii_strtod(text, NULL);
		} else {
			if (overflow || (neg && v > (UINT64_C(1) << 63))) {
				filter_set_error(error, column, LTTV_FILTER_ERROR_VALUE,
				                 tok->column, _("this number is too large"));
				return false;
			}
			tok->kind = TOK_INT;
			tok->mag = v;
		}
	}
	if (is_name_char((guchar)*s)) {
		filter_set_error(error, column, LTTV_FILTER_ERROR_SYNTAX,
		                 filter_column(expr, (gsize)(s - expr)),
		                 _("unexpected character after a number"));
		return false;
	}
	tok->neg = neg && (tok->mag != 0 || is_float);
	if (is_float)
		tok->neg = false; /* the sign is in d */
	*p = s;
	return true;
}

/* The two-character operators, and the single ones they begin with. */
static bool lex_operator(const char *expr, const char **p, FilterToken *tok, guint *column,
                         GError **error)
{
	const char *s = *p;
	static const struct {
		const char *text;
		FilterTokenKind kind;
	} ops[] = {
	        {"==", TOK_EQ},    {"!=", TOK_NE},  {"<=", TOK_LE},    {">=", TOK_GE},
	        {"=~", TOK_MATCH}, {"&&", TOK_AND}, {"||", TOK_OR},    {"<", TOK_LT},
	        {">", TOK_GT},     {"!", TOK_NOT},  {"(", TOK_LPAREN}, {")", TOK_RPAREN},
	};

	for (gsize i = 0; i < G_N_ELEMENTS(ops); i++) {
		gsize n = strlen(ops[i].text);

		if (strncmp(s, ops[i].text, n) == 0) {
			tok->kind = ops[i].kind;
			*p = s + n;
			return true;
		}
	}
	switch (*s) {
	case '=':
		filter_set_error(error, column, LTTV_FILTER_ERROR_SYNTAX, tok->column,
		                 _("'=' alone is not an operator: use == (or =~)"));
		break;
	case '&':
		filter_set_error(error, column, LTTV_FILTER_ERROR_SYNTAX, tok->column,
		                 _("'&' alone is not an operator: use &&"));
		break;
	case '|':
		filter_set_error(error, column, LTTV_FILTER_ERROR_SYNTAX, tok->column,
		                 _("'|' alone is not an operator: use ||"));
		break;
	default:
		if (g_ascii_isprint(*s))
			filter_set_error(error, column, LTTV_FILTER_ERROR_SYNTAX, tok->column,
			                 _("unexpected character '%c'"), *s);
		else
			filter_set_error(error, column, LTTV_FILTER_ERROR_SYNTAX, tok->column,
			                 _("unexpected character (byte 0x%02x)"), (guchar)*s);
		break;
	}
	(void)expr;
	return false;
}

GArray *filter_lex(const char *expr, guint *column, GError **error)
{
	GArray *tokens = g_array_new(FALSE, TRUE, sizeof(FilterToken));
	const char *p = expr;

	for (;;) {
		FilterToken tok = {0};
		bool ok = true;

		while (g_ascii_isspace(*p))
			p++;
		tok.offset = (guint)(p - expr);
		tok.column = filter_column(expr, tok.offset);
		if (*p == '\0') {
			tok.kind = TOK_END;
			g_array_append_val(tokens, tok);
			return tokens;
		}
		if (is_name_start((guchar)*p)) {
			const char *s = p;

			while (is_name_char((guchar)*s))
				s++;
			tok.kind = TOK_FIELD;
			tok.str_len = (gsize)(s - p);
			tok.str = g_strndup(p, tok.str_len);
			p = s;
		} else if (g_ascii_isdigit(*p) ||
		           (*p == '-' && (g_ascii_isdigit(p[1]) || p[1] == '.')) ||
		           (*p == '.' && g_ascii_isdigit(p[1]))) {
			ok = lex_number(expr, &p, &tok, column, error);
		} else if (*p == '"') {
			ok = lex_string(expr, &p, &tok, column, error);
		} else {
			ok = lex_operator(expr, &p, &tok, column, error);
		}
		if (!ok) {
			filter_tokens_free(tokens);
			return NULL;
		}
		tok.len = (guint)((gsize)(p - expr) - tok.offset);
		g_array_append_val(tokens, tok);
	}
}
