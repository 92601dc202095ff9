"""The HTML reader on our own documents published as Korean news pages in four layouts (semantic
tags; a local paper's CMS with related articles inside the article's container; a portal with the
article split around an ad and a long comment thread; a 2000s page laid out in tables, in EUC-KR):
the article's lines and cells come back as the .txt has them, the furniture does not, the meta tags
give title, date and publisher, and pages with no article are refused.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from orchestration.ingest.decode import RejectedInput
from orchestration.ingest.formats.html import read_html
from orchestration.ingest.formats.model import SourceDocument
from tests.formats_support.render import LAYOUTS, SCRIPT_TEXT, encode_page, furniture, text_to_html

LABELLED = Path(__file__).resolve().parent.parent / "fixtures" / "labelled"
NEWS = "n_daegu-2013-wire-institutions"  # a wire story: byline, figures, 끝 and copyright lines
SETTLEMENT = "m_gyeonggi-assembly-2020-settlement-review-tabs"  # three tables under (단위: 천원, %)
META = {"published": "2013-01-17T11:20:00+09:00", "publisher": "대구예시일보", "reporter": "홍길동"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _source(name: str) -> tuple[str, list[str], list[list[list[str]]]]:
    text = (LABELLED / f"{name}.txt").read_text(encoding="utf-8")
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    in_table = False
    for line in text.split("\n"):
        cells = line.split("\t")
        if len(cells) >= 2:
            if not in_table:
                tables.append([])
            tables[-1].append([_norm(c) for c in cells])
        elif _norm(line):
            lines.append(_norm(line))
        in_table = len(cells) >= 2
    return text, lines, tables


def _paragraph_lines(doc: SourceDocument) -> list[str]:
    in_tables = {n for t in doc.tables for n in range(t.line_start, t.line_end + 1)}
    return [
        _norm(line) for n, line in enumerate(doc.text.split("\n"), 1) if n not in in_tables and _norm(line)
    ]


def _extra_lines(got: list[str], expected: list[str]) -> list[str] | None:
    """The lines of `got` besides `expected`, or None when `expected` is not all in `got` in order."""
    extra: list[str] = []
    i = 0
    for line in got:
        if i < len(expected) and line == expected[i]:
            i += 1
        else:
            extra.append(line)
    return extra if i == len(expected) else None


def _page(name: str, layout: str, **kwargs: str) -> bytes:
    text, lines, _ = _source(name)
    charset = "euc-kr" if layout == "legacy" else "utf-8"
    page = text_to_html(
        text, title=lines[0], chrome=True, layout=layout, charset=charset, **{**META, **kwargs}
    )
    return encode_page(page)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", [NEWS, SETTLEMENT])
def test_article_lines_and_cells_come_back_and_furniture_does_not(name: str, layout: str) -> None:
    text, lines, tables = _source(name)
    doc = read_html(_page(name, layout))
    assert doc.format == "html" and not doc.ocr
    got = _paragraph_lines(doc)
    assert got[0] == lines[0]  # the headline (the page's title), then the body
    # every line of the source in its order; besides them only the 2000s layout's `기사입력 <date>`
    # line, which sits in the article's own block there (no <h1>, no byline element)
    extra = _extra_lines(got, lines)
    assert extra is not None and set(extra) <= (
        {f"기사입력 {META['published'][:10]}"} if layout == "legacy" else set()
    )
    assert [[list(r) for r in t.rows] for t in doc.tables] == tables
    leaked = [f for f in furniture() if f in doc.text and f not in text]
    assert leaked == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_meta_tags_give_title_date_and_publisher(layout: str) -> None:
    doc = read_html(_page(NEWS, layout))
    assert doc.title == "대구시 올해 정보화사업 356건 301억원…21일 설명회"
    assert doc.published == "2013-01-17"
    assert doc.publisher == "대구예시일보"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_table_units_and_headers(layout: str) -> None:
    doc = read_html(_page(SETTLEMENT, layout))
    assert [t.unit for t in doc.tables] == ["천원", "천원", "천원"]
    assert [t.header_rows for t in doc.tables] == [1, 1, 1]
    assert doc.tables[0].rows[1][:2] == ("계", "48,326,410")


def test_euc_kr_page_is_decoded_cp949_characters_included() -> None:
    text = "\n".join([*_source(NEWS)[0].split("\n")[:6], "담당 주무관 김똠이(053-803-2741)의 설명이다."])
    data = encode_page(text_to_html(text, title="대구시 정보화사업", chrome=True, charset="euc-kr", **META))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = read_html(data)
    assert "담당 주무관 김똠이(053-803-2741)의 설명이다." in doc.text.split("\n")
    assert "대구시는 시 본청과 사업소" in doc.text


def test_charset_declared_by_http_equiv_only() -> None:
    body = "<p>충남도는 내년 정보화사업 1,184개에 1,627억원을 투입한다고 밝혔다.</p>"
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
        f"<title>충남 정보화사업</title></head><body><div>{body}</div></body></html>"
    )
    doc = read_html(page.encode("cp949"))
    assert "충남도는 내년 정보화사업 1,184개에 1,627억원을 투입한다고 밝혔다." in doc.text


def test_utf8_page_that_declares_euc_kr_is_read_as_utf8() -> None:
    page = text_to_html(_source(NEWS)[0], title="x", chrome=True, charset="euc-kr", **META)
    doc = read_html(page.encode("utf-8"))
    assert "대구시는 시 본청과 사업소" in doc.text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_page_with_only_furniture_is_rejected(layout: str) -> None:
    page = encode_page(text_to_html("", title="대구시 정보화사업 설명회", chrome=True, layout=layout, **META))
    with pytest.raises(RejectedInput, match=r"^HTML page with no article text$"):
        read_html(page)


def test_scripts_and_styles_inside_the_article_never_reach_the_text() -> None:
    page = text_to_html(_source(NEWS)[0], title="x", chrome=True, **META)
    injected = (
        f'<script>document.write("<p>{SCRIPT_TEXT}</p>");</script>'
        "<style>.x::after { content: '스타일이쓴문장 777억원'; }</style>"
        "<noscript><p>자바스크립트를 켜면 보이는 문장 555억원입니다.</p></noscript>"
    )
    page = page.replace('itemprop="articleBody">', f'itemprop="articleBody">{injected}', 1)
    doc = read_html(page.encode("utf-8"))
    assert "대구시는 시 본청과 사업소" in doc.text
    for hidden in (SCRIPT_TEXT, "document.write", "스타일이쓴문장", "555억원"):
        assert hidden not in doc.text


def test_external_entities_are_not_resolved() -> None:
    page = (
        '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY leak SYSTEM "file:///etc/passwd">]>\n'
        "<html><body><article><p>대구시는 올해 정보화사업 356건에 301억원을 투입한다고 밝혔다.</p>"
        "<p>&leak; 설명회는 21일 열린다.</p></article></body></html>"
    )
    doc = read_html(page.encode("utf-8"))
    assert "대구시는 올해 정보화사업 356건에 301억원을 투입한다고 밝혔다." in doc.text
    assert "root:" not in doc.text and "]>" not in doc.text


def test_no_network_is_touched(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    page = _page(NEWS, "modern").replace(
        b"</head>", b'<link rel="stylesheet" href="http://10.0.0.1/a.css"></head>'
    )
    assert "대구시는 시 본청과 사업소" in read_html(page).text


def test_header_rows_and_spans_from_the_page_table() -> None:
    table = (
        "<table><thead>"
        '<tr><th rowspan="2">구 분</th><th colspan="2">2022년</th><th colspan="2">2023년</th></tr>'
        "<tr><th>사업수</th><th>예산액</th><th>사업수</th><th>예산액</th></tr>"
        "</thead><tbody>"
        "<tr><td>본청</td><td>98</td><td>15,200</td><td>104</td><td>16,900</td></tr>"
        "<tr><td>사업소</td><td>41</td><td>2,300</td><td>39</td><td>2,150</td></tr>"
        "</tbody></table>"
    )
    page = (
        "<html><head><title>정보화사업 현황</title></head><body><article>"
        "<p>대구시의 연도별 정보화사업 현황은 다음과 같다.</p><p>(단위: 백만원)</p>"
        f"{table}<p>자료는 시 정보화담당관실이 집계했다.</p></article></body></html>"
    )
    doc = read_html(page.encode("utf-8"))
    (got,) = doc.tables
    assert got.header_rows == 2 and got.unit == "백만원"
    assert got.rows == (
        ("구 분", "2022년", "", "2023년", ""),
        ("", "사업수", "예산액", "사업수", "예산액"),
        ("본청", "98", "15,200", "104", "16,900"),
        ("사업소", "41", "2,300", "39", "2,150"),
    )


def test_a_table_exported_from_hwp_stays_a_table() -> None:
    """Hangul's HTML export wraps every cell's text in paragraphs; that is not a layout table."""

    def cell(*lines: str) -> str:
        return "<td>" + "".join(f'<p class="HStyle0">{line}</p>' for line in lines) + "</td>"

    rows = [
        ("구 분", "예산액", "집행액"),
        ("스마트도시 통합플랫폼", "1,200,000", "845,300"),
        ("공공와이파이 확충", "640,000", "211,000"),
    ]
    table = "<table border=1>" + "".join(
        "<tr>" + cell(name, "(정보화담당관)") + "".join(cell(v) for v in values) + "</tr>" for name, *values in rows
    ) + "</table>"  # fmt: skip
    page = (
        '<html><head><meta charset="utf-8"><title>결산 검토</title></head><body>'
        '<p class="HStyle0">2023회계연도 주요사업 집행 현황은 다음과 같다.</p>'
        f'<p class="HStyle0">(단위: 천원)</p>{table}</body></html>'
    )
    (got,) = read_html(page.encode("utf-8")).tables
    assert got.unit == "천원"
    assert got.rows[1] == ("스마트도시 통합플랫폼 (정보화담당관)", "1,200,000", "845,300")


@pytest.mark.parametrize(
    ("head", "published"),
    [
        ('<meta property="article:published_time" content="2010-02-17T18:42:00+09:00">', "2010-02-17"),
        ('<meta name="pubdate" content="2010.02.17 18:42">', "2010-02-17"),
        ('<script type="application/ld+json">{"datePublished": "20100217"}</script>', "2010-02-17"),
        ('<meta property="article:published_time" content="2010-02-31">', None),
        ("", None),
    ],
)
def test_published_date_from_meta_tags(head: str, published: str | None) -> None:
    page = (
        f'<html><head><meta charset="utf-8">{head}<meta property="og:site_name" content="IT예시뉴스">'
        "<title>대전시, 152개 정보화사업에 214억 푼다 - IT예시뉴스</title></head><body><article>"
        "<p>대전시는 올해 152개 정보화사업에 모두 214억3000만원을 책정했다고 17일 밝혔다.</p>"
        "</article></body></html>"
    )
    doc = read_html(page.encode("utf-8"))
    assert doc.published == published
    assert doc.title == "대전시, 152개 정보화사업에 214억 푼다"  # the site's name cut off the <title>
    assert doc.text.split("\n")[0] == doc.title


@pytest.mark.parametrize(
    "data",
    [b"", bytes(range(256)) * 50, b"<html><body></body></html>", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64],
    ids=["empty", "binary", "empty-body", "png"],
)
def test_pages_with_nothing_to_read_are_rejected(data: bytes) -> None:
    with pytest.raises(RejectedInput):
        read_html(data)
