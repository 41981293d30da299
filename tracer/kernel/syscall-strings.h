/* SPDX-License-Identifier: GPL-2.0-or-later */
/* System call string arguments (file names...) captured in the kernel at
 * syscall entry by a small eBPF program on the raw sys_enter tracepoint,
 * delivered through a BPF ring buffer: ftrace's syscall events only carry
 * the user pointer, and this kernel may lack kprobes/eprobes. */
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

/* arg_mask[nr] (nr < n_nr): bit k set = argument k of syscall nr is a user
 * string to capture.  Loads and attaches the program; fails with a clear
 * message when BPF is unavailable (the caller records without strings). */
LttvSyscallStrings *lttv_syscall_strings_open(const guint8 *arg_mask, guint n_nr, GError **error);
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
