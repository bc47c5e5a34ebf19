"""The phrasing corpus: real published sentences about parks, hand-labelled, split once into halves.

``tests/data/phrasings/collect_*.json`` hold the sentences with their source and label (expected
records, rejected figures with the reason, hard-case kinds). ``split.json`` names the ``tuning`` half
(looked at while fixing) and the ``frozen`` half (only measured). A frozen sentence looked at while
fixing a failure moves to ``tuning`` in ``split.json``, and new material tops the frozen half up.

Each sentence is set alone on a one-page PDF (``sentence_pdf``) and read by ``extract_report``, the
function ``pingshen extract`` calls. ``score`` compares the records with the labels: a record counts
as right when indicator, value (in the canonical unit) and year agree; core-9 is scored per side.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent / "data" / "phrasings"


def load(half: str | None = None) -> list[dict]:
    items = []
    for p in sorted(HERE.glob("collect_*.json")):
        items += json.loads(p.read_text(encoding="utf-8"))
    if half is None:
        return items
    split = json.loads((HERE / "split.json").read_text(encoding="utf-8"))
    ids = set(split[half])
    return [it for it in items if it["id"] in ids]


def sentence_pdf(text: str) -> bytes:
    """A one-page PDF holding ``text`` as body text, wrapped to the page width."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # horizontal, whatever was registered before
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    size, width, x, y = 11, A4[0] - 144, 72, A4[1] - 90
    line = ""
    for ch in text:
        if pdfmetrics.stringWidth(line + ch, "STSong-Light", size) > width:
            c.setFont("STSong-Light", size)
            c.drawString(x, y, line)
            y -= size * 1.6
            line = ""
        line += ch
    if line:
        c.setFont("STSong-Light", size)
        c.drawString(x, y, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def _flat(indicator: str, value, year) -> list[tuple[str, object, object]]:
    """One (indicator, value, year) per scored fact; core-9 one per side."""
    if isinstance(value, dict):
        return [(f"{indicator}.{k}", v, None) for k, v in value.items() if v is not None]
    return [(indicator, value, year)]


def expected_facts(item: dict) -> list[tuple[str, object, object]]:
    out = []
    for e in item.get("expect", []):
        out += _flat(e["indicator"], e["value"], e.get("year"))
    return out


def record_facts(extraction_json: dict) -> list[tuple[str, object, object]]:
    out = []
    for r in extraction_json["records"]:
        if r["indicator"] == "core-2":
            continue
        out += _flat(r["indicator"], r["value"], r["year"])
    return out


def same(a: tuple, b: tuple) -> bool:
    if a[0] != b[0] or a[2] != b[2]:
        return False
    try:
        x, y = float(a[1]), float(b[1])
    except (TypeError, ValueError):
        return a[1] == b[1]
    return math.isclose(x, y, rel_tol=0.005, abs_tol=0.011)


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)  # (id, kind, fact)
    rejected: Counter = field(default_factory=Counter)

    def add(self, item: dict, extraction_json: dict) -> None:
        want, got = expected_facts(item), record_facts(extraction_json)
        kinds = item.get("hard", []) or ["plain"]
        for g in got:
            match = next((w for w in want if same(w, g)), None)
            key = g[0].split(".")[0]
            if match is not None:
                want.remove(match)
                self.tp[key] += 1
                for k in kinds:
                    self.tp["kind:" + k] += 1
            else:
                self.fp[key] += 1
                for k in kinds:
                    self.fp["kind:" + k] += 1
                self.errors.append((item["id"], "invented" if not expected_facts(item) else "wrong", g))
        for w in want:
            self.fn[w[0].split(".")[0]] += 1
            for k in kinds:
                self.fn["kind:" + k] += 1
            self.errors.append((item["id"], "missed", w))
        for r in extraction_json.get("rejected", []):
            self.rejected[r["reason"]] += 1

    def totals(self, prefix: str = "") -> tuple[int, int, int]:
        def s(c: Counter) -> int:
            return sum(v for k, v in c.items() if k.startswith("kind:") == bool(prefix))
        return s(self.tp), s(self.fp), s(self.fn)

    def precision_recall(self) -> tuple[float, float]:
        tp, fp, fn = self.totals()
        return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)

    def rows(self, kinds: bool = False) -> list[tuple[str, int, int, int, float, float]]:
        keys = sorted({k for c in (self.tp, self.fp, self.fn) for k in c if k.startswith("kind:") == kinds})
        out = []
        for k in keys:
            tp, fp, fn = self.tp[k], self.fp[k], self.fn[k]
            out.append((k.removeprefix("kind:"), tp, fp, fn, tp / (tp + fp) if tp + fp else 1.0,
                        tp / (tp + fn) if tp + fn else 1.0))
        return out


def run(items: list[dict], workdir: Path) -> Score:
    """Every sentence through ``extract_report`` on its own one-page PDF."""
    from extraction.models import extraction_to_json
    from extraction.pipeline import extract_report

    score = Score()
    for it in items:
        pdf = workdir / f"{it['id']}.pdf"
        pdf.write_bytes(sentence_pdf(it["text"]))
        score.add(it, extraction_to_json(extract_report(pdf, ocr=False)))
    return score
