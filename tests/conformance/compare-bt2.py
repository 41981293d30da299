#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compares `lttv dump` with babeltrace2's text output, event by event and
field by field, on every shared trace babeltrace2 2.0.4 reads (the list is
expected/index.tsv: babeltrace2 status "ok"); prints TAP.

What is normalized, and why:
  * the delta "(+S.NNNNNNNNN) " is removed from both: it depends on which
    of several events with the same timestamp came first;
  * events with the same timestamp are compared as a set (the two readers
    may order them differently): the lines without their timestamps are
    compared sorted, and separately the sequence of timestamps must be
    the same;
  * both run with UTC times (TZ=UTC, babeltrace2 --clock-gmt).
Two defects of babeltrace2 2.0.4 are tolerated, each checked narrowly:
  * for a clock that does not run at 1 GHz it converts cycles to ns with
    doubles; lttv's exact conversion may differ by 1 ns: timestamps of
    such traces may differ by at most 1 ns;
  * it prints an empty string field with the value the same field had in
    an earlier event (stale buffer): a line may differ only where lttv
    prints `NAME = ""` and babeltrace2 prints a value that NAME had in an
    earlier babeltrace2 line.  (tests/unit/test-reader checks the bytes
    of one such event.)
Nothing else: every other character of every line must be equal.
Discarded-event warnings (stderr) are compared by count and time range.

Usage: compare-bt2.py LTTV_BIN TRACES_DIR [--clock-seconds] [PATH...]
"""
import os
import re
import subprocess
from collections import Counter
import sys

DELTA = re.compile(r"^(\[[^\]]*\]) \([+-][0-9?.]+\) ")
TIME = re.compile(r"^\[([^\]]*)\]")
DISC = re.compile(r"discarded (\d+) (events?|packets?)(?: between \[([^\]]*)\] and \[([^\]]*)\])?")


def normalize(text):
    lines = []
    for line in text.split("\n"):
        if line == "":
            continue
        lines.append(DELTA.sub(r"\1 ", line))
    return lines


def times(lines):
    out = []
    for line in lines:
        m = TIME.match(line)
        out.append(m.group(1) if m else "")
    return out


def bodies(lines):
    return [TIME.sub("", line) for line in lines]


def to_ns(t):
    """seconds.ns or HH:MM:SS.ns -> integer ns (within a day is enough)."""
    if ":" in t:
        h, m, s = t.split(":")
        sec, frac = s.split(".")
        return ((int(h) * 60 + int(m)) * 60 + int(sec)) * 10**9 + int(frac)
    sec, frac = t.split(".")
    return int(sec) * 10**9 + int(frac)


STRFIELD = re.compile(r'(\w+) = ("(?:[^"\\]|\\.)*")')


def stale_string_ok(b_line, l_line, idx, first):
    """True if the lines differ only by fields that lttv prints as "" and
    babeltrace2 prints with a value that field had in an earlier line."""
    bf, lf = STRFIELD.findall(b_line), STRFIELD.findall(l_line)
    if len(bf) != len(lf) or STRFIELD.sub("S", b_line) != STRFIELD.sub("S", l_line):
        return False
    differs = False
    for (bn, bv), (ln, lv) in zip(bf, lf):
        if bn != ln:
            return False
        if bv != lv:
            if lv != '""' or first.get((bn, bv), idx) >= idx:
                return False
            differs = True
    return differs


def first_occurrences(lines):
    """(field name, value) -> index of the first line where it appears."""
    first = {}
    for i, line in enumerate(lines):
        if '"' not in line:
            continue
        for name, value in STRFIELD.findall(line):
            first.setdefault((name, value), i)
    return first


def compare(b, l, freq):
    """Returns None if equal (with the tolerances), else a description."""
    if len(b) != len(l):
        return "%d lines from babeltrace2, %d from lttv" % (len(b), len(l))
    tb, tl = times(b), times(l)
    for i, (x, y) in enumerate(zip(tb, tl)):
        if x == y:
            continue
        if freq not in (0, 10**9) and x and y and abs(to_ns(x) - to_ns(y)) <= 1:
            continue
        return "timestamp order differs at line %d: %s vs %s" % (i + 1, x, y)
    # lines without timestamps; for the stale-string tolerance, where each
    # babeltrace2 line was
    bb, lb = bodies(b), bodies(l)
    cb, cl = Counter(bb), Counter(lb)
    if cb == cl:
        return None
    missing = list((cb - cl).elements())
    extra = Counter(cl - cb)
    first = first_occurrences(b)
    where = {}
    for i, body in enumerate(bb):
        where.setdefault(body, []).append(i)
    by_shape = {}
    for y in extra:
        by_shape.setdefault(STRFIELD.sub("S", y), []).append(y)
    for x in missing:
        idx = where[x][-1]
        match = None
        for y in by_shape.get(STRFIELD.sub("S", x), []):
            if extra[y] > 0 and stale_string_ok(x, y, idx, first):
                match = y
                break
        if match is None:
            cands = by_shape.get(STRFIELD.sub("S", x), []) or list(extra)
            return "line differs:\n# bt2:  %s\n# lttv: %s" % (x[:400], (cands[0] if cands else "")[:400])
        extra[match] -= 1
    return None


def discards(text):
    return sorted(m.groups() for m in DISC.finditer(text))


def run(cmd, env):
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def main():
    lttv, traces = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    clock_seconds = "--clock-seconds" in args
    paths = [a for a in args if not a.startswith("--")]
    if not paths:
        with open(os.path.join(traces, "expected", "index.tsv")) as f:
            for row in f.read().splitlines()[1:]:
                cols = row.split("\t")
                if len(cols) > 13 and cols[13] == "ok":
                    paths.append(cols[0])
    env = dict(os.environ, TZ="UTC", LC_ALL="C")
    print("1..%d" % len(paths))
    failed = 0
    for n, path in enumerate(paths, 1):
        d = os.path.join(traces, path)
        extra = ["--clock-seconds"] if clock_seconds else []
        brc, bout, berr = run(["babeltrace2", "--clock-gmt", "--color=never"] + extra + [d], env)
        lrc, lout, lerr = run([lttv, "dump"] + extra + [d], env)
        problem = None
        if brc != 0:
            problem = "babeltrace2 failed: " + berr.strip().splitlines()[-1:][0] if berr.strip() else "babeltrace2 failed"
        elif lrc != 0:
            problem = "lttv failed: " + lerr.strip()
        else:
            freq = 0
            _, sout, _ = run([lttv, "summary", d], env)
            m = re.search(r"clock: .*\((\d+) Hz\)", sout)
            if m:
                freq = int(m.group(1))
            problem = compare(normalize(bout), normalize(lout), freq)
            if not problem and discards(berr) != discards(lerr):
                problem = "discarded notices differ: bt2 %s, lttv %s" % (discards(berr)[:3], discards(lerr)[:3])
        if problem:
            failed += 1
            print("not ok %d - %s" % (n, path))
            for line in problem.split("\n"):
                print("# " + line)
        else:
            print("ok %d - %s (%d events)" % (n, path, len(normalize(lout))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
