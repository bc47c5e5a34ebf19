"""The answer-quality set (tests/data/ask_questions.json) and what each answer must and must not hold.

Used by tests/test_ask.py (every question must pass) and bench/bench_ask.py (pass rate by kind)."""
from __future__ import annotations

import json
from pathlib import Path

from assistant.checks import STATUS_NAMES

DATA = Path(__file__).parent / "data" / "ask_questions.json"


def load() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["questions"]


def ask_in_turn(assistant, questions: list[dict], i: int):
    """Ask question i, replaying its session's earlier turns first (follow-ups)."""
    item, previous = questions[i], None
    if item["session"]:
        for earlier in questions[:i]:
            if earlier["session"] == item["session"]:
                previous = assistant.ask(earlier["q"], applicant=earlier["applicant"], previous=previous).intent
    return assistant.ask(item["q"], applicant=item["applicant"], previous=previous)


def problems(assistant, item: dict, a) -> list[str]:
    """Everything wrong with answer ``a`` to ``item``; empty when it passes."""
    out = []
    if a.kind != item["kind"]:
        out.append(f"kind {a.kind}, expected {item['kind']}")
    if not (a.verified and a.llm is None):
        out.append("not the deterministic answer")
    if not a.answer.strip():
        out.append("empty answer")
    checked = list(dict.fromkeys(c.result.rule for c in a.checks))
    if item["kind"] in ("meets", "value", "ranking") and checked != item["rules"]:
        out.append(f"rules {checked}, expected {item['rules']}")
    refs = {c.ref for c in a.citations}
    out += [f"ref {ref} not cited" for ref in item["refs"] if ref not in refs]
    out += [f"doc {doc} not understood" for doc in item["docs"] if a.intent is None or doc not in a.intent.docs]
    out += [f"lacks “{p}”" for p in item["contains"] if p not in a.answer]
    out += [f"holds “{p}”" for p in item.get("not_contains", []) if p in a.answer]
    for c in a.checks:  # every verdict is the engine's (after overrides), with the applicant's evidence page
        engine = assistant.workspace_checks(c.application_id).report.result(c.result.rule)
        if c.result != engine:
            out.append(f"{c.result.rule} differs from the engine")
        if STATUS_NAMES[c.result.status] not in a.answer:
            out.append(f"{c.result.rule} status not said")
        if item["kind"] != "conditions" and c.result.override is None:
            out += [f"page {e.page} not said" for e in c.result.evidence[:1] if f"第{e.page}页" not in a.answer]
    out += [f"citation {c.doc}#{c.ref} is no clause" for c in a.citations
            if f"{c.doc}#{c.ref}" not in assistant.kb.by_key]
    return out
