"""The GX gates cost in proportion to the change: a run that is not a full refresh validates the
row-level expectations of a per-document table on the changed documents' rows only, keeps the
whole-table invariants whole (in SQL), and says so; a full refresh validates whole tables."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration import fingerprint
from orchestration.quality import invariants
from orchestration.quality.gx_runner import validate_suite
from orchestration.quality.report import build_summary, write_json
from orchestration.quality.scope import CHANGED, CHANGED_ROWS, WHOLE, decide_scope
from orchestration.quality.suites import read_suite_file
from orchestration.settings import load_settings

RUN = "run-2"
DOCS = [f"{c * 64}" for c in "abcde"]  # five documents; "e" is the one this run added

EXPECTATIONS = [
    {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1, "max_value": 1000}},
    {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "record_id"}},
    {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "doc_id"}},
    {"type": "expect_column_values_to_be_between", "kwargs": {"column": "amount", "min_value": 0}},
    {
        "type": "expect_column_pair_values_a_to_be_greater_than_b",
        "kwargs": {"column_A": "line_end", "column_B": "line_start", "or_equal": True},
    },
]


def _suite(tmp: Path, scope: str | None = "per_document", expectations=EXPECTATIONS) -> Path:
    meta = {"relation": "raw.items", "asset": ["extracted_records"]}
    if scope:
        meta["scope"] = scope
    path = tmp / "raw_items.json"
    path.write_text(json.dumps({"name": "raw_items", "meta": meta, "expectations": expectations}), "utf-8")
    return path


def _warehouse(tmp: Path, *, full_refresh: bool, changes=(("e" * 64, "added"),), run_id: str = RUN) -> Path:
    """A build database of five documents, ten rows each, as the ingest leaves it."""
    db = tmp / "build.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE SCHEMA raw")
    con.execute("CREATE TABLE raw.documents (doc_id VARCHAR)")
    con.execute("INSERT INTO raw.documents SELECT unnest(?)", [DOCS])
    con.execute("CREATE TABLE raw.document_changes (doc_id VARCHAR, change VARCHAR, run_id VARCHAR)")
    for doc_id, change in changes:
        con.execute("INSERT INTO raw.document_changes VALUES (?, ?, ?)", [doc_id, change, run_id])
    con.execute(
        "CREATE TABLE raw.items AS SELECT d.doc_id || ':' || i AS record_id, d.doc_id, "
        "(i * 100)::BIGINT AS amount, i AS line_start, i + 1 AS line_end "
        "FROM raw.documents d, range(10) t(i)"
    )
    fingerprint.record(con, "fp", "quick", RUN, code="code", full_refresh=full_refresh)
    con.close()
    return db


def _corrupt(db: Path, sql: str) -> None:
    con = duckdb.connect(str(db))
    con.execute(sql)
    con.close()


def _failed(outcome) -> dict[str, int | None]:
    return {f"{e.type}({e.column or ''})": e.unexpected_count for e in outcome.failures()}


NEGATIVE_IN = "UPDATE raw.items SET amount = -5 WHERE record_id = '{}:3'"


def test_a_scoped_run_checks_the_changed_documents_rows_only(tmp_path):
    db = _warehouse(tmp_path, full_refresh=False)
    _corrupt(db, NEGATIVE_IN.format("a" * 64))  # an unchanged document: validated when published
    file = read_suite_file(_suite(tmp_path))
    outcome = validate_suite(db, file, tmp_path / "docs")
    assert outcome.passed, outcome.message()
    assert outcome.scope == CHANGED and outcome.rows == 10 and outcome.table_rows == 50
    assert outcome.scope_detail.startswith("rows of 1 changed document of 5 (1 added) (10 of 50 rows)")
    by_type = {e.type: e for e in outcome.expectations}
    assert by_type["expect_column_values_to_be_between"].scope == "changed rows"
    assert by_type["expect_column_values_to_be_unique"].scope == WHOLE
    assert by_type["expect_column_values_to_be_unique"].engine == "sql"
    assert [e.type for e in outcome.expectations] == [e["type"] for e in EXPECTATIONS]  # the file's order

    _corrupt(db, NEGATIVE_IN.format("e" * 64))  # the document this run added
    outcome = validate_suite(db, file, tmp_path / "docs")
    assert not outcome.passed
    assert _failed(outcome) == {"expect_column_values_to_be_between(amount)": 1}
    assert "rows of 1 changed document of 5" in outcome.message()


def test_a_full_refresh_checks_every_row(tmp_path):
    db = _warehouse(tmp_path, full_refresh=True)
    _corrupt(db, NEGATIVE_IN.format("a" * 64))
    _corrupt(db, NEGATIVE_IN.format("e" * 64))
    outcome = validate_suite(db, read_suite_file(_suite(tmp_path)), tmp_path / "docs")
    assert outcome.scope == WHOLE and outcome.rows == 50
    assert outcome.scope_detail.startswith("whole table: 50 rows (full refresh")
    assert _failed(outcome) == {"expect_column_values_to_be_between(amount)": 2}


def test_whole_table_invariants_still_see_unchanged_documents(tmp_path):
    db = _warehouse(tmp_path, full_refresh=False)
    # a key shared by two unchanged documents, and too many rows
    _corrupt(
        db, f"UPDATE raw.items SET record_id = 'dup' WHERE record_id IN ('{'a' * 64}:1', '{'b' * 64}:1')"
    )
    expectations = [
        {**EXPECTATIONS[0], "kwargs": {"min_value": 1, "max_value": 40}},
        *EXPECTATIONS[1:],
    ]
    outcome = validate_suite(
        db, read_suite_file(_suite(tmp_path, expectations=expectations)), tmp_path / "docs"
    )
    assert outcome.scope == CHANGED
    assert _failed(outcome) == {
        "expect_table_row_count_to_be_between()": None,
        "expect_column_values_to_be_unique(record_id)": 2,
    }
    unique = next(e for e in outcome.failures() if e.column == "record_id")
    assert unique.unexpected_sample == ["dup"]
    assert next(e for e in outcome.failures() if e.column is None).observed == 50


def test_a_fraction_over_the_table_is_checked_whole(tmp_path):
    """`mostly` is a share of the whole table's rows: never judged on the changed rows alone."""
    db = _warehouse(tmp_path, full_refresh=False)
    _corrupt(db, "UPDATE raw.items SET amount = -1 WHERE amount = 900")  # one row in ten, every document
    mostly = [
        {
            "type": "expect_column_values_to_be_between",
            "kwargs": {"column": "amount", "min_value": 0, "mostly": 0.95},
        }
    ]
    outcome = validate_suite(db, read_suite_file(_suite(tmp_path, expectations=mostly)), tmp_path / "docs")
    assert outcome.scope == CHANGED and not outcome.passed
    assert outcome.expectations[0].scope == WHOLE and outcome.expectations[0].unexpected_count == 5


def test_a_table_without_the_per_document_hint_and_no_served_table_is_checked_whole(tmp_path):
    db = _warehouse(tmp_path, full_refresh=False)
    _corrupt(db, NEGATIVE_IN.format("a" * 64))
    file = read_suite_file(_suite(tmp_path, scope=None))
    for served in (None, tmp_path / "absent.duckdb"):
        outcome = validate_suite(db, file, tmp_path / "docs", served_db=served)
        assert outcome.scope == WHOLE and outcome.rows == 50 and not outcome.passed
        assert "no table of the same columns in the served warehouse" in outcome.scope_detail


def _served_copy(db: Path, tmp: Path) -> Path:
    """The served warehouse the build database was copied from (before this run changed it)."""
    served = tmp / "served.duckdb"
    shutil.copy(db, served)
    return served


def test_a_table_without_the_per_document_hint_is_checked_on_the_rows_the_served_one_lacks(tmp_path):
    """A table rebuilt whole by dbt (its rows depend on other documents): a row the served
    warehouse holds, column for column, passed this suite when published; the others are checked."""
    db = _warehouse(tmp_path, full_refresh=False)
    _corrupt(db, NEGATIVE_IN.format("a" * 64))  # already so when published: not checked again
    served = _served_copy(db, tmp_path)
    file = read_suite_file(_suite(tmp_path, scope=None))
    outcome = validate_suite(db, file, tmp_path / "docs", served_db=served)
    assert outcome.passed, outcome.message()
    assert outcome.scope == CHANGED_ROWS and outcome.rows == 0 and outcome.table_rows == 50
    assert outcome.scope_detail.startswith("rows not in the served warehouse (0 of 50 rows)")

    # this run rewrites a row of a document it did not change (another document re-resolved it)
    _corrupt(db, "UPDATE raw.items SET amount = -7 WHERE record_id = '" + "b" * 64 + ":4'")
    outcome = validate_suite(db, file, tmp_path / "docs", served_db=served)
    assert not outcome.passed and outcome.rows == 1
    assert _failed(outcome) == {"expect_column_values_to_be_between(amount)": 1}
    by_type = {e.type: e for e in outcome.expectations}
    assert by_type["expect_column_values_to_be_unique"].scope == WHOLE  # whole, in SQL

    # a full refresh checks every row, whatever the served warehouse holds
    (tmp_path / "full").mkdir()
    full = _warehouse(tmp_path / "full", full_refresh=True)
    _corrupt(full, NEGATIVE_IN.format("a" * 64))
    outcome = validate_suite(full, file, tmp_path / "docs", served_db=_served_copy(full, tmp_path / "full"))
    assert outcome.scope == WHOLE and outcome.rows == 50 and not outcome.passed


def test_no_row_of_a_changed_document_passes_without_gx(tmp_path):
    db = _warehouse(tmp_path, full_refresh=False, changes=(("f" * 64, "removed"),))
    _corrupt(db, NEGATIVE_IN.format("a" * 64))
    outcome = validate_suite(db, read_suite_file(_suite(tmp_path)), tmp_path / "docs")
    assert outcome.passed and outcome.rows == 0
    assert outcome.scope_detail.startswith("rows of 1 changed document of 5 (1 removed) (0 of 50 rows)")


@pytest.mark.parametrize(
    ("full_refresh", "changes", "run_id", "whole", "why"),
    [
        (True, (("e" * 64, "added"),), RUN, True, "full refresh"),
        (False, (("e" * 64, "added"),), "another-run", True, "not this build's"),
        (False, tuple((d, "extracted") for d in DOCS[:3]), RUN, True, "3 of 5 documents changed"),
        (False, (("e" * 64, "added"), ("e" * 64, "extracted")), RUN, False, "not a full refresh"),
    ],
)
def test_the_scope_of_a_build(tmp_path, full_refresh, changes, run_id, whole, why):
    db = _warehouse(tmp_path, full_refresh=full_refresh, changes=changes, run_id=run_id)
    con = duckdb.connect(str(db), read_only=True)
    scope = decide_scope(con)
    con.close()
    assert scope.whole is whole and why in scope.reason
    if not whole:
        assert scope.doc_ids == ("e" * 64,) and scope.by_change == {"added": 1, "extracted": 1}


def test_a_database_without_a_build_record_is_checked_whole(tmp_path):
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    assert decide_scope(con).whole
    con.close()


def test_the_sql_invariants_conclude_what_gx_concludes(tmp_path):
    """The same table, judged whole by GX (full refresh) and by the SQL invariants (scoped run)."""
    db = _warehouse(tmp_path, full_refresh=True)
    _corrupt(
        db,
        "INSERT INTO raw.items VALUES ('x', NULL, 1, 1, 1), ('x', NULL, 2, 1, 1), (NULL, NULL, 3, 1, 1), "
        f"(NULL, NULL, 4, 1, 1), ('y', '{'a' * 64}', 5, 77, 78)",
    )
    exps = [
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 10, "max_value": 54}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "record_id"}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "amount"}},
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["record_id", "doc_id"]}},
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["doc_id", "line_start"]}},
        {
            "type": "expect_compound_columns_to_be_unique",
            "kwargs": {"column_list": ["doc_id", "line_start"], "ignore_row_if": "any_value_is_missing"},
        },
        {
            "type": "expect_compound_columns_to_be_unique",
            "kwargs": {"column_list": ["doc_id", "line_start"], "ignore_row_if": "never"},
        },
    ]
    assert all(invariants.sql_invariant(e) for e in exps)
    gx = validate_suite(db, read_suite_file(_suite(tmp_path, expectations=exps)), tmp_path / "docs")
    assert gx.scope == WHOLE and not gx.passed
    assert [(e.type, e.column) for e in gx.expectations] == [
        (e["type"], e["kwargs"].get("column")) for e in exps
    ]
    con = duckdb.connect(str(db), read_only=True)
    sql = [invariants.evaluate(con, "raw.items", None, e) for e in exps]
    con.close()
    assert [s["success"] for s in sql] == [e.success for e in gx.expectations]
    # GX's verdict-only pass leaves counts to the failures: compare those
    failed = [(s, e) for s, e in zip(sql, gx.expectations, strict=True) if not e.success]
    assert len(failed) == 6  # all but the compound key that ignores rows with a missing value
    for s, e in failed:
        if e.type == "expect_table_row_count_to_be_between":
            assert s["observed"] == e.observed == 55
        else:
            assert s["unexpected_count"] == e.unexpected_count > 0, (s, e)


def test_the_report_names_the_scope(tmp_path):
    settings = load_settings(documents_dir=tmp_path, home=tmp_path / "home")
    db = _warehouse(tmp_path, full_refresh=False)
    outcome = validate_suite(db, read_suite_file(_suite(tmp_path)), tmp_path / "docs")
    from orchestration.quality.report import checks_dir, history_rows, render_html

    write_json(
        checks_dir(settings, RUN) / "raw_items.json", {**outcome.to_json(), "message": outcome.message()}
    )
    summary = build_summary(settings, RUN, status="published", started_at=None, failures=[], db_path=db)
    (check,) = summary["checks"]
    assert check["scope"] == CHANGED and check["rows"] == 10 and check["table_rows"] == 50
    assert check["scope_detail"].startswith("rows of 1 changed document of 5")
    assert summary["checks_scope"] == (
        "1 of 1 suites on the rows of 1 changed document of 5 (1 added) (plus whole-table row counts "
        "and uniqueness), 0 on whole tables"
    )
    assert "rows of 1 changed document of 5" in render_html(summary)
    _runs, checks = history_rows(settings, current=summary)
    assert checks[0][-1].startswith("rows of 1 changed document of 5")


def test_data_docs_show_the_suites_another_process_validated(tmp_path):
    """Under a multiprocess executor the checks and the publish that renders the Data Docs run in
    different processes: the docs still show every suite the run validated."""
    from orchestration.quality import gx_runner

    db = _warehouse(tmp_path, full_refresh=True)
    docs_dir = tmp_path / "run" / "data_docs"
    outcome = validate_suite(db, read_suite_file(_suite(tmp_path)), docs_dir)
    assert outcome.passed, outcome.message()
    with gx_runner._RESULTS_LOCK:
        gx_runner._RESULTS.clear()  # what the publish step's process holds: nothing of the checks
    index = gx_runner.build_data_docs(docs_dir)
    assert index is not None
    pages = list((docs_dir / "validations" / "raw_items").rglob("*.html"))
    assert pages, "the validation the check step ran is missing from the Data Docs"
    assert "raw_items" in index.read_text(encoding="utf-8")
