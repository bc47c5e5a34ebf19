"""Policy search benchmark, one run: index build, warm start, latency, and retrieval quality.

    python bench/bench_search.py

Prints index build time (fresh data dir), warm start time, search latency p50/p95 over the
question set (hybrid, with BM25-only as the in-process baseline), and recall@1 / recall@3 / MRR
for BM25 alone, dense alone and hybrid, side by side.
"""
from __future__ import annotations

import json
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import pct  # noqa: E402
from extraction.normalize import match_form  # noqa: E402
from knowledge.index import PolicyIndex, load_knowledge  # noqa: E402


def hit_ok(hit, expect) -> bool:
    return hit.doc == expect["doc"] and (expect["phrase"] in hit.text
                                         or match_form(expect["phrase"]) in match_form(hit.text))


def quality(index: PolicyIndex, questions: list[dict], mode: str) -> tuple[float, float, float]:
    r1 = r3 = mrr = 0.0
    for q in questions:
        hits = index.search(q["q"], k=10, mode=mode)  # type: ignore[arg-type]
        rank = next((i for i, h in enumerate(hits, 1) if any(hit_ok(h, e) for e in q["expect"])), None)
        r1 += rank == 1
        r3 += bool(rank and rank <= 3)
        mrr += 1 / rank if rank else 0
    n = len(questions)
    return r1 / n, r3 / n, mrr / n


def latencies(index: PolicyIndex, questions: list[dict], mode: str) -> list[float]:
    out = []
    for q in questions:
        t = time.perf_counter()
        index.search(q["q"], k=5, mode=mode)  # type: ignore[arg-type]
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    questions = json.loads((ROOT / "tests" / "data" / "search_questions.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        kb = load_knowledge(None)
        parse_s = time.perf_counter() - t
        t = time.perf_counter()
        PolicyIndex.open(kb, Path(tmp), progress=False)
        build_s = time.perf_counter() - t
        t = time.perf_counter()
        index = PolicyIndex.open(load_knowledge(None), Path(tmp), progress=False)
        warm_s = time.perf_counter() - t
        index.search("预热", k=1)
        print(f"corpus: {len(kb.docs)} documents, {len(kb.clauses)} clauses, "
              f"{index.collection.count()} embedded chunks")
        print(f"parse corpus {parse_s:.2f} s · first index build {build_s:.1f} s · warm start {warm_s:.2f} s "
              f"(build/warm = {build_s / warm_s:.0f}×)")
        lat = {m: latencies(index, questions, m) for m in ("bm25", "dense", "hybrid")}
        for m, xs in lat.items():
            print(f"latency {m:<6} p50 {pct(xs, .5):6.1f} ms  p95 {pct(xs, .95):6.1f} ms")
        print(f"hybrid/bm25 p50 ratio {pct(lat['hybrid'], .5) / pct(lat['bm25'], .5):.1f}×")
        print(f"\nquality over {len(questions)} questions   recall@1  recall@3  MRR")
        for m in ("bm25", "dense", "hybrid"):
            r1, r3, mrr = quality(index, questions, m)
            print(f"  {m:<8}                        {r1:7.3f}  {r3:8.3f}  {mrr:5.3f}")
        added_quality(Path(tmp), questions)


def added_quality(data_dir: Path, bundled: list[dict]) -> None:
    """The notices of tests/data/added_notices added with `corpus add`: recall on their own questions and
    on the bundled set with them present, for BM25F at the chosen context weight and at 0 (no context field)."""
    from assistant import policy
    from assistant.settings import Settings
    from knowledge import index as ix

    folder = ROOT / "tests" / "data" / "added_notices"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    added = json.loads((folder / "questions.json").read_text(encoding="utf-8"))["questions"]
    settings = Settings(data_dir=data_dir)
    for d in manifest["documents"]:
        policy.add_document(settings, folder / d["file"], d["id"], d["title"], d.get("date", ""), progress=False)
    chosen = ix.CONTEXT_WEIGHT
    print(f"\nwith {len(manifest['documents'])} added notices        recall@1  recall@3  MRR")
    for w in (chosen, 0.0):
        ix.CONTEXT_WEIGHT = w
        index = policy.open_index(settings, progress=False)
        for name, qs in (("added", added), ("bundled", bundled)):
            for m in ("bm25", "hybrid"):
                r1, r3, mrr = quality(index, qs, m)
                print(f"  context weight {w:<3} {name:<7} {m:<6} {r1:7.3f}  {r3:8.3f}  {mrr:5.3f}  "
                      f"({len(qs)} questions)")
    ix.CONTEXT_WEIGHT = chosen


if __name__ == "__main__":
    main()
