/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tokens of the CTF 1.8 metadata language (TSDL). */
#ifndef LTTV_CTF_TSDL_LEXER_H
#define LTTV_CTF_TSDL_LEXER_H

#include "ctf/metadata.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum {
	TSDL_TK_EOF,
	TSDL_TK_IDENT,
	TSDL_TK_INT,    /* unsigned literal; a '-' before it is a separate token */
	TSDL_TK_STRING, /* "..." with escapes decoded */
	TSDL_TK_CHAR,   /* '...' : value in ival */
	TSDL_TK_PUNCT,
} TsdlTokKind;

typedef struct {
	TsdlTokKind kind;
	size_t off;   /* byte offset in the metadata text */
	uint64_t ival;
	char *str;    /* IDENT / STRING text, PUNCT spelling */
} TsdlToken;

/* Splits the whole text into tokens, ending with one TSDL_TK_EOF token.
 * Returns NULL and sets `error` (file, offset, line, column) on an
 * invalid character, an unterminated literal, a bad escape or an integer
 * literal that does not fit in 64 bits. */
GArray *tsdl_tokenize(const CtfMetaSource *src, GError **error);
void tsdl_tokens_free(GArray *toks);

#endif
