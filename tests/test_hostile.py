"""Hostile and broken uploads (tests/hostile/kinds.py) through the real CLI in child processes: each
ends in a clean error or a correct result within the time and memory limits, a batch stores every good
file, and the parsers survive arbitrary text (hypothesis, bounded runs)."""
from __future__ import annotations

import json
import os
import sqlite3
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.kinds import REPORT, make_all, reportlab_pdf
from tests.hostile.run import run_cli

MEMORY_MIB = 1024  # one file's extraction, the whole child process included
SECONDS = 60


def _generate():
    """The hostile files, written once per test process (at collection: the test ids are their names) into a
    folder removed when the process ends."""
    import atexit
    import shutil
    import tempfile
    from pathlib import Path

    root = Path(tempfile.mkdtemp(prefix="pingshen-hostile-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root, make_all(root / "files")


ROOT_DIR, ALL = _generate()


@pytest.fixture(scope="module")
def hostile():
    return ROOT_DIR, ALL, {"PINGSHEN_DATA_DIR": str(ROOT_DIR / "data")}


def test_the_generator_covers_at_least_25_kinds():
    assert len(ALL) >= 25
    assert len({k.name for k in ALL}) == len(ALL)
    assert {"error", "ok"} == {k.outcome for k in ALL}


def _no_raw_controls(text: str) -> bool:
    return not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in text if ch != "\n")


@pytest.mark.parametrize("i", range(len(ALL)), ids=[k.name for k in ALL])
def test_each_hostile_file_ends_cleanly_within_limits(hostile, i):
    _, kinds, env = hostile
    k = kinds[i]
    r = run_cli(["extract", "--json", "--", os.fsencode(k.file)], env, timeout=SECONDS * 2)
    assert r.seconds < SECONDS, (k.name, r.seconds)
    assert r.peak_mib < MEMORY_MIB, (k.name, r.peak_mib)
    assert "Traceback" not in r.err, r.err
    if k.outcome == "error":
        assert r.code == 2 and r.out == "", (k.name, r.code, r.out[:200])
        assert len(r.err.strip().splitlines()) == 1 and k.says in r.err, r.err
        assert _no_raw_controls(r.err) and "\\udc" not in r.err, r.err
    else:
        assert r.code == 0, (k.name, r.err)
        doc = json.loads(r.out)  # valid UTF-8 JSON, whatever the file was called
        assert _no_raw_controls(doc["file"]), doc["file"]
        k.check(doc)


def test_injected_text_changes_no_verdict(hostile):
    _, kinds, env = hostile
    for k in kinds:
        if "injection" not in k.name and "hidden" not in k.name:
            continue
        r = run_cli(["check", "--json", "--", os.fsencode(k.file)], env)
        assert r.code == 0, r.err
        results = {x["rule"]: x for x in json.loads(r.out)["results"]}
        assert results["core-7"]["status"] == "met" and results["core-7"]["value"] == 3.12, k.name
        assert results["core-3"]["status"] == "missing", k.name  # nothing said about it: no verdict talked into being


def test_a_batch_stores_every_good_file_and_reports_each_bad_one(hostile, tmp_path):
    root, kinds, _ = hostile
    env = {"PINGSHEN_DATA_DIR": str(tmp_path / "data")}
    files = [k for k in kinds if "blank" not in k.name]
    r = run_cli(["workspace", "add", "--json", "--", *[os.fsencode(k.file) for k in files]], env, timeout=600)
    assert r.code == 2 and "Traceback" not in r.err  # some failed, none crashed
    items = json.loads(r.out)["items"]
    assert len(items) == len(files)
    for k, item in zip(files, items):
        if k.outcome == "ok":
            assert item["outcome"] in ("added", "exists"), (k.name, item)
        else:
            assert item["outcome"] == "failed" and k.says in item["error"], (k.name, item)
        assert _no_raw_controls(item["file"])
    db = sqlite3.connect(tmp_path / "data" / "workspace.sqlite3")
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    stored = db.execute("select count(*) from applications").fetchone()[0]
    db.close()
    # identical good files share one application (same content hash), so count distinct contents
    good = {k.file.read_bytes() for k in files if k.outcome == "ok"}
    assert stored == len(good)


def test_a_file_over_its_time_budget_is_reported_and_the_batch_goes_on(tmp_path):
    import io

    from PIL import Image
    from reportlab.lib.utils import ImageReader

    from tests.phrasings import sentence_pdf

    noisy = reportlab_pdf(lambda c, i: c.drawImage(ImageReader(Image.open(io.BytesIO(_noise_png()))), 0, 0, 595, 842),
                          pages=3)
    slow, good = tmp_path / "slow.pdf", tmp_path / "good.pdf"
    slow.write_bytes(noisy)
    good.write_bytes(sentence_pdf(REPORT))
    env = {"PINGSHEN_DATA_DIR": str(tmp_path / "data"), "PINGSHEN_MAX_FILE_SECONDS": "0.5"}
    r = run_cli(["workspace", "add", "--json", str(slow), str(good)], env)
    items = json.loads(r.out)["items"]
    assert items[0]["outcome"] == "failed" and "处理时间超过上限" in items[0]["error"] and "页停止" in items[0]["error"]
    assert items[1]["outcome"] == "added"


def _noise_png() -> bytes:
    import io
    import random

    from PIL import Image

    rnd = random.Random(5)
    img = Image.new("L", (600, 850), 255)
    px = img.load()
    for _ in range(30000):
        px[rnd.randrange(600), rnd.randrange(850)] = 0
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


# --- the parsers on arbitrary text ---------------------------------------------------------------

_TEXT = st.text(alphabet=st.sampled_from(list("0123456789.,-+eE%％亿万千百十元个家年月日约超过以上下降增长为达到占比"
                                              "研发投入强度销售收入园区（）()、，。；：\n \u200b\u202e𠀀")),
                max_size=80)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_quantities_never_crash_and_stay_finite(text):
    from extraction.normalize import match_form
    from extraction.quantities import sentence_to_clauses, sentence_to_quantities

    norm = match_form(text)
    for q in sentence_to_quantities(norm, sentence_to_clauses(norm)):
        assert q.figure.value.is_finite()
        assert 0 <= q.start <= q.end <= len(norm)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_the_report_reader_never_crashes_and_reads_only_plausible_values(text):
    from extraction.indicators import in_range, lexicon
    from tests.pagetext import read_page

    x = read_page(*text.splitlines() or [""], method="text")
    specs = lexicon()["quantitative"]
    for r in x.records:
        if r.indicator in specs and not isinstance(r.value, (list, dict)) and hasattr(r.value, "is_finite"):
            assert in_range(specs[r.indicator], r.value), (text, r)


_NOTICE = st.text(alphabet=st.sampled_from(list("第一二三四五六七八九十条章节（）()、.．1234567890：:。；\n "
                                                "附件特此通知各省厅局目录来源责任编辑\t")), max_size=120)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NOTICE)
def test_the_clause_parser_never_crashes_and_keeps_text(text):
    from knowledge.clauses import prose_to_clauses
    from knowledge.furniture import text_to_body

    body, furniture = text_to_body(text)
    for f in furniture:
        assert f.text in text
    clauses = prose_to_clauses("fuzz", body)
    squeezed = "".join(text.split())
    for c in clauses:
        assert all(part in squeezed for part in c.text.split()) or c.kind in ("table", "row", "group"), c
