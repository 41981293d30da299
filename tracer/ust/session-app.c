/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One traced application of a session: its ring buffers (consumed), its
 * trace folder, its metadata (doc/ust-sessions.md). */
#include "tracer/ust/session-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

UstApp *ust_app_new(LttvUstSession *s, int sock)
{
	UstApp *a = g_new0(UstApp, 1);

	a->s = s;
	a->sock = sock;
	a->stage = CONN_NEW;
	a->wake_fd = -1;
	g_mutex_init(&a->lock);
	a->events = g_ptr_array_new_with_free_func((GDestroyNotify)lttv_ust_event_desc_free);
	return a;
}

static void close_files(UstApp *a)
{
	if (!a->fds)
		return;
	for (guint32 i = 0; i < a->n_cpus; i++)
		if (a->fds[i] >= 0)
			close(a->fds[i]);
	g_clear_pointer(&a->fds, g_free);
}

void ust_app_free(UstApp *a)
{
	if (!a)
		return;
	if (a->sock >= 0)
		close(a->sock);
	if (a->wake_fd >= 0)
		close(a->wake_fd);
	close_files(a);
	if (a->consumer)
		lttv_rb_consumer_free(a->consumer);
	g_ptr_array_unref(a->events);
	g_mutex_clear(&a->lock);
	g_free(a->dir_name);
	g_free(a->dir);
	g_free(a->created);
	g_free(a->write_error);
	if (a->wait_apps)
		g_ptr_array_unref(a->wait_apps);
	g_free(a->wait_text);
	g_free(a);
}

/* Keeps what a file name may hold of the process name. */
static char *safe_name(const char *name)
{
	char *s = g_strdup(*name ? name : "app");

	for (char *p = s; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
			*p = '_';
	if (s[0] == '.')
		s[0] = '_';
	return s;
}

void ust_app_hello(UstApp *a, const LttvUstHello *h)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree char *stamp = g_date_time_format(now, "%Y%m%d-%H%M%S");
	g_autofree char *name = NULL;

	a->pid = h->pid;
	a->ppid = h->ppid;
	a->uid = h->uid;
	a->n_cpus = h->n_cpus;
	memcpy(a->name, h->name, sizeof a->name);
	a->name[sizeof a->name - 1] = '\0';
	name = safe_name(a->name);
	a->dir_name = g_strdup_printf("%s-%d-%s", name, (int)a->pid, stamp);
	a->dir = g_build_filename(a->s->dir, "ust", "pid", a->dir_name, NULL);
	a->created = g_date_time_format_iso8601(now);
	lttv_ctf_random_uuid(a->uuid);
}

gboolean ust_app_channel(UstApp *a, int fd, guint32 n_cpus, GError **error)
{
	g_autoptr(LttvRbConsumer) c = lttv_rb_consumer_open(fd, error);
	guint8 uuid[16];
	const LttvUstSessionOptions *o = &a->s->o;

	if (!c)
		return FALSE;
	lttv_rb_consumer_uuid(c, uuid);
	if (lttv_rb_consumer_n_cpus(c) != n_cpus || memcmp(uuid, a->uuid, 16) != 0 ||
	    lttv_rb_consumer_subbuf_size(c) != o->subbuf_size ||
	    lttv_rb_consumer_n_subbuf(c) != o->n_subbuf || lttv_rb_consumer_mode(c) != o->mode ||
	    lttv_rb_consumer_header_kind(c) != LTTV_CTF_HEADER_LARGE) {
		g_set_error(error, LTTV_RB_ERROR, LTTV_RB_ERROR_INVALID,
		            _("its buffers are not the ones the session asked for"));
		return FALSE;
	}
	if (g_mkdir_with_parents(a->dir, 0755) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            _("cannot create %s: %s"), a->dir, g_strerror(errno));
		return FALSE;
	}
	a->n_cpus = n_cpus;
	a->fds = g_new(int, n_cpus);
	for (guint32 i = 0; i < n_cpus; i++)
		a->fds[i] = -1;
	a->consumer = g_steal_pointer(&c);
	a->meta_dirty = TRUE;
	ust_app_write_metadata(a);
	return TRUE;
}

static gint compare_desc(gconstpointer pa, gconstpointer pb)
{
	const LttvUstEventDesc *x = *(LttvUstEventDesc *const *)pa;
	const LttvUstEventDesc *y = *(LttvUstEventDesc *const *)pb;

	return x->id < y->id ? -1 : x->id > y->id;
}

gboolean ust_app_event(UstApp *a, const void *msg, gsize len, GError **error)
{
	LttvUstEventDesc *d = lttv_ust_event_msg_decode(msg, len, error);

	if (!d)
		return FALSE;
	/* ids only grow in a process; a repeated one is a confused peer */
	for (guint i = 0; i < a->events->len; i++)
		if (((LttvUstEventDesc *)a->events->pdata[i])->id == d->id) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			            _("event id %u described twice"), d->id);
			lttv_ust_event_desc_free(d);
			return FALSE;
		}
	g_ptr_array_add(a->events, d);
	g_ptr_array_sort(a->events, compare_desc);
	a->meta_dirty = TRUE;
	return TRUE;
}

static const LttvCtfField event_context[] = {
        {.name = "vtid", .kind = LTTV_CTF_FIELD_INT, .bits = 32, .is_signed = TRUE},
};
G_STATIC_ASSERT(LTTV_UST_EVENT_CONTEXT_SIZE == 4);

static LttvCtfMetadata *app_metadata(UstApp *a, const char *dir)
{
	LttvUstSession *s = a->s;
	LttvCtfMetadata *meta = lttv_ctf_metadata_new(a->uuid, s->clock_uuid, s->o.clock_offset_ns);
	g_autofree char *trace_name = g_path_get_basename(dir);

	lttv_ctf_metadata_env_string(meta, "hostname", s->hostname);
	lttv_ctf_metadata_env_string(meta, "domain", "ust");
	lttv_ctf_metadata_env_string(meta, "tracer_name", "lttng-ust");
	lttv_ctf_metadata_env_int(meta, "tracer_major", 2);
	lttv_ctf_metadata_env_int(meta, "tracer_minor", 13);
	lttv_ctf_metadata_env_string(meta, "tracer_buffering_scheme", "pid");
	lttv_ctf_metadata_env_int(meta, "tracer_buffering_id", a->pid);
	lttv_ctf_metadata_env_int(meta, "architecture_bit_width", GLIB_SIZEOF_VOID_P * 8);
	lttv_ctf_metadata_env_string(meta, "trace_name",
	                             s->o.trace_name ? s->o.trace_name : trace_name);
	lttv_ctf_metadata_env_string(meta, "trace_creation_datetime", a->created);
	lttv_ctf_metadata_env_int(meta, "vpid", a->pid);
	lttv_ctf_metadata_env_int(meta, "vpid_datetime_ppid", a->ppid);
	lttv_ctf_metadata_env_string(meta, "procname", a->name);
	lttv_ctf_metadata_env_string(meta, "lttv_tracer_name", "liblttv-ust");
	lttv_ctf_metadata_env_string(meta, "lttv_tracer_version", PACKAGE_VERSION);
	lttv_ctf_metadata_set_header_kind(meta, LTTV_CTF_HEADER_LARGE);
	/* what liblttv-ust writes before each payload (ust-protocol.h) */
	lttv_ctf_metadata_set_event_context(meta, event_context, G_N_ELEMENTS(event_context));
	for (guint i = 0; i < a->events->len; i++) {
		const LttvUstEventDesc *d = a->events->pdata[i];

		lttv_ctf_metadata_add_event_id(meta, d->id, d->name, d->fields, d->n_fields);
	}
	return meta;
}

static void set_write_error(UstApp *a, const char *what, const char *path, int err)
{
	if (!a->write_error)
		a->write_error = g_strdup_printf(_("%s %s: %s"), what, path, g_strerror(err));
}

static gboolean write_metadata_to(UstApp *a, const char *dir)
{
	g_autoptr(LttvCtfMetadata) meta = app_metadata(a, dir);
	g_autoptr(GError) error = NULL;

	if (lttv_ctf_metadata_write(meta, dir, &error))
		return TRUE;
	if (!a->write_error)
		a->write_error = g_strdup(error->message);
	return FALSE;
}

void ust_app_write_metadata(UstApp *a)
{
	if (!a->meta_dirty || !a->consumer)
		return;
	a->meta_dirty = FALSE;
	write_metadata_to(a, a->dir);
}

static gboolean write_all(int fd, const guint8 *p, gsize len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return FALSE;
		p += n;
		len -= (gsize)n;
	}
	return TRUE;
}

static int open_stream(UstApp *a, const char *dir, guint32 cpu)
{
	g_autofree char *name = g_strdup_printf("channel0_%u", cpu);
	g_autofree char *path = g_build_filename(dir, name, NULL);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		set_write_error(a, _("cannot create"), path, errno);
	return fd;
}

/* One packet to cpu's file of the trace folder (failures counted). */
static void write_packet(UstApp *a, int *fd, const char *dir, guint32 cpu, const guint8 *data,
                         gsize len)
{
	if (*fd < 0 && !a->write_error)
		*fd = open_stream(a, dir, cpu);
	if (*fd < 0 || a->write_error) {
		a->packets_unwritten++;
		return;
	}
	if (!write_all(*fd, data, len)) {
		g_autofree char *name = g_strdup_printf("%s/channel0_%u", dir, cpu);

		set_write_error(a, _("cannot write"), name, errno ? errno : ENOSPC);
		a->packets_unwritten++;
		return;
	}
	a->bytes += len;
	a->packets++;
}

gboolean ust_app_drain(UstApp *a)
{
	gboolean any = FALSE;

	if (a->stage != CONN_RUNNING || a->s->o.mode != LTTV_RB_DISCARD)
		return FALSE;
	for (guint32 cpu = 0; cpu < a->n_cpus; cpu++) {
		const guint8 *data;
		gsize len;

		while (lttv_rb_consumer_get_subbuf(a->consumer, cpu, &data, &len)) {
			write_packet(a, &a->fds[cpu], a->dir, cpu, data, len);
			lttv_rb_consumer_put_subbuf(a->consumer, cpu);
			any = TRUE;
		}
	}
	return any;
}

typedef struct {
	UstApp *app;
	const char *dir;
	int fd;
	guint32 cpu;
} SnapshotOut;

static gboolean snapshot_packet(const guint8 *packet, gsize len, gpointer user_data, GError **error)
{
	SnapshotOut *so = user_data;

	(void)error;
	write_packet(so->app, &so->fd, so->dir, so->cpu, packet, len);
	return so->app->write_error == NULL;
}

static gboolean snapshot_to(UstApp *a, const char *dir, GError **error)
{
	for (guint32 cpu = 0; cpu < a->n_cpus; cpu++) {
		SnapshotOut so = {a, dir, -1, cpu};
		gboolean ok =
		        lttv_rb_consumer_snapshot(a->consumer, cpu, snapshot_packet, &so, error);

		if (so.fd >= 0)
			close(so.fd);
		if (!ok)
			return FALSE;
	}
	if (a->write_error) {
		g_set_error_literal(error, G_FILE_ERROR, G_FILE_ERROR_IO, a->write_error);
		return FALSE;
	}
	return TRUE;
}

void ust_app_end(UstApp *a)
{
	if (a->stage != CONN_RUNNING) {
		a->stage = CONN_ENDED;
		return;
	}
	g_mutex_lock(&a->lock);
	if (a->s->o.mode == LTTV_RB_DISCARD) {
		lttv_rb_consumer_finish(a->consumer);
		ust_app_drain(a);
	} else {
		g_autoptr(GError) error = NULL;

		lttv_rb_consumer_finish(a->consumer);
		if (!snapshot_to(a, a->dir, &error) && !a->write_error)
			a->write_error = g_strdup(error->message);
	}
	close_files(a);
	a->stage = CONN_ENDED;
	g_mutex_unlock(&a->lock);
	a->meta_dirty = TRUE;
	ust_app_write_metadata(a);
}

gboolean ust_app_snapshot(UstApp *a, const char *dir, GError **error)
{
	g_autofree char *app_dir = g_build_filename(dir, "ust", "pid", a->dir_name, NULL);
	gboolean ok;

	if (a->stage != CONN_RUNNING)
		return TRUE;
	if (g_mkdir_with_parents(app_dir, 0755) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            _("cannot create %s: %s"), app_dir, g_strerror(errno));
		return FALSE;
	}
	g_mutex_lock(&a->lock);
	ok = snapshot_to(a, app_dir, error);
	g_mutex_unlock(&a->lock);
	return write_metadata_to(a, app_dir) && ok;
}

void ust_app_describe(UstApp *a, GString *out)
{
	g_string_append_printf(out, "  pid %d (%s) %s\n", (int)a->pid, a->name, a->dir);
	for (guint i = 0; i < a->events->len; i++)
		g_string_append_printf(out, "    %s\n",
		                       ((LttvUstEventDesc *)a->events->pdata[i])->name);
}

void ust_app_stats(UstApp *a, LttvUstAppStats *out)
{
	memset(out, 0, sizeof *out);
	out->pid = a->pid;
	memcpy(out->name, a->name, sizeof out->name);
	out->dir = g_strdup(a->dir);
	g_mutex_lock(&a->lock);
	out->bytes = a->bytes;
	out->packets = a->packets;
	out->packets_dropped = a->packets_unwritten;
	for (guint32 cpu = 0; a->consumer && cpu < a->n_cpus; cpu++) {
		LttvRbCounters c;

		lttv_rb_consumer_counters(a->consumer, cpu, &c);
		out->events_lost += c.lost_full + c.lost_wrap + c.lost_big;
		out->packets_dropped += c.packets_dropped;
	}
	g_mutex_unlock(&a->lock);
	out->ended = a->stage == CONN_ENDED;
	out->said_bye = a->said_bye;
	out->running_at_stop = a->running_at_stop;
	out->error = g_strdup(a->write_error);
}
