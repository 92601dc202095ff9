"""Bytes -> Unicode text, or a reason why not.

Korean public files come as UTF-8 (with or without BOM), UTF-16 (with or without BOM), or
CP949/EUC-KR text, or as PDF, HWP 5, HWPX and saved web pages, which their readers (formats/) turn
into text lines plus tables of cells. Other formats (images, archives, Office files) are refused
with a reason rather than decoded into garbage. Every check looks at the whole file: a binary tail
after a page of text is still binary.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace

from orchestration.ingest.formats import READERS, read_source
from orchestration.ingest.formats.model import SourceDocument


class RejectedInput(Exception):
    """The bytes cannot become a document; the message is the recorded reason."""


@dataclass(frozen=True)
class DecodedText:
    text: str  # NFC, newlines normalised to \n, no BOM
    encoding: str
    doc_id: str  # sha256 of the normalised text: the same text in two encodings is one document
    source: SourceDocument | None = None  # how a PDF, HWP, HWPX or HTML file laid the text out

    @property
    def source_format(self) -> str:
        return self.source.format if self.source is not None else "txt"

    @property
    def content_key(self) -> str:
        return content_key(self.text)

    @property
    def line_count(self) -> int:
        return count_lines(self.text)


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "hwp"),  # OLE2 compound file: HWP 5 (also old .doc/.xls)
    (b"HWP Document File", "hwp"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf", "7z"),
    (b"Rar!", "rar"),
)
_ZIP_MAGIC = b"PK\x03\x04"
_EXTENSION_FORMATS = {
    ".pdf": "pdf",
    ".hwp": "hwp",
    ".hwpx": "hwpx",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".doc": "doc",
    ".xls": "xls",
    ".zip": "zip",
}
# Names a document file has: a directory named so is listed as a refusal, not walked into.
KNOWN_SUFFIXES = frozenset({".txt", ".text", *_EXTENSION_FORMATS})


def sniff_format(data: bytes, filename: str = "") -> str | None:
    """The binary or markup format of a file, from magic bytes or extension; None for plain text."""
    head = data[:64]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    lower = filename.lower()
    if head.startswith(_ZIP_MAGIC):
        if lower.endswith(".hwpx") or b"hwpml" in data[:4096].lower():
            return "hwpx"
        for ext in (".docx", ".xlsx"):
            if lower.endswith(ext):
                return ext[1:]
        return "zip"
    for ext, name in _EXTENSION_FORMATS.items():
        if lower.endswith(ext):
            return name
    stripped = data[:1024].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if stripped.startswith((b"<!doctype html", b"<html")):
        return "html"
    return None


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:  # the whole file: memchr, fast even at the size limit
        found = _utf16_without_bom(data)
        if found is None:
            raise RejectedInput("binary file: contains NUL bytes and no UTF-16 byte-order mark")
        return found
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError:
        raise RejectedInput(
            f"undecodable: not UTF-8, UTF-16 (with BOM) or CP949/EUC-KR (first invalid UTF-8 byte at offset {utf8_error})"
        ) from None


# What a Korean public document is written in: ASCII, Latin-1, general punctuation, arrows, math,
# enclosed numbers, box drawing and shapes (□ ○ ▶ △), CJK punctuation, Hangul, CJK ideographs,
# fullwidth forms. Binary read as UTF-16 lands all over the code space and has no spacing.
_NOT_TEXT_RANGES = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\xff\u2000-\u22ff\u2460-\u27bf\u3000-\u33ff"
    "\u1100-\u11ff\uac00-\ud7a3\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)


def _looks_like_text(text: str, *, chunk: int = 1 << 20) -> bool:
    """Nearly every character in a script such documents use, and spaces or line breaks between
    words (counted without copying: the text may be 100 million characters)."""
    n = len(text)
    if not n:
        return False
    spacing = sum(text.count(c) for c in " \t\n\u3000")
    if spacing < 0.02 * n:
        return False
    allowed_off = 0.02 * n
    off = 0
    for i in range(0, n, chunk):
        off += len(_NOT_TEXT_RANGES.findall(text, i, i + chunk))
        if off > allowed_off:
            return False
    return True


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 written without a byte-order mark (some Windows exports): ASCII characters put a NUL
    in every other byte, on the odd side for little-endian, the even side for big-endian."""
    if len(data) % 2:
        return None
    odd_nuls, even_nuls = data[1::2].count(0), data[0::2].count(0)
    order = ("utf-16-le", "utf-16-be") if odd_nuls >= even_nuls else ("utf-16-be", "utf-16-le")
    for codec in order:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, codec
    return None


# Control characters other than line breaks and tabs, private-use and surrogate code points: text
# has almost none, binary decoded as text has many.
_NON_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ud800-\udfff]")


def _control_ratio(text: str, *, chunk: int = 1 << 20) -> float:
    """The share of non-text characters in the whole text, counted a chunk at a time (bounded memory)."""
    if not text:
        return 0.0
    found = sum(len(_NON_TEXT.findall(text, i, i + chunk)) for i in range(0, len(text), chunk))
    return found / len(text)


# Every character str.splitlines() breaks on becomes \n, so line numbers agree everywhere.
_LINE_BREAKS = str.maketrans({c: "\n" for c in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def normalise_text(text: str) -> str:
    """NFC and \\n newlines: the form every extractor and the doc_id see."""
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS)
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", text)


def count_lines(text: str) -> int:
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_WHITESPACE = re.compile(r"\s+")


def content_key(text: str) -> str:
    """The same document in every format: its words in order, whatever the spacing and line breaks
    a format gives them (a PDF's text layer, a table's cells joined by tabs, a page's paragraphs)."""
    return hashlib.sha256(_WHITESPACE.sub("", text).encode("utf-8")).hexdigest()


def decode_document(data: bytes, filename: str = "") -> DecodedText:
    """Decode a file's bytes into a document, or raise RejectedInput with the reason."""
    if not data:
        raise RejectedInput("empty file")
    fmt = sniff_format(data, filename)
    if fmt in READERS:
        return _read_formatted(data, fmt)
    if fmt is not None:
        raise RejectedInput(f"unsupported format: {fmt}")
    text, encoding = _decode(data)
    text = normalise_text(text)
    if not text.strip():
        raise RejectedInput("empty file: only whitespace")
    if _control_ratio(text) > 0.01:
        raise RejectedInput("binary file: too many control characters for text")
    return DecodedText(text=text, encoding=encoding, doc_id=content_id(text))


def _read_formatted(data: bytes, fmt: str) -> DecodedText:
    """A PDF, HWP, HWPX or HTML file through its reader: the text it lays out is normalised like any
    text (so line numbers and the doc_id are those of the stored text)."""
    try:
        source = read_source(data, fmt)
    except RejectedInput:
        raise
    except Exception as exc:  # a reader's bug on one file is that file's reason, never the run's
        raise RejectedInput(f"unreadable {fmt}: {type(exc).__name__}: {str(exc)[:200]}") from None
    text = normalise_text(source.text)
    if not text.strip():
        raise RejectedInput(f"no text: the {fmt} file holds no readable text")
    if text != source.text:  # normalising never adds or removes a line: tables stay on their lines
        source = replace(source, text=text)
    encoding = f"{fmt}+ocr" if source.ocr else fmt
    return DecodedText(text=text, encoding=encoding, doc_id=content_id(text), source=source)
