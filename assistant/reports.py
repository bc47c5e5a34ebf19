"""Applicants' reports as the front ends use them: extraction with the settings' limits and cache.

The CLI and the UI both call these functions; progress is a callback so each front end
shows it its own way (tqdm on stderr, ``st.progress``).
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Literal, Optional

from pydantic import BaseModel, ConfigDict

from extraction.errors import BadInput, PingshenError
from extraction.files import shown
from extraction.models import Extraction
from extraction.pipeline import Progress, extract_report
from knowledge.catalogue import Catalogue
from knowledge.index import KnowledgeBase

from .checks import CheckReport, apply_overrides, extraction_to_checks, normalise_domain
from .policy import open_knowledge
from .scoresheet import ApplicantSheet, report_to_sheet
from .settings import Settings
from .workspace import Workspace, parse_ids

log = logging.getLogger(__name__)


def extract_cache_dir(settings: Settings) -> Path:
    return settings.data_dir / "cache" / "extract"


def extract(settings: Settings, path: Path | str, progress: Optional[Progress] = None) -> Extraction:
    return extract_report(path, limits=settings.limits(), cache_dir=extract_cache_dir(settings), progress=progress)


@contextmanager
def tqdm_progress(label: str, min_pages: int = 5, unit: str = "页") -> Iterator[Progress]:
    """A progress callback drawing a tqdm bar on stderr for work of ``min_pages`` steps or more,
    closed when the block ends however it ends."""
    bar = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if total < min_pages:
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, desc=label, unit=unit, leave=False)
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        if bar is not None:
            bar.close()


def _checked_domain(domain: Optional[str], catalogue: Catalogue) -> None:
    if domain and normalise_domain(domain, catalogue) is None:
        names = "、".join(catalogue.domains)
        raise BadInput(f"未知的特色领域：{domain}（可选：{names}）", f"unknown domain: {domain}")


def check(settings: Settings, path: Path | str, special_region: bool = False, domain: Optional[str] = None,
          progress: Optional[Progress] = None, kb: Optional[KnowledgeBase] = None) -> CheckReport:
    """Extract (or reuse the cached extraction) and run every rule; the catalogue comes from the policy corpus."""
    catalogue = (kb or open_knowledge(settings)).catalogue
    _checked_domain(domain, catalogue)
    x = extract(settings, path, progress=progress)
    return extraction_to_checks(x, catalogue, special_region=special_region, domain=domain)


# --- the workspace ----------------------------------------------------------------------

def open_workspace(settings: Settings) -> Workspace:
    return Workspace.open(settings.workspace_url())


class BatchItem(BaseModel):
    """What happened to one file of a batch: ``added``, ``exists`` (same content already stored) or ``failed``."""

    model_config = ConfigDict(frozen=True)

    file: str
    outcome: Literal["added", "exists", "failed"]
    id: Optional[int] = None
    applicant: Optional[str] = None
    counts: dict[str, int] = {}
    error: Optional[str] = None
    internal: bool = False  # failed on a bug rather than on the file


def add_reports(settings: Settings, ws: Workspace, paths: list[Path], special_region: bool = False,
                domain: Optional[str] = None, actor: Optional[str] = None,
                progress: Optional[Progress] = None) -> list[BatchItem]:
    """Extract, check and store each file; a file that fails is reported and the batch goes on."""
    kb = open_knowledge(settings)
    _checked_domain(domain, kb.catalogue)
    actor = actor or settings.reviewer_name()
    items = []
    for done, path in enumerate(paths, 1):
        try:
            x = extract(settings, path)
            report = extraction_to_checks(x, kb.catalogue, special_region=special_region, domain=domain)
            summary, created = ws.add(x, report, actor, kb.corpus_hash)
            items.append(BatchItem(file=shown(str(path)), outcome="added" if created else "exists", id=summary.id,
                                   applicant=summary.applicant, counts=summary.counts))
        except PingshenError as e:
            items.append(BatchItem(file=shown(str(path)), outcome="failed", error=e.one_line()))
        except Exception as e:  # a bug on one file must not cost the reviewer the rest of the batch
            log.exception("internal error on %s", path)
            items.append(BatchItem(file=shown(str(path)), outcome="failed",
                                   error=f"内部错误 / internal error: {type(e).__name__}: {e}",
                                   internal=True))
        if progress:
            progress(done, len(paths))
    return items


# --- the score sheet ----------------------------------------------------------------------

def resolve_source(settings: Settings, ws: Workspace, source: str) -> tuple[Optional[Extraction], Optional[int]]:
    """A report PDF or a workspace id → (its extraction when a file was read, its workspace id when stored)."""
    if Path(source).exists() or not source.strip().lstrip("#").isdigit():
        x = extract(settings, source)
        return x, ws.find(x.sha256)
    return None, parse_ids([source])[0]


def report_for_sheet(settings: Settings, ws: Workspace, source: str, kb: KnowledgeBase,
                     special_region: bool = False, domain: Optional[str] = None) -> tuple[CheckReport, Optional[int]]:
    """One score-sheet source — a report PDF or a workspace id — as its check report with the
    workspace's overrides applied when the application is stored there."""
    x, app_id = resolve_source(settings, ws, source)
    if app_id is None:
        return extraction_to_checks(x, kb.catalogue, special_region=special_region, domain=domain), None
    d = ws.detail(app_id)
    if not special_region and not domain:
        return d.report, app_id
    engine = extraction_to_checks(d.extraction, kb.catalogue,
                                  special_region=special_region or d.engine_report.special_region,
                                  domain=domain or d.engine_report.domain)
    return apply_overrides(engine, list(d.overrides)), app_id


def build_scoresheet(settings: Settings, sources: list[str], special_region: bool = False, domain: Optional[str] = None,
                     progress: Optional[Progress] = None) -> tuple[list[ApplicantSheet], list[BatchItem]]:
    """Sheets for every source that could be read, and the failures (one bad file does not stop the rest)."""
    kb = open_knowledge(settings)
    _checked_domain(domain, kb.catalogue)
    sheets, failed = [], []
    with open_workspace(settings) as ws:
        for done, source in enumerate(sources, 1):
            try:
                report, app_id = report_for_sheet(settings, ws, source, kb, special_region, domain)
                sheets.append(report_to_sheet(report, kb.catalogue, app_id))
            except PingshenError as e:
                failed.append(BatchItem(file=shown(source), outcome="failed", error=e.one_line()))
            except Exception as e:  # a bug on one source must not cost the reviewer the whole sheet
                log.exception("internal error on %s", source)
                failed.append(BatchItem(file=shown(source), outcome="failed", internal=True,
                                        error=f"内部错误 / internal error: {type(e).__name__}: {e}"))
            if progress:
                progress(done, len(sources))
    return sheets, failed
