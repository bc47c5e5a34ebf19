"""The `pingshen` command line (contract: docs/cli.md, from the project's spec).

Every subcommand prints a readable Chinese report, or with ``--json`` exactly one JSON
document on stdout. Progress and logs go to stderr. Exit codes: 0 success, 2 bad usage or
unusable input (one line, Chinese + English, on stderr), 1 internal error.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Sequence

from extraction.errors import PingshenError

from .settings import Settings


class _LazyModule:
    """A module imported on first use: `pingshen --help` and light commands do not pay for chromadb, onnxruntime,
    SQLAlchemy or openpyxl, which only the commands that need them load."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str):
        import importlib

        return getattr(importlib.import_module(self._name), attr)


policy = _LazyModule("assistant.policy")
reports = _LazyModule("assistant.reports")


def render_error(err: PingshenError) -> str:
    """The one place a PingshenError becomes text for a terminal."""
    return f"错误 / error: {err.one_line()}"


def emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in the contract's one-line form with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"错误 / error: 命令参数有误 / bad usage: {message}\n")
        sys.exit(2)


# --- search ---------------------------------------------------------------------------

def damage_note(damage) -> str:
    return "；".join(f"“{d.snippet}”" for d in damage)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    index = policy.open_index(settings)
    hits = policy.search(index, args.query, k=settings.search_k if args.k is None else args.k, doc=args.doc)
    if args.json:
        emit_json({"query": args.query, "hits": [h.model_dump(mode="json") for h in hits]})
        return 0
    print(f"检索：{args.query}（{len(hits)} 条结果）")
    for i, h in enumerate(hits, 1):
        print(f"\n{i}. [{h.doc} {h.ref}] {h.title}（{h.year or '年份不详'}，{h.status}）相关度 {h.score:.2f}")
        print("   " + h.text.replace("\n", "\n   "))
        if h.damaged:
            print(f"   ⚠ 原文此处有乱码或异常字符（{damage_note(h.damage)}），引用前请核对原件")
    if not hits:
        print("语料中没有找到相关条款。")
    return 0


# --- corpus ---------------------------------------------------------------------------

def cmd_corpus_list(args: argparse.Namespace, settings: Settings) -> int:
    kb = policy.open_knowledge(settings)
    counts = {d.id: sum(1 for c in kb.clauses if c.doc == d.id) for d in kb.docs}
    if args.json:
        emit_json({"documents": [{**d.meta.model_dump(), "clauses": counts[d.id]} for d in kb.docs]})
        return 0
    print(f"政策语料（{len(kb.docs)} 份文件）")
    for d in kb.docs:
        m = d.meta
        src = "内置" if m.builtin else "用户添加"
        where = f"{m.programme or '项目未注明'}/{policy.LEVELS.get(m.level, m.level)}"
        print(f"- {m.id}  {m.title} {m.number}  {m.date or '日期未注明'}  {m.issuer}  [{m.script}/{m.status}/{src}] "
              f"{where} {counts[d.id]} 条")
        if m.note:
            print(f"    说明：{m.note}")
    return 0


def cmd_corpus_show(args: argparse.Namespace, settings: Settings) -> int:
    kb = policy.open_knowledge(settings)
    doc = kb.doc(args.id)
    clauses = kb.clauses_of(args.id)
    if args.json:
        emit_json({**doc.meta.model_dump(), "clauses": [c.model_dump() for c in clauses]})
        return 0
    m = doc.meta
    print(f"{m.id}：{m.title} {m.number}（{m.issuer}，{m.date}，{m.script}，{m.status}）")
    if m.note:
        print(f"说明：{m.note}")
    for c in clauses:
        depth = 0
        parent = c.parent
        while parent:
            depth += 1
            parent = kb.by_key.get(f"{c.doc}#{parent}").parent if f"{c.doc}#{parent}" in kb.by_key else None
        print(f"\n{'  ' * depth}[{c.ref}] {c.text}".replace("\n", "\n" + "  " * depth + "  "))
        if c.damaged:
            print(f"{'  ' * depth}  ⚠ 乱码/异常：{damage_note(c.damage)}")
    return 0


def cmd_corpus_add(args: argparse.Namespace, settings: Settings) -> int:
    doc, n = policy.add_document(
        settings, Path(args.file), args.id, args.title, args.date, script=args.script,
        number=args.number or "", issuer=args.issuer or "", status=args.status,
        programme=args.programme, level=args.level,
    )
    from knowledge.structure import document_furniture

    furniture = document_furniture(doc)
    if args.json:
        emit_json({**doc.meta.model_dump(), "clauses": n,
                   "furniture": [{"kind": f.kind, "text": f.text} for f in furniture]})
    else:
        print(f"已添加 {doc.id}：{doc.meta.title}（{n} 条条款，已建立索引）")
        if furniture:
            names = {"site": "网页栏目", "contents": "目录", "title": "标题", "number": "文号", "addressee": "主送单位",
                     "contact": "联系方式", "closing": "结束语", "attachment": "附件清单", "signature": "落款"}
            print(f"未作为条款的版面内容（{len(furniture)} 行）：")
            for f in furniture:
                print(f"  [{names.get(f.kind, f.kind)}] {f.text[:60]}")
    return 0


def cmd_corpus_remove(args: argparse.Namespace, settings: Settings) -> int:
    doc = policy.remove_document(settings, args.id)
    if args.json:
        emit_json({"removed": doc.meta.model_dump()})
    else:
        print(f"已删除 {doc.id}：{doc.meta.title}（已从索引中移除）")
    return 0


# --- rules ----------------------------------------------------------------------------

def cmd_rules(args: argparse.Namespace, settings: Settings) -> int:
    cat = policy.open_knowledge(settings).catalogue
    if args.json:
        emit_json({
            "rules": [r.model_dump(mode="json") for r in cat.rules],
            "eligibility": cat.eligibility.model_dump(mode="json"),
            "revocations": [r.model_dump(mode="json") for r in cat.revocations],
        })
        return 0
    print("申报条件规则目录（解析自 miit-2023-draft 附件 指标体系）")
    for r in cat.rules:
        th = "；".join(t.text for t in r.thresholds) or {"series_above": "逐年比较", "judgement": "需专家判断",
                                                          "qualitative": "定性"}.get(r.kind, "")
        print(f"- {r.id:<12} {r.group} / {r.name}：{r.condition}（{r.indicator_type}，{th}）[{r.clause.ref}]")
    e = cat.eligibility
    print(f"- eligibility  近{e.window_years}年未发生{'ⅠⅡⅢⅣ'[e.env_worst_allowed_level - 1]}级及以上突发环境污染事件、"
          f"未发生{'或'.join(e.safety_disqualifying)}生产安全事故 [{e.clause.ref}]")
    for r in cat.revocations:
        print(f"- {r.id} {r.text} [{r.clause.ref}]")
    return 0


# --- extract ------------------------------------------------------------------------

METHOD_NAMES = {"stated": "正文", "table": "表格", "derived": "推算", "ocr": "OCR"}


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from extraction.models import extraction_to_json

    from .checks import value_text

    with reports.tqdm_progress(Path(args.report).name) as update:
        x = reports.extract(settings, args.report, progress=update)

    doc = extraction_to_json(x)
    if args.json:
        emit_json(doc)
        return 0
    script = "繁体" if x.script == "traditional" else "简体"
    print(f"{x.file}：{x.applicant or '申报单位未识别'}（{x.pages} 页，{script}"
          + (f"，OCR 页：{'、'.join(map(str, x.ocr_pages))}" if x.ocr_pages else "") + "）")
    if x.special_region:
        print(f"报告自述特殊类型地区：{x.special_region}")
    if x.domain:
        print(f"申报特色领域：{x.domain}")
    from .textcols import clip, pad

    # the value last, never cut (a core-2 series is long); the other columns padded by display width
    print("\n" + pad("指标", 12) + pad("名称", 30) + pad("年份", 6) + pad("页码", 6) + pad("来源", 6) + "数值")
    for r in doc["records"]:
        print(pad(r["indicator"], 12) + pad(clip(r["name"], 28), 30) + pad(str(r["year"] or "—"), 6)
              + pad(str(r["page"]), 6) + pad(METHOD_NAMES[r["method"]], 6) + value_text(r["value"], r["unit"]))
        print(" " * 12 + "└ " + clip(" ".join(r["text"].split()), 90))
    if not x.records:
        print("（未提取到量化指标）")
    for w in x.warnings:
        print(f"⚠ {w.indicator + '：' if w.indicator else ''}{w.message}")
    return 0


# --- check --------------------------------------------------------------------------

STATUS_MARKS = {"met": "✓ 达标", "not_met": "✗ 未达标", "needs_review": "? 需复核", "missing": "— 未提供"}


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from .checks import checks_to_json, status_counts

    with reports.tqdm_progress(Path(args.report).name) as update:
        report = reports.check(settings, args.report, special_region=args.special_region, domain=args.domain,
                               progress=update)

    doc = checks_to_json(report)
    if args.json:
        emit_json(doc)
        return 0
    print(f"{report.file}：{report.applicant or '申报单位未识别'}")
    print(f"适用标准：{report.special_region_basis}" + (f"；特色领域：{report.domain}" if report.domain else ""))
    counts = status_counts(report.results)
    print("结论：" + "，".join(f"{STATUS_MARKS[s]} {n} 项" for s, n in counts.items()))
    for r in report.results:
        _print_result(r)
        print(f"    依据：{r.clause.doc} {r.clause.ref}")
    return 0


def _print_result(r) -> None:
    """A check result's status line (with the page of its first evidence) and its explanation."""
    page = f"（第{r.evidence[0].page}页）" if r.evidence else ""
    print(f"\n{STATUS_MARKS[r.status]}  {r.rule} {r.name}{page}")
    print(f"    {r.explanation}")


# --- workspace ------------------------------------------------------------------------

def _counts_line(counts: dict[str, int]) -> str:
    return "，".join(f"{STATUS_MARKS[s]} {counts.get(s, 0)}" for s in STATUS_MARKS)


def _batch_exit(items) -> int:
    if any(i.internal for i in items):
        return 1
    return 2 if any(i.outcome == "failed" for i in items) else 0


def cmd_workspace_add(args: argparse.Namespace, settings: Settings) -> int:
    with reports.open_workspace(settings) as ws, reports.tqdm_progress("加入工作区", min_pages=2, unit="份") as update:
        items = reports.add_reports(settings, ws, [Path(f) for f in args.files], special_region=args.special_region,
                                    domain=args.domain, actor=args.reviewer, progress=update)
    if args.json:
        emit_json({"items": [i.model_dump() for i in items],
                   **{k: sum(1 for i in items if i.outcome == k) for k in ("added", "exists", "failed")}})
    else:
        for i in items:
            if i.outcome == "failed":
                print(f"✗ {i.file}：{i.error}")
            else:
                verb = "已加入" if i.outcome == "added" else "已在工作区（内容相同），未重复加入"
                print(f"{'✓' if i.outcome == 'added' else '='} #{i.id} {i.applicant or '申报单位未识别'}"
                      f"（{Path(i.file).name}）{verb}：{_counts_line(i.counts)}")
        print(f"共 {len(items)} 份：加入 {sum(i.outcome == 'added' for i in items)}，"
              f"已存在 {sum(i.outcome == 'exists' for i in items)}，"
              f"失败 {sum(i.outcome == 'failed' for i in items)}")
    for i in items:
        if i.outcome == "failed":
            sys.stderr.write(f"错误 / error: {i.file}: {i.error}\n")
    return _batch_exit(items)


def cmd_workspace_list(args: argparse.Namespace, settings: Settings) -> int:
    from .workspace import summary_to_json

    with reports.open_workspace(settings) as ws:
        apps = ws.applications()
    if args.json:
        emit_json({"applications": [summary_to_json(a) for a in apps]})
        return 0
    if not apps:
        print("工作区为空。加入申报书：pingshen workspace add 文件.pdf …")
        return 0
    print(f"工作区共 {len(apps)} 份申报")
    for a in apps:
        extra = f"，复核调整 {a.overrides} 处" if a.overrides else ""
        print(f"#{a.id:<4} {a.applicant or '申报单位未识别'}（{a.file}，{a.pages} 页，"
              f"{a.uploaded_at:%Y-%m-%d %H:%M} {a.uploaded_by}）")
        print(f"      {_counts_line(a.counts)}{extra}")
    return 0


def cmd_workspace_show(args: argparse.Namespace, settings: Settings) -> int:
    from .checks import checks_to_json, override_to_json
    from .workspace import parse_ids, summary_to_json

    app_id = parse_ids([args.id])[0]
    with reports.open_workspace(settings) as ws:
        d = ws.detail(app_id)
        audit = ws.audit(app_id)
    if args.json:
        emit_json({"application": summary_to_json(d.summary), "check": checks_to_json(d.report),
                   "warnings": [w.model_dump() for w in d.extraction.warnings],
                   "overrides": [override_to_json(o) for o in d.overrides], "check_runs": d.check_runs,
                   "audit": [{**e.model_dump(mode="json"), "at": e.at.isoformat(timespec="seconds")} for e in audit]})
        return 0
    a = d.summary
    print(f"#{a.id} {a.applicant or '申报单位未识别'}（{a.file}，{a.pages} 页，sha256 {a.sha256[:12]}…）")
    print(f"加入：{a.uploaded_at:%Y-%m-%d %H:%M} {a.uploaded_by}；核查 {d.check_runs} 次；"
          f"适用标准：{d.report.special_region_basis}"
          + (f"；特色领域：{d.report.domain}" if d.report.domain else ""))
    print("结论：" + _counts_line(a.counts))
    for w in d.extraction.warnings:
        print(f"⚠ {w.indicator + '：' if w.indicator else ''}{w.message}")
    for r in d.report.results:
        _print_result(r)
        if r.override:
            o = r.override
            print(f"    复核调整：{STATUS_MARKS[o.old_status]} → {STATUS_MARKS[o.new_status]}，"
                  f"理由：{o.reason}（{o.reviewer}，{o.at:%Y-%m-%d %H:%M}）")
    if d.overrides:
        print(f"\n复核记录（{len(d.overrides)} 条，按时间）")
        for o in d.overrides:
            print(f"  {o.at:%Y-%m-%d %H:%M} {o.reviewer} {o.rule}：{o.old_status} → {o.new_status}，{o.reason}")
    if audit:
        print(f"\n操作记录（审计日志，{len(audit)} 条，按时间）")
        for e in audit:
            detail = "，".join(f"{k}={v}" for k, v in e.detail.items() if v not in (None, "", [], {}))
            print(f"  {e.at:%Y-%m-%d %H:%M:%S} {e.actor} {AUDIT_ACTIONS.get(e.action, e.action)}"
                  + (f"（{detail[:100]}）" if detail else ""))
    return 0


AUDIT_ACTIONS = {"add": "加入工作区", "check": "核查", "override": "复核调整"}


def _parse_value(text: str | None) -> object:
    """``--value``: a number when it reads as one (2.31, 三百), else the reviewer's text as written."""
    if text is None:
        return None
    import re

    from extraction.errors import BadInput
    from extraction.models import value_to_json
    from extraction.numbers import parse_number

    try:
        number = (Decimal(text.strip()) if re.fullmatch(r"\s*[+-]?\d+(?:\.\d+)?[eE][+-]?\d+\s*", text)
                  else parse_number(text))
    except ValueError:
        return text
    # a reviewer's number is a figure like any other: finite and of a size a report could state
    from decimal import DecimalException

    try:
        absurd = not number.is_finite() or abs(number) >= Decimal(10) ** 12
    except DecimalException:  # an exponent beyond what Decimal can hold
        absurd = True
    if absurd:
        raise BadInput(f"--value 数值超出合理范围：{text[:40]}", f"--value out of range: {text[:40]}")
    return value_to_json(number)


def cmd_override(args: argparse.Namespace, settings: Settings) -> int:
    from .checks import override_to_json
    from .workspace import parse_ids

    app_id = parse_ids([args.id])[0]
    value = _parse_value(args.value)  # checked before anything is opened
    if isinstance(value, (int, float, Decimal)):
        from extraction.errors import BadInput
        from extraction.indicators import plausible_range

        span = plausible_range(args.rule)
        if span is not None and not span[0] <= Decimal(str(value)) <= span[1]:
            raise BadInput(f"--value 数值超出合理范围：{args.rule} 应在 {span[2]} 之间",
                           f"--value out of range for {args.rule}: {span[2]}")
    with reports.open_workspace(settings) as ws:
        o = ws.override(app_id, args.rule, args.status, args.reason, args.reviewer or settings.reviewer_name(),
                        value=value)
    if args.json:
        emit_json({"override": override_to_json(o)})
    else:
        print(f"已记录 #{app_id} {o.rule}：{STATUS_MARKS[o.old_status]} → {STATUS_MARKS[o.new_status]}"
              + (f"，数值 {o.new_value}" if o.new_value is not None else "")
              + f"（理由：{o.reason}；复核人：{o.reviewer}）")
    return 0


# --- scoresheet -----------------------------------------------------------------------

def cmd_scoresheet(args: argparse.Namespace, settings: Settings) -> int:
    from extraction.errors import BadInput
    from extraction.files import shown

    from .checks import status_counts
    from .scoresheet import sheets_to_csv, sheets_to_json, write_csv, write_xlsx

    out = Path(args.output) if args.output else None
    as_csv = args.csv or (out is not None and out.suffix.lower() == ".csv")
    if out is None and not (args.json or as_csv):
        raise BadInput("请用 -o 指定评分表文件，如 -o 评分表.xlsx（或用 --json / --csv 输出到屏幕）",
                       "missing -o OUTPUT")
    with reports.tqdm_progress("评分表", min_pages=2, unit="份") as update:
        sheets, failed = reports.build_scoresheet(settings, args.sources, special_region=args.special_region,
                                                  domain=args.domain, progress=update)

    for f in failed:
        sys.stderr.write(f"错误 / error: {f.file}: {f.error}\n")
    if not sheets:
        raise BadInput("没有可生成评分表的申报，未写出文件", "no readable report; nothing written")
    if out is not None:
        try:
            if as_csv:
                write_csv(sheets, out)
            else:  # the summary sheet lists the sources that could not be read
                write_xlsx(sheets, out, failed=[(f.file, f.error or "") for f in failed])
        except OSError as e:
            raise BadInput(f"无法写出评分表：{shown(str(out))[:120]}（{type(e).__name__}）",
                           f"cannot write the score sheet: {e.strerror or e}") from None
    if args.json:
        emit_json({**sheets_to_json(sheets), "output": str(out) if out else None,
                   "failed": [f.model_dump() for f in failed]})
    elif as_csv and out is None:
        sys.stdout.write(sheets_to_csv(sheets))
    else:
        print(f"已生成评分表 {out}：{len(sheets)} 份申报" + (f"，{len(failed)} 份失败" if failed else ""))
        for s in sheets:
            print(f"  {s.label}：{_counts_line(status_counts(s.rows))}")
    return 2 if failed else 0


# --- ask and compare -------------------------------------------------------------------

def make_assistant(settings: Settings):
    from .ask import Assistant
    from .llm import make_chat_model

    return Assistant(settings, chat=make_chat_model(settings))


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from .answers import answer_to_json
    from .ask import load_session, save_session

    previous, applicant = load_session(settings, args.session)
    applicant = args.applicant or applicant
    assistant = make_assistant(settings)
    try:
        answer = assistant.ask(args.question, applicant=applicant, previous=previous)
    finally:
        assistant.close()
    save_session(settings, args.session, answer.intent, applicant)
    if args.json:
        emit_json(answer_to_json(answer))
        return 0
    print(answer.answer)
    if answer.llm:
        print(f"\n（由 {answer.llm} 措辞，已通过核验）")
    return 0


def cmd_compare(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.editions import comparison_to_json

    from .ask import Assistant

    docs = [d.strip() for d in args.docs.split(",") if d.strip()] if args.docs else None
    assistant = Assistant(settings)
    comp = assistant.compare(args.topic, docs)
    if args.json:
        emit_json(comparison_to_json(comp))
        return 0
    metas = assistant.docs
    print(f"比较主题：{comp.topic}")
    for p in comp.provisions:
        m = metas[p.doc]
        print(f"\n[{p.doc} {p.ref}]（{m.year or '年份不详'}，{m.status}）")
        print("  " + ("（原文有乱码，请核对原件）" if p.damaged else " ".join(p.text.split())[:200]))
    if comp.absent:
        print("\n未涉及：" + "、".join(comp.absent))
    print("\n变化：")
    for c in comp.changes:
        print(f"- {c}")
    for r in comp.redlines:  # the same character diff the JSON and the workbench show: [-删去-]{+新增+}
        marked = "".join(t if op == "equal" else f"[-{t}-]" if op == "delete" else f"{{+{t}+}}" for op, t in r["ops"])
        print(f"\n修订对照（{r['from']} → {r['to']}；[-删去-] {{+新增+}}）：\n  {marked}")
    return 0


# --- index and demo -------------------------------------------------------------------

def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.index import chroma_path

    index = policy.open_index(settings)
    info = {"clauses": len(index.kb.clauses), "documents": len(index.kb.docs), "corpus_hash": index.kb.corpus_hash,
            "backend": settings.chroma_url or str(chroma_path(settings.data_dir))}
    if args.json:
        emit_json(info)
    else:
        print(f"政策索引就绪：{info['documents']} 份文件，{info['clauses']} 条条款（{info['backend']}）")
    return 0


DEMO_QUERIES = ("研发投入强度要达到多少", "哪些情况会被取消示范基地称号", "示範基地多久評估一次", "单位土地平均产值")


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    """The main job on the bundled corpus: build the index, list the corpus, show sample searches."""
    cmd_corpus_list(argparse.Namespace(json=False), settings)
    index = policy.open_index(settings)
    print(f"\n政策索引就绪：{len(index.kb.clauses)} 条条款；规则目录 {len(index.kb.catalogue.rules)} 条规则")
    added = [d for d in index.kb.docs if not d.meta.builtin]
    if added:  # the demo runs on the data directory's corpus: say what is not the bundled one
        print(f"其中包括用户添加的文件 {len(added)} 份：" + "、".join(f"{d.id}（{d.meta.title}）" for d in added)
              + "；检索和问答会用到它们（pingshen corpus remove ID 可删除）")
    for q in DEMO_QUERIES:
        print(f"\n检索：{q}")
        for h in policy.search(index, q, k=3):
            warn = "（⚠ 原文有乱码）" if h.damaged else ""
            print(f"  [{h.doc} {h.ref}] {h.text[:60]}…{warn}" if len(h.text) > 60
                  else f"  [{h.doc} {h.ref}] {h.text}{warn}")
    demo_dir = Path(__file__).parent / "demo_reports"
    pdfs = sorted(demo_dir.glob("*.pdf"))
    print(f"\n核查内置演示申报书并加入工作区（{len(pdfs)} 份，扫描页需 OCR，首次较慢）")
    with reports.open_workspace(settings) as ws, reports.tqdm_progress("核查", min_pages=2, unit="份") as update:
        items = reports.add_reports(settings, ws, pdfs, actor="demo", progress=update)
    for i in items:  # one bad file never stops the batch
        if i.outcome == "failed":
            print(f"  {Path(i.file).name}：{i.error}")
        else:
            print(f"  #{i.id} {Path(i.file).name} {i.applicant}：{_counts_line(i.counts)}")
    ids = [str(i.id) for i in items if i.id]
    if ids:
        from .scoresheet import write_xlsx

        sheets, _ = reports.build_scoresheet(settings, ids)
        out = settings.data_dir / "评分表-演示.xlsx"
        write_xlsx(sheets, out)
        print(f"\n预填评分表：{out}（{len(sheets)} 份申报，每份一张工作表，另有汇总表）")
        assistant = make_assistant(settings)
        try:
            for q, applicant in (("该园区研发投入强度达标吗？", ids[0]), ("哪些园区单位土地平均产值不达标？", None),
                                 ("单位土地平均产值和2012年相比有什么变化？", None)):
                answer = assistant.ask(q, applicant=applicant)
                print(f"\n问：{q}" + (f"（申报 #{applicant}）" if applicant else ""))
                print("答：" + answer.answer.replace("\n", "\n    "))
        finally:
            assistant.close()
    print("\n逐条明细：pingshen check 文件.pdf；指标原文：pingshen extract 文件.pdf；工作区：pingshen workspace list")
    return 0


# --- the workbench and its users ----------------------------------------------------------

def is_loopback(host: str) -> bool:
    import ipaddress

    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def workbench_command(host: str, port: int, settings: Settings) -> list[str]:
    """The streamlit command that serves the workbench (ui/app.py) with pingshen's server options."""
    import ui

    app = Path(ui.__file__).parent / "app.py"
    return [sys.executable, "-m", "streamlit", "run", str(app), "--server.address", host, "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
            "--server.fileWatcherType", "none", "--server.maxUploadSize", str(settings.max_pdf_mb),
            "--theme.base", "light", "--client.showErrorDetails", "none"]


def cmd_ui(args: argparse.Namespace, settings: Settings) -> int:
    import os
    import subprocess

    from extraction.errors import BadInput
    from ui.auth import load_users
    from ui.core import LOCAL_ENV, USERS_ENV

    users = Path(args.users).expanduser() if args.users else settings.users_path()
    if users is not None:
        load_users(users)  # a missing or broken users file is said now, not on the first page
    elif not is_loopback(args.host):
        raise BadInput(f"在非本机地址 {args.host} 上提供工作台需要用户文件（--users FILE，用 pingshen users add 创建）",
                       "refusing to serve on a non-loopback address without a users file")
    url = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}"
    print(f"评审工作台：{url}" + ("（需登录）" if users else "（仅本机，无需登录）") + "；按 Ctrl+C 退出", flush=True)
    env = {**os.environ, USERS_ENV: str(users) if users else "", "PINGSHEN_DATA_DIR": str(settings.data_dir),
           LOCAL_ENV: "" if users else "1"}
    try:
        return subprocess.call(workbench_command(args.host, args.port, settings), env=env)
    except KeyboardInterrupt:
        return 0


def cmd_users_add(args: argparse.Namespace, settings: Settings) -> int:
    import getpass

    from extraction.errors import BadInput
    from ui.auth import add_user

    path = (Path(args.users).expanduser() if args.users
            else (settings.users_file or settings.data_dir / "users.toml").expanduser())
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("密码：")
        if getpass.getpass("再次输入密码：") != password:
            raise BadInput("两次输入的密码不一致", "passwords differ")
    user = add_user(Path(path), args.name, args.role, password, args.display)
    if args.json:
        emit_json({"user": user.name, "display": user.display, "role": user.role, "file": str(path)})
    else:
        print(f"已添加用户 {user.name}（{user.display}，{user.role}）：{path}")
    return 0


def cmd_users_list(args: argparse.Namespace, settings: Settings) -> int:
    from extraction.errors import BadInput
    from ui.auth import load_users

    path = Path(args.users).expanduser() if args.users else settings.users_path()
    if path is None:
        raise BadInput("没有用户文件（pingshen users add NAME --role 审查专家 创建）", "no users file")
    users = load_users(path)
    if args.json:
        emit_json({"file": str(path), "users": [{"user": n, "display": u.get("display", n), "role": u["role"]}
                                                for n, u in users.items()]})
    else:
        print(f"{path}：{len(users)} 个用户")
        for n, u in users.items():
            print(f"- {n}（{u.get('display', n)}）{u['role']}")
    return 0


# --- parser ---------------------------------------------------------------------------

def _standard_options(p: argparse.ArgumentParser) -> None:
    """--special-region and --domain: which standard and which 特色指标 the rules apply."""
    p.add_argument("--special-region", action="store_true", help="适用特殊类型地区标准（否则以报告自述为准）")
    p.add_argument("--domain",
                   help="特色领域：工业互联网、数据中心、产业转移合作、软件和信息服务/大数据、高技术转化应用")


def _command(sub, name: str, help: str, func: Callable[[argparse.Namespace, Settings], int]) -> argparse.ArgumentParser:
    """A subcommand with the contract's --json switch."""
    p = sub.add_parser(name, help=help)
    p.add_argument("--json", action="store_true", help="输出一个 JSON 文档（见 docs/cli.md）")
    p.set_defaults(func=func)
    return p


def _version() -> str:
    """The installed distribution's version (pyproject.toml), or the source tree's when not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pingshen")
    except PackageNotFoundError:
        return "0+source"


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="pingshen", description="评审助手：示范基地申报材料评审（政策检索、指标核查）")
    p.add_argument("--version", action="version", version=f"pingshen {_version()}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    s = _command(sub, "search", "检索政策条款（简繁体均可）", cmd_search)
    s.add_argument("query")
    s.add_argument("--k", type=int, default=None, help="返回条数（默认 5）")
    s.add_argument("--doc", help="只检索某一文件，如 miit-2023-draft")

    c = sub.add_parser("corpus", help="政策语料：list / show / add")
    csub = c.add_subparsers(dest="corpus_command", required=True, parser_class=_Parser)
    _command(csub, "list", "列出语料文件", cmd_corpus_list)
    cs = _command(csub, "show", "显示一份文件的全部条款", cmd_corpus_show)
    cs.add_argument("id")
    ca = _command(csub, "add", "添加政策文件（.txt、.pdf、.docx 或 .html）", cmd_corpus_add)
    ca.add_argument("file")
    ca.add_argument("--id", required=True, help="文件编号，如 guangdong-2024-3")
    ca.add_argument("--title", required=True)
    ca.add_argument("--date", default="", help="YYYY 或 YYYY-MM-DD（不知道可省略，显示为 未注明）")
    ca.add_argument("--script", choices=["simplified", "traditional"], help="默认自动识别")
    ca.add_argument("--number", help="文号")
    ca.add_argument("--issuer", help="发文单位")
    ca.add_argument("--status", default="issued", help="issued / draft …")
    ca.add_argument("--programme", help="所属项目，如 新型工业化产业示范基地、新兴产业发展示范基地（默认从标题识别）")
    ca.add_argument("--level", default="", choices=["national", "provincial", "local", ""],
                    help="发文层级：national 国家级 / provincial 省级 / local 市县级（默认未注明）")
    cr = _command(csub, "remove", "删除用 corpus add 添加的文件（内置文件不能删除）", cmd_corpus_remove)
    cr.add_argument("id")

    e = _command(sub, "extract", "从申报书 PDF 提取指标数值（含页码与原文）", cmd_extract)
    e.add_argument("report", help="申报书 PDF")

    k = _command(sub, "check", "逐条核查申报条件（规则判定，附证据页码与条款）", cmd_check)
    k.add_argument("report", help="申报书 PDF")
    _standard_options(k)

    _command(sub, "rules", "列出规则目录（解析自 2023 指标体系、第八条、第二十三条）", cmd_rules)

    _command(sub, "index", "建立或检查政策索引", cmd_index)

    w = sub.add_parser("workspace", help="工作区：add / list / show")
    wsub = w.add_subparsers(dest="workspace_command", required=True, parser_class=_Parser)
    wa = _command(wsub, "add", "把申报书加入工作区（可批量，坏文件不影响其他文件）", cmd_workspace_add)
    wa.add_argument("files", nargs="+", metavar="FILE")
    _standard_options(wa)
    wa.add_argument("--reviewer", help="记录在审计日志中的操作人（默认 PINGSHEN_REVIEWER 或系统用户）")
    _command(wsub, "list", "列出工作区中的申报", cmd_workspace_list)
    wsh = _command(wsub, "show", "显示一份申报的核查结果、复核记录与审计日志", cmd_workspace_show)
    wsh.add_argument("id", help="申报编号（workspace list 中的 #）")

    o = _command(sub, "override", "记录专家对某条规则的复核调整（须写明理由）", cmd_override)
    o.add_argument("id", help="申报编号")
    o.add_argument("rule", help="规则编号，如 core-7、eligibility")
    o.add_argument("--status", required=True, choices=list(STATUS_MARKS), help="调整后的状态")
    o.add_argument("--reason", required=True, help="理由")
    o.add_argument("--value", help="更正后的数值（可选）")
    o.add_argument("--reviewer", help="复核人（默认 PINGSHEN_REVIEWER 或系统用户）")

    sc = _command(sub, "scoresheet", "生成预填评分表（Excel；或 --csv / --json）", cmd_scoresheet)
    sc.add_argument("sources", nargs="+", metavar="REPORT", help="申报书 PDF 或工作区编号")
    sc.add_argument("-o", "--output", help="输出文件（.xlsx 或 .csv）")
    sc.add_argument("--csv", action="store_true", help="输出 CSV（UTF-8 BOM，Excel/WPS 可直接打开）")
    _standard_options(sc)

    a = _command(sub, "ask", "用中文提问（规则核查与条款引用支撑每个结论）", cmd_ask)
    a.add_argument("question")
    a.add_argument("--applicant", help="申报书 PDF 或工作区编号")
    a.add_argument("--session", help="会话名：同一会话中的追问（那2023年呢？这个园区呢？）接着上一问")

    cp = _command(sub, "compare", "比较各版本政策在某一主题上的规定", cmd_compare)
    cp.add_argument("topic", help="主题，如 单位土地产出、复核周期、取消称号、研发投入、数字化工具、创建期、评分权重")
    cp.add_argument("--docs", help="只比较这些文件，逗号分隔，如 miit-2012-47,miit-2023-draft")

    d = sub.add_parser("demo", help="在内置语料上运行主流程")
    d.set_defaults(func=cmd_demo)

    u = sub.add_parser("ui", help="启动评审工作台（浏览器界面）")
    u.add_argument("--host", default="127.0.0.1", help="监听地址（非本机地址须有用户文件）")
    u.add_argument("--port", type=int, default=8501)
    u.add_argument("--users", help="用户文件（TOML）；有用户文件则须登录")
    u.set_defaults(func=cmd_ui)

    us = sub.add_parser("users", help="工作台用户").add_subparsers(dest="users_command", required=True,
                                                                   parser_class=_Parser)
    ua = _command(us, "add", "添加或更新用户（密码交互输入，不经命令行）", cmd_users_add)
    ua.add_argument("name")
    ua.add_argument("--role", required=True, choices=["审查专家", "工作人员", "管理员"])
    ua.add_argument("--display", help="显示名（默认同用户名）")
    ua.add_argument("--users", help="用户文件（默认 PINGSHEN_USERS_FILE 或数据目录下 users.toml）")
    ua.add_argument("--password-stdin", action="store_true", help="从标准输入读一行作为密码（脚本用）")
    ul = _command(us, "list", "列出用户", cmd_users_list)
    ul.add_argument("--users")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(message)s")
    _quiet_libraries()
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace, Settings], int] = args.func
    try:
        settings = load_settings()
        return func(args, settings)
    except PingshenError as e:
        sys.stderr.write(render_error(e) + "\n")
        return e.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("已中断 / interrupted\n")
        return 1
    except BrokenPipeError:  # output piped into head/less that closed early
        sys.stderr.close()
        return 0


def load_settings() -> Settings:
    from pydantic import ValidationError

    from extraction.errors import BadInput

    try:
        return Settings()
    except ValidationError as e:
        bad = ", ".join(f"PINGSHEN_{'_'.join(map(str, err['loc'])).upper()}" for err in e.errors())
        raise BadInput(f"环境变量设置有误：{bad}", f"invalid setting: {bad}") from e


def _quiet_libraries() -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for name in ("chromadb", "httpx", "onnxruntime"):
        logging.getLogger(name).setLevel(logging.ERROR)


if __name__ == "__main__":
    sys.exit(main())
