"""The dbt project, built lazily, and the translator that names dbt assets by layer."""

from __future__ import annotations

import functools
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtProject

from orchestration.extract.records import RECORD_TYPES
from orchestration.settings import DBT_PROJECT_DIR

# The dbt installed beside this interpreter (the project's .venv), so no activated PATH is needed.
_BESIDE = Path(sys.executable).with_name("dbt")
DBT_EXECUTABLE = str(_BESIDE) if _BESIDE.exists() else (shutil.which("dbt") or "dbt")

# raw.* sources -> the Dagster asset that writes them, so the graph reads ingest -> extract -> dbt.
_SOURCE_ASSETS: dict[str, str] = {"documents": "raw_documents", "rejected_documents": "raw_documents"}
_SOURCE_ASSETS.update({"extractions": "extracted_records"})
_SOURCE_ASSETS.update({t.table: "extracted_records" for t in RECORD_TYPES})


@functools.cache
def dbt_project() -> DbtProject:
    """Prepared once per process; `dbt parse` runs here only when no manifest exists yet."""
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
    if not project.manifest_path.exists():
        project.preparer.prepare(project)
    return project


def _layer(props: Mapping[str, Any]) -> str:
    if props["resource_type"] == "seed":
        return "reference"
    fqn = props.get("fqn", [])
    return fqn[1] if len(fqn) > 2 else "marts"


class LayeredTranslator(DagsterDbtTranslator):
    """Keys `staging/stg_...`, `marts/fct_...`, `reference/<seed>`; raw sources map to our assets."""

    def __init__(self) -> None:
        super().__init__(
            settings=DagsterDbtTranslatorSettings(enable_asset_checks=True, enable_duplicate_source_asset_keys=True)
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
