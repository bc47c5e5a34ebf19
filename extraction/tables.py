"""Tables from positioned lines: header with year columns (or year rows, or one value column), rows aligned by x.

A table is trusted when its header names ≥ 2 years, or one value column (指标 | 标准 | 完成值 | 自评, whose year
is the header's or a table title's, else the report's present), and each row's numbers sit under those columns;
a row whose numbers do not align is not read, and a column naming no year (全省平均, 目标值) is read past. A table
that goes on across a page break (with or without its header repeated) stays one table: it is closed by prose
across the columns, not by the end of a page or by a piece of a wrapped cell. A label wrapped in its cell is
joined around the line of its numbers (or after it). Tables whose years are the rows (年份 | 营业收入 | …) are
transposed to the same shape, their header joined column by column when its cells wrap in narrow columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from .layout import Cell, Line
from .normalize import fold_width, to_simplified
from .numbers import parse_number

_YEAR = re.compile(r"^((?:19|20)\d{2})\s*年?度?$")
# a year column with a word saying what it holds: 2024年实际 | 2027年目标 (a plan column is kept apart)
_YEAR_HEAD = re.compile(r"^((?:19|20)\d{2})\s*年?度?[（(]?"
                        r"(实际|完成|实绩|目标|预计|预期|规划|计划|预测|E)?[)）]?(?:值|数)?$")
TARGET_COLUMN = ("目标", "预计", "预期", "规划", "计划", "预测", "E")
_NUMBER = re.compile(r"^[-+]?[\d,，]*\d(?:\.\d+)?\s*%?$")
_ROW_HEAD = re.compile(r"^(年份|年度|年\s*份|时间|年)$")
TABLE_UNITS = ("万元", "亿元", "元", "%", "家", "个", "件", "项", "万人", "人", "公顷", "亩", "平方公里",
               "万元/人", "万元/公顷", "万元/亩", "亿元/平方公里", "万元/平方公里", "吨标准煤/万元", "立方米/万元",
               "件/亿元", "百分比")


@dataclass
class TableRow:
    label: str  # matching form
    label_text: str  # original
    unit: str
    values: dict[int, Decimal]
    raw: dict[int, str]
    page: int
    text: str  # the row as printed (cells joined), for evidence
    bbox: tuple[float, float, float, float]
    hidden: bool = False
    targets: dict[int, Decimal] = field(default_factory=dict)  # values under a target column (2027年目标)


@dataclass
class Table:
    years: list[int]
    header: str
    pages: list[int] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    target_words: dict[int, str] = field(default_factory=dict)  # year → the header word marking a target column

    def row(self, pattern: re.Pattern) -> Optional[TableRow]:
        return next((r for r in self.rows if pattern.search(r.label)), None)


def _form(text: str) -> str:
    return fold_width(to_simplified(text)).replace(" ", "")


_CELL_UNIT = re.compile(r"^([-+]?[\d,，]*\d(?:\.\d+)?)(" + "|".join(
    re.escape(u) for u in sorted(TABLE_UNITS, key=len, reverse=True) if u != "百分比") + ")$")


def _cell_unit(text: str) -> str:
    """The unit a number cell carries after its digits (41.2万元/人, 3.1%), or ''."""
    m = _CELL_UNIT.match(fold_width(text).replace(" ", ""))
    return m.group(2) if m else ""


def _cell_number(text: str) -> Optional[Decimal]:
    t = fold_width(text).replace(" ", "")
    if not _NUMBER.match(t):
        m = _CELL_UNIT.match(t)
        if not m:
            return None
        t = m.group(1)
    try:
        return parse_number(t.rstrip("%"))
    except ValueError:
        return None


def _header_years(line: Line) -> list[tuple[int, Cell]]:
    out = []
    for c in line.cells:
        m = _YEAR_HEAD.match(_form(c.text))
        if m:
            out.append((int(m.group(1)), c))
    return out


def _target_words(line: Line) -> dict[int, str]:
    out = {}
    for c in line.cells:
        m = _YEAR_HEAD.match(_form(c.text))
        if m and m.group(2) in TARGET_COLUMN:
            out[int(m.group(1))] = m.group(2)
    return out


def _row(line: Line, page: int, cols: list[tuple[int, Cell]], targets: dict[int, str],
         label: Optional[tuple[float, float]] = None) -> Optional[TableRow]:
    """A row read under its year columns (a column keyed OTHER, 全省平均, is read past); ``label``: where the label
    column starts and ends (a value-column table's 序号 before it and standard column after it, ≥300, are
    neither label nor value)."""
    first_x = min(c.x0 for y, c in cols if y != OTHER)
    spacing = min((b[1].xmid - a[1].xmid for a, b in zip(cols, cols[1:])), default=80.0)
    label_cells, unit, values, raw = [], "", {}, {}
    for cell in line.cells:
        if label is not None and (cell.x1 < label[0] or label[1] < cell.x0) and cell.x1 <= first_x + 2:
            if not unit and _form(cell.text) in TABLE_UNITS:
                unit = _form(cell.text)  # a 单位 column between the labels and the values
            continue
        if cell.x1 <= first_x + 2 and _cell_number(cell.text) is None:
            t = _form(cell.text)
            if t in TABLE_UNITS or re.fullmatch(r"[（(].{1,8}[)）]", t):
                unit = t.strip("（）()")
            else:
                label_cells.append(cell.text)
            continue
        n = _cell_number(cell.text)
        if n is None:
            continue
        year, col = min(cols, key=lambda yc: abs(yc[1].xmid - cell.xmid))
        if abs(col.xmid - cell.xmid) > max(0.5 * spacing, 12):
            return None
        if year == OTHER:
            continue
        values[year] = n
        raw[year] = cell.text
        if not unit:
            unit = _cell_unit(cell.text)
    if not label_cells or not values:
        return None
    label = " ".join(label_cells)
    m = re.search(r"[（(]([^()（）]{1,8})[)）]$", label)
    if m and not unit and _form(m.group(1)) in TABLE_UNITS:
        unit = _form(m.group(1))
    planned = {y: values.pop(y) for y in list(values) if y in targets}
    return TableRow(_form(label), label, unit, values, raw, page, line.text, line.bbox, line.hidden, planned)


def _transposed(head: Line, body: list[tuple[int, Line]], printed: str = "") -> Optional[Table]:
    """A table whose years are its rows (年份 | 营业收入 | …), as rows per label; ``printed``: the header as printed
    when its cells wrapped over several lines (else the header line's text)."""
    labels = head.cells[1:]
    years = []
    rows: dict[int, TableRow] = {}
    for page, line in body:
        y = _YEAR.match(fold_width(line.cells[0].text).replace(" ", ""))
        if not y:
            break
        year = int(y.group(1))
        years.append(year)
        for cell in line.cells[1:]:
            n = _cell_number(cell.text)
            if n is None:
                continue
            i = min(range(len(labels)), key=lambda k: abs(labels[k].xmid - cell.xmid))
            text = labels[i].text
            m = re.search(r"[（(]([^()（）]{1,8})[)）]$", text)
            row = rows.setdefault(i, TableRow(_form(text), text, _form(m.group(1)) if m else "", {}, {}, page, "",
                                              line.bbox))
            row.values[year] = n
            row.raw[year] = cell.text
            row.bbox = line.bbox
    if len(years) < 2 or not rows:
        return None
    same_page = [ln for p, ln in body if p == body[0][0]]
    text = "\n".join([printed or head.text] + [ln.text for ln in same_page])  # header and year rows, as printed
    for row in rows.values():
        row.text, row.page = text, body[0][0]
    t = Table(sorted(years), head.text, sorted({p for p, _ in body}))
    t.rows = [rows[i] for i in sorted(rows)]
    return t


# a table of one value column (指标 | 标准 | 完成值 | 自评, 指标 | 2024年完成情况): the column's year, if it names one
_VALUE_HEAD = re.compile(r"^(?:((?:19|20)\d{2})\s*年度?)?(?:的)?(?:完成值|完成情况|实际值|实际完成(?:值|情况)?|现状值?|"
                         r"申报值|完成数|达到值|指标值|实绩|现值)$")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_TITLE = re.compile(r"^(?:附)?表\s*[\d一二三四五六七八九十]|表[（(][^（()）]*[)）]$|表$")  # 表1 …, …自评表（2024年度）
_TITLE_NOT = re.compile(r"(?:19|20)\d{2}\s*年?\s*(?:—|-|–|~|～|至|到)|截至|截止|计划|规划|目标|预计")
UNDATED = 0  # the year key of a value column that names no year (the report's present: its latest year)
OTHER = -1  # the key of a column right of the labels that is no year's (全省示范基地平均, 增长率): read past
_LABEL_HEAD = re.compile(r"^(?:指标|项目|指标名称|评价指标|考核指标|复核指标|名称)$")


def _value_column(line: Line, before: list[Line]) -> Optional[tuple[int, Cell]]:
    """The value column of a one-value-column table's header, keyed by its year (from the header cell, else from a
    table title a line or two above naming one year and no span or plan: 表1 …自评表（2024年度）), else UNDATED."""
    if len(line.cells) < 3:
        return None
    heads = [(m, c) for c in line.cells[1:] if (m := _VALUE_HEAD.match(_form(c.text)))]
    if len(heads) != 1:
        return None
    m, cell = heads[0]
    if m.group(1):
        return int(m.group(1)), cell
    for prev in reversed(before[-2:]):
        title = _form(prev.text)
        if len(prev.cells) == 1 and _TITLE.search(title) and not _TITLE_NOT.search(title):
            y = _TITLE_YEAR.findall(title)
            if len(set(y)) == 1:
                return int(y[0]), cell
    return UNDATED, cell


def _joined(cells: list[Cell], hidden: bool = False) -> Cell:
    """The pieces of one wrapped cell as one cell: their texts in order, over the box they cover together."""
    return Cell("".join(c.text for c in cells), *Line(cells).bbox, hidden)


def _close_below(a: Line, b: Line) -> bool:
    """``b`` is the next line of a cell that wraps after ``a`` (or of a row beside it): close below it."""
    return 0 <= b.top - a.top <= 1.6 * max(a.bottom - a.top, 1.0)


def _wrapped_row(flat: list[tuple[int, Line]], i: int, label: tuple[float, float]) -> Optional[tuple[Line, int]]:
    """A row whose label wraps inside its cell: label lines in the label column (``label`` = its start and end)
    around the one line holding the row's other cells (规上企业每亿元主营业务收入高价 | 1.05 1.21 |
    值发明专利数（件）; a 序号 and a part of the label may stand on that line too), each close below the last; joined
    into one line with the label as one cell. Returns the line and how many lines it took."""
    def in_label(c: Cell) -> bool:
        return c.x1 <= label[1] + 2 and c.x1 >= label[0]

    def label_only(ln: Line) -> bool:
        return all(in_label(c) for c in ln.cells)

    page, first = flat[i]
    if not label_only(first):
        return None
    lines, j = [first], i + 1
    while j < len(flat) and flat[j][0] == page and label_only(flat[j][1]) and _close_below(flat[j - 1][1], flat[j][1]):
        lines.append(flat[j][1])
        j += 1
    if j >= len(flat) or flat[j][0] != page or not _close_below(flat[j - 1][1], flat[j][1]):
        return None
    values = flat[j][1]
    if not any(c.x0 > label[1] for c in values.cells):
        return None
    lines.append(values)
    j += 1
    lead = len(lines) - 1
    while (j < len(flat) and flat[j][0] == page and label_only(flat[j][1]) and _close_below(flat[j - 1][1], flat[j][1])
           and len(lines) - 1 - lead < lead):  # the numbers stand beside the label's middle: no more lines after
        lines.append(flat[j][1])
        j += 1
    parts = [c for ln in lines for c in ln.cells if in_label(c)]
    merged = _joined(parts, all(c.hidden for c in parts))
    before = [c for c in values.cells if c.x1 < label[0]]
    after = [c for c in values.cells if c.x0 > label[1]]
    return Line([*before, merged, *after]), j - i


_HEAD_CELL_CHARS = 8  # a header cell wrapped in a narrow column holds a few characters a line


def _wrapped_year_rows_header(flat: list[tuple[int, Line]], j: int) -> Optional[tuple[int, Line]]:
    """The header of a table whose years are its rows, when its cells wrap in narrow columns: the band of short
    lines right above the first year row (营业收 | 入（亿 | 元）…), one of them holding 年份, joined column by column
    (under the year row's cells) into one header line. Returns where the band starts and the header."""
    page, first = flat[j]
    if len(first.cells) < 3 or not _YEAR.match(_form(first.cells[0].text)):
        return None
    cols = first.cells[1:]
    spacing = min((b.xmid - a.xmid for a, b in zip(cols, cols[1:])), default=80.0)
    band: list[Line] = []
    k = j - 1
    while k >= 0 and flat[k][0] == page and len(band) < 12:
        ln = flat[k][1]
        below = band[-1] if band else first
        if not 0 < below.top - ln.top <= 2.5 * max(ln.bottom - ln.top, 1.0) + 4:
            break
        if any(len(c.text) > _HEAD_CELL_CHARS for c in ln.cells) or _YEAR.match(_form(ln.cells[0].text)):
            break  # a title or prose above the header, or a year row: j is no first year row
        band.append(ln)
        k -= 1
    head = next((c for ln in band for c in ln.cells if _ROW_HEAD.match(_form(c.text))), None)
    if head is None or len(band) < 2:
        return None
    parts: dict[int, list[Cell]] = {}
    for ln in band:
        for c in ln.cells:
            if c is head:
                continue
            i = min(range(len(cols)), key=lambda n: abs(cols[n].xmid - c.xmid))
            if abs(cols[i].xmid - c.xmid) <= 0.6 * spacing:
                parts.setdefault(i, []).append(c)
    if len(parts) != len(cols):
        return None  # a column without a header, or a header over no column: not this table's header
    cells = [head] + [_joined(sorted(parts[i], key=lambda c: c.top)) for i in sorted(parts)]
    return k + 1, Line(cells)


def _first_x(cols: list[tuple[int, Cell]]) -> float:
    """Where the first value column starts."""
    return min(c.x0 for y, c in cols if y != OTHER)


def _other_columns(line: Line, years: list[tuple[int, Cell]]) -> list[tuple[int, Cell]]:
    """Header cells right of the first year column that name no year (全省示范基地平均, 增长率), keyed OTHER."""
    first = min(c.x0 for _, c in years)
    taken = {id(c) for _, c in years}
    return [(OTHER, c) for c in line.cells if id(c) not in taken and c.x0 > first]


def _label_column(line: Line) -> tuple[float, float]:
    """Where a one-value-column table's labels stand: under its 指标/项目 header (a 序号 column before it, a
    standard column after it), else under its first header cell."""
    k = next((n for n, c in enumerate(line.cells[:-1]) if _LABEL_HEAD.match(_form(c.text))), 0)
    start = line.cells[k - 1].x1 + 2 if k > 0 else float("-inf")
    return start, line.cells[k + 1].x0 - 2


def pages_to_tables(pages: list[tuple[int, list[Line]]]) -> list[Table]:
    """All trusted tables of a document, in order. ``pages`` = [(page number, lines in reading order)]."""
    tables: list[Table] = []
    current: Optional[Table] = None
    cols: list[tuple[int, Cell]] = []
    label: Optional[tuple[float, float]] = None
    last: Optional[Line] = None  # the last line read into a row
    flat = [(p, line) for p, lines in pages for line in lines if line.cells]
    header_text: dict[int, str] = {}  # a joined header's lines as printed, by id of the joined line
    j = len(flat) - 1
    while j > 0:  # headers of year-row tables wrapped in narrow columns, each joined into one line
        found = _wrapped_year_rows_header(flat, j)
        if found is not None:
            start, head = found
            header_text[id(head)] = "\n".join(ln.text for _, ln in flat[start:j])
            flat[start:j] = [(flat[j][0], head)]
            j = start
        j -= 1
    i = 0
    while i < len(flat):
        page, line = flat[i]
        years = _header_years(line)
        if len(years) < 2 and (vc := _value_column(line, [ln for _, ln in flat[max(0, i - 2):i]])) is not None:
            current = Table([vc[0]] if vc[0] != UNDATED else [], line.text, [page])
            tables.append(current)
            label = _label_column(line)
            cols = [(OTHER, c) if c is not vc[1] else vc for c in line.cells if c.x0 > label[1]]
            i += 1
            continue
        if len(years) >= 2 and len(line.cells) >= 3:
            targets = _target_words(line)
            actual = [y for y, _ in years if y not in targets]
            same = current is not None and actual == current.years
            if not same:
                current = Table(actual, line.text, [page], target_words=targets)
                tables.append(current)
            elif page not in current.pages:
                current.pages.append(page)
            cols, label = sorted(years + _other_columns(line, years), key=lambda yc: yc[1].x0), None
            i += 1
            continue
        if len(line.cells) >= 3 and _ROW_HEAD.match(_form(line.cells[0].text)):
            body = []
            j = i + 1
            while (j < len(flat) and len(flat[j][1].cells) >= 2
                   and _YEAR.match(fold_width(flat[j][1].cells[0].text).replace(" ", ""))):
                body.append(flat[j])
                j += 1
            t = _transposed(line, body, header_text.get(id(line), ""))
            if t:
                tables.append(t)
                current = None
                i = j
                continue
        span = label if label else (float("-inf"), _first_x(cols) if cols else 0.0)
        wrapped = _wrapped_row(flat, i, span) if current is not None else None
        if (current is not None and current.rows and last is not None and flat[i - 1][1] is last
                and all(c.x1 <= span[1] + 2 and c.x1 >= span[0] for c in line.cells)
                and _close_below(last, line) and wrapped is None):
            row = current.rows[-1]  # the tail of the last row's label, wrapped below its numbers
            tail = "".join(c.text for c in line.cells)
            row.label, row.label_text = row.label + _form(tail), row.label_text + tail
            row.text += "\n" + line.text
            last = line
            i += 1
            continue
        if current is not None:
            row = _row(wrapped[0], page, cols, current.target_words, label) if wrapped is not None else None
            if row is not None:  # a label wrapped in its cell, the numbers beside its middle
                line, used = wrapped
                row.text = "\n".join(ln.text for _, ln in flat[i:i + used])  # the evidence as printed, line by line
                i += used - 1
            elif len(line.cells) >= 2:
                row = _row(line, page, cols, current.target_words, label)
            if row is not None:
                current.rows.append(row)
                last = flat[i][1]
                if page not in current.pages:
                    current.pages.append(page)
            elif len(line.cells) < 3 and any(c.x1 > span[1] + 2 and c.x0 < span[1] - 2 for c in line.cells):
                current = None  # prose across the columns: the table is over (a piece of a wrapped cell is not)
        i += 1
    return [t for t in tables if any(r.values or r.targets for r in t.rows)]
