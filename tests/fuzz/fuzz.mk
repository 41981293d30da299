# SPDX-License-Identifier: GPL-2.0-or-later
# libFuzzer targets of the CTF reader (automake fragment, included from
# Makefile.am after liblttv_la_SOURCES and lttvinclude_HEADERS).
#
#   make fuzz                        builds tests/fuzz/fuzz-* with clang
#   make fuzz-run [FUZZ_SECONDS=60]  runs each target that long (tests/fuzz/run),
#                                    TAP in tests/fuzz/run.log
#
# Targets: fuzz-tsdl (CTF 1.8 metadata text), fuzz-json (CTF 2 metadata),
# fuzz-packet and fuzz-packet-ctf2 (data stream files under a fixed CTF 1.8
# or CTF 2 metadata, read through the public traceset API), fuzz-trace (a
# whole small trace: metadata and data files), fuzz-ftrace (ftrace pages,
# format files and their conversion by the kernel recorder, tracer/kernel/),
# fuzz-filter (filter expressions, compiled and matched on events).
# See each source's header.
#
# The library is compiled again from its own sources (the .c files of
# liblttv_la_SOURCES, so new files are picked up) with the sanitizers, into
# tests/fuzz/obj/; mmap-shim.h is forced into it so that data files are read
# into exact-size heap buffers instead of being memory-mapped.
# Kept between runs under tests/fuzz/: corpus-TARGET/ (grown by libFuzzer),
# findings/ (crash reproducers), seeds/, TARGET.log.

FUZZ_SECONDS = 60
# shared traces: the seeds, and the metadata of the packet targets
FUZZ_TRACES = $(if $(LTTV_TRACES),$(LTTV_TRACES),$(abs_top_srcdir)/../shared/traces)
FUZZ_TARGETS = fuzz-tsdl fuzz-json fuzz-packet fuzz-packet-ctf2 fuzz-trace fuzz-ftrace \
	fuzz-filter
FUZZ_PROGS = $(addprefix tests/fuzz/,$(FUZZ_TARGETS))
FUZZ_LIB_OBJS = $(patsubst %.c,tests/fuzz/obj/%.o,$(filter %.c,$(liblttv_la_SOURCES)))
# (wildcard: only the listed headers that exist)
FUZZ_HDRS = $(wildcard $(addprefix $(top_srcdir)/,$(filter %.h,$(liblttv_la_SOURCES)) \
	$(lttvinclude_HEADERS)))
FUZZ_SANITIZE = address,undefined
FUZZ_INCLUDES = -std=gnu11 -D_GNU_SOURCE -include config.h -I$(top_srcdir)/include -I$(top_srcdir) \
	-I$(top_srcdir)/lttv -I$(top_builddir)
FUZZ_COPTS = -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=undefined $(WARN_CFLAGS) \
	$(GLIB_CFLAGS) $(GMODULE_CFLAGS)
FUZZ_LINK = $(CLANG) $(FUZZ_INCLUDES) $(FUZZ_COPTS) -fsanitize=fuzzer,$(FUZZ_SANITIZE)
FUZZ_LINK_LIBS = $(FUZZ_LIB_OBJS) $(GLIB_LIBS) $(GMODULE_LIBS) $(LIBINTL) -lm
# fuzz-ftrace: the recorder's code it runs (and the CTF writer, the syscall
# table generated in the build tree), without the mmap shim (the syscall
# strings code maps BPF buffers; the fuzz target never opens them)
FUZZ_KREC_SRCS = tracer/kernel/ftrace-format.c tracer/kernel/convert.c \
	tracer/kernel/convert-build.c tracer/kernel/convert-statedump.c tracer/kernel/convert-table.c \
	tracer/kernel/syscall-strings.c tracer/kernel/syscall-strings-asm.c \
	tracer/ctf/metadata.c tracer/ctf/stream.c
FUZZ_KREC_SRC_OBJS = $(patsubst %.c,tests/fuzz/obj/%.o,$(FUZZ_KREC_SRCS))
FUZZ_KREC_OBJS = $(FUZZ_KREC_SRC_OBJS) tests/fuzz/obj/tracer/kernel/syscall-table.o
FUZZ_KREC_HDRS = $(wildcard $(top_srcdir)/tracer/kernel/*.h $(top_srcdir)/tracer/ctf/*.h) \
	$(top_srcdir)/tests/unit/ftrace-formats.h
# fuzz-packet*: the trace class is parsed once (see fuzz-packet.c)
FUZZ_PACKET_WRAP = -Wl,--wrap=ctf_metadata_load,--wrap=ctf_trace_class_compile \
	-Wl,--wrap=ctf_trace_class_free

if HAVE_CLANG
fuzz: $(FUZZ_PROGS)

# Fails early, and clearly, when clang is there but not its libFuzzer runtime.
tests/fuzz/stamp-libfuzzer:
	@$(MKDIR_P) tests/fuzz
	@d=`mktemp -d` || exit 1; \
	echo 'int LLVMFuzzerTestOneInput(const char *p, unsigned long n) { return p && n; }' \
		>"$$d/probe.c"; \
	if $(CLANG) -fsanitize=fuzzer,$(FUZZ_SANITIZE) -o "$$d/probe" "$$d/probe.c" \
		>"$$d/log" 2>&1; then rm -rf "$$d"; else \
		cat "$$d/log" >&2; rm -rf "$$d"; \
		echo "make fuzz: $(CLANG) cannot link a libFuzzer program: install the" \
		     "Debian packages clang and libclang-rt-dev" \
		     "(apt-get install clang libclang-rt-dev)" >&2; \
		exit 1; fi
	@touch $@
else
fuzz:
	@echo "make fuzz: clang was not found by configure: install the Debian packages" \
	     "clang and libclang-rt-dev (apt-get install clang libclang-rt-dev)," \
	     "then run configure again" >&2
	@exit 1
endif

$(FUZZ_LIB_OBJS): tests/fuzz/obj/%.o: $(top_srcdir)/%.c $(FUZZ_HDRS) config.h \
		$(top_srcdir)/tests/fuzz/mmap-shim.h tests/fuzz/stamp-libfuzzer
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(CLANG) $(FUZZ_INCLUDES) -include $(top_srcdir)/tests/fuzz/mmap-shim.h \
		$(FUZZ_COPTS) -fsanitize=fuzzer-no-link,$(FUZZ_SANITIZE) -c -o $@ $<

tests/fuzz/fuzz-tsdl tests/fuzz/fuzz-json: tests/fuzz/%: $(top_srcdir)/tests/fuzz/%.c \
		$(FUZZ_LIB_OBJS) $(FUZZ_HDRS)
	$(AM_V_CCLD)$(FUZZ_LINK) -o $@ $< $(FUZZ_LINK_LIBS)

tests/fuzz/fuzz-packet: $(top_srcdir)/tests/fuzz/fuzz-packet.c $(FUZZ_LIB_OBJS) $(FUZZ_HDRS)
	$(AM_V_CCLD)$(FUZZ_LINK) \
		-DFUZZ_DEFAULT_METADATA='"$(FUZZ_TRACES)/tracecompass/many-threads/metadata"' \
		$(FUZZ_PACKET_WRAP) -o $@ $< $(FUZZ_LINK_LIBS)

tests/fuzz/fuzz-packet-ctf2: $(top_srcdir)/tests/fuzz/fuzz-packet.c $(FUZZ_LIB_OBJS) \
		$(FUZZ_HDRS)
	$(AM_V_CCLD)$(FUZZ_LINK) \
		-DFUZZ_DEFAULT_METADATA='"$(FUZZ_TRACES)/ctf2/ctf2-md-example/metadata"' \
		$(FUZZ_PACKET_WRAP) -o $@ $< $(FUZZ_LINK_LIBS)

tests/fuzz/fuzz-trace: $(top_srcdir)/tests/fuzz/fuzz-packet.c $(FUZZ_LIB_OBJS) $(FUZZ_HDRS)
	$(AM_V_CCLD)$(FUZZ_LINK) -DFUZZ_WHOLE_TRACE -o $@ $< $(FUZZ_LINK_LIBS)

$(FUZZ_KREC_SRC_OBJS): tests/fuzz/obj/%.o: $(top_srcdir)/%.c $(FUZZ_KREC_HDRS) config.h \
		tests/fuzz/stamp-libfuzzer
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(CLANG) $(FUZZ_INCLUDES) $(FUZZ_COPTS) -fsanitize=fuzzer-no-link,$(FUZZ_SANITIZE) \
		-c -o $@ $<

tests/fuzz/obj/tracer/kernel/syscall-table.o: tracer/kernel/syscall-table.c config.h \
		tests/fuzz/stamp-libfuzzer
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(CLANG) $(FUZZ_INCLUDES) $(FUZZ_COPTS) -fsanitize=fuzzer-no-link,$(FUZZ_SANITIZE) \
		-c -o $@ tracer/kernel/syscall-table.c

tests/fuzz/fuzz-ftrace: $(top_srcdir)/tests/fuzz/fuzz-ftrace.c $(FUZZ_LIB_OBJS) $(FUZZ_KREC_OBJS) \
		$(FUZZ_HDRS) $(FUZZ_KREC_HDRS)
	$(AM_V_CCLD)$(FUZZ_LINK) -o $@ $< $(FUZZ_KREC_OBJS) $(FUZZ_LINK_LIBS)

tests/fuzz/fuzz-filter: $(top_srcdir)/tests/fuzz/fuzz-filter.c $(FUZZ_LIB_OBJS) $(FUZZ_HDRS) \
		$(top_srcdir)/tests/unit/filter-sample.h
	$(AM_V_CCLD)$(FUZZ_LINK) -I$(top_srcdir)/tests/unit \
		-DFUZZ_DEFAULT_TRACES='"$(FUZZ_TRACES)"' -o $@ $< $(FUZZ_LINK_LIBS)

fuzz-run: fuzz
	LTTV_TRACES='$(FUZZ_TRACES)' $(SHELL) $(top_srcdir)/tests/fuzz/run '$(FUZZ_SECONDS)' \
		'$(abs_top_builddir)'

.PHONY: fuzz fuzz-run

# tracer/kernel/kernel.mk defines CLEANFILES first.
CLEANFILES += $(FUZZ_PROGS) $(FUZZ_LIB_OBJS) $(FUZZ_KREC_OBJS) tests/fuzz/stamp-libfuzzer
EXTRA_DIST += tests/fuzz/fuzz.mk tests/fuzz/fuzz-tsdl.c tests/fuzz/fuzz-json.c \
	tests/fuzz/fuzz-packet.c tests/fuzz/mmap-shim.h tests/fuzz/tsdl.dict \
	tests/fuzz/json.dict tests/fuzz/packet.dict tests/fuzz/make-seeds tests/fuzz/run \
	tests/fuzz/regressions tests/fuzz/fuzz-ftrace.c tests/fuzz/ftrace.dict \
	tests/fuzz/fuzz-filter.c tests/fuzz/filter.dict
