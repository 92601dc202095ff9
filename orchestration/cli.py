"""`ict-warehouse`: build the warehouse, and look at what ingestion and extraction make of files."""

from __future__ import annotations

import argparse
import atexit
import json
import logging
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from orchestration.ingest.metadata import KINDS
from orchestration.settings import Settings, load_settings

DAGSTER_PG_URL_ENV = "ICTWH_DAGSTER_PG_URL"  # named by orchestration/dagster_postgres.yaml


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _print_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
    sys.stdout.write("\n")


# --- ingest / extract: single files, no warehouse ------------------------------------------------


def _ingest_one(path: Path, settings: Settings):
    from orchestration.ingest.documents import ingest_file

    return ingest_file(path, max_bytes=settings.max_document_bytes)


def cmd_ingest(args: argparse.Namespace) -> int:
    from orchestration.ingest.documents import Document, ingest_files

    settings = load_settings()
    out = []
    for item in ingest_files([Path(p) for p in args.files], max_bytes=settings.max_document_bytes):
        if isinstance(item, Document):
            out.append(
                {
                    "status": "document",
                    "doc_id": item.doc_id,
                    "file_name": item.file_name,
                    "path": item.path,
                    "byte_size": item.byte_size,
                    "encoding": item.encoding,
                    "source_format": item.source_format,
                    "ocr": item.ocr,
                    "line_count": item.line_count,
                    "metadata": item.metadata.to_json(),
                    "metadata_origin": item.metadata_origin,
                }
            )
        else:
            out.append(
                {
                    "status": "rejected",
                    "file_name": item.file_name,
                    "path": item.path,
                    "byte_size": item.byte_size,
                    "reason": item.reason,
                    "duplicate_of_doc_id": item.doc_id,
                }
            )
    _print_json(out)
    return 0


def extract_file_json(path: Path, kind: str = "auto", settings: Settings | None = None) -> dict[str, Any]:
    """The extraction contract for one file (see docs/extraction.md)."""
    from orchestration.ingest.documents import Document
    from orchestration.raw_load import extract_stored

    settings = settings or load_settings()
    item = _ingest_one(path, settings)
    if not isinstance(item, Document):
        return {
            "document": {
                "doc_id": None,
                "kind": None,
                "title": None,
                "published_on": None,
                "region": None,
                "file_name": item.file_name,
            },
            "records": [],
            "rejected": item.reason,
            "errors": [],
            "text": {"fiscal_year": None, "region": None},
        }
    meta = item.metadata
    use_kind = meta.kind if kind == "auto" else kind
    # as the pipeline extracts it: a PDF's, HWP's or page's tables as cells, records placed on pages
    result = extract_stored(
        item.text, use_kind, item.doc_id, meta.published_on, meta.region, item.layout, item.ocr
    )
    return {
        "document": {
            "doc_id": item.doc_id,
            "kind": use_kind,
            "title": meta.title,
            "published_on": meta.published_on.isoformat() if meta.published_on else None,
            "region": meta.region,
            "file_name": item.file_name,
            "source_format": item.source_format,
            "ocr": item.ocr,
        },
        "records": [r.to_dict() for r in result.records],
        "rejected": result.rejected if not result.records else None,
        "errors": result.errors,
        "text": {"fiscal_year": result.fiscal_year, "region": result.region},
        "coverage": {
            "figure_lines": len(result.figure_lines),
            "skipped_lines": len(result.skipped),
            "uncovered_lines": result.uncovered_figure_lines(),
        },
    }


def cmd_extract(args: argparse.Namespace) -> int:
    _print_json(extract_file_json(Path(args.file), args.kind))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Score extraction against labelled documents; exit 1 below --min-recall or with trap errors
    when --no-traps is given, so CI can gate on it."""
    from orchestration.evaluation import evaluate, labelled_documents, render_json, render_text

    folders = [Path(d) for d in args.dirs]
    missing = [str(d) for d in folders if not d.is_dir()]
    if missing:
        print(f"not a folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    if not labelled_documents(folders):
        print("no labelled documents (NAME.txt with NAME.expected.json) in " + ", ".join(args.dirs))
        return 2
    result = evaluate(folders)
    if args.json:
        _print_json(render_json(result))
    else:
        print(render_text(result, details=args.details))
    recall = result.total.recall or 0.0
    if args.min_recall is not None and recall < args.min_recall:
        return 1
    return 1 if args.no_traps and result.total.traps else 0


# --- build ----------------------------------------------------------------------------------------


def _summary(settings: Settings) -> dict[str, Any]:
    import duckdb

    from orchestration.warehouse import scalar

    con = duckdb.connect(str(settings.served_db), read_only=True)
    try:
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema IN ('raw', 'marts', 'dq') "
            "ORDER BY table_schema, table_name"
        ).fetchall()
        counts = {f"{s}.{t}": scalar(con, f'SELECT count(*) FROM "{s}"."{t}"') for s, t in tables}
        rejects = con.execute("SELECT file_name, reason FROM raw.rejected_documents ORDER BY 1").fetchall()
    finally:
        con.close()
    return {"counts": counts, "rejects": rejects}


def _prepare_dagster_home(settings: Settings) -> Path:
    """The warehouse home's Dagster instance (run history and extraction batches live there, where
    `make dev` looks too)."""
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        # a deployment past one machine keeps Dagster's storage in PostgreSQL
        template = "dagster_postgres.yaml" if os.environ.get(DAGSTER_PG_URL_ENV) else "dagster.yaml"
        shutil.copyfile(Path(__file__).with_name(template), config)
    return home


@dataclass
class BuildOutcome:
    run_id: str
    published: bool
    failures: list[str]
    report: Path | None
    up_to_date: bool = False  # nothing changed since the served warehouse: nothing was built
    extracted: int = 0  # documents in the run's extraction batch


def run_build(settings: Settings, *, quiet: bool = False, force: bool = False) -> BuildOutcome:
    """Materialise every asset in-process, without a Dagster daemon: build_warehouse over the
    batch of the documents that need extraction, or refresh_warehouse when none do.

    Whatever the outcome, the run's data-quality report is written; only a run whose every
    blocking check passed has published.
    """
    dagster_home = _prepare_dagster_home(settings)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    if not quiet:
        os.environ["ICTWH_DBT_LOG_TO_FILE"] = "1"
    import dagster as dg

    from orchestration import locking, partitions
    from orchestration.definitions import defs
    from orchestration.quality.gx_runner import build_data_docs
    from orchestration.quality.report import data_docs_dir, write_report

    # when nothing changed the checks are skipped with their assets; Dagster's notice that they
    # "emitted no result" is noise on the terminal (downstream steps are skipped all the same)
    logging.getLogger("dagster._core.execution.plan.active").setLevel(logging.ERROR)
    plan = partitions.plan_extraction(settings)
    job = defs.resolve_job_def(plan.job_name)
    run_config: dict[str, Any] = {
        "resources": {
            "warehouse": {
                "config": {
                    "documents_dir": str(settings.documents_dir),
                    "home": str(settings.home),
                    "force": force,
                }
            }
        },
    }
    # the progress lines replace Dagster's debug stream on the terminal (the UI keeps its logs)
    run_config["loggers"] = (
        {"console": {"config": {"log_level": "CRITICAL"}}} if quiet else {"progress": {"config": {}}}
    )
    started = datetime.now(UTC)
    try:
        with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
            batch = plan.batch()
            if batch:
                partitions.register(instance, [batch])
            result = _execute(job, plan.job_name, run_config, instance, batch)
    finally:
        locking.release_all()  # a run that stopped before publishing still holds the lock
    materialized = {
        ev.asset_key for ev in result.all_events if ev.event_type_value == "ASSET_MATERIALIZATION"
    }
    if dg.AssetKey("raw_documents") not in materialized and result.success:
        return BuildOutcome(run_id=result.run_id, published=False, failures=[], report=None, up_to_date=True)
    published = any(
        ev.event_type_value == "ASSET_MATERIALIZATION" and ev.asset_key == dg.AssetKey("published_warehouse")
        for ev in result.all_events
    )
    failures = _run_failures(result)
    report = None
    if not published:
        build_data_docs(data_docs_dir(settings, result.run_id))
        status = (
            "failed" if any(ev.event_type_value == "STEP_FAILURE" for ev in result.all_events) else "blocked"
        )
        report = write_report(settings, result.run_id, status=status, started_at=started, failures=failures)
    else:
        report = settings.reports_dir / "runs" / result.run_id / "summary.json"
    return BuildOutcome(
        run_id=result.run_id,
        published=published,
        failures=failures,
        report=report,
        extracted=len(plan.to_extract),
    )


@dataclass
class _Result:
    """What run_build reads of a run, however it was executed."""

    run_id: str
    success: bool
    all_events: list


def _execute(job, job_name: str, run_config: dict[str, Any], instance, batch: str | None) -> _Result:
    """In this process (the default), or each step in a process of its own (ICTWH_EXECUTOR=
    multiprocess), which needs a job Dagster can re-create in those processes."""
    import dagster as dg

    from orchestration import jobs
    from orchestration.partitions import PARTITION_TAG

    # the executor the code location was loaded with (ICTWH_EXECUTOR when it was imported)
    if job.executor_def.name == dg.in_process_executor.name:
        result = job.execute_in_process(
            run_config=run_config, instance=instance, partition_key=batch, raise_on_error=False
        )
        return _Result(result.run_id, result.success, list(result.all_events))
    recon = dg.reconstructable(jobs.build_job if job_name == jobs.BUILD_JOB else jobs.refresh_job)
    tags = {PARTITION_TAG: batch} if batch else {}
    with dg.execute_job(recon, instance=instance, run_config=run_config, tags=tags) as result:
        return _Result(result.run_id, result.success, list(result.all_events))


def _run_failures(result) -> list[str]:
    """Failed steps and failed blocking checks, named, for the report and the terminal."""
    out = []
    for ev in result.all_events:
        if ev.event_type_value == "STEP_FAILURE":
            err = ev.event_specific_data.error
            msg = (err.cause.message if err.cause else err.message).strip().splitlines()
            out.append(f"step {ev.step_key} failed: {msg[0] if msg else ''}"[:800])
        elif ev.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = ev.event_specific_data
            if not evaluation.passed:
                desc = (evaluation.description or "").strip()
                out.append(
                    f"check {evaluation.check_name} on {evaluation.asset_key.to_user_string()} failed: {desc}"[
                        :800
                    ]
                )
    return out


def cmd_build(args: argparse.Namespace) -> int:
    settings = load_settings(args.documents, args.home)
    started = time.monotonic()
    from orchestration.fingerprint import up_to_date

    if not args.force and up_to_date(settings):
        print(
            f"Nothing changed since the published warehouse ({time.monotonic() - started:.1f}s): nothing to build."
        )
        print(f"  warehouse: {settings.served_db} (use --force to rebuild anyway)")
        return 0
    print(f"Building the warehouse from {settings.documents_dir}")
    try:
        outcome = run_build(settings, force=args.force)
    except Exception as exc:  # a full disk fails wherever it is met, Dagster's own storage too
        from orchestration.warehouse import disk_full_message

        if (message := disk_full_message(exc, settings.home)) is None:
            raise
        print(f"Build FAILED: {message}")
        return 1
    elapsed = time.monotonic() - started
    if outcome.up_to_date:
        print(
            f"Nothing changed since the published warehouse ({elapsed:.1f}s): nothing built, nothing published."
        )
        print(f"  warehouse: {settings.served_db} (use --force to rebuild anyway)")
        return 0
    report_html = outcome.report.with_name("index.html") if outcome.report else "-"
    if not outcome.published:
        print(f"Build FAILED after {elapsed:.1f}s: nothing was published.")
        for failure in outcome.failures:
            print(f"  - {failure}")
        print(f"  the served warehouse was left as it was: {settings.served_db}")
        print(f"  data-quality report: {report_html}")
        return 1
    summary = _summary(settings)
    counts = summary["counts"]
    print(f"Build succeeded in {elapsed:.1f}s.")
    print(f"  documents ingested: {counts.get('raw.documents', 0)}")
    print(f"  documents extracted by this run: {outcome.extracted} (one extraction batch)")
    print(f"  documents rejected: {counts.get('raw.rejected_documents', 0)}")
    for name, reason in summary["rejects"]:
        print(f"    - {name}: {reason}")
    print("  rows per table:")
    for table, n in counts.items():
        print(f"    {table:<45} {n:>8}")
    print(f"  warehouse: {settings.served_db}")
    print(f"  data-quality report: {report_html}")
    return 0


def where_documents(settings: Settings, needle: str) -> list[dict[str, Any]]:
    """The published documents whose file name or path contains `needle`, with the extraction
    batch (the Dagster partition) that read each: the operator's way from a file to its partition."""
    import duckdb

    if not settings.served_db.exists():
        return []
    con = duckdb.connect(str(settings.served_db), read_only=True)
    # a warehouse published before batches were recorded has no raw.extractions.batch yet
    has_batch = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'raw' "
        "AND table_name = 'extractions' AND column_name = 'batch'"
    ).fetchone()[0]
    batch = "e.batch" if has_batch else "NULL AS batch"
    try:
        cur = con.execute(
            f"SELECT d.file_name, d.path, d.doc_id, d.kind, e.extractor_version, {batch}, "
            "e.extracted_at, e.n_records, e.error FROM raw.documents d "
            "LEFT JOIN raw.extractions e USING (doc_id) "
            "WHERE contains(lower(d.file_name), lower(?)) OR contains(lower(d.path), lower(?)) "
            "ORDER BY d.path",
            [needle, needle],
        )
        names = [c[0] for c in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    finally:
        con.close()


def cmd_where(args: argparse.Namespace) -> int:
    settings = load_settings(None, args.home)
    found = where_documents(settings, args.file)
    if args.json:
        _print_json(found)
    for doc in [] if args.json else found:
        batch = doc["batch"] or "(not extracted yet, or extracted before batches were recorded)"
        print(f"{doc['path']}\n  doc_id {doc['doc_id']}  kind {doc['kind']}  records {doc['n_records']}")
        print(f"  partition (extraction batch): {batch}")
        if doc["extracted_at"]:
            print(f"  extracted at {doc['extracted_at']} UTC by extractor {doc['extractor_version']}")
    if not found:
        print(f"no published document's file name or path contains {args.file!r}", file=sys.stderr)
        return 1
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    settings = load_settings(home=args.home)
    latest = settings.reports_dir / "latest" / "summary.json"
    if not latest.exists():
        print(f"No data-quality report yet under {settings.reports_dir}: run `ict-warehouse build` first.")
        return 1
    summary = json.loads(latest.read_text(encoding="utf-8"))
    if args.json:
        _print_json(summary)
        return 0
    checks = summary["checks"]
    failed = [c for c in checks if not c["passed"]]
    docs = summary["documents"]
    print(f"Run {summary['run_id']} ({summary['finished_at']}): {summary['status']}")
    print(f"  documents: {docs['total']} " + ", ".join(f"{k} {v}" for k, v in docs["by_status"].items()))
    print(f"  checks: {len(checks)} run, {len(failed)} failed")
    for c in failed:
        print(f"    FAIL {c['check']} ({c['kind']}, {c['asset']}): {c['message']}")
    for f in summary["failures"]:
        print(f"    {f}")
    recon = ", ".join(f"{r['status']} {r['n']}" for r in summary["reconciliation"])
    print(f"  reconciliation: {recon or 'not built'}")
    print(f"  quarantined documents: {len(summary['quarantined'])}")
    for d in summary["quarantined"]:
        print(f"    {d['file_name']}: {d.get('rejected_reason')}")
    print(f"  rejected files: {len(summary['rejected'])}")
    for d in summary["rejected"]:
        print(f"    {d['file_name']}: {d.get('rejected_reason')}")
    print(f"  source findings: {len(summary['source_findings'])}")
    for f in summary["source_findings"][: args.findings]:
        print(f"    {f['file_name']} lines {f['lines']}: {f['rule']}: {f['explanation']}")
    if len(summary["source_findings"]) > args.findings:
        print(f"    ... {len(summary['source_findings']) - args.findings} more in the HTML report")
    print(f"  HTML: {latest.resolve().with_name('index.html')}")
    if summary.get("data_docs"):
        print(f"  Great Expectations Data Docs: {summary['data_docs']}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from orchestration.exports import export_marts

    settings = load_settings(home=args.home)
    if not settings.served_db.exists():
        print(f"No published warehouse at {settings.served_db}: run `ict-warehouse build` first.")
        return 1
    try:
        written = export_marts(settings.served_db, Path(args.dir), fmt=args.format, app_url=args.app_url)
    except ValueError as exc:  # a bad --app-url, or a mart too long for an Excel sheet
        print(f"Export failed: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


# --- sql: the published warehouse, read-only, from the terminal ----------------------------------------


def _sql_error(exc: Exception) -> str:
    """A DuckDB error as one line: its message without the caret under the query."""
    first = str(exc).strip().split("\n\n")[0]
    message = " ".join(first.split())
    if "read-only mode" in message:
        message += " (`ict-warehouse sql` opens the published warehouse read-only: it never changes it)"
    return message


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list | tuple):  # as DuckDB writes a list to CSV
        return "[" + ", ".join("NULL" if v is None else str(v) for v in value) + "]"
    return value


def _run_sql(con, sql: str, *, as_csv: bool, max_rows: int) -> bool:
    """Run the statements of `sql` and print the last one's result; False (and one line on stderr)
    when it fails."""
    import csv

    import duckdb

    if not sql.strip().strip(";").strip():
        print("error: no SQL given", file=sys.stderr)
        return False
    try:
        if as_csv:
            cur = con.execute(sql)
            if cur.description:
                writer = csv.writer(sys.stdout, lineterminator="\n")
                writer.writerow([d[0] for d in cur.description])
                while rows := cur.fetchmany(10_000):
                    writer.writerows([_csv_cell(v) for v in row] for row in rows)
        else:
            rel = con.sql(sql)
            if rel is not None:
                width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 10_000
                rel.show(max_rows=max_rows, max_width=width)
    except duckdb.Error as exc:
        sys.stdout.flush()
        print(f"error: {_sql_error(exc)}", file=sys.stderr)
        return False
    sys.stdout.flush()
    return True


SQL_HELP = (
    "End each statement with ';'. `.tables` lists the marts, `.quit` (or Ctrl-D) leaves. "
    "The warehouse is open read-only."
)


def _sql_prompt(con, *, as_csv: bool, max_rows: int) -> int:
    """A small interactive prompt: lines are gathered until one ends with ';', then run."""
    interactive = sys.stdin.isatty()
    if interactive:
        import readline  # noqa: F401  (line editing and history for input())

        print(SQL_HELP)
    buffer: list[str] = []
    while True:
        try:
            line = input(("sql> " if not buffer else "...> ") if interactive else "")
        except EOFError:
            break
        except KeyboardInterrupt:  # Ctrl-C drops the statement being typed
            print()
            buffer = []
            continue
        command = line.strip()
        if not buffer and command in (".quit", ".exit", "\\q"):
            break
        if not buffer and command in (".tables", ".help"):
            if command == ".help":
                print(SQL_HELP)
            else:
                _run_sql(
                    con,
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY 1",
                    as_csv=as_csv,
                    max_rows=max_rows,
                )
            continue
        if not buffer and not command:
            continue
        buffer.append(line)
        if command.endswith(";"):
            _run_sql(con, "\n".join(buffer), as_csv=as_csv, max_rows=max_rows)
            buffer = []
    if "\n".join(buffer).strip():  # a last statement without its ';'
        _run_sql(con, "\n".join(buffer), as_csv=as_csv, max_rows=max_rows)
    if interactive:
        print()
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    settings = load_settings(home=args.home)
    served = settings.served_db
    if not served.exists():
        print(
            f"No published warehouse at {served}: build one with `make run` "
            "(or `ict-warehouse build [--documents DIR] [--home DIR]`), then run this again.",
            file=sys.stderr,
        )
        return 1
    try:
        con = duckdb.connect(str(served), read_only=True)
    except duckdb.Error as exc:
        print(f"error: cannot open {served}: {_sql_error(exc)}", file=sys.stderr)
        return 1
    try:
        if args.query is None:
            return _sql_prompt(con, as_csv=args.csv, max_rows=args.max_rows)
        sql = sys.stdin.read() if args.query == "-" else args.query
        return 0 if _run_sql(con, sql, as_csv=args.csv, max_rows=args.max_rows) else 1
    finally:
        con.close()


def generate_catalog(settings: Settings) -> Path:
    """`dbt docs generate` for the published warehouse, into <home>/catalog/.

    dbt opens its database read-write, so it reads a temporary copy: the served file stays
    available to readers.
    """
    import subprocess
    import tempfile

    from orchestration.dbt_resources import DBT_EXECUTABLE
    from orchestration.settings import DBT_PROJECT_DIR

    target = settings.home / "catalog"
    with tempfile.TemporaryDirectory(prefix="ictwh-catalog-") as tmp:
        copy = Path(tmp) / "warehouse.duckdb"
        shutil.copyfile(settings.served_db, copy)
        subprocess.run(
            [
                DBT_EXECUTABLE,
                "docs",
                "generate",
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--target-path",
                str(target),
                "--quiet",
            ],
            cwd=DBT_PROJECT_DIR,
            env={**os.environ, "ICTWH_DB_PATH": str(copy)},
            check=True,
        )
    return target / "index.html"


def cmd_catalog(args: argparse.Namespace) -> int:
    settings = load_settings(home=args.home)
    if not settings.served_db.exists():
        print(f"No published warehouse at {settings.served_db}: run `ict-warehouse build` first.")
        return 1
    index = generate_catalog(settings)
    print(f"dbt docs catalog: {index}")
    print(f"  serve it: cd {index.parent} && python -m http.server 8080")
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    from orchestration.settings import PROJECT_ROOT

    sys.path.insert(0, str(PROJECT_ROOT))  # app/ sits beside the package, not inside it
    from app.launch import main as launch

    argv = ["--port", str(args.port)] if args.port else []
    argv += ["--address", args.address] if args.address else []  # else the launcher's 127.0.0.1
    return launch(argv)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ict-warehouse", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="materialise everything from the documents folder and publish")
    p.add_argument("--documents", help="documents folder (default: $ICTWH_DOCUMENTS_DIR or seeds/documents)")
    p.add_argument("--home", help="warehouse home (default: $ICTWH_HOME or .warehouse)")
    p.add_argument("--force", action="store_true", help="rebuild and publish even when nothing changed")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "where", help="find a published document by (part of) its file name: its doc_id and partition"
    )
    p.add_argument("file", help="a file name, or part of its name or path")
    p.add_argument("--json", action="store_true", help="print the matches as JSON")
    p.add_argument("--home", help="warehouse home (default: $ICTWH_HOME or .warehouse)")
    p.set_defaults(func=cmd_where)

    p = sub.add_parser("report", help="print the latest data-quality report's summary and its HTML path")
    p.add_argument("--home", help="warehouse home (default: $ICTWH_HOME or .warehouse)")
    p.add_argument("--json", action="store_true", help="print the whole JSON summary")
    p.add_argument("--findings", type=int, default=20, help="how many source findings to list")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "export",
        help="write every mart of the published warehouse as Parquet, CSV (UTF-8 with BOM, for Excel) "
        "or one Excel workbook, names beside ids and a source link per row",
    )
    p.add_argument("dir")
    p.add_argument(
        "--format",
        choices=["parquet", "csv", "xlsx"],
        default="parquet",
        help="parquet (default), csv (one file per mart) or xlsx (DIR/marts.xlsx, a sheet per mart)",
    )
    p.add_argument(
        "--app-url",
        default="http://127.0.0.1:8501",
        help="where the explorer runs, the base of each row's source_link (default http://127.0.0.1:8501)",
    )
    p.add_argument("--home", help="warehouse home (default: $ICTWH_HOME or .warehouse)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("sql", help="query the published warehouse, read-only (a prompt without QUERY)")
    p.add_argument("query", nargs="?", metavar="QUERY", help="SQL to run; - reads it from stdin")
    p.add_argument("--csv", action="store_true", help="print the result as CSV with a header")
    p.add_argument(
        "--max-rows", type=int, default=200, help="rows a table shows (default 200; --csv prints all)"
    )
    p.add_argument("--home", help="warehouse home (default: $ICTWH_HOME or .warehouse)")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("catalog", help="generate the dbt docs catalog of the published warehouse")
    p.add_argument("--home", help="warehouse home (default: $ICTWH_HOME or .warehouse)")
    p.set_defaults(func=cmd_catalog)

    p = sub.add_parser("app", help="start the Streamlit explorer on the published warehouse (read-only)")
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--address", help="address to bind (default 127.0.0.1; 0.0.0.0 exposes the app)")
    p.set_defaults(func=cmd_app)

    p = sub.add_parser("ingest", help="print, as JSON, what ingestion would record for these files")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("extract", help="print the records extracted from one file, as JSON")
    p.add_argument("file")
    p.add_argument("--kind", choices=["auto", *KINDS], default="auto")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "eval", help="score extraction against labelled documents (NAME.txt + NAME.expected.json)"
    )
    p.add_argument("dirs", nargs="+", metavar="DIR")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument("--details", action="store_true", help="list missed facts, extra facts and trap errors")
    p.add_argument("--min-recall", type=float, default=None, help="exit 1 when overall recall is lower")
    p.add_argument("--no-traps", action="store_true", help="exit 1 when any distractor is taken as a fact")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


def _threads_still_working() -> bool:
    main_thread = threading.main_thread()
    return any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not main_thread)


def exit_without_teardown(code: int) -> None:
    """End the process once its work is done, without the interpreter tearing down every module.

    A build loads Dagster, dbt, Great Expectations, pandas and DuckDB; freeing all of it costs about
    2 s of CPU after the last line is printed (a tenth of adding a document to a large warehouse).
    The exit handlers still run (logging flushed, finalizers, child processes ended), and by now
    every DuckDB and SQLite connection has been closed by its `with`. A thread still at work gets
    the ordinary exit, which waits for it."""
    if _threads_still_working():
        raise SystemExit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(code)


def entry() -> None:
    """The `ict-warehouse` command (pyproject's script): main() in a process of its own."""
    exit_without_teardown(main())


if __name__ == "__main__":
    entry()
