"""Every dbt seed, model, source table and data test says what it is (the dbt docs and the Dagster UI
show these descriptions), and no test name loses its values to underscores: dbt builds a generic
test's name from its arguments and replaces every character outside [A-Za-z0-9_] (all Korean) by
`_`, so `accepted_values` over Korean values needs an explicit readable `name:`."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from orchestration.dbt_resources import DBT_EXECUTABLE
from orchestration.settings import DBT_PROJECT_DIR

DESCRIBED = ("seed", "model", "source", "test")
LOST_VALUES = re.compile(r"_{3,}")  # what dbt leaves of a run of non-ASCII characters
MIN_WORDS = 4  # "not null" is not a description


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`dbt parse` into a target folder of its own, so the project's manifest is left alone."""
    target = tmp_path_factory.mktemp("dbt_descriptions_target")
    subprocess.run(
        [
            DBT_EXECUTABLE,
            "parse",
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(target),
            "--no-partial-parse",
            "--quiet",
        ],
        cwd=DBT_PROJECT_DIR,
        check=True,
    )
    return json.loads((target / "manifest.json").read_text(encoding="utf-8"))


def _nodes(manifest: dict) -> list[dict]:
    return [
        n
        for n in (*manifest["nodes"].values(), *manifest["sources"].values())
        if n["resource_type"] in DESCRIBED
    ]


def test_the_project_has_every_kind_of_node(manifest: dict) -> None:
    kinds = {n["resource_type"] for n in _nodes(manifest)}
    assert kinds == set(DESCRIBED)
    tests = [n for n in _nodes(manifest) if n["resource_type"] == "test"]
    assert any(n.get("test_metadata") for n in tests), "no generic test parsed"
    assert any(not n.get("test_metadata") for n in tests), "no singular test parsed"


def test_every_seed_model_source_and_test_has_a_description(manifest: dict) -> None:
    missing = sorted(
        f"{n['resource_type']} {n['unique_id']} ({n['original_file_path']})"
        for n in _nodes(manifest)
        if len((n.get("description") or "").split()) < MIN_WORDS
    )
    assert not missing, f"{len(missing)} nodes without a description:\n" + "\n".join(missing)


def test_no_test_name_loses_its_values(manifest: dict) -> None:
    lost = sorted(
        f"{n['name']} ({n['original_file_path']}): give the test a readable `name:`"
        for n in _nodes(manifest)
        if n["resource_type"] == "test" and LOST_VALUES.search(n["name"])
    )
    assert not lost, "\n".join(lost)
