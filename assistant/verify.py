"""The verifier: may an LLM's wording of an answer be shown? Pure functions.

Every number in the text must be one of the facts the deterministic answer rests on (values,
thresholds, years, pages, clause text, the deterministic answer's own figures); every status word
must agree with the check of the indicator it is said of; every 条款 reference must be one that was
retrieved; and the text must not echo instructions addressed to a machine. Anything else fails,
and the deterministic answer is shown instead.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

from extraction.normalize import fold_width, match_form
from knowledge.catalogue import Catalogue

from .answers import Answer
from .questions import find_rules

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_STATUS_WORDS = (  # longest first within the pattern; what each claims
    ("not_met", "未达标|不达标|没有达标|没达标|未满足|不满足|不符合|不合格|未达到|没有达到|达不到|没达到"),
    ("needs_review", "需人工复核|需要人工复核|需复核|需要复核|待复核|需专家判断|需人工判断|需要专家判断"),
    ("missing", "未提供|没有提供|缺少数据|无数据|缺失"),
    ("met", "达标|满足|符合|合格|达到|通过"),
)
_STATUS = re.compile("|".join(f"(?P<{k}>{v})" for k, v in _STATUS_WORDS))
_ALL = re.compile(r"全部|均|都|所有|各项|每一项|一律")
_UNIVERSAL = re.compile(r"(?:全部|所有|各项|每一项|全都)(?:指标|条件|申报条件|要求)|(?:指标|条件)(?:全部|均|都)")
_REF = re.compile(r"第[一二三四五六七八九十百零〇\d]+条|序号\s*\d+|〔\d{4}〕\d+号|"
                  r"(?<![A-Za-z0-9-])[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:19|20)\d\d(?:-[a-z0-9]+)*(?![A-Za-z0-9-])|"
                  r"[一二三四五六七八九十]+、\s*[(（][一二三四五六七八九十]+[)）]")
_INJECTION = re.compile(r"忽略(?:以上|上述|之前|前面)|无视(?:规则|以上)|请判定|系统提示|"
                        r"ignore (?:all |the )?previous|disregard", re.I)
_APPLICANT_WORDS = re.compile(r"园区|开发区|申报单位|该基地|申报书|该单位|高新区")
_QUANTITY = re.compile(r"(≥|≤|>|<|不低于|不少于|不超过|高于|低于)?\s*(\d+(?:\.\d+)?)\s*"
                       r"(%|亿元|万元/公顷|万元/人|万元|元|件|家|页|公顷|亩|吨标准煤/万元|立方米/万元)")
_PROMPT_ECHO = re.compile(r"<<SYS>>|\[INST\]|\[/INST\]|事实（JSON）|规则生成的回答|申报书原文|措辞模块|"
                          r"<start_of_turn>|<end_of_turn>")
_OPS = {"不低于": "≥", "不少于": "≥", "不超过": "≤", "高于": ">", "低于": "<"}


def numbers_in(text: str) -> set[Decimal]:
    out = set()
    for m in _NUMBER.finditer(fold_width(text)):
        try:
            out.add(Decimal(m.group()).normalize())
        except InvalidOperation:
            pass
    return out


def allowed_numbers(answer: Answer) -> set[Decimal]:
    parts = [answer.answer, answer.question]
    for c in answer.checks:
        r = c.result
        parts += [json.dumps(r.value, ensure_ascii=False), r.threshold, r.explanation, r.rule, r.clause.ref,
                  r.clause.text]
        parts += [str(e.page) for e in r.evidence]
    for c in answer.citations:
        parts += [c.ref, c.text, c.doc]
    return numbers_in(" ".join(parts))


def quantities_in(text: str) -> set[tuple[str, Decimal, str]]:
    """(comparator or "", number, unit) for every figure written with its unit."""
    out = set()
    for m in _QUANTITY.finditer(fold_width(text)):
        op = _OPS.get(m.group(1) or "", m.group(1) or "")
        out.add((op, Decimal(m.group(2)).normalize(), m.group(3)))
    return out


def allowed_quantities(answer: Answer) -> set[tuple[str, Decimal, str]]:
    parts = [answer.answer]
    for c in answer.checks:
        r = c.result
        parts += [r.threshold, r.explanation, r.clause.text]
        if isinstance(r.value, (int, float)):
            parts.append(f"{r.value}{r.unit}")
    parts += [c.text for c in answer.citations]
    return quantities_in(" ".join(parts))


def allowed_refs(answer: Answer, doc_numbers: dict[str, str]) -> str:
    refs = [c.ref for c in answer.citations] + [c.result.clause.ref for c in answer.checks]
    docs = {c.doc for c in answer.citations} | {c.result.clause.doc for c in answer.checks}
    return " ".join(refs + list(docs) + [doc_numbers.get(d, "") for d in docs]).replace(" ", "")


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。；;！!？?\n]", text) if s.strip()]


def verify_text(text: str, answer: Answer, catalogue: Catalogue, doc_numbers: dict[str, str]) -> list[str]:
    """Problems with an LLM's wording of ``answer``; empty means it may be shown."""
    problems: list[str] = []
    if not text or not text.strip():
        return ["回答为空"]
    if _INJECTION.search(text):
        problems.append("回答复述了针对机器的指令")
    if _PROMPT_ECHO.search(text):
        problems.append("回答复述了提示词")
    if len(text) > 2 * len(answer.answer) + 300:
        problems.append("回答远长于事实所能支撑的内容")
    allowed_q = allowed_quantities(answer)
    plain = {(n, u) for _, n, u in allowed_q}
    bad_q = [(op, n, u) for op, n, u in quantities_in(text)
             if ((op, n, u) not in allowed_q if op else (n, u) not in plain)]
    if bad_q:
        problems.append("数值或门槛与事实不符：" + "、".join(f"{op}{format(n, 'f')}{u}" for op, n, u in bad_q[:5]))
    extra = sorted(numbers_in(text) - allowed_numbers(answer))
    if extra:
        problems.append("出现了事实中没有的数字：" + "、".join(format(n, "f") for n in extra[:5]))
    allowed = allowed_refs(answer, doc_numbers)
    bad_refs = [m.group().replace(" ", "") for m in _REF.finditer(fold_width(text))
                if m.group().replace(" ", "") not in allowed]
    if bad_refs:
        problems.append("引用了未检索到的条款：" + "、".join(dict.fromkeys(bad_refs)))
    by_rule: dict[str, set[str]] = {}
    for c in answer.checks:
        by_rule.setdefault(c.result.rule, set()).add(c.result.status)
    statuses = {s for v in by_rule.values() for s in v}
    for sent in sentences(text):
        norm = match_form(sent)
        claimed = [k for m in _STATUS.finditer(norm) for k, v in m.groupdict().items() if v]
        if not claimed:
            continue
        rules = [r for r in find_rules(norm, catalogue)]
        if not answer.checks:
            if _APPLICANT_WORDS.search(norm) and any(k in ("met", "not_met") for k in claimed):
                problems.append(f"在没有核查结果的回答中下了结论：“{sent.strip()[:40]}”")
            continue
        if _UNIVERSAL.search(norm) and answer.kind != "conditions":
            problems.append(f"对未核查的全部指标下了结论：“{sent.strip()[:40]}”")
            continue
        if rules:
            known = [r for r in rules if r in by_rule]
            if not known:
                problems.append(f"对未核查的指标下了结论：“{sent.strip()[:40]}”")
                continue
            ok = set().union(*(by_rule[r] for r in known))
        else:
            ok = statuses
        wrong = [k for k in claimed if k not in ok]
        if wrong:
            problems.append(f"结论与规则核查不符：“{sent.strip()[:40]}”")
        elif _ALL.search(norm) and "met" in claimed and statuses != {"met"}:
            problems.append(f"声称全部达标，但核查结果并非全部达标：“{sent.strip()[:40]}”")
    return problems
