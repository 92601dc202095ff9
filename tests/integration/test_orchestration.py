"""Orchestration for operators: the definitions, the schedule, the documents sensor, incremental
and no-op runs, removed documents, and two builds triggered together."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from orchestration.cli import run_build, where_documents
from orchestration.ingest.documents import ingest_file
from orchestration.partitions import PARTITIONS_NAME
from orchestration.settings import load_settings
from tests.conftest import ROOT, query

FIXTURE_ARTICLE = ROOT / "tests" / "fixtures" / "news"

MARTS = (
    "dim_document",
    "dim_department",
    "dim_program",
    "fct_program_budget",
    "fct_department_budget",
    "fct_revenue",
    "fct_investment_plan",
    "fct_audit_finding",
    "fct_audit_finding_program",
    "fct_source_finding",
    "fct_reconciliation",
    "fct_budget_statement",
)


def test_definitions_are_pinned(dbt_manifest):
    from orchestration.definitions import defs

    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert {"raw_documents", "document_extractions", "extracted_records", "published_warehouse"} <= keys
    assert {f"marts/{m}" for m in MARTS} <= keys
    assert "staging/stg_corpus__documents" in keys and "reference/departments" in keys
    groups = {
        k.to_user_string(): repo.asset_graph.get(k).group_name
        for k in repo.asset_graph.get_all_asset_keys()
        if repo.asset_graph.has(k) and repo.asset_graph.get(k).is_materializable
    }
    assert groups["raw_documents"] == "ingest" and groups["extracted_records"] == "extract"
    assert groups["document_extractions"] == "extract"
    # extraction is partitioned by batch (the documents one trigger found), extracted in one step
    extraction = repo.asset_graph.get(dg.AssetKey("document_extractions"))
    assert isinstance(extraction.partitions_def, dg.DynamicPartitionsDefinition)
    assert extraction.partitions_def.name == "extraction_batches"
    assert extraction.backfill_policy == dg.BackfillPolicy.single_run()
    assert all(
        repo.asset_graph.get(k).partitions_def is None
        for k in repo.asset_graph.materializable_asset_keys
        if k != dg.AssetKey("document_extractions")
    )
    assert (
        groups["marts/dim_program"] == "dbt_marts"
        and groups["staging/stg_corpus__documents"] == "dbt_staging"
    )
    assert groups["published_warehouse"] == "publish"

    check_names = {k.name for k in repo.asset_graph.asset_check_keys}
    suites = {p.stem for p in (ROOT / "expectations").glob("*.json")}
    assert len(suites) == 33 and suites <= check_names
    specs = [s for c in defs.asset_checks for s in c.check_specs]
    assert len(specs) == 33 and all(s.blocking for s in specs)
    # evaluated in one step per writer of the assets they check, not one step per suite
    assert sorted(c.node_def.name for c in defs.asset_checks) == [
        "extracted_records_suites",
        "marts_suites",
        "raw_documents_suites",
    ]

    job = defs.resolve_job_def("build_warehouse")
    selected = {k.to_user_string() for k in job.asset_layer.selected_asset_keys}
    assert selected >= {
        "raw_documents",
        "document_extractions",
        "extracted_records",
        "published_warehouse",
        "marts/fct_program_budget",
    }
    assert job.partitions_def.name == "extraction_batches"
    refresh = defs.resolve_job_def("refresh_warehouse")
    assert {k.to_user_string() for k in refresh.asset_layer.selected_asset_keys} == selected - {
        "document_extractions"
    }
    assert refresh.partitions_def is None
    assert job.tags["ict_warehouse/build"] == refresh.tags["ict_warehouse/build"] == "warehouse"

    schedule = defs.resolve_schedule_def("daily_warehouse_build")
    assert (schedule.cron_schedule, schedule.execution_timezone, schedule.job_name) == (
        "0 6 * * *",
        "Asia/Seoul",
        "build_warehouse",
    )
    sensor = defs.resolve_sensor_def("documents_folder_sensor")
    assert {t.job_name for t in sensor.targets} == {"build_warehouse", "refresh_warehouse"}


def test_dagster_validates_the_code_location(dbt_manifest, tmp_path):
    dagster = Path(sys.executable).with_name("dagster")
    result = subprocess.run(
        [str(dagster), "definitions", "validate", "-m", "orchestration.definitions"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Validation successful" in result.stderr + result.stdout


def _tick(sensor, cursor: str | None, instance: dg.DagsterInstance):
    context = dg.build_sensor_context(cursor=cursor, instance=instance)
    result = sensor(context)
    return result, context.cursor


def _requests(result) -> list[tuple[str, str, str | None]]:
    """(run_key, job, the batch partition it extracts) of each run request."""
    return [(r.run_key, r.job_name, r.partition_key) for r in result.run_requests]


def test_sensor_triggers_once_per_content(tmp_path, monkeypatch, dbt_manifest):
    from orchestration.definitions import defs, documents_sensor

    folder = tmp_path / "docs"
    folder.mkdir()
    monkeypatch.setenv("ICTWH_DOCUMENTS_DIR", str(folder))
    monkeypatch.setenv("ICTWH_HOME", str(tmp_path / "home"))  # no served warehouse yet
    first = folder / "first.txt"
    first.write_text("대구시, 올해 정보화사업 300억 투자\n", encoding="utf-8")
    (folder / "first.meta.json").write_text("{}", encoding="utf-8")  # sidecars are not documents
    first_id = ingest_file(first, max_bytes=10**6).doc_id

    with dg.instance_for_test() as instance:
        # the first tick looks at the folder as a whole: one run over one batch of its documents
        [boot], cursor = _tick(documents_sensor, None, instance)
        assert boot.run_key.startswith("folder:") and boot.job_name == "build_warehouse"
        assert boot.partition_key.endswith(" · first.txt")  # named after its file
        assert instance.get_dynamic_partitions(PARTITIONS_NAME) == [boot.partition_key]

        article = folder / "a.txt"
        article.write_text("부산시, 올해 정보화사업 500억 투자\n", encoding="utf-8")
        doc_id = ingest_file(article, max_bytes=10**6).doc_id

        # a new file: a batch named after it and one build_warehouse run of that batch
        result, cursor = _tick(documents_sensor, cursor, instance)
        digest = hashlib.sha256(article.read_bytes()).hexdigest()
        [(run_key, job_name, batch)] = _requests(result)
        assert (run_key, job_name) == (
            f"documents:{hashlib.sha256(digest.encode()).hexdigest()}",
            "build_warehouse",
        )
        assert batch.endswith(" · a.txt")
        [add] = result.dynamic_partitions_requests
        assert (add.partitions_def_name, list(add.partition_keys)) == (PARTITIONS_NAME, [batch])
        # as the daemon evaluates it: the partition exists once the request is applied, and the
        # run is tagged with it
        context = dg.build_sensor_context(
            cursor=json.dumps({k: v for k, v in json.loads(cursor).items() if k != str(article)}),
            instance=instance,
            instance_ref=instance.get_ref(),
            definitions=defs,
        )
        [run] = documents_sensor.evaluate_tick(context).run_requests
        assert run.tags["dagster/partition"].endswith(" · a.txt") and run.job_name == "build_warehouse"

        result, cursor = _tick(documents_sensor, cursor, instance)  # the same file again: nothing
        assert isinstance(result, dg.SkipReason)

        restarted_cursor = json.loads(json.dumps(cursor))  # a restarted daemon
        result, restarted = _tick(documents_sensor, restarted_cursor, instance)
        assert isinstance(result, dg.SkipReason) and restarted == cursor

        article.write_text("부산시, 올해 정보화사업 600억 투자\n", encoding="utf-8")  # changed: one run
        result, cursor = _tick(documents_sensor, cursor, instance)
        new_digest = hashlib.sha256(article.read_bytes()).hexdigest()
        [(_, job_name, batch)] = _requests(result)
        assert job_name == "build_warehouse" and batch.endswith(" · a.txt")
        assert result.run_requests[0].tags["ict_warehouse/trigger"] == "changed file"

        # two new files in one tick: one batch, one run, named after the first and counting the other
        for name in ("b.txt", "c.txt"):
            (folder / name).write_text(f"{name} 광주시, 올해 정보화사업 70억 투자\n", encoding="utf-8")
        result, cursor = _tick(documents_sensor, cursor, instance)
        [(_, job_name, batch)] = _requests(result)
        assert job_name == "build_warehouse" and batch.endswith(" · b.txt + 1 more"), batch
        assert result.run_requests[0].tags["ict_warehouse/trigger"] == "2 files"
        for name in ("b.txt", "c.txt"):
            (folder / name).unlink()
        result, cursor = _tick(documents_sensor, cursor, instance)  # their removal: refresh runs

        binary = b"\x00\x01binary"
        (folder / "copy.txt").write_bytes(binary)  # refused at ingestion: nothing to extract
        result, cursor = _tick(documents_sensor, cursor, instance)
        binary_key = f"document:{hashlib.sha256(binary).hexdigest()}"
        assert _requests(result) == [(binary_key, "refresh_warehouse", None)]
        assert not result.dynamic_partitions_requests

        article.unlink()  # removed: reported, and a run retires its facts
        result, cursor = _tick(documents_sensor, cursor, instance)
        assert [(r.run_key, r.job_name, r.tags["ict_warehouse/trigger"]) for r in result.run_requests] == [
            (f"removed:{new_digest}", "refresh_warehouse", "removed file")
        ]
        assert sorted(json.loads(cursor)) == [str(folder / "copy.txt"), str(first)]
        assert doc_id != first_id


@pytest.mark.e2e
def test_concurrent_incremental_and_noop(seed_warehouse, tmp_path):
    """Two builds triggered together on a built warehouse with one new document: the second waits,
    the first extracts exactly that document (its batch), the second then finds nothing to do, and
    so does a third."""
    home = tmp_path / "home"
    shutil.copytree(seed_warehouse.home, home, symlinks=True)
    docs = tmp_path / "docs"
    shutil.copytree(seed_warehouse.documents_dir, docs)
    new = next(FIXTURE_ARTICLE.glob("*.txt"))
    shutil.copy(new, docs / new.name)
    settings = load_settings(documents_dir=docs, home=home)

    cli = Path(sys.executable).with_name("ict-warehouse")
    cmd = [str(cli), "build", "--documents", str(docs), "--home", str(home)]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)
    ]
    outputs = [p.communicate(timeout=600)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    built = [o for o in outputs if "Build succeeded" in o]
    idle = [o for o in outputs if "Nothing changed since the published warehouse" in o]
    assert len(built) == 1 and len(idle) == 1, outputs
    assert "waiting for it to finish" in idle[0]
    assert "database is locked" not in "".join(outputs) and "Conflicting lock" not in "".join(outputs)

    # exactly one document was extracted: the new one; the five others were reused
    extracted = query(
        settings,
        "SELECT d.file_name FROM raw.extractions e JOIN raw.documents d USING (doc_id) "
        "ORDER BY e.extracted_at DESC LIMIT 1",
    )
    assert extracted == [(new.name,)]
    latest = query(settings, "SELECT count(DISTINCT extracted_at) FROM raw.extractions")[0][0]
    assert latest == 2  # the seed build's extraction and this one's
    assert query(settings, "SELECT count(*) FROM marts.dim_document")[0][0] == 6

    # in Dagster: one batch per build that extracted, and this run materialised the one of the new file
    new_id = ingest_file(docs / new.name, max_bytes=10**7).doc_id
    with dg.DagsterInstance.from_config(str(home / "dagster")) as instance:
        batches = instance.get_dynamic_partitions(PARTITIONS_NAME)
        records = instance.fetch_materializations(dg.AssetKey("document_extractions"), limit=100).records
    assert len(batches) == 2 and batches[0].endswith(" + 4 more")  # the seed build's, and this one
    assert batches[1].endswith(f" · {new.name}")
    assert sorted(r.partition_key for r in records) == sorted(batches)
    # the operator's way from a file to its partition, and the warehouse's record of it
    [found] = where_documents(settings, new.name)
    assert (found["doc_id"], found["batch"]) == (new_id, batches[1])
    assert query(settings, "SELECT count(DISTINCT batch) FROM raw.extractions")[0][0] == 2

    # a no-op run changes nothing and publishes nothing
    before = hashlib.sha256(settings.served_db.read_bytes()).hexdigest()
    outcome = run_build(settings, quiet=True)
    assert outcome.up_to_date and not outcome.published
    assert hashlib.sha256(settings.served_db.read_bytes()).hexdigest() == before
    # removals are retired: test_incremental_marts_equal_a_full_rebuild


def test_the_schedule_extracts_only_what_needs_it(seed_warehouse, tmp_path, monkeypatch):
    """The daily schedule plans its run: a batch of the new document, or a refresh with none."""
    from orchestration.definitions import daily_schedule

    docs = tmp_path / "docs"
    shutil.copytree(seed_warehouse.documents_dir, docs)
    new = next(FIXTURE_ARTICLE.glob("*.txt"))
    shutil.copy(new, docs / new.name)
    monkeypatch.setenv("ICTWH_DOCUMENTS_DIR", str(docs))
    monkeypatch.setenv("ICTWH_HOME", str(seed_warehouse.home))

    with dg.instance_for_test() as instance:
        request = daily_schedule(dg.build_schedule_context(instance=instance))
        assert request.partition_key.endswith(f" · {new.name}")
        assert request.asset_selection is None  # the whole build_warehouse job
        assert instance.get_dynamic_partitions(PARTITIONS_NAME) == [request.partition_key]

        (docs / new.name).unlink()  # every document extracted already: a refresh without extraction
        request = daily_schedule(dg.build_schedule_context(instance=instance))
    assert request.partition_key is None
    keys = {k.to_user_string() for k in request.asset_selection}
    assert "document_extractions" not in keys and {"raw_documents", "published_warehouse"} <= keys


def test_a_schedule_tick_with_nothing_new_launches_no_run(seed_warehouse, monkeypatch):
    """The published warehouse was built from exactly this folder and code: the daily tick skips with
    a reason instead of launching a run whose every step would skip (and grey out every check)."""
    from orchestration.definitions import daily_schedule

    monkeypatch.setenv("ICTWH_DOCUMENTS_DIR", str(seed_warehouse.documents_dir))
    monkeypatch.setenv("ICTWH_HOME", str(seed_warehouse.home))
    with dg.instance_for_test() as instance:
        result = daily_schedule(dg.build_schedule_context(instance=instance))
        assert isinstance(result, dg.SkipReason), result
        assert "nothing changed since the published warehouse" in result.skip_message
        assert instance.get_dynamic_partitions(PARTITIONS_NAME) == []


@pytest.mark.e2e
def test_an_unchanged_folder_is_recognised_before_dagster_starts(seed_warehouse, tmp_path):
    """Same files (paths, sizes, modification times) and same code: `build` answers at once."""
    from orchestration.fingerprint import up_to_date

    home = tmp_path / "home"
    shutil.copytree(seed_warehouse.home, home, symlinks=True)
    settings = load_settings(documents_dir=seed_warehouse.documents_dir, home=home)
    assert up_to_date(settings)
    cli = Path(sys.executable).with_name("ict-warehouse")
    result = subprocess.run(
        [str(cli), "build", "--documents", str(settings.documents_dir), "--home", str(home)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and "Nothing changed since the published warehouse" in result.stdout

    docs = tmp_path / "docs"
    shutil.copytree(seed_warehouse.documents_dir, docs)  # new paths: no longer the same files
    assert not up_to_date(load_settings(documents_dir=docs, home=home))


def _dbt_results(settings) -> list[dict]:
    """The node results of the home's last dbt invocation."""
    return json.loads((settings.dbt_target_dir / "run_results.json").read_text("utf-8"))["results"]


@pytest.mark.e2e
def test_incremental_marts_equal_a_full_rebuild(seed_warehouse, tmp_path):
    """One document added and one removed: the per-document marts rebuild only those two, and the
    warehouse equals what a full rebuild of the same folder gives."""
    import duckdb

    home = tmp_path / "home"
    shutil.copytree(seed_warehouse.home, home, symlinks=True)
    docs = tmp_path / "docs"
    shutil.copytree(seed_warehouse.documents_dir, docs)
    new = sorted(FIXTURE_ARTICLE.glob("*.txt"))[1]
    shutil.copy(new, docs / new.name)
    gone = next(docs.glob("001_*.txt"))  # a news article with 4 checks and a source finding
    gone_id = ingest_file(gone, max_bytes=10**7).doc_id
    had = "SELECT count(*) FROM marts.fct_reconciliation WHERE doc_id = ?"
    assert query(seed_warehouse, had, [gone_id])[0][0] > 0
    gone.unlink()
    new_id = ingest_file(docs / new.name, max_bytes=10**7).doc_id
    settings = load_settings(documents_dir=docs, home=home)
    outcome = run_build(settings, quiet=True)
    assert outcome.published and outcome.extracted == 1, outcome.failures

    assert query(settings, "SELECT full_refresh FROM dq.build_info ORDER BY built_at DESC LIMIT 1") == [
        (False,)
    ]
    changes = query(settings, "SELECT change, doc_id FROM raw.document_changes ORDER BY change, doc_id")
    # the copied folder moved every kept file: their metadata (path) changed, not their facts
    assert [c for c in changes if c[0] != "metadata"] == [
        ("added", new_id),
        ("extracted", new_id),
        ("removed", gone_id),
    ]
    for table in (
        "raw.extractions",
        "raw.audit_items",
        "marts.fct_reconciliation",
        "marts.fct_source_finding",
    ):
        assert query(settings, f"SELECT count(*) FROM {table} WHERE doc_id = ?", [gone_id]) == [(0,)]
    with dg.DagsterInstance.from_config(str(home / "dagster")) as instance:
        batch = instance.get_dynamic_partitions(PARTITIONS_NAME)[-1]
    assert batch.endswith(f" · {new.name}")  # the batch of this run: the one new file
    assert query(settings, "SELECT batch FROM raw.extractions WHERE doc_id = ?", [new_id]) == [(batch,)]
    assert query(settings, "SELECT count(*) FROM marts.dim_document WHERE doc_id = ?", [new_id]) == [(1,)]

    # the incremental run kept what the same code already built: no seed, view or unit test ran
    ran = {r["unique_id"].split(".")[0] for r in _dbt_results(settings)}
    assert ran == {"model", "test"}, ran
    assert "seed" not in ran and "unit_test" not in ran

    incremental = tmp_path / "incremental.duckdb"
    shutil.copyfile(settings.served_db, incremental)
    assert run_build(settings, quiet=True, force=True).published  # the same home, rebuilt whole
    assert query(settings, "SELECT full_refresh FROM dq.build_info ORDER BY built_at DESC LIMIT 1") == [
        (True,)
    ]
    assert {r["unique_id"].split(".")[0] for r in _dbt_results(settings)} >= {"seed", "unit_test", "model"}
    # dbt kept its parse between the two runs of this home (issue 17: it re-parsed at every run)
    log = (settings.dbt_target_dir / "dbt.log").read_text("utf-8")
    last_run = log[log.rindex("Running with dbt") :]
    assert "Partial parsing enabled" in last_run and "Unable to do partial parsing" not in last_run

    con = duckdb.connect()
    con.execute(f"ATTACH '{incremental}' AS inc (READ_ONLY)")
    con.execute(f"ATTACH '{settings.served_db}' AS whole (READ_ONLY)")
    for mart in MARTS:
        cols = "* EXCLUDE (ingested_at)" if mart == "dim_document" else "*"
        for a, b in (("inc", "whole"), ("whole", "inc")):
            diff = con.execute(
                f"SELECT count(*) FROM (SELECT {cols} FROM {a}.marts.{mart} "
                f"EXCEPT ALL SELECT {cols} FROM {b}.marts.{mart})"
            ).fetchall()[0][0]
            assert diff == 0, f"{mart}: {diff} rows of {a} not in {b}"
    con.close()


def test_a_new_version_of_one_extractor_re_extracts_only_its_kind(seed_warehouse):
    """Bumping the news extractor plans the news articles again, never the work report."""
    from orchestration import raw_load
    from orchestration.partitions import plan_extraction

    versions = raw_load.extractor_versions()
    assert plan_extraction(seed_warehouse, versions).to_extract == []
    bumped = plan_extraction(seed_warehouse, {**versions, "news": versions["news"] + "+next"})
    kinds = {bumped.documents[d].kind for d in bumped.to_extract}
    assert kinds == {"news"} and len(bumped.to_extract) == 4
    assert bumped.batch().endswith(" + 3 more")


def test_a_run_that_finds_nothing_to_do_leaves_no_empty_batch(seed_warehouse, tmp_path):
    """Two builds planned the same new file a second apart, so each registered its own batch; the
    one that waited finds the work done: its batch, which nothing will ever extract, is removed."""
    from orchestration.definitions import defs
    from orchestration.partitions import batch_key

    home = tmp_path / "home"
    shutil.copytree(seed_warehouse.home, home, symlinks=True)
    settings = load_settings(documents_dir=seed_warehouse.documents_dir, home=home)
    with dg.DagsterInstance.from_config(str(settings.dagster_home)) as instance:
        before = instance.get_dynamic_partitions(PARTITIONS_NAME)
        late = batch_key(["late.txt"])
        instance.add_dynamic_partitions(PARTITIONS_NAME, [late])
        result = defs.resolve_job_def("build_warehouse").execute_in_process(
            run_config={
                "resources": {
                    "warehouse": {"config": {"documents_dir": str(settings.documents_dir), "home": str(home)}}
                }
            },
            instance=instance,
            partition_key=late,
            raise_on_error=False,
        )
        assert result.success
        assert instance.get_dynamic_partitions(PARTITIONS_NAME) == before  # the seed build's batch stays
