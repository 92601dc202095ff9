"""The app never shows stale data, treats document text as text, and says so when a link is wrong
(issue 14, items 6 and 7).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import duckdb
import pytest
from markdown_it import MarkdownIt

from tests.app.conftest import work_report_doc_id
from tests.app.test_pages import run_page

IMAGE = "![p](http://attacker.invalid/x.png)"
HTML_IMAGE = '<img src="http://attacker.invalid/y.png">'
COUNT = "SELECT count(*) AS n FROM marts.fct_audit_finding"


def _publish_with(served: Path, *statements: str) -> None:
    """A new served file, as orchestration.warehouse.publish makes one: a copy, then os.replace."""
    staging = served.with_name(served.name + ".publishing")
    shutil.copyfile(served, staging)
    con = duckdb.connect(str(staging))
    for sql in statements:
        con.execute(sql)
    con.close()
    os.replace(staging, served)


def _n(df) -> int:
    return int(df["n"].iloc[0])


# --- item 6: a fresh view of the served file after every publish -----------------------------------------------


def test_a_query_after_a_publish_sees_the_new_file_while_an_old_reader_is_open(
    home_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB shares one database instance per path in a process: while an earlier reader holds
    the old file, a plain connect(path) after the publish returns the old warehouse."""
    from app import data

    monkeypatch.setenv("ICTWH_HOME", str(home_copy))
    served = home_copy / "warehouse.duckdb"
    assert _n(data.query(COUNT)) == 52
    earlier = duckdb.connect(str(served), read_only=True)  # a query of another session, still open
    try:
        assert earlier.execute(COUNT).fetchall() == [(52,)]
        _publish_with(served, "DELETE FROM marts.fct_audit_finding WHERE status = '완료'")
        after = _n(data.query(COUNT))
        assert after < 52
    finally:
        earlier.close()
    # and what was cached under the new file's key is the new file's answer
    assert _n(data.query(COUNT)) == after
    assert data.has_table("marts.fct_audit_finding")


def test_the_file_swapped_during_a_running_query(home_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow query runs on the old file in another thread; the file is replaced meanwhile; a query
    started after the replace answers from the new file, and the slow one from the old."""
    from app import data

    monkeypatch.setenv("ICTWH_HOME", str(home_copy))
    served = home_copy / "warehouse.duckdb"
    slow_sql = (
        "SELECT count(*) AS n, sum(hash(r.range + f.ordinal)) AS h "
        "FROM marts.fct_audit_finding AS f, range(40000000) AS r"
    )
    slow: dict[str, object] = {}

    def run_slow() -> None:
        slow["df"] = data.query(slow_sql)

    worker = threading.Thread(target=run_slow)
    worker.start()
    time.sleep(0.5)  # the slow query has opened the old file
    _publish_with(served, "DELETE FROM marts.fct_audit_finding WHERE ordinal > 10")
    try:
        after = _n(data.query(COUNT))
        assert worker.is_alive(), "the slow query ended before the swap: it proves nothing"
        assert after < 52, "a query started after the publish answered from the old file"
    finally:
        worker.join(timeout=300)
    assert int(slow["df"]["n"].iloc[0]) == 52 * 40_000_000  # the earlier query kept its file


# --- item 7: document text is text ------------------------------------------------------------------------------


def _fetches(markdown: str) -> list[str]:
    """What a browser would load on its own from this Markdown (images), rendered as CommonMark
    with raw HTML allowed through: Streamlit's own renderer shows images from ![..](..)."""
    html = MarkdownIt("commonmark", {"html": True}).render(markdown)
    return [part for part in html.split("<img")[1:]]


def _markdown_of(at) -> list[str]:
    texts = [str(m.value) for m in at.markdown] + [str(c.value) for c in at.caption]
    texts += [str(w.value) for w in at.warning] + [str(i.value) for i in at.info]
    texts += [str(e.label) for e in at.expander] + [str(m.label) for m in at.metric]
    return texts


@pytest.fixture
def hostile_texts(home_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A served warehouse whose findings, actions, plans and duties hold Markdown and HTML."""
    served = home_copy / "warehouse.duckdb"
    con = duckdb.connect(str(served))
    payload = f"지적 {IMAGE} {HTML_IMAGE} **굵게** [링크](http://attacker.invalid/)"
    con.execute(
        "UPDATE marts.fct_audit_finding SET finding = ?, actions = ?, plans = ? WHERE ordinal = 1",
        [payload, payload, payload],
    )
    con.execute(
        "UPDATE marts.dim_department SET duties = ? WHERE duties IS NOT NULL",
        [f"업무 {IMAGE} · {HTML_IMAGE}"],
    )
    con.close()
    monkeypatch.setenv("ICTWH_HOME", str(home_copy))
    return home_copy


def test_audit_texts_are_shown_as_text_not_markdown(hostile_texts: Path) -> None:
    at = run_page("audits")
    con = duckdb.connect(str(hostile_texts / "warehouse.duckdb"), read_only=True)
    [(finding_id,)] = con.execute(
        "SELECT finding_id FROM marts.fct_audit_finding WHERE ordinal = 1 ORDER BY audit_year DESC LIMIT 1"
    ).fetchall()
    con.close()
    at.selectbox(key="au_pick").set_value(finding_id).run()
    assert not at.exception
    for text in _markdown_of(at):
        assert not _fetches(text), text
    shown = "\n".join(str(t.value) for t in at.text)
    assert IMAGE in shown and HTML_IMAGE in shown  # the text itself is still there, as written


def test_duties_are_shown_as_text_not_markdown(hostile_texts: Path) -> None:
    at = run_page("departments")
    for text in _markdown_of(at):
        assert not _fetches(text), text
    assert IMAGE in "\n".join(str(t.value) for t in at.text)


def test_the_escaping_keeps_the_words() -> None:
    from app.format import md_escape

    for raw in (
        IMAGE,
        HTML_IMAGE,
        "1. 번호 * 별 # 제목 > 인용 | 표 ~~취소~~ $x$ :red[빨강] `코드`",
        "정보화 3,213억",
    ):
        rendered = MarkdownIt("commonmark", {"html": True}).render(md_escape(raw))
        assert "<img" not in rendered and "<a " not in rendered and "<em>" not in rendered
        assert "<h1>" not in rendered and "<ol>" not in rendered and "<blockquote>" not in rendered
    assert md_escape("스마트도시 통신인프라 구축") == "스마트도시 통신인프라 구축"


# --- item 7: links that point nowhere ------------------------------------------------------------------------


def test_a_line_past_the_end_is_clamped(app_env: Path, served_con: duckdb.DuckDBPyConnection) -> None:
    doc = work_report_doc_id(served_con)
    [(n_lines,)] = served_con.execute(
        "SELECT line_count FROM marts.dim_document WHERE doc_id = ?", [doc]
    ).fetchall()
    at = run_page("sources", {"doc": doc, "line": "999999"})  # no traceback, no server path
    assert at.selectbox[0].value == doc
    assert at.number_input[0].value == n_lines
    assert any(f'id="L{n_lines}"' in str(m.value) for m in at.markdown)
    assert any("999999" in str(c.value) for c in at.caption)


def test_an_unknown_document_says_so(app_env: Path) -> None:
    at = run_page("sources", {"doc": "0" * 64, "line": "3"})
    assert any("0" * 64 in str(w.value) for w in at.warning)
    assert at.selectbox[0].value is None  # no document opened in its place
    assert not any('id="L3"' in str(m.value) for m in at.markdown)


def test_an_unknown_document_link_cannot_inject_markdown(app_env: Path) -> None:
    at = run_page("sources", {"doc": IMAGE})
    assert at.warning
    for text in _markdown_of(at):
        assert not _fetches(text), text


# --- item 7: the app binds 127.0.0.1 unless told otherwise --------------------------------------------------------


def test_the_app_binds_localhost_by_default() -> None:
    from app.launch import build_parser, streamlit_command

    args = build_parser().parse_args([])
    assert args.address == "127.0.0.1"
    cmd = streamlit_command(8501, headless=True, address=args.address)
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    exposed = build_parser().parse_args(["--address", "0.0.0.0"])
    cmd = streamlit_command(8501, headless=True, address=exposed.address)
    assert cmd[cmd.index("--server.address") + 1] == "0.0.0.0"


def test_the_command_line_passes_the_address(monkeypatch: pytest.MonkeyPatch) -> None:
    import app.launch
    from orchestration import cli

    seen: list[list[str]] = []
    monkeypatch.setattr(app.launch, "main", lambda argv: seen.append(argv) or 0)
    assert cli.main(["app", "--port", "9000"]) == 0
    assert cli.main(["app", "--address", "0.0.0.0"]) == 0
    assert "--address" not in seen[0]  # the launcher's default: 127.0.0.1
    assert seen[1][seen[1].index("--address") + 1] == "0.0.0.0"
