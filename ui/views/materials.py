"""申报材料: upload reports (progress per file and page), the applications, and each one's records with
their evidence drawn on the rendered page, the figures not used with the reason, and the warnings."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from assistant import reports
from assistant.checks import value_text
from extraction.errors import UnreadableFile
from extraction.indicators import REASONS
from extraction.models import value_to_json
from ui import core
from ui.text import md_escape

user = core.page_user("read")
s = core.settings()
ws = core.workspace()
st.title("申报材料")

demo = core.demo_ids()
if demo:
    st.info("工作区中的 D01–D06 是内置的演示申报书（虚构园区），用于熟悉界面；请勿当作真实申报材料。", icon="ℹ️")


def safe_name(name: str) -> str:
    """An uploaded file's name without directories or control characters (kept for people to read)."""
    name = Path(name.replace("\\", "/")).name
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip() or "upload.pdf"
    return name if name.lower().endswith(".pdf") else name + ".pdf"


def add_uploads(files) -> None:
    core.page_user("upload")
    for f in files:
        name = safe_name(f.name)
        bar = st.progress(0.0, text=f"{name}：读取中…")

        def step(done: int, total: int, name=name, bar=bar) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=f"{name}：第 {done}/{total} 页")

        def run(f=f, name=name, step=step):
            data = f.getvalue()
            if len(data) > s.max_pdf_mb * 1024 * 1024:
                raise UnreadableFile(name, f"文件超过 {s.max_pdf_mb} MB 上限", "file too large")
            core.keep_upload(data)
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / name
                path.write_bytes(data)
                reports.extract(s, path, progress=step)  # cached by content: the batch below reuses it
                (item,) = reports.add_reports(s, ws, [path], actor=user.name)
            if item.outcome == "failed":
                raise UnreadableFile(name, item.error or "无法读取", item.error or "")
            return item

        item = core.guarded(run, f"{name}：")
        bar.empty()
        if item is not None:
            verb = "已加入工作区" if item.outcome == "added" else "工作区中已有相同内容的文件"
            st.success(md_escape(f"{name}：{verb}（编号 {item.id}）"), icon="✅")


if user.can("upload"):
    st.caption(f"上传申报书 PDF：单个文件不超过 {s.max_pdf_mb} MB、{s.max_pdf_pages} 页。"
               "扫描页需逐页识别（约 1 秒/页），请耐心等待进度条。一个文件失败不影响其余文件。")
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader("申报书（PDF，可多选）", type=["pdf"], accept_multiple_files=True)
        go = st.form_submit_button("上传并核查", type="primary")
    if go and files:
        add_uploads(files)

apps = ws.applications()
if not apps:
    st.write("工作区还没有申报材料。")
    st.stop()
table = pd.DataFrame([{"编号": a.id, "申报单位": a.applicant or "（未识别）", "文件": a.file, "页数": a.pages,
                       "达标": a.counts.get("met", 0), "未达标": a.counts.get("not_met", 0),
                       "需复核": a.counts.get("needs_review", 0), "缺失": a.counts.get("missing", 0),
                       "复核调整": a.overrides, "上传人": a.uploaded_by,
                       "上传时间": a.uploaded_at.strftime("%Y-%m-%d %H:%M")} for a in apps])
st.subheader("工作区中的申报")
st.dataframe(table, hide_index=True, width="stretch")

labels = core.app_labels(apps)
app_id = st.selectbox("查看申报", list(labels), format_func=labels.get, key="materials_app")
d = core.guarded(lambda: ws.detail(app_id))
if d is None:
    st.stop()
x = d.extraction
st.subheader(md_escape(f"{labels[app_id]} 的指标记录"))
st.caption(f"{x.pages} 页（{'繁体' if x.script == 'traditional' else '简体'}）；"
           f"扫描识别页：{'、'.join(map(str, x.ocr_pages)) or '无'}；"
           f"最新年度：{x.latest_year or '未识别'}")

rows = []
for r in x.records:
    rows.append({"指标": r.indicator, "名称": r.name, "数值": value_text(value_to_json(r.value)), "单位": r.unit,
                 "年份": r.year, "页码": r.page, "来源": core.METHOD_NAMES.get(r.method, r.method),
                 "核对": "请核对" if r.method == "ocr" else ""})
picked = st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", on_select="rerun",
                      selection_mode="single-row", key="records")
sel = picked.selection.rows if picked and picked.selection else []
rec = x.records[sel[0]] if sel else (x.records[0] if x.records else None)
if rec is not None:
    st.markdown(f"**证据：{md_escape(rec.name)}**（第 {rec.page} 页，{core.METHOD_NAMES.get(rec.method, rec.method)}）"
                + ("　⚠️ 扫描识别所得，请核对原件" if rec.method == "ocr" else ""))
    left, right = st.columns([3, 2])
    pdf = core.stored_pdf(x.sha256)
    with left:
        if pdf is None:
            st.caption("原文件未保存在本机（通过命令行加入工作区的申报），无法显示页面图像。")
        else:
            ev = rec.evidence[0] if rec.evidence else None
            png = core.guarded(lambda: core.page_image(pdf, rec.page, ev.bbox if ev else None), "页面渲染：")
            if png:
                st.image(png, caption=f"第 {rec.page} 页（红框为证据位置）")
    with right:
        st.text_area("原文", "\n\n".join(f"第{e.page}页：{e.text}" for e in rec.evidence) or rec.text, height=260,
                     disabled=True, key=f"raw-{app_id}-{rec.indicator}")
        if rec.conflicts:
            st.warning(md_escape("同一年度另有不同数值："
                                 + "；".join(f"第{e.page}页 {e.text[:60]}" for e in rec.conflicts)))

if x.warnings:
    with st.expander(f"提示（{len(x.warnings)}）"):
        for w in x.warnings:
            st.text(f"- {w.indicator or '全文'}：{w.message}")
if x.rejected:
    with st.expander(f"未采用的数值（{len(x.rejected)}）：目标值、平均值、合计、增速、非全年等，附原因"):
        st.dataframe(pd.DataFrame([{"指标": r.indicator, "数值": r.raw, "年份": r.year, "页码": r.page,
                                    "原因": REASONS.get(r.reason, r.reason), "依据词": r.word, "原文": r.text[:80]}
                                   for r in x.rejected]), hide_index=True, width="stretch")
