"""BM25F over jieba tokens of the matching form, with the corpus's own terms taught to jieba.

The tokenizer writes its dictionary cache under the data directory, never to /tmp.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

from extraction.normalize import match_form

_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z0-9.%]")
STOPWORDS = frozenset(
    "的 了 和 与 及 或 等 在 是 为 对 中 上 下 有 将 把 要 其 之 并 而 以 于 由 从 这 那 个 吗 呢 啊 吧 会 能 还 "
    "哪些 什么 什么样 怎么 怎样 如何 多少 是否 请问 一下 可以 能否 有没有 需要 成为 后果 "
    "多长 多久 几个 哪里 从哪里".split()
)


class Tokenizer:
    """jieba search-mode tokens of the matching form, stop words and punctuation dropped."""

    def __init__(self, cache_dir: Path | None = None, words: list[str] | tuple[str, ...] = ()) -> None:
        import jieba  # local import: jieba builds its prefix dictionary on first use

        self._jieba = jieba.Tokenizer()
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            self._jieba.tmp_dir = str(cache_dir)
        self._jieba.initialize()
        for w in words:
            if 2 <= len(w) <= 20:
                self._jieba.add_word(w, freq=2000)

    def __call__(self, text: str) -> list[str]:
        tokens = self._jieba.lcut_for_search(match_form(text))
        return [t for t in tokens if t.strip() and _KEEP.search(t) and t not in STOPWORDS]


class BM25F:
    """BM25F (Robertson, Zaragoza and Taylor 2004): each document is several fields; a term's frequency
    is length-normalised per field, weighted and summed, then saturated once with k1.

    ``fields[f][i]`` holds the tokens of field f of document i, ``weights[f]`` and ``bs[f]`` its weight
    and length normalisation. With one field of weight 1 this is Okapi BM25. ``idf`` counts a document
    once whichever of its fields holds the term.
    """

    def __init__(self, fields: list[list[list[str]]], weights: list[float], bs: list[float], k1: float = 1.5) -> None:
        if not (len(fields) == len(weights) == len(bs)) or len({len(f) for f in fields}) > 1:
            raise ValueError("one weight and one b per field, every field one entry per document")
        self.k1, self.weights, self.bs = k1, weights, bs
        self.fields = [[Counter(toks) for toks in field] for field in fields]
        self.lengths = [[len(toks) for toks in field] for field in fields]
        self.avg = [(sum(ls) / len(ls) if ls else 0.0) or 1.0 for ls in self.lengths]
        n = len(fields[0]) if fields else 0
        df: Counter[str] = Counter()
        for i in range(n):
            df.update(set().union(*(f[i].keys() for f in self.fields)))
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        # the per-field length factor of every document, computed once
        self._norm = [[1 - b + b * dl / avg for dl in ls] for b, ls, avg in zip(bs, self.lengths, self.avg)]

    def scores(self, query_tokens: list[str]) -> list[float]:
        """One score per document."""
        terms = [t for t in query_tokens if t in self.idf]
        out = []
        for i in range(len(self.fields[0]) if self.fields else 0):
            s = 0.0
            for t in terms:
                tf = 0.0
                for f, w, norm in zip(self.fields, self.weights, self._norm):
                    c = f[i].get(t)
                    if c:
                        tf += w * c / norm[i]
                if tf:
                    s += self.idf[t] * tf * (self.k1 + 1) / (tf + self.k1)
            out.append(s)
        return out
