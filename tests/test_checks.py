"""Rule engine: boundaries of every quantitative rule, special-region and domain rows, series, eligibility."""
from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.checks import check_eligibility, check_rule, extraction_to_checks
from extraction.models import Evidence, Extraction, Incident, IndicatorRecord, InstitutionCount, Passage, SeriesPoint

from .pagetext import read_page


def _rec(ind, value, unit="", **kw):
    ev = Evidence(file="t.pdf", page=2, text=f"{ind} {value}")
    return IndicatorRecord(indicator=ind, name=ind, value=value, unit=unit, year=2024, page=2, text=ev.text,
                           method="stated", evidence=(ev,), **kw)


def _x(*records, incidents=(), passages=(), region=None, domain=None):
    return Extraction(file="t.pdf", sha256="-", pages=3, records=tuple(records), incidents=tuple(incidents),
                      passages=tuple(passages), special_region=region, domain=domain, latest_year=2024)


def _quantitative(catalogue):
    return [r for r in catalogue.rules if r.kind == "threshold" and len(r.thresholds) == 1
            and r.thresholds[0].op != "between" and not r.applies_to]


def test_every_single_threshold_rule_at_its_boundary(kb):
    cat = kb.catalogue
    rules = _quantitative(cat)
    assert ({"core-1", "core-3", "core-5", "core-7", "core-8", "core-11", "core-14", "core-15", "special-14"}
            <= {r.id for r in rules})
    for rule in rules:
        t = rule.thresholds[0]
        step = Decimal("0.01")
        for special in (False, True):
            bound = t.special_value if special and t.special_value is not None else t.value
            at = check_rule(rule, _x(_rec(rule.id, bound, t.unit)), special)
            below = check_rule(rule, _x(_rec(rule.id, bound - step, t.unit)), special)
            above = check_rule(rule, _x(_rec(rule.id, bound + step, t.unit)), special)
            if t.op == ">=":
                assert (at.status, below.status, above.status) == ("met", "not_met", "met"), rule.id
            elif t.op == "<=":
                assert (at.status, below.status, above.status) == ("met", "met", "not_met"), rule.id
            assert at.clause.ref == rule.clause.ref and at.clause.doc == "miit-2023-draft"
            assert at.threshold and at.evidence


def test_special_region_thresholds(kb):
    core1 = kb.catalogue.rule("core-1")
    x = _x(_rec("core-1", Decimal("163.9"), "亿元"))
    assert check_rule(core1, x, special=False).status == "not_met"
    r = check_rule(core1, x, special=True)
    assert r.status == "met" and "特殊类型地区" in r.threshold
    report = extraction_to_checks(_x(_rec("core-1", Decimal("163.9"), "亿元"), region="民族地区"), kb.catalogue)
    assert report.special_region and "民族地区" in report.special_region_basis
    assert report.result("core-1").status == "met"


def test_core_9_national_or_provincial(kb):
    rule = kb.catalogue.rule("core-9")
    cases = {(1, 0): "met", (0, 3): "met", (0, 2): "not_met", (0, 0): "not_met"}
    for (n, p), want in cases.items():
        assert check_rule(rule, _x(_rec("core-9", InstitutionCount(national=n, provincial=p), "家")),
                          False).status == want


@pytest.mark.parametrize("count, want", [
    (InstitutionCount(national_at_least=1), "met"),  # 填补国家级研发机构空白: at least one, never 0
    (InstitutionCount(national_at_least=1, provincial=1), "met"),
    (InstitutionCount(provincial_or_above=15), "met"),  # ≥3 of either level: one side holds whatever the split
    (InstitutionCount(provincial_or_above=0), "not_met"),
    (InstitutionCount(provincial_or_above=2), "missing"),  # 1 national + 1 provincial, or 2 provincial: not known
    (InstitutionCount(national=0, provincial_or_above=2), "not_met"),
])
def test_core_9_counts_said_without_a_number_per_level(kb, count, want):
    r = check_rule(kb.catalogue.rule("core-9"), _x(_rec("core-9", count, "家")), False)
    assert r.status == want, r.explanation


def test_core_2_each_year_strictly_above(kb):
    rule = kb.catalogue.rule("core-2")

    def series(*pairs):
        return _rec("core-2", [SeriesPoint(year=2022 + i, park=Decimal(a), local=Decimal(b))
                               for i, (a, b) in enumerate(pairs)], "%")

    assert check_rule(rule, _x(series(("8", "5"), ("7", "5"), ("6", "5"))), False).status == "met"
    assert check_rule(rule, _x(series(("8", "5"), ("7", "5"), ("5.2", "5.2"))), False).status == "not_met"
    assert check_rule(rule, _x(series(("8", "5"), ("7", "5"))), False).status == "missing"
    assert check_rule(rule, _x(), False).status == "missing"


def test_judgement_and_qualitative_rows(kb):
    cat = kb.catalogue
    r4 = check_rule(cat.rule("core-4"), _x(_rec("core-4", Decimal("47.3"), "万元/人")), False)
    assert r4.status == "needs_review" and r4.value == 47.3
    assert check_rule(cat.rule("core-4"), _x(), False).status == "missing"
    p = Passage(indicator="core-28", page=4, text="2024年园区完成进出口额607.7亿元。")
    r28 = check_rule(cat.rule("core-28"), _x(passages=[p]), False)
    assert r28.status == "needs_review" and r28.evidence[0].page == 4
    assert check_rule(cat.rule("core-28"), _x(), False).status == "missing"


def test_contradictory_figures_need_review(kb):
    other = Evidence(file="t.pdf", page=4, text="研发投入强度3.5%")
    r = check_rule(kb.catalogue.rule("core-7"), _x(_rec("core-7", Decimal("2.74"), "%", conflicts=(other,))), False)
    assert r.status == "needs_review" and other in r.evidence


def test_domain_rows_compound(kb):
    x = _x(_rec("special-12.1", Decimal("30"), "%"), _rec("special-12.2", Decimal("41"), "%"),
           _rec("special-12.3", Decimal("49.99"), "%"), domain="工业互联网")
    report = extraction_to_checks(x, kb.catalogue)
    assert report.domain == "工业互联网"
    assert report.result("special-12").status == "not_met"
    assert report.result("special-14").status == "missing"
    assert {r.rule for r in report.results} >= {"special-12", "special-13", "special-14", "special-15", "special-16"}
    big = extraction_to_checks(_x(_rec("dc-racks", Decimal(3200), "个"), _rec("dc-load", Decimal(40), "%"),
                                  _rec("dc-pue", Decimal("1.31"))), kb.catalogue, domain="数据中心")
    assert big.result("special-17.1").status == "met" and big.result("special-17.2") is None
    assert big.result("special-18.1").status == "not_met"


def _inc(kind, level, year, occurred=True):
    return Incident(kind=kind, level=level, year=year, occurred=occurred, page=4, text="…")


_NO_ENV, _NO_SAFETY = _inc("environment", "II", None, occurred=False), _inc("safety", "重大", None, occurred=False)


@pytest.mark.parametrize("incidents,want", [
    ([_NO_ENV, _NO_SAFETY], "met"),
    ([_inc("environment", "III", 2022), _NO_SAFETY], "met"),
    ([_inc("environment", "II", 2023)], "not_met"),
    ([_inc("environment", "I", 2024)], "not_met"),
    ([_inc("safety", "较大", 2024), _NO_ENV], "met"),
    ([_inc("safety", "重大", 2023)], "not_met"),
    ([_inc("safety", "特别重大", 2022)], "not_met"),
    ([_inc("safety", "重大", 2018), _NO_ENV], "met"),
    ([_inc("safety", None, 2023)], "needs_review"),
    ([], "needs_review"),
    # one side addressed, the other silent: 第八条 asks for both
    ([_NO_ENV], "needs_review"),
    ([_NO_SAFETY], "needs_review"),
    ([_inc("environment", "III", 2022)], "needs_review"),
])
def test_eligibility_levels_and_window(kb, incidents, want):
    assert check_eligibility(kb.catalogue.eligibility, _x(incidents=incidents)).status == want


def test_results_cover_all_core_rules_and_eligibility(kb):
    report = extraction_to_checks(_x(), kb.catalogue)
    assert [r.rule for r in report.results] == [f"core-{i}" for i in range(1, 30)] + ["eligibility"]
    assert all(r.status in ("missing", "needs_review") for r in report.results)


def test_a_missing_value_says_why_when_extraction_knows(kb):
    # 積 and 畝 dropped by OCR
    x = read_page("截至2024年末，園區營業收入為697.7億元。", "園區總规劃面67,110，其中建成區面33,555。")
    result = check_rule(next(r for r in kb.catalogue.rules if r.id == "core-5"), x, False)
    assert result.status == "missing"
    assert "33,555" in result.explanation and "没有可识别的单位" in result.explanation and "第2页" in result.explanation


def test_what_extraction_noticed_about_a_figure_comes_with_its_verdict(kb):
    x = read_page("截至2024年末，園區營業收入為351.9億元。", "園區總规劃面23.16平方公里，其中建成區面11.58平方公里。",
                  "單位土地平均產值為243.11萬元/。")  # 萬元/畝 with 畝 dropped by OCR: the derived value stands in
    result = check_rule(next(r for r in kb.catalogue.rules if r.id == "core-5"), x, False)
    assert result.method == "derived" and result.status == "not_met"
    assert "243.11萬元/" in result.explanation and "没有可识别的单位" in result.explanation


def test_notes_follow_the_indicators_a_rule_reads(kb):
    from extraction.models import ExtractWarning

    rule = next(r for r in kb.catalogue.rules if r.id == "special-12")  # three parts: special-12.1 … 12.3
    note = ExtractWarning(indicator="special-12.2", message="第3页“45”没有可识别的单位")
    x = _x(_rec("special-12.1", Decimal("80"), "%")).model_copy(update={"warnings": (note,)})
    assert "第3页“45”没有可识别的单位" in check_rule(rule, x, False).explanation
