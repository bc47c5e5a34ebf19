"""Whole reports written by others: render each writer's report to a PDF and score what ``extract`` reads.

The reports in ``tests/data/outside_reports/<round>/`` were written for testing by writers who never saw
pingshen's code, templates or samples (see ``MANIFEST.md`` there): the applicant's text, its tables and a
hand-made truth of the base's own figures for its latest full year. The PDFs are laid out here with
reportlab's platypus (justified paragraphs, grid tables whose cells wrap), a layout unlike the test
generator's, in the fonts real filings use (an embedded TrueType subset, or Adobe's CID fonts unembedded).
"""
from __future__ import annotations

import io
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

DATA = Path(__file__).parent / "data" / "outside_reports"
WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def load(rounds: tuple[str, ...] | None = None) -> list[dict]:
    """Every report of the given rounds (all when None), in file order."""
    dirs = sorted(p for p in DATA.iterdir() if p.is_dir() and (rounds is None or p.name in rounds))
    return [json.loads(f.read_text(encoding="utf-8")) for d in dirs for f in sorted(d.glob("*.json"))]


def _fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    names = pdfmetrics.getRegisteredFontNames()
    if "WQY" not in names:
        pdfmetrics.registerFont(TTFont("WQY", WQY, subfontIndex=0))
    for cid in ("STSong-Light", "MSung-Light"):  # horizontal faces, whatever was registered before
        pdfmetrics.registerFont(UnicodeCIDFont(cid))


def font_for(report: dict) -> str:
    """Traditional reports in MSung (unembedded), the others alternately embedded WenQuanYi and STSong."""
    if report.get("script") == "traditional":
        return "MSung-Light"
    return "WQY" if int(report["file"][-1]) % 2 else "STSong-Light"


def _flowables(page: list[dict], size: float, font: str) -> list:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    body = ParagraphStyle("b", fontName=font, fontSize=size, leading=size * 1.6, firstLineIndent=2 * size,
                          alignment=TA_JUSTIFY, wordWrap="CJK", spaceAfter=size * 0.4)
    head = ParagraphStyle("h", fontName=font, fontSize=size + 1.5, leading=(size + 1.5) * 1.7, wordWrap="CJK",
                          spaceBefore=size * 0.5, spaceAfter=size * 0.3)
    cell = ParagraphStyle("c", fontName=font, fontSize=size - 1.5, leading=(size - 1.5) * 1.35, wordWrap="CJK")
    cap = ParagraphStyle("t", fontName=font, fontSize=size - 1, leading=(size - 1) * 1.6, alignment=TA_CENTER,
                         wordWrap="CJK")
    out: list = []
    for b in page:
        if "h" in b:
            out.append(Paragraph(escape(b["h"]), head))
        elif "p" in b:
            out.append(Paragraph(escape(b["p"]), body))
        elif "table" in b:
            t = b["table"]
            n = max(len(r) for r in t["rows"])
            rows = [[Paragraph(escape(str(c)), cell) for c in r] + [""] * (n - len(r)) for r in t["rows"]]
            width = A4[0] - 130
            first = width * (0.34 if n >= 4 else 0.45 if n >= 3 else 0.4)
            widths = [first] + [(width - first) / (n - 1)] * (n - 1) if n > 1 else [width]
            table = Table(rows, colWidths=widths)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
            if t.get("title"):
                out.append(Paragraph(escape(t["title"]), cap))
            out += [table, Spacer(1, size * 0.6)]
    return out


def _fits(page: list[dict], size: float, font: str) -> bool:
    from reportlab.lib.pagesizes import A4

    w, h = A4[0] - 130, A4[1] - 150
    used = 0.0
    for f in _flowables(page, size, font):
        used += f.wrap(w, h)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return used <= 0.97 * h


def report_pdf(report: dict) -> bytes:
    """The report as a PDF: each of its pages one PDF page (the type shrinks until it fits), with a running
    header naming the park and a page number."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    _fonts()
    font = font_for(report)
    story: list = []
    for i, page in enumerate(report["pages"]):
        size = 11.0
        while size > 7 and not _fits(page, size, font):
            size -= 0.5
        story += _flowables(page, size, font)
        if i < len(report["pages"]) - 1:
            story.append(PageBreak())

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawString(65, A4[1] - 45, f"{report['park']} 申报材料")
        canvas.drawCentredString(A4[0] / 2, 40, f"- {doc.page} -")
        canvas.restoreState()

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=65, rightMargin=65, topMargin=75,
                      bottomMargin=75).build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()


def _close(a, b) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=0.005, abs_tol=0.011)
    except (TypeError, ValueError):
        return False


@dataclass
class Score:
    """right / wrong / missed / invented per indicator; ``derived`` counts values pingshen computed for an
    indicator the writer marked absent because the report does not state it (checked by hand, not scored)."""
    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    errors: list = field(default_factory=list)  # (report, indicator, kind, want, got)

    def add(self, report: str, ind: str, kind: str, want=None, got=None) -> None:
        self.counts[ind.split(".")[0]][kind] += 1
        if kind not in ("right", "derived"):
            self.errors.append((report, ind, kind, want, got))

    def totals(self) -> Counter:
        return sum(self.counts.values(), Counter())

    def precision_recall(self) -> tuple[float, float]:
        t = self.totals()
        tp, fp, fn = t["right"], t["wrong"] + t["invented"], t["missed"] + t["wrong"]
        return tp / max(1, tp + fp), tp / max(1, tp + fn)


def score_report(report: dict, x: dict, score: Score) -> None:
    """Compare the ``extract`` JSON ``x`` of one report with its truth."""
    t, name = report["truth"], report["file"]
    records = defaultdict(list)
    for r in x["records"]:
        if r.get("value") is not None:
            records[r["indicator"]].append(r)
    for ind, want in t["values"].items():
        got = records.get(ind, [])
        if ind == "core-9":
            v = got[0]["value"] if got else {}
            sides = {k: w for k, w in want.items() if k in ("national", "provincial", "provincial_or_above",
                                                            "national_at_least")}
            for k, w in sides.items():
                g = v.get(k)
                score.add(name, f"core-9.{k}", "right" if g == w else "missed" if g is None else "wrong", w, g)
            for k in ("national", "provincial", "provincial_or_above", "national_at_least"):
                if k in sides or v.get(k) is None:
                    continue
                # a total of both levels that the truth's two levels add up to is true, if less detailed
                parts = (sides.get("national") or 0) + (sides.get("provincial") or 0)
                if k == "provincial_or_above" and v[k] == parts:
                    continue
                score.add(name, f"core-9.{k}", "invented", None, v[k])
            continue
        if "series" in want:
            v = {int(p["year"]): p for p in (got[0]["value"] if got else [])}
            for s in want["series"]:
                p = v.get(int(s["year"]))
                ok = p is not None and _close(p["park"], s["park"]) and _close(p["local"], s["local"])
                score.add(name, f"core-2.{s['year']}", "right" if ok else "missed" if p is None else "wrong", s, p)
            continue
        if not got:
            score.add(name, ind, "missed", want["value"])
            continue
        g = got[0]
        ok = _close(g["value"], want["value"]) and g.get("year") in (None, want.get("year"))
        score.add(name, ind, "right" if ok else "wrong", (want["value"], want.get("year")), (g["value"], g.get("year")))
    for ind, rs in records.items():
        if ind in t["values"] or ind not in t.get("absent", ()):
            continue
        score.add(name, ind, "derived" if rs[0].get("method") == "derived" else "invented", None, rs[0]["value"])


def run(reports: list[dict], workdir: Path) -> Score:
    """Render, extract (as ``pingshen extract`` does, OCR off: the pages have a text layer) and score."""
    from extraction.models import extraction_to_json
    from extraction.pipeline import extract_report

    score = Score()
    for r in reports:
        pdf = workdir / f"{r['file']}.pdf"
        pdf.write_bytes(report_pdf(r))
        score_report(r, extraction_to_json(extract_report(pdf, ocr=False)), score)
    return score
