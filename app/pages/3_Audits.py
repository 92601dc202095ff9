"""Audits: council findings by kind and status, with department, actions, plans and the programs concerned.

Findings, actions and plans are document text: shown with st.text (no Markdown, no HTML), never
st.markdown, so a `![..](http://..)` in a report cannot make every viewer's browser fetch a URL.
"""

import sys
from pathlib import Path

if (_root := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _root)

import altair as alt
import streamlit as st

from app import data
from app import format as fmt

lang = fmt.start_page("audits", "📋")
t = fmt.t

# --- the findings, and the filters (the counts below are of the findings the filters keep) -----------------
findings = data.audit_findings()
if lang == fmt.EN:
    findings["department"] = findings["department_en"].fillna(findings["department"])
findings["status"] = findings["status"].fillna(t("status_none"))
findings["link"] = fmt.source_links(findings)

box = fmt.filters_box()
kinds = box.multiselect(
    t("kind"),
    sorted(findings["kind"].dropna().unique()),
    format_func=lambda k: fmt.code("audit_kind", k),
    key="au_kinds",
    placeholder=t("choose"),
)
statuses = box.multiselect(
    t("status"),
    sorted(findings["status"].unique()),
    format_func=lambda s: fmt.code("audit_status", s),
    key="au_status",
    placeholder=t("choose"),
)
depts = box.multiselect(
    t("department"), sorted(findings["department"].dropna().unique()), key="au_depts", placeholder=t("choose")
)
open_only = box.checkbox(t("open_only"), key="au_open")

shown = findings
if kinds:
    shown = shown[shown["kind"].isin(kinds)]
if statuses:
    shown = shown[shown["status"].isin(statuses)]
if depts:
    shown = shown[shown["department"].isin(depts)]
if open_only:
    shown = shown[shown["is_open"].fillna(False).astype(bool)]

# --- counts by kind and status -----------------------------------------------------------------------------
st.subheader(t("by_kind_status"))
if findings.empty:
    st.info(t("no_rows"))
else:
    if len(shown) < len(findings):
        st.caption(t("filtered_n", n=len(shown), total=len(findings)))
    # every status the findings have keeps its place, at 0 when the filters leave none of it
    order = [
        s for s in ("완료", "추진중", "검토중", "미반영", t("status_none")) if s in set(findings["status"])
    ]
    order += sorted(set(findings["status"]) - set(order))
    by_status = shown.groupby("status").size()
    cols = st.columns(len(order) + 1)
    for col, status in zip(cols, [*order, t("total")], strict=True):
        col.metric(
            fmt.md_escape(fmt.code("audit_status", status)),
            int(len(shown) if status == t("total") else by_status.get(status, 0)),
        )

    counts = shown.groupby(["kind", "status"]).size().rename("n").reset_index()
    shown_order = [fmt.code("audit_status", s) for s in order]  # codes in the reader's language
    if not counts.empty:
        counts = counts.assign(
            status=counts["status"].map(lambda s: fmt.code("audit_status", s)),
            kind=counts["kind"].map(lambda k: fmt.code("audit_kind", k)),
        )
        left, right = st.columns([3, 2])
        with left:
            st.markdown(f"##### {t('status_chart')}")
            st.altair_chart(
                alt.Chart(counts)
                .mark_bar()
                .encode(
                    y=alt.Y("status:N", title=None, sort=shown_order),
                    x=alt.X("sum(n):Q", title=t("n_findings"), axis=alt.Axis(tickMinStep=1)),
                    color=alt.Color("kind:N", title=t("kind")),
                    tooltip=[
                        alt.Tooltip("status:N", title=t("status")),
                        alt.Tooltip("kind:N", title=t("kind")),
                        alt.Tooltip("n:Q", title=t("n_findings")),
                    ],
                )
                .properties(height=max(120, 36 * len(order))),
                width="stretch",
            )
        with right:
            pivot = counts.pivot_table(
                index="kind", columns="status", values="n", aggfunc="sum", fill_value=0
            )
            pivot = pivot[[s for s in shown_order if s in pivot.columns]]
            pivot[t("total")] = pivot.sum(axis=1)
            pivot.loc[t("total")] = pivot.sum(axis=0)
            pivot = pivot.reset_index().rename(columns={"kind": t("kind")})
            pivot.columns.name = None
            fmt.show_table(pivot, key="audit_counts", file_name="audit_counts.csv")

# --- what the report states against what its list holds ------------------------------------------------------
mismatches = data.audit_count_discrepancies()
if not mismatches.empty:
    mismatches["measure_label"] = mismatches["measure"].map(lambda m: t(f"measure_{m}"))
    mismatches["link"] = fmt.source_links(mismatches, "source_line")
    for doc_id, of_doc in mismatches.groupby("doc_id", sort=False):
        totals = of_doc[of_doc["kind"] == "계"]
        by_total = not totals.empty  # the 계 row says it for the whole list; else each kind's row
        stated_rows = totals if by_total else of_doc
        parts = "; ".join(
            t(
                "count_mismatch_part",
                status=r.measure_label if by_total else f"{r.kind} {r.measure_label}",
                stated=r.stated,
                found=r.found,
            )
            for r in stated_rows.itertuples()
        )
        first = stated_rows.iloc[0]
        none = int(((findings["doc_id"] == doc_id) & (findings["status"] == t("status_none"))).sum())
        st.warning(
            t("count_mismatch", line=int(first["source_line"]), parts=fmt.md_escape(parts), none=none)
            + f" [{t('source_line')} {int(first['source_line'])}]({first['link']})"
        )
    with st.expander(t("count_mismatches")):
        fmt.show_table(
            mismatches[["kind", "measure_label", "stated", "found", "difference", "link"]],
            key="audit_count_mismatches",
            column_config={
                "kind": t("kind"),
                "measure_label": t("status"),
                "stated": t("stated_count"),
                "found": t("found_count"),
                "difference": t("difference"),
                "link": fmt.link_column(),
            },
            file_name="audit_count_mismatches.csv",
        )

# --- how findings were linked to programs ------------------------------------------------------------------------
keywords = data.audit_program_keywords()
linked = findings["programs"].notna()
st.caption(
    t(
        "audit_link_rule",
        k=keywords["keyword"].nunique(),
        total=len(findings),
        linked=int(linked.sum()),
        programs=data.audited_programs()["program_id"].nunique(),
    )
)
if not keywords.empty:
    with st.expander(t("keyword_table")):
        fmt.show_table(
            keywords,
            key="audit_keywords",
            column_config={"keyword": t("keyword"), "program_name": t("program"), "note": t("note")},
            file_name="audit_program_keywords.csv",
        )

st.subheader(t("finding"))
fmt.show_table(
    shown[
        ["ordinal", "kind", "status", "department", "finding", "actions", "plans", "programs", "link"]
    ].assign(
        kind=shown["kind"].map(lambda k: fmt.code("audit_kind", k)),
        status=shown["status"].map(lambda s: fmt.code("audit_status", s)),
    ),
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
    options = list(labels)
    asked = st.query_params.get("finding")
    with_programs = [
        f for f, p in zip(shown["finding_id"], shown["programs"], strict=True) if isinstance(p, str)
    ]
    opening = asked if asked in labels else (with_programs[0] if with_programs else options[0])
    picked = st.selectbox(
        t("pick_finding"), options, index=options.index(opening), format_func=labels.get, key="au_pick"
    )
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
        progs["link"] = fmt.source_links(progs, "source_line")
        progs["page"] = progs["program_id"].map(fmt.program_link)
        fmt.show_table(
            progs[
                ["program", "matched_keywords", "budget_krw", "committed_rate", "spent_rate", "page", "link"]
            ],
            key="finding_programs",
            column_config={
                "program": t("program"),
                "page": st.column_config.LinkColumn(t("program_link"), display_text=t("program_link")),
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
    audited["link"] = fmt.source_links(audited, "source_line")
    audited["page"] = audited["program_id"].map(fmt.program_link)
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
                "page",
                "link",
            ]
        ],
        key="audited_programs",
        column_config={
            "program": t("program"),
            "page": st.column_config.LinkColumn(t("program_link"), display_text=t("program_link")),
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
