"""Programme and authority in policy answers: national provisions speak before provincial and user
documents unless the question names them; another programme is said; a user document can be removed."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_data_dir, use_data_dir

FOLDER = Path(__file__).parent / "data" / "added_notices"


@pytest.fixture(scope="module")
def with_provincial(data_dir, index, tmp_path_factory):
    """An assistant over a copy of the session's data directory holding the provincial 复核 notice."""
    from assistant import policy
    from assistant.ask import Assistant
    from assistant.settings import Settings

    own = tmp_path_factory.mktemp("prog") / "data"
    copy_data_dir(data_dir, own)
    settings = Settings(data_dir=own)
    policy.add_document(settings, FOLDER / "provincial-review.txt", "prov-2026-review",
                        "某省工业和信息化厅关于开展2026年度省级新型工业化产业示范基地复核评价工作的通知", "2026-06-05",
                        progress=False, level="provincial")
    a = Assistant(settings)
    yield settings, a
    a.close()


def test_bundled_documents_say_their_programme_and_level(kb):
    metas = {d.id: d.meta for d in kb.docs}
    assert metas["miit-2025-250"].programme == "新兴产业发展示范基地"
    assert ({metas[d].programme for d in ("miit-2012-47", "miit-2016-212", "miit-2023-draft")}
            == {"新型工业化产业示范基地"})
    assert metas["henan-2012-7"].level == "provincial" and metas["miit-2023-draft"].level == "national"


def test_a_provincial_document_never_leads_a_national_question(with_provincial):
    _, a = with_provincial
    ans = a.ask("示范基地复核评价怎么开展？")
    lead = ans.answer.splitlines()[0]
    assert lead.startswith("要点：") and "prov-2026-review" not in lead and "某省" not in lead, ans.answer
    docs = [c.doc for c in ans.citations]
    assert "prov-2026-review" in docs and docs[0] != "prov-2026-review", docs  # retrieved, and not first
    for line in ans.answer.splitlines():
        if "某省" in line:
            assert "省级文件" in line, line  # said wherever it is quoted


def test_a_question_naming_the_province_gets_the_provincial_text_first(with_provincial):
    _, a = with_provincial
    ans = a.ask("省级示范基地复核评价的等次怎么划分？")
    assert ans.citations[0].doc == "prov-2026-review", ans.answer
    assert "优秀、良好、合格、整改" in ans.answer


def test_the_other_programme_is_said_and_the_named_one_leads():
    from assistant.answers import Citation, compose_search_policy, provenance
    from assistant.questions import Intent
    from knowledge.models import DocumentMeta, SearchHit

    docs = {"a": DocumentMeta(id="a", title="甲", year=2023, programme="新型工业化产业示范基地", level="national"),
            "b": DocumentMeta(id="b", title="乙", year=2025, programme="新兴产业发展示范基地", level="national")}
    hits = [SearchHit(doc="b", ref="一、", text="示范基地每3年开展一次成效评估。", score=0.9),
            SearchHit(doc="a", ref="第十七条", text="每年组织开展示范基地发展质量评价。", score=0.8)]
    plain = compose_search_policy(Intent(question="示范基地多久评估一次", kind="policy"), hits, docs,
                                  "示范基地 评估 评价 每年 一次")
    assert plain.answer.splitlines()[0].startswith("要点：每年") and "不是同一项目" in plain.answer
    named = compose_search_policy(Intent(question="新兴产业发展示范基地多久评估一次", kind="policy"), hits, docs,
                                  "新兴产业 示范基地 评估 评价 每年 一次")
    assert named.answer.splitlines()[0].startswith("要点：示范基地每3年")
    assert provenance(docs["b"], "新兴产业发展示范基地") == ""
    assert isinstance(named.citations[0], Citation)


def test_demo_says_which_user_documents_it_used(with_provincial, cli, monkeypatch):
    settings, _ = with_provincial
    use_data_dir(monkeypatch, settings.data_dir)
    code, out, err = cli("demo")
    assert code == 0, err
    assert "其中包括用户添加的文件 1 份：prov-2026-review" in out


def test_corpus_remove_takes_out_a_user_document_only(with_provincial, cli, monkeypatch):
    settings, _ = with_provincial
    use_data_dir(monkeypatch, settings.data_dir)
    code, _, err = cli("corpus", "remove", "miit-2023-draft")
    assert code == 2 and "内置文件" in err
    code, out, _ = cli("corpus", "list")
    assert "prov-2026-review" in out and "省级" in out
    code, out, err = cli("corpus", "remove", "prov-2026-review")
    assert code == 0, err
    code, out, _ = cli("corpus", "list")
    assert "prov-2026-review" not in out
    code, out, _ = cli("search", "复核评价等次 优秀 良好", "--json")
    assert "prov-2026-review" not in out
    code, _, err = cli("corpus", "remove", "prov-2026-review")
    assert code == 2


def test_levels_are_written_with_their_unit():
    from assistant.checks import level_text

    assert level_text("environment", "III") == "Ⅲ级" and level_text("environment", "I") == "Ⅰ级"
    assert level_text("safety", "较大") == "较大" and level_text("environment", None) == "级别不详"


def test_every_document_stated_in_a_policy_answer_is_cited(demo_assistant):
    import re

    a = demo_assistant.ask("示范基地多久评估一次？")
    lines = a.answer.split("其他文件的规定：")[1].split("相关条款：")[0].strip().splitlines()
    assert len(lines) >= 2
    cited = {c.ref for c in a.citations}
    for line in lines:
        ref = re.findall(r"（([^（）]+)）$", line)[0]
        assert ref in cited, (line, cited)
