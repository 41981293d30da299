/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CTF writer's bytes: packet and event headers as LTTng lays them
 * out, and writes that fail: a short write (file size limit) and a full
 * disk (a small tmpfs, when it can be mounted); the trace stays readable
 * up to the failure and the lost events are counted. */
#include "ctf-writer-tests.h"
#include "tmpdir.h"

#include "lttv/error.h"
#include "lttv/event.h"
#include "lttv/traceset.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static guint64 get_u64(const guint8 *p)
{
	guint64 v;

	memcpy(&v, p, 8);
	return GUINT64_FROM_LE(v);
}

static guint32 get_u32(const guint8 *p)
{
	guint32 v;

	memcpy(&v, p, 4);
	return GUINT32_FROM_LE(v);
}

/* ---------------------------------------------------------------- headers */

static void test_header_bytes(gconstpointer data)
{
	gboolean large = GPOINTER_TO_INT(data);
	g_autofree char *dir = make_tmp();
	g_autofree char *path = g_build_filename(dir, "channel0_5", NULL);
	g_autofree guint8 *bytes = NULL;
	g_autoptr(GError) error = NULL;
	const guint64 t0 = UINT64_C(0x123456789abcdef);
	const guint64 wrap = UINT64_C(1) << 27;
	const guint32 big_id = large ? 65535 : 31;
	const struct {
		guint32 id;
		guint64 ts, want_ts;
		gsize hlen;
	} ev[] = {
	        {1, t0, t0, large ? 6 : 4},                                 /* first: delta 0 */
	        {2, t0 + wrap - 1, t0 + wrap - 1, large ? 6 : 4},           /* longest delta */
	        {3, t0 + 2 * wrap - 1, t0 + 2 * wrap - 1, large ? 14 : 13}, /* delta 2^27 */
	        {big_id, t0 + 2 * wrap, t0 + 2 * wrap, large ? 14 : 13},    /* id too big */
	        {4, t0, t0 + 2 * wrap, large ? 6 : 4},                      /* raised */
	};
	gsize len, off = 84;
	LttvCtfStream *s;
	guint8 *p;

	s = lttv_ctf_stream_open(dir, "channel0_5", 5, trace_uuid,
	                         large ? LTTV_CTF_HEADER_LARGE : LTTV_CTF_HEADER_COMPACT,
	                         PACKET_SIZE, &error);
	g_assert_no_error(error);
	/* nothing to flush: no empty packet */
	g_assert_true(lttv_ctf_stream_flush(s, t0, &error));
	g_assert_cmpuint(lttv_ctf_stream_bytes(s), ==, 0);
	for (guint i = 0; i < G_N_ELEMENTS(ev); i++) {
		p = lttv_ctf_stream_event(s, ev[i].id, ev[i].ts, 1, &error);
		g_assert_no_error(error);
		*p = (guint8)(0xa0 + i);
	}
	/* too large for any packet: refused, nothing else changes */
	g_assert_null(lttv_ctf_stream_event(s, 1, t0 + 3 * wrap, PACKET_SIZE - 84 - 3, &error));
	g_assert_error(error, LTTV_CTF_ERROR, LTTV_CTF_ERROR_TOO_LARGE);
	g_clear_error(&error);
	g_assert_cmpuint(lttv_ctf_stream_events(s), ==, 5);
	g_assert_true(lttv_ctf_stream_flush(s, t0, &error));
	g_assert_cmpuint(lttv_ctf_stream_bytes(s), ==, PACKET_SIZE);
	/* the largest event: a packet of its own, full */
	p = lttv_ctf_stream_event(s, 1, t0, PACKET_SIZE - 84 - ev[0].hlen, &error);
	g_assert_no_error(error);
	memset(p, 0xee, PACKET_SIZE - 84 - ev[0].hlen);
	g_assert_true(lttv_ctf_stream_close(s, t0, &error));
	g_assert_no_error(error);

	g_assert_true(g_file_get_contents(path, (char **)&bytes, &len, &error));
	g_assert_cmpuint(len, ==, 2 * PACKET_SIZE);
	g_assert_cmpuint(get_u64(bytes + PACKET_SIZE + 32), ==, t0 + 2 * wrap);
	g_assert_cmpuint(get_u64(bytes + PACKET_SIZE + 48), ==, PACKET_SIZE * 8);
	g_assert_cmpuint(get_u64(bytes + PACKET_SIZE + 64), ==, 1);
	g_assert_cmpuint(bytes[2 * PACKET_SIZE - 1], ==, 0xee);
	g_assert_cmpuint(get_u32(bytes), ==, 0xC1FC1FC1);
	g_assert_cmpmem(bytes + 4, 16, trace_uuid, 16);
	g_assert_cmpuint(get_u32(bytes + 20), ==, 0);
	g_assert_cmpuint(get_u64(bytes + 24), ==, 5);
	g_assert_cmpuint(get_u64(bytes + 32), ==, t0);
	g_assert_cmpuint(get_u64(bytes + 40), ==, t0 + 2 * wrap); /* the last event */
	g_assert_cmpuint(get_u64(bytes + 56), ==, PACKET_SIZE * 8);
	g_assert_cmpuint(get_u64(bytes + 64), ==, 0);
	g_assert_cmpuint(get_u64(bytes + 72), ==, 0);
	g_assert_cmpuint(get_u32(bytes + 80), ==, 5);
	for (guint i = 0; i < G_N_ELEMENTS(ev); i++) {
		const guint8 *h = bytes + off;

		switch (ev[i].hlen) {
		case 4:
			g_assert_cmpuint(get_u32(h), ==,
			                 ev[i].id | (ev[i].want_ts & (wrap - 1)) << 5);
			break;
		case 6:
			g_assert_cmpuint(h[0] | h[1] << 8, ==, ev[i].id);
			g_assert_cmpuint(get_u32(h + 2), ==, (guint32)ev[i].want_ts);
			break;
		default:
			if (large)
				g_assert_cmpuint(h[0] | h[1] << 8, ==, 0xFFFF);
			else
				g_assert_cmpuint(h[0], ==, 31);
			g_assert_cmpuint(get_u32(h + ev[i].hlen - 12), ==, ev[i].id);
			g_assert_cmpuint(get_u64(h + ev[i].hlen - 8), ==, ev[i].want_ts);
		}
		g_assert_cmpuint(h[ev[i].hlen], ==, 0xa0 + i);
		off += ev[i].hlen + 1;
	}
	g_assert_cmpuint(get_u64(bytes + 48), ==, off * 8);
	for (gsize i = off; i < PACKET_SIZE; i++)
		g_assert_cmpuint(bytes[i], ==, 0);

	g_assert_null(
	        lttv_ctf_stream_open(dir, "x", 0, trace_uuid, LTTV_CTF_HEADER_LARGE, 4095, &error));
	g_assert_error(error, LTTV_CTF_ERROR, LTTV_CTF_ERROR_ARGUMENT);
	rm_rf(dir);
}

/* ---------------------------------------------------------------- failures */

/* Writes 1 + 91 + 10 bytes events of class 0 (syscall_entry_openat) until
 * one fails or `max` are written; returns how many were accepted. */
static guint write_until_error(LttvCtfStream *s, guint64 *ts, guint max, GError **error)
{
	guint n = 0;

	for (; n < max; n++) {
		guint8 *p = lttv_ctf_stream_event(s, 0, *ts += 1000, 4 + 92 + 4 + 2, error);

		if (!p)
			break;
		p = lttv_ctf_put_u32(p, n);
		memset(p, 'x', 91);
		p[91] = 0;
		p = lttv_ctf_put_u32(p + 92, 0644);
		lttv_ctf_put_u16(p, 0755);
	}
	return n;
}

static char *failure_trace(const char *dir)
{
	g_autoptr(LttvCtfMetadata) meta = new_metadata(0);
	g_autoptr(GError) error = NULL;

	lttv_ctf_metadata_add_event(meta, "syscall_entry_openat", f_openat, G_N_ELEMENTS(f_openat));
	g_assert_true(lttv_ctf_metadata_write(meta, dir, &error));
	g_assert_no_error(error);
	return g_build_filename(dir, "channel0_0", NULL);
}

static guint64 file_size(const char *path)
{
	GStatBuf st;

	g_assert_cmpint(g_stat(path, &st), ==, 0);
	return (guint64)st.st_size;
}

/* After a failed packet the trace holds the complete packets, then the
 * ones written once the disk has room again; the lost events are counted
 * as discarded. */
static void check_after_failure(const char *dir, guint64 events, guint64 discarded)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvTraceset) ts = lttv_traceset_open(dir, &error);
	g_autoptr(LttvIter) it = NULL;
	const LttvItem *item;
	LttvStreamInfo info;
	guint64 n = 0;

	g_assert_no_error(error);
	it = lttv_iter_new(ts);
	while ((item = lttv_iter_next(it, &error)))
		n += item->kind == LTTV_ITEM_EVENT;
	g_assert_no_error(error);
	g_assert_cmpuint(n, ==, events);
	lttv_stream_info(lttv_trace_stream(lttv_traceset_trace(ts, 0), 0), &info);
	g_assert_cmpuint(info.discarded_events, ==, discarded);
	g_assert_cmpuint(info.discarded_packets, ==, 0);
}

/* A file size limit makes the third packet's write stop halfway (a short
 * write, then EFBIG): the file is cut back to two packets. */
static void test_short_write(void)
{
	g_autofree char *dir = make_tmp();
	g_autofree char *path = failure_trace(dir);
	g_autoptr(GError) error = NULL;
	g_autofree char *out = NULL, *err = NULL;
	const char *args[] = {dir, NULL};
	struct rlimit old, lim;
	void (*old_handler)(int);
	LttvCtfStream *s;
	guint64 ts = UINT64_C(1000000000), before;
	guint n, more;

	s = lttv_ctf_stream_open(dir, "channel0_0", 0, trace_uuid, LTTV_CTF_HEADER_COMPACT,
	                         PACKET_SIZE, &error);
	g_assert_no_error(error);
	g_assert_cmpint(getrlimit(RLIMIT_FSIZE, &old), ==, 0);
	lim = old;
	lim.rlim_cur = 2 * PACKET_SIZE + 1000;
	old_handler = signal(SIGXFSZ, SIG_IGN);
	g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &lim), ==, 0);
	n = write_until_error(s, &ts, 1000, &error);
	g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &old), ==, 0);
	signal(SIGXFSZ, old_handler);

	g_assert_error(error, G_FILE_ERROR, (gint)g_file_error_from_errno(EFBIG));
	g_clear_error(&error);
	g_assert_cmpuint(file_size(path), ==, 2 * PACKET_SIZE);
	g_assert_cmpuint(lttv_ctf_stream_bytes(s), ==, 2 * PACKET_SIZE);
	g_assert_cmpuint(lttv_ctf_stream_dropped(s), >, 0);
	g_assert_cmpuint(lttv_ctf_stream_events(s) + lttv_ctf_stream_dropped(s), ==, n);
	/* the event that met the failure was not taken: the caller counts it */
	lttv_ctf_stream_set_discarded(s, 1);
	more = write_until_error(s, &ts, 100, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(more, ==, 100);
	before = lttv_ctf_stream_events(s);
	g_assert_cmpuint(before, ==, n + more - lttv_ctf_stream_dropped(s));
	n = (guint)lttv_ctf_stream_dropped(s);
	g_assert_true(lttv_ctf_stream_close(s, ts, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(file_size(path) % PACKET_SIZE, ==, 0);

	check_after_failure(dir, before, n + 1);
	if (run_bt2(args, &out, &err)) {
		g_autofree char *warn = g_strdup_printf("Tracer discarded %u events", n + 1);
		g_auto(GStrv) lines = g_strsplit(out, "\n", -1);

		g_assert_cmpuint(g_strv_length(lines) - 1, ==, before);
		g_assert_nonnull(strstr(err, warn));
	}
	rm_rf(dir);
}

/* Mounting a tmpfs needs root; the mount lives in the mount namespace of
 * one child process, so it is gone when that process ends, however. */
static gboolean can_mount_tmpfs(void)
{
	g_autofree char *dir = make_tmp();
	int status = 1;
	pid_t pid = fork();

	if (pid == 0) {
		gboolean ok = unshare(CLONE_NEWNS) == 0 &&
		              mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
		              mount("tmpfs", dir, "tmpfs", 0, "size=64k") == 0;

		_exit(ok ? 0 : 1);
	}
	g_assert_cmpint(pid, >, 0);
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	g_rmdir(dir);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* A full disk: a 64 KiB tmpfs, packets of 3 pages, so that one is written
 * in part; then room is made and writing goes on. */
static void enospc_child(void)
{
	g_autofree char *dir = make_tmp();
	g_autofree char *path = NULL, *filler = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *zeros = g_malloc0(4 * 4096);
	LttvCtfStream *s;
	guint64 ts = UINT64_C(1000000000), events;
	guint n;

	g_assert_cmpint(unshare(CLONE_NEWNS), ==, 0);
	g_assert_cmpint(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), ==, 0);
	g_assert_cmpint(mount("tmpfs", dir, "tmpfs", 0, "size=64k"), ==, 0);
	path = failure_trace(dir);
	filler = g_build_filename(dir, ".filler", NULL);
	g_assert_true(g_file_set_contents(filler, zeros, 4 * 4096, &error));
	s = lttv_ctf_stream_open(dir, "channel0_0", 0, trace_uuid, LTTV_CTF_HEADER_COMPACT,
	                         3 * 4096, &error);
	g_assert_no_error(error);
	n = write_until_error(s, &ts, 100000, &error);
	g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
	g_clear_error(&error);
	g_assert_cmpuint(lttv_ctf_stream_bytes(s), >, 0);
	g_assert_cmpuint(file_size(path), ==, lttv_ctf_stream_bytes(s));
	g_assert_cmpuint(lttv_ctf_stream_events(s) + lttv_ctf_stream_dropped(s), ==, n);

	g_assert_cmpint(g_remove(filler), ==, 0);
	g_assert_cmpuint(write_until_error(s, &ts, 100, &error), ==, 100);
	events = lttv_ctf_stream_events(s);
	n = (guint)lttv_ctf_stream_dropped(s);
	g_assert_true(lttv_ctf_stream_close(s, ts, &error));
	g_assert_no_error(error);
	check_after_failure(dir, events, n);
	g_assert_cmpint(umount2(dir, MNT_DETACH), ==, 0);
	rm_rf(dir);
}

static void test_enospc(void)
{
	if (g_test_subprocess()) {
		enospc_child();
		return;
	}
	if (!can_mount_tmpfs()) {
		g_test_skip("cannot mount a tmpfs in a new mount namespace (not root)");
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
	g_test_trap_assert_passed();
}

void ctf_writer_add_byte_tests(void)
{
	g_test_add_data_func("/ctf-writer/headers/compact", GINT_TO_POINTER(FALSE),
	                     test_header_bytes);
	g_test_add_data_func("/ctf-writer/headers/large", GINT_TO_POINTER(TRUE), test_header_bytes);
	g_test_add_func("/ctf-writer/failure/short-write", test_short_write);
	g_test_add_func("/ctf-writer/failure/enospc", test_enospc);
}
