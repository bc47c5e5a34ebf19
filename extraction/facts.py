"""Report facts: applicant, filing year, special-region statement, domain (pure)."""
from __future__ import annotations

import re
from typing import Optional

from .document import Doc, evidence, years
from .models import Evidence
from .normalize import fold_width, to_simplified

REGION_KINDS = ("革命老区", "民族地区", "边疆地区", "欠发达地区", "脱贫地区", "资源型地区", "老工业基地",
                "生态退化地区", "资源枯竭", "产业衰退地区")
DOMAINS = {"高技术转化应用": "高技术转化应用", "产业转移合作": "产业转移合作",
           "软件和信息服务": "软件和信息服务/大数据", "大数据": "软件和信息服务/大数据",
           "工业互联网": "工业互联网", "数据中心": "数据中心"}


def cover_value(doc: Doc, label: str) -> Optional[str]:
    for line in doc.cover:
        head, _, rest = line.partition(" ")
        if rest and re.fullmatch(label, fold_width(to_simplified(head))):
            return rest.strip()
    return None


def find_applicant(doc: Doc) -> Optional[str]:
    name = cover_value(doc, r"(?:基地|园区|申报单位|申报园区)名称") or cover_value(doc, r"申报主体|申报单位")
    if name:
        return re.sub(r"(管委[会會]|管理委[员員][会會])$", "", name)
    for s in doc.sentences[:40]:
        m = re.search(r"关于(.{4,40}?)申报", s.text)
        if m:
            return m.group(1)
    return None


def filing_year(doc: Doc) -> Optional[int]:
    """The year of the report's filing date (封面 填报日期), when it states one."""
    filed = cover_value(doc, r"填报(?:时间|日期)|申报(?:时间|日期)|报送(?:时间|日期)|日期")
    if filed and years(fold_width(filed)):
        return years(fold_width(filed))[0]
    return None


def fallback_latest_year(doc: Doc, filed: Optional[int]) -> Optional[int]:
    """The latest year when no figure states one: table years and year-end mentions, else the year before filing."""
    pool = [y for t in doc.tables for y in t.years]
    year_end = re.compile(r"((?:19|20)\d{2})年(?:末|底|全年|度)")
    pool += [int(y) for s in doc.having(year_end) for y in year_end.findall(s.norm)]
    pool = [y for y in pool if filed is None or y <= filed]
    if pool:
        return max(pool)
    return filed - 1 if filed is not None else None


def find_special_region(doc: Doc) -> tuple[Optional[str], Optional[Evidence]]:
    for s in doc.having(re.compile("|".join(REGION_KINDS) + "|特殊类型地区")):
        if re.search(r"不属于|不适用|非(?:革命老区|民族地区|边疆地区)|并非", s.norm):
            continue
        if not re.search(r"属于|位于|地处|系|为|适用|列入|纳入|享受", s.norm):
            continue
        kind = next((k for k in REGION_KINDS if k in s.norm), "特殊类型地区")
        return kind, evidence(doc, s)
    return None, None


def find_domain(doc: Doc) -> Optional[str]:
    value = cover_value(doc, r"(?:申报)?特色领域|申报领域|特色方向")
    texts = [fold_width(to_simplified(value))] if value else []
    texts += [s.norm for s in doc.having(re.compile(r"特色(?:领域|指标)"))]
    for t in texts:
        for key, name in DOMAINS.items():
            if key in t:
                return name
    return None
