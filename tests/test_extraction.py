"""Extraction: layout, tables, figures, the generated report set, the samples, errors and cache."""
from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path

import pytest

from extraction.errors import UnreadableFile
from extraction.figures import find_figures, to_canonical
from extraction.flow import lines_to_paragraphs, paragraph_to_sentences
from extraction.layout import Cell, Line, lines_to_reading_order
from extraction.models import extraction_to_json
from extraction.pipeline import extract_report
from extraction.tables import pages_to_tables

from .pagetext import read_page


@pytest.fixture(scope="session")
def generated_results(generated):
    truth = json.loads((generated / "truth.json").read_text(encoding="utf-8"))
    return [(t, extraction_to_json(extract_report(generated / t["file"]))) for t in truth]


def _value_ok(tv: dict, rec: dict) -> bool:
    v = rec["value"]
    if "series" in tv:
        got = {p["year"]: p for p in v}
        return all(s["year"] in got and math.isclose(got[s["year"]]["park"], s["park_growth_pct"])
                   and math.isclose(got[s["year"]]["local"], s["local_gdp_growth_pct"]) for s in tv["series"])
    if "national" in tv:
        return v == {"national": tv["national"], "provincial": tv["provincial"]}
    return math.isclose(v, tv["value"], rel_tol=0.005, abs_tol=0.011) and rec["year"] == tv.get("year", rec["year"])


# --- pure stages ---------------------------------------------------------------------

def _cell(text, x0, top, x1):
    return Cell(text, x0, top, x1, top + 10)


def test_interleaved_two_columns_are_read_left_column_first():
    lines = [Line([_cell("四、数字化", 85, 100, 200), _cell("五、绿色低碳", 310, 100, 420)])]
    for i in range(4):
        lines.append(Line([_cell(f"左栏第{i}行文字文字文字文字文字", 85, 120 + 18 * i, 290),
                           _cell(f"右栏第{i}行文字文字文字文字文字", 310, 120 + 18 * i, 510)]))
    lines.append(Line([_cell("六、通栏标题之后的正文横跨整个页面宽度", 85, 220, 510)]))
    order = [line.text for line in lines_to_reading_order(lines, 595)]
    assert order[0] == "四、数字化"
    assert order[1:5] == [f"左栏第{i}行文字文字文字文字文字" for i in range(4)]
    assert order[5] == "五、绿色低碳"
    assert order[-1].startswith("六、")


def test_table_rows_are_not_mistaken_for_columns():
    lines = [Line([_cell("指标名称", 85, 100, 140), _cell("单位", 240, 100, 260), _cell("2023年", 330, 100, 360),
                   _cell("2024年", 430, 100, 460)])]
    for i in range(5):
        lines.append(Line([_cell(f"指标{i}", 85, 120 + 18 * i, 140), _cell("%", 240, 120 + 18 * i, 250),
                           _cell("1.0", 335, 120 + 18 * i, 350), _cell("2.0", 435, 120 + 18 * i, 450)]))
    assert [ln.text for ln in lines_to_reading_order(lines, 595)] == [ln.text for ln in lines]


@pytest.mark.parametrize("labels", [
    ("基地名称", "四至范围", "规划面积", "主导产业", "2023年营业收入", "2024年营业收入", "其中：新型显示产业销售收入",
     "新型显示产业销售收入占比", "年末从业人员", "全员劳动生产率"),
    ("项目名称", "申报单位", "所在地区", "2024年销售收入", "研发投入强度",
     "规模以上企业每亿元主营业务收入高价值发明专利数"),
])
def test_a_two_column_table_is_not_mistaken_for_two_columns_of_text(labels):
    """Class: a key/value table (项目 | 内容) whose values are long: its short labels are no column of running
    text, so each label stays on the line of its value."""
    long_value = "东至滨河大道，西至岚山路，南至纬六路，北至绕城高速"
    lines = [Line([_cell(lab, 71, 100 + 19 * i, 71 + 10.5 * len(lab)),
                   _cell(long_value if i % 2 else "856.2亿元", 257, 100 + 19 * i, 494 if i % 2 else 300)])
             for i, lab in enumerate(labels)]
    assert [ln.text for ln in lines_to_reading_order(lines, 595)] == [ln.text for ln in lines]


def test_table_continues_across_a_page_break_without_header():
    head = Line([_cell("指标名称", 85, 100, 140), _cell("单位", 240, 100, 260), _cell("2023年", 330, 100, 360),
                 _cell("2024年", 430, 100, 460)])
    row1 = Line([_cell("营业收入", 85, 120, 140), _cell("亿元", 240, 120, 260), _cell("300.5", 332, 120, 355),
                 _cell("320.1", 432, 120, 455)])
    row2 = Line([_cell("增加值增长率", 85, 80, 150), _cell("%", 240, 80, 250), _cell("7.5", 338, 80, 350),
                 _cell("6.9", 438, 80, 450)])
    prose = Line([_cell("三、创新能力与效能", 85, 120, 200)])
    tables = pages_to_tables([(2, [head, row1]), (3, [row2, prose])])
    assert len(tables) == 1 and tables[0].pages == [2, 3]
    assert tables[0].rows[1].values == {2023: Decimal("7.5"), 2024: Decimal("6.9")}
    assert tables[0].rows[1].page == 3


def test_wrapped_figure_is_rejoined():
    para = lines_to_paragraphs([Line([_cell("园区单位工业增加值能耗530千克标准", 106, 100, 300)]),
                                Line([_cell("煤/万元，低于全省平均水平。", 85, 117, 250)])])
    assert len(para) == 1
    (s,) = paragraph_to_sentences(3, para[0])
    (fig,) = find_figures(s.norm)
    assert to_canonical(fig.value, fig.unit, "吨标准煤/万元") == Decimal("0.530")


@pytest.mark.parametrize("text,canonical,want", [
    ("3,372,000万元", "亿元", "337.2"), ("三百二十亿元", "亿元", "320"), ("412,000元/人", "万元/人", "41.2"),
    ("百分之六十七点三", "%", "67.3"), ("２．６６％", "%", "2.66"), ("243.11万元/亩", "万元/公顷", "3646.65"),
    ("1.2万亩", "公顷", "800"), ("7.4平方公里", "公顷", "740"), ("5.9吨/万元", "立方米/万元", "5.9"),
])
def test_figures_convert_to_canonical_units(text, canonical, want):
    from extraction.normalize import fold_width

    (fig,) = find_figures(fold_width(text))
    assert to_canonical(fig.value, fig.unit, canonical) == Decimal(want)


# --- whole reports -------------------------------------------------------------------

def test_generated_reports_values_and_pages(generated_results):
    right = total = page_ok = 0
    invented = []
    for truth, x in generated_results:
        recs = {r["indicator"]: r for r in x["records"]}
        wanted = {**truth["values"], **truth["special_values"]}
        for key, tv in wanted.items():
            total += 1
            rec = recs.get(key)
            if rec and _value_ok(tv, rec):
                right += 1
                pages = {tv.get("page"), *tv.get("alt_pages", [])}
                page_ok += tv.get("page") is None or rec["page"] in pages
        invented += [f"{truth['file']} {k}" for k in recs if k not in wanted]
    assert not invented
    assert right / total >= 0.98, f"{right}/{total}"
    assert page_ok == right


def test_generated_reports_facts(generated_results):
    for truth, x in generated_results:
        assert x["script"] == truth["script"], truth["file"]
        assert x["pages"] == truth["pages"]
        assert set(x["ocr_pages"]) == set(truth["scanned"]), truth["file"]
        assert x["special_region"] == truth["special_region_type"], truth["file"]
        assert x["domain"] == truth["domain"]
        from extraction.normalize import to_simplified

        assert to_simplified(x["applicant"]) == truth["park_simplified"]
        occurred = [i for i in x["incidents"] if i["occurred"]]
        event = truth["eligibility_event"]
        if event == "none":
            assert not occurred, truth["file"]
        elif event == "safety_major":
            assert any(i["kind"] == "safety" and i["level"] == "重大" for i in occurred)
        elif event == "env2":
            assert any(i["kind"] == "environment" and i["level"] == "II" for i in occurred)
        elif event == "old_major":
            assert all(i["year"] <= truth["latest_year"] - 3 for i in occurred)


def test_injected_and_hidden_text_never_feed_a_figure(generated_results):
    for truth, x in generated_results:
        if not any("injection" in t for t in truth["traps"]):
            continue
        all_scanned = len(truth["scanned"]) == truth["pages"]  # faint text on a scan may not survive OCR at all
        if not (all_scanned and "hidden prompt injection" in truth["traps"]):
            assert any("指令性文字" in w["message"] or "不易察觉" in w["message"] for w in x["warnings"]), truth["file"]
        recs = {r["indicator"]: r for r in x["records"]}
        if "core-7" in recs and truth["values"]["core-7"]["value"] != 3.5:
            assert recs["core-7"]["value"] != 3.5
        if "core-5" in recs:
            assert recs["core-5"]["value"] != 9999


def test_evidence_text_occurs_on_its_page(generated):
    import re

    from extraction.ocr import ocr_page
    from extraction.pages import pdf_to_pages, strip_furniture
    from extraction.report import pages_to_extraction

    for name in ("R01.pdf", "R05.pdf", "R09.pdf"):
        pages = strip_furniture(list(pdf_to_pages(generated / name, ocr=ocr_page)))
        x = pages_to_extraction(name, "-", pages)
        text = {p.number: re.sub(r"\s+", "", p.text) for p in pages}
        for r in x.records:
            for e in r.evidence:
                assert re.sub(r"\s+", "", e.text) in text[e.page], (name, r.indicator)
        assert not any("核对到" in w.message for w in x.warnings)


def test_samples_match_truth(shared_dir):
    samples = shared_dir / "samples"
    truth = json.loads((samples / "truth.json").read_text(encoding="utf-8"))
    for t in truth:
        x = extraction_to_json(extract_report(samples / t["file"]))
        recs = {r["indicator"]: r for r in x["records"]}
        for key, tv in t["values"].items():
            assert key in recs and _value_ok(tv, recs[key]), (t["file"], key, recs.get(key))
            pages = {tv["page"], *tv.get("alt_pages", []), *[d["page"] for d in tv.get("derived_from", [])]}
            assert recs[key]["page"] in pages
        for key, st in t["verdicts"].items():
            if st == "missing":
                assert key not in recs, (t["file"], key)
        if t["warnings"]:
            assert any(w["indicator"] == "core-5" for w in x["warnings"])


# --- bad input and cache -------------------------------------------------------------

@pytest.mark.parametrize("content,reason", [
    (b"", "为空"), (b"hello, not a pdf", "不是 PDF"), (b"%PDF-1.4\n1 0 obj\n<<", "损坏"),
])
def test_unusable_uploads_raise_a_typed_error(tmp_path, content, reason):
    f = tmp_path / "bad.pdf"
    f.write_bytes(content)
    with pytest.raises(UnreadableFile) as e:
        extract_report(f, cache_dir=tmp_path / "cache")
    assert reason in e.value.user_message
    assert not (tmp_path / "cache").exists()


def test_page_limit_is_enforced(generated, tmp_path):
    with pytest.raises(UnreadableFile) as e:
        extract_report(generated / "R01.pdf", max_pages=2)
    assert "页数过多" in e.value.user_message


def test_image_only_pdf_without_text_is_reported_not_empty(tmp_path):
    from reportlab.pdfgen import canvas

    f = tmp_path / "blank.pdf"
    c = canvas.Canvas(str(f))
    c.rect(100, 100, 200, 200, fill=1)
    c.showPage()
    c.save()
    x = extract_report(f)
    assert x.unreadable_pages == (1,)
    assert any("无法读取本报告" in w.message for w in x.warnings)


def test_results_are_cached_by_content(generated, tmp_path):
    import time

    from extraction import pipeline

    cache = tmp_path / "cache"
    first = extract_report(generated / "R02.pdf", cache_dir=cache)
    assert len(list(cache.glob(f"*-{pipeline.extractor_key()}.json"))) == 1
    copy = tmp_path / "renamed.pdf"
    copy.write_bytes((generated / "R02.pdf").read_bytes())
    t = time.perf_counter()
    again = extract_report(copy, cache_dir=cache)
    assert time.perf_counter() - t < 1.0
    assert again.file == "renamed.pdf" and again.records == first.records


def test_government_support_read_through_an_ocr_misreading():
    """Scanned traditional pages: OCR reads 專項 as 事项 and 並 as 亚; the support sentence still counts for core-27."""
    x = read_page("金沙市設立園區發展事项資金，亚出臺用地、融資等事项政策予以支持。", page=3)
    assert [(p.indicator, p.page) for p in x.passages if p.indicator == "core-27"] == [("core-27", 3)]


def test_derived_area_read_through_an_ocr_point_for_comma_slip():
    x = read_page(
        "截至2024年末，园区全口径销售收入（营业收入）为682.4亿元，比上年增长8.0%。",
        "园区总规划面积39,300亩，其中建成区面积19.650亩。")
    rec = next(r for r in x.records if r.indicator == "core-5")
    assert rec.method == "derived" and rec.value == Decimal("5209.16")  # 682.4亿元 ÷ 19,650亩 (1,310公顷)
    assert "19.650亩（按千分位读）" in rec.text


def test_an_implausible_derived_value_is_not_used_and_is_said():
    x = read_page(
        "截至2024年末，园区全口径销售收入（营业收入）为682.4亿元，比上年增长8.0%。",
        "园区已建成面积1.5亩。")
    assert "core-5" not in {r.indicator for r in x.records}
    assert any(w.indicator == "core-5" and "超出合理范围" in w.message for w in x.warnings)


@pytest.mark.parametrize("text, indicator, value", [
    ("主導產業營收估園區營收比重為48.9%，產業集中度保持在较高水平。", "core-3", Decimal("48.9")),  # 佔 read as 估
    ("園區规上企業数字化研發計工具普及率65.3%。", "core-14", Decimal("65.3")),  # 設 dropped
    ("规上企業通过質量管理體系證的比例為83.5%。", "core-11", Decimal("83.5")),  # 認 dropped
])
def test_terms_read_through_known_ocr_gaps_in_traditional_scans(text, indicator, value):
    x = read_page("截至2024年末，園區營業收入為697.7億元。", text)
    assert {r.indicator: r.value for r in x.records}.get(indicator) == value


def test_no_record_repeats_a_piece_of_evidence(generated_results):
    for _, x in generated_results:
        for rec in x["records"]:
            shown = [(e["page"], e["text"]) for e in rec["evidence"]]
            assert len(shown) == len(set(shown)), (x["file"], rec["indicator"])


REGRESSION = Path(__file__).parent / "data" / "regression"
_CASES = json.loads((REGRESSION / "cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(k for k in _CASES if not k.startswith("_")))
def test_regression_pdf(name):
    want = _CASES[name]
    x = extract_report(REGRESSION / name)
    records = {r.indicator: r for r in x.records}
    for ind, value in want.get("values", {}).items():
        assert ind in records, (name, ind)
        assert math.isclose(records[ind].value, value, abs_tol=0.011), (name, ind, records[ind].value)
    for ind, method in want.get("methods", {}).items():
        assert records[ind].method == method, (name, ind)
    if "series" in want:
        got = {str(p.year): [float(p.park), float(p.local)] for p in records["core-2"].value}
        assert got == want["series"], name
    assert not set(want.get("absent", [])) & set(records), name
    for ind, text in want.get("warnings", []):
        assert any(w.indicator == ind and text in w.message for w in x.warnings), (name, ind, text)
    assert set(want.get("passages", [])) <= {p.indicator for p in x.passages}, name
    assert {tuple(i) for i in want.get("incidents", [])} <= {(i.kind, i.level) for i in x.incidents if i.occurred}, name


def test_a_stated_figure_without_a_readable_unit_on_a_scan_is_said_not_read():
    texts = ("截至2024年末，園區營業收入為697.7億元。", "園區全員動生產率為356,000，在全國同類園區中處於较高水平。")
    scan = read_page(*texts)
    assert "core-4" not in {r.indicator for r in scan.records}
    assert any(w.indicator == "core-4" and "356,000" in w.message and "没有可识别的单位" in w.message
               for w in scan.warnings)
    typed = read_page(*texts, method="text", file="typed.pdf")  # the author's choice: not flagged
    assert not any(w.indicator == "core-4" for w in typed.warnings)


def test_the_recognisers_non_word_readings_are_repaired_for_matching_only():
    texts = ("截至2023年末，園區營業收入為580.2億元。",
             "规上企業每億元主營業務收入有高價值發明事利2.15件，有效發明事利總量6.842件。")
    scan = read_page(*texts)
    rec = next(r for r in scan.records if r.indicator == "core-8")
    assert rec.value == Decimal("2.15") and "發明事利" in rec.evidence[0].text  # evidence keeps what was read
    typed = read_page(*texts, method="text", file="typed.pdf")
    assert "core-8" not in {r.indicator for r in typed.records}  # a typed report means what it says


def test_the_generator_states_each_figure_in_at_least_eight_ways():
    from tests.phrasebook import PHRASINGS

    assert {"core-1", "core-3", "core-4", "core-5", "core-7", "core-8", "core-9", "core-11", "core-14", "core-15",
            "core-19", "core-20"} <= set(PHRASINGS)
    assert all(len(ways) >= 8 for ways in PHRASINGS.values())


def test_generated_reports_use_several_phrasings_fonts_and_hard_cases(generated):
    truth = json.loads((generated / "truth.json").read_text(encoding="utf-8"))
    used = {(k, v) for t in truth for k, v in t["phrasings"].items()}
    assert len({v for k, v in used if k == "core-1"}) >= 5
    assert {t["font"] for t in truth} >= {"STSong-Light", "WQY-ZenHei"}
    assert {t["script"] for t in truth} == {"simplified", "traditional"}


def test_no_text_from_a_pdf_holds_a_lone_surrogate():
    x = extract_report(REGRESSION / "glyph-outside-bmp-cid-font.pdf")
    texts = [r.text for r in x.records] + [e.text for r in x.records for e in r.evidence]
    assert any("𪚥" in t for t in texts)
    for t in texts:
        t.encode("utf-8")  # raises on a lone surrogate


def test_a_line_opening_with_a_full_width_comma_continues_its_paragraph():
    """A wrapped line whose first character is ， (its glyph drawn right of the margin) continues the sentence: the
    plan word before it still governs the figures after it."""
    from extraction.flow import lines_to_paragraphs

    first = "例达到41%。创建期内，园区力争到2026年营业收入突破1200亿元，新能源产业占比达到70%"
    lines = [Line([_cell(first, 71, 124.8, 517)]),
             Line([_cell("，研发经费支出占营业收入比重提高到4.0%，每平方公里营业收入达到55亿元。", 76, 142.4, 450)])]
    assert len(lines_to_paragraphs(lines)) == 1

