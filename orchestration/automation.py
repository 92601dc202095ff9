"""How the warehouse is kept up to date without babysitting: a daily schedule and a sensor on the
documents folder.

The sensor's cursor maps every file it has seen to its content hash; Dagster stores the cursor, so
it survives a restart of the daemon. A new or changed file asks for one run keyed by its content
hash (the same content never triggers twice); a removed file is reported and asks for a run that
retires its facts.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import dagster as dg

from orchestration.ingest.documents import list_candidate_files
from orchestration.settings import load_settings

DAILY_CRON = "0 6 * * *"
TIMEZONE = "Asia/Seoul"


def content_hashes(folder: Path) -> dict[str, str]:
    """path -> sha256 of the file's bytes, for every candidate document in the folder."""
    out = {}
    for path in list_candidate_files(folder):
        try:
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue  # vanished between listing and reading: the next tick sees the folder as it is
    return out


def plan_runs(previous: dict[str, str], current: dict[str, str]) -> tuple[list[dg.RunRequest], list[str]]:
    """Run requests for new and changed files, and the paths that were removed."""
    requests = []
    for path, digest in sorted(current.items()):
        if previous.get(path) == digest:
            continue
        change = "changed" if path in previous else "new"
        requests.append(
            dg.RunRequest(
                run_key=f"document:{digest}",
                tags={"ict_warehouse/trigger": f"{change} file", "ict_warehouse/file": Path(path).name[:200]},
            )
        )
    removed = sorted(set(previous) - set(current))
    for path in removed:
        requests.append(
            dg.RunRequest(
                run_key=f"removed:{previous[path]}",
                tags={"ict_warehouse/trigger": "removed file", "ict_warehouse/file": Path(path).name[:200]},
            )
        )
    return requests, removed


def build_automation(
    job: dg.UnresolvedAssetJobDefinition,
) -> tuple[dg.ScheduleDefinition, dg.SensorDefinition]:
    schedule = dg.ScheduleDefinition(
        name="daily_warehouse_build",
        job=job,
        cron_schedule=DAILY_CRON,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Every morning at 06:00 (Seoul): ingest, extract, build, check and publish.",
    )

    @dg.sensor(
        name="documents_folder_sensor",
        job=job,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="A new, changed or removed file in the documents folder (ICTWH_DOCUMENTS_DIR) triggers a build.",
    )
    def documents_folder_sensor(context: dg.SensorEvaluationContext):
        settings = load_settings()
        if not settings.documents_dir.is_dir():
            return dg.SkipReason(f"documents folder not found: {settings.documents_dir}")
        previous = json.loads(context.cursor) if context.cursor else {}
        current = content_hashes(settings.documents_dir)
        requests, removed = plan_runs(previous, current)
        for path in removed:
            context.log.warning(
                f"document removed from the folder: {path}; its facts are retired by the next run"
            )
        context.update_cursor(json.dumps(current, sort_keys=True))
        if not requests:
            return dg.SkipReason(
                f"no new, changed or removed file among {len(current)} in {settings.documents_dir}"
            )
        return requests

    return schedule, documents_folder_sensor
