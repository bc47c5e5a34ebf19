"""Shared fixtures: one real index built per test session in a temporary data directory."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
DEMO = Path(__file__).resolve().parents[1] / "assistant" / "demo_reports"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session", autouse=True)
def pdfium_fonts():
    """pdfium set up as the command line sets it up (extraction/fonts.py) before any test opens a PDF with it."""
    from extraction.fonts import pdfium

    pdfium()


@pytest.fixture(scope="session")
def kb():
    from knowledge.index import load_knowledge

    return load_knowledge(None)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pingshen-data")


def run_at_once(target, arg_lists: list[tuple], timeout: float) -> None:
    """``target(*args, start)`` in one spawned process per argument tuple, all released by one ``start`` event so
    they race; each must exit 0 within ``timeout`` seconds."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=target, args=(*args, start)) for args in arg_lists]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout)
        assert p.exitcode == 0


def copy_data_dir(data_dir: Path, target: Path) -> Path:
    """A copy of the session's data directory (its index built, no workspace or uploads) to change freely."""
    import shutil

    shutil.copytree(data_dir, target, ignore=shutil.ignore_patterns("workspace.sqlite3*", "uploads"))
    return target


@pytest.fixture(scope="session")
def index(kb, data_dir):
    from knowledge.index import PolicyIndex

    return PolicyIndex.open(kb, data_dir, progress=False)


@pytest.fixture(scope="session")
def questions() -> list[dict]:
    return json.loads((DATA / "search_questions.json").read_text(encoding="utf-8"))


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    """24 generated reports with truth.json (tests/reportgen.py, seed 7)."""
    from tests.reportgen import write_set

    out = tmp_path_factory.mktemp("generated")
    write_set(out, 24, seed=7)
    return out


@pytest.fixture
def env(data_dir, index, monkeypatch):
    """The session's data directory (its index is already built) as PINGSHEN_DATA_DIR."""
    return use_data_dir(monkeypatch, data_dir)


def use_data_dir(monkeypatch, path: Path) -> Path:
    """``path`` as PINGSHEN_DATA_DIR for one test, with the embedded index (no Chroma server)."""
    monkeypatch.setenv("PINGSHEN_DATA_DIR", str(path))
    monkeypatch.delenv("PINGSHEN_CHROMA_URL", raising=False)
    return path


@pytest.fixture
def own_env(data_dir, index, tmp_path, monkeypatch) -> Path:
    """A copy of the session's data directory as PINGSHEN_DATA_DIR, to add documents to or damage freely."""
    return use_data_dir(monkeypatch, copy_data_dir(data_dir, tmp_path / "data"))


@pytest.fixture
def cli(capsys):
    """Run ``pingshen ARGV…`` in process: (exit code, stdout, stderr)."""
    from assistant.cli import main

    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(scope="session")
def demo_checked(kb, tmp_path_factory):
    """(extraction, check report) of the text demo reports D01 and D02."""
    from assistant.checks import extraction_to_checks
    from extraction.pipeline import extract_report

    cache = tmp_path_factory.mktemp("demo-cache")
    out = []
    for name in ("D01.pdf", "D02.pdf"):
        x = extract_report(DEMO / name, cache_dir=cache)
        out.append((x, extraction_to_checks(x, kb.catalogue)))
    return out


@pytest.fixture(scope="session")
def demo_assistant(data_dir, index, tmp_path_factory):
    """An assistant without an LLM over a workspace holding D01 (#1), D02 (#2) and D03 (#3)."""
    from assistant import reports
    from assistant.ask import Assistant
    from assistant.settings import Settings

    db = tmp_path_factory.mktemp("demo-ws") / "ws.sqlite3"
    settings = Settings(data_dir=data_dir, database_url=f"sqlite:///{db}")
    ws = reports.open_workspace(settings)
    items = reports.add_reports(settings, ws, [DEMO / "D01.pdf", DEMO / "D02.pdf", DEMO / "D03.pdf"], actor="test")
    assert [i.id for i in items] == [1, 2, 3]
    ws.close()
    a = Assistant(settings)
    yield a
    a.close()
