"""Every benchmark in one run, each figure beside its baseline measured in the same run.

    python -m bench [--quick] [--only extract,search,…]

Runs, one after another (the machine is small: never two at once), each benchmark script in its own
process so that one's memory and caches do not colour the next:

- ``start``      cold/warm ``pingshen search``/``ask``/``--help`` against a bare ``import chromadb``
- ``extract``    pages/s against bare pdfplumber and bare pypdfium2; OCR s/page; peak memory of a 300-page report
- ``search``     index build, warm start, p50/p95 and recall@1/@3/MRR for BM25, dense and hybrid (+ added notices)
- ``ask``        the deterministic answer path on 20 applications (p50/p95 by kind, pass rate by kind)
- ``batch10``, ``batch100``  a 10- and a 100-application batch: ms/application and the process's peak memory
- ``phrasings``  precision/recall of the extractor on the real sentences (frozen half)
- ``outside``    precision/recall of the extractor on whole reports written by others, per indicator
- ``hostile``    the hostile uploads: exit, time and peak memory of each kind

``--quick`` uses smaller sizes (a 100-page report, a 30-application batch) for a run of a few minutes.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def steps(quick: bool) -> dict[str, list[str]]:
    b = ["bench/"]
    return {
        "start": [f"{b[0]}bench_start.py"],
        "extract": [f"{b[0]}bench_extract.py", "--big", "100" if quick else "300"],
        "search": [f"{b[0]}bench_search.py"],
        "ask": [f"{b[0]}bench_ask.py", "--apps", "20", "--rounds", "1" if quick else "3"],
        "batch10": [f"{b[0]}bench_workspace.py", "--n", "10"],
        "batch100": [f"{b[0]}bench_workspace.py", "--n", "30" if quick else "100"],
        "phrasings": [f"{b[0]}bench_phrasings.py", "--half", "frozen"],
        "outside": [f"{b[0]}bench_outside.py"],
        "hostile": ["-m", "tests.hostile.run"],
    }


def machine() -> str:
    mem = ""
    try:
        lines = Path("/proc/meminfo").read_text().splitlines()
        kib = int(next(x for x in lines if x.startswith("MemTotal")).split()[1])
        mem = f", {kib / 1048576:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{platform.machine()}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", help="comma-separated steps: " + ", ".join(steps(False)))
    args = ap.parse_args()
    plan = steps(args.quick)
    chosen = [s.strip() for s in args.only.split(",")] if args.only else list(plan)
    unknown = [s for s in chosen if s not in plan]
    if unknown:
        ap.error(f"unknown steps: {', '.join(unknown)}")
    print(f"pingshen benchmarks — {time.strftime('%Y-%m-%d %H:%M')} — {machine()}")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PINGSHEN_LLM_BASE_URL", None)
    failed = []
    for name in chosen:
        print(f"\n## {name}\n", flush=True)
        t = time.perf_counter()
        code = subprocess.run([sys.executable, *plan[name]], cwd=ROOT, env=env).returncode
        print(f"\n({name}: {time.perf_counter() - t:.0f} s{'' if code == 0 else f', exit {code}'})", flush=True)
        if code:
            failed.append(name)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
