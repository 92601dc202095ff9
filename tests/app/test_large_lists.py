"""Long lists on a large warehouse: the page reads the first rows and says how many there are in all."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.app.test_pages import run_page


def test_statements_by_subject_show_the_first_rows_of_many(
    home_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1,001 statements: the table by subject shows the first 1,000 in the order of the full list, the
    caption gives the total, and the program picker still offers the program stated about."""
    con = duckdb.connect(str(home_copy / "warehouse.duckdb"))
    program_id, doc_id = con.execute(
        "SELECT p.program_id, b.doc_id FROM marts.dim_program p JOIN marts.fct_program_budget b USING (program_id) "
        "WHERE p.name_ko = '스마트도시 통신인프라 구축'"
    ).fetchall()[0]
    con.execute(
        "INSERT INTO marts.fct_budget_statement (budget_statement_id, doc_id, subject, subject_kind, region, "
        "fiscal_year, program_id, resolved_as, budget_krw, unit, layout, line_start, line_end, source_text) "
        "SELECT 's' || i, $doc, printf('주제 %04d', i), 'program', '서울특별시', 2021, "
        "CASE WHEN i = 1000 THEN $program END, CASE WHEN i = 1000 THEN 'program' END, i * 1000, '억원', "
        "'prose', 1, 1, '원문 ' || i FROM range(1001) AS r(i)",
        {"doc": doc_id, "program": program_id},
    )
    con.close()
    monkeypatch.setenv("ICTWH_HOME", str(home_copy))
    at = run_page("programs")

    assert "전체 1,001건 중 앞의 1,000건을 보여 줍니다. CSV 내려받기에는 전체가 담깁니다." in [
        c.value for c in at.caption
    ]
    every = at.dataframe[-1].value
    assert len(every) == 1_000
    assert list(every["subject"])[:2] == ["주제 0000", "주제 0001"]
    assert every["subject"].iloc[-1] == "주제 0999"
    # the one program stated about sits in statement 1,001, past the rows shown: still offered
    assert at.selectbox(key="pg_statement_program").value == program_id
