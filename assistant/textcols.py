"""Plain-text columns that line up with Chinese text: a wide (CJK) character takes two columns.

``pad`` fills a cell to a display width; ``clip`` shortens text to fit, ending with …, and never cuts
inside a number (a value is shown whole or the cut moves before the number).
"""
from __future__ import annotations

import re
import unicodedata


def width(text: str) -> int:
    """Display width: East Asian wide and full-width characters count two, combining marks none."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
               for ch in text)


def clip(text: str, limit: int) -> str:
    """``text`` within ``limit`` columns; when cut, … ends it and the cut never falls inside a number."""
    if width(text) <= limit:
        return text
    out, used = "", 0
    for ch in text:
        if used + width(ch) > limit - 1:
            break
        out += ch
        used += width(ch)
    cut = len(out)
    if cut < len(text) and re.match(r"[\d.,]", text[cut]) and re.search(r"[\d.,]$", out):
        out = re.sub(r"[\d.,]+$", "", out)  # the number goes whole to the cut: none of it is shown
    return out + "…"


def pad(text: str, cells: int) -> str:
    """``text`` followed by spaces up to ``cells`` display columns (at least one space after it)."""
    return text + " " * max(1, cells - width(text))
