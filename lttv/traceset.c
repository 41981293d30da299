/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tracesets: finding the traces under folders (iter.c reads them). */
#include "ctf/trace-internal.h"

#include "lttv/error.h"
#include "lttv/traceset.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>

LttvTraceset *lttv_traceset_new(void)
{
	LttvTraceset *ts = g_new0(LttvTraceset, 1);

	ts->traces = g_ptr_array_new_with_free_func((GDestroyNotify)ctf_trace_free);
	return ts;
}

void lttv_traceset_free(LttvTraceset *ts)
{
	if (!ts)
		return;
	g_ptr_array_unref(ts->traces);
	g_free(ts);
}

static gint str_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects every folder under `dir` holding a `metadata` file. */
static void find_traces(const char *dir, int depth, GPtrArray *out)
{
	g_autofree char *meta = g_build_filename(dir, "metadata", NULL);
	g_autoptr(GDir) d = NULL;
	g_autoptr(GPtrArray) subdirs = g_ptr_array_new_with_free_func(g_free);
	const char *name;

	if (g_file_test(meta, G_FILE_TEST_IS_REGULAR))
		g_ptr_array_add(out, g_strdup(dir));
	if (depth > 32)
		return;
	d = g_dir_open(dir, 0, NULL);
	if (!d)
		return;
	while ((name = g_dir_read_name(d))) {
		g_autofree char *full = NULL;

		if (name[0] == '.')
			continue;
		full = g_build_filename(dir, name, NULL);
		if (g_file_test(full, G_FILE_TEST_IS_DIR))
			g_ptr_array_add(subdirs, g_steal_pointer(&full));
	}
	g_ptr_array_sort(subdirs, str_cmp);
	for (guint i = 0; i < subdirs->len; i++)
		find_traces(subdirs->pdata[i], depth + 1, out);
}

gboolean lttv_traceset_add_path(LttvTraceset *ts, const char *path, GError **error)
{
	g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *root = NULL;
	g_autofree char *base = g_path_get_basename(path);
	struct stat st;

	if (stat(path, &st) != 0) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, _("%s: no such file or folder"), path);
		return FALSE;
	}
	if (S_ISREG(st.st_mode) && strcmp(base, "metadata") == 0)
		root = g_path_get_dirname(path);
	else
		root = g_strdup(path);
	if (!g_file_test(root, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_IO, _("%s: not a folder"), path);
		return FALSE;
	}
	find_traces(root, 0, dirs);
	if (dirs->len == 0) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_NO_TRACE,
		            _("%s: no CTF trace here (no folder with a `metadata` file)"), path);
		return FALSE;
	}
	for (guint i = 0; i < dirs->len; i++) {
		const char *dir = dirs->pdata[i];
		const char *rel = dir + strlen(root);
		LttvTrace *t;

		g_autofree char *own = NULL;

		while (*rel == '/')
			rel++;
		/* named by its path under the folder given, or by its own name */
		if (!*rel)
			rel = own = g_path_get_basename(dir);
		t = ctf_trace_open(dir, rel, error);
		if (!t)
			return FALSE;
		t->index = ts->traces->len;
		g_ptr_array_add(ts->traces, t);
	}
	return TRUE;
}

LttvTraceset *lttv_traceset_open(const char *path, GError **error)
{
	LttvTraceset *ts = lttv_traceset_new();

	if (!lttv_traceset_add_path(ts, path, error)) {
		lttv_traceset_free(ts);
		return NULL;
	}
	return ts;
}

guint lttv_traceset_n_traces(const LttvTraceset *ts)
{
	return ts->traces->len;
}

LttvTrace *lttv_traceset_trace(const LttvTraceset *ts, guint i)
{
	return ts->traces->pdata[i];
}

gboolean lttv_traceset_time_range(const LttvTraceset *ts, LttvTime *begin, LttvTime *end)
{
	gboolean any = FALSE;

	for (guint i = 0; i < ts->traces->len; i++) {
		LttvTrace *t = ts->traces->pdata[i];

		for (guint s = 0; s < t->streams->len; s++) {
			LttvStreamInfo info;

			lttv_stream_info(t->streams->pdata[s], &info);
			if (!info.has_times)
				continue;
			if (!any || info.begin < *begin)
				*begin = info.begin;
			if (!any || info.end > *end)
				*end = info.end;
			any = TRUE;
		}
	}
	return any;
}

GArray *lttv_traceset_notices(const LttvTraceset *ts)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(LttvItem));
	g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
	g_autofree guint *head = NULL;

	/* each stream's notices in packet order, then merged as the iterator
	 * merges its streams: by time, ties to the earlier stream */
	for (guint i = 0; i < ts->traces->len; i++) {
		LttvTrace *t = ts->traces->pdata[i];

		for (guint s = 0; s < t->streams->len; s++) {
			GArray *l = g_array_new(FALSE, FALSE, sizeof(LttvItem));

			ctf_stream_notices(t->streams->pdata[s], l);
			g_ptr_array_add(lists, l);
		}
	}
	head = g_new0(guint, MAX(lists->len, 1));
	while (true) {
		gint best = -1;
		LttvTime best_t = 0;

		for (guint k = 0; k < lists->len; k++) {
			GArray *l = lists->pdata[k];

			if (head[k] < l->len &&
			    (best < 0 || g_array_index(l, LttvItem, head[k]).time < best_t)) {
				best = (gint)k;
				best_t = g_array_index(l, LttvItem, head[k]).time;
			}
		}
		if (best < 0)
			break;
		g_array_append_val(
		        out, g_array_index((GArray *)lists->pdata[best], LttvItem, head[best]));
		head[best]++;
	}
	return out;
}
