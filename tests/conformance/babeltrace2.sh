#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `lttv dump` against babeltrace2, event by event and field by field, on
# every shared trace babeltrace2 2.0.4 reads; what is normalized is said
# at the top of compare-bt2.py.  Also once with --clock-seconds.
. "$LTTV_SRCDIR/tests/lib/tap.sh"
command -v babeltrace2 >/dev/null || tap_bail "babeltrace2 is not installed (apt-get install babeltrace2)"
command -v python3 >/dev/null || tap_bail "python3 is not installed"
python3 "$LTTV_SRCDIR/tests/conformance/compare-bt2.py" "$LTTV_BIN" "$LTTV_TRACES" >"$$.main.tap" || exit 1
python3 "$LTTV_SRCDIR/tests/conformance/compare-bt2.py" "$LTTV_BIN" "$LTTV_TRACES" --clock-seconds \
	tracecompass/many-threads babeltrace/succeed/multi-domains tracecompass/double_counters \
	babeltrace/packet-seq-num/2-streams-lost-in-2 >"$$.secs.tap" || exit 1
# one TAP stream: renumber both
awk '/^(ok|not ok) /{n++; sub(/^(ok|not ok) [0-9]+/, ($1=="ok" ? "ok " n : "not ok " n)); print; next}
     /^#/{print}' "$$.main.tap" "$$.secs.tap" >"$$.all"
cat "$$.all"
echo "1..$(grep -cE '^(ok|not ok) ' "$$.all")"
rm -f "$$.main.tap" "$$.secs.tap" "$$.all"
