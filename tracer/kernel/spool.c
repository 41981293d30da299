/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tracer/kernel/spool.h"
#include "lttv/error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define RESERVE_FILE "reserve"

static gboolean set_io_error(GError **error, int err, const char *what, const char *path)
{
	g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, "%s %s: %s", what, path, g_strerror(err));
	return FALSE;
}

char *kspool_path(const char *trace_dir, const char *name)
{
	return g_build_filename(trace_dir, KSPOOL_DIR, name, NULL);
}

/* ---------------------------------------------------------------- session */

KSpoolSession *kspool_session_new(void)
{
	KSpoolSession *s = g_new0(KSpoolSession, 1);
	s->cpus = g_array_new(FALSE, FALSE, sizeof(guint));
	s->own_tids = g_array_new(FALSE, FALSE, sizeof(gint32));
	s->lost = g_array_new(FALSE, FALSE, sizeof(guint64));
	return s;
}

void kspool_session_free(KSpoolSession *s)
{
	if (!s)
		return;
	g_strfreev(s->selection);
	g_free(s->instance);
	g_array_unref(s->cpus);
	g_array_unref(s->own_tids);
	g_array_unref(s->lost);
	g_free(s);
}

static char *hex(const guint8 *b, gsize n)
{
	char *out = g_malloc(2 * n + 1);
	for (gsize i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	return out;
}

static gboolean unhex(const char *s, guint8 *b, gsize n)
{
	if (!s || strlen(s) != 2 * n)
		return FALSE;
	for (gsize i = 0; i < n; i++) {
		int hi = g_ascii_xdigit_value(s[2 * i]), lo = g_ascii_xdigit_value(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return FALSE;
		b[i] = (guint8)(hi << 4 | lo);
	}
	return TRUE;
}

gboolean kspool_session_save(const char *trace_dir, const KSpoolSession *s, GError **error)
{
	g_autoptr(GKeyFile) k = g_key_file_new();
	const char *g = "session";
	g_autofree char *uuid = hex(s->uuid, 16), *clock = hex(s->clock_uuid, 16);
	g_key_file_set_integer(k, g, "version", KSPOOL_VERSION);
	g_key_file_set_string_list(k, g, "selection", (const char *const *)s->selection,
	                           g_strv_length(s->selection));
	g_key_file_set_string(k, g, "uuid", uuid);
	g_key_file_set_string(k, g, "clock_uuid", clock);
	g_key_file_set_int64(k, g, "clock_offset_ns", s->clock_offset_ns);
	g_key_file_set_uint64(k, g, "packet_size", s->packet_size);
	g_key_file_set_string(k, g, "instance", s->instance ? s->instance : "");
	g_key_file_set_integer_list(k, g, "cpus", (gint *)s->cpus->data, s->cpus->len);
	g_key_file_set_integer_list(k, g, "own_tids", (gint *)s->own_tids->data, s->own_tids->len);
	if (s->lost->len) {
		g_autoptr(GString) lost = g_string_new(NULL);
		for (guint i = 0; i < s->lost->len; i++)
			g_string_append_printf(lost, "%s%" G_GUINT64_FORMAT, i ? ";" : "",
			                       g_array_index(s->lost, guint64, i));
		g_key_file_set_string(k, g, "lost", lost->str);
	}
	g_key_file_set_integer(k, g, "recorder_pid", s->recorder_pid);
	g_key_file_set_integer(k, g, "guard_pid", s->guard_pid);
	g_autofree char *path = kspool_path(trace_dir, "session");
	return g_key_file_save_to_file(k, path, error);
}

KSpoolSession *kspool_session_load(const char *trace_dir, GError **error)
{
	g_autoptr(GKeyFile) k = g_key_file_new();
	g_autofree char *path = kspool_path(trace_dir, "session");
	if (!g_key_file_load_from_file(k, path, G_KEY_FILE_NONE, error))
		return NULL;
	const char *g = "session";
	g_autoptr(KSpoolSession) s = kspool_session_new();
	g_autoptr(GError) e = NULL;
	gint version = g_key_file_get_integer(k, g, "version", &e);
	if (e || version != KSPOOL_VERSION) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_DATA,
		            _("%s: not a spool of this version of lttv-trace"), path);
		return NULL;
	}
	g_autofree char *uuid = g_key_file_get_string(k, g, "uuid", NULL);
	g_autofree char *clock = g_key_file_get_string(k, g, "clock_uuid", NULL);
	gsize n_cpus = 0, n_tids = 0;
	g_autofree gint *cpus = g_key_file_get_integer_list(k, g, "cpus", &n_cpus, NULL);
	g_autofree gint *tids = g_key_file_get_integer_list(k, g, "own_tids", &n_tids, NULL);
	s->selection = g_key_file_get_string_list(k, g, "selection", NULL, NULL);
	s->instance = g_key_file_get_string(k, g, "instance", NULL);
	s->clock_offset_ns = g_key_file_get_int64(k, g, "clock_offset_ns", NULL);
	s->packet_size = g_key_file_get_uint64(k, g, "packet_size", NULL);
	s->recorder_pid = g_key_file_get_integer(k, g, "recorder_pid", NULL);
	s->guard_pid = g_key_file_get_integer(k, g, "guard_pid", NULL);
	if (!s->selection || !s->instance || !unhex(uuid, s->uuid, 16) ||
	    !unhex(clock, s->clock_uuid, 16) || !cpus || !n_cpus || s->packet_size < 4096) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_DATA, _("%s is damaged"), path);
		return NULL;
	}
	for (gsize i = 0; i < n_cpus; i++) {
		guint cpu = (guint)cpus[i];
		g_array_append_val(s->cpus, cpu);
	}
	if (tids)
		g_array_append_vals(s->own_tids, tids, (guint)n_tids);
	g_autofree char *lost = g_key_file_get_string(k, g, "lost", NULL);
	if (lost) {
		g_auto(GStrv) v = g_strsplit(lost, ";", -1);
		for (char **l = v; *l; l++) {
			guint64 n = g_ascii_strtoull(*l, NULL, 10);
			g_array_append_val(s->lost, n);
		}
		if (s->lost->len != s->cpus->len)
			g_array_set_size(s->lost, 0);
	}
	return g_steal_pointer(&s);
}

/* ---------------------------------------------------------------- the folder */

static gboolean copy_file(const char *from, const char *to, GError **error)
{
	g_autofree char *text = NULL;
	gsize len;
	return g_file_get_contents(from, &text, &len, error) &&
	       g_file_set_contents(to, text, (gssize)len, error);
}

gboolean kspool_create(const char *trace_dir, const char *header_page, guint64 reserve,
                       GError **error)
{
	g_autofree char *spool = kspool_path(trace_dir, NULL);
	if (g_mkdir_with_parents(spool, 0700) != 0)
		return set_io_error(error, errno, _("cannot create"), spool);
	g_autofree char *hp = kspool_path(trace_dir, "header_page");
	if (!copy_file(header_page, hp, error))
		return FALSE;
	if (reserve) {
		g_autofree char *path = kspool_path(trace_dir, RESERVE_FILE);
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0)
			return set_io_error(error, errno, _("cannot create"), path);
		int err = posix_fallocate(fd, 0, (off_t)reserve);
		close(fd);
		/* a file system without fallocate reserves nothing, and that is all */
		if (err && err != EOPNOTSUPP && err != EINVAL)
			return set_io_error(error, err, _("cannot write"), path);
	}
	return TRUE;
}

void kspool_release_reserve(const char *trace_dir)
{
	g_autofree char *path = kspool_path(trace_dir, RESERVE_FILE);
	g_unlink(path);
}

static void remove_tree(const char *path)
{
	g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
	if (d) {
		const char *name;
		while ((name = g_dir_read_name(d))) {
			g_autofree char *child = g_build_filename(path, name, NULL);
			remove_tree(child);
		}
		g_rmdir(path);
	} else
		g_unlink(path);
}

void kspool_remove(const char *trace_dir)
{
	g_autofree char *spool = kspool_path(trace_dir, NULL);
	remove_tree(spool);
}

/* ---------------------------------------------------------------- records */

struct KSpoolLog {
	int fd;
	char *path;
	GByteArray *buf;
	int err; /* the first write error */
};

enum { REC_BEGIN = 1, REC_PROCESS, REC_INTERRUPT, REC_BLOCK, REC_END, REC_STRING };

KSpoolLog *kspool_log_open(const char *trace_dir, const char *name, GError **error)
{
	g_autofree char *path = kspool_path(trace_dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		set_io_error(error, errno, _("cannot create"), path);
		return NULL;
	}
	KSpoolLog *l = g_new0(KSpoolLog, 1);
	l->fd = fd;
	l->path = g_steal_pointer(&path);
	l->buf = g_byte_array_sized_new(64 * 1024);
	return l;
}

gboolean kspool_log_flush(KSpoolLog *l, GError **error)
{
	gsize done = 0;
	while (!l->err && done < l->buf->len) {
		ssize_t n = write(l->fd, l->buf->data + done, l->buf->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			l->err = n < 0 ? errno : ENOSPC;
		else
			done += (gsize)n;
	}
	g_byte_array_set_size(l->buf, 0);
	if (l->err)
		return set_io_error(error, l->err, _("cannot write"), l->path);
	return TRUE;
}

gboolean kspool_log_close(KSpoolLog *l, GError **error)
{
	if (!l)
		return TRUE;
	gboolean ok = kspool_log_flush(l, error);
	close(l->fd);
	g_byte_array_unref(l->buf);
	g_free(l->path);
	g_free(l);
	return ok;
}

/* A record: tag (1 byte), body length (4), body.  Integers in the
 * machine's order: a spool is converted on the machine that wrote it. */
static void put(KSpoolLog *l, const void *p, gsize n)
{
	g_byte_array_append(l->buf, p, (guint)n);
}

static void put_u32(KSpoolLog *l, guint32 v)
{
	put(l, &v, 4);
}

static void put_u64(KSpoolLog *l, guint64 v)
{
	put(l, &v, 8);
}

static void put_str(KSpoolLog *l, const char *s)
{
	put(l, s ? s : "", strlen(s ? s : "") + 1);
}

static void begin_record(KSpoolLog *l, guint8 tag, gsize body)
{
	put(l, &tag, 1);
	put_u32(l, (guint32)body);
}

void kspool_dump_begin(KSpoolLog *l, guint64 ts)
{
	begin_record(l, REC_BEGIN, 8);
	put_u64(l, ts);
}

void kspool_dump_end(KSpoolLog *l, guint64 ts)
{
	begin_record(l, REC_END, 8);
	put_u64(l, ts);
}

void kspool_dump_process(KSpoolLog *l, guint64 ts, const LttvDumpProcess *p)
{
	begin_record(l, REC_PROCESS, 8 + 9 * 4 + 16 + 8 + 4);
	put_u64(l, ts);
	guint32 v[] = {(guint32)p->tid,    (guint32)p->pid,  (guint32)p->ppid,
	               (guint32)p->type,   (guint32)p->mode, (guint32)p->submode,
	               (guint32)p->status, p->cpu,           (guint32)p->in_syscall};
	put(l, v, sizeof v);
	put(l, p->name, 16);
	put_u64(l, p->file_table_address);
	put_u32(l, (guint32)p->syscall_nr);
}

void kspool_dump_interrupt(KSpoolLog *l, guint64 ts, const LttvDumpInterrupt *irq)
{
	begin_record(l, REC_INTERRUPT,
	             8 + 4 + strlen(irq->chip ? irq->chip : "") + 1 +
	                     strlen(irq->action ? irq->action : "") + 1);
	put_u64(l, ts);
	put_u32(l, irq->irq);
	put_str(l, irq->chip);
	put_str(l, irq->action);
}

void kspool_dump_block_device(KSpoolLog *l, guint64 ts, const LttvDumpBlockDevice *dev)
{
	begin_record(l, REC_BLOCK, 8 + 4 + strlen(dev->diskname ? dev->diskname : "") + 1);
	put_u64(l, ts);
	put_u32(l, dev->dev);
	put_str(l, dev->diskname);
}

void kspool_put_string(KSpoolLog *l, const LttvSyscallString *rec)
{
	begin_record(l, REC_STRING, 8 + 5 * 4 + rec->len + 1);
	put_u64(l, rec->ts);
	guint32 v[] = {(guint32)rec->tid, rec->nr, rec->arg, rec->len, 0};
	put(l, v, sizeof v);
	put(l, rec->str, rec->len);
	guint8 nul = 0;
	put(l, &nul, 1);
}

/* A reader of one record's body. */
typedef struct {
	const guint8 *p, *end;
	gboolean bad;
} Body;

static void get(Body *b, void *out, gsize n)
{
	if ((gsize)(b->end - b->p) < n) {
		b->bad = TRUE;
		memset(out, 0, n);
		return;
	}
	memcpy(out, b->p, n);
	b->p += n;
}

static guint32 get_u32(Body *b)
{
	guint32 v;
	get(b, &v, 4);
	return v;
}

static guint64 get_u64(Body *b)
{
	guint64 v;
	get(b, &v, 8);
	return v;
}

static const char *get_str(Body *b)
{
	const guint8 *nul = memchr(b->p, 0, (gsize)(b->end - b->p));
	if (!nul) {
		b->bad = TRUE;
		return "";
	}
	const char *s = (const char *)b->p;
	b->p = nul + 1;
	return s;
}

static gboolean replay_record(guint8 tag, Body *b, const KSpoolReplay *cb, gpointer data)
{
	guint64 ts = get_u64(b);
	switch (tag) {
	case REC_BEGIN:
	case REC_END:
		if (b->bad)
			return FALSE;
		if (tag == REC_BEGIN && cb->begin)
			cb->begin(ts, data);
		if (tag == REC_END && cb->end)
			cb->end(ts, data);
		return TRUE;
	case REC_PROCESS: {
		LttvDumpProcess p = {0};
		guint32 v[9];
		get(b, v, sizeof v);
		get(b, p.name, 16);
		p.file_table_address = get_u64(b);
		p.syscall_nr = (gint32)get_u32(b);
		p.tid = (gint32)v[0], p.pid = (gint32)v[1], p.ppid = (gint32)v[2];
		p.type = (gint32)v[3], p.mode = (gint32)v[4], p.submode = (gint32)v[5];
		p.status = (gint32)v[6], p.cpu = v[7], p.in_syscall = v[8] != 0;
		if (b->bad)
			return FALSE;
		if (cb->process)
			cb->process(ts, &p, data);
		return TRUE;
	}
	case REC_INTERRUPT: {
		LttvDumpInterrupt irq;
		irq.irq = get_u32(b);
		irq.chip = get_str(b);
		irq.action = get_str(b);
		if (b->bad)
			return FALSE;
		if (cb->interrupt)
			cb->interrupt(ts, &irq, data);
		return TRUE;
	}
	case REC_BLOCK: {
		LttvDumpBlockDevice dev;
		dev.dev = get_u32(b);
		dev.diskname = get_str(b);
		if (b->bad)
			return FALSE;
		if (cb->block_device)
			cb->block_device(ts, &dev, data);
		return TRUE;
	}
	case REC_STRING: {
		LttvSyscallString s = {0};
		guint32 v[5];
		s.ts = ts;
		get(b, v, sizeof v);
		s.tid = (gint32)v[0], s.nr = v[1], s.arg = v[2], s.len = v[3];
		s.str = (const char *)b->p;
		if (b->bad || (gsize)(b->end - b->p) != (gsize)s.len + 1 || b->p[s.len] != 0)
			return FALSE;
		if (cb->string)
			cb->string(&s, data);
		return TRUE;
	}
	default: return FALSE;
	}
}

gboolean kspool_replay(const char *trace_dir, const char *name, const KSpoolReplay *cb,
                       gpointer user_data, GError **error)
{
	g_autofree char *path = kspool_path(trace_dir, name);
	g_autofree char *data = NULL;
	gsize len = 0;
	g_autoptr(GError) e = NULL;
	if (!g_file_get_contents(path, &data, &len, &e)) {
		if (g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT))
			return TRUE;
		g_propagate_error(error, g_steal_pointer(&e));
		return FALSE;
	}
	const guint8 *p = (const guint8 *)data, *end = p + len;
	while (end - p >= 5) {
		guint32 body;
		memcpy(&body, p + 1, 4);
		if ((gsize)(end - p - 5) < body)
			break; /* cut short by a kill: the records before it hold */
		Body b = {p + 5, p + 5 + body, FALSE};
		if (!replay_record(p[0], &b, cb, user_data)) {
			g_set_error(error, LTTV_ERROR, LTTV_ERROR_DATA,
			            _("%s: damaged record at byte %zu"), path,
			            (gsize)(p - (const guint8 *)data));
			return FALSE;
		}
		p += 5 + body;
	}
	return TRUE;
}

/* ---------------------------------------------------------------- pages */

int kspool_cpu_open(const char *trace_dir, guint cpu, GError **error)
{
	g_autofree char *name = g_strdup_printf("cpu%u", cpu);
	g_autofree char *path = kspool_path(trace_dir, name);
	/* not O_APPEND: splice() refuses to write to such a file */
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		set_io_error(error, errno, _("cannot create"), path);
	else
		lseek(fd, 0, SEEK_END);
	return fd;
}

static gboolean write_all(int fd, const guint8 *p, gsize n, GError **error)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO,
			            _("cannot write the spool: %s"),
			            g_strerror(k < 0 ? errno : ENOSPC));
			return FALSE;
		}
		p += k;
		n -= (gsize)k;
	}
	return TRUE;
}

gboolean kspool_move_pages(int raw_fd, const int pipe[2], gsize pipe_size, int spool_fd,
                           gsize page_size, gboolean final, GError **error)
{
	for (;;) {
		ssize_t n = splice(raw_fd, NULL, pipe[1], NULL, pipe_size,
		                   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		/* the pages go from the pipe to the page cache without a copy
		 * through this process */
		for (ssize_t left = n; left > 0;) {
			ssize_t k =
			        splice(pipe[0], NULL, spool_fd, NULL, (size_t)left, SPLICE_F_MOVE);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO,
				            _("cannot write the spool: %s"),
				            g_strerror(k < 0 ? errno : ENOSPC));
				return FALSE;
			}
			left -= k;
		}
		if (!final && (gsize)n < pipe_size)
			break; /* the buffer is nearly empty: wait for more */
	}
	if (!final)
		return TRUE;
	/* the last, partly filled pages: only read() returns them */
	g_autofree guint8 *page = g_malloc(page_size);
	for (;;) {
		ssize_t n = read(raw_fd, page, page_size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return TRUE;
		if ((gsize)n < page_size)
			memset(page + n, 0, page_size - (gsize)n);
		if (!write_all(spool_fd, page, page_size, error))
			return FALSE;
	}
}
