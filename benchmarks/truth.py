"""Score extracted records against a synthetic corpus's ground truth.

A truth record is *found* when an extracted record of the same `type` equals it on every key the
truth record gives (keys it leaves out are not judged; extracted records may carry any number of
extra fields such as provenance). Matching is one to one: an extracted record accounts for at most
one truth record, so an extractor that emits a figure twice gets one hit and one false positive.

- recall    = truth records found / truth records
- precision = extracted records that found a truth record / extracted records

per record type and overall. Only the types the truth speaks about are judged: an extracted type
the truth has no record of (revenue lines, tasks, source findings ...) is counted under `ignored`
and left out of precision, since the truth does not say what is right for it.

To score a whole corpus, give every record a key that names its document (e.g. set
`doc_id` on the truth records of each document to the id the pipeline gave that document), so that
a figure found in the wrong document does not count.
"""

from __future__ import annotations

import json
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

MAX_EXAMPLES = 20


def _hashable(value: Any) -> Any:
    """A comparable, hashable form: lists -> tuples, floats rounded (1 == 1.0 stays equal)."""
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 9)
    return value


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _scores(truth: int, extracted: int, matched: int) -> dict[str, Any]:
    return {
        "truth": truth,
        "extracted": extracted,
        "matched": matched,
        "recall": _ratio(matched, truth),
        "precision": _ratio(matched, extracted),
    }


def match_truth(
    truth_records: list[dict], extracted: list[dict], *, types: Iterable[str] | None = None
) -> dict[str, Any]:
    """Recall and precision of `extracted` against `truth_records`, per type and overall.

    `types` overrides the judged types (default: the types present in `truth_records`).
    Returns {"overall": scores, "by_type": {type: scores}, "ignored": {type: count},
    "missed": [truth records not found, first 20], "spurious": [unmatched extracted, first 20]},
    where scores = {"truth", "extracted", "matched", "recall", "precision"} and a ratio with a zero
    denominator is None.
    """
    judged = sorted(set(types) if types is not None else {r["type"] for r in truth_records})
    judged_set = set(judged)

    by_type_extracted: dict[str, list[int]] = defaultdict(list)
    ignored: dict[str, int] = defaultdict(int)
    for i, rec in enumerate(extracted):
        rtype = rec.get("type")
        if rtype in judged_set:
            by_type_extracted[rtype].append(i)
        else:
            ignored[str(rtype)] += 1

    # index the extracted records of each type by the values of each key set the truth uses
    indexes: dict[tuple[str, tuple[str, ...]], dict[tuple, deque[int]]] = {}
    used: set[int] = set()
    matched_by_type: dict[str, int] = defaultdict(int)
    truth_by_type: dict[str, int] = defaultdict(int)
    missed: list[dict] = []
    for truth in truth_records:
        rtype = truth["type"]
        if rtype not in judged_set:
            continue
        truth_by_type[rtype] += 1
        keys = tuple(sorted(k for k in truth if k != "type"))
        index = indexes.get((rtype, keys))
        if index is None:
            index = defaultdict(deque)
            for i in by_type_extracted.get(rtype, ()):
                rec = extracted[i]
                if all(k in rec for k in keys):
                    index[tuple(_hashable(rec[k]) for k in keys)].append(i)
            indexes[(rtype, keys)] = index
        candidates = index.get(tuple(_hashable(truth[k]) for k in keys), deque())
        while candidates and candidates[0] in used:
            candidates.popleft()
        if candidates:
            used.add(candidates.popleft())
            matched_by_type[rtype] += 1
        elif len(missed) < MAX_EXAMPLES:
            missed.append(truth)

    by_type = {
        t: _scores(truth_by_type[t], len(by_type_extracted.get(t, ())), matched_by_type[t]) for t in judged
    }
    overall = _scores(
        sum(truth_by_type.values()),
        sum(len(by_type_extracted.get(t, ())) for t in judged),
        sum(matched_by_type.values()),
    )
    spurious = [extracted[i] for t in judged for i in by_type_extracted.get(t, ()) if i not in used][
        :MAX_EXAMPLES
    ]
    return {
        "overall": overall,
        "by_type": by_type,
        "ignored": dict(sorted(ignored.items())),
        "missed": missed,
        "spurious": spurious,
    }


def load_truth(corpus_dir: Path | str) -> dict[str, dict[str, Any]]:
    """{document name (file stem, e.g. syn_000012): its truth JSON} for every *.truth.json."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(Path(corpus_dir).glob("*.truth.json")):
        out[path.name.removesuffix(".truth.json")] = json.loads(path.read_text(encoding="utf-8"))
    return out


def tag_records(records: Iterable[Mapping[str, Any]], **keys: Any) -> list[dict[str, Any]]:
    """Copies of `records` with `keys` added (e.g. doc_id=...), to score several documents at once."""
    return [{**r, **keys} for r in records]
