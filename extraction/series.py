"""core-2: the park's value-added growth against local GDP growth, year by year (tables, then text)."""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from .document import Doc, evidence, indicator_name, lexicon, method, row_evidence, unique_by
from .document import years as years_in
from .flow import Sentence
from .models import IndicatorRecord, SeriesPoint
from .quantities import _NOT_THE_PARK, YEAR_SPAN, label_subject, last_year_span, vocabulary, year_is_base

_PCT = re.compile(r"(-?\d+(?:\.\d+)?)\s*%")


def _planned(norm: str) -> bool:
    return any(e.hits(norm, None) for e in vocabulary()["modality"] if e.cls == "target")


def series_from_tables(doc: Doc, latest: Optional[int]) -> Optional[IndicatorRecord]:
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
        ev = unique_by([row_evidence(doc, park), row_evidence(doc, local)], lambda e: (e.page, e.text))
        return IndicatorRecord(indicator="core-2", name=indicator_name("core-2"), value=points, unit="%",
                               year=years[-1], page=park.page, text="；".join(e.text for e in ev),
                               method=method(doc, park.page, "table"), evidence=tuple(ev))
    return None


def _joined_pairs(sentences: list[Sentence]):
    """Each sentence, then each sentence with the next on the same page (a series split at ；)."""
    for s in sentences:
        yield s
    for a, b in zip(sentences, sentences[1:]):
        if a.page == b.page:
            where = None
            if a.where is not None or b.where is not None:
                wa = a.where or tuple(range(len(a.norm) + 1))
                wb = b.where or tuple(range(len(b.norm) + 1))
                where = wa[:-1] + tuple(len(a.text) + i for i in wb)
            yield Sentence(a.page, a.text + b.text, a.norm + b.norm, a.bbox, a.hidden, a.method, where, a.para)


def series_from_text(doc: Doc, latest: Optional[int]) -> Optional[IndicatorRecord]:
    lex = lexicon()["series"]
    park_p, local_p = re.compile(lex["park"]), re.compile(lex["local"])
    for s in _joined_pairs(doc.sentences):
        pm, lm = park_p.search(s.norm), local_p.search(s.norm)
        if not pm or not lm or _planned(s.norm) or label_subject(s.norm[:pm.end()], None)[0] in _NOT_THE_PARK:
            continue  # no series, a plan, or the city's (全市工业增加值分别增长…)
        r = YEAR_SPAN.search(s.norm)
        if r:
            years = list(range(int(r.group(1)), int(r.group(2)) + 1))
        else:
            years = sorted(set(years_in(s.norm)))
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
        ev = evidence(doc, s)
        return IndicatorRecord(indicator="core-2", name=indicator_name("core-2"), value=points, unit="%",
                               year=points[-1].year, page=s.page, text=ev.text, method=method(doc, s.page, "stated"),
                               evidence=(ev,))
    return None


_YEAR_AT = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?")


@lru_cache(maxsize=1)
def _prose_patterns() -> dict[str, re.Pattern]:
    """The vocabulary's core-2 words for prose (``series`` in indicators.json), compiled once."""
    lex = lexicon()["series"]
    return {"park": re.compile(f'{lex["park"]}|{lex["park_prose"]}'),
            **{k: re.compile(lex[k]) for k in ("local", "exclude_park", "year_park", "local_value", "local_bracket",
                                               "gap")}}


def _part_year(text: str) -> bool:
    """A period word other than a whole year (1—9月, 上半年, 一季度)."""
    v = vocabulary()
    return any(e.cls == "part_year" and e.hits(text, None) for e in v["period"]) and not v["full_year"].search(text)


def _chains(doc: Doc) -> list[list[Sentence]]:
    """Sentences joined into statements: a sentence ended by ；continues into the next of its paragraph."""
    out: list[list[Sentence]] = []
    for s in doc.sentences:
        if out and out[-1][-1].para == s.para and out[-1][-1].norm.rstrip().endswith(("；", ";")):
            out[-1].append(s)
        else:
            out.append([s])
    return out


def _year_parts(norm: str) -> list[tuple[int, int, int]]:
    """(year, start, end) of each part of a statement led by a year that is no base of a comparison."""
    marks = [m for m in _YEAR_AT.finditer(norm) if not year_is_base(norm, m.start(), m.end())]
    return [(int(m.group(1)), m.end(), marks[i + 1].start() if i + 1 < len(marks) else len(norm))
            for i, m in enumerate(marks)]


def series_from_year_parts(doc: Doc, latest: Optional[int]) -> Optional[IndicatorRecord]:
    """core-2 said year by year in prose: each year's part of a statement gives the park's value-added growth and the
    local GDP growth (stated, in brackets after the jurisdiction once GDP is named, or the park's less a gap stated
    against GDP, then marked derived)."""
    pat = _prose_patterns()
    park_p, local_p, excl = pat["park"], pat["local"], pat["exclude_park"]
    year_park, local_value, local_bracket, gap = pat["year_park"], pat["local_value"], pat["local_bracket"], pat["gap"]
    points: dict[int, tuple[Decimal, Decimal, bool, Sentence]] = {}
    for chain in _chains(doc):
        norm = "".join(s.norm for s in chain)
        if not park_p.search(norm) or not local_p.search(norm):
            continue
        starts = _starts(chain)
        park_named = False
        for year, a, b in _year_parts(norm):
            part = norm[a:b]
            if _planned(norm[max(0, a - 12):b]) or (latest is not None and year > latest) or "年均" in part:
                continue  # a plan (到2027年…), a later year, or an average over years
            if _part_year(part):
                continue  # 2024年1—9月…: not the year's growth
            pm = next((m for m in park_p.finditer(part) if not excl.search(m.group(0))), None)
            if pm is not None:
                park_named = True
                lm = local_p.search(part, pm.end())
                pv = _PCT.search(part, pm.end(), lm.start() if lm else len(part))
            elif park_named:
                pv = year_park.match(part)
            else:
                continue
            if pv is None or label_subject(part[:pm.start() if pm is not None else pv.start()], None)[0] \
                    in _NOT_THE_PARK:
                continue  # no growth, or the city's (全市规上工业增加值增长…, 宿迁市…)
            park = Decimal(pv.group(1))
            derived = False
            if (lv := local_value.search(part, pv.end())) is not None:
                local = Decimal(lv.group(1))
            elif (lv := local_bracket.search(part, pv.end())) is not None:
                local = Decimal(lv.group(1))
            elif (g := gap.search(part, pv.end())) is not None and local_p.search(g.group(0)):
                local, derived = park - Decimal(g.group(1)), True  # a gap stated against GDP itself
            else:
                continue
            k = max(i for i in range(len(chain)) if starts[i] <= a)
            points.setdefault(year, (park, local, derived, chain[k]))
    if not points:
        return None
    years = sorted(points)[-3:]
    used = unique_by([points[y][3] for y in years], lambda s: (s.page, s.norm))
    ev = tuple(evidence(doc, s) for s in used)
    how = "derived" if any(points[y][2] for y in years) else method(doc, used[0].page, "stated")
    return IndicatorRecord(indicator="core-2", name=indicator_name("core-2"),
                           value=[SeriesPoint(year=y, park=points[y][0], local=points[y][1]) for y in years],
                           unit="%", year=years[-1], page=used[0].page, text="；".join(e.text for e in ev),
                           method=how, evidence=ev)


_NUM = r"-?\d+(?:\.\d+)?"
_LIST_SEP = r"\s*(?:、|和|及|，)\s*"
# 分别增长12.6%（2021年）、9.8%（2022年）和10.4%（2023年）: a list of growths, each maybe with its year in brackets
_PARK_LIST = re.compile(rf"分别(?:增长|为|达到?)?\s*((?:{_NUM}\s*%\s*(?:[（(]\s*(?:19|20)\d{{2}}\s*年?\s*[)）])?"
                        rf"{_LIST_SEP})+{_NUM}\s*%\s*(?:[（(]\s*(?:19|20)\d{{2}}\s*年?\s*[)）])?)")
_LOCAL_LIST = re.compile(rf"分别(?:增长|为|达到?)?\s*((?:{_NUM}\s*%?{_LIST_SEP})+{_NUM}\s*%)")
_GAP_LIST = re.compile(rf"分别高(?:出|于)?[^，。；%\d]{{0,18}}?((?:{_NUM}{_LIST_SEP})+{_NUM})\s*个百分点")


def series_from_lists(doc: Doc, latest: Optional[int]) -> Optional[IndicatorRecord]:
    """core-2 said as lists (2022—2024年，园区工业增加值分别增长8.1%、9.2%、10.3%，同期全市地区生产总值分别增长5.0%、
    5.5%、5.2%; …分别增长12.6%（2021年）、9.8%（2022年）…，分别高于全县地区生产总值增速5.1、4.3和4.7个百分点): the
    years from brackets after each growth or from a span before the list, the local growth stated as a list after
    GDP, or the park's less a list of gaps stated against GDP (marked derived)."""
    park_p, local_p = _prose_patterns()["park"], _prose_patterns()["local"]
    for chain in _chains(doc):
        norm = "".join(s.norm for s in chain)
        pm = park_p.search(norm)
        if pm is None or _planned(norm) or _part_year(norm):
            continue
        lm = _PARK_LIST.search(norm, pm.start())
        if lm is None or lm.start() > pm.end() + 4 or label_subject(norm[:pm.end()], None)[0] in _NOT_THE_PARK:
            continue
        park = [Decimal(x) for x in re.findall(rf"({_NUM})\s*%", lm.group(1))]
        years = [int(y) for y in re.findall(r"[（(]\s*((?:19|20)\d{2})", lm.group(1))]
        if len(years) != len(park):
            span = last_year_span(norm, 0, pm.start())
            if span is None:
                continue
            years = list(range(int(span.group(1)), int(span.group(2)) + 1))
        if len(years) != len(park) or len(park) < 2:
            continue
        rest = lm.end()
        derived = False
        if (ll := _LOCAL_LIST.search(norm, rest)) is not None and local_p.search(norm, rest, ll.start()):
            local = [Decimal(x) for x in re.findall(_NUM, ll.group(1))]
        elif (gl := _GAP_LIST.search(norm, rest)) is not None and local_p.search(gl.group(0)):
            local = [p - Decimal(g) for p, g in zip(park, re.findall(_NUM, gl.group(1)))]
            derived = True
        else:
            continue
        if len(local) != len(park):
            continue
        keep = [k for k, y in enumerate(years) if latest is None or y <= latest][-3:]
        if not keep:
            continue
        points = [SeriesPoint(year=years[k], park=park[k], local=local[k]) for k in keep]
        first = next(s for s, a in zip(chain, _starts(chain)) if a <= pm.start() < a + len(s.norm))
        ev = evidence(doc, first)
        how = "derived" if derived else method(doc, first.page, "stated")
        return IndicatorRecord(indicator="core-2", name=indicator_name("core-2"), value=points, unit="%",
                               year=points[-1].year, page=first.page, text=ev.text, method=how, evidence=(ev,))
    return None


def _starts(chain: list[Sentence]) -> list[int]:
    """Where each sentence of a statement starts in the statement's joined matching form."""
    out, pos = [], 0
    for s in chain:
        out.append(pos)
        pos += len(s.norm)
    return out
