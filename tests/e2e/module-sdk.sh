#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The module SDK end to end, as an author outside the tree would use it:
# LTTV installed into a staging folder (make install DESTDIR=...: the
# build tree is not relinked), lttv-gui.pc pointed there, the example
# module built with its Makefile.standalone and nothing but pkg-config,
# then loaded by the installed lttv-gui (--list-modules, beside broken
# modules) and drawn headless (--render) on a real kernel trace: the
# PNG has content, the table names the system calls the trace has.
. "$LTTV_SRCDIR/tests/lib/tap.sh"

: "${LTTV_BUILDDIR:?}"
TRACE=$LTTV_TRACES/tracecompass/many-threads
SDK=$LTTV_SRCDIR/modules/examples/syscall-latency
PNGTOOL=$LTTV_BUILDDIR/tests/lib/pngtool

if [ ! -x "$LTTV_BUILDDIR/gui/lttv-gui" ]; then
	tap_skip "module SDK" "lttv-gui is not built ($LTTV_BUILDDIR/gui/lttv-gui)"
	tap_done
fi
for tool in pkg-config cc make; do
	command -v $tool >/dev/null || { tap_skip "module SDK" "$tool is missing"; tap_done; }
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/lttv-sdk.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/cache" XDG_DATA_HOME="$TMP/data"

# --- install into a staging folder
if make -C "$LTTV_BUILDDIR" -s install DESTDIR="$TMP/dest" >"$TMP/install.log" 2>&1; then
	tap_ok "make install DESTDIR=..."
else
	tap_not_ok "make install DESTDIR=..."
	tap_diag "$TMP/install.log"
	tap_bail "cannot install"
fi
prefix=$(sed -n 's/^prefix=//p' "$LTTV_BUILDDIR/lttv-gui.pc")
D=$TMP/dest$prefix
check "lttv-gui.pc, lttv.pc, liblttv-gui and the headers are installed" \
	'[ -f "$D/lib/pkgconfig/lttv-gui.pc" ] && [ -f "$D/lib/pkgconfig/lttv.pc" ] &&
	 ls "$D"/lib/liblttv-gui.so* >/dev/null 2>&1 && [ -f "$D/include/lttv/view.h" ] &&
	 [ -f "$D/include/lttv/module.h" ] && [ -f "$D/include/lttv/tab.h" ] && [ -x "$D/bin/lttv-gui" ]'

# --- pkg-config on the staged install.  --define-variable=prefix would
# also move the system's packages (gtk+-3.0...), so the two .pc files are
# copied with their prefix pointing at the staging folder, as one
# relocates any staged install.
mkdir -p "$TMP/pc"
for f in lttv lttv-gui; do
	sed "s|^prefix=.*|prefix=$D|" "$D/lib/pkgconfig/$f.pc" >"$TMP/pc/$f.pc"
done
PC="env PKG_CONFIG_PATH=$TMP/pc pkg-config"
moduledir=$($PC --variable=moduledir lttv-gui)
check "lttv-gui.pc: moduledir is \${libdir}/lttv/modules ($moduledir)" \
	'case "$moduledir" in "$D"/*/lttv/modules) true ;; *) false ;; esac'
cflags=$($PC --cflags lttv-gui)
libs=$($PC --libs lttv-gui)
check "lttv-gui.pc: the staged headers, -llttv-gui -llttv, GTK" \
	'case "$cflags" in *"-I$D/include"*gtk-3.0*) true ;; *) false ;; esac &&
	 case "$libs" in *"-L$D/lib"*-llttv-gui*-llttv*-lgtk-3*) true ;; *) false ;; esac'

# --- the example, out of tree, with Makefile.standalone only
mkdir -p "$TMP/mods"
if make -s -f "$SDK/Makefile.standalone" O="$TMP/mods" PKG_CONFIG_PATH="$TMP/pc" \
	CFLAGS="-O2 -Wall -Werror" >"$TMP/build.log" 2>&1 && [ -f "$TMP/mods/syscall-latency.so" ]; then
	tap_ok "Makefile.standalone builds syscall-latency.so (-Wall -Werror)"
else
	tap_not_ok "Makefile.standalone builds syscall-latency.so (-Wall -Werror)"
	tap_diag "$TMP/build.log"
fi
check "it exports lttv_module_descriptor" \
	'nm -D --defined-only "$TMP/mods/syscall-latency.so" | grep -q " lttv_module_descriptor$"'
make -s -f "$SDK/Makefile.standalone" O="$TMP/mods" PKG_CONFIG_PATH="$TMP/pc" \
	install DESTDIR="$TMP/inst" >"$TMP/inst.log" 2>&1
check "make -f Makefile.standalone install puts it in moduledir" \
	'[ -f "$TMP/inst$moduledir/syscall-latency.so" ]'

# --- broken modules beside it: reported, skipped, lttv-gui carries on
echo "this is not a shared object" >"$TMP/mods/garbage.so"
[ -f "$LTTV_BUILDDIR/tests/modules/.libs/mod-badabi.so" ] &&
	cp "$LTTV_BUILDDIR/tests/modules/.libs/mod-badabi.so" "$TMP/mods/old-abi.so"
run() { env LD_LIBRARY_PATH="$D/lib" LTTV_MODULE_PATH="$TMP/mods" "$D/bin/lttv-gui" "$@"; }
run --list-modules >"$TMP/list.txt" 2>&1
rc=$?
check "lttv-gui --list-modules exits 0 despite broken modules" '[ $rc -eq 0 ]'
check "the example is listed as loaded, from the module path" \
	'grep "syscall-latency" "$TMP/list.txt" | grep -w loaded | grep -q "$TMP/mods/syscall-latency.so"'
check "a file that is not a shared object is reported as failed" \
	'grep "garbage" "$TMP/list.txt" | grep -qw failed'
if [ -f "$TMP/mods/old-abi.so" ]; then
	check "a module of another ABI version is reported as failed, with why" \
		'grep "old-abi" "$TMP/list.txt" | grep -w failed | grep -qi "ABI"'
else
	tap_skip "a module of another ABI version is reported" "tests/modules not built"
fi
[ $tap_fail -eq 0 ] || tap_diag "$TMP/list.txt"

# --- headless rendering on a real trace
if [ ! -d "$TRACE" ]; then
	tap_skip "render syscall-latency" "no trace $TRACE"
	tap_done
fi
run --render syscall-latency --size 900x3000 -o "$TMP/all.png" --layout "$TMP/all.txt" \
	"$TRACE" >"$TMP/render.log" 2>&1
rc=$?
check "lttv-gui --render syscall-latency (whole trace) succeeds" '[ $rc -eq 0 ] && [ -s "$TMP/all.png" ]'
[ $rc -eq 0 ] || tap_diag "$TMP/render.log"
run --render syscall-latency --size 900x650 -o "$TMP/x.png" --layout "$TMP/x.txt" "$TRACE" \
	>"$TMP/render2.log" 2>&1
check "a second render, 900x650, from the history cache" '[ -s "$TMP/x.png" ]'

# the table: one layout line per system call, names as in the events
"$LTTV_BIN" dump "$TRACE" | sed -n 's/.* syscall_entry_\([a-z0-9_]*\):.*/\1/p' | sort | uniq -c |
	awk '{print $2, $1}' >"$TMP/entries.txt"
sed -n 's/.* name=\([^ ]*\) count=\([0-9]*\) .*/\1 \2/p' "$TMP/all.txt" | sort >"$TMP/ours.txt"
rows=$(wc -l <"$TMP/ours.txt")
check "the table lists many system calls ($rows)" '[ "$rows" -ge 20 ]'
missing=$(join -v1 "$TMP/ours.txt" "$TMP/entries.txt" | head -5)
check "every name in the table has syscall_entry_ events in lttv dump${missing:+ (not: $missing)}" \
	'[ -z "$missing" ]'
# counts: never more than the entries; short of them only by calls still
# running at the end of the trace (begun before the end, never exited)
over=$(join "$TMP/ours.txt" "$TMP/entries.txt" | awk '$2 > $3 {print $1}' | head -5)
check "no count exceeds the number of entries${over:+ ($over)}" '[ -z "$over" ]'
for n in write open clone madvise; do
	check "$n: as many calls as syscall_entry_$n events" \
		'[ "$(join "$TMP/ours.txt" "$TMP/entries.txt" | awk -v n=$n "\$1 == n {print (\$2 == \$3)}")" = 1 ]'
done
sum=$(awk '{s += $2} END {print s}' "$TMP/ours.txt")
all=$(awk '{s += $2} END {print s}' "$TMP/entries.txt")
check "calls counted: $sum of $all entries (>= 99%)" '[ $((sum * 100)) -ge $((all * 99)) ]'
hist=$(sed -n 's/.* histogram calls=\([0-9]*\).*/\1/p' "$TMP/all.txt")
check "the histogram holds every call ($hist)" '[ "$hist" = "$sum" ]'

# the picture: text in the table, bars in the histogram
if [ -x "$PNGTOOL" ]; then
	set -- $(sed -n 's/^\([0-9]*\) \([0-9]*\) histogram.*/\1 \2/p' "$TMP/x.txt")
	hy0=${1:-400} hy1=${2:-640}
	"$PNGTOOL" colors "$TMP/x.png" 0 40 900 "$hy0" >"$TMP/table.colors"
	"$PNGTOOL" colors "$TMP/x.png" 0 "$hy0" 900 "$hy1" >"$TMP/hist.colors"
	check "the table has text (many shades: $(wc -l <"$TMP/table.colors"))" \
		'[ "$(wc -l <"$TMP/table.colors")" -ge 10 ]'
	bars=$(awk '($1 != $2 || $2 != $3) && $4 > m {m = $4} END {print m + 0}' "$TMP/hist.colors")
	check "the histogram has coloured bars ($bars pixels of one colour)" '[ "$bars" -ge 2000 ]'
else
	size=$(wc -c <"$TMP/x.png")
	check "the PNG is not blank ($size bytes; pngtool not built)" '[ "$size" -ge 20000 ]'
fi

# a window: fewer calls, all of them begun inside it
run --render syscall-latency --window +0.2,+0.4 --size 900x650 -o "$TMP/w.png" \
	--layout "$TMP/w.txt" "$TRACE" >"$TMP/render3.log" 2>&1
whist=$(sed -n 's/.* histogram calls=\([0-9]*\).*/\1/p' "$TMP/w.txt")
check "--window +0.2,+0.4: some calls, fewer than in the whole trace ($whist < $sum)" \
	'[ -n "$whist" ] && [ "$whist" -gt 0 ] && [ "$whist" -lt "$sum" ]'
tap_done
