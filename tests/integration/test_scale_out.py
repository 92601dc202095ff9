"""The path past one machine, for real: the Dagster instance in a PostgreSQL server and every step in
a process of its own (the multiprocess executor), extraction fanned out over shards."""

from __future__ import annotations

import shutil

import dagster as dg
import pytest

from orchestration.cli import run_build, where_documents
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
    monkeypatch.setenv(
        "ICTWH_DAGSTER_PG_URL", postgres_url.replace("postgresql://", "postgresql+psycopg2://")
    )
    monkeypatch.setenv("ICTWH_EXECUTOR", "multiprocess")
    monkeypatch.setenv("ICTWH_EXTRACT_SHARDS", "2")
    settings = load_settings(documents_dir=docs, home=tmp_path / "home")

    outcome = run_build(settings, quiet=True)
    assert outcome.published, outcome.failures
    assert query(settings, "SELECT count(*) FROM marts.dim_document") == [(2,)]
    assert "postgres:" in (settings.dagster_home / "dagster.yaml").read_text("utf-8")

    with dg.DagsterInstance.from_config(str(settings.dagster_home)) as instance:
        # the run, its events and the batch live in PostgreSQL, not in files of the home
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        run = instance.get_run_by_id(outcome.run_id)
        assert run.status == dg.DagsterRunStatus.SUCCESS
        events = instance.all_logs(outcome.run_id)
        [batch] = instance.get_dynamic_partitions("extraction_batches")
    # each extraction shard ran as a step of its own, in a process of its own
    started = {
        e.dagster_event.step_key: e.dagster_event.pid
        for e in events
        if e.dagster_event and e.dagster_event.event_type_value == "STEP_START"
    }
    shards = {k: pid for k, pid in started.items() if k.startswith("document_extractions.extract_shard")}
    assert len(shards) == 2 and len(set(shards.values())) == 2, shards
    assert len(set(started.values())) > 2  # steps apart from each other and from this process
    engine = sqlalchemy.create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg2://"))
    with engine.connect() as con:
        stored = con.execute(
            sqlalchemy.text("SELECT count(*) FROM event_logs WHERE run_id = :r"), {"r": run.run_id}
        )
        assert stored.scalar() > 50
    engine.dispose()
    found = where_documents(settings, seed_path("003").name)
    assert [d["batch"] for d in found] == [batch]
