/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The spool of `lttv-trace record -k` (tracer/kernel/spool*.c): its
 * session file, its record files cut short by a kill, and its conversion
 * into CTF on a fake tracefs, read back with liblttv. */
#include "tracer/kernel/convert.h"
#include "tracer/kernel/ftrace-page.h"
#include "tracer/kernel/recorder.h"
#include "tracer/kernel/spool-convert.h"
#include "tracer/kernel/spool.h"

#include "ftrace-formats.h"
#include "ftrace-records.h"
#include "lttv/error.h"

#include <asm/unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* tids that no process can have (above PID_MAX_LIMIT): no /proc fallback */
#define TGID              5000000
#define TID               5000001
#define CHILD             5000003
#define GRANDCHILD        5000005
#define CLONE_THREAD_FLAG 0x00010000

static char *tmp_dir(void)
{
	g_autoptr(GError) error = NULL;
	char *dir = g_dir_make_tmp("lttv-kspool-XXXXXX", &error);
	g_assert_no_error(error);
	return dir;
}

/* ---------------------------------------------------------------- session */

static void test_session(void)
{
	g_autofree char *dir = tmp_dir();
	g_autoptr(GError) error = NULL;
	g_assert_true(kspool_create(dir, "/proc/self/stat", 4096, &error));
	g_assert_no_error(error);
	g_autofree char *reserve = kspool_path(dir, "reserve");
	g_assert_true(g_file_test(reserve, G_FILE_TEST_EXISTS));
	kspool_release_reserve(dir);
	g_assert_false(g_file_test(reserve, G_FILE_TEST_EXISTS));

	g_autoptr(KSpoolSession) s = kspool_session_new();
	const char *const sel[] = {"sched", "kmem:*", NULL};
	s->selection = g_strdupv((char **)sel);
	for (guint i = 0; i < 16; i++)
		s->uuid[i] = (guint8)(i * 17), s->clock_uuid[i] = (guint8)(255 - i);
	s->clock_offset_ns = -1234567890123ll;
	s->packet_size = 65536;
	s->instance = g_strdup("/sys/kernel/tracing/instances/lttv-42");
	guint cpus[] = {0, 3};
	gint32 tids[] = {42, 43, 44};
	guint64 lost[] = {0, 12345678901ull};
	g_array_append_vals(s->cpus, cpus, 2);
	g_array_append_vals(s->own_tids, tids, 3);
	g_array_append_vals(s->lost, lost, 2);
	s->recorder_pid = 42;
	s->guard_pid = 45;
	g_assert_true(kspool_session_save(dir, s, &error));
	g_assert_no_error(error);

	g_autoptr(KSpoolSession) t = kspool_session_load(dir, &error);
	g_assert_no_error(error);
	g_assert_nonnull(t);
	g_assert_cmpstrv(t->selection, sel);
	g_assert_cmpmem(t->uuid, 16, s->uuid, 16);
	g_assert_cmpmem(t->clock_uuid, 16, s->clock_uuid, 16);
	g_assert_cmpint(t->clock_offset_ns, ==, s->clock_offset_ns);
	g_assert_cmpuint(t->packet_size, ==, 65536);
	g_assert_cmpstr(t->instance, ==, s->instance);
	g_assert_cmpmem(t->cpus->data, 8, cpus, 8);
	g_assert_cmpmem(t->own_tids->data, 12, tids, 12);
	g_assert_cmpmem(t->lost->data, 16, lost, 16);
	g_assert_cmpint(t->recorder_pid, ==, 42);
	g_assert_cmpint(t->guard_pid, ==, 45);

	/* another version's spool is refused, not misread */
	g_autofree char *path = kspool_path(dir, "session");
	g_autofree char *text = NULL;
	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_auto(GStrv) parts = g_strsplit(text, "version=1", 2);
	g_autofree char *other = g_strjoinv("version=99", parts);
	g_assert_true(g_file_set_contents(path, other, -1, NULL));
	g_autoptr(KSpoolSession) u = kspool_session_load(dir, &error);
	g_assert_null(u);
	g_assert_error(error, LTTV_ERROR, LTTV_ERROR_DATA);

	kspool_remove(dir);
	g_autofree char *spool = kspool_path(dir, NULL);
	g_assert_false(g_file_test(spool, G_FILE_TEST_EXISTS));
	g_rmdir(dir);
}

/* ---------------------------------------------------------------- records */

static void on_process(guint64 ts, const LttvDumpProcess *p, gpointer data)
{
	g_string_append_printf(data,
	                       "P %" G_GUINT64_FORMAT
	                       " %d %d %d %.16s %d %d %d %d %u %" G_GINT64_MODIFIER "x %d %d;",
	                       ts, p->tid, p->pid, p->ppid, p->name, p->type, p->mode, p->submode,
	                       p->status, p->cpu, p->file_table_address, p->in_syscall,
	                       p->syscall_nr);
}

static void on_interrupt(guint64 ts, const LttvDumpInterrupt *irq, gpointer data)
{
	g_string_append_printf(data, "I %" G_GUINT64_FORMAT " %u %s %s;", ts, irq->irq, irq->chip,
	                       irq->action);
}

static void on_block(guint64 ts, const LttvDumpBlockDevice *dev, gpointer data)
{
	g_string_append_printf(data, "B %" G_GUINT64_FORMAT " %u %s;", ts, dev->dev, dev->diskname);
}

static void on_begin(guint64 ts, gpointer data)
{
	g_string_append_printf(data, "S %" G_GUINT64_FORMAT ";", ts);
}

static void on_end(guint64 ts, gpointer data)
{
	g_string_append_printf(data, "E %" G_GUINT64_FORMAT ";", ts);
}

static void on_string(const LttvSyscallString *s, gpointer data)
{
	g_string_append_printf(data, "T %" G_GUINT64_FORMAT " %d %u %u %u %s;", s->ts, s->tid,
	                       s->nr, s->arg, s->len, s->str);
}

static const KSpoolReplay replay_all = {on_begin, on_process, on_interrupt,
                                        on_block, on_end,     on_string};

static char *replay(const char *dir, const char *name, GError **error)
{
	GString *out = g_string_new(NULL);
	if (!kspool_replay(dir, name, &replay_all, out, error)) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

static void test_records(void)
{
	g_autofree char *dir = tmp_dir();
	g_autoptr(GError) error = NULL;
	g_assert_true(kspool_create(dir, "/proc/self/stat", 0, &error));
	KSpoolLog *log = kspool_log_open(dir, "statedump", &error);
	g_assert_no_error(error);
	LttvDumpProcess p = {7, 5, 1, "0123456789abcdef", 0, 1, 0, 5, 3, 0xfeed, TRUE, 7};
	LttvDumpInterrupt irq = {11, "IO-APIC", "ahci[0000:00:1f.2]"};
	LttvDumpBlockDevice dev = {8 << 20 | 1, "sda1"};
	LttvSyscallString str = {99, 5000001, __NR_openat, 1, 9, "/etc/motd"};
	kspool_dump_begin(log, 10);
	kspool_dump_process(log, 11, &p);
	kspool_dump_interrupt(log, 12, &irq);
	kspool_dump_block_device(log, 13, &dev);
	kspool_dump_end(log, 14);
	kspool_put_string(log, &str);
	g_assert_true(kspool_log_close(log, &error));
	g_assert_no_error(error);
	g_autofree char *want = g_strdup_printf(
	        "S 10;P 11 7 5 1 0123456789abcdef 0 1 0 5 3 feed 1 7;I 12 11 IO-APIC "
	        "ahci[0000:00:1f.2];B 13 8388609 sda1;E 14;T 99 5000001 %u 1 9 /etc/motd;",
	        __NR_openat);
	g_autofree char *got = replay(dir, "statedump", &error);
	g_assert_no_error(error);
	g_assert_cmpstr(got, ==, want);

	/* a kill in the middle of a write: the records before it hold */
	g_autofree char *path = kspool_path(dir, "statedump");
	g_autofree char *data = NULL;
	gsize len;
	g_assert_true(g_file_get_contents(path, &data, &len, NULL));
	g_assert_true(g_file_set_contents(path, data, (gssize)len - 3, NULL));
	g_autofree char *cut = replay(dir, "statedump", &error);
	g_assert_no_error(error);
	g_assert_true(g_str_has_prefix(want, cut));
	g_assert_true(g_str_has_suffix(cut, "E 14;"));

	/* a damaged record says where, and nothing after it is believed */
	data[1 + 4 + 8] = 77; /* the second record's tag */
	g_assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
	g_autofree char *bad = replay(dir, "statedump", &error);
	g_assert_null(bad);
	g_assert_error(error, LTTV_ERROR, LTTV_ERROR_DATA);
	g_clear_error(&error);

	/* no file: no records */
	g_autofree char *none = replay(dir, "strings", &error);
	g_assert_no_error(error);
	g_assert_cmpstr(none, ==, "");
	kspool_remove(dir);
	g_rmdir(dir);
}

/* ---------------------------------------------------------------- conversion */

typedef struct {
	guint8 b[4096];
	gsize len;
} Page;

static void page_start(Page *p, guint64 ts)
{
	memset(p->b, 0, sizeof p->b);
	memcpy(p->b, &ts, 8);
	p->len = 16; /* header_page_64: timestamp, commit */
}

/* A record in the long form (its length in array[0]), delta after the last. */
static void page_add(Page *p, guint32 delta, const Rec *r)
{
	guint32 word = delta << 5, a0 = r->len + 4;
	g_assert_cmpuint(p->len + 8 + r->len, <=, sizeof p->b);
	memcpy(p->b + p->len, &word, 4);
	memcpy(p->b + p->len + 4, &a0, 4);
	memcpy(p->b + p->len + 8, r->b, r->len);
	p->len += 8 + ((r->len + 3) & ~3u);
}

static void page_write(Page *p, int fd, guint64 flags)
{
	guint64 commit = (p->len - 16) | flags;
	memcpy(p->b + 8, &commit, 8);
	g_assert_cmpint(write(fd, p->b, sizeof p->b), ==, sizeof p->b);
}

static void fork_record(Rec *r, gint32 parent, gint32 child)
{
	rec_init(r, ID_SCHED_PROCESS_FORK, parent, 24);
	rec_dyn(r, 8, "parent", 7, FALSE);
	rec_put(r, 12, (guint32)parent, 4);
	rec_dyn(r, 16, "child", 6, FALSE);
	rec_put(r, 20, (guint32)child, 4);
}

static void spool_cpu(const char *dir, guint cpu, Page *pages, guint n, const guint64 *flags)
{
	g_autoptr(GError) error = NULL;
	int fd = kspool_cpu_open(dir, cpu, &error);
	g_assert_no_error(error);
	for (guint i = 0; i < n; i++)
		page_write(&pages[i], fd, flags[i]);
	close(fd);
}

static void progress(double fraction, gpointer data)
{
	double *last = data;
	g_assert_cmpfloat(fraction, >=, *last);
	g_assert_cmpfloat(fraction, <=, 1.0);
	*last = fraction;
}

/* The pages of two CPUs, written as the recorder writes them, become one
 * trace: the state dump with the first CPU's events, a file name matched
 * to its system call, losses counted.  CPU 1's fork of a thread comes
 * before CPU 0's fork by that thread in time, not in CPU order: the
 * converter must know the thread's tgid when it reaches CPU 0's. */
static void test_convert(void)
{
	g_autofree char *tracefs = fake_tracefs_new();
	g_autofree char *dir = tmp_dir();
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvCtfMetadata) meta = lttv_ctf_metadata_new(trace_uuid, trace_uuid, 0);
	lttv_ctf_metadata_env_string(meta, "domain", "kernel");
	const char *const sel[] = {"sched:sched_process_fork", "syscall", NULL};
	KConv *conv = kconv_new(tracefs, sel, meta, &error);
	g_assert_no_error(error);
	g_assert_true(lttv_ctf_metadata_write(meta, dir, &error));
	g_autofree char *hp = g_build_filename(tracefs, "events", "header_page", NULL);
	g_assert_true(kspool_create(dir, hp, 65536, &error));
	g_assert_no_error(error);

	g_autoptr(KSpoolSession) s = kspool_session_new();
	s->selection = g_strdupv((char **)sel);
	memcpy(s->uuid, trace_uuid, 16);
	s->packet_size = 4096;
	s->instance = g_strdup("");
	guint cpus[] = {0, 1};
	g_array_append_vals(s->cpus, cpus, 2);

	KSpoolLog *log = kspool_log_open(dir, "statedump", &error);
	LttvDumpProcess p = {TID, TGID, 1, "main", 0, 5, 0, 5, 0, 0xfeed, FALSE, 0};
	kspool_dump_begin(log, 10);
	kspool_dump_process(log, 11, &p);
	kspool_dump_end(log, 12);
	g_assert_true(kspool_log_close(log, &error));
	log = kspool_log_open(dir, "strings", &error);
	LttvSyscallString str = {301, CHILD, __NR_openat, 1, 19, "/tmp/from-the-spool"};
	kspool_put_string(log, &str);
	g_assert_true(kspool_log_close(log, &error));
	g_assert_no_error(error);

	Page cpu0[2], cpu1[1];
	Rec r;
	/* CPU 1: TID starts CHILD, a thread of its process */
	page_start(&cpu1[0], 50);
	rec_init(&r, ID_TASK_NEWTASK, TID, 44);
	rec_put(&r, 8, (guint32)CHILD, 4);
	rec_text(&r, 12, "main", 16);
	rec_put(&r, 32, CLONE_THREAD_FLAG, 8);
	page_add(&cpu1[0], 50, &r); /* 100 */
	fork_record(&r, TID, CHILD);
	page_add(&cpu1[0], 1, &r); /* 101 */
	/* CPU 0, later: CHILD starts a process, then opens a file */
	page_start(&cpu0[0], 150);
	fork_record(&r, CHILD, GRANDCHILD);
	page_add(&cpu0[0], 50, &r); /* 200 */
	page_start(&cpu0[1], 250);
	rec_init(&r, ID_SYS_ENTER, CHILD, 64);
	rec_put(&r, 8, __NR_openat, 8);
	rec_put(&r, 16, (guint64)-100, 8);
	rec_put(&r, 24, 0x7ffd0000, 8);
	page_add(&cpu0[1], 50, &r); /* 300 */
	guint64 flags0[] = {0, FTRACE_MISSED_EVENTS}, flags1[] = {0};
	spool_cpu(dir, 0, cpu0, 2, flags0);
	spool_cpu(dir, 1, cpu1, 1, flags1);

	FtracePageHeader ph;
	g_autofree char *hp_text = NULL;
	g_assert_true(g_file_get_contents(hp, &hp_text, NULL, NULL));
	g_assert_true(ftrace_page_header_parse(hp_text, &ph, &error));
	guint64 lost[] = {0, 5};
	double last = 0;
	KSpoolConvertJob job = {conv, s,    &ph,      dir,  lttv_ctf_metadata_header_kind(meta),
	                        1000, lost, progress, &last};
	g_autoptr(GArray) stats = g_array_new(FALSE, TRUE, sizeof(LttvRecordCpuStats));
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	g_assert_true(kspool_convert(&job, stats, warnings, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(warnings->len, ==, 0);
	g_assert_cmpuint(stats->len, ==, 2);
	const LttvRecordCpuStats *st = (const LttvRecordCpuStats *)stats->data;
	g_assert_cmpuint(st[0].cpu, ==, 0);
	g_assert_cmpuint(st[0].events, ==, 5); /* the dump's 3, the fork, the syscall */
	g_assert_cmpuint(st[0].lost, ==, 1);   /* the page's mark */
	g_assert_cmpuint(st[1].events, ==, 1);
	g_assert_cmpuint(st[1].lost, ==, 5); /* the kernel's count */
	g_assert_cmpuint(st[0].bytes, >, 0);

	/* the pages read are released (where the file system can punch holes) */
	g_autofree char *cpu0_path = kspool_path(dir, "cpu0");
	struct stat sb;
	g_assert_cmpint(stat(cpu0_path, &sb), ==, 0);
	g_assert_cmpint(sb.st_size, ==, 2 * 4096);
	int probe = open(cpu0_path, O_RDWR);
	if (fallocate(probe, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096) == 0)
		g_assert_cmpint(sb.st_blocks, ==, 0);
	else
		g_test_message("no hole punching in %s: the release is not checked", dir);
	close(probe);

	g_autoptr(GPtrArray) got = read_trace(dir);
	g_autofree char *l0 = g_strdup_printf(
	        "0 11 lttng_statedump_process_state tid=%d pid=%d ppid=1 name=\"main\" type=0 "
	        "mode=5 submode=0 status=5 cpu=0 file_table_address=65261 syscall=\"\"",
	        TID, TGID);
	struct stat ns;
	guint32 inum = stat("/proc/self/ns/pid", &ns) == 0 ? (guint32)ns.st_ino : 0;
	g_autofree char *l1 = g_strdup_printf(
	        "1 101 sched_process_fork parent_comm=\"parent\" parent_tid=%d parent_pid=%d "
	        "parent_ns_inum=%u child_comm=\"child\" child_tid=%d _vtids_length=1 vtids=[%d] "
	        "child_pid=%d child_ns_inum=%u",
	        TID, TGID, inum, CHILD, CHILD, TGID, inum);
	/* parent_pid: CHILD's tgid, known from CPU 1's earlier events */
	g_autofree char *l2 = g_strdup_printf(
	        "0 200 sched_process_fork parent_comm=\"parent\" parent_tid=%d parent_pid=%d "
	        "parent_ns_inum=%u child_comm=\"child\" child_tid=%d _vtids_length=1 vtids=[%d] "
	        "child_pid=%d child_ns_inum=%u",
	        CHILD, TGID, inum, GRANDCHILD, GRANDCHILD, GRANDCHILD, inum);
	/* a loss in a stream's first packet: CTF cannot say how many (the
	 * stats above can) */
	const char *want[] = {
	        "0 discarded 0?",
	        "0 10 lttng_statedump_start",
	        l0,
	        "0 12 lttng_statedump_end",
	        "1 discarded 0?",
	        l1,
	        l2,
	        "0 300 syscall_entry_openat dfd=-100 filename=\"/tmp/from-the-spool\" flags=0 "
	        "mode=0",
	};
	check_lines(got, want, G_N_ELEMENTS(want));

	kconv_free(conv);
	kspool_remove(dir);
	fake_tracefs_rm_rf(dir);
	fake_tracefs_rm_rf(tracefs);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/kspool/session", test_session);
	g_test_add_func("/kspool/records", test_records);
	g_test_add_func("/kspool/convert", test_convert);
	return g_test_run();
}
