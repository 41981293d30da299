/* SPDX-License-Identifier: GPL-2.0-or-later */
/* System call numbers and names: the architecture's table (generated at
 * build time from <asm/unistd.h>) turned into the names the running
 * kernel uses for its syscall events (and LTTng for syscall_entry_*). */
#ifndef LTTV_TRACER_SYSCALLS_H
#define LTTV_TRACER_SYSCALLS_H

typedef struct {
	int nr;
	const char *name; /* the C library's name (<asm/unistd.h>) */
} LttvSyscallName;

extern const LttvSyscallName lttv_syscall_table[];
extern const unsigned lttv_syscall_table_len;

/* The kernel's name for a C library name, given whether the kernel has an
 * ftrace event sys_enter_<name> (has_event(name, data)): stat -> newstat,
 * sendfile -> sendfile64, umount2 -> umount...  Returns name itself when
 * no better one exists. */
const char *lttv_syscall_kernel_name(const char *name, int (*has_event)(const char *, void *),
                                     void *data, char *buf, unsigned buflen);

#endif
