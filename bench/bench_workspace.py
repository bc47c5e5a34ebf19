"""Checking applications from the workspace and writing their 评分表, per application, with baselines.

    python bench/bench_workspace.py [--n 100] [--url sqlite:///…|postgresql+psycopg://…]

1. ingest: ``workspace add`` of N generated text reports (extract, check, store) per application;
2. re-check from the workspace (load the stored extraction, run every rule, store the run) per
   application, against the bare rule engine on the same extractions in memory (baseline);
3. the 评分表 for all N from the workspace (read, apply overrides, lay out, save .xlsx) per
   application, against bare openpyxl writing the same cells without styles (baseline).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_reports(out: Path, n: int) -> list[Path]:
    from tests.reportgen import make_report

    paths, idx = [], 1
    while len(paths) < n:
        data, truth = make_report(101, idx)
        idx += 1
        if truth["scanned"]:
            continue  # OCR cost is bench_extract's subject
        p = out / f"A{len(paths) + 1:03d}.pdf"
        p.write_bytes(data)
        paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--url", help="workspace URL (default: SQLite in a temporary data directory)")
    args = ap.parse_args()

    from openpyxl import Workbook

    from assistant import reports
    from assistant.checks import extraction_to_checks
    from assistant.policy import open_knowledge
    from assistant.scoresheet import report_to_sheet, write_xlsx
    from assistant.settings import Settings
    from assistant.workspace import Workspace

    tmp = Path(tempfile.mkdtemp(prefix="pingshen-bench-ws-"))
    settings = Settings(data_dir=tmp / "data", database_url=args.url)
    kb = open_knowledge(settings)
    t = time.perf_counter()
    paths = make_reports(tmp, args.n)
    print(f"generated {len(paths)} text reports in {time.perf_counter() - t:.1f} s")

    ws = Workspace.open(settings.workspace_url())
    t = time.perf_counter()
    items = reports.add_reports(settings, ws, paths, actor="bench")
    ingest = time.perf_counter() - t
    ids = [i.id for i in items if i.outcome == "added"]
    print(f"\n1. ingest (extract + check + store), {len(ids)} applications: {ingest:.1f} s, "
          f"{ingest / len(ids) * 1000:.0f} ms/application")
    for app_id in ids[::10]:
        ws.override(app_id, "core-7", "needs_review", "抽查：研发经费口径需核实", "bench")

    import resource

    print("   peak memory of this process after the batch: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    t = time.perf_counter()
    for app_id in ids:  # what re-checking an application costs: load, run every rule, store the run
        d = ws.detail(app_id)
        run = extraction_to_checks(d.extraction, kb.catalogue, special_region=d.engine_report.special_region,
                                   domain=d.engine_report.domain)
        ws.add_check_run(app_id, run, "bench", kb.corpus_hash)
    recheck = time.perf_counter() - t
    extractions = [ws.detail(i).extraction for i in ids]
    t = time.perf_counter()
    for x in extractions:
        extraction_to_checks(x, kb.catalogue)
    bare = time.perf_counter() - t
    print(f"2. re-check from the workspace: {recheck / len(ids) * 1000:.1f} ms/application "
          f"(bare rule engine in memory: {bare / len(ids) * 1000:.2f} ms/application; ratio {recheck / bare:.1f}×)")

    t = time.perf_counter()
    sheets = [report_to_sheet(ws.detail(i).report, kb.catalogue, i) for i in ids]
    read = time.perf_counter() - t
    t = time.perf_counter()
    write_xlsx(sheets, tmp / "评分表.xlsx")
    sheet = time.perf_counter() - t
    t = time.perf_counter()
    wb = Workbook()
    for s in sheets:
        w = wb.create_sheet()
        for i, row in enumerate(s.rows, 1):
            for j, v in enumerate(row.model_dump().values(), 1):
                w.cell(row=i, column=j, value=v if isinstance(v, (int, float, str)) or v is None else str(v))
    wb.save(tmp / "plain.xlsx")
    plain = time.perf_counter() - t
    print(f"3. 评分表 of {len(ids)} applications: read+overrides {read / len(ids) * 1000:.1f} ms/application, "
          f"layout+save {sheet / len(ids) * 1000:.1f} ms/application, "
          f"{(tmp / '评分表.xlsx').stat().st_size / 1e6:.1f} MB "
          f"(bare openpyxl, same cells, no styles: {plain / len(ids) * 1000:.1f} ms/application; "
          f"ratio {sheet / plain:.2f}×)")
    ws.close()


if __name__ == "__main__":
    main()
