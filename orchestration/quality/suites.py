"""Great Expectations suites as JSON files in expectations/, reloaded every run.

GX drops an expectation it cannot build with only a log line, so every load counts what GX kept
against what the file holds: a suite that lost expectations fails its check instead of silently
checking less.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestration.settings import EXPECTATIONS_DIR


@dataclass(frozen=True)
class SuiteFile:
    """One suite file: what to validate (`meta.relation`, optional `meta.where`) and its expectations."""

    name: str
    path: Path
    raw: dict[str, Any]

    @property
    def relation(self) -> str:
        return self.raw["meta"]["relation"]

    @property
    def where(self) -> str | None:
        return self.raw["meta"].get("where")

    @property
    def scope(self) -> str:
        """`meta.scope`: "per_document" when every row belongs to one document (a `doc_id` column) and
        is rewritten only when that document changes (raw tables, per-document incremental marts),
        so a run that is not a full refresh checks its row-level expectations on the changed
        documents' rows only; otherwise (the default) "table": a run that is not a full refresh
        checks them on the rows that differ from the served warehouse's (quality/scope.py)."""
        return self.raw["meta"].get("scope", "table")

    @property
    def asset(self) -> list[str]:
        """The Dagster asset key the suite checks (e.g. ["marts", "dim_program"])."""
        return list(self.raw["meta"]["asset"])

    @property
    def n_expectations_in_file(self) -> int:
        return len(self.raw.get("expectations", []))

    def query(self, catalog: str | None = None) -> str:
        """The rows the suite validates; of the same relation in an attached `catalog` when given."""
        relation = f"{catalog}.{self.relation}" if catalog else self.relation
        sql = f"SELECT * FROM {relation}"
        return f"{sql} WHERE {self.where}" if self.where else sql


def read_suite_file(path: Path) -> SuiteFile:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return SuiteFile(name=raw["name"], path=path, raw=raw)


def load_suite_files(directory: Path = EXPECTATIONS_DIR) -> list[SuiteFile]:
    return [read_suite_file(path) for path in sorted(directory.glob("*.json"))]


@dataclass(frozen=True)
class LoadedSuite:
    file: SuiteFile
    suite: Any  # great_expectations.ExpectationSuite
    dropped: list[str]  # expectation types in the file that GX did not keep


def _suite(name: str, meta: dict[str, Any], entries: list[dict[str, Any]]) -> tuple[Any, list[str]]:
    from great_expectations.core.expectation_suite import ExpectationSuite

    suite = ExpectationSuite(name=name, meta=meta)
    dropped = []
    gx_logger = logging.getLogger("great_expectations")
    previous = gx_logger.level
    gx_logger.setLevel(logging.CRITICAL)  # we report refusals ourselves, with the file's name
    try:
        for exp in entries:
            try:
                suite.add_expectation_configuration(_configuration(exp))
            except Exception as exc:  # GX raises several types for a bad config
                dropped.append(f"{exp.get('type')}: {exc}")
    finally:
        gx_logger.setLevel(previous)
    return suite, dropped


def build_suite_of(file: SuiteFile, indices: list[int], name: str) -> Any:
    """A GX suite of some of the file's expectations (by position), e.g. its row-level ones."""
    entries = file.raw.get("expectations", [])
    return _suite(name, file.raw.get("meta", {}), [entries[i] for i in indices])[0]


def build_suite(file: SuiteFile) -> LoadedSuite:
    """Build the GX suite expectation by expectation, noting each one GX refuses."""
    suite, dropped = _suite(file.name, file.raw.get("meta", {}), file.raw.get("expectations", []))
    kept = len(suite.expectations)
    if kept + len(dropped) != file.n_expectations_in_file:  # pragma: no cover - defensive
        dropped.append(
            f"{file.n_expectations_in_file - kept - len(dropped)} expectation(s) lost without error"
        )
    return LoadedSuite(file=file, suite=suite, dropped=dropped)


def _configuration(exp: dict[str, Any]):
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    return ExpectationConfiguration(type=exp["type"], kwargs=exp.get("kwargs", {}), meta=exp.get("meta"))
