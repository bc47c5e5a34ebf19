"""The few frozen types the knowledge base hands to other packages."""
from __future__ import annotations

from decimal import Decimal
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DocumentMeta(_Frozen):
    """Facts about one policy document (the corpus README's table, or what a user gave)."""

    id: str
    title: str
    number: str = ""  # 文号
    issuer: str = ""
    date: str = ""
    year: Optional[int] = None
    script: Literal["simplified", "traditional"] = "simplified"
    status: str = "issued"
    note: str = ""
    builtin: bool = True
    programme: str = ""  # 新型工业化产业示范基地 / 新兴产业发展示范基地 / "" (not said)
    level: str = ""  # authority: national / provincial / local / "" (not said)


class DamageFlag(_Frozen):
    """A span that cannot be quoted as clean text (``mojibake``, ``stray_english``)."""

    kind: str
    snippet: str


class Clause(_Frozen):
    """One unit of a policy document's structure, with its human reference."""

    doc: str
    ref: str  # 第八条, 二、(八), 附件 指标体系 序号7, 特色指标 序号18
    parent: Optional[str] = None  # ref of the enclosing clause
    kind: str  # chapter, article, part, item, enum, paragraph, table, group, row, domain
    text: str  # original characters, for display and quotation
    norm: str  # matching form (t2s, width folded, spaces squeezed)
    damage: tuple[DamageFlag, ...] = ()
    order: int = 0

    @property
    def key(self) -> str:
        return f"{self.doc}#{self.ref}"

    @property
    def damaged(self) -> bool:
        return bool(self.damage)


class ClauseRef(_Frozen):
    """A citation: document id, human ref and the clause text."""

    doc: str
    ref: str
    text: str


class SearchHit(_Frozen):
    doc: str
    ref: str
    text: str
    score: float
    title: str = ""
    year: Optional[int] = None
    status: str = ""
    damaged: bool = False
    damage: tuple[DamageFlag, ...] = ()


class Threshold(_Frozen):
    """One comparison written in a 申报条件, e.g. ``≥300 亿元（特殊类型地区≥150 亿元）``."""

    subject: str
    op: Literal[">=", "<=", ">", "<", "between"]
    value: Decimal
    upper: Optional[Decimal] = None  # for "between" (300 至 3000 标准机架)
    unit: str = ""
    special_value: Optional[Decimal] = None  # 特殊类型地区 alternative
    text: str  # as written


class Rule(_Frozen):
    """One row (or part of a row) of the 2023 指标体系, parsed from the policy text."""

    id: str  # core-7, special-6.1
    table: Literal["core", "special"]
    row: int
    name: str
    group: str  # 一级指标 (core) or 适用领域 (special)
    condition: str  # 申报条件 as written
    indicator_type: Literal["定量", "定性"]
    kind: Literal["threshold", "series_above", "judgement", "qualitative"]
    thresholds: tuple[Threshold, ...] = ()
    logic: Literal["all", "any"] = "all"
    applies_to: Optional[str] = None  # size class for 数据中心 rows
    series_years: Optional[int] = None
    series_baseline: Optional[str] = None
    notes: tuple[str, ...] = ()  # parentheticals that qualify the condition
    clause: ClauseRef


class EligibilityRule(_Frozen):
    """第八条: no Ⅱ级-or-worse environmental incident and no 重大/特别重大 safety accident in the window."""

    id: str = "eligibility"
    window_years: int
    env_worst_allowed_level: int  # incidents of this level number or lower (more severe) disqualify, Ⅱ → 2
    safety_disqualifying: tuple[str, ...]  # 重大, 特别重大
    clause: ClauseRef


class RevocationRule(_Frozen):
    """One ground of 第二十三条 for withdrawing the title."""

    id: str  # revocation-1 …
    kind: Literal["incident", "inspection", "rating", "other"]
    text: str
    consecutive_years: Optional[int] = None
    max_stars: Optional[int] = None
    clause: ClauseRef
