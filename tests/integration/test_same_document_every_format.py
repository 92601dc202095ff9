"""The same document is one document in every format, and yields the same facts.

Our own labelled documents (a work report and a settlement review whose tables are flattened with
tabs, council minutes, a wire article, a pipe table) are written as a web page with a news site's
furniture around it, printed from that page to PDF by headless Chromium, and written as HWP 5 and
HWPX; each file goes through ingestion and extraction as the pipeline runs them, and must give the
facts its `.txt` gives — the tables now read as cells.

(The seed work report is not among them: its text is itself a noisy flattening whose blank lines
and leading spaces carry structure that no real HWP, PDF or page has.)
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from orchestration.extract.records import Record
from orchestration.ingest.documents import Document, ingest_file, ingest_folder
from orchestration.ingest.formats.model import read_layout
from orchestration.raw_load import extract_stored
from tests.chromium import CHROMIUM
from tests.conftest import ROOT

LABELLED = ROOT / "tests" / "fixtures" / "labelled"
DOCUMENTS = [
    LABELLED / "m_incheon-admin-bureau-2022-work-report-tabs.txt",
    LABELLED / "m_gyeonggi-assembly-2020-settlement-review-tabs.txt",
    LABELLED / "m_suwon-council-2019-settlement-minutes.txt",
    LABELLED / "n_daegu-2013-wire-institutions.txt",
    LABELLED / "n_jeju-2017-execution-pipes-table.txt",
]
# where a record comes from, not what it says: left out of the comparison (line numbers move when
# a page's title or a table's caption takes a line of its own)
PROVENANCE = {f.name for f in dataclasses.fields(Record)}


def _says(name: str) -> bool:
    return name not in PROVENANCE and "line" not in name


def facts(doc: Document) -> set[tuple]:
    """What a document states, without where: every record's type and values."""
    result = extract_stored(
        doc.text, doc.metadata.kind, doc.doc_id, doc.metadata.published_on, None, doc.layout
    )
    assert not result.errors, result.errors
    out = set()
    for rec in result.records:
        values = tuple(
            (f.name, _hashable(getattr(rec, f.name))) for f in dataclasses.fields(rec) if _says(f.name)
        )
        out.add((type(rec).__name__, values))
    return out


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def ingested(path: Path) -> Document:
    doc = ingest_file(path, max_bytes=50_000_000)
    assert isinstance(doc, Document), doc
    return doc


@pytest.fixture(scope="module", params=DOCUMENTS, ids=lambda p: p.stem)
def document(request, tmp_path_factory) -> dict[str, Path]:
    """One document in every format, in its own folder (with its sidecar, so kind and date agree)."""
    from tests.formats_support.hwp_writer import write_hwp
    from tests.formats_support.hwpx_writer import write_hwpx
    from tests.formats_support.render import html_to_pdf, text_to_html

    src: Path = request.param
    if not src.exists():
        pytest.skip(f"{src} is not in this checkout")
    folder = tmp_path_factory.mktemp(src.stem[:20])
    text = src.read_text(encoding="utf-8")
    files = {"txt": folder / src.name}
    shutil.copyfile(src, files["txt"])
    files["html"] = folder / f"{src.stem}.html"
    files["html"].write_text(text_to_html(text, title=src.stem, chrome=True), encoding="utf-8")
    files["hwpx"] = folder / f"{src.stem}.hwpx"
    write_hwpx(text, files["hwpx"])
    files["hwp"] = folder / f"{src.stem}.hwp"
    write_hwp(text, files["hwp"])
    if CHROMIUM.exists():
        files["pdf"] = folder / f"{src.stem}.pdf"
        html_to_pdf(text_to_html(text, title=src.stem, chrome=False), files["pdf"])
    sidecar = src.with_name(src.stem + ".meta.json")
    for path in files.values():
        if sidecar.exists():
            shutil.copyfile(sidecar, path.with_name(path.stem + ".meta.json"))
    return files


@pytest.mark.parametrize("fmt", ["html", "hwp", "hwpx", "pdf"])
def test_every_format_gives_the_facts_of_the_text(document, fmt):
    if fmt not in document:
        pytest.skip(
            "headless Chromium (/usr/bin/chromium) is needed to print the PDF: run scripts/ensure-system-packages"
        )
    plain = ingested(document["txt"])
    other = ingested(document[fmt])
    assert other.source_format == fmt and plain.source_format == "txt"
    assert other.metadata.kind == plain.metadata.kind
    expected = facts(plain)
    assert expected, "the text gives facts: the comparison means something"
    got = facts(other)
    assert got == expected, {"missing": expected - got, "extra": got - expected}


def test_tables_arrive_as_cells_with_their_page_or_section(document):
    """Where the text flattened a table with tabs, the other formats hand it over as cells."""
    text = document["txt"].read_text(encoding="utf-8")
    tabbed_rows = [line.split("\t") for line in text.splitlines() if line.count("\t") >= 1]
    if not tabbed_rows:
        pytest.skip("this document has no tab-flattened table")
    for fmt in ("hwp", "hwpx", "pdf"):
        if fmt not in document:
            continue
        layout = read_layout(ingested(document[fmt]).layout)
        assert layout.tables, fmt
        cells = {tuple(c for c in row if c) for t in layout.tables for row in t.rows}
        wanted = {tuple(c.strip() for c in row if c.strip()) for row in tabbed_rows}
        assert len(wanted & cells) >= 0.9 * len(wanted), (fmt, sorted(wanted - cells)[:5])
        assert all(t.where for t in layout.tables), fmt
        first = layout.tables[0]
        assert layout.place(first.line_start).startswith(first.where)


def test_the_same_document_in_two_formats_is_one_document(document, tmp_path):
    """A report's PDF (or HWPX) beside its text is the same document: kept once, the other file
    recorded as a duplicate of it, though the PDF's text is spaced and broken differently."""
    other = document.get("pdf") or document["hwpx"]
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copyfile(document["txt"], folder / document["txt"].name)
    shutil.copyfile(other, folder / other.name)
    docs, rejects = ingest_folder(folder, max_bytes=50_000_000)
    assert len(docs) == 1 and len(rejects) == 1, (docs, rejects)
    assert rejects[0].reason.startswith(("duplicate: same document as", "duplicate: same text as"))
    assert rejects[0].doc_id == docs[0].doc_id
    if other.suffix == ".pdf":  # the PDF's text is not the text file's: only its words are
        assert ingested(other).doc_id != ingested(document["txt"]).doc_id
        assert "same document as" in rejects[0].reason


def test_records_name_the_page_they_come_from(document):
    if "pdf" not in document:
        pytest.skip("headless Chromium (/usr/bin/chromium) is needed to print the PDF")
    doc = ingested(document["pdf"])
    result = extract_stored(
        doc.text, doc.metadata.kind, doc.doc_id, doc.metadata.published_on, None, doc.layout
    )
    assert result.records
    assert all(r.source_location.startswith("p. ") for r in result.records)
    assert not any(r.ocr for r in result.records)


def test_the_extract_command_reads_a_file_as_the_pipeline_does(document):
    """`ict-warehouse extract FILE` on an HWPX: the pipeline's records, placed in their section."""
    from orchestration.cli import extract_file_json

    out = extract_file_json(document["hwpx"])
    assert out["document"]["source_format"] == "hwpx" and out["rejected"] is None
    doc = ingested(document["hwpx"])
    pipeline = extract_stored(
        doc.text, doc.metadata.kind, doc.doc_id, doc.metadata.published_on, None, doc.layout
    )
    assert len(out["records"]) == len(pipeline.records)
    assert all(r["source_location"].startswith("구역 1") for r in out["records"])
