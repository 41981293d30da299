# SPDX-License-Identifier: GPL-2.0-or-later
# tests/bench/ust: liblttv-ust against LTTng-UST.  The liblttv-ust program
# is built by make check but not run (the script runs it under
# `lttv-trace record -u`); the LTTng-UST one, from the same ust-bench.c
# with -DUST_BENCH_LTTNG, is compiled by the script itself, since
# liblttng-ust-dev may be missing when configure runs.
check_PROGRAMS += tests/bench/ust-bench/ust-bench-lttv
tests_bench_ust_bench_ust_bench_lttv_SOURCES = tests/bench/ust-bench/ust-bench.c \
	tests/bench/ust-bench/lttv-tp.c tests/bench/ust-bench/lttv-tp.h
tests_bench_ust_bench_ust_bench_lttv_CFLAGS = $(AM_CFLAGS) -O2
tests_bench_ust_bench_ust_bench_lttv_LDADD = liblttv-ust.la -lpthread

EXTRA_DIST += tests/bench/ust tests/bench/ust-bench/lttng-tp.c tests/bench/ust-bench/lttng-tp.h
