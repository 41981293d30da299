/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The module loader: finds shared objects in the search path, checks
 * their descriptor, loads them in dependency order and reports (never
 * stops on) the ones that cannot be used. */
#include <lttv/module.h>
#include <string.h>

#ifndef LTTV_MODULE_DIR
#define LTTV_MODULE_DIR "/usr/local/lib/lttv/modules"
#endif

typedef struct {
	LttvModuleInfo info; /* first: the list hands out its address */
	GModule *module;
	const LttvModuleDescriptor *desc;
	gboolean visiting;    /* dependency walk: cycle detection */
	gboolean initialized; /* its init was called (it is resident) */
} Module;

static GPtrArray *modules;  /* of Module *, in discovery order */
static GPtrArray *loaded;   /* of Module *, in init order (not owned) */
static GMutex modules_lock; /* loading is done once, from any thread */

static void module_free(gpointer data)
{
	Module *m = data;

	g_free(m->info.name);
	g_free(m->info.path);
	g_free(m->info.description);
	g_free(m->info.error);
	g_free(m);
}

char **lttv_module_search_path(void)
{
	GPtrArray *dirs = g_ptr_array_new();
	const char *env = g_getenv("LTTV_MODULE_PATH");

	if (env && *env) {
		g_auto(GStrv) parts = g_strsplit(env, G_SEARCHPATH_SEPARATOR_S, -1);

		for (guint i = 0; parts[i]; i++)
			if (*parts[i])
				g_ptr_array_add(dirs, g_strdup(parts[i]));
	}
	g_ptr_array_add(dirs, g_build_filename(g_get_user_data_dir(), "lttv", "modules", NULL));
	g_ptr_array_add(dirs, g_strdup(LTTV_MODULE_DIR));
	g_ptr_array_add(dirs, NULL);
	return (char **)g_ptr_array_free(dirs, FALSE);
}

static Module *find_module(const char *name)
{
	for (guint i = 0; i < modules->len; i++) {
		Module *m = modules->pdata[i];

		if (m->desc && m->info.status != LTTV_MODULE_SHADOWED &&
		    strcmp(m->info.name, name) == 0)
			return m;
	}
	return NULL;
}

static void fail(Module *m, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void fail(Module *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_free(m->info.error);
	m->info.error = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	m->info.status = LTTV_MODULE_FAILED;
}

/* Opens one file and reads its descriptor (no init yet). */
static void probe(const char *path)
{
	Module *m = g_new0(Module, 1);
	g_autofree char *base = g_path_get_basename(path);
	gpointer sym = NULL;

	m->info.path = g_strdup(path);
	m->info.name = g_strndup(base, strlen(base) - strlen(".so"));
	g_ptr_array_add(modules, m);
	/* LOCAL: modules see liblttv's symbols, not each other's */
	m->module = g_module_open(path, G_MODULE_BIND_LOCAL | G_MODULE_BIND_LAZY);
	if (!m->module) {
		fail(m, "cannot load: %s", g_module_error());
		return;
	}
	if (!g_module_symbol(m->module, LTTV_MODULE_SYMBOL, &sym) || !sym) {
		fail(m, "not an LTTV module: no \"%s\" symbol", LTTV_MODULE_SYMBOL);
		return;
	}
	const LttvModuleDescriptor *d = sym;
	if (d->abi_version != LTTV_MODULE_ABI_VERSION) {
		fail(m, "built for module ABI version %u, this LTTV has version %u: rebuild it",
		     d->abi_version, LTTV_MODULE_ABI_VERSION);
		return;
	}
	if (!d->name || !*d->name) {
		fail(m, "its descriptor has no name");
		return;
	}
	g_free(m->info.name);
	m->info.name = g_strdup(d->name);
	m->info.description = g_strdup(d->description);
	if (find_module(d->name)) {
		Module *first = find_module(d->name);

		m->info.status = LTTV_MODULE_SHADOWED;
		m->info.error = g_strdup_printf("a module of this name was found first: %s",
		                                first->info.path);
		return;
	}
	m->desc = d;
	m->info.status = LTTV_MODULE_LOADED; /* until init says otherwise */
}

static void scan_dir(const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *name;

	if (!d)
		return; /* a folder of the path that does not exist is normal */
	while ((name = g_dir_read_name(d)))
		if (g_str_has_suffix(name, ".so") && strlen(name) > 3)
			g_ptr_array_add(names, g_strdup(name));
	/* a stable order: the same modules load the same way everywhere */
	g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
	for (guint i = 0; i < names->len; i++) {
		g_autofree char *path = g_build_filename(dir, (char *)names->pdata[i], NULL);

		if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
			probe(path);
	}
}

/* Initializes a module after its dependencies; FALSE when it failed. */
static gboolean init_module(Module *m)
{
	g_autoptr(GError) error = NULL;

	if (m->info.status == LTTV_MODULE_FAILED)
		return FALSE;
	if (g_ptr_array_find(loaded, m, NULL))
		return TRUE;
	if (m->visiting) {
		fail(m, "its dependencies form a cycle");
		return FALSE;
	}
	m->visiting = TRUE;
	for (const char *const *dep = m->desc->dependencies; dep && *dep; dep++) {
		Module *d = find_module(*dep);

		if (!d) {
			fail(m, "needs the module \"%s\", which was not found", *dep);
			break;
		}
		if (!init_module(d)) {
			if (m->info.status != LTTV_MODULE_FAILED)
				fail(m, "needs the module \"%s\", which failed to load", *dep);
			break;
		}
	}
	m->visiting = FALSE;
	if (m->info.status == LTTV_MODULE_FAILED)
		return FALSE;
	/* once its init ran, a module's code stays mapped for good: what it
	 * registered (views, strings) may point into it, also after a
	 * failed init or a destroy that forgot something */
	m->initialized = TRUE;
	g_module_make_resident(m->module);
	if (m->desc->init && !m->desc->init(&error)) {
		fail(m, "its initialization failed: %s",
		     error ? error->message : "(no reason given)");
		return FALSE;
	}
	g_ptr_array_add(loaded, m);
	return TRUE;
}

void lttv_modules_load_all(void)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&modules_lock);
	g_auto(GStrv) path = NULL;

	if (modules)
		return;
	modules = g_ptr_array_new_with_free_func(module_free);
	loaded = g_ptr_array_new();
	path = lttv_module_search_path();
	for (guint i = 0; path[i]; i++)
		scan_dir(path[i]);
	for (guint i = 0; i < modules->len; i++) {
		Module *m = modules->pdata[i];

		if (m->desc)
			init_module(m);
	}
	/* the modules whose init never ran are closed */
	for (guint i = 0; i < modules->len; i++) {
		Module *m = modules->pdata[i];

		if (m->module && !m->initialized) {
			g_module_close(m->module);
			m->module = NULL;
			m->desc = NULL;
		}
	}
}

const GPtrArray *lttv_modules_list(void)
{
	static GPtrArray *empty;

	if (!modules) {
		if (!empty)
			empty = g_ptr_array_new();
		return empty;
	}
	return modules;
}

void lttv_modules_unload_all(void)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&modules_lock);

	if (!modules)
		return;
	for (guint i = loaded->len; i-- > 0;) {
		Module *m = loaded->pdata[i];

		if (m->desc->destroy)
			m->desc->destroy();
		g_module_close(m->module); /* resident: stays mapped */
	}
	g_clear_pointer(&loaded, g_ptr_array_unref);
	g_clear_pointer(&modules, g_ptr_array_unref);
}
