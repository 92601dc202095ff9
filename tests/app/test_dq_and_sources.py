"""The data-quality page for non-engineers (plain summary, the documents' own inconsistencies as stories,
engineering detail in an expander, times in KST) and the Sources page's table header, unit and values
for a line of a plain-text document."""

from __future__ import annotations

import json
import re
from datetime import UTC, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app import data
from tests.app.conftest import PAGES, work_report_doc_id

HEADLINE_ARTICLE = "서울시 정보화사업 분야 303억원 투자...메타버스 등 본격화"
ENGINEERING = "엔지니어용 상세"


def run_page(name: str, query_params: dict[str, str] | None = None, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(str(PAGES[name]), default_timeout=120)
    for key, value in (query_params or {}).items():
        at.query_params[key] = value
    if lang is not None:
        at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r} among {[m.label for m in at.metric]}"
    return found[0]


def frames_with(at, *columns: str) -> list[pd.DataFrame]:
    return [df.value for df in at.dataframe if all(c in df.value.columns for c in columns)]


def engineering(at):
    found = [e for e in at.expander if e.label.startswith(ENGINEERING)]
    assert len(found) == 1, [e.label for e in at.expander]
    return found[0]


def doc_id_titled(con: duckdb.DuckDBPyConnection, title: str) -> str:
    return con.execute("SELECT doc_id FROM marts.dim_document WHERE title = ?", [title]).fetchall()[0][0]


# --- 1. the plain summary ---------------------------------------------------------------------------------------

HELD_BACK_AND_REJECTED = [
    # file_name, status, recorded reason
    (
        "scan.pdf",
        "rejected",
        "scanned PDF: no text layer (install tesseract-ocr and tesseract-ocr-kor to read it by OCR)",
    ),
    ("copy.txt", "rejected", "duplicate: same text as 001_a3aff56a5c7a9265.txt"),
    ("mystery.bin", "rejected", "a reason nobody wrote a sentence for"),
    ("report.hwp", "quarantined", "figure lines not consumed by any record: 12, 13"),
]


@pytest.fixture
def home_with_rejects(home_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed warehouse with three rejected files and one quarantined document added to dim_document."""
    con = duckdb.connect(str(home_copy / "warehouse.duckdb"))
    for i, (file_name, status, reason) in enumerate(HELD_BACK_AND_REJECTED):
        con.execute(
            "INSERT INTO marts.dim_document (doc_id, file_name, status, rejected_reason, n_facts) VALUES (?, ?, ?, ?, 0)",
            [f"file:{i:016d}", file_name, status, reason],
        )
    con.close()
    monkeypatch.setenv("ICTWH_HOME", str(home_copy))
    return home_copy


def test_the_first_section_counts_published_held_back_and_rejected_with_plain_reasons(
    home_with_rejects: Path,
) -> None:
    at = run_page("data_quality")
    assert at.subheader[0].value == "한눈에 보기"
    assert metric(at, "게시됨") == "5"
    assert metric(at, "보류됨") == "1"
    assert metric(at, "읽지 못함") == "3"
    assert "받은 파일 9개 중 5개를 게시했고, 1개는 보류, 3개는 거부했습니다." in [
        m.value for m in at.markdown
    ]

    [table] = frames_with(at, "file_name", "outcome", "why", "recorded_reason")
    why = dict(zip(table["file_name"], table["why"], strict=True))
    assert why["scan.pdf"].startswith("글자 없이 쪽 이미지만 있는 스캔 PDF입니다.")
    assert why["copy.txt"] == "001_a3aff56a5c7a9265.txt 파일과 글자까지 같은 문서라 한 번만 반영했습니다."
    assert why["report.hwp"].endswith("(줄 12, 13).")
    assert why["mystery.bin"] == "a reason nobody wrote a sentence for"  # unknown: shown as it is
    outcome = dict(zip(table["file_name"], table["outcome"], strict=True))
    assert outcome["scan.pdf"] == "읽지 못함" and outcome["report.hwp"] == "보류됨 (검토 필요)"
    # the plain table is not part of the engineering detail
    assert not [df for df in engineering(at).dataframe if "why" in df.value.columns]


def test_the_plain_summary_in_english(home_with_rejects: Path) -> None:
    at = run_page("data_quality", lang="en")
    assert metric(at, "Held back") == "1"
    [table] = frames_with(at, "file_name", "why")
    why = dict(zip(table["file_name"], table["why"], strict=True))
    assert why["scan.pdf"].startswith("A scanned PDF: pages are images with no text.")
    assert why["copy.txt"] == "The same text as 001_a3aff56a5c7a9265.txt: counted once."


def test_when_every_document_is_published_it_says_so(app_env: Path, served_con) -> None:
    at = run_page("data_quality")
    [(n,)] = served_con.execute(
        "SELECT count(*) FROM marts.dim_document WHERE status = 'published'"
    ).fetchall()
    assert metric(at, "게시됨") == str(n)
    assert metric(at, "보류됨") == "0" and metric(at, "읽지 못함") == "0"
    assert "받은 문서를 모두 게시했습니다." in [s.value for s in at.success]


def test_the_latest_build_is_told_in_a_sentence_with_its_time_in_kst(app_env: Path, served_con) -> None:
    summary = app_env / "reports" / "latest" / "summary.json"
    if summary.exists():
        finished = pd.Timestamp(json.loads(summary.read_text(encoding="utf-8"))["finished_at"])
    else:
        finished = pd.Timestamp(
            served_con.execute("SELECT max(finished_at) FROM dq.runs").fetchall()[0][0]
        ).tz_localize(UTC)
    seoul = (finished.tz_convert(UTC).tz_localize(None) + timedelta(hours=9)).strftime("%Y-%m-%d %H:%M")
    at = run_page("data_quality")
    assert f"마지막 빌드({seoul} KST)는 모든 점검을 통과해 게시되었습니다." in [s.value for s in at.success]
    runs = engineering(at).dataframe
    history = [df.value for df in runs if "finished_at" in df.value.columns]
    assert history and str(history[0]["finished_at"].dt.tz) == "Asia/Seoul"


def test_a_build_that_was_not_published_is_told_plainly(
    home_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    latest = home_copy / "reports" / "latest"
    latest.mkdir(parents=True)
    (latest / "summary.json").write_text(
        json.dumps(
            {
                "run_id": "r1",
                "status": "blocked",
                "started_at": None,
                "finished_at": "2024-01-01T23:30:00+00:00",
                "failures": ["mart_dim_document: 1 expectation failed"],
                "checks": [],
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("ICTWH_HOME", str(home_copy))
    at = run_page("data_quality")
    assert at.error[0].value == (
        "마지막 빌드(2024-01-02 08:30 KST)는 점검에 실패해 게시되지 않았습니다. "
        "지금 보이는 자료는 그 전에 게시된 것입니다."
    )
    assert "mart_dim_document: 1 expectation failed" in [e.value for e in engineering(at).error]


# --- 2. what the documents get wrong, as stories ---------------------------------------------------------------


def test_the_headline_that_contradicts_its_body_is_the_first_story_with_a_link(
    app_env: Path, served_con
) -> None:
    news = doc_id_titled(served_con, HEADLINE_ARTICLE)
    at = run_page("data_quality")
    subheaders = [s.value for s in at.subheader]
    assert subheaders[:2] == ["한눈에 보기", "문서 자체가 틀린 곳"]
    stories = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert (
        stories[0]
        == "- 기사 제목은 303.0억원이라 하지만, 본문은 3,703.0억원이라고 적었습니다. · 차이 3,400.0억원"
    )
    links = [c.value for c in at.caption if f"(/Sources?doc={news}&line=4)" in c.value]
    assert links and HEADLINE_ARTICLE in links[0]  # the headline's line, quoted
    assert any(f"(/Sources?doc={news}&line=22)" in c.value and "3703억 원" in c.value for c in at.caption)


def test_the_audit_counts_the_report_gets_wrong_are_told_among_the_first(app_env: Path, served_con) -> None:
    report = work_report_doc_id(served_con)
    at = run_page("data_quality")
    more = [e for e in at.expander if e.label.startswith("나머지")]
    hidden = {m.value for e in more for m in e.markdown}
    told = [m.value for m in at.markdown if m.value.startswith("- ") and m.value not in hidden]
    story = next(s for s in told if "「계 추진중」" in s)
    assert "24건이라고 적혀 있지만, 본문에 나열된 지적사항을 세어 보면 19건입니다. · 차이 5건" in story
    [(line,)] = served_con.execute(
        "SELECT list_min(lines) FROM marts.fct_source_finding WHERE doc_id = ? AND subject = '계 추진중'",
        [report],
    ).fetchall()
    assert any(f"(/Sources?doc={report}&line={line})" in c.value for c in at.caption)


def test_every_discrepancy_is_told_once(app_env: Path, served_con) -> None:
    """Every source finding, and every reconciliation source_discrepancy no finding already tells."""
    at = run_page("data_quality")
    sentences = [line for m in at.markdown if m.value.startswith("- ") for line in m.value.split("\n")]
    [(n_findings,)] = served_con.execute("SELECT count(*) FROM marts.fct_source_finding").fetchall()
    told = data.source_discrepancies()
    assert len(sentences) == len(told) >= n_findings > 0


def test_source_discrepancies_are_sorted_by_relative_difference(app_env: Path) -> None:
    told = data.source_discrepancies()
    sized = told["relative_difference"].dropna()
    assert list(sized) == sorted(sized, reverse=True)
    assert told.iloc[0]["rule"] == "headline_contradicts_body"
    assert told["relative_difference"].isna().sum() == len(told) - len(sized)
    assert told["relative_difference"].iloc[len(sized) :].isna().all()  # without figures: last


# --- 3. the engineering detail ------------------------------------------------------------------------------


def test_the_engineering_detail_is_inside_an_expander(app_env: Path) -> None:
    at = run_page("data_quality")
    detail = engineering(at)
    inside = [df.value for df in detail.dataframe]
    assert any("check_name" in df.columns and "passed" in df.columns for df in inside)  # checks
    assert any("rule" in df.columns and "explanation" in df.columns for df in inside)  # source findings
    assert any("run_id" in df.columns for df in inside)  # history of runs
    assert [m.label for m in detail.metric] == ["실행 ID", "상태", "점검 수", "실패"]
    # nothing of it outside
    assert len(frames_with(at, "check_name", "passed")) == sum(
        "check_name" in df.columns and "passed" in df.columns for df in inside
    )
    assert at.subheader[-1].value == "실행 이력"


# --- the reasons table --------------------------------------------------------------------------------------


def test_the_reasons_table_is_complete_and_unambiguous() -> None:
    rows = data.reason_sentences()
    prefixes = [p for p, _, _ in rows]
    assert len(prefixes) == len(set(prefixes))
    assert all(ko.strip() and en.strip() for _, ko, en in rows)
    assert all(("{detail}" in ko) == ("{detail}" in en) for _, ko, en in rows)


@pytest.mark.parametrize(
    ("reason", "ko"),
    [
        ("empty file", "빈 파일이라 읽을 내용이 없습니다."),
        ("empty file: only whitespace", "빈 파일이라 읽을 내용이 없습니다."),
        ("corrupt PDF: no %PDF header", "손상된 PDF라 열 수 없습니다."),
        ("corrupt HWPX: not a readable zip archive (bad)", "손상된 HWPX 파일이라 열 수 없습니다."),
        ("corrupt HWP: no BodyText section", "손상된 한글(HWP) 파일이라 열 수 없습니다."),
        (
            "encrypted HWP: password-protected, cannot be read",
            "암호가 걸린 한글(HWP) 파일이라 읽을 수 없습니다.",
        ),
        ("HTML page with no article text", "기사 본문이 없는 웹 페이지입니다."),
        ("scanned PDF: OCR found no text", "스캔한 PDF인데 글자 인식(OCR)으로도 글자를 찾지 못했습니다."),
        ("unreadable pdf: ValueError: boom", "파일을 읽는 중 오류가 나서 읽지 못했습니다."),
        ("no figures recognised", "문서는 읽었지만 알아볼 수 있는 수치가 없습니다."),
        (
            "not extracted yet: its partition runs in a later build",
            "아직 추출하지 않은 문서입니다. 다음 빌드에서 처리됩니다.",
        ),
    ],
)
def test_a_recorded_reason_reads_as_a_plain_sentence(reason: str, ko: str) -> None:
    assert data.plain_reason(reason, "ko") == ko
    assert data.plain_reason(reason, "en") not in (None, reason)


def test_unknown_and_missing_reasons() -> None:
    assert data.plain_reason("something new: details", "ko") == "something new: details"
    assert data.plain_reason(None) is None
    assert data.plain_reason(float("nan")) is None


def test_the_readers_own_refusals_have_sentences(tmp_path: Path) -> None:
    """Reasons as ingestion records them for real files: each is translated, none shown raw."""
    from orchestration.ingest.documents import Rejected, ingest_file, ingest_files

    files = {
        "empty.txt": b"",
        "broken.pdf": b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n",  # no %%EOF: truncated
        "nul.txt": b"\x00\x01\x02" * 50,
        "page.html": b"<html><head><title>x</title></head><body><nav>menu</nav></body></html>",
    }
    reasons = []
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
        result = ingest_file(tmp_path / name, max_bytes=10_000_000)
        assert isinstance(result, Rejected), name
        reasons.append(result.reason)
    text = "서울시 정보화사업 303억원\n".encode()
    (tmp_path / "a.txt").write_bytes(text)
    (tmp_path / "b.txt").write_bytes(text)
    *_, duplicate = ingest_files([tmp_path / "a.txt", tmp_path / "b.txt"], max_bytes=10_000_000)
    assert isinstance(duplicate, Rejected)
    reasons.append(duplicate.reason)
    for reason in reasons:
        assert data.plain_reason(reason, "ko") != reason, reason
        assert data.plain_reason(reason, "en") != reason, reason
    assert (
        data.plain_reason(duplicate.reason, "ko") == "a.txt 파일과 글자까지 같은 문서라 한 번만 반영했습니다."
    )


# --- Sources: the table a plain-text line sits in, and the values read from it ------------------------------------


def test_a_line_of_the_budget_table_shows_its_header_unit_and_values(app_env: Path, served_con) -> None:
    [(doc, line)] = served_con.execute(
        "SELECT doc_id, line_start FROM raw.budget_lines "
        "WHERE program = '스마트도시 통신인프라 구축' AND table_kind = 'detail'"
    ).fetchall()
    at = run_page("sources", {"doc": doc, "line": str(line)})
    text = (
        served_con.execute("SELECT text FROM raw.documents WHERE doc_id = ?", [doc])
        .fetchall()[0][0]
        .splitlines()
    )

    unit = [c.value for c in at.caption if c.value.startswith("이 줄은 문서의 표 안에 있습니다.")]
    assert unit and "단위: **천원**" in unit[0]
    unit_line = int(re.search(r"\((\d+)번째 줄", unit[0]).group(1))
    assert unit_line < line and "단위" in text[unit_line - 1] and "천원" in text[unit_line - 1]

    [table] = frames_with(at, "줄")
    assert list(table["줄"])[-1] == line
    header = table.iloc[0]
    assert header["1"].replace(" ", "") == "구분" and "예산현액" in list(header)
    assert all(n < line for n in list(table["줄"])[:-1])
    assert list(table.iloc[-1])[1:] == text[line - 1].split("\t")  # the line itself, cell by cell

    [values] = frames_with(at, "record_type", "item", "field", "shown", "exact")
    shown = dict(zip(values["field"], values["shown"], strict=True))
    assert shown["예산현액"] == "504.3억원"
    assert shown["원인행위액"] == "26.0억원"
    assert shown["지출액"] == "21.9억원"
    assert shown["원인행위율"] == "5.1%"
    assert shown["지출률"] == "4.4%"
    exact = dict(zip(values["field"], values["exact"], strict=True))
    assert exact["예산현액"] == "50,428,398,000원"
    assert set(values["item"]) == {"스마트도시 통신인프라 구축 (특별회계, 2021)"}
    assert set(values["record_type"]) == {"사업별 예산"}  # the glossary's name for budget_lines


def test_the_header_and_values_in_english(app_env: Path, served_con) -> None:
    doc = work_report_doc_id(served_con)
    [(line,)] = served_con.execute(
        "SELECT line_start FROM raw.budget_lines WHERE doc_id = ? AND program = '스마트도시 통신인프라 구축' "
        "AND table_kind = 'detail'",
        [doc],
    ).fetchall()
    at = run_page("sources", {"doc": doc, "line": str(line)}, lang="en")
    assert any("Unit: **천원**" in c.value for c in at.caption)
    [values] = frames_with(at, "field", "shown")
    assert dict(zip(values["field"], values["shown"], strict=True))["Budget"] == "KRW 50.43bn"


def test_a_line_of_prose_shows_its_values_and_no_table(app_env: Path, served_con) -> None:
    news = doc_id_titled(served_con, HEADLINE_ARTICLE)
    at = run_page("sources", {"doc": news, "line": "22"})
    assert not [c for c in at.caption if "표 안에" in c.value]
    [values] = frames_with(at, "field", "shown")
    shown = dict(zip(values["field"], values["shown"], strict=True))
    assert shown["금액"] == "3,703.0억원" and shown["사업 수"] == "1,431"


def test_the_table_context_of_plain_text() -> None:
    lines = [
        "□ 세출예산 집행현황",  # 1
        "(단위 : 천원)",  # 2
        "구 분\t예산현액\t지출액",  # 3
        "사업 가\t1,000\t500",  # 4
        "- 3 -",  # 5: a page number
        "",  # 6
        "구 분\t예산현액\t지출액",  # 7: the header repeated after the page break
        "사업 나\t2,000\t1,500",  # 8
        "이 표는 세출 예산입니다.",  # 9: prose
        "□ 인력 현황",  # 10
        "구 분\t정원\t현원",  # 11: another table, without a unit line
        "총무과\t10\t9",  # 12
        "3,703억 원을 투입한다고 밝혔다 12 34",  # 13: prose with figures
    ]
    covered = {4, 8, 12, 13}
    assert data.table_context(lines, 4, covered) == {"header_lines": [3], "unit": "천원", "unit_line": 2}
    # after a page break: the repeated header, and the unit stated above the table's first part
    assert data.table_context(lines, 8, covered) == {"header_lines": [7], "unit": "천원", "unit_line": 2}
    # the unit of the table above the title is not this table's
    assert data.table_context(lines, 12, covered) == {"header_lines": [11], "unit": None, "unit_line": None}
    assert data.table_context(lines, 13, covered) is None  # prose
    assert data.table_context(lines, 9, covered) is None  # no record read from it
    assert data.table_context(lines, 99, covered) is None


# --- Sources: links that point nowhere ------------------------------------------------------------------------


def test_an_unknown_document_says_so_and_opens_none(app_env: Path) -> None:
    at = run_page("sources", {"doc": "f" * 64, "line": "1007"})
    assert any("f" * 64 in w.value and "웨어하우스에 없습니다" in w.value for w in at.warning)
    assert at.selectbox[0].value is None
    assert not frames_with(at, "field", "shown") and not frames_with(at, "줄")


def test_a_line_past_the_end_says_so_and_shows_the_last(app_env: Path, served_con) -> None:
    doc = work_report_doc_id(served_con)
    [(n_lines,)] = served_con.execute(
        "SELECT line_count FROM marts.dim_document WHERE doc_id = ?", [doc]
    ).fetchall()
    at = run_page("sources", {"doc": doc, "line": "99999"})
    assert f"99999번째 줄은 없습니다: 이 문서는 {n_lines}줄이라 마지막 줄을 보여 줍니다." in [
        c.value for c in at.caption
    ]
    assert any(
        f'id="L{n_lines}" style="white-space:pre-wrap;background:#ffb74d;' in str(m.value)
        for m in at.markdown
    )


# --- document text stays text -------------------------------------------------------------------------------

IMAGE = "![p](http://attacker.invalid/x.png)"
HTML_IMAGE = '<img src="http://attacker.invalid/y.png">'


def test_stories_and_table_captions_treat_document_text_as_text(
    home_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A subject, a title and the lines quoted (a unit line among them) holding Markdown or HTML make
    no browser fetch anything."""
    from markdown_it import MarkdownIt

    con = duckdb.connect(str(home_copy / "warehouse.duckdb"))
    payload = f"{IMAGE} {HTML_IMAGE}"
    con.execute("UPDATE marts.fct_source_finding SET subject = ?", [payload])
    con.execute("UPDATE marts.dim_document SET title = ?", [payload])
    doc = work_report_doc_id(con)
    [(line,)] = con.execute(
        "SELECT line_start FROM raw.budget_lines WHERE doc_id = ? AND program = '스마트도시 통신인프라 구축' "
        "AND table_kind = 'detail'",
        [doc],
    ).fetchall()
    text = con.execute("SELECT text FROM raw.documents WHERE doc_id = ?", [doc]).fetchall()[0][0].split("\n")
    unit_line = next(n for n in range(line, 0, -1) if "단위" in text[n - 1])
    text[unit_line - 1] = f"(단위 : 천원) {payload}"
    con.execute("UPDATE raw.documents SET text = ? WHERE doc_id = ?", ["\n".join(text), doc])
    con.close()
    monkeypatch.setenv("ICTWH_HOME", str(home_copy))

    def fetches(markdown: str) -> bool:
        return "<img" in MarkdownIt("commonmark", {"html": True}).render(markdown)

    for at in (run_page("data_quality"), run_page("sources", {"doc": doc, "line": str(line)})):
        shown = [str(m.value) for m in at.markdown if 'id="L' not in str(m.value)]
        shown += [str(c.value) for c in at.caption] + [str(e.label) for e in at.expander]
        assert not [s for s in shown if fetches(s)]
        assert any("attacker" in s for s in shown)  # the words are still there, escaped
