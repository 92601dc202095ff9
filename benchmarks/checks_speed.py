"""Seconds the Great Expectations gates take on a built warehouse, per suite: on whole tables (what a
full refresh checks) and scoped to N changed documents (what a run that added N documents checks).

    .venv/bin/python benchmarks/checks_speed.py --home /tmp/gxwh
    .venv/bin/python benchmarks/checks_speed.py --home HOME --changed 1 --results benchmarks/results.md

Everything runs in this one process, as the in-process executor runs the checks of a build: GX's
import (paid once per process, by the first check) and the Data Docs build (once, by the publish
step) are timed apart from the suites. The suites read the served warehouse read-only; the changed
documents are the N most recently ingested ones (raw.documents.ingested_at), and the tables without
the per-document hint are compared with a copy of the warehouse (as if served). Each suite's time is
the best of `--reps` runs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def measure(db: Path, changed: int, reps: int) -> dict:
    import duckdb

    started = time.perf_counter()
    import great_expectations  # noqa: F401  (timed: the first check of a process pays it)

    import_s = time.perf_counter() - started
    from orchestration.quality.gx_runner import build_data_docs, validate_suite
    from orchestration.quality.scope import changed_scope, whole_scope
    from orchestration.quality.suites import load_suite_files

    con = duckdb.connect(str(db), read_only=True)
    try:
        ids = [
            r[0]
            for r in con.execute(
                "SELECT doc_id FROM raw.documents ORDER BY ingested_at DESC, doc_id LIMIT ?", [changed]
            ).fetchall()
        ]
        n_documents = con.execute("SELECT count(*) FROM raw.documents").fetchall()[0][0]
    finally:
        con.close()
    scopes = {
        "whole": whole_scope("benchmark: whole tables"),
        "scoped": changed_scope(ids, n_documents, {"added": len(ids)}),
    }
    files = load_suite_files()
    tmp = Path(tempfile.mkdtemp(prefix="checks_speed_"))
    served = tmp / "served.duckdb"  # what a scoped run compares the tables rebuilt whole with
    shutil.copy(db, served)
    suites: dict[str, dict] = {f.name: {"scope_hint": f.scope} for f in files}
    failed: dict[str, list[str]] = {}
    for label, scope in scopes.items():
        for rep in range(max(1, reps)):
            docs = tmp / f"{label}_{rep}" / "data_docs"  # one run's Data Docs folder per pass
            for f in files:
                t = time.perf_counter()
                outcome = validate_suite(db, f, docs, scope, served_db=served if label == "scoped" else None)
                seconds = time.perf_counter() - t
                row = suites[f.name]
                row[f"{label}_s"] = min(seconds, row.get(f"{label}_s", seconds))
                row[f"{label}_rows"] = outcome.rows
                row[f"{label}_detail"] = outcome.scope_detail
                if not outcome.passed:
                    failed.setdefault(label, []).append(f.name)
    t = time.perf_counter()
    build_data_docs(tmp / f"whole_{max(1, reps) - 1}" / "data_docs")  # as publish does, for one run
    docs_s = time.perf_counter() - t
    return {
        "db": str(db),
        "documents": n_documents,
        "changed": len(ids),
        "reps": reps,
        "import_gx_s": import_s,
        "data_docs_s": docs_s,
        "suites": suites,
        "total_whole_s": sum(r["whole_s"] for r in suites.values()),
        "total_scoped_s": sum(r["scoped_s"] for r in suites.values()),
        "failed": failed,
    }


def markdown(m: dict) -> str:
    lines = [
        f"Warehouse `{m['db']}`: {m['documents']:,} documents; scoped = {m['changed']} changed "
        f"document(s); best of {m['reps']} run(s) per suite.",
        "",
        "| suite | scope hint | rows (whole) | whole s | rows (scoped) | scoped s |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, r in m["suites"].items():
        lines.append(
            f"| {name} | {r['scope_hint']} | {r['whole_rows']:,} | {r['whole_s']:.3f} | "
            f"{r['scoped_rows']:,} | {r['scoped_s']:.3f} |"
        )
    lines += [
        f"| **total ({len(m['suites'])} suites)** | | | **{m['total_whole_s']:.2f}** | | "
        f"**{m['total_scoped_s']:.2f}** |",
        "",
        f"Once per process: GX import {m['import_gx_s']:.2f} s (the first check pays it); Data Docs "
        f"build {m['data_docs_s']:.2f} s (the publish step). Failed suites: "
        f"{m['failed'] or 'none'}.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a built warehouse home")
    parser.add_argument("--db", type=Path, help="the DuckDB file (default: HOME/warehouse.duckdb)")
    parser.add_argument(
        "--changed", type=int, default=1, help="changed documents of the scoped pass (default 1)"
    )
    parser.add_argument(
        "--reps", type=int, default=2, help="runs per suite and pass; the best is kept (default 2)"
    )
    parser.add_argument("--note", default="", help="a sentence printed under the section's table")
    parser.add_argument("--results", type=Path, metavar="PATH", help="append a section to PATH")
    args = parser.parse_args(argv)
    db = args.db or args.home / "warehouse.duckdb"
    m = measure(db, args.changed, args.reps)
    text = markdown(m)
    print(text)
    if args.results:
        from benchmarks.run import append_report, machine_info

        info = machine_info()
        heading = f"## GX checks: whole tables and scoped to the changed documents, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
        machine = (
            f"{info['nproc']} cores, {info.get('cpu', '?')}, {info['platform']}, Python {info['python']}"
        )
        body = f"{heading}\n\n`benchmarks/checks_speed.py`; {machine}.\n\n{text}\n"
        if args.note:
            body += f"\n{args.note}\n"
        append_report(args.results, body)
    return m


if __name__ == "__main__":
    main()
