/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state dump of lttv-trace record -k: /proc/<pid>/stat parsing, a fake
 * /proc + /sys tree, and the real /proc with this process and a thread. */
#include "tracer/kernel/statedump.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A full 52-field stat line, as Linux 6.x writes it. */
static char *stat_line(int tid, const char *comm, char state, int ppid, guint flags, guint cpu)
{
	GString *s = g_string_new(NULL);

	g_string_append_printf(s, "%d (%s) %c %d %d %d 0 -1 %u", tid, comm, state, ppid, ppid, ppid,
	                       flags);
	for (int field = 10; field <= 52; field++) {
		switch (field) {
		case 18: g_string_append(s, " 20"); break; /* priority */
		case 20: g_string_append(s, " 1"); break;  /* num_threads */
		case 25: g_string_append(s, " 18446744073709551615"); break;
		case 28: g_string_append(s, " 140732392731632"); break;
		case 38: g_string_append(s, " 17"); break; /* exit_signal */
		case 39: g_string_append_printf(s, " %u", cpu); break;
		default: g_string_append(s, " 0"); break;
		}
	}
	g_string_append_c(s, '\n');
	return g_string_free(s, FALSE);
}

static void parse_ok(const char *line, LttvDumpProcess *p)
{
	g_assert_true(lttv_statedump_parse_stat(line, p));
}

/* The name as a string, checking it is NUL-terminated within 16 bytes. */
static const char *name_of(const LttvDumpProcess *p)
{
	g_assert_nonnull(memchr(p->name, '\0', sizeof p->name));
	return p->name;
}

static void test_stat_comm(void)
{
	static const struct {
		const char *comm, *name;
	} cases[] = {
	        {"a) b (c", "a) b (c"},
	        {"my proc", "my proc"},
	        {"abcdefghijklmno", "abcdefghijklmno"},
	        {"", ""},
	        {"x) R 99 (", "x) R 99 ("},
	        {"((", "(("},
	        {"))", "))"},
	        /* kernel threads may show their full name: LTTng keeps 15 bytes */
	        {"irq/123-nvme0q1-longname", "irq/123-nvme0q1"},
	        /* not a workqueue worker (no PF_WQ_WORKER): plain truncation */
	        {"kworker/0:1-events", "kworker/0:1-eve"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *line = stat_line(4242, cases[i].comm, 'S', 7, 0x400100, 3);
		LttvDumpProcess p;

		parse_ok(line, &p);
		g_assert_cmpstr(name_of(&p), ==, cases[i].name);
		g_assert_cmpint(p.tid, ==, 4242);
		g_assert_cmpint(p.ppid, ==, 7);
		g_assert_cmpuint(p.cpu, ==, 3);
		g_assert_cmpint(p.mode, ==, 5);
		g_assert_cmpint(p.submode, ==, 0);
		g_assert_cmpint(p.type, ==, 0);
	}
}

/* Workqueue workers show "+desc"/"-desc" after their comm. */
static void test_stat_kworker(void)
{
	static const struct {
		const char *comm, *name;
	} cases[] = {
	        {"kworker/0:1-events", "kworker/0:1"},
	        {"kworker/u8:2+flush-253:0", "kworker/u8:2"},
	        {"kworker/1:0H-kblockd", "kworker/1:0H"},
	        {"kworker/3:2", "kworker/3:2"},
	        {"kworker/R-rcu_gp", "kworker/R-rcu_g"},
	        {"kworker/R-mm_percpu_wq", "kworker/R-mm_pe"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		/* PF_KTHREAD | PF_WQ_WORKER | PF_NOFREEZE... as a real kworker */
		g_autofree char *line = stat_line(50, cases[i].comm, 'I', 2, 0x04208060, 0);
		LttvDumpProcess p;

		parse_ok(line, &p);
		g_assert_cmpstr(name_of(&p), ==, cases[i].name);
		g_assert_cmpint(p.type, ==, 1);
	}
}

static void test_stat_flags(void)
{
	static const struct {
		guint flags;
		int type;
	} cases[] = {
	        {0x208040, 1},   /* kthreadd */
	        {0x00200000, 1}, /* PF_KTHREAD alone */
	        {0x400100, 0},   /* a user process (PF_RANDOMIZE | PF_FORKNOEXEC) */
	        {0, 0},          {0xffdfffff, 0}, /* every bit but PF_KTHREAD */
	        {0xffffffff, 1},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *line = stat_line(2, "kthreadd", 'S', 0, cases[i].flags, 1);
		LttvDumpProcess p;

		parse_ok(line, &p);
		g_assert_cmpint(p.type, ==, cases[i].type);
	}
}

static void test_stat_states(void)
{
	static const struct {
		char state;
		int status;
	} cases[] = {
	        {'R', 2}, {'S', 5}, {'D', 5}, {'I', 5}, {'Z', 4}, {'X', 7},
	        {'T', 0}, {'t', 0}, {'P', 0}, {'W', 0}, {'K', 0},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *line = stat_line(10, "st", cases[i].state, 1, 0, 0);
		LttvDumpProcess p;

		parse_ok(line, &p);
		g_assert_cmpint(p.status, ==, cases[i].status);
	}
}

static void test_stat_real_line(void)
{
	/* verbatim from a 6.x kernel, no trailing newline */
	static const char line[] =
	        "31172 (cat) R 31168 31168 24353 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 34141 "
	        "3133440 393 18446744073709551615 94035412000768 94035412020649 140732392731632 0 "
	        "0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 94035412036656 94035412038272 94036299522048 "
	        "140732392737223 140732392737243 140732392737243 140732392738795 0";
	LttvDumpProcess p;

	parse_ok(line, &p);
	g_assert_cmpint(p.tid, ==, 31172);
	g_assert_cmpint(p.ppid, ==, 31168);
	g_assert_cmpstr(name_of(&p), ==, "cat");
	g_assert_cmpint(p.status, ==, 2);
	g_assert_cmpint(p.type, ==, 0);
	g_assert_cmpuint(p.cpu, ==, 1);
	/* the caller's fields are left zero */
	g_assert_cmpint(p.pid, ==, 0);
	g_assert_cmpuint(p.file_table_address, ==, 0);
}

static void test_stat_malformed(void)
{
	static const char *const bad[] = {
	        "",
	        "abc",
	        "12",
	        "12 abc",
	        "12 (x",
	        "-3 (x) S 1 1 1 0 -1 0",
	        "0 (x) S",
	        "12 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0", /* truncated */
	        "99999999999 (x) S 1",
	};
	g_autofree char *ok = stat_line(5, "x", 'S', 1, 0, 0);
	g_autofree char *two_letters = g_strconcat("5 (x) SS", ok + strlen("5 (x) S"), NULL);
	g_autofree char *bad_ppid = g_strconcat("5 (x) S z", ok + strlen("5 (x) S 1"), NULL);
	g_autofree char *bad_cpu = stat_line(5, "x", 'S', 1, 0, 0);
	LttvDumpProcess p;

	parse_ok(ok, &p);
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
		g_assert_false(lttv_statedump_parse_stat(bad[i], &p));
	g_assert_false(lttv_statedump_parse_stat(two_letters, &p));
	/* field 39 (processor) is the 37th after ')': make it negative */
	{
		char *q = strrchr(bad_cpu, ')') + 1;

		for (int field = 3; field < 39; field++)
			q = strchr(q + 1, ' ');
		g_assert_cmpint(q[1], ==, '0');
		q[1] = '-';
	}
	g_assert_false(lttv_statedump_parse_stat(bad_cpu, &p));
	g_assert_false(lttv_statedump_parse_stat(bad_ppid, &p));
}

/* ---------------------------------------------------------------- fake tree */

/* Collects every record as one line of text, to compare with the expected
 * dump at once. */
typedef struct {
	GString *processes, *interrupts, *devices;
	int stop_after; /* processes to accept before stopping, or -1 */
} Collect;

static gboolean on_process(const LttvDumpProcess *p, gpointer user_data)
{
	Collect *c = user_data;

	g_assert_nonnull(memchr(p->name, '\0', sizeof p->name));
	g_string_append_printf(c->processes,
	                       "%d %d %d [%s] %d %d %d %d %u %" G_GUINT64_FORMAT " sc=%d\n", p->tid,
	                       p->pid, p->ppid, p->name, p->type, p->mode, p->submode, p->status,
	                       p->cpu, p->file_table_address, p->syscall_nr);
	return c->stop_after < 0 || --c->stop_after > 0;
}

static gboolean on_interrupt(const LttvDumpInterrupt *irq, gpointer user_data)
{
	Collect *c = user_data;

	g_string_append_printf(c->interrupts, "%u [%s] [%s]\n", irq->irq, irq->chip, irq->action);
	return TRUE;
}

static gboolean on_block_device(const LttvDumpBlockDevice *dev, gpointer user_data)
{
	Collect *c = user_data;

	g_string_append_printf(c->devices, "%u:%u %s\n", dev->dev >> 20, dev->dev & 0xfffff,
	                       dev->diskname);
	return TRUE;
}

static const LttvDumpCallbacks all_callbacks = {on_process, on_interrupt, on_block_device};

static void collect_init(Collect *c)
{
	c->processes = g_string_new(NULL);
	c->interrupts = g_string_new(NULL);
	c->devices = g_string_new(NULL);
	c->stop_after = -1;
}

static void collect_clear(Collect *c)
{
	g_string_free(c->processes, TRUE);
	g_string_free(c->interrupts, TRUE);
	g_string_free(c->devices, TRUE);
}

static void put_file(const char *root, const char *path, const char *content)
{
	g_autofree char *full = g_build_filename(root, path, NULL);
	g_autofree char *dir = g_path_get_dirname(full);
	g_autoptr(GError) error = NULL;

	g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
	g_assert_true(g_file_set_contents(full, content, -1, &error));
	g_assert_no_error(error);
}

static void put_stat(const char *root, int tgid, int tid, const char *comm, char state, int ppid,
                     guint flags, guint cpu)
{
	g_autofree char *path = g_strdup_printf("proc/%d/task/%d/stat", tgid, tid);
	g_autofree char *line = stat_line(tid, comm, state, ppid, flags, cpu);

	put_file(root, path, line);
}

static void put_dir(const char *root, const char *path)
{
	g_autofree char *full = g_build_filename(root, path, NULL);

	g_assert_cmpint(g_mkdir_with_parents(full, 0755), ==, 0);
}

static void put_symlink(const char *root, const char *path, const char *target)
{
	g_autofree char *full = g_build_filename(root, path, NULL);
	g_autofree char *dir = g_path_get_dirname(full);

	g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
	g_assert_cmpint(symlink(target, full), ==, 0);
}

static void remove_tree(const char *path)
{
	if (!g_file_test(path, G_FILE_TEST_IS_SYMLINK) && g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
		const char *name;

		g_assert_nonnull(dir);
		while ((name = g_dir_read_name(dir)) != NULL) {
			g_autofree char *child = g_build_filename(path, name, NULL);

			remove_tree(child);
		}
	}
	g_assert_cmpint(g_remove(path), ==, 0);
}

/* x86-64 with 2 CPUs; IRQ 11 and 26 are shared, 26 by "PCIe PME" which
 * holds a space; long chip names leave no space before themselves. */
static const char x86_interrupts[] =
        "           CPU0       CPU1       \n"
        "  0:         44          0   IO-APIC   2-edge      timer\n"
        "  1:          0          9   IO-APIC   1-edge      i8042\n"
        "  9:          0          0   IO-APIC   9-fasteoi   acpi\n"
        " 11:       1234        567   IO-APIC  11-fasteoi   uhci_hcd:usb1, virtio3\n"
        " 24:          1          0   IO-APIC   5-edge      ACPI:Ged\n"
        " 26:          0          0   PCI-MSI 458752-edge      PCIe PME, pciehp\n"
        " 28:          0          0 PCI-MSIX-0000:00:01.0   0-edge      virtio0-config\n"
        " 31:          0         69 PCI-MSIX-0000:00:01.0   3-edge      virtio0-stats\n"
        "NMI:          0          0   Non-maskable interrupts\n"
        "LOC:      65085      73281   Local timer interrupts\n"
        "SPU:          0          0   Spurious interrupts\n"
        "RES:      16143      14952   Rescheduling interrupts\n"
        "ERR:          0\n"
        "MIS:          0\n";

static const char x86_expected[] = "0 [IO-APIC] [timer]\n"
                                   "1 [IO-APIC] [i8042]\n"
                                   "9 [IO-APIC] [acpi]\n"
                                   "11 [IO-APIC] [uhci_hcd:usb1]\n"
                                   "11 [IO-APIC] [virtio3]\n"
                                   "24 [IO-APIC] [ACPI:Ged]\n"
                                   "26 [PCI-MSI] [PCIe PME]\n"
                                   "26 [PCI-MSI] [pciehp]\n"
                                   "28 [PCI-MSIX-0000:00:01.0] [virtio0-config]\n"
                                   "31 [PCI-MSIX-0000:00:01.0] [virtio0-stats]\n";

/* arm64 (CONFIG_GENERIC_IRQ_SHOW_LEVEL): a Level/Edge column; IRQ 36 is a
 * chained handler without action. */
static const char arm64_interrupts[] =
        "           CPU0       CPU1       \n"
        " 11:      12034      11876     GICv3  27 Level     arch_timer\n"
        " 14:          0          0     GICv3  33 Level     uart-pl011\n"
        " 36:          5          0     GICv3  99 Level     \n"
        " 47:        842          0   ITS-MSI 16384 Edge      virtio0-config, virtio0-virtqueues\n"
        " 52:          3          0  gpio-pl061   3 Edge    -edge      PL061 GPIO\n"
        "IPI0:       123        456       Rescheduling interrupts\n"
        "IPI1:        10         20       Function call interrupts\n"
        "Err:          0\n";

static const char arm64_expected[] = "11 [GICv3] [arch_timer]\n"
                                     "14 [GICv3] [uart-pl011]\n"
                                     "47 [ITS-MSI] [virtio0-config]\n"
                                     "47 [ITS-MSI] [virtio0-virtqueues]\n"
                                     "52 [gpio-pl061] [PL061 GPIO]\n";

/* The fake /proc and /sys; returns the temporary root. */
static char *make_tree(void)
{
	g_autoptr(GError) error = NULL;
	char *root = g_dir_make_tmp("test-statedump-XXXXXX", &error);

	g_assert_no_error(error);
	/* a kernel thread */
	put_stat(root, 2, 2, "kthreadd", 'S', 0, 0x208040, 1);
	/* a process with 2 threads, parentheses and spaces in its comm */
	put_stat(root, 100, 100, "my (app) x", 'R', 1, 0x400100, 0);
	put_stat(root, 100, 101, "worker 1", 'D', 1, 0x400040, 1);
	/* the system calls they are in: 101 sleeps in read (0 on x86-64), the
	 * running 100 and the kernel thread are not asked */
	put_file(root, "proc/100/task/101/syscall",
	         "0 0x3 0x7ffd1000 0x40 0x0 0x0 0x0 0x7ffd0f00 0x7f12\n");
	put_file(root, "proc/100/task/100/syscall", "running\n");
	put_file(root, "proc/2/task/2/syscall", "7 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0\n");
	/* the zombie's: blocked outside a call */
	put_file(root, "proc/200/task/200/syscall", "-1 0x7ffd 0x7f12\n");
	/* their programs: 64-bit ELF (a 32-bit one below) */
	put_file(root, "proc/100/exe", "\177ELF\002\001\001");
	put_file(root, "proc/200/exe", "\177ELF\002\001\001");
	/* a 32-bit program asleep in a call: its numbers are another table's */
	put_stat(root, 500, 500, "old32", 'S', 1, 0x400100, 0);
	put_file(root, "proc/500/task/500/syscall", "3 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0\n");
	put_file(root, "proc/500/exe", "\177ELF\001\001\001");
	/* a zombie, child of 100 */
	put_stat(root, 200, 200, "defunct", 'Z', 100, 0x40044c, 1);
	/* thread 301 vanished: its folder is left without stat */
	put_stat(root, 300, 300, "half", 'T', 1, 0x400100, 0);
	put_dir(root, "proc/300/task/301");
	/* process 400 vanished altogether */
	put_dir(root, "proc/400");
	/* an idle kworker: numeric order, not string order (1000 > 400) */
	put_stat(root, 1000, 1000, "kworker/0:2-events", 'I', 2, 0x04208060, 0);
	/* what is not a process */
	put_symlink(root, "proc/self", "100");
	put_file(root, "proc/uptime", "12.34 56.78\n");
	put_dir(root, "proc/sys/kernel");
	put_file(root, "proc/interrupts", x86_interrupts);

	/* block devices, as sysfs links them */
	put_file(root, "sys/devices/virtual/block/loop0/dev", "7:0\n");
	put_symlink(root, "sys/block/loop0", "../devices/virtual/block/loop0");
	put_file(root, "sys/devices/pci0/virtio1/block/vda/dev", "253:0\n");
	put_file(root, "sys/devices/pci0/virtio1/block/vda/vda1/dev", "253:1\n");
	put_file(root, "sys/devices/pci0/virtio1/block/vda/vda1/partition", "1\n");
	put_file(root, "sys/devices/pci0/virtio1/block/vda/vda15/dev", "253:15\n");
	put_dir(root, "sys/devices/pci0/virtio1/block/vda/queue");
	put_dir(root, "sys/devices/pci0/virtio1/block/vda/holders");
	put_symlink(root, "sys/devices/pci0/virtio1/block/vda/device", "../../../virtio1");
	put_symlink(root, "sys/block/vda", "../devices/pci0/virtio1/block/vda");
	/* device/dev of an NVMe namespace is the controller: not a partition */
	put_file(root, "sys/devices/pci0/nvme/nvme0/dev", "244:0\n");
	put_file(root, "sys/devices/pci0/nvme/nvme0/nvme0n1/dev", "259:0\n");
	put_file(root, "sys/devices/pci0/nvme/nvme0/nvme0n1/nvme0n1p1/dev", "259:1\n");
	put_symlink(root, "sys/devices/pci0/nvme/nvme0/nvme0n1/device", "..");
	put_symlink(root, "sys/block/nvme0n1", "../devices/pci0/nvme/nvme0/nvme0n1");
	/* a disk with an unreadable device number is skipped */
	put_file(root, "sys/block/broken/dev", "garbage\n");
	return root;
}

static void test_fake_tree(void)
{
	g_autofree char *root = make_tree();
	g_autofree char *proc = g_build_filename(root, "proc", NULL);
	g_autofree char *sys = g_build_filename(root, "sys", NULL);
	g_autofree char *interrupts = g_build_filename(proc, "interrupts", NULL);
	g_autoptr(GError) error = NULL;
	Collect c;

	collect_init(&c);
	g_assert_true(lttv_statedump_run(proc, sys, &all_callbacks, &c, &error));
	g_assert_no_error(error);
	g_assert_cmpstr(c.processes->str, ==,
	                "2 2 0 [kthreadd] 1 5 0 5 1 2 sc=-1\n"
	                "100 100 1 [my (app) x] 0 5 0 2 0 100 sc=-1\n"
	                "101 100 1 [worker 1] 0 5 0 5 1 100 sc=0\n"
	                "200 200 100 [defunct] 0 5 0 4 1 200 sc=-1\n"
	                "300 300 1 [half] 0 5 0 0 0 300 sc=-1\n"
	                "500 500 1 [old32] 0 5 0 5 0 500 sc=-1\n"
	                "1000 1000 2 [kworker/0:2] 1 5 0 5 0 1000 sc=-1\n");
	g_assert_cmpstr(c.interrupts->str, ==, x86_expected);
	g_assert_cmpstr(c.devices->str, ==,
	                "7:0 loop0\n"
	                "253:0 vda\n"
	                "253:1 vda1\n"
	                "253:15 vda15\n"
	                "259:0 nvme0n1\n"
	                "259:1 nvme0n1p1\n");
	collect_clear(&c);

	/* the arm64 layout, interrupts alone */
	g_assert_true(g_file_set_contents(interrupts, arm64_interrupts, -1, NULL));
	collect_init(&c);
	g_assert_true(lttv_statedump_run(proc, sys, &(LttvDumpCallbacks){.interrupt = on_interrupt},
	                                 &c, &error));
	g_assert_no_error(error);
	g_assert_cmpstr(c.processes->str, ==, "");
	g_assert_cmpstr(c.interrupts->str, ==, arm64_expected);
	g_assert_cmpstr(c.devices->str, ==, "");
	collect_clear(&c);

	/* neither /proc/interrupts nor /sys/block: no error, nothing to say */
	g_assert_cmpint(g_remove(interrupts), ==, 0);
	collect_init(&c);
	g_assert_true(lttv_statedump_run(proc, root, &all_callbacks, &c, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(c.processes->len, >, 0);
	g_assert_cmpstr(c.interrupts->str, ==, "");
	g_assert_cmpstr(c.devices->str, ==, "");
	collect_clear(&c);

	remove_tree(root);
}

static void test_parse_syscall(void)
{
	static const struct {
		const char *text;
		gint32 nr;
	} cases[] = {
	        {"0 0x3 0x7ffd1000 0x40 0x0 0x0 0x0 0x7ffd0f00 0x7f12\n", 0},
	        {"232 0x4 0x7ffd 0x10 0xffffffff 0x0 0x0 0x7ffd 0x7f12\n", 232},
	        {"-1 0x7ffd0f00 0x7f12\n", -1},
	        {"running\n", -1},
	        {"", -1},
	        {"12abc 0x0\n", -1},
	        {"99999999999 0x0\n", -1},
	        {"61\n", 61},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		g_assert_cmpint(lttv_statedump_parse_syscall(cases[i].text), ==, cases[i].nr);
}

static void test_stop(void)
{
	g_autofree char *root = make_tree();
	g_autofree char *proc = g_build_filename(root, "proc", NULL);
	g_autofree char *sys = g_build_filename(root, "sys", NULL);
	Collect c;

	collect_init(&c);
	c.stop_after = 2;
	g_assert_true(lttv_statedump_run(proc, sys, &all_callbacks, &c, NULL));
	g_assert_cmpstr(c.processes->str, ==,
	                "2 2 0 [kthreadd] 1 5 0 5 1 2 sc=-1\n"
	                "100 100 1 [my (app) x] 0 5 0 2 0 100 sc=-1\n");
	g_assert_cmpstr(c.interrupts->str, ==, "");
	g_assert_cmpstr(c.devices->str, ==, "");
	collect_clear(&c);
	remove_tree(root);
}

static void test_no_proc(void)
{
	g_autoptr(GError) error = NULL;
	Collect c;

	collect_init(&c);
	g_assert_false(lttv_statedump_run("/nonexistent/proc", "/nonexistent/sys", &all_callbacks,
	                                  &c, &error));
	g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
	g_assert_nonnull(strstr(error->message, "/nonexistent/proc"));
	g_assert_cmpstr(c.processes->str, ==, "");
	collect_clear(&c);
}

/* ---------------------------------------------------------------- real /proc */

typedef struct {
	GMutex lock;
	GCond cond;
	gint32 tid; /* of the waiter, once it runs */
	gboolean release;
} Waiter;

static gpointer waiter_main(gpointer data)
{
	Waiter *w = data;

	g_mutex_lock(&w->lock);
	w->tid = (gint32)syscall(SYS_gettid);
	g_cond_broadcast(&w->cond);
	while (!w->release)
		g_cond_wait(&w->cond, &w->lock);
	g_mutex_unlock(&w->lock);
	return NULL;
}

typedef struct {
	GHashTable *by_tid; /* tid → LttvDumpProcess */
	guint n_interrupts, n_devices;
} RealDump;

static gboolean real_process(const LttvDumpProcess *p, gpointer user_data)
{
	RealDump *d = user_data;
	LttvDumpProcess *copy = g_new(LttvDumpProcess, 1);

	*copy = *p;
	g_assert_cmpint(p->tid, >, 0);
	g_assert_cmpint(p->pid, >, 0);
	g_assert_cmpint(p->ppid, >=, 0);
	g_assert_cmpint(p->mode, ==, 5);
	g_assert_cmpuint(p->file_table_address, ==, (guint64)p->pid);
	g_assert_nonnull(memchr(p->name, '\0', sizeof p->name));
	g_assert_false(g_hash_table_contains(d->by_tid, GINT_TO_POINTER(p->tid)));
	g_hash_table_insert(d->by_tid, GINT_TO_POINTER(p->tid), copy);
	return TRUE;
}

static gboolean real_interrupt(const LttvDumpInterrupt *irq, gpointer user_data)
{
	RealDump *d = user_data;

	g_assert_nonnull(irq->chip);
	g_assert_nonnull(irq->action);
	g_assert_cmpstr(irq->action, !=, "");
	g_assert_null(strstr(irq->action, ", "));
	d->n_interrupts++;
	return TRUE;
}

static gboolean real_block_device(const LttvDumpBlockDevice *dev, gpointer user_data)
{
	RealDump *d = user_data;

	g_assert_cmpuint(dev->dev, !=, 0);
	g_assert_cmpstr(dev->diskname, !=, "");
	d->n_devices++;
	return TRUE;
}

static void test_real_proc(void)
{
	static const LttvDumpCallbacks cb = {real_process, real_interrupt, real_block_device};
	Waiter w = {0};
	RealDump d = {0};
	g_autoptr(GError) error = NULL;
	g_autoptr(GThread) thread = NULL;
	g_autofree char *comm = NULL;
	const LttvDumpProcess *self, *other;

	g_assert_true(g_file_get_contents("/proc/self/comm", &comm, NULL, NULL));
	g_strchomp(comm);

	g_mutex_init(&w.lock);
	g_cond_init(&w.cond);
	thread = g_thread_new("sd-waiter", waiter_main, &w);
	g_mutex_lock(&w.lock);
	while (w.tid == 0)
		g_cond_wait(&w.cond, &w.lock);
	g_mutex_unlock(&w.lock);

	d.by_tid = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	g_assert_true(lttv_statedump_run("/proc", "/sys", &cb, &d, &error));
	g_assert_no_error(error);

	g_mutex_lock(&w.lock);
	w.release = TRUE;
	g_cond_broadcast(&w.cond);
	g_mutex_unlock(&w.lock);
	g_thread_join(g_steal_pointer(&thread));

	self = g_hash_table_lookup(d.by_tid, GINT_TO_POINTER(getpid()));
	g_assert_nonnull(self);
	g_assert_cmpint(self->tid, ==, getpid());
	g_assert_cmpint(self->pid, ==, getpid());
	g_assert_cmpint(self->ppid, ==, getppid());
	g_assert_cmpstr(self->name, ==, comm);
	g_assert_cmpint(self->type, ==, 0);
	g_assert_cmpint(self->status, ==, 2); /* running: it reads its own stat */

	other = g_hash_table_lookup(d.by_tid, GINT_TO_POINTER(w.tid));
	g_assert_nonnull(other);
	g_assert_cmpint(other->tid, ==, w.tid);
	g_assert_cmpint(other->pid, ==, getpid());
	g_assert_cmpint(other->ppid, ==, getppid());
	g_assert_cmpstr(other->name, ==, "sd-waiter");
	g_assert_cmpint(other->type, ==, 0);
	g_assert_cmpuint(other->file_table_address, ==, self->file_table_address);

	g_test_message("%u threads, %u interrupt actions, %u block devices",
	               g_hash_table_size(d.by_tid), d.n_interrupts, d.n_devices);
	g_hash_table_destroy(d.by_tid);
	g_cond_clear(&w.cond);
	g_mutex_clear(&w.lock);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/statedump/stat/comm", test_stat_comm);
	g_test_add_func("/statedump/stat/kworker", test_stat_kworker);
	g_test_add_func("/statedump/stat/flags", test_stat_flags);
	g_test_add_func("/statedump/stat/states", test_stat_states);
	g_test_add_func("/statedump/stat/real-line", test_stat_real_line);
	g_test_add_func("/statedump/stat/malformed", test_stat_malformed);
	g_test_add_func("/statedump/syscall", test_parse_syscall);
	g_test_add_func("/statedump/run/fake-tree", test_fake_tree);
	g_test_add_func("/statedump/run/stop", test_stop);
	g_test_add_func("/statedump/run/no-proc", test_no_proc);
	g_test_add_func("/statedump/run/real-proc", test_real_proc);
	return g_test_run();
}
