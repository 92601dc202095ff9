"""Programs: filter by department, task and platform; the table, the execution funnel, who is behind."""

import sys
from pathlib import Path

if (_root := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _root)

import altair as alt
import pandas as pd
import streamlit as st

from app import data
from app import format as fmt

lang = fmt.start_page("programs", "🧩")
t = fmt.t

# --- filters (values go to SQL as bound parameters) ------------------------------------------------------
opts = data.program_filter_options()
depts, tasks = opts["departments"], opts["tasks"]
dept_names = {
    r.department_id: (r.name_en if lang == fmt.EN and isinstance(r.name_en, str) else r.name_ko)
    for r in depts.itertuples()
}
task_names = {r.task_code: f"{r.task_code} {r.task_name or ''}".strip() for r in tasks.itertuples()}
years = [int(y) for y in opts["years"]["fiscal_year"]]

st.sidebar.header(t("filters"))
year = st.sidebar.selectbox(t("fiscal_year"), years, key="pg_year") if years else None
chosen_depts = st.sidebar.multiselect(
    t("department"), list(dept_names), format_func=dept_names.get, key="pg_depts"
)
chosen_tasks = st.sidebar.multiselect(t("task"), list(task_names), format_func=task_names.get, key="pg_tasks")
chosen_platforms = st.sidebar.multiselect(
    t("platform"), list(opts["platforms"]["platform"]), key="pg_platforms"
)

rows = data.programs(year, chosen_depts, chosen_tasks, chosen_platforms)
if lang == fmt.EN:
    rows["department"] = rows["department_en"].fillna(rows["department"])
rows["budget_eok"] = rows["budget_krw"].map(fmt.eok)
rows["link"] = [fmt.source_link(d, n) for d, n in zip(rows["doc_id"], rows["source_line"], strict=True)]
st.caption(t("n_programs", n=rows["program_id"].nunique()))

# --- execution funnel ----------------------------------------------------------------------------------
left, right = st.columns([2, 3])
with left:
    st.subheader(t("funnel"))
    st.caption(t("funnel_stages"))
    # programs found only in a task table are parts of detailed-table lines: summing them too would
    # count their money twice, so the funnel adds up the detailed table's lines when there are any
    counted = rows[rows["source"] != "task"] if (rows["source"] != "task").any() else rows
    totals = [counted["budget_krw"].sum(), counted["committed_krw"].sum(), counted["spent_krw"].sum()]
    if len(counted) < len(rows):
        st.caption(t("funnel_task_only", n=len(rows) - len(counted)))
    funnel = pd.DataFrame(
        {
            "stage": [t("stage_budget"), t("stage_committed"), t("stage_spent")],
            "order": [0, 1, 2],
            "krw": totals,
        }
    )
    funnel["eok"] = funnel["krw"].map(fmt.eok)
    funnel["amount"] = funnel["krw"].map(lambda v: fmt.format_eok(v, lang))
    funnel["exact"] = funnel["krw"].map(lambda v: fmt.format_krw(v, lang))
    funnel["rate"] = [fmt.format_rate(v / totals[0]) if totals[0] else "–" for v in totals]
    chart = (
        alt.Chart(funnel)
        .mark_bar()
        .encode(
            y=alt.Y("stage:N", sort=alt.SortField("order"), title=None),
            x=alt.X("eok:Q", title=t("amount_eok")),
            color=alt.Color(
                "stage:N",
                legend=None,
                sort=alt.SortField("order"),
                scale=alt.Scale(range=["#1f4e8c", "#4f81bd", "#9dbbe0"]),
            ),
            tooltip=[
                alt.Tooltip("stage:N", title=t("stage")),
                alt.Tooltip("amount:N", title=t("amount_eok")),
                alt.Tooltip("exact:N", title=t("amount_krw")),
                alt.Tooltip("rate:N", title="%"),
            ],
        )
        .properties(height=170)
    )
    labels = chart.mark_text(align="left", dx=4).encode(text="rate:N")
    st.altair_chart(chart + labels, width="stretch")
    for _, r in funnel.iterrows():
        st.markdown(f"- {r['stage']}: **{r['amount']}** ({r['rate']}) · {r['exact']}")

# --- the programs furthest behind ------------------------------------------------------------------------
with right:
    st.subheader(t("furthest_behind"))
    behind = rows[rows["budget_krw"].fillna(0) > 0].copy()
    behind["uncommitted_krw"] = behind["budget_krw"] - behind["committed_krw"].fillna(0)
    # furthest behind = the most money not yet committed (a low rate on a small budget matters less)
    behind = behind.sort_values(["uncommitted_krw", "committed_rate"], ascending=[False, True]).head(10)
    for r in behind.head(5).itertuples():
        st.markdown(
            t(
                "behind_line",
                name=fmt.md_escape(r.program),
                rate=fmt.format_rate(r.committed_rate),
                committed=fmt.format_money(r.committed_krw, lang),
                budget=fmt.format_money(r.budget_krw, lang),
            )
            + f" · [{t('source_line')} {r.source_line}]({r.link})"
        )
    behind["uncommitted_eok"] = behind["uncommitted_krw"].map(fmt.eok)
    fmt.show_table(
        behind[
            ["program", "department", "budget_eok", "committed_rate", "spent_rate", "uncommitted_eok", "link"]
        ],
        key="behind",
        column_config={
            "program": t("program"),
            "department": t("department"),
            "budget_eok": fmt.eok_column("budget_eok"),
            "committed_rate": fmt.rate_column("committed_rate"),
            "spent_rate": fmt.rate_column("spent_rate"),
            "uncommitted_eok": fmt.eok_column("uncommitted_eok"),
            "link": fmt.link_column(),
        },
        file_name="programs_behind.csv",
    )

# --- the table -------------------------------------------------------------------------------------------
st.subheader(t("program_table"))
fmt.show_table(
    rows[
        [
            "program",
            "department",
            "task_code",
            "task_name",
            "platform",
            "account",
            "fiscal_year",
            "as_of",
            "budget_eok",
            "budget_krw",
            "committed_krw",
            "spent_krw",
            "committed_rate",
            "spent_rate",
            "expected_year_end_krw",
            "expected_year_end_rate",
            "source",
            "link",
        ]
    ],
    key="programs",
    column_config={
        "program": st.column_config.TextColumn(t("program"), pinned=True),
        "department": t("department"),
        "task_code": t("task"),
        "task_name": "",
        "platform": t("platform"),
        "account": t("account"),
        "fiscal_year": st.column_config.NumberColumn(t("fiscal_year"), format="%d"),
        "as_of": st.column_config.DateColumn(t("as_of")),
        "budget_eok": fmt.eok_column("budget_eok"),
        "budget_krw": fmt.money_column("budget_krw"),
        "committed_krw": fmt.money_column("committed_krw"),
        "spent_krw": fmt.money_column("spent_krw"),
        "committed_rate": fmt.rate_column("committed_rate"),
        "spent_rate": fmt.rate_column("spent_rate"),
        "expected_year_end_krw": fmt.money_column("expected_year_end_krw"),
        "expected_year_end_rate": fmt.rate_column("expected_rate"),
        "source": st.column_config.TextColumn(t("from_table"), help=t("from_table_help")),
        "link": fmt.link_column(),
    },
    file_name="programs.csv",
)

# --- budget statements: what documents (minutes, reviews, reports) state about programs and others ----
# Subjects and source lines are document text: shown in tables (plain text), never as Markdown.
st.subheader(t("budget_statements"))
st.caption(t("budget_statements_help"))
statements = data.budget_statements()
statement_columns = [
    "subject",
    "subject_kind",
    "resolved_to",
    "fiscal_year",
    "as_of",
    "budget_krw",
    "committed_krw",
    "spent_krw",
    "unspent_krw",
    "carried_over_krw",
    "lapsed_krw",
    "target_krw",
    "execution_rate",
    "lapse_rate",
    "unit",
    "layout",
    "document",
    "source_text",
    "link",
]
statement_config = {
    "subject": st.column_config.TextColumn(t("subject"), pinned=True),
    "subject_kind": t("subject_kind"),
    "resolved_to": t("resolved_to"),
    "fiscal_year": st.column_config.NumberColumn(t("fiscal_year"), format="%d"),
    "as_of": st.column_config.DateColumn(t("as_of")),
    "budget_krw": fmt.money_column("budget_krw"),
    "committed_krw": fmt.money_column("committed_krw"),
    "spent_krw": fmt.money_column("spent_krw"),
    "unspent_krw": fmt.money_column("unspent_krw"),
    "carried_over_krw": fmt.money_column("carried_over_krw"),
    "lapsed_krw": fmt.money_column("lapsed_krw"),
    "target_krw": fmt.money_column("target_krw"),
    "execution_rate": fmt.rate_column("execution_rate"),
    "lapse_rate": fmt.rate_column("lapse_rate"),
    "unit": t("unit_written"),
    "layout": t("statement_layout"),
    "document": st.column_config.TextColumn(t("document")),
    "source_text": st.column_config.TextColumn(t("source"), width="large"),
    "link": fmt.link_column(),
}


def _with_resolution(df):
    """The program's name, else the department's (in English when chosen), the kinds in the chosen
    language, and the link to the line."""
    department = df["department"]
    if lang == fmt.EN:
        department = df["department_en"].fillna(department)
    df["resolved_to"] = df["program"].where(df["resolved_as"] == "program", department)
    df["subject_kind"] = df["subject_kind"].map(lambda k: t(f"subject_kind_{k}"), na_action="ignore")
    df["layout"] = df["layout"].map(lambda k: t(f"layout_{k}"), na_action="ignore")
    df["link"] = [fmt.source_link(d, n) for d, n in zip(df["doc_id"], df["line_start"], strict=True)]
    return df


st.markdown(f"##### {t('program_statements')}")
stated_programs = statements.dropna(subset=["program_id"])
stated_programs = stated_programs[stated_programs["program_id"].isin(rows["program_id"])]
if stated_programs.empty:
    st.caption(t("no_program_statements"))
else:
    program_names = dict(zip(stated_programs["program_id"], stated_programs["program"], strict=True))
    picked = st.selectbox(
        t("pick_program"), list(program_names), format_func=program_names.get, key="pg_statement_program"
    )
    fmt.show_table(
        _with_resolution(data.budget_statements([picked]))[statement_columns],
        key="program_statements",
        column_config=statement_config,
        file_name="program_statements.csv",
    )

st.markdown(f"##### {t('statements_by_subject')}")
fmt.show_table(
    _with_resolution(statements)[statement_columns] if not statements.empty else statements,
    key="statements_by_subject",
    column_config=statement_config,
    file_name="budget_statements.csv",
)
