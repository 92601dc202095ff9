"""The app's pure formatting helpers (app/format.py) and the launcher's command line (app/launch.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from app import format as fmt
from app import launch


@pytest.mark.parametrize(
    ("krw", "lang", "expected"),
    [
        (321_300_000_000, "ko", "3,213.0억원"),
        (168_338_280_000, "ko", "1,683.4억원"),
        (168_338_280_000, "en", "KRW 168.34bn"),
        (-16_503_328_000, "ko", "-165.0억원"),
        (0, "ko", "0.0억원"),
        (None, "ko", "–"),
        (math.nan, "en", "–"),
        (pd.NA, "ko", "–"),
    ],
)
def test_format_eok(krw, lang, expected) -> None:
    assert fmt.format_eok(krw, lang) == expected


def test_format_eok_digits() -> None:
    assert fmt.format_eok(370_300_000_000, digits=0) == "3,703억원"
    assert fmt.format_eok(370_300_000_000, "en", digits=0) == "KRW 370.3bn"


def test_format_million_and_money() -> None:
    assert fmt.format_million(90_548_000) == "91백만원"
    assert fmt.format_million(90_548_000, "en") == "KRW 91M"
    # 억원 from 1억 up, 백만원 below
    assert fmt.format_money(2_596_258_000) == "26.0억원"
    assert fmt.format_money(99_999_999) == "100백만원"
    assert fmt.format_money(100_000_000) == "1.0억원"
    assert fmt.format_money(0) == "0백만원"
    assert fmt.format_money(None) == "–"


def test_unit_conversions() -> None:
    assert fmt.eok(50_428_398_000) == pytest.approx(504.28398)
    assert fmt.million(50_428_398_000) == pytest.approx(50_428.398)
    assert fmt.eok(None) is None
    assert fmt.million(pd.NA) is None


def test_format_krw_exact() -> None:
    assert fmt.format_krw(50_428_398_000) == "50,428,398,000원"
    assert fmt.format_krw(50_428_398_000, "en") == "KRW 50,428,398,000"
    assert fmt.format_krw(-2_259_716_000.0) == "-2,259,716,000원"
    assert fmt.format_krw(None) == "–"


def test_format_rate_and_count() -> None:
    assert fmt.format_rate(0.051) == "5.1%"
    assert fmt.format_rate(0.541) == "54.1%"
    assert fmt.format_rate(1.0) == "100.0%"
    assert fmt.format_rate(-0.166) == "-16.6%"
    assert fmt.format_rate(0.00326, digits=3) == "0.326%"
    assert fmt.format_rate(None) == "–"
    assert fmt.format_count(52) == "52건"
    assert fmt.format_count(1431, "en") == "1,431"


def test_source_link() -> None:
    assert fmt.source_link("abc123", 1007) == "/Sources?doc=abc123&line=1007"
    assert fmt.source_link("abc123") == "/Sources?doc=abc123"
    assert fmt.source_link("abc123", pd.NA) == "/Sources?doc=abc123"
    assert fmt.source_link("abc", 12.0) == "/Sources?doc=abc&line=12"
    assert fmt.source_link(None, 3) is None
    assert fmt.source_link("a b&c", 1) == "/Sources?doc=a+b%26c&line=1"  # quoted, never raw


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1007", 1007),
        (" 12 ", 12),
        (["5"], 5),
        ("0", None),
        ("-3", None),
        ("x", None),
        (None, None),
        ([], None),
    ],
)
def test_parse_line(value, expected) -> None:
    assert fmt.parse_line(value) == expected


def test_labels_in_both_languages() -> None:
    assert fmt.label("programs") == "사업"
    assert fmt.label("programs", "en") == "Programs"
    assert fmt.label("open_n", "ko", n=20) == "미완료 20건"
    assert fmt.label("open_n", "en", n=20) == "20 open"
    assert fmt.label("no-such-key", "en") == "no-such-key"
    for key, (ko, en) in fmt.LABELS.items():
        assert ko and en, key


def test_highlight_lines_html() -> None:
    lines = ["제목", "가\t1,000", "<b>나</b>", ""]
    html = fmt.highlight_lines_html(lines, marked={2}, focus=3)
    assert html.count('<div id="L') == 4
    assert 'id="L2" style="white-space:pre-wrap;background:#fff3b0;"' in html
    assert 'id="L3" style="white-space:pre-wrap;background:#ffb74d;"' in html
    assert "&lt;b&gt;나&lt;/b&gt;" in html  # document text is escaped
    assert "가    1,000" in html
    window = fmt.highlight_lines_html(lines, set(), start=2, end=3)
    assert 'id="L1"' not in window and 'id="L2"' in window and 'id="L4"' not in window


def test_launch_command(monkeypatch: pytest.MonkeyPatch) -> None:
    assert launch.is_headless({"STREAMLIT_SERVER_HEADLESS": "true"})
    assert not launch.is_headless({})
    cmd = launch.streamlit_command(8599, headless=True)
    assert cmd[1:4] == ["-m", "streamlit", "run"]
    assert cmd[4].endswith("app/Home.py")
    assert cmd[cmd.index("--server.port") + 1] == "8599"
    assert cmd[cmd.index("--server.headless") + 1] == "true"
    assert cmd[cmd.index("--client.toolbarMode") + 1] == "viewer"  # no Deploy button, no developer menu
    assert "--server.headless" not in launch.streamlit_command(8599, headless=False)

    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    env = launch.child_env("/tmp/some-home")
    assert env["PYTHONPATH"].split(":")[:2] == [str(launch.PROJECT_ROOT), "/somewhere"]
    assert env["ICTWH_HOME"] == "/tmp/some-home"


def test_source_links_keep_the_language() -> None:
    assert fmt.source_link("ab" * 10, 7, lang="ko") == f"/Sources?doc={'ab' * 10}&line=7"
    assert fmt.source_link("ab" * 10, 7, lang="en") == f"/Sources?doc={'ab' * 10}&line=7&lang=en"
    assert fmt.source_link("ab" * 10, 7) == f"/Sources?doc={'ab' * 10}&line=7"  # outside a page: Korean


def test_times_are_shown_in_korea_standard_time() -> None:
    from datetime import UTC, datetime

    assert fmt.kst(datetime(2026, 11, 29, 15, 30)) == "2026-11-30 00:30 KST"  # stored times are UTC
    assert fmt.kst(datetime(2026, 11, 29, 15, 30, tzinfo=UTC)) == "2026-11-30 00:30 KST"
    assert fmt.kst(None) == "–"


def test_codes_read_in_either_language_from_the_glossary() -> None:
    assert fmt.code("doc_status", "quarantined", "ko") == "보류됨 (검토 필요)"
    assert fmt.code("doc_status", "quarantined", "en") == "Held back (needs review)"
    assert fmt.code("audit_status", "완료", "en") == "Completed"
    assert fmt.code("account", "일반회계", "en") == "General account"
    assert fmt.code("record_type", "budget_lines", "ko") == "사업별 예산"
    assert fmt.code("audit_status", "새 상태", "en") == "새 상태"  # unknown: shown as it is
    assert fmt.code("audit_status", None, "en") == "–"


def test_every_glossary_entry_has_both_languages_and_no_code_twice() -> None:
    import csv

    rows = list(csv.DictReader((fmt.Path(fmt.__file__).with_name("glossary.csv")).open(encoding="utf-8")))
    assert rows and all(r["ko"].strip() and r["en"].strip() for r in rows)
    keys = [(r["kind"], r["code"]) for r in rows]
    assert len(keys) == len(set(keys))
    # English never shows Hangul
    assert not [r for r in rows if any("가" <= ch <= "힣" for ch in r["en"])]


def test_empty_text_cells_read_as_a_dash_and_numbers_stay_numbers() -> None:
    df = pd.DataFrame({"name": ["a", None], "amount": [1.0, None]})
    shown = fmt.blank_as_dash(df)
    assert list(shown["name"]) == ["a", "–"]
    assert shown["amount"].dtype.kind == "f" and pd.isna(shown["amount"][1])


def test_downloads_have_the_page_headers_a_bom_and_absolute_links() -> None:
    import streamlit as st

    df = pd.DataFrame(
        {"program": ["스마트도시 통신인프라 구축"], "budget_krw": [1], "link": ["/Sources?doc=ab&line=3"]}
    )
    config = {
        "program": "사업",
        "budget_krw": st.column_config.NumberColumn("예산(원)"),
        "link": st.column_config.LinkColumn("원문 줄"),
    }
    data = fmt.download_csv(df, config, "http://127.0.0.1:8501/Programs?lang=ko")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Korean Excel reads Hangul
    text = data.decode("utf-8-sig").splitlines()
    assert text[0] == "사업,예산(원),원문 줄"
    assert text[1] == "스마트도시 통신인프라 구축,1,http://127.0.0.1:8501/Sources?doc=ab&line=3"
    # without the page's address (no browser session) the links stay as the page has them
    assert (
        fmt.download_csv(df, config).decode("utf-8-sig").splitlines()[1].endswith(",/Sources?doc=ab&line=3")
    )
