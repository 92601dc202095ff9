"""The warehouse built from the shipped corpus: row counts and exact values from the seed documents."""

from __future__ import annotations

import json

import pytest

from tests.conftest import query

pytestmark = pytest.mark.e2e


def test_every_seed_document_publishes_with_full_coverage(seed_warehouse):
    rows = query(
        seed_warehouse, "SELECT file_name, status, coverage, kind FROM marts.dim_document ORDER BY 1"
    )
    assert [(r[0][:3], r[1], r[2], r[3]) for r in rows] == [
        ("000", "published", 1.0, "news"),
        ("001", "published", 1.0, "news"),
        ("002", "published", 1.0, "news"),
        ("003", "published", 1.0, "news"),
        ("004", "published", 1.0, "work_report"),
    ]


def test_mart_row_counts(seed_warehouse):
    counts = {
        t: query(seed_warehouse, f"SELECT count(*) FROM marts.{t}")[0][0]
        for t in (
            "dim_program",
            "fct_program_budget",
            "fct_audit_finding",
            "fct_department_budget",
            "fct_revenue",
        )
    }
    # 62 program lines of the detailed table (one without a name) + 7 programs only in task tables
    assert counts == {
        "dim_program": 69,
        "fct_program_budget": 69,
        "fct_audit_finding": 52,
        "fct_department_budget": 9,
        "fct_revenue": 54,
    }


def test_department_budget_and_execution(seed_warehouse):
    rows = query(
        seed_warehouse,
        "SELECT account, budget_krw, prior_year_krw, executed_krw, execution_rate FROM marts.fct_department_budget "
        "WHERE department_id = ? ORDER BY account",
        ["smart_city_officer"],
    )
    assert rows == [("전체", 28_631_222_000, 26_010_489_000, 20_443_267_000, 0.714)]
    split = query(
        seed_warehouse,
        "SELECT account, budget_krw, execution_rate FROM marts.fct_department_budget "
        "WHERE department_id = 'ict_security_officer' ORDER BY account",
    )
    assert split == [
        ("일반회계", 29_578_665_000, 0.758),
        ("전체", 83_007_064_000, 0.311),
        ("특별회계", 53_428_398_000, 0.063),
    ]


def test_program_matched_across_task_and_detail_tables(seed_warehouse):
    rows = query(
        seed_warehouse,
        "SELECT p.department_id, p.task_code, p.platform, f.budget_krw, f.committed_krw, f.spent_krw, "
        "f.committed_rate, f.expected_year_end_krw, f.source, f.detail_line, f.task_line "
        "FROM marts.fct_program_budget f JOIN marts.dim_program p USING (program_id) WHERE p.name_ko = ?",
        ["스마트도시 통신인프라 구축"],
    )
    assert rows == [
        (
            "ict_security_officer",
            "1-1",
            "S-Net",
            50_428_398_000,
            2_596_258_000,
            2_194_694_000,
            0.051,
            49_419_830_000,
            "detail+task",
            1007,
            239,
        )
    ]
    # the OCR-mangled task-table name (박데이터 ... 만만 공동) is the same program as the detailed line
    ocr = query(
        seed_warehouse,
        "SELECT p.name_ko, f.source, f.task_line FROM marts.fct_program_budget f JOIN marts.dim_program p USING (program_id) "
        "WHERE p.name_ko LIKE '빅데이터 통합저장소%'",
    )
    assert ocr == [("빅데이터 통합저장소 기반의 민관 공동 빅데이터 플랫폼 구축", "detail+task", 527)]


def test_unnamed_program_line_is_kept_with_a_finding(seed_warehouse):
    rows = query(
        seed_warehouse,
        "SELECT p.name_ko, f.budget_krw, f.committed_krw, f.spent_krw, f.detail_line "
        "FROM marts.fct_program_budget f JOIN marts.dim_program p USING (program_id) WHERE p.name_ko IS NULL",
    )
    assert rows == [(None, 91_700_000, 90_500_000, 45_250_000, 985)]
    findings = query(
        seed_warehouse, "SELECT rule FROM marts.fct_source_finding WHERE list_contains(lines, 985)"
    )
    assert ("missing_program_name",) in findings


def test_staffing(seed_warehouse):
    rows = query(
        seed_warehouse,
        "SELECT department_id, authorized_staff, current_staff, staff_gap, general_staff, fixed_term_staff, "
        "operational_staff FROM marts.dim_department WHERE authorized_staff IS NOT NULL ORDER BY department_id",
    )
    assert ("smart_city_officer", 31, 28, -3, 24, 3, 1) in rows
    assert ("data_center", 64, 56, -8, 44, 9, 3) in rows
    assert ("smart_city_policy_bureau", 212, 197, -15, 166, 24, 7) in rows


def test_audit_findings_by_kind_and_their_programs(seed_warehouse):
    by_kind = dict(query(seed_warehouse, "SELECT kind, count(*) FROM marts.fct_audit_finding GROUP BY kind"))
    assert by_kind == {"시정·처리요구사항": 30, "건의사항": 10, "기타": 12}
    wifi = query(
        seed_warehouse,
        "SELECT DISTINCT p.name_ko FROM marts.fct_audit_finding a JOIN marts.fct_audit_finding_program USING (finding_id) "
        "JOIN marts.dim_program p USING (program_id) WHERE a.finding LIKE '%와이파이 AP 설치시%' ORDER BY 1",
    )
    assert wifi == [("스마트도시 통신인프라 구축",), ("스마트서울 네트워크 구축 및 운영",)]
    wego = query(
        seed_warehouse,
        "SELECT DISTINCT p.name_ko FROM marts.fct_audit_finding a JOIN marts.fct_audit_finding_program USING (finding_id) "
        "JOIN marts.dim_program p USING (program_id) WHERE a.finding LIKE 'WeGO가 국제기구로서%'",
    )
    assert wego == [("세계스마트시티기구 운영",)]
    # the parsed counts are compared with the stated summary (52: 27 완료, 24 추진 중, 1 검토 중)
    gaps = query(
        seed_warehouse,
        "SELECT measure, stated, computed FROM marts.fct_reconciliation WHERE check_name = 'audit_counts' "
        "AND subject = '계' ORDER BY measure",
    )
    stated = {m: s for m, s, _ in gaps}
    assert stated["total"] == 52 and stated["completed"] == 27 and stated["in_progress"] == 24
    assert {m: c for m, _, c in gaps}["total"] == 52


def test_investment_plans_side_by_side(seed_warehouse):
    totals = query(
        seed_warehouse,
        "SELECT fiscal_year, scope, projects, amount_krw, prior_year_amount_krw FROM marts.fct_investment_plan "
        "WHERE dimension = 'total' ORDER BY fiscal_year, scope",
    )
    assert totals == [
        (2021, "all", 1045, 321_300_000_000, None),
        (2021, "smart_city", 220, 126_300_000_000, None),
        (2023, "all", 1431, 370_300_000_000, 345_900_000_000),
    ]
    inst = query(
        seed_warehouse,
        "SELECT fiscal_year, label, projects, amount_krw, is_exhaustive FROM marts.fct_investment_plan "
        "WHERE dimension = 'institution' AND label = '자치구' ORDER BY fiscal_year",
    )
    assert inst == [(2021, "자치구", 532, 90_200_000_000, True), (2023, "자치구", 857, 111_300_000_000, True)]
    multi = query(
        seed_warehouse,
        "SELECT fiscal_year, period_end_year, amount_krw FROM marts.fct_investment_plan WHERE dimension = 'multi_year'",
    )
    assert multi == [(2016, 2020, 460_500_000_000)]
    orgs = query(
        seed_warehouse,
        "SELECT region, label, amount_krw, share FROM marts.fct_investment_plan "
        "WHERE dimension = 'organization_budget' ORDER BY amount_krw DESC",
    )
    assert orgs[0] == ("서울특별시", "정보화기획단", 76_675_000_000, 0.00326)
    assert len(orgs) == 3


def test_source_findings_are_reported_with_their_lines(seed_warehouse):
    headline = query(
        seed_warehouse,
        "SELECT d.file_name, f.lines, f.stated, f.computed FROM marts.fct_source_finding f JOIN marts.dim_document d "
        "USING (doc_id) WHERE f.rule = 'headline_contradicts_body'",
    )
    assert headline == [("001_a3aff56a5c7a9265.txt", [4, 22], 30_300_000_000.0, 370_300_000_000.0)]
    change = query(
        seed_warehouse,
        "SELECT stated, computed FROM marts.fct_reconciliation WHERE check_name = 'revenue_detail_change' "
        "AND subject = '보조금'",
    )
    assert change == [(-6_408_223_000.0, -1_520_723_000.0)]
    # 정보통신보안담당관: 83,007,064 vs 29,578,665 + 53,428,398 is rounding, not an error
    rounding = query(
        seed_warehouse,
        "SELECT status, difference FROM marts.fct_reconciliation WHERE check_name = 'summary_department_accounts' "
        "AND subject = '정보통신보안담당관' AND measure = 'budget_krw'",
    )
    assert rounding == [("rounding", 1000.0)]


def test_nothing_is_an_extraction_gap(seed_warehouse):
    assert query(
        seed_warehouse, "SELECT count(*) FROM marts.fct_reconciliation WHERE status = 'extraction_gap'"
    ) == [(0,)]


def test_report_history_and_exports(seed_warehouse):
    summary = json.loads((seed_warehouse.reports_dir / "latest" / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "published"
    assert summary["documents"] == {"total": 5, "by_status": {"published": 5}}
    gx_checks = [c for c in summary["checks"] if c["kind"] == "great_expectations"]
    assert len(gx_checks) == 33 and all(c["passed"] for c in gx_checks)
    assert all(c["n_expectations"] == c["n_expectations_in_file"] for c in gx_checks)
    assert any(c["kind"] == "dbt_test" for c in summary["checks"])
    assert (seed_warehouse.reports_dir / "latest" / "index.html").exists()
    assert (seed_warehouse.reports_dir / "latest" / "data_docs" / "index.html").exists()
    assert query(seed_warehouse, "SELECT count(*) FROM dq.runs WHERE status = 'published'") == [(1,)]
    assert query(seed_warehouse, "SELECT count(*) FROM dq.check_results") == [(len(summary["checks"]),)]
    exported = sorted(p.name for p in seed_warehouse.exports_dir.glob("*.parquet"))
    assert len(exported) == 12
    assert {"fct_program_budget.parquet", "fct_budget_statement.parquet"} <= set(exported)


def test_dbt_docs_catalog(seed_warehouse):
    from orchestration.cli import generate_catalog

    index = generate_catalog(seed_warehouse)
    catalog = json.loads((index.parent / "catalog.json").read_text(encoding="utf-8"))
    nodes = catalog["nodes"]
    assert "model.ict_warehouse.fct_program_budget" in nodes
    columns = nodes["model.ict_warehouse.fct_program_budget"]["columns"]
    assert columns["budget_krw"]["type"].upper() == "BIGINT"
    assert index.exists()
