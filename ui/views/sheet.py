"""评分表: the pre-filled score sheet per applicant with filters, reviewers' overrides (reason required,
written to the audit log), status charts in fixed colours, and the xlsx/CSV downloads built by the same
``build_scoresheet`` the CLI uses."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from assistant.reports import build_scoresheet
from assistant.scoresheet import report_to_sheet, sheets_to_csv, sheets_to_xlsx_bytes
from ui import core
from ui.auth import require
from ui.text import md_escape

user = core.page_user("read")
s = core.settings()
ws = core.workspace()
kb = core.knowledge()
st.title("评分表")
apps = ws.applications()
if not apps:
    st.write("工作区还没有申报材料，请先在“申报材料”页上传。")
    st.stop()
labels = core.app_labels(apps)
app_id = st.selectbox("申报单位", list(labels), format_func=labels.get, key="sheet_app")
d = core.guarded(lambda: ws.detail(app_id))
if d is None:
    st.stop()
sheet = report_to_sheet(d.report, kb.catalogue, app_id)
if "sheet_saved" in st.session_state:
    st.success(st.session_state.pop("sheet_saved"), icon="✅")
st.caption(md_escape(f"适用标准：{sheet.basis}" + (f"；特色领域：{sheet.domain}" if sheet.domain else "")))

COLOURS = {name: f"background-color: {colour}; color: white" for name, colour in core.STATUS_COLOURS.items()}
show = st.radio("筛选", ["全部", "未达标", "需复核", "缺失"], horizontal=True, key="sheet_filter")
frame = pd.DataFrame([{"规则": r.rule, "一级指标": r.group, "二级指标": r.name, "判定": core.STATUS_NAMES[r.status],
                       "申报值": "" if r.value is None else str(r.value), "单位": r.unit, "申报条件": r.condition,
                       "证据页码": r.evidence_pages, "条款出处": r.clause_ref, "复核调整": r.override}
                      for r in sheet.rows])
if show != "全部":
    frame = frame[frame["判定"] == show]
st.dataframe(frame.style.map(lambda v: COLOURS.get(v, ""), subset=["判定"]), hide_index=True, width="stretch",
             key="sheet_table")

# --- a reviewer's decision ---------------------------------------------------------------------
if user.can("override"):
    with st.expander("复核调整（须写明理由，记入审计日志）"):
        with st.form("override", clear_on_submit=True):
            rules = [r.rule for r in sheet.rows]
            names = {r.rule: f"{r.rule} {r.name}（当前：{core.STATUS_NAMES[r.status]}）" for r in sheet.rows}
            rule = st.selectbox("规则", rules, format_func=names.get)
            status = st.selectbox("调整为", list(core.STATUS_NAMES), format_func=core.STATUS_NAMES.get)
            reason = st.text_area("理由（必填）")
            if st.form_submit_button("保存调整", type="primary"):
                def save():
                    who = require(core.current_user(), "override")  # the role is checked again behind the button
                    return ws.override(app_id, rule, status, reason, reviewer=who.name)

                o = core.guarded(save, "复核调整：")
                if o is not None:
                    st.session_state["sheet_saved"] = (f"已记录：{o.rule} {core.STATUS_NAMES[o.old_status]}"
                                                       f"→{core.STATUS_NAMES[o.new_status]}（{o.reviewer}）")
                    st.rerun()
if d.overrides:
    with st.expander(f"复核记录（{len(d.overrides)}）"):
        st.dataframe(pd.DataFrame([{"规则": o.rule, "原判定": core.STATUS_NAMES[o.old_status],
                                    "调整为": core.STATUS_NAMES[o.new_status],
                                    "理由": o.reason, "复核人": o.reviewer, "时间": o.at.strftime("%Y-%m-%d %H:%M")}
                                   for o in d.overrides]), hide_index=True, width="stretch")

# --- charts in fixed colours ---------------------------------------------------------------------
scale = alt.Scale(domain=list(core.STATUS_COLOURS), range=list(core.STATUS_COLOURS.values()))
left, right = st.columns(2)
with left:
    st.markdown("**各一级指标的判定**")
    by_group = pd.DataFrame([{"一级指标": r.group, "判定": core.STATUS_NAMES[r.status]} for r in sheet.rows])
    st.altair_chart(alt.Chart(by_group).mark_bar().encode(
        y=alt.Y("一级指标:N", sort=None), x=alt.X("count():Q", title="规则数"),
        color=alt.Color("判定:N", scale=scale)), width="stretch")
with right:
    st.markdown("**申报单位对比**")
    counts = pd.DataFrame([{"申报单位": labels[a.id], "判定": core.STATUS_NAMES[k], "规则数": v}
                           for a in apps for k, v in a.counts.items() if v])
    st.altair_chart(alt.Chart(counts).mark_bar().encode(
        y=alt.Y("申报单位:N", sort=None), x=alt.X("规则数:Q"), color=alt.Color("判定:N", scale=scale)),
        width="stretch")

# --- downloads -------------------------------------------------------------------------------------
st.subheader("下载评分表")
chosen = st.multiselect("包含的申报单位", list(labels), default=list(labels), format_func=labels.get, key="sheet_dl")
if chosen:
    built = core.guarded(lambda: build_scoresheet(s, [str(i) for i in chosen]), "评分表：")
    if built is not None:
        sheets, failed = built
        for f in failed:
            st.error(md_escape(f"{f.file}：{f.error}"), icon="⚠️")
        a, b = st.columns(2)
        xlsx = sheets_to_xlsx_bytes(sheets, failed=[(f.file, f.error or "") for f in failed])
        a.download_button("下载 Excel（评分表.xlsx）", xlsx, file_name="评分表.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
                          type="primary")
        b.download_button("下载 CSV", sheets_to_csv(sheets).encode("utf-8-sig"), file_name="评分表.csv",
                          mime="text/csv", on_click="ignore")
