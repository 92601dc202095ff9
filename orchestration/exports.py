"""Every mart to Parquet, CSV or one Excel workbook, for analysts who do not use DuckDB.

Each mart keeps its own columns, names and order; the export only adds columns an analyst would
otherwise join for:

- the readable name beside each id (`program_name` after `program_id`, `department_name` after
  `department_id`, `file_name` after `doc_id`, `program_names` after `program_ids`, ...), unless
  the mart already carries it;
- `source_link`, last: the explorer's absolute URL of the source line a row was read from
  (`<app-url>/Sources?doc=<doc_id>&line=<n>`), empty when the row has no document or no line.

CSV files start with a UTF-8 byte-order mark, so Excel (Korean Windows included) reads Hangul as
UTF-8 instead of the ANSI code page.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.warehouse import connect

DEFAULT_APP_URL = "http://127.0.0.1:8501"  # `ict-warehouse app` / `make app` on this machine
FORMATS = ("parquet", "csv", "xlsx")
# COPY options per format: constants of this module, never user input
COPY_OPTIONS = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "csv": "(FORMAT csv, HEADER true)"}
BOM = b"\xef\xbb\xbf"
WORKBOOK = "marts.xlsx"
XLSX_MAX_ROWS = 1_048_576 - 1  # a sheet's rows, less the header
XLSX_MAX_CELL = 32_767  # characters Excel keeps in one cell


@dataclass(frozen=True)
class Lookup:
    """A readable name added beside an id column: `added` = <dimension>.<name> where <key> = id."""

    added: str
    dimension: str
    key: str
    name: str
    only_in: str | None = None  # the one mart where the id column means this (None: any mart)


LOOKUPS = {
    "program_id": Lookup("program_name", "dim_program", "program_id", "name_ko"),
    "department_id": Lookup("department_name", "dim_department", "department_id", "name_ko"),
    "parent_id": Lookup(
        "parent_name", "dim_department", "department_id", "name_ko", only_in="dim_department"
    ),
    "doc_id": Lookup("file_name", "dim_document", "doc_id", "file_name"),
    "staffing_doc_id": Lookup("staffing_file_name", "dim_document", "doc_id", "file_name"),
}
# a list of program ids (fct_audit_finding.program_ids) gets the list of their names, in order
LIST_LOOKUPS = {"program_ids": ("program_names", "dim_program", "program_id", "name_ko")}
# the document a row's source link opens, and the line: the first of these columns a mart has
DOC_COLUMNS = ("doc_id", "staffing_doc_id")
LINE_COLUMNS = ("line_start", "source_line", "detail_line", "task_line", "staffing_line")
LINE_LIST_COLUMNS = ("lines",)  # a list of lines: the link opens the first


def quote_ident(name: str) -> str:
    """A DuckDB identifier, quoted (names come from the catalog, but may hold any character)."""
    return '"' + name.replace('"', '""') + '"'


def _columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Each marts table's columns, in order."""
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'marts' ORDER BY table_name, ordinal_position"
    ).fetchall()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(table, []).append(column)
    return out


def analyst_query(table: str, marts: dict[str, list[str]], app_url: str) -> tuple[str, list[str]]:
    """The SELECT that exports one mart: its columns, in order, each id followed by the readable
    name it stands for, and `source_link` last. Returns the SQL and its parameters; rows keep the
    mart's own order."""
    columns = marts[table]
    taken = set(columns)
    select: list[str] = []
    joins: list[str] = []

    def has(dimension: str, *cols: str) -> bool:
        return set(cols) <= set(marts.get(dimension, ()))

    for column in columns:
        select.append(f"t.{quote_ident(column)}")
        lookup = LOOKUPS.get(column)
        if (
            lookup
            and lookup.added not in taken
            and (lookup.only_in is None or lookup.only_in == table)
            and not (table == lookup.dimension and column == lookup.key)
            and has(lookup.dimension, lookup.key, lookup.name)
        ):
            alias = f"j{len(joins)}"
            joins.append(
                f"LEFT JOIN marts.{quote_ident(lookup.dimension)} AS {alias} "
                f"ON {alias}.{quote_ident(lookup.key)} = t.{quote_ident(column)}"
            )
            select.append(f"{alias}.{quote_ident(lookup.name)} AS {quote_ident(lookup.added)}")
            taken.add(lookup.added)
        if column in LIST_LOOKUPS:
            added, dimension, key, name = LIST_LOOKUPS[column]
            if added not in taken and has(dimension, key, name):
                ids = f"t.{quote_ident(column)}"
                names = (
                    f"(SELECT list(d.{quote_ident(name)} ORDER BY u.i) "
                    f"FROM (SELECT unnest({ids}) AS id, generate_subscripts({ids}, 1) AS i) AS u "
                    f"LEFT JOIN marts.{quote_ident(dimension)} AS d ON d.{quote_ident(key)} = u.id)"
                )
                # an empty list of ids gets an empty list of names; a missing one, none
                select.append(
                    f"CASE WHEN {ids} IS NOT NULL THEN coalesce({names}, []::VARCHAR[]) END "
                    f"AS {quote_ident(added)}"
                )
                taken.add(added)

    params: list[str] = []
    doc = next((c for c in DOC_COLUMNS if c in columns), None)
    lines = [f"t.{quote_ident(c)}" for c in LINE_COLUMNS if c in columns]
    lines += [f"t.{quote_ident(c)}[1]" for c in LINE_LIST_COLUMNS if c in columns]
    if doc and "source_link" not in taken:
        doc_sql = f"t.{quote_ident(doc)}"
        link = "? || '/Sources?doc=' || url_encode(" + doc_sql + ")"
        if lines:
            line = f"coalesce({', '.join(lines)})" if len(lines) > 1 else lines[0]
            select.append(
                f"CASE WHEN {doc_sql} IS NOT NULL AND {line} IS NOT NULL "
                f"THEN {link} || '&line=' || CAST({line} AS VARCHAR) END AS source_link"
            )
            params.append(app_url)
        elif table == "dim_document" and "status" in columns:
            # the catalog: a link to each document the explorer can show (a rejected file has no text)
            select.append(
                f"CASE WHEN {doc_sql} IS NOT NULL AND t.status <> 'rejected' THEN {link} END AS source_link"
            )
            params.append(app_url)

    # the mart's own row order, whatever the joins do
    source = f"(SELECT *, row_number() OVER () AS __export_row FROM marts.{quote_ident(table)}) AS t"
    sql = f"SELECT {', '.join(select)} FROM {source} {' '.join(joins)} ORDER BY t.__export_row"
    return sql, params


def _check_app_url(app_url: str) -> str:
    url = app_url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
        raise ValueError(f"the app URL must start with http:// or https://, not {app_url!r}")
    return url


def _add_bom(path: Path) -> None:
    """Prefix a CSV file with the UTF-8 byte-order mark, streaming (a mart can be large)."""
    marked = path.with_name(path.name + ".bom")
    with open(path, "rb") as src, open(marked, "wb") as dst:
        dst.write(BOM)
        shutil.copyfileobj(src, dst, 1 << 20)
    os.replace(marked, path)


def _cell(value):
    """A DuckDB value as an Excel cell: lists as DuckDB prints them, text without the control
    characters XLSX cannot hold (and cut at Excel's cell limit), datetimes without a time zone."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, list | tuple):
        return "[" + ", ".join("NULL" if v is None else str(v) for v in value) + "]"
    if isinstance(value, dict):
        return str(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_MAX_CELL]
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _write_workbook(con: duckdb.DuckDBPyConnection, queries: dict[str, tuple[str, list]], path: Path) -> None:
    """One sheet per mart (named after it, at most 31 characters), header row frozen."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    used: set[str] = set()
    for table, (sql, params) in queries.items():
        title = table[:31]
        n = 1
        while title.lower() in used:  # Excel sheet names are unique, ignoring case
            n += 1
            title = f"{table[: 31 - len(str(n)) - 1]}~{n}"
        used.add(title.lower())
        ws = wb.create_sheet(title)
        ws.freeze_panes = "A2"
        cur = con.execute(sql, params)
        header = []
        for d in cur.description:
            cell = WriteOnlyCell(ws, value=d[0])
            cell.font = bold
            header.append(cell)
        ws.append(header)
        link = next((i for i, d in enumerate(cur.description) if d[0] == "source_link"), None)
        written = 0
        while batch := cur.fetchmany(10_000):
            written += len(batch)
            if written > XLSX_MAX_ROWS:
                raise ValueError(
                    f"marts.{table} has more rows than an Excel sheet holds ({XLSX_MAX_ROWS:,}): "
                    "export it as csv or parquet"
                )
            for row in batch:
                cells = [_cell(v) for v in row]
                if link is not None and cells[link]:  # clickable in Excel
                    url = WriteOnlyCell(ws, value=cells[link])
                    url.hyperlink = cells[link]
                    url.style = "Hyperlink"
                    cells[link] = url
                ws.append(cells)
    wb.save(path)


def export_marts(
    db_path: Path, dest: Path, *, fmt: str = "parquet", app_url: str = DEFAULT_APP_URL
) -> list[Path]:
    """Write the marts.* tables as <dest>/<table>.<fmt> (csv, parquet), or as one workbook
    <dest>/marts.xlsx with a sheet per mart; the folder is replaced whole, never half-written.

    `app_url` is where the explorer runs: the base of each row's `source_link`.
    The destination path and the URL are bound parameters, so any path works (a quote in a home
    folder's name broke the export after a publish)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use {', '.join(FORMATS)}")
    app_url = _check_app_url(app_url)
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    # a private staging folder beside dest: two exports at once never share one
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    try:
        written = []
        with connect(db_path, read_only=True) as con:
            marts = _columns(con)
            queries = {table: analyst_query(table, marts, app_url) for table in sorted(marts)}
            if fmt == "xlsx":
                _write_workbook(con, queries, tmp / WORKBOOK)
                written.append(dest / WORKBOOK)
            else:
                for table, (sql, params) in queries.items():
                    path = tmp / f"{table}.{fmt}"
                    con.execute(f"COPY ({sql}) TO ? {COPY_OPTIONS[fmt]}", [*params, str(path)]).fetchall()
                    if fmt == "csv":
                        _add_bom(path)
                    written.append(dest / path.name)
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; the export is for readers
        old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
        if dest.exists():
            os.replace(dest, old / dest.name)
        os.replace(tmp, dest)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return written
