"""The path past one machine, for real: the Dagster instance in a PostgreSQL server and every step in
a process of its own (the multiprocess executor), extraction fanned out over shards."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from orchestration.cli import where_documents
from orchestration.settings import load_settings
from tests.conftest import query, seed_path
from tests.postgres_server import postgres_url  # noqa: F401  (the fixture)


@pytest.mark.e2e
def test_a_build_on_postgres_with_extraction_fanned_out(postgres_url, tmp_path, monkeypatch):  # noqa: F811
    import sqlalchemy

    docs = tmp_path / "docs"
    docs.mkdir()
    for prefix in ("000", "003"):  # two news articles: one shard each
        src = seed_path(prefix)
        shutil.copy(src, docs / src.name)
        shutil.copy(src.with_name(src.stem + ".meta.json"), docs)
    # SQLAlchemy 2.1 reads a bare postgresql:// as psycopg 3; dagster-postgres is used with psycopg2
    pg_url = postgres_url.replace("postgresql://", "postgresql+psycopg2://")
    settings = load_settings(documents_dir=docs, home=tmp_path / "home")
    # the executor is chosen when the code location is imported: the build runs as an operator
    # runs it, `ict-warehouse build` in a process of its own with the deployment's environment
    env = {
        **os.environ,
        "ICTWH_DAGSTER_PG_URL": pg_url,
        "ICTWH_EXECUTOR": "multiprocess",
        "ICTWH_EXTRACT_SHARDS": "2",
    }
    cli = Path(sys.executable).with_name("ict-warehouse")
    done = subprocess.run(
        [str(cli), "build", "--documents", str(docs), "--home", str(settings.home)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0 and "Build succeeded" in done.stdout, (
        done.stdout[-3000:] + done.stderr[-3000:]
    )
    assert query(settings, "SELECT count(*) FROM marts.dim_document") == [(2,)]
    assert "postgres:" in (settings.dagster_home / "dagster.yaml").read_text("utf-8")
    run_id = json.loads((settings.reports_dir / "latest" / "summary.json").read_text("utf-8"))["run_id"]

    monkeypatch.setenv("ICTWH_DAGSTER_PG_URL", pg_url)
    with dg.DagsterInstance.from_config(str(settings.dagster_home)) as instance:
        # the run, its events and the batch live in PostgreSQL, not in files of the home
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.SUCCESS
        events = instance.all_logs(run_id)
        [batch] = instance.get_dynamic_partitions("extraction_batches")
    # each extraction shard ran as a step of its own, in a process of its own
    started = {
        e.dagster_event.step_key: e.dagster_event.pid
        for e in events
        if e.dagster_event and e.dagster_event.event_type_value == "STEP_START"
    }
    shards = {k: pid for k, pid in started.items() if k.startswith("document_extractions.extract_shard")}
    assert len(shards) == 2 and len(set(shards.values())) == 2, shards
    assert len(set(started.values())) == len(started), started  # every step in a process of its own
    engine = sqlalchemy.create_engine(pg_url)
    with engine.connect() as con:
        stored = con.execute(
            sqlalchemy.text("SELECT count(*) FROM event_logs WHERE run_id = :r"), {"r": run_id}
        )
        assert stored.scalar() > 50
    engine.dispose()
    found = where_documents(settings, seed_path("003").name)
    assert [d["batch"] for d in found] == [batch]
