"""Build inputs in one list, and dependencies declared as they are used (issue 14, item 9).

The quick fingerprint ("nothing changed") and the dbt manifest's staleness check must read the same
dbt inputs: a singular test or the profile edited must count for both.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import sys
import tomllib
from importlib.metadata import packages_distributions, version
from pathlib import Path

import pytest
import yaml

from orchestration import fingerprint
from orchestration.dbt_resources import manifest_is_stale
from orchestration.settings import DBT_PROJECT_DIR, EXPECTATIONS_DIR, REFERENCE_DIR

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path) -> dict[str, Path]:
    """A copy of what a build is made from: dbt project (no target/ or logs/), seeds, suites."""
    dbt = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, dbt, ignore=shutil.ignore_patterns("target", "logs"))
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, reference)
    expectations = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, expectations)
    manifest = dbt / "target" / "manifest.json"
    manifest.parent.mkdir()
    manifest.write_text("{}", encoding="utf-8")
    later = os.stat(manifest).st_mtime_ns + 10**9
    os.utime(manifest, ns=(later, later))  # parsed after every input was written
    return {"dbt": dbt, "reference": reference, "expectations": expectations, "manifest": manifest}


def _digest(p: dict[str, Path]) -> str:
    return fingerprint.code_digest(p["dbt"], p["reference"], p["expectations"])


def _stale(p: dict[str, Path]) -> bool:
    return manifest_is_stale(p["manifest"], p["dbt"], p["reference"])


def _edit(path: Path, manifest: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
    later = os.stat(manifest).st_mtime_ns + 2 * 10**9
    os.utime(path, ns=(later, later))


@pytest.mark.parametrize(
    "relative",
    [
        "tests/assert_department_names_unique_per_region.sql",  # a singular test
        "profiles.yml",
        "dbt_project.yml",
        "models/marts/dim_document.sql",
        "macros/classify_difference.sql",
    ],
)
def test_an_edited_dbt_input_counts_for_both_checks(project: dict[str, Path], relative: str) -> None:
    assert not _stale(project)
    before = _digest(project)
    _edit(project["dbt"] / relative, project["manifest"])
    assert _digest(project) != before, f"the quick fingerprint misses {relative}"
    assert _stale(project), f"the manifest check misses {relative}"


def test_both_checks_read_one_list(project: dict[str, Path]) -> None:
    inputs = fingerprint.dbt_input_files(project["dbt"], project["reference"])
    names = {p.relative_to(project["dbt"]).as_posix() for p in inputs if project["dbt"] in p.parents}
    assert {"profiles.yml", "dbt_project.yml", "tests/assert_department_names_unique_per_region.sql"} <= names
    assert any(project["reference"] in p.parents for p in inputs)
    # the GX suites shape the build (the quick fingerprint) but are not parsed by dbt
    before = _digest(project)
    _edit(next(project["expectations"].glob("*.json")), project["manifest"])
    assert _digest(project) != before and not _stale(project)


# --- dependencies ------------------------------------------------------------------------------------


def _norm(name: str) -> str:
    """A distribution name as package indexes compare them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> dict[str, str]:
    """normalised name -> requirement string of [project].dependencies."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return {_norm(re.split(r"[=<>!~ \[]", d, maxsplit=1)[0]): d for d in deps}


def _third_party_imports(*folders: str) -> set[str]:
    names: set[str] = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(a.name.split(".")[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in ("app", "orchestration")}


def test_every_imported_package_is_declared_and_pinned() -> None:
    declared = _declared()
    dists = packages_distributions()
    for module in sorted(_third_party_imports("orchestration", "app")):
        names = {_norm(d) for d in dists.get(module, [module])}
        found = names & set(declared)
        assert found, f"{module} is imported but not declared in pyproject.toml"
        for name in found:
            requirement = declared[name]
            if name in ("dbt-core",):  # a range the dbt adapter's pin decides within
                continue
            assert requirement == f"{name}=={version(name)}", (
                f"{requirement} is not pinned to the installed version"
            )


def test_altair_is_declared_at_the_installed_version() -> None:
    assert _declared().get("altair") == f"altair=={version('altair')}"


def test_nothing_is_declared_that_nothing_uses() -> None:
    """A declared package is imported, or is a tool the project runs (listed here with why)."""
    used_without_import = {
        "dagster-webserver": "the Dagster UI of `make dev`",
        "dbt-core": "the dbt command the dbt assets run",
        "dbt-duckdb": "dbt's DuckDB adapter, loaded by dbt",
        "pillow": "pypdfium2 renders a scanned PDF page to a PIL image for OCR (to_pil)",
        "dagster-postgres": "the Dagster instance's storage when dagster.yaml names PostgreSQL",
        "dbt-postgres": "dbt's PostgreSQL adapter: the project compiled for a second adapter",
        "psycopg2-binary": "the PostgreSQL driver of dagster-postgres and dbt-postgres",
    }
    dists = packages_distributions()
    imported = {_norm(d) for m in _third_party_imports("orchestration", "app") for d in dists.get(m, [])}
    unused = set(_declared()) - imported - set(used_without_import)
    assert not unused, f"declared but never used: {sorted(unused)}"


# --- the raw sources' descriptions -----------------------------------------------------------------------


def test_source_descriptions_are_prose_not_dataclass_signatures() -> None:
    sources = yaml.safe_load((DBT_PROJECT_DIR / "models" / "staging" / "_sources.yml").read_text("utf-8"))
    for table in sources["sources"][0]["tables"]:
        text = table.get("description") or ""
        assert text and not re.search(r"\w+\(\*,|: '(?:int|str)'", text), (table["name"], text)
