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


@pytest.fixture
def running_app(warehouse_home: Path, tmp_path: Path):
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


@pytest.fixture
def chromium(tmp_path: Path):
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


@pytest.mark.parametrize(
    ("name", "path", "expected"),
    [
        ("overview", "/", ["개요", "3,703억원", "지역별 연도별 정보화사업 계획"]),
        ("programs", "/Programs", ["사업", "스마트도시 통신인프라 구축", "원인행위율 5.1%"]),
    ],
)
def test_page_renders_in_chromium(
    running_app: str, chromium: DevTools, tmp_path: Path, name: str, path: str, expected: list[str]
) -> None:
    state = _load(chromium, running_app + path, ready=expected[-1])
    shot = chromium.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)
    png = tmp_path / f"{name}.png"
    png.write_bytes(base64.b64decode(shot["data"]))
    print(f"screenshot of {path}: {png}")

    assert png.stat().st_size > 20_000, "the screenshot is (nearly) blank"
    assert state.get("exceptions") == 0, state.get("text", "")[:2000]
    assert state.get("state") == "notRunning", state
    for text in expected:
        assert text in state["text"], f"{text!r} not on {path}"
    assert state.get("tables", 0) >= 1
    if name == "overview":
        assert state.get("charts", 0) >= 1, "the yearly plan chart did not draw"
