/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tracer/kernel/recorder.h"
#include "tracer/ctf/ctf-writer.h"
#include "tracer/kernel/convert.h"
#include "tracer/kernel/convert-table.h"
#include "tracer/kernel/ftrace-page.h"
#include "tracer/kernel/statedump.h"
#include "tracer/kernel/syscall-strings.h"
#include "tracer/kernel/tracefs.h"
#include "lttv/error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_BUFFER_KB   4096
#define DEFAULT_PACKET_SIZE (256 * 1024)
/* A CPU's open packet is written out after this long, so that a killed
 * recorder leaves at most this much of an idle CPU unwritten. */
#define IDLE_FLUSH_NS 1000000000ull

typedef struct {
	LttvRecorder *rec;
	guint cpu;
	GThread *thread;
	LttvCtfStream *stream;
	KConvCpu *conv;
	int raw_fd;
	guint64 lost_at_start, lost;
	guint64 malformed_pages;
	GError *error; /* the first write error */
} CpuReader;

struct LttvRecorder {
	LttvTracefsInstance *inst;
	LttvCtfMetadata *meta;
	KConv *conv;
	LttvSyscallStrings *strings;
	FtracePageHeader page_header;
	gsize page_size;
	char *dir;
	GArray *cpus; /* guint */
	CpuReader *readers;
	guint n_readers;
	int stop_fd;    /* eventfd: the readers stop */
	int failure_fd; /* eventfd: a reader failed */
	gint stopping;
	/* the readers start before the state dump (so that it lists them) and
	 * wait for it to end before converting */
	GMutex dump_lock;
	GCond dump_cond;
	gboolean dump_done;
	guint readers_started; /* reader threads running (their names are set) */
	GArray *stats;
	GPtrArray *warnings;
};

static guint64 monotonic_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (guint64)t.tv_sec * 1000000000ull + (guint64)t.tv_nsec;
}

/* ---------------------------------------------------------------- reading pages */

static void reader_fail(CpuReader *r, GError *error)
{
	if (!r->error)
		r->error = error;
	else
		g_error_free(error);
	guint64 one = 1;
	if (write(r->rec->failure_fd, &one, sizeof one) < 0) {
		/* the eventfd cannot overflow with so few writes */
	}
}

static void update_lost(CpuReader *r)
{
	guint64 lost;
	if (lttv_tracefs_cpu_lost(r->rec->inst, r->cpu, &lost) && lost >= r->lost_at_start)
		r->lost = lost - r->lost_at_start;
	/* the kernel's losses and the events too large for a packet */
	lttv_ctf_stream_set_discarded(r->stream, r->lost + kconv_cpu_dropped(r->conv));
}

/* Converts n bytes of whole pages; FALSE on a write error. */
static gboolean convert_pages(CpuReader *r, const guint8 *buf, gsize n)
{
	LttvRecorder *rec = r->rec;
	for (gsize off = 0; off + rec->page_size <= n; off += rec->page_size) {
		FtracePageIter it;
		if (!ftrace_page_begin(&it, &rec->page_header, buf + off, rec->page_size)) {
			r->malformed_pages++;
			continue;
		}
		const guint8 *payload;
		guint32 len;
		guint64 ts;
		int res;
		while ((res = ftrace_page_next(&it, &payload, &len, &ts)) > 0) {
			GError *error = NULL;
			if (!kconv_cpu_record(r->conv, ts, payload, len, &error)) {
				reader_fail(r, error);
				return FALSE;
			}
		}
		if (res < 0)
			r->malformed_pages++;
	}
	return TRUE;
}

static gssize read_full(int fd, guint8 *buf, gsize n)
{
	gsize done = 0;
	while (done < n) {
		ssize_t k = read(fd, buf + done, n - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return done ? (gssize)done : k;
		done += (gsize)k;
	}
	return (gssize)done;
}

static gpointer reader_thread(gpointer data)
{
	CpuReader *r = data;
	LttvRecorder *rec = r->rec;
	int pipefd[2] = {-1, -1};
	gsize chunk = rec->page_size * 16;
	if (pipe2(pipefd, O_CLOEXEC) == 0) {
		/* a bigger pipe moves more pages per splice */
		int size = fcntl(pipefd[1], F_SETPIPE_SZ, 1024 * 1024);
		if (size > 0 && (gsize)size >= rec->page_size)
			chunk = (gsize)size / rec->page_size * rec->page_size;
	}
	guint8 *buf = g_malloc(MAX(chunk, rec->page_size));
	guint64 last_flush = monotonic_ns();
	gboolean ok = pipefd[0] >= 0;
	if (!ok)
		reader_fail(r, g_error_new(LTTV_ERROR, LTTV_ERROR_IO, _("cannot create a pipe: %s"),
		                           g_strerror(errno)));
	while (ok) {
		struct pollfd pfd[2] = {{r->raw_fd, POLLIN, 0}, {rec->stop_fd, POLLIN, 0}};
		poll(pfd, 2, 250);
		gboolean stop = g_atomic_int_get(&rec->stopping);
		/* whole pages, without copying, as long as there are some */
		for (;;) {
			ssize_t n = splice(r->raw_fd, NULL, pipefd[1], NULL, chunk,
			                   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			gssize got = read_full(pipefd[0], buf, (gsize)n);
			if (got != n) {
				reader_fail(r, g_error_new(LTTV_ERROR, LTTV_ERROR_IO,
				                           _("cannot read the pages of CPU %u: %s"),
				                           r->cpu, g_strerror(errno)));
				ok = FALSE;
				break;
			}
			update_lost(r);
			if (!convert_pages(r, buf, (gsize)n)) {
				ok = FALSE;
				break;
			}
			if (!stop && (gsize)n < chunk)
				break;
		}
		if (!ok)
			break;
		if (stop) {
			/* the last, partly filled pages: only read() returns them */
			for (;;) {
				ssize_t n = read(r->raw_fd, buf, rec->page_size);
				if (n < 0 && errno == EINTR)
					continue;
				if (n <= 0)
					break;
				update_lost(r);
				if ((gsize)n < rec->page_size)
					memset(buf + n, 0, rec->page_size - (gsize)n);
				if (!convert_pages(r, buf, rec->page_size)) {
					ok = FALSE;
					break;
				}
			}
			break;
		}
		guint64 now = monotonic_ns();
		if (now - last_flush >= IDLE_FLUSH_NS) {
			GError *error = NULL;
			update_lost(r);
			if (!lttv_ctf_stream_flush(r->stream, now, &error)) {
				reader_fail(r, error);
				break;
			}
			last_flush = now;
		}
	}
	GError *error = NULL;
	if (ok && !kconv_cpu_finish(r->conv, &error))
		reader_fail(r, error);
	update_lost(r);
	g_free(buf);
	if (pipefd[0] >= 0) {
		close(pipefd[0]);
		close(pipefd[1]);
	}
	return NULL;
}

/* ---------------------------------------------------------------- state dump */

typedef struct {
	KConv *conv;
} DumpCtx;

static gboolean dump_process(const LttvDumpProcess *p, gpointer data)
{
	kconv_statedump_process(((DumpCtx *)data)->conv, monotonic_ns(), p);
	return TRUE;
}

static gboolean dump_interrupt(const LttvDumpInterrupt *irq, gpointer data)
{
	kconv_statedump_interrupt(((DumpCtx *)data)->conv, monotonic_ns(), irq);
	return TRUE;
}

static gboolean dump_block(const LttvDumpBlockDevice *dev, gpointer data)
{
	kconv_statedump_block_device(((DumpCtx *)data)->conv, monotonic_ns(), dev);
	return TRUE;
}

/* ---------------------------------------------------------------- set-up */

static void write_env(LttvCtfMetadata *meta, const char *trace_name)
{
	struct utsname u;
	uname(&u);
	char host[256] = "";
	gethostname(host, sizeof host - 1);
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree char *created = g_date_time_format(now, "%Y%m%dT%H%M%S%z");
	/* tracer_name and version are lttng-modules 2.13's so that Trace
	 * Compass applies its LTTng >= 2.9 kernel event layout (doc/recorder.md) */
	lttv_ctf_metadata_env_string(meta, "hostname", host);
	lttv_ctf_metadata_env_string(meta, "domain", "kernel");
	lttv_ctf_metadata_env_string(meta, "sysname", u.sysname);
	lttv_ctf_metadata_env_string(meta, "kernel_release", u.release);
	lttv_ctf_metadata_env_string(meta, "kernel_version", u.version);
	lttv_ctf_metadata_env_string(meta, "tracer_name", "lttng-modules");
	lttv_ctf_metadata_env_int(meta, "tracer_major", 2);
	lttv_ctf_metadata_env_int(meta, "tracer_minor", 13);
	lttv_ctf_metadata_env_int(meta, "tracer_patchlevel", 0);
	lttv_ctf_metadata_env_string(meta, "trace_buffering_scheme", "global");
	lttv_ctf_metadata_env_string(meta, "trace_name", trace_name ? trace_name : "lttv-trace");
	lttv_ctf_metadata_env_string(meta, "trace_creation_datetime", created);
	lttv_ctf_metadata_env_string(meta, "lttv_tracer_name", "lttv-trace");
	lttv_ctf_metadata_env_string(meta, "lttv_tracer_version", PACKAGE_VERSION);
	lttv_ctf_metadata_env_string(meta, "lttv_trace_source", "ftrace");
}

static gboolean configure_instance(LttvRecorder *r, guint buffer_kb, GError **error)
{
	char kb[32];
	snprintf(kb, sizeof kb, "%u", buffer_kb ? buffer_kb : DEFAULT_BUFFER_KB);
	if (!lttv_tracefs_write(r->inst, "tracing_on", "0", error) ||
	    !lttv_tracefs_write(r->inst, "trace_clock", "mono", error) ||
	    !lttv_tracefs_write(r->inst, "options/overwrite", "0", error) ||
	    !lttv_tracefs_write(r->inst, "buffer_size_kb", kb, error))
		return FALSE;
	/* wake the readers when a quarter of the buffer is filled (not
	 * available on old kernels: then they poll on a timer) */
	lttv_tracefs_write(r->inst, "buffer_percent", "25", NULL);
	return TRUE;
}

static gboolean enable_events(LttvRecorder *r, GError **error)
{
	const GPtrArray *events = kconv_ftrace_events(r->conv);
	g_autoptr(GString) list = g_string_new(NULL);
	for (guint i = 0; i < events->len; i++) {
		g_auto(GStrv) se = g_strsplit(events->pdata[i], ":", 2);
		g_autofree char *file = g_build_filename("events", se[0], se[1], "enable", NULL);
		if (!lttv_tracefs_write(r->inst, file, "1", error))
			return FALSE;
	}
	return TRUE;
}

/* The recorder's own system calls are left out of the trace: each read of
 * the buffers would otherwise add events to them.  The converter drops
 * them, rather than the kernel's set_event_notrace_pid: that pid filter
 * costs every traced task on every event and context switch (the
 * workload of tests/bench/kernel ran about 8% slower with it).  Its other
 * events (interrupts while it runs, its scheduling, its block requests)
 * are recorded like anyone else's.  Called before any conversion starts
 * (the reader threads under dump_lock). */
static void ignore_own_thread(LttvRecorder *r)
{
	kconv_ignore_syscalls_of(r->conv, (gint32)syscall(SYS_gettid));
}

static void set_dump_done(LttvRecorder *r)
{
	g_mutex_lock(&r->dump_lock);
	r->dump_done = TRUE;
	g_cond_broadcast(&r->dump_cond);
	g_mutex_unlock(&r->dump_lock);
}

static gpointer reader_thread_main(gpointer data)
{
	CpuReader *r = data;
	g_mutex_lock(&r->rec->dump_lock);
	ignore_own_thread(r->rec);
	/* GLib named this thread before calling us: the state dump, which
	 * waits for this, lists it as lttv-cpuN */
	r->rec->readers_started++;
	g_cond_broadcast(&r->rec->dump_cond);
	while (!r->rec->dump_done)
		g_cond_wait(&r->rec->dump_cond, &r->rec->dump_lock);
	g_mutex_unlock(&r->rec->dump_lock);
	return reader_thread(data);
}

LttvRecorder *lttv_recorder_start(const LttvRecordOptions *o, GError **error)
{
	/* declared first: every "goto fail" must find them initialized */
	g_autofree char *hp_path = NULL, *hp = NULL, *name = NULL;
	g_auto(GStrv) defaults = NULL;
	g_autofree char *tracefs = lttv_tracefs_find(error);
	if (!tracefs)
		return NULL;
	guint stale = lttv_tracefs_remove_stale(tracefs);
	LttvRecorder *r = g_new0(LttvRecorder, 1);
	r->stop_fd = eventfd(0, EFD_CLOEXEC);
	r->failure_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	r->warnings = g_ptr_array_new_with_free_func(g_free);
	r->stats = g_array_new(FALSE, TRUE, sizeof(LttvRecordCpuStats));
	r->dir = g_strdup(o->output_dir);
	g_mutex_init(&r->dump_lock);
	g_cond_init(&r->dump_cond);
	if (stale)
		g_ptr_array_add(
		        r->warnings,
		        g_strdup_printf(
		                _("removed %u tracefs instance(s) left by a killed recorder"),
		                stale));

	/* the metadata and the conversion tables */
	guint8 uuid[16], boot[16];
	lttv_ctf_random_uuid(uuid);
	lttv_ctf_clock_uuid(boot);
	r->meta = lttv_ctf_metadata_new(
	        uuid, boot, o->clock_offset_ns ? o->clock_offset_ns : lttv_ctf_clock_offset_now());
	write_env(r->meta, o->trace_name);
	defaults = g_strsplit(kconv_default_selection, ",", -1);
	r->conv = kconv_new(tracefs, o->selection ? o->selection : (const char *const *)defaults,
	                    r->meta, error);
	if (!r->conv)
		goto fail;
	if (g_mkdir_with_parents(r->dir, 0755) != 0) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, _("cannot create %s: %s"), r->dir,
		            g_strerror(errno));
		goto fail;
	}
	if (!lttv_ctf_metadata_write(r->meta, r->dir, error))
		goto fail;

	/* the instance */
	name = g_strdup_printf("lttv-%d", (int)getpid());
	r->inst = lttv_tracefs_instance_create(tracefs, name, error);
	if (!r->inst || !configure_instance(r, o->buffer_size_kb, error))
		goto fail;
	/* the page layout, the instance's own (its sub-buffer size may differ) */
	hp_path = g_build_filename(r->inst->path, "events", "header_page", NULL);
	if (!g_file_test(hp_path, G_FILE_TEST_EXISTS)) {
		g_free(hp_path);
		hp_path = g_build_filename(tracefs, "events", "header_page", NULL);
	}
	if (!g_file_get_contents(hp_path, &hp, NULL, error) ||
	    !ftrace_page_header_parse(hp, &r->page_header, error))
		goto fail;
	r->page_size = r->page_header.data_offset + r->page_header.data_size;
	ignore_own_thread(r);
	if (kconv_wants_syscall_strings(r->conv)) {
		guint n_events;
		const LttvSyscallStringEvent *events =
		        kconv_syscall_string_events(r->conv, &n_events);
		g_autoptr(GError) bpf_error = NULL;
		r->strings =
		        lttv_syscall_strings_open_events(events, n_events, tracefs, &bpf_error);
		if (r->strings) {
			lttv_syscall_strings_ignore_tgid(r->strings, getpid());
			kconv_set_syscall_strings(r->conv, r->strings);
			if (lttv_syscall_strings_warning(r->strings))
				g_ptr_array_add(r->warnings,
				                g_strdup(lttv_syscall_strings_warning(r->strings)));
		} else
			g_ptr_array_add(
			        r->warnings,
			        g_strdup_printf(_("system call file names are not recorded: %s"),
			                        bpf_error->message));
	}
	if (!enable_events(r, error))
		goto fail;

	/* one stream and reader per CPU */
	r->cpus = lttv_tracefs_cpus(r->inst);
	if (!r->cpus->len) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, _("no per-CPU buffer in %s"),
		            r->inst->path);
		goto fail;
	}
	r->n_readers = r->cpus->len;
	r->readers = g_new0(CpuReader, r->n_readers);
	LttvCtfHeaderKind header = lttv_ctf_metadata_header_kind(r->meta);
	gsize packet = o->packet_size ? o->packet_size : DEFAULT_PACKET_SIZE;
	for (guint i = 0; i < r->n_readers; i++) {
		CpuReader *rd = &r->readers[i];
		rd->rec = r;
		rd->cpu = g_array_index(r->cpus, guint, i);
		rd->raw_fd = -1;
		g_autofree char *sname = g_strdup_printf("channel0_%u", rd->cpu);
		rd->stream =
		        lttv_ctf_stream_open(r->dir, sname, rd->cpu, uuid, header, packet, error);
		if (!rd->stream)
			goto fail;
		char raw[64];
		snprintf(raw, sizeof raw, "per_cpu/cpu%u/trace_pipe_raw", rd->cpu);
		g_autofree char *raw_path = g_build_filename(r->inst->path, raw, NULL);
		rd->raw_fd = open(raw_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (rd->raw_fd < 0) {
			g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, _("cannot open %s: %s"),
			            raw_path, g_strerror(errno));
			goto fail;
		}
		rd->conv = kconv_cpu_new(r->conv, rd->cpu, rd->stream, i == 0);
		lttv_tracefs_cpu_lost(r->inst, rd->cpu, &rd->lost_at_start);
	}

	for (guint i = 0; i < r->n_readers; i++) {
		g_autofree char *tname = g_strdup_printf("lttv-cpu%u", r->readers[i].cpu);
		r->readers[i].thread = g_thread_new(tname, reader_thread_main, &r->readers[i]);
	}
	g_mutex_lock(&r->dump_lock);
	while (r->readers_started < r->n_readers)
		g_cond_wait(&r->dump_cond, &r->dump_lock);
	g_mutex_unlock(&r->dump_lock);
	/* go: events first, then the state dump, so nothing falls in between */
	if (!lttv_tracefs_write(r->inst, "tracing_on", "1", error))
		goto fail;
	kconv_statedump_begin(r->conv, monotonic_ns());
	DumpCtx ctx = {r->conv};
	LttvDumpCallbacks cb = {dump_process, dump_interrupt, dump_block};
	if (!lttv_statedump_run("/proc", "/sys", &cb, &ctx, error))
		goto fail;
	kconv_statedump_end(r->conv, monotonic_ns());
	set_dump_done(r);
	return r;
fail:
	lttv_recorder_stop(r, NULL);
	lttv_recorder_free(r);
	return NULL;
}

int lttv_recorder_failure_fd(const LttvRecorder *r)
{
	return r->failure_fd;
}

gboolean lttv_recorder_stop(LttvRecorder *r, GError **error)
{
	gboolean ok = TRUE;
	if (r->inst)
		lttv_tracefs_write(r->inst, "tracing_on", "0", NULL);
	g_atomic_int_set(&r->stopping, 1);
	set_dump_done(r);
	guint64 one = 1;
	if (r->stop_fd >= 0 && write(r->stop_fd, &one, sizeof one) < 0) {
		/* cannot fail on a fresh eventfd */
	}
	guint64 end = monotonic_ns();
	GError *first = NULL;
	for (guint i = 0; i < r->n_readers; i++) {
		CpuReader *rd = &r->readers[i];
		if (rd->thread)
			g_thread_join(rd->thread);
		rd->thread = NULL;
		if (rd->raw_fd >= 0)
			close(rd->raw_fd);
		rd->raw_fd = -1;
		if (!rd->stream)
			continue;
		guint64 dropped = rd->conv ? kconv_cpu_dropped(rd->conv) : 0;
		LttvRecordCpuStats st = {rd->cpu, lttv_ctf_stream_events(rd->stream),
		                         rd->lost + dropped, 0};
		if (dropped)
			g_ptr_array_add(
			        r->warnings,
			        g_strdup_printf(
			                _("CPU %u: %" G_GUINT64_FORMAT
			                  " events larger than a packet were dropped: use a "
			                  "larger --packet-size"),
			                rd->cpu, dropped));
		GError *e = NULL;
		if (!lttv_ctf_stream_close(rd->stream, end, &e) && !rd->error)
			rd->error = e;
		else if (e)
			g_error_free(e);
		rd->stream = NULL;
		g_autofree char *path = g_strdup_printf("%s/channel0_%u", r->dir, rd->cpu);
		struct stat sb;
		if (stat(path, &sb) == 0)
			st.bytes = (guint64)sb.st_size;
		g_array_append_val(r->stats, st);
		if (rd->error && !first)
			first = g_error_copy(rd->error);
		if (rd->malformed_pages)
			g_ptr_array_add(r->warnings,
			                g_strdup_printf(_("CPU %u: %" G_GUINT64_FORMAT
			                                  " malformed ring-buffer pages skipped"),
			                                rd->cpu, rd->malformed_pages));
	}
	if (r->strings) {
		guint64 lost = lttv_syscall_strings_lost(r->strings);
		if (lost)
			g_ptr_array_add(r->warnings,
			                g_strdup_printf(_("%" G_GUINT64_FORMAT
			                                  " system call file names were lost"),
			                                lost));
		lttv_syscall_strings_close(r->strings);
		r->strings = NULL;
	}
	if (r->inst) {
		GError *e = NULL;
		if (!lttv_tracefs_instance_destroy(r->inst, &e)) {
			if (!first)
				first = e;
			else
				g_error_free(e);
		}
		r->inst = NULL;
	}
	if (first) {
		g_propagate_error(error, first);
		ok = FALSE;
	}
	return ok;
}

const GArray *lttv_recorder_stats(const LttvRecorder *r)
{
	return r->stats;
}

const GPtrArray *lttv_recorder_warnings(const LttvRecorder *r)
{
	return r->warnings;
}

void lttv_recorder_free(LttvRecorder *r)
{
	if (!r)
		return;
	for (guint i = 0; i < r->n_readers; i++) {
		kconv_cpu_free(r->readers[i].conv);
		if (r->readers[i].error)
			g_error_free(r->readers[i].error);
	}
	g_free(r->readers);
	kconv_free(r->conv);
	lttv_ctf_metadata_free(r->meta);
	if (r->cpus)
		g_array_unref(r->cpus);
	g_array_unref(r->stats);
	g_ptr_array_unref(r->warnings);
	if (r->stop_fd >= 0)
		close(r->stop_fd);
	if (r->failure_fd >= 0)
		close(r->failure_fd);
	g_mutex_clear(&r->dump_lock);
	g_cond_clear(&r->dump_cond);
	g_free(r->dir);
	g_free(r);
}

static gint compare_strings(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *lttv_recorder_list_events(GError **error)
{
	g_autofree char *tracefs = lttv_tracefs_find(error);
	if (!tracefs)
		return NULL;
	g_autofree char *path = g_build_filename(tracefs, "available_events", NULL);
	g_autofree char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, error))
		return NULL;
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l; l++)
		if (**l)
			g_ptr_array_add(out, g_strdup(*l));
	g_ptr_array_sort(out, compare_strings);
	return out;
}
