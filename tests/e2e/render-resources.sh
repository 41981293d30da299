#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The resource view drawn headless, as a module, on real kernel traces:
# CPU and disk rows have, column by column, the colour of the mode
# `lttv state --at` reports; IRQ lines are named and show busy and idle;
# groups collapse; the CSV's times add up to the range and agree with
# `lttv stats --csv`.
. "$LTTV_SRCDIR/tests/lib/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC XDG_CACHE_HOME="$tmp/cache"
unset LTTV_RESOURCES_COLLAPSED LTTV_RESOURCES_SHOW_UNUSED RENDER_SELECTION
L="$LTTV_BIN"
MOD="$LTTV_BUILDDIR/modules/resources/.libs/resources.so"
DRIVER="$LTTV_BUILDDIR/tests/unit/render-view"
PNGTOOL=${LTTV_PNGTOOL:-$LTTV_BUILDDIR/tests/lib/pngtool}
MT="$LTTV_TRACES/tracecompass/many-threads"
TAK="$LTTV_TRACES/alireza-ezaz/trace-analysis-kernel"
OLD="$LTTV_TRACES/tracecompass/bug446190"

[ -f "$MOD" ] || tap_bail "no module at $MOD"
[ -x "$PNGTOOL" ] || tap_bail "no pngtool at $PNGTOOL"

# render DIR T0 T1 WxH OUT: the view to OUT.png and OUT.layout (by the
# driver: the module loaded by hand), or to OUT itself when it ends in
# .svg or .csv
render() {
	case "$5" in
	*.svg | *.csv) "$DRIVER" "$MOD" resources "$1" "$2" "$3" "$4" "$5" 2>"$5.err" ;;
	*) "$DRIVER" "$MOD" resources "$1" "$2" "$3" "$4" "$5.png" "$5.layout" 2>"$5.err" ;;
	esac
}

# the colour of a mode, as lttv_palette_cpu and the view's own colours
# (modules/resources/res-text.c) define them
colour() {
	case "$1" in
	cpu:idle) echo "128 128 128" ;;
	cpu:busy) echo "255 255 255" ;;
	cpu:irq) echo "255 153 0" ;;
	cpu:softirq) echo "255 140 204" ;;
	cpu:trap) echo "255 255 0" ;;
	disk:idle | irq:idle) echo "77 77 77" ;;
	disk:reading) echo "77 140 255" ;;
	disk:writing) echo "255 77 64" ;;
	irq:busy) echo "255 153 0" ;;
	*) echo "?" ;;
	esac
}

# at SEC NS SPAN C COLS: the start of column C of COLS over [SEC.NS, + SPAN]
# as lttv_history_sample splits the window
at() {
	awk -v s="$1" -v n="$2" -v d="$3" -v c="$4" -v w="$5" 'BEGIN {
		t = n + int(d * c / w); printf "%d.%09d", s + int(t / 1e9), t % 1e9 }'
}

# verify NAME DIR SEC NS SPAN KIND: renders [SEC.NS, + SPAN ns] and compares
# 40 columns of every row of KIND (cpu or disk) shown with the mode
# `lttv state --at` prints for it at each column's start.
verify() {
	name=$1 dir=$2 sec=$3 ns=$4 span=$5 kind=$6 out="$tmp/$1"
	t1=$(at "$sec" "$ns" "$span" 1 1)
	if ! render "$dir" "$sec.$ns" "$t1" 1200x600 "$out"; then
		tap_not_ok "$name: render"
		tap_diag "$out.err"
		return
	fi
	tap_ok "$name: rendered 1200x600 ($(cat "$out.err"))"
	grep " kind=$kind " "$out.layout" >"$out.rows"
	check "$name: the layout has $kind rows" '[ -s "$out.rows" ]'
	[ -s "$out.rows" ] || return
	x0=$(head -1 "$out.rows" | cut -d' ' -f3)
	cols=$(($(head -1 "$out.rows" | cut -d' ' -f4) - x0))
	bad=0 n=0 modes=""
	: >"$tmp/mismatch"
	k=0
	while [ $k -lt 40 ]; do
		# spread over the window, away from the current-time line
		c=$((3 + k * (cols - 10) / 40))
		mid=$((cols / 2))
		if [ $c -ge $((mid - 2)) ] && [ $c -le $((mid + 2)) ]; then c=$((c + 5)); fi
		t=$(at "$sec" "$ns" "$span" $c $cols)
		"$L" state --at "$t" "$dir" >"$tmp/state"
		while read -r y0 y1 _ _ _ _ id _; do
			id=${id#*=}
			if [ "$kind" = cpu ]; then
				mode=$(awk -v c="$id" '$1 == "CPU" && $2 == c { print $3; exit }' "$tmp/state")
			else
				mode=$(awk -v d="$(echo "$id" | tr : ,)" '$1 == d { print $3; exit }' "$tmp/state")
			fi
			want=$(colour "$kind:$mode")
			got=$("$PNGTOOL" pixel "$out.png" $((x0 + c)) $(((y0 + y1) / 2)))
			n=$((n + 1))
			case " $modes " in *" $mode "*) ;; *) modes="$modes $mode" ;; esac
			if [ "$got" != "$want" ]; then
				bad=$((bad + 1))
				echo "$kind $id column $c at $t: mode '$mode' wants '$want', pixel '$got'" >>"$tmp/mismatch"
			fi
		done <"$out.rows"
		k=$((k + 1))
	done
	if [ $bad -eq 0 ]; then
		tap_ok "$name: $n samples of $kind rows have the colour of their mode ($modes )"
	else
		tap_not_ok "$name: $bad of $n samples differ from lttv state"
		tap_diag "$tmp/mismatch"
	fi
	check "$name: several modes seen ($modes )" '[ $(echo $modes | wc -w) -ge 2 ]'
}

rc=0
"$DRIVER" "$MOD" resources "$MT" - - 10x10 "$tmp/small.png" 2>"$tmp/small.err" || rc=$?
check "a size too small is an error with a message" \
	'[ $rc -ne 0 ] && grep -q "too small" "$tmp/small.err"'
check "render of an empty folder fails with a message" \
	'! "$DRIVER" "$MOD" resources "$tmp" - - 400x300 "$tmp/e.png" 2>"$tmp/e.err" && [ -s "$tmp/e.err" ]'

# many-threads, the whole trace: groups, 8 CPUs, named IRQ lines
if render "$MT" - - 1200x600 "$tmp/mt"; then
	tap_ok "many-threads: rendered the whole trace"
else
	tap_not_ok "many-threads: render"
	tap_diag "$tmp/mt.err"
fi
check "many-threads: a header for the trace, then for CPUs, IRQ lines, softirqs" \
	'grep -q "kind=group group=trace trace=0 expanded=1 .* name=many-threads$" "$tmp/mt.layout" &&
	 [ "$(grep -o "group=[a-z]*" "$tmp/mt.layout" | tr "\n" " ")" = "group=trace group=cpu group=irq group=softirq " ]'
check "many-threads: 8 CPU rows, CPU 0 to CPU 7" \
	'[ "$(grep -c " kind=cpu trace=0 cpu=[0-7] used=1 name=CPU [0-7]$" "$tmp/mt.layout")" = 8 ]'
check "many-threads: IRQ lines named from their handlers (IRQ 28 eno1, IRQ 30 i915)" \
	'grep -q " kind=irq trace=0 irq=28 used=1 name=IRQ 28 eno1$" "$tmp/mt.layout" &&
	 grep -q " kind=irq trace=0 irq=30 used=1 name=IRQ 30 i915$" "$tmp/mt.layout"'
check "many-threads: softirq vectors named (TIMER, RCU)" \
	'grep -q " kind=softirq trace=0 softirq=1 used=1 name=TIMER$" "$tmp/mt.layout" &&
	 grep -q " kind=softirq trace=0 softirq=9 used=1 name=RCU$" "$tmp/mt.layout"'
# IRQ 26 (the disk controller) over a window where it fires: busy (orange)
# and idle (dark grey) on its bar
render "$MT" 1457113582.794 1457113582.799 1200x600 "$tmp/irq"
set -- $(grep " kind=irq trace=0 irq=26 " "$tmp/irq.layout")
"$PNGTOOL" colors "$tmp/irq.png" "$3" $((($1 + $2) / 2)) "$4" $((($1 + $2) / 2 + 1)) >"$tmp/irq.colors"
check "many-threads: IRQ 26 is busy and idle in [22.794, 22.799]" \
	'grep -q "^$(colour irq:busy) " "$tmp/irq.colors" && grep -q "^$(colour irq:idle) " "$tmp/irq.colors"'

verify many-threads-cpus "$MT" 1457113582 950000000 50000000 cpu
verify trace-analysis-cpus "$TAK" 1696182906 140000000 100000000 cpu
verify trace-analysis-disks "$TAK" 1696182906 140000000 100000000 disk

# block devices: the used one shown, named from the state dump; all 19
# with LTTV_RESOURCES_SHOW_UNUSED
check "trace-analysis: sda (8:0) shown, named; the 18 unused devices hidden" \
	'[ "$(grep -c " kind=disk " "$tmp/trace-analysis-disks.layout")" = 1 ] &&
	 grep -q " kind=disk trace=0 disk=8:0 used=1 name=sda$" "$tmp/trace-analysis-disks.layout" &&
	 grep -q "group=disk trace=0 expanded=1 rows=19 used=1 name=Block devices$" "$tmp/trace-analysis-disks.layout"'
LTTV_RESOURCES_SHOW_UNUSED=1 render "$TAK" - - 1000x1200 "$tmp/unused"
check "trace-analysis: with unused ones, 19 block devices (loop0, sr0 11:0...)" \
	'[ "$(grep -c " kind=disk " "$tmp/unused.layout")" = 19 ] &&
	 grep -q " kind=disk trace=0 disk=11:0 used=0 name=sr0$" "$tmp/unused.layout"'
set -- $(grep " kind=disk trace=0 disk=8:0 " "$tmp/trace-analysis-disks.layout")
"$PNGTOOL" colors "$tmp/trace-analysis-disks.png" "$3" $((($1 + $2) / 2)) "$4" $((($1 + $2) / 2 + 1)) >"$tmp/disk.colors"
check "trace-analysis: sda writing (red) and idle in the window" \
	'grep -q "^$(colour disk:writing) " "$tmp/disk.colors" && grep -q "^$(colour disk:idle) " "$tmp/disk.colors"'

# a shared IRQ line of the state dump: both handlers' names
LTTV_RESOURCES_SHOW_UNUSED=1 render "$OLD" - - 800x4000 "$tmp/old"
check "bug446190: the shared IRQ 140 is named after both its handlers" \
	'grep -q " kind=irq trace=0 irq=140 used=[01] name=IRQ 140 ohci_hcd:usb1, ehci_hcd:usb2$" "$tmp/old.layout"'

# collapsed groups: their header stays, their rows go
LTTV_RESOURCES_COLLAPSED=0:irq,0:softirq render "$TAK" 1696182906.14 1696182906.24 1000x600 "$tmp/collapsed"
check "collapsed IRQ and softirq groups: headers only, the disks right after" \
	'grep -q "group=irq trace=0 expanded=0 " "$tmp/collapsed.layout" &&
	 grep -q "group=softirq trace=0 expanded=0 " "$tmp/collapsed.layout" &&
	 ! grep -q " kind=irq \| kind=softirq " "$tmp/collapsed.layout" &&
	 [ "$(grep -o "group=[a-z]*\|kind=[a-z]*" "$tmp/collapsed.layout" | grep -v kind=group | tr "\n" " ")" = "group=trace group=cpu kind=cpu kind=cpu group=irq group=softirq group=disk kind=disk " ]'
# a collapsed group sums its resources up in its header: IRQ 17 fires in
# the window, sda writes
# band OUT PATTERN: the colours of the middle line of the row matching
band() {
	png="$1.png"
	set -- $(grep "$2" "$1.layout")
	"$PNGTOOL" colors "$png" "$3" $((($1 + $2) / 2)) "$4" $((($1 + $2) / 2 + 1))
}
band "$tmp/collapsed" "group=irq trace=0 expanded=0" >"$tmp/irq-band"
LTTV_RESOURCES_COLLAPSED=0:disk render "$TAK" 1696182906.14 1696182906.24 1000x600 "$tmp/collapsed-disk"
band "$tmp/collapsed-disk" "group=disk trace=0 expanded=0" >"$tmp/disk-band"
check "a collapsed group's header sums it up: IRQ lines busy and idle, disks writing" \
	'grep -q "^$(colour irq:busy) " "$tmp/irq-band" && grep -q "^$(colour irq:idle) " "$tmp/irq-band" &&
	 grep -q "^$(colour disk:writing) " "$tmp/disk-band"'
LTTV_RESOURCES_COLLAPSED=0 render "$TAK" - - 600x300 "$tmp/trace-collapsed"
check "a collapsed trace: its header alone" \
	'[ "$(wc -l <"$tmp/trace-collapsed.layout")" = 1 ] && grep -q "group=trace trace=0 expanded=0 " "$tmp/trace-collapsed.layout"'

# SVG
render "$TAK" 1696182906.14 1696182906.24 1000x600 "$tmp/v.svg"
check "SVG export: an SVG document with the rows' image and the names" \
	'head -c 200 "$tmp/v.svg" | grep -q "<svg" && grep -q "<image\|<use" "$tmp/v.svg" && [ "$(wc -c <"$tmp/v.svg")" -gt 20000 ]'

# CSV: per resource and mode, the time over the range; per CPU it adds up
# to the range and agrees with lttv stats
csv_vs_stats() {
	name=$1 dir=$2 b=$3 e=$4 ns=$5
	render "$dir" "$b" "$e" 100x100 "$tmp/$name.csv"
	check "$name: CSV header" '[ "$(head -1 "$tmp/$name.csv")" = "trace,kind,id,name,mode,ns" ]'
	rc=0
	awk -F, -v ns="$ns" 'NR > 1 && $2 == "cpu" { s[$3] += $6 } END {
		n = 0; for (c in s) { n++; if (s[c] != ns) { print "cpu " c ": " s[c]; bad = 1 } }
		if (n == 0) bad = 1; exit bad }' "$tmp/$name.csv" >"$tmp/$name.sum" || rc=$?
	check "$name: each CPU's modes add up to $ns ns" '[ $rc -eq 0 ]'
	tap_diag "$tmp/$name.sum"
	"$L" stats --csv -b "$b" -e "$e" "$dir" |
		awk -F, '$2 == "cpu" && $5 ~ /_ns$/ { m = $5; sub(/_ns$/, "", m); print $3, m, $6 }' |
		sort >"$tmp/$name.stats"
	awk -F, 'NR > 1 && $2 == "cpu" && $5 != "none" { print $3, $5, $6 }' "$tmp/$name.csv" |
		sort >"$tmp/$name.mine"
	check "$name: CPU times per mode equal lttv stats' ($(wc -l <"$tmp/$name.stats") values)" \
		'[ -s "$tmp/$name.stats" ] && cmp -s "$tmp/$name.stats" "$tmp/$name.mine"'
}
csv_vs_stats csv-many-threads "$MT" 1457113582.9 1457113583.0 100000000
csv_vs_stats csv-trace-analysis "$TAK" 1696182906.1 1696182909.6 3500000000
# the selection wins over the window
RENDER_SELECTION=1457113582.91,1457113582.93 render "$MT" 1457113582.9 1457113583.0 100x100 "$tmp/sel.csv"
check "CSV over the selection: each CPU adds up to its 20 ms" \
	'awk -F, "NR > 1 && \$2 == \"cpu\" { s[\$3] += \$6 } END { for (c in s) if (s[c] != 20000000) exit 1 }" "$tmp/sel.csv" &&
	 [ "$(grep -c ",cpu," "$tmp/sel.csv")" = 56 ]'
# sda over the whole trace: the writing time the engine accounts
render "$TAK" - - 100x100 "$tmp/all.csv"
w=$("$L" state "$TAK" | awk '$2 == "sda" { split($NF, a, "."); printf "%d\n", a[1] * 1e9 + a[2] }')
check "the whole trace: sda writing time equals the engine's ($w ns)" \
	'[ -n "$w" ] && grep -q "^trace-analysis-kernel,disk,8:0,sda,writing,$w$" "$tmp/all.csv"'
check "CSV rows for IRQ lines, softirqs and disks with their modes" \
	'grep -q "^trace-analysis-kernel,irq,56,ahci\[0000:02:04.0\],busy," "$tmp/all.csv" &&
	 grep -q "^trace-analysis-kernel,softirq,4,BLOCK,raised," "$tmp/all.csv" &&
	 grep -q "^trace-analysis-kernel,disk,7:0,loop0,idle," "$tmp/all.csv"'
tap_done
