"""PDF intake: validation first, then the text layer page by page (pypdfium2).

Validation refuses, with a typed :class:`UnreadableFile` carrying a Chinese and an English
reason: a missing or empty file, something that is not a PDF, a truncated or broken PDF,
an encrypted one, and one over the configured page or size limit.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from .errors import UnreadableFile
from .files import display_name, shown
from .limits import Limits, oversized_stream

DEFAULT_MAX_PAGES = Limits.max_pages
DEFAULT_MAX_MB = Limits.max_mb


@dataclass(frozen=True)
class PdfInfo:
    path: str
    pages: int
    size: int


def validate_pdf(path: Path | str, max_pages: int = DEFAULT_MAX_PAGES, max_mb: int = DEFAULT_MAX_MB,
                 max_stream_mb: Optional[int] = None, fonts: str = "auto") -> PdfInfo:
    """Check a file is a readable, unencrypted PDF within the limits; raise UnreadableFile otherwise.
    With ``max_stream_mb``, a stream inflating beyond it (a decompression bomb) is refused before pdfium
    opens the file. ``fonts``: the substitute fonts pdfium is set up with on its first use (extraction/fonts.py)."""
    from .fonts import pdfium as pdfium_module

    pdfium = pdfium_module(fonts)

    p = Path(path)
    name = display_name(p)
    if p.exists() and not p.is_file():  # a directory, a FIFO (opening it would block), a device
        raise UnreadableFile(str(p), f"不是普通文件（目录、管道或设备）：{name}", f"{name} is not a regular file")
    if not p.is_file():
        raise UnreadableFile(str(p), f"找不到文件：{shown(str(p))}", f"file not found: {shown(str(p))}")
    size = p.stat().st_size
    if size == 0:
        raise UnreadableFile(str(p), f"文件为空（0 字节）：{name}", f"{name} is empty (0 bytes)")
    if size > max_mb * 1024 * 1024:
        raise UnreadableFile(str(p), f"文件过大（{size / 1048576:.1f} MB，上限 {max_mb} MB）：{name}",
                             f"{name} is larger than {max_mb} MB")
    with p.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise UnreadableFile(str(p), f"不是 PDF 文件：{name}", f"{name} is not a PDF")
    if max_stream_mb is not None and (big := oversized_stream(p, max_stream_mb << 20)) is not None:
        raise UnreadableFile(str(p), f"PDF 中有数据流解压后过大（字节位置 {big[0]} 处超过 {max_stream_mb} MB），"
                                     f"疑为压缩炸弹，未读取：{name}",
                             f"{name}: a stream at byte {big[0]} inflates beyond {max_stream_mb} MB "
                             "(a decompression bomb?)")
    try:
        doc = pdfium.PdfDocument(str(p))
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower() or "security" in msg.lower():
            raise UnreadableFile(str(p), f"PDF 已加密或设有密码，无法读取：{name}",
                                 f"{name} is encrypted or password-protected") from e
        raise UnreadableFile(str(p), f"PDF 文件已损坏或不完整，无法读取：{name}",
                             f"{name} is a broken or truncated PDF ({msg})") from e
    try:
        pages = len(doc)
    finally:
        doc.close()
    if pages == 0:
        raise UnreadableFile(str(p), f"PDF 没有页面：{name}", f"{name} has no pages")
    if pages > max_pages:
        raise UnreadableFile(str(p), f"PDF 页数过多（{pages} 页，上限 {max_pages} 页）：{name}",
                             f"{name} has {pages} pages, over the limit of {max_pages}")
    return PdfInfo(str(p), pages, size)


def pdf_to_page_texts(path: Path | str) -> Iterator[tuple[int, str]]:
    """(1-based page number, text layer) for each page, one page in memory at a time."""
    from .fonts import pdfium as pdfium_module

    pdfium = pdfium_module()

    doc = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            try:
                yield i + 1, textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
    finally:
        doc.close()
