"""Audits: council findings by kind and status, with department, actions, plans and the programs concerned.

Findings, actions and plans are document text: shown with st.text (no Markdown, no HTML), never
st.markdown, so a `![..](http://..)` in a report cannot make every viewer's browser fetch a URL.
"""

import sys
from pathlib import Path

if (_root := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _root)

import streamlit as st

from app import data
from app import format as fmt

lang = fmt.start_page("audits", "📋")
t = fmt.t

# --- counts by kind and status ---------------------------------------------------------------------------
counts = data.audit_status_counts()
st.subheader(t("by_kind_status"))
if counts.empty:
    st.info(t("no_rows"))
else:
    counts["status"] = counts["status"].replace("", t("status_none"))
    pivot = counts.pivot_table(index="kind", columns="status", values="n", aggfunc="sum", fill_value=0)
    order = [s for s in ("완료", "추진중", "검토중", "미반영", t("status_none")) if s in pivot.columns]
    pivot = pivot[order + [c for c in pivot.columns if c not in order]]
    pivot[t("total")] = pivot.sum(axis=1)
    pivot.loc[t("total")] = pivot.sum(axis=0)
    pivot = pivot.reset_index().rename(columns={"kind": t("kind")})
    pivot.columns.name = None
    cols = st.columns(len(order) + 1)
    by_status = counts.groupby("status")["n"].sum()
    for col, status in zip(cols, [*order, t("total")], strict=True):
        col.metric(
            fmt.md_escape(status), int(by_status.sum() if status == t("total") else by_status.get(status, 0))
        )
    fmt.show_table(pivot, key="audit_counts", file_name="audit_counts.csv")

# --- the findings ----------------------------------------------------------------------------------------
findings = data.audit_findings()
if lang == fmt.EN:
    findings["department"] = findings["department_en"].fillna(findings["department"])
findings["status"] = findings["status"].fillna(t("status_none"))
findings["link"] = [
    fmt.source_link(d, n) for d, n in zip(findings["doc_id"], findings["line_start"], strict=True)
]

st.sidebar.header(t("filters"))
kinds = st.sidebar.multiselect(t("kind"), sorted(findings["kind"].dropna().unique()), key="au_kinds")
statuses = st.sidebar.multiselect(t("status"), sorted(findings["status"].unique()), key="au_status")
depts = st.sidebar.multiselect(
    t("department"), sorted(findings["department"].dropna().unique()), key="au_depts"
)
open_only = st.sidebar.checkbox(t("open_only"), key="au_open")

shown = findings
if kinds:
    shown = shown[shown["kind"].isin(kinds)]
if statuses:
    shown = shown[shown["status"].isin(statuses)]
if depts:
    shown = shown[shown["department"].isin(depts)]
if open_only:
    shown = shown[shown["is_open"].fillna(False).astype(bool)]

st.subheader(t("finding"))
fmt.show_table(
    shown[["ordinal", "kind", "status", "department", "finding", "actions", "plans", "programs", "link"]],
    key="findings",
    column_config={
        "ordinal": st.column_config.NumberColumn("#", format="%d"),
        "kind": t("kind"),
        "status": t("status"),
        "department": t("department"),
        "finding": st.column_config.TextColumn(t("finding"), width="large"),
        "actions": st.column_config.TextColumn(t("actions"), width="medium"),
        "plans": st.column_config.TextColumn(t("plans"), width="medium"),
        "programs": t("concerned_programs"),
        "link": fmt.link_column(),
    },
    file_name="audit_findings.csv",
)

# --- one finding in full, with the execution of the programs it concerns ------------------------------------
if not shown.empty:
    st.subheader(t("finding_detail"))
    labels = {
        r.finding_id: f"#{r.ordinal} [{r.status}] {r.department or ''} — {str(r.finding)[:70]}"
        for r in shown.itertuples()
    }
    picked = st.selectbox(t("pick_finding"), list(labels), format_func=labels.get, key="au_pick")
    row = shown[shown["finding_id"] == picked].iloc[0]
    st.text(str(row["finding"]))
    st.markdown(
        f"{t('kind')}: {fmt.md_escape(row['kind'])} · {t('status')}: **{fmt.md_escape(row['status'])}** · "
        f"{t('department')}: {fmt.md_escape(row['department'] or '–')} · "
        f"[{t('source_line')} {row['line_start']}]({row['link']})"
    )
    a, b = st.columns(2)
    a.markdown(f"**{t('actions')}**")
    a.text(row["actions"] if isinstance(row["actions"], str) else "–")
    b.markdown(f"**{t('plans')}**")
    b.text(row["plans"] if isinstance(row["plans"], str) else "–")
    progs = data.finding_programs(picked)
    if progs.empty:
        st.caption(t("no_programs_linked"))
    else:
        progs["link"] = [
            fmt.source_link(d, n) for d, n in zip(progs["doc_id"], progs["source_line"], strict=True)
        ]
        fmt.show_table(
            progs[["program", "matched_keywords", "budget_krw", "committed_rate", "spent_rate", "link"]],
            key="finding_programs",
            column_config={
                "program": t("program"),
                "matched_keywords": "keywords",
                "budget_krw": fmt.money_column("budget_krw"),
                "committed_rate": fmt.rate_column("committed_rate"),
                "spent_rate": fmt.rate_column("spent_rate"),
                "link": fmt.link_column(),
            },
            file_name="finding_programs.csv",
        )

# --- all the programs the findings concern ------------------------------------------------------------------
audited = data.audited_programs()
if not audited.empty:
    st.subheader(t("programs_of_findings"))
    audited["budget_eok"] = audited["budget_krw"].map(fmt.eok)
    audited["link"] = [
        fmt.source_link(d, n) for d, n in zip(audited["doc_id"], audited["source_line"], strict=True)
    ]
    fmt.show_table(
        audited[
            [
                "program",
                "department",
                "n_findings",
                "n_open",
                "budget_eok",
                "budget_krw",
                "committed_rate",
                "spent_rate",
                "link",
            ]
        ],
        key="audited_programs",
        column_config={
            "program": t("program"),
            "department": t("department"),
            "n_findings": t("n_findings"),
            "n_open": t("n_open"),
            "budget_eok": fmt.eok_column("budget_eok"),
            "budget_krw": fmt.money_column("budget_krw"),
            "committed_rate": fmt.rate_column("committed_rate"),
            "spent_rate": fmt.rate_column("spent_rate"),
            "link": fmt.link_column(),
        },
        file_name="audited_programs.csv",
    )
