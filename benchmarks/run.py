"""Benchmark the warehouse on the synthetic corpus and append the figures to benchmarks/results.md.

    python benchmarks/run.py                         # 100, 1,000 and 10,000 documents (make bench)
    python benchmarks/run.py --sizes 100,1000 --no-append
    python benchmarks/run.py --smoke --workdir /tmp/bench_smoke   # 20 documents, one build (make test)

Measures (issue 9):

1. extraction: the pure extractors over the largest corpus's texts in one process: MB/s of UTF-8
   text (time spent inside `extract_document` only); then `ict-warehouse eval`'s scores
   (`orchestration.evaluation.evaluate_document`) against the corpus's NAME.expected.json labels:
   recall, precision and trap errors overall, per fact family and per variation value of the
   generator's catalogue (regressions of the variation the corpus holds, not quality on real
   documents);
2. a full build from empty per size (`orchestration.cli.run_build` in a child process that ends as
   `ict-warehouse build` does, without the interpreter's teardown): wall time,
   the time of each Dagster step grouped into ingest / extract / checks (GX) / dbt / publish, and the
   peak memory (max RSS of the child and its own children, such as dbt, from `os.wait4`);
3. incremental, on the largest warehouse: one new document added, then a run with nothing new;
4. the app's queries (`app/data.py`, uncached) and the README's analyst queries on the largest
   warehouse, read-only: p50 / p95 over `--reps` repetitions;

then prints a markdown report (with the 100 -> 1,000 -> 10,000 ratios and one line per target:
met / missed and by how much) and appends it, with the machine and the date, to
benchmarks/results.md. Every heavy step runs in a child process; logs and JSON go to --workdir.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import generate_corpus as gc  # noqa: E402
from benchmarks.app_queries import write_queries  # noqa: E402

DEFAULT_SIZES = (100, 1_000, 10_000)
SMOKE_DOCS = 20
DEFAULT_WORKDIR = Path("/tmp/bench_ictwh")
RESULTS_MD = Path(__file__).resolve().parent / "results.md"
STAGES = ("ingest", "extract", "checks", "dbt", "publish")
STAGE_OF_STEP = {
    "raw_documents": "ingest",
    "document_extractions": "extract",
    "extracted_records": "extract",
    "warehouse_dbt_models": "dbt",
    "published_warehouse": "publish",
}  # every other step evaluates asset checks (the GX suites of one writer): "checks"

# Issue 9's targets (2-core machine).
TARGET_EXTRACT_MB_S = 3.0  # per core (issue 17)
TARGET_RECALL = 1.0  # synthetic: every labelled fact of the variation the corpus holds
TARGET_TRAP_ERRORS = 0
TARGET_BUILD_S = 180.0  # 10,000 documents from empty
TARGET_BUILD_DOCS = 10_000
TARGET_PEAK_GIB = 2.0
TARGET_ADD_ONE_S = 20.0
TARGET_ADD_ONE_SHARE = 0.10  # of the full build
TARGET_NOOP_S = 2.0  # `ict-warehouse build` with nothing changed (issue 17)
TARGET_QUERY_P95_MS = 200.0

# README.md's analyst queries (used when app/data.py is absent, and reported beside it; timed by
# benchmarks/app_queries.py).
ANALYST_QUERIES = (
    "execution_rate_by_department",
    "programs_under_half_committed",
    "open_findings_with_program_execution",
    "plan_by_institution_over_years",
)


def log(msg: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


# --- the corpus -------------------------------------------------------------------------------------


def prepare_corpus(workdir: Path, docs: int, seed: int) -> Path:
    """Documents 0..docs-1 of `seed` in workdir/corpus (regenerated unless already there)."""
    corpus = workdir / "corpus"
    stamp = corpus / ".corpus.json"
    want = {"docs": docs, "seed": seed, "generator": gc.GENERATOR_VERSION}
    if stamp.exists():
        try:
            have = json.loads(stamp.read_text())
        except (OSError, json.JSONDecodeError):
            have = {}
        if (
            have.get("seed") == seed
            and have.get("generator") == gc.GENERATOR_VERSION
            and have.get("docs", 0) >= docs
        ):
            return corpus
    if corpus.exists():
        shutil.rmtree(corpus)
    log(f"generating {docs} documents (seed {seed}) into {corpus}")
    stats = gc.write_corpus(corpus, docs, seed)
    log(f"  {stats['bytes'] / 1e6:.1f} MB, kinds {stats['kinds']}, {stats['seconds']:.1f} s")
    stamp.write_text(json.dumps(want))
    return corpus


def documents_folder(workdir: Path, corpus: Path, n: int) -> Path:
    """A fresh documents folder with the first n documents (text + sidecar, hard-linked)."""
    folder = workdir / f"docs_{n}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for i in range(n):
        name = gc.document_name(i)
        for suffix in (".txt", ".meta.json"):
            src = corpus / f"{name}{suffix}"
            try:
                os.link(src, folder / src.name)
            except OSError:
                shutil.copy2(src, folder / src.name)
    return folder


def add_document(folder: Path, seed: int, index: int) -> str:
    """Write document `index` of the corpus (text + sidecar only) into a documents folder."""
    doc = gc.generate_document(seed, index)
    (folder / f"{doc.name}.txt").write_text(doc.text, encoding="utf-8")
    (folder / f"{doc.name}.meta.json").write_text(
        json.dumps(doc.meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return doc.name


# --- child processes ----------------------------------------------------------------------------------


def run_child(
    args: list[str], *, log_path: Path, env: dict[str, str] | None = None, timeout: float | None = None
) -> dict[str, Any]:
    """Run `python benchmarks/run.py <args>` in its own session; wall time, peak RSS, exit status.

    The peak RSS is the child's `ru_maxrss` from wait4: the largest resident set of the child and
    of its descendants it waited for (dbt), in KiB on Linux.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    child_env = {**os.environ, **(env or {})}
    child_env.setdefault("GX_ANALYTICS_ENABLED", "false")
    child_env.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    child_env.setdefault("DO_NOT_TRACK", "1")
    child_env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), child_env.get("PYTHONPATH", "")) if p)
    started = time.perf_counter()
    with open(log_path, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), *args],
            cwd=ROOT,
            env=child_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.perf_counter() - started > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGTERM)
                time.sleep(5)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall_s": time.perf_counter() - started,
        "peak_rss_mib": usage.ru_maxrss / 1024,
        "exit": proc.returncode,
        "timed_out": timed_out,
        "log": str(log_path),
    }


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


# .. extraction (child) ..................................................................................


def child_extract(corpus: Path, docs: int, out: Path, profile: int) -> None:
    """Time the extractors on the corpus, then score them with `orchestration.evaluation`.

    The timing covers `extract_document` only (on the decoded text, with the sidecar's kind and
    date, as a build calls it), and what a build's worker does between chunks of documents
    (`settle_between_chunks`, after every chunk's worth). The scores are `ict-warehouse eval`'s
    own: `evaluate_document` on each text and its NAME.expected.json (it decodes and extracts
    again, untimed), so the rule that says what a found fact is lives in one place. The labels'
    `_variation` (not scored) tags every document with the catalogue values it was drawn with; the
    scores are summed per value.
    """
    from gc import unfreeze

    from orchestration.evaluation import evaluate_document
    from orchestration.evaluation.score import summarise
    from orchestration.extract import extract_document
    from orchestration.ingest.decode import decode_document
    from orchestration.parallel_extract import CHUNK_DOCUMENTS, settle_between_chunks

    by_kind: dict[str, dict[str, float]] = {}
    total_bytes = 0
    seconds = 0.0
    inputs = []
    for i in range(docs):
        name = gc.document_name(i)
        text_path = corpus / f"{name}.txt"
        decoded = decode_document(text_path.read_bytes(), text_path.name)
        meta = json.loads((corpus / f"{name}.meta.json").read_text(encoding="utf-8"))
        published = date.fromisoformat(meta["published_on"]) if meta.get("published_on") else None
        inputs.append((name, decoded.text, meta["kind"], published))
    # warm-up, not timed: regexes compiled and reference tables loaded on first use
    for kind in sorted({kind for _, _, kind, _ in inputs}):
        name, text, _, published = next(x for x in inputs if x[2] == kind)
        extract_document(text, kind, doc_id=name, published_on=published)
    for n, (name, text, kind, published) in enumerate(inputs, start=1):
        size = len(text.encode("utf-8"))
        t0 = time.perf_counter()
        extract_document(text, kind, doc_id=name, published_on=published)
        if n % CHUNK_DOCUMENTS == 0:
            settle_between_chunks()  # as a build's worker does between chunks (timed with this document)
        dt = time.perf_counter() - t0
        seconds += dt
        total_bytes += size
        k = by_kind.setdefault(kind, {"docs": 0, "bytes": 0, "seconds": 0.0})
        k["docs"] += 1
        k["bytes"] += size
        k["seconds"] += dt
    unfreeze()  # (a worker ends by os._exit; this process's frozen objects would outlive the interpreter)

    scored = []
    for name, *_ in inputs:
        labels_path = corpus / f"{name}.expected.json"
        variation = json.loads(labels_path.read_text(encoding="utf-8")).get("_variation", {})
        scored.append((evaluate_document(corpus / f"{name}.txt", labels_path), variation))
    report: dict[str, Any] = {
        "docs": docs,
        "bytes": total_bytes,
        "seconds": seconds,
        "mb_per_s": total_bytes / 1e6 / seconds if seconds else None,
        "by_kind": {
            kind: {**v, "mb_per_s": v["bytes"] / 1e6 / v["seconds"] if v["seconds"] else None}
            for kind, v in sorted(by_kind.items())
        },
        **eval_report(scored, summarise),
    }
    if profile:
        report["profile"] = _profile_extraction(inputs[:profile])
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


def _score_json(s: Any, docs: int | None = None) -> dict[str, Any]:
    from orchestration.evaluation import family_json

    out = family_json(s)
    return out if docs is None else {"docs": docs, **out}


def eval_report(scored: list[tuple[Any, dict[str, str]]], summarise: Any) -> dict[str, Any]:
    """The eval's figures over all documents, per fact family and per variation value.

    `scored` holds (DocumentScore, the document's `_variation`). Per value (`flattening=pipes`):
    the documents drawn with it and their facts, found, recall, precision and trap errors."""
    documents = [d for d, _ in scored]
    families = summarise(documents)
    groups: dict[str, dict[str, list[Any]]] = {}
    for doc, variation in scored:
        for axis, value in variation.items():
            groups.setdefault(axis, {}).setdefault(value, []).append(doc)
    order = list(gc.VARIATIONS)
    variations = {
        axis: {
            value: _score_json(summarise(docs)["all"], len(docs))
            for value, docs in sorted(
                groups[axis].items(),
                key=lambda kv: (
                    gc.VARIATIONS[axis].index(kv[0]) if kv[0] in gc.VARIATIONS.get(axis, ()) else 99
                ),
            )
        }
        for axis in sorted(groups, key=lambda a: order.index(a) if a in order else len(order))
    }
    missed = [f"{d.name}: {f.brief()}" for d in documents for f in d.missed]
    extra = [f"{d.name}: {f.brief()} ({f.where})" for d in documents for f in d.false_positives]
    traps = [f"{d.name}: {f.brief()} ({f.where})" for d in documents for f in d.trap_errors]
    return {
        "overall": _score_json(families["all"], len(documents)),
        "families": {k: _score_json(v) for k, v in families.items() if k != "all"},
        "variations": variations,
        "extractor_errors": [f"{d.name}: {d.error}" for d in documents if d.error],
        "missed": missed[:10],
        "false_positives": extra[:10],
        "trap_errors": traps[:10],
    }


def _profile_extraction(inputs: list[tuple]) -> dict[str, Any]:
    """The functions where extraction spends its time (cProfile, own time), on a sample."""
    import cProfile
    import pstats

    from orchestration.extract import extract_document

    prof = cProfile.Profile()
    prof.enable()
    for name, text, kind, published in inputs:
        extract_document(text, kind, doc_id=name, published_on=published)
    prof.disable()
    stats = pstats.Stats(prof)
    total = sum(v[2] for v in stats.stats.values()) or 1.0  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_, ncalls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        short = file.replace(str(ROOT) + os.sep, "").replace("orchestration/extract/", "")
        if file == "~":
            short = "builtins"  # C methods: re.Pattern.sub/search/match, str.replace ...
        elif "site-packages" in short or short.startswith("/"):
            short = f"stdlib {Path(file).name}" if "site-packages" not in short else Path(file).name
        rows.append(
            {
                "function": f"{short}:{line}({func})",
                "calls": ncalls,
                "own_share": tottime / total,
                "cum_s": cumtime,
            }
        )
    rows.sort(key=lambda r: -r["own_share"])
    return {"top": rows[:12], "by_file": _profile_by_file(rows)}


def _profile_by_file(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Own time per source file (regex and str methods of the stdlib apart)."""
    out: dict[str, float] = {}
    for r in rows:
        where = r["function"].split(":", 1)[0]
        out[where] = out.get(where, 0.0) + r["own_share"]
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


# .. builds (child) .......................................................................................


def child_build(documents: Path, home: Path, out: Path) -> None:
    import resource

    from orchestration.cli import run_build
    from orchestration.fingerprint import up_to_date
    from orchestration.settings import load_settings

    settings = load_settings(documents, home)
    t0 = time.perf_counter()
    if up_to_date(settings):  # as `ict-warehouse build` answers, before Dagster starts
        report = {"published": False, "up_to_date": True, "build_s": time.perf_counter() - t0, "steps": {}}
        out.write_text(json.dumps(report), encoding="utf-8")
        return
    outcome = run_build(settings, quiet=True)
    build_s = time.perf_counter() - t0
    report: dict[str, Any] = {
        "run_id": outcome.run_id,
        "published": outcome.published,
        # nothing changed since the served warehouse: the run stopped after ingestion (no-op)
        "up_to_date": bool(getattr(outcome, "up_to_date", False)),
        "failures": outcome.failures[:10],
        "build_s": build_s,
        "self_peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_peak_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        **run_events(outcome.run_id),
    }
    summary = _read_json(Path(outcome.report)) if outcome.report else {}
    report["documents"] = summary.get("documents")
    report["served_db"] = str(settings.served_db)
    report["served_db_mib"] = (
        settings.served_db.stat().st_size / 2**20 if settings.served_db.exists() else None
    )
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


def run_events(run_id: str | None = None) -> dict[str, Any]:
    """Step durations of a Dagster run (the latest when run_id is None) from its event log."""
    import dagster as dg

    instance = dg.DagsterInstance.get()
    if run_id is None:
        runs = instance.get_runs(limit=1)
        if not runs:
            return {"steps": {}}
        run_id = runs[0].run_id
    started: dict[str, float] = {}
    steps: dict[str, dict[str, Any]] = {}
    run_start = run_end = None
    extract_meta: dict[str, Any] = {}
    for entry in instance.all_logs(run_id):
        ev = entry.dagster_event
        if ev is None:
            continue
        kind = ev.event_type_value
        if kind in ("RUN_START", "PIPELINE_START"):
            run_start = entry.timestamp
        elif kind in ("RUN_SUCCESS", "RUN_FAILURE", "PIPELINE_SUCCESS", "PIPELINE_FAILURE"):
            run_end = entry.timestamp
        elif kind == "STEP_START" and ev.step_key:
            started[ev.step_key] = entry.timestamp
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and ev.step_key:
            begin = started.pop(ev.step_key, entry.timestamp)
            steps[ev.step_key] = {"seconds": entry.timestamp - begin, "status": kind}
        elif kind == "ASSET_MATERIALIZATION" and (ev.step_key or "").startswith("document_extractions"):
            # one event per batch partition, with the number of documents it extracted
            extracted = ev.event_specific_data.materialization.metadata.get("extracted")
            extract_meta["documents"] = extract_meta.get("documents", 0) + int(getattr(extracted, "value", 0))
            extract_meta["batches"] = extract_meta.get("batches", 0) + 1
    for step, begin in started.items():  # still running (a killed run)
        steps[step] = {"seconds": (run_end or time.time()) - begin, "status": "RUNNING"}
    return {
        "run_id": run_id,
        "run_s": (run_end - run_start) if run_start and run_end else None,
        "steps": steps,
        "extract": extract_meta,
    }


def stage_times(steps: dict[str, dict[str, Any]]) -> dict[str, float]:
    out = dict.fromkeys(STAGES, 0.0)
    for step, info in steps.items():
        # the extraction graph's steps are `document_extractions.<op>`
        out[STAGE_OF_STEP.get(step.split(".")[0], "checks")] += float(info["seconds"])
    return out


def build(label: str, workdir: Path, documents: Path, home: Path, timeout: float | None) -> dict[str, Any]:
    out = workdir / "results" / f"{label}.json"
    out.unlink(missing_ok=True)
    env = {"DAGSTER_HOME": str(home / "dagster"), "ICTWH_HOME": str(home)}
    res = run_child(
        ["_build", str(documents), str(home), str(out)],
        log_path=workdir / "logs" / f"{label}.log",
        env=env,
        timeout=timeout,
    )
    info = _read_json(out)
    if not info and res["timed_out"]:
        ev_out = workdir / "results" / f"{label}.events.json"
        run_child(["_events", str(ev_out)], log_path=workdir / "logs" / f"{label}.events.log", env=env)
        info = {"published": False, "failures": ["timed out"], **_read_json(ev_out)}
    info.update(res)
    info["stages"] = stage_times(info.get("steps", {}))
    info["other_s"] = max(0.0, res["wall_s"] - sum(info["stages"].values()))
    return info


# --- the report -------------------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        m = re.search(r"model name\s*:\s*(.+)", cpuinfo)
        info["cpu"] = m.group(1).strip() if m else platform.processor()
    except OSError:
        info["cpu"] = platform.processor() or "?"
    try:
        m = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
        info["memory_gib"] = round(int(m.group(1)) / 2**20, 1) if m else None
    except OSError:
        info["memory_gib"] = None
    from importlib.metadata import PackageNotFoundError, version

    for pkg in ("duckdb", "dagster", "dbt-core", "dbt-duckdb", "great-expectations"):
        try:
            info[pkg] = version(pkg)
        except PackageNotFoundError:
            info[pkg] = None
    try:
        info["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        info["commit"] = None
    return info


def _s(x: float | None, digits: int = 1) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def _ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "-"
    return f"{b / a:.1f}x"


def _build_row(label: str, b: dict[str, Any]) -> str:
    st = b.get("stages", {})
    if b.get("published"):
        status = "published"
    elif b.get("up_to_date"):
        status = "up to date (nothing built)"
    else:
        status = "TIMED OUT" if b.get("timed_out") else "NOT published"
    return (
        f"| {label} | {_s(b.get('wall_s'))} | "
        + " | ".join(_s(st.get(s)) for s in STAGES)
        + f" | {_s(b.get('other_s'))} | {_s(b.get('peak_rss_mib'), 0)} | {status} |"
    )


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    ext = results.get("extraction") or {}
    builds: dict[str, dict[str, Any]] = results.get("builds", {})
    out: list[str] = []
    title = "smoke" if results["smoke"] else "sizes " + ", ".join(f"{n:,}" for n in results["sizes"])
    out += [f"## {results['started'][:16].replace('T', ' ')} UTC: {title} (seed {results['seed']})", ""]
    out += [
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB RAM, {m['platform']}; Python "
        f"{m['python']}, DuckDB {m['duckdb']}, Dagster {m['dagster']}, dbt-core {m['dbt-core']}, "
        f"dbt-duckdb {m['dbt-duckdb']}, GX {m['great-expectations']}; commit {m['commit'] or '?'} "
        f"(plus uncommitted changes, if any); corpus generator v{results['generator']}. Total benchmark time "
        f"{_s(results.get('total_s'), 0)} s.",
        "",
    ]

    # extraction
    if ext:
        ov = ext["overall"]
        out += ["### Extraction (pure extractors, one process) and its eval on the synthetic labels", ""]
        out += [
            "Scored by `orchestration.evaluation` (`ict-warehouse eval`'s rule) against each document's "
            "NAME.expected.json. The synthetic corpus measures speed and regressions of the variation it "
            "was drawn from, not quality on real documents (DESIGN.md principle 9).",
            "",
        ]
        out += [
            "| docs | text MB | seconds | MB/s | recall | precision | trap errors | facts (labelled / found) |"
        ]
        out += ["|---:|---:|---:|---:|---:|---:|---:|---:|"]
        out += [
            f"| {ext['docs']:,} | {ext['bytes'] / 1e6:.1f} | {ext['seconds']:.1f} | {_s(ext['mb_per_s'], 2)} | "
            f"{_s(ov['recall'], 4)} | {_s(ov['precision'], 4)} | {ov['trap_errors']:,} | "
            f"{ov['facts']:,} / {ov['found']:,} |"
        ]
        out += [""]
        kinds = ", ".join(
            f"{k} {v['docs']:,} docs {v['bytes'] / 1e6:.1f} MB at {_s(v['mb_per_s'], 2)} MB/s"
            for k, v in ext["by_kind"].items()
        )
        out += [f"By kind: {kinds}.", ""]
        if ext.get("extractor_errors"):
            errors = ext["extractor_errors"]
            out += [f"Extractor errors: {len(errors)} documents, e.g. {errors[0]}.", ""]
        out += [
            "| fact family | facts | found | recall | precision | trap errors |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for fam, sc in ext["families"].items():
            out += [
                f"| {fam} | {sc['facts']:,} | {sc['found']:,} | {_s(sc['recall'], 4)} | "
                f"{_s(sc['precision'], 4)} | {sc['trap_errors']:,} |"
            ]
        out += [""]
        out += ["#### Recall per variation value", ""]
        out += [
            "Each document is drawn with one value on every axis of `generate_corpus.VARIATIONS` that "
            "applies to its kind; a row sums the documents drawn with that value.",
            "",
        ]
        out += [
            "| axis | value | docs | facts | recall | precision | trap errors |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for axis, values in ext.get("variations", {}).items():
            for value, sc in values.items():
                out += [
                    f"| {axis} | {value} | {sc['docs']:,} | {sc['facts']:,} | {_s(sc['recall'], 4)} | "
                    f"{_s(sc['precision'], 4)} | {sc['trap_errors']:,} |"
                ]
        out += [""]
        if ext.get("missed"):
            out += ["First missed facts: " + "; ".join(ext["missed"][:3]) + ".", ""]
        prof = ext.get("profile")
        if isinstance(prof, dict) and prof.get("top"):
            out += [
                "Where extraction time goes (cProfile, own time, on the first "
                f"{results.get('profile_docs')} documents): by file "
                + ", ".join(f"{f} {share:.0%}" for f, share in list(prof["by_file"].items())[:7])
                + "; by function "
                + ", ".join(f"`{p['function']}` {p['own_share']:.0%}" for p in prof["top"][:8])
                + ".",
                "",
            ]

    # builds
    head = "| run | wall s | " + " | ".join(f"{s} s" for s in STAGES) + " | other s | peak RSS MiB | result |"
    sep = "|---|" + "---:|" * (len(STAGES) + 3) + "---|"
    full = {int(k.split("_")[1]): v for k, v in builds.items() if k.startswith("full_")}
    if full:
        out += ["### Full builds from empty", ""]
        out += [
            "Wall = the child process from start to exit (interpreter, imports, Dagster, dbt); stages = "
            "the Dagster steps' durations (checks = the GX asset-check steps, dbt = `dbt build` with its "
            "tests); other = wall - stages (start-up, imports, Dagster orchestration); peak RSS = "
            "the child and its children (dbt), from wait4.",
            "",
            head,
            sep,
        ]
        for n, b in sorted(full.items()):
            out += [_build_row(f"{n:,} docs", b)]
        out += [""]
        sizes = sorted(full)
        if len(sizes) >= 2:
            pairs = list(itertools.pairwise(sizes))
            out += [
                "Growth (time at the larger size / time at the smaller; linear = the ratio of documents):",
                "",
            ]
            out += ["| measure | " + " | ".join(f"{a:,} -> {b:,} ({b // a}x docs)" for a, b in pairs) + " |"]
            out += ["|---|" + "---:|" * len(pairs)]
            rows = [("wall", lambda b: b.get("wall_s"))]
            rows += [(s, lambda b, s=s: b["stages"].get(s)) for s in STAGES]
            rows += [("peak RSS", lambda b: b.get("peak_rss_mib"))]
            for name, get in rows:
                out += [
                    f"| {name} | " + " | ".join(_ratio(get(full[a]), get(full[b])) for a, b in pairs) + " |"
                ]
            out += [""]
            slow = max(
                full[sizes[-1]].get("steps", {}).items(), key=lambda kv: kv[1]["seconds"], default=None
            )
            if slow:
                top = sorted(full[sizes[-1]]["steps"].items(), key=lambda kv: -kv[1]["seconds"])[:6]
                out += [
                    f"Slowest steps at {sizes[-1]:,} documents: "
                    + ", ".join(f"{k} {v['seconds']:.1f} s" for k, v in top)
                    + ".",
                    "",
                ]
    inc = {k: v for k, v in builds.items() if k in ("add_one", "noop")}
    if inc:
        n = max(full) if full else 0
        out += [f"### Incremental ({n:,}-document warehouse)", "", head, sep]
        if "add_one" in inc:
            ex = inc["add_one"].get("extract") or {}
            out += [
                _build_row(
                    f"add 1 document (documents extracted: {ex.get('documents', 0)}, in {ex.get('batches', 0)} batch)",
                    inc["add_one"],
                )
            ]
        if "noop" in inc:
            ex = inc["noop"].get("extract") or {}
            what = (
                "nothing changed: stopped after ingest"
                if inc["noop"].get("up_to_date")
                else f"documents extracted: {ex.get('documents', 0)}"
            )
            out += [_build_row(f"no-op re-run ({what})", inc["noop"])]
        out += [""]

    # queries
    q = results.get("queries") or {}
    if q:
        out += [
            f"### Queries on the {q.get('docs', 0):,}-document warehouse (read-only, {q['reps']} repetitions)",
            "",
        ]
        if q.get("app"):
            out += [
                f"App ({q.get('app_mode')}):",
                "",
                "| query | p50 ms | p95 ms | rows |",
                "|---|---:|---:|---:|",
            ]
            for name, r in q["app"].items():
                if "error" in r:
                    out += [f"| {name} | error: {r['error'][:80]} | | |"]
                else:
                    out += [
                        f"| {name} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['rows'] if r['rows'] is not None else ''} |"
                    ]
            out += [""]
        elif q.get("app_error"):
            out += [f"App queries not run: {q['app_error']}", ""]
        if q.get("analyst"):
            out += [
                "README analyst queries:",
                "",
                "| query | p50 ms | p95 ms | rows |",
                "|---|---:|---:|---:|",
            ]
            for name, r in q["analyst"].items():
                if "error" in r:
                    out += [f"| {name} | error: {r['error'][:80]} | | |"]
                else:
                    out += [f"| {name} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['rows']} |"]
            out += [""]

    out += ["### Targets", ""]
    out += [f"- {line}" for line in targets(results)]
    out += [""]
    return "\n".join(out)


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("**met**" if ok else "**missed**")


def targets(results: dict[str, Any]) -> list[str]:
    lines = []
    ext = results.get("extraction") or {}
    builds = results.get("builds", {})
    if ext:
        rate = ext.get("mb_per_s") or 0.0
        ok = rate >= TARGET_EXTRACT_MB_S
        by = "" if ok else f" ({rate:.2f} MB/s, {TARGET_EXTRACT_MB_S / rate:.1f}x too slow)" if rate else ""
        lines.append(
            f"extraction >= {TARGET_EXTRACT_MB_S:g} MB/s per core: {_verdict(ok)}{by or f' ({rate:.2f} MB/s)'}"
        )
        ov = ext["overall"]
        recall = ov["recall"]
        ok = recall is not None and recall >= TARGET_RECALL
        lines.append(
            f"synthetic recall {TARGET_RECALL:g} (regressions, not quality on real documents): {_verdict(ok)} "
            f"({_s(recall, 4)}, {ov['facts'] - ov['found']:,} of {ov['facts']:,} facts missed; "
            f"precision {_s(ov['precision'], 4)})"
        )
        ok = ov["trap_errors"] <= TARGET_TRAP_ERRORS
        lines.append(
            f"trap errors <= {TARGET_TRAP_ERRORS} on the synthetic corpus: {_verdict(ok)} ({ov['trap_errors']:,})"
        )
        values = [
            (f"{axis}={value}", sc)
            for axis, by_value in ext.get("variations", {}).items()
            for value, sc in by_value.items()
            if sc["recall"] is not None
        ]
        if values:
            under = sorted(
                (v for v in values if v[1]["recall"] < TARGET_RECALL), key=lambda v: v[1]["recall"]
            )
            worst = under[0] if under else min(values, key=lambda v: v[1]["recall"])
            lines.append(
                f"every variation value at recall {TARGET_RECALL:g}: {_verdict(not under)} "
                f"({len(under)} of {len(values)} values under; worst {worst[0]} {worst[1]['recall']:.2f} "
                f"over {worst[1]['facts']:,} facts"
                + (
                    "; then " + ", ".join(f"{n} {sc['recall']:.2f}" for n, sc in under[1:6])
                    if len(under) > 1
                    else ""
                )
                + ")"
            )
    big = builds.get(f"full_{TARGET_BUILD_DOCS}")
    if big:
        wall = big["wall_s"]
        ok = bool(big.get("published")) and wall <= TARGET_BUILD_S
        how = f"{wall:.0f} s" + (
            "" if ok else f", {wall - TARGET_BUILD_S:+.0f} s / {wall / TARGET_BUILD_S:.1f}x the target"
        )
        if not big.get("published"):
            how += ", not published" + (" (timed out)" if big.get("timed_out") else "")
        lines.append(
            f"{TARGET_BUILD_DOCS:,} documents from empty in <= {TARGET_BUILD_S:.0f} s: {_verdict(ok)} ({how})"
        )
        peak = big["peak_rss_mib"] / 1024
        ok = peak <= TARGET_PEAK_GIB
        lines.append(
            f"peak memory <= {TARGET_PEAK_GIB:g} GiB: {_verdict(ok)} ({peak:.2f} GiB"
            + ("" if ok else f", {peak - TARGET_PEAK_GIB:+.2f} GiB")
            + ")"
        )
    else:
        lines.append(
            f"{TARGET_BUILD_DOCS:,} documents from empty in <= {TARGET_BUILD_S:.0f} s, <= {TARGET_PEAK_GIB:g} GiB: not measured (size not run)"
        )
    full_sizes = sorted(int(k.split("_")[1]) for k in builds if k.startswith("full_"))
    if len(full_sizes) >= 2:
        worst = 0.0
        for a, b in itertools.pairwise(full_sizes):
            ba, bb = builds[f"full_{a}"], builds[f"full_{b}"]
            pairs = [(ba["wall_s"], bb["wall_s"]), (ba["peak_rss_mib"], bb["peak_rss_mib"])]
            pairs += [(ba["stages"][st], bb["stages"][st]) for st in STAGES]
            # cost per document ratio: time ratio / document ratio (1.0 = linear)
            worst = max([worst] + [(y / x) / (b / a) for x, y in pairs if x > 0.5])
        ok = worst <= 1.1
        lines.append(
            f"cost grows no worse than linearly ({' -> '.join(f'{n:,}' for n in full_sizes)}): {_verdict(ok)} "
            f"(largest growth of wall, peak memory or a stage = {worst:.2f}x the growth of the corpus; "
            "stages under 0.5 s at the smaller size not judged)"
        )
    add, noop = builds.get("add_one"), builds.get("noop")
    full = builds.get(f"full_{max(results['sizes'])}") if results["sizes"] else None
    if add and full:
        wall, share = add["wall_s"], add["wall_s"] / full["wall_s"]
        ok = add.get("published") and wall <= TARGET_ADD_ONE_S and share <= TARGET_ADD_ONE_SHARE
        lines.append(
            f"adding one document <= {TARGET_ADD_ONE_S:.0f} s and <= {TARGET_ADD_ONE_SHARE:.0%} of the full build: "
            f"{_verdict(bool(ok))} ({wall:.1f} s = {share:.0%} of {full['wall_s']:.0f} s"
            + ("" if wall <= TARGET_ADD_ONE_S else f"; {wall - TARGET_ADD_ONE_S:+.1f} s over")
            + ")"
        )
    else:
        lines.append("adding one document: not measured")
    if noop:
        ok = (noop.get("published") or noop.get("up_to_date")) and noop["wall_s"] <= TARGET_NOOP_S
        lines.append(
            f"no-op run <= {TARGET_NOOP_S:.0f} s: {_verdict(bool(ok))} ({noop['wall_s']:.1f} s"
            + (
                ""
                if noop["wall_s"] <= TARGET_NOOP_S
                else f", {noop['wall_s'] / TARGET_NOOP_S:.1f}x the target"
            )
            + ")"
        )
    else:
        lines.append("no-op run: not measured")
    q = results.get("queries") or {}
    measured = {k: v for k, v in (q.get("app") or q.get("analyst") or {}).items() if "p95_ms" in v}
    if measured:
        worst_name, worst = max(measured.items(), key=lambda kv: kv[1]["p95_ms"])
        ok = worst["p95_ms"] <= TARGET_QUERY_P95_MS
        over = [k for k, v in measured.items() if v["p95_ms"] > TARGET_QUERY_P95_MS]
        which = "app" if q.get("app") else "README analyst"
        lines.append(
            f"{which} queries p95 <= {TARGET_QUERY_P95_MS:.0f} ms: {_verdict(ok)} (worst {worst_name} "
            f"{worst['p95_ms']:.0f} ms" + (f"; over: {', '.join(over)}" if over else "") + ")"
        )
    else:
        lines.append("app queries p95: not measured")
    return lines


# --- main -------------------------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(x.replace("_", "").replace(",", "")) for x in text.split(",") if x.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive integers, e.g. 100,1000,10000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0].startswith("_"):
        return child_main(argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="corpus sizes built from empty, comma-separated (default 100,1000,10000)",
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument(
        "--workdir", type=Path, default=DEFAULT_WORKDIR, help=f"scratch folder (default {DEFAULT_WORKDIR})"
    )
    parser.add_argument(
        "--smoke", action="store_true", help=f"{SMOKE_DOCS} documents, one build, few repetitions"
    )
    parser.add_argument("--no-append", action="store_true", help="do not append to benchmarks/results.md")
    parser.add_argument("--append", action="store_true", help="append even with --smoke")
    parser.add_argument("--results", type=Path, default=RESULTS_MD, help="the markdown file appended to")
    parser.add_argument("--reps", type=int, default=None, help="query repetitions (default 20; smoke 2)")
    parser.add_argument("--no-incremental", action="store_true", help="skip the add-one and no-op runs")
    parser.add_argument(
        "--build-timeout", type=float, default=1800.0, help="seconds before a build is stopped"
    )
    parser.add_argument(
        "--profile-docs",
        type=int,
        default=None,
        help="documents profiled with cProfile (default 500; smoke 0)",
    )
    parser.add_argument(
        "--render",
        type=Path,
        default=None,
        metavar="RESULTS_JSON",
        help="print (and append) the report of a saved <workdir>/results/results.json instead of running",
    )
    args = parser.parse_args(argv)
    if args.render:
        results = json.loads(args.render.read_text(encoding="utf-8"))
        report = render(results)
        print(report)
        if not args.no_append and (not results["smoke"] or args.append):
            append_report(args.results, report)
        return 0

    sizes = [SMOKE_DOCS] if args.smoke else args.sizes
    reps = args.reps or (2 if args.smoke else 20)
    profile_docs = args.profile_docs if args.profile_docs is not None else (0 if args.smoke else 500)
    incremental = not (args.smoke or args.no_incremental)
    workdir: Path = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    for sub in ("results", "logs"):
        (workdir / sub).mkdir(exist_ok=True)
    started = datetime.now(UTC)
    t_start = time.perf_counter()
    results: dict[str, Any] = {
        "started": started.isoformat(),
        "smoke": args.smoke,
        "sizes": sizes,
        "seed": args.seed,
        "generator": gc.GENERATOR_VERSION,
        "machine": machine_info(),
        "builds": {},
        "profile_docs": profile_docs,
    }
    biggest = max(sizes)
    corpus = prepare_corpus(workdir, biggest, args.seed)

    log(f"extraction over {biggest} documents")
    out = workdir / "results" / "extraction.json"
    res = run_child(
        ["_extract", str(corpus), str(biggest), str(out), str(profile_docs)],
        log_path=workdir / "logs" / "extraction.log",
    )
    results["extraction"] = _read_json(out) or None
    if results["extraction"]:
        results["extraction"]["peak_rss_mib"] = res["peak_rss_mib"]
        ov = results["extraction"]["overall"]
        log(
            f"  {results['extraction']['mb_per_s']:.2f} MB/s, recall {ov['recall']}, precision {ov['precision']}, "
            f"trap errors {ov['trap_errors']}"
        )
    else:
        log(f"  extraction failed: see {res['log']}")

    for n in sizes:
        docs = documents_folder(workdir, corpus, n)
        home = workdir / f"home_{n}"
        if home.exists():
            shutil.rmtree(home)
        log(f"full build from empty: {n} documents")
        b = build(f"full_{n}", workdir, docs, home, args.build_timeout)
        results["builds"][f"full_{n}"] = b
        log(f"  {b['wall_s']:.1f} s, peak {b['peak_rss_mib']:.0f} MiB, published {b.get('published')}")
        if b.get("timed_out"):
            log("  timed out: the larger sizes are skipped")
            break

    big = results["builds"].get(f"full_{biggest}", {})
    home = workdir / f"home_{biggest}"
    docs = workdir / f"docs_{biggest}"
    if incremental and big.get("published"):
        name = add_document(docs, args.seed, biggest)
        log(f"incremental: add {name} and rebuild")
        results["builds"]["add_one"] = build("add_one", workdir, docs, home, args.build_timeout)
        log(f"  {results['builds']['add_one']['wall_s']:.1f} s")
        log("incremental: no-op rebuild")
        results["builds"]["noop"] = build("noop", workdir, docs, home, args.build_timeout)
        log(f"  {results['builds']['noop']['wall_s']:.1f} s")

    if (home / "warehouse.duckdb").exists():
        log(f"queries on the served warehouse of {biggest} documents ({reps} repetitions)")
        out = workdir / "results" / "queries.json"
        run_child(["_queries", str(home), str(reps), str(out)], log_path=workdir / "logs" / "queries.log")
        results["queries"] = _read_json(out) or None
        if results["queries"]:
            results["queries"]["docs"] = biggest + (1 if "add_one" in results["builds"] else 0)

    results["total_s"] = time.perf_counter() - t_start
    (workdir / "results" / "results.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    report = render(results)
    print(report)
    if not args.no_append and (not args.smoke or args.append):
        append_report(args.results, report)
    log(f"done in {results['total_s']:.0f} s; JSON in {workdir / 'results'}")
    return 0


def append_report(path: Path, report: str) -> None:
    existing = (
        path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n\n" + RESULTS_INTRO
    )
    path.write_text(existing.rstrip("\n") + "\n\n" + report, encoding="utf-8")
    log(f"appended to {path}")


RESULTS_INTRO = (
    "Appended by `benchmarks/run.py` (`make bench`): one section per run, newest last. See "
    "benchmarks/README.md for what is measured and how.\n"
)


def child_main(argv: list[str]) -> int:
    cmd, rest = argv[0], argv[1:]
    if cmd == "_extract":
        child_extract(Path(rest[0]), int(rest[1]), Path(rest[2]), int(rest[3]))
    elif cmd == "_build":
        child_build(Path(rest[0]), Path(rest[1]), Path(rest[2]))
        from orchestration.cli import exit_without_teardown

        exit_without_teardown(0)  # the process ends as `ict-warehouse build` ends
    elif cmd == "_events":
        Path(rest[0]).write_text(json.dumps(run_events(), default=str), encoding="utf-8")
    elif cmd == "_queries":
        write_queries(Path(rest[0]), int(rest[1]), Path(rest[2]))
    else:
        raise SystemExit(f"unknown child command {cmd}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
