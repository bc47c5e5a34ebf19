"""Extraction speed and memory, each against a baseline measured in the same process.

    python bench/bench_extract.py [--pages 45] [--big 300]

1. pages/s on one multi-page Chinese text PDF: our pipeline end to end (layout, tables,
   indicators) vs bare pdfplumber ``extract_text`` vs bare pypdfium2 ``get_text_range``;
2. seconds per OCR page (scanned pages of the generated set);
3. peak RSS of extracting a ``--big``-page report, in a child process, vs the interpreter's
   baseline RSS after the same imports.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build_pdf(out: Path, pages: int, scanned: bool = False) -> Path:
    """Concatenate generated reports (text-only unless ``scanned``) up to ``pages`` pages."""
    import pypdfium2 as pdfium

    from tests.reportgen import make_report

    doc = pdfium.PdfDocument.new()
    idx = 1
    while len(doc) < pages:
        data, truth = make_report(3, idx)
        idx += 1
        if bool(truth["scanned"]) != scanned:
            continue
        src = pdfium.PdfDocument(data)
        doc.import_pages(src)
        src.close()
    while len(doc) > pages:
        doc.del_page(len(doc) - 1)
    doc.save(str(out))
    doc.close()
    return out


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=45)
    ap.add_argument("--big", type=int, default=300)
    a = ap.parse_args()
    import pdfplumber
    import pypdfium2 as pdfium

    from extraction.pipeline import extract_report

    tmp = Path(tempfile.mkdtemp())
    pdf = build_pdf(tmp / "text.pdf", a.pages)

    def ours():
        extract_report(pdf, ocr=False)

    def plumber():
        with pdfplumber.open(pdf) as p:
            for page in p.pages:
                page.extract_text()

    def pdfium_text():
        d = pdfium.PdfDocument(str(pdf))
        for i in range(len(d)):
            d[i].get_textpage().get_text_range()
        d.close()

    ours()  # warm imports and the OpenCC/lexicon caches
    t_ours, t_plumber, t_pdfium = timed(ours), timed(plumber, 1), timed(pdfium_text)
    n = a.pages
    print(f"text PDF, {n} pages (best of runs)")
    print(f"  pingshen extract (end to end) : {n / t_ours:8.1f} pages/s  ({t_ours:.2f} s)")
    print(f"  bare pdfplumber extract_text  : {n / t_plumber:8.1f} pages/s  ({t_plumber:.2f} s)")
    print(f"  bare pypdfium2 get_text_range : {n / t_pdfium:8.1f} pages/s  ({t_pdfium:.3f} s)")
    print(f"  ratio ours / pdfplumber       : {t_plumber / t_ours:8.1f}×  (target ≥ 4×)")
    print(f"  ratio pypdfium2 / ours        : {t_ours / t_pdfium:8.1f}×  (what layout + indicators cost over raw text)")

    from extraction.ocr import ocr_page

    scan = build_pdf(tmp / "scan.pdf", 4, scanned=True)
    d = pdfium.PdfDocument(str(scan))
    ocr_page(d[0])  # load the models
    times = []
    for i in range(len(d)):
        t = time.perf_counter()
        ocr_page(d[i])
        times.append(time.perf_counter() - t)
    d.close()
    print(f"OCR: {len(times)} scanned pages, mean {sum(times) / len(times):.2f} s/page, max {max(times):.2f} s (target ≤ 2 s)")

    big = build_pdf(tmp / "big.pdf", a.big)
    code = ("import resource,sys;sys.path.insert(0,%r);from extraction.pipeline import extract_report;"
            "import pdfplumber,pypdfium2;base=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;"
            "x=extract_report(%r,ocr=False,max_pages=1000);"
            "print(base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(x.records))") % (str(ROOT), str(big))
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    dt = time.perf_counter() - t
    base, peak = int(out[0]) / 1024, int(out[1]) / 1024
    print(f"{a.big}-page report: peak RSS {peak:.0f} MiB (baseline after imports {base:.0f} MiB, +{peak - base:.0f} MiB), "
          f"{dt:.1f} s in a fresh process (target < 1024 MiB)")


if __name__ == "__main__":
    main()
