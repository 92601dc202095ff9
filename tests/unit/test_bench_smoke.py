"""The benchmark script on 20 documents, so that it cannot rot (the full run is `make bench`).

One real build in a child process (about a minute): the report must carry real figures. The build
parses the dbt project itself when its manifest is missing or stale (orchestration.dbt_resources).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "benchmarks" / "run.py"


def test_benchmark_smoke(tmp_path: Path) -> None:
    workdir = tmp_path / "bench"
    results_md = tmp_path / "results.md"
    proc = subprocess.run(
        [
            sys.executable,
            str(RUN),
            "--smoke",
            "--no-append",
            "--workdir",
            str(workdir),
            "--results",
            str(results_md),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = proc.stdout
    assert not results_md.exists()  # --no-append (and --smoke never appends unless asked)

    # extraction: a real throughput, recall and precision between 0 and 1
    m = re.search(r"^\| 20 \| [\d.]+ \| [\d.]+ \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|", report, re.M)
    assert m, report
    rate, recall, precision = (float(x) for x in m.groups())
    assert rate > 0
    assert 0.0 <= recall <= 1.0 and 0.0 <= precision <= 1.0

    # the build: a wall time > 0 and a published warehouse
    m = re.search(r"^\| 20 docs \| ([\d.,]+) \|.*\| ([\d,]+) \| (\w[\w ]*) \|$", report, re.M)
    assert m, report
    assert float(m.group(1).replace(",", "")) > 0
    assert float(m.group(2).replace(",", "")) > 0  # peak RSS MiB
    assert m.group(3) == "published"
    assert (workdir / "home_20" / "warehouse.duckdb").exists()

    # the same figures in the JSON beside the report
    results = json.loads((workdir / "results" / "results.json").read_text(encoding="utf-8"))
    build = results["builds"]["full_20"]
    assert build["published"] and build["wall_s"] > 0
    assert set(build["stages"]) == {"ingest", "extract", "checks", "dbt", "publish"}
    assert build["stages"]["dbt"] > 0 and build["stages"]["extract"] > 0
    assert 0.0 <= results["extraction"]["overall"]["recall"] <= 1.0

    # queries ran on the served warehouse, and every target has its line
    queries = results["queries"]
    timed = [q for q in {**queries.get("app", {}), **queries["analyst"]}.values() if "p95_ms" in q]
    assert timed and all(q["p95_ms"] > 0 for q in timed)
    targets = report.split("### Targets", 1)[1]
    assert "extraction >= 5 MB/s" in targets and "recall 1" in targets and "p95 <= 200 ms" in targets
