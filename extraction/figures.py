"""Figures in running text: a number with its unit, converted to an indicator's canonical unit.

``find_figures(norm)`` scans a sentence's matching form for numbers followed by a unit —
Arabic (separators, decimals), Chinese numerals (三百二十, 六十二点五, 两千三百), 百分之…,
with 万/亿 multipliers — and returns them with their offsets, so a caller can tell which
term a figure follows and what stands between them. ``to_canonical`` converts a figure to
the unit the CLI contract names for its indicator (Decimal throughout).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, DecimalException
from typing import Optional

from .numbers import Quantity, convert, parse_number

_UNITS = sorted([
    "万元/公顷", "万元/亩", "亿元/平方公里", "亿元/平方千米", "亿元/km2", "亿元/km²", "万元/km2", "万元/人·年",
    "万元/(人·年)",
    "万元/人", "元/人",
    "吨标准煤/万元", "千克标准煤/万元", "吨标煤/万元", "千克标煤/万元", "标准煤/万元", "立方米/万元", "吨/万元",
    "m³/万元",
    "个百分点", "吨标准煤", "千克标准煤", "吨标煤", "千克标煤", "立方米", "万立方米",
    "亿元", "万元", "元", "平方公里", "平方千米", "km²", "公顷", "平方米", "亩", "%", "件", "家", "个", "架", "台",
    "项",
], key=len, reverse=True)
_UNIT_SET = frozenset(_UNITS)
_CN = "零一二三四五六七八九十百千两〇"
NUMBER = re.compile(
    r"百分之[" + _CN + r"点]+|(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?|["
    + _CN + r"]+(?:点[" + _CN + r"]+)?"
)
_UNIT = re.compile(r"\s*(?:(?P<unit>" + "|".join(re.escape(u) for u in _UNITS)
                   + r")|(?P<mult>亿|万)\s*(?P<unit2>" + "|".join(re.escape(u) for u in _UNITS) + r"))")
# 亿 standing alone (165亿，/ 320亿。), not the start of another unit (45亿美元, 3亿人次)
_BARE_YI = re.compile(r"\s*亿(?![\u4e00-\u9fffA-Za-z$])")
_COMPARATOR = re.compile(r"(?:≥|≤|>|<|不低于|不少于|不高于|不超过|以上|以下|超过|超|逾|近|约)\s*$")


@dataclass(frozen=True)
class Figure:
    value: Decimal
    unit: str  # "" for a bare number, "%" for 百分之…
    start: int
    end: int
    raw: str
    qualified: bool  # preceded by ≥/超过/约…: a bound or an estimate, not a stated level


# a sign belongs to its number (-350亿元 is not 350); a dash between two numbers is a range (1-9月)
_SIGN = re.compile(r"(?<![\dA-Za-z.%元万亿个家件项台米亩吨人年月日])[-−－]\s*$")
# scientific notation (1e30) is read whole, so an absurd magnitude is seen as such, never as its exponent
_EXPONENT = re.compile(r"[eE][+-]?\d+")


def find_figures(norm: str) -> list[Figure]:
    out = []
    skip_to = -1
    for m in NUMBER.finditer(norm):
        if m.start() < skip_to:
            continue  # the exponent of the number before
        num = m.group(0)
        exp = _EXPONENT.match(norm, m.end()) if num[0].isdigit() else None
        if exp:
            skip_to = exp.end()
        u = _UNIT.match(norm, exp.end() if exp else m.end())
        unit, mult, end = "", "", m.end()
        if u:
            unit, mult, end = u.group("unit") or u.group("unit2"), u.group("mult") or "", u.end()
            if mult and mult + unit in _UNIT_SET:  # 68亿 元 (a space inside the unit) is 68 亿元
                unit, mult = mult + unit, ""
        elif (bare := _BARE_YI.match(norm, exp.end() if exp else m.end())) is not None:
            unit, end = "亿", bare.end()  # 165亿， — an indicator may read it as 亿元 (implied_units)
        if num.startswith("百分之"):
            unit = "%"
        elif num[0] in _CN and not unit:
            continue  # a Chinese numeral without a unit is a word, not a figure
        try:
            value = parse_number(num)
        except ValueError:
            continue
        if exp:
            try:
                value = value.scaleb(int(exp.group(0)[1:]))
            except (DecimalException, ValueError):
                continue  # beyond any number a report could state: not a figure
        if num[0].isdigit() and _SIGN.search(norm[max(0, m.start() - 2):m.start()]):
            value = -value
        if mult:
            value *= Decimal(10 ** (8 if mult == "亿" else 4))
        qualified = bool(_COMPARATOR.search(norm[max(0, m.start() - 4):m.start()]))
        start = m.start() - 1 if value < 0 and norm[m.start() - 1:m.start()] in "-−－" else m.start()
        out.append(Figure(value, unit, start, end, norm[start:end], qualified))
    return out


_SIMPLE = {
    ("元/人", "万元/人"): Decimal("0.0001"),
    ("万元/亩", "万元/公顷"): Decimal(15),
    ("亿元/平方公里", "万元/公顷"): Decimal(100),
    ("亿元/平方千米", "万元/公顷"): Decimal(100),
    ("亿元/km2", "万元/公顷"): Decimal(100),
    ("亿元/km²", "万元/公顷"): Decimal(100),
    ("万元/km2", "万元/公顷"): Decimal("0.01"),
    ("万元/人·年", "万元/人"): Decimal(1),
    ("万元/(人·年)", "万元/人"): Decimal(1),
    ("千克标准煤/万元", "吨标准煤/万元"): Decimal("0.001"),
    ("千克标煤/万元", "吨标准煤/万元"): Decimal("0.001"),
    ("吨标煤/万元", "吨标准煤/万元"): Decimal(1),
    ("标准煤/万元", "吨标准煤/万元"): Decimal(1),  # OCR dropped 吨 (噸): kilograms would be out of range
    ("吨/万元", "立方米/万元"): Decimal(1),
    ("m³/万元", "立方米/万元"): Decimal(1),
    ("个", "家"): Decimal(1),
    ("架", "个"): Decimal(1),
    ("台", "个"): Decimal(1),
}


def to_canonical(value: Decimal, unit: str, canonical: str) -> Optional[Decimal]:
    """``value unit`` in ``canonical`` units, or None when the two do not measure the same thing."""
    if unit == canonical:
        return value
    if (unit, canonical) in _SIMPLE:
        return value * _SIMPLE[(unit, canonical)]
    try:
        return convert(Quantity(value, unit), canonical).value
    except ValueError:
        return None
