#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Golden tests: `lttv state --at` at three times on two traces.  Each
# expected line was checked by hand against the raw events around the time
# (`lttv dump --clock-seconds --no-delta --end TIME TRACE`); the comments
# quote the events that decide it.
. "$LTTV_SRCDIR/tests/lib/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
L="$LTTV_BIN"
MT="$LTTV_TRACES/tracecompass/many-threads"
AK="$LTTV_TRACES/alireza-ezaz/trace-analysis-kernel"

has() { # FILE, then a line that must be in it (spaces squeezed)
	tr -s ' ' <"$1" | grep -qxF -- "$(echo "$2" | tr -s ' ')"
}

# --- many-threads at 1457113582.9 -------------------------------------------
"$L" state --at 1457113582.9 "$MT" >"$tmp/a"
# 2656 (genKernelTraces) ran on CPU 0 from .814615807, forked 2673, entered
# wait4 at .814757227 (syscall_entry_wait4, cpu 0) and left the CPU at
# .814758486 (sched_switch prev_tid = 2656, prev_state = 1: sleeping); no
# event names it again before .9.
check "many-threads at 582.9: 2656 blocked in wait4 on CPU 0" \
	'has "$tmp/a" " 2656 2656 1557 0 WAIT genKernelTraces [USER_MODE > SYSCALL(wait4)]"'
# 3738 (fluffy): sched_process_exit at .873994586, then sched_switch
# prev_tid = 3738, prev_state = 64 (TASK_DEAD) at .873999113 on CPU 6, never
# freed before .9: a zombie, its last system call (exit) never returned.
check "many-threads at 582.9: 3738 a zombie after its exit on CPU 6" \
	'has "$tmp/a" " 3738 2673 2656 6 ZOMBIE fluffy [USER_MODE > SYSCALL(exit)]"'
# CPU 1's last events before .9: syscall_entry_futex (.899974073), then
# sched_switch prev_tid = 2673, prev_state = 1, next_tid = 0 (.899975542).
check "many-threads at 582.9: CPU 1 idle, 2673 blocked in futex" \
	'has "$tmp/a" " CPU 1 idle 0 swapper/1" &&
	 has "$tmp/a" " 2673 2673 2656 1 WAIT multithread [USER_MODE > SYSCALL(futex)]"'

# --- many-threads at 1457113583.0 -------------------------------------------
"$L" state --at 1457113583.0 "$MT" >"$tmp/b"
# 6319: sched_process_fork by 2673 (child_pid = 2673: a thread of it) at
# .999767232; switched in on CPU 3 at .999936714 (next_comm = "fluffy");
# syscall_exit_clone (ret 0), then set_robust_list entry and exit; nothing
# else on CPU 3 before 583.0: running, in user space.
check "many-threads at 583.0: 6319 runs on CPU 3 in user space" \
	'has "$tmp/b" " 6319 2673 2656 3 RUN fluffy [USER_MODE]" && has "$tmp/b" " CPU 3 busy 6319 fluffy"'

# --- many-threads at 1457113583.2 -------------------------------------------
"$L" state --at 1457113583.2 "$MT" >"$tmp/c"
# 10271: forked by 2673 on CPU 6 at .199974601, no event names it before
# 583.2 but the open of its comm file by 2673: created, never ran.  2673
# then entered futex (.199982320) and left CPU 6 sleeping (.199983736,
# prev_state = 1, next_tid = 0).
check "many-threads at 583.2: 10271 created, never ran; CPU 6 idle" \
	'has "$tmp/c" " 10271 2673 2656 6 WAIT_FORK multithread [USER_MODE > SYSCALL(clone)]" &&
	 has "$tmp/c" " CPU 6 idle 0 swapper/6"'

# --- trace-analysis-kernel at 1696182907.737948 ------------------------------
"$L" state --at 1696182907.737948 "$AK" >"$tmp/d"
# sda (dev 8388608 = 8,0): writes issued at .737781746, .737867322 and
# .737947982 (rwbs 33: write + sync, 8 sectors each), the earlier ones all
# completed by .737776803; the three complete at .738173740-.738179640.
# The issuer, kworker/0:1H (tid 49), runs on CPU 0.
check "trace-analysis-kernel at 907.737948: sda writing, 3 requests pending" \
	'grep -Eq "^ +8,0 +sda +writing +3 pending; 0 reads, 100 writes;" "$tmp/d" &&
	 has "$tmp/d" " CPU 0 busy 49 kworker/0:1H"'

# --- trace-analysis-kernel at 1696182908.2743 and .2745 ----------------------
"$L" state --at 1696182908.2743 "$AK" >"$tmp/e"
"$L" state --at 1696182908.2745 "$AK" >"$tmp/f"
# CPU 1 idle since .273891150 (sched_switch next_tid = 0); ahci's IRQ 56:
# irq_handler_entry at .274266209, irq_handler_exit at .274416298; BLOCK
# softirq (vec 4) raised at .274351488, entered at .274422159, left at
# .274575184.
check "trace-analysis-kernel at 908.2743: IRQ 56 (ahci) interrupts CPU 1's idle thread" \
	'has "$tmp/e" " CPU 1 irq 0 swapper/1" &&
	 grep -q "^  IRQ 56 *ahci\[0000:02:04.0\] busy on CPU 1" "$tmp/e" &&
	 has "$tmp/e" " 0 0 0 1 RUN swapper/1 [SYSCALL > IRQ(ahci[0000:02:04.0])]"'
check "trace-analysis-kernel at 908.2745: then the BLOCK softirq runs there" \
	'has "$tmp/f" " CPU 1 softirq 0 swapper/1" &&
	 grep -q "^  4  BLOCK    pending 0, running on 1 CPUs" "$tmp/f" &&
	 has "$tmp/f" " 0 0 0 1 RUN swapper/1 [SYSCALL > SOFTIRQ(BLOCK)]"'
tap_done
