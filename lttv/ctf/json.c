/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A strict JSON parser (RFC 8259) keeping the byte offset of every value. */
#include "ctf/json.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(lttv - json - error - quark, lttv_json_error)

typedef struct {
	const char *text;
	size_t len;
	size_t pos;
	size_t base;
	GError **error;
} Parser;

static LttvJsonValue *parse_value(Parser *p, unsigned depth);

static void perr(Parser *p, size_t at, LttvJsonErrorCode code, const char *fmt, ...)
        G_GNUC_PRINTF(4, 5);

static void perr(Parser *p, size_t at, LttvJsonErrorCode code, const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(p->error, LTTV_JSON_ERROR, code, "offset %zu: %s", p->base + at, msg);
}

/* A printable form of the byte at `at` for messages. */
static const char *byte_desc(const Parser *p, size_t at, char buf[16])
{
	unsigned char c;

	if (at >= p->len)
		return _("end of input");
	c = (unsigned char)p->text[at];
	if (c >= 0x21 && c < 0x7f)
		g_snprintf(buf, 16, "`%c`", c);
	else
		g_snprintf(buf, 16, "byte 0x%02x", c);
	return buf;
}

static void unexpected(Parser *p, const char *expected)
{
	char buf[16];

	perr(p, p->pos, LTTV_JSON_ERROR_SYNTAX, _("unexpected %s: expecting %s"),
	     byte_desc(p, p->pos, buf), expected);
}

static void skip_ws(Parser *p)
{
	while (p->pos < p->len) {
		char c = p->text[p->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

static LttvJsonValue *value_new(LttvJsonType type, size_t at, const Parser *p)
{
	LttvJsonValue *v = g_new0(LttvJsonValue, 1);

	v->type = type;
	v->offset = p->base + at;
	return v;
}

void lttv_json_free(LttvJsonValue *v)
{
	if (!v)
		return;
	switch (v->type) {
	case LTTV_JSON_STRING: g_free(v->str.s); break;
	case LTTV_JSON_ARRAY:
		for (size_t i = 0; i < v->arr.len; i++)
			lttv_json_free(v->arr.items[i]);
		g_free(v->arr.items);
		break;
	case LTTV_JSON_OBJECT:
		for (size_t i = 0; i < v->obj.len; i++) {
			g_free(v->obj.members[i].key);
			lttv_json_free(v->obj.members[i].value);
		}
		g_free(v->obj.members);
		break;
	default: break;
	}
	g_free(v);
}

static bool parse_literal(Parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->text + p->pos, word, n) != 0) {
		unexpected(p, _("a JSON value"));
		return false;
	}
	p->pos += n;
	return true;
}

static bool is_digit(const Parser *p, size_t at)
{
	return at < p->len && p->text[at] >= '0' && p->text[at] <= '9';
}

static LttvJsonValue *parse_number(Parser *p)
{
	size_t start = p->pos;
	bool neg = false, integer = true, overflow = false;
	uint64_t mag = 0;
	LttvJsonValue *v;

	if (p->text[p->pos] == '-') {
		neg = true;
		p->pos++;
	}
	if (!is_digit(p, p->pos)) {
		unexpected(p, _("a digit"));
		return NULL;
	}
	if (p->text[p->pos] == '0') {
		p->pos++;
		if (is_digit(p, p->pos)) {
			perr(p, p->pos, LTTV_JSON_ERROR_SYNTAX,
			     _("invalid number: leading zeros are not allowed"));
			return NULL;
		}
	} else {
		while (is_digit(p, p->pos)) {
			unsigned d = (unsigned)(p->text[p->pos] - '0');

			if (mag > (UINT64_MAX - d) / 10)
				overflow = true;
			else
				mag = mag * 10 + d;
			p->pos++;
		}
	}
	if (p->pos < p->len && p->text[p->pos] == '.') {
		integer = false;
		p->pos++;
		if (!is_digit(p, p->pos)) {
			unexpected(p, _("a digit after the decimal point"));
			return NULL;
		}
		while (is_digit(p, p->pos))
			p->pos++;
	}
	if (p->pos < p->len && (p->text[p->pos] == 'e' || p->text[p->pos] == 'E')) {
		integer = false;
		p->pos++;
		if (p->pos < p->len && (p->text[p->pos] == '+' || p->text[p->pos] == '-'))
			p->pos++;
		if (!is_digit(p, p->pos)) {
			unexpected(p, _("a digit in the exponent"));
			return NULL;
		}
		while (is_digit(p, p->pos))
			p->pos++;
	}
	if (integer && !overflow && !neg) {
		v = value_new(LTTV_JSON_UINT, start, p);
		v->u64 = mag;
		return v;
	}
	if (integer && !overflow && neg) {
		if (mag == 0) {
			v = value_new(LTTV_JSON_UINT, start, p); /* -0 */
			v->u64 = 0;
			return v;
		}
		if (mag <= (uint64_t)INT64_MAX + 1) {
			v = value_new(LTTV_JSON_SINT, start, p);
			v->i64 = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
			return v;
		}
	}
	/* A real, or an integer out of the 64-bit ranges. */
	{
		g_autofree char *copy = g_strndup(p->text + start, p->pos - start);

		v = value_new(LTTV_JSON_REAL, start, p);
		v->real.value = g_ascii_strtod(copy, NULL);
		v->real.big_int = integer;
	}
	return v;
}

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads the 4 hex digits of a \u escape whose backslash is at `at`. */
static bool read_u_escape(Parser *p, size_t at, unsigned *out)
{
	unsigned v = 0;

	if (p->len - at < 6) {
		perr(p, at, LTTV_JSON_ERROR_SYNTAX, _("truncated \\u escape sequence"));
		return false;
	}
	for (int i = 0; i < 4; i++) {
		int h = hex_val(p->text[at + 2 + (size_t)i]);

		if (h < 0) {
			perr(p, at, LTTV_JSON_ERROR_SYNTAX,
			     _("invalid \\u escape sequence: expecting 4 hexadecimal digits"));
			return false;
		}
		v = v << 4 | (unsigned)h;
	}
	*out = v;
	return true;
}

/* Validates one raw UTF-8 sequence starting at p->pos and appends it. */
static bool copy_utf8(Parser *p, GString *out)
{
	const unsigned char *s = (const unsigned char *)p->text + p->pos;
	size_t left = p->len - p->pos, n;
	unsigned cp, min;

	if (s[0] < 0x80) {
		n = 1;
		cp = s[0];
		min = 0;
	} else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else {
		goto bad;
	}
	if (left < n)
		goto bad;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		goto bad;
	g_string_append_len(out, (const char *)s, (gssize)n);
	p->pos += n;
	return true;
bad:
	perr(p, p->pos, LTTV_JSON_ERROR_ENCODING, _("invalid UTF-8 byte sequence in string"));
	return false;
}

/* Parses a string whose opening quote is at p->pos; returns its bytes. */
static GString *parse_string_raw(Parser *p)
{
	g_autoptr(GString) out = g_string_new(NULL);
	size_t start = p->pos;

	p->pos++;
	for (;;) {
		unsigned char c;

		if (p->pos >= p->len) {
			perr(p, start, LTTV_JSON_ERROR_SYNTAX, _("unterminated string"));
			return NULL;
		}
		c = (unsigned char)p->text[p->pos];
		if (c == '"') {
			p->pos++;
			return g_steal_pointer(&out);
		}
		if (c < 0x20) {
			perr(p, p->pos, LTTV_JSON_ERROR_SYNTAX,
			     _("control character 0x%02x in string: it must be escaped"), c);
			return NULL;
		}
		if (c != '\\') {
			if (!copy_utf8(p, out))
				return NULL;
			continue;
		}
		if (p->pos + 1 >= p->len) {
			perr(p, start, LTTV_JSON_ERROR_SYNTAX, _("unterminated string"));
			return NULL;
		}
		switch (p->text[p->pos + 1]) {
		case '"': g_string_append_c(out, '"'); break;
		case '\\': g_string_append_c(out, '\\'); break;
		case '/': g_string_append_c(out, '/'); break;
		case 'b': g_string_append_c(out, '\b'); break;
		case 'f': g_string_append_c(out, '\f'); break;
		case 'n': g_string_append_c(out, '\n'); break;
		case 'r': g_string_append_c(out, '\r'); break;
		case 't': g_string_append_c(out, '\t'); break;
		case 'u': {
			unsigned cp, lo;

			if (!read_u_escape(p, p->pos, &cp))
				return NULL;
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				perr(p, p->pos, LTTV_JSON_ERROR_ENCODING,
				     _("lone low surrogate \\u%04x in string"), cp);
				return NULL;
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				size_t at = p->pos + 6;

				if (p->len - at < 2 || p->text[at] != '\\' ||
				    p->text[at + 1] != 'u') {
					perr(p, p->pos, LTTV_JSON_ERROR_ENCODING,
					     _("high surrogate \\u%04x not followed by a low "
					       "surrogate"),
					     cp);
					return NULL;
				}
				if (!read_u_escape(p, at, &lo))
					return NULL;
				if (lo < 0xdc00 || lo > 0xdfff) {
					perr(p, p->pos, LTTV_JSON_ERROR_ENCODING,
					     _("high surrogate \\u%04x not followed by a low "
					       "surrogate"),
					     cp);
					return NULL;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p->pos += 6;
			}
			g_string_append_unichar(out, cp);
			p->pos += 6;
			continue;
		}
		default: {
			char buf[16];

			perr(p, p->pos, LTTV_JSON_ERROR_SYNTAX,
			     _("invalid escape sequence: \\ then %s"),
			     byte_desc(p, p->pos + 1, buf));
			return NULL;
		}
		}
		p->pos += 2;
	}
}

static LttvJsonValue *parse_string(Parser *p)
{
	size_t start = p->pos;
	GString *s = parse_string_raw(p);
	LttvJsonValue *v;

	if (!s)
		return NULL;
	v = value_new(LTTV_JSON_STRING, start, p);
	v->str.len = s->len;
	v->str.s = g_string_free(s, FALSE);
	return v;
}

static LttvJsonValue *parse_array(Parser *p, unsigned depth)
{
	LttvJsonValue *v = value_new(LTTV_JSON_ARRAY, p->pos, p);
	g_autoptr(GPtrArray) items = g_ptr_array_new();

	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->text[p->pos] == ']') {
		p->pos++;
		return v;
	}
	for (;;) {
		LttvJsonValue *item;

		skip_ws(p);
		item = parse_value(p, depth + 1);
		if (!item)
			goto fail;
		g_ptr_array_add(items, item);
		skip_ws(p);
		if (p->pos < p->len && p->text[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->text[p->pos] == ']') {
			p->pos++;
			break;
		}
		unexpected(p, _("`,` or `]`"));
		goto fail;
	}
	v->arr.len = items->len;
	v->arr.items = (LttvJsonValue **)g_ptr_array_free(g_steal_pointer(&items), FALSE);
	return v;
fail:
	for (guint i = 0; i < items->len; i++)
		lttv_json_free(items->pdata[i]);
	g_free(v);
	return NULL;
}

typedef struct {
	const char *s;
	size_t len;
} KeyRef;

static guint key_hash(gconstpointer k)
{
	const KeyRef *r = k;
	guint h = 2166136261u;

	for (size_t i = 0; i < r->len; i++)
		h = (h ^ (guchar)r->s[i]) * 16777619u;
	return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
	const KeyRef *x = a, *y = b;

	return x->len == y->len && memcmp(x->s, y->s, x->len) == 0;
}

/* Index of the first member whose key repeats an earlier one, or -1. */
static gssize find_duplicate_key(const LttvJsonMember *m, size_t n)
{
	g_autofree KeyRef *refs = NULL;
	g_autoptr(GHashTable) seen = NULL;

	if (n <= 8) {
		for (size_t i = 1; i < n; i++)
			for (size_t j = 0; j < i; j++)
				if (m[i].key_len == m[j].key_len &&
				    memcmp(m[i].key, m[j].key, m[i].key_len) == 0)
					return (gssize)i;
		return -1;
	}
	refs = g_new(KeyRef, n);
	seen = g_hash_table_new(key_hash, key_equal);
	for (size_t i = 0; i < n; i++) {
		refs[i].s = m[i].key;
		refs[i].len = m[i].key_len;
		if (!g_hash_table_add(seen, &refs[i]))
			return (gssize)i;
	}
	return -1;
}

static LttvJsonValue *parse_object(Parser *p, unsigned depth)
{
	LttvJsonValue *v = value_new(LTTV_JSON_OBJECT, p->pos, p);
	g_autoptr(GArray) members = g_array_new(FALSE, FALSE, sizeof(LttvJsonMember));
	gssize dup;

	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->text[p->pos] == '}') {
		p->pos++;
		return v;
	}
	for (;;) {
		LttvJsonMember m = {0};
		GString *key;

		skip_ws(p);
		if (p->pos >= p->len || p->text[p->pos] != '"') {
			unexpected(p, _("a string (object key)"));
			goto fail;
		}
		m.key_offset = p->base + p->pos;
		key = parse_string_raw(p);
		if (!key)
			goto fail;
		m.key_len = key->len;
		m.key = g_string_free(key, FALSE);
		skip_ws(p);
		if (p->pos >= p->len || p->text[p->pos] != ':') {
			g_free(m.key);
			unexpected(p, _("`:`"));
			goto fail;
		}
		p->pos++;
		skip_ws(p);
		m.value = parse_value(p, depth + 1);
		if (!m.value) {
			g_free(m.key);
			goto fail;
		}
		g_array_append_val(members, m);
		skip_ws(p);
		if (p->pos < p->len && p->text[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->text[p->pos] == '}') {
			p->pos++;
			break;
		}
		unexpected(p, _("`,` or `}`"));
		goto fail;
	}
	dup = find_duplicate_key((LttvJsonMember *)(void *)members->data, members->len);
	if (dup >= 0) {
		const LttvJsonMember *m = &g_array_index(members, LttvJsonMember, dup);

		perr(p, m->key_offset - p->base, LTTV_JSON_ERROR_DUPLICATE_KEY,
		     _("duplicate object key \"%s\""), m->key);
		goto fail;
	}
	v->obj.len = members->len;
	v->obj.members = (LttvJsonMember *)(void *)g_array_free(g_steal_pointer(&members), FALSE);
	return v;
fail:
	for (guint i = 0; i < members->len; i++) {
		LttvJsonMember *m = &g_array_index(members, LttvJsonMember, i);

		g_free(m->key);
		lttv_json_free(m->value);
	}
	g_free(v);
	return NULL;
}

static LttvJsonValue *parse_value(Parser *p, unsigned depth)
{
	LttvJsonValue *v;
	size_t start = p->pos;

	if (p->pos >= p->len) {
		unexpected(p, _("a JSON value"));
		return NULL;
	}
	switch (p->text[p->pos]) {
	case '{':
	case '[':
		if (depth >= LTTV_JSON_MAX_DEPTH) {
			perr(p, p->pos, LTTV_JSON_ERROR_DEPTH,
			     _("arrays and objects nested more than %d levels deep"),
			     LTTV_JSON_MAX_DEPTH);
			return NULL;
		}
		return p->text[p->pos] == '{' ? parse_object(p, depth) : parse_array(p, depth);
	case '"': return parse_string(p);
	case 't':
		if (!parse_literal(p, "true"))
			return NULL;
		v = value_new(LTTV_JSON_BOOL, start, p);
		v->boolean = true;
		return v;
	case 'f':
		if (!parse_literal(p, "false"))
			return NULL;
		return value_new(LTTV_JSON_BOOL, start, p);
	case 'n':
		if (!parse_literal(p, "null"))
			return NULL;
		return value_new(LTTV_JSON_NULL, start, p);
	case '-':
	case '0' ... '9': return parse_number(p);
	default: unexpected(p, _("a JSON value")); return NULL;
	}
}

LttvJsonValue *lttv_json_parse(const char *text, size_t len, size_t base_offset, GError **error)
{
	Parser p = {.text = text, .len = len, .base = base_offset, .error = error};
	LttvJsonValue *v;

	skip_ws(&p);
	v = parse_value(&p, 0);
	if (!v)
		return NULL;
	skip_ws(&p);
	if (p.pos < p.len) {
		unexpected(&p, _("the end of the JSON text"));
		lttv_json_free(v);
		return NULL;
	}
	return v;
}

bool lttv_json_error_location(const GError *error, size_t *offset, const char **description)
{
	const char *msg, *end;
	guint64 off;

	if (!error || error->domain != LTTV_JSON_ERROR)
		return false;
	msg = error->message;
	if (!g_str_has_prefix(msg, "offset "))
		return false;
	off = g_ascii_strtoull(msg + 7, (char **)&end, 10);
	if (end == msg + 7 || !g_str_has_prefix(end, ": "))
		return false;
	if (offset)
		*offset = (size_t)off;
	if (description)
		*description = end + 2;
	return true;
}

const char *lttv_json_type_name(LttvJsonType type)
{
	switch (type) {
	case LTTV_JSON_NULL: return "null";
	case LTTV_JSON_BOOL: return "boolean";
	case LTTV_JSON_UINT:
	case LTTV_JSON_SINT: return "integer";
	case LTTV_JSON_REAL: return "number";
	case LTTV_JSON_STRING: return "string";
	case LTTV_JSON_ARRAY: return "array";
	case LTTV_JSON_OBJECT: return "object";
	}
	return "?";
}

const LttvJsonValue *lttv_json_object_get(const LttvJsonValue *obj, const char *key)
{
	size_t n;

	if (!obj || obj->type != LTTV_JSON_OBJECT)
		return NULL;
	n = strlen(key);
	for (size_t i = 0; i < obj->obj.len; i++) {
		const LttvJsonMember *m = &obj->obj.members[i];

		if (m->key_len == n && memcmp(m->key, key, n) == 0)
			return m->value;
	}
	return NULL;
}

bool lttv_json_get_u64(const LttvJsonValue *v, uint64_t *out)
{
	if (!v || v->type != LTTV_JSON_UINT)
		return false;
	*out = v->u64;
	return true;
}

bool lttv_json_get_i64(const LttvJsonValue *v, int64_t *out)
{
	if (!v)
		return false;
	if (v->type == LTTV_JSON_SINT) {
		*out = v->i64;
		return true;
	}
	if (v->type == LTTV_JSON_UINT && v->u64 <= (uint64_t)INT64_MAX) {
		*out = (int64_t)v->u64;
		return true;
	}
	return false;
}
