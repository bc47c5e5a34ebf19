"""Extraction speed and memory, each against a baseline measured in the same process.

    python bench/bench_extract.py [--pages 45] [--big 300]

1. pages/s on multi-page Chinese text PDFs: our pipeline end to end (layout, tables,
   indicators) vs bare pdfplumber ``extract_text`` vs bare pypdfium2 ``get_text_range``, on three
   documents: one long generated report, pages cut from many generated reports (each source file
   brings its own font objects, which pdfium loads once per copy), and dense body text;
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


def build_long_report(out: Path, pages: int) -> Path:
    """One generated 申报书 of ``pages`` text pages: the sections of several generated reports laid out
    as a single document (one cover, one font, running headers and page numbers throughout), as a long
    real report is — unlike ``build_pdf``, whose pages come from separate files, each with its own fonts."""
    import random

    import pypdfium2 as pdfium

    from tests.reportgen import build_report, layout_blocks, render_pdf

    rng = random.Random(11)
    blocks: list = []
    park, idx = None, 1
    while True:
        more, truth = build_report(rng, idx)
        idx += 1
        park = park or truth["park"]
        blocks += [b for b in more if b.kind != "cover" or not blocks]
        lay = layout_blocks(blocks, park, lambda x: x)
        if len(lay.pages) >= pages:
            break
    doc = pdfium.PdfDocument(render_pdf(lay, set(), "dash", park))
    while len(doc) > pages:
        doc.del_page(len(doc) - 1)
    doc.save(str(out))
    doc.close()
    return out


DENSE_SENTENCES = (
    "园区坚持以新型工业化为主线，围绕主导产业延链补链强链，推动产业集群向高端化、智能化、绿色化方向发展。",
    "{y}年园区实现营业收入{a}亿元，同比增长{b}%，规模以上工业增加值增长{c}%，高于全省平均水平。",
    "园区企业研发经费内部支出合计{d}亿元，研发投入强度达到{e}%，拥有省级以上企业技术中心{f}家。",
    "持续深化“放管服”改革，建立企业服务专员制度，全年协调解决企业用地、用能、融资等问题{g}项。",
    "推进数字化转型，规模以上企业关键工序数控化率达到{h}%，数字化研发设计工具普及率达到{i}%。",
    "加快绿色低碳发展，单位工业增加值能耗同比下降{j}%，工业固体废物综合利用率保持在较高水平。",
)


def build_dense_pdf(out: Path, pages: int) -> Path:
    """A text PDF with pages as full as a real 申报书 body (≈ 1,100 characters and a small table every third page)."""
    import random

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    rng = random.Random(5)
    c = canvas.Canvas(str(out), pagesize=A4)
    width, height = A4
    per_line = int((width - 140) / 11)
    for n in range(1, pages + 1):
        c.setFont("STSong-Light", 15)
        c.drawString(70, height - 60, f"第{n}部分 园区发展基本情况")
        text = "".join(rng.choice(DENSE_SENTENCES).format(
            y=2024, a=rng.randint(200, 900), b=rng.randint(3, 15), c=rng.randint(3, 12), d=rng.randint(5, 40),
            e=round(rng.uniform(1.5, 4.5), 2), f=rng.randint(1, 20), g=rng.randint(50, 300), h=rng.randint(40, 80),
            i=rng.randint(60, 95), j=round(rng.uniform(1, 6), 1)) for _ in range(22))
        c.setFont("STSong-Light", 11)
        y = height - 95
        rows = 30 if n % 3 else 22
        for k in range(rows):
            c.drawString(70, y, text[k * per_line:(k + 1) * per_line])
            y -= 19
        if n % 3 == 0:
            for r, row in enumerate([("指标", "2022年", "2023年", "2024年")] +
                                    [(name, *(str(rng.randint(100, 900)) for _ in range(3)))
                                     for name in ("营业收入（亿元）", "工业增加值（亿元）", "研发经费（亿元）",
                                                  "税收（亿元）")]):
                for col, cell in enumerate(row):
                    c.drawString(70 + col * 110, y - r * 20, cell)
        c.drawString(width / 2 - 10, 40, f"- {n} -")
        c.showPage()
    c.save()
    return out


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    from extraction.fonts import font_folders, pdfium

    pdfium()  # set up as pingshen extract sets it up; the pypdfium2 baseline below runs with the same fonts
    print("pdfium's substitute fonts for fonts a PDF does not embed:",
          ", ".join(font_folders() or []) or "its own search of the system fonts")
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=45)
    ap.add_argument("--big", type=int, default=300)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    for label, pdf in ((f"one long generated report ({a.pages} pages)", build_long_report(tmp / "long.pdf", a.pages)),
                       (f"generated reports, pages of separate files ({a.pages} pages)",
                        build_pdf(tmp / "text.pdf", a.pages)),
                       (f"dense body text ({a.pages} pages)", build_dense_pdf(tmp / "dense.pdf", a.pages))):
        text_speed(label, pdf, a.pages)
    ocr_and_memory(tmp, a.big)


def text_speed(label: str, pdf: Path, n: int) -> None:
    import pdfplumber
    import pypdfium2 as pdfium

    from extraction.pipeline import extract_report
    from extraction.report import clear_caches

    def ours():
        clear_caches()  # each run reads the document afresh: no sentence or clause remembered from the last
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
    t_ours, t_plumber, t_pdfium = timed(ours), timed(plumber), timed(pdfium_text)  # best of 3 each
    d = pdfium.PdfDocument(str(pdf))
    chars = sum(d[i].get_textpage().count_chars() for i in range(len(d))) / len(d)
    d.close()
    print(f"text PDF, {label}, {chars:.0f} characters/page (best of runs)")
    print(f"  pingshen extract (end to end) : {n / t_ours:8.1f} pages/s  ({t_ours:.2f} s)")
    print(f"  bare pdfplumber extract_text  : {n / t_plumber:8.1f} pages/s  ({t_plumber:.2f} s)")
    print(f"  bare pypdfium2 get_text_range : {n / t_pdfium:8.1f} pages/s  ({t_pdfium:.3f} s)")
    print(f"  ratio ours / pdfplumber       : {t_plumber / t_ours:8.1f}×  (must not fall below 3×)")
    print(f"  ratio pypdfium2 / ours        : {t_ours / t_pdfium:8.1f}×  (what layout + indicators cost over raw text)")


def _ocr_pages(path: str, pages: list[int], threads: int) -> float:
    """Seconds to OCR ``pages`` of ``path`` with ``threads`` onnxruntime threads, the engine loaded beforehand
    (a process-pool worker's task, so it is importable)."""
    from extraction.fonts import pdfium
    from extraction.ocr import ocr_page

    d = pdfium().PdfDocument(path)
    try:
        ocr_page(d[pages[0]], threads=threads)  # load the models
        t = time.perf_counter()
        for i in pages:
            ocr_page(d[i], threads=threads)
        return time.perf_counter() - t
    finally:
        d.close()


def ocr_and_memory(tmp: Path, big_pages: int) -> None:
    import multiprocessing
    import os

    scan = build_pdf(tmp / "scan.pdf", 8, scanned=True)
    n = 8
    both = _ocr_pages(str(scan), list(range(n)), 0)
    one = _ocr_pages(str(scan), list(range(n)), 1)
    print(f"OCR: {n} scanned pages, onnxruntime on both cores {both / n:.2f} s/page, on one core {one / n:.2f} s/page "
          f"(both/one = {one / both:.1f}×; target ≤ 2 s/page)")
    cores = os.cpu_count() or 1
    if cores >= 2:  # the alternative: a pool of one-thread processes, pages split between them
        t = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(2) as pool:
            busy = pool.starmap(_ocr_pages, [(str(scan), list(range(k, n, 2)), 1) for k in range(2)])
        wall = time.perf_counter() - t
        print(f"     process pool, 2 workers × 1 thread: {max(busy) / n:.2f} s/page once the models are loaded, "
              f"{wall / n:.2f} s/page with the workers' start ({wall:.1f} s for {n} pages) — pingshen keeps one "
              "process with onnxruntime's threads")

    big = build_pdf(tmp / "big.pdf", big_pages)
    # VmHWM (the peak of this process's own memory map), not ru_maxrss: Linux carries ru_maxrss over from
    # the parent through fork and exec, so a child of this process (which holds the OCR models) would report
    # the parent's size
    code = ("import re,sys;sys.path.insert(0,%r);from extraction.pipeline import extract_report;"
            "hwm=lambda: int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1));"
            "import pdfplumber,pypdfium2;base=hwm();"
            "x=extract_report(%r,ocr=False,max_pages=1000);"
            "print(base, hwm(), len(x.records))") % (str(ROOT), str(big))
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    dt = time.perf_counter() - t
    base, peak = int(out[0]) / 1024, int(out[1]) / 1024
    print(f"{big_pages}-page report: peak RSS {peak:.0f} MiB "
          f"(baseline after imports {base:.0f} MiB, +{peak - base:.0f} MiB), "
          f"{dt:.1f} s in a fresh process (target < 1024 MiB)")


if __name__ == "__main__":
    main()
