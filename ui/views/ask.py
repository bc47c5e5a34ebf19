"""智能问答: a conversation about one applicant or the whole workspace; each answer shows its checks and its
cited clauses, and a badge says whether an LLM worded it and whether the wording was verified."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import core
from ui.text import md_escape

user = core.page_user("ask")
a = core.assistant()
ws = core.workspace()
st.title("智能问答")
apps = ws.applications()
labels = {0: "全部工作区 / 政策问题"} | core.app_labels(apps)
app_id = st.selectbox("针对的申报单位", list(labels), format_func=labels.get, key="ask_app")
if st.session_state.get("ask_for") != app_id:  # another applicant: a new conversation
    st.session_state["ask_for"] = app_id
    st.session_state["ask_history"] = []
    st.session_state.pop("ask_intent", None)
history: list = st.session_state.setdefault("ask_history", [])
st.caption("例如：该园区研发投入强度达标吗？　满足哪些申报条件？　哪些园区研发投入强度不达标？　示范基地多久评估一次？"
           "　单位土地产出和2012年相比有什么变化？　追问：那2023年呢？")


def badge(ans) -> str:
    if not ans.llm:
        return "🔒 确定性答案（未使用大模型）"
    return (f"🤖 大模型（{ans.llm}）润色，已逐项核验" if ans.verified
            else f"🔒 大模型表述未通过核验，已改用确定性答案{('：' + ans.note) if ans.note else ''}")


def show(question: str, ans) -> None:
    with st.chat_message("user"):
        st.markdown(md_escape(question))
    with st.chat_message("assistant"):
        st.markdown(md_escape(ans.answer).replace("\n", "  \n"))
        st.caption(badge(ans))
        if ans.checks:
            st.dataframe(pd.DataFrame([{"申报单位": c.applicant or c.file, "规则": c.result.rule, "指标": c.result.name,
                                        "判定": core.STATUS_NAMES[c.result.status], "数值": str(c.result.value or ""),
                                        "申报条件": c.result.threshold,
                                        "证据页": "、".join(str(e.page) for e in c.result.evidence[:3])}
                                       for c in ans.checks]),
                         hide_index=True, width="stretch")
        docs = a.docs
        for c in ans.citations:
            meta = docs.get(c.doc)
            title = f"《{meta.title}》{meta.number}" if meta else c.doc
            with st.expander(f"📎 {title} {c.ref}" + ("（原文有乱码，引用前请核对）" if c.damaged else "")):
                st.text(c.text)


for q, ans in history:
    show(q, ans)
question = st.chat_input("请输入问题")
if question:
    previous = st.session_state.get("ask_intent")
    ans = core.guarded(lambda: a.ask(question, applicant=str(app_id) if app_id else None, previous=previous))
    if ans is not None:
        history.append((question, ans))
        st.session_state["ask_intent"] = ans.intent
        show(question, ans)
