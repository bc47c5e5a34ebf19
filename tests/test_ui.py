"""The workbench through Streamlit's AppTest: login and roles, every page's main path and its error path.

Each test runs the real app file (``ui/app.py``) against a data directory of its own module (the session's
policy index copied in, the demo reports seeded by the app itself); ``st.cache_resource`` is cleared
between tests so no object crosses from one to the next.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")
PASSWORD = "correct-horse-9"


@pytest.fixture(scope="module")
def ui_dir(data_dir, index, tmp_path_factory) -> Path:
    """A data directory with the session's policy index, and a users file of one user per role."""
    from ui.auth import add_user

    d = tmp_path_factory.mktemp("ui") / "data"
    shutil.copytree(data_dir, d, ignore=shutil.ignore_patterns("workspace.sqlite3*", "uploads", ".demo-seeded"))
    for name, role in (("zhang", "审查专家"), ("li", "工作人员"), ("wang", "管理员")):
        add_user(d / "users.toml", name, role, PASSWORD, display=name.upper())
    return d


@pytest.fixture
def app(ui_dir, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ui.core import USERS_ENV

    monkeypatch.setenv("PINGSHEN_DATA_DIR", str(ui_dir))
    monkeypatch.delenv("PINGSHEN_CHROMA_URL", raising=False)
    monkeypatch.delenv("PINGSHEN_LLM_BASE_URL", raising=False)
    monkeypatch.setenv(USERS_ENV, str(ui_dir / "users.toml"))
    st.cache_resource.clear()

    def start(user: str | None = "zhang") -> AppTest:
        at = AppTest.from_file(APP, default_timeout=600)
        at.run()
        if user:
            at.text_input[0].set_value(user)
            at.text_input[1].set_value(PASSWORD)
            at.button[0].click()
            at.run()
            assert not at.exception, at.exception
        return at

    main = sys.modules["__main__"]
    yield start
    st.cache_resource.clear()
    # AppTest runs the page scripts as __main__; a later test that spawns processes must not re-run them
    sys.modules["__main__"] = main


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + [s.value for s in at.success]
    parts += [i.value for i in at.info] + [c.value for c in at.caption] + [w.value for w in at.warning]
    # markdown escapes (the page shows "broken.pdf" for "broken\\.pdf") removed, as a reader sees the text
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


# --- login and roles ------------------------------------------------------------------------------

def test_login_wrong_then_right_and_each_role_sees_its_pages(app):
    at = app(user=None)
    assert [t.value for t in at.title] == ["评审助手 pingshen · 登录"]
    at.text_input[0].set_value("zhang")
    at.text_input[1].set_value("wrong-password")
    at.button[0].click()
    at.run()
    assert "用户名或密码不正确" in _texts(at) and "pages" not in at.session_state
    seen = {}
    for user in ("zhang", "li", "wang"):
        seen[user] = app(user).session_state["pages"]
    assert seen["zhang"] == ["申报材料", "评分表", "智能问答", "政策库"]
    assert seen["li"] == ["申报材料", "评分表", "智能问答", "政策对比", "政策库"]
    assert seen["wang"] == ["申报材料", "评分表", "智能问答", "政策对比", "政策库", "用户管理"]


def test_staff_read_the_materials_but_cannot_upload_or_override(app):
    at = app("li")
    assert not at.get("file_uploader")
    at.switch_page("views/sheet.py").run()
    assert not at.exception
    assert "复核调整（须写明理由" not in " ".join(e.label for e in at.expander)


def test_the_role_is_checked_again_behind_every_change():
    from ui.auth import Forbidden, User, require

    staff = User("li", "LI", "工作人员")
    with pytest.raises(Forbidden):
        require(staff, "override")
    with pytest.raises(Forbidden):
        require(staff, "corpus")
    with pytest.raises(Forbidden):
        require(None, "read")
    assert require(User("wang", "W", "管理员"), "users").name == "wang"


# --- 申报材料 -----------------------------------------------------------------------------------------

def test_upload_a_report_and_a_broken_file(app, generated):
    at = app("zhang")
    assert "演示申报书" in _texts(at)  # the seeded demo workspace says it is fictitious
    report = (generated / "R03.pdf").read_bytes()
    at.get("file_uploader")[0].set_value([("新园区 申报书.pdf", report, "application/pdf"),
                                          ("broken.pdf", b"%PDF-1.7 this is not a pdf", "application/pdf")])
    at.button[0].click()
    at.run()
    text = _texts(at)
    assert "新园区 申报书.pdf：已加入工作区" in text
    assert "broken.pdf：" in text and len(at.error) == 1
    assert "Traceback" not in text
    table = at.dataframe[0].value
    assert "新园区 申报书.pdf" in set(table["文件"])


def test_a_record_shows_its_evidence_on_the_page_and_the_figures_not_used(app):
    at = app("zhang")
    assert at.get("imgs") or at.get("image"), "the evidence page is rendered"
    labels = [e.label for e in at.expander]
    assert any(lbl.startswith("未采用的数值") for lbl in labels)


# --- 评分表 -------------------------------------------------------------------------------------------

def test_score_sheet_filter_and_an_override_in_the_audit_log(app, ui_dir):
    from assistant.reports import open_workspace
    from assistant.settings import Settings

    at = app("zhang")
    at.switch_page("views/sheet.py").run()
    at.radio(key="sheet_filter").set_value("缺失").run()
    statuses = set(at.dataframe[0].value["判定"])
    assert statuses <= {"缺失"}
    app_id = at.selectbox(key="sheet_app").value
    # no reason: refused with one line, nothing written
    at.text_area[0].set_value("")
    next(b for b in at.button if b.label == "保存调整").click().run()
    assert "理由" in _texts(at)
    at.text_area[0].set_value("研发经费含基建支出，专家组核减")
    next(b for b in at.button if b.label == "保存调整").click().run()
    assert "已记录" in _texts(at)
    with open_workspace(Settings(data_dir=ui_dir)) as ws:
        log = ws.audit(app_id)
    assert any(e.action == "override" and e.actor == "zhang" and "核减" in json.dumps(e.detail, ensure_ascii=False)
               for e in log)


def test_score_sheet_downloads_are_built_by_the_shared_builder(ui_dir):
    import io

    from openpyxl import load_workbook

    from assistant.reports import build_scoresheet, open_workspace
    from assistant.scoresheet import sheets_to_csv, sheets_to_xlsx_bytes
    from assistant.settings import Settings

    s = Settings(data_dir=ui_dir)
    with open_workspace(s) as ws:
        ids = [str(a.id) for a in ws.applications()]
    sheets, failed = build_scoresheet(s, ids)
    assert not failed and sheets
    wb = load_workbook(io.BytesIO(sheets_to_xlsx_bytes(sheets)))
    assert len(wb.sheetnames) == len(sheets) + 1
    assert sheets_to_csv(sheets).count("\n") > len(sheets) * 20


# --- 智能问答 ---------------------------------------------------------------------------------------------

def test_a_question_about_an_applicant_is_answered_with_its_check_and_a_citation(app):
    at = app("zhang")
    at.switch_page("views/ask.py").run()
    apps = list(at.selectbox(key="ask_app").options)
    first = int(apps[1].split()[0].lstrip("#"))  # "#3 某某园区"
    at.selectbox(key="ask_app").set_value(first).run()
    at.chat_input[0].set_value("该园区研发投入强度达标吗？").run()
    assert not at.exception
    assert len(at.chat_message) == 2 and len(apps) > 1
    labels = [e.label for e in at.expander]
    assert any("📎" in lbl and "附件 指标体系" in lbl for lbl in labels), labels
    assert "确定性答案" in _texts(at)
    at.chat_input[0].set_value("那单位土地平均产值呢？").run()  # a follow-up keeps the applicant
    assert len(at.chat_message) == 4 and not at.exception


def test_an_overlong_question_is_one_line_of_error(app):
    at = app("zhang")
    at.switch_page("views/ask.py").run()
    at.chat_input[0].set_value("研发" * 400).run()
    assert len(at.error) == 1 and "问题过长" in at.error[0].value and not at.exception


# --- 政策对比 与 政策库 ------------------------------------------------------------------------------------

def test_comparison_of_editions_with_redline(app):
    at = app("li")
    at.switch_page("views/compare.py").run()
    at.selectbox(key="cmp_topic_pick").set_value("单位土地产出").run()
    assert not at.exception
    text = _texts(at)
    assert "单位土地产出" in text and "→" in text
    assert any(e.label.startswith("逐字对照") for e in at.expander)


def test_comparison_of_an_unknown_edition_is_an_error_not_a_trace(app):
    at = app("wang")
    at.switch_page("views/compare.py").run()
    at.text_input(key="cmp_topic_text").set_value("   ").run()
    assert "请选择或输入要比较的主题" in _texts(at) and not at.exception


def test_search_in_traditional_script_with_clause_tree(app):
    at = app("zhang")
    at.switch_page("views/library.py").run()
    at.text_input(key="lib_query").set_value("研發投入強度要達到多少").run()
    assert not at.exception
    assert "研发投入强度" in "\n".join(t.value for t in at.text)
    assert len(at.expander) > 10  # the selected document's clause tree


def test_admin_adds_a_user_and_a_wrong_password_length_is_refused(app, ui_dir):
    from ui.auth import load_users

    at = app("wang")
    at.switch_page("views/users.py").run()
    at.text_input[0].set_value("zhao")
    at.text_input[2].set_value("short")
    next(b for b in at.button if b.label == "添加用户").click().run()
    assert "密码至少" in _texts(at)
    at.text_input[0].set_value("zhao")
    at.text_input[2].set_value("long-enough-pw")
    next(b for b in at.button if b.label == "添加用户").click().run()
    assert "zhao" in load_users(ui_dir / "users.toml")


def test_without_a_users_file_only_a_loopback_server_has_a_local_user(ui_dir, monkeypatch, tmp_path):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ui.core import LOCAL_ENV, USERS_ENV

    bare = tmp_path / "bare"
    shutil.copytree(ui_dir, bare, ignore=shutil.ignore_patterns("users.toml", "workspace.sqlite3*"))
    monkeypatch.setenv("PINGSHEN_DATA_DIR", str(bare))
    monkeypatch.delenv(USERS_ENV, raising=False)
    monkeypatch.delenv(LOCAL_ENV, raising=False)
    main = sys.modules["__main__"]
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=600)
        at.run()  # as `streamlit run ui/app.py` would serve it: on every interface, so nobody is let in
        assert "只在本机地址上提供" in " ".join(e.value for e in at.error) and "pages" not in at.session_state
    finally:
        st.cache_resource.clear()
        sys.modules["__main__"] = main


def test_a_demoted_user_loses_the_old_rights_at_once(app, ui_dir):
    from ui.auth import add_user

    at = app("wang")
    assert "用户管理" in at.session_state["pages"]
    add_user(ui_dir / "users.toml", "wang", "工作人员", PASSWORD)
    import streamlit as st

    st.cache_resource.clear()
    at.run()
    assert "用户管理" not in at.session_state["pages"]
    add_user(ui_dir / "users.toml", "wang", "管理员", PASSWORD)
