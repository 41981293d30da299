#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Valid traces that babeltrace2 2.0.4 cannot read (shared/traces/README.md:
# status NO although they are conformance "pass" traces) are read by lttv.
# Where babeltrace 1.5 reads them, its per-name event counts are the oracle;
# the metadata-only ones must load without error.
. "$LTTV_SRCDIR/tests/lib/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
with_events="ctf-testsuite/stream-pass/lttng-modules-2.0-pre5
ctf-testsuite/stream-pass/lttng-modules-trace
ctf-testsuite/stream-pass/variant-missing-enum-mappings"
metadata_only="babeltrace/succeed/meta-ctx-sequence
ctf-testsuite/metadata-pass/clock-negative-offset
ctf-testsuite/metadata-pass/clock-negative-offset-s
ctf-testsuite/metadata-pass/name-escaping-clashes
ctf-testsuite/metadata-pass/sequence-typedef-length"
for t in $with_events; do
	if ! command -v babeltrace >/dev/null; then
		tap_skip "$t" "babeltrace (1.5) is not installed: apt-get install babeltrace"
		continue
	fi
	# babeltrace 1: the event name is the last word before the first " { "
	babeltrace "$LTTV_TRACES/$t" 2>/dev/null |
		awk -F' [{] ' '{ n = split($1, w, " "); name = w[n]; sub(/:$/, "", name); c[name]++ }
		     END { for (k in c) print c[k], k }' | LC_ALL=C sort -k2 >"$tmp/bt1"
	if "$LTTV_BIN" summary --counts "$LTTV_TRACES/$t" >"$tmp/lt" 2>"$tmp/err" &&
		[ -s "$tmp/bt1" ] && cmp -s "$tmp/bt1" "$tmp/lt"; then
		tap_ok "$t: same counts as babeltrace 1.5 ($(awk '{s+=$1} END {print s}' "$tmp/lt") events)"
	else
		tap_not_ok "$t: counts differ from babeltrace 1.5"
		tap_diag "$tmp/err"
		diff "$tmp/bt1" "$tmp/lt" | head -10 | sed 's/^/# /'
	fi
done
for t in $metadata_only; do
	if "$LTTV_BIN" summary "$LTTV_TRACES/$t" >"$tmp/out" 2>"$tmp/err" && grep -q "^Events: 0 " "$tmp/out"; then
		tap_ok "$t: loads"
	else
		tap_not_ok "$t: does not load"
		tap_diag "$tmp/err"
	fi
done
v=$("$LTTV_BIN" dump "$LTTV_TRACES/ctf-testsuite/stream-pass/variant-missing-enum-mappings" 2>&1)
if [ "$v" = 'test: { selector = ( "sel2" : container = 1 ), v = { 0x42424242 } }' ]; then
	tap_ok "variant whose tag lacks some options' labels decodes the labelled option"
else
	tap_not_ok "variant whose tag lacks some options' labels: got: $v"
fi
tap_done
