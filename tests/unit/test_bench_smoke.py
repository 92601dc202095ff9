"""The benchmark script on 20 documents, so that it cannot rot (the full run is `make bench`).

The extraction is scored by `ict-warehouse eval`'s rule on the corpus's labels, overall, per fact
family and per variation value of the generator's catalogue.

One real build in a child process (about a minute): the report must carry real figures. The build
parses the dbt project itself when its manifest is missing or stale (orchestration.dbt_resources).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from benchmarks import generate_corpus as gc

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

    # extraction: a real throughput; the eval's recall, precision and trap errors
    m = re.search(
        r"^\| 20 \| [\d.]+ \| [\d.]+ \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| (\d+) \| ([\d,]+) / ([\d,]+) \|",
        report,
        re.M,
    )
    assert m, report
    rate, recall, precision = (float(x) for x in m.groups()[:3])
    facts, found = (int(x.replace(",", "")) for x in m.groups()[4:])
    assert rate > 0
    assert 0.0 <= recall <= 1.0 and 0.0 <= precision <= 1.0
    assert facts > 100 and 0 < found <= facts and abs(found / facts - recall) < 1e-3

    # recall per fact family and per variation value, as a table
    assert "| fact family | facts | found | recall | precision | trap errors |" in report
    section = report.split("#### Recall per variation value", 1)[1].split("###", 1)[0]
    rows = re.findall(r"^\| (\w+) \| (\S+(?: \S+)?) \| (\d+) \| (\d+) \| ([\d.]+|-) \|", section, re.M)
    assert rows, section
    axes = {axis for axis, *_ in rows}
    assert {"kind", "counter", "flattening", "unit", "amount", "furniture"} <= axes
    kinds = {value: int(docs) for axis, value, docs, *_ in rows if axis == "kind"}
    assert set(kinds) <= set(gc.VARIATIONS["kind"]) and sum(kinds.values()) == 20

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
    extraction = results["extraction"]
    assert 0.0 <= extraction["overall"]["recall"] <= 1.0
    assert extraction["overall"]["docs"] == 20
    pipes = extraction["variations"]["flattening"]
    assert set(pipes) <= set(gc.VARIATIONS["flattening"])
    assert all(v["facts"] >= v["found"] >= 0 for v in pipes.values())

    # queries ran on the served warehouse, and every target has its line
    queries = results["queries"]
    timed = [q for q in {**queries.get("app", {}), **queries["analyst"]}.values() if "p95_ms" in q]
    assert timed and all(q["p95_ms"] > 0 for q in timed)
    targets = report.split("### Targets", 1)[1]
    assert "extraction >= 3 MB/s" in targets and "p95 <= 200 ms" in targets
    assert "synthetic recall 1" in targets and "trap errors <= 0" in targets
    assert "every variation value at recall 1" in targets
