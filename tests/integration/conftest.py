"""A warehouse with budget statements: the shipped corpus states none (its news articles state plans,
and the work report's tables are read by its own extractor), so this one adds a council's minutes
that state budget execution, and makes the news extractor fail on the 2023 article."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import seed_path

# Our own text in the layout of a council's settlement minutes: a summary table under a unit line,
# then one sentence per subject (a department, two programs of the work report, one it lacks).
MINUTES = """제303회 서울특별시의회 행정자치위원회 회의록
2021회계연도 결산 제안설명
○스마트도시정책관 2021회계연도 세출 결산에 대하여 말씀드리겠습니다.
□ 세출 결산 총괄
(단위 : 천원)
구분 예산현액 지출액 집행잔액
합계 28,631,222 20,443,267 8,187,955
일반회계 28,631,222 20,443,267 8,187,955
스마트도시담당관의 예산현액은 286억 3122만 2000원이며 지출액은 204억 4326만 7000원입니다.
스마트도시 통신인프라 구축 사업의 예산현액은 504억 2839만 8000원 중 지출액은 21억 9469만 4000원이고 이월액은 480억원입니다.
서울서베이 사업은 지출액 48억 2000만원, 불용액 2억 1025만원입니다.
시민참여 홍보 사업은 지출액 3억 2000만원, 집행잔액 4800만원입니다.
이상으로 결산 제안설명을 마치겠습니다.
"""
MINUTES_FILE = "minutes_2021_settlement.txt"
MINUTES_META = {
    "title": "제303회 행정자치위원회 회의록 (2021회계연도 결산)",
    "publisher": "서울특별시의회",
    "published_on": "2022-06-10",
    "kind": "council_minutes",
    "region": "서울특별시",
}
# The news extractor raises on the 2023 article (its headline's 303억원): that document is
# quarantined with the error, the others publish.
FAILING_MARKER = "303억원"
INJECTED_ERROR = "injected failure for the test"


def statements_corpus(tmp: Path) -> Path:
    docs = tmp / "documents"
    docs.mkdir()
    for prefix in ("001", "004"):  # the 2023 article and the work report (programs, departments)
        src = seed_path(prefix)
        shutil.copy(src, docs / src.name)
        shutil.copy(src.with_name(src.stem + ".meta.json"), docs)
    (docs / MINUTES_FILE).write_text(MINUTES, encoding="utf-8")
    (docs / MINUTES_FILE.replace(".txt", ".meta.json")).write_text(
        json.dumps(MINUTES_META, ensure_ascii=False), encoding="utf-8"
    )
    return docs


@pytest.fixture(scope="session")
def statements_warehouse(tmp_path_factory: pytest.TempPathFactory, dbt_manifest: Path):
    """Settings of a warehouse built from the article, the work report and the minutes, with the
    news extractor raising on the article; the build's outcome beside them."""
    from orchestration.cli import run_build
    from orchestration.extract import news
    from orchestration.settings import load_settings

    tmp = tmp_path_factory.mktemp("statements")
    settings = load_settings(documents_dir=statements_corpus(tmp), home=tmp / "home")
    real = news._extract

    def failing(text, **kw):
        if FAILING_MARKER in text:
            raise RuntimeError(INJECTED_ERROR)
        return real(text, **kw)

    mp = pytest.MonkeyPatch()
    mp.setattr(news, "_extract", failing)
    try:
        outcome = run_build(settings, quiet=True)
    finally:
        mp.undo()
    assert outcome.published, outcome.failures
    return settings, outcome
