/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The registry of views that modules add. */
#include <lttv/error.h>
#include <lttv/view.h>
#include <string.h>

static GPtrArray *views; /* of LttvViewInfo *, owned */
static GMutex views_lock;

static gboolean view_name_valid(const char *name)
{
	if (!name || !*name)
		return FALSE;
	for (const char *p = name; *p; p++)
		if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '-' && *p != '_')
			return FALSE;
	return TRUE;
}

static LttvViewInfo *find_locked(const char *name)
{
	for (guint i = 0; views && i < views->len; i++) {
		LttvViewInfo *v = views->pdata[i];

		if (strcmp(v->name, name) == 0)
			return v;
	}
	return NULL;
}

gboolean lttv_view_register(const LttvViewInfo *info, GError **error)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&views_lock);

	if (!view_name_valid(info->name)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            "view name \"%s\" is not valid (lower-case letters, digits, '-', '_')",
		            info->name ? info->name : "");
		return FALSE;
	}
	if (!info->title || !info->create || !info->render) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            "view \"%s\" lacks a title, a create or a render function", info->name);
		return FALSE;
	}
	if (find_locked(info->name)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS,
		            "a view named \"%s\" is already registered", info->name);
		return FALSE;
	}
	if (!views)
		views = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(views, g_memdup2(info, sizeof(*info)));
	return TRUE;
}

void lttv_view_unregister(const char *name)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&views_lock);
	LttvViewInfo *v = find_locked(name);

	if (v)
		g_ptr_array_remove(views, v);
}

const LttvViewInfo *lttv_view_lookup(const char *name)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&views_lock);

	return find_locked(name);
}

GPtrArray *lttv_view_list(void)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&views_lock);
	GPtrArray *out = g_ptr_array_new();

	for (guint i = 0; views && i < views->len; i++)
		g_ptr_array_add(out, views->pdata[i]);
	return out;
}
