/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What syscall-strings.c (maps, loading, attaching, the ring buffer) and
 * syscall-strings-asm.c (the eBPF programs, assembled by hand) share. */
#ifndef LTTV_TRACER_SYSCALL_STRINGS_INTERNAL_H
#define LTTV_TRACER_SYSCALL_STRINGS_INTERNAL_H

#include "tracer/kernel/syscall-strings.h"

#include <linux/bpf.h>

/* Jumps name a label; the offsets are filled in once the program is whole. */
#define MAX_INSNS  512
#define MAX_LABELS 32
typedef struct {
	struct bpf_insn insn[MAX_INSNS];
	guint n;
	gint label[MAX_LABELS];   /* instruction index, -1 while not placed */
	guint8 target[MAX_INSNS]; /* label of the jump at this index */
	gboolean overflow;
} Asm;

/* The record as the program writes it: the public header, then the string
 * with its NUL.  Only 24 + length + 1 bytes go through the ring buffer. */
typedef struct {
	guint64 ts;
	gint32 tid;
	guint32 nr;
	guint32 arg;
	guint32 len;
} RecordHeader;
G_STATIC_ASSERT(sizeof(RecordHeader) == 24);
#define SCRATCH_SIZE (sizeof(RecordHeader) + LTTV_SYSCALL_STRING_MAX)

#define RING_SIZE (4u << 20) /* a power of two, a multiple of the page size */

typedef struct {
	int mask, config, scratch, lost, ring;
} MapFds;

/* Whether this architecture has a raw-tracepoint program (x86-64: the
 * argument registers of struct pt_regs). */
#if defined(__x86_64__)
#define HAVE_ARCH 1
#else
#define HAVE_ARCH 0
#endif

/* The program on the raw sys_enter tracepoint (every system call), and the
 * one for syscall events whose string arguments (mask) are at off[]; FALSE
 * when it does not assemble. */
gboolean lttv_sysstr_assemble_raw(Asm *a, const MapFds *m);
gboolean lttv_sysstr_assemble_tp(Asm *a, const MapFds *m, guint8 mask, const guint16 off[6]);

#endif
