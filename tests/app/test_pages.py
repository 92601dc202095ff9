"""Every page driven by streamlit.testing against a warehouse built from the shipped corpus."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import PAGES, work_report_doc_id

LINK = re.compile(r"^/Sources\?doc=[0-9a-f]{16,}&line=\d+$")


def run_page(name: str, query_params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(PAGES[name]), default_timeout=120)
    for key, value in (query_params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def frame_with(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first table on the page that has all these columns."""
    for df in at.dataframe:
        value = df.value
        if all(c in value.columns for c in columns):
            return value
    raise AssertionError(f"no table with columns {columns}")


def metric(at: AppTest, label: str):
    for m in at.metric:
        if m.label == label:
            return m
    raise AssertionError(f"no metric {label!r} among {[m.label for m in at.metric]}")


def texts(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def assert_links(series: pd.Series) -> None:
    links = series.dropna()
    assert len(links) > 0
    assert all(LINK.match(v) for v in links), links[~links.map(lambda v: bool(LINK.match(v)))].tolist()


PROGRAM = re.compile(r"^/Program\?program=[0-9a-f]{16}$")


def program_id(con: duckdb.DuckDBPyConnection, name: str) -> str:
    return con.execute("SELECT program_id FROM marts.dim_program WHERE name_ko = ?", [name]).fetchall()[0][0]


# --- Overview --------------------------------------------------------------------------------------------------


def test_overview_headline_and_yearly_plan(app_env: Path) -> None:
    at = run_page("overview")
    assert at.title[0].value == "개요"

    plan = metric(at, "서울특별시 2023년 정보화사업")
    assert plan.value == "3,703억원"
    bureau = metric(at, "스마트도시정책관 2021년 예산")
    assert bureau.value == "1,683.4억원"
    assert bureau.delta == "집행률 54.1%"
    assert metric(at, "감사 지적사항").value == "52"

    series = frame_with(at, "region", "fiscal_year", "kind", "amount_krw")
    by = {(r.region, int(r.fiscal_year), r.kind): int(r.amount_krw) for r in series.itertuples()}
    assert by[("서울특별시", 2021, "정보화사업 총액")] == 321_300_000_000
    assert by[("서울특별시", 2023, "정보화사업 총액")] == 370_300_000_000
    assert by[("서울특별시", 2022, "전년도 (기사 언급)")] == 345_900_000_000  # quoted by the 2023 article
    assert by[("서울특별시", 2013, "정보화 부서 예산")] == 76_675_000_000
    assert by[("경기도", 2013, "정보화 부서 예산")] == 18_579_000_000
    assert_links(series["link"])


def test_overview_breakdown_for_a_chosen_year(app_env: Path) -> None:
    at = run_page("overview")
    at.selectbox(key="bd_year").set_value(("서울특별시", 2021)).run()
    assert not at.exception
    institution = frame_with(at, "scope", "label", "projects", "amount_krw")
    rows = {r.label: (int(r.projects), int(r.amount_krw)) for r in institution.itertuples()}
    assert rows["서울시"] == (355, 156_200_000_000)
    assert rows["자치구"] == (532, 90_200_000_000)
    category = next(
        df.value for df in at.dataframe if "label" in df.value.columns and "CCTV" in set(df.value["label"])
    )
    cctv = category[category["label"] == "CCTV"].iloc[0]
    assert (int(cctv["projects"]), int(cctv["amount_krw"])) == (69, 31_600_000_000)
    assert cctv["scope"] == "smart_city"


def test_overview_in_english(app_env: Path) -> None:
    at = run_page("overview")
    at.sidebar.toggle[0].set_value(True).run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert metric(at, "Seoul 2023 informatization plan").value == "KRW 370.3bn"
    assert at.session_state["lang"] == "en"


# --- Programs --------------------------------------------------------------------------------------------------


def test_programs_lists_the_infrastructure_program_with_its_committed_rate(app_env: Path) -> None:
    at = run_page("programs")
    table = frame_with(at, "program", "committed_rate", "budget_krw", "link")
    row = table[table["program"] == "스마트도시 통신인프라 구축"].iloc[0]
    assert row["committed_rate"] == pytest.approx(0.051)
    assert int(row["budget_krw"]) == 50_428_398_000
    assert int(row["committed_krw"]) == 2_596_258_000
    assert row["department"] == "정보통신보안담당관"
    assert row["platform"] == "S-Net"
    assert_links(table["link"])

    # furthest behind: the most money not yet committed comes first, with its 5.1%
    lines = [m.value for m in at.markdown if str(m.value).startswith("**")]
    assert lines[0].startswith("**스마트도시 통신인프라 구축** — 원인행위율 5.1% (26.0억원 / 504.3억원)")

    # the funnel adds up the detailed table's lines (task-only programs are parts of them): the bureau's
    # 2021 budget (168,338,280,000원 stated; its lines sum to 1,000원 less, a rounding the report makes)
    funnel = texts(at)
    detail = table[table["source"] != "task"]
    assert f"{int(detail['budget_krw'].sum()):,}원" in funnel
    assert f"{int(detail['spent_krw'].sum()):,}원" in funnel
    assert "예산현액: **1,683.4억원** (100.0%)" in funnel


def test_programs_filters(app_env: Path, served_con: duckdb.DuckDBPyConnection) -> None:
    at = run_page("programs")
    at.multiselect(key="pg_platforms").set_value(["S-Net"]).run()
    table = frame_with(at, "program", "platform")
    assert "스마트도시 통신인프라 구축" in set(table["program"])
    assert all("S-Net" in p for p in table["platform"])

    at.multiselect(key="pg_platforms").set_value([]).run()
    at.multiselect(key="pg_depts").set_value(["ict_security_officer"]).run()
    table = frame_with(at, "program", "department", "task_code")
    expected = served_con.execute(
        "SELECT count(*) FROM marts.dim_program WHERE department_id = 'ict_security_officer'"
    ).fetchall()[0][0]
    assert set(table["department"]) == {"정보통신보안담당관"}
    assert table["program"].nunique() == expected

    at.multiselect(key="pg_depts").set_value([]).run()
    at.multiselect(key="pg_tasks").set_value(["1-1"]).run()
    table = frame_with(at, "program", "task_code")
    assert set(table["task_code"]) == {"1-1"}
    assert "스마트도시 통신인프라 구축" in set(table["program"])


def test_programs_show_what_documents_state_about_them(
    home_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Budget statements (the shipped corpus states none: two are added to a copy of the mart): a
    program's statements, and every statement by subject with its source line, as plain text."""
    con = duckdb.connect(str(home_copy / "warehouse.duckdb"))
    program_id, doc_id = con.execute(
        "SELECT p.program_id, b.doc_id FROM marts.dim_program p JOIN marts.fct_program_budget b USING (program_id) "
        "WHERE p.name_ko = '스마트도시 통신인프라 구축'"
    ).fetchall()[0]
    con.execute(
        "INSERT INTO marts.fct_budget_statement (budget_statement_id, doc_id, subject, subject_kind, region, "
        "fiscal_year, program_id, department_id, resolved_as, budget_krw, spent_krw, carried_over_krw, "
        "execution_rate, unit, layout, line_start, line_end, source_text) VALUES "
        "('s1', $doc, '스마트도시 통신인프라 구축 사업', 'program', '서울특별시', 2021, $program, "
        "'ict_security_officer', 'program', 50428398000, 2194694000, 48000000000, 0.044, '억원', 'prose', "
        "1007, 1007, '스마트도시 통신인프라 구축 사업의 예산현액은 …'), "
        "('s2', $doc, '**굵게** [링크](http://example.com) 사업', 'program', '서울특별시', 2021, NULL, NULL, NULL, "
        "NULL, 320000000, NULL, NULL, '억원', 'prose', 12, 12, '# 제목이 아닌 원문')",
        {"doc": doc_id, "program": program_id},
    )
    con.close()
    monkeypatch.setenv("ICTWH_HOME", str(home_copy))
    at = run_page("programs")

    assert at.selectbox(key="pg_statement_program").value == program_id
    mine = frame_with(at, "subject", "resolved_to", "carried_over_krw", "link")
    assert len(mine) == 1
    row = mine.iloc[0]
    assert (row["subject"], row["resolved_to"], int(row["carried_over_krw"])) == (
        "스마트도시 통신인프라 구축 사업",
        "스마트도시 통신인프라 구축",
        48_000_000_000,
    )
    assert row["execution_rate"] == pytest.approx(0.044)
    assert row["link"] == f"/Sources?doc={doc_id}&line=1007"

    every = at.dataframe[-1].value
    assert list(every["subject"]) == [
        "**굵게** [링크](http://example.com) 사업",
        "스마트도시 통신인프라 구축 사업",
    ]
    assert every["source_text"].iloc[0] == "# 제목이 아닌 원문"  # document text as text, not Markdown
    assert_links(every["link"])
    assert not any("굵게" in str(m.value) for m in at.markdown)


def test_programs_without_budget_statements(app_env: Path) -> None:
    at = run_page("programs")
    assert "사업으로 연결된 기재 내용이 없습니다." in [c.value for c in at.caption]


def test_programs_link_to_program_pages_with_findings_beside_them(
    app_env: Path, served_con: duckdb.DuckDBPyConnection
) -> None:
    at = run_page("programs")
    main = frame_with(at, "program", "n_findings", "n_open", "page")
    # the important columns first; every column stays a click away
    assert list(main.columns) == [
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
    everything = frame_with(at, "task_code", "platform", "source", "page")
    assert len(everything) == len(main)
    assert all(PROGRAM.match(v) for v in main["page"])

    pid = program_id(served_con, "스마트도시 통신인프라 구축")
    n, n_open = served_con.execute(
        "SELECT count(*), count(*) FILTER (WHERE f.is_open) FROM marts.fct_audit_finding_program "
        "JOIN marts.fct_audit_finding AS f USING (finding_id) WHERE program_id = ?",
        [pid],
    ).fetchall()[0]
    row = main[main["program"] == "스마트도시 통신인프라 구축"].iloc[0]
    assert (int(row["n_findings"]), int(row["n_open"])) == (n, n_open) == (15, 7)
    assert row["page"] == f"/Program?program={pid}"


def test_programs_rank_execution_without_debt_repayment(app_env: Path) -> None:
    at = run_page("programs")
    assert any("집행률(지출액 ÷ 예산현액) 낮은 순 · 예산 10억원 이상" in str(c.value) for c in at.caption)
    ranking = frame_with(at, "rank", "program", "spent_rate", "budget_eok")
    # the lowest rate first, only programs of 10억원 or more, and no line that is no program
    assert ranking["spent_rate"].is_monotonic_increasing
    assert list(ranking["rank"]) == list(range(1, len(ranking) + 1))
    assert (ranking["budget_eok"] >= 10).all()
    assert "지방채증권 원금상환" not in set(ranking["program"])
    assert not ranking["program"].str.contains("기본경비|반환").any()
    assert ranking.iloc[0]["spent_rate"] == 0  # 스마트서울 네트워크 구축 및 운영: 10억원, nothing spent yet
    row = ranking[ranking["program"] == "스마트도시 통신인프라 구축"].iloc[0]
    assert row["spent_rate"] == pytest.approx(2_194_694_000 / 50_428_398_000)
    assert all(PROGRAM.match(v) for v in ranking["page"])
    # the lines kept out are shown apart, each with the kind of line it is
    apart = frame_with(at, "program", "kind", "spent_rate")
    debt = apart[apart["program"] == "지방채증권 원금상환"].iloc[0]
    assert debt["kind"] == "지방채 상환"
    assert int(debt["spent_krw"]) == 0
    assert set(apart["kind"]) == {"지방채 상환", "기본경비", "반환금"}


# --- Departments -------------------------------------------------------------------------------------------------


def test_departments_staffing_beside_budget(app_env: Path) -> None:
    at = run_page("departments")
    assert metric(at, "정원").value == "212"
    assert metric(at, "현원").value == "197"
    assert metric(at, "스마트도시정책관 2021년 예산").value == "1,683.4억원"
    table = frame_with(at, "name", "authorized_staff", "current_staff", "staff_gap", "budget_krw")
    ict = table[table["name"] == "정보통신보안담당관"].iloc[0]
    assert (int(ict["authorized_staff"]), int(ict["current_staff"]), int(ict["staff_gap"])) == (38, 39, 1)
    assert int(ict["budget_krw"]) == 83_007_064_000
    assert ict["execution_rate"] == pytest.approx(0.311)
    assert_links(table["budget_link"])
    accounts = frame_with(at, "name", "account", "budget_krw")
    special = accounts[(accounts["name"] == "정보통신보안담당관") & (accounts["account"] == "특별회계")].iloc[
        0
    ]
    assert int(special["budget_krw"]) == 53_428_398_000


def test_departments_list_their_programs_with_links(
    app_env: Path, served_con: duckdb.DuckDBPyConnection
) -> None:
    at = run_page("departments", {"department": "ict_security_officer"})
    assert at.selectbox(key="dept_programs").value == "ict_security_officer"
    mine = frame_with(at, "program", "budget_eok", "page")
    expected = served_con.execute(
        "SELECT count(*) FROM marts.dim_program WHERE department_id = 'ict_security_officer'"
    ).fetchall()[0][0]
    assert len(mine) == expected
    pid = program_id(served_con, "스마트도시 통신인프라 구축")
    assert mine[mine["program"] == "스마트도시 통신인프라 구축"].iloc[0]["page"] == f"/Program?program={pid}"


# --- Audits -------------------------------------------------------------------------------------------------------


def test_audits_count_findings_by_status(app_env: Path, served_con: duckdb.DuckDBPyConnection) -> None:
    at = run_page("audits")
    expected = dict(
        served_con.execute(
            "SELECT coalesce(status, '(미기재)'), count(*) FROM marts.fct_audit_finding GROUP BY 1"
        ).fetchall()
    )
    assert sum(expected.values()) == 52
    for status, n in expected.items():
        assert metric(at, status).value == str(n)
    assert metric(at, "계").value == "52"
    assert int(metric(at, "완료").value) >= 25

    counts = frame_with(at, "유형", "계")
    total = counts[counts["유형"] == "계"].iloc[0]
    assert int(total["계"]) == 52

    findings = frame_with(at, "finding", "status", "department", "actions", "plans")
    assert len(findings) == 52
    assert_links(findings["link"])


def test_audit_finding_shows_the_execution_of_its_programs(
    app_env: Path, served_con: duckdb.DuckDBPyConnection
) -> None:
    at = run_page("audits")
    findings = frame_with(at, "finding", "programs")
    assert findings["programs"].fillna("").str.contains("스마트도시 통신인프라 구축").any()

    wifi = served_con.execute(
        """
        SELECT fp.finding_id FROM marts.fct_audit_finding_program AS fp
        JOIN marts.dim_program AS p USING (program_id)
        WHERE p.name_ko = '스마트도시 통신인프라 구축'
        ORDER BY fp.finding_id
        """
    ).fetchall()
    assert wifi
    at.selectbox(key="au_pick").set_value(wifi[0][0]).run()
    assert not at.exception
    progs = frame_with(at, "program", "matched_keywords", "committed_rate")
    row = progs[progs["program"] == "스마트도시 통신인프라 구축"].iloc[0]
    assert row["committed_rate"] == pytest.approx(0.051)
    assert_links(progs["link"])

    audited = frame_with(at, "program", "n_findings", "n_open")
    row = audited[audited["program"] == "스마트도시 통신인프라 구축"].iloc[0]
    assert int(row["n_findings"]) == len(wifi)


def test_audits_open_on_a_finding_with_programs_and_filters_change_the_counts(
    app_env: Path, served_con: duckdb.DuckDBPyConnection
) -> None:
    at = run_page("audits")
    picked = at.selectbox(key="au_pick").value
    linked = served_con.execute(
        "SELECT count(*) FROM marts.fct_audit_finding_program WHERE finding_id = ?", [picked]
    ).fetchall()[0][0]
    assert linked > 0  # not `#1 [(미기재)]`, which concerns no program
    progs = frame_with(at, "program", "matched_keywords", "page")
    assert len(progs) > 0 and all(PROGRAM.match(v) for v in progs["page"])
    assert all(PROGRAM.match(v) for v in frame_with(at, "program", "n_findings", "page")["page"])
    # how findings were linked: the reviewed keyword table, named
    assert any("seeds/reference/audit_program_keywords.csv" in str(c.value) for c in at.caption)
    # the stated counts against the items found, said plainly
    warning = " ".join(str(w.value) for w in at.warning)
    assert "추진중 24건 기재, 19건 찾음" in warning and "완료 27건 기재, 25건 찾음" in warning

    assert metric(at, "계").value == "52"
    assert metric(at, "완료").value == "25"
    at.checkbox(key="au_open").check().run()
    n_open = served_con.execute("SELECT count(*) FROM marts.fct_audit_finding WHERE is_open").fetchall()[0][0]
    assert metric(at, "계").value == str(n_open) == "20"
    assert metric(at, "완료").value == "0"
    assert metric(at, "추진중").value == "19"
    assert len(frame_with(at, "finding", "status", "actions")) == n_open
    counts = frame_with(at, "유형", "계")
    assert int(counts[counts["유형"] == "계"].iloc[0]["계"]) == n_open

    at.checkbox(key="au_open").uncheck().run()
    at.multiselect(key="au_status").set_value(["완료"]).run()
    assert metric(at, "계").value == "25"
    assert metric(at, "추진중").value == "0"


def test_audits_open_on_the_finding_a_link_names(
    app_env: Path, served_con: duckdb.DuckDBPyConnection
) -> None:
    finding = served_con.execute(
        "SELECT finding_id FROM marts.fct_audit_finding WHERE ordinal = 29"
    ).fetchall()[0][0]
    at = run_page("audits", {"finding": finding})
    assert at.selectbox(key="au_pick").value == finding


# --- Program page ----------------------------------------------------------------------------------------------


def test_program_page_follows_a_program_from_budget_to_council_findings(
    app_env: Path, served_con: duckdb.DuckDBPyConnection
) -> None:
    pid = program_id(served_con, "스마트도시 통신인프라 구축")
    at = run_page("program", {"program": pid})
    assert at.header[0].value == "스마트도시 통신인프라 구축"
    assert "[정보통신보안담당관](/Departments?department=ict_security_officer)" in texts(at)
    assert "1\\-1 스마트서울 네트워크 구축 및 공공와이파이 확대(S\\-Net)" in texts(at)

    # budget -> committed -> spent, with their rates and their source lines
    assert metric(at, "예산현액").value == "504.3억원"
    assert (metric(at, "원인행위").value, metric(at, "원인행위").delta) == ("26.0억원", "예산의 5.1%")
    assert (metric(at, "지출").value, metric(at, "지출").delta) == ("21.9억원", "예산의 4.4%")
    budget = frame_with(at, "budget_krw", "committed_krw", "spent_krw", "detail_link", "task_link")
    row = budget.iloc[0]
    assert (int(row["budget_krw"]), int(row["committed_krw"]), int(row["spent_krw"])) == (
        50_428_398_000,
        2_596_258_000,
        2_194_694_000,
    )
    doc = work_report_doc_id(served_con)
    assert (row["detail_link"], row["task_link"]) == (
        f"/Sources?doc={doc}&line=1007",
        f"/Sources?doc={doc}&line=239",
    )
    text = served_con.execute("SELECT text FROM raw.documents WHERE doc_id = ?", [doc]).fetchall()[0][0]
    assert text.splitlines()[1006].startswith("스마트도시 통신인프라 구축")
    assert f"(/Sources?doc={doc}&line=1007)" in texts(at)

    # the plan of the task it serves, with its line
    assert f"(/Sources?doc={doc}&line=190)" in texts(at)

    # the council's findings linked to it, with status, actions, plans and their lines
    expected = served_con.execute(
        "SELECT f.finding_id, f.status, f.is_open FROM marts.fct_audit_finding_program "
        "JOIN marts.fct_audit_finding AS f USING (finding_id) WHERE program_id = ?",
        [pid],
    ).fetchall()
    findings = frame_with(at, "finding", "status_shown", "actions", "plans", "matched_keywords", "link")
    assert len(findings) == len(expected) == 15
    assert metric(at, "지적 건수").value == "15"
    assert metric(at, "미완료").value == str(sum(bool(e[2]) for e in expected)) == "7"
    assert sorted(findings["status_shown"]) == sorted(e[1] or "(미기재)" for e in expected)
    assert findings["matched_keywords"].str.contains("와이파이|S-Net|까치온|자가망").all()
    assert_links(findings["link"])
    assert all(v.startswith("/Audits?finding=") for v in findings["audit_page"])


def test_program_page_without_a_program_offers_a_picker(
    app_env: Path, served_con: duckdb.DuckDBPyConnection
) -> None:
    at = run_page("program")
    assert at.selectbox(key="prog_pick").value is None
    index = frame_with(at, "program", "page")
    assert len(index) == served_con.execute("SELECT count(*) FROM marts.dim_program").fetchall()[0][0]
    assert all(PROGRAM.match(v) for v in index["page"])

    pid = program_id(served_con, "서울사이버안전센터 운영")
    at.selectbox(key="prog_pick").set_value(pid).run()
    assert not at.exception
    assert at.header[0].value == "서울사이버안전센터 운영"
    assert at.query_params["program"] == pid  # the URL names the program shown

    unknown = run_page("program", {"program": "nope"})
    assert "nope" in unknown.warning[0].value


# --- Sources ------------------------------------------------------------------------------------------------------


def test_sources_catalog(app_env: Path) -> None:
    at = run_page("sources")
    catalog = frame_with(at, "title", "publisher", "status")
    assert len(catalog) == 5
    assert set(catalog["kind"]) == {"기사", "업무보고"}  # the kinds in Korean, not their codes
    assert set(catalog["status"]) == {"게시됨"}
    assert "서울시 정보화사업 분야 303억원 투자...메타버스 등 본격화" in set(catalog["title"])


def test_sources_opens_a_document_at_a_line(app_env: Path, served_con: duckdb.DuckDBPyConnection) -> None:
    doc = work_report_doc_id(served_con)
    at = run_page("sources", {"doc": doc, "line": "1007"})
    assert at.selectbox[0].value == doc
    html = [str(m.value) for m in at.markdown if 'id="L1007"' in str(m.value)]
    assert html, "line 1007 is not shown"
    focus = re.search(r'<div id="L1007" style="([^"]*)">(.*?)</div>', html[0])
    assert focus and "#ffb74d" in focus.group(1)  # the line the link points at is highlighted
    assert "스마트도시 통신인프라 구축" in focus.group(2)
    assert "50,428,398" in focus.group(2)
    at_line = frame_with(at, "record_type", "line_start", "line_end", "source_text")
    assert "budget_lines" in set(at_line["record_type"])
    # every record of the document is listed, each with a link to its line
    records = frame_with(at, "record_type", "link")
    assert len(records) > 300
    assert_links(records["link"])


def test_figures_elsewhere_link_to_their_source_line(
    app_env: Path, served_con: duckdb.DuckDBPyConnection
) -> None:
    programs = frame_with(run_page("programs"), "program", "link")
    link = programs[programs["program"] == "스마트도시 통신인프라 구축"].iloc[0]["link"]
    doc, line = re.match(r"/Sources\?doc=(\w+)&line=(\d+)", link).groups()
    text = served_con.execute("SELECT text FROM raw.documents WHERE doc_id = ?", [doc]).fetchall()[0][0]
    assert text.splitlines()[int(line) - 1].startswith("스마트도시 통신인프라 구축")


# --- Data quality ---------------------------------------------------------------------------------------------------


def test_data_quality_page(app_env: Path, served_con: duckdb.DuckDBPyConnection) -> None:
    at = run_page("data_quality")
    summary = app_env / "reports" / "latest" / "summary.json"
    has_dq = bool(
        served_con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'dq' AND table_name = 'check_results'"
        ).fetchall()[0][0]
    )
    if summary.exists() or has_dq:
        assert metric(at, "상태").value in {"published", "–"}
        assert int(metric(at, "점검 수").value) > 0
        assert metric(at, "실패").value == "0"
        checks = frame_with(at, "check_name", "passed", "scope")
        # which rows each suite checked is read beside its verdict, before the long explanations
        columns = list(checks.columns)
        assert columns.index("rows") < columns.index("scope") < columns.index("message"), columns
        assert checks["scope"].str.startswith(("whole table", "rows of", "rows not in")).all()
    else:
        assert any("아직 기록된 데이터 품질 점검 실행이 없습니다" in i.value for i in at.info)

    findings = frame_with(at, "rule", "subject", "explanation", "link")
    expected = served_con.execute("SELECT count(*) FROM marts.fct_source_finding").fetchall()[0][0]
    assert len(findings) == expected > 0
    assert_links(findings["link"])
    # the documents held back (quarantined, rejected, nothing recognised) are listed with their reason
    held = served_con.execute(
        "SELECT file_name FROM marts.dim_document WHERE status <> 'published' ORDER BY 1"
    ).fetchall()
    if held:
        table = frame_with(at, "file_name", "status", "rejected_reason")
        assert sorted(table["file_name"]) == [h[0] for h in held]
    else:
        assert "해당하는 자료가 없습니다." in [c.value for c in at.caption]


def test_data_quality_without_a_recorded_run(home_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    con = duckdb.connect(str(home_copy / "warehouse.duckdb"))
    con.execute("DROP SCHEMA IF EXISTS dq CASCADE")
    con.close()
    monkeypatch.setenv("ICTWH_HOME", str(home_copy))
    at = run_page("data_quality")
    assert [i.value for i in at.info][:1] == ["아직 기록된 데이터 품질 점검 실행이 없습니다."]
    assert len(frame_with(at, "rule", "explanation")) > 0  # the marts' findings are still shown


# --- no warehouse, and a publish while the app is open ------------------------------------------------------------


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_says_how_to_build_when_nothing_is_published(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ICTWH_HOME", str(tmp_path / "empty"))
    at = run_page(page)
    assert at.warning[0].value == "아직 게시된 웨어하우스가 없습니다."
    assert "ict-warehouse build" in at.code[0].value
    assert not at.dataframe


def test_a_publish_invalidates_the_cache(home_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app import data

    monkeypatch.setenv("ICTWH_HOME", str(home_copy))
    served = home_copy / "warehouse.duckdb"
    before_key = data.warehouse_key()
    n_before = int(data.query("SELECT count(*) AS n FROM marts.fct_audit_finding")["n"].iloc[0])
    assert n_before == 52

    # a build publishes a new file the way orchestration.warehouse.publish does: copy, then os.replace
    staging = served.with_name("warehouse.duckdb.publishing")
    shutil.copyfile(served, staging)
    con = duckdb.connect(str(staging))
    con.execute("DELETE FROM marts.fct_audit_finding WHERE status = '완료'")
    con.close()
    os.replace(staging, served)

    assert data.warehouse_key() != before_key
    n_after = int(data.query("SELECT count(*) AS n FROM marts.fct_audit_finding")["n"].iloc[0])
    assert n_after < n_before
    at = run_page("audits")
    assert metric(at, "계").value == str(n_after)
