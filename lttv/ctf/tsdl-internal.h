/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared state of the TSDL parser (tsdl-parser.c: blocks; tsdl-types.c:
 * type specifiers and declarators; tsdl-resolve.c: paths and roles). */
#ifndef LTTV_CTF_TSDL_INTERNAL_H
#define LTTV_CTF_TSDL_INTERNAL_H

#include "ctf/ir.h"
#include "ctf/metadata.h"
#include "ctf/tsdl-lexer.h"

/* Byte order written `native` before the trace block fixed it. */
#define TSDL_BO_NATIVE ((CtfByteOrder)2)
/* A location whose path is relative (resolved once the scope is known). */
#define TSDL_SCOPE_RELATIVE ((CtfScope)99)

/* One lexical scope of type names. */
typedef struct TsdlScope {
	GHashTable *aliases;  /* name -> CtfFieldClass * (typealias, typedef) */
	GHashTable *structs;  /* tag -> CtfFieldClass * */
	GHashTable *variants; /* tag -> CtfFieldClass * */
	GHashTable *enums;    /* tag -> CtfFieldClass * */
	struct TsdlScope *parent;
} TsdlScope;

/* A stream or event block, kept until the end so that blocks may come in
 * any order. */
typedef struct {
	size_t off;
	bool has_id;
	uint64_t id;
	bool has_stream_id;
	uint64_t stream_id;
	CtfStreamClass *sc; /* stream blocks */
	CtfEventClass *ec;  /* event blocks */
} TsdlBlock;

typedef struct {
	const CtfMetaSource *src;
	GArray *toks;
	guint pos;
	TsdlScope *scope;
	CtfTraceClass *tc;
	bool have_trace_block;
	bool have_byte_order;
	int depth;          /* nesting of structures and variants being parsed */
	uint64_t budget;    /* field classes that copies may still create */
	GPtrArray *streams; /* of TsdlBlock * */
	GPtrArray *events;  /* of TsdlBlock * */
} TsdlParser;

/* tokens */
const TsdlToken *tsdl_peek(TsdlParser *p, guint ahead);
const TsdlToken *tsdl_next(TsdlParser *p);
bool tsdl_is_punct(const TsdlToken *t, const char *punct);
bool tsdl_is_ident(const TsdlToken *t, const char *word);
bool tsdl_expect_punct(TsdlParser *p, const char *punct, GError **error);
void tsdl_error(TsdlParser *p, const TsdlToken *at, GError **error, const char *fmt, ...)
        G_GNUC_PRINTF(4, 5);

/* scopes */
void tsdl_scope_push(TsdlParser *p);
void tsdl_scope_pop(TsdlParser *p);

/* An attribute value: `= 12`, `= -3`, `= "x"`, `= le`, `= clock.c.value`. */
typedef struct {
	enum { TSDL_VAL_INT, TSDL_VAL_STRING, TSDL_VAL_IDENT } kind;
	bool negative;
	uint64_t ival;
	char *str; /* STRING text, or dotted IDENT path */
	const TsdlToken *tok;
} TsdlValue;

bool tsdl_parse_value(TsdlParser *p, TsdlValue *v, GError **error);
void tsdl_value_clear(TsdlValue *v);
bool tsdl_value_int(TsdlParser *p, const TsdlValue *v, bool allow_negative, int64_t *out,
                    GError **error);
bool tsdl_value_uint(TsdlParser *p, const TsdlValue *v, uint64_t *out, GError **error);
bool tsdl_value_bool(TsdlParser *p, const TsdlValue *v, bool *out, GError **error);
/* Reads a dotted name `a.b.c` into a new string. */
char *tsdl_parse_dotted(TsdlParser *p, GError **error);

/* types (tsdl-types.c) */
#define TSDL_MAX_DEPTH 64
/* A copy of a declared type, charged against the parser's budget (so that
 * aliases of aliases cannot blow up memory); NULL and an error past it. */
CtfFieldClass *tsdl_copy(TsdlParser *p, const CtfFieldClass *fc, const TsdlToken *at,
                         GError **error);
bool tsdl_starts_type(TsdlParser *p);
/* Named types: table 0 typealias/typedef, 1 struct, 2 variant, 3 enum. */
CtfFieldClass *tsdl_lookup(TsdlParser *p, int table, const char *name);
bool tsdl_define(TsdlParser *p, const TsdlToken *at, int table, const char *name, CtfFieldClass *fc,
                 GError **error);
/* tsdl-scalars.c; `at` is the keyword's token. */
CtfFieldClass *tsdl_parse_integer(TsdlParser *p, const TsdlToken *at, GError **error);
CtfFieldClass *tsdl_parse_float(TsdlParser *p, const TsdlToken *at, GError **error);
CtfFieldClass *tsdl_parse_enum(TsdlParser *p, const TsdlToken *at, GError **error);
bool tsdl_parse_string_attrs(TsdlParser *p, CtfFieldClass *fc, GError **error);
bool tsdl_parse_align(TsdlParser *p, TsdlValue *v, uint32_t *out, GError **error);
CtfFieldClass *tsdl_parse_type_spec(TsdlParser *p, GError **error);
/* `name[dim]...`; returns the wrapped type (takes `base`), and the name. */
CtfFieldClass *tsdl_parse_declarator(TsdlParser *p, CtfFieldClass *base, char **name,
                                     GError **error);
/* typealias / typedef / struct-variant-enum definitions, at the cursor. */
bool tsdl_parse_type_declaration(TsdlParser *p, GError **error);
bool tsdl_at_type_declaration(TsdlParser *p);

/* post-processing (tsdl-resolve.c) */
bool tsdl_finish(TsdlParser *p, GError **error);

#endif
