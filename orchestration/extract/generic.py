"""The generic layer: the figures any document states, whatever its kind.

Council minutes, settlement reviews, 결재문서 and reports of kinds we have no extractor for state
figures in a small shared vocabulary. This layer runs on every document, after the kind's own
extractor, on the lines that extractor did not read:
- tables under a unit line, however flattened (`tables.py`), read by their columns
  (`table_facts.py`): staffing, audit follow-up, plan splits, budgets by year or by program;
- budget and execution statements in prose (`prose_statements.py`);
- council audit counts in prose (`audit_counts.py`);
- the document's fiscal year and region (`meaning.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from orchestration.extract.audit_counts import audit_records
from orchestration.extract.meaning import document_fiscal_year, document_region, subject_kind
from orchestration.extract.normalise import normalise_lines
from orchestration.extract.prose_statements import read_prose
from orchestration.extract.records import AuditSummary, BudgetStatement, Extraction, Record
from orchestration.extract.table_facts import Context, table_records
from orchestration.extract.tables import find_tables
from orchestration.ingest.formats.model import SourceTable

GENERIC_EXTRACTOR = "generic"
GENERIC_EXTRACTOR_VERSION = "2.0.0"


def extract_generic(
    text: str,
    *,
    doc_id: str = "",
    published_on: date | None = None,
    region: str | None = None,
    taken_lines: set[int] | None = None,
    fiscal_year: int | None = None,
    kind: str = "",
    outside: set[int] | None = None,
    tables: Sequence[SourceTable] = (),
) -> Extraction:
    """Statements of any document: its tables (staffing, audit follow-up, plan splits, budgets by
    year or by program) and its execution statements in prose. `taken_lines` are lines a kind's
    extractor already read: they are not read again; `tables` are the source's own tables as cells
    (a PDF, HWP, HWPX or HTML file), read before any table is looked for in the text."""
    lines = normalise_lines(text or "")
    taken = set(taken_lines or ()) | set(outside or ())
    own = [line for n, line in enumerate(lines, start=1) if n not in (outside or ())]
    year = fiscal_year or document_fiscal_year(own, published_on)
    doc_region = region or document_region(own)
    ctx = Context(doc_id, GENERIC_EXTRACTOR, GENERIC_EXTRACTOR_VERSION, year, doc_region, lines)
    records: list[Record] = []
    figure_lines: set[int] = set()
    skipped: dict[int, str] = {}
    table_lines: set[int] = set()
    for table in find_tables(lines, taken, tables):
        table_lines |= table.lines()
        made = table_records(ctx, table)
        rows = {n for row in table.rows for n in range(row.line_start, row.line_end + 1)}
        figure_lines |= rows
        if not made:
            for n in rows:
                skipped[n] = "a table whose columns are not budget, staffing, audit or plan figures"
        records.extend(made)

    def prov(at: set[int]) -> dict:
        start, end = min(at), max(at)
        return {
            "line_start": start,
            "line_end": end,
            "source_text": "\n".join(lines[start - 1 : end]),
            "doc_id": doc_id,
            "extractor": GENERIC_EXTRACTOR,
            "extractor_version": GENERIC_EXTRACTOR_VERSION,
        }

    # a summary line above an audit table restates its rows: the table says more
    in_tables = {(r.kind, r.total) for r in records if isinstance(r, AuditSummary)}
    records.extend(
        r for r in audit_records(lines, taken | table_lines, year, prov) if (r.kind, r.total) not in in_tables
    )
    for st in read_prose(lines, taken | table_lines, year, budget_alone=kind != "news"):
        v = st.values
        records.append(
            BudgetStatement(
                line_start=st.lines[0],
                line_end=st.lines[1],
                source_text=st.source,
                doc_id=doc_id,
                extractor=GENERIC_EXTRACTOR,
                extractor_version=GENERIC_EXTRACTOR_VERSION,
                subject=st.subject,
                subject_kind=subject_kind(st.subject),
                parent=None,
                region=doc_region,
                fiscal_year=st.fiscal_year if st.fiscal_year is not None else year,
                as_of=st.as_of,
                **BudgetStatement.measures_of(v),
                unit=st.unit,
                layout=st.layout,
            )
        )
    return Extraction(
        kind="generic",
        records=records,
        figure_lines=figure_lines,
        skipped=skipped,
        fiscal_year=year,
        region=doc_region,
    )


def tables_of(
    text: str, *, doc_id: str = "", fiscal_year: int | None = None, tables: Sequence[SourceTable] = ()
) -> list[Record]:
    """The records of every table in a text, whichever reader took its lines."""
    lines = normalise_lines(text or "")
    ctx = Context(
        doc_id, GENERIC_EXTRACTOR, GENERIC_EXTRACTOR_VERSION, fiscal_year, document_region(lines), lines
    )
    return [r for table in find_tables(lines, given=tables) for r in table_records(ctx, table)]
