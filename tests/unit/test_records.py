"""The record contract: JSON form and what counts as a consumed line."""

from __future__ import annotations

from orchestration.extract.records import BudgetLine, Extraction, SourceFinding


def _line(n: int) -> BudgetLine:
    return BudgetLine(
        line_start=n,
        line_end=n,
        source_text=f"line {n}",
        table_kind="detail",
        department="빅데이터담당관",
        account="일반회계",
        program=f"p{n}",
        program_raw=f"p{n}",
        task_code=None,
        fiscal_year=2021,
        budget_krw=1000,
        committed_krw=None,
        spent_krw=None,
        committed_rate=None,
        spent_rate=None,
    )


def test_a_finding_about_lines_does_not_consume_them():
    finding = SourceFinding(
        line_start=10,
        line_end=13,
        source_text="...",
        rule="subtotal_rounding",
        explanation="parts differ",
        stated=3.0,
        computed=2.0,
        lines=(10, 11, 12, 13),
    )
    ex = Extraction(
        kind="work_report", records=[_line(11), _line(13), finding], figure_lines={10, 11, 12, 13}
    )
    ex.skipped[10] = "subtotal checked against its parts"
    assert ex.uncovered_figure_lines() == [12]  # the program line nobody read stays a gap


def test_json_form_lists_tuples_and_names_the_type():
    finding = SourceFinding(
        line_start=4,
        line_end=22,
        source_text="x",
        rule="headline_contradicts_body",
        explanation="e",
        stated=1.0,
        computed=2.0,
        lines=(4, 22),
    )
    out = finding.to_dict()
    assert out["type"] == "source_finding" and out["lines"] == [4, 22] and out["line_start"] == 4
