"""The PDF reader on our own documents printed by Chromium, on hand-made encrypted, corrupt and blank
PDFs, and on scans (OCR when Tesseract with its Korean model is installed, a clear refusal when not).

The labelled fixtures are rendered once per module (Chromium is heavy) and read back: every paragraph
line and every table cell of the .txt must come out as it went in (whitespace collapsed), on its page.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import struct
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from orchestration.ingest.decode import RejectedInput
from orchestration.ingest.formats import ocr
from orchestration.ingest.formats.model import SourceDocument
from orchestration.ingest.formats.pdf import _unmapped, read_pdf
from tests.formats_support.render import (
    chromium_missing,
    generated_text,
    html_to_pdf,
    image_only_pdf,
    text_to_html,
)

LABELLED = Path(__file__).resolve().parent.parent / "fixtures" / "labelled"
SETTLEMENT = "m_gyeonggi-assembly-2020-settlement-review-tabs"  # 3 tables over 2 pages, (단위: 천원, %)
WORK_REPORT = "m_incheon-admin-bureau-2022-work-report-tabs"  # staffing (단위: 명) and budget tables
NO_CHROMIUM = chromium_missing()
NO_OCR = ocr.unavailable()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _source(name: str) -> tuple[list[str], list[list[list[str]]]]:
    """The .txt as the reader must give it back: its paragraph lines, and its tables as cells."""
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    in_table = False
    for line in (LABELLED / f"{name}.txt").read_text(encoding="utf-8").split("\n"):
        cells = line.split("\t")
        if len(cells) >= 2:
            if not in_table:
                tables.append([])
            tables[-1].append([_norm(c) for c in cells])
            in_table = True
            continue
        in_table = False
        if _norm(line):
            lines.append(_norm(line))
    for table in tables:
        width = max(len(r) for r in table)
        for row in table:
            row.extend([""] * (width - len(row)))
    return lines, tables


def _paragraph_lines(doc: SourceDocument) -> list[str]:
    in_tables = {n for t in doc.tables for n in range(t.line_start, t.line_end + 1)}
    return [
        _norm(line) for n, line in enumerate(doc.text.split("\n"), 1) if n not in in_tables and _norm(line)
    ]


def _where(doc: SourceDocument, line: int) -> str:
    """The page a line of the text is on, from the document's locations."""
    return [where for first, where in doc.locations if first <= line][-1]


def _line_number(doc: SourceDocument, needle: str) -> int:
    return next(n for n, line in enumerate(doc.text.split("\n"), 1) if needle in line)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The two labelled work documents as PDFs printed by Chromium (once for the module)."""
    if NO_CHROMIUM:
        pytest.skip(NO_CHROMIUM)
    out = tmp_path_factory.mktemp("pdf")
    pdfs = {}
    for name in (SETTLEMENT, WORK_REPORT):
        text = (LABELLED / f"{name}.txt").read_text(encoding="utf-8")
        pdfs[name] = html_to_pdf(text_to_html(text, title=name), out / f"{name}.pdf")
    return pdfs


@pytest.fixture(scope="module")
def scanned(rendered: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return image_only_pdf(rendered[SETTLEMENT], tmp_path_factory.mktemp("scan") / "scan.pdf")


# --- a text layer with ruled tables --------------------------------------------------------------


@pytest.mark.parametrize("name", [SETTLEMENT, WORK_REPORT])
@pytest.mark.browser
def test_every_line_and_cell_of_the_source_comes_back(rendered: dict[str, Path], name: str) -> None:
    doc = read_pdf(rendered[name].read_bytes())
    lines, tables = _source(name)
    assert doc.format == "pdf" and not doc.ocr and doc.notes == ()
    assert _paragraph_lines(doc) == lines
    assert [[list(row) for row in t.rows] for t in doc.tables] == tables
    assert all(t.header_rows == 1 for t in doc.tables)


@pytest.mark.browser
def test_tables_sit_on_their_pages_in_reading_order(rendered: dict[str, Path]) -> None:
    doc = read_pdf(rendered[SETTLEMENT].read_bytes())
    assert [t.where for t in doc.tables] == ["p. 1", "p. 1", "p. 2"]
    assert [w for _, w in doc.locations] == ["p. 1", "p. 2"]
    assert _where(doc, _line_number(doc, "Ⅳ. 검토의견")) == "p. 2"
    assert _where(doc, _line_number(doc, "Ⅱ. 세출결산 총괄")) == "p. 1"
    # the unit line, then the table; the note under the table after its last row
    first = doc.tables[0]
    lines = doc.text.split("\n")
    assert lines[first.line_start - 2] == "(단위: 천원, %)"
    assert lines[first.line_end].startswith("※ 특별회계는")
    assert first.rows[1][:2] == ("계", "48,326,410")


@pytest.mark.browser
def test_units_of_tables_from_the_line_above(rendered: dict[str, Path]) -> None:
    settlement = read_pdf(rendered[SETTLEMENT].read_bytes())
    report = read_pdf(rendered[WORK_REPORT].read_bytes())
    assert [t.unit for t in settlement.tables] == ["천원", "천원", "천원"]
    assert [t.unit for t in report.tables] == ["명", "천원"]


@pytest.mark.browser
@pytest.mark.skipif(NO_CHROMIUM is not None, reason=NO_CHROMIUM or "")
def test_two_hundred_pages_take_time_linear_in_size(tmp_path: Path) -> None:
    """50 and 200 pages of the same generated text: four times the pages, about four times the time."""
    times = {}
    for pages in (50, 200):
        text = generated_text(pages, [LABELLED / f"{SETTLEMENT}.txt", LABELLED / f"{WORK_REPORT}.txt"])
        pdf = html_to_pdf(text_to_html(text, title="speed"), tmp_path / f"{pages}.pdf")
        data = pdf.read_bytes()
        assert len(pdfium.PdfDocument(data)) == pages
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            doc = read_pdf(data)
            best = min(best, time.perf_counter() - start)
        assert [w for _, w in doc.locations][-1] == f"p. {pages}"
        times[pages] = best
    assert times[200] / times[50] < 7, times  # linear: ~4; quadratic would be ~16


# --- refusals ------------------------------------------------------------------------------------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = bytes.fromhex("00112233445566778899aabbccddeeff")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _small_pdf(text: str, *, user: str | None = None, owner: str = "owner-secret") -> bytes:
    """A one-page PDF written by hand; with `user`, encrypted by the standard security handler
    (RC4 40-bit, revision 2; `user=""` is the common case of an owner password only)."""
    content = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    key = None
    encrypt = b""
    if user is not None:
        padded_user = (user.encode("latin-1") + _PAD)[:32]
        o_value = _rc4(hashlib.md5((owner.encode("latin-1") + _PAD)[:32]).digest()[:5], padded_user)
        permissions = -44  # no printing, no copying: what public PDFs often set
        key = hashlib.md5(padded_user + o_value + struct.pack("<i", permissions) + _FILE_ID).digest()[:5]
        u_value = _rc4(key, _PAD)
        encrypt = (
            b"<< /Filter /Standard /V 1 /R 2 /O <" + o_value.hex().encode() + b"> /U <" + u_value.hex().encode()
            + b"> /P " + str(permissions).encode() + b" >>"
        )  # fmt: skip
        object_key = hashlib.md5(key + struct.pack("<i", 4)[:3] + b"\x00\x00").digest()[:10]
        content = _rc4(object_key, content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if encrypt:
        objects.append(encrypt)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R /ID [<{_FILE_ID.hex()}> <{_FILE_ID.hex()}>]"
    if encrypt:
        trailer += f" /Encrypt {len(objects)} 0 R"
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_the_hand_made_pdf_reads_plain_and_with_an_owner_password_only() -> None:
    plain = read_pdf(_small_pdf("Budget 48326410 won"))
    assert plain.text == "Budget 48326410 won\n" and plain.notes == ()
    restricted = read_pdf(_small_pdf("Budget 48326410 won", user=""))
    assert restricted.text == "Budget 48326410 won\n"
    assert any("encrypted" in note for note in restricted.notes)


def test_password_protected_pdf_is_rejected() -> None:
    with pytest.raises(RejectedInput, match=r"^password-protected PDF: cannot be read$"):
        read_pdf(_small_pdf("Budget 48326410 won", user="1234"))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "corrupt PDF: no %PDF header"),
        (b"<html><body>not a pdf</body></html>", "corrupt PDF: no %PDF header"),
        (_small_pdf("Budget 48326410 won")[:300], "corrupt PDF: truncated"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "corrupt PDF: "),
    ],
    ids=["empty", "html", "truncated", "garbage"],
)
def test_corrupt_pdf_is_rejected_with_its_cause(data: bytes, reason: str) -> None:
    with pytest.raises(RejectedInput) as caught:
        read_pdf(data)
    assert str(caught.value).startswith(reason)


@pytest.mark.browser
def test_pdf_cut_in_the_middle_is_rejected(rendered: dict[str, Path]) -> None:
    data = rendered[SETTLEMENT].read_bytes()
    with pytest.raises(RejectedInput, match=r"^corrupt PDF: truncated"):
        read_pdf(data[: len(data) // 2])


def test_blank_pdf_is_rejected() -> None:
    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    buffer = io.BytesIO()
    doc.save(buffer)
    with pytest.raises(RejectedInput, match=r"^PDF with no text: every page is blank$"):
        read_pdf(buffer.getvalue())


def test_text_of_glyph_codes_without_unicode_counts_as_no_text() -> None:
    """HWP exports sometimes embed fonts with no Unicode map: PDFium gives private-use codes."""
    assert _unmapped("\ue0a1\ue0b2\ue0c3 " * 12)
    assert _unmapped("예산 " + "\ufffd" * 30)
    assert not _unmapped("계 48,326,410 41,208,733 5,120,000 1,997,677 85.3")
    assert not _unmapped("\ue000")  # a stray symbol-font bullet is not a broken page


# --- scans ---------------------------------------------------------------------------------------


@pytest.mark.browser
def test_scan_without_tesseract_is_rejected_with_what_to_install(
    scanned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    with pytest.raises(RejectedInput) as caught:
        read_pdf(scanned.read_bytes())
    assert str(caught.value) == (
        "scanned PDF: no text layer (install tesseract-ocr and tesseract-ocr-kor to read it by OCR)"
    )


@pytest.mark.browser
@pytest.mark.skipif(NO_OCR is not None, reason=f"OCR: {NO_OCR}")
def test_scan_is_read_by_ocr(scanned: Path) -> None:
    doc = read_pdf(scanned.read_bytes())
    assert doc.ocr and doc.tables == ()
    assert [w for _, w in doc.locations] == ["p. 1", "p. 2"]
    text = doc.text
    page_two = text.split("\n")[doc.locations[1][0] - 1 :]
    assert "세출결산" in text and "검토의견" in "\n".join(page_two)
    # the figures of the tables (numbers with thousands separators): OCR misses a few, not most
    figures = set(re.findall(r"\d{1,3}(?:,\d{3})+", (LABELLED / f"{SETTLEMENT}.txt").read_text()))
    found = {f for f in figures if f in text}
    assert len(found) >= 0.7 * len(figures), sorted(figures - found)
    assert {"6,800,000", "9,450,000", "4,200,000"} <= found


@pytest.fixture(scope="module")
def half_scanned(rendered: dict[str, Path], scanned: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Page 1 with its text layer, page 2 scanned: what a council's appended scan looks like."""
    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(rendered[SETTLEMENT]), [0])
    out.import_pages(pdfium.PdfDocument(scanned), [1])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


@pytest.mark.browser
def test_scanned_page_among_text_pages_without_tesseract_is_noted(
    half_scanned: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    doc = read_pdf(half_scanned)
    assert not doc.ocr and [w for _, w in doc.locations] == ["p. 1"]
    assert "Ⅲ. 주요 세부사업 결산" in doc.text and "검토의견" not in doc.text
    assert len(doc.tables) == 2
    assert any("p. 2" in note and "tesseract-ocr-kor" in note for note in doc.notes), doc.notes


@pytest.mark.browser
@pytest.mark.skipif(NO_OCR is not None, reason=f"OCR: {NO_OCR}")
def test_scanned_page_among_text_pages_is_read_by_ocr(half_scanned: bytes) -> None:
    doc = read_pdf(half_scanned)
    assert doc.ocr and [w for _, w in doc.locations] == ["p. 1", "p. 2"]
    assert len(doc.tables) == 2  # page 1's tables keep their cells
    assert _where(doc, _line_number(doc, "검토의견")) == "p. 2"
    assert any("p. 2" in note and "OCR" in note for note in doc.notes)


@pytest.mark.browser
def test_a_page_ocr_cannot_read_is_noted_not_fatal(
    half_scanned: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(image: bytes, **kwargs: object) -> str:
        raise ocr.OcrFailed("timed out after 120 s")

    monkeypatch.setattr(ocr, "unavailable", lambda: None)
    monkeypatch.setattr(ocr, "image_to_text", fail)
    doc = read_pdf(half_scanned)
    assert not doc.ocr and "Ⅱ. 세출결산 총괄" in doc.text
    assert "p. 2: OCR failed (timed out after 120 s)" in doc.notes
