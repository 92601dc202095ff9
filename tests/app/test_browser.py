"""A real headless Chromium loads the running app (started by app/launch.py) and screenshots two pages.

Chromium is driven over the DevTools protocol (the `websockets` client that Streamlit itself depends
on), so the test waits until Streamlit has finished running the page script instead of guessing a
time budget; it then saves a PNG under the test's tmp_path and checks that the page rendered real
content and no exception box (`stException`).
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.app.conftest import APP, ROOT
from tests.chromium import CHROMIUM, HEADLESS_FLAGS

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [*HEADLESS_FLAGS, "--window-size=1400,1000"]


def _chromium() -> Path:
    if not CHROMIUM.exists():
        subprocess.run([str(ROOT / "scripts" / "ensure-system-packages")], check=False, timeout=900)
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is absent and scripts/ensure-system-packages could not install it (not root?)"
        )
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> bytes:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"process exited with {proc.returncode} while waiting for {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                return resp.read()
        except OSError as exc:
            last = exc
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout}s: {last}")


def _stop(proc: subprocess.Popen) -> None:
    """Stop a process group this test started (by its id)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


class DevTools:
    """The smallest DevTools-protocol client: one page target, request/response by id."""

    def __init__(self, ws_url: str) -> None:
        from websockets.sync.client import connect

        self._ws = connect(ws_url, max_size=64 * 1024 * 1024, open_timeout=20)
        self._ids = itertools.count(1)

    def call(self, method: str, timeout: float = 30, **params):
        msg_id = next(self._ids)
        self._ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            reply = json.loads(self._ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def close(self) -> None:
        self._ws.close()


# Streamlit marks the app root with the script's run state; the page is done when the script ran and
# no element is still stale from the previous run.
PAGE_STATE = """(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  return {
    state: app ? app.getAttribute('data-test-script-state') : null,
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
    skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
    stale: document.querySelectorAll('[data-stale="true"]').length,
    charts: document.querySelectorAll('.vega-embed canvas, .vega-embed svg').length,
    tables: document.querySelectorAll('[data-testid="stDataFrame"]').length,
    text: main.innerText,
    sidebar: (document.querySelector('[data-testid="stSidebar"]') || {}).innerText || '',
    toolbar: (document.querySelector('[data-testid="stToolbar"]') || {}).innerText || '',
    width: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  };
})()"""


def _load(devtools: DevTools, url: str, ready: str, timeout: float = 90) -> dict:
    devtools.call("Page.navigate", url=url)
    deadline = time.monotonic() + timeout
    state: dict = {}
    settled = 0
    while time.monotonic() < deadline:
        state = devtools.evaluate(PAGE_STATE) or {}
        done = (
            state.get("state") == "notRunning"
            and ready in (state.get("text") or "")
            and not state.get("skeletons")
            and not state.get("stale")
        )
        if state.get("exceptions"):
            break
        settled = settled + 1 if done else 0
        if settled >= 3:  # stable for a moment: charts and grids have drawn
            break
        time.sleep(0.5)
    return state


@pytest.fixture(scope="module")
def running_app(warehouse_home: Path, tmp_path_factory: pytest.TempPathFactory):
    tmp_path = tmp_path_factory.mktemp("app")
    port = _free_port()
    env = dict(os.environ, ICTWH_HOME=str(warehouse_home), STREAMLIT_SERVER_HEADLESS="true")
    log = open(tmp_path / "streamlit.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, str(APP / "launch.py"), "--port", str(port), "--address", "127.0.0.1"],
        env=env,
        cwd=str(ROOT),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_http(f"http://127.0.0.1:{port}/_stcore/health", 60, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(proc)
        log.close()


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory):
    tmp_path = tmp_path_factory.mktemp("chromium")
    binary = _chromium()
    profile = tmp_path / "chromium-profile"
    proc = subprocess.Popen(
        [
            str(binary),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or proc.poll() is not None:
                raise AssertionError("Chromium did not open its DevTools port")
            time.sleep(0.2)
        port = int(port_file.read_text().splitlines()[0])
        targets = json.loads(_wait_http(f"http://127.0.0.1:{port}/json/list", 20))
        page = next(t for t in targets if t.get("type") == "page")
        devtools = DevTools(page["webSocketDebuggerUrl"])
        devtools.call("Page.enable")
        devtools.call("Runtime.enable")
        yield devtools
        devtools.close()
    finally:
        _stop(proc)


# page, its URL, what it shows in Korean and in English once loaded
PAGES = [
    ("overview", "/", ["개요", "3,703억원", "지역별 연도별 정보화사업 계획"], ["Overview", "Documents"]),
    ("programs", "/Programs", ["사업", "스마트도시 통신인프라 구축", "원인행위율 5.1%"], ["Programs"]),
    ("departments", "/Departments", ["부서", "스마트도시담당관"], ["Departments"]),
    ("audits", "/Audits", ["행정사무감사"], ["Audits"]),
    ("sources", "/Sources", ["원문", "문서 선택"], ["Sources", "Pick a document"]),
    ("data_quality", "/Data_quality", ["데이터 품질"], ["Data quality"]),
    ("program", "/Program", ["사업 상세"], ["Program"]),
]
# what an English interface leaks into the Korean one: Streamlit's own widget texts, page names, codes
ENGLISH_LEAKS = [
    "Choose options",
    "Choose an option",
    "Deploy",
    "Programs",
    "Departments",
    "Audits",
    "Data quality",
    "budget_lines",
    "published",
    "None",
]


def _shoot(chromium: DevTools, tmp_path: Path, name: str) -> Path:
    shot = chromium.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)
    png = tmp_path / f"{name}.png"
    png.write_bytes(base64.b64decode(shot["data"]))
    print(f"screenshot: {png}")
    return png


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("name", "path", "korean", "english"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_renders_in_chromium_in_both_languages(
    running_app: str, chromium: DevTools, tmp_path: Path, name: str, path: str, korean, english, lang: str
) -> None:
    chromium.call(
        "Emulation.setDeviceMetricsOverride", width=1400, height=1000, deviceScaleFactor=1, mobile=False
    )
    expected = korean if lang == "ko" else english
    url = running_app + path + ("&" if "?" in path else "?") + f"lang={lang}"
    state = _load(chromium, url, ready=expected[-1])
    png = _shoot(chromium, tmp_path, f"{name}-{lang}")

    assert png.stat().st_size > 20_000, "the screenshot is (nearly) blank"
    assert state.get("exceptions") == 0, state.get("text", "")[:2000]
    assert state.get("state") == "notRunning", state
    for text in expected:
        assert text in state["text"], f"{text!r} not on {path} ({lang})"
    assert "Deploy" not in state.get("toolbar", "")
    if lang == "ko":
        shown = state["text"] + "\n" + state.get("sidebar", "")
        leaks = [w for w in ENGLISH_LEAKS if w in shown]
        assert not leaks, f"English on the Korean {name} page: {leaks}"
        assert all(label in state.get("sidebar", "") for label in ("개요", "사업", "부서", "원문"))
    else:
        assert all(label in state.get("sidebar", "") for label in ("Overview", "Programs", "Sources"))
    if name == "overview":
        assert state.get("charts", 0) >= 1, "the yearly plan chart did not draw"
        assert state.get("tables", 0) >= 1


@pytest.mark.parametrize(
    ("name", "path", "ready"),
    [
        ("overview", "/", "지역별 연도별 정보화사업 계획"),
        ("programs", "/Programs", "스마트도시 통신인프라 구축"),
    ],
)
def test_pages_fit_a_phone(
    running_app: str, chromium: DevTools, tmp_path: Path, name: str, path: str, ready: str
) -> None:
    """At phone width (390 px) the page does not scroll sideways and its key figures are on it."""
    chromium.call(
        "Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=2, mobile=True
    )
    try:
        state = _load(chromium, running_app + path, ready=ready)
        _shoot(chromium, tmp_path, f"{name}-phone")
    finally:
        chromium.call("Emulation.clearDeviceMetricsOverride")
    assert state.get("exceptions") == 0
    assert ready in state["text"]
    assert state["width"] <= state["viewport"] + 2, (
        f"the page is {state['width']}px wide on a {state['viewport']}px phone"
    )
    if name == "programs":  # the filters are on the page, not in the sidebar a phone folds away
        assert "필터" in state["text"] and "회계연도" in state["text"]
