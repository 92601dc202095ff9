"""`ict-warehouse`: build the warehouse, and look at what ingestion and extraction make of files."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from orchestration.settings import Settings, load_settings


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
    from orchestration.extract import extract_document
    from orchestration.ingest.documents import Document

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
        }
    meta = item.metadata
    use_kind = meta.kind if kind == "auto" else kind
    result = extract_document(
        item.text, use_kind, doc_id=item.doc_id, published_on=meta.published_on, region=meta.region
    )
    return {
        "document": {
            "doc_id": item.doc_id,
            "kind": use_kind,
            "title": meta.title,
            "published_on": meta.published_on.isoformat() if meta.published_on else None,
            "region": meta.region,
            "file_name": item.file_name,
        },
        "records": [r.to_dict() for r in result.records],
        "rejected": result.rejected if not result.records else None,
        "coverage": {
            "figure_lines": len(result.figure_lines),
            "skipped_lines": len(result.skipped),
            "uncovered_lines": result.uncovered_figure_lines(),
        },
    }


def cmd_extract(args: argparse.Namespace) -> int:
    _print_json(extract_file_json(Path(args.file), args.kind))
    return 0


# --- build ----------------------------------------------------------------------------------------


def _summary(settings: Settings) -> dict[str, Any]:
    import duckdb

    from orchestration.warehouse import scalar

    con = duckdb.connect(str(settings.served_db), read_only=True)
    try:
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema IN ('raw', 'staging', 'intermediate', 'marts', 'reference', 'dq') "
            "ORDER BY table_schema, table_name"
        ).fetchall()
        counts = {f"{s}.{t}": scalar(con, f'SELECT count(*) FROM "{s}"."{t}"') for s, t in tables}
        rejects = con.execute("SELECT file_name, reason FROM raw.rejected_documents ORDER BY 1").fetchall()
    finally:
        con.close()
    return {"counts": counts, "rejects": rejects}


def run_build(settings: Settings, *, quiet: bool = False) -> bool:
    """Materialise every asset in-process, without a Dagster daemon. True when the run succeeded."""
    os.environ.setdefault("DAGSTER_HOME", str(settings.dagster_home))
    Path(os.environ["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import dagster as dg

    from orchestration.definitions import defs

    job = defs.resolve_job_def("build_warehouse")
    instance = dg.DagsterInstance.get()
    run_config = {
        "resources": {
            "warehouse": {
                "config": {"documents_dir": str(settings.documents_dir), "home": str(settings.home)}
            }
        }
    }
    result = job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False)
    if not quiet:
        for ev in result.all_events:
            if ev.event_type_value == "STEP_FAILURE":
                print(
                    f"FAILED step {ev.step_key}: {ev.event_specific_data.error.message.strip()}",
                    file=sys.stderr,
                )
    return result.success


def cmd_build(args: argparse.Namespace) -> int:
    settings = load_settings(args.documents, args.home)
    started = time.monotonic()
    print(f"Building the warehouse from {settings.documents_dir}")
    ok = run_build(settings)
    elapsed = time.monotonic() - started
    if not ok:
        print(
            f"Build FAILED after {elapsed:.1f}s; the served warehouse was left as it was: {settings.served_db}"
        )
        return 1
    summary = _summary(settings)
    counts = summary["counts"]
    print(f"Build succeeded in {elapsed:.1f}s.")
    print(f"  documents ingested: {counts.get('raw.documents', 0)}")
    print(f"  documents rejected: {counts.get('raw.rejected_documents', 0)}")
    for name, reason in summary["rejects"]:
        print(f"    - {name}: {reason}")
    print("  rows per table:")
    for table, n in counts.items():
        print(f"    {table:<45} {n:>8}")
    print(f"  warehouse: {settings.served_db}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ict-warehouse", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="materialise everything from the documents folder and publish")
    p.add_argument("--documents", help="documents folder (default: $ICTWH_DOCUMENTS_DIR or seeds/documents)")
    p.add_argument("--home", help="warehouse home (default: $ICTWH_HOME or .warehouse)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("ingest", help="print, as JSON, what ingestion would record for these files")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("extract", help="print the records extracted from one file, as JSON")
    p.add_argument("file")
    p.add_argument("--kind", choices=["auto", "news", "work_report"], default="auto")
    p.set_defaults(func=cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
