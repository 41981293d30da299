/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Converting ftrace records into lttng-modules events: which ftrace events
 * to enable for an event selection, the CTF event classes they become, and
 * the per-record conversion (names, field types, prio - 100, tids and tgids,
 * rwbs bits, syscall numbers to names). */
#ifndef LTTV_TRACER_CONVERT_H
#define LTTV_TRACER_CONVERT_H

#include "tracer/ctf/ctf-writer.h"
#include "tracer/kernel/statedump.h"
#include "tracer/kernel/syscall-strings.h"

#include <glib.h>

typedef struct KConv KConv;

/* One selection item: "sched", "irq", "syscall", "block", "power", "timer",
 * or "SUBSYS:EVENT" ("SUBSYS:*" for a whole subsystem). */
gboolean kconv_selection_valid(const char *item, const char *tracefs, GError **error);

/* Reads the formats of every ftrace event the selection needs and declares
 * the LTTng event classes in meta. */
KConv *kconv_new(const char *tracefs, const char *const *selection, LttvCtfMetadata *meta,
                 GError **error);
void kconv_free(KConv *c);
/* The ftrace events to enable ("system:event" lines for set_event). */
const GPtrArray *kconv_ftrace_events(const KConv *c);
/* Whether the selection records system calls (and so wants their strings). */
gboolean kconv_wants_syscall_strings(const KConv *c);
/* arg_mask[nr] for lttv_syscall_strings_open: string arguments per syscall */
GByteArray *kconv_syscall_string_masks(const KConv *c);
/* The same as (nr, ftrace event, mask) for lttv_syscall_strings_open_events;
 * valid as long as c. */
const LttvSyscallStringEvent *kconv_syscall_string_events(const KConv *c, guint *n_events);
void kconv_set_syscall_strings(KConv *c, LttvSyscallStrings *strings);
/* Or one by one, captured earlier (a spool), before converting. */
void kconv_add_syscall_string(KConv *c, const LttvSyscallString *rec);
/* Leaves out the system calls of thread `tid` (the recorder's own, which
 * would otherwise feed back into the trace).  Call before any conversion
 * starts; FALSE when KCONV_MAX_OWN_TIDS are already registered. */
#define KCONV_MAX_OWN_TIDS 1024
gboolean kconv_ignore_syscalls_of(KConv *c, gint32 tid);

/* State dump records feed the tid -> tgid map and become events (on the
 * stream given to kconv_cpu_new with statedump = TRUE). */
void kconv_statedump_begin(KConv *c, guint64 ts);
void kconv_statedump_process(KConv *c, guint64 ts, const LttvDumpProcess *p);
void kconv_statedump_interrupt(KConv *c, guint64 ts, const LttvDumpInterrupt *irq);
void kconv_statedump_block_device(KConv *c, guint64 ts, const LttvDumpBlockDevice *dev);
void kconv_statedump_end(KConv *c, guint64 ts);

typedef struct KConvCpu KConvCpu;
/* The converter of one CPU, writing into stream (owned by the caller). */
KConvCpu *kconv_cpu_new(KConv *c, guint cpu, LttvCtfStream *stream, gboolean statedump);
void kconv_cpu_free(KConvCpu *cc);
/* Converts one ftrace record; FALSE with error set when the stream cannot
 * be written (disk full...).  Records of unknown ids are counted, not fatal. */
gboolean kconv_cpu_record(KConvCpu *cc, guint64 ts, const guint8 *payload, guint32 len,
                          GError **error);
/* Writes the state dump events still pending (those after the last record). */
gboolean kconv_cpu_finish(KConvCpu *cc, GError **error);
guint64 kconv_cpu_events(const KConvCpu *cc);
guint64 kconv_cpu_unknown(const KConvCpu *cc);
/* Events dropped because they do not fit in a packet (counted as lost). */
guint64 kconv_cpu_dropped(const KConvCpu *cc);

#endif
