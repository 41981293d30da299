/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tracer/kernel/spool-convert.h"
#include "tracer/kernel/ftrace-page.h"
#include "tracer/kernel/recorder.h"
#include "lttv/error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Pages read at a time from each CPU's file, and released once converted:
 * the recorder's reserve on the disk is a packet and this much a CPU. */
#define CHUNK_PAGES KSPOOL_CHUNK_PAGES

/* ---------------------------------------------------------------- state dump, strings */

static void on_begin(guint64 ts, gpointer c)
{
	kconv_statedump_begin(c, ts);
}

static void on_process(guint64 ts, const LttvDumpProcess *p, gpointer c)
{
	kconv_statedump_process(c, ts, p);
}

static void on_interrupt(guint64 ts, const LttvDumpInterrupt *irq, gpointer c)
{
	kconv_statedump_interrupt(c, ts, irq);
}

static void on_block(guint64 ts, const LttvDumpBlockDevice *dev, gpointer c)
{
	kconv_statedump_block_device(c, ts, dev);
}

static void on_end(guint64 ts, gpointer c)
{
	kconv_statedump_end(c, ts);
}

static void on_string(const LttvSyscallString *rec, gpointer c)
{
	kconv_add_syscall_string(c, rec);
}

/* ---------------------------------------------------------------- pages */

typedef struct {
	guint cpu;
	int fd;
	off_t size, pos; /* file size; offset of buf's first byte */
	guint8 *buf;
	gsize len, off; /* bytes in buf; the current page's offset in it */
	LttvCtfStream *stream;
	KConvCpu *conv;
	guint64 missed;    /* lost events, from the pages' marks */
	guint64 malformed; /* pages skipped */
} CpuFile;

/* Makes buf hold the next page; FALSE at the end of the file. */
static gboolean next_page(CpuFile *f, gsize page_size)
{
	if (f->off + page_size <= f->len)
		return TRUE;
	/* the pages read are not needed again: their blocks are freed, so
	 * that converting on a full disk takes little more room than the
	 * spool held */
	if (f->len)
		fallocate(f->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, f->pos, (off_t)f->len);
	f->pos += (off_t)f->len;
	f->len = f->off = 0;
	while (f->pos + (off_t)page_size <= f->size) {
		ssize_t n = pread(f->fd, f->buf, CHUNK_PAGES * page_size, f->pos);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < (ssize_t)page_size)
			return FALSE;
		f->len = (gsize)n / page_size * page_size;
		return TRUE;
	}
	return FALSE;
}

static guint64 page_time(const CpuFile *f)
{
	guint64 ts;
	memcpy(&ts, f->buf + f->off, 8);
	return ts;
}

static gboolean convert_page(CpuFile *f, const FtracePageHeader *h, gsize page_size, GError **error)
{
	FtracePageIter it;
	if (!ftrace_page_begin(&it, h, f->buf + f->off, page_size)) {
		f->malformed++;
		return TRUE;
	}
	if (it.missed) {
		/* a count the kernel could not store counts one here; the
		 * per-CPU total at the end makes up the rest */
		f->missed += it.missed_count > 0 ? (guint64)it.missed_count : 1;
		lttv_ctf_stream_set_discarded(f->stream, f->missed + kconv_cpu_dropped(f->conv));
	}
	const guint8 *payload;
	guint32 len;
	guint64 ts;
	int res;
	while ((res = ftrace_page_next(&it, &payload, &len, &ts)) > 0)
		if (!kconv_cpu_record(f->conv, ts, payload, len, error))
			return FALSE;
	if (res < 0)
		f->malformed++;
	return TRUE;
}

/* The CPUs' pages in the order of their times, so that what one CPU's
 * events teach the converter (a fork's tgid) is known when another CPU's
 * later events need it: one page of skew at most. */
static gboolean convert_merged(const KSpoolConvertJob *job, CpuFile *files, guint n, GError **error)
{
	gsize page_size = job->page_header->data_offset + job->page_header->data_size;
	guint64 total = 0, done = 0;
	gint64 last_report = g_get_monotonic_time();
	for (guint i = 0; i < n; i++)
		total += (guint64)files[i].size;
	gboolean *live = g_new0(gboolean, n);
	for (guint i = 0; i < n; i++)
		live[i] = next_page(&files[i], page_size);
	gboolean ok = TRUE;
	for (guint pages = 0;; pages++) {
		gint best = -1;
		guint64 best_ts = 0;
		for (guint i = 0; i < n; i++)
			if (live[i] && (best < 0 || page_time(&files[i]) < best_ts)) {
				best = (gint)i;
				best_ts = page_time(&files[i]);
			}
		if (best < 0)
			break;
		CpuFile *f = &files[best];
		if (!convert_page(f, job->page_header, page_size, error)) {
			ok = FALSE;
			break;
		}
		f->off += page_size;
		live[best] = next_page(f, page_size);
		done += page_size;
		if (job->progress && pages % 256 == 0) {
			gint64 now = g_get_monotonic_time();
			if (now - last_report >= 200000) { /* µs */
				job->progress(total ? (double)done / (double)total : 1.0,
				              job->progress_data);
				last_report = now;
			}
		}
	}
	g_free(live);
	return ok;
}

gboolean kspool_convert(const KSpoolConvertJob *job, GArray *stats, GPtrArray *warnings,
                        GError **error)
{
	const KSpoolSession *s = job->session;
	KSpoolReplay dump = {on_begin, on_process, on_interrupt, on_block, on_end, NULL};
	KSpoolReplay strings = {.string = on_string};
	/* a damaged record costs what follows it in its file, not the pages */
	const char *record_files[] = {"statedump", "strings"};
	const KSpoolReplay *replays[] = {&dump, &strings};
	for (guint i = 0; i < G_N_ELEMENTS(record_files); i++) {
		GError *replay_error = NULL;
		if (!kspool_replay(job->trace_dir, record_files[i], replays[i], job->conv,
		                   &replay_error)) {
			g_ptr_array_add(warnings, g_strdup(replay_error->message));
			g_error_free(replay_error);
		}
	}
	kspool_release_reserve(job->trace_dir);

	gsize page_size = job->page_header->data_offset + job->page_header->data_size;
	guint n = s->cpus->len;
	CpuFile *files = g_new0(CpuFile, n);
	GError *first = NULL;
	for (guint i = 0; i < n; i++) {
		CpuFile *f = &files[i];
		f->cpu = g_array_index(s->cpus, guint, i);
		f->fd = -1;
		f->buf = g_malloc(CHUNK_PAGES * page_size);
		g_autofree char *name = g_strdup_printf("cpu%u", f->cpu);
		g_autofree char *path = kspool_path(job->trace_dir, name);
		f->fd = open(path, O_RDWR | O_CLOEXEC);
		struct stat sb;
		if (f->fd >= 0 && fstat(f->fd, &sb) == 0)
			f->size = sb.st_size;
		g_autofree char *sname = g_strdup_printf("channel0_%u", f->cpu);
		f->stream =
		        lttv_ctf_stream_open(job->trace_dir, sname, f->cpu, s->uuid, job->header,
		                             s->packet_size, first ? NULL : &first);
		if (!f->stream)
			continue;
		/* the state dump goes with the first CPU's events */
		f->conv = kconv_cpu_new(job->conv, f->cpu, f->stream, i == 0);
	}
	if (!first)
		convert_merged(job, files, n, &first);

	for (guint i = 0; i < n; i++) {
		CpuFile *f = &files[i];
		if (f->stream) {
			GError *e = NULL;
			if (!first && !kconv_cpu_finish(f->conv, &e))
				first = e;
			guint64 dropped = kconv_cpu_dropped(f->conv);
			guint64 lost = MAX(f->missed, job->lost ? job->lost[i] : 0);
			lttv_ctf_stream_set_discarded(f->stream, lost + dropped);
			LttvRecordCpuStats st = {f->cpu, lttv_ctf_stream_events(f->stream),
			                         lost + dropped, 0};
			e = NULL;
			if (!lttv_ctf_stream_close(f->stream, job->end_ts, &e) && !first)
				first = e;
			else if (e)
				g_error_free(e);
			g_autofree char *path =
			        g_strdup_printf("%s/channel0_%u", job->trace_dir, f->cpu);
			struct stat sb;
			if (stat(path, &sb) == 0)
				st.bytes = (guint64)sb.st_size;
			g_array_append_val(stats, st);
			if (dropped)
				g_ptr_array_add(warnings,
				                g_strdup_printf(_("CPU %u: %" G_GUINT64_FORMAT
				                                  " events larger than a packet "
				                                  "were dropped: use a "
				                                  "larger --packet-size"),
				                                f->cpu, dropped));
		}
		if (f->malformed)
			g_ptr_array_add(warnings,
			                g_strdup_printf(_("CPU %u: %" G_GUINT64_FORMAT
			                                  " malformed ring-buffer pages skipped"),
			                                f->cpu, f->malformed));
		kconv_cpu_free(f->conv);
		if (f->fd >= 0)
			close(f->fd);
		g_free(f->buf);
	}
	g_free(files);
	if (first) {
		g_propagate_error(error, first);
		return FALSE;
	}
	return TRUE;
}
