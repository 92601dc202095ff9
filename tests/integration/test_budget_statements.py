"""Budget statements end to end (the generic layer -> raw.budget_statements -> fct_budget_statement,
resolved to programs and departments), and an extractor that raises quarantines its document only.

The warehouse: the 2023 article (the news extractor is made to raise on it), the work report and a
council's settlement minutes (tests/integration/conftest.py)."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from orchestration.cli import run_build
from orchestration.extract import extractor_version
from tests.conftest import query
from tests.integration.conftest import INJECTED_ERROR, MINUTES_FILE

pytestmark = pytest.mark.e2e

ARTICLE = "001_a3aff56a5c7a9265.txt"
REPORT = "004_6c5669586c598848.txt"
NEWS_ERROR = f"news extractor failed: RuntimeError: {INJECTED_ERROR}"


def test_an_extractor_that_raises_quarantines_its_document_with_the_error(statements_warehouse):
    settings, outcome = statements_warehouse
    assert outcome.published, outcome.failures
    rows = query(
        settings, "SELECT file_name, kind, status, rejected_reason FROM marts.dim_document ORDER BY 1"
    )
    assert rows == [
        (ARTICLE, "news", "quarantined", f"extractor error: {NEWS_ERROR}"),
        (REPORT, "work_report", "published", None),
        (MINUTES_FILE, "council_minutes", "published", None),
    ]
    raw = query(
        settings,
        "SELECT e.error, e.errors, e.rejected_reason, e.extractor_version FROM raw.extractions e "
        "JOIN raw.documents d USING (doc_id) WHERE d.file_name = ?",
        [ARTICLE],
    )
    assert raw == [(NEWS_ERROR, [NEWS_ERROR], None, extractor_version("news"))]
    # nothing of the failed article reaches the marts (it is the only 2023 plan)
    assert query(settings, "SELECT count(*) FROM marts.fct_investment_plan WHERE fiscal_year = 2023") == [
        (0,)
    ]
    assert query(settings, "SELECT count(*) FROM marts.fct_program_budget") != [(0,)]

    summary = json.loads((settings.reports_dir / "latest" / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "published"
    [doc] = summary["quarantined"]
    assert doc["file_name"] == ARTICLE and NEWS_ERROR in doc["rejected_reason"]
    html = (settings.reports_dir / "latest" / "index.html").read_text(encoding="utf-8")
    assert INJECTED_ERROR in html


def test_the_text_s_fiscal_year_and_region_are_recorded(statements_warehouse):
    settings, _ = statements_warehouse
    rows = query(
        settings,
        "SELECT d.file_name, e.fiscal_year, e.region, e.errors FROM raw.extractions e "
        "JOIN raw.documents d USING (doc_id) WHERE d.file_name <> ? ORDER BY 1",
        [ARTICLE],
    )
    assert rows == [(REPORT, 2021, "서울특별시", []), (MINUTES_FILE, 2021, "서울특별시", [])]


def test_budget_statements_resolve_to_programs_and_departments(statements_warehouse):
    settings, _ = statements_warehouse
    rows = query(
        settings,
        """
        SELECT f.line_end, f.layout, f.fiscal_year, p.name_ko, f.department_id, f.resolved_as,
               f.budget_krw, f.spent_krw, f.unspent_krw, f.carried_over_krw, f.lapsed_krw, f.subject
        FROM marts.fct_budget_statement f
        JOIN marts.dim_document d USING (doc_id)
        LEFT JOIN marts.dim_program p USING (program_id)
        WHERE d.file_name = ?
        ORDER BY f.line_end
        """,
        [MINUTES_FILE],
    )
    assert [r[:-1] for r in rows] == [
        (7, "table", 2021, None, None, None, 28_631_222_000, 20_443_267_000, 8_187_955_000, None, None),
        (8, "table", 2021, None, None, None, 28_631_222_000, 20_443_267_000, 8_187_955_000, None, None),
        (9, "prose", 2021, None, "smart_city_officer", "department", 28_631_222_000, 20_443_267_000, None, None, None),
        (10, "prose", 2021, "스마트도시 통신인프라 구축", "ict_security_officer", "program", 50_428_398_000, 2_194_694_000, None, 48_000_000_000, None),
        (11, "prose", 2021, "서울서베이", "big_data_officer", "program", None, 4_820_000_000, None, None, 210_250_000),
        (12, "prose", 2021, None, None, None, None, 320_000_000, 48_000_000, None, None),
    ]  # fmt: skip
    # the subjects as the generic layer writes them (a particle or 사업 may stay at the end: the
    # resolution ignores them)
    written = [
        "합계",
        "일반회계",
        "스마트도시담당관",
        "스마트도시 통신인프라 구축",
        "서울서베이",
        "시민참여 홍보",
    ]
    assert all(r[-1].startswith(w) for r, w in zip(rows, written, strict=True)), [r[-1] for r in rows]
    # the same program's figures in the work report's detailed table, beside the council's statement
    joined = query(
        settings,
        "SELECT s.budget_krw, b.budget_krw, s.spent_krw, b.spent_krw FROM marts.fct_budget_statement s "
        "JOIN marts.fct_program_budget b USING (program_id) WHERE s.line_end = 10",
    )
    assert joined == [(50_428_398_000, 50_428_398_000, 2_194_694_000, 2_194_694_000)]
    # the GX suites of the new raw table and mart ran and passed
    summary = json.loads((settings.reports_dir / "latest" / "summary.json").read_text(encoding="utf-8"))
    checks = {c["check"]: c["passed"] for c in summary["checks"]}
    assert checks["raw_budget_statements"] and checks["mart_fct_budget_statement"]


def test_a_statement_is_re_resolved_when_another_document_changes(statements_warehouse, tmp_path):
    """The minutes do not change, but the work report that holds their programs leaves: an
    incremental build re-resolves their statements (the programs are gone, the department stays)."""
    settings = statements_warehouse[0]
    home = tmp_path / "home"
    shutil.copytree(settings.home, home, symlinks=True)
    later = dataclasses.replace(settings, home=home)
    # the same folder (a copied one would move every file: a metadata change rebuilds them anyway)
    report = settings.documents_dir / REPORT
    shutil.move(report, tmp_path / REPORT)
    try:
        outcome = run_build(later, quiet=True)
    finally:
        shutil.move(tmp_path / REPORT, report)
    assert outcome.published and outcome.extracted == 0, outcome.failures
    assert query(later, "SELECT full_refresh FROM dq.build_info ORDER BY built_at DESC LIMIT 1") == [(False,)]
    rows = query(
        later,
        "SELECT line_end, program_id, department_id, resolved_as FROM marts.fct_budget_statement ORDER BY line_end",
    )
    assert rows == [
        (7, None, None, None),
        (8, None, None, None),
        (9, None, "smart_city_officer", "department"),
        (10, None, None, None),  # 스마트도시 통신인프라 구축: its program left with the work report
        (11, None, None, None),  # 서울서베이: likewise
        (12, None, None, None),
    ]
