/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internals of the CTF 2 metadata parser, shared by ctf2-metadata.c
 * (fragments), ctf2-json-access.c (messages, property reads), ctf2-fc.c
 * (field classes) and ctf2-check.c (roles and field locations).
 */
#ifndef LTTV_CTF_CTF2_INTERNAL_H
#define LTTV_CTF_CTF2_INTERNAL_H

#include "ctf/ir.h"
#include "ctf/json.h"
#include "ctf/metadata.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* `scope` value while validating a field-class-alias fragment. */
#define CTF2_NO_SCOPE (-1)

/* Where things came from, for the messages of the checks that run after a
 * scope's field class is built.  Keyed by CtfFieldClass * or, for
 * selector ranges, by CtfRangeSet *. */
typedef struct {
	size_t off;        /* the field class object (or alias name) */
	size_t loc_off;    /* its length/selector field location */
	size_t roles_off;  /* its `roles` array */
	bool neg;          /* range set: has a negative value */
	bool big;          /* range set: has a value above INT64_MAX */
	const char *alias; /* the field class alias it comes from, or NULL */
} Ctf2Info;

typedef struct {
	const CtfMetaSource *src;
	CtfTraceClass *tc;
	GError **error;
	unsigned frag_no;      /* 1-based */
	const char *frag_type; /* of the current fragment */
	GString *path;         /* message context: "member class `x`: ..." */
	GHashTable *aliases;   /* name -> const LttvJsonValue * (its field class) */
	GPtrArray *kept;       /* JSON trees the aliases point into */
	GHashTable *info;      /* pointer -> Ctf2Info *, for the scope being built */
	int scope;             /* CtfScope being built, or CTF2_NO_SCOPE */
	GPtrArray *names;      /* member names from the scope root to the current member */
	unsigned depth;        /* nesting of field classes being built */
	uint64_t nodes;        /* field classes built so far */
	uint64_t max_nodes;    /* bound on alias expansion */
	const CtfFieldClass *roots[CTF_SCOPE_COUNT]; /* scopes visible from `scope` */
	bool dsc_has_clock; /* the DSC being built has a default clock class */
	const char *alias;  /* innermost alias being expanded, or NULL */
} Ctf2Ctx;

/* --- ctf2-json-access.c: messages and JSON property helpers --- */

/* Sets c->error to "FILE: offset N: fragment #F (TYPE): CONTEXT: MESSAGE". */
void ctf2_error(Ctf2Ctx *c, size_t offset, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* Appends "SEGMENT: " to the message context; returns what to pass to
 * ctf2_path_pop(). */
size_t ctf2_path_push(Ctf2Ctx *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void ctf2_path_pop(Ctf2Ctx *c, size_t mark);

/* "a string", "an integer", ... */
const char *ctf2_json_desc(const LttvJsonValue *v);
/* Checks that every property of `obj` is in the NULL-terminated `allowed`
 * list, and validates `attributes` (object) and `extensions` (empty
 * object) when present. */
bool ctf2_check_props(Ctf2Ctx *c, const LttvJsonValue *obj, const char *const *allowed);
/* obj's property `key`; NULL when absent (an error when required). */
const LttvJsonValue *ctf2_get_prop(Ctf2Ctx *c, const LttvJsonValue *obj, const char *key,
                                   bool required);
bool ctf2_get_str(Ctf2Ctx *c, const LttvJsonValue *obj, const char *key, bool required,
                  const char **out);
/* *present (may be NULL) tells whether the property exists; *out is left
 * untouched when it does not. */
bool ctf2_get_u64(Ctf2Ctx *c, const LttvJsonValue *obj, const char *key, bool required,
                  uint64_t *out, bool *present);
bool ctf2_get_i64(Ctf2Ctx *c, const LttvJsonValue *obj, const char *key, bool required,
                  int64_t *out, bool *present);
/* A JSON string usable as a name (no NUL inside). */
bool ctf2_check_name(Ctf2Ctx *c, const LttvJsonValue *v, const char *what);

/* --- ctf2-fc-props.c: properties shared by several field classes --- */

bool ctf2_get_align(Ctf2Ctx *c, const LttvJsonValue *o, const char *key, uint32_t *out);
bool ctf2_get_enum(Ctf2Ctx *c, const LttvJsonValue *o, const char *key, const char *const *names,
                   int *out);
bool ctf2_parse_range_set(Ctf2Ctx *c, const LttvJsonValue *v, const char *what, int sign,
                          CtfRangeSet *set, bool *neg, bool *big);
bool ctf2_parse_mappings(Ctf2Ctx *c, const LttvJsonValue *o, const char *key, bool is_signed,
                         uint32_t len, GPtrArray **out);
bool ctf2_parse_roles(Ctf2Ctx *c, const LttvJsonValue *o, CtfFieldClass *fc, bool blob,
                      uint32_t *out);
CtfFieldLocation *ctf2_parse_location(Ctf2Ctx *c, const LttvJsonValue *o, const char *key,
                                      CtfFieldClass *fc);

/* --- ctf2-fc.c: field classes --- */

/* Builds the field class `v` (object or alias name) in the current scope
 * (c->scope, c->names); NULL on error. */
CtfFieldClass *ctf2_build_fc(Ctf2Ctx *c, const LttvJsonValue *v);
/* Builds, validates and checks the scope field class in property `prop`
 * of `frag` (absent: *out = NULL).  The roots of the earlier scopes must be
 * in c->roots. */
bool ctf2_build_scope(Ctf2Ctx *c, const LttvJsonValue *frag, const char *prop, CtfScope scope,
                      CtfFieldClass **out);
Ctf2Info *ctf2_info_new(Ctf2Ctx *c, const void *key);
Ctf2Info *ctf2_info(Ctf2Ctx *c, const void *key);

/* --- ctf2-check.c: roles and field locations of a built scope --- */

bool ctf2_check_scope(Ctf2Ctx *c, CtfScope scope, const CtfFieldClass *root);
/* "a fixed-length unsigned integer", ... */
const char *ctf2_fc_desc(const CtfFieldClass *fc);
/* Whether `fc` or a field class inside it has one of `roles`. */
bool ctf2_fc_has_role(const CtfFieldClass *fc, uint32_t roles);

#endif
