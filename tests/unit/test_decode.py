"""Bytes -> text: encodings, normalisation and every kind of refusal."""

from __future__ import annotations

import codecs

import pytest

from orchestration.ingest.decode import RejectedInput, decode_document
from tests.conftest import seed_text

TEXT = seed_text("000")


def test_utf8_plain_and_with_bom_are_one_document():
    plain = decode_document(TEXT.encode("utf-8"))
    bom = decode_document(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert plain.encoding == "utf-8" and bom.encoding == "utf-8-sig"
    assert plain.doc_id == bom.doc_id
    assert plain.text.startswith("데일리투머로우")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    data = TEXT.encode(codec)
    if codec != "utf-16":  # explicit-endian codecs write no BOM: add it as Windows tools do
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    decoded = decode_document(data)
    assert decoded.encoding == "utf-16"
    assert decoded.doc_id == decode_document(TEXT.encode("utf-8")).doc_id


@pytest.mark.parametrize("codec", ["cp949", "euc-kr"])
def test_cp949_and_euc_kr(codec):
    text = seed_text("002")  # pure KS X 1001 text, representable in EUC-KR
    decoded = decode_document(text.encode(codec))
    assert decoded.encoding == "cp949"
    assert decoded.text == text
    assert "4억3000만원" in decoded.text


def test_crlf_and_nfd_are_normalised_to_the_same_id():
    import unicodedata

    nfd_crlf = unicodedata.normalize("NFD", TEXT).replace("\n", "\r\n")
    assert decode_document(nfd_crlf.encode("utf-8")).doc_id == decode_document(TEXT.encode("utf-8")).doc_id


def test_form_feed_becomes_a_line_break():
    decoded = decode_document("첫 줄\x0c둘째 줄".encode())
    assert decoded.text.split("\n") == ["첫 줄", "둘째 줄"]
    assert decoded.line_count == 2


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "a.txt", "empty file"),
        (b"  \n\t\n", "a.txt", "empty file: only whitespace"),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "report.pdf",
            "corrupt PDF: truncated (no %%EOF at the end of the file)",
        ),
        (b"%PDF-1.4 renamed", "report.txt", "corrupt PDF: truncated (no %%EOF at the end of the file)"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "report.hwp",
            "corrupt HWP: the compound file cannot be opened (not an OLE2 structured storage file)",
        ),
        (
            b"PK\x03\x04" + b"\x00" * 50,
            "report.hwpx",
            "corrupt HWPX: not a readable zip archive (File is not a zip file)",
        ),
        (b"PK\x03\x04" + b"\x00" * 50, "bundle.zip", "unsupported format: zip"),
        (
            "<!DOCTYPE html><html><body>서울</body></html>".encode(),
            "page.txt",
            "HTML page with no article text",
        ),
        ("본문".encode(), "page.html", "HTML page with no article text"),
        (b"PK\x03\x04" + b"\x00" * 50, "report.docx", "unsupported format: docx"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "scan.txt", "unsupported format: png"),
    ],
)
def test_refusals_have_reasons(data, name, reason):
    with pytest.raises(RejectedInput) as exc:
        decode_document(data, name)
    assert str(exc.value) == reason


def test_binary_with_nul_bytes():
    with pytest.raises(RejectedInput, match="binary file"):
        decode_document(bytes(range(256)) * 4, "blob.txt")


def test_control_characters_are_binary():
    with pytest.raises(RejectedInput, match="binary file: too many control characters"):
        decode_document(("\x01\x02\x03\x04abc" * 100).encode(), "blob.txt")


def test_undecodable_bytes():
    # valid in neither UTF-8 nor CP949: 0xFF is never a lead byte in either
    with pytest.raises(RejectedInput, match=r"undecodable: not UTF-8, UTF-16 \(with BOM\) or CP949/EUC-KR"):
        decode_document("서울시 정보화".encode() + b"\xff\xfe\xff" + "사업".encode(), "x.txt")
