"""The GX gates on a real run cost in proportion to the change: a run that adds one document
validates the per-document tables' rows of that document (a bad row there blocks it), not the rows
the served warehouse already passed; a full refresh validates every row; the report says which.

Faults are written into the build database right before a suite runs (as test_gates does)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import run_build
from orchestration.settings import DBT_PROJECT_DIR, Settings, load_settings
from tests.conftest import seed_path

pytestmark = pytest.mark.e2e

# news articles: the warehouse has two (FIRST and 003), a run adds a third (one change in three
# documents: below the share at which a run is checked whole anyway)
FIRST, ADDED = "001", "002"


def _copy_seed(prefix: str, folder: Path) -> str:
    src = seed_path(prefix)
    shutil.copy(src, folder / src.name)
    shutil.copy(src.with_name(src.stem + ".meta.json"), folder)
    return src.name


@pytest.fixture(scope="module")
def one_document_warehouse(tmp_path_factory, dbt_manifest) -> Settings:
    tmp = tmp_path_factory.mktemp("scope")
    docs = tmp / "documents"
    docs.mkdir()
    _copy_seed(FIRST, docs)
    _copy_seed("003", docs)
    settings = load_settings(documents_dir=docs, home=tmp / "home")
    with pytest.MonkeyPatch.context() as mp:
        _same_code(mp)
        outcome = run_build(settings, quiet=True)
    assert outcome.published, outcome.failures
    return settings


def _same_code(monkeypatch) -> None:
    """The code that shapes the build is the same for every build of this module (the working tree
    may change under a test run, and a new digest would make every run a full refresh)."""
    from orchestration import fingerprint

    monkeypatch.setattr(fingerprint, "code_digest", lambda *a, **k: "test_check_scope")


def _copy(settings: Settings, tmp_path: Path) -> Settings:
    """The warehouse home copied; the documents folder stays where it was built from (a moved
    document is a metadata change)."""
    shutil.copytree(settings.home, tmp_path / "home", symlinks=True)
    return dataclasses.replace(settings, home=tmp_path / "home")


@pytest.fixture
def added(one_document_warehouse):
    """The third document, in the documents folder for the length of one test."""
    name = _copy_seed(ADDED, one_document_warehouse.documents_dir)
    yield name
    for path in one_document_warehouse.documents_dir.glob(Path(name).stem + ".*"):
        path.unlink()


def _summary(settings: Settings) -> dict:
    return json.loads((settings.reports_dir / "latest" / "summary.json").read_text(encoding="utf-8"))


def _zero_line_count_before_the_suite(monkeypatch, file_name: str) -> None:
    """Break raw.documents.line_count (a row-level `between 1 and ...`) of the document `file_name`
    in the build database, right before the raw_documents suite runs."""
    from orchestration.assets import quality

    _same_code(monkeypatch)
    real = quality.validate_suite

    def corrupt_then_validate(db_path, file, docs_dir, *args, **kwargs):
        if file.name == "raw_documents":
            con = duckdb.connect(str(db_path))
            con.execute("UPDATE raw.documents SET line_count = 0 WHERE file_name = ?", [file_name]).fetchall()
            con.close()
        return real(db_path, file, docs_dir, *args, **kwargs)

    monkeypatch.setattr(quality, "validate_suite", corrupt_then_validate)


def _raw_documents_check(summary: dict) -> dict:
    return next(c for c in summary["checks"] if c["check"] == "raw_documents")


def test_adding_a_document_checks_its_rows_not_the_published_ones(
    one_document_warehouse, tmp_path, monkeypatch
):
    settings = _copy(one_document_warehouse, tmp_path)
    _copy_seed(ADDED, settings.documents_dir)
    _zero_line_count_before_the_suite(monkeypatch, seed_path(FIRST).name)  # a row already published
    outcome = run_build(settings, quiet=True)
    summary = _summary(settings)
    suites = [c for c in summary["checks"] if c["kind"] == "great_expectations"]
    assert len(suites) == 33 and all(c["passed"] for c in suites), outcome.failures
    assert outcome.published, outcome.failures
    check = _raw_documents_check(summary)
    assert check["passed"] and check["scope"] == "changed documents" and check["rows"] == 1
    assert check["scope_detail"].startswith("rows of 1 changed document of 3 (1 added) (1 of 3 rows)")
    assert summary["checks_scope"].startswith(
        "25 of 33 suites on the rows of 1 changed document of 3 (1 added, 1 extracted)"
    )
    # a table rebuilt whole by dbt is checked on its rows the served warehouse lacks (the added
    # document's, and any other this build rewrote), not on all of them
    dim_document = _check(summary, "mart_dim_document")
    assert dim_document["scope"] == "changed rows" and 1 <= dim_document["rows"] < 3, dim_document
    assert dim_document["scope_detail"].startswith(
        f"rows not in the served warehouse ({dim_document['rows']} of 3 rows)"
    )
    # every dbt data test ran in this incremental run, those on the views it did not rebuild too
    manifest = json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text(encoding="utf-8"))
    data_tests = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "test"}
    ran = {c["check"] for c in summary["checks"] if c["kind"] == "dbt_test"}
    assert data_tests - ran == set() and len(data_tests) > 60


def _check(summary: dict, name: str) -> dict:
    return next(c for c in summary["checks"] if c["check"] == name)


def test_a_bad_row_of_the_added_document_blocks_the_run(one_document_warehouse, added, tmp_path, monkeypatch):
    settings = _copy(one_document_warehouse, tmp_path)
    _zero_line_count_before_the_suite(monkeypatch, added)
    outcome = run_build(settings, quiet=True)
    assert not outcome.published
    check = _raw_documents_check(_summary(settings))
    assert not check["passed"] and check["scope"] == "changed documents"
    assert [(o["column"], o["unexpected_count"]) for o in check["observed"]] == [("line_count", 1)]


def test_a_full_refresh_checks_the_published_rows_too(one_document_warehouse, tmp_path, monkeypatch):
    settings = _copy(one_document_warehouse, tmp_path)
    _zero_line_count_before_the_suite(monkeypatch, seed_path(FIRST).name)
    outcome = run_build(settings, quiet=True, force=True)
    assert not outcome.published
    summary = _summary(settings)
    check = _raw_documents_check(summary)
    assert not check["passed"] and check["scope"] == "whole table"
    assert check["scope_detail"].startswith("whole table: 2 rows (full refresh")
    assert summary["checks_scope"].endswith(" suites on whole tables")  # those that ran before the block
