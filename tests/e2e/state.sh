#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `lttv state` and `lttv processes` as a user meets them, checked against
# the raw events that `lttv dump` prints.
. "$LTTV_SRCDIR/tests/lib/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
L="$LTTV_BIN"
T="$LTTV_TRACES/tracecompass/many-threads"
export TZ=UTC

check "lttv --help lists state and processes" \
	'"$L" --help | grep -q "^  state " && "$L" --help | grep -q "^  processes "'
check "lttv state --help lists --at" '"$L" state --help | grep -q -- "--at"'
check "lttv state without folder: exit 1 with a message" \
	'"$L" state 2>"$tmp/e"; [ $? -eq 1 ] && grep -q "no trace folder" "$tmp/e"'
check "lttv state --at with a bad time: exit 1 explaining the syntax" \
	'"$L" state --at 25:00 "$T" 2>"$tmp/e" >/dev/null; [ $? -eq 1 ] && grep -q "SECONDS.NS" "$tmp/e"'
check "lttv processes on a missing folder: exit 1 naming it" \
	'"$L" processes /nonexistent/y 2>"$tmp/e"; [ $? -eq 1 ] && grep -q "/nonexistent/y" "$tmp/e"'

# Who runs on each CPU at three times: the next_tid of the last sched_switch
# of that CPU before the time, from the raw events.
for at in 1457113582.9 1457113583.0 1457113583.2; do
	"$L" state --at $at "$T" >"$tmp/state"
	"$L" dump --clock-seconds --no-delta --end $at "$T" |
		awk '/ sched_switch: / {
			cpu = $0; sub(/.*cpu_id = /, "", cpu); sub(/[^0-9].*/, "", cpu)
			tid = $0; sub(/.*next_tid = /, "", tid); sub(/[^0-9].*/, "", tid)
			run[cpu] = tid }
			END { for (c in run) print c, run[c] }' | sort -n >"$tmp/expected"
	sed -n 's/^  CPU \([0-9]*\) *[a-z]* *\([0-9]*\) .*/\1 \2/p' "$tmp/state" | sort -n >"$tmp/got"
	check "state --at $at: the thread on each CPU is the last sched_switch's next_tid" \
		'[ "$(wc -l <"$tmp/expected")" -eq 8 ] && cmp -s "$tmp/expected" "$tmp/got"'
done

# A thread's status at a time: 6319 (fluffy) is RUN on CPU 3 at 1457113583.0
# (its sched_switch in at 1457113582.999...), blocked threads are WAIT.
"$L" state --at 1457113583.0 "$T" >"$tmp/state"
check "state: the running thread is RUN on its CPU" \
	'grep -Eq "^ +6319 +[0-9]+ +[0-9]+ +3  RUN +fluffy" "$tmp/state"'
check "state: no sched_switch from an unexpected thread" \
	'grep -q " 0 switches from an unexpected thread" "$tmp/state"'

"$L" processes "$LTTV_TRACES/tracecompass/bug446190" >"$tmp/procs"
check "processes: every thread of bug446190, as a tree" \
	'grep -q "^Trace bug446190: 225 threads" "$tmp/procs" && grep -q "^    177 systemd-journal" "$tmp/procs"'
check "processes: threads under their process" \
	'grep -q "^      272 dlt_receiver  pid 271" "$tmp/procs"'
# stats, from the history (built in a private cache, then reused)
export XDG_CACHE_HOME="$tmp/cache"
check "stats --help lists --begin, --end, --csv" \
	'"$L" stats --help | grep -q -- "--csv" && "$L" stats --help | grep -q -- "--begin"'
"$L" stats --csv "$T" >"$tmp/stats.csv"
check "stats: the history is cached under XDG_CACHE_HOME" 'ls "$tmp/cache/lttv/"*.hist >/dev/null 2>&1'
check "stats --csv: header, then trace,kind,id,name,metric,value rows" \
	'head -1 "$tmp/stats.csv" | grep -qx "trace,kind,id,name,metric,value" &&
	 grep -q "^many-threads,cpu,3,,busy_ns," "$tmp/stats.csv"'
check "stats: events of every name add up to the trace's 240644" \
	'[ "$(awk -F, "\$2 == \"event\" { s += \$6 } END { print s }" "$tmp/stats.csv")" -eq 240644 ]'
check "stats: per CPU, events add up too" \
	'[ "$(awk -F, "\$2 == \"cpu\" && \$5 == \"events\" { s += \$6 } END { print s }" "$tmp/stats.csv")" -eq 240644 ]'
# a range split in two: CPU times add up
"$L" stats --csv --end 1457113583.0 "$T" >"$tmp/s1"
"$L" stats --csv --begin 1457113583.0 "$T" >"$tmp/s2"
sum_busy() { awk -F, '$2 == "cpu" && $5 == "busy_ns" { s += $6 } END { print s }' "$@"; }
check "stats: busy time of [begin, m] + [m, end] = the whole range's" \
	'[ "$(($(sum_busy "$tmp/s1") + $(sum_busy "$tmp/s2")))" -eq "$(sum_busy "$tmp/stats.csv")" ]'
check "stats: a range that ends before it begins: exit 1" \
	'"$L" stats --begin 1457113583.1 --end 1457113583.0 "$T" 2>"$tmp/e" >/dev/null; [ $? -eq 1 ] &&
	 grep -q "ends" "$tmp/e"'
"$L" stats "$T" >"$tmp/stats.txt"
check "stats: threads by CPU time, system calls by time" \
	'grep -q "^Threads, by CPU time:" "$tmp/stats.txt" && grep -Eq "^  (futex|select|poll|epoll_wait|ioctl|write|read) " "$tmp/stats.txt"'
# the build spills its log and image to files in the cache folder; where
# there is no cache folder it builds in memory, with the same result
XDG_CACHE_HOME=/dev/null/no-cache "$L" stats --csv "$T" >"$tmp/stats-nocache.csv" 2>"$tmp/e"
check "stats without a cache folder: built in memory, the same numbers" 	'cmp -s "$tmp/stats.csv" "$tmp/stats-nocache.csv"'
check "and no scratch file is left in the cache folder" 	'[ -z "$(ls "$tmp/cache/lttv" | grep -v "\.hist$")" ]'
# a cache folder on a full file system: the image cannot be written (a
# write through its mapping would be a SIGBUS), so it is built in memory
if [ "$(id -u)" != 0 ]; then
	tap_skip "stats with a full cache file system: built in memory" "needs root to mount a small tmpfs (CI runs as root)"
else
	mkdir -p "$tmp/full"
	unshare -m sh -c 'mount -t tmpfs -o size=3m tmpfs "$1" && XDG_CACHE_HOME="$1" "$2" stats --csv "$3"' \
		sh "$tmp/full" "$L" "$T" >"$tmp/stats-full.csv" 2>"$tmp/e"
	rc=$?
	check "stats with a full cache file system: exit $rc, built in memory, the same numbers" \
		'[ $rc -eq 0 ] && cmp -s "$tmp/stats.csv" "$tmp/stats-full.csv"' || tap_diag "$tmp/e"
fi
tap_done
