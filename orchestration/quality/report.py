"""The data-quality report of each run: a JSON summary, a one-page HTML, the GX Data Docs, and the
history of all runs (dq.check_results / dq.runs in the published warehouse).

Layout under the warehouse home:
  reports/runs/<run_id>/checks/<suite>.json   each blocking GX check's outcome (written by the check)
  reports/runs/<run_id>/dbt.json              dbt's test results of the run
  reports/runs/<run_id>/data_docs/index.html  Great Expectations Data Docs
  reports/runs/<run_id>/summary.json, index.html
  reports/latest -> runs/<run_id>             the newest report, whatever its outcome
"""

from __future__ import annotations

import html
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from orchestration.quality.scope import CHANGED, CHANGED_ROWS
from orchestration.settings import Settings


def run_dir(settings: Settings, run_id: str) -> Path:
    return settings.reports_dir / "runs" / run_id


def checks_dir(settings: Settings, run_id: str) -> Path:
    return run_dir(settings, run_id) / "checks"


def data_docs_dir(settings: Settings, run_id: str) -> Path:
    return run_dir(settings, run_id) / "data_docs"


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, path)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict[str, Any]]:
    """Rows as dicts of a static SQL text; values only ever as bound parameters."""
    try:
        cur = con.execute(sql, params or [])
    except duckdb.Error:
        return []  # the table was not built in a run that failed early
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def _line_texts(con: duckdb.DuckDBPyConnection, wanted: dict[str, set[int]]) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    for doc_id, lines in wanted.items():
        rows = _rows(con, "SELECT text FROM raw.documents WHERE doc_id = ?", [doc_id])
        if not rows:
            continue
        split = rows[0]["text"].split("\n")
        for ln in lines:
            if 1 <= ln <= len(split):
                out[(doc_id, ln)] = split[ln - 1]
    return out


def collect_warehouse_facts(db_path: Path) -> dict[str, Any]:
    """What the build database says about the documents: statuses, quarantine, findings, rejects."""
    if not db_path.exists():
        return {}
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        documents = _rows(
            con,
            "SELECT doc_id, file_name, title, kind, status, coverage, n_facts, n_figure_lines, "
            "n_uncovered_lines, rejected_reason FROM marts.dim_document ORDER BY status, file_name",
        )
        if not documents:  # marts not built: fall back to what ingestion recorded
            documents = _rows(
                con, "SELECT doc_id, file_name, title, kind, 'ingested' AS status FROM raw.documents"
            )
            documents += _rows(
                con,
                "SELECT NULL AS doc_id, file_name, 'rejected' AS status, reason AS rejected_reason "
                "FROM raw.rejected_documents",
            )
        findings = _rows(
            con,
            "SELECT f.source_finding_id, f.doc_id, d.file_name, f.rule, f.subject, f.lines, f.stated, "
            "f.computed, f.difference, f.explanation, f.found_by "
            "FROM marts.fct_source_finding f LEFT JOIN marts.dim_document d USING (doc_id) ORDER BY d.file_name, f.lines",
        )
        reconciliation = _rows(
            con, "SELECT status, count(*) AS n FROM marts.fct_reconciliation GROUP BY status ORDER BY status"
        )
        gaps = _rows(
            con,
            "SELECT r.doc_id, d.file_name, r.check_name, r.subject, r.measure, r.stated, r.computed, r.difference, r.lines "
            "FROM marts.fct_reconciliation r JOIN marts.dim_document d USING (doc_id) "
            "WHERE r.status = 'extraction_gap' ORDER BY d.file_name, r.lines",
        )
        wanted: dict[str, set[int]] = {}
        for f in findings + gaps:
            wanted.setdefault(f["doc_id"], set()).update(f["lines"] or [])
        for d in documents:
            if d.get("status") == "quarantined":
                uncovered = _rows(
                    con, "SELECT uncovered_lines FROM raw.extractions WHERE doc_id = ?", [d["doc_id"]]
                )
                d["uncovered_lines"] = uncovered[0]["uncovered_lines"] if uncovered else []
                wanted.setdefault(d["doc_id"], set()).update(d["uncovered_lines"])
        texts = _line_texts(con, wanted)
    finally:
        con.close()
    for item in findings + gaps:
        item["line_texts"] = {ln: texts.get((item["doc_id"], ln), "") for ln in item["lines"] or []}
    for d in documents:
        if "uncovered_lines" in d:
            d["line_texts"] = {ln: texts.get((d["doc_id"], ln), "") for ln in d["uncovered_lines"]}
    return {
        "documents": documents,
        "source_findings": findings,
        "reconciliation": reconciliation,
        "extraction_gaps": gaps,
    }


def load_check_outcomes(settings: Settings, run_id: str) -> list[dict[str, Any]]:
    folder = checks_dir(settings, run_id)
    return (
        [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
        if folder.exists()
        else []
    )


def _checks_scope(checks: list[dict[str, Any]]) -> str:
    """One line on what the run's GX suites validated, for the report's head."""
    if not checks:
        return "no Great Expectations suite ran"
    by_documents = [c for c in checks if c.get("scope") == CHANGED]
    by_rows = [c for c in checks if c.get("scope") == CHANGED_ROWS]
    if not by_documents and not by_rows:
        return f"all {len(checks)} suites on whole tables"
    parts = []
    if by_documents:
        docs = by_documents[0].get("scope_documents") or "the changed documents"
        parts.append(f"{len(by_documents)} of {len(checks)} suites on the rows of {docs}")
    if by_rows:
        of = "" if by_documents else f" of {len(checks)} suites"
        parts.append(f"{len(by_rows)}{of} on the rows not in the served warehouse")
    whole = len(checks) - len(by_documents) - len(by_rows)
    return f"{', '.join(parts)} (plus whole-table row counts and uniqueness), {whole} on whole tables"


def build_summary(
    settings: Settings,
    run_id: str,
    *,
    status: str,
    started_at: datetime | None,
    failures: list[str],
    db_path: Path,
) -> dict[str, Any]:
    checks = load_check_outcomes(settings, run_id)
    dbt_path = run_dir(settings, run_id) / "dbt.json"
    dbt = json.loads(dbt_path.read_text(encoding="utf-8")) if dbt_path.exists() else {}
    facts = collect_warehouse_facts(db_path)
    documents = facts.get("documents", [])
    by_status: dict[str, int] = {}
    for d in documents:
        by_status[d["status"]] = by_status.get(d["status"], 0) + 1
    docs_index = data_docs_dir(settings, run_id) / "index.html"
    return {
        "run_id": run_id,
        "status": status,  # published | failed | blocked
        "started_at": started_at.isoformat() if started_at else None,
        "finished_at": datetime.now(UTC).isoformat(),
        "documents_dir": str(settings.documents_dir),
        "served_database": str(settings.served_db),
        "documents": {"total": len(documents), "by_status": by_status},
        "failures": failures,
        "checks_scope": _checks_scope(checks),
        "checks": [
            {
                "check": c["suite"],
                "kind": "great_expectations",
                "asset": "/".join(c["asset"]),
                "passed": c["passed"],
                "n_expectations": c["n_expectations"],
                "n_expectations_in_file": c["n_expectations_in_file"],
                "n_failed": c["n_failed"],
                "rows": c["rows"],
                "message": c.get("message"),
                "observed": [e for e in c["expectations"] if not e["success"]],
                # what the suite validated row by row: "whole table", "changed documents" or "changed rows"
                "scope": c.get("scope", "whole table"),
                "scope_detail": c.get("scope_detail") or f"whole table: {c['rows']} rows",
                "table_rows": c.get("table_rows"),
                "seconds": c.get("seconds"),
            }
            for c in checks
        ]
        + [
            {
                "check": t["name"],
                "kind": "dbt_test",
                "asset": t.get("model") or "",
                "passed": t["status"] in ("pass", "success"),
                "n_expectations": 1,
                "n_expectations_in_file": 1,
                "n_failed": 0 if t["status"] in ("pass", "success") else 1,
                "rows": None,
                "message": t.get("message"),
                "observed": t.get("failures"),
                "scope": "whole table",
                "scope_detail": "dbt test on the built model",
                "table_rows": None,
                "seconds": None,
            }
            for t in dbt.get("tests", [])
        ],
        "dbt": {k: v for k, v in dbt.items() if k != "tests"},
        "reconciliation": facts.get("reconciliation", []),
        "quarantined": [d for d in documents if d["status"] == "quarantined"],
        "rejected": [d for d in documents if d["status"] == "rejected"],
        "extraction_gaps": facts.get("extraction_gaps", []),
        "source_findings": facts.get("source_findings", []),
        "data_docs": str(docs_index) if docs_index.exists() else None,
    }


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def render_html(summary: dict[str, Any]) -> str:
    checks = summary["checks"]
    n_failed = sum(1 for c in checks if not c["passed"])
    rows = "".join(
        f"<tr class='{'ok' if c['passed'] else 'bad'}'><td>{_esc(c['check'])}</td><td>{_esc(c['kind'])}</td>"
        f"<td>{_esc(c['asset'])}</td><td>{'pass' if c['passed'] else 'FAIL'}</td>"
        f"<td>{_esc(c['n_expectations'])}</td><td>{_esc(c['rows'])}</td><td>{_esc(c.get('scope_detail'))}</td>"
        f"<td>{_esc(c['message'])}</td></tr>"
        for c in sorted(checks, key=lambda c: (c["passed"], c["check"]))
    )

    def lines_html(item: dict[str, Any]) -> str:
        texts = item.get("line_texts") or {}
        return "<br>".join(f"<code>{_esc(ln)}: {_esc(t)}</code>" for ln, t in texts.items())

    findings = "".join(
        f"<tr><td>{_esc(f['file_name'])}</td><td>{_esc(f['rule'])}</td><td>{_esc(f['subject'])}</td>"
        f"<td>{_esc(f['stated'])}</td><td>{_esc(f['computed'])}</td><td>{_esc(f['explanation'])}</td>"
        f"<td>{lines_html(f)}</td></tr>"
        for f in summary["source_findings"]
    )
    quarantined = "".join(
        f"<tr><td>{_esc(d['file_name'])}</td><td>{_esc(d.get('rejected_reason'))}</td><td>{lines_html(d)}</td></tr>"
        for d in summary["quarantined"]
    )
    gaps = "".join(
        f"<tr><td>{_esc(g['file_name'])}</td><td>{_esc(g['check_name'])}</td><td>{_esc(g['subject'])}</td>"
        f"<td>{_esc(g['measure'])}</td><td>{_esc(g['stated'])}</td><td>{_esc(g['computed'])}</td>"
        f"<td>{_esc(g['difference'])}</td><td>{lines_html(g)}</td></tr>"
        for g in summary["extraction_gaps"]
    )
    rejected = "".join(
        f"<tr><td>{_esc(d['file_name'])}</td><td>{_esc(d.get('rejected_reason'))}</td></tr>"
        for d in summary["rejected"]
    )
    recon = ", ".join(f"{r['status']}: {r['n']}" for r in summary["reconciliation"]) or "not built"
    docs = summary["documents"]
    docs_link = (
        "<a href='data_docs/index.html'>Great Expectations Data Docs</a>"
        if summary["data_docs"]
        else "no Data Docs"
    )
    failures = "".join(f"<li>{_esc(f)}</li>" for f in summary["failures"])
    return f"""<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>DQ report {_esc(summary["run_id"])}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;margin:1em 0}}
td,th{{border:1px solid #ccc;padding:4px 8px;vertical-align:top;font-size:13px}}tr.bad td{{background:#fdd}}
.status-published{{color:#070}}.status-failed,.status-blocked{{color:#b00}}code{{white-space:pre-wrap}}</style></head>
<body><h1>Data-quality report</h1>
<p>Run <b>{_esc(summary["run_id"])}</b>, finished {_esc(summary["finished_at"])}:
<b class="status-{_esc(summary["status"])}">{_esc(summary["status"])}</b>. {docs_link}.</p>
<ul>{failures}</ul>
<p>Documents: {docs["total"]} ({_esc(", ".join(f"{k}: {v}" for k, v in docs["by_status"].items()))}).
Checks: {len(checks)}, failed: {n_failed}. Reconciliation: {_esc(recon)}.</p>
<p>Scope of the Great Expectations suites: {_esc(summary.get("checks_scope", "whole tables"))}.</p>
<h2>Checks</h2><table><tr><th>check</th><th>kind</th><th>asset</th><th>result</th><th>expectations</th><th>rows</th><th>scope</th><th>observed</th></tr>{rows}</table>
<h2>Quarantined documents (our extraction's gaps and errors: held back from the marts)</h2>
<table><tr><th>file</th><th>reason</th><th>unconsumed lines</th></tr>{quarantined}</table>
<h2>Stated totals our records miss</h2>
<table><tr><th>file</th><th>check</th><th>subject</th><th>measure</th><th>stated</th><th>computed</th><th>difference</th><th>lines</th></tr>{gaps}</table>
<h2>Source findings (the documents' own inconsistencies: reported, not blocking)</h2>
<table><tr><th>file</th><th>rule</th><th>subject</th><th>stated</th><th>computed</th><th>explanation</th><th>lines</th></tr>{findings}</table>
<h2>Rejected files</h2><table><tr><th>file</th><th>reason</th></tr>{rejected}</table>
</body></html>"""


def write_summary(settings: Settings, run_id: str, summary: dict[str, Any]) -> Path:
    """Write a run's summary.json and index.html and point reports/latest at them."""
    folder = run_dir(settings, run_id)
    write_json(folder / "summary.json", summary)
    (folder / "index.html").write_text(render_html(summary), encoding="utf-8")
    latest = settings.reports_dir / "latest"
    tmp_link = settings.reports_dir / ".latest.tmp"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(Path("runs") / run_id)
    os.replace(tmp_link, latest)
    return folder / "summary.json"


def write_report(
    settings: Settings,
    run_id: str,
    *,
    status: str,
    started_at: datetime | None = None,
    failures: list[str] | None = None,
    db_path: Path | None = None,
) -> Path:
    """Build and write the run's summary.json and index.html and point reports/latest at them."""
    summary = build_summary(
        settings,
        run_id,
        status=status,
        started_at=started_at,
        failures=failures or [],
        db_path=db_path or settings.build_db,
    )
    return write_summary(settings, run_id, summary)


def history_rows(
    settings: Settings, current: dict[str, Any] | None = None
) -> tuple[list[tuple], list[tuple]]:
    """(runs, check results) of every report written so far, for the dq schema, plus `current`: the
    summary of the run being published, which is written to disk only once it has published."""
    summaries = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((settings.reports_dir / "runs").glob("*/summary.json"))
    ]
    if current is not None:
        summaries = [s for s in summaries if s["run_id"] != current["run_id"]] + [current]
    runs, checks = [], []
    for s in summaries:
        runs.append(
            (
                s["run_id"],
                s["started_at"],
                s["finished_at"],
                s["status"],
                s["documents"]["total"],
                json.dumps(s["documents"]["by_status"], ensure_ascii=False),
                len(s["source_findings"]),
                "; ".join(s["failures"]),
            )
        )
        for c in s["checks"]:
            checks.append(
                (
                    s["run_id"],
                    s["finished_at"],
                    c["check"],
                    c["kind"],
                    c["asset"],
                    c["passed"],
                    c["n_expectations"],
                    c["n_failed"],
                    c["rows"],
                    c["message"],
                    json.dumps(c["observed"], ensure_ascii=False, default=str),
                    c.get("scope_detail") or c.get("scope"),
                )
            )
    return runs, checks


def write_history(
    con: duckdb.DuckDBPyConnection, settings: Settings, current: dict[str, Any] | None = None
) -> None:
    """Recreate dq.runs and dq.check_results from every report written so far (and `current`)."""
    runs, checks = history_rows(settings, current)
    con.execute("CREATE SCHEMA IF NOT EXISTS dq")
    con.execute("DROP TABLE IF EXISTS dq.runs")
    con.execute(
        "CREATE TABLE dq.runs (run_id VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, status VARCHAR, "
        "documents INTEGER, documents_by_status JSON, source_findings INTEGER, failures VARCHAR)"
    )
    con.execute("DROP TABLE IF EXISTS dq.check_results")
    con.execute(
        "CREATE TABLE dq.check_results (run_id VARCHAR, run_at TIMESTAMP, check_name VARCHAR, kind VARCHAR, "
        "asset VARCHAR, passed BOOLEAN, n_expectations INTEGER, n_failed INTEGER, rows BIGINT, message VARCHAR, "
        "observed JSON, scope VARCHAR)"
    )
    if runs:
        con.executemany("INSERT INTO dq.runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)", runs)
    if checks:
        con.executemany("INSERT INTO dq.check_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", checks)
