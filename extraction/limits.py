"""What one upload may cost, checked before the work: the file, each decompressed stream, each image,
each rendered page, and the wall time of its extraction. Pure values and arithmetic; the settings
(assistant/settings.py) fill them in, the defaults here are the same.

The numbers keep one file's extraction under 1 GiB on the project's machine: a 256 MiB stream, a
100-megapixel image (decoded by pdfium as one byte per pixel and channel) and a 12-megapixel render
(about 36 MiB in RGB; an A4 page at the OCR scale is 2 megapixels) each fit beside the OCR engine.
"""
from __future__ import annotations

import math
import mmap
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional


@dataclass(frozen=True)
class Limits:
    max_pages: int = 500  # pages per file
    max_mb: int = 100  # MiB per file on disk
    max_stream_mb: int = 256  # MiB of one stream once decompressed (a Flate bomb is refused before pdfium opens it)
    max_image_mpx: int = 100  # million pixels of one image on a page (refused before the page is rendered)
    max_render_mpx: float = 12.0  # million pixels of a page rendered for OCR or display (the scale is lowered)
    max_seconds: float = 600.0  # wall time of one file's extraction (a batch reports the file and goes on)


def render_scale(width_pt: float, height_pt: float, wanted: float, max_mpx: float) -> float:
    """The render scale: ``wanted``, lowered so the page's pixel count stays within ``max_mpx`` million."""
    area = max(width_pt, 1.0) * max(height_pt, 1.0)
    return min(wanted, math.sqrt(max_mpx * 1e6 / area))


_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_CHUNK = 1 << 16


def oversized_stream(path: Path | str, max_bytes: int) -> Optional[tuple[int, int]]:
    """(byte offset, bytes so far) of the first zlib stream in the file that inflates beyond ``max_bytes``,
    else None. Every stream is tried: one that is no zlib data fails on its first bytes; a zlib one is
    inflated a chunk at a time and counted, never held."""
    with open(path, "rb") as f:
        try:
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file has nothing to map
            return None
        with mm:
            for m in _STREAM.finditer(mm):
                d = zlib.decompressobj()
                total, pos = 0, m.end()
                try:
                    while not d.eof and pos < len(mm):
                        data = mm[pos:pos + _CHUNK]
                        pos += _CHUNK
                        while data:
                            total += len(d.decompress(data, _CHUNK * 16))
                            if total > max_bytes:
                                return m.start(), total
                            data = d.unconsumed_tail
                except zlib.error:
                    continue
    return None
