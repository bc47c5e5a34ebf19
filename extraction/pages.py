"""PDF → pages of positioned lines, one page in memory at a time.

The text layer is read with pypdfium2 (characters, boxes, font size and fill colour in one
pass, ~1 ms a page). A page without a usable text layer — a scan, or a text layer that is
mojibake — is rendered and OCR'd (``extraction.ocr``). Running headers, footers and page
numbers are recognised across pages and dropped before any figure is read.
"""
from __future__ import annotations

import ctypes
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Callable, Iterator, Literal, Optional

from .errors import UnreadableFile
from .files import display_name
from .layout import Char, Line, cells_to_lines, chars_to_cells, lines_to_reading_order
from .limits import Limits, render_scale
from .normalize import HAN, find_damage, is_page_number
from .ocr import OCR_MAX_MPX, OCR_SCALE

# A page needs OCR when its text layer holds fewer meaningful characters than this.
MIN_TEXT_CHARS = 12
_MEANINGFUL = re.compile(rf"[{HAN}0-9A-Za-z]")


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    method: Literal["text", "ocr"] = "text"
    unreadable: bool = False  # no text layer and OCR found nothing

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def _page_codes(textpage, n: int) -> list[int] | None:
    """All the page's UTF-16 code units in one call (one per character), or None when a character lies
    outside the BMP (a surrogate pair breaks the one-unit-per-character indexing)."""
    import pypdfium2.raw as raw

    if n <= 0:
        return []
    buf = (ctypes.c_ushort * (n + 1))()
    raw.FPDFText_GetText(textpage, 0, n, buf)
    codes = list(buf[:n])
    return None if any(0xD800 <= c <= 0xDFFF for c in codes) else codes


def _c_function(name: str, restype, *argtypes):
    """A pdfium function re-typed to take plain addresses: ctypes then converts ints, not pointer objects.
    These are sub-microsecond reads of a loaded text page, so the call keeps the GIL (PYFUNCTYPE) rather
    than releasing and re-taking it around each one."""
    import pypdfium2.raw as raw

    return ctypes.PYFUNCTYPE(restype, *argtypes)(ctypes.cast(getattr(raw, name), ctypes.c_void_p).value)


_ADDR, _INT = ctypes.c_void_p, ctypes.c_int
_PDFIUM: dict[str, Callable] = {}


def _pdfium() -> dict[str, Callable]:
    """The per-character pdfium calls, bound on first use (never at import)."""
    if not _PDFIUM:
        _PDFIUM.update(
            object=_c_function("FPDFText_GetTextObject", _ADDR, _ADDR, _INT),
            box=_c_function("FPDFText_GetCharBox", _INT, _ADDR, _INT, _ADDR, _ADDR, _ADDR, _ADDR),
            origin=_c_function("FPDFText_GetCharOrigin", _INT, _ADDR, _INT, _ADDR, _ADDR),
            size=_c_function("FPDFText_GetFontSize", ctypes.c_double, _ADDR, _INT),
            fill=_c_function("FPDFText_GetFillColor", _INT, _ADDR, _INT, _ADDR, _ADDR, _ADDR, _ADDR),
            matrix=_c_function("FPDFText_GetMatrix", _INT, _ADDR, _INT, _ADDR),
            unicode=_c_function("FPDFText_GetUnicode", ctypes.c_uint, _ADDR, _INT))
    return _PDFIUM


def _page_chars(textpage, page_height: float) -> list[Char]:
    """Every character with its box, font size and whether its fill is near-white.

    The per-character loop is the hot path of text PDFs. The pdfium functions are re-typed to take
    plain addresses and the out-parameters are allocated once; each character's tuple is built
    without the NamedTuple constructor. A character costs two C calls (text object, box): its
    baseline is read once per text object, since every character of one text-showing operator on an
    unrotated line shares it. The origin is read again for a character whose box is empty (a space)
    or lies off that baseline (vertical writing), and for every character of a rotated object.
    """
    import pypdfium2.raw as raw

    handle = getattr(textpage, "raw", textpage)
    tp = ctypes.cast(handle, ctypes.c_void_p).value
    n = raw.FPDFText_CountChars(handle)
    f = _pdfium()
    get_object, get_box, get_origin, get_size, get_fill, get_matrix, get_unicode = (
        f["object"], f["box"], f["origin"], f["size"], f["fill"], f["matrix"], f["unicode"])
    left, right, bottom, top, ox, oy = (ctypes.c_double() for _ in range(6))
    l_out, r_out, b_out, t_out, ox_out, oy_out = (ctypes.addressof(v) for v in (left, right, bottom, top, ox, oy))
    rgba = [ctypes.c_uint() for _ in range(4)]
    rgba_out = [ctypes.addressof(v) for v in rgba]
    matrix = raw.FS_MATRIX()
    matrix_out = ctypes.addressof(matrix)
    new = tuple.__new__
    chars: list[Char] = []
    append = chars.append
    codes = _page_codes(handle, n)
    if codes is None:
        codes = [get_unicode(tp, i) for i in range(n)]
    last_obj, size0, light = None, 0.0, False
    flat = False  # the object's baseline is horizontal
    line_y = None  # its origin y, once read
    fast = False  # line_y and size0 known: lo/hi bound the boxes on that baseline, c_top/c_bottom the result
    lo = hi = c_top = c_bottom = 0.0
    for i, code in enumerate(codes):
        if code == 0:
            continue
        obj = get_object(tp, i)  # None for characters pdfium generated (spaces, line breaks)
        if code == 10 or code == 13 or not obj:
            append(Char("\n" if code in (10, 13) else " ", 0, 0, 0, 0, 0))
            continue
        if obj != last_obj:  # font size, fill and matrix belong to the text object: read them once per object
            last_obj = obj
            size0 = get_size(tp, i)
            light = False
            if get_fill(tp, i, *rgba_out):
                r, g, b, a = (v.value for v in rgba)
                light = r >= 190 and g >= 190 and b >= 190 and a > 0
            flat = bool(get_matrix(tp, i, matrix_out)) and matrix.b == 0
            line_y, fast = None, False
        get_box(tp, i, l_out, r_out, b_out, t_out)
        lv, rv = left.value, right.value
        if fast and rv > lv and lo <= bottom.value and top.value <= hi:
            append(new(Char, (chr(code), lv, c_top, rv, c_bottom, size0, light)))
            continue
        bv, tv = bottom.value, top.value
        size = size0 or (tv - bv) or 10.0
        if line_y is not None and rv > lv and line_y - 0.6 * size <= bv and tv <= line_y + 1.6 * size:
            y = line_y
        else:
            get_origin(tp, i, ox_out, oy_out)
            y = oy.value
            if flat and line_y is None:
                line_y = y
                if size0:
                    fast, lo, hi = True, y - 0.6 * size0, y + 1.6 * size0
                    c_top, c_bottom = (page_height - y) - 0.85 * size0, (page_height - y) + 0.15 * size0
        x0 = lv if rv > lv else ox.value
        x1 = rv if rv > lv else ox.value + size * 0.3
        base = page_height - y
        append(new(Char, (chr(code), x0, base - 0.85 * size, x1, base + 0.15 * size, size, light)))
    if any(0xD800 <= code <= 0xDFFF for code in codes):
        return _join_surrogates(chars)
    return chars


def _join_surrogates(chars: list[Char]) -> list[Char]:
    """pdfium gives a character outside the BMP (CJK Ext-B 𪚥, a 4-byte emoji) as two UTF-16 halves: one
    character with both boxes; a half without its partner is U+FFFD, so no text downstream holds a lone
    surrogate (OpenCC, JSON and SQLite refuse them)."""
    out: list[Char] = []
    i = 0
    while i < len(chars):
        c = chars[i]
        o = ord(c.text) if len(c.text) == 1 else 0
        if 0xD800 <= o <= 0xDBFF and i + 1 < len(chars) and 0xDC00 <= ord(chars[i + 1].text[:1] or " ") <= 0xDFFF:
            d = chars[i + 1]
            text = chr(0x10000 + ((o - 0xD800) << 10) + (ord(d.text) - 0xDC00))
            out.append(Char(text, min(c.x0, d.x0), min(c.top, d.top), max(c.x1, d.x1), max(c.bottom, d.bottom),
                            c.size, c.hidden))
            i += 2
            continue
        out.append(Char("\ufffd", c.x0, c.top, c.x1, c.bottom, c.size, c.hidden) if 0xD800 <= o <= 0xDFFF else c)
        i += 1
    return out


def _mark_tiny(chars: list[Char]) -> list[Char]:
    sizes = [c.size for c in chars if c.text.strip()]
    body = median(sizes) if sizes else 10.0  # the body text's size
    if min((s for s in sizes if s), default=body) >= 0.7 * body:  # nothing tiny: most pages
        return chars
    return [Char(c.text, c.x0, c.top, c.x1, c.bottom, c.size, True)
            if c.size and c.size < 0.7 * body and c.text.strip() else c
            for c in chars]


def _usable(lines: list[Line]) -> bool:
    text = "".join(line.text for line in lines)
    if len(_MEANINGFUL.findall(text)) < MIN_TEXT_CHARS:
        return False
    damaged = sum(len(d.snippet) for d in find_damage(text) if d.kind == "mojibake")
    return damaged < 0.3 * len(text)


def _text_lines(doc, index: int, path: str = "") -> tuple[float, float, list[Line]]:
    """Width, height and lines of a page's text layer, read through pdfium's raw handles (the helper
    objects' bookkeeping costs as much as a short page's characters); both handles are closed here."""
    import pypdfium2.raw as raw

    page = raw.FPDF_LoadPage(doc.raw, index)
    if not page:
        raise UnreadableFile(path, f"第{index + 1}页无法读取，文件可能已损坏", f"page {index + 1} cannot be loaded")
    try:
        width, height = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
        textpage = raw.FPDFText_LoadPage(page)
        if not textpage:
            return width, height, []
        try:
            chars = _mark_tiny(_page_chars(textpage, height))
        finally:
            raw.FPDFText_ClosePage(textpage)
    finally:
        raw.FPDF_ClosePage(page)
    return width, height, lines_to_reading_order(cells_to_lines(chars_to_cells(chars)), width)


def _objects(page_or_form, count, get, depth: int = 0) -> Iterator:
    """Every page object, descending into form XObjects (a few levels: a form holding itself ends there)."""
    import pypdfium2.raw as raw

    for k in range(count(page_or_form)):
        obj = get(page_or_form, k)
        if not obj:
            continue
        yield obj
        if depth < 4 and raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_FORM:
            yield from _objects(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, depth + 1)


def page_contents(page) -> tuple[int, int, int]:
    """(objects, width and height in pixels of its largest image) of a pypdfium2 page, read from the page's
    dictionaries without decoding any image."""
    import pypdfium2.raw as raw

    n, best = 0, (0, 0)
    for obj in _objects(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject):
        n += 1
        if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_IMAGE:
            w, h = ctypes.c_uint(), ctypes.c_uint()
            if (raw.FPDFImageObj_GetImagePixelSize(obj, ctypes.byref(w), ctypes.byref(h))
                    and w.value * h.value > best[0] * best[1]):
                best = (w.value, h.value)
    return n, best[0], best[1]


def pdf_to_pages(path: Path | str, ocr: Optional[Callable] = None, limits: Limits = Limits(),
                 started: Optional[float] = None) -> Iterator[Page]:
    """Pages in order; ``ocr(pdfium_page, scale) -> list[Line]`` is called for pages without usable text
    (None from it: the render was blank).

    Before a page is rendered for OCR: a page with no objects is blank (nothing to read, no render), an
    image over ``limits.max_image_mpx`` refuses the file naming the page, and the render scale is lowered
    so the page stays within ``limits.max_render_mpx``. Each page starts only while the file's time
    (``limits.max_seconds`` from ``started``) lasts."""
    from .fonts import pdfium as pdfium_module

    pdfium = pdfium_module(limits.pdf_fonts)

    started = time.monotonic() if started is None else started
    doc = pdfium.PdfDocument(str(path))
    name = display_name(path)
    try:
        for i in range(len(doc)):
            if time.monotonic() - started > limits.max_seconds:
                raise UnreadableFile(str(path),
                                     f"处理时间超过上限（{limits.max_seconds:g} 秒），在第{i + 1}页停止：{name}",
                                     f"{name}: over the time limit of {limits.max_seconds:g} s at page {i + 1}")
            width, height, lines = _text_lines(doc, i, str(path))
            if _usable(lines):
                yield Page(i + 1, width, height, lines, "text")
                continue
            ocr_lines = []
            if ocr:
                page = doc[i]
                try:
                    objects, iw, ih = page_contents(page)
                    if objects == 0:  # blank: nothing drawn, nothing to recognise
                        yield Page(i + 1, width, height, lines, "text")
                        continue
                    if iw * ih > limits.max_image_mpx * 1_000_000:
                        raise UnreadableFile(
                            str(path),
                            f"第{i + 1}页的图像过大（{iw}×{ih} 像素，上限 {limits.max_image_mpx} 百万像素）：{name}",
                            f"{name}: page {i + 1} holds a {iw}x{ih} image, over {limits.max_image_mpx} megapixels")
                    scale = render_scale(width, height, OCR_SCALE, min(limits.max_render_mpx, OCR_MAX_MPX))
                    ocr_lines = ocr(page, scale)
                finally:
                    page.close()
            if ocr_lines is None:  # a blank scan: nothing to read, and nothing unreadable either
                yield Page(i + 1, width, height, lines, "text")
            elif ocr_lines:
                yield Page(i + 1, width, height, lines_to_reading_order(ocr_lines, width), "ocr")
            else:
                yield Page(i + 1, width, height, lines, "text", unreadable=True)
    finally:
        doc.close()


_DIGITS = re.compile(r"\d+")


def _furniture_key(line: Line) -> str:
    return _DIGITS.sub("#", line.text.replace(" ", ""))


def strip_furniture(pages: list[Page]) -> list[Page]:
    """Drop running headers/footers (repeated in the top/bottom band) and page-number lines."""
    bands: Counter[str] = Counter()
    for page in pages:
        seen = set()
        for line in page.lines:
            if line.top < 0.1 * page.height or line.bottom > 0.9 * page.height:
                seen.add(_furniture_key(line))
        bands.update(seen)
    body_pages = sum(1 for p in pages if p.lines)
    repeated = {k for k, n in bands.items() if n >= 2 and n >= 0.5 * body_pages}
    for page in pages:
        kept = []
        for line in page.lines:
            in_band = line.top < 0.1 * page.height or line.bottom > 0.9 * page.height
            if in_band and (_furniture_key(line) in repeated or is_page_number(line.text.replace(" ", ""))):
                continue
            kept.append(line)
        page.lines = kept
    return pages
