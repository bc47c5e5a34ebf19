"""The one settings registry of pingshen (pydantic-settings, env prefix ``PINGSHEN_``).

Every setting is documented in docs/settings.md (a test keeps the two in step). Load once
in a front end's entry point with ``Settings()`` and pass the object down; nothing reads
the environment at import.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from extraction.limits import Limits

_LIMITS = Limits()  # the extraction limits' defaults, set in one place (extraction/limits.py)


def _default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "pingshen"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PINGSHEN_", extra="ignore", frozen=True)

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Where everything pingshen writes lives: policy index, workspace, caches.",
    )
    chroma_url: Optional[str] = Field(
        default=None,
        description="URL of a Chroma server (e.g. http://127.0.0.1:8000); empty = embedded chromadb under data_dir.",
    )
    database_url: Optional[str] = Field(
        default=None,
        description="SQLAlchemy URL of the workspace store, e.g. postgresql+psycopg://user@host/pingshen; "
                    "empty = SQLite file under data_dir.",
    )
    reviewer: Optional[str] = Field(
        default=None,
        description="Name recorded with overrides and in the audit log; empty = the operating-system user."
    )
    search_k: int = Field(default=5, ge=1, le=50, description="Default number of search hits.")
    max_pdf_pages: int = Field(default=_LIMITS.max_pages, ge=1, description="Uploads with more pages are refused.")
    max_pdf_mb: int = Field(default=_LIMITS.max_mb, ge=1, description="Uploads larger than this many MiB are refused.")
    max_stream_mb: int = Field(
        default=_LIMITS.max_stream_mb, ge=1,
        description="A PDF holding a stream that inflates beyond this many MiB (a decompression bomb) is refused "
                    "before it is opened.",
    )
    max_image_mpx: int = Field(
        default=_LIMITS.max_image_mpx, ge=1,
        description="A page holding an image of more million pixels is refused (named) before it is rendered.",
    )
    max_render_mpx: float = Field(
        default=_LIMITS.max_render_mpx, gt=0,
        description="A page rendered for display is scaled down to at most this many million pixels (for OCR: "
                    "at most the smaller of this and extraction.ocr.OCR_MAX_MPX).",
    )
    max_file_seconds: float = Field(
        default=_LIMITS.max_seconds, gt=0,
        description="Wall time of one file's extraction; a file over it is reported (naming the page reached) "
                    "and a batch goes on.",
    )

    pdf_fonts: str = Field(
        default=_LIMITS.pdf_fonts,
        description="Fonts pdfium draws and measures a font with that a PDF does not embed: auto (the TrueType "
                    "fonts of extraction/data/fonts.json when a CJK one is installed: text pages about 6× faster "
                    "than with Noto CJK), system (pdfium's own search) or folders separated by os.pathsep.",
    )

    def limits(self) -> Limits:
        """The extraction limits these settings set (extraction.limits.Limits)."""
        return Limits(max_pages=self.max_pdf_pages, max_mb=self.max_pdf_mb, max_stream_mb=self.max_stream_mb,
                      max_image_mpx=self.max_image_mpx, max_render_mpx=self.max_render_mpx,
                      max_seconds=self.max_file_seconds, pdf_fonts=self.pdf_fonts)
    users_file: Optional[Path] = Field(
        default=None,
        description="Users file of the workbench (TOML, bcrypt hashes; pingshen users add); "
                    "empty = users.toml in data_dir when it exists.",
    )
    llm_base_url: Optional[str] = Field(
        default=None,
        description="OpenAI-compatible endpoint for the optional LLM (vLLM, Ollama, llama.cpp, DeepSeek, Qwen)."
    )
    llm_model: Optional[str] = Field(default=None, description="Model name sent to the LLM endpoint.")
    llm_api_key: Optional[str] = Field(default=None, description="API key for the LLM endpoint, if it needs one.")
    llm_timeout: float = Field(
        default=20.0, gt=0,
        description="Seconds of LLM time per question, connect and every read of routing and wording together; "
                    "when they run out the deterministic answer is given.",
    )

    @field_validator("chroma_url", "database_url", "reviewer", "users_file", "llm_base_url", "llm_model", "llm_api_key",
                     mode="before")
    @classmethod
    def _empty_is_none(cls, v: object) -> object:
        return None if isinstance(v, str) and not v.strip() else v

    def users_path(self) -> Optional[Path]:
        """The users file in force: the setting, else users.toml in the data directory if it exists."""
        if self.users_file:
            return self.users_file.expanduser()
        default = self.data_dir / "users.toml"
        return default if default.exists() else None

    def workspace_url(self) -> str:
        """The workspace URL: the setting, or the SQLite file in the data directory — built with SQLAlchemy's URL
        object, so a ``?`` or ``#`` in the directory name is part of the path, not a query or a fragment."""
        if self.database_url:
            return self.database_url
        from sqlalchemy.engine import URL

        return URL.create("sqlite", database=str(self.data_dir / "workspace.sqlite3")).render_as_string()

    def reviewer_name(self) -> str:
        if self.reviewer:
            return self.reviewer
        import getpass

        try:
            return getpass.getuser()
        except Exception:  # no user database entry (containers)
            return "reviewer"

    @field_validator("data_dir", mode="after")
    @classmethod
    def _expand(cls, v: Path) -> Path:
        v = v.expanduser()
        if v.exists() and not v.is_dir():
            raise ValueError(f"{v} exists and is not a directory")
        return v
