"""Composing answers from facts: check results, records and cited clauses. Pure functions.

Every figure and verdict in an answer comes from a :class:`CheckResult` handed in; every statement
about policy from a clause handed in, quoted with its 文号 and ref. Damaged clause text is never
quoted as if clean. What the corpus lacks is said plainly.
"""
from __future__ import annotations

import re
from typing import Optional

from pydantic import BaseModel, ConfigDict

from extraction.normalize import match_form
from knowledge.catalogue import Catalogue
from knowledge.corpus import MAIN_PROGRAMME, programme_of
from knowledge.editions import Comparison, edition_label
from knowledge.models import ClauseRef, DocumentMeta, SearchHit

from .checks import STATUS_NAMES, CheckReport, CheckResult, result_to_json, status_counts, value_text
from .questions import Intent


class Citation(BaseModel):
    model_config = ConfigDict(frozen=True)

    doc: str
    ref: str
    text: str
    damaged: bool = False


class ApplicantChecks(BaseModel):
    """One applicant's (effective) check report, as the answer sees it."""

    model_config = ConfigDict(frozen=True)

    application_id: Optional[int] = None
    file: str
    applicant: Optional[str]
    report: CheckReport

    @property
    def label(self) -> str:
        return self.applicant or self.file

    def answered(self, result: CheckResult) -> "AnsweredCheck":
        return AnsweredCheck(applicant=self.applicant, file=self.file, application_id=self.application_id,
                             result=result)


class AnsweredCheck(BaseModel):
    model_config = ConfigDict(frozen=True)

    applicant: Optional[str]
    file: str
    application_id: Optional[int] = None
    result: CheckResult


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True)

    question: str
    answer: str
    kind: str
    checks: tuple[AnsweredCheck, ...] = ()
    citations: tuple[Citation, ...] = ()
    llm: Optional[str] = None
    verified: bool = True
    note: Optional[str] = None
    intent: Optional[Intent] = None


def answer_to_json(a: Answer) -> dict:
    return {"question": a.question, "answer": a.answer,
            "checks": [{**result_to_json(c.result), "applicant": c.applicant, "file": c.file,
                        "application_id": c.application_id} for c in a.checks],
            "citations": [{"doc": c.doc, "ref": c.ref, "text": c.text, "damaged": c.damaged} for c in a.citations],
            "llm": a.llm, "verified": a.verified, "kind": a.kind, "note": a.note,
            "intent": a.intent.model_dump(mode="json") if a.intent else None}


# --- pieces ---------------------------------------------------------------------------

def source_name(meta: Optional[DocumentMeta]) -> str:
    if meta is None:
        return ""
    if meta.number:
        return f"《{meta.title}》（{meta.number}）"
    return f"《{meta.title}》"


def quote(c: Citation, docs: dict[str, DocumentMeta], limit: int = 160) -> str:
    where = f"{source_name(docs.get(c.doc))}{c.ref}"
    if c.damaged:
        return f"{where}（该条原文有乱码或异常字符，不直接引用，请核对原件）"
    text = " ".join(c.text.split())
    return f"{where}：“{text[:limit]}{'…' if len(text) > limit else ''}”"


def cite(clause: ClauseRef) -> Citation:
    return Citation(doc=clause.doc, ref=clause.ref, text=clause.text)


def evidence_text(r: CheckResult, limit: int = 60) -> str:
    if not r.evidence:
        return ""
    e = r.evidence[0]
    text = " ".join(e.text.split())
    return f"第{e.page}页：“{text[:limit]}{'…' if len(text) > limit else ''}”"


def result_line(app: ApplicantChecks, r: CheckResult) -> str:
    """One verdict, one status per sentence: the effective status leads; after a reviewer's override the
    engine's own finding follows in brackets, apart from the reviewer's (系统判定…；专家复核调整为…)."""
    line = f"{app.label}·{r.name}：{STATUS_NAMES[r.status]}"
    o = r.override
    if o is None:
        if r.value is not None:
            line += f"（{value_text(r.value, r.unit)}"
            line += f"，{evidence_text(r)}）" if r.evidence else "）"
        elif r.evidence:
            line += f"（{evidence_text(r)}）"
        return line + f"。{r.explanation}"
    line += f"（{value_text(o.new_value, r.unit)}，专家复核）。" if o.new_value is not None else "（专家复核）。"
    engine = [f"系统判定：{STATUS_NAMES[r.engine_status or o.old_status]}"]
    if r.engine_value is not None:
        engine.append(value_text(r.engine_value, r.unit))
    if r.threshold:
        engine.append(f"申报条件{r.threshold}")
    if r.evidence:
        engine.append(evidence_text(r))
    return line + (f"（{'，'.join(engine)}；专家复核调整为{STATUS_NAMES[r.status]}：{o.reason}，{o.reviewer}，"
                   f"{o.at:%Y-%m-%d %H:%M}）")


def _dedupe(citations: list[Citation]) -> tuple[Citation, ...]:
    return tuple({(c.doc, c.ref): c for c in citations}.values())


def _with_basis(text: str, cites: list[Citation], docs: dict[str, DocumentMeta]) -> tuple[str, tuple[Citation, ...]]:
    """The answer followed by the clauses it rests on, each quoted once."""
    cit = _dedupe(cites)
    if cit:
        text += "\n依据：" + "；".join(quote(c, docs) for c in cit)
    return text, cit


# --- per question kind ---------------------------------------------------------------------

def compose_checks(intent: Intent, apps: list[ApplicantChecks], docs: dict[str, DocumentMeta]) -> Answer:
    """达标吗 / 是多少: the named rules for each applicant, conclusion first, figures with pages, clauses."""
    lines, checks, cites = [], [], []
    for app in apps:
        for rule in intent.rules:
            r = app.report.result(rule)
            if r is None:
                lines.append(f"{app.label}：核查结果中没有“{rule}”（该特色指标不属于此申报的领域）。")
                continue
            checks.append(app.answered(r))
            cites.append(cite(r.clause))
            lines.append(result_line(app, r))
    basis = {app.report.special_region_basis for app in apps}
    text, cit = _with_basis("\n".join(lines), cites, docs)
    if checks and len(basis) == 1:
        text += f"\n适用标准：{basis.pop()}。"
    return Answer(question=intent.question, answer=text, kind=intent.kind, checks=tuple(checks), citations=cit,
                  intent=intent)


def compose_conditions(intent: Intent, apps: list[ApplicantChecks], docs: dict[str, DocumentMeta]) -> Answer:
    """满足哪些 / 还差什么: counts, then the rules by status, with figures and clauses of the failures."""
    gaps_only = bool(re.search(r"还差|差什么|差哪些|缺什么|不满足|不符合|未达标|不达标|问题",
                               match_form(intent.question)))
    lines, checks, cites = [], [], []
    for app in apps:
        results = app.report.results
        counts = {s: [r for r in results if r.status == s] for s in STATUS_NAMES}
        lines.append(f"{app.label}：共{len(results)}项，"
                     + "，".join(f"{STATUS_NAMES[s]}{len(v)}项" for s, v in counts.items())
                     + f"（{app.report.special_region_basis}）。")
        order = ("not_met", "missing", "needs_review") if gaps_only else ("not_met", "met", "needs_review", "missing")
        for s in order:
            if not counts[s]:
                continue
            if s in ("not_met",):
                lines.append(f"{STATUS_NAMES[s]}：")
                for r in counts[s]:
                    lines.append("  - " + result_line(app, r))
                    cites.append(cite(r.clause))
            else:
                lines.append(f"{STATUS_NAMES[s]}：" + "、".join(
                    f"{r.name}" + (f"（{value_text(r.value, r.unit)}）" if r.value is not None and s == "met" else "")
                    for r in counts[s]))
            checks += [app.answered(r) for r in counts[s]]
    if not gaps_only:
        lines.append("“需人工复核”为需专家判断的定性或“行业前列”类指标，“未提供”为申报书中没有可用数据。")
    text, cit = _with_basis("\n".join(lines), cites, docs)
    return Answer(question=intent.question, answer=text, kind=intent.kind, checks=tuple(checks), citations=cit,
                  intent=intent)


def _cell(r: CheckResult) -> str:
    page = f"，第{r.evidence[0].page}页" if r.evidence and r.override is None else ""
    reviewed = "，专家复核" if r.override is not None else ""
    return f"{value_text(r.value, r.unit)}{page}{reviewed}"


def compose_ranking(intent: Intent, apps: list[ApplicantChecks], docs: dict[str, DocumentMeta]) -> Answer:
    """哪些园区…不达标 / 排序: every applicant of the workspace on the named rules."""
    norm = match_form(intent.question)
    want = None
    if re.search(r"不达标|未达标|不满足|不符合|没达标", norm):
        want = "not_met"
    elif re.search(r"达标|满足|符合", norm):
        want = "met"
    elif re.search(r"需复核|需要复核|人工复核", norm):
        want = "needs_review"
    elif re.search(r"没有提供|未提供|缺", norm):
        want = "missing"
    lines, checks, cites = [], [], []
    for rule in intent.rules:
        rows = [(app, app.report.result(rule)) for app in apps]
        rows = [(a, r) for a, r in rows if r is not None]
        if not rows:
            continue
        cites.append(cite(rows[0][1].clause))
        numeric = [(a, r) for a, r in rows if isinstance(r.value, (int, float))]
        if want:  # the count states its base: 6份申报中4份未达标：…；2份达标：…
            name = rows[0][1].name
            groups = [(want, [(a, r) for a, r in rows if r.status == want])]
            groups += [(s, [(a, r) for a, r in rows if r.status == s]) for s in STATUS_NAMES if s != want]
            parts = [f"{len(g)}份{STATUS_NAMES[s]}：" + "、".join(f"{a.label}（{_cell(r)}）" for a, r in g)
                     for s, g in groups if g]
            head = f"{name}：{len(rows)}份申报中" + ("" if groups[0][1] else f"没有{STATUS_NAMES[want]}的；")
            lines.append(head + "；".join(parts) + "。")
            chosen = [ar for _, g in groups for ar in g]
        else:
            ordered = sorted(numeric, key=lambda ar: -ar[1].value) + [ar for ar in rows if ar not in numeric]
            lines.append(f"{rows[0][1].name}（由高到低）：" + "；".join(
                f"{i}. {a.label} {_cell(r)}，{STATUS_NAMES[r.status]}" for i, (a, r) in enumerate(ordered, 1)))
            chosen = ordered
        checks += [a.answered(r) for a, r in chosen]
    text, cit = _with_basis("\n".join(lines) or "工作区中没有可比较的核查结果。", cites, docs)
    return Answer(question=intent.question, answer=text, kind=intent.kind, checks=tuple(checks), citations=cit,
                  intent=intent)


def compose_rule_policy(intent: Intent, catalogue: Catalogue, docs: dict[str, DocumentMeta]) -> Answer:
    """要求是什么 for named rules: the condition as the catalogue parsed it, with its clause."""
    lines, cites = [], []
    for rule_id in intent.rules:
        if rule_id == catalogue.eligibility.id:
            c = catalogue.eligibility.clause
            lines.append(f"申报资格（{c.ref}）：{' '.join(c.text.split())}")
            cites.append(cite(c))
            continue
        r = catalogue.rule(rule_id)
        th = "；".join(t.text for t in r.thresholds)
        kind = {"threshold": "定量，按数值判定", "series_above": "定量，逐年比较",
                "judgement": "定量，需专家对照同行业判断", "qualitative": "定性，需专家判断"}[r.kind]
        lines.append(f"{r.name}的申报条件：{r.condition}（{r.group}，{kind}）"
                     + (f"。门槛：{th}" if th and th not in r.condition else "") + "。")
        cites.append(cite(r.clause))
    text, cit = _with_basis("\n".join(lines), cites, docs)
    return Answer(question=intent.question, answer=text, kind="policy", citations=cit, intent=intent)


def corpus_gaps(intent: Intent, docs: dict[str, DocumentMeta]) -> list[str]:
    """What the corpus says it lacks, for the editions and years the question names."""
    notes = []
    for y in intent.years:
        if not any(d.year == y for d in docs.values()):
            # only what the registry's notes say about that year
            # (拟废止《…办法》（工信部规〔2017〕1号），该2017年办法不在语料中)
            said = [part for d in docs.values() for part in re.split(r"[；;]", d.note) if str(y) in part]
            notes.append(f"语料中没有{y}年的文件" + (f"：{said[0]}" if said else "") + "。")
    norm = match_form(intent.question)
    for doc_id in intent.docs:
        d = docs.get(doc_id)
        if d and "不在语料中" in d.note:
            missing = [part for part in re.split(r"[；;]", d.note) if "不在语料中" in part]
            subject = re.sub(r"[其的]|不在语料中|附1|附2|、", "", missing[0]) if missing else ""
            asks = any(w in norm for w in ("指标", "考评", "评分", "附1", "附2", "附件", "其余", "后面",
                                           subject[:2] or "\u0000"))
            if asks or intent.rules:  # an indicator asked of a document whose indicator tables are missing
                notes.append(f"{edition_label(d)}：{'；'.join(missing)}。")
    return notes


_GENERIC = {"示范基地", "基地", "国家", "工业", "产业", "园区", "政策", "文件", "规定", "要求", "新型工业化", "示范",
            "哪些", "什么", "怎么", "多久",
            "通知", "办法", "意见", "指导意见", "征求意见稿", "管理办法",  # words naming a document, not what it says
            "怎么样", "怎样", "如何", "情况", "介绍", "一下", "说说"}  # words asking, not naming anything


def content_words(text: str) -> list[str]:
    import jieba

    return [w for w in jieba.lcut(match_form(text)) if len(w) >= 2 and w not in _GENERIC]


def relevant_hits(question: str, hits: list[SearchHit]) -> list[SearchHit]:
    """Hits that share a content word with the question: retrieval alone always returns something."""
    words = content_words(question)
    return [h for h in hits if any(w in match_form(h.text) for w in words)]


def key_sentence(question: str, cites: list[Citation]) -> Optional[tuple[Citation, str]]:
    """The sentence of the retrieved clauses that best answers: most question words, a figure if any."""
    words = content_words(question)
    best, best_score = None, 0.0
    for rank, c in enumerate(cites):
        for sent in re.split(r"(?<=[。；;])", " ".join(c.text.split())):
            norm = match_form(sent)
            score = (sum(1 for w in words if w in norm) + 0.5 * bool(re.search(r"\d|[一二两三四五六七八九十]+年", norm))
                     - 0.01 * rank)
            if score > best_score and len(sent.strip()) > 4:
                best, best_score = (c, sent.strip()), score
    return best if best_score >= 1 else None


_LOCAL_CUE = re.compile(r"河南|省级|省里|省厅|本省|地方|市级|市里|本市|区县")
MAX_QUOTED = 4


def asked_programme(question: str) -> str:
    """The programme a question names; else the national 新型工业化 programme."""
    return programme_of(match_form(question)) or MAIN_PROGRAMME


def doc_rank(meta: Optional[DocumentMeta], programme: str, local: bool,
             named: tuple[str, ...]) -> tuple[int, int, int, int]:
    """Which document speaks first: one the question names; then national before provincial, local and
    unstated (unless the question asks about the local level); the asked programme before the other; the
    newest edition first."""
    if meta is None:
        return (1, 9, 1, 0)
    level = {"national": 0, "provincial": 1, "local": 2}.get(meta.level, 3)
    if local and level in (1, 2):
        level = 0
    return (0 if meta.id in named else 1, level, 0 if meta.programme == programme else 1, -(meta.year or 0))


def provenance(meta: Optional[DocumentMeta], programme: str) -> str:
    """What a reader must know about a quoted document beside its title: another programme, its level."""
    if meta is None:
        return ""
    notes = []
    if meta.programme and meta.programme != programme:
        notes.append(f"属{meta.programme}，与{programme}不是同一项目")
    if meta.level in ("provincial", "local"):
        notes.append("省级文件" if meta.level == "provincial" else "市县级文件")
    elif not meta.level and not meta.builtin:
        notes.append("用户添加的文件，层级未注明")
    return f"（{'；'.join(notes)}）" if notes else ""


def compose_search_policy(intent: Intent, hits: list[SearchHit], docs: dict[str, DocumentMeta],
                          match_text: Optional[str] = None) -> Answer:
    """A policy question from retrieved clauses: the 要点 from the document that should speak first (the
    programme asked, national, newest), one line per other document that answers it, the clauses quoted.
    ``match_text`` is the question with the policy's own words added (the index's synonyms)."""
    gaps = corpus_gaps(intent, docs)
    raw = list(hits)
    words_of = match_text or intent.topic or intent.question
    programme = asked_programme(intent.question)
    local = bool(_LOCAL_CUE.search(match_form(intent.question)))
    hits = relevant_hits(words_of, hits)
    ranked = sorted(enumerate(hits),
                    key=lambda ih: (doc_rank(docs.get(ih[1].doc), programme, local, intent.docs), ih[0]))
    cites = _dedupe([Citation(doc=h.doc, ref=h.ref, text=h.text, damaged=h.damaged) for _, h in ranked])
    lines = []
    if gaps:
        lines += gaps
    per_doc = []
    for doc in dict.fromkeys(c.doc for c in cites):
        key = key_sentence(words_of, [c for c in cites if c.doc == doc and not c.damaged])
        if key:
            per_doc.append(key)
    if per_doc:
        c, sentence = per_doc[0]
        lines.append(f"要点：{sentence}（{source_name(docs.get(c.doc))}{c.ref}）"
                     f"{provenance(docs.get(c.doc), programme)}")
    if len(per_doc) > 1:  # several documents answer: each other one's rule on a line of its own
        lines.append("其他文件的规定：")
        lines += [f"- {edition_label(docs[c.doc]) if c.doc in docs else c.doc}"
                  f"{provenance(docs.get(c.doc), programme)}："
                  f"{sentence}（{c.ref}）" for c, sentence in per_doc[1:]]
    # quoted: the first clauses in order, and every clause stated above, so each statement has its citation
    stated = [c for c, _ in per_doc]
    cites = _dedupe(list(cites[:MAX_QUOTED]) + [c for c in stated if c not in cites[:MAX_QUOTED]])
    if cites:
        lines.append("相关条款：" if not gaps else "语料中与此相关的条款：")
        lines += [f"{i}. {quote(c, docs, 200)}{provenance(docs.get(c.doc), programme)}" for i, c in enumerate(cites, 1)]
    elif not gaps:
        absent = ("语料中没有找到与该问题直接相关的条款；现有语料为 "
                  + "、".join(f"{edition_label(d)}" for d in docs.values()) + "。")
        if intent.rules or intent.docs:  # a named indicator or edition that says nothing on it: that is the answer
            lines.append(absent)
        elif not content_words(intent.question):  # 怎么样？ — nothing to look up: what one can ask
            return compose_clarify(intent)
        else:  # a free question the corpus does not address: said plainly, the nearest clauses named, not quoted
            near = "；".join(f"{source_name(docs.get(h.doc))}{h.ref}" for h in raw[:2])
            return compose_clarify(intent, absent + (f"最接近的条款：{near}。" if near else ""))
    return Answer(question=intent.question, answer="\n".join(lines), kind="policy", citations=cites, intent=intent)


def compose_compare(intent: Intent, comp: Comparison, docs: dict[str, DocumentMeta]) -> Answer:
    cites = _dedupe([Citation(doc=p.doc, ref=p.ref, text=p.text, damaged=p.damaged) for p in comp.provisions])
    lines = [f"“{comp.topic}”在各版本中的规定（按年份）："] + [f"- {c}" for c in comp.changes]
    focus = []
    for c in cites:
        key = None if c.damaged else key_sentence(comp.topic + " " + intent.question, [c])
        focus.append(f"{source_name(docs.get(c.doc))}{c.ref}：“{key[1]}”" if key else quote(c, docs, 100))
    lines += ["原文：" + "；".join(focus)] if focus else []
    gaps = corpus_gaps(intent, docs)
    lines += gaps
    return Answer(question=intent.question, answer="\n".join(lines), kind="compare", citations=cites, intent=intent)


def compose_overall_ranking(intent: Intent, apps: list[ApplicantChecks], docs: dict[str, DocumentMeta]) -> Answer:
    """最好 / 排名 without an indicator: applicants ordered by how many rules they meet, then by how few they
    fail; the criterion is said, and that it is a count, not a score."""
    rows = [(app, status_counts(app.report.results)) for app in apps]
    rows.sort(key=lambda ac: (-ac[1]["met"], ac[1]["not_met"], ac[0].label))
    lines = [f"按达标项数从多到少排序，相同时未达标项少者在前（共{len(rows)}份申报；这是规则核查结果的计数，"
             "不是评分，需人工复核和未提供的项目未计入比较）："]
    for i, (app, c) in enumerate(rows, 1):
        lines.append(f"{i}. {app.label}：" + "，".join(f"{STATUS_NAMES[s]}{c[s]}项" for s in STATUS_NAMES))
    return Answer(question=intent.question, answer="\n".join(lines), kind="ranking", intent=intent)


CLARIFY = ("我没能确定您要问什么。可以这样问：\n"
           "- 某申报是否达标：该园区研发投入强度达标吗？（用 --applicant 指定申报书或工作区编号）\n"
           "- 满足/不满足哪些条件：满足哪些申报条件？还差什么？\n"
           "- 某项数值：单位土地平均产值是多少？\n"
           "- 政策规定：研发投入强度要达到多少？示范基地多久评估一次？哪些情况会被取消称号？\n"
           "- 版本比较：单位土地平均产值和2012年相比有什么变化？\n"
           "- 多个申报比较：哪些园区研发投入强度不达标？")


CLARIFY_EN = ("I could not tell what you are asking. pingshen answers in Chinese, from the policy corpus and the "
              "workspace's reports; for example:\n"
              "- whether an application meets a rule: 该园区研发投入强度达标吗？ "
              "(with --applicant FILE.pdf or a workspace id)\n"
              "- which conditions it meets or misses: 满足哪些申报条件？还差什么？\n"
              "- a reported figure: 单位土地平均产值是多少？\n"
              "- what the policy says: 研发投入强度要达到多少？示范基地多久评估一次？\n"
              "- how editions differ: 单位土地平均产值和2012年相比有什么变化？\n"
              "- across applications: 哪些园区研发投入强度不达标？哪个园区最好？")


def is_english(question: str) -> bool:
    """Latin letters and no Chinese character: the help is given in English."""
    return bool(re.search(r"[A-Za-z]{2,}", question)) and not re.search(r"[\u3400-\u9fff]", question)


def compose_clarify(intent: Intent, reason: Optional[str] = None) -> Answer:
    if is_english(intent.question):
        return Answer(question=intent.question, answer=CLARIFY_EN, kind="unclear", intent=intent)
    text = (reason + "\n" if reason else "") + CLARIFY
    return Answer(question=intent.question, answer=text, kind="unclear", intent=intent)

