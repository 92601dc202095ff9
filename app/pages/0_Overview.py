"""Overview: headline figures, the yearly informatization plan by region, a year's breakdown."""

import sys
from pathlib import Path

if (_root := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _root)

import altair as alt
import streamlit as st

from app import data
from app import format as fmt
from app.compare import with_change

lang = fmt.start_page("overview", "🏙️")
t = fmt.t
regions = data.region_names() if lang == fmt.EN else {}


def region_name(name: str | None) -> str:
    return regions.get(name, name) if name else ""


# --- headline figures ----------------------------------------------------------------------------------
h = data.headline()
c1, c2, c3, c4 = st.columns(4)
c1.metric(
    t("documents"),
    h["documents"],
    help=t("published_docs", n=h["published"], total=h["documents"] + h["rejected"]),
)
if h["plan"]:
    p = h["plan"]
    c2.metric(
        t("latest_plan", region=fmt.md_escape(region_name(p["region"])), year=p["fiscal_year"]),
        fmt.format_eok(p["amount_krw"], lang, digits=0),
        delta=None if fmt.is_missing(p["growth_rate"]) else fmt.format_rate(p["growth_rate"]),
        help=f"{fmt.format_krw(p['amount_krw'], lang)} · "
        + ("" if fmt.is_missing(p["projects"]) else t("projects_n", n=int(p["projects"]))),
    )
    c2.markdown(f"[{t('source_line')} {p['source_line']}]({fmt.source_link(p['doc_id'], p['source_line'])})")
if h["bureau"]:
    b = h["bureau"]
    name = b["name_en"] if lang == fmt.EN and b["name_en"] else b["name_ko"]
    c3.metric(
        t("bureau_budget", name=fmt.md_escape(name), year=b["fiscal_year"]),
        fmt.format_eok(b["budget_krw"], lang),
        delta=t("execution_rate_is", rate=fmt.format_rate(b["execution_rate"])),
        delta_color="off",
        delta_arrow="off",
        help=fmt.format_krw(b["budget_krw"], lang),
    )
    c3.markdown(f"[{t('source_line')} {b['source_line']}]({fmt.source_link(b['doc_id'], b['source_line'])})")
c4.metric(
    t("audit_findings"),
    h["findings"],
    delta=t("open_n", n=h["open_findings"]),
    delta_color="off",
    delta_arrow="off",
    help=f"{t('programs_n')}: {h['programs']}",
)

# --- the yearly plan by region -------------------------------------------------------------------------
st.subheader(t("plan_by_region"))
series = data.plan_series()
if series.empty:
    st.info(t("plan_none"))
else:
    series = series.assign(
        region=series["region"].map(region_name),
        eok=series["amount_krw"].map(fmt.eok),
        amount=series["amount_krw"].map(lambda v: fmt.format_eok(v, lang)),
        exact=series["amount_krw"].map(lambda v: fmt.format_krw(v, lang)),
        kind=series["measure"].map(lambda m: t(m)),
        link=fmt.source_links(series, "source_line"),
    )
    years = list(
        range(min(2013, int(series["fiscal_year"].min())), max(2023, int(series["fiscal_year"].max())) + 1)
    )
    x = alt.X("fiscal_year:O", title=t("year"), scale=alt.Scale(domain=years), axis=alt.Axis(labelAngle=0))
    y = alt.Y("eok:Q", title=t("amount_eok"))
    tooltip = [
        alt.Tooltip("region:N", title=t("region")),
        alt.Tooltip("fiscal_year:O", title=t("year")),
        alt.Tooltip("kind:N", title=t("measure")),
        alt.Tooltip("amount:N", title=t("amount_eok")),
        alt.Tooltip("exact:N", title=t("amount_krw")),
    ]
    base = alt.Chart(series).encode(x=x, y=y, color=alt.Color("region:N", title=t("region")))
    lines = base.transform_filter(alt.datum.measure != "organization_budget").mark_line(strokeWidth=2)
    points = base.mark_point(size=90, filled=True).encode(
        shape=alt.Shape("kind:N", title=t("measure")), tooltip=tooltip, href="link:N"
    )
    st.altair_chart((lines + points).properties(height=340), width="stretch")
    fmt.show_table(
        series[["region", "fiscal_year", "kind", "projects", "eok", "amount_krw", "link"]],
        key="plan_series",
        column_config={
            "region": t("region"),
            "fiscal_year": st.column_config.NumberColumn(t("year"), format="%d"),
            "kind": t("measure"),
            "projects": t("projects"),
            "eok": fmt.eok_column(),
            "amount_krw": fmt.money_column("amount_krw"),
            "link": fmt.link_column(),
        },
        file_name="plan_by_region.csv",
    )

# --- one year's breakdown ------------------------------------------------------------------------------
st.subheader(t("breakdown"))
years = data.breakdown_years()
if years.empty:
    st.info(t("breakdown_none"))
else:
    choices = list(zip(years["region"], years["fiscal_year"], strict=True))
    region, year = st.selectbox(
        f"{t('region')} · {t('year')}",
        choices,
        format_func=lambda c: f"{region_name(c[0])} {int(c[1])}",
        key="bd_year",
    )
    parts = data.plan_breakdown(region, int(year))
    parts = parts.assign(
        eok=parts["amount_krw"].map(fmt.eok),
        amount=parts["amount_krw"].map(lambda v: fmt.format_eok(v, lang)),
        exact=parts["amount_krw"].map(lambda v: fmt.format_krw(v, lang)),
        link=fmt.source_links(parts, "source_line"),
    )
    dims = [
        d for d in ("institution", "type", "category", "quarter", "total") if d in set(parts["dimension"])
    ]
    for tab, dim in zip(st.tabs([t(f"dim_{d}") for d in dims]), dims, strict=True):
        with tab:
            sub = parts[parts["dimension"] == dim]
            if sub["eok"].notna().any():
                chart = (
                    alt.Chart(sub[sub["eok"].notna()])
                    .mark_bar()
                    .encode(
                        x=alt.X("eok:Q", title=t("amount_eok")),
                        y=alt.Y("label:N", sort="-x", title=None),
                        color=alt.Color("scope:N", title=t("scope")),
                        tooltip=[
                            alt.Tooltip("label:N", title=t("label")),
                            alt.Tooltip("projects:Q", title=t("projects")),
                            alt.Tooltip("amount:N", title=t("amount_eok")),
                            alt.Tooltip("exact:N", title=t("amount_krw")),
                            alt.Tooltip("share:Q", title=t("share"), format=".1%"),
                        ],
                        href="link:N",
                    )
                    .properties(height=40 * len(sub) + 50)
                )
                st.altair_chart(chart, width="stretch")
            fmt.show_table(
                sub[["scope", "label", "projects", "eok", "amount_krw", "share", "link"]],
                key=f"breakdown_{dim}",
                column_config={
                    "scope": t("scope"),
                    "label": t("label"),
                    "projects": t("projects"),
                    "eok": fmt.eok_column(),
                    "amount_krw": fmt.money_column("amount_krw"),
                    "share": st.column_config.NumberColumn(t("share"), format="percent"),
                    "link": fmt.link_column(),
                },
                file_name=f"plan_{region}_{int(year)}_{dim}.csv",
            )

# --- comparisons on one axis ------------------------------------------------------------------------------
st.subheader(t("compare_plans"))
dim_choices = ["total", "institution", "type", "category", "quarter"]
dim = st.radio(
    t("compare_by"), dim_choices, format_func=lambda d: t(f"dim_{d}"), horizontal=True, key="cmp_dim"
)
pool = data.plan_comparison(dim)
if pool.empty:
    st.info(t("breakdown_none"))
else:
    available = list(dict.fromkeys(zip(pool["region"], pool["fiscal_year"].astype(int), strict=True)))
    latest_region = available[-1][0]
    default = [p for p in available if p[0] == latest_region][-3:]  # the latest region's last three years
    periods = st.multiselect(
        t("compare_periods"),
        available,
        default=default,
        format_func=lambda p: f"{region_name(p[0])} {p[1]}",
        key=f"cmp_periods_{dim}",
        placeholder=t("choose"),
    )
    if periods:
        table = with_change(pool, periods)
        table = table.assign(
            period=[
                f"{region_name(r)} {int(y)}"
                for r, y in zip(table["region"], table["fiscal_year"], strict=True)
            ],
            eok=table["amount_krw"].map(fmt.eok),
            amount=table["amount_krw"].map(lambda v: fmt.format_eok(v, lang)),
            change=table["change_krw"].map(lambda v: fmt.format_eok(v, lang)),
            rate=table["change_rate"].map(fmt.format_rate),
            link=fmt.source_links(table, "source_line"),
        )
        order = [f"{region_name(r)} {y}" for r, y in periods]
        chart = (
            alt.Chart(table)
            .mark_bar()
            .encode(
                x=alt.X("label:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
                xOffset=alt.XOffset("period:N", sort=order),
                y=alt.Y("eok:Q", title=t("amount_eok")),  # one axis for every period chosen
                color=alt.Color("period:N", title=t("period"), sort=order),
                tooltip=[
                    alt.Tooltip("period:N", title=t("period")),
                    alt.Tooltip("label:N", title=t("label")),
                    alt.Tooltip("amount:N", title=t("amount_eok")),
                    alt.Tooltip("change:N", title=t("change")),
                    alt.Tooltip("rate:N", title=t("change_rate")),
                ],
                href="link:N",
            )
            .properties(height=340)
        )
        st.altair_chart(chart, width="stretch")
        st.caption(t("compare_rule"))
        fmt.show_table(
            table[["period", "label", "projects", "eok", "change_krw", "change_rate", "link"]],
            key=f"compare_{dim}",
            column_config={
                "period": t("period"),
                "label": t("label"),
                "projects": t("projects"),
                "eok": fmt.eok_column(),
                "change_krw": fmt.money_column("change"),
                "change_rate": st.column_config.NumberColumn(t("change_rate"), format="percent"),
                "link": fmt.link_column(),
            },
            file_name=f"plan_comparison_{dim}.csv",
        )

multi = data.multi_year_plans()
if not multi.empty:
    st.subheader(t("multi_year"))
    multi = multi.assign(
        region=multi["region"].map(region_name),
        eok=multi["amount_krw"].map(fmt.eok),
        link=fmt.source_links(multi, "source_line"),
    )
    fmt.show_table(
        multi[["region", "label", "start_year", "period_end_year", "eok", "amount_krw", "link"]],
        key="multi_year",
        column_config={
            "region": t("region"),
            "label": t("label"),
            "start_year": st.column_config.NumberColumn(t("period"), format="%d"),
            "period_end_year": st.column_config.NumberColumn("~", format="%d"),
            "eok": fmt.eok_column(),
            "amount_krw": fmt.money_column("amount_krw"),
            "link": fmt.link_column(),
        },
        file_name="multi_year_plans.csv",
    )
