"""政策库: the documents with their metadata, each one's clause tree, search in either script with damage
flags shown, and (管理员) adding a document."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from assistant import policy
from ui import core
from ui.auth import require
from ui.text import md_escape

user = core.page_user("search")
kb = core.knowledge()
st.title("政策库")
st.dataframe(pd.DataFrame([{"编号": d.meta.id, "标题": d.meta.title, "文号": d.meta.number, "日期": d.meta.date,
                            "发布机关": d.meta.issuer, "状态": d.meta.status, "字体": d.meta.script,
                            "来源": "内置" if d.meta.builtin else "用户添加"} for d in kb.docs]),
             hide_index=True, width="stretch")

st.subheader("检索")
query = st.text_input("简体或繁体均可", key="lib_query", placeholder="如：研發投入強度要達到多少")
if query.strip():
    hits = core.guarded(lambda: policy.search(core.index(), query, k=core.settings().search_k))
    for h in hits or []:
        with st.container(border=True):
            st.markdown(f"**{md_escape(h.title)}** {md_escape(h.ref)}（{h.year or '年份不详'}，{h.status}）"
                        f"　相关度 {h.score:.2f}")
            st.text(h.text)
            if h.damaged:
                st.warning(md_escape("原文此处有乱码或异常字符：" + "；".join(d.snippet for d in h.damage)
                                     + "。引用前请核对原件。"))
    if hits == []:
        st.write("语料中没有找到相关条款。")

st.subheader("条款")
doc_id = st.selectbox("文件", [d.id for d in kb.docs], key="lib_doc",
                      format_func=lambda i: f"{i} {kb.doc(i).meta.title}")
for c in kb.clauses_of(doc_id):
    depth, parent = 0, c.parent
    while parent and f"{c.doc}#{parent}" in kb.by_key:
        depth += 1
        parent = kb.by_key[f"{c.doc}#{parent}"].parent
    with st.expander(("　" * depth) + f"{c.ref}　{c.text[:40]}" + ("　⚠️" if c.damaged else "")):
        st.text(c.text)

if user.can("corpus"):
    st.subheader("添加文件（管理员）")
    with st.form("add_doc", clear_on_submit=True):
        up = st.file_uploader("文本文件（.txt，UTF-8/GBK）", type=["txt"])
        a, b = st.columns(2)
        doc_id = a.text_input("编号（如 guangdong-2024-3）")
        title = b.text_input("标题")
        date = a.text_input("日期（YYYY-MM-DD）")
        number = b.text_input("文号（可空）")
        if st.form_submit_button("添加并建立索引", type="primary") and up is not None:
            def add():
                require(core.current_user(), "corpus")  # checked again behind the button
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / "upload.txt"
                    path.write_bytes(up.getvalue())
                    return policy.add_document(core.settings(), path, doc_id.strip(), title.strip(), date.strip(),
                                               number=number.strip())
            done = core.guarded(add, "添加文件：")
            if done is not None:
                core.knowledge.clear()
                core.index.clear()
                core.assistant.clear()
                st.success(f"已添加 {done[0].id}（{done[1]} 条条款）", icon="✅")
