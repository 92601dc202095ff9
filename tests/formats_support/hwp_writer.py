"""HWP 5 files built record by record: the builders the HWP reader's tests use, and our own
plain-text documents written as HWP 5 (`hwp_bytes`), as hwpx_writer does for HWPX.

An HWP 5 file is an OLE compound file (`compound_file`) whose `FileHeader` stream names the
format and its flags (`file_header`) and whose `BodyText/SectionN` streams hold records (`rec`: tag,
nesting level, payload), raw-deflated when the header's flag 1 says so (`deflate`, `hwp_file`). A
paragraph is a PARA_HEADER with a PARA_TEXT (`para`: UTF-16LE text, `t`, with inline control
characters, `ext`, `TAB`, `LINE_BREAK` ...) and one CTRL_HEADER per object it anchors (`ctrl`); a
table is a 'tbl ' control holding its caption list, a TABLE record and one LIST_HEADER per cell
followed by the cell's paragraphs (`table`, `cell`, `paragraph_list`).

`hwp_bytes(text, title)` lays a text out as `hwpx_bytes` does: every line a paragraph; a run of
consecutive lines holding tabs (a table flattened with tabs, one line per row) becomes one table
with a cell per tab-separated field, its first row's cells marked as header cells (제목 셀); a unit
line such as `(단위: 천원)` stays a paragraph above its table. The records follow the HWP 5.0
specification: a compressed FileHeader and one section whose first paragraph carries the section
and column definitions, paragraph headers with their character counts and control masks, a
character-shape record per paragraph, tables with their layout, row and cell sizes; the title in
`\x05HwpSummaryInformation` (an OLE property set, PIDSI_TITLE); a `PrvText` preview (cells in `<>`,
as in the real files). What is left out: a DocInfo stream (fonts, shapes, styles), which no reader
here uses (Hangul itself is not expected to open these files), and the mini stream of the compound
file (`compound_file` pads every stream to 4,096 bytes, which readers take as trailing zeros).
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

from orchestration.ingest.formats.hwp import CTRL_HEADER, LIST_HEADER, PARA_HEADER, PARA_TEXT, TABLE

# --- builders: a compound file, records, paragraphs, controls, tables ---------------------------------

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (version 3, 512-byte sectors) holding `streams` ('Name' or
    'Storage/Name'). Streams are padded to 4096 bytes so that all sit in regular sectors."""
    entries: list[dict] = [{"name": "Root Entry", "type": 5, "kids": []}]
    storages: dict[str, int] = {}
    for path, data in streams.items():
        parent = 0
        if "/" in path:
            storage = path.split("/")[0]
            if storage not in storages:
                storages[storage] = len(entries)
                entries[0]["kids"].append(len(entries))
                entries.append({"name": storage, "type": 1, "kids": []})
            parent = storages[storage]
        entries[parent]["kids"].append(len(entries))
        entries.append({"name": path.split("/")[-1], "type": 2, "kids": [], "data": data.ljust(4096, b"\0")})
    body, fat = bytearray(), []
    for entry in entries:
        if entry["type"] == 2:
            data = entry["data"] + b"\0" * (-len(entry["data"]) % 512)
            entry["start"], count = len(fat), len(data) // 512
            fat += [*range(len(fat) + 1, len(fat) + count), _END]
            body += data
    for entry in entries:  # children chained through right-sibling pointers (a valid, if lopsided, tree)
        kids = entry["kids"]
        entry["child"] = kids[0] if kids else _FREE
        for k, kid in enumerate(kids):
            entries[kid]["right"] = kids[k + 1] if k + 1 < len(kids) else _FREE
    directory = bytearray()
    for entry in entries:
        name = entry["name"].encode("utf-16le") + b"\0\0"
        directory += name.ljust(64, b"\0") + struct.pack("<HBB", len(name), entry["type"], 1)
        directory += struct.pack("<III", _FREE, entry.get("right", _FREE), entry["child"]) + b"\0" * 36
        directory += struct.pack("<IQ", entry.get("start", _END), len(entry.get("data", b"")))
    directory += b"\0" * (-len(directory) % 512)
    dir_start = len(fat)
    fat += [*range(dir_start + 1, dir_start + len(directory) // 512), _END]
    body += directory
    n_fat = 1
    while len(fat) + n_fat > n_fat * 128:
        n_fat += 1
    fat_start = len(fat)
    fat += [_FAT] * n_fat
    fat += [_FREE] * (n_fat * 128 - len(fat))
    body += struct.pack(f"<{len(fat)}I", *fat)
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    header += b"\0" * 6 + struct.pack("<IIII", 0, n_fat, dir_start, 0)
    header += struct.pack("<IIIII", 4096, _END, 0, _END, 0)
    header += struct.pack("<109I", *[fat_start + k for k in range(n_fat)], *[_FREE] * (109 - n_fat))
    return bytes(header + body)


def file_header(flags: int = 1, version: int = 0x05000107) -> bytes:
    return (b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", version, flags)).ljust(256, b"\0")


def deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def hwp_file(*sections: bytes, flags: int = 1) -> bytes:
    streams = {"FileHeader": file_header(flags)}
    for k, section in enumerate(sections):
        # compound_file pads small streams with zeros, which are not whole records: a stored section
        # is filled up to 4096 bytes with a record of a tag no reader uses instead
        stored = section + rec(0x3FF, 0, b"\0" * max(0, 4096 - len(section)))
        streams[f"BodyText/Section{k}"] = deflate(section) if flags & 1 else stored
    return compound_file(streams)


def rec(tag: int, level: int, payload: bytes = b"") -> bytes:
    if len(payload) >= 0xFFF:
        return struct.pack("<II", tag | level << 10 | 0xFFF << 20, len(payload)) + payload
    return struct.pack("<I", tag | level << 10 | len(payload) << 20) + payload


def t(text: str) -> bytes:
    return text.encode("utf-16le")


def ext(code: int, ctrl_id: str) -> bytes:
    """An 8-unit control character naming its control (ids are stored as little-endian u32)."""
    return struct.pack("<H", code) + ctrl_id.encode("ascii")[::-1] + b"\0" * 8 + struct.pack("<H", code)


TAB = struct.pack("<H", 9) + b"\x10\x0f\0\0\0\0\0\0\0\0\0\0" + struct.pack("<H", 9)  # width etc. inside
FIELD_END = struct.pack("<H", 4) + b"\0" * 12 + struct.pack("<H", 4)
LINE_BREAK, NBSP, END = struct.pack("<H", 10), struct.pack("<H", 30), struct.pack("<H", 13)


def para(level: int, content: bytes = b"", *controls: bytes) -> bytes:
    text = rec(PARA_TEXT, level + 1, content + END) if content else b""
    return rec(PARA_HEADER, level, b"\0" * 22) + text + b"".join(controls)


def ctrl(level: int, ctrl_id: str, payload: bytes = b"", *children: bytes) -> bytes:
    return rec(CTRL_HEADER, level, ctrl_id.encode("ascii")[::-1] + payload) + b"".join(children)


def paragraph_list(level: int, *paras: bytes, prop: int = 0, extra: bytes = b"") -> bytes:
    return rec(LIST_HEADER, level, struct.pack("<HHI", len(paras), 0, prop) + extra) + b"".join(paras)


def table(level: int, rows: int, cols: int, cells: list[tuple], caption: bytes = b"") -> bytes:
    """A 'tbl ' control at `level`; cells are (row, col, row_span, col_span, header, [paragraphs])."""
    out = ctrl(level, "tbl ", b"\0" * 40)
    if caption:
        out += paragraph_list(level + 1, caption, extra=struct.pack("<I", 2) + b"\0" * 10)
    out += rec(TABLE, level + 1, struct.pack("<IHH", 0, rows, cols) + b"\0" * 18)
    for row, col, row_span, col_span, header, paras in cells:
        address = struct.pack("<HHHH", col, row, col_span, row_span) + b"\0" * 18
        out += paragraph_list(level + 1, *paras, prop=(1 << 18) if header else 0, extra=address)
    return out


def cell(row: int, col: int, text: str, *, span: tuple[int, int] = (1, 1), header: bool = False) -> tuple:
    return (row, col, span[0], span[1], header, [para(2, t(text))])


# --- our plain-text documents as HWP 5 ------------------------------------------------------------

PARA_CHAR_SHAPE = PARA_TEXT + 1
COMPRESSED = 1  # FileHeader flag: sections are raw-deflated
TEXT_WIDTH = 42520  # A4's text width with the default margins (HWPUNIT), as in hwpx_writer
ROW_HEIGHT = 1800
CELL_MARGINS = (510, 510, 141, 141)  # left, right, top, bottom
HEADER_CELL = 1 << 18  # LIST_HEADER property of a cell: 제목 셀
_TBL_CODE, _SECTION_CODE = 11, 2  # the control characters anchoring a table, a section/column definition
# Code units a paragraph's text cannot carry: they would be read as control characters
_CONTROL = re.compile("[\x00-\x1f]")
# FMTID of HwpSummaryInformation, {9FA2B660-1061-11D4-B4C6-006097C09D8C}, as stored
_SUMMARY_FMTID = bytes.fromhex("60B6A29F6110D411B4C6006097C09D8C")


def _text(text: str) -> bytes:
    return t(_CONTROL.sub("", text))


def _paragraph(level: int, content: bytes, *controls: bytes) -> bytes:
    """A paragraph as Hangul writes it: PARA_HEADER (characters with the end mark, a bit per control
    character used), PARA_TEXT when it has any, one character shape from position 0, its controls."""
    units = struct.unpack(f"<{len(content) // 2}H", content)
    mask = 0
    k = 0
    while k < len(units):  # the controls here take 8 units; text never holds a unit below 32
        if units[k] < 32:
            mask |= 1 << units[k]
            k += 8
        else:
            k += 1
    header = struct.pack("<IIHBBHHHI", len(units) + 1, mask, 0, 0, 0, 1, 0, 0, 0)
    out = rec(PARA_HEADER, level, header)
    if content:
        out += rec(PARA_TEXT, level + 1, content + END)
    out += rec(PARA_CHAR_SHAPE, level + 1, struct.pack("<II", 0, 0))
    return out + b"".join(controls)


def _section_definitions() -> tuple[bytes, list[bytes]]:
    """What the first paragraph of a section anchors: its section ('secd') and column ('cold')
    definitions (no text of their own; the reader passes over them)."""
    marks = ext(_SECTION_CODE, "secd") + ext(_SECTION_CODE, "cold")
    return marks, [ctrl(1, "secd", b"\0" * 32), ctrl(1, "cold", struct.pack("<HHH", 0x1004, 1134, 0))]


def _table(rows: list[list[str]]) -> bytes:
    """A 'tbl ' control at level 1 (anchored in a body paragraph): the table's size and layout, the
    TABLE record (rows, columns, cells per row) and a cell list per field, row 0 marked header."""
    n_rows, n_cols = len(rows), max(len(row) for row in rows)
    width = TEXT_WIDTH // n_cols
    # common object properties: attributes, offsets, size, z-order, outer margins, instance id,
    # page-break prevention, description length. The attributes: placed relative to the paragraph
    # (vertically) and the column, flowing with the text, absolute width and height, text above and
    # below it only, numbered as a table (표 N).
    attributes = 2 << 3 | 2 << 8 | 1 << 13 | 4 << 15 | 2 << 18 | 1 << 21 | 2 << 26
    common = struct.pack(
        "<IiiIIi4hIiH", attributes, 0, 0, width * n_cols, ROW_HEIGHT * n_rows, 0, *(283,) * 4, 0, 0, 0
    )
    # split across pages at cell boundaries, header row repeated; cell spacing, inner margins
    layout = struct.pack("<IHHH4H", 2 | 1 << 2, n_rows, n_cols, 0, *CELL_MARGINS)
    layout += struct.pack(f"<{n_rows}H", *(n_cols,) * n_rows) + struct.pack("<HH", 2, 0)
    out = ctrl(1, "tbl ", common) + rec(TABLE, 2, layout)
    for r, row in enumerate(rows):
        for c in range(n_cols):
            field = row[c] if c < len(row) else ""
            address = struct.pack("<HHHHII4HH", c, r, 1, 1, width, ROW_HEIGHT, *CELL_MARGINS, 2)
            prop = HEADER_CELL if r == 0 else 0
            out += paragraph_list(2, _paragraph(2, _text(field)), prop=prop, extra=address)
    return out


def _blocks(text: str) -> list[str | list[list[str]]]:
    """The text's lines as hwpx_writer lays them out: a line, or a run of tabbed lines as rows."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line starts no paragraph
    blocks: list[str | list[list[str]]] = []
    k = 0
    while k < len(lines):
        if "\t" in lines[k]:
            rows = []
            while k < len(lines) and "\t" in lines[k]:
                rows.append(lines[k].split("\t"))
                k += 1
            blocks.append(rows)
        else:
            blocks.append(lines[k])
            k += 1
    return blocks or [""]


def section_records(text: str) -> bytes:
    """The records of a document's one section (uncompressed): paragraphs, and tables where lines
    hold tabs, each in a paragraph of its own that holds only its anchor."""
    marks, definitions = _section_definitions()
    out = bytearray()
    for k, block in enumerate(_blocks(text)):
        first = marks if k == 0 else b""
        controls = definitions if k == 0 else []
        if isinstance(block, list):
            out += _paragraph(0, first + ext(_TBL_CODE, "tbl "), *controls, _table(block))
        else:
            out += _paragraph(0, first + _text(block), *controls)
    return bytes(out)


def summary_information(title: str) -> bytes:
    """An OLE property set of one section holding the code page (UTF-16) and PIDSI_TITLE."""
    value = title.encode("utf-16le") + b"\0\0"
    length = len(value) // 2  # UTF-16 code units, the NUL included
    value += b"\0" * (-len(value) % 4)
    codepage = struct.pack("<IhH", 0x02, 1200, 0)  # VT_I2 1200, padded to 4 bytes
    title_prop = struct.pack("<II", 0x1F, length) + value  # VT_LPWSTR
    offsets = 8 + 8 * 2
    section = struct.pack("<IIII", 1, offsets, 2, offsets + len(codepage)) + codepage + title_prop
    section = struct.pack("<II", 8 + len(section), 2) + section
    header = struct.pack("<HHI", 0xFFFE, 0, 0x00020006) + b"\0" * 16 + struct.pack("<I", 1)
    return header + _SUMMARY_FMTID + struct.pack("<I", len(header) + 20) + section


def preview_text(text: str) -> str:
    """What Hangul writes as PrvText: paragraphs on lines ending in CR LF, a table's cells in `<>`,
    cut at 1,024 characters."""
    lines = []
    for block in _blocks(text):
        if isinstance(block, list):
            lines.extend("".join(f"<{_CONTROL.sub('', c)}>" for c in row) for row in block)
        else:
            lines.append(_CONTROL.sub("", block))
    return "".join(line + "\r\n" for line in lines)[:1024]


def hwp_bytes(text: str, title: str = "") -> bytes:
    """The HWP 5 file of a text, in memory (see the module docstring for the layout)."""
    streams = {
        "FileHeader": file_header(COMPRESSED),
        "BodyText/Section0": deflate(section_records(text)),
        "PrvText": preview_text(text).encode("utf-16le"),
    }
    if title:
        streams["\x05HwpSummaryInformation"] = summary_information(title)
    return compound_file(streams)


def write_hwp(text: str, path: Path, title: str = "") -> Path:
    """Write `text` as an HWP 5 file at `path`."""
    path = Path(path)
    path.write_bytes(hwp_bytes(text, title))
    return path
