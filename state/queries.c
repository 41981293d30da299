/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state engine's queries (include/lttv/state.h): its processes, CPUs,
 * IRQs, softirqs and disks as they are after the items applied so far. */
#include "state/state-internal.h"

guint lttv_state_n_traces(const LttvState *st)
{
	return st->n_traces;
}

guint lttv_state_n_processes(const LttvState *st, guint trace)
{
	return trace < st->n_traces ? st->traces[trace].all->len : 0;
}

const LttvProcess *lttv_state_process(const LttvState *st, guint trace, guint i)
{
	if (trace >= st->n_traces || i >= st->traces[trace].all->len)
		return NULL;
	return st->traces[trace].all->pdata[i];
}

const LttvProcess *lttv_state_find_tid(const LttvState *st, guint trace, int64_t tid)
{
	return trace < st->n_traces ? tid_table_get(&st->traces[trace].live, tid) : NULL;
}

int64_t lttv_process_tid(const LttvProcess *p)
{
	return p->tid;
}

int64_t lttv_process_pid(const LttvProcess *p)
{
	return p->pid;
}

int64_t lttv_process_ppid(const LttvProcess *p)
{
	return p->ppid;
}

const char *lttv_process_name(const LttvProcess *p)
{
	return p->name;
}

LttvProcessStatus lttv_process_status(const LttvProcess *p)
{
	return p->status;
}

gboolean lttv_process_uncertain(const LttvProcess *p)
{
	return p->uncertain;
}

gboolean lttv_process_kernel_thread(const LttvProcess *p)
{
	return p->kernel_thread;
}

int lttv_process_cpu(const LttvProcess *p)
{
	return p->cpu;
}

gboolean lttv_process_birth(const LttvProcess *p, LttvTime *t)
{
	*t = p->birth;
	return p->birth_known;
}

gboolean lttv_process_exit(const LttvProcess *p, LttvTime *t)
{
	*t = p->exit_time;
	return p->exited;
}

LttvTime lttv_process_cpu_time(const LttvProcess *p)
{
	return p->cpu_time;
}

guint lttv_process_stack_depth(const LttvProcess *p)
{
	return p->stack_len;
}

const LttvModeFrame *lttv_process_stack(const LttvProcess *p, guint level)
{
	return level < p->stack_len ? &p->stack[level] : NULL;
}

static const CpuState *cpu_at(const LttvState *st, guint trace, guint cpu)
{
	if (trace >= st->n_traces || cpu >= st->traces[trace].cpus->len)
		return NULL;
	return &g_array_index(st->traces[trace].cpus, CpuState, cpu);
}

guint lttv_state_n_cpus(const LttvState *st, guint trace)
{
	return trace < st->n_traces ? st->traces[trace].cpus->len : 0;
}

LttvCpuMode lttv_state_cpu_mode(const LttvState *st, guint trace, guint cpu)
{
	const CpuState *c = cpu_at(st, trace, cpu);

	return c ? state_cpu_mode(c) : LTTV_CPU_UNKNOWN;
}

const LttvProcess *lttv_state_cpu_running(const LttvState *st, guint trace, guint cpu)
{
	const CpuState *c = cpu_at(st, trace, cpu);

	return c ? c->running : NULL;
}

LttvTime lttv_state_cpu_idle_time(const LttvState *st, guint trace, guint cpu)
{
	const CpuState *c = cpu_at(st, trace, cpu);

	return c && c->idle ? c->idle->cpu_time : 0;
}

LttvTime lttv_state_cpu_busy_time(const LttvState *st, guint trace, guint cpu)
{
	const CpuState *c = cpu_at(st, trace, cpu);

	return c ? c->busy_time : 0;
}

guint lttv_state_n_irqs(const LttvState *st, guint trace)
{
	return trace < st->n_traces ? st->traces[trace].irqs->len : 0;
}

void lttv_state_irq(const LttvState *st, guint trace, guint i, LttvIrqInfo *out)
{
	const IrqState *s = &g_array_index(st->traces[trace].irqs, IrqState, i);

	out->irq = s->irq;
	out->name = s->name;
	out->busy = s->busy;
	out->cpu = s->cpu;
	out->count = s->count;
}

guint lttv_state_n_softirqs(const LttvState *st, guint trace)
{
	return trace < st->n_traces ? st->traces[trace].softirqs->len : 0;
}

void lttv_state_softirq(const LttvState *st, guint trace, guint i, LttvSoftirqInfo *out)
{
	const SoftirqState *s = &g_array_index(st->traces[trace].softirqs, SoftirqState, i);

	out->vec = i;
	out->name = state_softirq_name(i);
	out->pending = s->pending;
	out->running = s->running;
	out->count = s->count;
}

guint lttv_state_n_disks(const LttvState *st, guint trace)
{
	return trace < st->n_traces ? st->traces[trace].disks->len : 0;
}

void lttv_state_disk(const LttvState *st, guint trace, guint i, LttvDiskInfo *out)
{
	const DiskState *d = &g_array_index(st->traces[trace].disks, DiskState, i);

	out->dev = d->dev;
	out->name = d->name;
	out->mode = d->mode;
	out->pending = d->pending_reads + d->pending_writes;
	out->reads = d->reads;
	out->writes = d->writes;
	out->busy_reading = d->busy_reading;
	out->busy_writing = d->busy_writing;
}
