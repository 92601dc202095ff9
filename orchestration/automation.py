"""How the warehouse is kept up to date without babysitting: a daily schedule and a sensor on the
documents folder.

The sensor's cursor maps every file it has seen to its content hash; Dagster stores the cursor, so
it survives a restart of the daemon. The new or changed files of a tick whose documents need
extraction make one batch (a partition named after its first file) and one run keyed by their
content hashes (the same content never triggers twice); any other change, such as a removed file,
asks for a run that retires or refreshes what it touched.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import dagster as dg

from orchestration.fingerprint import up_to_date
from orchestration.ingest.documents import Document, ingest_file, list_candidate_files
from orchestration.ingest.files import FileTooLarge, NotRegularFile, read_regular_file
from orchestration.partitions import (
    BATCH_PARTITIONS,
    BUILD_JOB,
    REFRESH_JOB,
    batch_key,
    plan_extraction,
    register,
    served_extractions,
)
from orchestration.raw_load import extraction_stamp, extractor_versions
from orchestration.settings import DEFAULT_MAX_DOCUMENT_BYTES, load_settings

DAILY_CRON = "0 6 * * *"
TIMEZONE = "Asia/Seoul"


def content_hashes(folder: Path, max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES) -> dict[str, str]:
    """path -> sha256 of the file's bytes, for every candidate document in the folder. A link,
    pipe or other non-regular entry is never followed or opened: it hashes as what it is (so its
    arrival still triggers the run that records its rejection)."""
    out = {}
    for path in list_candidate_files(folder):
        try:
            out[str(path)] = hashlib.sha256(read_regular_file(path, max_bytes=max_bytes)).hexdigest()
        except NotRegularFile as exc:
            out[str(path)] = hashlib.sha256(f"not a regular file: {exc.kind}".encode()).hexdigest()
        except FileTooLarge:
            out[str(path)] = hashlib.sha256(f"too large: more than {max_bytes} bytes".encode()).hexdigest()
        except OSError:
            continue  # vanished between listing and reading: the next tick sees the folder as it is
    return out


def _probe(path: str, max_bytes: int) -> tuple[str, str] | None:
    """(doc_id, kind) of a file, or None when ingestion would refuse it."""
    item = ingest_file(Path(path), max_bytes=max_bytes)
    return (item.doc_id, item.metadata.kind) if isinstance(item, Document) else None


def plan_runs(
    previous: dict[str, str],
    current: dict[str, str],
    *,
    probe: Callable[[str], tuple[str, str] | None],
    extracted: dict[str, str],
    versions: dict[str, str],
    folder: Path | None = None,
) -> tuple[list[dg.RunRequest], list[str], str | None]:
    """Run requests for new, changed and removed files; the removed paths; the new batch.

    The files whose documents the served warehouse has no current extraction of make one batch
    and one build_warehouse run, which also picks up every other change; without such files, each
    change asks for a refresh_warehouse run."""
    to_extract, digests, refresh, first_tags = [], [], [], {}
    for path, digest in sorted(current.items()):
        if previous.get(path) == digest:
            continue
        change = "changed" if path in previous else "new"
        name = Path(path).relative_to(folder).as_posix() if folder else Path(path).name
        tags = {"ict_warehouse/trigger": f"{change} file", "ict_warehouse/file": name[:200]}
        doc = probe(path)
        if doc is not None and extracted.get(doc[0]) != extraction_stamp(doc[1], versions):
            to_extract.append(name)
            digests.append(digest)
            first_tags = first_tags or tags
        else:
            refresh.append(dg.RunRequest(run_key=f"document:{digest}", job_name=REFRESH_JOB, tags=tags))
    removed = sorted(set(previous) - set(current))
    for path in removed:
        refresh.append(
            dg.RunRequest(
                run_key=f"removed:{previous[path]}",
                job_name=REFRESH_JOB,
                tags={"ict_warehouse/trigger": "removed file", "ict_warehouse/file": Path(path).name[:200]},
            )
        )
    if not to_extract:
        return refresh, removed, None
    batch = batch_key(to_extract)
    run_key = "documents:" + hashlib.sha256("\n".join(digests).encode()).hexdigest()
    tags = first_tags if len(to_extract) == 1 else {"ict_warehouse/trigger": f"{len(to_extract)} files"}
    return (
        [dg.RunRequest(run_key=run_key, job_name=BUILD_JOB, partition_key=batch, tags=tags)],
        removed,
        batch,
    )


def _refresh_keys() -> list[dg.AssetKey]:
    from orchestration.definitions import defs  # resolved at evaluation time: defs imports this module

    return sorted(defs.resolve_job_def(REFRESH_JOB).asset_layer.selected_asset_keys)


def folder_request(instance: dg.DagsterInstance, trigger: str, run_key: str | None = None) -> dg.RunRequest:
    """One build_warehouse run for the folder as it is: over one batch (registered here) of every
    document that needs extraction, or without extraction when none does."""
    plan = plan_extraction(load_settings())
    tags = {"ict_warehouse/trigger": trigger}
    batch = plan.batch()
    if batch is None:
        return dg.RunRequest(run_key=run_key, job_name=BUILD_JOB, asset_selection=_refresh_keys(), tags=tags)
    register(instance, [batch])
    return dg.RunRequest(run_key=run_key, job_name=BUILD_JOB, partition_key=batch, tags=tags)


def build_automation(
    build_job: dg.UnresolvedAssetJobDefinition, refresh_job: dg.UnresolvedAssetJobDefinition
) -> tuple[dg.ScheduleDefinition, dg.SensorDefinition]:
    @dg.schedule(
        name="daily_warehouse_build",
        job=build_job,
        cron_schedule=DAILY_CRON,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=(
            "Every morning at 06:00 (Seoul): ingest, extract the documents that need it (one "
            "batch partition), build, check and publish; with nothing to extract, everything else; with "
            "nothing changed since the published warehouse, no run (a skip reason)."
        ),
    )
    def daily_warehouse_build(context: dg.ScheduleEvaluationContext):
        settings = load_settings()
        if up_to_date(settings):
            # a run whose every step skips would grey out every check in the UI and hide the last
            # real results: with nothing new, the tick says so and launches nothing
            return dg.SkipReason(
                f"nothing changed since the published warehouse: same files in {settings.documents_dir} "
                "and the same code"
            )
        return folder_request(context.instance, "schedule")

    @dg.sensor(
        name="documents_folder_sensor",
        jobs=[build_job, refresh_job],
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=(
            "A new, changed or removed file in the documents folder (ICTWH_DOCUMENTS_DIR) triggers a "
            "build: the new documents of a tick make one batch partition and a build_warehouse run of it."
        ),
    )
    def documents_folder_sensor(context: dg.SensorEvaluationContext):
        settings = load_settings()
        if not settings.documents_dir.is_dir():
            return dg.SkipReason(f"documents folder not found: {settings.documents_dir}")
        current = content_hashes(settings.documents_dir, settings.max_document_bytes)
        if not context.cursor:
            # first tick (a new deployment, or a reset cursor): one run for the folder as it is,
            # not one per file it already holds
            context.update_cursor(json.dumps(current, sort_keys=True))
            digest = hashlib.sha256(json.dumps(current, sort_keys=True).encode()).hexdigest()
            return [folder_request(context.instance, "first look at the folder", f"folder:{digest}")]
        previous = json.loads(context.cursor)
        requests, removed, batch = plan_runs(
            previous,
            current,
            probe=lambda path: _probe(path, settings.max_document_bytes),
            extracted=served_extractions(settings.served_db),
            versions=extractor_versions(),
            folder=settings.documents_dir,
        )
        for path in removed:
            context.log.warning(
                f"document removed from the folder: {path}; its facts are retired by the next run"
            )
        context.update_cursor(json.dumps(current, sort_keys=True))
        if not requests:
            return dg.SkipReason(
                f"no new, changed or removed file among {len(current)} in {settings.documents_dir}"
            )
        return dg.SensorResult(
            run_requests=requests,
            dynamic_partitions_requests=[BATCH_PARTITIONS.build_add_request([batch])] if batch else None,
        )

    return daily_warehouse_build, documents_folder_sensor
