"""The language is the reader's: `?lang=en` in any URL, kept across pages and in every link."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, PAGES


def run(path: Path, **params: str) -> AppTest:
    at = AppTest.from_file(str(path), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_entry_point_opens_the_overview_in_korean(app_env: Path) -> None:
    at = run(APP / "Home.py")
    assert at.title[0].value == "개요"
    assert "문서" in [m.label for m in at.metric]


def test_lang_in_the_url_switches_every_label(app_env: Path) -> None:
    at = run(APP / "Home.py", lang="en")
    assert at.title[0].value == "Overview"
    assert "Documents" in [m.label for m in at.metric]
    assert at.toggle[0].value is True  # the sidebar toggle agrees with the URL


def test_links_carry_the_language_so_a_new_tab_keeps_it(app_env: Path) -> None:
    at = run(PAGES["sources"], lang="en")
    links = [v for df in at.dataframe if "link" in df.value.columns for v in df.value["link"].dropna()]
    assert links and all(v.endswith("&lang=en") or "&lang=en&" in v or "lang=en" in v for v in links)
    korean = run(PAGES["sources"])
    links = [v for df in korean.dataframe if "link" in df.value.columns for v in df.value["link"].dropna()]
    assert links and not any("lang=" in v for v in links)


def test_the_sidebar_names_no_server_path(app_env: Path) -> None:
    at = run(APP / "Home.py")
    captions = " ".join(str(c.value) for c in at.sidebar.caption)
    assert str(app_env) not in captions and "warehouse.duckdb" not in captions
    assert "KST" in captions  # when the data were published, in Korean time


def test_english_translates_the_marts_codes(app_env: Path) -> None:
    """완료 / 추진중 and 일반회계 are codes of the marts: English shows their translation."""
    audits = run(PAGES["audits"], lang="en")
    labels = [m.label for m in audits.metric]
    assert "Completed" in labels and "In progress" in labels and "완료" not in labels
    departments = run(PAGES["departments"], lang="en")
    accounts = [
        v for df in departments.dataframe if "account" in df.value.columns for v in df.value["account"]
    ]
    assert "General account" in accounts and "일반회계" not in accounts
    korean = run(PAGES["audits"])
    assert "완료" in [m.label for m in korean.metric]
