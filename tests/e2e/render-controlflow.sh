#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The control flow view drawn headless, as a module: the picture agrees
# with `lttv state --at` column by column on two kernel traces.
. "$LTTV_SRCDIR/tests/lib/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC XDG_CACHE_HOME="$tmp/cache"
L="$LTTV_BIN"
MOD="$LTTV_BUILDDIR/modules/controlflow/.libs/controlflow.so"
DRIVER="$LTTV_BUILDDIR/tests/unit/render-view"
# pixel reader: "TOOL pixel FILE X Y" prints "R G B"
PNGTOOL=${LTTV_PNGTOOL:-$DRIVER}
[ -x "$PNGTOOL" ] || PNGTOOL=$DRIVER
W=1200
H=1400

# render DIR T0 T1 OUT: the view of DIR over [T0, T1], W x H, to OUT.png
# and OUT.layout, by the driver (the module loaded by hand), or by
# `lttv-gui --render` (LTTV_MODULE_PATH finds the module) when
# RENDER_WITH_GUI=1
render() {
	if [ "${RENDER_WITH_GUI:-0}" = 1 ]; then
		"$LTTV_GUI_BIN" --render controlflow --window "$2,$3" --size "${W}x$H" \
			-o "$4.png" --layout "$4.layout" "$1" 2>"$4.err"
	else
		"$DRIVER" "$MOD" controlflow "$1" "$2" "$3" "${W}x$H" "$4.png" "$4.layout" 2>"$4.err"
	fi
}

[ -f "$MOD" ] || tap_bail "no module at $MOD"
"$DRIVER" palette >"$tmp/palette"
check "the palette has a colour per status and mode" '[ "$(wc -l <"$tmp/palette")" -ge 40 ]'
check "a bad module path is an error" '! "$DRIVER" /nonexistent.so controlflow . - - 10x10 "$tmp/x.png" 2>/dev/null'

# verify NAME DIR SEC NS SPAN ROW-PATTERN STATE-PATTERN: renders the window
# [SEC.NS, + SPAN ns] and compares 50 columns of the row whose layout
# line matches ROW-PATTERN with the status and top mode `lttv state`
# prints on the line matching STATE-PATTERN at each column's start.
verify() {
	name=$1 dir=$2 sec=$3 ns=$4 span=$5 rowpat=$6 statepat=$7
	out="$tmp/$name"
	t1=$(awk -v s="$sec" -v n="$ns" -v d="$span" 'BEGIN { t = n + d;
		printf "%d.%09d", s + int(t / 1e9), t % 1e9 }')
	if ! render "$dir" "$sec.$ns" "$t1" "$out"; then
		tap_not_ok "$name: render"
		tap_diag "$out.err"
		return
	fi
	tap_ok "$name: rendered ${W}x$H ($(cat "$out.err"))"
	line=$(grep -E "$rowpat" "$out.layout" | head -1)
	check "$name: the layout has the thread's row" '[ -n "$line" ]'
	[ -n "$line" ] || return
	set -- $line
	y=$((($1 + $2) / 2)) x0=$3 cols=$(($4 - $3))
	run=0 other=0 bad=0
	: >"$tmp/mismatch"
	k=0
	while [ $k -lt 50 ]; do
		# 50 columns spread over the window, away from the current-time
		# line in the middle
		c=$((3 + k * (cols - 10) / 50))
		mid=$((cols / 2))
		if [ $c -ge $((mid - 2)) ] && [ $c -le $((mid + 2)) ]; then c=$((c + 5)); fi
		# the column's start as lttv_history_sample splits the window
		at=$(awk -v s="$sec" -v n="$ns" -v d="$span" -v c="$c" -v w="$cols" 'BEGIN {
			t = n + int(d * c / w); printf "%d.%09d", s + int(t / 1e9), t % 1e9 }')
		st=$("$L" state --at "$at" "$dir" | grep -E "$statepat" | head -1 |
			sed -n 's/^ *-\{0,1\}[0-9]* *-\{0,1\}[0-9]* *-\{0,1\}[0-9]* *-\{0,1\}[0-9]*  \([A-Z_]*\) .*\[\([^]]*\)\].*/\1 \2/p' |
			awk '{ m = $NF; sub(/\(.*/, "", m); print $1, m }')
		want=$(awk -v s="${st% *}" -v m="${st#* }" '$1 == s && $2 == m { print $3, $4, $5 }' "$tmp/palette")
		got=$("$PNGTOOL" pixel "$out.png" $((x0 + c)) $y)
		if [ -z "$st" ] || [ "$got" != "$want" ]; then
			bad=$((bad + 1))
			echo "column $c at $at: state '$st' wants '$want', pixel '$got'" >>"$tmp/mismatch"
		fi
		case "$st" in RUN*) run=$((run + 1)) ;; *) other=$((other + 1)) ;; esac
		k=$((k + 1))
	done
	check "$name: the thread runs part of the window ($run of 50 columns RUN)" \
		'[ $run -ge 5 ] && [ $other -ge 5 ]'
	if [ $bad -eq 0 ]; then
		tap_ok "$name: 50 columns have the colour of the state at their start"
	else
		tap_not_ok "$name: $bad of 50 columns differ from lttv state"
		tap_diag "$tmp/mismatch"
	fi
}

verify many-threads "$LTTV_TRACES/tracecompass/many-threads" 1457113582 950000000 50000000 \
	'tid=0 pid=0 name=swapper/1$' '^ +0 +0 +0 +1  [A-Z_]+ +swapper/1 '
H=8000 # gnome-shell is row ~200
verify trace-analysis-kernel "$LTTV_TRACES/alireza-ezaz/trace-analysis-kernel" \
	1696182908 870000000 70000000 'tid=1239 pid=1239 ' '^ +1239 +1239 '

# without layout the view still draws; a missing trace is an error
check "render of an empty folder fails with a message" \
	'! "$DRIVER" "$MOD" controlflow "$tmp" - - 400x300 "$tmp/e.png" 2>"$tmp/e.err" && [ -s "$tmp/e.err" ]'
tap_done
