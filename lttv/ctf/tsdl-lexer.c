/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TSDL tokenizer: C-like tokens, comments, literals with C escapes. */
#include "ctf/tsdl-lexer.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static void token_clear(gpointer p)
{
	TsdlToken *t = p;

	g_free(t->str);
}

void tsdl_tokens_free(GArray *toks)
{
	if (toks)
		g_array_unref(toks);
}

static bool is_ident_start(char c)
{
	return g_ascii_isalpha(c) || c == '_';
}

static bool is_ident_char(char c)
{
	return g_ascii_isalnum(c) || c == '_';
}

/* Decodes one escape sequence starting after the backslash at *i.
 * Appends the byte to `out`; returns false on an invalid escape. */
static bool decode_escape(const char *s, size_t len, size_t *i, GString *out)
{
	char c;

	if (*i >= len)
		return false;
	c = s[(*i)++];
	switch (c) {
	case 'n': g_string_append_c(out, '\n'); return true;
	case 't': g_string_append_c(out, '\t'); return true;
	case 'r': g_string_append_c(out, '\r'); return true;
	case 'a': g_string_append_c(out, '\a'); return true;
	case 'b': g_string_append_c(out, '\b'); return true;
	case 'f': g_string_append_c(out, '\f'); return true;
	case 'v': g_string_append_c(out, '\v'); return true;
	case '\\':
	case '\'':
	case '"':
	case '?':
		g_string_append_c(out, c);
		return true;
	case 'x': {
		unsigned v = 0;
		int n = 0;

		/* up to three digits, as babeltrace2's lexer reads them */
		while (*i < len && g_ascii_isxdigit(s[*i]) && n < 3) {
			v = v * 16 + (unsigned)g_ascii_xdigit_value(s[*i]);
			(*i)++;
			n++;
		}
		if (n == 0)
			return false;
		g_string_append_c(out, (char)v);
		return true;
	}
	default:
		if (c >= '0' && c <= '7') {
			unsigned v = (unsigned)(c - '0');
			int n = 1;

			while (*i < len && s[*i] >= '0' && s[*i] <= '7' && n < 3) {
				v = v * 8 + (unsigned)(s[*i] - '0');
				(*i)++;
				n++;
			}
			if (v > 255)
				return false;
			g_string_append_c(out, (char)v);
			return true;
		}
		return false;
	}
}

static bool parse_int_literal(const char *s, size_t len, size_t *i, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;
	size_t start;

	if (s[*i] == '0' && *i + 1 < len && (s[*i + 1] == 'x' || s[*i + 1] == 'X')) {
		base = 16;
		*i += 2;
	} else if (s[*i] == '0') {
		base = 8;
	}
	start = *i;
	while (*i < len && g_ascii_isxdigit(s[*i])) {
		int d = g_ascii_xdigit_value(s[*i]);

		if ((unsigned)d >= base)
			break;
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return false;
		v = v * base + (uint64_t)d;
		(*i)++;
	}
	if (base == 16 && *i == start)
		return false;
	/* C integer suffixes */
	while (*i < len && (s[*i] == 'u' || s[*i] == 'U' || s[*i] == 'l' || s[*i] == 'L'))
		(*i)++;
	*out = v;
	return true;
}

GArray *tsdl_tokenize(const CtfMetaSource *src, GError **error)
{
	g_autoptr(GArray) toks = g_array_new(FALSE, TRUE, sizeof(TsdlToken));
	const char *s = src->text;
	size_t len = src->len;
	size_t i = 0;

	g_array_set_clear_func(toks, token_clear);
	while (true) {
		TsdlToken t = {0};
		char c;

		/* whitespace and comments */
		while (i < len) {
			if (g_ascii_isspace(s[i])) {
				i++;
			} else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
				const char *end = g_strstr_len(s + i + 2, (gssize)(len - i - 2), "*/");

				if (!end) {
					ctf_meta_error(error, src, i, TRUE, _("unterminated comment"));
					return NULL;
				}
				i = (size_t)(end - s) + 2;
			} else if (s[i] == '/' && i + 1 < len && s[i + 1] == '/') {
				while (i < len && s[i] != '\n')
					i++;
			} else {
				break;
			}
		}
		t.off = i;
		if (i >= len) {
			t.kind = TSDL_TK_EOF;
			g_array_append_val(toks, t);
			break;
		}
		c = s[i];
		if (is_ident_start(c)) {
			size_t st = i;

			while (i < len && is_ident_char(s[i]))
				i++;
			t.kind = TSDL_TK_IDENT;
			t.str = g_strndup(s + st, i - st);
		} else if (g_ascii_isdigit(c)) {
			t.kind = TSDL_TK_INT;
			if (!parse_int_literal(s, len, &i, &t.ival)) {
				ctf_meta_error(error, src, t.off, TRUE,
				               _("invalid or too large integer constant (maximum is "
				                 "64 bits)"));
				return NULL;
			}
			if (i < len && is_ident_char(s[i])) {
				ctf_meta_error(error, src, t.off, TRUE, _("invalid integer constant"));
				return NULL;
			}
		} else if (c == '"' || c == '\'') {
			g_autoptr(GString) buf = g_string_new(NULL);
			char quote = c;

			i++;
			while (true) {
				if (i >= len) {
					ctf_meta_error(error, src, t.off, TRUE,
					               _("unterminated %s literal"),
					               quote == '"' ? "string" : "character");
					return NULL;
				}
				if (s[i] == quote) {
					i++;
					break;
				}
				if (s[i] == '\0') {
					ctf_meta_error(error, src, i, TRUE,
					               _("NUL byte inside a literal"));
					return NULL;
				}
				if (s[i] == '\\') {
					size_t esc = i;

					i++;
					if (!decode_escape(s, len, &i, buf)) {
						ctf_meta_error(error, src, esc, TRUE,
						               _("invalid escape sequence in literal"));
						return NULL;
					}
				} else {
					g_string_append_c(buf, s[i++]);
				}
			}
			if (quote == '"') {
				t.kind = TSDL_TK_STRING;
				t.str = g_string_free(g_steal_pointer(&buf), FALSE);
			} else {
				if (buf->len != 1) {
					ctf_meta_error(error, src, t.off, TRUE,
					               _("a character literal holds exactly one "
					                 "character"));
					return NULL;
				}
				t.kind = TSDL_TK_CHAR;
				t.ival = (uint8_t)buf->str[0];
			}
		} else {
			static const char *const puncts[] = {
				":=", "...", "->", "{", "}", "[", "]", "(", ")", ";", ",",
				":", "=", ".", "<", ">", "+", "-", "*", "&",
			};
			bool found = false;

			for (size_t p = 0; p < G_N_ELEMENTS(puncts); p++) {
				size_t pl = strlen(puncts[p]);

				if (len - i >= pl && memcmp(s + i, puncts[p], pl) == 0) {
					t.kind = TSDL_TK_PUNCT;
					t.str = g_strdup(puncts[p]);
					i += pl;
					found = true;
					break;
				}
			}
			if (!found) {
				if (g_ascii_isprint(c))
					ctf_meta_error(error, src, i, TRUE,
					               _("invalid character '%c'"), c);
				else
					ctf_meta_error(error, src, i, TRUE,
					               _("invalid byte 0x%02x"), (unsigned)(uint8_t)c);
				return NULL;
			}
		}
		g_array_append_val(toks, t);
	}
	return g_steal_pointer(&toks);
}
