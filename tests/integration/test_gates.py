"""The gates bite: a gap in our extraction quarantines its document, a broken key or rate blocks the
run, a killed run changes nothing, and a document's own inconsistencies are reported, not blocking.

Faults are injected into the data the pipeline produces; the real checks must catch them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from orchestration import raw_load
from orchestration.cli import run_build
from orchestration.extract import extract_document
from orchestration.extract.records import BudgetLine
from orchestration.settings import Settings, load_settings
from tests.conftest import query, seed_path

pytestmark = pytest.mark.e2e

DROPPED_PROGRAM = "서울서베이"  # 5,030,250 천원, line 960 of the work report


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _corpus(tmp: Path) -> Path:
    docs = tmp / "documents"
    docs.mkdir()
    for prefix in ("001", "004"):  # the 2023 article (a headline finding) and the work report
        src = seed_path(prefix)
        shutil.copy(src, docs / src.name)
        shutil.copy(src.with_name(src.stem + ".meta.json"), docs)
    return docs


def _summary(settings: Settings) -> dict:
    return json.loads((settings.reports_dir / "latest" / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def quarantined_run(tmp_path_factory, dbt_manifest):
    """A run in which the extractor 'misses' one program line of the work report."""
    tmp = tmp_path_factory.mktemp("gates")
    settings = load_settings(documents_dir=_corpus(tmp), home=tmp / "home")

    def dropping(text, kind, **kw):
        result = extract_document(text, kind, **kw)
        result.records = [
            r
            for r in result.records
            if not (isinstance(r, BudgetLine) and r.table_kind == "detail" and r.program == DROPPED_PROGRAM)
        ]
        return result

    mp = pytest.MonkeyPatch()
    mp.setattr(raw_load, "extract_document", dropping)
    try:
        outcome = run_build(settings, quiet=True)
    finally:
        mp.undo()
    return settings, outcome


def test_a_dropped_line_quarantines_its_document_and_the_rest_publishes(quarantined_run):
    settings, outcome = quarantined_run
    assert outcome.published, outcome.failures
    status = dict(query(settings, "SELECT file_name, status FROM marts.dim_document"))
    assert status == {"001_a3aff56a5c7a9265.txt": "published", "004_6c5669586c598848.txt": "quarantined"}
    # nothing half-read leaks into the marts
    assert query(settings, "SELECT count(*) FROM marts.fct_program_budget") == [(0,)]
    assert query(settings, "SELECT count(*) FROM marts.fct_audit_finding") == [(0,)]
    assert query(settings, "SELECT count(*) FROM marts.fct_investment_plan WHERE fiscal_year = 2023") != [
        (0,)
    ]

    summary = _summary(settings)
    assert summary["status"] == "published"
    [doc] = summary["quarantined"]
    assert doc["file_name"] == "004_6c5669586c598848.txt"
    assert doc["uncovered_lines"] == [960]
    assert doc["line_texts"]["960"].startswith("서울서베이\t5,030,250")
    gaps = {
        (g["check_name"], g["subject"], g["measure"]): g["difference"] for g in summary["extraction_gaps"]
    }
    # the missing amount is named: the account subtotal exceeds its parts by exactly the dropped line
    assert gaps[("detail_account_subtotal", "빅데이터담당관 / 일반회계", "budget_krw")] == 5_030_250_000
    html = (settings.reports_dir / "latest" / "index.html").read_text(encoding="utf-8")
    assert "서울서베이" in html and "960" in html


def test_a_document_that_only_adds_source_findings_publishes_with_them(quarantined_run):
    settings, _ = quarantined_run
    rows = query(
        settings,
        "SELECT d.status, f.rule, f.lines FROM marts.fct_source_finding f JOIN marts.dim_document d USING (doc_id) "
        "WHERE d.file_name LIKE '001%'",
    )
    assert rows == [("published", "headline_contradicts_body", [4, 22])]
    finding = next(
        f for f in _summary(settings)["source_findings"] if f["rule"] == "headline_contradicts_body"
    )
    assert "303억원" in finding["line_texts"]["4"]


def _copy_home(settings: Settings, tmp_path: Path) -> Settings:
    home = tmp_path / "home"
    shutil.copytree(settings.home, home, symlinks=True)
    return dataclasses.replace(settings, home=home)


def _blocked(settings: Settings, outcome, served_before: str) -> dict:
    assert not outcome.published, outcome
    assert outcome.report is not None, outcome
    assert _digest(settings.served_db) == served_before, "a blocked run changed the served warehouse"
    summary = _summary(settings)
    assert summary["status"] in ("blocked", "failed"), (outcome, summary["run_id"], summary["failures"])
    return summary


def test_a_corrupt_rate_blocks_the_run(quarantined_run, tmp_path, monkeypatch):
    settings = _copy_home(quarantined_run[0], tmp_path)
    served_before = _digest(settings.served_db)

    def corrupting(text, kind, **kw):
        result = extract_document(text, kind, **kw)
        result.records = [
            dataclasses.replace(r, committed_rate=51.0)
            if isinstance(r, BudgetLine) and r.line_start == 1007
            else r
            for r in result.records
        ]
        return result

    monkeypatch.setattr(raw_load, "extract_document", corrupting)
    # a changed extractor version makes the run re-extract the documents
    monkeypatch.setattr(raw_load, "extractor_versions", lambda: {"news": "test-1", "work_report": "test-1"})
    outcome = run_build(settings, quiet=True)
    summary = _blocked(settings, outcome, served_before)
    failed = [c for c in summary["checks"] if not c["passed"]]
    assert [c["check"] for c in failed] == ["raw_budget_lines"]
    assert any(
        o["column"] == "committed_rate" and o["unexpected_sample"] == [51.0] for o in failed[0]["observed"]
    )
    assert any("raw_budget_lines" in f for f in outcome.failures)


def test_a_broken_key_blocks_the_run(quarantined_run, tmp_path, monkeypatch):
    settings = _copy_home(quarantined_run[0], tmp_path)
    served_before = _digest(settings.served_db)
    monkeypatch.setattr(raw_load, "record_id", lambda record, index: f"{record.doc_id[:16]}:{record.type}")
    monkeypatch.setattr(raw_load, "extractor_versions", lambda: {"news": "test-2", "work_report": "test-2"})
    outcome = run_build(settings, quiet=True)
    summary = _blocked(settings, outcome, served_before)
    failed = {c["check"] for c in summary["checks"] if not c["passed"]}
    assert "raw_budget_lines" in failed and "raw_audit_items" in failed
    assert all(
        any(o["type"] == "expect_column_values_to_be_unique" for o in c["observed"])
        for c in summary["checks"]
        if c["check"] in failed
    )


def test_a_broken_key_in_a_mart_blocks_the_publish(quarantined_run, tmp_path, monkeypatch):
    """The mart is corrupted after dbt built it, right before its suite runs: the suite must catch it."""
    from orchestration.assets import quality

    settings = _copy_home(quarantined_run[0], tmp_path)
    served_before = _digest(settings.served_db)
    real = quality.validate_suite

    def duplicate_then_validate(db_path, file, docs_dir, **kwargs):
        if file.name == "mart_dim_document":
            con = duckdb.connect(str(db_path))
            con.execute("INSERT INTO marts.dim_document SELECT * FROM marts.dim_document LIMIT 1").fetchall()
            con.close()
        return real(db_path, file, docs_dir, **kwargs)

    monkeypatch.setattr(quality, "validate_suite", duplicate_then_validate)
    outcome = run_build(settings, quiet=True, force=True)  # nothing new: force a real build
    summary = _blocked(settings, outcome, served_before)
    assert [c["check"] for c in summary["checks"] if not c["passed"]] == ["mart_dim_document"]
    assert any("mart_dim_document" in f for f in outcome.failures)


def test_kill_9_during_dbt_leaves_the_served_warehouse_and_the_next_run_recovers(quarantined_run, tmp_path):
    settings = _copy_home(quarantined_run[0], tmp_path)
    served_before = _digest(settings.served_db)
    runs_before = set((settings.reports_dir / "runs").iterdir())
    cli = Path(sys.executable).with_name("ict-warehouse")
    proc = subprocess.Popen(
        [
            str(cli),
            "build",
            "--force",
            "--documents",
            str(settings.documents_dir),
            "--home",
            str(settings.home),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "ICTWH_HOME": str(settings.home)},
    )
    deadline = time.monotonic() + 240
    dbt_started = False
    while time.monotonic() < deadline and proc.poll() is None:
        logs = [p / "dbt.log" for p in (settings.reports_dir / "runs").iterdir() if p not in runs_before]
        if any(log.exists() and log.stat().st_size > 0 for log in logs):
            dbt_started = True
            time.sleep(1.0)  # let dbt get under way
            os.killpg(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.2)
    proc.wait(timeout=30)
    assert dbt_started, "dbt never started"
    assert proc.returncode == -signal.SIGKILL
    assert _digest(settings.served_db) == served_before

    outcome = run_build(settings, quiet=True, force=True)  # a full build, with no manual step in between
    assert outcome.published, outcome.failures
    # the same warehouse as before the kill (the extraction of the copied home is reused as it was)
    assert dict(query(settings, "SELECT file_name, status FROM marts.dim_document")) == {
        "001_a3aff56a5c7a9265.txt": "published",
        "004_6c5669586c598848.txt": "quarantined",
    }
