"""用户管理 (管理员): the users of the workbench and adding one (the password is typed here, hashed with bcrypt)."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from ui import core
from ui.auth import ROLES, add_user, require

user = core.page_user("users")
st.title("用户管理")
path = os.environ.get(core.USERS_ENV)
if not path:
    st.info("当前未使用用户文件（仅本机访问，不需登录）。用 pingshen users add NAME --role 审查专家 创建用户文件，"
            "再以 pingshen ui --users 文件 启动。")
    st.stop()
current = core.users() or {}
st.dataframe(pd.DataFrame([{"用户名": n, "显示名": u.get("display", n), "角色": u["role"]}
                           for n, u in current.items()]),
             hide_index=True, width="stretch")
with st.form("add_user", clear_on_submit=True):
    a, b = st.columns(2)
    name = a.text_input("用户名")
    display = b.text_input("显示名")
    role = a.selectbox("角色", ROLES)
    pw = b.text_input("初始密码（至少 8 个字符）", type="password")
    if st.form_submit_button("添加用户", type="primary"):
        def add():
            require(core.current_user(), "users")
            return add_user(Path(path), name, role, pw, display or None)
        made = core.guarded(add, "添加用户：")
        if made is not None:
            core.users.clear()
            st.success(f"已添加 {made.name}（{made.role}）", icon="✅")
