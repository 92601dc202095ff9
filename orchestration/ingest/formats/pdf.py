"""PDF -> SourceDocument: the text layer line by line, ruled tables as rows of cells, OCR for scans.

Why this split of work (figures in the format benchmark, benchmarks/formats_speed.py):
- PDFium (pypdfium2) opens the file, tells an encrypted or corrupt one apart, and gives every
  page's text with its line breaks and each character's box, at hundreds of pages a second. Its text
  is also right where pdfminer's is wrong: Chromium and other Skia-made PDFs map the space glyph
  to U+0001, so pdfminer (under pdfplumber) reads `구\\x01분` or joins words, while PDFium places
  spaces from the glyph gaps.
- The ruling lines of a page come from PDFium's path objects (segments in page space, through form
  XObjects), and pdfplumber's table finder (the edge snapping, joining and cell building of its
  `lines` strategy) turns them into cells. Letting pdfplumber parse the page itself costs ~20x more
  (pdfminer interprets every glyph in Python) for the same cells.
- A cell's text is the PDFium characters whose centres lie in it; the page's other characters
  stay paragraph lines in PDFium's reading order, and each table is placed where its first
  character falls in that order.
Pages without a text layer are read by Tesseract when it is installed (formats/ocr.py).
"""

from __future__ import annotations

import bisect
import ctypes
import io
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber import table as plumber_table
from pdfplumber import utils as plumber_utils

from orchestration.ingest.decode import RejectedInput
from orchestration.ingest.formats import ocr
from orchestration.ingest.formats.model import Block, Paragraph, SourceDocument, TableBlock, compose

MAX_OCR_PAGES = 200  # ~2-10 s a page: a longer scan is read in part, with a note
_TAIL = 4096  # where a complete PDF's last %%EOF must be
_MIN_OBJECTS = 4  # a page of fewer objects has no ruled table of 2x2 cells
_SNAP = 3.0  # pdfplumber's default tolerances (points)
_AXIS = 0.5  # a segment this close to horizontal or vertical is a ruling line
_MAX_DEPTH = 8  # nested form XObjects followed
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_NUMBER = re.compile(r"^[△▲\-+(]?\s*[\d,]+(\.\d+)?\s*[%)]?$")
# PDFium is not thread-safe (pypdfium2's documentation): one document at a time per process
_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class _Table:
    """A ruled table on a page: its box and its grid of cell boxes (None where a cell is merged)."""

    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom (top-down, points)
    rows: tuple[tuple[tuple[float, float, float, float] | None, ...], ...]


def read_pdf(data: bytes) -> SourceDocument:
    """The document in a PDF's bytes, or RejectedInput saying why it cannot be read."""
    _check_container(data)
    with _PDFIUM:
        doc = _open(data)
        try:
            return _read(doc)
        finally:
            doc.close()


def _check_container(data: bytes) -> None:
    if b"%PDF-" not in data[:1024]:
        raise RejectedInput("corrupt PDF: no %PDF header")
    if b"%%EOF" not in data[-_TAIL:]:
        raise RejectedInput("corrupt PDF: truncated (no %%EOF at the end of the file)")


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise RejectedInput("password-protected PDF: cannot be read") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise RejectedInput("password-protected PDF: cannot be read (unsupported encryption)") from exc
        if code == pdfium_c.FPDF_ERR_SUCCESS:
            raise RejectedInput("corrupt PDF: no pages") from exc
        cause = "not a readable PDF structure" if code == pdfium_c.FPDF_ERR_FORMAT else str(exc)
        raise RejectedInput(f"corrupt PDF: {cause}") from exc
    return doc


def _read(doc: pdfium.PdfDocument) -> SourceDocument:
    blocks: list[Block] = []
    notes: list[str] = []
    if pdfium_c.FPDF_GetSecurityHandlerRevision(doc.raw) != -1:
        notes.append("encrypted with an empty user password (permissions only): read without a password")
    scanned: list[int] = []  # pages with marks but no text: scans, or text drawn as outlines
    placeholder: dict[int, int] = {}  # page -> index in blocks where its OCR text goes
    any_text = False
    unmapped = 0  # of the scanned: pages whose text layer is glyph codes without Unicode
    for number in range(1, len(doc) + 1):
        try:
            page = doc[number - 1]
        except pdfium.PdfiumError as exc:
            raise RejectedInput(f"corrupt PDF: page {number} cannot be read") from exc
        try:
            page_blocks, page_notes, kind = _read_page(page, number)
        finally:
            page.close()
        notes.extend(page_notes)
        if kind == "text":
            any_text = True
            blocks.extend(page_blocks)
        elif kind in ("scan", "unmapped"):
            unmapped += kind == "unmapped"
            scanned.append(number)
            placeholder[number] = len(blocks)
            blocks.append(Paragraph("", where=f"p. {number}"))
    if not scanned:
        if not any_text:
            raise RejectedInput("PDF with no text: every page is blank")
        return compose(blocks, "pdf", notes=tuple(notes))
    why = "text layer without a Unicode map" if unmapped == len(scanned) else "no text layer"
    return _with_ocr(doc, blocks, placeholder, scanned, notes, any_text, why)


def _with_ocr(
    doc: pdfium.PdfDocument,
    blocks: list[Block],
    placeholder: dict[int, int],
    scanned: list[int],
    notes: list[str],
    any_text: bool,
    why: str,
) -> SourceDocument:
    """OCR the pages without a text layer into their places, or say why they stay empty."""
    pages = ", ".join(f"p. {n}" for n in scanned)
    missing = ocr.unavailable()
    if missing is not None:
        if not any_text:
            prefix = "scanned PDF" if why == "no text layer" else "unreadable PDF"
            raise RejectedInput(f"{prefix}: {why} ({ocr.INSTALL_HINT})")
        notes.append(f"{why} on {pages} ({missing}; {ocr.INSTALL_HINT}): not read")
        return compose([b for b in blocks if not _is_empty(b)], "pdf", notes=tuple(notes))
    read: list[int] = []
    for count, number in enumerate(scanned):
        if count >= MAX_OCR_PAGES:
            notes.append(f"OCR stopped after {MAX_OCR_PAGES} pages: p. {number} and later not read")
            break
        try:
            text = _ocr_page(doc, number)
        except ocr.OcrFailed as exc:
            notes.append(f"p. {number}: OCR failed ({exc})")
            continue
        if text.strip():
            read.append(number)
            blocks[placeholder[number]] = Paragraph(text, where=f"p. {number}")
    if not read and not any_text:
        raise RejectedInput("scanned PDF: OCR found no text")
    if read and any_text:
        notes.append(f"{why} on {', '.join(f'p. {n}' for n in read)}: read by OCR")
    return compose([b for b in blocks if not _is_empty(b)], "pdf", ocr=bool(read), notes=tuple(notes))


def _is_empty(block: Block) -> bool:
    return isinstance(block, Paragraph) and not block.text.strip()


def _ocr_page(doc: pdfium.PdfDocument, number: int) -> str:
    page = doc[number - 1]
    try:
        image = page.render(scale=ocr.DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        page.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # uncompressed PGM: Tesseract reads it; PNG would cost ~0.5 s
    return _clean_lines(ocr.image_to_text(buffer.getvalue()))


def _read_page(page: pdfium.PdfPage, number: int) -> tuple[list[Block], list[str], str]:
    """The page's blocks in reading order, notes, and its kind: text, scan (marks but no text, to
    OCR), unmapped (glyph codes for text, to OCR) or blank."""
    where = f"p. {number}"
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        if not _CONTROL.sub("", text).strip():
            return [], [], "scan" if _has_marks(page) else "blank"
        if _unmapped(text):
            return [], [f"{where}: text layer without a Unicode map (private-use glyph codes)"], "unmapped"
        notes: list[str] = []
        tables: list[_Table] = []
        try:
            tables = _find_tables(page)
        except Exception as exc:  # a table layout is a bonus: the page's text is read all the same
            notes.append(f"{where}: tables not detected ({type(exc).__name__}: {exc}); read as text lines")
        if not tables:
            return [Paragraph(_clean_lines(text), where=where)], notes, "text"
        return _layout(textpage, text, tables, page.get_height(), where), notes, "text"
    finally:
        textpage.close()


def _unmapped(text: str) -> bool:
    """Most characters are private-use codes or U+FFFD: a font embedded without its Unicode map
    (seen in PDFs exported from HWP), whose text is noise that only OCR can read."""
    marks = [ch for ch in text if not ch.isspace()]
    odd = sum(1 for ch in marks if "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd")
    return len(marks) >= 20 and odd > 0.3 * len(marks)


def _has_marks(page: pdfium.PdfPage) -> bool:
    return pdfium_c.FPDFPage_CountObjects(page.raw) > 0


def _clean_lines(text: str) -> str:
    """PDFium's text as lines: \\r\\n breaks, no control characters, composed Hangul (NFC)."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", "\n".join(line.rstrip() for line in text.split("\n")))


# --- ruling lines -> tables ---------------------------------------------------------------------


def _find_tables(page: pdfium.PdfPage) -> list[_Table]:
    """Ruled tables of at least 2x2 cells, from the page's path segments."""
    if pdfium_c.FPDFPage_CountObjects(page.raw) < _MIN_OBJECTS:
        return []
    height = page.get_height()
    edges = list(_edges(page.raw, height))
    if len(edges) < 4:
        return []
    edges = plumber_utils.filter_edges(edges, min_length=1)
    edges = plumber_table.merge_edges(edges, _SNAP, _SNAP, _SNAP, _SNAP)
    edges = plumber_utils.filter_edges(edges, min_length=3)
    intersections = plumber_table.edges_to_intersections(edges, _SNAP, _SNAP)
    cells = plumber_table.intersections_to_cells(intersections)
    found = []
    for group in plumber_table.cells_to_tables(cells):
        grid = plumber_table.Table(None, group)
        rows = tuple(tuple(row.cells) for row in grid.rows)
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            found.append(_Table(bbox=grid.bbox, rows=rows))
    return sorted(found, key=lambda t: (t.bbox[1], t.bbox[0]))


def _edges(page_raw: object, height: float) -> Iterator[dict]:
    """Horizontal and vertical segments of every path on the page, top-down, as pdfplumber edges."""
    for obj, matrix in _path_objects(page_raw):
        yield from _path_edges(obj, matrix, height)


def _path_objects(page_raw: object) -> Iterator[tuple[object, tuple[float, ...]]]:
    """Path objects with their matrix to page space, following form XObjects."""
    stack: list[tuple[object, bool, tuple[float, ...], int]] = [(page_raw, True, (1, 0, 0, 1, 0, 0), 0)]
    while stack:
        container, is_page, outer, depth = stack.pop()
        count = (
            pdfium_c.FPDFPage_CountObjects(container)
            if is_page
            else pdfium_c.FPDFFormObj_CountObjects(container)
        )
        for i in range(count):
            obj = (
                pdfium_c.FPDFPage_GetObject(container, i)
                if is_page
                else pdfium_c.FPDFFormObj_GetObject(container, i)
            )
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                yield obj, _matrix(obj, outer)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
                stack.append((obj, False, _matrix(obj, outer), depth + 1))


def _matrix(obj: object, outer: tuple[float, ...]) -> tuple[float, ...]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return outer
    a, b, c, d, e, f = outer
    # the object's matrix, then the outer one (PDF row-vector convention)
    return (
        m.a * a + m.b * c,
        m.a * b + m.b * d,
        m.c * a + m.d * c,
        m.c * b + m.d * d,
        m.e * a + m.f * c + e,
        m.e * b + m.f * d + f,
    )


def _path_edges(obj: object, matrix: tuple[float, ...], height: float) -> Iterator[dict]:
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    start: tuple[float, float] | None = None
    current: tuple[float, float] | None = None
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (x.value * a + y.value * c + e, x.value * b + y.value * d + f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or current is None:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            yield from _edge(current, point, height)
        current = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            yield from _edge(current, start, height)
            current = start


def _edge(p: tuple[float, float], q: tuple[float, float], height: float) -> Iterator[dict]:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= _AXIS and abs(x1 - x0) > _AXIS:
        left, right = min(x0, x1), max(x0, x1)
        top = height - (y0 + y1) / 2
        yield {"x0": left, "x1": right, "top": top, "bottom": top, "width": right - left, "height": 0.0,
               "orientation": "h", "object_type": "line"}  # fmt: skip
    elif abs(x0 - x1) <= _AXIS and abs(y1 - y0) > _AXIS:
        top, bottom = height - max(y0, y1), height - min(y0, y1)
        x = (x0 + x1) / 2
        yield {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
               "orientation": "v", "object_type": "line"}  # fmt: skip


# --- characters -> paragraph lines and cells ----------------------------------------------------


def _layout(
    textpage: pdfium.PdfTextPage, text: str, tables: list[_Table], height: float, where: str
) -> list[Block]:
    """Paragraph lines and tables in the page's reading order (PDFium's character order).

    A table takes the place of its first character; a character whose centre is in a cell joins
    that cell; a space or line break PDFium generated goes with the character before it.
    """
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    if len(text) != count:  # a character outside the BMP: one index, two UTF-16 units
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))
    locate = [_cell_locator(t) for t in tables]
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    cells: list[dict[tuple[int, int], list[str]]] = [{} for _ in tables]
    order: list[Paragraph | int] = []  # paragraphs, and the index of a table where it starts
    lines: list[str] = []
    line: list[str] = []
    owner, key = -1, None

    def flush() -> None:
        if line:
            lines.append("".join(line))
            line.clear()
        if lines:
            order.append(Paragraph(_clean_lines("\n".join(lines)), where=where))
            lines.clear()

    for i, ch in enumerate(text):
        if not ch.isspace() and pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top):
            x, y = (left.value + right.value) / 2, height - (bottom.value + top.value) / 2
            owner, key = -1, None
            for t, table in enumerate(tables):
                x0, y0, x1, y1 = table.bbox
                if x0 <= x <= x1 and y0 <= y <= y1:
                    owner, key = t, locate[t](x, y)
                    break
        if ch in "\r\n":
            if ch == "\n" and line:
                lines.append("".join(line))
                line.clear()
            if owner >= 0 and key is not None:
                cells[owner].setdefault(key, []).append(" ")
            continue
        if owner < 0:
            line.append(ch)
            continue
        if owner not in order:
            flush()
            order.append(owner)
        if key is not None:
            cells[owner].setdefault(key, []).append(ch)
    flush()
    return [
        item if isinstance(item, Paragraph) else _table_block(tables[item], cells[item], where)
        for item in order
    ]


def _cell_locator(table: _Table) -> Callable[[float, float], tuple[int, int] | None]:
    """(x, y) -> (row, column) of the cell holding the point, None between cells."""
    boxes = [(r, c, box) for r, row in enumerate(table.rows) for c, box in enumerate(row) if box is not None]
    row_tops = [next((b[1] for b in row if b is not None), 0.0) for row in table.rows]

    def locate(x: float, y: float) -> tuple[int, int] | None:
        r = bisect.bisect_right(row_tops, y) - 1
        if 0 <= r < len(table.rows):  # the usual case: the cell starts on the row the point is in
            for c, box in enumerate(table.rows[r]):
                if box is not None and box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                    return r, c
        for rr, c, box in boxes:  # merged across rows: starts on a row above
            if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                return rr, c
        return None

    return locate


def _table_block(table: _Table, cells: dict[tuple[int, int], list[str]], where: str) -> TableBlock:
    rows = tuple(
        tuple("".join(cells.get((r, c), ())).strip() for c in range(len(row)))
        for r, row in enumerate(table.rows)
    )
    rows = tuple(tuple(unicodedata.normalize("NFC", _CONTROL.sub("", cell)) for cell in row) for row in rows)
    return TableBlock(rows=rows, header_rows=_header_rows(rows), where=where)


def _header_rows(rows: tuple[tuple[str, ...], ...]) -> int:
    """Leading rows with no figure in them (a two-line header under merged cells counts 2), at least 1."""
    count = 0
    for row in rows[:-1]:
        if any(_NUMBER.match(cell) for cell in row if cell) or not any(row):
            break
        count += 1
    return max(1, min(count, 3))
