"""Small promises of the command line: its version, columns that line up with Chinese text, the audit log
and the redline in plain text."""
from __future__ import annotations

import pytest


def test_version_text(capsys):
    from importlib.metadata import version

    from assistant.cli import main

    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"pingshen {version('pingshen')}"


@pytest.mark.parametrize("text,limit,expect", [
    ("研发投入强度", 20, "研发投入强度"),
    ("研发投入强度为12345.678万元", 16, "研发投入强度为…"),  # the number is not cut: it goes whole
    ("abc 3.14159", 8, "abc …"),
    ("主导产业销售收入占产业集聚区销售收入比重", 28, "主导产业销售收入占产业集聚…"),
])
def test_clip_never_cuts_a_number(text, limit, expect):
    from assistant.textcols import clip, width

    assert clip(text, limit) == expect and width(clip(text, limit)) <= limit


def test_columns_line_up_by_display_width():
    from assistant.textcols import pad, width

    rows = [pad("指标", 12) + pad("名称", 30) + "x", pad("core-1", 12) + pad("产业集聚区销售收入", 30) + "x"]
    assert len({width(r) for r in rows}) == 1


def test_workspace_show_prints_the_audit_log_and_compare_the_redline(env, cli, tmp_path, monkeypatch):
    from tests.conftest import DEMO

    monkeypatch.setenv("PINGSHEN_DATABASE_URL", f"sqlite:///{tmp_path / 'ws.sqlite3'}")
    code, _, err = cli("workspace", "add", str(DEMO / "D01.pdf"))
    assert code == 0, err
    cli("override", "1", "core-7", "--status", "needs_review", "--reason", "口径需核实", "--reviewer", "李四")
    code, out, _ = cli("workspace", "show", "1")
    assert "操作记录（审计日志，2 条" in out and "加入工作区" in out and "李四 复核调整" in out
    code, out, _ = cli("compare", "复核周期")
    assert code == 0 and "修订对照" in out and "[-" in out and "{+" in out


def test_render_scale_bounds_the_pixels():
    from extraction.limits import render_scale

    assert render_scale(595, 842, 1.7, 12) == 1.7  # an A4 page keeps the OCR scale
    s = render_scale(200000, 200000, 1.7, 12)
    assert (200000 * s) ** 2 <= 12e6 * 1.0001


def test_a_blank_scanned_page_is_blank_not_unreadable(tmp_path):
    from extraction.ocr import ocr_page
    from extraction.pages import pdf_to_pages
    from tests.hostile.kinds import reportlab_pdf

    pdf = tmp_path / "white.pdf"
    white = reportlab_pdf(lambda c, i: (c.setFillColorRGB(1, 1, 1), c.rect(0, 0, 595, 842, fill=1, stroke=0)), pages=2)
    pdf.write_bytes(white)
    pages = list(pdf_to_pages(pdf, ocr=ocr_page))
    assert len(pages) == 2 and not any(p.unreadable for p in pages)


def test_a_score_sheet_source_whose_name_is_no_utf8_is_shown_escaped(env, cli, tmp_path):
    import os

    from tests.conftest import DEMO

    bad = os.path.join(os.fsencode(tmp_path), b"bad\xffname.pdf")
    with open(bad, "wb") as f:
        f.write(b"not a pdf")
    out_file = tmp_path / "s.xlsx"
    code, out, err = cli("scoresheet", str(DEMO / "D01.pdf"), os.fsdecode(bad), "-o", str(out_file))
    assert code == 2 and out_file.is_file() and "\\xff" in err and "\udcff" not in err


@pytest.mark.parametrize("typed,name", [("研发投如强度", "研发投入强度"), ("关键工序数控话率", "关键工序数控化率")])
def test_a_typo_is_said_as_typed(kb, typed, name):
    from assistant.questions import question_to_intent

    intent = question_to_intent(f"{typed}达标吗", kb.catalogue, [d.meta for d in kb.docs])
    assert intent.corrected == ((typed, name),)
