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
