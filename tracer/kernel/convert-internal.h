/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The compiled conversion tables shared by convert.c (per record) and
 * convert-build.c (built once from the format files). */
#ifndef LTTV_TRACER_CONVERT_INTERNAL_H
#define LTTV_TRACER_CONVERT_INTERNAL_H

#include "tracer/kernel/convert.h"
#include "tracer/kernel/ftrace-format.h"

#define KCONV_SCRATCH (64 * 1024)

#define KSRC_TAIL 3 /* a flexible array: from off to the end of the payload */

typedef struct {
	guint16 off, size;
	guint8 loc; /* FtraceFieldLoc or KSRC_TAIL */
	gboolean is_signed;
} KSrc;

typedef enum {
	OP_INT,            /* integer source -> integer of size bytes */
	OP_PRIO,           /* s32 = source - 100 */
	OP_COMMON_PID,     /* s32 = common_pid */
	OP_TGID,           /* s32 = tgid of the tid in source */
	OP_CHILD_TGID,     /* s32 = tgid of the child tid in source (parent tid in aux) */
	OP_CONST,          /* integer k of size bytes */
	OP_VTIDS,          /* u8 1, s32 source */
	OP_TEXT,           /* char[size] from a char array or dynamic string */
	OP_STRING,         /* NUL-terminated string */
	OP_RWBS,           /* u32 LTTng rwbs bits from ftrace's letters */
	OP_BYTES,          /* fixed array: size bytes copied */
	OP_SEQ,            /* dynamic array: u8 count, count elements of k bytes */
	OP_SYSCALL_ARG,    /* integer of size bytes = raw syscall argument k */
	OP_SYSCALL_STRING, /* string argument k captured by eBPF */
	OP_COPY4,          /* OP_INT from a plain 4-byte field to 4 bytes */
	OP_COPY8,          /* OP_INT from a plain 8-byte field to 8 bytes */
} KOpKind;

typedef struct {
	guint8 kind;
	guint16 size;
	KSrc src, aux;
	guint64 k;
} KOp;

typedef enum {
	KSPECIAL_NONE,
	KSPECIAL_NEWTASK, /* task:task_newtask: clone flags, nothing written */
	KSPECIAL_SYS_ENTER,
	KSPECIAL_SYS_EXIT,
} KSpecial;

typedef struct {
	guint32 out_id;
	guint8 special;
	guint n_ops;
	KOp *ops;
	/* every op writes a fixed size, at most KCONV_SCRATCH - 64 bytes in all
	 * (no room check per op), and reads nothing past src_end of the record
	 * but strings (which check their bounds): a record at least that long
	 * is read without a check per field */
	gboolean fixed;
	guint32 src_end;
	KSrc sys_id, sys_args, sys_ret; /* raw_syscalls fields */
} KEvent;

typedef struct {
	guint64 ts;
	guint32 id, len;
	guint8 data[];
} KPending;

typedef struct {
	guint64 ts;
	guint32 nr, arg, len;
	char str[];
} KString;

struct KConv {
	char *tracefs;
	LttvCtfMetadata *meta;
	GPtrArray *ftrace_events; /* "system:event" to enable */
	GPtrArray *owned;         /* KEvent* and strings to free */
	const KEvent *by_ftrace_id[65536];
	KEvent **sys_entry, **sys_exit; /* by syscall number */
	const char **sys_names;         /* their kernel names (owned), by number */
	guint n_syscalls;
	GByteArray *string_masks; /* by syscall number */
	GArray *string_events;    /* LttvSyscallStringEvent, names owned */
	gboolean syscalls;
	guint32 unknown_entry_id, unknown_exit_id;
	KSrc newtask_pid, newtask_flags;
	guint32 ns_inum;
	/* state dump */
	guint32 sd_start_id, sd_end_id, sd_process_id, sd_interrupt_id, sd_block_id;
	GPtrArray *statedump; /* KPending*, in time order */
	/* shared between the CPUs' converters */
	GMutex lock;
	GHashTable *tgids;       /* tid -> tgid */
	GHashTable *clone_flags; /* child tid -> clone flags (task_newtask) */
	LttvSyscallStrings *strings; /* drained when a string is looked for */
	gboolean have_strings;       /* strings come from it or kconv_add_syscall_string */
	GHashTable *strings_by_tid; /* tid -> GQueue of KString* */
	/* the recorder's threads, whose system calls are left out: set
	 * before any conversion starts, read-only after */
	gint32 own_tids[KCONV_MAX_OWN_TIDS];
	guint n_own_tids;
	gint32 own_min, own_max; /* their range: most tids are rejected at once */
};

struct KConvCpu {
	KConv *conv;
	guint cpu;
	LttvCtfStream *stream;
	gboolean statedump;
	guint statedump_next;
	guint8 *scratch;
	guint64 events, unknown;
	guint64 dropped; /* events larger than a packet */
	KString *last_string;
};

/* convert-statedump.c: declares the state dump's event classes in the
 * metadata (their ids in c->sd_*_id). */
void kconv_declare_statedump(KConv *c);
gint32 kconv_tgid_of(KConv *c, gint32 tid);
void kconv_tgid_set(KConv *c, gint32 tid, gint32 tgid);
guint32 kconv_rwbs_bits(const char *s, guint32 n);

#endif
