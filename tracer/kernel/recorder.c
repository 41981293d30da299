/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tracer/kernel/recorder.h"
#include "tracer/ctf/ctf-writer.h"
#include "tracer/kernel/convert.h"
#include "tracer/kernel/convert-table.h"
#include "tracer/kernel/recover.h"
#include "tracer/kernel/spool-convert.h"
#include "tracer/kernel/spool.h"
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

typedef struct {
	LttvRecorder *rec;
	guint cpu;
	GThread *thread;
	int raw_fd;   /* trace_pipe_raw */
	int spool_fd; /* its pages in the spool */
	guint64 lost_at_start;
	GError *error; /* the first write error */
} CpuReader;

struct LttvRecorder {
	LttvTracefsInstance *inst;
	LttvCtfMetadata *meta;
	KConv *conv;
	LttvSyscallStrings *strings;
	GThread *strings_thread; /* drains them into strings_log */
	KSpoolLog *strings_log;
	GError *strings_error;
	KSpoolSession *session;
	gboolean spool_created;
	int guard_fd;
	gint guard_pid;
	FtracePageHeader page_header;
	gsize page_size;
	char *dir;
	GArray *cpus; /* guint */
	CpuReader *readers;
	guint n_readers;
	int stop_fd;    /* eventfd: the readers stop */
	int failure_fd; /* eventfd: a reader failed */
	gint stopping;
	/* the readers start before the state dump, so that it lists them */
	GMutex dump_lock;
	GCond dump_cond;
	guint readers_started; /* reader threads running (their names are set) */
	void (*progress)(double fraction, gpointer user_data);
	gpointer progress_data;
	GArray *stats;
	GPtrArray *warnings;
};

static guint64 monotonic_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (guint64)t.tv_sec * 1000000000ull + (guint64)t.tv_nsec;
}

static void signal_failure(LttvRecorder *rec)
{
	guint64 one = 1;
	if (write(rec->failure_fd, &one, sizeof one) < 0) {
		/* the eventfd cannot overflow with so few writes */
	}
}

/* ---------------------------------------------------------------- reading pages */

/* While recording, each CPU's pages go from the kernel to its spool file
 * through a pipe, never through this process's memory: the conversion,
 * which costs the workload more than moving them (doc/recorder.md,
 * "Costs"), waits for the end. */
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
	} else {
		r->error = g_error_new(LTTV_ERROR, LTTV_ERROR_IO, _("cannot create a pipe: %s"),
		                       g_strerror(errno));
		signal_failure(rec);
		return NULL;
	}
	for (;;) {
		struct pollfd pfd[2] = {{r->raw_fd, POLLIN, 0}, {rec->stop_fd, POLLIN, 0}};
		poll(pfd, 2, 250);
		gboolean stop = g_atomic_int_get(&rec->stopping);
		if (!kspool_move_pages(r->raw_fd, pipefd, chunk, r->spool_fd, rec->page_size, stop,
		                       &r->error)) {
			signal_failure(rec);
			break;
		}
		if (stop)
			break;
	}
	close(pipefd[0]);
	close(pipefd[1]);
	return NULL;
}

static void spool_string(const LttvSyscallString *rec, gpointer log)
{
	kspool_put_string(log, rec);
}

/* The file names the eBPF programs capture go to the spool as they come
 * (their ring buffer is small). */
static gpointer strings_thread(gpointer data)
{
	LttvRecorder *rec = data;
	for (;;) {
		struct pollfd pfd[2] = {{lttv_syscall_strings_fd(rec->strings), POLLIN, 0},
		                        {rec->stop_fd, POLLIN, 0}};
		poll(pfd, 2, 1000);
		gboolean stop = g_atomic_int_get(&rec->stopping);
		if (stop)
			lttv_syscall_strings_detach(rec->strings);
		lttv_syscall_strings_drain(rec->strings, spool_string, rec->strings_log);
		if (!rec->strings_error && !kspool_log_flush(rec->strings_log, &rec->strings_error))
			signal_failure(rec);
		if (stop)
			return NULL;
		/* the first record after a drain wakes us: a pause bounds
		 * the wake-ups to 20 a second however many files the traced
		 * programs open (the ring buffer holds 4 MiB) */
		struct pollfd stop_pfd = {rec->stop_fd, POLLIN, 0};
		poll(&stop_pfd, 1, 50);
	}
}

/* ---------------------------------------------------------------- state dump */

static gboolean dump_process(const LttvDumpProcess *p, gpointer log)
{
	kspool_dump_process(log, monotonic_ns(), p);
	return TRUE;
}

static gboolean dump_interrupt(const LttvDumpInterrupt *irq, gpointer log)
{
	kspool_dump_interrupt(log, monotonic_ns(), irq);
	return TRUE;
}

static gboolean dump_block(const LttvDumpBlockDevice *dev, gpointer log)
{
	kspool_dump_block_device(log, monotonic_ns(), dev);
	return TRUE;
}

static gboolean run_statedump(LttvRecorder *r, GError **error)
{
	KSpoolLog *log = kspool_log_open(r->dir, "statedump", error);
	if (!log)
		return FALSE;
	kspool_dump_begin(log, monotonic_ns());
	LttvDumpCallbacks cb = {dump_process, dump_interrupt, dump_block};
	gboolean ok = lttv_statedump_run("/proc", "/sys", &cb, log, error);
	kspool_dump_end(log, monotonic_ns());
	return kspool_log_close(log, ok ? error : NULL) && ok;
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
 * are recorded like anyone else's.  Each thread registers before
 * tracing starts (under dump_lock); the spool's session lists them for
 * a conversion in another process. */
static void ignore_own_thread(LttvRecorder *r)
{
	gint32 tid = (gint32)syscall(SYS_gettid);
	kconv_ignore_syscalls_of(r->conv, tid);
	g_array_append_val(r->session->own_tids, tid);
}

static gpointer reader_thread_main(gpointer data)
{
	CpuReader *r = data;
	g_mutex_lock(&r->rec->dump_lock);
	ignore_own_thread(r->rec);
	/* GLib named this thread before calling us: the state dump, which
	 * runs after this, lists it as lttv-cpuN */
	r->rec->readers_started++;
	g_cond_broadcast(&r->rec->dump_cond);
	g_mutex_unlock(&r->rec->dump_lock);
	return reader_thread(data);
}

static gpointer strings_thread_main(gpointer data)
{
	LttvRecorder *r = data;
	g_mutex_lock(&r->dump_lock);
	ignore_own_thread(r);
	r->readers_started++;
	g_cond_broadcast(&r->dump_cond);
	g_mutex_unlock(&r->dump_lock);
	return strings_thread(data);
}

/* The guard converts the spool if this process dies before it does. */
static void start_guard(LttvRecorder *r)
{
	g_autoptr(GError) e = NULL;
	g_autofree char *exe = g_file_read_link("/proc/self/exe", &e);
	if (exe)
		r->guard_fd = lttv_recorder_guard_spawn(exe, r->dir, &r->guard_pid, &e);
	if (r->guard_fd < 0)
		g_ptr_array_add(
		        r->warnings,
		        g_strdup_printf(_("if this recorder is killed, run lttv-trace recover "
		                          "%s: cannot start its guard (%s)"),
		                        r->dir, e->message));
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
	r->guard_fd = -1;
	r->warnings = g_ptr_array_new_with_free_func(g_free);
	r->stats = g_array_new(FALSE, TRUE, sizeof(LttvRecordCpuStats));
	r->dir = g_strdup(o->output_dir);
	r->session = kspool_session_new();
	r->progress = o->progress;
	r->progress_data = o->progress_data;
	g_mutex_init(&r->dump_lock);
	g_cond_init(&r->dump_cond);
	if (stale)
		g_ptr_array_add(
		        r->warnings,
		        g_strdup_printf(
		                _("removed %u tracefs instance(s) left by a killed recorder"),
		                stale));

	/* the metadata and the conversion tables */
	KSpoolSession *ss = r->session;
	lttv_ctf_random_uuid(ss->uuid);
	lttv_ctf_clock_uuid(ss->clock_uuid);
	ss->clock_offset_ns = o->clock_offset_ns ? o->clock_offset_ns : lttv_ctf_clock_offset_now();
	ss->packet_size = o->packet_size ? o->packet_size : DEFAULT_PACKET_SIZE;
	ss->recorder_pid = (gint32)getpid();
	r->meta = lttv_ctf_metadata_new(ss->uuid, ss->clock_uuid, ss->clock_offset_ns);
	write_env(r->meta, o->trace_name);
	defaults = g_strsplit(kconv_default_selection, ",", -1);
	ss->selection = g_strdupv(o->selection ? (char **)o->selection : defaults);
	r->conv = kconv_new(tracefs, (const char *const *)ss->selection, r->meta, error);
	if (!r->conv)
		goto fail;
	if (g_mkdir_with_parents(r->dir, 0755) != 0) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, _("cannot create %s: %s"), r->dir,
		            g_strerror(errno));
		goto fail;
	}
	if (!lttv_ctf_metadata_write(r->meta, r->dir, error))
		goto fail;

	/* the guard, before any thread is started; the instance is named
	 * after both, so that another run leaves it alone while either lives */
	start_guard(r);
	ss->guard_pid = r->guard_pid;
	name = r->guard_pid > 0 ? g_strdup_printf("lttv-%d-%d", (int)getpid(), r->guard_pid)
	                        : g_strdup_printf("lttv-%d", (int)getpid());
	r->inst = lttv_tracefs_instance_create(tracefs, name, error);
	if (!r->inst || !configure_instance(r, o->buffer_size_kb, error))
		goto fail;
	ss->instance = g_strdup(r->inst->path);
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

	/* one spool file and reader per CPU */
	r->cpus = lttv_tracefs_cpus(r->inst);
	if (!r->cpus->len) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, _("no per-CPU buffer in %s"),
		            r->inst->path);
		goto fail;
	}
	g_array_append_vals(ss->cpus, r->cpus->data, r->cpus->len);
	/* room for conversion to begin on a full disk: a packet and a chunk
	 * of pages a CPU (spool-convert.c releases the pages it read) */
	guint64 reserve =
	        (guint64)r->cpus->len * (ss->packet_size + KSPOOL_CHUNK_PAGES * r->page_size);
	r->spool_created = TRUE;
	if (!kspool_create(r->dir, hp_path, reserve, error))
		goto fail;
	r->n_readers = r->cpus->len;
	r->readers = g_new0(CpuReader, r->n_readers);
	for (guint i = 0; i < r->n_readers; i++) {
		CpuReader *rd = &r->readers[i];
		rd->rec = r;
		rd->cpu = g_array_index(r->cpus, guint, i);
		rd->raw_fd = -1;
		rd->spool_fd = kspool_cpu_open(r->dir, rd->cpu, error);
		if (rd->spool_fd < 0)
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
		lttv_tracefs_cpu_lost(r->inst, rd->cpu, &rd->lost_at_start);
	}
	guint threads = r->n_readers;
	for (guint i = 0; i < r->n_readers; i++) {
		g_autofree char *tname = g_strdup_printf("lttv-cpu%u", r->readers[i].cpu);
		r->readers[i].thread = g_thread_new(tname, reader_thread_main, &r->readers[i]);
	}
	if (r->strings) {
		r->strings_log = kspool_log_open(r->dir, "strings", error);
		if (!r->strings_log)
			goto fail;
		r->strings_thread = g_thread_new("lttv-strings", strings_thread_main, r);
		threads++;
	}
	g_mutex_lock(&r->dump_lock);
	while (r->readers_started < threads)
		g_cond_wait(&r->dump_cond, &r->dump_lock);
	g_mutex_unlock(&r->dump_lock);
	if (!kspool_session_save(r->dir, ss, error))
		goto fail;
	/* go: events first, then the state dump, so nothing falls in between */
	if (!lttv_tracefs_write(r->inst, "tracing_on", "1", error) || !run_statedump(r, error))
		goto fail;
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

/* Stops the readers and the strings' drain; every page is then in the
 * spool.  Returns the first error of a reader. */
static GError *stop_reading(LttvRecorder *r, guint64 *lost)
{
	if (r->inst)
		lttv_tracefs_write(r->inst, "tracing_on", "0", NULL);
	g_atomic_int_set(&r->stopping, 1);
	guint64 one = 1;
	if (r->stop_fd >= 0 && write(r->stop_fd, &one, sizeof one) < 0) {
		/* cannot fail on a fresh eventfd */
	}
	GError *first = NULL;
	for (guint i = 0; i < r->n_readers; i++) {
		CpuReader *rd = &r->readers[i];
		if (rd->thread)
			g_thread_join(rd->thread);
		rd->thread = NULL;
		guint64 n;
		if (r->inst && lttv_tracefs_cpu_lost(r->inst, rd->cpu, &n) &&
		    n >= rd->lost_at_start)
			lost[i] = n - rd->lost_at_start;
		if (rd->error && !first)
			first = g_error_copy(rd->error);
	}
	if (r->strings_thread)
		g_thread_join(r->strings_thread);
	r->strings_thread = NULL;
	if (r->strings_log) {
		GError *e = NULL;
		if (!kspool_log_close(r->strings_log, &e) && !r->strings_error)
			r->strings_error = e;
		else if (e)
			g_error_free(e);
		r->strings_log = NULL;
	}
	if (r->strings_error && !first)
		first = g_error_copy(r->strings_error);
	if (r->strings) {
		guint64 n = lttv_syscall_strings_lost(r->strings);
		if (n)
			g_ptr_array_add(r->warnings,
			                g_strdup_printf(_("%" G_GUINT64_FORMAT
			                                  " system call file names were lost"),
			                                n));
		lttv_syscall_strings_close(r->strings);
		r->strings = NULL;
	}
	return first;
}

gboolean lttv_recorder_stop(LttvRecorder *r, GError **error)
{
	guint64 end = monotonic_ns();
	guint64 *lost = g_new0(guint64, MAX(r->n_readers, 1));
	GError *first = stop_reading(r, lost);
	for (guint i = 0; i < r->n_readers; i++) {
		if (r->readers[i].raw_fd >= 0)
			close(r->readers[i].raw_fd);
		if (r->readers[i].spool_fd >= 0)
			close(r->readers[i].spool_fd);
		r->readers[i].raw_fd = r->readers[i].spool_fd = -1;
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
	if (r->spool_created && r->n_readers && r->guard_fd >= 0) {
		/* every page is in the spool: a guard taking over after a kill
		 * during the conversion finds what it needs there */
		g_free(r->session->instance);
		r->session->instance = g_strdup("");
		g_array_set_size(r->session->lost, 0);
		g_array_append_vals(r->session->lost, lost, r->n_readers);
		kspool_session_save(r->dir, r->session, NULL);
	}
	if (r->spool_created && r->n_readers) {
		KSpoolConvertJob job = {r->conv,
		                        r->session,
		                        &r->page_header,
		                        r->dir,
		                        lttv_ctf_metadata_header_kind(r->meta),
		                        end,
		                        lost,
		                        r->progress,
		                        r->progress_data};
		GError *e = NULL;
		if (!kspool_convert(&job, r->stats, r->warnings, &e)) {
			if (!first)
				first = e;
			else
				g_error_free(e);
		}
	}
	g_free(lost);
	if (r->spool_created)
		kspool_remove(r->dir);
	lttv_recorder_guard_release(r->guard_fd, r->guard_pid);
	r->guard_fd = -1;
	r->guard_pid = 0;
	if (first) {
		g_propagate_error(error, first);
		return FALSE;
	}
	return TRUE;
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
	for (guint i = 0; i < r->n_readers; i++)
		if (r->readers[i].error)
			g_error_free(r->readers[i].error);
	if (r->strings_error)
		g_error_free(r->strings_error);
	g_free(r->readers);
	kconv_free(r->conv);
	lttv_ctf_metadata_free(r->meta);
	kspool_session_free(r->session);
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
