"""Phrasing-corpus benchmark: precision and recall of ``extract`` on real published sentences.

    python bench/bench_phrasings.py [--half frozen|tuning|all]

Each sentence of ``tests/data/phrasings`` is set alone on a one-page PDF and read by ``extract_report``
(what ``pingshen extract`` calls). Prints precision and recall overall, per indicator and per hard-case
kind, the rejected-candidate counts by reason, and the time per sentence beside bare pdfplumber reading
the same PDFs in the same process (the baseline). Sentences are never printed: the frozen half stays unseen.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import phrasings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--half", default="frozen", choices=["frozen", "tuning", "all"])
    args = ap.parse_args()
    items = phrasings.load(None if args.half == "all" else args.half)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        score = phrasings.run(items, Path(tmp))
        ours = time.perf_counter() - t0
        import pdfplumber

        t0 = time.perf_counter()
        for it in items:
            with pdfplumber.open(Path(tmp) / f"{it['id']}.pdf") as pdf:
                for page in pdf.pages:
                    page.extract_text()
        bare = time.perf_counter() - t0
    p, r = score.precision_recall()
    tp, fp, fn = score.totals()
    print(f"{args.half}: {len(items)} sentences, {sum(1 for i in items if i.get('expect'))} with a figure to read")
    print(f"precision {p:.3f}  recall {r:.3f}  (right {tp}, wrong or invented {fp}, missed {fn})")
    print(f"time per sentence: extract {1000 * ours / len(items):.1f} ms (PDF written + read), bare pdfplumber text "
          f"{1000 * bare / len(items):.1f} ms")
    for title, kinds in (("per indicator", False), ("per hard-case kind", True)):
        print(f"\n{title}: name right wrong missed precision recall")
        for name, tp_, fp_, fn_, pr, rc in score.rows(kinds):
            print(f"  {name:24s} {tp_:4d} {fp_:4d} {fn_:4d}  {pr:.3f}  {rc:.3f}")
    print("\nrejected candidates by reason:")
    for reason, n in score.rejected.most_common():
        print(f"  {reason:18s} {n}")


if __name__ == "__main__":
    main()
