"""Answer latency on the deterministic path, on a workspace of 20 applications.

    python bench/bench_ask.py [--apps 20] [--rounds 3]

Asks every question of tests/data/ask_questions.json (all kinds: checks, conditions, values, policy
lookups, edition comparisons, rankings over the whole workspace, follow-ups) after one warm-up
round, and prints p50/p95/max per kind and overall, against a baseline measured in the same
process: the bare hybrid search (``index.search``) on the same questions.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import pct  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--apps", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    from assistant import reports
    from assistant.ask import Assistant
    from assistant.settings import Settings
    from bench.bench_workspace import make_reports

    tmp = Path(tempfile.mkdtemp(prefix="pingshen-bench-ask-"))
    settings = Settings(data_dir=tmp / "data")
    demo = sorted((ROOT / "assistant" / "demo_reports").glob("D0[123].pdf"))
    paths = demo + make_reports(tmp, args.apps - len(demo))
    ws = reports.open_workspace(settings)
    reports.add_reports(settings, ws, paths, actor="bench")
    print(f"workspace: {len(ws.applications())} applications")
    ws.close()

    questions = json.loads((ROOT / "tests" / "data" / "ask_questions.json").read_text(encoding="utf-8"))["questions"]
    a = Assistant(settings)
    a.index  # opening the index is start-up, not answer latency

    def round_trip(record: dict | None) -> None:
        previous = {}
        for q in questions:
            t = time.perf_counter()
            ans = a.ask(q["q"], applicant=q["applicant"], previous=previous.get(q["session"]))
            dt = (time.perf_counter() - t) * 1000
            if q["session"]:
                previous[q["session"]] = ans.intent
            if record is not None:
                record.setdefault(q["kind"], []).append(dt)

    round_trip(None)  # warm-up
    times: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        round_trip(times)
    base = []
    for _ in range(args.rounds):
        for q in questions:
            t = time.perf_counter()
            a.index.search(q["q"], k=4)
            base.append((time.perf_counter() - t) * 1000)
    every = [x for v in times.values() for x in v]
    print(f"\n{'kind':<12}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for kind, xs in sorted(times.items()):
        print(f"{kind:<12}{len(xs):>5}{statistics.median(xs):>10.1f}{pct(xs, 0.95):>10.1f}{max(xs):>10.1f}")
    print(f"{'all':<12}{len(every):>5}{statistics.median(every):>10.1f}{pct(every, 0.95):>10.1f}{max(every):>10.1f}")
    print(f"{'baseline: bare index.search':<28}{statistics.median(base):>10.1f}{pct(base, 0.95):>10.1f}"
          f"{max(base):>10.1f}")
    print(f"\np95 answer / p95 bare search: {pct(every, 0.95) / pct(base, 0.95):.1f}×  (target: p95 < 300 ms)")
    a.close()
    quality(tmp, demo)


def quality(tmp: Path, demo: list[Path]) -> None:
    """The answer-quality set on the workspace it is written for (D01, D02, D03 as #1–#3): the share of
    questions whose answer holds what it must and nothing it must not (tests/answer_quality.py), by kind."""
    from assistant import reports
    from assistant.ask import Assistant
    from assistant.settings import Settings
    from tests.answer_quality import ask_in_turn, load, problems

    settings = Settings(data_dir=tmp / "data", database_url=f"sqlite:///{tmp / 'quality.sqlite3'}")
    ws = reports.open_workspace(settings)
    reports.add_reports(settings, ws, demo, actor="bench")
    ws.close()
    questions = load()
    a = Assistant(settings)
    passed: dict[str, list[bool]] = {}
    failures = []
    for i, item in enumerate(questions):
        wrong = problems(a, item, ask_in_turn(a, questions, i))
        passed.setdefault(item["kind"], []).append(not wrong)
        if wrong:
            failures.append((item["q"], wrong[0]))
    a.close()
    print(f"\nanswer quality ({len(questions)} questions, tests/data/ask_questions.json)")
    print(f"{'kind':<12}{'n':>5}{'passed':>8}{'rate':>8}")
    for kind, xs in sorted(passed.items()):
        print(f"{kind:<12}{len(xs):>5}{sum(xs):>8}{sum(xs) / len(xs):>8.0%}")
    every = [x for xs in passed.values() for x in xs]
    print(f"{'all':<12}{len(every):>5}{sum(every):>8}{sum(every) / len(every):>8.0%}")
    for q, why in failures[:10]:
        print(f"  failed: {q} — {why}")


if __name__ == "__main__":
    main()
