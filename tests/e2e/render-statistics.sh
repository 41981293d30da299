#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The statistics view drawn headless and exported as CSV, as a module: its
# numbers equal `lttv stats --csv` for the same range (the whole trace, a
# selection) and the same filter, on two kernel traces.
. "$LTTV_SRCDIR/tests/lib/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC XDG_CACHE_HOME="$tmp/cache"
L="$LTTV_BIN"
MOD="$LTTV_BUILDDIR/modules/statistics/.libs/statistics.so"
DRIVER="$LTTV_BUILDDIR/tests/unit/render-view"
COMPARE="$LTTV_SRCDIR/tests/e2e/statistics-compare.py"
PNGTOOL=${LTTV_PNGTOOL:-$DRIVER}
[ -x "$PNGTOOL" ] || PNGTOOL=$DRIVER
W=1200
H=900

[ -f "$MOD" ] || tap_bail "no module at $MOD"
command -v python3 >/dev/null || tap_bail "python3 is needed to read the CSV files"

# view NAME DIR: the view of DIR (RENDER_SELECTION and RENDER_FILTER from
# the environment) to NAME.png, NAME.layout and NAME.csv
view() {
	"$DRIVER" "$MOD" statistics "$2" - - "${W}x$H" "$tmp/$1.png" "$tmp/$1.layout" \
		2>"$tmp/$1.err" &&
		"$DRIVER" "$MOD" statistics "$2" - - "${W}x$H" "$tmp/$1.csv" 2>>"$tmp/$1.err"
}

# same NAME: the view's CSV and layout against NAME.stats (lttv stats --csv)
same() {
	if python3 "$COMPARE" "$tmp/$1.csv" "$tmp/$1.stats" "$tmp/$1.layout" >"$tmp/$1.cmp" 2>&1; then
		tap_ok "$1: the view's numbers are lttv stats's ($(cat "$tmp/$1.cmp"))"
	else
		tap_not_ok "$1: the view's numbers differ from lttv stats's"
		tap_diag "$tmp/$1.cmp"
	fi
}

# total FILE.stats: the events of lttv stats --csv
total() {
	awk -F, '$2 == "event" { s += $6 } END { print s + 0 }' "$1"
}

# header NAME KEY: a value of the layout's header line
header() {
	sed -n "s/^0 [0-9]* kind=header .*\\b$2=\\([^ ]*\\).*/\\1/p" "$tmp/$1.layout"
}

# seconds NS: "S.NNNNNNNNN" (shell arithmetic: 64 bits, where awk rounds)
seconds() {
	echo "$(($1 / 1000000000)).$(printf %09d $(($1 % 1000000000)))"
}

# verify NAME DIR: whole trace, a selection, filters
verify() {
	name=$1 dir=$2

	if view "$name" "$dir"; then
		tap_ok "$name: rendered ${W}x$H and exported ($(head -1 "$tmp/$name.err"))"
	else
		tap_not_ok "$name: render"
		tap_diag "$tmp/$name.err"
		return
	fi
	"$L" stats --csv "$dir" >"$tmp/$name.stats"
	same "$name"
	check "$name: the header has the trace's events, not a selection" \
		'[ "$(header "$name" events)" -eq "$(total "$tmp/$name.stats")" ] &&
		 [ "$(header "$name" selection)" = 0 ] && [ "$(header "$name" partial)" = 0 ]'
	check "$name: the drawing has rows of CPUs and threads" \
		'grep -q "kind=cpu path=trace:0/cpus/cpu:0 " "$tmp/$name.layout" &&
		 grep -q "kind=thread " "$tmp/$name.layout"'
	# the rows are drawn where the layout says: the share bar of the
	# first CPU starts blue on its row, the bar's background is grey
	y=$(awk '/kind=cpu path=trace:0\/cpus\/cpu:0 / { print int(($1 + $2) / 2) }' "$tmp/$name.layout")
	bars=$(header "$name" bars)
	check "$name: CPU 0's share bar is drawn on its row" \
		'set -- $("$PNGTOOL" pixel "$tmp/$name.png" "${bars%-*}" "$y"); [ "$3" -gt 150 ] && [ "$3" -gt "$1" ] &&
		 set -- $("$PNGTOOL" pixel "$tmp/$name.png" $((${bars#*-} - 1)) "$y"); [ "$1" -lt 100 ] && [ "$3" -lt 100 ] && [ "$3" -gt 40 ]'

	# a selection: from 1/5 to 3/5 of the trace
	t0=$(header "$name" begin) t1=$(header "$name" end)
	a=$(seconds $((t0 + (t1 - t0) / 5))) b=$(seconds $((t0 + (t1 - t0) * 3 / 5)))
	sel="$name-selection"
	RENDER_SELECTION="$a,$b" view "$sel" "$dir" || tap_diag "$tmp/$sel.err"
	"$L" stats --csv --begin "$a" --end "$b" "$dir" >"$tmp/$sel.stats"
	same "$sel"
	"$L" stats --begin "$a" --end "$b" "$dir" | head -1 >"$tmp/$sel.range"
	check "$sel: the header says selection, with lttv stats's range" \
		'[ "$(header "$sel" selection)" = 1 ] &&
		 b0=$(header "$sel" begin) && b1=$(header "$sel" end) &&
		 grep -qF "Range: [$(seconds "$b0"), $(seconds "$b1")]" "$tmp/$sel.range" &&
		 [ "$(seconds "$b0")" = "$a" ] && [ "$(seconds "$b1")" = "$b" ]'
	check "$sel: fewer events than the whole trace" \
		'[ "$(header "$sel" events)" -lt "$(header "$name" events)" ] && [ "$(header "$sel" events)" -gt 0 ]'
	# the comparison can fail: the selection is not the whole trace
	check "$sel: (the comparison tells a selection from the whole trace)" \
		'! python3 "$COMPARE" "$tmp/$sel.csv" "$tmp/$name.stats" >/dev/null 2>&1'

	# a filter on the event, and one on the state
	n=0
	for f in 'event.name == "sched_switch"' 'state.cpu == 1 || event.name =~ "^irq"'; do
		n=$((n + 1))
		flt="$name-filter$n"
		RENDER_FILTER="$f" view "$flt" "$dir" || tap_diag "$tmp/$flt.err"
		"$L" stats --csv --filter "$f" "$dir" >"$tmp/$flt.stats"
		same "$flt"
		check "$flt: '$f' restricts the counts" \
			'[ "$(header "$flt" events)" -lt "$(header "$name" events)" ] &&
			 [ "$(header "$flt" events)" -gt 0 ]'
	done
	check "$name: with the event filter, the events are the sched_switch ones" \
		'[ "$(header "$name-filter1" events)" -eq \
		   "$(awk -F, "\$2 == \"event\" && \$4 == \"sched_switch\" { print \$6 }" "$tmp/$name.stats")" ]'
}

verify many-threads "$LTTV_TRACES/tracecompass/many-threads"
verify trace-analysis-kernel "$LTTV_TRACES/alireza-ezaz/trace-analysis-kernel"

# lttv stats --filter reports errors as lttv dump --filter does
"$L" stats --filter 'event.name == ' "$LTTV_TRACES/tracecompass/many-threads" >/dev/null 2>"$tmp/bad"
rc=$?
check "stats --filter with a bad expression: exit 1, the message, a caret" \
	'[ $rc -eq 1 ] && grep -q "^lttv stats: bad filter: column" "$tmp/bad" &&
	 grep -q "^  event.name == $" "$tmp/bad" && grep -q "^ *^$" "$tmp/bad"'
check "render of an empty folder fails with a message" \
	'! "$DRIVER" "$MOD" statistics "$tmp" - - 800x600 "$tmp/e.png" 2>"$tmp/e.err" && [ -s "$tmp/e.err" ]'
tap_done
