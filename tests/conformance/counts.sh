#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# For every trace of shared/traces/expected/index.tsv that has a .counts
# file (what babeltrace2 2.0.4 reports), `lttv summary --counts` must print
# exactly that file.  The list comes from index.tsv, not from this script.
. "$LTTV_SRCDIR/tests/lib/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
exp="$LTTV_TRACES/expected"
n=0
tail -n +2 "$exp/index.tsv" | while IFS='	' read -r path rest; do
	[ -n "$path" ] || continue
	counts="$exp/$(echo "$path" | sed 's|/|__|g').counts"
	if [ ! -f "$counts" ]; then
		continue
	fi
	if timeout 60 "$LTTV_BIN" summary --counts "$LTTV_TRACES/$path" >"$tmp/out" 2>"$tmp/err"; then
		if cmp -s "$tmp/out" "$counts"; then
			tap_ok "$path"
		else
			tap_not_ok "$path: counts differ"
			diff "$counts" "$tmp/out" | head -20 | sed 's/^/# /'
		fi
	else
		tap_not_ok "$path: lttv failed"
		tap_diag "$tmp/err"
	fi
done
# the loop runs in a subshell: count the plan from the index itself
total=0
for path in $(tail -n +2 "$exp/index.tsv" | cut -f1); do
	[ -f "$exp/$(echo "$path" | sed 's|/|__|g').counts" ] && total=$((total + 1))
done
echo "1..$total"
