#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The histogram view drawn headless and exported as CSV, as a module, on
# two real kernel traces: its counts agree with babeltrace2's expected
# counts and with `lttv dump` over the whole trace, a sub-window, single
# columns, one event type and filters; bars are drawn exactly where the
# counts are not zero.
. "$LTTV_SRCDIR/tests/lib/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC XDG_CACHE_HOME="$tmp/cache"
L="$LTTV_BIN"
MOD="$LTTV_BUILDDIR/modules/histogram/.libs/histogram.so"
DRIVER="$LTTV_BUILDDIR/tests/unit/render-view"
PNGTOOL=${LTTV_PNGTOOL:-$LTTV_BUILDDIR/tests/lib/pngtool}
AXIS=64 # the count axis left of the bars (HIST_AXIS_W)

[ -f "$MOD" ] || tap_bail "no module at $MOD"
[ -x "$PNGTOOL" ] || tap_bail "no pngtool at $PNGTOOL"

# hist DIR T0 T1 OUT [WxH]: the view of DIR over [T0, T1] ("-": the default
# window) to OUT (.png with OUT.layout, or .csv); RENDER_DATA, RENDER_FILTER
# pass through.
hist() {
	case "$4" in
	*.csv) "$DRIVER" "$MOD" histogram "$1" "$2" "$3" "${5:-800x400}" "$4" 2>"$4.err" ;;
	*) "$DRIVER" "$MOD" histogram "$1" "$2" "$3" "${5:-800x400}" "$4" "$4.layout" 2>"$4.err" ;;
	esac
}
# the sum of a CSV's count column, and its number of columns
csv_sum() { awk -F, 'NR > 1 { s += $4 } END { printf "%d\n", s }' "$1"; }
csv_rows() { awk 'NR > 1' "$1" | wc -l | tr -d ' '; }
# NS since the epoch as SECONDS.NS for lttv's options
secs() { printf '%s.%s\n' "${1%?????????}" "$(printf '%s' "$1" | tail -c 9)"; }
# a field key=value of a layout line
field() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

verify() {
	name=$1 dir=$2 expected=$3 a=$4 b=$5 type=$6
	want=$(awk '{ s += $1 } END { print s }' "$expected")
	out="$tmp/$name"

	# --- the whole trace: every event counted once ---
	if ! hist "$dir" - - "$out-all.csv"; then
		tap_not_ok "$name: CSV export"
		tap_diag "$out-all.csv.err"
		return
	fi
	check "$name: the CSV's columns add up to the trace's $want events" \
		'[ "$(csv_sum "$out-all.csv")" = "$want" ]'
	check "$name: the CSV has the header and 1000 columns" \
		'[ "$(head -1 "$out-all.csv")" = "column,start_ns,end_ns,count" ] && [ "$(csv_rows "$out-all.csv")" = 1000 ]'
	check "$name: columns are contiguous, numbered in order" \
		'awk -F, "NR > 2 && (\$2 != e || \$1 != n + 1) { bad = 1 } NR > 1 { e = \$3; n = \$1 } END { exit bad }" "$out-all.csv"'
	dumped=$("$L" dump "$dir" | wc -l | tr -d ' ')
	check "$name: lttv dump agrees on the total ($dumped)" '[ "$dumped" = "$want" ]'

	# --- a sub-window, equal to lttv dump --begin --end (inclusive) ---
	hist "$dir" "$a" "$b" "$out-sub.csv" || tap_diag "$out-sub.csv.err"
	n=$("$L" dump --begin "$a" --end "$b" "$dir" | wc -l | tr -d ' ')
	got=$(csv_sum "$out-sub.csv")
	check "$name: [$a, $b] counts $got, lttv dump $n" '[ "$got" = "$n" ] && [ "$n" -gt 0 ] && [ "$n" -lt "$want" ]'

	# --- single columns: the busiest, and one in the middle, against
	# lttv dump over the column's range [start, end) ---
	for row in $(sort -t, -k4,4n "$out-sub.csv" | tail -1 | cut -d, -f1) 500; do
		line=$(awk -F, -v r="$row" 'NR > 1 && $1 == r' "$out-sub.csv")
		s=$(echo "$line" | cut -d, -f2) e=$(echo "$line" | cut -d, -f3) c=$(echo "$line" | cut -d, -f4)
		n=$("$L" dump --begin "$(secs "$s")" --end "$(secs $((e - 1)))" "$dir" | wc -l | tr -d ' ')
		check "$name: column $row counts $c, lttv dump over its range $n" '[ "$c" = "$n" ]'
	done

	# --- one event type: only its events ---
	RENDER_DATA="lttv-histogram-event=$type" hist "$dir" - - "$out-type.csv"
	n=$(awk -v t="$type" '$2 == t { print $1 }' "$expected")
	got=$(csv_sum "$out-type.csv")
	check "$name: $type alone counts $got of the expected $n" '[ "$got" = "$n" ] && [ "$n" -gt 0 ]'
	RENDER_DATA="lttv-histogram-event=$type" hist "$dir" "$a" "$b" "$out-typesub.csv"
	n=$("$L" dump --begin "$a" --end "$b" "$dir" | grep -c "\] ([^)]*) [^ ]* $type: ")
	got=$(csv_sum "$out-typesub.csv")
	check "$name: $type in [$a, $b] counts $got, lttv dump $n" '[ "$got" = "$n" ]'

	# --- the tab's filter restricts as lttv dump --filter does ---
	for f in "event.name == \"$type\"" 'event.cpu == 1 && event.name =~ "^(irq|timer)_"' \
		'state.process.name =~ "^(bash|lttng|gnome)"'; do
		RENDER_FILTER="$f" hist "$dir" - - "$out-f.csv" || tap_diag "$out-f.csv.err"
		n=$("$L" dump --filter "$f" "$dir" | wc -l | tr -d ' ')
		got=$(csv_sum "$out-f.csv")
		check "$name: filter '$f' counts $got, lttv dump --filter $n" \
			'[ "$got" = "$n" ] && [ "$n" -gt 0 ] && [ "$n" -lt "$want" ]'
	done
	check "$name: the name filter counts what the type alone counts" \
		'RENDER_FILTER="event.name == \"$type\"" hist "$dir" - - "$out-f.csv" && [ "$(csv_sum "$out-f.csv")" = "$(csv_sum "$out-type.csv")" ]'

	# --- the picture: bars exactly where the columns count events ---
	W=600 H=200
	cols=$((W - AXIS))
	RENDER_DATA="lttv-histogram-columns=$cols" hist "$dir" "$a" "$b" "$out-px.csv"
	if ! hist "$dir" "$a" "$b" "$out.png" "${W}x$H"; then
		tap_not_ok "$name: render"
		tap_diag "$out.png.err"
		return
	fi
	tap_ok "$name: rendered ${W}x$H ($(cat "$out.png.err"))"
	bars=$(grep 'kind=bars' "$out.png.layout")
	check "$name: the layout's bars total the CSV's ($(field "$bars" total))" \
		'[ "$(field "$bars" total)" = "$(csv_sum "$out-px.csv")" ] && [ "$(field "$bars" cols)" = "$cols" ] && [ "$(field "$bars" x0)" = "$AXIS" ]'
	check "$name: the layout's max is the CSV's largest column" \
		'[ "$(field "$bars" max)" = "$(sort -t, -k4,4n "$out-px.csv" | tail -1 | cut -d, -f4)" ]'
	ov=$(grep 'kind=overview' "$out.png.layout")
	check "$name: the overview counts the whole trace and boxes the window" \
		'[ "$(field "$ov" total)" = "$want" ] && [ "$(field "$ov" box0)" -gt "$AXIS" ] && [ "$(field "$ov" box1)" -lt "$W" ] && [ "$(field "$ov" box0)" -lt "$(field "$ov" box1)" ]'
	# the bottom row of the bars: green where a column counts, black
	# where not (the current-time line, mid-window, left out); checked
	# by runs of columns, each of one colour
	set -- $bars
	y=$(($2 - 1))
	mid=$((cols / 2))
	awk -F, -v m="$mid" 'NR > 1 {
		c = $1; k = $4 > 0 ? "on" : "off"
		if (c >= m - 1 && c <= m + 1) k = "skip"
		if (c > 0 && k != kind) { if (kind != "skip") print kind, start, c; start = c }
		if (c == 0) start = 0
		kind = k
	} END { if (kind != "skip") print kind, start, c + 1 }' "$out-px.csv" >"$tmp/runs"
	bad=0 on=0 off=0
	: >"$tmp/mismatch"
	while read -r kind c0 c1; do
		colours=$("$PNGTOOL" colors "$out.png" $((AXIS + c0)) $y $((AXIS + c1)) $((y + 1)))
		set -- $colours
		if [ "$kind" = on ]; then
			on=$((on + c1 - c0))
			[ $# = 4 ] && [ "$2" -gt 150 ] && [ "$1" -lt 120 ] && continue
		else
			off=$((off + c1 - c0))
			[ "$colours" = "0 0 0 $((c1 - c0))" ] && continue
		fi
		bad=$((bad + 1))
		echo "columns [$c0, $c1) $kind: $colours" >>"$tmp/mismatch"
	done <"$tmp/runs"
	if [ $bad -eq 0 ] && [ $on -gt 0 ] && [ $((on + off)) -eq $((cols - 3)) ]; then
		tap_ok "$name: $on columns with events have a bar, $off without have none"
	else
		tap_not_ok "$name: $bad runs of columns differ from their counts ($on + $off columns)"
		tap_diag "$tmp/mismatch"
	fi
	RENDER_DATA="lttv-histogram-log=1" hist "$dir" "$a" "$b" "$out-log.png" "${W}x$H"
	check "$name: log scale is drawn and said so" 'grep -q "kind=bars.* scale=log" "$out-log.png.layout"'
}

verify many-threads "$LTTV_TRACES/tracecompass/many-threads" \
	"$LTTV_TRACES/expected/tracecompass__many-threads.counts" \
	1457113582.900000000 1457113583.000000000 sched_switch
verify trace-analysis-kernel "$LTTV_TRACES/alireza-ezaz/trace-analysis-kernel" \
	"$LTTV_TRACES/expected/alireza-ezaz__trace-analysis-kernel.counts" \
	1696182908.800000000 1696182909.300000000 sched_switch

check "render of an empty folder fails with a message" \
	'! hist "$tmp/nothing" - - "$tmp/e.png" 2>/dev/null && [ -s "$tmp/e.png.err" ]'
check "a window too small to draw is an error" \
	'! hist "$LTTV_TRACES/tracecompass/many-threads" - - "$tmp/s.png" 60x40 && grep -q "too small" "$tmp/s.png.err"'
tap_done
