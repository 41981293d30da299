/* SPDX-License-Identifier: GPL-2.0-or-later */
/* System call string arguments (file names...) captured in the kernel at
 * syscall entry by small eBPF programs attached to ftrace's per-syscall
 * events (syscalls:sys_enter_<name>), so that the other system calls pay
 * nothing, or else to the raw sys_enter tracepoint; delivered through a BPF
 * ring buffer: ftrace's syscall events only carry the user pointer, and this
 * kernel may lack kprobes/eprobes.  See doc/syscall-strings.md. */
#ifndef LTTV_TRACER_SYSCALL_STRINGS_H
#define LTTV_TRACER_SYSCALL_STRINGS_H

#include <glib.h>

#define LTTV_SYSCALL_STRING_MAX 4096 /* bytes kept per string, NUL included */

typedef struct LttvSyscallStrings LttvSyscallStrings;

typedef struct {
	guint64 ts; /* CLOCK_MONOTONIC ns (bpf_ktime_get_ns), same clock as trace_clock=mono */
	gint32 tid;
	guint32 nr;      /* syscall number (native ABI) */
	guint32 arg;     /* argument index 0..5 */
	guint32 len;     /* string length without the NUL (0 if unreadable) */
	const char *str; /* NUL-terminated, valid during the callback */
} LttvSyscallString;

/* One system call whose string arguments are wanted. */
typedef struct {
	guint32 nr;        /* syscall number (native ABI), as in the records */
	const char *event; /* its ftrace event under events/syscalls/: "sys_enter_openat" */
	guint8 arg_mask;   /* bit k set = argument k (k-th argument field of the event) */
} LttvSyscallStringEvent;

typedef enum {
	/* one program run by the ftrace syscall events given, on every CPU:
	 * the other system calls do not run it */
	LTTV_SYSCALL_STRINGS_PER_SYSCALL,
	/* one program on the raw sys_enter tracepoint: every system call of
	 * the machine runs it (about 25 ns) and most stop at its first lookup */
	LTTV_SYSCALL_STRINGS_ALL_SYSCALLS,
} LttvSyscallStringsAttach;

/* Loads the programs and attaches them to the ftrace events given, found in
 * tracefs (its mount point: lttv_tracefs_find()).  An event that cannot be attached (no such event...) is
 * skipped; if none can, or perf events are refused, falls back to the raw
 * sys_enter tracepoint.  Either is told by lttv_syscall_strings_warning.
 * Fails with a clear message when BPF is unavailable (the caller records
 * without strings). */
LttvSyscallStrings *lttv_syscall_strings_open_events(const LttvSyscallStringEvent *events,
                                                     guint n_events, const char *tracefs,
                                                     GError **error);
/* arg_mask[nr] (nr < n_nr): bit k set = argument k of syscall nr is a user
 * string to capture.  Without the event names, attaches to the raw sys_enter
 * tracepoint (LTTV_SYSCALL_STRINGS_ALL_SYSCALLS). */
LttvSyscallStrings *lttv_syscall_strings_open(const guint8 *arg_mask, guint n_nr, GError **error);
LttvSyscallStringsAttach lttv_syscall_strings_attach(const LttvSyscallStrings *s);
/* How many ftrace syscall events run the program (0 on the raw tracepoint). */
guint lttv_syscall_strings_n_events(const LttvSyscallStrings *s);
/* What the caller should know (events skipped, fallback to the raw
 * tracepoint and why), or NULL. */
const char *lttv_syscall_strings_warning(const LttvSyscallStrings *s);
/* pid to leave out (the recorder itself), 0 for none. */
void lttv_syscall_strings_ignore_tgid(LttvSyscallStrings *s, gint32 tgid);
/* A descriptor that polls readable when records are waiting. */
int lttv_syscall_strings_fd(const LttvSyscallStrings *s);
/* Calls cb for every record waiting, in the order they were written;
 * returns how many.  Thread-safe against concurrent calls (serialized). */
guint lttv_syscall_strings_drain(LttvSyscallStrings *s,
                                 void (*cb)(const LttvSyscallString *rec, gpointer user_data),
                                 gpointer user_data);
/* Records the kernel could not store (ring buffer full). */
guint64 lttv_syscall_strings_lost(const LttvSyscallStrings *s);
/* Stops capturing; the records already written can still be drained. */
void lttv_syscall_strings_detach(LttvSyscallStrings *s);
/* Detaches and frees everything; NULL is accepted. */
void lttv_syscall_strings_close(LttvSyscallStrings *s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(LttvSyscallStrings, lttv_syscall_strings_close)

#endif
