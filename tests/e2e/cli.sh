#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The `lttv` command line as a user meets it: help, errors, the time
# syntax, time windows (against babeltrace2's own --begin/--end).
. "$LTTV_SRCDIR/tests/lib/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
L="$LTTV_BIN"
T="$LTTV_TRACES/tracecompass/many-threads"
export TZ=UTC

check "lttv --help lists the commands" '"$L" --help | grep -q "summary" && "$L" --help | grep -q dump'
check "lttv dump --help lists --begin and --fields" \
	'"$L" dump --help | grep -q -- "--begin" && "$L" dump --help | grep -q -- "--fields"'
check "unknown command: exit 1" '! "$L" frobnicate 2>/dev/null; [ $? -eq 0 ] && { "$L" frobnicate 2>/dev/null; [ $? -eq 1 ]; }'
check "no folder: exit 1 with a message" \
	'"$L" dump 2>"$tmp/e"; [ $? -eq 1 ] && grep -q "no trace folder" "$tmp/e"'
check "missing folder: exit 1 naming it" \
	'"$L" summary /nonexistent/x 2>"$tmp/e"; [ $? -eq 1 ] && grep -q "/nonexistent/x" "$tmp/e"'
check "folder without trace: exit 1" \
	'"$L" summary "$tmp" 2>"$tmp/e"; [ $? -eq 1 ] && grep -q "no CTF trace" "$tmp/e"'
check "bad time: exit 1 explaining the syntax" \
	'"$L" dump --begin 12:99 "$T" 2>"$tmp/e" >/dev/null; [ $? -eq 1 ] && grep -q "SECONDS.NS" "$tmp/e"'

# summary content
"$L" summary "$T" >"$tmp/sum"
check "summary: 8 streams, CPUs 0..7" 'grep -q "streams: *8 " "$tmp/sum" && grep -q "CPUs: *0,1,2,3,4,5,6,7" "$tmp/sum"'
check "summary: 240644 events, 181 names" 'grep -q "Events: 240644 (181 names)" "$tmp/sum"'
check "summary: domain, tracer, host" \
	'grep -q "domain: *kernel" "$tmp/sum" && grep -q "lttng-modules 2.8" "$tmp/sum" && grep -q wilbrod "$tmp/sum"'
check "summary: time range" 'grep -q "1457113582.794565804, 1457113583.227228162" "$tmp/sum"'
check "summary: discarded events of multi-domains" \
	'"$L" summary "$LTTV_TRACES/babeltrace/succeed/multi-domains" | grep -q "discarded: *728 events"'
# the counts are read on every processor: any number of threads, same output
for j in 1 3 16; do
	"$L" summary --jobs $j "$T" >"$tmp/sum$j"
done
check "summary --jobs 1, 3, 16: the same output" \
	'cmp -s "$tmp/sum" "$tmp/sum1" && cmp -s "$tmp/sum" "$tmp/sum3" && cmp -s "$tmp/sum" "$tmp/sum16"'
check "summary --jobs -1: exit 1 with a message" \
	'"$L" summary --jobs -1 "$T" 2>"$tmp/e" >/dev/null; [ $? -eq 1 ] && grep -q "jobs" "$tmp/e"'

# one time syntax: the same window in three forms selects the same events
b=1457113583.000000000
e=1457113583.000500000
"$L" dump --no-delta --begin $b --end $e "$T" >"$tmp/a"
"$L" dump --no-delta --begin 17:46:23 --end 17:46:23.0005 "$T" >"$tmp/b"
# +S.NS counts from the first packet's beginning, which summary shows
origin=$(sed -n 's/^Packets: *\[\([0-9.]*\),.*/\1/p' "$tmp/sum")
rb=$(awk -v o="$origin" -v t=$b 'BEGIN { split(o, x, "."); split(t, y, ".");
	ns = (y[1] - x[1]) * 1000000000 + (y[2] - x[2]); printf "+%d.%09d", ns / 1000000000, ns % 1000000000 }')
re=$(awk -v o="$origin" -v t=$e 'BEGIN { split(o, x, "."); split(t, y, ".");
	ns = (y[1] - x[1]) * 1000000000 + (y[2] - x[2]); printf "+%d.%09d", ns / 1000000000, ns % 1000000000 }')
"$L" dump --no-delta --begin "$rb" --end "$re" "$T" >"$tmp/c"
"$L" dump --no-delta --begin "2016-03-04 17:46:23" --end "2016-03-04 17:46:23.000500" "$T" >"$tmp/d"
check "window: seconds.ns form selects events" '[ -s "$tmp/a" ]'
check "window: clock time form = seconds form" 'cmp -s "$tmp/a" "$tmp/b"'
check "window: +relative form = seconds form" 'cmp -s "$tmp/a" "$tmp/c"'
check "window: date form = seconds form" 'cmp -s "$tmp/a" "$tmp/d"'
babeltrace2 --clock-gmt --no-delta --begin=$b --end=$e "$T" 2>/dev/null | sort >"$tmp/bt"
sort "$tmp/a" >"$tmp/as"
check "window: same events as babeltrace2 --begin/--end ($(wc -l <"$tmp/a") events)" 'cmp -s "$tmp/as" "$tmp/bt"'
check "--clock-seconds prints seconds.ns" \
	'"$L" dump --clock-seconds --limit 1 "$T" | grep -q "^\[1457113582.794565804\] "'
check "--clock-ns prints nanoseconds" '"$L" dump --clock-ns --limit 1 "$T" | grep -q "^\[1457113582794565804\] "'
check "--limit 5 prints 5 lines" '[ "$("$L" dump --limit 5 "$T" | wc -l)" -eq 5 ]'
check "--fields selects payload fields" \
	'"$L" dump --fields prev_tid,next_tid "$T" | grep sched_switch | head -1 | grep -q "{ prev_tid = [0-9]*, next_tid = [0-9]* }$"'
check "--local uses TZ" \
	'[ "$(TZ=Europe/Paris "$L" dump --local --limit 1 "$T" | cut -c1-9)" = "[18:46:22" ]'
# a filter's clock times follow --local too: 18:46:23 in Paris (UTC+1 in
# March 2016) is 17:46:23 UTC, within the trace (17:46:22 to 17:46:24 UTC)
n_utc=$(TZ=UTC "$L" dump -F 'event.time < "17:46:23"' "$T" | wc -l)
n_local=$(TZ=Europe/Paris "$L" dump --local -F 'event.time < "18:46:23"' "$T" | wc -l)
check "dump --local: the filter's time strings are local times too ($n_local events, $n_utc with UTC)" \
	'[ "$n_utc" -gt 0 ] && [ "$n_utc" -lt 240644 ] && [ "$n_local" -eq "$n_utc" ]'
s_local=$(TZ=Europe/Paris "$L" stats --csv --local -F 'event.time < "18:46:23"' "$T" |
	awk -F, '$2 == "event" { s += $6 } END { print s + 0 }')
check "stats --local: the filter's time strings are local times too ($s_local events)" \
	'[ "$s_local" -eq "$n_utc" ]'
check "discarded events go to stderr as warnings" \
	'"$L" dump "$LTTV_TRACES/babeltrace/succeed/multi-domains" 2>"$tmp/e" >/dev/null && grep -q "WARNING: Tracer discarded 728 events" "$tmp/e"'
check "a session folder with kernel/ and ust/ merges both" \
	'"$L" summary "$LTTV_TRACES/babeltrace/succeed/multi-domains" | grep -c "^Trace " | grep -q "^2$"'
# a stream whose first packet already counts lost events (a snapshot):
# the first packet of ev-disc-no-ts-begin-end removed
mkdir "$tmp/snap"
cp "$LTTV_TRACES/babeltrace/succeed/ev-disc-no-ts-begin-end/metadata" "$tmp/snap/"
tail -c +22 "$LTTV_TRACES/babeltrace/succeed/ev-disc-no-ts-begin-end/stream" >"$tmp/snap/stream"
check "lost events before the first packet: reported, count unknown (as babeltrace2)" \
	'"$L" dump "$tmp/snap" 2>"$tmp/e" >/dev/null && grep -q "may have discarded events (unknown time range)" "$tmp/e" &&
	 babeltrace2 "$tmp/snap" 2>&1 >/dev/null | grep -q "may have discarded events (unknown time range)"'
tap_done
