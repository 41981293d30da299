#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The views inserted through the Views menu of the real window (Xvfb,
# xdotool) on a kernel trace, each checked on a screenshot and against the
# command line: the resource view (CPU rows in busy and idle colours, IRQ
# rows), the statistics (its CSV export, through the window, equals `lttv
# stats --csv`), the event list (its first rows on screen are `lttv dump`'s),
# the histogram (bars; its CSV adds up to the events of the window), then
# the filter bar (a bad expression points at its column; a good one
# filters the histogram as `lttv dump --filter` does).
. "$LTTV_SRCDIR/tests/lib/tap.sh"

tmp=$(mktemp -d)
. "$LTTV_SRCDIR/tests/lib/gui.sh"
TRACE=$LTTV_TRACES/tracecompass/many-threads
shot_prefix=views-
trap gui_cleanup EXIT INT TERM
export TZ=UTC

[ -x "$GUI" ] || tap_bail "no lttv-gui at $GUI"
[ -d "$TRACE" ] || tap_bail "no trace at $TRACE"
for v in resources statistics events histogram; do
	[ -f "$LTTV_BUILDDIR/modules/$v/.libs/$v.so" ] || tap_bail "the $v module is not built"
done
command -v python3 >/dev/null || tap_bail "python3 is needed (Debian package python3)"

gui_env
gui_start_xvfb
# exports write 64 KiB every 5 ms at most: the event list's takes seconds
export LTTV_GUI_EXPORT_THROTTLE_MS=5
gui_launch "$TRACE"
if ! wait_for '^history ready' 90 || ! wait_for '^geometry done' 10; then
	tap_not_ok "lttv-gui opens the trace and builds its history"
	tap_diag "$tmp/err"
	tap_done
fi
wid=$(xdotool search --name 'LTTV' | tail -n 1)
# the control flow view out: each view gets the whole page
key "$wid" ctrl+shift+Delete
sleep 0.5

# insert NAME: through the Views menu by the keyboard (Alt+I opens it on
# its first entry, Down to the view's, Return); waits for its geometry
insert() {
	idx=$(sed -n "s/^views-menu \([0-9]*\) $1\$/\1/p" "$tmp/out" | tail -n 1)
	[ -n "$idx" ] || return 1
	n=$(count_of '^geometry done')
	key "$wid" alt+i
	sleep 0.6
	i=0
	while [ $i -lt "$idx" ]; do
		xdotool key Down
		i=$((i + 1))
	done
	xdotool key Return
	wait_for "^inserted $1\$" 10 && wait_more '^geometry done' "$n" 10
}
# layout_of VIEW: the last layout the view's widget printed, its first
# line "X Y W H" (the drawing area on screen), then the rows as render()
# writes them (area coordinates)
layout_of() {
	awk -v v="$1" '
		$1 == "layout-begin" && $2 == v { blk = $3 " " $4 " " $5 " " $6 "\n"; on = 1; next }
		on && $1 == "layout-end" && $2 == v { last = blk; on = 0; next }
		on && $1 == "layout" && $2 == v { sub(/^layout [^ ]+ /, ""); blk = blk $0 "\n" }
		END { printf "%s", last }' "$tmp/out"
}
# pixels FILE X0 Y0 X1 Y1 R G B: how many pixels of that colour
pixels() {
	"$PNGTOOL" colors "$1" "$2" "$3" "$4" "$5" |
		awk -v r="$6" -v g="$7" -v b="$8" '$1 == r && $2 == g && $3 == b { n = $4 } END { print n + 0 }'
}
# window: the tab's time window, "T0 T1" in seconds.nanoseconds
window() { grep '^window ' "$tmp/out" | tail -n 1 | cut -d' ' -f2-; }

# --- resources ---------------------------------------------------------
insert resources
check "Views > Insert Resources puts the resource view in the window" [ $? -eq 0 ]
sleep 1
shot resources
layout_of resources >"$tmp/res.layout"
set -- $(head -n 1 "$tmp/res.layout")
ax=${1:-0} ay=${2:-0}
busy=0 idle=0 irq_rows=0 irq_idle=0
while read -r y0 y1 x0 x1 kind rest; do
	case $kind in
	kind=cpu)
		b=$(pixels "$tmp/resources.png" $((ax + x0)) $((ay + y0)) $((ax + x1)) $((ay + y1)) 255 255 255)
		i=$(pixels "$tmp/resources.png" $((ax + x0)) $((ay + y0)) $((ax + x1)) $((ay + y1)) 128 128 128)
		busy=$((busy + b)) idle=$((idle + i))
		;;
	kind=irq)
		irq_rows=$((irq_rows + 1))
		i=$(pixels "$tmp/resources.png" $((ax + x0)) $((ay + y0)) $((ax + x1)) $((ay + y1)) 77 77 77)
		irq_idle=$((irq_idle + i))
		;;
	esac
done <<EOF
$(tail -n +2 "$tmp/res.layout")
EOF
ncpu=$(grep -c 'kind=cpu ' "$tmp/res.layout")
check "the resource view shows the 8 CPU rows ($ncpu on screen)" [ "$ncpu" -eq 8 ]
check "CPU rows are drawn busy (white, $busy px) and idle (grey, $idle px)" \
	"[ $busy -ge 500 ] && [ $idle -ge 500 ]"
check "IRQ rows are on screen, named, and drawn ($irq_rows rows, $irq_idle idle px)" \
	"[ $irq_rows -ge 1 ] && grep -q 'kind=irq .*name=IRQ [0-9]' '$tmp/res.layout' && [ $irq_idle -ge 200 ]"
key "$wid" ctrl+shift+Delete
sleep 0.5

# --- statistics --------------------------------------------------------
insert statistics
check "Views > Insert Statistics puts the statistics view in the window" [ $? -eq 0 ]
sleep 2
shot statistics
set -- $(geom view-statistics)
nshade=$("$PNGTOOL" colors "$tmp/statistics.png" "$1" "$2" $(($1 + $3)) $(($2 + $4)) | wc -l)
check "the statistics view shows its tree ($nshade colours of text and bars)" [ "$nshade" -ge 20 ]
export_view "$wid" "$tmp/stats.csv"
check "Ctrl+E exports the statistics as CSV" [ $? -eq 0 ]
"$LTTV_BIN" stats --csv "$TRACE" >"$tmp/cli-stats.csv" 2>/dev/null
check "the statistics' totals equal lttv stats for the same range (whole trace)" \
	python3 "$LTTV_SRCDIR/tests/e2e/statistics-compare.py" "$tmp/stats.csv" "$tmp/cli-stats.csv"
key "$wid" ctrl+shift+Delete
sleep 0.5

# --- the event list ----------------------------------------------------
insert events
check "Views > Insert Event list puts the event list in the window" [ $? -eq 0 ]
sleep 2
shot events
layout_of events >"$tmp/ev.layout"
set -- $(window)
"$LTTV_BIN" dump --clock-ns --no-delta --begin "$1" "$TRACE" 2>/dev/null | head -n 20 |
	sed -n 's/^\[\([0-9]*\)\] [^ ]* \([^:]*\): { cpu_id = \([0-9]*\) }.*/time=\1 cpu=\3 name=\2/p' \
		>"$tmp/dump20"
tail -n +2 "$tmp/ev.layout" | head -n 20 |
	sed -n 's/.*\(time=[0-9]*\) \(cpu=[0-9-]*\) \(name=[^ ]*\).*/\1 \2 \3/p' >"$tmp/list20"
check "the event list shows the same first 20 events as lttv dump ($(wc -l <"$tmp/list20") rows read)" \
	"[ \$(wc -l <'$tmp/dump20') -eq 20 ] && cmp -s '$tmp/dump20' '$tmp/list20'"
if ! cmp -s "$tmp/dump20" "$tmp/list20"; then
	diff "$tmp/dump20" "$tmp/list20" >"$tmp/list20.diff"
	tap_diag "$tmp/list20.diff"
fi
set -- $(geom view-events)
ink=$("$PNGTOOL" colors "$tmp/events.png" "$1" "$2" $(($1 + $3)) $(($2 + $4)) |
	awk 'NR > 1 { s += $4 } END { print s + 0 }')
check "the event list's rows are drawn ($ink pixels off the background)" [ "$ink" -ge 5000 ]
# its CSV export runs in a worker (LTTV_GUI_EXPORT_THROTTLE_MS, set at the
# launch, slows its writes down): the status bar shows it with Cancel, the
# window answers meanwhile, Cancel leaves no file
n=$(count_of '^geometry status-cancel')
start_export "$wid" "$tmp/ev-cancelled.csv"
wait_more '^geometry status-cancel' "$n" 10
check "a CSV export of the event list shows in the status bar with a Cancel button" [ $? -eq 0 ]
shot export-running
nw=$(count_of '^window ')
key "$wid" KP_Add
wait_more '^window ' "$nw" 5
check "the window answers while the export runs (zoom in)" [ $? -eq 0 ]
key "$wid" KP_Subtract
wait_more '^window ' $((nw + 1)) 5
set -- $(grep '^geometry status-cancel ' "$tmp/out" | tail -n 1 | cut -d' ' -f3-)
xdotool mousemove $(($1 + $3 / 2)) $(($2 + $4 / 2)) click 1
wait_for "^export failed $tmp/ev-cancelled.csv\$" 10
check "Cancel stops the export and leaves no file" \
	"[ \$? -eq 0 ] && [ ! -e '$tmp/ev-cancelled.csv' ] && [ -z \"\$(ls -A '$tmp' | grep 'ev-cancelled.csv')\" ]"
set -- $(window)
export_view "$wid" "$tmp/ev.csv"
rows=$(($(wc -l <"$tmp/ev.csv") - 1))
expect=$("$LTTV_BIN" dump --begin "$1" --end "$2" "$TRACE" 2>/dev/null | wc -l)
check "a whole export holds the events of the window ($rows rows, lttv dump: $expect)" \
	"[ $rows -eq $expect ] && [ $rows -gt 1000 ] && grep -q '^export done $tmp/ev.csv\$' '$tmp/out'"
key "$wid" ctrl+shift+Delete
sleep 0.5

# --- the histogram -----------------------------------------------------
insert histogram
check "Views > Insert Histogram puts the histogram in the window" [ $? -eq 0 ]
sleep 2
shot histogram
set -- $(geom view-histogram)
green=$("$PNGTOOL" colors "$tmp/histogram.png" "$1" "$2" $(($1 + $3)) $(($2 + $4)) |
	awk '$2 > $1 + 60 && $2 > $3 + 60 { s += $4 } END { print s + 0 }')
check "the histogram shows bars ($green bar pixels)" [ "$green" -ge 5000 ]
export_view "$wid" "$tmp/hist.csv"
check "Ctrl+E exports the histogram as CSV" [ $? -eq 0 ]
set -- $(window)
w0=$1 w1=$2
total=$(awk -F, 'NR > 1 { s += $NF } END { print s + 0 }' "$tmp/hist.csv")
expect=$("$LTTV_BIN" dump --begin "$w0" --end "$w1" "$TRACE" 2>/dev/null | wc -l)
check "the histogram's columns add up to the events of the window ($total, lttv dump: $expect)" \
	"[ $total -eq $expect ] && [ $total -gt 0 ]"

# --- the filter bar ----------------------------------------------------
set -- $(geom filter-entry)
fx=$(($1 + $3 / 2)) fy=$(($2 + $4 / 2))
xdotool mousemove "$fx" "$fy" click 1
sleep 0.2
key "$wid" ctrl+a
typ "$wid" 'event.name == "sched_switch" && evnt.cpu == 1'
key "$wid" Return
wait_for '^filter-error ' 5
check "a misspelt field is refused, pointing at its column (33)" \
	"grep -q '^filter-error 33 column 33: ' '$tmp/out'"
shot filter-error
key "$wid" ctrl+a
typ "$wid" 'event.name == "sched_switch" && event.cpu == 1'
key "$wid" Return
wait_for '^filter event.name == "sched_switch" && event.cpu == 1$' 5
check "a good expression becomes the tab's filter" [ $? -eq 0 ]
sleep 2
shot filtered
rm -f "$tmp/hist2.csv"
# back to the histogram (a click on its title bar) for Ctrl+E
set -- $(geom view-histogram)
xdotool mousemove $(($1 + 100)) $(($2 - 18)) click 1
sleep 0.3
export_view "$wid" "$tmp/hist2.csv"
total=$(awk -F, 'NR > 1 { s += $NF } END { print s + 0 }' "$tmp/hist2.csv")
expect=$("$LTTV_BIN" dump --begin "$w0" --end "$w1" \
	--filter 'event.name == "sched_switch" && event.cpu == 1' "$TRACE" 2>/dev/null | wc -l)
check "the filtered histogram counts what lttv dump --filter selects ($total, lttv dump: $expect)" \
	"[ $total -eq $expect ] && [ $total -gt 0 ]"

# quitting while an export of the event list runs: the export stops and
# leaves no file, the application ends cleanly (the filter cleared first:
# the whole window's events take seconds to write)
nf=$(count_of '^filter')
set -- $(geom filter-entry)
xdotool mousemove $(($1 + $3 / 2)) $(($2 + $4 / 2)) click 1
sleep 0.2
key "$wid" ctrl+a BackSpace Return
wait_more '^filter' "$nf" 5
key "$wid" ctrl+shift+Delete
sleep 0.5
insert events
n=$(count_of '^geometry status-cancel')
start_export "$wid" "$tmp/ev-quit.csv"
wait_more '^geometry status-cancel' "$n" 10
check "a second export runs (status bar)" [ $? -eq 0 ]
gui_quit "$wid"
ls -A "$tmp" | grep 'ev-quit.csv' >"$tmp/left"
check "quitting during the export leaves no file" [ ! -s "$tmp/left" ]
tap_diag "$tmp/left"
tap_done
