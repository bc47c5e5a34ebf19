"""Start-up benchmark: the wall time of `pingshen` commands from a new process, beside a bare
``python -c "import chromadb"`` measured in the same run.

    python bench/bench_start.py

Cold = a fresh data directory (the policy index is built); warm = the index already built. Each warm
figure is the best of 3 runs; the import profile of the CLI module comes from ``python -X importtime``.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time


def wall(cmd: list[str], env: dict, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - t)
    return best


def import_time(module: str) -> float:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True,
                         text=True).stderr
    line = next(x for x in reversed(out.splitlines()) if x.rstrip().endswith(" " + module))
    return int(line.split("|")[1]) / 1e6


def main() -> None:
    py, cli = sys.executable, [sys.executable, "-m", "assistant.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PINGSHEN_DATA_DIR": tmp}
        env.pop("PINGSHEN_LLM_BASE_URL", None)
        baseline = wall([py, "-c", "import chromadb"], env)
        print(f"baseline: python -c 'import chromadb'            {baseline:6.2f} s")
        print(f"import assistant.cli (python -X importtime)       {import_time('assistant.cli'):6.2f} s")
        print(f"pingshen --help                                   {wall(cli + ['--help'], env):6.2f} s")
        cold = wall(cli + ["search", "研发投入强度要达到多少"], env, repeat=1)
        print(f"pingshen search, cold (builds the index)          {cold:6.2f} s")
        print("pingshen search, warm                             "
              f"{wall(cli + ['search', '研发投入强度要达到多少'], env):6.2f} s")
        print("pingshen ask (policy), warm                       "
              f"{wall(cli + ['ask', '示范基地多久评估一次？'], env):6.2f} s")
        print(f"pingshen rules                                    {wall(cli + ['rules'], env):6.2f} s")


if __name__ == "__main__":
    main()
