/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rows of a state history build, written in place.  A dense kernel
 * trace makes more intervals than events, most of them in a few rows (the
 * CPUs', the busiest threads'), while most rows hold a few dozen: so a row
 * starts in memory and, past SMALL_MAX intervals, moves to chunks of the
 * file, each an eighth of what the row holds (at least a unit, at most
 * 12 MiB), so that the last chunk's unused part stays a small share of
 * the file and a row has few chunks to map.  The chunks are whole pages,
 * mapped shared into a reserved range of the row's, which is reserved
 * anew, 4 times larger, when the row outgrows it.
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
/* a chunked row's first range holds this many intervals (12 MiB) */
#define VCAP_FIRST (1u << 20)

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

/* Maps a new chunk's pages writable before the engine writes them.  A
 * shared mapping of a file maps its pages read-only until written, so
 * that the kernel sees them dirtied: mapped with MAP_POPULATE, each 4 KiB
 * still faulted once when first written, and the engine's thread took
 * 1.2 times the CPU time (1.33 s against 1.11 s on the bench trace). */
static void populate_for_writes(uint8_t *p, uint64_t len)
{
#ifdef MADV_POPULATE_WRITE
	/* before Linux 5.14 (EINVAL), the first writes fault as before */
	madvise(p, (size_t)len, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)len;
#endif
}

/* A new chunk at the end of a row (`have` intervals mapped before it,
 * 0 when the row moves from memory). */
static bool chunk_add(HistStore *s, StoreRow *sr, RowInfo *r)
{
	uint64_t unit = history_chunk_unit(), have = sr->chunks ? r->cap : 0, off;
	/* from memory: room for more than what moves; at most CHUNK_MAX,
	 * mapped (and populated) at once */
	uint64_t cap =
	        round_up(MAX(have ? 0 : r->changes + 1, MAX(unit, MIN(have / 8, CHUNK_MAX))), unit);
	uint32_t file;
	HistChunk c;

	if (cap > G_MAXUINT32 / 2 || !file_room(s, cap * 12, &file, &off))
		return false;
	c = (HistChunk){.off = off, .cap = (uint32_t)cap, .file = file};
	if (!sr->chunks)
		sr->chunks = g_array_new(FALSE, FALSE, sizeof(HistChunk));
	if (have + cap > sr->vcap) {
		/* a larger range, the chunks so far mapped into it again */
		uint64_t vcap = round_up(MAX(VCAP_FIRST, (have + cap) * 4), unit);
		uint8_t *base = mmap(NULL, (size_t)(vcap * 12), PROT_NONE,
		                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		if (base == MAP_FAILED)
			return false;
		if (!history_map_chunks(base, vcap, 0, (const HistChunk *)(void *)sr->chunks->data,
		                        sr->chunks->len, s->files, PROT_READ | PROT_WRITE,
		                        MAP_SHARED)) {
			munmap(base, (size_t)(vcap * 12));
			return false;
		}
		if (sr->base)
			munmap(sr->base, (size_t)(sr->vcap * 12));
		sr->base = base;
		sr->vcap = vcap;
	}
	if (!history_map_chunks(sr->base, sr->vcap, have, &c, 1, s->files, PROT_READ | PROT_WRITE,
	                        MAP_SHARED))
		return false;
	g_array_append_val(sr->chunks, c);
	populate_for_writes(sr->base + have * 8, cap * 8);
	populate_for_writes(sr->base + sr->vcap * 8 + have * 4, cap * 4);
	if (have == 0) {
		/* from memory */
		memcpy(sr->base, r->starts, r->changes * 8);
		memcpy(sr->base + sr->vcap * 8, r->values, r->changes * 4);
		g_free(r->starts);
		g_free(r->values);
	} else {
		/* the chunk just filled leaves the resident set (its pages
		 * stay in the file's page cache; the ones before it left when
		 * they were filled, or were never mapped again) */
		uint64_t from =
		        have - g_array_index(sr->chunks, HistChunk, sr->chunks->len - 2).cap;

		history_release_range(sr->base + from * 8, sr->base + have * 8);
		history_release_range(sr->base + sr->vcap * 8 + from * 4,
		                      sr->base + sr->vcap * 8 + have * 4);
	}
	r->starts = (LttvTime *)(void *)sr->base;
	r->values = (uint32_t *)(void *)(sr->base + sr->vcap * 8);
	r->cap = have + cap;
	return true;
}

bool hist_store_grow(HistStore *s, uint32_t row, RowInfo *r)
{
	StoreRow *sr;

	if (s->failed)
		return false;
	if (row >= s->rows->len)
		g_array_set_size(s->rows, row + 1);
	sr = &g_array_index(s->rows, StoreRow, row);
	if (!sr->chunks && r->cap < SMALL_MAX) {
		uint64_t cap = r->cap ? r->cap * 2 : SMALL_FIRST;

		r->starts = g_renew(LttvTime, r->starts, cap);
		r->values = g_renew(uint32_t, r->values, cap);
		r->cap = cap;
		return true;
	}
	if (!chunk_add(s, sr, r)) {
		s->failed = true;
		return false;
	}
	return true;
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

		if (sr->base)
			munmap(sr->base, (size_t)(sr->vcap * 12));
		if (sr->chunks)
			g_array_free(sr->chunks, TRUE);
	}
	for (guint i = 0; info_rows && i < info_rows->len; i++) {
		RowInfo *r = &g_array_index(info_rows, RowInfo, i);

		if (i >= s->rows->len || !g_array_index(s->rows, StoreRow, i).chunks) {
			g_free(r->starts);
			g_free(r->values);
		}
		r->starts = NULL;
		r->values = NULL;
		r->cap = r->changes = 0;
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
