"""The dbt resource skips what dagster-dbt does at every invocation that this project never uses."""

from __future__ import annotations

import functools
import subprocess

import pytest
from dagster_dbt import DbtCliResource

from orchestration.dbt_resources import DBT_EXECUTABLE, WarehouseDbtCliResource, dbt_project


def _resource() -> WarehouseDbtCliResource:
    return WarehouseDbtCliResource(project_dir=dbt_project(), dbt_executable=DBT_EXECUTABLE)


def test_the_overridden_hooks_still_exist_in_dagster_dbt() -> None:
    """An upgrade that renames them would make the overrides dead code and the runs slow again."""
    assert isinstance(DbtCliResource.__dict__.get("_cli_version"), functools.cached_property)
    assert callable(DbtCliResource.__dict__.get("_initialize_dbt_core_adapter"))


def test_the_dbt_version_is_read_without_running_dbt(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_process(*args, **kwargs):
        raise AssertionError(f"a process was started: {args}")

    monkeypatch.setattr(subprocess, "check_output", no_process)
    monkeypatch.setattr("dagster_dbt.core.resource.check_output", no_process)
    found = _resource()._cli_version
    assert found.major == 1 and found.minor == 11


def test_no_adapter_is_opened_in_the_run_process() -> None:
    assert _resource()._initialize_dbt_core_adapter(["build"]) is None


def test_the_code_location_uses_it() -> None:
    from orchestration.definitions import defs

    assert isinstance(defs.resources["dbt"], WarehouseDbtCliResource)
