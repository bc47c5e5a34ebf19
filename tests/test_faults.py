"""Faults: a batch killed with SIGKILL, a damaged policy index, four processes writing one workspace.
Each runs real processes (the CLI in children, or spawned writers) against real files."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_at_once
from tests.hostile.run import ROOT, run_cli
from tests.phrasings import sentence_pdf


def _reports(folder: Path, n: int, tag: str = "") -> list[Path]:
    """n distinct one-page reports (their figures differ, so their contents do)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"{tag}report-{i:02d}.pdf"
        p.write_bytes(sentence_pdf(f"{tag}园区{i}号申报书。2024年，园区实现销售收入{300 + i}.5亿元，"
                                   f"研发投入强度为{2 + i / 10:.2f}%。"))
        out.append(p)
    return out


def _count(db: Path, table: str) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute(f"select count(*) from {table}").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def test_a_batch_killed_mid_way_leaves_a_whole_store_and_a_rerun_completes(tmp_path):
    files = _reports(tmp_path / "in", 12)
    data = tmp_path / "data"
    env = {**os.environ, "PINGSHEN_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "workspace", "add", *map(str, files)], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = data / "workspace.sqlite3"
    deadline = time.monotonic() + 120
    while _count(db, "applications") < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    con = sqlite3.connect(db)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    stored = con.execute("select count(*) from applications").fetchone()[0]
    assert 3 <= stored < len(files)  # killed mid-batch
    # nothing half-written: every stored application has its check run and its audit entry
    assert con.execute("select count(*) from applications a where not exists "
                       "(select 1 from check_runs c where c.application_id = a.id)").fetchone()[0] == 0
    no_audit = ("select count(*) from applications a where not exists "
                "(select 1 from audit_log l where l.application_id = a.id and l.action = 'add')")
    assert con.execute(no_audit).fetchone()[0] == 0
    con.close()
    r = run_cli(["workspace", "add", "--json", *map(str, files)], {"PINGSHEN_DATA_DIR": str(data)})
    assert r.code == 0, r.err
    outcomes = [i["outcome"] for i in json.loads(r.out)["items"]]
    assert outcomes.count("exists") == stored and outcomes.count("added") == len(files) - stored
    assert _count(db, "applications") == len(files)  # no duplicates


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_policy_index_is_rebuilt_with_a_message(own_env, damage):
    store = own_env / "index" / "chroma" / "chroma.sqlite3"
    assert store.is_file()
    if damage == "garbage":
        store.write_bytes(b"this is no database" * 100)
    else:
        with store.open("r+b") as f:
            f.truncate(4096)
    r = run_cli(["search", "研发投入强度", "--json"], {"PINGSHEN_DATA_DIR": str(own_env)})
    assert r.code == 0, r.err
    assert "政策索引已损坏" in r.err and "正在重建" in r.err
    assert json.loads(r.out)["hits"][0]["ref"] == "附件 指标体系 序号7"
    r = run_cli(["search", "研发投入强度", "--json"], {"PINGSHEN_DATA_DIR": str(own_env)})  # and stays whole
    assert r.code == 0 and "已损坏" not in r.err


def test_a_chroma_server_that_is_not_there_is_named(data_dir, tmp_path):
    from tests.servers import free_port

    url = f"http://127.0.0.1:{free_port()}"
    r = run_cli(["search", "研发投入强度"], {"PINGSHEN_DATA_DIR": str(tmp_path / "d"), "PINGSHEN_CHROMA_URL": url})
    assert r.code == 2 and url.split("//")[1] in r.err and len(r.err.strip().splitlines()) == 1


def _writer(data_dir: str, files: list[str], name: str, start) -> None:
    from assistant import reports
    from assistant.settings import Settings

    settings = Settings(data_dir=Path(data_dir))
    ws = reports.open_workspace(settings)
    start.wait()
    items = reports.add_reports(settings, ws, [Path(f) for f in files], actor=name)
    for item in items:
        assert item.outcome == "added", item
        ws.override(item.id, "core-7", "needs_review", f"{name}复核{item.id}", name)
    ws.close()


def test_four_processes_adding_and_overriding_at_once_lose_nothing(tmp_path):
    from assistant import reports
    from assistant.settings import Settings

    data = tmp_path / "data"
    settings = Settings(data_dir=data)
    reports.open_workspace(settings).close()  # the schema exists before the race
    names = ["甲", "乙", "丙", "丁"]
    batches = {n: [str(p) for p in _reports(tmp_path / n, 3, tag=n)] for n in names}
    run_at_once(_writer, [(str(data), batches[n], n) for n in names], timeout=300)
    ws = reports.open_workspace(settings)
    apps = ws.applications()
    assert len(apps) == 12
    overrides = [o for a in apps for o in ws.overrides(a.id)]
    assert sorted(o.reviewer for o in overrides) == sorted(names * 3)
    assert {e.action for e in ws.audit()} >= {"add", "override"}
    assert sum(1 for e in ws.audit() if e.action == "override") == 12
    ws.close()
