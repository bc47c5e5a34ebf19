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
    pdf_fonts: str = "auto"  # fonts pdfium substitutes for missing ones: auto, system or folders (extraction/fonts.py)


def render_scale(width_pt: float, height_pt: float, wanted: float, max_mpx: float) -> float:
    """The render scale: ``wanted``, lowered so the page's pixel count stays within ``max_mpx`` million."""
    area = max(width_pt, 1.0) * max(height_pt, 1.0)
    return min(wanted, math.sqrt(max_mpx * 1e6 / area))


_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_CHUNK = 1 << 16
_A85 = {b"ASCII85Decode", b"A85"}
_TEXT_LAYERS = {b"ASCIIHexDecode", b"AHx"} | _A85
_FLATE = {b"FlateDecode", b"Fl"}
DEFLATE_MAX_RATIO = 1032  # deflate's largest possible expansion: one byte in never gives more than 1,032 out


def _filters(mm, start: int) -> list[bytes]:
    """The /Filter names of the stream whose data starts at ``start`` (read from its dictionary)."""
    head = mm[max(0, start - 2048):start]
    head = head[head.rfind(b" obj") + 1:] if b" obj" in head else head
    found = list(_FILTER.finditer(head))
    return [n.group(1) for n in _NAME.finditer(found[-1].group(1))] if found else []


def _text_decoded(data: bytes, name: bytes) -> bytes:
    import base64
    import binascii

    if name in (b"ASCIIHexDecode", b"AHx"):
        hexed = re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">", 1)[0])
        return binascii.unhexlify(hexed + b"0" * (len(hexed) % 2))
    text = re.sub(rb"\s", b"", data.split(b"~>", 1)[0]).removeprefix(b"<~")
    return base64.a85decode(text)


def _inflated_size(chunks, layers: int, limit: int) -> int:
    """Bytes coming out of ``layers`` nested zlib layers fed with ``chunks``; stops counting past ``limit``.
    Each layer is fed and drained a piece at a time: nothing is held but one piece."""
    ds = [zlib.decompressobj() for _ in range(layers)]
    total = 0

    def feed(level: int, data: bytes) -> None:
        nonlocal total
        d = ds[level]
        while data and not d.eof and total <= limit:
            out = d.decompress(data, _CHUNK * 16)
            data = d.unconsumed_tail
            if level + 1 < layers:
                feed(level + 1, out)
            else:
                total += len(out)

    for chunk in chunks:
        feed(0, chunk)
        if total > limit or ds[0].eof:
            break
    return total


def oversized_stream(path: Path | str, max_bytes: int) -> Optional[tuple[int, int]]:
    """(byte offset, bytes so far) of the first stream in the file that inflates beyond ``max_bytes``, else None.

    A stream's filters are read from its dictionary: ASCIIHex/ASCII85 layers are decoded, nested Flate layers
    are inflated through each other; a stream without a /Filter that still holds zlib data is tried as one
    layer. A stream too short to inflate beyond the limit (deflate expands at most 1,032-fold per layer,
    ASCII85 at most 4-fold: its z is four zero bytes; ASCIIHex shrinks) is not read at all. Data is counted,
    never held. Streams of an encrypted file and other filters (LZW, RunLength) cannot be inflated here: pdfium
    reads those as usual."""
    with open(path, "rb") as f:
        try:
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file has nothing to map
            return None
        with mm:
            for m in _STREAM.finditer(mm):
                names = _filters(mm, m.start())
                end = mm.find(b"endstream", m.end())
                end = len(mm) if end < 0 else end
                flate_layers = max(sum(1 for n in names if n in _FLATE), 1)
                a85_layers = sum(1 for n in names if n in _A85)
                if (end - m.end()) * 4 ** a85_layers * DEFLATE_MAX_RATIO ** flate_layers <= max_bytes:
                    continue  # too short to reach the limit whatever it holds (ASCII85's z is 4 bytes from 1)
                try:
                    if names and names[0] in _TEXT_LAYERS:
                        data = mm[m.end():end]
                        while names and names[0] in _TEXT_LAYERS:
                            data = _text_decoded(data, names.pop(0))
                        chunks = (data[i:i + _CHUNK] for i in range(0, len(data), _CHUNK))
                    else:
                        chunks = (mm[i:min(i + _CHUNK, end)] for i in range(m.end(), end, _CHUNK))
                    layers = 0
                    while names and names[0] in _FLATE:
                        names.pop(0)
                        layers += 1
                    size = _inflated_size(chunks, max(layers, 1), max_bytes)
                except (zlib.error, ValueError):
                    continue
                if size > max_bytes:
                    return m.start(), size
    return None
