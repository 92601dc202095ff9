"""What an analyst gets from the published warehouse without DuckDB: `ict-warehouse export` as CSV
that Korean Excel opens (UTF-8 with a BOM), each id with its readable name beside it and a link to
the source line, the same columns in Parquet and in one Excel workbook; and `ict-warehouse sql`,
the warehouse read-only from the terminal."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.cli import main
from tests.conftest import query

pytestmark = pytest.mark.e2e

BOM = b"\xef\xbb\xbf"
KNOWN_PROGRAM = "스마트도시 통신인프라 구축"  # a detail line of the council work report (004)
APP = "http://127.0.0.1:8501"
# the only columns an export may add to a mart's own
ADDED = {
    "program_name",
    "program_names",
    "department_name",
    "parent_name",
    "file_name",
    "staffing_file_name",
    "source_link",
}


def _marts(settings) -> dict[str, list[str]]:
    rows = query(
        settings,
        "SELECT table_name, list(column_name ORDER BY ordinal_position) FROM information_schema.columns "
        "WHERE table_schema = 'marts' GROUP BY 1 ORDER BY 1",
    )
    return dict(rows)


def _export(settings, dest: Path, fmt: str, *extra: str) -> Path:
    assert main(["export", "--format", fmt, "--home", str(settings.home), *extra, str(dest)]) == 0
    return dest


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def csv_dir(seed_warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _export(seed_warehouse, tmp_path_factory.mktemp("exports") / "csv", "csv")


# --- export ---------------------------------------------------------------------------------------------


def test_every_csv_has_a_bom_and_the_marts_own_columns(seed_warehouse, csv_dir: Path) -> None:
    marts = _marts(seed_warehouse)
    assert sorted(p.stem for p in csv_dir.glob("*.csv")) == sorted(marts)
    for table, columns in marts.items():
        path = csv_dir / f"{table}.csv"
        raw = path.read_bytes()
        assert raw.startswith(BOM), table
        assert not raw[3:].startswith(BOM), table  # one mark, not two
        header, rows = _read_csv(path)
        # the mart's columns, named and ordered as in the warehouse; only known columns added
        assert [c for c in header if c in columns] == columns, table
        assert set(header) - set(columns) <= ADDED, table
        assert len(rows) == query(seed_warehouse, f'SELECT count(*) FROM marts."{table}"')[0][0], table


def test_program_budget_rows_carry_the_program_name_beside_its_id(seed_warehouse, csv_dir: Path) -> None:
    names = dict(query(seed_warehouse, "SELECT program_id, name_ko FROM marts.dim_program"))
    (known_id,) = [pid for pid, name in names.items() if name == KNOWN_PROGRAM]
    header, rows = _read_csv(csv_dir / "fct_program_budget.csv")
    assert header.index("program_name") == header.index("program_id") + 1
    assert header.index("file_name") == header.index("doc_id") + 1
    assert {r["program_name"] for r in rows if r["program_id"] == known_id} == {KNOWN_PROGRAM}
    assert all(r["program_name"] == (names[r["program_id"]] or "") for r in rows)  # NULL: empty
    files = dict(query(seed_warehouse, "SELECT doc_id, file_name FROM marts.dim_document"))
    assert all(r["file_name"] == files[r["doc_id"]] for r in rows)
    # read as Korean Excel reads it: the BOM says UTF-8, so Hangul survives
    text = (csv_dir / "fct_program_budget.csv").read_bytes()
    assert KNOWN_PROGRAM in text.decode("utf-8-sig")


def test_department_names_beside_department_ids(seed_warehouse, csv_dir: Path) -> None:
    departments = dict(query(seed_warehouse, "SELECT department_id, name_ko FROM marts.dim_department"))
    for table in ("dim_program", "fct_budget_statement", "fct_audit_finding", "fct_department_budget"):
        header, rows = _read_csv(csv_dir / f"{table}.csv")
        assert header.index("department_name") == header.index("department_id") + 1, table
        for r in rows:
            if r["department_id"] and table == "dim_program":
                assert r["department_name"] == departments[r["department_id"]]
    header, rows = _read_csv(csv_dir / "dim_department.csv")
    assert header.index("parent_name") == header.index("parent_id") + 1
    assert all(r["parent_name"] == departments[r["parent_id"]] for r in rows if r["parent_id"])


def test_audit_findings_name_their_programs(seed_warehouse, csv_dir: Path) -> None:
    header, rows = _read_csv(csv_dir / "fct_audit_finding.csv")
    assert header.index("program_names") == header.index("program_ids") + 1
    linked = [r for r in rows if KNOWN_PROGRAM in r["program_names"]]
    assert linked
    (known_id,) = query(
        seed_warehouse, "SELECT program_id FROM marts.dim_program WHERE name_ko = ?", [KNOWN_PROGRAM]
    )
    assert all(known_id[0] in r["program_ids"] for r in linked)


def test_rows_link_to_their_source_line(seed_warehouse, csv_dir: Path, tmp_path: Path) -> None:
    header, rows = _read_csv(csv_dir / "fct_program_budget.csv")
    assert header[-1] == "source_link"
    for r in rows:
        line = r["detail_line"] or r["task_line"]
        assert r["source_link"] == f"{APP}/Sources?doc={r['doc_id']}&line={line}"
    _, findings = _read_csv(csv_dir / "fct_audit_finding.csv")
    assert all(r["source_link"].endswith(f"&line={r['line_start']}") for r in findings)
    _, documents = _read_csv(csv_dir / "dim_document.csv")
    assert {r["source_link"] for r in documents} == {f"{APP}/Sources?doc={r['doc_id']}" for r in documents}
    # the explorer somewhere else
    other = _export(seed_warehouse, tmp_path / "elsewhere", "csv", "--app-url", "https://ict.example.org/wh/")
    _, rows = _read_csv(other / "fct_program_budget.csv")
    assert rows and all(r["source_link"].startswith("https://ict.example.org/wh/Sources?doc=") for r in rows)


def test_a_bad_app_url_is_refused(seed_warehouse, tmp_path: Path, capsys) -> None:
    argv = ["export", "--format", "csv", "--home", str(seed_warehouse.home), "--app-url", "javascript:x"]
    assert main([*argv, str(tmp_path / "out")]) == 1
    assert "http://" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_parquet_keeps_the_same_columns(seed_warehouse, csv_dir: Path, tmp_path: Path) -> None:
    parquet = _export(seed_warehouse, tmp_path / "parquet", "parquet")
    con = duckdb.connect()
    try:
        for table in _marts(seed_warehouse):
            header, rows = _read_csv(csv_dir / f"{table}.csv")
            cur = con.execute("SELECT * FROM read_parquet(?)", [str(parquet / f"{table}.parquet")])
            assert [d[0] for d in cur.description] == header, table
            assert len(cur.fetchall()) == len(rows), table
    finally:
        con.close()


def test_xlsx_is_one_workbook_with_a_sheet_per_mart(seed_warehouse, csv_dir: Path, tmp_path: Path) -> None:
    out = _export(seed_warehouse, tmp_path / "xlsx", "xlsx")
    assert [p.name for p in out.iterdir()] == ["marts.xlsx"]
    sheets = pd.read_excel(out / "marts.xlsx", sheet_name=None)
    marts = _marts(seed_warehouse)
    assert sorted(sheets) == sorted(marts)
    assert all(len(name) <= 31 for name in sheets)
    for table, frame in sheets.items():
        header, rows = _read_csv(csv_dir / f"{table}.csv")
        assert list(frame.columns) == header, table
        assert len(frame) == len(rows), table
    budget = sheets["fct_program_budget"]
    known = budget[budget["program_name"] == KNOWN_PROGRAM]
    assert not known.empty
    (known_id,) = query(
        seed_warehouse, "SELECT program_id FROM marts.dim_program WHERE name_ko = ?", [KNOWN_PROGRAM]
    )
    assert set(known["program_id"]) == {known_id[0]}
    assert known["source_link"].str.startswith(f"{APP}/Sources?doc=").all()


# --- sql ------------------------------------------------------------------------------------------------


def _sql(settings, *argv: str) -> int:
    return main(["sql", "--home", str(settings.home), *argv])


def test_sql_prints_a_query_as_a_table(seed_warehouse, capsys) -> None:
    assert _sql(seed_warehouse, "SELECT file_name, title FROM marts.dim_document ORDER BY file_name") == 0
    out = capsys.readouterr().out
    for file_name, title in query(seed_warehouse, "SELECT file_name, title FROM marts.dim_document"):
        assert file_name in out and title in out
    assert "file_name" in out and "title" in out


def test_sql_csv_prints_a_header_and_every_row(seed_warehouse, capsys) -> None:
    sql = "SELECT file_name, n_facts, status FROM marts.dim_document ORDER BY file_name"
    assert _sql(seed_warehouse, "--csv", sql) == 0
    printed = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    expected = [[f, str(n), s] for f, n, s in query(seed_warehouse, sql)]
    assert printed == [["file_name", "n_facts", "status"], *expected]


def test_sql_reads_the_query_from_stdin(seed_warehouse, capsys, monkeypatch) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.StringIO("SELECT count(*) AS n_documents\nFROM marts.dim_document;\n")
    )
    assert _sql(seed_warehouse, "--csv", "-") == 0
    n = query(seed_warehouse, "SELECT count(*) FROM marts.dim_document")[0][0]
    assert capsys.readouterr().out.splitlines() == ["n_documents", str(n)]


def test_sql_refuses_to_write(seed_warehouse, capsys) -> None:
    assert _sql(seed_warehouse, "CREATE TABLE x(a int)") == 1
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert err.startswith("error: ") and "read-only" in err and "\n" not in err
    assert captured.out == ""
    assert query(seed_warehouse, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'x'") == [
        (0,)
    ]


def test_a_failed_query_is_one_line_and_exit_1(seed_warehouse, capsys) -> None:
    assert _sql(seed_warehouse, "SELECT * FROM marts.no_such_mart") == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "no_such_mart" in err and "\n" not in err


def test_the_prompt_runs_statements_until_quit(seed_warehouse, capsys, monkeypatch) -> None:
    script = (
        "SELECT count(*) AS n_programs\n"
        "FROM marts.dim_program;\n"
        "SELECT * FROM nowhere;\n"  # an error does not end the session
        "SELECT 'still here' AS after_error;\n"
        ".quit\n"
        "SELECT 'never run' AS after_quit;\n"
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(script))
    assert _sql(seed_warehouse, "--csv") == 0
    captured = capsys.readouterr()
    n = query(seed_warehouse, "SELECT count(*) FROM marts.dim_program")[0][0]
    assert captured.out.splitlines() == ["n_programs", str(n), "after_error", "still here"]
    assert "nowhere" in captured.err


def test_sql_without_a_warehouse_says_how_to_build_one(tmp_path: Path, capsys) -> None:
    assert main(["sql", "--home", str(tmp_path / "empty"), "SELECT 1"]) == 1
    err = capsys.readouterr().err
    assert "No published warehouse" in err and "make run" in err and "ict-warehouse build" in err


def test_the_installed_command(seed_warehouse) -> None:
    exe = Path(sys.executable).with_name("ict-warehouse")
    done = subprocess.run(
        [str(exe), "sql", "--home", str(seed_warehouse.home), "SELECT name_ko FROM marts.dim_program"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert KNOWN_PROGRAM in done.stdout
