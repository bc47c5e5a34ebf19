"""Applicants' reports as the front ends use them: extraction with the settings' limits and cache.

The CLI and the UI both call these functions; progress is a callback so each front end
shows it its own way (tqdm on stderr, ``st.progress``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from extraction.models import Extraction
from extraction.pipeline import extract_report

from .checks import CheckReport, extraction_to_checks, normalise_domain
from .settings import Settings


def extract_cache_dir(settings: Settings) -> Path:
    return settings.data_dir / "cache" / "extract"


def extract(settings: Settings, path: Path | str, progress: Optional[Callable[[int, int], None]] = None) -> Extraction:
    return extract_report(path, max_pages=settings.max_pdf_pages, max_mb=settings.max_pdf_mb,
                          cache_dir=extract_cache_dir(settings), progress=progress)


def tqdm_progress(label: str, min_pages: int = 5) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A (callback, close) pair drawing a tqdm bar on stderr for documents of ``min_pages`` or more."""
    state: dict = {}

    def update(done: int, total: int) -> None:
        if total < min_pages:
            return
        if "bar" not in state:
            from tqdm import tqdm

            state["bar"] = tqdm(total=total, desc=label, unit="页", leave=False)
        bar = state["bar"]
        bar.update(done - bar.n)

    def close() -> None:
        if "bar" in state:
            state["bar"].close()

    return update, close


def check(settings: Settings, path: Path | str, special_region: bool = False, domain: Optional[str] = None,
          progress: Optional[Callable[[int, int], None]] = None) -> CheckReport:
    """Extract (or reuse the cached extraction) and run every rule; the catalogue comes from the policy corpus."""
    from extraction.errors import BadInput

    from .policy import open_knowledge

    catalogue = open_knowledge(settings).catalogue
    if domain and normalise_domain(domain, catalogue) is None:
        names = "、".join(catalogue.domains)
        raise BadInput(f"未知的特色领域：{domain}（可选：{names}）", f"unknown domain: {domain}")
    x = extract(settings, path, progress=progress)
    return extraction_to_checks(x, catalogue, special_region=special_region, domain=domain)
