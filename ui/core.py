"""What every page of the workbench shares: the heavy objects (built once per process with
``st.cache_resource`` around the factories the CLI uses), the signed-in user, the one error renderer,
uploads kept for the evidence viewer, and the demo seed of a fresh data directory.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
from pathlib import Path
from typing import Callable, Optional, TypeVar

import streamlit as st

from assistant.settings import Settings
from extraction.errors import PingshenError
from extraction.limits import render_scale

from .auth import User, load_users, require

log = logging.getLogger("pingshen.ui")
T = TypeVar("T")

STATUS_NAMES = {"met": "达标", "not_met": "未达标", "needs_review": "需复核", "missing": "缺失"}
STATUS_COLOURS = {"达标": "#2e7d32", "未达标": "#c62828", "需复核": "#f9a825", "缺失": "#9e9e9e"}
METHOD_NAMES = {"stated": "正文", "table": "表格", "derived": "推算", "ocr": "扫描识别"}
USERS_ENV = "PINGSHEN_UI_USERS"  # set by `pingshen ui --users FILE`
LOCAL_ENV = "PINGSHEN_UI_LOCAL"  # set by `pingshen ui` on a loopback address without a users file
DEMO_MARK = ".demo-seeded"


# --- heavy objects, once per process ---------------------------------------------------------

@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    return Settings()


@st.cache_resource(show_spinner="正在载入政策语料与规则目录…")
def knowledge():
    from assistant.policy import open_knowledge

    return open_knowledge(settings())


@st.cache_resource(show_spinner="正在打开政策索引…")
def index():
    from assistant.policy import open_index

    return open_index(settings(), knowledge(), progress=False)


@st.cache_resource(show_spinner=False)
def workspace():
    from assistant.reports import open_workspace

    ws = open_workspace(settings())
    seed_demo(ws)
    return ws


@st.cache_resource(show_spinner=False)
def assistant():
    """One Assistant on the shared knowledge base, index and workspace (an LLM when configured)."""
    from assistant.ask import Assistant
    from assistant.llm import make_chat_model

    a = Assistant(settings(), chat=make_chat_model(settings()))
    a._kb, a._index, a._ws = knowledge(), index(), workspace()
    return a


@st.cache_resource(show_spinner=False)
def users() -> Optional[dict]:
    """The users file: the one `pingshen ui --users` passed, else the settings' (users.toml in the data directory)."""
    path = os.environ.get(USERS_ENV) or settings().users_path()
    return load_users(Path(path)) if path else None


LOOPBACK = ("127.0.0.1", "localhost", "::1")


# --- uploads ------------------------------------------------------------------------------------

def uploads_dir() -> Path:
    d = settings().data_dir / "uploads"
    d.mkdir(parents=True, exist_ok=True)
    return d


def stored_pdf(sha256: str) -> Optional[Path]:
    p = uploads_dir() / f"{sha256}.pdf"
    return p if p.is_file() else None


def keep_upload(data: bytes) -> Path:
    """An uploaded file kept under its content hash (the evidence viewer renders its pages)."""
    sha = hashlib.sha256(data).hexdigest()
    path = uploads_dir() / f"{sha}.pdf"
    if not path.exists():
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    return path


DEMO_DIR = Path(__file__).resolve().parents[1] / "assistant" / "demo_reports"


def seed_demo(ws) -> None:
    """A fresh data directory gets the bundled demo reports (fictitious parks) once."""
    from assistant.reports import add_reports

    mark = settings().data_dir / DEMO_MARK
    if mark.exists() or ws.applications():
        return
    staged = sorted(DEMO_DIR.glob("*.pdf"))
    for pdf in staged:
        keep_upload(pdf.read_bytes())
    add_reports(settings(), ws, staged, actor="demo")
    mark.write_text("demo reports added\n", encoding="utf-8")


def demo_ids() -> set[int]:
    """Applications added by the demo seed (their file names are the bundled ones)."""
    demo = {p.name for p in DEMO_DIR.glob("*.pdf")}
    return {a.id for a in workspace().applications() if Path(a.file).name in demo}


def app_labels(apps) -> dict[int, str]:
    """How an application is named in selectors: #id and its applicant (or its file)."""
    return {a.id: f"#{a.id} {a.applicant or a.file}" for a in apps}


# --- the user ----------------------------------------------------------------------------------------

def current_user() -> Optional[User]:
    """The signed-in user, looked up again in the users file on every call (a demoted or removed user loses
    the old rights at once); without a users file the local user with every right — only when the server
    listens on a loopback address (``streamlit run`` alone listens on every interface: then nobody)."""
    known = users()
    if known is None:
        address = st.get_option("server.address") or ""
        if address not in LOOPBACK and not os.environ.get(LOCAL_ENV):
            return None
        return User(settings().reviewer_name(), settings().reviewer_name(), "管理员")
    user = st.session_state.get("user")
    if user is None or user.name not in known:
        return None
    entry = known[user.name]
    return User(user.name, entry.get("display") or user.name, entry["role"])


def allowed(action: str) -> Optional[User]:
    """The user if allowed to ``action``; otherwise the refusal is shown and None returned."""
    try:
        return require(current_user(), action)
    except PingshenError as e:
        show_error(e)
        return None


def page_user(action: str) -> User:
    """The user of a page that needs ``action``; a page the role may not use is refused and stops here."""
    user = allowed(action)
    if user is None:
        st.stop()
    return user


# --- errors: one renderer ---------------------------------------------------------------------------

def show_error(err: BaseException, what: str = "") -> None:
    """The one place an error reaches the page: one Chinese line; a bug is logged with its trace, never shown."""
    if isinstance(err, PingshenError):
        from .text import md_escape

        # a file name or text from a report: shown as written
        st.error(md_escape(f"{what}{err.user_message}"), icon="⚠️")
    else:
        log.exception("internal error in the workbench", exc_info=err)
        st.error(f"{what}内部错误（{type(err).__name__}），已记录日志；请重试或联系管理员", icon="⚠️")


def guarded(fn: Callable[[], T], what: str = "") -> Optional[T]:
    """Run ``fn``; an error is rendered through :func:`show_error` and None returned."""
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - every failure is shown as one line, bugs are logged
        show_error(e, what)
        return None


# --- evidence --------------------------------------------------------------------------------------

def page_image(pdf: Path, page: int, bbox: Optional[tuple] = None, scale: float = 1.6) -> bytes:
    """One page of the PDF rendered with pypdfium2 (PNG bytes), the evidence box drawn in red (PIL).
    ``bbox`` is (x0, top, x1, bottom) in PDF points from the top-left, as records carry it."""
    from PIL import ImageDraw

    from extraction.fonts import pdfium as pdfium_module

    pdfium = pdfium_module(settings().pdf_fonts)

    doc = pdfium.PdfDocument(str(pdf))
    try:
        p = doc[page - 1]
        # a page drawn on screen is bounded like one rendered for OCR (a huge MediaBox stays small)
        scale = render_scale(p.get_width(), p.get_height(), scale, settings().max_render_mpx)
        img = p.render(scale=scale).to_pil().convert("RGB")
        p.close()
    finally:
        doc.close()
    if bbox:
        x0, top, x1, bottom = (v * scale for v in bbox)
        draw = ImageDraw.Draw(img)
        draw.rectangle([x0 - 3, top - 3, x1 + 3, bottom + 3], outline=(220, 30, 30), width=3)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()
