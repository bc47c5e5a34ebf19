"""Policy text → clauses: the real structure of each document.

Prose is cleaned (debris, page numbers), hard wraps are re-joined, and each paragraph is
classified by its opening marker:

==========  ==================  ====  ===========================
marker      example             rank  ref
==========  ==================  ====  ===========================
chapter     第二章 遴选认定        0    第二章
article     第八条 …              1    第八条
part        二、主要任务           1    二、
item        (八) / （一）          2    <parent>(八)  → 二、(八)
enum        一是…                 3    <parent>一是
numbered    1. / 1、              4    <parent>1.
==========  ==================  ====  ===========================

A lower rank closes deeper open units. Inline enumerations ("…一是…二是…三是…" in one
paragraph) become child clauses. Paragraphs before any marker, and those after an
``附件``/date line, are numbered ``段N``. The 2023 指标体系 attachment is handed to
:mod:`knowledge.indicator_table`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extraction.normalize import (
    NUMERAL,
    clean_lines,
    find_damage,
    fold_width,
    is_date_line,
    match_form,
    rejoin_lines,
    to_simplified,
)
from extraction.numbers import cn_to_int

from .models import Clause, DamageFlag

_MARKERS: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("chapter", 0, re.compile(rf"^第([{NUMERAL}]+)章")),
    # 第八条规定的条件 at a line start is a cross-reference inside a sentence, not an article
    ("article", 1, re.compile(rf"^第([{NUMERAL}]+)条(?![规的所之中至、，,和及或款项])")),
    ("part", 1, re.compile(rf"^([{NUMERAL}]+)、")),
    ("item", 2, re.compile(rf"^[（(]([{NUMERAL}]+)[)）]")),
    ("enum", 3, re.compile(rf"^([{NUMERAL}]{{1,3}})是")),
    ("numbered", 4, re.compile(r"^(\d{1,2})[.、](?!\d)")),
)
_ATTACHMENT = re.compile(r"^(附\s*件|附[:：])")
_INLINE_ENUM = re.compile(rf"(?<=[。；;：:，,])\s*([{NUMERAL}]{{1,2}})是")
def classify(paragraph: str) -> tuple[str, int, str] | None:
    """(kind, rank, label) of a paragraph's opening marker, or None for plain prose."""
    form = fold_width(to_simplified(paragraph)).lstrip()
    for kind, rank, pattern in _MARKERS:
        m = pattern.match(form)
        if m:
            return kind, rank, m.group(1)
    return None


def _label_ref(kind: str, label: str, parent_ref: str | None) -> str:
    if kind == "chapter":
        return f"第{label}章"
    if kind == "article":
        return f"第{label}条"
    if kind == "part":
        return f"{label}、"
    suffix = {"item": f"({label})", "enum": f"{label}是", "numbered": f"{label}."}[kind]
    return f"{parent_ref or ''}{suffix}"


@dataclass
class _Open:
    kind: str
    rank: int
    ref: str
    parent: str | None
    pos: int
    parts: list[str] = field(default_factory=list)


def make_clause(doc: str, ref: str, parent: str | None, kind: str, text: str, order: int) -> Clause:
    return Clause(
        doc=doc,
        ref=ref,
        parent=parent,
        kind=kind,
        text=text,
        norm=match_form(text),
        damage=tuple(DamageFlag(kind=d.kind, snippet=d.snippet) for d in find_damage(text)),
        order=order,
    )


def split_inline_enumeration(text: str) -> list[str]:
    """Split "引言。一是…。二是…。三是…" into [引言, 一是…, 二是…, 三是…] when the labels run in order."""
    form = to_simplified(text)
    cuts, expected = [], 1
    for m in _INLINE_ENUM.finditer(form):
        if cn_to_int(m.group(1)) == expected:
            cuts.append(m.start(1))
            expected += 1
    if len(cuts) < 2:
        return [text]
    bounds = [0, *cuts, len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def prose_to_clauses(doc: str, text: str, start_order: int = 0) -> list[Clause]:
    """Structure of a prose document: chapters, articles, parts, items, enumerations, paragraphs."""
    paragraphs = rejoin_lines(clean_lines(text))
    stack: list[_Open] = []
    finished: list[_Open] = []
    loose = 0

    for pos, para in enumerate(paragraphs):
        marker = classify(para)
        form = fold_width(to_simplified(para))
        if marker is None and (_ATTACHMENT.match(form) or is_date_line(para) or not stack):
            finished.extend(reversed(stack))
            stack.clear()
            loose += 1
            finished.append(_Open("paragraph", 9, f"段{loose}", None, pos, [para]))
            continue
        if marker is None:
            stack[-1].parts.append(para)
            continue
        kind, rank, label = marker
        while stack and stack[-1].rank >= rank:
            finished.append(stack.pop())
        parent = stack[-1].ref if stack else None
        # items and enumerations hang under the nearest enclosing unit; articles and parts stand alone
        ref = _label_ref(kind, label, parent if kind in ("item", "enum", "numbered") else None)
        stack.append(_Open(kind, rank, ref, parent, pos, [para]))
    finished.extend(reversed(stack))

    clauses: list[Clause] = []
    seen: set[str] = set()
    order = start_order
    for unit in sorted(finished, key=lambda u: u.pos):
        ref = unit.ref
        n = 2
        while ref in seen:  # a document that repeats a label keeps both, distinguishably
            ref, n = f"{unit.ref}#{n}", n + 1
        seen.add(ref)
        body = "\n".join(unit.parts)
        pieces = split_inline_enumeration(body) if unit.kind in ("item", "part", "article") else [body]
        clauses.append(make_clause(doc, ref, unit.parent, unit.kind, pieces[0], order))
        order += 1
        for piece in pieces[1:]:
            label = re.match(rf"[{NUMERAL}]+", to_simplified(piece)).group(0)
            clauses.append(make_clause(doc, f"{ref}{label}是", ref, "enum", piece, order))
            order += 1
    return clauses
