/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading the metadata file: plain or packetized, CTF 1.8 or CTF 2. */
#include "ctf/metadata.h"

#include "lttv/error.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <string.h>

#define META_MAGIC 0x75D11D57u
#define META_HEADER_BYTES 37
/* Real metadata is at most a few MiB; this bounds memory on bad input. */
#define META_MAX_BYTES (512u * 1024u * 1024u)

size_t ctf_meta_file_offset(const CtfMetaSource *src, size_t text_offset)
{
	if (!src->chunks)
		return text_offset;
	for (guint i = 0; i < src->chunks->len; i++) {
		const CtfMetaChunk *c = &g_array_index(src->chunks, CtfMetaChunk, i);

		if (text_offset < c->text_offset + c->len || i + 1 == src->chunks->len)
			return c->file_offset + (text_offset - c->text_offset);
	}
	return text_offset;
}

void ctf_meta_error(GError **error, const CtfMetaSource *src, size_t text_offset,
                    gboolean with_line, const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;
	size_t file_off;

	if (!error)
		return;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (text_offset > src->len)
		text_offset = src->len;
	file_off = ctf_meta_file_offset(src, text_offset);
	if (with_line) {
		unsigned line = 1, col = 1;

		for (size_t i = 0; i < text_offset; i++) {
			if (src->text[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_METADATA,
		            _("%s: offset %zu (line %u, column %u): %s"), src->filename,
		            file_off, line, col, msg);
	} else {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_METADATA, _("%s: offset %zu: %s"),
		            src->filename, file_off, msg);
	}
}

static uint32_t rd32(const uint8_t *p, gboolean be)
{
	return be ? ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3])
	          : ((uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]);
}

/* Concatenates the text of metadata packets (CTF 1.8 §2.2, CTF2-PMETA). */
static GString *unpacketize(const char *path, const uint8_t *data, size_t len,
                            GArray *chunks, GError **error)
{
	gboolean be = rd32(data, FALSE) != META_MAGIC;
	g_autoptr(GString) text = g_string_new(NULL);
	const uint8_t *uuid0 = NULL;
	size_t off = 0;

	while (off < len) {
		const uint8_t *p = data + off;
		uint32_t content_bits, packet_bits;
		size_t content, packet;
		CtfMetaChunk chunk;

		if (len - off < META_HEADER_BYTES) {
			g_set_error(error, LTTV_ERROR, LTTV_ERROR_METADATA,
			            _("%s: offset %zu: truncated metadata packet header "
			              "(%zu bytes left, 37 expected)"),
			            path, off, len - off);
			return NULL;
		}
		if (rd32(p, be) != META_MAGIC) {
			g_set_error(error, LTTV_ERROR, LTTV_ERROR_METADATA,
			            _("%s: offset %zu: invalid metadata packet magic 0x%08x "
			              "(expected 0x75d11d57)"),
			            path, off, rd32(p, be));
			return NULL;
		}
		if (!uuid0) {
			uuid0 = p + 4;
		} else if (memcmp(uuid0, p + 4, 16) != 0) {
			g_set_error(error, LTTV_ERROR, LTTV_ERROR_METADATA,
			            _("%s: offset %zu: metadata packet UUID differs from the "
			              "first packet's"),
			            path, off + 4);
			return NULL;
		}
		if (rd32(p + 20, be) != 0 || p[32] != 0 || p[33] != 0 || p[34] != 0) {
			g_set_error(error, LTTV_ERROR, LTTV_ERROR_METADATA,
			            _("%s: offset %zu: unsupported metadata packet checksum, "
			              "compression or encryption"),
			            path, off + 20);
			return NULL;
		}
		/* 1.8 is what CTF 1.8 writers put; CTF 2 writers put 1.8 or 2.0. */
		if (!((p[35] == 1 && p[36] == 8) || (p[35] == 2 && p[36] == 0))) {
			g_set_error(error, LTTV_ERROR, LTTV_ERROR_METADATA,
			            _("%s: offset %zu: invalid metadata packet version %u.%u "
			              "(expected 1.8)"),
			            path, off + 35, p[35], p[36]);
			return NULL;
		}
		content_bits = rd32(p + 24, be);
		packet_bits = rd32(p + 28, be);
		if (content_bits % 8 || packet_bits % 8 || content_bits < META_HEADER_BYTES * 8 ||
		    packet_bits < content_bits) {
			g_set_error(error, LTTV_ERROR, LTTV_ERROR_METADATA,
			            _("%s: offset %zu: invalid metadata packet sizes "
			              "(content %u bits, packet %u bits)"),
			            path, off + 24, content_bits, packet_bits);
			return NULL;
		}
		content = content_bits / 8;
		packet = packet_bits / 8;
		if (content > len - off) {
			g_set_error(error, LTTV_ERROR, LTTV_ERROR_METADATA,
			            _("%s: offset %zu: metadata packet content (%zu bytes) "
			              "goes past the end of the file (%zu bytes)"),
			            path, off + 24, content, len);
			return NULL;
		}
		chunk.text_offset = text->len;
		chunk.file_offset = off + META_HEADER_BYTES;
		chunk.len = content - META_HEADER_BYTES;
		g_array_append_val(chunks, chunk);
		g_string_append_len(text, (const char *)p + META_HEADER_BYTES,
		                    (gssize)(content - META_HEADER_BYTES));
		if (packet > len - off)
			break; /* a last packet may be cut after its content */
		off += packet;
	}
	return g_steal_pointer(&text);
}

CtfTraceClass *ctf_metadata_load(const char *path, GError **error)
{
	g_autofree char *data = NULL;
	gsize len = 0;
	g_autoptr(GString) text = NULL;
	g_autoptr(GArray) chunks = NULL;
	CtfMetaSource src = {0};
	GStatBuf st;

	if (g_stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, _("%s: not a readable file"), path);
		return NULL;
	}
	if ((guint64)st.st_size > META_MAX_BYTES) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_METADATA,
		            _("%s: offset 0: metadata of %" PRIu64
		              " bytes is larger than the %u MiB limit"),
		            path, (guint64)st.st_size, META_MAX_BYTES >> 20);
		return NULL;
	}
	if (!g_file_get_contents(path, &data, &len, error))
		return NULL;
	src.filename = path;
	if (len >= 4 && (rd32((const uint8_t *)data, FALSE) == META_MAGIC ||
	                 rd32((const uint8_t *)data, TRUE) == META_MAGIC)) {
		chunks = g_array_new(FALSE, FALSE, sizeof(CtfMetaChunk));
		text = unpacketize(path, (const uint8_t *)data, len, chunks, error);
		if (!text)
			return NULL;
		src.text = text->str;
		src.len = text->len;
		src.chunks = chunks;
	} else {
		src.text = data;
		src.len = len;
	}
	if (src.len > 0 && src.text[0] == 0x1e)
		return ctf_json_parse(&src, error);
	return ctf_tsdl_parse(&src, error);
}
