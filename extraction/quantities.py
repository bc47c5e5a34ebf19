"""Quantities with their qualifiers: every number with a unit in a sentence, before any indicator is named.

A report written by someone else says a figure together with what it is about: the year that
governs its clause, its subject (the park, a province, 全省平均, 30个园区合计, 规上服务业, one
company), its period (full year or 1—9月), its modality (achieved or 力争/到2027年) and its kind
(a level, or 增长 N% / N个百分点, or a bound such as 超过/以上). ``sentence_to_quantities`` finds
the figures and their clauses; ``qualify`` reads the qualifiers of one figure for one indicator.
The words are data (``data/qualifiers.json``, a note per entry), never decided here.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Optional

from .figures import Figure, find_figures

# clause separators: Chinese comma, colon, semicolon; an ASCII comma unless it is a thousands separator
CLAUSE_SEPARATOR = re.compile(r"[，：；;:。]|,(?!\d{3}(?!\d))|(?<!\d),")  # 。 only ends a context sentence
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
YEAR_SPAN = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:至|到|—|-|–|~|－|～)\s*((?:19|20)\d{2})\s*年")


def last_year_span(norm: str, a: int, b: int) -> Optional[re.Match]:
    """The last span of years (2022—2024年) within norm[a:b], the one nearest what follows it."""
    span = None
    for span in YEAR_SPAN.finditer(norm, a, b):
        pass
    return span


def year_is_base(norm: str, start: int, end: int) -> bool:
    """The year (or span of years) at norm[start:end] is the base of a comparison or the start of a change
    (比2020年, 与2021—2023年相比, 2020年以来): the vocabulary's year_comparison words before or after it."""
    v = vocabulary()
    return bool(v["year_comparison_before"].search(norm[max(0, start - 3):start])
                or v["year_comparison_after"].match(norm, end))


_ASIDE = re.compile(r"[（(][^（()）]{0,40}[)）]")


@dataclass(frozen=True)
class _Entry:
    pattern: re.Pattern
    cls: str
    not_in: tuple[str, ...]
    exceptions: frozenset[str]
    only: frozenset[str] = frozenset()
    after: bool = False  # read in the text after the figure
    clause_only: bool = False  # qualifies the figures of its own clause only (累计)
    requires: tuple[str, ...] = ()  # words one of which a text must hold for the pattern to be tried (speed only)

    def hits(self, text: str, indicator: Optional[str]) -> list[re.Match]:
        if (indicator in self.exceptions or (self.only and indicator not in self.only)
                or (self.requires and not any(w in text for w in self.requires))):
            return []
        out = []
        for m in self.pattern.finditer(text):
            if self.not_in and any(_inside(text, m, w) for w in self.not_in):
                continue
            out.append(m)
        return out


def _inside(text: str, m: re.Match, word: str) -> bool:
    """Whether the match lies inside an occurrence of ``word`` (拟 inside 虚拟)."""
    i = text.find(word, max(0, m.start() - len(word)))
    while i != -1 and i <= m.start():
        if i + len(word) >= m.end():
            return True
        i = text.find(word, i + 1)
    return False


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    raw = json.loads(resources.files("extraction").joinpath("data/qualifiers.json").read_text(encoding="utf-8"))

    def entries(items: list[dict]) -> tuple[_Entry, ...]:
        return tuple(_Entry(re.compile(e["pattern"]), e["class"], tuple(e.get("not_in", ())),
                            frozenset(e.get("except", ())), frozenset(e.get("only", ())), bool(e.get("after")),
                            bool(e.get("clause_only")), tuple(e.get("requires", ())))
                     for e in items)

    return {
        "subject": entries(raw["subject"]), "period": entries(raw["period"]), "modality": entries(raw["modality"]),
        **{k: re.compile(raw[k]["pattern"])
           for k in ("comparison_opener", "growth_before", "growth_after", "bound_before", "bound_after",
                     "year_comparison_before", "year_comparison_after", "currency", "full_year", "measured_part",
                     "anaphora", "size_threshold")},
    }


@dataclass(frozen=True)
class Quantity:
    """A figure in a sentence and the clause it stands in (offsets into the sentence's matching form)."""

    figure: Figure
    clause: int  # index into the sentence's clauses
    clause_start: int
    clause_end: int

    @property
    def start(self) -> int:
        return self.clause_start + self.figure.start

    @property
    def end(self) -> int:
        return self.clause_start + self.figure.end


@dataclass(frozen=True)
class Qualifiers:
    """What a figure is about. Defaults are the acceptable reading; each other value names its word."""

    year: Optional[int] = None
    subject: str = "park"  # park | other_subject | aggregate | average | segment | enterprise | industry
    period: str = "year"  # year | part_year | cumulative
    modality: str = "achieved"  # achieved | target | criterion
    kind: str = "level"  # level | growth | bound
    word: str = ""  # the word that made the reading other than the default
    wanted_subject: str = "park"  # the subject the indicator is about: the park, or for core-3 an industry of it
    currency: str = ""  # another currency than 人民币 (新台币, 美元 …)

    @property
    def reason(self) -> Optional[str]:
        """Why the figure cannot be the park's achieved full-year level, or None when it can."""
        if self.currency:
            return "other_currency"
        if self.modality != "achieved":
            return self.modality
        if self.kind != "level":
            return self.kind
        if self.subject != self.wanted_subject:
            return "no_industry" if self.wanted_subject == "industry" and self.subject == "park" else self.subject
        if self.period != "year":
            return self.period
        return None


def sentence_to_clauses(norm: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of a sentence, empty ones dropped."""
    out, pos = [], 0
    for m in CLAUSE_SEPARATOR.finditer(norm):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(norm)))
    return [(a, b) for a, b in out if norm[a:b].strip()]


def clause_at(clauses: list[tuple[int, int]], pos: int) -> tuple[int, tuple[int, int]]:
    """The index and span of the clause holding offset ``pos`` (the first clause when none does)."""
    return next(((i, c) for i, c in enumerate(clauses) if c[0] <= pos < c[1]), (0, clauses[0] if clauses else (0, pos)))


def sentence_to_quantities(norm: str, clauses: Optional[list[tuple[int, int]]] = None) -> list[Quantity]:
    """Every number with a unit in the sentence (bare numbers are not quantities), with its clause."""
    if clauses is None:
        return list(_quantities(norm))
    out = []
    for i, (a, b) in enumerate(clauses):
        for fig in _unit_figures(norm[a:b]):
            out.append(Quantity(fig, i, a, b))
    return out


@lru_cache(maxsize=8192)
def _unit_figures(clause: str) -> tuple[Figure, ...]:
    """The figures with a unit in one clause (a clause is read again as context of the sentences after it)."""
    return tuple(f for f in find_figures(clause) if f.unit)


@lru_cache(maxsize=4096)
def _quantities(norm: str) -> tuple[Quantity, ...]:
    return tuple(sentence_to_quantities(norm, sentence_to_clauses(norm)))


def governing_year(norm: str, clauses: list[tuple[int, int]], q: Quantity, own_start: int = 0) -> Optional[int]:
    """The year of the figure's own clause (the last year phrase before it), else the sentence's leading
    year (the first year phrase before the clause), else the latest year of the context before ``own_start`` (the
    earlier sentences of the paragraph); a year that is the base of a comparison (比2020年, 2020年以来)
    governs nothing."""
    v = vocabulary()

    def years(a: int, b: int) -> list[int]:
        out = []
        for m in _YEAR.finditer(norm, a, b):
            if v["year_comparison_before"].search(norm[max(a, m.start() - 3):m.start()]):
                continue
            if v["year_comparison_after"].match(norm, m.end()):
                continue
            out.append(int(m.group(1)))
        return out

    own = years(q.clause_start, q.start)
    if own:
        return own[-1]
    lead = years(own_start, q.clause_start)
    if lead:
        return lead[0]
    context = years(0, min(own_start, q.clause_start))  # the latest year the sentences before speak of
    return max(context) if context else None


@lru_cache(maxsize=4096)
def _clause_subject_hits(norm: str, a: int, b: int) -> tuple[tuple[int, int, str, str, "_Entry", Optional[tuple]],
                                                              ...]:
    """Every subject word of the clause norm[a:b] (absolute offsets), with its entry and the aside in brackets it
    stands in, if any: an aside (不含新增的黄山高新区, 全县R&D经费投入强度为1.52%) names the subject of its own
    figures only. Each clause is scanned once, whatever the figures and indicators."""
    text = norm[a:b]
    asides = [(m.start(), m.end()) for m in _ASIDE.finditer(text)]
    out = []
    for e in vocabulary()["subject"]:
        if e.requires and not any(w in text for w in e.requires):
            continue
        for m in e.pattern.finditer(text):
            if e.not_in and any(_inside(text, m, w) for w in e.not_in):
                continue
            aside = next(((a + x, a + y) for x, y in asides if x <= m.start() and m.end() <= y), None)
            out.append((a + m.start(), a + m.end(), e.cls, m.group(0), e, aside))
    return tuple(out)


_NARROWING = {"segment", "enterprise", "industry"}  # a part of whatever subject is in force
_AMOUNT_UNITS = {"亿元", "万元", "元"}


@lru_cache(maxsize=1)
def _size_exceptions() -> frozenset:
    """The indicators measured over enterprises above the size threshold anyway (规模以上企业关键工序数控化率): the
    exceptions of the subject entry naming that threshold."""
    v = vocabulary()
    return next((e.exceptions for e in v["subject"] if e.pattern.pattern == v["size_threshold"].pattern), frozenset())


@lru_cache(maxsize=1)
def _rate_indicators() -> frozenset[str]:
    """The ratio and per-unit indicators (%, 万元/公顷, 吨标准煤/万元), not amounts or counts: their units in the
    indicator vocabulary, read here once so that this stage does not depend on the indicator stage."""
    raw = json.loads(resources.files("extraction").joinpath("data/indicators.json").read_text(encoding="utf-8"))
    return frozenset(ind for ind, spec in raw["quantitative"].items()
                     if spec.get("unit") == "%" or "/" in spec.get("unit", ""))


_NOT_THE_PARK = {"other_subject", "aggregate", "average"}


def _subject(norm: str, clauses: list[tuple[int, int]], q: Quantity, indicator: Optional[str],
             term: Optional[tuple[int, int]], own_start: int = 0) -> tuple[str, str]:
    """The subject class in force at the figure: the last subject word before it, clause by clause; the
    words of an earlier clause that opens with a comparison (高于全省平均) stay inside that clause, and a part of
    the park (an industry, a segment, an enterprise) named in a context sentence ended by a full stop narrows
    nothing after it (汽车产业实现营业收入…。年末从业人员5.8万人，全员劳动生产率46.8万元/人 is the park's)."""
    v = vocabulary()
    state, word = "park", ""
    sealed = -1 if v["anaphora"].match(norm, own_start) else norm.rfind("。", 0, own_start)
    for i, (a, b) in enumerate(clauses[:q.clause + 1]):
        end = q.start if i == q.clause else b
        if i != q.clause and v["comparison_opener"].search(norm[a:b]):  # its ^ anchors at the clause's start
            continue
        hits = [(s, e, cls, w) for s, e, cls, w, entry, aside in _clause_subject_hits(norm, a, b)
                if e <= end and indicator not in entry.exceptions and not (entry.only and indicator not in entry.only)
                and (aside is None or aside[0] <= q.start < aside[1])]
        if (i != q.clause and indicator in _rate_indicators() and v["measured_part"].search(norm[a:b])
                and not any(f.unit in _AMOUNT_UNITS for k in range(i + 1, q.clause)
                            for f in _unit_figures(norm[clauses[k][0]:clauses[k][1]]))):
            # 高新技术企业达到120家，研发投入强度为2.8% (an amount after the count keeps the part: 规上工业企业156家，
            # 研发经费投入3.93亿元，占营业收入的1.80%; and 规上/规模以上 stays what it narrows)
            hits = [h for h in hits if h[2] not in _NARROWING or (v["size_threshold"].search(h[3])
                                                                   and indicator not in _size_exceptions())]
        if term is not None:  # words inside the term (占开发区总销售收入, 平均产值) say what is measured, not whose
            hits = [h for h in hits if not (h[2] != "industry" and h[0] >= term[0] and h[1] <= term[1])]
        # a word that is part of a longer one decides (全省开发区 over 开发区); later words decide over earlier
        hits.sort(key=lambda h: (h[1], -(h[1] - h[0])))
        for s, e_, cls, w in hits:
            if any(s2 <= s and e2 >= e_ and (s2, e2) != (s, e_) and not (cls in _NOT_THE_PARK and c2 in _NARROWING)
                   for s2, e2, c2, _ in hits):
                continue  # (a jurisdiction inside a part's words, 全市电子信息产业, still says whose part it is)
            if cls in _NARROWING and (state in _NOT_THE_PARK or s < sealed):
                continue  # 全市高新技术企业: a part of the city is still the city's
            state, word = cls, w
    return state, word


def label_subject(label: str, indicator: Optional[str], term: Optional[tuple[int, int]] = None) -> tuple[str, str]:
    """The subject class and word of a table row's label (食品产业销售收入 is an industry's, 规上工业企业营业收入 a
    segment's), read as the subject in force at the label's end; words inside ``term`` (the label's match of the
    indicator, 占基地销售收入比重) say what is measured, not whose."""
    clauses = sentence_to_clauses(label) or [(0, len(label))]
    a, b = clauses[-1]
    q = Quantity(Figure(Decimal(0), "", b - a, b - a, "", False), len(clauses) - 1, a, b)
    return _subject(label, clauses, q, indicator, term)


@lru_cache(maxsize=4096)
def _modality_before(scope: str, indicator: Optional[str]) -> tuple[Optional[str], str]:
    """The modality words up to the end of a figure's clause (the figures of one clause share it: read once)."""
    return _first_class(tuple(e for e in vocabulary()["modality"] if not e.after), scope, indicator)


def _first_class(entries, text: str, indicator: Optional[str],
                 clause: Optional[str] = None) -> tuple[Optional[str], str]:
    """The class and word of the first entry found in ``text`` (a ``clause_only`` entry: in ``clause``)."""
    for e in entries:
        ms = e.hits(clause if e.clause_only and clause is not None else text, indicator)
        if ms:
            return e.cls, ms[0].group(0)
    return None, ""


def qualify(norm: str, clauses: list[tuple[int, int]], q: Quantity, indicator: Optional[str] = None,
            term: Optional[tuple[int, int]] = None, wanted_subject: str = "park", own_start: int = 0) -> Qualifiers:
    """The qualifiers of one figure read as ``indicator`` after ``term`` (its (start, end), if any);
    ``norm[:own_start]`` is context carried from the sentences before."""
    v = vocabulary()
    year = governing_year(norm, clauses, q, own_start)
    before = norm[max(q.clause_start, q.start - 8):q.start]
    after = norm[q.end:q.clause_end]
    kind, kword = "level", ""
    if q.figure.unit == "个百分点":
        kind, kword = "growth", "个百分点"
    elif v["growth_after"].match(after):
        kind, kword = "growth", v["growth_after"].match(after).group(0).strip()
    elif (g := v["growth_before"].search(before)) is not None:
        kind, kword = "growth", g.group(0)
    elif (b := v["bound_before"].search(before)) is not None or (b := v["bound_after"].match(after)) is not None:
        kind, kword = "bound", b.group(0).strip()
    # modality and period: the sentence up to the end of the figure's clause (力争2027年营收达到450亿元，
    # 研发投入强度达到3.5%: both clauses are targets)
    scope = norm[:q.clause_end]
    modality, mword = _modality_before(scope, indicator)
    if modality is None:  # a note after the figure: 3500亿元，增长10%(预计数,下同)
        modality, mword = _first_class([e for e in v["modality"] if e.after], norm[q.end:q.end + 40], indicator)
    # the period: the figure's clause and the clauses before it (2010年1~9月，南沙经开区每平方公里…), except
    # those opening a comparison (较一季度提高…)
    period_scope = "，".join(norm[a:b] for i, (a, b) in enumerate(clauses[:q.clause + 1])
                            if i == q.clause or not v["comparison_opener"].search(norm[a:b]))
    period, pword = _first_class(v["period"], period_scope, indicator, norm[q.clause_start:q.clause_end])
    # 1—12月, 全年累计: the whole year; said in an earlier sentence (全年…。今年1—2月，…) it is that one's
    if period and (v["full_year"].search(pword) or any(v["full_year"].search(norm, max(a, own_start), b)
                      for i, (a, b) in enumerate(clauses[:q.clause + 1])
                      if b > own_start and (i == q.clause or not v["comparison_opener"].search(norm[a:b])))):
        period, pword = None, ""
    subject, sword = _subject(norm, clauses, q, indicator, term, own_start)
    cur = v["currency"].search(norm)
    quals = Qualifiers(year=year, subject=subject, period=period or "year", modality=modality or "achieved", kind=kind,
                       wanted_subject=wanted_subject, currency=cur.group(0) if cur else "")
    reason = quals.reason
    word = {"target": mword, "criterion": mword, "growth": kword, "bound": kword, "part_year": pword,
            "cumulative": pword, "other_currency": quals.currency}.get(reason or "", sword if reason else "")
    return replace(quals, word=word)
