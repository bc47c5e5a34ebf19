"""`pingshen extract` and `pingshen check` per the contract, and the sample scorer end to end."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest


def test_extract_json_shape(env, cli, generated):
    truth = json.loads((generated / "truth.json").read_text(encoding="utf-8"))
    some = next(t for t in truth
                if t["scanned"] and len(t["scanned"]) < t["pages"] and "core-2 in prose" not in t["traps"])
    code, out, _ = cli("extract", str(generated / some["file"]), "--json")
    doc = json.loads(out)
    assert code == 0 and out.count("\n") == 1
    assert {"file", "pages", "ocr_pages", "script", "records", "warnings", "rejected"} <= set(doc)
    assert doc["file"] == some["file"] and doc["ocr_pages"] == some["scanned"]
    for rec in doc["records"]:
        assert {"indicator", "name", "value", "unit", "year", "page", "text", "method"} <= set(rec)
        assert rec["method"] in ("stated", "table", "derived", "ocr") and rec["page"] >= 1
    series = next(r for r in doc["records"] if r["indicator"] == "core-2")
    assert all(set(p) == {"year", "park", "local"} for p in series["value"])
    nine = next(r for r in doc["records"] if r["indicator"] == "core-9")
    assert set(nine["value"]) == {"national", "provincial"}


def test_extract_readable_table(env, cli, generated):
    truth = json.loads((generated / "truth.json").read_text(encoding="utf-8"))
    traditional = next(t["file"] for t in truth if t["script"] == "traditional")
    code, out, _ = cli("extract", str(generated / traditional))
    assert code == 0 and "core-1" in out and "繁体" in out


def test_check_json_covers_core_and_eligibility(env, cli, generated):
    code, out, _ = cli("check", str(generated / "R02.pdf"), "--json")
    doc = json.loads(out)
    assert code == 0
    rules = [r["rule"] for r in doc["results"]]
    assert rules[:30] == [f"core-{i}" for i in range(1, 30)] + ["eligibility"]
    assert doc["domain"] == "工业互联网" and "special-12" in rules
    for r in doc["results"]:
        assert r["status"] in ("met", "not_met", "needs_review", "missing")
        assert r["clause"]["doc"] and r["clause"]["ref"] and r["clause"]["text"]


def test_check_flags_override_the_report(env, cli, generated):
    code, out, _ = cli("check", str(generated / "R04.pdf"), "--special-region", "--domain", "数据中心", "--json")
    doc = json.loads(out)
    assert doc["special_region"] is True and doc["domain"] == "数据中心"
    assert any(r["rule"].startswith("special-18") for r in doc["results"])


@pytest.mark.parametrize("content", [b"", b"not a pdf at all", b"%PDF-1.7\n%%broken"])
def test_unusable_report_exits_2_and_writes_nothing(env, cli, tmp_path, content):
    f = tmp_path / "upload.pdf"
    f.write_bytes(content)
    before = sorted(p.name for p in (env / "cache").rglob("*")) if (env / "cache").exists() else []
    for cmd in ("extract", "check"):
        code, out, err = cli(cmd, str(f), "--json")
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and "/" in err
    after = sorted(p.name for p in (env / "cache").rglob("*")) if (env / "cache").exists() else []
    assert before == after


def test_unknown_domain_is_bad_usage(env, cli, generated):
    code, _, err = cli("check", str(generated / "R01.pdf"), "--domain", "元宇宙")
    assert code == 2 and "未知的特色领域" in err


def test_sample_scorer_is_perfect(shared_dir, data_dir):
    """../shared/tools/score_reports.py on the public samples: every value, page and verdict right."""
    env = {"PINGSHEN_DATA_DIR": str(data_dir), "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"}
    p = subprocess.run([sys.executable, str(shared_dir / "tools" / "score_reports.py"), str(shared_dir / "samples"),
                        "--pingshen", f"{sys.executable} -m assistant"], capture_output=True, text=True, env=env,
                       timeout=600)
    assert "reports failed: 0" in p.stdout, p.stdout + p.stderr
    m = re.search(r"F1 ([\d.]+) · evidence pages (\d+)/(\d+) · verdict accuracy ([\d.]+)", p.stdout)
    assert m and m.group(1) == "1.000" and m.group(2) == m.group(3) and m.group(4) == "1.000", p.stdout
