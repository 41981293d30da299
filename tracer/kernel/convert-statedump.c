/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state dump's LTTng event classes, and its events (threads from
 * /proc, interrupts, block devices) kept in time order until the first
 * CPU's converter merges them into its stream. */
#include "tracer/kernel/convert-internal.h"

#include <string.h>
#include <unistd.h>

void kconv_declare_statedump(KConv *c)
{
	static const LttvCtfField process[] = {
	        {"tid", LTTV_CTF_FIELD_INT, 32, TRUE, 10, 0},
	        {"pid", LTTV_CTF_FIELD_INT, 32, TRUE, 10, 0},
	        {"ppid", LTTV_CTF_FIELD_INT, 32, TRUE, 10, 0},
	        {"name", LTTV_CTF_FIELD_TEXT_ARRAY, 8, TRUE, 10, 16},
	        {"type", LTTV_CTF_FIELD_INT, 32, TRUE, 10, 0},
	        {"mode", LTTV_CTF_FIELD_INT, 32, TRUE, 10, 0},
	        {"submode", LTTV_CTF_FIELD_INT, 32, TRUE, 10, 0},
	        {"status", LTTV_CTF_FIELD_INT, 32, TRUE, 10, 0},
	        {"cpu", LTTV_CTF_FIELD_INT, 32, FALSE, 10, 0},
	        {"file_table_address", LTTV_CTF_FIELD_INT, 64, FALSE, 16, 0},
	        /* ours, after LTTng's fields: the system call of a thread
	         * dumped in one (mode 1), "" otherwise */
	        {"syscall", LTTV_CTF_FIELD_STRING, 8, FALSE, 10, 0},
	};
	static const LttvCtfField interrupt[] = {
	        {"irq", LTTV_CTF_FIELD_INT, 32, FALSE, 10, 0},
	        {"name", LTTV_CTF_FIELD_STRING, 8, FALSE, 10, 0},
	        {"action", LTTV_CTF_FIELD_STRING, 8, FALSE, 10, 0},
	        {"tid", LTTV_CTF_FIELD_INT, 32, TRUE, 10, 0},
	};
	static const LttvCtfField block[] = {
	        {"dev", LTTV_CTF_FIELD_INT, 32, FALSE, 10, 0},
	        {"diskname", LTTV_CTF_FIELD_STRING, 8, FALSE, 10, 0},
	};
	c->sd_start_id = lttv_ctf_metadata_add_event(c->meta, "lttng_statedump_start", NULL, 0);
	c->sd_process_id = lttv_ctf_metadata_add_event(c->meta, "lttng_statedump_process_state",
	                                               process, G_N_ELEMENTS(process));
	c->sd_interrupt_id = lttv_ctf_metadata_add_event(c->meta, "lttng_statedump_interrupt",
	                                                 interrupt, G_N_ELEMENTS(interrupt));
	c->sd_block_id = lttv_ctf_metadata_add_event(c->meta, "lttng_statedump_block_device", block,
	                                             G_N_ELEMENTS(block));
	c->sd_end_id = lttv_ctf_metadata_add_event(c->meta, "lttng_statedump_end", NULL, 0);
}

static void pending_add(KConv *c, guint32 id, guint64 ts, const guint8 *data, gsize len)
{
	KPending *e = g_malloc(sizeof(KPending) + len);
	/* the dump's own clock reads never go backwards, but keep order anyway */
	if (c->statedump->len) {
		const KPending *last = c->statedump->pdata[c->statedump->len - 1];
		ts = MAX(ts, last->ts);
	}
	e->ts = ts;
	e->id = id;
	e->len = (guint32)len;
	if (len) /* data is NULL for the start and end events */
		memcpy(e->data, data, len);
	g_ptr_array_add(c->statedump, e);
}

void kconv_statedump_begin(KConv *c, guint64 ts)
{
	pending_add(c, c->sd_start_id, ts, NULL, 0);
}

void kconv_statedump_end(KConv *c, guint64 ts)
{
	pending_add(c, c->sd_end_id, ts, NULL, 0);
}

void kconv_statedump_process(KConv *c, guint64 ts, const LttvDumpProcess *p)
{
	guint8 buf[64 + 128], *o = buf;
	gint32 mode = p->mode;
	const char *sys = "";
	size_t len;

	/* a thread asleep in a system call is in it until its exit event,
	 * which only a recording of the system calls will show (and never
	 * for the recorder's own threads, whose calls the trace leaves out) */
	if (c->syscalls && p->in_syscall && p->syscall_nr >= 0 &&
	    (guint)p->syscall_nr < c->n_syscalls && c->sys_names[p->syscall_nr] &&
	    p->pid != (gint32)getpid()) {
		mode = 1; /* LTTNG_SYSCALL */
		sys = c->sys_names[p->syscall_nr];
	}
	o = lttv_ctf_put_u32(o, (guint32)p->tid);
	o = lttv_ctf_put_u32(o, (guint32)p->pid);
	o = lttv_ctf_put_u32(o, (guint32)p->ppid);
	memcpy(o, p->name, 16);
	o += 16;
	o = lttv_ctf_put_u32(o, (guint32)p->type);
	o = lttv_ctf_put_u32(o, (guint32)mode);
	o = lttv_ctf_put_u32(o, (guint32)p->submode);
	o = lttv_ctf_put_u32(o, (guint32)p->status);
	o = lttv_ctf_put_u32(o, p->cpu);
	o = lttv_ctf_put_u64(o, p->file_table_address);
	len = MIN(strlen(sys), 127);
	memcpy(o, sys, len);
	o[len] = '\0';
	o += len + 1;
	pending_add(c, c->sd_process_id, ts, buf, (gsize)(o - buf));
	kconv_tgid_set(c, p->tid, p->pid);
}

void kconv_statedump_interrupt(KConv *c, guint64 ts, const LttvDumpInterrupt *irq)
{
	g_autoptr(GByteArray) b = g_byte_array_new();
	guint8 w[4];
	lttv_ctf_put_u32(w, irq->irq);
	g_byte_array_append(b, w, 4);
	g_byte_array_append(b, (const guint8 *)irq->chip, (guint)strlen(irq->chip) + 1);
	g_byte_array_append(b, (const guint8 *)irq->action, (guint)strlen(irq->action) + 1);
	lttv_ctf_put_u32(w, 0);
	g_byte_array_append(b, w, 4);
	pending_add(c, c->sd_interrupt_id, ts, b->data, b->len);
}

void kconv_statedump_block_device(KConv *c, guint64 ts, const LttvDumpBlockDevice *dev)
{
	g_autoptr(GByteArray) b = g_byte_array_new();
	guint8 w[4];
	lttv_ctf_put_u32(w, dev->dev);
	g_byte_array_append(b, w, 4);
	g_byte_array_append(b, (const guint8 *)dev->diskname, (guint)strlen(dev->diskname) + 1);
	pending_add(c, c->sd_block_id, ts, b->data, b->len);
}
