"""Departments: staffing (정원 / 현원 / gap) beside budget and execution, per department."""

import sys
from pathlib import Path

if (_root := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _root)

import altair as alt
import streamlit as st

from app import data
from app import format as fmt

lang = fmt.start_page("departments", "🏢")
t = fmt.t

years = data.department_years()
box = fmt.filters_box()
year = box.selectbox(t("fiscal_year"), years, key="dept_year") if years else None
show_all = box.checkbox(t("show_all_departments"), value=False, key="dept_all")

df = data.departments(year)
if not show_all:
    df = df[df["authorized_staff"].notna() | df["budget_krw"].notna()]
df = df.assign(
    name=df["name_en"].fillna(df["name_ko"]) if lang == fmt.EN else df["name_ko"],
    budget_eok=df["budget_krw"].map(fmt.eok),
    executed_eok=df["executed_krw"].map(fmt.eok),
    budget_link=fmt.source_links(df, "budget_line", "budget_doc_id"),
    staffing_link=fmt.source_links(df, "staffing_line", "staffing_doc_id"),
)

# the bureau's own total row first, as headline figures
total = df[df["is_total"].fillna(False).astype(bool)]
if not total.empty:
    r = total.iloc[0]
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(
        t("authorized_staff"), "–" if fmt.is_missing(r["authorized_staff"]) else int(r["authorized_staff"])
    )
    c2.metric(
        t("current_staff"),
        "–" if fmt.is_missing(r["current_staff"]) else int(r["current_staff"]),
        delta=None if fmt.is_missing(r["staff_gap"]) else int(r["staff_gap"]),
    )
    c3.metric(
        t(
            "bureau_budget",
            name=fmt.md_escape(r["name"]),
            year="" if fmt.is_missing(r["fiscal_year"]) else int(r["fiscal_year"]),
        ),
        fmt.format_eok(r["budget_krw"], lang),
        help=fmt.format_krw(r["budget_krw"], lang),
    )
    c4.metric(
        t("execution_rate"),
        fmt.format_rate(r["execution_rate"]),
        help=f"{t('executed_krw')}: {fmt.format_krw(r['executed_krw'], lang)}",
    )
units = df[~df["is_total"].fillna(False).astype(bool)]

# --- side by side: staffing and execution ----------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(t("staffing"))
    staff = units[units["authorized_staff"].notna()]
    if not staff.empty:
        long = staff.melt(
            id_vars=["name"],
            value_vars=["authorized_staff", "current_staff"],
            var_name="what",
            value_name="n",
        )
        long["what"] = long["what"].map(t)
        st.altair_chart(
            alt.Chart(long)
            .mark_bar()
            .encode(
                y=alt.Y("name:N", title=None, sort=list(staff["name"]), axis=alt.Axis(labelLimit=220)),
                x=alt.X("n:Q", title=None),
                yOffset="what:N",
                color=alt.Color("what:N", title=None),
                tooltip=["name:N", "what:N", "n:Q"],
            )
            .properties(height=max(160, 42 * len(staff))),
            width="stretch",
        )
with right:
    st.subheader(t("budget_execution"))
    money = units[units["budget_krw"].notna()]
    if not money.empty:
        money = money.assign(
            budget_txt=money["budget_krw"].map(lambda v: fmt.format_eok(v, lang)),
            exact=money["budget_krw"].map(lambda v: fmt.format_krw(v, lang)),
            rate_txt=money["execution_rate"].map(fmt.format_rate),
        )
        base = alt.Chart(money).encode(
            y=alt.Y("name:N", title=None, sort=list(money["name"]), axis=alt.Axis(labelLimit=220))
        )
        st.altair_chart(
            (
                base.mark_bar(color="#c9d6ea").encode(
                    x=alt.X("budget_eok:Q", title=t("budget_eok")),
                    tooltip=[
                        alt.Tooltip("name:N", title=t("department")),
                        alt.Tooltip("budget_txt:N", title=t("budget_eok")),
                        alt.Tooltip("exact:N", title=t("budget_krw")),
                        alt.Tooltip("rate_txt:N", title=t("execution_rate")),
                    ],
                )
                + base.mark_bar(color="#3b6fb6", height=10).encode(x="executed_eok:Q")
                + base.mark_text(align="left", dx=4).encode(x="budget_eok:Q", text="rate_txt:N")
            ).properties(height=max(160, 42 * len(money))),
            width="stretch",
        )

# --- the table -------------------------------------------------------------------------------------------
fmt.show_table(
    df[
        [
            "name",
            "authorized_staff",
            "current_staff",
            "staff_gap",
            "staffing_as_of",
            "budget_eok",
            "budget_krw",
            "prior_year_krw",
            "change_rate",
            "executed_krw",
            "execution_rate",
            "spent_krw",
            "spent_rate",
            "n_programs",
            "staffing_link",
            "budget_link",
        ]
    ],
    key="departments",
    column_config={
        "name": st.column_config.TextColumn(t("department"), pinned=True),
        "authorized_staff": t("authorized_staff"),
        "current_staff": t("current_staff"),
        "staff_gap": t("staff_gap"),
        "staffing_as_of": st.column_config.DateColumn(t("as_of")),
        "budget_eok": fmt.eok_column("budget_eok"),
        "budget_krw": fmt.money_column("budget_krw"),
        "prior_year_krw": fmt.money_column("prior_year_krw"),
        "change_rate": st.column_config.NumberColumn(t("change_rate"), format="percent"),
        "executed_krw": fmt.money_column("executed_krw"),
        "execution_rate": fmt.rate_column("execution_rate"),
        "spent_krw": fmt.money_column("spent_krw"),
        "spent_rate": fmt.rate_column("spent_rate"),
        "n_programs": t("programs_n"),
        "staffing_link": fmt.link_column("staffing"),
        "budget_link": fmt.link_column("budget_execution"),
    },
    file_name="departments.csv",
)

accounts = data.department_accounts(year)
if not accounts.empty:
    st.subheader(t("account_split"))
    accounts = accounts.assign(
        account=accounts["account"].map(lambda a: fmt.code("account", a)),
        name=accounts["name_en"].fillna(accounts["name_ko"]) if lang == fmt.EN else accounts["name_ko"],
        link=fmt.source_links(accounts, "source_line"),
    )
    fmt.show_table(
        accounts[
            [
                "name",
                "account",
                "budget_krw",
                "executed_krw",
                "execution_rate",
                "spent_krw",
                "spent_rate",
                "link",
            ]
        ],
        key="department_accounts",
        column_config={
            "name": t("department"),
            "account": t("account"),
            "budget_krw": fmt.money_column("budget_krw"),
            "executed_krw": fmt.money_column("executed_krw"),
            "execution_rate": fmt.rate_column("execution_rate"),
            "spent_krw": fmt.money_column("spent_krw"),
            "spent_rate": fmt.rate_column("spent_rate"),
            "link": fmt.link_column(),
        },
        file_name="department_accounts.csv",
    )

# --- a department's programs, each linked to its program page (`/Departments?department=<id>` opens one) ----
progs = data.program_list()
progs = progs[progs["department_id"].notna()]
if not progs.empty:
    st.subheader(t("department_programs"))
    with_programs = [d for d in df["department_id"] if d in set(progs["department_id"])]
    with_programs += sorted(set(progs["department_id"]) - set(with_programs))
    names = dict(zip(df["department_id"], df["name"], strict=True))
    for r in progs.drop_duplicates("department_id").itertuples():
        shown_name = r.department_en if lang == fmt.EN and isinstance(r.department_en, str) else r.department
        names.setdefault(r.department_id, shown_name)
    asked = st.query_params.get("department")
    chosen = st.selectbox(
        t("pick_department"),
        with_programs,
        index=with_programs.index(asked) if asked in with_programs else 0,
        format_func=names.get,
        key="dept_programs",
    )
    mine = progs[progs["department_id"] == chosen]
    fmt.show_table(
        mine.assign(
            program=mine["program"].fillna(t("unnamed_program")),
            budget_eok=mine["budget_krw"].map(fmt.eok),
            page=mine["program_id"].map(fmt.program_link),
        )[
            [
                "program",
                "task_code",
                "platform",
                "budget_eok",
                "committed_rate",
                "spent_rate",
                "n_findings",
                "n_open",
                "page",
            ]
        ],
        key="department_programs",
        column_config={
            "program": st.column_config.TextColumn(t("program"), pinned=True),
            "task_code": t("task"),
            "platform": t("platform"),
            "budget_eok": fmt.eok_column("budget_eok"),
            "committed_rate": fmt.rate_column("committed_rate"),
            "spent_rate": fmt.rate_column("spent_rate"),
            "n_findings": st.column_config.NumberColumn(t("n_findings_short"), format="%d"),
            "n_open": st.column_config.NumberColumn(t("n_open_short"), format="%d"),
            "page": st.column_config.LinkColumn(t("program_link"), display_text=t("program_link")),
        },
        file_name="department_programs.csv",
    )

# --- duties ----------------------------------------------------------------------------------------------
with_duties = df[df["duties"].notna()]
if not with_duties.empty:
    st.subheader(t("duties"))
    for r in with_duties.itertuples():
        with st.expander(fmt.md_escape(r.name)):  # a label renders Markdown; duties are shown as text
            st.text("\n".join(f"• {duty}" for duty in str(r.duties).split(" · ")))
