"""The frozen types extraction hands to the rest of pingshen.

An :class:`Extraction` is everything read from one report: indicator records (each with its
:class:`Evidence`), the passages that speak to qualitative indicators, the 第八条 incident
facts, the applicant's own statements (special region, domain) and warnings. Values are
``Decimal`` inside; the CLI's JSON renders them as numbers.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict

Method = Literal["stated", "table", "derived", "ocr"]
BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left (as pdfplumber)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Evidence(_Frozen):
    """Where a figure or statement was read: file, 1-based page, box when known, original text."""

    file: str
    page: int
    text: str
    bbox: Optional[BBox] = None


class SeriesPoint(_Frozen):
    """One year of core-2: park value-added growth against local GDP growth (both %)."""

    year: int
    park: Optional[Decimal] = None
    local: Optional[Decimal] = None


class InstitutionCount(_Frozen):
    """core-9: national-level and provincial-level R&D institutions (家)."""

    national: Optional[int] = None
    provincial: Optional[int] = None
    national_at_least: Optional[int] = None  # an idiom implying a count without one (填补国家级研发机构空白 → ≥1)
    provincial_or_above: Optional[int] = None  # 省级及以上 N: national and provincial together


Value = Union[Decimal, list[SeriesPoint], InstitutionCount]


class IndicatorRecord(_Frozen):
    """One figure for one indicator, traceable to the page it came from.

    ``method``: ``stated`` (a sentence), ``table`` (a table cell), ``derived`` (computed from
    other figures named in ``inputs``), ``ocr`` (read from a scanned page). ``page``/``text``
    are the first evidence's; ``evidence`` holds all of it.
    """

    indicator: str
    name: str
    value: Value
    unit: str
    year: Optional[int]
    page: int
    text: str
    method: Method
    evidence: tuple[Evidence, ...] = ()
    inputs: tuple[str, ...] = ()
    conflicts: tuple[Evidence, ...] = ()  # other figures for the same year that disagree with ``value``


class ExtractWarning(_Frozen):
    indicator: Optional[str]
    message: str


class Rejected(_Frozen):
    """A figure read as an indicator but not used, with the reason (target, aggregate, older_year …) and
    the word that decided it, so a reviewer sees what was not taken and why."""

    indicator: str
    value: Decimal
    year: Optional[int]
    page: int
    text: str
    raw: str
    reason: str
    word: str = ""
    method: str = "stated"


class Passage(_Frozen):
    """A paragraph that speaks to a qualitative indicator: evidence for ``needs_review``."""

    indicator: str
    page: int
    text: str


IncidentKind = Literal["environment", "safety"]


class Incident(_Frozen):
    """An environment incident or production-safety accident the report describes (第八条).

    ``level`` is the Roman level for environment incidents (I–IV) and the Chinese grade for
    safety accidents (特别重大/重大/较大/一般). ``occurred`` is False for a negated statement
    (近三年未发生Ⅱ级及以上…), which is kept as evidence that the report addresses the topic.
    """

    kind: IncidentKind
    level: Optional[str]
    year: Optional[int]
    occurred: bool
    page: int
    text: str


class Extraction(_Frozen):
    file: str
    sha256: str
    pages: int
    ocr_pages: tuple[int, ...] = ()
    script: Literal["simplified", "traditional"] = "simplified"
    applicant: Optional[str] = None
    latest_year: Optional[int] = None
    special_region: Optional[str] = None  # the type the report states (民族地区 …), None if it states none
    special_region_text: Optional[Evidence] = None
    domain: Optional[str] = None
    records: tuple[IndicatorRecord, ...] = ()
    passages: tuple[Passage, ...] = ()
    incidents: tuple[Incident, ...] = ()
    warnings: tuple[ExtractWarning, ...] = ()
    unreadable_pages: tuple[int, ...] = ()
    rejected: tuple[Rejected, ...] = ()

    def record(self, indicator: str) -> Optional[IndicatorRecord]:
        return next((r for r in self.records if r.indicator == indicator), None)


def _num(v: Decimal | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() and abs(v) < 10**15 else float(v)


def value_to_json(value: Value) -> object:
    """A record value as the CLI contract writes it: a number, a core-2 list, or a core-9 object."""
    if isinstance(value, list):
        return [{"year": p.year, "park": _num(p.park), "local": _num(p.local)} for p in value]
    if isinstance(value, InstitutionCount):
        out = {"national": value.national, "provincial": value.provincial}
        if value.national_at_least is not None:
            out["national_at_least"] = value.national_at_least
        if value.provincial_or_above is not None:
            out["provincial_or_above"] = value.provincial_or_above
        return out
    return _num(value)


def record_to_json(r: IndicatorRecord) -> dict:
    out = {"indicator": r.indicator, "name": r.name, "value": value_to_json(r.value), "unit": r.unit, "year": r.year,
           "page": r.page, "text": r.text, "method": r.method,
           "evidence": [e.model_dump(exclude={"file"}) for e in r.evidence]}
    if r.inputs:
        out["inputs"] = list(r.inputs)
    if r.conflicts:
        out["conflicts"] = [e.model_dump(exclude={"file"}) for e in r.conflicts]
    return out


def extraction_to_json(x: Extraction) -> dict:
    """The ``pingshen extract --json`` document (spec fields first, extras after)."""
    return {
        "file": x.file, "pages": x.pages, "ocr_pages": list(x.ocr_pages), "script": x.script,
        "records": [record_to_json(r) for r in x.records],
        "warnings": [w.model_dump() for w in x.warnings],
        "applicant": x.applicant, "latest_year": x.latest_year, "special_region": x.special_region,
        "domain": x.domain, "sha256": x.sha256, "unreadable_pages": list(x.unreadable_pages),
        "passages": [p.model_dump() for p in x.passages],
        "incidents": [i.model_dump() for i in x.incidents],
        "rejected": [{**r.model_dump(exclude={"value"}), "value": _num(r.value)} for r in x.rejected],
    }
