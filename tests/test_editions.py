"""Comparing editions: figures with their kind, the provision each edition holds on a topic,
change lines between consecutive national editions, absent editions, redline."""
from decimal import Decimal

import pytest

from knowledge.editions import compare_editions, redline, resolve_topic, text_to_figures


def _figs(text):
    return [(f.value, f.unit, f.kind, f.op, f.qualifier) for f in text_to_figures(text)]


def test_targets_thresholds_periods_and_qualifiers():
    figs = text_to_figures("力争到 2015 年，示范基地单位土地平均投资强度 4000 万元/公顷以上，"
                           "平均产值 5000 万元/公顷以上。")
    assert [(f.value, f.kind, f.target_year) for f in figs] == [(Decimal(4000), "target", 2015),
                                                                 (Decimal(5000), "target", 2015)]
    assert "平均产值" in figs[1].subject
    assert _figs("单位土地平均产值 ≥4000 万元/公顷（特殊类型地区≥3000 万元/公顷） 定量") == [
        (Decimal(4000), "万元/公顷", "threshold", "≥", ""),
        (Decimal(3000), "万元/公顷", "threshold", "≥", "特殊类型地区")]
    assert _figs("工业和信息化部每三年组织开展一次复核工作")[0][:3] == (Decimal(3), "年", "period")
    assert _figs("示范基地認定后,每3年開展一次成效評估")[0][:4] == (Decimal(3), "年", "period", "每")
    assert _figs("示范基地創建期2年,創建期滿后進行評估驗收")[0][:3] == (Decimal(2), "年", "period")
    assert _figs("国家级研发机构≥1 家或省级研发机构≥3家") == [(Decimal(1), "家", "threshold", "≥", ""),
                                                              (Decimal(3), "家", "threshold", "≥", "")]
    assert _figs("本办法自 2023 年 X 月 X 日起实施") == []  # a date is not a figure


def test_topics_resolve_from_how_people_name_them():
    assert resolve_topic("单位土地平均产值").name == "单位土地产出"
    assert resolve_topic("多久复核一次").name == "复核评价周期"
    assert resolve_topic("摘牌").name == "退出机制"
    assert resolve_topic("某个没有的主题").name == "某个没有的主题"


EXPECTED = {  # topic → {doc: ref} for the editions that address it; None: the edition does not
    "单位土地产出": {"miit-2012-47": "二、(八)", "miit-2023-draft": "附件 指标体系 序号5", "miit-2025-250": None},
    "复核周期": {"miit-2012-47": "四、(二)", "miit-2023-draft": "第十七条", "miit-2025-250": "八、(一)"},
    "取消称号": {"miit-2023-draft": "第二十三条"},
    "研发投入": {"miit-2012-47": "二、(一)", "miit-2023-draft": "附件 指标体系 序号7", "miit-2025-250": None},
    "数字化工具": {"miit-2012-47": "二、(六)", "miit-2023-draft": "附件 指标体系 序号14"},
    "创建期": {"miit-2025-250": "五、", "miit-2023-draft": None, "miit-2012-47": None},
    "评分权重": {"miit-2025-250": "六、(二)", "miit-2023-draft": None},
}


@pytest.mark.parametrize("topic", sorted(EXPECTED))
def test_each_topic_finds_its_provisions(kb, index, topic):
    def rank(query, doc):
        return [h.ref for h in index.search(query, k=8, doc=doc)]

    c = compare_editions(topic, [d.meta for d in kb.docs], kb.clauses_of, rank)
    found = {p.doc: p.ref for p in c.provisions}
    for doc, ref in EXPECTED[topic].items():
        if ref is None:
            assert doc in c.absent and doc not in found
            assert any(doc in line and "未涉及" in line for line in c.changes)
        else:
            assert found.get(doc) == ref, (doc, found)
    assert c.changes


def test_change_line_for_land_output(kb, index):
    c = compare_editions("单位土地产出",
                         [m for m in (d.meta for d in kb.docs) if m.id in ("miit-2012-47", "miit-2023-draft")],
                         kb.clauses_of)
    assert len(c.changes) == 1
    line = c.changes[0]
    assert "2012年" in line and "5000万元/公顷" in line and "目标" in line
    assert "征求意见稿" in line and "申报条件≥4000万元/公顷" in line and "特殊类型地区≥3000" in line
    assert line.index("5000") < line.index("→") < line.index("≥4000")


def test_redline_is_a_lossless_character_diff():
    ops = redline("每三年组织开展一次复核", "每年组织开展一次评价")
    assert "".join(t for k, t in ops if k != "insert") == "每三年组织开展一次复核"
    assert "".join(t for k, t in ops if k != "delete") == "每年组织开展一次评价"
    assert ("delete", "三") in ops


def _compare(kb, index, topic):
    def rank(query, doc):
        return [h.ref for h in index.search(query, k=8, doc=doc)]

    return compare_editions(topic, [d.meta for d in kb.docs], kb.clauses_of, rank)


def test_a_quantity_topic_takes_the_provision_that_measures_it(kb, index):
    c = _compare(kb, index, "销售收入")
    found = {p.doc: p.ref for p in c.provisions}
    assert found["miit-2023-draft"] == "附件 指标体系 序号1"  # ≥300 亿元, not 序号8's 每亿元主营业务收入 patents
    assert not any("2.5件" in line for line in c.changes)
    assert "miit-2012-47" in c.absent  # 2012 names 销售收入 only as the denominator of an R&D share


def test_review_period_change_is_kept(kb, index):
    c = _compare(kb, index, "复核周期")
    line = next(line for line in c.changes if "2012年" in line and "→" in line)
    assert "每3年" in line and "每年" in line


def test_application_conditions_are_article_eight(kb, index):
    found = {p.doc: p.ref for p in _compare(kb, index, "申报条件").provisions}
    assert found["miit-2023-draft"] == "第八条"


@pytest.mark.parametrize("topic", ["土地出让金", "土地出让金的规定有什么变化"])
def test_an_alias_inside_another_subject_is_not_that_topic(kb, index, topic):
    c = _compare(kb, index, topic)
    assert not c.provisions and set(c.absent) == {d.id for d in kb.docs}
    assert "单位土地" not in " ".join(c.changes)
