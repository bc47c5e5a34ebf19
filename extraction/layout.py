"""Page layout: positioned characters (or OCR boxes) → cells → lines in reading order.

Pure functions over plain tuples so they are testable without a PDF:

- ``chars_to_cells``: characters in content-stream order → :class:`Cell` runs, split where the
  baseline jumps, the pen moves backwards, or a gap wider than ~1.2 em opens (table columns).
- ``cells_to_lines``: cells → visual :class:`Line` s (same baseline), top to bottom.
- ``lines_to_reading_order``: a run of lines that share a vertical gutter, each half holding
  one prose cell, is a two-column block; it is read left column first, then right.

Coordinates are PDF points with the origin at the top-left (pdfplumber's convention).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple


class Char(NamedTuple):
    """One character with its box (a tuple: tens of thousands are made per document)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    hidden: bool = False  # tiny or near-white: a reader of the printed page would not see it


class Cell(NamedTuple):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    hidden: bool = False

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def xmid(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Line:
    cells: list[Cell] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        cells = self.cells
        if len(cells) == 1:  # most lines of prose
            c = cells[0]
            return (c.x0, c.top, c.x1, c.bottom)
        return (min(c.x0 for c in cells), min(c.top for c in cells), max(c.x1 for c in cells),
                max(c.bottom for c in cells))

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.cells)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.cells)

    @property
    def top(self) -> float:
        return min(c.top for c in self.cells)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.cells)

    @property
    def hidden(self) -> bool:
        return all(c.hidden for c in self.cells)


def chars_to_cells(chars: list[Char]) -> list[Cell]:
    """Group characters (stream order) into runs of text on one baseline without wide gaps."""
    cells: list[Cell] = []
    run: list[Char] = []
    new = tuple.__new__

    def flush() -> None:
        texts, x0s, tops, x1s, bottoms, _, hidden = zip(*run)
        text = "".join(texts).strip()
        if text:  # a run never mixes hidden and visible characters (the change splits it)
            cells.append(new(Cell, (text, min(x0s), min(tops), max(x1s), max(bottoms), hidden[0])))
        run.clear()

    prev_size = prev_x1 = prev_mid = 0.0
    prev_hidden, started = False, False  # started: the run holds a character
    for ch in chars:
        text, x0, top, x1, bottom, size, hidden = ch
        if text == "\n" or text == "\r":
            if run:
                flush()
            started = False
            continue
        mid = (top + bottom) / 2
        if started:
            em = prev_size if prev_size > size else size
            if em < 1.0:
                em = 1.0
            gap = x0 - prev_x1
            if abs(mid - prev_mid) >= 0.5 * em or gap > 1.2 * em or gap < -0.5 * em or hidden != prev_hidden:
                flush()
                started = False
        if text == " " and not started:
            continue
        run.append(ch)
        started, prev_size, prev_x1, prev_mid, prev_hidden = True, size, x1, mid, hidden
    if run:
        flush()
    return cells


def cells_to_lines(cells: list[Cell]) -> list[Line]:
    """Cells on the same baseline (vertical overlap ≥ half the smaller height) form one line."""
    lines: list[Line] = []
    for cell in sorted(cells, key=lambda c: (c.mid, c.x0)):
        h = max(cell.bottom - cell.top, 1.0)
        if lines:
            last = lines[-1]
            top, bottom = last.top, last.bottom
            overlap = min(bottom, cell.bottom) - max(top, cell.top)
            if overlap >= 0.5 * min(h, max(bottom - top, 1.0)):
                last.cells.append(cell)
                continue
        lines.append(Line([cell]))
    for line in lines:
        line.cells.sort(key=lambda c: c.x0)
    return lines


def _side(line: Line, g: float) -> str | None:
    """"L"/"R" when every cell lies left/right of x = g, "LR" when cells sit on both sides, None when one crosses."""
    left = all(c.x1 <= g for c in line.cells)
    right = all(c.x0 >= g for c in line.cells)
    if left:
        return "L"
    if right:
        return "R"
    if all(c.x1 <= g or c.x0 >= g for c in line.cells):
        return "LR"
    return None


def _prose(cells: list[Cell], width: float) -> bool:
    return len(cells) == 1 and cells[0].x1 - cells[0].x0 > 0.18 * width


def _column_votes(lines: list[Line], g: float, width: float) -> tuple[int, int]:
    nl = nr = 0
    for line in lines:
        if len(line.cells) > 2 or _side(line, g) is None:
            continue
        nl += _prose([c for c in line.cells if c.x1 <= g], width)
        nr += _prose([c for c in line.cells if c.x0 >= g], width)
    return nl, nr


def _left_filled(lines: list[Line], g: float, width: float) -> bool:
    """At least half of the left side's lines are prose, and some reach its right edge, as in a column of running
    text; the short labels of a two-column table (项目 | 内容, 2024年营业收入 | 856.2亿元) are not."""
    left = [c for line in lines if len(line.cells) <= 2 for c in line.cells if c.x1 <= g]
    wide = [c for c in left if c.x1 - c.x0 > 0.18 * width]
    if len(wide) < 2:
        return False
    edge = max(c.x1 for c in wide)
    near = sum(1 for c in wide if edge - c.x1 <= 2.5 * max(c.bottom - c.top, 1.0))
    return len(wide) * 2 >= len(left) and near >= 2


def find_gutter(lines: list[Line], page_width: float) -> float | None:
    """The x of a two-column gutter: prose lines wholly on each side of it (≥ 2 a side, ≥ 5 in all)."""
    # A side's prose line is a wide cell of a line of ≤ 2 cells: a gutter at x needs two such cells
    # ending left of x and two starting right of it. Checking that first (bisect over sorted edges)
    # skips the full vote at almost every candidate of a one-column page; the result is the same.
    wide = [c for line in lines if len(line.cells) <= 2 for c in line.cells if c.x1 - c.x0 > 0.18 * page_width]
    ends = sorted(c.x1 for c in wide)
    starts = sorted(c.x0 for c in wide)
    if (len(ends) < 4 or bisect_right(ends, 0.7 * page_width) < 2
            or len(starts) - bisect_left(starts, 0.3 * page_width) < 2):
        return None
    candidates = [0.35 * page_width + 2.0 * i for i in range(int(0.15 * page_width))]
    # the middle of each gap between two cells of a line: where a real gutter is, even a narrow one
    candidates += [(a.x1 + b.x0) / 2 for line in lines if len(line.cells) == 2
                   for a, b in [line.cells] if 0.3 * page_width < (a.x1 + b.x0) / 2 < 0.7 * page_width]
    # The vote at x depends only on where x lies among the cell edges of the lines that can vote:
    # candidates in the same gap between two edges (or on the same edge) vote alike, and only the
    # first of them can win (a later one must beat it strictly), so the rest are skipped.
    edges = sorted({e for line in lines if len(line.cells) <= 2 for c in line.cells for e in (c.x0, c.x1)})
    seen: set[tuple[int, int]] = set()
    best, best_n = None, 0
    for x in candidates:
        if not 0.3 * page_width <= x <= 0.7 * page_width:
            continue
        if bisect_right(ends, x) < 2 or len(starts) - bisect_left(starts, x) < 2:
            continue
        where = (bisect_left(edges, x), bisect_right(edges, x))
        if where in seen:
            continue
        seen.add(where)
        nl, nr = _column_votes(lines, x, page_width)
        if min(nl, nr) >= 2 and nl + nr >= 5 and nl + nr > best_n:
            best, best_n = x, nl + nr
    return best


def lines_to_reading_order(lines: list[Line], page_width: float) -> list[Line]:
    """Lines top to bottom; inside a two-column block, the left column first, then the right.

    A block is a run of lines none of which crosses the gutter and none of which is a table
    row (more than two cells); it counts as two-column when each side holds ≥ 2 prose lines and ≥ 5 in all.
    """
    g = find_gutter(lines, page_width)
    if g is None:
        return lines
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and len(lines[j].cells) <= 2 and _side(lines[j], g) is not None:
            j += 1
        block = lines[i:j]
        nl, nr = _column_votes(block, g, page_width)
        two_sided = min(nl, nr) >= 2 and nl + nr >= 5
        if two_sided and _left_filled(block, g, page_width):
            left = [Line([c for c in line.cells if c.x1 <= g]) for line in block]
            right = [Line([c for c in line.cells if c.x0 >= g]) for line in block]
            out.extend([line for line in left if line.cells] + [line for line in right if line.cells])
            i = j
        elif two_sided:
            out.extend(block)  # a two-column table (项目 | 内容): none of its rows starts a block of columns
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out

