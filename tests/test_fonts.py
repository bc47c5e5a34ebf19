"""The substitute fonts pdfium is started with (extraction/fonts.py): found from the list, used only with a CJK
font among them, never while a document is open, and the same records and a drawn page either way."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extraction.fonts import installed_folders, mode_to_folders

ROOT = Path(__file__).resolve().parents[1]


def test_folders_of_listed_fonts_only_with_a_cjk_one(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "latin").mkdir()
    (tmp_path / "latin" / "DejaVuSans.ttf").write_bytes(b"")
    assert installed_folders([str(tmp_path)]) == []  # Latin alone would leave Chinese without a font
    (tmp_path / "a" / "b" / "wqy-zenhei.ttc").write_bytes(b"")
    (tmp_path / "a" / "NotoSansCJK-Regular.ttc").write_bytes(b"")  # not listed: CFF outlines
    assert sorted(installed_folders([str(tmp_path), str(tmp_path / "missing")])) == sorted(
        [str(tmp_path / "a" / "b"), str(tmp_path / "latin")])


def test_modes(tmp_path):
    assert mode_to_folders("system") == mode_to_folders("System ") == mode_to_folders("") == []
    assert mode_to_folders("AUTO") == mode_to_folders("auto")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    named = os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "missing"), str(tmp_path / "b")])
    assert mode_to_folders(named) == [str(tmp_path / "a"), str(tmp_path / "b")]
    assert mode_to_folders("sytem") == []  # a misspelt mode names no folder: pdfium keeps its own search


CHILD = r"""
import json, sys
sys.path.insert(0, {root!r})
mode, pdf, open_first = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
import pypdfium2
held = pypdfium2.PdfDocument(pdf) if open_first else None
from extraction import fonts
pdfium = fonts.pdfium(mode)
from extraction.models import extraction_to_json
from extraction.pipeline import extract_report
from extraction.limits import Limits
records = extraction_to_json(extract_report(pdf, ocr=False, limits=Limits(pdf_fonts=mode)))["records"]
doc = pdfium.PdfDocument(pdf)
image = doc[0].render(scale=1).to_numpy()
dark = int((image < 128).sum())
doc.close()
rows = [[r["indicator"], str(r["value"]), r["year"], [e["page"] for e in r["evidence"]]] for r in records]
from extraction.pdf import pdf_to_page_texts
chars = "".join(t for _, t in pdf_to_page_texts(pdf)).replace(" ", "").replace("\r", "").replace("\n", "")
print(json.dumps({{"folders": fonts.font_folders(), "dark": dark, "records": rows, "chars": chars}}))
"""


def _child(mode: str, pdf: Path, open_first: bool = False) -> dict:
    argv = [sys.executable, "-c", CHILD.format(root=str(ROOT)), mode, str(pdf), "1" if open_first else "0"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not installed_folders(), reason="no listed CJK TrueType font installed (scripts/test installs "
                                                    "fonts-wqy-zenhei)")
def test_same_records_and_a_drawn_page_with_either_font_set(tmp_path):
    from tests.reportgen import make_report

    data, truth = make_report(7, 2)  # reportlab's STSong-Light: named, not embedded
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(data)
    system, auto = _child("system", pdf), _child("auto", pdf)
    assert system["folders"] is None and auto["folders"]
    assert auto["records"] and auto["records"] == system["records"]
    assert auto["dark"] > 0.5 * system["dark"] > 0  # the characters are drawn, not left blank
    held = _child("auto", pdf, open_first=True)  # a document open: pdfium is not restarted under it
    assert held["folders"] is None and held["records"] == system["records"]


@pytest.mark.skipif(not installed_folders(), reason="no listed CJK TrueType font installed")
def test_no_character_is_lost_with_the_substitute_fonts():
    """A substitute font may make pdfium drop characters (Droid Sans Fallback lost the single-digit cell of a table):
    the bundled demo reports read the same records, tables and series included, with either set."""
    for name in ("D01.pdf", "D04.pdf"):
        pdf = ROOT / "assistant" / "demo_reports" / name
        auto, system = _child("auto", pdf), _child("system", pdf)
        assert auto["records"] == system["records"], name
        assert auto["chars"] == system["chars"], name  # every character of the text layer, in a record or not
