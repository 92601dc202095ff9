"""HWPX (한글 OWPML, KS X 6101) reader: a zip of XML parts, one `Contents/sectionN.xml` per section.

A section is a list of `hp:p` paragraphs; a paragraph's `hp:run`s hold text (`hp:t`, with `hp:tab`
and `hp:lineBreak` inside), tables (`hp:tbl` > `hp:tr` > `hp:tc`, each cell placed by its
`hp:cellAddr` and `hp:cellSpan`, its text in `hp:subList` paragraphs) and other objects. The
namespace URIs changed between versions (2011, 2016, 2024), so elements are matched by local name.

The zip and its XML are untrusted: members are read with a cap on their decompressed size, a
DOCTYPE is refused before any entity can be declared, and external resources are never fetched.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from orchestration.ingest.decode import RejectedInput
from orchestration.ingest.formats.model import Block, Paragraph, SourceDocument, TableBlock, compose

DEFAULT_MAX_MEMBER = 200 * 1024 * 1024  # one XML part, decompressed
DEFAULT_MAX_TOTAL = 400 * 1024 * 1024  # all parts read, decompressed
MAX_ENTRIES = 10_000
MAX_NESTING = 16  # tables in cells in tables ...: real documents use 2 or 3
MAX_TABLE_SLOTS = 2_000_000  # rows x columns of one table

MIMETYPE = "application/hwp+zip"
_SECTION_NAME = re.compile(r"(?:^|/)section(\d+)\.xml$", re.IGNORECASE)
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,  # a compression method zipfile lacks
    RuntimeError,  # zipfile's "password required"
    ValueError,
    KeyError,
    struct.error,
    UnicodeDecodeError,
)
# Inline characters of `hp:t` (their tails carry on the text)
_INLINE_TEXT = {"tab": "\t", "lineBreak": "\n", "nbSpace": " ", "fwSpace": " ", "hyphen": "-"}
# Objects whose paragraphs (text boxes, captions) are read as text after the paragraph holding them
_DRAWINGS = frozenset(
    {"rect", "ellipse", "arc", "polygon", "curve", "connectLine", "line", "container", "pic", "ole", "video"}
)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _DoctypeRefused(Exception):
    pass


class _SafeBuilder(ET.TreeBuilder):
    """Stops the parse at a DOCTYPE: OWPML has none, and it is where entity bombs and external
    entities are declared."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _DoctypeRefused(name)


def parse_xml(data: bytes, name: str) -> ET.Element:
    """One XML part as an element tree, refusing a DOCTYPE and malformed XML with its name."""
    parser = ET.XMLParser(target=_SafeBuilder())
    try:
        parser.feed(data)
        return parser.close()
    except _DoctypeRefused:
        raise RejectedInput(
            f"unsafe HWPX: {name} declares a DOCTYPE (entity declarations are refused)"
        ) from None
    except ET.ParseError as exc:
        raise RejectedInput(f"corrupt HWPX: {name} is not well-formed XML ({exc})") from None


@dataclass
class _Package:
    """The zip with its read budget: every member read counts against the file's total."""

    zf: zipfile.ZipFile
    max_member: int
    max_total: int
    read_so_far: int = 0
    names: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.names = frozenset(self.zf.namelist())

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str, cap: int | None = None) -> bytes:
        """A member's bytes; never more than the caps is inflated (the sizes the zip states may lie)."""
        try:
            info = self.zf.getinfo(name)
        except KeyError:
            raise RejectedInput(f"corrupt HWPX: {name} is missing") from None
        if info.flag_bits & 0x1:
            raise RejectedInput("encrypted HWPX: password-protected, cannot be read")
        per_member = min(self.max_member, cap or self.max_member)
        limit = min(per_member, self.max_total - self.read_so_far)
        try:
            with self.zf.open(info) as member:
                data = member.read(limit + 1)
        except _ZIP_ERRORS as exc:
            raise RejectedInput(f"corrupt HWPX: {name} cannot be read ({short_cause(exc)})") from None
        if len(data) > limit:
            if limit == per_member:
                raise RejectedInput(f"too large once decompressed: {name} exceeds {megabytes(per_member)}")
            raise RejectedInput(
                f"too large once decompressed: {name} takes the file past {megabytes(self.max_total)} in all"
            )
        self.read_so_far += len(data)
        return data


def megabytes(size: int) -> str:
    return f"{size / (1 << 20):g} MB" if size >= 1 << 20 else f"{size} bytes"


def short_cause(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def read_hwpx(
    data: bytes, *, max_member: int = DEFAULT_MAX_MEMBER, max_total: int = DEFAULT_MAX_TOTAL
) -> SourceDocument:
    """The text and tables of an HWPX file, section by section (`구역 N`)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except _ZIP_ERRORS as exc:
        raise RejectedInput(f"corrupt HWPX: not a readable zip archive ({short_cause(exc)})") from None
    if len(infos) > MAX_ENTRIES:
        raise RejectedInput(f"corrupt HWPX: {len(infos)} zip entries (more than {MAX_ENTRIES})")
    with zf:
        package = _Package(zf, max_member, max_total)
        _check_package(package)
        hpf_name, hpf = _content_hpf(package)
        title = _title(hpf) if hpf is not None else None
        sections = _section_names(package, hpf_name, hpf)
        if not sections:
            raise RejectedInput("unsupported format: zip archive that is not HWPX (no Contents/section0.xml)")
        blocks: list[Block] = []
        skipped: dict[str, int] = {}
        for number, name in enumerate(sections, start=1):
            root = parse_xml(package.read(name), name)
            if _local(root.tag) != "sec":
                skipped["parts that are not sections"] = skipped.get("parts that are not sections", 0) + 1
                continue
            context = Context(where=f"구역 {number}")
            blocks.extend(_paragraph_blocks(_children(root, "p"), context, 0))
            end_section(context, blocks, skipped)
    return compose(blocks, "hwpx", title=title, notes=left_out(skipped))


def end_section(context: Context, blocks: list[Block], skipped: dict[str, int]) -> None:
    """A section read: its notes (footnotes, endnotes) after its body, what it left out counted."""
    blocks.extend(context.notes)
    for what, count in context.skipped.items():
        skipped[what] = skipped.get(what, 0) + count


def left_out(skipped: dict[str, int]) -> tuple[str, ...]:
    return tuple(f"{count} {what} left out" for what, count in sorted(skipped.items()))


def _check_package(package: _Package) -> None:
    """Refuse another zip format, and an encrypted document, before reading its sections."""
    names = package.names
    if "mimetype" in names:
        mimetype = package.read("mimetype", cap=1024).decode("ascii", "replace").strip()
        if mimetype != MIMETYPE:
            raise RejectedInput(f"unsupported format: zip archive of {mimetype[:60]!r}, not HWPX")
    if "META-INF/manifest.xml" in names:
        manifest = parse_xml(package.read("META-INF/manifest.xml"), "META-INF/manifest.xml")
        if any(_local(e.tag) == "encryption-data" for e in manifest.iter()):
            raise RejectedInput("encrypted HWPX: password-protected, cannot be read")


def _content_hpf(package: _Package) -> tuple[str | None, ET.Element | None]:
    """The package document (manifest and spine), where META-INF/container.xml points or its usual place."""
    name = None
    if package.has("META-INF/container.xml"):
        container = parse_xml(package.read("META-INF/container.xml"), "META-INF/container.xml")
        for rootfile in container.iter():
            path = rootfile.get("full-path", "")
            if _local(rootfile.tag) == "rootfile" and path.lower().endswith(".hpf") and package.has(path):
                name = path
                break
    if name is None and package.has("Contents/content.hpf"):
        name = "Contents/content.hpf"
    if name is None:
        return None, None
    return name, parse_xml(package.read(name), name)


def _title(hpf: ET.Element) -> str | None:
    for element in hpf.iter():
        if _local(element.tag) == "title" and element.text and element.text.strip():
            return " ".join(element.text.split())
    return None


def _section_names(package: _Package, hpf_name: str | None, hpf: ET.Element | None) -> list[str]:
    """Section parts in reading order: the spine's, else every `sectionN.xml` by number."""
    names = package.names
    if hpf is not None:
        base = posixpath.dirname(hpf_name or "")
        items: dict[str, str] = {}
        for element in hpf.iter():
            if _local(element.tag) == "item" and element.get("id") and element.get("href"):
                items[element.get("id", "")] = element.get("href", "")
        ordered: list[str] = []
        for element in hpf.iter():
            if _local(element.tag) != "itemref":
                continue
            href = items.get(element.get("idref", ""), "")
            if not _SECTION_NAME.search(href):
                continue  # header.xml and other parts listed in the spine
            for candidate in (href, posixpath.normpath(posixpath.join(base, href))):
                if candidate in names and candidate not in ordered:
                    ordered.append(candidate)
                    break
        if ordered:
            return ordered
    found = [
        (int(m.group(1)), n) for n in names if (m := _SECTION_NAME.search(n)) and n.startswith("Contents/")
    ]
    return [n for _, n in sorted(found)]


@dataclass
class Context:
    """What one section's walk collects besides its blocks (shared with the HWP reader)."""

    where: str
    notes: list[Block] = field(default_factory=list)  # footnote and endnote text, placed at the end
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, what: str) -> None:
        self.skipped[what] = self.skipped.get(what, 0) + 1


@dataclass
class ParagraphOut:
    """One source paragraph as blocks (shared with the HWP reader): its text gathers until an
    object anchored in it (a table, a text box) closes it, and a paragraph with neither text nor
    objects is a blank line of the source."""

    where: str
    blocks: list[Block] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    objects: bool = False

    def flush(self) -> None:
        joined = "".join(self.text)
        self.text.clear()
        if joined.strip():
            self.blocks.append(Paragraph(joined, self.where))

    def add_objects(self, blocks: list[Block]) -> None:
        self.objects = True
        if blocks:
            self.flush()
            self.blocks.extend(blocks)

    def done(self) -> list[Block]:
        rest = "".join(self.text)
        self.flush()
        if not self.blocks and not self.objects:
            self.blocks.append(Paragraph(rest, self.where))  # empty, or spaces only
        return self.blocks


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((child for child in element if _local(child.tag) == name), None)


def _paragraph_blocks(paragraphs: list[ET.Element], context: Context, depth: int) -> list[Block]:
    blocks: list[Block] = []
    for para in paragraphs:
        blocks.extend(_one_paragraph(para, context, depth))
    return blocks


def _one_paragraph(para: ET.Element, context: Context, depth: int) -> list[Block]:
    """A paragraph as blocks in reading order: its text, split where a table is anchored."""
    out = ParagraphOut(context.where)
    for item in _unswitched(para):
        if _local(item.tag) == "run":
            for child in _unswitched(item):
                _run_item(child, context, depth, out)
    return out.done()


def _unswitched(element: ET.Element) -> Iterator[ET.Element]:
    """Children, with an `hp:switch` replaced by its first branch (`hp:case`, else `hp:default`):
    the branches are alternatives of one content, reading all would repeat it."""
    for child in element:
        if _local(child.tag) != "switch":
            yield child
            continue
        branch = _child(child, "case")
        if branch is None:
            branch = _child(child, "default")
        if branch is not None:
            yield from _unswitched(branch)


def _run_item(item: ET.Element, context: Context, depth: int, out: ParagraphOut) -> None:
    kind = _local(item.tag)
    if kind == "t":
        out.text.append(_t_text(item))
    elif kind in _INLINE_TEXT:
        out.text.append(_INLINE_TEXT[kind])
    elif kind == "ctrl":
        _ctrl(item, context, depth, out.text)
    elif kind == "tbl":
        if depth >= MAX_NESTING:
            context.skip(f"tables nested deeper than {MAX_NESTING} levels")
            return
        table = _table(item, context, depth + 1)
        out.add_objects([table] if table is not None else [])
    elif kind == "equation":
        context.skip("equations")
    elif kind in _DRAWINGS:
        if depth >= MAX_NESTING:
            context.skip(f"objects nested deeper than {MAX_NESTING} levels")
            return
        inner = [
            b
            for sub in _sublists(item)
            for b in _paragraph_blocks(_children(sub, "p"), context, depth + 1)
            if isinstance(b, TableBlock) or b.text.strip()
        ]
        out.add_objects(inner)
    elif kind == "dutmal":  # text with ruby: the main text is the text
        main = _child(item, "mainText")
        if main is not None and main.text:
            out.text.append(main.text)


def _t_text(t: ET.Element) -> str:
    parts = [t.text or ""]
    for child in t:
        parts.append(_INLINE_TEXT.get(_local(child.tag), ""))
        parts.append(child.tail or "")
    return "".join(parts)


def _ctrl(ctrl: ET.Element, context: Context, depth: int, text: list[str]) -> None:
    for item in ctrl:
        kind = _local(item.tag)
        if kind == "autoNum":
            if item.get("num"):
                text.append(item.get("num", ""))
        elif kind in ("footNote", "endNote"):
            if depth >= MAX_NESTING:
                context.skip(f"notes nested deeper than {MAX_NESTING} levels")
                continue
            for sub in _sublists(item):
                context.notes.extend(_paragraph_blocks(_children(sub, "p"), context, depth + 1))
        elif kind in ("header", "footer"):
            context.skip("header/footer texts")
        elif kind == "hiddenComment":
            context.skip("hidden comments")


def _sublists(element: ET.Element) -> Iterator[ET.Element]:
    """The outermost `hp:subList`s under an element, in document order (a subList's own nested
    lists belong to the objects inside it)."""
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif _local(child.tag) == "subList":
            yield child
        elif len(stack) < 64:
            stack.append(iter(child))


@dataclass(frozen=True)
class Cell:
    """A table cell where the file places it (shared with the HWP reader)."""

    row: int
    col: int
    row_span: int
    col_span: int
    header: bool  # marked as a header cell (제목 셀)
    text: str


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _table(tbl: ET.Element, context: Context, depth: int) -> Block | None:
    """An `hp:tbl`: its caption and cells, placed by `hp:cellAddr` (or in order when a writer
    left the address out)."""
    caption_el = _child(tbl, "caption")
    caption = None
    if caption_el is not None:
        parts = [
            flatten(_paragraph_blocks(_children(sub, "p"), context, depth)) for sub in _sublists(caption_el)
        ]
        caption = " ".join(p for p in parts if p) or None
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    for row_index, tr in enumerate(_children(tbl, "tr")):
        next_col = 0
        for tc in _children(tr, "tc"):
            addr, span = _child(tc, "cellAddr"), _child(tc, "cellSpan")
            col_span = max(_int(span.get("colSpan") if span is not None else None, 1), 1)
            row_span = max(_int(span.get("rowSpan") if span is not None else None, 1), 1)
            if addr is not None:
                row, col = _int(addr.get("rowAddr"), row_index), _int(addr.get("colAddr"), next_col)
            else:  # no address (some writers): the next free slot of this row
                row, col = row_index, next_col
                while (row, col) in taken:
                    col += 1
            if row < 0 or col < 0:
                raise RejectedInput(f"corrupt HWPX: a table cell claims row {row}, column {col}")
            if row_span * col_span <= 64:
                taken.update((row + r, col + c) for r in range(row_span) for c in range(col_span))
            next_col = col + col_span
            texts = [flatten(_paragraph_blocks(_children(sub, "p"), context, depth)) for sub in _sublists(tc)]
            cells.append(
                Cell(
                    row,
                    col,
                    row_span,
                    col_span,
                    tc.get("header") in ("1", "true"),
                    " ".join(t for t in texts if t),
                )
            )
    declared = (_int(tbl.get("rowCnt"), 0), _int(tbl.get("colCnt"), 0))
    return table_block(cells, declared, caption, context.where, "HWPX")


def table_block(
    cells: list[Cell], declared: tuple[int, int], caption: str | None, where: str, fmt: str
) -> Block | None:
    """Cells as a grid (a merged cell's text in its top-left slot, the slots it spans left empty);
    a table with no text in any cell is only its caption, as a paragraph (a form left blank)."""
    if not any(c.text for c in cells):
        return Paragraph(caption, where) if caption else None
    n_rows = max(declared[0], *(c.row + 1 for c in cells))
    n_cols = max(declared[1], *(c.col + 1 for c in cells))
    if n_rows * n_cols > MAX_TABLE_SLOTS:
        raise RejectedInput(f"corrupt {fmt}: a table claims {n_rows} x {n_cols} cells")
    grid = [[""] * n_cols for _ in range(n_rows)]
    for cell in cells:
        slot = grid[cell.row][cell.col]
        grid[cell.row][cell.col] = f"{slot} {cell.text}".strip() if slot else cell.text
    return TableBlock(
        rows=tuple(tuple(row) for row in grid), header_rows=_header_rows(cells), caption=caption, where=where
    )


def _header_rows(cells: list[Cell]) -> int:
    """Leading rows whose every cell is marked as a header cell (with the rows their cells span);
    1 when the file marks none (the usual case: most writers leave the mark off)."""
    by_row: dict[int, list[Cell]] = {}
    for cell in cells:
        by_row.setdefault(cell.row, []).append(cell)
    end = row = 0
    while True:
        anchored = by_row.get(row)
        if anchored is None:  # a row wholly covered by cells spanning from above
            if row >= end:
                break
        elif all(c.header for c in anchored):
            end = max(end, row + 1, *(c.row + c.row_span for c in anchored))
        else:
            break
        row += 1
    return end or 1


def flatten(blocks: list[Block]) -> str:
    """Blocks as one line of text (a cell's paragraphs, a nested table, a caption)."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            if block.caption:
                parts.append(block.caption)
            parts.extend(cell for row in block.rows for cell in row if cell)
    return " ".join(" ".join(p.split()) for p in parts if p.strip())
