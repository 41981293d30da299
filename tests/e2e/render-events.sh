#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The event list drawn headless, as a module, against `lttv dump` on two
# kernel traces: the first rows of the picture are the first events dump
# prints (at the trace start and mid-trace), the current time's event is
# the one marked, the CSV export holds exactly the events of the window,
# of the selection, and of a filter; the pixels hold text.
. "$LTTV_SRCDIR/tests/lib/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC XDG_CACHE_HOME="$tmp/cache"
L="$LTTV_BIN"
MOD="$LTTV_BUILDDIR/modules/events/.libs/events.so"
DRIVER="$LTTV_BUILDDIR/tests/unit/render-view"
PNGTOOL=${LTTV_PNGTOOL:-$LTTV_BUILDDIR/tests/lib/pngtool}
W=1400
H=600 # 32 rows of 18 px under the header

[ -f "$MOD" ] || tap_bail "no module at $MOD"
[ -x "$DRIVER" ] || tap_bail "no driver at $DRIVER"
has_filter=no
"$L" dump --help 2>&1 | grep -q -- '--filter' && has_filter=yes

# render DIR T0 T1 OUT: the view over [T0, T1] (- : the default), W x H,
# to OUT.png and OUT.layout
render() {
	"$DRIVER" "$MOD" events "$1" "$2" "$3" "${W}x$H" "$4.png" "$4.layout" 2>"$4.err"
}
# rows OUT N: "time cpu name" of the first N layout rows
rows() {
	head -n "$2" "$1.layout" | sed -n 's/^[0-9]* [0-9]* time=\([0-9]*\) cpu=\([0-9-]*\) name=\([^ ]*\) .*/\1 \2 \3/p'
}
# dumped FILE: "time cpu name" of lttv dump --clock-ns lines
dumped() {
	sed -n 's/^\[\([0-9]*\)\] [^ ]* \([^ ]*\): { cpu_id = \([0-9]*\) }.*/\1 \3 \2/p' "$1"
}
# ns SEC.NS: the time as integer nanoseconds
ns() { echo "$1" | awk -F. '{ printf "%s%09d\n", $1, $2 }'; }

same_rows() {
	name=$1 dir=$2 begin=$3
	out="$tmp/$name"
	if [ "$begin" = - ]; then
		"$L" dump --clock-ns --no-delta -n 20 "$dir" >"$out.dump"
	else
		"$L" dump --clock-ns --no-delta -n 20 --begin "$begin" "$dir" >"$out.dump"
	fi
	dumped "$out.dump" >"$out.want"
	if ! render "$dir" "$begin" - "$out"; then
		tap_not_ok "$name: render"
		tap_diag "$out.err"
		return
	fi
	rows "$out" 20 >"$out.got"
	check "$name: 20 events dumped to compare" '[ "$(wc -l <"$out.want")" -eq 20 ]'
	if cmp -s "$out.want" "$out.got"; then
		tap_ok "$name: the first 20 rows are the first 20 events of lttv dump (time, cpu, name)"
	else
		tap_not_ok "$name: the first 20 rows differ from lttv dump"
		diff "$out.want" "$out.got" | head -n 20 | sed 's/^/# /'
	fi
	check "$name: the picture is ${W}x$H" \
		'[ "$("$PNGTOOL" size "$out.png")" = "$W $H" ]'
	# the time column of the first rows holds dark text on a light row
	"$PNGTOOL" colors "$out.png" 2 22 150 400 >"$out.colors"
	dark=$(awk '$1 < 100 && $2 < 100 && $3 < 100 { n += $4 } END { print n + 0 }' "$out.colors")
	check "$name: the rows hold text ($dark dark pixels in the time column)" '[ "$dark" -ge 500 ]'
}

MT="$LTTV_TRACES/tracecompass/many-threads"
TA="$LTTV_TRACES/alireza-ezaz/trace-analysis-kernel"
same_rows many-threads "$MT" -
same_rows many-threads-mid "$MT" 17:46:23.1
same_rows trace-analysis "$TA" -
same_rows trace-analysis-mid "$TA" 1696182908.5

# the current time's event is marked: render-view puts the current time
# in the middle of the window; a window [T, 2 * t10 - T] has it at the
# 10th event's time
"$L" dump --clock-ns --no-delta -n 12 --begin 17:46:23.1 "$MT" | dumped /dev/stdin >"$tmp/sel.want"
t0=$(sed -n 1p "$tmp/sel.want" | cut -d' ' -f1)
t10=$(sed -n 10p "$tmp/sel.want" | cut -d' ' -f1)
t1=$((2 * t10 - t0))
sec() { echo "$1" | awk '{ printf "%d.%09d", substr($1, 1, length($1) - 9), substr($1, length($1) - 8) }'; }
render "$MT" "$(sec "$t0")" "$(sec "$t1")" "$tmp/sel"
sel=$(grep -n 'selected=1' "$tmp/sel.layout" | cut -d: -f1)
selt=$(grep 'selected=1' "$tmp/sel.layout" | sed 's/.*time=\([0-9]*\) .*/\1/')
check "the event at the current time is the one marked (row $sel, $selt = $t10)" \
	'[ "$selt" = "$t10" ] && [ "$(grep -c "selected=1" "$tmp/sel.layout")" = 1 ]'
check "the rows stop at the window's end ($(wc -l <"$tmp/sel.layout") rows, all <= $t1)" \
	'awk -v e="$t1" "{ sub(/time=/, \"\", \$3); if (\$3 > e) bad = 1 } END { exit bad }" "$tmp/sel.layout"'

# csv NAME DIR A B [FILTER]: the export of the window [A, B] against
# lttv dump --begin A --end B (--filter FILTER)
csv() {
	name=$1 dir=$2 a=$3 b=$4 f=$5
	out="$tmp/$name"
	# (- : the whole trace, the default window)
	set -- --clock-ns --no-delta
	[ "$a" = - ] || set -- "$@" --begin "$a"
	[ "$b" = - ] || set -- "$@" --end "$b"
	if [ -n "$f" ]; then
		RENDER_FILTER="$f" "$DRIVER" "$MOD" events "$dir" "$a" "$b" "${W}x$H" "$out.csv" 2>"$out.err"
		"$L" dump "$@" --filter "$f" "$dir" >"$out.dump"
	else
		"$DRIVER" "$MOD" events "$dir" "$a" "$b" "${W}x$H" "$out.csv" 2>"$out.err"
		"$L" dump "$@" "$dir" >"$out.dump"
	fi
	sed -n 's/^\[\([0-9]*\)\].*/\1/p' "$out.dump" >"$out.want"
	tail -n +2 "$out.csv" | cut -d, -f1 >"$out.got"
	n=$(wc -l <"$out.want")
	check "$name: the CSV export has a header line" \
		'head -n 1 "$out.csv" | grep -q "^time_ns,cpu,event,tid,pid,process,fields"'
	if [ "$n" -gt 0 ] && cmp -s "$out.want" "$out.got"; then
		tap_ok "$name: the CSV export holds the $n events of lttv dump, same times"
	else
		tap_not_ok "$name: the CSV export ($(wc -l <"$out.got") rows) differs from lttv dump ($n)"
		tap_diag "$out.err"
		diff "$out.want" "$out.got" | head -n 10 | sed 's/^/# /'
	fi
}
csv mt-window "$MT" 17:46:22.9 17:46:23.0
csv ta-window "$TA" 1696182907.2 1696182907.9
# the fields column is the text lttv dump prints after the name
"$L" dump --clock-ns --no-delta --begin 17:46:22.9 --end 17:46:23.0 "$MT" |
	sed 's/^[^ ]* [^ ]* [^ ]*: //' | head -n 200 >"$tmp/fields.want"
python3 -c '
import csv, sys
r = csv.reader(open(sys.argv[1]))
next(r)
for i, row in enumerate(r):
    if i == 200: break
    print(row[6])' "$tmp/mt-window.csv" >"$tmp/fields.got" 2>/dev/null
check "the fields column of the CSV is lttv dump's text (200 rows)" \
	'[ -s "$tmp/fields.got" ] && cmp -s "$tmp/fields.want" "$tmp/fields.got"'

# the selection, when there is one, instead of the window
RENDER_SELECTION=17:46:22.95,17:46:22.96 "$DRIVER" "$MOD" events "$MT" - - "${W}x$H" "$tmp/s.csv" 2>"$tmp/s.err"
"$L" dump --clock-ns --begin 17:46:22.95 --end 17:46:22.96 "$MT" | sed -n 's/^\[\([0-9]*\)\].*/\1/p' >"$tmp/s.want"
check "the CSV export of a selection holds its $(wc -l <"$tmp/s.want") events" \
	'[ -s "$tmp/s.want" ] && tail -n +2 "$tmp/s.csv" | cut -d, -f1 | cmp -s - "$tmp/s.want"'

if [ $has_filter = yes ]; then
	csv mt-filter "$MT" 17:46:22.8 17:46:23.2 'event.name == "sched_switch" && event.cpu == 1'
	csv ta-filter "$TA" - - 'event.name =~ "^syscall_entry_" && event.fd == 4'
	csv mt-state "$MT" 17:46:22.8 17:46:23.2 'state.process.name =~ "multi" && event.name == "sched_switch"'
	# the rendering follows the filter too
	RENDER_FILTER='event.name == "sched_switch"' render "$MT" - - "$tmp/f"
	check "the rendering shows only the events that pass the filter" \
		'[ "$(wc -l <"$tmp/f.layout")" -ge 20 ] && ! grep -v "name=sched_switch " "$tmp/f.layout" | grep -q .'
	"$L" dump --clock-ns --no-delta -n 20 --filter 'event.name == "sched_switch"' "$MT" | dumped /dev/stdin >"$tmp/f.want"
	rows "$tmp/f" 20 >"$tmp/f.got"
	check "its first 20 rows are those of lttv dump --filter" 'cmp -s "$tmp/f.want" "$tmp/f.got"'
else
	tap_skip "CSV export with a filter" "lttv dump has no --filter yet"
fi

# through lttv-gui --render as well (the module found on LTTV_MODULE_PATH)
if [ -x "$LTTV_GUI_BIN" ]; then
	(unset DISPLAY WAYLAND_DISPLAY
	 LTTV_MODULE_PATH="$LTTV_BUILDDIR/modules/events/.libs" "$LTTV_GUI_BIN" --render events \
		--size "${W}x$H" -o "$tmp/gui.png" --layout "$tmp/gui.layout" "$MT") 2>"$tmp/gui.err"
	rows "$tmp/gui" 20 >"$tmp/gui.got"
	check "lttv-gui --render events draws the same first rows" \
		'cmp -s "$tmp/many-threads.want" "$tmp/gui.got"'
else
	tap_skip "lttv-gui --render events" "no lttv-gui"
fi

check "render of an empty folder fails with a message" \
	'! "$DRIVER" "$MOD" events "$tmp" - - 400x300 "$tmp/e.png" 2>"$tmp/e.err" && [ -s "$tmp/e.err" ]'
tap_done
