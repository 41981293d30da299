/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter language's grammar, by recursive descent:
 *
 *   or         := and ( "||" and )*
 *   and        := unary ( "&&" unary )*
 *   unary      := "!" unary | "(" or ")" | comparison
 *   comparison := FIELD ( "==" | "!=" | "<" | "<=" | ">" | ">=" | "=~" ) VALUE
 *
 * into a tree of nodes whose children come before them, with fields,
 * literals, regular expressions and times checked and prepared once. */
#include "filter/filter-internal.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Deeper nesting of parentheses and ! is refused: the parser and the
 * evaluation recurse that deep. */
#define FILTER_MAX_DEPTH 200

typedef struct {
	const char *expr;
	GArray *tokens;
	guint pos;
	guint depth;
	LttvTime origin;
	gboolean local_time; /* time strings in local time, not UTC */
	LttvFilter *f;
	guint *column;
	GError **error;
} Parser;

static const FilterToken *peek(const Parser *p)
{
	return &g_array_index(p->tokens, FilterToken, p->pos);
}

static const FilterToken *take(Parser *p)
{
	const FilterToken *t = peek(p);

	if (t->kind != TOK_END)
		p->pos++;
	return t;
}

/* A token as the user wrote it, for messages. */
static char *token_text(const Parser *p, const FilterToken *t)
{
	if (t->kind == TOK_END)
		return g_strdup(_("the end of the expression"));
	if (t->len > 40)
		return g_strdup_printf("'%.*s...'", 37, p->expr + t->offset);
	return g_strdup_printf("'%.*s'", (int)t->len, p->expr + t->offset);
}

static guint add_node(Parser *p, const FilterNode *n)
{
	g_array_append_vals(p->f->nodes, n, 1);
	return p->f->nodes->len - 1;
}

static bool parse_or(Parser *p, guint *out);

/* --- fields --- */

static bool valid_path(const char *path)
{
	if (!*path || *path == '.')
		return false;
	for (const char *s = path; *s; s++)
		if (*s == '.' && (s[1] == '.' || s[1] == '\0'))
			return false;
	return true;
}

static guint slot_for(LttvFilter *f, const char *path)
{
	for (guint i = 0; i < f->paths->len; i++)
		if (strcmp(f->paths->pdata[i], path) == 0)
			return i;
	g_ptr_array_add(f->paths, g_strdup(path));
	return f->paths->len - 1;
}

static bool resolve_field(Parser *p, const FilterToken *t, FilterNode *n)
{
	const char *name = t->str;
	static const struct {
		const char *name;
		FilterFieldKind kind;
	} fixed[] = {
	        {"event.name", FIELD_EVENT_NAME},
	        {"event.cpu", FIELD_EVENT_CPU},
	        {"event.time", FIELD_EVENT_TIME},
	        {"trace.name", FIELD_TRACE_NAME},
	        {"state.cpu", FIELD_STATE_CPU},
	        {"state.process.name", FIELD_PROCESS_NAME},
	        {"state.process.pid", FIELD_PROCESS_PID},
	        {"state.process.tid", FIELD_PROCESS_TID},
	        {"state.process.ppid", FIELD_PROCESS_PPID},
	};
	const char *path = NULL;

	for (gsize i = 0; i < G_N_ELEMENTS(fixed); i++) {
		if (strcmp(name, fixed[i].name) == 0) {
			n->field = fixed[i].kind;
			if (n->field >= FIELD_PROCESS_NAME && n->field <= FIELD_PROCESS_PPID)
				p->f->needs_state = true;
			return true;
		}
	}
	if (g_str_has_prefix(name, "event.fields."))
		path = name + strlen("event.fields.");
	else if (g_str_has_prefix(name, "event."))
		path = name + strlen("event.");
	if (path && valid_path(path)) {
		n->field = FIELD_EVENT_FIELD;
		n->slot = slot_for(p->f, path);
		return true;
	}
	if (path || strcmp(name, "event") == 0)
		filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_FIELD, t->column,
		                 _("incomplete field name '%s': event.name, event.cpu, event.time "
		                   "or event.FIELD"),
		                 name);
	else if (g_str_has_prefix(name, "trace.") || strcmp(name, "trace") == 0)
		filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_FIELD, t->column,
		                 _("unknown field '%s': the trace's field is trace.name"), name);
	else if (g_str_has_prefix(name, "state.") || strcmp(name, "state") == 0)
		filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_FIELD, t->column,
		                 _("unknown field '%s': state fields are state.cpu and "
		                   "state.process.name, .pid, .tid, .ppid"),
		                 name);
	else
		filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_FIELD, t->column,
		                 _("unknown field '%s': field names begin with event., trace. or "
		                   "state."),
		                 name);
	return false;
}

/* --- values --- */

typedef enum { TYPE_ANY, TYPE_TEXT, TYPE_NUMBER, TYPE_TIME } FieldType;

static FieldType field_type(FilterFieldKind k)
{
	switch (k) {
	case FIELD_EVENT_NAME:
	case FIELD_TRACE_NAME:
	case FIELD_PROCESS_NAME: return TYPE_TEXT;
	case FIELD_EVENT_TIME: return TYPE_TIME;
	case FIELD_EVENT_FIELD: return TYPE_ANY;
	default: return TYPE_NUMBER;
	}
}

/* A regular expression without special characters, but for a leading ^
 * and a trailing $: a substring search gives the same answer, faster. */
static bool set_plain(FilterLiteral *lit)
{
	gsize start = 0, end = lit->len;

	if (end > start && lit->str[start] == '^') {
		lit->at_start = true;
		start++;
	}
	if (end > start && lit->str[end - 1] == '$') {
		lit->at_end = true;
		end--;
	}
	for (gsize i = start; i < end; i++)
		if (strchr("\\^$.|?*+()[]{}", lit->str[i]) || lit->str[i] == '\0')
			return false;
	lit->plain_off = start;
	lit->plain_len = end - start;
	return true;
}

static bool set_value(Parser *p, const FilterToken *field, const FilterToken *op,
                      const FilterToken *v, FilterNode *n)
{
	FieldType type = field_type(n->field);
	FilterLiteral *lit = &n->lit;

	if (v->kind == TOK_FIELD && (strcmp(v->str, "true") == 0 || strcmp(v->str, "false") == 0)) {
		lit->kind = LIT_INT;
		lit->i = v->str[0] == 't';
	} else if (v->kind == TOK_INT) {
		lit->kind = LIT_INT;
		lit->i = v->neg ? -(__int128)v->mag : (__int128)v->mag;
	} else if (v->kind == TOK_FLOAT) {
		lit->kind = LIT_FLOAT;
		lit->d = v->d;
	} else if (v->kind == TOK_STRING) {
		lit->kind = n->op == OP_MATCH ? LIT_REGEX : LIT_STRING;
		lit->str = g_strndup(v->str, v->str_len);
		lit->len = v->str_len;
	} else {
		g_autofree char *text = token_text(p, v);
		const char *op_text = p->expr + op->offset;

		if (v->kind == TOK_FIELD)
			filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_SYNTAX, v->column,
			                 _("expected a value after '%.*s', found %s (text needs "
			                   "double quotes)"),
			                 (int)op->len, op_text, text);
		else
			filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_SYNTAX, v->column,
			                 _("expected a value after '%.*s', found %s"), (int)op->len,
			                 op_text, text);
		return false;
	}
	if (lit->kind == LIT_INT)
		lit->d = (double)lit->i;

	if (n->op == OP_MATCH) {
		g_autoptr(GError) re_error = NULL;

		if (lit->kind != LIT_REGEX) {
			filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_VALUE, v->column,
			                 _("=~ needs a regular expression in double quotes"));
			return false;
		}
		if (type == TYPE_NUMBER || type == TYPE_TIME) {
			filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_VALUE,
			                 field->column, _("'%s' is a number: =~ applies to text"),
			                 field->str);
			return false;
		}
		lit->plain = set_plain(lit);
		if (lit->plain)
			return true;
		/* bytes, not UTF-8 characters: trace strings need not be valid
		 * UTF-8 */
		lit->re = g_regex_new(lit->str, G_REGEX_RAW | G_REGEX_OPTIMIZE, 0, &re_error);
		if (!lit->re) {
			filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_VALUE, v->column,
			                 _("bad regular expression: %s"), re_error->message);
			return false;
		}
		return true;
	}
	if (type == TYPE_TEXT && lit->kind != LIT_STRING) {
		filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_VALUE, v->column,
		                 _("'%s' is text: compare it with a string in double quotes"),
		                 field->str);
		return false;
	}
	if (type == TYPE_NUMBER && lit->kind == LIT_STRING) {
		filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_VALUE, v->column,
		                 _("'%s' is a number: compare it with a number"), field->str);
		return false;
	}
	if (type == TYPE_TIME && lit->kind == LIT_STRING) {
		g_autoptr(GError) time_error = NULL;
		LttvTime t;

		if (!lttv_time_parse(lit->str, p->origin, p->local_time, &t, &time_error)) {
			filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_VALUE, v->column,
			                 "%s", time_error->message);
			return false;
		}
		g_clear_pointer(&lit->str, g_free);
		lit->kind = LIT_INT;
		lit->i = t;
		lit->d = (double)t;
	}
	return true;
}

static bool parse_comparison(Parser *p, guint *out)
{
	const FilterToken *field = take(p), *op = take(p), *v;
	FilterNode n = {.kind = NODE_CMP};
	bool ok;

	if (!resolve_field(p, field, &n))
		return false;
	switch (op->kind) {
	case TOK_EQ: n.op = OP_EQ; break;
	case TOK_NE: n.op = OP_NE; break;
	case TOK_LT: n.op = OP_LT; break;
	case TOK_LE: n.op = OP_LE; break;
	case TOK_GT: n.op = OP_GT; break;
	case TOK_GE: n.op = OP_GE; break;
	case TOK_MATCH: n.op = OP_MATCH; break;
	default: {
		g_autofree char *text = token_text(p, op);

		filter_set_error(
		        p->error, p->column, LTTV_FILTER_ERROR_SYNTAX, op->column,
		        _("expected an operator (== != < <= > >= =~) after '%s', found %s"),
		        field->str, text);
		return false;
	}
	}
	v = take(p);
	ok = set_value(p, field, op, v, &n);
	if (!ok) {
		filter_literal_clear(&n.lit);
		return false;
	}
	*out = add_node(p, &n);
	return true;
}

static bool deeper(Parser *p, const FilterToken *t)
{
	if (++p->depth > FILTER_MAX_DEPTH) {
		filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_SYNTAX, t->column,
		                 _("too deeply nested (more than %d levels)"), FILTER_MAX_DEPTH);
		return false;
	}
	return true;
}

static bool parse_unary(Parser *p, guint *out)
{
	const FilterToken *t = peek(p);

	if (t->kind == TOK_NOT) {
		FilterNode n = {.kind = NODE_NOT};

		take(p);
		if (!deeper(p, t) || !parse_unary(p, &n.child))
			return false;
		p->depth--;
		*out = add_node(p, &n);
		return true;
	}
	if (t->kind == TOK_LPAREN) {
		const FilterToken *close;

		take(p);
		if (!deeper(p, t) || !parse_or(p, out))
			return false;
		p->depth--;
		close = peek(p);
		if (close->kind == TOK_RPAREN) {
			take(p);
			return true;
		}
		if (close->kind == TOK_END) {
			filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_SYNTAX, t->column,
			                 _("this '(' is not closed"));
		} else {
			g_autofree char *text = token_text(p, close);

			filter_set_error(p->error, p->column, LTTV_FILTER_ERROR_SYNTAX,
			                 close->column, _("expected &&, || or ')', found %s"),
			                 text);
		}
		return false;
	}
	if (t->kind == TOK_FIELD)
		return parse_comparison(p, out);
	{
		g_autofree char *text = token_text(p, t);

		filter_set_error(
		        p->error, p->column, LTTV_FILTER_ERROR_SYNTAX, t->column,
		        _("expected a comparison (a field such as event.name, an operator, "
		          "a value), '(' or '!', found %s"),
		        text);
	}
	return false;
}

/* and := unary ("&&" unary)*, or := and ("||" and)*: one node with every
 * operand, its children contiguous in f->children. */
static bool parse_list(Parser *p, guint *out, bool is_or)
{
	FilterTokenKind sep = is_or ? TOK_OR : TOK_AND;
	g_autoptr(GArray) items = g_array_new(FALSE, FALSE, sizeof(guint));
	FilterNode n = {.kind = is_or ? NODE_OR : NODE_AND};
	guint item;

	if (!(is_or ? parse_list(p, &item, false) : parse_unary(p, &item)))
		return false;
	if (peek(p)->kind != sep) {
		*out = item;
		return true;
	}
	g_array_append_val(items, item);
	while (peek(p)->kind == sep) {
		take(p);
		if (!(is_or ? parse_list(p, &item, false) : parse_unary(p, &item)))
			return false;
		g_array_append_val(items, item);
	}
	n.first = p->f->children->len;
	n.n = items->len;
	g_array_append_vals(p->f->children, items->data, items->len);
	*out = add_node(p, &n);
	return true;
}

static bool parse_or(Parser *p, guint *out)
{
	return parse_list(p, out, true);
}

LttvFilter *lttv_filter_new(const char *expr, LttvTime origin, guint *error_column, GError **error)
{
	return lttv_filter_new_full(expr, origin, FALSE, error_column, error);
}

LttvFilter *lttv_filter_new_full(const char *expr, LttvTime origin, gboolean local_time,
                                 guint *error_column, GError **error)
{
	g_autoptr(LttvFilter) f = NULL;
	Parser p = {.expr = expr,
	            .origin = origin,
	            .local_time = local_time,
	            .column = error_column,
	            .error = error};
	const FilterToken *last;

	g_return_val_if_fail(expr != NULL, NULL);
	p.tokens = filter_lex(expr, error_column, error);
	if (!p.tokens)
		return NULL;
	f = g_new0(LttvFilter, 1);
	f->expression = g_strdup(expr);
	f->origin = origin;
	f->local_time = local_time;
	f->nodes = g_array_new(FALSE, TRUE, sizeof(FilterNode));
	f->children = g_array_new(FALSE, FALSE, sizeof(guint));
	f->paths = g_ptr_array_new_with_free_func(g_free);
	f->traces = g_ptr_array_new();
	p.f = f;
	if (peek(&p)->kind == TOK_END) {
		filter_set_error(error, error_column, LTTV_FILTER_ERROR_SYNTAX, 1,
		                 _("the expression is empty"));
		filter_tokens_free(p.tokens);
		return NULL;
	}
	if (!parse_or(&p, &f->root)) {
		filter_tokens_free(p.tokens);
		return NULL;
	}
	last = peek(&p);
	if (last->kind != TOK_END) {
		g_autofree char *text = token_text(&p, last);

		if (last->kind == TOK_RPAREN)
			filter_set_error(error, error_column, LTTV_FILTER_ERROR_SYNTAX,
			                 last->column, _("')' without a matching '('"));
		else
			filter_set_error(error, error_column, LTTV_FILTER_ERROR_SYNTAX,
			                 last->column, _("expected && or || before %s"), text);
		filter_tokens_free(p.tokens);
		return NULL;
	}
	filter_tokens_free(p.tokens);
	return g_steal_pointer(&f);
}

void lttv_filter_free(LttvFilter *f)
{
	if (!f)
		return;
	filter_cache_free(f);
	for (guint i = 0; i < f->nodes->len; i++)
		filter_literal_clear(&g_array_index(f->nodes, FilterNode, i).lit);
	g_array_unref(f->nodes);
	g_array_unref(f->children);
	g_ptr_array_unref(f->paths);
	g_ptr_array_unref(f->traces);
	g_free(f->expression);
	g_free(f);
}

LttvFilter *lttv_filter_copy(const LttvFilter *f)
{
	g_autoptr(GError) error = NULL;
	LttvFilter *copy;

	g_return_val_if_fail(f != NULL, NULL);
	/* what compiled once compiles again */
	copy = lttv_filter_new_full(f->expression, f->origin, f->local_time, NULL, &error);
	g_return_val_if_fail(copy != NULL, NULL);
	return copy;
}

const char *lttv_filter_expression(const LttvFilter *f)
{
	return f->expression;
}

gboolean lttv_filter_needs_state(const LttvFilter *f)
{
	return f->needs_state;
}
