#!/usr/bin/python3
"""Instructions per operation for every toro-bench scenario, from callgrind.

toro-bench dumps callgrind's counters once per measured region (with
CALLGRIND_DUMP_STATS_AT) when it runs under valgrind; this script runs it
that way and prints the instruction count per operation of each region,
and its ratio to the two floors measured in the same run.

    tests/perf/callgrind-report.py _build/tests/perf/toro-bench

Instruction counts do not depend on the machine's load, so they can be
compared between runs, unlike wall times.
"""

import glob
import os
import re
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    bench = sys.argv[1]
    extra = sys.argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out + ".%p",
             bench, "--quick"] + extra,
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows = []
        for path in glob.glob(out + ".*"):
            label = ops = total = None
            with open(path) as f:
                for line in f:
                    m = re.match(r"desc: Trigger: Client Request: (.*) ops=(\d+)$", line.strip())
                    if m:
                        label, ops = m.group(1), int(m.group(2))
                    m = re.match(r"(?:summary|totals): (\d+)", line)
                    if m:
                        total = int(m.group(1))
            if label is not None and total is not None:
                part = int(path.rsplit(".", 1)[1]) if path.rsplit(".", 1)[1].isdigit() else 0
                rows.append((part, label, ops, total / ops))
    rows.sort()
    per_op = {label: ir for _, label, _, ir in rows}
    idle = per_op.get("floor: idle dispatch")
    hop = per_op.get("floor: idle-hop ping-pong")
    print(f"{'instructions per operation (callgrind)':44} {'Ir':>10} {'x idle':>8} {'x idle-hop':>10}")
    print(f"{'-' * 44} {'-' * 10} {'-' * 8} {'-' * 10}")
    for _, label, ops, ir in rows:
        if label == "warm-up":
            continue
        print(f"{label:44} {ir:10.0f} {ir / idle:8.2f} {ir / hop:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
