"""OCR for pages without a usable text layer: rapidocr-onnxruntime 1.4.4 (PP-OCRv4, bundled, offline).

The engine is built on first use (never at import) and reused. A page is rendered with
pypdfium2 at ``OCR_SCALE`` (≈ 122 dpi: small enough for ≤ 2 s a page on 2 cores, large
enough for 10-pt Chinese), and each recognised box becomes a :class:`Cell` in PDF points,
so OCR pages flow through the same line, column and table logic as text pages.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from .layout import Cell, Line, cells_to_lines

OCR_SCALE = 1.7
# A page rendered for OCR has at most this many million pixels, whatever max_render_mpx allows for display: the
# detector's memory grows with the pixels (a whole `pingshen extract` of one huge-MediaBox page peaked at 0.97 GiB
# with a 12-megapixel render, 0.77 GiB with 4), and an A4 page at OCR_SCALE is 1.45 megapixels, so only pages
# larger than about A4 are scaled down (an A3 page to about 114 dpi).
OCR_MAX_MPX = 2.5
BLANK_SPREAD = 24  # a render whose darkest and lightest pixels differ by less than this is blank
MIN_CONFIDENCE = 0.5
# Text lines are recognised in batches padded to the widest line of the batch; pairs waste the least
# padding on pages that mix short labels with long table rows (dense page 2.2 s → 1.9 s, same text).
REC_BATCH = 2
# Each text line is scaled to 48 px high and padded to at least this width for recognition. PP-OCR's
# default of 320 px pads a short table cell (2022年, 54) to the width of a sentence; 160 px costs ~15 %
# less on table pages (79 lines: 1.52 s → 1.29 s) and reads the same text (27 scanned pages compared:
# same boxes, 9 of ~700 differ, in spaces around brackets and one page number).
REC_MIN_WIDTH = 160


@lru_cache(maxsize=2)
def _engine(threads: int = 0):
    """The engine; ``threads`` 0 lets onnxruntime use every core (both here: 1.8× one thread's speed)."""
    import logging

    from rapidocr_onnxruntime import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    extra = {"intra_op_num_threads": threads} if threads else {}
    return RapidOCR(rec_batch_num=REC_BATCH, rec_img_shape=[3, 48, REC_MIN_WIDTH], **extra)


def boxes_to_lines(result, scale: float) -> list[Line]:
    """RapidOCR ``[(quad, text, confidence), …]`` in pixels → lines of cells in PDF points."""
    cells = []
    for quad, text, conf in result or []:
        if float(conf) < MIN_CONFIDENCE or not text.strip():
            continue
        xs = [p[0] / scale for p in quad]
        ys = [p[1] / scale for p in quad]
        cells.append(Cell(text.strip(), min(xs), min(ys), max(xs), max(ys)))
    return cells_to_lines(cells)


def ocr_page(page, scale: float = OCR_SCALE, threads: int = 0) -> Optional[list[Line]]:
    """OCR one pypdfium2 page; [] when nothing is recognised, None when the render is blank (one flat colour).
    ``threads``: onnxruntime's threads (0: every core)."""
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_numpy()
    finally:
        bitmap.close()
    if int(image.max()) - int(image.min()) < BLANK_SPREAD:  # one flat colour: a blank scan, nothing to read
        return None
    if image.ndim == 2:
        import numpy as np

        image = np.stack([image] * 3, axis=-1)
    result, _ = _engine(threads)(image, use_cls=False)  # pages are upright: the angle classifier would cost ~40 %
    return boxes_to_lines(result, scale)
