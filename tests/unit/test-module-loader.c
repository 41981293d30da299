/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The module loader (lttv/module.h) against good and broken modules:
 * copies of the test modules (tests/modules/) in temporary folders given
 * as LTTV_MODULE_PATH, loaded once; each case checks one module's entry
 * in lttv_modules_list(), and the views the good ones registered.
 *
 *   dir1/aa-good.so     depends on test-base (found later in the folder)
 *   dir1/zz-base.so     registers the view test-base
 *   dir1/nodesc.so      no lttv_module_descriptor symbol
 *   dir1/badabi.so      descriptor of another ABI version
 *   dir1/initfail.so    init fails with a GError
 *   dir1/missingdep.so  depends on "no-such-module"
 *   dir1/x.so           a text file
 *   dir1/dup.so, dir2/dup.so  one name twice: the second is SHADOWED
 */
#include "tmpdir.h"
#include <lttv/module.h>
#include <lttv/view.h>
#include <string.h>

#ifndef TEST_MODULES_DIR
#error TEST_MODULES_DIR: the folder of the built test modules
#endif

static char *tmp, *dir1, *dir2;

static void copy_module(const char *module, const char *dir, const char *as)
{
	g_autofree char *src = g_strdup_printf("%s/%s.so", TEST_MODULES_DIR, module);
	g_autofree char *dst = g_build_filename(dir, as, NULL);
	g_autofree char *data = NULL;
	g_autoptr(GError) error = NULL;
	gsize len;

	if (!g_file_get_contents(src, &data, &len, &error))
		g_error("test module missing (make check builds it): %s", error->message);
	if (!g_file_set_contents(dst, data, (gssize)len, &error))
		g_error("%s", error->message);
}

static const LttvModuleInfo *find_path(const char *dir, const char *file)
{
	g_autofree char *path = g_build_filename(dir, file, NULL);
	const GPtrArray *list = lttv_modules_list();

	for (guint i = 0; i < list->len; i++) {
		const LttvModuleInfo *m = list->pdata[i];

		if (strcmp(m->path, path) == 0)
			return m;
	}
	g_test_message("no module with path %s", path);
	g_assert_not_reached();
	return NULL;
}

static const LttvModuleInfo *check_failed(const char *file, const char *name, const char *text)
{
	const LttvModuleInfo *m = find_path(dir1, file);

	g_test_message("%s: %s", file, m->error ? m->error : "(no error)");
	g_assert_cmpint(m->status, ==, LTTV_MODULE_FAILED);
	g_assert_cmpstr(m->name, ==, name);
	g_assert_nonnull(m->error);
	g_assert_cmpuint(strlen(m->error), >, 0);
	if (text && !strstr(m->error, text))
		g_error("the error of %s (\"%s\") does not say \"%s\"", file, m->error, text);
	return m;
}

static void test_search_path(void)
{
	g_auto(GStrv) path = lttv_module_search_path();
	g_autofree char *user = g_build_filename(tmp, "xdg", "lttv", "modules", NULL);
	guint n = g_strv_length(path);

	g_assert_cmpuint(n, ==, 4);
	g_assert_cmpstr(path[0], ==, dir1);
	g_assert_cmpstr(path[1], ==, dir2);
	g_assert_cmpstr(path[2], ==, user);
	g_assert_true(g_str_has_suffix(path[3], "/lttv/modules"));
}

static void test_good(void)
{
	const LttvModuleInfo *m = find_path(dir1, "aa-good.so");
	const LttvViewInfo *v = lttv_view_lookup("test-good");
	g_autoptr(LttvTab) tab = lttv_tab_new();
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 8, 8);
	cairo_t *cr = cairo_create(s);
	g_autoptr(GString) layout = g_string_new(NULL);
	g_autoptr(GError) error = NULL;

	g_assert_cmpint(m->status, ==, LTTV_MODULE_LOADED);
	g_assert_cmpstr(m->name, ==, "test-good");
	g_assert_cmpstr(m->description, ==, "Test: a good module");
	g_assert_null(m->error);
	/* its view is registered and draws */
	g_assert_nonnull(v);
	g_assert_cmpstr(v->title, ==, "Test good");
	g_assert_true(v->render(tab, cr, 8, 8, layout, &error));
	g_assert_no_error(error);
	g_assert_cmpstr(layout->str, ==, "0 8 name=test-good\n");
	cairo_surface_flush(s);
	g_assert_cmphex(((guint32 *)cairo_image_surface_get_data(s))[0] & 0xffffff, ==, 0x008000);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

/* test-good, found first, is initialized after test-base, its dependency */
static void test_dependency_order(void)
{
	const LttvModuleInfo *base = find_path(dir1, "zz-base.so");
	g_autoptr(GPtrArray) views = lttv_view_list();
	int i_base = -1, i_good = -1;

	g_assert_cmpint(base->status, ==, LTTV_MODULE_LOADED);
	g_assert_cmpstr(base->name, ==, "test-base");
	for (guint i = 0; i < views->len; i++) {
		const LttvViewInfo *v = views->pdata[i];

		if (strcmp(v->name, "test-base") == 0)
			i_base = (int)i;
		if (strcmp(v->name, "test-good") == 0)
			i_good = (int)i;
	}
	g_assert_cmpint(i_base, >=, 0);
	g_assert_cmpint(i_good, >, i_base);
}

static void test_no_descriptor(void)
{
	check_failed("nodesc.so", "nodesc", LTTV_MODULE_SYMBOL);
}

static void test_bad_abi(void)
{
	g_autofree char *ours = g_strdup_printf("%u", LTTV_MODULE_ABI_VERSION);
	/* tests/modules/mod-badabi.c: our version + 998 */
	g_autofree char *theirs = g_strdup_printf("%u", LTTV_MODULE_ABI_VERSION + 998);
	const LttvModuleInfo *m = check_failed("badabi.so", "badabi", theirs);

	g_assert_nonnull(strstr(m->error, ours));
	g_assert_null(lttv_view_lookup("test-badabi"));
}

static void test_init_fails(void)
{
	check_failed("initfail.so", "test-initfail", "no frobnicator on this machine");
}

static void test_missing_dependency(void)
{
	check_failed("missingdep.so", "test-missingdep", "no-such-module");
}

static void test_not_a_shared_object(void)
{
	check_failed("x.so", "x", NULL);
}

static void test_shadowed(void)
{
	const LttvModuleInfo *first = find_path(dir1, "dup.so");
	const LttvModuleInfo *second = find_path(dir2, "dup.so");

	g_assert_cmpint(first->status, ==, LTTV_MODULE_LOADED);
	g_assert_cmpstr(first->name, ==, "test-dup");
	g_assert_cmpint(second->status, ==, LTTV_MODULE_SHADOWED);
	g_assert_cmpstr(second->name, ==, "test-dup");
	g_assert_nonnull(lttv_view_lookup("test-dup"));
}

/* every module of the temporary folders is listed, once */
static void test_list_complete(void)
{
	const GPtrArray *list = lttv_modules_list();
	guint n = 0;

	for (guint i = 0; i < list->len; i++) {
		const LttvModuleInfo *m = list->pdata[i];

		if (g_str_has_prefix(m->path, tmp))
			n++;
	}
	g_assert_cmpuint(n, ==, 9);
}

/* loading again changes nothing; unloading calls the destroys */
static void test_reload_unload(void)
{
	const GPtrArray *before = lttv_modules_list();
	guint n = before->len;

	lttv_modules_load_all();
	g_assert_true(lttv_modules_list() == before);
	g_assert_cmpuint(lttv_modules_list()->len, ==, n);
	lttv_modules_unload_all();
	g_assert_null(lttv_view_lookup("test-good"));
	g_assert_null(lttv_view_lookup("test-base"));
	g_assert_null(lttv_view_lookup("test-dup"));
	g_assert_cmpuint(lttv_modules_list()->len, ==, 0);
}

int main(int argc, char **argv)
{
	g_autofree char *path = NULL, *xdg = NULL, *text = NULL;
	int rc;

	g_test_init(&argc, &argv, NULL);
	tmp = g_dir_make_tmp("lttv-modules-XXXXXX", NULL);
	g_assert_nonnull(tmp);
	dir1 = g_build_filename(tmp, "dir1", NULL);
	dir2 = g_build_filename(tmp, "dir2", NULL);
	xdg = g_build_filename(tmp, "xdg", NULL);
	g_mkdir(dir1, 0755);
	g_mkdir(dir2, 0755);
	g_mkdir(xdg, 0755);
	copy_module("mod-good", dir1, "aa-good.so");
	copy_module("mod-base", dir1, "zz-base.so");
	copy_module("mod-nodesc", dir1, "nodesc.so");
	copy_module("mod-badabi", dir1, "badabi.so");
	copy_module("mod-initfail", dir1, "initfail.so");
	copy_module("mod-missingdep", dir1, "missingdep.so");
	copy_module("mod-dup", dir1, "dup.so");
	copy_module("mod-dup", dir2, "dup.so");
	text = g_build_filename(dir1, "x.so", NULL);
	g_assert_true(g_file_set_contents(text, "not a shared object\n", -1, NULL));
	path = g_strjoin(G_SEARCHPATH_SEPARATOR_S, dir1, dir2, NULL);
	g_setenv("LTTV_MODULE_PATH", path, TRUE);
	g_setenv("XDG_DATA_HOME", xdg, TRUE);

	lttv_modules_load_all();

	g_test_add_func("/module/search-path", test_search_path);
	g_test_add_func("/module/good", test_good);
	g_test_add_func("/module/dependency-order", test_dependency_order);
	g_test_add_func("/module/no-descriptor", test_no_descriptor);
	g_test_add_func("/module/bad-abi", test_bad_abi);
	g_test_add_func("/module/init-fails", test_init_fails);
	g_test_add_func("/module/missing-dependency", test_missing_dependency);
	g_test_add_func("/module/not-a-shared-object", test_not_a_shared_object);
	g_test_add_func("/module/shadowed", test_shadowed);
	g_test_add_func("/module/list-complete", test_list_complete);
	g_test_add_func("/module/reload-unload", test_reload_unload);
	rc = g_test_run();
	rm_rf(tmp);
	g_free(dir1);
	g_free(dir2);
	g_free(tmp);
	return rc;
}
