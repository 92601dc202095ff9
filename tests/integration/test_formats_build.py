"""A build from a folder of real source formats: each file read by its reader, what cannot be read
rejected with its reason, tables read as cells, records placed on their page or section, and the
app's Sources page naming where a line sits in the source file."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from orchestration.ingest.formats import ocr
from tests.chromium import CHROMIUM
from tests.conftest import ROOT, query

pytestmark = pytest.mark.e2e

LABELLED = ROOT / "tests" / "fixtures" / "labelled"
REAL_HWP = ROOT.parent / "shared" / "formats" / "hwp"


@pytest.fixture(scope="module")
def formats_warehouse(tmp_path_factory, dbt_manifest):
    from orchestration.cli import run_build
    from orchestration.settings import load_settings
    from tests.formats_support.hwpx_writer import write_hwpx
    from tests.formats_support.render import html_to_pdf, image_only_pdf, text_to_html

    root = tmp_path_factory.mktemp("formats")
    docs = root / "docs"
    docs.mkdir()
    review = (LABELLED / "m_gyeonggi-assembly-2020-settlement-review-tabs.txt").read_text(encoding="utf-8")
    write_hwpx(review, docs / "review.hwpx")
    article = (LABELLED / "n_daegu-2013-wire-institutions.txt").read_text(encoding="utf-8")
    (docs / "article.html").write_text(text_to_html(article, title="대구시 정보화", chrome=True), "utf-8")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n")
    (docs / "broken.hwpx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    if CHROMIUM.exists():
        report = (LABELLED / "m_incheon-admin-bureau-2022-work-report-tabs.txt").read_text(encoding="utf-8")
        html_to_pdf(text_to_html(report, title="업무보고", chrome=False), docs / "report.pdf")
        minutes = (LABELLED / "m_suwon-council-2019-settlement-minutes.txt").read_text(encoding="utf-8")
        html_to_pdf(text_to_html(minutes, title="회의록", chrome=False), root / "minutes.pdf")
        image_only_pdf(root / "minutes.pdf", docs / "minutes_scanned.pdf")
    if REAL_HWP.is_dir():
        for name in ("sample-5017.hwp", "password-12345.hwp"):
            shutil.copyfile(REAL_HWP / name, docs / name)
    settings = load_settings(documents_dir=docs, home=root / "home")
    outcome = run_build(settings, quiet=True)
    assert outcome.published, outcome.failures
    return settings


def documents(settings) -> dict[str, tuple]:
    rows = query(
        settings,
        "SELECT file_name, source_format, is_ocr, status, rejected_reason, n_facts FROM marts.dim_document",
    )
    return {r[0]: r[1:] for r in rows}


def test_every_format_is_read_and_what_cannot_be_is_rejected_with_its_reason(formats_warehouse):
    docs = documents(formats_warehouse)
    assert docs["review.hwpx"][:3] == ("hwpx", False, "published") and docs["review.hwpx"][4] > 0
    assert docs["article.html"][:3] == ("html", False, "published") and docs["article.html"][4] > 0
    assert docs["broken.pdf"][2:4] == ("rejected", "corrupt PDF: truncated (no %%EOF at the end of the file)")
    assert docs["broken.hwpx"][3].startswith("corrupt HWPX: not a readable zip archive")
    if CHROMIUM.exists():
        assert docs["report.pdf"][:3] == ("pdf", False, "published") and docs["report.pdf"][4] > 0
    if REAL_HWP.is_dir():
        assert docs["password-12345.hwp"][2:4] == (
            "rejected",
            "encrypted HWP: password-protected, cannot be read",
        )
        assert docs["sample-5017.hwp"][0] == "hwp"
        text = query(
            formats_warehouse,
            "SELECT text FROM raw.documents d JOIN marts.dim_document m USING (doc_id) "
            "WHERE m.file_name = 'sample-5017.hwp'",
        )[0][0]
        assert "본문 내용입니다" in text


def test_records_name_their_page_or_section_and_table_row(formats_warehouse):
    rows = query(
        formats_warehouse,
        "SELECT m.file_name, s.source_location, s.subject, s.budget_krw FROM raw.budget_statements s "
        "JOIN marts.dim_document m USING (doc_id) WHERE m.file_name = 'review.hwpx' ORDER BY s.line_start",
    )
    assert rows and all(r[1].startswith("구역 1") for r in rows)
    in_tables = [r for r in rows if "표 " in r[1]]
    assert in_tables and all(", " in r[1] and r[1].endswith("행") for r in in_tables)
    if CHROMIUM.exists():
        staffing = query(
            formats_warehouse,
            "SELECT s.source_location FROM raw.staffing s JOIN marts.dim_document m USING (doc_id) "
            "WHERE m.file_name = 'report.pdf'",
        )
        assert staffing and all(r[0].startswith("p. ") and "표 " in r[0] for r in staffing)


def test_a_scanned_pdf_is_read_by_ocr_or_rejected_with_the_reason(formats_warehouse):
    if not CHROMIUM.exists():
        pytest.skip("headless Chromium (/usr/bin/chromium) is needed to print the scanned PDF")
    docs = documents(formats_warehouse)
    scanned = docs["minutes_scanned.pdf"]
    if ocr.unavailable() is None:
        assert scanned[:3] == ("pdf", True, "published")
        flags = query(
            formats_warehouse,
            "SELECT DISTINCT s.ocr FROM raw.budget_statements s JOIN marts.dim_document m USING (doc_id) "
            "WHERE m.file_name = 'minutes_scanned.pdf'",
        )
        assert flags == [(True,)]
    else:
        assert scanned[2] == "rejected" and scanned[3].startswith("scanned PDF: no text layer")


def test_the_sources_page_shows_where_a_table_row_sits_with_its_header_and_unit(
    formats_warehouse, monkeypatch
):
    from streamlit.testing.v1 import AppTest

    doc_id, line, location = query(
        formats_warehouse,
        "SELECT s.doc_id, s.line_start, s.source_location FROM raw.budget_statements s "
        "JOIN marts.dim_document m USING (doc_id) WHERE m.file_name = 'review.hwpx' "
        "AND s.source_location LIKE '%표%' ORDER BY s.line_start LIMIT 1",
    )[0]
    monkeypatch.setenv("ICTWH_HOME", str(formats_warehouse.home))
    at = AppTest.from_file(str(ROOT / "app" / "pages" / "4_Sources.py"), default_timeout=120)
    at.query_params["doc"] = doc_id
    at.query_params["line"] = str(line)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    captions = "\n".join(str(c.value) for c in at.caption)
    assert location in captions
    assert "천원" in captions  # the table's unit, stated above it in the source
    # the row under its table's header: the one frame with the source's cells (numbered columns)
    (header_and_row,) = [df.value for df in at.dataframe if list(df.value.columns)[:2] == ["1", "2"]]
    assert len(header_and_row) == 2
    assert any("예산" in str(v) for v in header_and_row.iloc[0])


def test_ocr_is_reported_as_available_only_with_the_korean_model():
    """ocr.unavailable() decides between reading a scan and rejecting it: it must agree with the
    installed tesseract."""
    binary = shutil.which("tesseract")
    if binary is None:
        assert ocr.unavailable() == "tesseract is not installed"
        return
    done = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=60)
    assert (ocr.unavailable() is None) == ("kor" in (done.stdout + done.stderr).split())
