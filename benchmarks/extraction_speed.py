"""Speed of the pure extractors on a corpus folder, in one process, and a dump to prove output unchanged.

    .venv/bin/python benchmarks/generate_corpus.py --docs 2000 --seed 0 /tmp/xspeed_corpus
    .venv/bin/python benchmarks/extraction_speed.py /tmp/xspeed_corpus                 # MB/s + profile
    .venv/bin/python benchmarks/extraction_speed.py /tmp/xspeed_corpus --dump /tmp/before.jsonl
    .venv/bin/python benchmarks/extraction_speed.py /tmp/xspeed_corpus --check-against /tmp/before.jsonl
    .venv/bin/python benchmarks/extraction_speed.py /tmp/xspeed_corpus --results benchmarks/results.md

Every document file of the folder (txt, PDF, HWP, HWPX, HTML; not README.md or NAME.expected.json)
is read as ingestion reads it (`ingest_file`: decoded, its NAME.meta.json sidecar applied), untimed.
The timing covers `orchestration.raw_load.extract_stored` only, called as a build calls it (kind,
date and region from the metadata, the layout's tables, the OCR flag), and after every 25th
document what a build's worker does between two chunks of 25 (`settle_between_chunks`: a young
collection, then the survivors frozen out of full collections), after one untimed warm-up
document per kind (regexes compiled, reference tables loaded). One pass extracts every document once,
in order, in one process. `--repeat N` runs N passes, each in a fresh process (so the extractors'
caches of lines and column names are only as warm as one pass makes them), and keeps each
document's fastest time: a busy shared machine disturbs the figure less. MB/s is UTF-8 bytes of
text over the sum of those times. `--cold` empties those bounded caches (every `lru_cache` with a
maxsize in `orchestration.extract`) before each document: the speed on text never seen before.
The profile is a separate cProfile pass (own time, by file and by function) over one document in
`--profile-every`, drawn at random (seed 0), with the bounded caches emptied first.

`--dump FILE` writes one canonical JSON line per document (every record's `to_dict`, rejected,
errors, fiscal year, region, figure lines, skipped lines, outside lines); `--check-against FILE`
compares this run's lines with such a file and exits 1 on any difference, naming the first ones.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def load_documents(folder: Path) -> list[Any]:
    """The folder's documents as ingestion reads them (rejected files left out, with a note)."""
    from orchestration.ingest.decode import KNOWN_SUFFIXES
    from orchestration.ingest.documents import Document, ingest_file, list_candidate_files

    docs = []
    for path in list_candidate_files(folder):
        if path.suffix.lower() not in KNOWN_SUFFIXES or path.name == "README.md":
            continue
        item = ingest_file(path, max_bytes=1 << 30)
        if isinstance(item, Document):
            docs.append(item)
        else:
            print(f"skipped {path.name}: {item.reason}", file=sys.stderr)
    return docs


def extract(doc: Any) -> Any:
    from orchestration.raw_load import extract_stored

    m = doc.metadata
    return extract_stored(doc.text, m.kind, doc.doc_id, m.published_on, m.region, doc.layout, doc.ocr)


def canonical(doc: Any, result: Any) -> str:
    """Everything an extraction says about one document, as one line of sorted-key JSON."""
    return json.dumps(
        {
            "file": doc.file_name,
            "kind": result.kind,
            "records": [r.to_dict() for r in result.records],
            "rejected": result.rejected,
            "errors": result.errors,
            "fiscal_year": result.fiscal_year,
            "region": result.region,
            "figure_lines": sorted(result.figure_lines),
            "skipped": sorted(result.skipped.items()),
            "outside": sorted(result.outside),
        },
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )


def bounded_caches() -> list[Any]:
    """The extractors' `lru_cache`s with a maxsize (caches of lines, cells, names), not the
    unbounded `@cache`s that load lexicons and compile patterns once."""
    import functools

    found = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("orchestration.extract"):
            continue
        for obj in vars(module).values():
            params = getattr(obj, "cache_parameters", None)
            if isinstance(obj, functools._lru_cache_wrapper) and params and params()["maxsize"] is not None:
                found.append(obj)
    return list({id(f): f for f in found}.values())


def one_pass(docs: list[Any], cold: bool = False) -> tuple[list[float], list[str]]:
    """Seconds per document and the canonical lines, one extraction of each document in order."""
    for kind in sorted({d.metadata.kind for d in docs}):  # warm-up, untimed
        extract(next(d for d in docs if d.metadata.kind == kind))
    from orchestration.parallel_extract import CHUNK_DOCUMENTS, settle_between_chunks

    caches = bounded_caches() if cold else []
    times, lines = [], []
    for n, doc in enumerate(docs, start=1):
        for c in caches:
            c.cache_clear()
        t0 = time.process_time()
        result = extract(doc)
        if n % CHUNK_DOCUMENTS == 0:
            settle_between_chunks()  # as a build's worker does between chunks (timed with this document)
        times.append(time.process_time() - t0)
        lines.append(canonical(doc, result))
    gc.unfreeze()  # (a worker ends by os._exit; here frozen objects would outlive the interpreter)
    return times, lines


def time_extraction(args: argparse.Namespace, docs: list[Any]) -> tuple[dict[str, Any], list[str]]:
    """Best-of-`--repeat` seconds per document (each pass a fresh process), summed overall and by kind."""
    times, lines = one_pass(docs, args.cold)
    for _ in range(args.repeat - 1):
        with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
            cmd = [sys.executable, __file__, str(args.folder), "--_pass", tmp.name]
            subprocess.run(cmd + (["--cold"] if args.cold else []), check=True)
            times = [min(a, b) for a, b in zip(times, json.loads(Path(tmp.name).read_text()), strict=True)]
    by_kind: dict[str, dict[str, float]] = {}
    for doc, seconds in zip(docs, times, strict=True):
        k = by_kind.setdefault(doc.metadata.kind, {"docs": 0, "bytes": 0, "seconds": 0.0})
        k["docs"] += 1
        k["bytes"] += len(doc.text.encode("utf-8"))
        k["seconds"] += seconds

    def rate(v: dict[str, float]) -> float | None:
        return v["bytes"] / 1e6 / v["seconds"] if v["seconds"] else None

    total = {key: sum(v[key] for v in by_kind.values()) for key in ("docs", "bytes", "seconds")}
    kinds = {kind: {**v, "mb_per_s": rate(v)} for kind, v in sorted(by_kind.items())}
    return {**total, "mb_per_s": rate(total), "by_kind": kinds}, lines


def sample(docs: list[Any], every: int) -> list[Any]:
    """One document in `every`, drawn at random (seed 0) in corpus order: a generated corpus cycles
    through its kinds, so every n-th document could be of a few kinds only."""
    import random

    picked = random.Random(0).sample(range(len(docs)), max(1, len(docs) // every))
    return [docs[i] for i in sorted(picked)]


def profile(docs: list[Any], top: int = 15) -> dict[str, Any]:
    """cProfile over `docs`: own time by file and the functions with most own time. The bounded
    caches are emptied first, so the timed pass that ran before does not hide the work."""
    import cProfile
    import pstats

    for c in bounded_caches():
        c.cache_clear()
    prof = cProfile.Profile()
    prof.enable()
    for doc in docs:
        extract(doc)
    prof.disable()
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.values()) or 1.0
    rows, by_file = [], {}
    for (file, line, func), (_, ncalls, tottime, cumtime, _) in stats.items():
        short = file.replace(str(ROOT) + os.sep, "").replace("orchestration/extract/", "")
        if file == "~":
            short = "builtins"  # C methods: re.Pattern.search/sub/match, str.split ...
        elif short.startswith("/"):
            short = f"stdlib {Path(file).name}"
        rows.append(
            {"function": f"{short}:{line}({func})", "calls": ncalls, "own": tottime / total, "cum_s": cumtime}
        )
        by_file[short] = by_file.get(short, 0.0) + tottime / total
    rows.sort(key=lambda r: -r["own"])
    files = sorted(by_file.items(), key=lambda kv: -kv[1])
    return {"seconds": total, "docs": len(docs), "top": rows[:top], "by_file": files[:10]}


def check(lines: list[str], docs: list[Any], against: Path) -> list[str]:
    """Differences between this run's canonical lines and a dump: one message per document."""
    before = against.read_text(encoding="utf-8").splitlines()
    if len(before) != len(lines):
        return [f"{len(lines)} documents now, {len(before)} in {against}"]
    out = []
    for doc, old, new in zip(docs, before, lines, strict=True):
        if old != new:
            a, b = json.loads(old), json.loads(new)
            keys = [k for k in a if a[k] != b.get(k)]
            out.append(f"{doc.file_name}: differs in {', '.join(keys)}")
    return out


def markdown(args: argparse.Namespace, speed: dict[str, Any], prof: dict[str, Any]) -> str:
    mb = speed["bytes"] / 1e6
    how = "caches emptied before each document (`--cold`)" if args.cold else "caches as one pass leaves them"
    out = [
        f"Corpus `{args.folder}`: {speed['docs']:,} documents, {mb:.2f} MB of UTF-8 text; `extract_stored` "
        f"timed per document in one process, {how}; best of {args.repeat} passes (each a fresh process) "
        "per document.",
        "",
        "| kind | docs | text MB | seconds | MB/s |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind, v in [*speed["by_kind"].items(), ("**all**", speed)]:
        out.append(
            f"| {kind} | {v['docs']:,} | {v['bytes'] / 1e6:.2f} | {v['seconds']:.2f} | {v['mb_per_s']:.2f} |"
        )
    if prof:
        files = ", ".join(f"{f} {share:.0%}" for f, share in prof["by_file"])
        out += [
            "",
            f"Profile (cProfile, own time, {prof['docs']} documents, {prof['seconds']:.1f} s under the "
            f"profiler): by file {files}.",
            "",
            "| function | calls | own share | cumulative s |",
            "|---|---:|---:|---:|",
        ]
        out += [
            f"| `{r['function']}` | {r['calls']:,} | {r['own']:.1%} | {r['cum_s']:.2f} |" for r in prof["top"]
        ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="a corpus folder (documents + NAME.meta.json sidecars)")
    parser.add_argument("--repeat", type=int, default=3, help="passes (fresh processes), fastest kept (3)")
    parser.add_argument("--cold", action="store_true", help="empty the line caches before each document")
    parser.add_argument("--_pass", type=Path, help=argparse.SUPPRESS)  # a child pass: its times as JSON
    parser.add_argument("--profile-every", type=int, default=4, help="profile 1 in N documents; 0: none")
    parser.add_argument("--dump", type=Path, help="write the canonical records, one JSON line per document")
    parser.add_argument("--check-against", type=Path, help="compare with a --dump file; exit 1 if different")
    parser.add_argument("--results", type=Path, help="append the report to this markdown file")
    args = parser.parse_args(argv)
    started = datetime.now(UTC)

    args.repeat = max(1, args.repeat)
    docs = load_documents(args.folder)
    if args._pass:
        args._pass.write_text(json.dumps(one_pass(docs, args.cold)[0]))
        return 0
    speed, lines = time_extraction(args, docs)
    prof = profile(sample(docs, args.profile_every)) if args.profile_every else {}
    report = markdown(args, speed, prof)
    print(report)
    status = 0
    if args.dump:
        args.dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"\nwrote {len(lines)} documents' records to {args.dump}")
    if args.check_against:
        diffs = check(lines, docs, args.check_against)
        print(f"\noutput vs {args.check_against}: " + ("identical" if not diffs else f"{len(diffs)} differ"))
        for d in diffs[:20]:
            print(f"  {d}")
        status = 1 if diffs else 0
    if args.results:
        from benchmarks.run import append_report, machine_info

        m = machine_info()
        head = [
            f"## Extraction speed, {started:%Y-%m-%d %H:%M} UTC",
            "",
            f"Machine: {m['nproc']} cores ({m['cpu']}), {platform.platform()}; Python "
            f"{platform.python_version()}; commit {m.get('commit') or '?'}. `benchmarks/extraction_speed.py`.",
            "",
        ]
        append_report(args.results, "\n".join(head) + "\n" + report + "\n")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
