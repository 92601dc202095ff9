"""Pure text -> records extractors, one per document kind. No I/O, no Dagster."""

from __future__ import annotations

from datetime import date

from orchestration.extract.records import Extraction

KINDS = ("news", "work_report")


def extract_document(
    text: str,
    kind: str,
    *,
    doc_id: str = "",
    published_on: date | None = None,
    region: str | None = None,
) -> Extraction:
    """Run the extractor for `kind`; a document with nothing recognised gets a reason, not a crash."""
    if kind == "news":
        from orchestration.extract.news import extract_news

        result = extract_news(text, doc_id=doc_id, published_on=published_on, region=region)
    elif kind == "work_report":
        from orchestration.extract.work_report import extract_work_report

        result = extract_work_report(text, doc_id=doc_id, published_on=published_on, region=region)
    else:
        return Extraction(kind=kind, rejected=f"no extractor for kind {kind!r}")
    if not result.records and result.rejected is None:
        result.rejected = "no figures recognised"
    return result
