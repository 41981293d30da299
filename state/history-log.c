/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state history build's log of value changes.  A dense kernel trace
 * logs more than its own size (16 bytes a change), so the log goes to an
 * unlinked file through two 4 MiB buffers: the build fills one while a
 * writer thread copies the other into the file, a copy that took a sixth
 * of a build's time when the build made it itself.
 */
#include "config.h"

#include "state/history-internal.h"
#include "state/history-log.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Entries of a file log's buffer (4 MiB). */
#define LOG_BUFFER (1u << 18)

int history_scratch_file(void)
{
	g_autofree char *dir = g_build_filename(g_get_user_cache_dir(), "lttv", NULL);
	g_autofree char *tmpl = g_build_filename(dir, "scratch-XXXXXX", NULL);
	int fd;

	if (g_mkdir_with_parents(dir, 0700) != 0)
		return -1;
	fd = g_mkstemp_full(tmpl, O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		g_unlink(tmpl);
	return fd;
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

static gpointer log_writer(gpointer data)
{
	Log *log = data;

	g_mutex_lock(&log->lock);
	for (;;) {
		size_t len, off;
		bool ok;

		while (!log->job && !log->quit)
			g_cond_wait(&log->cond, &log->lock);
		if (!log->job)
			break;
		len = log->writing * sizeof(LogEntry);
		off = log->flushed * sizeof(LogEntry);
		g_mutex_unlock(&log->lock);
		ok = pwrite_all(log->fd, log->spare, len, (off_t)off);
		g_mutex_lock(&log->lock);
		if (ok) {
			log->flushed += log->writing;
			log->writing = 0;
		} else {
			log->failed = true; /* spare keeps the entries */
		}
		log->job = false;
		g_cond_broadcast(&log->cond);
	}
	g_mutex_unlock(&log->lock);
	return NULL;
}

void log_init(Log *log)
{
	memset(log, 0, sizeof(*log));
	g_mutex_init(&log->lock);
	g_cond_init(&log->cond);
	log->initialised = true;
	log->fd = history_scratch_file();
	if (log->fd >= 0) {
		log->writer = g_thread_try_new("lttv-history-log", log_writer, log, NULL);
		if (!log->writer) {
			close(log->fd);
			log->fd = -1;
		}
	}
	log->cap = log->fd >= 0 ? LOG_BUFFER : 4096;
	log->e = g_new(LogEntry, log->cap);
	if (log->fd >= 0)
		log->spare = g_new(LogEntry, log->cap);
}

/* Waits for the writer to be idle: false when a write failed. */
static bool log_wait(Log *log)
{
	bool failed;

	g_mutex_lock(&log->lock);
	while (log->job)
		g_cond_wait(&log->cond, &log->lock);
	failed = log->failed;
	g_mutex_unlock(&log->lock);
	return !failed;
}

static void log_stop_writer(Log *log)
{
	if (!log->writer)
		return;
	g_mutex_lock(&log->lock);
	log->quit = true;
	g_cond_broadcast(&log->cond);
	g_mutex_unlock(&log->lock);
	g_thread_join(log->writer);
	log->writer = NULL;
}

/* Moves a file log back into memory (a write failed: disk full...):
 * what the file holds, then what a failed write kept, then the buffer. */
static void log_to_memory(Log *log)
{
	size_t held = log->n - log->base, cap = MAX(log->n, 1) * 2;
	LogEntry *all;

	log_wait(log);
	log_stop_writer(log);
	all = g_new(LogEntry, cap);
	if (log->flushed && pread(log->fd, all, log->flushed * sizeof(LogEntry), 0) !=
	                            (ssize_t)(log->flushed * sizeof(LogEntry))) {
		memset(all, 0, log->flushed * sizeof(LogEntry));
		log->broken = true; /* the build fails rather than use it */
	}
	if (log->writing)
		memcpy(all + log->flushed, log->spare, log->writing * sizeof(LogEntry));
	memcpy(all + log->flushed + log->writing, log->e, held * sizeof(LogEntry));
	g_clear_pointer(&log->e, g_free);
	g_clear_pointer(&log->spare, g_free);
	close(log->fd);
	log->fd = -1;
	log->e = all;
	log->cap = cap;
	log->base = 0;
	log->flushed = log->writing = 0;
}

/* Hands the buffer's entries to the writer, once it is done with the
 * previous ones. */
static void log_hand_off(Log *log)
{
	LogEntry *full = log->e;
	size_t held = log->n - log->base;

	if (log->fd < 0 || held == 0)
		return;
	if (!log_wait(log)) {
		log_to_memory(log);
		return;
	}
	g_mutex_lock(&log->lock);
	log->e = log->spare;
	log->spare = full;
	log->writing = held;
	log->base = log->n;
	log->job = true;
	g_cond_broadcast(&log->cond);
	g_mutex_unlock(&log->lock);
}

void log_make_room(Log *log)
{
	if (log->fd >= 0)
		log_hand_off(log);
	if (log->fd < 0 && log->n == log->cap) {
		log->cap = MAX(log->cap * 2, 4096);
		log->e = g_renew(LogEntry, log->e, log->cap);
	}
}

bool log_sync(Log *log)
{
	log_hand_off(log);
	if (log->fd >= 0 && !log_wait(log))
		log_to_memory(log);
	return !log->broken;
}

static gpointer close_fd(gpointer fd)
{
	close(GPOINTER_TO_INT(fd));
	return NULL;
}

void log_clear(Log *log)
{
	log_stop_writer(log);
	g_clear_pointer(&log->e, g_free);
	g_clear_pointer(&log->spare, g_free);
	if (log->fd >= 0) {
		/* the last close of a big unlinked file frees its pages (0.1 s
		 * for 550 MiB): on a thread, not on the build's path */
		GThread *closer = log->n >= (64u << 20) / sizeof(LogEntry)
		                          ? g_thread_try_new("lttv-log-close", close_fd,
		                                             GINT_TO_POINTER(log->fd), NULL)
		                          : NULL;

		if (closer)
			g_thread_unref(closer);
		else
			close(log->fd);
	}
	log->fd = -1;
	if (log->initialised) {
		g_cond_clear(&log->cond);
		g_mutex_clear(&log->lock);
		log->initialised = false;
	}
}

void log_view(Log *log, LogView *v)
{
	memset(v, 0, sizeof(*v));
	log_sync(log);
	v->n = log->n;
	if (log->fd >= 0 && log->n) {
		v->map_len = log->n * sizeof(LogEntry);
		v->map = mmap(NULL, v->map_len, PROT_READ, MAP_SHARED, log->fd, 0);
		if (v->map != MAP_FAILED) {
			v->e = v->map;
			return;
		}
		v->map = NULL;
		log_to_memory(log);
	}
	v->e = log->e;
}

void log_view_release(LogView *v, size_t i)
{
	history_release_range(v->e + v->released, v->e + i);
	v->released = i;
}

void log_view_rewind(LogView *v)
{
	if (v->map)
		history_release_range(v->e + v->released, v->e + v->n);
	v->released = 0;
}

void log_view_end(LogView *v)
{
	if (v->map)
		munmap(v->map, v->map_len);
	v->map = NULL;
}
