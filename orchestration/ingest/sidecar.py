"""The `<name>.meta.json` sidecar, checked field by field before it is trusted.

A sidecar is typed by hand, so it can be anything: a number where a date belongs, a list for a
kind, a megabyte of notes, or no JSON at all. None of that may abort a run (it reaches planning,
before Dagster even starts). Each field is checked against a small schema; a field that fails is
dropped, the text fills it in, and the document's notes say which fields were ignored and why.
An unreadable sidecar is ignored as a whole, with the reason, the same way.

The allowed kinds are `orchestration.ingest.metadata.KINDS`, read when a sidecar is checked: one
list, kept beside kind inference.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from orchestration.ingest import metadata
from orchestration.ingest.files import FileTooLarge, NotRegularFile, read_regular_file
from orchestration.ingest.metadata import DocumentMetadata, merge_metadata

MAX_SIDECAR_BYTES = 64 * 1024

# text fields: the longest value kept (characters); notes may hold line breaks, the others not
TEXT_LIMITS: dict[str, int] = {"title": 300, "publisher": 200, "region": 100, "notes": 2000, "source": 500}
MULTILINE = frozenset({"notes"})
PRECISIONS = ("day", "month", "year")  # fine to coarse
YEARS = (1900, 2100)
# `source` says where the file came from: accepted, not stored
KNOWN_FIELDS = (*TEXT_LIMITS, "published_on", "published_precision", "kind")

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class SidecarReading:
    """What a sidecar gives: the valid values (None when there is no usable sidecar) and the
    problems, one per ignored field ('kind (expected a string, got a list)') or one for the file."""

    values: dict[str, Any] | None
    problems: list[str] = field(default_factory=list)
    unreadable: str | None = None  # why the whole sidecar was ignored


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a string" if isinstance(value, str) else type(value).__name__


def _short(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _text(name: str, value: Any) -> tuple[str | None, str | None]:
    if not isinstance(value, str):
        return None, f"expected a string, got {_type_name(value)}"
    value = value.strip()
    limit = TEXT_LIMITS[name]
    if len(value) > limit:
        return None, f"longer than {limit} characters ({len(value)})"
    control = _CONTROL if name in MULTILINE else _CONTROL_OR_BREAK
    if control.search(value):
        return None, "contains control characters"
    return value, None


def _date(value: Any) -> tuple[tuple[date, str] | None, str | None]:
    expected = "a date string YYYY-MM-DD, YYYY-MM or YYYY"
    if not isinstance(value, str):
        return None, f"expected {expected}, got {_type_name(value)}"
    m = _DATE.fullmatch(value.strip())
    if m is None:
        return None, f"not {expected}: {_short(value)}"
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    if not YEARS[0] <= year <= YEARS[1]:
        return None, f"year {year} outside {YEARS[0]}-{YEARS[1]}"
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None, f"not a calendar date: {_short(value)}"
    precision = "day" if m.group(3) else "month" if m.group(2) else "year"
    return (parsed, precision), None


def _choice(value: Any, allowed: tuple[str, ...]) -> tuple[str | None, str | None]:
    if not isinstance(value, str):
        return None, f"expected a string, got {_type_name(value)}"
    if value not in allowed:
        return None, f"not one of {', '.join(allowed)}: {_short(value)}"
    return value, None


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def validate_sidecar(raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The valid fields of a parsed sidecar (published_on as a date, with its precision) and one
    problem per field ignored. Null or empty values mean 'not given': no problem."""
    values: dict[str, Any] = {}
    problems: list[str] = []

    def ignore(name: str, reason: str) -> None:
        problems.append(f"{name} ({reason})")

    for name, value in raw.items():
        if name not in KNOWN_FIELDS:
            ignore(str(name)[:40], "unknown field")
        elif not _given(value) or name in ("published_on", "published_precision"):
            continue  # dates are checked together below
        elif name in TEXT_LIMITS:
            text, reason = _text(name, value)
            if reason:
                ignore(name, reason)
            elif name != "source":
                values[name] = text
        elif name == "kind":
            kind, reason = _choice(value, tuple(metadata.KINDS))
            if reason:
                ignore(name, reason)
            else:
                values[name] = kind
    published, stated_precision = raw.get("published_on"), raw.get("published_precision")
    date_precision = None
    if _given(published):
        parsed, reason = _date(published)
        if reason:
            ignore("published_on", reason)
        else:
            values["published_on"], date_precision = parsed
            values["published_precision"] = date_precision
    if _given(stated_precision):
        precision, reason = _choice(stated_precision, PRECISIONS)
        if reason:
            ignore("published_precision", reason)
        elif date_precision is None:
            ignore("published_precision", "no valid published_on to qualify")
        elif PRECISIONS.index(precision) < PRECISIONS.index(date_precision):
            ignore("published_precision", f"finer than the date given: {_short(published)}")
        else:
            values["published_precision"] = precision  # coarser: a day or month not known
    return values, problems


def parse_sidecar(data: bytes) -> SidecarReading:
    """Bytes of a sidecar -> its reading; never raises."""
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return SidecarReading(None, unreadable="not UTF-8 text")
    except json.JSONDecodeError as exc:
        return SidecarReading(None, unreadable=f"not valid JSON ({exc})")
    except RecursionError:
        return SidecarReading(None, unreadable="not valid JSON (nested too deeply)")
    if not isinstance(raw, dict):
        return SidecarReading(None, unreadable=f"not a JSON object ({_type_name(raw)})")
    values, problems = validate_sidecar(raw)
    return SidecarReading(values or None, problems)


def read_sidecar_file(path: Path) -> SidecarReading:
    """The sidecar at `path`: absent -> SidecarReading(None); read like a document (a regular file,
    never through a link or from a pipe) and at most MAX_SIDECAR_BYTES long."""
    try:
        data = read_regular_file(path, max_bytes=MAX_SIDECAR_BYTES)
    except FileNotFoundError:
        return SidecarReading(None)
    except NotRegularFile as exc:
        reason = "symbolic link (not followed)" if exc.kind == "symbolic link" else None
        return SidecarReading(None, unreadable=reason or f"not a regular file ({exc.kind})")
    except FileTooLarge:
        return SidecarReading(None, unreadable=f"larger than {MAX_SIDECAR_BYTES} bytes")
    except OSError as exc:
        return SidecarReading(None, unreadable=f"unreadable ({exc.strerror or exc})")
    return parse_sidecar(data)


def problems_note(reading: SidecarReading) -> str | None:
    """The line the document's notes get about its sidecar, or None when all was well."""
    if reading.unreadable:
        return f"sidecar ignored: {reading.unreadable}"
    if reading.problems:
        return "sidecar fields ignored: " + "; ".join(reading.problems)
    return None


def apply_sidecar(reading: SidecarReading, inferred: DocumentMetadata) -> tuple[DocumentMetadata, str]:
    """The document's metadata and origin: the sidecar's valid values over what the text gives,
    with a note of whatever the sidecar had that was ignored."""
    merged, origin = merge_metadata(reading.values, inferred)
    note = problems_note(reading)
    if note:
        merged = replace(merged, notes="\n".join(n for n in (merged.notes, note) if n))
    return merged, origin
