from hypothesis import given
from hypothesis import strategies as st

from extraction.normalize import (
    clean_lines,
    find_damage,
    fold_width,
    is_page_number,
    match_form,
    rejoin_lines,
    squeeze_spaces,
    to_simplified,
)
from knowledge.corpus import builtin_documents


def doc_text(doc_id: str) -> str:
    return next(d.text for d in builtin_documents() if d.id == doc_id)


def test_t2s_and_width_folding():
    assert to_simplified("國家新興產業發展示范基地") == "国家新兴产业发展示范基地"
    assert fold_width("２．５％") == "2.5%"
    assert fold_width("ＰＵＥ≤１．３") == "PUE≤1.3"
    # Chinese punctuation and comparison signs stay meaningful
    assert fold_width("（一）≥300，≤1.5；") == "（一）≥300，≤1.5；"


def test_match_form_squeezes_spaces_next_to_chinese_only():
    assert match_form("≥300 亿元（特殊類型地區≥150 億元）") == "≥300亿元（特殊类型地区≥150亿元）"
    assert squeeze_spaces("GB/T 19001 质量") == "GB/T 19001质量"


@given(st.text(alphabet=st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E), max_size=30))
def test_fold_width_is_idempotent(s):
    assert fold_width(fold_width(s)) == fold_width(s)


@given(st.integers(min_value=0, max_value=10**9))
def test_full_width_digits_fold_to_the_same_number(n):
    full = "".join(chr(0xFF10 + int(c)) for c in str(n))
    assert int(fold_width(full)) == n


def test_page_numbers_and_web_debris_are_dropped():
    assert is_page_number("- 3 -") and is_page_number("— 12 —") and is_page_number("第3页 共45页")
    assert not is_page_number("3") and not is_page_number("2012年")
    lines = clean_lines(doc_text("henan-2012-7"))
    assert not any(l.startswith(("标签", "留言与评论", "验证码")) for l in lines)
    trad = clean_lines(doc_text("miit-2025-250"))
    assert not any("掃描二維碼" in l for l in trad)
    assert not any("資料來源" in l or "http" in l for l in clean_lines(doc_text("miit-2012-47")))


def test_hard_wraps_are_rejoined_mid_sentence_and_mid_number():
    paras = rejoin_lines(clean_lines(doc_text("miit-2023-draft")))
    art11_4 = next(p for p in paras if p.startswith("（四）工业和信息化部对新遴选"))
    assert "公示 5 个工作日" in art11_4  # the copy broke "工\n作日"
    art1 = next(p for p in paras if p.startswith("第一条"))
    assert "构建新发展格局" in art1 and art1.endswith("制定本办法。")
    # the 2012 text breaks a sentence across a page: "…竞争优势\n\n和影响力的产业基地。"
    p2012 = rejoin_lines(clean_lines(doc_text("miit-2012-47")))
    assert any("具有较强国际竞争优势和影响力的产业基地" in p for p in p2012)


def test_mojibake_in_2025_text_is_flagged_not_repaired():
    text = doc_text("miit-2025-250")
    spans = [d for d in find_damage(text) if d.kind == "mojibake"]
    assert [d.snippet for d in spans] == ["規?;叨嘶l展", "規??焖僭鲩L"]
    for d in spans:
        assert text[d.start : d.end] == d.snippet


def test_plain_semicolons_and_latin_words_are_not_mojibake():
    assert find_damage("提高集聚区特色产业的集中度;坚持可持续发展标准") == []
    assert find_damage("规模以上企业贯标 GB/T 19001 质量管理体系，5G、IT 设备") == []
    stray = find_damage("加快实施节能、节水、清洁生产 and 污染防治技术改造")
    assert [(d.kind, d.snippet) for d in stray] == [("stray_english", "and")]


def test_a_lone_surrogate_does_not_crash_the_converter():
    from extraction.normalize import to_simplified

    assert to_simplified("园区\ud840營業") == "园区\ufffd营业"
    assert to_simplified("a\ud869\udea5b") == "a𪚥b"
