"""Errors of the policy knowledge base (same family as every other pingshen error)."""
from __future__ import annotations

from extraction.errors import BadInput, PingshenError


class UnknownDocument(BadInput):
    def __init__(self, doc_id: str, known: list[str]) -> None:
        super().__init__(
            f"语料中没有编号为“{doc_id}”的文件（现有：{'、'.join(known)}）",
            f"no document with id {doc_id!r} in the corpus",
        )
        self.doc_id = doc_id


class InvalidDocumentId(BadInput):
    def __init__(self, doc_id: str) -> None:
        super().__init__(
            f"文件编号“{doc_id}”不合规：须为小写字母、数字和连字符，以字母开头，如 guangdong-2024-3",
            f"invalid document id {doc_id!r}: use lowercase letters, digits and hyphens, e.g. guangdong-2024-3",
        )


class DuplicateDocument(BadInput):
    def __init__(self, doc_id: str) -> None:
        super().__init__(f"文件编号“{doc_id}”已存在，请换一个编号", f"document id {doc_id!r} already exists")


class PolicyIndexUnavailable(PingshenError):
    exit_code = 2

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"政策索引不可用（{where}）：{reason}", f"policy index unavailable at {where}: {reason}")
