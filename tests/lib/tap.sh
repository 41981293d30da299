# SPDX-License-Identifier: GPL-2.0-or-later
# Minimal TAP output for shell test suites (sourced).
tap_n=0
tap_fail=0
tap_plan() { echo "1..$1"; }
tap_ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
tap_not_ok() { tap_n=$((tap_n + 1)); tap_fail=$((tap_fail + 1)); echo "not ok $tap_n - $*"; }
tap_skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP $2"; }
# check DESCRIPTION CONDITION...: one test, passing when the shell
# condition (evaluated) holds.
check() {
	d=$1
	shift
	if eval "$@"; then tap_ok "$d"; else tap_not_ok "$d"; fi
}
# tap_diag FILE: prints a file as TAP diagnostics (first 40 lines)
tap_diag() { head -n 40 "$1" | sed 's/^/# /'; }
tap_done() { [ -n "$tap_planned" ] || echo "1..$tap_n"; exit 0; }
# Fails the whole suite early with a reason.
tap_bail() { echo "Bail out! $*"; exit 1; }
# tracefs_lock: holds, until the suite exits, the lock that the suites
# recording the kernel take (make check -j runs them side by side): a
# kernel recording removes the instances of dead recorders, which another
# suite may be checking, and adds an instance of its own.
tracefs_lock() {
	command -v flock >/dev/null || return 0
	exec 9>"${TMPDIR:-/tmp}/lttv-tracefs-tests.lock"
	flock 9
}
: "${LTTV_BIN:?LTTV_BIN must point to the lttv binary (run through make check)}"
: "${LTTV_TRACES:?LTTV_TRACES must point to shared/traces}"
[ -d "$LTTV_TRACES" ] || tap_bail "no shared traces at $LTTV_TRACES"
