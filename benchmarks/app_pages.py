"""Page load times of the explorer on a built warehouse: each page's script run, cold and warm.

    .venv/bin/python benchmarks/app_pages.py                        # builds the seed warehouse first
    .venv/bin/python benchmarks/app_pages.py --home .warehouse      # an existing warehouse home
    .venv/bin/python benchmarks/app_pages.py --results benchmarks/results.md

A page's load is the time Streamlit takes to run its script against the served warehouse
(streamlit.testing's AppTest: the same script run a browser session triggers, without the network
and the drawing). Cold: a page's first run on an empty query cache in a started server (every
query opens the file; the one-off imports of a server's start are left out);
warm: the best of the next runs (queries answered from the cache keyed by the file's identity). The
target is under 1 s per page on the seed warehouse (issue: the explorer for the people who use it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PAGES = {
    "overview": "app/pages/0_Overview.py",
    "programs": "app/pages/1_Programs.py",
    "departments": "app/pages/2_Departments.py",
    "audits": "app/pages/3_Audits.py",
    "sources": "app/pages/4_Sources.py",
    "data_quality": "app/pages/5_Data_quality.py",
    "program": "app/pages/6_Program.py",
}
TARGET_S = 1.0


def _seed_home() -> Path:
    from orchestration.cli import run_build
    from orchestration.settings import load_settings

    home = Path(tempfile.mkdtemp(prefix="app-bench-"))
    outcome = run_build(load_settings(documents_dir=ROOT / "seeds" / "documents", home=home), quiet=True)
    if not outcome.published:
        raise SystemExit(f"the seed warehouse did not publish: {outcome.failures}")
    return home


def time_pages(home: Path, reps: int = 5) -> dict[str, dict[str, float]]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["ICTWH_HOME"] = str(home)
    # the server imports streamlit, altair, pandas and the app's modules once, when it starts: do it
    # here too, so that "cold" is a page's first run on an empty query cache, not the imports
    AppTest.from_file(str(ROOT / PAGES["overview"]), default_timeout=120).run()
    out: dict[str, dict[str, float]] = {}
    for name, rel in PAGES.items():
        path = ROOT / rel
        if not path.exists():
            continue
        st.cache_data.clear()
        runs = []
        for _ in range(reps):
            at = AppTest.from_file(str(path), default_timeout=120)
            started = time.perf_counter()
            at.run()
            runs.append(time.perf_counter() - started)
            if at.exception:
                raise SystemExit(f"{name}: {at.exception[0].value}")
        out[name] = {"cold_s": round(runs[0], 3), "warm_s": round(min(runs[1:]), 3),
                     "median_s": round(statistics.median(runs), 3)}  # fmt: skip
    return out


def markdown(times: dict[str, dict[str, float]]) -> str:
    lines = ["| page | cold (s) | warm (s) | median (s) | under 1 s |", "|---|---:|---:|---:|---|"]
    for name, t in times.items():
        ok = "yes" if t["cold_s"] < TARGET_S else "no"
        lines.append(f"| {name} | {t['cold_s']} | {t['warm_s']} | {t['median_s']} | {ok} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, help="a built warehouse home (default: build the seeds)")
    parser.add_argument("--reps", type=int, default=5, help="runs per page (default 5)")
    parser.add_argument("--results", type=Path, metavar="PATH", help="append the report to PATH")
    args = parser.parse_args(argv)
    home = args.home or _seed_home()
    times = time_pages(home, args.reps)
    table = markdown(times)
    print(table)
    if args.results:
        from benchmarks.run import append_report, machine_info

        m = machine_info()
        heading = f"## Explorer page loads, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
        machine = f"{m['nproc']} cores, {m.get('cpu', '?')}, {m['platform']}, Python {m['python']}"
        append_report(
            args.results, f"{heading}\n\nseed warehouse; {machine}; target < {TARGET_S:.0f} s\n\n{table}\n"
        )
    return times


if __name__ == "__main__":
    main()
