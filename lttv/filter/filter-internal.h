/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter language's pieces: tokens (filter-lex.c), the compiled tree
 * (filter-parse.c) and its evaluation with per-event-class caches
 * (filter-eval.c). */
#ifndef LTTV_FILTER_INTERNAL_H
#define LTTV_FILTER_INTERNAL_H

#include "lttv/filter.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* --- tokens --- */
typedef enum {
	TOK_END,
	TOK_FIELD, /* a dotted name: event.name, event.a.b */
	TOK_INT,
	TOK_FLOAT,
	TOK_STRING,
	TOK_EQ, /* == */
	TOK_NE, /* != */
	TOK_LT,
	TOK_LE,
	TOK_GT,
	TOK_GE,
	TOK_MATCH, /* =~ */
	TOK_AND,   /* && */
	TOK_OR,    /* || */
	TOK_NOT,   /* ! */
	TOK_LPAREN,
	TOK_RPAREN,
} FilterTokenKind;

typedef struct {
	FilterTokenKind kind;
	guint offset; /* bytes into the expression */
	guint len;    /* bytes of source text */
	guint column; /* characters from 1 */
	/* TOK_INT: the value is `neg ? -mag : mag` (mag <= 2^63 when neg) */
	bool neg;
	uint64_t mag;
	double d;  /* TOK_FLOAT */
	char *str; /* TOK_STRING (unescaped, owned), TOK_FIELD (owned) */
	gsize str_len;
} FilterToken;

/* Splits `expr` into tokens (the last one TOK_END); NULL and `error` (the
 * message prefixed by the column, `*column` set) on a lexical error. */
GArray *filter_lex(const char *expr, guint *column, GError **error);
void filter_tokens_free(GArray *tokens);
/* The column (characters from 1) of byte `offset` of `expr`. */
guint filter_column(const char *expr, gsize offset);
/* Sets `error` to "column N: MESSAGE" and `*column` to N. */
void filter_set_error(GError **error, guint *column, LttvFilterErrorCode code, guint col,
                      const char *fmt, ...) G_GNUC_PRINTF(5, 6);

/* --- the compiled tree --- */

/* What a comparison reads. */
typedef enum {
	FIELD_EVENT_NAME,
	FIELD_EVENT_CPU,
	FIELD_EVENT_TIME,
	FIELD_TRACE_NAME,
	FIELD_STATE_CPU,
	FIELD_PROCESS_NAME,
	FIELD_PROCESS_PID,
	FIELD_PROCESS_TID,
	FIELD_PROCESS_PPID,
	FIELD_EVENT_FIELD, /* payload, contexts, header, packet context */
} FilterFieldKind;

typedef enum {
	OP_EQ,
	OP_NE,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_MATCH,
} FilterOp;

typedef enum {
	LIT_INT,
	LIT_FLOAT,
	LIT_STRING,
	LIT_REGEX, /* the string of a =~ */
} FilterLiteralKind;

typedef struct {
	FilterLiteralKind kind;
	__int128 i; /* LIT_INT (also event.time strings, parsed) */
	double d;   /* LIT_INT and LIT_FLOAT */
	char *str;  /* LIT_STRING, LIT_REGEX: the text (owned) */
	gsize len;
	GRegex *re; /* LIT_REGEX, unless `plain` */
	/* LIT_REGEX without special characters but a leading ^ and a trailing
	 * $: a substring search of str[plain_off .. plain_off + plain_len) */
	bool plain, at_start, at_end;
	gsize plain_off, plain_len;
} FilterLiteral;

typedef enum {
	NODE_CMP,
	NODE_AND,
	NODE_OR,
	NODE_NOT,
} FilterNodeKind;

typedef struct {
	FilterNodeKind kind;
	/* NODE_CMP */
	FilterFieldKind field;
	FilterOp op;
	guint slot; /* FIELD_EVENT_FIELD: rank in FilterClass.slots */
	FilterLiteral lit;
	/* NODE_AND, NODE_OR: children[first .. first + n); NODE_NOT: child */
	guint first, n;
	guint child;
} FilterNode;

/* A value an event class has for one FIELD_EVENT_FIELD path. */
typedef enum {
	SLOT_MISSING, /* no such field, or one not readable by handle */
	SLOT_INT,
	SLOT_FLOAT,
	SLOT_STRING,
} FilterSlotKind;

typedef struct {
	FilterSlotKind kind;
	bool is_signed;
	const GPtrArray *mappings; /* enumeration labels (CtfMapping *), or NULL */
	bool bitmap;               /* mappings name bits */
	const void *field;         /* const LttvField * */
} FilterSlot;

/* What the filter resolved for one event class. */
typedef struct {
	FilterSlot *slots;
	/* per node: -1 when it depends on the event, else its constant value */
	int8_t *known;
} FilterClass;

/* The classes of one trace, by lttv_event_class_index(). */
typedef struct {
	const LttvTrace *trace;
	GPtrArray *classes; /* of FilterClass *, NULL until seen */
} FilterTraceCache;

struct LttvFilter {
	char *expression;
	LttvTime origin; /* as compiled: for lttv_filter_copy() */
	bool local_time;
	GArray *nodes;    /* of FilterNode */
	GArray *children; /* of guint: the operands of AND/OR nodes */
	guint root;
	GPtrArray *paths; /* of char *: the FIELD_EVENT_FIELD path of each slot */
	bool needs_state;
	GPtrArray *traces; /* of FilterTraceCache * */
	FilterTraceCache *last;
};

/* filter-eval.c */
void filter_cache_free(LttvFilter *f);
void filter_literal_clear(FilterLiteral *lit);

#endif
