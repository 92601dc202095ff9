"""Data quality, for everyone first: how many documents were published, held back or rejected and why
(in plain sentences, app/reasons.csv), then what the documents themselves get wrong told as short
stories (the biggest differences first, each with its source lines), then the engineering detail
(checks, source findings, held-back documents, reconciliation, runs) in an expander. Times in KST."""

import sys
from pathlib import Path

if (_root := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _root)

import pandas as pd
import streamlit as st

from app import data
from app import format as fmt

KST = "Asia/Seoul"
N_STORIES = 10  # stories shown before "n more"
HELD_BACK = ("quarantined", "no_records", "awaiting_extraction")

lang = fmt.start_page("data_quality", "✅")
t = fmt.t


def kst_column(values: pd.Series) -> pd.Series:
    """UTC times (the dq schema stores them without a zone) as times in Seoul."""
    return pd.to_datetime(values, utc=True, errors="coerce").dt.tz_convert(KST)


# --- the latest run: reports/latest/summary.json (even a run that was not published), else the dq schema -------
summary = data.dq_summary()
if summary is not None:
    checks = data.summary_checks(summary)
    run_id, status = summary.get("run_id"), summary.get("status")
    when = summary.get("finished_at") or summary.get("started_at")
elif data.dq_available():
    checks = data.dq_latest_checks()
    run_id = checks["run_id"].iloc[0] if not checks.empty else None
    runs_now = data.dq_runs()
    status = runs_now["status"].iloc[0] if "status" in runs_now.columns and not runs_now.empty else None
    when = checks["run_at"].max() if not checks.empty else None
else:
    checks, run_id, status, when = None, None, None, None

# --- 1. at a glance: published / held back / rejected, and why, in plain words ----------------------------------
st.subheader(t("dq_at_a_glance"))
if status in ("published", "blocked", "failed"):
    sentence = t(f"dq_run_{status}", when=fmt.kst(pd.Timestamp(when) if when else None))
    (st.success if status == "published" else st.error)(sentence)

outcomes = data.document_outcomes()
n_published = int((outcomes["status"] == "published").sum())
n_rejected = int((outcomes["status"] == "rejected").sum())
n_held = len(outcomes) - n_published - n_rejected
c1, c2, c3 = st.columns(3)
c1.metric(t("dq_published"), n_published, help=t("dq_published_help"))
c2.metric(t("dq_held_back"), n_held, help=t("dq_held_back_help"))
c3.metric(t("dq_rejected"), n_rejected, help=t("dq_rejected_help"))
st.markdown(
    t("dq_counts_sentence", total=len(outcomes), published=n_published, held=n_held, rejected=n_rejected)
)
not_published = outcomes[outcomes["status"] != "published"].copy()
if not_published.empty:
    st.success(t("dq_all_published"))
else:
    st.markdown(f"**{t('dq_not_published')}**")
    not_published["outcome"] = [fmt.code("doc_status", s) for s in not_published["status"]]
    not_published["why"] = [data.plain_reason(r, lang) for r in not_published["rejected_reason"]]
    not_published["link"] = [
        fmt.source_link(d) if s != "rejected" else None
        for d, s in zip(not_published["doc_id"], not_published["status"], strict=True)
    ]
    fmt.show_table(
        not_published[["file_name", "title", "outcome", "why", "rejected_reason", "link"]].rename(
            columns={"rejected_reason": "recorded_reason"}
        ),
        key="dq_not_published",
        column_config={
            "file_name": t("file_name"),
            "title": t("title"),
            "outcome": t("dq_outcome"),
            "why": st.column_config.TextColumn(t("dq_why"), width="large"),
            "recorded_reason": st.column_config.TextColumn(t("dq_recorded_reason"), width="medium"),
            "link": st.column_config.LinkColumn(t("source"), display_text="↗"),
        },
        file_name="documents_not_published.csv",
    )

# --- 2. what the documents themselves get wrong, as short stories -------------------------------------------
COUNT_RULES = {"audit_count_mismatch", "audit_counts", "staffing_total", "staffing_split", "staffing_gap"}
MONEY_RULES = {
    "headline_contradicts_body",
    "subtotal_rounding",
    "change_not_difference",
    "missing_program_name",
}


def value_kind(row) -> str:
    """What a finding's stated and computed figures are: money (KRW), a rate (a fraction) or a count."""
    rule, explanation = row.rule, row.explanation
    measure = "" if fmt.is_missing(row.measure) else str(row.measure)
    if rule in COUNT_RULES:
        return "count"
    if (
        rule == "rate_mismatch"
        or measure.endswith("_rate")
        or (rule == "cross_table_mismatch" and "%" in str(explanation or ""))
    ):
        return "rate"
    if rule in MONEY_RULES or measure.endswith("_krw") or rule == "cross_table_mismatch":
        return "money"
    values = [abs(v) for v in (row.stated, row.computed) if not fmt.is_missing(v)]
    return "money" if values and max(values) >= 10_000 else "count"


def figures(kind: str, stated, computed) -> tuple[str, str, str]:
    """Stated, computed and their difference as analysts read them (억원 / 백만원, %, 건); exact KRW
    where the two amounts would read the same."""
    diff = None if fmt.is_missing(stated) or fmt.is_missing(computed) else abs(stated - computed)
    if kind == "rate":
        return (
            fmt.format_rate(stated),
            fmt.format_rate(computed),
            "–" if diff is None else f"{diff * 100:,.1f}%p",
        )
    if kind == "count":
        return fmt.format_count(stated, lang), fmt.format_count(computed, lang), fmt.format_count(diff, lang)
    a, b = fmt.format_money(stated, lang), fmt.format_money(computed, lang)
    if a == b or (diff is not None and diff < fmt.MILLION):
        return fmt.format_krw(stated, lang), fmt.format_krw(computed, lang), fmt.format_krw(diff, lang)
    return a, b, fmt.format_money(diff, lang)


st.subheader(t("dq_stories"))
st.caption(t("dq_stories_help"))
stories = data.source_discrepancies()
texts: dict[str, list[str]] = {}


def line_text(doc_id: str, n: int) -> str:
    if doc_id not in texts:
        texts[doc_id] = (data.document_text(doc_id) or "").splitlines()
    lines = texts[doc_id]
    return lines[n - 1] if 1 <= n <= len(lines) else ""


def sentence(row) -> str:
    """One discrepancy in a sentence, with its figures as analysts read them and their difference."""
    kind = value_kind(row)
    stated, computed, difference = figures(kind, row.stated, row.computed)
    key = f"dq_story_{row.rule}" if f"dq_story_{row.rule}" in fmt.LABELS else "dq_story_generic"
    subject = "" if fmt.is_missing(row.subject) else str(row.subject)
    text = t(key, subject=subject, stated=stated, computed=computed)
    return text if difference == "–" else f"{text} · {t('dq_difference', difference=difference)}"


AUDIT_STATUS_RULES = {"audit_count_mismatch"}  # subject `계 추진중`: the kind, then the status


def story_key(row) -> tuple[str, str]:
    """Discrepancies told together: the same document and subject (a stated change and the two tables
    that disagree on it; an audit table row's counts by status)."""
    subject = "" if fmt.is_missing(row.subject) else str(row.subject)
    if row.rule in AUDIT_STATUS_RULES and " " in subject:
        subject = subject.rsplit(" ", 1)[0]
    return str(row.doc_id), subject


def tell(group: list) -> None:
    """One story: the document, its discrepancies as sentences, and the lines they are on (linked)."""
    first = group[0]
    with st.container(border=True):
        st.markdown(
            f"**{fmt.md_escape(first.title if not fmt.is_missing(first.title) else first.file_name)}**"
        )
        st.markdown("\n".join(f"- {fmt.md_escape(sentence(row))}" for row in group))
        lines = sorted({int(n) for row in group if row.lines is not None for n in row.lines})
        for n in lines[:3]:
            link = fmt.source_link(first.doc_id, n)
            st.caption(
                f"[{t('dq_story_link', line=n)}]({link}) · {fmt.md_escape(line_text(first.doc_id, n)[:200])}"
            )


if stories.empty:
    st.caption(t("dq_no_stories"))
else:
    groups: dict[tuple[str, str], list] = {}
    for row in stories.itertuples():  # the biggest relative difference first: so are the groups
        groups.setdefault(story_key(row), []).append(row)
    told = list(groups.values())
    for group in told[:N_STORIES]:
        tell(group)
    if len(told) > N_STORIES:
        with st.expander(t("dq_more_stories", n=len(told) - N_STORIES)):
            for group in told[N_STORIES:]:
                tell(group)

# --- 3. the engineering detail: checks, source findings, held-back documents, reconciliation, runs -----------
with st.expander(t("dq_engineering")):
    st.subheader(t("latest_run"))
    if checks is None or (checks.empty and summary is None):
        st.info(t("no_dq_run"))
    else:
        passed = checks["passed"].fillna(False).astype(bool) if "passed" in checks.columns else None
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(t("run_id"), str(run_id or "–")[:8], help=str(run_id))
        c2.metric(t("doc_status"), str(status or "–"))
        c3.metric(t("n_checks"), len(checks))
        c4.metric(t("n_failed"), int((~passed).sum()) if passed is not None else "–")
        st.caption(
            f"{t('run_at')}: {fmt.kst(pd.Timestamp(when) if when else None)} · "
            f"{data.reports_dir() / 'latest' / 'index.html'}"
        )
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
            "scope",
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
                # which rows the suite checked: the whole table, or the documents the run changed
                "scope": st.column_config.TextColumn(t("scope"), width="medium"),
                "message": st.column_config.TextColumn(t("explanation"), width="medium"),
                "observed": st.column_config.TextColumn(t("observed"), width="large"),
            },
            file_name="dq_checks.csv",
        )
        if summary is not None:
            st.caption(t("summary_json"))
            st.json({k: v for k, v in summary.items() if k not in ("checks", "source_findings")}, expanded=1)

    # every source finding as a table, with its lines
    st.subheader(t("source_findings"))
    findings = data.source_findings()
    findings["rule"] = [fmt.code("source_rule", r) for r in findings["rule"]]
    findings["link"] = fmt.source_links(findings, "source_line")
    st.caption(
        f"{len(findings)} · " + ", ".join(f"{k} {v}" for k, v in findings["rule"].value_counts().items())
    )
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

    # documents held back, with the reason as recorded
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

    # reconciliation of stated totals
    recon = data.reconciliation_summary()
    if not recon.empty:
        st.subheader(t("reconciliation"))
        pivot = recon.pivot_table(
            index="check_name", columns="status", values="n", aggfunc="sum", fill_value=0
        )
        pivot.columns = [fmt.code("recon_status", c) for c in pivot.columns]
        fmt.show_table(
            pivot.reset_index().rename(columns={"check_name": t("check_name")}),
            key="reconciliation",
            file_name="reconciliation.csv",
        )

    # history of runs (times in Seoul)
    st.subheader(t("run_history"))
    runs = data.dq_runs()
    if runs.empty:
        st.info(t("no_dq_run"))
    else:
        runs = runs.copy()
        for column in ("run_at", "started_at", "finished_at"):
            if column in runs.columns:
                runs[column] = kst_column(runs[column])
        when_format = "YYYY-MM-DD HH:mm:ss"
        fmt.show_table(
            runs,
            key="dq_runs",
            column_config={
                "run_id": t("run_id"),
                "status": t("doc_status"),
                "run_at": st.column_config.DatetimeColumn(f"{t('run_at')} (KST)", format=when_format),
                "started_at": st.column_config.DatetimeColumn(f"{t('run_at')} (KST)", format=when_format),
                "finished_at": st.column_config.DatetimeColumn("~ (KST)", format=when_format),
                "n_checks": t("n_checks"),
                "n_failed": t("n_failed"),
                "documents": t("documents"),
                "source_findings": t("source_findings"),
                "failures": st.column_config.TextColumn(t("explanation"), width="large"),
            },
            file_name="dq_runs.csv",
        )
