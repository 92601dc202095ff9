"""News articles about yearly informatization plans -> typed records, with provenance.

`extract_news(text, ...)` is a pure function: it reads only the text it is given and the reference
tables shipped with the package (`seeds/reference/regions.csv`, `plan_labels.csv`). It recognises
the ways Korean news reports a public ICT plan:

- plan totals: `올해 1,045건 정보화 사업에 3,213억 원을 투자`, `정보화사업 3,213억 원(1,045건)`,
  with the prior year (`작년 대비 7%(3459억 원) 증가`) and jobs (`3,245개 일자리`);
- breakdowns: lists such as `기관별로는 ▴서울시 355건(1,562억 원) ▴25개 자치구 ...` or
  `CCTV 69건(316억 원), 와이파이(WiFi) 8건(241억 원), ...`, by institution / type / category / quarter;
- named programs: quoted names, `X 사업에 28억원을 투입`, `X(54억8900만원, 세무과)` bullet lists,
  `예산은 4억3000만원이다` continuing the sentence before;
- org budgets: `정보화기획단의 올해 예산은 766억7500만원 ... 시 전체 예산(23조5050억원)의 0.326%`;
- multi-year plans: `5년 동안 4,605억 원`, `(2016~2020)`, `「서울 디지털기본계획 2020」`, `4대 전략`,
  `54개 실행과제`;
- source findings: a headline figure that contradicts the body.

Page furniture (menus, bylines, share buttons, copyright, trailing unrelated articles) is cut
before any statement is read. See docs/extraction_news.md for the patterns and known limits.

The extractor is organised by stage: `segment.py` (where the article is), `figures.py` (amounts,
counts, percentages), `grammar.py` (how labels, counts and amounts bind), `meaning.py` (labels,
dimensions, scopes, year, region), `readers.py` (the statements), `build.py` (reconcile and
records). Lexicons are data (`orchestration/extract/lexicons/`, `seeds/reference/`).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from orchestration.extract.lexicons import NATIONAL, canonical_region
from orchestration.extract.news.build import assemble
from orchestration.extract.news.meaning import _NATIONAL, _doc_region, _fiscal_year, canonical_label
from orchestration.extract.news.readers import _read_line_lists, _Reader
from orchestration.extract.news.segment import _sections, segment_article
from orchestration.extract.news.state import NEWS_EXTRACTOR, NEWS_EXTRACTOR_VERSION, _State
from orchestration.extract.normalise import normalise_line
from orchestration.extract.records import Extraction
from orchestration.extract.text import normalise_ws

__all__ = ["NEWS_EXTRACTOR", "NEWS_EXTRACTOR_VERSION", "canonical_label", "extract_news"]


def extract_news(
    text: str,
    *,
    doc_id: str = "",
    published_on: date | None = None,
    region: str | None = None,
    strict: bool = False,
) -> Extraction:
    """A news article -> plan totals, breakdowns, named programs, org budgets, multi-year plans and
    source findings, each with its lines and source text. A bug on an odd article does not stop
    the run: it comes back in `errors` (the document is then quarantined), or raises when `strict`
    (tests). A text with nothing recognised comes back with `rejected` set."""
    try:
        return _extract(text or "", doc_id=doc_id, published_on=published_on, region=region)
    except Exception as exc:
        if strict:
            raise
        return Extraction(kind="news", errors=[f"news extractor failed: {type(exc).__name__}: {exc}"])


@lru_cache(maxsize=1 << 15)
def _normalised(line: str) -> str:
    """A line as the news readers read it: normalised, middle dots as written, whitespace collapsed.
    Cached: a pure function, and half the lines of a run of articles were seen before (blank
    lines, page furniture, lines reposted from article to article)."""
    return normalise_ws(normalise_line(line, dots=False))


def _extract(text: str, *, doc_id: str, published_on: date | None, region: str | None) -> Extraction:
    if not text.strip():
        return Extraction(kind="news", rejected="empty document")
    raw = text.splitlines()
    lines = [_normalised(line) for line in raw]

    headline_lines, body_lines = segment_article(lines)

    state = _State(lines=lines, raw=raw, published_on=published_on, fiscal_year=None)
    state.fiscal_year = _fiscal_year([lines[i] for i in headline_lines + body_lines], published_on)

    sections, has_sections = _sections(lines, body_lines)
    doc_region = canonical_region(region) or region
    if doc_region is None and _NATIONAL.search(" ".join(lines[i] for i in headline_lines + body_lines[:2])):
        doc_region = NATIONAL  # `전국 지자체 …`, `중앙행정기관·지자체 …`: figures of the whole country
    if doc_region is None and not has_sections:
        doc_region = _doc_region(lines, headline_lines, body_lines)

    reader = _Reader(state, doc_region, sections)
    listed = _read_line_lists(state, body_lines, doc_region)
    for i in body_lines:
        if i not in listed:
            reader.read_line(i)
    for i in headline_lines:
        reader.read_line(i, headline=True)
    for t in state.totals:  # a headline that names no region speaks of the document's
        t.region = t.region or doc_region

    result = assemble(state, doc_id, headline_lines, body_lines, doc_region)
    article = set(headline_lines) | set(body_lines)
    result.outside = {i + 1 for i in range(len(lines)) if i not in article and lines[i]}
    return result
