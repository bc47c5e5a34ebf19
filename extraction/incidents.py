"""Qualitative passages (evidence for needs_review) and 第八条 incidents: environmental incidents and
production-safety accidents the report tells, with their level, year and whether they happened."""
from __future__ import annotations

import re

from .document import Doc, lexicon, split, years
from .models import Incident, Passage

_ENV = re.compile(r"突发环境(?:污染)?事件|环境(?:污染)?(?:事件|事故)")
_SAFETY = re.compile(r"(?:生产)?安全(?:生产)?事故|(?:火灾|爆炸|坍塌|中毒|泄漏|窒息|触电|机械伤害)事故"
                     r"|(?:认定|定性|定为|列为)为?(?:一起)?(?:特别重大|重大|较大|一般)(?:生产安全|安全生产|责任)?事故")
# casualties decide a safety accident's grade (生产安全事故报告和调查处理条例 第三条): deaths ≥30 特别重大,
# 10–29 重大, 3–9 较大, <3 一般
_DEATHS = re.compile(r"(?:造成|致|导致)?(\d+|[一二三四五六七八九十两]+)\s*(?:人|名[^，。；]{0,4}?)(?:死亡|遇难|身亡)")
_MISHAP = re.compile(r"爆炸|火灾|起火|坍塌|泄漏|中毒|事故|闪爆|燃爆")
_NEGATION = re.compile(r"(?:未|没有|无|杜绝)(?:发生|出现)?")
_EVENT = re.compile(f"{_ENV.pattern}|{_SAFETY.pattern}")
_EVENT_CLAUSE = re.compile(r"[，；。,;]|亦|并且|同时")  # 未发生Ⅱ级…，亦未发生重大… are two statements
_ROMAN = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "I": "I", "II": "II", "III": "III", "IV": "IV",
          "1": "I", "2": "II", "3": "III", "4": "IV", "一": "I", "二": "II", "三": "III", "四": "IV"}
_GRADE_TO_ROMAN = {"特别重大": "I", "重大": "II", "较大": "III", "一般": "IV"}
_ENV_LEVEL = re.compile(r"(Ⅰ|Ⅱ|Ⅲ|Ⅳ|IV|III|II|I|[1-4一二三四])\s*级")
_GRADE = re.compile(r"特别重大|重大|较大|一般")


PASSAGES_PER_INDICATOR = 3


def find_passages(doc: Doc) -> list[Passage]:
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


def _deaths(text: str) -> int:
    from .numbers import cn_to_int

    return int(text) if text.isdigit() else cn_to_int(text)


def find_incidents(doc: Doc) -> list[Incident]:
    out = []
    # an incident is told in a clause that names one
    for s in doc.having(re.compile(f"{_EVENT.pattern}|{_DEATHS.pattern}")):
        year_all = years(s.norm)
        found: list[Incident] = []
        for start, clause in split(s.norm, _EVENT_CLAUSE):
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
                    grades = _GRADE.findall(clause[:m.end()])
                    level = min(grades, key=lambda g: "特别重大 重大 较大 一般".split().index(g)) if grades else None
                years_before = [y for y in year_all if str(y) in s.norm[:start + m.start()]]
                year = years_before[-1] if years_before else None
                found.append(Incident(kind=kind, level=level, year=None if negated else year, occurred=not negated,
                                      page=s.page, text=s.text))
        deaths = _DEATHS.search(s.norm)
        if (deaths and _MISHAP.search(s.norm)
                and not _NEGATION.search(s.norm[max(0, deaths.start() - 6):deaths.start()])):
            n = _deaths(deaths.group(1))
            grade = "特别重大" if n >= 30 else "重大" if n >= 10 else "较大" if n >= 3 else "一般"
            stated = [i for i in found if i.kind == "safety" and i.occurred and i.level]
            worst = min([grade] + [i.level for i in stated], key=lambda g: "特别重大 重大 较大 一般".split().index(g))
            ys = [y for y in year_all if str(y) in s.norm[:deaths.start()]]
            found = [i for i in found if not (i.kind == "safety" and i.occurred)]
            found.append(Incident(kind="safety", level=worst, year=ys[-1] if ys else None, occurred=True, page=s.page,
                                  text=s.text))
        # one sentence telling one event (发生火灾事故……被定性为重大生产安全事故): keep the graded mention
        for inc in found:
            graded = any(o.kind == inc.kind and o.occurred and o.level for o in found)
            if inc.occurred and inc.level is None and graded:
                continue
            if inc not in out:
                out.append(inc)
    return out
