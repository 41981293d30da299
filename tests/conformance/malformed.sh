#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every malformed trace (shared/traces/malformed/, ctf2/malformed/) and the
# 1024-bit integer trace is rejected: exit status 1 within 10 s, a message
# naming a file of the trace and a byte offset, and no sanitizer report
# when LTTV_ASAN_BIN (an --enable-asan build) is given.
. "$LTTV_SRCDIR/tests/lib/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export ASAN_OPTIONS=exitcode=86:detect_leaks=1 LSAN_OPTIONS=exitcode=87
export UBSAN_OPTIONS=halt_on_error=1:exitcode=88:print_stacktrace=1
bins="$LTTV_BIN"
if [ -n "${LTTV_ASAN_BIN:-}" ] && [ -x "$LTTV_ASAN_BIN" ]; then
	bins="$bins $LTTV_ASAN_BIN"
fi
traces=$(cd "$LTTV_TRACES" && ls -d malformed/*/* ctf2/malformed/* \
	ctf-testsuite/stream-pass/integer-large-size)
for bin in $bins; do
	kind=plain
	[ "$bin" = "${LTTV_ASAN_BIN:-}" ] && kind=asan
	for t in $traces; do
		dir="$LTTV_TRACES/$t"
		for cmd in dump summary; do
			start=$(date +%s)
			timeout 10 "$bin" $cmd "$dir" >/dev/null 2>"$tmp/err"
			rc=$?
			end=$(date +%s)
			if [ $rc -eq 124 ]; then
				tap_not_ok "$kind $cmd $t: no answer within 10 s"
			elif [ $rc -ne 1 ]; then
				tap_not_ok "$kind $cmd $t: exit status $rc (1 expected)"
				tap_diag "$tmp/err"
			elif grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$tmp/err"; then
				tap_not_ok "$kind $cmd $t: sanitizer report"
				tap_diag "$tmp/err"
			elif ! grep -qE "^lttv: $dir/[^:]+: offset [0-9]+" "$tmp/err"; then
				tap_not_ok "$kind $cmd $t: message does not name a file and an offset"
				tap_diag "$tmp/err"
			else
				tap_ok "$kind $cmd $t ($((end - start)) s): $(head -c 160 "$tmp/err" | sed "s|$dir/||")"
			fi
		done
	done
done
tap_done
