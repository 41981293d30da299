# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the GUI tests (sourced after tests/lib/tap.sh, with $tmp set):
# Xvfb on a free display, lttv-gui in test mode (LTTV_GUI_TEST: it prints
# "history ready", "window", "current", "geometry NAME X Y W H"... on
# stdout), real key presses and typing with xdotool, screenshots with
# tests/lib/xshot.
GUI=${LTTV_GUI_BIN:-$LTTV_BUILDDIR/gui/lttv-gui}
XSHOT=$LTTV_BUILDDIR/tests/lib/xshot
PNGTOOL=$LTTV_BUILDDIR/tests/lib/pngtool
xvfb_pid=
gui_pid=

gui_cleanup() {
	[ -n "$gui_pid" ] && kill "$gui_pid" 2>/dev/null
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
	rm -rf "$tmp"
}

# gui_env: every module folder of the build (plus any given folder), and a
# home of the test's own
gui_env() {
	LTTV_MODULE_PATH=$(find "$LTTV_BUILDDIR/modules" -path '*/.libs/*.so' 2>/dev/null |
		sed 's|/[^/]*$||' | sort -u | tr '\n' ':')${1:-}
	export LTTV_MODULE_PATH
	export HOME=$tmp/home XDG_DATA_HOME=$tmp/home/data XDG_CACHE_HOME=$tmp/home/cache
	export XDG_CONFIG_HOME=$tmp/home/config
	mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME"
}

# gui_start_xvfb: Xvfb on a free display; skips the rest of the test
# (with the reason) when it cannot run
gui_start_xvfb() {
	if ! command -v Xvfb >/dev/null; then
		tap_skip "the window" "Xvfb is not installed (Debian package xvfb)"
		tap_done
	fi
	if ! command -v xdotool >/dev/null; then
		tap_skip "the window" "xdotool is not installed (Debian package xdotool)"
		tap_done
	fi
	# Xvfb picks a free display itself and writes its number to fd 3:
	# tests started at the same moment (make -j) cannot take the same one
	# (with a number chosen here, the second Xvfb failed on the first's
	# lock and its test drew on the first's display until that one quit)
	: >"$tmp/display"
	Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" \
		>"$tmp/xvfb.log" 2>&1 &
	xvfb_pid=$!
	unset WAYLAND_DISPLAY
	# ready when it has said its display and answers there
	i=0
	until [ -s "$tmp/display" ] &&
		DISPLAY=:$(head -n 1 "$tmp/display") "$XSHOT" "$tmp/probe.png" 0 0 1 1 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 $xvfb_pid 2>/dev/null; then
			tap_diag "$tmp/xvfb.log"
			tap_skip "the window" "Xvfb did not start"
			tap_done
		fi
		sleep 0.1
	done
	DISPLAY=:$(head -n 1 "$tmp/display")
	export DISPLAY
}

# gui_launch ARGS...: lttv-gui in test mode, output in $tmp/out and $tmp/err
gui_launch() {
	: >"$tmp/out"
	LTTV_GUI_TEST=1 GDK_BACKEND=x11 GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 "$GUI" "$@" \
		>"$tmp/out" 2>"$tmp/err" &
	gui_pid=$!
}

# wait_for PATTERN [SECONDS]: a line of the GUI's test output
wait_for() {
	t=0
	while ! grep -q "$1" "$tmp/out"; do
		t=$((t + 1))
		[ $t -gt $((${2:-30} * 10)) ] && return 1
		kill -0 $gui_pid 2>/dev/null || return 1
		sleep 0.1
	done
}
# count_of PATTERN: how many lines of the test output match
count_of() { grep -c "$1" "$tmp/out"; }
# wait_more PATTERN N [SECONDS]: until more than N lines match
wait_more() {
	t=0
	while [ "$(count_of "$1")" -le "$2" ]; do
		t=$((t + 1))
		[ $t -gt $((${3:-30} * 10)) ] && return 1
		kill -0 $gui_pid 2>/dev/null || return 1
		sleep 0.1
	done
}
geom() { grep "^geometry $1 " "$tmp/out" | tail -n 1 | cut -d' ' -f3-; }
# ns TIME: seconds.nanoseconds as integer nanoseconds
ns() { echo "$1" | awk -F. '{ printf "%s%09d\n", $1, $2 }' | sed 's/^0*//'; }
# shot NAME: a screenshot in $tmp/NAME.png (and in $LTTV_GUI_SHOTS when set)
shot() {
	"$XSHOT" "$tmp/$1.png"
	[ -n "$LTTV_GUI_SHOTS" ] && cp "$tmp/$1.png" "$LTTV_GUI_SHOTS/$shot_prefix$1.png"
	return 0
}
# key WINDOW KEY...: real key presses (XTest) to the window, given the focus
# (--sync: a key sent before the focus arrives is lost, which a loaded
# machine showed)
key() {
	w=$1
	shift
	timeout 5 xdotool windowfocus --sync "$w" 2>/dev/null
	sleep 0.1
	xdotool key "$@" 2>/dev/null
}
# key_expect PATTERN WINDOW KEY...: sends the keys and waits (10 s) for a
# new output line matching PATTERN.  An X server may drop a key sent while
# the focus moves: when nothing came, the keys go once more, with a note.
key_expect() {
	ke_pat=$1 ke_w=$2
	shift 2
	ke_n=$(count_of "$ke_pat")
	key "$ke_w" "$@"
	wait_more "$ke_pat" "$ke_n" 10 && return 0
	echo "# no '$ke_pat' line 10 s after the keys $* (focus on" \
		"$(xdotool getwindowfocus 2>/dev/null), window $ke_w): sent again"
	key "$ke_w" "$@"
	wait_more "$ke_pat" "$ke_n" 10
}
typ() {
	timeout 5 xdotool windowfocus --sync "$1" 2>/dev/null
	sleep 0.1
	xdotool type "$2" 2>/dev/null
}
# wait_window TITLE-REGEX [TENTHS]: prints the id of a window that appears
wait_window() {
	i=0
	until w=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -n 1) && [ -n "$w" ]; do
		i=$((i + 1))
		[ $i -gt "${2:-50}" ] && return 1
		sleep 0.1
	done
	echo "$w"
}
# start_export WINDOW FILE: Ctrl+E on the focused view, FILE typed in the
# dialog
start_export() {
	key "$1" ctrl+e
	dlg=$(wait_window '^Export View$') || return 1
	sleep 0.3
	key "$dlg" ctrl+a
	typ "$dlg" "$2"
	key "$dlg" Return
}
# export_view WINDOW FILE: start_export, then waits until FILE is written
export_view() {
	start_export "$1" "$2" || return 1
	i=0
	while [ ! -s "$2" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
	sleep 0.3
	[ -s "$2" ]
}
# gui_quit WINDOW: Ctrl+Q, then checks the exit status and stderr
gui_quit() {
	key "$1" ctrl+q
	i=0
	while kill -0 $gui_pid 2>/dev/null && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
	if kill -0 $gui_pid 2>/dev/null; then
		kill $gui_pid
		wait $gui_pid
		tap_not_ok "Ctrl+Q quits (still running after 10 s)"
	else
		wait $gui_pid
		rc=$?
		check "Ctrl+Q quits (exit $rc)" [ $rc -eq 0 ]
	fi
	gui_pid=
	grep -v '^\(history\|window\|current\|geometry\)' "$tmp/err" |
		grep -iv 'warning: module broken' |
		grep -i 'critical\|warning\|runtime error\|sanitizer' >"$tmp/warnings"
	check "no GTK/GLib warning or critical, no sanitizer report on stderr" \
		"[ ! -s '$tmp/warnings' ]" || true
	[ -s "$tmp/warnings" ] && tap_diag "$tmp/warnings"
}
