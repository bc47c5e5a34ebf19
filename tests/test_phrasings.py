"""The frozen half of the phrasing corpus: real published sentences the reader was not tuned on.

Each sentence sits alone on a one-page PDF read by ``extract_report`` (what ``pingshen extract``
calls). The test fails below the floors; ``bench/bench_phrasings.py`` prints the figures per indicator
and per hard-case kind. A frozen sentence looked at while fixing moves to the tuning half
(``tests/data/phrasings/split.json``), and new material tops the frozen half up.
"""
from __future__ import annotations

import json

import pytest

from . import phrasings

PRECISION_FLOOR = 0.98
RECALL_FLOOR = 0.85


def test_the_corpus_is_real_sourced_and_split_once():
    items = phrasings.load()
    split = json.loads((phrasings.HERE / "split.json").read_text(encoding="utf-8"))
    ids = [it["id"] for it in items]
    assert len(items) >= 250 and len(set(ids)) == len(ids)
    assert not set(split["tuning"]) & set(split["frozen"])
    assert set(split["tuning"]) | set(split["frozen"]) == set(ids)
    for it in items:
        assert it["text"].strip() and it["source"].get("title"), it["id"]
        for e in it.get("expect", []):
            assert e["indicator"] and e["value"] is not None, it["id"]


@pytest.fixture(scope="module")
def frozen_score(tmp_path_factory):
    return phrasings.run(phrasings.load("frozen"), tmp_path_factory.mktemp("phrasings"))


def test_frozen_half_precision(frozen_score):
    p, _ = frozen_score.precision_recall()
    assert p >= PRECISION_FLOOR, f"precision {p:.3f} on the frozen half (right/wrong/missed {frozen_score.totals()})"


def test_frozen_half_recall(frozen_score):
    _, r = frozen_score.precision_recall()
    assert r >= RECALL_FLOOR, f"recall {r:.3f} on the frozen half (right/wrong/missed {frozen_score.totals()})"
