"""The policy corpus: the five bundled texts plus documents users add under the data directory.

Bundled texts live in ``knowledge/data/corpus`` with their facts in ``knowledge/data/documents.json``.
User documents are kept in ``DATA_DIR/corpus/`` (text file + ``documents.json``), written
atomically so a failed ``corpus add`` leaves nothing behind.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from extraction.errors import UnreadableFile
from extraction.files import write_text_atomic

from .errors import DuplicateDocument, InvalidDocumentId
from .models import DocumentMeta

# the programmes a document may belong to: the first is the one the bundled corpus mostly holds
PROGRAMMES = ("新型工业化产业示范基地", "新兴产业发展示范基地")
MAIN_PROGRAMME = PROGRAMMES[0]


def programme_of(text: str) -> str:
    """The programme a title or question names (新兴产业… / 新型工业化…), else "" (not said)."""
    if "新兴产业" in text:
        return PROGRAMMES[1]
    if "新型工业化" in text:
        return PROGRAMMES[0]
    return ""


DOC_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    text: str

    @property
    def id(self) -> str:
        return self.meta.id


def _builtin_dir() -> Path:
    return Path(str(resources.files("knowledge") / "data"))


def builtin_documents() -> list[Document]:
    base = _builtin_dir()
    rows = json.loads((base / "documents.json").read_text(encoding="utf-8"))
    out = []
    for row in rows:
        text = (base / row["file"]).read_text(encoding="utf-8")
        fields = {k: v for k, v in row.items() if k in DocumentMeta.model_fields}
        out.append(Document(DocumentMeta(**fields, builtin=True), text))
    return out


def user_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "corpus"


def user_documents(data_dir: Path) -> list[Document]:
    registry = user_dir(data_dir) / "documents.json"
    if not registry.exists():
        return []
    out = []
    for row in json.loads(registry.read_text(encoding="utf-8")):
        text = (user_dir(data_dir) / f"{row['id']}.txt").read_text(encoding="utf-8")
        out.append(Document(DocumentMeta(**row), text))
    return out


def load_corpus(data_dir: Path | None) -> list[Document]:
    """Bundled documents followed by the user's, in a stable order."""
    docs = builtin_documents()
    if data_dir is not None:
        docs += user_documents(data_dir)
    return docs


def corpus_hash(docs: list[Document], code_version: str) -> str:
    """Hash of every document's facts and text plus the parser's version: the index key."""
    h = hashlib.sha256(code_version.encode())
    for d in docs:
        h.update(d.meta.model_dump_json().encode())
        h.update(hashlib.sha256(d.text.encode()).digest())
    return h.hexdigest()


def read_text_file(path: Path) -> str:
    """A .txt file as text: UTF-8 (with or without BOM), else GB18030; empty or binary is refused."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise UnreadableFile(str(path), f"无法读取文件：{path}", f"cannot read {path}: {e.strerror}") from e
    if not raw.strip():
        raise UnreadableFile(str(path), f"文件为空：{path.name}", f"{path.name} is empty")
    if b"\x00" in raw[:4096]:
        raise UnreadableFile(str(path), f"不是文本文件：{path.name}", f"{path.name} is not a text file")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(str(path), f"无法识别文件编码：{path.name}", f"cannot decode {path.name}")


def validate_new_id(docs: list[Document], doc_id: str) -> None:
    if not DOC_ID.match(doc_id) or len(doc_id) > 64:
        raise InvalidDocumentId(doc_id)
    if any(d.id == doc_id for d in docs):
        raise DuplicateDocument(doc_id)


def save_user_document(data_dir: Path, doc: Document) -> None:
    """Write the text first, then the registry: the registry is the commit point."""
    folder = user_dir(data_dir)
    write_text_atomic(folder / f"{doc.id}.txt", doc.text)
    rows = [d.meta.model_dump() for d in user_documents(data_dir)] + [doc.meta.model_dump()]
    write_text_atomic(folder / "documents.json", json.dumps(rows, ensure_ascii=False, indent=1))


def remove_user_document(data_dir: Path, doc_id: str) -> None:
    """Undo :func:`save_user_document` (used to roll back when indexing fails)."""
    folder = user_dir(data_dir)
    rows = [d.meta.model_dump() for d in user_documents(data_dir) if d.id != doc_id]
    write_text_atomic(folder / "documents.json", json.dumps(rows, ensure_ascii=False, indent=1))
    (folder / f"{doc_id}.txt").unlink(missing_ok=True)
