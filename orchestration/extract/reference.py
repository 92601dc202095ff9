"""Reference tables shipped under the repo's `seeds/reference/` (they double as dbt seeds).

Read-only lookups, loaded once per process. Extractors stay pure: the tables are part of the
code's data, not of the documents.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "seeds" / "reference"


@cache
def load_reference(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `seeds/reference/<name>.csv` as dicts (empty tuple when the file is missing)."""
    path = REFERENCE_DIR / f"{name}.csv"
    if not path.exists():
        return ()
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple({k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh))


@cache
def departments() -> dict[str, dict[str, str]]:
    """department_id -> row (department_id, name_ko, name_en, parent_id, kind, region)."""
    return {row["department_id"]: row for row in load_reference("departments") if row.get("department_id")}


@cache
def department_aliases() -> tuple[tuple[str, str], ...]:
    """(alias, department_id) pairs, including each department's Korean and English names."""
    pairs: list[tuple[str, str]] = []
    for dep_id, row in departments().items():
        pairs.append((row["name_ko"], dep_id))
        if row.get("name_en"):
            pairs.append((row["name_en"], dep_id))
    for row in load_reference("department_aliases"):
        if row.get("alias") and row.get("department_id") in departments():
            pairs.append((row["alias"], row["department_id"]))
    return tuple(pairs)
