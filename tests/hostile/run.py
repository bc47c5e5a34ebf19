"""Run one hostile file through the real CLI in a child process: exit code, output, wall time and the
child's peak resident memory (its own VmHWM, see child.py), so limits are measured, not assumed.

    python -m tests.hostile.run [FOLDER]     # the table of kinds × outcome for the closing note
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_mib: float


def run_cli(argv: list, env: dict | None = None, timeout: float = 300) -> Run:
    """``pingshen ARGV`` in a child process (argv items may be bytes: file names that are no UTF-8)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile() as peak:
        t = time.perf_counter()
        p = subprocess.Popen([sys.executable, str(Path(__file__).with_name("child.py")), *argv], stdout=out, stderr=err,
                             cwd=ROOT, env={**os.environ, **(env or {}), "PINGSHEN_TEST_PEAK_FILE": peak.name,
                                            "PYTHONPATH": str(ROOT)})
        deadline = t + timeout
        while True:
            pid, status = os.waitpid(p.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                p.kill()
                pid, status = os.waitpid(p.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        peak_kib = int(Path(peak.name).read_text() or 0)
        return Run(p.returncode, out.read().decode("utf-8", "backslashreplace"),
                   err.read().decode("utf-8", "backslashreplace"), seconds, peak_kib / 1024)


def main() -> None:
    from tests.hostile.kinds import make_all

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="pingshen-hostile-"))
    env = {"PINGSHEN_DATA_DIR": str(folder / "data")}
    print("| kind | expected | exit | time | peak memory | result |\n|---|---|---|---|---|---|")
    for k in make_all(folder / "files"):
        r = run_cli(["extract", "--json", "--", os.fsencode(k.file)], env)
        shown = r.err.strip()[:70] if r.code else f"{len(json.loads(r.out)['records'])} records" if r.code == 0 else ""
        print(f"| {k.name} | {k.outcome} | {r.code} | {r.seconds:.1f} s | {r.peak_mib:.0f} MiB | {shown} |")


if __name__ == "__main__":
    main()
