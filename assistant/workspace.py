"""The workspace: every application, check run and reviewer decision, kept in one SQL store.

SQLite (WAL, one file in the data directory) by default; the same code runs on PostgreSQL when
``PINGSHEN_DATABASE_URL`` names one. Each operation is one transaction: an application is stored
with its extraction, its first check run and its audit entry, or not at all. Overrides and the
audit log are append-only (the audit log refuses UPDATE and DELETE at the database level); the
effective status of a rule is its latest override.

Writers serialise on the application row (``SELECT … FOR UPDATE`` on PostgreSQL, ``BEGIN
IMMEDIATE`` on SQLite), so two reviewers saving at once both get their decision stored, each
recorded against the status the other left.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Iterable, Optional

from pydantic import BaseModel, ConfigDict
from sqlalchemy import DDL, ForeignKey, String, Text, create_engine, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from extraction.errors import WorkspaceError
from extraction.models import Extraction

from .checks import STATUS_NAMES, CheckReport, OverrideRecord, Status, apply_overrides, status_counts

SCHEMA_VERSION = 1


class Base(DeclarativeBase):
    pass


class ApplicationRow(Base):
    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(500))
    applicant: Mapped[Optional[str]] = mapped_column(String(500))
    uploaded_at: Mapped[datetime]
    uploaded_by: Mapped[str] = mapped_column(String(200))
    pages: Mapped[int]
    extraction: Mapped[str] = mapped_column(Text)  # Extraction as JSON
    warnings: Mapped[str] = mapped_column(Text)  # its warnings as JSON, for listing without parsing the rest


class CheckRunRow(Base):
    __tablename__ = "check_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))
    special_region: Mapped[bool]
    domain: Mapped[Optional[str]] = mapped_column(String(100))
    corpus_hash: Mapped[str] = mapped_column(String(100))
    report: Mapped[str] = mapped_column(Text)  # CheckReport as JSON


class OverrideRow(Base):
    __tablename__ = "overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    rule: Mapped[str] = mapped_column(String(40))
    old_status: Mapped[str] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    old_value: Mapped[Optional[str]] = mapped_column(Text)  # JSON
    new_value: Mapped[Optional[str]] = mapped_column(Text)  # JSON
    reason: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    application_id: Mapped[Optional[int]] = mapped_column(index=True)
    detail: Mapped[str] = mapped_column(Text)  # JSON


class MetaRow(Base):
    __tablename__ = "pingshen_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


# The audit log is append-only in the database itself, not only in this module.
for _stmt in ("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
              "SELECT RAISE(ABORT, 'audit_log is append-only'); END",
              "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN "
              "SELECT RAISE(ABORT, 'audit_log is append-only'); END"):
    event.listen(AuditRow.__table__, "after_create", DDL(_stmt).execute_if(dialect="sqlite"))
event.listen(AuditRow.__table__, "after_create", DDL(
    "CREATE OR REPLACE FUNCTION pingshen_audit_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$ LANGUAGE plpgsql").execute_if(dialect="postgresql"))
event.listen(AuditRow.__table__, "after_create", DDL(
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION pingshen_audit_append_only()").execute_if(dialect="postgresql"))


# --- what crosses the package edge ------------------------------------------------------

class ApplicationSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    sha256: str
    file: str
    applicant: Optional[str]
    uploaded_at: datetime
    uploaded_by: str
    pages: int
    warnings: int
    special_region: bool
    domain: Optional[str]
    counts: dict[str, int]  # effective statuses (after overrides) of the latest check run
    overrides: int


class AuditEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    at: datetime
    actor: str
    action: str
    application_id: Optional[int]
    detail: dict


class ApplicationDetail(BaseModel):
    model_config = ConfigDict(frozen=True)

    summary: ApplicationSummary
    extraction: Extraction
    engine_report: CheckReport  # latest check run as the engine wrote it
    report: CheckReport  # the same with the reviewers' overrides applied
    overrides: tuple[OverrideRecord, ...]  # every decision, oldest first
    check_runs: int


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def _override(row: OverrideRow) -> OverrideRecord:
    return OverrideRecord(id=row.id, application_id=row.application_id, rule=row.rule, old_status=row.old_status,
                          new_status=row.new_status, old_value=json.loads(row.old_value) if row.old_value else None,
                          new_value=json.loads(row.new_value) if row.new_value else None, reason=row.reason,
                          reviewer=row.reviewer, at=row.created_at)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn) -> None:
    # Take the write lock at the start: a deferred transaction that reads then writes can fail
    # with "database is locked" under WAL when another writer got in between.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine for the workspace URL; SQLite gets WAL, a busy timeout and immediate transactions."""
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": 60})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError, ValueError) as e:
        raise WorkspaceError(f"无法打开工作区数据库：{url}（{type(e).__name__}）",
                             f"cannot open workspace database: {e}") from e
    return engine


class Workspace:
    """One workspace store. Open with :meth:`open`; every method is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> "Workspace":
        if url.startswith("sqlite:///"):
            from pathlib import Path

            from sqlalchemy.engine import make_url

            database = make_url(url).database  # the path as SQLite will open it (%3F is ?, not the text %3F)
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
        ws = cls(make_engine(url))
        try:
            Base.metadata.create_all(ws.engine)
            with Session(ws.engine) as s, s.begin():
                if s.get(MetaRow, "schema_version") is None:
                    s.add(MetaRow(key="schema_version", value=str(SCHEMA_VERSION)))
        except OperationalError as e:
            raise WorkspaceError("无法连接工作区数据库，请检查 PINGSHEN_DATABASE_URL 或数据目录",
                                 f"cannot reach workspace database: {e.orig}") from e
        return ws

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writes ---------------------------------------------------------------------

    def add(self, x: Extraction, report: CheckReport, actor: str, corpus_hash: str) -> tuple[ApplicationSummary, bool]:
        """Store an application with its extraction and first check run; (summary, False) if already stored."""
        with Session(self.engine) as s, s.begin():
            existing = s.scalar(select(ApplicationRow).where(ApplicationRow.sha256 == x.sha256))
            if existing is not None:
                return self._summary(s, existing), False
            app = ApplicationRow(sha256=x.sha256, file_name=x.file, applicant=x.applicant, uploaded_at=_now(),
                                 uploaded_by=actor, pages=x.pages, extraction=x.model_dump_json(),
                                 warnings=_dumps([w.model_dump() for w in x.warnings]))
            s.add(app)
            s.flush()
            self._add_run(s, app.id, report, actor, corpus_hash)
            self._audit(s, actor, "add", app.id, {"file": x.file, "sha256": x.sha256, "applicant": x.applicant,
                                                  "pages": x.pages, "warnings": len(x.warnings)})
            s.flush()
            return self._summary(s, app), True

    def add_check_run(self, app_id: int, report: CheckReport, actor: str, corpus_hash: str) -> None:
        with Session(self.engine) as s, s.begin():
            self._lock(s, app_id)
            self._add_run(s, app_id, report, actor, corpus_hash)
            self._audit(s, actor, "check", app_id, {"special_region": report.special_region, "domain": report.domain})

    def override(self, app_id: int, rule: str, status: Status, reason: str, reviewer: str,
                 value: object = None) -> OverrideRecord:
        """Record a reviewer's decision against the rule's current effective status."""
        if status not in STATUS_NAMES:
            raise WorkspaceError(f"未知的状态：{status}（可选：{'、'.join(STATUS_NAMES)}）",
                                 f"unknown status: {status}")
        if not reason or not reason.strip():
            raise WorkspaceError("复核调整必须写明理由（--reason）", "an override needs a reason")
        with Session(self.engine) as s, s.begin():
            self._lock(s, app_id)
            current = self._effective(s, app_id)[1].result(rule)
            if current is None:
                raise WorkspaceError(f"申报 {app_id} 的核查结果中没有规则 {rule}",
                                     f"application {app_id} has no rule {rule}")
            row = OverrideRow(application_id=app_id, rule=rule, old_status=current.status, new_status=status,
                              old_value=_dumps(current.value) if current.value is not None else None,
                              new_value=_dumps(value) if value is not None else None, reason=reason.strip(),
                              reviewer=reviewer, created_at=_now())
            s.add(row)
            s.flush()
            self._audit(s, reviewer, "override", app_id, {"rule": rule, "old_status": current.status,
                                                          "new_status": status, "new_value": value,
                                                          "reason": reason.strip(), "override_id": row.id})
            return _override(row)

    # --- reads ----------------------------------------------------------------------

    def applications(self) -> list[ApplicationSummary]:
        with Session(self.engine) as s, s.begin():
            return [self._summary(s, a) for a in s.scalars(select(ApplicationRow).order_by(ApplicationRow.id))]

    def names(self) -> dict[int, str]:
        """Application id → applicant name (file name when the applicant was not recognised)."""
        with Session(self.engine) as s, s.begin():
            rows = s.execute(select(ApplicationRow.id, ApplicationRow.applicant, ApplicationRow.file_name)
                             .order_by(ApplicationRow.id))
            return {i: a or f for i, a, f in rows}

    def effective_report(self, app_id: int) -> CheckReport:
        """The latest check run with the reviewers' overrides applied, without loading the extraction."""
        with Session(self.engine) as s, s.begin():
            return self._effective(s, app_id)[1]

    def find(self, sha256: str) -> Optional[int]:
        with Session(self.engine) as s, s.begin():
            return s.scalar(select(ApplicationRow.id).where(ApplicationRow.sha256 == sha256))

    def detail(self, app_id: int) -> ApplicationDetail:
        with Session(self.engine) as s, s.begin():
            app = self._app(s, app_id)
            engine_report = self._latest_report(s, app_id)
            overrides = self._overrides(s, app_id)
            report = apply_overrides(engine_report, overrides)
            runs = s.scalar(select(func.count()).select_from(CheckRunRow).where(CheckRunRow.application_id == app_id))
            return ApplicationDetail(summary=_summary(app, report, overrides),
                                     extraction=Extraction.model_validate_json(app.extraction),
                                     engine_report=engine_report, report=report, overrides=tuple(overrides),
                                     check_runs=runs)

    def overrides(self, app_id: int) -> list[OverrideRecord]:
        with Session(self.engine) as s, s.begin():
            self._app(s, app_id)
            return self._overrides(s, app_id)

    def audit(self, app_id: Optional[int] = None) -> list[AuditEntry]:
        with Session(self.engine) as s, s.begin():
            q = select(AuditRow).order_by(AuditRow.id)
            if app_id is not None:
                q = q.where(AuditRow.application_id == app_id)
            return [AuditEntry(id=a.id, at=a.at, actor=a.actor, action=a.action, application_id=a.application_id,
                               detail=json.loads(a.detail)) for a in s.scalars(q)]

    # --- inside a transaction ---------------------------------------------------------

    def _app(self, s: Session, app_id: int) -> ApplicationRow:
        app = s.get(ApplicationRow, app_id)
        if app is None:
            raise WorkspaceError(f"工作区中没有编号为 {app_id} 的申报（pingshen workspace list 查看）",
                                 f"no application {app_id}")
        return app

    def _lock(self, s: Session, app_id: int) -> ApplicationRow:
        app = s.scalar(select(ApplicationRow).where(ApplicationRow.id == app_id).with_for_update())
        if app is None:
            raise WorkspaceError(f"工作区中没有编号为 {app_id} 的申报（pingshen workspace list 查看）",
                                 f"no application {app_id}")
        return app

    def _add_run(self, s: Session, app_id: int, report: CheckReport, actor: str, corpus_hash: str) -> None:
        s.add(CheckRunRow(application_id=app_id, created_at=_now(), created_by=actor,
                          special_region=report.special_region,
                          domain=report.domain, corpus_hash=corpus_hash, report=report.model_dump_json()))

    def _audit(self, s: Session, actor: str, action: str, app_id: Optional[int], detail: dict) -> None:
        s.add(AuditRow(at=_now(), actor=actor, action=action, application_id=app_id, detail=_dumps(detail)))

    def _latest_report(self, s: Session, app_id: int) -> CheckReport:
        self._app(s, app_id)
        row = s.scalar(select(CheckRunRow).where(CheckRunRow.application_id == app_id)
                       .order_by(CheckRunRow.id.desc()).limit(1))
        return CheckReport.model_validate_json(row.report)

    def _overrides(self, s: Session, app_id: int) -> list[OverrideRecord]:
        rows = s.scalars(select(OverrideRow).where(OverrideRow.application_id == app_id).order_by(OverrideRow.id))
        return [_override(r) for r in rows]

    def _effective(self, s: Session, app_id: int) -> tuple[list[OverrideRecord], CheckReport]:
        """The reviewers' decisions and the latest check run with them applied."""
        overrides = self._overrides(s, app_id)
        return overrides, apply_overrides(self._latest_report(s, app_id), overrides)

    def _summary(self, s: Session, app: ApplicationRow) -> ApplicationSummary:
        overrides, report = self._effective(s, app.id)
        return _summary(app, report, overrides)


def _summary(app: ApplicationRow, report: CheckReport, overrides: list[OverrideRecord]) -> ApplicationSummary:
    return ApplicationSummary(id=app.id, sha256=app.sha256, file=app.file_name, applicant=app.applicant,
                              uploaded_at=app.uploaded_at, uploaded_by=app.uploaded_by, pages=app.pages,
                              warnings=len(json.loads(app.warnings)), special_region=report.special_region,
                              domain=report.domain, counts=status_counts(report.results), overrides=len(overrides))


def summary_to_json(a: ApplicationSummary) -> dict:
    return {**a.model_dump(mode="json"), "uploaded_at": a.uploaded_at.isoformat(timespec="seconds")}


MAX_ID = 2**63 - 1  # SQLite's and PostgreSQL's BIGINT


def parse_ids(values: Iterable[str]) -> list[int]:
    """Application ids as typed: ASCII digits (not ² or full-width ones) within the database's integer range."""
    out = []
    for v in values:
        v = v.strip().lstrip("#")
        if not (v.isascii() and v.isdigit()) or int(v) > MAX_ID or int(v) == 0:
            shown = v.encode("unicode_escape").decode("ascii")[:40]
            raise WorkspaceError(f"申报编号应为 1 至 {MAX_ID} 的数字：{shown}",
                                 f"application id must be a number from 1 to {MAX_ID}: {shown}")
        out.append(int(v))
    return out
