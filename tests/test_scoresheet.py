"""The 评分表, read back with openpyxl: sheets, header, frozen panes, colours, drop-down, overrides,
no formulas; CSV and JSON; bad sources do not stop the rest and nothing is half-written."""
from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import DEMO


@pytest.fixture(scope="module")
def reports(demo_checked):
    return [report for _, report in demo_checked]


def test_rows_follow_the_check_results(reports, kb):
    from assistant.checks import STATUS_NAMES
    from assistant.scoresheet import report_to_sheet

    r = reports[0]
    sheet = report_to_sheet(r, kb.catalogue)
    assert [row.rule for row in sheet.rows] == [x.rule for x in r.results]
    for row, res in zip(sheet.rows, r.results):
        assert row.status_name == STATUS_NAMES[res.status] and row.condition == res.threshold
        assert row.clause_ref == f"{res.clause.doc} {res.clause.ref}"
        if res.evidence:
            assert row.evidence_pages.split("、")[0] == str(res.evidence[0].page)
            assert res.evidence[0].text in row.evidence_text
    core1 = next(row for row in sheet.rows if row.rule == "core-1")
    assert core1.group == kb.catalogue.rule("core-1").group and core1.indicator_type == "定量"
    elig = next(row for row in sheet.rows if row.rule == "eligibility")
    assert elig.group == "申报资格"


def test_workbook_read_back(reports, kb, tmp_path):
    from datetime import datetime

    from openpyxl import load_workbook

    from assistant.checks import OverrideRecord, apply_overrides
    from assistant.scoresheet import COLUMNS, STATUS_FILLS, VERDICT_CHOICES, report_to_sheet, write_xlsx

    o = OverrideRecord(id=1, application_id=1, rule="core-7", old_status=reports[0].result("core-7").status,
                       new_status="not_met", reason="研发经费含基建支出", reviewer="张三",
                       at=datetime(2026, 11, 21, 9, 30))
    first = apply_overrides(reports[0], [o])
    sheets = [report_to_sheet(first, kb.catalogue, 1), report_to_sheet(reports[1], kb.catalogue)]
    path = tmp_path / "评分表.xlsx"
    write_xlsx(sheets, path)
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == 3
    assert all(reports[i].applicant in wb.sheetnames[i + 1] for i in range(2))

    ws = wb[wb.sheetnames[1]]
    header = [c.value for c in ws[4]]
    assert header == [h for h, _, _ in COLUMNS]
    assert {"一级指标", "二级指标", "申报条件", "申报值", "单位", "判定", "证据页码", "证据原文", "条款出处",
            "复核意见", "复核结论"} <= set(header)
    assert ws.freeze_panes == "D5"
    rows = {ws.cell(row=i, column=1).value: i for i in range(5, ws.max_row + 1)}
    assert set(rows) == {r.rule for r in first.results}
    col = {h: i for i, h in enumerate(header, 1)}
    i7 = rows["core-7"]
    assert ws.cell(row=i7, column=col["判定"]).value == "未达标"
    assert ws.cell(row=i7, column=col["判定"]).fill.fgColor.rgb.endswith(STATUS_FILLS["not_met"])
    assert "研发经费含基建支出" in ws.cell(row=i7, column=col["复核调整"]).value
    assert "张三" in ws.cell(row=i7, column=col["复核调整"]).value
    i1 = rows["core-1"]
    assert ws.cell(row=i1, column=col["申报值"]).value == first.result("core-1").value  # a number, not text
    assert ws.cell(row=i1, column=col["复核意见"]).value is None
    dv = ws.data_validations.dataValidation
    assert len(dv) == 1 and dv[0].formula1 == '"' + ",".join(VERDICT_CHOICES) + '"'
    assert str(dv[0].sqref) == f"P5:P{ws.max_row}"
    for sheet in wb.worksheets:  # formula-free
        assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)

    summary = wb["汇总"]
    assert [c.value for c in summary[1]][4:] == [r.applicant for r in reports]
    labels = [summary.cell(row=i, column=3).value for i in range(2, 6)]
    assert labels == ["达标项数", "未达标项数", "需人工复核项数", "未提供项数"]
    assert summary.cell(row=3, column=5).value == sum(1 for r in first.results if r.status == "not_met")
    cells = {summary.cell(row=i, column=1).value: i for i in range(7, summary.max_row + 1)}
    assert "已复核调整" in summary.cell(row=cells["core-7"], column=5).value


def test_applicant_text_never_becomes_a_formula(reports, kb, tmp_path):
    from openpyxl import load_workbook

    from assistant.scoresheet import report_to_sheet, sheets_to_csv, write_xlsx

    evil = reports[0].model_copy(update={"applicant": '=HYPERLINK("http://x","点我")'})
    sheet = report_to_sheet(evil, kb.catalogue)
    write_xlsx([sheet], tmp_path / "s.xlsx")
    wb = load_workbook(tmp_path / "s.xlsx")
    cell = wb["汇总"].cell(row=1, column=5)
    assert cell.value == '=HYPERLINK("http://x","点我")' and cell.data_type == "s"
    rows = list(csv.reader(io.StringIO(sheets_to_csv([sheet]).lstrip("\ufeff"))))
    assert rows[1][0].startswith("'=")


def test_sheet_titles_are_valid_and_unique():
    from assistant.scoresheet import ApplicantSheet, sheet_titles

    sheets = [ApplicantSheet(file=f"{i}.pdf", applicant="某某经济技术开发区[一期]/二期:*?" * 3, basis="", domain=None,
                             rows=())
              for i in range(3)]
    titles = sheet_titles(sheets)
    assert len(set(titles)) == 3 and all(len(t) <= 31 and not set(t) & set("[]:*?/\\") for t in titles)


def test_cli_scoresheet_xlsx_csv_json_with_overrides(env, cli, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.setenv("PINGSHEN_DATA_DIR", str(tmp_path / "data"))
    code, out, err = cli("workspace", "add", str(DEMO / "D01.pdf"), "--json", "--reviewer", "王五")
    app_id = json.loads(out)["items"][0]["id"]
    cli("override", str(app_id), "core-1", "--status", "needs_review", "--reason", "销售收入含贸易额，需核减",
        "--reviewer", "张三")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"\x00" * 10)
    xlsx = tmp_path / "out" / "评分表.xlsx"
    # the PDF that is in the workspace carries its override; a workspace id works too; a bad file is reported
    code, out, err = cli("scoresheet", str(DEMO / "D01.pdf"), str(bad), str(DEMO / "D02.pdf"), "-o", str(xlsx))
    assert code == 2 and "broken.pdf" in err and xlsx.is_file()
    wb = load_workbook(xlsx)
    assert len(wb.sheetnames) == 3
    ws = wb[wb.sheetnames[1]]
    row = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] == "core-1")
    assert row[7] == "需人工复核" and "销售收入含贸易额" in row[13]

    code, out, _ = cli("scoresheet", str(app_id), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["applicants"][0]["workspace_id"] == app_id
    r1 = next(r for r in doc["applicants"][0]["rows"] if r["rule"] == "core-1")
    assert r1["status"] == "needs_review" and "销售收入含贸易额" in r1["override"]

    csv_path = tmp_path / "评分表.csv"
    code, out, _ = cli("scoresheet", str(DEMO / "D02.pdf"), "-o", str(csv_path))
    assert code == 0 and csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert rows and rows[0]["规则编号"] == "core-1" and "复核结论" in rows[0]


def test_cli_scoresheet_writes_nothing_when_nothing_is_readable(env, cli, tmp_path):
    bad = tmp_path / "a.pdf"
    bad.write_text("hello")
    out_file = tmp_path / "s.xlsx"
    code, out, err = cli("scoresheet", str(bad), str(tmp_path / "missing.pdf"), "-o", str(out_file))
    assert code == 2 and not out_file.exists() and not list(tmp_path.glob(".pingshen-*"))
    code, out, err = cli("scoresheet", str(DEMO / "D01.pdf"))
    assert code == 2 and "-o" in err


def test_a_failing_source_is_listed_in_the_summary_and_the_rest_written(env, cli, tmp_path):
    from openpyxl import load_workbook

    bad = tmp_path / "坏文件.pdf"
    bad.write_text("not a pdf")
    out_file = tmp_path / "评分表.xlsx"
    code, out, err = cli("scoresheet", str(DEMO / "D01.pdf"), str(bad), "-o", str(out_file))
    assert code == 2 and out_file.is_file() and "坏文件.pdf" in err
    summary = load_workbook(out_file)["汇总"]
    cells = [str(c.value) for row in summary.iter_rows() for c in row if c.value is not None]
    assert "未能生成的申报（1 份）" in cells
    assert any("坏文件.pdf" in c for c in cells) and any("不是 PDF" in c for c in cells)
    assert len(load_workbook(out_file).sheetnames) == 2  # the summary and the one good applicant
