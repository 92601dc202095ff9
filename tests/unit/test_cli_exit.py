"""`ict-warehouse` ends without the interpreter's teardown of everything a build imported, and loses
nothing by it: output flushed, exit handlers run, the exit code kept, a working thread waited for."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_the_command_is_the_entry_that_exits_without_teardown():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["ict-warehouse"] == "orchestration.cli:entry"


def test_output_exit_handlers_and_the_code_survive(tmp_path):
    marker = tmp_path / "handler_ran"
    code = (
        "import atexit, sys\n"
        "from orchestration.cli import exit_without_teardown\n"
        f"atexit.register(lambda: open({str(marker)!r}, 'w').write('yes'))\n"
        "print('to stdout', end='')\n"
        "sys.stderr.write('to stderr')\n"
        "exit_without_teardown(3)\n"
        "print('never')\n"
    )
    done = _run(code)
    assert done.returncode == 3
    assert done.stdout == "to stdout" and done.stderr == "to stderr"
    assert marker.read_text() == "yes"


def test_a_thread_still_at_work_is_waited_for(tmp_path):
    marker = tmp_path / "thread_done"
    code = (
        "import threading, time\n"
        "from orchestration.cli import exit_without_teardown\n"
        "def work():\n"
        "    time.sleep(0.5)\n"
        f"    open({str(marker)!r}, 'w').write('done')\n"
        "threading.Thread(target=work).start()\n"
        "exit_without_teardown(0)\n"
    )
    done = _run(code)
    assert done.returncode == 0, done.stderr
    assert marker.read_text() == "done"
