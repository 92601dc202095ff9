"""HWP 5.x (한글 binary) reader: an OLE compound file whose BodyText/SectionN streams hold records.

Each section stream is a flat list of records (tag, nesting level, payload), raw-deflated when the
FileHeader says so. A paragraph is a PARA_HEADER with its PARA_TEXT (UTF-16LE with inline control
characters) and one CTRL_HEADER per object it anchors; a table is a 'tbl ' control whose records
are its caption list, the TABLE record and one LIST_HEADER per cell followed by the cell's
paragraphs. We read text and tables only: layout, shapes and images are ignored.

Reference: Hancom's "HWP 5.0 file format" (revision 1.3) and the parsers built on it (pyhwp,
hwplib, rhwp), checked against real files.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import olefile

from orchestration.ingest.decode import RejectedInput
from orchestration.ingest.formats.hwpx import (
    Cell,
    Context,
    ParagraphOut,
    end_section,
    flatten,
    left_out,
    megabytes,
    short_cause,
    table_block,
)
from orchestration.ingest.formats.model import Block, SourceDocument, TableBlock, compose

# Decompressed section bytes allowed for one file: a few-MB document inflates to tens of MB at most.
DEFAULT_MAX_INFLATED = 400 * 1024 * 1024
_CHUNK = 1 << 20  # inflate this much at a time, so the cap is checked before memory is spent
MAX_NESTING = 16  # lists inside lists (a cell's table's cell ...): real documents use 2 or 3

_SIGNATURE = b"HWP Document File"

# FileHeader property bits (HWP 5.0 spec, table 3)
_COMPRESSED = 1 << 0
_PASSWORD = 1 << 1
_DISTRIBUTION = 1 << 2
_DRM = 1 << 4
_CERT_ENCRYPTED = 1 << 8
_CERT_DRM = 1 << 10

_BEGIN = 0x10
PARA_HEADER = _BEGIN + 50
PARA_TEXT = _BEGIN + 51
CTRL_HEADER = _BEGIN + 55
LIST_HEADER = _BEGIN + 56
TABLE = _BEGIN + 61

# Control ids as stored (a little-endian u32 of four ASCII letters, hence reversed)
_TBL = b" lbt"
_AUTO_NUMBER = b"onta"
_FOOTNOTE = b"  nf"
_ENDNOTE = b"  ne"
_HEADER = b"daeh"
_FOOTER = b"toof"
_HIDDEN_COMMENT = b"tmct"
_EQUATION = b"deqe"
_DRAWING = b" osg"  # every drawing object: shapes, text boxes, pictures, groups

# PARA_TEXT: code units 0..31 are controls. These take one code unit; all others take eight (the
# control code, a 4-byte control id or parameters, and the code again).
_ONE_UNIT = frozenset({0, 10, 13, *range(24, 32)})
# Of the eight-unit ones, these anchor an object with its own CTRL_HEADER record ("extended").
_EXTENDED = frozenset({1, 2, 3, 11, 12, 14, 15, 16, 17, 18, 21, 22, 23})
_CONTROL = re.compile(rb"[\x00-\x1f]\x00")
_CHAR_TEXT = {10: "\n", 24: "-", 30: " ", 31: " "}  # line break, hyphen, non-breaking and fixed spaces


@dataclass(slots=True)
class _Record:
    tag: int
    level: int
    data: bytes
    children: list[_Record] = field(default_factory=list)


def read_hwp(data: bytes, *, max_inflated: int = DEFAULT_MAX_INFLATED) -> SourceDocument:
    """The text and tables of an HWP 5 file, section by section (`구역 N`)."""
    if data.startswith(_SIGNATURE):
        raise RejectedInput("unsupported format: HWP 3.x document (only HWP 5 files are read)")
    if not data.startswith(olefile.MAGIC):
        raise RejectedInput("corrupt HWP: not an OLE compound file (no compound-file signature)")
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises many kinds on damaged input (OSError, struct, Index...)
        raise RejectedInput(f"corrupt HWP: the compound file cannot be opened ({short_cause(exc)})") from None
    with ole:
        flags = _file_flags(ole)
        sections = _section_streams(ole)
        title = _title(ole)
        budget = max_inflated
        blocks: list[Block] = []
        skipped: dict[str, int] = {}
        for number, name in sections:
            raw = _stream(ole, name)
            if flags & _COMPRESSED:
                try:
                    body = inflate(raw, budget, what=f"section {number + 1}")
                except RejectedInput as exc:
                    # over what the sections before it left of the file's cap: say so
                    if budget < max_inflated and str(exc).startswith("too large"):
                        raise RejectedInput(
                            f"too large once decompressed: section {number + 1} takes the file past "
                            f"{megabytes(max_inflated)} in all"
                        ) from None
                    raise
                budget -= len(body)
            else:
                body = raw
            context = Context(where=f"구역 {number + 1}")
            blocks.extend(_section_blocks(parse_records(body), context))
            end_section(context, blocks, skipped)
    return compose(blocks, "hwp", title=title, notes=left_out(skipped))


def _stream(ole: olefile.OleFileIO, name: str) -> bytes:
    try:
        with ole.openstream(name) as stream:
            return stream.read()
    except Exception as exc:
        raise RejectedInput(f"corrupt HWP: stream {name} cannot be read ({short_cause(exc)})") from None


def _file_flags(ole: olefile.OleFileIO) -> int:
    """The FileHeader's property bits, refusing what is not an HWP 5 document or cannot be read."""
    if not ole.exists("FileHeader"):
        raise RejectedInput("unsupported format: OLE compound file that is not HWP")
    header = _stream(ole, "FileHeader")
    if len(header) < 40 or not header.startswith(_SIGNATURE):  # olefile reads a cut-off stream as zeros
        raise RejectedInput("corrupt HWP: FileHeader has no HWP signature (damaged or cut short)")
    version, flags = struct.unpack_from("<II", header, 32)
    if version >> 24 != 5:
        raise RejectedInput(f"unsupported format: HWP version {version >> 24} (only HWP 5 files are read)")
    if flags & (_PASSWORD | _CERT_ENCRYPTED):
        raise RejectedInput("encrypted HWP: password-protected, cannot be read")
    if flags & _DISTRIBUTION:
        raise RejectedInput("distribution-protected HWP (배포용 문서): cannot be read")
    if flags & (_DRM | _CERT_DRM):
        raise RejectedInput("DRM-protected HWP: cannot be read")
    return flags


def _section_streams(ole: olefile.OleFileIO) -> list[tuple[int, str]]:
    found = []
    for path in ole.listdir(streams=True, storages=False):
        if len(path) == 2 and path[0] == "BodyText" and (m := re.fullmatch(r"Section(\d+)", path[1])):
            found.append((int(m.group(1)), "/".join(path)))
    if not found:
        raise RejectedInput("corrupt HWP: no BodyText section")
    return sorted(found)


def _title(ole: olefile.OleFileIO) -> str | None:
    """The title of the document properties (파일 > 문서 정보), when there is one; a damaged
    property set costs the title only."""
    name = "\x05HwpSummaryInformation"
    if not ole.exists(name):
        return None
    try:
        with ole.openstream(name) as stream:
            data = stream.read(1 << 20)
    except Exception:
        return None
    return summary_title(data)


def summary_title(data: bytes) -> str | None:
    """PIDSI_TITLE (2) of an OLE property set stream, read with every offset checked.

    Not olefile's getproperties: version 0.47 reads a Unicode string's length from the wrong
    offset, and trusts a vector's element count, looping for minutes on a damaged stream.
    """
    try:
        (section,) = struct.unpack_from("<I", data, 44)  # after the 28-byte header and the FMTID
        _, count = struct.unpack_from("<II", data, section)
        for k in range(min(count, 1024)):
            prop_id, offset = struct.unpack_from("<II", data, section + 8 + 8 * k)
            if prop_id != 2:
                continue
            at = section + offset
            (kind,) = struct.unpack_from("<I", data, at)
            (length,) = struct.unpack_from("<I", data, at + 4)
            if kind & 0xFFFF == 0x1F:  # VT_LPWSTR: UTF-16 characters, with the terminating NUL
                raw = data[at + 8 : at + 8 + 2 * min(length, 4096)]
                value = raw.decode("utf-16le", "replace")
            elif kind & 0xFFFF == 0x1E:  # VT_LPSTR: bytes in the set's code page (CP949 here)
                value = data[at + 8 : at + 8 + min(length, 8192)].decode("cp949", "replace")
            else:
                return None
            return " ".join(value.split("\x00", 1)[0].split()) or None
    except struct.error:
        return None
    return None


def inflate(raw: bytes, limit: int = DEFAULT_MAX_INFLATED, *, what: str = "section") -> bytes:
    """Raw-deflate data, refusing more than `limit` bytes of output (a bomb is stopped early)."""
    inflater = zlib.decompressobj(-15)
    parts: list[bytes] = []
    total = 0
    pending = raw
    try:
        while True:
            chunk = inflater.decompress(pending, _CHUNK)
            total += len(chunk)
            if total > limit:
                raise RejectedInput(f"too large once decompressed: {what} exceeds {megabytes(limit)}")
            parts.append(chunk)
            pending = inflater.unconsumed_tail
            if inflater.eof or (not pending and len(chunk) < _CHUNK):
                break
    except zlib.error as exc:
        raise RejectedInput(f"corrupt HWP: {what} does not decompress ({short_cause(exc)})") from None
    if not inflater.eof:
        raise RejectedInput(f"corrupt HWP: {what} is cut short (its compressed data ends early)")
    return b"".join(parts)


def parse_records(data: bytes) -> list[_Record]:
    """The records of a section as a tree: each record under the nearest shallower one before it."""
    roots: list[_Record] = []
    stack: list[_Record] = []
    pos, end = 0, len(data)
    while pos < end:
        if pos + 4 > end:
            raise RejectedInput("corrupt HWP: a record header is cut short")
        (head,) = struct.unpack_from("<I", data, pos)
        pos += 4
        tag, level, size = head & 0x3FF, (head >> 10) & 0x3FF, head >> 20
        if size == 0xFFF:
            if pos + 4 > end:
                raise RejectedInput("corrupt HWP: a record header is cut short")
            (size,) = struct.unpack_from("<I", data, pos)
            pos += 4
        if pos + size > end:
            raise RejectedInput("corrupt HWP: a record is cut short")
        record = _Record(tag, level, data[pos : pos + size])
        pos += size
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(record)
        stack.append(record)
    return roots


def paragraph_text(data: bytes) -> list[str | bytes]:
    """PARA_TEXT as text pieces and, for each extended control, its 4-byte control id (as stored).

    Control characters never reach the text: an 8-unit control is skipped whole (reading it as
    text gives `捤獥汤捯`), a tab becomes a tab and a line break a newline.
    """
    out: list[str | bytes] = []
    pos, end = 0, len(data) - len(data) % 2
    start = 0
    while True:
        m = _CONTROL.search(data, pos, end)
        if m is None:
            break
        i = m.start()
        if i % 2:  # the match straddles two code units: not a control
            pos = i + 1
            continue
        if i > start:
            out.append(data[start:i].decode("utf-16le", "replace"))
        code = data[i]
        if code in _ONE_UNIT:
            if code in _CHAR_TEXT:
                out.append(_CHAR_TEXT[code])
            pos = start = i + 2
            continue
        if code == 9:
            out.append("\t")
        elif code in _EXTENDED:
            out.append(bytes(data[i + 2 : i + 6]))
        pos = start = min(i + 16, end)
    if start < end:
        out.append(data[start:end].decode("utf-16le", "replace"))
    return out


def _lists(records: list[_Record]) -> Iterator[tuple[_Record, list[_Record]]]:
    """Each LIST_HEADER among `records` with the paragraphs that follow it (its list)."""
    current: tuple[_Record, list[_Record]] | None = None
    for record in records:
        if record.tag == LIST_HEADER:
            if current:
                yield current
            current = (record, [])
        elif record.tag == PARA_HEADER and current:
            current[1].append(record)
        elif record.tag != PARA_HEADER and current:
            yield current
            current = None
    if current:
        yield current


def _nested_lists(records: list[_Record], depth: int = 0) -> Iterator[list[_Record]]:
    """The paragraph lists anywhere inside a drawing object (text boxes, grouped shapes, captions)."""
    yield from (paras for _, paras in _lists(records))
    if depth < MAX_NESTING:
        for record in records:
            if record.tag not in (LIST_HEADER, PARA_HEADER) and record.children:
                yield from _nested_lists(record.children, depth + 1)


def _section_blocks(roots: list[_Record], context: Context) -> list[Block]:
    paragraphs = [r for r in roots if r.tag == PARA_HEADER]
    return _paragraph_blocks(paragraphs, context, 0)


def _paragraph_blocks(paragraphs: list[_Record], context: Context, depth: int) -> list[Block]:
    """A list of paragraphs as blocks in reading order: text, and tables where they are anchored."""
    blocks: list[Block] = []
    for para in paragraphs:
        blocks.extend(_one_paragraph(para, context, depth))
    return blocks


def _one_paragraph(para: _Record, context: Context, depth: int) -> list[Block]:
    text_record = next((r for r in para.children if r.tag == PARA_TEXT), None)
    pieces = paragraph_text(text_record.data) if text_record else []
    controls = [r for r in para.children if r.tag == CTRL_HEADER]
    used = [False] * len(controls)

    def control_for(ctrl_id: bytes) -> _Record | None:
        for k, ctrl in enumerate(controls):
            if not used[k] and ctrl.data[:4] == ctrl_id:
                used[k] = True
                return ctrl
        return None

    out = ParagraphOut(context.where)
    for piece in pieces:
        if isinstance(piece, str):
            out.text.append(piece)
        elif (ctrl := control_for(piece)) is not None:
            _control(ctrl, context, depth, out)
    for k, ctrl in enumerate(controls):  # anchored without a mark in the text (not seen in practice)
        if not used[k]:
            _control(ctrl, context, depth, out)
    return out.done()


def _control(ctrl: _Record, context: Context, depth: int, out: ParagraphOut) -> None:
    """One anchored object: its text goes into the paragraph (auto numbers) or after it (tables)."""
    kind = ctrl.data[:4]
    if kind == _AUTO_NUMBER:
        if len(ctrl.data) >= 10:
            out.text.append(str(struct.unpack_from("<H", ctrl.data, 8)[0]))
        return
    if kind in (_HEADER, _FOOTER):
        context.skip("header/footer texts")
        return
    if kind in (_HIDDEN_COMMENT, _EQUATION):
        context.skip("hidden comments" if kind == _HIDDEN_COMMENT else "equations")
        return
    if kind not in (_FOOTNOTE, _ENDNOTE, _TBL, _DRAWING):
        return  # section and column definitions, fields, bookmarks, page numbers: no text of their own
    if depth >= MAX_NESTING:
        context.skip(f"objects nested deeper than {MAX_NESTING} levels")
        return
    if kind in (_FOOTNOTE, _ENDNOTE):
        for _, paras in _lists(ctrl.children):
            context.notes.extend(_paragraph_blocks(paras, context, depth + 1))
    elif kind == _TBL:
        table = _table(ctrl, context, depth + 1)
        out.add_objects([table] if table is not None else [])
    else:  # drawing objects (text boxes, grouped shapes, pictures with captions): their text, in order
        inner = [
            b for paras in _nested_lists(ctrl.children) for b in _paragraph_blocks(paras, context, depth + 1)
        ]
        out.add_objects([b for b in inner if isinstance(b, TableBlock) or b.text.strip()])


def _table(ctrl: _Record, context: Context, depth: int) -> Block | None:
    """A 'tbl ' control: the caption list before its TABLE record, the cell lists after it."""
    children = ctrl.children
    at = next((k for k, r in enumerate(children) if r.tag == TABLE), None)
    if at is None:
        return None
    body = children[at].data
    if len(body) < 8:
        raise RejectedInput("corrupt HWP: a table record is cut short")
    declared_rows, declared_cols = struct.unpack_from("<HH", body, 4)
    caption_parts = [flatten(_paragraph_blocks(paras, context, depth)) for _, paras in _lists(children[:at])]
    caption = " ".join(p for p in caption_parts if p) or None
    cells: list[Cell] = []
    for header, paras in _lists(children[at + 1 :]):
        if len(header.data) < 16:
            raise RejectedInput("corrupt HWP: a table cell record is cut short")
        (prop,) = struct.unpack_from("<I", header.data, 4)
        col, row, col_span, row_span = struct.unpack_from("<HHHH", header.data, 8)
        texts = [flatten(_paragraph_blocks([p], context, depth)) for p in paras]
        cells.append(
            Cell(
                row=row,
                col=col,
                row_span=max(row_span, 1),
                col_span=max(col_span, 1),
                header=bool(prop & (1 << 18)),  # 제목 셀 (hwplib/rhwp: list-header bit 18)
                text=" ".join(t for t in texts if t),
            )
        )
    return table_block(cells, (declared_rows, declared_cols), caption, context.where, "HWP")
