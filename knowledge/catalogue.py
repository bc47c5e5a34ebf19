"""Rule catalogue: the 2023 指标体系 rows, 第八条 and 第二十三条 turned into structured rules.

Everything here is read from the policy text; no threshold is typed by hand. A requirement
is parsed into comparisons (:class:`Threshold`): ``≥300 亿元（特殊类型地区≥150 亿元）``,
``国家级研发机构≥1 家或省级研发机构≥3家`` (two comparisons, either suffices),
``IT 设备负荷达到设计容量的 40%以上`` (``以上`` reads as ≥), ``至少 2 个`` (≥),
``300 至 3000 标准机架`` (a range). 数据中心 rows that set different limits by size class
("大型以上…；中小型…") become parts ``.1``/``.2`` with ``applies_to``; rows with several
定量/定性 requirements become parts ``.1``, ``.2`` ….
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extraction.normalize import fold_width, to_simplified
from extraction.numbers import cn_to_int

from .indicator_table import IndicatorTable, Row
from .models import Clause, ClauseRef, EligibilityRule, RevocationRule, Rule, Threshold

SOURCE_DOC = "miit-2023-draft"
UNITS = ("万元/公顷", "万元/人", "亿元", "万元", "标准机架", "Mbps", "%", "件", "家", "个")
_UNIT = "|".join(re.escape(u) for u in UNITS)
_NUM = r"\d+(?:\.\d+)?"
_OPS = {"≥": ">=", "≤": "<=", ">": ">", "<": "<"}
_CMP = re.compile(rf"(?P<op>[≥≤><])\s*(?P<num>{_NUM})(?:\s*(?P<unit>{_UNIT}))?")
_ABOVE = re.compile(rf"(?<![≥≤\d.])(?P<num>{_NUM})\s*(?P<unit>{_UNIT})?\s*(?:及)?以上")
_AT_LEAST = re.compile(rf"至少\s*(?P<num>{_NUM})\s*(?P<unit>{_UNIT})(?:及以上)?(?:的)?"
                       rf"(?P<noun>[\u4e00-\u9fff]{{2,6}}?)(?=参与|[，。；]|$)")
_RANGE = re.compile(rf"(?P<num>{_NUM})\s*至\s*(?P<upper>{_NUM})\s*(?P<unit>{_UNIT})")
_SPECIAL = re.compile(rf"[（(]特殊类型地区\s*[≥≤]\s*(?P<num>{_NUM})\s*(?P<unit>{_UNIT})?[)）]")
_PAREN = re.compile(r"[（(][^（）()]*[)）]")
_SERIES = re.compile(r"近(?P<n>[一二三四五六七八九十\d]+)年(?P<subject>.+?)均高于(?P<baseline>.+)")
_SIZE_CLASS = re.compile(r"^(大型以上数据中心|中小型数据中心)")
_SUBJECT_STOP = re.compile(r"[，,；;、：:]|或|且|和(?=[^和]*$)")

CORE_REF = "附件 指标体系"
SPECIAL_REF = "特色指标"


def row_ref(row: Row) -> str:
    return f"{CORE_REF} 序号{row.number}" if row.table == "core" else f"{SPECIAL_REF} 序号{row.number}"


def _subject_before(text: str, pos: int) -> str:
    """The words before a comparison, back to the previous punctuation or 或/且."""
    head = text[:pos]
    cut = 0
    for m in re.finditer(r"[，,；;、：:]|或|且", head):
        cut = m.end()
    subject = head[cut:].strip()
    subject = re.sub(r"(达到|包括|的|为|在)$", "", subject).strip()
    return subject


def parse_thresholds(condition: str, default_subject: str) -> tuple[list[Threshold], str, list[str]]:
    """Comparisons written in one requirement → (thresholds, logic, notes)."""
    text = fold_width(to_simplified(condition))
    special = _SPECIAL.search(text)
    special_value = Decimal(special.group("num")) if special else None
    notes = [m.group(0) for m in _PAREN.finditer(text) if not _SPECIAL.fullmatch(m.group(0))]
    bare = _PAREN.sub(lambda m: " " * len(m.group(0)), text)  # same offsets, parentheticals blanked

    found: list[tuple[int, Threshold]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], op: str, upper: str | None = None) -> None:
        if any(a <= m.start() < b for a, b in taken):
            return
        taken.append((m.start(), m.end()))
        noun = m.groupdict().get("noun")
        subject = f"{noun}数量" if noun else (_subject_before(bare, m.start()) or default_subject)
        found.append(
            (
                m.start(),
                Threshold(
                    subject=subject,
                    op=op,  # type: ignore[arg-type]
                    value=Decimal(m.group("num")),
                    upper=Decimal(upper) if upper else None,
                    unit=m.group("unit") or "",
                    special_value=special_value if not found else None,
                    text=text[m.start() : m.end() - len(noun or "")].strip().rstrip("的")
                    + (special.group(0) if special and not found else ""),
                ),
            )
        )

    for m in _RANGE.finditer(bare):
        add(m, "between", m.group("upper"))
    for m in _CMP.finditer(bare):
        add(m, _OPS[m.group("op")])
    for m in _AT_LEAST.finditer(bare):
        add(m, ">=")
    for m in _ABOVE.finditer(bare):
        add(m, ">=")
    found.sort(key=lambda x: x[0])
    thresholds = [t for _, t in found]
    logic = "any" if len(thresholds) > 1 and "或" in bare and not re.search("且|，", bare) else "all"
    return thresholds, logic, notes


def _rule(row: Row, rule_id: str, condition: str, indicator_type: str, clause_text: str,
          applies_to: str | None) -> Rule:
    clause = ClauseRef(doc=SOURCE_DOC, ref=row_ref(row), text=clause_text)
    base = dict(
        id=rule_id, table=row.table, row=row.number, name=row.name, group=row.group,
        condition=condition, indicator_type=indicator_type, clause=clause, applies_to=applies_to,
    )
    if indicator_type == "定性":
        return Rule(kind="qualitative", **base)
    series = _SERIES.search(fold_width(to_simplified(condition)).replace(" ", ""))
    if series:
        return Rule(
            kind="series_above", series_years=cn_to_int(series.group("n")),
            series_baseline=series.group("baseline"), **base,
        )
    thresholds, logic, notes = parse_thresholds(condition, row.name)
    if not thresholds:
        return Rule(kind="judgement", **base)
    return Rule(kind="threshold", thresholds=tuple(thresholds), logic=logic, notes=tuple(notes), **base)


def row_clause_text(row: Row) -> str:
    return "；".join(
        f"{row.name} {p.condition} {p.indicator_type}" if i == 0 else f"{p.condition} {p.indicator_type}"
        for i, p in enumerate(row.parts)
    )


def row_to_rules(row: Row) -> list[Rule]:
    if len(row.parts) > 1:
        return [
            _rule(row, f"{row.rule_id}.{k}", p.condition, p.indicator_type,
                  f"{row.name} {p.condition} {p.indicator_type}", None)
            for k, p in enumerate(row.parts, start=1)
        ]
    part = row.parts[0]
    classes = [c.strip() for c in re.split("[；;]", part.condition) if c.strip()]
    if len(classes) > 1 and all(_SIZE_CLASS.match(c) for c in classes):
        return [
            _rule(row, f"{row.rule_id}.{k}", c, part.indicator_type, f"{row.name} {c} {part.indicator_type}",
                  _SIZE_CLASS.match(c).group(1))
            for k, c in enumerate(classes, start=1)
        ]
    return [_rule(row, row.rule_id, part.condition, part.indicator_type, row_clause_text(row), None)]


def table_to_rules(table: IndicatorTable) -> list[Rule]:
    return [rule for row in table.rows for rule in row_to_rules(row)]


_ROMAN = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "I": 1, "II": 2, "III": 3, "IV": 4}


def article_8_to_eligibility(clause: Clause) -> EligibilityRule:
    """第八条: "近三年未发生Ⅱ级及以上突发环境污染事件、未发生重大或特别重大生产安全事故"."""
    text = clause.norm
    m = re.search(r"近(?P<n>[一二三四五六七八九十\d]+)年未发生(?P<lvl>[ⅠⅡⅢⅣ]|I{1,3}|IV)级及以上突发环境污染事件、?"
                  r"未发生(?P<safety>.+?)生产安全事故", text)
    if not m:
        raise ValueError("第八条中找不到申报资格条件（环境事件、安全事故）")
    return EligibilityRule(
        window_years=cn_to_int(m.group("n")),
        env_worst_allowed_level=_ROMAN[m.group("lvl")],
        safety_disqualifying=tuple(s for s in re.split("或|、", m.group("safety")) if s),
        clause=ClauseRef(doc=clause.doc, ref=clause.ref, text=clause.text),
    )


def article_23_to_revocations(items: list[Clause]) -> list[RevocationRule]:
    """第二十三条 (一)…(三): the grounds on which the title is withdrawn."""
    out = []
    for i, c in enumerate(items, start=1):
        text = c.norm
        kind, years, stars = "other", None, None
        m = re.search(r"连续(?P<y>[一二两三四五\d]+)年评价结果为(?P<s>[一二两三四五\d])星及以下", text)
        if m:
            kind, years, stars = "rating", cn_to_int(m.group("y")), cn_to_int(m.group("s"))
        elif "环境污染事件" in text or "生产安全事故" in text:
            kind = "incident"
        elif "督察" in text or "整改" in text:
            kind = "inspection"
        out.append(
            RevocationRule(
                id=f"revocation-{i}", kind=kind, text=c.text, consecutive_years=years, max_stars=stars,
                clause=ClauseRef(doc=c.doc, ref=c.ref, text=c.text),
            )
        )
    return out


@dataclass(frozen=True)
class Catalogue:
    rules: tuple[Rule, ...]
    eligibility: EligibilityRule
    revocations: tuple[RevocationRule, ...]
    groups: tuple[str, ...]
    domains: tuple[str, ...]

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def core_rules(self) -> list[Rule]:
        return [r for r in self.rules if r.table == "core"]

    def domain_rules(self, domain: str) -> list[Rule]:
        return [r for r in self.rules if r.table == "special" and r.group == domain]
