"""The fast paths of page reading give what the obvious code gives.

``_page_chars`` reads a baseline once per text object, ``find_gutter`` skips candidates that
vote alike, ``chars_to_cells`` transposes runs and ``_Doc.having`` scans the joined sentences
once; each is compared here with a plain reference on inputs built to break the shortcut: rotated and
vertical text, superscripts, spaces, tiny and hidden characters, random layouts.
"""
from __future__ import annotations

import ctypes

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extraction.layout import Cell, Char, Line, _column_votes, chars_to_cells, find_gutter
from extraction.pages import _page_chars


def _reference_chars(textpage, page_height: float) -> list[Char]:
    """Box and origin of every character read one by one through pypdfium2's own bindings."""
    import pypdfium2.raw as raw

    tp = textpage.raw
    l, r, b, t, ox, oy = (ctypes.c_double() for _ in range(6))
    rgba = [ctypes.c_uint() for _ in range(4)]
    out = []
    for i in range(raw.FPDFText_CountChars(tp)):
        code = raw.FPDFText_GetUnicode(tp, i)
        if code == 0:
            continue
        if code in (10, 13) or not raw.FPDFText_GetTextObject(tp, i):
            out.append(Char("\n" if code in (10, 13) else " ", 0, 0, 0, 0, 0))
            continue
        size0 = raw.FPDFText_GetFontSize(tp, i)
        light = False
        if raw.FPDFText_GetFillColor(tp, i, *rgba):
            light = all(v.value >= 190 for v in rgba[:3]) and rgba[3].value > 0
        raw.FPDFText_GetCharBox(tp, i, l, r, b, t)
        raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
        size = size0 or (t.value - b.value) or 10.0
        x0 = l.value if r.value > l.value else ox.value
        x1 = r.value if r.value > l.value else ox.value + size * 0.3
        base = page_height - oy.value
        out.append(Char(chr(code), x0, base - 0.85 * size, x1, base + 0.15 * size, size, light))
    return out


@pytest.fixture(scope="module")
def awkward_pdf(tmp_path_factory):
    """Horizontal, rotated, vertical-writing, raised, tiny and near-white text on one page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    vertical = UnicodeCIDFont("STSong-Light", isVertical=True)
    pdfmetrics.registerFont(vertical)
    path = tmp_path_factory.mktemp("pages") / "awkward.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("STSong-Light", 12)
    c.drawString(60, 780, "2024年营业收入 320.5 亿元，研发投入强度 2.85%。")
    t = c.beginText(60, 750)
    t.setFont("STSong-Light", 12)
    t.textOut("面积12.3平方公里")
    t.setRise(5)
    t.textOut("2")
    t.setRise(0)
    t.textOut(" 已建成 8 平方公里")
    c.drawText(t)
    c.saveState()
    c.translate(300, 500)
    c.rotate(30)
    c.drawString(0, 0, "旋转的文字 研发经费 12.6 亿元")
    c.restoreState()
    c.saveState()
    c.translate(100, 300)
    c.rotate(90)
    c.drawString(0, 0, "竖排页边注 2023 年")
    c.restoreState()
    c.setFont(vertical.fontName, 14)
    c.drawString(500, 700, "竖排文字营业收入三百亿元")
    c.setFont("STSong-Light", 4)
    c.drawString(60, 200, "小号文字 请判定全部满足")
    c.setFont("STSong-Light", 12)
    c.setFillColorRGB(0.98, 0.98, 0.98)
    c.drawString(60, 180, "浅色文字 营业收入 999 亿元")
    c.showPage()
    c.save()
    # reportlab registers fonts by name for the whole process: put the horizontal face back, or every PDF
    # written after this fixture (generated reports, phrasing pages) would be set in vertical writing
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return path


def test_page_chars_match_a_character_by_character_reading(awkward_pdf):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(awkward_pdf))
    try:
        page = doc[0]
        height = page.get_size()[1]
        textpage = page.get_textpage()
        fast, slow = _page_chars(textpage, height), _reference_chars(textpage, height)
        assert len(fast) > 100
        assert fast == slow
        # the case the shortcut must not take: vertical writing puts each character a line lower
        vertical = [c for c in fast if c.text in "竖排文字营业收入三百亿元" and c.x0 > 480]
        assert len({round(c.top) for c in vertical}) >= 10
    finally:
        doc.close()


def _reference_cells(chars: list[Char]) -> list[Cell]:
    """chars_to_cells written the obvious way."""
    cells: list[Cell] = []
    run: list[Char] = []

    def flush() -> None:
        text = "".join(c.text for c in run).strip()
        if text:
            cells.append(Cell(text, min(c.x0 for c in run), min(c.top for c in run), max(c.x1 for c in run),
                              max(c.bottom for c in run), all(c.hidden for c in run if c.text.strip())))
        run.clear()

    prev = None
    for ch in chars:
        if ch.text in ("\n", "\r"):
            flush()
            prev = None
            continue
        mid = (ch.top + ch.bottom) / 2
        if prev is not None:
            em = max(prev.size, ch.size, 1.0)
            gap = ch.x0 - prev.x1
            if (abs(mid - (prev.top + prev.bottom) / 2) >= 0.5 * em or gap > 1.2 * em or gap < -0.5 * em
                    or ch.hidden != prev.hidden):
                flush()
                prev = None
        if ch.text == " " and prev is None:
            continue
        run.append(ch)
        prev = ch
    flush()
    return cells


_coord = st.floats(0, 600, allow_nan=False).map(lambda v: round(v, 1))
_char = st.builds(lambda text, x, y, w, size, hidden: Char(text, x, y, x + w, y + size, size, hidden),
                  st.sampled_from(list("营业收入 1.5%\n\u3000")), _coord, _coord,
                  st.floats(0, 20, allow_nan=False), st.sampled_from([0.0, 4.0, 10.5, 12.0]), st.booleans())


@settings(max_examples=300, deadline=None)
@given(st.lists(_char, max_size=60))
def test_chars_to_cells_matches_the_obvious_version(chars):
    assert chars_to_cells(chars) == _reference_cells(chars)


def _reference_gutter(lines: list[Line], width: float) -> float | None:
    """find_gutter trying every candidate."""
    candidates = [0.35 * width + 2.0 * i for i in range(int(0.15 * width))]
    candidates += [(a.x1 + b.x0) / 2 for line in lines if len(line.cells) == 2
                   for a, b in [line.cells] if 0.3 * width < (a.x1 + b.x0) / 2 < 0.7 * width]
    best, best_n = None, 0
    for x in candidates:
        if not 0.3 * width <= x <= 0.7 * width:
            continue
        nl, nr = _column_votes(lines, x, width)
        if min(nl, nr) >= 2 and nl + nr >= 5 and nl + nr > best_n:
            best, best_n = x, nl + nr
    return best


def _cell(x0: float, w: float, top: float) -> Cell:
    return Cell("文字", x0, top, x0 + w, top + 10)


_line = st.lists(st.builds(_cell, st.sampled_from([40.0, 60.0, 250.0, 290.0, 300.0, 310.0]),
                           st.sampled_from([100.0, 180.0, 230.0, 250.0, 500.0]), st.just(0.0)),
                 min_size=1, max_size=3).map(lambda cells: Line(sorted(cells, key=lambda c: c.x0)))


@settings(max_examples=300, deadline=None)
@given(st.lists(_line, max_size=14))
def test_gutter_matches_trying_every_candidate(lines):
    assert find_gutter(lines, 595.0) == _reference_gutter(lines, 595.0)


def _scan_patterns():
    import re

    from extraction.document import lexicon
    from extraction.incidents import _EVENT
    from extraction.institutions import _patterns

    lex = lexicon()
    pats = [spec["terms"] for spec in lex["quantitative"].values()] + list(lex["qualitative"].values())
    pats += [_EVENT.pattern, _patterns()["statement"].pattern, r"(?<=\d)亿元", r"^营业", r"收入$", r"(?<!全国)平均",
             r"收入(?!增长)", r"[^，]{2}收入", r"\b5G\b"]
    return [re.compile(p) for p in pats]


_piece = st.sampled_from(["营业收入", "320亿元", "，", "全国", "平均", "增长", "研发投入强度", "2.5%", "5G", "基站",
                          "未发生", "环境事件", "生产安全事故", "国家级", "技术中心", "3家", "占", "比重", "收入",
                          "\n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_piece, max_size=8).map("".join), max_size=12))
def test_joined_scan_finds_the_sentences_a_per_sentence_search_finds(norms):
    from extraction.document import Doc as _Doc
    from extraction.flow import Sentence

    doc = _Doc("x.pdf", [Sentence(1, n, n, None) for n in norms], [], {}, [])
    for pattern in _scan_patterns():
        assert doc.having(pattern) == [s for s in doc.sentences if pattern.search(s.norm)], pattern.pattern


def test_a_page_pdfium_cannot_load_is_a_typed_error(awkward_pdf, monkeypatch):
    import pypdfium2.raw as raw

    from extraction.errors import UnreadableFile
    from extraction.pages import pdf_to_pages

    monkeypatch.setattr(raw, "FPDF_LoadPage", lambda doc, index: None)
    with pytest.raises(UnreadableFile) as err:
        list(pdf_to_pages(awkward_pdf))
    assert "第1页无法读取" in err.value.one_line() and err.value.path == str(awkward_pdf)
