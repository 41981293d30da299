#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `lttv dump --filter EXPR` prints exactly the lines a plain-text oracle
# selects: babeltrace2's output of the same trace, parsed by a small Python
# program and filtered by the equivalent predicate written in Python (same
# lines, same order; deltas removed from both, since they depend on which
# events are shown).  Four real traces, several predicates each.  Then the
# option's errors and its state.* fields.
. "$LTTV_SRCDIR/tests/lib/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
L="$LTTV_BIN"
export TZ=UTC
# the state history of the state.* checks goes here
XDG_CACHE_HOME=$tmp/cache
export XDG_CACHE_HOME

command -v babeltrace2 >/dev/null || tap_bail "babeltrace2 is not installed"
command -v python3 >/dev/null || tap_bail "python3 is not installed"

# The oracle: prints TAP lines "ok - ..." / "not ok - ..." (numbered here).
cat >"$tmp/oracle.py" <<'EOF'
import re
import subprocess
import sys

lttv, traces = sys.argv[1], sys.argv[2]

LINE = re.compile(r"^\[([^\]]*)\] (.*)$")


class Enum:
    def __init__(self, labels, value):
        self.labels, self.value = labels, value


def split_top(text, sep=", "):
    """Splits at `sep` outside quotes, braces, brackets and parentheses."""
    out, depth, i, start, quoted = [], 0, 0, 0, False
    while i < len(text):
        c = text[i]
        if quoted:
            if c == "\\":
                i += 1
            elif c == '"':
                quoted = False
        elif c == '"':
            quoted = True
        elif c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
        elif depth == 0 and text.startswith(sep, i):
            out.append(text[start:i])
            i += len(sep)
            start = i
            continue
        i += 1
    out.append(text[start:])
    return out


def unquote(s):
    out, i = [], 1
    while i < len(s) - 1:
        if s[i] == "\\" and i + 1 < len(s) - 1:
            out.append({"n": "\n", "t": "\t", "r": "\r"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def value(v):
    if v.startswith('"'):
        return unquote(v)
    if re.fullmatch(r"-?[0-9]+", v):
        return int(v)
    if re.fullmatch(r"0x[0-9A-Fa-f]+", v):
        return int(v, 16)
    m = re.fullmatch(r"\( (.*) : container = (-?[0-9]+|0x[0-9A-Fa-f]+) \)", v)
    if m:
        labels = [unquote(x) for x in split_top(m.group(1))] if m.group(1) != "<unknown>" else []
        return Enum(labels, int(m.group(2), 0))
    return None  # structures, arrays: not compared


class Event:
    """One line of babeltrace2: name, cpu, and the fields of every scope,
    the payload's winning over the contexts' (lttv's lookup order)."""

    def __init__(self, line):
        m = LINE.match(line)
        self.time = m.group(1)
        rest = m.group(2)
        head, _, body = rest.partition(": {")
        self.name = head.split(" ")[-1].rstrip(":")
        self.fields = {}
        if body:
            for group in split_top("{" + body):
                group = group.strip()
                assert group.startswith("{ ") and group.endswith(" }"), group
                for member in split_top(group[2:-2]):
                    k, _, v = member.partition(" = ")
                    self.fields[k] = value(v)
        cpu = self.fields.get("cpu_id")
        self.cpu = cpu if isinstance(cpu, int) else None


def num(e, k):
    v = e.fields.get(k)
    if isinstance(v, Enum):
        return v.value
    return v if isinstance(v, int) else None


def text(e, k):
    v = e.fields.get(k)
    return v if isinstance(v, str) else None


def search(e, k, pattern):
    v = text(e, k)
    return v is not None and re.search(pattern, v) is not None


def cmp(v, op, x):
    return v is not None and op(v, x)


import operator as o

# (trace, lttv expression, the same predicate on babeltrace2's text)
CASES = {
    "tracecompass/many-threads": [
        ('event.name == "sched_switch"', lambda e: e.name == "sched_switch"),
        ('event.name =~ "^sched_(switch|wakeup)$"',
         lambda e: re.search(r"^sched_(switch|wakeup)$", e.name)),
        ('event.cpu == 3 && event.name =~ "^syscall_entry_"',
         lambda e: e.cpu == 3 and e.name.startswith("syscall_entry_")),
        ("event.prev_tid == 0", lambda e: num(e, "prev_tid") == 0),
        ("event.ret < 0", lambda e: cmp(num(e, "ret"), o.lt, 0)),
        ('event.next_comm =~ "^kworker/[0-9]+:"',
         lambda e: search(e, "next_comm", r"^kworker/[0-9]+:")),
        ('(event.cpu == 0 || event.cpu == 1) && !(event.name =~ "^syscall_")',
         lambda e: e.cpu in (0, 1) and not e.name.startswith("syscall_")),
        ("event.prev_tid == 0 || event.next_tid == 0 && event.cpu != 2",
         lambda e: num(e, "prev_tid") == 0 or (num(e, "next_tid") == 0 and e.cpu != 2)),
        ("!(event.prev_prio >= 20) && event.name == \"sched_switch\"",
         lambda e: not cmp(num(e, "prev_prio"), o.ge, 20) and e.name == "sched_switch"),
        ('event.fields.name =~ "^0000:"', lambda e: search(e, "name", r"^0000:")),
    ],
    "alireza-ezaz/trace-analysis-kernel": [
        ('event.name == "block_rq_issue"', lambda e: e.name == "block_rq_issue"),
        ('event.name =~ "^net_"', lambda e: e.name.startswith("net_")),
        ('event.cpu == 1 && event.name =~ "^timer_hrtimer_"',
         lambda e: e.cpu == 1 and e.name.startswith("timer_hrtimer_")),
        ('event.ret < 0 && event.name != "syscall_exit_poll"',
         lambda e: cmp(num(e, "ret"), o.lt, 0) and e.name != "syscall_exit_poll"),
        ('event.op_enum == "EPOLL_CTL_ADD"',
         lambda e: isinstance(e.fields.get("op_enum"), Enum)
         and "EPOLL_CTL_ADD" in e.fields["op_enum"].labels),
        ('event.prev_comm == "gdbus" || event.next_comm =~ "ibus"',
         lambda e: text(e, "prev_comm") == "gdbus" or search(e, "next_comm", "ibus")),
        ("!(event.cpu == 0) && event.prev_state > 0",
         lambda e: e.cpu != 0 and cmp(num(e, "prev_state"), o.gt, 0)),
        ("event.sector >= 1000000 && event.nr_sector <= 8",
         lambda e: cmp(num(e, "sector"), o.ge, 1000000) and cmp(num(e, "nr_sector"), o.le, 8)),
    ],
    "tracecompass/bug446190": [
        ('event.name =~ "^sys_"', lambda e: e.name.startswith("sys_")),
        ('event.name == "exit_syscall" && event.ret >= 0',
         lambda e: e.name == "exit_syscall" and cmp(num(e, "ret"), o.ge, 0)),
        ('event.cpu == 2 && (event.name == "sched_switch" || event.name =~ "^irq_")',
         lambda e: e.cpu == 2 and (e.name == "sched_switch" or e.name.startswith("irq_"))),
        ("event.prev_tid == 0 && event.next_tid != 0",
         lambda e: num(e, "prev_tid") == 0 and cmp(num(e, "next_tid"), o.ne, 0)),
        ('event.comm =~ "^[a-z]+$"', lambda e: search(e, "comm", r"^[a-z]+$")),
        ('event.fd > 2 && event.fd < 0x10', lambda e: cmp(num(e, "fd"), o.gt, 2) and cmp(num(e, "fd"), o.lt, 16)),
    ],
    "tracecompass/ros2": [
        ('event.name =~ "^ros2:rclcpp_executor_"',
         lambda e: e.name.startswith("ros2:rclcpp_executor_")),
        ('event.procname == "source" && event.name == "dds:write"',
         lambda e: text(e, "procname") == "source" and e.name == "dds:write"),
        ("event.vtid == 427930 || event.cpu == 3",
         lambda e: num(e, "vtid") == 427930 or e.cpu == 3),
        ("event.timestamp > 1649361408575342083",
         lambda e: cmp(num(e, "timestamp"), o.gt, 1649361408575342083)),
        ('!(event.procname =~ "^so") && event.cpu < 4',
         lambda e: not search(e, "procname", "^so") and cmp(e.cpu, o.lt, 4)),
    ],
}

DELTA = re.compile(r"^(\[[^\]]*\]) \([+-][0-9?.]+\) ")
STR = re.compile(r'"(?:[^"\\]|\\.)*"')


def same(bt, lt):
    """Equal lines, or lines that differ only where babeltrace2 2.0.4
    prints an empty string field with an earlier event's value (its
    stale-buffer defect, see tests/conformance/compare-bt2.py): lttv has
    "" there."""
    if bt == lt:
        return True
    if STR.sub('""', bt) != STR.sub('""', lt):
        return False
    for a, b in zip(STR.findall(bt), STR.findall(lt)):
        if a != b and b != '""':
            return False
    return True


for trace, cases in CASES.items():
    path = f"{traces}/{trace}"
    bt = subprocess.run(["babeltrace2", "--clock-gmt", path], capture_output=True,
                        text=True, errors="surrogateescape", check=True).stdout
    lines = [DELTA.sub(r"\1 ", l) for l in bt.split("\n") if l]
    events = [Event(l) for l in lines]
    for expr, pred in cases:
        want = [l for l, e in zip(lines, events) if pred(e)]
        run = subprocess.run([lttv, "dump", "--no-delta", "--filter", expr, path],
                             capture_output=True, text=True, errors="surrogateescape")
        got = [l for l in run.stdout.split("\n") if l]
        desc = f"{trace}: {expr}: {len(want)} events"
        bad = [i for i, (a, b) in enumerate(zip(want, got)) if not same(a, b)]
        if run.returncode == 0 and len(want) == len(got) and not bad and want:
            print(f"ok - {desc}")
        else:
            print(f"not ok - {desc}: lttv printed {len(got)} (exit {run.returncode})")
            if bad:
                print(f"# babeltrace2: {want[bad[0]]}")
                print(f"# lttv:        {got[bad[0]]}")
            elif len(want) != len(got):
                extra = set(got) ^ set(want)
                for l in sorted(extra)[:3]:
                    print(f"# only in {'lttv' if l in got else 'babeltrace2'}: {l}")
EOF

python3 "$tmp/oracle.py" "$L" "$LTTV_TRACES" >"$tmp/tap" 2>"$tmp/err" ||
	{ tap_diag "$tmp/err"; tap_bail "the oracle failed"; }
while IFS= read -r line; do
	case $line in
	"ok - "*) tap_ok "${line#ok - }" ;;
	"not ok - "*) tap_not_ok "${line#not ok - }" ;;
	*) echo "$line" ;;
	esac
done <"$tmp/tap"
check "the oracle ran all 29 cases" '[ "$(grep -c "ok - " "$tmp/tap")" -eq 29 ]'

T="$LTTV_TRACES/tracecompass/many-threads"

# errors: exit 1, nothing on stdout, the column and a caret under it
"$L" dump --filter 'event.name == "sched_switch" && evnt.cpu == 1' "$T" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "bad field: exit 1, nothing printed" '[ $rc -eq 1 ] && [ ! -s "$tmp/out" ]'
check "bad field: the message names the column and the field" \
	'grep -q "column 33: unknown field '"'"'evnt.cpu'"'"'" "$tmp/err"'
check "bad field: the expression echoed, a caret under column 33" \
	'[ "$(sed -n 2p "$tmp/err")" = "  event.name == \"sched_switch\" && evnt.cpu == 1" ] &&
	 [ "$(sed -n 3p "$tmp/err")" = "                                  ^" ]'
"$L" dump -F '(event.cpu == 1' "$T" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "unbalanced parenthesis: exit 1, column 1" \
	'[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && grep -q "column 1: this .(. is not closed" "$tmp/err"'
"$L" dump -F 'event.name =~ "[a-"' "$T" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "bad regular expression: exit 1, column 15" \
	'[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && grep -q "column 15: bad regular expression" "$tmp/err"'
"$L" dump -F '' "$T" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "empty expression: exit 1" '[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && grep -q "empty" "$tmp/err"'

# --limit counts the events shown; the lines are those of the plain dump
"$L" dump -F 'event.name == "sched_switch"' -n 5 "$T" >"$tmp/five"
"$L" dump "$T" | grep -F ' sched_switch: ' | head -n 5 >"$tmp/five-grep"
check "--filter with --limit: the first 5 matching lines, deltas unchanged" \
	'cmp -s "$tmp/five" "$tmp/five-grep"'

# notices are still reported
"$L" dump -F 'event.name == "none"' "$LTTV_TRACES/babeltrace/succeed/multi-domains" \
	>"$tmp/out" 2>"$tmp/err"
check "discarded-events notices still on stderr" \
	'[ ! -s "$tmp/out" ] && grep -q "discarded 728 events" "$tmp/err"'

# state.*: the history is built (no progress when stderr is not a tty);
# a sched_switch belongs to the thread it switches away from
"$L" dump --no-delta -F 'event.name == "sched_switch" && state.process.tid == 0' "$T" \
	>"$tmp/state" 2>"$tmp/err"
rc=$?
"$L" dump --no-delta -F 'event.name == "sched_switch" && event.prev_tid == 0' "$T" >"$tmp/idle"
check "state.process.tid: exit 0, no progress on stderr" '[ $rc -eq 0 ] && [ ! -s "$tmp/err" ]'
check "state.process.tid == 0 on sched_switch: the switches from idle (but a CPU's first)" \
	'[ "$(diff "$tmp/state" "$tmp/idle" | grep -c "^[<>]")" -le 8 ] && [ "$(wc -l <"$tmp/idle")" -gt 1000 ]'
check "state.process.name: events of lttng-consumerd" \
	'"$L" dump -F "state.process.name == \"lttng-consumerd\" && event.name == \"sched_switch\"" "$T" |
	 grep -c "prev_comm = \"lttng-consumerd\"" | grep -qv "^0$"'
tap_done
