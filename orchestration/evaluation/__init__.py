"""`ict-warehouse eval`: extraction scored against hand-labelled documents (docs/extraction.md).

A labelled document is `NAME.txt` with `NAME.expected.json` beside it (and optionally the
sidecar `NAME.meta.json`). Each is decoded and extracted exactly as a build would, with the
sidecar's date and kind but never its region: the region is a fact the text must give.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from orchestration.evaluation.facts import FAMILIES
from orchestration.evaluation.labels import facts_from_labels
from orchestration.evaluation.predicted import facts_from_extraction
from orchestration.evaluation.score import DocumentScore, FamilyScore, score_document, summarise
from orchestration.extract import extract_document
from orchestration.ingest.decode import RejectedInput, decode_document
from orchestration.ingest.metadata import KINDS, infer_metadata


@dataclass
class EvalResult:
    documents: list[DocumentScore]
    families: dict[str, FamilyScore]

    @property
    def total(self) -> FamilyScore:
        return self.families["all"]


def labelled_documents(folders: list[Path]) -> list[tuple[Path, Path]]:
    """(text, labels) pairs of every `*.expected.json` with its `.txt` beside it, by name."""
    out = []
    for folder in folders:
        for labels in sorted(folder.glob("*.expected.json")):
            text = labels.with_name(labels.name[: -len(".expected.json")] + ".txt")
            if text.exists():
                out.append((text, labels))
    return out


def _sidecar(text_path: Path) -> dict[str, Any]:
    path = text_path.with_name(text_path.stem + ".meta.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _kind(value: Any, inferred: str) -> str:
    """The sidecar's kind; a descriptive one (`council_minutes (settlement …)`) by its first word."""
    word = value.split()[0] if isinstance(value, str) and value.strip() else ""
    return word if word in KINDS else inferred


def evaluate_document(text_path: Path, labels_path: Path) -> DocumentScore:
    name = text_path.stem
    labels = facts_from_labels(name, json.loads(labels_path.read_text(encoding="utf-8")))
    try:
        decoded = decode_document(text_path.read_bytes(), text_path.name)
    except (OSError, RejectedInput) as exc:
        return score_document(labels, [], error=f"not read: {exc}")
    meta = _sidecar(text_path)
    inferred = infer_metadata(decoded.text)
    published = _date(meta.get("published_on")) or _date(meta.get("published")) or inferred.published_on
    kind = _kind(meta.get("kind"), inferred.kind)
    extraction = extract_document(decoded.text, kind, doc_id=decoded.doc_id, published_on=published)
    error = "; ".join(extraction.errors) or None
    return score_document(labels, facts_from_extraction(extraction), error=error)


def evaluate(folders: list[Path]) -> EvalResult:
    docs = [evaluate_document(t, lab) for t, lab in labelled_documents(folders)]
    return EvalResult(docs, summarise(docs))


# --- reporting ------------------------------------------------------------------------------------


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.2f}"


def render_text(result: EvalResult, *, details: bool = False) -> str:
    rows = [f"{'document':<52} {'facts':>5} {'found':>5} {'recall':>6} {'prec.':>6} {'traps':>5}"]
    for doc in result.documents:
        t = doc.total()
        flag = f"  ERROR {doc.error}" if doc.error else ""
        rows.append(
            f"{doc.name[:52]:<52} {t.expected:>5} {t.found:>5} {_fmt(t.recall):>6} {_fmt(t.precision):>6}"
            f" {t.traps:>5}{flag}"
        )
        if details:
            rows.extend(f"    missed   {f.brief()}" for f in doc.missed)
            rows.extend(f"    extra    {f.brief()} ({f.where})" for f in doc.false_positives)
            rows.extend(f"    TRAP     {f.brief()} ({f.where})" for f in doc.trap_errors)
    rows.append("")
    rows.append(f"{'family':<16} {'facts':>5} {'found':>5} {'recall':>6} {'prec.':>6} {'traps':>5}")
    for fam in (*FAMILIES, "all"):
        s = result.families.get(fam)
        if s is None:
            continue
        rows.append(
            f"{fam:<16} {s.expected:>5} {s.found:>5} {_fmt(s.recall):>6} {_fmt(s.precision):>6} {s.traps:>5}"
        )
    t = result.total
    errors = sum(1 for d in result.documents if d.error)
    rows.append("")
    rows.append(
        f"eval: {len(result.documents)} documents, {t.expected} facts, found {t.found}, "
        f"recall {_fmt(t.recall)}, precision {_fmt(t.precision)}, trap errors {t.traps}, "
        f"extractor errors {errors}"
    )
    return "\n".join(rows)


def family_json(s: FamilyScore) -> dict[str, Any]:
    """A score as the JSON `--json` prints and `make bench` reports."""
    return {
        "facts": s.expected,
        "found": s.found,
        "recall": s.recall,
        "predicted": s.predicted,
        "correct": s.correct,
        "precision": s.precision,
        "trap_errors": s.traps,
    }


def render_json(result: EvalResult) -> dict[str, Any]:
    return {
        "summary": family_json(result.total) | {"documents": len(result.documents)},
        "families": {k: family_json(v) for k, v in result.families.items() if k != "all"},
        "documents": [
            {
                "name": d.name,
                "error": d.error,
                **family_json(d.total()),
                "families": {k: family_json(v) for k, v in d.families.items()},
                "missed": [f.brief() for f in d.missed],
                "false_positives": [f"{f.brief()} ({f.where})" for f in d.false_positives],
                "trap_errors": [f"{f.brief()} ({f.where})" for f in d.trap_errors],
                "unscored_keys": d.unscored_keys,
            }
            for d in result.documents
        ],
    }
