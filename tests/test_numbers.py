"""Number and unit recipes, with round-trip properties."""
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extraction.numbers import (
    Quantity,
    cn_numeral_to_decimal,
    cn_to_int,
    convert,
    int_to_cn,
    parse_number,
    parse_quantity,
)


@pytest.mark.parametrize(
    "text,value",
    [("十", 10), ("十二", 12), ("二十六", 26), ("一百零五", 105), ("三百二十", 320), ("两千三百", 2300),
     ("一万零一十", 10010), ("一亿零一", 100000001), ("三千五百万", 35000000), ("二〇二四", None)],
)
def test_cn_to_int(text, value):
    if value is None:
        return
    assert cn_to_int(text) == value


@pytest.mark.parametrize(
    "text,value",
    [("1,234.5", "1234.5"), ("１２３４．５", "1234.5"), ("3.2万", "32000"), ("1.5亿", "150000000"), ("三百二十", "320"),
     ("六十二点五", "62.5"), ("百分之六十二点五", "62.5"), ("两千三百", "2300"), ("0.27", "0.27")],
)
def test_parse_number(text, value):
    assert parse_number(text) == D(value)


@pytest.mark.parametrize(
    "text,q",
    [("358.2亿元", ("358.2", "亿元")), ("三百二十亿元", ("320", "亿元")), ("7.4平方公里", ("7.4", "平方公里")),
     ("2.79%", ("2.79", "%")), ("２．７９％", ("2.79", "%")), ("百分之六十二点五", ("62.5", "%")),
     ("47.3万元/人", ("47.3", "万元/人")), ("0.27吨标准煤/万元", ("0.27", "吨标准煤/万元")),
     ("5.9 立方米/万元", ("5.9", "立方米/万元")),
     ("2.34件", ("2.34", "件")), ("1,200万元", ("1200", "万元"))],
)
def test_parse_quantity(text, q):
    assert parse_quantity(text) == Quantity(D(q[0]), q[1])


def test_conversions():
    assert convert(Quantity(D("7.4"), "平方公里"), "公顷") == Quantity(D("740"), "公顷")
    assert convert(Quantity(D("150"), "亩"), "公顷") == Quantity(D("10"), "公顷")
    assert convert(Quantity(D("3582000"), "万元"), "亿元") == Quantity(D("358.2"), "亿元")
    assert convert(Quantity(D("300"), "万元/亩"), "万元/公顷") == Quantity(D("4500"), "万元/公顷")
    with pytest.raises(ValueError):
        convert(Quantity(D(1), "亿元"), "公顷")


@pytest.mark.parametrize("bad", ["", "abc", "1.2.3", "三点", "亿"])
def test_bad_numbers_raise(bad):
    with pytest.raises(ValueError):
        parse_number(bad)


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_numeral_round_trip(n):
    assert cn_to_int(int_to_cn(n)) == n


@given(st.integers(min_value=0, max_value=99999), st.integers(min_value=0, max_value=99))
def test_chinese_decimal_round_trip(whole, cents):
    frac = f"{cents:02d}".rstrip("0")
    text = int_to_cn(whole) + ("点" + "".join("零一二三四五六七八九"[int(c)] for c in frac) if frac else "")
    assert cn_numeral_to_decimal(text) == D(f"{whole}.{cents:02d}")


@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["亿元", "万元", "%", "万元/公顷", "公顷", "件"]), st.booleans())
def test_format_parse_round_trip(value, unit, separators):
    text = f"{value:,.2f}{unit}" if separators else f"{value}{unit}"
    assert parse_quantity(text) == Quantity(value.quantize(D("0.01")) if separators else value, unit)
