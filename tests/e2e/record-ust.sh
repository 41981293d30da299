#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lttv-trace record -u end to end (issue 4, doc/ust-sessions.md): the
# traced program tests/e2e/ust/ust-test-app under the recorder, its traces
# read back event by event by tests/e2e/ust/ust-check (liblttv) and by
# babeltrace2.  A stress of two threads and a signal handler; a crash; the
# recorder killed under a running program; the flight recorder and its
# snapshot; -k -u on one timeline (root); list-events -u; enable-event and
# disable-event on a running program (and on one stopped while the command
# runs); a running program joining sessions
# for every application; bad input.
. "$LTTV_SRCDIR/tests/lib/tap.sh"
REC="$LTTV_TRACE_BIN"
U="$LTTV_BUILDDIR/tests/e2e/ust"
APP="$U/ust-test-app"
CHK="$U/ust-check"
REAPER="$U/ust-reaper"
export TZ=UTC LC_ALL=C
unset LTTV_UST_SESSION LTTV_UST_DEBUG
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
command -v babeltrace2 >/dev/null || tap_bail "babeltrace2 is missing (tools/check installs it)"
for p in "$REC" "$APP" "$CHK" "$REAPER"; do
	[ -x "$p" ] || tap_bail "$p is not built"
done

# wait_file FILE SECONDS: until FILE exists
wait_file() {
	i=0
	while [ ! -e "$1" ] && [ $i -lt $(($2 * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "$1" ]
}
# the user-space traces of a session folder: DIR/ust/pid/<name>-<pid>-<date>
ust_traces() { ls -d "$1"/ust/pid/*-[0-9]*-[0-9]*-[0-9]*/ 2>/dev/null; }
# field VALUE of key=value output
val() { sed -n "s/.*\\b$1=\\([0-9]*\\).*/\\1/p" "$2" | head -n 1; }

# ---------------------------------------------------------------- stress
# 2 threads x 10 M events, and SIGUSR1 sent to them every 100 us by a
# third thread, whose handler traces (interrupting their tracepoints).
# 4 MiB x 32 per CPU on 2 CPUs: the consumer keeps up on 2 busy cores
# (with 4 MiB x 16, 5 to 30 % of the events are lost).  Every CPU gets its
# buffers, so 256 MiB in all, 16 MiB per CPU at least, on larger machines.
N=10000000
ncpu=$(getconf _NPROCESSORS_CONF 2>/dev/null || echo 2)
nsub=32
c=2
while [ $c -lt "$ncpu" ] && [ $nsub -gt 4 ]; do
	c=$((c * 2))
	nsub=$((nsub / 2))
done
timeout 300 "$REC" record -u --subbuf-size 4M --num-subbuf $nsub -o "$tmp/stress" -- \
	"$APP" stress 2 $N 100 >"$tmp/stress.out" 2>"$tmp/stress.err"
rc=$?
check "stress: record -u exits 0" '[ $rc -eq 0 ]' || tap_diag "$tmp/stress.err"
sed 's/^/# /' "$tmp/stress.out"
signals=$(val signals "$tmp/stress.out")
check "stress: the program ran and its signal handler traced ($signals events)" \
	'[ -n "$signals" ] && [ "$signals" -gt 100 ]'
check "stress: one trace in ust/pid/NAME-PID-DATE/ with metadata and channel0_CPU files" \
	'[ "$(ust_traces "$tmp/stress" | wc -l)" -eq 1 ] && [ -f "$(ust_traces "$tmp/stress")metadata" ] && ls "$(ust_traces "$tmp/stress")" | grep -q "^channel0_[0-9]"'
"$CHK" seq "$tmp/stress" 2 $N "${signals:-0}" >"$tmp/stress.chk" 2>&1
crc=$?
lost=$(val discarded "$tmp/stress.chk")
check "stress: each sequence number once or counted as discarded, none torn, time order per stream (lost: ${lost:-?} of $((2 * N + ${signals:-0})))" \
	'[ $crc -eq 0 ]' || tap_diag "$tmp/stress.chk"
grep '^events=' "$tmp/stress.chk" | sed 's/^/# /'
# the summary's row: pid, process, size (number, a no-break space or a
# space, unit), packets, lost
rec_lost=$(sed 's/\xc2\xa0/ /g' "$tmp/stress.out" | awk '$1 ~ /^[0-9]+$/ && $2 == "ust-test-app" { print $6 }')
check "stress: lttv-trace's summary counts as many lost events as the trace (${rec_lost:-?})" \
	'[ -n "$lost" ] && [ "$rec_lost" = "$lost" ]'
check "stress: babeltrace2 -o dummy reads the trace" \
	'babeltrace2 -o dummy "$tmp/stress/ust" 2>"$tmp/stress.bt2"' || tap_diag "$tmp/stress.bt2"
rm -rf "$tmp/stress"

# ---------------------------------------------------------------- crash
timeout 120 "$REC" record -u -o "$tmp/crash" -- "$APP" crash 200000 >"$tmp/crash.out" 2>"$tmp/crash.err"
check "crash: lttv-trace says the command was killed by signal 11" \
	'grep -q "killed by signal 11" "$tmp/crash.err"' || tap_diag "$tmp/crash.err"
"$CHK" seq "$tmp/crash" 1 200000 0 >"$tmp/crash.chk" 2>&1
crc=$?
check "crash: the trace holds all 200000 events, whole and in order" \
	'[ $crc -eq 0 ] && grep -q " missing=0 " "$tmp/crash.chk"' || tap_diag "$tmp/crash.chk"
check "crash: babeltrace2 -o dummy reads the trace" 'babeltrace2 -o dummy "$tmp/crash/ust" 2>/dev/null'

# ---------------------------------------------------------------- consumer killed
# ust-reaper adopts the program when its parent, lttv-trace, is killed, and
# reports how it ended.  The program emits 40 events, one per 100 ms; after
# the kill (and time for the library to notice), the flag file makes it
# count the events it emits from then on: all of them are discarded.
name=ust-e2e-kill-$$
LTTV_UST_DEBUG=1 "$REAPER" "$tmp/kill.status" "$tmp/kill.recpid" "$REC" record -u -n "$name" -o "$tmp/kill" -- \
	"$APP" slow 40 100 "$tmp/kill.apppid" "$tmp/kill.flag" >"$tmp/kill.out" 2>"$tmp/kill.err" &
reaper=$!
if wait_file "$tmp/kill.apppid" 30; then
	sleep 1
	recpid=$(cat "$tmp/kill.recpid")
	apppid=$(cat "$tmp/kill.apppid")
	[ -n "$recpid" ] && kill -9 "$recpid"
	sleep 0.5
	: >"$tmp/kill.flag"
fi
wait $reaper
check "consumer killed: lttv-trace died of SIGKILL mid-run" \
	'[ -n "$recpid" ] && grep -qx "pid=$recpid signaled=9" "$tmp/kill.status"' ||
	tap_diag "$tmp/kill.status"
check "consumer killed: the program finished with status 0" \
	'[ -n "$apppid" ] && grep -qx "pid=$apppid exited=0" "$tmp/kill.status"' ||
	{ tap_diag "$tmp/kill.status"; tap_diag "$tmp/kill.err"; }
after=$(val after_flag "$tmp/kill.out")
check "consumer killed: the program's output is whole (after the kill: ${after:-?} events)" \
	'grep -q "^slow: emitted=40 after_flag=[0-9]" "$tmp/kill.out" && [ "$after" -ge 1 ]' ||
	tap_diag "$tmp/kill.out"
gone=$(sed -n 's/^liblttv-ust: \([0-9]*\) events discarded: the session is gone$/\1/p' "$tmp/kill.err")
check "consumer killed: LTTV_UST_DEBUG=1 reports the events discarded (${gone:-none}), at least those after the kill" \
	'[ -n "$gone" ] && [ "$gone" -ge "$after" ] && [ "$gone" -le 40 ]' || tap_diag "$tmp/kill.err"
# the killed session left its socket: a new session of that name replaces it
timeout 60 "$REC" record -u -n "$name" -o "$tmp/kill2" -- "$APP" crash 10 >"$tmp/kill2.out" 2>&1
"$CHK" seq "$tmp/kill2" 1 10 0 >"$tmp/kill2.chk" 2>&1
crc=$?
check "consumer killed: a new session of the same name records (the stale socket is replaced)" \
	'[ $crc -eq 0 ] && grep -q " missing=0 " "$tmp/kill2.chk"' || { tap_diag "$tmp/kill2.out"; tap_diag "$tmp/kill2.chk"; }

# ---------------------------------------------------------------- flight recorder
# one thread pinned to one CPU: 100000 events through 4 x 4 KiB, a marker,
# a pause while the snapshot is taken, 5000 more, exit
name=ust-e2e-flight-$$
timeout 120 "$REC" record -u --overwrite --subbuf-size 4k --num-subbuf 4 -n "$name" -o "$tmp/flight" -- \
	"$APP" hold 100000 "$tmp/fl.marker" "$tmp/fl.go" 5000 >"$tmp/fl.out" 2>"$tmp/fl.err" &
recpid=$!
last=
if wait_file "$tmp/fl.marker" 30; then
	last=$(val last "$tmp/fl.marker")
	"$REC" snapshot "$name" -o "$tmp/snap" >"$tmp/snap.out" 2>&1
	src=$?
fi
: >"$tmp/fl.go"
wait $recpid
rc=$?
check "flight: lttv-trace snapshot $name exits 0" '[ "$src" = 0 ]' || tap_diag "$tmp/snap.out"
"$CHK" window "$tmp/snap" "${last:-99999}" 300 >"$tmp/snap.chk" 2>&1
crc=$?
check "flight: the snapshot is one trace in SNAPDIR/ust/pid/NAME-PID-DATE/" \
	'[ "$(ust_traces "$tmp/snap" | wc -l)" -eq 1 ]' || ls -R "$tmp/snap" 2>&1 | tap_diag /dev/stdin
check "flight: the snapshot holds the newest events, consecutive, in order, ending at seq ${last:-?} ($(grep '^events=' "$tmp/snap.chk" | cut -d' ' -f1-3))" \
	'[ $crc -eq 0 ]' || tap_diag "$tmp/snap.chk"
check "flight: babeltrace2 -o dummy reads the snapshot" 'babeltrace2 -o dummy "$tmp/snap" 2>/dev/null'
check "flight: record exits 0 with the program" '[ $rc -eq 0 ] && grep -q "^hold: last=104999" "$tmp/fl.out"' ||
	tap_diag "$tmp/fl.err"
"$CHK" window "$tmp/flight" 104999 300 >"$tmp/flight.chk" 2>&1
crc=$?
check "flight: the last snapshot, at the program's exit, ends at its last event" '[ $crc -eq 0 ]' ||
	tap_diag "$tmp/flight.chk"

# ---------------------------------------------------------------- list-events -u
name=ust-e2e-list-$$
timeout 120 "$REC" record -u -n "$name" -o "$tmp/list" -- \
	"$APP" hold 10 "$tmp/ls.marker" "$tmp/ls.go" 0 >"$tmp/ls.out" 2>"$tmp/ls.err" &
recpid=$!
lrc=none
if wait_file "$tmp/ls.marker" 30; then
	"$REC" list-events -u >"$tmp/list.out" 2>&1
	lrc=$?
fi
: >"$tmp/ls.go"
wait $recpid
check "list-events -u lists the events of the running program" \
	'[ "$lrc" = 0 ] && grep -q "ust_e2e:seq" "$tmp/list.out" && grep -q "ust_e2e:sig" "$tmp/list.out" && grep -q "ust_e2e:before_write" "$tmp/list.out"' ||
	tap_diag "$tmp/list.out"
"$REC" list-events -u >"$tmp/list2.out" 2>&1
lrc=$?
check "list-events -u once it has exited: exit 0, its events gone" \
	'[ $lrc -eq 0 ] && ! grep -q "ust_e2e:" "$tmp/list2.out"' || tap_diag "$tmp/list2.out"

# ---------------------------------------------------------------- enable-event / disable-event
# rules given to a running session reach a running program: held after
# 1000 events, the rule given, then 500 more events
# run_rule NAME TAG -e-PATTERNS COMMAND PATTERNS [STOP]: the ust_e2e:seq numbers recorded, in
# $tmp/TAG.seq; with STOP (seconds), the program is stopped (SIGSTOP) while the command runs
# and continued STOP seconds later; $waited: the command's time in ms
run_rule() {
	timeout 120 "$REC" record -u -e "$3" -n "$1" -o "$tmp/$2" -- \
		"$APP" hold 1000 "$tmp/$2.marker" "$tmp/$2.go" 500 >"$tmp/$2.out" 2>"$tmp/$2.err" &
	recpid=$!
	rrc=none
	waited=none
	if wait_file "$tmp/$2.marker" 30; then
		apid=
		if [ -n "${6:-}" ]; then
			for p in $(pgrep -x ust-test-app); do
				tr '\0' ' ' <"/proc/$p/cmdline" | grep -q "$tmp/$2.marker" && apid=$p
			done
			kill -STOP "$apid"
			(sleep "$6" && kill -CONT "$apid") &
		fi
		t0=$(date +%s%N)
		"$REC" "$4" "$1" "$5" >"$tmp/$2.cmd" 2>&1
		rrc=$?
		waited=$((($(date +%s%N) - t0) / 1000000))
		[ -z "$apid" ] || wait $!
	fi
	: >"$tmp/$2.go"
	wait $recpid
	"$LTTV_BIN" dump "$tmp/$2" 2>/dev/null | sed -n 's/.*ust_e2e:seq: .* seq = \([0-9]*\),.*/\1/p' >"$tmp/$2.seq"
}
# seq_range TAG COUNT FIRST LAST
seq_range() {
	[ "$(wc -l <"$tmp/$1.seq")" -eq "$2" ] && [ "$(head -n 1 "$tmp/$1.seq")" = "$3" ] &&
		[ "$(tail -n 1 "$tmp/$1.seq")" = "$4" ]
}
run_rule "ust-e2e-enable-$$" en 'none:*' enable-event 'ust_e2e:*'
check "enable-event on a running program: exactly the events after it are recorded (seq 1000-1499: $(wc -l <"$tmp/en.seq") events)" \
	'[ "$rrc" = 0 ] && seq_range en 500 1000 1499' || tap_diag "$tmp/en.cmd"
run_rule "ust-e2e-disable-$$" dis 'ust_e2e:*' disable-event 'ust_e2e:seq'
check "disable-event on a running program: exactly the events before it are recorded (seq 0-999: $(wc -l <"$tmp/dis.seq") events)" \
	'[ "$rrc" = 0 ] && seq_range dis 1000 0 999' || tap_diag "$tmp/dis.cmd"
# the command returns once the program applied the rule: stopped, then
# continued after 1 s, it applies it then; stopped for longer than the 5 s
# the session waits, it is said not to have confirmed
run_rule "ust-e2e-stop-$$" st 'none:*' enable-event 'ust_e2e:*' 1
check "enable-event on a program stopped for 1 s: answered once it applied the rule (${waited} ms), every event after it recorded (seq 1000-1499: $(wc -l <"$tmp/st.seq") events)" \
	'[ "$rrc" = 0 ] && [ "$waited" -ge 900 ] && ! grep -q "did not confirm" "$tmp/st.cmd" && seq_range st 500 1000 1499' ||
	tap_diag "$tmp/st.cmd"
run_rule "ust-e2e-stuck-$$" stuck 'none:*' enable-event 'ust_e2e:*' 7
check "enable-event on a program stopped for 7 s: answered after the 5 s the session waits (${waited} ms), saying it did not confirm" \
	'[ "$rrc" = 0 ] && [ "$waited" -ge 4900 ] && [ "$waited" -lt 6900 ] && grep -q "1 application did not confirm it within 5 s" "$tmp/stuck.cmd"' ||
	tap_diag "$tmp/stuck.cmd"
# a program that registers after enable-event: the rule holds from its
# first event (the session's rules come with its configuration and are
# applied as it registers, not later by its listener thread)
timeout 120 "$REC" record -u -e 'none:*' -n "ust-e2e-late-$$" -o "$tmp/late" -- \
	"$APP" hold 1 "$tmp/late.marker" "$tmp/late.go" 0 >"$tmp/late.out" 2>"$tmp/late.err" &
recpid=$!
lrc=none
if wait_file "$tmp/late.marker" 30; then
	"$REC" enable-event "ust-e2e-late-$$" 'ust_e2e:seq' >"$tmp/late.cmd" 2>&1
	: >"$tmp/late2.go"
	sock=$(ls -d /run/lttv/"ust-e2e-late-$$".sock "${XDG_RUNTIME_DIR:-/nonexistent}"/lttv/"ust-e2e-late-$$".sock \
		/tmp/lttv-"$(id -u)"/"ust-e2e-late-$$".sock 2>/dev/null | head -n 1)
	LTTV_UST_SESSION=$sock "$APP" hold 300 "$tmp/late2.marker" "$tmp/late2.go" 0 >"$tmp/late2.out" 2>&1
	lrc=$?
fi
: >"$tmp/late.go"
wait $recpid
"$LTTV_BIN" dump "$tmp/late" 2>/dev/null | sed -n 's/.*ust_e2e:seq: .* seq = \([0-9]*\),.*/\1/p' >"$tmp/late.seq"
check "a program registering after enable-event records from its first event (seq 0-299 of its 300: $(wc -l <"$tmp/late.seq") events)" \
	'[ "$lrc" = 0 ] && seq_range late 300 0 299' || tap_diag "$tmp/late2.out"
# ---------------------------------------------------------------- every application
# a program started before any session (no LTTV_UST_SESSION) joins a
# session that records every application when it starts, and the next one
"$APP" slow 40 100 "$tmp/all.pid" "$tmp/all.flag" >"$tmp/all.out" 2>"$tmp/all.err" &
apppid=$!
sleep 0.5
timeout 60 "$REC" record -u -n "ust-e2e-all1-$$" -d 1 -o "$tmp/all1" >"$tmp/all1.log" 2>&1
r1=$?
timeout 60 "$REC" record -u -n "ust-e2e-all2-$$" -d 1 -o "$tmp/all2" >"$tmp/all2.log" 2>&1
r2=$?
wait $apppid
arc=$?
# the ust_e2e:seq numbers of the program in a session folder
all_seq() {
	for d in "$1"/ust/pid/*-"$apppid"-*/; do
		[ -d "$d" ] && "$LTTV_BIN" dump "$d" 2>/dev/null
	done | sed -n 's/.*ust_e2e:seq: .* seq = \([0-9]*\),.*/\1/p'
}
all_seq "$tmp/all1" >"$tmp/all1.seq"
all_seq "$tmp/all2" >"$tmp/all2.seq"
check "a running program joins each new session for every application ($(wc -l <"$tmp/all1.seq") then $(wc -l <"$tmp/all2.seq") events, the program exits $arc)" \
	'[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && [ $arc -eq 0 ] && [ "$(wc -l <"$tmp/all1.seq")" -ge 5 ] && [ "$(wc -l <"$tmp/all2.seq")" -ge 5 ] && [ "$(tail -n 1 "$tmp/all1.seq")" -lt "$(head -n 1 "$tmp/all2.seq")" ]' ||
	tap_diag "$tmp/all1.log"

"$REC" enable-event "ust-e2e-nosuch-$$" 'a:b' >"$tmp/rule.err" 2>&1
rrc=$?
check "enable-event on no such session: refused (status $rrc), naming it" \
	'[ $rrc -ge 1 ] && [ $rrc -le 125 ] && grep -q "ust-e2e-nosuch-$$" "$tmp/rule.err"' || tap_diag "$tmp/rule.err"

# ---------------------------------------------------------------- -k -u
if [ "$(id -u)" != 0 ]; then
	tap_skip "-k -u: each UST event right before its thread's syscall_entry_write" "needs root (CI runs as root)"
else
	# a machine busy with other tests can starve the recorder until the
	# kernel drops events (the recorder counts them): a large buffer, and
	# a new recording when events were lost all the same, as the check
	# needs every switch and write of the program
	tracefs_lock
	for attempt in 1 2 3; do
		rm -rf "$tmp/ku"
		timeout 120 "$REC" record -k -u --kernel-events sched,syscall --buffer-size 32768 \
			-o "$tmp/ku" -- "$APP" pipe 5 >"$tmp/ku.out" 2>"$tmp/ku.err"
		rc=$?
		grep -q "no event lost" "$tmp/ku.out" && break
		echo "# -k -u, recording $attempt: the kernel dropped events: $(awk '$1 == "total"' "$tmp/ku.out")"
	done
	check "-k -u: exit 0, kernel/ and ust/ in one session folder" \
		'[ $rc -eq 0 ] && [ -f "$tmp/ku/kernel/metadata" ] && [ "$(ust_traces "$tmp/ku" | wc -l)" -eq 1 ]' ||
		tap_diag "$tmp/ku.err"
	"$CHK" merge "$tmp/ku" "$(val tid "$tmp/ku.out")" "$(val fd "$tmp/ku.out")" 5 >"$tmp/ku.chk" 2>&1
	crc=$?
	check "-k -u: on the merged timeline each UST event lies right before its thread's syscall_entry_write, and the history names that thread as its owner ($(grep '^tracepoints=' "$tmp/ku.chk"))" \
		'[ $crc -eq 0 ]' || tap_diag "$tmp/ku.chk"
	# the event list's CSV export: the UST events in the program's thread
	# (from the kernel trace: the user-space trace has no vtid), and a
	# filter on that thread keeps them
	KTID=$(val tid "$tmp/ku.out")
	DRIVER="$LTTV_BUILDDIR/tests/unit/render-view"
	EVMOD="$LTTV_BUILDDIR/modules/events/.libs/events.so"
	"$DRIVER" "$EVMOD" events "$tmp/ku" - - 1400x600 "$tmp/ku.csv" 2>"$tmp/ku.csv.err"
	RENDER_FILTER="state.process.tid == $KTID" "$DRIVER" "$EVMOD" events "$tmp/ku" - - 1400x600 \
		"$tmp/ku-tid.csv" 2>"$tmp/ku-tid.csv.err"
	check "-k -u: the event list shows the UST events in thread $KTID of the program" \
		'[ "$(grep -c ",ust_e2e:before_write,$KTID,[0-9][0-9]*,ust-test-app," "$tmp/ku.csv")" -eq 5 ]' ||
		{ tap_diag "$tmp/ku.csv.err"; grep "before_write" "$tmp/ku.csv" | head -n 5 | sed 's/^/# /'; }
	# the user-space trace alone: the thread from the events' vtid context
	"$DRIVER" "$EVMOD" events "$tmp/ku/ust" - - 1400x600 "$tmp/u-alone.csv" 2>"$tmp/u-alone.csv.err"
	check "the user-space trace alone: the event list names thread $KTID of the program (vtid context)" \
		'[ "$(grep -c ",ust_e2e:before_write,$KTID,[0-9][0-9]*,ust-test-app," "$tmp/u-alone.csv")" -eq 5 ]' ||
		{ tap_diag "$tmp/u-alone.csv.err"; grep "before_write" "$tmp/u-alone.csv" | head -n 5 | sed 's/^/# /'; }
	check "-k -u: the event list filtered on state.process.tid == $KTID keeps its UST events" \
		'[ "$(grep -c ",ust_e2e:before_write," "$tmp/ku-tid.csv")" -eq 5 ] && [ "$(tail -n +2 "$tmp/ku-tid.csv" | cut -d, -f4 | sort -u)" = "$KTID" ]' ||
		tap_diag "$tmp/ku-tid.csv.err"
	"$LTTV_BIN" dump "$tmp/ku" >"$tmp/ku.dump" 2>&1
	check "-k -u: lttv dump of the session folder shows both traces' events" \
		'grep -q "ust_e2e:before_write: .* index = 4," "$tmp/ku.dump" && grep -q "syscall_entry_write: .*fd = $(val fd "$tmp/ku.out")," "$tmp/ku.dump"' ||
		tap_diag "$tmp/ku.dump"
	check "-k -u: babeltrace2 reads both traces as one" \
		'[ -n "$(ust_traces "$tmp/ku")" ] && babeltrace2 -o dummy "$tmp/ku/kernel" $(ust_traces "$tmp/ku") 2>"$tmp/ku.bt2"' || tap_diag "$tmp/ku.bt2"
fi

# ---------------------------------------------------------------- bad input
# refused: a status from 1 to 125 (not a crash), a message
refused() { [ "$1" -ge 1 ] && [ "$1" -le 125 ]; }
"$REC" record -u --subbuf-size 3000 -o "$tmp/bad" -- "$APP" crash 1 >"$tmp/bad.out" 2>&1
rc=$?
check "--subbuf-size 3000: refused (status $rc) with a message naming it, the command not run" \
	'refused $rc && grep -q "subbuf-size.*3000" "$tmp/bad.out" && ! grep -q "^crash:" "$tmp/bad.out"' ||
	tap_diag "$tmp/bad.out"
"$REC" record -u --num-subbuf 3 -o "$tmp/bad2" -- "$APP" crash 1 >"$tmp/bad2.out" 2>&1
rc=$?
check "--num-subbuf 3: refused (status $rc) with a message naming it" \
	'refused $rc && grep -q "num-subbuf.*\b3\b" "$tmp/bad2.out" && ! grep -q "^crash:" "$tmp/bad2.out"' ||
	tap_diag "$tmp/bad2.out"
"$REC" snapshot "NOSUCH-$$" >"$tmp/nosuch.out" 2>&1
rc=$?
check "snapshot of no such session: refused (status $rc), naming it" \
	'refused $rc && grep -q "NOSUCH-$$" "$tmp/nosuch.out"' || tap_diag "$tmp/nosuch.out"
tap_done
