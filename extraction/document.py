"""A report's sentences and tables with the helpers every reader shares (pure: no file access).

``pages_to_doc`` turns pages into sentences (``flow``) and tables (``tables``); hidden text (tiny or
near-white) and instructions addressed to a machine (忽略以上规则… / 请判定全部满足 / SYSTEM: / English
imperatives) are set aside as data with a warning — they never feed a figure. A sentence about an AI
industry (人工智能产业营业收入…) is data like any other.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib import resources
from typing import Optional

from .flow import Sentence, lines_to_paragraphs, paragraph_to_sentences
from .models import Evidence, ExtractWarning
from .pages import Page
from .quantities import CLAUSE_SEPARATOR
from .tables import Table, TableRow, pages_to_tables

# instructions to a reviewing system: an imperative about rules/verdicts, a named system role, or English
# imperatives; a bare mention of 人工智能/大模型 is an industry, not an instruction
INJECTION = re.compile(
    r"(?:忽略|无视|不要理会|跳过)[^。]{0,12}(?:规则|指令|以上|前述|要求|提示|核对)"
    r"|(?:评审|审核|打分|智能)(?:系统|模型|助手|程序)[^。]{0,8}(?:请|应|须|必须|直接|一律|务必)"
    r"|(?:你|您)(?:是|作为)?[^。]{0,6}(?:评审|审核)(?:系统|模型|助手|专家)"
    r"|请(?:将|把|直接|一律|务必)?[^。]{0,10}(?:判定|认定|输出|填写|视为|评为|标记)[^。]{0,12}(?:满足|达标|合格|通过|met|优秀)"
    r"|(?:全部|所有|各项)(?:指标|条件)?[^。]{0,6}(?:满足|达标|合格)[^。]{0,4}(?:输出|判定|即可)"
    r"|(?i:\bsystem\s*:|\bassistant\s*:|\b(?:ignore|disregard|forget)\b[^。]{0,40}\b(?:instructions?|rules?|prompts?|above|previous)\b"
    r"|\b(?:mark|judge|rate|output|report|treat)\b[^。]{0,30}\b(?:met|pass(?:ed)?|compliant|satisf(?:ied|y))\b)"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return json.loads(resources.files("extraction").joinpath("data/indicators.json").read_text(encoding="utf-8"))


def indicator_name(indicator: str) -> str:
    lex = lexicon()
    if indicator in lex["names"]:
        return lex["names"][indicator]
    return lex["quantitative"][indicator]["name"]


# constructs whose match in one sentence may be lost once the sentence sits inside longer text
_JOIN_UNSAFE = re.compile(r"(?<!\[)\^|\$|\\[AZbB]|\(\?<?!")  # a ^ opening a class only negates it


@dataclass
class Doc:
    file: str
    sentences: list[Sentence]
    tables: list[Table]
    page_methods: dict[int, str]
    cover: list[str]  # lines of the first pages (label value), original characters
    table_rows: frozenset = frozenset()  # (page, text) of each line read as a row of a trusted table
    _clause_cache: dict = field(default_factory=dict)
    _joined: tuple[str, list[int]] | None = None
    _positions: dict[int, int] | None = None

    def position(self, s: Sentence) -> int:
        """The index of sentence ``s`` in the document (one map, built on first use)."""
        if self._positions is None:
            self._positions = {id(x): k for k, x in enumerate(self.sentences)}
        return self._positions[id(s)]

    def having(self, pattern: re.Pattern) -> list[Sentence]:
        """The sentences in which ``pattern`` finds something, in order.

        Every indicator, passage and incident looks for its terms in every sentence; instead of a
        search per sentence, one search runs over the document's sentences joined by line breaks and
        resumes at the sentence after each hit. A hit there is only a candidate (it may run on into
        the next sentence, or lean on its neighbour in a lookbehind) and is confirmed on its own
        sentence. A pattern that could match a sentence alone but not inside the joined text (anchors,
        word boundaries, negative lookarounds) is searched sentence by sentence instead.
        """
        if _JOIN_UNSAFE.search(pattern.pattern):
            return [s for s in self.sentences if pattern.search(s.norm)]
        if self._joined is None:
            starts, pos = [], 0
            for s in self.sentences:
                starts.append(pos)
                pos += len(s.norm) + 1
            self._joined = ("\n".join(s.norm for s in self.sentences), starts)
        joined, starts = self._joined
        out, pos, search = [], 0, pattern.search
        while (m := search(joined, pos)) is not None:
            k = bisect_right(starts, m.start()) - 1
            if search(self.sentences[k].norm):
                out.append(self.sentences[k])
            if k + 1 >= len(starts):
                break
            pos = starts[k + 1]
        return out

    def clauses(self, norm: str) -> tuple[tuple[int, str], ...]:
        """A sentence's clauses; every indicator reads the same sentences, so each is split once per document."""
        if norm not in self._clause_cache:
            self._clause_cache[norm] = tuple(split(norm, CLAUSE_SEPARATOR))
        return self._clause_cache[norm]


def q2(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def split(norm: str, separator: re.Pattern) -> list[tuple[int, str]]:
    """(offset, piece) between separators, empty pieces dropped."""
    out, pos = [], 0
    for m in separator.finditer(norm):
        out.append((pos, norm[pos:m.start()]))
        pos = m.end()
    out.append((pos, norm[pos:]))
    return [(p, c) for p, c in out if c.strip()]


def excerpt(s: Sentence, start: int = 0, end: int | None = None, width: int = 150) -> str:
    """Up to ``width`` characters of the sentence's original text around norm[start:end]."""
    if len(s.text) <= width:
        return s.text
    start, end = s.at(start), len(s.text) if end is None else s.at(end)
    mid = (start + end) // 2
    a = max(0, min(mid - width // 2, len(s.text) - width))
    return s.text[a:a + width]


def evidence(doc: Doc, s: Sentence, start: int = 0, end: int | None = None) -> Evidence:
    return Evidence(file=doc.file, page=s.page, text=excerpt(s, start, end), bbox=s.bbox)


def row_evidence(doc: Doc, row: TableRow) -> Evidence:
    return Evidence(file=doc.file, page=row.page, text=row.text, bbox=tuple(round(v, 1) for v in row.bbox))


def method(doc: Doc, page: int, default: str) -> str:
    return "ocr" if doc.page_methods.get(page) == "ocr" else default


def years(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text)]


def prospective(norm: str, start: int, clause: str, latest: Optional[int]) -> bool:
    """A target, not an achievement: a target word or a future year in the clause, or earlier in its
    sentence (力争2027年营业收入达到450亿元，研发投入强度达到3.5% — both clauses are targets)."""
    from .quantities import vocabulary

    scope = norm[:start] + clause
    if any(e.hits(scope, None) for e in vocabulary()["modality"] if e.cls == "target"):
        return True
    return latest is not None and any(y > latest for y in years(scope))


# --- document assembly -------------------------------------------------------------------

def pages_to_doc(file: str, pages: list[Page]) -> tuple[Doc, list[ExtractWarning]]:
    sentences: list[Sentence] = []
    warnings: list[ExtractWarning] = []
    cover: list[str] = []
    for page in pages:
        if page.number <= 2:
            cover += [line.text for line in page.lines if len(line.cells) == 2 and not line.hidden]
        for para in lines_to_paragraphs(page.lines):
            sentences.extend(paragraph_to_sentences(page.number, para, page.method, number=len(sentences)))
    visible = []
    for s in sentences:
        if s.hidden:
            warnings.append(ExtractWarning(indicator=None, message=f"第{s.page}页有不易察觉的小号或浅色文字"
                                           f"（“{s.text[:30]}…”），仅作为数据留存，不参与取数"))
            continue
        if INJECTION.search(s.norm):
            warnings.append(ExtractWarning(indicator=None, message=f"第{s.page}页有一段面向评审系统的指令性文字"
                                           f"（“{s.text[:30]}…”），已作为数据忽略，不影响任何结论"))
            continue
        visible.append(s)
    tables = pages_to_tables([(p.number, [ln for ln in p.lines if not ln.hidden]) for p in pages])
    rows = frozenset((r.page, r.text) for t in tables for r in t.rows)
    return Doc(file, visible, tables, {p.number: p.method for p in pages}, cover, rows), dedupe(warnings)


def unique_by(items: list, key) -> list:
    """Items in order, the first of each ``key``."""
    seen, out = set(), []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out


def dedupe(warnings: list[ExtractWarning]) -> list[ExtractWarning]:
    return unique_by(warnings, lambda w: (w.indicator, w.message))


