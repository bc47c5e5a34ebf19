"""One report file → :class:`Extraction`, validated first, cached by content hash.

``extract_report`` is what the CLI, the workspace and the UI call. It validates the file
(``UnreadableFile`` on anything unusable, before anything is written), reads the pages one
at a time (OCR where there is no usable text layer), and stores the result under
``cache_dir/<sha256>-<extractor key>.json`` (version + digest of the vocabularies) so a second
look at the same upload is instant.
"""
from __future__ import annotations

import hashlib
import time
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Optional

from .files import display_name, write_text_atomic
from .limits import Limits
from .models import Extraction
from .ocr import ocr_page
from .pages import pdf_to_pages, strip_furniture
from .pdf import DEFAULT_MAX_MB, DEFAULT_MAX_PAGES, validate_pdf
from .report import pages_to_extraction

# Bump when extraction changes what it reads: cached results of older versions are ignored.
# 2: OCR lines in pairs; 3: padded to 160 px; 4: derived range-checked; 5-6: unitless figures said;
# 7: OCR 事利→专利; 8: cut units said; 9: quantities with qualifiers, rejected candidates;
# 10: implausible figures rejected, blank pages skipped; 11: 亿 standing alone, exclusions per enumeration item;
# 12: the classes of the collect_f round (截至, 累计 per clause, regions, industries, institution lists, paragraphs
# across full lines, 工业营收 and 销售产值), OCR renders at most 2.5 megapixels
# 13: reports written by others (tests/data/outside_reports): table rows read by their columns only, cells with
# units, wrapped labels and headers, one-value-column and two-column tables; plan horizons, 好于预期, spans of
# years with 分别, asides, parts before a full stop, institution lists and tables, core-2 said year by year
EXTRACTOR_VERSION = "extract-13"


@lru_cache(maxsize=1)
def extractor_key() -> str:
    """The version plus a digest of the vocabularies (``extraction/data``): editing a term list or a
    qualifier word changes what is read, so cached results made with the old words are ignored."""
    h = hashlib.sha256()
    data = resources.files("extraction").joinpath("data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith(".json")):
        h.update(name.encode() + b"\0" + data.joinpath(name).read_bytes())
    return f"{EXTRACTOR_VERSION}-{h.hexdigest()[:10]}"

Progress = Callable[[int, int], None]


def file_sha256(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _cache_path(cache_dir: Path, sha: str) -> Path:
    return cache_dir / f"{sha}-{extractor_key()}.json"


def extract_report(path: Path | str, *, max_pages: int = DEFAULT_MAX_PAGES, max_mb: int = DEFAULT_MAX_MB,
                   cache_dir: Optional[Path] = None, ocr: bool = True, progress: Optional[Progress] = None,
                   limits: Optional[Limits] = None) -> Extraction:
    """Validate, read and extract one report; raises ``UnreadableFile`` for an unusable upload or one
    over its limits (``limits``, else the defaults with ``max_pages`` and ``max_mb``)."""
    limits = limits or Limits(max_pages=max_pages, max_mb=max_mb)
    started = time.monotonic()
    info = validate_pdf(path, max_pages=limits.max_pages, max_mb=limits.max_mb, max_stream_mb=limits.max_stream_mb,
                       fonts=limits.pdf_fonts)
    sha = file_sha256(path)
    name = display_name(path)
    if cache_dir is not None:
        cached = _cache_path(cache_dir, sha)
        if cached.is_file():
            try:
                x = Extraction.model_validate_json(cached.read_text(encoding="utf-8"))
                return x.model_copy(update={"file": name}) if x.file != name else x
            except ValueError:
                pass  # a stale or damaged cache entry is rebuilt
    pages = []
    for page in pdf_to_pages(path, ocr=ocr_page if ocr else None, limits=limits, started=started):
        pages.append(page)
        if progress:
            progress(page.number, info.pages)
    x = pages_to_extraction(name, sha, strip_furniture(pages))
    if cache_dir is not None:
        write_text_atomic(_cache_path(cache_dir, sha), x.model_dump_json())
    return x
