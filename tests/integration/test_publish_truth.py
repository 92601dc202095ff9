"""The run status tells the truth, and no SQL is built from paths or values (issue 14, item 4).

`published` is written only once the served file was replaced; a path with a quote in it exports
like any other. The publish asset runs here on a small build database, without the rest of a build.
"""

from __future__ import annotations

import ast
import errno
import itertools
import json
import os
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.assets.publish import published_warehouse
from orchestration.exports import export_marts
from orchestration.resources import WarehouseResource
from orchestration.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]


def _small_build(build_db: Path) -> None:
    build_db.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(build_db))
    con.execute("CREATE SCHEMA marts")
    con.execute("CREATE TABLE marts.dim_demo AS SELECT 1 AS id, '서울' AS name")
    con.execute("CREATE TABLE marts.fct_demo AS SELECT 2 AS id, 100::BIGINT AS amount_krw")
    con.close()


def _publish(home: Path, documents: Path) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [published_warehouse],
        resources={"warehouse": WarehouseResource(documents_dir=str(documents), home=str(home))},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


@pytest.fixture
def quoted(tmp_path: Path) -> tuple[Path, Path]:
    """A warehouse home and documents folder whose paths hold a quote (O'Brien's laptop)."""
    base = tmp_path / "o'brien's \"files\""
    documents = base / "documents"
    documents.mkdir(parents=True)
    home = base / "home"
    _small_build(load_settings(documents, home).build_db)
    return home, documents


def _latest_status(home: Path) -> str | None:
    latest = home / "reports" / "latest" / "summary.json"
    return json.loads(latest.read_text(encoding="utf-8"))["status"] if latest.exists() else None


def test_published_is_written_only_after_the_served_file_was_replaced(
    quoted: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, documents = quoted
    served = load_settings(documents, home).served_db
    real_replace = os.replace

    def full_disk_at_the_replace(src, dst, *a, **kw):
        if Path(dst) == served:
            raise OSError(errno.EIO, "Input/output error", str(dst))
        return real_replace(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", full_disk_at_the_replace)
    result = _publish(home, documents)
    assert not result.success
    assert not served.exists()
    assert _latest_status(home) != "published"  # no report may claim what did not happen

    monkeypatch.setattr(os, "replace", real_replace)
    result = _publish(home, documents)
    assert result.success
    assert served.exists()
    assert _latest_status(home) == "published"
    con = duckdb.connect(str(served), read_only=True)
    try:  # the run's own row rides in the file it published
        runs = con.execute("SELECT status FROM dq.runs").fetchall()
    finally:
        con.close()
    assert runs == [("published",)]


def test_a_home_with_a_quote_publishes_and_exports(quoted: tuple[Path, Path]) -> None:
    home, documents = quoted
    result = _publish(home, documents)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    exports = home / "exports"
    assert sorted(p.name for p in exports.iterdir()) == ["dim_demo.parquet", "fct_demo.parquet"]


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_exports_to_a_folder_with_quotes(quoted: tuple[Path, Path], tmp_path: Path, fmt: str) -> None:
    home, documents = quoted
    build = load_settings(documents, home).build_db
    dest = tmp_path / 'it\'s a "dest"; DROP TABLE x; --' / "out"
    written = export_marts(build, dest, fmt=fmt)
    assert [p.name for p in written] == [f"dim_demo.{fmt}", f"fct_demo.{fmt}"]
    con = duckdb.connect()
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    rows = con.execute(f"SELECT * FROM {reader}(?)", [str(dest / f"fct_demo.{fmt}")]).fetchall()
    assert rows == [(2, 100)]


# --- no SQL built from a path or a value by string formatting --------------------------------------------

_SQL = ("SELECT ", "INSERT ", "DELETE ", "UPDATE ", "COPY ", "ATTACH ", "CREATE ", " FROM ", " WHERE ")


def _formatted_sql_literals(path: Path) -> list[str]:
    """f-strings that put a formatted value inside a SQL string literal ('{x}'): a path or a value
    spliced into SQL text, where a bound parameter belongs."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.JoinedStr):
            continue
        parts = node.values
        text = "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in parts)
        if not any(k in text.upper() for k in _SQL):
            continue
        for before, after in itertools.pairwise(parts):
            if (
                isinstance(after, ast.FormattedValue)
                and isinstance(before, ast.Constant)
                and str(before.value).endswith("'")
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[:80]}")
    return found


def test_no_sql_literal_is_formatted_from_a_value() -> None:
    offenders = []
    for folder in ("orchestration", "app"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            offenders += _formatted_sql_literals(path)
    assert offenders == []
