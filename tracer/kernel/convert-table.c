/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How ftrace events become lttng-modules events: one line per event, read
 * by convert.c.  Field specs are "out=kind:source", where kind is an
 * integer type (s8..s64, u8..u64, x64 hex), prio (s32, ftrace prio - 100),
 * text (char[16] from a char array or __data_loc string), string,
 * tid (s32 common_pid), tgid (s32 tgid of the tid in source), childtgid
 * (s32 tgid of the forked child whose tid is in source), rwbs (u32 LTTng
 * bits from ftrace's letters), nsinum (u32 pid namespace inode), vtids
 * (u8 count + s32 child tid).  A "?" after the source makes the field
 * optional: left out when this kernel's format lacks the source field.
 * See reference/lttng-kernel-events.md. */
#include "tracer/kernel/convert-table.h"

#include <stddef.h>

const KConvMapping kconv_mappings[] = {
        {"sched", "sched_switch", "sched_switch",
         "prev_comm=text:prev_comm prev_tid=s32:prev_pid prev_prio=prio:prev_prio "
         "prev_state=s64:prev_state next_comm=text:next_comm next_tid=s32:next_pid "
         "next_prio=prio:next_prio"},
        {"sched", "sched_wakeup", "sched_wakeup",
         "comm=text:comm tid=s32:pid prio=prio:prio target_cpu=s32:target_cpu"},
        {"sched", "sched_wakeup_new", "sched_wakeup_new",
         "comm=text:comm tid=s32:pid prio=prio:prio target_cpu=s32:target_cpu"},
        {"sched", "sched_waking", "sched_waking",
         "comm=text:comm tid=s32:pid prio=prio:prio target_cpu=s32:target_cpu"},
        {"sched", "sched_migrate_task", "sched_migrate_task",
         "comm=text:comm tid=s32:pid prio=prio:prio orig_cpu=s32:orig_cpu dest_cpu=s32:dest_cpu"},
        {"sched", "sched_process_fork", "sched_process_fork",
         "parent_comm=text:parent_comm parent_tid=s32:parent_pid parent_pid=tgid:parent_pid "
         "parent_ns_inum=nsinum:parent_pid child_comm=text:child_comm child_tid=s32:child_pid "
         "vtids=vtids:child_pid child_pid=childtgid:child_pid child_ns_inum=nsinum:child_pid"},
        {"sched", "sched_process_exec", "sched_process_exec",
         "filename=string:filename tid=s32:pid old_tid=s32:old_pid"},
        {"sched", "sched_process_exit", "sched_process_exit",
         "comm=text:comm tid=s32:pid prio=prio:prio group_dead=u8:group_dead?"},
        {"sched", "sched_process_free", "sched_process_free",
         "comm=text:comm tid=s32:pid prio=prio:prio"},
        {"sched", "sched_process_wait", "sched_process_wait",
         "comm=text:comm tid=s32:pid prio=prio:prio"},
        {"sched", "sched_wait_task", "sched_wait_task",
         "comm=text:comm tid=s32:pid prio=prio:prio"},
        {"sched", "sched_stat_runtime", "sched_stat_runtime",
         "comm=text:comm tid=s32:pid runtime=u64:runtime vruntime=u64:vruntime?"},
        {"sched", "sched_pi_setprio", "sched_pi_setprio",
         "comm=text:comm tid=s32:pid oldprio=prio:oldprio newprio=prio:newprio"},
        {"sched", "sched_kthread_stop", "sched_kthread_stop", "comm=text:comm tid=s32:pid"},
        {"sched", "sched_kthread_stop_ret", "sched_kthread_stop_ret", "ret=s32:ret"},
        {"irq", "irq_handler_entry", "irq_handler_entry", "irq=s32:irq name=string:name"},
        {"irq", "irq_handler_exit", "irq_handler_exit", "irq=s32:irq ret=s32:ret"},
        {"irq", "softirq_entry", "irq_softirq_entry", "vec=u32:vec"},
        {"irq", "softirq_exit", "irq_softirq_exit", "vec=u32:vec"},
        {"irq", "softirq_raise", "irq_softirq_raise", "vec=u32:vec"},
        {"block", "block_rq_insert", "block_rq_insert",
         "dev=u32:dev sector=u64:sector nr_sector=u32:nr_sector bytes=u32:bytes tid=tid:common_pid "
         "rwbs=rwbs:rwbs comm=text:comm"},
        {"block", "block_rq_issue", "block_rq_issue",
         "dev=u32:dev sector=u64:sector nr_sector=u32:nr_sector bytes=u32:bytes tid=tid:common_pid "
         "rwbs=rwbs:rwbs comm=text:comm"},
        {"block", "block_rq_merge", "block_rq_merge",
         "dev=u32:dev sector=u64:sector nr_sector=u32:nr_sector bytes=u32:bytes tid=tid:common_pid "
         "rwbs=rwbs:rwbs comm=text:comm"},
        {"block", "block_rq_complete", "block_rq_complete",
         "dev=u32:dev sector=u64:sector nr_sector=u32:nr_sector error=s32:error rwbs=rwbs:rwbs"},
        {"block", "block_rq_requeue", "block_rq_requeue",
         "dev=u32:dev sector=u64:sector nr_sector=u32:nr_sector rwbs=rwbs:rwbs"},
        {"block", "block_bio_queue", "block_bio_queue",
         "dev=u32:dev sector=u64:sector nr_sector=u32:nr_sector rwbs=rwbs:rwbs tid=tid:common_pid "
         "comm=text:comm"},
        {"block", "block_bio_backmerge", "block_bio_backmerge",
         "dev=u32:dev sector=u64:sector nr_sector=u32:nr_sector rwbs=rwbs:rwbs tid=tid:common_pid "
         "comm=text:comm"},
        {"block", "block_bio_frontmerge", "block_bio_frontmerge",
         "dev=u32:dev sector=u64:sector nr_sector=u32:nr_sector rwbs=rwbs:rwbs tid=tid:common_pid "
         "comm=text:comm"},
        {"block", "block_bio_complete", "block_bio_complete",
         "dev=u32:dev sector=u64:sector nr_sector=u32:nr_sector error=s32:error rwbs=rwbs:rwbs"},
        {"power", "cpu_idle", "power_cpu_idle", "state=u32:state cpu_id=u32:cpu_id"},
        {"power", "cpu_frequency", "power_cpu_frequency", "state=u32:state cpu_id=u32:cpu_id"},
        {"timer", "timer_init", "timer_init", "timer=x64:timer"},
        {"timer", "timer_start", "timer_start",
         "timer=x64:timer function=x64:function expires=u64:expires "
         "bucket_expiry=u64:bucket_expiry? "
         "now=u64:now flags=u32:flags"},
        {"timer", "timer_expire_entry", "timer_expire_entry",
         "timer=x64:timer now=u64:now function=x64:function baseclk=u64:baseclk?"},
        {"timer", "timer_expire_exit", "timer_expire_exit", "timer=x64:timer"},
        {"timer", "timer_cancel", "timer_cancel", "timer=x64:timer"},
        {"timer", "hrtimer_setup", "timer_hrtimer_init",
         "hrtimer=x64:hrtimer clockid=s32:clockid mode=u32:mode"},
        {"timer", "hrtimer_init", "timer_hrtimer_init",
         "hrtimer=x64:hrtimer clockid=s32:clockid mode=u32:mode"},
        {"timer", "hrtimer_start", "timer_hrtimer_start",
         "hrtimer=x64:hrtimer function=x64:function expires=s64:expires "
         "softexpires=s64:softexpires "
         "mode=u32:mode was_armed=u8:was_armed?"},
        {"timer", "hrtimer_expire_entry", "timer_hrtimer_expire_entry",
         "hrtimer=x64:hrtimer now=s64:now function=x64:function"},
        {"timer", "hrtimer_expire_exit", "timer_hrtimer_expire_exit", "hrtimer=x64:hrtimer"},
        {"timer", "hrtimer_cancel", "timer_hrtimer_cancel", "hrtimer=x64:hrtimer"},
        {"kmem", "mm_page_alloc", "kmem_mm_page_alloc",
         "page=x64:page? pfn=u64:pfn order=u32:order gfp_flags=u32:gfp_flags "
         "migratetype=s32:migratetype"},
        {"kmem", "mm_page_free", "kmem_mm_page_free", "page=x64:page? pfn=u64:pfn order=u32:order"},
        {"kmem", "kmalloc", "kmem_kmalloc",
         "call_site=x64:call_site ptr=x64:ptr bytes_req=u64:bytes_req bytes_alloc=u64:bytes_alloc "
         "gfp_flags=u32:gfp_flags node=s32:node"},
        {"kmem", "kfree", "kmem_kfree", "call_site=x64:call_site ptr=x64:ptr"},
        {NULL, NULL, NULL, NULL},
};

/* The groups of -e: what each name enables (task_newtask is read for the
 * clone flags of forks and not written). */
const KConvGroup kconv_groups[] = {
        {"sched", "sched:sched_switch sched:sched_wakeup sched:sched_wakeup_new sched:sched_waking "
                  "sched:sched_migrate_task sched:sched_process_fork sched:sched_process_exec "
                  "sched:sched_process_exit sched:sched_process_free sched:sched_process_wait"},
        {"irq", "irq:irq_handler_entry irq:irq_handler_exit irq:softirq_entry irq:softirq_exit "
                "irq:softirq_raise"},
        {"syscall", "raw_syscalls:sys_enter raw_syscalls:sys_exit"},
        {"block", "block:block_rq_insert block:block_rq_issue block:block_rq_complete"},
        {"power", "power:cpu_idle power:cpu_frequency"},
        {"timer",
         "timer:timer_init timer:timer_start timer:timer_expire_entry timer:timer_expire_exit "
         "timer:timer_cancel timer:hrtimer_setup timer:hrtimer_init timer:hrtimer_start "
         "timer:hrtimer_expire_entry timer:hrtimer_expire_exit timer:hrtimer_cancel"},
        {NULL, NULL},
};
const char kconv_default_selection[] = "sched,irq,syscall,block,power";
