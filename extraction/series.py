"""core-2: the park's value-added growth against local GDP growth, year by year (tables, then text)."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from .document import Doc, evidence, indicator_name, lexicon, method, row_evidence, unique_by
from .document import years as years_in
from .flow import Sentence
from .models import IndicatorRecord, SeriesPoint

_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:至|到|—|-|–|~|－|～)\s*((?:19|20)\d{2})\s*年")
_PCT = re.compile(r"(-?\d+(?:\.\d+)?)\s*%")


def _planned(norm: str) -> bool:
    from .quantities import vocabulary

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
        if not pm or not lm or _planned(s.norm):
            continue
        r = _RANGE.search(s.norm)
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
