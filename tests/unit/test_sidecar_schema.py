"""Sidecars are validated field by field; a bad one never aborts a run (issue 14, item 2).

An invalid field is dropped and the text fills it in; what was ignored, and why, is written into
the document's notes. An unparseable sidecar is ignored the same way, and says so.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from orchestration.ingest import metadata
from orchestration.ingest.documents import Document, ingest_file, ingest_folder
from orchestration.ingest.sidecar import MAX_SIDECAR_BYTES, read_sidecar_file, validate_sidecar
from orchestration.partitions import folder_documents
from tests.conftest import SEEDS, seed_path

LIMIT = 200 * 1024 * 1024
ISSUE_EXAMPLE = {"published_on": 12345, "kind": ["x"], "title": 7}


def _document_with_sidecar(tmp_path: Path, sidecar: str | bytes, prefix: str = "000") -> Path:
    docs = tmp_path / "documents"
    docs.mkdir(exist_ok=True)
    src = seed_path(prefix)
    shutil.copy(src, docs / src.name)
    side = docs / (src.stem + ".meta.json")
    if isinstance(sidecar, bytes):
        side.write_bytes(sidecar)
    else:
        side.write_text(sidecar, encoding="utf-8")
    return docs / src.name


def test_the_issue_sidecar_is_ignored_field_by_field_with_reasons(tmp_path: Path) -> None:
    path = _document_with_sidecar(tmp_path, json.dumps(ISSUE_EXAMPLE))
    doc = ingest_file(path, max_bytes=LIMIT)
    assert isinstance(doc, Document)
    inferred = metadata.infer_metadata(doc.text)
    assert (doc.metadata.title, doc.metadata.published_on, doc.metadata.kind) == (
        inferred.title,
        date(2021, 1, 21),
        "news",
    )
    assert doc.metadata_origin == "inferred"  # nothing of the sidecar was usable
    notes = doc.metadata.notes
    assert notes.startswith("sidecar fields ignored: ")
    assert "published_on (expected a date string YYYY-MM-DD, YYYY-MM or YYYY, got a number)" in notes
    assert "kind (expected a string, got a list)" in notes
    assert "title (expected a string, got a number)" in notes


def test_planning_survives_the_issue_sidecar(tmp_path: Path) -> None:
    path = _document_with_sidecar(tmp_path, json.dumps(ISSUE_EXAMPLE))
    planned = folder_documents(path.parent, tmp_path / "index.json", max_bytes=LIMIT)
    assert [d.kind for d in planned.values()] == ["news"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("{not json", "sidecar ignored: not valid JSON (Expecting property name enclosed in double quotes"),
        ("[1, 2]", "sidecar ignored: not a JSON object (a list)"),
        (b'{"title": "\xff\xfe"}', "sidecar ignored: not UTF-8 text"),
        ("", "sidecar ignored: not valid JSON (Expecting value"),
    ],
)
def test_an_unparseable_sidecar_is_ignored_and_says_so(tmp_path: Path, raw, expected: str) -> None:
    doc = ingest_file(_document_with_sidecar(tmp_path, raw), max_bytes=LIMIT)
    assert isinstance(doc, Document)
    assert doc.metadata_origin == "inferred"
    assert doc.metadata.notes.startswith(expected)


def test_an_oversized_sidecar_is_not_read(tmp_path: Path) -> None:
    big = json.dumps({"notes": "가" * MAX_SIDECAR_BYTES})
    doc = ingest_file(_document_with_sidecar(tmp_path, big), max_bytes=LIMIT)
    assert doc.metadata.notes == f"sidecar ignored: larger than {MAX_SIDECAR_BYTES} bytes"


def test_valid_fields_are_kept_beside_invalid_ones(tmp_path: Path) -> None:
    sidecar = {
        "title": "제목",
        "publisher": "뉴스",
        "published_on": "2021-02-30",
        "kind": "memo",
        "region": "서울특별시",
        "notes": "손으로 적은 메모",
        "colour": "blue",
    }
    doc = ingest_file(_document_with_sidecar(tmp_path, json.dumps(sidecar)), max_bytes=LIMIT)
    meta = doc.metadata
    assert (meta.title, meta.publisher, meta.region) == ("제목", "뉴스", "서울특별시")
    assert (meta.published_on, meta.kind) == (date(2021, 1, 21), "news")  # from the text
    assert doc.metadata_origin == "sidecar+inferred"
    first, second = meta.notes.split("\n")
    assert first == "손으로 적은 메모"  # the sidecar's own notes come first
    assert second.startswith("sidecar fields ignored: ")
    assert "published_on (not a calendar date: '2021-02-30')" in second
    assert "kind (not one of " in second and "'memo'" in second
    assert "colour (unknown field)" in second


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("title", "가" * 301, "longer than 300 characters (301)"),
        ("publisher", "x" * 201, "longer than 200 characters (201)"),
        ("region", "x" * 101, "longer than 100 characters (101)"),
        ("notes", "x" * 2001, "longer than 2000 characters (2001)"),
        ("title", "제목\x00숨김", "contains control characters"),
        ("title", "두 줄\n제목", "contains control characters"),
        ("published_on", "2021/01/21", "not a date string YYYY-MM-DD, YYYY-MM or YYYY: '2021/01/21'"),
        ("published_on", "1850-01-01", "year 1850 outside 1900-2100"),
        ("published_on", True, "expected a date string YYYY-MM-DD, YYYY-MM or YYYY, got true/false"),
        ("published_precision", "week", "not one of day, month, year: 'week'"),
        ("kind", {"a": 1}, "expected a string, got an object"),
    ],
)
def test_each_rule(field: str, value, reason: str) -> None:
    values, problems = validate_sidecar({field: value})
    assert field not in values
    assert problems == [f"{field} ({reason})"]


def test_dates_carry_their_precision() -> None:
    assert validate_sidecar({"published_on": "2021-01-21"}) == (
        {"published_on": date(2021, 1, 21), "published_precision": "day"},
        [],
    )
    assert validate_sidecar({"published_on": "2021-09"})[0] == {
        "published_on": date(2021, 9, 1),
        "published_precision": "month",
    }
    assert validate_sidecar({"published_on": "2013"})[0]["published_precision"] == "year"
    # a coarser precision than the date may be stated (a day unknown, recorded as the 1st) ...
    assert validate_sidecar({"published_on": "2013-02-01", "published_precision": "month"})[0] == {
        "published_on": date(2013, 2, 1),
        "published_precision": "month",
    }
    # ... a finer one may not, and a precision without a date means nothing
    values, problems = validate_sidecar({"published_on": "2021-09", "published_precision": "day"})
    assert values["published_precision"] == "month"
    assert problems == ["published_precision (finer than the date given: '2021-09')"]
    assert validate_sidecar({"published_precision": "day"}) == (
        {},
        ["published_precision (no valid published_on to qualify)"],
    )


def test_null_and_empty_values_mean_not_given() -> None:
    assert validate_sidecar({"title": None, "region": "", "publisher": "  "}) == ({}, [])


def test_the_allowed_kinds_are_the_metadata_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    """One list: whatever orchestration.ingest.metadata.KINDS holds when a sidecar is read."""
    monkeypatch.setattr(metadata, "KINDS", ("news", "work_report", "budget_table"))
    assert validate_sidecar({"kind": "budget_table"}) == ({"kind": "budget_table"}, [])
    monkeypatch.setattr(metadata, "KINDS", ("news",))
    values, problems = validate_sidecar({"kind": "work_report"})
    assert values == {} and problems == ["kind (not one of news: 'work_report')"]


def test_the_shipped_sidecars_are_valid() -> None:
    for side in sorted(SEEDS.glob("*.meta.json")):
        reading = read_sidecar_file(side)
        assert reading.problems == [], (side.name, reading.problems)
        assert reading.values


def test_a_folder_of_bad_sidecars_ingests_every_document(tmp_path: Path) -> None:
    _document_with_sidecar(tmp_path, json.dumps(ISSUE_EXAMPLE), "000")
    _document_with_sidecar(tmp_path, "{broken", "001")
    _document_with_sidecar(tmp_path, json.dumps({"kind": "work_report", "title": ["a"]}), "004")
    docs, rejects = ingest_folder(tmp_path / "documents", max_bytes=LIMIT)
    assert rejects == [] and len(docs) == 3
    by_prefix = {d.file_name[:3]: d for d in docs}
    assert by_prefix["004"].metadata.kind == "work_report"
    assert by_prefix["004"].metadata_origin == "sidecar+inferred"
    assert "title (expected a string, got a list)" in by_prefix["004"].metadata.notes
