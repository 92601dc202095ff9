"""The raw schema and loading under the extraction contract: budget statements load, every kind is
read by its extractor and the generic layer, an extraction's errors are recorded (not turned into a
reject), and a warehouse written before these columns existed gains them."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from orchestration import raw_load
from orchestration.extract import extractor_version
from orchestration.ingest.documents import ingest_file
from orchestration.ingest.metadata import KINDS
from orchestration.raw_load import extract_documents, extractor_versions, load_documents
from orchestration.raw_tables import all_ddl

MINUTES = """2021회계연도 결산 제안설명
스마트도시담당관의 예산현액은 286억 3122만 2000원이며 지출액은 204억 4326만 7000원입니다.
서울서베이 사업은 지출액 48억 2000만원, 불용액 2억 1025만원입니다.
"""


def _db(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    for stmt in all_ddl():
        con.execute(stmt)
    return con


def _load(con: duckdb.DuckDBPyConnection, tmp_path: Path, name: str, text: str, kind: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    meta = {"kind": kind, "region": "서울특별시", "published_on": "2022-06-10"}
    path.with_suffix(".meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    doc = ingest_file(path, max_bytes=10**7)
    load_documents(con, [doc], [])
    return doc.doc_id


def test_every_kind_is_read_by_its_extractor_and_the_generic_layer():
    versions = extractor_versions()
    assert set(versions) == set(KINDS)
    for kind in KINDS:
        assert versions[kind] == extractor_version(kind)
        assert "generic" in versions[kind]
    assert versions["news"].startswith("news ") and versions["council_minutes"].startswith("generic ")


def test_budget_statements_load_with_the_text_s_year_and_region(tmp_path: Path):
    con = _db(tmp_path)
    doc_id = _load(con, tmp_path, "minutes.txt", MINUTES, "council_minutes")
    summary = extract_documents(con, [doc_id])
    assert summary.records_by_type == {"budget_statement": 2} and summary.errors == {}
    rows = con.execute(
        "SELECT subject, subject_kind, fiscal_year, budget_krw, spent_krw, lapsed_krw, line_start, "
        "extractor, layout FROM raw.budget_statements ORDER BY line_start"
    ).fetchall()
    assert rows == [
        (
            "스마트도시담당관",
            "organisation",
            2021,
            28_631_222_000,
            20_443_267_000,
            None,
            2,
            "generic",
            "prose",
        ),
        ("서울서베이 사업", "program", 2021, None, 4_820_000_000, 210_250_000, 3, "generic", "prose"),
    ]
    assert con.execute(
        "SELECT kind, extractor_version, n_records, rejected_reason, error, errors, fiscal_year, region "
        "FROM raw.extractions"
    ).fetchall() == [
        ("council_minutes", extractor_version("council_minutes"), 2, None, None, [], 2021, "서울특별시")
    ]


def test_an_extraction_s_errors_are_recorded_not_a_reject(tmp_path: Path, monkeypatch):
    con = _db(tmp_path)
    doc_id = _load(con, tmp_path, "minutes.txt", MINUTES, "council_minutes")

    def broken(text, **kw):
        raise ValueError("no table here")

    monkeypatch.setattr("orchestration.extract.extract_generic", broken)
    summary = extract_documents(con, [doc_id])
    error = "generic layer failed: ValueError: no table here"
    assert summary.errors == {doc_id: error} and summary.no_records == {}
    assert con.execute(
        "SELECT n_records, rejected_reason, error, errors FROM raw.extractions"
    ).fetchall() == [(0, None, error, [error])]


def test_an_exception_that_escapes_the_extractors_is_recorded_against_its_document(
    tmp_path: Path, monkeypatch
):
    con = _db(tmp_path)
    doc_id = _load(con, tmp_path, "minutes.txt", MINUTES, "council_minutes")

    def escaping(text, kind, **kw):
        raise KeyError("boom")

    monkeypatch.setattr(raw_load, "extract_document", escaping)
    summary = extract_documents(con, [doc_id])
    assert summary.errors == {doc_id: "KeyError: 'boom'"}
    assert con.execute("SELECT error, errors FROM raw.extractions").fetchall() == [
        ("KeyError: 'boom'", ["KeyError: 'boom'"])
    ]


def test_a_warehouse_written_before_the_new_columns_gains_them(tmp_path: Path):
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute("CREATE SCHEMA raw")
    con.execute(  # raw.extractions as an older build wrote it, with a row
        "CREATE TABLE raw.extractions (doc_id VARCHAR NOT NULL PRIMARY KEY, kind VARCHAR NOT NULL, "
        "extractor_version VARCHAR NOT NULL, n_records INTEGER NOT NULL, rejected_reason VARCHAR, "
        "figure_lines INTEGER[] NOT NULL, skipped_lines INTEGER[] NOT NULL, skipped_reasons VARCHAR[] NOT NULL, "
        "uncovered_lines INTEGER[] NOT NULL, error VARCHAR, extracted_at TIMESTAMP NOT NULL)"
    )
    con.execute(
        "INSERT INTO raw.extractions VALUES ('old', 'news', '1.0.0', 0, NULL, [], [], [], [], NULL, now())"
    )
    for stmt in all_ddl():
        con.execute(stmt)
    columns = [r[0] for r in con.execute("DESCRIBE raw.extractions").fetchall()]
    assert columns[-4:] == ["errors", "fiscal_year", "region", "batch"]
    assert con.execute("SELECT count(*) FROM raw.budget_statements").fetchall() == [(0,)]

    doc_id = _load(con, tmp_path, "minutes.txt", MINUTES, "council_minutes")
    extract_documents(con, [doc_id])
    assert con.execute(
        "SELECT doc_id, errors, fiscal_year FROM raw.extractions ORDER BY doc_id"
    ).fetchall() == [
        (doc_id, [], 2021),
        ("old", None, None),
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_a_document_of_any_kind_is_extracted(tmp_path: Path, kind: str):
    con = _db(tmp_path)
    doc_id = _load(con, tmp_path, "doc.txt", MINUTES, kind)
    summary = extract_documents(con, [doc_id])
    assert summary.extracted == [doc_id] and summary.errors == {}
    stamp = con.execute("SELECT kind || '@' || extractor_version FROM raw.extractions").fetchall()
    assert stamp == [(raw_load.extraction_stamp(kind, extractor_versions()),)]
    assert raw_load.pending_extractions(con) == []
