/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The eBPF programs of syscall-strings.c, assembled instruction by
 * instruction (no libbpf, no BPF compiler): a small assembler with labels,
 * then the programs that copy string arguments into the ring buffer. */
#include "tracer/kernel/syscall-strings-internal.h"

#include <stddef.h>
#include <string.h>
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

#define USER_CS_X86 0x33 /* __USER_CS: a 64-bit syscall (not ia32 compat) */
#define STACK_KEY   (-8) /* u32 map key */

enum { L_OUT, L_NEXT0, L_HAVE0 = L_NEXT0 + 6, L_BOUND0 = L_HAVE0 + 6, N_LABELS = L_BOUND0 + 6 };
G_STATIC_ASSERT(N_LABELS <= MAX_LABELS);

#if HAVE_ARCH
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
#endif

#if HAVE_ARCH
/* Leaves out the recorder's own process: R8 = pid_tgid (callee-saved). */
static void emit_skip_tgid(Asm *a, const MapFds *m)
{
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
}

/* R6 = the per-CPU scratch record, with timestamp, tid (R8) and nr (R9)
 * written once for all the arguments. */
static void emit_scratch_header(Asm *a, const MapFds *m)
{
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
}

/* Sends argument k, the user address at fp + slot, as one record; ends with
 * the label L_NEXT0 + k. */
static void emit_string_arg(Asm *a, const MapFds *m, int k, int slot)
{
	emit(a, ST_MEM(BPF_W, R6, offsetof(RecordHeader, arg), k));
	emit(a, LDX_MEM(BPF_DW, R3, FP, slot));
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

static gboolean emit_exit(Asm *a)
{
	place(a, L_OUT);
	emit(a, MOV64_IMM(R0, 0)); /* tracepoint programs: 0 = no perf sample */
	emit(a, EXIT());
	return resolve(a);
}

/* On the raw sys_enter tracepoint.  ctx is its u64 args[]: args[0] = struct
 * pt_regs *, args[1] = syscall number.  Callee-saved registers: r6 ctx then
 * the scratch record, r7 the argument mask, r8 pid_tgid, r9 the syscall
 * number. */
gboolean lttv_sysstr_assemble_raw(Asm *a, const MapFds *m)
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

	emit_skip_tgid(a, m);

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

	emit_scratch_header(a, m);
	for (int k = 0; k < 6; k++) {
		emit(a, MOV64_REG(R1, R7));
		emit(a, ALU64_IMM(BPF_AND, R1, 1 << k));
		emit_jmp(a, BPF_JEQ, R1, 0, L_NEXT0 + k);
		emit_string_arg(a, m, k, STACK_REGS + (int)(arg_reg_off[k] - REGS_LO));
	}
	return emit_exit(a);
}

/* On ftrace's syscalls:sys_enter_<name> events (a perf tracepoint program),
 * specialized for the string arguments of those events: bit k of mask is at
 * ctx + off[k].  ctx is the event's record: the common fields (the first 8
 * bytes are not readable), int __syscall_nr at 8, then the arguments, 8
 * bytes each.  The kernel only delivers native (not ia32) syscalls there.
 * Only the fields read count against the event's size, checked at attach
 * time, so a program serves every event with the same string fields. */
#define STACK_ARGS(k) (STACK_KEY - 8 * (6 - (k)))
gboolean lttv_sysstr_assemble_tp(Asm *a, const MapFds *m, guint8 mask, const guint16 off[6])
{
	memset(a->label, -1, sizeof a->label);

	emit(a, MOV64_REG(R6, R1));
	emit(a, LDX_MEM(BPF_W, R9, R6, 8));
	emit_skip_tgid(a, m);
	for (int k = 0; k < 6; k++)
		if (mask & (1u << k)) {
			emit(a, LDX_MEM(BPF_DW, R1, R6, off[k]));
			emit(a, STX_MEM(BPF_DW, FP, R1, STACK_ARGS(k)));
		}
	emit_scratch_header(a, m);
	for (int k = 0; k < 6; k++)
		if (mask & (1u << k))
			emit_string_arg(a, m, k, STACK_ARGS(k));
	return emit_exit(a);
}
#else
gboolean lttv_sysstr_assemble_raw(Asm *a, const MapFds *m)
{
	(void)a;
	(void)m;
	return FALSE;
}

gboolean lttv_sysstr_assemble_tp(Asm *a, const MapFds *m, guint8 mask, const guint16 off[6])
{
	(void)a;
	(void)m;
	(void)mask;
	(void)off;
	return FALSE;
}
#endif
