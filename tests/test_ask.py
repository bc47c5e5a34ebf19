"""Questions answered on the deterministic path: the question set in tests/data/ask_questions.json
(every kind, both scripts, paraphrases, follow-ups, questions the corpus cannot answer)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.checks import STATUS_NAMES
from tests.conftest import DEMO

DATA = Path(__file__).parent / "data"
QUESTIONS = json.loads((DATA / "ask_questions.json").read_text(encoding="utf-8"))["questions"]


def _run(demo_assistant, item, previous=None):
    return demo_assistant.ask(item["q"], applicant=item["applicant"], previous=previous)


def test_question_set_is_large_and_varied():
    assert len(QUESTIONS) >= 60
    kinds = {q["kind"] for q in QUESTIONS}
    assert kinds == {"meets", "conditions", "value", "policy", "compare", "ranking", "unclear"}
    from extraction.normalize import detect_script

    assert sum(detect_script(q["q"]) == "traditional" for q in QUESTIONS) * 3 >= len(QUESTIONS)  # a third
    assert sum(1 for q in QUESTIONS if not any("\u4e00" <= ch <= "\u9fff" for ch in q["q"])) >= 2  # English
    assert sum(1 for q in QUESTIONS if q["session"]) >= 6


@pytest.mark.parametrize("i", range(len(QUESTIONS)), ids=[q["q"][:20] for q in QUESTIONS])
def test_question(demo_assistant, i):
    from tests.answer_quality import ask_in_turn, problems

    a = ask_in_turn(demo_assistant, QUESTIONS, i)
    assert problems(demo_assistant, QUESTIONS[i], a) == [], a.answer


def test_conditions_answer_lists_every_status(demo_assistant):
    a = demo_assistant.ask("满足哪些申报条件？", applicant="1")
    report = demo_assistant.workspace_checks(1).report
    assert len(a.checks) == len(report.results)
    for s, name in STATUS_NAMES.items():
        n = sum(1 for r in report.results if r.status == s)
        assert f"{name}{n}项" in a.answer


def test_answer_with_a_pdf_applicant_not_in_the_workspace(demo_assistant):
    a = demo_assistant.ask("研发投入强度达标吗", applicant=str(DEMO / "D04.pdf"))
    assert a.kind == "meets" and a.checks and a.checks[0].application_id is None
    assert a.checks[0].file == "D04.pdf"


def test_damaged_clause_is_never_quoted_as_clean(demo_assistant):
    from assistant.answers import Citation, quote

    c = Citation(doc="miit-2025-250", ref="三、(一)", text="規?;叨嘶l展", damaged=True)
    text = quote(c, demo_assistant.docs)
    assert "規?;" not in text and "乱码" in text
    hits = demo_assistant.index.search("产业集群化规模化高端化发展", k=5, doc="miit-2025-250")
    damaged = [h for h in hits if h.damaged]
    assert damaged
    from assistant.answers import compose_search_policy
    from assistant.questions import Intent

    a = compose_search_policy(Intent(question="示范园区集群化发展有什么要求", kind="policy"), damaged,
                              demo_assistant.docs)
    assert "規?;" not in a.answer


def test_empty_and_overlong_questions_are_refused(demo_assistant):
    from extraction.errors import BadInput

    for q in ("", "   ", "问" * 501):
        with pytest.raises(BadInput):
            demo_assistant.ask(q)


def test_cli_ask_and_session_followup(env, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PINGSHEN_DATABASE_URL", f"sqlite:///{tmp_path / 'ws.sqlite3'}")
    code, out, err = cli("ask", "研发投入强度要达到多少", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) >= {"question", "answer", "checks", "citations", "llm", "verified"}
    assert doc["llm"] is None and doc["verified"] is True
    assert doc["citations"][0] == {"doc": "miit-2023-draft", "ref": "附件 指标体系 序号7",
                                   "text": doc["citations"][0]["text"], "damaged": False}
    code, out, _ = cli("ask", "研发投入强度达标吗", "--applicant", str(DEMO / "D01.pdf"), "--session", "t", "--json")
    first = json.loads(out)
    assert first["checks"][0]["rule"] == "core-7" and first["checks"][0]["file"] == "D01.pdf"
    code, out, _ = cli("ask", "那单位土地平均产值呢？", "--session", "t", "--json")
    follow = json.loads(out)
    assert [c["rule"] for c in follow["checks"]] == ["core-5"] and follow["checks"][0]["file"] == "D01.pdf"
    code, out, err = cli("ask", "  ")
    assert code == 2 and out == "" and "问题不能为空" in err


def test_cli_compare(env, cli):
    code, out, err = cli("compare", "单位土地产出", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["topic"] == "单位土地产出"
    by_doc = {p["doc"]: p for p in doc["provisions"]}
    assert {"value": 5000, "unit": "万元/公顷", "kind": "target"}.items() <= next(
        f for f in by_doc["miit-2012-47"]["figures"] if f["value"] == 5000).items()
    assert any(f["value"] == 4000 and f["kind"] == "threshold" for f in by_doc["miit-2023-draft"]["figures"])
    assert any("5000" in c and "4000" in c and "→" in c for c in doc["changes"])
    assert "miit-2025-250" in doc["absent"] and "miit-2025-250" not in by_doc
    code, out, _ = cli("compare", "复核周期", "--docs", "miit-2012-47,miit-2023-draft", "--json")
    doc = json.loads(out)
    assert {p["doc"] for p in doc["provisions"]} <= {"miit-2012-47", "miit-2023-draft"}
    assert doc["redlines"] and {op[0] for op in doc["redlines"][0]["ops"]} <= {"equal", "delete", "insert"}
    code, out, err = cli("compare", "复核周期", "--docs", "miit-1999-1")
    assert code == 2 and "未知的文件编号" in err


_STATUS_WORDS = [("not_met", r"未达标|未达到"), ("needs_review", r"需人工复核|需复核"), ("missing", r"未提供"),
                 ("met", r"(?<!未)达标|(?<!未)达到")]


def _statuses(sentence: str) -> set[str]:
    import re

    found = set()
    for status, pattern in _STATUS_WORDS:
        if re.search(pattern, sentence):
            found.add(status)
            sentence = re.sub(pattern, "", sentence)
    return found


@pytest.mark.parametrize("engine", list(STATUS_NAMES))
@pytest.mark.parametrize("reviewed", [None, *STATUS_NAMES])
@pytest.mark.parametrize("with_value", [False, True])
def test_no_sentence_of_a_verdict_holds_two_statuses(demo_checked, engine, reviewed, with_value):
    """Every engine status × every override (none, or to each status, with or without a figure): the
    effective status leads, the engine's follows apart, and no sentence names two statuses."""
    import re
    from datetime import datetime

    from assistant.answers import ApplicantChecks, result_line
    from assistant.checks import OverrideRecord, apply_overrides

    x, report = demo_checked[0]
    r = report.result("core-7").model_copy(update={"status": engine})
    report = report.model_copy(update={"results": (r,)})
    if reviewed is not None:
        o = OverrideRecord(id=1, application_id=1, rule="core-7", old_status=engine, new_status=reviewed,
                           new_value=2.6 if with_value else None, reason="研发经费口径已核实", reviewer="张三",
                           at=datetime(2026, 12, 1, 9, 30))
        report = apply_overrides(report, [o])
    app = ApplicantChecks(application_id=1, file="D01.pdf", applicant="汉江经济技术开发区", report=report)
    line = result_line(app, report.results[0])
    effective = reviewed or engine
    unquoted = re.sub(r"“[^”]*”", "“”", line)
    sentences = [s for s in re.split(r"[。；\n]", unquoted) if s.strip()]
    assert _statuses(sentences[0]) <= {effective} and STATUS_NAMES[effective] in sentences[0], line
    for s in sentences:
        assert len(_statuses(s)) <= 1, (s, line)
    if reviewed is not None:
        assert f"系统判定：{STATUS_NAMES[engine]}" in line and f"专家复核调整为{STATUS_NAMES[reviewed]}" in line
        assert "张三" in line and "2026-12-01 09:30" in line
        assert ("2.6%" in sentences[0]) is with_value


def test_a_count_states_its_base(demo_assistant):
    a = demo_assistant.ask("哪些园区研发投入强度不达标？")
    first = a.answer.splitlines()[0]
    n = len({c.application_id for c in a.checks})
    assert f"{n}份申报中" in first
    by_status = {}
    for c in a.checks:
        by_status.setdefault(c.result.status, []).append(c)
    for status, items in by_status.items():
        assert f"{len(items)}份{STATUS_NAMES[status]}" in first, first


def test_a_multi_part_rule_names_each_part(demo_checked):
    from assistant.checks import extraction_to_checks

    x, _ = demo_checked[0]
    from knowledge.index import load_knowledge

    r = next(r for r in extraction_to_checks(x, load_knowledge(None).catalogue).results if r.rule == "special-12")
    assert r.explanation.count("（≥") == 3 and "须全部达到" in r.explanation
    assert "未达到）" in r.explanation or "达到）" in r.explanation
