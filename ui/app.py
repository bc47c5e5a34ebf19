"""评审工作台 — the Streamlit entry point, served by ``pingshen ui`` (``streamlit run ui/app.py`` alone serves it on
every interface, so without a users file it refuses everyone).

Navigation is built per role: a page a role may not use is not in its navigation, and every function
behind a change checks the role again (``ui.auth.require``). Without a users file (loopback only) the
local user has every right; with one, login comes first.
"""
from __future__ import annotations

import os

import streamlit as st

from ui import core
from ui.auth import verify

st.set_page_config(page_title="评审助手 pingshen · 评审工作台", page_icon="📋", layout="wide")

# (view file, title, url path, icon, the action the page needs)
VIEWS = (
    ("views/materials.py", "申报材料", "materials", "📄", "read"),
    ("views/sheet.py", "评分表", "sheet", "📊", "read"),
    ("views/ask.py", "智能问答", "ask", "💬", "ask"),
    ("views/compare.py", "政策对比", "compare", "🔀", "compare"),
    ("views/library.py", "政策库", "library", "📚", "search"),
    ("views/users.py", "用户管理", "users", "👤", "users"),
)


def login() -> None:
    st.title("评审助手 pingshen · 登录")
    with st.form("login"):
        name = st.text_input("用户名")
        password = st.text_input("密码", type="password")
        if st.form_submit_button("登录", type="primary"):
            user = verify(core.users() or {}, name, password)
            if user is None:
                st.error("用户名或密码不正确", icon="⚠️")
            else:
                st.session_state["user"] = user
                st.rerun()


def main() -> None:
    users = core.guarded(core.users, "用户文件：")
    if users is None and (os.environ.get(core.USERS_ENV) or core.settings().users_path()):
        st.stop()  # a users file that cannot be read: said once above, no page without it
    user = core.current_user()
    if user is None and users is None:
        st.error("没有用户文件时，工作台只在本机地址上提供："
                 "请用 pingshen ui 启动（或 pingshen ui --users 用户文件）", icon="⚠️")
        st.stop()
    if user is None:
        st.navigation([st.Page(login, title="登录", url_path="login", icon="🔑")], position="hidden").run()
        return
    pages = [st.Page(path, title=title, url_path=url, icon=icon) for path, title, url, icon, action in VIEWS
             if user.can(action)]
    st.session_state["pages"] = [p.title for p in pages]  # what this role sees (the tests read it)
    with st.sidebar:
        st.markdown(f"**{user.display}**（{user.role}）")
        if core.users() is not None and st.button("退出登录"):
            st.session_state.pop("user", None)
            st.rerun()
    st.navigation(pages).run()


main()
