/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modules: shared objects that add views, event hooks or commands to LTTV.
 * A module exports one descriptor, by this exact symbol name:
 *
 *   static gboolean my_init(GError **error) { ...register views...; return TRUE; }
 *   static void my_destroy(void) { ... }
 *   LTTV_MODULE_DEFINE("latency", N_("System-call latency"), NULL, my_init, my_destroy);
 *
 * The loader looks in $LTTV_MODULE_PATH (colon-separated folders), then
 * ~/.local/share/lttv/modules (under $XDG_DATA_HOME), then the install
 * folder ($libdir/lttv/modules); the first module of a name wins.  A
 * module that cannot be loaded (not a shared object, missing symbol, other
 * ABI version, missing dependency, failing init) is reported and skipped:
 * the application runs on.
 */
#ifndef LTTV_MODULE_H
#define LTTV_MODULE_H

#include <glib.h>
#include <gmodule.h>

G_BEGIN_DECLS

/* Bumped whenever the descriptor or any public API a module uses changes
 * incompatibly; a module built for another version is refused. */
#define LTTV_MODULE_ABI_VERSION 2
#define LTTV_MODULE_SYMBOL      "lttv_module_descriptor"

typedef struct {
	guint abi_version;                /* LTTV_MODULE_ABI_VERSION */
	const char *name;                 /* unique: "controlflow" */
	const char *description;          /* one line, for --list-modules */
	const char *const *dependencies;  /* module names loaded first; NULL-terminated or NULL */
	gboolean (*init)(GError **error); /* registers views, hooks...; may be NULL */
	void (*destroy)(void);            /* undoes init; may be NULL */
} LttvModuleDescriptor;

#define LTTV_MODULE_DEFINE(name_, description_, dependencies_, init_, destroy_)                    \
	G_MODULE_EXPORT const LttvModuleDescriptor lttv_module_descriptor = {                      \
	        LTTV_MODULE_ABI_VERSION, name_, description_, dependencies_, init_, destroy_}

typedef enum {
	LTTV_MODULE_LOADED,
	LTTV_MODULE_FAILED,   /* see error */
	LTTV_MODULE_SHADOWED, /* a module of the same name was found earlier */
} LttvModuleStatus;

typedef struct {
	char *name;        /* from the descriptor, or the file's name when unreadable */
	char *path;        /* the shared object */
	char *description; /* NULL when unreadable */
	LttvModuleStatus status;
	char *error; /* why it failed (NULL when loaded) */
} LttvModuleInfo;

/* The folders searched, in order (a NULL-terminated array to g_strfreev). */
char **lttv_module_search_path(void);
/* Loads every module of the search path (once; later calls return the
 * same list).  Failures are in the list, not errors. */
void lttv_modules_load_all(void);
/* Every module met, loaded or not (of LttvModuleInfo *, owned). */
const GPtrArray *lttv_modules_list(void);
/* Calls every loaded module's destroy, in reverse load order. */
void lttv_modules_unload_all(void);

G_END_DECLS

#endif
