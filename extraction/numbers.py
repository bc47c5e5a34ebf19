"""Number recipes: Chinese numerals, Arabic numbers with separators, 万/亿 multipliers.

Pure functions returning Decimal (never float) so money and thresholds compare exactly.
"""
from __future__ import annotations

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CN_DIGITS.update({"〇": 0, "○": 0, "两": 2})


def cn_to_int(s: str) -> int:
    """Small Chinese numeral (一, 十, 十二, 二十六, 九十九) or Arabic digits → int.

    ``cn_to_int("二十六") == 26``; ``cn_to_int("十") == 10``; ``cn_to_int("3") == 3``.
    """
    s = s.strip()
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    if s in _CN_DIGITS:
        return _CN_DIGITS[s]
    raise ValueError(f"not a small Chinese numeral: {s!r}")
