/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ftrace format files copied verbatim from Linux 6.18 x86-64
 * (/sys/kernel/tracing/events/SYSTEM/EVENT/format, IDs included), a
 * synthetic __rel_loc event, the two header_page variants, and a fake
 * tracefs tree made of them in a temporary folder: shared by
 * tests/unit/test-ftrace.c and tests/fuzz/fuzz-ftrace.c. */
#ifndef LTTV_TESTS_FTRACE_FORMATS_H
#define LTTV_TESTS_FTRACE_FORMATS_H

#include <glib.h>
#include <glib/gstdio.h>

static const char fmt_sched_switch[] =
        "name: sched_switch\n"
        "ID: 372\n"
        "format:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
        "\n"
        "\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
        "\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n"
        "\tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;\n"
        "\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n"
        "\tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:0;\n"
        "\tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;\n"
        "\tfield:int next_prio;\toffset:60;\tsize:4;\tsigned:1;\n"
        "\n"
        "print fmt: \"prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s%s ==> next_comm=%s ne"
        "xt_pid=%d next_prio=%d\", REC->prev_comm, REC->prev_pid, REC->prev_prio, (REC->prev_st"
        "ate & ((((0x00000000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 "
        "| 0x00000020 | 0x00000040) + 1) << 1) - 1)) ? __print_flags(REC->prev_state & ((((0x00"
        "000000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 |"
        " 0x00000040) + 1) << 1) - 1), \"|\", { 0x00000001, \"S\" }, { 0x00000002, \"D\" }, { 0"
        "x00000004, \"T\" }, { 0x00000008, \"t\" }, { 0x00000010, \"X\" }, { 0x00000020, \"Z\" "
        "}, { 0x00000040, \"P\" }, { 0x00000080, \"I\" }) : \"R\", REC->prev_state & (((0x00000"
        "000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x"
        "00000040) + 1) << 1) ? \"+\" : \"\", REC->next_comm, REC->next_pid, REC->next_prio\n";
static const char fmt_sched_wakeup[] =
        "name: sched_wakeup\n"
        "ID: 374\n"
        "format:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
        "\n"
        "\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
        "\tfield:pid_t pid;\toffset:24;\tsize:4;\tsigned:1;\n"
        "\tfield:int prio;\toffset:28;\tsize:4;\tsigned:1;\n"
        "\tfield:int target_cpu;\toffset:32;\tsize:4;\tsigned:1;\n"
        "\n"
        "print fmt: \"comm=%s pid=%d prio=%d target_cpu=%03d\", REC->comm, REC->pid, REC->prio,"
        " REC->target_cpu\n";
static const char fmt_sched_process_exec[] =
        "name: sched_process_exec\n"
        "ID: 365\n"
        "format:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
        "\n"
        "\tfield:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;\n"
        "\tfield:pid_t pid;\toffset:12;\tsize:4;\tsigned:1;\n"
        "\tfield:pid_t old_pid;\toffset:16;\tsize:4;\tsigned:1;\n"
        "\n"
        "print fmt: \"filename=%s pid=%d old_pid=%d\", __get_str(filename), REC->pid, REC->old_"
        "pid\n";
static const char fmt_sched_process_fork[] =
        "name: sched_process_fork\n"
        "ID: 366\n"
        "format:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
        "\n"
        "\tfield:__data_loc char[] parent_comm;\toffset:8;\tsize:4;\tsigned:0;\n"
        "\tfield:pid_t parent_pid;\toffset:12;\tsize:4;\tsigned:1;\n"
        "\tfield:__data_loc char[] child_comm;\toffset:16;\tsize:4;\tsigned:0;\n"
        "\tfield:pid_t child_pid;\toffset:20;\tsize:4;\tsigned:1;\n"
        "\n"
        "print fmt: \"comm=%s pid=%d child_comm=%s child_pid=%d\", __get_str(parent_comm), REC-"
        ">parent_pid, __get_str(child_comm), REC->child_pid\n";
static const char fmt_sched_process_exit[] =
        "name: sched_process_exit\n"
        "ID: 369\n"
        "format:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
        "\n"
        "\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
        "\tfield:pid_t pid;\toffset:24;\tsize:4;\tsigned:1;\n"
        "\tfield:int prio;\toffset:28;\tsize:4;\tsigned:1;\n"
        "\tfield:bool group_dead;\toffset:32;\tsize:1;\tsigned:0;\n"
        "\n"
        "print fmt: \"comm=%s pid=%d prio=%d group_dead=%s\", REC->comm, REC->pid, REC->prio, R"
        "EC->group_dead ? \"true\" : \"false\"\n";
static const char fmt_task_newtask[] =
        "name: task_newtask\n"
        "ID: 205\n"
        "format:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
        "\n"
        "\tfield:pid_t pid;\toffset:8;\tsize:4;\tsigned:1;\n"
        "\tfield:char comm[16];\toffset:12;\tsize:16;\tsigned:0;\n"
        "\tfield:u64 clone_flags;\toffset:32;\tsize:8;\tsigned:0;\n"
        "\tfield:short oom_score_adj;\toffset:40;\tsize:2;\tsigned:1;\n"
        "\n"
        "print fmt: \"pid=%d comm=%s clone_flags=%llx oom_score_adj=%hd\", REC->pid, REC->comm,"
        " REC->clone_flags, REC->oom_score_adj\n";
static const char fmt_irq_handler_entry[] =
        "name: irq_handler_entry\n"
        "ID: 225\n"
        "format:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
        "\n"
        "\tfield:int irq;\toffset:8;\tsize:4;\tsigned:1;\n"
        "\tfield:__data_loc char[] name;\toffset:12;\tsize:4;\tsigned:0;\n"
        "\n"
        "print fmt: \"irq=%d name=%s\", REC->irq, __get_str(name)\n";
static const char fmt_softirq_entry[] =
        "name: softirq_entry\n"
        "ID: 223\n"
        "format:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
        "\n"
        "\tfield:unsigned int vec;\toffset:8;\tsize:4;\tsigned:0;\n"
        "\n"
        "print fmt: \"vec=%u [action=%s]\", REC->vec, __print_symbolic(REC->vec, { 0, \"HI\" },"
        " { 1, \"TIMER\" }, { 2, \"NET_TX\" }, { 3, \"NET_RX\" }, { 4, \"BLOCK\" }, { 5, \"IRQ_"
        "POLL\" }, { 6, \"TASKLET\" }, { 7, \"SCHED\" }, { 8, \"HRTIMER\" }, { 9, \"RCU\" })\n";
static const char fmt_block_rq_issue[] =
        "name: block_rq_issue\n"
        "ID: 2104\n"
        "format:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
        "\n"
        "\tfield:dev_t dev;\toffset:8;\tsize:4;\tsigned:0;\n"
        "\tfield:sector_t sector;\toffset:16;\tsize:8;\tsigned:0;\n"
        "\tfield:unsigned int nr_sector;\toffset:24;\tsize:4;\tsigned:0;\n"
        "\tfield:unsigned int bytes;\toffset:28;\tsize:4;\tsigned:0;\n"
        "\tfield:unsigned short ioprio;\toffset:32;\tsize:2;\tsigned:0;\n"
        "\tfield:char rwbs[10];\toffset:34;\tsize:10;\tsigned:0;\n"
        "\tfield:char comm[16];\toffset:44;\tsize:16;\tsigned:0;\n"
        "\tfield:__data_loc char[] cmd;\toffset:60;\tsize:4;\tsigned:0;\n"
        "\n"
        "print fmt: \"%d,%d %s %u (%s) %llu + %u %s,%u,%u [%s]\", ((unsigned int) ((REC->dev) >"
        "> 20)), ((unsigned int) ((REC->dev) & ((1U << 20) - 1))), REC->rwbs, REC->bytes, __get"
        "_str(cmd), (unsigned long long)REC->sector, REC->nr_sector, __print_symbolic((((REC->i"
        "oprio) >> 13) & (8 - 1)), { IOPRIO_CLASS_NONE, \"none\" }, { IOPRIO_CLASS_RT, \"rt\" }"
        ", { IOPRIO_CLASS_BE, \"be\" }, { IOPRIO_CLASS_IDLE, \"idle\" }, { IOPRIO_CLASS_INVALID"
        ", \"invalid\"}), (((REC->ioprio) >> 3) & ((1 << 10) - 1)), ((REC->ioprio) & ((1 << 3) "
        "- 1)), REC->comm\n";
static const char fmt_sys_enter[] =
        "name: sys_enter\n"
        "ID: 443\n"
        "format:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
        "\n"
        "\tfield:long id;\toffset:8;\tsize:8;\tsigned:1;\n"
        "\tfield:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;\n"
        "\n"
        "print fmt: \"NR %ld (%lx, %lx, %lx, %lx, %lx, %lx)\", REC->id, REC->args[0], REC->args"
        "[1], REC->args[2], REC->args[3], REC->args[4], REC->args[5]\n";
static const char fmt_sys_exit[] =
        "name: sys_exit\n"
        "ID: 442\n"
        "format:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
        "\n"
        "\tfield:long id;\toffset:8;\tsize:8;\tsigned:1;\n"
        "\tfield:long ret;\toffset:16;\tsize:8;\tsigned:1;\n"
        "\n"
        "print fmt: \"NR %ld = %ld\", REC->id, REC->ret\n";
static const char fmt_sys_enter_openat[] =
        "name: sys_enter_openat\n"
        "ID: 782\n"
        "format:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
        "\n"
        "\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
        "\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;\n"
        "\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
        "\tfield:int flags;\toffset:32;\tsize:8;\tsigned:0;\n"
        "\tfield:umode_t mode;\toffset:40;\tsize:8;\tsigned:0;\n"
        "\n"
        "print fmt: \"dfd: 0x%08lx, filename: 0x%08lx, flags: 0x%08lx, mode: 0x%08lx\", ((unsig"
        "ned long)(REC->dfd)), ((unsigned long)(REC->filename)), ((unsigned long)(REC->flags)),"
        " ((unsigned long)(REC->mode))\n";
static const char fmt_print[] =
        "name: print\n"
        "ID: 5\n"
        "format:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
        "\n"
        "\tfield:unsigned long ip;\toffset:8;\tsize:8;\tsigned:0;\n"
        "\tfield:char buf[];\toffset:16;\tsize:0;\tsigned:0;\n"
        "\n"
        "print fmt: \"%ps: %s\", (void *)REC->ip, REC->buf\n";

/* Not on this kernel (no event uses __rel_loc): the layout of a
 * __rel_loc string and array, offsets from the end of the field. */
static const char fmt_lttvtest_relloc[] =
        "name: relloc\n"
        "ID: 3000\n"
        "format:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
        "\n"
        "\tfield:__rel_loc char[] msg;\toffset:8;\tsize:4;\tsigned:0;\n"
        "\tfield:int value;\toffset:12;\tsize:4;\tsigned:1;\n"
        "\tfield:__rel_loc u32[] vals;\toffset:16;\tsize:4;\tsigned:0;\n"
        "\n"
        "print fmt: \"msg=%s value=%d\", __get_rel_str(msg), REC->value\n";

/* events/header_page of a 64-bit kernel (verbatim) and of a 32-bit one. */
static const char header_page_64[] = "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
                                     "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
                                     "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
                                     "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n";
static const char header_page_32[] = "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
                                     "\tfield: local_t commit;\toffset:8;\tsize:4;\tsigned:1;\n"
                                     "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
                                     "\tfield: char data;\toffset:12;\tsize:4084;\tsigned:0;\n";

/* The IDs of the formats above. */
enum {
	ID_PRINT = 5,
	ID_TASK_NEWTASK = 205,
	ID_SOFTIRQ_ENTRY = 223,
	ID_IRQ_HANDLER_ENTRY = 225,
	ID_SCHED_PROCESS_EXEC = 365,
	ID_SCHED_PROCESS_FORK = 366,
	ID_SCHED_PROCESS_EXIT = 369,
	ID_SCHED_SWITCH = 372,
	ID_SCHED_WAKEUP = 374,
	ID_SYS_EXIT = 442,
	ID_SYS_ENTER = 443,
	ID_SYS_ENTER_OPENAT = 782,
	ID_BLOCK_RQ_ISSUE = 2104,
	ID_RELLOC = 3000,
};

static const struct {
	const char *system, *event, *text;
} fake_tracefs_events[] = {
        {"sched", "sched_switch", fmt_sched_switch},
        {"sched", "sched_wakeup", fmt_sched_wakeup},
        {"sched", "sched_process_exec", fmt_sched_process_exec},
        {"sched", "sched_process_fork", fmt_sched_process_fork},
        {"sched", "sched_process_exit", fmt_sched_process_exit},
        {"task", "task_newtask", fmt_task_newtask},
        {"irq", "irq_handler_entry", fmt_irq_handler_entry},
        {"irq", "softirq_entry", fmt_softirq_entry},
        {"block", "block_rq_issue", fmt_block_rq_issue},
        {"raw_syscalls", "sys_enter", fmt_sys_enter},
        {"raw_syscalls", "sys_exit", fmt_sys_exit},
        {"syscalls", "sys_enter_openat", fmt_sys_enter_openat},
        {"ftrace", "print", fmt_print},
        {"lttvtest", "relloc", fmt_lttvtest_relloc},
};

/* Writes ROOT/events/SYSTEM/EVENT/format; FALSE on failure. */
static G_GNUC_UNUSED gboolean fake_tracefs_add(const char *root, const char *system,
                                               const char *event, const char *text)
{
	g_autofree char *dir = g_build_filename(root, "events", system, event, NULL);
	g_autofree char *path = g_build_filename(dir, "format", NULL);

	return g_mkdir_with_parents(dir, 0755) == 0 && g_file_set_contents(path, text, -1, NULL);
}

/* A temporary folder laid out like tracefs: events/header_page and the
 * format files above; NULL on failure.  Remove it with fake_tracefs_free. */
static G_GNUC_UNUSED char *fake_tracefs_new(void)
{
	char *root = g_dir_make_tmp("lttv-tracefs-XXXXXX", NULL);
	g_autofree char *hp = NULL;
	g_autofree char *inst = NULL;
	g_autofree char *events = NULL;

	if (!root)
		return NULL;
	hp = g_build_filename(root, "events", "header_page", NULL);
	inst = g_build_filename(root, "instances", NULL);
	events = g_build_filename(root, "events", NULL);
	if (g_mkdir_with_parents(inst, 0755) != 0 || g_mkdir_with_parents(events, 0755) != 0 ||
	    !g_file_set_contents(hp, header_page_64, -1, NULL))
		goto fail;
	for (gsize i = 0; i < G_N_ELEMENTS(fake_tracefs_events); i++)
		if (!fake_tracefs_add(root, fake_tracefs_events[i].system,
		                      fake_tracefs_events[i].event, fake_tracefs_events[i].text))
			goto fail;
	return root;
fail:
	g_free(root);
	return NULL;
}

/* rm -rf PATH (what the tests and fuzz targets create: no symbolic links) */
static G_GNUC_UNUSED void fake_tracefs_rm_rf(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	const char *name;

	if (d) {
		while ((name = g_dir_read_name(d))) {
			g_autofree char *p = g_build_filename(path, name, NULL);

			fake_tracefs_rm_rf(p);
		}
		g_dir_close(d);
	}
	g_remove(path);
}

#endif
