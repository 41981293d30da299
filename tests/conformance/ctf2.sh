#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# CTF 2 traces of shared/traces/ctf2: event counts equal their expected
# .counts files (babeltrace2 2.1.2), and `lttv dump` equals babeltrace2
# 2.1.2's output stored in expected/<name>.bt212.txt (same normalization as
# compare-bt2.py: delta removed, equal timestamps compared as a set).
. "$LTTV_SRCDIR/tests/lib/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
c2="$LTTV_TRACES/ctf2"
exp="$c2/expected"
for counts in "$exp"/*.counts; do
	name=$(basename "$counts" .counts)
	dir="$c2/$(echo "$name" | sed 's|__|/|g')"
	if [ ! -d "$dir" ]; then
		tap_not_ok "$name: no trace folder $dir"
		continue
	fi
	if "$LTTV_BIN" summary --counts "$dir" >"$tmp/out" 2>"$tmp/err" && cmp -s "$tmp/out" "$counts"; then
		tap_ok "counts $name"
	else
		tap_not_ok "counts $name"
		tap_diag "$tmp/err"
		diff "$counts" "$tmp/out" | head -10 | sed 's/^/# /'
	fi
done
norm() { sed -E 's/^(\[[^]]*\]) \([^)]*\) /\1 /' "$1" | LC_ALL=C sort; }
for txt in "$exp"/*.bt212.txt "$exp"/*.bt212.txt.gz; do
	[ -f "$txt" ] || continue
	name=$(basename "$txt" | sed -E 's/\.bt212\.txt(\.gz)?$//')
	dir="$c2/$name"
	case "$txt" in
	*.gz) gzip -dc "$txt" >"$tmp/bt" ;;
	*) cp "$txt" "$tmp/bt" ;;
	esac
	if TZ=UTC "$LTTV_BIN" dump "$dir" >"$tmp/lt" 2>"$tmp/err"; then
		norm "$tmp/bt" >"$tmp/bt.n"
		norm "$tmp/lt" >"$tmp/lt.n"
		if cmp -s "$tmp/bt.n" "$tmp/lt.n"; then
			tap_ok "dump $name equals babeltrace2 2.1.2 ($(wc -l <"$tmp/lt") lines)"
		else
			tap_not_ok "dump $name differs from babeltrace2 2.1.2"
			diff "$tmp/bt.n" "$tmp/lt.n" | head -10 | sed 's/^/# /'
		fi
	else
		tap_not_ok "dump $name: lttv failed"
		tap_diag "$tmp/err"
	fi
done
# packetized-metadata-example: same events as ctf2-md-example
if TZ=UTC "$LTTV_BIN" dump "$c2/packetized-metadata-example" >"$tmp/p" 2>"$tmp/err" &&
	TZ=UTC "$LTTV_BIN" dump "$c2/ctf2-md-example" >"$tmp/e" && cmp -s "$tmp/p" "$tmp/e"; then
	tap_ok "packetized CTF 2 metadata reads as the plain one"
else
	tap_not_ok "packetized CTF 2 metadata reads as the plain one"
	tap_diag "$tmp/err"
fi
tap_done
