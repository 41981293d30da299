#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lttv-gui: the command line without a display (--list-modules, --render),
# then the real window under Xvfb, driven with xdotool and checked on
# screenshots (tests/lib/xshot, tests/lib/pngtool).  Needs Xvfb and
# xdotool; what cannot run is skipped with the reason.
. "$LTTV_SRCDIR/tests/lib/tap.sh"

tmp=$(mktemp -d)
. "$LTTV_SRCDIR/tests/lib/gui.sh"
TRACE=$LTTV_TRACES/tracecompass/many-threads
shot_prefix=app-
trap gui_cleanup EXIT INT TERM

[ -x "$GUI" ] || tap_bail "no lttv-gui at $GUI"
[ -d "$TRACE" ] || tap_bail "no trace at $TRACE"

# every module folder of the build, and one broken module
mkdir -p "$tmp/badmods"
printf 'not a shared object' >"$tmp/badmods/broken.so"
gui_env "$tmp/badmods"
has_cf=no
find "$LTTV_BUILDDIR/modules" -path '*/.libs/controlflow.so' 2>/dev/null | grep -q . && has_cf=yes

# --- without a display ---------------------------------------------------
(unset DISPLAY WAYLAND_DISPLAY; "$GUI" --list-modules) >"$tmp/mods" 2>"$tmp/mods.err"
check "--list-modules runs without a display (exit 0)" [ $? -eq 0 ]
check "--list-modules reports the broken module as failed, with its path and reason" \
	"grep -q '^broken	failed	$tmp/badmods/broken.so	.' '$tmp/mods'"
if [ $has_cf = yes ]; then
	check "--list-modules lists controlflow as loaded" "grep -q '^controlflow	loaded	/' '$tmp/mods'"
	(unset DISPLAY WAYLAND_DISPLAY
	 "$GUI" --render controlflow --window +0.3,+0.6 --size 640x400 -o "$tmp/r.png" \
		--layout "$tmp/r.txt" "$TRACE") 2>"$tmp/render.err"
	check "--render draws a 640x400 PNG without a display" \
		"[ \"\$('$PNGTOOL' size '$tmp/r.png')\" = '640 400' ]"
	check "--render --layout writes one line per row" "[ \$(wc -l <'$tmp/r.txt') -gt 10 ]"
	(unset DISPLAY; "$GUI" --render controlflow -o "$tmp/r.svg" "$TRACE")
	check "--render writes SVG by the extension" "head -c 200 '$tmp/r.svg' | grep -q '<svg'"
else
	tap_skip "--list-modules lists controlflow" "modules/controlflow is not built"
	tap_skip "--render" "modules/controlflow is not built"
	tap_skip "--render --layout" "modules/controlflow is not built"
	tap_skip "--render SVG" "modules/controlflow is not built"
fi
(unset DISPLAY; "$GUI" --render no-such-view -o "$tmp/x.png" "$TRACE") 2>"$tmp/err"
rc=$?
check "--render of an unknown view: exit 1 and the known views listed" \
	"[ $rc -eq 1 ] && grep -q 'unknown view' '$tmp/err' && grep -qi 'view' '$tmp/err'"
(unset DISPLAY; "$GUI" --render controlflow --window 'x,y' -o "$tmp/x.png" "$TRACE") 2>"$tmp/err"
rc=$?
[ $has_cf = yes ] && check "--render with a bad time: exit 1, the time named" \
	"[ $rc -eq 1 ] && grep -q 'invalid time' '$tmp/err'"
(unset DISPLAY; "$GUI" --render controlflow -o "$tmp/x.png" /nonexistent) 2>"$tmp/err"
rc=$?
[ $has_cf = yes ] && check "--render of an unreadable trace: exit 2" \
	"[ $rc -eq 2 ] && grep -q nonexistent '$tmp/err'"

# --- the window under Xvfb -------------------------------------------------
gui_start_xvfb
gui_launch "$TRACE"
wait_for '^history ready' 60
check "the window builds the history in the background (history ready)" [ $? -eq 0 ]
# many-threads: the engine meets 29 exits without entry (lttv processes
# says so too), nothing else
wait_for '^status .* — ready; uncertain states (hatched) after 29 exits without entry$' 10
check "the status bar says what the engine could not make sense of" [ $? -eq 0 ]
if ! kill -0 $gui_pid 2>/dev/null; then
	wait $gui_pid
	tap_not_ok "lttv-gui is running (it ended with status $?)"
	tap_diag "$tmp/err"
	gui_pid=
	tap_done
fi
wait_for '^geometry done' 10
check "the broken module is reported on stderr with its path" \
	"grep -q 'module broken ($tmp/badmods/broken.so) was not loaded' '$tmp/err'"
last_window() { grep '^window ' "$tmp/out" | tail -n 1; }
last_current() { grep '^current ' "$tmp/out" | tail -n 1 | cut -d' ' -f2; }
win_width() {
	set -- $(last_window)
	echo $(($(ns "$3") - $(ns "$2")))
}
wid=$(xdotool search --name 'LTTV' | tail -n 1)
# the control flow view says which rows it drew, once drawn (slow under ASan)
[ $has_cf = yes ] && wait_for '^layout-end controlflow' 30
sleep 0.5
shot shot1

if [ $has_cf = yes ] && [ -n "$(geom view-controlflow)" ]; then
	set -- $(geom view-controlflow)
	vx=$1 vy=$2 vw=$3 vh=$4
	# the graph: the right 55% of the view, below its time ruler
	gx0=$((vx + vw * 45 / 100)) gx1=$((vx + vw - 2)) gy0=$((vy + 40)) gy1=$((vy + vh - 2))
	"$PNGTOOL" colors "$tmp/shot1.png" $gx0 $gy0 $gx1 $gy1 >"$tmp/colors"
	# saturated colours (not grey) covering at least 20 pixels each
	ncol=$(awk '{ mx = $1; mn = $1; for (i = 2; i <= 3; i++) { if ($i > mx) mx = $i; if ($i < mn) mn = $i }
		if (mx - mn > 40 && $4 >= 20) n++ } END { print n + 0 }' "$tmp/colors")
	check "the control flow rows show at least 4 state colours (found $ncol)" [ "$ncol" -ge 4 ]
	# the tree: the left 30% of the view holds text (many shades, not one flat colour)
	"$PNGTOOL" colors "$tmp/shot1.png" $((vx + 2)) $((vy + 30)) $((vx + vw * 30 / 100)) \
		$((vy + vh - 2)) >"$tmp/tree"
	nshade=$(wc -l <"$tmp/tree")
	ninked=$(awk 'NR > 1 { s += $4 } END { print s + 0 }' "$tmp/tree")
	check "the process tree is filled ($nshade shades, $ninked pixels off the background)" \
		"[ $nshade -ge 8 ] && [ $ninked -ge 2000 ]"
else
	if [ $has_cf = yes ]; then
		tap_not_ok "the control flow view is in the window (it is built)"
		tap_diag "$tmp/err"
	else
		tap_skip "the control flow rows" "modules/controlflow is not built"
		tap_skip "the process tree" "modules/controlflow is not built"
	fi
fi

# zoom keys: the window's width halves, doubles, fits; the picture changes
set -- $(geom timebar-end)
[ $# -eq 4 ] && "$XSHOT" "$tmp/end0.png" "$@"
w0=$(win_width)
# the keypad '+' (also an accelerator of Zoom in: xdotool types '+' as
# Shift+equal); under load the change may take a while to show
key_expect '^window ' "$wid" KP_Add
sleep 0.3
w1=$(win_width)
check "'+' zooms in: the window width halves ($w0 -> $w1 ns)" \
	"[ $((w0 / 2 - w1)) -le 1 ] && [ $((w1 - w0 / 2)) -le 1 ]"
shot shot2
d=$("$PNGTOOL" diff "$tmp/shot1.png" "$tmp/shot2.png")
check "zooming redraws the window ($d pixels differ)" "[ $d -gt 500 ]"
if [ $# -eq 4 ]; then
	"$XSHOT" "$tmp/end1.png" "$@"
	d=$("$PNGTOOL" diff "$tmp/end0.png" "$tmp/end1.png")
	check "zooming changes the End entry ($d pixels differ)" "[ $d -gt 20 ]"
fi
key_expect '^window ' "$wid" minus
sleep 0.3
check "'-' zooms out: the width doubles back ($(win_width) ns)" "[ $(win_width) -ge $((w1 * 2 - 2)) ]"
key "$wid" plus plus plus
sleep 0.5
key_expect '^window ' "$wid" 0
sleep 0.3
check "'0' zooms to fit the whole trace" "[ $(win_width) -eq $w0 ]"

# a click in the time line moves the current time
if [ $has_cf = yes ] && [ -n "$(geom view-controlflow)" ]; then
	set -- $(geom view-controlflow)
	c0=$(last_current)
	shot shot3
	xdotool mousemove $(($1 + $3 * 75 / 100)) $(($2 + $4 / 2)) click 1
	sleep 0.7
	c1=$(last_current)
	shot shot4
	d=$("$PNGTOOL" diff "$tmp/shot3.png" "$tmp/shot4.png")
	check "a click in the time line moves the current time ($c0 -> $c1, $d pixels differ)" \
		"[ '$c0' != '$c1' ] && [ $d -gt 100 ]"
else
	tap_skip "a click in the time line" "no control flow view in the window"
fi

# next / previous state change
c0=$(last_current)
key_expect '^current ' "$wid" bracketright
sleep 0.3
c1=$(last_current)
check "']' goes to the next state change ($c0 -> $c1)" "[ $(ns $c1) -gt $(ns $c0) ]"
key_expect '^current ' "$wid" bracketright
sleep 0.3
c2=$(last_current)
key_expect '^current ' "$wid" bracketleft
sleep 0.3
c3=$(last_current)
check "']' then '[' come back to the same change ($c2, back to $c3)" \
	"[ $(ns $c2) -gt $(ns $c1) ] && [ $c3 = $c1 ]"

# Ctrl+G: go to a time in the project's syntax
set -- $(grep '^window ' "$tmp/out" | head -n 1)
begin=$(ns "$2")
key "$wid" ctrl+g
i=0
until dlg=$(xdotool search --name '^Go to Time$' 2>/dev/null | head -n 1) && [ -n "$dlg" ]; do
	i=$((i + 1)); [ $i -gt 50 ] && break; sleep 0.1
done
check "Ctrl+G opens the Go to Time dialog" "[ -n '$dlg' ]"
if [ -n "$dlg" ]; then
	sleep 0.3
	key "$dlg" ctrl+a
	typ "$dlg" '+0.5'
	key "$dlg" Return
	sleep 0.5
	check "'+0.5' there sets the current time to the beginning + 0.5 s" \
		"[ $(ns $(last_current)) -eq $((begin + 500000000)) ]"
fi

# an invalid time in a timebar entry: an error state, no crash
set -- $(geom timebar-width)
if [ $# -eq 4 ]; then
	xdotool mousemove $(($1 + $3 / 2)) $(($2 + $4 / 2)) click 1
	sleep 0.2
	key "$wid" ctrl+a
	typ "$wid" 'abc'
	key "$wid" Return
	sleep 0.5
	"$XSHOT" "$tmp/bad.png" "$1" "$2" "$3" "$4"
	red=$("$PNGTOOL" colors "$tmp/bad.png" 0 0 "$3" "$4" |
		awk '$1 > 150 && $1 > $2 + 60 && $1 > $3 + 60 { s += $4 } END { print s + 0 }')
	check "'abc' in the Width entry turns it red ($red red pixels), the window lives on" \
		"[ $red -gt 10 ] && kill -0 $gui_pid"
	key "$wid" Escape
fi

# Ctrl+E: the focused view exported through the same render() as --render
if [ $has_cf = yes ] && [ -n "$(geom view-controlflow)" ]; then
	set -- $(geom view-controlflow)
	export_view "$wid" "$tmp/export.png"
	check "Ctrl+E exports the view to PNG at its size on screen ($3x$4)" \
		"[ \"\$('$PNGTOOL' size '$tmp/export.png' 2>/dev/null)\" = '$3 $4' ]"
else
	tap_skip "Ctrl+E exports the view" "no control flow view in the window"
fi

# Ctrl+O: the folder chooser
shot shot4b
key "$wid" ctrl+o
i=0
until chooser=$(xdotool search --name '^Open Trace Folder$' 2>/dev/null | head -n 1) &&
	[ -n "$chooser" ]; do
	i=$((i + 1)); [ $i -gt 80 ] && break; sleep 0.1
done
sleep 0.5
shot shot5
d=$("$PNGTOOL" diff "$tmp/shot4b.png" "$tmp/shot5.png")
check "Ctrl+O opens the folder chooser (a new window, $d pixels differ)" \
	"[ -n '$chooser' ] && [ $d -gt 10000 ]"
[ -n "$chooser" ] && key "$chooser" Escape
sleep 0.3

# tabs and views come and go: new tab, close it, remove the view, close the
# trace's tab (an empty tab stays)
key "$wid" ctrl+t
sleep 0.3
key "$wid" ctrl+w
sleep 0.3
shot shot6
key "$wid" ctrl+shift+Delete
sleep 0.5
shot shot7
d=$("$PNGTOOL" diff "$tmp/shot6.png" "$tmp/shot7.png")
check "Ctrl+Shift+Delete removes the focused view ($d pixels differ)" "[ $d -gt 10000 ]"
key "$wid" ctrl+w
sleep 0.5
check "closing every tab leaves the window running" "kill -0 $gui_pid"

# Ctrl+Q quits
gui_quit "$wid"
tap_done
