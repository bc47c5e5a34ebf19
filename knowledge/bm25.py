"""BM25 (Okapi) over jieba tokens of the matching form, with the corpus's own terms taught to jieba.

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
    "哪些 什么 什么样 怎么 怎样 如何 多少 是否 请问 一下 可以 能否 有没有 需要 成为 后果 多长 多久 几个 哪里 从哪里".split()
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


class BM25:
    """Okapi BM25 with the usual k1=1.5, b=0.75; ``scores`` returns one score per document."""

    def __init__(self, corpus_tokens: list[list[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.docs = [Counter(toks) for toks in corpus_tokens]
        self.lengths = [len(toks) for toks in corpus_tokens]
        self.avgdl = sum(self.lengths) / len(self.lengths) if self.lengths else 0.0
        df: Counter[str] = Counter()
        for d in self.docs:
            df.update(d.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, query_tokens: list[str], skip: list[frozenset[str]] | None = None) -> list[float]:
        """One score per document; ``skip[i]`` lists query tokens not to count for document i."""
        out = []
        for i, (d, dl) in enumerate(zip(self.docs, self.lengths)):
            s = 0.0
            for t in query_tokens:
                if skip is not None and t in skip[i]:
                    continue
                f = d.get(t)
                if f:
                    s += self.idf[t] * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * dl / (self.avgdl or 1)))
            out.append(s)
        return out
