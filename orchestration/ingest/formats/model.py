"""One document model for every source format.

A reader (pdf, hwp, hwpx, html) turns a file into blocks in reading order: paragraphs and tables,
each saying where it sits (`p. 3`, `구역 1`). `compose` lays them out as the document's text — one
line per paragraph line and one line per table row, cells joined by tabs — so that every record
keeps a line number for provenance, and keeps each table as rows of cells with its header rows
and unit, so that extractors read cells where the source has them instead of guessing them back
out of a flattened line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

# `(단위 : 천원)`, `단위: 백만원, %` (the first money or count unit named)
_UNIT = re.compile(r"단\s*위\s*[:：]?\s*(천원|백만원|억원|만원|조원|원|명|건|개|%)")
_SPACE = re.compile(r"[ \t\u00a0\u3000]+")


@dataclass(frozen=True)
class Paragraph:
    text: str  # may hold line breaks of the source
    where: str = ""  # `p. 3` (PDF page), `구역 1` (HWP section), '' where the format has none


@dataclass(frozen=True)
class TableBlock:
    rows: tuple[tuple[str, ...], ...]  # every row's cells, header rows first; merged cells repeated or ''
    header_rows: int = 1
    caption: str | None = None
    where: str = ""


Block = Paragraph | TableBlock


@dataclass(frozen=True)
class SourceTable:
    """A table of the source as the document's text places it: row i is on line `line_start + i`."""

    rows: tuple[tuple[str, ...], ...]
    header_rows: int
    unit: str | None  # from the table's caption, the line above it, or a cell that states it
    caption: str | None
    where: str
    line_start: int

    @property
    def line_end(self) -> int:
        return self.line_start + len(self.rows) - 1


@dataclass(frozen=True)
class SourceDocument:
    text: str
    format: str  # pdf | hwp | hwpx | html
    tables: tuple[SourceTable, ...] = ()
    # (first line, location): where each page or section starts, in line order
    locations: tuple[tuple[int, str], ...] = ()
    ocr: bool = False  # the text was recognised from page images
    title: str | None = None  # what the file itself says (an HTML page's meta tags)
    published: str | None = None  # ISO date
    publisher: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)  # what the reader skipped and why

    @property
    def layout(self) -> Layout:
        return Layout(self.tables, self.locations, self.notes)


def clean_cell(text: str) -> str:
    """A cell as one line: its own line breaks and runs of spaces become single spaces."""
    return _SPACE.sub(" ", " ".join(text.splitlines())).strip()


def unit_of(caption: str | None, above: str | None, rows: tuple[tuple[str, ...], ...]) -> str | None:
    for text in (caption, above, *(" ".join(r) for r in rows[:2])):
        if text and (m := _UNIT.search(text)):
            return m.group(1)
    return None


def compose(
    blocks: list[Block],
    fmt: str,
    *,
    ocr: bool = False,
    title: str | None = None,
    published: str | None = None,
    publisher: str | None = None,
    notes: tuple[str, ...] = (),
) -> SourceDocument:
    """Lay blocks out as text lines and place every table and location on its lines."""
    lines: list[str] = []
    tables: list[SourceTable] = []
    locations: list[tuple[int, str]] = []

    def at(where: str) -> None:
        if where and (not locations or locations[-1][1] != where):
            locations.append((len(lines) + 1, where))

    for block in blocks:
        if isinstance(block, Paragraph):
            at(block.where)
            # splitlines breaks where the stored text will (decode.normalise_text): tables keep their lines
            lines.extend(line.rstrip() for line in block.text.splitlines() or [""])
            continue
        rows = tuple(tuple(clean_cell(c) for c in row) for row in block.rows)
        rows = tuple(r for r in rows if any(r))
        if not rows:
            continue
        at(block.where)
        above = next((line for line in reversed(lines[-3:]) if line.strip()), None)
        if block.caption:
            lines.append(clean_cell(block.caption))
        tables.append(
            SourceTable(
                rows=rows,
                header_rows=min(block.header_rows, len(rows)),
                unit=unit_of(block.caption, above, rows),
                caption=clean_cell(block.caption) if block.caption else None,
                where=block.where,
                line_start=len(lines) + 1,
            )
        )
        lines.extend("\t".join(row) for row in rows)  # empty trailing cells keep their columns
    while lines and not lines[-1].strip():
        lines.pop()
    text = "\n".join(lines) + ("\n" if lines else "")
    return SourceDocument(
        text=text,
        format=fmt,
        tables=tuple(tables),
        locations=tuple(locations),
        ocr=ocr,
        title=title,
        published=published,
        publisher=publisher,
        notes=notes,
    )


def layout_json(doc: SourceDocument) -> str:
    """What the text alone does not say — tables as cells, pages or sections, reader notes — as
    stored beside the text (raw.documents.layout)."""
    return json.dumps(
        {
            "tables": [
                {
                    "rows": [list(r) for r in t.rows],
                    "header_rows": t.header_rows,
                    "unit": t.unit,
                    "caption": t.caption,
                    "where": t.where,
                    "line_start": t.line_start,
                }
                for t in doc.tables
            ],
            "locations": [list(loc) for loc in doc.locations],
            "notes": list(doc.notes),
        },
        ensure_ascii=False,
    )


@dataclass(frozen=True)
class Layout:
    """A stored document's layout, read back: what provenance names beside a line number."""

    tables: tuple[SourceTable, ...] = ()
    locations: tuple[tuple[int, str], ...] = ()
    notes: tuple[str, ...] = ()

    def location_of(self, line: int) -> str:
        found = ""
        for first, where in self.locations:
            if first > line:
                break
            found = where
        return found

    def table_at(self, line: int) -> tuple[int, SourceTable] | None:
        """(table number from 1, table) of the table whose rows include this line."""
        for n, table in enumerate(self.tables, start=1):
            if table.line_start <= line <= table.line_end:
                return n, table
        return None

    def place(self, line: int) -> str:
        """`p. 3 · 표 2, 4행`: the page or section of a line and, inside a table, its row (counted
        from the table's first row, header included)."""
        parts = [self.location_of(line)]
        if found := self.table_at(line):
            n, table = found
            parts.append(f"표 {n}, {line - table.line_start + 1}행")
        return " · ".join(p for p in parts if p)


def read_layout(layout: str | dict | None) -> Layout:
    """A stored layout back (the empty layout for a plain-text document)."""
    if not layout:
        return Layout()
    data = json.loads(layout) if isinstance(layout, str) else layout
    tables = tuple(
        SourceTable(
            rows=tuple(tuple(str(c) for c in r) for r in t["rows"]),
            header_rows=int(t["header_rows"]),
            unit=t.get("unit"),
            caption=t.get("caption"),
            where=t.get("where") or "",
            line_start=int(t["line_start"]),
        )
        for t in data.get("tables", [])
    )
    locations = tuple((int(first), str(where)) for first, where in data.get("locations", []))
    return Layout(tables, locations, tuple(str(n) for n in data.get("notes", [])))
