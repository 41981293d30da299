# SPDX-License-Identifier: GPL-2.0-or-later
# The module SDK: the example view module (built here like any other
# module, and out of tree by modules/examples/syscall-latency/Makefile.standalone
# with only pkg-config), lttv-gui.pc, the loader's tests and their modules.

lttvmodule_LTLIBRARIES += modules/examples/syscall-latency.la
modules_examples_syscall_latency_la_SOURCES = \
	modules/examples/syscall-latency/latency.h \
	modules/examples/syscall-latency/compute.c \
	modules/examples/syscall-latency/draw.c \
	modules/examples/syscall-latency/view.c
modules_examples_syscall_latency_la_CFLAGS = $(module_cflags)
modules_examples_syscall_latency_la_LDFLAGS = $(module_ldflags)
modules_examples_syscall_latency_la_LIBADD = $(module_libadd) -lm

# pkg-config for out-of-tree view modules.  Made here rather than by
# config.status (AC_CONFIG_FILES would do as well): the folders are
# written ${prefix}-relative, as in lttv.pc, so that
# `pkg-config --define-variable=prefix=DIR` finds a staged install.
pkgconfig_DATA += lttv-gui.pc
CLEANFILES += lttv-gui.pc
lttv-gui.pc: $(srcdir)/lttv-gui.pc.in Makefile
	$(AM_V_GEN)p='$(prefix)'; \
	rel() { case "$$1" in "$$p"|"$$p"/*) printf '%s' "\$${prefix}$${1#"$$p"}";; *) printf '%s' "$$1";; esac; }; \
	sed -e "s|@[p]refix@|$$p|g" -e "s|@[e]xec_prefix@|$$(rel '$(exec_prefix)')|g" \
		-e "s|@[l]ibdir@|$$(rel '$(libdir)')|g" -e "s|@[i]ncludedir@|$$(rel '$(includedir)')|g" \
		-e "s|@[V]ERSION@|$(VERSION)|g" $(srcdir)/lttv-gui.pc.in > $@.tmp && mv $@.tmp $@
EXTRA_DIST += lttv-gui.pc.in doc/modules.md \
	modules/examples/syscall-latency/Makefile.standalone

# ---- tests: the loader against good and broken modules, the SDK end to end
# The test modules are copied by the test into a folder of its own under
# the names it needs; -rpath makes libtool build them as shared objects.
test_module_ldflags = $(AM_LDFLAGS) -module -avoid-version -shared -rpath /nowhere
test_module_libadd = gui/liblttv-gui.la liblttv.la $(GTK_LIBS) $(GLIB_LIBS)
check_LTLIBRARIES += tests/modules/mod-good.la tests/modules/mod-base.la \
	tests/modules/mod-nodesc.la tests/modules/mod-badabi.la \
	tests/modules/mod-initfail.la tests/modules/mod-missingdep.la \
	tests/modules/mod-dup.la
tests_modules_mod_good_la_SOURCES = tests/modules/mod-good.c
tests_modules_mod_good_la_CFLAGS = $(module_cflags)
tests_modules_mod_good_la_LDFLAGS = $(test_module_ldflags)
tests_modules_mod_good_la_LIBADD = $(test_module_libadd)
tests_modules_mod_base_la_SOURCES = tests/modules/mod-base.c
tests_modules_mod_base_la_CFLAGS = $(module_cflags)
tests_modules_mod_base_la_LDFLAGS = $(test_module_ldflags)
tests_modules_mod_base_la_LIBADD = $(test_module_libadd)
tests_modules_mod_nodesc_la_SOURCES = tests/modules/mod-nodesc.c
tests_modules_mod_nodesc_la_CFLAGS = $(module_cflags)
tests_modules_mod_nodesc_la_LDFLAGS = $(test_module_ldflags)
tests_modules_mod_nodesc_la_LIBADD = $(GLIB_LIBS)
tests_modules_mod_badabi_la_SOURCES = tests/modules/mod-badabi.c
tests_modules_mod_badabi_la_CFLAGS = $(module_cflags)
tests_modules_mod_badabi_la_LDFLAGS = $(test_module_ldflags)
tests_modules_mod_badabi_la_LIBADD = $(GLIB_LIBS)
tests_modules_mod_initfail_la_SOURCES = tests/modules/mod-initfail.c
tests_modules_mod_initfail_la_CFLAGS = $(module_cflags)
tests_modules_mod_initfail_la_LDFLAGS = $(test_module_ldflags)
tests_modules_mod_initfail_la_LIBADD = $(GLIB_LIBS)
tests_modules_mod_missingdep_la_SOURCES = tests/modules/mod-missingdep.c
tests_modules_mod_missingdep_la_CFLAGS = $(module_cflags)
tests_modules_mod_missingdep_la_LDFLAGS = $(test_module_ldflags)
tests_modules_mod_missingdep_la_LIBADD = $(GLIB_LIBS)
tests_modules_mod_dup_la_SOURCES = tests/modules/mod-dup.c
tests_modules_mod_dup_la_CFLAGS = $(module_cflags)
tests_modules_mod_dup_la_LDFLAGS = $(test_module_ldflags)
tests_modules_mod_dup_la_LIBADD = $(test_module_libadd)

check_PROGRAMS += tests/unit/test-module-loader
TESTS += tests/unit/test-module-loader tests/e2e/module-sdk.sh
EXTRA_DIST += tests/e2e/module-sdk.sh
tests_unit_test_module_loader_SOURCES = tests/unit/test-module-loader.c
tests_unit_test_module_loader_CFLAGS = $(AM_CFLAGS) $(GTK_CFLAGS) $(GMODULE_CFLAGS)
tests_unit_test_module_loader_CPPFLAGS = $(AM_CPPFLAGS) \
	-DTEST_MODULES_DIR='"$(abs_top_builddir)/tests/modules/.libs"'
tests_unit_test_module_loader_LDADD = gui/liblttv-gui.la liblttv.la $(GTK_LIBS) \
	$(GMODULE_LIBS) $(GLIB_LIBS)
EXTRA_tests_unit_test_module_loader_DEPENDENCIES = $(check_LTLIBRARIES)
