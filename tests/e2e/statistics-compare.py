#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compares the statistics view's CSV export (and its headless layout) with
`lttv stats --csv` for the same range and filter.

    statistics-compare.py VIEW.csv STATS.csv [VIEW.layout]

Every number lttv stats prints must be in the view, equal: per CPU the
time in each mode and the events; per thread (those with CPU time or
events) the CPU time, the time in each mode and the events; per system
call the CPU time; per event name the count.  The layout's trace, CPU and
thread rows must carry the CSV's numbers.  Prints what differs (exit 1),
else one line of what was compared."""
import csv
import sys
from collections import Counter, defaultdict

MODES = ("MODE_UNKNOWN", "USER_MODE", "SYSCALL", "TRAP", "IRQ", "SOFTIRQ")


def view_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def stats_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main():
    view = view_rows(sys.argv[1])
    stats = stats_rows(sys.argv[2])
    layout = sys.argv[3] if len(sys.argv) > 3 else None
    bad = []

    # --- what lttv stats says, as multisets of facts
    want = Counter()
    for r in stats:
        k, v = r["kind"], int(r["value"])
        if k == "cpu":
            if v or r["metric"] == "events":
                want[("cpu", r["id"], r["metric"], v)] += 1
        elif k == "thread":
            m = r["metric"]
            if m in ("cpu_ns", "events") or (m[:-3] in MODES and v):
                want[("thread", r["id"], r["name"], m, v)] += 1
        elif k == "syscall":
            want[("syscall", r["name"], v)] += 1
        elif k == "event":
            want[("event", r["name"], v)] += 1

    # --- the same facts from the view's tree
    got = Counter()
    threads = {}  # (trace, tid, name, thread row index) -> row
    syscalls = defaultdict(int)
    mode_rows = defaultdict(list)
    current_thread = None
    for i, r in enumerate(view):
        k = r["kind"]
        if k == "cpu" and r["cpu"] != "?":
            got[("cpu", r["cpu"], "events", int(r["events"]))] += 1
        elif k == "cpu_mode" and r["cpu"] != "?" and int(r["cpu_ns"]):
            got[("cpu", r["cpu"], r["mode"] + "_ns", int(r["cpu_ns"]))] += 1
        elif k == "thread":
            current_thread = i
            threads[i] = r
        elif k == "mode" and current_thread is not None:
            mode_rows[current_thread].append(r)
        elif k == "submode" and r["mode"] == "SYSCALL" and int(r["cpu_ns"]):
            syscalls[r["submode"]] += int(r["cpu_ns"])
        elif k == "event_type" and r["group"] == "event_types":
            got[("event", r["event"], int(r["events"]))] += 1
    syscall_mode = 0
    for i, t in threads.items():
        cpu, events = int(t["cpu_ns"]), int(t["events"])
        for m in mode_rows[i]:
            if m["mode"] == "SYSCALL":
                syscall_mode += int(m["cpu_ns"])
        if t["tid"] == "-1" or not (cpu or events):
            continue
        got[("thread", t["tid"], t["thread"], "cpu_ns", cpu)] += 1
        got[("thread", t["tid"], t["thread"], "events", events)] += 1
        for m in mode_rows[i]:
            if int(m["cpu_ns"]):
                got[("thread", t["tid"], t["thread"], m["mode"] + "_ns", int(m["cpu_ns"]))] += 1
    # lttv stats's "?": system call time of no known name, including the
    # SYSCALL time outside any sub-mode
    syscalls["?"] += syscall_mode - sum(syscalls.values())
    for name, v in syscalls.items():
        if v:
            got[("syscall", name, v)] += 1

    for fact in sorted((want - got).elements()):
        bad.append("lttv stats has %s, the view not" % (fact,))
    for fact in sorted((got - want).elements()):
        bad.append("the view has %s, lttv stats not" % (fact,))

    # --- the drawn rows carry the CSV's numbers
    drawn = 0
    if layout:
        by_cpu = {r["cpu"]: r for r in view if r["kind"] == "cpu"}
        by_thread = Counter((t["tid"], t["thread"], t["events"], t["cpu_ns"])
                            for t in threads.values())
        trace_rows = [r for r in view if r["kind"] == "trace"]
        with open(layout) as f:
            for line in f:
                head, _, name = line.rstrip("\n").partition(" name=")
                kv = dict(p.split("=", 1) for p in head.split()[2:])
                if kv.get("kind") == "header":
                    total = sum(int(r["events"]) for r in trace_rows)
                    if int(kv["events"]) != total:
                        bad.append("layout header: %s events, CSV %d" % (kv["events"], total))
                    continue
                kind = kv.get("kind")
                if kind == "trace":
                    match = [r for r in trace_rows if r["trace"] == name]
                    ok = match and match[0]["events"] == kv["events"] and \
                        match[0]["cpu_ns"] == kv["cpu_ns"]
                elif kind == "cpu":
                    cpu = kv["path"].rsplit(":", 1)[1]
                    r = by_cpu.get(cpu)
                    ok = r and r["events"] == kv["events"] and r["cpu_ns"] == kv["cpu_ns"] \
                        and r["elapsed_ns"] == kv["elapsed_ns"]
                elif kind == "thread":
                    tid = kv["path"].rsplit(":", 1)[1]
                    ok = by_thread[(tid, name, kv["events"], kv["cpu_ns"])] > 0
                else:
                    continue
                drawn += 1
                if not ok:
                    bad.append("layout row not in the CSV: " + line.strip())

    if bad:
        for b in bad[:40]:
            print(b)
        print("%d differences" % len(bad))
        return 1
    print("%d CPU facts, %d threads, %d system calls, %d event names; %d drawn rows checked"
          % (sum(1 for f in want if f[0] == "cpu"),
             sum(1 for f in want if f[0] == "thread" and f[3] == "events"),
             sum(1 for f in want if f[0] == "syscall"),
             sum(1 for f in want if f[0] == "event"), drawn))
    return 0


if __name__ == "__main__":
    sys.exit(main())
