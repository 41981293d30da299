/* SPDX-License-Identifier: GPL-2.0-or-later */
/* String arguments of system calls, read at syscall entry by an eBPF program
 * assembled here instruction by instruction and loaded with the raw bpf(2)
 * system call, so that the recorder depends neither on libbpf nor on a BPF
 * compiler.  The program runs on the raw `sys_enter` tracepoint and sends one
 * record per string through a BPF ring buffer, which we consume through its
 * shared mapping. */
#include "tracer/kernel/syscall-strings.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <linux/bpf.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#if defined(__x86_64__)
#include <asm/ptrace.h>
#endif

/* ------------------------------------------------------------ instructions */

#define INSN(c, d, s, o, i)                                                                        \
	((struct bpf_insn){.code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i)})
#define MOV64_REG(d, s)     INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i)     INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define ALU64_IMM(op, d, i) INSN(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
/* *(size *)(s + o) -> d, and the reverse; sizes are BPF_B/H/W/DW */
#define LDX_MEM(sz, d, s, o) INSN(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define STX_MEM(sz, d, s, o) INSN(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define ST_MEM(sz, d, o, i)  INSN(BPF_ST | BPF_MEM | (sz), d, 0, o, i)
/* lock *(u64 *)(d + o) += s */
#define ATOMIC_ADD64(d, s, o) INSN(BPF_STX | BPF_ATOMIC | BPF_DW, d, s, o, BPF_ADD)
#define CALL(helper)          INSN(BPF_JMP | BPF_CALL, 0, 0, 0, helper)
#define EXIT()                INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
/* the two halves of `d = map referenced by fd` (a 64-bit immediate load) */
#define LD_MAP_FD_LO(d, fd) INSN(BPF_LD | BPF_DW | BPF_IMM, d, BPF_PSEUDO_MAP_FD, 0, fd)
#define LD_MAP_FD_HI()      INSN(0, 0, 0, 0, 0)

enum { R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, FP };

/* Jumps name a label; the offsets are filled in once the program is whole. */
#define MAX_INSNS  512
#define MAX_LABELS 32
typedef struct {
	struct bpf_insn insn[MAX_INSNS];
	guint n;
	gint label[MAX_LABELS];   /* instruction index, -1 while not placed */
	guint8 target[MAX_INSNS]; /* label of the jump at this index */
	gboolean overflow;
} Asm;

static void emit(Asm *a, struct bpf_insn insn)
{
	if (a->n == MAX_INSNS) {
		a->overflow = TRUE;
		return;
	}
	a->insn[a->n++] = insn;
}

static void emit_map_fd(Asm *a, int reg, int fd)
{
	emit(a, LD_MAP_FD_LO(reg, fd));
	emit(a, LD_MAP_FD_HI());
}

/* if (reg op imm) goto label */
static void emit_jmp(Asm *a, guint8 op, int reg, gint32 imm, guint label)
{
	if (a->n < MAX_INSNS)
		a->target[a->n] = label;
	emit(a, INSN(BPF_JMP | op | BPF_K, reg, 0, 0, imm));
}

/* if (dst op src) goto label */
static void emit_jmp_reg(Asm *a, guint8 op, int dst, int src, guint label)
{
	if (a->n < MAX_INSNS)
		a->target[a->n] = label;
	emit(a, INSN(BPF_JMP | op | BPF_X, dst, src, 0, 0));
}

static void place(Asm *a, guint label)
{
	a->label[label] = a->n;
}

static gboolean resolve(Asm *a)
{
	if (a->overflow)
		return FALSE;
	for (guint i = 0; i < a->n; i++) {
		guint8 cls = BPF_CLASS(a->insn[i].code), op = BPF_OP(a->insn[i].code);

		if (cls != BPF_JMP || op == BPF_CALL || op == BPF_EXIT)
			continue;
		if (a->label[a->target[i]] < 0)
			return FALSE;
		a->insn[i].off = a->label[a->target[i]] - (gint)i - 1;
	}
	return TRUE;
}

/* ------------------------------------------------------------ the program */

/* The record as the program writes it: the public header, then the string
 * with its NUL.  Only 24 + length + 1 bytes go through the ring buffer. */
typedef struct {
	guint64 ts;
	gint32 tid;
	guint32 nr;
	guint32 arg;
	guint32 len;
} RecordHeader;
G_STATIC_ASSERT(sizeof(RecordHeader) == 24);
#define SCRATCH_SIZE (sizeof(RecordHeader) + LTTV_SYSCALL_STRING_MAX)

#define RING_SIZE   (4u << 20) /* a power of two, a multiple of the page size */
#define USER_CS_X86 0x33       /* __USER_CS: a 64-bit syscall (not ia32 compat) */
#define STACK_KEY   (-8)       /* u32 map key */

enum { L_OUT, L_NEXT0, L_HAVE0 = L_NEXT0 + 6, L_BOUND0 = L_HAVE0 + 6, N_LABELS = L_BOUND0 + 6 };
G_STATIC_ASSERT(N_LABELS <= MAX_LABELS);

typedef struct {
	int mask, config, scratch, lost, ring;
} MapFds;

#if defined(__x86_64__)
/* The argument registers of the x86-64 syscall ABI in struct pt_regs, which
 * is laid out as the uapi one.  We copy the window [r10, cs] once. */
static const guint16 arg_reg_off[6] = {
        offsetof(struct pt_regs, rdi), offsetof(struct pt_regs, rsi), offsetof(struct pt_regs, rdx),
        offsetof(struct pt_regs, r10), offsetof(struct pt_regs, r8),  offsetof(struct pt_regs, r9),
};
#define REGS_LO offsetof(struct pt_regs, r10)
#define REGS_HI (offsetof(struct pt_regs, cs) + 8)
#define CS_OFF  offsetof(struct pt_regs, cs)
G_STATIC_ASSERT(offsetof(struct pt_regs, r9) > REGS_LO && offsetof(struct pt_regs, rdi) < CS_OFF);
#define STACK_REGS (STACK_KEY - (int)(REGS_HI - REGS_LO)) /* fp offset of the copy */
#define HAVE_ARCH  1
#else
#define HAVE_ARCH 0
#endif

#if HAVE_ARCH
/* ctx is the raw tracepoint's u64 args[]: args[0] = struct pt_regs *,
 * args[1] = syscall number.  Callee-saved registers: r6 ctx then the scratch
 * record, r7 the argument mask, r8 pid_tgid, r9 the syscall number. */
static gboolean assemble(Asm *a, const MapFds *m)
{
	memset(a->label, -1, sizeof a->label);

	/* fast path: mask = arg_mask[nr]; nothing to do if 0 */
	emit(a, MOV64_REG(R6, R1));
	emit(a, LDX_MEM(BPF_DW, R9, R6, 8));
	emit(a, STX_MEM(BPF_W, FP, R9, STACK_KEY));
	emit(a, MOV64_REG(R2, FP));
	emit(a, ALU64_IMM(BPF_ADD, R2, STACK_KEY));
	emit_map_fd(a, R1, m->mask);
	emit(a, CALL(BPF_FUNC_map_lookup_elem));
	emit_jmp(a, BPF_JEQ, R0, 0, L_OUT);
	emit(a, LDX_MEM(BPF_B, R7, R0, 0));
	emit_jmp(a, BPF_JEQ, R7, 0, L_OUT);

	/* leave out the recorder's own process */
	emit(a, CALL(BPF_FUNC_get_current_pid_tgid));
	emit(a, MOV64_REG(R8, R0));
	emit(a, ST_MEM(BPF_W, FP, STACK_KEY, 0));
	emit(a, MOV64_REG(R2, FP));
	emit(a, ALU64_IMM(BPF_ADD, R2, STACK_KEY));
	emit_map_fd(a, R1, m->config);
	emit(a, CALL(BPF_FUNC_map_lookup_elem));
	emit_jmp(a, BPF_JEQ, R0, 0, L_OUT);
	emit(a, LDX_MEM(BPF_W, R1, R0, 0));
	emit(a, MOV64_REG(R2, R8));
	emit(a, ALU64_IMM(BPF_RSH, R2, 32));
	emit_jmp_reg(a, BPF_JEQ, R1, R2, L_OUT);

	/* copy the argument registers to the stack in one read */
	emit(a, LDX_MEM(BPF_DW, R3, R6, 0));
	emit(a, ALU64_IMM(BPF_ADD, R3, REGS_LO));
	emit(a, MOV64_REG(R1, FP));
	emit(a, ALU64_IMM(BPF_ADD, R1, STACK_REGS));
	emit(a, MOV64_IMM(R2, REGS_HI - REGS_LO));
	emit(a, CALL(BPF_FUNC_probe_read_kernel));
	emit_jmp(a, BPF_JNE, R0, 0, L_OUT);
	/* ia32 syscalls share the tracepoint with other numbers and registers;
	 * ftrace leaves them out too */
	emit(a, LDX_MEM(BPF_DW, R1, FP, STACK_REGS + (int)(CS_OFF - REGS_LO)));
	emit(a, ALU64_IMM(BPF_AND, R1, 0xffff));
	emit_jmp(a, BPF_JNE, R1, USER_CS_X86, L_OUT);

	/* the per-CPU scratch record: timestamp, tid and nr once for all args */
	emit(a, ST_MEM(BPF_W, FP, STACK_KEY, 0));
	emit(a, MOV64_REG(R2, FP));
	emit(a, ALU64_IMM(BPF_ADD, R2, STACK_KEY));
	emit_map_fd(a, R1, m->scratch);
	emit(a, CALL(BPF_FUNC_map_lookup_elem));
	emit_jmp(a, BPF_JEQ, R0, 0, L_OUT);
	emit(a, MOV64_REG(R6, R0));
	emit(a, CALL(BPF_FUNC_ktime_get_ns));
	emit(a, STX_MEM(BPF_DW, R6, R0, offsetof(RecordHeader, ts)));
	emit(a, STX_MEM(BPF_W, R6, R8, offsetof(RecordHeader, tid)));
	emit(a, STX_MEM(BPF_W, R6, R9, offsetof(RecordHeader, nr)));

	for (int k = 0; k < 6; k++) {
		emit(a, MOV64_REG(R1, R7));
		emit(a, ALU64_IMM(BPF_AND, R1, 1 << k));
		emit_jmp(a, BPF_JEQ, R1, 0, L_NEXT0 + k);
		emit(a, ST_MEM(BPF_W, R6, offsetof(RecordHeader, arg), k));
		emit(a, LDX_MEM(BPF_DW, R3, FP, STACK_REGS + (int)(arg_reg_off[k] - REGS_LO)));
		emit(a, MOV64_REG(R1, R6));
		emit(a, ALU64_IMM(BPF_ADD, R1, sizeof(RecordHeader)));
		emit(a, MOV64_IMM(R2, LTTV_SYSCALL_STRING_MAX));
		emit(a, CALL(BPF_FUNC_probe_read_user_str));
		/* unreadable (NULL, bad or not resident): an empty string */
		emit_jmp(a, BPF_JSGT, R0, 0, L_HAVE0 + k);
		emit(a, ST_MEM(BPF_B, R6, sizeof(RecordHeader), 0));
		emit(a, MOV64_IMM(R0, 1));
		place(a, L_HAVE0 + k);
		/* never true: recent verifiers know the helper returns at most
		 * the size, older ones need the bound for ringbuf_output */
		emit_jmp(a, BPF_JLE, R0, LTTV_SYSCALL_STRING_MAX, L_BOUND0 + k);
		emit(a, MOV64_IMM(R0, LTTV_SYSCALL_STRING_MAX));
		place(a, L_BOUND0 + k);
		emit(a, MOV64_REG(R3, R0));
		emit(a, ALU64_IMM(BPF_ADD, R0, -1));
		emit(a, STX_MEM(BPF_W, R6, R0, offsetof(RecordHeader, len)));
		emit(a, ALU64_IMM(BPF_ADD, R3, sizeof(RecordHeader)));
		emit_map_fd(a, R1, m->ring);
		emit(a, MOV64_REG(R2, R6));
		emit(a, MOV64_IMM(R4, 0));
		emit(a, CALL(BPF_FUNC_ringbuf_output));
		emit_jmp(a, BPF_JEQ, R0, 0, L_NEXT0 + k);
		/* ring buffer full: count the loss */
		emit(a, ST_MEM(BPF_W, FP, STACK_KEY, 0));
		emit(a, MOV64_REG(R2, FP));
		emit(a, ALU64_IMM(BPF_ADD, R2, STACK_KEY));
		emit_map_fd(a, R1, m->lost);
		emit(a, CALL(BPF_FUNC_map_lookup_elem));
		emit_jmp(a, BPF_JEQ, R0, 0, L_NEXT0 + k);
		emit(a, MOV64_IMM(R1, 1));
		emit(a, ATOMIC_ADD64(R0, R1, 0));
		place(a, L_NEXT0 + k);
	}
	place(a, L_OUT);
	emit(a, MOV64_IMM(R0, 0));
	emit(a, EXIT());
	return resolve(a);
}
#else
static gboolean assemble(Asm *a, const MapFds *m)
{
	(void)a;
	(void)m;
	return FALSE;
}
#endif

/* ------------------------------------------------------------ bpf(2) */

struct LttvSyscallStrings {
	MapFds map;
	int prog_fd, link_fd;
	guint n_cpu_slots; /* entries of a per-CPU lookup (>= possible CPUs) */
	gsize page_size;
	guint64 *consumer_pos;       /* first page, read-write */
	const guint64 *producer_pos; /* second page, read-only */
	const guint8 *data;          /* RING_SIZE bytes mapped twice after producer_pos */
	GMutex lock;
};

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof *attr);
}

static guint64 ptr_u64(const void *p)
{
	return (guint64)(uintptr_t)p;
}

/* The GError for a failed bpf(2) call, with the hint that matters most. */
static void set_errno_error(GError **error, int err, const char *what)
{
	if (err == EPERM || err == EACCES)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
		            _("cannot %s: %s (capturing syscall strings needs root, or "
		              "CAP_BPF and CAP_PERFMON)"),
		            what, g_strerror(err));
	else if (err == ENOSYS)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
		            _("cannot %s: this kernel has no bpf(2) system call"), what);
	else
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(err), _("cannot %s: %s"), what,
		            g_strerror(err));
}

static int map_create(guint type, const char *name, guint32 value_size, guint32 max_entries,
                      GError **error)
{
	union bpf_attr attr = {0};

	attr.map_type = type;
	attr.key_size = type == BPF_MAP_TYPE_RINGBUF ? 0 : sizeof(guint32);
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	g_strlcpy(attr.map_name, name, sizeof attr.map_name);
	int fd = sys_bpf(BPF_MAP_CREATE, &attr);
	if (fd < 0) {
		int err = errno;
		g_autofree char *what = g_strdup_printf(_("create the BPF map %s"), name);

		if (err == EINVAL && type == BPF_MAP_TYPE_RINGBUF)
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
			            _("cannot %s: no BPF ring buffer in this kernel (before 5.8?)"),
			            what);
		else
			set_errno_error(error, err, what);
	}
	return fd;
}

static gboolean map_update(int fd, guint32 key, const void *value, GError **error)
{
	union bpf_attr attr = {0};

	attr.map_fd = fd;
	attr.key = ptr_u64(&key);
	attr.value = ptr_u64(value);
	attr.flags = BPF_ANY;
	if (sys_bpf(BPF_MAP_UPDATE_ELEM, &attr) < 0) {
		set_errno_error(error, errno, _("fill a BPF map"));
		return FALSE;
	}
	return TRUE;
}

/* The end of the verifier log, where it says what it rejected. */
static char *log_excerpt(const char *log)
{
	gsize n = strlen(log);

	while (n > 0 && (log[n - 1] == '\n' || log[n - 1] == ' '))
		n--;
	gsize start = n, lines = 0;
	while (start > 0 && lines < 12 && n - start < 1500)
		if (log[--start] == '\n')
			lines++;
	if (start > 0)
		start++;
	return g_strndup(log + start, n - start);
}

static int prog_load(const Asm *a, GError **error)
{
	union bpf_attr attr = {0};
	int fd = -1;

	attr.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT;
	attr.insns = ptr_u64(a->insn);
	attr.insn_cnt = a->n;
	attr.license = ptr_u64("GPL"); /* the probe_read helpers are GPL-only */
	g_strlcpy(attr.prog_name, "lttv_sysstr", sizeof attr.prog_name);
	/* the verifier asks to retry (EAGAIN) when a signal interrupts it */
	for (int i = 0; i < 5; i++) {
		fd = sys_bpf(BPF_PROG_LOAD, &attr);
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	if (fd >= 0)
		return fd;
	int err = errno;
	if (err == EPERM || err == ENOSYS) {
		set_errno_error(error, err, _("load the eBPF program"));
		return -1;
	}

	/* load again only to get the log: keeping it on every load costs */
	gsize log_size = 1 << 20;
	g_autofree char *log = g_malloc0(log_size);
	attr.log_level = 1;
	attr.log_buf = ptr_u64(log);
	attr.log_size = log_size;
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd >= 0) /* passed this time: take it */
		return fd;
	log[log_size - 1] = '\0';
	g_autofree char *excerpt = log_excerpt(log);
	g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
	            _("the kernel rejected the eBPF program for syscall strings (%s); verifier "
	              "log ends with:\n%s"),
	            g_strerror(err), excerpt);
	return -1;
}

/* How many values a per-CPU map lookup writes: one per possible CPU.  We
 * take the highest possible CPU number + 1, which is never fewer. */
static guint possible_cpu_slots(void)
{
	g_autofree char *text = NULL;
	guint n = 0;

	if (g_file_get_contents("/sys/devices/system/cpu/possible", &text, NULL, NULL)) {
		const char *p = text + strcspn(text, "\n");
		while (p > text && !g_ascii_isdigit(p[-1]))
			p--;
		while (p > text && g_ascii_isdigit(p[-1]))
			p--;
		n = (guint)g_ascii_strtoull(p, NULL, 10) + 1;
	}
	long conf = sysconf(_SC_NPROCESSORS_CONF);
	return MAX(n, conf > 0 ? (guint)conf : 1u);
}

static gboolean create_maps(MapFds *m, guint n_nr, GError **error)
{
	m->mask = map_create(BPF_MAP_TYPE_ARRAY, "lttv_strmask", 1, n_nr, error);
	if (m->mask < 0)
		return FALSE;
	m->config = map_create(BPF_MAP_TYPE_ARRAY, "lttv_strconf", 4, 1, error);
	if (m->config < 0)
		return FALSE;
	m->scratch = map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "lttv_strtmp", SCRATCH_SIZE, 1, error);
	if (m->scratch < 0)
		return FALSE;
	m->lost = map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "lttv_strlost", 8, 1, error);
	if (m->lost < 0)
		return FALSE;
	m->ring = map_create(BPF_MAP_TYPE_RINGBUF, "lttv_strring", 0, RING_SIZE, error);
	return m->ring >= 0;
}

/* ------------------------------------------------------------ public API */

LttvSyscallStrings *lttv_syscall_strings_open(const guint8 *arg_mask, guint n_nr, GError **error)
{
	if (!HAVE_ARCH) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
		            _("capturing syscall strings is not supported on this architecture"));
		return NULL;
	}
	if (arg_mask == NULL || n_nr == 0 || n_nr > 65536) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            _("syscall strings: invalid syscall argument mask (%u entries)"), n_nr);
		return NULL;
	}
	LttvSyscallStrings *s = g_new0(LttvSyscallStrings, 1);
	s->map = (MapFds){-1, -1, -1, -1, -1};
	s->prog_fd = s->link_fd = -1;
	g_mutex_init(&s->lock);
	s->n_cpu_slots = possible_cpu_slots();
	s->page_size = sysconf(_SC_PAGESIZE);

	if (!create_maps(&s->map, n_nr, error))
		goto fail;
	for (guint nr = 0; nr < n_nr; nr++) {
		guint8 m = arg_mask[nr] & 0x3f;

		/* arrays start zeroed: only write what is set */
		if (m && !map_update(s->map.mask, nr, &m, error))
			goto fail;
	}

	/* consumer page read-write; producer page then the data, which the
	 * kernel maps twice so that a record never wraps around */
	void *p = mmap(NULL, s->page_size, PROT_READ | PROT_WRITE, MAP_SHARED, s->map.ring, 0);
	if (p == MAP_FAILED) {
		set_errno_error(error, errno, _("map the BPF ring buffer"));
		goto fail;
	}
	s->consumer_pos = p;
	p = mmap(NULL, s->page_size + 2 * (gsize)RING_SIZE, PROT_READ, MAP_SHARED, s->map.ring,
	         s->page_size);
	if (p == MAP_FAILED) {
		set_errno_error(error, errno, _("map the BPF ring buffer"));
		goto fail;
	}
	s->producer_pos = p;
	s->data = (const guint8 *)p + s->page_size;

	Asm *a = g_new0(Asm, 1);
	if (!assemble(a, &s->map)) {
		g_free(a);
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
		            _("internal error: the eBPF program for syscall strings does not "
		              "assemble"));
		goto fail;
	}
	s->prog_fd = prog_load(a, error);
	g_free(a);
	if (s->prog_fd < 0)
		goto fail;

	union bpf_attr attr = {0};
	attr.raw_tracepoint.name = ptr_u64("sys_enter");
	attr.raw_tracepoint.prog_fd = s->prog_fd;
	s->link_fd = sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr);
	if (s->link_fd < 0) {
		set_errno_error(error, errno, _("attach to the sys_enter tracepoint"));
		goto fail;
	}
	return s;
fail:
	lttv_syscall_strings_close(s);
	return NULL;
}

void lttv_syscall_strings_ignore_tgid(LttvSyscallStrings *s, gint32 tgid)
{
	guint32 v = (guint32)MAX(tgid, 0);
	g_autoptr(GError) error = NULL;

	if (!map_update(s->map.config, 0, &v, &error))
		g_warning("%s", error->message);
}

int lttv_syscall_strings_fd(const LttvSyscallStrings *s)
{
	return s->map.ring;
}

guint lttv_syscall_strings_drain(LttvSyscallStrings *s,
                                 void (*cb)(const LttvSyscallString *rec, gpointer user_data),
                                 gpointer user_data)
{
	const guint64 mask = RING_SIZE - 1;
	guint n = 0;

	g_return_val_if_fail(s != NULL && cb != NULL, 0);
	g_mutex_lock(&s->lock);
	guint64 cons = __atomic_load_n(s->consumer_pos, __ATOMIC_RELAXED);
	/* stop at the producer position seen now: a caller never spins here
	 * while the system keeps writing */
	guint64 prod = __atomic_load_n(s->producer_pos, __ATOMIC_ACQUIRE);
	while (cons < prod) {
		const guint32 *hdr = (const guint32 *)(s->data + (cons & mask));
		guint32 len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);

		if (len & BPF_RINGBUF_BUSY_BIT) /* reserved, not yet committed */
			break;
		guint32 size = len & ~(guint32)(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		const guint8 *sample = (const guint8 *)hdr + BPF_RINGBUF_HDR_SZ;
		RecordHeader h;

		if (!(len & BPF_RINGBUF_DISCARD_BIT) && size > sizeof h) {
			memcpy(&h, sample, sizeof h);
			const char *str = (const char *)sample + sizeof h;
			gsize room = size - sizeof h; /* string bytes with the NUL */

			/* the program always sends the NUL; trust nothing else */
			if (h.len < room && str[h.len] == '\0') {
				LttvSyscallString rec = {.ts = h.ts,
				                         .tid = h.tid,
				                         .nr = h.nr,
				                         .arg = h.arg,
				                         .len = h.len,
				                         .str = str};
				cb(&rec, user_data);
				n++;
			}
		}
		cons += (size + BPF_RINGBUF_HDR_SZ + 7) & ~(guint64)7;
		/* release: the space may be reused once we have read it */
		__atomic_store_n(s->consumer_pos, cons, __ATOMIC_RELEASE);
	}
	g_mutex_unlock(&s->lock);
	return n;
}

guint64 lttv_syscall_strings_lost(const LttvSyscallStrings *s)
{
	g_autofree guint64 *v = g_new0(guint64, s->n_cpu_slots);
	union bpf_attr attr = {0};
	guint32 key = 0;
	guint64 lost = 0;

	attr.map_fd = s->map.lost;
	attr.key = ptr_u64(&key);
	attr.value = ptr_u64(v);
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr) == 0)
		for (guint i = 0; i < s->n_cpu_slots; i++)
			lost += v[i];

	/* runs skipped because the program was already running on that CPU */
	if (s->prog_fd >= 0) {
		struct bpf_prog_info info = {0};

		memset(&attr, 0, sizeof attr);
		attr.info.bpf_fd = s->prog_fd;
		attr.info.info_len = sizeof info;
		attr.info.info = ptr_u64(&info);
		if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) == 0 &&
		    attr.info.info_len >= offsetof(struct bpf_prog_info, recursion_misses) + 8)
			lost += info.recursion_misses;
	}
	return lost;
}

void lttv_syscall_strings_detach(LttvSyscallStrings *s)
{
	if (s->link_fd >= 0)
		close(s->link_fd);
	s->link_fd = -1;
}

void lttv_syscall_strings_close(LttvSyscallStrings *s)
{
	if (s == NULL)
		return;
	lttv_syscall_strings_detach(s);
	if (s->prog_fd >= 0)
		close(s->prog_fd);
	if (s->consumer_pos != NULL)
		munmap(s->consumer_pos, s->page_size);
	if (s->producer_pos != NULL)
		munmap((void *)s->producer_pos, s->page_size + 2 * (gsize)RING_SIZE);
	int *fds[] = {&s->map.mask, &s->map.config, &s->map.scratch, &s->map.lost, &s->map.ring};
	for (gsize i = 0; i < G_N_ELEMENTS(fds); i++)
		if (*fds[i] >= 0)
			close(*fds[i]);
	g_mutex_clear(&s->lock);
	g_free(s);
}
