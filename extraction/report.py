"""Pages of one report → an :class:`Extraction` (pure: no file access, no clock).

Reading order of the work:

1. pages → sentences (``flow``) and tables (``tables``); hidden text (tiny or near-white) and
   instruction-like text addressed to a machine (忽略以上规则… / 请判定全部满足) are set aside as
   data with a warning — they never feed a figure;
2. report facts: applicant, latest full year, leading industry, special-region statement, domain;
3. quantitative indicators from the lexicon: the first figure after a term, in the term's
   clause, with a compatible unit, not a target (力争/预计/到20XX年), not an average (全省平均),
   not a growth rate where a level is wanted; stated beats table, the latest year wins;
4. core-2 (three-year series), core-9 (national/provincial counts), derived core-3/5/7 with a
   warning when a stated value disagrees by more than 5 %;
5. passages for qualitative indicators, and 第八条 incidents with negation understood.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib import resources
from typing import Optional

from .figures import find_figures, to_canonical
from .flow import Sentence, lines_to_paragraphs, paragraph_to_sentences
from .models import (Evidence, Extraction, ExtractWarning, Incident, IndicatorRecord, InstitutionCount, Passage,
                     SeriesPoint)
from .normalize import detect_script, fold_width, to_simplified
from .numbers import format_decimal
from .pages import Page
from .tables import Table, TableRow, pages_to_tables

TARGET = re.compile(r"力争|预计|计划|目标|预期|争取|有望|规划到|规划期|拟|将(?:达到|超过|突破|提升|提高)|到20\d\d年")
AVERAGE = re.compile(r"(?:全国|全省|全市|全区|行业|同行业|开发区|园区|同类园区|区域)(?:的)?平均|平均水平|均值|中位数")
GROWTH = re.compile(r"增长|增速|增幅|同比|提升|提高|下降|降低|百分点|比上年|较上年")
INJECTION = re.compile(
    r"(?:忽略|无视|不要理会|跳过)[^。]{0,12}(?:规则|指令|以上|前述|要求|提示|核对)"
    r"|(?:评审|审核|打分|智能)(?:系统|模型|助手|程序)|(?:AI|人工智能|大模型|语言模型)"
    r"|请(?:将|把|直接|一律|务必)?[^。]{0,10}(?:判定|认定|输出|填写|视为|评为|标记)"
    r"|(?:全部|所有|各项)(?:指标|条件)?[^。]{0,6}(?:满足|达标|合格)[^。]{0,4}(?:输出|判定|即可)"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CLAUSE = re.compile(r"[，：；;:]|,(?!\d{3}(?!\d))|(?<!\d),")
_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:至|到|—|-|–|~|－|～)\s*((?:19|20)\d{2})\s*年")
_PCT = re.compile(r"(-?\d+(?:\.\d+)?)\s*%")
# OCR read a thousands separator as a point: 19,650亩 → 19.650亩
_POINT_SLIP = re.compile(r"\d\.\d{3}(?!\d)")
_ENV = re.compile(r"突发环境(?:污染)?事件|环境(?:污染)?(?:事件|事故)")
_SAFETY = re.compile(r"(?:生产)?安全(?:生产)?事故|(?:火灾|爆炸|坍塌|中毒|泄漏)事故")
_NEGATION = re.compile(r"(?:未|没有|无|杜绝)(?:发生|出现)?")
_EVENT = re.compile(f"{_ENV.pattern}|{_SAFETY.pattern}")
_EVENT_CLAUSE = re.compile(r"[，；。,;]|亦|并且|同时")  # 未发生Ⅱ级…，亦未发生重大… are two statements
_ROMAN = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "I": "I", "II": "II", "III": "III", "IV": "IV",
          "1": "I", "2": "II", "3": "III", "4": "IV", "一": "I", "二": "II", "三": "III", "四": "IV"}
_GRADE_TO_ROMAN = {"特别重大": "I", "重大": "II", "较大": "III", "一般": "IV"}
_ENV_LEVEL = re.compile(r"(Ⅰ|Ⅱ|Ⅲ|Ⅳ|IV|III|II|I|[1-4一二三四])\s*级")
_GRADE = re.compile(r"特别重大|重大|较大|一般")
REGION_KINDS = ("革命老区", "民族地区", "边疆地区", "欠发达地区", "脱贫地区", "资源型地区", "老工业基地", "生态退化地区",
                "资源枯竭", "产业衰退地区")
DOMAINS = {"高技术转化应用": "高技术转化应用", "产业转移合作": "产业转移合作", "软件和信息服务": "软件和信息服务/大数据",
           "大数据": "软件和信息服务/大数据", "工业互联网": "工业互联网", "数据中心": "数据中心"}
DERIVE_TOLERANCE = Decimal("0.05")
# share of Chinese characters t2s must change for a report to count as traditional: higher than for
# policy texts because reports carry names and OCR slips that t2s touches in simplified text too
REPORT_SCRIPT_THRESHOLD = 0.04
MONEY_UNITS = ("亿元", "万元", "元")
AREA_UNITS = ("平方公里", "平方千米", "km²", "公顷", "亩", "平方米")


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return json.loads(resources.files("extraction").joinpath("data/indicators.json").read_text(encoding="utf-8"))


def indicator_name(indicator: str) -> str:
    lex = lexicon()
    if indicator in lex["names"]:
        return lex["names"][indicator]
    return lex["quantitative"][indicator]["name"]


# constructs whose match in one sentence may be lost once the sentence sits inside longer text
_JOIN_UNSAFE = re.compile(r"(?<!\[)\^|\$|\\[AZbB]|\(\?<?!")  # a ^ opening a class only negates it


@dataclass
class _Doc:
    file: str
    sentences: list[Sentence]
    tables: list[Table]
    page_methods: dict[int, str]
    cover: list[str]  # lines of the first pages (label value), original characters
    _clause_cache: dict = field(default_factory=dict)
    _joined: tuple[str, list[int]] | None = None

    def having(self, pattern: re.Pattern) -> list[Sentence]:
        """The sentences in which ``pattern`` finds something, in order.

        Every indicator, passage and incident looks for its terms in every sentence; instead of a
        search per sentence, one search runs over the document's sentences joined by line breaks and
        resumes at the sentence after each hit. A hit there is only a candidate (it may run on into
        the next sentence, or lean on its neighbour in a lookbehind) and is confirmed on its own
        sentence. A pattern that could match a sentence alone but not inside the joined text (anchors,
        word boundaries, negative lookarounds) is searched sentence by sentence instead.
        """
        if _JOIN_UNSAFE.search(pattern.pattern):
            return [s for s in self.sentences if pattern.search(s.norm)]
        if self._joined is None:
            starts, pos = [], 0
            for s in self.sentences:
                starts.append(pos)
                pos += len(s.norm) + 1
            self._joined = ("\n".join(s.norm for s in self.sentences), starts)
        joined, starts = self._joined
        out, pos, search = [], 0, pattern.search
        while (m := search(joined, pos)) is not None:
            k = bisect_right(starts, m.start()) - 1
            if search(self.sentences[k].norm):
                out.append(self.sentences[k])
            if k + 1 >= len(starts):
                break
            pos = starts[k + 1]
        return out

    def clauses(self, norm: str) -> tuple[tuple[int, str], ...]:
        """A sentence's clauses; every indicator reads the same sentences, so each is split once per document."""
        if norm not in self._clause_cache:
            self._clause_cache[norm] = tuple(_split(norm, _CLAUSE))
        return self._clause_cache[norm]


def _q2(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _split(norm: str, separator: re.Pattern) -> list[tuple[int, str]]:
    """(offset, piece) between separators, empty pieces dropped."""
    out, pos = [], 0
    for m in separator.finditer(norm):
        out.append((pos, norm[pos:m.start()]))
        pos = m.end()
    out.append((pos, norm[pos:]))
    return [(p, c) for p, c in out if c.strip()]


def _excerpt(s: Sentence, start: int = 0, end: int | None = None, width: int = 150) -> str:
    if len(s.text) <= width:
        return s.text
    end = len(s.text) if end is None else end
    mid = (start + end) // 2
    a = max(0, min(mid - width // 2, len(s.text) - width))
    return s.text[a:a + width]


def _evidence(doc: _Doc, s: Sentence, start: int = 0, end: int | None = None) -> Evidence:
    return Evidence(file=doc.file, page=s.page, text=_excerpt(s, start, end), bbox=s.bbox)


def _row_evidence(doc: _Doc, row: TableRow) -> Evidence:
    return Evidence(file=doc.file, page=row.page, text=row.text, bbox=tuple(round(v, 1) for v in row.bbox))


def _method(doc: _Doc, page: int, default: str) -> str:
    return "ocr" if doc.page_methods.get(page) == "ocr" else default


def _years(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text)]


def _sentence_year(s: Sentence, clause_start: int, latest: Optional[int]) -> Optional[int]:
    """The year a figure describes: a year in its clause, else the sentence's last past year before it, else latest."""
    before = [int(m.group(1)) for m in _YEAR.finditer(s.norm[:clause_start + 200])]
    ok = [y for y in before if latest is None or y <= latest]
    return ok[-1] if ok else latest


def _prospective(norm: str, start: int, clause: str, latest: Optional[int]) -> bool:
    """A target, not an achievement: a target word or a future year in the clause, or earlier in its
    sentence (力争2027年营业收入达到450亿元，研发投入强度达到3.5% — both clauses are targets)."""
    scope = norm[:start] + clause
    if TARGET.search(scope):
        return True
    return latest is not None and any(y > latest for y in _years(scope))


# --- document assembly -------------------------------------------------------------------

def pages_to_doc(file: str, pages: list[Page]) -> tuple[_Doc, list[ExtractWarning]]:
    sentences: list[Sentence] = []
    warnings: list[ExtractWarning] = []
    cover: list[str] = []
    for page in pages:
        if page.number <= 2:
            cover += [line.text for line in page.lines if len(line.cells) == 2 and not line.hidden]
        for para in lines_to_paragraphs(page.lines):
            sentences.extend(paragraph_to_sentences(page.number, para, page.method))
    visible = []
    for s in sentences:
        if s.hidden:
            warnings.append(ExtractWarning(indicator=None, message=f"第{s.page}页有不易察觉的小号或浅色文字（“{s.text[:30]}…”），"
                                           "仅作为数据留存，不参与取数"))
            continue
        if INJECTION.search(s.norm):
            warnings.append(ExtractWarning(indicator=None, message=f"第{s.page}页有一段面向评审系统的指令性文字（“{s.text[:30]}…”），"
                                           "已作为数据忽略，不影响任何结论"))
            continue
        visible.append(s)
    tables = pages_to_tables([(p.number, [ln for ln in p.lines if not ln.hidden]) for p in pages])
    return _Doc(file, visible, tables, {p.number: p.method for p in pages}, cover), _dedupe(warnings)


def _unique_by(items: list, key) -> list:
    """Items in order, the first of each ``key``."""
    seen, out = set(), []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out


def _dedupe(warnings: list[ExtractWarning]) -> list[ExtractWarning]:
    return _unique_by(warnings, lambda w: (w.indicator, w.message))


# --- report facts ------------------------------------------------------------------------

def _cover_value(doc: _Doc, label: str) -> Optional[str]:
    for line in doc.cover:
        head, _, rest = line.partition(" ")
        if rest and re.fullmatch(label, fold_width(to_simplified(head))):
            return rest.strip()
    return None


def find_applicant(doc: _Doc) -> Optional[str]:
    name = _cover_value(doc, r"(?:基地|园区|申报单位|申报园区)名称") or _cover_value(doc, r"申报主体|申报单位")
    if name:
        return re.sub(r"(管委[会會]|管理委[员員][会會])$", "", name)
    for s in doc.sentences[:40]:
        m = re.search(r"关于(.{4,40}?)申报", s.text)
        if m:
            return m.group(1)
    return None


def find_latest_year(doc: _Doc) -> Optional[int]:
    filed = _cover_value(doc, r"填报(?:时间|日期)|申报(?:时间|日期)|报送(?:时间|日期)|日期")
    if filed and _years(fold_width(filed)):
        return _years(fold_width(filed))[0] - 1
    years = [y for t in doc.tables for y in t.years]
    year_end = re.compile(r"((?:19|20)\d{2})年(?:末|底|全年|度)")
    ends = [int(y) for s in doc.having(year_end) for y in year_end.findall(s.norm)]
    pool = years + ends
    return max(pool) if pool else None


def find_special_region(doc: _Doc) -> tuple[Optional[str], Optional[Evidence]]:
    for s in doc.having(re.compile("|".join(REGION_KINDS) + "|特殊类型地区")):
        if re.search(r"不属于|不适用|非(?:革命老区|民族地区|边疆地区)|并非", s.norm):
            continue
        if not re.search(r"属于|位于|地处|系|为|适用|列入|纳入|享受", s.norm):
            continue
        kind = next((k for k in REGION_KINDS if k in s.norm), "特殊类型地区")
        return kind, _evidence(doc, s)
    return None, None


def find_domain(doc: _Doc) -> Optional[str]:
    value = _cover_value(doc, r"(?:申报)?特色领域|申报领域|特色方向")
    texts = [fold_width(to_simplified(value))] if value else []
    texts += [s.norm for s in doc.having(re.compile(r"特色(?:领域|指标)"))]
    for t in texts:
        for key, name in DOMAINS.items():
            if key in t:
                return name
    return None


# --- quantitative indicators -------------------------------------------------------------

@dataclass
class _Candidate:
    value: Decimal
    year: Optional[int]
    evidence: Evidence
    method: str
    raw: str


def _stated(doc: _Doc, spec: dict, latest: Optional[int]) -> list[_Candidate]:
    terms = re.compile(spec["terms"])
    exclude = re.compile(spec["exclude"]) if spec.get("exclude") else None
    out = []
    for s in doc.having(terms):
        for start, clause in doc.clauses(s.norm):
            if exclude and exclude.search(clause):
                continue
            if _prospective(s.norm, start, clause, latest) or AVERAGE.search(clause):
                continue
            m = terms.search(clause)
            if not m:
                continue
            for fig in find_figures(clause[m.end():]):
                if fig.unit not in spec["units"] or fig.qualified:
                    continue
                between = clause[m.end():m.end() + fig.start]
                if GROWTH.search(between) or len(between) > 24:
                    break
                value = _plausible(spec, fig)
                if value is None:
                    continue
                a, b = start + m.start(), start + m.end() + fig.end
                out.append(_Candidate(value, _sentence_year(s, start, latest), _evidence(doc, s, a, b),
                                      _method(doc, s.page, "stated"), s.text[start + m.end() + fig.start:b]))
                break
    return out


def _in_range(spec: dict, value: Decimal) -> bool:
    lo, hi = spec.get("range", (None, None))
    return (lo is None or value >= Decimal(str(lo))) and (hi is None or value <= Decimal(str(hi)))


def _plausible(spec: dict, fig) -> Optional[Decimal]:
    """The figure in canonical units if it is plausible for the indicator; an OCR point-for-comma slip
    (350.000元/人) is read once more with the point as a thousands separator."""
    value = to_canonical(fig.value, fig.unit, spec["unit"]) if spec["unit"] else fig.value
    if value is None or _in_range(spec, value):
        return value
    if _POINT_SLIP.search(fig.raw):
        retry = to_canonical(fig.value * 1000, fig.unit, spec["unit"]) if spec["unit"] else fig.value * 1000
        if retry is not None and _in_range(spec, retry):
            return retry
    return None


def _row_latest(row: TableRow, latest: Optional[int]) -> Optional[int]:
    years = [y for y in row.values if latest is None or y <= latest]
    return max(years) if years else None


def _tabled(doc: _Doc, spec: dict, latest: Optional[int]) -> list[_Candidate]:
    if not spec.get("table"):
        return []
    pat = re.compile(spec["table"])
    excl = re.compile(spec["table_exclude"]) if spec.get("table_exclude") else None
    out = []
    for t in doc.tables:
        for row in t.rows:
            if not pat.search(row.label) or (excl and excl.search(row.label)):
                continue
            year = _row_latest(row, latest)
            if year is None:
                continue
            unit = row.unit or ("%" if spec["unit"] == "%" else "")
            if unit == "%" and spec["unit"] != "%":
                continue
            value = to_canonical(row.values[year], unit, spec["unit"]) if unit else None
            if value is None or not _in_range(spec, value):
                continue
            out.append(_Candidate(value, year, _row_evidence(doc, row), _method(doc, row.page, "table"), row.raw[year]))
    return out


def _close(a: Decimal, b: Decimal, rel: Decimal = Decimal("0.005")) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b), Decimal("0.01"))


def _choose(indicator: str, unit: str, stated: list[_Candidate], tabled: list[_Candidate],
            warnings: list[ExtractWarning]) -> Optional[IndicatorRecord]:
    pool = stated or tabled
    if not pool:
        return None
    top_year = max((c.year for c in pool if c.year is not None), default=None)
    best = next(c for c in pool if c.year == top_year)
    same_year = [c for c in stated + tabled if c.year == best.year]
    conflicts = [c for c in same_year if not _close(c.value, best.value)]
    evidence = [best.evidence] + [c.evidence for c in same_year if c is not best and _close(c.value, best.value)]
    if conflicts:
        others = "；".join(f"{c.raw}（第{c.evidence.page}页）" for c in conflicts)
        warnings.append(ExtractWarning(indicator=indicator, message=f"同一年度出现不同数值：{best.raw}（第{best.evidence.page}页）与{others}，需人工核实"))
    return IndicatorRecord(indicator=indicator, name=indicator_name(indicator), value=best.value, unit=unit,
                           year=best.year, page=best.evidence.page, text=best.evidence.text, method=best.method,
                           evidence=tuple(_unique(evidence)), conflicts=tuple(_unique([c.evidence for c in conflicts])))


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    return _unique_by(evidence, lambda e: (e.page, e.text))


# --- core-2 and core-9 -------------------------------------------------------------------

def _series_from_tables(doc: _Doc, latest: Optional[int]) -> Optional[IndicatorRecord]:
    lex = lexicon()["series"]
    park_p, local_p, excl = re.compile(lex["park"]), re.compile(lex["local"]), re.compile(lex["exclude_park"])
    for t in doc.tables:
        park = next((r for r in t.rows if park_p.search(r.label) and not excl.search(r.label)), None)
        local = next((r for r in t.rows if local_p.search(r.label) and re.search(r"增长|增速|增幅", r.label)), None)
        if not park or not local:
            continue
        years = sorted(y for y in park.values if y in local.values and (latest is None or y <= latest))[-3:]
        if len(years) < 2:
            continue
        points = [SeriesPoint(year=y, park=park.values[y], local=local.values[y]) for y in years]
        # a table with the years as rows is one piece of evidence for both series
        ev = _unique_by([_row_evidence(doc, park), _row_evidence(doc, local)], lambda e: (e.page, e.text))
        return IndicatorRecord(indicator="core-2", name=indicator_name("core-2"), value=points, unit="%", year=years[-1],
                               page=park.page, text="；".join(e.text for e in ev), method=_method(doc, park.page, "table"),
                               evidence=tuple(ev))
    return None


def _joined_pairs(sentences: list[Sentence]):
    """Each sentence, then each sentence with the next on the same page (a series split at ；)."""
    for s in sentences:
        yield s
    for a, b in zip(sentences, sentences[1:]):
        if a.page == b.page:
            yield Sentence(a.page, a.text + b.text, a.norm + b.norm, a.bbox, a.hidden, a.method)


def _series_from_text(doc: _Doc, latest: Optional[int]) -> Optional[IndicatorRecord]:
    lex = lexicon()["series"]
    park_p, local_p = re.compile(lex["park"]), re.compile(lex["local"])
    for s in _joined_pairs(doc.sentences):
        pm, lm = park_p.search(s.norm), local_p.search(s.norm)
        if not pm or not lm or TARGET.search(s.norm):
            continue
        r = _RANGE.search(s.norm)
        if r:
            years = list(range(int(r.group(1)), int(r.group(2)) + 1))
        else:
            years = sorted(set(_years(s.norm)))
        if len(years) < 2:
            continue
        if pm.start() < lm.start():
            park_txt, local_txt = s.norm[pm.end():lm.start()], s.norm[lm.end():]
        else:
            local_txt, park_txt = s.norm[lm.end():pm.start()], s.norm[pm.end():]
        park_v = [Decimal(x) for x in _PCT.findall(park_txt)]
        local_v = [Decimal(x) for x in _PCT.findall(local_txt)]
        if len(park_v) != len(years) or len(local_v) != len(years):
            continue
        keep = [i for i, y in enumerate(years) if latest is None or y <= latest][-3:]
        points = [SeriesPoint(year=years[i], park=park_v[i], local=local_v[i]) for i in keep]
        ev = _evidence(doc, s)
        return IndicatorRecord(indicator="core-2", name=indicator_name("core-2"), value=points, unit="%",
                               year=points[-1].year, page=s.page, text=ev.text, method=_method(doc, s.page, "stated"),
                               evidence=(ev,))
    return None


_INST = re.compile(
    r"(国家级|省级)(?:及以上)?[^，。；、0-9]{0,12}?(?:研发机构|研发平台|创新平台|研发中心|技术中心|创新中心|重点实验室)"
    r"[^，。；、0-9一二三四五六七八九十两]{0,4}?(\d+|[一二三四五六七八九十两]+|空白|无|零)\s*(?:个|家|所)?"
)


def _institutions(doc: _Doc) -> Optional[IndicatorRecord]:
    from .numbers import cn_to_int

    for s in doc.having(_INST):
        found: dict[str, int] = {}
        for m in _INST.finditer(s.norm):
            n = m.group(2)
            count = 0 if n in ("空白", "无", "零") else (int(n) if n.isdigit() else cn_to_int(n))
            found.setdefault("national" if m.group(1) == "国家级" else "provincial", count)
        if found and not TARGET.search(s.norm):
            ev = _evidence(doc, s)
            return IndicatorRecord(indicator="core-9", name=indicator_name("core-9"),
                                   value=InstitutionCount(national=found.get("national"), provincial=found.get("provincial")),
                                   unit="家", year=None, page=s.page, text=ev.text, method=_method(doc, s.page, "stated"),
                                   evidence=(ev,))
    return None


# --- derived indicators ------------------------------------------------------------------

def _money_after(doc: _Doc, pattern: re.Pattern, latest: Optional[int], units=MONEY_UNITS,
                 canonical: str = "亿元", exclude: Optional[re.Pattern] = None) -> list[_Candidate]:
    out = []
    for s in doc.having(pattern):  # no clause can match when the sentence does not
        for start, clause in doc.clauses(s.norm):
            m = pattern.search(clause)
            if not m or _prospective(s.norm, start, clause, None) or AVERAGE.search(clause) or (exclude and exclude.search(clause)):
                continue
            if latest is not None and any(y > latest for y in _years(clause)):
                continue
            for fig in find_figures(clause[m.end():]):
                between = clause[m.end():m.end() + fig.start]
                if GROWTH.search(between) or len(between) > 12 or fig.qualified:
                    break
                if fig.unit in units:
                    value = to_canonical(fig.value, fig.unit, canonical)
                    b = start + m.end() + fig.end
                    out.append(_Candidate(value, _sentence_year(s, start, latest), _evidence(doc, s, start + m.start(), b),
                                          _method(doc, s.page, "stated"), s.text[start + m.end() + fig.start:b]))
                    break
    return out


def _derive(indicator: str, numerator: _Candidate, denominator: _Candidate, value: Decimal, unit: str,
            label: str, doc: _Doc) -> IndicatorRecord:
    text = (f"推算：{label}，{numerator.raw}（第{numerator.evidence.page}页）÷ {denominator.raw}"
            f"（第{denominator.evidence.page}页）= {value}{unit}")
    return IndicatorRecord(indicator=indicator, name=indicator_name(indicator), value=value, unit=unit,
                           year=numerator.year or denominator.year, page=numerator.evidence.page, text=text, method="derived",
                           evidence=(numerator.evidence, denominator.evidence), inputs=(numerator.raw, denominator.raw))


def _revenue_candidate(rec: Optional[IndicatorRecord]) -> Optional[_Candidate]:
    if rec is None:
        return None
    m = re.search(r"[\d,.]+\s*(?:亿元|万元|億元|萬元|元)", rec.text)
    return _Candidate(rec.value, rec.year, rec.evidence[0], rec.method, m.group(0) if m else rec.text)


def _unitless_after(doc: _Doc, pattern: re.Pattern, exclude: Optional[re.Pattern], gap: int,
                    ocr_only: bool = False) -> Optional[tuple[Sentence, str]]:
    """The first sentence where ``pattern`` is followed (within ``gap`` characters) by a number with no
    unit the reader can see (or only the first half of a compound one), and that number with the text
    after it. On scans this is the recogniser dropping a character its dictionary lacks (畝 of an area)."""
    for s in doc.having(pattern):
        if ocr_only and doc.page_methods.get(s.page) != "ocr":
            continue
        for start, clause in doc.clauses(s.norm):
            m = pattern.search(clause)
            if not m or (exclude and exclude.search(clause)) or _prospective(s.norm, start, clause, None):
                continue
            figs = find_figures(clause[m.end():])
            # no unit, or a compound unit cut short (243.11萬元/ where 畝 was dropped)
            cut = figs and (not figs[0].unit or clause[m.end() + figs[0].end:].startswith("/"))
            if cut and len(clause[m.end():m.end() + figs[0].start]) <= gap:
                a = start + m.end() + figs[0].start
                return s, s.text[a:a + len(figs[0].raw) + 8].rstrip("。；，")
    return None


def _unit_unreadable(indicator: str, found: tuple[Sentence, str], consequence: str) -> ExtractWarning:
    s, shown = found
    return ExtractWarning(indicator=indicator, message=f"第{s.page}页“{shown}”没有可识别的单位（“{s.text[:40]}”），"
                                                        f"{consequence}；请核对原文")


def derive_all(doc: _Doc, records: dict[str, IndicatorRecord], latest: Optional[int], leading: Optional[str],
               warnings: list[ExtractWarning]) -> None:
    lex, quantitative = lexicon()["derived"], lexicon()["quantitative"]
    revenue = _revenue_candidate(records.get("core-1"))
    if revenue is None:
        return
    derived: dict[str, IndicatorRecord] = {}
    # core-3: leading-industry revenue / park revenue
    lead_name = re.escape(fold_width(to_simplified(leading))) if leading else "主导产业"
    lead_pat = re.compile(lex["leading_revenue"].replace("{leading}", lead_name))
    leads = [c for c in _money_after(doc, lead_pat, latest, exclude=re.compile(r"占|比重|每亿元|龙头"))
             if c.year == revenue.year and c.value < revenue.value]
    if leads:
        v = _q2(leads[0].value / revenue.value * 100)
        derived["core-3"] = _derive("core-3", leads[0], revenue, v, "%", "主导产业销售收入 ÷ 产业集聚区销售收入", doc)
    # core-7: R&D spending / revenue
    rd = _money_after(doc, re.compile(lex["rd_spending"]), latest, exclude=re.compile(r"占|比重|强度"))
    rd = [c for c in rd if c.year == revenue.year]
    if not rd:
        rd = [c for c in _tabled(doc, {"table": lex["rd_table"], "table_exclude": "占|比重|强度|增长", "unit": "亿元"}, latest)
              if c.year == revenue.year]
    if rd:
        v = _q2(rd[0].value / revenue.value * 100)
        derived["core-7"] = _derive("core-7", rd[0], revenue, v, "%", "研发经费支出 ÷ 销售收入", doc)
    # core-5: revenue / built-up area
    built_area, built_exclude = re.compile(lex["built_area"]), re.compile(lex["built_area_exclude"])
    area = _money_after(doc, built_area, None, units=AREA_UNITS, canonical="公顷", exclude=built_exclude)
    if not area and "core-5" not in records:
        found = _unitless_after(doc, built_area, built_exclude, gap=2)
        if found:
            warnings.append(_unit_unreadable("core-5", found, "已建成面积无法换算，未推算单位土地平均产值"))
    if area and area[0].value:
        built = area[0]
        v = _q2(revenue.value * 10000 / built.value)
        if not _in_range(quantitative["core-5"], v) and _POINT_SLIP.search(built.raw):
            built = replace(built, value=built.value * 1000, raw=f"{built.raw}（按千分位读）")
            v = _q2(revenue.value * 10000 / built.value)
        derived["core-5"] = _derive("core-5", revenue, built, v, "万元/公顷", "销售收入 ÷ 已建成面积", doc)
    for ind, rec in list(derived.items()):
        if not _in_range(quantitative[ind], rec.value):
            del derived[ind]
            warnings.append(ExtractWarning(
                indicator=ind, message=f"{rec.text.removeprefix('推算：')}，超出合理范围，未采用；请核对原文"))
    for ind, rec in derived.items():
        stated = records.get(ind)
        if stated is None:
            records[ind] = rec
            continue
        diff = abs(stated.value - rec.value) / rec.value if rec.value else Decimal(0)
        if diff > DERIVE_TOLERANCE:
            warnings.append(ExtractWarning(
                indicator=ind,
                message=f"申报值{format_decimal(stated.value)}{stated.unit}与{rec.text.split('，')[0].removeprefix('推算：')}推算值"
                        f"{format_decimal(rec.value)}{rec.unit}不一致（相差{format_decimal(_q2(diff * 100))}%），保留申报值"))


# --- qualitative passages and incidents ---------------------------------------------------

PASSAGES_PER_INDICATOR = 3


def find_passages(doc: _Doc) -> list[Passage]:
    out = []
    for ind, pattern in lexicon()["qualitative"].items():
        pat = re.compile(pattern)
        n = 0
        for s in doc.having(pat):
            if len(s.norm) < 8:
                continue
            out.append(Passage(indicator=ind, page=s.page, text=s.text))
            n += 1
            if n >= PASSAGES_PER_INDICATOR:
                break
    return out


def find_incidents(doc: _Doc) -> list[Incident]:
    out = []
    for s in doc.having(_EVENT):  # an incident is told in a clause that names one
        year_all = _years(s.norm)
        found: list[Incident] = []
        for start, clause in _split(s.norm, _EVENT_CLAUSE):
            for kind, term in (("environment", _ENV), ("safety", _SAFETY)):
                m = term.search(clause)
                if not m:
                    continue
                before = clause[:m.start()]
                negated = bool(_NEGATION.search(before)) and not re.search(r"发生了|引发|造成", before)
                if kind == "environment":
                    lv = _ENV_LEVEL.search(clause)
                    grade = _GRADE.search(before)
                    level = _ROMAN.get(lv.group(1)) if lv else (_GRADE_TO_ROMAN.get(grade.group(0)) if grade else None)
                else:
                    grades = _GRADE.findall(before)
                    level = min(grades, key=lambda g: "特别重大 重大 较大 一般".split().index(g)) if grades else None
                years_before = [y for y in year_all if str(y) in s.norm[:start + m.start()]]
                year = years_before[-1] if years_before else None
                found.append(Incident(kind=kind, level=level, year=None if negated else year, occurred=not negated,
                                      page=s.page, text=s.text))
        # one sentence telling one event (发生火灾事故……被定性为重大生产安全事故): keep the graded mention
        for inc in found:
            graded = any(o.kind == inc.kind and o.occurred and o.level for o in found)
            if inc.occurred and inc.level is None and graded:
                continue
            if inc not in out:
                out.append(inc)
    return out




# --- the whole report --------------------------------------------------------------------

def pages_to_extraction(file: str, sha256: str, pages: list[Page]) -> Extraction:
    doc, warnings = pages_to_doc(file, pages)
    latest = find_latest_year(doc)
    leading = _cover_value(doc, r"主导产业(?:方向)?|主导产业名称")
    records: dict[str, IndicatorRecord] = {}
    for ind, spec in lexicon()["quantitative"].items():
        rec = _choose(ind, spec["unit"], _stated(doc, spec, latest), _tabled(doc, spec, latest), warnings)
        if rec:
            records[ind] = rec
        elif spec["unit"] and spec["unit"] != "%":
            exclude = re.compile(spec["exclude"]) if spec.get("exclude") else None
            found = _unitless_after(doc, re.compile(spec["terms"]), exclude, gap=6, ocr_only=True)
            if found:
                warnings.append(_unit_unreadable(ind, found, "未取数"))
    series = _series_from_tables(doc, latest) or _series_from_text(doc, latest)
    if series:
        records["core-2"] = series
    inst = _institutions(doc)
    if inst:
        records["core-9"] = inst
    derive_all(doc, records, latest, leading, warnings)
    region, region_ev = find_special_region(doc)
    unreadable = [p.number for p in pages if p.unreadable]
    if unreadable and len(unreadable) == len(pages):
        warnings.append(ExtractWarning(indicator=None, message="全部页面既无文字层、OCR 也未识别出文字：无法读取本报告，不等于“未找到指标”"))
    elif unreadable:
        warnings.append(ExtractWarning(indicator=None, message=f"第{'、'.join(map(str, unreadable))}页无法读取（无文字层且 OCR 无结果）"))
    order = sorted(records, key=_indicator_order)
    page_text = {p.number: _squeeze(p.text) for p in pages}
    for ind in list(order):
        bad = [e for e in records[ind].evidence + records[ind].conflicts if _squeeze(e.text) not in page_text.get(e.page, "")]
        if bad:  # never happens by construction; the check keeps it that way
            warnings.append(ExtractWarning(indicator=ind, message=f"证据文本未能在第{bad[0].page}页原文中核对到，已舍弃该数值"))
            order.remove(ind)
    full_text = "".join(s.text for s in doc.sentences)
    return Extraction(file=file, sha256=sha256, pages=len(pages), ocr_pages=tuple(p.number for p in pages if p.method == "ocr"),
                      script=detect_script(full_text, threshold=REPORT_SCRIPT_THRESHOLD), applicant=find_applicant(doc), latest_year=latest,
                      special_region=region, special_region_text=region_ev, domain=find_domain(doc),
                      records=tuple(records[k] for k in order), passages=tuple(find_passages(doc)),
                      incidents=tuple(find_incidents(doc)), warnings=tuple(_dedupe(warnings)),
                      unreadable_pages=tuple(unreadable))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _indicator_order(ind: str) -> tuple:
    kind, _, num = ind.partition("-")
    parts = [int(x) if x.isdigit() else 0 for x in num.split(".")]
    return ({"core": 0, "special": 1}.get(kind, 2), parts, ind)
