"""Pure text -> records extractors. No I/O, no Dagster.

Every document goes through the generic layer (`generic.py`: budget and execution statements
in prose and tables, whatever the kind), and through the extractor of its kind where there is
one (`news.py`, `work_report/`). A document's extractor version is the versions of both, so a
change to either re-extracts it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from orchestration.extract.generic import GENERIC_EXTRACTOR_VERSION, extract_generic
from orchestration.extract.records import Extraction
from orchestration.ingest.formats.model import SourceTable
from orchestration.ingest.metadata import KINDS


def _kind_extractors() -> dict[str, tuple[Callable[..., Extraction], str]]:
    from orchestration.extract.news import NEWS_EXTRACTOR_VERSION, extract_news
    from orchestration.extract.work_report import WORK_REPORT_EXTRACTOR_VERSION, extract_work_report

    return {
        "news": (extract_news, NEWS_EXTRACTOR_VERSION),
        "work_report": (extract_work_report, WORK_REPORT_EXTRACTOR_VERSION),
    }


def extractor_version(kind: str) -> str:
    """`news 2.0.0 + generic 2.0.0`: what a document of this kind is read by."""
    specific = _kind_extractors().get(kind)
    generic = f"generic {GENERIC_EXTRACTOR_VERSION}"
    return f"{kind} {specific[1]} + {generic}" if specific else generic


def extract_document(
    text: str,
    kind: str,
    *,
    doc_id: str = "",
    published_on: date | None = None,
    region: str | None = None,
    strict: bool = False,
    tables: Sequence[SourceTable] = (),
) -> Extraction:
    """Run the kind's extractor (if any) and the generic layer; a document with nothing recognised
    gets a reason, an extractor that raises puts its error in `errors` (or raises when `strict`).
    `tables`: the source's own tables as cells, for a document read from PDF, HWP, HWPX or HTML."""
    if kind not in KINDS:
        return Extraction(kind=kind, rejected=f"no extractor for kind {kind!r}")
    specific = _kind_extractors().get(kind)
    if specific is not None:
        result = specific[0](text, doc_id=doc_id, published_on=published_on, region=region, strict=strict)
        result.kind = kind
    else:
        result = Extraction(kind=kind)
    try:
        generic = extract_generic(
            text,
            doc_id=doc_id,
            published_on=published_on,
            region=region,
            taken_lines=result.consumed_lines() | result.figure_lines,
            outside=result.outside,
            fiscal_year=result.fiscal_year,
            kind=kind,
            tables=tables,
        )
    except Exception as exc:
        if strict:
            raise
        result.errors.append(f"generic layer failed: {type(exc).__name__}: {exc}")
    else:
        result.records.extend(generic.records)
        result.figure_lines |= generic.figure_lines
        for line, reason in generic.skipped.items():
            result.skipped.setdefault(line, reason)
        result.fiscal_year = result.fiscal_year or generic.fiscal_year
        result.region = result.region or generic.region
    if kind == "work_report" and not result.errors:
        _prefer_the_fuller_staffing(result, text, doc_id, tables)
    if result.records:
        result.rejected = None
    elif result.rejected is None and not result.errors:
        result.rejected = "no figures recognised"
    return result


def _prefer_the_fuller_staffing(
    result: Extraction, text: str, doc_id: str, tables: Sequence[SourceTable]
) -> None:
    """A staffing table the work-report reader read into fewer rows than the table reader finds in
    it (a layout it was not written for) is taken from the table reader instead."""
    from orchestration.extract.generic import tables_of
    from orchestration.extract.records import Staffing

    mine = [r for r in result.records if isinstance(r, Staffing) and r.extractor != "generic"]
    if not mine:
        return
    first, last = min(r.line_start for r in mine), max(r.line_end for r in mine)
    theirs = [
        r
        for r in tables_of(text, doc_id=doc_id, fiscal_year=result.fiscal_year, tables=tables)
        if isinstance(r, Staffing) and first - 15 <= r.line_start <= last + 30
    ]
    if len(theirs) > len(mine) and all(r.authorized is not None and r.current is not None for r in theirs):
        result.records = [r for r in result.records if r not in mine] + theirs
        result.figure_lines |= {n for r in theirs for n in range(r.line_start, r.line_end + 1)}
