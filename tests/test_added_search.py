"""Search over documents added with `corpus add` (tests/data/added_notices: notices written in the shape
of real web copies), and the BM25F context field (title, 文号, enclosing headings) that lets a
document's own title words find it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import copy_data_dir
from tests.test_search import hit_matches, recall_at

FOLDER = Path(__file__).parent / "data" / "added_notices"


@pytest.fixture(scope="module")
def added(data_dir, index, tmp_path_factory):
    """(settings, index) over a copy of the session's data directory with the four notices added."""
    from assistant import policy
    from assistant.settings import Settings

    own = tmp_path_factory.mktemp("added") / "data"
    copy_data_dir(data_dir, own)
    settings = Settings(data_dir=own)
    for d in json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))["documents"]:
        policy.add_document(settings, FOLDER / d["file"], d["id"], d["title"], d.get("date", ""), progress=False)
    return settings, policy.open_index(settings, progress=False)


@pytest.fixture(scope="module")
def added_questions() -> list[dict]:
    return json.loads((FOLDER / "questions.json").read_text(encoding="utf-8"))["questions"]


def test_added_question_set_shape(added, added_questions):
    _, index = added
    assert len(added_questions) >= 20
    ids = {d["id"] for d in json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))["documents"]}
    assert {e["doc"] for q in added_questions for e in q["expect"]} >= ids
    for q in added_questions:  # every expected phrase is in a clause of its document
        assert any(hit_matches(c, e) for c in index.kb.clauses for e in q["expect"]), q["q"]


def test_added_documents_are_found_at_3(added, added_questions):
    _, index = added
    recall, misses = recall_at(index, added_questions, 3)
    assert misses == [] and recall == 1.0


def test_bundled_questions_keep_their_recall_beside_added_documents(added, questions):
    _, index = added
    recall, misses = recall_at(index, questions, 3)
    assert misses == [] and recall == 1.0


def test_a_title_word_finds_its_document_though_no_clause_holds_it(added):
    """遴选结果 is only in the batch notice's title: the context field ranks its clauses first."""
    _, index = added
    assert not any("遴选结果" in c.text for c in index.kb.clauses_of("miit-2026-batch1"))
    hits = index.search("遴选结果 生物医药领域", k=3, mode="bm25")
    assert hits[0].doc == "miit-2026-batch1" and "生物医药领域" in hits[0].text


def test_the_context_field_does_not_outrank_the_answering_clause(added):
    """Every clause of the provincial notice shares its title and headings; the one that answers still leads."""
    _, index = added
    hits = index.search("省级示范基地复核评价抽查比例", k=3, mode="bm25")
    assert hits[0].doc == "prov-2026-review" and "抽查比例不低于30%" in hits[0].text


def test_a_heading_finds_the_items_under_it(added):
    """绿色安全 is in item （三）, 复核评价内容 only in the heading above it."""
    _, index = added
    hits = index.search("复核评价内容 绿色安全", k=1, mode="bm25")
    assert hits[0].ref == "二、(三)"


def test_the_number_line_becomes_the_documents_number(added):
    settings, index = added
    assert index.kb.doc("prov-2026-review").meta.number == "某工信规〔2026〕9号"
    assert index.kb.doc("city-2025-rules").meta.number == ""  # it has none
    hits = index.search("工信部规函〔2026〕31号", k=3, mode="bm25")
    assert hits and all(h.doc == "miit-2026-batch1" for h in hits)


def test_contact_lines_and_attachment_items_are_furniture():
    from knowledge.furniture import text_to_body

    body, furniture = text_to_body((FOLDER / "provincial-review.txt").read_text(encoding="utf-8"))
    kinds = [(f.kind, f.text) for f in furniture]
    assert ("contact", "联系人：张某  联系电话：0000-12345678") in kinds
    assert ("attachment", "2.自评报告提纲") in kinds  # headed by 附件：, whatever it ends in
    assert "联系电话" not in body and "自评报告提纲" not in body
    assert body.rstrip().endswith("三年内不得再次申报。")
    # a numbered short line without an 附件 line above it stays in the body
    body, _ = text_to_body("一、要求\n1.材料真实\n2.按时报送\n某省工业和信息化厅\n2026年1月1日")
    assert body.splitlines() == ["一、要求", "1.材料真实", "2.按时报送"]


def test_bm25f_with_one_field_is_okapi_bm25():
    import math

    from knowledge.bm25 import BM25F

    docs = [["a", "b", "b"], ["c"], ["a", "c", "c", "d"]]
    one = BM25F([docs], [1.0], [0.75])
    avg = sum(map(len, docs)) / 3
    idf = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))
    tf, dl = 1, 3
    expect = idf * tf * 2.5 / (tf + 1.5 * (1 - 0.75 + 0.75 * dl / avg))
    assert one.scores(["a"])[0] == pytest.approx(expect)
    two = BM25F([docs, [["t"], [], []]], [1.0, 0.5], [0.75, 0.0])
    s = two.scores(["t"])
    assert s[0] > 0 and s[1] == s[2] == 0
    with pytest.raises(ValueError):
        BM25F([docs, [["t"]]], [1.0, 1.0], [0.75, 0.75])
