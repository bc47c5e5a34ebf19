"""Notices in the formats they are published in → plain text for the clause parser (pure readers).

``html_to_text`` keeps the text of the page's body: scripts, styles, navigation, headers, footers, forms
and asides are dropped, block elements become lines, a table row becomes one line of its cells.
``docx_to_text`` reads paragraphs and table rows in document order (python-docx). Cells of a row are
separated by a tab, so ``table_rows_to_items`` can give each row of a requirements table its headers.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

CELL = "\t"  # between the cells of a table row: the clause parser turns a requirements table into one clause a row
_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "iframe", "svg", "button", "select",
         "template", "head"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table", "tbody", "thead",
          "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "hr", "main", "center", "font"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.skip = 0

    def _flush(self) -> None:
        text = re.sub(r"[ \t\u00a0\u3000]+", " ", "".join(self.cur)).strip()
        if text:
            self.lines.append(text)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if tag == "body":  # </head> is optional: the body ends whatever head was open
            self.skip = 0
            return
        if tag in _SKIP:
            self.skip += 1
        elif tag == "tr":
            self._flush()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in _BLOCK and self.cell is None:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        if tag == "br" and self.cell is None:
            self._flush()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):  # empty cells keep their place: each value stays under its header
                self.lines.append(CELL.join(self.row))
            self.row = None
        elif tag in _BLOCK and self.cell is None:
            self._flush()

    def handle_data(self, data):
        if self.skip:
            return
        (self.cell if self.cell is not None else self.cur).append(data)


def html_to_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    parser._flush()
    return "\n".join(parser.lines)  # character references were decoded once, by the parser


def docx_to_text(path: Path) -> str:
    from docx import Document as Docx

    doc = Docx(str(path))
    lines: list[str] = []
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")).strip()
            if text:
                lines.append(text)
        elif tag == "tbl":
            for tr in child.iter():
                if tr.tag.endswith("}tr"):
                    cells = []
                    for tc in tr.iter():
                        if tc.tag.endswith("}tc"):
                            cells.append("".join(t.text or "" for t in tc.iter() if t.tag.endswith("}t")).strip())
                    if any(cells):
                        lines.append(CELL.join(cells))
    return "\n".join(lines)


_HEADER_WORDS = re.compile(r"序号|编号|指标|要求|条件|内容|标准|名称|类别|项目|分值|说明|申报条件|评价内容")


def table_rows_to_items(text: str) -> str:
    """A requirements table (a header row, then rows numbered 1, 2, …, cells tab-separated) as one numbered
    item a row carrying its column headers: ``1. 指标：营业收入；要求：≥100亿元``. Other lines pass unchanged."""
    lines = text.splitlines()
    out: list[str] = []
    header: list[str] | None = None
    for line in lines:
        cells = [c.strip() for c in line.split(CELL)]
        if len(cells) >= 2 and sum(bool(_HEADER_WORDS.fullmatch(c)) for c in cells) >= 2:
            header = cells
            continue
        if header and len(cells) >= 2 and re.fullmatch(r"\d{1,3}", cells[0]):
            named = [f"{h}：{c}" for h, c in zip(header[1:], cells[1:]) if c]
            out.append(f"{cells[0]}. " + "；".join(named) + "。")
            continue
        if len(cells) < 2:
            header = None
        out.append(line.replace(CELL, " "))
    return "\n".join(out)
