"""How generated reports state each figure: at least eight phrasings per indicator, hard cases included.

Each phrasing takes the context ``c`` (the true value as printed, the latest year, distractor values)
and returns one sentence. Among them, on purpose: two years in one sentence, an aggregate or an
average beside the park's figure, a segment's figure before the total, a part-year figure, a target
in the same sentence, a change in percentage points, an enumeration with 分别, a count before its
noun, Chinese numerals, a unit the term completes. The true value is always stated exactly once as
the park's achieved level of the latest year; every other figure is a distractor the reader must
refuse. ``tests/reportgen.py`` draws one per report (traditional reports pass through s2t).
"""
from __future__ import annotations

from decimal import Decimal


def _d(x) -> str:
    return (format(Decimal(str(x)).normalize(), "f") if Decimal(str(x)) == Decimal(str(x)).to_integral_value()
            else str(x))


CORE_1 = [
    lambda c: f"截至{c['Y']}年末，园区全口径销售收入（营业收入）为{c['v']}，比上年增长8.0%；"
              f"预计{c['Y'] + 2}年将超过{c['t']}亿元。",
    lambda c: f"{c['Y']}年园区实现营业收入{c['v']}，{c['Y'] - 1}年为{c['prev']}亿元。",
    lambda c: f"{c['Y']}年，全省{c['n']}个省级以上开发区合计实现营业收入{c['agg']}亿元；"
              f"本园区全口径营业收入为{c['v']}，居全省第{c['k']}位。",
    lambda c: f"{c['Y']}年园区营业收入{c['v']}，高于全省开发区平均水平（{c['avg']}亿元）。",
    lambda c: f"{c['Y']}年1—9月园区实现营业收入{c['part']}亿元，全年实现营业收入{c['v']}。",
    lambda c: f"{c['Y']}年园区规模以上工业企业实现营业收入{c['seg']}亿元，全口径营业收入{c['v']}。",
    lambda c: f"{c['Y']}年，园区主营业务收入达到{c['v']}，力争{c['Y'] + 3}年突破{c['t']}亿元。",
    lambda c: f"园区{c['Y']}年完成业务总收入{c['v']}，同比增长{c['g']}%，其中高新技术企业营业收入{c['hi']}亿元。",
    lambda c: f"{c['Y']}年，园区龙头企业{c['firm']}实现营业收入{c['firm_v']}亿元；园区全年实现营业收入{c['v']}。",
]

CORE_3 = [
    lambda c: f"主导产业营收占园区营收比重为{c['v']}%，产业集中度保持在较高水平。",
    lambda c: f"{c['ind']}产业{c['Y']}年营业收入占园区营业收入的比重为{c['v']}%。",
    lambda c: f"{c['Y']}年，{c['ind']}产业销售收入占基地销售收入的比重为{c['v']}%，较上年提高{c['d']}个百分点。",
    lambda c: f"主导产业营收占比达{c['v']}%，高于全省开发区平均水平（{c['avg']}%）。",
    lambda c: f"{c['Y']}年主导产业营收占比{c['v']}%，{c['Y'] - 1}年为{c['prev']}%。",
    lambda c: f"园区{c['ind']}产业营收占园区营收的{c['v']}%，力争{c['Y'] + 3}年提高到{c['t']}%。",
    lambda c: f"主导产业销售收入占产业集聚区销售收入比重为{c['v_cn']}。",
    lambda c: f"{c['Y']}年园区主导产业营业收入占园区营业收入比重为{c['v']}%。",
]

CORE_4 = [
    lambda c: f"园区全员劳动生产率为{c['v']}，在全国同类园区中处于较高水平。",
    lambda c: f"{c['Y']}年园区全员劳动生产率达到{c['v']}，比上年提高{c['d']}万元/人。",
    lambda c: f"{c['Y']}年全员劳动生产率{c['v']}，{c['Y'] - 1}年为{c['prev']}万元/人。",
    lambda c: f"园区人均劳动生产率为{c['v']}，全省开发区平均为{c['avg']}万元/人。",
    lambda c: f"园区全员劳动生产率达到人均{c['wan']}万元。",
    lambda c: f"{c['Y']}年，园区全员劳动生产率为{c['v']}，预计{c['Y'] + 2}年达到{c['t']}万元/人。",
    lambda c: f"按从业人员计算，园区全员劳动生产率为{c['v']}。",
    lambda c: f"园区全员劳动生产率{c['v']}，是全省开发区平均水平的{c['x']}倍。",
]

CORE_5 = [  # c['v'] in 万元/公顷 (with separators), c['mu'] in 万元/亩, c['km'] in 亿元/平方公里
    lambda c: f"土地产出强度为{c['v']}万元/公顷（按建成区面积计算）。",
    lambda c: f"单位土地平均产值为{c['mu']}万元/亩。",
    lambda c: f"园区亩均营业收入达到{c['mu']}万元。",
    lambda c: f"{c['Y']}年园区土地产出强度为{c['v']}万元/公顷，{c['Y'] - 1}年为{c['prev']}万元/公顷。",
    lambda c: f"园区工业用地产出强度为{c['km']}亿元/平方公里，高于全省开发区平均水平。",
    lambda c: f"园区每平方公里营业收入达{c['km']}亿元。",
    lambda c: f"园区单位土地平均产值为{c['v']}万元/公顷，全省开发区平均为{c['avg']}万元/公顷。",
    lambda c: f"园区地均营收{c['v']}万元/公顷，力争{c['Y'] + 3}年达到{c['t']}万元/公顷。",
]

CORE_7 = [
    lambda c: f"园区R&D经费支出占营业收入比重（研发投入强度）为{c['v']}，全省开发区平均为2.12%；"
              f"园区计划{c['Y'] + 2}年将该比重提高到3.0%。",
    lambda c: f"{c['Y']}年研发投入强度达到{c['v']}，高于全省平均（{c['avg']}%），{c['Y'] - 1}年为{c['prev']}%。",
    lambda c: f"园区研发投入占比达{c['v']}。",
    lambda c: f"园区研发经费投入占销售收入的{c['v']}。",
    lambda c: f"{c['Y']}年园区规上工业企业研发经费投入强度为{c['v']}，比上年提高{c['d']}个百分点。",
    lambda c: f"园区研发投入强度{c['v']}，所在市全社会研发投入占GDP比重为{c['gdp']}%。",
    lambda c: f"园区R&D经费支出占营业收入比重为{c['v']}，力争{c['Y'] + 2}年达到{c['t']}%。",
    lambda c: f"{c['Y']}年，园区研究与试验发展经费内部支出占主营业务收入的比重为{c['v_cn']}。",
]

CORE_8 = [
    lambda c: f"规上企业每亿元主营业务收入拥有高价值发明专利{c['v']}件，有效发明专利总量{c['total']}件。",
    lambda c: f"{c['Y']}年规上企业每亿元营业收入高价值发明专利数为{c['v']}件，{c['Y'] - 1}年为{c['prev']}件。",
    lambda c: f"规上企业每亿元主营业务收入高价值发明专利数量达到{c['v']}件，高于全省平均水平（{c['avg']}件）。",
    lambda c: f"每亿元营收高价值发明专利{c['v']}件，力争{c['Y'] + 3}年达到{c['t']}件。",
    lambda c: f"园区规模以上企业每亿元主营业务收入拥有的高价值发明专利为{c['v']}件。",
    lambda c: f"{c['Y']}年园区规上企业每亿元主营业务收入高价值发明专利数{c['v']}件，比上年增加{c['d']}件。",
    lambda c: f"园区每亿元营业收入有高价值发明专利{c['v']}件。",
    lambda c: f"据统计，规上企业每亿元主营业务收入高价值发明专利{c['v']}件，每万人发明专利拥有量{c['x']}件。",
]

# core-9: c['nat'] (0 allowed only where the phrasing can say none), c['prov']
CORE_9 = [
    (True, lambda c: f"园区现有国家级研发机构{c['nat_txt']}、省级研发机构{c['prov']}个，研发平台体系较为完备。"),
    (False, lambda c: f"园区拥有国家企业技术中心{c['nat']}家、省级工程技术研究中心{c['prov']}个。"),
    (False, lambda c: f"园区有{c['nat']}家国家级企业技术中心，另有{c['prov']}家省级研发机构。"),
    (True, lambda c: f"园区{'暂无国家级研发机构' if c['nat'] == 0 else '拥有国家级研发机构' + str(c['nat']) + '家'}"
                     f"，拥有省级研发机构{c['prov']}家。"),
    (False, lambda c: f"园区拥有企业技术中心{c['nat'] + c['prov'] + c['m']}家，"
                      f"其中国家级{c['nat']}家，省级{c['prov']}家。"),
    (True, lambda c: f"全省共有国家级企业技术中心{c['x']}家；"
                     f"园区拥有国家级研发机构{c['nat']}个、省级研发机构{c['prov']}个。"),
    (True, lambda c: f"园区已建成国家级研发平台{c['nat']}个、省级研发平台{c['prov']}个，"
                     f"力争{c['Y'] + 3}年省级研发平台达到{c['t']}个。"),
    (True, lambda c: f"园区现有省级研发机构{c['prov']}家，国家级研发机构{c['nat']}家。"),
]

CORE_11 = [
    lambda c: f"规上企业通过GB/T 19001质量管理体系认证的比例为{c['v_txt']}。",
    lambda c: f"通过ISO9001质量管理体系认证的企业占比{c['v']}%。",
    lambda c: f"{c['Y']}年园区规上企业质量管理体系贯标率为{c['v']}%，{c['Y'] - 1}年为{c['prev']}%。",
    lambda c: f"规模以上企业贯标GB/T 19001质量管理体系占比{c['v']}%，高于全省平均水平（{c['avg']}%）。",
    lambda c: f"{c['Y']}年园区规上企业质量管理体系认证率达到{c['v']}%，比上年提高{c['d']}个百分点。",
    lambda c: f"规上企业质量管理体系覆盖率{c['v']}%，力争{c['Y'] + 3}年达到{c['t']}%。",
    lambda c: f"园区规上企业质量管理体系贯标率{c['v']}%。",
    lambda c: f"规上企业通过质量管理体系认证的企业占比为{c['v']}%。",
]

CORE_14 = [
    lambda c: f"园区规上企业数字化研发设计工具普及率{c['v']}%，全国平均水平为80.1%。",
    lambda c: f"{c['Y']}年数字化研发设计工具普及率为{c['v']}%，{c['Y'] - 1}年为{c['prev']}%。",
    lambda c: f"规上企业数字化研发设计工具普及率达到{c['v']}%，比上年提高{c['d']}个百分点。",
    lambda c: f"园区数字化研发设计工具普及率{c['v']}%，力争{c['Y'] + 3}年达到{c['t']}%。",
    lambda c: f"全省规上企业数字化研发设计工具普及率为{c['avg']}%，园区为{c['v']}%。",
    lambda c: f"园区规模以上企业数字化研发设计工具普及率达{c['v']}%。",
    lambda c: f"截至{c['Y']}年底，园区规上企业数字化研发设计工具普及率为{c['v']}%。",
    lambda c: f"{c['Y']}年园区数字化研发设计工具普及率达到{c['v']}%，居全省开发区前列。",
]

CORE_15 = [
    lambda c: f"规上企业关键工序数控化率为{c['v']}%，目标到{c['Y'] + 3}年提升至75%。",
    lambda c: f"{c['Y']}年关键工序数控化率{c['v']}%，{c['Y'] - 1}年为{c['prev']}%。",
    lambda c: f"关键工序数控化率达到{c['v']}%，高于全国平均（{c['avg']}%）。",
    lambda c: f"规上工业企业关键工序数控化率提高{c['d']}个百分点，达到{c['v']}%。",
    lambda c: f"园区关键工序数控化率为{c['v']}%，全省开发区平均为{c['avg']}%。",
    lambda c: f"园区规上企业关键工序数控化率达{c['v']}%。",
    lambda c: f"截至{c['Y']}年底，园区关键工序数控化率为{c['v']}%。",
    lambda c: f"{c['Y']}年1—6月新增数控设备{c['x']}台，全年规上企业关键工序数控化率达到{c['v']}%。",
]

# both at once: 关键工序数控化率、数字化研发设计工具普及率分别达到x、y
CORE_14_15 = lambda c: f"园区规上企业关键工序数控化率、数字化研发设计工具普及率分别达到{c['nc']}%、{c['tools']}%。"  # noqa: E731

CORE_19 = [  # c['v'] as printed with its unit, c['t_'] in 吨标准煤
    lambda c: f"园区单位工业增加值能耗{c['v']}，低于全省平均水平。",
    lambda c: f"园区万元工业增加值能耗为{c['t_']}吨标准煤。",
    lambda c: f"{c['Y']}年单位工业增加值能耗{c['v']}，{c['Y'] - 1}年为{c['prev']}吨标准煤/万元。",
    lambda c: f"单位工业增加值能耗下降{c['d']}%，降至{c['v']}。",
    lambda c: f"园区单位工业增加值能耗为{c['v']}，全省开发区平均为{c['avg']}吨标准煤/万元。",
    lambda c: f"园区单位工业增加值综合能耗{c['v']}，力争{c['Y'] + 3}年降至{c['t']}吨标准煤/万元。",
    lambda c: f"万元工业增加值能耗{c['kg']}千克标准煤。",
    lambda c: f"园区单位工业增加值能耗仅为{c['v']}。",
]

CORE_20 = [
    lambda c: f"单位工业增加值用水量为{c['v']}立方米/万元，节水型园区建设成效明显。",
    lambda c: f"万元工业增加值用水量为{c['v']}立方米。",
    lambda c: f"{c['Y']}年单位工业增加值用水量{c['v']}立方米/万元，{c['Y'] - 1}年为{c['prev']}立方米/万元。",
    lambda c: f"单位工业增加值用水量下降{c['d']}%，为{c['v']}立方米/万元。",
    lambda c: f"园区单位工业增加值用水量{c['v']}立方米/万元，全省平均为{c['avg']}立方米/万元。",
    lambda c: f"单位工业增加值新鲜水耗{c['v']}吨/万元。",
    lambda c: f"园区万元工业增加值用水量{c['v']}立方米/万元，力争{c['Y'] + 3}年降至{c['t']}立方米/万元。",
    lambda c: f"园区单位工业增加值取水量为{c['v']}立方米/万元。",
]

PHRASINGS = {"core-1": CORE_1, "core-3": CORE_3, "core-4": CORE_4, "core-5": CORE_5, "core-7": CORE_7, "core-8": CORE_8,
             "core-9": CORE_9, "core-11": CORE_11, "core-14": CORE_14, "core-15": CORE_15, "core-19": CORE_19,
             "core-20": CORE_20}
