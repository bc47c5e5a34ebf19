"""Text that reaches the page: escaped, never interpreted (applicant and corpus text may hold markup)."""
from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$])")


def md_escape(text: str) -> str:
    """Markdown with every special character escaped: shown as written, no link, image or HTML taken from it."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def redline_html(ops) -> str:
    """A character-level redline as escaped text in coloured spans (deleted struck through in red, inserted
    underlined in green); nothing from the texts is interpreted as HTML."""
    style = {"equal": "", "delete": "background:#ffd7d5;color:#8a1c1c;text-decoration:line-through",
             "insert": "background:#d4f5d4;color:#1b5e20;text-decoration:underline"}
    parts = []
    for tag, text in ops:
        t = html.escape(text).replace("\n", "<br>")
        parts.append(f'<span style="{style[tag]}">{t}</span>' if style.get(tag) else t)
    return '<div style="line-height:1.9">' + "".join(parts) + "</div>"
