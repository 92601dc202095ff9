"""Which rows a run's GX checks validate: whole tables, or the rows of the documents the run changed.

A build database starts as a copy of the served warehouse, whose every row passed these suites when
it was published. When the run is not a full refresh (same dbt models, reference data, suites and
package version as the served warehouse: `fingerprint.full_refresh`), the only rows that can differ
in a table whose rows each belong to one document and are rewritten only when that document changes
(`meta.scope: "per_document"` in the suite file: the raw tables and the per-document incremental
marts) are the rows of the documents this build changed (raw.document_changes: added, removed,
metadata, extracted). Those rows get the row-level expectations; the whole-table invariants (row
counts, uniqueness) still run over the whole table, as one SQL query each (quality/invariants.py).

A table without the per-document hint (rebuilt whole by dbt, its rows depending on other
documents: `dim_document`, `fct_budget_statement` re-resolved across documents) gets the row-level
expectations on its rows that are not, column for column, rows of the same table in the served
warehouse (`SELECT ... EXCEPT SELECT ... FROM served`): a row the served warehouse holds passed
these same suites when it was published, and a row-level verdict depends on its row alone. Its
invariants run whole in SQL, as above.

Everything is checked whole on a full refresh, in a build database without a record of its changes,
when the served warehouse lacks the table, and when a run changed at least half of the documents
(scoping would save nothing).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import duckdb

from orchestration import fingerprint

WHOLE = "whole table"
CHANGED = "changed documents"  # the rows of the documents the run changed (per-document tables)
# the rows that may differ from the served warehouse's: a suite's on a table without the
# per-document hint (those it lacks), an expectation's on a scoped run (the changed documents' too)
CHANGED_ROWS = "changed rows"
# a run that changed this share of the documents or more is checked whole: scoping saves nothing
WHOLE_WHEN_CHANGED_SHARE = 0.5


@dataclass(frozen=True)
class Scope:
    """What one run's checks validate row by row."""

    whole: bool
    reason: str  # why, in words, for the report
    doc_ids: tuple[str, ...] = ()  # the documents the run changed (when not whole)
    by_change: dict[str, int] = field(default_factory=dict)  # added / removed / metadata / extracted
    n_documents: int | None = None  # documents in the build (raw.documents)

    @property
    def name(self) -> str:
        return WHOLE if self.whole else CHANGED

    def documents_phrase(self) -> str:
        """'1 changed document of 10,001' (with the kinds of change when more than one)."""
        n = len(self.doc_ids)
        kinds = ", ".join(f"{v:,} {k}" for k, v in sorted(self.by_change.items()))
        of = f" of {self.n_documents:,}" if self.n_documents is not None else ""
        return f"{n:,} changed document{'s' if n != 1 else ''}{of}" + (f" ({kinds})" if kinds else "")


def whole_scope(reason: str) -> Scope:
    return Scope(whole=True, reason=reason)


def changed_scope(
    doc_ids: list[str], n_documents: int | None, by_change: dict[str, int] | None = None
) -> Scope:
    """A scope over explicit documents (benchmarks and tests; runs use `decide_scope`)."""
    ids = tuple(sorted(set(doc_ids)))
    return Scope(
        whole=False,
        reason="not a full refresh: rows of the documents this build changed",
        doc_ids=ids,
        by_change=dict(by_change or {"changed": len(ids)}),
        n_documents=n_documents,
    )


def decide_scope(con: duckdb.DuckDBPyConnection) -> Scope:
    """The scope of the build database behind `con` (see the module's docstring)."""
    if fingerprint.full_refresh(con):
        return whole_scope("full refresh (first build, forced, or new models, reference data or suites)")
    run_id = fingerprint.build_run_id(con)
    try:
        rows = con.execute(
            "SELECT doc_id, change, run_id FROM raw.document_changes ORDER BY doc_id, change"
        ).fetchall()
        n_documents = con.execute("SELECT count(*) FROM raw.documents").fetchall()[0][0]
    except duckdb.Error:
        return whole_scope("the build database records no changed documents (raw.document_changes)")
    if run_id is None or any(r[2] != run_id for r in rows):
        return whole_scope("the recorded changes are not this build's")
    doc_ids = sorted({r[0] for r in rows})
    by_change = dict(Counter(r[1] for r in rows))
    if n_documents and len(doc_ids) >= WHOLE_WHEN_CHANGED_SHARE * n_documents:
        return Scope(
            whole=True,
            reason=f"{len(doc_ids):,} of {n_documents:,} documents changed: checked whole",
            by_change=by_change,
            n_documents=n_documents,
        )
    return changed_scope(doc_ids, n_documents, by_change)
