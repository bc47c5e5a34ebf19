"""``pingshen ARGV`` in a child process that reports its own peak memory (VmHWM) when it ends.

The kernel's ``ru_maxrss`` of a child counts the parent's memory at fork (a large test process makes
every child look large), while VmHWM belongs to the address space the child built after exec.
"""
import os
import sys


def _peak_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


code = 1
try:
    from assistant.cli import main

    code = main(sys.argv[1:])
finally:
    report = os.environ.get("PINGSHEN_TEST_PEAK_FILE")
    if report:
        with open(report, "w", encoding="ascii") as f:
            f.write(str(_peak_kib()))
sys.exit(code)
