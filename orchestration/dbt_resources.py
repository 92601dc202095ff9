"""The dbt project, built lazily, and the translator that names dbt assets by layer."""

from __future__ import annotations

import functools
import importlib.metadata
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliInvocation,
    DbtCliResource,
    DbtProject,
)
from dagster_dbt.asset_utils import (
    extract_runtime_selection_from_args,
    get_updated_cli_invocation_params_for_context,
)
from packaging import version

from orchestration.dbt_in_process import DbtThread
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


# Set to 1 to run dbt as a separate process, as dagster-dbt does by default (a fallback for operators).
DBT_SUBPROCESS_ENV = "ICTWH_DBT_SUBPROCESS"


class WarehouseDbtCliResource(DbtCliResource):
    """DbtCliResource with dbt run in the run's own process (orchestration/dbt_in_process.py), and
    without two costs dagster-dbt pays at every invocation that this project gets nothing for: a
    `dbt --version` subprocess, when the dbt beside this interpreter is the dbt-core package
    installed here; and an in-process dbt adapter, which dagster-dbt opens only to fetch column
    metadata and row counts, which these assets do not ask for. Together about 5 s of the 20 an
    incremental run of a large warehouse takes.
    """

    def cli(
        self,
        args: Sequence[str],
        *,
        raise_on_error: bool = True,
        manifest: Any = None,
        dagster_dbt_translator: DagsterDbtTranslator | None = None,
        context: Any = None,
        target_path: Path | None = None,
    ) -> DbtCliInvocation:
        """dagster-dbt's invocation (selection from the context, events, checks, artifacts) of a
        dbt run on a thread of this process instead of a process of its own."""
        if os.environ.get(DBT_SUBPROCESS_ENV) == "1":
            return super().cli(
                args,
                raise_on_error=raise_on_error,
                manifest=manifest,
                dagster_dbt_translator=dagster_dbt_translator,
                context=context,
                target_path=target_path,
            )
        cleaned, selects, excludes = extract_runtime_selection_from_args(args)
        params = get_updated_cli_invocation_params_for_context(
            context=context,
            manifest=manifest or {},
            dagster_dbt_translator=dagster_dbt_translator or DagsterDbtTranslator(),
            runtime_selects=selects,
            runtime_excludes=excludes,
        )
        project_dir = Path(params.dbt_project.project_dir if params.dbt_project else self.project_dir)
        target = Path(target_path or self._get_unique_target_path(context=context))
        target = target if target.is_absolute() else project_dir / target
        _seed_partial_parse(project_dir, target)
        # what dagster-dbt passes its dbt process in environment variables, as flags
        flags = ["--project-dir", str(project_dir), "--target-path", str(target), "--log-path", str(target)]
        # events reach dagster-dbt through the thread's pipe, not the console; dbt's debug log stays
        flags += ["--log-level", "none", "--log-level-file", "debug", "--no-send-anonymous-usage-stats"]
        flags += ["--profiles-dir", str(self.profiles_dir)] if self.profiles_dir else []
        flags += ["--profile", self.profile] if self.profile else []
        flags += ["--target", self.target] if self.target else []
        flags += ["--indirect-selection", params.indirect_selection] if params.indirect_selection else []
        return DbtCliInvocation(
            process=DbtThread([*self.global_config_flags, *cleaned, *flags, *params.selection_args]),  # type: ignore[arg-type]
            manifest=params.manifest,
            dagster_dbt_translator=params.dagster_dbt_translator,
            project_dir=project_dir,
            target_path=target,
            raise_on_error=raise_on_error,
            cli_version=self._cli_version,
            project=params.dbt_project,
            context=context,
        )

    @functools.cached_property
    def _cli_version(self) -> version.Version:
        if Path(self.dbt_executable) == _BESIDE:
            return version.parse(importlib.metadata.version("dbt-core"))
        return super()._cli_version

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> Any:
        return None


def _seed_partial_parse(project_dir: Path, target: Path) -> None:
    """A new target folder starts from the project's partial parse, as dagster-dbt does for its own."""
    source, copy = project_dir / "target" / "partial_parse.msgpack", target / "partial_parse.msgpack"
    if source.exists() and not copy.exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, copy)


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
