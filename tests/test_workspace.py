"""The workspace store on SQLite (WAL) and on a real PostgreSQL server: transactions, append-only
audit, overrides against the current status, concurrent writers, and the CLI on top."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import DEMO, run_at_once


@pytest.fixture(scope="module")
def pg_url():
    from tests.servers import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.server)])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ws.sqlite3'}"
    pg = request.getfixturevalue("pg_url")
    from assistant.workspace import Base, make_engine

    engine = make_engine(pg)
    with engine.begin() as conn:  # a clean schema per test
        conn.execute(text("DROP TABLE IF EXISTS audit_log, overrides, check_runs, applications, pingshen_meta CASCADE"))
    engine.dispose()
    assert Base.metadata  # schema is created again by Workspace.open
    return pg


def test_add_list_detail_round_trip(url, demo_checked):
    from assistant.workspace import Workspace

    ws = Workspace.open(url)
    (x1, r1), (x2, r2) = demo_checked
    a1, created = ws.add(x1, r1, "王五", "corpus-1")
    assert created and a1.id >= 1 and a1.file == "D01.pdf" and a1.applicant == x1.applicant
    assert sum(a1.counts.values()) == len(r1.results)
    again, created = ws.add(x1, r1, "王五", "corpus-1")
    assert not created and again.id == a1.id
    a2, _ = ws.add(x2, r2, "王五", "corpus-1")
    assert [a.id for a in ws.applications()] == [a1.id, a2.id]
    d = ws.detail(a1.id)
    assert d.extraction == x1 and d.engine_report == r1 and d.report == r1 and d.check_runs == 1
    assert ws.find(x2.sha256) == a2.id and ws.find("0" * 64) is None
    assert [e.action for e in ws.audit()] == ["add", "add"]
    ws.close()


def test_override_records_old_status_and_applies_latest(url, demo_checked):
    from assistant.workspace import Workspace

    ws = Workspace.open(url)
    x, r = demo_checked[0]
    app, _ = ws.add(x, r, "王五", "c")
    engine_status = r.result("core-7").status
    o1 = ws.override(app.id, "core-7", "needs_review", "研发经费口径需核实", "张三")
    assert (o1.old_status, o1.new_status) == (engine_status, "needs_review")
    o2 = ws.override(app.id, "core-7", "not_met", "核实后剔除非研发支出", "李四", value=2.31)
    assert o2.old_status == "needs_review" and o2.old_value == r.result("core-7").value
    d = ws.detail(app.id)
    eff = d.report.result("core-7")
    assert eff.status == "not_met" and eff.value == 2.31 and eff.override.reason == "核实后剔除非研发支出"
    assert d.engine_report.result("core-7").status == engine_status  # the engine's result is kept
    assert [o.id for o in d.overrides] == [o1.id, o2.id]
    assert d.summary.counts["not_met"] == (sum(1 for q in r.results if q.status == "not_met")
                                           + (engine_status != "not_met"))
    log = ws.audit(app.id)
    assert [e.action for e in log] == ["add", "override", "override"]
    assert log[-1].detail["reason"] == "核实后剔除非研发支出" and log[-1].actor == "李四"
    ws.close()


def test_override_refuses_unknown_rule_status_app_and_empty_reason(url, demo_checked):
    from assistant.workspace import Workspace
    from extraction.errors import WorkspaceError

    ws = Workspace.open(url)
    app, _ = ws.add(*demo_checked[0], "王五", "c")
    for args in ((app.id, "core-99", "met", "x"), (app.id, "core-7", "passed", "x"),
                 (app.id + 100, "core-7", "met", "x"), (app.id, "core-7", "met", "  ")):
        with pytest.raises(WorkspaceError):
            ws.override(*args, "张三")
    assert ws.overrides(app.id) == [] and [e.action for e in ws.audit()] == ["add"]
    ws.close()


def test_audit_log_is_append_only_in_the_database(url, demo_checked):
    from sqlalchemy.exc import DBAPIError

    from assistant.workspace import Workspace

    ws = Workspace.open(url)
    ws.add(*demo_checked[0], "王五", "c")
    for stmt in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            with ws.engine.begin() as conn:
                conn.execute(text(stmt))
    assert [e.actor for e in ws.audit()] == ["王五"]
    ws.close()


def test_failure_inside_add_leaves_no_half_application(url, demo_checked, monkeypatch):
    from assistant.workspace import Workspace

    ws = Workspace.open(url)

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Workspace, "_audit", boom)
    with pytest.raises(RuntimeError):
        ws.add(*demo_checked[0], "王五", "c")
    monkeypatch.undo()
    with ws.engine.connect() as conn:
        for table in ("applications", "check_runs", "audit_log"):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
    ws.close()


CRASH = """
import os, sys
from assistant.workspace import Workspace
from extraction.models import Extraction
from assistant.checks import CheckReport
x = Extraction.model_validate_json(open(sys.argv[2], encoding="utf-8").read())
r = CheckReport.model_validate_json(open(sys.argv[3], encoding="utf-8").read())
ws = Workspace.open(sys.argv[1])
def die(*a, **k):
    os._exit(9)  # the process dies mid-transaction: no rollback, no cleanup
Workspace._audit = die
ws.add(x, r, "王五", "c")
"""


def test_process_killed_mid_ingest_leaves_nothing(url, demo_checked, tmp_path):
    from assistant.workspace import Workspace

    x, r = demo_checked[0]
    (tmp_path / "x.json").write_text(x.model_dump_json(), encoding="utf-8")
    (tmp_path / "r.json").write_text(r.model_dump_json(), encoding="utf-8")
    Workspace.open(url).close()
    proc = subprocess.run([sys.executable, "-c", CRASH, url, str(tmp_path / "x.json"), str(tmp_path / "r.json")],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    assert proc.returncode == 9, proc.stderr
    ws = Workspace.open(url)
    assert ws.applications() == [] and ws.audit() == []
    summary, created = ws.add(x, r, "王五", "c")  # and the store is usable afterwards
    assert created and ws.find(x.sha256) == summary.id
    ws.close()


def _reviewer(url: str, app_id: int, name: str, n: int, start) -> None:
    from assistant.workspace import Workspace

    ws = Workspace.open(url)
    start.wait()
    statuses = ["met", "not_met", "needs_review"]
    for i in range(n):
        ws.override(app_id, "core-7" if i % 2 else "core-1", statuses[i % 3], f"{name}第{i}次复核", name)
    ws.close()


def test_two_reviewers_saving_at_once_lose_nothing(url, demo_checked):
    from assistant.workspace import Workspace

    ws = Workspace.open(url)
    app, _ = ws.add(*demo_checked[0], "王五", "c")
    n = 30
    run_at_once(_reviewer, [(url, app.id, name, n) for name in ("张三", "李四")], timeout=120)
    overrides = ws.overrides(app.id)
    assert len(overrides) == 2 * n
    assert {o.reviewer for o in overrides} == {"张三", "李四"}
    assert len({o.reason for o in overrides}) == 2 * n
    # serialised: each decision was recorded against the status the previous one left
    for rule in ("core-1", "core-7"):
        chain = [o for o in overrides if o.rule == rule]
        assert all(b.old_status == a.new_status for a, b in zip(chain, chain[1:]))
    assert sum(1 for e in ws.audit(app.id) if e.action == "override") == 2 * n
    ws.close()


def test_sqlite_store_uses_wal(tmp_path):
    from assistant.workspace import Workspace

    ws = Workspace.open(f"sqlite:///{tmp_path / 'ws.sqlite3'}")
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    ws.close()


def test_unreachable_database_is_a_clear_error():
    from assistant.workspace import Workspace
    from extraction.errors import WorkspaceError
    from tests.servers import free_port

    with pytest.raises(WorkspaceError) as e:
        Workspace.open(f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none?connect_timeout=2")
    assert "工作区数据库" in e.value.user_message


# --- the command line -----------------------------------------------------------------

def test_cli_workspace_batch_override_and_show(env, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PINGSHEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PINGSHEN_REVIEWER", "赵六")
    bad = tmp_path / "坏文件.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really")
    code, out, err = cli("workspace", "add", str(DEMO / "D01.pdf"), str(bad), str(DEMO / "D02.pdf"), "--json")
    assert code == 2, err  # the bad file is reported ...
    doc = json.loads(out)
    assert [i["outcome"] for i in doc["items"]] == ["added", "failed", "added"]  # ... and the rest still added
    assert "坏文件.pdf" in err and doc["added"] == 2 and doc["failed"] == 1
    ids = [i["id"] for i in doc["items"] if i["id"]]

    code, out, _ = cli("workspace", "add", str(DEMO / "D01.pdf"))
    assert code == 0 and "已在工作区" in out

    code, out, _ = cli("workspace", "list", "--json")
    apps = json.loads(out)["applications"]
    assert [a["id"] for a in apps] == ids and apps[0]["uploaded_by"] == "赵六"

    code, out, err = cli("override", str(ids[0]), "core-7", "--status", "not_met", "--reason", "研发经费含基建支出",
                         "--value", "2.31")
    assert code == 0, err and "研发经费含基建支出" in out
    code, out, _ = cli("workspace", "show", str(ids[0]), "--json")
    shown = json.loads(out)
    r7 = next(r for r in shown["check"]["results"] if r["rule"] == "core-7")
    assert r7["status"] == "not_met" and r7["value"] == 2.31
    assert r7["override"]["reason"] == "研发经费含基建支出" and r7["override"]["reviewer"] == "赵六"
    assert [e["action"] for e in shown["audit"]] == ["add", "override"]
    code, out, _ = cli("workspace", "show", str(ids[0]))
    assert code == 0 and "复核调整" in out and "研发经费含基建支出" in out

    for argv in (("override", str(ids[0]), "core-7", "--status", "not_met", "--reason", " "),
                 ("override", "999", "core-7", "--status", "met", "--reason", "x"),
                 ("override", str(ids[0]), "core-77", "--status", "met", "--reason", "x"),
                 ("workspace", "show", "abc")):
        code, out, err = cli(*argv)
        assert code == 2 and out == "" and err.startswith("错误 / error:") and len(err.strip().splitlines()) == 1


def test_cli_workspace_on_empty_store(env, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PINGSHEN_DATA_DIR", str(tmp_path / "empty"))
    code, out, _ = cli("workspace", "list")
    assert code == 0 and "工作区为空" in out
