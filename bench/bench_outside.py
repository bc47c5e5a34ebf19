"""Reports written by others: precision and recall of ``extract`` on whole reports, per indicator and round.

    python bench/bench_outside.py [--rounds A,B,C]

Each report of ``tests/data/outside_reports`` is laid out as a PDF and read by ``extract_report`` (what
``pingshen extract`` calls); prints the scores beside bare pdfplumber's time to read the same PDFs' text in the
same process (the baseline). Values are never printed, only counts.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import outside_reports  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", help="comma-separated round folders (default: all)")
    args = ap.parse_args()
    rounds = tuple(args.rounds.split(",")) if args.rounds else None
    reports = outside_reports.load(rounds)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        score = outside_reports.run(reports, work)
        ours = time.perf_counter() - t0
        import pdfplumber

        t0 = time.perf_counter()
        for r in reports:
            with pdfplumber.open(work / f"{r['file']}.pdf") as pdf:
                for page in pdf.pages:
                    page.extract_text()
        bare = time.perf_counter() - t0
        pages = sum(len(r["pages"]) for r in reports)
    p, rc = score.precision_recall()
    t = score.totals()
    print(f"{len(reports)} reports ({pages} pages) of rounds {', '.join(sorted({r['file'][0] for r in reports}))}")
    print(f"precision {p:.3f}  recall {rc:.3f}  (right {t['right']}, wrong {t['wrong']}, invented {t['invented']}, "
          f"missed {t['missed']}; derived where the writer labelled nothing: {t['derived']})")
    print(f"time: layout + extract {1000 * ours / len(reports):.0f} ms per report; bare pdfplumber text "
          f"{1000 * bare / len(reports):.0f} ms per report")
    print("\nper indicator: right wrong invented missed")
    for ind in sorted(score.counts, key=lambda k: (len(k), k)):
        c = score.counts[ind]
        print(f"  {ind:8s} {c['right']:4d} {c['wrong']:4d} {c['invented']:4d} {c['missed']:4d}")


if __name__ == "__main__":
    main()
