/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One CTF trace: its metadata, its memory-mapped data files, its streams. */
#include "ctf/compile.h"
#include "ctf/metadata.h"
#include "ctf/trace-internal.h"

#include "lttv/error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* Exact integer arithmetic, rounded down.  (babeltrace2 2.0 converts with
 * doubles and may differ by a nanosecond for clocks that do not run at
 * 1 GHz.) */
LttvTime ctf_clock_to_ns(const CtfClockClass *cc, uint64_t cycles)
{
	__int128 ns;

	if (!cc)
		return (LttvTime)cycles;
	if (cc->frequency == 1000000000u) {
		ns = (__int128)cc->offset_s * 1000000000 + (__int128)cc->offset_cycles + cycles;
	} else {
		unsigned __int128 c = (unsigned __int128)cc->offset_cycles + cycles;

		ns = (__int128)cc->offset_s * 1000000000 +
		     (__int128)((c * 1000000000u) / cc->frequency);
	}
	if (ns > INT64_MAX)
		return INT64_MAX;
	if (ns < INT64_MIN)
		return INT64_MIN;
	return (LttvTime)ns;
}

/* Data files whose descriptor stays open for reading packets into a
 * cursor's copy (ctf_cursor_set_copy): at most a quarter of the process's
 * limit, and 256, all traces together; the others are read through their
 * mapping. */
static gint kept_fds;

static bool keep_fd(void)
{
	struct rlimit rl;
	gint limit = 256;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		limit = (gint)MIN((rlim_t)limit, rl.rlim_cur / 4);
	if (g_atomic_int_add(&kept_fds, 1) < limit)
		return true;
	g_atomic_int_add(&kept_fds, -1);
	return false;
}

static void file_free(gpointer p)
{
	CtfFile *f = p;

	if (f->map && f->size)
		munmap((void *)f->map, f->size);
	if (f->fd >= 0) {
		close(f->fd);
		g_atomic_int_add(&kept_fds, -1);
	}
	g_free(f->path);
	g_free(f);
}

static CtfFile *file_map(const char *path, GError **error)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	CtfFile *f;
	void *map;

	if (fd < 0) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, _("%s: cannot open: %s"), path,
		            g_strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, _("%s: cannot stat: %s"), path,
		            g_strerror(errno));
		close(fd);
		return NULL;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, _("%s: cannot map: %s"), path,
		            g_strerror(errno));
		close(fd);
		return NULL;
	}
	if (!keep_fd()) {
		close(fd);
		fd = -1;
	}
	/* packets are read in order: read ahead */
	madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
	f = g_new0(CtfFile, 1);
	f->path = g_strdup(path);
	f->map = map;
	f->size = (uint64_t)st.st_size;
	f->fd = fd;
	return f;
}

static gint str_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Data files: every non-hidden, non-empty regular file but `metadata`. */
static bool list_files(LttvTrace *t, GError **error)
{
	g_autoptr(GDir) dir = g_dir_open(t->path, 0, error);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *name;

	if (!dir)
		return false;
	while ((name = g_dir_read_name(dir))) {
		g_autofree char *full = NULL;
		struct stat st;

		if (name[0] == '.' || strcmp(name, "metadata") == 0)
			continue;
		full = g_build_filename(t->path, name, NULL);
		if (stat(full, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
			continue;
		g_ptr_array_add(names, g_strdup(name));
	}
	g_ptr_array_sort(names, str_cmp);
	for (guint i = 0; i < names->len; i++) {
		g_autofree char *full = g_build_filename(t->path, names->pdata[i], NULL);
		CtfFile *f = file_map(full, error);

		if (!f)
			return false;
		g_ptr_array_add(t->files, f);
	}
	return true;
}

static void env_text(LttvTrace *t)
{
	for (guint i = 0; i < t->tc->env->len; i++) {
		const CtfEnvEntry *e = t->tc->env->pdata[i];

		g_ptr_array_add(t->env_text, g_strdup(e->key));
		g_ptr_array_add(t->env_text, e->is_int ? g_strdup_printf("%" G_GINT64_FORMAT, e->ival)
		                                       : g_strdup(e->sval));
	}
}

static void class_free(gpointer p)
{
	LttvEventClass *c = p;

	g_hash_table_unref(c->fields);
	g_free(c);
}

static void stream_free(gpointer p)
{
	LttvStream *s = p;

	g_array_unref(s->packets);
	g_ptr_array_unref(s->files);
	g_free(s);
}

void lttv_field_free(gpointer p);

LttvTrace *ctf_trace_open(const char *path, const char *name, GError **error)
{
	LttvTrace *t = g_new0(LttvTrace, 1);
	g_autofree char *meta = g_build_filename(path, "metadata", NULL);

	t->path = g_strdup(path);
	t->name = g_strdup(name);
	t->files = g_ptr_array_new_with_free_func(file_free);
	t->streams = g_ptr_array_new_with_free_func(stream_free);
	t->classes = g_ptr_array_new_with_free_func(class_free);
	t->env_text = g_ptr_array_new_with_free_func(g_free);
	t->tc = ctf_metadata_load(meta, error);
	if (!t->tc || !ctf_trace_class_compile(t->tc, error))
		goto fail;
	if (t->tc->has_uuid) {
		const uint8_t *u = t->tc->uuid;

		t->uuid_text = g_strdup_printf(
			"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
			u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14],
			u[15]);
	}
	env_text(t);
	for (guint s = 0; s < t->tc->stream_classes->len; s++) {
		CtfStreamClass *sc = t->tc->stream_classes->pdata[s];

		for (guint e = 0; e < sc->event_classes->len; e++) {
			LttvEventClass *c = g_new0(LttvEventClass, 1);

			c->ec = sc->event_classes->pdata[e];
			if (!c->ec->name) /* optional in CTF 2 */
				c->ec->name = g_strdup("");
			c->trace = t;
			c->fields = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, lttv_field_free);
			c->ec->compiled = c;
			c->index = t->classes->len;
			g_ptr_array_add(t->classes, c);
		}
	}
	if (!list_files(t, error) || !ctf_trace_index(t, error))
		goto fail;
	return t;
fail:
	ctf_trace_free(t);
	return NULL;
}

void ctf_trace_free(LttvTrace *t)
{
	if (!t)
		return;
	g_ptr_array_unref(t->streams);
	g_ptr_array_unref(t->files);
	g_ptr_array_unref(t->classes);
	g_ptr_array_unref(t->env_text);
	ctf_trace_class_free(t->tc);
	g_free(t->uuid_text);
	g_free(t->host_label);
	g_free(t->path);
	g_free(t->name);
	g_free(t);
}

/* --- public accessors --- */

const char *lttv_trace_path(const LttvTrace *t)
{
	return t->path;
}

const char *lttv_trace_name(const LttvTrace *t)
{
	return t->name;
}

guint lttv_trace_index(const LttvTrace *t)
{
	return t->index;
}

int lttv_trace_ctf_major(const LttvTrace *t)
{
	return t->tc->major;
}

const char *lttv_trace_env(const LttvTrace *t, const char *key)
{
	for (guint i = 0; i + 1 < t->env_text->len; i += 2)
		if (strcmp(t->env_text->pdata[i], key) == 0)
			return t->env_text->pdata[i + 1];
	return NULL;
}

guint lttv_trace_n_env(const LttvTrace *t)
{
	return t->env_text->len / 2;
}

void lttv_trace_env_entry(const LttvTrace *t, guint i, const char **key, const char **value)
{
	*key = t->env_text->pdata[2 * i];
	*value = t->env_text->pdata[2 * i + 1];
}

guint lttv_trace_n_streams(const LttvTrace *t)
{
	return t->streams->len;
}

LttvStream *lttv_trace_stream(const LttvTrace *t, guint i)
{
	return t->streams->pdata[i];
}

guint lttv_trace_n_event_classes(const LttvTrace *t)
{
	return t->classes->len;
}

LttvEventClass *lttv_trace_event_class(const LttvTrace *t, guint i)
{
	return t->classes->pdata[i];
}

uint64_t lttv_trace_clock_frequency(const LttvTrace *t)
{
	for (guint s = 0; s < t->tc->stream_classes->len; s++) {
		CtfStreamClass *sc = t->tc->stream_classes->pdata[s];

		if (sc->clock)
			return sc->clock->frequency;
	}
	return 0;
}

const char *lttv_trace_clock_name(const LttvTrace *t)
{
	for (guint s = 0; s < t->tc->stream_classes->len; s++) {
		CtfStreamClass *sc = t->tc->stream_classes->pdata[s];

		if (sc->clock)
			return sc->clock->name ? sc->clock->name : sc->clock->id;
	}
	return NULL;
}

const char *lttv_trace_uuid(const LttvTrace *t)
{
	return t->uuid_text;
}

LttvTrace *lttv_stream_trace(const LttvStream *s)
{
	return s->trace;
}

guint64 lttv_stream_n_packets(const LttvStream *s)
{
	return s->packets->len;
}

void lttv_stream_packet(const LttvStream *s, guint64 i, LttvPacketInfo *out)
{
	const CtfPacket *p;

	g_return_if_fail(i < s->packets->len);
	p = &g_array_index(s->packets, CtfPacket, i);
	out->has_times = p->pi.has_ts_begin;
	out->begin = p->begin_ns;
	out->end = p->end_ns;
	out->content_bytes = p->content_bits / 8;
}

void lttv_stream_info(const LttvStream *s, LttvStreamInfo *info)
{
	memset(info, 0, sizeof(*info));
	info->path = s->files->len ? ((CtfFile *)s->files->pdata[0])->path : NULL;
	info->n_files = s->files->len;
	info->stream_class_id = s->sc_id;
	info->has_instance_id = s->has_ds_id;
	info->instance_id = s->ds_id;
	info->cpu = -1;
	info->n_packets = s->packets->len;
	for (guint i = 0; i < s->packets->len; i++) {
		const CtfPacket *p = &g_array_index(s->packets, CtfPacket, i);

		info->bytes += p->total_bits / 8;
		info->uuid_mismatches += p->pi.uuid_mismatch;
		if (p->pi.has_cpu && info->cpu < 0)
			info->cpu = p->pi.cpu;
		if (p->pi.has_ts_begin) {
			if (!info->has_times || p->begin_ns < info->begin)
				info->begin = p->begin_ns;
			if (!info->has_times || p->end_ns > info->end)
				info->end = p->end_ns;
			info->has_times = TRUE;
		}
	}
	info->discarded_events = s->disc_events;
	info->discarded_packets = s->disc_packets;
}
