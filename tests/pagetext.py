"""One page of text lines → the report stage's Extraction, for tests that need a sentence read as
a scan (``method="ocr"``) or as a typed page without building a PDF."""
from __future__ import annotations

from extraction.layout import Cell, Line
from extraction.models import Extraction
from extraction.pages import Page
from extraction.report import pages_to_extraction


def read_page(*texts: str, method: str = "ocr", page: int = 2, file: str = "scan.pdf") -> Extraction:
    """Each text one line of one page, top to bottom, read by the report stage."""
    lines = [Line([Cell(t, 70, 100 + 30 * i, 520, 112 + 30 * i)]) for i, t in enumerate(texts)]
    return pages_to_extraction(file, "-", [Page(page, 595, 842, lines, method)])
