"""Derived indicators: core-3, core-5 and core-7 computed from figures the report states, when it does not
state them (a stated value that the derivation contradicts by more than 5 % keeps the stated value, with a
warning). The inputs are read like any figure: only the park's achieved full-year levels are used.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Optional

from .document import Doc, evidence, indicator_name, lexicon, method, prospective, q2
from .figures import find_figures, to_canonical
from .flow import Sentence
from .indicators import POINT_SLIP, in_range, table_candidates
from .models import Evidence, ExtractWarning, IndicatorRecord
from .normalize import fold_width, to_simplified
from .numbers import format_decimal
from .quantities import qualify, sentence_to_clauses, sentence_to_quantities

DERIVE_TOLERANCE = Decimal("0.05")
MONEY_UNITS = ("亿元", "万元", "元")
AREA_UNITS = ("平方公里", "平方千米", "km²", "公顷", "亩", "平方米")


@dataclass(frozen=True)
class Input:
    """A figure a derivation reads: value in the canonical unit, year, evidence, how it was read, as printed."""

    value: Decimal
    year: Optional[int]
    evidence: Evidence
    method: str
    raw: str


def _money_after(doc: Doc, pattern: re.Pattern, latest: Optional[int], units=MONEY_UNITS,
                 canonical: str = "亿元", exclude: Optional[re.Pattern] = None,
                 reading: Optional[str] = None) -> list[Input]:
    """The first figure with one of ``units`` after ``pattern`` in its clause, for each clause naming it,
    when it is the park's achieved full-year level (``reading``: the indicator it is read for, which
    decides which subject words are its own, e.g. an industry for core-3)."""
    out = []
    for s in doc.having(pattern):  # no clause can match when the sentence does not
        clauses = sentence_to_clauses(s.norm)
        quantities = sentence_to_quantities(s.norm)  # the sentence's quantities as indicators read them (memoised)
        for ci, (a, b) in enumerate(clauses):
            m = pattern.search(s.norm, a, b)
            if not m or (exclude and exclude.search(s.norm, a, b)):
                continue
            for q in quantities:
                if q.clause != ci or q.start < m.end():
                    continue
                if q.start - m.end() > 12:
                    break
                if q.figure.unit not in units:
                    continue
                quals = qualify(s.norm, clauses, q, reading, None, "industry" if reading == "core-3" else "park")
                # the lead industry's revenue is read after the industry's own name (the pattern), so for
                # core-3 the subject words may say either the park or an industry
                ok = quals.reason is None or (reading == "core-3" and quals.reason in ("no_industry", "industry"))
                if ok and not (latest is not None and quals.year is not None and quals.year > latest):
                    value = to_canonical(q.figure.value, q.figure.unit, canonical)
                    out.append(Input(value, quals.year if quals.year is not None else latest,
                                     evidence(doc, s, m.start(), q.end), method(doc, s.page, "stated"),
                                     s.span(q.start, q.end)))
                break
    return out


def _derive(indicator: str, numerator: Input, denominator: Input, value: Decimal, unit: str,
            label: str, doc: Doc) -> IndicatorRecord:
    text = (f"推算：{label}，{numerator.raw}（第{numerator.evidence.page}页）÷ {denominator.raw}"
            f"（第{denominator.evidence.page}页）= {value}{unit}")
    return IndicatorRecord(indicator=indicator, name=indicator_name(indicator), value=value, unit=unit,
                           year=numerator.year or denominator.year, page=numerator.evidence.page, text=text,
                           method="derived",
                           evidence=(numerator.evidence, denominator.evidence), inputs=(numerator.raw, denominator.raw))


def _revenue_candidate(rec: Optional[IndicatorRecord]) -> Optional[Input]:
    if rec is None:
        return None
    m = re.search(r"[\d,.]+\s*(?:亿元|万元|億元|萬元|元)", rec.text)
    return Input(rec.value, rec.year, rec.evidence[0], rec.method, m.group(0) if m else rec.text)


def unitless_after(doc: Doc, pattern: re.Pattern, exclude: Optional[re.Pattern], gap: int,
                    ocr_only: bool = False) -> Optional[tuple[Sentence, str]]:
    """The first sentence where ``pattern`` is followed (within ``gap`` characters) by a number with no
    unit the reader can see (or only the first half of a compound one), and that number with the text
    after it. On scans this is the recogniser dropping a character its dictionary lacks (畝 of an area)."""
    for s in doc.having(pattern):
        if ocr_only and doc.page_methods.get(s.page) != "ocr":
            continue
        for start, clause in doc.clauses(s.norm):
            m = pattern.search(clause)
            if not m or (exclude and exclude.search(clause)) or prospective(s.norm, start, clause, None):
                continue
            figs = find_figures(clause[m.end():])
            # no unit, or a compound unit cut short (243.11萬元/ where 畝 was dropped)
            cut = figs and (not figs[0].unit or clause[m.end() + figs[0].end:].startswith("/"))
            if cut and len(clause[m.end():m.end() + figs[0].start]) <= gap:
                a = start + m.end() + figs[0].start
                return s, s.text[a:a + len(figs[0].raw) + 8].rstrip("。；，")
    return None


def unit_unreadable(indicator: str, found: tuple[Sentence, str], consequence: str) -> ExtractWarning:
    s, shown = found
    return ExtractWarning(indicator=indicator, message=f"第{s.page}页“{shown}”没有可识别的单位（“{s.text[:40]}”），"
                                                        f"{consequence}；请核对原文")


def derive_all(doc: Doc, records: dict[str, IndicatorRecord], latest: Optional[int], leading: Optional[str],
               warnings: list[ExtractWarning]) -> None:
    lex, quantitative = lexicon()["derived"], lexicon()["quantitative"]
    revenue = _revenue_candidate(records.get("core-1"))
    if revenue is None:
        return
    derived: dict[str, IndicatorRecord] = {}
    # core-3: leading-industry revenue / park revenue
    lead_name = re.escape(fold_width(to_simplified(leading))) if leading else "主导产业"
    lead_pat = re.compile(lex["leading_revenue"].replace("{leading}", lead_name))
    leads = [c for c in _money_after(doc, lead_pat, latest, exclude=re.compile(r"占|比重|每亿元|龙头"),
                                     reading="core-3")
             if c.year == revenue.year and c.value < revenue.value]
    if leads:
        v = q2(leads[0].value / revenue.value * 100)
        derived["core-3"] = _derive("core-3", leads[0], revenue, v, "%", "主导产业销售收入 ÷ 产业集聚区销售收入", doc)
    # core-7: R&D spending / revenue
    rd = _money_after(doc, re.compile(lex["rd_spending"]), latest, exclude=re.compile(r"占|比重|强度"),
                      reading="core-7")
    rd = [c for c in rd if c.year == revenue.year]
    if not rd:
        spec = {"table": lex["rd_table"], "table_exclude": "占|比重|强度|增长", "unit": "亿元",
                "units": list(MONEY_UNITS)}
        rd = [Input(c.value, c.year, c.evidence, c.method, c.raw) for c in table_candidates(doc, "core-7", spec)
              if c.reason is None and c.year == revenue.year]
    if rd:
        v = q2(rd[0].value / revenue.value * 100)
        derived["core-7"] = _derive("core-7", rd[0], revenue, v, "%", "研发经费支出 ÷ 销售收入", doc)
    # core-5: revenue / built-up area
    built_area, built_exclude = re.compile(lex["built_area"]), re.compile(lex["built_area_exclude"])
    area = _money_after(doc, built_area, None, units=AREA_UNITS, canonical="公顷", exclude=built_exclude)
    if not area and "core-5" not in records:
        found = unitless_after(doc, built_area, built_exclude, gap=2)
        if found:
            warnings.append(unit_unreadable("core-5", found, "已建成面积无法换算，未推算单位土地平均产值"))
    if area and area[0].value:
        built = area[0]
        v = q2(revenue.value * 10000 / built.value)
        if not in_range(quantitative["core-5"], v) and POINT_SLIP.search(built.raw):
            built = replace(built, value=built.value * 1000, raw=f"{built.raw}（按千分位读）")
            v = q2(revenue.value * 10000 / built.value)
        derived["core-5"] = _derive("core-5", revenue, built, v, "万元/公顷", "销售收入 ÷ 已建成面积", doc)
    for ind, rec in list(derived.items()):
        if not in_range(quantitative[ind], rec.value):
            del derived[ind]
            warnings.append(ExtractWarning(
                indicator=ind, message=f"{rec.text.removeprefix('推算：')}，超出合理范围，未采用；请核对原文"))
    for ind, rec in derived.items():
        stated = records.get(ind)
        if stated is None:
            records[ind] = rec
            continue
        diff = abs(stated.value - rec.value) / rec.value if rec.value else Decimal(0)
        if diff > DERIVE_TOLERANCE:
            warnings.append(ExtractWarning(
                indicator=ind,
                message=f"申报值{format_decimal(stated.value)}{stated.unit}"
                        f"与{rec.text.split('，')[0].removeprefix('推算：')}推算值"
                        f"{format_decimal(rec.value)}{rec.unit}"
                        f"不一致（相差{format_decimal(q2(diff * 100))}%），保留申报值"))
