"""Text normalisation recipes shared by the policy corpus and applicants' reports.

The original text is always kept for display and evidence; these functions derive a
*matching form*: traditional → simplified (OpenCC t2s), full-width digits/letters/％/．
folded to ASCII (≥ ≤ and Chinese punctuation kept), whitespace inside Chinese text
removed, hard wraps re-joined, page-number lines and web debris dropped. Damaged spans
(mojibake left by an encoding accident, stray English words) are *detected and reported*,
never silently repaired, so an answer can warn instead of quoting garbage.

Each function is pure; the OpenCC converter is built lazily behind a cache.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{HAN}]")

# Full-width characters folded to ASCII: digits, Latin letters, ％ ． ／ ＋ － and the
# ideographic space. Chinese punctuation （），：；！？、。 is deliberately kept.
_FOLD = {0xFF10 + i: ord("0") + i for i in range(10)}
_FOLD.update({0xFF21 + i: ord("A") + i for i in range(26)})
_FOLD.update({0xFF41 + i: ord("a") + i for i in range(26)})
_FOLD.update({0xFF05: ord("%"), 0xFF0E: ord("."), 0xFF0F: ord("/"), 0xFF0B: ord("+"), 0xFF0D: ord("-"),
              0x3000: ord(" ")})


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # local import: building the converter reads its dictionaries

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified characters (OpenCC ``t2s``); simplified text passes unchanged. A lone
    surrogate (text that cannot be encoded, e.g. ``\\ud840`` from a damaged source) becomes U+FFFD first:
    OpenCC cannot take it. The result has the same length as the input whenever OpenCC's does."""
    if not text:
        return text
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = scrub_surrogates(text)
    return _t2s().convert(text)


def scrub_surrogates(text: str) -> str:
    """Surrogate halves paired into their character; a half without its partner → U+FFFD."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def detect_script(text: str, threshold: float = 0.02) -> str:
    """'traditional' when t2s changes more than ``threshold`` of the Chinese characters, else 'simplified'."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return "simplified"
    simp = to_simplified("".join(han))
    changed = sum(1 for a, b in zip(han, simp) if a != b)
    return "traditional" if changed > threshold * len(han) else "simplified"


# What the bundled recogniser (PP-OCRv4) writes for 專 on scanned traditional pages: 事. Only pairs that are
# not words are repaired, in the matching form of OCR text (evidence keeps what was read); same length.
OCR_CONFUSIONS = {"事利": "专利", "事项资金": "专项资金", "事项政策": "专项政策", "事精特新": "专精特新"}
_OCR_CONFUSION = re.compile("|".join(OCR_CONFUSIONS))


def repair_ocr(form: str) -> str:
    """The matching form of OCR text with the recogniser's known non-word readings repaired."""
    return _OCR_CONFUSION.sub(lambda m: OCR_CONFUSIONS[m.group(0)], form)


def fold_width(text: str) -> str:
    """Full-width digits, letters, ％ ． ／ ＋ － and the ideographic space → ASCII.

    ``fold_width("２．５％") == "2.5%"``; ``≥``/``≤`` and Chinese punctuation are kept.
    """
    return text.translate(_FOLD)


_SPACE_NEAR_HAN = re.compile(rf"(?<=[{HAN}（）：；，。、“”《》≥≤%])[ \t]+|[ \t]+(?=[{HAN}（）：；，。、“”《》≥≤%])")


def squeeze_spaces(text: str) -> str:
    """Drop spaces next to Chinese characters and punctuation ("≥300 亿元" → "≥300亿元"); keep them between
    Latin words."""
    text = _SPACE_NEAR_HAN.sub("", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def match_form(text: str) -> str:
    """The matching form of a piece of text: t2s, width folding, spaces squeezed (one line)."""
    return squeeze_spaces(fold_width(to_simplified(text)).replace("\n", ""))


# --- lines: debris, page numbers, markdown, hard wraps ---------------------------------

_DEBRIS = re.compile(
    r"^\s*(标签[:：]|標籤[:：]|留言与评论|留言與評論|验证码[:：]?|驗證碼[:：]?|[\"“]?(扫描|掃描)(二维码|二維碼)"
    r"|资料来源[:：]|資料來源[:：]|\[?https?://|分享到|打印本页|关闭窗口)"
)
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                          r"|\d{1,4}\s*/\s*\d{1,4})\s*$")
_MARKDOWN = re.compile(r"^\s*#{1,6}\s*|\*\*")


def is_debris(line: str) -> bool:
    """Web-page leftovers (标签:, 留言与评论, 验证码, 扫描二维码, 资料来源, bare links)."""
    return bool(_DEBRIS.match(line))


def is_page_number(line: str) -> bool:
    """Page-number lines such as "- 3 -", "— 12 —", "第3页", "第3页 共45页", "3/45"."""
    return bool(_PAGE_NUMBER.match(line))


def clean_lines(text: str) -> list[str]:
    """Split into lines, drop debris, page-number and empty lines, strip markdown marks and edges."""
    out = []
    for line in text.splitlines():
        if is_debris(line) or is_page_number(line):
            continue
        line = _MARKDOWN.sub("", line).strip().strip("\u3000")
        if line:
            out.append(line)
    return out


# A line that opens a new unit of structure: 第X章/条, 一、, （一）/(一), 一是, 1. / 1、
NUMERAL = "一二三四五六七八九十百零〇两"
STRUCTURE_START = re.compile(
    rf"^(第[{NUMERAL}\d]+[章条條]|[{NUMERAL}]+、|[（(][{NUMERAL}\d]+[)）]|[{NUMERAL}]+是|\d{{1,2}}[.、](?!\d)|附\s*件|附[:：])"
)
_TERMINAL = tuple("。；;！？!?：:")
_DATE_LINE = re.compile(r"^\S{0,20}\s?(?:[二〇○零一三四五六七八九十]{4}年[一二三四五六七八九十]{1,3}月"
                        r"[一二三四五六七八九十]{1,3}日|\d{4}年\d{1,2}月\d{1,2}日)$")


def is_date_line(line: str) -> bool:
    """A line that is only a date, possibly after a signature ("二〇一二年一月二十九日",
    "工业和信息化部 2025年11月19日")."""
    return bool(_DATE_LINE.match(line.strip()))


def is_heading(line: str) -> bool:
    """A short structural line with no closing punctuation (第一章 总则, 一、总体要求, （一）指导思想)."""
    form = fold_width(to_simplified(line))
    return bool(STRUCTURE_START.match(form)) and len(form) <= 24 and not form.endswith(_TERMINAL)


def rejoin_lines(lines: list[str]) -> list[str]:
    """Re-join hard-wrapped lines into paragraphs.

    A line continues the previous one unless the previous one ends a sentence (。；：！？)
    or is a heading, or this one opens a new unit of structure, or either is a date line. Chinese needs no space at
    the join; a space is kept only between two Latin/digit characters ("GB/T" + "19001").
    """
    paras: list[str] = []
    forms: list[str] = []  # matching form of each paragraph, kept in step so nothing is converted twice
    for line in lines:
        form = fold_width(to_simplified(line))
        if paras:
            prev, prev_form = paras[-1], forms[-1]
            starts_unit = bool(STRUCTURE_START.match(form))
            standalone = is_date_line(prev) or is_date_line(line)
            if not starts_unit and not standalone and not prev_form.endswith(_TERMINAL) and not is_heading(prev_form):
                sep = (" " if prev[-1:].isascii() and prev[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum()
                       else "")
                paras[-1] = prev + sep + line
                forms[-1] = prev_form + sep + form
                continue
        paras.append(line)
        forms.append(form)
    return paras


# --- damage: mojibake and stray English -----------------------------------------------

@dataclass(frozen=True)
class Damage:
    """A span of text that cannot be trusted: ``kind`` is ``mojibake`` or ``stray_english``."""

    kind: str
    start: int
    end: int
    snippet: str


# Mojibake left by decoding UTF-8 as GBK (and back) shows as ASCII '?', ';' or a lone Latin
# letter wedged between Chinese characters: 規?;叨嘶l展, 規??焖僭鲩L.
_MOJIBAKE_ANCHOR = re.compile(rf"(?<=[{HAN}])[?;]*\?[?;]*|[?;]*\?[?;]*(?=[{HAN}])"
                              rf"|(?<=[{HAN}])[A-Za-z](?=[{HAN}。，；、]|$)")
_STRAY_ENGLISH = re.compile(rf"(?<=[{HAN}]) ?\b([a-z]{{2,12}})\b ?(?=[{HAN}])")


def find_damage(text: str) -> list[Damage]:
    """Spans damaged by an encoding accident (mojibake) and stray English words in Chinese prose.

    Anchors (``?`` runs, possibly with ``;``, or a lone Latin letter between Chinese
    characters) closer than five characters are merged into one span, widened by one
    Chinese character on each side, since a garbled byte sequence also corrupts its
    neighbours. A plain ``;`` between Chinese characters is punctuation, not damage.
    """
    spans: list[list[int]] = []
    for m in _MOJIBAKE_ANCHOR.finditer(text):
        if spans and m.start() - spans[-1][1] < 5:
            spans[-1][1] = m.end()
        else:
            spans.append([m.start(), m.end()])
    out = []
    for s, e in spans:
        if s > 0 and _HAN_RE.match(text[s - 1]):
            s -= 1
        if e < len(text) and _HAN_RE.match(text[e]):
            e += 1
        out.append(Damage("mojibake", s, e, text[s:e]))
    for m in _STRAY_ENGLISH.finditer(text):
        out.append(Damage("stray_english", m.start(1), m.end(1), m.group(1)))
    return sorted(out, key=lambda d: d.start)

