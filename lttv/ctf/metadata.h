/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Loading a trace's metadata file: un-packetizing, detecting CTF 1.8 vs
 * CTF 2, and the error helper both parsers use so that every message
 * names the file, the byte offset in it and (TSDL) line and column.
 */
#ifndef LTTV_CTF_METADATA_H
#define LTTV_CTF_METADATA_H

#include "ctf/ir.h"

#include <glib.h>
#include <stddef.h>

G_BEGIN_DECLS

/* A run of metadata text and where it came from in the file. */
typedef struct {
	size_t text_offset; /* start in the concatenated text */
	size_t file_offset; /* start in the metadata file */
	size_t len;
} CtfMetaChunk;

typedef struct {
	const char *filename; /* for messages */
	const char *text;     /* concatenated metadata text */
	size_t len;
	GArray *chunks;       /* of CtfMetaChunk; NULL: text == file bytes */
} CtfMetaSource;

/* Maps an offset in the text to an offset in the file. */
size_t ctf_meta_file_offset(const CtfMetaSource *src, size_t text_offset);

/* Sets `error` (LTTV_ERROR, LTTV_ERROR_METADATA) to
 * "FILE: offset N (line L, column C): MESSAGE" for TSDL, or
 * "FILE: offset N: MESSAGE" when with_line is false (JSON). */
void ctf_meta_error(GError **error, const CtfMetaSource *src, size_t text_offset,
                    gboolean with_line, const char *fmt, ...) G_GNUC_PRINTF(5, 6);

/* Reads and parses DIR/metadata (either form, either version). */
CtfTraceClass *ctf_metadata_load(const char *path, GError **error);

/* The two parsers.  On success the returned trace class is complete and
 * validated (locations resolved, roles placed); the decoder compiles it. */
CtfTraceClass *ctf_tsdl_parse(const CtfMetaSource *src, GError **error);
CtfTraceClass *ctf_json_parse(const CtfMetaSource *src, GError **error);

G_END_DECLS

#endif
