"""政策对比: one topic across the editions — the provisions side by side, the figures and how they changed,
the editions that do not address it, and a character-level redline (escaped text in coloured spans)."""
from __future__ import annotations

import json
from importlib import resources

import pandas as pd
import streamlit as st

from extraction.numbers import format_decimal
from ui import core
from ui.text import md_escape, redline_html

user = core.page_user("compare")
a = core.assistant()
docs = a.docs
st.title("政策对比")
topics = list(json.loads(resources.files("knowledge").joinpath("data/topics.json").read_text("utf-8"))["topics"])
left, right = st.columns([1, 2])
with left:
    picked = st.selectbox("常用主题", ["（自行输入）"] + topics, key="cmp_topic_pick")
    typed = st.text_input("或输入主题", key="cmp_topic_text", placeholder="如：复核周期、研发投入强度")
topic = typed.strip() or (picked if picked != "（自行输入）" else "")
with right:
    chosen = st.multiselect("版本", list(docs), default=list(docs), key="cmp_docs",
                            format_func=lambda d: f"{docs[d].year or ''} {docs[d].title}")
if not topic:
    st.info("请选择或输入要比较的主题。")
    st.stop()
comp = core.guarded(lambda: a.compare(topic, chosen))
if comp is None:
    st.stop()
st.subheader(md_escape(f"主题：{comp.topic}"))
for line in comp.changes:
    st.markdown("• " + md_escape(line))
if comp.provisions:
    cols = st.columns(len(comp.provisions))
    for col, p in zip(cols, comp.provisions):
        meta = docs[p.doc]
        with col:
            heading = f"{meta.year or ''} {meta.title}"
            st.markdown(f"**{md_escape(heading)}**")
            st.caption(md_escape(f"{meta.number} {p.ref}") + ("　⚠️ 原文有乱码" if p.damaged else ""))
            st.text(p.text)
    figures = [{"版本": f"{docs[p.doc].year or ''} {p.doc}", "条款": p.ref, "数值": format_decimal(f.value),
                "单位": f.unit,
                "类型": {"threshold": "门槛", "target": "目标", "count": "数量", "period": "周期"}.get(f.kind, f.kind),
                "比较": f.op, "适用": f.qualifier} for p in comp.provisions for f in p.figures]
    if figures:
        st.markdown("**各版本的数值**")
        st.dataframe(pd.DataFrame(figures), hide_index=True, width="stretch")
if comp.absent:
    st.caption(md_escape("未涉及该主题的版本：" + "、".join(f"{docs[d].title}（{d}）" for d in comp.absent)))
for r in comp.redlines:
    with st.expander(f"逐字对照：{docs[r['from']].year or ''} {r['from']} → {docs[r['to']].year or ''} {r['to']}"):
        st.markdown(redline_html(r["ops"]), unsafe_allow_html=True)  # every text part is escaped
