"""Limits that hold on the whole file: NUL bytes and control characters anywhere refuse it, and
UTF-16 without a byte-order mark is read as UTF-16 rather than refused as binary (issue 14, item 8)."""

from __future__ import annotations

import codecs

import pytest

from orchestration.ingest.decode import RejectedInput, decode_document
from tests.conftest import seed_text

TEXT = seed_text("000")
FIRST_64K = "가나다라 마바사 아자차카 타파하\n" * 4000  # about 72,000 characters, all text


def test_a_nul_byte_after_the_first_64_kib_refuses_the_file():
    data = FIRST_64K.encode("utf-8") + b"\x00\x00\x00\x00" + "끝\n".encode()
    assert len(FIRST_64K.encode("utf-8")) > 65536
    with pytest.raises(RejectedInput, match=r"^binary file: contains NUL bytes"):
        decode_document(data)


def test_control_characters_after_the_first_64_kib_count():
    # 8,000 control characters in 80,000: 10 %, far above the 1 % that text ever has
    data = (FIRST_64K + "\x01\x02\x03\x04" * 2000).encode("utf-8")
    with pytest.raises(RejectedInput, match=r"^binary file: too many control characters"):
        decode_document(data)


def test_a_few_control_characters_in_a_long_text_are_tolerated():
    decoded = decode_document((FIRST_64K + "\x07" * 10).encode("utf-8"))
    assert decoded.encoding == "utf-8"


@pytest.mark.parametrize(("codec", "encoding"), [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")])
def test_utf16_without_a_byte_order_mark_is_detected(codec: str, encoding: str):
    decoded = decode_document(TEXT.encode(codec), "article.txt")
    assert decoded.encoding == encoding
    assert decoded.doc_id == decode_document(TEXT.encode("utf-8")).doc_id
    assert decoded.text.startswith("데일리투머로우")


def test_a_short_ascii_line_in_utf16_without_bom_is_detected():
    decoded = decode_document("Seoul ICT plan 2021\n".encode("utf-16-le"))
    assert (decoded.encoding, decoded.text) == ("utf-16-le", "Seoul ICT plan 2021\n")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,  # NULs, even length, decodes as UTF-16 into noise
        b"\x00\x01" * 3000,  # one repeated code point, no spacing at all
        bytes(range(256)) * 8 + b"\x00",  # odd length: not UTF-16
    ],
)
def test_binary_with_nul_bytes_stays_binary(data: bytes):
    with pytest.raises(
        RejectedInput, match=r"^binary file: contains NUL bytes and no UTF-16 byte-order mark"
    ):
        decode_document(data)


def test_utf16_with_bom_is_unchanged():
    decoded = decode_document(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"))
    assert decoded.encoding == "utf-16"
