/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rows of a state history build.  A dense kernel trace makes more
 * intervals than events, most of them in a few rows (the CPUs', the
 * busiest threads'), while most rows hold a few dozen: so a row starts in
 * memory and, past SMALL_MAX intervals, moves to chunks of the file, each
 * an eighth of what the row holds (at least a unit, at most 12 MiB), so
 * that the last chunk's unused part stays a small share of the file and a
 * row has few chunks to map.  The chunks are whole pages.
 *
 * The engine writes a chunked row's new intervals into a buffer of the
 * row's (twice larger at each fill, up to BUFFER_MAX intervals), and a
 * full buffer goes into the chunks with pwrite().  Writing through shared
 * mappings of the chunks, as this did until 2026-12, made the kernel map
 * and zero every page of the file in the engine's thread, then unmap it:
 * on a virtual machine that took 0.3 to 1.1 s of the 31 M-event bench
 * build, whose whole time is near 1.7 s.
 */
#include "config.h"

#include "state/history-store.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SMALL_FIRST 16
#define SMALL_MAX   2048
/* the file grows by at least this much at a time */
#define FILE_STEP (16u << 20)
/* the largest chunk, in intervals (12 MiB) */
#define CHUNK_MAX (1u << 20)
/* the most intervals a row's buffer holds (192 KiB) */
#define BUFFER_MAX (1u << 14)

void hist_store_init(HistStore *s, const char *final_path)
{
	memset(s, 0, sizeof *s);
	s->files[0] = s->files[1] = -1;
	s->rows = g_array_new(FALSE, TRUE, sizeof(StoreRow));
	/* page 0: the header */
	s->end[0] = (uint64_t)history_chunk_unit() * 4;
	if (final_path) {
		g_autofree char *dir = g_path_get_dirname(final_path);

		/* a name of its own: two builds of one trace may run at once
		 * (two tabs), and each maps its file for the whole build */
		s->tmp = g_strdup_printf("%s.XXXXXX.tmp", final_path);
		if (g_mkdir_with_parents(dir, 0700) == 0)
			s->files[0] = g_mkstemp_full(s->tmp, O_RDWR | O_CLOEXEC, 0644);
		if (s->files[0] < 0)
			g_clear_pointer(&s->tmp, g_free);
	}
}

/* Allocates the file's blocks before the build writes through its
 * mapping: on a full file system a write to a page of a sparse file
 * through a mapping is a SIGBUS, while fallocate() says ENOSPC (file
 * systems without fallocate() are written as they are). */
static bool file_extend(int fd, uint64_t from, uint64_t add)
{
	int r;

	while ((r = fallocate(fd, 0, (off_t)from, (off_t)add)) != 0 && errno == EINTR)
		;
	if (r == 0)
		return true;
	return (errno == EOPNOTSUPP || errno == ENOSYS) && ftruncate(fd, (off_t)(from + add)) == 0;
}

/* Room for `need` bytes in the image's file, else in memory. */
static bool file_room(HistStore *s, uint64_t need, uint32_t *file, uint64_t *off)
{
	for (uint32_t f = s->files[0] >= 0 && !s->spilled ? 0 : 1; f < 2; f++) {
		if (f == 1 && s->files[1] < 0) {
			s->files[1] = memfd_create("lttv-history", MFD_CLOEXEC);
			if (s->files[1] < 0)
				return false;
		}
		if (s->end[f] + need > s->room[f]) {
			uint64_t add = MAX(FILE_STEP, need);

			if (f == 1 ? ftruncate(s->files[1], (off_t)(s->room[1] + add)) != 0
			           : !file_extend(s->files[0], s->room[0], add)) {
				if (f == 1)
					return false;
				s->spilled = true; /* the rest goes to memory */
				continue;
			}
			s->room[f] += add;
		}
		*file = f;
		*off = s->end[f];
		s->end[f] += need;
		return true;
	}
	return false;
}

static uint64_t round_up(uint64_t v, uint64_t unit)
{
	return (v + unit - 1) / unit * unit;
}

static bool pwrite_all(int fd, const void *buf, size_t len, off_t off)
{
	const char *p = buf;

	while (len) {
		ssize_t w = pwrite(fd, p, len, off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		len -= (size_t)w;
		off += w;
	}
	return true;
}

/* A new chunk at the end of a row's, for `need` more intervals if it can
 * (at most CHUNK_MAX). */
static bool chunk_add(HistStore *s, StoreRow *sr, uint64_t need)
{
	uint64_t unit = history_chunk_unit(), off;
	uint64_t cap = round_up(MAX(unit, MIN(MAX(sr->room / 8, need), CHUNK_MAX)), unit);
	uint32_t file;
	HistChunk c;

	if (cap > G_MAXUINT32 / 2 || !file_room(s, cap * 12, &file, &off))
		return false;
	c = (HistChunk){.off = off, .cap = (uint32_t)cap, .file = file};
	if (!sr->chunks)
		sr->chunks = g_array_new(FALSE, FALSE, sizeof(HistChunk));
	g_array_append_val(sr->chunks, c);
	sr->room += cap;
	return true;
}

/* Writes the row's buffer (intervals r->first to r->changes) into its
 * chunks, adding chunks as needed. */
static bool row_write(HistStore *s, StoreRow *sr, const RowInfo *r)
{
	uint64_t pos = r->first, end = r->changes, chunk_start = 0;

	while (sr->room < end)
		if (!chunk_add(s, sr, end - sr->room))
			return false;
	for (guint k = 0; k < sr->chunks->len && pos < end; k++) {
		const HistChunk *c = &g_array_index(sr->chunks, HistChunk, k);
		uint64_t chunk_end = chunk_start + c->cap;

		if (pos < chunk_end) {
			uint64_t n = MIN(end, chunk_end) - pos, at = pos - chunk_start;
			int fd = s->files[c->file];

			if (!pwrite_all(fd, r->starts + (pos - r->first), n * 8,
			                (off_t)(c->off + at * 8)) ||
			    !pwrite_all(fd, r->values + (pos - r->first), n * 4,
			                (off_t)(c->off + (uint64_t)c->cap * 8 + at * 4)))
				return false;
			pos += n;
		}
		chunk_start = chunk_end;
	}
	return true;
}

bool hist_store_grow(HistStore *s, uint32_t row, RowInfo *r)
{
	StoreRow *sr;
	uint64_t cap;

	if (s->failed)
		return false;
	if (row >= s->rows->len)
		g_array_set_size(s->rows, row + 1);
	sr = &g_array_index(s->rows, StoreRow, row);
	if (!sr->chunks && r->cap < SMALL_MAX) {
		cap = r->cap ? r->cap * 2 : SMALL_FIRST;
		r->starts = g_renew(LttvTime, r->starts, cap);
		r->values = g_renew(uint32_t, r->values, cap);
		r->cap = cap;
		return true;
	}
	/* the buffer is full: into the file, and on with a larger one */
	if (!row_write(s, sr, r)) {
		s->failed = true;
		return false;
	}
	r->first = r->changes;
	cap = MIN(r->cap * 2, BUFFER_MAX);
	if (cap != r->cap) {
		g_free(r->starts);
		g_free(r->values);
		r->starts = g_new(LttvTime, cap);
		r->values = g_new(uint32_t, cap);
		r->cap = cap;
	}
	return true;
}

bool hist_store_sync(HistStore *s, GArray *info_rows)
{
	for (guint i = 0; i < s->rows->len && !s->failed; i++) {
		StoreRow *sr = &g_array_index(s->rows, StoreRow, i);
		const RowInfo *r = &g_array_index(info_rows, RowInfo, i);

		if (sr->chunks && r->changes > r->first && !row_write(s, sr, r))
			s->failed = true;
	}
	return !s->failed;
}

const HistChunk *hist_store_chunks(const HistStore *s, uint32_t row, uint64_t count, guint *n)
{
	const StoreRow *sr = row < s->rows->len ? &g_array_index(s->rows, StoreRow, row) : NULL;
	const HistChunk *c;
	uint64_t cap = 0;
	guint k = 0;

	*n = 0;
	if (!sr || !sr->chunks)
		return NULL;
	c = (const HistChunk *)(void *)sr->chunks->data;
	while (k < sr->chunks->len && cap < count)
		cap += c[k++].cap;
	*n = k;
	return c;
}

bool hist_store_finish_file(HistStore *s, const uint8_t *img, size_t len, const char *final_path)
{
	int fd = s->files[0];

	if (!hist_store_cacheable(s) || !pwrite_all(fd, img, len, (off_t)s->end[0]) ||
	    !pwrite_all(fd, img, sizeof(HistHeader), 0) ||
	    ftruncate(fd, (off_t)(s->end[0] + len)) != 0 || g_rename(s->tmp, final_path) != 0)
		return false;
	g_clear_pointer(&s->tmp, g_free);
	return true;
}

void hist_store_clear(HistStore *s, GArray *info_rows)
{
	if (!s->rows)
		return; /* cleared already */
	for (guint i = 0; i < s->rows->len; i++) {
		StoreRow *sr = &g_array_index(s->rows, StoreRow, i);

		if (sr->chunks)
			g_array_free(sr->chunks, TRUE);
	}
	for (guint i = 0; info_rows && i < info_rows->len; i++) {
		RowInfo *r = &g_array_index(info_rows, RowInfo, i);

		g_free(r->starts);
		g_free(r->values);
		r->starts = NULL;
		r->values = NULL;
		r->cap = r->changes = r->first = 0;
	}
	g_array_free(s->rows, TRUE);
	s->rows = NULL;
	for (int f = 0; f < 2; f++)
		if (s->files[f] >= 0)
			close(s->files[f]);
	s->files[0] = s->files[1] = -1;
	if (s->tmp)
		g_unlink(s->tmp);
	g_clear_pointer(&s->tmp, g_free);
}
