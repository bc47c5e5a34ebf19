"""knowledge: policy corpus → clauses → rule catalogue → chromadb + BM25 index. LangChain stays in retriever.py."""
