"""Programs: filter by department, task and platform; the table, the execution funnel, who is behind."""

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

box = fmt.filters_box()
year = box.selectbox(t("fiscal_year"), years, key="pg_year") if years else None
chosen_depts = box.multiselect(
    t("department"), list(dept_names), format_func=dept_names.get, key="pg_depts", placeholder=t("choose")
)
chosen_tasks = box.multiselect(
    t("task"), list(task_names), format_func=task_names.get, key="pg_tasks", placeholder=t("choose")
)
chosen_platforms = box.multiselect(
    t("platform"), list(opts["platforms"]["platform"]), key="pg_platforms", placeholder=t("choose")
)

rows = data.programs(year, chosen_depts, chosen_tasks, chosen_platforms)
if lang == fmt.EN:
    rows["department"] = rows["department_en"].fillna(rows["department"])
rows["budget_eok"] = rows["budget_krw"].map(fmt.eok)
rows["link"] = fmt.source_links(rows, "source_line")
# findings beside programs: the council findings linked to each program, and how many are still open
findings_per_program = data.program_finding_counts()
rows = rows.merge(findings_per_program, on="program_id", how="left")
rows[["n_findings", "n_open"]] = rows[["n_findings", "n_open"]].fillna(0).astype(int)
rows["page"] = rows["program_id"].map(fmt.program_link)
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
    funnel = charts.execution_stages(*totals, t, lang)
    st.altair_chart(charts.execution_funnel(funnel, t, height=170), width="stretch")
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

# --- execution ranking: the programs furthest behind in spending, non-program lines apart ----------------
# Rule: spent / budget, lowest first, programs with a budget of MIN_RANKED_BUDGET or more (a tiny line at
# 0% says little); lines that are no program (debt service, basic expenses, salaries, reserves, refunds:
# the reviewed word list seeds/reference/non_program_lines.csv) are kept out and shown apart.
MIN_RANKED_BUDGET = 10 * fmt.EOK  # 10억원

st.subheader(t("execution_ranking"))
min_text = fmt.format_eok(MIN_RANKED_BUDGET, lang, digits=0)
st.caption(t("ranking_rule", min=min_text))
lines = rows.dropna(subset=["budget_krw"])
# one figure per program: its latest as-of date in the year shown, its accounts added up
lines = lines[
    lines["as_of"].fillna(pd.Timestamp.min)
    == lines.groupby("program_id")["as_of"].transform("max").fillna(pd.Timestamp.min)
]
per_program = lines.groupby("program_id", as_index=False).agg(
    program=("program", "first"),
    department=("department", "first"),
    budget_krw=("budget_krw", "sum"),
    spent_krw=("spent_krw", lambda s: s.sum(min_count=1)),
    doc_id=("doc_id", "first"),
    source_line=("source_line", "first"),
    page=("page", "first"),
    link=("link", "first"),
)
per_program["program"] = per_program["program"].fillna(t("unnamed_program"))
per_program["spent_rate"] = per_program["spent_krw"] / per_program["budget_krw"].where(
    per_program["budget_krw"] > 0
)
per_program["budget_eok"] = per_program["budget_krw"].map(fmt.eok)
keywords = data.non_program_keywords()
per_program["non_program"] = per_program["program"].map(lambda n: data.non_program_kind(n, keywords))
programs_only = per_program[per_program["non_program"].isna()]
ranked = programs_only[
    (programs_only["budget_krw"] >= MIN_RANKED_BUDGET) & programs_only["spent_rate"].notna()
].sort_values(["spent_rate", "budget_krw"], ascending=[True, False])
ranked.insert(0, "rank", range(1, len(ranked) + 1))
n_small = int((programs_only["budget_krw"] < MIN_RANKED_BUDGET).sum())
n_unspent = int(
    ((programs_only["budget_krw"] >= MIN_RANKED_BUDGET) & programs_only["spent_rate"].isna()).sum()
)
st.caption(
    t("ranking_small", min=min_text, n=n_small, m=n_unspent)
    if n_unspent
    else t("ranking_small_only", min=min_text, n=n_small)
)
if ranked.empty:
    st.caption(t("no_rows"))
else:
    shown_rank = ranked.assign(
        rate_txt=ranked["spent_rate"].map(fmt.format_rate),
        budget_txt=ranked["budget_krw"].map(lambda v: fmt.format_money(v, lang)),
        spent_txt=ranked["spent_krw"].map(lambda v: fmt.format_money(v, lang)),
    )
    bars = alt.Chart(shown_rank).encode(
        y=alt.Y("program:N", sort=list(shown_rank["program"]), title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X(
            "spent_rate:Q", title=t("spent_rate"), axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])
        ),
        tooltip=[
            alt.Tooltip("rank:Q", title=t("rank")),
            alt.Tooltip("program:N", title=t("program")),
            alt.Tooltip("department:N", title=t("department")),
            alt.Tooltip("rate_txt:N", title=t("spent_rate")),
            alt.Tooltip("spent_txt:N", title=t("stage_spent")),
            alt.Tooltip("budget_txt:N", title=t("stage_budget")),
        ],
    )
    st.altair_chart(
        (
            bars.mark_bar().encode(
                color=alt.Color(
                    "budget_eok:Q", title=t("budget_eok"), scale=alt.Scale(scheme="blues", type="sqrt")
                ),
                # a bigger budget is a thicker bar: the rank says how far behind, the bar how much money
                size=alt.Size("budget_eok:Q", scale=alt.Scale(type="sqrt", range=[5, 20]), legend=None),
            )
            + bars.mark_text(align="left", dx=4).encode(text="rate_txt:N")
        ).properties(height=max(160, 22 * len(shown_rank))),
        width="stretch",
    )
    with st.expander(t("ranking_table")):
        fmt.show_table(
            ranked[
                ["rank", "program", "department", "budget_eok", "spent_krw", "spent_rate", "page", "link"]
            ],
            key="execution_ranking",
            column_config={
                "rank": st.column_config.NumberColumn(t("rank"), format="%d"),
                "program": t("program"),
                "department": t("department"),
                "budget_eok": fmt.eok_column("budget_eok"),
                "spent_krw": fmt.money_column("spent_krw"),
                "spent_rate": fmt.rate_column("spent_rate"),
                "page": st.column_config.LinkColumn(t("program_link"), display_text=t("program_link")),
                "link": fmt.link_column(),
            },
            file_name="execution_ranking.csv",
        )
apart = per_program[per_program["non_program"].notna()].sort_values("budget_krw", ascending=False)
if not apart.empty:
    st.markdown(f"##### {t('non_program_lines')}")
    apart = apart.assign(kind=apart["non_program"].map(lambda k: t(f"npl_{k}")))
    fmt.show_table(
        apart[["program", "kind", "department", "budget_eok", "spent_krw", "spent_rate", "link"]],
        key="non_program_lines",
        column_config={
            "program": t("program"),
            "kind": t("non_program_kind"),
            "department": t("department"),
            "budget_eok": fmt.eok_column("budget_eok"),
            "spent_krw": fmt.money_column("spent_krw"),
            "spent_rate": fmt.rate_column("spent_rate"),
            "link": fmt.link_column(),
        },
        file_name="non_program_lines.csv",
    )

# --- the table: the important columns first, every column a click away --------------------------------------
st.subheader(t("program_table"))
program_columns = {
    "program": st.column_config.TextColumn(t("program"), pinned=True),
    "department": t("department"),
    "task_code": t("task"),
    "task_name": "",
    "platform": t("platform"),
    **fmt.budget_columns(),
    "budget_eok": fmt.eok_column("budget_eok"),
    "n_findings": st.column_config.NumberColumn(t("n_findings_short"), format="%d"),
    "n_open": st.column_config.NumberColumn(t("n_open_short"), format="%d"),
    "page": st.column_config.LinkColumn(t("program_link"), display_text=t("program_link")),
    "link": fmt.link_column(),
}
main_columns = [
    "program",
    "department",
    "budget_eok",
    "committed_rate",
    "spent_rate",
    "n_findings",
    "n_open",
    "page",
    "link",
]
fmt.show_table(
    rows[main_columns],
    key="programs",
    column_config={c: program_columns[c] for c in main_columns},
    file_name="programs.csv",
)
with st.expander(t("all_columns")):
    all_columns = [
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
        "n_findings",
        "n_open",
        "page",
        "link",
    ]
    fmt.show_table(
        rows[all_columns],
        key="programs_all",
        column_config={c: program_columns[c] for c in all_columns},
        file_name="programs_all_columns.csv",
    )

# --- budget statements: what documents (minutes, reviews, reports) state about programs and others ----
# Subjects and source lines are document text: shown in tables (plain text), never as Markdown.
st.subheader(t("budget_statements"))
st.caption(t("budget_statements_help"))
# a large warehouse states tens of thousands of things: the table by subject shows the first
# STATEMENT_ROWS (the download holds every one), the program picker reads only which programs are stated
STATEMENT_ROWS = 1_000
stated, n_statements = data.budget_statement_programs()
statements = data.budget_statements(limit=STATEMENT_ROWS)
statement_columns = [
    "subject",
    "subject_kind",
    "resolved_to",
    "fiscal_year",
    "as_of",
    *BudgetStatement.MEASURES,
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
    **fmt.measure_columns(BudgetStatement.MEASURES),
    "unit": t("unit_written"),
    "layout": t("statement_layout"),
    "document": st.column_config.TextColumn(t("document")),
    "source_text": st.column_config.TextColumn(t("source"), width="large"),
    "link": fmt.link_column(),
}


def _with_resolution(df):
    """The program's name, else the department's (in English when chosen), the kinds in the chosen
    language, and the link to the line. (fmt.label with the page's language, not t: the download of
    every statement runs this outside the page's session.)"""
    department = df["department"]
    if lang == fmt.EN:
        department = df["department_en"].fillna(department)
    df["resolved_to"] = df["program"].where(df["resolved_as"] == "program", department)
    df["subject_kind"] = df["subject_kind"].map(
        lambda k: fmt.label(f"subject_kind_{k}", lang), na_action="ignore"
    )
    df["layout"] = df["layout"].map(lambda k: fmt.label(f"layout_{k}", lang), na_action="ignore")
    df["link"] = fmt.source_links(df)
    return df


st.markdown(f"##### {t('program_statements')}")
stated_programs = stated[stated["program_id"].isin(rows["program_id"])]
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
if n_statements > len(statements):
    st.caption(t("first_rows_of", n=len(statements), total=n_statements))
fmt.show_table(
    _with_resolution(statements)[statement_columns] if not statements.empty else statements,
    key="statements_by_subject",
    column_config=statement_config,
    file_name="budget_statements.csv",
    every_row=(lambda: _with_resolution(data.budget_statements())[statement_columns])
    if n_statements > len(statements)
    else None,
)
