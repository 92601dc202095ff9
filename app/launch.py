"""Start the Streamlit app on the served warehouse: `ict-warehouse app [--port N] [--address A]` and
`make app`.

The server binds 127.0.0.1 unless told otherwise: the app shows every document's text, so exposing
it to the network is a decision (`--address 0.0.0.0`), not a default.

Runs `streamlit run app/Home.py --server.port N --server.address A` in a child process (headless when
STREAMLIT_SERVER_HEADLESS is true, as in CI and the browser test) and waits for it; SIGTERM / SIGINT are
passed on to it, so stopping the launcher stops the server. When no warehouse has been published yet the
app still starts and its pages say how to build one.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = APP_DIR.parent
HOME_PAGE = APP_DIR / "Home.py"
DEFAULT_PORT = 8501
DEFAULT_ADDRESS = "127.0.0.1"  # this machine only; --address 0.0.0.0 (or an interface's) exposes it

_TRUE = {"1", "true", "yes", "on"}


def is_headless(env: dict[str, str] | os._Environ[str] | None = None) -> bool:
    env = os.environ if env is None else env
    return env.get("STREAMLIT_SERVER_HEADLESS", "").strip().lower() in _TRUE


def streamlit_command(port: int, *, headless: bool, address: str = DEFAULT_ADDRESS) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(HOME_PAGE),
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        # a reader's app: no Deploy button, no developer menu
        "--client.toolbarMode",
        "viewer",
        # the URL printed (and opened); also spares Streamlit's lookup of an external IP on the network
        "--browser.serverAddress",
        address or "localhost",
    ]
    if headless:
        cmd += ["--server.headless", "true"]
    return [*cmd, "--server.address", address]


def child_env(home: str | None = None) -> dict[str, str]:
    """The server's environment: the project root importable (pages import `app.data`), offline."""
    env = dict(os.environ)
    paths = [str(PROJECT_ROOT), *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    if home:
        env["ICTWH_HOME"] = str(Path(home).expanduser().resolve())
    return env


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ict-warehouse app", description="Start the Streamlit app.")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument(
        "--address",
        default=DEFAULT_ADDRESS,
        help=f"address to bind (default {DEFAULT_ADDRESS}: this machine only; 0.0.0.0 exposes the app)",
    )
    parser.add_argument("--home", help="warehouse home (default: $ICTWH_HOME or .warehouse)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    env = child_env(args.home)

    from orchestration.settings import load_settings

    served = load_settings(home=env.get("ICTWH_HOME")).served_db
    if not served.exists():
        print(
            f"No warehouse has been published at {served} yet: build one with `make run` "
            "(or `ict-warehouse build`). Starting the app anyway; its pages say the same.",
            file=sys.stderr,
        )
    cmd = streamlit_command(args.port, headless=is_headless(env), address=args.address)
    where = "every interface" if args.address in ("0.0.0.0", "::") else args.address
    print(f"Serving {served} read-only on http://{args.address}:{args.port}/ ({where})", file=sys.stderr)
    proc = subprocess.Popen(cmd, env=env, cwd=str(PROJECT_ROOT))

    def forward(signum, _frame):
        if proc.poll() is None:
            proc.send_signal(signum)

    previous = {}
    for s in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(ValueError):  # not the main thread: the caller stops the server
            previous[s] = signal.signal(s, forward)
    try:
        return proc.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    raise SystemExit(main())
