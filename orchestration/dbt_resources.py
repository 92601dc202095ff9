"""The dbt project, built lazily, and the translator that names dbt assets by layer."""

from __future__ import annotations

import functools
import importlib.metadata
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject
from packaging import version

from orchestration.extract.records import RECORD_TYPES
from orchestration.fingerprint import dbt_input_files
from orchestration.settings import DBT_PROJECT_DIR, REFERENCE_DIR

# The dbt installed beside this interpreter (the project's .venv), so no activated PATH is needed.
_BESIDE = Path(sys.executable).with_name("dbt")
DBT_EXECUTABLE = str(_BESIDE) if _BESIDE.exists() else (shutil.which("dbt") or "dbt")

# raw.* sources -> the Dagster asset that writes them, so the graph reads ingest -> extract -> dbt.
_SOURCE_ASSETS: dict[str, str] = {
    "documents": "raw_documents",
    "rejected_documents": "raw_documents",
    "document_changes": "raw_documents",
}
_SOURCE_ASSETS.update({"extractions": "extracted_records"})
_SOURCE_ASSETS.update({t.table: "extracted_records" for t in RECORD_TYPES})


def manifest_is_stale(
    manifest: Path, project_dir: Path = DBT_PROJECT_DIR, reference_dir: Path = REFERENCE_DIR
) -> bool:
    """True when the manifest is missing or older than any file dbt parses (the same list as the
    quick fingerprint's: fingerprint.dbt_input_files)."""
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(p.stat().st_mtime > built for p in dbt_input_files(project_dir, reference_dir))


@functools.cache
def dbt_project() -> DbtProject:
    """Prepared once per process; `dbt parse` runs here only when the manifest is missing or stale
    (the Makefile and the test session parse ahead, so this is a safety net, not the usual path)."""
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
    if manifest_is_stale(project.manifest_path):
        parse_dbt_project()
    return project


def parse_dbt_project() -> Path:
    """`dbt parse` with the venv's dbt: writes target/manifest.json, which the dbt assets are built from."""
    subprocess.run(
        [DBT_EXECUTABLE, "parse", "--profiles-dir", str(DBT_PROJECT_DIR), "--quiet"],
        cwd=DBT_PROJECT_DIR,
        check=True,
    )
    return DBT_PROJECT_DIR / "target" / "manifest.json"


class WarehouseDbtCliResource(DbtCliResource):
    """DbtCliResource without two costs paid at every invocation that this project gets nothing
    for (3 to 4 s of an incremental run's 20): a `dbt --version` subprocess, when the dbt beside
    this interpreter is the dbt-core package installed here; and an in-process dbt adapter, which
    dagster-dbt opens only to fetch column metadata and row counts, which these assets do not ask for.
    """

    @functools.cached_property
    def _cli_version(self) -> version.Version:
        if Path(self.dbt_executable) == _BESIDE:
            return version.parse(importlib.metadata.version("dbt-core"))
        return super()._cli_version

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> Any:
        return None


def _layer(props: Mapping[str, Any]) -> str:
    if props["resource_type"] == "seed":
        return "reference"
    fqn = props.get("fqn", [])
    return fqn[1] if len(fqn) > 2 else "marts"


class LayeredTranslator(DagsterDbtTranslator):
    """Keys `staging/stg_...`, `marts/fct_...`, `reference/<seed>`; raw sources map to our assets."""

    def __init__(self) -> None:
        super().__init__(
            settings=DagsterDbtTranslatorSettings(
                enable_asset_checks=True, enable_duplicate_source_asset_keys=True
            )
        )

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(
                _SOURCE_ASSETS.get(dbt_resource_props["name"], f"raw_{dbt_resource_props['name']}")
            )
        return dg.AssetKey([_layer(dbt_resource_props), dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return f"dbt_{_layer(dbt_resource_props)}"

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> list[str]:
        return ["team:analytics-engineering"]


def test_results(run_results: dict[str, Any]) -> dict[str, Any]:
    """dbt's run_results.json, reduced to what the DQ report shows: every test and every failure."""
    tests, failed = [], []
    for r in run_results.get("results", []):
        uid = r.get("unique_id", "")
        status = str(r.get("status"))
        if uid.startswith(("test.", "unit_test.")):
            parts = uid.split(".")
            tests.append(
                {
                    "name": parts[2] if len(parts) > 2 else uid,
                    "unique_id": uid,
                    "status": status,
                    "failures": r.get("failures"),
                    "message": r.get("message"),
                }
            )
        if status in ("error", "fail", "runtime error"):
            failed.append(f"{uid}: {(r.get('message') or status).strip()[:300]}")
    return {
        "elapsed_s": run_results.get("elapsed_time"),
        "nodes": len(run_results.get("results", [])),
        "tests": tests,
        "failed": failed,
    }
