"""core-9: national and provincial R&D institutions, each count bound to its own level word.

``4家国家级企业技术中心，另有83家省级…`` is national 4 and provincial 83 (a count stands before its
level word or after its noun, never borrowed from a neighbour); ``暂无国家级研发机构`` is national 0;
``填补了国家级研发机构空白`` / ``零的突破`` imply at least one, never 0; ``15家省级以上研发机构`` is a
count of provincial-or-above institutions. A statement about a province or a group of parks, or a
plan, is rejected with its reason like any other figure. Vocabulary: ``data/indicators.json``
(``institutions``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from .document import Doc, evidence, indicator_name, lexicon, method, row_evidence
from .figures import Figure
from .flow import Sentence
from .indicators import sentence_context
from .models import Evidence, IndicatorRecord, InstitutionCount, Rejected
from .numbers import cn_to_int
from .quantities import Quantity, clause_at, qualify, sentence_to_clauses
from .tables import TableRow


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    v = lexicon()["institutions"]
    level = f"(?P<level>(?P<nat>{v['national']})|(?P<prov>{v['provincial']}))(?P<above>{v['or_above']})?"
    return {
        "statement": re.compile(f"{level}{v['between']}(?P<noun>{v['noun']})"),
        "after": re.compile(v["count_after"]),
        "before": re.compile(v["count_before"]),
        "none": re.compile(v["none"]),
        "both": re.compile(v["both_levels"]),
        "none_after": re.compile(v["none_after"]),
        "increment": re.compile(v["increment"]),
        "at_least": re.compile(v["at_least_one"]),
        "level_count": re.compile(v["level_count"]),
        "list": re.compile(v["list_after"].replace("{noun}", v["noun"])),
        "parts": re.compile(v["parts"]),
        "noun": re.compile(v["noun"]),
        "generic": re.compile(v["generic"]),
        # selects the sentences worth reading (no named groups: the two patterns share names)
        "any": re.compile(f"(?:{v['national']}|{v['provincial']})"
                          f"(?:{v['between']}(?:{v['noun']})|(?:{v['or_above']})?(?:的)?\\d)"),
    }


# what keeps a count from being the park's: another jurisdiction, several parks, an average, a plan or a
# criterion. A count is a stock, so periods do not apply; an enterprise's or a segment's institution is the park's.
_LEVEL_WORD = re.compile(r"国家|省级|省部|市级|县级")
_REASONS = {"other_subject", "aggregate", "average", "target", "criterion", "other_currency"}


@dataclass(frozen=True)
class Statement:
    side: str  # national | provincial | provincial_or_above
    count: Optional[int]  # None with at_least
    at_least: bool
    start: int
    end: int
    reason: Optional[str]
    word: str
    year: Optional[int] = None  # the year governing the statement; None: the report's present (目前, 现有)
    noun: str = ""  # the institution noun (empty when it was said earlier: 其中国家级1家)


def _count(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)


def sentence_to_statements(own: str, context: str = "") -> list[Statement]:
    """Every statement of a count of institutions in the sentence, with the reason it cannot be used.
    ``context``: the openings of the paragraph's sentences before, read as earlier clauses (their subject and
    year carry on: 四川省构建了…。配套建设国家工程研究中心7个 is the province's); offsets are the sentence's own."""
    shift = len(context) + 1 if context else 0
    norm = f"{context}，{own}" if context else own
    p = _patterns()
    clauses = sentence_to_clauses(norm)

    def statement(side: str, count: Optional[int], at_least: bool, a: int, b: int, increments: bool,
                  noun: str = "") -> Statement:
        """The statement of a count over norm[a:b] with the reason its qualifiers give
        (``increments``: 新增… is a change)."""
        ci, (ca, cb) = clause_at(clauses, a)
        fig = Figure(Decimal(count or 0), "家", a - ca, b - ca, norm[a:b], False)
        quals = qualify(norm, clauses, Quantity(fig, ci, ca, cb), "core-9", own_start=shift)
        reason = quals.reason if quals.reason in _REASONS else None
        word = quals.word
        if increments and reason is None and (inc := p["increment"].search(norm, ca, a)) is not None:
            reason, word = "growth", inc.group(0)[:3]
        return Statement(side, count, at_least, a, b, reason, word, quals.year, noun)

    out = []
    named_before: set[str] = set()
    uncounted: Optional[int] = None  # the end of a national kind named without its count, just before
    pos = 0
    while (m := p["statement"].search(norm, pos)) is not None:
        pos = m.end()
        if _LEVEL_WORD.search(norm, m.end("level"), m.start("noun")):
            # another level word stands nearer the noun (4个国家级经开区拥有省级以上…中心): that one is its level,
            # searched for from here (国家级和省级企业技术中心: the 省级 inside this match)
            pos = m.end("level")
            continue
        side = "national" if m.group("nat") else ("provincial_or_above" if m.group("above") else "provincial")
        if side == "provincial" and p["both"].search(norm, max(0, m.start() - 6), m.start()):
            side = "provincial_or_above"  # 国家级、省级企业技术中心31家: one count of both levels
        count, at_least, a, b = None, False, m.start(), m.end()
        _, clause = clause_at(clauses, m.start())
        before = norm[clause[0]:m.start()]
        if (c := p["before"].search(before)) is not None:
            count, a = _count(c.group(1)), clause[0] + c.start()
        elif (c := p["after"].match(norm, m.end())) is not None:
            count, b = _count(c.group(1)), c.end()
        elif ((lst := p["list"].match(norm, m.end())) is not None and lst.end() > m.end()
              and not _LEVEL_WORD.search(norm, m.end(), lst.end())
              and (c := p["after"].match(norm, lst.end())) is not None):
            count, b = _count(c.group(1)), c.end()  # 省级企业技术中心、工程技术研究中心和重点实验室共十四家
        elif p["none"].search(before) or p["none_after"].match(norm, m.end()):
            count = 0
        if p["at_least"].search(norm, clause[0], clause[1]) and (count in (None, 0)):
            count, at_least = None, True
        if m.start() < shift:
            named_before.add(side)  # a level named in the context, with its count or not (the opening stops there)
        if side == "provincial" and uncounted is not None and _KIND_SEPARATOR.fullmatch(norm, uncounted, m.start()):
            side = "provincial_or_above"  # 国家级企业技术中心、省级工程技术研究中心共5家: one count of both levels
        if count is None and not at_least:
            uncounted = m.end() if side == "national" and m.start() >= shift else None
            continue
        uncounted = None
        st = statement(side, count, at_least, a, b, increments=True, noun=m.group("noun"))
        if (st.reason is None and out and out[-1].reason == "growth" and out[-1].end <= a
                and _KIND_SEPARATOR.fullmatch(norm, out[-1].end, a)):
            st = replace(st, reason="growth", word=out[-1].word)  # 新增国家级…一家、省级…三家: both are additions
        out.append(st)
    # 拥有企业技术中心17家，其中国家级1家: a level and its count, the noun said earlier in the sentence
    taken = [(st.start, st.end) for st in out]
    for m in p["level_count"].finditer(norm):
        if any(a <= m.start() < b for a, b in taken) or not p["noun"].search(norm, 0, m.start()):
            continue
        side = "national" if m.group("nat") else ("provincial_or_above" if m.group("above") else "provincial")
        out.append(statement(side, _count(m.group(m.lastindex)), False, m.start(), m.end(), increments=False))
    own_statements = [replace(st, start=st.start - shift, end=st.end - shift) for st in out if st.start >= shift]
    return _enumerations_summed(own, sorted(own_statements, key=lambda st: st.start), named_before)


_ITEM_SEPARATOR = re.compile(r"\s*[、，,和及]\s*")
_KIND_SEPARATOR = re.compile(r"\s*[、和及与]\s*")  # between kinds that share one count (…中心、省级…共5家)


def _enumerations_summed(norm: str, statements: list[Statement], earlier: frozenset | set = frozenset()
                         ) -> list[Statement]:
    """Counts of one level listed item by item (国家级工程技术研究中心2个、国家级工程实验室2个、国家级企业技术中心5个)
    are that level's count: their sum, as one statement over the list. A list holding a general word
    (国家级科技创新平台2个，国家级企业技术中心2个) may count one institution twice: its items are rejected as
    overlapping. Items after 其中 are parts of a total of their level said before, in this sentence or (``earlier``:
    the levels named in the context) the one before (国家级研发机构10个，其中国家级企业技术中心5个 is 10): they are
    kept as rejected parts, reason segment."""
    out: list[Statement] = []
    run: list[Statement] = []

    def close() -> None:
        if not run:
            return
        total = next((st for st in reversed(out) if st.side == run[0].side and st.reason is None), None)
        clause_start = max(norm.rfind(c, 0, run[0].start) for c in "，。；,;") + 1
        parts = _patterns()["parts"]
        if ((total is not None and parts.search(norm, total.end, run[0].start))
                or (run[0].side in earlier and parts.match(norm[clause_start:run[0].start].lstrip()))):
            # parts of a total said before, in this sentence or the one before (…10个。其中…5个、…2个)
            out.extend(replace(st, reason="segment", word="其中") for st in run)
        elif len(run) > 1 and any(_patterns()["generic"].fullmatch(st.noun) for st in run):
            out.extend(replace(st, reason="overlapping", word=st.noun) for st in run)  # 平台 may hold the 中心
        elif len(run) > 1:
            first, last = run[0], run[-1]
            out.append(Statement(first.side, sum(st.count or 0 for st in run), False, first.start, last.end, None,
                                 "", first.year))
        else:
            out.extend(run)
        run.clear()

    for st in statements:
        usable = st.reason is None and not st.at_least and st.count is not None
        if (run and usable and st.side == run[-1].side
                and _ITEM_SEPARATOR.fullmatch(norm, run[-1].end, st.start) is not None):
            run.append(st)
            continue
        close()
        if usable:
            run.append(st)
        else:
            out.append(st)
    close()
    return out


def doc_to_institutions(doc: Doc, latest: Optional[int] = None) -> tuple[Optional[IndicatorRecord], list[Rejected]]:
    """The core-9 record (first usable statement of each side) and the statements not used; a table's column of a
    year after ``latest`` (the report's latest full year) is a plan, not a count."""
    found: dict[str, tuple[Statement, Sentence]] = {}
    rank: dict[str, tuple] = {}
    rejected: list[Rejected] = []
    for order, s in enumerate(doc.having(_patterns()["any"])):
        for st in sentence_to_statements(s.norm, sentence_context(doc, s)):
            ev = evidence(doc, s, st.start, st.end)
            if st.reason is not None:
                rejected.append(Rejected(indicator="core-9", value=Decimal(st.count or 0), year=None, page=s.page,
                                         text=ev.text,
                                         raw=s.span(st.start, st.end), reason=st.reason, word=st.word,
                                         method=method(doc, s.page, "stated")))
                continue
            key = f"{st.side}_at_least" if st.at_least else st.side
            # the latest statement wins: a later year, else the present (no year), else the later in the report
            # (2020年…1家。2023年…增至3家 is 3; 2018年有…5家，目前…已达12家 is 12)
            here = (st.year if st.year is not None else 9999, order, st.start)
            if key not in rank or here > rank[key]:
                rank[key] = here
                found[key] = (st, s)
    for row, year, st in _table_statements(doc):
        if latest is not None and year > latest:
            continue
        key = f"{st.side}_at_least" if st.at_least else st.side
        here = (year, -1, 0)  # a table's year column; the prose of the same year, or of the present, says more
        if key not in rank or here > rank[key]:
            rank[key] = here
            found[key] = (st, row)
    if not found:
        return None, rejected
    value = InstitutionCount(
        national=found["national"][0].count if "national" in found else None,
        provincial=found["provincial"][0].count if "provincial" in found else None,
        national_at_least=1 if "national_at_least" in found and "national" not in found else None,
        provincial_or_above=found["provincial_or_above"][0].count if "provincial_or_above" in found else None,
    )
    used = sorted({id(s): s for _, s in found.values()}.values(),
                  key=lambda s: (s.page, doc.position(s) if isinstance(s, Sentence) else -1))
    ev: list[Evidence] = [evidence(doc, s) if isinstance(s, Sentence) else row_evidence(doc, s) for s in used]
    first = used[0]
    how = "stated" if isinstance(first, Sentence) else "table"
    rec = IndicatorRecord(indicator="core-9", name=indicator_name("core-9"), value=value, unit="家", year=None,
                          page=first.page, text=ev[0].text, method=method(doc, first.page, how),
                          evidence=tuple(ev))
    return rec, rejected


_LABEL_UNIT = re.compile(r"\s*[（(][^（()）]{1,6}[)）]\s*$")


def _table_statements(doc: Doc) -> list[tuple[TableRow, int, Statement]]:
    """Counts of institutions in a table with year columns (省级以上研发机构 | 个 | 24 | 27 | 35目标): each actual
    year's cell read as the label's count, with the label's level and the column's year."""
    out = []
    for t in doc.tables:
        for row in t.rows:
            label = _LABEL_UNIT.sub("", row.label)
            if not _patterns()["statement"].search(label):
                continue
            for year, value in row.values.items():
                if value != value.to_integral_value() or value < 0:
                    continue
                for st in sentence_to_statements(f"{label}{int(value)}个"):
                    if st.reason is None and st.count is not None:
                        out.append((row, year, replace(st, year=year)))
    return out
