"""Understanding a reviewer's question, deterministically: what is asked, about which rules,
applicants and editions. Follow-ups resolve against the previous turn.

``question_to_intent`` is pure: the catalogue, the corpus metadata and the workspace's applicant
names come in as arguments. Phrases live in ``data/questions.json``; rule names come from the
catalogue, so a new 指标 name is understood without code.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict

from extraction.normalize import match_form
from knowledge.catalogue import Catalogue
from knowledge.models import DocumentMeta

Kind = Literal["meets", "conditions", "value", "policy", "compare", "ranking", "unclear"]


class Intent(BaseModel):
    model_config = ConfigDict(frozen=True)

    question: str
    kind: Kind
    rules: tuple[str, ...] = ()
    applicants: tuple[int, ...] = ()  # workspace ids named in the question
    this_applicant: bool = False  # 这个园区 / 该园区: the applicant of the context
    docs: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    topic: Optional[str] = None  # compare / policy: what the question is about
    followup: bool = False
    corrected: tuple[tuple[str, str], ...] = ()  # (as typed, as understood): a name read despite a typo
    special_region: bool = False  # 特殊类型地区 named
    context: Optional[str] = None  # the --applicant of this turn (a PDF or a workspace id), kept for follow-ups


@lru_cache(maxsize=1)
def load_phrases() -> dict:
    return json.loads((Path(__file__).parent / "data" / "questions.json").read_text(encoding="utf-8"))


def rule_aliases(catalogue: Catalogue) -> list[tuple[str, str]]:
    """(phrase, rule id), longest phrase first: the catalogue's names and the phrase file's."""
    pairs = {match_form(r.name): r.id for r in catalogue.core_rules()}
    for rule_id, names in load_phrases()["indicators"].items():
        for n in names:
            pairs.setdefault(match_form(n), rule_id)
    return sorted(pairs.items(), key=lambda p: -len(p[0]))


def find_rules(norm: str, catalogue: Catalogue) -> tuple[str, ...]:
    """Rules named in the question, in the order they are named; a longer name hides the shorter
    ones inside it (研发投入强度 is core-7 only, not also 研发投入)."""
    found: dict[str, int] = {}
    text = norm
    for phrase, rule_id in rule_aliases(catalogue):
        pos = text.find(phrase) if phrase else -1
        if pos >= 0:
            found[rule_id] = min(found.get(rule_id, pos), pos)
            text = text.replace(phrase, "\u0000" * len(phrase))
    return tuple(sorted(found, key=found.get))


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by exactly one substituted, inserted or deleted character."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


MIN_FUZZY = 4  # names shorter than this are not corrected: one character changes too much of them


def fuzzy_rules(norm: str, catalogue: Catalogue) -> tuple[tuple[str, str, str], ...]:
    """(rule id, the words as typed, the catalogue's name) for names typed with one character wrong
    (研发投如强度 → 研发投入强度); only when no name is written correctly, and only when one name fits."""
    hits: dict[str, tuple[str, str]] = {}
    for phrase, rule_id in rule_aliases(catalogue):
        n = len(phrase)
        if n < MIN_FUZZY:
            continue
        for size in (n, n + 1, n - 1):  # a substituted character first: the typed words as long as the name
            for i in range(0, max(0, len(norm) - size) + 1):
                typed = norm[i:i + size]
                if _one_edit(typed, phrase) and typed[0] == phrase[0]:
                    hits.setdefault(rule_id, (typed, phrase))
    if len(hits) != 1:
        return ()
    ((rule_id, (typed, phrase)),) = hits.items()
    return ((rule_id, typed, phrase),)


_YEAR = re.compile(r"(20[0-4]\d)\s*年?")
_PROVINCIAL = re.compile(r"河南|省级文件|省级政策|省里|省厅|地方文件|地方政策|省级的?规定")
_DRAFT = re.compile(r"征求意见稿|管理办法|新版办法|2023")
_EMERGING = re.compile(r"新兴产业|创建活动|2025")


def find_docs(norm: str, docs: list[DocumentMeta]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Editions named by year, 征求意见稿, 新兴产业, or province."""
    years = tuple(dict.fromkeys(int(y) for y in _YEAR.findall(norm)))
    found: list[str] = []
    provincial = bool(_PROVINCIAL.search(norm))
    for y in years:
        same = [d for d in docs if d.year == y]
        national = [d for d in same if "省" not in d.issuer]
        pick = same if provincial or not national else national
        found += [d.id for d in pick if not provincial or "省" in d.issuer or len(pick) == 1]
    if _DRAFT.search(norm) and "2023" not in norm:
        found += [d.id for d in docs if d.status == "draft"]
    if _EMERGING.search(norm) and "2025" not in norm:
        found += [d.id for d in docs if "新兴产业" in d.title]
    if provincial and not years:
        found += [d.id for d in docs if "省" in d.issuer]
    return tuple(dict.fromkeys(found)), years


_SUFFIX = re.compile(r"(?:国家级)?(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|工业园区|产业园区|"
                     r"产业园|开发区|园区|示范基地|基地|新区|工业区)$")


def applicant_keys(name: str) -> list[str]:
    """The full name and its distinctive core (汉江经济技术开发区 → 汉江)."""
    norm = match_form(name)
    core = _SUFFIX.sub("", norm)
    return [k for k in dict.fromkeys([norm, core]) if len(k) >= 2]


def find_applicants(norm: str, applicants: dict[int, str]) -> tuple[int, ...]:
    found = []
    for app_id, name in applicants.items():
        if any(k in norm for k in applicant_keys(name)):
            found.append(app_id)
    for m in re.finditer(r"(?:#|编号|第)\s*(\d{1,6})\s*(?:号)?(?:申报|园区)?", norm):
        app_id = int(m.group(1))
        if app_id in applicants and app_id not in found and not re.match(r"\d+\s*(?:条|年|页|项)", norm[m.start(1):]):
            found.append(app_id)
    return tuple(found)


def question_kind(norm: str, has_applicant: bool, rules: tuple[str, ...]) -> Optional[Kind]:
    cues = load_phrases()["kinds"]
    if re.search(cues["compare"], norm):
        return "compare"
    if re.search(cues["ranking"], norm) and (rules or re.search(cues["meets"], norm)
                                             or re.search(cues["ranking_order"], norm)):
        return "ranking"  # 哪些园区…不达标: across the workspace; 复核的对象是哪些基地 is a question about policy
    if re.search(cues["conditions"], norm):
        return "conditions"
    policy = bool(re.search(cues["policy"], norm))
    if re.search(cues["meets"], norm) and (has_applicant or not policy):
        return "meets"
    if re.search(cues["value"], norm) and has_applicant:
        return "value"
    if policy or re.search(cues["value"], norm):
        return "policy"
    return None


def question_to_intent(question: str, catalogue: Catalogue, docs: list[DocumentMeta],
                       applicants: Optional[dict[int, str]] = None, previous: Optional[Intent] = None,
                       has_context_applicant: bool = False) -> Intent:
    """Parse one question; ``previous`` lets 那2023年呢？/ 这个园区呢？ inherit what they leave out."""
    phrases = load_phrases()
    norm = match_form(question).strip()
    rules = find_rules(norm, catalogue)
    corrected: tuple[tuple[str, str], ...] = ()
    if not rules:
        fuzzy = fuzzy_rules(norm, catalogue)
        rules = tuple(rule_id for rule_id, _, _ in fuzzy)
        corrected = tuple((typed, phrase) for _, typed, phrase in fuzzy)
    named_docs, years = find_docs(norm, docs)
    apps = find_applicants(norm, applicants or {})
    this_app = bool(re.search(phrases["this_applicant"], norm))
    has_app = bool(apps) or this_app or has_context_applicant
    kind = question_kind(norm, has_app, rules)
    resolvable = bool(rules or years or named_docs or apps or this_app)
    followup = previous is not None and resolvable and (bool(re.search(phrases["followup"], norm)) or kind is None)
    special = "特殊类型地区" in norm or "革命老区" in norm or "民族地区" in norm or "边疆" in norm
    if followup and previous is not None:
        rules = rules or previous.rules
        if not apps and not this_app:
            apps = previous.applicants
            this_app = previous.this_applicant
        if kind is None:
            kind = previous.kind
        if not named_docs and not years:
            named_docs, years = previous.docs, previous.years
        special = special or previous.special_region
    if kind is None and rules:
        kind = "meets" if has_app else "policy"
    topic = _topic(norm) if kind in ("compare", "policy") else None
    if followup and previous is not None and not topic:
        topic = previous.topic
    if kind is None and not has_app and not followup and norm:
        kind = "policy"  # no applicant, no comparison: a question about the policy, answered from the corpus
        topic = _topic(norm)
    if kind is None:
        kind = "unclear"
    return Intent(question=question, kind=kind, rules=rules, applicants=apps, this_applicant=this_app, docs=named_docs,
                  years=years, topic=topic, followup=followup, special_region=special, corrected=corrected)


_TOPIC_NOISE = re.compile(
    r"20\d\d年?(?:版|的)?|征求意见稿|(?:和|与|跟|同)(?=.{0,12}(?:相比|比较|对比))|相比|比较|对比|有(?:什么|哪些)?(?:变化|区别|不同|差异)|"
    r"变化|区别|不同|差异|新增了?|删除了?|各版本|历次|版本之间|的?规定|的?要求|是多少|多少|是什么|什么|有哪些|哪些|"
    r"吗|呢|么|了|的|请问|[?？。!！,，、\s]")


def _topic(norm: str) -> Optional[str]:
    t = _TOPIC_NOISE.sub("", norm)
    return t or None
