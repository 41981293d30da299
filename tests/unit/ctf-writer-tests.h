/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the CTF writer's test files share (test-ctf-writer.c,
 * test-ctf-writer-bytes.c). */
#ifndef LTTV_TESTS_CTF_WRITER_TESTS_H
#define LTTV_TESTS_CTF_WRITER_TESTS_H

#include "tracer/ctf/ctf-writer.h"

#include <glib.h>

#define PACKET_SIZE 4096

extern const guint8 trace_uuid[16];
extern const guint8 boot_uuid[16];
/* syscall_entry_openat: dfd, filename, flags, mode */
extern const LttvCtfField f_openat[4];

/* A new temporary folder (g_free). */
char *make_tmp(void);
/* Metadata with the uuids above and a kernel environment. */
LttvCtfMetadata *new_metadata(gint64 offset);
/* Runs babeltrace2 ARGS...; FALSE (test skipped) when it is not installed. */
gboolean run_bt2(const char *const *args, char **out, char **err);
/* test-ctf-writer-bytes.c: header bytes, short writes, full disk. */
void ctf_writer_add_byte_tests(void);

#endif
