"""Documents → clauses (prose and 指标体系 attachment) and the corpus → rule catalogue."""
from __future__ import annotations

from extraction.normalize import clean_lines

from .catalogue import (
    CORE_REF,
    SOURCE_DOC,
    SPECIAL_REF,
    Catalogue,
    article_8_to_eligibility,
    article_23_to_revocations,
    row_clause_text,
    row_ref,
    table_to_rules,
)
from .clauses import make_clause, prose_to_clauses
from .corpus import Document
from .formats import table_rows_to_items
from .furniture import Furniture, text_to_body
from .indicator_table import IndicatorTable, attachment_start, groups_from_article_8, lines_to_table
from .models import Clause


def table_to_clauses(doc: str, table: IndicatorTable, title: str, start_order: int) -> list[Clause]:
    """Clauses for the attachment: the table, its 一级指标 groups, rows, 特色指标 domains and rows."""
    out: list[Clause] = []

    def add(ref: str, parent: str | None, kind: str, text: str) -> None:
        out.append(make_clause(doc, ref, parent, kind, text, start_order + len(out)))

    core = [r for r in table.rows if r.table == "core"]
    special = [r for r in table.rows if r.table == "special"]
    add(CORE_REF, None, "table", f"{title}（{len(table.groups)}个一级指标，{len(core)}个二级指标；"
                                 f"特色指标{len(special)}项，适用{len(table.domains)}个领域）")
    for group in table.groups:
        rows = [r for r in core if r.group == group]
        add(f"{CORE_REF} {group}", CORE_REF, "group",
            f"一级指标：{group}（二级指标：{'、'.join(r.name for r in rows)}）")
        for r in rows:
            add(row_ref(r), f"{CORE_REF} {group}", "row", row_clause_text(r))
    add(SPECIAL_REF, CORE_REF, "table", "特色指标（适用个别领域）：" + "、".join(table.domains))
    for domain in table.domains:
        rows = [r for r in special if r.group == domain]
        add(f"{SPECIAL_REF} {domain}", SPECIAL_REF, "domain",
            f"特色指标适用领域：{domain}（{'、'.join(r.name for r in rows)}）")
        for r in rows:
            add(row_ref(r), f"{SPECIAL_REF} {domain}", "row", f"{domain}：{row_clause_text(r)}")
    return out


def split_attachment(text: str) -> tuple[str, list[str], str]:
    """(prose text, attachment lines after its title, attachment title); no attachment → (text, [], "")."""
    raw = text.splitlines()
    nonempty = [(i, line.strip()) for i, line in enumerate(raw) if line.strip()]
    k = attachment_start([line for _, line in nonempty])
    if k is None:
        return text, [], ""
    cut, (title_at, title) = nonempty[k - 1][0], nonempty[k]
    return "\n".join(raw[:cut]), clean_lines("\n".join(raw[title_at + 1 :])), title


def document_furniture(doc: Document) -> list[Furniture]:
    """What a user-added notice carries besides its policy (site chrome, title, 文号, addressee, 特此通知,
    attachment list, signature): set aside, never a clause. The bundled texts are clean and keep their refs."""
    if doc.meta.builtin:
        return []
    return text_to_body(split_attachment(doc.text)[0])[1]


def document_to_clauses(doc: Document) -> tuple[list[Clause], IndicatorTable | None]:
    """All clauses of one document, and its parsed 指标体系 when it has one."""
    prose, table_lines, title = split_attachment(doc.text)
    if not doc.meta.builtin:
        prose = table_rows_to_items(text_to_body(prose)[0])
    clauses = prose_to_clauses(doc.id, prose)
    if not table_lines:
        return clauses, None
    article_8 = next((c for c in clauses if c.ref == "第八条"), None)
    if article_8 is None:
        raise ValueError(f"{doc.id}: 指标体系附件需要第八条给出一级指标")
    table = lines_to_table(table_lines, groups_from_article_8(article_8.text))
    return clauses + table_to_clauses(doc.id, table, title, len(clauses)), table


def build_catalogue(clauses: list[Clause], table: IndicatorTable) -> Catalogue:
    """Rules of the 2023 指标体系 plus 第八条 eligibility and 第二十三条 revocation grounds."""
    by_ref = {c.ref: c for c in clauses if c.doc == SOURCE_DOC}
    items_23 = sorted((c for c in clauses if c.doc == SOURCE_DOC and c.parent == "第二十三条"), key=lambda c: c.order)
    return Catalogue(
        rules=tuple(table_to_rules(table)),
        eligibility=article_8_to_eligibility(by_ref["第八条"]),
        revocations=tuple(article_23_to_revocations(items_23)),
        groups=tuple(table.groups),
        domains=tuple(table.domains),
    )


def corpus_to_clauses(docs: list[Document]) -> tuple[list[Clause], Catalogue]:
    """Every clause of the corpus and the catalogue parsed from the 2023 draft."""
    clauses: list[Clause] = []
    catalogue = None
    for doc in docs:
        doc_clauses, table = document_to_clauses(doc)
        clauses.extend(doc_clauses)
        if doc.id == SOURCE_DOC and table is not None:
            catalogue = build_catalogue(doc_clauses, table)
    if catalogue is None:
        raise ValueError(f"语料中缺少 {SOURCE_DOC} 的指标体系，无法建立规则目录")
    return clauses, catalogue
