"""Program: one program from plan to council finding, opened as `/Program?program=<program_id>`.

Its name, department, task, strategy and platform; its budget, committed and spent amounts by fiscal
year and as-of date; what documents state about it; where plans mention it; the council's findings
linked to it, with their status, actions and plans. Every figure links to its source line. Findings,
actions, plans and plan texts are document text: shown with st.text or in tables, never as Markdown.
"""

import sys
from pathlib import Path

if (_root := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _root)

import altair as alt
import pandas as pd
import streamlit as st

from app import charts, data
from app import format as fmt
from orchestration.extract.records import BudgetStatement

lang = fmt.start_page("program_page", "📌")
t = fmt.t


def name_of(name) -> str:
    return name if isinstance(name, str) and name else t("unnamed_program")


def department_of(row) -> str:
    if lang == fmt.EN and isinstance(row.get("department_en"), str):
        return row["department_en"]
    return name_of(row.get("department")) if isinstance(row.get("department"), str) else "–"


def status_of(status) -> str:
    """The audit status as written (Korean), through the glossary in English."""
    if fmt.is_missing(status):
        return t("status_none")
    return fmt.code("audit_status", status) if lang == fmt.EN else str(status)


# --- which program: ?program=<id>, else the picker -------------------------------------------------------
programs = data.program_list()
choices = {
    r.program_id: f"{name_of(r.program)} — {department_of(r._asdict())}"
    for r in programs.sort_values(["department", "program"], na_position="last").itertuples()
}
asked = st.query_params.get("program")
if asked and asked not in choices:
    st.warning(t("unknown_program", program=fmt.md_escape(asked)))
picked = st.selectbox(
    t("pick_program"),
    list(choices),
    index=list(choices).index(asked) if asked in choices else None,
    format_func=choices.get,
    placeholder=t("choose_program"),
    key="prog_pick",
)

if picked is None:
    st.caption(t("choose_program_hint"))
    index = programs.assign(
        program=programs["program"].map(name_of),
        department=[department_of(r) for r in programs.to_dict("records")],
        budget_eok=programs["budget_krw"].map(fmt.eok),
        page=programs["program_id"].map(fmt.program_link),
    )
    fmt.show_table(
        index[["program", "department", "budget_eok", "spent_rate", "n_findings", "n_open", "page"]],
        key="program_index",
        column_config={
            "program": st.column_config.TextColumn(t("program"), pinned=True),
            "department": t("department"),
            "budget_eok": fmt.eok_column("budget_eok"),
            "spent_rate": fmt.rate_column("spent_rate"),
            "n_findings": t("n_findings_short"),
            "n_open": t("n_open_short"),
            "page": st.column_config.LinkColumn(t("program_link"), display_text=t("program_link")),
        },
        file_name="programs.csv",
    )
    st.stop()

if picked != asked:
    st.query_params["program"] = picked  # the URL names the program shown: copy it, send it

program = data.program_detail(picked)
if program is None:  # published away between the list and now
    st.warning(t("unknown_program", program=fmt.md_escape(picked)))
    st.stop()

# --- who, what, where ------------------------------------------------------------------------------------
st.header(fmt.md_escape(name_of(program["name_ko"])))
facts = []
dept_link = fmt.department_link(program["department_id"])
if dept_link:
    facts.append(f"{t('department')}: [{fmt.md_escape(department_of(program))}]({dept_link})")
if isinstance(program["task_code"], str):
    task = f"{program['task_code']} {program['task_name'] or ''}".strip()
    facts.append(f"{t('task')}: {fmt.md_escape(task)}")
if isinstance(program["strategy"], str):
    facts.append(f"{t('strategy')}: {fmt.md_escape(program['strategy'])}")
if isinstance(program["platform"], str):
    facts.append(f"{t('platform')}: {fmt.md_escape(program['platform'])}")
if facts:
    st.markdown(" · ".join(facts))

# --- budget and execution ----------------------------------------------------------------------------------
st.subheader(t("program_budget"))
budget = data.program_budget(picked)
if budget.empty:
    st.caption(t("no_program_budget"))
else:
    budget["period"] = [
        f"{int(y)} · {pd.Timestamp(d):%Y-%m-%d}" if not fmt.is_missing(d) else str(int(y))
        for y, d in zip(budget["fiscal_year"], budget["as_of"], strict=True)
    ]
    budget["detail_link"] = fmt.source_links(budget, "detail_line")
    budget["task_link"] = fmt.source_links(budget, "task_line")
    # the latest period, its accounts added up (a program may be funded from two accounts)
    latest_period = budget["period"].iloc[-1]
    latest = budget[budget["period"] == latest_period]
    totals = {
        "budget": latest["budget_krw"].sum(min_count=1),
        "committed": latest["committed_krw"].sum(min_count=1),
        "spent": latest["spent_krw"].sum(min_count=1),
    }
    first = latest.iloc[0]
    as_of = "–" if fmt.is_missing(first["as_of"]) else f"{pd.Timestamp(first['as_of']):%Y-%m-%d}"
    st.caption(
        t("budget_as_of", year=int(first["fiscal_year"]), as_of=as_of, n=len(latest))
        if len(latest) > 1
        else t("budget_as_of_one", year=int(first["fiscal_year"]), as_of=as_of)
    )

    def rate(amount):
        if fmt.is_missing(amount) or fmt.is_missing(totals["budget"]) or not totals["budget"]:
            return None
        return t("rate_of_budget", rate=fmt.format_rate(amount / totals["budget"]))

    c1, c2, c3 = st.columns(3)
    c1.metric(
        t("stage_budget"),
        fmt.format_money(totals["budget"], lang),
        help=fmt.format_krw(totals["budget"], lang),
    )
    c2.metric(
        t("stage_committed"),
        fmt.format_money(totals["committed"], lang),
        delta=rate(totals["committed"]),
        delta_color="off",
        help=fmt.format_krw(totals["committed"], lang),
    )
    c3.metric(
        t("stage_spent"),
        fmt.format_money(totals["spent"], lang),
        delta=rate(totals["spent"]),
        delta_color="off",
        help=fmt.format_krw(totals["spent"], lang),
    )
    sources = [
        f"[{t(kind)} {int(line)}]({link})"
        for _, r in latest.iterrows()
        for kind, line, link in (
            ("detail_line", r["detail_line"], r["detail_link"]),
            ("task_line", r["task_line"], r["task_link"]),
        )
        if link
    ]
    if sources:
        st.markdown(f"{t('source_line')}: " + " · ".join(sources))

    # budget -> committed -> spent of the latest period, as a funnel of bars
    stages = charts.execution_stages(totals["budget"], totals["committed"], totals["spent"], t, lang)
    st.altair_chart(charts.execution_funnel(stages, t, height=150), width="stretch")

    # the trend, when there is more than one fiscal year or as-of date
    periods = budget.groupby("period", sort=False)[["budget_krw", "committed_krw", "spent_krw"]].sum(
        min_count=1
    )
    if len(periods) > 1:
        st.markdown(f"##### {t('budget_trend')}")
        trend = periods.reset_index().melt(id_vars="period", var_name="what", value_name="krw")
        trend["stage"] = trend["what"].map(
            {
                "budget_krw": t("stage_budget"),
                "committed_krw": t("stage_committed"),
                "spent_krw": t("stage_spent"),
            }
        )
        trend["eok"] = trend["krw"].map(fmt.eok)
        trend["exact"] = trend["krw"].map(lambda v: fmt.format_krw(v, lang))
        st.altair_chart(
            alt.Chart(trend.dropna(subset=["krw"]))
            .mark_line(point=True)
            .encode(
                x=alt.X("period:O", title=t("budget_period"), sort=list(periods.index)),
                y=alt.Y("eok:Q", title=t("amount_eok")),
                color=alt.Color(
                    "stage:N",
                    title=None,
                    sort=[t("stage_budget"), t("stage_committed"), t("stage_spent")],
                ),
                tooltip=[
                    alt.Tooltip("period:O", title=t("budget_period")),
                    alt.Tooltip("stage:N", title=t("stage")),
                    alt.Tooltip("exact:N", title=t("amount_krw")),
                ],
            )
            .properties(height=260),
            width="stretch",
        )
    else:
        st.caption(t("one_period", period=latest_period))

    fmt.show_table(
        budget[
            [
                "fiscal_year",
                "as_of",
                "account",
                "budget_krw",
                "committed_krw",
                "spent_krw",
                "committed_rate",
                "spent_rate",
                "expected_year_end_krw",
                "expected_year_end_rate",
                "source",
                "detail_link",
                "task_link",
            ]
        ],
        key="program_budget",
        column_config={
            **fmt.budget_columns(),
            "detail_link": fmt.link_column("detail_line"),
            "task_link": fmt.link_column("task_line"),
        },
        file_name="program_budget.csv",
    )

# --- what documents state about it ---------------------------------------------------------------------------
st.subheader(t("program_statements_here"))
statements = data.budget_statements([picked])
if statements.empty:
    st.caption(t("no_statements_here"))
else:
    statements["layout"] = statements["layout"].map(lambda k: t(f"layout_{k}"), na_action="ignore")
    statements["link"] = fmt.source_links(statements)
    fmt.show_table(
        statements[
            [
                "subject",
                "fiscal_year",
                "as_of",
                "budget_krw",
                "committed_krw",
                "spent_krw",
                "unspent_krw",
                "carried_over_krw",
                "lapsed_krw",
                "execution_rate",
                "layout",
                "document",
                "source_text",
                "link",
            ]
        ],
        key="program_statements_here",
        column_config={
            "subject": st.column_config.TextColumn(t("subject"), pinned=True),
            "fiscal_year": st.column_config.NumberColumn(t("fiscal_year"), format="%d"),
            "as_of": st.column_config.DateColumn(t("as_of")),
            **fmt.measure_columns(BudgetStatement.MEASURES),
            "layout": t("statement_layout"),
            "document": t("document"),
            "source_text": st.column_config.TextColumn(t("source"), width="large"),
            "link": fmt.link_column(),
        },
        file_name="program_statements.csv",
    )

# --- where plans mention it ------------------------------------------------------------------------------------
st.subheader(t("program_plans"))
mentions = data.program_plan_mentions(picked)
st.caption(t("plan_mention_rule"))
if mentions.empty:
    st.caption(t("no_plan_mentions"))
else:
    mentions["link"] = fmt.source_links(mentions)
    for r in mentions[mentions["mention"] == "task_plan"].itertuples():
        st.markdown(
            f"**{t('task_plan', task=fmt.md_escape(r.name))}** · [{t('source_line')} {int(r.line_start)}]({r.link})"
        )
        st.text(r.text if isinstance(r.text, str) else "–")
    named = mentions[mentions["mention"] == "named_program"]
    if not named.empty:
        st.markdown(f"##### {t('named_in_plans')}")
        fmt.show_table(
            named[["name", "fiscal_year", "amount_krw", "document", "text", "link"]],
            key="program_plan_mentions",
            column_config={
                "name": t("program"),
                "fiscal_year": st.column_config.NumberColumn(t("fiscal_year"), format="%d"),
                "amount_krw": fmt.money_column("amount_krw"),
                "document": t("document"),
                "text": st.column_config.TextColumn(t("source"), width="large"),
                "link": fmt.link_column(),
            },
            file_name="program_plan_mentions.csv",
        )

# --- the council's findings ------------------------------------------------------------------------------------
st.subheader(t("council_findings"))
findings = data.program_findings(picked)
st.caption(t("findings_link_rule"))
if findings.empty:
    st.caption(t("no_program_findings"))
else:
    findings["status_shown"] = findings["status"].map(status_of)
    if lang == fmt.EN:
        findings["department"] = findings["department_en"].fillna(findings["department"])
        findings["kind"] = findings["kind"].map(lambda k: fmt.code("audit_kind", k))
    findings["link"] = fmt.source_links(findings)
    findings["audit_page"] = findings["finding_id"].map(fmt.finding_link)
    c1, c2 = st.columns(2)
    c1.metric(t("n_findings"), len(findings))
    c2.metric(t("n_open"), int(findings["is_open"].fillna(False).astype(bool).sum()))
    by_status = findings.groupby("status_shown").size().rename("n").reset_index()
    st.altair_chart(
        alt.Chart(by_status)
        .mark_bar()
        .encode(
            y=alt.Y("status_shown:N", title=None, sort="-x"),
            x=alt.X("n:Q", title=t("n_findings"), axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("status_shown:N", title=t("status")),
                alt.Tooltip("n:Q", title=t("n_findings")),
            ],
        )
        .properties(height=max(80, 32 * len(by_status))),
        width="stretch",
    )
    fmt.show_table(
        findings[
            [
                "ordinal",
                "audit_year",
                "kind",
                "status_shown",
                "department",
                "finding",
                "actions",
                "plans",
                "matched_keywords",
                "audit_page",
                "link",
            ]
        ],
        key="program_findings",
        column_config={
            "ordinal": st.column_config.NumberColumn("#", format="%d"),
            "audit_year": st.column_config.NumberColumn(t("audit_year"), format="%d"),
            "kind": t("kind"),
            "status_shown": t("status"),
            "department": t("department"),
            "finding": st.column_config.TextColumn(t("finding"), width="large"),
            "actions": st.column_config.TextColumn(t("actions"), width="medium"),
            "plans": st.column_config.TextColumn(t("plans"), width="medium"),
            "matched_keywords": t("matched_keywords"),
            "audit_page": st.column_config.LinkColumn(t("finding_link"), display_text=t("finding_link")),
            "link": fmt.link_column(),
        },
        file_name="program_findings.csv",
    )
    for r in findings.itertuples():
        # an expander's label renders Markdown: the finding's first words pass through md_escape
        with st.expander(
            f"#{r.ordinal} [{fmt.md_escape(r.status_shown)}] {fmt.md_escape(str(r.finding)[:60])}"
        ):
            st.text(str(r.finding))
            a, b = st.columns(2)
            a.markdown(f"**{t('actions')}**")
            a.text(r.actions if isinstance(r.actions, str) else "–")
            b.markdown(f"**{t('plans')}**")
            b.text(r.plans if isinstance(r.plans, str) else "–")
            st.markdown(
                f"[{t('source_line')} {int(r.line_start)}]({r.link}) · [{t('finding_link')}]({r.audit_page})"
            )
