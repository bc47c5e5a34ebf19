"""The fonts pdfium substitutes for fonts a PDF names but does not embed (``extraction/data/fonts.json``).

pdfium is set up once per process, at its first use through :func:`pdfium`. With ``mode`` ``"auto"``
(the default) and one CJK font of the list installed, pdfium is started again with the folders holding
the listed fonts as its only font folders: it then substitutes a TrueType font for a missing CJK font
instead of Noto CJK, whose CFF outlines make its page parse and text page about 6× slower. ``"system"``
keeps pdfium's own search of every system font; any other value is a list of folders (``os.pathsep``
between them). The restart happens only while no pdfium document is open; otherwise the set-up stays
as it is and :func:`font_folders` says so (``None``).
"""
from __future__ import annotations

import ctypes
import json
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Optional

DATA = Path(__file__).parent / "data" / "fonts.json"

_state: dict = {}  # "folders": the folders pdfium was started with (None: pdfium's own search)
_lock = threading.Lock()  # two threads' first PDFs (the workbench) restart pdfium once


@lru_cache(maxsize=1)
def _listed() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def installed_folders(search: Optional[list[str]] = None) -> list[str]:
    """The folders holding the listed fonts that are installed; [] when none of the CJK ones is."""
    data = _listed()
    wanted = {f["file"]: f["cjk"] for f in data["fonts"]}
    folders: dict[str, None] = {}
    cjk = False
    for root in search if search is not None else data["search"]:
        base = Path(os.path.expanduser(root))
        if not base.is_dir():
            continue
        for folder, _dirs, files in os.walk(base):
            for name in files:
                if name in wanted:
                    folders[folder] = None
                    cjk = cjk or wanted[name]
    return list(folders) if cjk else []


def mode_to_folders(mode: str) -> list[str]:
    """``auto`` → the installed listed fonts' folders (maybe []), ``system`` → [], else the folders named that
    exist (a misspelt mode names no folder and leaves pdfium's own search, never an empty font set)."""
    word = mode.strip().lower()
    if word == "auto":
        return installed_folders()
    if word in ("system", ""):
        return []
    return [p for p in mode.split(os.pathsep) if p and os.path.isdir(os.path.expanduser(p))]


def pdfium(mode: str = "auto"):
    """The ``pypdfium2`` module, its fonts set up (once per process: the first call's ``mode`` holds)."""
    import pypdfium2

    if "folders" not in _state:
        with _lock:
            if "folders" not in _state:
                try:
                    _state["folders"] = _restart(mode_to_folders(mode))
                except (ImportError, AttributeError):  # pypdfium2's internals moved: keep pdfium as it started
                    _state["folders"] = None
    return pypdfium2


def font_folders() -> Optional[list[str]]:
    """The folders pdfium searches for substitute fonts; None: pdfium's own search of the system."""
    return _state.get("folders")


def _restart(folders: list[str]) -> Optional[list[str]]:
    import pypdfium2.raw as raw
    from pypdfium2 import _library_scope
    from pypdfium2.internal import bases

    if not folders or any(bases.ObjectTracker.values()):  # nothing to change, or a document is open
        return None
    buffers = [ctypes.create_string_buffer(os.fsencode(f)) for f in folders]
    paths = (ctypes.POINTER(ctypes.c_char) * (len(buffers) + 1))(
        *(ctypes.cast(b, ctypes.POINTER(ctypes.c_char)) for b in buffers), None)
    config = raw.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=paths, m_pIsolate=None, m_v8EmbedderSlot=0)
    init, destroy = raw.FPDF_InitLibraryWithConfig, _library_scope.destroy_lib
    _state["buffers"] = buffers, paths, config  # pdfium reads the paths while it starts; kept for the process's life
    destroy()  # everything built first: only the two calls below stand between pdfium and its restart
    try:
        init(config)
    except Exception:  # pdfium as pypdfium2 starts it, rather than none at all
        bases.LIBRARY_AVAILABLE = False
        _library_scope.init_lib()
        return None
    bases.LIBRARY_AVAILABLE = True
    return folders
