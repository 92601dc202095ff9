"""Data quality: the latest run's checks, source findings with their lines, held-back documents, run history."""

import sys
from pathlib import Path

if (_root := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _root)

import streamlit as st

from app import data
from app import format as fmt

lang = fmt.start_page("data_quality", "✅")
t = fmt.t

# --- the latest run: reports/latest/summary.json (even a run that was not published), else the dq schema -------
st.subheader(t("latest_run"))
summary = data.dq_summary()
if summary is not None:
    checks = data.summary_checks(summary)
    run_id, status = summary.get("run_id"), summary.get("status")
    when = summary.get("finished_at") or summary.get("started_at")
elif data.dq_available():
    checks = data.dq_latest_checks()
    run_id = checks["run_id"].iloc[0] if not checks.empty else None
    status, when = None, checks["run_at"].max() if not checks.empty else None
else:
    checks, run_id, status, when = None, None, None, None

if checks is None or (checks.empty and summary is None):
    st.info(t("no_dq_run"))
else:
    passed = checks["passed"].fillna(False).astype(bool) if "passed" in checks.columns else None
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("run_id"), str(run_id or "–")[:8], help=str(run_id))
    c2.metric(t("doc_status"), str(status or "–"))
    c3.metric(t("n_checks"), len(checks))
    c4.metric(t("n_failed"), int((~passed).sum()) if passed is not None else "–")
    st.caption(f"{t('run_at')}: {when or '–'} · {data.reports_dir() / 'latest' / 'index.html'}")
    for failure in (summary or {}).get("failures") or []:
        st.error(str(failure))
    preferred = [
        "check_name",
        "kind",
        "asset",
        "passed",
        "n_expectations",
        "n_failed",
        "rows",
        "message",
        "observed",
    ]
    cols = [c for c in preferred if c in checks.columns] + [
        c for c in checks.columns if c not in preferred and c not in ("run_id", "run_at")
    ]
    fmt.show_table(
        checks[cols],
        key="dq_checks",
        column_config={
            "check_name": t("check_name"),
            "kind": t("doc_kind"),
            "asset": t("asset"),
            "passed": st.column_config.CheckboxColumn(t("passed")),
            "n_failed": t("n_failed"),
            "message": st.column_config.TextColumn(t("explanation"), width="medium"),
            "observed": st.column_config.TextColumn(t("observed"), width="large"),
        },
        file_name="dq_checks.csv",
    )
    if summary is not None:
        with st.expander(t("summary_json")):
            st.json({k: v for k, v in summary.items() if k not in ("checks", "source_findings")}, expanded=1)

# --- what the documents themselves get wrong -----------------------------------------------------------------
st.subheader(t("source_findings"))
findings = data.source_findings()
findings["link"] = [
    fmt.source_link(d, n) for d, n in zip(findings["doc_id"], findings["source_line"], strict=True)
]
st.caption(f"{len(findings)} · " + ", ".join(f"{k} {v}" for k, v in findings["rule"].value_counts().items()))
fmt.show_table(
    findings[
        [
            "file_name",
            "rule",
            "subject",
            "stated",
            "computed",
            "difference",
            "explanation",
            "lines",
            "found_by",
            "link",
        ]
    ],
    key="source_findings",
    column_config={
        "file_name": t("file_name"),
        "rule": t("rule"),
        "subject": t("subject"),
        "stated": st.column_config.NumberColumn(t("stated"), format="localized"),
        "computed": st.column_config.NumberColumn(t("computed"), format="localized"),
        "difference": st.column_config.NumberColumn(t("difference"), format="localized"),
        "explanation": st.column_config.TextColumn(t("explanation"), width="large"),
        "lines": t("lines"),
        "found_by": t("found_by"),
        "link": fmt.link_column(),
    },
    file_name="source_findings.csv",
)

# --- documents held back --------------------------------------------------------------------------------------
st.subheader(t("rejected_documents"))
held = data.held_back_documents()
held["link"] = [
    fmt.source_link(d) if s != "rejected" else None
    for d, s in zip(held["doc_id"], held["status"], strict=True)
]
fmt.show_table(
    held[["file_name", "title", "status", "rejected_reason", "n_facts", "coverage", "link"]],
    key="held_back",
    column_config={
        "file_name": t("file_name"),
        "title": t("title"),
        "status": t("doc_status"),
        "rejected_reason": st.column_config.TextColumn(t("reason"), width="large"),
        "n_facts": t("n_facts"),
        "coverage": st.column_config.NumberColumn(t("coverage"), format="percent"),
        "link": st.column_config.LinkColumn(t("source"), display_text="↗"),
    },
    file_name="held_back_documents.csv",
)

# --- reconciliation of stated totals ------------------------------------------------------------------------
recon = data.reconciliation_summary()
if not recon.empty:
    st.subheader(t("reconciliation"))
    pivot = recon.pivot_table(index="check_name", columns="status", values="n", aggfunc="sum", fill_value=0)
    pivot.columns.name = None
    fmt.show_table(
        pivot.reset_index().rename(columns={"check_name": t("check_name")}),
        key="reconciliation",
        file_name="reconciliation.csv",
    )

# --- history of runs --------------------------------------------------------------------------------------------
st.subheader(t("run_history"))
runs = data.dq_runs()
if runs.empty:
    st.info(t("no_dq_run"))
else:
    fmt.show_table(
        runs,
        key="dq_runs",
        column_config={
            "run_id": t("run_id"),
            "status": t("doc_status"),
            "run_at": st.column_config.DatetimeColumn(t("run_at")),
            "started_at": st.column_config.DatetimeColumn(t("run_at")),
            "finished_at": st.column_config.DatetimeColumn("~"),
            "n_checks": t("n_checks"),
            "n_failed": t("n_failed"),
            "documents": t("documents"),
            "source_findings": t("source_findings"),
            "failures": st.column_config.TextColumn(t("explanation"), width="large"),
        },
        file_name="dq_runs.csv",
    )
