"""The 评分表: check reports → rows → an Excel workbook (or CSV / JSON) reviewers work in.

``report_to_rows`` is pure; the writers only lay rows out. The workbook has a summary sheet
comparing applicants and one sheet per applicant: one row per rule with 一级/二级指标, the
condition applied, value, unit, status (coloured), evidence page and text, the clause, any
reviewer override with its reason, and the reviewer's own columns (复核意见, 复核结论 with a
drop-down). No formulas anywhere: text that looks like one (``=…``, ``+…``) is written as text.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path
from typing import Optional, Sequence

from pydantic import BaseModel, ConfigDict

from extraction.files import write_atomic, write_text_atomic
from knowledge.catalogue import Catalogue

from .checks import STATUS_NAMES, CheckReport, CheckResult, status_counts, value_text

VERDICT_CHOICES = ("达标", "未达标", "需补充材料", "不适用")
STATUS_FILLS = {"met": "C6EFCE", "not_met": "FFC7CE", "needs_review": "FFEB9C", "missing": "E7E6E6"}
ELIGIBILITY_GROUP = "申报资格"


class SheetRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str
    group: str  # 一级指标 (or 适用领域 for 特色指标)
    name: str  # 二级指标
    indicator_type: str
    condition: str  # 申报条件 as applied (特殊类型地区 marked)
    value: object  # number, or text for series / counts / compound rows; None when missing
    unit: str
    status: str
    status_name: str
    evidence_pages: str
    evidence_text: str
    clause_doc: str
    clause_ref: str
    clause_text: str
    explanation: str
    override: str  # 复核调整: engine status → reviewer status, reason, who, when


class ApplicantSheet(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    applicant: Optional[str]
    workspace_id: Optional[int] = None
    basis: str
    domain: Optional[str]
    rows: tuple[SheetRow, ...]

    @property
    def label(self) -> str:
        return self.applicant or Path(self.file).stem


COLUMNS = (  # header, SheetRow field (None: reviewer's column), width
    ("规则编号", "rule", 11), ("一级指标", "group", 14), ("二级指标", "name", 22), ("类型", "indicator_type", 7),
    ("申报条件", "condition", 26), ("申报值", "value", 14), ("单位", "unit", 10), ("判定", "status_name", 11),
    ("证据页码", "evidence_pages", 9), ("证据原文", "evidence_text", 48), ("条款出处", "clause_ref", 22),
    ("条款原文", "clause_text", 36), ("判定说明", "explanation", 40), ("复核调整", "override", 36),
    ("复核意见", None, 30), ("复核结论", None, 12),
)


def value_to_cell(value: object) -> object:
    """A check value as one spreadsheet cell: numbers stay numbers (the unit has its own column); series and counts
    become text."""
    if value is None or isinstance(value, (int, float)):
        return value
    return value_text(value)


def override_text(r: CheckResult) -> str:
    o = r.override
    if o is None:
        return ""
    value = f"，数值改为{value_to_cell(o.new_value)}" if o.new_value is not None else ""
    return (f"{STATUS_NAMES[o.old_status]}→{STATUS_NAMES[o.new_status]}{value}（理由：{o.reason}；"
            f"复核人：{o.reviewer}，{o.at:%Y-%m-%d %H:%M}）")


def result_to_row(r: CheckResult, catalogue: Catalogue) -> SheetRow:
    if r.rule == catalogue.eligibility.id:
        group, kind = ELIGIBILITY_GROUP, "否决项"
    else:
        rule = catalogue.rule(r.rule)
        group, kind = rule.group, rule.indicator_type
    evidence = list(dict.fromkeys((e.page, e.text) for e in r.evidence))
    pages = "、".join(str(p) for p in dict.fromkeys(p for p, _ in evidence))
    text = "\n".join(f"[第{p}页] {t}" for p, t in evidence[:4])
    return SheetRow(rule=r.rule, group=group, name=r.name, indicator_type=kind, condition=r.threshold,
                    value=value_to_cell(r.value), unit=r.unit, status=r.status, status_name=STATUS_NAMES[r.status],
                    evidence_pages=pages, evidence_text=text, clause_doc=r.clause.doc,
                    clause_ref=f"{r.clause.doc} {r.clause.ref}", clause_text=r.clause.text, explanation=r.explanation,
                    override=override_text(r))


def report_to_sheet(report: CheckReport, catalogue: Catalogue, workspace_id: Optional[int] = None) -> ApplicantSheet:
    return ApplicantSheet(file=report.file, applicant=report.applicant, workspace_id=workspace_id,
                          basis=report.special_region_basis, domain=report.domain,
                          rows=tuple(result_to_row(r, catalogue) for r in report.results))


# --- JSON and CSV --------------------------------------------------------------------

def sheets_to_json(sheets: list[ApplicantSheet]) -> dict:
    return {"applicants": [s.model_dump(mode="json") for s in sheets]}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(v: object) -> object:
    """Spreadsheet programs run a CSV cell that starts like a formula; applicant text must not."""
    if isinstance(v, str) and v.startswith(_FORMULA_START):
        return "'" + v
    return v


def sheets_to_csv(sheets: list[ApplicantSheet]) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["申报单位", "文件", "适用标准"] + [h for h, _, _ in COLUMNS])
    for s in sheets:
        for row in s.rows:
            cells = [getattr(row, f) if f else "" for _, f, _ in COLUMNS]
            w.writerow([_csv_safe(c) for c in [s.label, s.file, s.basis] + cells])
    return "\ufeff" + out.getvalue()  # BOM: Excel and WPS then read the Chinese as UTF-8


# --- Excel -----------------------------------------------------------------------------

_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
_TITLE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # a worksheet name cannot hold control characters either


def sheet_titles(sheets: list[ApplicantSheet]) -> list[str]:
    """Unique, valid worksheet names (≤31 characters, none of []:*?/\\)."""
    titles, seen = [], {"汇总"}
    for i, s in enumerate(sheets, 1):
        base = _BAD_TITLE.sub("_", _TITLE_CONTROL.sub("", f"{i}-{s.label}"))[:31]
        title, n = base, 2
        while title.lower() in seen:
            title = f"{base[:28]}~{n}"
            n += 1
        seen.add(title.lower())
        titles.append(title)
    return titles


_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters an xlsx cell cannot hold


def _set(ws, row: int, col: int, value: object):
    if isinstance(value, str):
        value = _ILLEGAL_XLSX.sub("", value)  # an applicant name with U+0008 is still written
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    return cell


def sheets_to_workbook(sheets: list[ApplicantSheet], generated: Optional[datetime] = None,
                       failed: Sequence[tuple[str, str]] = ()):
    """The 评分表 workbook; ``failed`` (source, reason) are listed under the summary so a sheet that lost a
    source says so."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    generated = generated or datetime.now()
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    fills = {k: PatternFill("solid", fgColor=v) for k, v in STATUS_FILLS.items()}
    wrap = Alignment(wrap_text=True, vertical="top")
    titles = sheet_titles(sheets)

    wb = Workbook()
    summary = wb.active
    summary.title = "汇总"
    head = ["规则编号", "一级指标", "二级指标", "申报条件"] + [s.label for s in sheets]
    for c, h in enumerate(head, 1):
        cell = _set(summary, 1, c, h)
        cell.font, cell.fill, cell.alignment = bold, header_fill, wrap
    r = 2
    counts = [status_counts(s.rows) for s in sheets]
    for label, status in (("达标项数", "met"), ("未达标项数", "not_met"), ("需人工复核项数", "needs_review"),
                          ("未提供项数", "missing")):
        _set(summary, r, 3, label).font = bold
        for c, n in enumerate(counts, 5):
            _set(summary, r, c, n[status]).fill = fills[status]
        r += 1
    _set(summary, r, 3, "适用标准").font = bold
    for c, s in enumerate(sheets, 5):
        _set(summary, r, c, s.basis + (f"；特色领域：{s.domain}" if s.domain else "")).alignment = wrap
    r += 1
    order: dict[str, SheetRow] = {}
    for s in sheets:
        for row in s.rows:
            order.setdefault(row.rule, row)
    for rule, first in order.items():
        for c, v in enumerate((rule, first.group, first.name, first.condition), 1):
            _set(summary, r, c, v).alignment = wrap
        for c, s in enumerate(sheets, 5):
            row = next((x for x in s.rows if x.rule == rule), None)
            if row is None:
                _set(summary, r, c, "不适用")
                continue
            shown = row.status_name + ("" if row.value is None
                                       else f"：{row.value}{row.unit if isinstance(row.value, (int, float)) else ''}")
            if row.override:
                shown += "（已复核调整）"
            cell = _set(summary, r, c, shown)
            cell.fill, cell.alignment = fills[row.status], wrap
        r += 1
    if failed:
        r += 1
        _set(summary, r, 1, f"未能生成的申报（{len(failed)} 份）").font = bold
        for source, reason in failed:
            r += 1
            _set(summary, r, 1, source)
            _set(summary, r, 3, reason).alignment = wrap
    for c, w in enumerate([11, 14, 22, 26] + [22] * len(sheets), 1):
        summary.column_dimensions[get_column_letter(c)].width = w
    summary.freeze_panes = "E2"

    for s, title in zip(sheets, titles):
        ws = wb.create_sheet(title)
        _set(ws, 1, 1, f"申报单位：{s.applicant or '未识别'}    文件：{s.file}"
                       + (f"    工作区编号：{s.workspace_id}" if s.workspace_id is not None
                          else "")).font = Font(bold=True, size=12)
        _set(ws, 2, 1, f"适用标准：{s.basis}" + (f"；特色领域：{s.domain}" if s.domain else "")
                       + f"    生成时间：{generated:%Y-%m-%d %H:%M}    "
                         "判定由规则核查给出，复核意见与结论由评审专家填写")
        header_row = 4
        for c, (h, _, width) in enumerate(COLUMNS, 1):
            cell = _set(ws, header_row, c, h)
            cell.font, cell.fill, cell.alignment = bold, header_fill, wrap
            ws.column_dimensions[get_column_letter(c)].width = width
        status_col = next(i for i, (_, f, _) in enumerate(COLUMNS, 1) if f == "status_name")
        for i, row in enumerate(s.rows, header_row + 1):
            for c, (_, field, _) in enumerate(COLUMNS, 1):
                if field is None:
                    continue
                cell = _set(ws, i, c, getattr(row, field))
                cell.alignment = wrap
            ws.cell(row=i, column=status_col).fill = fills[row.status]
        last = header_row + len(s.rows)
        verdict_col = get_column_letter(len(COLUMNS))
        dv = DataValidation(type="list", formula1='"' + ",".join(VERDICT_CHOICES) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="复核结论", error="请从下拉列表中选择")
        dv.add(f"{verdict_col}{header_row + 1}:{verdict_col}{max(last, header_row + 1)}")
        ws.add_data_validation(dv)
        ws.freeze_panes = ws.cell(row=header_row + 1, column=4)
        ws.auto_filter.ref = f"A{header_row}:{verdict_col}{max(last, header_row)}"
    return wb


def sheets_to_xlsx_bytes(sheets: list[ApplicantSheet], failed: Sequence[tuple[str, str]] = ()) -> bytes:
    """The workbook as bytes (a download in the workbench; the same cells as ``write_xlsx``)."""
    buf = io.BytesIO()
    sheets_to_workbook(sheets, failed=failed).save(buf)
    return buf.getvalue()


def write_xlsx(sheets: list[ApplicantSheet], target: Path, failed: Sequence[tuple[str, str]] = ()) -> None:
    wb = sheets_to_workbook(sheets, failed=failed)
    write_atomic(target, lambda p: wb.save(p))


def write_csv(sheets: list[ApplicantSheet], target: Path) -> None:
    write_text_atomic(target, sheets_to_csv(sheets), newline="")

