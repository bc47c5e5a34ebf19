"""Number and unit recipes: Chinese numerals, Arabic numbers with separators, 万/亿 multipliers, units.

Pure functions returning :class:`decimal.Decimal` (never float) so money and thresholds compare
exactly. Each recipe states what it accepts; anything else raises ``ValueError`` with the input.

- ``cn_to_int("二十六") == 26``; ``cn_numeral_to_decimal("六十二点五") == Decimal("62.5")``
- ``parse_number("1,234.5") == Decimal("1234.5")``; ``parse_number("3.2万") == Decimal("32000")``;
  ``parse_number("三百二十") == Decimal("320")``; ``parse_number("百分之六十二点五") == Decimal("62.5")``
- ``parse_quantity("358.2亿元") == Quantity(Decimal("358.2"), "亿元")``;
  ``convert(Quantity(Decimal("7.4"), "平方公里"), "公顷") == Quantity(Decimal("740"), "公顷")``
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .normalize import fold_width

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_DIGITS.update({"〇": 0, "○": 0, "两": 2, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8,
                "玖": 9})
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10**4, "亿": 10**8}
CN_NUMERAL = "零一二三四五六七八九〇○两十百千万亿点壹贰叁肆伍陆柒捌玖拾佰仟"


def cn_to_int(s: str) -> int:
    """A Chinese integer numeral (一, 十二, 二十六, 一百零五, 两千三百, 一亿零一) or Arabic digits → int."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if (not s or any(c not in _DIGITS and c not in _SMALL and c not in _BIG for c in s)
            or not any(c in _DIGITS or c in _SMALL for c in s)):
        raise ValueError(f"not a Chinese integer numeral: {s!r}")
    total = section = chunk = number = 0
    for c in s:
        if c in _DIGITS:
            number = _DIGITS[c]
        elif c in _SMALL:
            chunk += (number or 1) * _SMALL[c]
            number = 0
        elif c == "万":
            section += (chunk + number) * 10**4
            chunk = number = 0
        else:  # 亿
            total = (total + section + chunk + number) * 10**8
            section = chunk = number = 0
    return total + section + chunk + number


def cn_numeral_to_decimal(s: str) -> Decimal:
    """Chinese numeral with an optional decimal part (六十二点五) → Decimal."""
    whole, dot, frac = s.strip().partition("点")
    if dot and not frac:
        raise ValueError(f"not a Chinese decimal numeral: {s!r}")
    value = Decimal(cn_to_int(whole) if whole else 0)
    if frac:
        if any(c not in _DIGITS for c in frac):
            raise ValueError(f"not a Chinese decimal numeral: {s!r}")
        value += Decimal("0." + "".join(str(_DIGITS[c]) for c in frac))
    return value


def _below_10k(n: int) -> str:
    out, zero = "", False
    for unit, val in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d = n // val % 10
        if d:
            out += ("零" if zero else "") + "零一二三四五六七八九"[d] + unit
            zero = False
        elif out:
            zero = True
    return out


def int_to_cn(n: int) -> str:
    """int → Chinese numeral as written in reports (10010 → 一万零一十, 100000001 → 一亿零一)."""
    if n < 0:
        raise ValueError(f"negative number: {n}")
    if n < 10**4:
        return _below_10k(n) or "零"
    unit, size = ("万", 10**4) if n < 10**8 else ("亿", 10**8)
    high, low = divmod(n, size)
    head = int_to_cn(high) + unit
    if low == 0:
        return head
    return head + ("零" if low < size // 10 else "") + int_to_cn(low)


_ARABIC = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_number(text: str) -> Decimal:
    """A number as reports write it → Decimal.

    Accepts Arabic digits (full- or half-width) with thousands separators, an optional 万/亿
    multiplier (3.2万, 1.5亿), Chinese numerals (三百二十, 六十二点五), and 百分之… (the
    percentage figure, 百分之六十二点五 → 62.5).
    """
    s = fold_width(text).strip().replace("，", ",").replace(" ", "")
    if s.startswith("百分之"):
        return parse_number(s[3:])
    mult = Decimal(1)
    if s[-1:] in _BIG and len(s) > 1 and not all(c in CN_NUMERAL for c in s):
        mult, s = Decimal(_BIG[s[-1]]), s[:-1]
    if _ARABIC.match(s):
        return Decimal(s.replace(",", "")) * mult
    if s and all(c in CN_NUMERAL for c in s):
        return cn_numeral_to_decimal(s) * mult
    raise ValueError(f"not a number: {text!r}")


def format_decimal(d: Decimal) -> str:
    """A Decimal as people write it: no exponent, no trailing zeros (Decimal("2.50") → "2.5")."""
    s = format(d, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


# --- units --------------------------------------------------------------------------

@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str


# factor to the base unit of each dimension (money: 元, area: 公顷)
_FACTORS = {
    "元": ("money", Decimal(1)), "万元": ("money", Decimal(10**4)), "亿元": ("money", Decimal(10**8)),
    "公顷": ("area", Decimal(1)), "平方公里": ("area", Decimal(100)), "平方千米": ("area", Decimal(100)),
    "km²": ("area", Decimal(100)), "亩": ("area", Decimal(1) / Decimal(15)), "平方米": ("area", Decimal("0.0001")),
}
UNITS = (
    "万元/公顷", "万元/亩", "万元/人", "吨标准煤/万元", "立方米/万元", "亿元", "万元", "元",
    "平方公里", "平方千米", "km²", "公顷", "平方米", "亩", "%", "件", "家", "个",
)
def parse_quantity(text: str) -> Quantity:
    """"358.2亿元", "三百二十亿元", "7.4平方公里", "2.79%", "百分之六十二点五", "47.3万元/人" → Quantity.

    The longest unit that ends the text wins (亿元 before 元), the rest must be a number.
    """
    s = fold_width(text).strip().replace(" ", "")
    unit = next((u for u in sorted(UNITS, key=len, reverse=True) if s.endswith(u) and len(s) > len(u)), "")
    number = s[: len(s) - len(unit)]
    if not unit and number.startswith("百分之"):
        unit = "%"
    return Quantity(parse_number(number), unit)


def convert(q: Quantity, unit: str) -> Quantity:
    """Convert money (元/万元/亿元), area (公顷/平方公里/亩/平方米) and 万元/亩 → 万元/公顷."""
    if q.unit == unit:
        return q
    if q.unit == "万元/亩" and unit == "万元/公顷":
        return Quantity(q.value * 15, unit)
    a, b = _FACTORS.get(q.unit), _FACTORS.get(unit)
    if not a or not b or a[0] != b[0]:
        raise ValueError(f"cannot convert {q.unit} to {unit}")
    return Quantity(q.value * a[1] / b[1], unit)
