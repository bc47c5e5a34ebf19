"""Pages of one report → an :class:`Extraction` (pure: no file access, no clock).

The stages, each a pure function in its own module:

1. ``document.pages_to_doc``: sentences and tables; hidden text and instructions to a machine set aside;
2. ``facts``: applicant, filing year, leading industry, special-region statement, domain;
3. ``quantities`` + ``indicators``: every number with a unit and its qualifiers (year, subject, period,
   modality, kind) → indicator candidates by terms and unit; the latest full year the report's own
   figures describe; records from the acceptable candidates of that year, the rest kept as ``rejected``
   with the reason;
4. ``series`` (core-2), ``institutions`` (core-9), ``derive`` (core-3/5/7 when not stated);
5. ``incidents``: passages for qualitative indicators and 第八条 incidents.
"""
from __future__ import annotations

import re

from .derive import derive_all, unit_unreadable, unitless_after
from .document import dedupe, lexicon, pages_to_doc, unique_by
from .facts import cover_value, fallback_latest_year, filing_year, find_applicant, find_domain, find_special_region
from .incidents import find_incidents, find_passages
from .indicators import (
    Candidate,
    candidate_to_rejected,
    choose,
    doc_to_candidates,
    judge_years,
    latest_full_year,
    table_candidates,
)
from .institutions import doc_to_institutions
from .models import Extraction, ExtractWarning, IndicatorRecord, Rejected
from .normalize import detect_script
from .pages import Page
from .series import series_from_lists, series_from_tables, series_from_text, series_from_year_parts

# share of Chinese characters t2s must change for a report to count as traditional: higher than for
# policy texts because reports carry names and OCR slips that t2s touches in simplified text too
REPORT_SCRIPT_THRESHOLD = 0.04


def pages_to_extraction(file: str, sha256: str, pages: list[Page]) -> Extraction:
    doc, warnings = pages_to_doc(file, pages)
    specs = lexicon()["quantitative"]
    candidates: list[Candidate] = doc_to_candidates(doc)
    for ind, spec in specs.items():
        candidates += table_candidates(doc, ind, spec)
    filed = filing_year(doc)
    latest = latest_full_year(candidates, filed)
    if latest is None:
        latest = fallback_latest_year(doc, filed)
    candidates = judge_years(candidates, latest)
    leading = cover_value(doc, r"主导产业(?:方向)?|主导产业名称")
    records: dict[str, IndicatorRecord] = {}
    for ind, spec in specs.items():
        rec = choose(ind, spec["unit"], [c for c in candidates if c.indicator == ind], warnings)
        if rec:
            records[ind] = rec
        elif spec["unit"] and spec["unit"] != "%":
            exclude = re.compile(spec["exclude"]) if spec.get("exclude") else None
            found = unitless_after(doc, re.compile(spec["terms"]), exclude, gap=6, ocr_only=True)
            if found:
                warnings.append(unit_unreadable(ind, found, "未取数"))
    series = (series_from_tables(doc, latest) or series_from_text(doc, latest) or series_from_lists(doc, latest)
              or series_from_year_parts(doc, latest))
    if series:
        records["core-2"] = series
    inst, inst_rejected = doc_to_institutions(doc, latest)
    if inst:
        records["core-9"] = inst
    derive_all(doc, records, latest, leading, warnings)
    region, region_ev = find_special_region(doc)
    unreadable = [p.number for p in pages if p.unreadable]
    if unreadable and len(unreadable) == len(pages):
        warnings.append(ExtractWarning(indicator=None, message=("全部页面既无文字层、OCR 也未识别出文字："
                                                                "无法读取本报告，不等于“未找到指标”")))
    elif unreadable:
        warnings.append(ExtractWarning(indicator=None, message=(f"第{'、'.join(map(str, unreadable))}页"
                                                                "无法读取（无文字层且 OCR 无结果）")))
    order = sorted(records, key=_indicator_order)
    page_text = {p.number: _squeeze(p.text) for p in pages}
    for ind in list(order):
        bad = [e for e in records[ind].evidence + records[ind].conflicts
               if _squeeze(e.text) not in page_text.get(e.page, "")]
        if bad:  # never happens by construction; the check keeps it that way
            warnings.append(ExtractWarning(indicator=ind,
                                           message=f"证据文本未能在第{bad[0].page}页原文中核对到，已舍弃该数值"))
            order.remove(ind)
    rejected: list[Rejected] = [candidate_to_rejected(c) for c in candidates if c.reason is not None] + inst_rejected
    full_text = "".join(s.text for s in doc.sentences)
    return Extraction(file=file, sha256=sha256, pages=len(pages),
                      ocr_pages=tuple(p.number for p in pages if p.method == "ocr"),
                      script=detect_script(full_text, threshold=REPORT_SCRIPT_THRESHOLD), applicant=find_applicant(doc),
                      latest_year=latest,
                      special_region=region, special_region_text=region_ev, domain=find_domain(doc),
                      records=tuple(records[k] for k in order), passages=tuple(find_passages(doc)),
                      incidents=tuple(find_incidents(doc)), warnings=tuple(dedupe(warnings)),
                      unreadable_pages=tuple(unreadable),
                      rejected=tuple(unique_by(rejected, lambda r: (r.indicator, r.page, r.raw, r.reason))))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _indicator_order(ind: str) -> tuple:
    kind, _, num = ind.partition("-")
    parts = [int(x) if x.isdigit() else 0 for x in num.split(".")]
    return ({"core": 0, "special": 1}.get(kind, 2), parts, ind)


def clear_caches() -> None:
    """Forget the per-sentence memos (terms, quantities, clause figures, openings, clause subjects): a benchmark
    run reads each document afresh. Vocabularies stay loaded."""
    from . import indicators, quantities

    for fn in (indicators._sentence_terms, indicators._opening, quantities._quantities,
               quantities._clause_subject_hits, quantities._unit_figures, quantities._modality_before):
        fn.cache_clear()

