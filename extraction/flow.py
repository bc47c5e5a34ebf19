"""Lines in reading order → paragraphs → sentences, each knowing its page and box.

Hard wraps are re-joined inside a paragraph (a line continues the previous one unless the
previous ended a sentence, the line is indented relative to it, or either is a heading or a
table row), so a figure broken across a wrap (``530千克标准`` / ``煤/万元``) reads whole.
Every sentence keeps the original characters for evidence and a matching form
(t2s + width folding) for the lexicon.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import Line
from .normalize import fold_width, is_heading, repair_ocr, to_simplified

_TERMINAL = tuple("。；;！？!?：:")
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])")
# a wrap between two Latin words keeps a space; a number broken by a wrap (1051.1 / 0亿元) is joined whole
# (a one-letter tail is a unit or word cut by the wrap: 亿元/k | m2)
_LATIN_START, _LATIN_WORD_END = re.compile(r"[A-Za-z]"), re.compile(r"(?<![A-Za-z/])[A-Za-z]{2,}$")


def is_table_row(line: Line) -> bool:
    """A form or table row (label | value …): never joined with its neighbours."""
    return len(line.cells) >= 2


@dataclass(frozen=True)
class Sentence:
    page: int
    text: str  # original characters, wraps removed
    norm: str  # matching form: t2s and width folding char for char; pinyin annotations removed
    bbox: tuple[float, float, float, float] | None
    hidden: bool = False
    method: str = "text"
    where: tuple[int, ...] | None = None  # text offset of each norm offset (+ the end), when they differ
    para: int = 0  # the paragraph's number in the document (sentences of one paragraph share it)

    def at(self, i: int) -> int:
        """The offset in ``text`` of offset ``i`` of ``norm``."""
        if self.where is None:
            return i
        return self.where[max(0, min(i, len(self.where) - 1))]

    def span(self, a: int, b: int) -> str:
        """The original text of norm[a:b] (pinyin annotations inside it kept, as printed)."""
        return self.text[self.at(a):self.at(b)]


# pinyin after a character, as copied web pages print it: 營(yíng)業(yè)收入
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[（(][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[1-5]?[)）]")
# 6，150 (an OCR habit) and 2 698.2亿元 / 8 204个 (a space as thousands separator, before a last group that ends the
# number: a table row's 617 667 720 stays three numbers)
_CN_THOUSANDS = re.compile(r"(?<=\d)(?:，|[  ](?=\d{3}(?:\.\d+)?[^\d\s.,]))(?=\d{3}(?!\d))")
# "3,519.000.0" (OCR read a separator as a point): a point followed by three digits and another separator
_POINT_AS_SEPARATOR = re.compile(r"(?<=\d)\.(?=\d{3}[.,]\d)")


def _norm(text: str) -> str:
    """t2s + width folding (+ "6，150" → "6,150", an OCR habit), length-preserving."""
    form = fold_width(to_simplified(text))
    if len(form) != len(text):
        form = fold_width(text)
    return _POINT_AS_SEPARATOR.sub(",", _CN_THOUSANDS.sub(",", form))


# invisible format characters (zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks and
# overrides): they print as nothing, so a figure they cut (3\u200b.12) is one figure
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+")


def _remove(text: str, spans: list[tuple[int, int]]) -> tuple[str, tuple[int, ...] | None]:
    """``text`` without the spans (sorted, disjoint), and where each kept character was (+ the end)."""
    if not spans:
        return text, None
    keep, where, pos = [], [], 0
    for a, b in spans:
        keep.append(text[pos:a])
        where.extend(range(pos, a))
        pos = b
    keep.append(text[pos:])
    where.extend(range(pos, len(text)))
    where.append(len(text))
    return "".join(keep), tuple(where)


def strip_pinyin(norm: str) -> tuple[str, tuple[int, ...] | None]:
    """The matching form without invisible format characters and pinyin annotations, and where each kept
    character was (None: nothing removed). The sentence's text keeps them, as printed."""
    seen, where1 = _remove(norm, [m.span() for m in _INVISIBLE.finditer(norm)])
    if "(" not in seen and "（" not in seen:
        return seen, where1
    out, where2 = _remove(seen, [m.span() for m in _PINYIN.finditer(seen)])
    if where2 is None or where1 is None:
        return out, where2 or where1
    return out, tuple(where1[k] for k in where2)


def _bbox(lines: list[Line]) -> tuple[float, float, float, float] | None:
    boxes = [line.bbox for line in lines if line.cells]
    if not boxes:
        return None
    if len(boxes) == 1:  # a sentence on one line
        x0, top, x1, bottom = boxes[0]
    else:
        x0, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return (round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1))


def lines_to_paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Lines joined into paragraphs. A line ending a sentence ends its paragraph only when it stops short of the
    text's right edge or the next line is indented: a sentence that happens to end at the end of a full line
    (…取得了新突破。 | 年营业收入达到1.27万亿元…) goes on in the same paragraph, so its year and subject carry."""
    paragraphs: list[list[Line]] = []
    prev, prev_text, prev_heading = None, "", False
    right = max((line.x1 for line in lines if line.cells), default=0.0)
    for line in lines:
        if not line.cells:
            continue
        text = line.text
        heading = is_heading(text)  # once per line: it is asked of each line as the next and as the previous
        if prev is not None:
            height = prev.bottom - prev.top
            ended = prev_text.rstrip().endswith(_TERMINAL) and not (
                prev.x1 >= right - 1.5 * height and prev.x0 - 4 <= line.x0)
            joins = (not ended and not is_table_row(prev) and not is_table_row(line)
                     and not prev_heading and not heading and prev.hidden == line.hidden
                     and line.x0 <= prev.x0 + max(4.0, 0.6 * height)  # a leading ， draws right of the margin
                     and 0 <= line.top - prev.bottom < 2.5 * (prev.bottom - prev.top) + 6)
            if joins:
                paragraphs[-1].append(line)
            else:
                paragraphs.append([line])
        else:
            paragraphs.append([line])
        prev, prev_text, prev_heading = line, text, heading
    return paragraphs


def paragraph_to_sentences(page: int, para: list[Line], method: str = "text", number: int = 0) -> list[Sentence]:
    """Split a paragraph at 。；！？; each sentence's box covers the lines it touches."""
    text = ""
    spans = []  # (start, end, line)
    for line in para:
        t = line.text.strip()
        if text and _LATIN_START.match(t) and _LATIN_WORD_END.search(text):
            text += " "
        spans.append((len(text), len(text) + len(t), line))
        text += t
    out = []
    pos = 0
    for piece in _SENTENCE_END.split(text):
        if not piece.strip():
            pos += len(piece)
            continue
        start, end = pos, pos + len(piece)
        touched = [ln for s, e, ln in spans if s < end and e > start]
        norm = _norm(piece.strip())
        norm, where = strip_pinyin(norm)
        out.append(Sentence(page, piece.strip(), repair_ocr(norm) if method == "ocr" else norm, _bbox(touched),
                            hidden=all(ln.hidden for ln in touched), method=method, where=where, para=number))
        pos = end
    return out
