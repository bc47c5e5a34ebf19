"""Comparing policy editions on a topic: provisions per edition, their figures, change lines, redline.

Pure functions over the parsed corpus (plus a ranking function for retrieval, passed in). A
topic an edition does not address is listed as absent, never filled from another edition.
"""
from __future__ import annotations

import difflib
import json
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Callable, Literal, Optional

from pydantic import BaseModel, ConfigDict

from extraction.models import value_to_json
from extraction.normalize import match_form
from extraction.numbers import format_decimal

from .corpus import MAIN_PROGRAMME
from .models import Clause, DocumentMeta

FigureKind = Literal["threshold", "target", "count", "period", "figure"]
KIND_NAMES = {"threshold": "申报条件", "target": "目标", "count": "数量", "period": "周期", "figure": "数值"}


class Figure(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: Decimal
    unit: str
    kind: FigureKind
    op: str = ""  # ≥ ≤ 以上 …
    subject: str = ""  # the words naming what the figure is about
    qualifier: str = ""  # 特殊类型地区, 大型以上 …
    target_year: Optional[int] = None


class Provision(BaseModel):
    model_config = ConfigDict(frozen=True)

    doc: str
    year: Optional[int]
    ref: str
    text: str
    figures: tuple[Figure, ...]
    damaged: bool = False


class Comparison(BaseModel):
    model_config = ConfigDict(frozen=True)

    topic: str
    provisions: tuple[Provision, ...]
    absent: tuple[str, ...]  # doc ids that do not address the topic
    changes: tuple[str, ...]
    redlines: tuple[dict, ...] = ()


class Topic(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    terms: tuple[str, ...]
    query: str
    all_terms: bool = False  # a free-text topic: a provision must hold every one of its words
    measure: bool = False  # a quantity (销售收入): a provision is about it when its figures measure it


@lru_cache(maxsize=1)
def _topics() -> dict:
    return json.loads((Path(__file__).parent / "data" / "topics.json").read_text(encoding="utf-8"))["topics"]


_TOPIC_FILLER = re.compile(r"20\d\d年?|的|规定|要求|标准|变化|相比|比较|对比|各版本|政策|方面|情况|[?？。!！,，、\s]")


def resolve_topic(text: str) -> Topic:
    """The named topic whose alias the text contains (longest alias wins) when the alias explains the text:
    what is left besides it and filler words must be empty or another of the topic's words (土地出让金 is not
    单位土地产出 because 出让金 is left). Otherwise the text itself, whose every word a provision must hold."""
    norm = match_form(text)
    best: Optional[tuple[int, str, str]] = None
    for name, t in _topics().items():
        for alias in t["aliases"]:
            a = match_form(alias)
            if a in norm and (best is None or len(a) > best[0]):
                best = (len(a), name, a)
    if best:
        t = _topics()[best[1]]
        rest = _TOPIC_FILLER.sub("", norm.replace(best[2], "", 1))
        own = [match_form(x) for x in list(t["aliases"]) + list(t["terms"])]
        if not rest or any(rest in w or w in rest for w in own if len(w) >= 2):
            return Topic(name=best[1], terms=tuple(match_form(x) for x in t["terms"]), query=t["query"],
                         measure=bool(t.get("measure")))
    import jieba

    words = tuple(w for w in jieba.lcut(_TOPIC_FILLER.sub("", norm) or norm) if len(w) >= 2)
    return Topic(name=text.strip(), terms=words or (norm,), query=text, all_terms=True)


_UNITS = "万元/公顷|万元/亩|亿元|万元|元|%|家|件|个月|个百分点|个|年|天|分|标准机架|公顷|亩|项"
_FIG = re.compile(rf"(≥|≤|>|<|不低于|不少于|不超过|超过|达到|高于)?\s*(\d+(?:\.\d+)?)\s*({_UNITS})(以上|以下|及以上)?")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CN_PERIOD = re.compile(r"每([一二两三四五六七八九十]?)(年|个月)")


def text_to_figures(text: str) -> tuple[Figure, ...]:
    """Figures written in a provision, each with a kind from its context."""
    norm = match_form(text)
    out: list[Figure] = []
    for m in _FIG.finditer(norm):
        value, unit = Decimal(m.group(2)), m.group(3)
        start = max(norm.rfind(sep, 0, m.start()) for sep in "。；;，,：:（(") + 1
        before = norm[start:m.start()]
        sentence_start = max(norm.rfind(sep, 0, m.start()) for sep in "。；;") + 1
        sentence = norm[sentence_start:m.start()]
        if unit == "年" and (re.search(r"20\d\d$|19\d\d$", norm[:m.end() - 1]) or value >= 1900):
            continue  # a date, not a figure
        if unit in ("分",) and re.search(r"第$", before):
            continue
        op = (m.group(1) or "") + (m.group(4) or "")
        if not op and norm[max(0, m.start() - 1):m.start()] == "每":
            op = "每"  # 每3年 is a period, written like 每三年
        target = re.search(r"到\s*(20\d\d)\s*年", sentence) or re.search(r"力争|目标|预期", sentence)
        qualifier = "特殊类型地区" if "特殊类型地区" in norm[max(0, m.start() - 12):m.start()] else ""
        if unit in ("年", "个月", "天") and re.search(r"每|一次|周期|期|满|内",
                                                  norm[max(0, m.start() - 8):m.end() + 4]):
            kind: FigureKind = "period"
        elif target:
            kind = "target"
        elif op:
            kind = "threshold"
        elif unit in ("家", "件", "个", "项"):
            kind = "count"
        else:
            kind = "figure"
        year = None
        if target is not None and target.lastindex:
            year = int(target.group(1))
        subject = re.sub(r"^(?:力争)?(?:到\s*20\d\d\s*年)?[，,]?\s*(?:示范基地)?", "", before).strip(" ≥≤")
        if kind == "period":
            subject = _after(norm, m.end())
        out.append(Figure(value=value, unit=unit, kind=kind, op=op, subject=subject[-24:], qualifier=qualifier,
                          target_year=year))
    for m in _CN_PERIOD.finditer(norm):
        out.append(Figure(value=Decimal(_CN_DIGITS.get(m.group(1), 1)), unit=m.group(2), kind="period", op="每",
                          subject=_after(norm, m.end())))
    return tuple(out)


def _after(norm: str, pos: int) -> str:
    """The words after a period figure, up to the next punctuation (每3年 → 组织开展一次复核工作)."""
    return re.split(r"[，。；,;：:（(]", norm[pos:pos + 30])[0]


def _relevant(figures: tuple[Figure, ...], topic: Topic) -> tuple[Figure, ...]:
    """The figures about the topic (their subject names a topic term); none when no figure does."""
    hit = tuple(f for f in figures if any(t in f.subject for t in topic.terms))
    special = tuple(f for f in figures if f.qualifier and any(h.unit == f.unit and h.kind == f.kind for h in hit))
    return tuple(dict.fromkeys(hit + special))


def snippet(text: str, topic: Topic, width: int = 36) -> str:
    norm = match_form(text)
    pos = min((norm.find(t) for t in topic.terms if t in norm), default=0)
    start = max(norm.rfind(sep, 0, pos) for sep in "。；;，,") + 1 if pos else 0
    piece = norm[start:start + width]
    return piece + ("…" if len(norm) > start + width else "")


_SUBJECT_LEAD = re.compile(r"^(?:[“\"]?十[一二三四五]五[”\"]?(?:期间|末)?|到?\s*20\d\d\s*年(?:底|末)?|"
                           r"力争|示范基地|全部|各)+")


def about_topic(c: Clause, topic: Topic) -> Optional[bool]:
    """Whether the clause's figures measure the topic: True when a figure's subject ends with a topic term
    (产业集聚区销售收入 ≥300亿元) or opens with it as the numerator of a share (研发投入占销售收入比重); False
    when it has figures and none does (每亿元主营业务收入高价值发明专利数量 ≥2.5件 names 主营业务收入 in
    passing); None when it has no figures but periods (a qualitative provision: the ranking decides)."""
    figures = [f for f in text_to_figures(c.text) if f.kind != "period"]
    if not figures:
        return None
    for f in figures:
        subject = _SUBJECT_LEAD.sub("", match_form(f.subject))
        if any(subject.endswith(t) or subject.startswith(t) for t in topic.terms):
            return True
    return False


def opens_on_topic(c: Clause, topic: Topic) -> bool:
    """The clause opens on the topic: a long term of it within its first words (第八条 申报对象须符合…申报条件)."""
    body = re.sub(r"^(?:第[一二三四五六七八九十百]+条|[一二三四五六七八九十]+、|"
                  r"[（(][一二三四五六七八九十]+[)）])\s*", "", c.norm)
    return any(len(t) >= 3 and t in body[:20] for t in topic.terms + (match_form(topic.name),))


def doc_provision(clauses: list[Clause], topic: Topic,
                  rank: Optional[Callable[[str, str], list[str]]] = None) -> Optional[Clause]:
    """The clause of one edition that speaks to the topic: it must contain a topic term (every term of a
    free-text topic). A clause whose figures measure the topic beats the rest; an edition whose only
    candidates have figures about something else does not address it; then a clause opening on the topic,
    the retrieval ranking (refs, best first), and the most specific (shortest) clause decide."""
    parents = {c.parent for c in clauses if c.parent}
    has = all if topic.all_terms else any
    candidates = [c for c in clauses if c.kind not in ("chapter", "group", "domain")
                  and has(t in c.norm for t in topic.terms)
                  # a bare heading (八、成效评估和退出机制) is not a provision
                  and not (c.ref in parents and len(c.norm) < 20)]
    if not candidates:
        return None
    about = {c.ref: about_topic(c, topic) if topic.measure else None for c in candidates}
    if any(v is True for v in about.values()):
        candidates = [c for c in candidates if about[c.ref] is True]
    elif all(v is False for v in about.values()):
        return None  # only figures about something else name it (研发投入占销售收入比重 for 销售收入)
    else:
        candidates = [c for c in candidates if about[c.ref] is None]
    ranked = rank(topic.query, clauses[0].doc) if rank else []
    order = {ref: i for i, ref in enumerate(ranked)}

    def key(c: Clause) -> tuple:
        terms = sum(c.norm.count(t) for t in topic.terms)
        figs = bool(text_to_figures(c.text))
        return (order.get(c.ref, len(order)), -opens_on_topic(c, topic), -figs, -terms, len(c.text))

    return sorted(candidates, key=key)[0]


def describe(p: Provision, topic: Topic) -> str:
    figs = _relevant(p.figures, topic)
    if not figs:
        return f"“{snippet(p.text, topic)}”（{p.ref}）"
    parts = []
    main = [f for f in figs if not f.qualifier]
    for f in main or figs:
        v = f"{format_decimal(f.value)}{f.unit}"
        if f.kind == "target":
            year = f"到{f.target_year}年" if f.target_year else ""
            parts.append(f"{year}{f.subject}{v}{'以上' if '以上' in f.op else ''}的目标")
        elif f.kind == "threshold":
            op = f.op.replace("以上", "").replace("及", "") or "≥"
            special = next((q for q in figs if q.qualifier and q.unit == f.unit), None)
            extra = f"（{special.qualifier}{op}{format_decimal(special.value)}）" if special else ""
            parts.append(f"{KIND_NAMES['threshold']}{op}{v}{extra}")
        elif f.kind == "period":
            every = "每年" if f.value == 1 and f.unit == "年" else f"每{v}"
            parts.append(f"{every}{f.subject}" if f.op == "每" else f"{v}{f.subject}")
        else:
            parts.append(f"{f.subject}{v}")
    return "，".join(dict.fromkeys(parts)) + f"（{p.ref}）"


def edition_label(meta: DocumentMeta) -> str:
    year = f"{meta.year}年" if meta.year else ""
    if meta.status == "draft":
        return f"{year}征求意见稿"
    if "省" in meta.issuer:
        return f"{year}{meta.issuer[:2]}省级文件"
    return f"{year}{meta.number or meta.title}"


def redline(a: str, b: str) -> list[tuple[str, str]]:
    """Character-level diff of two aligned texts: ("equal" | "delete" | "insert", text)."""
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("equal", a[i1:i2]))
        else:
            if i2 > i1:
                ops.append(("delete", a[i1:i2]))
            if j2 > j1:
                ops.append(("insert", b[j1:j2]))
    return ops


def compare_editions(topic_text: str, docs: list[DocumentMeta], clauses_of: Callable[[str], list[Clause]],
                     rank: Optional[Callable[[str, str], list[str]]] = None) -> Comparison:
    topic = resolve_topic(topic_text)
    metas = sorted(docs, key=lambda d: (d.year or 9999, "省" in d.issuer, d.id))
    provisions: list[Provision] = []
    absent: list[str] = []
    present: list[tuple[DocumentMeta, Provision]] = []
    for meta in metas:
        c = doc_provision(clauses_of(meta.id), topic, rank)
        if c is None:
            absent.append(meta.id)
            continue
        p = Provision(doc=meta.id, year=meta.year, ref=c.ref, text=c.text, figures=text_to_figures(c.text),
                      damaged=c.damaged)
        provisions.append(p)
        present.append((meta, p))
    changes: list[str] = []
    redlines: list[dict] = []
    # the national editions of one programme form the timeline; a provincial text, or one of another programme
    # (新兴产业发展示范基地 beside 新型工业化产业示范基地), is set beside it, not inside it
    provincial = [(m, p) for m, p in present if "省" in m.issuer or m.level in ("provincial", "local")]
    present = [(m, p) for m, p in present if (m, p) not in provincial]
    main = MAIN_PROGRAMME if any(m.programme in (MAIN_PROGRAMME, "") for m, _ in present) else None
    other = [(m, p) for m, p in present if main is not None and m.programme not in (main, "")]
    present = [(m, p) for m, p in present if (m, p) not in other]
    for (ma, a), (mb, b) in zip(present, present[1:]):
        fa = {(f.value, f.unit, f.kind) for f in _relevant(a.figures, topic)}
        fb = {(f.value, f.unit, f.kind) for f in _relevant(b.figures, topic)}
        if fa != fb or not (fa or fb):
            changes.append(f"{topic.name}：{edition_label(ma)}为{describe(a, topic)} → "
                           f"{edition_label(mb)}为{describe(b, topic)}")
        else:
            changes.append(f"{topic.name}：{edition_label(mb)}数值与{edition_label(ma)}相同（{describe(b, topic)}），"
                           "表述有调整"
                           if a.text != b.text else f"{topic.name}：{edition_label(mb)}与{edition_label(ma)}相同")
        redlines.append({"from": a.doc, "to": b.doc, "ops": redline(a.text, b.text)})
    if len(present) == 1:
        meta, p = present[0]
        changes.append(f"{topic.name}：只有{edition_label(meta)}有规定，为{describe(p, topic)}")
    for meta, p in provincial:
        changes.append(f"{topic.name}：{edition_label(meta)}（地方文件，不在国家版本序列中）为{describe(p, topic)}")
    for meta, p in other:
        changes.append(f"{topic.name}：{edition_label(meta)}（属{meta.programme}，与{main}不是同一项目，"
                       f"不在其版本序列中）为{describe(p, topic)}")
    for doc_id in absent:
        meta = next(m for m in metas if m.id == doc_id)
        changes.append(f"{topic.name}：{edition_label(meta)}（{doc_id}）未涉及")
    return Comparison(topic=topic.name, provisions=tuple(provisions), absent=tuple(absent), changes=tuple(changes),
                      redlines=tuple(redlines))


def comparison_to_json(c: Comparison) -> dict:
    return {
        "topic": c.topic,
        "provisions": [{"doc": p.doc, "year": p.year, "ref": p.ref, "text": p.text, "damaged": p.damaged,
                        "figures": [{"value": value_to_json(f.value),
                                     "unit": f.unit, "kind": f.kind, "op": f.op, "subject": f.subject,
                                     "qualifier": f.qualifier} for f in p.figures]} for p in c.provisions],
        "absent": list(c.absent),
        "changes": list(c.changes),
        "redlines": [{"from": r["from"], "to": r["to"], "ops": [list(op) for op in r["ops"]]} for r in c.redlines],
    }
