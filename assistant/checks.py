"""The rule engine: catalogue rule × a report's extraction → :class:`CheckResult`.

Pure functions. Thresholds, their 特殊类型地区 alternatives and the clause each result cites
come from the catalogue parsed out of the policy text; nothing here writes a threshold. The
comparisons are Decimal in canonical units, with the operator as written (≥ 2.5 passes 2.5).

Statuses: ``met`` / ``not_met`` (a figure was compared), ``needs_review`` (the rule asks for a
judgement — 行业前列, 先进水平, 定性 — or the evidence contradicts itself, or a fact is unclear),
``missing`` (the report gives nothing usable).
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict

from extraction.models import Evidence, Extraction, IndicatorRecord, InstitutionCount, value_to_json
from extraction.numbers import format_decimal
from knowledge.catalogue import Catalogue
from knowledge.models import ClauseRef, EligibilityRule, Rule, Threshold

Status = Literal["met", "not_met", "needs_review", "missing"]
STATUS_NAMES = {"met": "达标", "not_met": "未达标", "needs_review": "需人工复核", "missing": "未提供"}
_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
DOMAIN_ALIASES = {"大数据": "软件和信息服务/大数据", "软件和信息服务": "软件和信息服务/大数据",
                  "软件": "软件和信息服务/大数据"}


class OverrideRecord(BaseModel):
    """A reviewer's decision on one rule of one application (kept forever; the latest per rule applies)."""

    model_config = ConfigDict(frozen=True)

    id: int
    application_id: int
    rule: str
    old_status: Status
    new_status: Status
    old_value: object = None
    new_value: object = None
    reason: str
    reviewer: str
    at: datetime


class CheckResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str
    name: str
    status: Status
    value: object = None  # as the CLI writes it: number, core-2 list, core-9 object
    unit: str = ""
    threshold: str = ""
    evidence: tuple[Evidence, ...] = ()
    clause: ClauseRef
    explanation: str = ""
    method: Optional[str] = None  # how the figure was read (stated/table/derived/ocr)
    override: Optional[OverrideRecord] = None  # set when a reviewer changed the engine's status
    engine_status: Optional[Status] = None  # with an override: what the engine itself found
    engine_value: object = None  # with an override: the engine's figure


class CheckReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    applicant: Optional[str]
    special_region: bool
    special_region_basis: str
    domain: Optional[str]
    results: tuple[CheckResult, ...]

    def result(self, rule: str) -> Optional[CheckResult]:
        return next((r for r in self.results if r.rule == rule), None)


def threshold_text(t: Threshold, special: bool) -> str:
    if t.op == "between":
        return f"{format_decimal(t.value)}–{format_decimal(t.upper)}{t.unit}"
    if special and t.special_value is not None:
        return f"{_OPS[t.op]}{format_decimal(t.special_value)}{t.unit}（特殊类型地区）"
    return f"{_OPS[t.op]}{format_decimal(t.value)}{t.unit}"


def compare(value: Decimal, t: Threshold, special: bool) -> bool:
    """``value`` against one threshold as written; the 特殊类型地区 value when ``special`` and the row has one."""
    bound = t.special_value if special and t.special_value is not None else t.value
    if t.op == ">=":
        return value >= bound
    if t.op == "<=":
        return value <= bound
    if t.op == ">":
        return value > bound
    if t.op == "<":
        return value < bound
    return t.value <= value <= t.upper


def _indicators(rule: Rule) -> list[str]:
    """The extraction indicators a threshold rule reads, one per threshold (core-9: one record, two counts)."""
    if rule.id == "core-9":
        return ["core-9"]
    if rule.id.startswith("special-17"):
        return ["dc-racks", "dc-load"]
    if rule.id.startswith("special-18"):
        return ["dc-pue"]
    if len(rule.thresholds) > 1:
        return [f"{rule.id}.{i + 1}" for i in range(len(rule.thresholds))]
    return [rule.id]


def _threshold_values(rule: Rule, x: Extraction) -> list[tuple[Optional[Decimal], Optional[IndicatorRecord]]]:
    """One (value, record) per threshold of the rule, in order."""
    if rule.id == "core-9":
        rec = x.record("core-9")
        if rec is None or not isinstance(rec.value, InstitutionCount):
            return [(None, None)] * len(rule.thresholds)
        v = rec.value
        national = v.national if v.national is not None else v.national_at_least
        provincial = v.provincial
        if provincial is None and v.provincial_or_above is not None and v.national is not None:
            provincial = max(0, v.provincial_or_above - v.national)  # 省级及以上 N with the national ones known
        elif provincial is None and v.provincial_or_above is not None:
            # 省级及以上 N: N ≥ the provincial threshold means either side holds (any national one, or all N
            # provincial); fewer says nothing about either side alone, and 0 means none of either
            n = v.provincial_or_above
            if n == 0:
                national, provincial = 0, 0
            elif n >= rule.thresholds[1].value:
                provincial = n
        return [(Decimal(c) if c is not None else None, rec) for c in (national, provincial)]
    out = []
    for ind in _indicators(rule):
        rec = x.record(ind)
        out.append((rec.value if rec is not None and isinstance(rec.value, Decimal) else None, rec))
    return out


def _passage_evidence(x: Extraction, rule_id: str) -> tuple[Evidence, ...]:
    return tuple(Evidence(file=x.file, page=p.page, text=p.text) for p in x.passages if p.indicator == rule_id)


def _record_value(rec: Optional[IndicatorRecord]) -> object:
    return value_to_json(rec.value) if rec is not None else None


PART_WORDS = {True: "达到", False: "未达到", None: "无法判定"}


def check_threshold(rule: Rule, x: Extraction, special: bool) -> CheckResult:
    pairs = _threshold_values(rule, x)
    threshold = "；".join(threshold_text(t, special) for t in rule.thresholds)
    records = [r for _, r in pairs if r is not None]
    evidence = tuple(e for r in dict.fromkeys(records) for e in r.evidence)
    first = records[0] if records else None
    value = _record_value(first) if len(pairs) == 1 or rule.id == "core-9" else [
        _record_value(r) for _, r in pairs]
    unit = first.unit if first else (rule.thresholds[0].unit if rule.thresholds else "")
    base = dict(rule=rule.id, name=rule.name, threshold=threshold, clause=rule.clause, unit=unit, value=value,
                evidence=evidence, method=first.method if first else None)
    outcomes = [None if v is None else compare(v, t, special) for (v, _), t in zip(pairs, rule.thresholds)]
    conflicted = [r for r in records if r.conflicts]
    if conflicted:
        r = conflicted[0]
        return CheckResult(**{**base, "evidence": evidence + r.conflicts}, status="needs_review",
                           explanation=f"{rule.name}在报告中同一年度有不同数值（第{r.page}页等），需人工核实后判定")
    if rule.logic == "any":
        if any(o is True for o in outcomes):
            status = "met"
        elif all(o is False for o in outcomes):
            status = "not_met"
        else:
            status = "missing" if not records else "not_met" if all(o is not None for o in outcomes) else "missing"
    else:
        if any(o is False for o in outcomes):
            status = "not_met"
        elif all(o is True for o in outcomes):
            status = "met"
        else:
            status = "missing"
    implausible = [r for r in x.rejected if r.reason == "implausible" and r.indicator in _indicators(rule)]
    if status == "missing" and implausible:  # a figure was printed but no real park reports it: a person looks
        shown = "；".join(f"{r.raw}（第{r.page}页）" for r in implausible)
        return CheckResult(**{**base, "evidence": evidence + tuple(Evidence(file=x.file, page=r.page, text=r.text)
                                                                   for r in implausible)},
                           status="needs_review", explanation=f"{rule.name}：{shown}数值超出合理范围，需人工核实")
    if status == "missing" and not records:
        explanation = f"报告未提供{rule.name}的数值"
    else:
        verb = {"met": "达到", "not_met": "未达到", "missing": "无法判定"}[status]
        if len(pairs) == 1:
            (v, _), t = pairs[0], rule.thresholds[0]
            shown = f"{t.subject}{format_decimal(v)}{t.unit}" if v is not None else f"{t.subject}未提供"
            explanation = f"{shown}，{verb}申报条件{threshold}"
        else:  # each part with its value, its threshold and its own outcome; then the rule's
            parts = [f"{t.subject}{format_decimal(v)}{t.unit}（{threshold_text(t, special)}，{PART_WORDS[o]}）"
                     if v is not None else f"{t.subject}未提供（{threshold_text(t, special)}）"
                     for (v, _), t, o in zip(pairs, rule.thresholds, outcomes)]
            how = "须全部达到" if rule.logic != "any" else "达到其一即可"
            explanation = "；".join(parts) + f"：{how}，{verb}申报条件"
    # what extraction noticed about this figure (a unit a scan dropped, a stated value the derived one
    # contradicts, a derived value out of range) belongs with the verdict, not only in the extract output
    read = set(_indicators(rule))
    notes = [w.message for w in x.warnings if w.indicator in read]
    return CheckResult(**base, status=status, explanation="；".join([explanation] + notes))


def check_series(rule: Rule, x: Extraction) -> CheckResult:
    rec = x.record(rule.id)
    base = dict(rule=rule.id, name=rule.name, threshold=rule.condition, clause=rule.clause, unit="%")
    if rec is None or not isinstance(rec.value, list):
        return CheckResult(**base, status="missing",
                           explanation=f"报告未提供近{rule.series_years or 3}年增加值增速与当地GDP增速")
    points = rec.value
    years = rule.series_years or 3
    known = [p for p in points if p.park is not None and p.local is not None]
    shown = "；".join(f"{p.year}年{format_decimal(p.park)}%对{format_decimal(p.local)}%" for p in known)
    common = dict(**base, value=value_to_json(points), evidence=rec.evidence, method=rec.method)
    if any(p.park <= p.local for p in known):
        bad = [p.year for p in known if p.park <= p.local]
        return CheckResult(**common, status="not_met",
                           explanation=f"{shown}：{'、'.join(map(str, bad))}年未高于当地GDP增速")
    if len(known) < years:
        return CheckResult(**common, status="missing",
                           explanation=f"只找到{len(known)}年数据（需近{years}年）：{shown}")
    return CheckResult(**common, status="met", explanation=f"{shown}：逐年高于当地GDP增速")


def check_judgement(rule: Rule, x: Extraction) -> CheckResult:
    rec = x.record(rule.id)
    passages = _passage_evidence(x, rule.id)
    base = dict(rule=rule.id, name=rule.name, threshold=rule.condition, clause=rule.clause)
    if rec is not None:
        return CheckResult(**base, status="needs_review", value=_record_value(rec), unit=rec.unit,
                           evidence=rec.evidence, method=rec.method,
                           explanation=f"{rule.name}{format_decimal(rec.value)}{rec.unit}；申报条件为“{rule.condition}”，需专家对照同行业判断")
    if passages:
        return CheckResult(**base, status="needs_review", evidence=passages,
                           explanation=f"报告有相关表述（第{passages[0].page}页），“{rule.condition}”需专家判断")
    return CheckResult(**base, status="missing", explanation=f"报告未提供{rule.name}的数值或表述")


def check_qualitative(rule: Rule, x: Extraction) -> CheckResult:
    passages = _passage_evidence(x, rule.id)
    base = dict(rule=rule.id, name=rule.name, threshold=rule.condition, clause=rule.clause)
    if passages:
        pages = "、".join(str(p) for p in dict.fromkeys(e.page for e in passages))
        return CheckResult(**base, status="needs_review", evidence=passages,
                           explanation=f"定性指标：报告第{pages}页有相关表述，需专家判断是否满足“{rule.condition}”")
    return CheckResult(**base, status="missing", explanation=f"报告中未找到与“{rule.name}”相关的表述")


_ROMAN_SIGN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ"}


def level_text(kind: str, level: Optional[str]) -> str:
    """An incident's level as written in the rules: Ⅲ级 for an environmental event, 较大 for an accident."""
    if not level:
        return "级别不详"
    if kind == "environment":
        return f"{_ROMAN_SIGN.get(level, level)}级"
    return level


def check_eligibility(e: EligibilityRule, x: Extraction) -> CheckResult:
    base = dict(rule=e.id, name="申报资格（第八条）", clause=e.clause,
                threshold=f"近{e.window_years}年未发生{'Ⅰ Ⅱ Ⅲ Ⅳ'.split()[e.env_worst_allowed_level - 1]}级"
                          f"及以上突发环境污染事件、"
                          f"未发生{'或'.join(e.safety_disqualifying)}生产安全事故")
    incidents = x.incidents
    evidence = tuple(dict.fromkeys(Evidence(file=x.file, page=i.page, text=i.text) for i in incidents))
    if not incidents:
        return CheckResult(**base, status="needs_review",
                           explanation="报告未说明近三年突发环境事件和生产安全事故情况，需核实")
    silent = [name for kind, name in (("environment", "突发环境事件"), ("safety", "生产安全事故"))
              if not any(i.kind == kind for i in incidents)]
    latest = x.latest_year or max((i.year for i in incidents if i.year), default=None)
    first_year = latest - e.window_years + 1 if latest else None
    disqualifying, unclear, shown = [], [], []
    for i in incidents:
        if not i.occurred:
            continue
        label = (f"{i.year or '年份不详'}年{level_text(i.kind, i.level)}"
                 f"{'突发环境事件' if i.kind == 'environment' else '生产安全事故'}（第{i.page}页）")
        in_window = i.year is None or first_year is None or i.year >= first_year
        if not in_window:
            shown.append(label + "，不在近三年内")
            continue
        if i.level is None or i.year is None:
            unclear.append(label)
            continue
        severe = ((_ROMAN.get(i.level, 9) <= e.env_worst_allowed_level) if i.kind == "environment"
                  else i.level in e.safety_disqualifying)
        (disqualifying if severe else shown).append(label + ("" if severe else "，不构成否决"))
    if disqualifying:
        return CheckResult(**base, status="not_met", evidence=evidence,
                           explanation="；".join(disqualifying + shown) + "：不符合第八条")
    if unclear:
        return CheckResult(**base, status="needs_review", evidence=evidence,
                           explanation="；".join(unclear) + "：级别或年份需核实")
    if silent:  # one side addressed, the other not: 第八条 asks for both
        return CheckResult(**base, status="needs_review", evidence=evidence,
                           explanation="；".join(shown + [f"报告未说明近三年{silent[0]}情况"])
                           + "：第八条两方面均需说明，需核实")
    note = "；".join(shown) if shown else "报告声明近三年未发生相关事件或事故"
    return CheckResult(**base, status="met", evidence=evidence, explanation=note)


def check_rule(rule: Rule, x: Extraction, special: bool) -> CheckResult:
    if rule.kind == "threshold":
        return check_threshold(rule, x, special)
    if rule.kind == "series_above":
        return check_series(rule, x)
    if rule.kind == "judgement":
        return check_judgement(rule, x)
    return check_qualitative(rule, x)


def normalise_domain(domain: Optional[str], catalogue: Catalogue) -> Optional[str]:
    if not domain:
        return None
    name = DOMAIN_ALIASES.get(domain.strip(), domain.strip())
    return name if name in catalogue.domains else None


def _applicable(rule: Rule, x: Extraction) -> bool:
    """数据中心 rows by size class: keep the row for the centre's class when the report gives its racks."""
    if not rule.applies_to:
        return True
    racks = x.record("dc-racks")
    if racks is None:
        return True
    large = racks.value >= Decimal(3000)
    return ("大型" in rule.applies_to) == large


def extraction_to_checks(x: Extraction, catalogue: Catalogue, special_region: Optional[bool] = None,
                         domain: Optional[str] = None) -> CheckReport:
    """All 29 core rules and 第八条, plus the domain's 特色指标 (``domain`` or the report's own claim)."""
    if special_region:
        special, basis = True, "按命令参数 --special-region 适用特殊类型地区标准"
    elif x.special_region:
        page = x.special_region_text.page if x.special_region_text else "?"
        special, basis = True, f"报告第{page}页自述属于{x.special_region}，适用特殊类型地区标准"
    else:
        special, basis = False, "报告未说明属于特殊类型地区，适用一般标准"
    dom = normalise_domain(domain, catalogue) or normalise_domain(x.domain, catalogue)
    results = [check_rule(r, x, special) for r in catalogue.core_rules()]
    results.append(check_eligibility(catalogue.eligibility, x))
    if dom:
        results += [check_rule(r, x, special) for r in catalogue.domain_rules(dom) if _applicable(r, x)]
    return CheckReport(file=x.file, applicant=x.applicant, special_region=special, special_region_basis=basis,
                       domain=dom, results=tuple(results))


def status_counts(results) -> dict[str, int]:
    """How many results have each status, in the order of STATUS_NAMES."""
    return {k: sum(1 for r in results if r.status == k) for k in STATUS_NAMES}


def apply_overrides(report: CheckReport, overrides: list[OverrideRecord]) -> CheckReport:
    """The report as the reviewers left it: each rule's latest override replaces the engine's status
    (and value, when the reviewer gave one); the engine's own result stays visible in the override."""
    latest: dict[str, OverrideRecord] = {}
    for o in sorted(overrides, key=lambda o: (o.at, o.id)):
        latest[o.rule] = o
    results = []
    for r in report.results:
        o = latest.get(r.rule)
        if o is None:
            results.append(r)
            continue
        update = {"status": o.new_status, "override": o, "engine_status": r.status, "engine_value": r.value}
        if o.new_value is not None:
            update["value"] = o.new_value
        results.append(r.model_copy(update=update))
    return report.model_copy(update={"results": tuple(results)})


def override_to_json(o: OverrideRecord) -> dict:
    return {**o.model_dump(mode="json", exclude={"application_id"}), "at": o.at.isoformat(timespec="seconds")}


def value_text(value: object, unit: str = "") -> str:
    """A value as the CLI contract writes it (number, core-2 series, core-9 counts, several figures), in words."""
    if value is None:
        return "未提供"
    if isinstance(value, list) and value and isinstance(value[0], dict) and "park" in value[0]:
        return "；".join(f"{p['year']}年园区{p['park']}%、当地GDP{p['local']}%" for p in value)
    if isinstance(value, dict):
        parts = []
        if value.get("national") is not None:
            parts.append(f"国家级{value['national']}家")
        elif value.get("national_at_least") is not None:
            parts.append(f"国家级至少{value['national_at_least']}家（报告称填补空白/零的突破，未给出数量）")
        if value.get("provincial") is not None:
            parts.append(f"省级{value['provincial']}家")
        if value.get("provincial_or_above") is not None:
            parts.append(f"省级及以上{value['provincial_or_above']}家")
        return "、".join(parts) or "国家级未提供、省级未提供"
    if isinstance(value, list):
        return "、".join("未提供" if x is None else f"{x}" for x in value) + unit
    return f"{value}{unit}"


def result_to_json(r: CheckResult) -> dict:
    doc = {"rule": r.rule, "name": r.name, "status": r.status, "value": r.value, "unit": r.unit,
           "threshold": r.threshold, "evidence": [{"page": e.page, "text": e.text} for e in r.evidence],
           "clause": r.clause.model_dump(), "explanation": r.explanation, "method": r.method}
    if r.override is not None:
        doc["override"] = override_to_json(r.override)
    return doc


def checks_to_json(c: CheckReport) -> dict:
    return {"file": c.file, "applicant": c.applicant, "special_region": c.special_region,
            "special_region_basis": c.special_region_basis, "domain": c.domain,
            "results": [result_to_json(r) for r in c.results]}
