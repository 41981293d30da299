/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A view's CSV export from the window (Ctrl+E): a table of millions of
 * events takes a minute to write, so the export runs in a worker thread on
 * a snapshot of the tab (lttv_tab_snapshot: the user may go on looking at
 * the tab meanwhile), with its progress (bytes written) and Cancel in the
 * status bar.  The file is replaced only once fully written (a temporary
 * renamed over it): a cancelled or failed export leaves what was there.
 */
#include "config.h"

#include "gui/app.h"
#include "gui/export.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdatomic.h>
#include <unistd.h>

/* ---------------------------------------------------------------- counting stream */

/* A filter stream that counts the bytes written through it (read from
 * the main thread while the worker writes). */
typedef struct {
	GFilterOutputStream parent;
	_Atomic guint64 written;
	guint throttle_ms; /* LTTV_GUI_EXPORT_THROTTLE_MS: tests of Cancel */
} CountingStream;
typedef GFilterOutputStreamClass CountingStreamClass;

G_DEFINE_TYPE(CountingStream, counting_stream, G_TYPE_FILTER_OUTPUT_STREAM)

static gssize counting_write(GOutputStream *stream, const void *buf, gsize count,
                             GCancellable *cancel, GError **error)
{
	CountingStream *cs = (CountingStream *)stream;
	GOutputStream *base =
	        g_filter_output_stream_get_base_stream(G_FILTER_OUTPUT_STREAM(stream));
	gssize n;

	if (cs->throttle_ms)
		g_usleep(cs->throttle_ms * 1000);
	n = g_output_stream_write(base, buf, count, cancel, error);
	if (n > 0)
		atomic_fetch_add_explicit(&cs->written, (guint64)n, memory_order_relaxed);
	return n;
}

static void counting_stream_class_init(CountingStreamClass *klass)
{
	G_OUTPUT_STREAM_CLASS(klass)->write_fn = counting_write;
}

static void counting_stream_init(CountingStream *cs)
{
	const char *t = g_getenv("LTTV_GUI_EXPORT_THROTTLE_MS");

	cs->throttle_ms = t ? (guint)g_ascii_strtoull(t, NULL, 10) : 0;
}

static guint64 counting_written(CountingStream *cs)
{
	return atomic_load_explicit(&cs->written, memory_order_relaxed);
}

/* ---------------------------------------------------------------- the job */

typedef struct {
	LttvGuiWindow *win; /* a reference */
	LttvTab *snapshot;  /* the worker's */
	const LttvViewInfo *info;
	char *path;
	char *display; /* the file's path, for messages */
	char *name;    /* its base name, for the status bar */
	GCancellable *cancel;
	CountingStream *counter; /* set by the worker once the file is open */
	GMutex lock;             /* guards counter and finished */
	GCond cond;
	gboolean finished; /* the worker is done with the file */
	guint tick;
	gulong destroy_id;
} ExportJob;

static ExportJob *running; /* one export at a time */

static void export_file(GTask *task, ExportJob *job, GCancellable *cancel);

static void export_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
	ExportJob *job = data;

	export_file(task, job, cancel);
	g_mutex_lock(&job->lock);
	job->finished = TRUE;
	g_cond_broadcast(&job->cond);
	g_mutex_unlock(&job->lock);
}

/* Writes the table to a temporary next to the file, renamed over it once
 * complete: a cancelled or failed export leaves no partial file. */
static void export_file(GTask *task, ExportJob *job, GCancellable *cancel)
{
	g_autofree char *tmp = g_strdup_printf("%s.%d.tmp", job->path, (int)getpid());
	g_autoptr(GFile) file = g_file_new_for_path(tmp);
	g_autoptr(GFileOutputStream) out = NULL;
	g_autoptr(GOutputStream) buffered = NULL;
	g_autoptr(GOutputStream) counting = NULL;
	GError *error = NULL;

	out = g_file_replace(file, NULL, FALSE, G_FILE_CREATE_NONE, cancel, &error);
	if (!out) {
		g_task_return_error(task, error);
		return;
	}
	counting = g_object_new(counting_stream_get_type(), "base-stream", out, NULL);
	g_mutex_lock(&job->lock);
	job->counter = g_object_ref((CountingStream *)counting);
	g_mutex_unlock(&job->lock);
	buffered = g_buffered_output_stream_new_sized(counting, 1 << 16);
	if (!job->info->export_csv(job->snapshot, buffered, cancel, &error) ||
	    g_cancellable_set_error_if_cancelled(cancel, &error)) {
		/* the file keeps its former content (or none) */
		g_autoptr(GCancellable) abort = g_cancellable_new();

		g_cancellable_cancel(abort);
		g_output_stream_close(buffered, abort, NULL);
		g_output_stream_close(counting, abort, NULL);
		g_output_stream_close(G_OUTPUT_STREAM(out), abort, NULL);
		g_unlink(tmp);
		g_task_return_error(task, error);
		return;
	}
	if (!g_output_stream_close(buffered, NULL, &error)) {
		g_unlink(tmp);
		g_task_return_error(task, error);
		return;
	}
	if (g_rename(tmp, job->path) != 0) {
		int e = errno;

		g_unlink(tmp);
		g_task_return_new_error(task, G_IO_ERROR, g_io_error_from_errno(e), "%s: %s",
		                        job->display, g_strerror(e));
		return;
	}
	g_task_return_boolean(task, TRUE);
}

static void show_progress(ExportJob *job)
{
	g_autofree char *size = NULL;
	g_autofree char *text = NULL;
	guint64 n = 0;

	g_mutex_lock(&job->lock);
	if (job->counter)
		n = counting_written(job->counter);
	g_mutex_unlock(&job->lock);
	size = g_format_size(n);
	text = g_strdup_printf(_("Exporting %s to %s: %s written…"), job->info->title, job->name,
	                       size);
	lttv_gui_window_set_job(job->win, text, job->cancel);
}

static gboolean tick(gpointer data)
{
	show_progress(data);
	return G_SOURCE_CONTINUE;
}

static void job_free(gpointer data)
{
	ExportJob *job = data;

	g_clear_object(&job->counter);
	g_cond_clear(&job->cond);
	g_mutex_clear(&job->lock);
	g_object_unref(job->snapshot);
	g_object_unref(job->cancel);
	g_object_unref(job->win);
	g_free(job->path);
	g_free(job->display);
	g_free(job->name);
	g_free(job);
}

static void export_done(GObject *source, GAsyncResult *res, gpointer data)
{
	ExportJob *job = data;
	g_autoptr(GError) error = NULL;
	gboolean ok = g_task_propagate_boolean(G_TASK(res), &error);
	gboolean destroyed = job->destroy_id == 0;

	if (job->tick)
		g_source_remove(job->tick);
	if (!destroyed) {
		g_signal_handler_disconnect(job->win, job->destroy_id);
		lttv_gui_window_set_job(job->win, NULL, NULL);
		if (ok) {
			g_autofree char *msg =
			        g_strdup_printf(_("Exported the view to %s"), job->display);

			lttv_gui_window_flash(job->win, msg);
		} else if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
			g_autofree char *msg =
			        g_strdup_printf(_("Export to %s cancelled"), job->display);

			lttv_gui_window_flash(job->win, msg);
		} else {
			g_autofree char *msg =
			        g_strdup_printf(_("Cannot export the view: %s"), error->message);

			lttv_gui_window_message(job->win, GTK_MESSAGE_ERROR, msg);
		}
	}
	lttv_gui_app_test_print("export %s %s", ok ? "done" : "failed", job->path);
	running = NULL;
	job_free(job);
}

/* The window goes away: the export stops (its file is left as it was). */
static void window_destroyed(GtkWidget *w, gpointer data)
{
	ExportJob *job = data;

	job->destroy_id = 0;
	/* no more progress into the window's status bar */
	g_source_remove(job->tick);
	job->tick = 0;
	g_cancellable_cancel(job->cancel);
}

gboolean lttv_gui_export_csv(LttvGuiWindow *win, LttvTab *tab, const LttvViewInfo *info,
                             const char *path, GError **error)
{
	g_autoptr(GTask) task = NULL;
	ExportJob *job;

	if (!info->export_csv) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
		            _("the view has no table to export as CSV"));
		return FALSE;
	}
	if (running) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_BUSY,
		            _("an export to %s is still running: cancel it or wait for it"),
		            running->display);
		return FALSE;
	}
	job = g_new0(ExportJob, 1);
	job->win = g_object_ref(win);
	job->snapshot = lttv_tab_snapshot(tab);
	job->info = info;
	job->path = g_strdup(path);
	job->display = g_filename_display_name(path);
	job->name = g_filename_display_basename(path);
	job->cancel = g_cancellable_new();
	g_mutex_init(&job->lock);
	g_cond_init(&job->cond);
	job->destroy_id = g_signal_connect(win, "destroy", G_CALLBACK(window_destroyed), job);
	running = job;
	show_progress(job);
	job->tick = g_timeout_add(200, tick, job);
	task = g_task_new(NULL, job->cancel, export_done, job);
	g_task_set_task_data(task, job, NULL);
	g_task_run_in_thread(task, export_thread);
	return TRUE;
}

void lttv_gui_export_shutdown(void)
{
	ExportJob *job = running;
	gint64 until = g_get_monotonic_time() + 10 * G_TIME_SPAN_SECOND;

	if (!job)
		return;
	/* the worker stops at its next batch and removes its temporary */
	g_cancellable_cancel(job->cancel);
	g_mutex_lock(&job->lock);
	while (!job->finished && g_cond_wait_until(&job->cond, &job->lock, until))
		;
	g_mutex_unlock(&job->lock);
}
