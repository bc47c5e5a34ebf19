"""The rule catalogue parsed from the 指标体系 text, held against a table checked by eye."""
from decimal import Decimal as D

import pytest

# id: (一级指标/领域, 二级指标, 定量/定性, kind, [(subject, op, value, upper, unit, special_value)], logic, applies_to)
EXPECTED = {
    "core-1": ("规模效益", "产业集聚区销售收入", "定量", "threshold",
               [("产业集聚区销售收入", ">=", "300", None, "亿元", "150")], "all", None),
    "core-2": ("规模效益", "产业集聚区增加值增速", "定量", "series_above", [], "all", None),
    "core-3": ("规模效益", "主导产业销售收入占产业集聚区销售收入比重", "定量", "threshold",
               [("主导产业销售收入占产业集聚区销售收入比重", ">=", "50", None, "%", None)], "all", None),
    "core-4": ("规模效益", "全员劳动生产率", "定量", "judgement", [], "all", None),
    "core-5": ("规模效益", "单位土地平均产值", "定量", "threshold",
               [("单位土地平均产值", ">=", "4000", None, "万元/公顷", "3000")], "all", None),
    "core-6": ("规模效益", "行业影响力", "定性", "qualitative", [], "all", None),
    "core-7": ("创新效能", "研发投入强度", "定量", "threshold",
               [("研发投入强度", ">=", "2.5", None, "%", None)], "all", None),
    "core-8": ("创新效能", "规模以上企业每亿元主营业务收入高价值发明专利数量", "定量", "threshold",
               [("规模以上企业每亿元主营业务收入高价值发明专利数量", ">=", "2.5", None, "件", None)], "all", None),
    "core-9": ("创新效能", "省级及以上研发机构数量", "定量", "threshold",
               [("国家级研发机构", ">=", "1", None, "家", None), ("省级研发机构", ">=", "3", None, "家", None)],
               "any", None),
    "core-10": ("创新效能", "主（参）编行业、国家或国际标准数量", "定量", "judgement", [], "all", None),
    "core-11": ("创新效能", "规模以上企业质量管理体系贯标率", "定量", "threshold",
                [("规模以上企业贯标 GB/T 19001 质量管理体系占比", ">=", "60", None, "%", None)], "all", None),
    "core-12": ("创新效能", "协同创新情况", "定性", "qualitative", [], "all", None),
    "core-13": ("创新效能", "品牌培育情况", "定性", "qualitative", [], "all", None),
    "core-14": ("数字化网络化智能化升级", "规模以上企业数字化研发设计工具普及率", "定量", "threshold",
                [("规模以上企业数字化研发设计工具普及率", ">=", "77", None, "%", None)], "all", None),
    "core-15": ("数字化网络化智能化升级", "规模以上企业关键工序数控化率", "定量", "threshold",
                [("规模以上企业关键工序数控化率", ">=", "58", None, "%", None)], "all", None),
    "core-16": ("数字化网络化智能化升级", "信息基础设施建设", "定性", "qualitative", [], "all", None),
    "core-17": ("数字化网络化智能化升级", "试点示范情况", "定性", "qualitative", [], "all", None),
    "core-18": ("数字化网络化智能化升级", "两化融合领域贯标情况", "定性", "qualitative", [], "all", None),
    "core-19": ("绿色低碳", "单位工业增加值能耗", "定量", "judgement", [], "all", None),
    "core-20": ("绿色低碳", "单位工业增加值用水量", "定量", "judgement", [], "all", None),
    "core-21": ("绿色低碳", "清洁能源利用情况", "定性", "qualitative", [], "all", None),
    "core-22": ("绿色低碳", "绿色制造发展情况", "定性", "qualitative", [], "all", None),
    "core-23": ("产业生态", "产业链供应链情况", "定性", "qualitative", [], "all", None),
    "core-24": ("产业生态", "优质企业培育情况", "定性", "qualitative", [], "all", None),
    "core-25": ("产业生态", "人才队伍建设情况", "定性", "qualitative", [], "all", None),
    "core-26": ("产业生态", "公共服务平台情况", "定性", "qualitative", [], "all", None),
    "core-27": ("产业生态", "所在地政府支持情况", "定性", "qualitative", [], "all", None),
    "core-28": ("开放合作", "高水平对外开放情况", "定性", "qualitative", [], "all", None),
    "core-29": ("开放合作", "区域间产业协作情况", "定性", "qualitative", [], "all", None),
    "special-1": ("高技术转化应用", "区位优势与战略地位", "定性", "qualitative", [], "all", None),
    "special-2": ("高技术转化应用", "市场主体活跃度", "定性", "qualitative", [], "all", None),
    "special-3": ("高技术转化应用", "科技协同创新水平", "定性", "qualitative", [], "all", None),
    "special-4": ("高技术转化应用", "技术双向转移转化成效", "定性", "qualitative", [], "all", None),
    "special-5": ("高技术转化应用", "服务国家重大发展战略成效", "定性", "qualitative", [], "all", None),
    "special-6.1": ("产业转移合作", "园区合作共建", "定量", "threshold",
                    [("合作方数量", ">=", "2", None, "个", None)], "all", None),
    "special-6.2": ("产业转移合作", "园区合作共建", "定性", "qualitative", [], "all", None),
    "special-6.3": ("产业转移合作", "园区合作共建", "定性", "qualitative", [], "all", None),
    "special-7.1": ("产业转移合作", "产业转移成效", "定量", "threshold",
                    [("近三年的工业增加值增速和工业投资增速增长", ">=", "10", None, "%", None)], "all", None),
    "special-7.2": ("产业转移合作", "产业转移成效", "定量", "threshold",
                    [("近三年年度新开工项目总投资", ">=", "20", None, "亿元", None)], "all", None),
    "special-7.3": ("产业转移合作", "产业转移成效", "定量", "threshold",
                    [("近三年年度新增企业数", ">=", "50", None, "家", None)], "all", None),
    "special-8": ("软件和信息服务/大数据", "融合应用情况", "定性", "qualitative", [], "all", None),
    "special-9": ("软件和信息服务/大数据", "国内开源生态建设情况", "定性", "qualitative", [], "all", None),
    "special-10": ("软件和信息服务/大数据", "信息技术服务供给能力水平", "定性", "qualitative", [], "all", None),
    "special-11": ("软件和信息服务/大数据", "安全保障建设情况", "定性", "qualitative", [], "all", None),
    "special-12": ("工业互联网", "网络基础支撑能力", "定量", "threshold",
                   [("区域内高质量外网覆盖工业企业比例", ">=", "30", None, "%", None),
                    ("工业互联网及新型工业网络覆盖率", ">=", "30", None, "%", None),
                    ("数字化设备联网率", ">=", "50", None, "%", None)], "all", None),
    "special-13": ("工业互联网", "标识解析体系建设", "定性", "qualitative", [], "all", None),
    "special-14": ("工业互联网", "平台基础支撑能力", "定量", "threshold",
                   [("规上工业企业上云上平台的比例", ">=", "30", None, "%", None)], "all", None),
    "special-15": ("工业互联网", "安全基础支撑能力", "定性", "qualitative", [], "all", None),
    "special-16": ("工业互联网", "企业纵向打通集成水平", "定性", "qualitative", [], "all", None),
    "special-17.1": ("数据中心", "规模利用率", "定量", "threshold",
                     [("大型以上数据中心单体规模设计标准机架数", ">=", "3000", None, "", None),
                      ("IT 设备负荷达到设计容量", ">=", "40", None, "%", None)], "all", "大型以上数据中心"),
    "special-17.2": ("数据中心", "规模利用率", "定量", "threshold",
                     [("中小型数据中心规模", "between", "300", "3000", "标准机架", None),
                      ("IT 设备负荷达到设计容量", ">=", "50", None, "%", None)], "all", "中小型数据中心"),
    "special-18.1": ("数据中心", "运行年均 PUE", "定量", "threshold",
                     [("大型以上数据中心 PUE", "<=", "1.3", None, "", None)], "all", "大型以上数据中心"),
    "special-18.2": ("数据中心", "运行年均 PUE", "定量", "threshold",
                     [("中小型数据中心 PUE", "<=", "1.5", None, "", None)], "all", "中小型数据中心"),
    "special-19": ("数据中心", "绿色及算力算效", "定量", "judgement", [], "all", None),
    "special-20": ("数据中心", "发展环境", "定性", "qualitative", [], "all", None),
    "special-21": ("数据中心", "安全可靠、网络及服务能力", "定性", "qualitative", [], "all", None),
    "special-22": ("数据中心", "行业应用", "定性", "qualitative", [], "all", None),
}


def test_rule_ids_are_exactly_the_expected_table(kb):
    assert [r.id for r in kb.catalogue.rules] == list(EXPECTED)


@pytest.mark.parametrize("rule_id", list(EXPECTED))
def test_rule_matches_the_table_checked_by_eye(kb, rule_id):
    r = kb.catalogue.rule(rule_id)
    group, name, itype, kind, thresholds, logic, applies = EXPECTED[rule_id]
    assert ((r.group, r.name, r.indicator_type, r.kind, r.logic, r.applies_to)
            == (group, name, itype, kind, logic, applies))
    got = [(t.subject, t.op, t.value, t.upper, t.unit, t.special_value) for t in r.thresholds]
    want = [(s, op, D(v), D(u) if u else None, unit, D(sv) if sv else None) for s, op, v, u, unit, sv in thresholds]
    assert got == want
    # every rule cites its row of the attachment, and the cited text holds the condition
    assert r.clause.doc == "miit-2023-draft"
    prefix = "附件 指标体系 序号" if r.table == "core" else "特色指标 序号"
    assert r.clause.ref == f"{prefix}{r.row}"
    assert kb.clause("miit-2023-draft", r.clause.ref).text.count(r.condition.split("；")[0][:8]) >= 1


def test_threshold_text_is_as_written(kb):
    assert kb.catalogue.rule("core-1").thresholds[0].text == "≥300 亿元（特殊类型地区≥150 亿元）"
    assert kb.catalogue.rule("core-7").clause.text == "研发投入强度 ≥2.5% 定量"
    assert kb.catalogue.rule("core-2").series_years == 3
    assert "GDP" in kb.catalogue.rule("core-2").series_baseline
    assert kb.catalogue.rule("special-18.1").notes == ("（对于投产运行不满 1年的，要求设计年均 PUE≤1.3）",)


def test_eligibility_rule_from_article_8(kb):
    e = kb.catalogue.eligibility
    assert (e.window_years, e.env_worst_allowed_level, e.safety_disqualifying) == (3, 2, ("重大", "特别重大"))
    assert e.clause.ref == "第八条" and "生产安全事故" in e.clause.text


def test_revocation_rules_from_article_23(kb):
    kinds = [(r.kind, r.clause.ref, r.consecutive_years, r.max_stars) for r in kb.catalogue.revocations]
    assert kinds == [
        ("incident", "第二十三条(一)", None, None),
        ("inspection", "第二十三条(二)", None, None),
        ("rating", "第二十三条(三)", 2, 2),
    ]


def test_no_threshold_literal_lives_in_the_code():
    """Thresholds come from the text: the parser's modules hold no policy figure."""
    from pathlib import Path

    import knowledge

    src = "\n".join(p.read_text(encoding="utf-8") for p in Path(knowledge.__file__).parent.glob("*.py"))
    for literal in ("2.5", "300", "4000", "3000", "77", "58", "1.3", "1.5"):
        assert f'"{literal}"' not in src and f"Decimal({literal}" not in src
