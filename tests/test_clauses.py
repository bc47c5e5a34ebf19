"""Structure pinned against the real texts."""
import re

import pytest

from extraction.normalize import match_form
from knowledge.clauses import cn_to_int, split_inline_enumeration

NUMS = "一二三四五六七八九十"


def cn(n: int) -> str:
    if n <= 10:
        return "十" if n == 10 else NUMS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMS[tens - 1]) + "十" + (NUMS[ones - 1] if ones else "")


def refs(kb, doc, kind=None, parent=...):
    return [c.ref for c in kb.clauses_of(doc)
            if (kind is None or c.kind == kind) and (parent is ... or c.parent == parent)]


def test_cn_to_int():
    assert [cn_to_int(cn(i)) for i in range(1, 30)] == list(range(1, 30))
    assert cn_to_int("两") == 2


def test_2023_draft_has_26_articles_in_5_chapters(kb):
    assert refs(kb, "miit-2023-draft", "chapter") == [f"第{cn(i)}章" for i in range(1, 6)]
    assert refs(kb, "miit-2023-draft", "article") == [f"第{cn(i)}条" for i in range(1, 27)]
    by_chapter = {ch: refs(kb, "miit-2023-draft", "article", ch) for ch in refs(kb, "miit-2023-draft", "chapter")}
    assert [len(v) for v in by_chapter.values()] == [5, 6, 5, 9, 1]
    assert refs(kb, "miit-2023-draft", "item", "第二十三条") == ["第二十三条(一)", "第二十三条(二)", "第二十三条(三)"]
    assert refs(kb, "miit-2023-draft", "item", "第十一条") == [f"第十一条({cn(i)})" for i in range(1, 5)]


def test_2023_attachment_counts(kb):
    c = kb.clauses_of("miit-2023-draft")
    groups = [x for x in c if x.kind == "group"]
    core = [x for x in c if x.kind == "row" and x.ref.startswith("附件 指标体系 序号")]
    special = [x for x in c if x.kind == "row" and x.ref.startswith("特色指标 序号")]
    domains = [x for x in c if x.kind == "domain"]
    assert [g.ref.split()[-1] for g in groups] == ["规模效益", "创新效能", "数字化网络化智能化升级", "绿色低碳",
                                                   "产业生态", "开放合作"]
    assert [x.ref for x in core] == [f"附件 指标体系 序号{i}" for i in range(1, 30)]
    assert [x.ref for x in special] == [f"特色指标 序号{i}" for i in range(1, 23)]
    assert [d.ref.removeprefix("特色指标 ") for d in domains] == ["高技术转化应用", "产业转移合作",
                                                                  "软件和信息服务/大数据", "工业互联网", "数据中心"]
    per_group = [len([x for x in core if x.parent == g.ref]) for g in groups]
    assert per_group == [6, 7, 5, 4, 5, 2] and sum(per_group) == 29
    per_domain = [len([x for x in special if x.parent == d.ref]) for d in domains]
    assert per_domain == [5, 2, 4, 5, 6]


def test_2012_has_four_parts_with_their_items(kb):
    assert refs(kb, "miit-2012-47", "part") == ["一、", "二、", "三、", "四、"]
    assert [len(refs(kb, "miit-2012-47", "item", p)) for p in ("一、", "二、", "三、", "四、")] == [2, 8, 4, 3]
    assert refs(kb, "miit-2012-47", "enum", "一、(一)") == ["一、(一)一是", "一、(一)二是", "一、(一)三是",
                                                           "一、(一)四是"]


def test_2025_has_eleven_parts(kb):
    assert refs(kb, "miit-2025-250", "part") == [f"{cn(i)}、" for i in range(1, 12)]
    assert refs(kb, "miit-2025-250", "item", "六、") == [f"六、({cn(i)})" for i in range(1, 6)]
    assert refs(kb, "miit-2025-250", "item", "八、") == ["八、(一)", "八、(二)"]


def test_henan_has_three_parts_and_five_measures(kb):
    assert refs(kb, "henan-2012-7", "part") == ["一、", "二、", "三、"]
    assert refs(kb, "henan-2012-7", "item", "三、") == [f"三、({cn(i)})" for i in range(1, 6)]
    # inline "一是…二是…三是…" become child clauses
    assert refs(kb, "henan-2012-7", "enum", "三、(三)") == [f"三、(三){cn(i)}是" for i in range(1, 6)]


def test_2016_is_truncated_after_part_two_item_four(kb):
    assert refs(kb, "miit-2016-212", "part") == ["一、", "二、"]
    assert refs(kb, "miit-2016-212", "item", "二、")[-1] == "二、(四)"


@pytest.mark.parametrize(
    "doc,ref,phrase",
    [
        ("miit-2023-draft", "第八条", "近三年未发生Ⅱ级及以上突发环境污染事件"),
        ("miit-2023-draft", "第二十三条(三)", "连续两年评价结果为二星及以下"),
        ("miit-2023-draft", "第二十一条", "一星—五星"),
        ("miit-2023-draft", "第二十六条", "工信部规〔2017〕1 号"),
        ("miit-2023-draft", "附件 指标体系 序号7", "研发投入强度 ≥2.5% 定量"),
        ("miit-2023-draft", "特色指标 序号18", "PUE≤1.5"),
        ("miit-2012-47", "二、(八)", "平均产值 5000 万元/公顷以上"),
        ("miit-2012-47", "四、(二)", "每三年组织开展一次复核工作"),
        ("miit-2012-47", "二、(一)", "提高1个百分点"),
        ("miit-2025-250", "五、", "示范基地創建期2年"),
        ("miit-2025-250", "八、(一)", "每3年開展一次成效評估"),
        ("miit-2025-250", "六、(二)", "60%和40%"),
        ("henan-2012-7", "三、(二)一是", "至少每季度一次"),
        ("henan-2012-7", "二、", "再创建国家级示范基地2个"),
        ("miit-2016-212", "一、(二)", "400家左右"),
    ],
)
def test_sample_refs_hold_their_text(kb, doc, ref, phrase):
    clause = kb.clause(doc, ref)
    assert phrase in clause.text
    assert match_form(phrase) in clause.norm


def test_every_clause_text_comes_from_its_document(kb):
    for d in kb.docs:
        squashed = re.sub(r"\s+", "", d.text)
        for c in kb.clauses_of(d.id):
            if c.kind in ("paragraph", "article", "part", "item", "enum", "chapter"):
                assert re.sub(r"\s+", "", c.text) in squashed.replace("#", "").replace("*", ""), c.ref


def test_damage_flags_follow_the_text(kb):
    damaged = {(c.doc, c.ref): [d.kind for d in c.damage] for c in kb.clauses if c.damaged}
    assert damaged == {("miit-2025-250", "三、(一)"): ["mojibake", "mojibake"],
                       ("miit-2012-47", "二、(二)"): ["stray_english"]}


def test_inline_enumeration_needs_labels_in_order():
    assert split_inline_enumeration("引言。一是甲。二是乙。") == ["引言。", "一是甲。", "二是乙。"]
    assert split_inline_enumeration("引言。二是乙。一是甲。") == ["引言。二是乙。一是甲。"]
