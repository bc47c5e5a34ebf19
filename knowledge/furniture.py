"""Document furniture of real notices: what a web copy carries besides the policy itself.

``text_to_body`` splits a notice's lines into the body (parsed into clauses) and the furniture set
aside with its kind: site and forum chrome (来源、责任编辑、浏览次数、在线人数 Rank…), a table-of-contents
run (目录, or chapter headings listed one after another with nothing under them), the title and 文号
lines at the top, the addressee line, contact lines, 特此通知, the attachment list and the signature block (issuer
and date) at the end. The words are data (``data/furniture.json``). Pure: lines in, lines out.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extraction.normalize import fold_width, is_date_line, to_simplified


@dataclass(frozen=True)
class Furniture:
    kind: str  # site, contents, title, number, addressee, contact, closing, attachment, signature
    text: str


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    raw = json.loads((Path(__file__).parent / "data" / "furniture.json").read_text(encoding="utf-8"))
    return {"line": [(e["kind"], re.compile(e["pattern"])) for e in raw["line"]],
            **{k: re.compile(raw[k]) for k in ("title", "issuer", "attachment", "attachment_item", "chapter")}}


def _form(line: str) -> str:
    return fold_width(to_simplified(line)).strip()


def text_to_body(text: str) -> tuple[str, list[Furniture]]:
    """The notice's body text (furniture lines removed) and the furniture, in document order."""
    v = _vocabulary()
    lines = text.splitlines()
    kinds: list[str | None] = [None] * len(lines)
    forms = [_form(x) for x in lines]
    for i, f in enumerate(forms):
        if not f:
            continue
        for kind, pattern in v["line"]:
            if pattern.search(f):
                kinds[i] = kind
                break
    filled = [i for i, f in enumerate(forms) if f and kinds[i] is None]
    # the top: title and 文号 lines before the first line of the body proper
    for i in filled[:4]:
        if v["title"].match(forms[i]) and not forms[i].endswith(("。", "；")):
            kinds[i] = "title"
        elif kinds[i] is None and len(forms[i]) <= 40 and not re.search(r"[。；，,]", forms[i]) and i == filled[0]:
            kinds[i] = "title" if re.search(r"通知|办法|意见|方案|公告|决定|细则|指南|规定", forms[i]) else None
    # a contents run: chapter headings one after another with nothing under them (the last may open the body)
    run: list[int] = []
    for i in [j for j, f in enumerate(forms) if f and kinds[j] is None] + [len(forms)]:
        if i < len(forms) and v["chapter"].match(forms[i]) and len(forms[i]) <= 24:
            run.append(i)
            continue
        if len(run) >= 2:
            first = re.sub(r"\s+", "", forms[run[0]])
            repeat = next((k for k in run[1:] if re.sub(r"\s+", "", forms[k]) == first), None)
            for k in run[:-1] if repeat is None else [k for k in run if k < repeat]:
                kinds[k] = "contents"
        run = []
    # the end: signature (issuer, date), attachment list, 特此通知 — back to the last line of the body.
    # A numbered short line is an attachment only when an 附件 line heads it (2.自评报告提纲).
    pending: list[int] = []
    for i in reversed([j for j, f in enumerate(forms) if f]):
        f = forms[i]
        if kinds[i] in ("site", "closing", "contact"):
            continue
        if is_date_line(lines[i]) or (v["issuer"].match(f) and len(f) <= 40):
            kinds[i] = "signature"
        elif v["attachment_item"].match(f) and not v["attachment"].match(f):
            pending.append(i)
        elif v["attachment"].match(f) and len(f) <= 70:
            kinds[i] = "attachment"
            if f.startswith("附"):
                for k in pending:
                    kinds[k] = "attachment"
                pending = []
        else:
            break
    furniture = [Furniture(k, lines[i].strip()) for i, k in enumerate(kinds) if k]
    body = "\n".join(line for line, k in zip(lines, kinds) if not k)
    return body, furniture
