"""Figures no real park reports (a sign, an exponent, a share over 100 %, a table cell): read, never
believed. Each becomes a rejected candidate with reason ``implausible`` and its check ``needs_review``
with 数值超出合理范围 — never met, never silently missing."""
from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.checks import extraction_to_checks
from tests.pagetext import read_page

CASES = [  # (sentence, indicator, value read)
    ("2024年，园区销售收入为-350亿元。", "core-1", Decimal("-350")),
    ("2024年园区实现销售收入1e30亿元。", "core-1", Decimal("1e30")),
    ("2024年，园区研发投入强度为-80%。", "core-7", Decimal("-80")),
    ("2024年，园区研发投入强度达到180%。", "core-7", Decimal("180")),
    ("2024年，园区研发经费投入占销售收入的比重为250%。", "core-7", Decimal("250")),
    ("2024年，园区主导产业销售收入占比为130%。", "core-3", Decimal("130")),
]


@pytest.fixture(scope="module")
def catalogue(kb):
    return kb.catalogue


@pytest.mark.parametrize("text,indicator,value", CASES, ids=[c[0][5:20] for c in CASES])
def test_an_implausible_figure_is_kept_as_rejected_and_needs_review(catalogue, text, indicator, value):
    x = read_page(text, method="text")
    assert indicator not in {r.indicator for r in x.records}
    rejected = [r for r in x.rejected if r.indicator == indicator]
    assert [(r.value, r.reason) for r in rejected] == [(value, "implausible")]
    result = next(r for r in extraction_to_checks(x, catalogue).results if r.rule == indicator)
    assert result.status == "needs_review" and "数值超出合理范围" in result.explanation
    assert any(e.page == 2 and text[:10] in e.text for e in result.evidence)


def test_a_plausible_figure_beside_an_implausible_one_is_judged(catalogue):
    x = read_page("2024年，园区研发投入强度为3.1%，销售收入为-5亿元。", method="text")
    results = {r.rule: r for r in extraction_to_checks(x, catalogue).results}
    assert results["core-7"].status == "met" and results["core-1"].status == "needs_review"


def test_a_plausible_figure_wins_over_an_implausible_one_after_the_same_term(catalogue):
    """The implausible figure is a fallback only: the first figure in range after the term is read."""
    x = read_page("2024年，园区研发投入强度（2023年为-1%）为3.2%。", method="text")
    rec = next(r for r in x.records if r.indicator == "core-7")
    assert rec.value == Decimal("3.2")


def test_an_implausible_table_cell_is_rejected(catalogue):
    from extraction.layout import Cell, Line
    from extraction.pages import Page
    from extraction.report import pages_to_extraction

    rows = [("指标", "2023年", "2024年"), ("研发投入强度（%）", "2.9", "310")]
    lines = [Line([Cell(t, 70 + 150 * j, 100 + 30 * i, 200 + 150 * j, 112 + 30 * i) for j, t in enumerate(r)])
             for i, r in enumerate(rows)]
    x = pages_to_extraction("t.pdf", "-", [Page(1, 595, 842, lines, "text")])
    assert any(r.indicator == "core-7" and r.reason == "implausible" and r.value == 310 for r in x.rejected), x.rejected
    # 2024 is still the year judged: the 2023 figure is older, not a stand-in
    assert "core-7" not in {r.indicator for r in x.records}
    result = next(r for r in extraction_to_checks(x, catalogue).results if r.rule == "core-7")
    assert result.status == "needs_review" and "310" in result.explanation


def test_an_implausible_figure_never_costs_another_indicator_its_year(catalogue):
    """A misprinted 2024 share does not make the real 2023 revenue and R&D figures 'older'."""
    x = read_page("2023年，园区实现销售收入520亿元，研发投入强度为3.1%。2024年，园区主导产业销售收入占比为130%。",
                  method="text")
    results = {r.rule: r for r in extraction_to_checks(x, catalogue).results}
    assert results["core-1"].status == "met" and results["core-7"].status == "met"
    assert results["core-3"].status == "needs_review"


@pytest.mark.parametrize("text,indicator,value", [
    ("2024年，园区研发投入强度持续提升、主导产业销售收入占比达到65%。", "core-3", Decimal("65")),
    ("2024年，园区研发投入强度稳步提高，规上企业关键工序数控化率达到70%。", "core-15", Decimal("70")),
])
def test_an_out_of_range_figure_goes_to_the_term_nearest_it(text, indicator, value):
    """The implausible fallback never takes a figure across another indicator's term."""
    x = read_page(text, method="text")
    rec = next(r for r in x.records if r.indicator == indicator)
    assert rec.value == value and not [r for r in x.rejected if r.reason == "implausible"]
