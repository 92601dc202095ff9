"""End to end, a hostile documents folder and a hostile home still publish the good documents
(issue 14): links, a pipe and a directory named like a document are rejected with their reasons, a
bad sidecar costs only its fields, a work report with a duplicated table line stays that document's
problem, a home path with quotes publishes and exports, and a disk that fills during publish fails
cleanly and recovers.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import run_build
from orchestration.settings import Settings, load_settings
from tests.conftest import query, seed_path
from tests.integration.test_full_disk import fill, small_tmpfs
from tests.integration.timeouts import deadline

pytestmark = pytest.mark.e2e

DUPLICATED_LINE = 1006  # 특별회계 53,428,398 ...: the subtotal of 정보통신보안담당관's special account


def _copy(prefix: str, docs: Path, *, sidecar: bool = True) -> Path:
    src = seed_path(prefix)
    shutil.copy(src, docs / src.name)
    if sidecar:
        shutil.copy(src.with_name(src.stem + ".meta.json"), docs)
    return docs / src.name


def _with_duplicated_line(path: Path, line: int) -> str:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(line, lines[line - 1])
    path.write_text("\n".join(lines), encoding="utf-8")
    return lines[line - 1]


def _summary(settings: Settings) -> dict:
    return json.loads((settings.reports_dir / "latest" / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory, dbt_manifest: Path):
    tmp = tmp_path_factory.mktemp("hostile")
    docs = tmp / "documents"
    docs.mkdir()
    article = _copy("001", docs, sidecar=False)
    (docs / (article.stem + ".meta.json")).write_text(
        json.dumps({"published_on": 12345, "kind": ["x"], "title": 7}), encoding="utf-8"
    )
    report = _copy("004", docs)
    duplicated = _with_duplicated_line(report, DUPLICATED_LINE)
    os.symlink("/etc/passwd", docs / "passwd.txt")
    os.mkfifo(docs / "pipe.txt")
    (docs / "notes.txt").mkdir()
    (docs / "notes.txt" / "inner.txt").write_text("폴더 안의 문서\n", encoding="utf-8")
    home = tmp / "o'brien's \"warehouse\"" / "home"
    settings = load_settings(documents_dir=docs, home=home)
    with deadline(900):
        outcome = run_build(settings, quiet=True)
    return settings, outcome, duplicated


def test_the_good_documents_publish(hostile_build) -> None:
    settings, outcome, _ = hostile_build
    assert outcome.published, outcome.failures
    assert _summary(settings)["status"] == "published"
    assert query(settings, "SELECT status FROM dq.runs ORDER BY finished_at DESC LIMIT 1") == [("published",)]
    statuses = dict(query(settings, "SELECT file_name, status FROM marts.dim_document"))
    assert statuses[seed_path("001").name] == "published"
    assert statuses[seed_path("004").name] in ("published", "quarantined")


def test_links_pipes_and_directories_are_rejected_and_never_read(hostile_build) -> None:
    settings, _, _ = hostile_build
    reasons = dict(query(settings, "SELECT file_name, reason FROM raw.rejected_documents"))
    assert reasons == {
        "passwd.txt": "symbolic link: not followed (only regular files inside the folder are read)",
        "pipe.txt": "not a regular file: named pipe (FIFO)",
        "notes.txt": "not a regular file: directory named like a document (not walked into)",
    }
    assert query(settings, "SELECT count(*) FROM raw.documents WHERE text LIKE '%root:%'") == [(0,)]
    assert query(settings, "SELECT count(*) FROM raw.documents WHERE file_name = 'inner.txt'") == [(0,)]


def test_the_bad_sidecar_costs_only_its_fields(hostile_build) -> None:
    settings, _, _ = hostile_build
    [(origin, notes, kind, published_on)] = query(
        settings,
        "SELECT metadata_origin, notes, kind, published_on FROM raw.documents WHERE file_name = ?",
        [seed_path("001").name],
    )
    assert (origin, kind, str(published_on)) == ("inferred", "news", "2023-01-25")
    assert notes.startswith("sidecar fields ignored: ")
    for field in ("published_on (", "kind (", "title ("):
        assert field in notes


def test_a_duplicated_table_line_is_that_documents_problem(hostile_build) -> None:
    settings, outcome, duplicated = hostile_build
    assert not any("unique" in f for f in outcome.failures)
    [(doc_id, status)] = query(
        settings, "SELECT doc_id, status FROM marts.dim_document WHERE file_name = ?", [seed_path("004").name]
    )
    findings = query(
        settings,
        "SELECT rule, lines FROM marts.fct_source_finding WHERE doc_id = ? "
        "AND (list_contains(lines, ?) OR list_contains(lines, ?))",
        [doc_id, DUPLICATED_LINE, DUPLICATED_LINE + 1],
    )
    # published with a finding about the doubled line, or held back: never blocking the others
    assert findings or status == "quarantined", (status, duplicated)
    checks = query(settings, "SELECT count(*), count(DISTINCT check_id) FROM marts.fct_reconciliation")
    assert checks[0][0] == checks[0][1]


def test_the_quoted_home_exports(hostile_build) -> None:
    settings, _, _ = hostile_build
    exported = sorted(p.name for p in settings.exports_dir.glob("*.parquet"))
    assert "dim_document.parquet" in exported and "fct_reconciliation.parquet" in exported
    con = duckdb.connect()
    try:
        n = con.execute(
            "SELECT count(*) FROM read_parquet(?)", [str(settings.exports_dir / "dim_document.parquet")]
        ).fetchall()[0][0]
    finally:
        con.close()
    assert n == len(query(settings, "SELECT 1 FROM marts.dim_document"))


# --- a full disk ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("leave", ["a third of a copy", "nothing"])
def test_a_disk_full_during_publish_fails_cleanly_and_the_next_run_publishes(
    tmp_path: Path, dbt_manifest: Path, monkeypatch: pytest.MonkeyPatch, capsys, leave: str
) -> None:
    """The disk fills once the build and its checks are done (another process, say). With a little
    room left the run fails at publish with the reason; with none, even Dagster's own run storage
    cannot write, and the command still says why instead of a traceback. Either way nothing is left
    half-written, and once space is freed the next build publishes."""
    from orchestration.assets import publish as publish_asset
    from orchestration.cli import main

    docs = tmp_path / "documents"
    docs.mkdir()
    _copy("001", docs)
    _copy("004", docs)
    with small_tmpfs(tmp_path / "disk", 96) as disk:
        settings = load_settings(documents_dir=docs, home=disk / "home")
        real_publish = publish_asset.publish
        filled: list[Path] = []

        def publish_on_a_full_disk(s: Settings) -> Path:
            room = s.build_db.stat().st_size // 3 if leave != "nothing" else 0
            filled.append(fill(disk, leave_bytes=room))
            return real_publish(s)

        monkeypatch.setattr(publish_asset, "publish", publish_on_a_full_disk)
        argv = ["build", "--documents", str(docs), "--home", str(settings.home)]
        assert main(argv) == 1
        out = capsys.readouterr().out
        assert filled and "no space left on device" in out, out
        assert "Traceback" not in out
        assert not list(settings.home.glob("*.publishing"))
        assert not settings.served_db.exists()  # nothing was served before: nothing is now
        latest = settings.reports_dir / "latest" / "summary.json"
        assert not latest.exists() or _summary(settings)["status"] == "failed"

        filled[0].unlink()  # space freed
        monkeypatch.setattr(publish_asset, "publish", real_publish)
        assert main(argv) == 0, capsys.readouterr().out
        assert _summary(settings)["status"] == "published"
        assert len(query(settings, "SELECT 1 FROM marts.dim_document")) == 2
