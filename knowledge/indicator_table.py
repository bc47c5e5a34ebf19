"""The 2023 指标体系 attachment: text copied from a PDF table → rows → clauses.

The copied text keeps the table's cells as lines in reading order, with the header repeated
on every page and long cells wrapped. Rows are found by their 序号 (1, 2, 3 … in order), the
一级指标 / 适用领域 cell is recognised by matching wrapped lines against the names the text
itself gives (第八条 lists the six 一级指标; the domains are the product's ``--domain`` names,
each checked to occur in the table), and each 定量/定性 token closes one requirement, so a row
with several requirements becomes several parts.

Separating 二级指标 from 申报条件 uses the layout the copy left:
- a space between two Chinese characters (or before ≥/≤) is the column gap; spaces around
  digits and Latin words ("≥2.5 件", "GB/T 19001") are typesetting inside a cell;
- a short line (≤ 12 characters) continues the name until the name is complete (ends in a
  name noun such as 数量/率/比重/情况/成效/水平/能力);
- where the copy lost the gap ("…研发机构数量国家级研发机构≥1 家…"), the name ends at the
  first name noun.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extraction.normalize import HAN, fold_width, to_simplified

CORE_TITLE = re.compile(r"指标体系$")
SPECIAL_TITLE = re.compile(r"^特色指标[（(]适用个别领域[)）]$")
_HEADER = re.compile(r"^(序号|一级指标|二级指标|申报条件|指标类型|指标|类型|适用领域|特色指标|"
                     r"[（(]\d+个[)）]|\(\d+个\))+$")
_COUNTS = re.compile(r"[（(](\d+)个[)）]")
_TYPE_END = re.compile(r"^(.*?)\s*(定量|定性)$")
_GAP = re.compile(rf"(?<=[{HAN}）)])\s+(?=[{HAN}≥≤])")
_NAME_NOUN = re.compile(r"(数量|比重|情况|成效|水平|能力|活跃度|地位|影响力|收入|增速|产值|强度|能耗|"
                        r"用水量|率|环境|应用|算效|共建|PUE)$")
SHORT = 12

# The five domains of the 特色指标, as the CLI's --domain names them; each must occur in the table.
DOMAINS = ("高技术转化应用", "产业转移合作", "软件和信息服务/大数据", "工业互联网", "数据中心")


@dataclass
class Part:
    condition: str
    indicator_type: str


@dataclass
class Row:
    table: str  # core | special
    number: int
    group: str
    name: str
    parts: list[Part] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # original lines, for the clause text

    @property
    def rule_id(self) -> str:
        return f"{self.table}-{self.number}"


@dataclass
class IndicatorTable:
    rows: list[Row]
    groups: list[str]
    domains: list[str]
    declared_groups: int | None
    declared_rows: int | None


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", fold_width(to_simplified(s)))


def _consume_label(lines: list[str], names: tuple[str, ...] | list[str]) -> tuple[str | None, list[str]]:
    """If the first lines spell one of ``names`` (wrapped over lines), return it and the rest."""
    acc = ""
    for i, line in enumerate(lines):
        acc += _compact(line)
        full = [n for n in names if _compact(n) == acc]
        if full:
            return full[0], lines[i + 1 :]
        if not any(_compact(n).startswith(acc) for n in names):
            return None, lines
    return None, lines


def _split_name(lines: list[str]) -> tuple[str, list[str]]:
    """(二级指标 name, remaining condition lines) from a row's first requirement lines."""
    name, rest = "", []
    for i, line in enumerate(lines):
        if rest:
            rest.append(line)
            continue
        gap = _GAP.search(line)
        complete = bool(_NAME_NOUN.search(_compact(name))) if name else False
        if gap and not complete and not re.search("[≥≤]", line[: gap.start()]):
            name += line[: gap.start()]
            rest.append(line[gap.end() :])
        elif len(_compact(line)) <= SHORT and not complete and not line.lstrip().startswith(("≥", "≤")):
            name += line
        elif name:
            rest.append(line)
        else:
            name, tail = _split_run_together(line)
            rest.append(tail)
    return name.strip(), [r for r in rest if r.strip()]


def _split_run_together(line: str) -> tuple[str, str]:
    """Name and condition of a line whose column gap was not a Han–Han space.

    First choice: the first space after a Chinese character ("信息基础设施建设 5G、…").
    Otherwise the copy lost the gap entirely ("…研发机构数量国家级研发机构≥1 家…"): the name
    ends at its first name noun.
    """
    space = re.search(rf"(?<=[{HAN}])\s+", line)
    if space and space.start() <= SHORT and not re.search("[≥≤]", line[: space.start()]):
        return line[: space.start()], line[space.end() :]
    m = next((m for m in re.finditer(_NAME_NOUN.pattern[:-1], line) if m.end() >= 4), None)
    cut = m.end() if m else len(line)
    return line[:cut], line[cut:]


def _row_parts(lines: list[str]) -> list[tuple[list[str], str]]:
    """Split a row's lines into requirements, each closed by its 定量/定性 token."""
    parts, cur = [], []
    for line in lines:
        m = _TYPE_END.match(line)
        if m:
            if m.group(1).strip():
                cur.append(m.group(1))
            parts.append((cur, m.group(2)))
            cur = []
        else:
            cur.append(line)
    if cur and parts:
        parts[-1][0].extend(cur)
    return parts


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        line = line.strip()
        if text and text[-1].isascii() and text[-1].isalnum() and line[:1].isascii() and line[:1].isalnum():
            text += " "
        text += line
    return text


def _row_from_lines(table: str, number: int, lines: list[str], names: tuple[str, ...] | list[str],
                    group: str) -> tuple[Row, str]:
    label, rest = _consume_label([l for l in lines if l.strip()], names)
    group = label or group
    parts = _row_parts(rest)
    if not parts:
        raise ValueError(f"指标体系 {table} 序号{number} 没有指标类型（定量/定性）：{lines!r}")
    name, first_condition = _split_name(parts[0][0])
    row = Row(table, number, group, name, lines=lines)
    row.parts.append(Part(_join(first_condition), parts[0][1]))
    for cond_lines, kind in parts[1:]:
        row.parts.append(Part(_join(cond_lines), kind))
    return row, group


def groups_from_article_8(article_text: str) -> list[str]:
    """The six 一级指标, read from 第八条 ("在规模效益、创新效能、…、开放合作等方面达到相关要求")."""
    m = re.search(r"在(.+?)等方面达到", _compact(article_text))
    if not m:
        raise ValueError("第八条中找不到一级指标列表")
    return m.group(1).split("、")


def lines_to_table(lines: list[str], groups: list[str]) -> IndicatorTable:
    """Parse the attachment's lines (after its title) into core and special rows."""
    rows: list[Row] = []
    table, expected, group = "core", 1, ""
    current: list[str] | None = None
    number = 0
    declared_groups = declared_rows = None
    found_domains: list[str] = []

    def flush() -> None:
        nonlocal group
        if current is None:
            return
        names = groups if table == "core" else DOMAINS
        row, group = _row_from_lines(table, number, current, names, group)
        if table == "special" and row.group not in found_domains:
            found_domains.append(row.group)
        rows.append(row)

    for raw in lines:
        line = raw.strip()
        compact = _compact(line)
        if SPECIAL_TITLE.match(compact):
            flush()
            current, table, expected, group = None, "special", 1, ""
            continue
        if _HEADER.match(compact) or compact.startswith("二级指标("):
            counts = _COUNTS.findall(compact)
            if compact.startswith(("(", "（")) and counts and declared_groups is None:
                declared_groups = int(counts[0])
            if compact.startswith("二级指标") and counts and declared_rows is None:
                declared_rows = int(counts[0])
            continue
        m = re.match(r"^(\d{1,2})(?:\s+|$)", line)
        if m and int(m.group(1)) == expected:
            flush()
            number, expected = int(m.group(1)), expected + 1
            current = [line[m.end() :]] if line[m.end() :].strip() else []
            continue
        if current is not None:
            current.append(line)
    flush()
    return IndicatorTable(rows, groups, found_domains, declared_groups, declared_rows)


def attachment_start(lines: list[str]) -> int | None:
    """Index of the attachment's title line ("…指标体系" standing alone after "附 件"), or None."""
    for i, line in enumerate(lines):
        if (CORE_TITLE.search(_compact(line)) and i > 0 and _compact(lines[i - 1]) == "附件"
                and not re.search("[：:。]", line)):
            return i
    return None
