"""The workbench end to end in a real browser: Debian's chromium driven by Playwright, against
``pingshen ui`` on a free loopback port with a users file.

Log in, upload a typed and a scanned report, wait for each one's score sheet, open a record's evidence
image, ask 研发投入强度达标吗？ and see an answer with a citation, download the xlsx. A screenshot of each
step goes to ``test-artifacts/browser/``; the timings (start to first page cold and warm, upload to score
sheet) to ``test-artifacts/browser/timings.json``. Never ``playwright install``: the browser is the
system's (``.ci/run`` installs ``chromium`` and ``fonts-noto-cjk``).
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "browser"
PASSWORD = "browser-pass-7"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian chromium is not installed (.ci/run installs it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(data: Path, users: Path) -> tuple[subprocess.Popen, str, float]:
    """``pingshen ui`` on a free port; returns the process, its URL and the seconds until the first page answered."""
    port = _free_port()
    env = {**os.environ, "PINGSHEN_DATA_DIR": str(data)}
    env.pop("PINGSHEN_LLM_BASE_URL", None)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ui", "--port", str(port), "--users", str(users)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline:
        if proc.poll() is not None:
            raise AssertionError("pingshen ui exited: " + (proc.stdout.read() if proc.stdout else ""))
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url, time.perf_counter() - t0
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise AssertionError("pingshen ui did not answer within 180 s")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield b
        b.close()


def test_review_in_the_browser(browser, data_dir, index, generated, tmp_path):
    from ui.auth import add_user

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    data = tmp_path / "data"
    shutil.copytree(data_dir, data,
                    ignore=shutil.ignore_patterns("workspace.sqlite3*", "uploads", ".demo-seeded", "cache"))
    users = tmp_path / "users.toml"
    add_user(users, "zhang", "审查专家", PASSWORD, display="张审查")
    truth = json.loads((generated / "truth.json").read_text(encoding="utf-8"))
    typed = next(t["file"] for t in truth if not t["scanned"])
    scanned = next(t["file"] for t in truth if t["scanned"] and len(t["scanned"]) == t["pages"])
    timings: dict[str, float] = {}

    proc, url, started = _start(data, users)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        t0 = time.perf_counter()
        page.goto(url)
        page.get_by_label("用户名").wait_for(timeout=120_000)
        timings["cold: process start to server up (s)"] = round(started, 1)
        timings["cold: first page rendered (s)"] = round(started + time.perf_counter() - t0, 1)
        page.screenshot(path=str(ARTIFACTS / "01-login.png"))
        page.get_by_label("用户名").fill("zhang")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        # the first page after login opens the workspace: a fresh data directory seeds the demo reports
        page.get_by_test_id("stFileUploaderDropzoneInput").wait_for(state="attached", timeout=300_000)
        page.get_by_test_id("stDataFrame").first.wait_for(timeout=300_000)
        timings["cold: login to the materials page with the demo workspace (s)"] = round(time.perf_counter() - t0, 1)
        page.screenshot(path=str(ARTIFACTS / "02-materials.png"), full_page=True)

        for label, name in (("typed", typed), ("scanned", scanned)):
            t1 = time.perf_counter()
            page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(generated / name))
            page.get_by_test_id("stFileChip").first.wait_for(timeout=60_000)
            page.get_by_role("button", name="上传并核查").click()
            page.get_by_text(f"{name}：已加入工作区").wait_for(timeout=600_000)
            timings[f"upload to score sheet, {label} report (s)"] = round(time.perf_counter() - t1, 1)
        page.screenshot(path=str(ARTIFACTS / "03-uploaded.png"), full_page=True)

        # the evidence of the selected application's first record, drawn on its page
        page.get_by_test_id("stImage").first.wait_for(timeout=120_000)
        page.get_by_test_id("stImage").first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "04-evidence.png"), full_page=True)

        page.get_by_role("link", name="评分表").click()
        page.get_by_text("下载评分表").wait_for(timeout=120_000)
        page.get_by_test_id("stDataFrame").first.wait_for(timeout=120_000)
        page.screenshot(path=str(ARTIFACTS / "05-scoresheet.png"), full_page=True)
        with page.expect_download(timeout=120_000) as dl:
            page.get_by_role("button", name="下载 Excel（评分表.xlsx）").click()
        xlsx = tmp_path / "评分表.xlsx"
        dl.value.save_as(xlsx)
        assert xlsx.read_bytes()[:2] == b"PK"

        page.get_by_role("link", name="智能问答").click()
        box = page.get_by_test_id("stChatInputTextArea")
        box.wait_for(timeout=120_000)
        page.get_by_test_id("stSelectbox").first.click()  # the applicant: the first application of the workspace
        page.get_by_role("option").nth(1).click()
        page.wait_for_timeout(1500)
        box.fill("研发投入强度达标吗？")
        box.press("Enter")
        page.get_by_text("📎").first.wait_for(timeout=120_000)
        page.screenshot(path=str(ARTIFACTS / "06-ask.png"), full_page=True)
        assert page.get_by_text("📎").count() >= 1
    finally:
        _stop(proc)

    proc, url, started = _start(data, users)  # warm: the same data directory, index and workspace ready
    try:
        page = browser.new_page()
        t0 = time.perf_counter()
        page.goto(url)
        page.get_by_label("用户名").wait_for(timeout=120_000)
        timings["warm: process start to server up (s)"] = round(started, 1)
        timings["warm: first page rendered (s)"] = round(started + time.perf_counter() - t0, 1)
    finally:
        _stop(proc)
    (ARTIFACTS / "timings.json").write_text(json.dumps(timings, ensure_ascii=False, indent=1), encoding="utf-8")
