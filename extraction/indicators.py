"""Quantities → indicator candidates → records, each rejected candidate kept with its reason.

A figure is assigned to an indicator by the indicator's terms AND unit compatibility:

- the first figure after a term, in the term's clause, whose unit converts to the indicator's unit
  (``吨标准煤`` after ``万元工业增加值能耗`` is read as 吨标准煤/万元: the term names the denominator);
- a count before its noun (``15家省级以上研发机构``, ``3000个标准机架``);
- a clause that only continues the previous one (``…3.05%，2023年为2.87%``) takes the previous term;
- ``A、B分别达到x、y`` pairs terms and figures in order.

Each candidate carries its qualifiers (``quantities.qualify``). It becomes a record only when its
subject is the park, its period a full year, its modality achieved, its kind a level, and its year the
latest full year the report's own figures describe; two disagreeing candidates for that year are kept
both (a conflict the rule engine turns into needs_review), never one picked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from .document import Doc, evidence, indicator_name, lexicon, method, row_evidence, unique_by
from .figures import to_canonical
from .flow import Sentence
from .models import Evidence, ExtractWarning, IndicatorRecord, Rejected
from .numbers import format_decimal
from .quantities import (
    Qualifiers,
    Quantity,
    clause_at,
    label_subject,
    last_year_span,
    qualify,
    sentence_to_clauses,
    sentence_to_quantities,
    year_is_base,
)
from .tables import UNDATED

# OCR read a thousands separator as a point: 19,650亩 → 19.650亩
POINT_SLIP = re.compile(r"\d\.\d{3}(?!\d)")
_COUNT_UNITS = ("家", "个", "所", "架", "台", "件", "项")
_CONTINUATION = re.compile(r"^(?:本?园区|本?基地|开发区|高新区|我区)?"
                           r"(?:(?:19|20)\d{2}\s*年(?:度|末|底)?|同期|上年|去年|当年|其后|此后)?"
                           r"(?:的|为|是|达|达到|分别为|则为|仅为|约为|提高到|提升到|增至|降至|从|由)")
_RESPECTIVELY = re.compile(r"分别(?:达到|达|为|是|提高到|提升到|增至)?")
MAX_GAP = 24  # characters between a term and its figure
# a figure opening a change (从2008年的90亿元增长到…): the earlier value, not the level
_EARLIER = re.compile(r"(?:从|由)[^，。；从由到至]{0,8}$")


@dataclass(frozen=True)
class Candidate:
    """A figure read as an indicator, with its qualifiers; ``reason`` is None for an acceptable one."""

    indicator: str
    value: Decimal  # in the indicator's canonical unit
    year: Optional[int]
    evidence: Evidence
    method: str
    raw: str  # the figure as printed
    qualifiers: Qualifiers
    reason: Optional[str] = None
    word: str = ""
    from_table: bool = False  # read from a table row (its method says only how the page was read: table or ocr)
    spanned: bool = False  # one year of a span said with 分别: it decides the latest year only when nothing else does


@lru_cache(maxsize=1)
def _specs() -> dict[str, dict]:
    out = {}
    for ind, spec in lexicon()["quantitative"].items():
        out[ind] = {**spec, "_terms": re.compile(spec["terms"]),
                    "_exclude": re.compile(spec["exclude"]) if spec.get("exclude") else None,
                    "_after": re.compile(spec["terms_after"]) if spec.get("terms_after") else None,
                    "_local": re.compile(spec["exclude_local"]) if spec.get("exclude_local") else None}
    return out


@lru_cache(maxsize=1)
def any_term() -> re.Pattern:
    """One pattern finding any indicator's term, to select the sentences worth reading."""
    parts = [spec["terms"] for spec in lexicon()["quantitative"].values()]
    parts += [spec["terms_after"] for spec in lexicon()["quantitative"].values() if spec.get("terms_after")]
    parts += [e["before"] for e in lexicon()["share_after"]]  # …认证的有64家，占规上企业总数的88.9%
    return re.compile("|".join(f"(?:{p})" for p in parts))


def _bounds(spec: dict) -> tuple[Decimal, Decimal]:
    """An indicator's plausible span in its canonical unit; an open side is infinite."""
    lo, hi = spec.get("range", (None, None))
    return (Decimal("-Infinity") if lo is None else Decimal(str(lo)),
            Decimal("Infinity") if hi is None else Decimal(str(hi)))


def in_range(spec: dict, value: Decimal) -> bool:
    lo, hi = _bounds(spec)
    return lo <= value <= hi


def plausible_range(indicator: str) -> Optional[tuple[Decimal, Decimal, str]]:
    """(low, high, text) of an indicator's plausible span in its canonical unit, or None when it has none."""
    spec = _specs().get(indicator)
    if spec is None or "range" not in spec:
        return None
    lo, hi = _bounds(spec)
    return lo, hi, f"{format_decimal(lo)}–{format_decimal(hi)}{spec.get('unit', '')}"


def canonical_value(spec: dict, value: Decimal, unit: str, raw: str, term: str = "") -> Optional[Decimal]:
    """The figure in the indicator's unit if the unit is compatible and the value plausible."""
    v = compatible_value(spec, value, unit, raw, term)
    return v if v is not None and in_range(spec, v) else None


def compatible_value(spec: dict, value: Decimal, unit: str, raw: str, term: str = "") -> Optional[Decimal]:
    """The figure in the indicator's unit if the unit is compatible, plausible or not; an OCR
    point-for-comma slip (350.000元/人) out of range is read once more with the point as a thousands
    separator. A unit the term completes (吨标准煤 after 万元工业增加值能耗, 万元 after 亩均) is read as the
    compound unit; percentage points after a % indicator's term are its change (kept, to be rejected as growth)."""
    for rule in spec.get("implied_units", ()):
        if unit == rule["unit"] and (not rule.get("when") or re.search(rule["when"], term)):
            unit = rule["as"]
            break
    if unit == "个百分点" and spec["unit"] == "%":
        unit = "%"
    if unit not in spec["units"]:
        return None
    v = to_canonical(value, unit, spec["unit"]) if spec["unit"] else value
    if v is None or in_range(spec, v):
        return v
    if POINT_SLIP.search(raw):
        retry = to_canonical(value * 1000, unit, spec["unit"]) if spec["unit"] else value * 1000
        if retry is not None and in_range(spec, retry):
            return retry
    return v


@dataclass(frozen=True)
class _Binding:
    indicator: str
    quantity: Quantity
    term_start: int
    term_end: int
    how: str  # after_term | before_term | continued | respectively | by_year
    year: Optional[int] = None  # by_year: the year of a span the figure stands for (2022—2024年…分别为a、b、c)


@lru_cache(maxsize=4096)
def _sentence_terms(norm: str) -> tuple[tuple[str, int, int], ...]:
    """Every indicator term in the sentence (indicator, start, end), found once per sentence."""
    if any_term().search(norm) is None:
        return ()
    out = []
    for ind, spec in _specs().items():
        out += [(ind, m.start(), m.end()) for m in spec["_terms"].finditer(norm) if m.end() > m.start()]
    return tuple(out)


def _terms_in(norm: str, a: int, b: int, exclude: bool = True, local: bool = True) -> tuple[tuple[str, int, int], ...]:
    """(indicator, start, end) of every term within norm[a:b] (with ``exclude``: whose clause is not excluded
    for it; ``local``: nor excluded by words that speak of its own clause only)."""
    specs = _specs()
    out = []
    for ind, s, e in _sentence_terms(norm):
        if s < a or e > b:
            continue
        spec = specs[ind]
        m = spec["_terms"].match(norm, s, b)  # the term as it reads within this span
        if m is None:
            continue
        # a word in a later item of an enumeration is that item's, not this term's
        # (实现营业收入550亿元、税收收入8亿元: 税收 excludes nothing of 营业收入)
        nxt = norm.find("、", e, b)
        end = b if nxt < 0 else nxt
        if exclude and spec["_exclude"] and spec["_exclude"].search(norm, a, end):
            continue
        if exclude and local and spec["_local"] and spec["_local"].search(norm, a, end):
            continue
        out.append((ind, s, e))
    return tuple(out)


_ENUM_SPLIT = re.compile(r"、|以及|(?<!总)和(?!谐)")  # not 及 or 与: they sit inside terms (普及率)


def _fits(ind: str, q: Quantity, norm: str, t: tuple[int, int], plausible: bool = True) -> bool:
    """The figure's unit suits the indicator (and, with ``plausible``, its value lies in the indicator's range)."""
    read = canonical_value if plausible else compatible_value
    return read(_specs()[ind], q.figure.value, q.figure.unit, q.figure.raw, norm[t[0]:t[1]]) is not None


def _respectively(norm: str, clauses: list[tuple[int, int]], quantities: list[Quantity],
                  terms_by_clause: dict[int, list[tuple[str, int, int]]]) -> list[_Binding]:
    """``A、B(、C)分别达到x、y(、z)``: the listed items before 分别 (in its clause, or the clause before when
    its own names nothing) paired in order with the figures after it in its clause; items that are no
    indicator (工业总产值) keep their place in the order."""
    out = []
    for m in _RESPECTIVELY.finditer(norm):
        ci, (a, b) = clause_at(clauses, m.start())
        own = _terms_in(norm, a, m.start(), exclude=False)
        head_clause = ci if own else ci - 1
        if head_clause < 0:
            continue
        ha, hb = clauses[head_clause]
        hb = min(hb, m.start())
        items, pos = [], ha
        for sep in list(_ENUM_SPLIT.finditer(norm, ha, hb)) + [None]:
            end = sep.start() if sep else hb
            items.append((pos, end))
            pos = sep.end() if sep else hb
        if len(items) < 2:
            continue
        figures = [q for q in quantities if q.clause == ci and q.start >= m.end()]
        if len(figures) < len(items):
            continue
        for (ia, ib), q in zip(items, figures):
            # an item is excluded for an indicator by its own words only (税收收入 does not exclude 主营业务收入)
            hit = _terms_in(norm, ia, ib)
            if hit and _fits(hit[-1][0], q, norm, (hit[-1][1], hit[-1][2])):
                out.append(_Binding(hit[-1][0], q, hit[-1][1], hit[-1][2], "respectively"))
    return out


def _after(norm: str, a: int, ind: str, s: int, e: int, qs: list[Quantity], bound: dict, how: str,
           origin: Optional[int] = None) -> None:
    """Bind the first compatible figure after a term (a figure after 从/由 is the earlier value of a change and
    one after ≥/≤ a requirement printed beside the level: the next compatible figure is bound as well)."""
    origin = e if origin is None else origin
    implausible = None  # the first figure of a suiting unit but outside the indicator's range
    for q in qs:
        if q.start < origin or id(q) in bound:
            continue
        if q.start - origin > MAX_GAP:
            break
        if not _fits(ind, q, norm, (s, e)):
            # a figure out of range is this term's only if no other term stands between them
            # (研发投入强度持续提升、主导产业销售收入占比达到65%: the 65% is the share's)
            between = any(e <= ts and te <= q.start for _, ts, te in _sentence_terms(norm))
            if implausible is None and not between and _fits(ind, q, norm, (s, e), plausible=False):
                implausible = q
            continue
        bound[id(q)] = _Binding(ind, q, s, e, how)
        if not (_EARLIER.search(norm, a, q.start) or re.search(r"(?:≥|≤|>|<)\s*$", norm[max(a, q.start - 2):q.start])):
            return
    if implausible is not None and not any(bd.indicator == ind and bd.term_start == s for bd in bound.values()):
        bound[id(implausible)] = _Binding(ind, implausible, s, e, how)  # read, to be rejected as implausible


@lru_cache(maxsize=1)
def _share_opening() -> re.Pattern:
    """Any ``share_after`` base, to pass over the clauses that open with none (most)."""
    return re.compile("|".join(f"(?:{e['base']})" for e in lexicon()["share_after"]))


@lru_cache(maxsize=1)
def _shares_after() -> tuple[tuple[str, re.Pattern, re.Pattern], ...]:
    """(indicator, what the clause before states, the share's base) of ``share_after`` in the vocabulary."""
    return tuple((e["indicator"], re.compile(e["before"]), re.compile(e["base"])) for e in lexicon()["share_after"])


_FIGURE_SEPARATOR = re.compile(r"\s*(?:、|和|及|以及)\s*")


def _by_year(norm: str, clauses: list[tuple[int, int]], quantities: list[Quantity]) -> list[_Binding]:
    """``2022—2024年，…研发投入强度分别为3.52%、3.71%、3.97%``: one term, a span of years in the clause of 分别 or
    the one before it (not the base of a comparison: 与2021—2023年相比), and exactly as many figures after 分别
    as the span has years: each figure is its year's."""
    out: list[_Binding] = []
    if "分别" not in norm:
        return out
    for m in _RESPECTIVELY.finditer(norm):
        ci, (a, b) = clause_at(clauses, m.start())
        terms = _terms_in(norm, a, m.start())
        start = clauses[ci - 1][0] if ci > 0 else a
        span = last_year_span(norm, start, m.start())
        if len(terms) != 1 or span is None or year_is_base(norm, span.start(), span.end()):
            continue
        first, last = int(span.group(1)), int(span.group(2))
        ind, ts, te = terms[0]
        figures = [q for q in quantities if q.clause == ci and q.start >= m.end()]
        n = last - first + 1
        if not 2 <= n <= 6 or len(figures) < n:
            continue
        joined = [_FIGURE_SEPARATOR.fullmatch(norm, x.end, y.start) is not None for x, y in zip(figures, figures[1:])]
        if not all(joined[:n - 1]) or (len(figures) > n and joined[n - 1]):
            continue  # fewer or more figures in the list than the span has years
        if not all(_fits(ind, q, norm, (ts, te)) for q in figures[:n]):
            continue
        out += [_Binding(ind, q, ts, te, "by_year", first + k) for k, q in enumerate(figures[:n])]
    return out


def _bind(norm: str, clauses: list[tuple[int, int]], quantities: list[Quantity]) -> list[_Binding]:
    specs = _specs()
    bound: dict[int, _Binding] = {}  # id of quantity → binding
    by_clause: dict[int, list[Quantity]] = {}
    for q in quantities:
        by_clause.setdefault(q.clause, []).append(q)
    terms_by_clause = {i: _terms_in(norm, a, b) for i, (a, b) in enumerate(clauses)}
    for bd in _respectively(norm, clauses, quantities, terms_by_clause) + _by_year(norm, clauses, quantities):
        bound[id(bd.quantity)] = bd
    for i, (a, b) in enumerate(clauses):
        terms = sorted(terms_by_clause[i], key=lambda t: t[1])
        qs = by_clause.get(i, [])
        for ind, s, e in terms:
            _after(norm, a, ind, s, e, qs, bound, "after_term")
        # a count before its noun: 15家省级以上研发机构
        for q in qs:
            if id(q) in bound or q.figure.unit not in _COUNT_UNITS:
                continue
            for ind, spec in specs.items():
                if (spec["_after"] and (m := spec["_after"].match(norm, q.end)) is not None
                        and _fits(ind, q, norm, m.span())):
                    bound[id(q)] = _Binding(ind, q, m.start(), m.end(), "before_term")
                    break
        # a term the clause's own words exclude (龙头企业…营业收入): bound last, to be rejected with the word
        for ind, ts, te in _terms_in(norm, a, b, exclude=False):
            if (ind, ts, te) not in terms and (specs[ind]["_exclude"] or specs[ind]["_local"]):
                _after(norm, a, ind, ts, te, qs, bound, "excluded")
        # a share clause after what it is the share of (研发经费投入3.93亿元，占主营业务收入的1.80%: the R&D intensity,
        # not an industry's share; 通过质量管理体系认证的有64家，占规上企业总数的88.9%: the 贯标率)
        indent = len(norm[a:b]) - len(norm[a:b].lstrip())
        opens_share = i > 0 and qs and _share_opening().match(norm, a + indent, b) is not None
        for ind, before, base in _shares_after() if opens_share else ():
            if (m := base.match(norm, a + indent, b)) is not None and before.search(norm, *clauses[i - 1]):
                q = next((q for q in qs if q.figure.unit == "%"), None)
                if q is not None and _fits(ind, q, norm, m.span()):
                    bound[id(q)] = _Binding(ind, q, m.start(), m.end(), "share_of")
                break
        # a clause continuing the previous one (2023年为2.87%; 从2008年的90亿元增长到2017年的839亿元)
        if not terms and i > 0 and qs:
            # the previous clauses' terms, their own exclude words aside (下降5.1%，为8.6立方米/万元: 下降 is
            # about the change in that clause, not about the level in this one)
            prev = [t for k in range(i) for t in _terms_in(norm, *clauses[k], local=False)]
            lead = norm[a:qs[0].start].strip()
            if prev and len(lead) <= 12 and _CONTINUATION.match(lead):
                ind, s, e = max(prev, key=lambda t: t[1])
                _after(norm, a, ind, s, e, qs, bound, "continued", origin=a)
    return sorted(bound.values(), key=lambda bd: bd.quantity.start)


def sentence_to_candidates(doc: Doc, s: Sentence, context: str = "") -> list[Candidate]:
    """Every figure of the sentence that reads as an indicator, each with its qualifiers and (when it
    cannot be the park's achieved full-year level) the reason. ``context`` is the opening of the sentence
    before it in the same paragraph, read as an earlier clause of this one (its year, period and subject
    carry on: 2023年1—12月，园区…。累计实现主营业务收入96.3亿元); only this sentence's figures are read."""
    shift = len(context) + 1 if context else 0
    norm = f"{context}，{s.norm}" if context else s.norm
    clauses = sentence_to_clauses(norm)
    quantities = sentence_to_quantities(norm, clauses)
    if not any(q.start >= shift for q in quantities):
        return []
    out = []
    specs = _specs()
    for bd in _bind(norm, clauses, quantities):
        q, spec = bd.quantity, specs[bd.indicator]
        if q.start < shift:
            continue
        value = compatible_value(spec, q.figure.value, q.figure.unit, q.figure.raw, norm[bd.term_start:bd.term_end])
        quals = qualify(norm, clauses, q, bd.indicator, (bd.term_start, bd.term_end), spec.get("subject", "park"),
                        shift)
        if bd.year is not None:
            quals = replace(quals, year=bd.year)
        reason = quals.reason
        word = quals.word
        if reason is None and value is not None and not in_range(spec, value):
            reason, word = "implausible", q.figure.raw
        if bd.how == "excluded":
            words = [p.search(norm, q.clause_start, q.clause_end) for p in (spec["_exclude"], spec["_local"]) if p]
            reason, word = "excluded", next((w.group(0) for w in words if w), "")
        if reason is None and (m := _EARLIER.search(norm, q.clause_start, q.start)) is not None:
            reason, word = "earlier_value", m.group(0)[:1]
        if reason is None and bd.how == "after_term" and "分别" in norm[bd.term_end:q.start]:
            reason, word = "several_subjects", "分别"  # one term, several figures: each of another subject
        a, b = max(min(bd.term_start, q.start), shift) - shift, q.end - shift
        out.append(Candidate(bd.indicator, value, quals.year, evidence(doc, s, a, b), method(doc, s.page, "stated"),
                             s.span(q.start - shift, q.end - shift), quals, reason, word,
                             spanned=bd.how == "by_year"))
    return out


_YEAR_ANY = re.compile(r"(?:19|20)\d{2}\s*年")
CONTEXT_CHARS = 80  # at most this much of the sentences before is carried as context
_FULL_STOP = ("。", "！", "？", "!", "?")


def sentence_opening(s: Sentence) -> str:
    """The opening of a sentence up to its first figure: where its year, period and subject are said."""
    return _opening(s.norm)


@lru_cache(maxsize=4096)
def _opening(norm: str) -> str:
    qs = sentence_to_quantities(norm)
    head = norm[:qs[0].start] if qs else norm
    return head.rstrip("。；;！？!?")


def paragraph_context(doc: Doc, k: int) -> str:
    """The openings of the sentences before sentence k in its paragraph, back to the last one stating a year, and
    back to the start of the sentence that one continues after a ；(2024年…增长11.8%；2023年增长12.5%。 is one
    statement whose later year is the present one)."""
    parts: list[str] = []
    j = k - 1
    para = doc.sentences[k].para
    found = False
    while j >= 0 and doc.sentences[j].para == para:
        opening = sentence_opening(doc.sentences[j])
        if opening:  # a full stop after it is kept: a part of the park named before it narrows nothing after
            parts.append(opening + ("。" if doc.sentences[j].norm.rstrip().endswith(_FULL_STOP) else "，"))
        found = found or bool(_YEAR_ANY.search(doc.sentences[j].norm))
        if found and not (j > 0 and doc.sentences[j - 1].para == para
                          and doc.sentences[j - 1].norm.rstrip().endswith(("；", ";"))):
            break
        j -= 1
    context = "".join(reversed(parts)).rstrip("，")
    if len(context) > CONTEXT_CHARS:  # its start (year, subject) and its end (what it was counting)
        context = context[:CONTEXT_CHARS // 2] + "，" + context[-CONTEXT_CHARS // 2:]
    return context


def sentence_context(doc: Doc, s: Sentence) -> str:
    """The context sentence ``s`` continues: none when its opening states a year (a year after its first figure,
    in a comparison or a target, does not make it stand alone), else :func:`paragraph_context`."""
    return "" if _YEAR_ANY.search(sentence_opening(s)) else paragraph_context(doc, doc.position(s))


def doc_to_candidates(doc: Doc) -> list[Candidate]:
    """Every sentence candidate of the report, in reading order. A sentence stating no year before its first
    figure continues the sentences before it in the same paragraph: their openings are read as its context
    (据统计，2018年，全省16家高新区共实现工业总产值…；营业收入11136.5亿元… is the 16 parks' revenue)."""
    out = []
    for s in doc.having(any_term()):
        if (s.page, s.text) in doc.table_rows:
            continue  # a row of a table with year columns is read by its columns (研发投入强度 3.1% 3.4%)
        out += sentence_to_candidates(doc, s, sentence_context(doc, s))
    return out


# --- tables --------------------------------------------------------------------------------

def table_candidates(doc: Doc, ind: str, spec: dict) -> list[Candidate]:
    """Row candidates of one indicator, one per actual year column (target columns are rejected)."""
    if not spec.get("table"):
        return []
    pat = re.compile(spec["table"])
    excl = re.compile(spec["table_exclude"]) if spec.get("table_exclude") else None
    out = []
    for t in doc.tables:
        for row in t.rows:
            hit = pat.search(row.label)
            if hit is None or (excl and excl.search(row.label)):
                continue
            unit = row.unit or ("%" if spec["unit"] == "%" else "")
            if unit == "%" and spec["unit"] != "%":
                continue
            subject, sword = label_subject(row.label, ind, hit.span())  # whose the row is, for every column
            for column, raw_value in list(row.values.items()) + list(row.targets.items()):
                raw = row.raw.get(column, "")
                value = compatible_value(spec, raw_value, unit, raw, row.label) if unit else None  # 每平方公里…（亿元）
                if value is None:
                    continue
                target = column in row.targets
                year = None if column == UNDATED else column  # a value column naming no year: the report's present
                quals = Qualifiers(year=year, subject=subject, modality="target" if target else "achieved",
                                   wanted_subject=spec.get("subject", "park"))
                reason, word = ("target", t.target_words.get(column, "")) if target else (quals.reason, sword)
                if reason is None and not in_range(spec, value):
                    reason, word = "implausible", raw
                out.append(Candidate(ind, value, year, row_evidence(doc, row), method(doc, row.page, "table"),
                                     raw, quals, reason, word, from_table=True))
    return out


# --- the latest year and the choice ----------------------------------------------------------

def latest_full_year(candidates: list[Candidate], filed: Optional[int]) -> Optional[int]:
    """The latest year the report's own acceptable figures describe (never after the filing year)."""
    ok = [c for c in candidates if c.reason is None and c.year is not None and (filed is None or c.year <= filed)]
    ys = [c.year for c in ok if not c.spanned] or [c.year for c in ok]  # a span's years only when nothing else
    return max(ys) if ys else None


def judge_years(candidates: list[Candidate], latest: Optional[int]) -> list[Candidate]:
    """Candidates of another year than ``latest`` get their reason: a later year is a plan, an earlier one
    an older figure; a figure stating no year describes the report's present (the latest year). An
    indicator whose own figure of a later year is implausible (a misprinted 2024 value) keeps no earlier
    figure of its own as a stand-in: that one is older, and the check asks a person."""
    implausible_year: dict[str, int] = {}
    for c in candidates:
        if c.reason == "implausible" and c.year is not None:
            implausible_year[c.indicator] = max(c.year, implausible_year.get(c.indicator, c.year))
    out = []
    for c in candidates:
        if c.reason is None and latest is not None:
            if c.year is None:
                c = replace(c, year=latest)
            elif c.year > latest:
                c = replace(c, reason="future_year", word=f"{c.year}年")
            elif c.year < latest:
                c = replace(c, reason="older_year", word=f"{c.year}年")
        if c.reason is None and c.year is not None and implausible_year.get(c.indicator, 0) > c.year:
            c = replace(c, reason="older_year", word=f"{implausible_year[c.indicator]}年")
        out.append(c)
    return out


def close(a: Decimal, b: Decimal, rel: Decimal = Decimal("0.005")) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b), Decimal("0.01"))


def choose(indicator: str, unit: str, candidates: list[Candidate],
           warnings: list[ExtractWarning]) -> Optional[IndicatorRecord]:
    """The record of one indicator from its acceptable candidates (stated before table); disagreeing
    candidates of the same year are kept as conflicts (needs_review), never one picked."""
    ok = [c for c in candidates if c.reason is None]
    stated = [c for c in ok if not c.from_table]
    tabled = [c for c in ok if c.from_table]
    pool = stated or tabled
    if not pool:
        return None
    top_year = max((c.year for c in pool if c.year is not None), default=None)
    best = next(c for c in pool if c.year == top_year)
    same_year = [c for c in stated + tabled if c.year == best.year]
    conflicts = [c for c in same_year if not close(c.value, best.value)]
    ev = [best.evidence] + [c.evidence for c in same_year if c is not best and close(c.value, best.value)]
    if conflicts:
        others = "；".join(f"{c.raw}（第{c.evidence.page}页）" for c in conflicts)
        warnings.append(ExtractWarning(indicator=indicator, message=(f"同一年度出现不同数值：{best.raw}"
                                                                     f"（第{best.evidence.page}页）与{others}，需人工核实")))
    return IndicatorRecord(indicator=indicator, name=indicator_name(indicator), value=best.value, unit=unit,
                           year=best.year, page=best.evidence.page, text=best.evidence.text, method=best.method,
                           evidence=tuple(_unique(ev)), conflicts=tuple(_unique([c.evidence for c in conflicts])))


def _unique(ev: list[Evidence]) -> list[Evidence]:
    return unique_by(ev, lambda e: (e.page, e.text))


REASONS = {
    "target": "目标或预计值", "criterion": "条件或评定标准", "growth": "增量或增速", "bound": "约数或上下限",
    "other_subject": "非本园区（地区或全社会）", "aggregate": "多个园区合计", "average": "平均值",
    "segment": "园区的一部分企业或行业",
    "enterprise": "单个企业", "industry": "单个产业", "part_year": "非全年", "cumulative": "多年累计",
    "older_year": "较早年份",
    "future_year": "报告最新年度之后", "earlier_value": "变化前的数值", "excluded": "所在分句说明是其他口径",
    "several_subjects": "一个指标名对应多个数值（分别）", "no_industry": "占比的主体不是某一产业",
    "other_currency": "非人民币",
    "implausible": "数值超出合理范围",
}


def candidate_to_rejected(c: Candidate) -> Rejected:
    return Rejected(indicator=c.indicator, value=c.value, year=c.year, page=c.evidence.page, text=c.evidence.text,
                    raw=c.raw, reason=c.reason or "", word=c.word, method=c.method)
